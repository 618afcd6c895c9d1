#!/usr/bin/env bash
# Installs what wasisdk needs on Debian 12, from Debian's archive only.
#   packaging/deps-debian.sh          build dependencies, and what the README's run
#                                     command needs without GitHub: Debian's own WASI
#                                     toolchain (LLVM 19, wasi-libc, builtins, libc++),
#                                     which `wasisdk install 22 --or-system` falls back
#                                     to, and node, which runs its hello world
#   packaging/deps-debian.sh --test   plus what the test suite uses: python3 (test
#                                     server), LLVM 14 and 22, the build tools driven
#                                     through the wrappers (autotools, pkg-config, ccache,
#                                     sccache, distcc, Debian's rustc 1.63), lintian,
#                                     clang-format
#   packaging/deps-debian.sh --fuzz   plus what fuzz/run.sh builds with: clang-19 and its
#                                     libFuzzer and sanitizer runtimes (libclang-rt-19-dev)
# The options combine (--test --fuzz).
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  libcurl4-openssl-dev libarchive-dev nlohmann-json3-dev libssl-dev
  libtomlplusplus-dev libcli11-dev
  # musl-gcc: the driver (wasisdk-driver) links statically against musl, whose start-up
  # is ~0.3 ms cheaper per compile than glibc's on a VM (bench/README.md)
  musl-tools
  # the portable tarball: sets wasisdk-core's DT_RPATH to its bundled libraries
  # (packaging/portable-bundle.cmake)
  patchelf
  # the distribution's WASI toolchain (docs/system-toolchain.md); the tests build their
  # wasi-sdk-shaped fixtures from the same packages
  clang-19 lld-19 llvm-19 libclang-rt-19-dev-wasm32 wasi-libc
  libc++-19-dev-wasm32 libc++abi-19-dev-wasm32
)
# node 18+ runs WASI preview1; keep a newer one if the machine has it.
command -v node >/dev/null || packages+=(nodejs)
test=0 fuzz=0
for arg in "$@"; do
  case "$arg" in
    --test) test=1 ;;
    --fuzz) fuzz=1 ;;
    *) echo "deps-debian.sh: unknown option '$arg' (use --test and/or --fuzz)" >&2; exit 2 ;;
  esac
done
if [ "$fuzz" = 1 ]; then
  packages+=(clang-19 libclang-rt-19-dev)
fi
if [ "$test" = 1 ]; then
  packages+=(
    libgtest-dev libgmock-dev python3 openssl
    xz-utils zstd
    # build tools the driver tests drive through the wrappers
    ninja-build pkg-config autoconf automake ccache
    # compiler caches in front of the wrappers (tests/integration/test_caches.py), and
    # distcc with a loopback distccd (test_distcc.py)
    sccache distcc
    rustc cargo libstd-rust-dev-wasm32 librust-cc-dev
    # the shells whose completion scripts `wasisdk completions` writes; bash-completion's
    # loader finds the .deb's script (test_package.py)
    fish zsh bash-completion
    # the .deb passes `lintian --fail-on error` (tests/integration/test_package.py)
    lintian
    # the sources follow .clang-format (tests/check-format.sh)
    clang-format-14
    # a real terminal for the progress bars (test_ux.py), groff to check the man pages
    tmux groff-base
    # LLVM 14, rustc 1.63's, for an SDK that links with Debian's rustc in external mode
    clang-14 lld-14 llvm-14 libclang-rt-14-dev-wasm32
    # LLVM 22 (bookworm-security), for SDKs shaped like wasi-sdk 31-33; its libc++ for
    # wasm conflicts with LLVM 19's and is only downloaded (below)
    clang-22 lld-22 llvm-22 libclang-rt-22-dev-wasm32
    # what rustc-web/cargo-web 1.96 (unpacked, below) load from the host
    libllvm22 libgit2-1.5
  )
fi

as_root=()
[ "$(id -u)" -eq 0 ] || as_root=(sudo)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# libc++ for wasm of LLVM 22: libc++-N-dev-wasm32 packages of different N conflict, so
# these are not installed but put in apt's cache, where tests/fixtures/make-sdk.sh unpacks
# them (dpkg -x) into the LLVM 22 SDK; the suite then needs no network.
debs=()
if [ "${1:-}" = "--test" ]; then
  for p in libc++-22-dev-wasm32 libc++abi-22-dev-wasm32; do
    ls /var/cache/apt/archives/"${p}"_*.deb >/dev/null 2>&1 || debs+=("$p")
  done
fi
# rustc 1.96 (bookworm-security) conflicts with rustc/cargo 1.63, which the tests also
# use: tests/fixtures/make-rust-std-196.sh unpacks these from apt's cache instead. Any
# Debian revision of 1.96.0 (the security archive keeps only the newest).
rust196=()
if [ "${1:-}" = "--test" ]; then
  for p in rustc-web cargo-web libstd-rust-web-1.96 libstd-rust-web-dev rust-web-src; do
    ls /var/cache/apt/archives/"${p}"_1.96.0[+~-]*.deb >/dev/null 2>&1 || rust196+=("$p")
  done
fi
if [ ${#missing[@]} -eq 0 ] && [ ${#debs[@]} -eq 0 ] && [ ${#rust196[@]} -eq 0 ]; then
  echo "deps-debian.sh: all ${#packages[@]} packages are installed"
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
if [ ${#missing[@]} -gt 0 ]; then
  echo "deps-debian.sh: installing ${missing[*]}"
  "${as_root[@]}" apt-get install -y -qq -o DPkg::Lock::Timeout=600 --no-install-recommends "${missing[@]}"
fi
if [ ${#debs[@]} -gt 0 ]; then
  echo "deps-debian.sh: downloading ${debs[*]} into /var/cache/apt/archives"
  (cd /var/cache/apt/archives && "${as_root[@]}" apt-get download -q "${debs[@]}")
fi
for p in "${rust196[@]}"; do
  v=$(apt-cache madison "$p" | awk -F' *[|] *' '$2 ~ /^1[.]96[.]0[+~-]/ {print $2; exit}')
  [ -n "$v" ] || { echo "deps-debian.sh: no $p 1.96.0 in apt's lists (bookworm-security)" >&2; exit 1; }
  echo "deps-debian.sh: downloading $p=$v into /var/cache/apt/archives"
  (cd /var/cache/apt/archives && "${as_root[@]}" apt-get download -q "$p=$v")
done
