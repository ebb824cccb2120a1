/* test-known-hosts.c: RdpKnownHosts, its file and concurrent writers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>
#include <sys/stat.h>

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
  g_assert_nonnull (error);
  g_assert_true (error->domain == G_FILE_ERROR);
  g_clear_error (&error);
  g_assert_false (rdp_known_hosts_add_fingerprint (f->kh, "example.com", 3389, FP_A, &error));
  g_assert_nonnull (error);
  g_rmdir (f->path);
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
  ADD ("/known-hosts/concurrent-writers", test_concurrent_writers);

#undef ADD

  return g_test_run ();
}
