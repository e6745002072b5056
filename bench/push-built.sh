#!/usr/bin/env bash
# Push time of images hoist built (see bench/README.md, "Store size"): the store bench/store-size.sh
# leaves in bench/results/store-size/hoist-home (run that first), whose built layers a hoist that
# keeps them as snapshots alone makes again (compresses) as they are pushed. Each image is pushed
# RUNS times, each time to a freshly started docker-registry (empty storage, new port: nothing
# can be mounted or skipped), by whole hoist processes (the ./hoist launcher); the median wall
# time per image goes to bench/results/push-built.txt.
#
# Environment:
#   RUNS        measured runs per image (default 5)
#   HOIST_HOME  the store to push from (default: store-size.sh's)
#   BENCH_DIR   registry work directory (default /tmp/hoist-push-built-bench)
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
runs="${RUNS:-5}"
work="${BENCH_DIR:-/tmp/hoist-push-built-bench}"
export HOIST_HOME="${HOIST_HOME:-$root/bench/results/store-size/hoist-home}"
out="$root/bench/results/push-built.txt"
[[ -d $HOIST_HOME/blobs ]] || { echo "no store in $HOIST_HOME: run bench/store-size.sh first" >&2; exit 1; }
mkdir -p "$work"
source "$root/bench/lib/registry.sh"   # start_registry, stop_registry (under $work)
trap stop_registry EXIT
now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

"$root/hoist" --version >/dev/null   # builds the CLI when needed
start_registry   # untimed: the class-data archive of push is written by its first run
"$root/hoist" push --progress=quiet bench/random:latest "127.0.0.1:$reg_port/warm/random:1" >/dev/null
: >"$out"
for image in text libs random; do
  times=""
  for ((i = 1; i <= runs; i++)); do
    start_registry
    sync
    t0=$(now)
    "$root/hoist" push --progress=quiet "bench/$image:latest" \
      "127.0.0.1:$reg_port/bench/$image:latest" >/dev/null
    t1=$(now)
    t=$(echo "$t1 - $t0" | bc)
    echo "$image run=$i wall_s=$t" >&2
    times+="$t"$'\n'
  done
  median_s=$(printf '%s' "$times" | median)
  printf 'push bench/%-8s median %6.2f s of %d runs\n' "$image" "$median_s" "$runs" | tee -a "$out"
done
