#!/usr/bin/env bash
# Store size (root): the same four images built by hoist and by buildah (bud --layers, runc,
# overlay storage), from the same busybox base, each in a store of its own; then the bytes
# each store holds on disk (du), hoist's split into compressed blobs, unpacked snapshots and the
# recipes that stand for the compressed blobs of the layers it built (made again on push/save).
# The images: host text (docs, perl modules: compresses ~4x), host shared libraries (binary,
# ~2.5x), incompressible random data written by RUN, and a two-stage build whose builder stage
# is not in the final image. Writes bench/results/store-size/summary.txt.
set -euo pipefail
source "$(dirname "$0")/lib/start.sh"
bench_start store-size 1 buildah   # root, out (runs unused)

base=localhost/hoist-bench/busybox:latest
examples/busybox-rootfs.sh > "$out/busybox.tar"
export HOIST_HOME="$out/hoist-home"
./hoist import "$out/busybox.tar" "$base" >/dev/null
bstore=(--root "$out/buildah-root" --runroot "$out/buildah-runroot" --storage-driver overlay)
skopeo copy -q "oci:$HOIST_HOME:$base" \
  "containers-storage:[overlay@$out/buildah-root+$out/buildah-runroot]$base"
base_hoist=$(du -sb "$HOIST_HOME" | cut -f1)
base_buildah=$(du -sb "$out/buildah-root" | cut -f1)

ctx="$out/contexts"
mkdir -p "$ctx/text" "$ctx/libs" "$ctx/random" "$ctx/staged"
cp -a /usr/share/doc "$ctx/text/doc"; cp -a /usr/share/perl "$ctx/text/perl"
printf 'FROM %s\nCOPY doc /usr/share/doc\nCOPY perl /usr/share/perl\n' "$base" > "$ctx/text/Dockerfile"
mkdir -p "$ctx/libs/lib"
find /usr/lib/x86_64-linux-gnu -maxdepth 1 -type f -name '*.so*' -size -20M \
  -exec cp {} "$ctx/libs/lib/" \;
printf 'FROM %s\nCOPY lib /usr/lib/bench\n' "$base" > "$ctx/libs/Dockerfile"
printf 'FROM %s\nRUN dd if=/dev/urandom of=/random.bin bs=1M count=64 2>/dev/null\n' "$base" \
  > "$ctx/random/Dockerfile"
printf 'FROM %s AS builder\nRUN dd if=/dev/urandom of=/big bs=1M count=32 2>/dev/null && head -c 1000 /big > /small\nFROM %s\nCOPY --from=builder /small /small\n' \
  "$base" "$base" > "$ctx/staged/Dockerfile"

uncompressed=0
for name in text libs random staged; do
  ./hoist build -q -t "bench/$name:latest" "$ctx/$name" >/dev/null
  buildah "${bstore[@]}" bud -q --layers --runtime /usr/sbin/runc --pull=never --network=host \
    -t "bench/$name:latest" "$ctx/$name" >/dev/null
done

blobs=$(du -sb "$HOIST_HOME/blobs" | cut -f1)
snapshots=$(du -sb "$HOIST_HOME/snapshots" | cut -f1)
recipes=0
if [[ -d $HOIST_HOME/recipes ]]; then recipes=$(du -sb "$HOIST_HOME/recipes" | cut -f1); fi
hoist_total=$(du -sb "$HOIST_HOME" | cut -f1)
buildah_total=$(du -sb "$out/buildah-root" | cut -f1)
{
  echo "store size after building 4 images (text, libs, random, two-stage) on busybox"
  printf '%-28s %12s\n' "hoist total" "$((hoist_total - base_hoist))" \
    "  hoist blobs (compressed)" "$blobs" "  hoist snapshots (unpacked)" "$snapshots" \
    "  hoist layer recipes" "$recipes" \
    "buildah total" "$((buildah_total - base_buildah))"
  echo "(bytes, du -sb, the busybox base's own bytes subtracted from each total)"
} | tee "$out/summary.txt"
