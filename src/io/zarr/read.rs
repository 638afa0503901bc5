//! Zarr arrays -> ArraySource: metadata at open, regions decoded one stored chunk at a time.
//!
//! ```text
//! open("era.zarr", "t2m") -> ZarrSource { shape, stored type, chunk grid, CF attrs, dims }
//! read(region)            -> per axis: the stored chunks the (strided) range touches
//!                         -> each touched chunk: decode only the hull of the wanted elements
//!                            (zarrs; shards decode only their inner chunks that are needed)
//!                         -> stepped, then placed into the result block
//! ```
//! Dimension names come from `dimension_names` (v3) or the `_ARRAY_DIMENSIONS` attribute
//! xarray writes (v2); metadata from the store's consolidated metadata when it has some
//! (one request for the store, not two or three per array); CF attributes (`scale_factor`, `add_offset`, `_FillValue`,
//! `missing_value`) decode as in the netCDF path, and a v2 array's own `fill_value` masks as
//! xarray does (it is xarray's `_FillValue` there).

use super::consolidated::Consolidated;
use super::open_store;
use crate::dtype::DType;
use crate::io::cf::{Cf, Raw};
use crate::io::source::{chunks_touched, ArraySource, OpenError, VarInfo};
use crate::kernels::layout::{self, Range1};
use crate::kernels::Block;
use crate::with_raw;
use ndarray::{ArrayD, IxDyn};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use zarrs::array::data_type as zdt;
use zarrs::array::{Array, ArrayMetadata, ArraySubset, CodecOptions, DataType};
use zarrs::group::Group;
use zarrs::storage::ReadableWritableListableStorage;

/// What a Zarr array stores per element.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Stored {
    Bool,
    Num(Raw),
}

/// One array of a Zarr store.
pub struct ZarrSource {
    path: PathBuf,
    var: String,
    /// The store and its consolidated metadata, kept to open coordinates beside the array.
    store: ReadableWritableListableStorage,
    meta: Arc<Consolidated>,
    array: Array<dyn zarrs::storage::ReadableWritableListableStorageTraits>,
    shape: Vec<usize>,
    /// The regular chunk (shard, for sharded arrays) shape.
    chunk: Vec<usize>,
    /// The smallest piece decoded alone: the inner chunk of a sharded array, else `chunk`.
    unit: Vec<usize>,
    stored: Stored,
    cf: Cf,
    dtype: DType,
    dims: Option<Vec<String>>,
    attrs: serde_json::Map<String, serde_json::Value>,
}

impl std::fmt::Debug for ZarrSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "zarr({:?}, {:?})", self.path, self.var)
    }
}

fn stored_of(dt: &DataType) -> Option<Stored> {
    Some(if dt.is::<zdt::BoolDataType>() {
        Stored::Bool
    } else if dt.is::<zdt::Int8DataType>() {
        Stored::Num(Raw::I8)
    } else if dt.is::<zdt::UInt8DataType>() {
        Stored::Num(Raw::U8)
    } else if dt.is::<zdt::Int16DataType>() {
        Stored::Num(Raw::I16)
    } else if dt.is::<zdt::UInt16DataType>() {
        Stored::Num(Raw::U16)
    } else if dt.is::<zdt::Int32DataType>() {
        Stored::Num(Raw::I32)
    } else if dt.is::<zdt::UInt32DataType>() {
        Stored::Num(Raw::U32)
    } else if dt.is::<zdt::Int64DataType>() {
        Stored::Num(Raw::I64)
    } else if dt.is::<zdt::UInt64DataType>() {
        Stored::Num(Raw::U64)
    } else if dt.is::<zdt::Float32DataType>() {
        Stored::Num(Raw::F32)
    } else if dt.is::<zdt::Float64DataType>() {
        Stored::Num(Raw::F64)
    } else {
        return None;
    })
}

/// A JSON number (or a numeric string such as "NaN") as f64.
fn json_f64(v: &serde_json::Value) -> Option<f64> {
    match v {
        serde_json::Value::Number(n) => n.as_f64(),
        serde_json::Value::String(s) => match s.as_str() {
            "NaN" => Some(f64::NAN),
            "Infinity" => Some(f64::INFINITY),
            "-Infinity" => Some(f64::NEG_INFINITY),
            _ => None,
        },
        serde_json::Value::Array(a) if a.len() == 1 => json_f64(&a[0]),
        _ => None,
    }
}

fn err(path: &Path, what: impl std::fmt::Display) -> String {
    format!("`{}`: {what}", path.display())
}

/// The array path inside the store for a variable name (`t2m`, `group/t2m`, `/t2m`).
fn node_path(var: &str) -> String {
    let v = var.trim_matches('/');
    if v.is_empty() {
        "/".into()
    } else {
        format!("/{v}")
    }
}

impl ZarrSource {
    /// Opens array `var` (`None`: the store itself is an array) of the store at `path`.
    pub fn open(path: &Path, var: Option<&str>) -> Result<ZarrSource, OpenError> {
        let store = open_store(path).map_err(OpenError::Other)?;
        let meta = Arc::new(Consolidated::read(&store));
        Self::open_in(path, store, meta, var)
    }

    /// Opens array `var` of an open store, from its consolidated metadata if it is there.
    fn open_in(
        path: &Path,
        store: ReadableWritableListableStorage,
        meta: Arc<Consolidated>,
        var: Option<&str>,
    ) -> Result<ZarrSource, OpenError> {
        let npath = node_path(var.unwrap_or(""));
        let opened = match meta.get(var.unwrap_or("").trim_matches('/')) {
            Some(m) => Array::new_with_metadata(store.clone(), &npath, m.clone()),
            None => Array::open(store.clone(), &npath),
        };
        let array = match opened {
            Ok(a) => a,
            Err(e) => {
                let available = meta
                    .names()
                    .or_else(|| array_names(&store).ok())
                    .unwrap_or_default();
                return Err(match var {
                    Some(v) if !available.iter().any(|a| a == v.trim_matches('/')) => {
                        OpenError::NoVariable {
                            path: path.to_path_buf(),
                            variable: v.to_string(),
                            available,
                        }
                    }
                    None if !available.is_empty() => {
                        OpenError::NeedVariable(list(path).map_err(OpenError::Other)?)
                    }
                    _ => OpenError::Other(err(path, format!("cannot open zarr array ({e})"))),
                });
            }
        };
        Self::from_array(path, var.unwrap_or(""), store, meta, array).map_err(OpenError::Other)
    }

    fn from_array(
        path: &Path,
        var: &str,
        store: ReadableWritableListableStorage,
        meta: Arc<Consolidated>,
        array: Array<dyn zarrs::storage::ReadableWritableListableStorageTraits>,
    ) -> Result<ZarrSource, String> {
        let stored = stored_of(array.data_type()).ok_or_else(|| {
            err(
                path,
                format!(
                    "array `{var}` is stored as `{}`, which arrlang cannot read",
                    array.data_type()
                ),
            )
        })?;
        let shape: Vec<usize> = array.shape().iter().map(|&n| n as usize).collect();
        let zeros = vec![0u64; shape.len()];
        let chunk: Vec<usize> = if shape.contains(&0) {
            shape.iter().map(|&n| n.max(1)).collect()
        } else {
            array
                .chunk_shape(&zeros)
                .map_err(|e| err(path, e))?
                .iter()
                .map(|n| n.get() as usize)
                .collect()
        };
        // Only regular grids: every chunk but the last along an axis has chunk 0's shape.
        let grid: Vec<u64> = array.chunk_grid_shape().to_vec();
        if grid
            .iter()
            .zip(&chunk)
            .zip(&shape)
            .any(|((&g, &c), &n)| n > 0 && g as usize != n.div_ceil(c))
        {
            return Err(err(
                path,
                format!("array `{var}` has an irregular chunk grid, which arrlang cannot read"),
            ));
        }
        let attrs = array.attributes().clone();
        let v2 = matches!(array.metadata(), ArrayMetadata::V2(_));
        let dims = match array.dimension_names() {
            Some(names) if names.iter().all(|n| n.is_some()) => Some(
                names
                    .iter()
                    .map(|n| n.clone().unwrap_or_default())
                    .collect(),
            ),
            _ => attrs
                .get("_ARRAY_DIMENSIONS")
                .and_then(|v| v.as_array())
                .and_then(|a| a.iter().map(|s| s.as_str().map(String::from)).collect())
                .filter(|d: &Vec<String>| d.len() == shape.len()),
        };
        let mut cf = Cf::default();
        if let Stored::Num(raw) = stored {
            for (name, slot) in [("scale_factor", 0), ("add_offset", 1)] {
                if let Some(x) = attrs.get(name).and_then(json_f64) {
                    // JSON numbers carry no width: xarray's packed data is unpacked as double
                    // unless the stored type is a float32 itself.
                    cf.double |= raw != Raw::F32;
                    if slot == 0 {
                        cf.scale = Some(x);
                    } else {
                        cf.offset = Some(x);
                    }
                }
            }
            for name in ["_FillValue", "missing_value"] {
                // xarray writes a float's `_FillValue` in v3 as base64 of its bytes.
                let float = matches!(raw, Raw::F32 | Raw::F64);
                let x = attrs.get(name).and_then(|v| {
                    json_f64(v).or_else(|| {
                        v.as_str()
                            .filter(|_| float)
                            .and_then(super::fill_from_base64)
                    })
                });
                if let Some(x) = x {
                    cf.fills.push(x);
                }
            }
            if v2 {
                if let ArrayMetadata::V2(m) = array.metadata() {
                    if let Ok(v) = serde_json::to_value(&m.fill_value) {
                        if let Some(x) = json_f64(&v) {
                            if !cf.fills.contains(&x) {
                                cf.fills.push(x);
                            }
                        }
                    }
                }
            }
        }
        let dtype = match stored {
            Stored::Bool => DType::Bool,
            Stored::Num(raw) => cf.dtype(raw),
        };
        let unit = match zarrs::array::ArrayShardedExt::effective_subchunk_shape(&array) {
            Some(sub)
                if zarrs::array::ArrayShardedExt::is_exclusively_sharded(&array)
                    && sub.len() == chunk.len() =>
            {
                sub.iter()
                    .zip(&chunk)
                    .map(|(s, &c)| (s.get() as usize).clamp(1, c.max(1)))
                    .collect()
            }
            _ => chunk.clone(),
        };
        Ok(ZarrSource {
            path: path.to_path_buf(),
            var: var.to_string(),
            store,
            meta,
            array,
            shape,
            chunk,
            unit,
            stored,
            cf,
            dtype,
            dims,
            attrs,
        })
    }

    /// The array's attributes (xarray's bookkeeping `_ARRAY_DIMENSIONS` left out).
    pub fn attrs(&self) -> Vec<(String, serde_json::Value)> {
        self.attrs
            .iter()
            .filter(|(k, _)| k.as_str() != "_ARRAY_DIMENSIONS")
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }

    /// The stored type's name (`int16`, `float32`, ...).
    pub fn stored_name(&self) -> &'static str {
        match self.stored {
            Stored::Bool => "bool",
            Stored::Num(r) => r.name(),
        }
    }

    /// Decodes the hull `ranges` (all inside one stored chunk) into a block.
    fn read_hull(&self, ranges: &[std::ops::Range<u64>], shape: &[usize]) -> Result<Block, String> {
        let subset = ArraySubset::new_with_ranges(ranges);
        // One chunk per call, on the scheduler's workers: no nested parallelism.
        let opts = CodecOptions::default().with_concurrent_target(1);
        let e = |e: zarrs::array::ArrayError| err(&self.path, format!("`{}`: {e}", self.var));
        match self.stored {
            Stored::Bool => {
                let v: Vec<bool> = self
                    .array
                    .retrieve_array_subset_opt(&subset, &opts)
                    .map_err(e)?;
                Ok(Block::Bool(
                    ArrayD::from_shape_vec(IxDyn(shape), v).map_err(|x| x.to_string())?,
                ))
            }
            Stored::Num(raw) => with_raw!(raw, T => {
                let v: Vec<T> = self
                    .array
                    .retrieve_array_subset_opt(&subset, &opts)
                    .map_err(e)?;
                Ok(self.cf.apply(raw, v, shape))
            }),
        }
    }
}

/// Along one axis, the pieces of a forward range that fall in one stored chunk each:
/// (first position, count, offset of the piece in the range).
fn pieces(r: &Range1, chunk: usize) -> Vec<(usize, usize, usize)> {
    let step = r.step.max(1) as usize;
    let mut out = Vec::new();
    let mut i = 0;
    while i < r.len {
        let pos = r.start + i * step;
        let end = (pos / chunk + 1) * chunk;
        let n = (end - pos).div_ceil(step).min(r.len - i);
        out.push((pos, n, i));
        i += n;
    }
    out
}

impl ArraySource for ZarrSource {
    fn shape(&self) -> &[usize] {
        &self.shape
    }
    fn dtype(&self) -> DType {
        self.dtype
    }
    fn dims(&self) -> Option<Vec<String>> {
        self.dims.clone()
    }
    fn attrs(&self) -> Vec<(String, crate::io::attrs::AttrValue)> {
        self.attrs()
            .into_iter()
            .filter_map(|(k, v)| Some((k, json_attr(&v)?)))
            .collect()
    }
    fn name(&self) -> Option<String> {
        Some(self.var.rsplit('/').next().unwrap_or(&self.var).to_string())
    }
    /// The 1-D array named after the dimension, beside this one in its group (as xarray
    /// stores coordinates).
    fn coord(&self, axis: usize) -> Option<crate::io::source::Source> {
        let dim = self.dims.as_ref()?.get(axis)?;
        let group = self
            .var
            .rsplit_once('/')
            .map(|(g, _)| format!("{g}/"))
            .unwrap_or_default();
        let name = format!("{group}{dim}");
        // Without consolidated metadata, a missing coordinate costs a request or two.
        if self.meta.is_present() && self.meta.get(&name).is_none() {
            return None;
        }
        let c = ZarrSource::open_in(
            &self.path,
            self.store.clone(),
            self.meta.clone(),
            Some(&name),
        )
        .ok()?;
        (c.var != self.var && c.shape == [self.shape[axis]])
            .then(|| std::sync::Arc::new(c) as crate::io::source::Source)
    }
    fn is_boundary(&self, axis: usize, pos: usize) -> bool {
        pos.is_multiple_of(self.unit[axis]) || pos >= self.shape[axis]
    }
    fn storage_chunks(&self) -> Option<Vec<usize>> {
        Some(self.chunk.clone())
    }
    fn read_cost(&self, region: &[Range1]) -> u64 {
        region
            .iter()
            .zip(&self.unit)
            .map(|(r, &c)| chunks_touched(r, c) * c as u64)
            .product::<u64>()
            * self.dtype.size() as u64
    }
    fn read_forward(&self, region: &[Range1]) -> Result<Block, String> {
        let shape: Vec<usize> = region.iter().map(|r| r.len).collect();
        if shape.contains(&0) {
            return Ok(Block::zeros(self.dtype, &shape));
        }
        let per_axis: Vec<Vec<(usize, usize, usize)>> = region
            .iter()
            .zip(&self.chunk)
            .map(|(r, &c)| pieces(r, c))
            .collect();
        let total: usize = per_axis.iter().map(|p| p.len()).product();
        let mut blocks = Vec::with_capacity(total);
        let mut places = Vec::with_capacity(total);
        for f in 0..total {
            // The f-th combination of one piece per axis (last axis fastest).
            let mut rest = f;
            let mut pick = vec![(0, 0, 0); region.len()];
            for d in (0..region.len()).rev() {
                let k = per_axis[d].len();
                pick[d] = per_axis[d][rest % k];
                rest /= k;
            }
            let ranges: Vec<std::ops::Range<u64>> = pick
                .iter()
                .zip(region)
                .map(|(&(pos, n, _), r)| {
                    pos as u64..(pos + (n - 1) * r.step.max(1) as usize + 1) as u64
                })
                .collect();
            let hull: Vec<usize> = ranges.iter().map(|r| (r.end - r.start) as usize).collect();
            let b = self.read_hull(&ranges, &hull)?;
            let local: Vec<Range1> = pick
                .iter()
                .zip(region)
                .map(|(&(_, n, _), r)| Range1 {
                    start: 0,
                    len: n,
                    step: r.step.max(1),
                })
                .collect();
            let b = if region.iter().all(|r| r.step <= 1) {
                b
            } else {
                layout::slice(&b, &local)
            };
            if total == 1 {
                return Ok(b);
            }
            let dst = pick.iter().map(|&(_, _, at)| at).collect();
            places.push(layout::Piece::whole(blocks.len(), b.shape(), dst));
            blocks.push(b);
        }
        let refs: Vec<&Block> = blocks.iter().collect();
        Ok(layout::assemble(&shape, self.dtype, &refs, &places))
    }
}

/// Paths (without the leading `/`) of every array in the store, groups descended.
fn array_names(store: &ReadableWritableListableStorage) -> Result<Vec<String>, String> {
    let group = Group::open(store.clone(), "/").map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    let mut todo = vec![group];
    while let Some(g) = todo.pop() {
        for p in g.child_array_paths().map_err(|e| e.to_string())? {
            out.push(p.as_str().trim_start_matches('/').to_string());
        }
        todo.extend(g.child_groups().map_err(|e| e.to_string())?);
    }
    out.sort();
    Ok(out)
}

/// Opens one array of a store (see `ZarrSource::open`) as a shared source.
pub fn open(path: &Path, var: Option<&str>) -> Result<crate::io::source::Source, OpenError> {
    Ok(std::sync::Arc::new(ZarrSource::open(path, var)?))
}

/// `vars("store.zarr")`: every array of the store, groups descended.
pub fn list(path: &Path) -> Result<Vec<VarInfo>, String> {
    let store = open_store(path)?;
    let meta = Arc::new(Consolidated::read(&store));
    let root_array = match meta.names() {
        Some(names) => names.iter().any(|n| n.is_empty()),
        None => Array::open(store.clone(), "/").is_ok(),
    };
    if root_array {
        let s = ZarrSource::open_in(path, store, meta, None).map_err(|e| format!("{e:?}"))?;
        return Ok(vec![info("(array)".into(), &s)]);
    }
    let names = match meta.names() {
        Some(n) => n,
        None => array_names(&store).map_err(|e| err(path, e))?,
    };
    let mut out = Vec::new();
    for name in names {
        if let Ok(s) = ZarrSource::open_in(path, store.clone(), meta.clone(), Some(&name)) {
            out.push(info(name, &s));
        }
    }
    Ok(out)
}

fn info(name: String, s: &ZarrSource) -> VarInfo {
    VarInfo {
        name,
        shape: s.shape.clone(),
        dtype: s.dtype,
        stored: s.stored_name().to_string(),
        dims: s.dims.clone(),
        unreadable: None,
    }
}

/// A JSON attribute as the netCDF side holds attributes: text, integers or numbers (a
/// list of them too); objects, booleans and mixed lists have no netCDF counterpart.
fn json_attr(v: &serde_json::Value) -> Option<crate::io::attrs::AttrValue> {
    use crate::io::attrs::AttrValue;
    use serde_json::Value as J;
    let items: Vec<&J> = match v {
        J::String(s) => return Some(AttrValue::Text(s.clone())),
        J::Array(a) if !a.is_empty() => a.iter().collect(),
        J::Number(_) => vec![v],
        _ => return None,
    };
    if let Some(ints) = items
        .iter()
        .map(|x| x.as_i64())
        .collect::<Option<Vec<i64>>>()
    {
        return Some(AttrValue::Ints(ints));
    }
    items
        .iter()
        .map(|x| x.as_f64())
        .collect::<Option<Vec<f64>>>()
        .map(AttrValue::Numbers)
}
