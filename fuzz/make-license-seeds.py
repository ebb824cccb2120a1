#!/usr/bin/env python3
# make-license-seeds.py VECTORS_DIR OUT_DIR STAMP: writes the seed corpus of
# fuzz-license into OUT_DIR/seeds-fuzz-license/, replacing what was there,
# then touches STAMP: the licensing vectors of tests/vectors as binary files
# (whole PDUs and bare messages), the server certificates cut out of them,
# IronRDP's Platform Challenge, a security PDU with SEC_FLAGSHI_VALID, and
# auto-detect / multitransport PDUs laid out as in [MS-RDPBCGR] 2.2.14 and
# 2.2.15.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
import os
import shutil
import struct
import sys

VECTORS = (
    'w2008tls_server_s05_license_request',
    'w2008tls_server_s06_license_platform_challenge',
    'w2008tls_server_s07_license_error_valid_client_unencrypted',
    'bcgr_4.1.11_server_license_error_valid_client_decrypted',
    'ironrdp_sharedata_server_license',
    'mstsc_tls_client_c11_license_new_license_request',
)

SYNTHETIC = {
    'autodetect_rtt_request': '06 00 01 00 01 10',
    'autodetect_bw_start': '06 00 03 00 14 10',
    'autodetect_bw_payload': '08 00 04 00 02 00 04 00 aa bb cc dd',
    'autodetect_bw_stop': '08 00 05 00 2b 00 03 00 01 02 03',
    'autodetect_netchar_all': '12 00 09 00 c0 08 0b 00 00 00 00 20 00 00 16 00 00 00',
    'autodetect_rtt_response': '06 01 01 00 00 00',
    'autodetect_bw_results': '0e 01 05 00 03 00 34 12 00 00 ef cd ab 00',
    'multitransport_request': '78 56 34 12 01 00 00 00 00 11 22 33 44 55 66 77 88 99 aa bb cc dd ee ff',
    'multitransport_response': '78 56 34 12 04 40 00 80',
    'license_platform_challenge_response':
        '15 83 3a 00 09 00 0a 00 01 02 03 04 05 06 07 08 09 0a 09 00 14 00 a0 a1 a2 a3 a4 a5 a6 a7'
        ' a8 a9 aa ab ac ad ae af b0 b1 b2 b3 f0 f1 f2 f3 f4 f5 f6 f7 f8 f9 fa fb fc fd fe ff',
    'license_upgrade_license': '04 03 1e 00 09 00 06 00 11 22 33 44 55 66'
                               ' 00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f',
    # IronRDP's Platform Challenge (client_platform_challenge_response/test.rs):
    # its MAC does not match the W2008 keys the fuzzer answers with
    'license_platform_challenge_ironrdp': '02 03 26 00 00 00 00 00 09 00 0a 00'
                                          ' 26 38 88 77 cb e8 bf ce 2c 51'
                                          ' 51 4a 27 2c 74 18 ec 88 95 dd ac 10 3e 3f 0a 72',
    # a security PDU with SEC_FLAGSHI_VALID and flagsHi 0x1234 ([MS-RDPBCGR]
    # 2.2.8.1.1.2.1)
    'security_pdu_flagshi_valid': '03 00 00 16 02 f0 80 64 00 03 03 eb 70 08 80 80 34 12 ff 03 04 00',
}


def load(vectors_dir, name):
    with open(os.path.join(vectors_dir, name + '.hex')) as f:
        return bytes.fromhex(''.join(f.read().split()))


def license_certificate(message):
    """The server certificate blob of a License Request message."""
    r = 4 + 32 + 4
    (n,) = struct.unpack_from('<I', message, r)
    r += 4 + n
    (n,) = struct.unpack_from('<I', message, r)
    r += 4 + n
    (_, n) = struct.unpack_from('<HH', message, r)
    r += 4 + n
    (_, n) = struct.unpack_from('<HH', message, r)
    return message[r + 4:r + 4 + n]


def main():
    vectors_dir, out_dir, stamp = sys.argv[1:4]
    corpus = os.path.join(out_dir, 'seeds-fuzz-license')
    shutil.rmtree(corpus, ignore_errors=True)
    os.makedirs(corpus)
    seeds = {}
    for name in VECTORS:
        data = load(vectors_dir, name)
        seeds[name] = data
        if data[0] == 0x03:
            # TPKT 4, X.224 3, MCS 6 + a PER length of 1 or 2 bytes, security 4
            mcs = 7 + 6
            mcs += 2 if data[mcs] & 0x80 else 1
            seeds[name + '-message'] = data[mcs + 4:]
    seeds['w2008tls_server_s05_certificate'] = license_certificate(
        seeds['w2008tls_server_s05_license_request-message'])
    connect_response = load(vectors_dir, 'bcgr_4.1.4_server_mcs_connect_response_gcc_ccrsp')
    at = connect_response.find(b'RSA1')
    if at >= 16:
        seeds['bcgr_4.1.4_proprietary_certificate'] = connect_response[at - 16:]
    for name, text in SYNTHETIC.items():
        seeds[name] = bytes.fromhex(text)
    for name, data in seeds.items():
        with open(os.path.join(corpus, name), 'wb') as f:
            f.write(data)
    with open(stamp, 'w') as f:
        f.write(f'fuzz-license {len(seeds)}\n')


if __name__ == '__main__':
    main()
