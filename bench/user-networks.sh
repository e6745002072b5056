#!/usr/bin/env bash
# User networks' plumbing costs (root): bench/user-networks.sh [RUNS]
# Compiles bench/user-networks/UserNetworkAttach.java against the CLI's jar (built by ./hoist
# when missing) and runs it: attach/close on the default bridge vs one and three user networks,
# the rewrite of 20 members' hosts files, an attach while 20 members run.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-20}
./hoist version >/dev/null # builds the jar when it is missing or older than the sources
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
javac -d "$out" -cp cli/target/hoist.jar bench/user-networks/UserNetworkAttach.java
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
java -cp "$out:cli/target/hoist.jar" dev.hoist.internal.runtime.net.UserNetworkAttach "$runs" 2>&1 \
  | grep -v '^WARNING\|^[A-Z][a-z][a-z] [0-9]'
