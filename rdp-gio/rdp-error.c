/* rdp-error.c: the RDP_ERROR domain and message translation
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <libintl.h>

#include "rdp-error.h"
#include "rdp-error-private.h"
#include "rdp-i18n-private.h"

/**
 * rdp_error_quark:
 *
 * Gets the error domain of rdp-gio; see %RDP_ERROR.
 *
 * Returns: the quark of the %RDP_ERROR domain
 */
GQuark
rdp_error_quark (void)
{
  static gsize quark = 0;

  /* An extended error domain: see rdp-error-details.c */
  if (g_once_init_enter (&quark))
    g_once_init_leave (&quark, rdp_error_register_domain ());
  return (GQuark) quark;
}

static gpointer
bind_domain (gpointer data)
{
  bindtextdomain (GETTEXT_PACKAGE, RDP_GIO_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  return NULL;
}

const char *
rdp_gettext (const char *msgid)
{
  static GOnce once = G_ONCE_INIT;

  g_once (&once, bind_domain, NULL);
  return g_dgettext (GETTEXT_PACKAGE, msgid);
}
