#!/usr/bin/python3
# test-connector.py: RdpConnector, the drivers and RdpClient through
# GObject-Introspection, as Python programs use them. Prints TAP.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import os
import socket
import sys

import gi

gi.require_version("GLib", "2.0")
gi.require_version("Gio", "2.0")
gi.require_version("RdpGio", "1")
from gi.repository import GLib, GObject, Gio, RdpGio  # noqa: E402

# the shared TAP runner, next to this script (no __pycache__ in the source tree)
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rdp_test_tap  # noqa: E402

VECTORS = os.environ.get("RDP_GIO_TEST_VECTORS",
                         os.path.join(os.path.dirname(os.path.abspath(__file__)), "vectors"))

# The recorded Windows 2008 exchange, without its Platform Challenge (S6):
# the server's MAC on it checks out only with the recording client's keys
# (a zero client random and premaster secret), and a program cannot give a
# connector its random source. License Request, then STATUS_VALID_CLIENT
# is an exchange of its own ([MS-RDPELE] 3.2.5.2); the challenge is
# replayed, with those keys, by test-connector.c and test-license.c.
W2008 = [
    "w2008tls_server_s00_x224_cc_neg_rsp_flags09_ssl",
    "w2008tls_server_s01_mcs_connect_response_no_rdp_security",
    "w2008tls_server_s02_mcs_attach_user_confirm_1004",
    "w2008tls_server_s03_mcs_channel_join_confirm_1004",
    "w2008tls_server_s04_mcs_channel_join_confirm_1003",
    "w2008tls_server_s05_license_request",
    "w2008tls_server_s07_license_error_valid_client_unencrypted",
    "w2008tls_server_s08_demand_active",
    "w2008tls_server_s09_synchronize",
    "w2008tls_server_s10_control_cooperate",
    "w2008tls_server_s11_control_granted_control",
    "w2008tls_server_s12_font_map",
]


def load(name):
    with open(os.path.join(VECTORS, name + ".hex")) as f:
        return bytes.fromhex("".join(f.read().split()))


def settings(user="User", protocols=RdpGio.SecurityProtocol.TLS):
    s = RdpGio.Settings.new()
    s.set_username(user)
    s.set_password("secret")
    s.set_security_protocols(protocols)
    return s


def expect_error(func, domain, code):
    try:
        func()
    except GLib.Error as e:
        assert e.domain == GLib.quark_to_string(domain), (e.domain, e.message)
        assert e.code == int(code), (e.code, e.message)
        assert e.message
        return e
    raise AssertionError("no error raised")


def run_async(start, finish):
    loop = GLib.MainLoop()
    box = {}

    def done(source, result, *user_data):
        try:
            box["value"] = finish(source, result)
        except Exception as e:  # noqa: BLE001
            box["error"] = e
        loop.quit()

    start(done)
    timeout = GLib.timeout_add_seconds(10, lambda: loop.quit() or False)
    loop.run()
    if "value" not in box and "error" not in box:
        raise AssertionError("async call timed out")
    GLib.source_remove(timeout)
    if "error" in box:
        raise box["error"]
    return box["value"]


# --- tests ---------------------------------------------------------------

def test_enums():
    assert int(RdpGio.ConnectorState.CONNECTION_REQUEST) == 0
    assert RdpGio.ConnectorState.CONNECTED > RdpGio.ConnectorState.FINALIZATION
    assert int(RdpGio.ClientStage.CONNECTING) == 0
    assert int(RdpGio.Error.NEGOTIATION_FAILED) == 5
    assert int(RdpGio.Error.NOT_SUPPORTED) == 7


def test_connector_steps():
    connector = RdpGio.Connector.new(settings())
    states = []
    connector.connect("notify::state", lambda c, p: states.append(c.get_state()))
    assert not connector.wants_input()
    cr = connector.step(None)
    expected = load("ironrdp_x224_nego_connection_request_rdp_security_with_cookie")
    assert cr.get_data()[:11] == expected[:11]  # TPKT, X.224 header, "Cookie: "...
    assert connector.wants_input()
    assert connector.get_pdu_hint() == RdpGio.PduHint.X224
    assert connector.step(GLib.Bytes.new(load(W2008[0]))) is None
    assert connector.should_upgrade_security()
    assert connector.get_selected_protocol() == RdpGio.SecurityProtocol.TLS
    connector.mark_as_upgraded()
    assert not connector.should_perform_credssp()
    for name in W2008[1:]:
        while not connector.wants_input():
            assert connector.step(None) is not None
        connector.step(GLib.Bytes.new(load(name)))
    assert connector.get_state() == RdpGio.ConnectorState.CONNECTED
    assert states[-1] == RdpGio.ConnectorState.CONNECTED
    result = connector.get_result()
    assert result.get_share_id() == 0x000103ea
    assert result.get_io_channel_id() == 1003
    assert result.get_user_channel_id() == 1004
    assert result.get_selected_protocol() == RdpGio.SecurityProtocol.TLS
    assert result.get_desktop_width() == 1024 and result.get_desktop_height() == 768
    assert list(result.get_static_channel_names()) == []


def test_negotiation_error():
    connector = RdpGio.Connector.new(settings())
    connector.step(None)
    e = expect_error(lambda: connector.step(GLib.Bytes.new(load("ironrdp_x224_nego_confirm_failure"))),
                     RdpGio.error_quark(), RdpGio.Error.NLA_REQUIRED)
    assert "Network Level Authentication" in e.message
    assert connector.get_state() == RdpGio.ConnectorState.FAILED


def test_license_mac():
    # with keys of its own the client refuses the recorded challenge
    connector = RdpGio.Connector.new(settings())
    connector.step(None)
    connector.step(GLib.Bytes.new(load(W2008[0])))
    connector.mark_as_upgraded()
    with_challenge = W2008[1:6] + ["w2008tls_server_s06_license_platform_challenge"]
    for name in with_challenge[:-1]:
        while not connector.wants_input():
            assert connector.step(None) is not None
        connector.step(GLib.Bytes.new(load(name)))
    assert connector.get_state() == RdpGio.ConnectorState.LICENSING
    e = expect_error(lambda: connector.step(GLib.Bytes.new(load(with_challenge[-1]))),
                     RdpGio.error_quark(), RdpGio.Error.INVALID_DATA)
    assert "MAC" in e.message
    assert connector.get_state() == RdpGio.ConnectorState.FAILED


def test_drivers():
    server = b"".join(load(n) for n in W2008)
    inp = Gio.MemoryInputStream.new_from_bytes(GLib.Bytes.new(server))
    out = Gio.MemoryOutputStream.new_resizable()
    framed = RdpGio.Framed.new(Gio.SimpleIOStream.new(inp, out))
    connector = RdpGio.Connector.new(settings())
    assert run_async(lambda cb: RdpGio.connect_begin_async(framed, connector, None, cb),
                     lambda s, r: RdpGio.connect_begin_finish(r))
    assert connector.should_upgrade_security()
    connector.mark_as_upgraded()
    result = run_async(lambda cb: RdpGio.connect_finalize_async(framed, connector, None, None, cb),
                       lambda s, r: RdpGio.connect_finalize_finish(r))
    assert result.get_share_id() == 0x000103ea
    assert out.get_data_size() > 0


def test_client_timeout():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    port = listener.getsockname()[1]
    s = settings()
    s.set_property("connect-timeout", 1)
    client = RdpGio.Client.new(s)
    stages = []
    # RdpClient.connect() is rdp_client_connect(), as with Gio.SocketClient:
    # signals are connected through GObject.Object.connect
    GObject.Object.connect(client, "progress", lambda c, stage: stages.append(stage))
    expect_error(lambda: run_async(lambda cb: client.connect_async("127.0.0.1", port, None, cb),
                                   lambda c, r: c.connect_finish(r)),
                 Gio.io_error_quark(), Gio.IOErrorEnum.TIMED_OUT)
    assert stages[0] == RdpGio.ClientStage.CONNECTING
    assert client.get_framed() is None
    listener.close()


TESTS = [
    test_enums,
    test_connector_steps,
    test_negotiation_error,
    test_license_mac,
    test_drivers,
    test_client_timeout,
]


if __name__ == "__main__":
    sys.exit(rdp_test_tap.main(TESTS))
