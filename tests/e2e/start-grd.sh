#!/usr/bin/env bash
# start-grd.sh DIR [PORT|auto] [USER PASSWORD]
#
# Starts GNOME Remote Desktop 43 (gnome-remote-desktop-daemon --headless) on
# PORT, sharing a headless mutter 43 (one 1024x768 virtual monitor, Wayland
# only, no Xwayland, software rendering). Nothing of the caller's session is
# used: a private D-Bus session bus, PipeWire and WirePlumber are started
# too, and HOME, XDG_RUNTIME_DIR and XDG_{CONFIG,DATA,CACHE,STATE}_HOME all
# point into DIR; GSettings use the keyfile backend there (no dconf), and
# grd's headless credentials go in plain text to
# DIR/data/gnome-remote-desktop/credentials.ini (no TPM, no keyring).
#
# Security: grd offers NLA only (HYBRID, CredSSP with NTLM) and checks it
# against USER / PASSWORD, else E2E_RDP_USER / E2E_RDP_PASSWORD (default
# rdpuser / Passw0rd!); any domain is accepted. Its graphics come through
# RDPGFX only.
#
# Not loopback only: grd 43 has no bind address, it always listens on
# [::]:PORT (every interface, IPv4 and IPv6). Connect to localhost only.
# A port that is taken does not stop grd (it logs "Failed to start RDP
# server" and runs on without listening); this script notices that and fails.
#
# Prints KEY=VALUE lines (SERVER PORT PID CERT KEY DIR LOG RDP_USER
# RDP_PASSWORD, and STARTUP_MS, the time from the first process to grd
# listening). Stop with stop.sh DIR: the session bus, PipeWire, WirePlumber,
# mutter and grd each lead a process group with a DIR/*.pid file.
# Exits 77 when a needed program is missing.
# G_MESSAGES_DEBUG for grd defaults to "all" (its log tells why it drops a
# client, and test-e2e-nla waits for its "RDP session stopped" lines);
# E2E_GRD_DEBUG overrides it, E2E_WLOG_LEVEL sets FreeRDP's WLOG_LEVEL
# inside grd (default INFO).
#
# Debian packages: gnome-remote-desktop mutter pipewire pipewire-bin
# wireplumber dbus-daemon dbus-bin (dbus-send), openssl, iproute2 (ss),
# procps (ps).
#
# SPDX-License-Identifier: LGPL-2.1-or-later
set -uo pipefail
E2E_HERE=$(cd "${BASH_SOURCE[0]%/*}" && pwd)
. "$E2E_HERE/e2e-lib.sh"

[ $# -ge 1 ] || { echo "usage: $0 DIR [PORT|auto] [USER PASSWORD]" >&2; exit 2; }
PORT=${2:-auto}
RDP_USER=${3:-${E2E_RDP_USER:-rdpuser}}
RDP_PASSWORD=${4:-${E2E_RDP_PASSWORD:-Passw0rd!}}
GRD_DAEMON=${E2E_GRD_DAEMON:-/usr/libexec/gnome-remote-desktop-daemon}

if ! [ -x "$GRD_DAEMON" ]; then
  echo "e2e: $GRD_DAEMON not found (apt-get install gnome-remote-desktop)" >&2
  exit 77
fi
e2e_need grdctl gnome-remote-desktop
e2e_need mutter mutter
e2e_need pipewire pipewire-bin
e2e_need wireplumber wireplumber
e2e_need dbus-daemon dbus-daemon
e2e_need dbus-send dbus-bin
e2e_need ss iproute2
e2e_need ps procps

START_NS=$(date +%s%N)
e2e_init "$1"
[ "$PORT" = auto ] && { PORT=$(e2e_pick_port) || e2e_die "no free port"; }
e2e_listening "$PORT" && e2e_die "port $PORT is in use"
e2e_make_cert

RT=$E2E_DIR/runtime
mkdir -p "$RT" "$E2E_DIR/home" "$E2E_DIR/config" "$E2E_DIR/data" "$E2E_DIR/cache" "$E2E_DIR/state" ||
  e2e_die "cannot create the directories in $E2E_DIR"
chmod 700 "$RT"

# What every process below runs under: only DIR, and the private bus.
ENV=(env -u DISPLAY -u WAYLAND_DISPLAY -u XDG_SESSION_TYPE -u XDG_CURRENT_DESKTOP
     -u DBUS_SYSTEM_BUS_ADDRESS -u PULSE_SERVER
     HOME="$E2E_DIR/home" XDG_RUNTIME_DIR="$RT"
     XDG_CONFIG_HOME="$E2E_DIR/config" XDG_DATA_HOME="$E2E_DIR/data"
     XDG_CACHE_HOME="$E2E_DIR/cache" XDG_STATE_HOME="$E2E_DIR/state"
     GSETTINGS_BACKEND=keyfile DBUS_SESSION_BUS_ADDRESS="unix:path=$RT/bus")

# poll PID CMD...: runs CMD every 0.1 s until it succeeds, for at most
# E2E_START_TIMEOUT seconds and while PID lives; CMD's status 2 gives up.
poll() {
  local pid=$1 i rc; shift
  for ((i = 0; i < E2E_START_TIMEOUT * 10; i++)); do
    "$@"; rc=$?
    [ "$rc" = 0 ] && return 0
    [ "$rc" = 2 ] && return 1
    e2e_alive "$pid" || return 1
    sleep 0.1
  done
  return 1
}

# bus_has NAME: NAME has an owner on the private bus
bus_has() {
  "${ENV[@]}" dbus-send --session --print-reply --dest=org.freedesktop.DBus / \
    org.freedesktop.DBus.NameHasOwner "string:$1" 2>/dev/null | grep -q 'boolean true'
}

# 1. the session bus (mutter and grd talk through it: RemoteDesktop and
#    ScreenCast sessions)
e2e_spawn dbus "${ENV[@]}" dbus-daemon --session --nofork --nopidfile --address="unix:path=$RT/bus"
poll "$E2E_PID" test -S "$RT/bus" || e2e_die "dbus-daemon did not start (see $E2E_DIR/dbus.log)"

# 2. PipeWire carries mutter's screen cast to grd; WirePlumber is needed
#    too: without a session manager the stream stays paused (no frame, no
#    error)
e2e_spawn pipewire "${ENV[@]}" pipewire
poll "$E2E_PID" test -S "$RT/pipewire-0" || e2e_die "pipewire did not start (see $E2E_DIR/pipewire.log)"
e2e_spawn wireplumber "${ENV[@]}" wireplumber

# 3. mutter: a headless Wayland compositor with one virtual monitor; ready
#    when it owns its remote desktop and screen cast names
e2e_spawn mutter "${ENV[@]}" mutter --headless --virtual-monitor 1024x768 --wayland --no-x11
MUTTER_PID=$E2E_PID
if ! poll "$MUTTER_PID" bus_has org.gnome.Mutter.RemoteDesktop ||
   ! poll "$MUTTER_PID" bus_has org.gnome.Mutter.ScreenCast; then
  e2e_die "mutter did not come up (see $E2E_DIR/mutter.log)"
fi

# 4. grd's settings (GSettings keyfile in DIR/config) and credentials; the
#    password is on grdctl's command line for a moment (it reads no stdin)
grdctl_run() {
  "${ENV[@]}" grdctl --headless "$@" >>"$E2E_DIR/grdctl.log" 2>&1 ||
    e2e_die "grdctl $1 $2 failed (see $E2E_DIR/grdctl.log)"
}
grdctl_run rdp set-tls-cert "$E2E_DIR/cert.pem"
grdctl_run rdp set-tls-key "$E2E_DIR/key.pem"
grdctl_run rdp set-credentials "$RDP_USER" "$RDP_PASSWORD"
grdctl_run rdp enable
grdctl_run rdp disable-view-only

# 5. the daemon
e2e_spawn grd "${ENV[@]}" G_MESSAGES_DEBUG="${E2E_GRD_DEBUG-all}" \
  WLOG_LEVEL="${E2E_WLOG_LEVEL:-INFO}" "$GRD_DAEMON" --headless --rdp-port "$PORT"
GRD_PID=$E2E_PID
grd_ready() {
  e2e_listening "$PORT" && return 0
  # it does not exit when it cannot listen
  grep -q "Failed to start RDP server" "$E2E_DIR/grd.log" 2>/dev/null && return 2
  return 1
}
poll "$GRD_PID" grd_ready ||
  e2e_die "gnome-remote-desktop-daemon did not listen on $PORT (see $E2E_DIR/grd.log)"

e2e_report grd "$PORT" "$GRD_PID" "$E2E_DIR/grd.log"
echo "RDP_USER=$RDP_USER"
echo "RDP_PASSWORD=$RDP_PASSWORD"
echo "STARTUP_MS=$((($(date +%s%N) - START_NS) / 1000000))"
