#!/usr/bin/env bash
# Registry benchmarks (see bench/README.md, "Registry"):
#   1. push of a 3-layer image of incompressible data to a local docker-registry:
#      hoist push   vs   skopeo copy oci:LAYOUT docker://REGISTRY/...
#   2. pull of the same image from the registry:
#      hoist pull   vs   skopeo copy docker://REGISTRY/... oci:DIR
#   3. a second hoist push when the registry already has every blob (whole process)
#   4. like for like: by default skopeo gzips uncompressed layers on the way (into the registry
#      on push, into oci: on pull) while hoist moves them as they are, so skopeo is also timed
#      with --preserve-digests (push) and pulling the very image hoist pulls (its own gzip
#      layers, stored as they are)
# Every hoist run is a whole process with the JVM options of the ./hoist launcher (serial GC, a
# class-data archive per command written by an untimed training run) and -Xmx256m, which is the
# heap bound the figures are held to. Each timing is the median of RUNS runs, hoist and skopeo
# interleaved in the same session. Each push goes to a freshly started registry (new port, empty
# storage) so that neither tool can mount blobs from an earlier run. Work files live on a tmpfs
# when one can be mounted (root), so that both tools are timed on their own work rather than on
# the disk's writeback. Raw outputs go to bench/results/ (gitignored).
#
# Environment:
#   RUNS        measured runs per benchmark (default 5)
#   BENCH_DIR   work directory (default /tmp/hoist-registry-bench)
#   LAYER_MB    size of each of the 3 layers in MB (default 100)
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
results="$root/bench/results"
mkdir -p "$results"
runs="${RUNS:-5}"
work="${BENCH_DIR:-/tmp/hoist-registry-bench}"
layer_mb="${LAYER_MB:-100}"
raw="$results/registry-raw.txt"
summary="$results/registry-summary.txt"
: >"$raw"

say() { printf '\n== %s\n' "$*" >&2; }
now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

for tool in docker-registry skopeo python3 bc; do
  command -v "$tool" >/dev/null || { echo "registry.sh needs $tool" >&2; exit 1; }
done

mkdir -p "$work"
if mountpoint -q "$work" || mount -t tmpfs -o size=6g tmpfs "$work" 2>/dev/null; then
  where="tmpfs"
  trap 'umount "$work" 2>/dev/null || true' EXIT
else
  where="disk ($work)"
fi

say "building hoist (mvn package, no install)"
(cd "$root" && mvn -q -B -DskipTests package -pl cli -am)
jar="$root/cli/target/hoist.jar"

# --- the image: an OCI layout of 3 tar layers of random bytes, made once ----------------------
layout="$work/layout"
if [[ ! -f $layout/index.json ]]; then
  say "generating a 3 x $layer_mb MB image of random data in $layout"
  python3 - "$layout" "$layer_mb" <<'EOF'
import hashlib, io, json, os, sys, tarfile
out, mb = sys.argv[1], int(sys.argv[2])
blobs = os.path.join(out, "blobs", "sha256")
os.makedirs(blobs, exist_ok=True)
def put(data):
    d = hashlib.sha256(data).hexdigest()
    with open(os.path.join(blobs, d), "wb") as f:
        f.write(data)
    return d
layers, diffs = [], []
for i in range(3):
    payload = os.urandom(mb * 1000 * 1000)
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tar:
        info = tarfile.TarInfo(f"layer{i}/data.bin"); info.size = len(payload); info.mtime = 0
        tar.addfile(info, io.BytesIO(payload))
    data = buf.getvalue()
    d = put(data)
    layers.append({"mediaType": "application/vnd.oci.image.layer.v1.tar", "digest": "sha256:" + d, "size": len(data)})
    diffs.append("sha256:" + d)
config = json.dumps({"architecture": "amd64", "os": "linux", "config": {"Cmd": ["/bin/sh"]},
                     "rootfs": {"type": "layers", "diff_ids": diffs}}).encode()
manifest = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
    "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "sha256:" + put(config), "size": len(config)},
    "layers": layers}).encode()
md = put(manifest)
with open(os.path.join(out, "oci-layout"), "w") as f:
    f.write('{"imageLayoutVersion":"1.0.0"}')
with open(os.path.join(out, "index.json"), "w") as f:
    json.dump({"schemaVersion": 2, "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json",
        "digest": "sha256:" + md, "size": len(manifest),
        "annotations": {"org.opencontainers.image.ref.name": "bench/image:1"}}]}, f)
EOF
fi
image_bytes=$(du -sb --apparent-size "$layout/blobs" | cut -f1)

# --- the registry ----------------------------------------------------------------------------
source "$root/bench/lib/registry.sh"   # start_registry, stop_registry (under $work)
trap 'stop_registry; umount "$work" 2>/dev/null || true' EXIT

# --- hoist, as the launcher runs it ------------------------------------------------------------
jvm=(java -XX:+UseSerialGC -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off -Xmx256m)
hoist_cmd() { # command -> the java command line for it in the array cmd
  cmd=("${jvm[@]}")
  [[ -f "$work/hoist-$1.jsa" ]] && cmd+=(-XX:SharedArchiveFile="$work/hoist-$1.jsa")
  cmd+=(-cp "$jar" dev.hoist.cli.Main)
}
train() { # name HOIST_HOME command args... -> $work/hoist-NAME.jsa: a static archive (as the
  # launcher makes) of the classes one run of the command loaded
  local name=$1 home=$2
  shift 2
  HOIST_HOME="$home" "${jvm[@]}" -XX:DumpLoadedClassList="$work/hoist-$name.classes" \
    -cp "$jar" dev.hoist.cli.Main "$@" >/dev/null 2>&1
  "${jvm[@]}" -Xshare:dump -XX:SharedClassListFile="$work/hoist-$name.classes" \
    -XX:SharedArchiveFile="$work/hoist-$name.jsa" -cp "$jar" >/dev/null 2>&1
}
hoist() { # command args... (HOIST_HOME must be set)
  hoist_cmd "$1"
  "${cmd[@]}" "$@"
}

push_home="$work/push-home"
if [[ ! -d $push_home ]]; then
  say "loading the image into a hoist home (untimed)"
  tar -C "$layout" -cf "$work/layout.tar" .
  HOIST_HOME="$push_home" hoist load -i "$work/layout.tar" >/dev/null
  rm -f "$work/layout.tar"
fi

say "training class-data archives for push and pull (untimed)"
start_registry
rm -f "$work"/hoist-*.jsa
train push "$push_home" push --progress=plain bench/image:1 "127.0.0.1:$reg_port/bench/train:1"
rm -rf "$work/pull-home"
train pull "$work/pull-home" pull --progress=plain "127.0.0.1:$reg_port/bench/train:1"
rm -rf "$work/pull-home"

declare -A times
timed() { # name command... -> appends the wall time to times[name] and a raw line
  local t0 t1 t
  sync
  local run=("${@:2}")
  if [[ ${run[0]} == hoist ]]; then
    hoist_cmd "${run[1]}"
    run=("${cmd[@]}" "${run[@]:1}")
  fi
  t0=$(now)
  /usr/bin/time -f 'max_rss_kb=%M cpu_user=%U cpu_sys=%S' -o "$work/time.txt" "${run[@]}" >"$work/out.txt" 2>&1 || {
    cat "$work/out.txt" >&2
    exit 1
  }
  t1=$(now)
  t=$(echo "$t1 - $t0" | bc)
  echo "$1 run=$i wall_s=$t $(cat "$work/time.txt")" | tee -a "$raw" >&2
  times[$1]+="$t "
}

for ((i = 1; i <= runs; i++)); do
  say "run $i of $runs"
  start_registry
  reg="127.0.0.1:$reg_port"
  export HOIST_HOME="$push_home"
  timed hoist-push hoist push --progress=plain bench/image:1 "$reg/bench/hoist:1"
  timed hoist-push-again hoist push --progress=plain bench/image:1 "$reg/bench/hoist:1"
  timed skopeo-push skopeo --insecure-policy copy -q --dest-tls-verify=false "oci:$layout:bench/image:1" \
    "docker://$reg/bench/skopeo:1"

  rm -rf "$work/pull-home" "$work/skopeo-pull"
  export HOIST_HOME="$work/pull-home"
  timed hoist-pull hoist pull --progress=plain "$reg/bench/skopeo:1"
  timed skopeo-pull skopeo --insecure-policy copy -q --src-tls-verify=false "docker://$reg/bench/hoist:1" \
    "oci:$work/skopeo-pull:1"
  rm -rf "$work/skopeo-pull"
  # like for like: skopeo pulls the very image hoist pulled (its own gzip layers, stored as
  # they are); above, it gzips hoist's uncompressed layers on the way into oci:, as it does
  # by default
  timed skopeo-pull-same skopeo --insecure-policy copy -q --src-tls-verify=false \
    "docker://$reg/bench/skopeo:1" "oci:$work/skopeo-pull:1"
  rm -rf "$work/pull-home" "$work/skopeo-pull"
  # like for like: skopeo pushes the layers as they are (no gzip on the way), as hoist does,
  # to a fresh registry (nothing to skip or mount)
  start_registry
  reg="127.0.0.1:$reg_port"
  timed skopeo-push-same skopeo --insecure-policy copy -q --dest-tls-verify=false --preserve-digests \
    "oci:$layout:bench/image:1" "docker://$reg/bench/skopeo:1"
done
stop_registry

med() { tr ' ' '\n' <<<"${times[$1]}" | grep . | median | xargs printf '%.2f'; }
maxrss() { awk -v n="$1" '$1 == n {for (i = 1; i <= NF; i++) if ($i ~ /^max_rss_kb=/) {split($i, a, "="); if (a[2] > m) m = a[2]}} END {printf "%.0f", m / 1024}' "$raw"; }
hp=$(med hoist-push); sp=$(med skopeo-push); ha=$(med hoist-push-again)
hl=$(med hoist-pull); sl=$(med skopeo-pull)
sps=$(med skopeo-push-same); sls=$(med skopeo-pull-same)
{
  echo "registry benchmark: $(date -u +%FT%TZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), work on $where"
  echo "image: 3 layers, $image_bytes bytes of random data; median of $runs runs; hoist with -Xmx256m"
  printf '%-28s %8s s   (max RSS %s MB)\n' "hoist push" "$hp" "$(maxrss hoist-push)"
  printf '%-28s %8s s   (gzips the layers)\n' "skopeo copy oci: -> docker:" "$sp"
  printf '%-28s %8s     (target <= 0.70)\n' "ratio push" "$(echo "scale=2; $hp / $sp" | bc)"
  printf '%-28s %8s s   (max RSS %s MB)\n' "hoist pull" "$hl" "$(maxrss hoist-pull)"
  printf '%-28s %8s s   (gzips hoist layers)\n' "skopeo copy docker: -> oci:" "$sl"
  printf '%-28s %8s     (target <= 0.70)\n' "ratio pull" "$(echo "scale=2; $hl / $sl" | bc)"
  printf '%-28s %8s s   (target < 1 s)\n' "hoist push, all blobs exist" "$ha"
  echo "like for like (skopeo not compressing on the way, the same image pulled by both):"
  printf '%-28s %8s s\n' "skopeo push --preserve-digests" "$sps"
  printf '%-28s %8s\n' "ratio push, like for like" "$(echo "scale=2; $hp / $sps" | bc)"
  printf '%-28s %8s s\n' "skopeo pull, same image" "$sls"
  printf '%-28s %8s\n' "ratio pull, like for like" "$(echo "scale=2; $hl / $sls" | bc)"
} | tee "$summary"
