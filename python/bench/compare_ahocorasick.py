"""Times `Tagger.find_many` against ahocorasick_rs on the same sentences
and the same terms, in one process, single thread each.

    pip install ./python ahocorasick_rs
    python python/bench/compare_ahocorasick.py FOLDER_OF_TEXT [--repeat 20]

The sentences are the folder's text files split after 。！？!?; and line
breaks. ahocorasick_rs gets every term of the glossary as written (lower
case: Weblate's glossary lower-cases its sources) and matches
leftmost-longest; it does no folding of width, dashes, script or plurals and
no word check, so it finds less — the count of matches is printed beside
the time. Figures: median seconds per pass over all the sentences.
"""

import argparse
import pathlib
import re
import statistics
import time

import ahocorasick_rs

import shuyu


def sentences(folder):
    out = []
    for path in sorted(pathlib.Path(folder).rglob("*.txt")):
        text = path.read_text(encoding="utf-8")
        out.extend(s for s in re.split(r"(?<=[。！？!?；;])|\n", text) if s.strip())
    return out


def best(f, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = f()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--copies", type=int, default=10, help="copies of the sentences per pass (default 10)")
    args = parser.parse_args()

    texts = sentences(args.folder) * args.copies
    size = sum(len(t.encode()) for t in texts)
    tagger = shuyu.Tagger.bundled()
    terms = sorted({t.text for c in tagger.concepts() for ts in tagger.concept(c).terms.values() for t in ts})
    automaton = ahocorasick_rs.AhoCorasick(
        [t.lower() for t in terms], matchkind=ahocorasick_rs.MatchKind.LeftmostLongest
    )
    raw = shuyu.Tagger.bundled(word_check=False)

    runs = [
        ("shuyu find_many", lambda: tagger.find_many(texts)),
        ("shuyu find_many, word_check=False", lambda: raw.find_many(texts)),
        ("shuyu count", lambda: tagger.count(texts)),
        ("ahocorasick_rs find_matches_as_indexes", lambda: [automaton.find_matches_as_indexes(t.lower()) for t in texts]),
    ]
    print(f"{len(texts)} sentences, {size / 1e6:.2f} MB, {len(terms)} terms; median of {args.repeat} passes")
    for name, f in runs:
        seconds, result = best(f, args.repeat)
        matches = sum(result.values()) if isinstance(result, dict) else sum(map(len, result))
        print(f"{name:42} {seconds * 1000:8.1f} ms  {size / seconds / 1e6:7.1f} MB/s  {matches} matches")


if __name__ == "__main__":
    main()
