//! `arrlang._native`: the compiler and scheduler behind the `arrlang` Python package.
//! Python (`arrlang/__init__.py`) normalizes inputs; this module binds them, compiles, runs
//! with the GIL released, and hands results back as NumPy arrays that own their buffers.

mod cluster;
mod convert;

use arrlang::embed::{self, Program as CoreProgram};
use arrlang::expr::value::Value;
use arrlang::session::{Failure, Options, Session};
use numpy::PyUntypedArray;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

/// The `arrlang.ArrlangError` to raise for a failure: its message is the rendered report
/// (no colours), its `code` the first diagnostic's code.
fn error(py: Python<'_>, f: &Failure, name: &str, src: &str) -> PyErr {
    let text = f.render(name, src, false);
    let code = f.diagnostics.first().map(|d| d.code).unwrap_or("E9999");
    match py
        .import("arrlang")
        .and_then(|m| m.getattr("ArrlangError"))
        .and_then(|cls| cls.call1((text.trim_end().to_string(), code)))
    {
        Ok(e) => PyErr::from_value(e),
        Err(e) => e,
    }
}

/// Moves a value that is not `Send` into `Python::detach`: the closure runs on this same
/// thread, only without the GIL, and touches no Python object.
struct OnThisThread<T>(T);
// SAFETY: `detach` runs its closure on the calling thread; nothing crosses threads.
unsafe impl<T> Send for OnThisThread<T> {}

/// Whether Ctrl-C should stop a computation here: on Python's main thread (where Python
/// delivers it) with Python's own default handler in place (a program that set its own
/// handler keeps it).
fn sigint_cancels(py: Python<'_>) -> bool {
    let check = || -> PyResult<bool> {
        let threading = py.import("threading")?;
        let main = threading.call_method0("main_thread")?;
        let current = threading.call_method0("current_thread")?;
        if !main.is(&current) {
            return Ok(false);
        }
        let signal = py.import("signal")?;
        let handler = signal.call_method1("getsignal", (signal.getattr("SIGINT")?,))?;
        Ok(handler.is(&signal.getattr("default_int_handler")?))
    };
    check().unwrap_or(false)
}

/// Runs `f` without the GIL; with `cancels`, a Ctrl-C stops it and raises KeyboardInterrupt
/// (Python's own handler cannot run until arrlang hands the thread back).
fn compute<R>(py: Python<'_>, f: impl FnOnce() -> R) -> PyResult<R> {
    let cancels = sigint_cancels(py);
    let f = OnThisThread(f);
    let (r, interrupted) = py.detach(move || {
        let f = f;
        let (r, seen) = if cancels {
            arrlang::signals::on_sigint_cancel(f.0)
        } else {
            ((f.0)(), false)
        };
        (OnThisThread(r), seen)
    });
    if interrupted {
        return Err(pyo3::exceptions::PyKeyboardInterrupt::new_err(
            "arrlang: computation interrupted",
        ));
    }
    Ok(r.0)
}

/// A compiled program: inputs bound, statements run lazily, nothing computed yet.
#[pyclass(module = "arrlang._native", unsendable)]
struct Program {
    inner: CoreProgram,
    source: String,
    name: String,
}

#[pymethods]
impl Program {
    /// Runs the program: `(printed text, value of the last bare expression or None)`.
    fn run(&mut self, py: Python<'_>) -> PyResult<(String, Py<PyAny>)> {
        let inner = &mut self.inner;
        let out = compute(py, move || inner.run())?;
        match out {
            Ok(o) => {
                let value = match o.value {
                    Some(v) => convert::computed_to_py(py, v)?,
                    None => py.None(),
                };
                Ok((o.printed, value))
            }
            Err(f) => Err(error(py, &f, &self.name, &self.source)),
        }
    }

    /// The values of global names of the program, computed together.
    fn get(&mut self, py: Python<'_>, names: Vec<String>) -> PyResult<Py<PyAny>> {
        let inner = &mut self.inner;
        let out = compute(py, move || {
            let refs: Vec<&str> = names.iter().map(String::as_str).collect();
            inner.get(&refs)
        })?;
        match out {
            Ok(values) => {
                let items = values
                    .into_iter()
                    .map(|v| convert::computed_to_py(py, v))
                    .collect::<PyResult<Vec<_>>>()?;
                Ok(PyList::new(py, items)?.into_any().unbind())
            }
            Err(f) => Err(error(py, &f, &self.name, &self.source)),
        }
    }

    /// The optimized task graph that `run` computes, as Graphviz DOT.
    fn graph_dot(&self) -> String {
        self.inner.graph_dot()
    }

    /// Shape and dtype name of the last bare expression, or None.
    fn value_meta(&self) -> Option<(Vec<usize>, String)> {
        match self.inner.value() {
            Some(Value::Array(a)) => Some((a.shape().to_vec(), a.dtype().name().to_string())),
            _ => None,
        }
    }
}

/// Compiles `source` with `inputs` bound: a list of `(name, value, labels)` where value is
/// a NumPy array (bool/int32/int64/float32/float64, aligned, native byte order), a bool,
/// int, float or str, and labels None or a dict (`arrlang.__init__` builds both).
/// `chunks` maps input names to one block length per axis.
///
/// With `scheduler` (a Dask scheduler's address), computations run on that cluster
/// (`cluster.python` runs the driver); `files` maps each array input's name to a `.npy`
/// file holding it at a path the workers see: the inputs are bound as loads of those files,
/// in a first entry the workers replay (scalars as literals), chunked as they would be here.
#[pyfunction]
#[pyo3(signature = (source, inputs, chunks=None, threads=None, name="<python>".to_string(), scheduler=None, python=None, files=None))]
#[allow(clippy::too_many_arguments)]
fn compile(
    py: Python<'_>,
    source: String,
    inputs: Vec<(String, Bound<'_, PyAny>, Bound<'_, PyAny>)>,
    chunks: Option<Bound<'_, PyDict>>,
    threads: Option<usize>,
    name: String,
    scheduler: Option<String>,
    python: Option<String>,
    files: Option<std::collections::HashMap<String, String>>,
) -> PyResult<Program> {
    let mut opts = Options::default();
    if let Some(t) = threads {
        let (t, note) = arrlang::schedule::cap_threads(t);
        if let Some(note) = note {
            py.import("warnings")?.call_method1("warn", (note,))?;
        }
        opts.threads = t;
    }
    let mut session = Session::new(opts);
    if let Some(addr) = scheduler {
        let mut c = arrlang::cluster::Cluster::new(&addr);
        if let Some(p) = python {
            c.python = p;
        }
        session.cluster = Some(c);
        let prelude = cluster::prelude(
            &session,
            &inputs,
            chunks.as_ref(),
            &files.unwrap_or_default(),
        )?;
        if !prelude.is_empty() {
            session
                .exec(&prelude)
                .map_err(|f| error(py, &f, "<inputs>", &prelude))?;
        }
        let inner =
            CoreProgram::compile(session, &source).map_err(|f| error(py, &f, &name, &source))?;
        return Ok(Program {
            inner,
            source,
            name,
        });
    }
    for (key, value, labels) in &inputs {
        if let Ok(a) = value.cast::<PyUntypedArray>() {
            let mut src = convert::source_of(a)?;
            if let Ok(l) = labels.cast::<PyDict>() {
                convert::label(&mut src, l)?;
            }
            let c: Option<Vec<usize>> = match &chunks {
                Some(d) => d.get_item(key)?.map(|c| c.extract()).transpose()?,
                None => None,
            };
            embed::bind_array(&mut session, key, src, c.as_deref())
                .map_err(|f| error(py, &f, &name, &source))?;
        } else {
            let v = if let Ok(b) = value.cast::<pyo3::types::PyBool>() {
                Value::Bool(b.is_true())
            } else if let Ok(i) = value.extract::<i64>() {
                Value::Int(i)
            } else if let Ok(f) = value.extract::<f64>() {
                Value::Float(f)
            } else if let Ok(s) = value.extract::<String>() {
                Value::Str(s)
            } else if value.is_none() {
                Value::None
            } else {
                return Err(pyo3::exceptions::PyTypeError::new_err(format!(
                    "input `{key}`: cannot bind a value of type {}",
                    value.get_type().name()?
                )));
            };
            embed::bind(&mut session, key, v);
        }
    }
    let inner =
        CoreProgram::compile(session, &source).map_err(|f| error(py, &f, &name, &source))?;
    Ok(Program {
        inner,
        source,
        name,
    })
}

/// The package's native module.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(compile, m)?)?;
    // Dask workers of `arrlang --scheduler` (arrlang/cluster.py).
    m.add_function(wrap_pyfunction!(cluster::execute_task, m)?)?;
    m.add_class::<Program>()?;
    m.add_class::<convert::Labelled>()?;
    Ok(())
}
