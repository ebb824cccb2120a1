#!/usr/bin/python3
# test-python-connect.py: rdp-gio from Python: connect to a real server
# (tests/e2e/run-with-server.sh exports RDP_E2E_PORT and RDP_E2E_CERT),
# answer the certificate prompt 200 ms later from a GLib.timeout_add, as a
# dialog would, read a few PDUs of the active stage, then connect again
# without a prompt (the certificate was remembered). Prints TAP. Doubles as
# an example: a whole program.
#
#   /usr/bin/python3 test-python-connect.py   (with RDP_E2E_PORT and RDP_E2E_CERT)
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import os
import shutil
import sys
import tempfile

import gi

gi.require_version("GLib", "2.0")
gi.require_version("Gio", "2.0")
gi.require_version("RdpGio", "1")
from gi.repository import GLib, GObject, Gio, RdpGio  # noqa: E402

PLAN = 6
results = []


def check(ok, what, diagnostic=None):
    results.append(ok)
    print("%s %d - %s" % ("ok" if ok else "not ok", len(results), what), flush=True)
    if not ok and diagnostic:
        print("# %s" % diagnostic, flush=True)


def wait(loop, start):
    """Runs @start (which gets a callback) and the main loop until the
    callback comes; returns what it was given."""
    box = []

    def done(source, result, *_args):
        box.append((source, result))
        loop.quit()

    start(done)
    loop.run()
    return box[0]


def run(loop, host, port, expected, known_hosts_path):
    known_hosts = RdpGio.KnownHosts.new(known_hosts_path)
    verifier = RdpGio.CertificateVerifier.new(None, known_hosts)
    settings = RdpGio.Settings.new()
    settings.set_certificate_verifier(verifier)
    settings.set_security_protocols(RdpGio.SecurityProtocol.TLS)
    settings.set_username("rdpgio")
    settings.set_password("rdpgio")

    # The certificate prompt, answered later as a dialog would.
    requests = []
    times = {}

    def on_request(_verifier, request):
        requests.append(request)
        times["asked"] = GLib.get_monotonic_time()
        print("# %s:%u presents %s: %s" % (request.get_host(), request.get_port(),
                                           request.get_fingerprint(), request.describe_errors()))

        def answer():
            times["answered"] = GLib.get_monotonic_time()
            request.accept(True)   # trust it, and remember it
            return GLib.SOURCE_REMOVE

        GLib.timeout_add(200, answer)
        return True   # answered later

    verifier.connect("certificate-request", on_request)

    client = RdpGio.Client.new(settings)
    stages = []
    # RdpGio.Client.connect() is the blocking connection, which hides
    # GObject's connect(): the signal is connected with GObject's own.
    GObject.Object.connect(client, "progress",
                           lambda _client, stage: stages.append(RdpGio.ClientStage.to_string(stage)))

    source, result = wait(loop, lambda done: client.connect_async(host, port, None, done))
    try:
        connection = source.connect_finish(result)
    except GLib.Error as e:
        check(False, "connected to %s:%d" % (host, port), "%s: %s" % (RdpGio.Error.get_summary(e), e.message))
        return
    check(True, "connected to %s:%d (%s)" % (host, port,
                                             RdpGio.SecurityProtocol.to_string(connection.get_selected_protocol())))
    print("# stages: %s" % ", ".join(stages))
    check(len(requests) == 1 and requests[0].get_fingerprint() == expected,
          "one certificate request, with the server's fingerprint",
          "%d requests, expected %s" % (len(requests), expected))
    check(times.get("answered", 0) - times.get("asked", 0) >= 200 * 1000,
          "the connection waited for the answer, 200 ms later")
    check(known_hosts.lookup(host, port) == expected, "accept(True) pinned the certificate")

    framed = client.get_framed()
    pdus = 0
    try:
        for pdus in range(1, 4):
            src, res = wait(loop, lambda done: framed.read_pdu_async(GLib.PRIORITY_DEFAULT, None, done))
            pdu, action = src.read_pdu_finish(res)
            print("# PDU %d: %s, %d bytes" % (pdus, "fast-path" if action == RdpGio.Action.FAST_PATH else "X.224",
                                              pdu.get_size()))
    except GLib.Error as e:
        pdus -= 1
        print("# %s" % e.message)
    check(pdus == 3, "read 3 PDUs of the active stage")
    framed.get_stream().close(None)

    second = RdpGio.Client.new(settings)
    src, res = wait(loop, lambda done: second.connect_async(host, port, None, done))
    try:
        src.connect_finish(res)
        check(len(requests) == 1, "the second connection needed no prompt")
    except GLib.Error as e:
        check(False, "the second connection needed no prompt", e.message)


def main():
    port = os.environ.get("RDP_E2E_PORT")
    cert_path = os.environ.get("RDP_E2E_CERT")
    if not port or not cert_path:
        print("1..0 # SKIP run me with tests/e2e/run-with-server.sh")
        return 0
    expected = RdpGio.tls_get_certificate_fingerprint(Gio.TlsCertificate.new_from_file(cert_path))
    tmp = tempfile.mkdtemp(prefix="rdp-gio-py-")
    print("1..%d" % PLAN, flush=True)
    try:
        run(GLib.MainLoop(), "localhost", int(port), expected, os.path.join(tmp, "known_hosts"))
    except Exception as e:  # a test failure, not a crash of the runner
        check(False, "no exception", repr(e))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    while len(results) < PLAN:
        check(False, "not reached")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
