#!/usr/bin/env bash
# Crash safety of every writing command: kill -9 at random moments, then PRAGMA integrity_check
# and an all-or-none count (scripts/crash_safety.py says how). Run by hand; bounded:
#   ROUNDS=100 ./scripts/crash_safety.sh        # rounds per operation (default 100)
#   OPS=import,compact SEED=2 BUDGET=600 TARJAMA_BIN=target/release/tarjama ./scripts/crash_safety.sh
# Prints one row per operation; exits 1 if any round left a corrupt or partial memory.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -z "${TARJAMA_BIN:-}" ]]; then
  cargo build --quiet
  export TARJAMA_BIN=target/debug/tarjama
fi
exec nice -n 10 python3 scripts/crash_safety.py
