//! Checks that return findings: `check_pair` and `check_file` (bilingual
//! segments), `lint_text` and `lint_file` (documents in one locale).

use std::path::PathBuf;

use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::types::{PyBytes, PyDict};
use shuyu::check::Checker;
use shuyu::formats::bitext::{self, Segment, Tally};
use shuyu::formats::document::{Document, DocumentFormat};
use shuyu::formats::files::{collect_files, Walk};
use shuyu::lint::Linter;

use crate::errors;
use crate::tagger::{or_bundled, Tagger};
use crate::text;

/// A problem found: the same fields, with the same values, as the objects
/// `shuyu check --format json` and `shuyu lint --format json` print.
///
/// `rule` (`"missing-term"`, `"wrong-locale"`, …), `severity` (`"error"`,
/// `"warning"`, `"note"`), `concept` (or None), `message`, `suggestions`
/// (the approved terms to use instead), `segment` (the unit's id in a
/// bilingual file, else None), `line` and `column` (1-based; the column
/// counts code points; None when unknown), `file` (None for
/// `check_pair` and `lint_text`), `source` and `target` (the term as
/// written on each side, when there is one).
#[pyclass(module = "shuyu", frozen, eq)]
pub(crate) struct Finding(shuyu::report::Finding);

/// Findings are equal when everything they show is: the fields of the
/// command line's JSON.
impl PartialEq for Finding {
    fn eq(&self, other: &Finding) -> bool {
        serde_json::to_value(&self.0).ok() == serde_json::to_value(&other.0).ok()
    }
}

#[pymethods]
impl Finding {
    #[getter]
    fn rule(&self) -> &str {
        &self.0.rule
    }

    #[getter]
    fn severity(&self) -> &str {
        self.0.severity.as_str()
    }

    #[getter]
    fn concept(&self) -> Option<&str> {
        self.0.concept.as_deref()
    }

    #[getter]
    fn message(&self) -> &str {
        &self.0.message
    }

    #[getter]
    fn suggestions(&self) -> Vec<String> {
        self.0.suggestions.clone()
    }

    #[getter]
    fn segment(&self) -> Option<&str> {
        self.0.segment.as_deref()
    }

    #[getter]
    fn line(&self) -> Option<usize> {
        self.0.line
    }

    #[getter]
    fn column(&self) -> Option<usize> {
        self.0.column
    }

    #[getter]
    fn file(&self) -> Option<&str> {
        Some(self.0.file.as_str()).filter(|f| !f.is_empty())
    }

    #[getter]
    fn source(&self) -> Option<&str> {
        self.0.source.as_deref()
    }

    #[getter]
    fn target(&self) -> Option<&str> {
        self.0.target.as_deref()
    }

    /// The finding as the command line's JSON object (a dict), ready for
    /// `json.dumps`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let json = serde_json::to_string(&self.0).map_err(errors::other)?;
        let dict = py
            .import("json")?
            .call_method1("loads", (json,))?
            .cast_into::<PyDict>()?;
        dict.set_item("file", self.file())?;
        Ok(dict)
    }

    /// Rebuilds a finding from its pickled JSON.
    #[classmethod]
    fn _from_json(_cls: &Bound<'_, pyo3::types::PyType>, json: &[u8]) -> PyResult<Finding> {
        serde_json::from_slice(json)
            .map(Finding)
            .map_err(|e| errors::argument("a pickled Finding", e))
    }

    /// Findings pickle (as their JSON), so workers can return them.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> crate::Reduced<'py, (Bound<'py, PyBytes>,)> {
        let json = serde_json::to_vec(&slf.get().0).map_err(errors::other)?;
        let restore = slf.get_type().getattr("_from_json")?;
        Ok((restore, (PyBytes::new(slf.py(), &json),)))
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "Finding(rule={}, severity={}, concept={}, message={})",
            text::repr(py, &self.0.rule),
            text::repr(py, self.0.severity.as_str()),
            text::repr_opt(py, self.0.concept.as_deref()),
            text::repr(py, &self.0.message)
        )
    }
}

fn wrap(findings: Vec<shuyu::report::Finding>) -> Vec<Finding> {
    findings.into_iter().map(Finding).collect()
}

/// Checks one translation: `target` (None when there is none) against
/// `source`, with the glossary rules of `shuyu check` (missing,
/// deprecated and wrong-locale terms, counts, numbers, inline codes,
/// punctuation). Languages are tags as files write them (`"en"`,
/// `"en-US"`, `"zh-CN"`, `"zh_Hant"`); one the glossary has no terms in
/// raises `ValueError`.
///
/// >>> [f.rule for f in shuyu.check_pair("Trump met the Quad.", "川普会见了四方安全对话。", "en", "zh-CN")]
/// ['wrong-locale']
#[pyfunction]
#[pyo3(signature = (source, target, source_lang, target_lang, tagger = None))]
pub(crate) fn check_pair(
    py: Python<'_>,
    source: PyBackedStr,
    target: Option<PyBackedStr>,
    source_lang: String,
    target_lang: String,
    tagger: Option<&Bound<'_, Tagger>>,
) -> PyResult<Vec<Finding>> {
    errors::lang("source_lang", &source_lang)?;
    errors::lang("target_lang", &target_lang)?;
    let tagger = or_bundled(tagger);
    let segment =
        Segment::new("", &source, target.as_deref()).with_langs(&source_lang, &target_lang);
    let mut checker = Checker::new(tagger);
    if let Some(reason) = checker.skip_reason(&segment) {
        return Err(errors::argument("cannot check this pair", reason));
    }
    let findings = py.detach(|| checker.check("", &segment));
    Ok(wrap(
        findings
            .into_iter()
            .map(|mut f| {
                f.segment = None;
                f
            })
            .collect(),
    ))
}

/// Checks a bilingual file (TMX, XLIFF 1.2/2.x, TSV), or every one under a
/// folder, as `shuyu check` does with its default severities. Languages
/// come from the file; `source_lang` and `target_lang` choose or supply
/// them (a TSV file needs both). Units that cannot be checked are counted
/// in a `shuyu.SkippedUnitsWarning`; a run that could check none raises
/// `shuyu.Error`.
#[pyfunction]
#[pyo3(signature = (path, tagger = None, source_lang = None, target_lang = None))]
pub(crate) fn check_file(
    py: Python<'_>,
    path: PathBuf,
    tagger: Option<&Bound<'_, Tagger>>,
    source_lang: Option<String>,
    target_lang: Option<String>,
) -> PyResult<Vec<Finding>> {
    let langs = errors::langs(source_lang, target_lang)?;
    let tagger = or_bundled(tagger);
    let mut tally = Tally::default();
    let findings = py.detach(|| {
        let mut errors = Vec::new();
        let files = collect_files(
            std::slice::from_ref(&path),
            &Walk::new(bitext::EXTENSIONS),
            &mut errors,
        );
        if let Some(e) = errors.first() {
            return Err(e.clone());
        }
        let mut checker = Checker::new(tagger);
        let mut out = Vec::new();
        for file in &files {
            let read = bitext::read(file, &langs)?;
            let segments = checker.usable(read, &mut tally);
            let name = file.display().to_string();
            out.extend(checker.check_many(&name, &segments).into_iter().flatten());
        }
        Ok(out)
    });
    let findings = findings.map_err(|e| errors::parse(&e))?;
    errors::account(py, &path, &tally, ("checked", "checked"))?;
    Ok(wrap(findings))
}

/// The document format a `kind` names.
fn document_format(kind: &str) -> PyResult<DocumentFormat> {
    match kind {
        "text" => Ok(DocumentFormat::Text),
        "markdown" => Ok(DocumentFormat::Markdown),
        "html" => Ok(DocumentFormat::Html),
        other => Err(errors::argument(
            "kind",
            format!("{other:?} is not one of \"text\", \"markdown\", \"html\""),
        )),
    }
}

/// Lints a document in `locale` (`"zh-CN"`, `"zh-TW"` or `"en"`) as
/// `shuyu lint` does: deprecated terms, the other locale's terms, script
/// mismatches, punctuation. `kind` is `"text"`, `"markdown"` or `"html"`
/// (code, markup and addresses are not prose and are not checked).
///
/// >>> [(f.rule, f.suggestions) for f in shuyu.lint_text("川普说", "zh-CN")]
/// [('wrong-locale', ['特朗普'])]
#[pyfunction]
#[pyo3(
    signature = (text, locale, kind = String::from("text"), tagger = None),
    text_signature = "(text, locale, kind='text', tagger=None)"
)]
pub(crate) fn lint_text(
    py: Python<'_>,
    text: PyBackedStr,
    locale: String,
    kind: String,
    tagger: Option<&Bound<'_, Tagger>>,
) -> PyResult<Vec<Finding>> {
    let locale = errors::lang("locale", &locale)?;
    let format = document_format(&kind)?;
    let tagger = or_bundled(tagger);
    let findings = py.detach(|| {
        let doc = Document::parse(text.as_bytes(), format, None)?;
        Ok(Linter::new(tagger, locale).lint("", &doc))
    });
    findings.map(wrap).map_err(|e| errors::parse(&e))
}

/// Lints a document file (Markdown, HTML, Word `.docx` or text, told by
/// its name) in `locale`, as `shuyu lint FILE` does.
#[pyfunction]
#[pyo3(signature = (path, locale, tagger = None))]
pub(crate) fn lint_file(
    py: Python<'_>,
    path: PathBuf,
    locale: String,
    tagger: Option<&Bound<'_, Tagger>>,
) -> PyResult<Vec<Finding>> {
    let locale = errors::lang("locale", &locale)?;
    let tagger = or_bundled(tagger);
    let findings = py.detach(|| {
        let doc = Document::read(&path)?;
        Ok(Linter::new(tagger, locale).lint(&path.display().to_string(), &doc))
    });
    findings.map(wrap).map_err(|e| errors::parse(&e))
}
