#!/usr/bin/python3
"""Interop vectors for the message parser and builder, made with dnspython (Debian's 2.3).

    make_message_vectors.py
        Builds messages with dnspython and writes
          tests/vectors/message_vectors.inc  (hex + the values dnspython sees, for
                                              message_parser_test)
          fuzz/corpus/message/*.bin          (the same packets, as the fuzzer's seeds)

    make_message_vectors.py --check-built FILE
        FILE holds "name hex" lines that message_builder_test writes when run with
        ZONED_WRITE_BUILT_MESSAGES=FILE. Each packet is parsed by dnspython and compared with
        the expectation below; only when all agree is tests/vectors/built_messages.inc
        written, which message_builder_test then checks our output against byte for byte.
        So the unit tests run without Python, and any change in what the builder writes needs
        dnspython's approval again.

Everything is deterministic (fixed ids, fixed TSIG time) so the output is reproducible.
"""

import os
import sys
import time

import dns.edns
import dns.flags
import dns.message
import dns.name
import dns.opcode
import dns.rcode
import dns.rdata
import dns.rdataclass
import dns.rdatatype
import dns.renderer
import dns.rrset
import dns.tsig
import dns.tsigkeyring
import dns.update
import dns.version
import dns.wire

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
TSIG_TIME = 1700000000
KEYRING = dns.tsigkeyring.from_text({"tsig-key.example.": "c2VjcmV0LWtleS1mb3ItdGVzdHMtb25seQ=="})


def fixed_time():
    return float(TSIG_TIME)


# dnspython signs with the current time; a fixed one keeps the vectors stable.
dns.renderer.time.time = fixed_time
dns.message.time.time = fixed_time


def rr(text):
    """One rrset from zone-file-like text: 'owner ttl class type rdata'."""
    owner, ttl, rdclass, rdtype, rdata = text.split(None, 4)
    return dns.rrset.from_text(owner, int(ttl), rdclass, rdtype, rdata)


def response_to(query, *answers, authority=(), additional=()):
    resp = dns.message.make_response(query)
    resp.flags |= dns.flags.AA
    for text in answers:
        resp.answer.append(rr(text))
    for text in authority:
        resp.authority.append(rr(text))
    for text in additional:
        resp.additional.append(rr(text))
    return resp


def make_messages():
    msgs = []

    q = dns.message.make_query("www.example.com.", "A", use_edns=False, id=0x1234)
    msgs.append(("query_a", q))

    q = dns.message.make_query(
        "Example.COM.", "AAAA", use_edns=0, payload=1232, want_dnssec=True, id=0x0001,
        options=[dns.edns.GenericOption(dns.edns.COOKIE, bytes.fromhex("0102030405060708"))])
    msgs.append(("query_edns_cookie", q))

    q = dns.message.make_query(
        "example.org.", "SOA", use_edns=0, payload=4096, id=0xBEEF,
        options=[dns.edns.GenericOption(dns.edns.COOKIE, bytes(range(1, 25))),
                 dns.edns.GenericOption(dns.edns.NSID, b"")])
    msgs.append(("query_edns_server_cookie", q))

    q = dns.message.make_query("www.example.com.", "A", use_edns=False, id=0x4242)
    msgs.append(("response_compressed", response_to(
        q, "www.example.com. 300 IN CNAME web.example.com.",
        "web.example.com. 300 IN A 192.0.2.1",
        "web.example.com. 300 IN A 192.0.2.2",
        authority=["example.com. 3600 IN NS ns1.example.com.",
                   "example.com. 3600 IN NS ns2.example.net."],
        additional=["ns1.example.com. 3600 IN A 192.0.2.53",
                    "ns1.example.com. 3600 IN AAAA 2001:db8::53"])))

    q = dns.message.make_query("example.com.", "ANY", use_edns=False, id=0x0777)
    msgs.append(("response_mx_soa_srv_naptr", response_to(
        q, "example.com. 3600 IN SOA ns1.example.com. hostmaster.example.com. "
           "2024010101 7200 3600 1209600 300",
        "example.com. 3600 IN MX 10 mail.example.com.",
        "_sip._tcp.example.com. 3600 IN SRV 10 60 5060 sip.example.com.",
        "example.com. 3600 IN NAPTR 100 10 \"S\" \"SIP+D2T\" \"\" _sip._tcp.example.com.",
        "example.com. 3600 IN TXT \"v=spf1 -all\" \"second string\"")))

    q = dns.message.make_query("nope.example.com.", "A", use_edns=0, id=0x0003)
    resp = response_to(q, authority=[
        "example.com. 300 IN SOA ns1.example.com. hostmaster.example.com. 1 7200 3600 "
        "1209600 300"])
    resp.set_rcode(dns.rcode.NXDOMAIN)
    msgs.append(("response_nxdomain", resp))

    q = dns.message.make_query("example.com.", "AXFR", use_edns=False, id=0x0AF0)
    msgs.append(("axfr", response_to(
        q, "example.com. 3600 IN SOA ns1.example.com. hostmaster.example.com. "
           "2024010101 7200 3600 1209600 300",
        "example.com. 3600 IN NS ns1.example.com.",
        "example.com. 3600 IN MX 10 mail.example.com.",
        "mail.example.com. 3600 IN A 192.0.2.25",
        "mail.example.com. 3600 IN AAAA 2001:db8::25",
        "www.example.com. 3600 IN CNAME example.com.",
        "example.com. 3600 IN TXT \"hello world\"",
        "example.com. 3600 IN CAA 0 issue \"ca.example.net\"",
        "example.com. 3600 IN DS 12345 13 2 "
        "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        "example.com. 3600 IN SOA ns1.example.com. hostmaster.example.com. "
        "2024010101 7200 3600 1209600 300")))

    q = dns.message.make_query("example.com.", "IXFR", use_edns=False, id=0x1F0A)
    q.authority.append(rr("example.com. 0 IN SOA ns1.example.com. hostmaster.example.com. "
                          "2024010100 7200 3600 1209600 300"))
    msgs.append(("ixfr_query", q))

    q = dns.message.make_query("www.example.com.", "A", use_edns=False, id=0x7517)
    q.use_tsig(KEYRING, keyname="tsig-key.example.", algorithm=dns.tsig.HMAC_SHA256)
    msgs.append(("tsig_query", q))

    q = dns.message.make_query("example.com.", "AXFR", use_edns=0, id=0x7518)
    q.use_tsig(KEYRING, keyname="tsig-key.example.", algorithm=dns.tsig.HMAC_SHA256)
    msgs.append(("tsig_query_edns", q))

    n = dns.message.make_query("example.com.", "SOA", use_edns=False, id=0x0404)
    n.set_opcode(dns.opcode.NOTIFY)
    n.flags = dns.flags.AA
    n.answer.append(rr("example.com. 3600 IN SOA ns1.example.com. hostmaster.example.com. "
                       "2024010102 7200 3600 1209600 300"))
    msgs.append(("notify", n))

    u = dns.update.UpdateMessage("example.com.", id=0x0505)
    u.present("www", "A")
    u.delete("old", "A")
    u.delete("www", "A", "192.0.2.9")
    u.add("new", 300, "A", "192.0.2.10")
    msgs.append(("update", u))

    q = dns.message.make_query("blocked.example.", "A", use_edns=0, id=0x0606)
    resp = dns.message.make_response(q)
    resp.set_rcode(dns.rcode.REFUSED)
    resp.use_edns(0, 0, 1232, options=[dns.edns.EDEOption(dns.edns.EDECode.PROHIBITED,
                                                          "not for you")])
    msgs.append(("response_ede", resp))

    q = dns.message.make_query("example.com.", "A", use_edns=0, id=0x0707)
    resp = dns.message.make_response(q)
    resp.use_edns(0, 0, 1232)
    resp.set_rcode(dns.rcode.BADVERS)
    msgs.append(("response_badvers", resp))
    return msgs


def record_line(section, owner, rdtype, rdclass, ttl, rd):
    return "%s %s %d %d %d %s" % (section, owner.to_text(), rdtype, rdclass, ttl,
                                  rd.to_wire().hex())


def c_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def expected_records(wire):
    """The records in message order (dnspython's messages merge them into rrsets), each
    decoded by dnspython; OPT, TSIG and empty UPDATE RDATA are shown raw."""
    lines = []
    p = dns.wire.Parser(wire)
    hdr = p.get_struct("!HHHHHH")
    counts = hdr[2:]
    for _ in range(counts[0]):
        p.get_name()
        p.get_struct("!HH")
    for sec, count in zip(("answer", "authority", "additional"), counts[1:]):
        for _ in range(count):
            owner = p.get_name()
            rdtype, rdclass, ttl, rdlen = p.get_struct("!HHIH")
            if rdtype in (dns.rdatatype.OPT, dns.rdatatype.TSIG) or rdlen == 0:
                raw = p.get_bytes(rdlen)
                lines.append("%s %s %d %d %d %s" % (sec, owner.to_text(), rdtype, rdclass, ttl,
                                                    raw.hex()))
                continue
            with p.restrict_to(rdlen):
                rd = dns.rdata.from_wire_parser(rdclass, rdtype, p, None)
            lines.append(record_line(sec, owner, rdtype, rdclass, ttl, rd))
    assert p.remaining() == 0
    return lines


def vector_entry(name, msg):
    wire = msg.to_wire()
    back = dns.message.from_wire(wire, keyring=KEYRING)
    q = back.question[0] if len(back.question) else None
    tsig = back.tsig[0] if back.tsig else None
    fields = {
        "name": c_str(name),
        "hex": c_str(wire.hex()),
        "id": back.id,
        "flags": int.from_bytes(wire[2:4], "big"),
        "qdcount": int.from_bytes(wire[4:6], "big"),
        "ancount": int.from_bytes(wire[6:8], "big"),
        "nscount": int.from_bytes(wire[8:10], "big"),
        "arcount": int.from_bytes(wire[10:12], "big"),
        "qname": c_str(q.name.to_text() if q is not None else ""),
        "qtype": q.rdtype if q is not None else 0,
        "qclass": q.rdclass if q is not None else 0,
        "has_edns": "true" if back.edns >= 0 else "false",
        "udp_size": back.payload if back.edns >= 0 else 0,
        "dnssec_ok": "true" if back.ednsflags & dns.flags.DO else "false",
        "rcode": back.rcode(),
        "cookie": c_str(next((o.to_wire().hex() for o in back.options
                              if o.otype == dns.edns.COOKIE), "")),
        "has_tsig": "true" if tsig else "false",
        "tsig_key": c_str(back.tsig.name.to_text() if tsig else ""),
        "tsig_alg": c_str(tsig.algorithm.to_text() if tsig else ""),
        "tsig_time": tsig.time_signed if tsig else 0,
        "tsig_fudge": tsig.fudge if tsig else 0,
        "tsig_mac": c_str(tsig.mac.hex() if tsig else ""),
        "tsig_original_id": tsig.original_id if tsig else 0,
        "tsig_offset": tsig_offset(wire) if tsig else 0,
        "records": c_str("\n".join(expected_records(wire))),
    }
    return "    {" + ", ".join("%s" % v for v in fields.values()) + "},"


def tsig_offset(wire):
    """Start of the last record: walk the message."""
    p = dns.wire.Parser(wire)
    counts = p.get_struct("!HHHHHH")[2:]
    for _ in range(counts[0]):
        p.get_name()
        p.get_struct("!HH")
    last = 0
    for _ in range(sum(counts[1:])):
        last = p.current
        p.get_name()
        rdlen = p.get_struct("!HHIH")[3]
        p.get_bytes(rdlen)
    return last


def write_vectors():
    msgs = make_messages()
    out = [
        "// Generated by tests/vectors/make_message_vectors.py with dnspython %s. Do not edit."
        % dns.version.version,
        "// Fields: name, hex, id, flags, qd/an/ns/ar counts, qname, qtype, qclass, has_edns,",
        "// udp_size, dnssec_ok, rcode (extended), cookie hex, has_tsig, key, algorithm, time,",
        "// fudge, MAC hex, original id, TSIG offset, records (section owner type class ttl",
        "// uncompressed-rdata-hex, one per line, in message order).",
    ]
    corpus = os.path.join(ROOT, "fuzz", "corpus", "message")
    os.makedirs(corpus, exist_ok=True)
    for name, msg in msgs:
        out.append(vector_entry(name, msg))
        with open(os.path.join(corpus, name + ".bin"), "wb") as f:
            f.write(msg.to_wire())
    with open(os.path.join(HERE, "message_vectors.inc"), "w") as f:
        f.write("\n".join(out) + "\n")
    print("wrote %d vectors" % len(msgs))


# ----- the other direction: what our builder writes, read by dnspython -----

def expect_built(name, wire):
    """Checks one packet our builder wrote; raises AssertionError when dnspython disagrees."""
    if name == "tsig_layout":
        check_tsig_layout(wire)
        return
    m = dns.message.from_wire(wire)
    t = lambda rrset: rrset.to_text()
    if name == "simple_answer":
        assert m.id == 0xABCD and m.flags & dns.flags.QR and m.flags & dns.flags.AA
        assert m.question[0].to_text() == "www.example.com. IN A"
        assert t(m.answer[0]) == ("www.example.com. 300 IN A 192.0.2.1\n"
                                  "www.example.com. 300 IN A 192.0.2.2")
    elif name == "compressed_rdata":
        assert m.question[0].to_text() == "example.com. IN ANY"
        assert t(m.answer[0]) == ("example.com. 3600 IN SOA ns1.example.com. "
                                  "hostmaster.example.com. 2024010101 7200 3600 1209600 300")
        assert t(m.answer[1]) == "example.com. 3600 IN MX 10 mail.example.com."
        assert t(m.answer[2]) == "_sip._tcp.example.com. 3600 IN SRV 0 5 5060 sip.example.com."
        assert t(m.answer[3]) == "example.com. 3600 IN TXT \"hello\""
        assert t(m.authority[0]) == ("example.com. 3600 IN NS ns1.example.com.\n"
                                     "example.com. 3600 IN NS ns2.example.com.")
        assert t(m.additional[0]) == "ns1.example.com. 3600 IN A 192.0.2.53"
    elif name == "edns_ede":
        assert m.rcode() == dns.rcode.REFUSED and m.edns == 0 and m.payload == 1232
        assert m.ednsflags & dns.flags.DO
        ede = [o for o in m.options if o.otype == dns.edns.EDE]
        assert len(ede) == 1 and ede[0].code == 18 and ede[0].text == "not for you"
        cookie = [o for o in m.options if o.otype == dns.edns.COOKIE]
        assert cookie[0].to_wire().hex() == "0102030405060708" + "11" * 16
    elif name == "badvers":
        assert m.rcode() == dns.rcode.BADVERS and m.edns == 0
    elif name == "truncated":
        assert m.flags & dns.flags.TC and len(m.answer) == 0
        assert m.question[0].to_text() == "big.example. IN TXT"
        assert m.edns == 0 and m.payload == 1232
    else:
        raise AssertionError("no expectation for " + name)


def check_tsig_layout(wire):
    """The builder test has no HMAC, so its MAC is a dummy: dnspython must get as far as
    comparing MACs (so it found and decoded the TSIG as the last record) and no further."""
    try:
        dns.message.from_wire(wire, keyring=KEYRING)
        raise AssertionError("dummy MAC accepted")
    except dns.tsig.BadSignature:
        pass
    p = dns.wire.Parser(wire)
    counts = p.get_struct("!HHHHHH")[2:]
    for _ in range(counts[0]):
        p.get_name()
        p.get_struct("!HH")
    for i in range(sum(counts[1:])):
        owner = p.get_name()
        rdtype, rdclass, ttl, rdlen = p.get_struct("!HHIH")
        with p.restrict_to(rdlen):
            rd = dns.rdata.from_wire_parser(rdclass, rdtype, p, None)
    assert rdtype == dns.rdatatype.TSIG and rdclass == dns.rdataclass.ANY and ttl == 0
    assert owner.to_text() == "tsig-key.example." and rd.algorithm == dns.tsig.HMAC_SHA256
    assert rd.time_signed == TSIG_TIME and rd.fudge == 300 and rd.mac == b"\xab" * 32
    assert rd.original_id == int.from_bytes(wire[:2], "big") and rd.error == 0
    assert p.remaining() == 0


def check_built(path):
    entries = []
    with open(path) as f:
        for line in f:
            name, hexwire = line.split()
            expect_built(name, bytes.fromhex(hexwire))
            entries.append('    {%s, %s},' % (c_str(name), c_str(hexwire)))
    out = ["// Written by tests/vectors/make_message_vectors.py --check-built after dnspython %s"
           % dns.version.version,
           "// parsed each of these packets (made by MessageBuilder) and found what it expected.",
           "// Do not edit: regenerate when the builder's output changes."] + entries
    with open(os.path.join(HERE, "built_messages.inc"), "w") as f:
        f.write("\n".join(out) + "\n")
    print("dnspython accepted %d built packets" % len(entries))


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--check-built":
        check_built(sys.argv[2])
    else:
        write_vectors()
