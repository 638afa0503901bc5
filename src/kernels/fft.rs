//! Discrete Fourier transforms: one block whose `axis` is whole -> every lane along it
//! transformed with rustfft (numpy's `fft ifft rfft irfft`, `n=` and `norm=`).
//!
//! ```text
//! lane x[0..m] --cut or zero-pad to n--> FFT of length n --scale by norm--> out lane
//!   fft/ifft: complex -> complex (n)   rfft: real -> complex (n/2 + 1)
//!   irfft: the first n/2 + 1 values, Hermitian-extended to n -> real (n)
//! ```
//!
//! Transforms run in float64 (rustfft plans are cached per thread) and the result is cast to
//! the output dtype: complex64/float32 results for float32/complex64 inputs, as numpy 2.

use super::complex::Cx;
use super::Block;
use crate::dtype::DType;
use ndarray::{ArrayD, Axis, IxDyn, Zip};
use num_complex::Complex;
use rustfft::{Fft, FftPlanner};
use std::cell::RefCell;
use std::sync::Arc;

/// Which transform.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FftKind {
    Fft,
    Ifft,
    Rfft,
    Irfft,
}

/// numpy's `norm=`: which direction is scaled, by 1/n or both by 1/sqrt(n).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Norm {
    Backward,
    Ortho,
    Forward,
}

impl Norm {
    pub fn parse(s: &str) -> Option<Norm> {
        Some(match s {
            "backward" => Norm::Backward,
            "ortho" => Norm::Ortho,
            "forward" => Norm::Forward,
            _ => return None,
        })
    }
}

/// One transform along `axis` with transform length `n`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FftSpec {
    pub kind: FftKind,
    pub axis: usize,
    pub n: usize,
    pub norm: Norm,
}

impl FftKind {
    pub fn name(self) -> &'static str {
        match self {
            FftKind::Fft => "fft",
            FftKind::Ifft => "ifft",
            FftKind::Rfft => "rfft",
            FftKind::Irfft => "irfft",
        }
    }

    fn inverse(self) -> bool {
        matches!(self, FftKind::Ifft | FftKind::Irfft)
    }

    /// Output length along the axis for transform length `n`.
    pub fn out_len(self, n: usize) -> usize {
        match self {
            FftKind::Rfft => n / 2 + 1,
            _ => n,
        }
    }

    /// The result dtype for an input of dtype `x` (float32 and complex64 stay single).
    pub fn out_dtype(self, x: DType) -> DType {
        // integers and bool transform in float64, as numpy 2
        let single = x.real_part() == DType::F32;
        match (self, single) {
            (FftKind::Irfft, true) => DType::F32,
            (FftKind::Irfft, false) => DType::F64,
            (_, true) => DType::C64,
            (_, false) => DType::C128,
        }
    }
}

thread_local! {
    static PLANNER: RefCell<FftPlanner<f64>> = RefCell::new(FftPlanner::new());
}

fn plan(n: usize, inverse: bool) -> Arc<dyn Fft<f64>> {
    PLANNER.with(|p| {
        let mut p = p.borrow_mut();
        if inverse {
            p.plan_fft_inverse(n)
        } else {
            p.plan_fft_forward(n)
        }
    })
}

/// The transform of every lane of `x` along `spec.axis`, of dtype `out_dtype`.
pub fn fft_block(x: &Block, spec: FftSpec, out_dtype: DType) -> Block {
    let FftSpec {
        kind,
        axis,
        n,
        norm,
    } = spec;
    let a = match x.cast(DType::C128) {
        Block::C128(a) => a,
        _ => unreachable!("cast to complex128"),
    };
    let mut shape = a.shape().to_vec();
    let out_len = kind.out_len(n);
    shape[axis] = out_len;
    let scale = match (norm, kind.inverse()) {
        (Norm::Ortho, _) => 1.0 / (n as f64).sqrt(),
        (Norm::Backward, true) | (Norm::Forward, false) => 1.0 / n as f64,
        _ => 1.0,
    };
    let zero = Complex::new(0.0, 0.0);
    let mut out = ArrayD::<Cx<f64>>::from_elem(IxDyn(&shape), Cx(zero));
    if n > 0 {
        let f = plan(n, kind.inverse());
        let mut buf = vec![zero; n];
        let mut scratch = vec![zero; f.get_inplace_scratch_len()];
        Zip::from(a.lanes(Axis(axis)))
            .and(out.lanes_mut(Axis(axis)))
            .for_each(|x, mut o| {
                buf.fill(zero);
                if kind == FftKind::Irfft {
                    // numpy reads the first n/2 + 1 values and takes the rest as their
                    // conjugates (the imaginary parts of the 0 and n/2 terms drop out).
                    let h = (n / 2 + 1).min(x.len());
                    for k in 0..h {
                        buf[k] = x[k].0;
                    }
                    for k in 1..n.div_ceil(2) {
                        buf[n - k] = buf[k].conj();
                    }
                } else {
                    for (b, v) in buf.iter_mut().zip(x.iter()) {
                        *b = v.0;
                    }
                }
                f.process_with_scratch(&mut buf, &mut scratch);
                for (o, b) in o.iter_mut().zip(&buf) {
                    *o = Cx(b * scale);
                }
            });
    }
    let out = Block::C128(out);
    if kind == FftKind::Irfft {
        // the real part (the imaginary one is rounding noise of a Hermitian input)
        let Block::C128(c) = &out else { unreachable!() };
        return Block::F64(c.mapv(|z| z.re())).cast(out_dtype);
    }
    out.cast(out_dtype)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reals(v: &[f64]) -> Block {
        Block::F64(ArrayD::from_shape_vec(IxDyn(&[v.len()]), v.to_vec()).unwrap())
    }

    fn spec(kind: FftKind, n: usize, norm: Norm) -> FftSpec {
        FftSpec {
            kind,
            axis: 0,
            n,
            norm,
        }
    }

    #[test]
    fn fft_of_a_ramp_matches_numpy() {
        // numpy: fft([0, 1, 2, 3]) = [6+0j, -2+2j, -2+0j, -2-2j]
        let b = fft_block(
            &reals(&[0., 1., 2., 3.]),
            spec(FftKind::Fft, 4, Norm::Backward),
            DType::C128,
        );
        let Block::C128(a) = b else { panic!() };
        let got: Vec<(f64, f64)> = a.iter().map(|z| (z.re(), z.im())).collect();
        let want = [(6., 0.), (-2., 2.), (-2., 0.), (-2., -2.)];
        for (g, w) in got.iter().zip(want) {
            assert!(
                (g.0 - w.0).abs() < 1e-12 && (g.1 - w.1).abs() < 1e-12,
                "{got:?}"
            );
        }
    }

    #[test]
    fn irfft_inverts_rfft_with_odd_length() {
        let x = [1., -2., 0.5, 4., 3.];
        let r = fft_block(&reals(&x), spec(FftKind::Rfft, 5, Norm::Ortho), DType::C128);
        assert_eq!(r.shape(), &[3]);
        let back = fft_block(&r, spec(FftKind::Irfft, 5, Norm::Ortho), DType::F64);
        for (a, b) in back.to_f64_vec().iter().zip(x) {
            assert!((a - b).abs() < 1e-12);
        }
    }
}
