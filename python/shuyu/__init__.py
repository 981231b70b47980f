"""shuyu (术语, "terminology"): bilingual Chinese/English terminology.

Find a glossary's terms in text — leftmost-longest, through full-width
letters, dash variants, spacing, case, English plurals and
Simplified/Traditional script — and check translations and documents
against it.

>>> import shuyu
>>> tagger = shuyu.Tagger.bundled()
>>> [(m.text, m.concept, m.lang) for m in tagger.find("東京將成立統合作戰司令部（J‐JOC）")]
[('東京', 'tokyo', 'zh-TW'), ('統合作戰司令部', 'j-joc', 'zh-TW'), ('J‐JOC', 'j-joc', 'en')]
>>> tagger.count(["四方安全对话与Quad", "the Quad"])
{'quad': 3}
>>> [f.rule for f in shuyu.lint_text("川普说", "zh-CN")]
['wrong-locale']

What is here:

- ``Tagger``: ``bundled()``, ``open(path)``, ``from_bytes(data)``;
  ``find``, ``find_many``, ``count``, ``concept``; pickles as its compiled
  bytes.
- ``check_pair``, ``check_file``: translations against the glossary, as
  ``shuyu check``; ``lint_text``, ``lint_file``: documents in one locale, as
  ``shuyu lint``. Both return ``Finding`` objects.
- ``Memory``: a translation memory (``create``, ``open``, ``lookup``,
  ``concord``), as ``shuyu tm``.
- ``Error`` (a ``ValueError``) for files and glossaries shuyu cannot use,
  with the command line's message; ``SkippedUnitsWarning`` when units of a
  bilingual file could not be used.

String offsets are Python string indices (code points), so
``text[m.start:m.end] == m.text``.
"""

from ._shuyu import (
    Concept,
    Concordance,
    Error,
    Finding,
    Hit,
    Match,
    Memory,
    SkippedUnitsWarning,
    Tagger,
    Term,
    __version__,
    check_file,
    check_pair,
    lint_file,
    lint_text,
)

__all__ = [
    "Concept",
    "Concordance",
    "Error",
    "Finding",
    "Hit",
    "Match",
    "Memory",
    "SkippedUnitsWarning",
    "Tagger",
    "Term",
    "__version__",
    "check_file",
    "check_pair",
    "lint_file",
    "lint_text",
]
