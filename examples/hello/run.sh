#!/usr/bin/env bash
# Builds examples/hello and runs the result, with no registry and no network:
#  0. installs what is missing (examples/prerequisites.sh: JDK 17, Maven, gcc, libc6-dev,
#     busybox-static; as root with apt-get, saying what it installs);
#  1. makes the base image hoist-examples/busybox:latest from the host's static busybox
#     when the local store does not have it yet;
#  2. hoist build (two stages: RUN in the first, COPY --from in the second);
#  3. hoist run --rm: runs the image's CMD in a container of hoist's runtime shim (needs root).
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
hoist="$here/../../hoist"
base=hoist-examples/busybox:latest

"$here/../prerequisites.sh"

if ! "$hoist" inspect "$base" >/dev/null 2>&1; then
  # the rootfs goes to a file first: a failed step never feeds the next one
  rootfs="$(mktemp --suffix=.tar)"
  trap 'rm -f "$rootfs"' EXIT
  "$here/../busybox-rootfs.sh" >"$rootfs"
  "$hoist" import "$rootfs" "$base" >/dev/null
  echo "made the base image $base from the host's busybox" >&2
fi

"$hoist" build -t hoist-examples/hello:latest --build-arg BASE="$base" "$@" "$here"
"$hoist" run --rm hoist-examples/hello:latest
