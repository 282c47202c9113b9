#!/usr/bin/env bash
# Builds zoned and runs every test: unit tests (ctest) and integration/interop tests (pytest).
# With CI=true, or --asan, the ASan+UBSan build runs the unit tests as well.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh

asan=0
[ "${CI:-}" = "true" ] && asan=1
[ "${1:-}" = "--asan" ] && asan=1

cmake --preset release >/dev/null
cmake --build --preset release -j2
ctest --preset release

# Debian's pytest and dnspython belong to /usr/bin/python3, whatever is first on PATH.
ZONED_BUILD_DIR="$PWD/build/release" /usr/bin/python3 -m pytest -q tests/integration

if [ "$asan" = 1 ]; then
  cmake --preset asan >/dev/null
  cmake --build --preset asan -j2
  ctest --preset asan
fi
