#!/usr/bin/env python3
"""SHA-256 of each table of a memory, rows in id (or full-row) order: two imports that must
give the same memory print the same lines. Usage: scripts/table_hashes.py MEMORY..."""

import hashlib
import sqlite3
import sys

TABLES = ["units", "tokens", "terms", "postings", "langs", "counters", "origin_stats",
          "origin_stats_mark", "reviewed_changes"]

for path in sys.argv[1:]:
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    for table in TABLES:
        digest = hashlib.sha256()
        rows = 0
        for row in db.execute(f"SELECT * FROM {table} ORDER BY 1"):
            digest.update(repr(row).encode())
            rows += 1
        print(f"{path}\t{table}\t{rows}\t{digest.hexdigest()[:16]}")
