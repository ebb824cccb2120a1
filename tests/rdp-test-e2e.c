/* rdp-test-e2e.c: the fixture handling shared by the end-to-end tests
 * (test-e2e-tls.c, test-e2e-connect.c): running tests/e2e/start-*.sh and
 * stop.sh bounded in time, stopping the server from a signal handler when the
 * test is killed, and the parent's part of a test against one server.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "rdp-test-e2e.h"

#define START_TIMEOUT_S 35   /* the scripts wait at most 20 s for a port */
#define STOP_TIMEOUT_S 20    /* stop.sh: 5 s of grace, then SIGKILL */

/* ---- running the fixture scripts, bounded in time ---- */

typedef struct {
  GMainLoop *loop;
  GSubprocess *process;
  GCancellable *cancellable;
  char *out;
  char *err;
  gboolean done;
  gboolean timed_out;
} ScriptRun;

static void
communicate_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  ScriptRun *run = user_data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &run->out, &run->err, &error);
  if (error && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_test_message ("reading the script's output: %s", error->message);
  run->done = TRUE;
  g_main_loop_quit (run->loop);
}

static gboolean
script_timeout_cb (gpointer user_data)
{
  ScriptRun *run = user_data;

  run->timed_out = TRUE;
  g_subprocess_force_exit (run->process);
  g_cancellable_cancel (run->cancellable);
  return G_SOURCE_REMOVE;
}

/* Runs @argv, returns its exit status (-1 when it did not exit normally or
 * timed out) and its stdout and stderr. */
int
rdp_test_e2e_run_script (const char * const *argv,
                         guint               timeout_s,
                         char              **out_stdout,
                         char              **out_stderr)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GSource) timeout = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  static const char * const unset[] = {
    "MALLOC_CHECK_", "MALLOC_PERTURB_", "G_DEBUG", "G_SLICE", "G_MESSAGES_DEBUG", "GIO_USE_VFS",
    /* test-e2e-secrets' free() scanner, meant for its client */
    "LD_PRELOAD", "RDP_FREE_SCANNER_NEEDLES",
  };
  ScriptRun run = { 0 };
  int status = -1;
  gsize i;

  g_main_context_push_thread_default (context);
  run.loop = g_main_loop_new (context, FALSE);
  run.cancellable = g_cancellable_new ();
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  /* The servers are not ours to debug: keep the test's malloc and GLib
   * debugging settings away from them. */
  for (i = 0; i < G_N_ELEMENTS (unset); i++)
    g_subprocess_launcher_unsetenv (launcher, unset[i]);
  run.process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);

  timeout = g_timeout_source_new_seconds (timeout_s);
  g_source_set_callback (timeout, script_timeout_cb, &run, NULL);
  g_source_attach (timeout, context);

  g_subprocess_communicate_utf8_async (run.process, NULL, run.cancellable, communicate_cb, &run);
  while (!run.done)
    g_main_loop_run (run.loop);
  g_source_destroy (timeout);

  if (!run.timed_out)
    {
      /* stdout is closed; the script exits right after */
      g_subprocess_wait (run.process, NULL, NULL);
      if (g_subprocess_get_if_exited (run.process))
        status = g_subprocess_get_exit_status (run.process);
    }
  else
    {
      g_test_message ("%s did not finish within %u s", argv[0], timeout_s);
      g_subprocess_wait (run.process, NULL, NULL);
    }

  if (out_stdout)
    *out_stdout = g_steal_pointer (&run.out);
  if (out_stderr)
    *out_stderr = g_steal_pointer (&run.err);
  g_free (run.out);
  g_free (run.err);
  g_object_unref (run.process);
  g_object_unref (run.cancellable);
  g_main_loop_unref (run.loop);
  g_main_context_pop_thread_default (context);
  return status;
}

/* ---- stopping the server even when the test is killed ---- */

/* Prepared before the server starts, so that the signal handler need not
 * allocate: fork() and execv() are async-signal-safe. */
static char *stop_argv[4];

static void
run_stop_from_signal (int sig)
{
  pid_t pid;

  if (stop_argv[0] != NULL)
    {
      pid = fork ();
      if (pid == 0)
        {
          /* out of the test's process group, which meson kills next */
          setsid ();
          execv (stop_argv[0], stop_argv);
          _exit (127);
        }
      if (pid > 0)
        while (waitpid (pid, NULL, 0) < 0 && errno == EINTR)
          ;
    }
  signal (sig, SIG_DFL);
  raise (sig);
}

static void
install_stop_handler (const char *dir)
{
  stop_argv[0] = g_strdup ("/bin/bash");
  stop_argv[1] = g_test_build_filename (G_TEST_DIST, "e2e", "stop.sh", NULL);
  stop_argv[2] = g_strdup (dir);
  stop_argv[3] = NULL;
  signal (SIGTERM, run_stop_from_signal);
  signal (SIGINT, run_stop_from_signal);
  signal (SIGHUP, run_stop_from_signal);
}

static void
stop_server (const char *dir)
{
  g_autofree char *out = NULL;
  int status;

  signal (SIGTERM, SIG_DFL);
  signal (SIGINT, SIG_DFL);
  signal (SIGHUP, SIG_DFL);
  status = rdp_test_e2e_run_script ((const char * const *) stop_argv, STOP_TIMEOUT_S, &out, NULL);
  g_test_message ("stop.sh %s: status %d, %s", dir, status, out ? g_strstrip (out) : "");
  g_clear_pointer (&stop_argv[0], g_free);
  g_clear_pointer (&stop_argv[1], g_free);
  g_clear_pointer (&stop_argv[2], g_free);
}

static void
remove_dir (const char *dir)
{
  const char *argv[] = { "rm", "-rf", "--", dir, NULL };

  rdp_test_e2e_run_script (argv, 20, NULL, NULL);
}

static GHashTable *
parse_key_values (const char *text)
{
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto(GStrv) lines = g_strsplit (text ? text : "", "\n", -1);
  guint i;

  for (i = 0; lines[i]; i++)
    {
      const char *eq = strchr (lines[i], '=');

      if (eq && eq != lines[i])
        g_hash_table_replace (table, g_strndup (lines[i], eq - lines[i]), g_strdup (eq + 1));
    }
  return table;
}

static void
print_log_tail (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length;
  const char *start;

  if (!path || !g_file_get_contents (path, &contents, &length, NULL))
    return;
  start = length > 3000 ? contents + length - 3000 : contents;
  g_test_message ("---- end of %s ----\n%s\n----", path, start);
}

/* ---- the test against one server (in the parent) ---- */

void
rdp_test_e2e_run_server (const char         *name,
                         const char         *script_name,
                         const char * const *args,
                         gsize               n_args,
                         guint               client_timeout_s,
                         const char         *server_index)
{
  g_autofree char *script = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GHashTable) kv = NULL;
  g_autoptr(GPtrArray) argv = NULL;
  g_autoptr(GError) error = NULL;
  const char *port, *cert;
  gboolean passed;
  guint i;
  int status;

  if (!g_tls_backend_supports_tls (g_tls_backend_get_default ()))
    {
      g_test_skip ("GIO has no TLS backend (apt-get install glib-networking)");
      return;
    }

  script = g_test_build_filename (G_TEST_DIST, "e2e", script_name, NULL);
  dir = g_dir_make_tmp ("rdp-gio-e2e-XXXXXX", &error);
  g_assert_no_error (error);
  install_stop_handler (dir);

  argv = g_ptr_array_new ();
  g_ptr_array_add (argv, (gpointer) "/bin/bash");
  g_ptr_array_add (argv, script);
  g_ptr_array_add (argv, dir);
  for (i = 0; i < n_args && args[i]; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  status = rdp_test_e2e_run_script ((const char * const *) argv->pdata, START_TIMEOUT_S, &out, &err);
  if (status == 77)
    {
      g_autofree char *why = g_strdup_printf ("%s: %s", name, err ? g_strstrip (err) : "missing package");

      stop_server (dir);
      remove_dir (dir);
      g_test_skip (why);
      return;
    }
  if (status != 0)
    {
      g_test_message ("%s failed with status %d:\n%s\n%s", script_name, status,
                      out ? out : "", err ? err : "");
      stop_server (dir);
      g_test_fail_printf ("%s did not start (logs kept in %s)", name, dir);
      return;
    }

  kv = parse_key_values (out);
  port = g_hash_table_lookup (kv, "PORT");
  cert = g_hash_table_lookup (kv, "CERT");
  g_test_message ("%s: port %s, pid %s, certificate %s", name,
                  port ? port : "?", (char *) g_hash_table_lookup (kv, "PID"), cert ? cert : "?");
  if (!port || !cert)
    {
      stop_server (dir);
      g_test_fail_printf ("%s printed no PORT/CERT: %s", script_name, out);
      return;
    }

  /* every KEY=VALUE of the fixture reaches the client as RDP_E2E_KEY
   * (RDP_E2E_PORT, RDP_E2E_CERT, RDP_E2E_RDP_USER, …) */
  {
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init (&iter, kv);
    while (g_hash_table_iter_next (&iter, &key, &value))
      {
        g_autofree char *name = g_strconcat ("RDP_E2E_", (char *) key, NULL);

        g_setenv (name, value, TRUE);
      }
  }
  if (server_index)
    g_setenv ("RDP_E2E_SERVER", server_index, TRUE);
  g_test_trap_subprocess (NULL, (guint64) client_timeout_s * G_USEC_PER_SEC,
                          G_TEST_SUBPROCESS_INHERIT_STDERR);
  {
    GHashTableIter iter;
    gpointer key;

    g_hash_table_iter_init (&iter, kv);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      {
        g_autofree char *name = g_strconcat ("RDP_E2E_", (char *) key, NULL);

        g_unsetenv (name);
      }
  }
  if (server_index)
    g_unsetenv ("RDP_E2E_SERVER");
  passed = g_test_trap_has_passed ();

  if (!passed)
    print_log_tail (g_hash_table_lookup (kv, "LOG"));
  stop_server (dir);
  if (passed)
    remove_dir (dir);
  else
    g_test_message ("logs kept in %s", dir);

  g_test_trap_assert_passed ();
}
