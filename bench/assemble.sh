#!/usr/bin/env bash
# Image assembly benchmark (see bench/README.md, "Assembly"): a Spring-Boot-sized app image
# (a DEPS_MB dependency directory of jars holding random bytes in deflated zip entries, a
# CLASSES_KB classes directory) assembled on a base and pushed to a local docker-registry, by
# hoist's ImageAssembly (dev.hoist.api) and by Jib core (full jib-core 0.27.2 from Maven Central,
# with its own HTTP client), both in one JVM (bench/assemble-vs-jib), interleaved, each with its
# own caches and repositories. The base (a static busybox) is pushed to the registry first.
#   cold: a fresh layer cache and a fresh repository (median of COLD_RUNS; one untimed push per
#         tool before, so class loading and JIT warm-up are not counted)
#   warm: the same cache and repository, one class file changed before each pair (median of RUNS)
# A fresh registry for the whole run. Work files live on a tmpfs when one can be mounted.
#
# Environment:
#   RUNS        warm runs per tool (default 11)      COLD_RUNS   cold runs per tool (default 3)
#   DEPS_MB     dependency layer in MB (default 60)  CLASSES_KB  classes layer in KB (default 200)
#   COMPRESSIONS  extra hoist-only cold rows, e.g. "gzip-1 gzip-9 zstd-3" (default: that)
#   BENCH_DIR   work directory (default /tmp/hoist-assemble-bench)
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
results="$root/bench/results"
mkdir -p "$results"
runs="${RUNS:-11}"
cold_runs="${COLD_RUNS:-3}"
deps_mb="${DEPS_MB:-60}"
classes_kb="${CLASSES_KB:-200}"
compressions="${COMPRESSIONS-gzip-1 gzip-9 zstd-3}"
work="${BENCH_DIR:-/tmp/hoist-assemble-bench}"
raw="$results/assemble-raw.txt"
summary="$results/assemble-summary.txt"

say() { printf '\n== %s\n' "$*" >&2; }
median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
for tool in docker-registry python3 curl java mvn; do
  command -v "$tool" >/dev/null || { echo "assemble.sh needs $tool" >&2; exit 1; }
done

mkdir -p "$work"
if mountpoint -q "$work" || mount -t tmpfs -o size=4g tmpfs "$work" 2>/dev/null; then
  where="tmpfs"
  cleanup_fs() { umount "$work" 2>/dev/null || true; }
else
  where="disk ($work)"
  cleanup_fs() { :; }
fi
# shellcheck source=lib/registry.sh
source "$root/bench/lib/registry.sh"
trap 'stop_registry; cleanup_fs' EXIT

say "building hoist (mvn package, no install) and the driver"
(cd "$root" && mvn -q -B -DskipTests package -pl cli -am)
(cd "$root" && mvn -q -B -f bench/assemble-vs-jib/pom.xml -Dhoist.jar="$root/cli/target/hoist.jar" package)

rm -rf "${work:?}"/run
mkdir -p "$work/run"
start_registry
say "registry on 127.0.0.1:$reg_port; $deps_mb MB of jars, $classes_kb KB of classes"
java -cp "$root/cli/target/hoist.jar:$root/bench/assemble-vs-jib/target/assemble-vs-jib.jar" \
  dev.hoist.bench.AssembleVsJib "127.0.0.1:$reg_port" "$work/run" "$runs" "$cold_runs" \
  "$deps_mb" "$classes_kb" | tee "$raw" >&2
for c in $compressions; do
  stop_registry
  start_registry
  rm -rf "${work:?}"/run && mkdir -p "$work/run"
  say "hoist cold with $c"
  java -cp "$root/cli/target/hoist.jar:$root/bench/assemble-vs-jib/target/assemble-vs-jib.jar" \
    dev.hoist.bench.AssembleVsJib "127.0.0.1:$reg_port" "$work/run" 0 "$cold_runs" \
    "$deps_mb" "$classes_kb" "$c" | grep '^hoist cold' | sed "s/^hoist cold/hoist-$c cold/" \
    | tee -a "$raw" >&2
done

med() { awk -v t="$1" -v p="$2" '$1 == t && $2 == p {print $3}' "$raw" | median; }
hc=$(med hoist cold); jc=$(med jib cold); hw=$(med hoist warm); jw=$(med jib warm)
{
  echo "assembly benchmark: $(date -u +%FT%TZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), work on $where"
  echo "app: $deps_mb MB of jars (random bytes in zip entries) + $classes_kb KB of classes on a busybox base,"
  echo "pushed to docker-registry on 127.0.0.1, in one JVM; medians of $cold_runs cold and $runs warm runs, interleaved"
  printf '%-34s %7s ms\n' "hoist ImageAssembly cold" "$hc"
  printf '%-34s %7s ms\n' "Jib core cold" "$jc"
  printf '%-34s %7s\n' "ratio cold" "$(echo "scale=2; $hc / $jc" | bc)"
  printf '%-34s %7s ms\n' "hoist ImageAssembly warm" "$hw"
  printf '%-34s %7s ms\n' "Jib core warm" "$jw"
  printf '%-34s %7s     (target <= 1.00)\n' "ratio warm" "$(echo "scale=2; $hw / $jw" | bc)"
  for c in $compressions; do
    printf '%-34s %7s ms\n' "hoist cold, $c" "$(med "hoist-$c" cold)"
  done
} | tee "$summary"
