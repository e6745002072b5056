#!/usr/bin/env bash
# Detached containers under the native monitor (docs/containers.md, "Foreground and detached"):
# starts N (default 50) containers with `hoist run -d IMAGE sleep 3600` on the default bridge,
# one after the other, and reports
#   - the time to start all N (each run -d returns once its container runs),
#   - hoist's resident memory per idle container, VmRSS from /proc, median and sum over N: the
#     monitor and the runtime process (the outer shim, or runc run), and with the container's
#     init (the inner shim) too (the container's own `sleep` is not counted),
#   - whether any JVM is left beside them (there should be none),
# then removes them (rm -f). Usage: bench/detached.sh [N]   (root, /bin/busybox)
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
results="$root/bench/results"
mkdir -p "$results"
n="${1:-50}"
runtime="${RUNTIME:-hoist}"
work="${BENCH_DIR:-/tmp/hoist-bench-detached}"
hoist="$root/hoist"
image=bench:busybox
summary="$results/detached-summary.txt"

say() { printf '\n== %s\n' "$*" >&2; }
[[ $(id -u) == 0 ]] || { echo "bench/detached.sh needs root (namespaces, overlayfs)" >&2; exit 1; }
[[ -x /bin/busybox ]] || { echo "bench/detached.sh needs /bin/busybox (apt-get install busybox-static)" >&2; exit 1; }

export HOIST_HOME="$work/home"
if [[ -d $HOIST_HOME/containers ]]; then
  "$hoist" ps -a -q | xargs -r "$hoist" rm -f >/dev/null 2>&1 || true
fi
rm -rf "$work"
source "$root/bench/lib/busybox-image.sh"
busybox_rootfs "$work" sh sleep true

say "building hoist when needed, importing $image"
"$hoist" version >/dev/null
"$hoist" import "$work/rootfs.tar" "$image" >/dev/null
"$hoist" run --rm "$image" true # unpacks the layer

say "starting $n detached containers (--runtime $runtime), one after the other"
start=$(date +%s.%N)
for ((i = 0; i < n; i++)); do
  "$hoist" run -d --runtime "$runtime" "$image" sleep 3600 >/dev/null
done
end=$(date +%s.%N)
elapsed=$(echo "$end - $start" | bc)
sleep 2 # the last start steps' JVMs exit

rss() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
: >"$work/rss.txt"
: >"$work/rss-init.txt"
running=0
for dir in "$HOIST_HOME"/containers/*/; do
  state="$dir/state.json"
  [[ -f $state ]] || continue
  monitor=$(jq -r '.waiterPid' "$state")
  shim=$(jq -r '.pid' "$state")
  [[ $(jq -r '.status' "$state") == running ]] && running=$((running + 1))
  kb=$(( $(rss "$monitor") + $(rss "$shim") ))
  echo "$kb" >>"$work/rss.txt"
  for child in $(pgrep -P "$shim" || true); do # the container's init (the inner shim)
    kb=$((kb + $(rss "$child")))
  done
  echo "$kb" >>"$work/rss-init.txt"
done
median() { sort -n "$1" | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
sum() { awk '{s+=$1} END {print s}' "$1"; }
median=$(median "$work/rss.txt")
total=$(sum "$work/rss.txt")
median_init=$(median "$work/rss-init.txt")
total_init=$(sum "$work/rss-init.txt")
jvms=$(pgrep -f "MonitorStep $HOIST_HOME" | wc -l || true)
load=$(cut -d' ' -f1-3 /proc/loadavg)

{
  echo "bench/detached.sh $(date -u +%FT%TZ) $(git -C "$root" rev-parse --short HEAD) runtime=$runtime"
  echo "  containers running:            $running of $n"
  echo "  time to start $n (run -d each): ${elapsed} s"
  echo "  RSS per container, monitor + runtime process, median: ${median} KiB (sum of $n: $((total / 1024)) MiB)"
  echo "  RSS per container, with the container's init too, median: ${median_init} KiB (sum of $n: $((total_init / 1024)) MiB)"
  echo "  JVMs left beside them:         $jvms"
  echo "  load average (1 5 15 min):     $load"
} | tee "$summary"

say "removing them"
"$hoist" ps -a -q | xargs -r "$hoist" rm -f >/dev/null
