#!/bin/sh
# make-certs.sh: regenerates the test certificates of test-tls and
# test-known-hosts, and the server public keys they are expected to yield.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Run it from anywhere; it writes into its own directory. It needs only the
# openssl command line tool.
#
#   ca.pem / ca-key.pem                 a test CA (RSA 2048)
#   server-rsa.pem / server-rsa-key.pem signed by the CA for localhost, RSA 2048
#   server-ec.pem / server-ec-key.pem   signed by the CA for localhost, EC P-256
#   self-signed.pem / -key.pem          self-signed for localhost, RSA 2048
#   self-signed-2.pem / -key.pem        another one (a "changed" certificate)
#   expired.pem / expired-key.pem       signed by the CA for localhost, expired
#   wrong-host.pem / wrong-host-key.pem signed by the CA for wrong.example.com
#   *.pubkey.hex                        the contents of the certificate's
#       SubjectPublicKey BIT STRING without the unused-bits octet, as openssl
#       reports it (the value CredSSP signs), in hex
#   *.sha256                            openssl's SHA-256 fingerprint
set -eu

cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

days=36500

rsa_key () { openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1" 2>/dev/null; }
ec_key () { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1"; }

# The CA
rsa_key ca-key.pem
openssl req -x509 -new -key ca-key.pem -sha256 -days $days -subj "/CN=rdp-gio test CA" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
  -out ca.pem

# sign NAME SAN [openssl ca date options]
sign () {
  name=$1; san=$2; shift 2
  openssl req -new -key "$name-key.pem" -subj "/CN=${san#DNS:}" -out "$tmp/$name.csr"
  cat > "$tmp/ca.cnf" <<CNF
[ca]
default_ca = test
[test]
dir = $tmp
database = $tmp/index.txt
new_certs_dir = $tmp
serial = $tmp/serial
default_md = sha256
policy = any
copy_extensions = none
unique_subject = no
[any]
commonName = supplied
[ext]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = $san
CNF
  : > "$tmp/index.txt"
  openssl rand -hex 16 > "$tmp/serial"
  openssl ca -batch -config "$tmp/ca.cnf" -cert ca.pem -keyfile ca-key.pem \
    -extensions ext -notext -in "$tmp/$name.csr" -out "$name.pem" "$@" 2>/dev/null
}

rsa_key server-rsa-key.pem
sign server-rsa "DNS:localhost,IP:127.0.0.1" -days $days

ec_key server-ec-key.pem
sign server-ec "DNS:localhost,IP:127.0.0.1" -days $days

rsa_key expired-key.pem
sign expired "DNS:localhost" -startdate 20200101000000Z -enddate 20210101000000Z

rsa_key wrong-host-key.pem
sign wrong-host "DNS:wrong.example.com" -days $days

for n in self-signed self-signed-2; do
  rsa_key $n-key.pem
  openssl req -x509 -new -key $n-key.pem -sha256 -days $days -subj "/CN=localhost" \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" -out $n.pem
done

# The expected server public keys: openssl takes the SubjectPublicKeyInfo
# apart; the BIT STRING is its last element, and its first content octet is
# the unused-bits count (0).
for n in server-rsa server-ec self-signed expired wrong-host; do
  openssl x509 -in $n.pem -pubkey -noout | openssl pkey -pubin -outform DER > "$tmp/spki.der"
  line=$(openssl asn1parse -inform DER -in "$tmp/spki.der" | grep 'BIT STRING' | tail -n 1)
  off=$(echo "$line" | sed -n 's/^ *\([0-9]*\):.*/\1/p')
  hl=$(echo "$line" | sed -n 's/.*hl= *\([0-9]*\).*/\1/p')
  len=$(echo "$line" | sed -n 's/.*l= *\([0-9]*\) prim.*/\1/p')
  unused=$(dd if="$tmp/spki.der" bs=1 skip=$((off + hl)) count=1 2>/dev/null | od -An -tx1 | tr -d ' \n')
  [ "$unused" = "00" ] || { echo "unexpected unused-bits octet $unused in $n" >&2; exit 1; }
  dd if="$tmp/spki.der" bs=1 skip=$((off + hl + 1)) count=$((len - 1)) 2>/dev/null \
    | od -An -tx1 -v | tr -s ' \n' ' ' | fold -w 48 | sed 's/^ //' > $n.pubkey.hex
done

for n in server-rsa server-ec self-signed self-signed-2 expired wrong-host; do
  openssl x509 -in $n.pem -noout -fingerprint -sha256 | sed 's/^.*=//' > $n.sha256
done
