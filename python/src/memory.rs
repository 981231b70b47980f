//! `shuyu.Memory`: a translation memory file, made from bilingual files and
//! looked up by sentence or by term.

use std::path::PathBuf;

use pyo3::exceptions::PyFileNotFoundError;
use pyo3::prelude::*;
use shuyu::formats::bitext::{self, Tally};
use shuyu::formats::files::{collect_files, Walk};
use shuyu::tm::{self, Import, LookupOptions};

use crate::errors;
use crate::text::{self, CodePoints};

/// A memory's error: `FileNotFoundError` when its file is missing, else
/// `shuyu.Error`.
fn memory_error(e: tm::Error) -> PyErr {
    match &e {
        tm::Error::Io(_, io) if io.kind() == std::io::ErrorKind::NotFound => {
            PyFileNotFoundError::new_err(e.to_string())
        }
        _ => errors::other(e),
    }
}

/// A translation memory: one file, indexed for exact and fuzzy lookup and
/// for concordance, as `shuyu tm` makes and reads it.
///
/// For example, `memory = shuyu.Memory.create("alliance.shuyu-tm",
/// ["old.tmx", "xliff/"])`, then `memory.lookup("日美同盟是地区和平的基石。")`
/// gives the closest units with their score, and `memory.concord("集体自卫权")`
/// every unit that uses the term.
#[pyclass(module = "shuyu", frozen)]
pub(crate) struct Memory(tm::Memory);

#[pymethods]
impl Memory {
    /// Makes the memory at `path` from bilingual files (TMX, XLIFF, TSV;
    /// folders are searched for them), or adds them to the memory already
    /// there, exactly as `shuyu tm import` does: a unit already in it is
    /// stored once, and the file is replaced in one rename. `source_lang`
    /// and `target_lang` supply languages the files do not state (a TSV
    /// file needs both). A file that cannot be read raises (naming every
    /// such file when there are several) and leaves the memory as it was;
    /// units that cannot be stored are counted in a
    /// `shuyu.SkippedUnitsWarning`, and when none can, `shuyu.Error` is
    /// raised.
    #[classmethod]
    #[pyo3(signature = (path, files, source_lang = None, target_lang = None))]
    fn create(
        _cls: &Bound<'_, pyo3::types::PyType>,
        py: Python<'_>,
        path: PathBuf,
        files: Vec<PathBuf>,
        source_lang: Option<String>,
        target_lang: Option<String>,
    ) -> PyResult<Memory> {
        let langs = errors::langs(source_lang, target_lang)?;
        let mut tally = Tally::default();
        let made = py.detach(|| -> PyResult<Option<tm::Memory>> {
            let mut unreadable = Vec::new();
            let found = collect_files(&files, &Walk::new(bitext::EXTENSIONS), &mut unreadable);
            let mut import = Import::open(&path).map_err(memory_error)?;
            match import.add_files(&found, &langs, &mut tally) {
                Ok(more) => unreadable.extend(more),
                // A path that does not exist is what to report first.
                Err(e) if unreadable.is_empty() => return Err(memory_error(e)),
                Err(_) => {}
            }
            match unreadable.as_slice() {
                [] => {}
                [one] => return Err(errors::parse(one)),
                all => {
                    let each: Vec<String> = all.iter().map(ToString::to_string).collect();
                    return Err(errors::other(format!(
                        "{} files could not be read, so nothing was imported:\n{}",
                        all.len(),
                        each.join("\n")
                    )));
                }
            }
            if tally.used == 0 {
                return Ok(None);
            }
            import.commit().map_err(memory_error)?;
            tm::Memory::open(&path).map(Some).map_err(memory_error)
        })?;
        errors::account(py, &path, &tally, ("added", "imported"))?;
        made.map(Memory)
            .ok_or_else(|| errors::other("nothing was imported"))
    }

    /// Opens the memory at `path`.
    #[classmethod]
    fn open(_cls: &Bound<'_, pyo3::types::PyType>, path: PathBuf) -> PyResult<Memory> {
        tm::Memory::open(&path).map(Memory).map_err(memory_error)
    }

    /// The units whose source is closest to `text`, best first, scoring at
    /// least `min_score` (0–100; 100 asks for exact matches only), at most
    /// `limit`.
    #[pyo3(signature = (text, min_score = 70, limit = 5))]
    fn lookup(
        &self,
        py: Python<'_>,
        text: String,
        min_score: i64,
        limit: usize,
    ) -> PyResult<Vec<Hit>> {
        let min_score = u8::try_from(min_score)
            .ok()
            .filter(|s| *s <= 100)
            .ok_or_else(|| errors::argument("min_score", format!("{min_score} is not in 0–100")))?;
        let options = LookupOptions { min_score, limit };
        let hits = py
            .detach(|| self.0.lookup(&text, &options))
            .map_err(memory_error)?;
        Ok(hits
            .into_iter()
            .map(|h| Hit {
                score: h.score,
                id: h.unit.id,
                source: h.unit.source,
                target: h.unit.target,
                source_lang: h.unit.source_lang,
                target_lang: h.unit.target_lang,
            })
            .collect())
    }

    /// The units whose source or target holds `term` (compared after
    /// normalisation, as whole words and characters), newest first, at most
    /// `limit`.
    #[pyo3(signature = (term, limit = 20))]
    fn concord(&self, py: Python<'_>, term: String, limit: usize) -> PyResult<Vec<Concordance>> {
        let found = py
            .detach(|| self.0.concord(&term, limit))
            .map_err(memory_error)?;
        Ok(found
            .into_iter()
            .map(|c| {
                let in_source = CodePoints::new(&c.unit.source).ranges(c.in_source);
                let in_target = CodePoints::new(&c.unit.target).ranges(c.in_target);
                Concordance {
                    id: c.unit.id,
                    source: c.unit.source,
                    target: c.unit.target,
                    source_lang: c.unit.source_lang,
                    target_lang: c.unit.target_lang,
                    in_source,
                    in_target,
                }
            })
            .collect())
    }

    /// The memory's file.
    #[getter]
    fn path(&self) -> PathBuf {
        self.0.path().to_path_buf()
    }

    fn __len__(&self) -> usize {
        self.0.len()
    }

    fn __repr__(&self) -> String {
        format!(
            "<shuyu.Memory {}: {} units>",
            self.0.path().display(),
            self.0.len()
        )
    }
}

/// A unit a lookup found: `score` (0–100), the unit's `id` in the file it
/// came from, `source`, `target`, `source_lang` and `target_lang`.
#[pyclass(module = "shuyu", frozen, get_all)]
pub(crate) struct Hit {
    score: u8,
    id: String,
    source: String,
    target: String,
    source_lang: Option<String>,
    target_lang: Option<String>,
}

/// A `Hit` as pickled: its fields in order.
type HitFields = (u8, String, String, String, Option<String>, Option<String>);

#[pymethods]
impl Hit {
    /// Rebuilds a hit from its pickled fields.
    #[classmethod]
    fn _restore(_cls: &Bound<'_, pyo3::types::PyType>, fields: HitFields) -> Hit {
        let (score, id, source, target, source_lang, target_lang) = fields;
        Hit {
            score,
            id,
            source,
            target,
            source_lang,
            target_lang,
        }
    }

    /// Hits pickle, so workers can return them.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> crate::Reduced<'py, (HitFields,)> {
        let h = slf.get();
        let fields = (
            h.score,
            h.id.clone(),
            h.source.clone(),
            h.target.clone(),
            h.source_lang.clone(),
            h.target_lang.clone(),
        );
        Ok((slf.get_type().getattr("_restore")?, (fields,)))
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "Hit(score={}, source={}, target={})",
            self.score,
            text::repr(py, &self.source),
            text::repr(py, &self.target)
        )
    }
}

/// A unit holding a term: `id`, `source`, `target`, `source_lang`,
/// `target_lang`, and where the term is, as `(start, end)` string indices
/// (code points), in `in_source` and `in_target`.
#[pyclass(module = "shuyu", frozen, get_all)]
pub(crate) struct Concordance {
    id: String,
    source: String,
    target: String,
    source_lang: Option<String>,
    target_lang: Option<String>,
    in_source: Vec<(usize, usize)>,
    in_target: Vec<(usize, usize)>,
}

#[pymethods]
impl Concordance {
    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "Concordance(source={}, target={}, in_source={:?}, in_target={:?})",
            text::repr(py, &self.source),
            text::repr(py, &self.target),
            self.in_source,
            self.in_target
        )
    }
}
