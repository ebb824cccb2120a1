#!/usr/bin/env python3
# make-seeds.py VECTORS_DIR OUT_DIR STAMP: writes the seed corpora of the fuzz
# targets, built from the wire PDUs among tests/vectors/*.hex, into
# OUT_DIR/seeds-TARGET/ (replacing what was there), then touches STAMP.
#
# A vector is a wire PDU when its own header gives its exact length: a TPKT,
# a fast-path PDU or a DER SEQUENCE (a CredSSP TSRequest).
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import os
import shutil
import sys


def frame_size(data):
    """The length the header at the start of data gives, or None."""
    if len(data) >= 4 and data[0] == 0x03:
        return (data[2] << 8) | data[3]
    if len(data) >= 2 and data[0] & 3 == 0:
        if data[1] & 0x80:
            return ((data[1] & 0x7F) << 8) | data[2] if len(data) >= 3 else None
        return data[1]
    if len(data) >= 2 and data[0] == 0x30:
        if data[1] < 0x80:
            return 2 + data[1]
        n = data[1] & 0x7F
        if 1 <= n <= 4 and len(data) >= 2 + n:
            return 2 + n + int.from_bytes(data[2:2 + n], 'big')
    return None


def load_wire_pdus(vectors_dir):
    pdus = {}
    for entry in sorted(os.listdir(vectors_dir)):
        if not entry.endswith('.hex'):
            continue
        with open(os.path.join(vectors_dir, entry)) as f:
            data = bytes.fromhex(''.join(f.read().split()))
        if data and frame_size(data) == len(data):
            pdus[entry[:-4]] = data
    return pdus


# fuzz-framed-read's header, see fuzz-framed-read.c.
MODE_READ_PDU, MODE_READ_PDUS, MODE_READ_BY_HINT, MODE_READ_EXACT, MODE_SCRIPT, MODE_SIZE_FUNC = range(6)
ASYNC, END_ERROR, END_HANG, DROP, LEFTOVER = 0x08, 0x20, 0x30, 0x40, 0x80
HINT_ANY, HINT_X224, HINT_FAST_PATH, HINT_CREDSSP, HINT_EUAR = range(5)


def header(mode, flags=0, max_chunk=0, seed=0, param=0, leftover=0):
    return bytes([mode | flags, max_chunk, seed, param & 0xFF, param >> 8, leftover])


def script(*ops):
    return sum(op << (3 * i) for i, op in enumerate(ops))


def framed_read_seeds(pdus):
    def group(prefix):
        return b''.join(data for name, data in pdus.items() if name.startswith(prefix))

    streams = {
        'w2008_server': (group('w2008tls_server_'), HINT_X224),
        'mstsc_client': (group('mstsc_tls_client_'), HINT_ANY),
        'bcgr': (group('bcgr_'), HINT_X224),
        'fastpath': (group('redemption_fastpath_') + group('ironrdp_fast'), HINT_FAST_PATH),
        'credssp': (group('cssp_'), HINT_CREDSSP),
        'euar': (bytes(4) + group('w2008tls_server_s0'), HINT_EUAR),
    }
    # (name, mode, flags, max_chunk, seed, param, leftover)
    variants = [
        ('pdu-whole', MODE_READ_PDU, 0, 0, 0, None, 0),
        ('pdu-bytewise', MODE_READ_PDU, 0, 1, 0, None, 0),
        ('pdu-random', MODE_READ_PDU, DROP, 13, 7, None, 0),
        ('pdu-async', MODE_READ_PDU, ASYNC, 5, 3, None, 0),
        ('pdu-async-hang', MODE_READ_PDU, ASYNC | END_HANG, 0, 0, None, 0),
        ('pdu-error', MODE_READ_PDU, END_ERROR | LEFTOVER, 3, 0, None, 9),
        ('pdus', MODE_READ_PDUS, 0, 0, 0, 0, 0),
        ('pdus-max2-async', MODE_READ_PDUS, ASYNC | DROP, 64, 11, 2, 0),
        ('hint', MODE_READ_BY_HINT, 0, 7, 0, None, 0),
        ('hint-async', MODE_READ_BY_HINT, ASYNC | LEFTOVER, 0, 0, None, 30),
        ('exact', MODE_READ_EXACT, 0, 0, 0, 3, 0),
        ('exact-async', MODE_READ_EXACT, ASYNC | END_HANG, 2, 5, 18, 0),
        ('script', MODE_SCRIPT, 0, 9, 1, script(0, 1, 3, 4, 7), 0),
        ('script-async', MODE_SCRIPT, ASYNC, 0, 0, script(5, 6, 0, 2, 3), 0),
    ]
    for stream_name, (stream, hint) in streams.items():
        if not stream:
            continue
        for name, mode, flags, max_chunk, seed, param, leftover in variants:
            if param is None:
                param = hint
            yield (f'{stream_name}-{name}',
                   header(mode, flags, max_chunk, seed, param, leftover) + stream)
    # read_with_size_func's framing: a 2-byte header with a 12-bit length;
    # 0xff, 0xfe and 0xfd are refused three ways.
    sized = bytes([0x00, 3, 1, 2, 3, 0x01, 0x00]) + bytes(256) + bytes([0x20, 0])
    for tail, flags, max_chunk in ((b'', 0, 0), (b'\xff', ASYNC, 3), (b'\xfe', 0, 1),
                                   (b'\xfd', ASYNC, 0), (b'\x00', ASYNC | END_HANG, 2)):
        yield (f'sizefunc-{tail.hex() or "eof"}',
               header(MODE_SIZE_FUNC, flags, max_chunk) + sized + tail)
    for name, data in pdus.items():
        hint = {0x03: HINT_X224, 0x30: HINT_CREDSSP}.get(data[0], HINT_FAST_PATH)
        yield name, header(MODE_READ_BY_HINT, 0, 0, 0, hint) + data


def write_corpus(out_dir, target, seeds):
    corpus = os.path.join(out_dir, 'seeds-' + target)
    shutil.rmtree(corpus, ignore_errors=True)
    os.makedirs(corpus)
    count = 0
    for name, data in seeds:
        with open(os.path.join(corpus, name), 'wb') as f:
            f.write(data)
        count += 1
    return count


def main():
    vectors_dir, out_dir, stamp = sys.argv[1:4]
    pdus = load_wire_pdus(vectors_dir)
    if not pdus:
        sys.exit(f'no wire PDUs in {vectors_dir}')
    counts = {
        'fuzz-pdu-size': write_corpus(out_dir, 'fuzz-pdu-size', pdus.items()),
        'fuzz-framed-read': write_corpus(out_dir, 'fuzz-framed-read', framed_read_seeds(pdus)),
    }
    with open(stamp, 'w') as f:
        for target, count in counts.items():
            f.write(f'{target} {count}\n')


if __name__ == '__main__':
    main()
