#!/usr/bin/env bash
# Where a `docker run --rm IMG true` through the warm service spends its time (issue 15,
# docs/engine-api.md "Where a run's time goes"), root only: the service started with
# HOIST_TRACE, WARMUP untraced runs (default 15: the JIT), then RUNS traced runs (BENCH_RUNS,
# default 10); prints, per mark of the timing log, the median time since the client started and
# the median time since the mark before it. `--network none` etc.: extra `docker run` options.
# Usage: BENCH_RUNS=N WARMUP=M bench/run-phases.sh [DOCKER-RUN-OPTIONS…]
# Writes bench/results/run-phases/{trace.log,phases.txt}.
set -euo pipefail
source "$(dirname "$0")/lib/start.sh"
bench_start run-phases 10
[[ $(id -u) == 0 ]] || { echo "bench/run-phases.sh needs root" >&2; exit 1; }
command -v docker >/dev/null || { echo "bench/run-phases.sh needs the docker CLI" >&2; exit 1; }
export HOIST_HOME="$out/home"
sock="$out/hoist.sock"
trace="$out/trace.log"
source "$root/bench/lib/service.sh"    # start_service, stop_service, svc
trap stop_service EXIT

base=localhost/hoist-bench/busybox:latest
examples/busybox-rootfs.sh > "$out/busybox.tar"
"$root/hoist" import "$out/busybox.tar" "$base" >/dev/null
HOIST_TRACE="$trace" start_service "$sock"
export DOCKER_HOST="unix://$sock"

for i in $(seq 1 "${WARMUP:-15}"); do docker run --rm "$@" "$base" true; done
: > "$trace"
for i in $(seq 1 "$runs"); do
  echo "$(date +%s.%N) 0 client start" >> "$trace"
  docker run --rm "$@" "$base" true
  echo "$(date +%s.%N) 0 client end" >> "$trace"
done
{
  echo "run phases, $(date -u +%FT%TZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), options: ${*:-none}"
  python3 "$root/bench/lib/trace-phases.py" "$trace"
} | tee "$out/phases.txt"
