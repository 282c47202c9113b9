#!/usr/bin/env bash
# Builds zoned and runs the guide's primary (examples/nsd.conf: zone linoderocks.com on
# 127.0.0.1 port 5353, no root needed), then asks it the guide's question with dig.
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

mkdir -p build/example
pidfile=build/example/zoned.pid
# A zoned left running by an earlier run of this script: stop it first (by its pid only).
if [[ -f "$pidfile" ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
  kill "$(cat "$pidfile")"
  for _ in $(seq 50); do [[ -f "$pidfile" ]] || break; sleep 0.1; done
fi

nohup build/release/src/zoned -d -c examples/nsd.conf -P "$pidfile" \
  >build/example/zoned.log 2>&1 </dev/null &
# Wait (at most 10 s) until it answers.
for _ in $(seq 100); do
  if dig +short +time=1 +tries=1 @127.0.0.1 -p 5353 linoderocks.com SOA >/dev/null 2>&1 &&
     [[ -n "$(dig +short +time=1 +tries=1 @127.0.0.1 -p 5353 linoderocks.com SOA)" ]]; then
    break
  fi
  sleep 0.1
done
cat build/example/zoned.log

echo '$ dig john.linoderocks.com +short @127.0.0.1 -p 5353'
dig john.linoderocks.com +short @127.0.0.1 -p 5353

cat <<'TRY'

More to try against it:
  dig @127.0.0.1 -p 5353 linoderocks.com SOA +short        # the serial the guide increments
  dig @127.0.0.1 -p 5353 linoderocks.com MX +short
  dig @127.0.0.1 -p 5353 ftp.linoderocks.com A             # a CNAME to www, followed
  dig @127.0.0.1 -p 5353 nothere.linoderocks.com A         # NXDOMAIN with the SOA
  dig @127.0.0.1 -p 5353 john.linoderocks.com A +tcp
  dig @127.0.0.1 -p 5353 version.bind TXT CH +short
Edit examples/zones/master/linoderocks.com.zone (raise the serial), then reload it with
  kill -HUP "$(cat build/example/zoned.pid)"
TRY

if $stop_at_end; then
  kill "$(cat "$pidfile")"
  echo "zoned stopped"
else
  echo "zoned is still running (pid $(cat "$pidfile")); stop it with: kill \"\$(cat $pidfile)\""
fi
