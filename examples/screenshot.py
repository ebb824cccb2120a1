#!/usr/bin/python3
# screenshot.py: connect to an RDP server, wait for the first complete
# frame of its desktop, save it as a PNG, and leave.
#
#   screenshot.py HOST[:PORT] OUTPUT.png [--user USER] [--domain DOMAIN]
#                 [--password-file FILE] [--security tls|nla|any]
#                 [--known-hosts FILE] [--accept-certificate FINGERPRINT]
#                 [--timeout SECONDS]
#
# The certificate: trusted if the system's CAs or the known-hosts file vouch
# for it; else accepted only when --accept-certificate names its SHA-256
# fingerprint (as the error message prints it). The password comes from
# --password-file (or the RDP_PASSWORD environment variable), never the
# command line.
#
# "Complete" means: the whole desktop has been covered by updates, or the
# server has drawn something and then been quiet for half a second —
# whichever comes first — within --timeout (default 20 s).
#
# The PNG is written with zlib alone (no imaging library needed).
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import argparse
import os
import struct
import sys
import time
import zlib

import gi

gi.require_version("GLib", "2.0")
gi.require_version("RdpGio", "1")
from gi.repository import GLib, RdpGio  # noqa: E402


def write_png(path, width, height, stride, bgra):
    """Writes 0xFFRRGGBB little-endian words (B, G, R, A bytes) as an RGB PNG."""
    rows = bytearray()
    for y in range(height):
        row = bgra[y * stride:y * stride + width * 4]
        rgb = bytearray(width * 3)
        rgb[0::3] = row[2::4]
        rgb[1::3] = row[1::4]
        rgb[2::3] = row[0::4]
        rows += b"\x00" + rgb

    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff))

    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)))
        f.write(chunk(b"IDAT", zlib.compress(bytes(rows), 6)))
        f.write(chunk(b"IEND", b""))


def main():
    parser = argparse.ArgumentParser(description="Save an RDP server's desktop as a PNG")
    parser.add_argument("server", help="HOST[:PORT]")
    parser.add_argument("output", help="the PNG file to write")
    parser.add_argument("--user", default="")
    parser.add_argument("--domain", default=None)
    parser.add_argument("--password-file")
    parser.add_argument("--security", choices=["tls", "nla", "any"], default="any")
    parser.add_argument("--known-hosts", help="a known_hosts file (default: rdp-gio's own)")
    parser.add_argument("--accept-certificate", metavar="FINGERPRINT",
                        help="accept an untrusted certificate with this SHA-256 fingerprint")
    parser.add_argument("--timeout", type=float, default=20.0)
    args = parser.parse_args()

    host, _, port = args.server.rpartition(":") if ":" in args.server else (args.server, "", "3389")
    port = int(port or 3389)
    password = os.environ.get("RDP_PASSWORD", "")
    if args.password_file:
        with open(args.password_file) as f:
            password = f.read().rstrip("\n")

    known_hosts = RdpGio.KnownHosts.new(args.known_hosts) if args.known_hosts else None
    verifier = RdpGio.CertificateVerifier.new(None, known_hosts)

    def on_request(_verifier, request):
        def plain(fingerprint):
            return fingerprint.replace(":", "").lower()

        if args.accept_certificate and \
                plain(request.get_fingerprint()) == plain(args.accept_certificate):
            request.accept(False)
        else:
            print("%s:%u presents an untrusted certificate %s (%s); pass "
                  "--accept-certificate %s to accept it" %
                  (request.get_host(), request.get_port(), request.get_fingerprint(),
                   request.describe_errors(), request.get_fingerprint()), file=sys.stderr)
            request.reject()
        return True

    verifier.connect("certificate-request", on_request)
    settings = RdpGio.Settings.new()
    settings.set_certificate_verifier(verifier)
    settings.set_username(args.user)
    if args.domain:
        settings.set_domain(args.domain)
    settings.set_password(password)
    protocols = {
        "tls": RdpGio.SecurityProtocol.TLS,
        "nla": RdpGio.SecurityProtocol.HYBRID | RdpGio.SecurityProtocol.HYBRID_EX,
        "any": (RdpGio.SecurityProtocol.TLS | RdpGio.SecurityProtocol.HYBRID
                | RdpGio.SecurityProtocol.HYBRID_EX),
    }[args.security]
    settings.set_security_protocols(protocols)

    loop = GLib.MainLoop()
    client = RdpGio.Client.new(settings)
    state = {"error": None, "covered": set(), "last": 0.0, "done": False}

    def finish(error=None):
        if not state["done"]:
            state["done"] = True
            state["error"] = error
            loop.quit()

    def connected(c, result):
        try:
            c.connect_finish(result)
        except GLib.Error as e:
            finish("connecting: %s" % e.message)
            return
        session = c.get_session()
        fb = session.get_framebuffer()
        tiles_x = (fb.get_width() + 63) // 64
        tiles_y = (fb.get_height() + 63) // 64

        def on_updated(_s, x, y, w, h):
            # which 64 x 64 tiles the updates covered so far
            for ty in range(y // 64, (y + h + 63) // 64):
                for tx in range(x // 64, (x + w + 63) // 64):
                    state["covered"].add((tx, ty))
            state["last"] = time.monotonic()
            if len(state["covered"]) >= tiles_x * tiles_y:
                finish()

        def on_closed(_s, reason):
            finish("the session ended: %s" % (reason.message if reason else "disconnected"))

        def quiet():
            if state["done"]:
                return GLib.SOURCE_REMOVE
            if state["last"] and time.monotonic() - state["last"] > 0.5:
                finish()
                return GLib.SOURCE_REMOVE
            return GLib.SOURCE_CONTINUE

        session.connect("framebuffer-updated", on_updated)
        session.connect("closed", on_closed)
        GLib.timeout_add(100, quiet)
        state["session"] = session

    client.connect_async(host, port, None, connected)
    GLib.timeout_add(int(args.timeout * 1000), lambda: finish("no complete frame in %g s" % args.timeout))
    loop.run()

    session = state.get("session")
    if state["error"] is not None:
        print(state["error"], file=sys.stderr)
        return 1

    fb = session.get_framebuffer()
    write_png(args.output, fb.get_width(), fb.get_height(), fb.get_stride(),
              fb.get_pixels().get_data())
    print("%s: %u x %u" % (args.output, fb.get_width(), fb.get_height()))

    # leave the way a client window closing does
    box = []

    def disconnected(s, result):
        box.append(s.disconnect_finish(result))
        loop.quit()

    session.disconnect_async(None, disconnected)
    loop.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
