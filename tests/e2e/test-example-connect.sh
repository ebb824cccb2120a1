#!/usr/bin/env bash
# test-example-connect.sh EXAMPLE [CONNECT_PY TYPELIB_DIR]: runs
# examples/rdp-gio-connect (RdpClient) against real servers and prints TAP:
#   xrdp (TLS): the four trust paths of the example's verifier, then a whole
#     connection to the active stage with the desktop size and fast-path
#     updates counted, and the same with examples/connect.py (PyGObject, run
#     with /usr/bin/python3, GI_TYPELIB_PATH and LD_LIBRARY_PATH = TYPELIB_DIR)
#   Weston (TLS), FreeRDP shadow (TLS, and Standard RDP Security with
#     --security rdp): a whole connection, the desktop size, fast-path updates
#   FreeRDP shadow (NLA, account rdpuser): both examples with --user and the
#     right password in --password-file log on (NLA selected, fast-path
#     updates counted); with a wrong one they exit non-zero, naming the
#     authentication failure, and neither password shows in their output
# A server that is not installed skips its checks. Every run is bounded with
# timeout(1).
#
# SPDX-License-Identifier: LGPL-2.1-or-later
set -u

example=$1
connect_py=${2:-}
typelib_dir=${3:-}
here=$(cd "$(dirname "$0")" && pwd)
dir=$(mktemp -d "${TMPDIR:-/tmp}/rdp-gio-example-XXXXXX")
cleanup() {
  for d in "$dir"/*/; do
    [ -d "$d" ] && bash "$here/stop.sh" "${d%/}" >/dev/null 2>&1
  done
  rm -rf "$dir"
}
trap cleanup EXIT

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
skip() {     # skip COUNT REASON
  for _ in $(seq "$1"); do
    n=$((n + 1))
    echo "ok $n # SKIP $2"
  done
}

# start NAME SCRIPT ARGS...: starts a server in $dir/NAME; sets port and
# cert. Returns 77 when it is not installed, 1 when it did not start.
start() {
  local name=$1 script=$2
  shift 2
  mkdir -p "$dir/$name"
  timeout 90 bash "$here/$script" "$dir/$name" auto "$@" >"$dir/$name.out" 2>"$dir/$name.err"
  local rc=$?
  if [ "$rc" -eq 0 ]; then
    port=$(sed -n 's/^PORT=//p' "$dir/$name.out")
    cert=$(sed -n 's/^CERT=//p' "$dir/$name.out")
    return 0
  fi
  start_error=$(tail -n 3 "$dir/$name.err" | tr '\n' ' ')
  [ "$rc" -eq 77 ] && return 77
  return 1
}

# session OUT: the example (whichever) reached the active stage, printed a
# desktop size and counted at least one fast-path update.
session() {
  local fast
  # What it saw, as TAP diagnostics.
  grep -E "^(selected protocol|desktop size|in [0-9]+ s):" "$1" | sed 's/^/# /' >&2
  fast=$(sed -n 's/^in [0-9]* s: \([0-9]*\) fast-path updates.*/\1/p' "$1")
  grep -q "connected: active stage" "$1" &&
    grep -Eq "^desktop size: [0-9]+x[0-9]+$" "$1" &&
    [ -n "$fast" ] && [ "$fast" -ge 1 ]
}

echo "1..13"

# --- xrdp (TLS): the trust paths, then whole sessions --------------------------
if start xrdp start-xrdp.sh tls; then
  want_fp=$(openssl x509 -in "$cert" -noout -fingerprint -sha256 | sed 's/^.*=//')

  # No CA, no pin, no terminal to ask: refused, with the verifier's error,
  # and the connection goes no further than the TLS upgrade.
  timeout 40 "$example" --seconds 1 "localhost:$port" </dev/null >"$dir/1.out" 2>&1
  rc=$?
  [ "$rc" -ne 0 ] && [ "$rc" -ne 124 ] && grep -q "was rejected" "$dir/1.out" &&
    ! grep -q "basic settings exchange" "$dir/1.out" && ! grep -q "active stage" "$dir/1.out"
  result $? "an untrusted self-signed certificate is refused" "$dir/1.out"

  # The server's own certificate as the CA: trusted, and the fingerprint
  # printed is the one openssl computes.
  timeout 40 "$example" --ca "$cert" --seconds 1 "localhost:$port" </dev/null >"$dir/2.out" 2>&1
  rc=$?
  [ "$rc" -eq 0 ] && grep -q "active stage" "$dir/2.out" &&
    grep -q "certificate SHA-256 $want_fp" "$dir/2.out" && grep -q "server public key: 270 bytes" "$dir/2.out"
  result $? "--ca trusts it and the SHA-256 fingerprint matches openssl" "$dir/2.out"

  # Pinned by fingerprint, written in lower case without colons.
  plain=$(echo "$want_fp" | tr -d ':' | tr 'A-F' 'a-f')
  timeout 40 "$example" --trust-fingerprint "$plain" --seconds 1 "127.0.0.1:$port" </dev/null >"$dir/3.out" 2>&1
  rc=$?
  [ "$rc" -eq 0 ] && grep -q "active stage" "$dir/3.out"
  result $? "--trust-fingerprint trusts it" "$dir/3.out"

  # Another fingerprint: refused.
  timeout 40 "$example" --trust-fingerprint "00:11:22" --seconds 1 "127.0.0.1:$port" </dev/null >"$dir/4.out" 2>&1
  rc=$?
  [ "$rc" -ne 0 ] && [ "$rc" -ne 124 ] && grep -q "was rejected" "$dir/4.out" && ! grep -q "active stage" "$dir/4.out"
  result $? "a wrong --trust-fingerprint is refused" "$dir/4.out"

  timeout 40 "$example" --ca "$cert" --security tls --seconds 5 "localhost:$port" </dev/null >"$dir/5.out" 2>&1
  rc=$?
  [ "$rc" -eq 0 ] && session "$dir/5.out" && grep -q "selected protocol: tls" "$dir/5.out"
  result $? "xrdp (tls): active stage, desktop size, fast-path updates" "$dir/5.out"

  if [ -z "$connect_py" ] || [ -z "$typelib_dir" ]; then
    skip 1 "no introspection: connect.py not tested"
  elif ! /usr/bin/python3 -c 'import gi' 2>/dev/null; then
    skip 1 "PyGObject (python3-gi) is not installed"
  else
    GI_TYPELIB_PATH="$typelib_dir${GI_TYPELIB_PATH:+:$GI_TYPELIB_PATH}" \
    LD_LIBRARY_PATH="$typelib_dir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" \
      timeout 40 /usr/bin/python3 "$connect_py" --ca "$cert" --security tls --seconds 5 \
      "localhost:$port" </dev/null >"$dir/6.out" 2>&1
    rc=$?
    [ "$rc" -eq 0 ] && session "$dir/6.out" && grep -q "certificate SHA-256 $want_fp" "$dir/6.out"
    result $? "connect.py against xrdp (tls): active stage, desktop size, fast-path updates" "$dir/6.out"
  fi
  bash "$here/stop.sh" "$dir/xrdp" >/dev/null 2>&1
elif [ $? -eq 77 ]; then
  skip 6 "xrdp is not installed: $start_error"
else
  echo "Bail out! xrdp did not start: $start_error"
  exit 1
fi

# --- The other servers: whole sessions ------------------------------------------
# other NAME SCRIPT MODE SECURITY PROTOCOL-PRINTED DESCRIPTION
other() {
  local name=$1 script=$2 mode=$3 security=$4 printed=$5 what=$6 rc
  if start "$name" "$script" $mode; then
    timeout 40 "$example" --ca "$cert" --security "$security" --seconds 5 "localhost:$port" \
      </dev/null >"$dir/$name.run" 2>&1
    rc=$?
    [ "$rc" -eq 0 ] && session "$dir/$name.run" && grep -q "selected protocol: $printed" "$dir/$name.run"
    result $? "$what: active stage, desktop size, fast-path updates" "$dir/$name.run"
    bash "$here/stop.sh" "$dir/$name" >/dev/null 2>&1
  elif [ $? -eq 77 ]; then
    skip 1 "$what: server not installed: $start_error"
  else
    n=$((n + 1))
    echo "not ok $n - $what: the server did not start"
    echo "# $start_error"
  fi
}

other weston start-weston.sh "" tls tls "Weston (tls)"
other shadow-tls start-shadow.sh tls tls tls "FreeRDP shadow (tls)"
other shadow-rdp start-shadow.sh rdp rdp rdp "FreeRDP shadow (rdp, --security rdp)"

# --- FreeRDP shadow (NLA): the right and a wrong password -----------------------
# nla_run OUT EXAMPLE-COMMAND...: runs an example against the NLA server with
# --user rdpuser and the password file in $pwfile; returns its exit status.
nla_run() {
  local out=$1
  shift
  timeout 40 "$@" --ca "$cert" --user "$nla_user" --password-file "$pwfile" --seconds 3 \
    "localhost:$port" </dev/null >"$out" 2>&1
}
# nla_right OUT RC: logged on with NLA, updates counted.
nla_right() {
  [ "$2" -eq 0 ] && session "$1" && grep -q "selected protocol: nla" "$1"
}
# nla_wrong OUT RC: refused quickly and clearly, no password in the output.
nla_wrong() {
  [ "$2" -ne 0 ] && [ "$2" -ne 124 ] && grep -q ": authentication failed: check --user" "$1" &&
    ! grep -q "active stage" "$1" && ! grep -qF "$nla_password" "$1" && ! grep -qF "$bad_password" "$1"
}

nla_user=rdpuser
nla_password='Passw0rd!'
bad_password='not-Passw0rd!'
if start shadow-nla start-shadow.sh nla "$nla_user" "$nla_password"; then
  pwfile=$dir/password
  (umask 077 && printf '%s\n' "$nla_password" >"$pwfile")
  nla_run "$dir/nla-1.out" "$example"
  nla_right "$dir/nla-1.out" $?
  result $? "FreeRDP shadow (nla), --user and --password-file: NLA, active stage, fast-path updates" "$dir/nla-1.out"

  (umask 077 && printf '%s\n' "$bad_password" >"$pwfile")
  nla_run "$dir/nla-2.out" "$example"
  nla_wrong "$dir/nla-2.out" $?
  result $? "FreeRDP shadow (nla), a wrong password: non-zero exit, authentication failure named" "$dir/nla-2.out"

  if [ -z "$connect_py" ] || [ -z "$typelib_dir" ]; then
    skip 2 "no introspection: connect.py not tested"
  elif ! /usr/bin/python3 -c 'import gi' 2>/dev/null; then
    skip 2 "PyGObject (python3-gi) is not installed"
  else
    export GI_TYPELIB_PATH="$typelib_dir${GI_TYPELIB_PATH:+:$GI_TYPELIB_PATH}"
    export LD_LIBRARY_PATH="$typelib_dir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
    (umask 077 && printf '%s\n' "$nla_password" >"$pwfile")
    nla_run "$dir/nla-3.out" /usr/bin/python3 "$connect_py"
    nla_right "$dir/nla-3.out" $?
    result $? "connect.py against FreeRDP shadow (nla): NLA, active stage, fast-path updates" "$dir/nla-3.out"

    (umask 077 && printf '%s\n' "$bad_password" >"$pwfile")
    nla_run "$dir/nla-4.out" /usr/bin/python3 "$connect_py"
    nla_wrong "$dir/nla-4.out" $?
    result $? "connect.py against FreeRDP shadow (nla), a wrong password: non-zero exit, authentication failure named" "$dir/nla-4.out"
  fi
  bash "$here/stop.sh" "$dir/shadow-nla" >/dev/null 2>&1
elif [ $? -eq 77 ]; then
  skip 4 "FreeRDP shadow (nla): server not installed: $start_error"
else
  for what in "FreeRDP shadow (nla), right password" "FreeRDP shadow (nla), wrong password" \
              "connect.py, FreeRDP shadow (nla), right password" "connect.py, FreeRDP shadow (nla), wrong password"; do
    n=$((n + 1))
    echo "not ok $n - $what: the server did not start"
  done
  echo "# $start_error"
fi
