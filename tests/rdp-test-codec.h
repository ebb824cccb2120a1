/* rdp-test-codec.h: what the codec tests check of every decoder
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A decoder under test: decodes @data (and what it carries), re-encodes what
 * it decoded when that worked, and frees everything. */
typedef gboolean (*RdpTestTryFunc) (const guint8 *data,
                                    gsize         length,
                                    GError      **error);

/* @error is RDP_ERROR_INVALID_DATA with a non-empty UTF-8 message. */
void  rdp_test_assert_invalid_data (GError       *error);

/* Changes one to three random bytes of @data (g_test_rand_*). */
void  rdp_test_garble              (guint8       *data,
                                    gsize         length);

/* Every proper prefix of @data, each in its own exact-size heap copy so that
 * AddressSanitizer sees an over-read, fails with RDP_ERROR_INVALID_DATA. */
void  rdp_test_check_prefixes      (const guint8   *data,
                                    gsize           length,
                                    RdpTestTryFunc  try_func);

/* @rounds garbled copies of @data each decode or fail with
 * RDP_ERROR_INVALID_DATA, and never crash. Returns how many decoded. */
guint rdp_test_check_garbled       (const guint8   *data,
                                    gsize           length,
                                    RdpTestTryFunc  try_func,
                                    guint           rounds);

G_END_DECLS
