"""Hardening against faults: a primary killed (SIGKILL) in the middle of a reload, and
primaries whose transfers break in ways the other fault tests do not cover.

1. A zoned primary serving a large zone (200,000 names, so that a reload takes a moment) with
   an IXFR journal is killed with SIGKILL while `zoned-control reload` runs: right after the
   command is sent, 50 ms and 200 ms later, just after the log says the new file was loaded
   (before the journal is written) and just after it says the change went into the journal
   (before the new version is published). Each time: the zone file passes zoned-checkzone; the
   journal (<zonefile>.zoned-ixfr, read here with the format ixfr_journal.h gives: header,
   CRC-32C per entry) holds a chain of complete entries, each the exact change between two
   versions, ending at the old or the new serial (a torn tail only if the restarted zoned
   says it dropped it); restarted, zoned serves the file's version whole (SOA serial, the
   TXT holding it and the changed A agree), and IXFR from an older serial gets either the
   correct increments or the whole zone (its SOA and record count), never anything else.
   At the end a clean reload shows the journal is used again (IXFR, not AXFR).

2. zoned as a secondary (the Pair of test_secondary_faults.py) against a FakePrimary that:
   - sends a valid first message then a framed message of random octets
     (garbage_after_first): the transfer fails at once, not after a timeout;
   - closes every TCP connection after one message (close_after_message): a transfer longer
     than one message fails, one that fits in one message is taken;
   - answers the SOA, then sends half of the transfer's first message and nothing more
     (stall_mid_message): zoned gives up after its idle timeout (15 s, XfrTimeouts in
     src/transfer/xfr_client.h; not configurable), answers from the old zone meanwhile, and
     takes the new version once the primary behaves.
   In every case the old zone keeps answering and its file stays whole, and the fixed primary
   brings the new version. (Already covered in test_secondary_faults.py: stop_mid_axfr,
   truncated_length, bad_tsig_middle, out_of_zone, no_answer, refused, serial_backwards.)

Loopback only (127.0.0.61 for the primary of part 1; test_secondary_faults's 127.0.0.21+ and
+100 for the pairs), every wait bounded, every process stopped by its PID.
"""
import os
import signal
import socket
import struct
import subprocess
import sys
import time

import dns.message
import dns.name
import dns.query
import dns.rcode
import dns.rdata
import dns.rdatatype
import dns.rrset
import pytest

from conftest import ROOT, program, run
from test_secondary_faults import ORIGIN, S1, S2, WAIT, clear_and_notify, expected_records, zone_text
from test_secondary_faults import pair  # noqa: F401 (a fixture)
from zoned_process import ZonedProcess, free_port, write_zone

# ---- 1. SIGKILL during a reload --------------------------------------------------------------

PRIMARY = "127.0.0.61"
NAMES = 200_000
BASE_SERIAL = 3000
IXFR_NUMBER = 3  # small: the journal is trimmed (temp file + rename) on most reloads


def changed_address(k):
    return f"10.254.{(k >> 8) & 255}.{k & 255}"


class BigZone:
    """gen_zone.py's zone in versions: version k has serial BASE_SERIAL + k, `version TXT
    "<serial>"` and `changed A 10.254.x.y` (k); nothing else differs."""

    def __init__(self, tmp_path):
        generated = tmp_path / "generated.zone"
        subprocess.run([sys.executable, os.path.join(ROOT, "bench", "gen_zone.py"),
                        str(generated), str(NAMES), ORIGIN + "."], check=True, timeout=120)
        self.text = generated.read_text()
        generated.unlink()
        assert "2026112601" in self.text
        self.records = sum(1 for line in self.text.splitlines()
                           if line.strip() and not line.startswith("$")) + 2
        self.path = str(tmp_path / "example.com.zone")
        self.journal = self.path + ".zoned-ixfr"
        soa = [line for line in self.text.splitlines() if " SOA " in line][0]
        self.soa = dns.rdata.from_text("IN", "SOA", soa.split(" SOA ", 1)[1],
                                       origin=dns.name.from_text(ORIGIN), relativize=False)

    @staticmethod
    def serial(k):
        return BASE_SERIAL + k

    def write(self, k):
        text = self.text.replace("2026112601", str(self.serial(k)), 1)
        text += f'version 300 IN TXT "{self.serial(k)}"\nchanged 300 IN A {changed_address(k)}\n'
        tmp = self.path + ".tmp"
        with open(tmp, "w") as f:
            f.write(text)
        os.replace(tmp, self.path)

    def varying(self, k):
        """Version k's records that change between versions, as (owner, type, rdata)."""
        return {(f"version.{ORIGIN}.", "TXT",
                 dns.rdata.from_text("IN", "TXT", f'"{self.serial(k)}"')),
                (f"changed.{ORIGIN}.", "A", dns.rdata.from_text("IN", "A", changed_address(k)))}


def write_primary_config(path, port, zonefile, workdir):
    with open(path, "w") as f:
        f.write(f"""server:
    ip-address: {PRIMARY}
    port: {port}
    server-count: 1
    zonesdir: ""
    pidfile: ""
    xfrdfile: "{workdir}/xfrd.state"
    verbosity: 2
    tcp-timeout: 10
remote-control:
    control-enable: yes
    control-interface: "{workdir}/zoned.sock"
zone:
    name: "{ORIGIN}"
    zonefile: "{zonefile}"
    provide-xfr: 127.0.0.0/8 NOKEY
    store-ixfr: yes
    ixfr-number: {IXFR_NUMBER}
""")


# -- the journal, read as ixfr_journal.h describes it --

def _crc32c_table():
    table = []
    for b in range(256):
        c = b
        for _ in range(8):
            c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1
        table.append(c)
    return table


_CRC_TABLE = _crc32c_table()


def crc32c(data, crc=0):
    c = crc ^ 0xFFFFFFFF
    for b in data:
        c = (c >> 8) ^ _CRC_TABLE[(c ^ b) & 0xFF]
    return c ^ 0xFFFFFFFF


def _records(data, count):
    """`count` uncompressed RRs from `data` -> [(owner, type, rdata)]; all of data used."""
    out, off = [], 0
    for _ in range(count):
        name, used = dns.name.from_wire(data, off)
        off += used
        rdtype, rdclass, _ttl, rdlen = struct.unpack_from("!HHIH", data, off)
        off += 10
        rdata = dns.rdata.from_wire(rdclass, rdtype, data, off, rdlen)
        off += rdlen
        out.append((name.to_text(), dns.rdatatype.to_text(rdtype), rdata))
    assert off == len(data), "records do not fill their list"
    return out


def read_journal(path):
    """([(old serial, new serial, removed, added)], octets after the last good entry).
    Asserts on anything a crash cannot explain (a bad header)."""
    if not os.path.exists(path):
        return [], 0
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 16:
        return [], len(data)  # a header torn at creation
    assert data[:8] == b"ZONEDIXJ" and struct.unpack_from("!II", data, 8) == (1, 0), data[:16]
    entries, off = [], 16
    while len(data) - off >= 16:
        length, old, new, crc = struct.unpack_from("!IIII", data, off)
        if len(data) - off - 16 < length:
            break
        payload = data[off + 16:off + 16 + length]
        if crc32c(payload, crc32c(data[off:off + 12])) != crc:
            break
        lists, p = [], 0
        for _ in range(4):
            count, octets = struct.unpack_from("!II", payload, p)
            lists.append(_records(payload[p + 8:p + 8 + octets], count))
            p += 8 + octets
        assert p == len(payload), f"entry {old} -> {new}: octets after its four lists"
        old_soa, new_soa, removed, added = lists
        assert [r[2].serial for r in old_soa] == [old], (old, old_soa)
        assert [r[2].serial for r in new_soa] == [new], (new, new_soa)
        entries.append((old, new, removed, added))
        off += 16 + length
    return entries, len(data) - off


def check_journal(zone, entries, newest):
    """Each entry is the exact change between two versions, the entries form one chain, and
    it ends at a version no newer than `newest` (older when a reload was cut short before
    its entry was written, or after a restart, which writes none)."""
    for (old, new, removed, added), following in zip(entries, entries[1:] + [None]):
        ko, kn = old - BASE_SERIAL, new - BASE_SERIAL
        assert kn > ko, (old, new)
        assert set(removed) == zone.varying(ko), (old, new, removed)
        assert set(added) == zone.varying(kn), (old, new, added)
        if following is not None:
            assert following[0] == new, f"chain broken after {old} -> {new}: {following[:2]}"
    if entries:
        assert entries[-1][1] <= newest, (entries[-1][:2], newest)


# -- IXFR from an older serial, read here --

def _frames(sock, deadline):
    """Yields each DNS message of a TCP stream until the deadline."""
    buffer = b""
    while True:
        while len(buffer) >= 2 and len(buffer) - 2 >= struct.unpack_from("!H", buffer)[0]:
            n = struct.unpack_from("!H", buffer)[0]
            yield buffer[2:2 + n]
            buffer = buffer[2 + n:]
        remaining = deadline - time.monotonic()
        assert remaining > 0, "the transfer did not end in time"
        sock.settimeout(min(remaining, 5.0))
        chunk = sock.recv(1 << 16)
        assert chunk, "the server closed the connection in the middle of the transfer"
        buffer += chunk


def _parse(wire, qid):
    message = dns.message.from_wire(wire, one_rr_per_rrset=True)
    assert message.id == qid and message.flags & 0x8000, message
    assert message.rcode() == dns.rcode.NOERROR, message
    return [(rrset.name.to_text(), dns.rdatatype.to_text(rrset.rdtype), rrset[0])
            for rrset in message.answer]


def ixfr(address, port, zone, client_k, server_k, timeout=30.0):
    """IXFR from version client_k to a server serving server_k. Returns "up to date",
    ("incremental", deltas) after checking the increments lead from client_k to server_k
    and touch nothing else, or ("axfr", records) after checking a whole zone of server_k
    (its SOA first and last, the record count, the varying records)."""
    q = dns.message.make_query(ORIGIN, "IXFR")
    soa = zone.soa.replace(serial=zone.serial(client_k))
    q.authority.append(dns.rrset.from_rdata(ORIGIN + ".", 3600, soa))
    wire = q.to_wire()
    new_serial = zone.serial(server_k)
    deadline = time.monotonic() + timeout
    with socket.create_connection((address, port), timeout=5) as sock:
        sock.sendall(struct.pack("!H", len(wire)) + wire)
        frames = _frames(sock, deadline)
        first = _parse(next(frames), q.id)
        assert first and first[0][1] == "SOA" and first[0][2].serial == new_serial, first[:2]
        if len(first) == 1 and client_k >= server_k:
            return "up to date"
        if len(first) > 1 and first[1][1] == "SOA" and first[1][2].serial == zone.serial(client_k):
            records = list(first)
            while sum(1 for r in records if r[1] == "SOA" and r[2].serial == new_serial) < 3:
                records += _parse(next(frames), q.id)
            # SOA(new) [SOA(old) removed... SOA(next) added...]+ SOA(new)
            assert records[-1][1] == "SOA" and records[-1][2].serial == new_serial
            state = zone.varying(client_k)
            body, deltas, i = records[1:-1], 0, 0
            current = client_k
            while i < len(body):
                assert body[i][1] == "SOA" and body[i][2].serial == zone.serial(current), body[i]
                i += 1
                removed = []
                while body[i][1] != "SOA":
                    removed.append(body[i])
                    i += 1
                following = body[i][2].serial - BASE_SERIAL
                i += 1
                added = []
                while i < len(body) and body[i][1] != "SOA":
                    added.append(body[i])
                    i += 1
                assert set(removed) <= state, f"removes what version {current} lacks: {removed}"
                state = (state - set(removed)) | set(added)
                assert state == zone.varying(following), (current, following, removed, added)
                current = following
                deltas += 1
            assert current == server_k, (current, server_k)
            return ("incremental", deltas)
        # The whole zone: count the records by the headers, parse the last message.
        total = len(first)
        last = first
        while total < zone.records + 1:
            message = next(frames)
            total += struct.unpack_from("!H", message, 6)[0]
            last = message
        assert total == zone.records + 1, f"{total} records, not {zone.records} + the final SOA"
        last_records = first if last is first else _parse(last, q.id)
        assert last_records[-1][1] == "SOA" and last_records[-1][2].serial == new_serial
        return ("axfr", total - 1)


def serves_whole_version(address, port, zone):
    """The served SOA serial, after checking the TXT and the A of that version go with it."""
    def ask(name, rdtype):
        return dns.query.udp(dns.message.make_query(name, rdtype), address, port=port, timeout=2)
    serial = ask(ORIGIN, "SOA").answer[0][0].serial
    k = serial - BASE_SERIAL
    txt = ask(f"version.{ORIGIN}", "TXT").answer[0][0].strings
    assert txt == (str(serial).encode(),), (serial, txt)
    a = ask(f"changed.{ORIGIN}", "A").answer[0][0].address
    assert a == changed_address(k), (serial, a)
    return serial


def control(config, *args, timeout=60):
    return run([program("zoned-control"), "-c", config, *args], timeout=timeout)


KILL_MOMENTS = [("right after the reload command is sent", 0.0), ("50 ms later", 0.05),
                ("200 ms later", 0.2),
                ("when the log says the new file is loaded", "loaded from"),
                ("when the log says the change is in the journal", "kept for IXFR")]


def test_sigkill_during_reload_of_a_large_zone_leaves_zone_and_journal_whole(tmp_path):
    zone = BigZone(tmp_path)
    port = free_port(PRIMARY)
    config = str(tmp_path / "zoned.conf")
    write_primary_config(config, port, zone.path, tmp_path)
    zone.write(1)

    def start():
        return ZonedProcess(tmp_path, config=config, address=PRIMARY, port=port,
                            probe_name=ORIGIN).start()

    server = start()
    outcomes = []
    try:
        assert serves_whole_version(PRIMARY, port, zone) == zone.serial(1)
        zone.write(2)
        r = control(config, "reload")
        assert (r.returncode, r.stdout.strip()) == (0, "ok"), (r.stdout, r.stderr)
        assert serves_whole_version(PRIMARY, port, zone) == zone.serial(2)
        assert ixfr(PRIMARY, port, zone, 1, 2) == ("incremental", 1)
        current = 2
        for label, when in KILL_MOMENTS:
            k = current + 1
            zone.write(k)
            log_before = len(server.log())
            ctl = subprocess.Popen([program("zoned-control"), "-c", config, "reload"],
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
            try:
                if isinstance(when, str):
                    deadline = time.monotonic() + 10
                    mark = {"loaded from": f"serial {zone.serial(k)} loaded from",
                            "kept for IXFR": f"-> {zone.serial(k)}: "}[when]
                    while mark not in server.log()[log_before:]:
                        assert time.monotonic() < deadline, server.log()
                        time.sleep(0.001)
                else:
                    time.sleep(when)
                server.signal(signal.SIGKILL)
                server.process.wait(timeout=10)
                server.__exit__(None, None, None)  # already gone: closes its log file
            finally:
                out = ctl.communicate(timeout=30)[0].decode(errors="replace").strip()
            log = server.log()[log_before:]
            published = "reload done" in log
            journaled = f"-> {zone.serial(k)}:" in log and "kept for IXFR" in log

            # On disk: the zone file (ours, replaced whole) and the journal.
            r = run([program("zoned-checkzone"), ORIGIN, zone.path], timeout=60)
            assert r.returncode == 0, r.stdout + r.stderr
            entries, torn = read_journal(zone.journal)
            check_journal(zone, entries, zone.serial(k))
            leftover = os.path.exists(zone.journal + ".tmp")

            # Restarted: the file's version, whole; the journal still good.
            server = start()
            log = server.log()
            if torn:
                assert "had a damaged end" in log, (torn, log)
            assert serves_whole_version(PRIMARY, port, zone) == zone.serial(k), log
            entries_after, torn_after = read_journal(zone.journal)
            assert torn_after == 0 and entries_after == entries, (torn_after, log)
            last = entries[-1][1] if entries else None
            answers = {}
            for client in sorted({1, current - 1, current}):
                answers[client] = ixfr(PRIMARY, port, zone, client, k)
                if last == zone.serial(k) and entries and \
                        zone.serial(client) >= entries[0][0]:
                    # The journal reaches the served version from this serial: increments.
                    assert answers[client][0] == "incremental", (client, answers[client])
                else:
                    assert answers[client][0] == "axfr", (client, answers[client], last)
            assert ixfr(PRIMARY, port, zone, k, k) == "up to date"
            outcomes.append((label, out, published, journaled, len(entries), torn, leftover,
                             answers))
            current = k

        # A clean reload after all that: journaled and served by IXFR again.
        k = current + 1
        zone.write(k)
        r = control(config, "reload")
        assert (r.returncode, r.stdout.strip()) == (0, "ok"), (r.stdout, r.stderr)
        assert serves_whole_version(PRIMARY, port, zone) == zone.serial(k)
        assert ixfr(PRIMARY, port, zone, current, k) == ("incremental", 1)
        entries, torn = read_journal(zone.journal)
        assert torn == 0 and entries[-1][:2] == (zone.serial(current), zone.serial(k))
        check_journal(zone, entries, zone.serial(k))
    finally:
        server.stop()
    for outcome in outcomes:  # shown with -rA / on failure: which moment hit what
        print("killed %s: control said %r, published %s, journaled %s, %d entries, torn %d, "
              "temp file left %s, IXFR answers %s" % outcome)


# ---- 2. primaries that break transfers in new ways ---------------------------------------------


def failure_line(p, kind):
    """The log line of a failed transfer of `kind` ("AXFR", "IXFR" or "AXFR (after IXFR
    failed)"), or None."""
    words = {"IXFR": f"IXFR from {p.source} failed ("}.get(
        kind, f"zone {ORIGIN}: {kind} from {p.source} failed: ")
    return next((x for x in p.zoned.log().splitlines() if words in x), None)


def wait_failure(p, kind, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = failure_line(p, kind)
        if line:
            return line
        time.sleep(0.02)
    return None


@pytest.mark.parametrize("mode", ["ixfr", "axfr"])
def test_garbage_after_a_valid_first_message_fails_at_once(pair, mode):
    p = pair(axfr_only=(mode == "axfr"))
    p.fp.set_fault("garbage_after_first", sticky=True)  # the AXFR fallback gets it too
    p.fp.set_zone(p.v2())
    started = time.monotonic()
    p.notify()
    last = "AXFR (after IXFR failed)" if mode == "ixfr" else "AXFR"
    line = wait_failure(p, last, WAIT)
    took = time.monotonic() - started
    assert line, p.zoned.log()
    # Garbage is seen when it arrives, not after the idle timeout (15 s).
    assert took < 5, (took, line)
    assert "message 2" in line and f"the zone keeps serial {S1}" in line, line
    if mode == "ixfr":
        assert "message 2" in failure_line(p, "IXFR"), p.zoned.log()
    assert p.fp.faults_applied.count("garbage_after_first") >= (2 if mode == "ixfr" else 1)
    p.assert_serves(S1)
    p.assert_file(S1, p.v1())
    clear_and_notify(p)


@pytest.mark.parametrize("mode", ["ixfr", "axfr"])
def test_primary_closing_after_every_message(pair, mode):
    p = pair(axfr_only=(mode == "axfr"))
    p.fp.records_per_message = 3  # every transfer is several messages
    p.fp.fault = "close_after_message"  # sticky
    p.fp.set_zone(p.v2())
    p.notify()
    last = "AXFR (after IXFR failed)" if mode == "ixfr" else "AXFR"
    line = wait_failure(p, last, WAIT)
    assert line, p.zoned.log()
    assert "the primary closed the connection (the transfer is incomplete" in line, line
    assert f"the zone keeps serial {S1}" in line, line
    p.assert_serves(S1)
    p.assert_file(S1, p.v1())
    clear_and_notify(p)
    # The same primary when a transfer fits in one message: closing after it is no fault.
    s3 = S2 + 1
    p.fp.records_per_message = 100
    p.fp.fault = "close_after_message"
    applied = p.fp.faults_applied.count("close_after_message")
    p.fp.set_zone(p.text(s3, hosts=7))
    p.notify()
    p.wait_serial(s3)
    kind = "IXFR" if mode == "ixfr" else "AXFR"
    assert p.zoned.wait_for_log(f"serial {S2} -> {s3} by {kind} from {p.source}", WAIT), \
        p.zoned.log()
    assert p.fp.faults_applied.count("close_after_message") > applied
    assert p.zoned.wait_for_log(f"serial {s3} written to {p.zonefile}", WAIT), p.zoned.log()
    p.assert_file(s3, p.text(s3, hosts=7))


def test_stalled_primary_is_given_up_after_the_idle_timeout(pair):
    # Long refresh/retry: nothing but the NOTIFYs below makes zoned ask.
    p = pair(axfr_only=True, refresh=600, retry=60, expire=3600)
    p.fp.fault = "stall_mid_message"  # once: the next transfer is whole
    p.fp.set_zone(p.v2())
    p.notify()
    request = p.fp.wait_for_request("AXFR", timeout=WAIT, count=2)  # the 1st: the initial one
    stalled_at = time.monotonic()
    assert request is not None, p.zoned.log()
    assert p.fp.faults_applied == ["stall_mid_message"]
    # While the transfer hangs, the old zone answers; a NOTIFY now starts no second one.
    time.sleep(1)
    p.assert_serves(S1)
    p.notify()
    time.sleep(1)
    assert [r.qtype for r in p.fp.requests if r.transport == "tcp"].count("AXFR") == 2
    p.assert_serves(S1)
    p.assert_file(S1, p.v1())
    line = wait_failure(p, "AXFR", 15 + 10)
    took = time.monotonic() - stalled_at
    assert line, p.zoned.log()
    assert "no whole message received in 15 s" in line and f"the zone keeps serial {S1}" in line, line
    assert 14 <= took <= 15 + 3, (took, line)  # the idle timeout, plus slack
    # The NOTIFY that came during the stall was kept for after it ("at once after the running
    # one", ARCHITECTURE.md): the new version comes without another one.
    p.wait_serial(S2, timeout=5)
    p.assert_serves(S2)
    assert p.zoned.wait_for_log(f"serial {S2} written to {p.zonefile}", WAIT), p.zoned.log()
    p.assert_file(S2, p.v2())


# ---- 3. max-records: what a primary or a zone file can make zoned hold -------------------------


def test_max_records_keeps_the_old_zone_when_a_transfer_would_exceed_it(pair):
    limit = len(expected_records(zone_text(S1)))  # S1 exactly; S2 adds host6
    p = pair(zone_extra=[f"max-records: {limit}"])
    p.assert_serves(S1)
    p.fp.set_zone(p.v2())
    p.notify()
    # The IXFR applies to one record too many; the AXFR it falls back to is stopped when the
    # record over the limit arrives.
    line = wait_failure(p, "AXFR (after IXFR failed)", WAIT)
    assert line, p.zoned.log()
    assert f"the zone has more than {limit} records (max-records)" in line, line
    assert f"the zone keeps serial {S1}" in line, line
    ixfr = failure_line(p, "IXFR")
    assert ixfr and (f"IXFR {S1} -> {S2} gives a zone of {limit + 1} records, more than "
                     f"max-records ({limit})") in ixfr, p.zoned.log()
    p.assert_serves(S1)
    p.assert_file(S1, p.v1())
    # A version back within the limit is taken.
    s3 = S2 + 1
    p.fp.set_zone(p.text(s3))
    p.notify()
    p.wait_serial(s3)
    assert p.zoned.wait_for_log(f"serial {s3} written to {p.zonefile}", WAIT), p.zoned.log()
    p.assert_file(s3, p.text(s3))


def test_max_records_refuses_a_zone_file_over_it(tmp_path):
    small = write_zone(tmp_path / "example.org.zone", origin="example.org",
                       hosts={"www": "192.0.2.80"})
    big = write_zone(tmp_path / "example.com.zone",
                     hosts={f"h{i}": f"192.0.2.{i}" for i in range(1, 11)})
    with ZonedProcess(tmp_path, zones={"example.org": small, "example.com": big},
                      extra_zone="max-records: 10") as z:
        assert z.wait_for_log(f"zone example.com not served: {big}: the zone has 13 records, "
                              "more than max-records (10)", WAIT), z.log()
        assert z.query("h1.example.com", "A").rcode() == dns.rcode.SERVFAIL  # configured, not loaded
        r = z.query("www.example.org", "A")  # 4 records: within the limit
        assert r.rcode() == dns.rcode.NOERROR and r.answer
    # zoned-checkconf -o reads it, as for NSD's own options.
    out = run([program("zoned-checkconf"), "-z", "example.com", "-o", "max-records", z.config])
    assert (out.returncode, out.stdout) == (0, "10\n"), out
