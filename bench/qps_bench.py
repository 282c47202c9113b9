#!/usr/bin/env python3
"""Queries per second, latency and memory of zoned, NSD and Knot on the same zone.

Each server in turn is started on 127.0.0.1 (its own free port, a temporary directory for
its configuration, database and pidfile; never the packaged services), with the same
number of worker threads, is loaded with the same zone, and is measured by dnsperf with the
same query file (existing names and nonexistent ones, generated deterministically) for a
bounded time. Only one server runs at a time. Memory is the proportional set size (PSS) of
the server's processes after the run, which counts NSD's forked servers' shared zone once.

Usage: qps_bench.py [--zoned PATH] [--names N | --zone FILE] [--threads T] [--duration S]
                    [--clients C] [--outstanding Q] [--nx-percent P] [--servers zoned,nsd,knot]
"""
import argparse
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ORIGIN = "example.com"
LOAD_TIMEOUT = 300  # seconds for a server to load the zone


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def existing_names(names):
    """Names gen_zone.py certainly creates: host<i> for i % 40 >= 3 (see gen_zone.py)."""
    out = []
    i = 0
    made = 3
    while made < names:
        kind = i % 40
        if kind >= 3:
            out.append(f"host{i}.{ORIGIN}")
        made += 2 if kind == 0 else 1
        i += 1
    return out


def write_query_file(path, names, count, nx_percent):
    rng = random.Random(20261126)  # deterministic: every server gets the same queries
    hosts = existing_names(names)
    with open(path, "w") as f:
        for n in range(count):
            if rng.randrange(100) < nx_percent:
                f.write(f"nx{rng.randrange(10**9)}.{ORIGIN} A\n")
            else:
                f.write(f"{rng.choice(hosts)} A\n")


def answers(port, name=ORIGIN, qtype="SOA"):
    cmd = ["dig", "+short", "+time=1", "+tries=1", "-p", str(port), "@127.0.0.1", name, qtype]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=5)
    return r.returncode == 0 and r.stdout.strip() != ""


def zoned_config(d, port, zone, threads):
    conf = os.path.join(d, "zoned.conf")
    with open(conf, "w") as f:
        f.write(f'server:\n  ip-address: 127.0.0.1\n  port: {port}\n  server-count: {threads}\n'
                f'  zonesdir: ""\n  pidfile: "{d}/zoned.pid"\n'
                f'zone:\n  name: "{ORIGIN}"\n  zonefile: "{zone}"\n')
    return conf


def nsd_config(d, port, zone, threads):
    conf = os.path.join(d, "nsd.conf")
    with open(conf, "w") as f:
        f.write(f'server:\n  ip-address: 127.0.0.1\n  port: {port}\n  server-count: {threads}\n'
                f'  username: ""\n  chroot: ""\n  zonesdir: "{d}"\n  database: ""\n'
                f'  pidfile: "{d}/nsd.pid"\n  xfrdfile: "{d}/xfrd.state"\n'
                f'  zonelistfile: "{d}/zone.list"\n  xfrdir: "{d}"\n  logfile: "{d}/nsd.log"\n'
                f'  cookie-secret-file: "{d}/cookies"\n  zonefiles-write: 0\n'
                # Debian's NSD has response rate limiting on (200/s per /24): it would
                # drop most of a benchmark's queries from 127.0.0.1.
                f'  rrl-ratelimit: 0\n  rrl-whitelist-ratelimit: 0\n'
                f'remote-control:\n  control-enable: no\n'
                f'zone:\n  name: "{ORIGIN}"\n  zonefile: "{zone}"\n')
    return conf


def knot_config(d, port, zone, threads):
    conf = os.path.join(d, "knot.conf")
    with open(conf, "w") as f:
        f.write(f'server:\n  rundir: "{d}"\n  listen: 127.0.0.1@{port}\n'
                f'  udp-workers: {threads}\n  tcp-workers: {threads}\n  background-workers: 1\n'
                f'  pidfile: "{d}/knot.pid"\n'
                f'database:\n  storage: "{d}"\n'
                f'log:\n  - target: "{d}/knot.log"\n    any: info\n'
                f'template:\n  - id: default\n    storage: "{d}"\n    zonefile-sync: -1\n'
                f'    journal-content: none\n    semantic-checks: off\n'
                f'zone:\n  - domain: {ORIGIN}\n    file: "{zone}"\n')
    return conf


SERVERS = {
    "zoned": lambda exe, conf: [exe, "-d", "-c", conf],
    "nsd": lambda exe, conf: [exe, "-d", "-c", conf],
    "knot": lambda exe, conf: [exe, "-c", conf],
}
CONFIGS = {"zoned": zoned_config, "nsd": nsd_config, "knot": knot_config}


def process_tree(pid):
    """pid and all its descendants (NSD forks its servers)."""
    children = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def memory_mib(pid):
    """(PSS, RSS) in MiB summed over the process tree."""
    pss = rss = 0
    for p in process_tree(pid):
        try:
            with open(f"/proc/{p}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Pss:"):
                        pss += int(line.split()[1])
                    elif line.startswith("Rss:"):
                        rss += int(line.split()[1])
        except OSError:
            pass
    return pss / 1024, rss / 1024


def run_dnsperf(port, queries, duration, clients, outstanding):
    # Few outstanding queries: more only overflow the socket buffers on a small machine, and
    # every lost query then holds a slot for the whole timeout, measuring the timeout.
    cmd = ["dnsperf", "-s", "127.0.0.1", "-p", str(port), "-d", queries, "-l", str(duration),
           "-c", str(clients), "-T", "1", "-q", str(outstanding), "-t", "2"]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=duration + 60).stdout
    def number(pattern):
        m = re.search(pattern, out)
        return float(m.group(1)) if m else float("nan")
    return {
        "qps": number(r"Queries per second:\s+([\d.]+)"),
        "latency_ms": number(r"Average Latency \(s\):\s+([\d.]+)") * 1000,
        "stddev_ms": number(r"Latency StdDev \(s\):\s+([\d.]+)") * 1000,
        "lost": number(r"Queries lost:\s+(\d+)"),
        "sent": number(r"Queries sent:\s+(\d+)"),
        "completed": number(r"Queries completed:\s+(\d+)"),
    }


def measure(name, exe, zone, threads, queries, duration, clients, outstanding):
    with tempfile.TemporaryDirectory(prefix=f"qps-{name}-") as d:
        port = free_port()
        conf = CONFIGS[name](d, port, zone, threads)
        log = open(os.path.join(d, "stdout.log"), "w")
        start = time.monotonic()
        proc = subprocess.Popen(SERVERS[name](exe, conf), stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = start + LOAD_TIMEOUT
            while not answers(port):
                if proc.poll() is not None or time.monotonic() > deadline:
                    log.flush()
                    print(f"{name}: did not start; see its log:", file=sys.stderr)
                    print(open(os.path.join(d, "stdout.log")).read()[-2000:], file=sys.stderr)
                    return None
                time.sleep(0.2)
            load_s = time.monotonic() - start
            result = run_dnsperf(port, queries, duration, clients, outstanding)
            result["load_s"] = load_s
            result["pss_mib"], result["rss_mib"] = memory_mib(proc.pid)
            return result
        finally:
            stop(proc)
            log.close()


def stop(proc):
    """SIGTERM by PID, a bounded wait, then SIGKILL."""
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


def ensure_zone(path, names):
    """The zone file to serve: `path`, or the generated one of `names` names (made once)."""
    zone = os.path.abspath(path or os.path.join(HERE, "data", f"zone-{names}.zone"))
    if not os.path.exists(zone):
        os.makedirs(os.path.dirname(zone), exist_ok=True)
        subprocess.run([sys.executable, os.path.join(HERE, "gen_zone.py"), zone,
                        str(names), ORIGIN + "."], check=True)
    return zone


def server_executables(zoned):
    return {"zoned": os.path.abspath(zoned), "nsd": shutil.which("nsd") or "",
            "knot": shutil.which("knotd") or ""}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--zoned", default=os.path.join(HERE, "..", "build", "release", "src", "zoned"))
    ap.add_argument("--names", type=int, default=200_000)
    ap.add_argument("--zone", default=None)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--duration", type=int, default=10)
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--outstanding", type=int, default=64)
    ap.add_argument("--queries", type=int, default=200_000)
    ap.add_argument("--nx-percent", type=int, default=10)
    ap.add_argument("--servers", default="zoned,nsd,knot")
    args = ap.parse_args()

    zone = ensure_zone(args.zone, args.names)
    executables = server_executables(args.zoned)
    with tempfile.TemporaryDirectory(prefix="qps-queries-") as qd:
        queries = os.path.join(qd, "queries.txt")
        write_query_file(queries, args.names, args.queries, args.nx_percent)
        print(f"zone {zone} ({os.path.getsize(zone) / 1e6:.1f} MB), {args.threads} thread(s), "
              f"{args.duration} s each, dnsperf -c {args.clients} -q {args.outstanding}, "
              f"{args.nx_percent}% NXDOMAIN")
        results = {}
        for name in args.servers.split(","):
            exe = executables.get(name, "")
            if not exe or not os.path.exists(exe):
                print(f"{name}: not installed, skipped")
                continue
            results[name] = measure(name, exe, zone, args.threads, queries, args.duration,
                                    args.clients, args.outstanding)
    print(f"{'server':8} {'qps':>10} {'lat ms':>8} {'sd ms':>7} {'lost':>6} {'load s':>7} "
          f"{'PSS MiB':>8} {'RSS MiB':>8}")
    for name, r in results.items():
        if r is None:
            print(f"{name:8} failed")
            continue
        print(f"{name:8} {r['qps']:10.0f} {r['latency_ms']:8.3f} {r['stddev_ms']:7.3f} "
              f"{r['lost']:6.0f} {r['load_s']:7.2f} {r['pss_mib']:8.1f} {r['rss_mib']:8.1f}")
    base = results.get("zoned")
    if base:
        for name, r in results.items():
            if name == "zoned" or r is None:
                continue
            print(f"zoned/{name}: qps x{base['qps'] / r['qps']:.2f}, "
                  f"latency x{base['latency_ms'] / r['latency_ms']:.2f}, "
                  f"memory (PSS) x{base['pss_mib'] / r['pss_mib']:.2f}, "
                  f"load time x{base['load_s'] / r['load_s']:.2f}")


if __name__ == "__main__":
    main()
