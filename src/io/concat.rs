//! A glob's files joined along one axis (the record dimension) -> one ArraySource. Each read
//! touches only the files it needs.
//!
//! ```text
//! Concat { axis: 0, parts: [a.nc (2, 3, 4), b.nc (5, 3, 4)] }  -> shape (7, 3, 4)
//! read([1..4, :, :]) -> a.nc[1..2] ++ b.nc[0..2]
//! ```

use super::attrs::AttrValue;
use super::source::{ArraySource, Source};
use crate::dtype::DType;
use crate::kernels::layout::{self, Range1};
use crate::kernels::Block;
use std::sync::Arc;

/// Files concatenated along `axis`.
pub struct Concat {
    pub parts: Vec<Source>,
    axis: usize,
    /// Start of each part along the axis, and the total at the end.
    offsets: Vec<usize>,
    shape: Vec<usize>,
}

impl std::fmt::Debug for Concat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.axis != 0 {
            write!(f, "axis{} ", self.axis)?;
        }
        f.debug_list().entries(&self.parts).finish()
    }
}

impl Concat {
    /// Parts joined along axis 0; they must agree in dtype and in every other axis
    /// (checked by the caller).
    pub fn new(parts: Vec<Source>) -> Concat {
        Concat::along(parts, 0)
    }

    /// Parts joined along `axis` (< their number of dimensions; checked by the caller).
    pub fn along(parts: Vec<Source>, axis: usize) -> Concat {
        let mut offsets = vec![0];
        for p in &parts {
            offsets.push(offsets.last().expect("nonempty") + p.shape()[axis]);
        }
        let mut shape = parts[0].shape().to_vec();
        shape[axis] = *offsets.last().expect("nonempty");
        Concat {
            parts,
            axis,
            offsets,
            shape,
        }
    }

    /// The axis the files are joined along.
    pub fn axis(&self) -> usize {
        self.axis
    }

    /// For the forward range `r` along the joined axis: (part, the range within it) in order.
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
    fn name(&self) -> Option<String> {
        self.parts[0].name()
    }
    fn attrs(&self) -> Vec<(String, AttrValue)> {
        self.parts[0].attrs()
    }
    fn record_axis(&self) -> Option<usize> {
        Some(self.axis)
    }
    fn text_coord(&self, axis: usize) -> Option<super::source::TextCoord> {
        (axis != self.axis)
            .then(|| self.parts[0].text_coord(axis))
            .flatten()
    }
    fn variable(&self, name: &str) -> Option<Source> {
        self.parts[0].variable(name)
    }
    fn coord(&self, axis: usize) -> Option<Source> {
        if axis != self.axis {
            return self.parts[0].coord(axis);
        }
        let parts: Option<Vec<Source>> = self.parts.iter().map(|p| p.coord(axis)).collect();
        let joined = super::coord::JoinedCoord::new(parts?).ok()?;
        Some(Arc::new(joined))
    }
    fn is_boundary(&self, axis: usize, pos: usize) -> bool {
        if axis == self.axis {
            let k = self.offsets.partition_point(|&o| o <= pos).max(1) - 1;
            let k = k.min(self.parts.len() - 1);
            pos == self.offsets[k] || self.parts[k].is_boundary(axis, pos - self.offsets[k])
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
        self.split(&region[self.axis])
            .into_iter()
            .map(|(k, r)| {
                let mut sub = region.to_vec();
                sub[self.axis] = r;
                self.parts[k].read_cost(&sub)
            })
            .sum()
    }
    fn read_forward(&self, region: &[Range1]) -> Result<Block, String> {
        let ax = self.axis;
        let pieces = self.split(&region[ax]);
        if pieces.len() == 1 {
            let (k, r) = pieces[0];
            let mut sub = region.to_vec();
            sub[ax] = r;
            return self.parts[k].read_forward(&sub);
        }
        let mut blocks = Vec::with_capacity(pieces.len());
        for (k, r) in pieces {
            let mut sub = region.to_vec();
            sub[ax] = r;
            blocks.push(self.parts[k].read_forward(&sub)?);
        }
        let shape: Vec<usize> = region.iter().map(|r| r.len).collect();
        let mut at = 0;
        let places: Vec<layout::Piece> = blocks
            .iter()
            .enumerate()
            .map(|(k, b)| {
                let mut dst = vec![0; shape.len()];
                dst[ax] = at;
                at += b.shape()[ax];
                layout::Piece::whole(k, b.shape(), dst)
            })
            .collect();
        let refs: Vec<&Block> = blocks.iter().collect();
        Ok(layout::assemble(&shape, self.dtype(), &refs, &places))
    }
}

/// One file's variable with a new leading axis of length 1 named `dim`: the pieces a glob
/// stacks along a new dimension (`load(glob, var, concat_dim="member")`, as xarray's
/// `open_mfdataset(combine="nested", concat_dim=...)`).
#[derive(Debug)]
pub struct NewAxis {
    inner: Source,
    dim: String,
    shape: Vec<usize>,
}

impl NewAxis {
    /// `inner` seen as shape `(1, *inner.shape)`.
    pub fn new(inner: Source, dim: &str) -> NewAxis {
        let mut shape = vec![1];
        shape.extend_from_slice(inner.shape());
        NewAxis {
            inner,
            dim: dim.to_string(),
            shape,
        }
    }
}

impl ArraySource for NewAxis {
    fn shape(&self) -> &[usize] {
        &self.shape
    }
    fn dtype(&self) -> DType {
        self.inner.dtype()
    }
    fn dims(&self) -> Option<Vec<String>> {
        let mut d = vec![self.dim.clone()];
        d.extend(self.inner.dims()?);
        Some(d)
    }
    fn name(&self) -> Option<String> {
        self.inner.name()
    }
    fn attrs(&self) -> Vec<(String, AttrValue)> {
        self.inner.attrs()
    }
    fn coord(&self, axis: usize) -> Option<Source> {
        self.inner.coord(axis.checked_sub(1)?)
    }
    fn text_coord(&self, axis: usize) -> Option<super::source::TextCoord> {
        self.inner.text_coord(axis.checked_sub(1)?)
    }
    fn variable(&self, name: &str) -> Option<Source> {
        self.inner.variable(name)
    }
    fn is_boundary(&self, axis: usize, pos: usize) -> bool {
        axis == 0 || self.inner.is_boundary(axis - 1, pos)
    }
    fn storage_chunks(&self) -> Option<Vec<usize>> {
        let mut c = vec![1];
        c.extend(self.inner.storage_chunks()?);
        Some(c)
    }
    fn compressed(&self) -> bool {
        self.inner.compressed()
    }
    fn read_cost(&self, region: &[Range1]) -> u64 {
        match region.split_first() {
            Some((r, rest)) if r.len > 0 => self.inner.read_cost(rest),
            _ => 0,
        }
    }
    fn read_forward(&self, region: &[Range1]) -> Result<Block, String> {
        let Some((r, rest)) = region.split_first() else {
            return Err("a region of a stacked file needs its new axis".into());
        };
        if r.len > 1 || (r.len == 1 && r.start != 0) {
            return Err(format!("region {r:?} is outside the new axis of length 1"));
        }
        if r.len == 0 {
            let mut shape = vec![0];
            shape.extend(rest.iter().map(|r| r.len));
            return Ok(Block::F64(ndarray::ArrayD::zeros(shape)).cast(self.dtype()));
        }
        let b = self.inner.read_forward(rest)?;
        let mut shape = vec![1];
        shape.extend_from_slice(b.shape());
        Ok(layout::reshape(&b, &shape))
    }
}
