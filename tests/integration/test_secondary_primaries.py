"""A secondary with several primaries (issue #5): request-xfr entries tried in order, the
next one when a primary is down; multi-primary-check takes the highest serial; request-xfr
UDP asks for IXFR over UDP first; many zones share one scheduler."""
import os
import time

import dns.message
import dns.query
import dns.rcode

from zoned_process import ZonedProcess, free_port, write_zone

KEY = 'key:\n    name: "k"\n    algorithm: hmac-sha256\n' \
      '    secret: "K2tf3TRjvQkVCmJF3/Z9vA3ONPhJ4g7sNL1bh0mFp0o="\n'
P1, P2, SECONDARY = "127.0.0.61", "127.0.0.62", "127.0.0.63"


def server_clause(address, port, workdir):
    return f"""server:
    ip-address: {address}
    port: {port}
    server-count: 1
    zonesdir: ""
    pidfile: ""
    xfrdfile: "{workdir}/xfrd.state"
    zonelistfile: "{workdir}/zone.list"
    verbosity: 2
remote-control:
    control-enable: no
{KEY}"""


def start_primary(tmp_path, name, address, port, zones, notify=False):
    """A zoned primary of `zones` ({apex: serial}) for the secondary, with the key."""
    workdir = tmp_path / name
    workdir.mkdir()
    text = server_clause(address, port, workdir)
    for apex, serial in zones.items():
        path = write_zone(str(workdir / f"{apex}.zone"), origin=apex, serial=serial)
        text += f"""zone:
    name: "{apex}"
    zonefile: "{path}"
    provide-xfr: {SECONDARY} k
"""
        if notify:
            text += f"    notify: {SECONDARY}@{port} k\n    outgoing-interface: {address}\n"
    (workdir / "zoned.conf").write_text(text)
    return ZonedProcess(workdir, config=str(workdir / "zoned.conf"), address=address,
                        port=port)


def start_secondary(tmp_path, port, zones, request_xfr, extra=""):
    workdir = tmp_path / "secondary"
    workdir.mkdir(exist_ok=True)
    text = server_clause(SECONDARY, port, workdir)
    for apex in zones:
        text += f"""zone:
    name: "{apex}"
    zonefile: "{workdir}/{apex}.zone"
    outgoing-interface: {SECONDARY}
{request_xfr}{extra}"""
    (workdir / "zoned.conf").write_text(text)
    return ZonedProcess(workdir, config=str(workdir / "zoned.conf"), address=SECONDARY,
                        port=port)


def serial_of(port, apex, address=SECONDARY):
    try:
        r = dns.query.udp(dns.message.make_query(apex, "SOA"), address, port=port, timeout=1)
    except Exception:
        return None
    return r.answer[0][0].serial if r.rcode() == dns.rcode.NOERROR and r.answer else None


def wait_serial(port, apex, serial, timeout=10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if serial_of(port, apex) == serial:
            return True
        time.sleep(0.05)
    return False


def test_the_next_primary_is_tried_when_the_first_is_down(tmp_path):
    port = free_port(P1)
    with start_primary(tmp_path, "p2", P2, port, {"example.com": 7}):
        # P1 is down: nothing listens on it.
        request = f"    request-xfr: {P1}@{port} k\n    request-xfr: {P2}@{port} k\n"
        with start_secondary(tmp_path, port, ["example.com"], request) as secondary:
            assert wait_serial(port, "example.com", 7), secondary.log()
            assert f"serial (none) -> 7 by AXFR from {P2}@{port} (key k.)" in secondary.log()


def test_multi_primary_check_takes_the_highest_serial(tmp_path):
    port = free_port(P1)
    with start_primary(tmp_path, "p1", P1, port, {"example.com": 5}), \
            start_primary(tmp_path, "p2", P2, port, {"example.com": 9}):
        request = f"    request-xfr: {P1}@{port} k\n    request-xfr: {P2}@{port} k\n"
        with start_secondary(tmp_path, port, ["example.com"], request,
                             "    multi-primary-check: yes\n") as secondary:
            assert wait_serial(port, "example.com", 9), secondary.log()
            assert f"-> 9 by AXFR from {P2}@{port}" in secondary.log()


def test_without_multi_primary_check_the_first_answering_primary_wins(tmp_path):
    port = free_port(P1)
    with start_primary(tmp_path, "p1", P1, port, {"example.com": 5}), \
            start_primary(tmp_path, "p2", P2, port, {"example.com": 9}):
        request = f"    request-xfr: {P1}@{port} k\n    request-xfr: {P2}@{port} k\n"
        with start_secondary(tmp_path, port, ["example.com"], request) as secondary:
            assert wait_serial(port, "example.com", 5), secondary.log()


def test_request_xfr_udp_asks_over_udp_first(tmp_path):
    port = free_port(P1)
    with start_primary(tmp_path, "p1", P1, port, {"example.com": 1}, notify=True) as primary:
        request = f"    request-xfr: UDP {P1}@{port} k\n    allow-notify: {P1} k\n"
        with start_secondary(tmp_path, port, ["example.com"], request) as secondary:
            assert wait_serial(port, "example.com", 1), secondary.log()
            write_zone(str(tmp_path / "p1" / "example.com.zone"), origin="example.com",
                       serial=2, hosts={"www": "192.0.2.81"})
            primary.reload()
            assert wait_serial(port, "example.com", 2), secondary.log()
            assert "-> 2 by IXFR from" in secondary.log()
            # zoned as a primary answers an IXFR over UDP with its SOA (RFC 1995 §2 allows
            # it): the secondary comes back over TCP.
            assert "IXFR over UDP from" in secondary.log()
            assert "IXFR 1 -> 2 to 127.0.0.63" in primary.log()


def test_a_thousand_zones_share_one_scheduler(tmp_path):
    """1000 secondary zones: transferred by four transfer threads, not a thread each."""
    port = free_port(P1)
    apexes = [f"z{i}.example" for i in range(1000)]
    with start_primary(tmp_path, "p1", P1, port, {a: 3 for a in apexes}):
        request = f"    request-xfr: AXFR {P1}@{port} k\n"
        with start_secondary(tmp_path, port, apexes, request) as secondary:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                if secondary.log().count("by AXFR from") == len(apexes):
                    break
                time.sleep(0.2)
            assert secondary.log().count("by AXFR from") == len(apexes)
            assert serial_of(port, "z999.example") == 3
            threads = len(os.listdir(f"/proc/{secondary.process.pid}/task"))
            assert threads < 20, threads
