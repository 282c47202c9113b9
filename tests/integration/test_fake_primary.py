"""The fake primary itself, seen from dnspython's client side: correct AXFR/IXFR/SOA/NOTIFY
with TSIG by default, and each fault observable. Needs no zoned binary."""
import socket
import struct
import time

import dns.exception
import dns.message
import dns.name
import dns.query
import dns.rcode
import dns.rdatatype
import dns.transaction
import dns.tsig
import dns.xfr
import dns.zone
import pytest

from fake_primary import FakePrimary, Request, example_zone, make_key

KEY = ("primary-secondary", "hmac-sha256", "K2tf3TRjvQkVCmJF3/Z9vA3ONPhJ4g7sNL1bh0mFp0o=")
OTHER_SECRET = ("primary-secondary", "hmac-sha256", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")
KEYRING = make_key(KEY)
ORIGIN = "example.com"
S1, S2, S3 = 2026010101, 2026010102, 2026010103
TIMEOUT = 2.0  # per message
LIFETIME = 5.0  # per transfer


@pytest.fixture
def fp():
    with FakePrimary(address="127.0.0.21", zone=ORIGIN, key=KEY) as primary:
        primary.set_zone(example_zone(S1, hosts=50))
        primary.set_zone(example_zone(S2, hosts=53))
        yield primary
        assert primary.errors == []


def xfr_messages(fp, rdtype="AXFR", serial=0, keyring=KEYRING):
    """The transfer's messages, and the exception that ended it early (or None)."""
    messages = []
    try:
        for message in dns.query.xfr(fp.address, ORIGIN, rdtype, port=fp.port, serial=serial,
                                     keyring=keyring, relativize=False, timeout=TIMEOUT,
                                     lifetime=LIFETIME):
            messages.append(message)
    except Exception as e:  # noqa: BLE001 - the test looks at which one
        return messages, e
    return messages, None


def records(messages):
    return [(rrset.name.to_text(), dns.rdatatype.to_text(rrset.rdtype), rdata.to_text())
            for m in messages for rrset in m.answer for rdata in rrset]


def soa_serials(messages):
    return [int(r[2].split()[2]) for r in records(messages) if r[1] == "SOA"]


def zone_at(serial, hosts):
    return dns.zone.from_text(example_zone(serial, hosts=hosts), ORIGIN)


def inbound(fp, zone, serial=None, keyring=KEYRING):
    """dnspython's secondary: AXFR (serial None) or IXFR from `serial` into `zone`."""
    query, _ = dns.xfr.make_query(zone, serial=serial, keyring=keyring)
    dns.query.inbound_xfr(fp.address, zone, query, port=fp.port, timeout=TIMEOUT,
                          lifetime=LIFETIME)
    return zone


def soa_query(fp, keyring=KEYRING, timeout=TIMEOUT):
    q = dns.message.make_query(ORIGIN, "SOA")
    if keyring is not None:
        q.use_tsig(keyring)
    return dns.query.udp(q, fp.address, port=fp.port, timeout=timeout)


# ---- the default behaviour ----------------------------------------------------------------

def test_axfr_is_signed_multi_message_and_complete(fp):
    messages, error = xfr_messages(fp)
    assert error is None
    assert len(messages) >= 3  # 58 records at 20 per message
    assert all(m.had_tsig for m in messages)
    assert all(len(m.answer) <= 20 for m in messages)
    assert soa_serials(messages) == [S2, S2]
    zone = inbound(fp, dns.zone.Zone(ORIGIN))
    assert zone == zone_at(S2, 53)
    assert fp.requests == [Request("tcp", "AXFR", None, True)] * 2


def test_ixfr_sends_the_deltas_between_kept_versions(fp):
    fp.set_zone(example_zone(S3, hosts=45))
    messages, error = xfr_messages(fp, "IXFR", serial=S1)
    assert error is None and all(m.had_tsig for m in messages)
    assert soa_serials(messages) == [S3, S1, S2, S2, S3, S3]
    got = records(messages)
    assert ("version.example.com.", "TXT", f'"{S1}"') in got
    assert ("host53.example.com.", "A", "198.51.0.54") in got  # added in S2, deleted in S3
    assert len(got) < 30  # a delta, not the zone
    # dnspython applying it to its copy at S1 ends at S3 exactly.
    assert inbound(fp, zone_at(S1, 50), serial=S1) == zone_at(S3, 45)
    assert inbound(fp, zone_at(S2, 53), serial=S2) == zone_at(S3, 45)
    assert Request("tcp", "IXFR", S1, True) in fp.requests


def test_ixfr_up_to_date_and_unknown_serial(fp):
    messages, error = xfr_messages(fp, "IXFR", serial=S2)
    assert error is None and records(messages) == [
        (f"{ORIGIN}.", "SOA", f"ns1.{ORIGIN}. hostmaster.{ORIGIN}. {S2} 3600 600 1209600 300")]
    messages, error = xfr_messages(fp, "IXFR", serial=S1 - 1)  # never kept: AXFR-style
    assert error is None
    got = records(messages)
    assert got[1][1] != "SOA" and soa_serials(messages) == [S2, S2] and len(got) == 58
    assert inbound(fp, zone_at(S1 - 1, 3), serial=S1 - 1) == zone_at(S2, 53)


def test_soa_and_tsig_checks(fp):
    answer = soa_query(fp)
    assert answer.had_tsig and answer.answer[0][0].serial == S2
    assert soa_query(fp, keyring=None).rcode() == dns.rcode.NOTAUTH
    with pytest.raises(dns.tsig.PeerBadSignature):
        soa_query(fp, keyring=make_key(OTHER_SECRET))
    with pytest.raises(dns.tsig.PeerBadKey):
        soa_query(fp, keyring=make_key(("other-key", "hmac-sha256", KEY[2])))
    messages, error = xfr_messages(fp, keyring=None)
    assert isinstance(error, dns.xfr.TransferError) and error.rcode == dns.rcode.NOTAUTH
    assert [r.had_tsig for r in fp.requests] == [True, False, True, True, False]
    with FakePrimary(address="127.0.0.22", zone=ORIGIN, zone_text=example_zone(S1)) as open_fp:
        assert soa_query(open_fp, keyring=None).answer[0][0].serial == S1
        with pytest.raises(dns.tsig.PeerBadKey):
            soa_query(open_fp)  # signed, but this primary has no key
        assert inbound(open_fp, dns.zone.Zone(ORIGIN), keyring=None) == zone_at(S1, 5)
        assert open_fp.errors == []


def test_notify_is_signed_and_answered():
    with FakePrimary(address="127.0.0.21", zone=ORIGIN, key=KEY,
                     zone_text=example_zone(S1)) as sender, \
            FakePrimary(address="127.0.0.22", zone=ORIGIN, key=KEY) as receiver:
        response = sender.send_notify(to=(receiver.address, receiver.port))
        assert response.rcode() == dns.rcode.NOERROR and response.had_tsig
        sender.send_notify(to=(receiver.address, receiver.port), serial=S3)
        assert receiver.wait_for_request("NOTIFY", count=2, timeout=2) is not None
        assert receiver.requests == [Request("udp", "NOTIFY", S1, True),
                                     Request("udp", "NOTIFY", S3, True)]
        silent = FakePrimary(address="127.0.0.23", zone=ORIGIN)
        silent.set_fault("no_answer")
        with silent:
            assert sender.send_notify(to=(silent.address, silent.port), timeout=0.3) is None
        assert sender.errors == receiver.errors == silent.errors == []


def test_unknown_fault_is_an_error(fp):
    with pytest.raises(ValueError):
        fp.fault = "stop_mid_ixfr"


# ---- each fault, seen from the client ---------------------------------------------------

def test_stop_mid_axfr(fp):
    fp.fault = "stop_mid_axfr"
    messages, error = xfr_messages(fp)
    assert isinstance(error, EOFError) and len(messages) == 1
    assert soa_serials(messages) == [S2]  # the opening SOA only
    assert fp.fault is None and fp.faults_applied == ["stop_mid_axfr"]
    assert xfr_messages(fp)[1] is None  # used up: the next transfer is whole


def test_bad_tsig_middle(fp):
    fp.fault = "bad_tsig_middle"
    messages, error = xfr_messages(fp)
    assert isinstance(error, dns.tsig.BadSignature) and len(messages) == 1
    assert xfr_messages(fp)[1] is None
    # A small zone is split into at least three messages all the same.
    fp.set_zone(example_zone(S3, hosts=1))
    fp.fault = "bad_tsig_middle"
    messages, error = xfr_messages(fp)
    assert isinstance(error, dns.tsig.BadSignature) and len(messages) == 1


def test_bad_tsig_middle_unsigned():
    with FakePrimary(address="127.0.0.22", zone=ORIGIN, zone_text=example_zone(S1, hosts=50)) as fp:
        fp.fault = "bad_tsig_middle"
        messages, error = xfr_messages(fp, keyring=None)
        assert isinstance(error, dns.message.UnknownTSIGKey) and len(messages) == 1
        assert fp.errors == []


def test_out_of_zone(fp):
    fp.fault = "out_of_zone"
    messages, error = xfr_messages(fp)
    assert error is None
    got = records(messages)
    assert ("www.example.org.", "A", "192.0.2.66") in got
    assert got[-1][1] == "SOA" and got[-2][0] == "www.example.org."
    fp.fault = "out_of_zone"  # the incremental form carries it too
    messages, error = xfr_messages(fp, "IXFR", serial=S1)
    assert error is None and ("www.example.org.", "A", "192.0.2.66") in records(messages)
    assert fp.faults_applied == ["out_of_zone"] * 2


def test_ixfr_delete_missing(fp):
    fp.fault = "ixfr_delete_missing"
    assert inbound(fp, dns.zone.Zone(ORIGIN)) == zone_at(S2, 53)  # AXFR: not used up
    assert fp.fault == "ixfr_delete_missing"
    with pytest.raises(dns.transaction.DeleteNotExact):
        inbound(fp, zone_at(S1, 50), serial=S1)
    assert fp.fault is None
    assert inbound(fp, zone_at(S1, 50), serial=S1) == zone_at(S2, 53)


def test_serial_backwards(fp):
    fp.fault = "serial_backwards"
    assert soa_query(fp).answer[0][0].serial == S1 - 1  # below the previous version's
    assert soa_query(fp).answer[0][0].serial == S1 - 1  # SOA queries do not use it up
    with pytest.raises(dns.xfr.SerialWentBackwards):
        inbound(fp, zone_at(S1, 50), serial=S1)
    assert fp.fault is None
    fp.fault = "serial_backwards"
    messages, error = xfr_messages(fp)
    assert error is None and soa_serials(messages) == [S1 - 1, S1 - 1]
    assert soa_query(fp).answer[0][0].serial == S2


def test_truncated_length(fp):
    fp.fault = "truncated_length"
    q = dns.message.make_query(ORIGIN, "AXFR")
    q.use_tsig(KEYRING)
    wire = q.to_wire()
    received = b""
    deadline = time.monotonic() + LIFETIME
    with socket.create_connection((fp.address, fp.port), timeout=TIMEOUT) as s:
        s.sendall(struct.pack("!H", len(wire)) + wire)
        while time.monotonic() < deadline:
            chunk = s.recv(65535)
            if not chunk:
                break
            received += chunk
    (length,) = struct.unpack("!H", received[:2])
    assert 0 < len(received) - 2 < length
    assert fp.fault is None and xfr_messages(fp)[1] is None


def test_ixfr_notimp(fp):
    fp.fault = "ixfr_notimp"
    assert xfr_messages(fp)[1] is None  # AXFR works and leaves the fault armed
    messages, error = xfr_messages(fp, "IXFR", serial=S1)
    assert isinstance(error, dns.xfr.TransferError) and error.rcode == dns.rcode.NOTIMP
    assert fp.fault is None
    assert xfr_messages(fp, "IXFR", serial=S1)[1] is None


def test_ixfr_as_axfr(fp):
    fp.fault = "ixfr_as_axfr"
    messages, error = xfr_messages(fp, "IXFR", serial=S1)
    assert error is None
    got = records(messages)
    assert got[1][1] != "SOA" and len(got) == 58 and soa_serials(messages) == [S2, S2]
    fp.fault = "ixfr_as_axfr"
    assert inbound(fp, zone_at(S1, 50), serial=S1) == zone_at(S2, 53)


def test_no_answer(fp):
    fp.fault = "no_answer"
    with pytest.raises(dns.exception.Timeout):
        soa_query(fp, timeout=0.3)
    q = dns.message.make_query(ORIGIN, "AXFR")
    q.use_tsig(KEYRING)
    with pytest.raises(dns.exception.Timeout):
        dns.query.tcp(q, fp.address, port=fp.port, timeout=0.5)
    assert fp.fault == "no_answer" and fp.sticky  # a dead primary stays dead
    assert [(r.transport, r.qtype) for r in fp.requests] == [("udp", "SOA"), ("tcp", "AXFR")]
    fp.fault = None
    assert soa_query(fp).answer[0][0].serial == S2


def test_refused(fp):
    fp.fault = "refused"
    answer = soa_query(fp)
    assert answer.rcode() == dns.rcode.REFUSED and answer.had_tsig
    messages, error = xfr_messages(fp)
    assert isinstance(error, dns.xfr.TransferError) and error.rcode == dns.rcode.REFUSED
    assert fp.fault == "refused"
    fp.set_fault("refused", sticky=False)
    assert xfr_messages(fp)[1] is not None
    assert fp.fault is None and xfr_messages(fp)[1] is None
