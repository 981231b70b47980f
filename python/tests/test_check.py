"""check_pair and check_file: translations against the glossary."""

import warnings

import pytest

import shuyu
from conftest import cli_json


def test_check_pair_reports_the_other_locale_with_suggestions():
    found = shuyu.check_pair("Trump met the Quad.", "川普会见了四方安全对话。", "en", "zh-CN")
    assert [(f.rule, f.severity, f.concept) for f in found] == [("wrong-locale", "error", "donald-trump")]
    assert found[0].suggestions[0] == "特朗普"
    assert found[0].segment is None and found[0].file is None
    assert (found[0].source, found[0].target) == ("Trump", "川普")


def test_check_pair_missing_term_and_no_target():
    missing = shuyu.check_pair("the right of collective self-defense", "这个问题", "en-US", "zh_CN")
    assert [f.rule for f in missing] == ["missing-term"]
    assert "集体自卫权" in missing[0].suggestions
    assert [f.rule for f in shuyu.check_pair("the Quad", None, "en", "zh-CN")] == ["untranslated"]
    assert shuyu.check_pair("the Quad", "四方安全对话", "en", "zh-CN") == []


def test_check_pair_refuses_languages_it_cannot_check():
    with pytest.raises(ValueError, match="source_lang"):
        shuyu.check_pair("x", "y", "klingon", "zh-CN")
    with pytest.raises(ValueError, match="target_lang"):
        shuyu.check_pair("x", "y", "en", "")


def test_check_file_findings_equal_the_cli_json(cli, tmx):
    found = shuyu.check_file(tmx)
    expected = cli_json(cli, "check", "--format", "json", tmx)
    assert [f.to_dict() for f in found] == expected
    assert {f.rule for f in found} >= {"wrong-locale", "missing-term"}
    assert all(f.segment in {"1", "2", "3"} and f.line for f in found)
    assert all(f.file == str(tmx) for f in found)


def test_check_file_takes_languages_and_a_glossary(tmp_path):
    tsv = tmp_path / "pairs.tsv"
    tsv.write_text("a\tthe Quad\t四方安全对话\nb\tJapan and the Quad\t日本和这个\n", encoding="utf-8")
    with pytest.raises(shuyu.Error, match="nothing was checked"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            shuyu.check_file(tsv)
    found = shuyu.check_file(tsv, source_lang="en", target_lang="zh-CN")
    assert [(f.segment, f.rule) for f in found] == [("b", "missing-term")]
    glossary = tmp_path / "g.tsv"
    glossary.write_text("id\ten\tzh-CN\nthis\tthis\t这个\n", encoding="utf-8")
    own = shuyu.Tagger.open(glossary)
    assert [f.rule for f in shuyu.check_file(tsv, tagger=own, source_lang="en", target_lang="zh-CN")] == ["extra-term"]


def test_check_file_counts_units_it_skips_in_a_warning(tmp_path, tmx):
    mixed = tmp_path / "mixed.tmx"
    mixed.write_text(
        tmx.read_text(encoding="utf-8").replace(
            "</body>",
            '<tu tuid="4"><tuv xml:lang="en"><seg>Quad</seg></tuv><tuv xml:lang="ja"><seg>クアッド</seg></tuv></tu></body>',
        ),
        encoding="utf-8",
    )
    with pytest.warns(shuyu.SkippedUnitsWarning, match="4 units read, 3 checked, 1 skipped"):
        found = shuyu.check_file(mixed)
    assert "4" not in {f.segment for f in found}


def test_check_file_errors(tmp_path):
    with pytest.raises(FileNotFoundError):
        shuyu.check_file(tmp_path / "missing.tmx")
    broken = tmp_path / "broken.tmx"
    broken.write_text('<tmx version="1.4"><body><tu><tuv xml:lang="en"><seg>x</tuv></tu></body></tmx>', encoding="utf-8")
    with pytest.raises(shuyu.Error, match=r"broken\.tmx:1"):
        shuyu.check_file(broken)
    with pytest.raises(ValueError, match="source_lang"):
        shuyu.check_file(broken, source_lang="xx-nope")


def test_check_file_reads_a_folder(tmp_path, tmx):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.tmx").write_text(tmx.read_text(encoding="utf-8"), encoding="utf-8")
    found = shuyu.check_file(tmp_path)
    assert {f.file for f in found} == {str(tmx), str(tmp_path / "sub" / "b.tmx")}


def test_finding_attributes_are_the_json_values_as_plain_types(tmx):
    found = shuyu.check_file(tmx) + shuyu.lint_text("𠮷川普说", "zh-TW") + shuyu.lint_text("川普说", "zh-CN")
    assert found
    for f in found:
        d = f.to_dict()
        for key in ("rule", "severity", "concept", "message", "suggestions", "segment", "line", "column", "file",
                    "source", "target"):
            assert getattr(f, key) == d[key], key
        for key in ("rule", "severity", "message"):
            assert type(getattr(f, key)) is str
        assert f.concept is None or type(f.concept) is str
        assert f.segment is None or type(f.segment) is str
        assert all(type(s) is str for s in f.suggestions)
        assert f.severity in {"error", "warning", "note"}
