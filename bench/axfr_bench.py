#!/usr/bin/env python3
"""Outgoing AXFR: zoned, NSD and Knot transfer the same zone (by default the generated
1M-name zone) to a reader on 127.0.0.1 that frames the messages but does not decode them.

Each server in turn serves the zone with provide-xfr (or Knot's transfer ACL) for
127.0.0.1, unsigned; rounds are interleaved (zoned, nsd, knot, zoned, ...) so that a busy
machine's noise falls on all alike. Per transfer:

  wall      seconds from sending the AXFR query to the last message read
  cpu       the server's CPU seconds (utime + stime of its processes, /proc) over the same
            span: what making and sending the transfer cost it
  records   the answer records received (the zone and the closing SOA), read from the
            headers' ANCOUNT; the reader stops at the zone's record count + 1

Prints every run, the best of each figure, and the ratios peer / zoned (above 1: zoned is
faster). Each server is stopped by its PID.

Usage: axfr_bench.py [--zoned PATH] [--zone FILE | --names N] [--rounds R]
                     [--servers zoned,nsd,knot]
"""
import argparse
import os
import re
import socket
import struct
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import qps_bench  # noqa: E402  (configurations, process tree, zone, executables)

ORIGIN = qps_bench.ORIGIN
CLK_TCK = os.sysconf("SC_CLK_TCK")
TRANSFER_TIMEOUT = 300


def with_provide_xfr(name, conf):
    """Lets 127.0.0.1 transfer the zone from the benchmark's configuration of `name`."""
    with open(conf) as f:
        text = f.read()
    if name in ("zoned", "nsd"):
        text += "  provide-xfr: 127.0.0.1 NOKEY\n"
    else:  # Knot: an ACL on the zone
        text = text.replace("zone:\n", "acl:\n  - id: bench\n    address: 127.0.0.1\n"
                            "    action: transfer\nzone:\n", 1)
        text += "    acl: bench\n"
    with open(conf, "w") as f:
        f.write(text)


def cpu_seconds(pid):
    total = 0
    for p in qps_bench.process_tree(pid):
        try:
            with open(f"/proc/{p}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            pass
    return total / CLK_TCK


def axfr_query():
    qname = b"".join(bytes([len(l)]) + l.encode() for l in ORIGIN.split(".")) + b"\0"
    q = struct.pack("!HHHHHH", 0x4242, 0, 1, 0, 0, 0) + qname + struct.pack("!HH", 252, 1)
    return struct.pack("!H", len(q)) + q


def read_exactly(s, n, buf):
    view = memoryview(buf)[:n]
    got = 0
    while got < n:
        k = s.recv_into(view[got:], n - got)
        if k == 0:
            raise EOFError("connection closed during the transfer")
        got += k
    return view


def transfer(port, expected):
    """Reads an AXFR of `expected` answer records; returns (records, octets, messages)."""
    buf = bytearray(65536)
    records = octets = messages = 0
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        s.sendall(axfr_query())
        while records < expected:
            length = struct.unpack("!H", read_exactly(s, 2, buf))[0]
            message = read_exactly(s, length, buf)
            rcode = message[3] & 0xF
            if rcode != 0:
                raise RuntimeError(f"AXFR answered with rcode {rcode}")
            records += struct.unpack("!H", message[6:8])[0]
            octets += length + 2
            messages += 1
    return records, octets, messages


def run_one(name, exe, zone, expected):
    with tempfile.TemporaryDirectory(prefix=f"axfr-{name}-") as d:
        port = qps_bench.free_port()
        conf = qps_bench.CONFIGS[name](d, port, zone, 1)
        with_provide_xfr(name, conf)
        with open(os.path.join(d, "stdout.log"), "w") as log:
            proc = subprocess.Popen(qps_bench.SERVERS[name](exe, conf), stdout=log,
                                    stderr=subprocess.STDOUT)
            try:
                deadline = time.monotonic() + qps_bench.LOAD_TIMEOUT
                while not qps_bench.answers(port):
                    if proc.poll() is not None or time.monotonic() > deadline:
                        print(f"{name}: did not start", file=sys.stderr)
                        return None
                    time.sleep(0.1)
                time.sleep(0.3)  # NSD's forked servers settle
                before = cpu_seconds(proc.pid)
                start = time.monotonic()
                records, octets, messages = transfer(port, expected)
                wall = time.monotonic() - start
                time.sleep(0.05)  # the last ticks of the sending thread
                cpu = cpu_seconds(proc.pid) - before
                return {"wall": wall, "cpu": cpu, "records": records, "octets": octets,
                        "messages": messages}
            finally:
                qps_bench.stop(proc)


def zone_records(zoned, zone):
    """The zone's record count, as zoned reports it when it loads the zone."""
    with tempfile.TemporaryDirectory(prefix="axfr-count-") as d:
        port = qps_bench.free_port()
        conf = qps_bench.CONFIGS["zoned"](d, port, zone, 1)
        log_path = os.path.join(d, "stdout.log")
        with open(log_path, "w") as log:
            proc = subprocess.Popen(qps_bench.SERVERS["zoned"](zoned, conf), stdout=log,
                                    stderr=subprocess.STDOUT)
            try:
                deadline = time.monotonic() + qps_bench.LOAD_TIMEOUT
                while not qps_bench.answers(port) and time.monotonic() < deadline:
                    time.sleep(0.1)
            finally:
                qps_bench.stop(proc)
        with open(log_path) as f:
            m = re.search(r"loaded from .* \((\d+) records", f.read())
    if not m:
        sys.exit("cannot count the zone's records from zoned's log")
    return int(m.group(1))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--zoned", default=os.path.join(HERE, "..", "build", "release", "src", "zoned"))
    ap.add_argument("--names", type=int, default=1_000_000)
    ap.add_argument("--zone", default=None)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--servers", default="zoned,nsd,knot")
    args = ap.parse_args()

    zone = qps_bench.ensure_zone(args.zone, args.names)
    expected = zone_records(args.zoned, zone) + 1  # the closing SOA
    executables = qps_bench.server_executables(args.zoned)
    servers = [s for s in args.servers.split(",") if executables.get(s)
               and os.path.exists(executables[s])]
    print(f"zone {zone} ({os.path.getsize(zone) / 1e6:.1f} MB, {expected - 1} records), "
          f"{args.rounds} round(s), {os.cpu_count()} CPUs")
    results = {s: [] for s in servers}
    for rnd in range(args.rounds):
        for s in servers:
            r = run_one(s, executables[s], zone, expected)
            if r is None:
                continue
            results[s].append(r)
            print(f"round {rnd + 1} {s:6}: wall {r['wall']:.3f} s, cpu {r['cpu']:.2f} s, "
                  f"{r['messages']} messages, {r['octets'] / 1e6:.1f} MB", flush=True)
    best = {s: {k: min(r[k] for r in runs) for k in ("wall", "cpu")}
            for s, runs in results.items() if runs}
    print(f"\n{'server':8}{'wall best s':>14}{'cpu best s':>12}")
    for s, b in best.items():
        print(f"{s:8}{b['wall']:14.3f}{b['cpu']:12.2f}")
    if "zoned" in best:
        print("\nratios of the best figures, peer / zoned (above 1: zoned better):")
        for s, b in best.items():
            if s == "zoned":
                continue
            z = best["zoned"]
            cpu = b["cpu"] / z["cpu"] if z["cpu"] > 0 else float("inf")
            print(f"  {s:5}: wall x{b['wall'] / z['wall']:.2f}  server cpu x{cpu:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
