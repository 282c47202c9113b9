#!/usr/bin/env bash
# Builds zoned's Debian package from the release build (prefix /usr):
# build/release/zoned_<version>_<arch>.deb with the programs in /usr/sbin,
# /etc/zoned/zoned.conf, the systemd unit and the man pages.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --preset release >/dev/null
cmake --build --preset release -j2
(cd build/release && cpack --config CPackConfig.cmake >/dev/null)
ls build/release/zoned_*.deb
