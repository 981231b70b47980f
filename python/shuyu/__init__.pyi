"""Type stubs of the shuyu package (the classes are defined in Rust)."""

import os
import pathlib
from typing import Iterable, Literal, Optional, Union, final

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

__version__: str

_Lang = Literal["en", "zh-CN", "zh-TW", "zh"]
_Status = Literal["preferred", "admitted", "deprecated"]
_Severity = Literal["error", "warning", "note"]
_StrPath = Union[str, "os.PathLike[str]"]

class Error(ValueError):
    """A file or glossary shuyu cannot use; the message names the file,
    the line and what is wrong."""

class SkippedUnitsWarning(UserWarning):
    """Units of a bilingual file that could not be used, counted by reason."""

@final
class Match:
    """A glossary term found in a text; ``text[start:end] == self.text``."""

    start: int
    end: int
    text: str
    concept: str
    term: str
    lang: _Lang
    status: _Status

@final
class Term:
    """A term of a concept."""

    text: str
    lang: _Lang
    status: _Status
    type: str

@final
class Concept:
    """A concept: its id, subject, note and terms per language."""

    id: str
    subject: Optional[str]
    note: Optional[str]
    terms: dict[str, list[Term]]
    def approved(self, lang: str) -> list[str]:
        """The preferred, then admitted, terms in ``lang``."""

@final
class Tagger:
    """A compiled glossary that finds its terms in text."""

    @classmethod
    def bundled(cls, *, word_check: bool = True) -> "Tagger": ...
    @classmethod
    def open(cls, path: _StrPath, *, word_check: bool = True) -> "Tagger": ...
    @classmethod
    def from_bytes(cls, data: bytes, word_check: bool = True) -> "Tagger": ...
    def to_bytes(self) -> bytes: ...
    @property
    def word_check(self) -> bool: ...
    @property
    def concept_count(self) -> int: ...
    @property
    def term_count(self) -> int: ...
    def concepts(self) -> list[str]: ...
    def concept(self, id: str) -> Concept:
        """Raises ``KeyError`` when the glossary has no such concept."""
    def find(self, text: str) -> list[Match]: ...
    def find_many(self, texts: Iterable[str]) -> list[list[tuple[int, int, str]]]: ...
    def count(self, texts: Iterable[str]) -> dict[str, int]: ...

@final
class Finding:
    """A problem found, with the fields of the command line's JSON."""

    rule: str
    severity: _Severity
    concept: Optional[str]
    message: str
    suggestions: list[str]
    segment: Optional[str]
    line: Optional[int]
    column: Optional[int]
    file: Optional[str]
    source: Optional[str]
    target: Optional[str]
    def to_dict(self) -> dict[str, object]: ...

def check_pair(
    source: str,
    target: Optional[str],
    source_lang: str,
    target_lang: str,
    tagger: Optional[Tagger] = None,
) -> list[Finding]: ...
def check_file(
    path: _StrPath,
    tagger: Optional[Tagger] = None,
    source_lang: Optional[str] = None,
    target_lang: Optional[str] = None,
) -> list[Finding]: ...
def lint_text(
    text: str,
    locale: str,
    kind: Literal["text", "markdown", "html"] = "text",
    tagger: Optional[Tagger] = None,
) -> list[Finding]: ...
def lint_file(path: _StrPath, locale: str, tagger: Optional[Tagger] = None) -> list[Finding]: ...

@final
class Hit:
    """A unit a lookup found."""

    score: int
    id: str
    source: str
    target: str
    source_lang: Optional[str]
    target_lang: Optional[str]

@final
class Concordance:
    """A unit holding a term, with where (code point ranges)."""

    id: str
    source: str
    target: str
    source_lang: Optional[str]
    target_lang: Optional[str]
    in_source: list[tuple[int, int]]
    in_target: list[tuple[int, int]]

@final
class Memory:
    """A translation memory file."""

    @classmethod
    def create(
        cls,
        path: _StrPath,
        files: Iterable[_StrPath],
        source_lang: Optional[str] = None,
        target_lang: Optional[str] = None,
    ) -> "Memory": ...
    @classmethod
    def open(cls, path: _StrPath) -> "Memory": ...
    def lookup(self, text: str, min_score: int = 70, limit: int = 5) -> list[Hit]: ...
    def concord(self, term: str, limit: int = 20) -> list[Concordance]: ...
    @property
    def path(self) -> pathlib.Path: ...
    def __len__(self) -> int: ...
