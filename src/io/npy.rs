//! NumPy `.npy` files: header parsing, and reading/writing rectangular regions in place.

use crate::dtype::DType;
use crate::kernels::Block;
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
}

/// Reads the header (versions 1-3; little- or big-endian `<b1 <i4 <i8 <f4 <f8` and `|b1`; C
/// order only — Fortran order is an error). Checks the file is long enough for the data.
pub fn read_header(path: &Path) -> Result<NpyHeader, NpyError> {
    let _ = path;
    todo!("io::npy::read_header")
}

/// Reads the region `[start, start + shape)` of the array with positional reads, without
/// reading the rest of the file. Safe to call from many threads at once.
pub fn read_region(path: &Path, header: &NpyHeader, start: &[usize], shape: &[usize]) -> Result<Block, NpyError> {
    let _ = (path, header, start, shape);
    todo!("io::npy::read_region")
}

/// Writes a `.npy` file region by region. The data goes to a temporary file beside `path`
/// that `finish` renames into place, so a failed run leaves no complete-looking file.
pub struct NpyWriter {
    _private: (),
}

impl NpyWriter {
    /// Creates the temporary file with the header and the full data size.
    pub fn create(path: &Path, shape: &[usize], dtype: DType) -> Result<NpyWriter, NpyError> {
        let _ = (path, shape, dtype);
        todo!("io::npy::NpyWriter::create")
    }

    /// Writes `block` at `start` (positional writes; callable from many threads at once).
    pub fn write_region(&self, start: &[usize], block: &Block) -> Result<(), NpyError> {
        let _ = (start, block);
        todo!("io::npy::NpyWriter::write_region")
    }

    /// Flushes and renames the temporary file to the final path.
    pub fn finish(&self) -> Result<(), NpyError> {
        todo!("io::npy::NpyWriter::finish")
    }
}
