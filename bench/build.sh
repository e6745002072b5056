#!/usr/bin/env bash
# Build benchmarks (root): hoist build against buildah bud --layers --runtime /usr/sbin/runc on
# the reference Dockerfile (bench/build-ref/Dockerfile: two stages, a ~50 MB context, RUN steps
# that write and delete files), from the same busybox base image in each tool's own local
# store; and the time hoist takes to capture the layer of a RUN that changes one file on a
# 1 GB base. Writes bench/results/build/summary.txt.
set -euo pipefail
source "$(dirname "$0")/lib/start.sh"
bench_start build 5 hyperfine buildah   # root, out, runs

# the context: 50 files of 1 MiB of random bytes, a few sources, the Dockerfile
ctx="$out/context"
mkdir -p "$ctx/data" "$ctx/src"
for i in $(seq -w 0 49); do head -c 1048576 /dev/urandom > "$ctx/data/part-$i"; done
for i in $(seq 1 20); do echo "source $i" > "$ctx/src/file-$i.txt"; done
echo "main 0" > "$ctx/src/main.txt"
cp bench/build-ref/Dockerfile "$ctx/Dockerfile"

# the base image, once per tool, from the same tar (hoist: gzip layers by default, and a
# second store with --compression zstd)
base=localhost/hoist-bench/busybox:latest
examples/busybox-rootfs.sh > "$out/busybox.tar"
export HOIST_HOME="$out/hoist-pristine"
./hoist import "$out/busybox.tar" "$base" >/dev/null
bstore=(--root "$out/buildah-root" --runroot "$out/buildah-runroot" --storage-driver overlay)
skopeo copy -q "oci:$HOIST_HOME:$base" \
  "containers-storage:[overlay@$out/buildah-root+$out/buildah-runroot]$base"

hoist_build="env HOIST_HOME=$out/hoist-home $root/hoist build -q -t bench:latest $ctx"
zstd_build="env HOIST_HOME=$out/hoist-zstd $root/hoist build -q --compression zstd -t bench:latest $ctx"
buildah_build="buildah ${bstore[*]} bud -q --layers --runtime /usr/sbin/runc --pull=never --network=host -t bench:latest $ctx"
hoist_reset="rm -rf $out/hoist-home && cp -a $out/hoist-pristine $out/hoist-home"
zstd_reset="rm -rf $out/hoist-zstd && cp -a $out/hoist-pristine $out/hoist-zstd"
buildah_reset="buildah ${bstore[*]} rmi -f bench:latest >/dev/null 2>&1 || true; buildah ${bstore[*]} rmi --prune -f >/dev/null 2>&1 || true"
touch_one="echo main \$RANDOM\$RANDOM > $ctx/src/main.txt"

hf() { hyperfine -N --style basic --export-json "$out/$1.json" --runs "$2" "${@:3}" >"$out/$1.txt" 2>&1 || { cat "$out/$1.txt"; exit 1; }; }
bash -c "$hoist_reset"
bash -c "$zstd_reset"
hf cold "$runs" --prepare "bash -c '$hoist_reset'" "$hoist_build" --prepare "bash -c '$buildah_reset'" "$buildah_build" --prepare "bash -c '$zstd_reset'" "$zstd_build"
hf cached "$runs" --warmup 1 "$hoist_build" "$buildah_build" "$zstd_build"
hf one-file "$runs" --warmup 1 --prepare "bash -c '$touch_one'" "$hoist_build" "$buildah_build" "$zstd_build"

median() { jq -r ".results[$2].median" "$out/$1.json"; }

# the base from a local registry: cold builds on empty stores that pull it (hoist, buildah), and
# hoist on an empty store reusing a remote cache exported by an earlier build (--cache-from)
work="$out"
source bench/lib/registry.sh
trap stop_registry EXIT
start_registry
reg="127.0.0.1:$reg_port"
HOIST_HOME="$out/hoist-pristine" ./hoist push --progress quiet "$base" "$reg/hoist-bench/busybox:latest" >/dev/null
sed "s|localhost/hoist-bench/busybox:latest|$reg/hoist-bench/busybox:latest|" bench/build-ref/Dockerfile > "$out/Dockerfile.registry"
rstore=(--root "$out/buildah-reg-root" --runroot "$out/buildah-reg-runroot" --storage-driver overlay)
HOIST_HOME="$out/hoist-seed" ./hoist build -q -f "$out/Dockerfile.registry" --cache-to "$reg/bench/cache:1" "$ctx" >/dev/null
hoist_reg="env HOIST_HOME=$out/hoist-reg $root/hoist build -q -f $out/Dockerfile.registry -t bench:latest $ctx"
buildah_reg="buildah ${rstore[*]} bud -q --layers --runtime /usr/sbin/runc --pull=missing --tls-verify=false --network=host -f $out/Dockerfile.registry -t bench:latest $ctx"
hoist_cache="env HOIST_HOME=$out/hoist-reg $root/hoist build -q -f $out/Dockerfile.registry --cache-from $reg/bench/cache:1 -t bench:latest $ctx"
hf registry "$runs" --prepare "rm -rf $out/hoist-reg" "$hoist_reg" \
  --prepare "bash -c 'buildah ${rstore[*]} rmi -a -f >/dev/null 2>&1 || true'" "$buildah_reg" \
  --prepare "rm -rf $out/hoist-reg" "$hoist_cache"

# capture: RUN that changes one file, on a base of 1 GB (256 files of 4 MiB)
big="$out/big"
mkdir -p "$big/ctx/blob"
for i in $(seq -w 0 255); do head -c 4194304 /dev/urandom > "$big/ctx/blob/f-$i"; done
printf 'FROM %s\nCOPY blob /blob/\n' "$base" > "$big/ctx/Dockerfile"
HOIST_HOME="$out/hoist-home" ./hoist build -q -t bench/big:latest "$big/ctx" >/dev/null
mkdir -p "$big/run"
printf 'FROM bench/big:latest\nRUN echo changed > /blob/f-000\n' > "$big/run/Dockerfile"
captures=()
for i in $(seq 1 "$runs"); do
  line="$(HOIST_HOME="$out/hoist-home" ./hoist build --no-cache "$big/run" 2>&1 >/dev/null | grep 'captured in' || true)"
  captures+=("$(sed -E 's/.*captured in ([0-9]+) ms.*/\1/' <<<"$line")")
done
capture_median="$(printf '%s\n' "${captures[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')"

{
  echo "hoist build vs buildah bud --layers (runc), $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $runs runs, medians"
  printf '%-10s %10s %10s %8s %8s %12s %8s\n' case hoist buildah ratio target "hoist zstd" ratio
  for c in cold:1.0 cached:0.3 one-file:0.5; do
    name="${c%%:*}"; target="${c##*:}"
    h="$(median "$name" 0)"; b="$(median "$name" 1)"; z="$(median "$name" 2)"
    printf '%-10s %9.2fs %9.2fs %7.2fx %7sx %11.2fs %7.2fx\n' "$name" "$h" "$b" \
      "$(echo "$h / $b" | bc -l)" "<= $target" "$z" "$(echo "$z / $b" | bc -l)"
  done
  h="$(median registry 0)"; b="$(median registry 1)"; c="$(median registry 2)"
  printf '%-10s %9.2fs %9.2fs %7.2fx   (base pulled from a local registry, empty stores)\n' cold-pull "$h" "$b" "$(echo "$h / $b" | bc -l)"
  printf '%-10s %9.2fs %10s %7.2fx   (hoist --cache-from on an empty store, vs buildah cold-pull)\n' cache-from "$c" "" "$(echo "$c / $b" | bc -l)"
  echo "capture of a RUN changing one file on a 1 GB base: median ${capture_median} ms (runs: ${captures[*]}; target < 50 ms)"
} | tee "$out/summary.txt"
