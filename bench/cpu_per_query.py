#!/usr/bin/env python3
"""Server CPU per answered query, start-to-serving time and peak memory: zoned, NSD, Knot.

All three serve the same zone (by default the generated 1M-name zone) on 127.0.0.1, one
at a time, interleaved (zoned, nsd, knot, zoned, nsd, knot, ...) so that the noise of a
shared machine falls on all of them alike. For each start and each worker count:

  serving   seconds from exec to the first answered query (a SOA query, polled every 5 ms)
  peak      VmHWM (peak resident set) of the server, the largest over its processes, read
            once it serves: the peak of loading the zone
  qps       dnsperf's queries per second over a bounded run
  cpu/q     server CPU microseconds per answered query: utime + stime of the server's
            processes (/proc/PID/stat, NSD's forked servers included) before and after
            the dnsperf run, divided by the queries dnsperf saw answered
  user/q    the user-space part of cpu/q: the server's own code. On loopback the rest is
            the kernel's UDP path, which also delivers each response to dnsperf's socket
            and wakes it, and costs every server alike

Prints every run, the best and the median of each figure, and the ratios peer / zoned
(above 1: zoned is faster or smaller). Each server is stopped by its PID.

Usage: cpu_per_query.py [--zoned PATH] [--zone FILE] [--names N] [--workers 1,2]
                        [--rounds R] [--duration S] [--servers zoned,nsd,knot]
"""
import argparse
import os
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import qps_bench  # noqa: E402  (configurations, query file, process tree)

ORIGIN = qps_bench.ORIGIN
LOAD_TIMEOUT = 300
CLK_TCK = os.sysconf("SC_CLK_TCK")


def soa_query(qid):
    header = struct.pack("!HHHHHH", qid, 0, 1, 0, 0, 0)
    qname = b"".join(bytes([len(l)]) + l.encode() for l in ORIGIN.split(".")) + b"\0"
    return header + qname + struct.pack("!HH", 6, 1)


def wait_serving(proc, port, start):
    """Seconds from `start` to the first answered SOA query, or None if the server died."""
    deadline = start + LOAD_TIMEOUT
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(0.005)
        qid = 1
        while time.monotonic() < deadline:
            qid = (qid + 1) & 0xFFFF
            try:
                s.sendto(soa_query(qid), ("127.0.0.1", port))
                while True:
                    data = s.recv(4096)
                    if len(data) >= 12:
                        rid, flags, _, ancount = struct.unpack("!HHHH", data[:8])
                        if rid == qid and flags & 0x8000 and flags & 0xF == 0 and ancount > 0:
                            return time.monotonic() - start
            except (socket.timeout, ConnectionRefusedError):
                pass
            if proc.poll() is not None:
                return None
    return None


def cpu_ticks(pid):
    """(user, kernel) clock ticks of the server's processes."""
    user = kernel = 0
    for p in qps_bench.process_tree(pid):
        try:
            with open(f"/proc/{p}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            user += int(fields[11])  # utime (field 14)
            kernel += int(fields[12])  # stime (field 15)
        except (OSError, IndexError, ValueError):
            pass
    return user, kernel


def peak_mib(pid):
    peak = 0
    for p in qps_bench.process_tree(pid):
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        peak = max(peak, int(line.split()[1]))
        except OSError:
            pass
    return peak / 1024


def run_one(name, exe, zone, workers, queries, args):
    with tempfile.TemporaryDirectory(prefix=f"cpq-{name}-") as d:
        port = qps_bench.free_port()
        conf = qps_bench.CONFIGS[name](d, port, zone, workers)
        log_path = os.path.join(d, "stdout.log")
        with open(log_path, "w") as log:
            start = time.monotonic()
            proc = subprocess.Popen(qps_bench.SERVERS[name](exe, conf), stdout=log,
                                    stderr=subprocess.STDOUT)
            try:
                serving = wait_serving(proc, port, start)
                if serving is None:
                    print(f"{name}: did not start; its log:\n" + open(log_path).read()[-2000:],
                          file=sys.stderr)
                    return None
                peak = peak_mib(proc.pid)
                time.sleep(0.2)  # let NSD's forked servers settle
                before = cpu_ticks(proc.pid)
                r = qps_bench.run_dnsperf(port, queries, args.duration, args.clients,
                                          args.outstanding)
                after = cpu_ticks(proc.pid)
                r["serving_s"] = serving
                r["peak_mib"] = peak
                per_query = lambda ticks: ticks / CLK_TCK * 1e6 / max(r["completed"], 1)  # noqa: E731
                r["user_us"] = per_query(after[0] - before[0])
                r["cpu_us"] = per_query(after[0] - before[0] + after[1] - before[1])
                return r
            finally:
                qps_bench.stop(proc)


FIGURES = [("serving_s", "serving s", "{:9.3f}", False), ("peak_mib", "peak MiB", "{:9.1f}", False),
           ("qps", "qps", "{:9.0f}", True), ("cpu_us", "cpu us/q", "{:9.2f}", False),
           ("user_us", "user us/q", "{:9.2f}", False)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--zoned", default=os.path.join(HERE, "..", "build", "release", "src", "zoned"))
    ap.add_argument("--names", type=int, default=1_000_000)
    ap.add_argument("--zone", default=None)
    ap.add_argument("--workers", default="1,2")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--duration", type=int, default=8)
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--outstanding", type=int, default=64)
    ap.add_argument("--queries", type=int, default=200_000)
    ap.add_argument("--nx-percent", type=int, default=10)
    ap.add_argument("--servers", default="zoned,nsd,knot")
    args = ap.parse_args()

    zone = qps_bench.ensure_zone(args.zone, args.names)
    executables = qps_bench.server_executables(args.zoned)
    servers = []
    for name in args.servers.split(","):
        if executables.get(name) and os.path.exists(executables[name]):
            servers.append(name)
        else:
            print(f"{name}: not installed, skipped")
    workers = [int(w) for w in args.workers.split(",")]
    print(f"zone {zone} ({os.path.getsize(zone) / 1e6:.1f} MB), workers {workers}, "
          f"{args.rounds} round(s) of {args.duration} s, dnsperf -c {args.clients} "
          f"-q {args.outstanding}, {args.nx_percent}% NXDOMAIN, {os.cpu_count()} CPUs")
    results = {(s, w): [] for s in servers for w in workers}
    with tempfile.TemporaryDirectory(prefix="cpq-queries-") as qd:
        queries = os.path.join(qd, "queries.txt")
        qps_bench.write_query_file(queries, args.names, args.queries, args.nx_percent)
        for rnd in range(args.rounds):
            for w in workers:
                for s in servers:
                    r = run_one(s, executables[s], zone, w, queries, args)
                    if r is None:
                        continue
                    results[(s, w)].append(r)
                    print(f"round {rnd + 1} {s:6} {w}w: serving {r['serving_s']:.3f} s, "
                          f"peak {r['peak_mib']:.1f} MiB, {r['qps']:.0f} qps, "
                          f"{r['cpu_us']:.2f} us/q ({r['user_us']:.2f} user), lost {r['lost']:.0f}", flush=True)

    print(f"\n{'server':8}{'workers':>8}" + "".join(f"{label + ' best':>15}{'median':>9}"
                                                  for _, label, _, _ in FIGURES))
    summary = {}
    for (s, w), runs in results.items():
        if not runs:
            continue
        row = f"{s:8}{w:8d}"
        for key, _, fmt, higher_better in FIGURES:
            values = [r[key] for r in runs]
            best = max(values) if higher_better else min(values)
            med = statistics.median(values)
            summary[(s, w, key)] = best
            row += f"{fmt.format(best):>15}{fmt.format(med):>9}"
        print(row)
    print("\nratios of the best figures, peer / zoned (above 1: zoned better; qps zoned / peer):")
    for w in workers:
        for s in servers:
            if s == "zoned" or (s, w, "qps") not in summary or ("zoned", w, "qps") not in summary:
                continue
            z = lambda k: summary[("zoned", w, k)]  # noqa: E731
            p = lambda k: summary[(s, w, k)]  # noqa: E731
            print(f"  {s:5} {w}w: serving x{p('serving_s') / z('serving_s'):.2f}  "
                  f"peak memory x{p('peak_mib') / z('peak_mib'):.2f}  "
                  f"qps x{z('qps') / p('qps'):.2f}  cpu/query x{p('cpu_us') / z('cpu_us'):.2f}  "
                  f"user cpu/query x{p('user_us') / z('user_us'):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
