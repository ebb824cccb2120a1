#!/usr/bin/env bash
# start-kdc.sh DIR [KDC_PORT|auto] [PROXY_PORT|auto|none]
#
# Starts an MIT Kerberos KDC for the realm TEST.LOCAL on 127.0.0.1:KDC_PORT
# (TCP and UDP) and, unless PROXY_PORT is "none", an [MS-KKDCP] KDC proxy
# (python3-kdcproxy, served over HTTPS by tests/e2e/kdcproxy-server.py with a
# fresh self-signed CN=localhost certificate) at
# https://localhost:PROXY_PORT/KdcProxy that forwards to the KDC over TCP.
# Everything (database, stash, configs, keytab, certificate, logs) is made
# in DIR.
#
# Principals: rdpuser@TEST.LOCAL with the password Passw0rd! (preauth
# required) and TERMSRV/localhost@TEST.LOCAL with a random key, exported to
# DIR/termsrv.keytab.
#
# Prints KEY=VALUE lines: SERVER REALM KDC_PORT KDC_PID PROXY_PORT PROXY_URL
# PROXY_PID CERT KEY KRB5_CONFIG KRB5_PROXY_CONFIG KEYTAB RDP_USER
# RDP_PASSWORD TERMSRV DIR LOG PID (PID: the KDC). Stop with stop.sh DIR.
# Exits 77 when a needed program is missing.
#
# Debian packages: krb5-kdc (krb5kdc), krb5-admin-server (kdb5_util,
# kadmin.local), python3-kdcproxy, openssl, iproute2 (ss), procps (ps);
# for clients: krb5-user (kinit, kvno), krb5-k5tls (MIT krb5's own KDC
# proxy support, for KRB5_PROXY_CONFIG).
#
# SPDX-License-Identifier: LGPL-2.1-or-later
set -uo pipefail
E2E_HERE=$(cd "${BASH_SOURCE[0]%/*}" && pwd)
. "$E2E_HERE/e2e-lib.sh"

[ $# -ge 1 ] || { echo "usage: $0 DIR [KDC_PORT|auto] [PROXY_PORT|auto|none]" >&2; exit 2; }
KDC_PORT=${2:-auto}
PROXY_PORT=${3:-auto}
REALM=TEST.LOCAL
RDP_USER=rdpuser
RDP_PASSWORD='Passw0rd!'

# krb5kdc and friends live in /usr/sbin, which a test's PATH may lack
PATH=$PATH:/usr/sbin:/sbin
e2e_need krb5kdc krb5-kdc
e2e_need kdb5_util krb5-admin-server
e2e_need kadmin.local krb5-admin-server
e2e_need ss iproute2
e2e_need ps procps
if [ "$PROXY_PORT" != none ]; then
  e2e_need openssl openssl
  if ! /usr/bin/python3 -c 'import kdcproxy' 2>/dev/null; then
    echo "e2e: the python module kdcproxy is missing (apt-get install python3-kdcproxy)" >&2
    exit 77
  fi
fi

# A port free for both TCP and UDP (the KDC listens on both).
udp_bound() {
  ss -Hlun "sport = :$1" 2>/dev/null | grep -q .
}
pick_kdc_port() {
  local port i
  for ((i = 0; i < 200; i++)); do
    port=$(e2e_pick_port) || return 1
    udp_bound "$port" || { echo "$port"; return 0; }
  done
  return 1
}

e2e_init "$1"
if [ "$KDC_PORT" = auto ]; then
  KDC_PORT=$(pick_kdc_port) || e2e_die "no free port"
fi
{ e2e_listening "$KDC_PORT" || udp_bound "$KDC_PORT"; } && e2e_die "port $KDC_PORT is in use"

# The client configuration: the realm's KDC is 127.0.0.1:KDC_PORT (MIT
# reads "tcp/host:port" as a host name, so the transport is chosen by
# udp_preference_limit: 1 means TCP first for every message).
cat >"$E2E_DIR/krb5.conf" <<CONF
[libdefaults]
  default_realm = $REALM
  dns_lookup_realm = false
  dns_lookup_kdc = false
  rdns = false
  dns_canonicalize_hostname = false
  udp_preference_limit = 1
[realms]
  $REALM = {
    kdc = 127.0.0.1:$KDC_PORT
  }
[domain_realm]
  localhost = $REALM
CONF

cat >"$E2E_DIR/kdc.conf" <<CONF
[kdcdefaults]
  kdc_listen = 127.0.0.1:$KDC_PORT
  kdc_tcp_listen = 127.0.0.1:$KDC_PORT
[realms]
  $REALM = {
    database_name = $E2E_DIR/principal
    key_stash_file = $E2E_DIR/stash
    acl_file = $E2E_DIR/kadm5.acl
    kdc_listen = 127.0.0.1:$KDC_PORT
    kdc_tcp_listen = 127.0.0.1:$KDC_PORT
    max_life = 10h
    supported_enctypes = aes256-cts-hmac-sha1-96:normal aes128-cts-hmac-sha1-96:normal
  }
[logging]
  kdc = FILE:$E2E_DIR/kdc.log
CONF
: >"$E2E_DIR/kadm5.acl"

export KRB5_CONFIG="$E2E_DIR/krb5.conf" KRB5_KDC_PROFILE="$E2E_DIR/kdc.conf"
master=$(openssl rand -hex 16 2>/dev/null || echo "master-$$-$RANDOM")
kdb5_util create -s -r "$REALM" -P "$master" >"$E2E_DIR/kdb5_util.log" 2>&1 ||
  e2e_die "kdb5_util create failed (see $E2E_DIR/kdb5_util.log)"
{
  kadmin.local -q "addprinc -pw $RDP_PASSWORD +requires_preauth $RDP_USER@$REALM" &&
    kadmin.local -q "addprinc -randkey TERMSRV/localhost@$REALM" &&
    kadmin.local -q "ktadd -k $E2E_DIR/termsrv.keytab TERMSRV/localhost@$REALM"
} >"$E2E_DIR/kadmin.log" 2>&1 || e2e_die "kadmin.local failed (see $E2E_DIR/kadmin.log)"

# -n: in the foreground (setsid makes it a group leader, stop.sh stops it)
e2e_spawn kdc krb5kdc -n -r "$REALM"
KDC_PID=$E2E_PID
e2e_wait_listen "$KDC_PORT" "$KDC_PID" || e2e_die "krb5kdc did not listen on $KDC_PORT (see $E2E_DIR/kdc.log)"
# it opens its UDP socket together with the TCP one; check anyway
for ((i = 0; i < 20; i++)); do udp_bound "$KDC_PORT" && break; sleep 0.1; done
udp_bound "$KDC_PORT" || e2e_die "krb5kdc has no UDP socket on $KDC_PORT"

PROXY_URL=
PROXY_PID=
if [ "$PROXY_PORT" != none ]; then
  if [ "$PROXY_PORT" = auto ]; then
    PROXY_PORT=$(e2e_pick_port) || e2e_die "no free port"
  fi
  e2e_listening "$PROXY_PORT" && e2e_die "port $PROXY_PORT is in use"
  e2e_make_cert
  cat >"$E2E_DIR/kdcproxy.conf" <<CONF
[global]
use_dns = false
[$REALM]
kerberos = kerberos+tcp://127.0.0.1:$KDC_PORT
CONF
  cat >"$E2E_DIR/krb5-proxy.conf" <<CONF
[libdefaults]
  default_realm = $REALM
  dns_lookup_realm = false
  dns_lookup_kdc = false
  rdns = false
  dns_canonicalize_hostname = false
[realms]
  $REALM = {
    kdc = https://localhost:$PROXY_PORT/KdcProxy
    http_anchors = FILE:$E2E_DIR/cert.pem
  }
[domain_realm]
  localhost = $REALM
CONF
  e2e_spawn kdcproxy env KDCPROXY_CONFIG="$E2E_DIR/kdcproxy.conf" \
    /usr/bin/python3 "$E2E_HERE/kdcproxy-server.py" 127.0.0.1 "$PROXY_PORT" \
    "$E2E_DIR/cert.pem" "$E2E_DIR/key.pem"
  PROXY_PID=$E2E_PID
  e2e_wait_listen "$PROXY_PORT" "$PROXY_PID" ||
    e2e_die "the KDC proxy did not listen on $PROXY_PORT (see $E2E_DIR/kdcproxy.log)"
  PROXY_URL="https://localhost:$PROXY_PORT/KdcProxy"
fi

echo "SERVER=kdc"
echo "REALM=$REALM"
echo "KDC_PORT=$KDC_PORT"
echo "PORT=$KDC_PORT"   # the e2e convention (rdp-test-e2e.c): the main port
echo "KDC_PID=$KDC_PID"
echo "PROXY_PORT=${PROXY_URL:+$PROXY_PORT}"
echo "PROXY_URL=$PROXY_URL"
echo "PROXY_PID=$PROXY_PID"
echo "CERT=${PROXY_URL:+$E2E_DIR/cert.pem}"
echo "KEY=${PROXY_URL:+$E2E_DIR/key.pem}"
echo "KRB5_CONFIG=$E2E_DIR/krb5.conf"
echo "KRB5_PROXY_CONFIG=${PROXY_URL:+$E2E_DIR/krb5-proxy.conf}"
echo "KEYTAB=$E2E_DIR/termsrv.keytab"
echo "RDP_USER=$RDP_USER"
echo "RDP_PASSWORD=$RDP_PASSWORD"
echo "TERMSRV=TERMSRV/localhost@$REALM"
echo "DIR=$E2E_DIR"
echo "LOG=$E2E_DIR/kdc.log"
echo "PID=$KDC_PID"
