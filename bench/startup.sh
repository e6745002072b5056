#!/usr/bin/env bash
# Start-up benchmark (root, for the build): how long quick commands take, whole process through
# the launcher, for this tree's ./hoist ("after") and for the code of a git ref ("before",
# default 6791c92: main just before the start-up work of issue 11), with a hello-world JVM
# started with the launcher's flags as the floor. Writes bench/results/startup/summary.txt.
#
#   bench/startup.sh              # before = 6791c92
#   bench/startup.sh REF          # before = REF (built in bench/results/startup/before)
#   BENCH_RUNS=31 bench/startup.sh
#
# Each round runs every variant once, in turn (interleaved), so that load from other processes
# on the machine falls on before, after and the floor alike. Reported: the median wall time
# (and min, max) of the runs, and the mean CPU time (user + sys of the process tree, from the
# shell's child times; 10 ms ticks, averaged over the runs).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
out="$root/bench/results/startup"
runs="${BENCH_RUNS:-21}"
ref="${1:-6791c92}"
commit="$(git rev-parse --verify "$ref^{commit}")"
mkdir -p "$out"

# the before tree: REF's files, built by its own launcher (kept between runs of the same commit)
before="$out/before"
if [[ "$(cat "$before/.commit" 2>/dev/null)" != "$commit" ]]; then
  rm -rf "$before"
  mkdir -p "$before"
  git archive "$commit" | tar -x -C "$before"
  echo "$commit" > "$before/.commit"
fi
echo "building before ($commit) and after (this tree) when needed..." >&2
"$before/hoist" --version >/dev/null
"$root/hoist" --version >/dev/null

# the floor: a hello-world class on the JDK's own class-data archive, with the quick commands'
# flags of the launcher
mkdir -p "$out/floor"
cat > "$out/floor/Hello.java" <<'EOF'
public class Hello {
  public static void main(String[] args) {
    System.out.println("hello");
  }
}
EOF
javac -d "$out/floor" "$out/floor/Hello.java"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
floor=("$java" -XX:+UseSerialGC -XX:-UsePerfData -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off
       -XX:TieredStopAtLevel=1 -cp "$out/floor" Hello)

# stores: an empty one, and one with a few images (four tags of a busybox import and the hello
# example built) per tree
examples/busybox-rootfs.sh > "$out/busybox.tar"
for tree in before after; do
  launcher="$root/hoist"
  [[ $tree == before ]] && launcher="$before/hoist"
  rm -rf "$out/$tree-empty" "$out/$tree-images"
  HOIST_HOME="$out/$tree-empty" "$launcher" images -q >/dev/null
  export HOIST_HOME="$out/$tree-images"
  "$launcher" import "$out/busybox.tar" hoist-examples/busybox:latest >/dev/null
  for i in 1 2 3; do
    "$launcher" tag hoist-examples/busybox:latest "bench/busybox:$i"
  done
  "$launcher" build -q -t hello:latest examples/hello >/dev/null
  unset HOIST_HOME
done

# the variants: name, then the command (run from the repository root)
names=()
commands=()
variant() {
  names+=("$1")
  commands+=("$2")
}
variant floor "${floor[*]}"
for tree in before after; do
  launcher="$root/hoist"
  [[ $tree == before ]] && launcher="$before/hoist"
  variant "$tree version" "$launcher version"
  variant "$tree --version" "$launcher --version"
  variant "$tree images -q, empty store" "env HOIST_HOME=$out/$tree-empty $launcher images -q"
  variant "$tree images -q, 5 images" "env HOIST_HOME=$out/$tree-images $launcher images -q"
  variant "$tree build: first line" \
    "env HOIST_HOME=$out/$tree-images $launcher build --progress plain -t hello:latest examples/hello"
done

# the children's CPU ticks (user + sys) of this shell so far, from /proc (no process started)
cpu_ticks() {
  local stat
  read -r -a stat < /proc/$$/stat
  echo $(( stat[15] + stat[16] ))
}
tick_ms=$(( 1000 / $(getconf CLK_TCK) ))
now_us() { echo "${EPOCHREALTIME/./}"; }

rm -rf "$out/times"
mkdir -p "$out/times"
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
for ((round = 1; round <= runs; round++)); do
  for i in "${!names[@]}"; do
    file="$out/times/$i"
    c0="$(cpu_ticks)"
    start="$(now_us)"
    if [[ ${names[$i]} == *"first line" ]]; then
      # the time until the build's first progress line (stderr), then the whole build
      first="$(${commands[$i]} 2>&1 >/dev/null | { IFS= read -r _; now_us; cat >/dev/null; })"
    else
      ${commands[$i]} >/dev/null 2>&1
      first="$(now_us)"
    fi
    end="$(now_us)"
    c1="$(cpu_ticks)"
    echo "$(( (first - start) / 1000 )) $(( (end - start) / 1000 )) $(( (c1 - c0) * tick_ms ))" >> "$file"
  done
done
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"

# median, min and max of column 1 (ms); mean of column 3 (CPU ms); median of column 2 (whole)
stats() {
  sort -n -k1,1 "$1" | awk '{ t[NR] = $1; cpu += $3 } END {
    printf "%6d ms  (%d - %d)  cpu %4d ms", t[int((NR + 1) / 2)], t[1], t[NR], cpu / NR }'
}
median_of() {
  sort -n -k1,1 "$out/times/$1" | awk '{ t[NR] = $1 } END { print t[int((NR + 1) / 2)] }'
}
whole_median() {
  sort -n -k2,2 "$out/times/$1" | awk '{ t[NR] = $2 } END { print t[int((NR + 1) / 2)] }'
}

{
  echo "start-up benchmark: $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(java -version 2>&1 | head -1)"
  echo "before: $commit; after: this tree ($(git rev-parse --short HEAD)$(git diff --quiet HEAD || echo ', with changes'))"
  echo "$runs rounds, each running every variant once in turn (interleaved); load average $load_before at the start, $load_after at the end"
  echo "wall time: median (min - max) of the runs; cpu: mean user + sys of the process tree"
  for i in "${!names[@]}"; do
    printf '%-34s %s\n' "${names[$i]}" "$(stats "$out/times/$i")"
  done
  f="$(median_of 0)"
  echo "above the floor (median - floor's median), before -> after:"
  n=$(( (${#names[@]} - 1) / 2 ))
  for ((k = 1; k <= n; k++)); do
    b=$(median_of "$k")
    a=$(median_of $(( k + n )))
    label="${names[$k]#before }"
    printf '  %-32s %5d ms -> %5d ms   (median %d -> %d ms)\n' "$label" $(( b - f )) \
      $(( a - f )) "$b" "$a"
  done
  echo "  build: whole cached rebuild, median: $(whole_median "$n") ms -> $(whole_median $(( 2 * n ))) ms"
} | tee "$out/summary.txt"
