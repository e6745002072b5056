#!/usr/bin/env bash
# Runtime start cost (see bench/README.md, "Runtime"): hoist-shim against runc on the same
# one-layer busybox image, each running /bin/true, from the start of the runtime's process to the
# container's exit (the cost of /bin/true itself is negligible).
#   - hoist-shim CONFIG: new pid/mount/uts/ipc/network namespaces, overlay root mounted,
#     /proc /sys /dev, masked paths, pivot_root, capabilities, joins pre-made cgroups (hoist's
#     Java side makes those, as it does for every container).
#   - runc run: a bundle prepared ahead (`runc spec` defaults: the same namespaces, /proc /sys
#     /dev, masked paths, capabilities; runc makes its cgroups) on the same image, whose overlay
#     root is mounted ahead.
# hyperfine -N (no shell), 3 warm-up runs, RUNS measured runs each (default 50), median and
# ratio in bench/results/runtime-summary.txt. Needs root, runc, busybox-static, hyperfine
# (apt-get install -y hyperfine runc busybox-static).
#
# Environment: RUNS (default 50), BENCH_DIR (default /tmp/hoist-runtime-bench).
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
results="$root/bench/results"
mkdir -p "$results"
runs="${RUNS:-50}"
work="${BENCH_DIR:-/tmp/hoist-runtime-bench}"
runc="$(command -v runc || echo /usr/sbin/runc)"
summary="$results/runtime-summary.txt"

[ "$(id -u)" = 0 ] || { echo "bench/runtime.sh needs root" >&2; exit 1; }
command -v hyperfine >/dev/null || { echo "needs hyperfine (apt-get install -y hyperfine)" >&2; exit 1; }
[ -x "$runc" ] || { echo "needs runc (apt-get install -y runc)" >&2; exit 1; }
[ -x /bin/busybox ] || { echo "needs /bin/busybox (apt-get install -y busybox-static)" >&2; exit 1; }

echo "== building the shim" >&2
(cd "$root" && mvn -q -B -pl runtime-shim -am -DskipTests package)
shim="$root/runtime-shim/target/native/hoist-shim"

cleanup() {
  umount "$work/bundle/rootfs" 2>/dev/null || true
  for d in "${cgroups[@]:-}"; do [ -n "$d" ] && rmdir "$d" 2>/dev/null || true; done
}
cgroups=()
trap cleanup EXIT
cleanup
rm -rf "$work"
mkdir -p "$work/lower/bin" "$work/lower/etc" "$work/lower/tmp"
cp /bin/busybox "$work/lower/bin/busybox"
for a in sh true; do ln -s busybox "$work/lower/bin/$a"; done
printf 'root:x:0:0:root:/root:/bin/sh\n' >"$work/lower/etc/passwd"
printf 'root:x:0:\n' >"$work/lower/etc/group"

# The shim's container: what ShimRuntime writes for `true` (network none).
c="$work/shim"
mkdir -p "$c/upper" "$c/work" "$c/rootfs"
printf '127.0.0.1\tlocalhost\n' >"$c/hosts"
printf '# none\n' >"$c/resolv.conf"
printf 'bench\n' >"$c/hostname"
if [ -d /sys/fs/cgroup/memory ]; then     # v1 or hybrid: one directory per controller
  for ctl in memory cpu pids freezer; do
    own="$(awk -F: -v c="$ctl" '{n=split($2,a,","); for(i=1;i<=n;i++) if(a[i]==c) print $3}' /proc/self/cgroup)"
    cgroups+=("/sys/fs/cgroup/$ctl${own%/}/hoist/bench-shim")
  done
else
  cgroups+=("/sys/fs/cgroup/hoist-bench-shim")
fi
{
  printf 'lower=%s\0upper=%s\0work=%s\0rootfs=%s\0' "$work/lower" "$c/upper" "$c/work" "$c/rootfs"
  printf 'arg=/bin/true\0env=PATH=/bin\0cwd=/\0uid=0\0gid=0\0hostname=bench\0network=none\0'
  printf 'readonly=0\0tty=0\0hosts=%s\0resolv=%s\0hostname-file=%s\0' "$c/hosts" "$c/resolv.conf" "$c/hostname"
  for d in "${cgroups[@]}"; do mkdir -p "$d"; printf 'cgroup=%s\0' "$d"; done
} >"$c/shim.conf"

# The runc bundle, prepared ahead.
b="$work/bundle"
mkdir -p "$b/upper" "$b/work" "$b/rootfs" "$work/runc-state"
mount -t overlay overlay -o "lowerdir=$work/lower,upperdir=$b/upper,workdir=$b/work" "$b/rootfs"
(cd "$b" && "$runc" spec)
jq '.process.args = ["/bin/true"] | .process.terminal = false | .root.readonly = false
    | .hostname = "bench"' "$b/config.json" >"$b/config.json.new"
mv "$b/config.json.new" "$b/config.json"

"$shim" "$c/shim.conf" || { echo "the shim cannot run the benchmark container" >&2; exit 1; }
"$runc" --root "$work/runc-state" run --bundle "$b" bench-runc </dev/null \
  || { echo "runc cannot run the benchmark bundle" >&2; exit 1; }

echo "== hyperfine, $runs runs each" >&2
hyperfine -N --warmup 3 --runs "$runs" --export-json "$results/runtime.json" \
  -n hoist-shim "$shim $c/shim.conf" \
  -n "runc run" "$runc --root $work/runc-state run --bundle $b bench-runc" >&2

jq -r '.results | (map({(.command): .median}) | add) as $m
  | "hoist-shim median: \($m["hoist-shim"] * 1000 | . * 10 | round / 10) ms",
    "runc run median:   \($m["runc run"] * 1000 | . * 10 | round / 10) ms",
    "ratio shim/runc:   \($m["hoist-shim"] / $m["runc run"] | . * 100 | round / 100) (target <= 0.5)"' \
  "$results/runtime.json" | tee "$summary"
echo "($(nproc) cores, $(uname -r), $("$runc" --version | head -1), $runs runs each, $(date -u '+%Y-%m-%d %H:%M UTC'))" | tee -a "$summary"
