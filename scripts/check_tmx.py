#!/usr/bin/env python3
"""Check a TMX file exported by tarjama with independent readers.

Usage: scripts/check_tmx.py FILE.tmx [MIN_UNITS] [--expect-source TEXT]...

1. Python's own XML parser (expat): the file must be well-formed, and the header must carry
   every attribute TMX 1.4b requires (creationtool, creationtoolversion, segtype, o-tmf,
   adminlang, srclang, datatype); every tu needs at least two tuv with xml:lang and a seg;
   dates (on tu and on tuv) must be YYYYMMDDThhmmssZ.
2. Translate Toolkit's TMX reader (pip install translate-toolkit): it must load the file and
   find at least MIN_UNITS units, each with a non-empty source and target, and every
   --expect-source text among the sources it reads.
3. xmllint --noout, when installed.

Exits 0 when every available check passes, 1 otherwise (and says why).
"""

import argparse
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
HEADER_ATTRS = ["creationtool", "creationtoolversion", "segtype", "o-tmf", "adminlang",
                "srclang", "datatype"]
DATE = re.compile(r"^\d{8}T\d{6}Z$")


def check_structure(path):
    problems = []
    root = ET.parse(path).getroot()
    if root.tag != "tmx" or root.get("version") != "1.4":
        problems.append(f"root is <{root.tag} version={root.get('version')}>, not <tmx version=1.4>")
    header = root.find("header")
    if header is None:
        return problems + ["no <header>"]
    for attr in HEADER_ATTRS:
        if not header.get(attr):
            problems.append(f"header has no {attr}")
    for n, tu in enumerate(root.iter("tu"), 1):
        tuvs = tu.findall("tuv")
        for element in [tu] + tuvs:
            for attr in ("creationdate", "changedate"):
                value = element.get(attr)
                if value is not None and not DATE.match(value):
                    problems.append(f"tu {n}: {attr} {value!r} is not YYYYMMDDThhmmssZ")
        if len(tuvs) < 2:
            problems.append(f"tu {n}: {len(tuvs)} tuv")
        for tuv in tuvs:
            if not tuv.get(XML_LANG):
                problems.append(f"tu {n}: tuv without xml:lang")
            if tuv.find("seg") is None:
                problems.append(f"tu {n}: tuv without seg")
    return problems


def check_translate_toolkit(path, min_units, expected_sources):
    try:
        from translate.storage import tmx
    except ImportError:
        print("skipped Translate Toolkit check: pip install translate-toolkit")
        return []
    with open(path, "rb") as f:
        store = tmx.tmxfile(f)
    units = [u for u in store.units if not u.isheader()]
    problems = []
    if len(units) < min_units:
        problems.append(f"Translate Toolkit found {len(units)} units, expected at least {min_units}")
    for n, unit in enumerate(units, 1):
        if not unit.source or not unit.target:
            problems.append(f"Translate Toolkit: unit {n} has an empty source or target")
    sources = {str(unit.source) for unit in units}
    for text in expected_sources:
        if text not in sources:
            problems.append(f"Translate Toolkit: no unit has the source {text!r}")
    print(f"Translate Toolkit read {len(units)} units")
    return problems


def check_xmllint(path):
    if shutil.which("xmllint") is None:
        print("skipped xmllint check: not installed")
        return []
    done = subprocess.run(["xmllint", "--noout", "--nonet", path], capture_output=True, text=True)
    return [] if done.returncode == 0 else [f"xmllint: {done.stderr.strip()}"]


def main():
    parser = argparse.ArgumentParser(description="Check a TMX file exported by tarjama.")
    parser.add_argument("file")
    parser.add_argument("min_units", nargs="?", type=int, default=1)
    parser.add_argument("--expect-source", action="append", default=[], metavar="TEXT")
    args = parser.parse_args()
    problems = (check_structure(args.file)
                + check_translate_toolkit(args.file, args.min_units, args.expect_source)
                + check_xmllint(args.file))
    for problem in problems:
        print(f"{args.file}: {problem}")
    if not problems:
        print(f"{args.file}: ok")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
