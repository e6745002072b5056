#!/usr/bin/env bash
# Container start benchmarks (see bench/README.md, "Containers"):
#   1. `./hoist run --rm IMAGE true` as a whole process (launcher, JVM start with the
#      class-data archive, image lookup, container state, the shim, clean-up): median of RUNS
#      runs with hyperfine (or a plain loop when hyperfine is missing)
#   2. 20 containers at once: `./hoist run --rm IMAGE sh -c 'echo N'` started together; all must
#      succeed, print their N, and leave no container behind
# Needs root (namespaces, overlayfs) and a static /bin/busybox (busybox-static): the image is
# a one-layer busybox imported into a throw-away HOIST_HOME.
#
# Environment:
#   RUNS        measured runs of benchmark 1 (default 20)
#   CONCURRENT  containers started at once in benchmark 2 (default 20)
#   BENCH_DIR   where the home goes (default /tmp/hoist-bench-run)
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
results="$root/bench/results"
mkdir -p "$results"
runs="${RUNS:-20}"
concurrent="${CONCURRENT:-20}"
work="${BENCH_DIR:-/tmp/hoist-bench-run}"
summary="$results/run-summary.txt"
hoist="$root/hoist"
image=bench:busybox

say() { printf '\n== %s\n' "$*" >&2; }

[[ $(id -u) == 0 ]] || { echo "bench/run.sh needs root (namespaces, overlayfs)" >&2; exit 1; }
[[ -x /bin/busybox ]] || { echo "bench/run.sh needs /bin/busybox (apt-get install busybox-static)" >&2; exit 1; }

export HOIST_HOME="$work/home"
rm -rf "$work"
source "$root/bench/lib/busybox-image.sh"
busybox_rootfs "$work" sh true echo

say "building hoist when needed, importing $image"
"$hoist" version >/dev/null
"$hoist" import "$work/rootfs.tar" "$image" >/dev/null
for _ in 1 2 3; do "$hoist" run --rm "$image" true; done # unpacks the layer, warms the caches

say "1. ./hoist run --rm $image true, $runs runs"
if command -v hyperfine >/dev/null; then
  hyperfine -N --warmup 3 --runs "$runs" --export-json "$results/run-hyperfine.json" \
    "$hoist run --rm $image true" >&2
  median=$(jq -r '.results[0].median' "$results/run-hyperfine.json")
  mean=$(jq -r '.results[0].mean' "$results/run-hyperfine.json")
  min=$(jq -r '.results[0].min' "$results/run-hyperfine.json")
  max=$(jq -r '.results[0].max' "$results/run-hyperfine.json")
else
  : >"$results/run-times.txt"
  for ((i = 0; i < runs; i++)); do
    start=$(date +%s.%N)
    "$hoist" run --rm "$image" true
    end=$(date +%s.%N)
    echo "$end - $start" | bc >>"$results/run-times.txt"
  done
  sort -n "$results/run-times.txt" >"$results/run-times.sorted"
  median=$(awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}' "$results/run-times.sorted")
  mean=$(awk '{s+=$1} END {print s/NR}' "$results/run-times.sorted")
  min=$(head -1 "$results/run-times.sorted")
  max=$(tail -1 "$results/run-times.sorted")
fi

say "2. $concurrent containers at once (run --rm)"
out="$work/concurrent"
mkdir -p "$out"
start=$(date +%s.%N)
pids=()
for ((i = 0; i < concurrent; i++)); do
  "$hoist" run --rm "$image" sh -c "echo $i" >"$out/$i.out" 2>"$out/$i.err" &
  pids+=($!)
done
failed=0
for i in "${!pids[@]}"; do
  if ! wait "${pids[$i]}" || [[ "$(cat "$out/$i.out")" != "$i" ]]; then
    failed=$((failed + 1))
    echo "container $i failed: $(cat "$out/$i.out" "$out/$i.err")" >&2
  fi
done
end=$(date +%s.%N)
left=$("$hoist" ps -a -q | wc -l)
dirs=$(find "$HOIST_HOME/containers" -mindepth 1 -maxdepth 1 ! -name .names | wc -l)
names=$(find "$HOIST_HOME/containers/.names" -mindepth 1 | wc -l)
batch=$(echo "$end - $start" | bc)

{
  echo "Containers ($(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
  printf '1. ./hoist run --rm %s true: median %.3f s (mean %.3f, min %.3f, max %.3f; %d runs); target < 0.3 s\n' \
    "$image" "$median" "$mean" "$min" "$max" "$runs"
  printf '2. %d x run --rm at once: %d failed, %d containers listed after, %d directories and %d names left; %.2f s for the batch\n' \
    "$concurrent" "$failed" "$left" "$dirs" "$names" "$batch"
} | tee "$summary"
[[ $failed == 0 && $left == 0 && $dirs == 0 && $names == 0 ]]
