"""The primary's gatekeeping and TSIG (issue #4), checked with dnspython and dig:
provide-xfr (unlisted: REFUSED with Extended DNS Error 18; a wrong key: BADSIG; an unknown
key: BADKEY), BADTIME, allow-query, signed answers to ordinary queries for all six HMAC
algorithms (dig -y), a multi-message AXFR whose every message dnspython's TSIG context
verifies, IXFR over UDP, and an AXFR that a reload in the middle does not change.
"""
import os
import re
import socket
import subprocess
import time
from unittest import mock

import dns.edns
import dns.message
import dns.query
import dns.rcode
import dns.tsig
import dns.tsigkeyring
import dns.xfr
import dns.zone
import pytest

from dns_tcp import framed, read_wire
from zoned_process import ZonedProcess, free_port, write_zone

ZONE = "example.com"
SECRET = "K2tf3TRjvQkVCmJF3/Z9vA3ONPhJ4g7sNL1bh0mFp0o="
ALGORITHMS = ["hmac-md5", "hmac-sha1", "hmac-sha224", "hmac-sha256", "hmac-sha384",
              "hmac-sha512"]
XFR_CLIENT = "127.0.0.2"    # listed in provide-xfr with key xfr-key
OPEN_CLIENT = "127.0.0.3"   # listed with NOKEY
OTHER_CLIENT = "127.0.0.4"  # not listed


def write_config(path, port, zonefile, pidfile, extra_zone="", extra=""):
    keys = "".join(f'key:\n    name: "{alg}-key"\n    algorithm: {alg}\n    secret: "{SECRET}"\n'
                   for alg in ALGORITHMS)
    text = f"""server:
    ip-address: 127.0.0.1
    port: {port}
    zonesdir: ""
    pidfile: "{pidfile}"
    verbosity: 2
    tcp-timeout: 10
{keys}key:
    name: "xfr-key"
    algorithm: hmac-sha256
    secret: "{SECRET}"
zone:
    name: "{ZONE}"
    zonefile: "{zonefile}"
    provide-xfr: {XFR_CLIENT} xfr-key
    provide-xfr: {OPEN_CLIENT} NOKEY
{extra_zone}{extra}"""
    with open(path, "w") as f:
        f.write(text)


def start_primary(tmp_path, hosts=None, extra_zone="", extra=""):
    zonefile = write_zone(str(tmp_path / "example.com.zone"), serial=1, hosts=hosts)
    port = free_port()
    config = str(tmp_path / "zoned.conf")
    write_config(config, port, zonefile, str(tmp_path / "zoned.pid"), extra_zone, extra)
    return ZonedProcess(tmp_path, config=config, port=port, probe_name=ZONE), zonefile


def keyring(name="xfr-key", algorithm="hmac-sha256", secret=SECRET):
    return dns.tsigkeyring.from_text({name: (algorithm, secret)})


def tcp_exchange(server, wire, source):
    """One request over TCP from `source`; returns the first response's wire form."""
    with socket.create_connection((server.address, server.port), timeout=5,
                                  source_address=(source, 0)) as s:
        s.sendall(framed(wire))
        return read_wire(s)


def ede_codes(message):
    return [o.code for o in message.options if isinstance(o, dns.edns.EDEOption)]


def test_unlisted_address_is_refused_with_ede_18(tmp_path):
    server, _ = start_primary(tmp_path)
    with server:
        q = dns.message.make_query(ZONE, "AXFR", use_edns=0)
        r = dns.message.from_wire(tcp_exchange(server, q.to_wire(), OTHER_CLIENT))
        assert r.rcode() == dns.rcode.REFUSED
        assert ede_codes(r) == [18]
        assert not r.answer
        assert f"AXFR refused to {OTHER_CLIENT}#" in server.log()
        # A listed address without the key its entry asks for is not let through either.
        r = dns.message.from_wire(tcp_exchange(server, q.to_wire(), XFR_CLIENT))
        assert r.rcode() == dns.rcode.REFUSED


def test_listed_address_with_its_key_gets_the_zone_signed(tmp_path):
    server, _ = start_primary(tmp_path)
    with server:
        zone = dns.zone.Zone(ZONE)
        dns.query.inbound_xfr(server.address, zone, port=server.port, timeout=5,
                              source=XFR_CLIENT,
                              query=_signed_axfr(keyring()))
        assert zone.get_rdataset("www", "A")[0].address == "192.0.2.80"
        # NOKEY entry: unsigned is fine.
        zone = dns.zone.Zone(ZONE)
        dns.query.inbound_xfr(server.address, zone, port=server.port, timeout=5,
                              source=OPEN_CLIENT)
        assert zone.get_rdataset("john", "A")[0].address == "192.0.2.10"


def _signed_axfr(ring, name="xfr-key"):
    q = dns.message.make_query(ZONE, "AXFR")
    q.use_tsig(ring, keyname=name)
    return q


def test_wrong_secret_gets_badsig_unknown_key_gets_badkey(tmp_path):
    server, _ = start_primary(tmp_path)
    with server:
        wrong = _signed_axfr(keyring(secret="AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="))
        wire = tcp_exchange(server, wrong.to_wire(), XFR_CLIENT)
        with pytest.raises(dns.tsig.PeerBadSignature):
            dns.message.from_wire(wire, keyring=wrong.keyring, request_mac=wrong.mac)
        assert wire[3] & 0xF == dns.rcode.NOTAUTH
        unknown = _signed_axfr(keyring(name="nobody"), name="nobody")
        wire = tcp_exchange(server, unknown.to_wire(), XFR_CLIENT)
        with pytest.raises(dns.tsig.PeerBadKey):
            dns.message.from_wire(wire, keyring=unknown.keyring, request_mac=unknown.mac)
        assert "TSIG error BADSIG" in server.log() and "TSIG error BADKEY" in server.log()


def test_clock_skew_gets_badtime_signed_with_the_server_time(tmp_path):
    server, _ = start_primary(tmp_path)
    with server:
        q = dns.message.make_query(f"www.{ZONE}", "A")
        q.use_tsig(keyring(), keyname="xfr-key")
        with mock.patch("time.time", return_value=time.time() - 3600):
            wire = q.to_wire()
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.settimeout(2)
        s.sendto(wire, (server.address, server.port))
        data = s.recv(4096)
        with pytest.raises(dns.tsig.PeerBadTime):
            dns.message.from_wire(data, keyring=q.keyring, request_mac=q.mac)
        assert data[3] & 0xF == dns.rcode.NOTAUTH
        # The TSIG RR ends the message: Other Len 6, Other Data the server's time (§5.2.3).
        assert int.from_bytes(data[-8:-6], "big") == 6
        assert abs(int.from_bytes(data[-6:], "big") - time.time()) < 60


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_dig_y_signed_query_is_answered_and_signed(tmp_path, algorithm):
    server, _ = start_primary(tmp_path)
    with server:
        out = subprocess.run(["dig", f"@{server.address}", "-p", str(server.port),
                              "-y", f"{algorithm}:{algorithm}-key:{SECRET}", f"www.{ZONE}", "A"],
                             capture_output=True, text=True, timeout=20).stdout
        assert "status: NOERROR" in out, out
        assert "192.0.2.80" in out
        assert re.search(rf"^{algorithm}-key\.\s+0\s+ANY\s+TSIG\s+{algorithm}\..* NOERROR 0",
                         out, re.M), out
        assert "tsig verify failure" not in out.lower(), out


def test_allow_query_drops_unlisted_clients(tmp_path):
    server, _ = start_primary(tmp_path, extra_zone="    allow-query: 127.0.0.9 NOKEY\n")
    server.probe_name = "."  # a query for the zone itself would be dropped
    with server:
        q = dns.message.make_query(f"www.{ZONE}", "A")
        with pytest.raises(dns.exception.Timeout):
            dns.query.udp(q, server.address, port=server.port, timeout=0.5)
        r = dns.query.udp(q, server.address, port=server.port, timeout=2, source="127.0.0.9")
        assert r.rcode() == dns.rcode.NOERROR and r.answer


def test_ixfr_over_udp_answers_the_soa(tmp_path):
    server, _ = start_primary(tmp_path)
    with server:
        q = dns.message.make_query(ZONE, "IXFR")
        q.authority.append(dns.rrset.from_text(ZONE + ".", 0, "IN", "SOA", "ns1. h. 0 1 1 1 1"))
        r = dns.query.udp(q, server.address, port=server.port, timeout=2, source=OPEN_CLIENT)
        assert [rrset.rdtype for rrset in r.answer] == [dns.rdatatype.SOA]
        assert r.answer[0][0].serial == 1


def test_multi_message_axfr_is_verified_message_by_message(tmp_path):
    hosts = {f"host{i}": f"10.{i // 65536 % 256}.{i // 256 % 256}.{i % 256}" for i in range(6000)}
    server, _ = start_primary(tmp_path, hosts=hosts)
    with server:
        q = _signed_axfr(keyring())
        messages = 0
        records = 0
        # dns.query.xfr verifies every message with the TSIG context (RFC 8945 §5.3.1).
        for m in dns.query.xfr(server.address, ZONE, port=server.port, timeout=10,
                               keyring=q.keyring, keyname="xfr-key", source=XFR_CLIENT):
            messages += 1
            records += sum(len(rrset) for rrset in m.answer)
            assert m.had_tsig
        assert messages > 1
        assert records == 6000 + 2 + 2  # hosts, ns1's A and the NS, the SOA twice


def test_reload_during_axfr_does_not_change_it(tmp_path):
    # zoned makes the messages of a transfer only as the client reads them, and this client
    # has a small receive window: with a zone (about 9 MB) larger than what the kernel
    # buffers (4 MB of send buffer here) and zoned's 256 KiB of pending output, most of the
    # zone is still to be made when the reload comes; the log's order proves it. The
    # transfer must go on from the snapshot it started on.
    hosts = {f"h{i}": f"10.{i // 65536 % 256}.{i // 256 % 256}.{i % 256}" for i in range(400000)}
    server, zonefile = start_primary(tmp_path, hosts=hosts)
    with server:
        q = dns.message.make_query(ZONE, "AXFR")
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # before connect: the window
            s.bind((OPEN_CLIENT, 0))
            s.settimeout(10)
            s.connect((server.address, server.port))
            s.sendall(framed(q))
            first = read_wire(s)
            assert dns.message.from_wire(first).answer[0][0].serial == 1
            write_zone(zonefile, serial=2, hosts={"only": "192.0.2.1"})
            server.reload()
            assert server.wait_for_log("serial 2 loaded", timeout=20)
            # The rest, framed but not decoded (decoding 100000 records takes long).
            messages = []
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                messages.append(read_wire(s))
                if server.log().count("AXFR of serial 1 to") >= 2:  # started and done
                    s.settimeout(1)
                    try:
                        while True:
                            messages.append(read_wire(s))
                    except (socket.timeout, EOFError):
                        break
        finally:
            s.close()
        log = server.log()
        assert "ended early" not in log
        # 400000 records removed: more than ixfr-size (1 MB), so not journaled.
        assert "more than ixfr-size" in log and "not kept for IXFR" in log
        # The transfer ended after the new serial was loaded.
        done = re.search(rf"AXFR of serial 1 to {OPEN_CLIENT}#\d+ done:", log)
        assert done and log.index("serial 2 loaded") < done.start(), log
        last = dns.message.from_wire(messages[-1])
        assert last.answer[-1].rdtype == dns.rdatatype.SOA and last.answer[-1][0].serial == 1
        everything = b"".join(messages)
        assert b"\x07h399999" in everything
        assert b"\x04only" not in everything


def ixfr_answer_serials(server, client_serial):
    """The SOA serials of an IXFR answer's first message, in order."""
    q = dns.message.make_query(ZONE, "IXFR")
    q.authority.append(dns.rrset.from_text(ZONE + ".", 0, "IN", "SOA",
                                           f"ns1. h. {client_serial} 1 1 1 1"))
    r = dns.message.from_wire(tcp_exchange(server, q.to_wire(), OPEN_CLIENT),
                              one_rr_per_rrset=True)
    return [rr.serial for rrset in r.answer if rrset.rdtype == dns.rdatatype.SOA for rr in rrset]


def test_ixfr_journal_survives_a_restart(tmp_path):
    server, zonefile = start_primary(tmp_path)
    with server:
        write_zone(zonefile, serial=2, hosts={"www": "192.0.2.81"})
        server.reload()
        assert server.wait_for_log("serial 1 -> 2", timeout=10)
    assert os.path.exists(zonefile + ".zoned-ixfr")
    # The same configuration and files, a new process.
    server = ZonedProcess(tmp_path, config=str(tmp_path / "zoned.conf"), port=server.port,
                          probe_name=ZONE)
    with server:
        # An IXFR answer: new SOA, old SOA (the removed records), new SOA (the added), new SOA.
        serials = ixfr_answer_serials(server, 1)
        assert serials[:2] == [2, 1], serials
        assert f"IXFR 1 -> 2 to {OPEN_CLIENT}#" in server.log()
