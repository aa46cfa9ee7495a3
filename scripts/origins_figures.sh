#!/usr/bin/env bash
# The figures of `GET /origins` in README: builds a memory of N synthetic pairs in 1,000
# origins (a third without a confidence, a seventh reviewed) with the release binary, then
# prints the SQLite work (virtual machine steps, deterministic) of the old per-unit scan and
# of the listing from origin_stats, and times GET /origins five times through `serve`.
# Needs python3, sqlite3 and curl.  Usage: scripts/origins_figures.sh [N]
set -euo pipefail
n=${1:-1000000}
cd "$(dirname "$0")/.."
cargo build --release --bin tarjama
bin=target/release/tarjama
dir=target/origins-figures
mkdir -p "$dir"
rm -f "$dir"/memory.db*
python3 - "$n" "$dir/pairs.csv" <<'PY'
import random, sys
n, out = int(sys.argv[1]), sys.argv[2]
r = random.Random(7)
ar = "الوزير قال إن الوضع مستقر في بغداد اليوم الحكومة المجلس النفط الأسعار ارتفعت".split()
en = "the minister said situation is stable in Baghdad today government council oil".split()
with open(out, "w") as f:
    f.write("ar,en,origin,confidence,status\n")
    for i in range(n):
        a = " ".join(r.choice(ar) for _ in range(8))
        e = " ".join(r.choice(en) for _ in range(8))
        c = f"{r.random():.3f}" if i % 3 else ""
        s = "reviewed" if i % 7 == 0 else ""
        f.write(f"{a} {i},{e} {i},article-{i * 1000 // n:05d},{c},{s}\n")
PY
/usr/bin/time -f "import: %e s" "$bin" --tm "$dir/memory.db" import "$dir/pairs.csv"
steps() {
    printf '.stats on\nSELECT count(*) FROM (%s);\n' "$1" | sqlite3 -readonly "$dir/memory.db" |
        grep "Virtual Machine Steps"
}
echo "old scan of every unit:"
steps "SELECT origin, count(*), count(*) FILTER (WHERE status = 1), avg(confidence),
       min(confidence), max(id) AS last FROM units WHERE origin IS NOT NULL
       GROUP BY origin ORDER BY last DESC"
echo "listing from origin_stats (src/memory/origins.rs):"
steps "SELECT origin, sum(units), sum(reviewed), sum(conf_sum) / sum(conf_n), min(min_conf),
       max(last_id) AS last FROM (SELECT * FROM origin_stats UNION ALL
       SELECT * FROM origin_stats_new) GROUP BY origin ORDER BY last DESC"
"$bin" --tm "$dir/memory.db" serve --addr 127.0.0.1:0 --threads 2 >"$dir/serve.out" 2>/dev/null &
server=$!
trap 'kill $server' EXIT
sleep 2
port=$(head -1 "$dir/serve.out" | grep -o '[0-9]*$')
for _ in 1 2 3 4 5; do
    curl -s -o /dev/null -w "GET /origins: %{time_total} s\n" "http://127.0.0.1:$port/origins?limit=1000"
done
