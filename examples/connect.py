#!/usr/bin/python3
# connect.py: connect to an RDP server with RdpGio.Client, from Python
#
#   GI_TYPELIB_PATH=…/rdp-gio LD_LIBRARY_PATH=…/rdp-gio \
#   /usr/bin/python3 connect.py [--user USER] [--domain DOMAIN] [--kdc-proxy URL]
#       [--password-file FILE] [--ca FILE] [--trust-fingerprint SHA256]
#       [--security tls|nla|any|rdp] [--seconds N] HOST[:PORT]
#
# The same as examples/rdp-gio-connect.c: runs the connection sequence on
# the main loop, prints each stage that RdpGio.Client::progress reports with
# its elapsed time, the certificate's SHA-256 fingerprint (with TLS), the
# selected protocol and the desktop size, then counts the fast-path updates
# and X.224 PDUs for N seconds.
#
# Standard RDP Security sends the password in clear and lets a man in the
# middle downgrade a connection that allows it: it is never part of the
# default or of --security any, only of an explicit --security rdp, which
# prints a warning.
#
# In Python client.connect() is rdp_client_connect(): signals are connected
# with GObject.Object.connect(client, "progress", …).
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import argparse
import getpass
import os
import sys
import time

import gi

gi.require_version("GLib", "2.0")
gi.require_version("GObject", "2.0")
gi.require_version("Gio", "2.0")
gi.require_version("RdpGio", "1")
from gi.repository import GLib, GObject, Gio, RdpGio  # noqa: E402


def normalize_fingerprint(text):
    return "".join(c for c in text if c in "0123456789abcdefABCDEF").upper()


class ExampleVerifier(RdpGio.CertificateVerifier):
    """Trusts a pinned fingerprint, or asks on the terminal without blocking
    the main loop."""

    terminal = None

    def __init__(self, trusted_fingerprint=None, **kwargs):
        super().__init__(**kwargs)
        self.trusted_fingerprint = trusted_fingerprint

    def do_verify_async(self, host, port, certificate, errors, cancellable, callback, user_data):
        task = Gio.Task.new(self, cancellable, callback)
        fingerprint = RdpGio.tls_get_certificate_fingerprint(certificate)
        if self.trusted_fingerprint is not None:
            task.return_boolean(normalize_fingerprint(fingerprint) == self.trusted_fingerprint)
            return
        if not os.isatty(0):
            task.return_boolean(False)
            return
        print(f"The certificate of {host}:{port} is not trusted (flags 0x{int(errors):x}).\n"
              f"SHA-256 fingerprint: {fingerprint}\nTrust it for this connection? [y/N] ",
              end="", flush=True)
        if ExampleVerifier.terminal is None:
            ExampleVerifier.terminal = Gio.DataInputStream.new(Gio.UnixInputStream.new(0, False))

        def answered(stream, result):
            try:
                line, _ = stream.read_line_finish_utf8(result)
            except GLib.Error as e:
                task.return_error(e)
                return
            task.return_boolean(bool(line) and line[0] in "yY")

        ExampleVerifier.terminal.read_line_async(GLib.PRIORITY_DEFAULT, cancellable, answered)

    def do_verify_finish(self, result):
        return result.propagate_boolean()


STAGES = {
    RdpGio.ClientStage.CONNECTING: "connecting (TCP)",
    RdpGio.ClientStage.NEGOTIATING: "negotiating (X.224)",
    RdpGio.ClientStage.SECURITY_UPGRADE: "security upgrade (TLS)",
    RdpGio.ClientStage.AUTHENTICATING: "authenticating (CredSSP)",
    RdpGio.ClientStage.BASIC_SETTINGS_EXCHANGE: "basic settings exchange (MCS)",
    RdpGio.ClientStage.CHANNEL_CONNECTION: "channel connection",
    RdpGio.ClientStage.SECURE_SETTINGS_EXCHANGE: "secure settings exchange (Client Info)",
    RdpGio.ClientStage.LICENSING: "licensing",
    RdpGio.ClientStage.CAPABILITIES_EXCHANGE: "capabilities exchange",
    RdpGio.ClientStage.FINALIZATION: "finalization",
    RdpGio.ClientStage.CONNECTED: "connected: active stage",
}

P = RdpGio.SecurityProtocol
SECURITY = {
    "tls": P.TLS,
    "rdp": P.STANDARD,
    "nla": P.HYBRID | P.HYBRID_EX,
    # never Standard RDP Security: it must be asked for by name
    "any": P.TLS | P.HYBRID | P.HYBRID_EX,
}


def protocol_name(protocol):
    if protocol & P.HYBRID_EX:
        return "nla (HYBRID_EX)"
    if protocol & P.HYBRID:
        return "nla (HYBRID)"
    if protocol & P.TLS:
        return "tls"
    return "rdp (standard security)"


def read_password(args):
    """Returns the password, or None. Python strings cannot be wiped: the
    bytes read are kept in a bytearray that is zeroed after use."""
    if args.password_file is not None:
        with open(args.password_file, "rb") as f:
            buf = bytearray(f.read())
        try:
            end = len(buf)
            for i, b in enumerate(buf):
                if b in (0x0a, 0x0d):
                    end = i
                    break
            return bytes(buf[:end]).decode()
        finally:
            buf[:] = b"\0" * len(buf)
    if args.user is not None and os.isatty(0):
        return getpass.getpass(f"Password for {args.user}: ")
    return None


def main():
    parser = argparse.ArgumentParser(description="Connect to an RDP server and count its updates")
    parser.add_argument("--user", "-u")
    parser.add_argument("--domain", "-d")
    parser.add_argument("--kdc-proxy", metavar="URL",
                        help="authenticate with Kerberos through this KDC proxy (MS-KKDCP)")
    parser.add_argument("--password-file", metavar="FILE")
    parser.add_argument("--ca", metavar="FILE")
    parser.add_argument("--trust-fingerprint", metavar="SHA256")
    parser.add_argument("--security", choices=sorted(SECURITY),
                        help="tls, nla, any (tls and nla, the default) or rdp (Standard RDP "
                             "Security alone: INSECURE, the password is sent in clear)")
    parser.add_argument("--seconds", type=int, default=3)
    parser.add_argument("address", metavar="HOST[:PORT]")
    args = parser.parse_args()
    if args.seconds < 1:
        parser.error("--seconds must be at least 1")

    try:
        address = Gio.NetworkAddress.parse(args.address, 3389)
        database = Gio.TlsFileDatabase.new(args.ca) if args.ca else None
    except GLib.Error as e:
        print(f"connect.py: {e.message}", file=sys.stderr)
        return 1

    settings = RdpGio.Settings.new()
    if args.security:
        settings.set_security_protocols(SECURITY[args.security])
        if SECURITY[args.security] & P.STANDARD:
            print("connect.py: WARNING: --security rdp: Standard RDP Security sends the password "
                  "in clear and does not authenticate the server; anyone on the way can read it. "
                  "Use it only on a network you control.", file=sys.stderr)
    if args.user is not None:
        settings.set_username(args.user)
    if args.domain is not None:
        settings.set_domain(args.domain)
    if args.kdc_proxy is not None:
        settings.set_kdc_proxy_url(args.kdc_proxy)
    password = read_password(args)
    if password is None and args.user is not None:
        why = "none was typed" if os.isatty(0) else "standard input is not a terminal"
        print(f"connect.py: no password (no --password-file, and {why}): "
              "logging on with an empty one", file=sys.stderr)
    if password is not None:
        settings.set_password(password)
        del password
    pin = normalize_fingerprint(args.trust_fingerprint) if args.trust_fingerprint else None
    settings.set_certificate_verifier(ExampleVerifier(pin, database=database))

    loop = GLib.MainLoop()
    client = RdpGio.Client.new(settings)
    state = {"status": 0, "fast_path": 0, "x224": 0}
    start = time.monotonic()
    reading = Gio.Cancellable()

    def say(what):
        print(f"{(time.monotonic() - start) * 1000:8.1f} ms  {what}", flush=True)

    def fail(error):
        print(f"connect.py: {error.message}", file=sys.stderr)
        # The two errors a user can act on get a hint: the message itself is
        # translated, these lines are not, so a script can look for them.
        if error.matches(RdpGio.error_quark(), RdpGio.Error.AUTHENTICATION_FAILED):
            hint = ("check --user, --domain and the password" if args.user is not None
                    else "the server requires a login: give --user (and --password-file)")
            print(f"connect.py: authentication failed: {hint}", file=sys.stderr)
        elif error.matches(RdpGio.error_quark(), RdpGio.Error.NLA_REQUIRED):
            print("connect.py: the server requires Network Level Authentication: "
                  "allow it with --security nla or any, and give --user", file=sys.stderr)
        state["status"] = 1
        loop.quit()

    def print_counts():
        print(f"in {args.seconds} s: {state['fast_path']} fast-path updates, "
              f"{state['x224']} X.224 PDUs", flush=True)

    def pdus_read(framed, result):
        try:
            pdus = framed.read_pdus_finish(result)
        except GLib.Error as e:
            print_counts()
            if e.matches(Gio.io_error_quark(), Gio.IOErrorEnum.CANCELLED):
                loop.quit()
            else:
                fail(e)
            return
        for pdu in pdus:
            data = pdu.get_data()
            if data and (data[0] & 3) == int(RdpGio.Action.X224):
                state["x224"] += 1
            else:
                state["fast_path"] += 1
        framed.read_pdus_async(0, GLib.PRIORITY_DEFAULT, reading, pdus_read)

    def time_up():
        reading.cancel()
        return GLib.SOURCE_REMOVE

    def connected(client, result):
        try:
            connection = client.connect_finish(result)
        except GLib.Error as e:
            fail(e)
            return
        framed = client.get_framed()
        stream = framed.get_stream()
        if isinstance(stream, Gio.TlsConnection):
            certificate = stream.get_peer_certificate()
            print(f"certificate SHA-256 {RdpGio.tls_get_certificate_fingerprint(certificate)}")
            try:
                key = RdpGio.tls_get_server_public_key(certificate)
                print(f"server public key: {key.get_size()} bytes")
            except GLib.Error:
                pass
        print(f"selected protocol: {protocol_name(connection.get_selected_protocol())}")
        print(f"desktop size: {connection.get_desktop_width()}x{connection.get_desktop_height()}")
        print(f"counting updates for {args.seconds} s…", flush=True)
        GLib.timeout_add_seconds(args.seconds, time_up)
        framed.read_pdus_async(0, GLib.PRIORITY_DEFAULT, reading, pdus_read)

    GObject.Object.connect(client, "progress", lambda _client, stage: say(STAGES.get(stage, str(stage))))
    client.connect_async(address.get_hostname(), address.get_port(), None, connected)
    loop.run()
    return state["status"]


if __name__ == "__main__":
    sys.exit(main())
