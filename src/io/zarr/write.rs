//! Zarr writing: computed blocks -> a Zarr v3 store that zarr-python and xarray open.
//!
//! ```text
//! out.zarr/                       (written as .out.zarr.tmp-PID-N/, renamed at the end)
//!   zarr.json                     root group; consolidated metadata of every array
//!   t2m/zarr.json                 shape, chunks (= the blocks), zstd, dimension_names, attrs
//!   t2m/c/0/0/0 ...               one stored chunk per computed block
//! ```
//! Blocks are aligned to the stored chunks by the caller (the array is rechunked to a
//! regular grid first), so no two tasks ever write one chunk. Metadata is written last,
//! after every chunk: a run that fails leaves no metadata claiming a complete array (and
//! locally, no store at all: dropping an unfinished writer removes its directory).
//!
//! On an object store (`s3://`) nothing can be renamed: an earlier store at the URL is
//! removed (its metadata first) when the save starts, chunks go straight to their keys,
//! the arrays' metadata after all of them, and the root's `zarr.json` with the consolidated
//! metadata only once the whole run has succeeded; an unfinished writer erases what it wrote.

use super::fs_store;
use super::remote::RemoteStore;
use crate::dtype::DType;
use crate::io::dims_check::{shared_dims, Format, SavedDims};
use crate::io::netcdf3::AttrValue;
use crate::io::writer_slot::WriterSlot;
use crate::kernels::Block;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use zarrs::array::codec::{
    BloscCodec, BloscCompressionLevel, BloscCompressor, BloscShuffleMode, ZstdCodec,
};
use zarrs::array::{data_type as zdt, Array, ArrayBuilder, CodecOptions};
use zarrs::storage::{ReadableWritableListableStorageTraits, StoreKey, StorePrefix};

/// zarr-python's default zstd level (its `level=0` means zstd's default, 3).
const ZSTD_LEVEL: i32 = 3;

/// One array to write into a store.
#[derive(Debug, Clone, PartialEq)]
pub struct ZarrVar {
    /// Path inside the store (`t2m`, `group/t2m`).
    pub name: String,
    pub shape: Vec<usize>,
    pub dtype: DType,
    /// Dimension names; `None`: `dim_0`, `dim_1`, ... (xarray's default).
    pub dims: Option<Vec<String>>,
    pub attrs: Vec<(String, AttrValue)>,
    /// The stored chunk shape: the shape of every block but the last along each axis.
    pub chunks: Vec<usize>,
    /// Sharded: each stored chunk (a shard) holds inner chunks of this shape, each
    /// decodable alone (the shard shape must be a multiple of it).
    pub subchunks: Option<Vec<usize>>,
    /// zstd-compress the chunks (else raw bytes).
    pub compress: bool,
    /// Compress with blosc lz4 and byte shuffle instead of zstd (with `compress`): the
    /// spill directory's stores, written once and read once. On float fields it compresses
    /// as well as zstd-3 at about 3x zstd-3's speed both ways.
    pub fast: bool,
}

impl ZarrVar {
    fn dim_names(&self) -> Vec<String> {
        match &self.dims {
            Some(d) => d.clone(),
            None => (0..self.shape.len()).map(|i| format!("dim_{i}")).collect(),
        }
    }
}

/// Checks the arrays saved into one store: names valid and distinct, a dimension name per
/// axis, and one length per dimension name (as xarray requires to open it as a Dataset).
pub fn check_vars(vars: &[ZarrVar]) -> Result<(), String> {
    for (i, v) in vars.iter().enumerate() {
        let ok = !v.name.is_empty()
            && v.name
                .split('/')
                .all(|p| !p.is_empty() && p != "." && p != "..")
            && !v.name.starts_with("__")
            && !v.name.contains('\\');
        if !ok {
            return Err(format!("`{}` is not a valid array name", v.name));
        }
        if vars[..i].iter().any(|w| w.name == v.name) {
            return Err(format!("array `{}` is saved twice into one store", v.name));
        }
        if vars[..i].iter().any(|w| {
            v.name.starts_with(&format!("{}/", w.name))
                || w.name.starts_with(&format!("{}/", v.name))
        }) {
            return Err(format!("array `{}` would be inside another array", v.name));
        }
    }
    let saved: Vec<SavedDims> = vars
        .iter()
        .map(|v| SavedDims {
            name: &v.name,
            dims: v.dim_names(),
            shape: &v.shape,
        })
        .collect();
    let format = Format {
        noun: "array",
        coordinate: "coordinate",
        dim_name_ok: |n| !n.is_empty(),
    };
    shared_dims(&saved, &format).map(|_| ())
}

/// Checks that the store `path` can be written: its parent exists and is writable, and
/// whatever is already at `path` is a Zarr store (which the save replaces). For an `s3://`
/// URL: the bucket can be listed and holds nothing but a Zarr store under the path.
pub fn check_writable(path: &Path) -> Result<(), String> {
    if let Some(url) = super::url_of(path) {
        if !super::remote::is_writable_url(url) {
            return Err("an https:// store is read-only: save to s3:// or a local path".into());
        }
        let (any, store) = RemoteStore::open(url)?.probe()?;
        if any && !store {
            return Err("something that is not a Zarr store is already there".into());
        }
        return Ok(());
    }
    let probe = crate::io::netcdf4::temp_path(path).ok_or("the path has no file name")?;
    std::fs::create_dir(&probe).map_err(|e| e.to_string())?;
    let _ = std::fs::remove_dir(&probe);
    if path.exists() && !super::is_store(path) {
        return Err("something that is not a Zarr store is already there".into());
    }
    Ok(())
}

fn attr_json(v: &AttrValue) -> serde_json::Value {
    use serde_json::Value as J;
    let num = |x: f64| {
        serde_json::Number::from_f64(x)
            .map(J::Number)
            .unwrap_or_else(|| {
                J::String(if x.is_nan() {
                    "NaN".into()
                } else if x > 0.0 {
                    "Infinity".into()
                } else {
                    "-Infinity".into()
                })
            })
    };
    match v {
        AttrValue::Text(s) => J::String(s.clone()),
        AttrValue::Ints(v) if v.len() == 1 => J::from(v[0]),
        AttrValue::Ints(v) => J::Array(v.iter().map(|&x| J::from(x)).collect()),
        AttrValue::Floats(v) if v.len() == 1 => num(v[0]),
        AttrValue::Floats(v) => J::Array(v.iter().map(|&x| num(x)).collect()),
        AttrValue::Float32(v) if v.len() == 1 => num(v[0] as f64),
        AttrValue::Float32(v) => J::Array(v.iter().map(|&x| num(x as f64)).collect()),
    }
}

type Store = dyn ReadableWritableListableStorageTraits;

/// Blosc with lz4 (zarr v2's default compressor) and byte shuffle for `itemsize`-byte
/// elements, one thread: the scheduler's workers are the parallelism.
fn fast_codec(itemsize: usize) -> Result<BloscCodec, String> {
    let level = BloscCompressionLevel::try_from(5u8).map_err(|e| e.to_string())?;
    let shuffle = if itemsize > 1 {
        BloscShuffleMode::Shuffle
    } else {
        BloscShuffleMode::NoShuffle
    };
    BloscCodec::new(BloscCompressor::LZ4, level, None, shuffle, Some(itemsize))
        .map_err(|e| e.to_string())
}

/// `block` in the corner of a block of shape `full` filled with `fill` (an edge chunk
/// stored whole), built in one allocation.
fn pad(block: &Block, full: &[usize], fill: crate::kernels::Scalar) -> Block {
    let mut out = Block::full(block.dtype(), full, fill);
    macro_rules! go {
        ($($v:ident),*) => {
            match (&mut out, block) {
                $((Block::$v(o), Block::$v(a)) => o
                    .slice_each_axis_mut(|ad| ndarray::Slice::from(0..a.shape()[ad.axis.index()]))
                    .assign(a),)*
                _ => unreachable!("internal: padding keeps the dtype"),
            }
        };
    }
    go!(Bool, I8, I16, I32, I64, U8, U16, U32, U64, F32, F64, C64, C128);
    out
}

/// Where a store is written.
enum Place {
    /// A directory under a temporary name, renamed into place at the end.
    Local(PathBuf),
    /// An object store, written in place; the root's metadata waits for the commit.
    Remote {
        store: Arc<RemoteStore>,
        root: Mutex<Option<serde_json::Value>>,
    },
}

/// A store being written (locally under a temporary name).
pub struct ZarrWriter {
    path: PathBuf,
    place: Place,
    store: zarrs::storage::ReadableWritableListableStorage,
    arrays: Vec<Array<Store>>,
    vars: Vec<ZarrVar>,
    finished: AtomicBool,
    /// Writing chunks into a temporary store another process created and will finish (a
    /// cluster worker writing the client's store): never removed nor renamed from here.
    borrowed: bool,
}

impl std::fmt::Debug for ZarrWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ZarrWriter({})", self.path.display())
    }
}

/// A failure writing a store, with its path.
#[derive(Debug, Clone, thiserror::Error)]
#[error("cannot write `{}`: {reason}", .path.display())]
pub struct ZarrError {
    pub path: PathBuf,
    pub reason: String,
}

impl ZarrWriter {
    /// Creates the temporary store directory; no metadata is written yet.
    pub fn create(path: &Path, vars: &[ZarrVar]) -> Result<ZarrWriter, ZarrError> {
        let fail = |reason: String| ZarrError {
            path: path.to_path_buf(),
            reason,
        };
        check_vars(vars).map_err(&fail)?;
        let (place, store) = match super::url_of(path) {
            Some(url) => {
                if !super::remote::is_writable_url(url) {
                    return Err(fail("an https:// store is read-only".into()));
                }
                let remote = RemoteStore::open(url).map_err(&fail)?;
                clear_remote(&remote).map_err(&fail)?;
                let store = remote.storage();
                let root = Mutex::new(None);
                (
                    Place::Remote {
                        store: remote,
                        root,
                    },
                    store,
                )
            }
            None => {
                let tmp = crate::io::netcdf4::temp_path(path)
                    .ok_or_else(|| fail("the path has no file name".into()))?;
                std::fs::create_dir(&tmp).map_err(|e| fail(e.to_string()))?;
                let store = match fs_store(&tmp) {
                    Ok(s) => s,
                    Err(e) => {
                        let _ = std::fs::remove_dir_all(&tmp);
                        return Err(fail(e));
                    }
                };
                (Place::Local(tmp), store)
            }
        };
        Self::over(path, place, store, vars, false)
    }

    /// Opens the temporary store `tmp` that [`ZarrWriter::create`] made for `path` in another
    /// process, to write chunks into it (a cluster worker). The creator writes the metadata
    /// and renames or removes it.
    pub fn open_existing(
        path: &Path,
        tmp: &Path,
        vars: &[ZarrVar],
    ) -> Result<ZarrWriter, ZarrError> {
        let fail = |reason: String| ZarrError {
            path: path.to_path_buf(),
            reason,
        };
        check_vars(vars).map_err(&fail)?;
        if !tmp.is_dir() {
            return Err(fail(format!(
                "the temporary store `{}` is not there",
                tmp.display()
            )));
        }
        let store = fs_store(tmp).map_err(&fail)?;
        Self::over(path, Place::Local(tmp.to_path_buf()), store, vars, true)
    }

    /// The temporary store the chunks go to until it is committed (`None` for an object
    /// store, written in place).
    pub fn temp_path(&self) -> Option<&Path> {
        match &self.place {
            Place::Local(tmp) => Some(tmp),
            Place::Remote { .. } => None,
        }
    }

    /// The writer of the arrays `vars` in `store` (at `place`).
    fn over(
        path: &Path,
        place: Place,
        store: zarrs::storage::ReadableWritableListableStorage,
        vars: &[ZarrVar],
        borrowed: bool,
    ) -> Result<ZarrWriter, ZarrError> {
        let fail = |reason: String| ZarrError {
            path: path.to_path_buf(),
            reason,
        };
        let mut w = ZarrWriter {
            path: path.to_path_buf(),
            place,
            store: store.clone(),
            arrays: Vec::new(),
            vars: vars.to_vec(),
            finished: AtomicBool::new(false),
            borrowed,
        };
        // From here on `w` exists, so an error drops it and removes what it wrote.
        for v in vars {
            let (dt, fill): (zarrs::array::DataType, zarrs::array::FillValue) = match v.dtype {
                DType::Bool => (zdt::bool(), false.into()),
                DType::I8 => (zdt::int8(), 0i8.into()),
                DType::I16 => (zdt::int16(), 0i16.into()),
                DType::I32 => (zdt::int32(), 0i32.into()),
                DType::I64 => (zdt::int64(), 0i64.into()),
                DType::U8 => (zdt::uint8(), 0u8.into()),
                DType::U16 => (zdt::uint16(), 0u16.into()),
                DType::U32 => (zdt::uint32(), 0u32.into()),
                DType::U64 => (zdt::uint64(), 0u64.into()),
                DType::F32 => (zdt::float32(), f32::NAN.into()),
                DType::F64 => (zdt::float64(), f64::NAN.into()),
                DType::C64 | DType::C128 => {
                    return Err(fail(
                        "Zarr saves of complex arrays are not supported".into(),
                    ))
                }
            };
            let shape: Vec<u64> = v.shape.iter().map(|&n| n as u64).collect();
            let chunks: Vec<u64> = v.chunks.iter().map(|&c| c.max(1) as u64).collect();
            let mut b = ArrayBuilder::new(shape, chunks, dt, fill);
            if v.compress && v.fast {
                b.bytes_to_bytes_codecs(vec![Arc::new(fast_codec(v.dtype.size()).map_err(&fail)?)]);
            } else if v.compress {
                b.bytes_to_bytes_codecs(vec![Arc::new(ZstdCodec::new(ZSTD_LEVEL, false))]);
            }
            if let Some(sub) = &v.subchunks {
                b.subchunk_shape(sub.iter().map(|&c| c.max(1) as u64).collect::<Vec<u64>>());
            }
            b.dimension_names(Some(v.dim_names()));
            let float = matches!(v.dtype, DType::F32 | DType::F64);
            let attrs: serde_json::Map<String, serde_json::Value> = v
                .attrs
                .iter()
                .map(|(k, x)| {
                    // xarray reads a float's `_FillValue` in v3 only as base64 of its bytes.
                    let fill = match x {
                        AttrValue::Floats(f) if f.len() == 1 => Some(f[0]),
                        AttrValue::Float32(f) if f.len() == 1 => Some(f[0] as f64),
                        AttrValue::Ints(i) if i.len() == 1 => Some(i[0] as f64),
                        _ => None,
                    };
                    match fill {
                        Some(f) if float && k == "_FillValue" => {
                            (k.clone(), super::fill_to_base64(f).into())
                        }
                        _ => (k.clone(), attr_json(x)),
                    }
                })
                .collect();
            b.attributes(attrs);
            let a = b
                .build(store.clone(), &format!("/{}", v.name))
                .map_err(|e| fail(format!("array `{}`: {e}", v.name)))?;
            w.arrays.push(a);
        }
        Ok(w)
    }

    /// Writes `block` (one whole stored chunk, clipped at the array's end) of array `var`
    /// at `start`.
    pub fn write_region(
        &self,
        var: usize,
        start: &[usize],
        block: &Block,
    ) -> Result<(), ZarrError> {
        let fail = |reason: String| ZarrError {
            path: self.path.clone(),
            reason,
        };
        let v = self
            .vars
            .get(var)
            .ok_or_else(|| fail(format!("no array #{var}")))?;
        let shape = block.shape();
        let aligned = start.len() == v.shape.len()
            && shape.len() == v.shape.len()
            && (0..shape.len()).all(|d| {
                let c = v.chunks[d].max(1);
                start[d].is_multiple_of(c) && shape[d] == c.min(v.shape[d] - start[d])
            });
        if !aligned || block.dtype() != v.dtype {
            return Err(fail(format!(
                "block {:?} of `{}` at {start:?} is not one stored chunk of `{}` {:?} `{}`",
                shape,
                block.dtype(),
                v.name,
                v.shape,
                v.dtype
            )));
        }
        if block.is_empty() {
            return Ok(());
        }
        let idx: Vec<u64> = start
            .iter()
            .zip(&v.chunks)
            .map(|(&s, &c)| (s / c.max(1)) as u64)
            .collect();
        // Edge chunks are stored whole: pad with the fill value.
        let full: Vec<usize> = v.chunks.iter().map(|&c| c.max(1)).collect();
        let padded;
        let b = if shape != full.as_slice() {
            let fill = match v.dtype {
                DType::F32 | DType::F64 => crate::kernels::Scalar::Float(f64::NAN),
                DType::Bool => crate::kernels::Scalar::Bool(false),
                _ => crate::kernels::Scalar::Int(0),
            };
            // One copy: the fill, with the block written into its corner.
            padded = pad(block, &full, fill);
            &padded
        } else {
            block
        };
        let opts = CodecOptions::default().with_concurrent_target(1);
        let a = &self.arrays[var];
        let r = crate::with_real_block!(b, x => a.store_chunk_opt(
            &idx,
            x.as_standard_layout().as_slice().expect("standard"),
            &opts,
        ));
        r.map_err(|e| fail(format!("array `{}`: {e}", v.name)))
    }

    /// Writes every array's metadata, then the root group's with the consolidated metadata,
    /// and renames the store into place (replacing an earlier store of that name).
    pub fn finish(&self) -> Result<(), ZarrError> {
        self.close()?;
        self.commit()
    }

    /// Writes every array's metadata, then the root group's with the consolidated metadata,
    /// into the temporary directory; [`ZarrWriter::commit`] renames it into place once the
    /// whole run has succeeded.
    pub fn close(&self) -> Result<(), ZarrError> {
        let fail = |reason: String| ZarrError {
            path: self.path.clone(),
            reason,
        };
        if let Place::Remote { store, .. } = &self.place {
            // Every chunk is stored before any metadata claims the array.
            store.flush().map_err(&fail)?;
        }
        let mut consolidated = serde_json::Map::new();
        let mut groups = std::collections::BTreeSet::new();
        for (a, v) in self.arrays.iter().zip(&self.vars) {
            a.store_metadata()
                .map_err(|e| fail(format!("array `{}`: {e}", v.name)))?;
            let meta = serde_json::to_value(a.metadata()).map_err(|e| fail(e.to_string()))?;
            consolidated.insert(v.name.clone(), meta);
            let mut p = v.name.as_str();
            while let Some((parent, _)) = p.rsplit_once('/') {
                groups.insert(parent.to_string());
                p = parent;
            }
        }
        let group = serde_json::json!({
            "zarr_format": 3,
            "node_type": "group",
            "attributes": {},
        });
        for g in &groups {
            consolidated.insert(g.clone(), group.clone());
            put_json(&self.store, &format!("{g}/zarr.json"), &group).map_err(&fail)?;
        }
        let mut root = group.clone();
        root["consolidated_metadata"] = serde_json::json!({
            "kind": "inline",
            "must_understand": false,
            "metadata": consolidated,
        });
        match &self.place {
            Place::Local(_) => put_json(&self.store, "zarr.json", &root).map_err(&fail),
            Place::Remote { store, root: r } => {
                store.flush().map_err(&fail)?;
                *r.lock().unwrap_or_else(|e| e.into_inner()) = Some(root);
                Ok(())
            }
        }
    }

    /// Renames the closed store into place (replacing an earlier store of that name).
    pub fn commit(&self) -> Result<(), ZarrError> {
        let fail = |reason: String| ZarrError {
            path: self.path.clone(),
            reason,
        };
        if self.finished.load(Ordering::Acquire) {
            return Err(fail("the writer is already finished".into()));
        }
        if self.borrowed {
            return Err(fail(
                "internal: a borrowed writer cannot commit the store".into(),
            ));
        }
        let tmp = match &self.place {
            Place::Local(tmp) => tmp,
            Place::Remote { store, root } => {
                let root = root.lock().unwrap_or_else(|e| e.into_inner()).take();
                let root = root.ok_or_else(|| fail("the store was not closed".into()))?;
                put_json(&self.store, "zarr.json", &root).map_err(&fail)?;
                store.flush().map_err(&fail)?;
                self.finished.store(true, Ordering::Release);
                return Ok(());
            }
        };
        if self.path.exists() {
            if !super::is_store(&self.path) {
                return Err(fail(
                    "something that is not a Zarr store is already there".into(),
                ));
            }
            // Swap the stores atomically, so no moment has neither in place; then the old
            // one (now under the temporary name) goes.
            if exchange(tmp, &self.path) {
                self.finished.store(true, Ordering::Release);
                return std::fs::remove_dir_all(tmp).map_err(|e| fail(e.to_string()));
            }
            std::fs::remove_dir_all(&self.path).map_err(|e| fail(e.to_string()))?;
        }
        std::fs::rename(tmp, &self.path).map_err(|e| fail(e.to_string()))?;
        self.finished.store(true, Ordering::Release);
        Ok(())
    }
}

/// Atomically exchanges two paths (Linux `renameat2(RENAME_EXCHANGE)`); false where the
/// system or the file system cannot.
fn exchange(a: &Path, b: &Path) -> bool {
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::ffi::OsStrExt;
        let (Ok(ca), Ok(cb)) = (
            std::ffi::CString::new(a.as_os_str().as_bytes()),
            std::ffi::CString::new(b.as_os_str().as_bytes()),
        ) else {
            return false;
        };
        // SAFETY: two valid NUL-terminated paths, relative to the working directory.
        let r = unsafe {
            libc::renameat2(
                libc::AT_FDCWD,
                ca.as_ptr(),
                libc::AT_FDCWD,
                cb.as_ptr(),
                libc::RENAME_EXCHANGE,
            )
        };
        r == 0
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = (a, b);
        false
    }
}

fn put_json(
    store: &zarrs::storage::ReadableWritableListableStorage,
    key: &str,
    v: &serde_json::Value,
) -> Result<(), String> {
    use zarrs::storage::WritableStorageTraits;
    let text = serde_json::to_string_pretty(v).map_err(|e| e.to_string())?;
    let k = StoreKey::new(key).map_err(|e| e.to_string())?;
    store
        .set(&k, text.into_bytes().into())
        .map_err(|e| format!("`{key}`: {e}"))
}

/// Removes an earlier store at a remote writer's URL: its root metadata first, so that an
/// interrupted removal leaves nothing that opens as a store.
fn clear_remote(store: &Arc<RemoteStore>) -> Result<(), String> {
    use zarrs::storage::WritableStorageTraits;
    let (any, is_store) = store.probe()?;
    if !any {
        return Ok(());
    }
    if !is_store {
        return Err("something that is not a Zarr store is already there".into());
    }
    for key in ["zarr.json", ".zmetadata", ".zgroup", ".zarray"] {
        let k = StoreKey::new(key).map_err(|e| e.to_string())?;
        store.erase(&k).map_err(|e| e.to_string())?;
    }
    store
        .erase_prefix(&StorePrefix::root())
        .map_err(|e| e.to_string())
}

impl Drop for ZarrWriter {
    fn drop(&mut self) {
        if self.finished.load(Ordering::Acquire) || self.borrowed {
            return;
        }
        match &self.place {
            Place::Local(tmp) => {
                let _ = std::fs::remove_dir_all(tmp);
            }
            Place::Remote { store, .. } => {
                // Best effort: the chunks of a failed save (no metadata was written).
                use zarrs::storage::WritableStorageTraits;
                let _ = store.flush();
                let _ = store.erase_prefix(&StorePrefix::root());
            }
        }
    }
}

/// Where the `save` calls into one store go; the store is created when the first block
/// arrives (or at the end, for arrays without blocks).
#[derive(Debug)]
pub struct ZarrTarget {
    pub path: PathBuf,
    pub vars: Vec<ZarrVar>,
    writer: WriterSlot<ZarrWriter>,
}

impl ZarrTarget {
    pub fn new(path: PathBuf, vars: Vec<ZarrVar>) -> ZarrTarget {
        ZarrTarget {
            path,
            vars,
            writer: WriterSlot::default(),
        }
    }

    /// Renames the store written by this run into place (nothing if it was never created).
    pub fn commit(&self) -> Result<(), ZarrError> {
        self.writer.current().map_or(Ok(()), |w| w.commit())
    }

    /// Writes chunks into the temporary store `tmp` another process created for this target
    /// (a cluster worker writing the client's store) from now on.
    pub fn adopt(&self, tmp: &Path) -> Result<(), ZarrError> {
        let w = ZarrWriter::open_existing(&self.path, tmp, &self.vars)?;
        self.writer.set(w);
        Ok(())
    }

    pub fn writer(&self) -> Result<Arc<ZarrWriter>, ZarrError> {
        self.writer
            .get_or_create(|| ZarrWriter::create(&self.path, &self.vars))
    }
}
