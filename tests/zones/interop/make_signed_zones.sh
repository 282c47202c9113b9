#!/usr/bin/env bash
# Regenerates the signed copies of interop.example.zone (committed; rerun only to refresh):
#   signed-interop-nsec.example.zone   NSEC, by BIND's dnssec-signzone
#   signed-interop-nsec3.example.zone  NSEC3 without opt-out, no salt, 0 iterations (RFC 9276)
#   signed-interop-optout.example.zone NSEC3 with opt-out, a salt and 5 iterations
# The unsigned zone is copied with its $ORIGIN replaced; keys are made in a temporary
# directory and thrown away. Signatures run from 2026-01-01 to 2036-01-01.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
for zone in signed-interop-nsec.example signed-interop-nsec3.example signed-interop-optout.example; do
  sed "s/^\$ORIGIN interop\.example\.\$/\$ORIGIN $zone./" "$here/interop.example.zone" > "$zone.unsigned"
  grep -q "^\$ORIGIN $zone\.\$" "$zone.unsigned"
  ksk=$(dnssec-keygen -q -a ECDSAP256SHA256 -f KSK -n ZONE "$zone")
  zsk=$(dnssec-keygen -q -a ECDSAP256SHA256 -n ZONE "$zone")
  cat "$ksk.key" "$zsk.key" >> "$zone.unsigned"
  args=(-q -o "$zone" -s 20260101000000 -e 20360101000000 -f "$here/$zone.zone")
  [ "$zone" = signed-interop-nsec3.example ] && args+=(-3 - -H 0)
  [ "$zone" = signed-interop-optout.example ] && args+=(-3 5EED -H 5 -A)
  dnssec-signzone "${args[@]}" "$zone.unsigned" "$ksk" "$zsk" >/dev/null
done

# The same zone signed by ldns-signzone (ldnsutils), whose output differs from BIND's in
# record order and TTL handling:
#   signed-interop-ldns.example.zone   NSEC
#   signed-interop-ldns3.example.zone  NSEC3, no salt, 0 iterations
for zone in signed-interop-ldns.example signed-interop-ldns3.example; do
  sed "s/^\$ORIGIN interop\.example\.\$/\$ORIGIN $zone./" "$here/interop.example.zone" > "$zone.unsigned"
  grep -q "^\$ORIGIN $zone\.\$" "$zone.unsigned"
  ksk=$(ldns-keygen -a ECDSAP256SHA256 -k "$zone")
  zsk=$(ldns-keygen -a ECDSAP256SHA256 "$zone")
  args=(-i 20260101000000 -e 20360101000000 -o "$zone" -f "$here/$zone.zone")
  [ "$zone" = signed-interop-ldns3.example ] && args+=(-n -t 0)
  ldns-signzone "${args[@]}" "$zone.unsigned" "$ksk" "$zsk"
done
