#!/usr/bin/env python3
# make-mcs-gcc-seeds.py VECTORS_DIR OUT_DIR STAMP: writes the seed corpus of
# fuzz-mcs-gcc into OUT_DIR/seeds-fuzz-mcs-gcc/, replacing what was there,
# then touches STAMP. The seeds: the MCS vectors of tests/vectors (whole
# Connect-Initial/Response and domain PDUs, the bare PER bodies of IronRDP's
# tests) and, cut out of the Connect PDUs, their GCC user data.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
import os
import shutil
import sys

PREFIXES = (
    'bcgr_4.1.3_', 'bcgr_4.1.4_', 'bcgr_4.1.5_', 'bcgr_4.1.6_', 'bcgr_4.1.7_', 'bcgr_4.1.8.',
    'bcgr_4.1.9_', 'bcgr_4.2.3_', 'w2008tls_server_s01_', 'w2008tls_server_s02_',
    'w2008tls_server_s03_', 'w2008tls_server_s04_', 'w2008tls_server_s07_',
    'mstsc_tls_client_c01_', 'mstsc_tls_client_c02_', 'mstsc_tls_client_c03_',
    'mstsc_tls_client_c04_', 'mstsc_tls_client_c05_', 'ironrdp_mcs_domain_pdu_',
)


def ber_length(data, pos):
    """(length, position after it) of the BER length at data[pos]."""
    first = data[pos]
    if first < 0x80:
        return first, pos + 1
    n = first & 0x7F
    return int.from_bytes(data[pos + 1:pos + 1 + n], 'big'), pos + 1 + n


def gcc_user_data(pdu):
    """The userData OCTET STRING of a Connect-Initial or -Response: the last
    TLV of the PDU, found by walking the SEQUENCE's elements."""
    if len(pdu) < 9 or pdu[7] != 0x7F:
        return None
    _, pos = ber_length(pdu, 9)
    last = None
    while pos < len(pdu):
        tag = pdu[pos]
        length, start = ber_length(pdu, pos + 1)
        last = (tag, pdu[start:start + length])
        pos = start + length
    return last[1] if last and last[0] == 0x04 else None


def main():
    vectors_dir, out_dir, stamp = sys.argv[1:4]
    corpus = os.path.join(out_dir, 'seeds-fuzz-mcs-gcc')
    shutil.rmtree(corpus, ignore_errors=True)
    os.makedirs(corpus)
    count = 0
    for name in sorted(os.listdir(vectors_dir)):
        if not name.endswith('.hex') or not name.startswith(PREFIXES):
            continue
        with open(os.path.join(vectors_dir, name)) as f:
            data = bytes.fromhex(''.join(f.read().split()))
        with open(os.path.join(corpus, name[:-4]), 'wb') as f:
            f.write(data)
        count += 1
        user_data = gcc_user_data(data)
        if user_data:
            with open(os.path.join(corpus, name[:-4] + '.gcc'), 'wb') as f:
                f.write(user_data)
            count += 1
    with open(stamp, 'w') as f:
        f.write(f'fuzz-mcs-gcc {count}\n')


if __name__ == '__main__':
    main()
