#!/usr/bin/env bash
# Driver overhead benchmark (run on demand, not in CI).
#   bench/driver.sh [BUILD_DIR]     (default: build)
# Target (issue 3): the wrapper adds < 0.3 ms (median) over calling the SDK's clang
# directly with the same flags. Each comparison runs the two commands interleaved
# (bench/spawn_pair.c) and reports the median of the paired differences:
#  1. against a stub "clang" that exits at once, so that clang's own ~30 ms of noise
#     does not hide a fraction of a millisecond (same SDK layout, bin/clang replaced),
#     next to the floor: a program that only execv()s;
#  2. on `-c tiny.c` with the real clang (REAL_PAIRS, default 1000), next to a 3-line
#     /bin/sh wrapper and, when rustup is installed, rustup's proxy.
# BASELINE_DRIVER=path (a wasisdk-driver built from another commit) adds a head-to-head
# section: that driver against this build's, same home and wrapper names, interleaved, so
# that the median of the paired differences is the cost of the change itself.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-$here/../build}" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export WASISDK_HOME=$work/home
unset WASI_SDK_PATH WASISDK_SDK

cc -O2 -o "$work/spawn_pair" "$here/spawn_pair.c"
tarball=$(bash "$here/../tests/fixtures/make-sdk.sh" "$build/fixtures" 25)
echo '{"schema":1,"releases":[]}' >"$work/empty.json"
"$build/bin/wasisdk" -q --manifest "$work/empty.json" install 25.0 --from "$tarball" 2>/dev/null
sdk=$WASISDK_HOME/toolchains/25.0/sdk
sysroot=$sdk/share/wasi-sysroot
wrap=$WASISDK_HOME/bin/wasm32-wasip1-clang

# A stub SDK: the real tree's sysroot, a clang that does nothing.
mkdir -p "$work/stub/bin" "$work/stub/share"
ln -s "$sysroot" "$work/stub/share/wasi-sysroot"
printf 'int main(void) { return 0; }\n' >"$work/stub.c"
cc -O2 -o "$work/stub/bin/clang" "$work/stub.c"
ln -s clang "$work/stub/bin/clang++"
"$build/bin/wasisdk" -q link stub "$work/stub" 2>/dev/null
# The stub's clang builds no C++ compat archive (src/exec_path/cxx_compat.h): it gets a
# copy of 25.0's, so that a C++ link pays the stat and the argument as on a real SDK.
if [ -d "$WASISDK_HOME/toolchains/25.0/compat" ]; then
  cp -r "$WASISDK_HOME/toolchains/25.0/compat" "$WASISDK_HOME/toolchains/stub/compat"
fi

printf 'int f(int x) { return x * 2; }\n' >"$work/tiny.c"
printf '#!/bin/sh\nexec %s --target=wasm32-wasip1 --sysroot=%s "$@"\n' "$sdk/bin/clang" "$sysroot" >"$work/sh-wrapper"
chmod +x "$work/sh-wrapper"
cd "$work"

pair() { "$work/spawn_pair" "$@"; }
# pair output: median A, median B, median of paired B - A
prow() { printf '%-52s %8s us   %8s us   %+6s us\n' "$1" $2 $3 $4; }

# The floor: a static C program that does nothing but execv() the stub. No wrapper
# that runs as its own process can beat it. Built against musl, as the driver is, and
# against glibc for comparison (glibc's static start-up probes the CPU: slow on a VM).
printf '#include <unistd.h>\nint main(int c, char **v) { (void)c; v[0] = "%s"; execv(v[0], v); return 127; }\n' \
  "$work/stub/bin/clang" >"$work/floor.c"
cc -O2 -static -o "$work/floor-glibc" "$work/floor.c"
floor=$work/floor-glibc
if command -v musl-gcc >/dev/null; then
  musl-gcc -O2 -static -o "$work/floor-musl" "$work/floor.c"
  floor=$work/floor-musl
fi
stub_args=(--target=wasm32-wasip1 --sysroot="$sysroot" -c tiny.c -o t.o)

echo "== against a stub clang, 3000 interleaved pairs each"
printf '%-52s %11s   %11s   %9s\n' "" "direct" "other" "overhead"
export WASISDK_SDK=stub
prow "wasm32-wasip1-clang (wasisdk driver)" \
  $(pair 3000 "$work/stub/bin/clang" "${stub_args[@]}" --- "$wrap" -c tiny.c -o t.o)
prow "floor: static execv() only ($(basename "$floor"))" \
  $(pair 3000 "$work/stub/bin/clang" "${stub_args[@]}" --- "$floor" "${stub_args[@]}")
if [ "$floor" != "$work/floor-glibc" ]; then
  prow "static execv() only, glibc (reference)" \
    $(pair 3000 "$work/stub/bin/clang" "${stub_args[@]}" --- "$work/floor-glibc" "${stub_args[@]}")
fi
# A CMake build's compile carries the SDK it was configured for (configured_sdk.h).
prow "wasm32-wasip1-clang --wasisdk-expect=stub (CMake)" \
  $(pair 3000 "$work/stub/bin/clang" "${stub_args[@]}" --- "$wrap" --wasisdk-expect=stub -c tiny.c -o t.o)
prow "wasm32-wasip1-clang++ (reads the C++ sysroot too)" \
  $(pair 3000 "$work/stub/bin/clang" "${stub_args[@]}" --- "${wrap}++" -c tiny.c -o t.o)
prow "wasm32-wasip1-clang++ linking (+ the compat archive)" \
  $(pair 3000 "$work/stub/bin/clang" --target=wasm32-wasip1 --sysroot="$sysroot" t.o -o t.wasm \
      --- "${wrap}++" t.o -o t.wasm)
if [ -n "${BASELINE_DRIVER:-}" ]; then
  mkdir -p "$work/baseline"
  for name in wasm32-wasip1-clang wasm32-wasip1-clang++; do
    ln -s "$BASELINE_DRIVER" "$work/baseline/$name"
  done
  echo "== this build's driver against $BASELINE_DRIVER, stub clang, 3000 interleaved pairs"
  printf '%-52s %11s   %11s   %9s\n' "" "baseline" "this build" "change"
  prow "wasm32-wasip1-clang -c" \
    $(pair 3000 "$work/baseline/wasm32-wasip1-clang" -c tiny.c -o t.o --- "$wrap" -c tiny.c -o t.o)
  prow "wasm32-wasip1-clang++ -c" \
    $(pair 3000 "$work/baseline/wasm32-wasip1-clang++" -c tiny.c -o t.o --- "${wrap}++" -c tiny.c -o t.o)
  prow "wasm32-wasip1-clang++ linking" \
    $(pair 3000 "$work/baseline/wasm32-wasip1-clang++" t.o -o t.wasm --- "${wrap}++" t.o -o t.wasm)
fi
unset WASISDK_SDK

echo "== real clang, -c tiny.c, ${REAL_PAIRS:=1000} interleaved pairs"
printf '%-52s %11s   %11s   %9s\n' "" "direct" "other" "overhead"
export WASISDK_SDK=25.0
prow "wasm32-wasip1-clang (wasisdk driver)" \
  $(pair "$REAL_PAIRS" "$sdk/bin/clang" --target=wasm32-wasip1 --sysroot="$sysroot" -c tiny.c -o t.o \
      --- "$wrap" -c tiny.c -o t.o)
prow "3-line /bin/sh wrapper" \
  $(pair "$REAL_PAIRS" "$sdk/bin/clang" --target=wasm32-wasip1 --sysroot="$sysroot" -c tiny.c -o t.o \
      --- "$work/sh-wrapper" -c tiny.c -o t.o)
unset WASISDK_SDK

if [ -x "$HOME/.cargo/bin/rustc" ] && command -v rustup >/dev/null; then
  real=$(rustup which rustc)
  echo "== rustup's proxy, for reference (rustc --version, 200 interleaved pairs)"
  prow "rustc through rustup's proxy" $(pair 200 "$real" --version --- "$HOME/.cargo/bin/rustc" --version)
fi
