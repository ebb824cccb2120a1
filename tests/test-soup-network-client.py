#!/usr/bin/python3
# test-soup-network-client.py: RdpSoupNetworkClient against a KDC proxy
# that misbehaves — a libsoup SoupServer on loopback, in this process,
# answering each path its own way: 403, 404, 500, 503, a reply larger than
# the 64 KiB cap (without a Content-Length, so the cap must hold while
# reading), a body that is not a KDC proxy message, and a good reply
# (which also shows the request's Content-Type). Prints TAP.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import os
import sys

import gi

gi.require_version("GLib", "2.0")
gi.require_version("Gio", "2.0")
gi.require_version("Soup", "3.0")
gi.require_version("RdpGio", "1")
from gi.repository import GLib, Gio, Soup, RdpGio  # noqa: E402

results = []
KERBEROS_MESSAGE = bytes.fromhex("6a0a3008a003020105a10102")   # an AS-REQ's first bytes


def check(ok, what, diagnostic=None):
    results.append(bool(ok))
    print("%s %d - %s" % ("ok" if ok else "not ok", len(results), what), flush=True)
    if not ok and diagnostic:
        print("# %s" % diagnostic, flush=True)


def der_length(n):
    if n < 0x80:
        return bytes([n])
    body = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(body)]) + body


def der(tag, body):
    return bytes([tag]) + der_length(len(body)) + body


def kkdcp_reply(message):
    """KDC-PROXY-MESSAGE { kerb-message [0] OCTET STRING (the 4-byte length
    and the message) } ([MS-KKDCP] 2.2.2)."""
    framed = len(message).to_bytes(4, "big") + message
    return der(0x30, der(0xa0, der(0x04, framed)))


seen = {}


def handler(server, msg, path, query, *_args):
    headers = msg.get_request_headers()
    seen[path] = headers.get_one("Content-Type")
    if path == "/forbidden":
        msg.set_status(403, None)
    elif path == "/missing":
        msg.set_status(404, None)
    elif path == "/broken":
        msg.set_status(500, None)
    elif path == "/busy":
        msg.set_status(503, None)
    elif path == "/huge":
        msg.set_status(200, None)
        msg.get_response_headers().set_encoding(Soup.Encoding.CHUNKED)
        body = msg.get_response_body()
        for _ in range(40):
            body.append(b"\x30" * 4096)
        body.complete()
    elif path == "/garbage":
        msg.set_status(200, None)
        msg.set_response("application/kerberos", Soup.MemoryUse.COPY, b"hello, I am not Kerberos")
    elif path == "/good":
        msg.set_status(200, None)
        msg.set_response("application/kerberos", Soup.MemoryUse.COPY,
                         kkdcp_reply(b"\x6b\x03\x02\x01\x05"))
    else:
        msg.set_status(500, None)


def send(loop, client, url):
    request = RdpGio.NetworkRequest.new(RdpGio.NetworkProtocol.HTTP,
                                        GLib.Uri.parse(url, GLib.UriFlags.NONE),
                                        "TEST.LOCAL", GLib.Bytes.new(KERBEROS_MESSAGE))
    box = []

    def done(c, result):
        try:
            box.append(c.send_finish(result).get_data())
        except GLib.Error as e:
            box.append(e)
        loop.quit()

    client.send_async(request, None, done)
    GLib.timeout_add_seconds(20, loop.quit)
    loop.run()
    return box[0] if box else None


def main():
    print("1..8", flush=True)
    loop = GLib.MainLoop()
    server = Soup.Server()
    server.add_handler(None, handler)
    server.listen_local(0, Soup.ServerListenOptions.IPV4_ONLY)
    port = server.get_uris()[0].get_port()
    base = "http://127.0.0.1:%d" % port
    client = RdpGio.SoupNetworkClient.new(None)

    def expect_error(path, domain, code, words, what):
        r = send(loop, client, base + path)
        ok = isinstance(r, GLib.Error) and r.domain == domain and r.code == code and \
            all(w in r.message for w in words)
        check(ok, what, r.message if isinstance(r, GLib.Error) else repr(r))

    io = GLib.quark_to_string(Gio.io_error_quark())
    rdp = GLib.quark_to_string(RdpGio.error_quark())
    expect_error("/forbidden", io, Gio.IOErrorEnum.PERMISSION_DENIED, ["403", "refused"],
                 "HTTP 403: G_IO_ERROR_PERMISSION_DENIED naming the status")
    expect_error("/missing", io, Gio.IOErrorEnum.NOT_FOUND, ["404", base],
                 "HTTP 404: G_IO_ERROR_NOT_FOUND naming the URL")
    expect_error("/broken", io, Gio.IOErrorEnum.FAILED, ["500", "failed"],
                 "HTTP 500: the proxy failed")
    expect_error("/busy", io, Gio.IOErrorEnum.FAILED, ["503"], "HTTP 503: the proxy failed")
    expect_error("/garbage", rdp, RdpGio.Error.INVALID_DATA, ["KDC proxy message"],
                 "a body that is not a KDC proxy message: RDP_ERROR_INVALID_DATA")
    r = send(loop, client, base + "/huge")
    check(isinstance(r, GLib.Error) and "too large" in r.message,
          "a 160 KiB reply with no Content-Length fails at the 64 KiB cap",
          r.message if isinstance(r, GLib.Error) else repr(r))
    r = send(loop, client, base + "/good")
    check(r == b"\x6b\x03\x02\x01\x05", "a KDC proxy message: the bare Kerberos reply", repr(r))
    check(seen.get("/good") == "application/kerberos",
          "the request's Content-Type is application/kerberos", repr(seen.get("/good")))
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
