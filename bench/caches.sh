#!/usr/bin/env bash
# What knowing the SDK costs a compiler cache per compile (issue 18; run on demand, not
# in CI).   bench/caches.sh [BUILD_DIR]     (default: build)
# Each row runs two commands interleaved (bench/spawn_pair.c) and reports the median of
# their paired differences:
#  1. `ccache wasm32-wasip1-clang -c tiny.c`, a direct-mode cache hit (where the check's
#     cost shows most: nothing else runs), with compiler_check=mtime (ccache's default,
#     blind to the SDK) against the identity tool `wasisdk env` sets, and against
#     `%compiler% -v` (a clang run through the wrapper per compile);
#  2. the identity tool alone, against a static program that does nothing (its own work:
#     the SDK's resolution and a receipt read);
#  3. the prefix maps the wrappers add with -g: `-g -c` against `-c`, over a stub clang
#     that exits at once (as bench/driver.sh does), so only the wrapper's work differs.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-$here/../build}" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export WASISDK_HOME=$work/home CCACHE_DIR=$work/ccache CCACHE_CONFIGPATH=$work/ccache.conf
unset WASI_SDK_PATH WASISDK_SDK CCACHE_COMPILERCHECK
: >"$CCACHE_CONFIGPATH"
command -v ccache >/dev/null || { echo "bench/caches.sh: ccache is required" >&2; exit 1; }

cc -O2 -o "$work/spawn_pair" "$here/spawn_pair.c"
tarball=$build/fixtures/wasi-sdk-25.0-x86_64-linux.tar.gz
[ -f "$tarball" ] || bash "$here/../tests/fixtures/make-sdk.sh" "$build/fixtures" current >/dev/null
echo '{"schema":1,"releases":[]}' >"$work/empty.json"
"$build/bin/wasisdk" -q --manifest "$work/empty.json" install 25.0 --from "$tarball" 2>/dev/null
bin=$WASISDK_HOME/bin
export PATH=$bin:$PATH
printf 'int f(int x) { return x * 2; }\n' >"$work/tiny.c"
cd "$work"

pair() { "$work/spawn_pair" "$@"; }
prow() { printf '%-52s %8s us   %8s us   %+6s us\n' "$1" $2 $3 $4; }
ccache=$(command -v ccache)
mtime=(/usr/bin/env CCACHE_COMPILERCHECK=mtime "$ccache" "$bin/wasm32-wasip1-clang" -c tiny.c -o t.o)
identity=(/usr/bin/env "CCACHE_COMPILERCHECK=$bin/wasisdk-sdk-identity %compiler%" "$ccache"
          "$bin/wasm32-wasip1-clang" -c tiny.c -o t.o)
verbose=(/usr/bin/env "CCACHE_COMPILERCHECK=%compiler% -v" "$ccache" "$bin/wasm32-wasip1-clang"
         -c tiny.c -o t.o)
# Warm each key: a miss, then direct-mode hits from here on.
for i in 1 2; do "${mtime[@]}"; "${identity[@]}"; "${verbose[@]}"; done

echo "== ccache direct-mode hit, ${PAIRS:=1000} interleaved pairs"
printf '%-52s %11s   %11s   %9s\n' "" "mtime" "other" "cost"
# The commands go through `env` (to set the check); both sides pay for it alike.
prow "compiler_check: wasisdk-sdk-identity %compiler%" $(pair "$PAIRS" "${mtime[@]}" --- "${identity[@]}")
prow "compiler_check: %compiler% -v" $(pair "$PAIRS" "${mtime[@]}" --- "${verbose[@]}")

# The floor: a static program that does nothing, linked as the driver is (musl if there).
printf 'int main(void) { return 0; }\n' >"$work/nothing.c"
if command -v musl-gcc >/dev/null; then
  musl-gcc -O2 -static -o "$work/nothing" "$work/nothing.c"
else
  cc -O2 -static -o "$work/nothing" "$work/nothing.c"
fi
echo "== the check alone, 3000 interleaved pairs"
printf '%-52s %11s   %11s   %9s\n' "" "nothing" "other" "cost"
prow "wasisdk-sdk-identity <wrapper>, against a static no-op" \
  $(pair 3000 "$work/nothing" --- "$bin/wasisdk-sdk-identity" "$bin/wasm32-wasip1-clang")

# A stub SDK: the real tree's sysroot, a clang that does nothing (as bench/driver.sh).
mkdir -p "$work/stub/bin" "$work/stub/share"
ln -s "$WASISDK_HOME/toolchains/25.0/sdk/share/wasi-sysroot" "$work/stub/share/wasi-sysroot"
printf 'int main(void) { return 0; }\n' >"$work/stub.c"
cc -O2 -o "$work/stub/bin/clang" "$work/stub.c"
"$build/bin/wasisdk" -q link stub "$work/stub"
echo "== the wrapper over a stub clang, 3000 interleaved pairs"
printf '%-52s %11s   %11s   %9s\n' "" "-c" "-g -c" "cost"
export WASISDK_SDK=stub
prow "-g: -ffile-prefix-map for the tree (and its real path)" \
  $(pair 3000 "$bin/wasm32-wasip1-clang" -c tiny.c -o t.o --- "$bin/wasm32-wasip1-clang" -g -c tiny.c -o t.o)
