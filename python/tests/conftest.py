"""Shared helpers: the `shuyu` command line the results are compared with,
and small bilingual files written for a test."""

import json
import os
import pathlib
import subprocess

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def cli():
    """Runs the `shuyu` command line (SHUYU_BIN, else the repository's
    release build) and returns (exit code, stdout)."""
    binary = pathlib.Path(os.environ.get("SHUYU_BIN", REPO / "target" / "release" / "shuyu"))
    if not binary.exists():
        pytest.fail(f"{binary} is missing: run `cargo build --release` or set SHUYU_BIN")

    def run(*args):
        done = subprocess.run([str(binary), *map(str, args)], capture_output=True, text=True)
        return done.returncode, done.stdout

    return run


def cli_json(cli, *args):
    """The JSON a command printed."""
    _, out = cli(*args)
    return json.loads(out)


TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
  <header srclang="en" datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="test" creationtool="test" creationtoolversion="1"/>
  <body>
    <tu tuid="1">
      <tuv xml:lang="en"><seg>Japan joined the Quadrilateral Security Dialogue.</seg></tuv>
      <tuv xml:lang="zh-CN"><seg>日本加入了四方安全对话。</seg></tuv>
    </tu>
    <tu tuid="2">
      <tuv xml:lang="en"><seg>Trump spoke about collective self-defense.</seg></tuv>
      <tuv xml:lang="zh-CN"><seg>川普谈到了集體自衛權。</seg></tuv>
    </tu>
    <tu tuid="3">
      <tuv xml:lang="en"><seg>The right of collective self-defense was discussed.</seg></tuv>
      <tuv xml:lang="zh-CN"><seg>会议讨论了这个问题。</seg></tuv>
    </tu>
  </body>
</tmx>
"""


@pytest.fixture
def tmx(tmp_path):
    """A TMX file, en → zh-CN, with a wrong-locale term, a missing term and
    a correct unit."""
    path = tmp_path / "memory.tmx"
    path.write_text(TMX, encoding="utf-8")
    return path
