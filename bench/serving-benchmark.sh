#!/usr/bin/env bash
# Serving benchmark: starts the server on a model store, drives it with `actorrec loadtest` (closed loop at
# several concurrencies, then open loop at a target rate), and writes one JSON report per run.
#   bench/serving-benchmark.sh <model store> <data spec> <output dir> [open-loop rate] [server option ...]
# Server options are passed on as they are, e.g. --Inference:Scorer=Torch (Auto, Torch, Fused or Ivf). A rate of 0
# skips the open loop; CLOSED=0 in the environment skips the closed loops.
# Example: bench/serving-benchmark.sh runs/store-40k "synthetic:items=40000,sessions=100000,seed=7" results/serving-40k 5000
#          bench/serving-benchmark.sh runs/store-40k "synthetic:items=40000,sessions=100000,seed=7" results/serving-40k-torch 5000 --Inference:Scorer=Torch
set -euo pipefail
store=$(realpath "$1"); data=$2; out=$(mkdir -p "$3" && realpath "$3"); rate=${4:-5000}
shift $(( $# < 4 ? $# : 4 ))
root=$(cd "$(dirname "$0")/.." && pwd)
dotnet build "$root/src/ActorRec.Server" -c Release -v q -nologo >/dev/null
dotnet build "$root/src/ActorRec.Cli" -c Release -v q -nologo >/dev/null
server_dir="$root/artifacts/bin/ActorRec.Server/release"
cli="$root/artifacts/bin/ActorRec.Cli/release/actorrec.dll"

(cd "$server_dir" && exec dotnet ActorRec.Server.dll --ModelStore:Directory="$store" --Logging:LogLevel:Default=Warning --Logging:LogLevel:ActorRec=Information "$@") > "$out/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
# A million-item model takes a minute or more to read, hash, warm up and index.
for _ in $(seq 600); do
  grep -q "loaded and warmed up" "$out/server.log" 2>/dev/null && break
  kill -0 $server 2>/dev/null || { cat "$out/server.log"; echo "the server exited before loading a model" >&2; exit 1; }
  sleep 1
done
grep -q "loaded and warmed up" "$out/server.log" || { echo "no model loaded within 10 minutes; see $out/server.log" >&2; exit 1; }
grep -o "loaded and warmed up.*" "$out/server.log" | head -1

run() { # name, loadtest args...
  local name=$1; shift
  (cd "$root" && dotnet "$cli" loadtest --data "$data" --json "$out/$name.json" "$@") | tee "$out/$name.txt"
}
if [ "${CLOSED:-1}" != 0 ]; then
  run closed-1x1 --streams 1 --sessions-per-stream 1 --warmup 5 --duration 20
  run closed-4x8 --streams 4 --sessions-per-stream 8 --warmup 5 --duration 20
  run closed-8x32 --streams 8 --sessions-per-stream 32 --warmup 5 --duration 20
fi
if [ "$rate" != 0 ]; then
  run "open-$rate" --mode open --rate "$rate" --streams 8 --warmup 5 --duration 20
fi
