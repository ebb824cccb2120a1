#!/usr/bin/python3
# test-certificate-request.py: the certificate prompt from Python, through
# RdpGio.CertificateVerifier's "certificate-request" signal, answered from a
# GLib.timeout_add as a dialog would. Doubles as an example. Prints TAP.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import os
import socket
import sys
import tempfile
import time

import gi

gi.require_version("GLib", "2.0")
gi.require_version("Gio", "2.0")
gi.require_version("RdpGio", "1")
from gi.repository import GLib, Gio, RdpGio  # noqa: E402

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rdp_test_tap  # noqa: E402

CERTS = os.path.join(os.environ.get("G_TEST_SRCDIR",
                                    os.path.dirname(os.path.abspath(__file__))), "certs")


def cert_file(name):
    return os.path.join(CERTS, name)


def read_text(name):
    with open(cert_file(name)) as f:
        return f.read().strip()


class Prompt:
    """The application's side: a "dialog" that answers @delay_ms later."""

    def __init__(self, verifier, answer, remember=False, delay_ms=200):
        self.answer = answer          # "accept", "reject" or None (never)
        self.remember = remember
        self.delay_ms = delay_ms
        self.requests = []
        self.cancelled = False
        verifier.connect("certificate-request", self.on_request)

    def on_request(self, verifier, request):
        self.requests.append(request)
        request.connect("cancelled", self.on_cancelled)
        if self.answer is not None:
            GLib.timeout_add(self.delay_ms, self.respond, request)
        return True   # we answer it, later

    def respond(self, request):
        if self.answer == "accept":
            request.accept(self.remember)
        else:
            request.reject()
        return GLib.SOURCE_REMOVE

    def on_cancelled(self, request):
        self.cancelled = True


def upgrade(cert_name, verifier, cancellable=None):
    """Runs a local TLS server with @cert_name and the upgrade; returns the
    TLS connection or raises the GLib.Error."""
    a, b = socket.socketpair()
    client = Gio.Socket.new_from_fd(a.detach()).connection_factory_create_connection()
    server = Gio.Socket.new_from_fd(b.detach()).connection_factory_create_connection()
    cert = Gio.TlsCertificate.new_from_files(cert_file(cert_name + ".pem"),
                                             cert_file(cert_name + "-key.pem"))
    server_tls = Gio.TlsServerConnection.new(server, cert)
    loop = GLib.MainLoop()
    state = {"server": False, "client": None}

    def server_done(conn, result):
        try:
            conn.handshake_finish(result)
        except GLib.Error:
            pass
        state["server"] = True
        if state["client"] is not None:
            loop.quit()

    def client_done(source, result):
        try:
            state["client"] = ("ok", RdpGio.tls_upgrade_finish(result))
        except GLib.Error as e:
            state["client"] = ("error", e)
        if state["server"]:
            loop.quit()

    server_tls.handshake_async(GLib.PRIORITY_DEFAULT, None, server_done)
    RdpGio.tls_upgrade_async(client, Gio.NetworkAddress.new("localhost", 3389), verifier,
                             cancellable, client_done)
    GLib.timeout_add_seconds(20, loop.quit)   # a hang fails, it does not block
    loop.run()
    assert state["client"] is not None, "the upgrade never completed"
    kind, value = state["client"]
    if kind == "error":
        raise value
    return value[0]


def test_accept_and_remember():
    with tempfile.TemporaryDirectory() as d:
        kh = RdpGio.KnownHosts.new(os.path.join(d, "known_hosts"))
        verifier = RdpGio.CertificateVerifier.new(None, kh)
        prompt = Prompt(verifier, "accept", remember=True)
        started = time.monotonic()
        tls = upgrade("self-signed", verifier)
        assert time.monotonic() - started >= 0.2
        assert isinstance(tls, Gio.TlsClientConnection)
        assert len(prompt.requests) == 1
        request = prompt.requests[0]
        assert request.get_host() == "localhost" and request.props.port == 3389
        assert request.props.fingerprint == read_text("self-signed.sha256")
        assert request.get_reason() == RdpGio.CertificateRequestReason.UNTRUSTED
        assert request.props.errors & Gio.TlsCertificateFlags.UNKNOWN_CA
        assert request.props.known_fingerprint is None
        assert "trusted certificate authority" in request.describe_errors()
        assert request.props.finished and not request.is_cancelled()
        # pinned: the next connection asks nobody
        assert kh.lookup("localhost", 3389) == read_text("self-signed.sha256")
        upgrade("self-signed", verifier)
        assert len(prompt.requests) == 1


def test_reject():
    verifier = RdpGio.CertificateVerifier.new(None, None)
    prompt = Prompt(verifier, "reject")
    try:
        upgrade("self-signed", verifier)
    except GLib.Error as e:
        assert e.matches(RdpGio.Error.quark(), RdpGio.Error.CERTIFICATE_REJECTED), e
        assert RdpGio.Error.get_summary(e) == "The server's certificate was rejected"
    else:
        raise AssertionError("accepted")
    assert len(prompt.requests) == 1


def test_cancelled():
    verifier = RdpGio.CertificateVerifier.new(None, None)
    prompt = Prompt(verifier, None)
    cancellable = Gio.Cancellable()
    GLib.timeout_add(200, lambda: cancellable.cancel() or GLib.SOURCE_REMOVE)
    try:
        upgrade("self-signed", verifier, cancellable)
    except GLib.Error as e:
        assert e.matches(Gio.io_error_quark(), Gio.IOErrorEnum.CANCELLED), e
    else:
        raise AssertionError("accepted")
    ctx = GLib.MainContext.default()
    while ctx.pending():
        ctx.iteration(False)
    assert prompt.cancelled
    request = prompt.requests[0]
    assert request.is_finished()
    request.accept(True)   # too late: no effect, no error


def test_no_handler_trust_and_retry():
    """A known-hosts-only application: the error names the certificate, the
    user trusts it, the application pins it and connects again."""
    with tempfile.TemporaryDirectory() as d:
        kh = RdpGio.KnownHosts.new(os.path.join(d, "known_hosts"))
        verifier = RdpGio.CertificateVerifier.new(None, kh)
        try:
            upgrade("self-signed", verifier)
        except GLib.Error as e:
            assert e.matches(Gio.tls_error_quark(), Gio.TlsError.BAD_CERTIFICATE), e
            assert RdpGio.Error.get_summary(e) == "The server's certificate is not trusted"
            found, certificate, fingerprint = RdpGio.tls_error_get_certificate(e)
            assert found
            assert fingerprint == read_text("self-signed.sha256")
            assert certificate is not None
            kh.add("localhost", 3389, certificate)
        else:
            raise AssertionError("accepted")
        upgrade("self-signed", verifier)


def test_strings():
    assert RdpGio.client_stage_to_string(RdpGio.ClientStage.CONNECTED) == "Connected"
    assert RdpGio.security_protocol_to_string(RdpGio.SecurityProtocol.TLS) == "TLS"


TESTS = [
    test_accept_and_remember,
    test_reject,
    test_cancelled,
    test_no_handler_trust_and_retry,
    test_strings,
]


if __name__ == "__main__":
    sys.exit(rdp_test_tap.main(TESTS))
