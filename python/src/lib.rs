//! The Python package `shuyu`: a thin layer over the `shuyu` crate.
//!
//! Every function here converts arguments, calls the library, and converts
//! its answer; what is checked and how lives in the crate. Offsets are
//! turned from the crate's byte offsets into Python string indices (code
//! points) here, and nowhere else.

use pyo3::prelude::*;

/// What `__reduce__` returns: the callable that rebuilds an object, and its
/// arguments.
type Reduced<'py, Args> = PyResult<(Bound<'py, PyAny>, Args)>;

mod errors;
mod findings;
mod memory;
mod tagger;
mod text;

#[pymodule]
fn _shuyu(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("Error", py.get_type::<errors::Error>())?;
    m.add(
        "SkippedUnitsWarning",
        py.get_type::<errors::SkippedUnitsWarning>(),
    )?;
    m.add_class::<tagger::Tagger>()?;
    m.add_class::<tagger::Match>()?;
    m.add_class::<tagger::Concept>()?;
    m.add_class::<tagger::Term>()?;
    m.add_class::<findings::Finding>()?;
    m.add_function(wrap_pyfunction!(findings::check_pair, m)?)?;
    m.add_function(wrap_pyfunction!(findings::check_file, m)?)?;
    m.add_function(wrap_pyfunction!(findings::lint_text, m)?)?;
    m.add_function(wrap_pyfunction!(findings::lint_file, m)?)?;
    m.add_class::<memory::Memory>()?;
    m.add_class::<memory::Hit>()?;
    m.add_class::<memory::Concordance>()?;
    Ok(())
}
