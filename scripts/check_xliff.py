#!/usr/bin/env python3
"""Check an XLIFF draft written by tarjama with independent tools.

Usage: scripts/check_xliff.py FILE.xlf [--min-units N] [--expect-target TEXT]... [--require-tools]

1. xmllint against the OASIS schemas: XLIFF 1.2 strict, or XLIFF 2.0 core plus the
   Translation Candidates module. The core schemas come from Debian's php-symfony-translation
   (xliff-core-1.2-strict.xsd, xliff-core-2.0.xsd, xml.xsd; found with dpkg -L, or in the
   directory named by TARJAMA_XLIFF_SCHEMAS); they are copied to a temporary directory with
   their schemaLocation rewritten to the local copies, so nothing is fetched. No Debian
   package ships the matches module's schema, so tests/fixtures/xliff/schemas has one written
   from the specification for what tarjama writes.
2. Translate Toolkit's readers (translate.storage.xliff, translate.storage.xliff2): the file
   must load with at least N units, and every --expect-target text among the targets.

A missing tool is reported as "skipped: why" (exit 0) unless --require-tools. Exits 1 with
the reasons when a check fails.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
MATCHES_XSD = os.path.join(HERE, "..", "tests", "fixtures", "xliff", "schemas",
                           "matches-2.0-tarjama.xsd")
CORE = ["xliff-core-1.2-strict.xsd", "xliff-core-2.0.xsd", "xml.xsd"]


def schema_dir():
    given = os.environ.get("TARJAMA_XLIFF_SCHEMAS")
    if given:
        return given if os.path.exists(os.path.join(given, CORE[0])) else None
    try:
        listed = subprocess.run(["dpkg", "-L", "php-symfony-translation"], capture_output=True,
                                text=True).stdout.splitlines()
    except OSError:
        return None
    for line in listed:
        if line.endswith("/" + CORE[0]):
            return os.path.dirname(line)
    return None


def version_of(path):
    with open(path, "rb") as f:
        head = f.read(4096).decode("utf-8", "replace")
    return "2" if re.search(r'<xliff[^>]*version="2', head) else "1.2"


def local_schemas(source, into):
    """Copies the schemas with every schemaLocation pointing at a local file."""
    for name in CORE:
        with open(os.path.join(source, name), encoding="utf-8") as f:
            text = f.read()
        text = text.replace('schemaLocation="http://www.w3.org/2001/xml.xsd"',
                            'schemaLocation="xml.xsd"')
        text = text.replace('schemaLocation="informativeCopiesOf3rdPartySchemas/w3c/xml.xsd"',
                            'schemaLocation="xml.xsd"')
        with open(os.path.join(into, name), "w", encoding="utf-8") as f:
            f.write(text)
    shutil.copy(MATCHES_XSD, into)
    with open(os.path.join(into, "xliff-2-with-matches.xsd"), "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">\n'
                '  <xs:import namespace="urn:oasis:names:tc:xliff:document:2.0" '
                'schemaLocation="xliff-core-2.0.xsd"/>\n'
                '  <xs:import namespace="urn:oasis:names:tc:xliff:matches:2.0" '
                'schemaLocation="matches-2.0-tarjama.xsd"/>\n</xs:schema>\n')


def check_schema(path, version, skipped):
    if shutil.which("xmllint") is None:
        skipped.append("xmllint is not installed (apt-get install libxml2-utils)")
        return []
    source = schema_dir()
    if source is None:
        skipped.append("no XLIFF schemas (apt-get install php-symfony-translation)")
        return []
    with tempfile.TemporaryDirectory() as tmp:
        local_schemas(source, tmp)
        schema = "xliff-core-1.2-strict.xsd" if version == "1.2" else "xliff-2-with-matches.xsd"
        done = subprocess.run(["xmllint", "--noout", "--nonet", "--schema",
                               os.path.join(tmp, schema), path], capture_output=True, text=True)
    if done.returncode != 0:
        return [f"xmllint ({schema}): {done.stderr.strip()}"]
    print(f"xmllint: valid against {schema}")
    return []


def check_translate_toolkit(path, version, min_units, expected, skipped):
    try:
        if version == "1.2":
            from translate.storage.xliff import xlifffile as store_class
        else:
            from translate.storage.xliff2 import Xliff2File as store_class
    except ImportError:
        skipped.append("Translate Toolkit is not installed (pip install translate-toolkit)")
        return []
    with open(path, "rb") as f:
        store = store_class.parsestring(f.read())
    units = [u for u in store.units if not u.isheader()]
    problems = []
    if len(units) < min_units:
        problems.append(f"Translate Toolkit found {len(units)} units, expected {min_units}")
    targets = {str(u.target) for u in units if u.target}
    for text in expected:
        if text not in targets:
            problems.append(f"Translate Toolkit: no unit has the target {text!r}")
    print(f"Translate Toolkit read {len(units)} units ({version})")
    return problems


def main():
    parser = argparse.ArgumentParser(description="Check an XLIFF draft written by tarjama.")
    parser.add_argument("file")
    parser.add_argument("--min-units", type=int, default=1)
    parser.add_argument("--expect-target", action="append", default=[], metavar="TEXT")
    parser.add_argument("--require-tools", action="store_true")
    args = parser.parse_args()
    version = version_of(args.file)
    skipped = []
    problems = (check_schema(args.file, version, skipped)
                + check_translate_toolkit(args.file, version, args.min_units,
                                          args.expect_target, skipped))
    for why in skipped:
        print(f"skipped: {why}")
    if args.require_tools and skipped:
        problems.append("required tools missing")
    for problem in problems:
        print(f"{args.file}: {problem}")
    if not problems:
        print(f"{args.file}: ok")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
