#!/usr/bin/env bash
# hoist compose (issue 16): `up -d` of a 5-service project (busybox services, one network, one
# volume) and `down -v`, against the same five containers made by `hoist network create`,
# `hoist volume create` and five `hoist run -d` in a row, then removed (`stop -t 1` and `rm`
# each, `network rm`, `volume rm`), as `down -v -t 1` does. Interleaved rounds; medians of
# wall time and of CPU time (user+sys of the commands and their children, /usr/bin/time). The machine's load makes wall time
# indicative only: rerun on a quiet machine.
# Needs root, busybox-static, /usr/bin/time. Environment: ROUNDS (default 5), BENCH_DIR.
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
source "$root/bench/lib/busybox-image.sh"
rounds="${ROUNDS:-5}"
work="${BENCH_DIR:-/tmp/hoist-bench-compose}"
hoist="$root/hoist"
results="$root/bench/results"
mkdir -p "$results"

[[ $(id -u) == 0 ]] || { echo "bench/compose/up-down.sh needs root" >&2; exit 1; }
[[ -x /usr/bin/time ]] || { echo "bench/compose/up-down.sh needs /usr/bin/time" >&2; exit 1; }

export HOIST_HOME="$work/home"
rm -rf "$work"
mkdir -p "$work/app"
busybox_rootfs "$work" sh sleep httpd true
"$hoist" import "$work/rootfs.tar" bench:compose >/dev/null

cat >"$work/app/compose.yaml" <<'YAML'
services:
  s1: {image: "bench:compose", command: ["sleep", "600"], volumes: ["data:/data"]}
  s2: {image: "bench:compose", command: ["sleep", "600"]}
  s3: {image: "bench:compose", command: ["sleep", "600"]}
  s4: {image: "bench:compose", command: ["sleep", "600"]}
  s5: {image: "bench:compose", command: ["sleep", "600"]}
volumes:
  data:
YAML

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
# `measure FILE CMD…`: appends "wall cpu" of CMD to FILE
measure() {
  local file=$1
  shift
  /usr/bin/time -f '%e %U %S' -o "$work/time" "$@" >/dev/null 2>&1
  awk '{printf "%.3f %.3f\n", $1, $2 + $3}' "$work/time" >>"$file"
}
compose_round() {
  measure "$work/compose-up" "$hoist" compose -f "$work/app/compose.yaml" -p bench up -d
  measure "$work/compose-down" "$hoist" compose -f "$work/app/compose.yaml" -p bench down -v -t 1
}
runs_up() {
  "$hoist" network create bench_default
  "$hoist" volume create bench_data
  for n in 1 2 3 4 5; do
    local v=()
    [[ $n == 1 ]] && v=(-v bench_data:/data)
    "$hoist" run -d --name "bench-s$n-1" --network bench_default --network-alias "s$n" \
      "${v[@]}" bench:compose sleep 600
  done
}
runs_down() {
  for n in 1 2 3 4 5; do
    "$hoist" stop -t 1 "bench-s$n-1"
    "$hoist" rm "bench-s$n-1"
  done
  "$hoist" network rm bench_default
  "$hoist" volume rm bench_data
}
export -f runs_up runs_down
export hoist
runs_round() {
  measure "$work/runs-up" bash -c runs_up
  measure "$work/runs-down" bash -c runs_down
}

# warm-up (class data, page cache), not counted
compose_round; runs_round
for k in compose-up compose-down runs-up runs-down; do : >"$work/$k"; done
for _ in $(seq "$rounds"); do
  compose_round
  runs_round
done

{
  echo "hoist compose: 5 busybox services, 1 network, 1 volume; $rounds rounds, medians (s)"
  printf '%-34s %8s %8s\n' "" wall cpu
  for k in compose-up runs-up compose-down runs-down; do
    printf '%-34s %8s %8s\n' "$k" "$(cut -d' ' -f1 "$work/$k" | median)" \
      "$(cut -d' ' -f2 "$work/$k" | median)"
  done
} | tee "$results/compose-summary.txt"
