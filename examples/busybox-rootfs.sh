#!/usr/bin/env bash
# Writes to stdout a root filesystem tar made from the host's static busybox (apt-get install
# busybox-static): /bin/busybox with a link for every applet, /etc/passwd and /etc/group, and
# the usual empty directories. Byte-for-byte the same on every run with the same busybox.
# Used by examples/hello/run.sh and bench/build.sh: ./busybox-rootfs.sh | hoist import - NAME
set -euo pipefail
busybox="${BUSYBOX:-/bin/busybox}"
[[ -x $busybox ]] || { echo "busybox-rootfs.sh: needs a static $busybox (apt-get install busybox-static)" >&2; exit 1; }
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
tar --numeric-owner --owner=0 --group=0 --sort=name --mtime=@0 -C "$rootfs" -cf - .
