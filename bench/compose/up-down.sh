#!/usr/bin/env bash
# hoist compose (issue 16): `up -d` of a 5-service project (busybox services, one network, one
# volume) and `down -v -t 1`, against Debian's docker-compose 1.29 driving hoist's Engine API
# service (`hoist system service` on a UNIX socket, DOCKER_HOST=unix://…) on the same file and
# the same store; with RUNS=1 also against the same five containers made by `hoist network
# create`, `hoist volume create` and five `hoist run -d` in a row, then removed (`stop -t 1`
# and `rm` each, `network rm`, `volume rm`). Interleaved rounds; medians of wall time and of
# CPU time, and the ratio docker-compose / hoist compose. CPU time: with cgroup v1's cpuacct
# (root), the bench and everything it starts (the service, the monitors, step JVMs, hoist-net)
# run in a cpuacct cgroup of their own and a command's CPU is the group's usage around it:
# all it cost, also in processes that outlive it (a container's monitor and the JVM it started
# for a step) and in the service; without it, user+sys of the command and its waited-for
# children (/usr/bin/time) plus, for docker-compose, the service's JVM's own (its /proc stat),
# which misses the monitors' step JVMs. The machine's load makes wall time indicative only:
# rerun on a quiet machine.
# Needs root, busybox-static, /usr/bin/time, docker-compose, curl. Environment: ROUNDS (default
# 5), RUNS (1: also the `hoist run -d` rounds), BENCH_DIR, HOIST (default: this tree's ./hoist;
# a copy keeps a rebuild of the tree out of the run), BASELINE (another hoist, e.g. a copy of
# an older build: its `compose up -d` and `down` rounds alternate with the others', as
# base-up and base-down).
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
source "$root/bench/lib/busybox-image.sh"
rounds="${ROUNDS:-5}"
work="${BENCH_DIR:-/tmp/hoist-bench-compose}"
hoist="${HOIST:-$root/hoist}"
results="$root/bench/results"
mkdir -p "$results"

[[ $(id -u) == 0 ]] || { echo "bench/compose/up-down.sh needs root" >&2; exit 1; }
[[ -x /usr/bin/time ]] || { echo "bench/compose/up-down.sh needs /usr/bin/time" >&2; exit 1; }
command -v docker-compose >/dev/null || { echo "bench/compose/up-down.sh needs docker-compose" >&2; exit 1; }

export HOIST_HOME="$work/home"
rm -rf "$work"
mkdir -p "$work/app"
busybox_rootfs "$work" sh sleep httpd true
"$hoist" import "$work/rootfs.tar" bench:compose >/dev/null

# the Engine API service docker-compose talks to, over the same store
sock="$work/hoist.sock"
service_pid=
# the cpuacct cgroup the bench runs in (none: CPU from /usr/bin/time and /proc)
cpu_group=
own_group=
if [[ -f /sys/fs/cgroup/cpuacct/cpuacct.usage ]]; then
  own_group="/sys/fs/cgroup/cpuacct$(awk -F: '$2 ~ /(^|,)cpuacct(,|$)/ {print $3}' /proc/self/cgroup)"
  cpu_group="${own_group%/}/hoist-bench-compose-$$"
  mkdir "$cpu_group"
  echo $$ >"$cpu_group/cgroup.procs"
fi
cleanup() {
  [[ -n $service_pid ]] && kill "$service_pid" 2>/dev/null || true
  if [[ -n $cpu_group ]]; then
    [[ -n $service_pid ]] && wait "$service_pid" 2>/dev/null || true
    # what is left in it (this shell) back where it came from, then the group and what hoist
    # made below it removed
    local pid
    while read -r pid; do
      echo "$pid" >"$own_group/cgroup.procs" 2>/dev/null || true
    done < <(find "$cpu_group" -name cgroup.procs -exec cat {} + 2>/dev/null)
    find "$cpu_group" -depth -type d -exec rmdir {} + 2>/dev/null || true
  fi
}
trap cleanup EXIT
"$hoist" system service --time 0 "unix://$sock" 2>"$work/service.log" &
service_pid=$!
until curl -sf --unix-socket "$sock" http://x/_ping >/dev/null 2>&1; do
  kill -0 "$service_pid" 2>/dev/null || { cat "$work/service.log" >&2; exit 1; }
  sleep 0.05
done
mkdir -p "$work/docker-config"
echo '{}' >"$work/docker-config/config.json"

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

# CPU seconds (user+sys) the service's JVM has used so far
service_cpu() {
  awk -v hz="$(getconf CLK_TCK)" '{printf "%.3f", ($14 + $15) / hz}' "/proc/$service_pid/stat"
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
# the CPU seconds the bench's cgroup has used so far
group_cpu() {
  awk '{printf "%.3f", $1 / 1e9}' "$cpu_group/cpuacct.usage"
}
# `measure FILE CMD…`: appends "wall cpu" of CMD to FILE
measure() {
  local file=$1 before
  shift
  if [[ -n $cpu_group ]]; then
    before=$(group_cpu)
    /usr/bin/time -f '%e' -o "$work/time" "$@" >/dev/null 2>&1
    awk -v b="$before" -v a="$(group_cpu)" '{printf "%.3f %.3f\n", $1, a - b}' \
      "$work/time" >>"$file"
    return
  fi
  /usr/bin/time -f '%e %U %S' -o "$work/time" "$@" >/dev/null 2>&1
  awk '{printf "%.3f %.3f\n", $1, $2 + $3}' "$work/time" >>"$file"
}
# `measure_service FILE CMD…`: as measure, CMD's CPU time plus the service's meanwhile
measure_service() {
  local file=$1 before
  shift
  if [[ -n $cpu_group ]]; then
    measure "$file" "$@" # the service is in the group
    return
  fi
  before=$(service_cpu)
  /usr/bin/time -f '%e %U %S' -o "$work/time" "$@" >/dev/null 2>&1
  awk -v b="$before" -v a="$(service_cpu)" '{printf "%.3f %.3f\n", $1, $2 + $3 + a - b}' \
    "$work/time" >>"$file"
}
compose_round() {
  measure "$work/compose-up" "$hoist" compose -f "$work/app/compose.yaml" -p bench up -d
  measure "$work/compose-down" "$hoist" compose -f "$work/app/compose.yaml" -p bench down -v -t 1
}
base_round() {
  measure "$work/base-up" "$BASELINE" compose -f "$work/app/compose.yaml" -p bench up -d
  measure "$work/base-down" "$BASELINE" compose -f "$work/app/compose.yaml" -p bench down -v -t 1
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
dc() {
  DOCKER_HOST="unix://$sock" DOCKER_CONFIG="$work/docker-config" COMPOSE_HTTP_TIMEOUT=300 \
    docker-compose --no-ansi -f "$work/app/compose.yaml" -p benchdc "$@"
}
export -f dc
export sock work
dc_round() {
  measure_service "$work/dc-up" bash -c 'dc up -d'
  measure_service "$work/dc-down" bash -c 'dc down -v -t 1'
}
export -f runs_up runs_down
export hoist
runs_round() {
  measure "$work/runs-up" bash -c runs_up
  measure "$work/runs-down" bash -c runs_down
}

kinds=(compose-up dc-up compose-down dc-down)
[[ -n ${BASELINE:-} ]] && kinds+=(base-up base-down)
[[ ${RUNS:-0} == 1 ]] && kinds+=(runs-up runs-down)
all_rounds() {
  compose_round
  dc_round
  [[ -n ${BASELINE:-} ]] && base_round
  [[ ${RUNS:-0} == 1 ]] && runs_round
  return 0
}
# warm-up (class data, page cache, the service's JIT), not counted
all_rounds
for k in "${kinds[@]}"; do : >"$work/$k"; done
for _ in $(seq "$rounds"); do
  all_rounds
done

{
  echo "hoist compose: 5 busybox services, 1 network, 1 volume; $rounds rounds, medians (s);" \
    "$(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg)"
  printf '%-34s %8s %8s\n' "" wall cpu
  for k in "${kinds[@]}"; do
    printf '%-34s %8s %8s\n' "$k" "$(cut -d' ' -f1 "$work/$k" | median)" \
      "$(cut -d' ' -f2 "$work/$k" | median)"
  done
  for op in up down; do
    printf '%-34s %8s %8s\n' "ratio dc-$op / compose-$op" \
      "$(awk -v a="$(cut -d' ' -f1 "$work/dc-$op" | median)" \
        -v b="$(cut -d' ' -f1 "$work/compose-$op" | median)" 'BEGIN {printf "%.2f", a / b}')" \
      "$(awk -v a="$(cut -d' ' -f2 "$work/dc-$op" | median)" \
        -v b="$(cut -d' ' -f2 "$work/compose-$op" | median)" 'BEGIN {printf "%.2f", a / b}')"
  done
  echo "dc: docker-compose $(docker-compose version --short) through hoist system service;" \
    "its CPU includes the service's"
  [[ -n ${BASELINE:-} ]] && echo "base: hoist compose of $BASELINE"
  if [[ -n $cpu_group ]]; then
    echo "cpu: the cpuacct cgroup usage (every process a command caused, the service too)"
  else
    echo "cpu: /usr/bin/time (user+sys of the command and its waited-for children), dc: + the service JVM"
  fi
} | tee "$results/compose-summary.txt"
