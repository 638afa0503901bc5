//! Dense linear algebra on complex blocks: complex64/complex128 matrices -> the kernels of
//! `linalg` (TSQR parts, solves, whole-matrix factors), computed in complex128 through faer
//! and rounded back to complex64 for complex64 inputs.
//!
//! Conventions match the real kernels with a phase in place of a sign: `qr`'s R has a real
//! non-negative diagonal, and each pair of singular vectors is turned so that the entry of
//! largest magnitude of the row of `vh` is real and positive. Singular values travel as
//! complex numbers with a zero imaginary part (the lazy side takes their real part).

use super::complex::Cx;
use super::linalg::{Dense, Kernel};
use super::Block;
use crate::dtype::DType;
use faer::linalg::solvers::{DenseSolveCore, Solve};
use faer::{Mat, MatRef, Par};
use ndarray::{ArrayD, IxDyn};
use num_complex::Complex;

type C = Complex<f64>;

const ZERO: C = C::new(0.0, 0.0);
const ONE: C = C::new(1.0, 0.0);
const NAN: C = C::new(f64::NAN, f64::NAN);

/// A complex block as complex128 values, 1-d as a column.
fn to_mat(b: &Block) -> Mat<C> {
    let a = match b.cast(DType::C128) {
        Block::C128(a) => a,
        other => panic!("internal: complex linalg on {}", other.dtype()),
    };
    let (m, n) = match a.ndim() {
        0 => (1, 1),
        1 => (a.shape()[0], 1),
        2 => (a.shape()[0], a.shape()[1]),
        d => panic!("internal: linalg on a {d}-d block"),
    };
    let flat: Vec<C> = a.iter().map(|z| z.0).collect();
    Mat::from_fn(m, n, |i, j| flat[i * n + j])
}

fn to_block(m: MatRef<'_, C>, shape: &[usize], single: bool) -> Block {
    let mut v = Vec::with_capacity(m.nrows() * m.ncols());
    for i in 0..m.nrows() {
        for j in 0..m.ncols() {
            v.push(Cx(m[(i, j)]));
        }
    }
    let b = Block::C128(ArrayD::from_shape_vec(IxDyn(shape), v).expect("matching size"));
    if single {
        b.cast(DType::C64)
    } else {
        b
    }
}

fn mat_mul(a: MatRef<'_, C>, b: MatRef<'_, C>) -> Mat<C> {
    let mut c = Mat::<C>::zeros(a.nrows(), b.ncols());
    faer::linalg::matmul::matmul(c.as_mut(), faer::Accum::Replace, a, b, ONE, Par::Seq);
    c
}

/// `z / |z|`, 1 for zero.
fn phase(z: C) -> C {
    let r = z.norm();
    if r > 0.0 {
        z / r
    } else {
        ONE
    }
}

/// Thin QR with a real non-negative diagonal of `r`.
fn qr(a: MatRef<'_, C>) -> (Mat<C>, Mat<C>) {
    let f = a.qr();
    let mut q = f.compute_thin_Q();
    let mut r = f.thin_R().to_owned();
    for i in 0..r.nrows().min(r.ncols()) {
        let p = phase(r[(i, i)]);
        for j in 0..r.ncols() {
            r[(i, j)] *= p.conj();
        }
        r[(i, i)] = C::new(r[(i, i)].re, 0.0);
        for k in 0..q.nrows() {
            q[(k, i)] *= p;
        }
    }
    (q, r)
}

/// Thin SVD `a = u diag(s) vh`, s descending, phases as the module doc says.
fn svd(a: MatRef<'_, C>) -> (Mat<C>, Vec<f64>, Mat<C>) {
    svd_of(a, false)
}

/// `svd`, or with `full` the full SVD (`u` m×m, `vh` n×n; the first k vectors phased as in `svd`).
fn svd_of(a: MatRef<'_, C>, full: bool) -> (Mat<C>, Vec<f64>, Mat<C>) {
    let k = a.nrows().min(a.ncols());
    let (ur, vr) = if full { (a.nrows(), a.ncols()) } else { (k, k) };
    let f = if full { a.svd() } else { a.thin_svd() };
    let f = match f {
        Ok(f) => f,
        Err(_) => {
            return (
                Mat::from_fn(a.nrows(), ur, |_, _| NAN),
                vec![f64::NAN; k],
                Mat::from_fn(vr, a.ncols(), |_, _| NAN),
            )
        }
    };
    let mut u = f.U().to_owned();
    let v = f.V();
    let mut vh = Mat::from_fn(vr, a.ncols(), |i, j| v[(j, i)].conj());
    let s: Vec<f64> = (0..k).map(|i| f.S()[i].re).collect();
    for i in 0..k {
        let mut best = 0;
        for j in 0..vh.ncols() {
            if vh[(i, j)].norm() > vh[(i, best)].norm() {
                best = j;
            }
        }
        let p = phase(vh[(i, best)]);
        for j in 0..vh.ncols() {
            vh[(i, j)] *= p.conj();
        }
        vh[(i, best)] = C::new(vh[(i, best)].re, 0.0);
        for r in 0..u.nrows() {
            u[(r, i)] *= p;
        }
    }
    (u, s, vh)
}

fn stack(parts: &[MatRef<'_, C>]) -> Mat<C> {
    let n = parts[0].ncols();
    let m: usize = parts.iter().map(|p| p.nrows()).sum();
    let mut out = Mat::<C>::zeros(m, n);
    let mut at = 0;
    for p in parts {
        out.as_mut().subrows_mut(at, p.nrows()).copy_from(p);
        at += p.nrows();
    }
    out
}

fn row_of(s: &[f64]) -> Mat<C> {
    Mat::from_fn(1, s.len(), |_, j| C::new(s[j], 0.0))
}

fn shape2(m: &Mat<C>) -> Vec<usize> {
    vec![m.nrows(), m.ncols()]
}

/// Runs a linear algebra kernel on complex blocks (any float or complex operand is promoted).
pub fn run(k: &Kernel, ins: &[&Block]) -> Result<Block, String> {
    let single = ins
        .iter()
        .all(|b| matches!(b, Block::C64(_) | Block::F32(_)));
    let mats: Vec<Mat<C>> = ins.iter().map(|b| to_mat(b)).collect();
    let out = |m: Mat<C>| to_block(m.as_ref(), &shape2(&m), single);
    // A result shaped like input `i` (1-d right-hand sides stay 1-d).
    let like = |m: Mat<C>, i: usize| {
        let shape = if ins[i].shape().len() == 1 {
            vec![m.nrows()]
        } else {
            shape2(&m)
        };
        to_block(m.as_ref(), &shape, single)
    };
    let a = mats[0].as_ref();
    Ok(match k {
        Kernel::QrStack { packed, n, .. } => {
            let parts: Vec<MatRef<C>> = mats
                .iter()
                .map(|m| {
                    if *packed {
                        m.as_ref().subrows(m.nrows() - n, *n)
                    } else {
                        m.as_ref()
                    }
                })
                .collect();
            let (q, r) = qr(stack(&parts).as_ref());
            out(stack(&[q.as_ref(), r.as_ref()]))
        }
        Kernel::SvdOfR { n } => {
            let (u, s, vh) = svd(a.subrows(a.nrows() - n, *n));
            out(stack(&[u.as_ref(), row_of(&s).as_ref(), vh.as_ref()]))
        }
        Kernel::QrApply {
            start,
            len,
            m_start,
            n,
            ..
        } => {
            let q = a.subrows(*start, *len);
            match m_start {
                Some(ms) => out(mat_mul(q, mats[1].as_ref().subrows(*ms, *n))),
                None => out(q.to_owned()),
            }
        }
        Kernel::Rows {
            start,
            len,
            flatten,
        } => {
            let r = a.subrows(*start, *len).to_owned();
            if *flatten {
                to_block(r.as_ref(), &[r.ncols()], single)
            } else {
                out(r)
            }
        }
        Kernel::Dense(d) => match d {
            Dense::Solve => {
                let lu = a.partial_piv_lu();
                nonsingular(&lu)?;
                like(lu.solve(mats[1].as_ref()), 1)
            }
            Dense::Inv => {
                let lu = a.partial_piv_lu();
                nonsingular(&lu)?;
                out(lu.inverse())
            }
            Dense::Det => {
                let det = if a.nrows() == 0 { ONE } else { a.determinant() };
                to_block(Mat::from_fn(1, 1, |_, _| det).as_ref(), &[], single)
            }
            Dense::Cholesky => match a.llt(faer::Side::Lower) {
                Ok(f) => {
                    let l = f.L();
                    out(Mat::from_fn(a.nrows(), a.ncols(), |i, j| {
                        if j <= i {
                            l[(i, j)]
                        } else {
                            ZERO
                        }
                    }))
                }
                Err(_) => out(Mat::from_fn(a.nrows(), a.ncols(), |_, _| NAN)),
            },
            Dense::SolveUpper => {
                let mut x = mats[1].clone();
                faer::linalg::triangular_solve::solve_upper_triangular_in_place(
                    a,
                    x.as_mut(),
                    Par::Seq,
                );
                like(x, 1)
            }
            Dense::QrQ => out(qr(a).0),
            Dense::QrR => out(qr(a).1),
            Dense::SvdU => out(svd(a).0),
            Dense::SvdS => {
                let s = svd(a).1;
                to_block(row_of(&s).as_ref(), &[s.len()], single)
            }
            Dense::SvdV => out(svd(a).2),
            Dense::SvdUFull => out(svd_of(a, true).0),
            Dense::SvdSFull => {
                let s = svd_of(a, true).1;
                to_block(row_of(&s).as_ref(), &[s.len()], single)
            }
            Dense::SvdVFull => out(svd_of(a, true).2),
            Dense::Eig | Dense::Eigh => unreachable!("run hands these to kernels::eig"),
        },
    })
}

/// numpy's LinAlgError for an exactly singular matrix (LAPACK's zero pivot).
fn nonsingular(lu: &faer::linalg::solvers::PartialPivLu<C>) -> Result<(), String> {
    let u = lu.U();
    if (0..u.nrows().min(u.ncols())).any(|i| u[(i, i)] == ZERO) {
        return Err("singular matrix".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(m: usize, n: usize, v: &[(f64, f64)]) -> Block {
        let v = v.iter().map(|&(re, im)| Cx(C::new(re, im))).collect();
        Block::C128(ArrayD::from_shape_vec(IxDyn(&[m, n]), v).unwrap())
    }

    fn values(b: &Block) -> Vec<C> {
        match b.cast(DType::C128) {
            Block::C128(a) => a.iter().map(|z| z.0).collect(),
            _ => unreachable!(),
        }
    }

    #[test]
    fn solve_det_and_qr_of_a_complex_matrix() {
        // numpy: a = [[1+1j, 2], [0, 1-1j]]; det = (1+1j)(1-1j) = 2; solve(a, [3+1j, 1-1j]) = [1, 1]
        let a = block(2, 2, &[(1.0, 1.0), (2.0, 0.0), (0.0, 0.0), (1.0, -1.0)]);
        let d = values(&run(&Kernel::Dense(Dense::Det), &[&a]).unwrap());
        assert!((d[0] - C::new(2.0, 0.0)).norm() < 1e-12, "{d:?}");
        let b = Block::C128(
            ArrayD::from_shape_vec(
                IxDyn(&[2]),
                vec![Cx(C::new(3.0, 1.0)), Cx(C::new(1.0, -1.0))],
            )
            .unwrap(),
        );
        let x = run(&Kernel::Dense(Dense::Solve), &[&a, &b]).unwrap();
        assert_eq!(x.shape(), &[2]);
        for z in values(&x) {
            assert!((z - ONE).norm() < 1e-12, "{z}");
        }
        // r's diagonal is real and non-negative: |1+1j| = sqrt(2) first
        let r = values(&run(&Kernel::Dense(Dense::QrR), &[&a]).unwrap());
        assert!((r[0] - C::new(2f64.sqrt(), 0.0)).norm() < 1e-12, "{r:?}");
        assert!(r[3].im.abs() < 1e-12 && r[3].re >= 0.0, "{r:?}");
    }

    #[test]
    fn singular_complex_matrix_is_an_error() {
        let a = block(2, 2, &[(1.0, 1.0), (2.0, 2.0), (1.0, 1.0), (2.0, 2.0)]);
        assert_eq!(
            run(&Kernel::Dense(Dense::Inv), &[&a]).unwrap_err(),
            "singular matrix"
        );
    }
}
