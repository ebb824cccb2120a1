#!/usr/bin/env bash
# test-viewer.sh VIEWER: the GTK 4 viewer (examples/rdp-gio-viewer) against
# the server run-with-server.sh started (RDP_E2E_PORT, RDP_E2E_CERT,
# RDP_E2E_DISPLAY: FreeRDP's shadow server mirroring an Xvfb, or xrdp on
# Xvnc). The viewer runs on an Xvfb of its own with GSK_RENDERER=cairo,
# undecorated, at the desktop's size (scale 1). Prints TAP:
#   1. the viewer's window appears and shows the server's screen pixel for
#      pixel (xwd of the window vs xwd -root of the server's display);
#   2. a click in the viewer at (x, y) moves the server's pointer to (x, y)
#      (xdotool on both displays);
#   3. the viewer shows the server's screen again after the image changed.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
set -u
viewer=$1
here=$(cd "$(dirname "$0")" && pwd)
dir=$(mktemp -d "${TMPDIR:-/tmp}/rdp-gio-viewer-XXXXXX")
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  wait 2>/dev/null
  rm -rf "$dir"
}
trap cleanup EXIT
echo "1..3"
server_display=$RDP_E2E_DISPLAY

show() {   # show NAME SEED: an image over the server's whole screen
  DISPLAY=$server_display convert -size 1024x768 -seed "$2" plasma:fractal -fill white \
    -draw "rectangle 50,50 300,200" -depth 8 "PNG24:$dir/$1.png"
  DISPLAY=$server_display display -geometry +0+0 -borderwidth 0 -title "$1" "$dir/$1.png" >/dev/null 2>&1 &
  pids+=($!)
  for _ in $(seq 100); do
    DISPLAY=$server_display xdotool search --onlyvisible --name "^$1\$" >/dev/null 2>&1 && break
    sleep 0.1
  done
  sleep 0.5
}

# the viewer's own X server
Xvfb -displayfd 3 -screen 0 1280x1024x24 -nolisten tcp 3>"$dir/displayfd" >"$dir/xvfb.log" 2>&1 &
pids+=($!)
for _ in $(seq 50); do [ -s "$dir/displayfd" ] && break; sleep 0.1; done
viewer_display=":$(head -n1 "$dir/displayfd")"

show first 3
fp=$(openssl x509 -in "$RDP_E2E_CERT" -noout -fingerprint -sha256 | sed 's/^.*=//')
DISPLAY=$viewer_display GSK_RENDERER=cairo GDK_BACKEND=x11 NO_AT_BRIDGE=1 \
  "$viewer" --undecorated --security tls --accept-certificate "$fp" \
  "127.0.0.1:$RDP_E2E_PORT" >"$dir/viewer.log" 2>&1 &
pids+=($!)

compare_screens() {   # compare_screens: 0 when the viewer shows the server's screen
  local win=$1
  for _ in $(seq 40); do
    DISPLAY=$server_display xwd -root -silent | convert xwd:- -depth 8 "PNG24:$dir/server.png"
    DISPLAY=$viewer_display xwd -id "$win" -silent | convert xwd:- -crop 1024x768+0+0 +repage \
      -depth 8 "PNG24:$dir/viewer.png" 2>/dev/null
    diff=$(compare -metric AE "$dir/viewer.png" "$dir/server.png" null: 2>&1)
    [ "$diff" = 0 ] && return 0
    sleep 0.25
  done
  echo "# $diff pixels differ" >&2
  return 1
}

win=
for _ in $(seq 100); do
  win=$(DISPLAY=$viewer_display xdotool search --onlyvisible --name 'rdp-gio viewer' 2>/dev/null | head -n1)
  [ -n "$win" ] && break
  sleep 0.1
done
if [ -n "$win" ] && compare_screens "$win" 2>"$dir/1.diag"; then
  echo "ok 1 - the viewer shows the server's screen pixel for pixel"
else
  echo "not ok 1 - the viewer shows the server's screen pixel for pixel (window '$win')"
  sed 's/^/# /' "$dir/1.diag" "$dir/viewer.log" 2>/dev/null
fi

ok=1
if [ -n "$win" ]; then
  DISPLAY=$viewer_display xdotool mousemove --window "$win" 321 234 click 1
  for _ in $(seq 40); do
    loc=$(DISPLAY=$server_display xdotool getmouselocation)
    case $loc in "x:321 y:234 "*) ok=0; break ;; esac
    sleep 0.1
  done
fi
if [ "$ok" = 0 ]; then
  echo "ok 2 - a click in the viewer moves the server's pointer there"
else
  echo "not ok 2 - a click in the viewer moves the server's pointer there (${loc:-no window})"
fi

show second 9
if [ -n "$win" ] && compare_screens "$win" 2>"$dir/3.diag"; then
  echo "ok 3 - the viewer follows the server's screen"
else
  echo "not ok 3 - the viewer follows the server's screen"
  sed 's/^/# /' "$dir/3.diag" 2>/dev/null
fi
