//! Python builtins on values: `shape len int float tuple`.

use super::args::type_err;
use super::{Bound, Function, Imp};
use crate::expr::interp::{Interp, Result};
use crate::expr::value::Value;

/// This family's builtins.
pub const FUNCTIONS: &[Function] = &[
    Function::new(
        "shape",
        "shape(x)",
        "the shape of an array",
        "shape(ones((2, 5)))",
        Imp::Fn(shape),
    ),
    Function::new(
        "len",
        "len(x)",
        "length of the first axis or of a tuple",
        "len(ones((4, 2)))",
        Imp::Fn(len),
    ),
    Function::new("int", "int(x)", "a Python int", "int(3.7)", Imp::Fn(int)),
    Function::new(
        "float",
        "float(x)",
        "a Python float",
        "float(2)",
        Imp::Fn(float),
    ),
    Function::new(
        "tuple",
        "tuple(x)",
        "a tuple of the items",
        "tuple([1, 2])",
        Imp::Fn(tuple),
    ),
];

fn shape(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let x = b.arr(it, 0)?;
    Ok(Value::Tuple(
        x.shape().iter().map(|&d| Value::Int(d as i64)).collect(),
    ))
}

fn len(_: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    Ok(match &b.req(0).0 {
        Value::Tuple(t) | Value::List(t) => Value::Int(t.len() as i64),
        Value::Str(s) => Value::Int(s.chars().count() as i64),
        Value::Array(a) if a.ndim() > 0 => Value::Int(a.shape()[0] as i64),
        other => return Err(type_err("a sized value", other, &b.req(0).1)),
    })
}

fn lazy_err(b: &Bound) -> crate::diagnostic::Diagnostic {
    type_err(
        "a number (arrays are lazy: reduce them first)",
        &b.req(0).0,
        &b.req(0).1,
    )
}

fn int(_: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    match b.req(0).0.scalar() {
        Some(s) => crate::expr::pyint::int_of(s).map(Value::Int).map_err(|m| {
            crate::diagnostic::Diagnostic::new(crate::diagnostic::codes::OVERFLOW, m)
                .label(b.req(0).1.clone(), "this value")
        }),
        None => Err(lazy_err(&b)),
    }
}

fn float(_: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    match b.req(0).0.scalar() {
        Some(crate::kernels::Scalar::Complex(..)) => Err(type_err(
            "a real number (use `abs(z)` or `z.real`)",
            &b.req(0).0,
            &b.req(0).1,
        )),
        Some(s) => Ok(Value::Float(s.as_f64())),
        None => Err(lazy_err(&b)),
    }
}

fn tuple(_: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    match &b.req(0).0 {
        Value::Tuple(t) | Value::List(t) => Ok(Value::Tuple(t.clone())),
        other => Err(type_err("a tuple or list", other, &b.req(0).1)),
    }
}
