#!/usr/bin/env python3
"""Times zoned-checkzone against nsd-checkzone, kzonecheck and named-checkzone on one zone.

Generates the deterministic 1M-name zone (bench/gen_zone.py) unless it exists, runs each
checker RUNS times in the same run, and prints the best wall time, peak RSS and the ratios
to zoned. named-checkzone runs with "-i local" so it never resolves names over the network.

Usage: checkzone_bench.py [--zoned PATH] [--names N] [--runs R] [--zone FILE]
"""
import argparse
import os
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ORIGIN = "example.com"


def run(cmd):
    """Runs cmd once; returns (seconds, peak RSS in MiB, exit code)."""
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.monotonic() - start
    return elapsed, usage.ru_maxrss / 1024.0, os.waitstatus_to_exitcode(status)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--zoned", default=os.path.join(HERE, "..", "build", "release", "src",
                                                    "zoned-checkzone"))
    ap.add_argument("--names", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--zone", default=None)
    args = ap.parse_args()

    zone = args.zone or os.path.join(HERE, "data", f"zone-{args.names}.zone")
    if not os.path.exists(zone):
        os.makedirs(os.path.dirname(zone), exist_ok=True)
        subprocess.run([sys.executable, os.path.join(HERE, "gen_zone.py"), zone,
                        str(args.names), ORIGIN + "."], check=True)
    size_mb = os.path.getsize(zone) / 1e6
    print(f"zone {zone}: {size_mb:.1f} MB")

    checkers = [
        ("zoned-checkzone", [args.zoned, ORIGIN, zone]),
        ("nsd-checkzone", ["nsd-checkzone", ORIGIN, zone]),
        ("kzonecheck", ["kzonecheck", "-o", ORIGIN, zone]),
        ("named-checkzone", ["named-checkzone", "-i", "local", ORIGIN, zone]),
    ]
    results = {}
    for name, cmd in checkers:
        if shutil.which(cmd[0]) is None and not os.path.exists(cmd[0]):
            print(f"{name}: not installed, skipped")
            continue
        runs = [run(cmd) for _ in range(args.runs)]
        times = sorted(r[0] for r in runs)
        best, median = times[0], times[len(times) // 2]
        rss = max(r[1] for r in runs)
        codes = {r[2] for r in runs}
        results[name] = (best, rss)
        print(f"{name:16s} best {best:6.3f} s  median {median:6.3f} s  {rss:7.1f} MiB  "
              f"exit {sorted(codes)}")

    if "zoned-checkzone" not in results:
        return 1
    zt, zm = results["zoned-checkzone"]
    print("\nratios of best times and peak RSS (peer / zoned; above 1: zoned faster or smaller):")
    for name, (t, m) in results.items():
        if name != "zoned-checkzone":
            print(f"  {name:16s} time x{t / zt:5.2f}   memory x{m / zm:5.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
