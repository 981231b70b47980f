#!/usr/bin/env python3
"""Prints the characters both scripts use, from OpenCC's character tables.

A character whose own form is among its conversions (STCharacters.txt:
`台	臺 檯 颱 台`; TSCharacters.txt: `乾	乾 干`) is written in Simplified and in
Traditional text alike, so `shuyu validate` does not call it Simplified-only
or Traditional-only. The output is pasted into src/normalize.rs.

Usage: scripts/dual-chars.py DICTIONARY_DIR   (OpenCC's dictionary/ folder,
e.g. the ferrous-opencc crate's assets/dictionaries)
"""

import sys
from pathlib import Path


def dual(path):
    out = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or "\t" not in line:
            continue
        key, values = line.split("\t", 1)
        if len(key) == 1 and key in values.split():
            out.append(key)
    return "".join(sorted(out))


d = Path(sys.argv[1])
print("SIMPLIFIED_ALSO_TRADITIONAL:", dual(d / "STCharacters.txt"))
print("TRADITIONAL_ALSO_SIMPLIFIED:", dual(d / "TSCharacters.txt"))
