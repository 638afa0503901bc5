//! Contractions: numpy tensordot of two blocks, and the sum of partial products.

use super::complex::{C128, C64};
use super::layout::to_standard;
use super::Block;
use ndarray::{Array2, ArrayD, ArrayView2, ArrayViewD, IxDyn, Zip};

/// Moves the `contracted` axes (in that order) to the front, or behind the free axes when
/// `contracted_first` is false, as a standard-layout array. Also returns the free axes'
/// shape, their total size and the contracted size.
fn as_matrix<T: Copy + Default>(
    a: &ArrayD<T>,
    contracted: &[usize],
    contracted_first: bool,
) -> (ArrayD<T>, Vec<usize>, usize, usize) {
    let free: Vec<usize> = (0..a.ndim()).filter(|d| !contracted.contains(d)).collect();
    let perm: Vec<usize> = if contracted_first {
        contracted.iter().chain(&free).copied().collect()
    } else {
        free.iter().chain(contracted).copied().collect()
    };
    let k: usize = contracted.iter().map(|&d| a.shape()[d]).product();
    let f: usize = free.iter().map(|&d| a.shape()[d]).product();
    let free_shape = free.iter().map(|&d| a.shape()[d]).collect();
    let m = to_standard(a.view().permuted_axes(IxDyn(&perm)));
    (m, free_shape, f, k)
}

fn mat<T>(a: &ArrayD<T>, rows: usize, cols: usize) -> ArrayView2<'_, T> {
    a.view()
        .into_shape_with_order((rows, cols))
        .expect("standard layout reshapes to a matrix")
}

/// Integer (wrapping) or boolean (or of ands) matrix product; i-k-j order walks rows of `b`.
fn matmul_loop<T: Copy + Default>(
    a: ArrayView2<T>,
    b: ArrayView2<T>,
    mul_add: impl Fn(T, T, T) -> T,
) -> Array2<T> {
    let (m, k) = a.dim();
    let n = b.ncols();
    let mut c = Array2::from_elem((m, n), T::default());
    for i in 0..m {
        let mut crow = c.row_mut(i);
        let crow = crow.as_slice_mut().expect("fresh array is contiguous");
        for p in 0..k {
            let x = a[[i, p]];
            let brow = b.row(p);
            let brow = brow.as_slice().expect("standard layout rows");
            for (cj, &bj) in crow.iter_mut().zip(brow) {
                *cj = mul_add(*cj, x, bj);
            }
        }
    }
    c
}

/// Float matrix product through faer (AVX-512/AVX2 kernels), reading strided views in place.
/// One thread: the scheduler already runs one task per core.
macro_rules! faer_dot {
    ($name:ident, $t:ty) => {
        fn $name(p: ArrayView2<$t>, q: ArrayView2<$t>) -> Array2<$t> {
            let (m, k) = p.dim();
            let n = q.ncols();
            let mut c = Array2::<$t>::zeros((m, n));
            if m == 0 || n == 0 || k == 0 {
                return c;
            }
            let (ps, qs) = (p.strides(), q.strides());
            // SAFETY: the views outlive the faer views, and the strides are ndarray's own.
            let a = unsafe { faer::MatRef::from_raw_parts(p.as_ptr(), m, k, ps[0], ps[1]) };
            let b = unsafe { faer::MatRef::from_raw_parts(q.as_ptr(), k, n, qs[0], qs[1]) };
            let dst =
                unsafe { faer::MatMut::from_raw_parts_mut(c.as_mut_ptr(), m, n, n as isize, 1) };
            faer::linalg::matmul::matmul(
                dst,
                faer::Accum::Replace,
                a,
                b,
                1.0 as $t,
                faer::Par::Seq,
            );
            c
        }
    };
}
faer_dot!(dot_f64, f64);
faer_dot!(dot_f32, f32);

/// numpy `tensordot(a, b, axes=(axes_a, axes_b))` of two blocks of the same dtype: result axes
/// are a's free axes then b's free axes. Floats use a fast matmul (ndarray's `dot`).
pub fn tensordot(a: &Block, b: &Block, axes_a: &[usize], axes_b: &[usize]) -> Block {
    debug_assert_eq!(
        axes_a.len(),
        axes_b.len(),
        "as many contracted axes on both sides"
    );
    macro_rules! go {
        ($x:expr, $y:expr, $mm:expr) => {{
            let (am, mut shape, m, k) = as_matrix($x, axes_a, false);
            let (bm, shape_b, n, kb) = as_matrix($y, axes_b, true);
            assert_eq!(k, kb, "tensordot: contracted axes differ in size");
            shape.extend(shape_b);
            let c = $mm(mat(&am, m, k), mat(&bm, k, n));
            c.into_shape_with_order(IxDyn(&shape))
                .expect("matrix product has m*n elements")
        }};
    }
    // Integer products wrap, as numpy's.
    macro_rules! int_matmul {
        ($t:ty) => {
            |p, q| {
                matmul_loop(p, q, |c: $t, u: $t, v: $t| {
                    c.wrapping_add(u.wrapping_mul(v))
                })
            }
        };
    }
    match (a, b) {
        (Block::F64(x), Block::F64(y)) => Block::F64(go!(x, y, dot_f64)),
        (Block::F32(x), Block::F32(y)) => Block::F32(go!(x, y, dot_f32)),
        (Block::I8(x), Block::I8(y)) => Block::I8(go!(x, y, int_matmul!(i8))),
        (Block::I16(x), Block::I16(y)) => Block::I16(go!(x, y, int_matmul!(i16))),
        (Block::I32(x), Block::I32(y)) => Block::I32(go!(x, y, int_matmul!(i32))),
        (Block::I64(x), Block::I64(y)) => Block::I64(go!(x, y, int_matmul!(i64))),
        (Block::U8(x), Block::U8(y)) => Block::U8(go!(x, y, int_matmul!(u8))),
        (Block::U16(x), Block::U16(y)) => Block::U16(go!(x, y, int_matmul!(u16))),
        (Block::U32(x), Block::U32(y)) => Block::U32(go!(x, y, int_matmul!(u32))),
        (Block::U64(x), Block::U64(y)) => Block::U64(go!(x, y, int_matmul!(u64))),
        // complex: a plain loop (numpy's order of products and sums)
        (Block::C64(x), Block::C64(y)) => Block::C64(go!(x, y, |p, q| matmul_loop(
            p,
            q,
            |c: C64, u: C64, v: C64| c.add(u.mul(v))
        ))),
        (Block::C128(x), Block::C128(y)) => Block::C128(go!(x, y, |p, q| matmul_loop(
            p,
            q,
            |c: C128, u: C128, v: C128| c.add(u.mul(v))
        ))),
        (Block::Bool(x), Block::Bool(y)) => Block::Bool(go!(x, y, |p, q| matmul_loop(
            p,
            q,
            |c: bool, u: bool, v: bool| c | (u & v)
        ))),
        _ => panic!(
            "internal: tensordot of `{}` and `{}` blocks (the compiler casts to one dtype)",
            a.dtype(),
            b.dtype()
        ),
    }
}

fn add_into<T: Copy>(acc: &mut ArrayD<T>, x: ArrayViewD<T>, add: impl Fn(T, T) -> T) {
    assert_eq!(acc.shape(), x.shape(), "sum_blocks: shapes differ");
    Zip::from(acc).and(&x).for_each(|a, &b| *a = add(*a, b));
}

/// Elementwise sum of same-shape, same-dtype blocks (partial products of a contraction);
/// bool blocks are or-ed. Integers wrap.
pub fn sum_blocks(parts: Vec<Block>) -> Block {
    let mut it = parts.into_iter();
    let first = it.next().expect("sum_blocks of at least one block");
    it.fold(first, |acc, b| match (acc, &b) {
        (Block::F64(mut s), Block::F64(x)) => {
            add_into(&mut s, x.view(), |p, q| p + q);
            Block::F64(s)
        }
        (Block::F32(mut s), Block::F32(x)) => {
            add_into(&mut s, x.view(), |p, q| p + q);
            Block::F32(s)
        }
        (Block::C64(mut s), Block::C64(x)) => {
            add_into(&mut s, x.view(), C64::add);
            Block::C64(s)
        }
        (Block::C128(mut s), Block::C128(x)) => {
            add_into(&mut s, x.view(), C128::add);
            Block::C128(s)
        }
        (Block::I8(mut s), Block::I8(x)) => {
            add_into(&mut s, x.view(), i8::wrapping_add);
            Block::I8(s)
        }
        (Block::I16(mut s), Block::I16(x)) => {
            add_into(&mut s, x.view(), i16::wrapping_add);
            Block::I16(s)
        }
        (Block::I32(mut s), Block::I32(x)) => {
            add_into(&mut s, x.view(), i32::wrapping_add);
            Block::I32(s)
        }
        (Block::I64(mut s), Block::I64(x)) => {
            add_into(&mut s, x.view(), i64::wrapping_add);
            Block::I64(s)
        }
        (Block::U8(mut s), Block::U8(x)) => {
            add_into(&mut s, x.view(), u8::wrapping_add);
            Block::U8(s)
        }
        (Block::U16(mut s), Block::U16(x)) => {
            add_into(&mut s, x.view(), u16::wrapping_add);
            Block::U16(s)
        }
        (Block::U32(mut s), Block::U32(x)) => {
            add_into(&mut s, x.view(), u32::wrapping_add);
            Block::U32(s)
        }
        (Block::U64(mut s), Block::U64(x)) => {
            add_into(&mut s, x.view(), u64::wrapping_add);
            Block::U64(s)
        }
        (Block::Bool(mut s), Block::Bool(x)) => {
            add_into(&mut s, x.view(), |p, q| p | q);
            Block::Bool(s)
        }
        (acc, _) => panic!(
            "internal: sum_blocks of `{}` and `{}` blocks",
            acc.dtype(),
            b.dtype()
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f64_block(shape: &[usize], f: impl Fn(usize) -> f64) -> Block {
        let n: usize = shape.iter().product();
        Block::F64(ArrayD::from_shape_vec(IxDyn(shape), (0..n).map(f).collect()).unwrap())
    }

    fn i64_block(shape: &[usize], f: impl Fn(usize) -> i64) -> Block {
        let n: usize = shape.iter().product();
        Block::I64(ArrayD::from_shape_vec(IxDyn(shape), (0..n).map(f).collect()).unwrap())
    }

    fn assert_close(got: &Block, shape: &[usize], want: &[f64]) {
        assert_eq!(got.shape(), shape);
        for (g, w) in got.to_f64_vec().iter().zip(want) {
            assert!(
                (g - w).abs() <= 1e-12 * w.abs().max(1.0),
                "got {g}, want {w}"
            );
        }
        assert_eq!(got.len(), want.len());
    }

    #[test]
    fn matmul_3x4_4x5() {
        // a = np.arange(12.).reshape(3, 4) * 0.5 - 1; b = np.arange(20.).reshape(4, 5) % 7 - 3
        let a = f64_block(&[3, 4], |i| i as f64 * 0.5 - 1.0);
        let b = f64_block(&[4, 5], |i| (i % 7) as f64 - 3.0);
        let want = [
            1.0, 0.0, 2.5, 1.5, 0.5, -5.0, 2.0, -1.5, 5.5, -1.5, -11.0, 4.0, -5.5, 9.5, -3.5,
        ];
        assert_close(&tensordot(&a, &b, &[1], &[0]), &[3, 5], &want);
        let f32s = tensordot(
            &a.cast(crate::dtype::DType::F32),
            &b.cast(crate::dtype::DType::F32),
            &[1],
            &[0],
        );
        assert_eq!(f32s.dtype(), crate::dtype::DType::F32);
        assert_close(&f32s, &[3, 5], &want);
        let ints = tensordot(
            &a.cast(crate::dtype::DType::I64),
            &b.cast(crate::dtype::DType::I64),
            &[1],
            &[0],
        );
        assert_eq!(ints.dtype(), crate::dtype::DType::I64);
    }

    #[test]
    fn tensordot_3d_two_axes() {
        // a = np.arange(24.).reshape(2, 3, 4) % 5 - 2; b = np.arange(36.).reshape(4, 3, 3) % 7 - 3
        // np.tensordot(a, b, axes=((1, 2), (1, 0))) -> shape (2, 3)
        let a = f64_block(&[2, 3, 4], |i| (i % 5) as f64 - 2.0);
        let b = f64_block(&[4, 3, 3], |i| (i % 7) as f64 - 3.0);
        let want = [6.0, -11.0, 7.0, -12.0, 17.0, 11.0];
        assert_close(&tensordot(&a, &b, &[1, 2], &[1, 0]), &[2, 3], &want);
        // same with int64 data
        let ai = i64_block(&[2, 3, 4], |i| (i % 5) as i64 - 2);
        let bi = i64_block(&[4, 3, 3], |i| (i % 7) as i64 - 3);
        let got = tensordot(&ai, &bi, &[1, 2], &[1, 0]);
        assert_eq!(got.dtype(), crate::dtype::DType::I64);
        assert_close(&got, &[2, 3], &want);
    }

    #[test]
    fn tensordot_axes_0_1_over_3d() {
        // np.tensordot(a, b, axes=((0,), (1,))) with a (2,3,4), b (3,2,2) -> (3, 4, 3, 2)
        // a = np.arange(24).reshape(2,3,4) % 5 - 2; b = np.arange(12).reshape(3,2,2) - 6
        let a = i64_block(&[2, 3, 4], |i| (i % 5) as i64 - 2);
        let b = i64_block(&[3, 2, 2], |i| i as i64 - 6);
        let got = tensordot(&a, &b, &[0], &[1]);
        assert_eq!(got.shape(), &[3, 4, 3, 2]);
        // np.tensordot(a, b, axes=((0,), (1,))).ravel()[:8] and [-4:]
        let v = got.to_f64_vec();
        assert_eq!(v[..8], [12.0, 10.0, 4.0, 2.0, -4.0, -6.0, 2.0, 2.0]);
        assert_eq!(v[v.len() - 4..], [2.0, 2.0, 2.0, 2.0]);
    }

    #[test]
    fn vector_and_matrix_vector() {
        let v = f64_block(&[4], |i| i as f64 + 1.0);
        let dot = tensordot(&v, &v, &[0], &[0]);
        assert_close(&dot, &[], &[30.0]);
        let m = f64_block(&[3, 4], |i| i as f64);
        // np.arange(12.).reshape(3, 4) @ [1, 2, 3, 4] -> [20, 60, 100]
        assert_close(&tensordot(&m, &v, &[1], &[0]), &[3], &[20.0, 60.0, 100.0]);
    }

    #[test]
    fn bool_product_is_or_of_ands() {
        let a = Block::Bool(
            ArrayD::from_shape_vec(IxDyn(&[2, 2]), vec![true, false, false, false]).unwrap(),
        );
        let b = Block::Bool(
            ArrayD::from_shape_vec(IxDyn(&[2, 2]), vec![false, true, true, true]).unwrap(),
        );
        // numpy: a @ b -> [[False, True], [False, False]]
        let got = tensordot(&a, &b, &[1], &[0]);
        assert_eq!(
            got,
            Block::Bool(
                ArrayD::from_shape_vec(IxDyn(&[2, 2]), vec![false, true, false, false]).unwrap()
            )
        );
    }

    #[test]
    fn sum_blocks_adds() {
        let a = i64_block(&[2, 2], |i| i as i64);
        let got = sum_blocks(vec![a.clone(), a.clone(), a]);
        assert_eq!(got.to_f64_vec(), vec![0.0, 3.0, 6.0, 9.0]);
    }
}
