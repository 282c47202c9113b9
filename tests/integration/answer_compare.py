"""Sending one query to several servers and comparing the responses after normalization.

A response is reduced to a `Normalized` value:
- rcode (with the EDNS extended bits), the AA and TC flags;
- the question section exactly as received (so the echo of the qname's case is compared);
- EDNS: present or not, its version and the DO bit (not the advertised payload size, not
  the options: each server picks its own);
- answer, authority and additional (without OPT/TSIG) each as a set of RRsets. An RRset is
  (owner, class, type, covered type) with the multiset of (TTL, RDATA) of its RRs: the RR
  order inside an RRset and the RRset order in a section do not matter, duplicates and
  per-RR TTLs do (the message is parsed one RR per RRset, so dnspython neither merges
  duplicates nor lowers TTLs to the smallest). Owner names and the names inside RDATA are
  compared lower-cased (RFC 4034 §6.2 canonical form); TTLs are compared exactly;
- the text of CHAOS TXT version.bind/version.server/hostname.bind/id.server answers, which
  is each server's own name and version, is replaced by a placeholder.
"""
import socket
import time
from dataclasses import dataclass

import dns.edns
import dns.flags
import dns.message
import dns.name
import dns.rcode
import dns.rdataclass
import dns.rdatatype

from dns_tcp import framed, read_wire


@dataclass(frozen=True)
class Query:
    qname: str
    qtype: str
    tcp: bool = False
    edns: bool = False     # EDNS0 OPT in the query
    payload: int = 4096    # its UDP payload size
    do: bool = False       # the DO bit (implies edns)
    qclass: str = "IN"
    edns_version: int = 0

    def message(self):
        use_edns = self.edns_version if (self.edns or self.do) else False
        q = dns.message.make_query(self.qname, self.qtype, self.qclass, use_edns=use_edns,
                                   payload=self.payload, want_dnssec=self.do)
        q.flags &= ~dns.flags.RD  # as an iterative resolver asks an authority
        return q

    def describe(self):
        how = "TCP" if self.tcp else "UDP"
        v = f"v{self.edns_version}," if self.edns_version else ""
        if self.do:
            how += f" EDNS({v}{self.payload}) DO"
        elif self.edns:
            how += f" EDNS({v}{self.payload})"
        else:
            how += " no EDNS"
        return f"{self.qname} {self.qclass} {self.qtype} over {how}"


def exchange(query, address, port, timeout=2.0, tries=2):
    """Sends `query` (a Query) and returns the response's wire form. UDP is tried `tries`
    times; a response whose id or question does not match is ignored."""
    msg = query.message()
    wire = msg.to_wire()
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    if query.tcp:
        with socket.socket(family, socket.SOCK_STREAM) as s:
            s.settimeout(timeout)
            s.connect((address, port))
            s.sendall(framed(wire))
            return read_wire(s)
    last = None
    for _ in range(tries):
        with socket.socket(family, socket.SOCK_DGRAM) as s:
            s.settimeout(timeout)
            s.connect((address, port))
            s.send(wire)
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                try:
                    data = s.recv(65535)
                except socket.timeout as e:
                    last = e
                    break
                if len(data) >= 2 and data[:2] == wire[:2]:
                    return data
    raise TimeoutError(f"no answer from {address}@{port} to {query.describe()}: {last}")


def _rdata_key(rd):
    """RDATA in canonical form: names lower-cased as RFC 4034 §6.2 lists them."""
    try:
        return rd.to_digestable(dns.name.root)
    except Exception:  # an RDATA dnspython cannot canonicalize: its plain wire form
        return rd.to_wire()


# CHAOS TXT names that carry a server's own identity or version (RFC 4892): their text is
# replaced by this placeholder, since each implementation answers with its own string.
IDENTITY_NAMES = {"version.bind.", "version.server.", "hostname.bind.", "id.server."}
IDENTITY_TEXT = "<server identity>"


def _section(rrsets):
    groups = {}
    for rrset in rrsets:
        if rrset.rdtype in (dns.rdatatype.OPT, dns.rdatatype.TSIG):
            continue
        owner = rrset.name.to_text().lower()
        key = (owner, rrset.rdclass, rrset.rdtype, rrset.covers)
        bucket = groups.setdefault(key, [])
        identity = (owner in IDENTITY_NAMES and rrset.rdclass == dns.rdataclass.CH
                    and rrset.rdtype == dns.rdatatype.TXT)
        for rd in rrset:
            if identity:
                bucket.append((rrset.ttl, IDENTITY_TEXT.encode(), IDENTITY_TEXT))
            else:
                bucket.append((rrset.ttl, _rdata_key(rd), rd.to_text().lower()))
    return frozenset((key, tuple(sorted(rrs))) for key, rrs in groups.items())


@dataclass(frozen=True)
class Normalized:
    rcode: int
    aa: bool
    tc: bool
    question: tuple
    edns: tuple
    answer: frozenset
    authority: frozenset
    additional: frozenset

    def lines(self):
        """A readable, sorted, line-per-RR form for diffs."""
        out = [f"rcode {dns.rcode.to_text(self.rcode)}  AA={int(self.aa)} TC={int(self.tc)}"
               f"  EDNS={'none' if self.edns[0] < 0 else f'v{self.edns[0]} DO={int(self.edns[1])}'}"]
        out += [f"Q  {q}" for q in self.question]
        for label, section in (("AN", self.answer), ("NS", self.authority),
                               ("AR", self.additional)):
            rows = []
            for (owner, rdclass, rdtype, covers), rrs in section:
                t = dns.rdatatype.to_text(rdtype)
                if covers:
                    t += f"({dns.rdatatype.to_text(covers)})"
                c = dns.rdataclass.to_text(rdclass)
                rows += [f"{label} {owner} {ttl} {c} {t} {text}" for ttl, _, text in rrs]
            out += sorted(rows, key=lambda r: (r.split()[1], r.split()[4], r))
        return out


def normalize(wire):
    msg = dns.message.from_wire(wire, one_rr_per_rrset=True, raise_on_truncation=False)
    question = tuple(f"{r.name.to_text()} {dns.rdataclass.to_text(r.rdclass)} "
                     f"{dns.rdatatype.to_text(r.rdtype)}" for r in msg.question)
    edns = (msg.edns, bool(msg.ednsflags & dns.flags.DO) if msg.edns >= 0 else False)
    return Normalized(rcode=msg.rcode(), aa=bool(msg.flags & dns.flags.AA),
                      tc=bool(msg.flags & dns.flags.TC), question=question, edns=edns,
                      answer=_section(msg.answer), authority=_section(msg.authority),
                      additional=_section(msg.additional))


def diff(a_name, a, b_name, b):
    """The lines only in one of the two responses, marked -a / +b."""
    la, lb = a.lines(), b.lines()
    only_a = [f"  - {a_name}: {line}" for line in la if line not in lb]
    only_b = [f"  + {b_name}: {line}" for line in lb if line not in la]
    return only_a + only_b


def render(name, n):
    return [f"  {name}:"] + [f"    {line}" for line in n.lines()]
