//! Layout kernels: strided slices, assembling a block from pieces, transpose, reshape.

use super::Block;
use crate::dtype::DType;
use crate::map_block;
use ndarray::{ArrayD, ArrayViewD, IxDyn, Slice};

/// A strided range along one axis in a block's local coordinates: elements
/// `start, start + step, ...`, `len` of them. `step` may be negative (then `start` is the
/// highest index taken).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Range1 {
    pub start: usize,
    pub len: usize,
    pub step: isize,
}

impl Range1 {
    /// The whole axis of length `n`, step 1.
    pub fn full(n: usize) -> Range1 {
        Range1 {
            start: 0,
            len: n,
            step: 1,
        }
    }

    /// `start..start + len`, step 1.
    pub fn contiguous(start: usize, len: usize) -> Range1 {
        Range1 {
            start,
            len,
            step: 1,
        }
    }

    /// The equivalent ndarray slice. ndarray applies a negative step from the back of the
    /// `[lo, hi)` range, so `[lowest, start + 1)` with step `-s` yields `start, start - s, ...`.
    pub(crate) fn to_slice(self) -> Slice {
        if self.len == 0 {
            return Slice::new(0, Some(0), 1);
        }
        let s = self.step.unsigned_abs().max(1);
        let span = (self.len - 1) * s;
        if self.step > 0 {
            Slice::new(
                self.start as isize,
                Some((self.start + span + 1) as isize),
                self.step,
            )
        } else {
            debug_assert!(self.start >= span, "negative-step range runs below 0");
            let lo = self.start - span;
            Slice::new(lo as isize, Some((self.start + 1) as isize), self.step)
        }
    }
}

/// Copies a view into a new standard-layout (C-contiguous) array.
pub(crate) fn to_standard<T: Copy + Default>(v: ArrayViewD<T>) -> ArrayD<T> {
    if v.is_standard_layout() {
        return v.to_owned();
    }
    let mut out = ArrayD::from_elem(v.raw_dim(), T::default());
    out.assign(&v);
    out
}

fn slice_view<'a, T>(a: &'a ArrayD<T>, ranges: &[Range1]) -> ArrayViewD<'a, T> {
    debug_assert_eq!(a.ndim(), ranges.len(), "one range per axis");
    a.slice_each_axis(|ad| ranges[ad.axis.index()].to_slice())
}

/// `b[ranges]`, as a new standard-layout block.
pub fn slice(b: &Block, ranges: &[Range1]) -> Block {
    map_block!(b, a => to_standard(slice_view(a, ranges)))
}

/// One piece of an assembled block: `src[ranges]` is copied to the region starting at `dst`.
#[derive(Debug, Clone, PartialEq)]
pub struct Piece {
    pub src: usize,
    pub ranges: Vec<Range1>,
    pub dst: Vec<usize>,
}

impl Piece {
    /// All of input `src` (a block of `shape`), placed at `dst`.
    pub fn whole(src: usize, shape: &[usize], dst: Vec<usize>) -> Piece {
        Piece {
            src,
            ranges: shape.iter().map(|&n| Range1::full(n)).collect(),
            dst,
        }
    }
}

fn assemble_typed<T: Copy + Default>(
    shape: &[usize],
    srcs: &[&ArrayD<T>],
    pieces: &[Piece],
) -> ArrayD<T> {
    let mut out = ArrayD::from_elem(IxDyn(shape), T::default());
    for p in pieces {
        let src = slice_view(srcs[p.src], &p.ranges);
        let mut region = out.slice_each_axis_mut(|ad| {
            let k = ad.axis.index();
            let lo = p.dst[k];
            Slice::from(lo..lo + p.ranges[k].len)
        });
        region.assign(&src);
    }
    out
}

/// A block of `shape` and `dtype` built from pieces of the input blocks `srcs`. Sources of
/// another dtype are cast to `dtype` first; elements no piece covers are zero. Each source
/// must have the result's ndim (for `stack`, `reshape` sources to add the new axis first).
pub fn assemble(shape: &[usize], dtype: DType, srcs: &[&Block], pieces: &[Piece]) -> Block {
    let cast: Vec<Option<Block>> = srcs
        .iter()
        .map(|s| (s.dtype() != dtype).then(|| s.cast(dtype)))
        .collect();
    let typed: Vec<&Block> = srcs
        .iter()
        .zip(&cast)
        .map(|(s, c)| c.as_ref().unwrap_or(*s))
        .collect();
    macro_rules! go {
        ($var:ident) => {{
            let arrs: Vec<_> = typed
                .iter()
                .map(|b| match b {
                    Block::$var(a) => a,
                    _ => unreachable!("sources cast to the target dtype"),
                })
                .collect();
            Block::$var(assemble_typed(shape, &arrs, pieces))
        }};
    }
    match dtype {
        DType::Bool => go!(Bool),
        DType::I32 => go!(I32),
        DType::I64 => go!(I64),
        DType::I8 => go!(I8),
        DType::I16 => go!(I16),
        DType::U8 => go!(U8),
        DType::U16 => go!(U16),
        DType::U32 => go!(U32),
        DType::U64 => go!(U64),
        DType::F32 => go!(F32),
        DType::F64 => go!(F64),
        DType::C64 => go!(C64),
        DType::C128 => go!(C128),
    }
}

/// numpy `transpose(b, perm)`, as a standard-layout block.
pub fn transpose(b: &Block, perm: &[usize]) -> Block {
    map_block!(b, a => to_standard(a.view().permuted_axes(IxDyn(perm))))
}

/// numpy `reshape` in C order (same number of elements).
pub fn reshape(b: &Block, shape: &[usize]) -> Block {
    map_block!(b, a => to_standard(a.view())
        .into_shape_with_order(IxDyn(shape))
        .expect("reshape keeps the number of elements"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iota(shape: &[usize]) -> Block {
        let n: usize = shape.iter().product();
        Block::I64(ArrayD::from_shape_vec(IxDyn(shape), (0..n as i64).collect()).unwrap())
    }

    fn vals(b: &Block) -> Vec<i64> {
        b.to_f64_vec().into_iter().map(|x| x as i64).collect()
    }

    #[test]
    fn slice_positive_and_negative_steps() {
        // numpy: np.arange(20).reshape(4, 5)[3:0:-2, 1:5:2] -> [[16, 18], [6, 8]]
        let b = iota(&[4, 5]);
        let s = slice(
            &b,
            &[
                Range1 {
                    start: 3,
                    len: 2,
                    step: -2,
                },
                Range1 {
                    start: 1,
                    len: 2,
                    step: 2,
                },
            ],
        );
        assert_eq!(s.shape(), &[2, 2]);
        assert_eq!(vals(&s), vec![16, 18, 6, 8]);
        // np.arange(20).reshape(4, 5)[::-1, ::-1][0] -> [19, 18, 17, 16, 15]
        let r = slice(
            &b,
            &[
                Range1 {
                    start: 3,
                    len: 4,
                    step: -1,
                },
                Range1 {
                    start: 4,
                    len: 5,
                    step: -1,
                },
            ],
        );
        assert_eq!(vals(&r)[..5], [19, 18, 17, 16, 15]);
        match &r {
            Block::I64(a) => assert!(a.is_standard_layout()),
            _ => unreachable!(),
        }
    }

    #[test]
    fn slice_empty_range() {
        let b = iota(&[4, 5]);
        let s = slice(
            &b,
            &[
                Range1 {
                    start: 4,
                    len: 0,
                    step: 1,
                },
                Range1::full(5),
            ],
        );
        assert_eq!(s.shape(), &[0, 5]);
    }

    #[test]
    fn assemble_two_by_two_grid() {
        // four 2x3 quadrants of np.arange(24).reshape(4, 6) put back together
        let whole = iota(&[4, 6]);
        let quads: Vec<Block> = [(0, 0), (0, 3), (2, 0), (2, 3)]
            .iter()
            .map(|&(r, c)| {
                slice(
                    &whole,
                    &[Range1::contiguous(r, 2), Range1::contiguous(c, 3)],
                )
            })
            .collect();
        let srcs: Vec<&Block> = quads.iter().collect();
        let pieces: Vec<Piece> = [(0, 0), (0, 3), (2, 0), (2, 3)]
            .iter()
            .enumerate()
            .map(|(i, &(r, c))| Piece {
                src: i,
                ranges: vec![Range1::full(2), Range1::full(3)],
                dst: vec![r, c],
            })
            .collect();
        let got = assemble(&[4, 6], DType::I64, &srcs, &pieces);
        assert_eq!(got, whole);
    }

    #[test]
    fn assemble_strided_pieces_and_cast() {
        // out = [a[::-1], b[1::2]] with a = [0, 1, 2], b = int32 [10, 11, 12, 13]
        let a = iota(&[3]);
        let b = Block::I32(ArrayD::from_shape_vec(IxDyn(&[4]), vec![10, 11, 12, 13]).unwrap());
        let pieces = vec![
            Piece {
                src: 0,
                ranges: vec![Range1 {
                    start: 2,
                    len: 3,
                    step: -1,
                }],
                dst: vec![0],
            },
            Piece {
                src: 1,
                ranges: vec![Range1 {
                    start: 1,
                    len: 2,
                    step: 2,
                }],
                dst: vec![3],
            },
        ];
        let got = assemble(&[5], DType::I64, &[&a, &b], &pieces);
        assert_eq!(vals(&got), vec![2, 1, 0, 11, 13]);
    }

    #[test]
    fn transpose_and_reshape() {
        // np.arange(24).reshape(2, 3, 4).transpose(2, 0, 1)[1] -> [[1, 5, 9], [13, 17, 21]]
        let b = iota(&[2, 3, 4]);
        let t = transpose(&b, &[2, 0, 1]);
        assert_eq!(t.shape(), &[4, 2, 3]);
        assert_eq!(vals(&t)[6..12], [1, 5, 9, 13, 17, 21]);
        // reshape of the transposed block is in C order of its logical elements
        let r = reshape(&t, &[8, 3]);
        assert_eq!(vals(&r)[6..9], [1, 5, 9]);
        assert_eq!(reshape(&b, &[24]).shape(), &[24]);
    }
}
