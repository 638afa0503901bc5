//! Creation: shape and fill arguments -> lazy source arrays (`ones arange eye array` ...).

use super::args::{literal, to_bool, to_chunks, to_dtype, to_f64, to_int, to_shape, type_err};
use super::{Bound, Function, Imp};
use crate::diagnostic::{codes, Diagnostic};
use crate::dtype::DType;
use crate::expr::build;
use crate::expr::interp::{Interp, Result};
use crate::expr::node::{Meta, Node, Op};
use crate::expr::value::Value;
use crate::kernels::Scalar;

/// This family's builtins.
pub const FUNCTIONS: &[Function] = &[
    Function::new(
        "ones",
        "ones(shape, dtype=float64, chunks=auto)",
        "an array of ones",
        "ones((2, 3), dtype=int32)",
        Imp::Fn(filled),
    ),
    Function::new(
        "zeros",
        "zeros(shape, dtype=float64, chunks=auto)",
        "an array of zeros",
        "zeros(4)",
        Imp::Fn(filled),
    ),
    Function::new(
        "full",
        "full(shape, fill_value, dtype=None, chunks=auto)",
        "an array filled with one value",
        "full((2, 2), 7)",
        Imp::Fn(filled),
    ),
    Function::new(
        "arange",
        "arange(start, stop=None, step=1, dtype=None, chunks=auto)",
        "evenly spaced values in [start, stop)",
        "arange(1, 10, 3)",
        Imp::Fn(arange),
    ),
    Function::new(
        "linspace",
        "linspace(start, stop, num=50, endpoint=True, chunks=auto)",
        "num evenly spaced values from start to stop",
        "linspace(0, 1, num=5)",
        Imp::Fn(linspace),
    ),
    Function::new(
        "eye",
        "eye(N, M=None, k=0, dtype=float64, chunks=auto)",
        "ones on a diagonal, zeros elsewhere",
        "eye(3, k=1)",
        Imp::Fn(eye),
    ),
    Function::new(
        "array",
        "array(values, dtype=None, chunks=auto)",
        "an array from nested lists",
        "array([[1, 2], [3, 4]])",
        Imp::Fn(array),
    ),
];

fn filled(it: &mut Interp, name: &'static str, b: Bound) -> Result<Value> {
    let span = b.span.clone();
    let (sv, ssp) = b.req(0);
    let shape = to_shape(sv, ssp)?;
    let (fill, dt) = match name {
        "ones" => (Scalar::Int(1), DType::F64),
        "zeros" => (Scalar::Int(0), DType::F64),
        _ => {
            let (fv, fsp) = b.req(1);
            let s = fv.scalar().ok_or_else(|| type_err("a number", fv, fsp))?;
            (s, s.dtype())
        }
    };
    let di = if name == "full" { 2 } else { 1 };
    let dt = match b.get(di) {
        Some((v, sp)) => to_dtype(v, sp)?,
        None => dt,
    };
    let chunks = to_chunks(it, b.get(di + 1), &shape, dt)?;
    Ok(Value::Array(Node::new(
        Op::Full(fill),
        vec![],
        Meta {
            shape,
            dtype: dt,
            chunks,
        },
        span,
    )))
}

fn arange(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let span = b.span.clone();
    let nums: Vec<Option<Scalar>> = (0..3)
        .map(|i| b.get(i).and_then(|v| v.0.scalar()))
        .collect();
    for i in 0..3 {
        if let Some((v, sp)) = b.get(i) {
            if v.scalar().is_none() {
                return Err(type_err("a number", v, sp));
            }
        }
    }
    let (start, stop) = match nums[1] {
        Some(stop) => (nums[0].expect("required"), stop),
        None => (Scalar::Int(0), nums[0].expect("required")),
    };
    let step = nums[2].unwrap_or(Scalar::Int(1));
    if step.as_f64() == 0.0 {
        return Err(
            Diagnostic::new(codes::ARGUMENT, "arange step cannot be zero")
                .label(b.span_of(2), "step 0"),
        );
    }
    let all_int = [start, stop, step]
        .iter()
        .all(|s| !matches!(s, Scalar::Float(_)));
    let dt = match b.get(3) {
        Some((v, sp)) => to_dtype(v, sp)?,
        None if all_int => DType::I64,
        None => DType::F64,
    };
    let n = ((stop.as_f64() - start.as_f64()) / step.as_f64())
        .ceil()
        .max(0.0) as usize;
    let shape = vec![n];
    let chunks = to_chunks(it, b.get(4), &shape, dt)?;
    Ok(Value::Array(Node::new(
        Op::Arange {
            start: start.as_f64(),
            step: step.as_f64(),
        },
        vec![],
        Meta {
            shape,
            dtype: dt,
            chunks,
        },
        span,
    )))
}

fn linspace(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let span = b.span.clone();
    let start = to_f64(&b.req(0).0, &b.req(0).1)?;
    let stop = to_f64(&b.req(1).0, &b.req(1).1)?;
    let num = match b.get(2) {
        Some((v, sp)) => to_int(v, sp)?.max(0) as usize,
        None => 50,
    };
    let endpoint = match b.get(3) {
        Some((v, sp)) => to_bool(v, sp)?,
        None => true,
    };
    let div = if endpoint { num.saturating_sub(1) } else { num };
    let step = if div > 0 {
        (stop - start) / div as f64
    } else {
        0.0
    };
    let shape = vec![num];
    let chunks = to_chunks(it, b.get(4), &shape, DType::F64)?;
    Ok(Value::Array(Node::new(
        Op::Arange { start, step },
        vec![],
        Meta {
            shape,
            dtype: DType::F64,
            chunks,
        },
        span,
    )))
}

fn eye(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let span = b.span.clone();
    let n = to_int(&b.req(0).0, &b.req(0).1)?.max(0) as usize;
    let m = match b.get(1) {
        Some((v, sp)) => to_int(v, sp)?.max(0) as usize,
        None => n,
    };
    let k = match b.get(2) {
        Some((v, sp)) => to_int(v, sp)?,
        None => 0,
    };
    let dt = match b.get(3) {
        Some((v, sp)) => to_dtype(v, sp)?,
        None => DType::F64,
    };
    let shape = vec![n, m];
    let chunks = to_chunks(it, b.get(4), &shape, dt)?;
    Ok(Value::Array(Node::new(
        Op::Eye { k },
        vec![],
        Meta {
            shape,
            dtype: dt,
            chunks,
        },
        span,
    )))
}

fn array(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let span = b.span.clone();
    let (v, sp) = b.req(0);
    let dt = match b.get(1) {
        Some((v, sp)) => Some(to_dtype(v, sp)?),
        None => None,
    };
    Ok(match v {
        Value::Array(a) => {
            let a = match dt {
                Some(d) => build::astype(a, d, span.clone())?,
                None => a.clone(),
            };
            match b.get(2) {
                Some(c) => {
                    let ch = to_chunks(it, Some(c), a.shape(), a.dtype())?;
                    Value::Array(build::rechunk(&a, ch, span))
                }
                None => Value::Array(a),
            }
        }
        _ if v.scalar().is_some() => {
            let s = v.scalar().expect("checked");
            let d = dt.unwrap_or(s.dtype());
            Value::Array(Node::new(
                Op::Full(s),
                vec![],
                Meta {
                    shape: vec![],
                    dtype: d,
                    chunks: vec![],
                },
                span,
            ))
        }
        _ => Value::Array(literal(it, v, dt, b.get(2), sp)?),
    })
}
