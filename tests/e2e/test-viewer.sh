#!/usr/bin/env bash
# test-viewer.sh VIEWER: the GTK 4 viewer (examples/rdp-gio-viewer) for real,
# against the server run-with-server.sh started (RDP_E2E_PORT, RDP_E2E_CERT,
# RDP_E2E_PID, RDP_E2E_DISPLAY, RDP_E2E_SERVER: FreeRDP's shadow server
# mirroring a 1024x768 Xvfb, or xrdp on a 1024x768 Xvnc; or Weston 10's RDP
# backend, RDP_E2E_WAYLAND_DISPLAY and RDP_E2E_XDG_RUNTIME_DIR).
#
# The viewer runs on an Xvfb of its own (no window manager) with
# GSK_RENDERER=cairo. The test shows an image on the server's display,
# starts the viewer with the desktop's size (so the scale is 1), and
# compares a screenshot of the viewer's window (xwd -id) with the server's
# screen (xwd -root), pixel for pixel. Then it drives the viewer with
# xdotool on the viewer's display and reads the effects on the server's:
# the pointer position after clicks and moves (at scale 1, at scale 1/2,
# and letterboxed), keys (an xev window on the server's display sees the
# keysyms, extended keys included), a graceful exit on SIGTERM, the
# certificate dialog ("Always trust" pins the certificate in the
# known-hosts file and the viewer connects), and the banner when the server
# goes away. Prints TAP.
#
# Weston has no X display (see tests/e2e/README.md, "Weston 10"): the image
# is shown by weston-image under kiosk-shell, once the viewer is connected
# (a client started before shows nowhere: Weston paints its output only for
# a peer); the truth is Weston's own screenshot (weston-screenshot.py), with
# Weston's pointer sprite in both pictures; the viewer runs with --codecs
# none (Weston's NSCodec is lossy); the pointer, buttons and keys are what
# weston-eventdemo logs (surface coordinates: its fullscreen surface is at
# 0,0; evdev codes). What Weston 10 cannot do is a SKIP line.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
set -u
viewer_bin=$1
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
weston=
tools=(Xvfb xdotool xwd xev convert compare display openssl)
if [ "${RDP_E2E_SERVER:-}" = weston ]; then
  weston=1
  tools=(Xvfb xdotool xwd convert compare openssl python3 stdbuf weston-image weston-eventdemo)
fi
for tool in "${tools[@]}"; do
  if ! command -v "$tool" >/dev/null; then
    echo "1..0 # SKIP $tool is missing (xvfb xdotool x11-apps x11-utils imagemagick weston)"
    exit 0
  fi
done
dir=$(mktemp -d "${TMPDIR:-/tmp}/rdp-gio-viewer-XXXXXX")
pids=()
cleanup() {
  for p in "${pids[@]}"; do
    kill "$p" 2>/dev/null
  done
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 143' TERM INT

n=0
ok() {
  n=$((n + 1))
  echo "ok $n - $1"
}
skip() {
  n=$((n + 1))
  echo "ok $n # SKIP $1"
}
not_ok() {
  n=$((n + 1))
  echo "not ok $n - $1"
  shift
  for f in "$@"; do
    [ -f "$f" ] && sed "s|^|# $(basename "$f"): |" "$f"
  done
}
if [ -n "$weston" ]; then
  echo "1..12"
else
  echo "1..11"
fi

server=${RDP_E2E_DISPLAY:-}
port=$RDP_E2E_PORT
fp=$(openssl x509 -in "$RDP_E2E_CERT" -noout -fingerprint -sha256 | sed 's/^.*=//')

# --- the viewer's own X server
mkfifo "$dir/displayfd"
Xvfb -screen 0 1280x1024x24 -nolisten tcp -noreset -displayfd 3 3>"$dir/displayfd" \
  >"$dir/xvfb.log" 2>&1 </dev/null &
pids+=($!)
if ! read -r -t 20 num <"$dir/displayfd"; then
  echo "Bail out! the viewer's Xvfb did not start"
  exit 1
fi
local_display=":$num"

# --- a known image on the server's screen
convert -size 1024x768 -seed 7 plasma:fractal -fill white -draw "rectangle 100,100 400,300" \
  -fill black -draw "rectangle 600,400 610,700" -depth 8 "PNG24:$dir/image.png"
if [ -z "$weston" ]; then
  DISPLAY=$server display -geometry +0+0 -borderwidth 0 -title viewer-test-image "$dir/image.png" \
    >/dev/null 2>&1 &
  pids+=($!)
  for _ in $(seq 100); do
    DISPLAY=$server xdotool search --onlyvisible --name '^viewer-test-image$' >/dev/null 2>&1 && break
    sleep 0.1
  done
  sleep 0.5
fi

# xrdp (vnc-direct) takes any user name and password but wants some; and
# Xvnc draws its pointer into the pixels it serves (xwd does not show it)
login=()
xrdp=
case ${RDP_E2E_SERVER:-} in
  xrdp*)
    xrdp=1
    printf 'rdpgio\n' >"$dir/password"
    login=(--user rdpgio --password-file "$dir/password")
    ;;
  weston)
    # raw surface bits: Weston's NSCodec is lossy
    login=(--codecs none)
    ;;
esac

# --- Weston: its clients, its screenshot, what weston-eventdemo logs
# weston_client LOG ARGS...: a Wayland client of the fixture's Weston
weston_client() {
  local log=$1
  shift
  WAYLAND_DISPLAY=$RDP_E2E_WAYLAND_DISPLAY XDG_RUNTIME_DIR=$RDP_E2E_XDG_RUNTIME_DIR \
    "$@" >"$log" 2>&1 </dev/null &
  pids+=($!)
}

# server_truth PNG: the server's own picture of its screen
server_truth() {
  if [ -n "$weston" ]; then
    WAYLAND_DISPLAY=$RDP_E2E_WAYLAND_DISPLAY XDG_RUNTIME_DIR=$RDP_E2E_XDG_RUNTIME_DIR \
      timeout 20 python3 "$here/weston-screenshot.py" "$dir/truth.ppm" &&
      convert "$dir/truth.ppm" -depth 8 "PNG24:$1"
  else
    DISPLAY=$server xwd -root -silent | convert xwd:- -depth 8 "PNG24:$1"
  fi
}

# weston_show IMAGE: weston-image shows IMAGE (fullscreen under kiosk-shell);
# waits up to 15 s for Weston's screenshot to be IMAGE (but for the pointer
# sprite Weston draws into it)
weston_show() {
  local d=unknown
  weston_client "$dir/weston-image.log" weston-image "$1"
  for _ in $(seq 50); do
    server_truth "$dir/showing.png" 2>/dev/null &&
      d=$(compare -metric AE "$dir/showing.png" "$1" null: 2>&1)
    [[ $d =~ ^[0-9]+$ ]] && [ "$d" -lt 3000 ] && return 0
    sleep 0.3
  done
  echo "# weston-image did not show $1 ($d pixels differ)"
  return 1
}

# eventdemo_pointer: "X Y" of the last motion or button weston-eventdemo
# logged (surface coordinates, "300.000000" printed as 300)
eventdemo_pointer() {
  sed -n -e 's/^motion time: [0-9]*, x: \([-0-9.]*\), y: \([-0-9.]*\)$/\1 \2/p' \
         -e 's/^button time: .*, x: \([-0-9]*\), y: \([-0-9]*\)$/\1 \2/p' "$dir/eventdemo.log" |
    tail -n 1 | sed 's/\.000000//g'
}

# start_viewer LOG ARGS...: the viewer on the local display; sets $viewer
# (In the AddressSanitizer build: GTK's process-long caches are suppressed
# by tests/lsan-gtk.supp, and GL is off — Mesa's driver, probed and unloaded
# at exit, leaves an allocation no stack can name.)
start_viewer() {
  local log=$1
  shift
  set -- "${login[@]}" "$@"
  DISPLAY=$local_display GDK_BACKEND=x11 GSK_RENDERER=cairo GTK_A11Y=none NO_AT_BRIDGE=1 \
    XDG_CONFIG_HOME="$dir/config" HOME="$dir" \
    LSAN_OPTIONS="suppressions=$here/../lsan-gtk.supp:print_suppressions=0" GDK_DEBUG=gl-disable \
    "$viewer_bin" "127.0.0.1:$port" --security tls --width 1024 --height 768 "$@" \
    >"$log" 2>&1 </dev/null &
  viewer=$!
  pids+=("$viewer")
}

# find_window NAME-REGEX: the visible window with that title on the local
# display, waiting up to 20 s
find_window() {
  local w
  for _ in $(seq 200); do
    w=$(DISPLAY=$local_display xdotool search --onlyvisible --name "$1" 2>/dev/null | head -n 1)
    [ -n "$w" ] && { echo "$w"; return 0; }
    sleep 0.1
  done
  return 1
}

# server_pointer: "X Y" of the pointer on the server's display
server_pointer() {
  if [ -n "$weston" ]; then
    eventdemo_pointer
    return
  fi
  DISPLAY=$server xdotool getmouselocation --shell | sed -n 's/^[XY]=//p' | paste -sd ' '
}

# wait_pointer "X Y": waits up to 5 s for the server's pointer to be there
wait_pointer() {
  for _ in $(seq 50); do
    [ "$(server_pointer)" = "$1" ] && return 0
    sleep 0.1
  done
  return 1
}

shot() {
  DISPLAY=$local_display xwd -id "$1" -silent | convert xwd:- -depth 8 "PNG24:$2"
}

# differ SHOT TRUTH: how many pixels differ; under xrdp not counting the
# 48 x 48 pixels around the server's pointer (both images painted black
# there)
differ() {
  if [ -n "$xrdp" ]; then
    local x y
    read -r x y < <(server_pointer)
    convert "$1" -fill black -draw "rectangle $((x - 16)),$((y - 16)) $((x + 31)),$((y + 31))" "PNG24:$dir/a.png"
    convert "$2" -fill black -draw "rectangle $((x - 16)),$((y - 16)) $((x + 31)),$((y + 31))" "PNG24:$dir/b.png"
    compare -metric AE "$dir/a.png" "$dir/b.png" null: 2>&1
  else
    compare -metric AE "$1" "$2" null: 2>&1
  fi
}

# --- 1: the window
start_viewer "$dir/viewer1.log" --known-hosts "$dir/kh1" --accept-certificate "$fp"
title="^127\\.0\\.0\\.1 — RDP\$"
win=$(find_window "$title")
geometry=$(DISPLAY=$local_display xdotool getwindowgeometry "$win" 2>/dev/null | sed -n 's/^ *Geometry: //p')
if [ -n "$win" ] && [ "$geometry" = 1024x768 ]; then
  ok "the viewer's window is titled with the host and 1024x768"
else
  not_ok "the viewer's window is titled with the host and 1024x768 (window '$win', '$geometry')" "$dir/viewer1.log"
fi

# --- 2: the pixels (Weston: the image appears while the viewer is
# connected, and the truth is taken again each time, as Weston's pointer
# sprite is in both pictures)
[ -n "$weston" ] && weston_show "$dir/image.png"
server_truth "$dir/truth.png"
diff=unknown
for _ in $(seq 40); do
  shot "$win" "$dir/shot.png" 2>/dev/null
  diff=$(differ "$dir/shot.png" "$dir/truth.png")
  [ "$diff" = 0 ] && break
  sleep 0.5
  [ -n "$weston" ] && server_truth "$dir/truth.png"
done
what="the server's screen"
[ -n "$weston" ] && what="Weston's own screenshot (--codecs none)"
if [ "$diff" = 0 ] && { [ -z "$weston" ] || [ "$(compare -metric AE "$dir/truth.png" "$dir/image.png" null: 2>&1)" -lt 3000 ]; }; then
  ok "the viewer's window shows $what pixel for pixel"
else
  not_ok "the viewer's window shows $what pixel for pixel ($diff pixels differ)" "$dir/viewer1.log"
fi

# Weston: weston-eventdemo (fullscreen over the image) logs the pointer,
# the buttons and the keys from now on
if [ -n "$weston" ]; then
  weston_client "$dir/eventdemo.log" stdbuf -oL weston-eventdemo --log-motion --log-button \
    --log-axis --log-key
  for _ in $(seq 50); do
    server_truth "$dir/showing.png" 2>/dev/null &&
      [ "$(compare -metric AE "$dir/showing.png" "$dir/image.png" null: 2>&1)" -gt 100000 ] && break
    sleep 0.3
  done
  sleep 0.5
fi

# --- 3: clicks and moves at scale 1
DISPLAY=$local_display xdotool mousemove --window "$win" 300 200 click 1
wait_pointer "300 200"
first=$(server_pointer)
DISPLAY=$local_display xdotool mousemove --window "$win" 700 555
wait_pointer "700 555"
second=$(server_pointer)
if [ "$first" = "300 200" ] && [ "$second" = "700 555" ]; then
  ok "a click and a move in the viewer move the server's pointer there"
else
  not_ok "a click and a move in the viewer move the server's pointer there (got '$first', '$second')" "$dir/viewer1.log"
fi

# --- 4: scaled, and letterboxed
DISPLAY=$local_display xdotool windowsize "$win" 512 384
sleep 0.5
DISPLAY=$local_display xdotool mousemove --window "$win" 150 100 click 1
wait_pointer "300 200"
first=$(server_pointer)
# 1024x1000: scale 1, 116 rows of black above the desktop
DISPLAY=$local_display xdotool windowsize "$win" 1024 1000
sleep 0.5
DISPLAY=$local_display xdotool mousemove --window "$win" 512 500
wait_pointer "512 384"
second=$(server_pointer)
if [ "$first" = "300 200" ] && [ "$second" = "512 384" ]; then
  ok "the pointer maps through the scale (1/2) and the letterbox bars"
else
  not_ok "the pointer maps through the scale (1/2) and the letterbox bars (got '$first', '$second')" "$dir/viewer1.log"
fi
DISPLAY=$local_display xdotool windowsize "$win" 1024 768
sleep 0.3

# --- 5: keys, extended ones too
if [ -n "$weston" ]; then
  # events: what weston-eventdemo logged from here on
  start=$(wc -l <"$dir/eventdemo.log")
  events() {
    tail -n "+$((start + 1))" "$dir/eventdemo.log"
  }
else
  DISPLAY=$server xev -geometry 300x200+0+0 -name viewer-test-xev -event keyboard -event button >"$dir/xev.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 100); do
    DISPLAY=$server xdotool search --onlyvisible --name '^viewer-test-xev$' >/dev/null 2>&1 && break
    sleep 0.1
  done
  sleep 0.3
fi
DISPLAY=$local_display xdotool mousemove --window "$win" 50 50 click 1
sleep 0.3
keys=(a Left KP_Enter Control_R Home Delete KP_Divide Super_L F5 Escape)
DISPLAY=$local_display xdotool key --delay 30 "${keys[@]}"
# the same keys' evdev codes (<linux/input-event-codes.h>): what Weston's
# clients see
declare -A evdev=([a]=30 [Left]=105 [KP_Enter]=96 [Control_R]=97 [Home]=102 [Delete]=111
                  [KP_Divide]=98 [Super_L]=125 [F5]=63 [Escape]=1)
missing=
for key in "${keys[@]}"; do
  if [ -n "$weston" ]; then
    for state in pressed released; do
      for _ in $(seq 30); do
        events | grep -q "^key key: ${evdev[$key]}, .*state: $state," && break
        sleep 0.1
      done
      events | grep -q "^key key: ${evdev[$key]}, .*state: $state," ||
        missing="$missing $state:$key(${evdev[$key]})"
    done
    continue
  fi
  for event in KeyPress KeyRelease; do
    for _ in $(seq 30); do
      grep -A2 "^$event" "$dir/xev.log" | grep -q "keysym 0x[0-9a-f]*, $key)" && break
      sleep 0.1
    done
    grep -A2 "^$event" "$dir/xev.log" | grep -q "keysym 0x[0-9a-f]*, $key)" ||
      missing="$missing $event:$key"
  done
done
if [ -z "$missing" ]; then
  ok "keys typed in the viewer arrive on the server (${keys[*]})"
else
  not_ok "keys typed in the viewer arrive on the server (missing:$missing)" "$dir/viewer1.log"
fi

# --- 6: buttons and the wheel (not the horizontal wheel, 6 and 7: the
# viewer sends it, but FreeRDP 2.11's X11 shadow server does not make
# button events of it)
DISPLAY=$local_display xdotool click --delay 50 3 click --delay 50 2 click --delay 50 8 \
  click --delay 50 9 click --delay 50 4 click --delay 50 5
if [ -n "$weston" ]; then
  # weston-eventdemo: BTN_LEFT 272, BTN_RIGHT 273, BTN_MIDDLE 274 (BTN_SIDE
  # 275, BTN_EXTRA 276), the wheel as vertical axis events (up negative),
  # written as X button numbers, in order; 8 and 9 are expected missing
  # (the SKIP below), and would fail the order if Weston did make them
  buttons="1 3 2 4 5"
  xbutton() {
    sed -n -e "s/^button time: [0-9]*, button: \([0-9]*\), state: $1,.*/\1/p" \
           -e "s/^axis time: [0-9]*, axis: vertical, value: -.*/${2:-}4/p" \
           -e "s/^axis time: [0-9]*, axis: vertical, value: [0-9].*/${2:-}5/p" |
      sed -e 's/^272$/1/' -e 's/^273$/3/' -e 's/^274$/2/' -e 's/^275$/8/' -e 's/^276$/9/' |
      grep -v '^x' | paste -sd ' '
  }
  for _ in $(seq 30); do
    [ "$(events | xbutton pressed)" = "$buttons" ] && break
    sleep 0.1
  done
  order=$(events | xbutton pressed)
  released=$(events | xbutton released x)
  if [ "$order" = "$buttons" ] && [ "$released" = "1 3 2" ]; then
    ok "buttons ($buttons: the wheel is 4, 5) in the viewer arrive in Weston"
  else
    not_ok "buttons ($buttons: the wheel is 4, 5) in the viewer arrive in Weston (pressed '$order', released '$released')" \
      "$dir/viewer1.log" "$dir/eventdemo.log"
  fi
  skip "extended buttons 8, 9: Weston 10's RDP backend makes no button events of them (its xf_extendedMouseEvent only moves the pointer; weston-eventdemo logs none), so there is nothing to read back; against the shadow server they arrive"
fi
if [ -z "$weston" ]; then
  # (xrdp's VNC back end passes no extended buttons on to Xvnc)
  buttons="1 3 2 8 9 4 5"
  [ -n "$xrdp" ] && buttons="1 3 2 4 5"
  missing=
  for button in $buttons; do
    for event in ButtonPress ButtonRelease; do
      for _ in $(seq 30); do
        grep -A2 "^$event" "$dir/xev.log" | grep -q "button $button," && break
        sleep 0.1
      done
      grep -A2 "^$event" "$dir/xev.log" | grep -q "button $button," || missing="$missing $event:$button"
    done
  done
  # in order: the wheel's direction too
  order=$(grep -A2 "^ButtonPress" "$dir/xev.log" | sed -n 's/.*, button \([0-9]*\),.*/\1/p' | paste -sd ' ')
  if [ -z "$missing" ] && [ "$order" = "$buttons" ]; then
    ok "buttons ($buttons: the wheel is 4, 5) in the viewer arrive on the server"
  else
    not_ok "buttons ($buttons: the wheel is 4, 5) in the viewer arrive on the server (missing:$missing; order '$order')" \
      "$dir/viewer1.log"
  fi
fi

# --- 7: SIGTERM disconnects gracefully
kill -TERM "$viewer"
status=timeout
for _ in $(seq 100); do
  if ! kill -0 "$viewer" 2>/dev/null; then
    wait "$viewer"
    status=$?
    break
  fi
  sleep 0.1
done
if [ "$status" = 0 ] && grep -q "^rdp-gio-viewer: disconnected from 127.0.0.1" "$dir/viewer1.log"; then
  ok "SIGTERM: the viewer disconnects gracefully and exits 0"
else
  not_ok "SIGTERM: the viewer disconnects gracefully and exits 0 (status $status)" "$dir/viewer1.log"
fi

# --- 8, 9: the certificate dialog, answered "Always trust"
start_viewer "$dir/viewer2.log" --known-hosts "$dir/kh2"
dialog=$(find_window '^Untrusted certificate$')
win=$(find_window "$title")
sleep 1
# still no desktop behind the dialog: black where the white rectangle is
shot "$win" "$dir/waiting.png" 2>/dev/null
colour=$(convert "$dir/waiting.png" -format '%[hex:p{200,200}]' info: 2>/dev/null)
if [ -n "$dialog" ] && [ ! -s "$dir/kh2" ] && [ "$colour" = 000000 ] &&
   DISPLAY=$local_display xdotool search --onlyvisible --name '^Untrusted certificate$' >/dev/null; then
  ok "an unknown certificate opens the certificate dialog; the connection waits"
else
  not_ok "an unknown certificate opens the certificate dialog; the connection waits (dialog '$dialog', pixel '$colour')" "$dir/viewer2.log"
fi
DISPLAY=$local_display xdotool windowfocus --sync "$dialog" 2>/dev/null
sleep 0.3
DISPLAY=$local_display xdotool key alt+a
win=$(find_window "$title")
for _ in $(seq 50); do
  [ -s "$dir/kh2" ] && break
  sleep 0.1
done
if [ -n "$win" ] && grep -q "^127\\.0\\.0\\.1 $port $fp\$" "$dir/kh2"; then
  ok "'Always trust' pins the certificate in the known hosts and the viewer connects"
else
  not_ok "'Always trust' pins the certificate in the known hosts and the viewer connects (window '$win')" \
    "$dir/viewer2.log" "$dir/kh2"
fi

# --- 10: the pixels again, through the second connection (the xev window
# is on the server's screen now; Weston shows a second image, drawn while
# this viewer is connected)
if [ -n "$weston" ]; then
  convert -size 1024x768 -seed 11 plasma:fractal -fill black -draw "rectangle 500,80 900,200" \
    -depth 8 "PNG24:$dir/image2.png"
  weston_show "$dir/image2.png"
fi
server_truth "$dir/truth2.png"
diff=unknown
for _ in $(seq 40); do
  shot "$win" "$dir/shot2.png" 2>/dev/null
  diff=$(differ "$dir/shot2.png" "$dir/truth2.png")
  [ "$diff" = 0 ] && break
  sleep 0.5
  [ -n "$weston" ] && server_truth "$dir/truth2.png"
done
if [ "$diff" = 0 ] && { [ -z "$weston" ] || [ "$(compare -metric AE "$dir/truth2.png" "$dir/image2.png" null: 2>&1)" -lt 3000 ]; }; then
  ok "the second viewer shows $what pixel for pixel"
else
  not_ok "the second viewer shows $what pixel for pixel ($diff pixels differ)" "$dir/viewer2.log"
fi

# --- 11: the server goes away: the banner
# the fixture's process group (xrdp's connection processes too; Weston)
kill -TERM -- "-$RDP_E2E_PID" 2>/dev/null
colour=
for _ in $(seq 100); do
  shot "$win" "$dir/shot3.png" 2>/dev/null
  colour=$(convert "$dir/shot3.png" -format '%[hex:p{3,3}]' info: 2>/dev/null)
  [ "$colour" = C01C28 ] && break
  sleep 0.1
done
if [ "$colour" = C01C28 ] && grep -q "^rdp-gio-viewer: The session ended: " "$dir/viewer2.log" &&
   kill -0 "$viewer" 2>/dev/null; then
  ok "when the server goes away the viewer shows the reason in a banner"
else
  not_ok "when the server goes away the viewer shows the reason in a banner (pixel '$colour')" "$dir/viewer2.log"
fi
