#!/usr/bin/env bash
# Detached containers under the native monitor (docs/containers.md, "Foreground and detached"):
# starts N (default 25) containers with `hoist run -d IMAGE sleep 3600` on the default bridge,
# one after the other, then N more with `hoist run -d --init …`, and reports for each group
#   - the time to start all N (each run -d returns once its container runs), wall and CPU (user
#     and system of the `hoist run -d` processes; the monitors' start-step JVMs are not their
#     children and are not counted),
#   - hoist's resident memory per idle container, VmRSS from /proc, median and sum over N:
#     default (no init, the command is PID 1): the monitor and the runtime process (the outer
#     shim, or runc run); --init: those and the container's init (the inner shim); the
#     container's own `sleep` is never counted,
#   - whether any JVM is left beside them (there should be none),
# then removes them (rm -f). Usage: bench/detached.sh [N]   (root, /bin/busybox)
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
results="$root/bench/results"
mkdir -p "$results"
n="${1:-25}"
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

rss() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
median() { sort -n "$1" | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
sum() { awk '{s+=$1} END {print s}' "$1"; }

# start_group LABEL [FLAG…]: N containers run -d with FLAGs, labelled LABEL; their IDs in
# $work/LABEL.ids, wall and CPU seconds in $work/LABEL.time ("wall user sys")
start_group() {
  local label=$1
  shift
  say "starting $n detached containers ($label, --runtime $runtime), one after the other"
  local TIMEFORMAT='%R %U %S'
  { time for ((i = 0; i < n; i++)); do
      "$hoist" run -d --runtime "$runtime" "$@" "$image" sleep 3600 >>"$work/$label.ids"
    done; } 2>"$work/$label.time"
}

# measure_group LABEL: RSS per container of the group in $work/LABEL.rss (KiB each), monitor +
# runtime process, plus the runtime process's children when the group runs an init (the inner
# shim; without one the child is the container's sleep, which is not counted)
measure_group() {
  local label=$1 with_init=$2 id state monitor shim kb child
  : >"$work/$label.rss"
  while read -r id; do
    state="$HOIST_HOME/containers/$id/state.json"
    [[ -f $state ]] || continue
    [[ $(jq -r '.status' "$state") == running ]] && running=$((running + 1))
    monitor=$(jq -r '.waiterPid' "$state")
    shim=$(jq -r '.pid' "$state")
    kb=$(( $(rss "$monitor") + $(rss "$shim") ))
    if [[ $with_init == yes ]]; then
      for child in $(pgrep -P "$shim" || true); do
        kb=$((kb + $(rss "$child")))
      done
    fi
    echo "$kb" >>"$work/$label.rss"
  done <"$work/$label.ids"
}

start_group default
start_group init --init
sleep 2 # the last start steps' JVMs exit
running=0
measure_group default no
measure_group init yes
jvms=$(pgrep -f "MonitorStep $HOIST_HOME" | wc -l || true)
load=$(cut -d' ' -f1-3 /proc/loadavg)

line() { # line LABEL WHAT
  local t
  read -r -a t <"$work/$1.time"
  printf '  %-52s start %d (run -d each): %s s wall, CPU %s s user + %s s sys; RSS per container: median %s KiB (sum of %d: %d MiB)\n' \
    "$2" "$n" "${t[0]}" "${t[1]}" "${t[2]}" "$(median "$work/$1.rss")" "$n" \
    $(( $(sum "$work/$1.rss") / 1024 ))
}
{
  echo "bench/detached.sh $(date -u +%FT%TZ) $(git -C "$root" rev-parse --short HEAD) runtime=$runtime"
  echo "  containers running:            $running of $((2 * n))"
  line default "default (no init): monitor + runtime process"
  line init "--init: monitor + runtime process + the inner shim"
  echo "  JVMs left beside them:         $jvms"
  echo "  load average (1 5 15 min):     $load"
} | tee "$summary"

say "removing them"
"$hoist" ps -a -q | xargs -r "$hoist" rm -f >/dev/null
