#!/usr/bin/python3
# test-network-client.py: an RdpNetworkClient written in Python, used by the
# library through the interface, and the request type, through
# GObject-Introspection. Prints TAP.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import os
import sys

import gi

gi.require_version("GLib", "2.0")
gi.require_version("Gio", "2.0")
gi.require_version("RdpGio", "1")
from gi.repository import GLib, GObject, Gio, RdpGio  # noqa: E402

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rdp_test_tap  # noqa: E402


class EchoClient(GObject.Object, RdpGio.NetworkClient):
    """Answers every request, after a main-loop turn, with the message
    reversed; records what it was asked."""

    def __init__(self, fail=False):
        super().__init__()
        self.requests = []
        self.fail = fail

    def do_send_async(self, request, cancellable, callback, user_data):
        self.requests.append((request.get_protocol(), request.get_url().to_string(),
                              request.get_realm(), request.get_kerberos_message().get_data()))
        task = Gio.Task.new(self, cancellable, callback)
        message = request.get_kerberos_message().get_data()

        def answer():
            if self.fail:
                task.return_error(GLib.Error.new_literal(Gio.io_error_quark(), "no KDC here",
                                                         Gio.IOErrorEnum.HOST_UNREACHABLE))
            else:
                # PyGObject 3.42 puts the boxed into the GValue without a
                # reference of its own: keep the GBytes alive until finish
                self.reply = GLib.Bytes.new(message[::-1])
                task.return_value(GObject.Value(GLib.Bytes, self.reply))
            return GLib.SOURCE_REMOVE

        # on the thread-default context of the call, as a GTask's callback
        # runs there: the library's blocking wrapper iterates a private one
        source = GLib.idle_source_new()
        source.set_callback(lambda *args: answer())
        source.attach(GLib.MainContext.get_thread_default() or GLib.MainContext.default())

    def do_send_finish(self, result):
        ok, value = result.propagate_value()
        # a new GBytes for the caller (transfer full); the task keeps its own
        return GLib.Bytes.new(value.get_data())


def make_request(protocol=RdpGio.NetworkProtocol.TCP, url="tcp://kdc.example.com:88"):
    uri = GLib.Uri.parse(url, GLib.UriFlags.NONE)
    return RdpGio.NetworkRequest.new(protocol, uri, "EXAMPLE.COM", GLib.Bytes.new(b"\x6a\x81\x01request"))


def test_request_accessors():
    request = make_request(RdpGio.NetworkProtocol.HTTPS, "https://gw.example.com/KdcProxy")
    assert request.get_protocol() == RdpGio.NetworkProtocol.HTTPS
    assert request.get_url().get_host() == "gw.example.com"
    assert request.get_realm() == "EXAMPLE.COM"
    assert request.get_kerberos_message().get_data() == b"\x6a\x81\x01request"


def test_python_client_sync():
    # the library's blocking wrapper runs the Python vfuncs on its own
    # context and returns their reply
    client = EchoClient()
    reply = RdpGio.NetworkClient.send(client, make_request(), None)
    assert reply.get_data() == b"tseuqer\x01\x81\x6a", reply.get_data()
    assert client.requests == [(RdpGio.NetworkProtocol.TCP, "tcp://kdc.example.com:88", "EXAMPLE.COM",
                                b"\x6a\x81\x01request")]


def test_python_client_async():
    client = EchoClient()
    loop = GLib.MainLoop()
    results = []

    def done(source, result, _data=None):
        results.append(RdpGio.NetworkClient.send_finish(source, result))
        loop.quit()

    RdpGio.NetworkClient.send_async(client, make_request(), None, done)
    GLib.timeout_add_seconds(5, loop.quit)
    loop.run()
    assert len(results) == 1
    assert results[0].get_data() == b"tseuqer\x01\x81\x6a"


def test_python_client_error():
    client = EchoClient(fail=True)
    try:
        RdpGio.NetworkClient.send(client, make_request(), None)
    except GLib.Error as e:
        assert e.matches(Gio.io_error_quark(), Gio.IOErrorEnum.HOST_UNREACHABLE), e
    else:
        raise AssertionError("the error did not come through")


TESTS = [
    test_request_accessors,
    test_python_client_sync,
    test_python_client_async,
    test_python_client_error,
]

if __name__ == "__main__":
    sys.exit(rdp_test_tap.main(TESTS))
