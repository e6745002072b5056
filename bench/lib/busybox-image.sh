# `busybox_rootfs DIR APPLET…`: a root filesystem in DIR/rootfs from the host's static busybox
# (/bin/busybox, the applets as links, root in passwd and group), packed as DIR/rootfs.tar for
# `hoist import` (bench/run.sh, bench/detached.sh).
busybox_rootfs() {
  local dir=$1 applet
  shift
  mkdir -p "$dir/rootfs/bin" "$dir/rootfs/etc" "$dir/rootfs/tmp"
  cp /bin/busybox "$dir/rootfs/bin/busybox"
  for applet in "$@"; do ln -s busybox "$dir/rootfs/bin/$applet"; done
  echo 'root:x:0:0:root:/root:/bin/sh' >"$dir/rootfs/etc/passwd"
  echo 'root:x:0:' >"$dir/rootfs/etc/group"
  tar -C "$dir/rootfs" -cf "$dir/rootfs.tar" .
}
