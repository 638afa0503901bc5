//! netCDF-4 writing: arrays, block by block -> an HDF5 file that netCDF-C and xarray read.
//!
//! The layout netCDF-C itself writes (checked against a netCDF4-python file with h5py):
//!
//! ```text
//! /                      (link creation order tracked, as netCDF-C does)
//! /time   f32 (n,)       dimension without a variable: CLASS=DIMENSION_SCALE,
//!                        NAME="This is a netCDF dimension but not a netCDF variable.         n",
//!                        _Netcdf4Dimid=0
//! /lat    f4  (m,)       a coordinate variable (name == its only dimension): the scale itself
//! /t2m    f8  (n, m)     DIMENSION_LIST -> the scales, _Netcdf4Coordinates=[0, 1], units, ...
//! ```
//! Scales are attached with HDF5's own H5DS library (so REFERENCE_LIST matches too). Writes go
//! to a temporary name in the same directory, renamed into place by `finish`; dropping an
//! unfinished writer removes it.

use super::attrs;
use super::cftime::{DateTime, TimeUnits};
use super::netcdf3::AttrValue;
use super::source::ArraySource;
use crate::dtype::DType;
use crate::kernels::layout::Range1;
use crate::kernels::Block;
use hdf5::{Dataset, File, Hyperslab, SliceOrIndex};
use hdf5_metno_sys::h5i::hid_t;
use std::ffi::CString;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

/// One variable to write.
#[derive(Debug, Clone, PartialEq)]
pub struct Nc4Var {
    pub name: String,
    pub shape: Vec<usize>,
    pub dtype: DType,
    /// Dimension names; `None`: `dim_0`, `dim_1`, ... (xarray's default).
    pub dims: Option<Vec<String>>,
    pub attrs: Vec<(String, AttrValue)>,
    /// Compress (deflate level 4 with shuffle), stored in chunks of this shape.
    pub compress_chunks: Option<Vec<usize>>,
    /// A 1-D text variable (a coordinate of labels: `region`): these strings, written as
    /// netCDF-4 `string`s when the file is made (its blocks are not written).
    pub text: Option<Vec<String>>,
}

impl Nc4Var {
    /// The dimension names this variable uses.
    pub fn dim_names(&self) -> Vec<String> {
        match &self.dims {
            Some(d) => d.clone(),
            None => (0..self.shape.len()).map(|i| format!("dim_{i}")).collect(),
        }
    }

    /// A 1-D variable named after its dimension: the dimension's coordinate variable.
    fn is_coordinate(&self) -> bool {
        self.dim_names() == [self.name.clone()]
    }
}

/// The file's dimensions (name, length) in order of first use, after checking that the
/// variables agree on them. Errors are messages for the user.
pub fn check_vars(vars: &[Nc4Var]) -> Result<Vec<(String, usize)>, String> {
    let mut dims: Vec<(String, usize)> = Vec::new();
    for (i, v) in vars.iter().enumerate() {
        if v.name.is_empty() || v.name.contains('/') {
            return Err(format!("`{}` is not a valid variable name", v.name));
        }
        if vars[..i].iter().any(|w| w.name == v.name) {
            return Err(format!(
                "variable `{}` is saved twice into one file",
                v.name
            ));
        }
        let names = v.dim_names();
        if names.len() != v.shape.len() {
            return Err(format!(
                "`{}` has {} dimensions but {} dimension names",
                v.name,
                v.shape.len(),
                names.len()
            ));
        }
        for (k, (n, &len)) in names.iter().zip(&v.shape).enumerate() {
            if n.is_empty() || n.contains('/') {
                return Err(format!("`{n}` is not a valid dimension name"));
            }
            if names[..k].contains(n) {
                return Err(format!("`{}` uses dimension `{n}` twice", v.name));
            }
            match dims.iter().find(|d| &d.0 == n) {
                Some(&(_, l)) if l != len => {
                    return Err(format!(
                        "dimension `{n}` has length {l} in one variable and {len} in `{}`",
                        v.name
                    ))
                }
                Some(_) => {}
                None => dims.push((n.clone(), len)),
            }
        }
    }
    for v in vars {
        if dims.iter().any(|d| d.0 == v.name) && !v.is_coordinate() {
            return Err(format!(
                "variable `{}` has the name of a dimension but is not its 1-D coordinate variable",
                v.name
            ));
        }
    }
    Ok(dims)
}

/// Prefix netCDF-C gives the `NAME` of a dimension that has no coordinate variable.
const DIM_WITHOUT_VARIABLE: &str = "This is a netCDF dimension but not a netCDF variable.";

#[link(name = "hdf5_serial_hl")]
extern "C" {
    fn H5DSset_scale(dsid: hid_t, dimname: *const std::ffi::c_char) -> i32;
    fn H5DSattach_scale(did: hid_t, dsid: hid_t, idx: std::ffi::c_uint) -> i32;
}

/// Attributes a saved coordinate keeps: those xarray decodes (`units`, `calendar`) or shows.
const COORD_ATTRS: &[&str] = &[
    "units",
    "calendar",
    "long_name",
    "standard_name",
    "axis",
    "positive",
];

/// Attributes that describe stored (packed, filled) values: values are saved decoded.
const ENCODING_ATTRS: &[&str] = &[
    "_FillValue",
    "missing_value",
    "scale_factor",
    "add_offset",
    "valid_min",
    "valid_max",
    "valid_range",
    "_Unsigned",
];

/// A data variable's attributes as `save` writes them (`units`, `long_name`,
/// `standard_name`, `cell_methods`, ...): all but those describing the stored encoding.
pub fn data_attrs(attrs: &[(String, attrs::AttrValue)]) -> Vec<(String, AttrValue)> {
    attrs
        .iter()
        .filter(|(k, _)| !ENCODING_ATTRS.contains(&k.as_str()) && !attrs::is_internal(k))
        .map(|(k, v)| (k.clone(), v.into()))
        .collect()
}

/// The coordinate variable of dimension `name` to save beside the data, from a 1-D source
/// (e.g. `ArraySource::coord`): its values (write them with `write_region(i, &[0], ..)`)
/// and its CF attributes, time `units` + `calendar` included, so xarray decodes the same
/// coordinate and dates.
pub fn coord_var(name: &str, src: &dyn ArraySource) -> Result<(Nc4Var, Block), String> {
    let [n] = src.shape() else {
        return Err(format!("the coordinate of `{name}` is not 1-D"));
    };
    let values = super::source::read(src, &[Range1::full(*n)])?;
    let attrs = src
        .attrs()
        .iter()
        .filter(|(k, _)| COORD_ATTRS.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.into()))
        .collect();
    Ok((
        Nc4Var {
            name: name.to_string(),
            shape: vec![*n],
            dtype: values.dtype(),
            dims: Some(vec![name.to_string()]),
            attrs,
            compress_chunks: None,
            text: None,
        },
        values,
    ))
}

/// A time coordinate to save from dates: encoded in `units` (float64 values with CF
/// `units` and `calendar` attributes). Err for a date the calendar lacks.
pub fn time_coord_var(
    name: &str,
    units: &TimeUnits,
    dates: &[DateTime],
) -> Result<(Nc4Var, Block), String> {
    let v: Vec<f64> = dates
        .iter()
        .map(|d| units.encode(d))
        .collect::<Result<_, _>>()?;
    let n = v.len();
    let values = Block::F64(
        ndarray::ArrayD::from_shape_vec(ndarray::IxDyn(&[n]), v).map_err(|e| e.to_string())?,
    );
    Ok((
        Nc4Var {
            name: name.to_string(),
            shape: vec![n],
            dtype: DType::F64,
            dims: Some(vec![name.to_string()]),
            attrs: vec![
                ("units".into(), AttrValue::Text(units.units_string())),
                (
                    "calendar".into(),
                    AttrValue::Text(units.calendar.name().into()),
                ),
            ],
            compress_chunks: None,
            text: None,
        },
        values,
    ))
}

/// A failure writing a netCDF-4 file, with its path.
#[derive(Debug, Clone, thiserror::Error)]
#[error("cannot write `{}`: {reason}", .path.display())]
pub struct Nc4Error {
    pub path: PathBuf,
    pub reason: String,
}

struct Inner {
    file: File,
    datasets: Vec<Dataset>,
}

/// An open netCDF-4 file being written. Every call takes HDF5's global lock (the crate's),
/// so writes from several tasks are serialised.
pub struct Nc4Writer {
    path: PathBuf,
    tmp: PathBuf,
    vars: Vec<Nc4Var>,
    inner: Mutex<Option<Inner>>,
    finished: AtomicBool,
}

impl std::fmt::Debug for Nc4Writer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Nc4Writer({})", self.path.display())
    }
}

/// The temporary name a file is written under before the rename.
pub fn temp_path(path: &Path) -> Option<PathBuf> {
    super::tempfiles::temp_path(path)
}

/// Checks that `path` can be created: makes and removes a probe file beside it.
pub fn check_writable(path: &Path) -> Result<(), String> {
    let probe = temp_path(path).ok_or("the path has no file name")?;
    std::fs::File::create(&probe).map_err(|e| e.to_string())?;
    let _ = std::fs::remove_file(&probe);
    if path.is_dir() {
        return Err("it is a directory".into());
    }
    Ok(())
}

fn h5err(e: hdf5::Error) -> String {
    e.to_string()
}

fn hdf5_dtype_name(d: DType) -> &'static str {
    match d {
        DType::Bool => "int8",
        _ => d.name(),
    }
}

impl Nc4Writer {
    /// Creates the temporary file with every dimension, variable and attribute.
    pub fn create(path: &Path, vars: &[Nc4Var]) -> Result<Nc4Writer, Nc4Error> {
        let fail = |reason: String| Nc4Error {
            path: path.to_path_buf(),
            reason,
        };
        let dims = check_vars(vars).map_err(&fail)?;
        let tmp = temp_path(path).ok_or_else(|| fail("the path has no file name".into()))?;
        let w = Nc4Writer {
            path: path.to_path_buf(),
            tmp,
            vars: vars.to_vec(),
            inner: Mutex::new(None),
            finished: AtomicBool::new(false),
        };
        // From here on `w` exists, so an error drops it and removes the temporary file.
        let inner = hdf5::sync::sync(|| build_file(&w.tmp, vars, &dims)).map_err(fail)?;
        *w.inner.lock().unwrap_or_else(|e| e.into_inner()) = Some(inner);
        Ok(w)
    }

    /// Writes `block` into variable `var` at `start`.
    pub fn write_region(&self, var: usize, start: &[usize], block: &Block) -> Result<(), Nc4Error> {
        let fail = |reason: String| Nc4Error {
            path: self.path.clone(),
            reason,
        };
        let v = self
            .vars
            .get(var)
            .ok_or_else(|| fail(format!("no variable #{var}")))?;
        let shape = block.shape();
        let fits = start.len() == v.shape.len()
            && shape.len() == v.shape.len()
            && (0..shape.len()).all(|d| start[d] + shape[d] <= v.shape[d]);
        if !fits || block.dtype() != v.dtype {
            return Err(fail(format!(
                "block {:?} of `{}` at {start:?} does not fit variable `{}` {:?} `{}`",
                shape,
                block.dtype(),
                v.name,
                v.shape,
                v.dtype
            )));
        }
        if block.is_empty() || v.text.is_some() {
            return Ok(());
        }
        let guard = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let inner = guard
            .as_ref()
            .ok_or_else(|| fail("the file is already closed".into()))?;
        let ds = &inner.datasets[var];
        let sel: Vec<SliceOrIndex> = start
            .iter()
            .zip(shape)
            .map(|(&s, &n)| SliceOrIndex::from(s..s + n))
            .collect();
        let r = if shape.is_empty() {
            match block {
                Block::Bool(a) => ds.write(&a.mapv(|x| x as i8)),
                Block::I32(a) => ds.write(a),
                Block::I64(a) => ds.write(a),
                Block::I8(a) => ds.write(a),
                Block::I16(a) => ds.write(a),
                Block::U8(a) => ds.write(a),
                Block::U16(a) => ds.write(a),
                Block::U32(a) => ds.write(a),
                Block::U64(a) => ds.write(a),
                Block::F32(a) => ds.write(a),
                Block::F64(a) => ds.write(a),
                // `save` rejects complex arrays for netCDF before any task runs
                Block::C64(_) | Block::C128(_) => unreachable!("netCDF has no complex type"),
            }
        } else {
            let sel = Hyperslab::from(sel);
            match block {
                Block::Bool(a) => ds.write_slice(&a.mapv(|x| x as i8), sel),
                Block::I32(a) => ds.write_slice(a, sel),
                Block::I64(a) => ds.write_slice(a, sel),
                Block::I8(a) => ds.write_slice(a, sel),
                Block::I16(a) => ds.write_slice(a, sel),
                Block::U8(a) => ds.write_slice(a, sel),
                Block::U16(a) => ds.write_slice(a, sel),
                Block::U32(a) => ds.write_slice(a, sel),
                Block::U64(a) => ds.write_slice(a, sel),
                Block::F32(a) => ds.write_slice(a, sel),
                Block::F64(a) => ds.write_slice(a, sel),
                Block::C64(_) | Block::C128(_) => unreachable!("netCDF has no complex type"),
            }
        };
        r.map_err(|e| fail(h5err(e)))
    }

    /// Closes the file and renames it into place.
    pub fn finish(&self) -> Result<(), Nc4Error> {
        self.close()?;
        self.commit()
    }

    /// Closes the temporary file; [`Nc4Writer::commit`] renames it into place once the
    /// whole run has succeeded (until then, dropping the writer removes it).
    pub fn close(&self) -> Result<(), Nc4Error> {
        let fail = |reason: String| Nc4Error {
            path: self.path.clone(),
            reason,
        };
        let inner = self
            .inner
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
            .ok_or_else(|| fail("the writer is already finished".into()))?;
        inner.file.flush().map_err(|e| fail(h5err(e)))?;
        drop(inner.datasets);
        inner.file.close().map_err(|e| fail(h5err(e)))
    }

    /// Renames the closed temporary file into place.
    pub fn commit(&self) -> Result<(), Nc4Error> {
        let fail = |reason: String| Nc4Error {
            path: self.path.clone(),
            reason,
        };
        if self.finished.load(Ordering::Acquire) {
            return Err(fail("the writer is already finished".into()));
        }
        std::fs::rename(&self.tmp, &self.path).map_err(|e| fail(e.to_string()))?;
        self.finished.store(true, Ordering::Release);
        if let Some(dir) = self.path.parent().filter(|d| !d.as_os_str().is_empty()) {
            if let Ok(d) = std::fs::File::open(dir) {
                let _ = d.sync_all();
            }
        }
        Ok(())
    }
}

impl Drop for Nc4Writer {
    fn drop(&mut self) {
        if !self.finished.load(Ordering::Acquire) {
            drop(self.inner.lock().unwrap_or_else(|e| e.into_inner()).take());
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

/// Creates the file and its structure (under the HDF5 lock).
fn build_file(tmp: &Path, vars: &[Nc4Var], dims: &[(String, usize)]) -> Result<Inner, String> {
    use hdf5::file::LinkCreationOrder;
    let order = LinkCreationOrder::Indexed;
    super::hdf5::disable_file_locking();
    let file = File::with_options()
        .with_fcpl(|p| p.link_creation_order(order))
        .create(tmp)
        .map_err(h5err)?;
    // Dimensions without a coordinate variable: empty scale datasets, as netCDF-C makes.
    let mut scales: Vec<Option<Dataset>> = Vec::with_capacity(dims.len());
    for (id, (name, len)) in dims.iter().enumerate() {
        if vars.iter().any(|v| &v.name == name) {
            scales.push(None);
            continue;
        }
        let ds = file
            .new_dataset::<f32>()
            .shape([*len])
            .create(name.as_str())
            .map_err(h5err)?;
        set_scale(&ds, &format!("{DIM_WITHOUT_VARIABLE}{len:>10}"))?;
        int_attr(&ds, "_Netcdf4Dimid", &[id as i32], true)?;
        scales.push(Some(ds));
    }
    let mut datasets = Vec::with_capacity(vars.len());
    for v in vars {
        let ds = create_dataset(&file, v)?;
        let names = v.dim_names();
        let ids: Vec<i32> = names
            .iter()
            .map(|n| dims.iter().position(|d| &d.0 == n).expect("checked") as i32)
            .collect();
        if v.is_coordinate() {
            set_scale(&ds, &v.name)?;
            int_attr(&ds, "_Netcdf4Dimid", &ids, true)?;
            scales[ids[0] as usize] = Some(ds.clone());
        }
        if !ids.is_empty() {
            int_attr(&ds, "_Netcdf4Coordinates", &ids, false)?;
        }
        if v.dtype == DType::Bool {
            // xarray's encoding of bool arrays, which it decodes back to bool.
            text_attr(&ds, "dtype", "bool")?;
        }
        for (k, a) in &v.attrs {
            match a {
                // netCDF requires the fill value in the variable's own type
                AttrValue::Ints(x) if k == "_FillValue" && v.dtype.is_int() => {
                    typed_int_attr(&ds, k, v.dtype, x)?
                }
                _ => write_attr(&ds, k, a)?,
            }
        }
        datasets.push(ds);
    }
    for (v, ds) in vars.iter().zip(&datasets) {
        if v.is_coordinate() {
            continue;
        }
        for (i, n) in v.dim_names().iter().enumerate() {
            let id = dims.iter().position(|d| &d.0 == n).expect("checked");
            let scale = scales[id].as_ref().expect("every dimension has a scale");
            // SAFETY: both ids are open datasets of this file; the HDF5 lock is held.
            let r = unsafe { H5DSattach_scale(ds.id(), scale.id(), i as u32) };
            if r < 0 {
                return Err(format!("attaching dimension `{n}` to `{}` failed", v.name));
            }
        }
    }
    drop(scales);
    Ok(Inner { file, datasets })
}

fn create_dataset(file: &File, v: &Nc4Var) -> Result<Dataset, String> {
    if let Some(text) = &v.text {
        use hdf5::types::VarLenUnicode;
        let vals: Vec<VarLenUnicode> = text
            .iter()
            .map(|t| t.replace('\0', "").parse().unwrap_or_default())
            .collect();
        let fail = |e: String| format!("writing `{}` (string): {e}", v.name);
        let vals = ndarray::ArrayD::from_shape_vec(ndarray::IxDyn(&v.shape), vals)
            .map_err(|e| fail(e.to_string()))?;
        let ds = file
            .new_dataset::<VarLenUnicode>()
            .shape(v.shape.clone())
            .create(v.name.as_str())
            .map_err(|e| fail(e.to_string()))?;
        ds.write(&vals).map_err(|e| fail(e.to_string()))?;
        return Ok(ds);
    }
    let b = file.new_dataset_builder();
    let b = match v.dtype {
        DType::Bool => b.empty::<i8>(),
        DType::I32 => b.empty::<i32>(),
        DType::I64 => b.empty::<i64>(),
        DType::I8 => b.empty::<i8>(),
        DType::I16 => b.empty::<i16>(),
        DType::U8 => b.empty::<u8>(),
        DType::U16 => b.empty::<u16>(),
        DType::U32 => b.empty::<u32>(),
        DType::U64 => b.empty::<u64>(),
        DType::F32 => b.empty::<f32>(),
        DType::F64 => b.empty::<f64>(),
        DType::C64 | DType::C128 => return Err("netCDF has no complex type".into()),
    };
    let mut b = b.shape(v.shape.clone());
    if let Some(ch) = &v.compress_chunks {
        if !v.shape.is_empty() && v.shape.iter().all(|&n| n > 0) {
            let ch: Vec<usize> = ch
                .iter()
                .zip(&v.shape)
                .map(|(&c, &n)| c.clamp(1, n))
                .collect();
            b = b.chunk(ch).shuffle().deflate(4);
        }
    }
    b.create(v.name.as_str())
        .map_err(|e| format!("creating `{}` ({}): {e}", v.name, hdf5_dtype_name(v.dtype)))
}

fn set_scale(ds: &Dataset, name: &str) -> Result<(), String> {
    let c = CString::new(name).map_err(|_| "a NUL in a dimension name".to_string())?;
    // SAFETY: an open dataset id and a NUL-terminated name; the HDF5 lock is held.
    if unsafe { H5DSset_scale(ds.id(), c.as_ptr()) } < 0 {
        return Err(format!("making `{name}` a dimension scale failed"));
    }
    Ok(())
}

/// An int32 attribute: a scalar when `scalar`, else a 1-D array (netCDF's form).
fn int_attr(ds: &Dataset, name: &str, vals: &[i32], scalar: bool) -> Result<(), String> {
    let r = if scalar {
        ds.new_attr::<i32>()
            .create(name)
            .and_then(|a| a.write_scalar(&vals[0]))
    } else {
        ds.new_attr::<i32>()
            .shape([vals.len()])
            .create(name)
            .and_then(|a| a.write_raw(vals))
    };
    r.map_err(h5err)
}

fn write_attr(ds: &Dataset, name: &str, a: &AttrValue) -> Result<(), String> {
    let r = match a {
        AttrValue::Text(s) => return text_attr(ds, name, s),
        AttrValue::Ints(v) => ds
            .new_attr::<i64>()
            .shape([v.len()])
            .create(name)
            .and_then(|x| x.write_raw(v)),
        AttrValue::Float32(v) => ds
            .new_attr::<f32>()
            .shape([v.len()])
            .create(name)
            .and_then(|x| x.write_raw(v)),
        AttrValue::Floats(v) => ds
            .new_attr::<f64>()
            .shape([v.len()])
            .create(name)
            .and_then(|x| x.write_raw(v)),
    };
    r.map_err(|e| format!("attribute `{name}`: {e}"))
}

/// An integer attribute stored as `dtype` (values wrap into it).
fn typed_int_attr(ds: &Dataset, name: &str, dtype: DType, vals: &[i64]) -> Result<(), String> {
    use crate::kernels::{Element, Scalar};
    if dtype.is_complex() {
        return Err(format!("attribute `{name}`: netCDF has no complex type"));
    }
    crate::with_real_dtype!(dtype, T => {
        let v: Vec<T> = vals.iter().map(|&x| T::from_scalar(Scalar::Int(x))).collect();
        ds.new_attr::<T>()
            .shape([v.len()])
            .create(name)
            .and_then(|x| x.write_raw(&v))
            .map_err(|e| format!("attribute `{name}`: {e}"))
    })
}

/// A text attribute as netCDF-C writes `NC_CHAR` ones: a scalar fixed-length string.
fn text_attr(ds: &Dataset, name: &str, text: &str) -> Result<(), String> {
    use hdf5_metno_sys::{h5a, h5s, h5t};
    let cname = CString::new(name).map_err(|_| "a NUL in an attribute name".to_string())?;
    let bytes = text.as_bytes();
    let fail = || format!("writing text attribute `{name}` failed");
    // SAFETY: plain HDF5 C calls on ids we create and close here; the caller holds the lock
    // (we are inside `hdf5::sync::sync`).
    unsafe {
        hdf5_metno_sys::h5::H5open();
        let ty = h5t::H5Tcopy(*h5t::H5T_C_S1);
        if ty < 0 {
            return Err(fail());
        }
        h5t::H5Tset_size(ty, bytes.len().max(1));
        h5t::H5Tset_strpad(ty, h5t::H5T_str_t::H5T_STR_NULLTERM);
        let space = h5s::H5Screate(h5s::H5S_class_t::H5S_SCALAR);
        let attr = h5a::H5Acreate2(
            ds.id(),
            cname.as_ptr(),
            ty,
            space,
            hdf5_metno_sys::h5p::H5P_DEFAULT,
            hdf5_metno_sys::h5p::H5P_DEFAULT,
        );
        let mut buf = bytes.to_vec();
        if buf.is_empty() {
            buf.push(0);
        }
        let ok = attr >= 0 && h5a::H5Awrite(attr, ty, buf.as_ptr().cast()) >= 0;
        if attr >= 0 {
            h5a::H5Aclose(attr);
        }
        h5s::H5Sclose(space);
        h5t::H5Tclose(ty);
        if !ok {
            return Err(fail());
        }
    }
    Ok(())
}

/// Where the `save` calls into one netCDF-4 file go; the file is created when the first
/// block arrives (or at the end, for arrays without blocks).
#[derive(Debug)]
pub struct Nc4Target {
    pub path: PathBuf,
    pub vars: Vec<Nc4Var>,
    writer: Mutex<Option<std::sync::Arc<Nc4Writer>>>,
}

impl Nc4Target {
    pub fn new(path: PathBuf, vars: Vec<Nc4Var>) -> Nc4Target {
        Nc4Target {
            path,
            vars,
            writer: Mutex::new(None),
        }
    }

    /// Renames the file written by this run into place (nothing if it was never created).
    pub fn commit(&self) -> Result<(), Nc4Error> {
        let w = self
            .writer
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        w.map_or(Ok(()), |w| w.commit())
    }

    pub fn writer(&self) -> Result<std::sync::Arc<Nc4Writer>, Nc4Error> {
        let mut w = self.writer.lock().unwrap_or_else(|e| e.into_inner());
        if w.is_none() {
            *w = Some(std::sync::Arc::new(Nc4Writer::create(
                &self.path, &self.vars,
            )?));
        }
        Ok(w.as_ref().expect("just set").clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{ArrayD, IxDyn};

    /// A fresh directory under the system temp dir, removed when dropped.
    struct TempDir(PathBuf);

    impl TempDir {
        fn new(name: &str) -> TempDir {
            let p =
                std::env::temp_dir().join(format!("arrlang-nc4w-{}-{name}", std::process::id()));
            let _ = std::fs::remove_dir_all(&p);
            std::fs::create_dir_all(&p).unwrap();
            TempDir(p)
        }
        fn entries(&self) -> Vec<String> {
            let mut v: Vec<String> = std::fs::read_dir(&self.0)
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            v.sort();
            v
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn var(name: &str, shape: &[usize], dims: &[&str]) -> Nc4Var {
        Nc4Var {
            name: name.into(),
            shape: shape.to_vec(),
            dtype: DType::F64,
            dims: Some(dims.iter().map(|d| d.to_string()).collect()),
            attrs: vec![],
            compress_chunks: None,
            text: None,
        }
    }

    fn f64_block(shape: &[usize], f: impl Fn(usize) -> f64) -> Block {
        let n = shape.iter().product();
        Block::F64(ArrayD::from_shape_vec(IxDyn(shape), (0..n).map(f).collect()).unwrap())
    }

    fn text(a: &hdf5::Attribute) -> String {
        let ty = a.dtype().unwrap();
        let n = ty.size();
        let raw: Vec<u8> = a
            .read_raw::<hdf5::types::FixedAscii<64>>()
            .map_or_else(|_| vec![], |v| v[0].as_bytes().to_vec());
        String::from_utf8_lossy(&raw[..raw.len().min(n)]).into_owned()
    }

    #[test]
    fn writes_blocks_dimension_scales_and_attributes() {
        let dir = TempDir::new("layout");
        let path = dir.0.join("f.nc");
        let mut a = var("a", &[4, 3], &["time", "lat"]);
        a.attrs = vec![
            ("units".into(), AttrValue::Text("K".into())),
            ("scale".into(), AttrValue::Floats(vec![0.5])),
        ];
        a.compress_chunks = Some(vec![2, 2]);
        let lat = var("lat", &[3], &["lat"]);
        let w = Nc4Writer::create(&path, &[a, lat]).unwrap();
        let whole = f64_block(&[4, 3], |i| i as f64 * 1.5);
        // Four uneven blocks, written out of order.
        for (start, shape) in [
            ([2, 2], [2, 1]),
            ([0, 0], [2, 2]),
            ([2, 0], [2, 2]),
            ([0, 2], [2, 1]),
        ] {
            let ranges: Vec<_> = (0..2)
                .map(|d| crate::kernels::layout::Range1::contiguous(start[d], shape[d]))
                .collect();
            let b = crate::kernels::layout::slice(&whole, &ranges);
            w.write_region(0, &start, &b).unwrap();
        }
        w.write_region(1, &[0], &f64_block(&[3], |i| 10.0 * i as f64))
            .unwrap();
        assert!(!path.exists(), "the final name appears only when finished");
        w.finish().unwrap();
        drop(w);
        assert_eq!(dir.entries(), ["f.nc"]);

        let f = hdf5::File::open(&path).unwrap();
        let ds = f.dataset("a").unwrap();
        let got: Vec<f64> = ds.read_raw().unwrap();
        assert_eq!(got, whole.to_f64_vec());
        assert_eq!(ds.chunk(), Some(vec![2, 2]));
        assert_eq!(text(&ds.attr("units").unwrap()), "K");
        assert_eq!(ds.attr("scale").unwrap().read_raw::<f64>().unwrap(), [0.5]);
        assert_eq!(
            ds.attr("_Netcdf4Coordinates")
                .unwrap()
                .read_raw::<i32>()
                .unwrap(),
            [0, 1]
        );
        assert!(ds.attr("DIMENSION_LIST").is_ok());
        // `time` has no variable: an empty scale with netCDF-C's NAME; `lat` is its variable.
        let t = f.dataset("time").unwrap();
        assert_eq!(text(&t.attr("CLASS").unwrap()), "DIMENSION_SCALE");
        assert_eq!(
            text(&t.attr("NAME").unwrap()),
            format!("{DIM_WITHOUT_VARIABLE}         4")
        );
        assert_eq!(
            t.attr("_Netcdf4Dimid")
                .unwrap()
                .read_scalar::<i32>()
                .unwrap(),
            0
        );
        let l = f.dataset("lat").unwrap();
        assert_eq!(text(&l.attr("NAME").unwrap()), "lat");
        assert_eq!(
            l.attr("_Netcdf4Dimid")
                .unwrap()
                .read_scalar::<i32>()
                .unwrap(),
            1
        );
        assert_eq!(l.read_raw::<f64>().unwrap(), [0.0, 10.0, 20.0]);
        assert!(l.attr("REFERENCE_LIST").is_ok());
    }

    #[test]
    fn unfinished_writer_leaves_nothing() {
        let dir = TempDir::new("drop");
        let path = dir.0.join("f.h5");
        let w = Nc4Writer::create(&path, &[var("a", &[3], &["x"])]).unwrap();
        w.write_region(0, &[0], &f64_block(&[2], |i| i as f64))
            .unwrap();
        assert_eq!(dir.entries().len(), 1, "the temporary file");
        drop(w);
        assert!(dir.entries().is_empty());
    }

    #[test]
    fn blocks_that_do_not_fit_are_errors() {
        let dir = TempDir::new("fit");
        let w = Nc4Writer::create(&dir.0.join("f.nc"), &[var("a", &[3], &["x"])]).unwrap();
        let e = w
            .write_region(0, &[2], &f64_block(&[2], |i| i as f64))
            .unwrap_err();
        assert!(e.to_string().contains("does not fit"), "{e}");
        let e = w
            .write_region(0, &[0], &Block::I32(ArrayD::zeros(IxDyn(&[3]))))
            .unwrap_err();
        assert!(e.to_string().contains("int32"), "{e}");
    }

    #[test]
    fn variables_must_agree_on_dimensions() {
        let ok = check_vars(&[var("a", &[2, 3], &["t", "x"]), var("x", &[3], &["x"])]).unwrap();
        assert_eq!(ok, [("t".to_string(), 2), ("x".to_string(), 3)]);
        let e = check_vars(&[var("a", &[2], &["t"]), var("b", &[3], &["t"])]).unwrap_err();
        assert!(e.contains("`t` has length 2"), "{e}");
        let e = check_vars(&[var("a", &[2, 2], &["t", "t"])]).unwrap_err();
        assert!(e.contains("twice"), "{e}");
        let mut d = var("a", &[2, 2], &[]);
        d.dims = None;
        assert_eq!(d.dim_names(), ["dim_0", "dim_1"]);
        assert!(check_vars(&[d.clone(), d])
            .unwrap_err()
            .contains("saved twice"));
    }
}
