"""`shuyu extract --format tbx` writes TBX-Basic that translate-toolkit,
the reader Weblate and Pootle stand on, reads."""

import pytest

try:
    from translate.storage import tbx
except ImportError:  # a missing reader fails the run, never skips it
    pytest.fail("translate-toolkit is missing: pip install translate-toolkit (scripts/python-test.sh does)", pytrace=False)


def test_extracted_tbx_reads_in_translate_toolkit(tmp_path, cli):
    article = tmp_path / "article.txt"
    article.write_text(
        "日本加入了经济合作与发展组织（OECD）。\n新设的联合作战总部（J-JOC）直属防卫大臣。\n", encoding="utf-8"
    )
    out = tmp_path / "candidates.tbx"
    code, _ = cli("extract", "--format", "tbx", "-o", out, article)
    assert code == 0
    store = tbx.tbxfile.parsefile(str(out))
    pairs = {(u.source, u.target) for u in store.units}
    assert ("OECD", "经济合作与发展组织") in pairs
    assert len(store.units) == 2
