#!/usr/bin/env bash
# Retraining under load: starts the server on a model store with training enabled, drives it with `actorrec loadtest`
# in open loop with a per-second timeline, starts a retrain a while into the run, and keeps the timeline (CSV), the load
# test report, the trainer's decision and the server log.
#   bench/retraining-timeline.sh <model store> <data spec> <output dir> [rate] [retrain after s] [measured s] [server settings...]
# Example: bench/retraining-timeline.sh runs/store-diginetica diginetica results/retraining 1000 30 150 --Training:BaseData=manifest
# ARTIFACTS=<folder> builds into that folder instead of the repository's artifacts/.
set -euo pipefail
store=$(realpath "$1"); data=$2; out=$(mkdir -p "$3" && realpath "$3")
rate=${4:-1000}; retrain_after=${5:-30}; duration=${6:-150}
shift $(( $# < 6 ? $# : 6 ))
root=$(cd "$(dirname "$0")/.." && pwd)
artifacts=${ARTIFACTS:-$root/artifacts}
dotnet build "$root/src/ActorRec.Server" -c Release -v q -nologo -p:ArtifactsPath="$artifacts" >/dev/null
dotnet build "$root/src/ActorRec.Cli" -c Release -v q -nologo -p:ArtifactsPath="$artifacts" >/dev/null
server_dir="$artifacts/bin/ActorRec.Server/release"
cli="$artifacts/bin/ActorRec.Cli/release/actorrec.dll"
rm -rf "$out/clicklog"

# Runs are started by hand here (MinNewClicks 0, no schedule), so that the timeline shows exactly one.
(cd "$server_dir" && exec dotnet ActorRec.Server.dll --ModelStore:Directory="$store" --ClickLog:Directory="$out/clicklog" \
  --Training:Enabled=true --Training:MinNewClicks=0 --Training:Interval=00:00:00 \
  --Logging:LogLevel:Default=Warning --Logging:LogLevel:ActorRec=Information "$@") > "$out/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 120); do
  grep -q "loaded and warmed up" "$out/server.log" 2>/dev/null && break
  sleep 1
done

(cd "$root" && dotnet "$cli" loadtest --data "$data" --mode open --rate "$rate" --streams 8 --warmup 5 --duration "$duration" \
  --timeline "$out/timeline.csv" --json "$out/loadtest.json") > "$out/loadtest.txt" 2>&1 &
load=$!
sleep "$retrain_after"
date -u +%FT%TZ > "$out/retrain-started.txt"
dotnet "$cli" trainer retrain --force --wait > "$out/retrain.txt" 2>&1 || true
wait $load
dotnet "$cli" trainer decisions > "$out/decisions.txt" 2>&1 || true
cat "$out/retrain.txt" "$out/loadtest.txt"
