#!/usr/bin/env bash
# bench/connect.sh BUILDDIR [ROUNDS]: rdp-gio's connection time beside xfreerdp
#
# Starts xrdp (tls), FreeRDP's shadow server (tls) and the shadow server in
# nla mode (CredSSP/NTLM, the fixture's account rdpuser) with the tests/e2e
# fixtures and, for each, runs ROUNDS (default 5; or $ROUNDS) alternating
# rounds of
#   (a) BUILDDIR/bench/connect: RdpClient, TCP connect → active stage and
#       → first fast-path update (its RESULT/STAGES/CPU lines are passed on;
#       with --security nla --user --password for the nla server); the whole
#       process is timed wall-clock too (PROCESS line);
#   (b) xfreerdp /v:127.0.0.1:PORT /cert:ignore +auth-only /sec:tls /u:x /p:x
#       (for nla: /sec:nla /u:rdpuser /p:…): the connection sequence up to
#       the active stage, then exit; timed wall-clock, on a private Xvfb
#       (-displayfd): xfreerdp opens the display even with +auth-only.
# Then prints a Markdown table per server with the medians, and rdp-gio's
# time split by stage (from the STAGES and CPU lines). A benchmark, not
# a test: it prints numbers and never judges them; it fails only when
# something could not be started.
#
#   meson setup build-cbench --buildtype=release -Dintrospection=disabled -Dtests=false
#   ninja -C build-cbench && bash bench/connect.sh build-cbench
#
# Machine-readable lines on stdout: RESULT … (rdp-gio), STAGES … (ms at the
# start of each RdpClient stage), CPU … (the client's CPU ms at the same
# points), PROCESS label=L run=I wall_ms=W (the whole bench/connect process),
# XFREERDP label=L run=I rc=R wall_ms=W.
# Everything it starts is stopped on exit (tests/e2e/stop.sh, and its Xvfb).
#
# SPDX-License-Identifier: LGPL-2.1-or-later
set -uo pipefail

HERE=$(cd "${BASH_SOURCE[0]%/*}" && pwd)
SRC=$(cd "$HERE/.." && pwd)
BUILD=${1:?usage: connect.sh BUILDDIR [ROUNDS]}
ROUNDS=${2:-${ROUNDS:-5}}
BENCH=$(cd "$BUILD" && pwd)/bench/connect
[ -x "$BENCH" ] || { echo "connect.sh: $BENCH is missing (ninja -C $BUILD)" >&2; exit 1; }
command -v xfreerdp >/dev/null || { echo "connect.sh: xfreerdp is missing (apt: freerdp2-x11)" >&2; exit 77; }
command -v Xvfb >/dev/null || { echo "connect.sh: Xvfb is missing (apt: xvfb)" >&2; exit 77; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/rdp-gio-cbench.XXXXXX")
XVFB_PID=
SERVER_DIRS=()

cleanup() {
  local d
  for d in "${SERVER_DIRS[@]}"; do
    "$SRC/tests/e2e/stop.sh" "$d" >/dev/null 2>&1
  done
  if [ -n "$XVFB_PID" ]; then
    kill -TERM "$XVFB_PID" 2>/dev/null
    for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$XVFB_PID" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$XVFB_PID" 2>/dev/null
    wait "$XVFB_PID" 2>/dev/null
  fi
  [ -n "${KEEP_WORK:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now_ns() { date +%s%N; }

# A private Xvfb for xfreerdp, on a display it picks itself.
mkfifo "$WORK/displayfd" || exit 1
Xvfb -screen 0 1024x768x24 -nolisten tcp -noreset -displayfd 3 3>"$WORK/displayfd" \
  >"$WORK/xvfb.log" 2>&1 </dev/null &
XVFB_PID=$!
if ! read -r -t 20 XNUM <"$WORK/displayfd"; then
  echo "connect.sh: Xvfb reported no display (see $WORK/xvfb.log)" >&2
  KEEP_WORK=1
  exit 1
fi
rm -f "$WORK/displayfd"
XDISPLAY=":$XNUM"

median() { # numbers on stdin (NA ignored) → median, or NA
  sort -g | awk '$1 != "NA" { a[n++] = $1 } END {
    if (n == 0) { print "NA"; exit }
    if (n % 2) printf "%.1f\n", a[(n - 1) / 2]; else printf "%.1f\n", (a[n / 2 - 1] + a[n / 2]) / 2 }'
}

# segments FILE: for each round rdp-gio connected in, one line
#   tcp x224 tls credssp mcs cpu credssp_cpu
# (ms): TCP connect, waiting for the X.224 Connection Confirm, the TLS
# handshake (with the certificate check), CredSSP (NA without NLA), the MCS
# connect → active stage; the client's CPU time to the active stage, and
# within CredSSP (from the STAGES and CPU lines).
segments() {
  awk '
    function kv(line, arr,   n, i, f, p) {
      split("", arr)
      n = split(line, f, " ")
      for (i = 2; i <= n; i++) { p = index(f[i], "="); if (p) arr[substr(f[i], 1, p - 1)] = substr(f[i], p + 1) }
    }
    $1 == "RESULT" { kv($0, r); if (r["ok"] == 1) { ok[r["run"]] = 1; cpu[r["run"]] = r["cpu_ms"] } }
    $1 == "STAGES" { kv($0, s); run = s["run"]
      if (!(run in ok)) next
      bse = s["basic-settings-exchange"]
      after = ("authenticating" in s) ? s["authenticating"] : bse
      line[run] = sprintf("%.2f %.2f %.2f %s %.2f %s", s["negotiating"] - s["connecting"],
        s["security-upgrade"] - s["negotiating"], after - s["security-upgrade"],
        ("authenticating" in s) ? sprintf("%.2f", bse - s["authenticating"]) : "NA",
        s["connected"] - bse, cpu[run])
      auth[run] = ("authenticating" in s) }
    $1 == "CPU" { kv($0, c); run = c["run"]
      if (!(run in line)) next
      print line[run], auth[run] ? sprintf("%.2f", c["basic-settings-exchange"] - c["authenticating"]) : "NA" }
  ' "$1"
}

TABLES=
run_server() { # NAME tls|nla START-SCRIPT ARGS...
  local name=$1 sec=$2 script=$3; shift 3
  local dir="$WORK/$name" out port cert user password i t0 t1 rc
  local bench_args=() xf_args=()
  mkdir -p "$dir"
  SERVER_DIRS+=("$dir")
  if ! out=$("$SRC/tests/e2e/$script" "$dir" "$@"); then
    echo "connect.sh: $script failed (logs in $dir)" >&2
    KEEP_WORK=1
    return 1
  fi
  port=$(sed -n 's/^PORT=//p' <<<"$out")
  cert=$(sed -n 's/^CERT=//p' <<<"$out")
  if [ "$sec" = nla ]; then
    # the fixture's test account (tests/e2e/start-shadow.sh)
    user=$(sed -n 's/^RDP_USER=//p' <<<"$out")
    password=$(sed -n 's/^RDP_PASSWORD=//p' <<<"$out")
    bench_args=(--security nla --user "$user" --password "$password")
    xf_args=(/sec:nla "/u:$user" "/p:$password")
  else
    bench_args=(--security tls)
    xf_args=(/sec:tls /u:x /p:x)
  fi
  echo "# $name ($sec): 127.0.0.1:$port"

  : >"$dir/bench.txt"
  for ((i = 1; i <= ROUNDS; i++)); do
    # (a) rdp-gio, also timed as a whole process (start → first update → exit)
    t0=$(now_ns)
    timeout 60 "$BENCH" --rounds 1 --ca "$cert" --label "$name" "${bench_args[@]}" 127.0.0.1 "$port" \
      >"$dir/round.txt"
    t1=$(now_ns)
    sed "s/ run=1 / run=$i /" "$dir/round.txt" | tee -a "$dir/bench.txt"
    echo "PROCESS label=$name run=$i wall_ms=$(awk -v d=$((t1 - t0)) 'BEGIN { printf "%.2f", d / 1e6 }')" |
      tee -a "$dir/bench.txt"
    # (b) xfreerdp +auth-only
    t0=$(now_ns)
    DISPLAY=$XDISPLAY HOME="$WORK" XDG_CONFIG_HOME="$WORK/config" timeout 60 \
      xfreerdp "/v:127.0.0.1:$port" /cert:ignore +auth-only "${xf_args[@]}" /log-level:OFF \
      >>"$dir/xfreerdp.log" 2>&1 </dev/null
    rc=$?
    t1=$(now_ns)
    echo "XFREERDP label=$name run=$i rc=$rc wall_ms=$(awk -v d=$((t1 - t0)) 'BEGIN { printf "%.2f", d / 1e6 }')" |
      tee -a "$dir/bench.txt"
  done
  "$SRC/tests/e2e/stop.sh" "$dir" >/dev/null 2>&1

  local active update proc xf ratio pratio ok seg k
  local -a med
  active=$(sed -n 's/^RESULT .* ok=1 active_ms=\([0-9.]*\) .*/\1/p' "$dir/bench.txt" | median)
  update=$(sed -n 's/^RESULT .* ok=1 .*first_update_ms=\([0-9.NA]*\) .*/\1/p' "$dir/bench.txt" | median)
  proc=$(sed -n 's/^PROCESS .* wall_ms=\([0-9.]*\)$/\1/p' "$dir/bench.txt" | median)
  xf=$(sed -n 's/^XFREERDP .* rc=0 wall_ms=\([0-9.]*\)$/\1/p' "$dir/bench.txt" | median)
  ok="$(grep -c '^RESULT .* ok=1 ' "$dir/bench.txt")/$ROUNDS rdp-gio, $(grep -c '^XFREERDP .* rc=0 ' "$dir/bench.txt")/$ROUNDS xfreerdp ok"
  if [ "$active" != NA ] && [ "$xf" != NA ]; then
    ratio=$(awk -v a="$active" -v x="$xf" 'BEGIN { printf "%.3f", a / x }')
    pratio=$(awk -v a="$proc" -v x="$xf" 'BEGIN { printf "%.3f", a / x }')
  else
    ratio=NA pratio=NA
  fi
  seg=$(segments "$dir/bench.txt")
  for k in 1 2 3 4 5 6 7; do
    med[k]=$(awk -v k=$k '{ print $k }' <<<"$seg" | median)
  done
  TABLES+="
### $name ($sec), $ROUNDS rounds ($ok)

| rdp-gio → active (ms) | rdp-gio → first update (ms) | rdp-gio process, start to exit (ms) | xfreerdp +auth-only (ms) | rdp-gio(active)/xfreerdp (target ≤ 0.15) | rdp-gio(process)/xfreerdp |
|---|---|---|---|---|---|
| $active | $update | $proc | $xf | $ratio | $pratio |

rdp-gio's time to the active stage by stage (ms, medians): TCP connect ${med[1]}, waiting for the X.224 Connection Confirm ${med[2]}, TLS handshake ${med[3]}, CredSSP ${med[4]} (client CPU in it ${med[7]}), MCS connect → active ${med[5]}; the client's CPU time to the active stage ${med[6]}.
"
}

echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
run_server xrdp tls start-xrdp.sh auto tls
run_server shadow tls start-shadow.sh auto tls
run_server shadow-nla nla start-shadow.sh auto nla
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%s\n' "$TABLES"
