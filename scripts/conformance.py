#!/usr/bin/env python3
"""Conformance pass over ../shared/corpus (or the folder given).

Every glossary (TBX) file in the corpus MANIFEST is read by shuyu
(`shuyu convert FILE --to tsv -o -`) and, independently, by Python's own XML
parser; the two must agree on every (language, term) pair, or shuyu must
reject the file with a clear message (exit 2, no panic). Prints one line per
disagreement and a closing line `N passed, M failed`.

Usage: scripts/conformance.py [SHUYU_BINARY] [CORPUS_DIR]
"""

import csv
import io
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

shuyu = sys.argv[1] if len(sys.argv) > 1 else "target/release/shuyu"
corpus = Path(sys.argv[2] if len(sys.argv) > 2 else "../shared/corpus")


def lang_of(tag):
    """The tag as shuyu reads it (en, zh-CN, zh-TW, zh), or None."""
    t = tag.strip().lower().replace("_", "-")
    parts = t.split("-")
    if parts[0] in ("en", "eng"):
        return "en"
    if parts[0] in ("zh", "zho", "chi", "cmn"):
        rest = parts[1:]
        if not rest:
            return "zh"
        if "hans" in rest:
            return "zh-CN"
        if "hant" in rest:
            return "zh-TW"
        return {"cn": "zh-CN", "sg": "zh-CN", "my": "zh-CN", "tw": "zh-TW", "hk": "zh-TW", "mo": "zh-TW"}.get(rest[0])
    return None


def local(name):
    return name.rsplit("}", 1)[-1]


def expected_terms(path):
    root = ET.parse(path).getroot()
    out = Counter()
    for section in root.iter():
        if local(section.tag) not in ("langSet", "langSec"):
            continue
        tag = section.get("{http://www.w3.org/XML/1998/namespace}lang") or section.get("lang") or ""
        lang = lang_of(tag)
        if lang is None:
            continue
        for term in section.iter():
            if local(term.tag) == "term":
                text = "".join(term.itertext()).strip()
                if text:
                    out[(lang, text)] += 1
    return out


def shuyu_terms(path):
    run = subprocess.run([shuyu, "convert", str(path), "--to", "tsv", "-o", "-"], capture_output=True, text=True)
    if run.returncode != 0:
        return run.returncode, run.stderr.strip()
    rows = csv.DictReader(io.StringIO(run.stdout), delimiter="\t", quoting=csv.QUOTE_NONE)
    return 0, Counter((r["lang"], r["term"]) for r in rows)


def main():
    manifest = corpus / "MANIFEST.tsv"
    files = []
    with open(manifest, encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            if row["local_path"].lower().endswith(".tbx"):
                files.append(corpus / row["local_path"])
    passed = failed = 0
    for path in files:
        code, got = shuyu_terms(path)
        try:
            want = expected_terms(path)
        except ET.ParseError as e:
            want = None
            why = str(e)
        if code not in (0, 2):
            print(f"FAIL {path}: shuyu exited {code} (a crash): {got}")
            failed += 1
        elif want is None:
            # Invalid XML: shuyu must reject it, never half-read it.
            if code == 2:
                passed += 1
            else:
                print(f"FAIL {path}: invalid XML ({why}) but shuyu read it")
                failed += 1
        elif code == 2:
            print(f"FAIL {path}: valid file rejected: {got}")
            failed += 1
        elif got != want:
            missing = want - got
            extra = got - want
            print(f"FAIL {path}: missing {list(missing.items())[:5]} extra {list(extra.items())[:5]}")
            failed += 1
        else:
            passed += 1
    print(f"conformance: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
