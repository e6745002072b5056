# Sourced by the multi-platform benches (bench/multi-platform.sh, bench/cross-compile-ab.sh),
# after bench/lib/start.sh ($out) and bench/lib/registry.sh (start_registry, $reg_port):
# two_platform_base registers the arm64 emulation handler, makes busybox bases for amd64 and
# arm64 from Debian's busybox-static, starts the throw-away registry and pushes them there as
# one two-platform index; it sets $base (the index's name) and $maker (the HOIST_HOME used).
two_platform_base() {
  ./hoist system emulation install linux/arm64 >/dev/null
  dpkg --print-foreign-architectures | grep -qx arm64 ||
    { dpkg --add-architecture arm64; apt-get update -qq; }
  (cd "$out" && apt-get download -q busybox-static:arm64 >/dev/null 2>&1)
  dpkg-deb -x "$out"/busybox-static_*_arm64.deb "$out/arm64"
  examples/busybox-rootfs.sh > "$out/amd64.tar"
  BUSYBOX="$out/arm64/bin/busybox" examples/busybox-rootfs.sh > "$out/arm64.tar"
  start_registry
  base="127.0.0.1:$reg_port/bench/busybox:1"
  maker="$out/maker"
  HOIST_HOME="$maker" ./hoist import "$out/amd64.tar" bb:amd64 >/dev/null
  HOIST_HOME="$maker" ./hoist import --platform linux/arm64 "$out/arm64.tar" bb:arm64 >/dev/null
  mkdir -p "$out/base"
  printf 'ARG TARGETARCH\nFROM bb:${TARGETARCH}\n' > "$out/base/Dockerfile"
  HOIST_HOME="$maker" ./hoist build -q --platform linux/amd64,linux/arm64 -t "$base" --push \
    "$out/base" >/dev/null
}

# cross_compile_context DIR: the cross-compile case's context in DIR (numbers.txt and a
# Dockerfile whose builder stage runs on the build platform and writes per-TARGETARCH output,
# copied into each target's final stage FROM $base).
cross_compile_context() {
  mkdir -p "$1"
  seq 1 20000 > "$1/numbers.txt"
  cat > "$1/Dockerfile" <<DOCKERFILE
ARG TARGETARCH
FROM --platform=\$BUILDPLATFORM $base AS build
ARG TARGETARCH
COPY numbers.txt /numbers.txt
RUN sort -rn /numbers.txt | md5sum > /sum && echo \$TARGETARCH >> /sum
FROM $base
COPY --from=build /sum /sum
DOCKERFILE
}
