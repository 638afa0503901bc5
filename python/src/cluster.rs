//! `_native.execute_task`: one group of an arrlang cluster plan, run on a Dask worker
//! (`arrlang/cluster.py` calls it; `arrlang::cluster` in the core crate has the design).

use pyo3::prelude::*;
use pyo3::pybacked::PyBackedBytes;
use pyo3::types::PyBytes;

/// Runs group `group` of `plan` (the JSON the CLI wrote) on the encoded results of its
/// dependency groups; returns the group's exported values, encoded. The GIL is released
/// while arrlang computes. A task's failure raises RuntimeError whose message starts with
/// `arrlang-task-error:` followed by JSON naming the task. The inputs are read in place
/// (`bytes` are not copied: a dependency's message can be large and this group read little
/// of it).
#[pyfunction]
pub fn execute_task(
    py: Python<'_>,
    plan: String,
    group: usize,
    inputs: Vec<PyBackedBytes>,
) -> PyResult<Py<PyBytes>> {
    let out = py.detach(move || {
        let refs: Vec<&[u8]> = inputs.iter().map(|b| &b[..]).collect();
        arrlang::cluster::worker::execute(&plan, group, &refs)
    });
    match out {
        Ok(bytes) => Ok(PyBytes::new(py, &bytes).unbind()),
        Err(m) => Err(pyo3::exceptions::PyRuntimeError::new_err(m)),
    }
}
