/* rdp-error-info-private.h: what a server's Set Error Info code means
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Translated text for a Set Error Info code ([MS-RDPBCGR] 2.2.5.1.1), for
 * the connection sequence and the active stage alike. */
char *rdp_error_info_to_string (guint32 code);

G_END_DECLS
