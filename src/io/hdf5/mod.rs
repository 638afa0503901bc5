//! HDF5 and netCDF-4 variables -> ArraySource: metadata at open, regions on read.
//!
//! ```text
//! open(path, "t2m")  -> H5Source { shape, stored type, CF attributes, dims, filters }   (here)
//! read(region)       -> deflate/shuffle chunks: pread + decode outside the lock (rawchunk)
//!                    -> contiguous storage: one pread per run of consecutive elements
//!                    -> anything else: an HDF5 hyperslab read (under the crate's lock)
//!                                                                                 (read.rs)
//! list(path)         -> every variable, as `vars()` shows it; global attributes (list.rs)
//! ```

mod list;
mod read;
#[cfg(test)]
mod tests;

pub use list::{disable_file_locking, global_attrs, list};

use super::attrs::AttrValue;
use super::cf::{Cf, Raw, RawElem};
use super::h5check;
use super::h5meta::{self, raw_of, DimInfo};
use super::rawchunk::{ChunkIndex, Codec};
use super::source::{chunks_touched, ArraySource, OpenError, Source};
use crate::dtype::DType;
use crate::kernels::layout::Range1;
use crate::kernels::Block;
use crate::with_raw;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

/// Listing more chunks than this costs seconds (`chunk_info(i)` is O(i)): read through HDF5.
const MAX_INDEXED_CHUNKS: usize = 4096;

static NEXT_UID: AtomicU64 = AtomicU64::new(1);

/// One dataset of an HDF5 (or netCDF-4) file.
pub struct H5Source {
    path: PathBuf,
    var: String,
    ds: hdf5::Dataset,
    _file: hdf5::File,
    shape: Vec<usize>,
    raw: Raw,
    cf: Cf,
    dtype: DType,
    dims: DimInfo,
    attrs: Vec<(String, AttrValue)>,
    /// The first unlimited axis (netCDF's record dimension).
    record: Option<usize>,
    chunk: Option<Vec<usize>>,
    /// Stored chunks are filtered (compressed): a read decodes whole chunks.
    filtered: bool,
    /// Filters we decode ourselves, in write order; None: read through HDF5.
    pipeline: Option<Vec<Codec>>,
    index: OnceLock<Option<ChunkIndex>>,
    /// Why the chunk index is corrupt, when listing it found it so (reads then fail).
    corrupt: OnceLock<String>,
    /// File offset of a contiguous, unfiltered, little-endian dataset: read with preads.
    contiguous: Option<u64>,
    fd: OnceLock<Result<std::fs::File, String>>,
    uid: u64,
}

impl std::fmt::Debug for H5Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "hdf5({:?}, {:?})", self.path, self.var)
    }
}

/// A numeric attribute's values as f64, and whether it is stored as a double.
fn attr_f64(loc: &hdf5::Location, name: &str) -> Option<(Vec<f64>, bool)> {
    let a = loc.attr(name).ok()?;
    let raw = raw_of(&a.dtype().ok()?.to_descriptor().ok()?)?;
    let v: Vec<f64> =
        with_raw!(raw, T => a.read_raw::<T>().ok()?.into_iter().map(|x| x.to_f64()).collect());
    Some((v, raw == Raw::F64))
}

fn err(path: &Path, what: impl std::fmt::Display) -> String {
    format!("`{}`: {what}", path.display())
}

impl H5Source {
    /// Opens `var` (a path inside the file, e.g. `group/inner`) of the HDF5 file `path`.
    pub fn open(path: &Path, var: &str) -> Result<H5Source, OpenError> {
        disable_file_locking();
        super::probe::check(path).map_err(OpenError::Other)?;
        let file = hdf5::File::open(path).map_err(|e| {
            OpenError::Other(err(
                path,
                format!("not a readable HDF5/netCDF-4 file ({e})"),
            ))
        })?;
        // netCDF-C stores a variable named like a dimension it does not span under a prefix.
        let non_coord = |v: &str| match v.rsplit_once('/') {
            Some((g, b)) => format!("{g}/{}{b}", h5meta::NON_COORD_PREFIX),
            None => format!("{}{v}", h5meta::NON_COORD_PREFIX),
        };
        let found = file
            .dataset(&non_coord(var))
            .map(|d| (non_coord(var), d))
            .or_else(|_| file.dataset(var).map(|d| (var.to_string(), d)));
        let (stored, ds) = match found {
            Ok(x) => x,
            Err(e) => {
                // There, but HDF5 cannot open it: not "no such variable".
                if [non_coord(var), var.to_string()]
                    .iter()
                    .any(|v| file.link_exists(v))
                {
                    return Err(OpenError::Other(list::unopenable(
                        path,
                        &[(var.to_string(), e.to_string())],
                    )));
                }
                let available = list::list_names(&file).0;
                return Err(OpenError::NoVariable {
                    path: path.to_path_buf(),
                    variable: var.to_string(),
                    available,
                });
            }
        };
        h5check::check_object(ds.id()).map_err(OpenError::Other)?;
        if h5meta::is_dimension_only(&ds) {
            return Err(OpenError::DimensionOnly {
                path: path.to_path_buf(),
                name: var.to_string(),
                len: ds.shape().first().copied().unwrap_or(0),
            });
        }
        let mut s = Self::from_dataset(path, &stored, file, ds).map_err(OpenError::Other)?;
        s.check_text_coords().map_err(OpenError::Other)?;
        s.var = var.to_string();
        Ok(s)
    }

    fn from_dataset(
        path: &Path,
        var: &str,
        file: hdf5::File,
        ds: hdf5::Dataset,
    ) -> Result<H5Source, String> {
        h5check::check_object(ds.id())?;
        let dt = ds.dtype().map_err(|e| err(path, e))?;
        let desc = dt.to_descriptor().map_err(|e| err(path, e))?;
        let raw = raw_of(&desc).ok_or_else(|| {
            err(
                path,
                format!("variable `{var}` is stored as `{desc}`, which arrlang cannot read"),
            )
        })?;
        let little = dt.byte_order() == hdf5::datatype::ByteOrder::LittleEndian || raw.size() == 1;
        let mut cf = Cf::default();
        if let Some((v, double)) = attr_f64(&ds, "scale_factor") {
            cf.scale = v.first().copied();
            cf.double |= double;
        }
        if let Some((v, double)) = attr_f64(&ds, "add_offset") {
            cf.offset = v.first().copied();
            cf.double |= double;
        }
        for name in ["_FillValue", "missing_value"] {
            if let Some((v, _)) = attr_f64(&ds, name) {
                cf.fills.extend(v);
            }
        }
        cf.add_default_fill(raw, ds.attr("_FillValue").is_ok());
        let record = ds
            .space()
            .ok()
            .and_then(|sp| sp.maxdims().iter().position(|m| m.is_none()));
        let shape = ds.shape();
        let dims = h5meta::dims_of(&file, &ds, var, shape.len());
        let attrs = h5meta::attrs_of(&ds);
        let chunk = ds.chunk();
        let mut pipeline = Some(Vec::new());
        let filters = ds.filters();
        let filtered = !filters.is_empty();
        for f in filters {
            let c = match f {
                hdf5::filters::Filter::Deflate(_) => Some(Codec::Deflate),
                hdf5::filters::Filter::Shuffle => Some(Codec::Shuffle),
                _ => None,
            };
            match (c, pipeline.as_mut()) {
                (Some(c), Some(p)) => p.push(c),
                _ => pipeline = None,
            }
        }
        if chunk.is_none() || !little {
            pipeline = None;
        }
        // A dataspace HDF5 would refuse (a size over its maximum), or storage that does not
        // fit in the file: HDF5 reads (and reports) it; the raw paths do not guess.
        let file_len = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        let nbytes = shape
            .iter()
            .try_fold(raw.size() as u64, |a, &n| a.checked_mul(n as u64));
        let space_ok = ds.space().ok().is_some_and(|sp| {
            let max = sp.maxdims();
            max.len() == shape.len()
                && max
                    .iter()
                    .zip(&shape)
                    .all(|(m, &n)| m.is_none_or(|m| n <= m))
        });
        if !space_ok {
            // HDF5 1.10 reads such a dataset (padding with fill values); newer versions, as
            // netCDF-C and h5py ship them, refuse it: so do we.
            return Err(err(
                path,
                format!("variable `{var}` is corrupt: its size {shape:?} is over its maximum size"),
            ));
        }
        // Element bytes are used in place, so the host must be little-endian too.
        let contiguous = match chunk {
            None if little && !filtered && cfg!(target_endian = "little") && space_ok => {
                ds.offset().filter(|&o| {
                    nbytes.is_some_and(|n| o.checked_add(n).is_some_and(|e| e <= file_len))
                })
            }
            _ => None,
        };
        Ok(H5Source {
            path: path.to_path_buf(),
            var: var.to_string(),
            dtype: cf.dtype(raw),
            ds,
            _file: file,
            shape,
            raw,
            cf,
            dims,
            attrs,
            record,
            chunk,
            filtered,
            pipeline,
            index: OnceLock::new(),
            corrupt: OnceLock::new(),
            contiguous,
            fd: OnceLock::new(),
            uid: NEXT_UID.fetch_add(1, Ordering::Relaxed),
        })
    }

    /// The dataset (path inside the file) of `axis`'s coordinate variable: the dimension's
    /// scale when it is a 1-D variable of that length, else a 1-D dataset named after the
    /// dimension in this variable's group or the root. Dimension-only datasets are not.
    fn coord_path(&self, axis: usize) -> Option<String> {
        let name = self.dims.names.as_ref()?.get(axis)?.clone();
        let mut candidates = Vec::new();
        if let Some(Some(p)) = self.dims.scales.get(axis) {
            candidates.push(p.trim_start_matches('/').to_string());
        }
        if let Some((g, _)) = self.var.rsplit_once('/') {
            candidates.push(format!("{g}/{name}"));
        }
        candidates.push(name.clone());
        candidates.into_iter().find(|c| {
            self._file.dataset(c).is_ok_and(|ds| {
                ds.ndim() == 1
                    && ds.shape()[0] == self.shape[axis]
                    && h5meta::dim_name_of_path(c) == name
                    && !h5meta::is_dimension_only(&ds)
            })
        })
    }

    /// The datasets that may hold `axis`'s text coordinate (labels), in the order
    /// `text_coord` tries them: the dimension's scale, then datasets named after the
    /// dimension in this variable's group and the root.
    fn text_candidates(&self, axis: usize) -> Vec<String> {
        let Some(name) = self.dims.names.as_ref().and_then(|n| n.get(axis)) else {
            return Vec::new();
        };
        let mut candidates = Vec::new();
        if let Some(Some(p)) = self.dims.scales.get(axis) {
            candidates.push(p.trim_start_matches('/').to_string());
        }
        let group = self.var.rsplit_once('/').map(|(g, _)| format!("{g}/"));
        for g in [group, None].into_iter().flatten().chain([String::new()]) {
            candidates.push(format!("{g}{name}"));
            candidates.push(format!("{g}{}{name}", h5meta::NON_COORD_PREFIX));
        }
        candidates
    }

    /// Checks the variable-length data of every dataset `text_coord` may read, before HDF5
    /// reads it (a corrupt one is an error at open, not a crash or labels gone quietly).
    fn check_text_coords(&self) -> Result<(), String> {
        for axis in 0..self.shape.len() {
            for c in self.text_candidates(axis) {
                if let Ok(ds) = self._file.dataset(&c) {
                    h5check::check_dataset_data(ds.id())?;
                }
            }
        }
        Ok(())
    }

    /// The stored element type's name.
    pub fn stored(&self) -> &'static str {
        self.raw.name()
    }

    /// Whether reads decode stored chunks themselves (else HDF5 hyperslab reads).
    pub fn decodes_raw(&self) -> bool {
        self.pipeline.is_some()
    }
}

impl ArraySource for H5Source {
    fn shape(&self) -> &[usize] {
        &self.shape
    }
    fn dtype(&self) -> DType {
        self.dtype
    }
    fn dims(&self) -> Option<Vec<String>> {
        self.dims.names.clone()
    }
    fn name(&self) -> Option<String> {
        Some(self.var.clone())
    }
    fn attrs(&self) -> Vec<(String, AttrValue)> {
        self.attrs.clone()
    }
    fn record_axis(&self) -> Option<usize> {
        self.record
    }
    fn text_coord(&self, axis: usize) -> Option<super::source::TextCoord> {
        let name = self.dims.names.as_ref()?.get(axis)?.clone();
        self.text_candidates(axis).into_iter().find_map(|c| {
            let ds = self._file.dataset(&c).ok()?;
            if h5meta::dim_name_of_path(&c) != name || ds.shape().first() != Some(&self.shape[axis])
            {
                return None;
            }
            let values = h5meta::dataset_strings(&ds)?;
            (values.len() == self.shape[axis]).then(|| super::source::TextCoord {
                name: name.clone(),
                values,
                attrs: h5meta::attrs_of(&ds),
            })
        })
    }
    fn variable(&self, name: &str) -> Option<Source> {
        let path = match self.var.rsplit_once('/') {
            Some((g, _)) if self._file.dataset(&format!("{g}/{name}")).is_ok() => {
                format!("{g}/{name}")
            }
            _ => name.to_string(),
        };
        let ds = self._file.dataset(&path).ok()?;
        if h5meta::is_dimension_only(&ds) {
            return None;
        }
        let s = H5Source::from_dataset(&self.path, &path, self._file.clone(), ds).ok()?;
        Some(std::sync::Arc::new(s))
    }
    fn coord(&self, axis: usize) -> Option<Source> {
        let path = self.coord_path(axis)?;
        let ds = self._file.dataset(&path).ok()?;
        let s = H5Source::from_dataset(&self.path, &path, self._file.clone(), ds).ok()?;
        Some(std::sync::Arc::new(s))
    }
    fn is_boundary(&self, axis: usize, pos: usize) -> bool {
        match &self.chunk {
            Some(c) if self.filtered => pos.is_multiple_of(c[axis]) || pos >= self.shape[axis],
            _ => true,
        }
    }
    fn storage_chunks(&self) -> Option<Vec<usize>> {
        self.chunk.clone()
    }
    fn compressed(&self) -> bool {
        self.filtered
    }
    fn read_cost(&self, region: &[Range1]) -> u64 {
        match &self.chunk {
            Some(c) => {
                let per: u64 = c.iter().product::<usize>() as u64 * self.raw.size() as u64;
                region
                    .iter()
                    .zip(c)
                    .map(|(r, &c)| chunks_touched(r, c))
                    .product::<u64>()
                    * per
            }
            None => region.iter().map(|r| r.len as u64).product::<u64>() * self.raw.size() as u64,
        }
    }
    fn read_forward(&self, region: &[Range1]) -> Result<Block, String> {
        if let Some(b) = self.read_decoded(region)? {
            return Ok(b);
        }
        if let Some(b) = self.read_contiguous(region)? {
            return Ok(b);
        }
        self.read_hyperslab(region)
    }
}
