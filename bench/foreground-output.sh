#!/usr/bin/env bash
# Large output through a foreground `hoist run` (bench/README.md, "Containers"): the time of
#   ./hoist run --rm IMAGE sh -c 'head -c SIZE /dev/zero'            (no newline: 16 KiB records)
#   ./hoist run --rm IMAGE sh -c 'yes 0123456789abcdef | head -c SIZE' (17-byte lines)
# with hoist's stdout on /dev/null and on a file, median of RUNS runs each. The foreground run
# keeps the output in the container's json-file log too (as Docker does): run it against two
# checkouts to compare, e.g. HOIST=/tmp/before/hoist bench/foreground-output.sh.
# Needs root and a static /bin/busybox (busybox-static).
#
# Environment:
#   HOIST      the launcher to measure (default: this checkout's ./hoist)
#   SIZE       bytes of output, as head -c takes it (default 200m)
#   RUNS       runs per case (default 5)
#   BENCH_DIR  where the home goes (default /tmp/hoist-bench-fg-output)
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
hoist="${HOIST:-$root/hoist}"
size="${SIZE:-200m}"
runs="${RUNS:-5}"
work="${BENCH_DIR:-/tmp/hoist-bench-fg-output}"
image=bench:busybox

[[ $(id -u) == 0 ]] || { echo "bench/foreground-output.sh needs root" >&2; exit 1; }
[[ -x /bin/busybox ]] || { echo "needs /bin/busybox (apt-get install busybox-static)" >&2; exit 1; }

export HOIST_HOME="$work/home"
rm -rf "$work"
source "$root/bench/lib/busybox-image.sh"
busybox_rootfs "$work" sh head yes true
"$hoist" import "$work/rootfs.tar" "$image" >/dev/null
"$hoist" run --rm "$image" true

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

measure() { # NAME TARGET COMMAND
  local name=$1 target=$2 cmd=$3 i start end
  local m
  m=$(for ((i = 0; i < runs; i++)); do
    start=$(date +%s.%N)
    "$hoist" run --rm "$image" sh -c "$cmd" >"$target"
    end=$(date +%s.%N)
    echo "$end - $start" | bc
    rm -f "$work/out"
  done | median)
  printf '%-30s %6.2f s (median of %d runs)\n' "$name" "$m" "$runs"
}

echo "hoist: $hoist, output: $size"
measure "zeros -> /dev/null" /dev/null "head -c $size /dev/zero"
measure "zeros -> file" "$work/out" "head -c $size /dev/zero"
measure "17-byte lines -> /dev/null" /dev/null "yes 0123456789abcdef | head -c $size"
measure "17-byte lines -> file" "$work/out" "yes 0123456789abcdef | head -c $size"
rm -rf "$work"
