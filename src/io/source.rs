//! Array sources: (path, variable) -> a lazily read array that yields strided regions as
//! Blocks. Every file format (`.npy`, HDF5/netCDF-4, netCDF-3) and a glob of files
//! concatenated along axis 0 go through the one `ArraySource` trait.
//!
//! ```text
//! open("2014-*.nc", "t2m") -> Concat[H5(day1), H5(day2), ...]   (format by magic bytes)
//! source.read([Range1; ndim]) -> Block                          (steps become hyperslabs)
//! ```

use super::attrs::AttrValue;
pub use super::concat::Concat;
use super::npy::{self, NpyHeader};
use crate::dtype::DType;
use crate::kernels::layout::{self, Range1};
use crate::kernels::Block;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A readable n-d array in one or more files. `Debug` identifies it (format, path,
/// variable): node keys hash it, so two `load`s of the same thing share their tasks.
pub trait ArraySource: Send + Sync + std::fmt::Debug {
    fn shape(&self) -> &[usize];
    fn dtype(&self) -> DType;
    /// Dimension names, when the file knows them (netCDF).
    fn dims(&self) -> Option<Vec<String>> {
        None
    }
    /// The variable's name in its file (None for `.npy`).
    fn name(&self) -> Option<String> {
        None
    }
    /// The variable's attributes in file order, as netCDF4-python's `ncattrs()` lists them
    /// (netCDF/HDF5 bookkeeping left out). A glob's are its first file's.
    fn attrs(&self) -> Vec<(String, AttrValue)> {
        Vec::new()
    }
    /// The coordinate variable of `axis`'s dimension (the 1-D variable named after it), as
    /// a lazily read source with its own attrs; None when the file has none. A glob's record
    /// coordinate is the files' joined, in the first file's time units.
    fn coord(&self, _axis: usize) -> Option<Source> {
        None
    }
    /// The text coordinate of `axis`'s dimension (a `char`/string variable named after it:
    /// CMIP6's `region`, `basin`), read whole; None when it has none.
    fn text_coord(&self, _axis: usize) -> Option<TextCoord> {
        None
    }
    /// Another numeric variable of the same file (the 0-d ones a `coordinates` attribute
    /// names: CMIP6's `height`); None when there is none.
    fn variable(&self, _name: &str) -> Option<Source> {
        None
    }
    /// The axis of the record (unlimited) dimension, when the file has one; a glob's is
    /// the axis its files are joined along.
    fn record_axis(&self) -> Option<usize> {
        None
    }
    /// Whether a read block may begin or end at `pos` of `axis` without decoding more
    /// than it returns (stored-chunk boundaries; every position for uncompressed files).
    fn is_boundary(&self, _axis: usize, _pos: usize) -> bool {
        true
    }
    /// The stored chunk shape, used for default chunks (None: contiguous).
    fn storage_chunks(&self) -> Option<Vec<usize>> {
        None
    }
    /// Whether stored chunks are compressed (a save copying the variable compresses too).
    fn compressed(&self) -> bool {
        false
    }
    /// Rough cost of reading `region` (all steps positive): bytes decoded.
    fn read_cost(&self, region: &[Range1]) -> u64 {
        region.iter().map(|r| r.len as u64).product::<u64>() * self.dtype().size() as u64
    }
    /// Reads `region` (every step ≥ 1) into a C-ordered block.
    fn read_forward(&self, region: &[Range1]) -> Result<Block, String>;
}

/// A coordinate of text labels, as a file stores it.
#[derive(Debug, Clone)]
pub struct TextCoord {
    pub name: String,
    pub values: Vec<String>,
    pub attrs: Vec<(String, AttrValue)>,
}

/// A shared source handle, as held by expression nodes and tasks.
pub type Source = Arc<dyn ArraySource>;

/// `region` with each negative-step axis turned around: (forward region, axes to flip).
pub fn forward(region: &[Range1]) -> (Vec<Range1>, Vec<usize>) {
    let mut flips = Vec::new();
    let fwd = region
        .iter()
        .enumerate()
        .map(|(d, r)| {
            if r.step < 0 && r.len > 1 {
                flips.push(d);
                let s = r.step.unsigned_abs();
                Range1 {
                    start: r.start - (r.len - 1) * s,
                    len: r.len,
                    step: s as isize,
                }
            } else {
                Range1 {
                    start: r.start,
                    len: r.len,
                    step: r.step.abs().max(1),
                }
            }
        })
        .collect();
    (fwd, flips)
}

/// Reads any strided region (negative steps too) of `src`.
pub fn read(src: &dyn ArraySource, region: &[Range1]) -> Result<Block, String> {
    let (fwd, flips) = forward(region);
    let b = src.read_forward(&fwd)?;
    if flips.is_empty() {
        return Ok(b);
    }
    let rev: Vec<Range1> = b
        .shape()
        .iter()
        .enumerate()
        .map(|(d, &n)| {
            if flips.contains(&d) {
                Range1 {
                    start: n - 1,
                    len: n,
                    step: -1,
                }
            } else {
                Range1::full(n)
            }
        })
        .collect();
    Ok(layout::slice(&b, &rev))
}

/// The cost of reading `region` (any steps).
pub fn cost(src: &dyn ArraySource, region: &[Range1]) -> u64 {
    src.read_cost(&forward(region).0)
}

/// The distinct stored chunks along one axis that the forward range `r` touches.
pub fn chunks_touched(r: &Range1, chunk: usize) -> u64 {
    if r.len == 0 {
        return 0;
    }
    let step = r.step.max(1) as usize;
    if step >= chunk {
        return r.len as u64;
    }
    let last = r.start + (r.len - 1) * step;
    (last / chunk - r.start / chunk + 1) as u64
}

/// How a file announces its format in its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Npy,
    Hdf5,
    NetCdf3,
}

/// The format of `path` from its magic bytes; Err names what is wrong.
pub fn sniff(path: &Path) -> Result<Format, String> {
    use std::io::Read;
    let mut f =
        std::fs::File::open(path).map_err(|e| format!("cannot open `{}`: {e}", path.display()))?;
    let mut magic = [0u8; 8];
    let mut n = 0;
    while n < magic.len() {
        match f.read(&mut magic[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) => return Err(format!("cannot read `{}`: {e}", path.display())),
        }
    }
    let m = &magic[..n];
    if m.starts_with(b"\x93NUMPY") {
        Ok(Format::Npy)
    } else if m.starts_with(b"\x89HDF\r\n\x1a\n") {
        Ok(Format::Hdf5)
    } else if m.len() >= 4 && &m[..3] == b"CDF" && matches!(m[3], 1 | 2 | 5) {
        Ok(Format::NetCdf3)
    } else {
        Err(format!(
            "`{}` is not a netCDF, HDF5 or .npy file (unrecognised first bytes{})",
            path.display(),
            if n == 0 { ": the file is empty" } else { "" }
        ))
    }
}

/// Opens one variable of one file, by the file's magic bytes. `.npy` files have one
/// array and take no variable.
pub fn open(path: &Path, variable: Option<&str>) -> Result<Source, OpenError> {
    if super::zarr::is_store(path) {
        return super::zarr::open(path, variable);
    }
    match sniff(path).map_err(OpenError::Other)? {
        Format::Npy => {
            let header = npy::read_header(path).map_err(|e| OpenError::Other(e.to_string()))?;
            Ok(Arc::new(NpySource {
                path: path.to_path_buf(),
                header,
            }))
        }
        Format::Hdf5 => {
            let Some(v) = variable else {
                return Err(OpenError::NeedVariable(
                    super::hdf5::list(path).map_err(OpenError::Other)?,
                ));
            };
            Ok(Arc::new(super::hdf5::H5Source::open(path, v)?))
        }
        Format::NetCdf3 => {
            let Some(v) = variable else {
                return Err(OpenError::NeedVariable(
                    super::nc3source::list(path).map_err(OpenError::Other)?,
                ));
            };
            Ok(Arc::new(super::nc3source::Nc3Source::open(path, v)?))
        }
    }
}

/// Why a file's variable could not be opened.
#[derive(Debug)]
pub enum OpenError {
    /// The variable is not in the file; the ones that are.
    NoVariable {
        path: PathBuf,
        variable: String,
        available: Vec<String>,
    },
    /// A file with several variables and no variable named: the ones it has.
    NeedVariable(Vec<VarInfo>),
    /// The name is a netCDF dimension without a variable (`bnds`): its length.
    DimensionOnly {
        path: PathBuf,
        name: String,
        len: usize,
    },
    Other(String),
}

/// One variable of a file, as `vars()` lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct VarInfo {
    pub name: String,
    pub shape: Vec<usize>,
    /// The dtype arrlang reads it as (after CF decoding).
    pub dtype: DType,
    /// The stored type's name (`int16`, `float32`, ...).
    pub stored: String,
    pub dims: Option<Vec<String>>,
    /// Why arrlang cannot load it (`char`, `string`, ...); None for loadable variables.
    pub unreadable: Option<String>,
}

/// A `.npy` file.
pub struct NpySource {
    pub path: PathBuf,
    pub header: NpyHeader,
}

impl std::fmt::Debug for NpySource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "npy({:?})", self.path)
    }
}

impl ArraySource for NpySource {
    fn shape(&self) -> &[usize] {
        &self.header.shape
    }
    fn dtype(&self) -> DType {
        self.header.dtype
    }
    fn read_forward(&self, region: &[Range1]) -> Result<Block, String> {
        let lo: Vec<usize> = region.iter().map(|r| r.start).collect();
        let hull: Vec<usize> = region
            .iter()
            .map(|r| {
                if r.len == 0 {
                    0
                } else {
                    (r.len - 1) * r.step as usize + 1
                }
            })
            .collect();
        let b =
            npy::read_region(&self.path, &self.header, &lo, &hull).map_err(|e| e.to_string())?;
        if region.iter().all(|r| r.step == 1 || r.len <= 1) {
            return Ok(b);
        }
        let local: Vec<Range1> = region
            .iter()
            .map(|r| Range1 {
                start: 0,
                len: r.len,
                step: r.step,
            })
            .collect();
        Ok(layout::slice(&b, &local))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forward_turns_negative_steps_around() {
        let r = [
            Range1 {
                start: 9,
                len: 4,
                step: -3,
            },
            Range1 {
                start: 2,
                len: 1,
                step: -1,
            },
        ];
        let (f, flips) = forward(&r);
        assert_eq!(
            f,
            vec![
                Range1 {
                    start: 0,
                    len: 4,
                    step: 3
                },
                Range1 {
                    start: 2,
                    len: 1,
                    step: 1
                }
            ]
        );
        assert_eq!(flips, vec![0]);
    }

    #[test]
    fn chunks_touched_counts_distinct_chunks() {
        let r = |start, len, step| Range1 { start, len, step };
        assert_eq!(chunks_touched(&r(0, 8, 1), 4), 2);
        assert_eq!(chunks_touched(&r(3, 2, 1), 4), 2);
        assert_eq!(chunks_touched(&r(0, 3, 4), 1), 3);
        assert_eq!(chunks_touched(&r(1, 5, 2), 10), 1);
        assert_eq!(chunks_touched(&r(0, 0, 1), 10), 0);
    }
}
