# The start the comparison benchmarks share (bench/build.sh, early-cutoff.sh, push-after-build.sh,
# store-size.sh): `bench_start NAME RUNS [PEER…]` goes to the repository's root and sets root,
# out (bench/results/NAME, emptied) and runs (BENCH_RUNS, default RUNS); installs each PEER
# that is not on PATH (a Debian package of the same name), and builds the CLI when needed.
bench_start() {
  local name=$1 default_runs=$2 peer
  shift 2
  cd "$(dirname "${BASH_SOURCE[1]}")/.."
  root="$PWD"
  out="$root/bench/results/$name"
  runs="${BENCH_RUNS:-$default_runs}"
  rm -rf "$out"
  mkdir -p "$out"
  for peer in "$@"; do
    command -v "$peer" >/dev/null || apt-get install -y -qq "$peer" >/dev/null
  done
  ./hoist --version >/dev/null   # builds the CLI when needed
}
