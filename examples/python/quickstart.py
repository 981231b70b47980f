"""shuyu from Python: tag, check a translation, lint a document, count.

    pip install ./python
    python examples/python/quickstart.py
"""

import pickle

import shuyu

tagger = shuyu.Tagger.bundled()

# Terms in text, through script, width and dash variants. Offsets are
# Python string indices, also after characters outside the BMP.
text = "𠮷 東京將成立統合作戰司令部（J‐JOC）"
for m in tagger.find(text):
    assert text[m.start : m.end] == m.text
    print(f"{m.start:3}..{m.end:<3} {m.text}  [{m.concept}] {m.lang} {m.status}")

# A concept's terms per language, with their status.
print("zh-CN for j-joc:", tagger.concept("j-joc").approved("zh-CN"))

# Many texts at once: (start, end, concept) tuples, and counts per concept.
texts = ["日本加入四方安全对话", "the Quad met in Tokyo", "四川普通话不是川普"]
print(tagger.find_many(texts))
print(tagger.count(texts))

# A translation against the glossary, as `shuyu check` reports it.
for f in shuyu.check_pair("Trump met the Quad.", "川普会见了四方安全对话。", "en", "zh-CN"):
    print(f"{f.severity}: {f.rule} [{f.concept}] {f.message}; use {f.suggestions}")

# A Markdown document in zh-CN, as `shuyu lint` reports it: code is not prose.
for f in shuyu.lint_text("# 川普访日\n\n`川普` 在代码里不算。\n", "zh-CN", kind="markdown"):
    print(f"{f.line}:{f.column}: {f.rule} {f.target} → {f.suggestions}")

# A tagger travels as its compiled bytes (to a worker, a cache, a file).
again = pickle.loads(pickle.dumps(tagger))
assert again.find(text) == tagger.find(text)
print(f"compiled glossary: {len(tagger.to_bytes()):,} bytes, {tagger.concept_count} concepts")
