#!/usr/bin/env bash
# Early cutoff (root): the rebuild after a change that a re-run step does not pass on. Before
# each run a source's second line changes; a step derives a file from its first line only.
#   stage: a generator stage copies the source and derives the file; the final stage takes only
#          that file (COPY --from), then a 32 MiB COPY and two RUN steps that read it.
#   bind:  one stage: a RUN derives the file from the source bind-mounted from the context, then
#          the same 32 MiB COPY and two RUN steps.
# hoist with --rewrite-timestamp (layers depend on content only: the re-run step makes the same
# layer and the later steps stay cached), hoist without it (the derived file's time changes, so
# everything after re-runs), and buildah bud --layers --runtime /usr/sbin/runc, each in a store
# of its own, medians of BENCH_RUNS (hyperfine). Writes bench/results/early-cutoff/summary.txt.
set -euo pipefail
source "$(dirname "$0")/lib/start.sh"
bench_start early-cutoff 5 hyperfine buildah   # root, out, runs

base=localhost/hoist-bench/busybox:latest
ctx="$out/context"
mkdir -p "$ctx/src" "$ctx/data"
printf 'name=app\nversion=0\n' > "$ctx/src/conf.txt"
for i in $(seq -w 0 31); do head -c 1048576 /dev/urandom > "$ctx/data/part-$i"; done
later='COPY data /data
RUN cat /data/* | gzip -1 > /data.gz
RUN sha256sum /data/* /data.gz > /sums'
cat > "$ctx/Dockerfile.stage" <<DOCKERFILE
FROM $base AS gen
COPY src /src
RUN head -n 1 /src/conf.txt > /name
FROM $base
COPY --from=gen /name /name
$later
DOCKERFILE
cat > "$ctx/Dockerfile.bind" <<DOCKERFILE
FROM $base
RUN --mount=type=bind,source=src,target=/src head -n 1 /src/conf.txt > /name
$later
DOCKERFILE
# the change: a new second line (the version), the first line (what is derived) kept
printf '#!/bin/sh\nprintf "name=app\\nversion=%%s\\n" "$(date +%%s%%N)" > %s\n' \
  "$ctx/src/conf.txt" > "$out/change.sh"
change="sh $out/change.sh"

examples/busybox-rootfs.sh > "$out/busybox.tar"
for home in hoist-rewrite hoist-default; do
  HOIST_HOME="$out/$home" ./hoist import "$out/busybox.tar" "$base" >/dev/null
done
bstore=(--root "$out/buildah-root" --runroot "$out/buildah-runroot" --storage-driver overlay)
skopeo copy -q "oci:$out/hoist-rewrite:$base" \
  "containers-storage:[overlay@$out/buildah-root+$out/buildah-runroot]$base"

median() { jq -r ".results[$2].median" "$out/$1.json"; }

# one case: first builds (not timed), the rebuild after each change, then what each step did
# on one more such rebuild
bench_case() {
  local name="$1" file="$ctx/Dockerfile.$1"
  local rewrite="env HOIST_HOME=$out/hoist-rewrite $root/hoist build -q --rewrite-timestamp -f $file -t $name:latest $ctx"
  local default="env HOIST_HOME=$out/hoist-default $root/hoist build -q -f $file -t $name:latest $ctx"
  local buildah="buildah ${bstore[*]} bud -q --layers --runtime /usr/sbin/runc --pull=never --network=host -f $file -t $name:latest $ctx"
  for build in "$rewrite" "$default" "$buildah"; do $build >/dev/null; done
  hyperfine -N --style basic --export-json "$out/$name.json" --runs "$runs" \
    --prepare "$change" "$rewrite" "$default" "$buildah" \
    >"$out/$name.txt" 2>&1 || { cat "$out/$name.txt"; exit 1; }
  $change
  HOIST_HOME="$out/hoist-rewrite" ./hoist build --progress plain --explain --rewrite-timestamp \
    -f "$file" -t "$name:latest" "$ctx" > /dev/null 2> "$out/$name-hoist-steps.txt"
  $change
  buildah "${bstore[@]}" bud --layers --runtime /usr/sbin/runc --pull=never --network=host \
    -f "$file" -t "$name:latest" "$ctx" > "$out/$name-buildah-steps.txt" 2>&1
  buildah "${bstore[@]}" from -q --name "cutoff-$name" "$name:latest" >/dev/null
  local seen
  seen=$(buildah "${bstore[@]}" run "cutoff-$name" cat /name)
  buildah "${bstore[@]}" rm "cutoff-$name" >/dev/null
  {
    echo "case $name: rebuild after a change the derived file does not show (medians of $runs)"
    printf '  %-32s %8.2f s\n' "hoist --rewrite-timestamp" "$(median "$name" 0)" \
      "hoist (timestamps not clamped)" "$(median "$name" 1)" \
      "buildah bud --layers" "$(median "$name" 2)"
    printf '  ratio hoist --rewrite-timestamp / buildah: %.2f\n' \
      "$(echo "$(median "$name" 0) / $(median "$name" 2)" | bc -l)"
    echo "  hoist --rewrite-timestamp, one rebuild (--explain):"
    sed -n '/^cache explanation:/,/^built in/p' "$out/$name-hoist-steps.txt" \
      | grep -v -e '^cache explanation:' -e '^built in' | sed 's/^/    /' || true
    echo "  buildah, one rebuild:"
    grep -E 'STEP|Using cache' "$out/$name-buildah-steps.txt" | sed 's/^/    /' || true
    echo "  buildah's /name after it: $seen"
  } | tee -a "$out/summary.txt"
}

bench_case stage
bench_case bind
