#!/usr/bin/python3
# kdcproxy-server.py HOST PORT CERT KEY: serves python3-kdcproxy's WSGI
# application (an [MS-KKDCP] KDC proxy, configured by KDCPROXY_CONFIG) over
# HTTPS on HOST:PORT, for tests/e2e/start-kdc.sh. Every URL path is the
# proxy; the tests use /KdcProxy.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
import socketserver
import ssl
import sys
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import kdcproxy


class QuietHandler(WSGIRequestHandler):
    def log_message(self, fmt, *args):
        print("kdcproxy-server: " + fmt % args, file=sys.stderr, flush=True)


class ThreadedServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True


def main():
    host, port, cert, key = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    server = make_server(host, port, kdcproxy.Application(),
                         server_class=ThreadedServer, handler_class=QuietHandler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    print("kdcproxy-server: https://%s:%d/" % (host, port), file=sys.stderr, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
