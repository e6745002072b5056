# A throw-away docker-registry for the benchmarks, sourced by bench/registry.sh and
# bench/build.sh: start_registry starts one on a free loopback port with fresh storage under
# $work (reg_port, reg_pid are set); stop_registry stops it and removes its storage.
# Needs docker-registry, python3 and curl.
reg_pid=""
reg_port=""
start_registry() { # fresh storage, new port
  stop_registry
  reg_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  local dir="$work/registry-$reg_port"
  mkdir -p "$dir/storage"
  cat >"$dir/config.yml" <<EOF
version: 0.1
log: {level: error, accesslog: {disabled: true}}
storage:
  filesystem: {rootdirectory: "$dir/storage"}
  delete: {enabled: true}
  maintenance: {uploadpurging: {enabled: false}}
http: {addr: "127.0.0.1:$reg_port"}
EOF
  docker-registry serve "$dir/config.yml" >"$dir/log" 2>&1 &
  reg_pid=$!
  for _ in $(seq 100); do
    curl -sf "http://127.0.0.1:$reg_port/v2/" >/dev/null 2>&1 && return 0
    sleep 0.05
  done
  echo "docker-registry did not start: $(cat "$dir/log")" >&2
  exit 1
}
stop_registry() {
  if [[ -n $reg_pid ]]; then
    kill "$reg_pid" 2>/dev/null || true
    wait "$reg_pid" 2>/dev/null || true
    rm -rf "$work/registry-$reg_port"
    reg_pid=""
  fi
}
