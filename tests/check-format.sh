#!/usr/bin/env bash
# Every C and C++ file in the repository is as .clang-format lays it out (CONTRIBUTING.md).
# Debian 12's clang-format (14): another major version lays some lines out differently, so
# the check names the one it was written for. Prints each file that differs and how to fix.
set -euo pipefail
cd "$(dirname "$0")/.."
format=${CLANG_FORMAT:-clang-format-14}
if ! command -v "$format" >/dev/null; then
    echo "check-format: $format is not installed (packaging/deps-debian.sh --test installs it)" >&2
    exit 1
fi
bad=()
while IFS= read -r -d '' f; do
    "$format" --dry-run --Werror "$f" >/dev/null 2>&1 || bad+=("$f")
done < <(git ls-files -z '*.c' '*.h' '*.cpp' 2>/dev/null || find src cli driver tests fuzz bench -name '*.[ch]' -print0 -o -name '*.cpp' -print0)
if [ ${#bad[@]} -gt 0 ]; then
    printf 'check-format: not formatted: %s\n' "${bad[@]}" >&2
    echo "check-format: fix with: $format -i ${bad[*]}" >&2
    exit 1
fi
echo "check-format: all files formatted"
