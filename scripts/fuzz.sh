#!/usr/bin/env bash
# Builds the fuzz preset (clang, libFuzzer, ASan + UBSan) and runs the fuzz targets, each
# for a bounded time, nice'd, then prints per target: inputs executed, wall seconds, crashes.
#
#   scripts/fuzz.sh                          every fuzz/fuzz_*.cpp, 30 minutes each, in turn
#   scripts/fuzz.sh --minutes 5 query tsig   only fuzz_query and fuzz_tsig, 5 minutes each
#   scripts/fuzz.sh --minutes 10 --parallel 2
#
# Options: --minutes N (default 30), --parallel K (targets at a time, default 1),
# --build-dir DIR (default build/fuzz, the preset's), --no-build (use what is built).
# Logs: build/fuzz-logs/<target>.log. What the fuzzer finds new goes to
# build/fuzz-corpus/<target>/ (the seeds in fuzz/corpus/ are only read); crash-*, leak-*,
# timeout-* and oom-* files go to build/fuzz-artifacts/<target>/. See fuzz/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."

minutes=30
parallel=1
build_dir=build/fuzz
build=1
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) minutes=${2:?--minutes needs a number}; shift 2 ;;
    --parallel) parallel=${2:?--parallel needs a number}; shift 2 ;;
    --build-dir) build_dir=${2:?--build-dir needs a directory}; shift 2 ;;
    --no-build) build=0; shift ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    -*) echo "fuzz.sh: unknown option $1" >&2; exit 2 ;;
    *) targets+=("fuzz_${1#fuzz_}"); shift ;;
  esac
done
[[ "$minutes" =~ ^[0-9]+$ && "$minutes" -gt 0 ]] || { echo "fuzz.sh: bad --minutes" >&2; exit 2; }
[[ "$parallel" =~ ^[0-9]+$ && "$parallel" -gt 0 ]] || { echo "fuzz.sh: bad --parallel" >&2; exit 2; }

if [ ${#targets[@]} -eq 0 ]; then
  for source in fuzz/fuzz_*.cpp; do
    targets+=("$(basename "$source" .cpp)")
  done
fi
for t in "${targets[@]}"; do
  [ -f "fuzz/$t.cpp" ] || { echo "fuzz.sh: no fuzz/$t.cpp" >&2; exit 2; }
done

if [ "$build" = 1 ]; then
  cmake --preset fuzz -B "$build_dir" >/dev/null
  nice -n 19 cmake --build "$build_dir" -j2 --target "${targets[@]}"
fi

logs=build/fuzz-logs
mkdir -p "$logs" build/fuzz-corpus build/fuzz-artifacts
seconds=$((minutes * 60))

# The seed directories of a target: fuzz/corpus/<name>, and what else it can start from.
seeds_of() {
  local name=${1#fuzz_}
  [ -d "fuzz/corpus/$name" ] && echo "fuzz/corpus/$name"
  case "$name" in
    tsig | query) echo fuzz/corpus/message ;;
    config) echo tests/configs/fuzz ;;
  esac
  return 0
}

# Runs one target for $seconds (hard bound: timeout, 2 minutes over), its output to its log.
run_target() {
  local t=$1
  local work="build/fuzz-corpus/$t" artifacts="build/fuzz-artifacts/$t"
  mkdir -p "$work" "$artifacts"
  local seeds
  mapfile -t seeds < <(seeds_of "$t")
  touch "$artifacts/.started"
  local start=$SECONDS status=0
  timeout --kill-after=30 $((seconds + 120)) nice -n 19 "$build_dir/fuzz/$t" \
    -max_total_time="$seconds" -timeout=25 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$artifacts/" "$work" "${seeds[@]}" >"$logs/$t.log" 2>&1 &
  local fuzzer=$!
  # Stopped from outside: timeout passes the signal on to the fuzzer.
  trap 'kill -TERM "$fuzzer" 2>/dev/null || true' INT TERM
  wait "$fuzzer" || status=$?
  echo "$((SECONDS - start)) $status" >"$logs/$t.result"
}

pids=()
# shellcheck disable=SC2317  # called by the trap
stop_all() {
  for pid in "${pids[@]}"; do kill -- "$pid" 2>/dev/null || true; done
  exit 130
}
trap stop_all INT TERM

echo "fuzzing ${targets[*]}: $minutes min each, $parallel at a time; logs in $logs/"
for t in "${targets[@]}"; do
  rm -f "$logs/$t.result"
  while [ "$(jobs -rp | wc -l)" -ge "$parallel" ]; do wait -n || true; done
  run_target "$t" &
  pids+=($!)
done
wait || true
trap - INT TERM

# The inputs executed: libFuzzer's final stats, else its last status line (after a crash).
runs_of() {
  local log=$1 n
  n=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  [ -n "$n" ] || n=$(sed -n 's/^#\([0-9][0-9]*\).*/\1/p' "$log" | tail -n 1)
  echo "${n:-0}"
}

printf '\n%-20s %12s %8s %8s  %s\n' target runs seconds crashes "new artifacts"
failed=0
for t in "${targets[@]}"; do
  artifacts="build/fuzz-artifacts/$t"
  read -r wall status <"$logs/$t.result" 2>/dev/null || { wall=0; status=1; }
  mapfile -t found < <(find "$artifacts" -maxdepth 1 -type f \
    \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) \
    -newer "$artifacts/.started" | sort)
  printf '%-20s %12s %8s %8s  %s\n' "$t" "$(runs_of "$logs/$t.log")" "$wall" "${#found[@]}" \
    "${found[*]:-}"
  if [ "${#found[@]}" -gt 0 ] || [ "$status" != 0 ]; then
    failed=1
    [ "${#found[@]}" -gt 0 ] || echo "  $t exited with $status: see $logs/$t.log"
  fi
done
exit "$failed"
