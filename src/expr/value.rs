//! Interpreter values: lazy arrays, Python-like scalars, tuples, functions.

use super::node::Arr;
use crate::dtype::DType;
use crate::kernels::Scalar;
use crate::source::Spanned;
use crate::syntax::ast::{Expr, Param};
use std::rc::Rc;

/// A function written in arrlang (`fn name(params) = body`).
#[derive(Debug)]
pub struct UserFn {
    pub name: String,
    pub params: Vec<Param>,
    pub body: Spanned<Expr>,
    pub doc: Option<String>,
    /// Source text the spans point into (stdlib functions come from their own file).
    pub origin: Rc<str>,
}

#[derive(Debug, Clone)]
pub enum Value {
    Array(Arr),
    Int(i64),
    Float(f64),
    /// A Python complex (real, imaginary): `2j`, `complex(1, 2)`.
    Complex(f64, f64),
    Bool(bool),
    Str(String),
    None,
    Tuple(Vec<Value>),
    List(Vec<Value>),
    DType(DType),
    Func(Rc<UserFn>),
    Builtin(&'static str),
    /// `x.mean` before it is called.
    Method(Box<Value>, String),
    /// `x[mask]`: a selection whose length depends on the data.
    Masked(Rc<super::mask::Masked>),
    /// `slice(start, stop, step)` (None for an absent part): positions or labels.
    Slice(Rc<[Value; 3]>),
    /// `x.groupby("time.month")` / `x.resample(time="1YS")` before it is reduced.
    Grouped(Rc<super::labels::group::Grouped>),
}

impl Value {
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Array(_) => "array",
            Value::Int(_) => "int",
            Value::Float(_) => "float",
            Value::Complex(..) => "complex",
            Value::Bool(_) => "bool",
            Value::Str(_) => "str",
            Value::None => "None",
            Value::Tuple(_) => "tuple",
            Value::List(_) => "list",
            Value::DType(_) => "dtype",
            Value::Func(_) | Value::Builtin(_) | Value::Method(..) => "function",
            Value::Masked(_) => "boolean-mask selection",
            Value::Slice(_) => "slice",
            Value::Grouped(_) => "groupby",
        }
    }

    pub fn scalar(&self) -> Option<Scalar> {
        match self {
            Value::Int(i) => Some(Scalar::Int(*i)),
            Value::Float(f) => Some(Scalar::Float(*f)),
            Value::Complex(re, im) => Some(Scalar::Complex(*re, *im)),
            Value::Bool(b) => Some(Scalar::Bool(*b)),
            _ => None,
        }
    }

    pub fn from_scalar(s: Scalar) -> Value {
        match s {
            Scalar::Int(i) => Value::Int(i),
            Scalar::Float(f) => Value::Float(f),
            Scalar::Complex(re, im) => Value::Complex(re, im),
            Scalar::Bool(b) => Value::Bool(b),
        }
    }
}

/// Python's repr of a float (shortest round-trip, `1.0`, `1e-05`, `inf`, `nan`).
pub fn py_float(f: f64) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf".into() } else { "-inf".into() };
    }
    let a = f.abs();
    if a != 0.0 && !(1e-4..1e16).contains(&a) {
        // Rust's `{:e}` is shortest round-trip too; Python writes 1e-05 and 1e+16.
        let s = format!("{f:e}");
        let (m, e) = s.split_once('e').expect("exponent");
        let e: i32 = e.parse().expect("int exponent");
        return format!("{m}e{}{:02}", if e < 0 { "-" } else { "+" }, e.abs());
    }
    let s = format!("{f}");
    if s.contains('.') {
        s
    } else {
        format!("{s}.0")
    }
}

#[cfg(test)]
mod tests {
    use super::py_float;

    #[test]
    fn python_float_repr() {
        assert_eq!(py_float(1.0), "1.0");
        assert_eq!(py_float(0.1), "0.1");
        assert_eq!(py_float(1e-5), "1e-05");
        assert_eq!(py_float(1.5e16), "1.5e+16");
        assert_eq!(py_float(-2.5), "-2.5");
        assert_eq!(py_float(123456.789), "123456.789");
    }
}
