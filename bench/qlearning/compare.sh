#!/usr/bin/env bash
# Trains GRU4Rec, SQN and SMORL on one data set over several seeds and compares them (with most-popular) on every
# accuracy and beyond-accuracy metric. SMORL's diversity reward uses the item embedding of the GRU4Rec of its seed.
# "gru-xe" is SQN's own setup without the Q-learning loss (td_weight 0): the ablation that isolates what the Q head adds.
#   bench/qlearning/compare.sh <data set> <output dir> [seeds] [gru4rec epochs] [sqn/smorl epochs] [sqn/smorl batch]
# Example: bench/qlearning/compare.sh jdata results/qlearning-jdata "1 2 3" 10 10 32
# ACTORREC_CLI may name a built actorrec executable; otherwise the CLI is built in Release.
# ACTORREC_DATA_ARGS adds data options to every command, e.g. "--min-item-support 1".
# ACTORREC_ABLATION=0 skips gru-xe (it costs as much as SQN to train).
set -euo pipefail
data=$1; out=$(mkdir -p "$2" && realpath "$2"); seeds=${3:-"1 2 3"}
gru_epochs=${4:-10}; q_epochs=${5:-10}; q_batch=${6:-32}
root=$(cd "$(dirname "$0")/../.." && pwd)
export OMP_WAIT_POLICY=PASSIVE
if [[ -z "${ACTORREC_CLI:-}" ]]; then
  dotnet build "$root/src/ActorRec.Cli" -c Release -v q -nologo >/dev/null
  ACTORREC_CLI="$root/artifacts/bin/ActorRec.Cli/release/actorrec"
fi
cli() { "$ACTORREC_CLI" "$@"; }

read -r -a data_args <<< "${ACTORREC_DATA_ARGS:-}"
checkpoints=()
for seed in $seeds; do
  gru="$out/gru4rec-s$seed"; xe="$out/gru-xe-s$seed"; sqn="$out/sqn-s$seed"; smorl="$out/smorl-s$seed"
  common=(--data "$data" "${data_args[@]}" --threads 1 --no-epoch-eval --baselines pop --seed "$seed")
  [[ -d $gru ]] || cli train "${common[@]}" --preset rsc15-xe --epochs "$gru_epochs" --out "$gru" --results "$gru.results" > "$gru.log"
  if [[ ${ACTORREC_ABLATION:-1} != 0 ]]; then
    [[ -d $xe ]] || cli train "${common[@]}" --model sqn --td-weight 0 --label gru-xe --epochs "$q_epochs" --batch-size "$q_batch" \
      --out "$xe" --results "$xe.results" > "$xe.log"
    checkpoints+=("$xe")
  fi
  [[ -d $sqn ]] || cli train "${common[@]}" --model sqn --epochs "$q_epochs" --batch-size "$q_batch" --out "$sqn" --results "$sqn.results" > "$sqn.log"
  [[ -d $smorl ]] || cli train "${common[@]}" --model smorl --epochs "$q_epochs" --batch-size "$q_batch" \
    --diversity-embedding "$gru" --out "$smorl" --results "$smorl.results" > "$smorl.log"
  checkpoints+=("$gru" "$sqn" "$smorl")
done

# The first GRU4Rec's item embedding is the common yardstick of embedding diversity for every model.
cli compare "${checkpoints[@]}" --data "$data" "${data_args[@]}" --threads 1 --baselines pop --reference "$out/gru4rec-s${seeds%% *}" --results "$out" | tee "$out/compare.txt"
