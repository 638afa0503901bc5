//! Elementwise: arrays and scalars -> broadcast lazy arrays, one value per element.

use super::args::{to_array, to_dtype, to_operand};
use super::{Bound, Function, Imp};
use crate::diagnostic::{codes, Diagnostic};
use crate::dtype::DType;
use crate::expr::build::{self, Operand};
use crate::expr::interp::{Interp, Result};
use crate::expr::node::Arr;
use crate::expr::value::Value;
use crate::kernels::elementwise::{BinaryOp, UnaryOp};
use crate::kernels::Scalar;
use crate::source::Span;
use crate::{binary, unary};

/// This family's builtins.
pub const FUNCTIONS: &[Function] = &[
    Function::new(
        "where",
        "where(cond, a=None, b=None)",
        "a where cond is true, else b; where(cond) alone is nonzero(cond)",
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
        "round(x, decimals=0)",
        "round half to even, to `decimals` places (negative: to tens, hundreds...)",
        "round(array([0.5, 1.5, 2.675, 1234.]), 1)",
        Imp::Fn(round),
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
    unary!(
        "log2",
        "base-2 logarithm",
        "log2(array([1., 8., 0.5]))",
        Log2
    ),
    unary!(
        "exp2",
        "2 to the power x",
        "exp2(array([0., 3., -1.]))",
        Exp2
    ),
    unary!(
        "cbrt",
        "cube root (negative for negative x)",
        "cbrt(array([27., -8.]))",
        Cbrt
    ),
    unary!("sinh", "hyperbolic sine", "sinh(array([0., 1.]))", Sinh),
    unary!("cosh", "hyperbolic cosine", "cosh(array([0., 1.]))", Cosh),
    unary!(
        "arcsinh",
        "inverse hyperbolic sine",
        "arcsinh(array([0., 1.]))",
        Arcsinh
    ),
    unary!(
        "arccosh",
        "inverse hyperbolic cosine",
        "arccosh(array([1., 2.]))",
        Arccosh
    ),
    unary!(
        "arctanh",
        "inverse hyperbolic tangent",
        "arctanh(array([0., 0.5]))",
        Arctanh
    ),
    unary!(
        "trunc",
        "round toward zero",
        "trunc(array([-1.7, 1.7]))",
        Trunc
    ),
    unary!(
        "fix",
        "round toward zero (numpy's fix)",
        "fix(array([-1.7, 1.7]))",
        Trunc
    ),
    unary!(
        "isinf",
        "whether each element is +inf or -inf",
        "isinf(array([1., inf, -inf, nan]))",
        IsInf
    ),
    Function::new(
        "rint",
        "rint(x)",
        "round half to even, as float",
        "rint(array([0.5, 1.5, -2.5]))",
        Imp::Fn(rint),
    ),
    Function::new(
        "reciprocal",
        "reciprocal(x)",
        "1 / x (for integers, as numpy: 0 unless x is 1 or -1)",
        "reciprocal(array([1., 2., 4.]))",
        Imp::Fn(reciprocal),
    ),
    Function::new(
        "power",
        "power(a, b)",
        "a ** b, broadcast (integers to negative integer powers are an error)",
        "power(arange(4), 2)",
        Imp::Binary(BinaryOp::Pow),
    ),
    Function::new(
        "arctan2",
        "arctan2(y, x)",
        "the angle of the point (x, y), in (-pi, pi]",
        "arctan2(array([1., -1.]), array([-1., -1.]))",
        Imp::Binary(BinaryOp::Arctan2),
    ),
    Function::new(
        "fmax",
        "fmax(a, b)",
        "elementwise maximum ignoring NaN (NaN only where both are)",
        "fmax(array([1., nan, nan]), array([2., 0., nan]))",
        Imp::Binary(BinaryOp::Fmax),
    ),
    Function::new(
        "fmin",
        "fmin(a, b)",
        "elementwise minimum ignoring NaN (NaN only where both are)",
        "fmin(array([1., nan, nan]), array([2., 0., nan]))",
        Imp::Binary(BinaryOp::Fmin),
    ),
    Function::new(
        "nan_to_num",
        "nan_to_num(x, nan=0.0, posinf=None, neginf=None)",
        "NaN -> 0 (or nan=), inf -> the largest float (or posinf=), -inf -> the most negative",
        "nan_to_num(array([nan, inf, -inf, 1.]), posinf=9)",
        Imp::Fn(nan_to_num),
    ),
    unary!(
        "absolute",
        "absolute value (numpy's name for abs)",
        "absolute(array([-1.5, 2.]))",
        Abs
    ),
    binary!("add", "a + b, broadcast", "add(arange(3), 10)", Add),
    binary!(
        "subtract",
        "a - b, broadcast",
        "subtract(arange(3), 1)",
        Sub
    ),
    binary!(
        "multiply",
        "a * b, broadcast",
        "multiply(arange(3), 2.5)",
        Mul
    ),
    binary!(
        "divide",
        "a / b (true division), broadcast",
        "divide(arange(3), 2)",
        Div
    ),
    binary!(
        "true_divide",
        "a / b (true division), broadcast",
        "true_divide(arange(3), 2)",
        Div
    ),
    binary!(
        "floor_divide",
        "a // b, broadcast",
        "floor_divide(array([-3, 7]), 2)",
        FloorDiv
    ),
    binary!(
        "mod",
        "a % b with the sign of b, broadcast",
        "mod(array([-3, 7]), 4)",
        Mod
    ),
    binary!(
        "remainder",
        "a % b with the sign of b, broadcast",
        "remainder(array([-3, 7]), 4)",
        Mod
    ),
    Function::new(
        "around",
        "around(x, decimals=0)",
        "round half to even (numpy's old name for round)",
        "around(array([1.25, 2.5]), 1)",
        Imp::Fn(round),
    ),
];

fn where_(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let span = b.span.clone();
    match (b.get(1).is_some(), b.get(2).is_some()) {
        (false, false) => {
            let c = b.arr(it, 0)?;
            return super::indexing::nonzero_of(&c, &span);
        }
        (true, true) => {}
        _ => {
            return Err(Diagnostic::new(
                codes::ARGUMENT,
                "either both or neither of `a` and `b` should be given",
            )
            .label(span, "in this call"))
        }
    }
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

pub(super) fn un(op: UnaryOp, x: &Arr, span: &Span) -> Result<Arr> {
    build::unary(op, (Operand::Array(x.clone()), span.clone()), span.clone())
}

pub(super) fn bin(op: BinaryOp, x: Operand, y: Operand, span: &Span) -> Result<Arr> {
    build::binary(op, (x, span.clone()), (y, span.clone()), span.clone())
}

pub(super) fn scalar(f: f64) -> Operand {
    Operand::Scalar(Scalar::Float(f))
}

fn round(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let x = b.arr(it, 0)?;
    let d = b.int_or(1, 0)?;
    let span = &b.span;
    if d == 0 {
        return Ok(Value::Array(un(UnaryOp::Round, &x, span)?));
    }
    if !x.dtype().is_inexact() && d > 0 {
        return Ok(Value::Array(x));
    }
    // numpy: rint(x * 10**d) / 10**d, or rint(x / 10**-d) * 10**-d for negative d.
    let f = 10f64.powi(d.unsigned_abs().min(400) as i32);
    let (there, back) = if d > 0 {
        (BinaryOp::Mul, BinaryOp::Div)
    } else {
        (BinaryOp::Div, BinaryOp::Mul)
    };
    let y = bin(there, Operand::Array(x.clone()), scalar(f), span)?;
    let y = un(UnaryOp::Round, &y, span)?;
    let y = bin(back, Operand::Array(y), scalar(f), span)?;
    Ok(Value::Array(build::astype(&y, x.dtype(), span.clone())?))
}

fn rint(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let x = b.arr(it, 0)?;
    let x = build::astype(&x, x.dtype().math_float(), b.span.clone())?;
    Ok(Value::Array(un(UnaryOp::Round, &x, &b.span)?))
}

fn reciprocal(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let x = b.arr(it, 0)?;
    let span = &b.span;
    if x.dtype().is_inexact() {
        return Ok(Value::Array(bin(
            BinaryOp::Div,
            scalar(1.0),
            Operand::Array(x),
            span,
        )?));
    }
    // Integer division truncating toward zero: 1 and -1 are their own reciprocal.
    let one = bin(
        BinaryOp::Eq,
        Operand::Array(un(UnaryOp::Abs, &x, span)?),
        Operand::Scalar(Scalar::Int(1)),
        span,
    )?;
    Ok(Value::Array(build::where_(
        (Operand::Array(one), span.clone()),
        (Operand::Array(x), span.clone()),
        (Operand::Scalar(Scalar::Int(0)), span.clone()),
        span.clone(),
    )?))
}

fn nan_to_num(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let x = b.arr(it, 0)?;
    let span = &b.span;
    let dt = x.dtype();
    if !dt.is_float() {
        return Ok(Value::Array(x));
    }
    let big = if dt == DType::F32 {
        f32::MAX as f64
    } else {
        f64::MAX
    };
    let nan = b.f64_or(1, 0.0)?;
    let posinf = b.f64_or(2, big)?;
    let neginf = b.f64_or(3, -big)?;
    let pick = |cond: Arr, v: f64, rest: Arr| -> Result<Arr> {
        let r = build::where_(
            (Operand::Array(cond), span.clone()),
            (scalar(v), span.clone()),
            (Operand::Array(rest), span.clone()),
            span.clone(),
        )?;
        build::astype(&r, dt, span.clone())
    };
    let isnan = un(UnaryOp::IsNan, &x, span)?;
    let ispos = bin(
        BinaryOp::Eq,
        Operand::Array(x.clone()),
        scalar(f64::INFINITY),
        span,
    )?;
    let isneg = bin(
        BinaryOp::Eq,
        Operand::Array(x.clone()),
        scalar(f64::NEG_INFINITY),
        span,
    )?;
    let y = pick(isneg, neginf, x)?;
    let y = pick(ispos, posinf, y)?;
    Ok(Value::Array(pick(isnan, nan, y)?))
}
