/* test-vala-connect.vala: rdp-gio from Vala, through rdp-gio-1.vapi: connect
 * to a real server (tests/e2e/run-with-server.sh exports RDP_E2E_PORT and
 * RDP_E2E_CERT), answer the certificate prompt 200 ms later as a dialog
 * would, read a few PDUs of the active stage, connect again without a
 * prompt (the certificate was remembered). Prints TAP.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

int n_tests = 0;
bool failed = false;

void check (bool ok, string what, string? diagnostic = null) {
    n_tests++;
    print ("%s %d - %s\n", ok ? "ok" : "not ok", n_tests, what);
    if (!ok) {
        failed = true;
        if (diagnostic != null)
            print ("# %s\n", diagnostic);
    }
}

async void run (string host, uint16 port, string expected_fingerprint, string known_hosts_path) {
    var known_hosts = new Rdp.KnownHosts (known_hosts_path);
    var verifier = new Rdp.CertificateVerifier (null, known_hosts);
    var settings = new Rdp.Settings ();
    settings.set_certificate_verifier (verifier);
    settings.set_security_protocols (Rdp.SecurityProtocol.TLS);
    settings.set_username ("rdpgio");
    settings.set_password ("rdpgio");

    int requests = 0;
    int64 asked_at = 0;
    int64 answered_at = 0;
    string? fingerprint = null;

    verifier.certificate_request.connect ((request) => {
        requests++;
        fingerprint = request.fingerprint;
        asked_at = GLib.get_monotonic_time ();
        GLib.Timeout.add (200, () => {
            answered_at = GLib.get_monotonic_time ();
            request.accept (true);
            return GLib.Source.REMOVE;
        });
        return true;
    });

    var client = new Rdp.Client (settings);
    var stages = new GLib.StringBuilder ();
    client.progress.connect ((stage) => {
        /* rdp_client_stage_to_string (): translated words for a status line */
        stages.append_printf ("%s%s", stages.len > 0 ? ", " : "", stage.to_string ());
    });

    try {
        var result = yield client.connect_async (host, port, null);
        check (true, "connected to %s:%u (%s)".printf (host, port,
               result.get_selected_protocol ().to_string ()));
        print ("# stages: %s\n", stages.str);
    } catch (GLib.Error e) {
        check (false, "connected to %s:%u".printf (host, port),
               "%s: %s".printf (Rdp.Error.get_summary (e), e.message));
        return;
    }
    check (requests == 1 && fingerprint == expected_fingerprint,
           "one certificate request, with the server's fingerprint",
           "%d requests, fingerprint %s, expected %s".printf (requests, fingerprint,
                                                              expected_fingerprint));
    check (answered_at - asked_at >= 200 * 1000,
           "the connection waited for the answer, 200 ms later");

    try {
        check (known_hosts.lookup (host, port) == expected_fingerprint,
               "accept (remember = true) pinned the certificate");
    } catch (GLib.Error e) {
        check (false, "accept (remember = true) pinned the certificate", e.message);
    }

    var framed = client.get_framed ();
    int pdus = 0;
    try {
        for (pdus = 0; pdus < 3; pdus++) {
            Rdp.Action action;
            var pdu = yield framed.read_pdu_async (GLib.Priority.DEFAULT, null, out action);
            print ("# PDU %d: %s, %u bytes\n", pdus + 1,
                   action == Rdp.Action.FAST_PATH ? "fast-path" : "X.224", (uint) pdu.get_size ());
        }
    } catch (GLib.Error e) {
        print ("# %s\n", e.message);
    }
    check (pdus == 3, "read 3 PDUs of the active stage");
    try {
        framed.get_stream ().close ();
    } catch (GLib.Error e) {
    }

    /* the pinned certificate: no question the second time */
    var again = new Rdp.Client (settings);
    try {
        yield again.connect_async (host, port, null);
        check (requests == 1, "the second connection needed no prompt");
    } catch (GLib.Error e) {
        check (false, "the second connection needed no prompt", e.message);
    }
}

int main (string[] args) {
    var port = GLib.Environment.get_variable ("RDP_E2E_PORT");
    var cert_path = GLib.Environment.get_variable ("RDP_E2E_CERT");
    if (port == null || cert_path == null) {
        print ("1..0 # SKIP run me with tests/e2e/run-with-server.sh\n");
        return 0;
    }

    string expected;
    try {
        expected = Rdp.tls_get_certificate_fingerprint (new GLib.TlsCertificate.from_file (cert_path));
    } catch (GLib.Error e) {
        print ("1..1\nnot ok 1 - read %s: %s\n", cert_path, e.message);
        return 1;
    }
    string dir;
    try {
        dir = GLib.DirUtils.make_tmp ("rdp-gio-vala-XXXXXX");
    } catch (GLib.Error e) {
        print ("1..1\nnot ok 1 - %s\n", e.message);
        return 1;
    }
    var known_hosts_path = GLib.Path.build_filename (dir, "known_hosts");

    print ("1..6\n");
    var loop = new GLib.MainLoop ();
    /* "localhost": the certificate is made for CN=localhost, but it is
     * self-signed, so it is asked about all the same */
    run.begin ("localhost", (uint16) int.parse (port), expected, known_hosts_path, (obj, res) => {
        run.end (res);
        loop.quit ();
    });
    loop.run ();
    while (n_tests < 6)
        check (false, "not reached");

    GLib.FileUtils.remove (known_hosts_path);
    GLib.FileUtils.remove (known_hosts_path + ".lock");
    GLib.DirUtils.remove (dir);
    return failed ? 1 : 0;
}
