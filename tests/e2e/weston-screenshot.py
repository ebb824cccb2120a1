#!/usr/bin/python3
# weston-screenshot.py [OUT.ppm]
#
# Weston's own picture of its output, taken through its weston_screenshooter
# protocol (offered by a weston started with --debug), as a binary PPM (P6,
# R G B, top row first) on OUT.ppm or stdout. Needs WAYLAND_DISPLAY and
# XDG_RUNTIME_DIR of that weston (start-weston.sh prints both).
#
# Why not weston-screenshooter: in Weston 10.0.1 the RDP backend's output
# mode lacks WL_OUTPUT_MODE_CURRENT in its flags (rdp_insert_new_mode does
# not copy them), and weston-screenshooter only takes the size of a mode
# flagged current, so it sizes its buffer from uninitialised memory: Weston
# answers with a wl_shm protocol error ("invalid width, height or stride")
# and weston-screenshooter exits with status 255 without a message (or
# hangs on a huge pool). This client speaks the Wayland wire protocol itself
# (no Python Wayland binding is packaged in Debian 12) and takes the size of
# the output's mode whatever its flags are.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import array
import mmap
import os
import socket
import struct
import sys


class WaylandError(RuntimeError):
    pass


class Connection:
    def __init__(self):
        path = os.environ.get("WAYLAND_DISPLAY", "wayland-0")
        if not path.startswith("/"):
            path = os.path.join(os.environ["XDG_RUNTIME_DIR"], path)
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(path)
        self.next_id = 2
        self.buf = b""

    def new_id(self):
        self.next_id += 1
        return self.next_id - 1

    def send(self, obj, opcode, payload=b"", fds=()):
        msg = struct.pack("=II", obj, ((8 + len(payload)) << 16) | opcode) + payload
        anc = [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", fds))] if fds else []
        self.sock.sendmsg([msg], anc)

    def events(self):
        """Yields (object, opcode, payload) for every event that arrives."""
        while True:
            while len(self.buf) >= 8:
                obj, word = struct.unpack("=II", self.buf[:8])
                size = word >> 16
                if len(self.buf) < size:
                    break
                payload, self.buf = self.buf[8:size], self.buf[size:]
                if obj == 1 and (word & 0xffff) == 0:   # wl_display.error
                    _, code, text = struct.unpack("=II", payload[:8]) + (string(payload[8:])[0],)
                    raise WaylandError("wayland error %d: %s" % (code, text))
                yield obj, word & 0xffff, payload
            data = self.sock.recv(65536)
            if not data:
                raise WaylandError("the compositor closed the connection")
            self.buf += data

    def roundtrip(self, handler):
        callback = self.new_id()
        self.send(1, 0, struct.pack("=I", callback))            # wl_display.sync
        for obj, opcode, payload in self.events():
            if obj == callback:
                return
            handler(obj, opcode, payload)


def string(payload):
    """A wire string: its value and the rest of the payload."""
    (length,) = struct.unpack("=I", payload[:4])
    padded = (length + 3) & ~3
    return payload[4:4 + length - 1].decode(), payload[4 + padded:]


def wire_string(text):
    data = text.encode() + b"\0"
    return struct.pack("=I", len(data)) + data + b"\0" * (-len(data) % 4)


def screenshot():
    """Returns (width, height, pixels) with pixels as R, G, B bytes."""
    c = Connection()
    registry = c.new_id()
    c.send(1, 1, struct.pack("=I", registry))                  # wl_display.get_registry
    globals_ = {}

    def on_global(obj, opcode, payload):
        if obj == registry and opcode == 0:
            (name,) = struct.unpack("=I", payload[:4])
            interface, rest = string(payload[4:])
            globals_.setdefault(interface, name)
    c.roundtrip(on_global)
    for needed in ("wl_shm", "wl_output", "weston_screenshooter"):
        if needed not in globals_:
            raise WaylandError("the compositor has no %s (weston needs --debug)" % needed)

    def bind(interface, version):
        obj = c.new_id()
        c.send(registry, 0, struct.pack("=I", globals_[interface]) + wire_string(interface)
               + struct.pack("=II", version, obj))
        return obj
    shm = bind("wl_shm", 1)
    output = bind("wl_output", 1)
    shooter = bind("weston_screenshooter", 1)
    modes = []

    def on_output(obj, opcode, payload):
        if obj == output and opcode == 1:                       # wl_output.mode
            modes.append(struct.unpack("=Iiii", payload))
    c.roundtrip(on_output)
    if not modes:
        raise WaylandError("the output has no mode")
    current = [m for m in modes if m[0] & 1]                    # WL_OUTPUT_MODE_CURRENT
    _, width, height, _ = (current or modes)[-1]

    stride = width * 4
    size = stride * height
    fd = os.memfd_create("weston-screenshot", os.MFD_CLOEXEC)
    try:
        os.ftruncate(fd, size)
        pool = c.new_id()
        c.send(shm, 0, struct.pack("=Ii", pool, size), fds=[fd])   # wl_shm.create_pool
        buffer = c.new_id()
        c.send(pool, 0, struct.pack("=Iiiiii", buffer, 0, width, height, stride,
                                    1))                            # XRGB8888
        c.send(shooter, 0, struct.pack("=II", output, buffer))     # weston_screenshooter.shoot
        for obj, opcode, _ in c.events():
            if obj == shooter and opcode == 0:                     # done
                break
        with mmap.mmap(fd, size, prot=mmap.PROT_READ) as m:
            bgrx = m[:]
    finally:
        os.close(fd)
        c.sock.close()
    rgb = bytearray(width * height * 3)
    rgb[0::3] = bgrx[2::4]
    rgb[1::3] = bgrx[1::4]
    rgb[2::3] = bgrx[0::4]
    return width, height, bytes(rgb)


def main():
    width, height, rgb = screenshot()
    data = b"P6\n%d %d\n255\n" % (width, height) + rgb
    if len(sys.argv) > 1:
        with open(sys.argv[1], "wb") as f:
            f.write(data)
    else:
        sys.stdout.buffer.write(data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
