/* test-e2e-secrets.c: the password leaves no copy in freed memory and
 * none in the log (issue 7, defect 2), against a real server
 *
 * Each test starts xrdp (tests/e2e/start-xrdp.sh, TLS) and connects to it
 * in a g_test_trap_subprocess() child that runs with tests/free-scanner.so
 * preloaded (see free-scanner.c) and G_SLICE=always-malloc: every heap
 * block the child frees, and every block realloc() moves, is searched for the password in UTF-8 and in
 * UTF-16LE (the Client Info PDU's encoding). The password is random and
 * new for every test; the child takes it from the scanner's needles in the
 * environment into a stack buffer, hands it to rdp_settings_set_password()
 * and wipes its own copy, so the only heap copies are the library's.
 *
 * The child then connects (rdp_client_connect_async() or the blocking
 * rdp_client_connect()) to the active stage, so the Client Info PDU with
 * the password went through the framing, the write queue and TLS; frees
 * the result, the client and the settings; runs the main context until
 * nothing is pending; and asserts that no freed block held the password.
 * It also installs a log writer and print handlers that search every
 * message, with G_MESSAGES_DEBUG=all, for the password (raw and as hex).
 *
 * Before all that the child frees a block that holds a third needle, a
 * canary, and checks that the scanner saw it: a scanner that is not loaded
 * fails the test instead of passing it.
 *
 * The scanner wraps free(), so this test is not built with sanitizers
 * (AddressSanitizer owns free()). Without xrdp it skips.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <nettle/hmac.h>
#include <nettle/md4.h>

#include <rdp-gio.h>

#include "rdp-test-e2e.h"

#define CLIENT_TIMEOUT_S 90
#define PASSWORD_CHARS 20
#define PASSWORD_MAX 128

/* The scanner's needles, in this order. */
enum {
  NEEDLE_UTF8,
  NEEDLE_UTF16LE,
  NEEDLE_CANARY,
  NEEDLE_NT_HASH,     /* MD4 (UTF-16LE (password)): NTLM's key */
  NEEDLE_NTOWFV2,     /* HMAC-MD5 (NT hash, UTF-16LE (UPPER (user) ‖ domain)) */
  N_NEEDLES
};

/* The NLA account of the shadow server (start-shadow.sh USER PASSWORD) */
#define NLA_USER "rdpuser"

typedef int           (*NNeedlesFunc) (void);
typedef unsigned long (*HitsFunc)     (int needle);
typedef unsigned long (*ScannedFunc)  (void);

/* ---- the parent: a random password, the scanner's environment ---- */

static char *
hex_encode (const guint8 *data,
            gsize         size)
{
  GString *hex = g_string_sized_new (size * 2 + 1);

  for (gsize i = 0; i < size; i++)
    g_string_append_printf (hex, "%02x", data[i]);
  return g_string_free (hex, FALSE);
}

/* RDP_FREE_SCANNER_NEEDLES for a new random password (with non-ASCII
 * characters, so that UTF-8 and UTF-16LE differ beyond zero bytes) and a
 * random canary. */
static char *
make_needles (char **out_password)
{
  static const char * const alphabet[] = {
    "a", "b", "c", "d", "e", "f", "g", "h", "k", "m", "n", "p", "q", "r", "s", "t", "u", "w", "x", "z",
    "A", "B", "C", "D", "E", "F", "G", "H", "K", "M", "N", "P", "Q", "R", "S", "T", "W", "X", "Z",
    "2", "3", "4", "5", "6", "7", "8", "9", "\xc3\xbc" /* ü */, "\xc3\x9f" /* ß */, "\xe2\x82\xac" /* € */,
  };
  g_autoptr(GString) password = g_string_new (NULL);
  g_autofree gunichar2 *utf16 = NULL;
  g_autofree char *hex_utf8 = NULL;
  g_autofree char *hex_utf16 = NULL;
  g_autofree char *hex_canary = NULL;
  g_autofree char *hex_nt_hash = NULL;
  g_autofree char *hex_ntowfv2 = NULL;
  guint8 canary[24];
  glong n_units;

  for (guint i = 0; i < PASSWORD_CHARS; i++)
    g_string_append (password, alphabet[g_random_int_range (0, G_N_ELEMENTS (alphabet))]);
  /* at least one character outside ASCII */
  g_string_append (password, "\xe2\x82\xac");
  for (guint i = 0; i < sizeof canary; i++)
    canary[i] = g_random_int_range (0, 256);

  utf16 = g_utf8_to_utf16 (password->str, -1, NULL, &n_units, NULL);
  g_assert_nonnull (utf16);
  /* to little-endian bytes (in place) */
  for (glong i = 0; i < n_units; i++)
    {
      guint16 unit = utf16[i];

      ((guint8 *) utf16)[2 * i] = unit & 0xff;
      ((guint8 *) utf16)[2 * i + 1] = unit >> 8;
    }
  hex_utf8 = hex_encode ((const guint8 *) password->str, password->len);
  hex_utf16 = hex_encode ((const guint8 *) utf16, n_units * 2);
  hex_canary = hex_encode (canary, sizeof canary);

  /* the keys NTLM derives from it ([MS-NLMP] 3.3.2), with nettle */
  {
    static const guint8 user_domain[] = { 'R', 0, 'D', 0, 'P', 0, 'U', 0, 'S', 0, 'E', 0, 'R', 0 };
    struct md4_ctx md4;
    struct hmac_md5_ctx hmac;
    guint8 nt_hash[16], ntowfv2[16];

    md4_init (&md4);
    md4_update (&md4, n_units * 2, (const guint8 *) utf16);
    md4_digest (&md4, sizeof nt_hash, nt_hash);
    hmac_md5_set_key (&hmac, sizeof nt_hash, nt_hash);
    hmac_md5_update (&hmac, sizeof user_domain, user_domain);  /* UPPER ("rdpuser") ‖ "" */
    hmac_md5_digest (&hmac, sizeof ntowfv2, ntowfv2);
    hex_nt_hash = hex_encode (nt_hash, sizeof nt_hash);
    hex_ntowfv2 = hex_encode (ntowfv2, sizeof ntowfv2);
  }
  *out_password = g_string_free (g_steal_pointer (&password), FALSE);
  return g_strjoin (",", hex_utf8, hex_utf16, hex_canary, hex_nt_hash, hex_ntowfv2, NULL);
}

/* ---- the child: what the log says ---- */

typedef struct {
  /* what must not appear in a message: the password's UTF-8 and UTF-16LE
   * bytes, and both as hex */
  GBytes *forbidden[4];
  guint messages;
  guint debug_messages;
  guint leaks;
} LogCheck;

static LogCheck log_check;

static void
log_check_text (const char *text,
                gssize      length)
{
  gsize size = length < 0 ? strlen (text) : (gsize) length;

  for (guint i = 0; i < G_N_ELEMENTS (log_check.forbidden); i++)
    {
      gsize needle_size;
      const void *needle = g_bytes_get_data (log_check.forbidden[i], &needle_size);

      if (memmem (text, size, needle, needle_size) != NULL)
        log_check.leaks++;
    }
}

static GLogWriterOutput
log_writer (GLogLevelFlags   log_level,
            const GLogField *fields,
            gsize            n_fields,
            gpointer         user_data)
{
  log_check.messages++;
  if (log_level & G_LOG_LEVEL_DEBUG)
    log_check.debug_messages++;
  for (gsize i = 0; i < n_fields; i++)
    if (fields[i].value != NULL)
      log_check_text (fields[i].value, fields[i].length);
  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

static void
print_handler (const char *text)
{
  log_check_text (text, -1);
  fputs (text, stdout);
}

static void
printerr_handler (const char *text)
{
  log_check_text (text, -1);
  fputs (text, stderr);
}

static void
log_check_init (const guint8 *utf8,
                gsize         utf8_size,
                const char   *hex_utf8,
                const char   *hex_utf16)
{
  g_autofree guint8 *utf16 = NULL;
  gsize n_units = 0;

  /* the password's UTF-16LE bytes are the second needle; decode them from
   * its hex (the same bytes the scanner looks for) */
  n_units = strlen (hex_utf16) / 4;
  utf16 = g_malloc (n_units * 2);
  for (gsize i = 0; i < n_units * 2; i++)
    utf16[i] = g_ascii_xdigit_value (hex_utf16[2 * i]) << 4 | g_ascii_xdigit_value (hex_utf16[2 * i + 1]);

  /* These copies of the password are the test's own, on the heap for the
   * whole run and never freed: they cannot show up in a freed block. */
  log_check.forbidden[0] = g_bytes_new (utf8, utf8_size);
  log_check.forbidden[1] = g_bytes_new (utf16, n_units * 2);
  log_check.forbidden[2] = g_bytes_new (hex_utf8, strlen (hex_utf8));
  log_check.forbidden[3] = g_bytes_new (hex_utf16, strlen (hex_utf16));
  /* the free of this temporary copy would be a hit: wipe it */
  memset (utf16, 0, n_units * 2);

  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  g_log_set_writer_func (log_writer, NULL, NULL);
  g_set_print_handler (print_handler);
  g_set_printerr_handler (printerr_handler);
}

/* ---- the child: the connection ---- */

typedef struct {
  GMainLoop *loop;
  GAsyncResult *result;
  RdpClientStage last_stage;
} Run;

static void
async_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Run *run = user_data;

  run->result = g_object_ref (result);
  g_main_loop_quit (run->loop);
}

static void
progress_cb (RdpClient      *client,
             RdpClientStage  stage,
             gpointer        user_data)
{
  Run *run = user_data;

  run->last_stage = stage;
}

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

/* Runs the main context for a while (a TLS close, a resolver thread that
 * returns), then until nothing is pending. */
static void
drain_main_context (void)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);

  g_timeout_add (300, quit_cb, loop);
  g_main_loop_run (loop);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* The scanner's query functions, from the preloaded library. */
static HitsFunc
scanner_lookup (void)
{
  NNeedlesFunc n_needles = (NNeedlesFunc) dlsym (RTLD_DEFAULT, "rdp_free_scanner_n_needles");
  HitsFunc hits = (HitsFunc) dlsym (RTLD_DEFAULT, "rdp_free_scanner_hits");

  if (n_needles == NULL || hits == NULL)
    g_error ("the free scanner is not loaded (LD_PRELOAD=%s)", g_getenv ("LD_PRELOAD"));
  g_assert_cmpint (n_needles (), ==, N_NEEDLES);
  return hits;
}

/* Frees a block that holds the canary: the scanner must see it. */
static void
scanner_self_check (HitsFunc    hits,
                    const char *hex_canary)
{
  /* volatile: the compiler must not drop the malloc/free pair */
  void (*volatile do_free) (void *) = free;
  gsize size = strlen (hex_canary) / 2;
  guint8 *block = g_malloc (size + 16);

  memset (block, 0x55, size + 16);
  for (gsize i = 0; i < size; i++)
    block[8 + i] = g_ascii_xdigit_value (hex_canary[2 * i]) << 4 | g_ascii_xdigit_value (hex_canary[2 * i + 1]);
  g_assert_cmpuint (hits (NEEDLE_CANARY), ==, 0);
  do_free (block);
  g_assert_cmpuint (hits (NEEDLE_CANARY), >=, 1);
}

static RdpSettings *
make_settings (const char *cert_path,
               const char *password,
               gboolean    nla)
{
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(RdpCertificateVerifier) verifier = NULL;
  g_autoptr(GError) error = NULL;
  RdpSettings *settings = rdp_settings_new ();

  database = g_tls_file_database_new (cert_path, &error);
  g_assert_no_error (error);
  verifier = rdp_certificate_verifier_new (database, NULL);
  rdp_settings_set_certificate_verifier (settings, verifier);
  rdp_settings_set_username (settings, nla ? NLA_USER : "rdpgio");
  rdp_settings_set_password (settings, password);
  rdp_settings_set_security_protocols (settings, nla ? RDP_SECURITY_PROTOCOL_HYBRID : RDP_SECURITY_PROTOCOL_TLS);
  g_object_set (settings, "desktop-width", 800, "desktop-height", 600, "connect-timeout", 20, NULL);
  return settings;
}

static void
connect_and_free (gboolean    blocking,
                  gboolean    nla,
                  const char *cert_path,
                  guint16     port,
                  char       *password)
{
  RdpSettings *settings = make_settings (cert_path, password, nla);
  RdpClient *client = rdp_client_new (settings);
  RdpConnectionResult *result;
  GError *error = NULL;
  Run run = { g_main_loop_new (NULL, FALSE), NULL, 0 };

  /* the settings hold the password now; the test's copy goes */
  memset (password, 0, PASSWORD_MAX);

  g_signal_connect (client, "progress", G_CALLBACK (progress_cb), &run);
  if (blocking)
    result = rdp_client_connect (client, "127.0.0.1", port, NULL, &error);
  else
    {
      rdp_client_connect_async (client, "localhost", port, NULL, async_done_cb, &run);
      while (run.result == NULL)
        g_main_loop_run (run.loop);
      result = rdp_client_connect_finish (client, run.result, &error);
    }
  g_assert_no_error (error);
  g_assert_nonnull (result);
  /* the Client Info PDU, with the password, went out */
  g_assert_cmpint (run.last_stage, ==, RDP_CLIENT_STAGE_CONNECTED);
  g_assert_nonnull (rdp_client_get_framed (client));
  if (nla)
    g_assert_cmpint (rdp_connection_result_get_selected_protocol (result), ==, RDP_SECURITY_PROTOCOL_HYBRID);
  g_printerr ("# [client] connected (%s%s), desktop %ux%u\n", blocking ? "blocking" : "async",
              nla ? ", NLA" : "",
              rdp_connection_result_get_desktop_width (result),
              rdp_connection_result_get_desktop_height (result));

  rdp_connection_result_unref (result);
  g_clear_object (&run.result);
  g_object_unref (client);
  g_object_unref (settings);
  g_main_loop_unref (run.loop);
  drain_main_context ();
}

static void
run_client (gboolean blocking,
            gboolean nla)
{
  const char *cert_path = g_getenv ("RDP_E2E_CERT");
  const char *port_text = g_getenv ("RDP_E2E_PORT");
  const char *needles_text = g_getenv ("RDP_FREE_SCANNER_NEEDLES");
  ScannedFunc scanned = (ScannedFunc) dlsym (RTLD_DEFAULT, "rdp_free_scanner_scanned");
  g_auto(GStrv) needles = NULL;
  g_autoptr(GError) error = NULL;
  HitsFunc hits;
  char password[PASSWORD_MAX] = { 0 };
  gsize password_size;
  guint64 port;

  g_assert_nonnull (cert_path);
  g_assert_true (g_ascii_string_to_unsigned (port_text, 10, 1, 65535, &port, &error));
  g_assert_nonnull (needles_text);
  needles = g_strsplit (needles_text, ",", -1);
  g_assert_cmpuint (g_strv_length (needles), ==, N_NEEDLES);

  hits = scanner_lookup ();
  scanner_self_check (hits, needles[NEEDLE_CANARY]);

  /* the password, from its hex, into a stack buffer */
  password_size = strlen (needles[NEEDLE_UTF8]) / 2;
  g_assert_cmpuint (password_size, <, PASSWORD_MAX);
  for (gsize i = 0; i < password_size; i++)
    password[i] = g_ascii_xdigit_value (needles[NEEDLE_UTF8][2 * i]) << 4
                  | g_ascii_xdigit_value (needles[NEEDLE_UTF8][2 * i + 1]);
  g_assert_true (g_utf8_validate (password, password_size, NULL));
  log_check_init ((const guint8 *) password, password_size, needles[NEEDLE_UTF8], needles[NEEDLE_UTF16LE]);

  connect_and_free (blocking, nla, cert_path, port, password);

  g_printerr ("# [client] the scanner searched %lu freed blocks: password hits UTF-8 %lu, UTF-16LE %lu; "
              "%u log messages (%u debug), %u with the password\n",
              scanned ? scanned () : 0, hits (NEEDLE_UTF8), hits (NEEDLE_UTF16LE),
              log_check.messages, log_check.debug_messages, log_check.leaks);
  g_printerr ("# [client] NT hash hits %lu, NTOWFv2 hits %lu\n",
              hits (NEEDLE_NT_HASH), hits (NEEDLE_NTOWFV2));
  g_assert_cmpuint (hits (NEEDLE_UTF8), ==, 0);
  g_assert_cmpuint (hits (NEEDLE_UTF16LE), ==, 0);
  g_assert_cmpuint (hits (NEEDLE_NT_HASH), ==, 0);
  g_assert_cmpuint (hits (NEEDLE_NTOWFV2), ==, 0);
  /* the connector logs its states at debug level: the log check saw them */
  g_assert_cmpuint (log_check.debug_messages, >, 0);
  g_assert_cmpuint (log_check.leaks, ==, 0);
}

/* ---- the test (in the parent) ---- */

/* data: bit 0 blocking, bit 1 NLA (the shadow server, whose account gets
 * the random password) */
static void
test_secrets (gconstpointer data)
{
  gboolean blocking = GPOINTER_TO_INT (data) & 1;
  gboolean nla = (GPOINTER_TO_INT (data) & 2) != 0;
  const char *args[] = { "auto", "tls", NULL, NULL };
  g_autofree char *password = NULL;
  const char *scanner = g_getenv ("RDP_FREE_SCANNER");
  g_autofree char *needles = NULL;
  g_autofree char *slice = g_strdup (g_getenv ("G_SLICE"));

  if (g_test_subprocess ())
    {
      run_client (blocking, nla);
      return;
    }

  if (scanner == NULL || !g_file_test (scanner, G_FILE_TEST_IS_REGULAR))
    {
      g_test_fail_printf ("RDP_FREE_SCANNER does not name the free scanner library (%s)",
                          scanner ? scanner : "unset");
      return;
    }
  /* for the child only: rdp_test_e2e_run_script() keeps both from the
   * fixture's server */
  needles = make_needles (&password);
  if (nla)
    {
      args[1] = "nla";
      args[2] = NLA_USER;
      args[3] = password;
    }
  g_setenv ("RDP_FREE_SCANNER_NEEDLES", needles, TRUE);
  g_setenv ("LD_PRELOAD", scanner, TRUE);
  /* what the slice allocator hands out goes through free() too */
  g_setenv ("G_SLICE", "always-malloc", TRUE);
  rdp_test_e2e_run_server (nla ? (blocking ? "shadow-nla-blocking" : "shadow-nla-async")
                               : (blocking ? "xrdp-blocking" : "xrdp-async"),
                           nla ? "start-shadow.sh" : "start-xrdp.sh",
                           args, nla ? 4 : 2, CLIENT_TIMEOUT_S, NULL);
  g_unsetenv ("LD_PRELOAD");
  g_unsetenv ("RDP_FREE_SCANNER_NEEDLES");
  if (slice)
    g_setenv ("G_SLICE", slice, TRUE);
  else
    g_unsetenv ("G_SLICE");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_data_func ("/e2e/secrets/async", GINT_TO_POINTER (0), test_secrets);
  g_test_add_data_func ("/e2e/secrets/blocking", GINT_TO_POINTER (1), test_secrets);
  g_test_add_data_func ("/e2e/secrets/nla-async", GINT_TO_POINTER (2), test_secrets);
  g_test_add_data_func ("/e2e/secrets/nla-blocking", GINT_TO_POINTER (3), test_secrets);
  return g_test_run ();
}
