#!/usr/bin/env bash
# `docker run --rm IMG true` through two builds' warm services, alternating run by run, so that
# a loaded machine's noise falls on both alike (issue 15's figure; docs/engine-api.md "Where a
# run's time goes"), root only. OTHER is another checkout of hoist, built (`./hoist --version`
# there builds it), e.g. the branch's base: `git worktree add /tmp/base main`. Each service
# gets its own HOIST_HOME and socket; both use the machine's bridge.
# Usage: BENCH_RUNS=N WARMUP=M bench/run-ab.sh OTHER [DOCKER-RUN-OPTIONS…]
#   N alternating pairs (default 20) after M warm-up runs per service (default 20: the JIT).
# Prints per build: the median wall seconds, the client's CPU (user+sys) and the service's CPU
# (its /proc ticks, children included) per run. Writes bench/results/run-ab/summary.txt.
set -euo pipefail
source "$(dirname "$0")/lib/start.sh"
bench_start run-ab 20
other="$(cd "${1:?usage: bench/run-ab.sh OTHER-CHECKOUT [DOCKER-RUN-OPTIONS…]}" && pwd)"
shift
[[ $(id -u) == 0 ]] || { echo "bench/run-ab.sh needs root" >&2; exit 1; }
command -v docker >/dev/null || { echo "bench/run-ab.sh needs the docker CLI" >&2; exit 1; }
"$other/hoist" --version >/dev/null

source "$root/bench/lib/service-measure.sh" # ticks, hz, median
source "$root/bench/lib/service.sh"         # start_service, svc
base=localhost/hoist-bench/busybox:latest
examples/busybox-rootfs.sh > "$out/busybox.tar"
names=(this other)
roots=("$root" "$other")
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
for i in 0 1; do
  home="$out/home-${names[$i]}"
  sock="$out/${names[$i]}.sock"
  HOIST_HOME="$home" "${roots[$i]}/hoist" import "$out/busybox.tar" "$base" >/dev/null
  HOIST_HOME="$home" start_service "$sock" "$out/service-${names[$i]}.log" "${roots[$i]}/hoist"
  pids+=("$svc")
done

for i in 0 1; do
  for _ in $(seq 1 "${WARMUP:-20}"); do
    DOCKER_HOST="unix://$out/${names[$i]}.sock" docker run --rm "$@" "$base" true >/dev/null
  done
done
declare -A walls cpus service
for i in 0 1; do service[$i]=0; done
for n in $(seq 1 "$runs"); do
  for i in $( ((n % 2)) && echo 0 1 || echo 1 0); do # each build first in every other pair
    t0=$(ticks "${pids[$i]}")
    s0=$(date +%s%N)
    DOCKER_HOST="unix://$out/${names[$i]}.sock" /usr/bin/time -f "%U %S" -o "$out/time.txt" \
      docker run --rm "$@" "$base" true >/dev/null
    e0=$(date +%s%N)
    t1=$(ticks "${pids[$i]}")
    walls[$i]+="$(echo "($e0 - $s0) / 1000000000" | bc -l) "
    cpus[$i]+="$(awk '{print $1 + $2}' "$out/time.txt") "
    service[$i]=$((service[$i] + t1 - t0))
  done
done
{
  echo "run --rm A/B, $(date -u +%FT%TZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $runs pairs, options: ${*:-none}"
  echo "build            median wall s | client CPU s/run | service CPU s/run"
  for i in 0 1; do
    printf '%-6s %s  %.3f %.3f %.3f\n' "${names[$i]}" "$(git -C "${roots[$i]}" rev-parse --short HEAD 2>/dev/null || echo "${roots[$i]}")" \
      "$(printf '%s\n' ${walls[$i]} | median)" \
      "$(printf '%s\n' ${cpus[$i]} | awk '{s += $1} END {print s / NR}')" \
      "$(echo "${service[$i]} / $hz / $runs" | bc -l)"
  done
} | tee "$out/summary.txt"
