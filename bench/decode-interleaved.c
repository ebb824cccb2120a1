/* bench/decode-interleaved.c: the interleaved rows of bench/decode.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "decode.h"

void
bench_interleaved (GArray *rows, gboolean quick)
{
  /* not written yet */
}
