# hoist's Engine API service for the benchmarks (bench/warm-service.sh, run-phases.sh,
# multi-platform.sh, run-ab.sh): `start_service SOCK [LOG [HOIST]]` starts `hoist system
# service --time 0` on the UNIX socket SOCK over $HOIST_HOME (its error stream to LOG, default
# $out/service.log; HOIST the launcher, default $root/hoist: another checkout's), waits until it
# answers /_ping and sets svc to its JVM's PID (the launcher execs java);
# `stop_service` stops it. Needs $root and curl.
svc=""
start_service() {
  local sock=$1 log=${2:-$out/service.log} hoist=${3:-$root/hoist}
  "$hoist" system service --time 0 "unix://$sock" 2>"$log" &
  svc=$!
  until curl -sf --unix-socket "$sock" http://x/_ping >/dev/null 2>&1; do
    kill -0 "$svc" 2>/dev/null || { echo "the service did not start: $(cat "$log")" >&2; exit 1; }
    sleep 0.05
  done
}
stop_service() {
  if [[ -n $svc ]]; then
    kill "$svc" 2>/dev/null || true
    wait "$svc" 2>/dev/null || true
    svc=""
  fi
}
