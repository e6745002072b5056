#!/usr/bin/env bash
# Builds examples/hello and runs the result, with no registry and no network:
#  1. makes the base image hoist-examples/busybox:latest from the host's static busybox
#     (apt-get install busybox-static) when the local store does not have it yet;
#  2. hoist build (two stages: RUN in the first, COPY --from in the second);
#  3. hoist run --rm: runs the image's CMD in a container of hoist's runtime shim (needs root).
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
hoist="$here/../../hoist"
base=hoist-examples/busybox:latest

if ! "$hoist" inspect "$base" >/dev/null 2>&1; then
  "$here/../busybox-rootfs.sh" | "$hoist" import - "$base" >/dev/null
  echo "made the base image $base from the host's busybox" >&2
fi

"$hoist" build -t hoist-examples/hello:latest --build-arg BASE="$base" "$@" "$here"
"$hoist" run --rm hoist-examples/hello:latest
