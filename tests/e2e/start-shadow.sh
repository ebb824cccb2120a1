#!/usr/bin/env bash
# start-shadow.sh DIR [PORT|auto] [tls|nla|rdp|any] [USER [PASSWORD]]
#
# Starts FreeRDP's shadow server (Debian 12: freerdp-shadow-cli 2.11) on
# 127.0.0.1:PORT, mirroring a private Xvfb on a display it picks itself, with
# a fresh self-signed CN=localhost certificate; everything in DIR (HOME and
# XDG_CONFIG_HOME point there, so nothing is read from or written to the
# real home).
#   tls (default)  /sec:tls: TLS only, no NLA
#   nla            /sec:nla: CredSSP/NTLM only, checked against DIR/SAM
#   rdp            /sec:rdp: Standard RDP Security (encryption method NONE)
#   any            RDP, TLS and NLA offered; NLA checked against DIR/SAM
# The NLA account is USER / PASSWORD, else E2E_RDP_USER / E2E_RDP_PASSWORD
# (default rdpuser / Passw0rd!), any domain; the password may be any UTF-8. -auth is passed: without it the shadow server also
# checks the Client Info credentials against the system's accounts with PAM.
# Prints KEY=VALUE lines (SERVER PORT PID CERT KEY DIR LOG DISPLAY, and
# RDP_USER RDP_PASSWORD for nla/any). Stop with stop.sh DIR.
# Exits 77 when a needed program is missing.
#
# Debian packages: freerdp2-shadow-x11, xvfb, winpr-utils (winpr-hash, for
# nla/any), openssl, iproute2 (ss), procps (ps).
# Note: the shadow server has no certificate option; it loads
# $XDG_CONFIG_HOME/freerdp/shadow/shadow.{crt,key} (and makes a CN=hostname
# one there when they are missing).
#
# SPDX-License-Identifier: LGPL-2.1-or-later
set -uo pipefail
E2E_HERE=$(cd "${BASH_SOURCE[0]%/*}" && pwd)
. "$E2E_HERE/e2e-lib.sh"

[ $# -ge 1 ] || { echo "usage: $0 DIR [PORT|auto] [tls|nla|rdp|any] [USER [PASSWORD]]" >&2; exit 2; }
PORT=${2:-auto}
MODE=${3:-tls}
RDP_USER=${4:-${E2E_RDP_USER:-rdpuser}}
RDP_PASSWORD=${5:-${E2E_RDP_PASSWORD:-Passw0rd!}}
case $MODE in tls|nla|rdp|any) ;; *) echo "$0: bad mode $MODE" >&2; exit 2 ;; esac

e2e_need freerdp-shadow-cli freerdp2-shadow-x11
e2e_need Xvfb xvfb
e2e_need ss iproute2
case $MODE in nla|any) e2e_need winpr-hash winpr-utils ;; esac

e2e_init "$1"
[ "$PORT" = auto ] && { PORT=$(e2e_pick_port) || e2e_die "no free port"; }
e2e_listening "$PORT" && e2e_die "port $PORT is in use"
e2e_make_cert
mkdir -p "$E2E_DIR/config/freerdp/shadow"
cp "$E2E_DIR/cert.pem" "$E2E_DIR/config/freerdp/shadow/shadow.crt"
cp "$E2E_DIR/key.pem" "$E2E_DIR/config/freerdp/shadow/shadow.key"
chmod 600 "$E2E_DIR/config/freerdp/shadow/shadow.key"

case $MODE in
  tls) SEC=(/sec:tls) ;;
  rdp) SEC=(/sec:rdp) ;;
  nla) SEC=(/sec:nla "/sam-file:$E2E_DIR/SAM") ;;
  any) SEC=("/sam-file:$E2E_DIR/SAM") ;;
esac
if [ "$MODE" = nla ] || [ "$MODE" = any ]; then
  # user:domain:LM:NT::: with an empty domain, which matches any
  winpr-hash -u "$RDP_USER" -p "$RDP_PASSWORD" -f sam >"$E2E_DIR/SAM" 2>"$E2E_DIR/winpr-hash.log" ||
    e2e_die "winpr-hash failed"
  chmod 600 "$E2E_DIR/SAM"
fi

e2e_spawn_x xvfb Xvfb -screen 0 1024x768x24 -nolisten tcp -noreset
XDISPLAY=$E2E_DISPLAY

e2e_spawn shadow env HOME="$E2E_DIR" XDG_CONFIG_HOME="$E2E_DIR/config" DISPLAY="$XDISPLAY" \
  WLOG_LEVEL="${E2E_WLOG_LEVEL:-INFO}" WLOG_APPENDER=CONSOLE \
  freerdp-shadow-cli /bind-address:127.0.0.1 "/port:$PORT" "${SEC[@]}" -auth
SHADOW_PID=$E2E_PID
e2e_wait_listen "$PORT" "$SHADOW_PID" || e2e_die "freerdp-shadow-cli did not listen on $PORT (see $E2E_DIR/shadow.log)"

e2e_report shadow "$PORT" "$SHADOW_PID" "$E2E_DIR/shadow.log"
echo "MODE=$MODE"
echo "DISPLAY=$XDISPLAY"
if [ "$MODE" = nla ] || [ "$MODE" = any ]; then
  echo "RDP_USER=$RDP_USER"
  echo "RDP_PASSWORD=$RDP_PASSWORD"
fi
