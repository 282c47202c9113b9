#!/usr/bin/env bash
# Regenerates the pre-signed test zones (committed; rerun only to refresh them):
#   signed-nsec.example.zone   signed with NSEC by BIND's dnssec-signzone
#   signed-nsec3.example.zone  signed with NSEC3 (opt-out, salt) by BIND's dnssec-signzone
# Keys are made in a temporary directory and thrown away.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
for zone in signed-nsec.example signed-nsec3.example; do
  cat > "$zone.unsigned" <<ZONE
\$ORIGIN $zone.
\$TTL 3600
@        SOA  ns1 hostmaster 1 7200 3600 1209600 300
         NS   ns1
         NS   ns2
         MX   10 mail
ns1      A    192.0.2.1
ns2      A    192.0.2.2
mail     A    192.0.2.25
         AAAA 2001:db8::25
www      A    192.0.2.80
alias    CNAME www
*.wild   TXT  "wildcard"
a.b.c    A    192.0.2.7
sub      NS   ns.sub
ns.sub   A    192.0.2.53
secure   NS   ns.secure
secure   DS   12345 13 2 0C72AC70B745AC19998811B131D662C9AC69DBDBE7CB23E5B514B56664C5D3D6
ns.secure A   192.0.2.54
ZONE
  ksk=$(dnssec-keygen -q -a ECDSAP256SHA256 -f KSK -n ZONE "$zone")
  zsk=$(dnssec-keygen -q -a ECDSAP256SHA256 -n ZONE "$zone")
  cat "$ksk.key" "$zsk.key" >> "$zone.unsigned"
  args=(-q -o "$zone" -s 20260101000000 -e 20360101000000 -f "$here/$zone.zone")
  [ "$zone" = signed-nsec3.example ] && args+=(-3 AABBCCDD -H 1 -A)
  dnssec-signzone "${args[@]}" "$zone.unsigned" "$ksk" "$zsk" >/dev/null
done
