#!/usr/bin/env bash
# Runs every benchmark of the project, one after the other, and writes docs/BENCHMARKS.md: each
# benchmark's summary (hoist against its peer, with the ratios and targets), the machine and the
# date. Needs root and the peers each script installs or names (see bench/README.md). Run it on
# an idle machine: the figures are wall times.
#
#   bench/all.sh                      # every benchmark
#   bench/all.sh registry runtime     # only these (parser layers registry runtime run build startup assemble network)
set -uo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
doc="$root/docs/BENCHMARKS.md"
all=(parser layers registry runtime run build startup assemble network)
wanted=("$@")
[ ${#wanted[@]} -gt 0 ] || wanted=("${all[@]}")

# name -> script and the summary file it writes
summary_of() {
  case "$1" in
    parser) echo bench/results/summary.txt ;;
    layers) echo bench/results/layers-summary.txt ;;
    registry) echo bench/results/registry-summary.txt ;;
    runtime) echo bench/results/runtime-summary.txt ;;
    run) echo bench/results/run-summary.txt ;;
    build) echo bench/results/build/summary.txt ;;
    startup) echo bench/results/startup/summary.txt ;;
    assemble) echo bench/results/assemble-summary.txt ;;
    network) echo bench/results/network-summary.txt ;;
    *) return 1 ;;
  esac
}
peer_of() {
  case "$1" in
    parser) echo "dockerfile-ast (npm), same corpus, same core" ;;
    layers) echo "GNU tar + gzip" ;;
    registry) echo "skopeo copy, same image, same registry" ;;
    runtime) echo "runc run on a bundle of the same image" ;;
    run) echo "target: whole process under 0.3 s" ;;
    build) echo "buildah bud --layers --runtime runc, same Dockerfile and base" ;;
    startup) echo "a hello-world JVM (the floor) and the code before, interleaved" ;;
    assemble) echo "Jib core, same app, same registry, same JVM, interleaved" ;;
    network) echo "--network none, and the host's loopback, interleaved" ;;
  esac
}

failed=()
for name in "${wanted[@]}"; do
  summary_of "$name" >/dev/null || { echo "unknown benchmark: $name (known: ${all[*]})" >&2; exit 2; }
  echo "=== bench/$name.sh" >&2
  if ! "bench/$name.sh"; then
    failed+=("$name")
  fi
done

{
  echo "# hoist benchmarks"
  echo
  echo "Written by \`bench/all.sh ${wanted[*]}\` on $(date -u '+%Y-%m-%d %H:%M UTC'):"
  echo "$(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')),"
  echo "$(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr), $(java -version 2>&1 | head -1)."
  echo "Each section is the summary its script printed in this run (medians; ratios are hoist"
  echo "over the peer's wall time unless the line says otherwise). How each is measured:"
  echo "bench/README.md."
  for name in "${all[@]}"; do
    f="$(summary_of "$name")"
    echo
    echo "## $name — against $(peer_of "$name")"
    echo
    if [ -f "$f" ]; then
      if ! printf '%s\n' "${wanted[@]}" | grep -qx "$name"; then
        echo "Not run this time: the summary of an earlier run ($(date -u -r "$f" '+%Y-%m-%d %H:%M UTC'))."
        echo
      fi
      echo '```'
      cat "$f"
      echo '```'
    else
      echo "(no summary: not run)"
    fi
    if printf '%s\n' "${failed[@]}" | grep -qx "$name"; then
      echo
      echo "**bench/$name.sh failed in this run; the summary above may be from an earlier run.**"
    fi
  done
} > "$doc"
echo "wrote $doc" >&2
[ ${#failed[@]} -eq 0 ]
