#!/usr/bin/env bash
# The cross-compile case of bench/multi-platform.sh, A/B: two hoist launchers (a checkout's
# ./hoist each, e.g. the code before a change and after it) in interleaved rounds, so a loaded
# machine's drift falls on both alike. Per round and launcher: a cold one-platform build, a cold
# two-platform build (fresh HOIST_HOME each) and a cached two-platform rebuild. Root (RUN steps,
# emulation handlers). Usage: BENCH_RUNS=8 bench/cross-compile-ab.sh /path/a/hoist /path/b/hoist
# Prints medians (wall / CPU: user+sys with children) and the median of the rounds' two/one
# ratios; writes bench/results/cross-compile-ab/summary.txt. HOIST_TRACE is passed through.
set -euo pipefail
[[ $# -eq 2 ]] || { echo "usage: $0 LAUNCHER_A LAUNCHER_B" >&2; exit 2; }
launchers=("$(realpath "$1")" "$(realpath "$2")")
source "$(dirname "$0")/lib/start.sh"
bench_start cross-compile-ab 5
work="$out"
source "$root/bench/lib/registry.sh"
source "$root/bench/lib/two-platform-base.sh"   # two_platform_base
trap stop_registry EXIT
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

two_platform_base   # $base, the two-platform busybox index on the registry
cross_compile_context "$out/cross"
for l in "${launchers[@]}"; do "$l" --version >/dev/null; done   # each builds itself if needed

timed() { # $1 label, the rest the command: appends "label wall cpu" to $out/times
  local t
  t=$( { TIMEFORMAT='%R %U %S'; time "${@:2}" >/dev/null 2>"$out/last.err"; } 2>&1 ) \
    || { cat "$out/last.err" >&2; exit 1; }
  awk -v l="$1" '{printf "%s %.2f %.2f\n", l, $1, $2 + $3}' <<<"$t" >> "$out/times"
}
build() { HOIST_HOME="$2" "$1" build -q --platform "$3" -t bench/app:1 "$out/cross"; }
: > "$out/times"
for round in $(seq "$runs"); do
  for n in 0 1; do
    rm -rf "$out/h1" "$out/h2"
    timed "$n-one" build "${launchers[$n]}" "$out/h1" linux/amd64
    timed "$n-two" build "${launchers[$n]}" "$out/h2" linux/amd64,linux/arm64
    timed "$n-cached" build "${launchers[$n]}" "$out/h2" linux/amd64,linux/arm64
  done
done
{
  echo "cross-compile A/B, $runs interleaved rounds, median wall s / CPU s"
  for n in 0 1; do
    echo "${launchers[$n]}"
    for c in one two cached; do
      printf '  %-7s %6s s wall %6s s CPU\n' "$c" \
        "$(awk -v l="$n-$c" '$1==l {print $2}' "$out/times" | median)" \
        "$(awk -v l="$n-$c" '$1==l {print $3}' "$out/times" | median)"
    done
    printf '  two/one, median of the rounds: %sx (target <= 1.2x)\n' "$(awk -v n=$n \
      '$1==n"-one" {o=$2} $1==n"-two" {printf "%.2f\n", $2/o}' "$out/times" | median)"
  done
} | tee "$out/summary.txt"
