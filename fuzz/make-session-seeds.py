#!/usr/bin/env python3
# make-session-seeds.py VECTORS_DIR OUT_DIR STAMP: writes the seed corpus of
# fuzz-session into OUT_DIR/seeds-fuzz-session/ (replacing what was there),
# then touches STAMP. Each seed is what the target reads: a settings byte,
# then PDUs, each with a 2-byte big-endian length in front. The PDUs are laid
# out here from [MS-RDPBCGR] 2.2.9 (fast-path output: surface bits, frame
# markers, pointer updates, fragments; slow-path: bitmap, palette, Set Error
# Info, Deactivate All, the MCS ultimatum), so that the fuzzer starts from
# every kind of update the active stage knows.
#
# SPDX-License-Identifier: LGPL-2.1-or-later
import os
import shutil
import struct
import sys

IO_CHANNEL = 1003


def fastpath(*updates):
    body = b"".join(updates)
    total = len(body) + 3
    return bytes([0x00, 0x80 | (total >> 8), total & 0xff]) + body


def update(code, data, fragmentation=0):
    return bytes([code | (fragmentation << 4)]) + struct.pack("<H", len(data)) + data


def surface_bits(x, y, w, h, codec=0, data=None):
    data = data if data is not None else bytes(range(256)) * ((w * h * 4) // 256 + 1)
    data = data[:w * h * 4] if codec == 0 else data
    return (struct.pack("<HHHHH", 1, x, y, x + w, y + h) + bytes([32, 0, 0, codec])
            + struct.pack("<HHI", w, h, len(data)) + data)


def frame_marker(action, frame_id):
    return struct.pack("<HHI", 4, action, frame_id)


def per_length(n):
    return bytes([n]) if n < 0x80 else struct.pack(">H", 0x8000 | n)


def indication(user_data, channel=IO_CHANNEL):
    mcs = (bytes([26 << 2]) + struct.pack(">HH", 1002 - 1001, channel) + bytes([0x70])
           + per_length(len(user_data)) + user_data)
    x224 = bytes([0x02, 0xf0, 0x80]) + mcs
    return bytes([3, 0]) + struct.pack(">H", len(x224) + 4) + x224


def share_data(pdu_type2, payload):
    header = struct.pack("<IBBHBBH", 0x103ea, 0, 1, len(payload) + 4, pdu_type2, 0, 0)
    body = header + payload
    return struct.pack("<HHH", len(body) + 6, 0x17, 1002) + body


def ultimatum(reason=1):
    # DisconnectProviderUltimatum: choice 8, the reason in the next 3 bits
    mcs = bytes([(8 << 2) | (reason >> 2), (reason & 3) << 6])
    x224 = bytes([0x02, 0xf0, 0x80]) + mcs
    return bytes([3, 0]) + struct.pack(">H", len(x224) + 4) + x224


def seed(settings, *pdus):
    return bytes([settings]) + b"".join(struct.pack(">H", len(p)) + p for p in pdus)


def main():
    _vectors_dir, out_dir, stamp = sys.argv[1:4]
    path = os.path.join(out_dir, "seeds-fuzz-session")
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    bitmap_16 = (struct.pack("<HH", 1, 1) + struct.pack("<HHHHHHHHH", 0, 0, 3, 1, 4, 2, 16, 0, 16)
                 + bytes(range(16)))
    palette = struct.pack("<HHI", 2, 0, 4) + bytes(range(12))
    deactivate = struct.pack("<HHHIH", 12, 0x16, 1002, 0x103ea, 0)
    cmd = surface_bits(1, 2, 8, 8)
    seeds = {
        "raw-surface-bits": seed(1, fastpath(update(4, cmd)), fastpath(update(4, frame_marker(1, 7)))),
        "fragments": seed(0, fastpath(update(4, cmd[:40], 2)), fastpath(update(4, cmd[40:100], 3),
                                                                         update(4, cmd[100:], 1))),
        "pointers": seed(0, fastpath(update(5, b"")), fastpath(update(6, b"")),
                         fastpath(update(8, struct.pack("<HH", 10, 20))),
                         fastpath(update(0xb, struct.pack("<HHHHHHHH", 32, 3, 0, 0, 2, 2, 4, 16)
                                         + bytes(16) + bytes(4) + b"\x00")),
                         fastpath(update(0xa, struct.pack("<H", 3)))),
        "slow-path-bitmap": seed(2, indication(share_data(2, bitmap_16))),
        "palette": seed(0, fastpath(update(2, palette))),
        "error-info-ultimatum": seed(0, indication(share_data(47, struct.pack("<I", 5))), ultimatum()),
        "deactivate-all": seed(0, indication(deactivate)),
        "nscodec": seed(4, fastpath(update(4, surface_bits(0, 0, 4, 4, 1, bytes(20) + bytes(64))))),
        "other-channel": seed(0, indication(b"\x01\x02\x03\x04", channel=1004)),
    }
    for name, data in seeds.items():
        with open(os.path.join(path, name), "wb") as f:
            f.write(data)
    with open(stamp, "w") as f:
        f.write("")


if __name__ == "__main__":
    main()
