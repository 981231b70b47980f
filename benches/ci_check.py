#!/usr/bin/env python3
"""Whole-process timing of `shuyu check`, `shuyu tm import` and `shuyu lint`
on files shaped like a CI job's, against the readers Python tools stand on.

    python3 benches/ci_check.py [--mb 60] [--runs 3] [--shuyu target/release/shuyu]

Generates (in target/ci-bench/, once) a TMX of about 60 MB, en → zh-CN,
140,000 units built from the bundled glossary's concepts: each unit puts
two or three concepts' preferred terms in neutral sentences on both sides,
and about 6 % of the targets carry an error (a deprecated term, the other
locale's term, or a term left out). Then it times, as whole processes, the
median of --runs runs each, the commands taking turns:

  shuyu check --format json FILE.tmx      (findings to /dev/null)
  shuyu tm import --tm M FILE.tmx
  shuyu lint --locale zh-CN FILE.md       (the targets as a Markdown file)
  lxml iterparse over the TMX, reading every <seg> (the C parser Python
      tools stand on: the practical limit of "reading the file")
  translate-toolkit reading the TMX (what a Python QA tool would do first)
  cmark-gfm rendering the Markdown (the C reference parser: the practical
      limit of reading it) and markdown-it-py parsing it (pure Python)

The readers are timed only when importable (pip install lxml
translate-toolkit cmarkgfm markdown-it-py). Each shuyu command's speed is
printed as a ratio to the readers it stands on (check and tm import: lxml;
lint: the Markdown parsers): above 1 means shuyu finished first.
"""

import argparse
import csv
import io
import os
import pathlib
import random
import statistics
import subprocess
import sys
import time
from xml.sax.saxutils import escape

ROOT = pathlib.Path(__file__).resolve().parent.parent

# Neutral sentence parts, each with its translation (the same index).
FILLER = [
    ("the ministers agreed that", "部长们同意"),
    ("officials said that", "官员们表示"),
    ("the report notes that", "报告指出"),
    ("analysts expect that", "分析人士预计"),
    ("as the talks went on", "随着会谈的进行"),
    ("under the plan", "根据该计划"),
    ("both sides hope that", "双方希望"),
    ("it is clear that", "显然"),
]


def glossary(shuyu):
    """Per concept: preferred en, preferred zh-CN, a deprecated or zh-TW-only term."""
    out = subprocess.run([shuyu, "convert", "--to", "tsv", "-o", "-"], capture_output=True, text=True, check=True)
    concepts = {}
    for row in csv.DictReader(io.StringIO(out.stdout), delimiter="\t"):
        c = concepts.setdefault(row["concept"], {"en": None, "zh-CN": None, "bad": []})
        lang, status, term = row["lang"], row["status"], row["term"]
        if status == "preferred" and lang in ("en", "zh-CN") and c[lang] is None:
            c[lang] = term
        if lang == "zh-CN" and status == "deprecated" or lang == "zh-TW" and status == "preferred":
            c["bad"].append(term)
    return [c for c in concepts.values() if c["en"] and c["zh-CN"] and len(c["zh-CN"]) >= 3]


def generate(shuyu, path, md_path, megabytes):
    rng = random.Random(7)
    concepts = glossary(shuyu)
    units = 0
    errors = 0
    with open(path, "w", encoding="utf-8") as tmx, open(md_path, "w", encoding="utf-8") as md:
        tmx.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n<header srclang="en" '
                  'datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="bench" '
                  'creationtool="ci_check.py" creationtoolversion="1"/>\n<body>\n')
        written = 0
        while written < megabytes * 1_000_000:
            picked = rng.sample(concepts, rng.choice((2, 3)))
            en_parts, zh_parts = [], []
            error = rng.random() < 0.06
            wrong = rng.randrange(len(picked)) if error else -1
            for i, c in enumerate(picked):
                (en_a, zh_a), (en_b, zh_b) = rng.choice(FILLER), rng.choice(FILLER)
                en_parts.append(f"{en_a} {c['en']} {en_b}")
                if i == wrong and c["bad"] and rng.random() < 0.7:
                    zh_term = rng.choice(c["bad"])
                elif i == wrong:
                    zh_term = "这个机制"
                else:
                    zh_term = c["zh-CN"]
                zh_parts.append(f"{zh_a}{zh_term}{zh_b}")
            errors += error
            en = "; ".join(en_parts) + "."
            zh = "；".join(zh_parts) + "。"
            unit = (f'<tu tuid="{units + 1}">\n  <tuv xml:lang="en"><seg>{escape(en)}</seg></tuv>\n'
                    f'  <tuv xml:lang="zh-CN"><seg>{escape(zh)}</seg></tuv>\n</tu>\n')
            tmx.write(unit)
            md.write(zh + "\n\n")
            written += len(unit.encode())
            units += 1
        tmx.write("</body>\n</tmx>\n")
    return units, errors


def timed_once(argv):
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=int, default=60)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--shuyu", default=str(ROOT / "target" / "release" / "shuyu"))
    args = parser.parse_args()
    out = ROOT / "target" / "ci-bench"
    out.mkdir(parents=True, exist_ok=True)
    tmx, md = out / f"ci-{args.mb}mb.tmx", out / f"ci-{args.mb}mb.md"
    if not tmx.exists() or not md.exists():
        units, errors = generate(args.shuyu, tmx, md, args.mb)
        print(f"generated {tmx}: {units} units, {errors} with an error")
    size = tmx.stat().st_size / 1e6
    print(f"{tmx.name}: {size:.1f} MB; median of {args.runs} whole-process runs, taken in turns")
    memory = out / "bench.shuyu-tm"

    def import_once():
        if memory.exists():
            memory.unlink()
        return timed_once([args.shuyu, "tm", "import", "--tm", str(memory), str(tmx)])

    # Each command once per round, in turns, so that a busy spell of the
    # machine slows all of them alike and the ratios hold. Each shuyu
    # command names the readers it stands on, to be compared with.
    md_size = md.stat().st_size / 1e6
    commands = [
        ("shuyu check --format json", size, ["lxml"],
         lambda: timed_once([args.shuyu, "check", "--format", "json", str(tmx)])),
        ("shuyu tm import", size, ["lxml"], import_once),
        (f"shuyu lint --locale zh-CN ({md_size:.0f} MB .md)", md_size, ["cmark-gfm", "markdown-it-py"],
         lambda: timed_once([args.shuyu, "lint", "--locale", "zh-CN", "--format", "json", str(md)])),
    ]
    readers = {
        "lxml": ("lxml iterparse, every <seg>", size, "lxml",
                 "from lxml import etree\n"
                 f"n = 0\nfor _, e in etree.iterparse({str(tmx)!r}, tag='seg'):\n"
                 "    n += len(e.text or '')\n    e.clear()\n"),
        "translate-toolkit": ("translate-toolkit reads the TMX", size, "translate",
                              "from translate.storage import tmx\n"
                              f"s = tmx.tmxfile.parsefile({str(tmx)!r})\nn = len(s.units)\n"),
        "cmark-gfm": ("cmark-gfm (C) renders the .md", md_size, "cmarkgfm",
                      "import cmarkgfm\n"
                      f"h = cmarkgfm.markdown_to_html(open({str(md)!r}, encoding='utf-8').read())\n"),
        "markdown-it-py": ("markdown-it-py parses the .md", md_size, "markdown_it",
                           "from markdown_it import MarkdownIt\n"
                           f"t = MarkdownIt('commonmark').parse(open({str(md)!r}, encoding='utf-8').read())\n"),
    }
    present = []
    for key, (name, mb, module, code) in readers.items():
        try:
            __import__(module)
        except ImportError:
            print(f"{key} not installed: pip install {key if key != 'cmark-gfm' else 'cmarkgfm'}")
            continue
        present.append(key)
        commands.append((name, mb, [], lambda code=code: timed_once([sys.executable, "-c", code])))
    times = {name: [] for name, *_ in commands}
    for _ in range(args.runs):
        for name, _, _, run in commands:
            times[name].append(run())
    median = {name: statistics.median(times[name]) for name in times}
    for name, mb, against, _ in commands:
        seconds = median[name]
        ratios = ", ".join(f"{median[readers[r][0]] / seconds:.2f}× {r}'s speed"
                           for r in against if r in present)
        print(f"{name:48} {seconds:7.2f} s  {mb / seconds:7.1f} MB/s  {ratios}")


if __name__ == "__main__":
    main()
