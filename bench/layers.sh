#!/usr/bin/env bash
# Layer writer benchmarks (see bench/README.md, "Layers"):
#   1. hoist layer write, parallel gzip (all cores)     - LayerWriter, Compression.GZIP
#   2. hoist layer write, single-threaded gzip          - same, threads(1)
#   3. GNU tar + gzip: tar -czf                         - the reference
#   4. extraction: tar -xzf of the hoist layer and of the tar -czf archive
#   5. heap: hoist parallel gzip of a 2 GB tree with -Xmx256m
# Each timing is a whole process (JVM start included for hoist), median of RUNS runs, taken in
# the same session, interleaved, each after a `sync` (dirty pages of the previous step are
# written back before the timing starts). Raw outputs go to bench/results/ (gitignored).
#
# Environment:
#   RUNS        measured runs per benchmark (default 3)
#   BENCH_DIR   where the generated trees and archives go (default /tmp/hoist-bench)
#   LAYER_MB    size of the timed tree in MB (default 500)
#   HEAP_MB     size of the heap-test tree in MB (default 2000; 0 skips the heap test)
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
bench="$root/bench"
results="$bench/results"
mkdir -p "$results"
runs="${RUNS:-3}"
work="${BENCH_DIR:-/tmp/hoist-bench}"
layer_mb="${LAYER_MB:-500}"
heap_mb="${HEAP_MB:-2000}"
mkdir -p "$work"
summary="$results/layers-summary.txt"
raw="$results/layers-raw.txt"
: >"$raw"

say() { printf '\n== %s\n' "$*" >&2; }

say "building layer-cache and bench/layer-bench"
(cd "$root" && mvn -q -B -DskipTests install -pl layer-cache -am)
(cd "$bench/layer-bench" && mvn -q -B package)
jar="$bench/layer-bench/target/layer-bench.jar"

tree="$work/tree-$layer_mb"
say "input tree $tree (generated once)"
java -jar "$jar" gen "$tree" "$layer_mb"

# hoist runs with the JVM options of the ./hoist launcher: the serial collector and a class-data
# archive per command, written here by an untimed training run on a small tree.
java -jar "$jar" gen "$work/tree-train" 20 >/dev/null
jvm=(java -XX:+UseSerialGC -Xlog:cds=off -Xlog:cds+dynamic=off)
rm -f "$work"/train-*.jsa
"${jvm[@]}" -XX:ArchiveClassesAtExit="$work/train-write.jsa" -jar "$jar" write \
  "$work/tree-train" "$work/train.tar.gz" parallel >/dev/null 2>&1 || true
rm -rf "$work/train-x" && mkdir -p "$work/train-x"
"${jvm[@]}" -XX:ArchiveClassesAtExit="$work/train-extract.jsa" -jar "$jar" extract \
  "$work/train.tar.gz" "$work/train-x" >/dev/null 2>&1 || true
rm -rf "$work/train-x"
jvm_for() { # command -> the java command line in the array jvm_cmd
  jvm_cmd=("${jvm[@]}")
  [[ -f "$work/train-$1.jsa" ]] && jvm_cmd+=(-XX:SharedArchiveFile="$work/train-$1.jsa")
  return 0
}
tree_bytes=$(du -sb --apparent-size "$tree" | cut -f1)
tree_files=$(find "$tree" -type f | wc -l)

now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

# --- hoist extraction ----------------------------------------------------------------------
hoist_extract() { # archive, destination -> seconds (whole process)
  rm -rf "$2" && mkdir -p "$2"
  sync
  local t0 t1
  t0=$(now)
  jvm_for extract
  "${jvm_cmd[@]}" -jar "$jar" extract "$1" "$2" >>"$raw.extract"
  t1=$(now)
  echo "$t1 - $t0" | bc
}

tar_extract() { # archive, destination
  rm -rf "$2" && mkdir -p "$2"
  sync # the previous run's dirty pages are written back before, not during, the timing
  local t0 t1
  t0=$(now)
  tar -xzf "$1" -C "$2"
  t1=$(now)
  echo "$t1 - $t0" | bc
}

# Extraction goes to a tmpfs when we can mount one (root), so that both extractors are timed
# on their own work rather than on this VM's disk writeback, which varies by 3x between runs.
xdest="$work/x"
xfs="$work/xfs"
mkdir -p "$xfs"
if mountpoint -q "$xfs" || mount -t tmpfs -o size=4g tmpfs "$xfs" 2>/dev/null; then
  xdest="$xfs/x"
  extract_where="tmpfs"
else
  extract_where="disk ($work)"
fi
trap 'umount "$xfs" 2>/dev/null || true' EXIT

declare -A times
for ((i = 1; i <= runs; i++)); do
  say "run $i of $runs"
  for mode in parallel single; do
    jvm_for write
    sync
    load=$(cut -d' ' -f1 /proc/loadavg)
    t0=$(now)
    line=$(/usr/bin/time -f 'cpu_user=%U cpu_sys=%S' -o "$work/time.txt" \
      "${jvm_cmd[@]}" -jar "$jar" write "$tree" "$work/hoist-$mode.tar.gz" "$mode")
    t1=$(now)
    t=$(echo "$t1 - $t0" | bc)
    echo "hoist-$mode run=$i process_s=$t load1=$load $(cat "$work/time.txt") $line" \
      | tee -a "$raw" >&2
    times[hoist-$mode]+="$t "
  done
  sync
  load=$(cut -d' ' -f1 /proc/loadavg)
  t0=$(now)
  /usr/bin/time -f 'cpu_user=%U cpu_sys=%S' -o "$work/time.txt" \
    tar -C "$tree" -czf "$work/tar.tar.gz" .
  t1=$(now)
  t=$(echo "$t1 - $t0" | bc)
  echo "tar-czf run=$i process_s=$t load1=$load $(cat "$work/time.txt")" | tee -a "$raw" >&2
  times[tar-czf]+="$t "
  t=$(tar_extract "$work/hoist-parallel.tar.gz" "$xdest")
  echo "tar-xzf-hoist run=$i process_s=$t" | tee -a "$raw" >&2
  times[tar-xzf-hoist]+="$t "
  t=$(tar_extract "$work/tar.tar.gz" "$xdest")
  echo "tar-xzf-tar run=$i process_s=$t" | tee -a "$raw" >&2
  times[tar-xzf-tar]+="$t "
  t=$(hoist_extract "$work/hoist-parallel.tar.gz" "$xdest")
  echo "hoist-extract run=$i process_s=$t" | tee -a "$raw" >&2
  times[hoist-extract]+="$t "
done
rm -rf "$xdest"

med() { tr ' ' '\n' <<<"${times[$1]}" | grep . | median | xargs printf '%.2f'; }
tar_bytes=$(awk '/^hoist-parallel/ {print $9; exit}' "$raw")
p=$(med hoist-parallel); s=$(med hoist-single); g=$(med tar-czf)
xh=$(med tar-xzf-hoist); xt=$(med tar-xzf-tar); he=$(med hoist-extract)
mbs() { echo "scale=1; $tar_bytes / 1000000 / $1" | bc; }
ratio() { echo "scale=2; $1 / $2" | bc; }

heap_line="skipped (HEAP_MB=0)"
if [[ $heap_mb != 0 ]]; then
  big="$work/tree-$heap_mb"
  say "heap test: $big with -Xmx256m"
  java -jar "$jar" gen "$big" "$heap_mb"
  jvm_for write
  if line=$("${jvm_cmd[@]}" -Xmx256m -jar "$jar" write "$big" "$work/big.tar.gz" parallel); then
    echo "heap $line" | tee -a "$raw" >&2
    read -r _ hs htar hblob hpeak hlive _ <<<"$line"
    heap_line=$(printf 'succeeded with -Xmx256m: %s bytes of tar -> %s bytes in %s s; peak heap %.0f MiB (sum of heap pool peaks), at most %.0f MiB in use after a GC' \
      "$htar" "$hblob" "$hs" "$(echo "$hpeak / 1048576" | bc -l)" "$(echo "$hlive / 1048576" | bc -l)")
  else
    heap_line="FAILED with -Xmx256m"
  fi
  say "heap test: extracting that layer with -Xmx256m"
  rm -rf "$work/big-x" && mkdir -p "$work/big-x"
  jvm_for extract
  if xline=$("${jvm_cmd[@]}" -Xmx256m -jar "$jar" extract "$work/big.tar.gz" "$work/big-x"); then
    echo "heap $xline" | tee -a "$raw" >&2
    read -r _ xs _ _ xpeak xlive _ <<<"$xline"
    heap_line+=$(printf '; extraction succeeded with -Xmx256m in %s s, peak heap %.0f MiB, at most %.0f MiB in use after a GC' \
      "$xs" "$(echo "$xpeak / 1048576" | bc -l)" "$(echo "$xlive / 1048576" | bc -l)")
  else
    heap_line+="; extraction FAILED with -Xmx256m"
  fi
  rm -rf "$work/big-x" "$work/big.tar.gz"
fi

{
  echo "hoist layer benchmarks, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(java -version 2>&1 | head -1)"
  echo "hoist JVM options (as ./hoist runs): ${jvm[*]:1} + a class-data archive per command"
  echo "extraction into: $extract_where"
  echo "input: $tree: $tree_files files, $tree_bytes bytes; tar stream $tar_bytes bytes; median of $runs runs (whole process)"
  printf '%-40s %8s s  %7s MB/s  %s\n' "hoist write, parallel gzip" "$p" "$(mbs "$p")" "$(stat -c %s "$work/hoist-parallel.tar.gz") bytes"
  printf '%-40s %8s s  %7s MB/s  %s\n' "hoist write, single-threaded gzip" "$s" "$(mbs "$s")" "$(stat -c %s "$work/hoist-single.tar.gz") bytes"
  printf '%-40s %8s s  %7s MB/s  %s\n' "tar -czf (GNU tar + gzip)" "$g" "$(mbs "$g")" "$(stat -c %s "$work/tar.tar.gz") bytes"
  printf '%-40s %8s s  %7s MB/s\n' "tar -xzf of the hoist layer" "$xh" "$(mbs "$xh")"
  printf '%-40s %8s s  %7s MB/s\n' "tar -xzf of the tar -czf archive" "$xt" "$(mbs "$xt")"
  printf '%-40s %8s s  %7s MB/s\n' "hoist extract of the hoist layer" "$he" "$(mbs "$he")"
  echo "ratio hoist extract / tar -xzf (same layer), speed: $(ratio "$xh" "$he")x (target >= 0.8)"
  echo "ratio parallel / single-threaded: $(ratio "$s" "$p")x (target >= 1.7)"
  echo "ratio parallel / tar -czf:        $(ratio "$g" "$p")x (target >= 1)"
  echo "heap: $heap_line"
} | tee "$summary"
