#!/usr/bin/env bash
# Early cutoff (root): the rebuild after a change that a re-run step does not pass on. A
# generator stage copies a source and derives a file from its first line; the final stage takes
# only that file (COPY --from), then a 32 MiB COPY and two RUN steps that read it. Before each
# run the source's second line changes: the generator re-runs, its derived file is the same.
# hoist with --rewrite-timestamp (layers depend on content only: the COPY --from re-runs, makes
# the same layer, and the later steps stay cached), hoist without it (the derived file's time
# changes, so everything after re-runs), and buildah bud --layers --runtime /usr/sbin/runc, each
# in a store of its own, medians of BENCH_RUNS (hyperfine). Writes
# bench/results/early-cutoff/summary.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
out="$root/bench/results/early-cutoff"
runs="${BENCH_RUNS:-5}"
rm -rf "$out"
mkdir -p "$out"
command -v hyperfine >/dev/null || apt-get install -y -qq hyperfine >/dev/null
command -v buildah >/dev/null || apt-get install -y -qq buildah >/dev/null
./hoist --version >/dev/null   # builds the CLI when needed

base=localhost/hoist-bench/busybox:latest
ctx="$out/context"
mkdir -p "$ctx/src" "$ctx/data"
printf 'name=app\nversion=0\n' > "$ctx/src/conf.txt"
for i in $(seq -w 0 31); do head -c 1048576 /dev/urandom > "$ctx/data/part-$i"; done
cat > "$ctx/Dockerfile" <<DOCKERFILE
FROM $base AS gen
COPY src /src
RUN head -n 1 /src/conf.txt > /name
FROM $base
COPY --from=gen /name /name
COPY data /data
RUN cat /data/* | gzip -1 > /data.gz
RUN sha256sum /data/* /data.gz > /sums
DOCKERFILE

examples/busybox-rootfs.sh > "$out/busybox.tar"
for home in hoist-rewrite hoist-default; do
  HOIST_HOME="$out/$home" ./hoist import "$out/busybox.tar" "$base" >/dev/null
done
bstore=(--root "$out/buildah-root" --runroot "$out/buildah-runroot" --storage-driver overlay)
skopeo copy -q "oci:$out/hoist-rewrite:$base" \
  "containers-storage:[overlay@$out/buildah-root+$out/buildah-runroot]$base"

rewrite_build="env HOIST_HOME=$out/hoist-rewrite $root/hoist build -q --rewrite-timestamp -t cutoff:latest $ctx"
default_build="env HOIST_HOME=$out/hoist-default $root/hoist build -q -t cutoff:latest $ctx"
buildah_build="buildah ${bstore[*]} bud -q --layers --runtime /usr/sbin/runc --pull=never --network=host -t cutoff:latest $ctx"
# the change: a new second line (the version), the first line (what is derived) kept
printf '#!/bin/sh\nprintf "name=app\\nversion=%%s\\n" "$(date +%%s%%N)" > %s\n' \
  "$ctx/src/conf.txt" > "$out/change.sh"
change="sh $out/change.sh"

# first builds (not timed), then the rebuild after each change
for build in "$rewrite_build" "$default_build" "$buildah_build"; do $build >/dev/null; done
hyperfine -N --style basic --export-json "$out/rebuild.json" --runs "$runs" \
  --prepare "$change" "$rewrite_build" "$default_build" "$buildah_build" \
  >"$out/rebuild.txt" 2>&1 || { cat "$out/rebuild.txt"; exit 1; }

# what each step did on one more such rebuild
$change
HOIST_HOME="$out/hoist-rewrite" ./hoist build --progress plain --explain --rewrite-timestamp \
  -t cutoff:latest "$ctx" > /dev/null 2> "$out/hoist-rewrite-steps.txt"
$change
buildah "${bstore[@]}" bud --layers --runtime /usr/sbin/runc --pull=never --network=host \
  -t cutoff:latest "$ctx" > "$out/buildah-steps.txt" 2>&1

median() { jq -r ".results[$1].median" "$out/rebuild.json"; }
{
  echo "rebuild after a change the generator stage does not pass on (medians of $runs runs)"
  printf '%-32s %8.2f s\n' "hoist --rewrite-timestamp" "$(median 0)" \
    "hoist (timestamps not clamped)" "$(median 1)" "buildah bud --layers" "$(median 2)"
  printf 'ratio hoist --rewrite-timestamp / buildah: %.2f\n' \
    "$(echo "$(median 0) / $(median 2)" | bc -l)"
  echo "hoist --rewrite-timestamp, steps of one rebuild:"
  sed -n '/^cache explanation:/,/^built in/p' "$out/hoist-rewrite-steps.txt" \
    | grep -v -e '^cache explanation:' -e '^built in' | sed 's/^/  /' || true
  echo "buildah, steps of one rebuild:"
  grep -E 'STEP|Using cache' "$out/buildah-steps.txt" | sed 's/^/  /' || true
} | tee "$out/summary.txt"
