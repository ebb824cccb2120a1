#!/usr/bin/env bash
# start-xrdp.sh DIR [PORT|auto] [tls|negotiate|rdp] [vnc|none]
#
# Starts xrdp (Debian 12: 0.9.21) on 127.0.0.1:PORT with a fresh self-signed
# CN=localhost certificate, everything in DIR:
#   security_layer  tls (default) | negotiate (TLS when the client asks for
#                   it, else Standard RDP Security) | rdp. xrdp has no NLA.
#   backend         vnc (default): a private TigerVNC Xvnc on a display it
#                   picks itself, and an xrdp "vnc-direct" section that logs
#                   every client straight into it (no sesman, no PAM: any
#                   user name and password get in). none: xrdp's own login
#                   screen only.
# Prints KEY=VALUE lines (SERVER PORT PID CERT KEY DIR LOG, and VNC_PORT,
# DISPLAY with the vnc backend). Stop with stop.sh DIR.
# Exits 77 when a needed program is missing.
#
# Debian packages: xrdp, tigervnc-standalone-server (vnc backend), openssl,
# iproute2 (ss), procps (ps).
# Notes: xrdp also reads /etc/xrdp/rsakeys.ini (Standard RDP Security keys)
# and the keymaps in /etc/xrdp whatever -c says; it never writes there when
# run with --nodaemon. Each connection is served by a fork of the listener,
# in the listener's process group, which stop.sh signals.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
set -uo pipefail
E2E_HERE=$(cd "${BASH_SOURCE[0]%/*}" && pwd)
. "$E2E_HERE/e2e-lib.sh"

[ $# -ge 1 ] || { echo "usage: $0 DIR [PORT|auto] [tls|negotiate|rdp] [vnc|none]" >&2; exit 2; }
PORT=${2:-auto}
SEC=${3:-tls}
BACKEND=${4:-vnc}
case $SEC in tls|negotiate|rdp) ;; *) echo "$0: bad security layer $SEC" >&2; exit 2 ;; esac
case $BACKEND in vnc|none) ;; *) echo "$0: bad backend $BACKEND" >&2; exit 2 ;; esac

PATH=$PATH:/usr/sbin:/sbin
e2e_need xrdp xrdp
e2e_need ss iproute2
[ "$BACKEND" = vnc ] && e2e_need Xvnc tigervnc-standalone-server

e2e_init "$1"
[ "$PORT" = auto ] && { PORT=$(e2e_pick_port) || e2e_die "no free port"; }
e2e_listening "$PORT" && e2e_die "port $PORT is in use"
e2e_make_cert

AUTORUN=
VNC_SECTION=
if [ "$BACKEND" = vnc ]; then
  VNC_PORT=$(e2e_pick_port) || e2e_die "no free port for Xvnc"
  e2e_spawn_x xvnc Xvnc -geometry 1024x768 -depth 24 -rfbport "$VNC_PORT" -localhost \
    -SecurityTypes None -nolisten tcp -AlwaysShared -noreset
  e2e_wait_listen "$VNC_PORT" "$E2E_PID" || e2e_die "Xvnc did not listen on $VNC_PORT (see $E2E_DIR/xvnc.log)"
  AUTORUN=vnc-direct
  # port != -1: xrdp's VNC module connects to this Xvnc itself, no sesman.
  VNC_SECTION="[vnc-direct]
name=vnc-direct
lib=libvnc.so
ip=127.0.0.1
port=$VNC_PORT
username=na
password=na"
fi

cat >"$E2E_DIR/xrdp.ini" <<INI
[Globals]
ini_version=1
fork=true
port=tcp://127.0.0.1:$PORT
use_vsock=false
tcp_nodelay=true
security_layer=$SEC
crypt_level=high
certificate=$E2E_DIR/cert.pem
key_file=$E2E_DIR/key.pem
ssl_protocols=TLSv1.2, TLSv1.3
autorun=$AUTORUN
allow_channels=true
max_bpp=32
new_cursors=true
use_fastpath=both

[Logging]
LogFile=$E2E_DIR/xrdp-server.log
LogLevel=${E2E_XRDP_LOGLEVEL:-INFO}
EnableSyslog=false

[Channels]
rdpdr=true
rdpsnd=true
drdynvc=true
cliprdr=true
rail=true

$VNC_SECTION
INI

e2e_spawn xrdp xrdp --nodaemon --config "$E2E_DIR/xrdp.ini"
XRDP_PID=$E2E_PID
e2e_wait_listen "$PORT" "$XRDP_PID" || e2e_die "xrdp did not listen on $PORT (see $E2E_DIR/xrdp.log, $E2E_DIR/xrdp-server.log)"

e2e_report xrdp "$PORT" "$XRDP_PID" "$E2E_DIR/xrdp-server.log"
echo "SECURITY=$SEC"
if [ "$BACKEND" = vnc ]; then
  echo "VNC_PORT=$VNC_PORT"
  echo "DISPLAY=$E2E_DISPLAY"
fi
