"""Starting a real zoned for a test: a generated config, `zoned -d` on a loopback address and
a free port, a bounded wait until it answers, and a stop by PID at the end.

    with ZonedProcess(tmp_path, zones={"example.com": path}) as server:
        dns.query.udp(q, server.address, port=server.port, timeout=2)
"""
import os
import random
import signal
import socket
import subprocess
import time

import dns.message
import dns.query
import dns.rcode

from conftest import program, run

START_TIMEOUT = 30.0  # seconds; a large zone under the sanitizers loads slowly


def _non_ephemeral_ports():
    """Ports the kernel never picks for a socket that binds port 0 or connects unbound: a
    port from its ephemeral range could be taken by any client socket (a dig, a dnspython
    query of the other pytest worker) between free_port() and the server's bind."""
    try:
        with open("/proc/sys/net/ipv4/ip_local_port_range") as f:
            low, high = (int(x) for x in f.read().split())
    except (OSError, ValueError):
        low, high = 32768, 60999
    return range(10000, low) if low - 10000 >= 2000 else range(high + 1, 65536)


_PORTS = _non_ephemeral_ports()


def free_port(address="127.0.0.1"):
    """A port free for both UDP and TCP on `address` right now, outside the ephemeral range
    and picked at random (two pytest workers rarely pick the same)."""
    for _ in range(200):
        port = random.choice(_PORTS)
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as tcp:
                tcp.bind((address, port))
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
                udp.bind((address, port))
        except OSError:
            continue
        return port
    raise RuntimeError("no free port")


def make_control_keys(workdir):
    """Runs zoned-control-setup into workdir/keys, as an operator would; returns the
    directory."""
    keydir = os.path.join(str(workdir), "keys")
    os.makedirs(keydir)
    r = run([program("zoned-control-setup"), "-d", keydir], timeout=60)
    assert r.returncode == 0, r.stdout + r.stderr
    return keydir


def remote_control_lines(keydir, control_port, address="127.0.0.1"):
    """The remote-control: clause of a TLS control channel with zoned-control-setup's files."""
    return ["remote-control:", "    control-enable: yes", f"    control-interface: {address}",
            f"    control-port: {control_port}",
            f'    server-key-file: "{keydir}/nsd_server.key"',
            f'    server-cert-file: "{keydir}/nsd_server.pem"',
            f'    control-key-file: "{keydir}/nsd_control.key"',
            f'    control-cert-file: "{keydir}/nsd_control.pem"']


def make_config(path, address, port, zones, extra_server="", pidfile=None, workers=1,
                extra_zone=""):
    """Writes an nsd.conf serving `zones` ({name: zonefile}) on address@port; `extra_zone`
    lines go into every zone: clause."""
    lines = ["server:", f"    ip-address: {address}", f"    port: {port}",
             f"    server-count: {workers}", '    zonesdir: ""',
             f'    pidfile: "{pidfile or ""}"', "    tcp-timeout: 5"]
    lines += [f"    {line}" for line in extra_server.splitlines() if line.strip()]
    # Tests that want the control channel write their own remote-control: clause.
    lines += ["remote-control:", "    control-enable: no"]
    for name, zonefile in zones.items():
        lines += ["zone:", f'    name: "{name}"', f'    zonefile: "{zonefile}"']
        lines += [f"    {line}" for line in extra_zone.splitlines() if line.strip()]
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


class ZonedProcess:
    def __init__(self, workdir, zones=None, config=None, address="127.0.0.1", port=None,
                 args=(), extra_server="", workers=1, probe_name=".", extra_zone=""):
        self.workdir = str(workdir)
        self.address = address
        self.port = port or free_port(address)
        self.pidfile = os.path.join(self.workdir, "zoned.pid")
        self.config = config or os.path.join(self.workdir, "zoned.conf")
        if config is None:
            make_config(self.config, address, self.port, zones or {}, extra_server,
                        self.pidfile, workers, extra_zone)
        self.args = list(args)
        self.probe_name = probe_name
        self.log_path = os.path.join(self.workdir, "zoned.log")
        self.process = None

    def start(self):
        cmd = [program("zoned"), "-d", "-c", self.config] + self.args
        self._log = open(self.log_path, "w")
        self.process = subprocess.Popen(cmd, stdout=self._log, stderr=subprocess.STDOUT)
        try:
            self.wait_until_answering()
        except BaseException:
            self.stop()  # a server that never answered must not outlive the test
            raise
        return self

    def wait_until_answering(self, timeout=START_TIMEOUT):
        """Any response at all (REFUSED included) means the workers run."""
        deadline = time.monotonic() + timeout
        query = dns.message.make_query(self.probe_name, "SOA")
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"zoned exited with {self.process.returncode}:\n{self.log()}")
            try:
                dns.query.udp(query, self.address, port=self.port, timeout=0.2)
                return
            except (dns.exception.Timeout, OSError):
                time.sleep(0.05)
        raise RuntimeError(f"zoned did not answer within {timeout} s:\n{self.log()}")

    def signal(self, number):
        os.kill(self.process.pid, number)

    def reload(self):
        self.signal(signal.SIGHUP)

    def wait_for_log(self, text, timeout=30.0, count=1):
        """Waits until `text` appears `count` times in the log; True if it did in time."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.log().count(text) >= count:
                return True
            time.sleep(0.05)
        return False

    def stop(self, timeout=20.0):
        """SIGTERM by PID, a bounded wait, SIGKILL if it did not go. Returns the exit code."""
        if self.process is None or self.process.poll() is not None:
            return self.process.returncode if self.process else None
        self.signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)
        return self.process.returncode

    def log(self):
        try:
            with open(self.log_path) as f:
                return f.read()
        except OSError:
            return ""

    def query(self, name, rdtype="A", tcp=False, timeout=2.0, **kw):
        q = dns.message.make_query(name, rdtype, **kw)
        send = dns.query.tcp if tcp else dns.query.udp
        return send(q, self.address, port=self.port, timeout=timeout)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
        if getattr(self, "_log", None):
            self._log.close()


def write_zone(path, origin="example.com", serial=2026112601, hosts=None, extra=""):
    """A small zone: SOA, NS, and `hosts` ({label: ipv4})."""
    hosts = hosts if hosts is not None else {"www": "192.0.2.80", "john": "192.0.2.10"}
    lines = [f"$ORIGIN {origin}.", "$TTL 3600",
             f"@ IN SOA ns1 hostmaster {serial} 3600 600 1209600 300",
             "@ IN NS ns1", "ns1 IN A 192.0.2.1"]
    lines += [f"{label} IN A {ip}" for label, ip in hosts.items()]
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n" + extra)
    return str(path)
