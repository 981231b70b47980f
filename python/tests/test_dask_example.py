"""examples/python/dask_count.py: counts over a folder on two workers
equal `shuyu tag --count` over the same files."""

import json
import random
import re
import subprocess
import sys

import pytest

import shuyu
from conftest import REPO, cli_json

try:
    import dask.distributed  # noqa: F401
except ImportError:  # a missing engine fails the run, never skips it
    pytest.fail("dask is missing: pip install 'dask[distributed]' (scripts/python-test.sh does)", pytrace=False)


def test_dask_count_equals_tag_count_and_both_workers_work(tmp_path, cli):
    tagger = shuyu.Tagger.bundled()
    terms = [t.text for c in tagger.concepts()[:200] for ts in tagger.concept(c).terms.values() for t in ts]
    filler = ["的", "会议", "讨论了", " and the ", "，", "。", "policy ", "合作", "地区"]
    rng = random.Random(7)
    folder = tmp_path / "docs"
    for i in range(24):
        sub = folder / f"part{i % 3}"
        sub.mkdir(parents=True, exist_ok=True)
        words = [rng.choice(terms) if rng.random() < 0.3 else rng.choice(filler) for _ in range(400)]
        (sub / f"doc{i:02}.txt").write_text("".join(words), encoding="utf-8")
    files = sorted(folder.rglob("*.txt"))

    expected = {c["concept"]: c["count"] for c in cli_json(cli, "tag", "--count", "--format", "json", *files)}
    assert sum(expected.values()) > 1000

    done = subprocess.run(
        [sys.executable, str(REPO / "examples" / "python" / "dask_count.py"), str(folder), "--json"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == expected
    workers = dict(re.findall(r"dask_count: (\S+): (\d+) files", done.stderr))
    assert len(workers) == 2, done.stderr
    assert all(int(n) > 0 for n in workers.values())
    assert sum(int(n) for n in workers.values()) == len(files)
