#!/usr/bin/env bash
# Cluster benchmark: for each silo count and front end, starts as real processes on loopback a Redis (AOF everysec,
# own folder), N silos sharing it and one model store, and, behind a gateway, one ActorRec.Gateway; drives them with
# `actorrec loadtest` (closed loop); and reports throughput, latency, Redis commands and bytes per click, and where
# clicks entered relative to their session's silo (actorrec_session_clicks_total{origin}).
#   bench/cluster.sh <model store> <output dir> [silo counts] [front ends] [placements]
#   bench/cluster.sh models results/cluster "1 2 3" "cohosted gateway" "local random"
# Environment: DATA (default yoochoose-100k), DURATION (20 s measured), WARMUP (5 s), STREAMS (8), SESSIONS (8 per stream).
# Every process is on this machine, so N silos share its cores: the numbers show per-click costs and the overhead of
# the extra tiers, not capacity that grows with silos (docs/scaling.md).
set -euo pipefail
store=$(realpath "$1"); out=$(mkdir -p "$2" && realpath "$2")
counts=${3:-"1 2 3"}; fronts=${4:-"cohosted gateway"}; placements=${5:-"local"}
data=${DATA:-yoochoose-100k}; duration=${DURATION:-20}; warmup=${WARMUP:-5}; streams=${STREAMS:-8}; sessions=${SESSIONS:-8}
root=$(cd "$(dirname "$0")/.." && pwd)
export OMP_WAIT_POLICY=PASSIVE
for project in ActorRec.Server ActorRec.Gateway ActorRec.Cli; do
  dotnet build "$root/src/$project" -c Release -v q -nologo >/dev/null
done
bin="$root/artifacts/bin"
cli="$bin/ActorRec.Cli/release/actorrec.dll"
free_port() { python3 -c 'import random, socket
for _ in range(1000):
    p = random.randint(20000, 32767); s = socket.socket()
    try: s.bind(("127.0.0.1", p)); print(p); break
    except OSError: pass
    finally: s.close()'; }  # below the kernel's ephemeral range, so no outgoing connection takes it before it is bound

pids=()
# Newest first: the gateway and the silos leave the cluster while Redis still answers, then Redis.
stop_all() {
  local i
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill "${pids[i]}" 2>/dev/null || true; wait "${pids[i]}" 2>/dev/null || true; done
  pids=()
}
trap stop_all EXIT

wait_for() { # description, command...
  local what=$1; shift
  for _ in $(seq 120); do ("$@") >/dev/null 2>&1 && return 0; sleep 0.5; done
  echo "timed out waiting for $what" >&2; return 1
}

redis_stat() { redis-cli -p "$1" INFO "$2" | tr -d '\r'; }
summary="$out/summary.md"
echo "| front end | silos | placement | clicks/s | p50 ms | p90 ms | p99 ms | errors | Redis cmds/click | Redis bytes in/click | Redis bytes out/click | local | remote | gateway | silo-to-silo msgs/click | Redis CPU µs/click |" > "$summary"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|" >> "$summary"

for placement in $placements; do
for front in $fronts; do
  for n in $counts; do
    name="$front-$n-$placement"; dir="$out/$name"; rm -rf "$dir"; mkdir -p "$dir/redis"
    redis_port=$(free_port)
    redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$dir/redis" --appendonly yes --appendfsync everysec --save "" > "$dir/redis.log" 2>&1 &
    pids+=($!)
    wait_for "redis" redis-cli -p "$redis_port" PING
    urls=(); metrics=()
    # Behind the gateway tier the silos serve no public API and open their Orleans client gateway to it instead.
    public=true; client_gateway=false; [ "$front" = gateway ] && public=false && client_gateway=true
    for i in $(seq "$n"); do
      grpc=$(free_port); metric=$(free_port)
      (cd "$dir" && exec dotnet "$bin/ActorRec.Server/release/ActorRec.Server.dll" \
        --Cluster:Redis="127.0.0.1:$redis_port" --Cluster:SiloPort="$(free_port)" --Cluster:GatewayPort="$(free_port)" --Cluster:ClientGateway="$client_gateway" \
        --Kestrel:Endpoints:Grpc:Url="http://127.0.0.1:$grpc" --Kestrel:Endpoints:Metrics:Url="http://127.0.0.1:$metric" --Kestrel:Endpoints:Metrics:Protocols=Http1 \
        --Serving:PublicApi="$public" --Sessions:Placement="$placement" --ModelStore:Directory="$store" \
        --ClickLog:Directory="$dir/clicklog-$i" --Logging:LogLevel:Default=Warning) > "$dir/silo-$i.log" 2>&1 &
      pids+=($!)
      urls+=("http://127.0.0.1:$grpc"); metrics+=("http://127.0.0.1:$metric/metrics")
    done
    for m in "${metrics[@]}"; do wait_for "silo model at $m" sh -c "curl -sf $m | grep -q '^actorrec_model_active{'"; done
    target=$(IFS=,; echo "${urls[*]}")
    if [ "$front" = gateway ]; then
      gw=$(free_port)
      dotnet "$bin/ActorRec.Gateway/release/ActorRec.Gateway.dll" --Cluster:Redis="127.0.0.1:$redis_port" \
        --Kestrel:Endpoints:Grpc:Url="http://127.0.0.1:$gw" --Kestrel:Endpoints:Metrics:Url="http://127.0.0.1:$(free_port)" --Kestrel:Endpoints:Metrics:Protocols=Http1 \
        --Logging:LogLevel:Default=Warning > "$dir/gateway.log" 2>&1 &
      pids+=($!)
      target="http://127.0.0.1:$gw"
      wait_for "gateway" dotnet "$cli" models active --url "$target"
    fi
    # Every silo must see the others before load starts, or the first sessions all land on the early ones.
    sleep 2
    before_stats=$(redis_stat "$redis_port" stats; redis_stat "$redis_port" cpu)
    dotnet "$cli" loadtest --url "$target" --data "$data" --streams "$streams" --sessions-per-stream "$sessions" \
      --warmup "$warmup" --duration "$duration" --json "$dir/loadtest.json" > "$dir/loadtest.txt" 2>&1
    after_stats=$(redis_stat "$redis_port" stats; redis_stat "$redis_port" cpu)
    for m in "${metrics[@]}"; do curl -sf "$m"; done > "$dir/silos.metrics"
    echo "$before_stats" > "$dir/redis-before.txt"; echo "$after_stats" > "$dir/redis-after.txt"
    python3 - "$dir" "$front" "$n" "$placement" >> "$summary" <<'PY'
import json, re, sys
d, front, n, placement = sys.argv[1:]
r = json.load(open(f"{d}/loadtest.json"))
def stat(name, text):
    m = re.search(rf"^{name}:([\d.]+)", text, re.M); return float(m.group(1)) if m else 0
before, after = open(f"{d}/redis-before.txt").read(), open(f"{d}/redis-after.txt").read()
origins = {"local": 0, "remote": 0, "gateway": 0}
for line in open(f"{d}/silos.metrics"):
    if line.startswith("actorrec_session_clicks_total{"):
        o = re.search(r'origin="([^"]+)"', line).group(1)
        origins[o] = origins.get(o, 0) + float(line.rsplit("}", 1)[1].split()[0])
# Messages one silo sent another over the network (requests, responses, one-way; pings left out): session clicks
# that cross, and also the grain directory's registrations of new sessions on the silo that owns their directory entry.
def total_of(pattern):
    return sum(float(l.rsplit("}", 1)[1].split()[0]) for l in open(f"{d}/silos.metrics") if re.match(pattern, l))
silo_to_silo = total_of(r'orleans_messaging_sent_messages_size\w*_count\{.*ConnectionDirection="SiloToSilo"') - total_of(r"orleans_messaging_pings_sent\w*\{")
# The Redis counters cover warm-up, measured window and drain: divide by every click the silos received in that time.
total = max(sum(origins.values()), 1)
cmds = (stat("total_commands_processed", after) - stat("total_commands_processed", before)) / total
bin_ = (stat("total_net_input_bytes", after) - stat("total_net_input_bytes", before)) / total
cpu = sum(stat(k, after) - stat(k, before) for k in ("used_cpu_sys", "used_cpu_user")) / total * 1e6
bout = (stat("total_net_output_bytes", after) - stat("total_net_output_bytes", before)) / total
lat = r.get("latencyMs") or {}
errors = sum(r["errors"].values())
print(f"| {front} | {n} | {placement} | {r['throughputPerSecond']:,.0f} | {lat.get('p50', 0):.1f} | {lat.get('p90', 0):.1f} | {lat.get('p99', 0):.1f} | {errors} "
      f"| {cmds:.2f} | {bin_:,.0f} | {bout:,.0f} | {origins['local']/total:.1%} | {origins['remote']/total:.1%} | {origins['gateway']/total:.1%} | {silo_to_silo/total:.2f} | {cpu:.0f} |")
PY
    stop_all
    tail -n 1 "$summary"
  done
done
done
echo "$summary"
