//! `shuyu.Tagger` and what it finds: `Match`, and a concept's `Term`s.

use std::collections::BTreeMap;
use std::path::PathBuf;

use pyo3::exceptions::PyKeyError;
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::types::{PyBytes, PyDict, PyList, PyString};
use shuyu::tagger::OpenErrorKind;

use crate::errors;
use crate::text::{self, CodePoints};

/// The bundled tagger is compiled once per process and shared; every other
/// one is owned.
enum Compiled {
    Bundled(&'static shuyu::Tagger),
    Owned(shuyu::Tagger),
}

impl std::ops::Deref for Compiled {
    type Target = shuyu::Tagger;

    fn deref(&self) -> &shuyu::Tagger {
        match self {
            Compiled::Bundled(t) => t,
            Compiled::Owned(t) => t,
        }
    }
}

/// A compiled glossary that finds its terms in text, leftmost-longest,
/// through width, dashes, spacing, case, English plurals and
/// Simplified/Traditional script.
///
/// Make one with `Tagger.bundled()` (the glossary shipped with shuyu),
/// `Tagger.open(path)` (TBX, TSV/CSV, `.terms`, or a file `shuyu compile`
/// wrote) or `Tagger.from_bytes(data)` (what `to_bytes()` returned). A
/// tagger pickles as its compiled bytes, so it can be sent to workers.
///
/// >>> import shuyu
/// >>> tagger = shuyu.Tagger.bundled()
/// >>> [(m.text, m.concept) for m in tagger.find("日本加入四方安全对话")]
/// [('日本', 'japan'), ('四方安全对话', 'quad')]
///
/// `word_check=False` matches every occurrence of a key; by default a
/// Chinese match of up to three characters counts only where it is a word
/// of the text (川普 in 与川普会谈, not in 四川普通话).
#[pyclass(module = "shuyu", frozen)]
pub(crate) struct Tagger {
    inner: Compiled,
}

impl Tagger {
    /// The crate's tagger.
    pub(crate) fn tagger(&self) -> &shuyu::Tagger {
        &self.inner
    }

    fn owned(tagger: shuyu::Tagger) -> Tagger {
        Tagger {
            inner: Compiled::Owned(tagger),
        }
    }
}

/// A concept of the compiled glossary as the Python class holds it.
fn concept_of(c: shuyu::ConceptRef<'_>) -> Concept {
    let mut terms: BTreeMap<&'static str, Vec<Term>> = BTreeMap::new();
    for t in c.terms() {
        terms.entry(t.lang().as_str()).or_default().push(Term {
            text: t.text().to_string(),
            lang: t.lang().as_str(),
            status: t.status().as_str(),
            kind: t.kind().as_str(),
        });
    }
    Concept {
        id: c.id().to_string(),
        subject: c.subject().map(str::to_string),
        note: c.note().map(str::to_string),
        terms,
    }
}

/// The crate's tagger of the `tagger` argument, or the bundled one when
/// none is given.
pub(crate) fn or_bundled<'a>(tagger: Option<&'a Bound<'_, Tagger>>) -> &'a shuyu::Tagger {
    match tagger {
        Some(t) => t.get().tagger(),
        None => shuyu::Tagger::bundled(),
    }
}

#[pymethods]
impl Tagger {
    /// The glossary shipped with shuyu (US–Japan alliance and
    /// international-relations vocabulary in en, zh-CN and zh-TW).
    #[classmethod]
    #[pyo3(signature = (*, word_check = true))]
    fn bundled(_cls: &Bound<'_, pyo3::types::PyType>, word_check: bool) -> PyResult<Tagger> {
        let bundled = shuyu::Tagger::bundled();
        if word_check {
            return Ok(Tagger {
                inner: Compiled::Bundled(bundled),
            });
        }
        let copy = shuyu::Tagger::from_bytes(bundled.as_bytes().to_vec()).map_err(errors::other)?;
        Ok(Tagger::owned(copy.with_word_check(false)))
    }

    /// Opens a glossary file: TBX, TSV/CSV, shuyu's `.terms`, or a compiled
    /// glossary. Raises `FileNotFoundError` for a missing file and
    /// `shuyu.Error` (file, line, what is wrong) for one that cannot be used.
    #[classmethod]
    #[pyo3(signature = (path, *, word_check = true))]
    fn open(
        _cls: &Bound<'_, pyo3::types::PyType>,
        py: Python<'_>,
        path: PathBuf,
        word_check: bool,
    ) -> PyResult<Tagger> {
        let opened = py.detach(|| shuyu::Tagger::open(&path));
        match opened {
            Ok(t) => Ok(Tagger::owned(t.with_word_check(word_check))),
            Err(e) => Err(match e.kind() {
                OpenErrorKind::Parse(p) => errors::parse(p),
                _ => errors::other(e),
            }),
        }
    }

    /// Loads a compiled glossary: the bytes `to_bytes()` returned, or a file
    /// `shuyu compile` wrote. Raises `shuyu.Error` when they are not one.
    #[classmethod]
    #[pyo3(signature = (data, word_check = true))]
    fn from_bytes(
        _cls: &Bound<'_, pyo3::types::PyType>,
        data: &[u8],
        word_check: bool,
    ) -> PyResult<Tagger> {
        let t = shuyu::Tagger::from_bytes(data.to_vec()).map_err(errors::other)?;
        Ok(Tagger::owned(t.with_word_check(word_check)))
    }

    /// The compiled glossary, as `shuyu compile` writes it.
    fn to_bytes<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, self.inner.as_bytes())
    }

    /// A tagger pickles as its compiled bytes and its word check.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> crate::Reduced<'py, (Bound<'py, PyBytes>, bool)> {
        let me = slf.get();
        let args = (me.to_bytes(slf.py()), me.inner.word_check());
        Ok((slf.get_type().getattr("from_bytes")?, args))
    }

    /// Whether short Chinese matches must be words of the text.
    #[getter]
    fn word_check(&self) -> bool {
        self.inner.word_check()
    }

    /// How many concepts the glossary has.
    #[getter]
    fn concept_count(&self) -> usize {
        self.inner.concept_count()
    }

    /// How many terms the glossary has.
    #[getter]
    fn term_count(&self) -> usize {
        self.inner.term_count()
    }

    /// The ids of the glossary's concepts, in the glossary's order.
    fn concepts(&self) -> Vec<&str> {
        self.inner.concepts().map(|c| c.id()).collect()
    }

    /// The concept with this id: its terms per language with their status.
    /// Raises `KeyError` when the glossary has no such concept.
    fn concept(&self, id: String) -> PyResult<Concept> {
        match self.inner.concept(&id) {
            Some(c) => Ok(concept_of(c)),
            None => Err(PyKeyError::new_err(format!(
                "no concept {id:?} in the glossary"
            ))),
        }
    }

    /// The glossary's terms in `text`, leftmost-longest, in order. `start`
    /// and `end` are indices of `text` (code points): `text[m.start:m.end]`
    /// is the match.
    fn find(&self, py: Python<'_>, text: PyBackedStr) -> Vec<Match> {
        let tagger = self.tagger();
        py.detach(|| {
            let mut at = CodePoints::new(&text);
            tagger
                .find_iter(&text)
                .map(|m| {
                    let (start, end) = at.range(m.range());
                    Match {
                        start,
                        end,
                        text: text[m.range()].to_string(),
                        concept: m.concept().to_string(),
                        term: m.term().to_string(),
                        lang: m.lang().as_str(),
                        status: m.status().as_str(),
                    }
                })
                .collect()
        })
    }

    /// The matches of many texts, as `(start, end, concept)` tuples (code
    /// point indices), one list per text. The GIL is released while the
    /// texts are scanned, so threads can share one tagger.
    fn find_many<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyList>> {
        let texts = text::texts(texts)?;
        let tagger = self.tagger();
        let found: Vec<Vec<(usize, usize, u32)>> = py.detach(|| {
            texts
                .iter()
                .map(|text| {
                    let mut at = CodePoints::new(text);
                    tagger
                        .find_iter(text)
                        .map(|m| {
                            let (start, end) = at.range(m.range());
                            (start, end, m.concept_ref().index() as u32)
                        })
                        .collect()
                })
                .collect()
        });
        // One str per concept, shared by all its matches.
        let mut names: Vec<Option<Bound<'py, PyString>>> = vec![None; tagger.concept_count()];
        let out = PyList::empty(py);
        for matches in found {
            let list = PyList::empty(py);
            for (start, end, concept) in matches {
                let name = names[concept as usize]
                    .get_or_insert_with(|| {
                        let id = tagger.concept_at(concept as usize).map_or("", |c| c.id());
                        PyString::new(py, id)
                    })
                    .clone();
                list.append((start, end, name))?;
            }
            out.append(list)?;
        }
        Ok(out)
    }

    /// How many matches each concept has over all `texts`: a dict of
    /// concept id to count, the most frequent first. The GIL is released
    /// while the texts are scanned.
    fn count<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let texts = text::texts(texts)?;
        let tagger = self.tagger();
        let counts: Vec<usize> = py.detach(|| {
            let mut counts = vec![0usize; tagger.concept_count()];
            for text in &texts {
                for m in tagger.find_iter(text) {
                    counts[m.concept_ref().index()] += 1;
                }
            }
            counts
        });
        let mut found: Vec<(&str, usize)> = counts
            .iter()
            .enumerate()
            .filter(|&(_, &n)| n > 0)
            .filter_map(|(i, &n)| Some((tagger.concept_at(i)?.id(), n)))
            .collect();
        found.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let out = PyDict::new(py);
        for (id, n) in found {
            out.set_item(id, n)?;
        }
        Ok(out)
    }

    fn __repr__(&self) -> String {
        format!(
            "<shuyu.Tagger: {} concepts, {} terms{}>",
            self.inner.concept_count(),
            self.inner.term_count(),
            if self.inner.word_check() {
                ""
            } else {
                ", word_check=False"
            }
        )
    }
}

/// A glossary term found in a text.
///
/// `start` and `end` are indices of the text (code points), so
/// `text[m.start:m.end] == m.text`; `concept` is the concept's id, `term`
/// the glossary's spelling of the term matched, `lang` one of `"en"`,
/// `"zh-CN"`, `"zh-TW"`, `"zh"`, and `status` one of `"preferred"`,
/// `"admitted"`, `"deprecated"`.
#[pyclass(module = "shuyu", frozen, get_all, eq, skip_from_py_object)]
#[derive(Clone, PartialEq)]
pub(crate) struct Match {
    start: usize,
    end: usize,
    text: String,
    concept: String,
    term: String,
    lang: &'static str,
    status: &'static str,
}

/// A `Match` as pickled: its fields in order.
type PickledMatch = (usize, usize, String, String, String, String, String);

#[pymethods]
impl Match {
    /// Rebuilds a match from its pickled fields.
    #[classmethod]
    fn _restore(_cls: &Bound<'_, pyo3::types::PyType>, fields: PickledMatch) -> PyResult<Match> {
        let (start, end, text, concept, term, lang, status) = fields;
        Ok(Match {
            start,
            end,
            text,
            concept,
            term,
            lang: text::name("lang", &lang, shuyu::Lang::as_str)?,
            status: text::name("status", &status, shuyu::Status::as_str)?,
        })
    }

    /// Matches pickle, so workers can return them.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> crate::Reduced<'py, (PickledMatch,)> {
        let m = slf.get();
        let fields = (
            m.start,
            m.end,
            m.text.clone(),
            m.concept.clone(),
            m.term.clone(),
            m.lang.to_string(),
            m.status.to_string(),
        );
        Ok((slf.get_type().getattr("_restore")?, (fields,)))
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "Match(start={}, end={}, text={}, concept={}, term={}, lang={}, status={})",
            self.start,
            self.end,
            text::repr(py, &self.text),
            text::repr(py, &self.concept),
            text::repr(py, &self.term),
            text::repr(py, self.lang),
            text::repr(py, self.status)
        )
    }
}

/// A concept of the glossary: `id`, `subject` and `note` (or None), and
/// `terms`, a dict from language (`"en"`, `"zh-CN"`, `"zh-TW"`, `"zh"`) to
/// the list of its `Term`s in that language, in the glossary's order.
///
/// >>> quad = shuyu.Tagger.bundled().concept("quad")
/// >>> [t.text for t in quad.terms["en"] if t.status == "preferred"]
/// ['Quadrilateral Security Dialogue']
#[pyclass(module = "shuyu", frozen)]
pub(crate) struct Concept {
    #[pyo3(get)]
    id: String,
    #[pyo3(get)]
    subject: Option<String>,
    #[pyo3(get)]
    note: Option<String>,
    terms: BTreeMap<&'static str, Vec<Term>>,
}

#[pymethods]
impl Concept {
    /// The terms per language.
    #[getter]
    fn terms(&self) -> BTreeMap<&'static str, Vec<Term>> {
        self.terms.clone()
    }

    /// The approved (preferred, then admitted) terms in `lang`.
    fn approved(&self, lang: String) -> PyResult<Vec<String>> {
        let lang = errors::lang("lang", &lang)?.as_str();
        let terms = self.terms.get(lang).map(Vec::as_slice).unwrap_or_default();
        let mut out: Vec<&Term> = terms.iter().filter(|t| t.status == "preferred").collect();
        out.extend(terms.iter().filter(|t| t.status == "admitted"));
        Ok(out.into_iter().map(|t| t.text.clone()).collect())
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        let terms: Vec<String> = self
            .terms
            .values()
            .flatten()
            .map(|t| format!("{} ({}, {})", t.text, t.lang, t.status))
            .collect();
        format!(
            "Concept({}: {})",
            text::repr(py, &self.id),
            terms.join(", ")
        )
    }
}

/// A term of a concept: `text`, `lang`, `status` (`"preferred"`,
/// `"admitted"`, `"deprecated"`) and `type` (`"full-form"`, `"acronym"`,
/// `"short"`, …).
#[pyclass(module = "shuyu", frozen, get_all, eq, skip_from_py_object)]
#[derive(Clone, PartialEq)]
pub(crate) struct Term {
    text: String,
    lang: &'static str,
    status: &'static str,
    #[pyo3(name = "type")]
    kind: &'static str,
}

#[pymethods]
impl Term {
    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "Term(text={}, lang={}, status={}, type={})",
            text::repr(py, &self.text),
            text::repr(py, self.lang),
            text::repr(py, self.status),
            text::repr(py, self.kind)
        )
    }
}
