#!/usr/bin/env bash
# The cost of Docker's default seccomp profile (docs/runtime-shim.md, "Seccomp"): `hoist run --rm
# IMG true` with the default profile and with --security-opt seccomp=unconfined, alternating,
# RUNS runs each (default 15); medians of wall and CPU time (user+sys of hoist and its children,
# /usr/bin/time), which on a shared machine is the steadier figure. A one-file busybox image in
# a throw-away HOIST_HOME. Needs root and busybox-static.
#
# Environment: RUNS (default 15), BENCH_DIR (default /tmp/hoist-seccomp-bench).
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
runs="${RUNS:-15}"
work="${BENCH_DIR:-/tmp/hoist-seccomp-bench}"
[ "$(id -u)" = 0 ] || { echo "bench/seccomp.sh needs root" >&2; exit 1; }
[ -x /bin/busybox ] || { echo "needs /bin/busybox (apt-get install -y busybox-static)" >&2; exit 1; }

rm -rf "$work" && mkdir -p "$work/rootfs/bin" "$work/rootfs/tmp"
cp /bin/busybox "$work/rootfs/bin/" && ln -s busybox "$work/rootfs/bin/true"
tar -C "$work/rootfs" -cf "$work/rootfs.tar" .
export HOIST_HOME="$work/home"
"$root/hoist" import "$work/rootfs.tar" bench:seccomp >/dev/null

for _ in $(seq "$runs"); do
  for mode in default unconfined; do
    opt=()
    [ "$mode" = unconfined ] && opt=(--security-opt seccomp=unconfined)
    /usr/bin/time -f "$mode %e %U %S" -o "$work/time" "$root/hoist" run --rm "${opt[@]}" bench:seccomp true
    cat "$work/time"
  done
done > "$work/times"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
for mode in default unconfined; do
  echo "$mode: wall $(awk -v m="$mode" '$1==m {print $2}' "$work/times" | median) s," \
    "CPU $(awk -v m="$mode" '$1==m {print $3+$4}' "$work/times" | median) s (median of $runs)"
done
echo "($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u '+%Y-%m-%d %H:%M UTC'))"
