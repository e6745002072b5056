#!/usr/bin/env bash
# Builds examples/hello and runs the result, with no registry and no network:
#  1. makes the base image hoist-examples/busybox:latest from the host's static busybox
#     (apt-get install busybox-static) when the local store does not have it yet;
#  2. hoist build (two stages: RUN in the first, COPY --from in the second);
#  3. runs the image's CMD through hoist's runtime shim (needs root).
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
hoist="$here/../../hoist"
base=hoist-examples/busybox:latest
busybox="${BUSYBOX:-/bin/busybox}"

if ! "$hoist" inspect "$base" >/dev/null 2>&1; then
  [[ -x $busybox ]] || { echo "run.sh: needs a static $busybox (apt-get install busybox-static)" >&2; exit 1; }
  rootfs="$(mktemp -d)"
  trap 'rm -rf "$rootfs"' EXIT
  mkdir -p "$rootfs"/{bin,etc,tmp,root,proc,sys,dev}
  chmod 1777 "$rootfs/tmp"
  cp "$busybox" "$rootfs/bin/busybox"
  for applet in $("$busybox" --list); do
    [[ $applet == busybox ]] || ln -s busybox "$rootfs/bin/$applet"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/sh\n' > "$rootfs/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' > "$rootfs/etc/group"
  tar --numeric-owner --sort=name --mtime=@0 -C "$rootfs" -cf - . | "$hoist" import - "$base" >/dev/null
  echo "made the base image $base from $busybox" >&2
fi

"$hoist" build -t hoist-examples/hello:latest --build-arg BASE="$base" "$@" --run "$here"
