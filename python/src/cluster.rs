//! `_native.execute_task`: one group of an arrlang cluster plan, run on a Dask worker
//! (`arrlang/cluster.py` calls it; `arrlang::cluster` in the core crate has the design).

use pyo3::prelude::*;
use pyo3::pybacked::PyBackedBytes;
use pyo3::types::PyBytes;

/// Runs group `group` of `plan` (the JSON the CLI wrote) on the messages its dependency
/// groups sent it; returns the group's one message (`bytes`: every value it exports). The
/// GIL is released while arrlang computes. A task's failure raises RuntimeError whose
/// message starts with `arrlang-task-error:` followed by JSON naming the task. The inputs
/// are read in place (`bytes` are not copied: a dependency's message can be large and this
/// group read little of it).
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
        Ok(msg) => Ok(PyBytes::new(py, &msg).unbind()),
        Err(m) => Err(pyo3::exceptions::PyRuntimeError::new_err(m)),
    }
}

/// The first entry of an embedded program on a cluster: each input bound by a statement a
/// worker can replay — arrays as loads of their `.npy` file (`files`), chunked as a bound
/// array would be here, scalars and strings as literals.
pub fn prelude(
    session: &arrlang::session::Session,
    inputs: &[(String, Bound<'_, PyAny>, Bound<'_, PyAny>)],
    chunks: Option<&Bound<'_, pyo3::types::PyDict>>,
    files: &std::collections::HashMap<String, String>,
) -> PyResult<String> {
    use numpy::{PyArrayDescrMethods, PyUntypedArray, PyUntypedArrayMethods};
    use pyo3::exceptions::PyTypeError;
    let mut out = String::new();
    for (key, value, labels) in inputs {
        if !labels.is_none() {
            return Err(PyTypeError::new_err(format!(
                "input `{key}`: labelled inputs (DataArrays) cannot be sent to a cluster yet; pass `.values`"
            )));
        }
        let literal = if let Ok(a) = value.cast::<PyUntypedArray>() {
            let path = files.get(key).ok_or_else(|| {
                PyTypeError::new_err(format!("input `{key}`: no file for the cluster"))
            })?;
            let shape = a.shape().to_vec();
            let given: Option<Vec<usize>> = match chunks {
                Some(d) => d.get_item(key)?.map(|c| c.extract()).transpose()?,
                None => None,
            };
            let lens: Vec<usize> = match given {
                Some(c) => c,
                None => session
                    .interp
                    .default_chunks(&shape, a.dtype().itemsize())
                    .map_err(|d| PyTypeError::new_err(format!("input `{key}`: {}", d.message)))?
                    .iter()
                    .zip(&shape)
                    .map(|(c, &n)| c.first().copied().unwrap_or(n).max(1))
                    .collect(),
            };
            let lens: Vec<String> = lens.iter().map(|n| n.to_string()).collect();
            let tuple = match lens.len() {
                0 => "()".to_string(),
                1 => format!("({},)", lens[0]),
                _ => format!("({})", lens.join(", ")),
            };
            format!("load({}, chunks={tuple})", quote(path))
        } else if let Ok(b) = value.cast::<pyo3::types::PyBool>() {
            if b.is_true() { "True" } else { "False" }.to_string()
        } else if let Ok(i) = value.extract::<i64>() {
            i.to_string()
        } else if let Ok(f) = value.extract::<f64>() {
            match f {
                f if f.is_nan() => "nan".into(),
                f if f.is_infinite() => if f > 0.0 { "inf" } else { "-inf" }.into(),
                // `{:?}` writes the shortest text that reads back as the same f64.
                f => format!("{f:?}"),
            }
        } else if let Ok(t) = value.extract::<String>() {
            quote(&t)
        } else if value.is_none() {
            "None".into()
        } else {
            return Err(PyTypeError::new_err(format!(
                "input `{key}`: cannot bind a value of type {}",
                value.get_type().name()?
            )));
        };
        out.push_str(&format!("{key} = {literal}\n"));
    }
    Ok(out)
}

/// `t` as an arrlang string literal.
fn quote(t: &str) -> String {
    let mut out = String::from("\"");
    for c in t.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\0' => out.push_str("\\0"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
