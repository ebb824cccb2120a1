/* free-scanner.c: an LD_PRELOAD library that looks into every heap block
 * the process frees for a set of byte strings (the "needles"), to prove
 * that a secret was wiped before its memory went back to the allocator.
 *
 *   RDP_FREE_SCANNER_NEEDLES=HEX[,HEX...] LD_PRELOAD=.../free-scanner.so PROGRAM
 *
 * Each needle is given as hex digits (at most MAX_NEEDLES needles of at most
 * MAX_NEEDLE_SIZE bytes; at least MIN_NEEDLE_SIZE bytes each, so that chance
 * matches do not count). The library wraps:
 *
 *   - free(): scans the whole block (malloc_usable_size() bytes: also the
 *     slack after what was asked for) before handing it to glibc. g_free()
 *     is free() in GLib ≥ 2.46, and so is the slice allocator with
 *     G_SLICE=always-malloc.
 *   - realloc(): a block that must grow beyond its usable size is moved
 *     here (malloc, copy, scan the old block, free), whether or not glibc
 *     could have grown it in place: code that keeps a secret must not rely
 *     on an in-place growth, so the check is deterministic. Shrinking and
 *     growing within the usable size are glibc's in-place realloc.
 *
 * malloc() and calloc() are not wrapped: a new block holds nothing yet.
 * Not seen: memory that never reaches free() (leaks, blocks still in use at
 * exit, GLib's slice allocator unless G_SLICE=always-malloc), and glibc's
 * reallocarray(), which calls its realloc internally.
 *
 * Every hit is counted per needle (atomically); the first hit of each needle
 * also writes a backtrace to stderr (backtrace_symbols_fd(), which does not allocate),
 * later ones a one-line note (up to MAX_NOTES). The test asks through
 * dlsym (RTLD_DEFAULT, ...):
 *
 *   int           rdp_free_scanner_n_needles (void);
 *   unsigned long rdp_free_scanner_hits      (int needle);  (-1: all needles)
 *   unsigned long rdp_free_scanner_scanned   (void);        blocks scanned
 *
 * Robustness: the hooks never allocate (the needles live in static storage,
 * parsed once by the constructor; backtrace() is primed there, since its
 * first call loads libgcc_s with malloc); a thread-local flag sends a free()
 * made from inside a hook straight to glibc; glibc's own __libc_free and
 * __libc_realloc are called directly, so there is no dlsym() bootstrap
 * (ld.so's first frees, before the constructor, pass straight through).
 * Not for sanitizer builds: AddressSanitizer owns free() itself.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#define _GNU_SOURCE
#include <execinfo.h>
#include <malloc.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_NEEDLES 8
#define MAX_NEEDLE_SIZE 512
#define MIN_NEEDLE_SIZE 8
#define MAX_NOTES 20
#define MAX_FRAMES 48

#define EXPORT __attribute__ ((visibility ("default")))

/* glibc's allocator, under the names it exports for exactly this use */
extern void  __libc_free    (void *ptr);
extern void *__libc_malloc  (size_t size);
extern void *__libc_realloc (void *ptr, size_t size);

static unsigned char needles[MAX_NEEDLES][MAX_NEEDLE_SIZE];
static size_t needle_sizes[MAX_NEEDLES];
static int n_needles;
static int ready;   /* set once the constructor parsed the needles */

static unsigned long hits[MAX_NEEDLES];
static unsigned long scanned;
static unsigned long notes;
static int first_hit_reported[MAX_NEEDLES];

static __thread int in_hook __attribute__ ((tls_model ("initial-exec")));

/* ---- output without allocating ---- */

static void
put (const char *text)
{
  size_t len = strlen (text);

  while (len > 0)
    {
      ssize_t n = write (STDERR_FILENO, text, len);

      if (n <= 0)
        return;
      text += n;
      len -= (size_t) n;
    }
}

static void
put_number (unsigned long value)
{
  char buffer[32];
  char *p = buffer + sizeof buffer - 1;

  *p = '\0';
  do
    {
      *--p = (char) ('0' + value % 10);
      value /= 10;
    }
  while (value > 0);
  put (p);
}

/* ---- the scan ---- */

static void
report_hit (int needle,
            size_t block_size,
            const char *how)
{
  void *frames[MAX_FRAMES];
  int n_frames;

  if (__atomic_exchange_n (&first_hit_reported[needle], 1, __ATOMIC_SEQ_CST) == 0)
    {
      put ("free-scanner: needle ");
      put_number ((unsigned long) needle);
      put (" found in a freed block of ");
      put_number ((unsigned long) block_size);
      put (" bytes (");
      put (how);
      put ("), freed at:\n");
      n_frames = backtrace (frames, MAX_FRAMES);
      backtrace_symbols_fd (frames, n_frames, STDERR_FILENO);
      put ("free-scanner: (end of backtrace)\n");
    }
  else if (__atomic_add_fetch (&notes, 1, __ATOMIC_SEQ_CST) <= MAX_NOTES)
    {
      put ("free-scanner: needle ");
      put_number ((unsigned long) needle);
      put (" found again, in a freed block of ");
      put_number ((unsigned long) block_size);
      put (" bytes (");
      put (how);
      put (")\n");
    }
}

static void
scan (const void *block,
      const char *how)
{
  size_t size;
  int i;

  if (block == NULL || !__atomic_load_n (&ready, __ATOMIC_ACQUIRE) || n_needles == 0)
    return;
  size = malloc_usable_size ((void *) block);
  __atomic_add_fetch (&scanned, 1, __ATOMIC_RELAXED);
  for (i = 0; i < n_needles; i++)
    {
      if (size < needle_sizes[i])
        continue;
      if (memmem (block, size, needles[i], needle_sizes[i]) != NULL)
        {
          __atomic_add_fetch (&hits[i], 1, __ATOMIC_SEQ_CST);
          report_hit (i, size, how);
        }
    }
}

/* ---- the hooks ---- */

EXPORT void
free (void *ptr)
{
  if (ptr == NULL)
    return;
  if (!in_hook)
    {
      in_hook = 1;
      scan (ptr, "free");
      in_hook = 0;
    }
  __libc_free (ptr);
}

EXPORT void *
realloc (void *ptr,
         size_t size)
{
  size_t old_size;
  void *moved;

  if (ptr == NULL || size == 0 || in_hook || !__atomic_load_n (&ready, __ATOMIC_ACQUIRE))
    {
      /* realloc (p, 0) frees p */
      if (ptr != NULL && size == 0 && !in_hook)
        {
          in_hook = 1;
          scan (ptr, "realloc to 0");
          in_hook = 0;
        }
      return __libc_realloc (ptr, size);
    }

  old_size = malloc_usable_size (ptr);
  if (size <= old_size)
    return __libc_realloc (ptr, size);

  moved = __libc_malloc (size);
  if (moved == NULL)
    return NULL;
  memcpy (moved, ptr, old_size);
  in_hook = 1;
  scan (ptr, "realloc, moved");
  in_hook = 0;
  __libc_free (ptr);
  return moved;
}

/* ---- the queries ---- */

EXPORT int           rdp_free_scanner_n_needles (void);
EXPORT unsigned long rdp_free_scanner_hits      (int needle);
EXPORT unsigned long rdp_free_scanner_scanned   (void);

EXPORT int
rdp_free_scanner_n_needles (void)
{
  return n_needles;
}

EXPORT unsigned long
rdp_free_scanner_hits (int needle)
{
  unsigned long total = 0;
  int i;

  if (needle >= 0)
    return needle < n_needles ? __atomic_load_n (&hits[needle], __ATOMIC_SEQ_CST) : 0;
  for (i = 0; i < n_needles; i++)
    total += __atomic_load_n (&hits[i], __ATOMIC_SEQ_CST);
  return total;
}

EXPORT unsigned long
rdp_free_scanner_scanned (void)
{
  return __atomic_load_n (&scanned, __ATOMIC_RELAXED);
}

/* ---- set-up ---- */

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

static void
fail (const char *why)
{
  put ("free-scanner: RDP_FREE_SCANNER_NEEDLES: ");
  put (why);
  put ("\n");
  _exit (99);
}

__attribute__ ((constructor)) static void
free_scanner_init (void)
{
  void *frames[2];
  const char *spec = getenv ("RDP_FREE_SCANNER_NEEDLES");

  /* backtrace() loads libgcc_s on its first call (with malloc and free):
   * done here, not in a hook */
  in_hook = 1;
  backtrace (frames, 2);
  in_hook = 0;

  while (spec != NULL && *spec != '\0')
    {
      size_t size = 0;

      if (n_needles == MAX_NEEDLES)
        fail ("too many needles");
      while (*spec != '\0' && *spec != ',')
        {
          int high = hex_value (spec[0]);
          int low = high < 0 ? -1 : hex_value (spec[1]);

          if (high < 0 || low < 0)
            fail ("not pairs of hex digits");
          if (size == MAX_NEEDLE_SIZE)
            fail ("a needle is too long");
          needles[n_needles][size++] = (unsigned char) (high << 4 | low);
          spec += 2;
        }
      if (size < MIN_NEEDLE_SIZE)
        fail ("a needle is too short");
      needle_sizes[n_needles++] = size;
      if (*spec == ',')
        spec++;
    }
  __atomic_store_n (&ready, 1, __ATOMIC_RELEASE);
}
