//! Dense linear algebra on blocks through faer: QR, SVD, solves; and the task kernels of
//! TSQR (tall-skinny QR), which pass `[Q; R]` stacked in one block between tree levels.
//!
//! ```text
//! X0 -> QrStack -> [Q0; R0] ─┐
//! X1 -> QrStack -> [Q1; R1] ─┴ QrStack(packed) -> [Q'; R]    (root; SvdOfR -> [U_r; s; Vt])
//! Q of block i = Q_i @ (rows of Q' for child i) @ ... @ U_r    (QrApply, top-down)
//! ```
//! Every kernel runs on one thread (`Par::Seq`): the scheduler runs one task per core.

use super::Block;
use faer::linalg::solvers::{DenseSolveCore, Solve};
use faer::{Mat, MatMut, MatRef, Par};
use ndarray::{ArrayD, IxDyn, ShapeBuilder};

/// A dense linear algebra task's computation.
#[derive(Debug, Clone, PartialEq)]
pub enum Kernel {
    /// QR of the inputs stacked by rows (or, `packed`, of the last `n` rows of each: the R's
    /// of lower tree levels) -> `[Q; R]`, R with a non-negative diagonal. `householder` (a
    /// real leaf of m ≥ n rows): Q kept as its reflectors, `[V; T; d; R]` (`qr_householder`).
    QrStack {
        packed: bool,
        n: usize,
        householder: bool,
    },
    /// Thin SVD of the R in the last `n` rows of a packed block -> `[U_r; s; Vt]` ((2n+1)×n).
    SvdOfR { n: usize },
    /// Rows `start..start+len` of input 0, times rows `m_start..m_start+n` of input 1 when
    /// `m_start` is given (the factor handed down the tree). `leaf`: input 0 is a
    /// `householder` leaf, whose reflectors are applied to the factor (`leaf_apply`).
    QrApply {
        start: usize,
        len: usize,
        m_start: Option<usize>,
        n: usize,
        leaf: bool,
    },
    /// Rows `start..start+len` of input 0; `flatten` turns a single row into a vector.
    Rows {
        start: usize,
        len: usize,
        flatten: bool,
    },
    /// A whole-matrix operation on single-block inputs.
    Dense(Dense),
}

/// Operations on whole (small) matrices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dense {
    /// `solve(a, b)`: a square, b a vector or a matrix.
    Solve,
    /// `inv(a)`.
    Inv,
    /// `det(a)`: a 0-d result.
    Det,
    /// Lower Cholesky factor of a symmetric positive definite matrix.
    Cholesky,
    /// `r^-1 b` for upper triangular `r` (least squares through QR).
    SolveUpper,
    /// Thin QR of a whole matrix (reference evaluator): `q` or `r`.
    QrQ,
    QrR,
    /// Thin SVD of a whole matrix (reference evaluator): `u`, `s` or `vh`.
    SvdU,
    SvdS,
    SvdV,
    /// Full SVD of a whole matrix (numpy's `full_matrices=True`): `u` m×m, `s`, `vh` n×n,
    /// all three from the same factorization so that they agree on signs.
    SvdUFull,
    SvdSFull,
    SvdVFull,
    /// General eigendecomposition, packed `[w; v]` ((n+1)×n complex, `kernels::eig`).
    Eig,
    /// Symmetric eigendecomposition of the lower triangle, packed `[w; v]` (real).
    Eigh,
}

impl Dense {
    /// The result dtype for a float or complex input of dtype `x`.
    pub fn out_dtype(self, x: crate::dtype::DType) -> crate::dtype::DType {
        match self {
            Dense::Eig if !x.is_complex() => x.to_complex(),
            _ => x,
        }
    }
}

/// A float type faer factorises.
pub trait Real: faer::traits::RealField + Copy + Default + std::ops::Neg<Output = Self> {
    fn wrap(a: ArrayD<Self>) -> Block;
    fn unwrap(b: &Block) -> &ArrayD<Self>;
}

impl Real for f64 {
    fn wrap(a: ArrayD<f64>) -> Block {
        Block::F64(a)
    }
    fn unwrap(b: &Block) -> &ArrayD<f64> {
        match b {
            Block::F64(a) => a,
            other => panic!("internal: linalg expects float64, got {}", other.dtype()),
        }
    }
}

impl Real for f32 {
    fn wrap(a: ArrayD<f32>) -> Block {
        Block::F32(a)
    }
    fn unwrap(b: &Block) -> &ArrayD<f32> {
        match b {
            Block::F32(a) => a,
            other => panic!("internal: linalg expects float32, got {}", other.dtype()),
        }
    }
}

/// A 1-d array is a column.
fn as_mat<T: Real>(a: &ArrayD<T>) -> MatRef<'_, T> {
    let (m, n, rs, cs) = match a.ndim() {
        1 => (a.shape()[0], 1, a.strides()[0], 1),
        2 => (a.shape()[0], a.shape()[1], a.strides()[0], a.strides()[1]),
        d => panic!("internal: linalg on a {d}-d block"),
    };
    // SAFETY: the ndarray outlives the view; shape and strides are its own.
    unsafe { MatRef::from_raw_parts(a.as_ptr(), m, n, rs, cs) }
}

/// A C-order array of `m`'s values, copied in 32×32 tiles (a column-major `m` is read
/// along its columns inside each tile, not element by element across them).
fn to_array<T: Real>(m: MatRef<'_, T>) -> ArrayD<T> {
    const TILE: usize = 32;
    let (r, c) = (m.nrows(), m.ncols());
    let mut v = vec![T::zero_impl(); r * c];
    for i0 in (0..r).step_by(TILE) {
        for j0 in (0..c).step_by(TILE) {
            for j in j0..(j0 + TILE).min(c) {
                for i in i0..(i0 + TILE).min(r) {
                    v[i * c + j] = m[(i, j)];
                }
            }
        }
    }
    ArrayD::from_shape_vec(IxDyn(&[r, c]), v).expect("r*c values")
}

/// An F-order (column-major) array of `r`×`c` values filled by `fill` through a faer view:
/// the TSQR tree's internal blocks, which only faer reads.
fn f_array<T: Real>(r: usize, c: usize, fill: impl FnOnce(MatMut<'_, T>)) -> ArrayD<T> {
    let mut v = vec![T::zero_impl(); r * c];
    fill(MatMut::from_column_major_slice_mut(&mut v, r, c));
    ArrayD::from_shape_vec(IxDyn(&[r, c]).f(), v).expect("r*c values")
}

/// `[Q; R]` of the thin QR of a tall `a` (m ≥ n) as one F-order block, Q formed straight
/// into the block's top rows (no separate Q, no stacked copy); R's diagonal non-negative.
fn qr_packed<T: Real>(a: MatRef<'_, T>) -> ArrayD<T> {
    let (m, n) = (a.nrows(), a.ncols());
    debug_assert!(m >= n);
    let f = a.qr();
    f_array(m + n, n, |mut out| {
        let (mut q, mut r) = out.as_mut().split_at_row_mut(m);
        for i in 0..n {
            q[(i, i)] = T::one_impl();
        }
        let scratch = faer::linalg::householder::apply_block_householder_sequence_on_the_left_in_place_scratch::<T>(
            m,
            f.Q_coeff().nrows(),
            n,
        );
        faer::linalg::householder::apply_block_householder_sequence_on_the_left_in_place_with_conj(
            f.Q_basis(),
            f.Q_coeff(),
            faer::Conj::No,
            q.as_mut(),
            Par::Seq,
            faer::dyn_stack::MemStack::new(&mut faer::dyn_stack::MemBuffer::new(scratch)),
        );
        r.copy_from_triangular_upper(f.thin_R());
        for i in 0..n {
            if r[(i, i)] < T::zero_impl() {
                for j in i..n {
                    r[(i, j)] = -r[(i, j)];
                }
                for k in 0..m {
                    q[(k, i)] = -q[(k, i)];
                }
            }
        }
    })
}

/// Block size of the Householder reflectors of an m×n leaf (faer's choice).
fn reflector_block<T: Real>(m: usize, n: usize) -> usize {
    faer::linalg::qr::no_pivoting::factor::recommended_block_size::<T>(m, n)
}

/// Householder QR of a tall block `a` (m ≥ n), computed in place in an F-order block of
/// (m + 2n + 1) × n rows `[V; T; d; R]`: V the unit lower reflector basis (m rows), T the
/// block reflectors' factors (the first `reflector_block` of n rows), d the ±1 signs that make
/// R's diagonal non-negative, R (the last n rows, where the packed levels read it). Q is
/// never formed: Q = H [diag(d); 0], applied to the factor coming down the tree.
fn qr_householder<T: Real>(a: MatRef<'_, T>) -> ArrayD<T> {
    use faer::linalg::qr::no_pivoting::factor::{qr_in_place, qr_in_place_scratch};
    let (m, n) = (a.nrows(), a.ncols());
    debug_assert!(m >= n && n > 0);
    let bs = reflector_block::<T>(m, n);
    f_array(m + 2 * n + 1, n, |mut out| {
        let (mut v, rest) = out.as_mut().split_at_row_mut(m);
        let (mut t, rest) = rest.split_at_row_mut(n);
        let (mut d, mut r) = rest.split_at_row_mut(1);
        v.copy_from(a);
        let scratch = qr_in_place_scratch::<T>(m, n, bs, Par::Seq, Default::default());
        qr_in_place(
            v.as_mut(),
            t.as_mut().subrows_mut(0, bs),
            Par::Seq,
            faer::dyn_stack::MemStack::new(&mut faer::dyn_stack::MemBuffer::new(scratch)),
            Default::default(),
        );
        for i in 0..n {
            let neg = v[(i, i)] < T::zero_impl();
            d[(0, i)] = if neg { -T::one_impl() } else { T::one_impl() };
            for j in i..n {
                r[(i, j)] = if neg { -v[(i, j)] } else { v[(i, j)] };
            }
        }
        for j in 0..n {
            for i in 0..j {
                v[(i, j)] = T::zero_impl();
            }
            v[(j, j)] = T::one_impl();
        }
    })
}

/// Q (m×n) of a `qr_householder` leaf times `factor` (n×n; the identity when None), as a
/// C-order block: the reflectors applied to `[diag(d) factor; 0]`.
fn leaf_apply<T: Real>(leaf: MatRef<'_, T>, m: usize, factor: Option<MatRef<'_, T>>) -> ArrayD<T> {
    use faer::linalg::householder as hh;
    let n = leaf.ncols();
    let bs = reflector_block::<T>(m, n);
    let (v, t, d) = (leaf.subrows(0, m), leaf.subrows(m, bs), leaf.row(m + n));
    let mut out = vec![T::zero_impl(); m * n];
    let mut o = MatMut::from_row_major_slice_mut(&mut out, m, n);
    for i in 0..n {
        for j in 0..n {
            o[(i, j)] = match factor {
                Some(f) => d[i] * f[(i, j)],
                None if i == j => d[i],
                None => T::zero_impl(),
            };
        }
    }
    let scratch = hh::apply_block_householder_sequence_on_the_left_in_place_scratch::<T>(m, bs, n);
    hh::apply_block_householder_sequence_on_the_left_in_place_with_conj(
        v,
        t,
        faer::Conj::No,
        o.as_mut(),
        Par::Seq,
        faer::dyn_stack::MemStack::new(&mut faer::dyn_stack::MemBuffer::new(scratch)),
    );
    ArrayD::from_shape_vec(IxDyn(&[m, n]), out).expect("m*n values")
}

/// Thin QR `a = q r` with `r`'s diagonal made non-negative, so the factors are unique for a
/// full-rank `a` (whatever the blocking that computed them).
pub fn qr<T: Real>(a: MatRef<'_, T>) -> (Mat<T>, Mat<T>) {
    let f = a.qr();
    let mut q = f.compute_thin_Q();
    let mut r = f.thin_R().to_owned();
    for i in 0..r.nrows().min(r.ncols()) {
        if r[(i, i)] < T::zero_impl() {
            for j in 0..r.ncols() {
                r[(i, j)] = -r[(i, j)];
            }
            for k in 0..q.nrows() {
                q[(k, i)] = -q[(k, i)];
            }
        }
    }
    (q, r)
}

/// Thin SVD `a = u diag(s) vt`, s descending; each pair of singular vectors is signed so that
/// the largest-magnitude entry of the row of `vt` is positive.
pub fn svd<T: Real>(a: MatRef<'_, T>) -> (Mat<T>, Vec<T>, Mat<T>) {
    svd_of(a, false)
}

/// `svd`, or with `full` the full SVD: `u` m×m and `vt` n×n (the vectors past the k = min(m, n)
/// singular values complete the bases; the first k are signed as in `svd`).
pub fn svd_of<T: Real>(a: MatRef<'_, T>, full: bool) -> (Mat<T>, Vec<T>, Mat<T>) {
    let k = a.nrows().min(a.ncols());
    let (ur, vr) = if full { (a.nrows(), a.ncols()) } else { (k, k) };
    if k == 0 {
        return (
            Mat::identity(a.nrows(), ur),
            vec![],
            Mat::identity(vr, a.ncols()),
        );
    }
    let f = if full { a.svd() } else { a.thin_svd() };
    let f = match f {
        Ok(f) => f,
        // No convergence (NaN input): NaN results, as LAPACK would give garbage.
        Err(_) => {
            let nan = T::zero_impl() / T::zero_impl();
            return (
                Mat::from_fn(a.nrows(), ur, |_, _| nan),
                vec![nan; k],
                Mat::from_fn(vr, a.ncols(), |_, _| nan),
            );
        }
    };
    let mut u = f.U().to_owned();
    let mut vt = f.V().transpose().to_owned();
    let s: Vec<T> = (0..k).map(|i| f.S()[i]).collect();
    for i in 0..k {
        let mut best = 0;
        for j in 0..vt.ncols() {
            if absv(vt[(i, j)]) > absv(vt[(i, best)]) {
                best = j;
            }
        }
        if vt[(i, best)] < T::zero_impl() {
            for j in 0..vt.ncols() {
                vt[(i, j)] = -vt[(i, j)];
            }
            for r in 0..u.nrows() {
                u[(r, i)] = -u[(r, i)];
            }
        }
    }
    (u, s, vt)
}

fn absv<T: Real>(x: T) -> T {
    if x < T::zero_impl() {
        -x
    } else {
        x
    }
}

fn rows<T: Real>(a: &ArrayD<T>, start: usize, len: usize) -> MatRef<'_, T> {
    as_mat(a).subrows(start, len)
}

fn stack<T: Real>(parts: &[MatRef<'_, T>]) -> Mat<T> {
    let n = parts[0].ncols();
    let m: usize = parts.iter().map(|p| p.nrows()).sum();
    let mut out = Mat::<T>::zeros(m, n);
    let mut at = 0;
    for p in parts {
        out.as_mut().subrows_mut(at, p.nrows()).copy_from(p);
        at += p.nrows();
    }
    out
}

fn run_typed<T: Real>(k: &Kernel, ins: &[&Block]) -> Result<Block, String> {
    let arr = |i: usize| T::unwrap(ins[i]);
    let out: ArrayD<T> = match k {
        Kernel::QrStack {
            householder: true, ..
        } => qr_householder(as_mat(arr(0))),
        Kernel::QrStack { packed, n, .. } => {
            let parts: Vec<MatRef<T>> = ins
                .iter()
                .map(|b| {
                    let a = T::unwrap(b);
                    if *packed {
                        rows(a, a.shape()[0] - n, *n)
                    } else {
                        as_mat(a)
                    }
                })
                .collect();
            let m: usize = parts.iter().map(|p| p.nrows()).sum();
            if m >= *n && parts[0].ncols() == *n {
                if parts.len() == 1 {
                    qr_packed(parts[0])
                } else {
                    qr_packed(stack(&parts).as_ref())
                }
            } else {
                let (q, r) = if parts.len() == 1 {
                    qr(parts[0])
                } else {
                    qr(stack(&parts).as_ref())
                };
                to_array(stack(&[q.as_ref(), r.as_ref()]).as_ref())
            }
        }
        Kernel::SvdOfR { n } => {
            let a = arr(0);
            let (u, s, vt) = svd(rows(a, a.shape()[0] - n, *n));
            let srow = Mat::from_fn(1, *n, |_, j| s[j]);
            to_array(stack(&[u.as_ref(), srow.as_ref(), vt.as_ref()]).as_ref())
        }
        Kernel::QrApply {
            len,
            m_start,
            n,
            leaf: true,
            ..
        } => leaf_apply(as_mat(arr(0)), *len, m_start.map(|ms| rows(arr(1), ms, *n))),
        Kernel::QrApply {
            start,
            len,
            m_start,
            n,
            ..
        } => {
            let q = rows(arr(0), *start, *len);
            match m_start {
                Some(ms) => {
                    // Straight into a C-order block: faer's gemm writes row-major output.
                    let mut v = vec![T::zero_impl(); len * n];
                    faer::linalg::matmul::matmul(
                        MatMut::from_row_major_slice_mut(&mut v, *len, *n),
                        faer::Accum::Replace,
                        q,
                        rows(arr(1), *ms, *n),
                        T::one_impl(),
                        Par::Seq,
                    );
                    ArrayD::from_shape_vec(IxDyn(&[*len, *n]), v).expect("len*n values")
                }
                None => to_array(q),
            }
        }
        Kernel::Rows {
            start,
            len,
            flatten,
        } => {
            let r = to_array(rows(arr(0), *start, *len));
            if *flatten {
                let n = r.len();
                r.into_shape_with_order(IxDyn(&[n])).expect("one row")
            } else {
                r
            }
        }
        Kernel::Dense(d) => dense::<T>(*d, ins)?,
    };
    Ok(T::wrap(out))
}

fn vector_if<T: Real>(a: ArrayD<T>, like: &Block) -> ArrayD<T> {
    if like.shape().len() == 1 {
        let n = a.len();
        a.into_shape_with_order(IxDyn(&[n])).expect("one column")
    } else {
        a
    }
}

/// numpy's LinAlgError for an exactly singular matrix (LAPACK's zero pivot).
fn nonsingular<T: Real>(lu: &faer::linalg::solvers::PartialPivLu<T>) -> Result<(), String> {
    let u = lu.U();
    if (0..u.nrows().min(u.ncols())).any(|i| u[(i, i)] == T::zero_impl()) {
        return Err("singular matrix".into());
    }
    Ok(())
}

fn dense<T: Real>(d: Dense, ins: &[&Block]) -> Result<ArrayD<T>, String> {
    let a = as_mat(T::unwrap(ins[0]));
    Ok(match d {
        Dense::Solve => {
            let lu = a.partial_piv_lu();
            nonsingular(&lu)?;
            let x = lu.solve(as_mat(T::unwrap(ins[1])));
            vector_if(to_array(x.as_ref()), ins[1])
        }
        Dense::Inv => {
            let lu = a.partial_piv_lu();
            nonsingular(&lu)?;
            to_array(lu.inverse().as_ref())
        }
        Dense::Det => {
            let det = if a.nrows() == 0 {
                T::one_impl()
            } else {
                a.determinant()
            };
            ArrayD::from_elem(IxDyn(&[]), det)
        }
        Dense::Cholesky => match a.llt(faer::Side::Lower) {
            Ok(f) => {
                let l = f.L();
                to_array(
                    Mat::from_fn(l.nrows(), l.ncols(), |i, j| {
                        if j <= i {
                            l[(i, j)]
                        } else {
                            T::zero_impl()
                        }
                    })
                    .as_ref(),
                )
            }
            // Not positive definite: NaN, which the caller turns into an error message.
            Err(_) => {
                let nan = T::zero_impl() / T::zero_impl();
                to_array(Mat::from_fn(a.nrows(), a.ncols(), |_, _| nan).as_ref())
            }
        },
        Dense::SolveUpper => {
            let mut x = as_mat(T::unwrap(ins[1])).to_owned();
            faer::linalg::triangular_solve::solve_upper_triangular_in_place(
                a,
                x.as_mut(),
                Par::Seq,
            );
            vector_if(to_array(x.as_ref()), ins[1])
        }
        Dense::QrQ => to_array(qr(a).0.as_ref()),
        Dense::QrR => to_array(qr(a).1.as_ref()),
        Dense::SvdU => to_array(svd(a).0.as_ref()),
        Dense::SvdS => {
            let s = svd(a).1;
            ArrayD::from_shape_vec(IxDyn(&[s.len()]), s).expect("k values")
        }
        Dense::SvdV => to_array(svd(a).2.as_ref()),
        Dense::SvdUFull => to_array(svd_of(a, true).0.as_ref()),
        Dense::SvdSFull => {
            let s = svd_of(a, true).1;
            ArrayD::from_shape_vec(IxDyn(&[s.len()]), s).expect("k values")
        }
        Dense::SvdVFull => to_array(svd_of(a, true).2.as_ref()),
        Dense::Eig | Dense::Eigh => unreachable!("run hands these to kernels::eig"),
    })
}

/// A short name for graphs.
pub fn name(k: &Kernel) -> String {
    match k {
        Kernel::QrStack { packed: false, .. } => "qr".into(),
        Kernel::QrStack { packed: true, .. } => "qr-of-rs".into(),
        Kernel::SvdOfR { .. } => "svd-of-r".into(),
        Kernel::QrApply { m_start: None, .. } => "q-rows".into(),
        Kernel::QrApply { .. } => "q-times-factor".into(),
        Kernel::Rows { .. } => "rows".into(),
        Kernel::Dense(d) => format!("{d:?}").to_lowercase(),
    }
}

/// Runs a linear algebra kernel on float blocks of one dtype (complex ones: `linalg_complex`).
pub fn run(k: &Kernel, ins: &[&Block]) -> Result<Block, String> {
    match k {
        Kernel::Dense(Dense::Eig) => return super::eig::eig_block(ins[0], false),
        Kernel::Dense(Dense::Eigh) => return super::eig::eig_block(ins[0], true),
        _ => {}
    }
    if ins.iter().any(|b| b.dtype().is_complex()) {
        return super::linalg_complex::run(k, ins);
    }
    match ins[0] {
        Block::F32(_) => run_typed::<f32>(k, ins),
        _ => run_typed::<f64>(k, ins),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(m: usize, n: usize, f: impl Fn(usize, usize) -> f64) -> Block {
        let v = (0..m * n).map(|i| f(i / n, i % n)).collect();
        Block::F64(ArrayD::from_shape_vec(IxDyn(&[m, n]), v).unwrap())
    }

    fn matrix(b: &Block) -> Vec<Vec<f64>> {
        let n = b.shape()[1];
        b.to_f64_vec().chunks(n).map(|r| r.to_vec()).collect()
    }

    fn product(a: &[Vec<f64>], b: &[Vec<f64>]) -> Vec<Vec<f64>> {
        a.iter()
            .map(|r| {
                (0..b[0].len())
                    .map(|j| r.iter().zip(b).map(|(x, br)| x * br[j]).sum())
                    .collect()
            })
            .collect()
    }

    fn assert_close(a: &[Vec<f64>], b: &[Vec<f64>], tol: f64) {
        for (ra, rb) in a.iter().zip(b) {
            for (x, y) in ra.iter().zip(rb) {
                assert!((x - y).abs() < tol, "{x} vs {y}");
            }
        }
    }

    // a[i][j] = sin(3i + j) + (i == j): well conditioned.
    fn sample(m: usize, n: usize) -> Block {
        block(m, n, |i, j| {
            ((3 * i + j) as f64).sin() + (i == j) as u8 as f64
        })
    }

    #[test]
    fn tsqr_of_two_blocks_matches_direct_qr() {
        // Leaves with Q formed, and Householder leaves whose Q is applied to the factor.
        for householder in [false, true] {
            let x = sample(10, 3);
            let (top, bottom) = (Block::F64(T_rows(&x, 0, 6)), Block::F64(T_rows(&x, 6, 4)));
            let leaf = |b: &Block| {
                let k = Kernel::QrStack {
                    packed: false,
                    n: 3,
                    householder,
                };
                run(&k, &[b]).unwrap()
            };
            let (leaf0, leaf1) = (leaf(&top), leaf(&bottom));
            let packed = Kernel::QrStack {
                packed: true,
                n: 3,
                householder: false,
            };
            let root = run(&packed, &[&leaf0, &leaf1]).unwrap();
            let r = run(
                &Kernel::Rows {
                    start: 6,
                    len: 3,
                    flatten: false,
                },
                &[&root],
            )
            .unwrap();
            let direct_r = run(&Kernel::Dense(Dense::QrR), &[&x]).unwrap();
            assert_close(&matrix(&r), &matrix(&direct_r), 1e-12);
            let m0 = run(
                &Kernel::QrApply {
                    start: 0,
                    len: 3,
                    m_start: None,
                    n: 3,
                    leaf: false,
                },
                &[&root],
            )
            .unwrap();
            let q0 = run(
                &Kernel::QrApply {
                    start: 0,
                    len: 6,
                    m_start: Some(0),
                    n: 3,
                    leaf: householder,
                },
                &[&leaf0, &m0],
            )
            .unwrap();
            let direct_q = matrix(&run(&Kernel::Dense(Dense::QrQ), &[&x]).unwrap());
            assert_close(&matrix(&q0), &direct_q[..6], 1e-12);
            // A single leaf's own Q (a one-block TSQR): the direct Q of its rows.
            let q_top = run(
                &Kernel::QrApply {
                    start: 0,
                    len: 6,
                    m_start: None,
                    n: 3,
                    leaf: householder,
                },
                &[&leaf0],
            )
            .unwrap();
            let direct_top = matrix(&run(&Kernel::Dense(Dense::QrQ), &[&top]).unwrap());
            assert_close(&matrix(&q_top), &direct_top, 1e-12);
            // numpy: np.linalg.qr(a) up to signs; |R[0,0]| = norm of column 0
            let col0: f64 = matrix(&x).iter().map(|r| r[0] * r[0]).sum::<f64>().sqrt();
            assert!((matrix(&r)[0][0] - col0).abs() < 1e-12);
        }
    }

    #[allow(non_snake_case)]
    fn T_rows(b: &Block, start: usize, len: usize) -> ArrayD<f64> {
        match run(
            &Kernel::Rows {
                start,
                len,
                flatten: false,
            },
            &[b],
        )
        .unwrap()
        {
            Block::F64(a) => a,
            _ => unreachable!(),
        }
    }

    #[test]
    fn svd_reconstructs_and_is_descending() {
        let x = sample(7, 4);
        let u = matrix(&run(&Kernel::Dense(Dense::SvdU), &[&x]).unwrap());
        let s = run(&Kernel::Dense(Dense::SvdS), &[&x])
            .unwrap()
            .to_f64_vec();
        let v = matrix(&run(&Kernel::Dense(Dense::SvdV), &[&x]).unwrap());
        assert!(s.windows(2).all(|w| w[0] >= w[1]));
        let us: Vec<Vec<f64>> = u
            .iter()
            .map(|r| r.iter().zip(&s).map(|(a, b)| a * b).collect())
            .collect();
        assert_close(&product(&us, &v), &matrix(&x), 1e-12);
        // Frobenius norm squared equals the sum of squared singular values.
        let fro: f64 = x.to_f64_vec().iter().map(|a| a * a).sum();
        assert!((fro - s.iter().map(|a| a * a).sum::<f64>()).abs() < 1e-10);
    }

    #[test]
    fn full_svd_completes_the_bases_and_agrees_with_thin() {
        for (m, n) in [(7, 4), (3, 6)] {
            let x = sample(m, n);
            let k = m.min(n);
            let u = matrix(&run(&Kernel::Dense(Dense::SvdUFull), &[&x]).unwrap());
            let s = run(&Kernel::Dense(Dense::SvdSFull), &[&x])
                .unwrap()
                .to_f64_vec();
            let v = matrix(&run(&Kernel::Dense(Dense::SvdVFull), &[&x]).unwrap());
            assert_eq!(
                (u.len(), u[0].len(), s.len(), v.len(), v[0].len()),
                (m, m, k, n, n)
            );
            let eye = |d: usize| -> Vec<Vec<f64>> {
                (0..d)
                    .map(|i| (0..d).map(|j| (i == j) as u8 as f64).collect())
                    .collect()
            };
            let t = |a: &[Vec<f64>]| -> Vec<Vec<f64>> {
                (0..a[0].len())
                    .map(|j| a.iter().map(|r| r[j]).collect())
                    .collect()
            };
            assert_close(&product(&t(&u), &u), &eye(m), 1e-12);
            assert_close(&product(&v, &t(&v)), &eye(n), 1e-12);
            // u[:, :k] diag(s) vh[:k] rebuilds x; the first k vectors are the thin ones.
            let us: Vec<Vec<f64>> = u
                .iter()
                .map(|r| (0..k).map(|j| r[j] * s[j]).collect())
                .collect();
            assert_close(&product(&us, &v[..k]), &matrix(&x), 1e-12);
            let thin_s = run(&Kernel::Dense(Dense::SvdS), &[&x])
                .unwrap()
                .to_f64_vec();
            assert_close(&[s.clone()], &[thin_s], 1e-12);
            let thin_v = matrix(&run(&Kernel::Dense(Dense::SvdV), &[&x]).unwrap());
            assert_close(&v[..k], &thin_v, 1e-10);
        }
    }

    #[test]
    fn solve_inv_cholesky_f32_and_f64() {
        // a = [[4, 2], [2, 3]], b = [2, 1]: numpy.linalg.solve -> [0.5, 0.0]
        let a = block(2, 2, |i, j| [[4.0, 2.0], [2.0, 3.0]][i][j]);
        let b = Block::F64(ArrayD::from_shape_vec(IxDyn(&[2]), vec![2.0, 1.0]).unwrap());
        let x = run(&Kernel::Dense(Dense::Solve), &[&a, &b]).unwrap();
        assert_eq!(x.shape(), &[2]);
        assert_close(&[x.to_f64_vec()], &[vec![0.5, 0.0]], 1e-12);
        // inv = [[0.375, -0.25], [-0.25, 0.5]]
        let inv = run(
            &Kernel::Dense(Dense::Inv),
            &[&a.cast(crate::dtype::DType::F32)],
        )
        .unwrap();
        assert_eq!(inv.dtype(), crate::dtype::DType::F32);
        assert_close(&matrix(&inv), &[vec![0.375, -0.25], vec![-0.25, 0.5]], 1e-6);
        // cholesky = [[2, 0], [1, sqrt(2)]]
        let l = run(&Kernel::Dense(Dense::Cholesky), &[&a]).unwrap();
        assert_close(
            &matrix(&l),
            &[vec![2.0, 0.0], vec![1.0, 2f64.sqrt()]],
            1e-12,
        );
    }
}
