#!/usr/bin/env python3
# make-codec-seeds.py VECTORS_DIR OUT_DIR STAMP: writes the seed corpora of
# fuzz-planar and fuzz-nscodec into OUT_DIR/seeds-fuzz-planar/ and
# OUT_DIR/seeds-fuzz-nscodec/, replacing what was there, then touches STAMP.
# The sources are FreeRDP's planar test bitmaps (tests/data/planar, next to
# VECTORS_DIR), the RLE plane of [MS-RDPEGDI] 3.1.9.2.3 and the NSCodec
# stream of [MS-RDPNSC] 4 (the array spec_stream of tests/test-nscodec.c).
# Each seed starts with the bytes the target reads as width, height (and
# for planar the flags).
#
# SPDX-License-Identifier: LGPL-2.1-or-later
import os
import re
import shutil
import sys

SPEC_PLANE = bytes([0x13, 0xFF, 0x20, 0xFE, 0xFD, 0x60, 0x01, 0x7D, 0xF5, 0xC2,
                    0x9A, 0x38, 0x60, 0x01, 0x67, 0x8B, 0xA3, 0x78, 0xAF])


def corpus(out_dir, target):
    path = os.path.join(out_dir, 'seeds-' + target)
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    return path


def write(path, name, data):
    with open(os.path.join(path, name), 'wb') as f:
        f.write(data)


def main():
    vectors_dir, out_dir, stamp = sys.argv[1:4]
    tests_dir = os.path.dirname(os.path.abspath(vectors_dir))

    planar = corpus(out_dir, 'fuzz-planar')
    data_dir = os.path.join(tests_dir, 'data', 'planar')
    for name in sorted(os.listdir(data_dir)):
        if name.startswith('planar-enc-') or name.endswith('_RLE.bin'):
            with open(os.path.join(data_dir, name), 'rb') as f:
                write(planar, name, bytes([63, 63, 1]) + f.read())
    # width 6, height 3: the spec's plane as R, G, B (and A)
    write(planar, 'spec-rgb', bytes([5, 2, 0, 0x30]) + SPEC_PLANE * 3)
    write(planar, 'spec-argb', bytes([5, 2, 2, 0x10]) + SPEC_PLANE * 4)
    # raw 3 x 3, YCoCg CLL 3 with chroma subsampling, alpha
    write(planar, 'raw-ycocg', bytes([2, 2, 1, 0x0b]) + bytes(range(9 * 2 + 4 * 2 + 1)))

    nscodec = corpus(out_dir, 'fuzz-nscodec')
    with open(os.path.join(tests_dir, 'test-nscodec.c')) as f:
        source = f.read()
    start = source.index('spec_stream[158] = {')
    array = source[start:source.index('};', start)]
    stream = bytes(int(x, 16) for x in re.findall(r'0x([0-9a-fA-F]{2})', array.split('=', 1)[1]))
    assert len(stream) == 158
    write(nscodec, 'spec', bytes([14, 9]) + stream)  # 15 x 10

    with open(stamp, 'w') as f:
        f.write('')


if __name__ == '__main__':
    main()
