#!/usr/bin/env bash
# Push right after a build (root): what keeping built layers as their snapshot alone costs at
# push time. One Dockerfile (a COPY of the host's /usr/share/doc and a RUN that copies part of
# it) built three times from the same busybox base, each in a store of its own: by hoist as it
# is (built layers kept as snapshots, their compressed blobs made again when pushed), by hoist
# with HOIST_KEEP_LAYER_BLOBS=1 (the blobs kept, as before), and by buildah bud --layers.
# Then BENCH_RUNS rounds (default 7), each pushing the three images in turn (interleaved), every
# push to a freshly started, empty docker-registry (nothing skipped or mounted). Reports each
# store's size and the median push time. Writes bench/results/push-after-build/summary.txt.
set -euo pipefail
source "$(dirname "$0")/lib/start.sh"
bench_start push-after-build 7 buildah   # root, out, runs
work="$out"
mkdir -p "$out/context"
source "$root/bench/lib/registry.sh"   # start_registry, stop_registry (under $work)
trap stop_registry EXIT
now() { date +%s%N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

base=localhost/hoist-bench/busybox:latest
examples/busybox-rootfs.sh > "$out/busybox.tar"
cp -a /usr/share/doc "$out/context/doc"
printf 'FROM %s\nCOPY doc /doc\nRUN cp -a /doc /doc2 && rm -rf /doc2/[a-l]*\n' "$base" \
  > "$out/context/Dockerfile"

build_hoist() { # $1: home
  HOIST_HOME="$1" ./hoist import "$out/busybox.tar" "$base" >/dev/null
  HOIST_HOME="$1" ./hoist build -q -t bench/app:1 "$out/context" >/dev/null
}
build_hoist "$out/hoist-snapshots"
HOIST_KEEP_LAYER_BLOBS=1 build_hoist "$out/hoist-blobs"
bstore=(--root "$out/buildah-root" --runroot "$out/buildah-runroot" --storage-driver overlay)
skopeo copy -q "oci:$out/hoist-blobs:$base" \
  "containers-storage:[overlay@$out/buildah-root+$out/buildah-runroot]$base"
buildah "${bstore[@]}" bud -q --layers --runtime /usr/sbin/runc --pull=never \
  -t localhost/bench/app:1 "$out/context" >/dev/null

push() { # $1: variant; the registry at $reg_port
  case $1 in
    snapshots) HOIST_HOME="$out/hoist-snapshots" ./hoist push --progress=quiet bench/app:1 \
        "127.0.0.1:$reg_port/bench/app:1" >/dev/null ;;
    blobs) HOIST_HOME="$out/hoist-blobs" HOIST_KEEP_LAYER_BLOBS=1 ./hoist push --progress=quiet \
        bench/app:1 "127.0.0.1:$reg_port/bench/app:1" >/dev/null ;;
    buildah) buildah "${bstore[@]}" push -q --tls-verify=false localhost/bench/app:1 \
        "docker://127.0.0.1:$reg_port/bench/app:1" >/dev/null ;;
  esac
}
variants=(snapshots blobs buildah)
for v in "${variants[@]}"; do : >"$out/$v.ms"; done
for _ in $(seq "$runs"); do
  for v in "${variants[@]}"; do
    start_registry
    s=$(now); push "$v"; e=$(now)
    echo $(((e - s) / 1000000)) >>"$out/$v.ms"
  done
done
stop_registry

{
  echo "push right after a build, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "medians of $runs interleaved rounds, each push to an empty registry"
  printf '%-44s %10s %12s\n' variant "store" "push"
  printf '%-44s %9sM %10s ms\n' "hoist, built layers kept as snapshots" \
    $(( $(du -sb "$out/hoist-snapshots" | cut -f1) / 1000000 )) "$(median <"$out/snapshots.ms")"
  printf '%-44s %9sM %10s ms\n' "hoist, HOIST_KEEP_LAYER_BLOBS=1" \
    $(( $(du -sb "$out/hoist-blobs" | cut -f1) / 1000000 )) "$(median <"$out/blobs.ms")"
  printf '%-44s %9sM %10s ms\n' "buildah bud --layers, buildah push" \
    $(( $(du -sb "$out/buildah-root" | cut -f1) / 1000000 )) "$(median <"$out/buildah.ms")"
} | tee "$out/summary.txt"
