#!/usr/bin/env python3
"""Conformance pass over ../shared/corpus (or the folder given).

Every TBX, TMX and XLIFF file in the corpus MANIFEST is read by shuyu
(`shuyu convert FILE --to tsv -o -` for glossaries, `shuyu segments --format
json FILE` for bilingual files) and, independently, by Python's own XML
parser following the rules the readers document; the two must agree on every
term, or on every segment's id, source and target. A file Python cannot parse
must be rejected by shuyu with a clear message (exit 2); a crash (any other
exit) is a failure. Prints one line per disagreement and a closing line
`N passed, M failed`.

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
    header = next((e for e in root.iter() if local(e.tag) == "header"), None)
    src = header.get("srclang") if header is not None else None
    if src == "*all*":
        src = None
    out = []
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
        norm = lambda t: (t or "").lower().replace("_", "-")
        if src is None:
            si = 0 if tuvs else None
        else:
            si = next((i for i, t in enumerate(tuvs) if norm(t[0]) == norm(src)), None)
        if si is None:
            continue
        targets = [t for i, t in enumerate(tuvs) if i != si]
        if not targets:
            out.append((tid, tuvs[si][1], None))
        for t in targets:
            out.append((tid, tuvs[si][1], t[1]))
    return out


def expected_xliff(root):
    out = []
    if (root.get("version") or "").startswith("2") or (root.get("version") is None and "document:2" in root.tag):
        for unit in root.iter():
            if local(unit.tag) != "unit":
                continue
            segs = []
            for i, seg in enumerate([s for s in unit if local(s.tag) == "segment"]):
                src = next((c for c in seg if local(c.tag) == "source"), None)
                trg = next((c for c in seg if local(c.tag) == "target"), None)
                segs.append((seg.get("id") or str(i + 1), text_of(src, ()) if src is not None else "", text_of(trg, ()) if trg is not None else None))
            for sid, s, t in segs:
                uid = unit.get("id") or ""
                out.append((f"{uid}#{sid}" if len(segs) > 1 else uid, s, t))
        return out
    for unit in root.iter():
        if local(unit.tag) != "trans-unit":
            continue
        uid = unit.get("id") or ""
        child = lambda n: next((c for c in unit if local(c.tag) == n), None)
        src, segsrc, trg = child("source"), child("seg-source"), child("target")
        if src is None:
            continue
        if segsrc is not None and seg_texts(segsrc, XLIFF1_CODES):
            ssegs = seg_texts(segsrc, XLIFF1_CODES)
            tsegs = dict(seg_texts(trg, XLIFF1_CODES)) if trg is not None else None
            if tsegs is None or all(mid in tsegs for mid, _ in ssegs):
                for mid, text in ssegs:
                    out.append((f"{uid}#{mid}" if len(ssegs) > 1 else uid, text, tsegs.get(mid) if tsegs is not None else None))
                continue
        out.append((uid, text_of(src, XLIFF1_CODES), text_of(trg, XLIFF1_CODES) if trg is not None else None))
    return out


TMX_CODES = ("bpt", "ept", "ph", "it", "ut")
XLIFF1_CODES = ("bpt", "ept", "ph", "it")


def shuyu_segments(path):
    run = subprocess.run([shuyu, "segments", "--format", "json", str(path)], capture_output=True, text=True)
    if run.returncode != 0:
        return run.returncode, run.stderr.strip()
    return 0, [(s["id"], s["source"], s["target"]) for s in json.loads(run.stdout)]


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


def check_bitext(path, invalid):
    """None when shuyu agrees with the independent reading, else why not.
    A file the schema rejects (`invalid`) may also be rejected by shuyu."""
    code, got = shuyu_segments(path)
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
    want = expected_tmx(root) if local(root.tag) == "tmx" else expected_xliff(root)
    if got != want:
        diff = next(((g, w) for g, w in zip(got, want) if g != w), (got[len(want):][:1], want[len(got):][:1]))
        return f"{len(got)} segments vs {len(want)}; first difference: shuyu {diff[0]!r} python {diff[1]!r}"
    return None


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
    for path, invalid in bitexts:
        why = check_bitext(path, invalid)
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
    print(f"conformance: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
