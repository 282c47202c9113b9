"""zoned as the SECONDARY of real NSD 4.6, Knot 3.2 and BIND 9.18 primaries (primaries.py),
configured as the guides write it: one TSIG key (hmac-sha256), a pattern with
`allow-notify: <primary> <key>` and `request-xfr: [AXFR] <primary>@<port> <key>`,
`outgoing-interface: <zoned's address>` (the primary allows transfers from that address
only), the xfrdfile and the zone file in the test's directory.

For each primary:
  test_initial_and_ixfr    the first AXFR (answers and serial as the primary's, the zone file
                           written and loadable), then a change on the primary (serial + 1,
                           one record added, one removed) reaches zoned through NOTIFY, by IXFR
  test_ixfr_answered_as_axfr  the primary with its IXFR machinery off answers the IXFR with
                           the whole zone: the change still arrives ("IXFR (answered as AXFR)")
  test_request_xfr_axfr    the guides' `request-xfr: AXFR ...`: the change arrives by AXFR
  test_chain               primary -> zoned (provide-xfr: and notify: towards a second
                           zoned) -> zoned: the change reaches the second zoned
The SOA refresh is 300 s, so an update arriving within seconds came from the NOTIFY.
"""
import os
import re
import time

import dns.exception
import dns.message
import dns.query
import dns.rdatatype
import dns.zone
import pytest

from conftest import build_dir, run
from primaries import PRIMARIES
from secondaries import KEY
from zoned_process import ZonedProcess, free_port

ZONE = "example.com"
SERIAL = 2026120101
REFRESH = 300          # the SOA refresh: far beyond any wait below
FIRST_TIMEOUT = 10.0   # initial AXFR
UPDATE_TIMEOUT = 5.0   # a change, after the primary serves it

# BIND only listens on 127.0.0.1 here (primaries.py); zoned then takes other addresses.
PRIMARY_ADDRESS = {"nsd": "127.0.0.31", "knot": "127.0.0.41", "bind": "127.0.0.1"}
ZONED_ADDRESS = {"nsd": "127.0.0.32", "knot": "127.0.0.42", "bind": "127.0.0.52"}
DOWNSTREAM_ADDRESS = {"nsd": "127.0.0.33", "knot": "127.0.0.43", "bind": "127.0.0.53"}
PEERS = ["nsd", "knot", "bind"]

# NSD 4.6.1's create-ixfr re-adds unchanged apex RRsets (here MX and TXT) in the addition set
# of the IXFR it builds from the new zone file: NSD's bug (ixfrcreate.c process_marktypes
# walks the apex's RRsets in list order against a sorted type list). Such a delta does not
# apply (RFC 1995: an addition the zone already has), so zoned refuses it, says why and
# falls back to AXFR, as Knot 3.2 and NSD itself do as secondaries; BIND 9.18 applies it
# ("update with no effect"). The change arrives either way.
NSD_IXFR_REJECTED = "which the zone already has): trying AXFR"

# What the tests compare between the primary and zoned.
CHECKED = [(ZONE, "SOA"), (ZONE, "NS"), (ZONE, "MX"), (ZONE, "TXT"), (f"www.{ZONE}", "A"),
           (f"www.{ZONE}", "AAAA"), (f"ftp.{ZONE}", "CNAME"), (f"john.{ZONE}", "A"),
           (f"old.{ZONE}", "A"), (f"_sip._tcp.{ZONE}", "SRV")]


def zone_text(serial, version=1):
    """Version 1; version 2 adds new.<zone> A and removes old.<zone> A."""
    lines = [f"$ORIGIN {ZONE}.", "$TTL 3600",
             f"@ IN SOA ns1 hostmaster {serial} {REFRESH} 60 1209600 300",
             "@ IN NS ns1", "@ IN NS ns2", "@ IN MX 10 mail",
             '@ IN TXT "v=spf1 mx -all"',
             "ns1 IN A 192.0.2.1", "ns2 IN A 192.0.2.2", "mail IN A 192.0.2.25",
             "www IN A 192.0.2.80", "www IN AAAA 2001:db8::80", "ftp IN CNAME www",
             "john IN A 192.0.2.10", "_sip._tcp IN SRV 10 60 5060 www"]
    lines += [f"host{i} IN A 192.0.2.{100 + i}" for i in range(20)]
    if version == 1:
        lines.append("old IN A 192.0.2.66")
    else:
        lines.append("new IN A 192.0.2.99")
    return "\n".join(lines) + "\n"


def zoned_config(workdir, address, port, primary, axfr=False, downstream=None):
    """zoned's nsd.conf as the guides write a secondary's; `downstream` (address, port): a
    second secondary that may transfer the zone from this one and hears its NOTIFYs."""
    name, algorithm, secret = KEY
    paddr, pport = primary
    d = str(workdir)
    pattern = [f"    allow-notify: {paddr} {name}",
               f"    request-xfr: {'AXFR ' if axfr else ''}{paddr}@{pport} {name}",
               f"    outgoing-interface: {address}"]
    if downstream:
        daddr, dport = downstream
        pattern += [f"    provide-xfr: {daddr} {name}", f"    notify: {daddr}@{dport} {name}"]
    text = f"""server:
    ip-address: {address}
    port: {port}
    server-count: 1
    zonesdir: ""
    pidfile: "{d}/zoned.pid"
    xfrdfile: "{d}/xfrd.state"
    verbosity: 2
    tcp-timeout: 5
remote-control:
    control-enable: no
key:
    name: "{name}"
    algorithm: {algorithm}
    secret: "{secret}"
pattern:
    name: "fromPrimary"
""" + "\n".join(pattern) + f"""
zone:
    name: "{ZONE}"
    zonefile: "{d}/{ZONE}.zone"
    include-pattern: "fromPrimary"
"""
    path = os.path.join(d, "zoned.conf")
    with open(path, "w") as f:
        f.write(text)
    return path


def start_zoned(workdir, address, primary, **kw):
    os.makedirs(workdir, exist_ok=True)
    port = free_port(address)
    config = zoned_config(workdir, address, port, primary, **kw)
    return ZonedProcess(workdir, config=config, address=address, port=port, probe_name=ZONE)


def make_primary(kind, workdir, notify, allow_xfr_from, ixfr=True):
    address = PRIMARY_ADDRESS[kind]
    return PRIMARIES[kind](workdir, ZONE, zone_text(SERIAL), address=address,
                           port=free_port(address), notify=notify,
                           allow_xfr_from=allow_xfr_from, ixfr=ixfr)


def ask(address, port, name, rdtype):
    """(rcode, sorted rdata texts) of a UDP query; None when nothing answers."""
    q = dns.message.make_query(name, rdtype)
    try:
        r = dns.query.udp(q, address, port=port, timeout=0.5)
    except (dns.exception.Timeout, OSError):
        return None
    rrsets = [rrset for rrset in r.answer
              if rrset.rdtype == dns.rdatatype.from_text(rdtype)]
    return r.rcode(), sorted(rd.to_text() for rrset in rrsets for rd in rrset)


def serial_of(server):
    got = ask(server.address, server.port, ZONE, "SOA")
    if got and got[0] == 0 and got[1]:
        return int(got[1][0].split()[2])
    return None


def wait_until(predicate, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


def logs(*servers):
    return "\n".join(f"--- {getattr(s, 'name', 'zoned')} log (tail) ---\n{s.log()[-4000:]}"
                     for s in servers)


def assert_same_answers(primary, zoned, names=CHECKED):
    for name, rdtype in names:
        want = ask(primary.address, primary.port, name, rdtype)
        got = ask(zoned.address, zoned.port, name, rdtype)
        assert got == want, f"{name} {rdtype}: zoned {got}, primary {want}"


def has_new_record(zoned):
    return ask(zoned.address, zoned.port, f"new.{ZONE}", "A") == (0, ["192.0.2.99"])


def wait_first_transfer(primary, zoned):
    """Step 1: the first AXFR, the answers, the zone file on disk."""
    assert wait_until(lambda: serial_of(zoned) == SERIAL, FIRST_TIMEOUT), logs(zoned, primary)
    assert_same_answers(primary, zoned)
    # The zone file (zonefiles-write 0: written at once after the transfer) loads.
    zonefile = os.path.join(os.path.dirname(zoned.config), f"{ZONE}.zone")
    assert zoned.wait_for_log(f"zone {ZONE} serial {SERIAL} written to {zonefile}",
                              timeout=5), logs(zoned)
    checkzone = os.path.join(build_dir(), "src", "zoned-checkzone")
    if os.path.exists(checkzone):
        r = run([checkzone, ZONE, zonefile], timeout=30)
        assert r.returncode == 0, r.stdout + r.stderr
    on_disk = dns.zone.from_file(zonefile, origin=ZONE, relativize=False)
    served = dns.zone.from_text(zone_text(SERIAL), origin=ZONE, relativize=False)
    assert on_disk.get_rdataset(f"{ZONE}.", "SOA")[0].serial == SERIAL
    assert {(n, rds.rdtype, tuple(sorted(rd.to_text() for rd in rds)))
            for n, node in on_disk.nodes.items() for rds in node} == \
        {(n, rds.rdtype, tuple(sorted(rd.to_text() for rd in rds)))
         for n, node in served.nodes.items() for rds in node}


def update_and_wait(primary, zoned_servers):
    """Step 2's change on the primary; every server in `zoned_servers` must serve it within
    UPDATE_TIMEOUT of the primary serving it (the SOA refresh is REFRESH)."""
    primary.update(zone_text(SERIAL + 1, version=2))
    start = time.monotonic()
    for zoned in zoned_servers:
        assert wait_until(lambda: has_new_record(zoned),
                          UPDATE_TIMEOUT - (time.monotonic() - start)), \
            logs(*zoned_servers, primary)
    elapsed = time.monotonic() - start
    assert elapsed < UPDATE_TIMEOUT < REFRESH / 10
    for zoned in zoned_servers:
        assert ask(zoned.address, zoned.port, f"old.{ZONE}", "A")[0] == 3  # NXDOMAIN
        assert serial_of(zoned) == SERIAL + 1
    return elapsed


def transfer_line(zoned, primary_address, primary_port):
    """zoned's log line for the SERIAL -> SERIAL+1 transfer (waits for it, bounded)."""
    pattern = re.compile(rf"zone {re.escape(ZONE)}: serial {SERIAL} -> {SERIAL + 1} by (.*?) "
                         rf"from {re.escape(primary_address)}@{primary_port} "
                         rf"\(key {re.escape(KEY[0])}\.\)")
    found = []
    wait_until(lambda: bool(found.extend(pattern.findall(zoned.log())) or found), 5)
    assert found, logs(zoned)
    return found[0]


def assert_notified(zoned, primary_address):
    """The transfer came from a NOTIFY for the new serial from the primary's address."""
    assert re.search(rf"zone {re.escape(ZONE)}: NOTIFY from {re.escape(primary_address)}\S* "
                     rf"\([^)]*\) serial {SERIAL + 1}: checking the primaries", zoned.log()), \
        logs(zoned)


@pytest.mark.parametrize("kind", PEERS)
def test_initial_and_ixfr(tmp_path, kind):
    zaddr = ZONED_ADDRESS[kind]
    zoned = start_zoned(tmp_path / "zoned", zaddr, (PRIMARY_ADDRESS[kind], 0))
    primary = make_primary(kind, tmp_path / kind, notify=(zaddr, zoned.port),
                           allow_xfr_from=zaddr)
    # the primary's port is known now
    zoned_config(zoned.workdir, zaddr, zoned.port, (primary.address, primary.port))
    with primary, zoned:
        wait_first_transfer(primary, zoned)
        update_and_wait(primary, [zoned])
        assert_notified(zoned, primary.address)
        kind_used = transfer_line(zoned, primary.address, primary.port)
        assert "TSIG error" not in zoned.log()
        if kind == "nsd":  # see NSD_IXFR_REJECTED
            assert NSD_IXFR_REJECTED in zoned.log(), logs(zoned, primary)
            assert kind_used == "AXFR (after IXFR failed)", logs(zoned, primary)
        else:
            assert kind_used == "IXFR", logs(zoned, primary)


@pytest.mark.parametrize("kind", PEERS)
def test_ixfr_answered_as_axfr(tmp_path, kind):
    zaddr = ZONED_ADDRESS[kind]
    zoned = start_zoned(tmp_path / "zoned", zaddr, (PRIMARY_ADDRESS[kind], 0))
    primary = make_primary(kind, tmp_path / kind, notify=(zaddr, zoned.port),
                           allow_xfr_from=zaddr, ixfr=False)
    zoned_config(zoned.workdir, zaddr, zoned.port, (primary.address, primary.port))
    with primary, zoned:
        wait_first_transfer(primary, zoned)
        update_and_wait(primary, [zoned])
        assert_notified(zoned, primary.address)
        # zoned asked for an IXFR; all three answer it with the whole zone (primaries.py)
        assert transfer_line(zoned, primary.address, primary.port) == \
            "IXFR (answered as AXFR)", logs(zoned, primary)


@pytest.mark.parametrize("kind", PEERS)
def test_request_xfr_axfr(tmp_path, kind):
    zaddr = ZONED_ADDRESS[kind]
    zoned = start_zoned(tmp_path / "zoned", zaddr, (PRIMARY_ADDRESS[kind], 0), axfr=True)
    primary = make_primary(kind, tmp_path / kind, notify=(zaddr, zoned.port),
                           allow_xfr_from=zaddr)
    zoned_config(zoned.workdir, zaddr, zoned.port, (primary.address, primary.port), axfr=True)
    with primary, zoned:
        wait_first_transfer(primary, zoned)
        update_and_wait(primary, [zoned])
        assert_notified(zoned, primary.address)
        assert transfer_line(zoned, primary.address, primary.port) == "AXFR", \
            logs(zoned, primary)
        assert "IXFR" not in zoned.log(), logs(zoned)


@pytest.mark.parametrize("kind", PEERS)
def test_chain(tmp_path, kind):
    """primary -> zoned (first) -> zoned (second)."""
    first_addr, second_addr = ZONED_ADDRESS[kind], DOWNSTREAM_ADDRESS[kind]
    first = start_zoned(tmp_path / "first", first_addr, (PRIMARY_ADDRESS[kind], 0))
    second = start_zoned(tmp_path / "second", second_addr, (first_addr, first.port))
    zoned_config(first.workdir, first_addr, first.port, (PRIMARY_ADDRESS[kind], 0),
                 downstream=(second_addr, second.port))
    primary = make_primary(kind, tmp_path / kind, notify=(first_addr, first.port),
                           allow_xfr_from=first_addr)
    zoned_config(first.workdir, first_addr, first.port, (primary.address, primary.port),
                 downstream=(second_addr, second.port))
    with primary, first, second:
        wait_first_transfer(primary, first)
        wait_first_transfer(primary, second)
        update_and_wait(primary, [first, second])
        assert_notified(first, primary.address)
        # first hop: whichever transfer (test_initial_and_ixfr checks that it is an IXFR)
        transfer_line(first, primary.address, primary.port)
        assert_notified(second, first_addr)
        assert transfer_line(second, first_addr, first.port) == "IXFR", logs(second, first)
        assert first.wait_for_log(
            f"NOTIFY serial {SERIAL + 1} acknowledged by {second_addr}@{second.port} "
            f"(key {KEY[0]}.)", timeout=5), logs(first)
