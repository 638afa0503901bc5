//! The netCDF-4 writer: a temporary file beside the target, blocks written into it under
//! HDF5's lock, renamed into place by `commit` (removed when dropped unfinished).

use super::layout::{build_file, h5err, Inner};
use super::{check_vars, Nc4Var};
use crate::io::writer_slot::WriterSlot;
use crate::kernels::Block;
use hdf5::{Hyperslab, SliceOrIndex};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

/// A failure writing a netCDF-4 file, with its path.
#[derive(Debug, Clone, thiserror::Error)]
#[error("cannot write `{}`: {reason}", .path.display())]
pub struct Nc4Error {
    pub path: PathBuf,
    pub reason: String,
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
    crate::io::tempfiles::temp_path(path)
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

/// Where the `save` calls into one netCDF-4 file go; the file is created when the first
/// block arrives (or at the end, for arrays without blocks).
#[derive(Debug)]
pub struct Nc4Target {
    pub path: PathBuf,
    pub vars: Vec<Nc4Var>,
    writer: WriterSlot<Nc4Writer>,
}

impl Nc4Target {
    pub fn new(path: PathBuf, vars: Vec<Nc4Var>) -> Nc4Target {
        Nc4Target {
            path,
            vars,
            writer: WriterSlot::default(),
        }
    }

    /// Renames the file written by this run into place (nothing if it was never created).
    pub fn commit(&self) -> Result<(), Nc4Error> {
        self.writer.current().map_or(Ok(()), |w| w.commit())
    }

    pub fn writer(&self) -> Result<std::sync::Arc<Nc4Writer>, Nc4Error> {
        self.writer
            .get_or_create(|| Nc4Writer::create(&self.path, &self.vars))
    }
}
