"""TSIG key rotation with zoned-control (issue #6), nsd-control's commands: print_tsig,
update_tsig, add_tsig, assoc_tsig, del_tsig. A zoned primary gives example.com to 127.0.0.1
with key k1 and NOTIFYs a fake secondary with it; the commands change the running server
only, and reconfig goes back to the file's keys.
"""
import base64
import socket
import time

import dns.message
import dns.opcode
import dns.query
import dns.rcode
import dns.tsig
import dns.tsigkeyring
import dns.xfr
import pytest

from conftest import program, run
from dns_tcp import framed, read_wire
from zoned_process import (ZonedProcess, free_port, make_control_keys, remote_control_lines,
                            write_zone)

ZONE = "example.com"
CLIENT = "127.0.0.1"
SECRET1 = base64.b64encode(bytes(range(32))).decode()
NEW_SECRET1 = base64.b64encode(bytes(range(100, 132))).decode()
SECRET2 = base64.b64encode(bytes(range(64, 128))).decode()


def write_config(path, port, control_port, keydir, zonefiles, pidfile, notify_port):
    text = f"""server:
    ip-address: 127.0.0.1
    port: {port}
    zonesdir: ""
    pidfile: "{pidfile}"
    verbosity: 2
    tcp-timeout: 10
{chr(10).join(remote_control_lines(keydir, control_port))}
key:
    name: "k1"
    algorithm: hmac-sha256
    secret: "{SECRET1}"
zone:
    name: "{ZONE}"
    zonefile: "{zonefiles[0]}"
    provide-xfr: {CLIENT} k1
    provide-xfr: 127.0.0.9 BLOCKED
    notify: 127.0.0.1@{notify_port} k1
    notify-retry: 1
zone:
    name: "example.net"
    zonefile: "{zonefiles[1]}"
    provide-xfr: {CLIENT} k1
"""
    with open(path, "w") as f:
        f.write(text)


@pytest.fixture
def secondary():
    """A UDP socket on loopback that NOTIFYs are sent to."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    yield sock
    sock.close()


@pytest.fixture
def primary(tmp_path, secondary):
    keydir = make_control_keys(tmp_path)
    com = write_zone(str(tmp_path / "example.com.zone"), serial=1)
    net = write_zone(str(tmp_path / "example.net.zone"), origin="example.net", serial=1)
    config = str(tmp_path / "zoned.conf")
    port, control_port = free_port(), free_port()
    write_config(config, port, control_port, keydir, (com, net), str(tmp_path / "zoned.pid"),
                 secondary.getsockname()[1])
    with ZonedProcess(tmp_path, config=config, port=port, probe_name=ZONE) as server:
        yield server


def control(server, *args):
    return run([program("zoned-control"), "-c", server.config, *args], timeout=30)


def ok(server, *args):
    r = control(server, *args)
    assert (r.returncode, r.stdout.strip()) == (0, "ok"), r.stdout + r.stderr
    return r


def ring(name, secret, algorithm="hmac-sha256"):
    return dns.tsigkeyring.from_text({name: (algorithm, secret)})


def axfr(server, name, secret, algorithm="hmac-sha256", zone=ZONE):
    """The zone's records by AXFR signed with the key; every message must verify."""
    messages = list(dns.query.xfr(server.address, zone, port=server.port, timeout=10,
                                  keyring=ring(name, secret, algorithm), keyname=name,
                                  source=CLIENT))
    assert messages and all(m.had_tsig for m in messages)
    return [rrset for m in messages for rrset in m.answer]


def signed_axfr_wire(server, name, secret, algorithm="hmac-sha256"):
    """A signed AXFR request sent by hand: (the request, the first response's wire form)."""
    q = dns.message.make_query(ZONE, "AXFR")
    q.use_tsig(ring(name, secret, algorithm), keyname=name)
    with socket.create_connection((server.address, server.port), timeout=5,
                                  source_address=(CLIENT, 0)) as s:
        s.sendall(framed(q))
        return q, read_wire(s)


def assert_badsig(server, name, secret, algorithm="hmac-sha256"):
    q, wire = signed_axfr_wire(server, name, secret, algorithm)
    assert wire[3] & 0xF == dns.rcode.NOTAUTH
    with pytest.raises(dns.tsig.PeerBadSignature):
        dns.message.from_wire(wire, keyring=q.keyring, request_mac=q.mac)


def assert_refused(server, name, secret, algorithm="hmac-sha256"):
    """The request's signature is good (the answer is signed) but the ACL wants another key."""
    q, wire = signed_axfr_wire(server, name, secret, algorithm)
    r = dns.message.from_wire(wire, keyring=q.keyring, request_mac=q.mac)
    assert r.rcode() == dns.rcode.REFUSED and r.had_tsig


def notify_signed_with(sock, name, secret, algorithm="hmac-sha256", timeout=15.0):
    """Waits for a NOTIFY for example.com whose TSIG verifies with the key, answering each
    NOTIFY so that retries stop. NOTIFYs signed otherwise (an earlier one) are skipped."""
    deadline = time.monotonic() + timeout
    keyring = ring(name, secret, algorithm)
    while time.monotonic() < deadline:
        sock.settimeout(max(0.05, deadline - time.monotonic()))
        try:
            data, peer = sock.recvfrom(65535)
        except socket.timeout:
            break
        try:
            q = dns.message.from_wire(data, keyring=keyring)
        except dns.exception.DNSException:
            continue
        if q.opcode() != dns.opcode.NOTIFY or not q.had_tsig:
            continue
        sock.sendto(dns.message.make_response(q).to_wire(), peer)
        if q.question[0].name.to_text() == ZONE + ".":
            return True
    return False


def test_update_tsig_rotates_the_secret_for_transfers_and_notify(primary, secondary):
    assert axfr(primary, "k1", SECRET1)
    ok(primary, "update_tsig", "k1", NEW_SECRET1)
    assert_badsig(primary, "k1", SECRET1)
    records = axfr(primary, "k1", NEW_SECRET1)
    assert records[0].rdtype == dns.rdatatype.SOA
    # NOTIFY out signs with the new secret too.
    ok(primary, "notify", ZONE)
    assert notify_signed_with(secondary, "k1", NEW_SECRET1)
    r = control(primary, "print_tsig", "k1")
    assert r.returncode == 0
    assert r.stdout == f'key: name: "k1" secret: "{NEW_SECRET1}" algorithm: hmac-sha256\n'
    assert "zoned-control update_tsig" in primary.log()
    assert "control cmd: update_tsig k1 (secret)" in primary.log()
    assert NEW_SECRET1 not in primary.log()  # secrets never reach the log


def test_add_assoc_and_del_tsig_then_reconfig_restores_the_file(primary, secondary):
    ok(primary, "add_tsig", "k2", SECRET2, "hmac-sha512")
    r = control(primary, "print_tsig")
    assert r.returncode == 0
    assert r.stdout.splitlines() == [
        f'key: name: "k1" secret: "{SECRET1}" algorithm: hmac-sha256',
        f'key: name: "k2" secret: "{SECRET2}" algorithm: hmac-sha512']
    # A key no ACL names verifies but lets nothing through yet.
    assert_refused(primary, "k2", SECRET2, "hmac-sha512")

    ok(primary, "assoc_tsig", ZONE, "k2")
    assert axfr(primary, "k2", SECRET2, "hmac-sha512")
    # nsd-control(8): the zone's ACLs "are adjusted to use the given key": k1 no longer
    # gets the zone (it still exists and still verifies, for example.net).
    assert_refused(primary, "k1", SECRET1)
    assert axfr(primary, "k1", SECRET1, zone="example.net")
    # notify: entries were adjusted as well.
    ok(primary, "notify", ZONE)
    assert notify_signed_with(secondary, "k2", SECRET2, "hmac-sha512")

    # A key in use is not deleted; NSD names the zone that uses it.
    r = control(primary, "del_tsig", "k2")
    assert r.returncode == 1
    assert r.stdout.splitlines() == ["zone example.com uses key k2",
                                     "error: key: k2 is in use and cannot be deleted"]
    r = control(primary, "del_tsig", "k1")
    assert r.returncode == 1 and "zone example.net uses key k1" in r.stdout
    ok(primary, "assoc_tsig", "example.net.", "k2")
    ok(primary, "del_tsig", "k1")
    r = control(primary, "print_tsig", "k1")
    assert (r.returncode, r.stdout) == (1, "error: no such key with name: k1\n")
    q, wire = signed_axfr_wire(primary, "k1", SECRET1)
    with pytest.raises(dns.tsig.PeerBadKey):
        dns.message.from_wire(wire, keyring=q.keyring, request_mac=q.mac)
    assert axfr(primary, "k2", SECRET2, "hmac-sha512", zone="example.net")

    # The changes were in memory only: reconfig reads the file's keys and ACLs again.
    r = control(primary, "reconfig")
    assert r.returncode == 0, r.stdout + r.stderr
    r = control(primary, "print_tsig")
    assert r.stdout == f'key: name: "k1" secret: "{SECRET1}" algorithm: hmac-sha256\n'
    assert axfr(primary, "k1", SECRET1)
    q, wire = signed_axfr_wire(primary, "k2", SECRET2, "hmac-sha512")
    with pytest.raises(dns.tsig.PeerBadKey):
        dns.message.from_wire(wire, keyring=q.keyring, request_mac=q.mac)


def test_errors_change_nothing(primary):
    def error(args, text):
        r = control(primary, *args)
        assert r.returncode == 1, r.stdout + r.stderr
        assert r.stdout.strip() == text, r.stdout + r.stderr

    error(["print_tsig", "nokey"], "error: no such key with name: nokey")
    error(["update_tsig", "nokey", NEW_SECRET1], "error: no such key with name: nokey")
    error(["update_tsig", "k1", "not*base64"], "error: the secret: not*base64 is not in b64 format")
    error(["add_tsig", "k3", "AAA"], "error: the secret: AAA is not in b64 format")
    error(["add_tsig", "k3", SECRET2, "hmac-sha999"], "error: unknown algorithm: hmac-sha999")
    error(["add_tsig", "k1", SECRET2], "error: key k1 already exists")
    error(["add_tsig", "bad..name", SECRET2], "error: could not parse key name: bad..name")
    error(["assoc_tsig", ZONE, "nokey"], "error: key: nokey does not exist")
    error(["assoc_tsig", "nothere.example", "k1"], "error zone nothere.example not configured")
    # Argument counts are checked by the client's table and again by the server.
    assert control(primary, "update_tsig", "k1").returncode != 0
    assert control(primary, "add_tsig", "k3").returncode != 0
    assert control(primary, "assoc_tsig", ZONE).returncode != 0
    assert control(primary, "del_tsig").returncode != 0
    # NSD does not call deleting an unknown key an error.
    r = control(primary, "del_tsig", "nokey")
    assert (r.returncode, r.stdout) == (0, "key nokey does not exist, nothing to be deleted\n")
    # Nothing changed: the file's key alone, its secret still good.
    r = control(primary, "print_tsig")
    assert r.stdout == f'key: name: "k1" secret: "{SECRET1}" algorithm: hmac-sha256\n'
    assert axfr(primary, "k1", SECRET1)
    # add_tsig without an algorithm: hmac-sha256.
    ok(primary, "add_tsig", "k3", SECRET2)
    r = control(primary, "print_tsig", "k3")
    assert r.stdout == f'key: name: "k3" secret: "{SECRET2}" algorithm: hmac-sha256\n'
