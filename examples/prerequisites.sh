#!/usr/bin/env bash
# Makes sure this machine has what building hoist and running its examples needs: a JDK 17 or
# newer, Maven, a C compiler with the static C library (the runtime shim), a static busybox (the
# examples' base image) and root (containers need it). As root on Debian or Ubuntu, installs
# what is missing with apt-get and says what it installs; otherwise stops with one line naming
# the packages. Exit 0: everything is there.
set -euo pipefail

if [[ $EUID -ne 0 ]]; then
  echo "hoist examples: need root (containers use namespaces and overlay mounts): run as root" >&2
  exit 1
fi

missing=()
java_major() { # the major version of javac, 0 if absent
  local v
  v="$(javac -version 2>&1 | awk '/^javac/ {print $2}')" || true
  v="${v%%.*}"
  [[ $v =~ ^[0-9]+$ ]] && echo "$v" || echo 0
}
(( $(java_major) >= 17 )) || missing+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || missing+=(maven)
command -v cc >/dev/null 2>&1 || missing+=(gcc)
# -static needs libc.a (libc6-dev); gcc alone does not pull it in with --no-install-recommends
[[ -n "$(find /usr/lib /usr/lib64 -name libc.a -print -quit 2>/dev/null)" ]] || missing+=(libc6-dev)
busybox="${BUSYBOX:-/bin/busybox}"
if [[ ! -x $busybox ]] || ! LC_ALL=C ldd "$busybox" 2>&1 | grep -q 'not a dynamic executable'; then
  missing+=(busybox-static)
fi

(( ${#missing[@]} == 0 )) && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "hoist examples: missing ${missing[*]} (Debian package names): install them, then run again" >&2
  exit 1
fi
echo "hoist examples: installing ${missing[*]} (apt-get)" >&2
export DEBIAN_FRONTEND=noninteractive
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
# an index a mirror is syncing fails apt-get update (exit 100) while the others are fetched:
# the install then says whether what is needed is there
if ! { apt-get update -qq || true; apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
  cat "$log" >&2
  echo "hoist examples: apt-get could not install ${missing[*]}" >&2
  exit 1
fi
