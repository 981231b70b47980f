//! The exceptions: `shuyu.Error` with the command line's message, and the
//! built-in ones where Python has a better fit (a missing file).

use std::io::ErrorKind;

use pyo3::exceptions::{PyFileNotFoundError, PyUserWarning, PyValueError};
use pyo3::prelude::*;
use shuyu::formats::{ParseError, ParseErrorKind};

pyo3::create_exception!(
    shuyu,
    Error,
    PyValueError,
    "A file or glossary shuyu cannot use, with the message the command line \
     prints: the file, the line and what is wrong."
);

pyo3::create_exception!(
    shuyu,
    SkippedUnitsWarning,
    PyUserWarning,
    "Some units of a bilingual file could not be used (no language, a \
     language the glossary lacks, no target); the message counts them by \
     reason."
);

/// A reader's error: `FileNotFoundError` when the file is missing, else
/// `shuyu.Error`.
pub(crate) fn parse(e: &ParseError) -> PyErr {
    match e.kind() {
        ParseErrorKind::Io(ErrorKind::NotFound) => PyFileNotFoundError::new_err(e.to_string()),
        _ => Error::new_err(e.to_string()),
    }
}

/// Any other error of the library, as `shuyu.Error`.
pub(crate) fn other(e: impl std::fmt::Display) -> PyErr {
    Error::new_err(e.to_string())
}

/// An argument a caller got wrong.
pub(crate) fn argument(what: &str, e: impl std::fmt::Display) -> PyErr {
    PyValueError::new_err(format!("{what}: {e}"))
}

/// The `source_lang` and `target_lang` arguments of a call that reads
/// bilingual files, each checked as `--source-lang` and `--target-lang`
/// are.
pub(crate) fn langs(
    source: Option<String>,
    target: Option<String>,
) -> PyResult<shuyu::formats::bitext::Langs> {
    for (what, tag) in [("source_lang", &source), ("target_lang", &target)] {
        if let Some(tag) = tag {
            lang(what, tag)?;
        }
    }
    Ok(shuyu::formats::bitext::Langs { source, target })
}

/// Parses a language or locale argument as the command line's flags do.
pub(crate) fn lang(what: &str, tag: &str) -> PyResult<shuyu::Lang> {
    tag.parse().map_err(|e| argument(what, e))
}

/// Warns with `SkippedUnitsWarning`, pointing at the caller's line.
fn warn_skipped(py: Python<'_>, message: String) -> PyResult<()> {
    let category = py.get_type::<SkippedUnitsWarning>();
    let message = std::ffi::CString::new(message).map_err(other)?;
    PyErr::warn(py, &category, &message, 1)
}

/// What a run over bilingual files tells its caller: `shuyu.Error` when it
/// used no unit ("nothing was {nothing}", with the tally), a
/// `SkippedUnitsWarning` when it skipped some.
pub(crate) fn account(
    py: Python<'_>,
    path: &std::path::Path,
    tally: &shuyu::formats::bitext::Tally,
    (used_as, nothing): (&str, &str),
) -> PyResult<()> {
    let what = tally.line_as(used_as);
    if tally.used == 0 {
        return Err(Error::new_err(format!(
            "{}: nothing was {nothing}: {what}",
            path.display()
        )));
    }
    if tally.skipped_count() > 0 {
        warn_skipped(py, format!("{}: {what}", path.display()))?;
    }
    Ok(())
}
