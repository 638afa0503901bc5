//! HDF5 and netCDF-4 variables -> ArraySource: metadata at open, regions on read.
//!
//! ```text
//! open(path, "t2m")  -> H5Source { shape, stored type, CF attributes, dims, filters }
//! read(region)       -> deflate/shuffle chunks: pread + decode outside the lock (rawchunk)
//!                    -> contiguous storage: one pread per run of consecutive elements
//!                    -> anything else: an HDF5 hyperslab read (under the crate's lock)
//! ```

use super::attrs::AttrValue;
use super::cf::{Cf, Raw, RawElem};
use super::h5check;
use super::h5meta::{self, raw_of, DimInfo};
use super::rawchunk::{self, ChunkIndex, Codec};
use super::source::{chunks_touched, ArraySource, OpenError, Source, VarInfo};
use crate::dtype::DType;
use crate::kernels::layout::Range1;
use crate::kernels::Block;
use crate::with_raw;
use hdf5::{Hyperslab, SliceOrIndex};
use ndarray::IxDyn;
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
            Err(_) => {
                let available = list_names(&file);
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

    /// The stored element type's name.
    pub fn stored(&self) -> &'static str {
        self.raw.name()
    }

    /// Whether reads decode stored chunks themselves (else HDF5 hyperslab reads).
    pub fn decodes_raw(&self) -> bool {
        self.pipeline.is_some()
    }

    /// Lists the stored chunks now (what a first read would do): for `--probe-file`.
    pub fn touch_chunk_index(&self) {
        let _ = self.chunk_index();
    }

    fn chunk_index(&self) -> Option<&ChunkIndex> {
        self.index
            .get_or_init(|| {
                let chunk = self.chunk.clone()?;
                let n = self.ds.num_chunks()?;
                if n > MAX_INDEXED_CHUNKS {
                    return None;
                }
                let grid: Vec<usize> = self
                    .shape
                    .iter()
                    .zip(&chunk)
                    .map(|(&s, &c)| s.div_ceil(c))
                    .collect();
                // An index HDF5 itself refuses (newer versions: "bad coordinate offset")
                // is an error: HDF5 1.10 would read it, into the wrong places.
                let corrupt = |what: String| -> Option<ChunkIndex> {
                    let _ = self.corrupt.set(err(
                        &self.path,
                        format!("variable `{}` is corrupt: {what}", self.var),
                    ));
                    None
                };
                if chunk.len() != self.shape.len() || chunk.contains(&0) {
                    return corrupt(format!("chunk shape {chunk:?}"));
                }
                if n > grid.iter().product() {
                    return corrupt(format!("{n} stored chunks for a grid of {grid:?}"));
                }
                let file_len = self.file().ok()?.metadata().ok()?.len();
                let elem = self.raw.size() as u64;
                let whole = chunk
                    .iter()
                    .try_fold(elem, |a, &c| a.checked_mul(c as u64))?;
                let mut idx = ChunkIndex {
                    entries: vec![None; grid.iter().product()],
                    chunk,
                    grid,
                };
                for i in 0..n {
                    let ci = self.ds.chunk_info(i)?;
                    if ci.offset.len() != self.shape.len() {
                        return corrupt(format!("chunk {i} has offset {:?}", ci.offset));
                    }
                    let mut pos = Vec::with_capacity(ci.offset.len());
                    for ((&o, &c), &len) in ci.offset.iter().zip(&idx.chunk).zip(&self.shape) {
                        match usize::try_from(o) {
                            Ok(o) if o % c == 0 && o < len => pos.push(o / c),
                            _ => {
                                return corrupt(format!(
                                    "chunk {i} has the bad offset {:?}",
                                    ci.offset
                                ))
                            }
                        }
                    }
                    // No chunk lies past the file's end, none is larger than it could be
                    // stored (deflate's worst case is a few bytes per 16 KB over).
                    let end = ci.addr.checked_add(ci.size);
                    if ci.size == 0
                        || end.is_none_or(|e| e > file_len)
                        || ci.size > whole + whole / 64 + 1024
                    {
                        return corrupt(format!(
                            "chunk {i} has {} bytes at byte {} of a file of {file_len}",
                            ci.size, ci.addr
                        ));
                    }
                    let f = idx.flat(&pos);
                    let slot = idx.entries.get_mut(f)?;
                    if slot.is_some() {
                        return corrupt(format!("two chunks at offset {:?}", ci.offset));
                    }
                    *slot = Some((ci.addr, ci.size, ci.filter_mask));
                }
                Some(idx)
            })
            .as_ref()
    }

    /// Reads through HDF5: a hyperslab selection with the region's steps.
    pub fn read_hyperslab(&self, region: &[Range1]) -> Result<Block, String> {
        let shape: Vec<usize> = region.iter().map(|r| r.len).collect();
        if shape.contains(&0) {
            return Ok(Block::zeros(self.dtype, &shape));
        }
        let fail = |e: hdf5::Error| err(&self.path, format!("cannot read `{}`: {e}", self.var));
        with_raw!(self.raw, T => {
            let v: Vec<T> = if region.is_empty() {
                self.ds.read_raw::<T>().map_err(fail)?
            } else {
                let sel: Vec<SliceOrIndex> = region
                    .iter()
                    .map(|r| SliceOrIndex::SliceCount {
                        start: r.start,
                        step: r.step.max(1) as usize,
                        count: r.len,
                        block: 1,
                    })
                    .collect();
                let a = self
                    .ds
                    .read_slice::<T, _, IxDyn>(Hyperslab::from(sel))
                    .map_err(fail)?;
                a.as_standard_layout().iter().copied().collect()
            };
            Ok(self.cf.apply(self.raw, v, &shape))
        })
    }

    /// Reads by decoding stored chunks; None when some chunk was never written.
    pub fn read_decoded(&self, region: &[Range1]) -> Result<Option<Block>, String> {
        // Only datasets we decode ourselves are indexed (listing chunks costs O(n) each).
        let Some(pipe) = self.pipeline.as_ref() else {
            return Ok(None);
        };
        let Some(idx) = self.chunk_index() else {
            return match self.corrupt.get() {
                Some(m) => Err(m.clone()),
                None => Ok(None),
            };
        };
        with_raw!(self.raw, T => {
            let v = gather::<T>(self, idx, pipe, region)?;
            let shape: Vec<usize> = region.iter().map(|r| r.len).collect();
            Ok(v.map(|v| self.cf.apply(self.raw, v, &shape)))
        })
    }

    /// Reads a contiguous dataset stored at `base` with positional reads; None when it
    /// is not one.
    pub fn read_contiguous(&self, region: &[Range1]) -> Result<Option<Block>, String> {
        let Some(base) = self.contiguous else {
            return Ok(None);
        };
        with_raw!(self.raw, T => {
            let v = read_runs::<T>(self.file()?, base, &self.shape, region)
                .map_err(|e| err(&self.path, format!("variable `{}`: {e}", self.var)))?;
            let shape: Vec<usize> = region.iter().map(|r| r.len).collect();
            Ok(Some(self.cf.apply(self.raw, v, &shape)))
        })
    }

    fn file(&self) -> Result<&std::fs::File, String> {
        self.fd
            .get_or_init(|| std::fs::File::open(&self.path).map_err(|e| err(&self.path, e)))
            .as_ref()
            .map_err(|e| e.clone())
    }
}

/// The forward `region` of a C-order array of `shape` stored at byte `base` of `file`:
/// trailing axes read whole merge into one run, each run is one positional read straight
/// into the result (elements are little-endian, as the host).
fn read_runs<T: RawElem>(
    file: &std::fs::File,
    base: u64,
    shape: &[usize],
    region: &[Range1],
) -> Result<Vec<T>, String> {
    use std::os::unix::fs::FileExt;
    let nd = region.len();
    let total: usize = region.iter().map(|r| r.len).product();
    let mut out = vec![T::default(); total];
    if total == 0 {
        return Ok(out);
    }
    if nd == 0 {
        let mut b = vec![0u8; T::SIZE];
        file.read_exact_at(&mut b, base)
            .map_err(|e| format!("cannot read at byte {base} ({e}): truncated file?"))?;
        out[0] = T::from_le(&b);
        return Ok(out);
    }
    let mut sstr = vec![1usize; nd];
    for d in (0..nd - 1).rev() {
        sstr[d] = sstr[d + 1] * shape[d + 1];
    }
    let step = |d: usize| {
        if region[d].len == 1 {
            1
        } else {
            region[d].step.max(1) as usize
        }
    };
    // Axes `k..` form one run of `run` elements in the file.
    let mut k = nd - 1;
    let mut run = region[k].len;
    while k > 0
        && step(k) == 1
        && region[k].start == 0
        && region[k].len == shape[k]
        && step(k - 1) == 1
    {
        k -= 1;
        run *= region[k].len;
    }
    // A strided innermost axis reads the span it covers and keeps every step-th element.
    let inner = step(nd - 1);
    let span = if k == nd - 1 {
        (run - 1) * inner + 1
    } else {
        run
    };
    let mut scratch = if inner > 1 {
        vec![T::default(); span]
    } else {
        Vec::new()
    };
    let outer: Vec<usize> = region[..k].iter().map(|r| r.len).collect();
    let n_runs: usize = outer.iter().product();
    for (r, dst) in out.chunks_mut(run).enumerate().take(n_runs) {
        let at = crate::expr::chunks::unravel(r, &outer);
        let mut elem = region[k].start * sstr[k];
        for d in 0..k {
            elem += (region[d].start + at[d] * step(d)) * sstr[d];
        }
        let byte = base + (elem * T::SIZE) as u64;
        let buf: &mut [T] = if inner > 1 { &mut scratch } else { dst };
        // SAFETY: RawElem types are plain integers and floats: every byte pattern is a value.
        let bytes = unsafe {
            std::slice::from_raw_parts_mut(
                buf.as_mut_ptr().cast::<u8>(),
                std::mem::size_of_val(buf),
            )
        };
        file.read_exact_at(bytes, byte)
            .map_err(|e| format!("cannot read at byte {byte} ({e}): truncated file?"))?;
        if inner > 1 {
            for (o, &v) in dst.iter_mut().zip(scratch.iter().step_by(inner)) {
                *o = v;
            }
        }
    }
    Ok(out)
}

/// Along one axis, the stored chunks the forward range `r` touches: (chunk, first and
/// one-past-last region index inside it).
fn axis_chunks(r: &Range1, c: usize) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    let k = r.step.max(1) as usize;
    let mut i = 0;
    while i < r.len {
        let pos = r.start + i * k;
        let ch = pos / c;
        let end = (ch + 1) * c;
        let n = (end - pos).div_ceil(k).min(r.len - i);
        out.push((ch, i, i + n));
        i += n;
    }
    out
}

/// Copies the region out of every stored chunk it touches (decoded once, via the cache).
fn gather<T: RawElem>(
    src: &H5Source,
    idx: &ChunkIndex,
    pipe: &[Codec],
    region: &[Range1],
) -> Result<Option<Vec<T>>, String> {
    let nd = region.len();
    let shape: Vec<usize> = region.iter().map(|r| r.len).collect();
    let total: usize = shape.iter().product();
    let mut out = vec![T::default(); total];
    if total == 0 {
        return Ok(Some(out));
    }
    let per_axis: Vec<Vec<(usize, usize, usize)>> = region
        .iter()
        .zip(&idx.chunk)
        .map(|(r, &c)| axis_chunks(r, c))
        .collect();
    let mut ostr = vec![1usize; nd];
    let mut cstr = vec![1usize; nd];
    for d in (0..nd.saturating_sub(1)).rev() {
        ostr[d] = ostr[d + 1] * shape[d + 1];
        cstr[d] = cstr[d + 1] * idx.chunk[d + 1];
    }
    let chunk_bytes = idx.chunk.iter().product::<usize>() * T::SIZE;
    let counts: Vec<usize> = per_axis.iter().map(|v| v.len()).collect();
    let n_chunks: usize = counts.iter().product();
    for f in 0..n_chunks {
        let sel = crate::expr::chunks::unravel(f, &counts);
        let parts: Vec<(usize, usize, usize)> = (0..nd).map(|d| per_axis[d][sel[d]]).collect();
        let pos: Vec<usize> = parts.iter().map(|p| p.0).collect();
        let flat = idx.flat(&pos);
        let Some((addr, size, mask)) = idx.entries[flat] else {
            return Ok(None);
        };
        let bytes = rawchunk::cache().get((src.uid, flat), chunk_bytes, || {
            let raw = rawchunk::pread(src.file()?, addr, size)?;
            rawchunk::decode(raw, pipe, mask, T::SIZE, chunk_bytes)
        });
        let bytes = bytes.map_err(|e| err(&src.path, format!("variable `{}`: {e}", src.var)))?;
        // In-chunk index of region index i along axis d.
        let local = |d: usize, i: usize| {
            region[d].start + i * region[d].step.max(1) as usize - parts[d].0 * idx.chunk[d]
        };
        let last = nd - 1;
        let (lo_in, hi_in) = (parts[last].1, parts[last].2);
        let k = region[last].step.max(1) as usize;
        let mut it: Vec<usize> = parts[..last].iter().map(|p| p.1).collect();
        loop {
            let mut o = 0;
            let mut c = 0;
            for d in 0..last {
                o += it[d] * ostr[d];
                c += local(d, it[d]) * cstr[d];
            }
            let c0 = c + local(last, lo_in);
            let dst = &mut out[o + lo_in..o + hi_in];
            for (j, x) in dst.iter_mut().enumerate() {
                let at = (c0 + j * k) * T::SIZE;
                *x = T::from_le(&bytes[at..at + T::SIZE]);
            }
            // Next position of the outer axes; done when all wrap around.
            let mut done = true;
            let mut d = last;
            while d > 0 {
                d -= 1;
                it[d] += 1;
                if it[d] < parts[d].2 {
                    done = false;
                    break;
                }
                it[d] = parts[d].1;
            }
            if done {
                break;
            }
        }
    }
    Ok(Some(out))
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
        let mut candidates = Vec::new();
        if let Some(Some(p)) = self.dims.scales.get(axis) {
            candidates.push(p.trim_start_matches('/').to_string());
        }
        let group = self.var.rsplit_once('/').map(|(g, _)| format!("{g}/"));
        for g in [group.clone(), None]
            .into_iter()
            .flatten()
            .chain([String::new()])
        {
            candidates.push(format!("{g}{name}"));
            candidates.push(format!("{g}{}{name}", h5meta::NON_COORD_PREFIX));
        }
        candidates.into_iter().find_map(|c| {
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
            Some(c) if self.filtered => pos % c[axis] == 0 || pos >= self.shape[axis],
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

/// Paths of every dataset in the file (groups walked depth-first), as stored.
fn list_names(file: &hdf5::File) -> Vec<String> {
    fn walk(g: &hdf5::Group, prefix: &str, out: &mut Vec<String>) {
        use hdf5::{IndexType, IterationOrder};
        // Creation order when the file tracks it (netCDF-C does), as ncdump lists them.
        let names = g
            .member_names_by(IndexType::CreationOrder, IterationOrder::Increasing)
            .or_else(|_| g.member_names())
            .unwrap_or_default();
        for m in names {
            let full = format!("{prefix}{m}");
            if g.dataset(&m).is_ok() {
                out.push(full);
            } else if let Ok(sub) = g.group(&m) {
                walk(&sub, &format!("{full}/"), out);
            }
        }
    }
    let mut out = Vec::new();
    walk(file, "", &mut out);
    out
}

/// A dataset type arrlang does not load, named as netCDF would (`char`, `string`).
fn type_name(ds: &hdf5::Dataset) -> String {
    use hdf5::types::TypeDescriptor as T;
    match ds.dtype().and_then(|t| t.to_descriptor()) {
        Ok(T::FixedAscii(1) | T::FixedUnicode(1)) => "char".into(),
        Ok(T::FixedAscii(_) | T::FixedUnicode(_) | T::VarLenAscii | T::VarLenUnicode) => {
            "string".into()
        }
        Ok(d) => d.to_string(),
        Err(_) => "an unknown type".into(),
    }
}

/// Every variable of the file, as `vars()` shows it: dimension-only datasets left out,
/// variables arrlang cannot load (text) marked `unreadable`.
pub fn list(path: &Path) -> Result<Vec<VarInfo>, String> {
    disable_file_locking();
    super::probe::check(path)?;
    let file = hdf5::File::open(path)
        .map_err(|e| err(path, format!("not a readable HDF5/netCDF-4 file ({e})")))?;
    if std::env::var_os("ARRLANG_TEST_STUCK_IN_HDF5").is_some() {
        // For the signal tests: a thread that never leaves HDF5's lock, as a looping C call.
        hdf5::sync::sync(|| {
            eprintln!("inside HDF5");
            loop {
                std::thread::sleep(std::time::Duration::from_secs(1));
            }
        });
    }
    let mut out = Vec::new();
    for stored in list_names(&file) {
        let Ok(ds) = file.dataset(&stored) else {
            continue;
        };
        h5check::check_object(ds.id())?;
        if h5meta::is_dimension_only(&ds) {
            continue;
        }
        let name = match stored.rsplit_once('/') {
            Some((g, b)) => format!("{g}/{}", b.trim_start_matches(h5meta::NON_COORD_PREFIX)),
            None => stored
                .trim_start_matches(h5meta::NON_COORD_PREFIX)
                .to_string(),
        };
        let shape = ds.shape();
        let kind = type_name(&ds);
        let dims = h5meta::dims_of(&file, &ds, &stored, shape.len()).names;
        match H5Source::from_dataset(path, &stored, file.clone(), ds) {
            Ok(s) => out.push(VarInfo {
                stored: s.stored().to_string(),
                shape: s.shape.clone(),
                dtype: s.dtype,
                dims: s.dims.names.clone(),
                name,
                unreadable: None,
            }),
            Err(_) => out.push(VarInfo {
                stored: kind.clone(),
                dims,
                dtype: crate::dtype::DType::F64,
                shape,
                name,
                unreadable: Some(kind),
            }),
        }
    }
    Ok(out)
}

/// The names of the file's global (root group) attributes; netCDF-C's bookkeeping
/// (`_NCProperties`, ...) left out.
pub fn global_attrs(path: &Path) -> Result<Vec<String>, String> {
    disable_file_locking();
    super::probe::check(path)?;
    let file = hdf5::File::open(path)
        .map_err(|e| err(path, format!("not a readable HDF5/netCDF-4 file ({e})")))?;
    h5check::check_object(file.id())?;
    let names = file.attr_names().map_err(|e| err(path, e))?;
    Ok(names
        .into_iter()
        .filter(|n| !n.starts_with('_') && !super::attrs::is_internal(n))
        .collect())
}

/// Turns HDF5's file locking off for this process, once, before the first file is opened.
/// arrlang never shares a file being written (saves go to a temporary name renamed into
/// place after the flush), but HDF5 keeps a closed file's lock while any object id of it is
/// still alive, and the lock moves with the renamed file: a `load` right after a `save` in
/// one process could then fail with "unable to lock file" (seen in the interop tests).
pub fn disable_file_locking() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        if std::env::var_os("HDF5_USE_FILE_LOCKING").is_none() {
            // HDF5 (1.10.7+) reads this at every file open.
            std::env::set_var("HDF5_USE_FILE_LOCKING", "FALSE");
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::npy;

    fn data(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data")
            .join(name)
    }

    fn expected(name: &str) -> Block {
        let p = data(name);
        let h = npy::read_header(&p).unwrap();
        npy::read_region(&p, &h, &vec![0; h.shape.len()], &h.shape.clone()).unwrap()
    }

    fn same(a: &Block, b: &Block) -> bool {
        a.shape() == b.shape()
            && a.dtype() == b.dtype()
            && a.to_f64_vec()
                .iter()
                .zip(b.to_f64_vec())
                .all(|(x, y)| x == &y || (x.is_nan() && y.is_nan()))
    }

    fn r(start: usize, len: usize, step: isize) -> Range1 {
        Range1 { start, len, step }
    }

    /// Both read paths agree with the C library's values, whole and strided.
    #[test]
    fn decoded_and_hyperslab_reads_match_the_c_library() {
        for (file, var, npy_name, decoded) in [
            ("nc4-day0.nc", "t2m", "nc4-day0.nc.t2m.npy", true),
            ("nc4-packed.nc", "t2m", "nc4-packed.nc.t2m.npy", true),
            ("plain.h5", "grid", "plain.h5.grid.npy", true),
            ("plain.h5", "group/inner", "plain.h5.group-inner.npy", true),
            ("plain.h5", "counts", "plain.h5.counts.npy", false),
        ] {
            let s = H5Source::open(&data(file), var).unwrap_or_else(|e| panic!("{e:?}"));
            assert_eq!(s.decodes_raw(), decoded, "{file} {var}");
            let want = expected(npy_name);
            assert_eq!(s.dtype(), want.dtype(), "{file} {var}");
            let whole: Vec<Range1> = s.shape().iter().map(|&n| Range1::full(n)).collect();
            assert!(
                same(&s.read_hyperslab(&whole).unwrap(), &want),
                "{file} {var}"
            );
            assert!(
                same(&s.read_forward(&whole).unwrap(), &want),
                "{file} {var}"
            );
            if decoded {
                assert!(same(&s.read_decoded(&whole).unwrap().unwrap(), &want));
            }
            // Strided regions, both paths, against slicing the reference.
            let regions: Vec<Vec<Range1>> = match s.shape().len() {
                1 => vec![vec![r(3, 10, 4)], vec![r(49, 1, 1)]],
                2 => vec![vec![r(1, 2, 2), r(0, 4, 1)], vec![r(3, 1, 1), r(1, 2, 2)]],
                _ => vec![
                    vec![r(1, 3, 2), r(2, 3, 3), r(0, 6, 2)],
                    vec![r(5, 1, 1), r(0, 10, 1), r(7, 4, 1)],
                    vec![r(0, 2, 3), r(4, 3, 1), r(1, 3, 2)],
                ],
            };
            for reg in regions {
                let want = crate::kernels::layout::slice(&want, &reg);
                assert!(
                    same(&s.read_hyperslab(&reg).unwrap(), &want),
                    "{file} {reg:?}"
                );
                assert!(
                    same(&s.read_forward(&reg).unwrap(), &want),
                    "{file} {reg:?}"
                );
            }
        }
    }

    /// Positional reads of a contiguous dataset agree with HDF5's hyperslab reads, for
    /// merged runs, strided axes and single elements.
    #[test]
    fn contiguous_reads_match_hyperslabs() {
        let dir = std::env::temp_dir().join(format!("arrlang-contig-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("c.h5");
        {
            let f = hdf5::File::create(&path).unwrap();
            let v: Vec<f32> = (0..5 * 6 * 7).map(|i| i as f32 * 0.5 - 3.0).collect();
            let a = ndarray::Array3::from_shape_vec((5, 6, 7), v).unwrap();
            f.new_dataset_builder().with_data(&a).create("x").unwrap();
            let b: Vec<i16> = (0..9).map(|i| i * 3 - 7).collect();
            f.new_dataset_builder().with_data(&b).create("y").unwrap();
        }
        let s = H5Source::open(&path, "x").unwrap_or_else(|e| panic!("{e:?}"));
        let regions = [
            vec![r(0, 5, 1), r(0, 6, 1), r(0, 7, 1)],
            vec![r(1, 3, 1), r(0, 6, 1), r(0, 7, 1)],
            vec![r(1, 2, 2), r(0, 6, 1), r(0, 7, 1)],
            vec![r(0, 5, 1), r(2, 3, 1), r(0, 7, 1)],
            vec![r(4, 1, 1), r(1, 2, 3), r(2, 3, 2)],
            vec![r(0, 3, 2), r(5, 1, 1), r(6, 1, 1)],
            vec![r(2, 2, 1), r(0, 6, 1), r(1, 3, 2)],
            vec![r(0, 0, 1), r(0, 6, 1), r(0, 7, 1)],
        ];
        for reg in regions {
            let got = s.read_contiguous(&reg).unwrap().expect("contiguous");
            assert!(same(&got, &s.read_hyperslab(&reg).unwrap()), "{reg:?}");
        }
        let s = H5Source::open(&path, "y").unwrap_or_else(|e| panic!("{e:?}"));
        for reg in [vec![r(0, 9, 1)], vec![r(1, 4, 2)], vec![r(8, 1, 1)]] {
            let got = s.read_contiguous(&reg).unwrap().expect("contiguous");
            assert!(same(&got, &s.read_hyperslab(&reg).unwrap()), "{reg:?}");
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn netcdf4_dims_and_cf() {
        let s = H5Source::open(&data("nc4-packed.nc"), "t2m").unwrap();
        assert_eq!(
            s.dims(),
            Some(vec!["time".into(), "latitude".into(), "longitude".into()])
        );
        assert_eq!((s.stored(), s.dtype()), ("int16", DType::F64));
        let lat = H5Source::open(&data("nc4-day0.nc"), "latitude").unwrap();
        assert_eq!(lat.dims(), Some(vec!["latitude".into()]));
        assert_eq!(
            H5Source::open(&data("plain.h5"), "grid").unwrap().dims(),
            None
        );
        let names: Vec<String> = list(&data("plain.h5"))
            .unwrap()
            .into_iter()
            .map(|v| v.name)
            .collect();
        assert_eq!(names, vec!["counts", "grid", "group/inner"]);
    }

    #[test]
    fn corrupt_chunk_is_an_error_naming_the_file() {
        let dir = std::env::temp_dir().join(format!("arrlang-h5-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("bad.nc");
        let mut bytes = std::fs::read(data("nc4-day1.nc")).unwrap();
        let s = H5Source::open(&data("nc4-day1.nc"), "t2m").unwrap();
        let idx = s.chunk_index().unwrap();
        let (addr, size, _) = idx.entries[0].unwrap();
        for b in &mut bytes[addr as usize + 2..(addr + size) as usize] {
            *b = 0x55;
        }
        std::fs::write(&p, &bytes).unwrap();
        let bad = H5Source::open(&p, "t2m").unwrap();
        let e = bad
            .read_forward(&[r(0, 1, 1), r(0, 19, 1), r(0, 36, 1)])
            .unwrap_err();
        assert!(e.contains("bad.nc") && e.contains("t2m"), "{e}");
        // Other chunks are intact.
        assert!(bad
            .read_forward(&[r(1, 1, 1), r(0, 19, 1), r(0, 36, 1)])
            .is_ok());
        std::fs::remove_dir_all(&dir).ok();
    }
}
