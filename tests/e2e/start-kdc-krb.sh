#!/usr/bin/env bash
# start-kdc-krb.sh DIR [PORT|auto]
#
# Starts an MIT Kerberos KDC (krb5kdc -n) for realm TEST.LOCAL on
# 127.0.0.1:PORT (TCP and UDP), with a fresh database in DIR. Principals:
#   rdpuser@TEST.LOCAL / Passw0rd! (requires pre-authentication)
#   rdpuser\@test.example@TEST.LOCAL / Passw0rd! (the UPN rdpuser@test.example)
#   TERMSRV/localhost@TEST.LOCAL (random key, in DIR/termsrv.keytab)
# Files in DIR: krb5.conf (a client configuration that reaches this KDC),
# krb5-nokdc.conf (the same realm with an unreachable KDC, 127.0.0.1:1, and
# no DNS: for code that must never talk to a KDC itself), kdc.conf, kdc.log.
# Prints KEY=VALUE lines (SERVER PORT PID CERT KEY DIR LOG REALM KEYTAB
# KRB5_CONFIG KRB5_CONFIG_NOKDC RDP_USER RDP_PASSWORD RDP_UPN SERVICE). Stop with
# stop.sh DIR. Exits 77 when a needed program is missing.
#
# (The integrator merges this with start-kdc.sh, which adds the KDC proxy;
# the certificate is made already for that.)
#
# Debian packages: krb5-kdc, krb5-admin-server (kdb5_util, kadmin.local),
# openssl, iproute2 (ss), procps (ps).
#
# SPDX-License-Identifier: LGPL-2.1-or-later
set -uo pipefail
E2E_HERE=$(cd "${BASH_SOURCE[0]%/*}" && pwd)
. "$E2E_HERE/e2e-lib.sh"

[ $# -ge 1 ] || { echo "usage: $0 DIR [PORT|auto]" >&2; exit 2; }
PORT=${2:-auto}
REALM=TEST.LOCAL
RDP_USER=rdpuser
RDP_PASSWORD='Passw0rd!'
# A UPN: MIT's KDC (without LDAP) has no aliases, so the account that an
# enterprise name finds is the one named like it
RDP_UPN=rdpuser@test.example
RDP_UPN_PRINCIPAL='rdpuser\@test.example@'$REALM

# Debian installs them in /usr/sbin, which is not always on PATH
PATH=$PATH:/usr/sbin:/sbin
e2e_need krb5kdc krb5-kdc
e2e_need kdb5_util krb5-kdc
e2e_need kadmin.local krb5-admin-server
e2e_need ss iproute2

e2e_init "$1"
[ "$PORT" = auto ] && { PORT=$(e2e_pick_port) || e2e_die "no free port"; }
e2e_listening "$PORT" && e2e_die "port $PORT is in use"
e2e_make_cert

D=$E2E_DIR
cat >"$D/krb5.conf" <<CONF
[libdefaults]
  default_realm = $REALM
  dns_lookup_realm = false
  dns_lookup_kdc = false
  rdns = false
  dns_canonicalize_hostname = false
[realms]
  $REALM = {
    kdc = 127.0.0.1:$PORT
  }
[domain_realm]
  localhost = $REALM
CONF
cat >"$D/krb5-nokdc.conf" <<CONF
[libdefaults]
  default_realm = $REALM
  dns_lookup_realm = false
  dns_lookup_kdc = false
  rdns = false
  dns_canonicalize_hostname = false
[realms]
  $REALM = {
    kdc = 127.0.0.1:1
  }
[domain_realm]
  localhost = $REALM
CONF
cat >"$D/kdc.conf" <<CONF
[kdcdefaults]
  kdc_listen = 127.0.0.1:$PORT
  kdc_tcp_listen = 127.0.0.1:$PORT
[realms]
  $REALM = {
    database_name = $D/principal
    key_stash_file = $D/stash
    acl_file = $D/kadm5.acl
    kdc_listen = 127.0.0.1:$PORT
    kdc_tcp_listen = 127.0.0.1:$PORT
    max_life = 10h
    supported_enctypes = aes256-cts-hmac-sha1-96:normal aes128-cts-hmac-sha1-96:normal
  }
[logging]
  kdc = FILE:$D/kdc.log
CONF
: >"$D/kadm5.acl"
export KRB5_CONFIG="$D/krb5.conf" KRB5_KDC_PROFILE="$D/kdc.conf"
kdb5_util create -s -r "$REALM" -P "kdc-master-$RANDOM$RANDOM" >"$D/kdb5_util.log" 2>&1 ||
  e2e_die "kdb5_util failed (see $D/kdb5_util.log)"
{
  kadmin.local -q "addprinc -pw $RDP_PASSWORD +requires_preauth $RDP_USER@$REALM" &&
  kadmin.local -q "addprinc -pw $RDP_PASSWORD +requires_preauth $RDP_UPN_PRINCIPAL" &&
  kadmin.local -q "addprinc -randkey TERMSRV/localhost@$REALM" &&
  kadmin.local -q "ktadd -k $D/termsrv.keytab TERMSRV/localhost@$REALM"
} >"$D/kadmin.log" 2>&1 || e2e_die "kadmin.local failed (see $D/kadmin.log)"

e2e_spawn kdc env KRB5_CONFIG="$D/krb5.conf" KRB5_KDC_PROFILE="$D/kdc.conf" krb5kdc -n -r "$REALM"
KDC_PID=$E2E_PID
e2e_wait_listen "$PORT" "$KDC_PID" || e2e_die "krb5kdc did not listen on $PORT (see $D/kdc.log, $D/kdc.log)"

e2e_report kdc "$PORT" "$KDC_PID" "$D/kdc.log"
echo "REALM=$REALM"
echo "KEYTAB=$D/termsrv.keytab"
echo "KRB5_CONFIG=$D/krb5.conf"
echo "KRB5_CONFIG_NOKDC=$D/krb5-nokdc.conf"
echo "SERVICE=TERMSRV/localhost@$REALM"
echo "RDP_USER=$RDP_USER"
echo "RDP_PASSWORD=$RDP_PASSWORD"
echo "RDP_UPN=$RDP_UPN"
