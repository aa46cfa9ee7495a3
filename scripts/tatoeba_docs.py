#!/usr/bin/env python3
"""Lays Tatoeba ara-eng out as NTREX-shaped files, so that the referee's own task builder
(../shared/tools/align_eval/make_ntrex.py) can make alignment tasks from material the aligner
was never tuned on: short everyday sentences, few numbers or names, no news style.

Usage: tatoeba_docs.py TATOEBA_ARA_TXT OUT_DIR [--docs 100] [--size 30] [--seed 1]

Keeps the first Arabic version of each distinct English sentence, shuffles the pairs with a
fixed seed and groups them into --docs pseudo-articles of --size pairs. Writes
newstest2019-src.eng.txt, newstest2019-ref.arb.txt and DOCUMENT_IDS.tsv (CRLF, as NTREX),
and heldout.ar-en.tsv: the remaining pairs (Arabic<TAB>English), never in a task, to stand for
a memory's reviewed units.
"""
import argparse
import os
import random


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("tatoeba")
    ap.add_argument("out")
    ap.add_argument("--docs", type=int, default=100)
    ap.add_argument("--size", type=int, default=30)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()

    pairs, seen = [], set()
    with open(args.tatoeba, encoding="utf-8") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 2 or not cols[0].strip() or not cols[1].strip():
                continue
            english, arabic = cols[0].strip(), cols[1].strip()
            if english in seen:
                continue
            seen.add(english)
            pairs.append((english, arabic))
    random.Random(args.seed).shuffle(pairs)
    pairs, heldout = pairs[: args.docs * args.size], pairs[args.docs * args.size :]

    os.makedirs(args.out, exist_ok=True)
    def write(name, rows):
        with open(os.path.join(args.out, name), "w", encoding="utf-8", newline="") as f:
            f.write("".join(row + "\r\n" for row in rows))
    write("newstest2019-src.eng.txt", [e for e, _ in pairs])
    write("newstest2019-ref.arb.txt", [a for _, a in pairs])
    write("heldout.ar-en.tsv", [a + "\t" + e for e, a in heldout])
    write("DOCUMENT_IDS.tsv", ["tatoeba.%03d" % (i // args.size) for i in range(len(pairs))])


if __name__ == "__main__":
    main()
