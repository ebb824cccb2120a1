#!/usr/bin/env bash
# test-example-screenshot.sh SCREENSHOT_PY: examples/screenshot.py against
# the server run-with-server.sh started (RDP_E2E_PORT, RDP_E2E_CERT,
# RDP_E2E_DISPLAY: FreeRDP's shadow server mirroring an Xvfb). Shows an
# image on the server's display, takes the screenshot with the example
# (accepting the certificate by its fingerprint), and compares the PNG with
# the display's own screenshot (xwd) pixel for pixel; a wrong fingerprint
# is refused. Prints TAP.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
set -u
example=$1
dir=$(mktemp -d "${TMPDIR:-/tmp}/rdp-gio-screenshot-XXXXXX")
viewer=
cleanup() {
  [ -n "$viewer" ] && kill "$viewer" 2>/dev/null
  rm -rf "$dir"
}
trap cleanup EXIT
export DISPLAY=$RDP_E2E_DISPLAY
echo "1..3"

convert -size 1024x768 -seed 5 plasma:fractal -fill white -draw "rectangle 100,100 400,300" \
  -depth 8 "PNG24:$dir/image.png"
display -geometry +0+0 -borderwidth 0 -title screenshot-image "$dir/image.png" >/dev/null 2>&1 &
viewer=$!
for _ in $(seq 100); do
  xdotool search --onlyvisible --name '^screenshot-image$' >/dev/null 2>&1 && break
  sleep 0.1
done
sleep 0.5
fp=$(openssl x509 -in "$RDP_E2E_CERT" -noout -fingerprint -sha256 | sed 's/^.*=//')

timeout 60 /usr/bin/python3 "$example" "127.0.0.1:$RDP_E2E_PORT" "$dir/shot.png" --security tls \
  --accept-certificate "$fp" >"$dir/1.out" 2>&1
rc=$?
size=$(identify -format '%wx%h' "$dir/shot.png" 2>/dev/null)
if [ "$rc" = 0 ] && [ "$size" = 1024x768 ]; then
  echo "ok 1 - screenshot.py saves a 1024x768 PNG"
else
  echo "not ok 1 - screenshot.py saves a 1024x768 PNG (exit $rc, size '$size')"
  sed 's/^/# /' "$dir/1.out"
fi

xwd -root -silent | convert xwd:- -depth 8 "PNG24:$dir/truth.png"
diff=$(compare -metric AE "$dir/shot.png" "$dir/truth.png" null: 2>&1)
if [ "$diff" = 0 ]; then
  echo "ok 2 - the PNG equals the server's screen pixel for pixel"
else
  echo "not ok 2 - the PNG equals the server's screen pixel for pixel ($diff pixels differ)"
fi

timeout 60 /usr/bin/python3 "$example" "127.0.0.1:$RDP_E2E_PORT" "$dir/no.png" --security tls \
  --accept-certificate 00:11:22 >"$dir/3.out" 2>&1
rc=$?
if [ "$rc" != 0 ] && [ ! -e "$dir/no.png" ] && grep -q "untrusted certificate" "$dir/3.out"; then
  echo "ok 3 - another fingerprint is refused, no PNG"
else
  echo "not ok 3 - another fingerprint is refused, no PNG (exit $rc)"
  sed 's/^/# /' "$dir/3.out"
fi
