"""Real NSD 4.6, Knot 3.2 and BIND 9.18 as PRIMARIES on loopback, for interop tests where
zoned is their secondary. Each runs as the current user in the foreground and serves one
zone from a file in its own directory (config, zone file, state, journal, pid file (NSD,
BIND; knotd writes none in the foreground), log, control socket: nothing is written
outside it; named only reads /etc/bind/bind.keys),
allows AXFR and IXFR only to the secondary's address(es) with the TSIG key (hmac-sha256,
the `KEY` of secondaries.py), sends NOTIFY signed with that key to the secondary's
address@port, from its own address, and is stopped by PID (peers._PeerProcess).

    with KnotPrimary(tmp_path / "knot", "example.com", zone_text, key=KEY,
                     address="127.0.0.11", notify=("127.0.0.12", secondary_port),
                     allow_xfr_from="127.0.0.12") as p:
        p.serial()                 # the SOA serial it serves now (UDP), or None
        p.update(new_zone_text)    # new file (serial increased), reload, NOTIFY goes out;
                                   # returns once the new serial is served (bounded)
        p.transfer_kind(old)       # "ixfr", "axfr" or "current": how it answers IXFR
        p.transfer("AXFR")         # the answer messages, TSIG-signed, from allow_xfr_from

`notify` is one (address, port) or a list of them; `allow_xfr_from` one address or a list.
`ixfr=False` turns each server's IXFR-out machinery off, so any of the three can play "a
primary that cannot serve IXFR" (it then answers an IXFR query with the whole zone).

How update() makes each reload (update(text, hangup=True) sends SIGHUP to the PID instead;
all three then reload too). The new file gets an mtime at least a second newer than the
last one, so no reload skips a file rewritten within the same second.
  NSD   `nsd-control reload <zone>` over a Unix socket in the workdir (no TLS for a
        socket, so no nsd-control-setup and no keys).
  Knot  `knotc -s <workdir>/knot.sock -b zone-reload <zone>`.
  BIND  `rndc -c <workdir>/rndc.conf reload <zone>`: `controls` on the server's address
        and a port of its own, with an rndc key made for this run.

What each answers to an IXFR query (TCP, signed, from the old serial after one update()),
measured with transfer_kind() on Debian 12's packages (test_primaries_harness.py):
  NSD 4.6.1   ixfr=True  (store-ixfr + create-ixfr: NSD computes the difference when it
              reads the new file, keeps it in <zonefile>.ixfr): incremental IXFR.
              ixfr=False (NSD's default): the whole zone, AXFR-style.
  Knot 3.2.6  ixfr=True  (zonefile-load: difference, journal-content: changes; journal in
              <workdir>/db): incremental IXFR.
              ixfr=False (zonefile-load: whole, journal-content: none): AXFR-style.
  BIND 9.18   ixfr=True  (ixfr-from-differences yes, max-ixfr-ratio unlimited; journal
              <zonefile>.jnl): incremental IXFR.
              ixfr=False (ixfr-from-differences no): AXFR-style.
An IXFR from the current serial is answered with the SOA alone by all three ("current").

NOTIFY: NSD and BIND send it over UDP; Knot 3.2 sends it over TCP only (knot.conf(5)
has no option to change that), so a secondary must take NOTIFY over TCP to hear Knot. All three send one
at start as well as after each reload, and retry until answered (Knot holds its stop for
a few seconds while a NOTIFY is unanswered).
Refusals: a transfer without the key, or from another address, is REFUSED by NSD and BIND;
Knot answers NOTAUTH (no key) or NOTAUTH with TSIG error BADKEY (another address), which
dnspython raises as dns.tsig.PeerBadKey rather than dns.query.TransferError.

BIND: named listens only on addresses configured on an interface, and on this kind of host
lo carries only 127.0.0.1 (and ::1), so a BindPrimary must get 127.0.0.1 (its default; it
refuses another address at once rather than time out). Give it a port of its own, and
give zoned an address other than 127.0.0.1 if the addresses must differ. NSD and Knot bind
any 127/8 address.
"""
import base64
import os
import signal
import subprocess
import time

import dns.exception
import dns.message
import dns.query
import dns.rdatatype
import dns.tsigkeyring
import dns.zone

from peers import _find, _PeerProcess
from secondaries import KEY
from zoned_process import free_port

UPDATE_TIMEOUT = 15.0  # seconds for a reload to be served
CONTROL_TIMEOUT = 15.0  # seconds for one nsd-control / knotc / rndc command


def _as_list(value):
    if value is None:
        return []
    if isinstance(value, (str, tuple)):
        return [value]
    return list(value)


def zone_serial(zone, text):
    """The SOA serial of a zone file's text (dnspython parses it)."""
    z = dns.zone.from_text(text, origin=zone, relativize=False, check_origin=False)
    return z.get_rdataset(z.origin, "SOA")[0].serial


def interface_addresses():
    """The IPv4 addresses configured on this host's interfaces (from /proc/net/fib_trie)."""
    addresses = set()
    try:
        with open("/proc/net/fib_trie") as f:
            lines = f.read().splitlines()
    except OSError:
        return {"127.0.0.1"}
    for previous, line in zip(lines, lines[1:]):
        if line.strip() == "/32 host LOCAL" and "|--" in previous:
            addresses.add(previous.split("|--")[1].strip())
    return addresses


class _Primary(_PeerProcess):
    """One zone, served from `workdir/<zone>.zone`, with transfers, NOTIFY and reload."""

    def __init__(self, workdir, zone, zone_text, key=KEY, address="127.0.0.11", port=None,
                 notify=None, allow_xfr_from="127.0.0.12", ixfr=True):
        self.zone = zone.rstrip(".")
        self.zonefile = os.path.join(str(workdir), f"{self.zone}.zone")
        super().__init__(workdir, {self.zone: self.zonefile}, address=address, port=port,
                         probe_name=self.zone)
        self.key = key
        self.notify = _as_list(notify)          # [(address, port)]
        self.allow_xfr_from = _as_list(allow_xfr_from)
        self.ixfr = ixfr
        self._mtime_ns = None
        self._write_zonefile(zone_text, first=True)

    # --- the zone file ---------------------------------------------------------------
    def _write_zonefile(self, text, first=False):
        """Writes the file whole (temp + rename) and gives it an mtime later than the last
        one's by at least a second; the first file is dated 10 s back so that updates
        right after start are never dated in the future."""
        tmp = self.zonefile + ".tmp"
        with open(tmp, "w") as f:
            f.write(text)
        os.replace(tmp, self.zonefile)
        now = time.time_ns()
        if first:
            mtime = now - 10_000_000_000
        else:
            mtime = max(now, self._mtime_ns + 1_000_000_000)
        os.utime(self.zonefile, ns=(mtime, mtime))
        self._mtime_ns = mtime

    # --- queries -----------------------------------------------------------------------
    def serial(self):
        """The SOA serial served now (UDP query to address@port), or None."""
        q = dns.message.make_query(self.zone, "SOA")
        try:
            r = dns.query.udp(q, self.address, port=self.port, timeout=0.5)
        except (dns.exception.Timeout, OSError):
            return None
        for rrset in r.answer:
            if rrset.rdtype == dns.rdatatype.SOA:
                return rrset[0].serial
        return None

    def wait_for_serial(self, serial, timeout=UPDATE_TIMEOUT):
        """True once `serial` is served (bounded wait)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.serial() == serial:
                return True
            if self.process.poll() is not None:
                return False
            time.sleep(0.05)
        return False

    def keyring(self):
        name, algorithm, secret = self.key
        return dns.tsigkeyring.from_text({name: (algorithm, secret)})

    def transfer(self, rdtype="AXFR", serial=0, source=None, key=True, timeout=10.0):
        """The messages of a zone transfer over TCP from `source` (default: the first
        allow_xfr_from address), signed with the key unless key=False. Raises
        dns.query.TransferError on an error rcode (a refusal)."""
        kw = {}
        if key:
            name, algorithm, _ = self.key
            kw = {"keyring": self.keyring(), "keyname": name, "keyalgorithm": algorithm}
        source = source or (self.allow_xfr_from[0] if self.allow_xfr_from else None)
        return list(dns.query.xfr(self.address, self.zone, rdtype=rdtype, serial=serial,
                                  port=self.port, source=source, relativize=False,
                                  timeout=timeout, lifetime=timeout, **kw))

    def transfer_kind(self, old_serial, source=None, timeout=10.0):
        """How an IXFR query from `old_serial` is answered: "ixfr" (incremental: new SOA,
        then the old SOA opening the first difference), "axfr" (new SOA, then the zone),
        or "current" (the new SOA alone: nothing newer than old_serial)."""
        records = [(rrset.name, rrset.rdtype)
                   for m in self.transfer("IXFR", serial=old_serial, source=source,
                                          timeout=timeout)
                   for rrset in m.answer for _ in rrset]
        if len(records) <= 1:
            return "current"
        apex = records[0][0]
        return "ixfr" if records[1] == (apex, dns.rdatatype.SOA) else "axfr"

    # --- update ------------------------------------------------------------------------
    def update(self, zone_text, serial=None, timeout=UPDATE_TIMEOUT, hangup=False):
        """Writes the new zone file, makes the server load it (control command, or SIGHUP
        with hangup=True), which sends NOTIFY, and waits (bounded) until the new serial
        (`serial`, default: the text's SOA serial) is served. Returns that serial."""
        serial = serial if serial is not None else zone_serial(self.zone, zone_text)
        self._write_zonefile(zone_text)
        if hangup:
            self.hangup()
        else:
            self.reload()
        if not self.wait_for_serial(serial, timeout):
            raise RuntimeError(f"{self.name} does not serve serial {serial} after reload "
                               f"(serves {self.serial()}):\n{self.log()[-3000:]}")
        return serial

    def reload(self):
        raise NotImplementedError

    def _control(self, cmd):
        """Runs one control command (bounded); raises with its output when it fails."""
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=CONTROL_TIMEOUT,
                           cwd=self.workdir)
        if r.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd)} failed ({r.returncode}): "
                               f"{r.stdout}{r.stderr}\n{self.log()[-2000:]}")
        return r.stdout

    def hangup(self):
        """SIGHUP to the server's PID (a reload without the control channel)."""
        os.kill(self.process.pid, signal.SIGHUP)


class NsdPrimary(_Primary):
    """NSD: provide-xfr and notify with the key, outgoing-interface = its address; control
    over a Unix socket in the workdir. ixfr=True adds store-ixfr and create-ixfr."""
    name = "nsd"

    def program(self):
        return _find("nsd")

    def write_config(self):
        d = self.workdir
        self.config = os.path.join(d, "nsd.conf")
        name, algorithm, secret = self.key
        zone = [f'    name: "{self.zone}"', f'    zonefile: "{self.zonefile}"',
                f"    outgoing-interface: {self.address}"]
        zone += [f"    provide-xfr: {a} {name}" for a in self.allow_xfr_from]
        zone += [f"    notify: {a}@{p} {name}" for a, p in self.notify]
        if self.ixfr:
            zone += ["    store-ixfr: yes", "    create-ixfr: yes"]
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
    tcp-timeout: 5
remote-control:
    control-enable: yes
    control-interface: "{d}/nsd.sock"
key:
    name: "{name}"
    algorithm: {algorithm}
    secret: "{secret}"
zone:
""" + "\n".join(zone) + "\n"
        with open(self.config, "w") as f:
            f.write(text)

    def command(self):
        return [self.program(), "-d", "-c", self.config]

    def reload(self):
        self._control([_find("nsd-control"), "-c", self.config, "reload", self.zone])


class KnotPrimary(_Primary):
    """Knot: an acl (address + key, action transfer), notify to remotes with the key and
    `via` its address; control socket in the workdir; zone file never written back.
    ixfr=True: zonefile-load difference + journal-content changes (the journal in the
    workdir's db/ keeps each reload's difference)."""
    name = "knot"

    def program(self):
        return _find("knotd")

    def write_config(self):
        d = self.workdir
        self.config = os.path.join(d, "knot.conf")
        self.socket = os.path.join(d, "knot.sock")
        os.makedirs(os.path.join(d, "db"), exist_ok=True)
        name, algorithm, secret = self.key
        lines = ["server:", f'    rundir: "{d}"', f"    listen: {self.address}@{self.port}",
                 "    udp-workers: 1", "    tcp-workers: 1", "    background-workers: 1",
                 "control:", f'    listen: "{self.socket}"',
                 "log:", "  - target: stderr", "    any: info",
                 "database:", f'    storage: "{d}/db"',
                 "key:", f"  - id: {name}", f"    algorithm: {algorithm}",
                 f"    secret: {secret}"]
        remotes = []
        if self.notify:
            lines.append("remote:")
            for i, (a, p) in enumerate(self.notify):
                remotes.append(f"secondary{i}")
                lines += [f"  - id: secondary{i}", f"    address: {a}@{p}",
                          f"    key: {name}", f"    via: {self.address}"]
        acls = []
        if self.allow_xfr_from:
            lines.append("acl:")
            for i, a in enumerate(self.allow_xfr_from):
                acls.append(f"transfer{i}")
                lines += [f"  - id: transfer{i}", f"    address: {a}", f"    key: {name}",
                          "    action: transfer"]
        load, journal = ("difference", "changes") if self.ixfr else ("whole", "none")
        lines += ["zone:", f"  - domain: {self.zone}", f'    storage: "{d}"',
                  f'    file: "{self.zonefile}"', "    zonefile-sync: -1",
                  f"    zonefile-load: {load}", f"    journal-content: {journal}",
                  "    semantic-checks: off"]
        if remotes:
            lines.append(f"    notify: [{', '.join(remotes)}]")
        if acls:
            lines.append(f"    acl: [{', '.join(acls)}]")
        with open(self.config, "w") as f:
            f.write("\n".join(lines) + "\n")

    def command(self):
        return [self.program(), "-c", self.config, "-s", self.socket]

    def reload(self):
        self._control([_find("knotc"), "-s", self.socket, "-t", str(int(CONTROL_TIMEOUT)),
                       "-b", "zone-reload", self.zone])


class BindPrimary(_Primary):
    """named -g: allow-transfer to (address AND key), also-notify with the key from its
    address, `notify explicit` (the zone's NS are never notified), notify-delay 0, rndc
    on its address and a port of its own with a key made for this run. Every file it
    writes (pid, lock, session key, managed keys, journal, dumps) is in the workdir."""
    name = "named"

    def __init__(self, workdir, zone, zone_text, address="127.0.0.1", control_port=None,
                 **kw):
        if address not in interface_addresses():
            raise ValueError(f"named listens only on interface addresses; {address} is not "
                             f"one (have {sorted(interface_addresses())})")
        super().__init__(workdir, zone, zone_text, address=address, **kw)
        self.control_port = control_port or free_port(address)

    def program(self):
        return _find("named")

    def write_config(self):
        d = self.workdir
        self.config = os.path.join(d, "named.conf")
        self.rndc_config = os.path.join(d, "rndc.conf")
        name, algorithm, secret = self.key
        rndc_secret = base64.b64encode(os.urandom(32)).decode()
        rndc_key = f'key "rndc-key" {{ algorithm hmac-sha256; secret "{rndc_secret}"; }};\n'
        # address AND key: the inner list is positive for every other address, so the
        # negated element refuses them; the listed addresses fall through to the key.
        others = "".join(f"!{a}; " for a in self.allow_xfr_from)
        transfer = f'!{{ {others}any; }}; key "{name}";' if self.allow_xfr_from else "none;"
        notify = "".join(f'{a} port {p} key "{name}"; ' for a, p in self.notify)
        notify_mode = "explicit" if self.notify else "no"
        also_notify = f"    also-notify {{ {notify}}};\n" if self.notify else ""
        ixfr = "yes" if self.ixfr else "no"
        text = f"""options {{
    directory "{d}";
    pid-file "{d}/named.pid";
    lock-file "{d}/named.lock";
    session-keyfile "{d}/session.key";
    managed-keys-directory "{d}";
    key-directory "{d}";
    dump-file "{d}/named_dump.db";
    statistics-file "{d}/named.stats";
    memstatistics-file "{d}/named.memstats";
    secroots-file "{d}/named.secroots";
    recursing-file "{d}/named.recursing";
    listen-on port {self.port} {{ {self.address}; }};
    listen-on-v6 {{ none; }};
    recursion no;
    dnssec-validation no;
    notify no;
    notify-delay 0;
}};
{rndc_key}controls {{
    inet {self.address} port {self.control_port} allow {{ {self.address}; }} keys {{ "rndc-key"; }};
}};
key "{name}" {{ algorithm {algorithm}; secret "{secret}"; }};
zone "{self.zone}" {{
    type primary;
    file "{self.zonefile}";
    allow-transfer {{ {transfer} }};
    allow-update {{ none; }};
    notify {notify_mode};
{also_notify}    notify-source {self.address};
    ixfr-from-differences {ixfr};
    max-ixfr-ratio unlimited;
}};
"""
        with open(self.config, "w") as f:
            f.write(text)
        with open(self.rndc_config, "w") as f:
            f.write(rndc_key + f"""options {{
    default-key "rndc-key";
    default-server {self.address};
    default-port {self.control_port};
}};
""")

    def command(self):
        return [self.program(), "-g", "-n", "1", "-c", self.config]

    def reload(self):
        self._control([_find("rndc"), "-c", self.rndc_config, "-s", self.address,
                       "-p", str(self.control_port), "reload", self.zone])


PRIMARIES = {"nsd": NsdPrimary, "knot": KnotPrimary, "bind": BindPrimary}
