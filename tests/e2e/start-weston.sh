#!/usr/bin/env bash
# start-weston.sh DIR [PORT|auto]
#
# Starts Weston (Debian 12: 10.0.1) with its RDP backend (rdp-backend.so:
# headless, no GPU, no seat) on 127.0.0.1:PORT with a fresh self-signed
# CN=localhost certificate, everything in DIR (XDG_RUNTIME_DIR is DIR/runtime).
# It offers TLS (and Standard RDP Security), no NLA, and lets anybody in.
# Prints KEY=VALUE lines (SERVER PORT PID CERT KEY DIR LOG WAYLAND_DISPLAY
# XDG_RUNTIME_DIR). Stop with
# stop.sh DIR. Exits 77 when weston or its RDP backend is missing.
#
# Debian packages: weston (its libweston-10-0 has rdp-backend.so), openssl,
# iproute2 (ss), procps (ps).
#
# SPDX-License-Identifier: LGPL-2.1-or-later
set -uo pipefail
E2E_HERE=$(cd "${BASH_SOURCE[0]%/*}" && pwd)
. "$E2E_HERE/e2e-lib.sh"

[ $# -ge 1 ] || { echo "usage: $0 DIR [PORT|auto]" >&2; exit 2; }
PORT=${2:-auto}

e2e_need weston weston
e2e_need ss iproute2
if ! ls /usr/lib/*/libweston-*/rdp-backend.so >/dev/null 2>&1; then
  echo "e2e: weston's rdp-backend.so not found (apt-get install weston)" >&2
  exit 77
fi

e2e_init "$1"
[ "$PORT" = auto ] && { PORT=$(e2e_pick_port) || e2e_die "no free port"; }
e2e_listening "$PORT" && e2e_die "port $PORT is in use"
e2e_make_cert
mkdir -p "$E2E_DIR/runtime" && chmod 700 "$E2E_DIR/runtime"

# kiosk-shell: no panel, clock or helper clients, so nothing else to start.
# --debug lets a test's weston-screenshooter take the server's own picture
# of its desktop (the truth a client's framebuffer is compared with).
e2e_spawn weston env XDG_RUNTIME_DIR="$E2E_DIR/runtime" \
  weston --backend=rdp-backend.so --address=127.0.0.1 "--port=$PORT" \
    "--rdp-tls-cert=$E2E_DIR/cert.pem" "--rdp-tls-key=$E2E_DIR/key.pem" \
    --no-config --shell=kiosk-shell.so --width=1024 --height=768 \
    --socket=wayland-e2e "--log=$E2E_DIR/weston-server.log" --debug
WESTON_PID=$E2E_PID
e2e_wait_listen "$PORT" "$WESTON_PID" || e2e_die "weston did not listen on $PORT (see $E2E_DIR/weston-server.log)"

e2e_report weston "$PORT" "$WESTON_PID" "$E2E_DIR/weston-server.log"
echo "WAYLAND_DISPLAY=wayland-e2e"
echo "XDG_RUNTIME_DIR=$E2E_DIR/runtime"
