/* bench/decode: megapixels per second of rdp-gio's bitmap decoders beside
 * FreeRDP's on the same frames, in the same run, and their ratio.
 *
 *   meson setup build-bench --buildtype=release
 *   ninja -C build-bench bench/decode && ./build-bench/bench/decode
 *
 * It prints measurements; it never fails on timing.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdio.h>
#include <string.h>

#include "decode.h"

double
bench_best_of (guint runs, void (*fn) (gpointer), gpointer data)
{
  double best = G_MAXDOUBLE;

  for (guint i = 0; i < runs; i++)
    {
      gint64 start = g_get_monotonic_time ();
      fn (data);
      best = MIN (best, (g_get_monotonic_time () - start) / 1e6);
    }
  return best;
}

int
main (int argc, char **argv)
{
  gboolean quick = argc > 1 && strcmp (argv[1], "--quick") == 0;
  g_autoptr (GArray) rows = g_array_new (FALSE, TRUE, sizeof (BenchRow));

  bench_interleaved (rows, quick);
  bench_planar (rows, quick);

  printf ("| codec | content | rdp-gio Mpx/s | FreeRDP Mpx/s | ratio |\n");
  printf ("|---|---|---:|---:|---:|\n");
  for (guint i = 0; i < rows->len; i++)
    {
      BenchRow *r = &g_array_index (rows, BenchRow, i);
      double ours = r->megapixels / r->rdp_seconds;
      double theirs = r->megapixels / r->freerdp_seconds;

      printf ("| %s | %s | %.1f | %.1f | %.2f |\n",
              r->codec, r->content, ours, theirs, ours / theirs);
    }
  return 0;
}
