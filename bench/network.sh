#!/usr/bin/env bash
# Network benchmarks (see bench/README.md, "Network"), interleaved runs, medians:
#   1. `./hoist run --rm IMAGE true` on the bridge (the default) vs `--network none`: the
#      network's cost per container (target < 30 ms)
#   2. 1 GiB host → container through a published port (`-p 127.0.0.1:P:9000`, DNAT) vs the same
#      transfer to a listener on the host's loopback (target ≥ 0.8×); the receiver is a small
#      static C program reading 1 MiB at a time on both sides (busybox nc's small buffer would
#      be the bottleneck), the sender a python3 socket writing 1 MiB buffers
#   3. 1,000 short HTTP requests (a new connection each) to busybox httpd through a published
#      port vs busybox httpd on the host's loopback: connections per second
#   2 and 3 also through an emulation of Docker's userland proxy (docker-proxy): a user-space
#   relay (python3, splice(2) through a 1 MiB pipe per direction, as Go's io.Copy between two
#   TCP connections does) on 127.0.0.1 to the container's address; not Docker itself
# Needs root, busybox-static, iproute2, iptables, python3, cc with a static libc. Traffic only to 127.0.0.1.
#
# Environment: RUNS (benchmark 1, per mode; default 20), ROUNDS (benchmarks 2 and 3, per side;
# default 5), BENCH_DIR (default /tmp/hoist-bench-network)
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
results="$root/bench/results"
mkdir -p "$results"
runs="${RUNS:-20}"
rounds="${ROUNDS:-5}"
work="${BENCH_DIR:-/tmp/hoist-bench-network}"
summary="$results/network-summary.txt"
hoist="$root/hoist"
image=bench:network

say() { printf '\n== %s\n' "$*" >&2; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
now() { date +%s.%N; }

[[ $(id -u) == 0 ]] || { echo "bench/network.sh needs root" >&2; exit 1; }
for tool in /bin/busybox ip iptables python3 cc; do
  command -v "$tool" >/dev/null || { echo "bench/network.sh needs $tool" >&2; exit 1; }
done

export HOIST_HOME="$work/home"
cleanup() {
  "$hoist" rm -f bench-sink bench-web >/dev/null 2>&1 || true
  [[ -n ${host_pids:-} ]] && kill $host_pids 2>/dev/null || true
  [[ -n ${relay_pids:-} ]] && kill $relay_pids 2>/dev/null || true
}
trap cleanup EXIT
rm -rf "$work"
mkdir -p "$work/rootfs/bin" "$work/rootfs/etc" "$work/rootfs/tmp" "$work/rootfs/www"
cp /bin/busybox "$work/rootfs/bin/busybox"
for applet in sh true echo nc httpd; do ln -s busybox "$work/rootfs/bin/$applet"; done
echo 'root:x:0:0:root:/root:/bin/sh' >"$work/rootfs/etc/passwd"
echo 'root:x:0:' >"$work/rootfs/etc/group"
echo 'hello' >"$work/rootfs/www/index.html"
# the receiver: accepts connections on PORT one after the other, reads each to its end
cat >"$work/sink.c" <<'C'
#include <netinet/in.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>
int main(int argc, char **argv) {
  static char buf[1 << 20];
  int s = socket(AF_INET, SOCK_STREAM, 0), one = 1;
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(atoi(argv[1]))};
  if (argc > 2) a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (bind(s, (struct sockaddr *)&a, sizeof a) || listen(s, 4)) return 1;
  for (;;) {
    int c = accept(s, 0, 0);
    while (read(c, buf, sizeof buf) > 0) {}
    close(c);
  }
}
C
cc -static -O2 -o "$work/rootfs/bin/sink" "$work/sink.c"
tar -C "$work/rootfs" -cf "$work/rootfs.tar" .

say "building hoist when needed, importing $image"
"$hoist" version >/dev/null
"$hoist" import "$work/rootfs.tar" "$image" >/dev/null
for _ in 1 2 3; do "$hoist" run --rm "$image" true; "$hoist" run --rm --network none "$image" true; done

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

say "1. run --rm $image true: bridge vs --network none, $runs each, interleaved"
: >"$work/bridge.txt"; : >"$work/none.txt"
for ((i = 0; i < runs; i++)); do
  s=$(now); "$hoist" run --rm "$image" true; e=$(now); echo "$e - $s" | bc >>"$work/bridge.txt"
  s=$(now); "$hoist" run --rm --network none "$image" true; e=$(now); echo "$e - $s" | bc >>"$work/none.txt"
done
bridge=$(median <"$work/bridge.txt")
none=$(median <"$work/none.txt")
cost_ms=$(echo "($bridge - $none) * 1000" | bc -l)

# the sender: 1 GiB in 1 MiB writes, then waits for the receiver to close; prints seconds
cat >"$work/send.py" <<'PY'
import socket, sys, time
port = int(sys.argv[1]); total = 1 << 30; buf = b"\0" * (1 << 20)
for attempt in range(100):
    try:
        s = socket.create_connection(("127.0.0.1", port)); break
    except OSError:
        time.sleep(0.1)
start = time.monotonic()
for _ in range(total // len(buf)):
    s.sendall(buf)
s.shutdown(socket.SHUT_WR)
while s.recv(65536):
    pass
print(time.monotonic() - start)
PY
# 1,000 requests, a connection each; prints connections per second
cat >"$work/requests.py" <<'PY'
import socket, sys, time
port = int(sys.argv[1]); n = 1000
def get():
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"GET / HTTP/1.0\r\n\r\n")
    while s.recv(65536):
        pass
    s.close()
for attempt in range(100):
    try:
        get(); break
    except OSError:
        time.sleep(0.1)
start = time.monotonic()
for _ in range(n):
    get()
print(n / (time.monotonic() - start))
PY

# the docker-proxy emulation: accepts on 127.0.0.1:PORT, connects to TARGET:TPORT for each
# connection, copies both ways with splice(2) in a thread each (docker-proxy: a goroutine each,
# io.Copy, which splices between TCP sockets on Linux), half-closes as it does
cat >"$work/relay.py" <<'PY'
import fcntl, os, socket, sys, threading
port, target, tport = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
CHUNK = 1 << 20
def copy(src, dst):
    r, w = os.pipe()
    fcntl.fcntl(w, 1031, CHUNK)  # F_SETPIPE_SZ
    try:
        while True:
            n = os.splice(src.fileno(), w, CHUNK)
            if n == 0:
                break
            while n:
                n -= os.splice(r, dst.fileno(), n)
    except OSError:
        pass
    finally:
        os.close(r); os.close(w)
        try:
            dst.shutdown(socket.SHUT_WR)
        except OSError:
            pass
def serve(client):
    try:
        backend = socket.create_connection((target, tport))
    except OSError:
        client.close(); return
    t = threading.Thread(target=copy, args=(backend, client)); t.start()
    copy(client, backend); t.join()
    client.close(); backend.close()
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", port)); s.listen(128)
while True:
    c, _ = s.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
PY

sink_port=$(free_port)
loop_sink=$(free_port)
web_port=$(free_port)
loop_web=$(free_port)
"$hoist" run -d --name bench-sink -p "127.0.0.1:$sink_port:9000" "$image" sink 9000 >/dev/null
"$hoist" run -d --name bench-web -p "127.0.0.1:$web_port:80" "$image" httpd -f -p 80 -h /www >/dev/null
"$work/rootfs/bin/sink" "$loop_sink" loopback &
host_pids="$!"
busybox httpd -f -p "127.0.0.1:$loop_web" -h "$work/rootfs/www" &
host_pids="$host_pids $!"
sink_mtu=$("$hoist" exec bench-sink sh -c 'read m </sys/class/net/eth0/mtu; echo $m' 2>/dev/null || echo '?')
relay_sink=$(free_port)
relay_web=$(free_port)
address() { "$hoist" inspect --format '{{.NetworkSettings.IPAddress}}' "$1"; }
python3 "$work/relay.py" "$relay_sink" "$(address bench-sink)" 9000 &
relay_pids="$!"
python3 "$work/relay.py" "$relay_web" "$(address bench-web)" 80 &
relay_pids="$relay_pids $!"

say "2. 1 GiB host → container: published port vs loopback vs relay, $rounds rounds, interleaved"
: >"$work/xfer-port.txt"; : >"$work/xfer-loop.txt"; : >"$work/xfer-relay.txt"
for ((i = 0; i < rounds; i++)); do
  python3 "$work/send.py" "$sink_port" >>"$work/xfer-port.txt"
  python3 "$work/send.py" "$loop_sink" >>"$work/xfer-loop.txt"
  python3 "$work/send.py" "$relay_sink" >>"$work/xfer-relay.txt"
done
xfer_port=$(median <"$work/xfer-port.txt")
xfer_loop=$(median <"$work/xfer-loop.txt")
xfer_relay=$(median <"$work/xfer-relay.txt")

say "3. 1,000 HTTP requests: published port vs loopback vs relay, $rounds rounds, interleaved"
: >"$work/req-port.txt"; : >"$work/req-loop.txt"; : >"$work/req-relay.txt"
for ((i = 0; i < rounds; i++)); do
  python3 "$work/requests.py" "$web_port" >>"$work/req-port.txt"
  python3 "$work/requests.py" "$loop_web" >>"$work/req-loop.txt"
  python3 "$work/requests.py" "$relay_web" >>"$work/req-relay.txt"
done
req_port=$(median <"$work/req-port.txt")
req_loop=$(median <"$work/req-loop.txt")
req_relay=$(median <"$work/req-relay.txt")

{
  echo "Network ($(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
  printf 'bench-sink'"'"'s link MTU %s, hoist0 %s; the host'"'"'s TCP congestion control: %s\n' \
    "$sink_mtu" "$(cat /sys/class/net/hoist0/mtu)" "$(cat /proc/sys/net/ipv4/tcp_congestion_control)"
  printf '1. run --rm %s true: bridge median %.3f s, --network none %.3f s: the network costs %.0f ms (%d runs each, interleaved); target < 30 ms\n' \
    "$image" "$bridge" "$none" "$cost_ms" "$runs"
  printf '2. 1 GiB host → container: published port (DNAT) median %.2f s (%.0f MiB/s), loopback %.2f s (%.0f MiB/s): %.2f× (%d rounds); target ≥ 0.8×\n' \
    "$xfer_port" "$(echo "1024 / $xfer_port" | bc -l)" "$xfer_loop" "$(echo "1024 / $xfer_loop" | bc -l)" \
    "$(echo "$xfer_loop / $xfer_port" | bc -l)" "$rounds"
  printf '   docker-proxy emulation (user-space relay, not Docker): %.2f s (%.0f MiB/s): %.2f× loopback\n' \
    "$xfer_relay" "$(echo "1024 / $xfer_relay" | bc -l)" "$(echo "$xfer_loop / $xfer_relay" | bc -l)"
  printf '3. 1,000 HTTP requests, a connection each: published port median %.0f conn/s, loopback %.0f conn/s: %.2f× (%d rounds)\n' \
    "$req_port" "$req_loop" "$(echo "$req_port / $req_loop" | bc -l)" "$rounds"
  printf '   docker-proxy emulation (user-space relay, not Docker): %.0f conn/s: %.2f× loopback\n' \
    "$req_relay" "$(echo "$req_relay / $req_loop" | bc -l)"
} | tee "$summary"
