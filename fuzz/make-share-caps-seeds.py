#!/usr/bin/env python3
# make-share-caps-seeds.py VECTORS_DIR OUT_DIR STAMP: writes the seed corpus
# of fuzz-share-caps into OUT_DIR/seeds-fuzz-share-caps/, replacing what was
# there, then touches STAMP. The seeds: the Client Info, Demand/Confirm
# Active, finalization, shutdown and Share Data vectors of tests/vectors
# (whole wire PDUs, the spec's decrypted payloads, IronRDP's buffers) and,
# cut out of the unencrypted wire PDUs, their Send Data user data (the Share
# Control PDUs, or the security header + TS_INFO_PACKET) and the
# TS_INFO_PACKET alone.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
import os
import shutil
import sys

PREFIXES = (
    'bcgr_4.1.10_client_info_decrypted', 'bcgr_4.1.12_server_demand_active_decrypted',
    'bcgr_4.1.13_client_confirm_active_decrypted', 'bcgr_4.1.14_', 'bcgr_4.1.15_', 'bcgr_4.1.16_',
    'bcgr_4.1.17_', 'bcgr_4.1.18_', 'bcgr_4.1.19_', 'bcgr_4.1.20_', 'bcgr_4.1.21_', 'bcgr_4.1.22_',
    'bcgr_4.2.1_', 'bcgr_4.2.2_',
    'w2008tls_server_s08_', 'w2008tls_server_s09_', 'w2008tls_server_s10_', 'w2008tls_server_s11_',
    'w2008tls_server_s12_', 'w2008tls_server_s13_', 'w2008tls_server_s24_',
    'mstsc_tls_client_c10_', 'mstsc_tls_client_c12_', 'mstsc_tls_client_c13_',
    'mstsc_tls_client_c14_', 'mstsc_tls_client_c15_', 'mstsc_tls_client_c17_',
    'ironrdp_sharedata_', 'ironrdp_ts_info_packet', 'ironrdp_client_info_pdu',
    'ironrdp_server_demand_active', 'ironrdp_client_confirm_active',
)


def per_length(data, pos):
    """(length, position after it) of the PER length at data[pos]."""
    if data[pos] & 0x80:
        return ((data[pos] & 0x3F) << 8) | data[pos + 1], pos + 2
    return data[pos], pos + 1


def send_data_user_data(pdu):
    """The user data of a TPKT + X.224 + MCS Send Data Request/Indication
    (25 or 26 as the 6-bit choice), or None."""
    if len(pdu) < 15 or pdu[0] != 0x03 or (pdu[2] << 8 | pdu[3]) != len(pdu):
        return None
    if pdu[7] >> 2 not in (25, 26):
        return None
    length, pos = per_length(pdu, 13)
    user_data = pdu[pos:pos + length]
    return user_data if len(user_data) == length and pos + length == len(pdu) else None


def main():
    vectors_dir, out_dir, stamp = sys.argv[1:4]
    corpus = os.path.join(out_dir, 'seeds-fuzz-share-caps')
    shutil.rmtree(corpus, ignore_errors=True)
    os.makedirs(corpus)
    count = 0

    def write(name, data):
        nonlocal count
        with open(os.path.join(corpus, name), 'wb') as f:
            f.write(data)
        count += 1

    for name in sorted(os.listdir(vectors_dir)):
        if not name.endswith('.hex') or not name.startswith(PREFIXES):
            continue
        with open(os.path.join(vectors_dir, name)) as f:
            data = bytes.fromhex(''.join(f.read().split()))
        write(name[:-4], data)
        if 'encrypted' in name:
            continue
        user_data = send_data_user_data(data)
        if user_data:
            write(name[:-4] + '.user-data', user_data)
            # A Client Info PDU: the info packet after the security header.
            if 'client_info' in name:
                write(name[:-4] + '.info', user_data[4:])
        elif name.startswith('ironrdp_client_info_pdu'):
            write(name[:-4] + '.info', data[4:])
    if count == 0:
        sys.exit(f'no Share Control or Client Info vectors in {vectors_dir}')
    with open(stamp, 'w') as f:
        f.write(f'fuzz-share-caps {count}\n')


if __name__ == '__main__':
    main()
