//! Strings in and out: Python's code-point indices from the crate's byte
//! offsets, and a sequence of texts taken from any iterable.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::types::PyString;

/// Turns byte offsets of one text, given in increasing order, into code
/// point indices, counting each stretch once.
pub(crate) struct CodePoints<'t> {
    text: &'t str,
    ascii: bool,
    byte: usize,
    index: usize,
}

impl<'t> CodePoints<'t> {
    pub(crate) fn new(text: &'t str) -> CodePoints<'t> {
        CodePoints {
            text,
            ascii: text.is_ascii(),
            byte: 0,
            index: 0,
        }
    }

    /// The index of the character at byte `offset`; offsets asked before
    /// the last one asked are counted from the start again.
    pub(crate) fn at(&mut self, offset: usize) -> usize {
        if self.ascii {
            return offset;
        }
        if offset < self.byte {
            self.byte = 0;
            self.index = 0;
        }
        self.index += self.text[self.byte..offset].chars().count();
        self.byte = offset;
        self.index
    }

    /// A byte range as a code point range.
    pub(crate) fn range(&mut self, range: std::ops::Range<usize>) -> (usize, usize) {
        (self.at(range.start), self.at(range.end))
    }

    /// Byte ranges, in increasing order, as code point ranges.
    pub(crate) fn ranges(mut self, ranges: Vec<std::ops::Range<usize>>) -> Vec<(usize, usize)> {
        ranges.into_iter().map(|r| self.range(r)).collect()
    }
}

/// The texts of an iterable of `str`; a lone `str` is refused, since
/// iterating it would check each character as a text.
pub(crate) fn texts(texts: &Bound<'_, PyAny>) -> PyResult<Vec<PyBackedStr>> {
    if texts.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(
            "texts must be an iterable of str, not a str: pass [text]",
        ));
    }
    texts.try_iter()?.map(|t| t?.extract()).collect()
}

/// Python's `repr` of a string, for the classes' own `repr`s.
pub(crate) fn repr(py: Python<'_>, s: &str) -> String {
    match PyString::new(py, s).repr() {
        Ok(r) => r.to_string(),
        Err(_) => format!("{s:?}"),
    }
}

/// Python's `repr` of an optional string.
pub(crate) fn repr_opt(py: Python<'_>, s: Option<&str>) -> String {
    s.map_or_else(|| "None".to_string(), |s| repr(py, s))
}

/// The static spelling of a language, status or term type read back from a
/// pickle: the value the class holds, or `ValueError`.
pub(crate) fn name<T: std::str::FromStr>(
    what: &str,
    value: &str,
    as_str: impl Fn(T) -> &'static str,
) -> PyResult<&'static str> {
    value
        .parse::<T>()
        .map(as_str)
        .map_err(|_| pyo3::exceptions::PyValueError::new_err(format!("{what}: {value:?}")))
}
