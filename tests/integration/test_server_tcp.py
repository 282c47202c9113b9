"""TCP under stress: large pipelined responses to a slow reader, slowloris, tcp-count."""
import socket
import time

import dns.message
import dns.rdatatype
import pytest

from dns_tcp import framed, read_message
from zoned_process import ZonedProcess, write_zone

TXT_RECORDS = 60
TXT_TEXT = "x" * 240


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("tcp")
    big = "".join(f'big IN TXT "{i:03d}{TXT_TEXT}"\n' for i in range(TXT_RECORDS))
    zone = write_zone(workdir / "example.com.zone", extra=big)
    with ZonedProcess(workdir, zones={"example.com": zone}, workers=2,
                      extra_server="tcp-timeout: 2\ntcp-count: 4") as s:
        yield s


def connect(server):
    sock = socket.create_connection((server.address, server.port), timeout=5)
    sock.settimeout(5)
    return sock


def test_large_pipelined_responses_to_a_slow_reader(server):
    # 60 queries of ~15 KB answers: far more than the socket buffers and the server's
    # output limit, so the server must stop reading, write partially and resume.
    queries = [dns.message.make_query("big.example.com", "TXT") for _ in range(60)]
    with connect(server) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 32768)
        sock.sendall(b"".join(framed(q) for q in queries))
        time.sleep(0.5)  # let the server fill everything up
        for q in queries:
            r = read_message(sock)
            assert r.id == q.id
            txt = [rrset for rrset in r.answer if rrset.rdtype == dns.rdatatype.TXT]
            assert len(txt) == 1 and len(txt[0]) == TXT_RECORDS


def test_slowloris_is_closed_after_tcp_timeout(server):
    query = framed(dns.message.make_query("www.example.com", "A"))
    with connect(server) as sock:
        start = time.monotonic()
        closed = False
        for i in range(len(query) - 1):  # never completes the query
            try:
                sock.send(query[i:i + 1])
            except (BrokenPipeError, ConnectionResetError):
                closed = True
                break
            sock.settimeout(0.4)
            try:
                if sock.recv(1) == b"":
                    closed = True
                    break
            except socket.timeout:
                pass
            except ConnectionResetError:
                closed = True
                break
            if time.monotonic() - start > 8:
                break
        assert closed, "the server kept a connection that never finished its query"
        assert time.monotonic() - start < 6


def answered(sock):
    """True when the server answers a query on sock, False when it has closed it."""
    try:
        sock.sendall(framed(dns.message.make_query("www.example.com", "A")))
        return bool(read_message(sock).answer)
    except (EOFError, ConnectionResetError, BrokenPipeError):
        return False


@pytest.fixture
def own_server(tmp_path):
    """A server for one test: no connection an earlier test left closing holds a place, and
    nothing is closed for idling while the test runs on a slow machine."""
    zone = write_zone(tmp_path / "example.com.zone")
    with ZonedProcess(tmp_path, zones={"example.com": zone}, workers=2,
                      extra_server="tcp-timeout: 30\ntcp-count: 4") as s:
        yield s


def test_tcp_count_limits_connections(own_server):
    # tcp-count 4 gives one address half of it (tcp-count-per-client defaults to tcp-count/2).
    # Two workers accept from the same listener, so which two of the four win is not fixed.
    server = own_server
    socks = [connect(server) for _ in range(4)]
    try:
        time.sleep(0.2)
        with connect(server) as extra:
            assert not answered(extra)
        served = [answered(s) for s in socks]
        assert served.count(True) == 2, served
    finally:
        for s in socks:
            s.close()
    # Once the server has seen them closed, new connections are taken again.
    deadline = time.monotonic() + 10
    while True:
        with connect(server) as sock:
            if answered(sock):
                break
        assert time.monotonic() < deadline, "no connection taken after the others closed"
        time.sleep(0.1)


def test_idle_connection_is_closed(server):
    with connect(server) as sock:
        sock.sendall(framed(dns.message.make_query("www.example.com", "A")))
        read_message(sock)
        sock.settimeout(6)
        start = time.monotonic()
        assert sock.recv(1) == b""
        assert time.monotonic() - start < 5
