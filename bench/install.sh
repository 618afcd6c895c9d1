#!/usr/bin/env bash
# Install benchmark (run on demand, not in CI): a real ~70 MB wasi-sdk-shaped tarball
# (tests/fixtures/make-sdk.sh --with-llvm-libs) served from loopback.
#   bench/install.sh [BUILD_DIR]      (default: build)
# Prints, as medians of 5 runs:
#   baseline  curl -o f URL && sha256sum f && tar xzf f
#   tar       tar xzf f alone
#   wasisdk   wasisdk install (download + verify + extract + probe + commit), and peak RSS
#   no-op     wasisdk install of what is installed (median of 50, spawn included)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-$here/../build}" && pwd)
wasisdk=$build/bin/wasisdk
work=$(mktemp -d)
trap 'kill $server_pid 2>/dev/null || true; rm -rf "$work"' EXIT

# Built once, then reused from its cache (the script prints its path).
tarball=$(bash "$here/../tests/fixtures/make-sdk.sh" "$build/fixtures" 25 --with-llvm-libs)
size=$(stat -c %s "$tarball")
sha=$(sha256sum "$tarball" | cut -d' ' -f1)

mkdir "$work/srv"
cp "$tarball" "$work/srv/sdk.tar.gz"
python3 -m http.server --bind 127.0.0.1 0 --directory "$work/srv" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 50); do
  port=$(grep -o 'port [0-9]*' "$work/server.log" | head -1 | cut -d' ' -f2 || true)
  [ -n "$port" ] && break
  sleep 0.1
done
url=http://127.0.0.1:$port/sdk.tar.gz
cat >"$work/m.json" <<JSON
{"schema":1,"releases":[{"version":"25.0","artifacts":[
 {"kind":"sdk","host":"x86_64-linux","url":"$url","sha256":"$sha","size":$size,"source":"bench"}]}]}
JSON

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
now() { date +%s.%N; }
elapsed() { echo "$(now) - $1" | bc; }

echo "tarball: $(basename "$tarball"), $((size / 1000000)) MB; unpacked $(tar tzvf "$tarball" | awk '{s+=$3} END {printf "%d", s/1000000}') MB"

for i in 1 2 3 4 5; do
  rm -rf "$work/b" && mkdir "$work/b" && cd "$work/b"
  sync; t=$(now)
  curl -s -o f "$url" && sha256sum f >/dev/null && tar xzf f
  elapsed "$t" >>"$work/baseline"
  rm -rf wasi-sdk-*; sync; t=$(now)
  tar xzf f
  elapsed "$t" >>"$work/tar"
  cd "$work"
done

for i in 1 2 3 4 5; do
  rm -rf "$work/home"; sync
  t=$(now)
  "$wasisdk" --quiet --verbose --home "$work/home" --manifest "$work/m.json" install 25 2>"$work/log.$i"
  grep -o 'peak memory: [0-9]*' "$work/log.$i" | grep -o '[0-9]*$' >"$work/rss.$i"
  elapsed "$t" >>"$work/wasisdk"
done
# Timed inside one python process so that no helper's start-up is counted.
python3 - "$wasisdk" "$work" >"$work/noop" <<'PY'
import subprocess, sys, time
exe, work = sys.argv[1], sys.argv[2]
for _ in range(50):
    t = time.perf_counter()
    subprocess.run([exe, "--quiet", "--home", f"{work}/home", "--manifest", f"{work}/m.json",
                    "install", "25"], check=True)
    print(time.perf_counter() - t)
PY

b=$(median <"$work/baseline"); x=$(median <"$work/tar"); w=$(median <"$work/wasisdk")
rss=$(cat "$work"/rss.* | median)
n=$(median <"$work/noop")
printf 'baseline (curl + sha256sum + tar xzf): %.3f s\n' "$b"
printf 'tar xzf alone:                          %.3f s\n' "$x"
printf 'wasisdk install:                        %.3f s  (%.2fx tar xzf, %.2fx baseline)\n' "$w" "$(echo "$w / $x" | bc -l)" "$(echo "$w / $b" | bc -l)"
printf 'wasisdk peak RSS (own process):        %d KB\n' "$rss"
printf 'no-op reinstall:                        %.1f ms\n' "$(echo "$n * 1000" | bc -l)"
