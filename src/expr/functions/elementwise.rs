//! Elementwise: arrays and scalars -> broadcast lazy arrays, one value per element.

use super::args::{to_array, to_dtype, to_operand};
use super::{Bound, Function, Imp};
use crate::expr::build::{self, Operand};
use crate::expr::interp::{Interp, Result};
use crate::expr::value::Value;
use crate::kernels::elementwise::{BinaryOp, UnaryOp};
use crate::source::Span;

/// This family's builtins.
pub const FUNCTIONS: &[Function] = &[
    Function::new(
        "where",
        "where(cond, a, b)",
        "a where cond is true, else b",
        "where(arange(5) > 2, 1, -1)",
        Imp::Fn(where_),
    ),
    Function::new(
        "maximum",
        "maximum(a, b)",
        "elementwise maximum (NaN propagates)",
        "maximum(arange(4), 2)",
        Imp::Binary(BinaryOp::Maximum),
    ),
    Function::new(
        "minimum",
        "minimum(a, b)",
        "elementwise minimum (NaN propagates)",
        "minimum(arange(4), 2)",
        Imp::Binary(BinaryOp::Minimum),
    ),
    Function::new(
        "clip",
        "clip(x, a_min, a_max)",
        "limit values to [a_min, a_max]",
        "clip(arange(6), 1, 4)",
        Imp::Fn(clip),
    )
    .method(),
    Function::new(
        "astype",
        "astype(x, dtype)",
        "convert to another dtype",
        "astype(arange(3), float32)",
        Imp::Fn(astype),
    )
    .method(),
    Function::new(
        "abs",
        "abs(x)",
        "absolute value",
        "abs(array([-1.5, 2.]))",
        Imp::Unary(UnaryOp::Abs),
    ),
    Function::new(
        "sqrt",
        "sqrt(x)",
        "square root",
        "sqrt(array([4., 9.]))",
        Imp::Unary(UnaryOp::Sqrt),
    ),
    Function::new(
        "exp",
        "exp(x)",
        "e to the power x",
        "exp(array([0., 1.]))",
        Imp::Unary(UnaryOp::Exp),
    ),
    Function::new(
        "log",
        "log(x)",
        "natural logarithm",
        "log(array([1., e]))",
        Imp::Unary(UnaryOp::Log),
    ),
    Function::new(
        "log10",
        "log10(x)",
        "base-10 logarithm",
        "log10(array([1., 1000.]))",
        Imp::Unary(UnaryOp::Log10),
    ),
    Function::new(
        "log1p",
        "log1p(x)",
        "log(1 + x), accurate for small x",
        "log1p(array([0., 1e-10]))",
        Imp::Unary(UnaryOp::Log1p),
    ),
    Function::new(
        "expm1",
        "expm1(x)",
        "exp(x) - 1, accurate for small x",
        "expm1(array([0., 1e-10]))",
        Imp::Unary(UnaryOp::Expm1),
    ),
    Function::new(
        "sin",
        "sin(x)",
        "sine (radians)",
        "sin(array([0., pi / 2]))",
        Imp::Unary(UnaryOp::Sin),
    ),
    Function::new(
        "cos",
        "cos(x)",
        "cosine (radians)",
        "cos(array([0., pi]))",
        Imp::Unary(UnaryOp::Cos),
    ),
    Function::new(
        "tan",
        "tan(x)",
        "tangent (radians)",
        "tan(array([0., pi / 4]))",
        Imp::Unary(UnaryOp::Tan),
    ),
    Function::new(
        "arcsin",
        "arcsin(x)",
        "inverse sine",
        "arcsin(array([0., 1.]))",
        Imp::Unary(UnaryOp::Arcsin),
    ),
    Function::new(
        "arccos",
        "arccos(x)",
        "inverse cosine",
        "arccos(array([1., 0.]))",
        Imp::Unary(UnaryOp::Arccos),
    ),
    Function::new(
        "arctan",
        "arctan(x)",
        "inverse tangent",
        "arctan(array([0., 1.]))",
        Imp::Unary(UnaryOp::Arctan),
    ),
    Function::new(
        "tanh",
        "tanh(x)",
        "hyperbolic tangent",
        "tanh(array([0., 1.]))",
        Imp::Unary(UnaryOp::Tanh),
    ),
    Function::new(
        "floor",
        "floor(x)",
        "largest integer not above x",
        "floor(array([-1.5, 1.5]))",
        Imp::Unary(UnaryOp::Floor),
    ),
    Function::new(
        "ceil",
        "ceil(x)",
        "smallest integer not below x",
        "ceil(array([-1.5, 1.5]))",
        Imp::Unary(UnaryOp::Ceil),
    ),
    Function::new(
        "round",
        "round(x)",
        "round half to even",
        "round(array([0.5, 1.5, 2.6]))",
        Imp::Unary(UnaryOp::Round),
    )
    .method(),
    Function::new(
        "sign",
        "sign(x)",
        "-1, 0 or 1 by sign (NaN stays NaN)",
        "sign(array([-2., 0., 3.]))",
        Imp::Unary(UnaryOp::Sign),
    ),
    Function::new(
        "isnan",
        "isnan(x)",
        "whether each element is NaN",
        "isnan(array([1., nan]))",
        Imp::Unary(UnaryOp::IsNan),
    ),
    Function::new(
        "isfinite",
        "isfinite(x)",
        "whether each element is neither infinite nor NaN",
        "isfinite(array([1., inf, nan]))",
        Imp::Unary(UnaryOp::IsFinite),
    ),
    Function::new(
        "negative",
        "negative(x)",
        "-x",
        "negative(arange(3))",
        Imp::Unary(UnaryOp::Neg),
    ),
    Function::new(
        "invert",
        "invert(x)",
        "logical not of booleans, bitwise not of integers",
        "invert(array([True, False]))",
        Imp::Unary(UnaryOp::Invert),
    ),
];

fn where_(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let span = b.span.clone();
    let ops: Vec<(Operand, Span)> = (0..3)
        .map(|i| to_operand(it, &b.req(i).0, &b.req(i).1).map(|o| (o, b.req(i).1.clone())))
        .collect::<Result<_>>()?;
    let mut ops = ops.into_iter();
    let (c, x, y) = (
        ops.next().expect("3"),
        ops.next().expect("3"),
        ops.next().expect("3"),
    );
    Ok(Value::Array(build::where_(c, x, y, span)?))
}

fn clip(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let span = b.span.clone();
    let x = to_operand(it, &b.req(0).0, &b.req(0).1)?;
    let mut cur = match x {
        Operand::Array(a) => a,
        Operand::Scalar(s) => to_array(it, &Value::from_scalar(s), &b.req(0).1)?,
    };
    if let Some((v, sp)) = b.get(1) {
        let lo = to_operand(it, v, sp)?;
        cur = build::binary(
            BinaryOp::Maximum,
            (Operand::Array(cur), b.req(0).1.clone()),
            (lo, sp.clone()),
            span.clone(),
        )?;
    }
    if let Some((v, sp)) = b.get(2) {
        let hi = to_operand(it, v, sp)?;
        cur = build::binary(
            BinaryOp::Minimum,
            (Operand::Array(cur), b.req(0).1.clone()),
            (hi, sp.clone()),
            span.clone(),
        )?;
    }
    Ok(Value::Array(cur))
}

fn astype(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let span = b.span.clone();
    let x = b.arr(it, 0)?;
    let dt = to_dtype(&b.req(1).0, &b.req(1).1)?;
    Ok(Value::Array(build::astype(&x, dt, span)?))
}

/// `name(x)` for an [`Imp::Unary`] entry: scalars become 0-d arrays.
pub fn apply_unary(it: &mut Interp, op: UnaryOp, b: Bound) -> Result<Value> {
    let (v, sp) = b.req(0);
    if let Some(s) = v.scalar() {
        let a = to_array(it, &Value::from_scalar(s), sp)?;
        return Ok(Value::Array(build::unary(
            op,
            (Operand::Array(a), sp.clone()),
            b.span.clone(),
        )?));
    }
    let x = b.operand(it, 0)?;
    Ok(Value::Array(build::unary(op, x, b.span.clone())?))
}

/// `name(a, b)` for an [`Imp::Binary`] entry: broadcasting, scalars stay weak.
pub fn apply_binary(it: &mut Interp, op: BinaryOp, b: Bound) -> Result<Value> {
    let x = b.operand(it, 0)?;
    let y = b.operand(it, 1)?;
    Ok(Value::Array(build::binary(op, x, y, b.span.clone())?))
}
