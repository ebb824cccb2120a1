#!/usr/bin/env python3
# make-x224-seeds.py VECTORS_DIR OUT_DIR STAMP: writes the seed corpus of
# fuzz-x224 (the X.224 Connection Request/Confirm vectors of tests/vectors as
# binary files) into OUT_DIR/seeds-fuzz-x224/, replacing what was there, then
# touches STAMP.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
import os
import shutil
import sys

PREFIXES = (
    'bcgr_4.1.1_', 'bcgr_4.1.2_', 'w2008tls_server_s00_', 'mstsc_tls_client_c00_',
    'ironrdp_x224_nego_',
)


def main():
    vectors_dir, out_dir, stamp = sys.argv[1:4]
    corpus = os.path.join(out_dir, 'seeds-fuzz-x224')
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
    if count == 0:
        sys.exit(f'no X.224 vectors in {vectors_dir}')
    with open(stamp, 'w') as f:
        f.write(f'fuzz-x224 {count}\n')


if __name__ == '__main__':
    main()
