#!/usr/bin/python3
# test-framed.py: RdpFramed through GObject-Introspection, as Python
# programs use it. Prints TAP.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import glob
import os
import sys

import gi

gi.require_version("GLib", "2.0")
gi.require_version("Gio", "2.0")
gi.require_version("RdpGio", "1")
from gi.repository import GLib, Gio, RdpGio  # noqa: E402

# the shared TAP runner, next to this script (no __pycache__ in the source tree)
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rdp_test_tap  # noqa: E402

VECTORS = os.environ.get("RDP_GIO_TEST_VECTORS",
                         os.path.join(os.path.dirname(os.path.abspath(__file__)), "vectors"))


def load(name):
    with open(os.path.join(VECTORS, name + ".hex")) as f:
        return bytes.fromhex("".join(f.read().split()))


def load_prefix(prefix):
    names = sorted(os.path.basename(p)[:-4]
                   for p in glob.glob(os.path.join(VECTORS, prefix + "*.hex")))
    assert names, "no vectors " + prefix
    return [load(n) for n in names]


def framed_over(data):
    inp = Gio.MemoryInputStream.new_from_bytes(GLib.Bytes.new(data))
    out = Gio.MemoryOutputStream.new_resizable()
    io = Gio.SimpleIOStream.new(inp, out)
    return RdpGio.Framed.new(io), out


def action_of(pdu):
    return RdpGio.Action(pdu[0] & 3)


def expect_error(func, domain, code):
    try:
        func()
    except GLib.Error as e:
        assert e.domain == GLib.quark_to_string(domain), (e.domain, e.message)
        assert e.code == int(code), (e.code, e.message)
        assert e.message
        return e
    raise AssertionError("no error raised")


def run_async(start, finish):
    """Starts an async call, runs a main loop until its callback, and returns
    what finish() returns (or raises what it raises)."""
    loop = GLib.MainLoop()
    box = {}

    def done(source, result, *user_data):
        try:
            box["value"] = finish(source, result)
        except Exception as e:  # noqa: BLE001
            box["error"] = e
        loop.quit()

    start(done)
    timeout = GLib.timeout_add_seconds(10, lambda: loop.quit() or False)
    loop.run()
    if "value" not in box and "error" not in box:
        raise AssertionError("async call timed out")
    GLib.source_remove(timeout)
    if "error" in box:
        raise box["error"]
    return box["value"]


# --- tests ---------------------------------------------------------------

def test_typelib():
    assert RdpGio.Framed
    assert int(RdpGio.Action.X224) == 3
    assert int(RdpGio.Action.FAST_PATH) == 0
    assert int(RdpGio.PduHint.CREDSSP) == 3
    assert RdpGio.error_quark() == GLib.quark_from_string("rdp-error-quark")


def test_find_pdu_size():
    pdu = load("bcgr_4.1.1_client_x224_connection_request")
    size, action = RdpGio.find_pdu_size(pdu)
    assert size == len(pdu) == 44, size
    assert action == RdpGio.Action.X224
    size, action = RdpGio.find_pdu_size(pdu[:3])
    assert size == 0
    size, action = RdpGio.find_pdu_size(bytes([0x80, 0x80, 0x08]))
    assert size == 8 and action == RdpGio.Action.FAST_PATH
    expect_error(lambda: RdpGio.find_pdu_size(bytes([0x07, 0, 0, 0x13])),
                 RdpGio.error_quark(), RdpGio.Error.INVALID_DATA)


def test_read_sync():
    pdus = load_prefix("w2008tls_server_") + load_prefix("redemption_fastpath_")
    framed, _ = framed_over(b"".join(pdus))
    for expected in pdus:
        got, action = framed.read_pdu(None)
        assert isinstance(got, GLib.Bytes)
        assert got.get_data() == expected
        assert action == action_of(expected), (action, expected[:4])
    e = expect_error(lambda: framed.read_pdu(None), Gio.io_error_quark(),
                     Gio.IOErrorEnum.CONNECTION_CLOSED)
    assert e.matches(Gio.io_error_quark(), Gio.IOErrorEnum.CONNECTION_CLOSED)


def test_read_each_pdu():
    pdus = load_prefix("w2008tls_server_")
    framed, _ = framed_over(b"".join(pdus))
    seen = []

    # PyGObject passes the array's length too.
    def handle(data, length, action, user_data):
        assert length == len(data)
        seen.append((bytes(data), action))
        return True

    while len(seen) < len(pdus):
        assert framed.read_each_pdu(handle, None) >= 1
    assert [d for d, _ in seen] == pdus
    assert [a for _, a in seen] == [action_of(p) for p in pdus]


def test_read_async():
    pdus = load_prefix("mstsc_tls_client_")
    framed, _ = framed_over(b"".join(pdus))
    for expected in pdus:
        got, action = run_async(
            lambda cb: framed.read_pdu_async(GLib.PRIORITY_DEFAULT, None, cb, None),
            lambda src, res: src.read_pdu_finish(res))
        assert got.get_data() == expected
        assert action == action_of(expected)
    expect_error(lambda: run_async(
        lambda cb: framed.read_pdu_async(GLib.PRIORITY_DEFAULT, None, cb, None),
        lambda src, res: src.read_pdu_finish(res)),
        Gio.io_error_quark(), Gio.IOErrorEnum.CONNECTION_CLOSED)


def test_read_pdus_async():
    pdus = load_prefix("w2008tls_server_")
    framed, _ = framed_over(b"".join(pdus))
    got = run_async(
        lambda cb: framed.read_pdus_async(0, GLib.PRIORITY_DEFAULT, None, cb, None),
        lambda src, res: src.read_pdus_finish(res))
    assert [b.get_data() for b in got] == pdus, len(got)


def test_malformed_header():
    good = load("w2008tls_server_s09_synchronize")
    bad = bytes([0x07, 0x00, 0x00, 0x13, 0xaa])
    framed, _ = framed_over(good + bad)
    got, action = framed.read_pdu(None)
    assert got.get_data() == good
    for _ in range(2):
        expect_error(lambda: framed.read_pdu(None), RdpGio.error_quark(),
                     RdpGio.Error.INVALID_DATA)
        # the bytes stay
        assert framed.peek().get_data() == bad
    expect_error(lambda: run_async(
        lambda cb: framed.read_pdu_async(GLib.PRIORITY_DEFAULT, None, cb, None),
        lambda src, res: src.read_pdu_finish(res)),
        RdpGio.error_quark(), RdpGio.Error.INVALID_DATA)


def test_hint_mismatch():
    fast = load("redemption_fastpath_update_1byte_len_cached_pointer")
    framed, _ = framed_over(fast)
    expect_error(lambda: framed.read_by_hint(RdpGio.PduHint.X224, None),
                 RdpGio.error_quark(), RdpGio.Error.UNEXPECTED_PDU)
    got, action = framed.read_pdu(None)
    assert got.get_data() == fast and action == RdpGio.Action.FAST_PATH


def test_credssp_hint():
    ts = load("cssp_sspirs_ntlm_2_phase_ts_request")
    framed, _ = framed_over(ts + b"\x00\x00\x00\x00")
    got = framed.read_by_hint(RdpGio.PduHint.CREDSSP, None)
    assert got.get_data() == ts
    got = run_async(
        lambda cb: framed.read_by_hint_async(RdpGio.PduHint.EARLY_USER_AUTH_RESULT,
                                             GLib.PRIORITY_DEFAULT, None, cb, None),
        lambda src, res: src.read_by_hint_finish(res))
    assert got.get_data() == b"\x00\x00\x00\x00"


def test_size_func():
    data = b"\x00\x05abc\x00\x03z"
    framed, _ = framed_over(data)
    calls = []

    # PyGObject 3.42 passes the array's length as well: (data, length, user_data)
    def be16(buf, *rest):
        calls.append((bytes(buf), rest[-1]))
        return 0 if len(buf) < 2 else (buf[0] << 8) | buf[1]

    got = framed.read_with_size_func(be16, "first", None)
    assert got.get_data() == b"\x00\x05abc"
    assert calls[0] == (b"\x00\x05abc\x00\x03z", "first"), calls[0]

    def refuse(buf, *rest):
        return -1

    # -1 without an error is refused as invalid data, and nothing is lost
    expect_error(lambda: framed.read_with_size_func(refuse, None, None),
                 RdpGio.error_quark(), RdpGio.Error.INVALID_DATA)
    got = framed.read_with_size_func(be16, "second", None)
    assert got.get_data() == b"\x00\x03z"
    assert calls[-1] == (b"\x00\x03z", "second"), calls[-1]
    # Not tested: read_with_size_func_async. PyGObject 3.42 cannot call a
    # function with two callbacks that each have a closure (it fails with
    # "expected tuple for callback user_data"), as with Gio.File.copy_async.


def test_write_and_steal():
    pdu = load("mstsc_tls_client_c13_synchronize")
    rest = load("w2008tls_server_s10_control_cooperate")
    first = load("w2008tls_server_s09_synchronize")
    framed, out = framed_over(first + rest[:10])
    assert framed.write_all(GLib.Bytes.new(pdu), None)
    ok = run_async(
        lambda cb: framed.write_all_async(GLib.Bytes.new(pdu), GLib.PRIORITY_DEFAULT, None, cb, None),
        lambda src, res: src.write_all_finish(res))
    assert ok
    out.close(None)
    assert out.steal_as_bytes().get_data() == pdu + pdu
    got, _ = framed.read_pdu(None)
    assert got.get_data() == first
    # the stream ends inside the next PDU; its bytes stay buffered
    expect_error(lambda: framed.read_pdu(None), Gio.io_error_quark(),
                 Gio.IOErrorEnum.PARTIAL_INPUT)
    assert framed.peek().get_data() == rest[:10]
    stream, leftover = framed.steal_stream()
    assert isinstance(stream, Gio.IOStream)
    assert leftover.get_data() == rest[:10]
    expect_error(lambda: framed.read_pdu(None), Gio.io_error_quark(), Gio.IOErrorEnum.CLOSED)
    inp = Gio.MemoryInputStream.new_from_bytes(GLib.Bytes.new(rest[10:]))
    again = RdpGio.Framed.new_with_leftover(
        Gio.SimpleIOStream.new(inp, Gio.MemoryOutputStream.new_resizable()), leftover)
    got, action = again.read_pdu(None)
    assert got.get_data() == rest and action == RdpGio.Action.X224


def test_split_reader():
    pdus = load_prefix("mstsc_tls_client_")
    framed, out = framed_over(b"".join(pdus))
    got, _ = framed.read_pdu(None)
    assert got.get_data() == pdus[0]
    reader, writer = framed.split()
    assert isinstance(reader, RdpGio.FramedReader)
    assert isinstance(writer, RdpGio.FramedWriter)
    expect_error(lambda: framed.read_pdu(None), Gio.io_error_quark(), Gio.IOErrorEnum.BUSY)
    got, action = reader.read_pdu(None)
    assert got.get_data() == pdus[1] and action == action_of(pdus[1])
    got, action = run_async(
        lambda cb: reader.read_pdu_async(GLib.PRIORITY_DEFAULT, None, cb, None),
        lambda src, res: src.read_pdu_finish(res))
    assert got.get_data() == pdus[2]
    assert writer.write_all(GLib.Bytes.new(pdus[0]), None)
    joined = RdpGio.Framed.unsplit(reader, writer)
    assert joined == framed
    got, _ = framed.read_pdu(None)
    assert got.get_data() == pdus[3]
    expect_error(lambda: reader.read_pdu(None), Gio.io_error_quark(), Gio.IOErrorEnum.CLOSED)
    out.close(None)
    assert out.steal_as_bytes().get_data() == pdus[0]


TESTS = [
    test_typelib,
    test_find_pdu_size,
    test_read_sync,
    test_read_async,
    test_read_pdus_async,
    test_malformed_header,
    test_hint_mismatch,
    test_credssp_hint,
    test_size_func,
    test_read_each_pdu,
    test_write_and_steal,
    test_split_reader,
]


if __name__ == "__main__":
    sys.exit(rdp_test_tap.main(TESTS))
