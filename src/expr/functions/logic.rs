//! Comparison and logic: arrays -> lazy boolean arrays (`logical_and isclose`) or lazy
//! boolean scalars (`allclose array_equal`), built from elementwise operations and `all`.

use super::elementwise::{bin, scalar, un};
use super::{Bound, Function, Imp};
use crate::dtype::DType;
use crate::expr::build::{self, Operand};
use crate::expr::interp::{Interp, Result};
use crate::expr::node::Arr;
use crate::expr::value::Value;
use crate::kernels::elementwise::{BinaryOp, UnaryOp};
use crate::kernels::reduce::ReduceOp;
use crate::kernels::Scalar;
use crate::source::Span;
use crate::{binary, unary};

/// This family's builtins.
pub const FUNCTIONS: &[Function] = &[
    Function::new(
        "logical_and",
        "logical_and(a, b)",
        "elementwise `a and b` of the truth values (nonzero is true)",
        "logical_and(array([1, 0, 2]), array([True, True, False]))",
        Imp::Fn(logical),
    ),
    Function::new(
        "logical_or",
        "logical_or(a, b)",
        "elementwise `a or b` of the truth values (nonzero is true)",
        "logical_or(array([1., 0., 0.]), array([0, 0, 3]))",
        Imp::Fn(logical),
    ),
    Function::new(
        "logical_xor",
        "logical_xor(a, b)",
        "elementwise: exactly one of a, b is true (nonzero)",
        "logical_xor(array([1, 0, 2]), array([1, 1, 0]))",
        Imp::Fn(logical),
    ),
    Function::new(
        "logical_not",
        "logical_not(x)",
        "elementwise `not x` (zero is false)",
        "logical_not(array([0., 1.5, nan]))",
        Imp::Fn(logical_not),
    ),
    Function::new(
        "isclose",
        "isclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False)",
        "elementwise |a - b| <= atol + rtol * |b| (infinities equal only to themselves)",
        "isclose(array([1., 1.1, inf, nan]), array([1.000001, 1., inf, nan]))",
        Imp::Fn(isclose),
    ),
    Function::new(
        "allclose",
        "allclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False)",
        "whether isclose holds everywhere",
        "allclose(array([1., 2.]), array([1.000001, 2.]))",
        Imp::Fn(isclose),
    ),
    Function::new(
        "array_equal",
        "array_equal(a1, a2, equal_nan=False)",
        "whether both have the same shape and elements",
        "array_equal(arange(3), array([0., 1., 2.]))",
        Imp::Fn(array_equal),
    ),
    binary!("equal", "a == b, broadcast", "equal(arange(3), 1)", Eq),
    binary!(
        "not_equal",
        "a != b, broadcast",
        "not_equal(arange(3), 1)",
        Ne
    ),
    binary!("less", "a < b, broadcast", "less(arange(3), 1)", Lt),
    binary!(
        "less_equal",
        "a <= b, broadcast",
        "less_equal(arange(3), 1)",
        Le
    ),
    binary!("greater", "a > b, broadcast", "greater(arange(3), 1)", Gt),
    binary!(
        "greater_equal",
        "a >= b, broadcast",
        "greater_equal(arange(3), 1)",
        Ge
    ),
    binary!(
        "bitwise_and",
        "a & b (integers and booleans)",
        "bitwise_and(array([12, 10]), 6)",
        And
    ),
    binary!(
        "bitwise_or",
        "a | b (integers and booleans)",
        "bitwise_or(array([12, 10]), 1)",
        Or
    ),
    binary!(
        "bitwise_xor",
        "a ^ b (integers and booleans)",
        "bitwise_xor(array([12, 10]), 6)",
        Xor
    ),
    unary!(
        "bitwise_not",
        "~x (integers and booleans)",
        "bitwise_not(array([0, 5]))",
        Invert
    ),
    Function::new(
        "select",
        "select(condlist, choicelist, default=0)",
        "elements of the first choice whose condition holds (default where none does)",
        "select([arange(5) < 2, arange(5) > 3], [arange(5), arange(5) * 10], default=-1)",
        Imp::Fn(select),
    ),
];

/// An argument as a boolean operand (nonzero is true, NaN too).
fn truth(it: &mut Interp, b: &Bound, i: usize) -> Result<(Operand, Span)> {
    let (o, sp) = b.operand(it, i)?;
    Ok(match o {
        Operand::Scalar(s) => (Operand::Scalar(Scalar::Bool(s.as_f64() != 0.0)), sp),
        Operand::Array(a) => (
            Operand::Array(build::astype(&a, DType::Bool, sp.clone())?),
            sp,
        ),
    })
}

fn logical(it: &mut Interp, name: &'static str, b: Bound) -> Result<Value> {
    let op = match name {
        "logical_and" => BinaryOp::And,
        "logical_or" => BinaryOp::Or,
        _ => BinaryOp::Xor,
    };
    let x = truth(it, &b, 0)?;
    let y = truth(it, &b, 1)?;
    Ok(Value::Array(build::binary(op, x, y, b.span.clone())?))
}

fn logical_not(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let x = truth(it, &b, 0)?;
    Ok(Value::Array(build::unary(
        UnaryOp::Invert,
        x,
        b.span.clone(),
    )?))
}

fn all(x: &Arr, span: &Span) -> Result<Arr> {
    build::reduce(x, ReduceOp::All, None, false, span.clone())
}

/// numpy 2's isclose: `(|x - y| <= atol + rtol * |y|) & isfinite(y) | (x == y)`, and
/// `| isnan(x) & isnan(y)` with `equal_nan`; both computed in float.
fn isclose(it: &mut Interp, name: &'static str, b: Bound) -> Result<Value> {
    let span = &b.span;
    let float = |it: &mut Interp, i: usize| -> Result<Arr> {
        let a = b.arr(it, i)?;
        build::astype(&a, a.dtype().true_div(), span.clone())
    };
    let (x, y) = (float(it, 0)?, float(it, 1)?);
    let rtol = b.f64_or(2, 1e-5)?;
    let atol = b.f64_or(3, 1e-8)?;
    let equal_nan = b.bool_or(4, false)?;
    let a = |x: &Arr| Operand::Array(x.clone());
    let diff = un(UnaryOp::Abs, &bin(BinaryOp::Sub, a(&x), a(&y), span)?, span)?;
    let tol = bin(
        BinaryOp::Add,
        scalar(atol),
        Operand::Array(bin(
            BinaryOp::Mul,
            scalar(rtol),
            Operand::Array(un(UnaryOp::Abs, &y, span)?),
            span,
        )?),
        span,
    )?;
    let within = bin(BinaryOp::Le, a(&diff), a(&tol), span)?;
    let finite = un(UnaryOp::IsFinite, &y, span)?;
    let mut r = bin(
        BinaryOp::Or,
        Operand::Array(bin(BinaryOp::And, a(&within), a(&finite), span)?),
        Operand::Array(bin(BinaryOp::Eq, a(&x), a(&y), span)?),
        span,
    )?;
    if equal_nan {
        let both = bin(
            BinaryOp::And,
            Operand::Array(un(UnaryOp::IsNan, &x, span)?),
            Operand::Array(un(UnaryOp::IsNan, &y, span)?),
            span,
        )?;
        r = bin(BinaryOp::Or, a(&r), a(&both), span)?;
    }
    Ok(Value::Array(if name == "allclose" {
        all(&r, span)?
    } else {
        r
    }))
}

fn array_equal(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let span = &b.span;
    let (x, y) = (b.arr(it, 0)?, b.arr(it, 1)?);
    // Shapes are known before anything runs: different shapes are simply not equal.
    if x.shape() != y.shape() {
        return Ok(Value::Bool(false));
    }
    let a = |x: &Arr| Operand::Array(x.clone());
    let mut eq = bin(BinaryOp::Eq, a(&x), a(&y), span)?;
    if b.bool_or(2, false)? && (x.dtype().is_float() || y.dtype().is_float()) {
        let both = bin(
            BinaryOp::And,
            Operand::Array(un(UnaryOp::IsNan, &x, span)?),
            Operand::Array(un(UnaryOp::IsNan, &y, span)?),
            span,
        )?;
        eq = bin(BinaryOp::Or, a(&eq), a(&both), span)?;
    }
    Ok(Value::Array(all(&eq, span)?))
}

fn select(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let span = b.span.clone();
    let list = |i: usize| -> Result<Vec<Value>> {
        let (v, sp) = b.req(i);
        match v {
            Value::List(items) | Value::Tuple(items) => Ok(items.clone()),
            other => Err(super::args::type_err("a list", other, sp)),
        }
    };
    let (conds, choices) = (list(0)?, list(1)?);
    if conds.len() != choices.len() {
        return Err(crate::diagnostic::Diagnostic::new(
            crate::diagnostic::codes::ARGUMENT,
            "list of cases must be same length as list of conditions",
        )
        .label(b.span_of(0), format!("{} conditions", conds.len()))
        .label(b.span_of(1), format!("{} choices", choices.len())));
    }
    let mut r = match b.get(2) {
        Some((v, sp)) => super::args::to_operand(it, v, sp)?,
        None => Operand::Scalar(Scalar::Int(0)),
    };
    // From the last case to the first: the first condition that holds wins.
    for (k, (c, v)) in conds.iter().zip(&choices).enumerate().rev() {
        let c = super::args::to_array(it, c, &b.span_of(0))?;
        if c.dtype() != DType::Bool {
            return Err(crate::diagnostic::Diagnostic::new(
                crate::diagnostic::codes::DTYPE,
                format!("invalid entry {k} in condlist: should be boolean ndarray"),
            )
            .label(b.span_of(0), format!("a {} array", c.dtype())));
        }
        let v = super::args::to_operand(it, v, &b.span_of(1))?;
        r = Operand::Array(build::where_(
            (Operand::Array(c), span.clone()),
            (v, span.clone()),
            (r, span.clone()),
            span.clone(),
        )?);
    }
    Ok(Value::Array(match r {
        Operand::Array(a) => a,
        Operand::Scalar(s) => super::args::to_array(it, &Value::from_scalar(s), &span)?,
    }))
}
