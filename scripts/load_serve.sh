#!/usr/bin/env bash
# Load and fault test of `tarjama serve`, run by hand (not in CI): loopback only, every phase
# bounded in time, stops by itself and kills only the processes it started.
#
#   scripts/load_serve.sh [PAIRS]        # default 1000000; needs wrk (apt-get install wrk)
#
# Environment: LOAD_SECONDS (each measured phase, default 20), LOAD_CONNECTIONS (default 8),
# LOAD_THREADS (serve --threads, default the server's own: the number of cores, at least 2), LOAD_BIN (the server binary, default
# target/release/tarjama: to compare two builds on the same queries), LOAD_ONLY_A=1 (phase a
# only: a quick comparison), LOAD_SERVE_ARGS (more `serve` options, e.g. --tokens-in-ram).
#
# 1. builds the bench memory (examples/bench_memory.rs) of PAIRS pairs once, in target/load/,
#    and works on a copy of it;
# 2. picks 2,000 short queries from it (amaGama GET URLs, both directions, half exact, half
#    with a word dropped) and writes a 200k-pair CSV of new pairs;
# 3. phases, each printing req/s, p50/p99 latency, non-2xx answers and wrong answers (a 200
#    whose body is not a JSON array):
#    a. queries alone, N keep-alive connections;
#    b. the same while `tarjama import` adds the 200k pairs (another process);
#    c. the same while `tarjama compact` runs;
#    d. the same while the server itself imports 200k pairs (POST /import), killed with
#       kill -9 mid-import; restarted: PRAGMA integrity_check, the unit count is the one
#       before that import (one transaction), and it answers again.
set -euo pipefail
cd "$(dirname "$0")/.."

PAIRS=${1:-1000000}
SECS=${LOAD_SECONDS:-20}
CONNS=${LOAD_CONNECTIONS:-8}
THREADS=${LOAD_THREADS:-$(( $(nproc) < 2 ? 2 : $(nproc) ))}
WORK=target/load
BIN=${LOAD_BIN:-target/release/tarjama}
DB=$WORK/run.db
mkdir -p "$WORK"
command -v wrk >/dev/null || { echo "load_serve: needs wrk (apt-get install wrk)" >&2; exit 2; }

PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

say() { printf '\n== %s\n' "$*"; }

cargo build --release --quiet --bin tarjama --example bench_memory
BENCH=$WORK/bench-$PAIRS.db
if [ ! -f "$BENCH" ]; then
  say "building the bench memory of $PAIRS pairs (once)"
  nice -n 5 timeout 1800 cargo run --release --quiet --example bench_memory -- \
    "$PAIRS" --import-only --db "$BENCH"
fi
rm -f "$DB" "$DB-wal" "$DB-shm"
cp "$BENCH" "$DB"

say "queries and import files"
# The texts come through `export` (in id order, oriented ar → en): stored texts may be
# compressed (src/memory/text_codec.rs), which plain SQL cannot read.
"$BIN" --tm "$DB" export --format csv --from ar --to en -o "$WORK/units.csv" 2>/dev/null
python3 - "$DB" "$WORK" <<'PY'
import csv, random, sys
from urllib.parse import quote
db, work = sys.argv[1], sys.argv[2]
with open(f"{work}/units.csv", newline="") as f:
    units = [(r[0], r[1]) for r in list(csv.reader(f))[1:]]
# A seeded sample of unit ids (ids run 1..N in the bench memory), so every run (and every
# version compared) asks the same queries; ORDER BY random() gave another set each time.
rnd = random.Random(7)
top = len(units)
ids = rnd.sample(range(1, top + 1), min(top, 260000))
rows = []
for i in ids:
    ar, en = units[i - 1]
    rows.append(("ar", ar, "en", en))
    if len(rows) == 202000:
        break
with open(f"{work}/queries.txt", "w") as out:
    n = 0
    for sl, s, tl, t in rows:
        if n == 2000:
            break
        a, b, text = (sl, tl, s) if n % 2 else (tl, sl, t)
        words = text.split()
        if not 4 <= len(words) <= 25:
            continue
        if n % 4 >= 2:
            del words[rnd.randrange(len(words))]
        out.write(f"/tmserver/{a}/{b}/unit/{quote(' '.join(words), safe='')}\n")
        n += 1
for name, tag in (("import-a.csv", "a"), ("import-b.csv", "b")):
    with open(f"{work}/{name}", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["ar", "en", "origin"])
        for i, (sl, s, tl, t) in enumerate(rows[2000:202000]):
            ar, en = (s, t) if sl.startswith("ar") else (t, s)
            w.writerow([f"{ar} ({tag}{i})", f"{en} ({tag}{i})", f"load-{tag}"])
PY
wc -l "$WORK/queries.txt" | sed 's/^/queries: /'

cat > "$WORK/wrk.lua" <<'LUA'
local paths = {}
local threads = {}
local count = 0
function setup(thread)
  count = count + 1
  thread:set("id", count)
  table.insert(threads, thread)
end
function init(args)
  for line in io.lines(os.getenv("LOAD_QUERIES")) do paths[#paths + 1] = line end
  bad, wrong, i = 0, 0, (id or 1) * 997
end
function request()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
function response(status, headers, body)
  if status < 200 or status > 299 then bad = bad + 1
  elseif body:sub(1, 1) ~= "[" then wrong = wrong + 1 end
end
function done(summary, latency, requests)
  local b, w = 0, 0
  for _, t in ipairs(threads) do b = b + t:get("bad"); w = w + t:get("wrong") end
  local e = summary.errors
  io.write(string.format(
    "RESULT %.0f req/s  p50 %.2f ms  p99 %.2f ms  max %.1f ms  requests %d  non-2xx %d  wrong %d  socket errors %d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, summary.requests, b, w,
    e.connect + e.read + e.write + e.timeout))
end
LUA

TOKEN=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
echo "$TOKEN" > "$WORK/token"
PORT=
start_server() {
  : > "$WORK/serve.out"
  "$BIN" --tm "$DB" serve --addr 127.0.0.1:0 --threads "$THREADS" \
    --write-token "$WORK/token" ${LOAD_SERVE_ARGS:-} > "$WORK/serve.out" 2> "$WORK/serve.err" &
  SERVER=$!
  PIDS+=("$SERVER")
  for _ in $(seq 100); do
    PORT=$(sed -n 's/.*127\.0\.0\.1:\([0-9]*\).*/\1/p' "$WORK/serve.out" | head -1)
    [ -n "$PORT" ] && return 0
    sleep 0.1
  done
  echo "load_serve: the server did not start" >&2; cat "$WORK/serve.err" >&2; exit 1
}
TICKS=$(getconf CLK_TCK)
cpu_ticks() { # CPU time the server used so far, in clock ticks (0 once it is gone)
  awk '{print $14 + $15}' "/proc/$SERVER/stat" 2>/dev/null || echo 0
}
load() { # seconds; prints wrk's figures and the server's CPU time per request, which does
         # not depend on how busy the machine is
  local before after out n
  before=$(cpu_ticks)
  out=$(LOAD_QUERIES="$WORK/queries.txt" timeout $(( $1 + 30 )) \
    wrk -t2 -c"$CONNS" -d"$1s" --timeout 5s -s "$WORK/wrk.lua" "http://127.0.0.1:$PORT" \
    | grep RESULT || true)
  after=$(cpu_ticks)
  echo "$out"
  n=$(sed -n 's/.*requests \([0-9]*\).*/\1/p' <<< "$out")
  if [ -n "$n" ] && [ "$n" -gt 0 ] && [ "$after" -gt 0 ]; then
    echo "server CPU: $(( (after - before) * 1000000 / TICKS / n )) µs per request"
  fi
}
units() {
  python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT count(*) FROM units').fetchone()[0])" "$DB"
}

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); memory: $PAIRS pairs, $(du -m "$DB" | cut -f1) MB; $CONNS connections, serve --threads $THREADS"
start_server
load 3 > /dev/null   # warm the page cache

say "a. queries alone ($SECS s)"
load "$SECS"

[ -n "${LOAD_ONLY_A:-}" ] && exit 0

say "b. queries while \`tarjama import\` adds 200k pairs"
start=$(date +%s%N)
( timeout 900 "$BIN" --tm "$DB" import "$WORK/import-a.csv" > "$WORK/import-a.out" 2>&1;
  echo "import: exit $?, $(( ($(date +%s%N) - start) / 1000000 )) ms" >> "$WORK/import-a.out" ) &
IMPORT=$!
PIDS+=("$IMPORT")
load "$SECS"
wait "$IMPORT" || true
tail -2 "$WORK/import-a.out"

say "c. queries while \`tarjama compact\` runs"
start=$(date +%s%N)
( timeout 900 "$BIN" --tm "$DB" compact > "$WORK/compact.out" 2>&1;
  echo "compact: exit $?, $(( ($(date +%s%N) - start) / 1000000 )) ms" >> "$WORK/compact.out" ) &
COMPACT=$!
PIDS+=("$COMPACT")
load "$SECS"
wait "$COMPACT" || true
tail -1 "$WORK/compact.out"

say "d. kill -9 of the server during its own import of 200k pairs, under load"
before=$(units)
timeout 600 curl -s -o "$WORK/post.out" -H "Authorization: Bearer $TOKEN" \
  --data-binary @"$WORK/import-b.csv" "http://127.0.0.1:$PORT/import?format=csv&name=import-b.csv" &
POST=$!
PIDS+=("$POST")
( sleep 2; kill -9 "$SERVER" ) &
load 6
wait "$POST" || true
echo "units before the killed import: $before; after: $(units)"
echo "integrity_check: $(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('PRAGMA integrity_check').fetchone()[0])" "$DB")"
start_server
echo "restarted on port $PORT: /health $(curl -s "http://127.0.0.1:$PORT/health")"
load 5
