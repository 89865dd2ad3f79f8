#!/usr/bin/env bash
# The quick start: prepares the machine, then trains GRU4Rec on the demo data and prints the evaluation table.
# Extra arguments go to `actorrec demo` (e.g. --epochs 3).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
# libtorch's OpenMP threads spin while waiting; on a small machine shared with other work that makes every
# op cost milliseconds (an epoch measured 14x slower). Passive waiting costs nothing when the machine is idle.
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
dotnet run -c Release --project src/ActorRec.Cli -- demo "$@"
