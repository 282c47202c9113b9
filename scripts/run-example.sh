#!/usr/bin/env bash
# Builds zoned and runs it on the bundled example. Until the server lands (issue #3) this
# checks the example primary's zone with zoned-checkzone and prints it in canonical form.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
cmake --preset release >/dev/null
cmake --build --preset release -j2 --target zoned-checkzone
build/release/src/zoned-checkzone -p linoderocks.com examples/zones/master/linoderocks.com.zone
build/release/src/zoned-checkzone linoderocks.com examples/zones/master/linoderocks.com.zone
