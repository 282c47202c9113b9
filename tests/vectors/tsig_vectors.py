#!/usr/bin/python3
"""TSIG (RFC 8945) vectors for tsig_test, made with dnspython (Debian's 2.3).

    tsig_vectors.py
        Writes tests/vectors/tsig_vectors.inc: for each of the six HMAC algorithms a request
        signed by dnspython and the signed answers dnspython makes for it (one answer; a
        three-message stream; a stream whose middle message is unsigned), plus a BADTIME and
        a BADTRUNC answer and requests with names in unusual case.

tsig_test checks that verify_request() accepts each request, that TsigSigner writes the very
same octets as dnspython for the same time and inputs, that sign_request() signs the request
to the same octets, and that TsigVerifier accepts each answer stream. Before writing anything,
this script has dnspython's own reader verify every answer it signed (the stream with the
unsigned message included), so the vectors are what dnspython considers valid.

Everything is deterministic (fixed ids, times and secrets) so the output is reproducible.
"""

import os
import struct
import time

import dns.message
import dns.name
import dns.rcode
import dns.rdata
import dns.rdataclass
import dns.rdatatype
import dns.rrset
import dns.tsig
import dns.version
import dns.wire

HERE = os.path.dirname(os.path.abspath(__file__))
T0 = 1700000000

# dnspython signs and checks with the current time; the vectors use fixed ones.
_now = [T0]
time.time = lambda: float(_now[0])

# (our enum index, algorithm name as dnspython should write it, secret length). The names are
# the lower-case ones we write, so that answers can be compared octet for octet; the
# upper-case HMAC-MD5 name dnspython uses by default gets a request of its own below.
ALGORITHMS = [
    ("md5", 0, "hmac-md5.sig-alg.reg.int.", 16),
    ("sha1", 1, "hmac-sha1.", 20),
    ("sha224", 2, "hmac-sha224.", 28),
    ("sha256", 3, "hmac-sha256.", 32),
    ("sha384", 4, "hmac-sha384.", 48),
    ("sha512", 5, "hmac-sha512.", 150),  # longer than SHA-512's block: the key is hashed
]


def secret_for(tag, length):
    return bytes((i * 7 + len(tag) * 13 + 1) & 0xFF for i in range(length))


def make_key(name, algorithm, secret):
    return dns.tsig.Key(dns.name.from_text(name), secret, dns.name.from_text(algorithm))


def rr(text):
    owner, ttl, rdclass, rdtype, rdata = text.split(None, 4)
    return dns.rrset.from_text(owner, int(ttl), rdclass, rdtype, rdata)


def signed_query(key, qname, qtype, qid, at):
    _now[0] = at
    q = dns.message.make_query(qname, qtype, use_edns=False, id=qid)
    q.use_tsig(key)
    wire = q.to_wire()
    return wire, dns.message.from_wire(wire, keyring=key)


SOA = ("example.com. 3600 IN SOA ns1.example.com. hostmaster.example.com. "
       "2024010101 7200 3600 1209600 300")
STREAM = [
    [SOA, "example.com. 3600 IN NS ns1.example.com.", "ns1.example.com. 3600 IN A 192.0.2.53"],
    ["www.example.com. 3600 IN A 192.0.2.80", "www.example.com. 3600 IN AAAA 2001:db8::80",
     "example.com. 3600 IN TXT \"second message\""],
    ["mail.example.com. 3600 IN MX 10 mx.example.net.", SOA],
]


def answer(query, records, signed=True):
    resp = dns.message.make_response(query)
    if not signed:
        resp.tsig = None
        resp.keyring = None
    for text in records:
        resp.answer.append(rr(text))
    return resp


def check_stream(key, request_mac, wires, times):
    """dnspython's reader, from scratch, must accept the answer stream: every signed message
    verified, unsigned ones folded into the next digest (multi-message TSIG)."""
    ctx = None
    for wire, at in zip(wires, times):
        _now[0] = at
        m = dns.message.from_wire(wire, keyring=key, request_mac=request_mac, multi=True,
                                  tsig_ctx=ctx)
        ctx = m.tsig_ctx
    assert m.had_tsig


def single(key, query, at):
    _now[0] = at
    wire = answer(query, ["www.example.com. 300 IN A 192.0.2.1"]).to_wire()
    check_stream(key, query.mac, [wire], [at])
    return [wire], [at]


def stream(key, query, at, unsigned_middle):
    wires, times, ctx = [], [], None
    for i, records in enumerate(STREAM):
        _now[0] = at + i
        if unsigned_middle and i == 1:
            wire = answer(query, records, signed=False).to_wire()
            ctx.update(wire)  # what a receiver does with an unsigned message (§5.3.1)
        else:
            resp = answer(query, records)
            wire = resp.to_wire(multi=True, tsig_ctx=ctx)
            ctx = resp.tsig_ctx
        wires.append(wire)
        times.append(at + i)
    check_stream(key, query.mac, wires, times)
    return wires, times


def u48(value):
    return struct.pack("!HI", value >> 32, value & 0xFFFFFFFF)


def badtime(key, query):
    """§5.2.3: signed, Time Signed = the client's time, Other Data = the server's time."""
    server_now = query.tsig[0].time_signed + 1000
    resp = dns.message.make_response(query)
    resp.set_rcode(dns.rcode.NOTAUTH)
    resp.use_tsig(key, tsig_error=dns.rcode.BADTIME, other_data=u48(server_now))
    _now[0] = query.tsig[0].time_signed
    wire = resp.to_wire()
    # dnspython's reader stops at the peer's error before the MAC: check the MAC by hand.
    check_mac_by_hand(key, query.mac, wire)
    return [wire], [server_now]


def truncate_mac(wire, size):
    """The signed message with its MAC cut to `size` octets (the MAC is not in its digest)."""
    start = tsig_start(wire)
    p = dns.wire.Parser(wire, start)
    p.get_name()
    p.get_struct("!HHIH")
    rdata_start = p.current
    p.get_name()
    p.get_struct("!HIH")
    mac_size_at = p.current
    (mac_size,) = p.get_struct("!H")
    mac = wire[p.current:p.current + mac_size]
    rest = wire[p.current + mac_size:]
    rdlength = len(wire) - rdata_start - mac_size + size
    out = (wire[:rdata_start - 2] + struct.pack("!H", rdlength) + wire[rdata_start:mac_size_at] +
           struct.pack("!H", size) + mac[:size] + rest)
    return out, mac[:size]


def badtrunc(key, query, query_wire, at):
    """§5.2.4: a request MAC truncated to 16 octets (allowed for SHA-256, but not by our default
    policy) gets a signed BADTRUNC answer whose digest holds the truncated request MAC."""
    truncated, mac = truncate_mac(query_wire, 16)
    resp = dns.message.make_response(query)
    resp.set_rcode(dns.rcode.NOTAUTH)
    resp.use_tsig(key, tsig_error=dns.rcode.BADTRUNC)
    resp.request_mac = mac
    _now[0] = at
    wire = resp.to_wire()
    check_mac_by_hand(key, mac, wire)
    return truncated, [wire], [at]


def tsig_start(wire):
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


def check_mac_by_hand(key, request_mac, wire):
    start = tsig_start(wire)
    p = dns.wire.Parser(wire, start)
    owner = p.get_name()
    p.get_struct("!HHIH")
    rd = dns.rdata.from_wire_parser(dns.rdataclass.ANY, dns.rdatatype.TSIG, p, None)
    (arcount,) = struct.unpack("!H", wire[10:12])
    unsigned = wire[:10] + struct.pack("!H", arcount - 1) + wire[12:start]
    ctx = dns.tsig._digest(unsigned, key, rd, None, request_mac, None, False)
    ctx.verify(rd.mac)
    assert owner == key.name


def c_str(s):
    return '"' + s + '"'


def entry(name, alg, key_name, secret, request_time, request, error, times, answers):
    times = list(times) + [0] * (3 - len(times))
    answers = [w.hex() for w in answers] + [""] * (3 - len(answers))
    return ("    {%s, %d, %s, %s, %d, %s, %d, {%s}, {%s}},"
            % (c_str(name), alg, c_str(key_name), c_str(secret.hex()), request_time,
               c_str(request.hex()), error, ", ".join(str(t) for t in times),
               ", ".join(c_str(a) for a in answers)))


def make_vectors():
    out = []
    for n, (tag, alg, alg_name, secret_len) in enumerate(ALGORITHMS):
        key_name = "tsig-%s.example." % tag
        secret = secret_for(tag, secret_len)
        key = make_key(key_name, alg_name, secret)
        at = T0 + 100 * n
        wire, query = signed_query(key, "www.example.com.", "A", 0x1000 + n, at)
        wires, times = single(key, query, at + 1)
        out.append(entry("single_" + tag, alg, key_name, secret, at, wire, 0, times, wires))

        wire, query = signed_query(key, "example.com.", "AXFR", 0x2000 + n, at)
        wires, times = stream(key, query, at + 1, False)
        out.append(entry("stream_" + tag, alg, key_name, secret, at, wire, 0, times, wires))
        wires, times = stream(key, query, at + 1, True)
        out.append(entry("stream_unsigned_middle_" + tag, alg, key_name, secret, at, wire, 0,
                         times, wires))

    tag, alg, alg_name, secret_len = ALGORITHMS[3]
    key_name = "tsig-sha256.example."
    secret = secret_for(tag, secret_len)
    key = make_key(key_name, alg_name, secret)
    wire, query = signed_query(key, "www.example.com.", "A", 0x3000, T0 + 1000)
    wires, times = badtime(key, query)
    out.append(entry("badtime_sha256", alg, key_name, secret, T0 + 1000, wire,
                     dns.rcode.BADTIME, times, wires))

    wire, query = signed_query(key, "www.example.com.", "A", 0x3001, T0 + 2000)
    truncated, wires, times = badtrunc(key, query, wire, T0 + 2001)
    out.append(entry("badtrunc_sha256", alg, key_name, secret, T0 + 2000, truncated,
                     dns.rcode.BADTRUNC, times, wires))

    # Requests only: names in another case than ours (compared case-insensitively, digested
    # in lower case).
    key = make_key("TSIG-Key.Example.", "hmac-sha256.", secret)
    wire, _ = signed_query(key, "www.example.com.", "A", 0x4000, T0 + 3000)
    out.append(entry("request_key_upper", 3, "tsig-key.example.", secret, T0 + 3000, wire, 0,
                     [], []))
    md5_secret = secret_for("md5", 16)
    key = dns.tsig.Key(dns.name.from_text("tsig-md5.example."), md5_secret, dns.tsig.HMAC_MD5)
    wire, _ = signed_query(key, "www.example.com.", "A", 0x4001, T0 + 3000)
    assert b"HMAC-MD5" in wire
    out.append(entry("request_md5_upper", 0, "tsig-md5.example.", md5_secret, T0 + 3000, wire, 0,
                     [], []))
    return out


def main():
    lines = [
        "// Generated by tests/vectors/tsig_vectors.py with dnspython %s. Do not edit."
        % dns.version.version,
        "// Fields: name, algorithm (TsigAlgorithm index), key name, secret hex, request time,",
        "// signed request hex, TSIG error of the answers, the times the answers were signed",
        "// (\"now\" for BADTIME), up to three answers in hex (\"\" = none; an answer without",
        "// TSIG is an unsigned message of the stream).",
    ] + make_vectors()
    with open(os.path.join(HERE, "tsig_vectors.inc"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print("wrote %d vectors" % (len(lines) - 5))


if __name__ == "__main__":
    main()
