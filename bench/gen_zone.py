#!/usr/bin/env python3
"""Writes a deterministic test zone: N names (default 1,000,000, about 60 MB, 1.65M RRs).

Most names are hosts with A (all), AAAA (half), TXT (a ninth) and MX (an eighteenth);
the rest are CNAMEs and delegations whose in-bailiwick name servers have A and AAAA glue.
Usage: gen_zone.py OUT [NAMES] [ORIGIN]
"""
import sys


def main():
    out = sys.argv[1]
    names = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
    origin = sys.argv[3] if len(sys.argv) > 3 else "example.com."
    w = []
    w.append(f"$ORIGIN {origin}\n$TTL 3600\n")
    w.append("@ IN SOA ns1 hostmaster 2026112601 3600 600 1209600 3600\n")
    w.append("@ IN NS ns1\n@ IN NS ns2\n@ IN MX 10 mail\n")
    w.append("ns1 IN A 192.0.2.1\nns2 IN A 192.0.2.2\nmail IN A 192.0.2.25\n")
    made = 3
    i = 0
    while made < names:
        a, b, c = (i >> 16) & 255, (i >> 8) & 255, i & 255
        kind = i % 40
        if kind == 0:  # a delegation with its name server's glue: two names
            w.append(f"sub{i} IN NS ns.sub{i}\nsub{i} IN NS ns2\n")
            w.append(f"ns.sub{i} IN A 10.{a}.{b}.{c}\nns.sub{i} IN AAAA 2001:db8:1::{i >> 16:x}:{i & 0xffff:x}\n")
            made += 2
        elif kind in (1, 2):  # a CNAME
            w.append(f"alias{i} 300 IN CNAME host{i - 1}\n")
            made += 1
        else:
            w.append(f"host{i} 3600 IN A 10.{a}.{b}.{c}\n")
            if i % 2 == 0:
                w.append(f"host{i} 3600 IN AAAA 2001:db8::{i >> 16:x}:{i & 0xffff:x}\n")
            if i % 9 == 0:
                w.append(f'host{i} IN TXT "v=spf1 ip4:10.{a}.{b}.{c} -all"\n')
            if i % 18 == 1:
                w.append(f"host{i} IN MX 10 mail\n")
            made += 1
        i += 1
        if len(w) > 10000:
            with open(out, "a") as f:
                f.write("".join(w))
            w = []
    with open(out, "a") as f:
        f.write("".join(w))


if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1].startswith("-"):
        sys.exit(__doc__)
    with open(sys.argv[1], "w"):
        pass
    main()
