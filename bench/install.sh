#!/usr/bin/env bash
# Install benchmark (run on demand, not in CI): a real ~70 MB wasi-sdk-shaped tarball
# (tests/fixtures/make-sdk.sh --with-llvm-libs) served from loopback.
#   bench/install.sh [BUILD_DIR] [ROUNDS]       (default: build, 7)
#   OLD_BIN=DIR bench/install.sh ...            also times DIR/wasisdk (an older build's bin/)
# Each round runs, interleaved and each after a `sync` so that no step pays for the
# previous one's page-cache writeback:
#   gzip      gzip -dc f >/dev/null               (the inflate floor: issue 12 item 5)
#   tar       tar xzf f
#   baseline  curl -o f URL && sha256sum f && tar xzf f
#   wasisdk   wasisdk install (download + verify + extract + probe + commit) into a new home
#   old       OLD_BIN's wasisdk install, when given
# and prints medians, each round's wasisdk/gzip ratio's median (paired), and peak RSS.
#   no-op     wasisdk install of what is installed (median of 50, spawn included)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-$here/../build}" && pwd)
rounds=${2:-7}
wasisdk=$build/bin/wasisdk
old=${OLD_BIN:+$OLD_BIN/wasisdk}
work=$(mktemp -d)
# On ext4 without a journal (this project's VMs), creating a file skips every free inode
# deleted less than 60 s ago (360 s while its table block is dirty): ext4's
# find_inode_bit/recently_deleted, which took 20% of an install's samples right after a
# previous run's cleanup (~100,000 files). So a run starts 6 minutes after the last one's
# cleanup, and nothing else should delete many files meanwhile (a ctest run does).
cleaned=${TMPDIR:-/tmp}/wasisdk-bench-install.cleaned
if [ -e "$cleaned" ]; then
  wait_s=$((360 - $(date +%s) + $(stat -c %Y "$cleaned")))
  if [ "$wait_s" -gt 0 ]; then
    echo "waiting ${wait_s}s: the previous run deleted its trees (see the comment above)"
    sleep "$wait_s"
  fi
fi
trap 'kill $server_pid 2>/dev/null || true; rm -rf "$work"; touch "$cleaned"' EXIT

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
cp "$tarball" "$work/f"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
now() { date +%s.%N; }
elapsed() { echo "$(now) - $1" | bc; }
# time_step NAME COMMAND...: sync, run, append the seconds to $work/NAME
time_step() {
  local name=$1 t
  shift
  sync
  t=$(now)
  "$@"
  elapsed "$t" >>"$work/$name"
}
install_into() { # EXE HOME
  "$1" --quiet --verbose --home "$2" --manifest "$work/m.json" install 25 2>"$2.log"
}

echo "tarball: $(basename "$tarball"), $((size / 1000000)) MB; unpacked $(tar tzvf "$tarball" | awk '{s+=$3} END {printf "%d", s/1000000}') MB; $rounds rounds"

# Nothing is deleted until the end: ext4 spends most of an extraction's system time
# scanning past recently deleted inodes (perf: find_inode_bit/recently_deleted, 40% of
# samples) when the previous step's tree was just removed, which skewed whichever step
# ran next. Every step writes into a new directory instead (about 1 GB per round).
for i in $(seq "$rounds"); do
  r=$work/r$i
  mkdir -p "$r/t1" "$r/t2"
  time_step gzip sh -c 'gzip -dc "$1" >/dev/null' sh "$work/f"
  time_step tar tar xzf "$work/f" -C "$r/t1"
  time_step baseline sh -c 'cd "$1" && curl -s -o f "$2" && sha256sum f >/dev/null && tar xzf f' sh "$r/t2" "$url"
  # new and old alternate which goes first (ABBA), so neither always follows the other
  order="new old"
  [ $((i % 2)) = 0 ] && order="old new"
  for which in $order; do
    if [ "$which" = new ]; then
      time_step wasisdk install_into "$wasisdk" "$r/home"
      grep -o 'peak memory: [0-9]*' "$r/home.log" | grep -o '[0-9]*$' >>"$work/rss"
    elif [ -n "$old" ]; then
      time_step old install_into "$old" "$r/oldhome"
    fi
  done
done
paste -d' ' "$work/wasisdk" "$work/gzip" | awk '{print $1 / $2}' >"$work/ratio"
echo "per round (s): gzip tar baseline wasisdk${old:+ old}"
paste -d' ' "$work/gzip" "$work/tar" "$work/baseline" "$work/wasisdk" ${old:+"$work/old"} | sed 's/^/  /'

# Timed inside one python process so that no helper's start-up is counted.
python3 - "$wasisdk" "$work" >"$work/noop" <<'PY'
import subprocess, sys, time
exe, work = sys.argv[1], sys.argv[2]
for _ in range(50):
    t = time.perf_counter()
    subprocess.run([exe, "--quiet", "--home", f"{work}/r1/home", "--manifest", f"{work}/m.json",
                    "install", "25"], check=True)
    print(time.perf_counter() - t)
PY

g=$(median <"$work/gzip"); x=$(median <"$work/tar"); b=$(median <"$work/baseline")
w=$(median <"$work/wasisdk"); r=$(median <"$work/ratio"); rss=$(median <"$work/rss")
n=$(median <"$work/noop")
printf 'gzip -dc to /dev/null:                  %.3f s\n' "$g"
printf 'tar xzf alone:                          %.3f s\n' "$x"
printf 'baseline (curl + sha256sum + tar xzf): %.3f s\n' "$b"
printf 'wasisdk install:                        %.3f s  (paired median %.2fx gzip -dc; %.2fx tar xzf)\n' "$w" "$r" "$(echo "$w / $x" | bc -l)"
if [ -n "$old" ]; then
  paste -d' ' "$work/old" "$work/wasisdk" | awk '{print $2 / $1}' >"$work/vs_old"
  printf 'old wasisdk install (%s):  %.3f s  (new/old paired median %.2fx)\n' "$OLD_BIN" "$(median <"$work/old")" "$(median <"$work/vs_old")"
fi
printf 'wasisdk peak RSS (own process):        %d KB\n' "$rss"
printf 'no-op reinstall:                        %.1f ms\n' "$(echo "$n * 1000" | bc -l)"
