#!/usr/bin/env bash
# The Engine API service's HTTP server (docs/engine-api.md, "The HTTP server"): hoist's own
# server on Java 17 UNIX-socket channels against Jetty 12's UnixDomainServerConnector.
#   - start-up: from the JVM's launch until the socket answers GET /_ping,
#   - requests/s and p50/p99 latency of GET /_ping (1 and 8 keep-alive clients) on both,
#   - GET /containers/json with N (default 10) created containers through hoist's service,
#   - resident memory after the load, and the bytes each adds to the program.
# Usage: bench/engine-api.sh [N]   (root, /bin/busybox; Jetty's jars from ~/.m2: fetch them with
#   mvn dependency:get -Dartifact=org.eclipse.jetty:jetty-unixdomain-server:12.1.14)
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
results="$root/bench/results"
mkdir -p "$results"
n="${1:-10}"
seconds="${SECONDS_PER_RUN:-5}"
work="${BENCH_DIR:-/tmp/hoist-bench-engine}"
hoist="$root/hoist"
summary="$results/engine-api-summary.txt"
m2="$HOME/.m2/repository"
jetty_version=12.1.14

say() { printf '\n== %s\n' "$*" >&2; }
[[ $(id -u) == 0 ]] || { echo "bench/engine-api.sh needs root (namespaces, overlayfs)" >&2; exit 1; }
[[ -x /bin/busybox ]] || { echo "bench/engine-api.sh needs /bin/busybox" >&2; exit 1; }

export HOIST_HOME="$work/home"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  if [[ -d $HOIST_HOME/containers ]]; then
    "$hoist" ps -a -q | xargs -r "$hoist" rm -f >/dev/null 2>&1 || true
  fi
}
trap cleanup EXIT
rm -rf "$work"
mkdir -p "$work/rootfs/bin"
cp /bin/busybox "$work/rootfs/bin/"
ln -s busybox "$work/rootfs/bin/sh"
tar -C "$work/rootfs" -cf "$work/rootfs.tar" .
"$hoist" import "$work/rootfs.tar" bench:busybox >/dev/null
say "creating $n containers"
for i in $(seq 1 "$n"); do "$hoist" create --name "c$i" bench:busybox true >/dev/null; done

# waits until SOCKET answers /_ping; prints the milliseconds since START (ns)
ready_after() {
  local socket=$1 start=$2
  until curl -sf --unix-socket "$socket" http://x/_ping >/dev/null 2>&1; do sleep 0.005; done
  echo $(( ($(date +%s%N) - start) / 1000000 ))
}
rss_kib() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
load() { java "$root/bench/engine-http/UnixLoad.java" "$@"; }

{
  echo "engine-api bench, $(date -u +%FT%TZ), $(nproc) cores (shared), $n containers"
  say "hoist system service"
  sock="$work/hoist.sock"
  start=$(date +%s%N)
  "$hoist" system service --time 0 "unix://$sock" 2>"$work/service.log" &
  pids+=($!)
  echo "hoist start-up to first /_ping: $(ready_after "$sock" "$start") ms (launcher script included)"
  svc=$(pgrep -f "system service --time 0 unix://$sock" | head -1)
  load "$sock" /_ping 8 3 >/dev/null # warm-up
  load "$sock" /containers/json?all=1 8 3 >/dev/null
  load "$sock" /_ping 1 "$seconds"
  load "$sock" /_ping 8 "$seconds"
  load "$sock" /containers/json?all=1 1 "$seconds"
  load "$sock" /containers/json?all=1 8 "$seconds"
  echo "hoist service RSS after the load: $(rss_kib "$svc") KiB"
  engine_bytes=$(unzip -l "$root/cli/target/hoist.jar" 'dev/hoist/internal/engine/*' | tail -1 | awk '{print $1}')
  echo "hoist's server and routes: $engine_bytes bytes of classes in hoist.jar, no dependency added"

  say "Jetty $jetty_version"
  cp=""
  for a in jetty-server jetty-http jetty-io jetty-util jetty-unixdomain-server; do
    cp="$cp:$m2/org/eclipse/jetty/$a/$jetty_version/$a-$jetty_version.jar"
  done
  cp="$cp:$(ls "$m2"/org/slf4j/slf4j-api/2.0.17/slf4j-api-2.0.17.jar)"
  jsock="$work/jetty.sock"
  # compiled first, so that the start-up measured is the server's, not javac's
  mkdir -p "$work/jetty-classes"
  javac -d "$work/jetty-classes" -cp "${cp#:}" "$root/bench/engine-http/JettyPing.java"
  start=$(date +%s%N)
  java -cp "${cp#:}:$work/jetty-classes" JettyPing "$jsock" 2>"$work/jetty.log" &
  jpid=$!
  pids+=($jpid)
  echo "jetty start-up to first /_ping: $(ready_after "$jsock" "$start") ms (java directly)"
  load "$jsock" /_ping 8 3 >/dev/null
  load "$jsock" /_ping 1 "$seconds"
  load "$jsock" /_ping 8 "$seconds"
  echo "jetty RSS after the load: $(rss_kib "$jpid") KiB"
  jbytes=0
  for j in ${cp//:/ }; do jbytes=$((jbytes + $(stat -c %s "$j"))); done
  echo "jetty jars (server, http, io, util, unixdomain-server, slf4j-api): $jbytes bytes"
} | tee "$summary"
