#!/usr/bin/env bash
# The --format engine (dev.hoist.cli.format): one template over 1,000 inspect-shaped objects,
# a table over 1,000 rows, and the template's parse (bench/format/FormatBench.java, warm JVM,
# median of 21 passes); then the start-up cost of --format on a whole `hoist inspect`
# (hyperfine, an image imported into a scratch HOIST_HOME). Run from the repository root.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -o -q -B -pl cli -am -DskipTests package
# the runnable jar holds the engine, Jackson and ANTLR's runtime
java -cp cli/target/hoist.jar bench/format/FormatBench.java
home="$(mktemp -d)"
trap 'rm -rf "$home"' EXIT
export HOIST_HOME="$home"
mkdir -p "$home/rootfs/bin"
tar -C "$home/rootfs" -cf "$home/rootfs.tar" .
./hoist import "$home/rootfs.tar" bench:1 >/dev/null
hyperfine -N --warmup 3 --runs 20 \
  './hoist inspect bench:1' \
  "./hoist inspect --format {{.Id}} bench:1" \
  "./hoist inspect --format '{{json .Config}}' bench:1"
