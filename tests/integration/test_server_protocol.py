"""Protocol leftovers of issue #3, each beside a real NSD started on loopback with the same
settings: NSID (RFC 5001) only when asked, the CHAOS TXT answers and hide-identity /
hide-version, tcp-query-count; and SIGHUP re-reading only the zone files that changed."""
import os
import shutil
import signal
import socket
import struct
import subprocess
import time

import dns.edns
import dns.exception
import dns.flags
import dns.message
import dns.query
import dns.rcode
import dns.rdatatype
import pytest

from zoned_process import ZonedProcess, free_port, write_zone

NSD = shutil.which("nsd") or "/usr/sbin/nsd"
IDENTITY = "ns-test.example"
VERSION = "test version 1.2"
NSID_TEXT = "probe-nsid"
SETTINGS = f'identity: "{IDENTITY}"\nversion: "{VERSION}"\nnsid: "ascii_{NSID_TEXT}"'


class NsdProcess:
    """`nsd -d` on 127.0.0.1 with everything it writes kept in `workdir`."""

    def __init__(self, workdir, zones, extra_server=""):
        self.workdir = os.path.join(str(workdir), "nsd")
        os.makedirs(self.workdir, exist_ok=True)
        self.address = "127.0.0.1"
        self.port = free_port(self.address)
        self.config = os.path.join(self.workdir, "nsd.conf")
        lines = ["server:", f"    ip-address: {self.address}", f"    port: {self.port}",
                 '    username: ""', '    chroot: ""', '    database: ""', '    zonesdir: ""',
                 f'    pidfile: "{self.workdir}/nsd.pid"',
                 f'    zonelistfile: "{self.workdir}/zone.list"',
                 f'    xfrdfile: "{self.workdir}/xfrd.state"',
                 "    rrl-ratelimit: 0", "    server-count: 1"]
        lines += [f"    {line}" for line in extra_server.splitlines() if line.strip()]
        # Debian's NSD opens its control port (8952) by default: two at once would collide.
        lines += ["remote-control:", "    control-enable: no"]
        for name, zonefile in zones.items():
            lines += ["zone:", f'    name: "{name}"', f'    zonefile: "{zonefile}"']
        with open(self.config, "w") as f:
            f.write("\n".join(lines) + "\n")
        self.process = None

    def __enter__(self):
        if not os.path.exists(NSD):
            pytest.skip("nsd is not installed")
        self._log = open(os.path.join(self.workdir, "nsd.log"), "w")
        self.process = subprocess.Popen([NSD, "-d", "-c", self.config], stdout=self._log,
                                        stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 20
        probe = dns.message.make_query(".", "SOA")
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"nsd exited with {self.process.returncode}")
            try:
                dns.query.udp(probe, self.address, port=self.port, timeout=0.2)
                return self
            except (dns.exception.Timeout, OSError):
                time.sleep(0.05)
        raise RuntimeError("nsd did not answer")

    def __exit__(self, *exc):
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self._log.close()


def ask(server, name, rdtype, rdclass="IN", tcp=False, **kw):
    q = dns.message.make_query(name, rdtype, rdclass, **kw)
    send = dns.query.tcp if tcp else dns.query.udp
    return send(q, server.address, port=server.port, timeout=2)


def nsid_of(response):
    for option in response.options:
        if option.otype == dns.edns.NSID:
            return option.to_wire()
    return None


def ede_codes(response):
    """The Extended DNS Error codes of a response (RFC 8914), text aside."""
    return sorted(o.code for o in response.options if o.otype == dns.edns.EDE)


def sections(response):
    """What must match NSD: rcode, AA, TC, and every section as text (owner case kept)."""
    def text(rrsets):
        return sorted(line for rrset in rrsets for line in rrset.to_text().splitlines())
    return (dns.rcode.to_text(response.rcode()), bool(response.flags & dns.flags.AA),
            bool(response.flags & dns.flags.TC), text(response.question),
            text(response.answer), text(response.authority), text(response.additional))


@pytest.fixture
def zone(tmp_path):
    return write_zone(tmp_path / "example.com.zone")


def empty_nsid():
    return [dns.edns.GenericOption(dns.edns.NSID, b"")]


# ---- NSID ----

def test_nsid_only_when_asked_as_nsd(tmp_path, zone):
    zones = {"example.com": zone}
    with ZonedProcess(tmp_path, zones=zones, extra_server=SETTINGS) as zoned, \
            NsdProcess(tmp_path, zones, SETTINGS) as nsd:
        for server in (zoned, nsd):
            for name, rdtype, rdclass in [("www.example.com", "A", "IN"),
                                          ("example.com", "SOA", "IN"),
                                          ("nothing.example.org", "A", "IN"),
                                          ("version.server", "TXT", "CH")]:
                asked = ask(server, name, rdtype, rdclass, use_edns=0, options=empty_nsid())
                assert nsid_of(asked) == NSID_TEXT.encode(), (server, name)
                for tcp in (False, True):
                    r = ask(server, name, rdtype, rdclass, tcp=tcp, use_edns=0,
                            options=empty_nsid())
                    assert nsid_of(r) == NSID_TEXT.encode()
                plain = ask(server, name, rdtype, rdclass, use_edns=0)
                assert plain.edns == 0 and nsid_of(plain) is None
                assert ask(server, name, rdtype, rdclass).edns == -1
        # The answer itself is NSD's (the authority and additional sections differ by
        # minimal-responses, whose defaults differ).
        for name in ("www.example.com", "example.com"):
            z = sections(ask(zoned, name, "A", use_edns=0, options=empty_nsid()))
            n = sections(ask(nsd, name, "A", use_edns=0, options=empty_nsid()))
            assert z[:5] == n[:5]


def test_no_nsid_without_the_option_configured(tmp_path, zone):
    with ZonedProcess(tmp_path, zones={"example.com": zone}) as zoned:
        r = ask(zoned, "www.example.com", "A", use_edns=0, options=empty_nsid())
        assert r.edns == 0 and nsid_of(r) is None


def test_hex_nsid(tmp_path, zone):
    with ZonedProcess(tmp_path, zones={"example.com": zone}, extra_server='nsid: "0a0B01"') as z:
        r = ask(z, "www.example.com", "A", use_edns=0, options=empty_nsid())
        assert nsid_of(r) == b"\x0a\x0b\x01"


# ---- CHAOS ----

CHAOS_QUESTIONS = [
    ("id.server", "TXT"), ("hostname.bind", "TXT"), ("version.server", "TXT"),
    ("version.bind", "TXT"), ("ID.Server", "TXT"), ("VERSION.bind", "ANY"),
    ("hostname.bind", "ANY"), ("version.server", "A"), ("id.server", "SOA"),
    ("foo.bind", "TXT"), ("authors.bind", "TXT"), ("server", "TXT"), ("id.server.x", "TXT"),
]


def compare_chaos(zoned, nsd, questions=CHAOS_QUESTIONS):
    for name, rdtype in questions:
        for kw in ({}, {"use_edns": 0}):
            z = ask(zoned, name, rdtype, "CH", **kw)
            n = ask(nsd, name, rdtype, "CH", **kw)
            assert sections(z) == sections(n), (name, rdtype, kw)
            assert z.edns == n.edns
            assert ede_codes(z) == ede_codes(n), (name, rdtype, kw)


def test_chaos_answers_as_nsd(tmp_path, zone):
    zones = {"example.com": zone}
    with ZonedProcess(tmp_path, zones=zones, extra_server=SETTINGS) as zoned, \
            NsdProcess(tmp_path, zones, SETTINGS) as nsd:
        compare_chaos(zoned, nsd)
        r = ask(zoned, "id.server", "TXT", "CH")
        assert r.rcode() == dns.rcode.NOERROR and not r.flags & dns.flags.AA
        assert r.answer[0].ttl == 0
        assert [rd.strings for rd in r.answer[0]] == [(IDENTITY.encode(),)]
        assert ask(zoned, "version.bind", "TXT", "CH").answer[0][0].strings == \
            (VERSION.encode(),)
        assert ask(zoned, "foo.bind", "TXT", "CH").rcode() == dns.rcode.REFUSED
        # Over TCP too.
        assert sections(ask(zoned, "id.server", "TXT", "CH", tcp=True)) == \
            sections(ask(nsd, "id.server", "TXT", "CH", tcp=True))


def test_not_our_zone_gives_the_same_extended_error_as_nsd(tmp_path, zone):
    zones = {"example.com": zone}
    with ZonedProcess(tmp_path, zones=zones, extra_server=SETTINGS) as zoned, \
            NsdProcess(tmp_path, zones, SETTINGS) as nsd:
        z = ask(zoned, "www.example.org", "A", use_edns=0)
        n = ask(nsd, "www.example.org", "A", use_edns=0)
        assert z.rcode() == n.rcode() == dns.rcode.REFUSED
        assert ede_codes(z) == ede_codes(n) == [20]  # Not Authoritative
        assert ede_codes(ask(zoned, "www.example.com", "A", use_edns=0)) == []


def test_hidden_identity_and_version_refused_as_nsd(tmp_path, zone):
    zones = {"example.com": zone}
    settings = SETTINGS + "\nhide-identity: yes\nhide-version: yes"
    with ZonedProcess(tmp_path, zones=zones, extra_server=settings) as zoned, \
            NsdProcess(tmp_path, zones, settings) as nsd:
        compare_chaos(zoned, nsd)
        for name in ("id.server", "hostname.bind", "version.server", "version.bind"):
            r = ask(zoned, name, "TXT", "CH")
            assert r.rcode() == dns.rcode.REFUSED and not r.answer
        # The zones are still served.
        assert ask(zoned, "www.example.com", "A").rcode() == dns.rcode.NOERROR


def test_one_hidden_the_other_answered(tmp_path, zone):
    zones = {"example.com": zone}
    settings = SETTINGS + "\nhide-version: yes"
    with ZonedProcess(tmp_path, zones=zones, extra_server=settings) as zoned, \
            NsdProcess(tmp_path, zones, settings) as nsd:
        compare_chaos(zoned, nsd, [("id.server", "TXT"), ("version.bind", "TXT")])
        assert ask(zoned, "id.server", "TXT", "CH").rcode() == dns.rcode.NOERROR
        assert ask(zoned, "version.bind", "TXT", "CH").rcode() == dns.rcode.REFUSED


def test_default_identity_is_the_host_name_and_version_is_zoned(tmp_path, zone):
    zones = {"example.com": zone}
    with ZonedProcess(tmp_path, zones=zones) as zoned, NsdProcess(tmp_path, zones) as nsd:
        compare_chaos(zoned, nsd, [("id.server", "TXT"), ("hostname.bind", "TXT")])
        assert ask(zoned, "id.server", "TXT", "CH").answer[0][0].strings == \
            (socket.gethostname().encode(),)
        version = ask(zoned, "version.server", "TXT", "CH").answer[0][0].strings[0].decode()
        assert version.startswith("zoned ")
        assert ask(nsd, "version.server", "TXT", "CH").answer[0][0].strings[0].startswith(b"NSD ")


# ---- tcp-query-count ----

def pipelined(server, count):
    """Sends `count` queries in one write on one connection; returns (responses, closed)."""
    wire = b""
    for i in range(count):
        q = dns.message.make_query("www.example.com", "A")
        q.id = i + 1
        data = q.to_wire()
        wire += struct.pack("!H", len(data)) + data
    with socket.create_connection((server.address, server.port), timeout=3) as s:
        s.sendall(wire)
        received, closed = b"", False
        deadline = time.monotonic() + 3
        s.settimeout(0.5)
        while time.monotonic() < deadline:
            try:
                chunk = s.recv(65536)
            except socket.timeout:
                break
            except ConnectionResetError:
                closed = True
                break
            if not chunk:
                closed = True
                break
            received += chunk
    ids = []
    while len(received) >= 2:
        (length,) = struct.unpack("!H", received[:2])
        ids.append(dns.message.from_wire(received[2:2 + length]).id)
        received = received[2 + length:]
    return ids, closed


def test_tcp_query_count_closes_after_n_as_nsd(tmp_path, zone):
    zones = {"example.com": zone}
    with ZonedProcess(tmp_path, zones=zones, extra_server="tcp-query-count: 3") as zoned, \
            NsdProcess(tmp_path, zones, "tcp-query-count: 3") as nsd:
        for server in (zoned, nsd):
            assert pipelined(server, 5) == ([1, 2, 3], True), server
            assert pipelined(server, 3) == ([1, 2, 3], True), server
            assert pipelined(server, 2) == ([1, 2], False), server
        assert "tcp-query-count" not in zoned.log()  # no "not implemented" warning


def test_tcp_query_count_zero_is_unlimited(tmp_path, zone):
    with ZonedProcess(tmp_path, zones={"example.com": zone},
                      extra_server="tcp-query-count: 0") as zoned:
        ids, closed = pipelined(zoned, 20)
        assert ids == list(range(1, 21)) and not closed


# ---- SIGHUP ----

def test_sighup_reloads_only_changed_files(tmp_path):
    com = write_zone(tmp_path / "example.com.zone", serial=1, hosts={"www": "192.0.2.80"})
    net = write_zone(tmp_path / "example.net.zone", origin="example.net", serial=1,
                     hosts={"www": "192.0.2.90"})
    zones = {"example.com": com, "example.net": net}
    with ZonedProcess(tmp_path, zones=zones, extra_server="verbosity: 2") as server:
        server.reload()
        assert server.wait_for_log("reload done", timeout=10)
        log = server.log()
        assert "zone example.com unchanged, not reloaded" in log
        assert "zone example.net unchanged, not reloaded" in log
        assert "reload done: 0 loaded, 2 unchanged" in log
        assert log.count("loaded from") == 2  # the start only

        write_zone(com, serial=2, hosts={"www": "198.51.100.80"})
        server.reload()
        assert server.wait_for_log("reload done", timeout=10, count=2)
        log = server.log()
        assert "zone example.com serial 2 loaded" in log
        assert log.count("zone example.net unchanged, not reloaded") == 2
        assert log.count("zone example.com unchanged, not reloaded") == 1
        assert "reload done: 1 loaded, 1 unchanged" in log
        r = server.query("www.example.com")
        assert [rd.address for rd in r.answer[0]] == ["198.51.100.80"]
        assert [rd.address for rd in server.query("www.example.net").answer[0]] == \
            ["192.0.2.90"]

        # Only the modification time changes (same size, same inode): read again.
        st = os.stat(net)
        os.utime(net, ns=(st.st_atime_ns, st.st_mtime_ns + 1000))
        server.reload()
        assert server.wait_for_log("reload done", timeout=10, count=3)
        assert "zone example.net serial 1 loaded" in server.log().split("reloading zones")[-1]


def test_unchanged_message_needs_verbosity_2(tmp_path):
    com = write_zone(tmp_path / "example.com.zone")
    with ZonedProcess(tmp_path, zones={"example.com": com}) as server:
        server.reload()
        assert server.wait_for_log("reload done", timeout=10)
        log = server.log()
        assert "unchanged, not reloaded" not in log
        assert "reload done: 0 loaded, 1 unchanged" in log


def test_zone_that_failed_is_retried_even_unchanged(tmp_path):
    com = write_zone(tmp_path / "example.com.zone", serial=1, hosts={"www": "192.0.2.80"})
    with ZonedProcess(tmp_path, zones={"example.com": com}, extra_server="verbosity: 2") as s:
        with open(com, "a") as f:
            f.write("bad IN A 999.1.1.1\n")
        s.reload()
        assert s.wait_for_log("reload done", timeout=10)
        s.reload()  # the file is as it was at the failed reload: read again all the same
        assert s.wait_for_log("reload done", timeout=10, count=2)
        log = s.log()
        assert log.count("zone example.com not reloaded, serial 1 kept") == 2
        assert "zone example.com unchanged" not in log
        write_zone(com, serial=2, hosts={"www": "192.0.2.81"})
        s.reload()
        assert s.wait_for_log("reload done", timeout=10, count=3)
        assert [rd.address for rd in s.query("www.example.com").answer[0]] == ["192.0.2.81"]
        s.reload()  # loaded fine now: unchanged from here on
        assert s.wait_for_log("reload done", timeout=10, count=4)
        assert "zone example.com unchanged, not reloaded" in s.log()


def test_zone_missing_at_start_is_loaded_when_it_appears(tmp_path):
    good = write_zone(tmp_path / "example.com.zone")
    missing = str(tmp_path / "example.net.zone")
    zones = {"example.com": good, "example.net": missing}
    with ZonedProcess(tmp_path, zones=zones, extra_server="verbosity: 2") as server:
        # Configured but not loaded: SERVFAIL with EDE 14 (Not Ready), as NSD answers.
        answer = server.query("www.example.net", use_edns=0)
        assert answer.rcode() == dns.rcode.SERVFAIL
        assert [o.code for o in answer.options] == [dns.edns.EDECode.NOT_READY]
        assert not answer.flags & dns.flags.AA
        write_zone(missing, origin="example.net")
        server.reload()
        assert server.wait_for_log("reload done", timeout=10)
        assert "reload done: 1 loaded, 1 unchanged" in server.log()
        assert server.query("www.example.net").rcode() == dns.rcode.NOERROR
