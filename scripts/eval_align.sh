#!/usr/bin/env bash
# Sentence-alignment evaluation, refereed: builds the tasks with ../shared/tools/align_eval
# (NTREX clean, NTREX hard for several seeds, Text+Berg de-fr), runs tarjama's aligner on each
# (examples/align_eval.rs, which prints its own strict/lax P/R/F1 and timings), then scores
# the very same output with the referee score.py. The two JSON lines must agree.
# Last, material the aligner was never tuned on: Tatoeba ara-eng laid out as pseudo-articles
# (scripts/tatoeba_docs.py) and made "hard" by the referee's builder, aligned once as is and
# once with a memory whose reviewed units are 7,584 other Tatoeba pairs (--learn).
# Usage: scripts/eval_align.sh [SEED…]   (default seeds: 7 3 11 23)
set -euo pipefail
cd "$(dirname "$0")/.."
kit=../shared/tools/align_eval
data=../shared/data
if [ ! -d "$kit" ] || [ ! -d "$data" ]; then
  echo "eval_align: ../shared is absent; nothing to evaluate" >&2
  exit 0
fi
work=target/align-eval
rm -rf "$work"
mkdir -p "$work"
seeds=("${@:-7}")
[ $# -eq 0 ] && seeds=(7 3 11 23)

python3 "$kit/make_ntrex.py" "$data/ntrex128-en-ar" "$work/ntrex-clean" --variant clean >/dev/null
for seed in "${seeds[@]}"; do
  python3 "$kit/make_ntrex.py" "$data/ntrex128-en-ar" "$work/ntrex-hard-$seed" --variant hard --seed "$seed" >/dev/null
done
python3 "$kit/convert.py" textberg "$data/textberg-de-fr" "$work/textberg" >/dev/null

cargo build --release --quiet --example align_eval
for dataset in "$work"/ntrex-clean "$work"/ntrex-hard-* "$work"/textberg; do
  name=$(basename "$dataset")
  out="$work/out/$name"
  echo "== $name"
  printf 'tarjama: '
  target/release/examples/align_eval "$dataset" "$out" | head -1
  printf 'referee: '
  python3 "$kit/score.py" --test "$out"/*.test --gold "$dataset"/*.gold
done

python3 scripts/tatoeba_docs.py "$data/tatoeba-ara-eng/ara.txt" "$work/tatoeba-src"
heldout="$work/tatoeba-src/heldout.ar-en.tsv"
for seed in "${seeds[@]}"; do
  dataset="$work/tatoeba-hard-$seed"
  python3 "$kit/make_ntrex.py" "$work/tatoeba-src" "$dataset" --variant hard --seed "$seed" >/dev/null
  for run in untaught taught; do
    out="$work/out/tatoeba-hard-$seed-$run"
    learn=()
    [ "$run" = taught ] && learn=(--learn "$heldout")
    echo "== tatoeba-hard-$seed ($run)"
    printf 'tarjama: '
    target/release/examples/align_eval "$dataset" "$out" --no-concat "${learn[@]}" | grep '^{'
    printf 'referee: '
    python3 "$kit/score.py" --test "$out"/*.test --gold "$dataset"/*.gold
  done
done
