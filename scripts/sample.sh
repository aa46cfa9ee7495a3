#!/usr/bin/env bash
# The main job on the bundled sample, end to end: build tarjama, fill a scratch memory from
# memories/ and glossaries/, align the sample story, check its English against the glossary,
# suggest translations for a new Arabic story, and pretranslate it into an XLIFF draft.
# Leaves your own memory untouched.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
tarjama=target/release/tarjama
export TARJAMA_TM=target/sample-memory.db
rm -f "$TARJAMA_TM" "$TARJAMA_TM"-wal "$TARJAMA_TM"-shm
story=memories/sample/2021-09-09-joc

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "import the past stories (memories/sample/past-stories.csv)"
$tarjama import memories/sample/past-stories.csv

step "import the glossary (glossaries/)"
for g in glossaries/*.csv; do $tarjama glossary import "$g"; done

step "align the Arabic and English versions of today's story into the memory"
$tarjama align "$story.ar.txt" "$story.en.txt" --origin ina-2021-09-09

step "check the English story against the glossary (exit 1 = findings)"
$tarjama check "$story.en.txt" --source "$story.ar.txt" || true

step "suggest translations for a new Arabic story"
$tarjama suggest --file memories/sample/new-story.ar.txt --from ar --to en

step "pretranslate the new story into a draft for a CAT tool (target/sample-draft.xlf)"
$tarjama pretranslate memories/sample/new-story.ar.txt --from ar --to en \
  -o target/sample-draft.xlf

step "what the memory holds"
$tarjama stats
