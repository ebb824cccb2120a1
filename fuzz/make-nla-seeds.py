#!/usr/bin/env python3
# make-nla-seeds.py VECTORS_DIR OUT_DIR STAMP: writes the seed corpora of
# fuzz-ntlm (the NTLM CHALLENGE vectors), fuzz-tsrequest (every CredSSP
# TSRequest and TSCredentials vector) and fuzz-credssp (server sides of the
# recorded exchanges, each message with a 2-byte big-endian length in front)
# and fuzz-kkdcp (the KDC proxy message vectors, kkdcp_*)
# into OUT_DIR/seeds-TARGET/, replacing what was there, then touches STAMP.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
import os
import shutil
import sys

NTLM = ('nlmp_4.2.2.3_ntlmv1_challenge_message', 'nlmp_4.2.3.3_ntlmv1ess_challenge_message',
        'nlmp_4.2.4.3_ntlmv2_challenge_message', 'freerdp_ntlm_challenge_message',
        'cssp_sspirs_ntlm_2_phase_nego_token')
CREDSSP = {
    'sspirs-v6': ('cssp_sspirs_ntlm_2_phase_ts_request', 'cssp_sspirs_ntlm_4_phase_ts_request'),
    'sspirs-no-nonce': ('cssp_sspirs_ntlm_without_client_nonce', 'cssp_sspirs_ntlm_4_phase_ts_request'),
    'sspirs-error-code': ('cssp_sspirs_ntlm_2_phase_ts_request', 'cssp_sspirs_ntlm_with_error_code_ts_request'),
    'redemption-v3': ('cssp_redemption_tsrequest_v3_challenge', 'cssp_redemption_tsrequest_v3_server_pubkeyauth'),
}


def load(vectors_dir, name):
    with open(os.path.join(vectors_dir, name + '.hex')) as f:
        return bytes.fromhex(''.join(f.read().split()))


def corpus(out_dir, target):
    path = os.path.join(out_dir, 'seeds-' + target)
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    return path


def main():
    vectors_dir, out_dir, stamp = sys.argv[1:4]
    counts = {}
    path = corpus(out_dir, 'fuzz-ntlm')
    for name in NTLM:
        with open(os.path.join(path, name), 'wb') as f:
            f.write(load(vectors_dir, name))
    counts['fuzz-ntlm'] = len(NTLM)

    path = corpus(out_dir, 'fuzz-tsrequest')
    names = [n[:-4] for n in sorted(os.listdir(vectors_dir))
             if n.startswith('cssp_') and n.endswith('.hex') and
             ('ts_request' in n or 'tsrequest' in n or 'ts_credentials' in n or 'tscredentials' in n or
              'without_client_nonce' in n)]
    for name in names:
        with open(os.path.join(path, name), 'wb') as f:
            f.write(load(vectors_dir, name))
    counts['fuzz-tsrequest'] = len(names)

    path = corpus(out_dir, 'fuzz-kkdcp')
    names = [n[:-4] for n in sorted(os.listdir(vectors_dir))
             if n.startswith('kkdcp_') and n.endswith('.hex')]
    for name in names:
        with open(os.path.join(path, name), 'wb') as f:
            f.write(load(vectors_dir, name))
    counts['fuzz-kkdcp'] = len(names)

    path = corpus(out_dir, 'fuzz-credssp')
    for seed, messages in CREDSSP.items():
        data = b''
        for name in messages:
            message = load(vectors_dir, name)
            data += len(message).to_bytes(2, 'big') + message
        with open(os.path.join(path, seed), 'wb') as f:
            f.write(data)
    counts['fuzz-credssp'] = len(CREDSSP)

    if min(counts.values()) == 0:
        sys.exit(f'missing NLA vectors in {vectors_dir}: {counts}')
    with open(stamp, 'w') as f:
        f.write(' '.join(f'{k} {v}' for k, v in counts.items()) + '\n')


if __name__ == '__main__':
    main()
