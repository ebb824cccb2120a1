#!/usr/bin/env python3
# make-connector-seeds.py VECTORS_DIR OUT_DIR STAMP: writes the seed corpus
# of fuzz-connector into OUT_DIR/seeds-fuzz-connector/, replacing what was
# there, then touches STAMP.
#
# A seed is fuzz-connector's input (see fuzz-connector.c): a starting state
# (how many PDUs of the recorded Windows Server 2008 session to replay), a
# settings byte, then server PDUs, each with a 2-byte big-endian length.
# The seeds: from every starting state, the rest of the recorded session;
# the [MS-RDPBCGR] 4.1 server PDUs with Standard RDP Security and three
# static channels allowed; a deactivation-reactivation during the
# finalization (Deactivate All + Demand Active pairs in one PDU) and in the
# active stage.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
import os
import shutil
import struct
import sys

W2008 = [
    'w2008tls_server_s00_x224_cc_neg_rsp_flags09_ssl',
    'w2008tls_server_s01_mcs_connect_response_no_rdp_security',
    'w2008tls_server_s02_mcs_attach_user_confirm_1004',
    'w2008tls_server_s03_mcs_channel_join_confirm_1004',
    'w2008tls_server_s04_mcs_channel_join_confirm_1003',
    'w2008tls_server_s05_license_request',
    'w2008tls_server_s06_license_platform_challenge',
    'w2008tls_server_s07_license_error_valid_client_unencrypted',
    'w2008tls_server_s08_demand_active',
    'w2008tls_server_s09_synchronize',
    'w2008tls_server_s10_control_cooperate',
    'w2008tls_server_s11_control_granted_control',
    'w2008tls_server_s12_font_map',
]
ACTIVE = ['w2008tls_server_s13_sdi_with_4_concatenated_share_data_pdus',
          'w2008tls_server_s24_save_session_info']
BCGR = [
    'bcgr_4.1.2_server_x224_connection_confirm',
    'bcgr_4.1.4_server_mcs_connect_response_gcc_ccrsp',
    'bcgr_4.1.7_server_mcs_attach_user_confirm',
    'bcgr_4.1.8.1.2_server_channel_join_confirm_1007_user',
    'bcgr_4.1.8.2.2_server_channel_join_confirm_1003_io',
    'bcgr_4.1.8.3.2_server_channel_join_confirm_1004_rdpdr',
    'bcgr_4.1.8.4.2_server_channel_join_confirm_1005_cliprdr',
    'bcgr_4.1.8.5.2_server_channel_join_confirm_1006_rdpsnd',
    'bcgr_4.1.11_server_license_error_valid_client_wire_encrypted',
    'bcgr_4.1.12_server_demand_active_wire_encrypted',
    'bcgr_4.2.3_mcs_disconnect_provider_ultimatum',
]
# fuzz-connector's settings byte
STANDARD, HYBRID, CHANNELS, DEPTH16 = 1, 2, 4, 8


def load(vectors_dir, name):
    with open(os.path.join(vectors_dir, name + '.hex')) as f:
        return bytes.fromhex(''.join(f.read().split()))


def indication(share):
    """A TPKT + X.224 Data + MCS Send Data Indication from 1002 on the I/O
    channel 1003 carrying @share."""
    n = len(share)
    length = bytes([n]) if n < 0x80 else struct.pack('>H', 0x8000 | n)
    sdi = b'\x02\xf0\x80' + b'\x68\x00\x01\x03\xeb\x70' + length + share
    return b'\x03\x00' + struct.pack('>H', 4 + len(sdi)) + sdi


def deactivate_all(share_id):
    desc = b'\x00'
    return struct.pack('<HHHIH', 12 + len(desc), 0x16, 1002, share_id, len(desc)) + desc


def share_control(pdu):
    """The Share Control PDUs of a Send Data Indication (2-byte PER length)."""
    assert pdu[7] == 0x68 and pdu[13] & 0x80
    return pdu[15:]


def seed(start, flags, pdus):
    return bytes([start, flags]) + b''.join(struct.pack('>H', len(p)) + p for p in pdus)


def seeds(vectors_dir):
    w2008 = [load(vectors_dir, n) for n in W2008]
    active = [load(vectors_dir, n) for n in ACTIVE]
    for start in range(len(w2008) + 1):
        yield f'w2008-from-{start:02d}', seed(start, 0, w2008[start:] + active)
    yield 'w2008-16bpp-hybrid', seed(0, DEPTH16 | HYBRID, w2008)
    yield 'w2008-channels', seed(0, CHANNELS, w2008)
    yield 'bcgr-standard-channels', seed(0, STANDARD | CHANNELS, [load(vectors_dir, n) for n in BCGR])
    demand = share_control(w2008[8])
    pairs = b''.join(deactivate_all(0x103ea) + demand for _ in range(2))
    yield 'reactivation-finalization', seed(9, 0, [indication(pairs)] + w2008[9:])
    yield 'reactivation-active', seed(13, 0, active + [indication(deactivate_all(0x103ea))] + w2008[8:])


def main():
    vectors_dir, out_dir, stamp = sys.argv[1:4]
    corpus = os.path.join(out_dir, 'seeds-fuzz-connector')
    shutil.rmtree(corpus, ignore_errors=True)
    os.makedirs(corpus)
    count = 0
    for name, data in seeds(vectors_dir):
        with open(os.path.join(corpus, name), 'wb') as f:
            f.write(data)
        count += 1
    with open(stamp, 'w') as f:
        f.write(f'fuzz-connector {count}\n')


if __name__ == '__main__':
    main()
