/* test-known-hosts.c: RdpKnownHosts, its file and concurrent writers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <errno.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <rdp-gio.h>

#include "rdp-test-utils.h"

#define FP_A "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF"
#define FP_B "FF:EE:DD:CC:BB:AA:99:88:77:66:55:44:33:22:11:00:FF:EE:DD:CC:BB:AA:99:88:77:66:55:44:33:22:11:00"

typedef struct {
  char *dir;
  char *path;
  RdpKnownHosts *kh;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->dir = g_dir_make_tmp ("rdp-gio-kh-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
  /* a directory that does not exist yet */
  f->path = g_build_filename (f->dir, "sub", "known_hosts", NULL);
  f->kh = rdp_known_hosts_new (f->path);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *lock = g_strconcat (f->path, ".lock", NULL);
  g_autofree char *sub = g_path_get_dirname (f->path);

  g_clear_object (&f->kh);
  g_remove (f->path);
  g_remove (lock);
  g_rmdir (sub);
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static char *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static void
write_file (const char *path,
            const char *contents)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_mkdir_with_parents (dir, 0700);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static void
test_default_path (void)
{
  g_autoptr(RdpKnownHosts) kh = rdp_known_hosts_new (NULL);
  g_autofree char *expected = g_build_filename (g_get_user_config_dir (), "rdp-gio", "known_hosts", NULL);
  g_autofree char *prop = NULL;

  g_assert_cmpstr (rdp_known_hosts_get_path (kh), ==, expected);
  g_object_get (kh, "path", &prop, NULL);
  g_assert_cmpstr (prop, ==, expected);
}

static void
test_missing_file (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *fp = NULL;

  fp = rdp_known_hosts_lookup (f->kh, "example.com", 3389, &error);
  g_assert_no_error (error);
  g_assert_null (fp);
  g_assert_cmpuint (rdp_known_hosts_get_n_skipped_lines (f->kh), ==, 0);

  /* removing from a missing file is fine, and creates it */
  g_assert_true (rdp_known_hosts_remove (f->kh, "example.com", 3389, &error));
  g_assert_no_error (error);
}

static void
test_add_lookup_remove (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *fp = NULL;
  g_autofree char *contents = NULL;
  GStatBuf st;

  g_assert_true (rdp_known_hosts_add_fingerprint (f->kh, "Example.COM.", 3389, FP_A, &error));
  g_assert_no_error (error);

  /* hosts compare without case and final dot; ports are distinct */
  fp = rdp_known_hosts_lookup (f->kh, "example.com", 3389, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fp, ==, FP_A);
  g_clear_pointer (&fp, g_free);
  fp = rdp_known_hosts_lookup (f->kh, "EXAMPLE.com", 3389, &error);
  g_assert_cmpstr (fp, ==, FP_A);
  g_clear_pointer (&fp, g_free);
  fp = rdp_known_hosts_lookup (f->kh, "example.com", 3390, &error);
  g_assert_no_error (error);
  g_assert_null (fp);

  /* another store on the same file sees it */
  {
    g_autoptr(RdpKnownHosts) other = rdp_known_hosts_new (f->path);

    fp = rdp_known_hosts_lookup (other, "example.com", 3389, &error);
    g_assert_cmpstr (fp, ==, FP_A);
    g_clear_pointer (&fp, g_free);
  }

  /* lower-case hex without colons is accepted; adding replaces */
  {
    g_autofree char *lower = g_ascii_strdown (FP_B, -1);
    char *src, *dst;

    for (src = dst = lower; *src != '\0'; src++)
      if (*src != ':')
        *dst++ = *src;
    *dst = '\0';
    g_assert_true (rdp_known_hosts_add_fingerprint (f->kh, "example.com", 3389, lower, &error));
    g_assert_no_error (error);
  }
  fp = rdp_known_hosts_lookup (f->kh, "example.com", 3389, &error);
  g_assert_cmpstr (fp, ==, FP_B);
  g_clear_pointer (&fp, g_free);

  g_assert_true (rdp_known_hosts_add_fingerprint (f->kh, "::1", 3389, FP_A, &error));
  g_assert_no_error (error);
  contents = read_file (f->path);
  g_assert_cmpstr (contents, ==, "example.com 3389 " FP_B "\n::1 3389 " FP_A "\n");
  g_assert_cmpint (g_stat (f->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  g_assert_true (rdp_known_hosts_remove (f->kh, "EXAMPLE.COM", 3389, &error));
  g_assert_no_error (error);
  fp = rdp_known_hosts_lookup (f->kh, "example.com", 3389, &error);
  g_assert_no_error (error);
  g_assert_null (fp);
  fp = rdp_known_hosts_lookup (f->kh, "::1", 3389, &error);
  g_assert_cmpstr (fp, ==, FP_A);
}

static void
test_add_certificate (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *pem = g_test_build_filename (G_TEST_DIST, "certs", "self-signed.pem", NULL);
  g_autofree char *sha_path = g_test_build_filename (G_TEST_DIST, "certs", "self-signed.sha256", NULL);
  g_autoptr(GTlsCertificate) cert = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *fp = NULL;

  cert = g_tls_certificate_new_from_file (pem, &error);
  if (g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_UNAVAILABLE))
    {
      g_test_skip ("no TLS backend");
      return;
    }
  g_assert_no_error (error);
  expected = read_file (sha_path);
  g_strstrip (expected);

  g_assert_true (rdp_known_hosts_add (f->kh, "localhost", 3389, cert, &error));
  g_assert_no_error (error);
  fp = rdp_known_hosts_lookup (f->kh, "localhost", 3389, &error);
  g_assert_cmpstr (fp, ==, expected);
}

static void
test_bad_fingerprint (Fixture       *f,
                      gconstpointer  data)
{
  static const char * const bad[] = {
    "", "00", "zz:11", FP_A ":00", FP_A ":", "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF",
  };
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (rdp_known_hosts_add_fingerprint (f->kh, "example.com", 3389, bad[i], &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    }
  g_assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));
}

static void
test_corrupt_lines (Fixture       *f,
                    gconstpointer  data)
{
  static const char contents[] =
    "# a comment\n"
    "\n"
    "good.example 3389 " FP_A "\n"
    "garbage\n"
    "bad-port.example 99999 " FP_A "\n"
    "bad-fp.example 3389 00:11\n"
    "too.many 3389 " FP_A " fields\n"
    "  spaced.example   3390   " FP_B "  \n";
  g_autoptr(GError) error = NULL;
  g_autofree char *fp = NULL;
  g_autofree char *after = NULL;

  write_file (f->path, contents);

  fp = rdp_known_hosts_lookup (f->kh, "good.example", 3389, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fp, ==, FP_A);
  g_clear_pointer (&fp, g_free);
  g_assert_cmpuint (rdp_known_hosts_get_n_skipped_lines (f->kh), ==, 4);

  fp = rdp_known_hosts_lookup (f->kh, "spaced.example", 3390, &error);
  g_assert_cmpstr (fp, ==, FP_B);
  g_clear_pointer (&fp, g_free);
  fp = rdp_known_hosts_lookup (f->kh, "bad-fp.example", 3389, &error);
  g_assert_no_error (error);
  g_assert_null (fp);

  /* A change keeps the lines it does not understand. */
  g_assert_true (rdp_known_hosts_add_fingerprint (f->kh, "new.example", 3389, FP_B, &error));
  g_assert_no_error (error);
  after = read_file (f->path);
  g_assert_true (g_str_has_prefix (after, contents));
  g_assert_cmpstr (after + strlen (contents), ==, "new.example 3389 " FP_B "\n");

  /* A file without a final newline */
  write_file (f->path, "last.example 3389 " FP_A);
  fp = rdp_known_hosts_lookup (f->kh, "last.example", 3389, &error);
  g_assert_cmpstr (fp, ==, FP_A);
  g_assert_cmpuint (rdp_known_hosts_get_n_skipped_lines (f->kh), ==, 0);
}

static void
test_unreadable (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *fp = NULL;

  /* a directory where the file should be */
  g_mkdir_with_parents (f->path, 0700);
  fp = rdp_known_hosts_lookup (f->kh, "example.com", 3389, &error);
  g_assert_null (fp);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY);
  g_assert_nonnull (strstr (error->message, f->path));
  g_clear_error (&error);
  g_assert_false (rdp_known_hosts_add_fingerprint (f->kh, "example.com", 3389, FP_A, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY);
  g_rmdir (f->path);
}

static void
write_bytes (const char *path,
             const char *contents,
             gsize       length)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_mkdir_with_parents (dir, 0700);
  g_file_set_contents (path, contents, (gssize) length, &error);
  g_assert_no_error (error);
}

/* A NUL byte ends neither the file nor the line: the pins after it are
 * found, the line with it is skipped, and a change keeps every byte of it. */
static void
test_nul_byte (Fixture       *f,
               gconstpointer  data)
{
  static const char contents[] =
    "before.example 3389 " FP_A "\n"
    "damaged\0line\n"
    "after.example 3389 " FP_B "\n"
    /* an entry up to the NUL, but the line goes on: not an entry */
    "nul.example 3389 " FP_A "\0 trailing\n"
    "last.example 3390 " FP_A "\n";
  const gsize length = sizeof contents - 1;
  g_autoptr(GError) error = NULL;
  g_autofree char *fp = NULL;
  g_autofree char *after = NULL;
  static const char added[] = "new.example 3389 " FP_B "\n";
  gsize after_len = 0;

  write_bytes (f->path, contents, length);

  fp = rdp_known_hosts_lookup (f->kh, "after.example", 3389, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fp, ==, FP_B);
  g_clear_pointer (&fp, g_free);
  g_assert_cmpuint (rdp_known_hosts_get_n_skipped_lines (f->kh), ==, 2);
  fp = rdp_known_hosts_lookup (f->kh, "last.example", 3390, &error);
  g_assert_cmpstr (fp, ==, FP_A);
  g_clear_pointer (&fp, g_free);
  fp = rdp_known_hosts_lookup (f->kh, "before.example", 3389, &error);
  g_assert_cmpstr (fp, ==, FP_A);
  g_clear_pointer (&fp, g_free);
  fp = rdp_known_hosts_lookup (f->kh, "nul.example", 3389, &error);
  g_assert_no_error (error);
  g_assert_null (fp);

  /* A change keeps every entry and the damaged lines byte for byte. */
  g_assert_true (rdp_known_hosts_add_fingerprint (f->kh, "new.example", 3389, FP_B, &error));
  g_assert_no_error (error);
  g_file_get_contents (f->path, &after, &after_len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after_len, ==, length + sizeof added - 1);
  g_assert_cmpmem (after, length, contents, length);
  g_assert_cmpmem (after + length, after_len - length, added, sizeof added - 1);

  fp = rdp_known_hosts_lookup (f->kh, "after.example", 3389, &error);
  g_assert_cmpstr (fp, ==, FP_B);
  g_clear_pointer (&fp, g_free);

  /* and so does a removal */
  g_assert_true (rdp_known_hosts_remove (f->kh, "new.example", 3389, &error));
  g_assert_no_error (error);
  g_clear_pointer (&after, g_free);
  g_file_get_contents (f->path, &after, &after_len, &error);
  g_assert_cmpmem (after, after_len, contents, length);
}

static gint64
max_rss_kib (void)
{
  struct rusage usage;

  g_assert_cmpint (getrusage (RUSAGE_SELF, &usage), ==, 0);
  return usage.ru_maxrss;
}

/* In a subprocess (see not_regular()): the lookup and a change fail at once
 * with @code, read nothing, and leave the file alone. */
static void
assert_refused (Fixture *f,
                int      code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *fp = NULL;
  gint64 start, rss;
  GStatBuf before, after;

#ifndef __SANITIZE_ADDRESS__
  {
    /* were it read, it must not take the machine with it */
    struct rlimit limit = { 256 * 1024 * 1024, 256 * 1024 * 1024 };

    g_assert_cmpint (setrlimit (RLIMIT_DATA, &limit), ==, 0);
  }
#endif

  g_assert_cmpint (g_lstat (f->path, &before), ==, 0);
  rss = max_rss_kib ();
  start = g_get_monotonic_time ();

  fp = rdp_known_hosts_lookup (f->kh, "example.com", 3389, &error);
  g_assert_null (fp);
  g_assert_error (error, G_IO_ERROR, code);
  g_assert_nonnull (strstr (error->message, f->path));
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  g_assert_false (rdp_known_hosts_add_fingerprint (f->kh, "example.com", 3389, FP_A, &error));
  g_assert_error (error, G_IO_ERROR, code);
  g_clear_error (&error);
  g_assert_false (rdp_known_hosts_remove (f->kh, "example.com", 3389, &error));
  g_assert_error (error, G_IO_ERROR, code);

  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
  g_assert_cmpint (max_rss_kib () - rss, <, 16 * 1024);
  g_assert_cmpint (g_lstat (f->path, &after), ==, 0);
  g_assert_cmpuint (after.st_mode, ==, before.st_mode);
  g_assert_cmpuint (after.st_ino, ==, before.st_ino);
}

/* Runs the test in a subprocess with a time limit, so that a lookup that
 * blocks or allocates without end fails the test instead of hanging it or
 * the machine. */
static gboolean
in_subprocess (void)
{
  if (g_test_subprocess ())
    return TRUE;
  g_test_trap_subprocess (NULL, 5 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  return FALSE;
}

/* A symbolic link to /dev/zero: an endless file, refused unread. */
static void
test_dev_zero (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *dir = g_path_get_dirname (f->path);

  if (!in_subprocess ())
    return;
  g_mkdir_with_parents (dir, 0700);
  g_assert_cmpint (symlink ("/dev/zero", f->path), ==, 0);
  assert_refused (f, G_IO_ERROR_NOT_REGULAR_FILE);
  g_remove (f->path);
}

/* A FIFO without a writer: opening it to read would block, forever. */
static void
test_fifo (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *dir = g_path_get_dirname (f->path);

  if (!in_subprocess ())
    return;
  g_mkdir_with_parents (dir, 0700);
  g_assert_cmpint (mkfifo (f->path, 0600), ==, 0);
  assert_refused (f, G_IO_ERROR_NOT_REGULAR_FILE);
  g_remove (f->path);
}

#define MAX_FILE_SIZE (1024 * 1024)

/* A file up to 1 MiB is read; a larger one is refused, and not changed. */
static void
test_too_large (Fixture       *f,
                gconstpointer  data)
{
  static const char pin[] = "big.example 3389 " FP_A "\n";
  g_autoptr(GError) error = NULL;
  g_autofree char *fp = NULL;
  GString *contents;
  gsize pad;

  /* exactly the limit, the pin at its end */
  contents = g_string_new (NULL);
  while (contents->len + 80 + sizeof pin - 1 <= MAX_FILE_SIZE)
    {
      g_string_append_c (contents, '#');
      g_string_append_len (contents, "................................................................................", 78);
      g_string_append_c (contents, '\n');
    }
  pad = MAX_FILE_SIZE - (sizeof pin - 1) - contents->len;
  g_assert_cmpuint (pad, >=, 2);
  g_string_append_c (contents, '#');
  while (pad-- > 2)
    g_string_append_c (contents, '.');
  g_string_append_c (contents, '\n');
  g_string_append (contents, pin);
  g_assert_cmpuint (contents->len, ==, MAX_FILE_SIZE);
  write_bytes (f->path, contents->str, contents->len);

  fp = rdp_known_hosts_lookup (f->kh, "big.example", 3389, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fp, ==, FP_A);
  g_clear_pointer (&fp, g_free);

  /* one byte more */
  g_string_append_c (contents, '\n');
  write_bytes (f->path, contents->str, contents->len);
  fp = rdp_known_hosts_lookup (f->kh, "big.example", 3389, &error);
  g_assert_null (fp);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, f->path));
  g_clear_error (&error);
  g_assert_false (rdp_known_hosts_add_fingerprint (f->kh, "new.example", 3389, FP_B, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE);
  {
    g_autofree char *after = NULL;
    gsize after_len;

    g_clear_error (&error);
    g_file_get_contents (f->path, &after, &after_len, &error);
    g_assert_no_error (error);
    g_assert_cmpmem (after, after_len, contents->str, contents->len);
  }
  g_string_free (contents, TRUE);
}

#define N_WRITERS 8
#define N_ADDS 25

typedef struct {
  const char *path;
  guint id;
} Writer;

static gpointer
writer_thread (gpointer data)
{
  Writer *w = data;
  g_autoptr(RdpKnownHosts) kh = rdp_known_hosts_new (w->path);
  guint i;

  for (i = 0; i < N_ADDS; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *host = g_strdup_printf ("host-%u-%u.example", w->id, i);

      rdp_known_hosts_add_fingerprint (kh, host, 3389, (i % 2) ? FP_A : FP_B, &error);
      g_assert_no_error (error);
    }
  return NULL;
}

/* Writers in threads, each with its own store (and so its own lock file
 * descriptor, as another process would have): no entry is lost. */
static void
test_concurrent_writers (Fixture       *f,
                         gconstpointer  data)
{
  Writer writers[N_WRITERS];
  GThread *threads[N_WRITERS];
  guint i, j;

  for (i = 0; i < N_WRITERS; i++)
    {
      writers[i].path = f->path;
      writers[i].id = i;
      threads[i] = g_thread_new ("writer", writer_thread, &writers[i]);
    }
  for (i = 0; i < N_WRITERS; i++)
    g_thread_join (threads[i]);

  for (i = 0; i < N_WRITERS; i++)
    for (j = 0; j < N_ADDS; j++)
      {
        g_autoptr(GError) error = NULL;
        g_autofree char *host = g_strdup_printf ("host-%u-%u.example", i, j);
        g_autofree char *fp = rdp_known_hosts_lookup (f->kh, host, 3389, &error);

        g_assert_no_error (error);
        g_assert_cmpstr (fp, ==, (j % 2) ? FP_A : FP_B);
      }
  g_assert_cmpuint (rdp_known_hosts_get_n_skipped_lines (f->kh), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/known-hosts/default-path", test_default_path);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/known-hosts/missing-file", test_missing_file);
  ADD ("/known-hosts/add-lookup-remove", test_add_lookup_remove);
  ADD ("/known-hosts/add-certificate", test_add_certificate);
  ADD ("/known-hosts/bad-fingerprint", test_bad_fingerprint);
  ADD ("/known-hosts/corrupt-lines", test_corrupt_lines);
  ADD ("/known-hosts/unreadable", test_unreadable);
  ADD ("/known-hosts/nul-byte", test_nul_byte);
  ADD ("/known-hosts/not-regular/dev-zero", test_dev_zero);
  ADD ("/known-hosts/not-regular/fifo", test_fifo);
  ADD ("/known-hosts/too-large", test_too_large);
  ADD ("/known-hosts/concurrent-writers", test_concurrent_writers);

#undef ADD

  return g_test_run ();
}
