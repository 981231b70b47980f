"""lint_text and lint_file: documents in one locale."""

import pytest

import shuyu
from conftest import cli_json


def test_lint_text_finds_the_other_locale_with_a_code_point_column():
    found = shuyu.lint_text("𠮷川普说", "zh-CN")
    assert [(f.rule, f.severity, f.concept, f.line, f.column) for f in found] == [
        ("wrong-locale", "error", "donald-trump", 1, 2)
    ]
    assert found[0].suggestions == ["特朗普"]


def test_kinds_leave_code_and_markup_alone():
    md = "# 标题\n\n川普说 `川普` 不对\n"
    assert [(f.line, f.column) for f in shuyu.lint_text(md, "zh-CN", kind="markdown")] == [(3, 1)]
    assert len(shuyu.lint_text(md, "zh-CN")) == 2
    html = '<p title="川普">人工<b>智慧</b></p><code>川普</code>'
    found = shuyu.lint_text(html, "zh-CN", kind="html")
    assert [(f.concept, f.line) for f in found] == [("donald-trump", 1), ("ai", 1)]


def test_lint_text_equals_lint_file_and_the_cli(cli, tmp_path):
    md = "---\ntitle: 川普访日\n---\n\n美国总统川普与四方安全對話。人工智慧\n"
    path = tmp_path / "a.md"
    path.write_text(md, encoding="utf-8")
    expected = cli_json(cli, "lint", "--locale", "zh-CN", "--format", "json", path)
    from_file = [f.to_dict() for f in shuyu.lint_file(path, "zh-CN")]
    assert from_file == expected
    from_text = [f.to_dict() for f in shuyu.lint_text(md, "zh-CN", kind="markdown")]
    assert from_text == [dict(e, file=None) for e in expected]


def test_bad_arguments_raise_value_error():
    with pytest.raises(ValueError, match="kind"):
        shuyu.lint_text("x", "zh-CN", kind="docx")
    with pytest.raises(ValueError, match="locale"):
        shuyu.lint_text("x", "fr")
    with pytest.raises(FileNotFoundError):
        shuyu.lint_file("no/such.md", "zh-CN")
