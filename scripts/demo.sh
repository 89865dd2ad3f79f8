#!/usr/bin/env bash
# The quick start: prepares the machine, then trains GRU4Rec on the demo data and prints the evaluation table.
# Extra arguments go to `actorrec demo` (e.g. --epochs 3).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
dotnet run -c Release --project src/ActorRec.Cli -- demo "$@"
