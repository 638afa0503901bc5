//! Blocks -> `.npy` data: a temporary file of the full size, regions written with positional
//! writes of their runs, renamed into place once the run has succeeded.

use super::header::header_bytes;
use super::{check_region, region_runs, write_err, NpyError};
use crate::dtype::DType;
use crate::kernels::Block;
use ndarray::ArrayD;
use std::fs::{File, OpenOptions};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

/// The little-endian bytes of `block` in C order: its own memory when it is contiguous on a
/// little-endian host (no copy of a block about to be written), else a converted copy.
fn block_bytes(block: &Block) -> std::borrow::Cow<'_, [u8]> {
    fn view<T>(a: &ArrayD<T>) -> Option<&[u8]> {
        let s = a.as_slice()?;
        // SAFETY: bool, i32, i64, f32 and f64 have no padding, and a bool's byte is 0 or 1,
        // as numpy's `|b1` stores it.
        Some(unsafe {
            std::slice::from_raw_parts(s.as_ptr().cast::<u8>(), std::mem::size_of_val(s))
        })
    }
    let bytes = if cfg!(target_endian = "little") {
        match block {
            Block::Bool(a) => view(a),
            Block::I32(a) => view(a),
            Block::I64(a) => view(a),
            Block::I8(a) => view(a),
            Block::I16(a) => view(a),
            Block::U8(a) => view(a),
            Block::U16(a) => view(a),
            Block::U32(a) => view(a),
            Block::U64(a) => view(a),
            Block::F32(a) => view(a),
            Block::F64(a) => view(a),
            // SAFETY: `Cx` is repr(transparent) over num_complex's repr(C) (re, im) pair
            Block::C64(a) => view(a),
            Block::C128(a) => view(a),
        }
    } else {
        None
    };
    match bytes {
        Some(b) => std::borrow::Cow::Borrowed(b),
        None => std::borrow::Cow::Owned(block_le_bytes(block)),
    }
}

/// The little-endian bytes of `block` in C order.
fn block_le_bytes(block: &Block) -> Vec<u8> {
    match block {
        Block::Bool(a) => a.iter().map(|&x| x as u8).collect(),
        Block::I32(a) => a.iter().flat_map(|x| x.to_le_bytes()).collect(),
        Block::I64(a) => a.iter().flat_map(|x| x.to_le_bytes()).collect(),
        Block::I8(a) => a.iter().flat_map(|x| x.to_le_bytes()).collect(),
        Block::I16(a) => a.iter().flat_map(|x| x.to_le_bytes()).collect(),
        Block::U8(a) => a.iter().flat_map(|x| x.to_le_bytes()).collect(),
        Block::U16(a) => a.iter().flat_map(|x| x.to_le_bytes()).collect(),
        Block::U32(a) => a.iter().flat_map(|x| x.to_le_bytes()).collect(),
        Block::U64(a) => a.iter().flat_map(|x| x.to_le_bytes()).collect(),
        Block::F32(a) => a.iter().flat_map(|x| x.to_le_bytes()).collect(),
        Block::F64(a) => a.iter().flat_map(|x| x.to_le_bytes()).collect(),
        Block::C64(a) => a
            .iter()
            .flat_map(|z| [z.re().to_le_bytes(), z.im().to_le_bytes()].concat())
            .collect(),
        Block::C128(a) => a
            .iter()
            .flat_map(|z| [z.re().to_le_bytes(), z.im().to_le_bytes()].concat())
            .collect(),
    }
}

/// Writes a `.npy` file region by region. The data goes to a temporary file beside `path`
/// that `finish` renames into place, so a failed run leaves no complete-looking file.
pub struct NpyWriter {
    path: PathBuf,
    tmp: PathBuf,
    file: File,
    shape: Vec<usize>,
    dtype: DType,
    data_offset: u64,
    /// Set by `finish`; until then `Drop` removes the temporary file.
    finished: AtomicBool,
    /// Opened on a temporary file another process created and will commit (a cluster
    /// worker writing the client's file): never removed nor renamed from here.
    borrowed: bool,
}

impl NpyWriter {
    /// Creates the temporary file with the header and the full data size.
    pub fn create(path: &Path, shape: &[usize], dtype: DType) -> Result<NpyWriter, NpyError> {
        let tmp = crate::io::tempfiles::temp_path(path)
            .ok_or_else(|| write_err(path, "the path has no file name"))?;
        let header = header_bytes(shape, dtype);
        let nbytes = shape
            .iter()
            .try_fold(dtype.size() as u64, |acc, &d| acc.checked_mul(d as u64));
        let nbytes = nbytes.ok_or_else(|| write_err(path, "the array is too large"))?;
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(true)
            .open(&tmp)
            .map_err(|e| write_err(path, e))?;
        // From here on the writer exists, so an error drops it and removes the file.
        let w = NpyWriter {
            path: path.to_path_buf(),
            tmp,
            file,
            shape: shape.to_vec(),
            dtype,
            data_offset: header.len() as u64,
            finished: AtomicBool::new(false),
            borrowed: false,
        };
        w.file
            .write_all_at(&header, 0)
            .map_err(|e| write_err(path, e))?;
        w.file
            .set_len(w.data_offset + nbytes)
            .map_err(|e| write_err(path, e))?;
        Ok(w)
    }

    /// Opens the temporary file `tmp` that [`NpyWriter::create`] made for `path` in another
    /// process, to write regions into it (a cluster worker); checks its size, so a file of
    /// another shape or dtype is refused. The creator flushes, renames or removes it.
    pub fn open_existing(
        path: &Path,
        tmp: &Path,
        shape: &[usize],
        dtype: DType,
    ) -> Result<NpyWriter, NpyError> {
        let header = header_bytes(shape, dtype);
        let nbytes = shape
            .iter()
            .try_fold(dtype.size() as u64, |acc, &d| acc.checked_mul(d as u64))
            .ok_or_else(|| write_err(path, "the array is too large"))?;
        let file = OpenOptions::new()
            .write(true)
            .open(tmp)
            .map_err(|e| write_err(path, format!("the temporary file `{}`: {e}", tmp.display())))?;
        let len = file.metadata().map_err(|e| write_err(path, e))?.len();
        if len != header.len() as u64 + nbytes {
            return Err(write_err(
                path,
                format!(
                    "the temporary file `{}` has {len} bytes, not the {} expected",
                    tmp.display(),
                    header.len() as u64 + nbytes
                ),
            ));
        }
        Ok(NpyWriter {
            path: path.to_path_buf(),
            tmp: tmp.to_path_buf(),
            file,
            shape: shape.to_vec(),
            dtype,
            data_offset: header.len() as u64,
            finished: AtomicBool::new(false),
            borrowed: true,
        })
    }

    /// The temporary file the data goes to until it is committed.
    pub fn temp_path(&self) -> &Path {
        &self.tmp
    }

    /// Flushes what this writer wrote to the storage (a cluster worker, before it reports
    /// its blocks written: a shared file system shows them to the client then).
    pub fn sync(&self) -> Result<(), NpyError> {
        self.file.sync_data().map_err(|e| write_err(&self.path, e))
    }

    /// Writes `block` at `start` (positional writes; callable from many threads at once).
    pub fn write_region(&self, start: &[usize], block: &Block) -> Result<(), NpyError> {
        if block.dtype() != self.dtype {
            let reason = format!(
                "block of dtype `{}` for a file of dtype `{}`",
                block.dtype(),
                self.dtype
            );
            return Err(write_err(&self.path, reason));
        }
        check_region(&self.shape, start, block.shape()).map_err(|r| write_err(&self.path, r))?;
        let size = self.dtype.size();
        let bytes = block_bytes(block);
        let (runs, run_len) = region_runs(&self.shape, start, block.shape());
        let run_bytes = run_len * size;
        for (k, &off) in runs.iter().enumerate() {
            let pos = self.data_offset + off * size as u64;
            self.file
                .write_all_at(&bytes[k * run_bytes..(k + 1) * run_bytes], pos)
                .map_err(|e| write_err(&self.path, e))?;
        }
        Ok(())
    }

    /// Flushes and renames the temporary file to the final path.
    pub fn finish(&self) -> Result<(), NpyError> {
        self.close()?;
        self.commit()
    }

    /// Flushes the temporary file; [`NpyWriter::commit`] renames it into place once the
    /// whole run has succeeded (until then, dropping the writer removes it).
    pub fn close(&self) -> Result<(), NpyError> {
        if self.finished.load(Ordering::Acquire) {
            return Err(write_err(&self.path, "the writer is already finished"));
        }
        self.file.sync_all().map_err(|e| write_err(&self.path, e))
    }

    /// Renames the closed temporary file to the final path.
    pub fn commit(&self) -> Result<(), NpyError> {
        if self.finished.load(Ordering::Acquire) {
            return Err(write_err(&self.path, "the writer is already finished"));
        }
        if self.borrowed {
            return Err(write_err(
                &self.path,
                "internal: a borrowed writer cannot commit the file",
            ));
        }
        std::fs::rename(&self.tmp, &self.path).map_err(|e| write_err(&self.path, e))?;
        self.finished.store(true, Ordering::Release);
        // Make the rename itself durable; failure here loses nothing already written.
        if let Some(dir) = self.path.parent().filter(|d| !d.as_os_str().is_empty()) {
            if let Ok(d) = File::open(dir) {
                let _ = d.sync_all();
            }
        }
        Ok(())
    }
}

impl Drop for NpyWriter {
    fn drop(&mut self) {
        if !self.finished.load(Ordering::Acquire) && !self.borrowed {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}
