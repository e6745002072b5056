#!/usr/bin/env bash
# Multi-platform builds (root; issue 17): hoist build --platform linux/amd64,linux/arm64 against
# buildah build --platform linux/amd64,linux/arm64 --manifest (buildah 1.28, --layers, runc), the
# same QEMU (Debian's qemu-user-static, handlers registered by hoist system emulation install).
# Both build FROM the same two-platform busybox index on a throw-away docker-registry (made by
# hoist from Debian's busybox-static for amd64 and arm64). Per round: a cold build (fresh store)
# and a cached one (same store, same context) by each tool; then the cross-compile case (a
# FROM --platform=$BUILDPLATFORM builder): hoist for one platform and for two, cold. And
# "service-cached": the same cached two-platform build through the warm Engine API service
# (`hoist system service`, started once over a store of its own, WARMUP builds first, default
# 3) with the docker CLI's classic builder (DOCKER_BUILDKIT=0 docker build --platform a,b); its
# CPU is the docker CLI's plus the service's own (its /proc ticks over the build).
# Reports the median wall time and CPU time (user+sys of the tool and its children) over
# BENCH_RUNS rounds (default 3). BENCH_ONLY=GROUP[,GROUP]: only those of hoist (cold and
# cached), buildah, service, cross. Writes bench/results/multi-platform/summary.txt.
set -euo pipefail
source "$(dirname "$0")/lib/start.sh"
bench_start multi-platform 3 buildah   # root, out, runs
work="$out"
source "$root/bench/lib/registry.sh"   # start_registry, stop_registry (under $work)
source "$root/bench/lib/two-platform-base.sh"   # two_platform_base
source "$root/bench/lib/service.sh"    # start_service, stop_service, svc
source "$root/bench/lib/service-measure.sh"   # ticks, hz, median
trap 'stop_service; stop_registry' EXIT
want() { [[ -z ${BENCH_ONLY:-} || ",$BENCH_ONLY," == *",$1,"* ]]; }

two_platform_base   # $base, the two-platform busybox index on the registry; $maker
mkdir -p "$out/app"

# the example: RUN steps that compute something (emulated for arm64), a COPY, a CMD
seq 1 20000 > "$out/app/numbers.txt"
cat > "$out/app/Dockerfile" <<EOF
FROM $base
COPY numbers.txt /numbers.txt
RUN sort -rn /numbers.txt | md5sum > /sum && uname -m > /arch
RUN for i in \$(seq 1 300); do echo \$i; done | gzip -9 > /n.gz
CMD ["cat", "/arch"]
EOF
cross_compile_context "$out/cross"   # the builder on the build platform, per TARGETARCH

timed() { # $1: label; the rest: the command. Appends "label wall cpu" to $out/times
  local t
  t=$( { TIMEFORMAT='%R %U %S'; time "${@:2}" >/dev/null 2>"$out/last.err"; } 2>&1 ) \
    || { cat "$out/last.err" >&2; exit 1; }
  awk -v l="$1" '{printf "%s %.2f %.2f\n", l, $1, $2 + $3}' <<<"$t" >> "$out/times"
}
hoist_build() { # $1 home, $2 platforms, $3 context
  HOIST_HOME="$1" ./hoist build -q --platform "$2" -t bench/app:1 "$3"
}
sock="$out/hoist.sock"
service_build() { # through the warm service, as a docker CLI user builds
  DOCKER_HOST="unix://$sock" DOCKER_BUILDKIT=0 docker build -q \
    --platform linux/amd64,linux/arm64 -t bench/app:1 "$out/app"
}
timed_service() { # as timed, the service's CPU over the command added to the client's
  local c0 c1 last
  c0=$(ticks "$svc")
  timed "$@"
  c1=$(ticks "$svc")
  last=$(tail -1 "$out/times")
  sed -i '$d' "$out/times"
  awk -v s="$(echo "($c1 - $c0) / $hz" | bc -l)" '{printf "%s %s %.2f\n", $1, $2, $3 + s}' \
    <<<"$last" >> "$out/times"
}
if want service; then
  command -v docker >/dev/null || { echo "the service case needs the docker CLI" >&2; exit 1; }
  HOIST_HOME="$out/s" start_service "$sock"
  for i in $(seq "${WARMUP:-3}"); do service_build >/dev/null 2>&1; done # the first one cold
fi
buildah_build() { # $1 store
  buildah --root "$1/root" --runroot "$1/runroot" --storage-driver overlay build -q --layers \
    --runtime /usr/sbin/runc --tls-verify=false --platform linux/amd64,linux/arm64 \
    --manifest bench/app:1 "$out/app"
}
: > "$out/times"
for round in $(seq "$runs"); do
  rm -rf "$out/h" "$out/b" "$out/c1" "$out/c2"
  if want hoist; then
    timed hoist-cold hoist_build "$out/h" linux/amd64,linux/arm64 "$out/app"
    timed hoist-cached hoist_build "$out/h" linux/amd64,linux/arm64 "$out/app"
  fi
  if want buildah; then
    timed buildah-cold buildah_build "$out/b"
    timed buildah-cached buildah_build "$out/b"
  fi
  if want service; then
    timed_service service-cached service_build
  fi
  if want cross; then
    timed cross-one hoist_build "$out/c1" linux/amd64 "$out/cross"
    timed cross-two hoist_build "$out/c2" linux/amd64,linux/arm64 "$out/cross"
  fi
  buildah --root "$out/b/root" --runroot "$out/b/runroot" --storage-driver overlay \
    rm -a >/dev/null 2>&1 || true
done
{
  echo "multi-platform build, $runs rounds, median wall s / CPU s (user+sys, children included)"
  for l in hoist-cold hoist-cached buildah-cold buildah-cached service-cached cross-one \
      cross-two; do
    grep -q "^$l " "$out/times" || continue # a group BENCH_ONLY left out
    printf '%-15s %7s s wall %7s s CPU\n' "$l" \
      "$(awk -v l=$l '$1==l {print $2}' "$out/times" | median)" \
      "$(awk -v l=$l '$1==l {print $3}' "$out/times" | median)"
  done
  m() { awk -v l=$1 '$1==l {print $2}' "$out/times" | median; }
  awk -v hc="$(m hoist-cold)" -v bc="$(m buildah-cold)" -v hk="$(m hoist-cached)" \
    -v bk="$(m buildah-cached)" -v sk="$(m service-cached)" -v c1="$(m cross-one)" \
    -v c2="$(m cross-two)" 'BEGIN {
    if (bc > 0 && bk > 0 && hc > 0) printf "ratio hoist/buildah: cold %.2fx (target <= 1.0x), cached %.2fx (target <= 0.3x)\n", hc/bc, hk/bk
    if (bk > 0 && sk > 0) printf "ratio service/buildah, cached: %.2fx (target <= 0.3x)\n", sk/bk
    if (c1 > 0) printf "cross-compile: two platforms / one = %.2fx (target <= 1.2x)\n", c2/c1 }'
} | tee "$out/summary.txt"
