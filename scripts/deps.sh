#!/usr/bin/env bash
# Installs, on Debian 12, whatever the build, the tests and the benchmarks need and is missing.
# Debian's nsd, knot and bind9 are test partners only: their daemons must never start on
# install, so a policy-rc.d that forbids it is put in place first.
set -euo pipefail

# openssl: zoned-control-setup makes the control channel's keys and certificates with it.
# systemd: systemd-analyze verifies the packaged unit (the package test); nothing is started.
packages=(
  g++ cmake ninja-build pkg-config libssl-dev openssl libgtest-dev libgmock-dev libbenchmark-dev
  clang libclang-rt-14-dev clang-format
  python3 python3-pytest python3-pytest-xdist python3-dnspython
  nsd knot knot-dnsutils knot-dnssecutils bind9 bind9-utils bind9-dnsutils ldnsutils dnsperf
  systemd
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' | $sudo tee /usr/sbin/policy-rc.d >/dev/null
  $sudo chmod 755 /usr/sbin/policy-rc.d
fi
echo "installing: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
