#!/usr/bin/env bash
# Runs all of hoist's parser benchmarks in one go and prints a summary (see bench/README.md):
#   1. hoist parse throughput (JMH, one benchmark thread, pinned to one core), MB/s
#   2. dockerfile-ast parse throughput (node) on the same files, MB/s, and the ratio
#   3. the whole `./hoist dockerfile parse` process on bench/data/300-lines.Dockerfile (hyperfine)
# Raw outputs go to bench/results/ (gitignored).
#
# Environment:
#   BENCH_CPU   core to pin the throughput benchmarks to (default 1; "none" to not pin)
#   JMH_ARGS    extra JMH options, e.g. "-prof stack" or "-wi 2 -i 3"
#   NODE_ARGS   extra bench.js options, e.g. "--rounds 5"
#   HYPERFINE_RUNS  measured runs of the process benchmark (default 20; 3 warm-up runs first)
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
bench="$root/bench"
results="$bench/results"
mkdir -p "$results"
cd "$root"

say() { printf '\n== %s\n' "$*" >&2; }

pin=()
cpu="${BENCH_CPU:-1}"
if [[ $cpu != none ]]; then
  if command -v taskset >/dev/null && taskset -c "$cpu" true 2>/dev/null; then
    pin=(taskset -c "$cpu")
  else
    echo "warning: cannot pin to core $cpu (taskset missing or no such core); running unpinned" >&2
    cpu=none
  fi
fi

# ---- corpus -------------------------------------------------------------------------------
corpus_dir="$root/dockerfile-parser/src/test/resources/corpus/valid"
all_list="$results/corpus-all.txt"
list="$results/corpus.txt"
if [[ -d $corpus_dir ]] && [[ -n "$(find "$corpus_dir" -type f -print -quit)" ]]; then
  find "$corpus_dir" -type f | LC_ALL=C sort >"$all_list"
  corpus_source="corpus: ${corpus_dir#"$root"/}"
else
  { find "$root/examples" -type f -name Dockerfile; ls "$bench"/data/*.Dockerfile; } \
    | LC_ALL=C sort >"$all_list"
  corpus_source="FALLBACK (corpus folder ${corpus_dir#"$root"/} empty or missing):"
  corpus_source+=" examples/**/Dockerfile + bench/data/*.Dockerfile"
fi
say "corpus: $corpus_source ($(wc -l <"$all_list") files)"

# ---- build ----------------------------------------------------------------------------------
say "installing dockerfile-parser into the local Maven repository"
mvn -q -B -Dstyle.color=never -DskipTests install -pl dockerfile-parser -am
say "building the JMH benchmarks (bench/parser-jmh)"
(cd "$bench/parser-jmh" && mvn -q -B -Dstyle.color=never -DskipTests package)
jar="$bench/parser-jmh/target/parser-benchmarks.jar"
say "installing dockerfile-ast (npm ci, bench/dockerfile-ast)"
(cd "$bench/dockerfile-ast" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)

# Both parsers get the same files: those hoist parses and resolves (the others are listed).
java -jar "$jar" check "$all_list" "$list" 2> >(tee "$results/corpus-check.txt" >&2)
wait
files=$(wc -l <"$list")
bytes=$(xargs -d '\n' cat <"$list" | wc -c)
[[ $files -gt 0 ]] || { echo "no corpus file parses with hoist" >&2; exit 1; }

# ---- 1. hoist, JMH ---------------------------------------------------------------------------
say "hoist throughput (JMH; pinned to core: $cpu)"
# shellcheck disable=SC2086
"${pin[@]}" java -jar "$jar" run "$list" "$results/hoist-jmh-summary.txt" \
  -rf json -rff "$results/hoist-jmh.json" ${JMH_ARGS:-} | tee "$results/hoist-jmh.txt"

# ---- 2. dockerfile-ast, node -----------------------------------------------------------------
say "dockerfile-ast throughput (node; pinned to core: $cpu)"
# shellcheck disable=SC2086
"${pin[@]}" node "$bench/dockerfile-ast/bench.js" "$list" --out "$results/dockerfile-ast.txt" \
  ${NODE_ARGS:-}

# ---- 3. the hoist process, hyperfine ---------------------------------------------------------
if ! command -v jq >/dev/null; then
  apt-get install -y -q jq >/dev/null 2>&1 \
    || { apt-get update -q >/dev/null && apt-get install -y -q jq >/dev/null; }
fi
if ! command -v hyperfine >/dev/null; then
  say "installing hyperfine (apt-get)"
  apt-get install -y -q hyperfine >/dev/null 2>&1 \
    || { apt-get update -q >/dev/null && apt-get install -y -q hyperfine >/dev/null; }
fi
say "hoist process time (hyperfine; unpinned)"
# the launcher builds the CLI jar and writes its class-data archive on first use: do it now,
# outside the measurement
./hoist dockerfile parse -f bench/data/300-lines.Dockerfile >/dev/null
hyperfine -N --warmup 3 --runs "${HYPERFINE_RUNS:-20}" \
  --export-json "$results/hyperfine.json" \
  "./hoist dockerfile parse -f bench/data/300-lines.Dockerfile" | tee "$results/hyperfine.txt"

# ---- summary ---------------------------------------------------------------------------------
field() { # FILE BENCHMARK -> median_mbps
  sed -n "s/^benchmark=$2 .*median_mbps=\([0-9.]*\).*/\1/p" "$1"
}
hoist_syntax=$(field "$results/hoist-jmh-summary.txt" syntaxParse)
hoist_parse=$(field "$results/hoist-jmh-summary.txt" parse)
hoist_full=$(field "$results/hoist-jmh-summary.txt" parseAndResolveStages)
ast_parse=$(field "$results/dockerfile-ast.txt" parse)
ast_args=$(field "$results/dockerfile-ast.txt" 'parse+args')
proc_median=$(jq '.results[0].median' "$results/hyperfine.json")
proc_mean=$(jq '.results[0].mean' "$results/hyperfine.json")

verdict() { awk -v v="$1" -v t="$2" -v op="$3" \
  'BEGIN { ok = (op == ">=") ? (v >= t) : (v < t); print ok ? "met" : "NOT met" }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

{
  echo "hoist parser benchmarks, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)"
  echo "java: $(java -version 2>&1 | head -1); node: $(node --version)"
  echo "corpus: $corpus_source"
  echo "        $files files, $bytes bytes (list: bench/results/corpus.txt)"
  echo "throughput pinned to core: $cpu; MB = 10^6 bytes; medians of the measured iterations"
  echo
  printf '%-46s %10s\n' "hoist syntax parse (DockerfileSyntax.parse)" "$hoist_syntax MB/s"
  printf '%-46s %10s\n' "hoist parse: syntax + typed (Dockerfile.parse)" "$hoist_parse MB/s"
  printf '%-46s %10s\n' "hoist parse + stages (Dockerfile...stages)" "$hoist_full MB/s"
  printf '%-46s %10s\n' "dockerfile-ast parse (+ count instructions)" "$ast_parse MB/s"
  printf '%-46s %10s\n' "dockerfile-ast parse + getArguments/getFlags" "$ast_args MB/s"
  printf '%-46s %10s\n' "ratio hoist syntax / dockerfile-ast parse" "$(ratio "$hoist_syntax" "$ast_parse")x"
  printf '%-46s %10s\n' "ratio hoist syntax / dockerfile-ast parse+args" "$(ratio "$hoist_syntax" "$ast_args")x"
  printf '%-46s %10s\n' "ratio hoist parse / dockerfile-ast parse+args" "$(ratio "$hoist_parse" "$ast_args")x"
  printf '%-46s %10s\n' "ratio hoist parse+stages / dockerfile-ast parse" "$(ratio "$hoist_full" "$ast_parse")x"
  printf '%-46s %10s\n' "hoist process, 300-line Dockerfile (median)" "$(printf '%.3f' "$proc_median") s"
  printf '%-46s %10s\n' "                                  (mean)" "$(printf '%.3f' "$proc_mean") s"
  echo
  echo "target: hoist syntax parse >= 20 MB/s: $(verdict "$hoist_syntax" 20 '>=')"
  echo "target: hoist parse (syntax + typed) >= 20 MB/s: $(verdict "$hoist_parse" 20 '>=')"
  echo "target: hoist parse + stages >= 20 MB/s: $(verdict "$hoist_full" 20 '>=')"
  echo "target: process median < 0.6 s: $(verdict "$proc_median" 0.6 '<')"
} | tee "$results/summary.txt"
