//! Creation: shape and fill arguments -> lazy source arrays (`ones arange eye array` ...).

use super::args::{literal, to_bool, to_chunks, to_dtype, to_f64, to_int, to_shape, type_err};
use super::elementwise::bin;
use super::{Bound, Function, Imp};
use crate::diagnostic::{codes, Diagnostic};
use crate::dtype::DType;
use crate::expr::build::{self, IndexItem, Operand};
use crate::expr::interp::{Interp, Result};
use crate::expr::node::{Arr, Chunks};
use crate::expr::node::{Meta, Node, Op};
use crate::expr::value::Value;
use crate::kernels::elementwise::BinaryOp;
use crate::kernels::reduce::ReduceOp;
use crate::kernels::Scalar;
use crate::source::Span;

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
    Function::new(
        "identity",
        "identity(n, dtype=float64)",
        "the n x n identity matrix",
        "identity(3, dtype=int64)",
        Imp::Fn(identity),
    ),
    Function::new(
        "empty",
        "empty(shape, dtype=float64, chunks=auto)",
        "an array whose values do not matter (arrlang gives zeros)",
        "empty((2, 2)).shape",
        Imp::Fn(filled),
    ),
    Function::new(
        "zeros_like",
        "zeros_like(a, dtype=None, chunks=None)",
        "zeros of a's shape, dtype and chunks",
        "zeros_like(arange(3))",
        Imp::Fn(like),
    ),
    Function::new(
        "ones_like",
        "ones_like(a, dtype=None, chunks=None)",
        "ones of a's shape, dtype and chunks",
        "ones_like(array([[1.5, 2.]]))",
        Imp::Fn(like),
    ),
    Function::new(
        "empty_like",
        "empty_like(a, dtype=None, chunks=None)",
        "an array of a's shape, dtype and chunks whose values do not matter (zeros)",
        "empty_like(arange(3)).shape",
        Imp::Fn(like),
    ),
    Function::new(
        "full_like",
        "full_like(a, fill_value, dtype=None, chunks=None)",
        "fill_value in a's shape, dtype and chunks",
        "full_like(arange(3), 7.9)",
        Imp::Fn(like),
    ),
    Function::new(
        "asarray",
        "asarray(values, dtype=None, chunks=auto)",
        "an array from nested lists, or the array itself",
        "asarray([1, 2, 3])",
        Imp::Fn(array),
    ),
    Function::new(
        "logspace",
        "logspace(start, stop, num=50, endpoint=True, base=10.0, chunks=auto)",
        "base ** linspace(start, stop, num)",
        "logspace(0, 3, num=4)",
        Imp::Fn(logspace),
    ),
    Function::new(
        "meshgrid",
        "meshgrid(*xi, indexing='xy')",
        "coordinate arrays from 1-D coordinate vectors (xy: the first varies along columns)",
        "meshgrid(arange(3), arange(2))[1]",
        Imp::Fn(meshgrid),
    ),
    Function::new(
        "diag",
        "diag(v, k=0)",
        "a 1-D array on the k-th diagonal of a square matrix, or the k-th diagonal of a 2-D array",
        "diag(array([1, 2]), k=1)",
        Imp::Fn(diag),
    ),
    Function::new(
        "tril",
        "tril(x, k=0)",
        "zeros above the k-th diagonal (of the last two axes)",
        "tril(ones((3, 3), dtype=int64))",
        Imp::Fn(tri),
    ),
    Function::new(
        "triu",
        "triu(x, k=0)",
        "zeros below the k-th diagonal (of the last two axes)",
        "triu(ones((3, 3), dtype=int64), k=1)",
        Imp::Fn(tri),
    ),
];

fn filled(it: &mut Interp, name: &'static str, b: Bound) -> Result<Value> {
    let span = b.span.clone();
    let (sv, ssp) = b.req(0);
    let shape = to_shape(sv, ssp)?;
    let (fill, dt) = match name {
        "ones" => (Scalar::Int(1), DType::F64),
        "zeros" | "empty" => (Scalar::Int(0), DType::F64),
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
    Ok(Value::Array(node(Op::Full(fill), shape, dt, chunks, span)))
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
    let n = crate::expr::arange::length(start, stop, step)?;
    let chunks = to_chunks(it, b.get(4), &[n], dt)?;
    Ok(Value::Array(crate::expr::arange::build(
        start, step, n, dt, chunks, span,
    )?))
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
    Ok(Value::Array(node(
        Op::Arange { start, step },
        shape,
        DType::F64,
        chunks,
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
    Ok(Value::Array(node(Op::Eye { k }, shape, dt, chunks, span)))
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
            Value::Array(node(Op::Full(s), vec![], d, vec![], span))
        }
        _ => Value::Array(literal(it, v, dt, b.get(2), sp)?),
    })
}

fn node(op: Op, shape: Vec<usize>, dtype: DType, chunks: Chunks, span: Span) -> Arr {
    Node::new(
        op,
        vec![],
        Meta {
            shape,
            dtype,
            chunks,
        },
        span,
    )
}

fn identity(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let n = to_int(&b.req(0).0, &b.req(0).1)?.max(0) as usize;
    let dt = b.dtype(1)?.unwrap_or(DType::F64);
    let shape = vec![n, n];
    let chunks = to_chunks(it, None, &shape, dt)?;
    Ok(Value::Array(node(
        Op::Eye { k: 0 },
        shape,
        dt,
        chunks,
        b.span.clone(),
    )))
}

fn like(it: &mut Interp, name: &'static str, b: Bound) -> Result<Value> {
    let a = b.arr(it, 0)?;
    let (di, fill) = match name {
        "full_like" => {
            let (fv, fsp) = b.req(1);
            (2, fv.scalar().ok_or_else(|| type_err("a number", fv, fsp))?)
        }
        "ones_like" => (1, Scalar::Int(1)),
        _ => (1, Scalar::Int(0)),
    };
    let dt = b.dtype(di)?.unwrap_or(a.dtype());
    let chunks = match b.get(di + 1) {
        Some(c) => to_chunks(it, Some(c), a.shape(), dt)?,
        None => a.meta.chunks.clone(),
    };
    // numpy casts the fill value to the dtype (full_like(arange(3), 7.9) is 7s).
    let fill = match (dt.is_inexact(), fill) {
        (false, Scalar::Float(f)) if dt != DType::Bool => Scalar::Int(f.trunc() as i64),
        (_, f) => f,
    };
    Ok(Value::Array(node(
        Op::Full(fill),
        a.shape().to_vec(),
        dt,
        chunks,
        b.span.clone(),
    )))
}

fn logspace(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let span = b.span.clone();
    let start = to_f64(&b.req(0).0, &b.req(0).1)?;
    let stop = to_f64(&b.req(1).0, &b.req(1).1)?;
    let num = b.int_or(2, 50)?.max(0) as usize;
    let endpoint = b.bool_or(3, true)?;
    let base = b.f64_or(4, 10.0)?;
    let div = if endpoint { num.saturating_sub(1) } else { num };
    let step = if div > 0 {
        (stop - start) / div as f64
    } else {
        0.0
    };
    let shape = vec![num];
    let chunks = to_chunks(it, b.get(5), &shape, DType::F64)?;
    let exps = node(
        Op::Arange { start, step },
        shape,
        DType::F64,
        chunks,
        span.clone(),
    );
    Ok(Value::Array(bin(
        BinaryOp::Pow,
        Operand::Scalar(Scalar::Float(base)),
        Operand::Array(exps),
        &span,
    )?))
}

fn meshgrid(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let span = b.span.clone();
    let xy = match b.named("indexing") {
        None => true,
        Some((Value::Str(s), _)) if s == "xy" => true,
        Some((Value::Str(s), _)) if s == "ij" => false,
        Some((_, sp)) => {
            return Err(
                Diagnostic::new(codes::ARGUMENT, "`indexing` is 'xy' or 'ij'")
                    .label(sp.clone(), "here"),
            )
        }
    };
    let mut xs = Vec::new();
    for i in 0..b.vals.len() {
        let x = b.arr(it, i)?;
        xs.push(build::reshape(&x, &[-1], span.clone())?);
    }
    let mut shape: Vec<usize> = xs.iter().map(|x| x.shape()[0]).collect();
    if xy && shape.len() > 1 {
        shape.swap(0, 1);
    }
    let mut out = Vec::new();
    for (i, x) in xs.iter().enumerate() {
        let ax = if xy && i < 2 && xs.len() > 1 {
            1 - i
        } else {
            i
        };
        let mut s = vec![1i64; xs.len()];
        s[ax] = x.shape()[0] as i64;
        let y = build::reshape(x, &s, span.clone())?;
        out.push(Value::Array(build::broadcast_to(&y, &shape, span.clone())?));
    }
    Ok(Value::Tuple(out))
}

/// Row and column index grids of the last two axes of `x`, chunked as `x`.
fn index_grids(x: &Arr, span: &Span) -> Result<(Arr, Arr)> {
    let nd = x.ndim();
    let (m, n) = (x.shape()[nd - 2], x.shape()[nd - 1]);
    let idx = |len: usize, chunks: &Vec<usize>| {
        node(
            Op::Arange {
                start: 0.0,
                step: 1.0,
            },
            vec![len],
            DType::I64,
            vec![chunks.clone()],
            span.clone(),
        )
    };
    let rows = build::reshape(
        &idx(m, &x.meta.chunks[nd - 2]),
        &[m as i64, 1],
        span.clone(),
    )?;
    let cols = idx(n, &x.meta.chunks[nd - 1]);
    Ok((rows, cols))
}

/// tril: keep where col <= row + k; triu: keep where col >= row + k.
fn tri_mask(x: &Arr, k: i64, lower: bool, span: &Span) -> Result<Arr> {
    let (rows, cols) = index_grids(x, span)?;
    let shifted = bin(
        BinaryOp::Add,
        Operand::Array(rows),
        Operand::Scalar(Scalar::Int(k)),
        span,
    )?;
    let op = if lower { BinaryOp::Le } else { BinaryOp::Ge };
    bin(op, Operand::Array(cols), Operand::Array(shifted), span)
}

fn keep_where(mask: Arr, x: &Arr, span: &Span) -> Result<Arr> {
    let zero = if x.dtype() == DType::Bool {
        Scalar::Bool(false)
    } else {
        Scalar::Int(0)
    };
    let r = build::where_(
        (Operand::Array(mask), span.clone()),
        (Operand::Array(x.clone()), span.clone()),
        (Operand::Scalar(zero), span.clone()),
        span.clone(),
    )?;
    build::astype(&r, x.dtype(), span.clone())
}

fn two_d(x: &Arr, name: &str, b: &Bound) -> Result<()> {
    if x.ndim() < 2 {
        return Err(Diagnostic::new(
            codes::SHAPE,
            format!("`{name}` needs an array of at least 2 dimensions"),
        )
        .label(
            b.span_of(0),
            format!("shape {}", build::shape_str(x.shape())),
        ));
    }
    Ok(())
}

fn tri(it: &mut Interp, name: &'static str, b: Bound) -> Result<Value> {
    let x = b.arr(it, 0)?;
    two_d(&x, name, &b)?;
    let k = b.int_or(1, 0)?;
    let mask = tri_mask(&x, k, name == "tril", &b.span)?;
    Ok(Value::Array(keep_where(mask, &x, &b.span)?))
}

/// The k-th diagonal of a 2-D array, lazily: the masked row sums, sliced to the rows that
/// have one.
pub(super) fn diagonal(x: &Arr, k: i64, span: &Span) -> Result<Arr> {
    let (m, n) = (x.shape()[0] as i64, x.shape()[1] as i64);
    let (rows, cols) = index_grids(x, span)?;
    let shifted = bin(
        BinaryOp::Add,
        Operand::Array(rows),
        Operand::Scalar(Scalar::Int(k)),
        span,
    )?;
    let on = bin(
        BinaryOp::Eq,
        Operand::Array(cols),
        Operand::Array(shifted),
        span,
    )?;
    let kept = keep_where(on, x, span)?;
    let sums = build::reduce(&kept, ReduceOp::Sum, Some(vec![1]), false, span.clone())?;
    let sums = build::astype(&sums, x.dtype(), span.clone())?;
    let lo = (-k).clamp(0, m);
    let hi = (n - k).clamp(lo, m);
    build::getitem(
        &sums,
        vec![IndexItem::Slice(Some(lo), Some(hi), None, span.clone())],
        span.clone(),
    )
}

fn diag(it: &mut Interp, name: &'static str, b: Bound) -> Result<Value> {
    let v = b.arr(it, 0)?;
    let k = b.int_or(1, 0)?;
    let span = &b.span;
    match v.ndim() {
        1 => {
            let len = v.shape()[0];
            let n = len + k.unsigned_abs() as usize;
            let pad = node(
                Op::Full(Scalar::Int(0)),
                vec![k.unsigned_abs() as usize],
                v.dtype(),
                vec![vec![k.unsigned_abs() as usize]],
                span.clone(),
            );
            // Column j of the result holds v[j - k] (k >= 0) or v[j] (k < 0) on its diagonal.
            let parts = if k >= 0 {
                vec![pad, v.clone()]
            } else {
                vec![v.clone(), pad]
            };
            let parts: Vec<(Arr, Span)> = parts.into_iter().map(|a| (a, span.clone())).collect();
            let col = build::concatenate(&parts, (0, span.clone()), span.clone())?;
            let grid = build::broadcast_to(&col, &[n, n], span.clone())?;
            let (rows, cols) = index_grids(&grid, span)?;
            let shifted = bin(
                BinaryOp::Add,
                Operand::Array(rows),
                Operand::Scalar(Scalar::Int(k)),
                span,
            )?;
            let on = bin(
                BinaryOp::Eq,
                Operand::Array(cols),
                Operand::Array(shifted),
                span,
            )?;
            Ok(Value::Array(keep_where(on, &grid, span)?))
        }
        2 => Ok(Value::Array(diagonal(&v, k, span)?)),
        _ => Err(
            Diagnostic::new(codes::SHAPE, format!("`{name}` takes a 1-D or 2-D array")).label(
                b.span_of(0),
                format!("shape {}", build::shape_str(v.shape())),
            ),
        ),
    }
}
