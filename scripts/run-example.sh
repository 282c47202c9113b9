#!/usr/bin/env bash
# Builds zoned and runs the guide's primary (examples/nsd.conf: zone linoderocks.com on
# 127.0.0.1 port 5353, no root needed) and its secondary (examples/secondary.conf:
# 127.0.0.2 port 5353), then asks both the guide's question with dig.
#
# zoned runs in the foreground mode (-d, log in build/example/zoned.log) but detached from
# this script, with its pid in build/example/zoned.pid. It is left running so you can query
# it yourself; stop it with
#     kill "$(cat build/example/zoned.pid)"
# (SIGTERM: it stops, removes the pidfile and exits 0). Run this script with --stop to stop
# it at the end instead.
set -euo pipefail
cd "$(dirname "$0")/.."
stop_at_end=false
[[ "${1:-}" == "--stop" ]] && stop_at_end=true

scripts/deps.sh
cmake --preset release >/dev/null
cmake --build --preset release -j2 --target zoned zoned-checkzone
build/release/src/zoned-checkzone linoderocks.com examples/zones/master/linoderocks.com.zone

mkdir -p build/example/ns2
# zoned processes left running by an earlier run of this script: stop them first (by pid).
for pidfile in build/example/zoned.pid build/example/ns2.pid; do
  if [[ -f "$pidfile" ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    kill "$(cat "$pidfile")"
    for _ in $(seq 50); do [[ -f "$pidfile" ]] || break; sleep 0.1; done
  fi
done

# Waits (at most 10 s) until $1 answers `dig $2`, and prints the answer.
wait_for_answer() {
  for _ in $(seq 100); do
    answer="$(dig +short +time=1 +tries=1 @"$1" -p 5353 $2 2>/dev/null || true)"
    [[ -n "$answer" ]] && break
    sleep 0.1
  done
}

# ns1, the primary, then ns2, its secondary: ns2 has no zone file yet and takes the zone by
# AXFR with the guide's key as soon as it starts.
nohup build/release/src/zoned -d -c examples/nsd.conf -P build/example/zoned.pid \
  >build/example/zoned.log 2>&1 </dev/null &
wait_for_answer 127.0.0.1 "linoderocks.com SOA"
nohup build/release/src/zoned -d -c examples/secondary.conf -P build/example/ns2.pid \
  >build/example/ns2.log 2>&1 </dev/null &
wait_for_answer 127.0.0.2 "john.linoderocks.com A"
echo "== ns1 (primary, 127.0.0.1): build/example/zoned.log"
cat build/example/zoned.log
echo "== ns2 (secondary, 127.0.0.2): build/example/ns2.log"
cat build/example/ns2.log

echo '$ dig john.linoderocks.com +short @127.0.0.1 -p 5353'
dig john.linoderocks.com +short @127.0.0.1 -p 5353
echo '$ dig john.linoderocks.com +short @127.0.0.2 -p 5353'
dig john.linoderocks.com +short @127.0.0.2 -p 5353

cat <<'TRY'

More to try against it:
  dig @127.0.0.1 -p 5353 linoderocks.com SOA +short        # the serial the guide increments
  dig @127.0.0.1 -p 5353 linoderocks.com MX +short
  dig @127.0.0.1 -p 5353 ftp.linoderocks.com A             # a CNAME to www, followed
  dig @127.0.0.1 -p 5353 nothere.linoderocks.com A         # NXDOMAIN with the SOA
  dig @127.0.0.1 -p 5353 john.linoderocks.com A +tcp
  dig @127.0.0.1 -p 5353 version.bind TXT CH +short
Edit examples/zones/master/linoderocks.com.zone (raise the serial, add a record), reload
it with
  kill -HUP "$(cat build/example/zoned.pid)"
and ask the secondary: ns1 NOTIFYs ns2, which transfers the new version at once.
  dig @127.0.0.2 -p 5353 linoderocks.com SOA +short
TRY

if $stop_at_end; then
  kill "$(cat build/example/zoned.pid)" "$(cat build/example/ns2.pid)"
  echo "zoned (ns1 and ns2) stopped"
else
  echo "ns1 and ns2 are still running; stop them with:"
  echo '  kill "$(cat build/example/zoned.pid)" "$(cat build/example/ns2.pid)"'
fi
