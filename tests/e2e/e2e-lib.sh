# shellcheck shell=bash
# e2e-lib.sh: helpers of the tests/e2e start scripts. Sourced, not run.
#
# Conventions of every start script:
#   * everything it creates lives in the run directory DIR given to it;
#   * every long-lived process is started in its own session (setsid), so its
#     process group id is its pid, and that pid goes into DIR/NAME.pid;
#     stop.sh DIR signals exactly those process groups and nothing else;
#   * servers bind 127.0.0.1 only;
#   * the result is printed as KEY=VALUE lines on stdout (PORT, PID, CERT,
#     KEY, DIR, LOG), everything else goes to stderr or DIR/*.log;
#   * it never waits longer than E2E_START_TIMEOUT seconds (default 20) for a
#     server to listen, and on failure it stops what it started and exits 1.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

E2E_START_TIMEOUT=${E2E_START_TIMEOUT:-20}

e2e_die() {
  echo "e2e: $*" >&2
  if [ -n "${E2E_DIR:-}" ] && [ -d "$E2E_DIR" ]; then
    "$E2E_HERE/stop.sh" "$E2E_DIR" >&2 || true
  fi
  exit 1
}

# e2e_need CMD PACKAGE: exit 77 (the "skip" code of automake/meson) when a
# program is missing, naming the Debian package that has it.
e2e_need() {
  command -v "$1" >/dev/null 2>&1 && return 0
  echo "e2e: $1 not found (apt-get install $2)" >&2
  exit 77
}

e2e_listening() {
  ss -Hltn "sport = :$1" 2>/dev/null | grep -q .
}

# e2e_pick_port: a TCP port in 20000..59999 that nothing listens on now.
e2e_pick_port() {
  local port i
  for ((i = 0; i < 200; i++)); do
    port=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
    e2e_listening "$port" || { echo "$port"; return 0; }
  done
  return 1
}

# e2e_alive PID: true when PID runs and is not a zombie (PID 1 in containers
# does not always reap).
e2e_alive() {
  local st
  st=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
  [[ -n $st && $st != Z* ]]
}

# e2e_wait_listen PORT PID: waits (polling ss, without connecting) until
# 127.0.0.1:PORT listens; fails early when PID dies.
e2e_wait_listen() {
  local port=$1 pid=$2 i
  for ((i = 0; i < E2E_START_TIMEOUT * 10; i++)); do
    e2e_listening "$port" && return 0
    e2e_alive "$pid" || return 1
    sleep 0.1
  done
  return 1
}

# e2e_init DIR: makes DIR (private, mode 700) and sets E2E_DIR to its
# absolute path.
e2e_init() {
  mkdir -p "$1" || e2e_die "cannot create $1"
  chmod 700 "$1"
  E2E_DIR=$(cd "$1" && pwd)
}

# e2e_make_cert: a fresh self-signed RSA-2048 certificate for CN=localhost
# (SAN localhost and 127.0.0.1) in $E2E_DIR/cert.pem, key in key.pem.
e2e_make_cert() {
  e2e_need openssl openssl
  openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 2 \
    -keyout "$E2E_DIR/key.pem" -out "$E2E_DIR/cert.pem" \
    -subj "/CN=localhost" -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
    >"$E2E_DIR/openssl.log" 2>&1 || e2e_die "openssl req failed (see $E2E_DIR/openssl.log)"
  chmod 600 "$E2E_DIR/key.pem"
}

# e2e_spawn NAME CMD...: runs CMD in a new session, output to $E2E_DIR/NAME.log,
# records its pid in $E2E_DIR/NAME.pid and in E2E_PID.
e2e_spawn() {
  local name=$1; shift
  setsid "$@" >"$E2E_DIR/$name.log" 2>&1 </dev/null &
  E2E_PID=$!
  echo "$E2E_PID" >"$E2E_DIR/$name.pid"
}

# e2e_spawn_x NAME XSERVER ARGS...: starts an X server on a display it picks
# itself (-displayfd), sets E2E_DISPLAY to ":N" (for the calling script).
e2e_spawn_x() {
  local name=$1 fifo n; shift
  fifo="$E2E_DIR/$name.displayfd"
  rm -f "$fifo"
  mkfifo "$fifo" || e2e_die "mkfifo failed"
  setsid "$@" -displayfd 3 3>"$fifo" >"$E2E_DIR/$name.log" 2>&1 </dev/null &
  E2E_PID=$!
  echo "$E2E_PID" >"$E2E_DIR/$name.pid"
  if ! read -r -t "$E2E_START_TIMEOUT" n <"$fifo"; then
    rm -f "$fifo"
    e2e_die "$1 reported no display (see $E2E_DIR/$name.log)"
  fi
  rm -f "$fifo"
  # shellcheck disable=SC2034 # used by the scripts that source this file
  E2E_DISPLAY=":$n"
}

# e2e_report NAME PORT PID LOG: the KEY=VALUE result lines.
e2e_report() {
  echo "SERVER=$1"
  echo "PORT=$2"
  echo "PID=$3"
  echo "CERT=$E2E_DIR/cert.pem"
  echo "KEY=$E2E_DIR/key.pem"
  echo "DIR=$E2E_DIR"
  echo "LOG=$4"
}
