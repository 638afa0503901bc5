//! Program leaves: output positions -> leaf element indices -> tile values.
//!
//! ```text
//! out flat range [start, start+len) --Affine--> runs (pos, len, index, stride)
//!                                                  --Leaf::fill--> tile values
//! ```
//!
//! Every leaf reads its values through an affine map of the output multi-index: an input
//! through its memory strides, a random leaf through the row-major strides of its full array,
//! arange through `offset + i`, eye through `(col + offset1) - (row + offset0)`.

use std::borrow::Cow;

use ndarray::ArrayD;

use super::super::elementwise::{AnySrc, Conv, Src, TileMut};
use super::super::random::Stream;
use super::super::Block;
use super::TileRef;
use crate::dtype::DType;
use crate::kernels::complex::{C128, C64};

/// `index = base + sum_d m[d] * strides[d]` over the output multi-index `m`. Output dims of
/// length 1 are dropped, broadcast dims get stride 0 and neighbours that step like one dim
/// are merged, so the innermost run is as long as possible.
#[derive(Debug, Clone)]
pub(super) struct Affine {
    shape: Vec<usize>,
    strides: Vec<i64>,
    base: i64,
}

impl Affine {
    /// The map of a leaf of `leaf_shape`, whose element `l` sits at `base + sum l[d] * strides[d]`,
    /// broadcast to `out_shape`.
    pub(super) fn new(
        out_shape: &[usize],
        leaf_shape: &[usize],
        leaf_strides: &[i64],
        base: i64,
    ) -> Affine {
        let broadcasts = leaf_shape.len() <= out_shape.len()
            && leaf_shape
                .iter()
                .rev()
                .zip(out_shape.iter().rev())
                .all(|(&l, &o)| l == o || l == 1);
        assert!(
            broadcasts,
            "internal: leaf shape {leaf_shape:?} does not broadcast to {out_shape:?}"
        );
        let lead = out_shape.len() - leaf_shape.len();
        let mut dims: Vec<(usize, i64)> = Vec::new();
        for (d, &n) in out_shape.iter().enumerate() {
            if n == 1 {
                continue;
            }
            let s = if d < lead || leaf_shape[d - lead] == 1 {
                0
            } else {
                leaf_strides[d - lead]
            };
            match dims.last_mut() {
                Some(prev) if prev.1 == s.wrapping_mul(n as i64) => *prev = (prev.0 * n, s),
                _ => dims.push((n, s)),
            }
        }
        Affine {
            shape: dims.iter().map(|d| d.0).collect(),
            strides: dims.iter().map(|d| d.1).collect(),
            base,
        }
    }

    /// True when every output position maps to the same index.
    pub(super) fn is_constant(&self) -> bool {
        self.strides.iter().all(|&s| s == 0)
    }

    /// Calls `f(pos, run, index, stride)` for the runs covering output flat positions
    /// `start..start + len`: positions `start + pos + k` map to `index + k * stride`.
    #[inline]
    pub(super) fn runs(&self, start: usize, len: usize, mut f: impl FnMut(usize, usize, i64, i64)) {
        let nd = self.shape.len();
        if nd == 0 || len == 0 {
            f(0, len, self.base, 0);
            return;
        }
        let mut idx = vec![0usize; nd];
        let mut rem = start;
        let mut off = self.base;
        for d in (0..nd).rev() {
            idx[d] = rem % self.shape[d];
            rem /= self.shape[d];
            off += idx[d] as i64 * self.strides[d];
        }
        let last = nd - 1;
        let (n_last, s_last) = (self.shape[last], self.strides[last]);
        let mut pos = 0;
        loop {
            let run = (len - pos).min(n_last - idx[last]);
            f(pos, run, off, s_last);
            pos += run;
            if pos == len {
                return;
            }
            // The run ended at the end of the innermost dim: carry into the outer ones.
            off -= idx[last] as i64 * s_last;
            idx[last] = 0;
            for d in (0..last).rev() {
                idx[d] += 1;
                off += self.strides[d];
                if idx[d] < self.shape[d] {
                    break;
                }
                off -= self.shape[d] as i64 * self.strides[d];
                idx[d] = 0;
            }
        }
    }
}

/// Typed values: a borrowed input, a private copy, or a scratch buffer.
#[derive(Debug, Clone)]
pub(super) enum Vals<'a> {
    Bool(Cow<'a, [bool]>),
    I32(Cow<'a, [i32]>),
    I64(Cow<'a, [i64]>),
    I8(Cow<'a, [i8]>),
    I16(Cow<'a, [i16]>),
    U8(Cow<'a, [u8]>),
    U16(Cow<'a, [u16]>),
    U32(Cow<'a, [u32]>),
    U64(Cow<'a, [u64]>),
    F32(Cow<'a, [f32]>),
    F64(Cow<'a, [f64]>),
    C64(Cow<'a, [C64]>),
    C128(Cow<'a, [C128]>),
}

impl Default for Vals<'_> {
    fn default() -> Self {
        Vals::Bool(Cow::Owned(Vec::new()))
    }
}

impl<'a> Vals<'a> {
    /// An owned buffer of `n` zeros.
    pub(super) fn zeros(dtype: DType, n: usize) -> Vals<'static> {
        match dtype {
            DType::Bool => Vals::Bool(Cow::Owned(vec![false; n])),
            DType::I32 => Vals::I32(Cow::Owned(vec![0; n])),
            DType::I64 => Vals::I64(Cow::Owned(vec![0; n])),
            DType::I8 => Vals::I8(Cow::Owned(vec![0; n])),
            DType::I16 => Vals::I16(Cow::Owned(vec![0; n])),
            DType::U8 => Vals::U8(Cow::Owned(vec![0; n])),
            DType::U16 => Vals::U16(Cow::Owned(vec![0; n])),
            DType::U32 => Vals::U32(Cow::Owned(vec![0; n])),
            DType::U64 => Vals::U64(Cow::Owned(vec![0; n])),
            DType::F32 => Vals::F32(Cow::Owned(vec![0.0; n])),
            DType::F64 => Vals::F64(Cow::Owned(vec![0.0; n])),
            DType::C64 => Vals::C64(Cow::Owned(vec![C64::default(); n])),
            DType::C128 => Vals::C128(Cow::Owned(vec![C128::default(); n])),
        }
    }

    pub(super) fn src(&self, start: usize, len: usize) -> AnySrc<'_> {
        match self {
            Vals::Bool(c) => AnySrc::Bool(Src::Tile(&c[start..start + len])),
            Vals::I32(c) => AnySrc::I32(Src::Tile(&c[start..start + len])),
            Vals::I64(c) => AnySrc::I64(Src::Tile(&c[start..start + len])),
            Vals::I8(c) => AnySrc::I8(Src::Tile(&c[start..start + len])),
            Vals::I16(c) => AnySrc::I16(Src::Tile(&c[start..start + len])),
            Vals::U8(c) => AnySrc::U8(Src::Tile(&c[start..start + len])),
            Vals::U16(c) => AnySrc::U16(Src::Tile(&c[start..start + len])),
            Vals::U32(c) => AnySrc::U32(Src::Tile(&c[start..start + len])),
            Vals::U64(c) => AnySrc::U64(Src::Tile(&c[start..start + len])),
            Vals::F32(c) => AnySrc::F32(Src::Tile(&c[start..start + len])),
            Vals::F64(c) => AnySrc::F64(Src::Tile(&c[start..start + len])),
            Vals::C64(c) => AnySrc::C64(Src::Tile(&c[start..start + len])),
            Vals::C128(c) => AnySrc::C128(Src::Tile(&c[start..start + len])),
        }
    }

    pub(super) fn tile_ref(&self, start: usize, len: usize) -> TileRef<'_> {
        match self {
            Vals::Bool(c) => TileRef::Bool(&c[start..start + len]),
            Vals::I32(c) => TileRef::I32(&c[start..start + len]),
            Vals::I64(c) => TileRef::I64(&c[start..start + len]),
            Vals::I8(c) => TileRef::I8(&c[start..start + len]),
            Vals::I16(c) => TileRef::I16(&c[start..start + len]),
            Vals::U8(c) => TileRef::U8(&c[start..start + len]),
            Vals::U16(c) => TileRef::U16(&c[start..start + len]),
            Vals::U32(c) => TileRef::U32(&c[start..start + len]),
            Vals::U64(c) => TileRef::U64(&c[start..start + len]),
            Vals::F32(c) => TileRef::F32(&c[start..start + len]),
            Vals::F64(c) => TileRef::F64(&c[start..start + len]),
            Vals::C64(c) => TileRef::C64(&c[start..start + len]),
            Vals::C128(c) => TileRef::C128(&c[start..start + len]),
        }
    }

    pub(super) fn tile_mut(&mut self, start: usize, len: usize) -> TileMut<'_> {
        match self {
            Vals::Bool(c) => TileMut::Bool(&mut c.to_mut()[start..start + len]),
            Vals::I32(c) => TileMut::I32(&mut c.to_mut()[start..start + len]),
            Vals::I64(c) => TileMut::I64(&mut c.to_mut()[start..start + len]),
            Vals::I8(c) => TileMut::I8(&mut c.to_mut()[start..start + len]),
            Vals::I16(c) => TileMut::I16(&mut c.to_mut()[start..start + len]),
            Vals::U8(c) => TileMut::U8(&mut c.to_mut()[start..start + len]),
            Vals::U16(c) => TileMut::U16(&mut c.to_mut()[start..start + len]),
            Vals::U32(c) => TileMut::U32(&mut c.to_mut()[start..start + len]),
            Vals::U64(c) => TileMut::U64(&mut c.to_mut()[start..start + len]),
            Vals::F32(c) => TileMut::F32(&mut c.to_mut()[start..start + len]),
            Vals::F64(c) => TileMut::F64(&mut c.to_mut()[start..start + len]),
            Vals::C64(c) => TileMut::C64(&mut c.to_mut()[start..start + len]),
            Vals::C128(c) => TileMut::C128(&mut c.to_mut()[start..start + len]),
        }
    }

    /// Element `i` as a broadcast scalar.
    pub(super) fn scalar(&self, i: usize) -> AnySrc<'static> {
        match self {
            Vals::Bool(c) => AnySrc::Bool(Src::Scalar(c[i])),
            Vals::I32(c) => AnySrc::I32(Src::Scalar(c[i])),
            Vals::I64(c) => AnySrc::I64(Src::Scalar(c[i])),
            Vals::I8(c) => AnySrc::I8(Src::Scalar(c[i])),
            Vals::I16(c) => AnySrc::I16(Src::Scalar(c[i])),
            Vals::U8(c) => AnySrc::U8(Src::Scalar(c[i])),
            Vals::U16(c) => AnySrc::U16(Src::Scalar(c[i])),
            Vals::U32(c) => AnySrc::U32(Src::Scalar(c[i])),
            Vals::U64(c) => AnySrc::U64(Src::Scalar(c[i])),
            Vals::F32(c) => AnySrc::F32(Src::Scalar(c[i])),
            Vals::F64(c) => AnySrc::F64(Src::Scalar(c[i])),
            Vals::C64(c) => AnySrc::C64(Src::Scalar(c[i])),
            Vals::C128(c) => AnySrc::C128(Src::Scalar(c[i])),
        }
    }

    pub(super) fn into_block(self, shape: &[usize]) -> Block {
        fn arr<T: Clone>(c: Cow<[T]>, shape: &[usize]) -> ArrayD<T> {
            ArrayD::from_shape_vec(shape, c.into_owned()).expect("internal: buffer matches shape")
        }
        match self {
            Vals::Bool(c) => Block::Bool(arr(c, shape)),
            Vals::I32(c) => Block::I32(arr(c, shape)),
            Vals::I64(c) => Block::I64(arr(c, shape)),
            Vals::I8(c) => Block::I8(arr(c, shape)),
            Vals::I16(c) => Block::I16(arr(c, shape)),
            Vals::U8(c) => Block::U8(arr(c, shape)),
            Vals::U16(c) => Block::U16(arr(c, shape)),
            Vals::U32(c) => Block::U32(arr(c, shape)),
            Vals::U64(c) => Block::U64(arr(c, shape)),
            Vals::F32(c) => Block::F32(arr(c, shape)),
            Vals::F64(c) => Block::F64(arr(c, shape)),
            Vals::C64(c) => Block::C64(arr(c, shape)),
            Vals::C128(c) => Block::C128(arr(c, shape)),
        }
    }
}

/// How an input block is read.
pub(super) enum InputView<'a> {
    /// Standard layout: row-major values.
    Standard(Vals<'a>),
    /// Values in memory order, element `l` at `base + sum l[d] * strides[d]`.
    Strided(Vals<'a>, Vec<i64>, i64),
}

/// Views `b` without copying when its data is contiguous in some memory order (including
/// transposed and reversed views), else makes a row-major copy.
pub(super) fn view_input(b: &Block) -> InputView<'_> {
    fn view<'a, T: Clone>(
        a: &'a ArrayD<T>,
        wrap: impl Fn(Cow<'a, [T]>) -> Vals<'a>,
    ) -> InputView<'a> {
        if let Some(s) = a.as_slice() {
            return InputView::Standard(wrap(Cow::Borrowed(s)));
        }
        if let Some(s) = a.as_slice_memory_order() {
            let strides: Vec<i64> = a.strides().iter().map(|&s| s as i64).collect();
            // The slice starts at the lowest address; negative strides start further in.
            let base = a
                .shape()
                .iter()
                .zip(&strides)
                .filter(|&(&n, &s)| s < 0 && n > 0)
                .map(|(&n, &s)| (n as i64 - 1) * -s)
                .sum();
            return InputView::Strided(wrap(Cow::Borrowed(s)), strides, base);
        }
        InputView::Standard(wrap(Cow::Owned(a.iter().cloned().collect())))
    }
    match b {
        Block::Bool(a) => view(a, Vals::Bool),
        Block::I32(a) => view(a, Vals::I32),
        Block::I64(a) => view(a, Vals::I64),
        Block::I8(a) => view(a, Vals::I8),
        Block::I16(a) => view(a, Vals::I16),
        Block::U8(a) => view(a, Vals::U8),
        Block::U16(a) => view(a, Vals::U16),
        Block::U32(a) => view(a, Vals::U32),
        Block::U64(a) => view(a, Vals::U64),
        Block::F32(a) => view(a, Vals::F32),
        Block::F64(a) => view(a, Vals::F64),
        Block::C64(a) => view(a, Vals::C64),
        Block::C128(a) => view(a, Vals::C128),
    }
}

/// Row-major element strides of `shape`.
pub(super) fn row_major_strides(shape: &[usize]) -> Vec<i64> {
    let mut strides = vec![0i64; shape.len()];
    let mut acc = 1i64;
    for d in (0..shape.len()).rev() {
        strides[d] = acc;
        acc = acc.wrapping_mul(shape[d] as i64);
    }
    strides
}

/// What a leaf produces at element index `g` of its affine map.
pub(super) enum Source<'a> {
    /// `vals[g]`
    Input(Vals<'a>),
    /// uniform or normal draw number `g`
    Random { stream: Stream, normal: bool },
    /// `start + g * step`, exactly in i64 when `int` holds (start, step)
    Arange {
        start: f64,
        step: f64,
        int: Option<(i64, i64)>,
    },
    /// `g == k`
    Eye { k: i64 },
}

/// A leaf that fills its tile through an affine map.
pub(super) struct Leaf<'a> {
    pub(super) source: Source<'a>,
    pub(super) map: Affine,
}

/// `out[k] = f(index + k * stride)`.
#[inline(always)]
fn fill_index<T>(out: &mut [T], index: i64, stride: i64, f: impl Fn(i64) -> T) {
    for (k, o) in out.iter_mut().enumerate() {
        *o = f(index + k as i64 * stride);
    }
}

/// Copies `out[k] = src[index + k * stride]`.
#[inline(always)]
fn gather<T: Copy>(out: &mut [T], src: &[T], index: i64, stride: i64) {
    let i = index as usize;
    match stride {
        0 => out.fill(src[i]),
        1 => out.copy_from_slice(&src[i..i + out.len()]),
        _ => fill_index(out, index, stride, |g| src[g as usize]),
    }
}

/// Runs `$body` with `$o` bound to the typed slice `$tile[$a..$a + $n]` and `$T` to its
/// element type.
macro_rules! with_tile {
    ($tile:expr, $a:expr, $n:expr, $o:ident: $T:ident => $body:expr) => {
        match $tile {
            TileMut::Bool(t) => {
                type $T = bool;
                let $o: &mut [$T] = &mut t[$a..$a + $n];
                $body
            }
            TileMut::I8(t) => {
                type $T = i8;
                let $o: &mut [$T] = &mut t[$a..$a + $n];
                $body
            }
            TileMut::I16(t) => {
                type $T = i16;
                let $o: &mut [$T] = &mut t[$a..$a + $n];
                $body
            }
            TileMut::I32(t) => {
                type $T = i32;
                let $o: &mut [$T] = &mut t[$a..$a + $n];
                $body
            }
            TileMut::I64(t) => {
                type $T = i64;
                let $o: &mut [$T] = &mut t[$a..$a + $n];
                $body
            }
            TileMut::U8(t) => {
                type $T = u8;
                let $o: &mut [$T] = &mut t[$a..$a + $n];
                $body
            }
            TileMut::U16(t) => {
                type $T = u16;
                let $o: &mut [$T] = &mut t[$a..$a + $n];
                $body
            }
            TileMut::U32(t) => {
                type $T = u32;
                let $o: &mut [$T] = &mut t[$a..$a + $n];
                $body
            }
            TileMut::U64(t) => {
                type $T = u64;
                let $o: &mut [$T] = &mut t[$a..$a + $n];
                $body
            }
            TileMut::F32(t) => {
                type $T = f32;
                let $o: &mut [$T] = &mut t[$a..$a + $n];
                $body
            }
            TileMut::F64(t) => {
                type $T = f64;
                let $o: &mut [$T] = &mut t[$a..$a + $n];
                $body
            }
            TileMut::C64(t) => {
                type $T = C64;
                let $o: &mut [$T] = &mut t[$a..$a + $n];
                $body
            }
            TileMut::C128(t) => {
                type $T = C128;
                let $o: &mut [$T] = &mut t[$a..$a + $n];
                $body
            }
        }
    };
}

impl Leaf<'_> {
    /// Fills `out` with the leaf's values at output positions `start..start + out.len()`.
    pub(super) fn fill(&self, start: usize, mut out: TileMut) {
        let len = out.len();
        self.map.runs(start, len, |pos, run, index, stride| match &self.source {
            Source::Input(vals) => match (vals, &mut out) {
                (Vals::Bool(s), TileMut::Bool(o)) => gather(&mut o[pos..pos + run], s, index, stride),
                (Vals::I32(s), TileMut::I32(o)) => gather(&mut o[pos..pos + run], s, index, stride),
                (Vals::I64(s), TileMut::I64(o)) => gather(&mut o[pos..pos + run], s, index, stride),
                (Vals::I8(s), TileMut::I8(o)) => gather(&mut o[pos..pos + run], s, index, stride),
                (Vals::I16(s), TileMut::I16(o)) => gather(&mut o[pos..pos + run], s, index, stride),
                (Vals::U8(s), TileMut::U8(o)) => gather(&mut o[pos..pos + run], s, index, stride),
                (Vals::U16(s), TileMut::U16(o)) => gather(&mut o[pos..pos + run], s, index, stride),
                (Vals::U32(s), TileMut::U32(o)) => gather(&mut o[pos..pos + run], s, index, stride),
                (Vals::U64(s), TileMut::U64(o)) => gather(&mut o[pos..pos + run], s, index, stride),
                (Vals::F32(s), TileMut::F32(o)) => gather(&mut o[pos..pos + run], s, index, stride),
                (Vals::F64(s), TileMut::F64(o)) => gather(&mut o[pos..pos + run], s, index, stride),
                (Vals::C64(s), TileMut::C64(o)) => gather(&mut o[pos..pos + run], s, index, stride),
                (Vals::C128(s), TileMut::C128(o)) => gather(&mut o[pos..pos + run], s, index, stride),
                _ => panic!("internal: input leaf written into {}", out.dtype()),
            },
            &Source::Random { stream, normal } => match &mut out {
                TileMut::F64(o) if normal => stream.fill_normal(index as u64, stride, &mut o[pos..pos + run]),
                TileMut::F64(o) => stream.fill_uniform(index as u64, stride, &mut o[pos..pos + run]),
                other => {
                    // Narrower dtypes: draw in float64 through a small stack buffer.
                    let mut tmp = [0.0f64; 256];
                    let mut done = 0;
                    while done < run {
                        let n = (run - done).min(tmp.len());
                        let first = (index + done as i64 * stride) as u64;
                        if normal {
                            stream.fill_normal(first, stride, &mut tmp[..n]);
                        } else {
                            stream.fill_uniform(first, stride, &mut tmp[..n]);
                        }
                        with_tile!(other, pos + done, n, o: T => {
                            for (o, &v) in o.iter_mut().zip(&tmp[..n]) {
                                *o = Conv::<T>::conv(v);
                            }
                        });
                        done += n;
                    }
                }
            },
            &Source::Arange { start, step, int } => with_tile!(&mut out, pos, run, o: T => match int {
                Some((s0, st)) => fill_index(o, index, stride, |g| {
                    Conv::<T>::conv(s0.wrapping_add(g.wrapping_mul(st)))
                }),
                None => fill_index(o, index, stride, |g| Conv::<T>::conv(start + g as f64 * step)),
            }),
            &Source::Eye { k } => with_tile!(&mut out, pos, run, o: T => {
                fill_index(o, index, stride, |g| Conv::<T>::conv(g == k))
            }),
        });
    }
}
