#!/usr/bin/env bash
# run-with-server.sh SCRIPT [SCRIPT-ARGS...] -- PROGRAM [ARGS...]
#
# Runs PROGRAM (a TAP test that is not written in C: Vala, GJS, Python…)
# against a real server: starts the fixture tests/e2e/SCRIPT in a fresh
# directory (SCRIPT DIR SCRIPT-ARGS..., e.g. start-xrdp.sh DIR auto tls),
# exports each KEY=VALUE line it prints as RDP_E2E_KEY (RDP_E2E_PORT,
# RDP_E2E_CERT, RDP_E2E_SERVER, …), runs PROGRAM, and always stops the
# server with stop.sh and removes the directory, whatever PROGRAM does.
# Exits with PROGRAM's status.
#
# A server that is not installed (the fixture exits 77) is a skip: it prints
# "1..0 # SKIP …" and exits 0. A fixture that fails otherwise prints a
# failing TAP plan and exits 1.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
set -u

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

script=${1:?usage: run-with-server.sh SCRIPT [ARGS...] -- PROGRAM [ARGS...]}
shift
script_args=()
while [ $# -gt 0 ] && [ "$1" != -- ]; do
  script_args+=("$1")
  shift
done
[ "${1:-}" = -- ] || { echo "run-with-server.sh: no -- PROGRAM" >&2; exit 2; }
shift
[ $# -ge 1 ] || { echo "run-with-server.sh: no PROGRAM" >&2; exit 2; }

dir=$(mktemp -d "${TMPDIR:-/tmp}/rdp-gio-e2e-XXXXXX")
cleanup() {
  bash "$here/stop.sh" "$dir/server" >/dev/null 2>&1
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 143' TERM INT

mkdir -p "$dir/server"
timeout 90 bash "$here/$script" "$dir/server" "${script_args[@]}" >"$dir/server.out" 2>"$dir/server.err"
rc=$?
if [ "$rc" -eq 77 ]; then
  echo "1..0 # SKIP $script: $(tail -n 1 "$dir/server.err")"
  exit 0
elif [ "$rc" -ne 0 ]; then
  echo "1..1"
  echo "not ok 1 - $script ${script_args[*]} did not start the server (exit status $rc)"
  sed 's/^/# /' "$dir/server.err"
  exit 1
fi

while IFS='=' read -r key value; do
  [[ $key =~ ^[A-Z][A-Z0-9_]*$ ]] || continue
  export "RDP_E2E_$key=$value"
done <"$dir/server.out"

"$@"
