"""zoned as a secondary against a primary that misbehaves (tests/integration/fake_primary.py).

Each case runs its own FakePrimary and zoned on their own loopback addresses. A case that
breaks a transfer checks three things while the fault lasts: the zone keeps answering its
old data and serial, its zone file is intact (parses, old serial, no temp file left), and the
log names the primary, the transfer and the reason; then it clears the fault and checks that
the next NOTIFY brings the new version. SOA timers are short (refresh 3 s, retry 1 s,
expire 10 s) so that retries and expiry happen within seconds.
"""
import glob
import itertools
import os
import time

import dns.edns
import dns.flags
import dns.message
import dns.opcode
import dns.query
import dns.rcode
import dns.rdatatype
import dns.rrset
import dns.zone
import pytest

from conftest import program, run
from fake_primary import FakePrimary, make_key
from zoned_process import ZonedProcess, free_port

KEY = ("k.", "hmac-sha256", "K2tf3TRjvQkVCmJF3/Z9vA3ONPhJ4g7sNL1bh0mFp0o=")
OTHER_KEY = ("other.", "hmac-sha256", "c2VjcmV0LW9mLWFub3RoZXIta2V5LW5vdC1hbGxvd2VkIQ==")
ORIGIN = "example.com"
S1, S2 = 2026010101, 2026010102
WAIT = 10.0  # seconds: the bound of every wait for zoned to do something it should do at once

_hosts = itertools.count(21)  # 127.0.0.21, .22, ...: the primaries; the secondary at +100


def zone_text(serial, hosts=5, refresh=3, retry=1, expire=10):
    """The fake primary's zone: SOA (short timers), NS, a TXT holding the serial, hostN A."""
    lines = [f"$ORIGIN {ORIGIN}.", "$TTL 3600",
             f"@ IN SOA ns1 hostmaster {serial} {refresh} {retry} {expire} 60",
             "@ IN NS ns1", "ns1 IN A 192.0.2.1", f'version IN TXT "{serial}"']
    lines += [f"host{i} IN A 198.51.100.{i}" for i in range(1, hosts + 1)]
    return "\n".join(lines) + "\n"


def records_of(zone):
    """A dns.zone.Zone's records as a set of (name, type, rdata text), SOA serial included."""
    out = set()
    for name, node in zone.nodes.items():
        name = name.derelativize(zone.origin)
        for rdataset in node.rdatasets:
            for rdata in rdataset:
                out.add((name.to_text(), dns.rdatatype.to_text(rdataset.rdtype),
                         rdata.to_text(origin=zone.origin, relativize=False)))
    return out


def expected_records(text):
    return records_of(dns.zone.from_text(text, origin=ORIGIN, relativize=False))


class Pair:
    """One FakePrimary and the zoned that is its secondary, in their own directory."""

    def __init__(self, tmp_path, axfr_only=False, refresh=3, retry=1, expire=10, control=False,
                 zonefile=None, zone_extra=()):
        n = next(_hosts)
        self.timers = dict(refresh=refresh, retry=retry, expire=expire)
        self.dir = str(tmp_path)
        self.zonefile = zonefile or os.path.join(self.dir, "example.com.zone")
        self.fp = FakePrimary(address=f"127.0.0.{n}", zone=ORIGIN, key=KEY)
        self.address = f"127.0.0.{n + 100}"
        self.port = free_port(self.address)
        self.axfr_only = axfr_only
        self.zone_extra = list(zone_extra)  # more lines for the zone: clause
        self.control = os.path.join(self.dir, "zoned.sock") if control else None
        self.config = os.path.join(self.dir, "zoned.conf")
        self.zoned = None

    def text(self, serial, hosts=5):
        return zone_text(serial, hosts, **self.timers)

    # The versions every case uses: S2 changes the TXT and adds host6.
    def v1(self):
        return self.text(S1)

    def v2(self):
        return self.text(S2, hosts=6)

    def write_config(self):
        fp = self.fp
        axfr = "AXFR " if self.axfr_only else ""
        name, algorithm, secret = KEY
        oname, oalgorithm, osecret = OTHER_KEY
        control = (["    control-enable: yes", f'    control-interface: "{self.control}"']
                   if self.control else ["    control-enable: no"])
        lines = ["server:", f"    ip-address: {self.address}", f"    port: {self.port}",
                 "    server-count: 1", '    zonesdir: ""', '    pidfile: ""',
                 "    tcp-timeout: 5", "    verbosity: 2",
                 f'    xfrdfile: "{self.dir}/xfrd.state"',
                 "remote-control:", *control,
                 "key:", f'    name: "{name}"', f"    algorithm: {algorithm}",
                 f'    secret: "{secret}"',
                 "key:", f'    name: "{oname}"', f"    algorithm: {oalgorithm}",
                 f'    secret: "{osecret}"',
                 "zone:", f'    name: "{ORIGIN}"', f'    zonefile: "{self.zonefile}"',
                 f"    request-xfr: {axfr}{fp.address}@{fp.port} {name}",
                 f"    allow-notify: {fp.address} {name}",
                 "    provide-xfr: 127.0.0.0/8 NOKEY",
                 *[f"    {line}" for line in self.zone_extra]]
        with open(self.config, "w") as f:
            f.write("\n".join(lines) + "\n")

    @property
    def source(self):
        """How zoned's log names the primary: "127.0.0.21@PORT (key k.)"."""
        return f"{self.fp.address}@{self.fp.port} (key {KEY[0]})"

    def start_zoned(self):
        self.zoned = ZonedProcess(self.dir, config=self.config, address=self.address,
                                  port=self.port).start()
        return self.zoned

    def start(self, first=None):
        """Starts the primary with `first` (default v1), zoned, and waits for the first AXFR
        and the zone file written."""
        self.fp.start()
        self.fp.set_zone(first or self.v1())
        self.write_config()
        self.start_zoned()
        serial = self.fp.serial
        assert self.zoned.wait_for_log(f"serial (none) -> {serial} by AXFR from {self.source}",
                                       WAIT), self.zoned.log()
        assert self.zoned.wait_for_log(f"serial {serial} written to {self.zonefile}", WAIT), \
            self.zoned.log()
        return self

    def stop(self):
        try:
            if self.zoned is not None:
                self.zoned.__exit__(None, None, None)
        finally:
            self.fp.stop()

    # ---- asking zoned -----------------------------------------------------------------

    def query(self, name, rdtype="A", **kw):
        return self.zoned.query(name, rdtype, **kw)

    def soa_serial(self):
        r = self.query(ORIGIN, "SOA")
        assert r.rcode() == dns.rcode.NOERROR, r
        return r.answer[0][0].serial

    def wait_serial(self, serial, timeout=WAIT):
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            r = self.query(ORIGIN, "SOA")
            if r.rcode() == dns.rcode.NOERROR and r.answer:
                last = r.answer[0][0].serial
                if last == serial:
                    return
            time.sleep(0.05)
        raise AssertionError(f"zoned serves serial {last}, not {serial}, after {timeout} s:\n"
                             f"{self.zoned.log()}")

    def assert_serves(self, serial):
        """A dig-style look at the zone: SOA serial, the version TXT, host6 only in S2."""
        assert self.soa_serial() == serial, self.zoned.log()
        r = self.query(f"version.{ORIGIN}", "TXT")
        assert r.rcode() == dns.rcode.NOERROR
        assert [t.strings for t in r.answer[0]] == [(str(serial).encode(),)]
        r = self.query(f"host6.{ORIGIN}", "A")
        if serial == S1:
            assert r.rcode() == dns.rcode.NXDOMAIN, r
        else:
            assert r.rcode() == dns.rcode.NOERROR and r.answer, r

    def served_records(self):
        """The whole zone as zoned serves it, by AXFR (provide-xfr to 127.0.0.0/8)."""
        zone = dns.zone.from_xfr(dns.query.xfr(self.address, ORIGIN, port=self.port,
                                               relativize=False, timeout=2, lifetime=5),
                                 relativize=False)
        return records_of(zone)

    def assert_file(self, serial, text=None, zonefile=None):
        """The zone file parses, holds `serial` (and exactly `text`'s records if given), and no
        temp file of an atomic write is left beside it."""
        zonefile = zonefile or self.zonefile
        zone = dns.zone.from_file(zonefile, origin=ORIGIN, relativize=False)
        assert zone.get_rdataset(zone.origin, "SOA")[0].serial == serial
        if text is not None:
            assert records_of(zone) == expected_records(text)
        # (Only the zone file's own: xfrd.state beside it is written the same way, any time.)
        assert glob.glob(glob.escape(zonefile) + ".zoned-tmp.*") == []

    def notify(self, **kw):
        r = self.fp.send_notify(to=(self.address, self.port), **kw)
        assert r is not None and r.rcode() == dns.rcode.NOERROR, r
        return r

    def log_count(self, text):
        return self.zoned.log().count(text)


@pytest.fixture
def pair(tmp_path):
    """A factory: pair(**options) -> a started Pair, stopped after the test."""
    made = []

    def make(**kw):
        p = Pair(tmp_path, **kw)
        made.append(p)
        return p.start()

    yield make
    for p in made:
        p.stop()
        assert p.fp.errors == []


def control(p, *args):
    return run([program("zoned-control"), "-c", p.config, *args], timeout=30)


def clear_and_notify(p):
    """Clears the fault; the next NOTIFY brings S2 (data and file)."""
    p.fp.fault = None
    p.notify()
    p.wait_serial(S2)
    p.assert_serves(S2)
    assert p.zoned.wait_for_log(f"serial {S2} written to {p.zonefile}", WAIT), p.zoned.log()
    p.assert_file(S2, p.v2())


# ---- 1. the first transfer ---------------------------------------------------------------

def test_initial_axfr_with_tsig_writes_the_zone_file(pair):
    p = pair()
    p.assert_serves(S1)
    p.assert_file(S1, p.v1())
    requests = p.fp.requests
    assert [(r.transport, r.qtype) for r in requests[:2]] == [("udp", "SOA"), ("tcp", "AXFR")]
    assert all(r.had_tsig for r in requests), requests
    assert p.served_records() == expected_records(p.v1())
    # The next version arrives by IXFR on NOTIFY.
    p.fp.set_zone(p.v2())
    p.notify()
    p.wait_serial(S2)
    assert p.zoned.wait_for_log(f"serial {S1} -> {S2} by IXFR from {p.source}", WAIT)
    assert p.zoned.wait_for_log(f"serial {S2} written to {p.zonefile}", WAIT)
    p.assert_file(S2, p.v2())
    assert p.served_records() == expected_records(p.v2())
    assert os.path.exists(os.path.join(p.dir, "xfrd.state"))


# ---- 2, 3, 4, 7. transfers that break: the zone keeps its old version ----------------------

BROKEN = {
    "stop_mid_axfr": "the primary closed the connection (the transfer is incomplete)",
    "bad_tsig_middle": "message 2: TSIG: BADSIG",
    "out_of_zone": "message 1: record www.example.org. is outside the zone example.com.",
    "truncated_length": "the primary closed the connection (the transfer is incomplete)",
}


@pytest.mark.parametrize("mode", ["ixfr", "axfr"])
@pytest.mark.parametrize("fault", list(BROKEN))
def test_broken_transfer_keeps_the_old_zone(pair, fault, mode):
    p = pair(axfr_only=(mode == "axfr"))
    p.fp.set_fault(fault, sticky=True)  # the AXFR fallback and the retries fail as well
    p.fp.set_zone(p.v2())
    p.notify()
    reason = BROKEN[fault]
    if mode == "ixfr":
        # The IXFR fails, the AXFR tried after it too.
        assert p.zoned.wait_for_log(
            f"IXFR from {p.source} failed (", WAIT), p.zoned.log()
        failed = f"AXFR (after IXFR failed) from {p.source} failed: "
    else:
        failed = f"AXFR from {p.source} failed: "
    line = f"zone {ORIGIN}: {failed}"
    assert p.zoned.wait_for_log(line, WAIT), p.zoned.log()
    logged = [x for x in p.zoned.log().splitlines() if line in x][0]
    assert f"{failed}{reason}; the zone keeps serial {S1}" in logged, logged
    assert fault in p.fp.faults_applied
    p.assert_serves(S1)
    p.assert_file(S1, p.v1())
    assert p.zoned.wait_for_log("no primary could be used", WAIT)
    p.assert_serves(S1)
    clear_and_notify(p)


# ---- 5, 8, 9. IXFR answers that need (or are) a full zone ---------------------------------

def test_ixfr_deleting_a_missing_record_falls_back_to_axfr(pair):
    p = pair()
    p.fp.fault = "ixfr_delete_missing"
    p.fp.set_zone(p.v2())
    p.notify()
    p.wait_serial(S2)
    log = p.zoned.log()
    assert (f"IXFR from {p.source} failed (IXFR {S1} -> {S2} deletes "
            f"missing-record.{ORIGIN}. A 192.0.2.254, which the zone does not have): "
            "trying AXFR") in log, log
    assert f"serial {S1} -> {S2} by AXFR (after IXFR failed) from {p.source}" in log, log
    assert p.fp.faults_applied == ["ixfr_delete_missing"]
    assert [r.qtype for r in p.fp.requests if r.transport == "tcp"][-2:] == ["IXFR", "AXFR"]
    p.assert_serves(S2)
    assert p.served_records() == expected_records(p.v2())
    assert p.zoned.wait_for_log(f"serial {S2} written to {p.zonefile}", WAIT)
    p.assert_file(S2, p.v2())


def test_ixfr_notimp_falls_back_to_axfr(pair):
    p = pair()
    p.fp.fault = "ixfr_notimp"
    p.fp.set_zone(p.v2())
    p.notify()
    p.wait_serial(S2)
    log = p.zoned.log()
    assert f"IXFR from {p.source} failed (message 1: the primary answered NOTIMP): " \
           "trying AXFR" in log, log
    assert f"serial {S1} -> {S2} by AXFR (after IXFR failed) from {p.source}" in log, log
    assert p.fp.faults_applied == ["ixfr_notimp"]
    assert p.served_records() == expected_records(p.v2())
    assert p.zoned.wait_for_log(f"serial {S2} written to {p.zonefile}", WAIT)
    p.assert_file(S2, p.v2())


def test_ixfr_answered_as_axfr_is_a_full_zone(pair):
    p = pair()
    p.fp.fault = "ixfr_as_axfr"
    p.fp.set_zone(p.v2())
    p.notify()
    p.wait_serial(S2)
    log = p.zoned.log()
    assert f"serial {S1} -> {S2} by IXFR (answered as AXFR) from {p.source}" in log, log
    assert "trying AXFR" not in log
    assert p.fp.faults_applied == ["ixfr_as_axfr"]
    assert [r.qtype for r in p.fp.requests if r.transport == "tcp"] == ["AXFR", "IXFR"]
    # A full zone replaces the old one: nothing of S1 is left over.
    assert p.served_records() == expected_records(p.v2())
    assert p.zoned.wait_for_log(f"serial {S2} written to {p.zonefile}", WAIT)
    p.assert_file(S2, p.v2())


# ---- 6. a primary whose serial went backwards --------------------------------------------

def test_serial_backwards_is_not_taken_until_forced(pair):
    p = pair(control=True)
    p.fp.set_fault("serial_backwards", sticky=True)
    p.fp.set_zone(p.v2())
    p.notify()
    older = S1 - 1  # the fake primary's "previous version's serial - 1"
    assert p.zoned.wait_for_log(
        f"zone {ORIGIN}: primary {p.source} has serial {older}, older than ours ({S1}): not "
        f"transferred. If the primary's serial was reset on purpose, run zoned-control "
        f"force_transfer {ORIGIN}", WAIT), p.zoned.log()
    assert [r.qtype for r in p.fp.requests if r.transport == "tcp"] == ["AXFR"]  # the first
    p.assert_serves(S1)
    p.assert_file(S1, p.v1())
    # The operator says the reset was meant: an AXFR whatever the serial.
    r = control(p, "force_transfer", ORIGIN)
    assert r.returncode == 0, (r.stdout, r.stderr)
    p.wait_serial(older)
    assert p.zoned.wait_for_log(f"serial {S1} -> {older} by AXFR from {p.source}", WAIT)
    assert p.zoned.wait_for_log(f"serial {older} written to {p.zonefile}", WAIT)
    p.assert_file(older)
    # The primary's serial moves on (S2 > older): the next NOTIFY brings it.
    clear_and_notify(p)


# ---- 10. a primary that never answers: expiry --------------------------------------------

def has_ede(response, code):
    return any(isinstance(o, dns.edns.EDEOption) and o.code == code for o in response.options)


def test_no_answer_expires_the_zone_then_a_notify_revives_it(pair):
    p = pair(refresh=2, expire=8)
    p.fp.fault = "no_answer"  # sticky: a dead primary
    p.fp.set_zone(p.v2())
    started = time.monotonic()
    # Before the expiry: the refresh fails (SOA query times out), the old zone answers.
    assert p.zoned.wait_for_log("no primary could be used", WAIT), p.zoned.log()
    logged = [x for x in p.zoned.log().splitlines() if "no primary could be used" in x][0]
    assert f"{p.fp.address}@{p.fp.port}: SOA query:" in logged, logged
    p.assert_serves(S1)
    p.assert_file(S1, p.v1())
    # Expiry: SERVFAIL, with EDE 14 (Not Ready) to a query with EDNS.
    assert p.zoned.wait_for_log(f"zone {ORIGIN} serial {S1} expired", 15), p.zoned.log()
    assert time.monotonic() - started < 13
    r = p.query(f"version.{ORIGIN}", "TXT")
    assert r.rcode() == dns.rcode.SERVFAIL and not r.answer, r
    r = p.query(f"version.{ORIGIN}", "TXT", use_edns=0)
    assert r.rcode() == dns.rcode.SERVFAIL and has_ede(r, 14), r
    p.assert_file(S1, p.v1())  # the file is kept for the next start / IXFR
    # The primary is back; its NOTIFY revives the zone with the new version.
    p.fp.fault = None
    p.notify()
    p.wait_serial(S2, timeout=15)
    assert p.zoned.wait_for_log(f"zone {ORIGIN} is served again", WAIT)
    p.assert_serves(S2)
    assert p.zoned.wait_for_log(f"serial {S2} written to {p.zonefile}", WAIT)
    p.assert_file(S2, p.v2())


# ---- 11. a refusing primary ---------------------------------------------------------------

def test_refused_keeps_the_old_zone(pair):
    p = pair()
    p.fp.fault = "refused"  # sticky
    p.fp.set_zone(p.v2())
    p.notify()
    assert p.zoned.wait_for_log(
        f"no primary could be used ({p.fp.address}@{p.fp.port}: SOA query: the primary "
        "answered REFUSED)", WAIT), p.zoned.log()
    assert all(r.qtype != "IXFR" and r.qtype != "AXFR" for r in p.fp.requests[2:])
    p.assert_serves(S1)
    p.assert_file(S1, p.v1())
    clear_and_notify(p)


# ---- 12. NOTIFY from someone allow-notify does not list ---------------------------------

def notify_from(p, source, key, serial=S2):
    """A NOTIFY for the zone from `source`, signed with `key` (None: unsigned)."""
    q = dns.message.make_query(ORIGIN, "SOA")
    q.flags = dns.flags.AA
    q.set_opcode(dns.opcode.NOTIFY)
    zone = dns.zone.from_text(p.v2(), origin=ORIGIN, relativize=False)
    soa = zone.get_rdataset(zone.origin, "SOA")[0].replace(serial=serial)
    q.answer.append(dns.rrset.from_rdata(zone.origin, 3600, soa))
    if key is not None:
        q.use_tsig(make_key(key))
    return dns.query.udp(q, p.address, port=p.port, timeout=2, source=source)


def test_notify_not_in_allow_notify_is_refused_and_triggers_nothing(pair):
    # Long refresh: any SOA query after a NOTIFY is the NOTIFY's doing.
    p = pair(refresh=600, retry=60, expire=3600)
    p.fp.set_zone(p.v2())
    p.fp.clear_requests()
    n = int(p.fp.address.rsplit(".", 1)[1])
    stranger = f"127.0.0.{n + 50}"
    cases = [(stranger, KEY, f"from {stranger}"),          # right key, wrong address
             (p.fp.address, OTHER_KEY, "key other."),      # right address, a key not listed
             (p.fp.address, None, "with no key")]          # right address, unsigned
    for source, key, _ in cases:
        r = notify_from(p, source, key)
        assert r.rcode() == dns.rcode.REFUSED, r
    for _, _, words in cases:
        assert any("NOTIFY refused" in x and words in x for x in p.zoned.log().splitlines()), \
            (words, p.zoned.log())
    time.sleep(1.5)
    assert p.fp.requests == []
    assert "checking the primaries" not in p.zoned.log()
    p.assert_serves(S1)
    p.assert_file(S1, p.v1())
    # The listed primary's NOTIFY does trigger the check.
    p.notify()
    p.wait_serial(S2)


# ---- 13. restart while the primary is down -----------------------------------------------

def test_restart_while_the_primary_is_down_serves_the_zone_file(pair):
    p = pair()
    p.zoned.__exit__(None, None, None)
    p.fp.fault = "no_answer"  # sticky
    p.fp.set_zone(p.v2())
    p.zoned = None
    p.start_zoned()
    p.assert_serves(S1)  # at once, from the file
    assert "not used" not in p.zoned.log()  # the state file was read
    assert "expired" not in p.zoned.log()
    assert p.zoned.wait_for_log("no primary could be used", WAIT), p.zoned.log()
    p.assert_serves(S1)
    p.assert_file(S1, p.v1())
    clear_and_notify(p)


# ---- 14. a zone file that cannot be written ------------------------------------------------

def test_unwritable_zone_file_keeps_serving_the_new_version(pair, tmp_path):
    zones = tmp_path / "zones"
    zones.mkdir()
    p = pair(control=True, zonefile=str(zones / "example.com.zone"))
    old_file = p.zonefile
    os.chmod(zones, 0o555)
    try:
        (zones / "probe").write_text("x")
        (zones / "probe").unlink()
        denied = False
    except PermissionError:
        denied = True
    if not denied:
        # Root ignores the mode: make the zone file's parent a regular file instead.
        os.chmod(zones, 0o755)
        saved = tmp_path / "zones.saved"
        zones.rename(saved)
        zones.write_text("not a directory\n")
        old_file = str(saved / "example.com.zone")
    try:
        p.fp.set_zone(p.v2())
        p.notify()
        p.wait_serial(S2)
        p.assert_serves(S2)  # from memory
        assert p.zoned.wait_for_log(
            f"zone {ORIGIN} serial {S2} not written: ", WAIT), p.zoned.log()
        logged = [x for x in p.zoned.log().splitlines() if "not written" in x][0]
        assert p.zonefile in logged or str(zones) in logged, logged
        assert ("Not a directory" if not denied else "Permission denied") in logged, logged
        assert "the zone stays served and the write is retried" in logged
        p.assert_file(S1, p.v1(), zonefile=old_file)
        assert glob.glob(glob.escape(p.zonefile) + ".zoned-tmp.*") == []
    finally:
        if denied:
            os.chmod(zones, 0o755)
        else:
            zones.unlink()
            (tmp_path / "zones.saved").rename(zones)
    # The disk is back: zoned-control write puts the served version in the file.
    r = control(p, "write", ORIGIN)
    assert r.returncode == 0, (r.stdout, r.stderr)
    assert p.zoned.wait_for_log(f"serial {S2} written to {p.zonefile}", WAIT), p.zoned.log()
    p.assert_file(S2, p.v2())


# ---- beyond the list: an expired zone across a restart, and a failed first transfer -------

def test_expired_zone_stays_expired_across_a_restart_and_takes_the_same_serial_back(pair):
    p = pair(refresh=2, expire=6)
    p.fp.fault = "no_answer"
    assert p.zoned.wait_for_log(f"zone {ORIGIN} serial {S1} expired", 15), p.zoned.log()
    p.zoned.__exit__(None, None, None)
    p.start_zoned()
    # The state file says expired: SERVFAIL at once, though the zone file is there.
    r = p.query(f"version.{ORIGIN}", "TXT", use_edns=0)
    assert r.rcode() == dns.rcode.SERVFAIL and has_ede(r, 14), (r, p.zoned.log())
    assert f"zone {ORIGIN} serial {S1} has expired" in p.zoned.log()
    p.assert_file(S1, p.v1())
    # The primary comes back with the serial we have: an expired zone takes it anyway (AXFR).
    p.fp.fault = None
    p.notify()
    p.wait_serial(S1, timeout=15)
    assert p.zoned.wait_for_log(f"zone {ORIGIN} is served again", WAIT), p.zoned.log()
    assert f"expired at serial {S1}; primary {p.source} has {S1}: taking it by AXFR" in \
        p.zoned.log()
    p.assert_serves(S1)


@pytest.mark.parametrize("fault", ["stop_mid_axfr", "bad_tsig_middle"])
def test_failed_first_transfer_serves_nothing_and_writes_nothing(tmp_path, fault):
    p = Pair(tmp_path)
    try:
        p.fp.start()
        p.fp.set_zone(p.v1())
        p.fp.set_fault(fault, sticky=True)
        p.write_config()
        p.start_zoned()
        assert p.zoned.wait_for_log(
            f"AXFR from {p.source} failed: {BROKEN[fault]}; the zone keeps serial (none: not "
            "served)", WAIT), p.zoned.log()
        assert p.zoned.wait_for_log("(the zone is not served until it is transferred)", WAIT)
        r = p.query(f"version.{ORIGIN}", "TXT", use_edns=0)
        assert r.rcode() == dns.rcode.SERVFAIL and has_ede(r, 14), r
        assert not os.path.exists(p.zonefile)
        assert glob.glob(glob.escape(p.zonefile) + ".zoned-tmp.*") == []
        p.fp.fault = None
        p.notify()
        p.wait_serial(S1)
        assert p.zoned.wait_for_log(f"serial {S1} written to {p.zonefile}", WAIT)
        p.assert_file(S1, p.v1())
    finally:
        p.stop()
    assert p.fp.errors == []
