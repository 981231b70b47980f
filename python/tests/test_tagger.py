"""shuyu.Tagger: making one, finding terms, offsets, pickling, errors."""

import pickle
import pydoc

import pytest

import shuyu

SENTENCE = "東京將成立統合作戰司令部（J‐JOC）"


def test_bundled_finds_the_readme_sentence():
    found = [(m.text, m.concept, m.lang, m.status) for m in shuyu.Tagger.bundled().find(SENTENCE)]
    assert found == [
        ("東京", "tokyo", "zh-TW", "preferred"),
        ("統合作戰司令部", "j-joc", "zh-TW", "preferred"),
        ("J‐JOC", "j-joc", "en", "admitted"),
    ]


def test_match_fields_are_the_cli_json_values(cli, tmp_path):
    text = "川普与四方安全對話，AUKUS Pillar II。"
    path = tmp_path / "a.txt"
    path.write_text(text, encoding="utf-8")
    from conftest import cli_json

    expected = cli_json(cli, "tag", "--format", "json", path)
    got = shuyu.Tagger.bundled().find(text)
    assert [(m.text, m.concept, m.term, m.lang, m.status) for m in got] == [
        (e["text"], e["concept"], e["term"], e["lang"], e["status"]) for e in expected
    ]
    assert all(type(v) is str for m in got for v in (m.text, m.concept, m.term, m.lang, m.status))


def test_offsets_are_code_points_after_astral_characters():
    text = "𠮷𠮷 and 🇯🇵: 四方安全对话 and the Quad"
    found = shuyu.Tagger.bundled().find(text)
    assert [text[m.start : m.end] for m in found] == [m.text for m in found]
    assert [m.text for m in found] == ["四方安全对话", "Quad"]
    assert found[0].start == text.index("四方")


def test_find_many_gives_tuples_per_text_with_the_same_offsets():
    tagger = shuyu.Tagger.bundled()
    texts = ["𠮷四方安全对话", "", "the Quad and the QUAD", SENTENCE]
    many = tagger.find_many(texts)
    assert len(many) == len(texts)
    for text, tuples in zip(texts, many):
        assert tuples == [(m.start, m.end, m.concept) for m in tagger.find(text)]
    assert many[0] == [(1, 7, "quad")]
    # Any iterable of str, a generator too.
    assert tagger.find_many(t for t in texts) == many


def test_find_many_and_count_refuse_a_lone_string():
    tagger = shuyu.Tagger.bundled()
    with pytest.raises(TypeError, match="not a str"):
        tagger.find_many("四方安全对话")
    with pytest.raises(TypeError, match="not a str"):
        tagger.count("四方安全对话")
    with pytest.raises(TypeError):
        tagger.find_many([1, 2])


def test_count_adds_up_concepts_over_texts_most_frequent_first(cli, tmp_path):
    tagger = shuyu.Tagger.bundled()
    texts = ["四方安全对话与Quad", "the Quad", "东京和東京", "川普"]
    counts = tagger.count(texts)
    assert counts == {"quad": 3, "tokyo": 2, "donald-trump": 1}
    assert list(counts) == ["quad", "tokyo", "donald-trump"]
    path = tmp_path / "all.txt"
    path.write_text("\n".join(texts), encoding="utf-8")
    from conftest import cli_json

    assert counts == {c["concept"]: c["count"] for c in cli_json(cli, "tag", "--count", "--format", "json", path)}


def test_concept_gives_terms_per_language_with_status():
    quad = shuyu.Tagger.bundled().concept("quad")
    assert quad.id == "quad"
    assert set(quad.terms) == {"en", "zh-CN", "zh-TW"}
    en = {t.text: t.status for t in quad.terms["en"]}
    assert en["Quadrilateral Security Dialogue"] == "preferred"
    assert en["Quad"] == "admitted"
    assert quad.approved("zh-CN")[0] == "四方安全对话"
    assert all(t.lang == "zh-TW" for t in quad.terms["zh-TW"])
    with pytest.raises(KeyError, match="no-such-concept"):
        shuyu.Tagger.bundled().concept("no-such-concept")
    with pytest.raises(ValueError):
        quad.approved("fr")


def test_to_bytes_from_bytes_and_pickle_keep_the_glossary_and_word_check():
    tagger = shuyu.Tagger.bundled()
    data = tagger.to_bytes()
    assert isinstance(data, bytes) and len(data) > 1000
    again = shuyu.Tagger.from_bytes(data)
    assert again.find(SENTENCE) == tagger.find(SENTENCE)
    raw = shuyu.Tagger.bundled(word_check=False)
    for t in (tagger, raw):
        copy = pickle.loads(pickle.dumps(t))
        assert isinstance(copy, shuyu.Tagger)
        assert copy.word_check == t.word_check
        assert copy.to_bytes() == data
    # The word check is what tells 四川普通话 from 川普.
    assert [m.text for m in tagger.find("四川普通话")] == []
    assert [m.text for m in pickle.loads(pickle.dumps(raw)).find("四川普通话")] == ["川普"]


def test_open_reads_tsv_terms_tbx_and_compiled(tmp_path, cli):
    tsv = tmp_path / "g.tsv"
    tsv.write_text("id\ten\tzh-CN\ncore\tCompetitiveness and Resilience Partnership\t竞争力与韧性伙伴关系\n", encoding="utf-8")
    tagger = shuyu.Tagger.open(tsv)
    assert [m.concept for m in tagger.find("the Competitiveness and Resilience Partnership")] == ["core"]
    assert tagger.concept_count == 1
    tbx = tmp_path / "g.tbx"
    assert cli("convert", tsv, "-o", tbx)[0] == 0
    compiled = tmp_path / "g.shuyu"
    assert cli("compile", tsv, "-o", compiled)[0] == 0
    terms = tmp_path / "g.terms"
    assert cli("convert", tsv, "-o", terms, "--to", "terms")[0] == 0
    for path in (tbx, compiled, terms, str(terms)):
        assert shuyu.Tagger.open(path).find("竞争力与韧性伙伴关系")[0].concept == "core"


def test_errors_name_the_file_and_line(tmp_path):
    with pytest.raises(FileNotFoundError, match="no/such.tbx"):
        shuyu.Tagger.open("no/such.tbx")
    bad = tmp_path / "bad.tsv"
    bad.write_text("id\ten\tzh-CN\nx\tQuad\n\"unclosed\n", encoding="utf-8")
    with pytest.raises(shuyu.Error, match=r"bad\.tsv:\d+"):
        shuyu.Tagger.open(bad)
    assert issubclass(shuyu.Error, ValueError)
    with pytest.raises(shuyu.Error):
        shuyu.Tagger.from_bytes(b"not a compiled glossary")


def test_help_teaches():
    text = pydoc.render_doc(shuyu.Tagger, renderer=pydoc.plaintext)
    for name in ("bundled", "open", "from_bytes", "to_bytes", "find_many", "count", "concept", "code point"):
        assert name in text, name
    assert "leftmost-longest" in (shuyu.Tagger.__doc__ or "")
    assert "kind='text'" in str(shuyu.lint_text.__text_signature__)


def test_docstring_examples_run():
    import doctest

    result = doctest.testmod(shuyu, extraglobs={"shuyu": shuyu})
    assert result.attempted >= 8
    assert result.failed == 0


def test_the_quickstart_example_runs():
    import subprocess
    import sys

    from conftest import REPO

    done = subprocess.run(
        [sys.executable, str(REPO / "examples" / "python" / "quickstart.py")], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "統合作戰司令部  [j-joc] zh-TW preferred" in done.stdout
    assert "error: wrong-locale [donald-trump]" in done.stdout
    assert "1:3: wrong-locale 川普 → ['特朗普']" in done.stdout


def test_results_pickle_so_workers_can_return_them(tmp_path, tmx):
    matches = shuyu.Tagger.bundled().find("𠮷東京將成立統合作戰司令部")
    assert pickle.loads(pickle.dumps(matches)) == matches
    findings = shuyu.check_file(tmx) + shuyu.lint_text("川普说", "zh-CN", kind="markdown")
    again = pickle.loads(pickle.dumps(findings))
    assert again == findings
    assert [f.to_dict() for f in again] == [f.to_dict() for f in findings]
    memory = shuyu.Memory.create(tmp_path / "m.shuyu-tm", [tmx])
    hits = memory.lookup("Japan joined the Quadrilateral Security Dialogue.")
    copy = pickle.loads(pickle.dumps(hits))
    assert [(h.score, h.id, h.source, h.target, h.source_lang, h.target_lang) for h in copy] == [
        (h.score, h.id, h.source, h.target, h.source_lang, h.target_lang) for h in hits
    ]
