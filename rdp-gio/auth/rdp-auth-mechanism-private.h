/* rdp-auth-mechanism-private.h: the one small interface between CredSSP and
 * the security mechanism under it (NTLM today, Kerberos later)
 *
 * A mechanism is sans-I/O: tokens in, tokens out. CredSSP
 * (rdp-credssp.c) calls step() with NULL first and then with every token
 * the server sends, until is_complete(); then it protects its own messages
 * (the public-key binding, the credentials) with wrap() and checks the
 * server's with unwrap(). A mechanism never sees a TSRequest.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _RdpAuthMechanism RdpAuthMechanism;

typedef struct {
  /* for messages: "NTLM", "Kerberos" */
  const char *name;
  /* The next token to send, given the server's last one (NULL at the
   * start). NULL with @error set on failure; an empty GBytes when the
   * mechanism has nothing more to send. */
  GBytes   *(*step)        (RdpAuthMechanism *self,
                            GBytes           *input,
                            GError          **error);
  /* TRUE once the security context is established (wrap() works). */
  gboolean  (*is_complete) (RdpAuthMechanism *self);
  /* GSS_WrapEx: the signature/header followed by the sealed @plaintext,
   * in one buffer (what CredSSP puts into pubKeyAuth and authInfo). */
  GBytes   *(*wrap)        (RdpAuthMechanism *self,
                            GBytes           *plaintext,
                            GError          **error);
  /* GSS_UnwrapEx: the plaintext (a self-wiping GBytes), or NULL with an
   * error if the message fails its integrity check. */
  GBytes   *(*unwrap)      (RdpAuthMechanism *self,
                            GBytes           *message,
                            GError          **error);
  void      (*free)        (RdpAuthMechanism *self);
} RdpAuthMechanismClass;

struct _RdpAuthMechanism {
  const RdpAuthMechanismClass *klass;
};

static inline GBytes *
rdp_auth_mechanism_step (RdpAuthMechanism *self,
                         GBytes           *input,
                         GError          **error)
{
  return self->klass->step (self, input, error);
}

static inline gboolean
rdp_auth_mechanism_is_complete (RdpAuthMechanism *self)
{
  return self->klass->is_complete (self);
}

static inline GBytes *
rdp_auth_mechanism_wrap (RdpAuthMechanism *self,
                         GBytes           *plaintext,
                         GError          **error)
{
  return self->klass->wrap (self, plaintext, error);
}

static inline GBytes *
rdp_auth_mechanism_unwrap (RdpAuthMechanism *self,
                           GBytes           *message,
                           GError          **error)
{
  return self->klass->unwrap (self, message, error);
}

static inline void
rdp_auth_mechanism_free (RdpAuthMechanism *self)
{
  if (self != NULL)
    self->klass->free (self);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdpAuthMechanism, rdp_auth_mechanism_free)

G_END_DECLS
