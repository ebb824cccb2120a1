#!/usr/bin/env bash
# test-example-connect.sh EXAMPLE: runs examples/rdp-gio-connect against a
# real xrdp (TLS) and checks each trust path; prints TAP.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
set -u

example=$1
here=$(cd "$(dirname "$0")" && pwd)
dir=$(mktemp -d "${TMPDIR:-/tmp}/rdp-gio-example-XXXXXX")
trap 'bash "$here/stop.sh" "$dir" >/dev/null 2>&1; rm -rf "$dir"' EXIT

bash "$here/start-xrdp.sh" "$dir" auto tls >"$dir/start.out" 2>"$dir/start.err"
rc=$?
if [ "$rc" -eq 77 ]; then
  echo "1..0 # SKIP xrdp is not installed: $(tail -n 1 "$dir/start.err")"
  exit 0
elif [ "$rc" -ne 0 ]; then
  echo "Bail out! xrdp did not start: $(tail -n 3 "$dir/start.err" | tr '\n' ' ')"
  exit 1
fi
port=$(sed -n 's/^PORT=//p' "$dir/start.out")
cert=$(sed -n 's/^CERT=//p' "$dir/start.out")
want_fp=$(openssl x509 -in "$cert" -noout -fingerprint -sha256 | sed 's/^.*=//')

n=0
result() {   # result OK DESCRIPTION [DIAGNOSTIC-FILE]
  n=$((n + 1))
  if [ "$1" = 0 ]; then
    echo "ok $n - $2"
  else
    echo "not ok $n - $2"
    [ -n "${3:-}" ] && sed 's/^/# /' "$3"
  fi
}

echo "1..4"

# No CA, no pin, no terminal to ask: refused, with the verifier's error.
timeout 30 "$example" "localhost:$port" </dev/null >"$dir/1.out" 2>&1
rc=$?
[ "$rc" -ne 0 ] && grep -q "was rejected" "$dir/1.out" && ! grep -q "TLS established" "$dir/1.out"
result $? "an untrusted self-signed certificate is refused" "$dir/1.out"

# The server's own certificate as the CA: trusted, and the fingerprint
# printed is the one openssl computes.
timeout 30 "$example" --ca "$cert" "localhost:$port" </dev/null >"$dir/2.out" 2>&1
rc=$?
[ "$rc" -eq 0 ] && grep -q "TLS established" "$dir/2.out" &&
  grep -q "certificate SHA-256 $want_fp" "$dir/2.out" && grep -q "server public key: 270 bytes" "$dir/2.out"
result $? "--ca trusts it and the SHA-256 fingerprint matches openssl" "$dir/2.out"

# Pinned by fingerprint, written in lower case without colons.
plain=$(echo "$want_fp" | tr -d ':' | tr 'A-F' 'a-f')
timeout 30 "$example" --trust-fingerprint "$plain" "127.0.0.1:$port" </dev/null >"$dir/3.out" 2>&1
rc=$?
[ "$rc" -eq 0 ] && grep -q "TLS established" "$dir/3.out"
result $? "--trust-fingerprint trusts it" "$dir/3.out"

# Another fingerprint: refused.
timeout 30 "$example" --trust-fingerprint "00:11:22" "127.0.0.1:$port" </dev/null >"$dir/4.out" 2>&1
rc=$?
[ "$rc" -ne 0 ] && ! grep -q "TLS established" "$dir/4.out"
result $? "a wrong --trust-fingerprint is refused" "$dir/4.out"
