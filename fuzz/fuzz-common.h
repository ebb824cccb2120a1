/* fuzz-common.h: what the libFuzzer targets share
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "rdp-error.h"

/* A broken invariant: say which, and abort so that libFuzzer keeps the input.
 * Unlike g_assert() it cannot be compiled out. */
#define FUZZ_CHECK(cond, ...)                                           \
  G_STMT_START {                                                        \
    if (G_UNLIKELY (!(cond)))                                           \
      {                                                                 \
        fprintf (stderr, "%s:%d: invariant failed: %s: ",               \
                 __FILE__, __LINE__, #cond);                            \
        fprintf (stderr, __VA_ARGS__);                                  \
        fputc ('\n', stderr);                                           \
        abort ();                                                       \
      }                                                                 \
  } G_STMT_END

/* Criticals and warnings are bugs here, as G_DEBUG=fatal-criticals makes
 * them in the tests. */
static inline void
fuzz_init_glib (void)
{
  g_log_set_always_fatal (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  g_setenv ("GIO_USE_VFS", "local", TRUE);
}

/* What every bitmap decoder promises: success with no error, or failure
 * with a non-empty RDP_ERROR_INVALID_DATA. */
static inline void
fuzz_check_decode_result (gboolean      ok,
                          const GError *error)
{
  if (ok)
    {
      FUZZ_CHECK (error == NULL, "success with an error");
      return;
    }
  FUZZ_CHECK (error != NULL, "failure without an error");
  FUZZ_CHECK (g_error_matches (error, RDP_ERROR, RDP_ERROR_INVALID_DATA),
              "error %s:%d: %s", g_quark_to_string (error->domain), error->code, error->message);
  FUZZ_CHECK (error->message != NULL && error->message[0] != '\0', "empty error message");
}

/* Guard bytes after the pixels of each of @rows rows of @stride bytes (the
 * pixels are the first @row_bytes): a decoder must never touch them. */
#define FUZZ_GUARD_BYTE 0xA5

static inline void
fuzz_fill_guards (guint8 *dst,
                  gsize   stride,
                  gsize   row_bytes,
                  guint   rows)
{
  for (guint y = 0; y < rows; y++)
    memset (dst + y * stride + row_bytes, FUZZ_GUARD_BYTE, stride - row_bytes);
}

static inline void
fuzz_check_guards (const guint8 *dst,
                   gsize         stride,
                   gsize         row_bytes,
                   guint         rows)
{
  for (guint y = 0; y < rows; y++)
    for (gsize i = row_bytes; i < stride; i++)
      FUZZ_CHECK (dst[y * stride + i] == FUZZ_GUARD_BYTE, "wrote past row %u", y);
}
