#!/usr/bin/python3
# bench/latency.py BUILDDIR [SECONDS]: how long a server's update takes from
# the socket to RdpSession's framebuffer-updated signal
#
# Starts FreeRDP's shadow server (tests/e2e/start-shadow.sh, TLS) and plays
# a full-screen animation on the display it mirrors (ImageMagick's animate:
# 8 different full-screen frames at 25 frames per second), connects with
# BUILDDIR's rdp-gio from Python (GObject-Introspection) and, for SECONDS
# (default 10), notes the wall-clock time of every framebuffer-updated
# signal. tcpdump records the server's TCP segments on the loopback
# interface meanwhile, with the kernel's timestamps. An update's latency is
# from the segment that carried it (when it left the server's socket: on
# loopback it arrives in the same instant) to the first signal after it; it
# prints the median and the 99th percentile over all segments, and over the
# first segment of each batch (the longest wait of a batch).
#
# A benchmark, not a test: it prints numbers and never judges them. It
# needs root (tcpdump on lo), tcpdump, xvfb, freerdp2-shadow-x11,
# imagemagick.
#
#   sudo /usr/bin/python3 bench/latency.py _build 10
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.dirname(HERE)


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main():
    build = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "_build")
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 10.0
    os.environ["GI_TYPELIB_PATH"] = os.path.join(build, "rdp-gio")
    os.environ["LD_LIBRARY_PATH"] = os.path.join(build, "rdp-gio")
    if "RDP_LATENCY_CHILD" not in os.environ:
        # the typelib path must be set before the library loads: run again
        os.environ["RDP_LATENCY_CHILD"] = "1"
        os.execv(sys.executable, [sys.executable] + sys.argv)

    import gi
    gi.require_version("GLib", "2.0")
    gi.require_version("RdpGio", "1")
    from gi.repository import GLib, RdpGio

    tmp = tempfile.mkdtemp(prefix="rdp-gio-latency-")
    server_dir = os.path.join(tmp, "server")
    procs = []
    try:
        out = subprocess.run(["bash", os.path.join(SRC, "tests/e2e/start-shadow.sh"), server_dir,
                              "auto", "tls"], check=True, capture_output=True, text=True).stdout
        info = dict(line.split("=", 1) for line in out.splitlines() if "=" in line)
        port = int(info["PORT"])
        env = dict(os.environ, DISPLAY=info["DISPLAY"])
        frames = []
        for i in range(8):
            path = os.path.join(tmp, "frame%d.png" % i)
            subprocess.run(["convert", "-size", "1024x768", "-seed", str(i), "plasma:fractal",
                            "-depth", "8", "PNG24:" + path], check=True)
            frames.append(path)
        procs.append(subprocess.Popen(["animate", "-geometry", "+0+0", "-borderwidth", "0",
                                       "-delay", "4"] + frames, env=env,
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        time.sleep(2)
        capture = os.path.join(tmp, "server.txt")
        with open(capture, "w") as f:
            dump = subprocess.Popen(["tcpdump", "-i", "lo", "-n", "-tt", "-l",
                                     "--time-stamp-precision=micro",
                                     "tcp src port %d and greater 100" % port],
                                    stdout=f, stderr=subprocess.DEVNULL)
        procs.append(dump)
        time.sleep(1)

        loop = GLib.MainLoop()
        settings = RdpGio.Settings.new()
        verifier = RdpGio.CertificateVerifier.new(None, None)
        verifier.connect("certificate-request", lambda _v, r: r.accept(False) or True)
        settings.set_certificate_verifier(verifier)
        settings.set_security_protocols(RdpGio.SecurityProtocol.TLS)
        client = RdpGio.Client.new(settings)
        box = []

        def connected(c, result):
            box.append(c.connect_finish(result))
            loop.quit()

        client.connect_async("127.0.0.1", port, None, connected)
        loop.run()
        session = client.get_session()
        signals = []
        session.connect("framebuffer-updated", lambda *_a: signals.append(time.time()))
        GLib.timeout_add(int(seconds * 1000), loop.quit)
        loop.run()
        time.sleep(0.5)
        dump.send_signal(signal.SIGINT)
        dump.wait()

        segments = []
        with open(capture) as f:
            for line in f:
                try:
                    segments.append(float(line.split()[0]))
                except (ValueError, IndexError):
                    pass
        start = signals[0] if signals else 0
        per_segment = []
        per_batch = []
        j = 0
        previous_signal = 0.0
        for t in sorted(s for s in segments if s >= start):
            while j < len(signals) and signals[j] < t:
                previous_signal = signals[j]
                j += 1
            if j == len(signals):
                break
            per_segment.append((signals[j] - t) * 1000)
            if t > previous_signal and (not per_batch or per_batch[-1][0] != j):
                per_batch.append((j, (signals[j] - t) * 1000))
        batch = [ms for _j, ms in per_batch]
        print("| measured over | count | median ms | p99 ms |")
        print("|---|---:|---:|---:|")
        print("| every server segment → its framebuffer-updated | %d | %.2f | %.2f |"
              % (len(per_segment), statistics.median(per_segment), percentile(per_segment, 99)))
        print("| first segment of each batch → framebuffer-updated | %d | %.2f | %.2f |"
              % (len(batch), statistics.median(batch), percentile(batch, 99)))
        print("# %d signals in %.1f s (%.1f per second)" % (len(signals), seconds, len(signals) / seconds))
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait()
        subprocess.run(["bash", os.path.join(SRC, "tests/e2e/stop.sh"), server_dir],
                       capture_output=True)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
