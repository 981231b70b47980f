#!/usr/bin/env python3
"""Conformance pass over ../shared/corpus (or the folder given).

Every TBX, TMX and XLIFF file in the corpus MANIFEST is read by shuyu
(`shuyu convert FILE --to tsv -o -` for glossaries, `shuyu segments --format
json FILE` for bilingual files) and, independently, by Python's own XML
parser following the rules the readers document; the two must agree on every
term, or on every segment's id, source and target, and on every unit skipped
and why. A file Python cannot parse must be rejected by shuyu with a clear
message (exit 2); a crash (any other exit) is a failure.

For each bilingual file it records units read, segments and units skipped
with their reasons (in target/conformance-units.tsv, and on standard output
for the files with skips), and totals the skip reasons: a skip whose reason
is not one the readers document is a failure. Prints one line per
disagreement and a closing line `N passed, M failed`.

Usage: scripts/conformance.py [SHUYU_BINARY] [CORPUS_DIR]
"""

import csv
import io
import json
import re
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


def tag_parts(tag):
    """(language, script, region) as shuyu's langtag module reads a tag."""
    subs = [p for p in re.split(r"[-_]", (tag or "").strip()) if p]
    if not subs:
        return None
    lang = {"eng": "en", "zho": "zh", "chi": "zh", "cmn": "zh"}.get(subs[0].lower(), subs[0].lower())
    script = region = None
    for sub in subs[1:]:
        if script is None and region is None and len(sub) == 4 and sub.isalpha():
            script = sub.lower()
        elif region is None and ((len(sub) == 2 and sub.isalpha()) or (len(sub) == 3 and sub.isdigit())):
            region = sub.lower()
    if lang == "zh" and script is None:
        script = {"cn": "hans", "sg": "hans", "my": "hans", "tw": "hant", "hk": "hant", "mo": "hant"}.get(region)
    return lang, script, region


def tag_matches(rng, tag):
    """Whether a language range covers a tag (BCP 47, no conflicting subtag)."""
    if rng.strip() in ("*", "*all*"):
        return True
    a, b = tag_parts(rng), tag_parts(tag)
    if a is None or b is None:
        return False
    agree = lambda x, y: x is None or y is None or x == y
    return a[0] == b[0] and agree(a[1], b[1]) and agree(a[2], b[2])


def same_tag(a, b):
    split = lambda t: [p.lower() for p in re.split(r"[-_]", (t or "").strip()) if p]
    return split(a) == split(b)


# The reasons the readers give for a unit they skip (src/formats/bitext.rs).
DOCUMENTED_SKIPS = (
    re.compile(r"no source text"),
    re.compile(r"no <tuv> in the source language \S+; give --source-lang"),
)


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


def text_of(elem, codes):
    """Text of an element, inline markup removed, native code dropped."""
    out = [elem.text or ""]
    for child in elem:
        name = local(child.tag)
        if name == "cp":
            out.append(chr(int(child.get("hex"), 16)))
        elif name not in codes:
            out.append(text_of(child, codes))
        out.append(child.tail or "")
    return "".join(out)


def seg_texts(elem, codes):
    """The mrk mtype=seg parts of an element: (mid, text)."""
    return [(m.get("mid") or "", text_of(m, codes)) for m in elem.iter() if local(m.tag) == "mrk" and m.get("mtype") == "seg"]


def xml_lang(elem):
    return elem.get("{http://www.w3.org/XML/1998/namespace}lang") or elem.get("lang")


def expected_tmx(root):
    """(segments, skipped ids): the source is the tuv in the tu's srclang,
    else the header's, else the first; a tu without it is skipped."""
    header = next((e for e in root.iter() if local(e.tag) == "header"), None)
    src = header.get("srclang") if header is not None else None
    if src is not None and src.strip().lower() == "*all*":
        src = None
    out, skipped = [], []
    n = 0
    for tu in root.iter():
        if local(tu.tag) != "tu":
            continue
        n += 1
        tid = tu.get("tuid") or str(n)
        tuvs = []
        for tuv in tu:
            if local(tuv.tag) == "tuv":
                seg = next((s for s in tuv if local(s.tag) == "seg"), None)
                tuvs.append((xml_lang(tuv), text_of(seg, TMX_CODES) if seg is not None else ""))
        own = tu.get("srclang")
        if own is not None and own.strip().lower() == "*all*":
            own = None
        rng = own or src
        if not tuvs:
            si = None
        elif rng is None:
            si = 0
        else:
            si = next((i for i, t in enumerate(tuvs) if t[0] and same_tag(rng, t[0])), None)
            if si is None:
                si = next((i for i, t in enumerate(tuvs) if t[0] and tag_matches(rng, t[0])), None)
        if si is None:
            skipped.append(tid)
            continue
        targets = [t for i, t in enumerate(tuvs) if i != si]
        if not targets:
            out.append((tid, tuvs[si][1], None))
        for t in targets:
            out.append((tid, tuvs[si][1], t[1]))
    return out, skipped


def expected_xliff(root):
    """(segments, skipped ids): a unit or segment without a source is
    skipped."""
    out, skipped = [], []
    if (root.get("version") or "").startswith("2") or (root.get("version") is None and "document:2" in root.tag):
        for unit in root.iter():
            if local(unit.tag) != "unit":
                continue
            segs = []
            for i, seg in enumerate([s for s in unit if local(s.tag) == "segment"]):
                src = next((c for c in seg if local(c.tag) == "source"), None)
                trg = next((c for c in seg if local(c.tag) == "target"), None)
                segs.append((seg.get("id") or str(i + 1), text_of(src, ()) if src is not None else None, text_of(trg, ()) if trg is not None else None))
            for sid, s, t in segs:
                uid = unit.get("id") or ""
                full = f"{uid}#{sid}" if len(segs) > 1 else uid
                if s is None:
                    skipped.append(full)
                else:
                    out.append((full, s, t))
        return out, skipped
    for unit in root.iter():
        if local(unit.tag) != "trans-unit":
            continue
        uid = unit.get("id") or ""
        child = lambda n: next((c for c in unit if local(c.tag) == n), None)
        src, segsrc, trg = child("source"), child("seg-source"), child("target")
        if src is None:
            skipped.append(uid)
            continue
        if segsrc is not None and seg_texts(segsrc, XLIFF1_CODES):
            ssegs = seg_texts(segsrc, XLIFF1_CODES)
            tsegs = dict(seg_texts(trg, XLIFF1_CODES)) if trg is not None else None
            if tsegs is None or all(mid in tsegs for mid, _ in ssegs):
                for mid, text in ssegs:
                    out.append((f"{uid}#{mid}" if len(ssegs) > 1 else uid, text, tsegs.get(mid) if tsegs is not None else None))
                continue
        out.append((uid, text_of(src, XLIFF1_CODES), text_of(trg, XLIFF1_CODES) if trg is not None else None))
    return out, skipped


TMX_CODES = ("bpt", "ept", "ph", "it", "ut")
XLIFF1_CODES = ("bpt", "ept", "ph", "it")


SKIP_LINE = re.compile(r"^shuyu: .*:\d+: unit (.*) skipped: (.*)$")


def shuyu_segments(path):
    """(exit code, segments or the error, skipped units as (id, reason))."""
    run = subprocess.run([shuyu, "segments", "--format", "json", str(path)], capture_output=True, text=True)
    if run.returncode != 0:
        return run.returncode, run.stderr.strip(), []
    skipped = [m.groups() for m in map(SKIP_LINE.match, run.stderr.splitlines()) if m]
    return 0, [(s["id"], s["source"], s["target"]) for s in json.loads(run.stdout)], skipped


def parse_lenient_namespaces(path):
    """ElementTree's parse, except that a prefix used without a declaration
    (which shuyu tolerates: it reads local names) is declared first."""
    try:
        return ET.parse(path).getroot()
    except ET.ParseError as e:
        if "unbound prefix" not in str(e):
            raise
    raw = Path(path).read_bytes()
    text = raw.decode("utf-8-sig")
    used = set(re.findall(r"</?([A-Za-z_][\w.-]*):[A-Za-z_]", text)) | set(re.findall(r"\s([A-Za-z_][\w.-]*):[A-Za-z_][\w.-]*\s*=", text))
    declared = set(re.findall(r"xmlns:([A-Za-z_][\w.-]*)\s*=", text)) | {"xml", "xmlns"}
    extra = "".join(f' xmlns:{p}="urn:x-undeclared:{p}"' for p in sorted(used - declared))
    text = re.sub(r"(<xliff|<tmx)(\s|>)", lambda m: m.group(1) + extra + m.group(2), text, count=1)
    return ET.fromstring(text.encode("utf-8"))


def check_bitext(path, invalid, units):
    """None when shuyu agrees with the independent reading, else why not.
    A file the schema rejects (`invalid`) may also be rejected by shuyu.
    Appends the file's counts to `units`."""
    code, got, skipped = shuyu_segments(path)
    if code == 0:
        reasons = Counter(r for _, r in skipped)
        units.append((path, len(got) + len(skipped), len(got), reasons))
    if invalid and code == 2:
        return None
    try:
        root = parse_lenient_namespaces(path)
    except ET.ParseError as e:
        if code == 2:
            return None
        return f"invalid XML ({e}) but shuyu exited {code}"
    if code != 0:
        return f"shuyu exited {code}: {got}"
    want, want_skipped = expected_tmx(root) if local(root.tag) == "tmx" else expected_xliff(root)
    if got != want:
        diff = next(((g, w) for g, w in zip(got, want) if g != w), (got[len(want):][:1], want[len(got):][:1]))
        return f"{len(got)} segments vs {len(want)}; first difference: shuyu {diff[0]!r} python {diff[1]!r}"
    if [i for i, _ in skipped] != want_skipped:
        return f"skipped units differ: shuyu {skipped[:3]!r} python {want_skipped[:3]!r}"
    undocumented = [r for _, r in skipped if not any(p.fullmatch(r) for p in DOCUMENTED_SKIPS)]
    if undocumented:
        return f"undocumented skip reason: {undocumented[0]!r}"
    return None


def report_units(units):
    """Per file: units read, segments, skipped by reason; the files with
    skips and the totals on standard output, every file in the TSV."""
    out = Path("target/conformance-units.tsv")
    out.parent.mkdir(exist_ok=True)
    totals = Counter()
    read = segments = 0
    with open(out, "w", encoding="utf-8") as f:
        f.write("file\tunits_read\tsegments\tskipped\treasons\n")
        for path, n, segs, reasons in units:
            read += n
            segments += segs
            totals.update(reasons)
            why = "; ".join(f"{c}: {r}" for r, c in reasons.most_common())
            f.write(f"{path}\t{n}\t{segs}\t{sum(reasons.values())}\t{why}\n")
            if reasons:
                print(f"units {path}: {n} read, {segs} segments, {sum(reasons.values())} skipped ({why})")
            elif n == 0:
                print(f"units {path}: 0 units (the file holds none)")
    print(f"units: {len(units)} files, {read} units read, {segments} segments, {sum(totals.values())} skipped")
    for reason, count in totals.most_common():
        print(f"units skipped: {count}: {reason}")
    print(f"units: per-file counts in {out}")


def main():
    manifest = corpus / "MANIFEST.tsv"
    files = []
    bitexts = []
    with open(manifest, encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            if row["local_path"].lower().endswith(".tbx"):
                files.append(corpus / row["local_path"])
            elif row["root"].split(":")[-1] in ("tmx", "xliff"):
                invalid = row["lxml_validation"].startswith(("INVALID", "NOTWF"))
                bitexts.append((corpus / row["local_path"], invalid))
    passed = failed = 0
    units = []
    for path, invalid in bitexts:
        why = check_bitext(path, invalid, units)
        if why is None:
            passed += 1
        else:
            print(f"FAIL {path}: {why}")
            failed += 1
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
    report_units(units)
    print(f"conformance: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
