"""Real NSD, Knot and BIND as secondaries of a primary (zoned) on loopback, configured the
way the guides in shared/seeds/ configure them: a TSIG key (hmac-sha256), NOTIFY allowed
from the primary with that key, transfers requested from the primary with that key, from
the secondary's own loopback address (as a real secondary's address differs). Each
keeps its zone file, state and log in its own directory and is stopped by PID.

    with NsdSecondary(tmp_path / "nsd", "example.com", primary=("127.0.0.1", port),
                      key=KEY, address="127.0.0.2") as nsd:
        nsd.wait_for_serial(2026112601)
"""
import os
import time

import dns.exception
import dns.message
import dns.query

from peers import _find, _PeerProcess

# The guides' key: name, algorithm, base64 secret (any 32 octets).
KEY = ("primary-secondary", "hmac-sha256", "K2tf3TRjvQkVCmJF3/Z9vA3ONPhJ4g7sNL1bh0mFp0o=")


class _Secondary(_PeerProcess):
    def __init__(self, workdir, zone, primary, key=KEY, address="127.0.0.2", port=None):
        super().__init__(workdir, {}, address=address, port=port, probe_name=zone)
        self.zone = zone
        self.primary = primary  # (address, port)
        self.key = key
        self.zonefile = os.path.join(self.workdir, f"{zone}.zone")

    def soa_serial(self):
        """The serial the secondary serves now, or None (no zone yet, or no answer)."""
        q = dns.message.make_query(self.zone, "SOA")
        try:
            r = dns.query.udp(q, self.address, port=self.port, timeout=0.5)
        except (dns.exception.Timeout, OSError):
            return None
        for rrset in r.answer:
            if rrset.rdtype == 6:
                return rrset[0].serial
        return None

    def wait_for_serial(self, serial, timeout=20.0):
        """True once the secondary serves `serial` (bounded wait)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.soa_serial() == serial:
                return True
            if self.process.poll() is not None:
                return False
            time.sleep(0.1)
        return False

    def lookup(self, name, rdtype="A"):
        q = dns.message.make_query(name, rdtype)
        return dns.query.udp(q, self.address, port=self.port, timeout=2)


class NsdSecondary(_Secondary):
    """NSD as the guide's secondary: allow-notify and request-xfr with the key."""
    name = "nsd"

    def __init__(self, *args, request_xfr_axfr=False, **kw):
        super().__init__(*args, **kw)
        self.request_xfr_axfr = request_xfr_axfr

    def program(self):
        return _find("nsd")

    def write_config(self):
        d = self.workdir
        self.config = os.path.join(d, "nsd.conf")
        name, algorithm, secret = self.key
        paddr, pport = self.primary
        axfr = "AXFR " if self.request_xfr_axfr else ""
        text = f"""server:
    ip-address: {self.address}
    port: {self.port}
    server-count: 1
    username: ""
    chroot: ""
    database: ""
    zonesdir: "{d}"
    zonelistfile: "{d}/zone.list"
    xfrdfile: "{d}/xfrd.state"
    xfrdir: "{d}"
    pidfile: "{d}/nsd.pid"
    rrl-ratelimit: 0
    verbosity: 2
remote-control:
    control-enable: no
key:
    name: "{name}"
    algorithm: {algorithm}
    secret: "{secret}"
pattern:
    name: "fromPrimary"
    allow-notify: {paddr} {name}
    request-xfr: {axfr}{paddr}@{pport} {name}
    outgoing-interface: {self.address}
zone:
    name: "{self.zone}"
    zonefile: "{self.zonefile}"
    include-pattern: "fromPrimary"
"""
        with open(self.config, "w") as f:
            f.write(text)

    def command(self):
        return [self.program(), "-d", "-c", self.config]


class KnotSecondary(_Secondary):
    name = "knot"

    def program(self):
        return _find("knotd")

    def write_config(self):
        d = self.workdir
        self.config = os.path.join(d, "knot.conf")
        os.makedirs(os.path.join(d, "db"), exist_ok=True)
        name, algorithm, secret = self.key
        paddr, pport = self.primary
        text = f"""server:
    rundir: "{d}"
    listen: {self.address}@{self.port}
    udp-workers: 1
    tcp-workers: 1
    background-workers: 1
control:
    listen: "{d}/knot.sock"
log:
  - target: stderr
    any: info
database:
    storage: "{d}/db"
key:
  - id: {name}
    algorithm: {algorithm}
    secret: {secret}
remote:
  - id: primary
    address: {paddr}@{pport}
    via: {self.address}
    key: {name}
acl:
  - id: notify_from_primary
    address: {paddr}
    key: {name}
    action: notify
zone:
  - domain: {self.zone}
    storage: "{d}"
    file: "{self.zonefile}"
    master: primary
    acl: notify_from_primary
    zonefile-sync: -1
"""
        with open(self.config, "w") as f:
            f.write(text)

    def command(self):
        return [self.program(), "-c", self.config, "-s", os.path.join(self.workdir, "knot.sock")]


class BindSecondary(_Secondary):
    """named listens only on the addresses of interfaces (127.0.0.1 on lo), so it takes
    127.0.0.1 and a port of its own, and transfers from that address."""
    name = "named"

    def program(self):
        return _find("named")

    def write_config(self):
        d = self.workdir
        self.config = os.path.join(d, "named.conf")
        name, algorithm, secret = self.key
        paddr, pport = self.primary
        text = f"""options {{
    directory "{d}";
    pid-file "{d}/named.pid";
    session-keyfile "{d}/session.key";
    managed-keys-directory "{d}";
    listen-on port {self.port} {{ {self.address}; }};
    listen-on-v6 {{ none; }};
    recursion no;
    dnssec-validation no;
    notify no;
}};
controls {{ }};
key "{name}" {{ algorithm {algorithm}; secret "{secret}"; }};
server {paddr} {{ keys {{ "{name}"; }}; }};
zone "{self.zone}" {{
    type secondary;
    file "{self.zonefile}";
    primaries port {pport} {{ {paddr} key "{name}"; }};
    allow-notify {{ key "{name}"; }};
}};
"""
        with open(self.config, "w") as f:
            f.write(text)

    def command(self):
        return [self.program(), "-g", "-n", "1", "-c", self.config]


SECONDARIES = {"nsd": NsdSecondary, "knot": KnotSecondary, "bind": BindSecondary}
