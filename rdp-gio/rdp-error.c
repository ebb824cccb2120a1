/* rdp-error.c: the RDP_ERROR domain and message translation
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <libintl.h>

#include "rdp-error.h"
#include "rdp-i18n-private.h"

/**
 * rdp_error_quark:
 *
 * Gets the error domain of rdp-gio; see %RDP_ERROR.
 *
 * Returns: the quark of the %RDP_ERROR domain
 */
G_DEFINE_QUARK (rdp-error-quark, rdp_error)

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
