#!/usr/bin/env bash
# stop.sh DIR: stops what a tests/e2e start script started in DIR.
#
# It signals only the process groups whose leaders' pids are in DIR/*.pid
# (each was started with setsid, so it leads its group and its forks, such as
# xrdp's per-connection children, are in it): SIGTERM, up to 5 s of grace,
# then SIGKILL. It never kills by name. DIR itself is left for the logs;
# remove it yourself.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
set -uo pipefail

DIR=${1:?usage: stop.sh DIR}
[ -d "$DIR" ] || { echo "stop.sh: $DIR is not a directory" >&2; exit 0; }

alive() {
  local st
  st=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
  [[ -n $st && $st != Z* ]]
}

# a group still has a live member
group_alive() {
  local st
  while read -r st; do
    [[ $st != Z* ]] && return 0
  done < <(ps -o stat= -g "$1" 2>/dev/null)
  return 1
}

shopt -s nullglob
groups=()
for f in "$DIR"/*.pid; do
  pid=$(cat "$f" 2>/dev/null) || continue
  rm -f "$f"
  if ! [[ $pid =~ ^[0-9]+$ ]] || [ "$pid" -le 1 ]; then continue; fi
  pgid=$(ps -o pgid= -p "$pid" 2>/dev/null | tr -d ' ')
  # SIGCONT after SIGTERM: a test may have stopped a server (SIGSTOP) to
  # play a peer that never answers, and a stopped process acts on SIGTERM
  # only once it runs again.
  if [ "$pgid" = "$pid" ]; then
    kill -TERM -- "-$pid" 2>/dev/null && groups+=("$pid")
    kill -CONT -- "-$pid" 2>/dev/null
  elif alive "$pid"; then
    kill -TERM "$pid" 2>/dev/null && groups+=("$pid")
    kill -CONT "$pid" 2>/dev/null
  fi
done

for g in "${groups[@]}"; do
  for ((i = 0; i < 50; i++)); do
    group_alive "$g" || alive "$g" || break
    sleep 0.1
  done
  if group_alive "$g" || alive "$g"; then
    kill -KILL -- "-$g" 2>/dev/null || kill -KILL "$g" 2>/dev/null
  fi
done
echo "STOPPED=${groups[*]:-}"
