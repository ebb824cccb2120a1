#!/usr/bin/env python3
# rdp-check.py: does an RDP server accept these credentials? A second,
# independent NLA client for the end-to-end tests, built on impacket's NTLM
# (impacket.ntlm) and nothing of rdp-gio.
#
#   rdp-check.py [--cert PEM] [--domain D] HOST PORT USER PASSWORD
#
# It negotiates HYBRID in the X.224 Connection Request, upgrades to TLS
# (checked against PEM and HOST when --cert is given, else not checked), and
# runs CredSSP version 2 with NTLM: TSRequest(NEGOTIATE), the server's
# CHALLENGE, TSRequest(AUTHENTICATE + pubKeyAuth, the TLS certificate's
# public key sealed). A server that accepts answers with its own pubKeyAuth,
# the public key with its first byte plus one sealed with the server's
# keys, which is checked; then it stops (it sends no TSCredentials, so no
# session is logged on).
#
# Prints one line "VERDICT=granted|denied|error" and a line "DETAIL=...";
# exits 0 (granted), 1 (denied: the server answered the AUTHENTICATE with an
# errorCode, with something that is not a TSRequest, e.g. the Deactivate All
# PDU of gnome-remote-desktop, or by closing the connection) or 2 (anything
# else, including a server that fails to prove it holds the certificate's
# key). Exit status 77 when impacket or its crypto modules are missing.
#
# Debian packages: python3-impacket (brings python3-pycryptodome), python3-cryptography.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
import argparse
import socket
import ssl
import struct
import sys

try:
    from impacket import ntlm
    from Cryptodome.Cipher import ARC4
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization
except ImportError as e:
    print(f"rdp-check.py: {e} (apt-get install python3-impacket python3-cryptography)",
          file=sys.stderr)
    sys.exit(77)

PROTOCOL_SSL = 1
PROTOCOL_HYBRID = 2
TIMEOUT_S = 10


class Denied(Exception):
    pass


# ---- a few DER helpers (definite lengths only, as CredSSP uses) ----

def der_len(n):
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def der(tag, content):
    return bytes([tag]) + der_len(len(content)) + content


def der_int(value):
    return der(0x02, value.to_bytes(max(1, (value.bit_length() + 8) // 8), "big", signed=True))


def der_parse(data):
    """Splits @data into a list of (tag, content) TLVs."""
    items, i = [], 0
    while i < len(data):
        if i + 2 > len(data):
            raise ValueError("truncated DER")
        tag, n = data[i], data[i + 1]
        i += 2
        if n & 0x80:
            k = n & 0x7F
            if k == 0 or k > 4 or i + k > len(data):
                raise ValueError("bad DER length")
            n = int.from_bytes(data[i:i + k], "big")
            i += k
        if i + n > len(data):
            raise ValueError("DER value runs past its end")
        items.append((tag, data[i:i + n]))
        i += n
    return items


def ts_request(nego_token=None, pub_key_auth=None):
    """TSRequest ::= SEQUENCE { version [0] INTEGER, negoTokens [1] NegoData
    OPTIONAL, authInfo [2], pubKeyAuth [3] OCTET STRING OPTIONAL, ... }"""
    body = der(0xA0, der_int(2))
    if nego_token is not None:
        body += der(0xA1, der(0x30, der(0x30, der(0xA0, der(0x04, nego_token)))))
    if pub_key_auth is not None:
        body += der(0xA3, der(0x04, pub_key_auth))
    return der(0x30, body)


def parse_ts_request(data):
    """Returns a dict: version, nego_token, pub_key_auth, error_code."""
    (tag, body), = der_parse(data)
    if tag != 0x30:
        raise ValueError("TSRequest is not a SEQUENCE")
    out = {}
    for tag, value in der_parse(body):
        (inner_tag, inner), = der_parse(value)
        if tag == 0xA0:
            out["version"] = int.from_bytes(inner, "big", signed=True)
        elif tag == 0xA1:   # SEQUENCE OF SEQUENCE { [0] OCTET STRING }
            (_, first), = der_parse(inner)[:1]
            (_, token_tlv), = der_parse(first)[:1]
            (_, out["nego_token"]), = der_parse(token_tlv)
        elif tag == 0xA3:
            out["pub_key_auth"] = inner
        elif tag == 0xA4:
            out["error_code"] = int.from_bytes(inner, "big", signed=True) & 0xFFFFFFFF
    return out


# ---- transport ----

def recv_exact(sock, n):
    buf = b""
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            raise EOFError("the server closed the connection")
        buf += chunk
    return buf


def recv_ts_request(sock):
    """Reads one DER TLV: returns (its content, its header); (None, the first
    two bytes) when they do not start a SEQUENCE (a TPKT starts with 3)."""
    head = recv_exact(sock, 2)
    if head[0] != 0x30:
        return None, head
    n = head[1]
    extra = b""
    if n & 0x80:
        extra = recv_exact(sock, n & 0x7F)
        n = int.from_bytes(extra, "big")
    return recv_exact(sock, n), head + extra


def x224_connect(sock, user):
    cookie = f"Cookie: mstshash={user[:9]}\r\n".encode("ascii", "replace")
    neg_req = struct.pack("<BBHI", 1, 0, 8, PROTOCOL_SSL | PROTOCOL_HYBRID)
    # code CR, DST-REF, SRC-REF, class 0
    cr = struct.pack(">BHHB", 0xE0, 0, 0, 0) + cookie + neg_req
    tpdu = bytes([len(cr)]) + cr
    sock.sendall(struct.pack(">BBH", 3, 0, 4 + len(tpdu)) + tpdu)
    header = recv_exact(sock, 4)
    if header[0] != 3:
        raise RuntimeError("no TPKT in answer to the Connection Request")
    cc = recv_exact(sock, struct.unpack(">H", header[2:4])[0] - 4)
    if len(cc) < 7 or cc[1] != 0xD0:
        raise RuntimeError("no X.224 Connection Confirm")
    neg = cc[7:]
    if len(neg) < 8:
        raise RuntimeError("the server does not negotiate (Standard RDP Security only)")
    kind, _, _, value = struct.unpack("<BBHI", neg[:8])
    if kind == 3:
        raise RuntimeError(f"the server refused the negotiation (RDP_NEG_FAILURE code {value})")
    if kind != 2:
        raise RuntimeError(f"unexpected negotiation answer type {kind}")
    if value not in (PROTOCOL_HYBRID, 8):
        raise RuntimeError(f"the server selected protocol {value}, not NLA")
    return value


def public_key_of(tls):
    cert = x509.load_der_x509_certificate(tls.getpeercert(binary_form=True))
    # CredSSP binds the subjectPublicKey BIT STRING's content (for RSA the
    # PKCS#1 RSAPublicKey)
    return cert.public_key().public_bytes(serialization.Encoding.DER,
                                          serialization.PublicFormat.PKCS1)


def check(host, port, user, password, domain, cert):
    sock = socket.create_connection((host, port), timeout=TIMEOUT_S)
    try:
        x224_connect(sock, user)
        if cert:
            ctx = ssl.create_default_context(cafile=cert)
        else:
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE
        tls = ctx.wrap_socket(sock, server_hostname=host)
        sock = tls
        public_key = public_key_of(tls)

        negotiate = ntlm.getNTLMSSPType1("", "", signingRequired=True)
        tls.sendall(ts_request(nego_token=negotiate.getData()))
        body, head = recv_ts_request(tls)
        if body is None:
            raise RuntimeError(f"no TSRequest in answer to NEGOTIATE (first bytes {head.hex()})")
        challenge = parse_ts_request(head + body)
        if "nego_token" not in challenge:
            raise RuntimeError(f"no CHALLENGE (errorCode {challenge.get('error_code', 0):#x})")

        # the NT hash, not the password: impacket 0.10 squeezes a password
        # through latin-1 on the way (U+0308 or U+20AC fail)
        authenticate, session_key = ntlm.getNTLMSSPType3(
            negotiate, challenge["nego_token"], user, "", domain,
            nthash=ntlm.compute_nthash(password))
        flags = authenticate["flags"]
        client_seal = ARC4.new(ntlm.SEALKEY(flags, session_key, "Client"))
        sealed, signature = ntlm.SEAL(flags, ntlm.SIGNKEY(flags, session_key, "Client"),
                                      ntlm.SEALKEY(flags, session_key, "Client"),
                                      public_key, public_key, 0, client_seal.encrypt)
        tls.sendall(ts_request(nego_token=authenticate.getData(),
                               pub_key_auth=signature.getData() + sealed))

        # From here on, anything but the server's pubKeyAuth is a refusal.
        try:
            body, head = recv_ts_request(tls)
        except (EOFError, ConnectionError, ssl.SSLError) as e:
            raise Denied(f"the server ended the connection after AUTHENTICATE ({e})")
        if body is None:
            raise Denied("the server answered AUTHENTICATE with something that is not a "
                         f"TSRequest (first bytes {head.hex()})")
        reply = parse_ts_request(head + body)
        if reply.get("error_code"):
            raise Denied(f"errorCode {reply['error_code']:#010x}")
        if "pub_key_auth" not in reply:
            raise RuntimeError("the server's TSRequest has no pubKeyAuth")
        server_seal = ARC4.new(ntlm.SEALKEY(flags, session_key, "Server"))
        auth = reply["pub_key_auth"]
        if len(auth) < 16:
            raise RuntimeError("the server's pubKeyAuth is too short")
        echoed = server_seal.decrypt(auth[16:])
        expected = bytes([(public_key[0] + 1) & 0xFF]) + public_key[1:]
        if echoed != expected:
            raise RuntimeError("the server's pubKeyAuth does not match the certificate's key")
        return f"the server proved its key (selected CredSSP version {reply.get('version')})"
    finally:
        sock.close()


def main():
    parser = argparse.ArgumentParser(description="Does an RDP server accept these credentials (NLA)?")
    parser.add_argument("--cert", help="PEM certificate to trust (checked against HOST)")
    parser.add_argument("--domain", default="")
    parser.add_argument("host")
    parser.add_argument("port", type=int)
    parser.add_argument("user")
    parser.add_argument("password")
    args = parser.parse_args()
    try:
        detail = check(args.host, args.port, args.user, args.password, args.domain, args.cert)
        verdict, status = "granted", 0
    except Denied as e:
        verdict, status, detail = "denied", 1, str(e)
    except Exception as e:  # noqa: BLE001 - every other failure is an error verdict
        verdict, status, detail = "error", 2, f"{type(e).__name__}: {e}"
    print(f"VERDICT={verdict}")
    print(f"DETAIL={detail}")
    return status


if __name__ == "__main__":
    sys.exit(main())
