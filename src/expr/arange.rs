//! `arange(start, stop, step)`: three scalars -> its exact length and a lazy array.
//!
//! Integer aranges are exact whatever their magnitude (`arange(10**18, 10**18 + 3)` has 3
//! elements, `arange(2**53 + 1, 2**53 + 5)` starts at 2**53 + 1): the length is computed in
//! i128, and values beyond f64's exact integers are built as `arange(n) * step + start` in
//! int64. Float lengths that are not finite or past the limits are errors, never a
//! saturated `as usize`.

use super::build::{self, Operand};
use super::node::{Arr, Chunks, Meta, Node, Op};
use crate::diagnostic::{codes, Diagnostic};
use crate::dtype::DType;
use crate::kernels::elementwise::BinaryOp;
use crate::kernels::Scalar;
use crate::source::Span;

/// Integers up to this magnitude are exact in f64.
const EXACT_F64: i128 = 1 << 53;

/// The length of `arange(start, stop, step)` (step non-zero), as numpy computes it.
pub fn length(start: Scalar, stop: Scalar, step: Scalar) -> Result<usize, Diagnostic> {
    let ints = [start, stop, step]
        .iter()
        .all(|s| !matches!(s, Scalar::Float(_)));
    let n: u128 = if ints {
        let (a, b, s) = (
            start.as_i64() as i128,
            stop.as_i64() as i128,
            step.as_i64() as i128,
        );
        // ceil((b - a) / s) without floats; never negative.
        let d = b - a;
        let q = d / s + i128::from(d % s != 0 && ((d < 0) == (s < 0)));
        q.max(0) as u128
    } else {
        let n = ((stop.as_f64() - start.as_f64()) / step.as_f64()).ceil();
        if n.is_nan() {
            return Err(Diagnostic::new(
                codes::ARGUMENT,
                "arange: cannot compute the length (NaN in start, stop or step)",
            ));
        }
        if n.is_infinite() {
            return Err(Diagnostic::new(
                codes::LIMIT,
                "arange: the length is infinite",
            ));
        }
        if n > super::limits::MAX_ELEMENTS as f64 {
            return Err(too_long(super::limits::sci_f64(n)));
        }
        n.max(0.0) as u128
    };
    if n > super::limits::MAX_ELEMENTS {
        return Err(too_long(super::limits::sci(n)));
    }
    Ok(n as usize)
}

fn too_long(n: String) -> Diagnostic {
    Diagnostic::new(
        codes::LIMIT,
        format!("arange would have {n} elements; the limit is 2**50"),
    )
}

/// The lazy `arange` of `n` elements of `dtype`, exact for integers beyond 2**53.
pub fn build(
    start: Scalar,
    step: Scalar,
    n: usize,
    dtype: DType,
    chunks: Chunks,
    span: Span,
) -> Result<Arr, Diagnostic> {
    let ints = !matches!(start, Scalar::Float(_)) && !matches!(step, Scalar::Float(_));
    let last = start.as_i64() as i128 + (n as i128 - 1).max(0) * step.as_i64() as i128;
    let exact_in_f64 =
        start.as_i64().unsigned_abs() as i128 <= EXACT_F64 && last.abs() <= EXACT_F64;
    let node = |start: f64, step: f64, dtype: DType, chunks: Chunks| {
        Node::new(
            Op::Arange { start, step },
            vec![],
            Meta {
                shape: vec![n],
                dtype,
                chunks,
            },
            span.clone(),
        )
    };
    if !ints || exact_in_f64 || dtype.is_float() {
        return Ok(node(start.as_f64(), step.as_f64(), dtype, chunks));
    }
    // Beyond 2**53 the f64 start and step round: build the values in int64 instead.
    let index = node(0.0, 1.0, DType::I64, chunks);
    let scaled = build::binary(
        BinaryOp::Mul,
        (Operand::Array(index), span.clone()),
        (Operand::Scalar(Scalar::Int(step.as_i64())), span.clone()),
        span.clone(),
    )?;
    let shifted = build::binary(
        BinaryOp::Add,
        (Operand::Array(scaled), span.clone()),
        (Operand::Scalar(Scalar::Int(start.as_i64())), span.clone()),
        span.clone(),
    )?;
    if shifted.dtype() == dtype {
        Ok(shifted)
    } else {
        build::astype(&shifted, dtype, span)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn len(a: Scalar, b: Scalar, s: Scalar) -> Result<usize, Diagnostic> {
        length(a, b, s)
    }

    #[test]
    fn integer_lengths_are_exact() {
        let i = Scalar::Int;
        // numpy: len(np.arange(10**18, 10**18 + 3)) == 3
        assert_eq!(
            len(
                i(1_000_000_000_000_000_000),
                i(1_000_000_000_000_000_003),
                i(1)
            )
            .unwrap(),
            3
        );
        assert_eq!(len(i(0), i(10), i(3)).unwrap(), 4);
        assert_eq!(len(i(10), i(0), i(-3)).unwrap(), 4);
        assert_eq!(len(i(0), i(-10), i(3)).unwrap(), 0);
        assert_eq!(len(i(i64::MIN), i(i64::MAX), i(1 << 62)).unwrap(), 4);
    }

    #[test]
    fn hostile_float_lengths_are_errors() {
        let f = Scalar::Float;
        assert!(len(f(0.0), f(f64::INFINITY), f(1.0)).is_err());
        assert!(len(f(0.0), f(f64::NAN), f(1.0)).is_err());
        assert!(len(f(0.0), f(1.0), f(1e-300)).is_err());
        assert!(len(f(0.0), f(1e18), f(1.0)).is_err());
        assert_eq!(len(f(0.0), f(1.0), f(0.25)).unwrap(), 4);
        assert_eq!(len(f(1.0), f(0.0), f(0.25)).unwrap(), 0);
    }
}
