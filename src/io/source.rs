//! Array sources: (path, variable) -> a lazily read array that yields strided regions as
//! Blocks. Every file format (`.npy`, HDF5/netCDF-4, netCDF-3) and a glob of files
//! concatenated along axis 0 go through the one `ArraySource` trait.
//!
//! ```text
//! open("2014-*.nc", "t2m") -> Concat[H5(day1), H5(day2), ...]   (format by magic bytes)
//! source.read([Range1; ndim]) -> Block                          (steps become hyperslabs)
//! ```

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
    /// Whether a read block may begin or end at `pos` of `axis` without decoding more
    /// than it returns (stored-chunk boundaries; every position for uncompressed files).
    fn is_boundary(&self, _axis: usize, _pos: usize) -> bool {
        true
    }
    /// The stored chunk shape, used for default chunks (None: contiguous).
    fn storage_chunks(&self) -> Option<Vec<usize>> {
        None
    }
    /// Rough cost of reading `region` (all steps positive): bytes decoded.
    fn read_cost(&self, region: &[Range1]) -> u64 {
        region.iter().map(|r| r.len as u64).product::<u64>() * self.dtype().size() as u64
    }
    /// Reads `region` (every step ≥ 1) into a C-ordered block.
    fn read_forward(&self, region: &[Range1]) -> Result<Block, String>;
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

/// Files concatenated along axis 0 (a glob). Each read touches only the files it needs.
pub struct Concat {
    pub parts: Vec<Source>,
    /// Start of each part along axis 0, and the total at the end.
    offsets: Vec<usize>,
    shape: Vec<usize>,
}

impl std::fmt::Debug for Concat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(&self.parts).finish()
    }
}

impl Concat {
    /// Parts must agree in dtype and in every axis but the first (checked by the caller).
    pub fn new(parts: Vec<Source>) -> Concat {
        let mut offsets = vec![0];
        for p in &parts {
            offsets.push(offsets.last().expect("nonempty") + p.shape()[0]);
        }
        let mut shape = parts[0].shape().to_vec();
        shape[0] = *offsets.last().expect("nonempty");
        Concat {
            parts,
            offsets,
            shape,
        }
    }

    /// For the forward range `r` along axis 0: (part, the range within it) in order.
    fn split(&self, r: &Range1) -> Vec<(usize, Range1)> {
        let mut out = Vec::new();
        let step = r.step.max(1) as usize;
        let mut i = 0;
        while i < r.len {
            let pos = r.start + i * step;
            let k = self.offsets.partition_point(|&o| o <= pos) - 1;
            let end = self.offsets[k + 1];
            let n = (end - pos).div_ceil(step).min(r.len - i);
            out.push((
                k,
                Range1 {
                    start: pos - self.offsets[k],
                    len: n,
                    step: step as isize,
                },
            ));
            i += n;
        }
        out
    }
}

impl ArraySource for Concat {
    fn shape(&self) -> &[usize] {
        &self.shape
    }
    fn dtype(&self) -> DType {
        self.parts[0].dtype()
    }
    fn dims(&self) -> Option<Vec<String>> {
        self.parts[0].dims()
    }
    fn is_boundary(&self, axis: usize, pos: usize) -> bool {
        if axis == 0 {
            let k = self.offsets.partition_point(|&o| o <= pos).max(1) - 1;
            let k = k.min(self.parts.len() - 1);
            pos == self.offsets[k] || self.parts[k].is_boundary(0, pos - self.offsets[k])
        } else {
            self.parts.iter().all(|p| p.is_boundary(axis, pos))
        }
    }
    fn storage_chunks(&self) -> Option<Vec<usize>> {
        self.parts[0].storage_chunks()
    }
    fn read_cost(&self, region: &[Range1]) -> u64 {
        if region.is_empty() {
            return 0;
        }
        self.split(&region[0])
            .into_iter()
            .map(|(k, r0)| {
                let mut sub = region.to_vec();
                sub[0] = r0;
                self.parts[k].read_cost(&sub)
            })
            .sum()
    }
    fn read_forward(&self, region: &[Range1]) -> Result<Block, String> {
        let pieces = self.split(&region[0]);
        if pieces.len() == 1 {
            let (k, r0) = pieces[0];
            let mut sub = region.to_vec();
            sub[0] = r0;
            return self.parts[k].read_forward(&sub);
        }
        let mut blocks = Vec::with_capacity(pieces.len());
        for (k, r0) in pieces {
            let mut sub = region.to_vec();
            sub[0] = r0;
            blocks.push(self.parts[k].read_forward(&sub)?);
        }
        let shape: Vec<usize> = region.iter().map(|r| r.len).collect();
        let mut at = 0;
        let places: Vec<layout::Piece> = blocks
            .iter()
            .enumerate()
            .map(|(k, b)| {
                let mut dst = vec![0; shape.len()];
                dst[0] = at;
                at += b.shape()[0];
                layout::Piece::whole(k, b.shape(), dst)
            })
            .collect();
        let refs: Vec<&Block> = blocks.iter().collect();
        Ok(layout::assemble(&shape, self.dtype(), &refs, &places))
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
