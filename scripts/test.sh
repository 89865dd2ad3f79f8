#!/usr/bin/env bash
# Runs the whole test suite (after preparing the machine) and ends with one summary line:
# "N passed, N failed, N skipped" (a formatting violation counts as one failure). Extra arguments go to `dotnet test`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
# libtorch's OpenMP threads spin while waiting; on a small machine shared with other work that makes every
# op cost milliseconds (an epoch measured 14x slower). Passive waiting costs nothing when the machine is idle.
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"

format_failed=0
if ! dotnet format ActorRec.sln --verify-no-changes -v q; then
  echo "dotnet format --verify-no-changes: the code is not formatted (run 'dotnet format ActorRec.sln')"
  format_failed=1
fi

results=artifacts/test-results
rm -rf "$results"
status=0
# dotnet test builds only the test projects and what they reference; the CLI and benchmarks must compile too.
dotnet build ActorRec.sln -c Release -v q -nologo || status=$?
if [ "$status" -eq 0 ]; then
  dotnet test ActorRec.sln -c Release --no-build --logger "trx" --results-directory "$results" "$@" || status=$?
fi

passed=0; failed=0; skipped=0
shopt -s nullglob
for trx in "$results"/*.trx; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  value() { printf '%s' "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  passed=$((passed + $(value passed)))
  failed=$((failed + $(value failed) + $(value error) + $(value timeout) + $(value aborted)))
  skipped=$((skipped + $(value notExecuted)))
done
failed=$((failed + format_failed))
[ "$format_failed" -eq 0 ] || status=1
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # The build or the test host failed before any result was written.
  failed=1
fi
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
