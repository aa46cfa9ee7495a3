#!/usr/bin/env python3
"""Crash safety of tarjama's writes: kill -9 at random moments, then check the memory.

For each writing operation (import, import into a memory with no unit, align --into, glossary
import, unit review --origin, compact, and an import through the server: `serve --write-token` answering `POST /import`)
and each round: copy a prepared memory, start the operation, SIGKILL it after a
random delay drawn from [0, 1.1 x the median length of its uninterrupted runs), then check that SQLite's
`PRAGMA integrity_check` is "ok", that `tarjama stats` still opens the memory, and that the
memory holds all or none of the interrupted operation (a count that must be either its value
before or its value after a complete run). Prints one table row per operation.

Run through scripts/crash_safety.sh (builds the binary, runs under nice). Bounded: ROUNDS
rounds per operation (default 100), each at most a few seconds; BUDGET seconds per operation
stops it earlier on a slow machine.
"""

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

BIN = os.environ.get("TARJAMA_BIN", "target/debug/tarjama")
ROUNDS = int(os.environ.get("ROUNDS", "100"))
# Seconds per operation after which no new round starts (the row says how many ran).
BUDGET = float(os.environ.get("BUDGET", "inf"))
# Comma-separated operation names to run (default all), e.g. OPS=import,compact.
OPS = [o for o in os.environ.get("OPS", "").split(",") if o]
SEED = int(os.environ.get("SEED", "1"))
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(tm, *args, check=True):
    env = dict(os.environ, TARJAMA_TM=tm)
    out = subprocess.run([BIN, *args], env=env, capture_output=True, text=True)
    if check and out.returncode != 0:
        sys.exit(f"crash_safety: {' '.join(args)} failed: {out.stderr.strip()}")
    return out


def query(tm, sql):
    conn = sqlite3.connect(tm)
    try:
        return conn.execute(sql).fetchone()[0]
    finally:
        conn.close()


def write_units(path, tag, n):
    with open(path, "w", encoding="utf-8") as f:
        f.write("ar,en\n")
        for i in range(n):
            f.write(f"الجملة {tag} رقم {i} في أرشيف الأخبار,News archive sentence {tag} number {i}\n")


def write_glossary(path, n):
    with open(path, "w", encoding="utf-8") as f:
        f.write("type,ar,en\n")
        for i in range(n):
            f.write(f"person,الاسم {i} الكاظمي,Name{i} Al-Kadhimi\n")


def write_article(work):
    """A long article pair: the sample story repeated, so alignment takes a while."""
    paths = []
    for lang in ("ar", "en"):
        with open(os.path.join(REPO, f"memories/sample/2021-09-09-joc.{lang}.txt"), encoding="utf-8") as f:
            story = f.read().strip()
        path = os.path.join(work, f"article.{lang}.txt")
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n\n".join([story] * 8) + "\n")
        paths.append(path)
    return paths


def prepare(work):
    base = os.path.join(work, "base.db")
    files = {name: os.path.join(work, name) for name in ("base.csv", "new.csv", "dead.csv", "glossary.csv")}
    write_units(files["base.csv"], "base", 8000)
    write_units(files["new.csv"], "new", 4000)
    write_units(files["dead.csv"], "dead", 3000)
    write_glossary(files["glossary.csv"], 1500)
    run(base, "import", files["base.csv"])
    run(base, "import", files["dead.csv"])
    run(base, "unit", "delete", "--origin", "dead.csv")
    # A memory with no unit: an import builds it through a rollback journal (memory::bulk).
    empty = os.path.join(work, "empty.db")
    with open(os.path.join(work, "empty.csv"), "w", encoding="utf-8") as f:
        f.write("ar,en\n")
    run(empty, "import", os.path.join(work, "empty.csv"))
    return base, empty, files


def operations(files, article):
    ar, en = article
    units = "SELECT count(*) FROM units"
    return [
        ("import", ["import", files["new.csv"]], units),
        (NEW_MEMORY, ["import", files["new.csv"]], units),
        ("align --into", ["align", ar, en, "--origin", "story"],
         "SELECT count(*) FROM units WHERE origin = 'story'"),
        ("glossary import", ["glossary", "import", files["glossary.csv"]],
         "SELECT count(*) FROM glossary_entry"),
        ("unit review --origin", ["unit", "review", "--origin", "base.csv"],
         "SELECT count(*) FROM units WHERE status = 1"),
        ("compact", ["compact"], "SELECT (SELECT count(*) FROM units) || '/' || (SELECT sum(length(data)) FROM postings)"),
        ("serve POST /import", SERVE_IMPORT, units),
    ]


# The import into a memory that holds no unit (copied from empty.db, not base.db).
NEW_MEMORY = "import (new memory)"

# The server import is not one command: `serve` starts, then a client posts the CSV. What is
# killed is the server, at a random moment after the request was sent.
SERVE_IMPORT = ["serve-import"]
TOKEN = "crash-safety-token-0123456789"


class ServeImport:
    """`tarjama serve` on port 0 with a write token, and a thread posting a CSV to it."""

    def __init__(self, tm, csv_path, work):
        token_file = os.path.join(work, "token")
        with open(token_file, "w") as f:
            f.write(TOKEN)
        self.proc = subprocess.Popen(
            [BIN, "--tm", tm, "serve", "--addr", "127.0.0.1:0", "--write-token", token_file],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.proc.stdout.readline()  # "tarjama: serving … on http://127.0.0.1:PORT"
        self.url = line.strip().rsplit(" ", 1)[-1]
        with open(csv_path, "rb") as f:
            body = f.read()
        self.answered = threading.Event()
        self.thread = threading.Thread(target=self.post, args=(body,), daemon=True)
        self.thread.start()

    def post(self, body):
        req = urllib.request.Request(f"{self.url}/import?format=csv", data=body, method="POST",
                                     headers={"Authorization": f"Bearer {TOKEN}"})
        try:
            with urllib.request.urlopen(req, timeout=120) as answer:
                answer.read()
                self.answered.set()
        except Exception:
            pass  # killed mid-request

    def poll(self):
        """None while the import runs; 0 once the server answered it."""
        return 0 if self.answered.is_set() else None

    def send_signal(self, sig):
        self.proc.send_signal(sig)

    def wait(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)  # a finished import: stop the server too
        self.proc.wait()
        self.thread.join(timeout=5)


def start(tm, args, files, work):
    if args is SERVE_IMPORT:
        return ServeImport(tm, files["new.csv"], work)
    return subprocess.Popen([BIN, *args], env=dict(os.environ, TARJAMA_TM=tm),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def main():
    rng = random.Random(SEED)
    work = tempfile.mkdtemp(prefix="tarjama-crash-")
    try:
        base, empty, files = prepare(work)
        article = write_article(work)
        print(f"crash safety: up to {ROUNDS} rounds per operation (budget {BUDGET} s), seed {SEED}, "
              f"binary {BIN}", flush=True)
        print(f"{'operation':<22} {'rounds':>6} {'killed':>6} {'done':>5} {'integrity ok':>12} "
              f"{'none':>5} {'all':>5} {'partial':>7} {'duration':>9}")
        totals = {"bad": 0, "partial": 0}
        for name, args, measure in operations(files, article):
            if OPS and name.split()[0] not in OPS:
                continue
            tm = os.path.join(work, "tm.db")
            start_from = empty if name == NEW_MEMORY else base
            fresh(start_from, tm)
            before = query(tm, measure)
            started = time.monotonic()
            complete = start(tm, args, files, work)
            while complete.poll() is None:
                time.sleep(0.005)
            duration = time.monotonic() - started
            complete.wait()
            if isinstance(complete, subprocess.Popen) and complete.returncode != 0:
                sys.exit(f"crash_safety: {name} failed when left to finish")
            after = query(tm, measure)
            finished = [duration]
            counts = {"killed": 0, "done": 0, "ok": 0, "none": 0, "all": 0, "partial": 0}
            rounds = 0
            budget_start = time.monotonic()
            while rounds < ROUNDS and time.monotonic() - budget_start < BUDGET:
                rounds += 1
                fresh(start_from, tm)
                proc = start(tm, args, files, work)
                launched = time.monotonic()
                # Kill within the run's likely length: the median of the runs seen to finish.
                kill_at = launched + rng.uniform(0, sorted(finished)[len(finished) // 2] * 1.1)
                while time.monotonic() < kill_at and proc.poll() is None:
                    time.sleep(0.005)
                if proc.poll() is None:
                    proc.send_signal(signal.SIGKILL)
                    counts["killed"] += 1
                else:
                    counts["done"] += 1
                    finished.append(time.monotonic() - launched)
                proc.wait()
                ok = query(tm, "PRAGMA integrity_check") == "ok"
                ok = ok and run(tm, "stats", check=False).returncode == 0
                counts["ok"] += ok
                value = query(tm, measure)
                state = "none" if value == before else "all" if value == after else "partial"
                counts[state] += 1
                if not ok:
                    totals["bad"] += 1
                if state == "partial":
                    totals["partial"] += 1
                    print(f"  partial: {name}: {value!r} (before {before!r}, after {after!r})")
            print(f"{name:<22} {rounds:>6} {counts['killed']:>6} {counts['done']:>5} "
                  f"{counts['ok']:>12} {counts['none']:>5} {counts['all']:>5} "
                  f"{counts['partial']:>7} {duration:>8.2f}s", flush=True)
        print(f"corrupt: {totals['bad']}, partial: {totals['partial']}")
        return 1 if totals["bad"] or totals["partial"] else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


def fresh(base, tm):
    for suffix in ("", "-wal", "-shm", "-journal"):
        if os.path.exists(tm + suffix):
            os.remove(tm + suffix)
    shutil.copyfile(base, tm)


if __name__ == "__main__":
    sys.exit(main())
