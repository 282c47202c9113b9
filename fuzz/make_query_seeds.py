"""Seeds for fuzz/fuzz_query.cpp: two control octets (mode, options) then a DNS message."""
import os
import sys

import dns.edns
import dns.message
import dns.name
import dns.opcode
import dns.rdataclass
import dns.rdatatype
import dns.rrset
import dns.tsig
import dns.tsigkeyring

ROOT = sys.argv[1]
OUT = os.path.join(ROOT, "fuzz", "corpus", "query")
KEYS = dns.tsigkeyring.from_text({
    "xfr-key.": ("hmac-sha256", "ZnV6ei14ZnIta2V5LXNlY3JldC0wMTIzNDU2Nzg5YWI="),
    "notify-key.": ("hmac-sha1", "ZnV6ei1ub3RpZnkta2V5LXNlY3JldC0wMTIz"),
})

UDP4, UDP6, TCP4, TCP6 = 0, 1, 2, 3
SRC_LOCAL, SRC_KEYED, SRC_BLOCKED, SRC_OTHER = 0, 1 << 2, 2 << 2, 3 << 2
SIGN_XFR, SIGN_NOTIFY, SIGN_STALE, SIGN_UNKNOWN = 4 << 5, 5 << 5, 6 << 5, 7 << 5
OPT_NOTIFIES, OPT_STATS, OPT_NSID = 32, 128, 16


def write(name, mode, options, wire):
    with open(os.path.join(OUT, name + ".bin"), "wb") as f:
        f.write(bytes([mode, options]) + wire)


def q(name, rdtype, rdclass="IN", **kw):
    m = dns.message.make_query(name, rdtype, rdclass, **kw)
    m.id = 0x4242
    return m


# Copies of the message corpus, as UDP over IPv4 from 127.0.0.1 and as TCP.
src = os.path.join(ROOT, "fuzz", "corpus", "message")
for f in sorted(os.listdir(src)):
    data = open(os.path.join(src, f), "rb").read()
    base = os.path.splitext(f)[0]
    write("msg_" + base, UDP4 | SRC_LOCAL, OPT_STATS, data)
    if base in ("axfr", "notify", "tsig_query"):
        write("msg_tcp_" + base, TCP4 | SRC_LOCAL, OPT_NOTIFIES, data)

# Plain queries over every kind of name the zones hold.
plain = [
    ("apex_soa", "fuzz.example", "SOA", {}),
    ("apex_any", "fuzz.example", "ANY", {}),
    ("apex_mx", "fuzz.example", "MX", {"use_edns": 0}),
    ("www_aaaa", "www.fuzz.example", "AAAA", {"use_edns": 0, "payload": 4096}),
    ("wild", "x.wild.fuzz.example", "A", {}),
    ("cname_chain", "c1.fuzz.example", "A", {"use_edns": 0}),
    ("cname_loop", "loop1.fuzz.example", "A", {}),
    ("dname", "host.dname.fuzz.example", "A", {"use_edns": 0}),
    ("referral", "host.sub.fuzz.example", "A", {}),
    ("ds", "sub.fuzz.example", "DS", {"use_edns": 0, "want_dnssec": True}),
    ("nxdomain", "nothing.fuzz.example", "A", {}),
    ("big_txt", "big.fuzz.example", "TXT", {}),
    ("answer_dname", "x.longdname.answer.example", "A", {"use_edns": 0}),
    ("nsec_nx", "nothing.signed-nsec.example", "A", {"use_edns": 0, "want_dnssec": True}),
    ("nsec_nodata", "signed-nsec.example", "TXT", {"use_edns": 0, "want_dnssec": True}),
    ("nsec3_nx", "nothing.signed-nsec3.example", "A", {"use_edns": 0, "want_dnssec": True}),
    ("expired", "www.expired.example", "A", {}),
    ("secondary", "secondary.example", "SOA", {}),
    ("refused", "example.org", "A", {}),
]
for name, qname, rdtype, kw in plain:
    write("q_" + name, UDP4 | SRC_LOCAL, OPT_STATS, q(qname, rdtype, **kw).to_wire())
write("q_nsid", UDP6 | SRC_LOCAL, OPT_NSID,
      q("www.fuzz.example", "A", use_edns=0,
        options=[dns.edns.GenericOption(dns.edns.NSID, b"")]).to_wire())
write("q_cookie", UDP4 | SRC_OTHER, 0,
      q("www.fuzz.example", "A", use_edns=0,
        options=[dns.edns.GenericOption(dns.edns.COOKIE, b"\x01" * 8)]).to_wire())
write("q_chaos", UDP4 | SRC_LOCAL, 64, q("version.bind", "TXT", "CH").to_wire())
write("q_tcp_big", TCP6 | SRC_LOCAL, 4, q("big.fuzz.example", "ANY").to_wire())
# Signed here (mode 4-7) at the fuzzer's own clock.
write("q_signed_here", UDP4 | SRC_KEYED | SIGN_XFR, 0, q("www.fuzz.example", "A").to_wire())
write("q_signed_stale", UDP4 | SRC_KEYED | SIGN_STALE, 0, q("www.fuzz.example", "A").to_wire())
write("q_signed_unknown", UDP4 | SRC_KEYED | SIGN_UNKNOWN, 0,
      q("www.fuzz.example", "A").to_wire())
write("q_allow_query_key", UDP4 | SRC_OTHER | SIGN_XFR, 0,
      q("signed-nsec.example", "SOA").to_wire())

# A query signed by dnspython with xfr-key (its time passes: BADTIME once replayed later).
m = q("www.fuzz.example", "A", use_edns=0)
m.use_tsig(KEYS, keyname="xfr-key.")
write("tsig_query_xfr_key", UDP4 | SRC_KEYED, 0, m.to_wire())
m = q("signed-nsec.example", "SOA")
m.use_tsig(KEYS, keyname="notify-key.", algorithm="hmac-sha1")
write("tsig_query_notify_key", UDP6 | SRC_OTHER, 0, m.to_wire())

# NOTIFY for fuzz.example with the SOA hint, unsigned and signed with notify-key.
n = dns.message.make_query("fuzz.example", "SOA")
n.set_opcode(dns.opcode.NOTIFY)
n.flags |= dns.flags.AA
n.flags &= ~dns.flags.RD
n.id = 0x1996
n.answer.append(dns.rrset.from_text(
    "fuzz.example.", 300, "IN", "SOA",
    "ns1.fuzz.example. hostmaster.fuzz.example. 2024010102 7200 3600 1209600 300"))
write("notify", UDP4 | SRC_LOCAL, OPT_NOTIFIES | OPT_STATS, n.to_wire())
write("notify_sign_here", UDP4 | SRC_OTHER | SIGN_NOTIFY, OPT_NOTIFIES, n.to_wire())
n.use_tsig(KEYS, keyname="notify-key.", algorithm="hmac-sha1")
write("notify_tsig", UDP4 | SRC_OTHER, OPT_NOTIFIES, n.to_wire())

# AXFR and IXFR over TCP: unsigned from 127.0.0.1, signed with xfr-key from 127.0.0.2.
axfr = q("fuzz.example", "AXFR")
write("axfr_tcp", TCP4 | SRC_LOCAL, OPT_STATS, axfr.to_wire())
write("axfr_tcp_sign_here", TCP4 | SRC_KEYED | SIGN_XFR, OPT_STATS, axfr.to_wire())
write("axfr_tcp_blocked", TCP4 | SRC_BLOCKED, 0, axfr.to_wire())
write("axfr_udp", UDP4 | SRC_LOCAL, 0, axfr.to_wire())
axfr.use_tsig(KEYS, keyname="xfr-key.")
write("axfr_tcp_tsig", TCP4 | SRC_KEYED, 0, axfr.to_wire())
ixfr = dns.message.make_query("fuzz.example", "IXFR")
ixfr.id = 0x1995
ixfr.authority.append(dns.rrset.from_text(
    "fuzz.example.", 300, "IN", "SOA",
    "ns1.fuzz.example. hostmaster.fuzz.example. 2024010100 7200 3600 1209600 300"))
write("ixfr_tcp", TCP6 | SRC_LOCAL, 0, ixfr.to_wire())
write("ixfr_udp", UDP4 | SRC_LOCAL, 0, ixfr.to_wire())
write("ixfr_udp_signed_here", UDP6 | (5 << 2) | SIGN_XFR, 0, ixfr.to_wire())
print(len(os.listdir(OUT)), "seeds")
