#!/usr/bin/env python3
# make-pointer-seeds.py VECTORS_DIR OUT_DIR STAMP: writes the seed corpus of
# fuzz-pointer into OUT_DIR/seeds-fuzz-pointer/, replacing what was there,
# then touches STAMP. Every seed is a selector byte (the fast-path
# updateCode, or 0x80 for slow-path) and the update: the pointer updates cut
# out of redemption's fast-path vectors, and pointers built here at every
# depth, of every kind, small and at the size limits.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
import os
import shutil
import struct
import sys

SLOW = 0x80


def read_hex(path):
    with open(path) as f:
        return bytes(int(x, 16) for x in f.read().split())


def fast_path_updates(pdu):
    """(updateCode, body) of each update of a server fast-path PDU."""
    pos = 1
    total = pdu[pos]
    pos += 1
    if total & 0x80:
        pos += 1
    while pos < len(pdu):
        header = pdu[pos]
        pos += 1
        if header >> 6 == 2:
            pos += 1
        size = pdu[pos] | pdu[pos + 1] << 8
        pos += 2
        yield header & 0x0F, pdu[pos:pos + size]
        pos += size


def stride(bpp, width):
    n = (bpp * width + 7) // 8
    return n + (n & 1)


def pointer(bpp, width, height, large=False, with_and=True, pad=False):
    """A TS_POINTERATTRIBUTE (TS_LARGEPOINTERATTRIBUTE with large), or for
    bpp None a TS_COLORPOINTERATTRIBUTE (24 bpp)."""
    xor = bytes((i * 37 + 11) & 0xFF for i in range(stride(bpp or 24, width) * height))
    andm = bytes((i * 53) & 0xFF for i in range(stride(1, width) * height)) if with_and else b''
    body = b'' if bpp is None else struct.pack('<H', bpp)
    body += struct.pack('<HHHHH', 1, width // 2, height // 2, width, height)
    body += struct.pack('<II' if large else '<HH', len(andm), len(xor))
    return body + xor + andm + (b'\0' if pad else b'')


def main():
    vectors_dir, out_dir, stamp = sys.argv[1:4]
    corpus = os.path.join(out_dir, 'seeds-fuzz-pointer')
    shutil.rmtree(corpus, ignore_errors=True)
    os.makedirs(corpus)
    count = 0

    def write(name, selector, data):
        nonlocal count
        with open(os.path.join(corpus, name), 'wb') as f:
            f.write(bytes([selector]) + data)
        count += 1

    for name in sorted(os.listdir(vectors_dir)):
        if not name.startswith('redemption_fastpath_update_'):
            continue
        for i, (code, body) in enumerate(fast_path_updates(read_hex(os.path.join(vectors_dir, name)))):
            if code in (5, 6, 8, 9, 10, 11, 12):
                write('%s-%d' % (name[:-4], i), code, body)

    write('slow-system-default', SLOW, bytes.fromhex('01000000007f0000'))
    write('slow-system-null', SLOW, bytes.fromhex('0100000000000000'))
    write('slow-position', SLOW, bytes.fromhex('0300000010002000'))
    write('slow-cached', SLOW, bytes.fromhex('070000000300'))
    write('fast-position', 8, bytes.fromhex('10002000'))
    write('fast-cached', 10, bytes.fromhex('0300'))
    write('fast-null', 5, b'')
    write('fast-default', 6, b'')
    write('slow-color', SLOW, bytes.fromhex('06000000') + pointer(None, 5, 3, pad=True))
    write('fast-color', 9, pointer(None, 32, 32))
    for bpp in (1, 4, 8, 16, 24, 32):
        write('fast-new-%d' % bpp, 11, pointer(bpp, 7, 5))
        write('fast-new-%d-no-and' % bpp, 11 | 0x40, pointer(bpp, 3, 2, with_and=False))
        write('slow-new-%d' % bpp, SLOW, bytes.fromhex('08000000') + pointer(bpp, 9, 4, pad=True))
        write('fast-large-%d' % bpp, 12, pointer(bpp, 13, 3, large=True))
    write('fast-new-96', 11, pointer(32, 96, 96))
    write('slow-large-384', SLOW, bytes.fromhex('09000000') + pointer(1, 384, 384, large=True))

    with open(stamp, 'w') as f:
        f.write('%d seeds\n' % count)


if __name__ == '__main__':
    main()
