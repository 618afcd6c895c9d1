#!/usr/bin/env bash
# Driver overhead benchmark (run on demand, not in CI).
#   bench/driver.sh [BUILD_DIR]     (default: build)
# Target (issue 3): the wrapper adds < 0.3 ms (median) over calling the SDK's clang
# directly with the same flags. Measured two ways:
#  1. against a stub "clang" that exits at once, so that clang's own 25+ ms of noise
#     does not hide a fraction of a millisecond (same SDK layout, bin/clang replaced);
#  2. on `-c tiny.c` with the real clang, next to a 3-line /bin/sh wrapper and, when
#     rustup is installed, rustup's proxy (`rustc --version` through ~/.cargo/bin).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-$here/../build}" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export WASISDK_HOME=$work/home
unset WASI_SDK_PATH WASISDK_SDK

cc -O2 -o "$work/spawn_timer" "$here/spawn_timer.c"
tarball=$build/fixtures/wasi-sdk-25.0-x86_64-linux.tar.gz
[ -f "$tarball" ] || bash "$here/../tests/fixtures/make-sdk.sh" "$build/fixtures" current >/dev/null
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
"$build/bin/wasisdk" -q link stub "$work/stub"

printf 'int f(int x) { return x * 2; }\n' >"$work/tiny.c"
printf '#!/bin/sh\nexec %s --target=wasm32-wasip1 --sysroot=%s "$@"\n' "$sdk/bin/clang" "$sysroot" >"$work/sh-wrapper"
chmod +x "$work/sh-wrapper"
cd "$work"

t() { "$work/spawn_timer" "$@"; }
row() { printf '%-46s %8s us (p10 %s, p90 %s)\n' "$1" $2 $3 $4; }

# The floor: a static C program that does nothing but execv() the stub. No wrapper
# that runs as its own process can beat it.
printf '#include <unistd.h>\nint main(int c, char **v) { (void)c; v[0] = "%s"; execv(v[0], v); return 127; }\n' \
  "$work/stub/bin/clang" >"$work/floor.c"
cc -O2 -static -o "$work/floor" "$work/floor.c"

echo "== overhead against a stub clang (3000 runs each)"
direct=$(t 3000 "$work/stub/bin/clang" --target=wasm32-wasip1 --sysroot="$sysroot" -c tiny.c -o t.o)
floor=$(t 3000 "$work/floor" --target=wasm32-wasip1 --sysroot="$sysroot" -c tiny.c -o t.o)
wrapped=$(WASISDK_SDK=stub t 3000 "$wrap" -c tiny.c -o t.o)
row "stub clang, direct" $direct
row "stub clang, through a bare static execv()" $floor
row "stub clang, through wasm32-wasip1-clang" $wrapped
echo "wrapper overhead over direct (median): $(( ${wrapped%% *} - ${direct%% *} )) us"
echo "  of which any exec'ing wrapper pays:  $(( ${floor%% *} - ${direct%% *} )) us"
echo "  the driver's own work:               $(( ${wrapped%% *} - ${floor%% *} )) us"

echo "== real clang, -c tiny.c (200 runs each)"
row "clang direct" $(t 200 "$sdk/bin/clang" --target=wasm32-wasip1 --sysroot="$sysroot" -c tiny.c -o t.o)
row "wasm32-wasip1-clang (wasisdk driver)" $(WASISDK_SDK=25.0 t 200 "$wrap" -c tiny.c -o t.o)
row "3-line /bin/sh wrapper" $(t 200 "$work/sh-wrapper" -c tiny.c -o t.o)

if [ -x "$HOME/.cargo/bin/rustc" ] && command -v rustup >/dev/null; then
  real=$(rustup which rustc)
  echo "== rustup's proxy, for reference (rustc --version, 200 runs each)"
  row "rustc direct" $(t 200 "$real" --version)
  row "rustc through rustup's proxy" $(t 200 "$HOME/.cargo/bin/rustc" --version)
fi
