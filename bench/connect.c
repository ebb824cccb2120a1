/* bench/connect: how long rdp-gio's RdpClient takes to connect
 *
 *   connect [--rounds N] [--ca CERT.pem] [--label NAME] [--update-timeout S]
 *           [--security tls|nla] [--user USER] [--password PASSWORD] HOST PORT
 *
 * For each round: a fresh RdpClient (TLS only by default, or NLA only with
 * --security nla; user and password x unless given — the password on the
 * command line is for a test account only; certificate trusted from --ca),
 * timed from rdp_client_connect_async() —
 * which opens the TCP connection — to rdp_client_connect_finish() (the active
 * stage), then to the first fast-path PDU read from rdp_client_get_framed()
 * with rdp_framed_read_pdu_async() (the first fast-path graphics update; the
 * slow-path PDUs before it are counted and skipped).
 *
 * A benchmark, not a test: it prints numbers and never judges them. One
 * machine-readable line per round on stdout:
 *
 *   RESULT label=L run=I ok=1 active_ms=A first_update_ms=U slow_pdus=K cpu_ms=C
 *   STAGES label=L run=I connecting=0.00 negotiating=… … connected=…
 *   CPU label=L run=I connecting=0.00 negotiating=… … connected=…
 *
 * STAGES has the wall-clock ms at the start of each RdpClient stage, CPU the
 * process's CPU time (all threads, CLOCK_PROCESS_CPUTIME_ID) used since the
 * round began at the same points, and cpu_ms that CPU time at the active
 * stage: what the client itself spent; the rest of active_ms is waiting,
 * on loopback almost all of it for the server.
 *
 * (first_update_ms=NA when no fast-path PDU came within --update-timeout
 * seconds; ok=0 and an error= field when the connection failed.)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <rdp-gio.h>

typedef struct {
  GMainLoop *loop;
  RdpClient *client;
  RdpFramed *framed;
  GCancellable *cancellable;
  const char *label;
  int run;
  gint64 start;
  double cpu_start;
  double active_ms;
  double active_cpu_ms;
  double update_ms;
  guint slow_pdus;
  GString *stages;
  GString *cpu;
  char *error;
  guint update_timeout_id;
} Round;

static double
elapsed_ms (Round *r)
{
  return (g_get_monotonic_time () - r->start) / 1000.0;
}

/* The CPU time of the whole process (every thread), in ms. */
static double
process_cpu_ms (void)
{
  struct timespec ts;

  if (clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts) != 0)
    return 0;
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static void
progress_cb (RdpClient      *client,
             RdpClientStage  stage,
             gpointer        user_data)
{
  Round *r = user_data;
  GEnumClass *klass = g_type_class_ref (RDP_TYPE_CLIENT_STAGE);
  GEnumValue *value = g_enum_get_value (klass, stage);

  g_string_append_printf (r->stages, " %s=%.2f", value ? value->value_nick : "?", elapsed_ms (r));
  g_string_append_printf (r->cpu, " %s=%.2f", value ? value->value_nick : "?",
                          process_cpu_ms () - r->cpu_start);
  g_type_class_unref (klass);
}

static gboolean
update_timeout_cb (gpointer user_data)
{
  Round *r = user_data;

  r->update_timeout_id = 0;
  g_cancellable_cancel (r->cancellable);
  return G_SOURCE_REMOVE;
}

static void read_next (Round *r);

static void
pdu_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  Round *r = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdu = NULL;
  RdpAction action = RDP_ACTION_X224;

  pdu = rdp_framed_read_pdu_finish (r->framed, result, &action, &error);
  if (pdu == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        r->error = g_strdup_printf ("reading updates: %s", error->message);
      g_main_loop_quit (r->loop);
      return;
    }
  if (action == RDP_ACTION_FAST_PATH)
    {
      r->update_ms = elapsed_ms (r);
      g_main_loop_quit (r->loop);
      return;
    }
  r->slow_pdus++;
  read_next (r);
}

static void
read_next (Round *r)
{
  rdp_framed_read_pdu_async (r->framed, G_PRIORITY_DEFAULT, r->cancellable, pdu_cb, r);
}

static void
connected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Round *r = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(RdpConnectionResult) res = NULL;

  res = rdp_client_connect_finish (RDP_CLIENT (source), result, &error);
  if (res == NULL)
    {
      r->error = g_strdup (error->message);
      g_main_loop_quit (r->loop);
      return;
    }
  r->active_ms = elapsed_ms (r);
  r->active_cpu_ms = process_cpu_ms () - r->cpu_start;
  r->framed = g_object_ref (rdp_client_get_framed (r->client));
  read_next (r);
}

static char *
sanitize (const char *text)
{
  char *out = g_strdup (text);

  for (char *p = out; *p; p++)
    if (*p == ' ' || *p == '\n' || *p == '\t')
      *p = '_';
  return out;
}

int
main (int   argc,
      char *argv[])
{
  int rounds = 1;
  double update_timeout = 10.0;
  g_autofree char *ca_file = NULL;
  g_autofree char *label = NULL;
  g_autofree char *security = NULL;
  g_autofree char *user = NULL;
  g_autofree char *password = NULL;
  RdpSecurityProtocol protocols = RDP_SECURITY_PROTOCOL_TLS;
  GOptionEntry entries[] = {
    { "rounds", 'n', 0, G_OPTION_ARG_INT, &rounds, "Connect N times (default 1)", "N" },
    { "ca", 0, 0, G_OPTION_ARG_FILENAME, &ca_file, "Trust the (self-signed) certificate in FILE", "FILE" },
    { "label", 0, 0, G_OPTION_ARG_STRING, &label, "Label of the result lines", "NAME" },
    { "update-timeout", 0, 0, G_OPTION_ARG_DOUBLE, &update_timeout,
      "Wait at most S seconds for the first fast-path update (default 10)", "S" },
    { "security", 0, 0, G_OPTION_ARG_STRING, &security, "tls (default) or nla", "PROTO" },
    { "user", 'u', 0, G_OPTION_ARG_STRING, &user, "Log on as USER (default x)", "USER" },
    { "password", 'p', 0, G_OPTION_ARG_STRING, &password,
      "The password (default x; on the command line: for test accounts only)", "PASSWORD" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(RdpCertificateVerifier) verifier = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  const char *host;
  guint64 port;
  int failures = 0;

  setlocale (LC_ALL, "");
  context = g_option_context_new ("HOST PORT — time RdpClient connections");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 3 ||
      !g_ascii_string_to_unsigned (argv[2], 10, 1, 65535, &port, NULL) || rounds < 1)
    {
      g_printerr ("%s\n", error ? error->message : g_option_context_get_help (context, TRUE, NULL));
      return EXIT_FAILURE;
    }
  host = argv[1];
  if (security != NULL && g_str_equal (security, "nla"))
    protocols = RDP_SECURITY_PROTOCOL_HYBRID | RDP_SECURITY_PROTOCOL_HYBRID_EX;
  else if (security != NULL && !g_str_equal (security, "tls"))
    {
      g_printerr ("connect: --security must be tls or nla\n");
      return EXIT_FAILURE;
    }

  if (ca_file != NULL)
    {
      database = g_tls_file_database_new (ca_file, &error);
      if (database == NULL)
        {
          g_printerr ("connect: %s\n", error->message);
          return EXIT_FAILURE;
        }
    }
  verifier = rdp_certificate_verifier_new (database, NULL);
  loop = g_main_loop_new (NULL, FALSE);

  for (int i = 1; i <= rounds; i++)
    {
      g_autoptr(RdpSettings) settings = rdp_settings_new ();
      Round r = { 0 };

      rdp_settings_set_username (settings, user ? user : "x");
      rdp_settings_set_password (settings, password ? password : "x");
      rdp_settings_set_security_protocols (settings, protocols);
      rdp_settings_set_certificate_verifier (settings, verifier);

      r.loop = loop;
      r.label = label ? label : "rdp-gio";
      r.run = i;
      r.update_ms = -1;
      r.stages = g_string_new (NULL);
      r.cpu = g_string_new (NULL);
      r.cancellable = g_cancellable_new ();
      r.client = rdp_client_new (settings);
      g_signal_connect (r.client, "progress", G_CALLBACK (progress_cb), &r);

      r.start = g_get_monotonic_time ();
      r.cpu_start = process_cpu_ms ();
      rdp_client_connect_async (r.client, host, (guint16) port, NULL, connected_cb, &r);
      r.update_timeout_id = g_timeout_add ((guint) (update_timeout * 1000 + 0.5), update_timeout_cb, &r);
      g_main_loop_run (loop);
      if (r.update_timeout_id != 0)
        g_source_remove (r.update_timeout_id);

      if (r.active_ms > 0)
        {
          g_autofree char *update = r.update_ms >= 0 ? g_strdup_printf ("%.2f", r.update_ms) : g_strdup ("NA");

          g_print ("RESULT label=%s run=%d ok=1 active_ms=%.2f first_update_ms=%s slow_pdus=%u cpu_ms=%.2f%s%s\n",
                   r.label, i, r.active_ms, update, r.slow_pdus, r.active_cpu_ms,
                   r.error ? " update_error=" : "", r.error ? r.error : "");
        }
      else
        {
          g_autofree char *message = sanitize (r.error ? r.error : "timed out");

          g_print ("RESULT label=%s run=%d ok=0 error=%s\n", r.label, i, message);
          failures++;
        }
      g_print ("STAGES label=%s run=%d%s\n", r.label, i, r.stages->str);
      g_print ("CPU label=%s run=%d%s\n", r.label, i, r.cpu->str);
      fflush (stdout);

      /* Drop the connection now, before the next round. */
      if (r.framed != NULL)
        {
          g_io_stream_close (rdp_framed_get_stream (r.framed), NULL, NULL);
          g_object_unref (r.framed);
        }
      g_object_unref (r.client);
      g_object_unref (r.cancellable);
      g_string_free (r.stages, TRUE);
      g_string_free (r.cpu, TRUE);
      g_free (r.error);
    }
  return failures == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
