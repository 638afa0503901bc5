//! NumPy `.npy` files <-> Blocks: header parsing, and reading/writing rectangular regions in place.
//!
//! ```text
//! \x93NUMPY | major minor | header len (u16 LE for 1.x, u32 LE for 2.x/3.x) | dict ... \n | data
//!                                                                         data_offset ^
//! ```
//! Regions are read and written as runs of contiguous bytes with positional I/O
//! (`pread`/`pwrite`), so many threads can share one file and no call touches more of it
//! than its own region.

mod header;
mod read;
#[cfg(test)]
mod tests;
mod write;

pub use header::read_header;
pub use read::read_region;
pub use write::NpyWriter;

use crate::dtype::DType;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum NpyError {
    #[error("cannot open `{path}`: {reason}")]
    Open { path: PathBuf, reason: String },
    #[error("`{path}` is not a valid .npy file: {reason}")]
    Format { path: PathBuf, reason: String },
    #[error("cannot write `{path}`: {reason}")]
    Write { path: PathBuf, reason: String },
}

/// Header facts of a `.npy` file.
#[derive(Debug, Clone, PartialEq)]
pub struct NpyHeader {
    pub shape: Vec<usize>,
    pub dtype: DType,
    /// Byte offset of the data.
    pub data_offset: u64,
    /// The data is stored big-endian (`>` in the descr); `read_region` converts it.
    pub big_endian: bool,
}

const MAGIC: &[u8; 6] = b"\x93NUMPY";

fn format_err(path: &Path, reason: impl Into<String>) -> NpyError {
    NpyError::Format {
        path: path.to_path_buf(),
        reason: reason.into(),
    }
}

fn open_err(path: &Path, e: std::io::Error) -> NpyError {
    NpyError::Open {
        path: path.to_path_buf(),
        reason: e.to_string(),
    }
}

fn write_err(path: &Path, reason: impl std::fmt::Display) -> NpyError {
    NpyError::Write {
        path: path.to_path_buf(),
        reason: reason.to_string(),
    }
}

/// The contiguous byte runs of the region `[start, start + shape)` of a C-ordered array of
/// `full` shape: (element offset of each run, elements per run). Trailing dimensions the
/// region spans completely merge into longer runs.
fn region_runs(full: &[usize], start: &[usize], shape: &[usize]) -> (Vec<u64>, usize) {
    let nd = full.len();
    let mut strides = vec![1u64; nd];
    for d in (0..nd.saturating_sub(1)).rev() {
        strides[d] = strides[d + 1] * full[d + 1] as u64;
    }
    // j: the outermost dimension of the run; every dimension after it is taken whole.
    let mut j = nd.saturating_sub(1);
    while j > 0 && shape[j] == full[j] {
        j -= 1;
    }
    let run_len: usize = shape[j.min(nd)..].iter().product();
    let outer: usize = shape[..j.min(nd)].iter().product();
    if outer * run_len == 0 {
        return (Vec::new(), run_len);
    }
    let mut runs = Vec::with_capacity(outer);
    let mut idx = vec![0usize; j];
    for _ in 0..outer {
        let mut off = 0u64;
        for d in 0..j {
            off += (start[d] + idx[d]) as u64 * strides[d];
        }
        if nd > 0 {
            off += start[j] as u64 * strides[j];
        }
        runs.push(off);
        for d in (0..j).rev() {
            idx[d] += 1;
            if idx[d] < shape[d] {
                break;
            }
            idx[d] = 0;
        }
    }
    (runs, run_len)
}

/// Checks that `[start, start + shape)` lies inside `full`.
fn check_region(full: &[usize], start: &[usize], shape: &[usize]) -> Result<(), String> {
    let fits = start.len() == full.len()
        && shape.len() == full.len()
        && (0..full.len()).all(|d| {
            start[d]
                .checked_add(shape[d])
                .is_some_and(|end| end <= full[d])
        });
    if fits {
        Ok(())
    } else {
        Err(format!(
            "region at {start:?} of shape {shape:?} is outside the array of shape {full:?}"
        ))
    }
}
