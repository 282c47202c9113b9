#!/usr/bin/env bash
# Builds zoned and runs every test: unit tests (ctest) and integration/interop tests (pytest,
# two at a time). With CI=true, or --asan, the ASan+UBSan build runs all of them again.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh

asan=0
[ "${CI:-}" = "true" ] && asan=1
[ "${1:-}" = "--asan" ] && asan=1
jobs=${ZONED_TEST_JOBS:-2}

run_tests() {
  local preset=$1
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j2
  ctest --preset "$preset"
  # Debian's pytest and dnspython belong to /usr/bin/python3, whatever is first on PATH.
  ZONED_BUILD_DIR="$PWD/build/$preset" /usr/bin/python3 -m pytest -q -n "$jobs" tests/integration
}

run_tests release
if [ "$asan" = 1 ]; then
  run_tests asan
fi
