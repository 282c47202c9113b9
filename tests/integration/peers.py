"""Starting a real NSD and a real Knot on loopback for interop tests, each with its own
config, state and log in a (pytest tmp) directory; a bounded wait until it answers, and a
stop by PID at the end. zoned itself is started by zoned_process.ZonedProcess.

    with NsdProcess(tmp_path / "nsd", zones={"example.com": path}) as nsd:
        dns.query.udp(q, nsd.address, port=nsd.port, timeout=2)

Both are started in the foreground (`nsd -d`, `knotd` without `-d`) so the PID we hold is
the server's own, and nothing is left behind after stop().
"""
import os
import shutil
import signal
import subprocess
import time

import dns.exception
import dns.message
import dns.query

from zoned_process import free_port

START_TIMEOUT = 20.0  # seconds


def _find(name):
    for directory in ("/usr/sbin", "/usr/bin", "/sbin", "/bin"):
        path = os.path.join(directory, name)
        if os.access(path, os.X_OK):
            return path
    return shutil.which(name)


class _PeerProcess:
    """A server process started in the foreground from `command()` and stopped by PID."""
    name = "peer"

    def __init__(self, workdir, zones, address="127.0.0.1", port=None, probe_name="."):
        self.workdir = str(workdir)
        os.makedirs(self.workdir, exist_ok=True)
        self.zones = dict(zones)
        self.address = address
        self.port = port or free_port(address)
        self.probe_name = probe_name
        self.log_path = os.path.join(self.workdir, f"{self.name}.log")
        self.process = None
        self._log = None

    def program(self):
        raise NotImplementedError

    def write_config(self):
        raise NotImplementedError

    def command(self):
        raise NotImplementedError

    def start(self):
        if self.program() is None:
            raise RuntimeError(f"{self.name} is not installed")
        self.write_config()
        self._log = open(self.log_path, "w")
        self.process = subprocess.Popen(self.command(), stdout=self._log,
                                        stderr=subprocess.STDOUT, cwd=self.workdir)
        try:
            self.wait_until_answering()
        except BaseException:
            self.stop()
            raise
        return self

    def wait_until_answering(self, timeout=START_TIMEOUT):
        """Waits (bounded) until every zone's SOA is answered with NOERROR and AA."""
        deadline = time.monotonic() + timeout
        pending = list(self.zones) or [self.probe_name]
        while pending and time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.process.returncode}:\n"
                                   f"{self.log()}")
            query = dns.message.make_query(pending[0], "SOA")
            try:
                r = dns.query.udp(query, self.address, port=self.port, timeout=0.2)
                if not self.zones or (r.rcode() == 0 and r.answer):
                    pending.pop(0)
                    continue
            except (dns.exception.Timeout, OSError):
                pass
            time.sleep(0.05)
        if pending:
            raise RuntimeError(f"{self.name} did not serve {pending} within {timeout} s:\n"
                               f"{self.log()}")

    def _children(self):
        """PIDs whose parent is our server (NSD forks its server and xfrd processes)."""
        children = []
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat") as f:
                    stat = f.read()
            except OSError:
                continue
            fields = stat[stat.rfind(")") + 2:].split()
            if len(fields) > 1 and int(fields[1]) == self.process.pid:
                children.append(int(entry))
        return children

    @staticmethod
    def _running(pid):
        try:
            with open(f"/proc/{pid}/stat") as f:
                stat = f.read()
        except OSError:
            return False
        return stat[stat.rfind(")") + 2:].split()[0] != "Z"

    def stop(self, timeout=15.0):
        """SIGTERM by PID, a bounded wait, SIGKILL if it did not go; then a bounded wait
        for the children it had forked to be gone (they stop on their parent's signal)."""
        if self.process is not None and self.process.poll() is None:
            children = self._children()
            os.kill(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
            deadline = time.monotonic() + 5.0
            while any(self._running(pid) for pid in children) and time.monotonic() < deadline:
                time.sleep(0.05)
        if self._log:
            self._log.close()
            self._log = None
        return self.process.returncode if self.process else None

    def log(self):
        try:
            with open(self.log_path) as f:
                return f.read()
        except OSError:
            return ""

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


class NsdProcess(_PeerProcess):
    """Debian's nsd 4 as root, unprivileged-style: no chroot, no user switch, no database,
    all state files in workdir, no rate limiting, no remote control."""
    name = "nsd"

    def program(self):
        return _find("nsd")

    def write_config(self):
        d = self.workdir
        self.config = os.path.join(d, "nsd.conf")
        lines = ["server:",
                 f"    ip-address: {self.address}",
                 f"    port: {self.port}",
                 "    server-count: 1",
                 '    username: ""',
                 '    chroot: ""',
                 '    database: ""',
                 f'    zonesdir: "{d}"',
                 f'    zonelistfile: "{d}/zone.list"',
                 f'    xfrdfile: "{d}/xfrd.state"',
                 f'    pidfile: "{d}/nsd.pid"',
                 "    rrl-ratelimit: 0",
                 "    verbosity: 1",
                 "    tcp-timeout: 5",
                 "remote-control:",
                 "    control-enable: no"]
        for zone, path in self.zones.items():
            lines += ["zone:", f'    name: "{zone}"', f'    zonefile: "{os.path.abspath(path)}"']
        with open(self.config, "w") as f:
            f.write("\n".join(lines) + "\n")

    def command(self):
        return [self.program(), "-d", "-c", self.config]


class KnotProcess(_PeerProcess):
    """Debian's knotd 3 in the foreground with a text config: rundir, storage, journal and
    control socket in workdir, zone files read once and never written back, no signing."""
    name = "knot"

    def program(self):
        return _find("knotd")

    def write_config(self):
        d = self.workdir
        self.config = os.path.join(d, "knot.conf")
        os.makedirs(os.path.join(d, "db"), exist_ok=True)
        lines = ["server:",
                 f'    rundir: "{d}"',
                 f"    listen: {self.address}@{self.port}",
                 "    udp-workers: 1",
                 "    tcp-workers: 1",
                 "    background-workers: 1",
                 "control:",
                 f'    listen: "{d}/knot.sock"',
                 "log:",
                 "  - target: stderr",
                 "    any: info",
                 "database:",
                 f'    storage: "{d}/db"',
                 "template:",
                 "  - id: default",
                 f'    storage: "{d}"',
                 "    zonefile-sync: -1",
                 "    zonefile-load: whole",
                 "    journal-content: none",
                 "    semantic-checks: off",
                 "zone:"]
        for zone, path in self.zones.items():
            lines += [f"  - domain: {zone}", f'    file: "{os.path.abspath(path)}"']
        with open(self.config, "w") as f:
            f.write("\n".join(lines) + "\n")

    def command(self):
        return [self.program(), "-c", self.config, "-s", os.path.join(self.workdir, "knot.sock")]
