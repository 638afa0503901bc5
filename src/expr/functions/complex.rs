//! Complex numbers: arrays and scalars -> their parts, conjugates and angles; `complex(re, im)`.

use super::args::to_operand;
use super::{Bound, Function, Imp};
use crate::expr::build::{self, Operand};
use crate::expr::interp::{Interp, Result};
use crate::expr::node::Arr;
use crate::expr::value::Value;
use crate::kernels::elementwise::{BinaryOp, UnaryOp};
use crate::kernels::Scalar;
use crate::source::Span;
use crate::unary;

/// This family's builtins (listed with the elementwise ones).
pub const FUNCTIONS: &[Function] = &[
    Function::new(
        "complex",
        "complex(real=0, imag=0)",
        "a Python complex from two numbers; of arrays: real + imag * 1j",
        "complex(1, 2)",
        Imp::Fn(complex),
    ),
    unary!(
        "real",
        "the real part (a real array is its own)",
        "real(array([1+2j, 3-4j]))",
        Real
    ),
    unary!(
        "imag",
        "the imaginary part (zeros for a real array)",
        "imag(array([1+2j, 3-4j]))",
        Imag
    ),
    unary!(
        "conj",
        "the complex conjugate",
        "conj(array([1+2j, 3-4j]))",
        Conj
    )
    .method(),
    unary!(
        "conjugate",
        "the complex conjugate (numpy's long name for conj)",
        "conjugate(array([1+2j]))",
        Conj
    )
    .method(),
    Function::new(
        "angle",
        "angle(z, deg=False)",
        "the argument of each element, in radians (or degrees), in (-pi, pi]",
        "angle(array([1j, -1, 1+1j]))",
        Imp::Fn(angle),
    ),
    Function::new(
        "iscomplexobj",
        "iscomplexobj(x)",
        "whether x has a complex dtype",
        "iscomplexobj(array([1j]))",
        Imp::Fn(iscomplexobj),
    ),
];

/// The `.real` and `.imag` attributes.
pub fn part(x: &Arr, op: UnaryOp, span: Span) -> Result<Arr> {
    build::unary(op, (Operand::Array(x.clone()), x.span.clone()), span)
}

fn complex(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let zero = (Value::Int(0), b.span.clone());
    let (re, rs) = b.get(0).unwrap_or(&zero).clone();
    let (im, is) = b.get(1).unwrap_or(&zero).clone();
    if let (Some(r), Some(i)) = (re.scalar(), im.scalar()) {
        let (a, c) = (r.as_complex(), i.as_complex());
        // Python: complex(a, c) = a + c * 1j, with c's own imaginary part turned real
        return Ok(Value::Complex(a.0 - c.1, a.1 + c.0));
    }
    let span = b.span.clone();
    let r = to_operand(it, &re, &rs)?;
    let i = to_operand(it, &im, &is)?;
    let j = Operand::Scalar(Scalar::Complex(0.0, 1.0));
    let i = build::binary(BinaryOp::Mul, (i, is.clone()), (j, is), span.clone())?;
    Ok(Value::Array(build::binary(
        BinaryOp::Add,
        (r, rs),
        (Operand::Array(i), span.clone()),
        span,
    )?))
}

fn angle(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let span = b.span.clone();
    let x = b.arr(it, 0)?;
    let a = build::unary(
        UnaryOp::Angle,
        (Operand::Array(x), b.req(0).1.clone()),
        span.clone(),
    )?;
    if !b.bool_or(1, false)? {
        return Ok(Value::Array(a));
    }
    let k = Operand::Scalar(Scalar::Float(180.0 / std::f64::consts::PI));
    Ok(Value::Array(build::binary(
        BinaryOp::Mul,
        (Operand::Array(a), span.clone()),
        (k, span.clone()),
        span,
    )?))
}

fn iscomplexobj(_: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    Ok(Value::Bool(match &b.req(0).0 {
        Value::Array(a) => a.dtype().is_complex(),
        Value::Complex(..) => true,
        _ => false,
    }))
}
