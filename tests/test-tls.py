#!/usr/bin/python3
# test-tls.py: the TLS upgrade, a certificate verifier written in Python and
# the known hosts, through GObject-Introspection. Prints TAP.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import os
import socket
import sys
import tempfile

import gi

gi.require_version("GLib", "2.0")
gi.require_version("Gio", "2.0")
gi.require_version("RdpGio", "1")
from gi.repository import GLib, Gio, RdpGio  # noqa: E402

# the shared TAP runner, next to this script (no __pycache__ in the source tree)
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


def expected_key(name):
    return bytes.fromhex("".join(read_text(name + ".pubkey.hex").split()))


class Verifier(RdpGio.CertificateVerifier):
    """Answers after a main-loop delay, like a dialog would."""

    def __init__(self, accept, **kwargs):
        super().__init__(**kwargs)
        self.accept = accept
        self.calls = []

    def do_verify_async(self, host, port, certificate, errors, cancellable, callback, user_data):
        self.calls.append((host, port, errors))
        task = Gio.Task.new(self, cancellable, callback)

        def answer():
            task.return_boolean(self.accept)
            return GLib.SOURCE_REMOVE

        GLib.timeout_add(50, answer)

    def do_verify_finish(self, result):
        return result.propagate_boolean()


def socket_pair():
    a, b = socket.socketpair()
    return (Gio.Socket.new_from_fd(a.detach()).connection_factory_create_connection(),
            Gio.Socket.new_from_fd(b.detach()).connection_factory_create_connection())


def upgrade(cert_name, verifier):
    """Runs a server with @cert_name and the upgrade; returns (tls, key) or
    raises the GLib.Error."""
    client, server = socket_pair()
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
                             None, client_done)
    loop.run()
    kind, value = state["client"]
    if kind == "error":
        raise value
    return value


def test_typelib():
    assert RdpGio.Error.CERTIFICATE_CHANGED != RdpGio.Error.CERTIFICATE_REJECTED


def test_public_key():
    for name in ("server-rsa", "server-ec"):
        cert = Gio.TlsCertificate.new_from_file(cert_file(name + ".pem"))
        key = RdpGio.tls_get_server_public_key(cert)
        assert key.get_data() == expected_key(name), name
        assert RdpGio.tls_get_certificate_fingerprint(cert) == read_text(name + ".sha256")


def test_validated():
    db = Gio.TlsFileDatabase.new(cert_file("ca.pem"))
    verifier = Verifier(False, database=db)
    tls, key = upgrade("server-rsa", verifier)
    assert isinstance(tls, Gio.TlsClientConnection)
    assert key.get_data() == expected_key("server-rsa")
    assert verifier.calls == []
    binding = RdpGio.tls_get_channel_binding(tls)
    assert len(binding.get_data()) == 32


def test_python_verifier_accepts():
    verifier = Verifier(True)
    tls, key = upgrade("self-signed", verifier)
    assert key.get_data() == expected_key("self-signed")
    assert len(verifier.calls) == 1
    host, port, errors = verifier.calls[0]
    assert (host, port) == ("localhost", 3389)
    assert errors & Gio.TlsCertificateFlags.UNKNOWN_CA


def test_python_verifier_refuses():
    try:
        upgrade("self-signed", Verifier(False))
    except GLib.Error as e:
        assert e.matches(RdpGio.Error.quark(), RdpGio.Error.CERTIFICATE_REJECTED), e
    else:
        raise AssertionError("accepted")


def test_no_verifier():
    try:
        upgrade("self-signed", None)
    except GLib.Error as e:
        assert e.matches(Gio.tls_error_quark(), Gio.TlsError.BAD_CERTIFICATE), e
    else:
        raise AssertionError("accepted")


def test_known_hosts():
    with tempfile.TemporaryDirectory() as d:
        kh = RdpGio.KnownHosts.new(os.path.join(d, "known_hosts"))
        cert = Gio.TlsCertificate.new_from_file(cert_file("self-signed.pem"))
        assert kh.lookup("localhost", 3389) is None
        kh.add("localhost", 3389, cert)
        assert kh.lookup("LOCALHOST", 3389) == read_text("self-signed.sha256")

        tls, key = upgrade("self-signed", RdpGio.CertificateVerifier.new(None, kh))
        assert key.get_data() == expected_key("self-signed")

        kh.add_fingerprint("localhost", 3389, read_text("self-signed-2.sha256"))
        try:
            upgrade("self-signed", RdpGio.CertificateVerifier.new(None, kh))
        except GLib.Error as e:
            assert e.matches(RdpGio.Error.quark(), RdpGio.Error.CERTIFICATE_CHANGED), e
            assert read_text("self-signed-2.sha256") in e.message
            assert read_text("self-signed.sha256") in e.message
        else:
            raise AssertionError("accepted")
        kh.remove("localhost", 3389)
        assert kh.lookup("localhost", 3389) is None


TESTS = [
    test_typelib,
    test_public_key,
    test_validated,
    test_python_verifier_accepts,
    test_python_verifier_refuses,
    test_no_verifier,
    test_known_hosts,
]


if __name__ == "__main__":
    sys.exit(rdp_test_tap.main(TESTS))
