#!/usr/bin/env bash
# run-fuzzers.sh SECONDS BUILDDIR [TARGET...]
#
# Runs each libFuzzer target of BUILDDIR (a build configured with
# -Dfuzzing=true, see fuzz/meson.build) for SECONDS seconds, starting from its
# seed corpus BUILDDIR/fuzz/seeds-TARGET and the corpus it grew in earlier
# runs, BUILDDIR/fuzz/corpus-TARGET. Without TARGETs it runs them all, JOBS at
# a time (default: the number of CPUs).
#
# Extra libFuzzer flags for one target go into fuzz/TARGET.options, one per
# line. A crash, leak, timeout or out-of-memory input is kept as
# BUILDDIR/fuzz/artifacts/TARGET-*; reproduce it with
#   BUILDDIR/fuzz/TARGET BUILDDIR/fuzz/artifacts/TARGET-crash-...
#
# Writes one TAP result per target to BUILDDIR/fuzz/fuzz-results.tap and
# exits non-zero if any target failed.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

set -uo pipefail

usage() {
  echo "usage: $0 SECONDS BUILDDIR [TARGET...]" >&2
  exit 2
}

[ $# -ge 2 ] || usage
seconds=$1
builddir=$2
shift 2
[[ $seconds =~ ^[0-9]+$ ]] && [ "$seconds" -gt 0 ] || usage

srcdir=$(cd "$(dirname "$0")" && pwd)
fuzzdir=$builddir/fuzz
if [ ! -d "$fuzzdir" ]; then
  echo "$0: $fuzzdir does not exist; configure $builddir with -Dfuzzing=true" >&2
  exit 2
fi
fuzzdir=$(cd "$fuzzdir" && pwd)

# Build first, so that the binaries and seeds are current.
ninja -C "$builddir" >/dev/null || { echo "$0: ninja -C $builddir failed" >&2; exit 1; }

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for f in "$fuzzdir"/fuzz-*; do
    [ -f "$f" ] && [ -x "$f" ] && targets+=("$(basename "$f")")
  done
fi
if [ ${#targets[@]} -eq 0 ]; then
  echo "$0: no fuzz targets in $fuzzdir" >&2
  exit 1
fi

# UBSan only reports and goes on unless told to stop; leaks are bugs too.
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:abort_on_error=1:print_stacktrace=1}
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}

jobs=${JOBS:-$(nproc 2>/dev/null || echo 1)}
[ "$jobs" -ge 1 ] 2>/dev/null || jobs=1

mkdir -p "$fuzzdir/artifacts" "$fuzzdir/logs"

run_one() {
  local target=$1 log=$fuzzdir/logs/$1.log extra=() line
  if [ -f "$srcdir/$target.options" ]; then
    while IFS= read -r line; do
      case "$line" in ''|'#'*) ;; *) extra+=("$line") ;; esac
    done < "$srcdir/$target.options"
  fi
  mkdir -p "$fuzzdir/corpus-$target"
  # the seed corpus, when the target has one (a seed script made it)
  local corpora=("$fuzzdir/corpus-$target")
  [ -d "$fuzzdir/seeds-$target" ] && corpora+=("$fuzzdir/seeds-$target")
  # -max_total_time is checked between inputs; the outer timeout only
  # catches a fuzzer that hangs without libFuzzer noticing.
  timeout --kill-after=30 $((seconds + 300)) \
    "$fuzzdir/$target" \
      -max_total_time="$seconds" \
      -timeout=30 \
      -rss_limit_mb=2048 \
      -print_final_stats=1 \
      -artifact_prefix="$fuzzdir/artifacts/$target-" \
      "${extra[@]}" \
      "${corpora[@]}" \
      >"$log" 2>&1
  echo $? >"$fuzzdir/logs/$target.status"
}

# Runs the targets JOBS at a time; results come in the order given.
declare -A pids status
running=0
for target in "${targets[@]}"; do
  if [ ! -x "$fuzzdir/$target" ]; then
    echo "$0: no fuzz target $target in $fuzzdir" >&2
    status[$target]=127
    continue
  fi
  if [ "$running" -ge "$jobs" ]; then
    wait -n
    running=$((running - 1))
  fi
  echo "fuzzing $target for $seconds s (log: $fuzzdir/logs/$target.log)"
  rm -f "$fuzzdir/logs/$target.status"
  run_one "$target" &
  pids[$target]=$!
  running=$((running + 1))
done

failed=0
n=0
tap=$fuzzdir/fuzz-results.tap
echo "1..${#targets[@]}" >"$tap.tmp"
for target in "${targets[@]}"; do
  n=$((n + 1))
  if [ -n "${pids[$target]:-}" ]; then
    wait "${pids[$target]}" 2>/dev/null
    status[$target]=$(cat "$fuzzdir/logs/$target.status" 2>/dev/null || echo 1)
  fi
  rc=${status[$target]}
  log=$fuzzdir/logs/$target.log
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" 2>/dev/null | tail -n 1)
  cov=$(grep -o 'cov: [0-9]*' "$log" 2>/dev/null | tail -n 1)
  if [ "$rc" -eq 0 ]; then
    echo "ok $n - $target: ${runs:-?} runs in $seconds s, ${cov:-cov: ?}" | tee -a "$tap.tmp"
  else
    failed=$((failed + 1))
    artifact=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" 2>/dev/null | tail -n 1)
    echo "not ok $n - $target: exit status $rc${artifact:+, input kept in $artifact}" | tee -a "$tap.tmp"
    echo "---- last lines of $log ----"
    tail -n 60 "$log" 2>/dev/null
    echo "----"
  fi
done
mv "$tap.tmp" "$tap"

exit $((failed > 0))
