/* rdp-test-e2e.h: the fixture handling shared by the end-to-end tests
 * (test-e2e-tls.c, test-e2e-connect.c)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Runs @argv, returns its exit status (-1 when it did not exit normally or
 * timed out) and its stdout and stderr. */
int  rdp_test_e2e_run_script (const char * const *argv,
                              guint               timeout_s,
                              char              **out_stdout,
                              char              **out_stderr);

/* The parent's part of a test against a real server (call it when not
 * g_test_subprocess()): skips when GIO has no TLS backend; runs
 * tests/e2e/@script_name in a fresh private directory with the first
 * @n_args (or up to the first NULL) of @args, bounded in time (exit status
 * 77 skips the test); installs a SIGTERM/SIGINT/SIGHUP handler that runs
 * tests/e2e/stop.sh; runs the current test in a g_test_trap_subprocess()
 * child for at most @client_timeout_s, with RDP_E2E_PORT and RDP_E2E_CERT
 * set from the script's KEY=VALUE output (and RDP_E2E_SERVER set to
 * @server_index unless it is NULL); always stops the server, prints the
 * tail of its log and keeps the directory when the child failed, and
 * asserts that the child passed. */
void rdp_test_e2e_run_server (const char         *name,
                              const char         *script_name,
                              const char * const *args,
                              gsize               n_args,
                              guint               client_timeout_s,
                              const char         *server_index);

G_END_DECLS
