"""zoned answers as NSD and Knot do (issue #3, "Tests and proof").

One module-scoped fixture starts zoned, NSD 4 and Knot 3 on three loopback addresses, each
serving the same zone files (tests/zones/interop/*.zone and the pre-signed
tests/zones/signed-nsec*.example.zone). Every case sends the same query to all three and
compares the responses after normalization (answer_compare.py): rcode, AA and TC, the
question as sent back, EDNS presence/version/DO, and each section as a set of RRsets.
zoned must equal at least one of the two peers; when it equals neither, the test fails
with the three responses and the differences. Where NSD and Knot disagree with each other
zoned may side with either.

Normalizations (what is not compared):
- RR order inside an RRset and RRset order inside a section (servers rotate and sort
  differently); names are compared lower-cased except in the question section, where the
  case of the qname as echoed is compared exactly;
- the EDNS payload size a server advertises and its EDNS options;
- the message ID is checked only to pair the response with its query; RD/RA/AD/CD are not
  compared (the queries are sent without RD, as an iterative resolver sends them).
TTLs are compared exactly, and RRs one by one (no merging of duplicates).

Known, deliberate differences between the peers (Debian's NSD 4.6.1 and Knot 3.2.6 with
their defaults), where zoned must match one of them:
- Minimal responses: NSD 4.6 is not minimal. To every authoritative positive answer it adds
  the zone's apex NS RRset (with its RRSIG under DO) to the authority section and the name
  servers' addresses to the additional section. Knot adds neither; both add the addresses
  of MX/SRV/NS targets in the zone. zoned is minimal, as Knot, so nearly every positive
  answer matches Knot only; negative answers and referrals match both.
- Referral truncation: when in-bailiwick glue does not fit (manyns), Knot sets TC
  (RFC 9471), NSD drops glue without TC.
- Class ANY (www IN A asked in class ANY): NSD answers without AA, Knot with AA.
- ANY: all three answer with one RRset (RFC 8482), even over TCP, but not the same one
  at the apex: NSD picks the SOA, Knot the NS RRset.
- qtype RRSIG: NSD returns every RRSIG at the name (plus its non-minimal NS and
  addresses), Knot the RRSIGs of the name's first signed RRset by type. zoned answers
  as Knot.
- DNAME to an in-zone name that does not exist, with DO: Knot adds the NSEC covering the
  target, NSD does not.
- Truncation with DO (EDNS 512): Knot writes a section's RRsets first and their RRSIGs
  after them, so that in a full message it is RRSIGs that are left out (TC=1 in the
  answer and authority sections, none in the additional section, RFC 4035 section
  3.1.1), and it writes no additional section into a message already truncated; NSD
  stops at the last RRset that fits with its RRSIGs. zoned truncates as Knot.
- CHAOS version.bind/id.server: each server answers with its own name (normalized away).

A case zoned matches neither peer on may be marked xfail(strict=True) with the reason
(XFAIL below), so that the suite stays green and the gap stays visible; there are none at
present.

Cases are named ZONE-NAME-QTYPE[-QCLASS]-MODE, MODE being udp (no EDNS), edns (EDNS0, 4096),
do (EDNS0 4096 + DO), edns512, do512, ednsv1 (EDNS version 1: BADVERS), tcp, tcp-do. The
unsigned cases on interop.example are repeated on its three signed copies
(tests/zones/interop/make_signed_zones.sh: NSEC, NSEC3, NSEC3 opt-out) with DO.

Set ZONED_INTEROP_REPORT=path to write, per case, which peer(s) zoned matched.
"""
import json
import os

import pytest

from answer_compare import Query, diff, exchange, normalize, render
from conftest import ZONES
from peers import KnotProcess, NsdProcess
from zoned_process import ZonedProcess

INTEROP = os.path.join(ZONES, "interop")
SERVED_ZONES = {
    "interop.example": os.path.join(INTEROP, "interop.example.zone"),
    "served.interop.example": os.path.join(INTEROP, "served.interop.example.zone"),
    "wildapex.example": os.path.join(INTEROP, "wildapex.example.zone"),
    "signed-nsec.example": os.path.join(ZONES, "signed-nsec.example.zone"),
    "signed-nsec3.example": os.path.join(ZONES, "signed-nsec3.example.zone"),
    "signed-interop-nsec.example": os.path.join(INTEROP, "signed-interop-nsec.example.zone"),
    "signed-interop-nsec3.example": os.path.join(INTEROP, "signed-interop-nsec3.example.zone"),
    "signed-interop-optout.example": os.path.join(INTEROP, "signed-interop-optout.example.zone"),
    # The same zone signed by ldns-signzone rather than BIND's dnssec-signzone.
    "signed-interop-ldns.example": os.path.join(INTEROP, "signed-interop-ldns.example.zone"),
    "signed-interop-ldns3.example": os.path.join(INTEROP, "signed-interop-ldns3.example.zone"),
}

# Query modes: u = UDP without EDNS, e = UDP EDNS0 4096, d = UDP EDNS0 4096 with DO,
# m = UDP EDNS0 512, M = UDP EDNS0 512 with DO, v = UDP EDNS version 1 (BADVERS),
# t = TCP without EDNS, D = TCP EDNS0 4096 with DO.
MODES = {
    "u": dict(),
    "e": dict(edns=True),
    "d": dict(edns=True, do=True),
    "m": dict(edns=True, payload=512),
    "t": dict(tcp=True),
    "D": dict(tcp=True, edns=True, do=True),
    "v": dict(edns=True, edns_version=1),
    "M": dict(edns=True, do=True, payload=512),
}
MODE_NAMES = {"u": "udp", "e": "edns", "d": "do", "m": "edns512", "t": "tcp", "D": "tcp-do",
              "v": "ednsv1", "M": "do512"}

I = "interop.example"
W = "wildapex.example"

# (zone suffix, relative name or "@", qtype, modes[, qclass])
UNSIGNED = [
    # apex and plain data
    (I, "@", "SOA", "uet"), (I, "@", "NS", "ue"), (I, "@", "MX", "ue"),
    (I, "@", "A", "ue"), (I, "@", "DNSKEY", "ud"), (I, "@", "DS", "ud"),
    (I, "www", "A", "uedtv"), (I, "www", "TXT", "ue"), (I, "www", "AAAA", "ue"),
    (I, "short", "A", "u"), (I, "ns1", "A", "u"), (I, "mail", "AAAA", "u"),
    (I, "mail", "MX", "u"), (I, "WwW.InTeRoP.ExAmPlE.", "A", "ue"),
    (I, "www", "TYPE65000", "u"),
    # MX / SRV targets
    (I, "_sip._tcp", "SRV", "ue"), (I, "_sip._udp", "SRV", "u"),
    # NXDOMAIN and empty non-terminals
    (I, "nothere", "A", "uet"), (I, "a.nothere", "A", "u"), (I, "b.c", "A", "ue"),
    (I, "c", "A", "u"), (I, "a.b.c", "A", "u"), (I, "x.a.b.c", "A", "u"),
    # wildcards
    (I, "foo.wild", "TXT", "ue"), (I, "foo.wild", "A", "u"), (I, "foo.wild", "MX", "ue"),
    (I, "a.b.wild", "A", "u"), (I, "exists.wild", "A", "u"), (I, "exists.wild", "TXT", "ue"),
    (I, "sub.exists.wild", "A", "u"), (I, "*.wild", "TXT", "u"), (I, "wild", "A", "u"),
    (I, "foo.cwild", "A", "ue"), (I, "foo.cwild", "CNAME", "u"), (I, "foo.cwild", "TXT", "u"),
    (I, "foo.cwildout", "A", "u"), (I, "foo.mxwild", "MX", "ue"),
    (I, "y.ent.deep", "TXT", "ue"), (I, "y.ent.deep", "A", "u"), (I, "x.ent.deep", "A", "u"),
    (I, "x.ent.deep", "TXT", "u"), (I, "ent.deep", "TXT", "u"), (I, "deep", "A", "u"),
    (I, "z.y.ent.deep", "TXT", "u"),
    # CNAME chains
    (I, "alias", "A", "uet"), (I, "alias2", "A", "u"), (I, "alias3", "A", "ue"),
    (I, "alias", "CNAME", "u"), (I, "alias", "TXT", "u"), (I, "alias", "AAAA", "u"),
    (I, "dangling", "A", "u"), (I, "outside", "A", "u"), (I, "loop1", "A", "ue"),
    (I, "selfloop", "A", "u"), (I, "todeleg", "A", "ue"), (I, "towild", "A", "u"),
    (I, "tocwild", "A", "u"), (I, "todname", "A", "u"), (I, "tomail", "MX", "ue"),
    (I, "toapex", "NS", "u"),
    # DNAME
    (I, "dname", "DNAME", "u"), (I, "dname", "A", "u"), (I, "x.dname", "A", "ue"),
    (I, "a.b.dname", "TXT", "u"), (I, "x.indname", "A", "u"), (I, "y.indname", "A", "u"),
    (I, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.longdname", "A", "u"),
    # delegations
    (I, "sub", "NS", "ue"), (I, "sub", "A", "u"), (I, "host.sub", "A", "uet"),
    (I, "ns.sub", "A", "u"), (I, "occluded.sub", "A", "u"), (I, "deep.below.sub", "TXT", "u"),
    (I, "sub", "DS", "ue"), (I, "sibling", "A", "u"), (I, "ns2.sibling", "A", "u"),
    (I, "sib2", "A", "u"), (I, "away", "A", "u"), (I, "x.away", "MX", "u"),
    (I, "authns", "A", "u"), (I, "secure", "A", "ud"), (I, "secure", "DS", "ud"),
    (I, "x.secure", "A", "u"), (I, "manyns", "A", "uem"),
    # a zone and its served child
    (I, "served", "DS", "ud"), (I, "served", "SOA", "u"), (I, "served", "NS", "u"),
    (I, "www.served", "A", "u"), (I, "served", "A", "u"), (I, "nothere.served", "A", "u"),
    # truncation
    (I, "big", "TXT", "uemtD"), (I, "big", "A", "u"),
    # ANY, RRSIG, class ANY
    (I, "www", "ANY", "ut"), (I, "@", "ANY", "t"), (I, "nothere", "ANY", "u"),
    (I, "www", "RRSIG", "u"), (I, "@", "RRSIG", "u"), (I, "mail", "RRSIG", "u"),
    (I, "www", "A", "u", "ANY"),
    # the qname's case, echoed and in synthesized owners
    (I, "FOO.Wild", "TXT", "u"), (I, "NoThere", "A", "u"), (I, "X.DName", "A", "u"),
    (I, "ALIAS", "A", "u"), (I, "Host.SUB", "A", "u"),
    # types at names that do not hold them, ANY at special names
    (I, "www", "DS", "u"), (I, "b.c", "DS", "u"), (I, "nothere", "DS", "u"),
    (I, "www", "NS", "u"), (I, "www", "SOA", "u"), (I, "x.*.wild", "A", "u"),
    (I, "foo.wild", "ANY", "u"), (I, "alias", "ANY", "u"), (I, "x.dname", "ANY", "u"),
    (I, "sub", "ANY", "u"), (I, "ns.served", "A", "u"), (I, "sub", "NS", "t"),
    (I, "foo.wild", "TXT", "D"),
    # other classes
    (I, "www", "A", "u", "CH"), ("bind", "version", "TXT", "u", "CH"),
    ("server", "id", "TXT", "u", "CH"),
    # outside every zone
    (I, "www.example.org.", "A", "ue"), (I, ".", "SOA", "u"), (I, "example.", "SOA", "u"),
    # a wildcard at the apex
    (W, "foo", "A", "ue"), (W, "foo", "MX", "ue"), (W, "foo", "AAAA", "u"),
    (W, "@", "A", "u"), (W, "a.b", "A", "u"), (W, "ns1", "AAAA", "u"),
]

# The signed copies of interop.example (tests/zones/interop/make_signed_zones.sh): every
# query on a name of the zone, with DO, and without EDNS where the unsigned case has it.
# Then DNSSEC answers that do not fit in 512 octets (DO with EDNS 512).
SIGNED_COPIES = ("signed-interop-nsec.example", "signed-interop-nsec3.example",
                 "signed-interop-optout.example", "signed-interop-ldns.example",
                 "signed-interop-ldns3.example")
SIGNED = [(zone, rel, qtype, "d" + ("u" if "u" in modes else ""), *rest)
          for zone in SIGNED_COPIES
          for (z, rel, qtype, modes, *rest) in UNSIGNED
          if z == I and not rel.endswith(".")]
SIGNED += [(zone, rel, qtype, "M")
           for zone in SIGNED_COPIES
           for rel, qtype in (("big", "TXT"), ("nothere", "A"), ("manyns", "A"),
                              ("@", "DNSKEY"), ("foo.wild", "TXT"), ("x.ent.deep", "TXT"),
                              ("alias3", "A"), ("y.indname", "A"), ("sub", "A"),
                              ("secure", "A"), ("@", "MX"))]
for _zone in ("signed-nsec.example", "signed-nsec3.example"):
    SIGNED += [
        (_zone, "@", "SOA", "ud"), (_zone, "@", "DNSKEY", "d"), (_zone, "@", "NS", "d"),
        (_zone, "@", "MX", "dD"), (_zone, "www", "A", "ud"), (_zone, "www", "AAAA", "d"),
        (_zone, "nothere", "A", "udD"), (_zone, "x.y.nothere", "A", "d"),
        (_zone, "foo.wild", "TXT", "d"), (_zone, "foo.wild", "A", "d"),
        (_zone, "b.c", "A", "d"), (_zone, "a.b.c", "A", "d"), (_zone, "sub", "A", "ud"),
        (_zone, "sub", "DS", "d"), (_zone, "ns.sub", "A", "d"), (_zone, "secure", "A", "d"),
        (_zone, "secure", "DS", "d"), (_zone, "alias", "A", "d"), (_zone, "www", "RRSIG", "d"),
        (_zone, "@", "NSEC3PARAM", "d"), (_zone, "www", "NSEC", "d"), (_zone, "@", "ANY", "D"),
    ]


def _absolute(zone, rel):
    if rel.endswith("."):
        return rel
    return f"{zone}." if rel == "@" else f"{rel}.{zone}."


def _case_id(zone, rel, qtype, mode, qclass):
    short = zone.split(".")[0]
    label = rel.rstrip(".") or "root"
    cls = "" if qclass == "IN" else f"-{qclass}"
    return f"{short}-{label}-{qtype}{cls}-{MODE_NAMES[mode]}"


# Cases where zoned matches neither peer: id -> reason. Strict: a fix turns them red.
# None at present.
XFAIL = {}

def _cases():
    seen = set()
    for entry in UNSIGNED + SIGNED:
        zone, rel, qtype, modes = entry[:4]
        qclass = entry[4] if len(entry) > 4 else "IN"
        for mode in modes:
            query = Query(_absolute(zone, rel), qtype, qclass=qclass, **MODES[mode])
            cid = _case_id(zone, rel, qtype, mode, qclass)
            if cid in seen:
                continue
            seen.add(cid)
            marks = [pytest.mark.xfail(strict=True, reason=XFAIL[cid])] if cid in XFAIL else []
            yield pytest.param(query, id=cid, marks=marks)


CASES = list(_cases())
_REPORT = {}


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    base = tmp_path_factory.mktemp("interop")
    (base / "zoned").mkdir()
    zoned = ZonedProcess(base / "zoned", zones=SERVED_ZONES,
                         address="127.0.0.1")
    nsd = NsdProcess(base / "nsd", SERVED_ZONES, address="127.0.0.2")
    knot = KnotProcess(base / "knot", SERVED_ZONES, address="127.0.0.3")
    started = []
    try:
        for server in (zoned, nsd, knot):
            server.start()
            started.append(server)
        yield {"zoned": zoned, "nsd": nsd, "knot": knot}
    finally:
        for server in reversed(started):
            server.stop()
        counts = {"both": 0, "knot": 0, "nsd": 0, "neither": 0}
        for matched in _REPORT.values():
            counts["both" if len(matched) == 2 else matched[0] if matched else "neither"] += 1
        print(f"\ninterop: zoned matched both peers {counts['both']}, Knot only "
              f"{counts['knot']}, NSD only {counts['nsd']}, neither {counts['neither']}")
        path = os.environ.get("ZONED_INTEROP_REPORT")
        if path:
            with open(path, "w") as f:
                json.dump(_REPORT, f, indent=1, sort_keys=True)


MAX_RESTARTS = 5  # a server that dies is restarted at most this often in one run
_restarts = []


def _dead(servers):
    return {name: s.process.returncode for name, s in servers.items()
            if s.process is None or s.process.poll() is not None}


def _restart(server, name):
    """Restarts a server that died (keeping its old log beside), so that one crash fails
    one case, not every case after it."""
    _restarts.append(name)
    if len(_restarts) > MAX_RESTARTS:
        return
    if os.path.exists(server.log_path):
        os.replace(server.log_path, f"{server.log_path}.{len(_restarts)}")
    server.start()


def _ask_all(servers, query):
    got, errors = {}, {}
    for name, s in servers.items():
        try:
            got[name] = normalize(exchange(query, s.address, s.port))
        except (OSError, TimeoutError, EOFError) as e:
            errors[name] = e
    dead = _dead(servers)
    if dead or errors:
        lines = [f"no comparison for {query.describe()}:"]
        for name, rc in dead.items():
            how = f"killed by signal {-rc}" if rc is not None and rc < 0 else f"exit {rc}"
            lines.append(f"  {name} is not running ({how}) after this query")
            tail = servers[name].log()[-1500:]
            lines += [f"    | {line}" for line in tail.splitlines()[-3:]]
        lines += [f"  {name}: {e!r}" for name, e in errors.items()]
        for name in dead:
            _restart(servers[name], name)
        pytest.fail("\n".join(lines), pytrace=False)
    return got


@pytest.mark.parametrize("query", CASES)
def test_answer_matches_a_peer(servers, query, request):
    if len(_restarts) > MAX_RESTARTS:
        pytest.fail(f"servers died {len(_restarts)} times ({_restarts}); not asking more",
                    pytrace=False)
    got = _ask_all(servers, query)
    zoned, nsd, knot = got["zoned"], got["nsd"], got["knot"]
    matched = [peer for peer in ("knot", "nsd") if got[peer] == zoned]
    _REPORT[request.node.callspec.id] = matched
    if matched:
        return
    lines = [f"zoned matches neither NSD nor Knot for {query.describe()}"]
    lines += render("zoned", zoned) + render("nsd", nsd) + render("knot", knot)
    lines += ["differences zoned vs nsd:"] + diff("zoned", zoned, "nsd", nsd)
    lines += ["differences zoned vs knot:"] + diff("zoned", zoned, "knot", knot)
    if nsd == knot:
        lines.append("(NSD and Knot agree)")
    pytest.fail("\n".join(lines), pytrace=False)
