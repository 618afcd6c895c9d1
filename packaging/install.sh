#!/usr/bin/env bash
# Builds wasisdk from this checkout and installs it, on Debian 12:
#   packaging/install.sh [PREFIX]      (default: /usr/local; ~/.local works without root)
# then prints the line that puts wasisdk's wrappers on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."
prefix=${1:-/usr/local}
packaging/deps-debian.sh
cmake --preset release
cmake --build --preset release
cmake --install build-release --prefix "$prefix"
echo "installed $prefix/bin/wasisdk"
case ":$PATH:" in
  *":$prefix/bin:"*) ;;
  *) echo "add it to PATH: export PATH=\"$prefix/bin:\$PATH\"" ;;
esac
echo 'then: wasisdk install latest && eval "$(wasisdk env)"'
