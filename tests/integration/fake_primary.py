"""A scriptable fake primary for testing zoned as a secondary: it serves one zone over UDP
and TCP (SOA, AXFR, IXFR as real deltas between the versions it was given, TSIG on every
message) from a thread inside pytest, and can be told to misbehave in one named way.

    with FakePrimary(address="127.0.0.21", zone="example.com", key=KEY) as fp:
        fp.set_zone(example_zone(2026010101))
        ...zoned loads it from (fp.address, fp.port)...
        fp.set_zone(example_zone(2026010102, hosts=40))
        fp.fault = "ixfr_delete_missing"
        fp.send_notify(to=(zoned.address, zoned.port))
        fp.wait_for_request("IXFR")
        assert fp.faults_applied == ["ixfr_delete_missing"]

Faults (`fp.fault = name`, or `fp.set_fault(name, sticky=...)`):
  stop_mid_axfr        the first message of a transfer (never the final SOA), then close
  bad_tsig_middle      a transfer of at least three messages whose 2nd has a corrupted MAC
  out_of_zone          www.example.org. A 192.0.2.66 inside the transfer (before the final
                       SOA; in the last addition set of an incremental IXFR)
  ixfr_delete_missing  an incremental IXFR whose first deletion set also deletes
                       missing-record.<zone> A 192.0.2.254 (applies only when the asked-for
                       serial is a kept older version)
  serial_backwards     SOA answers and transfers carry (previous version's serial - 1), the
                       current zone's data otherwise; an IXFR gets just that SOA
  truncated_length     the first TCP frame of a transfer: the length prefix, half the
                       message, close
  ixfr_notimp          IXFR answered NOTIMP (AXFR works)
  ixfr_as_axfr         IXFR answered AXFR-style (the whole zone) even when a delta exists
  no_answer            nothing is ever answered (UDP and TCP; a TCP connection is held open)
  refused              REFUSED to everything
  garbage_after_first  a transfer of at least two messages: the first one valid (signed),
                       then one framed message of the same length whose octets after the
                       id are random (seeded, so a run repeats); the connection is then
                       held open, unanswered, as after any answer (TCP_IDLE_TIMEOUT)
  close_after_message  every TCP connection answers one message, then closes: a transfer
                       longer than one message is cut after its first (as stop_mid_axfr),
                       one that fits in one message is whole; a SOA query over TCP is
                       answered normally
  stall_mid_message    the first TCP frame of a transfer: the length prefix and half the
                       message, then nothing: the connection is held open (what arrives is
                       read and ignored) until the client closes it, the fake primary stops
                       or STALL_LIMIT passes; SOA queries (UDP) are answered normally
SOA and other queries see a fault without using it up. A fault is used up by the first
AXFR/IXFR it changed, unless sticky: `no_answer`, `refused` and `close_after_message` are
sticky by default (a dead, refusing or connection-closing primary stays so until
`fp.fault = None`), the others are not. `fp.faults_applied` lists each fault each time it
changed a transfer or answer (`close_after_message`: each TCP answer it closed after).

TSIG (`key=(name, algorithm, base64)`): every request must be signed with it. A missing
TSIG gets NOTAUTH; a bad one NOTAUTH with an unsigned TSIG carrying BADKEY or BADSIG
(BADTIME is signed, RFC 8945 5.2.3). Every message answering a signed request is signed,
transfers as one chained stream.

`fp.requests` is a list of `Request(transport, qtype, serial, had_tsig)`: transport "udp" or
"tcp", qtype a mnemonic ("SOA", "AXFR", "IXFR"; for other opcodes the opcode, e.g.
"NOTIFY"), serial the SOA serial in the authority section (IXFR) or answer (NOTIFY), else
None. `fp.errors` lists exceptions the server threads hit (a test should expect it empty).
"""
import collections
import random
import selectors
import socket
import struct
import threading
import time

import dns.exception
import dns.flags
import dns.message
import dns.name
import dns.opcode
import dns.query
import dns.rcode
import dns.rdata
import dns.rdataclass
import dns.rdatatype
import dns.rrset
import dns.serial
import dns.tsig
import dns.wire
import dns.zone

FAULTS = ("stop_mid_axfr", "bad_tsig_middle", "out_of_zone", "ixfr_delete_missing",
          "serial_backwards", "truncated_length", "ixfr_notimp", "ixfr_as_axfr",
          "no_answer", "refused", "garbage_after_first", "close_after_message",
          "stall_mid_message")
STICKY_BY_DEFAULT = ("no_answer", "refused", "close_after_message")

Request = collections.namedtuple("Request", "transport qtype serial had_tsig")

TCP_IDLE_TIMEOUT = 10.0  # seconds a TCP connection may sit without a request
SEND_TIMEOUT = 5.0       # seconds a blocked send may take before the connection is dropped
POLL = 0.05              # how often the loops look at the stop flag
STALL_LIMIT = 120.0      # seconds stall_mid_message holds a connection at most
GARBAGE_SEED = 20260101  # garbage_after_first's random octets

_ALGORITHMS = {"hmac-md5": dns.tsig.HMAC_MD5}


def make_key(key):
    """(name, algorithm, base64 secret) -> dns.tsig.Key; a Key or None passes through."""
    if key is None or isinstance(key, dns.tsig.Key):
        return key
    name, algorithm, secret = key
    algorithm = _ALGORITHMS.get(algorithm.lower(), algorithm)
    return dns.tsig.Key(name, secret, algorithm)


def example_zone(serial, origin="example.com", hosts=5, extra=""):
    """A zone's text: SOA, NS, ns1, a TXT "version" record holding the serial (so each new
    version deletes one record and adds one), and `hosts` A records host1..hostN."""
    lines = [f"$ORIGIN {origin}.", "$TTL 3600",
             f"@ IN SOA ns1 hostmaster {serial} 3600 600 1209600 300",
             "@ IN NS ns1", "ns1 IN A 192.0.2.1", f'version IN TXT "{serial}"']
    lines += [f"host{i} IN A 198.51.{i // 250}.{i % 250 + 1}" for i in range(1, hosts + 1)]
    return "\n".join(lines) + "\n" + extra


class _Version:
    """One version of the zone: its SOA and its other records in zone order."""

    def __init__(self, zone):
        self.zone = zone
        origin = zone.origin
        soa = zone.get_rdataset(origin, "SOA")
        if soa is None:
            raise ValueError("zone has no SOA at its apex")
        self.soa = (origin, soa.ttl, soa[0])
        self.serial = soa[0].serial
        self.records = []
        for name, node in zone.nodes.items():
            name = name.derelativize(origin)
            for rdataset in node.rdatasets:
                if name == origin and rdataset.rdtype == dns.rdatatype.SOA:
                    continue
                for rdata in rdataset:
                    self.records.append((name, rdataset.ttl, rdata))
        self.record_set = set(self.records)


def _soa_with_serial(soa, serial):
    name, ttl, rdata = soa
    return (name, ttl, rdata.replace(serial=serial % 2**32))


class _Query:
    """A parsed request: the message without its TSIG, and what its TSIG said."""

    def __init__(self, message, had_tsig, key=None, mac=b"", tsig_error=None, tsig=None,
                 tsig_owner=None):
        self.message = message
        self.had_tsig = had_tsig
        self.key = key            # the key to sign the answer with (the TSIG verified)
        self.mac = mac            # the request's MAC, for the answer's digest
        self.tsig_error = tsig_error  # None, or an rcode (BADKEY, BADSIG, BADTIME)
        self.tsig = tsig          # the TSIG rdata as received
        self.tsig_owner = tsig_owner


def _split_tsig(wire):
    """(wire without its TSIG and ARCOUNT lowered, owner, TSIG rdata, TSIG offset), or
    (wire, None, None, None) when the last record is no TSIG."""
    parser = dns.wire.Parser(wire)
    (_, _, qdcount, ancount, nscount, arcount) = parser.get_struct("!HHHHHH")
    for _ in range(qdcount):
        parser.get_name()
        parser.get_struct("!HH")
    total = ancount + nscount + arcount
    for index in range(total):
        start = parser.current
        owner = parser.get_name()
        (rdtype, rdclass, _, rdlen) = parser.get_struct("!HHIH")
        if index == total - 1 and arcount > 0 and rdtype == dns.rdatatype.TSIG:
            with parser.restrict_to(rdlen):
                rdata = dns.rdata.from_wire_parser(rdclass, rdtype, parser)
            stripped = wire[:10] + struct.pack("!H", arcount - 1) + wire[12:start]
            return stripped, owner, rdata, start
        parser.seek(parser.current + rdlen)
    return wire, None, None, None


class FakePrimary:
    def __init__(self, address="127.0.0.1", zone="example.com", key=None, port=None,
                 zone_text=None, records_per_message=20):
        self.address = address
        self.zone = dns.name.from_text(zone)
        self.key = make_key(key)
        self.records_per_message = records_per_message
        self._requested_port = port
        self.port = None
        self._lock = threading.Lock()
        self._versions = []
        self._fault = None
        self._sticky = False
        self._requests = []
        self.faults_applied = []
        self.errors = []
        self._stop = threading.Event()
        self._threads = []  # one per TCP connection
        self._server_thread = None
        self._udp = self._tcp = None
        if zone_text is not None:
            self.set_zone(zone_text)

    # ---- what a test sets -------------------------------------------------------------

    def set_zone(self, zone_text):
        """Makes `zone_text` (text, or a dns.zone.Zone) the current version; older versions
        stay for IXFR. A version with the current serial replaces it. Returns the serial."""
        if isinstance(zone_text, dns.zone.Zone):
            zone = zone_text
        else:
            zone = dns.zone.from_text(zone_text, origin=self.zone, relativize=False)
        version = _Version(zone)
        with self._lock:
            if self._versions and self._versions[-1].serial == version.serial:
                self._versions[-1] = version
            else:
                self._versions.append(version)
        return version.serial

    @property
    def serial(self):
        with self._lock:
            return self._versions[-1].serial if self._versions else None

    @property
    def fault(self):
        with self._lock:
            return self._fault

    @fault.setter
    def fault(self, name):
        self.set_fault(name)

    @property
    def sticky(self):
        with self._lock:
            return self._sticky

    def set_fault(self, name, sticky=None):
        """Arms fault `name` (None clears). sticky=None: the fault's default."""
        if name is not None and name not in FAULTS:
            raise ValueError(f"unknown fault {name!r}; known: {', '.join(FAULTS)}")
        with self._lock:
            self._fault = name
            self._sticky = (name in STICKY_BY_DEFAULT) if sticky is None else bool(sticky)

    @property
    def requests(self):
        with self._lock:
            return list(self._requests)

    def clear_requests(self):
        with self._lock:
            self._requests.clear()

    def wait_for_request(self, qtype, timeout=10.0, count=1):
        """Waits until `count` requests of `qtype` arrived; the last of them, or None."""
        deadline = time.monotonic() + timeout
        while True:
            found = [r for r in self.requests if r.qtype == qtype]
            if len(found) >= count:
                return found[count - 1]
            if time.monotonic() >= deadline:
                return None
            time.sleep(POLL)

    def send_notify(self, to, serial=None, timeout=2.0):
        """Sends a NOTIFY for the zone over UDP from self.address, signed with the key if one
        is set, the current SOA (its serial replaced by `serial` if given) in the answer.
        Returns the response (its TSIG verified by dnspython), or None on no answer."""
        query = dns.message.make_query(self.zone, "SOA")
        query.flags = dns.flags.AA
        query.set_opcode(dns.opcode.NOTIFY)
        with self._lock:
            current = self._versions[-1] if self._versions else None
        if current is not None:
            soa = current.soa if serial is None else _soa_with_serial(current.soa, serial)
            query.answer.append(dns.rrset.from_rdata(soa[0], soa[1], soa[2]))
        if self.key is not None:
            query.use_tsig(self.key)
        try:
            return dns.query.udp(query, to[0], port=to[1], timeout=timeout, source=self.address)
        except (dns.exception.Timeout, ConnectionRefusedError):
            return None

    # ---- lifetime ---------------------------------------------------------------------

    def start(self):
        self._bind()
        self._server_thread = threading.Thread(target=self._serve, name="fake-primary",
                                               daemon=True)
        self._server_thread.start()
        return self

    def stop(self, timeout=10.0):
        """Stops and joins every thread (the server's first: it starts the others)."""
        self._stop.set()
        deadline = time.monotonic() + timeout
        threads = [self._server_thread] if self._server_thread is not None else []
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        threads += list(self._threads)
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        for sock in (self._udp, self._tcp):
            if sock is not None:
                sock.close()
        alive = [t.name for t in threads if t.is_alive()]
        if alive:
            raise RuntimeError(f"fake primary threads did not stop: {alive}")

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def _bind(self):
        for _ in range(50):
            tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            try:
                tcp.bind((self.address, self._requested_port or 0))
                port = tcp.getsockname()[1]
                udp.bind((self.address, port))
            except OSError:
                tcp.close()
                udp.close()
                if self._requested_port:
                    raise
                continue
            tcp.listen(16)
            tcp.settimeout(POLL)
            udp.settimeout(POLL)
            self._tcp, self._udp, self.port = tcp, udp, port
            return
        raise RuntimeError("no port free for both UDP and TCP")

    # ---- the server threads -----------------------------------------------------------

    def _serve(self):
        with selectors.DefaultSelector() as selector:
            selector.register(self._udp, selectors.EVENT_READ, "udp")
            selector.register(self._tcp, selectors.EVENT_READ, "tcp")
            while not self._stop.is_set():
                for key, _ in selector.select(POLL):
                    try:
                        if key.data == "udp":
                            self._udp_once()
                        else:
                            self._accept_once()
                    except (socket.timeout, BlockingIOError):
                        pass
                    except Exception as e:  # kept for the test to see, never fatal
                        self.errors.append(e)

    def _udp_once(self):
        wire, peer = self._udp.recvfrom(65535)
        frames, _ = self._handle(wire, "udp")
        for frame in frames:
            self._udp.sendto(frame, peer)

    def _accept_once(self):
        conn, _ = self._tcp.accept()
        thread = threading.Thread(target=self._tcp_connection, args=(conn,),
                                  name="fake-primary-tcp", daemon=True)
        self._threads = [t for t in self._threads if t.is_alive()] + [thread]
        thread.start()

    def _recv_exact(self, conn, n, deadline):
        data = b""
        while len(data) < n:
            if self._stop.is_set() or time.monotonic() > deadline:
                return None
            try:
                chunk = conn.recv(n - len(data))
            except socket.timeout:
                continue
            if not chunk:
                return None
            data += chunk
        return data

    def _tcp_connection(self, conn):
        try:
            conn.settimeout(POLL)
            while not self._stop.is_set():
                deadline = time.monotonic() + TCP_IDLE_TIMEOUT
                prefix = self._recv_exact(conn, 2, deadline)
                if prefix is None:
                    return
                wire = self._recv_exact(conn, struct.unpack("!H", prefix)[0], deadline)
                if wire is None:
                    return
                frames, close = self._handle(wire, "tcp")
                conn.settimeout(SEND_TIMEOUT)
                for frame in frames:
                    conn.sendall(frame)
                conn.settimeout(POLL)
                if close == "stall":
                    self._hold(conn)
                    return
                if close:
                    return
        except (ConnectionError, socket.timeout):
            pass
        except Exception as e:
            self.errors.append(e)
        finally:
            conn.close()

    def _hold(self, conn):
        """Keeps `conn` open and silent (stall_mid_message): reads and drops whatever comes,
        until the client closes, the fake primary stops or STALL_LIMIT passes."""
        deadline = time.monotonic() + STALL_LIMIT
        while not self._stop.is_set() and time.monotonic() < deadline:
            try:
                if not conn.recv(4096):
                    return
            except socket.timeout:
                continue

    # ---- one request -> frames --------------------------------------------------------

    def _use_fault(self, name, is_transfer):
        """True if fault `name` is armed; a transfer uses it up unless it is sticky."""
        with self._lock:
            if self._fault != name:
                return False
            if is_transfer and not self._sticky:
                self._fault = None
            self.faults_applied.append(name)
            return True

    def _parse(self, wire):
        stripped, owner, tsig, start = _split_tsig(wire)
        message = dns.message.from_wire(stripped)
        if tsig is None:
            return _Query(message, had_tsig=False)
        key = self.key
        if key is None or key.name != owner or key.algorithm != tsig.algorithm:
            return _Query(message, True, tsig_error=dns.rcode.BADKEY, tsig=tsig,
                          tsig_owner=owner)
        try:
            dns.tsig.validate(wire, key, owner, tsig, int(time.time()), b"", start)
        except dns.tsig.BadTime:
            return _Query(message, True, key=key, mac=tsig.mac,
                          tsig_error=dns.rcode.BADTIME, tsig=tsig, tsig_owner=owner)
        except dns.exception.DNSException:
            return _Query(message, True, tsig_error=dns.rcode.BADSIG, tsig=tsig,
                          tsig_owner=owner)
        return _Query(message, True, key=key, mac=tsig.mac, tsig=tsig, tsig_owner=owner)

    def _record(self, query, transport):
        message = query.message
        serial = None
        if message.opcode() == dns.opcode.QUERY:
            qtype = dns.rdatatype.to_text(message.question[0].rdtype) if message.question \
                else "NONE"
            sections = message.authority
        else:
            qtype = dns.opcode.to_text(message.opcode())
            sections = message.answer
        for rrset in sections:
            if rrset.rdtype == dns.rdatatype.SOA and len(rrset):
                serial = rrset[0].serial
        with self._lock:
            self._requests.append(Request(transport, qtype, serial, query.had_tsig))

    def _handle(self, wire, transport):
        """One request's wire -> (frames to send, close the connection afterwards: True,
        or "stall" to hold it open and silent). TCP frames carry their length prefix."""
        frames, close = self._answer(wire, transport)
        if transport == "tcp" and frames and close != "stall":
            is_transfer = self._is_transfer(wire)
            if self._use_fault("close_after_message", is_transfer):
                return frames[:1], True
        return frames, close

    @staticmethod
    def _is_transfer(wire):
        """True if `wire` is a query for AXFR or IXFR (read from its question only)."""
        try:
            parser = dns.wire.Parser(wire)
            (_, flags, qdcount, _, _, _) = parser.get_struct("!HHHHHH")
            if flags & 0x8000 or (flags >> 11) & 0xF != dns.opcode.QUERY or qdcount != 1:
                return False
            parser.get_name()
            (rdtype, _) = parser.get_struct("!HH")
            return rdtype in (dns.rdatatype.AXFR, dns.rdatatype.IXFR)
        except Exception:  # noqa: BLE001 - unparsable: no transfer
            return False

    def _answer(self, wire, transport):
        try:
            query = self._parse(wire)
        except Exception:
            if len(wire) < 12:
                return [], False
            reply = wire[:2] + struct.pack("!HHHHH", 0x8000 | dns.rcode.FORMERR, 0, 0, 0, 0)
            return self._frames([reply], transport), False
        if query.message.flags & dns.flags.QR:
            return [], False
        self._record(query, transport)
        message = query.message
        qtype = message.question[0].rdtype if message.question else None
        is_transfer = transport == "tcp" and qtype in (dns.rdatatype.AXFR, dns.rdatatype.IXFR) \
            and message.opcode() == dns.opcode.QUERY

        if self._use_fault("no_answer", is_transfer):
            return [], False  # over TCP the connection stays open, unanswered, until idle
        if query.tsig_error is not None or (self.key is not None and not query.had_tsig):
            return self._frames([self._tsig_error_wire(query)], transport), False
        if self._use_fault("refused", is_transfer):
            return self._frames([self._single(query, dns.rcode.REFUSED)], transport), False

        with self._lock:
            versions = list(self._versions)
        if message.opcode() == dns.opcode.NOTIFY:
            return self._frames([self._single(query, dns.rcode.NOERROR)], transport), False
        if message.opcode() != dns.opcode.QUERY or len(message.question) != 1:
            rcode = dns.rcode.NOTIMP if message.opcode() != dns.opcode.QUERY \
                else dns.rcode.FORMERR
            return self._frames([self._single(query, rcode)], transport), False
        question = message.question[0]
        if not question.name.is_subdomain(self.zone):
            return self._frames([self._single(query, dns.rcode.REFUSED)], transport), False
        if not versions:
            return self._frames([self._single(query, dns.rcode.SERVFAIL)], transport), False
        if is_transfer:
            return self._transfer(query, versions)
        if qtype == dns.rdatatype.AXFR:  # over UDP
            return self._frames([self._single(query, dns.rcode.FORMERR)], transport), False
        if qtype == dns.rdatatype.IXFR:  # over UDP: the current SOA says "use TCP"
            soa = self._current_soa(versions, is_transfer=False)
            return self._frames([self._single(query, answer=[soa])], transport), False
        return self._frames([self._lookup(query, versions)], transport), False

    def _current_soa(self, versions, is_transfer):
        soa = versions[-1].soa
        if self._use_fault("serial_backwards", is_transfer):
            previous = versions[-2].serial if len(versions) > 1 else versions[-1].serial
            soa = _soa_with_serial(soa, previous - 1)
        return soa

    def _lookup(self, query, versions):
        question = query.message.question[0]
        zone = versions[-1].zone
        if question.name == self.zone and question.rdtype == dns.rdatatype.SOA:
            return self._single(query, answer=[self._current_soa(versions, False)])
        node = zone.get_node(question.name)
        if node is None:
            return self._single(query, dns.rcode.NXDOMAIN, authority=[versions[-1].soa])
        rdataset = node.get_rdataset(question.rdclass, question.rdtype)
        if rdataset is None:
            return self._single(query, authority=[versions[-1].soa])
        return self._single(query, answer=[(question.name, rdataset.ttl, r) for r in rdataset])

    # ---- transfers --------------------------------------------------------------------

    def _transfer(self, query, versions):
        message = query.message
        current = versions[-1]
        if message.question[0].rdtype == dns.rdatatype.IXFR:
            client = None
            for rrset in message.authority:
                if rrset.rdtype == dns.rdatatype.SOA and len(rrset):
                    client = rrset[0].serial
            if client is None:
                return self._frames([self._single(query, dns.rcode.FORMERR)], "tcp"), False
            if self._use_fault("ixfr_notimp", True):
                return self._frames([self._single(query, dns.rcode.NOTIMP)], "tcp"), False
            soa = self._current_soa(versions, True)
            if dns.serial.Serial(client) >= soa[2].serial:
                return self._send(query, [soa], single=True)
            base = None
            if soa == current.soa and not self._use_fault("ixfr_as_axfr", True):
                for index in range(len(versions) - 2, -1, -1):
                    if versions[index].serial == client:
                        base = index
                        break
            if base is not None:
                return self._send(query, self._ixfr_records(versions[base:]))
        else:
            soa = self._current_soa(versions, True)
        records = [soa] + current.records + [soa]
        if self._use_fault("out_of_zone", True):
            records.insert(-1, self._out_of_zone_record())
        return self._send(query, records)

    def _out_of_zone_record(self):
        return (dns.name.from_text("www.example.org."), 3600,
                dns.rdata.from_text("IN", "A", "192.0.2.66"))

    def _ixfr_records(self, chain):
        """RFC 1995 incremental form over the versions in `chain` (oldest first)."""
        steps = []
        for old, new in zip(chain, chain[1:]):
            deleted = [r for r in old.records if r not in new.record_set]
            added = [r for r in new.records if r not in old.record_set]
            steps.append([old.soa, deleted, new.soa, added])
        final_soa = chain[-1].soa
        if self._use_fault("ixfr_delete_missing", True):
            steps[0][1] = steps[0][1] + [(
                dns.name.from_text("missing-record", self.zone), 3600,
                dns.rdata.from_text("IN", "A", "192.0.2.254"))]
        if self._use_fault("out_of_zone", True):
            steps[-1][3] = steps[-1][3] + [self._out_of_zone_record()]
        records = [final_soa]
        for old_soa, deleted, new_soa, added in steps:
            records += [old_soa] + deleted + [new_soa] + added
        return records + [final_soa]

    def _send(self, query, records, single=False):
        """A transfer's records as framed, signed messages, with this transfer's faults."""
        per_message = self.records_per_message
        corrupt = None
        if not single and self._use_fault("bad_tsig_middle", True):
            per_message = min(per_message, max(1, len(records) // 3))
            corrupt = 1
        garbage = not single and self._use_fault("garbage_after_first", True)
        if garbage:
            per_message = min(per_message, max(1, len(records) // 2))
        stop_early = not single and self._use_fault("stop_mid_axfr", True)
        if stop_early:
            records = records[:max(1, min(per_message, len(records) - 1))]
        chunks = [records[i:i + per_message] for i in range(0, len(records), per_message)]
        wires = self._stream(query, chunks, corrupt)
        frames = self._frames(wires, "tcp")
        if self._use_fault("truncated_length", True):
            length = len(wires[0])
            return [struct.pack("!H", length) + wires[0][:length // 2]], True
        if self._use_fault("stall_mid_message", True):
            length = len(wires[0])
            return [struct.pack("!H", length) + wires[0][:length // 2]], "stall"
        if garbage:
            length = len(wires[1]) if len(wires) > 1 else len(wires[0])
            noise = random.Random(GARBAGE_SEED).randbytes(length - 2)
            return [frames[0], struct.pack("!H", length) + wires[0][:2] + noise], False
        return frames, stop_early

    def _stream(self, query, chunks, corrupt=None):
        wires = []
        ctx = None
        for index, chunk in enumerate(chunks):
            message = self._message(query, answer=chunk, question=(index == 0), sign=False)
            if index == corrupt and query.key is None:
                # An unsigned transfer: the 2nd message carries a TSIG from a key the
                # client does not have, which is as wrong as a bad MAC.
                message.use_tsig(dns.tsig.Key("bogus-key.", b"\x00" * 32, dns.tsig.HMAC_SHA256))
                wires.append(message.to_wire(max_size=65535))
                continue
            if query.key is not None:
                message.use_tsig(query.key)
                message.request_mac = query.mac
                wire = message.to_wire(max_size=65535, multi=True, tsig_ctx=ctx)
                ctx = message.tsig_ctx
                if index == corrupt:
                    # The MAC ends before original id, error and other length (no other data).
                    wire = wire[:-7] + bytes([wire[-7] ^ 0xFF]) + wire[-6:]
            else:
                wire = message.to_wire(max_size=65535)
            wires.append(wire)
        return wires

    # ---- single messages --------------------------------------------------------------

    def _message(self, query, rcode=dns.rcode.NOERROR, answer=(), authority=(),
                 question=True, sign=True):
        request = query.message
        message = dns.message.Message(id=request.id)
        message.flags = dns.flags.QR | (request.flags & dns.flags.RD)
        if rcode in (dns.rcode.NOERROR, dns.rcode.NXDOMAIN):
            message.flags |= dns.flags.AA
        message.set_opcode(request.opcode())
        message.set_rcode(rcode)
        if question:
            message.question = list(request.question)
        if request.edns >= 0:
            message.use_edns(0, 0, 1232)
        for name, ttl, rdata in answer:
            message.answer.append(dns.rrset.from_rdata(name, ttl, rdata))
        for name, ttl, rdata in authority:
            message.authority.append(dns.rrset.from_rdata(name, ttl, rdata))
        if sign and query.key is not None:
            message.use_tsig(query.key)
            message.request_mac = query.mac
        return message

    def _single(self, query, rcode=dns.rcode.NOERROR, answer=(), authority=()):
        return self._message(query, rcode, answer, authority).to_wire(max_size=65535)

    def _tsig_error_wire(self, query):
        """NOTAUTH for a request whose TSIG is missing or bad (RFC 8945 5.2)."""
        if query.tsig_error == dns.rcode.BADTIME:
            now = int(time.time())
            message = self._message(query, dns.rcode.NOTAUTH, question=True, sign=False)
            message.use_tsig(query.key, tsig_error=dns.rcode.BADTIME,
                             original_id=query.tsig.original_id,
                             other_data=struct.pack("!HI", now >> 32, now & 0xFFFFFFFF))
            message.request_mac = query.mac
            return message.to_wire(max_size=65535)
        wire = self._message(query, dns.rcode.NOTAUTH, sign=False).to_wire(max_size=65535)
        if query.tsig is None:
            return wire  # unsigned request to a primary that wants a key
        tsig = query.tsig.replace(time_signed=int(time.time()), mac=b"",
                                  error=query.tsig_error, other=b"")
        rdata = tsig.to_wire()
        record = (query.tsig_owner.to_wire() +
                  struct.pack("!HHIH", dns.rdatatype.TSIG, dns.rdataclass.ANY, 0, len(rdata)) +
                  rdata)
        arcount = struct.unpack("!H", wire[10:12])[0] + 1
        return wire[:10] + struct.pack("!H", arcount) + wire[12:] + record

    @staticmethod
    def _frames(wires, transport):
        if transport == "udp":
            return list(wires)
        return [struct.pack("!H", len(w)) + w for w in wires]
