/* rdp-test-codec.c: what the codec tests check of every decoder
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "rdp-error.h"
#include "rdp-test-codec.h"

void
rdp_test_assert_invalid_data (GError *error)
{
  g_assert_error (error, RDP_ERROR, RDP_ERROR_INVALID_DATA);
  g_assert_nonnull (error->message);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_cmpstr (error->message, !=, "");
}

void
rdp_test_garble (guint8 *data,
                 gsize   length)
{
  guint flips = g_test_rand_int_range (1, 4), i;

  for (i = 0; i < flips; i++)
    {
      gsize at = g_test_rand_int_range (0, (gint32) length);

      if (g_test_rand_bit ())
        data[at] ^= (guint8) g_test_rand_int_range (1, 256);
      else
        data[at] = (guint8) g_test_rand_int_range (0, 256);
    }
}

void
rdp_test_check_prefixes (const guint8   *data,
                         gsize           length,
                         RdpTestTryFunc  try_func)
{
  gsize n;

  for (n = 0; n < length; n++)
    {
      g_autofree guint8 *copy = g_memdup2 (data, n);
      GError *error = NULL;

      if (try_func (copy, n, &error))
        g_error ("a prefix of %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT " bytes decoded", n, length);
      rdp_test_assert_invalid_data (error);
      g_clear_error (&error);
    }
}

guint
rdp_test_check_garbled (const guint8   *data,
                        gsize           length,
                        RdpTestTryFunc  try_func,
                        guint           rounds)
{
  guint round, decoded = 0;

  for (round = 0; round < rounds; round++)
    {
      g_autofree guint8 *copy = g_memdup2 (data, length);
      GError *error = NULL;

      rdp_test_garble (copy, length);
      if (try_func (copy, length, &error))
        decoded++;
      else
        {
          rdp_test_assert_invalid_data (error);
          g_clear_error (&error);
        }
    }
  return decoded;
}
