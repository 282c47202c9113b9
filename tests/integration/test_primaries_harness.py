"""Self-checks of primaries.py (no zoned involved): each real primary serves its zone by
AXFR to 127.0.0.12 with the key and refuses it without the key or from another address;
update() makes it serve the new serial, sends a NOTIFY signed with the key to the listener
on 127.0.0.12, and the IXFR from the old serial is answered as the module docstring says.
"""
import select
import socket
import threading
import time

import dns.message
import dns.opcode
import dns.query
import dns.rdatatype
import dns.tsig
import dns.tsigkeyring
import dns.zone
import pytest

from dns_tcp import framed, read_wire
from primaries import PRIMARIES
from secondaries import KEY
from zoned_process import free_port

ZONE = "example.com"
SERIAL = 2026112601
SECONDARY = "127.0.0.12"
NOTIFY_TRANSPORT = {"nsd": "udp", "knot": "tcp", "bind": "udp"}
KEYRING = dns.tsigkeyring.from_text({KEY[0]: (KEY[1], KEY[2])})
ADDRESS = {"nsd": "127.0.0.11", "knot": "127.0.0.11", "bind": "127.0.0.1"}


def zone_text(serial, hosts):
    lines = [f"$ORIGIN {ZONE}.", "$TTL 3600",
             f"@ IN SOA ns1 hostmaster {serial} 3600 600 1209600 300",
             "@ IN NS ns1", "ns1 IN A 192.0.2.1"]
    lines += [f"{label} IN A {ip}" for label, ip in hosts.items()]
    return "\n".join(lines) + "\n"


HOSTS = {"www": "192.0.2.80", "john": "192.0.2.10"}


def records_of_text(text):
    z = dns.zone.from_text(text, origin=ZONE, relativize=False)
    return {(name.to_text(), rdataset.rdtype, rdata.to_text())
            for name, rdataset in z.iterate_rdatasets() for rdata in rdataset}


def records_of_axfr(messages):
    return {(rrset.name.to_text(), rrset.rdtype, rdata.to_text())
            for m in messages for rrset in m.answer for rdata in rrset}


class NotifyCatcher:
    """UDP and TCP sockets on address@port that take NOTIFYs (TSIG verified with the key),
    answer each one signed, and keep (time, transport, source address, message). Knot 3.2
    sends NOTIFY over TCP only; NSD and BIND over UDP."""

    def __init__(self, address, keyring):
        self.address = address
        self.port = free_port(address)
        self.keyring = keyring
        self.received = []
        self.errors = []
        self._stop = threading.Event()
        self._udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self._udp.bind((address, self.port))
        self._tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._tcp.bind((address, self.port))
        self._tcp.listen(8)
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _take(self, wire, transport, peer):
        """The answer's wire form, or None for a message that fails TSIG."""
        try:
            msg = dns.message.from_wire(wire, keyring=self.keyring)
        except Exception as e:  # a bad signature: keep it for the assertion message
            self.errors.append(repr(e))
            return None
        self.received.append((time.monotonic(), transport, peer[0], msg))
        return dns.message.make_response(msg).to_wire()

    def _serve_tcp(self):
        conn, peer = self._tcp.accept()
        with conn:
            conn.settimeout(2)
            try:
                answer = self._take(read_wire(conn), "tcp", peer)
                if answer:
                    conn.sendall(framed(answer))
            except (OSError, EOFError):
                pass

    def _run(self):
        while not self._stop.is_set():
            readable, _, _ = select.select([self._udp, self._tcp], [], [], 0.1)
            if self._udp in readable:
                wire, peer = self._udp.recvfrom(65535)
                answer = self._take(wire, "udp", peer)
                if answer:
                    self._udp.sendto(answer, peer)
            if self._tcp in readable:
                self._serve_tcp()

    def wait_for(self, serial, since, timeout=10.0):
        """(transport, source address, message) of the first NOTIFY received after `since` whose SOA (if
        it carries one) has `serial`; None if none came within `timeout`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for when, transport, source, msg in list(self.received):
                if when < since or msg.opcode() != dns.opcode.NOTIFY:
                    continue
                serials = [r.serial for rrset in msg.answer
                           if rrset.rdtype == dns.rdatatype.SOA for r in rrset]
                if not serials or serials[0] == serial:
                    return transport, source, msg
            time.sleep(0.05)
        return None

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(timeout=2)
        self._udp.close()
        self._tcp.close()


@pytest.mark.parametrize("kind", ["nsd", "knot", "bind"])
def test_primary(tmp_path, kind):
    first = zone_text(SERIAL, HOSTS)
    cls = PRIMARIES[kind]
    with NotifyCatcher(SECONDARY, KEYRING) as catcher:
        with cls(tmp_path / kind, ZONE, first, key=KEY, address=ADDRESS[kind],
                 notify=(SECONDARY, catcher.port), allow_xfr_from=SECONDARY) as p:
            assert p.serial() == SERIAL
            assert records_of_axfr(p.transfer("AXFR")) == records_of_text(first)
            # A refusal: an error rcode, or (Knot, from another address) NOTAUTH with
            # the TSIG error BADKEY, which dnspython raises as PeerBadKey.
            with pytest.raises((dns.query.TransferError, dns.tsig.PeerError)):
                p.transfer("AXFR", key=False)
            with pytest.raises((dns.query.TransferError, dns.tsig.PeerError)):
                p.transfer("AXFR", source="127.0.0.13")

            since = time.monotonic()
            second = zone_text(SERIAL + 1, {**HOSTS, "new": "192.0.2.99"})
            assert p.update(second) == SERIAL + 1
            assert p.serial() == SERIAL + 1
            got = catcher.wait_for(SERIAL + 1, since, timeout=10)
            assert got is not None, (catcher.errors, p.log()[-3000:])
            transport, source, notify = got
            assert (transport, source) == (NOTIFY_TRANSPORT[kind], p.address)
            assert notify.had_tsig and notify.keyname.to_text() == KEY[0] + "."
            assert notify.question[0].name.to_text() == ZONE + "."
            assert not catcher.errors

            assert records_of_axfr(p.transfer("AXFR")) == records_of_text(second)
            assert p.transfer_kind(SERIAL) == "ixfr"
            assert p.transfer_kind(SERIAL + 1) == "current"


@pytest.mark.parametrize("kind", ["nsd", "knot", "bind"])
def test_primary_without_ixfr_answers_axfr_style(tmp_path, kind):
    cls = PRIMARIES[kind]
    with cls(tmp_path / kind, ZONE, zone_text(SERIAL, HOSTS), key=KEY, address=ADDRESS[kind],
             allow_xfr_from=SECONDARY, ixfr=False) as p:
        p.update(zone_text(SERIAL + 1, {**HOSTS, "new": "192.0.2.99"}))
        assert p.transfer_kind(SERIAL) == "axfr"
