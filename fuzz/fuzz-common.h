/* fuzz-common.h: what the libFuzzer targets share
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <glib.h>

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
