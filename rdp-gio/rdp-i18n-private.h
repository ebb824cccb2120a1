/* rdp-i18n-private.h: translation of user-visible messages
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

#define _(msgid) rdp_gettext (msgid)
#define N_(msgid) (msgid)

const char *rdp_gettext (const char *msgid) G_GNUC_FORMAT (1);
