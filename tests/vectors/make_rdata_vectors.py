#!/usr/bin/python3
"""Generates rdata_vectors.txt: RDATA presentation inputs with dnspython's wire form and
dnspython's canonical text, for tests/unit/rdata_test.cpp.

Run with Debian's python (it has dnspython 2.3):
    /usr/bin/python3 tests/vectors/make_rdata_vectors.py > tests/vectors/rdata_vectors.txt

Each output line is TYPE <tab> wire hex <tab> dnspython text <tab> input. Relative names in
the inputs are completed with the origin "example.". The text is printed from the wire
form parsed back (so it is dnspython's canonical form, not an echo of the input) with
chunksize=0, so base64 and hex come unbroken as BIND prints them.
"""

import sys

import dns.name
import dns.rdata
import dns.rdataclass
import dns.rdatatype
import dns.version

ORIGIN = dns.name.from_text("example.")

# Types dnspython 2.3 has no class for: parse and print them with a class of the same
# layout, so the wire and text are still dnspython's.
SAME_LAYOUT = {
    "MD": "NS",
    "MF": "NS",
    "MB": "NS",
    "MG": "NS",
    "MR": "NS",
    "MINFO": "RP",
    "TA": "DS",
    "KEY": "DNSKEY",
    "SIG": "RRSIG",
}

SHA256 = "94A54131C2C62727571C195A0E1247DE2F4FAC06C4B7BDE2AFCE3BF71624C47D"
SHA384 = "c007953d188b1991504639c3605d961828a5fd947349310d2f534f8018508f8ce9f4c5a85dd369b49a315f14af664c4b"
SHA512 = "1e726e7185ae20fe4308f42613b1df074a25d7ca4a4559556e66d53bc8e35625215859a5bf986a5570247166490a6a16a8ad9c546537afa6b9378de6961e18f2"
KEY_B64 = ("AwEAAaz/tAm8yTn4Mfeh5eyI96WSVexTBAvkMgJzkKTOiW1vkIbzxeF3+/4RgWOq7HrxRixHlFlExOLA"
           "Jr5emLvN7SWXgnLh4+B5xQlNVz8Og8kvArMtNROxVQuCaSnIDdD5LKyWbRd2n9WGe2R8PzgCmr3EgVLr"
           "jyBxWezF0jLHwVN8efS3rCj/EWgvIWgb9tarpVUDK/b58Da+sqqls3eNbuv7pr+eoZG+SrDK6nWeL3c6"
           "H5Apxz7LjVc1uTIdsIXxuOLYA4/ilBmSVIzuDWfdRUfhHdY6+cn8HFRm+2hM8AnXGXws9555KrUB5qih"
           "ylGa8subX2Nn6UwNR1AkUTV74bU=")
SIG_B64 = "nCDI0uZL5DHTBUnAmN/aQ9J5P/ZRCbVCjA1uHX+w/9Q4BN5Gyf4vZl9y7yq9q1ptq3XUK1NDXGYFv5Zi2w8Ydg=="
ECH_B64 = ("AEn+DQBFKwAgACABWIHUGj4u+PIggYXcR5JF0gYk3dCRioBW8uJq9H4mKAAIAAEAAQABAANAEnB1YmxpYy50"
           "ZXN0LmV4YW1wbGUAAA==")
LONG255 = "x" * 255
IPSEC_KEY = "AQNRU3mG7TVTO2BkR47usntb102uFJtugbo6BSGvgqt4AQ=="

VECTORS = [
    # RFC 1035 types
    ("A", "192.0.2.1"),
    ("A", "0.0.0.0"),
    ("A", "255.255.255.255"),
    ("NS", "ns1.example.com."),
    ("NS", "ns1"),
    ("NS", "@"),
    ("NS", "Ns1.ExAmple.COM."),
    ("NS", r"\.dot\.label.example."),
    ("MD", "md.example."),
    ("MF", "mf.example."),
    ("CNAME", "target.example."),
    ("CNAME", r"a\032b\000c.example."),
    ("CNAME", r"\(weird\)\;\@\$\".example."),
    ("SOA", "ns1.example. hostmaster.example. 2024010101 3600 900 604800 86400"),
    ("SOA", "ns hostmaster 1 1h 15m 1w 1d"),
    ("SOA", "@ @ 4294967295 0 0 0 0"),
    ("SOA", ". . 0 1H30M 2W1D 1h30s 4294967295"),
    ("MB", "mb.example."),
    ("MG", "mg.example."),
    ("MR", "mr.example."),
    ("NULL", r"\# 3 010203"),
    ("NULL", r"\# 0"),
    ("WKS", "192.0.2.1 6 25 80 443"),
    ("WKS", "192.0.2.1 tcp 0 1 7"),
    ("WKS", "10.0.0.1 17 53 65535"),
    ("WKS", "192.0.2.1 6"),
    ("PTR", "host.example."),
    ("HINFO", '"PC-Intel-700mhz" "Windows 95"'),
    ("HINFO", '"" ""'),
    ("HINFO", "INTEL LINUX"),
    ("HINFO", r'"a\"b" "c\\d"'),
    ("HINFO", r'"\001\127" x'),
    ("MINFO", "rm.example. em.example."),
    ("MX", "10 mail.example."),
    ("MX", "0 ."),
    ("MX", "65535 mx"),
    ("TXT", '"hello world"'),
    ("TXT", '""'),
    ("TXT", '"a" "b" "c"'),
    ("TXT", "unquoted"),
    ("TXT", r'"with \"quotes\" and \\ backslash"'),
    ("TXT", r'"\000\010\127\255\032"'),
    ("TXT", '"a;b(c)d"'),
    ("TXT", '"' + LONG255 + '"'),
    ("TXT", '"' + LONG255 + '" "' + LONG255 + '" ""'),
    ("TXT", r'"caf\195\169" "café"'),
    ("TXT", r'"\#" "\\#"'),
    # RFC 1183 and friends
    ("RP", "mbox.example. txt.example."),
    ("RP", ". ."),
    ("AFSDB", "1 afs.example."),
    ("X25", '"311061700956"'),
    ("ISDN", '"150862028003217"'),
    ("ISDN", '"150862028003217" "004"'),
    ("RT", "10 relay.example."),
    ("NSAP", "0x47.0005.80.005a00.0000.0001.e133.aaaaaa000151.00"),
    ("NSAP", "0x47000580005A0000000001E133AAAAAA00015100"),
    ("NSAP-PTR", "foo.example."),
    ("PX", "10 net2.example. prmd-net2.admd-p400.c-us."),
    ("AAAA", "2001:db8::1"),
    ("AAAA", "::"),
    ("AAAA", "::1"),
    ("AAAA", "::ffff:192.0.2.1"),
    ("AAAA", "2001:db8:0:0:1:0:0:1"),
    ("AAAA", "2001:DB8::ABCD:0:0:0"),
    ("AAAA", "fe80:0:0:0:1:2:3:4"),
    # LOC (RFC 1876)
    ("LOC", "52 22 23.000 N 4 53 32.000 E -2.00m 0.00m 10000m 10m"),
    ("LOC", "52 22 23 N 4 53 32 E -2m"),
    ("LOC", "42 21 54 N 71 06 18 W -24m 30m"),
    ("LOC", "37 46 30.5 S 122 25 9.1 W 100.05m 1m 10000m 10m"),
    ("LOC", "0 N 0 E 0"),
    ("LOC", "0 0 0.001 S 0 0 0.001 W 0.01"),
    ("LOC", "90 S 180 W 42849672.95m 90000000m 90000000m 90000000m"),
    ("LOC", "90 N 180 E -100000m 0m 0m 0m"),
    ("LOC", "51 30 12.748 N 0 7 39.611 W 0.00m 2m"),
    ("LOC", "1 2 3.4 S 5 6 7.89 E -0.5m 1.5m 2.25m 1234.5m"),
    ("SRV", "0 5 5060 sipserver.example."),
    ("SRV", "10 0 0 ."),
    ("NAPTR", '100 10 "S" "SIP+D2U" "" _sip._udp.example.'),
    ("NAPTR", r'100 50 "a" "z3950+N2L+N2C" "!^(.*)$!\\1!" .'),
    ("NAPTR", r'0 0 "" "" "" replacement'),
    ("KX", "10 kx.example."),
    ("CERT", "PGP 0 RSASHA256 AAECAw=="),
    ("CERT", "1 65535 5 AAECAw=="),
    ("CERT", "URI 0 0 aHR0cDovL2V4YW1wbGUvY2VydA=="),
    ("CERT", "IPKIX 1 ECDSAP256SHA256 AQID"),
    ("CERT", "65000 0 250 AA=="),
    ("CERT", "OID 7 DSANSEC3SHA1 AQID BA=="),
    ("DNAME", "target.example."),
    # APL (RFC 3123)
    ("APL", "1:192.168.32.0/21 !1:192.168.38.0/28"),
    ("APL", "1:224.0.0.0/4 2:FF00:0:0:0:0:0:0:0/8"),
    ("APL", "!2:2001:db8::/32 1:0.0.0.0/0 2:::/0 1:192.0.2.1/32 2:2001:db8::1/128"),
    ("APL", ""),
    # DNSSEC
    ("DS", "60485 5 1 2BB183AF5F22588179A53B0A98631FAD1A292118"),
    ("DS", "12345 RSASHA256 2 " + SHA256),
    ("DS", "12345 8 2 " + SHA256[:20] + " " + SHA256[20:]),
    ("DS", "1 ECDSAP384SHA384 4 " + SHA384),
    ("CDS", "12345 13 2 " + SHA256.lower()),
    ("DLV", "60485 5 1 2bb183af5f22588179a53b0a98631fad1a292118"),
    ("TA", "60485 5 1 2BB183AF5F22588179A53B0A98631FAD1A292118"),
    ("SSHFP", "2 1 123456789abcdef67890123456789abcdef67890"),
    ("SSHFP", "4 2 " + SHA256),
    ("IPSECKEY", "10 0 2 . " + IPSEC_KEY),
    ("IPSECKEY", "10 1 2 192.0.2.38 " + IPSEC_KEY),
    ("IPSECKEY", "10 2 2 2001:0DB8:0:8002::2000:1 " + IPSEC_KEY),
    ("IPSECKEY", "10 3 2 mygateway.example.com. " + IPSEC_KEY),
    ("IPSECKEY", "255 3 1 gw " + IPSEC_KEY[:20] + " " + IPSEC_KEY[20:]),
    ("RRSIG", "A 8 3 86400 20240201000000 20240101000000 12345 example. " + SIG_B64),
    ("RRSIG", "NSEC ECDSAP256SHA256 2 1d 1706745600 1704067200 65535 Example.COM. AAAA"),
    ("RRSIG", "TYPE65280 13 0 0 19700101000000 21060207062815 0 . " + SIG_B64[:30] + " " + SIG_B64[30:]),
    ("RRSIG", "SOA 253 1 4294967295 20000229235959 4294967295 1 sub.example. AQID"),
    ("SIG", "A 5 2 3600 20240201000000 20240101000000 1 signer.example. AQID"),
    ("NSEC", "host.example. A MX RRSIG NSEC TYPE1234"),
    ("NSEC", "a.example. NS SOA TXT AAAA RRSIG NSEC DNSKEY CAA TYPE65535"),
    ("NSEC", "A.Example."),
    ("NSEC", "b.example. a ns type1 TYPE2 aaaa"),
    ("NSEC", "c.example. TA DLV URI AVC TYPE260"),
    ("DNSKEY", "257 3 8 " + KEY_B64),
    ("DNSKEY", "256 3 ECDSAP256SHA256 " + KEY_B64[:40] + " " + KEY_B64[40:]),
    ("DNSKEY", "0 0 0 AA=="),
    ("CDNSKEY", "0 3 0 AA=="),
    ("KEY", "256 3 5 AQID"),
    ("DHCID", "AAIBY2/AuCccgoJbsaxcQc9TUapptP69lOjxfNuVAA2kjEA="),
    ("DHCID", "AAEBOSD+XR3Os/0LozeXVqcNc7FwCfQdWL3b/NaiUDlW2No="),
    ("NSEC3", "1 1 12 aabbccdd 2t7b4g4vsa5smi47k61mv5bv1a22bojr A RRSIG"),
    ("NSEC3", "1 0 0 - 2T7B4G4VSA5SMI47K61MV5BV1A22BOJR"),
    ("NSEC3", "1 1 100 AABB 0p9mhaveqvm6t7vbl5lop2u3t2rp3tom NS SOA MX RRSIG DNSKEY NSEC3PARAM"),
    ("NSEC3", "255 255 65535 " + "ab" * 255 + " vvvvvvvv TYPE65535"),
    ("NSEC3PARAM", "1 0 12 aabbccdd"),
    ("NSEC3PARAM", "1 0 0 -"),
    ("TLSA", "3 1 1 " + SHA256),
    ("TLSA", "0 0 1 d2abde240d7cd3ee6b4b28c54df034b9 7983a1d16e8a410e4561cb106618e971"),
    ("SMIMEA", "3 0 0 " + "30820122" * 8),
    ("OPENPGPKEY", KEY_B64),
    ("CSYNC", "66 3 A NS AAAA"),
    ("CSYNC", "0 0"),
    ("ZONEMD", "2018031500 1 1 " + SHA384),
    ("ZONEMD", "1 1 2 " + SHA512),
    ("ZONEMD", "4294967295 240 250 ABCDEF"),
    # SVCB / HTTPS (RFC 9460 Appendix D and more)
    ("SVCB", "0 foo.example."),
    ("SVCB", "1 ."),
    ("SVCB", "16 foo.example.com. port=53"),
    ("SVCB", "1 foo.example.com. key667=hello"),
    ("SVCB", r'1 foo.example.com. key667="hello\210qoo"'),
    ("SVCB", r'1 foo.example.com. ipv6hint="2001:db8::1,2001:db8::53:1"'),
    ("SVCB", "1 example.com. ipv6hint=2001:db8::198.51.100.100"),
    ("SVCB", "16 foo.example.org. alpn=h2,h3-19 mandatory=ipv4hint,alpn ipv4hint=192.0.2.1"),
    ("SVCB", r'16 foo.example.org. alpn="f\\\\oo\\,bar,h2"'),
    ("SVCB", r"16 foo.example.org. alpn=f\\\092oo\092,bar,h2"),
    ("SVCB", "1 . alpn=h2 no-default-alpn port=8443 ipv4hint=192.0.2.1,192.0.2.2 "
             "ech=" + ECH_B64 + " ipv6hint=2001:db8::1 key65000=abc key65001"),
    ("SVCB", "1 . key65535 key0=\\000\\001 key1=\\002h2"),
    ("SVCB", "1 . mandatory=key65000,port,KEY4 ipv4hint=1.2.3.4 port=1 key65000=x"),
    ("SVCB", "1 . Alpn=h2 PORT=0"),
    ("SVCB", "1 . key7=/dns-query{?dns}"),
    ("HTTPS", "1 . alpn=h3 port=8443"),
    ("HTTPS", "0 svc.example."),
    ("HTTPS", '1 . alpn="h2,http/1.1" ech="' + ECH_B64 + '"'),
    # the rest
    ("SPF", '"v=spf1 -all"'),
    ("NID", "10 0014:4fff:ff20:ee64"),
    ("L32", "10 10.1.2.0"),
    ("L64", "10 2001:0DB8:1140:1000"),
    ("LP", "10 l64-subnet1.example."),
    ("EUI48", "00-00-5e-00-53-2a"),
    ("EUI48", "FF-FF-FF-FF-FF-FF"),
    ("EUI64", "00-00-5e-ef-10-00-00-2a"),
    ("URI", '10 1 "ftp://ftp1.example.com/public"'),
    ("URI", '1 0 "https://example.com/a b"'),
    ("CAA", '0 issue "ca.example.net"'),
    ("CAA", '128 tbs "Unknown"'),
    ("CAA", '0 issuewild ";"'),
    ("CAA", '0 iodef "mailto:security@example.com"'),
    ("CAA", '0 issue "ca.example.net; account=230123"'),
    ("CAA", '0 issue ""'),
    ("CAA", r'0 issue "a\"b\\c"'),
    ("CAA", "0 ISSUE unquoted"),
    ("AVC", '"app-name:WebEx|app-class:OAM|business=yes"'),
    # RFC 3597: unknown types, and known types written generically
    ("TYPE65280", r"\# 4 0A000001"),
    ("TYPE65280", r"\# 0"),
    ("TYPE1234", r"\# 10 0102030405 0607080910"),
    ("TYPE1234", r"\# 3 a B c D e F"),
    ("A", r"\# 4 C0000201"),
    ("MX", r"\# 8 000A0161 026D7800"),
    ("TXT", r"\# 4 03616263"),
    ("NS", r"\# 1 00"),
    ("SVCB", r"\# 9 0001 00 0003 0002 0035"),
]


def main():
    out = sys.stdout
    out.write("# Generated by tests/vectors/make_rdata_vectors.py with dnspython %s; do not edit.\n"
              % dns.version.version)
    out.write("# TYPE<tab>dnspython wire (hex)<tab>dnspython text<tab>input (origin example.)\n")
    for type_text, text in VECTORS:
        parse_as = SAME_LAYOUT.get(type_text, type_text)
        rdtype = dns.rdatatype.from_text(parse_as)
        rd = dns.rdata.from_text(dns.rdataclass.IN, rdtype, text, origin=ORIGIN,
                                 relativize=False)
        wire = rd.to_wire()
        canonical = dns.rdata.from_wire(dns.rdataclass.IN, rdtype, wire, 0, len(wire))
        try:
            shown = canonical.to_text(chunksize=0)
        except TypeError:  # EUI48/EUI64 fix their own chunk size
            shown = canonical.to_text()
        out.write("%s\t%s\t%s\t%s\n" % (type_text, wire.hex(), shown, text))


if __name__ == "__main__":
    main()
