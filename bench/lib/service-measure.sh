# Measuring commands against an Engine API service (bench/warm-service.sh,
# bench/podman-side-by-side.sh): `measure NAME COMMAND…` runs COMMAND $WARMUP times as warm-ups
# (default 1), then $runs times; prints NAME, the median wall seconds, the mean CPU seconds per run of the command
# (user+sys with its children) and of the service whose PID is $svc (its /proc ticks over the
# runs). Needs $out (a scratch directory) and $runs.
# utime stime cutime cstime of $1 and of its live children (the service's `hoist-net serve`
# processes, whose own children's CPU reaches the service only when they end)
ticks() {
  local p t=0
  for p in "$1" $(pgrep -P "$1"); do
    t=$((t + $(awk '{print $14 + $15 + $16 + $17}' "/proc/$p/stat" 2>/dev/null || echo 0)))
  done
  echo "$t"
}
hz=$(getconf CLK_TCK)
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

# `measure NAME COMMAND…`: RUNS runs after WARMUP warm-ups (default 1); prints the median wall seconds and the
# mean CPU seconds per run (the command's user+sys with its children; plus the service's)
measure() {
  local name=$1 i s0 e0 c0 c1 walls=() cpus=()
  shift
  if ! "$@" >"$out/$name.log" 2>&1; then
    echo "$name: failed (see $out/$name.log)"
    return 0
  fi
  for i in $(seq 2 "${WARMUP:-1}"); do "$@" >/dev/null 2>&1 || true; done
  c0=$(ticks "$svc")
  for i in $(seq 1 "$runs"); do
    s0=$(date +%s%N)
    /usr/bin/time -f "%U %S" -o "$out/time.txt" "$@" >/dev/null 2>&1
    e0=$(date +%s%N)
    walls+=("$(echo "($e0 - $s0) / 1000000000" | bc -l)")
    cpus+=("$(awk '{print $1 + $2}' "$out/time.txt")")
  done
  c1=$(ticks "$svc")
  local wall client service
  wall=$(printf '%s\n' "${walls[@]}" | median)
  client=$(printf '%s\n' "${cpus[@]}" | awk '{s += $1} END {print s / NR}')
  service=$(echo "($c1 - $c0) / $hz / $runs" | bc -l)
  printf '%s %.3f %.3f %.3f\n' "$name" "$wall" "$client" "$service"
}

