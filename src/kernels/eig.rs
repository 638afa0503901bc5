//! Eigendecompositions of one whole square matrix block -> a packed block: row 0 holds the
//! eigenvalues, rows 1.. the eigenvectors as columns (`w = p[0]`, `v = p[1:]`).
//!
//! ```text
//! a (n×n, float) --eig--> [w; v] ((n+1)×n, complex)   general: faer's Schur-based eigen
//! a (n×n, float) --eigh-> [w; v] ((n+1)×n, float)     symmetric: the lower triangle is read
//! ```
//!
//! Eigenvalues of `eig` come sorted (real part, then imaginary part), those of `eigh`
//! ascending as numpy's. Each eigenvector has unit 2-norm and is turned so that its entry of
//! largest magnitude is real and positive (numpy leaves sign and phase to LAPACK).

use super::complex::Cx;
use super::Block;
use faer::{Mat, MatRef, Side};
use ndarray::{ArrayD, IxDyn};
use num_complex::Complex;

/// The packed `[w; v]` of `eig` (general) or, with `symmetric`, of `eigh`; the input is a
/// float32 or float64 square matrix, the result complex (`eig`) or real (`eigh`) of its
/// precision.
pub fn eig_block(x: &Block, symmetric: bool) -> Result<Block, String> {
    let f32_in = matches!(x, Block::F32(_));
    let a = match x.cast(crate::dtype::DType::F64) {
        Block::F64(a) => a,
        _ => unreachable!("cast to float64"),
    };
    let n = a.shape()[0];
    let m = Mat::<f64>::from_fn(n, n, |i, j| a[[i, j]]);
    if symmetric {
        let (w, v) = eigh(m.as_ref())?;
        let mut out = Vec::with_capacity((n + 1) * n);
        out.extend(&w);
        for i in 0..n {
            out.extend((0..n).map(|j| v[(i, j)]));
        }
        let b = Block::F64(ArrayD::from_shape_vec(IxDyn(&[n + 1, n]), out).expect("(n+1)×n"));
        return Ok(if f32_in {
            b.cast(crate::dtype::DType::F32)
        } else {
            b
        });
    }
    let (w, v) = eig(m.as_ref())?;
    let mut out = Vec::with_capacity((n + 1) * n);
    out.extend(w.iter().map(|z| Cx(*z)));
    for i in 0..n {
        out.extend((0..n).map(|j| Cx(v[(i, j)])));
    }
    let b = Block::C128(ArrayD::from_shape_vec(IxDyn(&[n + 1, n]), out).expect("(n+1)×n"));
    Ok(if f32_in {
        b.cast(crate::dtype::DType::C64)
    } else {
        b
    })
}

fn has_nan(a: MatRef<'_, f64>) -> bool {
    (0..a.nrows()).any(|i| (0..a.ncols()).any(|j| !a[(i, j)].is_finite()))
}

const NO_CONVERGENCE: &str = "Eigenvalues did not converge";

type CMat = Mat<Complex<f64>>;

/// General eigendecomposition: eigenvalues sorted, vectors normalised (see the module doc).
fn eig(a: MatRef<'_, f64>) -> Result<(Vec<Complex<f64>>, CMat), String> {
    let n = a.nrows();
    if has_nan(a) {
        return Err("Array must not contain infs or NaNs".into());
    }
    let e = a.eigen().map_err(|_| NO_CONVERGENCE.to_string())?;
    let (s, u) = (e.S(), e.U());
    let mut order: Vec<usize> = (0..n).collect();
    let w: Vec<Complex<f64>> = (0..n).map(|i| s[i]).collect();
    order.sort_by(|&i, &j| {
        Cx(w[i])
            .partial_cmp(&Cx(w[j]))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    let mut v = CMat::zeros(n, n);
    for (k, &c) in order.iter().enumerate() {
        let col: Vec<Complex<f64>> = (0..n).map(|i| u[(i, c)]).collect();
        let norm = col.iter().map(|z| z.norm_sqr()).sum::<f64>().sqrt();
        let big = col.iter().copied().fold(Complex::new(0.0, 0.0), |b, z| {
            if z.norm() > b.norm() {
                z
            } else {
                b
            }
        });
        // Divide by the phase of the largest entry: it becomes real and positive.
        let phase = if big.norm() > 0.0 {
            big / big.norm()
        } else {
            Complex::new(1.0, 0.0)
        };
        for (i, z) in col.iter().enumerate() {
            let mut y = z / phase / norm;
            // The largest entry's rounding residue in its imaginary part is noise.
            if *z == big {
                y = Complex::new(y.re, 0.0);
            }
            // no `-0` parts from the phase division (they would print as `-0.j`)
            y = Complex::new(y.re + 0.0, y.im + 0.0);
            v[(i, k)] = y;
        }
    }
    let w = order.iter().map(|&i| w[i]).collect();
    Ok((w, v))
}

/// Symmetric eigendecomposition of the lower triangle: ascending eigenvalues.
fn eigh(a: MatRef<'_, f64>) -> Result<(Vec<f64>, Mat<f64>), String> {
    let n = a.nrows();
    if has_nan(a) {
        return Err("Array must not contain infs or NaNs".into());
    }
    let e = a
        .self_adjoint_eigen(Side::Lower)
        .map_err(|_| NO_CONVERGENCE.to_string())?;
    let (s, u) = (e.S(), e.U());
    let w: Vec<f64> = (0..n).map(|i| s[i]).collect();
    let mut v = Mat::<f64>::zeros(n, n);
    for k in 0..n {
        let mut big = 0.0f64;
        for i in 0..n {
            if u[(i, k)].abs() > big.abs() {
                big = u[(i, k)];
            }
        }
        let sign = if big < 0.0 { -1.0 } else { 1.0 };
        for i in 0..n {
            v[(i, k)] = sign * u[(i, k)];
        }
    }
    Ok((w, v))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(n: usize, v: &[f64]) -> Block {
        Block::F64(ArrayD::from_shape_vec(IxDyn(&[n, n]), v.to_vec()).unwrap())
    }

    #[test]
    fn rotation_has_conjugate_eigenvalues() {
        // numpy: eigvals([[0, -1], [1, 0]]) = [0+1j, 0-1j]
        let Block::C128(p) = eig_block(&block(2, &[0.0, -1.0, 1.0, 0.0]), false).unwrap() else {
            panic!("complex result")
        };
        let w: Vec<(f64, f64)> = (0..2).map(|j| (p[[0, j]].re(), p[[0, j]].im())).collect();
        assert!(
            (w[0].0).abs() < 1e-12 && (w[0].1 + 1.0).abs() < 1e-12,
            "{w:?}"
        );
        assert!(
            (w[1].0).abs() < 1e-12 && (w[1].1 - 1.0).abs() < 1e-12,
            "{w:?}"
        );
    }

    #[test]
    fn symmetric_eigenvalues_ascend() {
        // numpy: eigvalsh([[2, 1], [1, 2]]) = [1, 3]
        let Block::F64(p) = eig_block(&block(2, &[2.0, 1.0, 1.0, 2.0]), true).unwrap() else {
            panic!("real result")
        };
        assert!((p[[0, 0]] - 1.0).abs() < 1e-12 && (p[[0, 1]] - 3.0).abs() < 1e-12);
        // eigenvector of 3: (1, 1)/sqrt(2), positive
        let r = std::f64::consts::FRAC_1_SQRT_2;
        assert!((p[[1, 1]] - r).abs() < 1e-12 && (p[[2, 1]] - r).abs() < 1e-12);
    }
}
