"""zoned answers over UDP and TCP: data, NXDOMAIN, REFUSED, EDNS, pipelining, bad packets."""
import socket

import dns.edns
import dns.flags
import dns.message
import dns.rcode
import dns.rdatatype
import pytest

from dns_tcp import framed, read_message
from zoned_process import ZonedProcess, write_zone


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("answers")
    zone = write_zone(workdir / "example.com.zone")
    with ZonedProcess(workdir, zones={"example.com": zone}, workers=2) as s:
        yield s


def a_records(response):
    return sorted(rd.address for rrset in response.answer for rd in rrset
                  if rrset.rdtype == dns.rdatatype.A)


@pytest.mark.parametrize("tcp", [False, True])
def test_a_record(server, tcp):
    r = server.query("www.example.com", "A", tcp=tcp)
    assert r.rcode() == dns.rcode.NOERROR
    assert r.flags & dns.flags.AA
    assert a_records(r) == ["192.0.2.80"]


@pytest.mark.parametrize("tcp", [False, True])
def test_nxdomain_has_soa(server, tcp):
    r = server.query("nothere.example.com", "A", tcp=tcp)
    assert r.rcode() == dns.rcode.NXDOMAIN
    assert any(rrset.rdtype == dns.rdatatype.SOA for rrset in r.authority)


@pytest.mark.parametrize("tcp", [False, True])
def test_outside_the_zones_is_refused(server, tcp):
    r = server.query("www.example.org", "A", tcp=tcp)
    assert r.rcode() == dns.rcode.REFUSED


def test_edns_is_answered_with_edns(server):
    r = server.query("www.example.com", "A", use_edns=0, payload=1232)
    assert r.edns == 0
    assert a_records(r) == ["192.0.2.80"]


def test_no_edns_no_opt(server):
    r = server.query("www.example.com", "A", use_edns=False)
    assert r.edns == -1


def tcp_connect(server):
    sock = socket.create_connection((server.address, server.port), timeout=5)
    sock.settimeout(5)
    return sock


def test_tcp_pipelined_queries_answered_in_order(server):
    names = ["www", "john", "nothere", "ns1", "www"] * 4
    queries = [dns.message.make_query(f"{n}.example.com", "A") for n in names]
    wire = b"".join(framed(q) for q in queries)
    with tcp_connect(server) as sock:
        sock.sendall(wire)  # all at once: several queries in one segment
        for q in queries:
            r = read_message(sock)
            assert r.id == q.id
            assert r.question[0].name == q.question[0].name


def test_tcp_query_split_across_segments(server):
    wire = framed(dns.message.make_query("john.example.com", "A"))
    with tcp_connect(server) as sock:
        for i in range(len(wire)):  # one octet at a time
            sock.send(wire[i:i + 1])
        assert a_records(read_message(sock)) == ["192.0.2.10"]


def test_tcp_half_close_still_gets_the_answers(server):
    queries = [dns.message.make_query("www.example.com", "A") for _ in range(3)]
    with tcp_connect(server) as sock:
        sock.sendall(b"".join(framed(q) for q in queries))
        sock.shutdown(socket.SHUT_WR)
        ids = [read_message(sock).id for _ in queries]
        assert ids == [q.id for q in queries]
        assert sock.recv(1) == b""  # then the server closes


def udp_exchange(server, payload, timeout=1.0):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(timeout)
        sock.sendto(payload, (server.address, server.port))
        try:
            return sock.recv(65535)
        except socket.timeout:
            return None


@pytest.mark.parametrize("payload", [
    b"\x12\x34",                                          # shorter than a header
    b"\x12\x34\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00",  # qdcount 1, no question
    b"\x12\x34\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x03www\xc0\x0c\x00\x01\x00\x01",  # loop
    bytes(range(256)) * 4,                                # noise
])
def test_malformed_gets_formerr_or_nothing_and_server_lives_on(server, payload):
    reply = udp_exchange(server, payload)
    if reply is not None:
        assert len(reply) >= 12
        assert reply[:2] == payload[:2]
        assert reply[2] & 0x80  # QR
        assert reply[3] & 0x0F == dns.rcode.FORMERR
    assert a_records(server.query("www.example.com", "A")) == ["192.0.2.80"]


def test_responses_are_never_answered(server):
    r = dns.message.make_response(dns.message.make_query("www.example.com", "A"))
    assert udp_exchange(server, r.to_wire(), timeout=0.5) is None


def test_many_udp_queries_all_answered(server):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(2)
        queries = {}
        for i in range(200):
            q = dns.message.make_query(f"host{i}.example.com", "A")
            q.id = i
            queries[i] = q
            sock.sendto(q.to_wire(), (server.address, server.port))
        seen = set()
        for _ in range(200):
            seen.add(dns.message.from_wire(sock.recv(65535)).id)
        assert seen == set(queries)
