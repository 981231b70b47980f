"""shuyu.Memory: made from bilingual files, looked up and searched."""

import pytest

import shuyu


def test_create_lookup_and_concord(tmp_path, tmx, cli):
    path = tmp_path / "m.shuyu-tm"
    memory = shuyu.Memory.create(path, [tmx])
    assert len(memory) == 3
    exact = memory.lookup("Japan joined the Quadrilateral Security Dialogue.")
    assert exact[0].score == 100
    assert (exact[0].target, exact[0].source_lang, exact[0].target_lang, exact[0].id) == (
        "日本加入了四方安全对话。",
        "en",
        "zh-CN",
        "1",
    )
    fuzzy = memory.lookup("Japan joined the Quadrilateral Security Dialogue in 2007.", min_score=50)
    assert fuzzy and 50 <= fuzzy[0].score < 100
    assert memory.lookup("Japan joined the Quadrilateral Security Dialogue in 2007.", min_score=100) == []
    # The same memory as the command line makes from the same file.
    code, out = cli("tm", "lookup", "--tm", path, "--format", "json", "--min-score", "50",
                    "Japan joined the Quadrilateral Security Dialogue in 2007.")
    import json

    assert [h["score"] for h in json.loads(out)["hits"]] == [h.score for h in fuzzy[:5]]
    found = memory.concord("集体自卫权")
    assert [c.id for c in found] == ["2"]
    start, end = found[0].in_target[0]
    assert found[0].target[start:end] == "集體自衛權"
    again = shuyu.Memory.open(path)
    assert len(again) == 3 and str(again.path) == str(path)


def test_create_again_stores_each_unit_once(tmp_path, tmx):
    path = tmp_path / "m.shuyu-tm"
    shuyu.Memory.create(path, [tmx])
    assert len(shuyu.Memory.create(path, [tmx, tmp_path])) == 3


def test_memory_errors(tmp_path, tmx):
    with pytest.raises(FileNotFoundError):
        shuyu.Memory.open(tmp_path / "none.shuyu-tm")
    with pytest.raises(FileNotFoundError):
        shuyu.Memory.create(tmp_path / "m.shuyu-tm", [tmp_path / "missing.tmx"])
    assert not (tmp_path / "m.shuyu-tm").exists()
    # Every unreadable file is named, as `shuyu tm import` names them.
    broken = tmp_path / "broken.tmx"
    broken.write_text("<tmx><body><tu>", encoding="utf-8")
    with pytest.raises(shuyu.Error, match="2 files could not be read") as raised:
        shuyu.Memory.create(tmp_path / "m.shuyu-tm", [broken, tmx, tmp_path / "missing.tmx"])
    assert "broken.tmx" in str(raised.value) and "missing.tmx" in str(raised.value)
    assert not (tmp_path / "m.shuyu-tm").exists()
    empty = tmp_path / "empty.tsv"
    empty.write_text("a\tsource only\t\n", encoding="utf-8")
    with pytest.raises(shuyu.Error, match="nothing was imported: 1 unit read, 0 added, 1 skipped"):
        shuyu.Memory.create(tmp_path / "m.shuyu-tm", [empty], source_lang="en", target_lang="zh-CN")
    not_memory = tmp_path / "x.shuyu-tm"
    not_memory.write_bytes(b"hello")
    with pytest.raises(shuyu.Error, match="x.shuyu-tm"):
        shuyu.Memory.open(not_memory)
    memory = shuyu.Memory.create(tmp_path / "m.shuyu-tm", [tmx])
    with pytest.raises(ValueError, match="min_score"):
        memory.lookup("x", min_score=101)
