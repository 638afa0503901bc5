//! Conversions: NumPy arrays -> memory sources (no copy), computed blocks -> NumPy arrays
//! (the block's buffer handed over, no copy), labels <-> plain Python dicts.

use arrlang::dtype::DType;
use arrlang::embed::Computed;
use arrlang::expr::labels::{AttrValue, Labels};
use arrlang::io::memory::{Borrowed, Memory, MemorySource};
use arrlang::io::source::Source;
use arrlang::kernels::Block;
use numpy::{PyArray, PyArrayDescrMethods, PyUntypedArray, PyUntypedArrayMethods};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyTuple};
use std::sync::Arc;

/// An array result with labels (dims, coordinates, attributes, name): the Python layer
/// turns it into an `xarray.DataArray` or unwraps it.
#[pyclass(module = "arrlang._native", frozen)]
pub struct Labelled {
    #[pyo3(get)]
    pub array: Py<PyAny>,
    #[pyo3(get)]
    pub labels: Py<PyAny>,
}

/// The arrlang dtype of a NumPy array's dtype (native byte order only).
fn dtype_of(a: &Bound<'_, PyUntypedArray>) -> Option<DType> {
    let py = a.py();
    let d = a.dtype();
    if d.is_native_byteorder() == Some(false) {
        return None;
    }
    [
        (numpy::dtype::<bool>(py), DType::Bool),
        (numpy::dtype::<i32>(py), DType::I32),
        (numpy::dtype::<i64>(py), DType::I64),
        (numpy::dtype::<i8>(py), DType::I8),
        (numpy::dtype::<i16>(py), DType::I16),
        (numpy::dtype::<u8>(py), DType::U8),
        (numpy::dtype::<u16>(py), DType::U16),
        (numpy::dtype::<u32>(py), DType::U32),
        (numpy::dtype::<u64>(py), DType::U64),
        (numpy::dtype::<f32>(py), DType::F32),
        (numpy::dtype::<f64>(py), DType::F64),
        (numpy::dtype::<numpy::Complex32>(py), DType::C64),
        (numpy::dtype::<numpy::Complex64>(py), DType::C128),
    ]
    .into_iter()
    .find(|(n, _)| d.is_equiv_to(n))
    .map(|(_, t)| t)
}

/// A NumPy array as a source that reads its buffer in place; the source holds a
/// reference to the array, so the buffer lives as long as any task may read it.
pub fn source_of(a: &Bound<'_, PyUntypedArray>) -> PyResult<MemorySource> {
    let dtype = dtype_of(a).ok_or_else(|| {
        PyTypeError::new_err(format!(
            "arrays of dtype {} are not supported (bool, int8-64, uint8-64, float32, float64, complex64, complex128)",
            a.dtype()
        ))
    })?;
    if !a.is_aligned() {
        return Err(PyTypeError::new_err("unaligned arrays are not supported"));
    }
    let owner: Arc<dyn std::any::Any + Send + Sync> = Arc::new(a.clone().unbind());
    // SAFETY: the NumPy array (kept alive by `owner`) holds valid, aligned elements of
    // `dtype` at every offset its shape and strides reach. The Python layer documents that
    // inputs must not be written to while a computation runs.
    let b = unsafe {
        let data = (*a.as_array_ptr()).fields.data as *const u8;
        Borrowed::new(data, a.shape().to_vec(), a.strides().to_vec(), dtype, owner)
    };
    Ok(MemorySource::new(Memory::Borrowed(b)))
}

/// An attribute value from Python (str, bool, int, float, or a sequence of numbers).
fn attr_value(v: &Bound<'_, PyAny>) -> Option<AttrValue> {
    if let Ok(s) = v.extract::<String>() {
        return Some(AttrValue::Text(s));
    }
    if let Ok(i) = v.extract::<i64>() {
        return Some(AttrValue::Ints(vec![i]));
    }
    if let Ok(f) = v.extract::<f64>() {
        return Some(AttrValue::Numbers(vec![f]));
    }
    if let Ok(is) = v.extract::<Vec<i64>>() {
        return Some(AttrValue::Ints(is));
    }
    v.extract::<Vec<f64>>().ok().map(AttrValue::Numbers)
}

fn attrs_of(list: Option<Bound<'_, PyAny>>) -> PyResult<Vec<(String, AttrValue)>> {
    let Some(list) = list.filter(|l| !l.is_none()) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for item in list.try_iter()? {
        let (k, v): (String, Bound<'_, PyAny>) = item?.extract()?;
        if let Some(v) = attr_value(&v) {
            out.push((k, v));
        }
    }
    Ok(out)
}

/// Puts labels given as a dict (`dims`, `name`, `attrs`, `coords`: one `None` or
/// `(values, attrs)` per axis) on a source.
pub fn label(src: &mut MemorySource, labels: &Bound<'_, PyDict>) -> PyResult<()> {
    if let Some(d) = labels.get_item("dims")?.filter(|d| !d.is_none()) {
        src.dims = Some(d.extract()?);
    }
    if let Some(n) = labels.get_item("name")?.filter(|n| !n.is_none()) {
        src.name = Some(n.extract()?);
    }
    src.attrs = attrs_of(labels.get_item("attrs")?)?;
    if let Some(coords) = labels.get_item("coords")?.filter(|c| !c.is_none()) {
        let dims = src.dims.clone().unwrap_or_default();
        for (axis, c) in coords.try_iter()?.enumerate() {
            let c = c?;
            if c.is_none() || axis >= src.coords.len() {
                continue;
            }
            let (values, attrs): (Bound<'_, PyUntypedArray>, Bound<'_, PyAny>) = c.extract()?;
            let mut cs = source_of(&values)?;
            cs.name = dims.get(axis).cloned();
            cs.attrs = attrs_of(Some(attrs))?;
            src.coords[axis] = Some(Arc::new(cs) as Source);
        }
    }
    Ok(())
}

/// A block as a NumPy array that owns the block's buffer (no copy).
pub fn block_to_numpy(py: Python<'_>, b: Block) -> Py<PyAny> {
    match b {
        Block::Bool(a) => PyArray::from_owned_array(py, a).into_any().unbind(),
        Block::I32(a) => PyArray::from_owned_array(py, a).into_any().unbind(),
        Block::I64(a) => PyArray::from_owned_array(py, a).into_any().unbind(),
        Block::I8(a) => PyArray::from_owned_array(py, a).into_any().unbind(),
        Block::I16(a) => PyArray::from_owned_array(py, a).into_any().unbind(),
        Block::U8(a) => PyArray::from_owned_array(py, a).into_any().unbind(),
        Block::U16(a) => PyArray::from_owned_array(py, a).into_any().unbind(),
        Block::U32(a) => PyArray::from_owned_array(py, a).into_any().unbind(),
        Block::U64(a) => PyArray::from_owned_array(py, a).into_any().unbind(),
        Block::F32(a) => PyArray::from_owned_array(py, a).into_any().unbind(),
        Block::F64(a) => PyArray::from_owned_array(py, a).into_any().unbind(),
        Block::C64(a) => PyArray::from_owned_array(py, a.mapv(|z| z.0))
            .into_any()
            .unbind(),
        Block::C128(a) => PyArray::from_owned_array(py, a.mapv(|z| z.0))
            .into_any()
            .unbind(),
    }
}

fn attr_to_py(py: Python<'_>, v: &AttrValue) -> PyResult<Py<PyAny>> {
    Ok(match v {
        AttrValue::Text(s) => s.into_pyobject(py)?.into_any().unbind(),
        AttrValue::Numbers(v) if v.len() == 1 => v[0].into_pyobject(py)?.into_any().unbind(),
        AttrValue::Ints(v) if v.len() == 1 => v[0].into_pyobject(py)?.into_any().unbind(),
        AttrValue::Numbers(v) => PyList::new(py, v)?.into_any().unbind(),
        AttrValue::Ints(v) => PyList::new(py, v)?.into_any().unbind(),
    })
}

fn attrs_to_py(py: Python<'_>, attrs: &[(String, AttrValue)]) -> PyResult<Py<PyAny>> {
    let items = attrs
        .iter()
        .map(|(k, v)| {
            PyTuple::new(
                py,
                [k.into_pyobject(py)?.into_any().unbind(), attr_to_py(py, v)?],
            )
        })
        .collect::<PyResult<Vec<_>>>()?;
    Ok(PyList::new(py, items)?.into_any().unbind())
}

/// Labels as a dict: `name`, `dims`, `attrs` (pairs), `coords` (per axis `None` or
/// `(name, float64 values, attrs, dtype name)`).
fn labels_to_py(py: Python<'_>, l: &Labels) -> PyResult<Py<PyAny>> {
    let d = PyDict::new(py);
    d.set_item("name", l.name.clone())?;
    d.set_item("dims", l.dims.clone())?;
    d.set_item("attrs", attrs_to_py(py, &l.attrs)?)?;
    let coords = l
        .coords
        .iter()
        .map(|c| -> PyResult<Py<PyAny>> {
            Ok(match c {
                None => py.None(),
                Some(c) => {
                    let values = PyArray::from_vec(py, c.values.to_vec()).into_any().unbind();
                    let text = c.text.as_ref().map(|t| t.to_vec());
                    PyTuple::new(
                        py,
                        [
                            c.name.clone().into_pyobject(py)?.into_any().unbind(),
                            values,
                            attrs_to_py(py, &c.attrs)?,
                            c.dtype.name().into_pyobject(py)?.into_any().unbind(),
                            text.into_pyobject(py)?.into_any().unbind(),
                        ],
                    )?
                    .into_any()
                    .unbind()
                }
            })
        })
        .collect::<PyResult<Vec<_>>>()?;
    d.set_item("coords", PyList::new(py, coords)?)?;
    Ok(d.into_any().unbind())
}

/// A computed value as Python objects: arrays as NumPy arrays (wrapped in `Labelled` when
/// they have dims or other labels), scalars as Python scalars, tuples and lists as such.
pub fn computed_to_py(py: Python<'_>, c: Computed) -> PyResult<Py<PyAny>> {
    Ok(match c {
        Computed::Array(b, l) => {
            let array = block_to_numpy(py, b);
            if l.is_labelled() || l.dims.is_some() || l.name.is_some() {
                let labels = labels_to_py(py, &l)?;
                Py::new(py, Labelled { array, labels })?.into_any()
            } else {
                array
            }
        }
        Computed::Int(i) => i.into_pyobject(py)?.into_any().unbind(),
        Computed::Float(f) => f.into_pyobject(py)?.into_any().unbind(),
        Computed::Bool(b) => b.into_pyobject(py)?.to_owned().into_any().unbind(),
        Computed::Str(s) | Computed::Other(s) => s.into_pyobject(py)?.into_any().unbind(),
        Computed::None => py.None(),
        Computed::Tuple(items) => {
            let items = items
                .into_iter()
                .map(|i| computed_to_py(py, i))
                .collect::<PyResult<Vec<_>>>()?;
            PyTuple::new(py, items)?.into_any().unbind()
        }
        Computed::List(items) => {
            let items = items
                .into_iter()
                .map(|i| computed_to_py(py, i))
                .collect::<PyResult<Vec<_>>>()?;
            PyList::new(py, items)?.into_any().unbind()
        }
    })
}
