#!/usr/bin/env bash
# The warm service's figures (issue 15, docs/engine-api.md "Figures"), root only:
#   (a) `docker run --rm IMG true` through `hoist system service` (its monitor steps in the
#       service's JVM) vs `hoist run --rm IMG true`: median wall time, and CPU per run (the
#       client's user+sys, plus the service's own for the service);
#   (b) a fully cached `DOCKER_BUILDKIT=0 docker build` of bench/build-ref through the service
#       vs a cached `hoist build -q` vs buildah's cached rebuild (`buildah bud --layers
#       --runtime /usr/sbin/runc`): medians and the ratios to buildah (target <= 0.3);
#   (c) `GET /containers/json?all=1` with C containers (default 50), 20 concurrent keep-alive
#       clients (bench/engine-http/UnixLoad.java): requests/s, p50/p99, the service's RSS idle
#       and after the load.
# Usage: BENCH_RUNS=N bench/warm-service.sh [CONTAINERS]   (N default 15; the machine quiet)
#   WARMUP=M: M warm-up runs per line (default 1); a service started a moment before spends
#   most of its first runs' CPU compiling (the JIT), so WARMUP=20 shows the warm service's CPU.
# Writes bench/results/warm-service/summary.txt.
set -euo pipefail
source "$(dirname "$0")/lib/start.sh"
bench_start warm-service 15 buildah
containers="${1:-50}"
seconds="${SECONDS_PER_RUN:-5}"
[[ $(id -u) == 0 ]] || { echo "bench/warm-service.sh needs root" >&2; exit 1; }
command -v docker >/dev/null || { echo "bench/warm-service.sh needs the docker CLI" >&2; exit 1; }

export HOIST_HOME="$out/home"
sock="$out/hoist.sock"
source "$root/bench/lib/service.sh"    # start_service, stop_service, svc
cleanup() {
  stop_service
  "$root/hoist" ps -a -q 2>/dev/null | xargs -r "$root/hoist" rm -f >/dev/null 2>&1 || true
  # containers-storage's overlay mount of buildah's store (else the next run cannot empty $out)
  awk -v d="$out/" 'index($5, d) == 1 {print $5}' /proc/self/mountinfo | sort -r |
    xargs -r -n1 umount 2>/dev/null || true
}
trap cleanup EXIT

base=localhost/hoist-bench/busybox:latest
examples/busybox-rootfs.sh > "$out/busybox.tar" # the base bench/build.sh builds from
"$root/hoist" import "$out/busybox.tar" "$base" >/dev/null

start_service "$sock"
export DOCKER_HOST="unix://$sock" DOCKER_BUILDKIT=0

source "$root/bench/lib/service-measure.sh"

{
  echo "warm service bench, $(date -u +%FT%TZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $runs runs"
  echo
  echo "(a) run --rm IMG true            median wall s | client CPU s/run | service CPU s/run"
  measure "docker-via-service" docker run --rm "$base" true
  measure "hoist-run" "$root/hoist" run --rm "$base" true

  echo
  echo "(b) fully cached build of bench/build-ref   median wall s | client CPU | service CPU"
  ctx="$out/context"
  mkdir -p "$ctx/data" "$ctx/src"
  for i in $(seq -w 0 49); do head -c 1048576 /dev/urandom > "$ctx/data/part-$i"; done
  for i in $(seq 1 20); do echo "source $i" > "$ctx/src/file-$i.txt"; done
  echo "main 0" > "$ctx/src/main.txt"
  cp "$root/bench/build-ref/Dockerfile" "$ctx/Dockerfile"
  bstore=(--root "$out/buildah-root" --runroot "$out/buildah-runroot" --storage-driver overlay)
  skopeo copy -q "oci:$HOIST_HOME:$base" \
    "containers-storage:[overlay@$out/buildah-root+$out/buildah-runroot]$base"
  measure "docker-build-via-service" docker build -q -t bench:svc "$ctx"
  measure "hoist-build" "$root/hoist" build -q -t bench:cli "$ctx"
  measure "buildah-bud" buildah "${bstore[@]}" bud -q --layers --runtime /usr/sbin/runc \
    --pull=never --network=host -t bench:latest "$ctx"

  echo
  echo "(c) GET /containers/json?all=1, $containers containers, 20 clients, ${seconds}s"
  # created through the service (a CLI JVM each would take longer than the bench)
  for i in $(seq 1 "$containers"); do docker create --name "c$i" "$base" true >/dev/null; done
  sleep 2
  echo "service RSS idle: $(awk '/VmRSS/ {print $2}' "/proc/$svc/status") KiB"
  java "$root/bench/engine-http/UnixLoad.java" "$sock" "/containers/json?all=1" 20 2 >/dev/null
  java "$root/bench/engine-http/UnixLoad.java" "$sock" "/containers/json?all=1" 20 "$seconds" &
  load=$!
  sleep "$(echo "$seconds / 2" | bc -l)"
  echo "service RSS under load: $(awk '/VmRSS/ {print $2}' "/proc/$svc/status") KiB"
  wait "$load"
  echo "service RSS after the load: $(awk '/VmRSS/ {print $2}' "/proc/$svc/status") KiB"
} | tee "$out/summary.txt"

awk '/^docker-via-service|^hoist-run/ {w[$1] = $2} /^docker-build-via-service|^hoist-build|^buildah-bud/ {w[$1] = $2}
  END {
    printf "\nrun --rm: service %.3f s vs hoist run %.3f s (target < 0.1 s)\n", w["docker-via-service"], w["hoist-run"]
    if (w["buildah-bud"] > 0) printf "cached build: service %.2fx, hoist build %.2fx of buildah (target <= 0.3x)\n", w["docker-build-via-service"] / w["buildah-bud"], w["hoist-build"] / w["buildah-bud"]
  }' "$out/summary.txt" | tee -a "$out/summary.txt"
