#!/usr/bin/env bash
# hoist's Engine API service beside podman's (issue 15's last figure, docs/engine-api.md),
# root only: `docker ps`, `docker images` and `docker create IMG true` through
# `hoist system service` and through `podman system service`, each on its own socket over its
# own store (podman's under bench/results, cgroupfs, file events: nothing of the host's).
# Median wall time over RUNS runs after a warm-up, and CPU per run: the docker CLI's (user+sys)
# and the service's own (its /proc ticks). podman installs itself when missing (apt-get).
# Usage: BENCH_RUNS=N bench/podman-side-by-side.sh   (N default 15; the machine quiet)
# Writes bench/results/podman-side-by-side/summary.txt.
set -euo pipefail
source "$(dirname "$0")/lib/start.sh"
bench_start podman-side-by-side 15 podman
[[ $(id -u) == 0 ]] || { echo "bench/podman-side-by-side.sh needs root" >&2; exit 1; }
command -v docker >/dev/null || { echo "it needs the docker CLI" >&2; exit 1; }
source "$root/bench/lib/service-measure.sh"

export HOIST_HOME="$out/home"
hoist_sock="$out/hoist.sock"
podman_sock="$out/podman.sock"
runroot=$(mktemp -d /tmp/podman-run.XXXXXX) # podman wants a runroot of at most 50 characters
podman=(podman --root "$out/podman-root" --runroot "$runroot" --storage-driver overlay
  --cgroup-manager cgroupfs --events-backend file)
hoist_pid="" podman_pid=""
cleanup() {
  [[ -n $hoist_pid ]] && kill "$hoist_pid" 2>/dev/null || true
  [[ -n $podman_pid ]] && kill "$podman_pid" 2>/dev/null || true
  "$root/hoist" ps -a -q 2>/dev/null | xargs -r "$root/hoist" rm -f >/dev/null 2>&1 || true
  "${podman[@]}" rm -a -f >/dev/null 2>&1 || true
  # the overlay mounts of podman's store (else the next run cannot empty $out)
  awk -v d="$out/" 'index($5, d) == 1 {print $5}' /proc/self/mountinfo | sort -r |
    xargs -r -n1 umount 2>/dev/null || true
  rm -rf "$runroot"
}
trap cleanup EXIT

base=localhost/hoist-bench/busybox:latest
examples/busybox-rootfs.sh > "$out/busybox.tar"
"$root/hoist" import "$out/busybox.tar" "$base" >/dev/null
"${podman[@]}" import -q "$out/busybox.tar" "$base" >/dev/null

"$root/hoist" system service --time 0 "unix://$hoist_sock" 2>"$out/hoist-service.log" &
hoist_pid=$!
"${podman[@]}" system service --time 0 "unix://$podman_sock" 2>"$out/podman-service.log" &
podman_pid=$!
for s in "$hoist_sock" "$podman_sock"; do
  until curl -sf --unix-socket "$s" http://x/_ping >/dev/null 2>&1; do sleep 0.05; done
done
# the launcher execs java, so $hoist_pid is the service's JVM

# `side NAME DOCKER-ARGS…`: the same docker command against each service
side() {
  local name=$1
  shift
  svc=$hoist_pid DOCKER_HOST="unix://$hoist_sock" measure "hoist:$name" docker "$@"
  svc=$podman_pid DOCKER_HOST="unix://$podman_sock" measure "podman:$name" docker "$@"
}
export -n DOCKER_HOST

{
  echo "hoist vs podman services, $(date -u +%FT%TZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $runs runs"
  echo "$(podman --version), $(docker --version)"
  echo
  echo "service:command        median wall s | client CPU s/run | service CPU s/run"
  side ps ps
  side images images
  side create create "$base" true
  echo
  echo "containers made by the create runs: hoist $("$root/hoist" ps -a -q | wc -l)," \
    "podman $("${podman[@]}" ps -a -q | wc -l)"
  echo "service RSS after: hoist $(awk '/VmRSS/ {print $2}' "/proc/$hoist_pid/status") KiB," \
    "podman $(awk '/VmRSS/ {print $2}' "/proc/$podman_pid/status") KiB"
} | tee "$out/summary.txt"
