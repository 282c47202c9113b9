"""zoned-control stats / stats_noreset (issue #6): NSD's counter names, counted by the
workers on the query path and summed over them; `stats` resets, `stats_noreset` does not.
"""
import socket

import dns.message
import dns.query
import dns.rdataclass
import pytest

from conftest import program, run
from zoned_process import (ZonedProcess, free_port, make_control_keys, remote_control_lines,
                            write_zone)


def write_config(path, port, control_port, keydir, zonefile, pidfile):
    lines = ["server:", "    ip-address: 127.0.0.1", f"    port: {port}", '    zonesdir: ""',
             f'    pidfile: "{pidfile}"', "    server-count: 2"]
    lines += remote_control_lines(keydir, control_port)
    lines += ["zone:", '    name: "example.com"', f'    zonefile: "{zonefile}"']
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


@pytest.fixture
def server(tmp_path):
    keydir = make_control_keys(tmp_path)
    zone = write_zone(str(tmp_path / "example.com.zone"), serial=1,
                      extra="@ IN MX 10 www\n")
    config = str(tmp_path / "zoned.conf")
    port, control_port = free_port(), free_port()
    write_config(config, port, control_port, keydir, zone, str(tmp_path / "zoned.pid"))
    with ZonedProcess(tmp_path, config=config, port=port, probe_name="example.com") as s:
        yield s


def stats(server, command):
    r = run([program("zoned-control"), "-c", server.config, command], timeout=30)
    assert r.returncode == 0, r.stdout + r.stderr
    lines = r.stdout.splitlines()
    values = dict(line.split("=", 1) for line in lines)
    assert len(values) == len(lines)  # every line name=value, no name twice
    return lines, values


def udp(server, name, rdtype, rdclass="IN", **kw):
    q = dns.message.make_query(name, rdtype, rdclass, **kw)
    return dns.query.udp(q, server.address, port=server.port, timeout=2)


def tcp(server, name, rdtype):
    q = dns.message.make_query(name, rdtype)
    return dns.query.tcp(q, server.address, port=server.port, timeout=2)


def send_mix(server):
    """7 queries over UDP (one with EDNS), 2 over TCP; rcodes known."""
    assert udp(server, "www.example.com", "A").rcode() == 0
    assert udp(server, "www.example.com", "AAAA").rcode() == 0
    assert udp(server, "example.com", "MX", use_edns=0).rcode() == 0
    assert udp(server, "nothere.example.com", "A").rcode() == 3       # NXDOMAIN
    assert udp(server, "www.example.org", "A").rcode() == 5           # REFUSED
    assert udp(server, "version.bind", "TXT", "CH").rcode() == 0
    # Garbage: a header that promises a question and has none: FORMERR.
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(2)
        s.sendto(bytes([0x12, 0x34, 0x01, 0, 0, 1, 0, 0, 0, 0, 0, 0]),
                 (server.address, server.port))
        answer = s.recv(512)
        assert answer[3] & 0xF == 1
    assert tcp(server, "www.example.com", "A").rcode() == 0
    assert tcp(server, "example.com", "MX").rcode() == 0


EXPECTED = {
    "num.queries": 9, "num.udp": 7, "num.udp6": 0, "num.tcp": 2, "num.tcp6": 0,
    "num.type.A": 4, "num.type.AAAA": 1, "num.type.MX": 2, "num.type.TXT": 1,
    "num.opcode.QUERY": 9, "num.class.IN": 7, "num.class.CH": 1,
    "num.rcode.NOERROR": 6, "num.rcode.NXDOMAIN": 1, "num.rcode.REFUSED": 1,
    "num.rcode.FORMERR": 1, "num.rcode.SERVFAIL": 0, "num.rcode.NOTIMP": 0,
    "num.edns": 1, "num.ednserr": 0, "num.answer_wo_aa": 1,  # version.bind: CH answers carry no AA "num.rxerr": 0, "num.txerr": 0,
    "num.raxfr": 0, "num.rixfr": 0, "num.truncated": 0, "num.dropped": 0,
    "zone.master": 1, "zone.slave": 0,
}


def test_stats_count_the_queries_and_reset(server):
    stats(server, "stats")  # from here on: the start-up probes are forgotten
    send_mix(server)
    lines, values = stats(server, "stats_noreset")
    for name, count in EXPECTED.items():
        assert int(values.get(name, -1)) == count, (name, lines)
    assert not [n for n in values if n.startswith("num.type.")
                and n not in ("num.type.A", "num.type.AAAA", "num.type.MX", "num.type.TXT")]
    assert int(values["server0.queries"]) + int(values["server1.queries"]) == 9
    assert float(values["time.boot"]) > 0 and float(values["time.elapsed"]) >= 0
    # NSD's order: serverN, num.queries, time, then num.* and zone.*.
    names = [line.split("=")[0] for line in lines]
    assert names[:5] == ["server0.queries", "server1.queries", "num.queries", "time.boot",
                         "time.elapsed"]
    assert names[-2:] == ["zone.master", "zone.slave"]

    # stats_noreset again: the same counts; stats: the same, then reset.
    _, again = stats(server, "stats_noreset")
    assert again["num.queries"] == "9"
    _, reset = stats(server, "stats")
    assert reset["num.queries"] == "9" and reset["num.type.MX"] == "2"
    lines, after = stats(server, "stats")
    assert after["num.queries"] == "0", lines
    assert after["server0.queries"] == "0" and after["server1.queries"] == "0"
    assert "num.type.A" not in after  # zero types are left out
    assert after["num.rcode.NOERROR"] == "0"

    # Counting goes on after a reset.
    assert tcp(server, "www.example.com", "A").rcode() == 0
    _, values = stats(server, "stats_noreset")
    assert (values["num.queries"], values["num.tcp"], values["num.type.A"]) == ("1", "1", "1")


def test_zonestats_groups_count_their_zones_queries(tmp_path):
    """NSD's zonestats: the queries of the zones naming a group, counted again under
    zonestat.<group>."""
    keydir = make_control_keys(tmp_path)
    com = write_zone(str(tmp_path / "example.com.zone"), serial=1)
    net = write_zone(str(tmp_path / "example.net.zone"), origin="example.net", serial=1)
    config = str(tmp_path / "zoned.conf")
    port, control_port = free_port(), free_port()
    write_config(config, port, control_port, keydir, com, str(tmp_path / "zoned.pid"))
    with open(config, "a") as f:
        f.write('    zonestats: "customers"\n'
                f'zone:\n    name: "example.net"\n    zonefile: "{net}"\n')
    with ZonedProcess(tmp_path, config=config, port=port, probe_name="example.com") as server:
        stats(server, "stats")  # forget the start-up probes
        udp(server, "www.example.com", "A")
        udp(server, "nothere.example.com", "A")
        tcp(server, "www.example.com", "A")
        udp(server, "www.example.net", "A")  # no group
        _, values = stats(server, "stats_noreset")
        assert values["num.queries"] == "4"
        assert values["zonestat.customers.num.queries"] == "3"
        assert values["zonestat.customers.num.rcode.NOERROR"] == "2"
        assert values["zonestat.customers.num.rcode.NXDOMAIN"] == "1"
        assert values["zonestat.customers.num.udp"] == "2"
        assert values["zonestat.customers.num.tcp"] == "1"
        _, values = stats(server, "stats")
        _, values = stats(server, "stats")
        assert values["zonestat.customers.num.queries"] == "0"
