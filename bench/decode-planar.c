/* bench/decode-planar.c: the planar rows of bench/decode.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "decode.h"

void
bench_planar (GArray *rows, gboolean quick)
{
  /* not written yet */
}
