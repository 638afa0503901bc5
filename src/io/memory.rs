//! In-memory arrays as sources: a strided buffer someone else owns (a NumPy array handed
//! in by the Python package) or an owned block -> regions read as Blocks, like a file.
//!
//! ```text
//! numpy array (ptr, shape, byte strides, owner)  ─┐
//! Block (owned)                                  ─┴─> MemorySource: read([Range1; ndim]) -> Block
//! ```
//! A bound array is read block by block by the workers, as a file would be: no whole copy
//! is made first, and labels (dims, name, attrs, coordinates) travel through the same
//! `ArraySource` methods the netCDF reader uses.

use super::attrs::AttrValue;
use super::source::{ArraySource, Source};
use crate::dtype::DType;
use crate::kernels::layout::{self, Range1};
use crate::kernels::Block;
use ndarray::{ArrayViewD, Axis, IxDyn, ShapeBuilder, Slice};
use std::any::Any;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// A strided buffer owned elsewhere: `owner` keeps the memory alive.
pub struct Borrowed {
    ptr: *const u8,
    shape: Vec<usize>,
    /// In bytes, as NumPy gives them (negative for reversed views, 0 for broadcasts).
    strides: Vec<isize>,
    dtype: DType,
    _owner: Arc<dyn Any + Send + Sync>,
}

// SAFETY: the buffer is only read, and `Borrowed::new`'s contract keeps it alive and
// unchanged while any copy of the source exists.
unsafe impl Send for Borrowed {}
unsafe impl Sync for Borrowed {}

impl Borrowed {
    /// A view of `ptr` with `shape` and byte `strides`.
    ///
    /// # Safety
    /// Every element reachable through `shape` and `strides` must be a valid, aligned
    /// value of `dtype` for as long as `owner` lives, and must not change while a
    /// computation reads it.
    pub unsafe fn new(
        ptr: *const u8,
        shape: Vec<usize>,
        strides: Vec<isize>,
        dtype: DType,
        owner: Arc<dyn Any + Send + Sync>,
    ) -> Borrowed {
        Borrowed {
            ptr,
            shape,
            strides,
            dtype,
            _owner: owner,
        }
    }

    /// The buffer as a typed view (negative strides turned into reversed axes).
    ///
    /// # Safety
    /// `T` must be the element type of `self.dtype`.
    unsafe fn view<T>(&self) -> ArrayViewD<'_, T> {
        let size = self.dtype.size() as isize;
        let mut ptr = self.ptr;
        let mut strides = Vec::with_capacity(self.shape.len());
        let mut flip = Vec::new();
        for (k, (&n, &s)) in self.shape.iter().zip(&self.strides).enumerate() {
            if s < 0 && n > 1 {
                ptr = ptr.offset(s * (n as isize - 1));
                flip.push(k);
            }
            // A length-1 or empty axis's stride is never used: any non-negative one does.
            let s = if n <= 1 { 0 } else { s.unsigned_abs() };
            strides.push(s / size as usize);
        }
        let shape = IxDyn(&self.shape).strides(IxDyn(&strides));
        let mut v = ArrayViewD::from_shape_ptr(shape, ptr as *const T);
        for k in flip {
            v.invert_axis(Axis(k));
        }
        v
    }

    fn read(&self, region: &[Range1]) -> Block {
        fn cut<T: Copy + Default>(v: ArrayViewD<'_, T>, region: &[Range1]) -> ndarray::ArrayD<T> {
            let s = v.slice_each_axis(|ad| {
                let r = region[ad.axis.index()];
                let step = r.step.max(1);
                let end = if r.len == 0 {
                    r.start
                } else {
                    r.start + (r.len - 1) * step as usize + 1
                };
                Slice::new(r.start as isize, Some(end as isize), step)
            });
            layout::to_standard(s)
        }
        // SAFETY: each arm views the buffer with its dtype's element type.
        unsafe {
            match self.dtype {
                DType::Bool => Block::Bool(cut(self.view::<bool>(), region)),
                DType::I32 => Block::I32(cut(self.view::<i32>(), region)),
                DType::I64 => Block::I64(cut(self.view::<i64>(), region)),
                DType::I8 => Block::I8(cut(self.view::<i8>(), region)),
                DType::I16 => Block::I16(cut(self.view::<i16>(), region)),
                DType::U8 => Block::U8(cut(self.view::<u8>(), region)),
                DType::U16 => Block::U16(cut(self.view::<u16>(), region)),
                DType::U32 => Block::U32(cut(self.view::<u32>(), region)),
                DType::U64 => Block::U64(cut(self.view::<u64>(), region)),
                DType::F32 => Block::F32(cut(self.view::<f32>(), region)),
                DType::F64 => Block::F64(cut(self.view::<f64>(), region)),
                // numpy's complex layout is Cx's: (re, im), repr(C)
                DType::C64 => Block::C64(cut(self.view::<crate::kernels::complex::C64>(), region)),
                DType::C128 => {
                    Block::C128(cut(self.view::<crate::kernels::complex::C128>(), region))
                }
            }
        }
    }
}

/// Where a memory source's values are.
pub enum Memory {
    Owned(Arc<Block>),
    Borrowed(Borrowed),
}

/// An in-memory array with optional labels, readable by region as a file is.
pub struct MemorySource {
    /// Unique per source: node keys hash `Debug`, and two different arrays must never
    /// share tasks however alike they look.
    id: u64,
    data: Memory,
    shape: Vec<usize>,
    dtype: DType,
    pub dims: Option<Vec<String>>,
    pub name: Option<String>,
    pub attrs: Vec<(String, AttrValue)>,
    /// One optional 1-D coordinate source per axis.
    pub coords: Vec<Option<Source>>,
}

impl MemorySource {
    /// A source reading `data`, unlabelled.
    pub fn new(data: Memory) -> MemorySource {
        let (shape, dtype) = match &data {
            Memory::Owned(b) => (b.shape().to_vec(), b.dtype()),
            Memory::Borrowed(b) => (b.shape.clone(), b.dtype),
        };
        MemorySource {
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            coords: vec![None; shape.len()],
            data,
            shape,
            dtype,
            dims: None,
            name: None,
            attrs: Vec::new(),
        }
    }

    /// An owned block as a source.
    pub fn owned(b: Block) -> MemorySource {
        MemorySource::new(Memory::Owned(Arc::new(b)))
    }
}

impl std::fmt::Debug for MemorySource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "memory#{}", self.id)
    }
}

impl ArraySource for MemorySource {
    fn shape(&self) -> &[usize] {
        &self.shape
    }
    fn dtype(&self) -> DType {
        self.dtype
    }
    fn dims(&self) -> Option<Vec<String>> {
        self.dims.clone()
    }
    fn name(&self) -> Option<String> {
        self.name.clone()
    }
    fn attrs(&self) -> Vec<(String, AttrValue)> {
        self.attrs.clone()
    }
    fn coord(&self, axis: usize) -> Option<Source> {
        self.coords.get(axis).cloned().flatten()
    }
    fn read_forward(&self, region: &[Range1]) -> Result<Block, String> {
        if region.len() != self.shape.len()
            || region
                .iter()
                .zip(&self.shape)
                .any(|(r, &n)| r.len > 0 && r.start + (r.len - 1) * r.step.max(1) as usize >= n)
        {
            return Err(format!(
                "internal error: region {region:?} outside an array of shape {:?}",
                self.shape
            ));
        }
        Ok(match &self.data {
            Memory::Owned(b) => layout::slice(b, region),
            Memory::Borrowed(b) => b.read(region),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::ArrayD;

    fn arange(n: usize) -> Vec<f64> {
        (0..n).map(|i| i as f64).collect()
    }

    #[test]
    fn borrowed_strided_reversed_matches_owned_slice() {
        // A 4x6 C-order buffer viewed as x[::-1, ::2] through byte strides.
        let data = Arc::new(arange(24));
        let base = data.as_ptr() as *const u8;
        let ptr = unsafe { base.add(3 * 6 * 8) };
        let b = unsafe { Borrowed::new(ptr, vec![4, 3], vec![-48, 16], DType::F64, data.clone()) };
        let src = MemorySource::new(Memory::Borrowed(b));
        let got = src
            .read_forward(&[Range1::contiguous(1, 2), Range1::full(3)])
            .unwrap();
        // Rows 2 and 1 of the original, every second column.
        let want = ArrayD::from_shape_vec(vec![2, 3], vec![12., 14., 16., 6., 8., 10.]).unwrap();
        assert_eq!(got, Block::F64(want));
    }

    #[test]
    fn region_outside_is_an_error_not_a_read() {
        let src = MemorySource::owned(Block::F64(
            ArrayD::from_shape_vec(vec![3], arange(3)).unwrap(),
        ));
        assert!(src.read_forward(&[Range1::contiguous(2, 2)]).is_err());
    }

    #[test]
    fn two_sources_never_look_alike() {
        let a = MemorySource::owned(Block::F64(ArrayD::zeros(vec![2])));
        let b = MemorySource::owned(Block::F64(ArrayD::zeros(vec![2])));
        assert_ne!(format!("{a:?}"), format!("{b:?}"));
    }
}
