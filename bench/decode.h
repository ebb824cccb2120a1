/* bench/decode.h: the codec benchmarks' shared table.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

/* One measured row: the same frames decoded by rdp-gio and by FreeRDP. */
typedef struct {
  const char *codec;        /* "interleaved 16 bpp", "planar RLE", … */
  const char *content;      /* "random", "photo", "desktop" */
  double      megapixels;   /* decoded per run */
  double      rdp_seconds;  /* best of the runs */
  double      freerdp_seconds;
} BenchRow;

/* Seconds of the fastest of @runs calls of @fn (g_get_monotonic_time). */
double bench_best_of (guint runs, void (*fn) (gpointer), gpointer data);

/* Each codec's rows, appended to @rows (BenchRow). @quick: a short run. */
void bench_interleaved (GArray *rows, gboolean quick);
void bench_planar      (GArray *rows, gboolean quick);
