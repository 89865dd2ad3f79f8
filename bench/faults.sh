#!/usr/bin/env bash
# Fault run: Redis (append-only, fsync every second) and three silos as child processes on loopback, real
# yoochoose-100k sessions replayed through ActorRec.Client at 200 clicks/s for 60 s, while a silo is killed every
# 10 s, Redis is killed once and stalled once and another model version is activated. Ends with one summary line
# and exits non-zero when an acknowledged click was lost, applied twice or out of order, a session's state differs
# from a fault-free replay, or a fault never recovered. docs/faults.md explains the output.
#   bench/faults.sh [actorrec faults options...]      e.g. --duration 20 --report results/faults.json
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
export OMP_WAIT_POLICY=PASSIVE
dotnet build "$root/src/ActorRec.Server" -c Release -v q -nologo >/dev/null
dotnet build "$root/src/ActorRec.Cli" -c Release -v q -nologo >/dev/null
cd "$root"
exec dotnet artifacts/bin/ActorRec.Cli/release/actorrec.dll faults --server artifacts/bin/ActorRec.Server/release/ActorRec.Server.dll "$@"
