#!/usr/bin/env bash
# Builds the libFuzzer targets (clang-19, -fsanitize=fuzzer,address,undefined) and runs
# each for SECONDS (default 60), with corpora kept in the build directory and seeded
# from fuzz/seeds/. Exits non-zero when a target finds a crash (the input is kept in
# build-fuzz/crashes/). Installs clang-19's fuzzer and sanitizer runtimes first
# (packaging/deps-debian.sh --fuzz: needs root or sudo when they are missing).
#   fuzz/run.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
packaging/deps-debian.sh --fuzz
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz --target fuzz_all
mkdir -p build-fuzz/crashes
# The targets fuzz/CMakeLists.txt lists, each with fuzz/seeds/<name>/.
for name in $(cat build-fuzz/fuzz-targets.txt); do
  corpus=build-fuzz/corpus/$name
  mkdir -p "$corpus"
  echo "== fuzz_$name for ${seconds}s"
  log=build-fuzz/fuzz_$name.log
  status=0
  build-fuzz/bin/fuzz_$name -max_total_time="$seconds" -max_len=65536 -print_final_stats=1 \
    -artifact_prefix=build-fuzz/crashes/$name- "$corpus" fuzz/seeds/$name >"$log" 2>&1 || status=$?
  grep -E '^(#[0-9]+.*DONE|stat::number_of_executed_units|SUMMARY)|runtime error' "$log" || true
  if [ "$status" -ne 0 ]; then
    echo "fuzz_$name found a crash (exit $status): see $log and build-fuzz/crashes/" >&2
    exit 1
  fi
done
