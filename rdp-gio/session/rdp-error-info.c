/* rdp-error-info.c: what a server's Set Error Info code means
 * ([MS-RDPBCGR] 2.2.5.1.1), in words a user understands
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rdp-error-info-private.h"
#include "rdp-i18n-private.h"

char *
rdp_error_info_to_string (guint32 code)
{
  const char *text = NULL;

  switch (code)
    {
    case 0x00000001: text = _("An administrator disconnected the session"); break;
    case 0x00000002: text = _("The session was logged off by an administrator"); break;
    case 0x00000003: text = _("The session was disconnected because it was idle for too long (idle timeout)"); break;
    case 0x00000004: text = _("The session reached its time limit"); break;
    case 0x00000005: text = _("Another user connected to the session"); break;
    case 0x00000006: text = _("The server ran out of memory"); break;
    case 0x00000007: text = _("The server denied the connection"); break;
    case 0x00000009: text = _("The user may not log on to this server"); break;
    case 0x0000000a: text = _("The server requires the user to log on again"); break;
    case 0x0000000b: text = _("The user disconnected the session on the server"); break;
    case 0x0000000c: text = _("The user logged off"); break;
    case 0x0000000f: text = _("The server's display driver was not ready"); break;
    case 0x00000010: text = _("The server's desktop window manager crashed"); break;
    case 0x00000100: text = _("The server's licensing failed (internal error)"); break;
    case 0x00000101: text = _("No license server was available"); break;
    case 0x00000102: text = _("No license was available for this client"); break;
    case 0x00000105: text = _("The client's license is not valid"); break;
    case 0x00000107: text = _("The client's license has expired"); break;
    case 0x00000400: text = _("The connection broker did not find the session"); break;
    default: break;
    }
  if (text != NULL)
    return g_strdup_printf ("%s (0x%08x)", text, (guint) code);
  if (code >= 0x000010c9 && code <= 0x00001195)
    return g_strdup_printf (_("The server found an error in what the client sent (error info 0x%08x)"),
                            (guint) code);
  return g_strdup_printf (_("The server ended the session (error info 0x%08x)"), (guint) code);
}
