#!/usr/bin/env bash
# Concurrent builds of one Dockerfile on one HOIST_HOME (two CI jobs building the same commit,
# two `hoist build` started together), A/B: two hoist launchers (a checkout's ./hoist each, e.g.
# the code before one computation per cache key and after it) in interleaved rounds, so a loaded
# machine's drift falls on both alike. Per round and launcher: a fresh home holding the busybox
# base, then two `hoist build` of the same context started at once; the wall time until both
# have ended and the CPU time of both (user+sys, children included: the RUN steps' processes
# too). The Dockerfile: a COPY of 4 MiB and a CPU-bound RUN. Root (RUN steps).
# Usage: BENCH_RUNS=5 bench/concurrent-builds-ab.sh /path/a/hoist /path/b/hoist
# Prints medians and writes bench/results/concurrent-builds-ab/summary.txt.
set -euo pipefail
[[ $# -eq 2 ]] || { echo "usage: $0 LAUNCHER_A LAUNCHER_B" >&2; exit 2; }
launchers=("$(realpath "$1")" "$(realpath "$2")")
source "$(dirname "$0")/lib/start.sh"
bench_start concurrent-builds-ab 5
source "$root/bench/lib/busybox-image.sh"   # busybox_rootfs
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

busybox_rootfs "$out/bb" sh seq sort md5sum cat echo
mkdir -p "$out/app"
head -c $((4 << 20)) /dev/urandom > "$out/app/data.bin"
cat > "$out/app/Dockerfile" <<'DOCKERFILE'
FROM bench/busybox:1
COPY data.bin /data.bin
RUN seq 1 1500000 | sort -rn | md5sum > /sum
DOCKERFILE
for l in "${launchers[@]}"; do "$l" --version >/dev/null; done   # each builds itself if needed

two_at_once() { # $1 launcher, $2 home: two builds of the app at once, both must succeed
  HOIST_HOME="$2" "$1" build -q -t bench/app:1 "$out/app" >/dev/null 2>"$out/a.err" & local a=$!
  HOIST_HOME="$2" "$1" build -q -t bench/app:1 "$out/app" >/dev/null 2>"$out/b.err" & local b=$!
  wait "$a" || { cat "$out/a.err" >&2; return 1; }
  wait "$b" || { cat "$out/b.err" >&2; return 1; }
}
: > "$out/times"
for round in $(seq "$runs"); do
  for n in 0 1; do
    rm -rf "$out/h"
    HOIST_HOME="$out/h" "${launchers[$n]}" import "$out/bb/rootfs.tar" bench/busybox:1 >/dev/null
    t=$( { TIMEFORMAT='%R %U %S'; time two_at_once "${launchers[$n]}" "$out/h"; } 2>&1 )
    awk -v l="$n" '{printf "%s %.2f %.2f\n", l, $1, $2 + $3}' <<<"$t" >> "$out/times"
  done
done
{
  echo "two concurrent builds of one Dockerfile on one home, $runs interleaved rounds, median"
  echo "wall s (until both end) / CPU s (both builds, children included)"
  for n in 0 1; do
    printf '%s\n  %6s s wall %6s s CPU\n' "${launchers[$n]}" \
      "$(awk -v l="$n" '$1==l {print $2}' "$out/times" | median)" \
      "$(awk -v l="$n" '$1==l {print $3}' "$out/times" | median)"
  done
} | tee "$out/summary.txt"
