//! Indexing: arrays and index arrays -> selections (`take`, `diagonal`, ...), lazy as `x[idx]`
//! is (`expr::fancy`). Positions of data-dependent count (`nonzero` of a computed array)
//! are selections, as `x[mask]` is.

use super::args::{to_array, to_int, type_err};
use super::{Bound, Function, Imp};
use crate::diagnostic::{codes, Diagnostic};
use crate::dtype::DType;
use crate::expr::build::{self, IndexItem, Operand};
use crate::expr::fancy::{self, Item};
use crate::expr::interp::{Interp, Result};
use crate::expr::mask::Masked;
use crate::expr::node::{Arr, Meta, Node, Op};
use crate::expr::value::Value;
use crate::kernels::elementwise::BinaryOp;
use crate::kernels::Scalar;
use crate::source::Span;
use ndarray::{ArrayD, IxDyn};
use std::rc::Rc;

/// This family's builtins.
pub const FUNCTIONS: &[Function] = &[
    Function::new(
        "take",
        "take(x, indices, axis=None)",
        "the elements at `indices` along `axis` (of the flattened array by default)",
        "take(arange(10) * 10, [3, -1, 0])",
        Imp::Fn(take),
    )
    .method(),
    Function::new(
        "take_along_axis",
        "take_along_axis(x, indices, axis)",
        "per lane along `axis`, the elements at `indices` (as argsort's output)",
        "take_along_axis(array([[3, 1, 2], [9, 7, 8]]), array([[1, 2, 0], [0, 0, 2]]), 1)",
        Imp::Fn(take_along_axis),
    ),
    Function::new(
        "nonzero",
        "nonzero(x)",
        "the indices of the nonzero elements, one array per axis",
        "nonzero(array([[0, 3], [4, 0]]))",
        Imp::Fn(nonzero),
    )
    .method(),
    Function::new(
        "flatnonzero",
        "flatnonzero(x)",
        "the indices of the nonzero elements of the flattened array",
        "flatnonzero(array([0, 2, 0, 5]))",
        Imp::Fn(flatnonzero),
    ),
    Function::new(
        "argwhere",
        "argwhere(x)",
        "the indices of the nonzero elements, one row each",
        "argwhere(array([[0, 3], [4, 0]]))",
        Imp::Fn(argwhere),
    ),
    Function::new(
        "diagonal",
        "diagonal(x, offset=0, axis1=0, axis2=1)",
        "the diagonal (offset above/below) of axes axis1 and axis2, as the last axis",
        "diagonal(arange(9).reshape((3, 3)), 1)",
        Imp::Fn(diagonal),
    )
    .method(),
    Function::new(
        "compress",
        "compress(condition, x, axis=None)",
        "the slices along `axis` where `condition` is true",
        "compress([True, False, True], arange(6).reshape((3, 2)), axis=0)",
        Imp::Fn(compress),
    ),
    Function::new(
        "extract",
        "extract(condition, x)",
        "the elements of `x` where `condition` is true (x[condition])",
        "extract(arange(6) % 2 == 0, arange(6))",
        Imp::Fn(extract),
    ),
    Function::new(
        "copy",
        "copy(x)",
        "the same array: arrays are never changed in place, updates make new ones",
        "copy(arange(3))",
        Imp::Fn(copy),
    )
    .method(),
];

fn arg_axis(b: &Bound, i: usize, ndim: usize) -> Result<Option<usize>> {
    match b.get(i) {
        None => Ok(None),
        Some((v, sp)) => {
            let a = to_int(v, sp)?;
            Ok(Some(build::normalize_axes(&[(a, sp.clone())], ndim)?[0]))
        }
    }
}

fn flat(x: &Arr, span: &Span) -> Result<Arr> {
    if x.ndim() == 1 {
        return Ok(x.clone());
    }
    build::reshape(x, &[-1], span.clone())
}

/// An index argument (int, list or array) as an index item.
fn index_item(it: &mut Interp, v: &Value, sp: &Span) -> Result<Item> {
    Ok(match v {
        Value::Int(i) => Item::Basic(IndexItem::Int(*i, sp.clone())),
        Value::Masked(m) => return Err(crate::expr::mask::needs_shape(m, "an index", sp.clone())),
        other => {
            let mut a = to_array(it, other, sp)?;
            if a.meta.size() == 0 && a.dtype().is_float() {
                a = build::astype(&a, DType::I64, sp.clone())?;
            }
            if a.dtype() == DType::Bool || a.dtype().is_float() {
                return Err(Diagnostic::new(codes::INDEX, "indices must be integers")
                    .label(sp.clone(), format!("this array is {}", a.dtype())));
            }
            Item::Array(a, sp.clone())
        }
    })
}

fn take(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let span = b.span.clone();
    let x = b.arr(it, 0)?;
    let (x, axis) = match arg_axis(&b, 2, x.ndim().max(1))? {
        None => (flat(&x, &span)?, 0),
        Some(a) => (x, a),
    };
    let (v, sp) = b.req(1);
    let mut items = vec![Item::Basic(IndexItem::Slice(None, None, None, span.clone())); axis];
    items.push(index_item(it, v, sp)?);
    Ok(Value::Array(fancy::getitem(&x, items, span)?))
}

fn take_along_axis(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let span = b.span.clone();
    let x = b.arr(it, 0)?;
    let idx = b.arr(it, 1)?;
    if !idx.dtype().is_int() {
        return Err(
            Diagnostic::new(codes::INDEX, "`indices` must be an integer array")
                .label(b.span_of(1), format!("this array is {}", idx.dtype())),
        );
    }
    let (x, idx, axis) = match arg_axis(&b, 2, x.ndim().max(1))? {
        None => (flat(&x, &span)?, flat(&idx, &span)?, 0),
        Some(a) => (x, idx, a),
    };
    if idx.ndim() != x.ndim() {
        return Err(Diagnostic::new(
            codes::SHAPE,
            "`indices` and `x` must have the same number of dimensions",
        )
        .label(
            b.span_of(0),
            format!("shape {}", build::shape_str(x.shape())),
        )
        .label(
            b.span_of(1),
            format!("shape {}", build::shape_str(idx.shape())),
        ));
    }
    // Other axes broadcast: x stretched to the result's, the axis keeps its length.
    let mut xs = x.shape().to_vec();
    let mut is = idx.shape().to_vec();
    xs[axis] = 1;
    is[axis] = 1;
    let common = build::broadcast_shapes(&[(&xs, b.span_of(0)), (&is, b.span_of(1))])?;
    let mut xt = common.clone();
    xt[axis] = x.shape()[axis];
    let mut out = common;
    out[axis] = idx.shape()[axis];
    let x = if x.shape() == xt.as_slice() {
        x
    } else {
        build::broadcast_to(&x, &xt, span.clone())?
    };
    let size = x.shape()[axis] as i64;
    if let Some(vals) = fancy::known(&idx) {
        let v = vals.to_f64_vec();
        if let Some(&bad) = v.iter().find(|&&i| i < -(size as f64) || i >= size as f64) {
            return Err(Diagnostic::new(
                codes::INDEX,
                format!("index {bad} is out of bounds for axis {axis} with size {size}"),
            )
            .label(b.span_of(1), "these indices"));
        }
    }
    let idx = build::astype(&idx, DType::I64, b.span_of(1))?;
    let idx = if idx.shape() == out.as_slice() {
        idx
    } else {
        build::broadcast_to(&idx, &out, span.clone())?
    };
    let mut chunks = x.meta.chunks.clone();
    chunks[axis] = idx.meta.chunks[axis].clone();
    let idx = build::rechunk_to(&idx, chunks.clone());
    let meta = Meta {
        shape: out,
        dtype: x.dtype(),
        chunks,
    };
    Ok(Value::Array(Node::new(
        Op::TakeAlong { axis },
        vec![x, idx],
        meta,
        span,
    )))
}

/// The position along `axis` of every element of an array of `shape`, chunked as `like`.
fn positions(like: &Arr, axis: usize, span: &Span) -> Result<Arr> {
    let n = like.shape()[axis];
    let mut shape = vec![1; like.ndim()];
    shape[axis] = n;
    let ar = Node::new(
        Op::Arange {
            start: 0.0,
            step: 1.0,
        },
        vec![],
        Meta {
            shape: vec![n],
            dtype: DType::I64,
            chunks: vec![like.meta.chunks[axis].clone()],
        },
        span.clone(),
    );
    let col = build::reshape(
        &ar,
        &shape.iter().map(|&d| d as i64).collect::<Vec<_>>(),
        span.clone(),
    )?;
    let full = build::broadcast_to(&col, like.shape(), span.clone())?;
    Ok(build::rechunk_to(&full, like.meta.chunks.clone()))
}

fn nonzero_mask(x: &Arr, span: &Span) -> Result<Arr> {
    if x.dtype() == DType::Bool {
        return Ok(x.clone());
    }
    build::binary(
        BinaryOp::Ne,
        (Operand::Array(x.clone()), span.clone()),
        (Operand::Scalar(Scalar::Int(0)), span.clone()),
        span.clone(),
    )
}

fn one_d(values: ArrayD<i64>, span: &Span) -> Value {
    let n = values.len();
    Value::Array(fancy::literal_i64(
        values,
        vec![crate::expr::chunks::regular(n, n.max(1))],
        span.clone(),
    ))
}

/// `nonzero(x)` (and one-argument `where`): known values -> arrays; computed -> selections.
pub fn nonzero_of(x: &Arr, span: &Span) -> Result<Value> {
    if x.ndim() == 0 {
        return Err(Diagnostic::new(
            codes::SHAPE,
            "nonzero of a 0-d array is not allowed (numpy 2); use atleast_1d(x)",
        )
        .label(span.clone(), "0-d"));
    }
    if let Some(vals) = fancy::known(x) {
        return Ok(Value::Tuple(
            fancy::nonzero_values(&vals)
                .into_iter()
                .map(|v| one_d(v, span))
                .collect(),
        ));
    }
    let mask = nonzero_mask(x, span)?;
    let mut out = Vec::new();
    for axis in 0..x.ndim() {
        out.push(Value::Masked(Rc::new(Masked::flat(
            positions(x, axis, span)?,
            mask.clone(),
            span.clone(),
        ))));
    }
    Ok(Value::Tuple(out))
}

fn nonzero(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let x = b.arr(it, 0)?;
    nonzero_of(&x, &b.span)
}

fn flatnonzero(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let span = b.span.clone();
    let x = b.arr(it, 0)?;
    let x = if x.ndim() == 0 {
        build::reshape(&x, &[1], span.clone())?
    } else {
        x
    };
    if let Some(vals) = fancy::known(&x) {
        let f = vals.to_f64_vec();
        let v: Vec<i64> = (0..f.len() as i64)
            .filter(|&i| f[i as usize] != 0.0)
            .collect();
        let n = v.len();
        return Ok(one_d(
            ArrayD::from_shape_vec(IxDyn(&[n]), v).expect("1-D"),
            &span,
        ));
    }
    // The flat position: the sum of each axis's position times its stride.
    let mut acc: Option<Arr> = None;
    let mut stride = 1i64;
    for axis in (0..x.ndim()).rev() {
        let p = positions(&x, axis, &span)?;
        let term = build::binary(
            BinaryOp::Mul,
            (Operand::Array(p), span.clone()),
            (Operand::Scalar(Scalar::Int(stride)), span.clone()),
            span.clone(),
        )?;
        acc = Some(match acc {
            None => term,
            Some(a) => build::binary(
                BinaryOp::Add,
                (Operand::Array(a), span.clone()),
                (Operand::Array(term), span.clone()),
                span.clone(),
            )?,
        });
        stride *= x.shape()[axis] as i64;
    }
    Ok(Value::Masked(Rc::new(Masked::flat(
        acc.expect("at least one axis"),
        nonzero_mask(&x, &span)?,
        span,
    ))))
}

fn argwhere(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let span = b.span.clone();
    let x = b.arr(it, 0)?;
    let Some(vals) = fancy::known(&x) else {
        if x.ndim() == 0 {
            return Err(Diagnostic::new(
                codes::TYPE,
                "argwhere of a 0-d array computed from data is not supported",
            )
            .label(span, "computed from data")
            .note("use argwhere(atleast_1d(x))"));
        }
        // A selection of (count, ndim): each position's coordinates along a last axis.
        let mut cols = Vec::with_capacity(x.ndim());
        for axis in 0..x.ndim() {
            let p = positions(&x, axis, &span)?;
            cols.push((
                build::expand_dims(&p, (-1, span.clone()), span.clone())?,
                span.clone(),
            ));
        }
        let nd = x.ndim();
        let coords = build::concatenate(&cols, (nd as i64, span.clone()), span.clone())?;
        let mask = build::expand_dims(&nonzero_mask(&x, &span)?, (-1, span.clone()), span.clone())?;
        let mask = build::broadcast_to(&mask, coords.shape(), span.clone())?;
        let mask = build::rechunk_to(&mask, coords.meta.chunks.clone());
        return Ok(Value::Masked(Rc::new(Masked {
            x: coords,
            mask,
            span,
            lanes: 1,
            axis: 0,
        })));
    };
    let cols = fancy::nonzero_values(&vals);
    let n = cols.first().map_or(
        usize::from(vals.shape().is_empty() && vals.to_f64_vec()[0] != 0.0),
        |c| c.len(),
    );
    let nd = cols.len();
    let mut data = Vec::with_capacity(n * nd);
    for r in 0..n {
        for c in &cols {
            data.push(c[r]);
        }
    }
    let a = ArrayD::from_shape_vec(IxDyn(&[n, nd]), data).expect("n x ndim");
    Ok(Value::Array(fancy::literal_i64(
        a,
        vec![crate::expr::chunks::regular(n, n.max(1)), vec![nd]],
        span,
    )))
}

fn diagonal(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let span = b.span.clone();
    let x = b.arr(it, 0)?;
    let offset = b.int_or(1, 0)?;
    if x.ndim() < 2 {
        return Err(Diagnostic::new(
            codes::SHAPE,
            "diag requires an array of at least two dimensions",
        )
        .label(
            b.span_of(0),
            format!("shape {}", build::shape_str(x.shape())),
        ));
    }
    let a1 = arg_axis(&b, 2, x.ndim())?.unwrap_or(0);
    let a2 = arg_axis(&b, 3, x.ndim())?.unwrap_or(1);
    if a1 == a2 {
        return Err(
            Diagnostic::new(codes::AXIS, "axis1 and axis2 cannot be the same").label(span, "here"),
        );
    }
    let (n1, n2) = (x.shape()[a1] as i64, x.shape()[a2] as i64);
    let (s1, s2) = (0.max(-offset), 0.max(offset));
    let len = (n1 - s1).min(n2 - s2).max(0) as usize;
    let ix = |s: i64| {
        let v = ArrayD::from_shape_vec(IxDyn(&[len]), (0..len as i64).map(|i| i + s).collect())
            .expect("1-D");
        Item::Array(
            fancy::literal_i64(
                v,
                vec![crate::expr::chunks::regular(len, len.max(1))],
                span.clone(),
            ),
            span.clone(),
        )
    };
    // Both axes indexed by one position array each: the diagonal goes last, as numpy's.
    let (lo, hi) = (a1.min(a2), a1.max(a2));
    let mut items: Vec<Item> = Vec::new();
    for d in 0..x.ndim() {
        items.push(if d == a1 {
            ix(s1)
        } else if d == a2 {
            ix(s2)
        } else {
            Item::Basic(IndexItem::Slice(None, None, None, span.clone()))
        });
    }
    let g = fancy::getitem(&x, items, span.clone())?;
    // getitem puts the index axis at `lo` when the two are adjacent, first otherwise.
    let at = if hi == lo + 1 { lo } else { 0 };
    let nd = g.ndim();
    if at == nd - 1 {
        return Ok(Value::Array(g));
    }
    let mut perm: Vec<i64> = (0..nd as i64).filter(|&d| d != at as i64).collect();
    perm.push(at as i64);
    let perm = perm.into_iter().map(|p| (p, span.clone())).collect();
    Ok(Value::Array(build::transpose(&g, Some(perm), span)?))
}

fn compress(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let span = b.span.clone();
    let cond = b.arr(it, 0)?;
    let x = b.arr(it, 1)?;
    if cond.ndim() != 1 {
        return Err(
            Diagnostic::new(codes::SHAPE, "condition must be a 1-d array").label(
                b.span_of(0),
                format!("shape {}", build::shape_str(cond.shape())),
            ),
        );
    }
    let (x, axis) = match arg_axis(&b, 2, x.ndim().max(1))? {
        None => (flat(&x, &span)?, 0),
        Some(a) => (x, a),
    };
    let n = x.shape()[axis];
    if cond.shape()[0] > n {
        return Err(Diagnostic::new(
            codes::INDEX,
            format!(
                "index {} is out of bounds for axis {axis} with size {n}",
                cond.shape()[0] - 1
            ),
        )
        .label(b.span_of(0), "condition longer than the axis"));
    }
    if let Some(vals) = fancy::known(&cond) {
        let pos = fancy::nonzero_values(&vals).remove(0);
        let mut items = vec![Item::Basic(IndexItem::Slice(None, None, None, span.clone())); axis];
        let k = pos.len();
        items.push(Item::Array(
            fancy::literal_i64(
                pos,
                vec![crate::expr::chunks::regular(k, k.max(1))],
                span.clone(),
            ),
            b.span_of(0),
        ));
        return Ok(Value::Array(fancy::getitem(&x, items, span)?));
    }
    if x.ndim() != 1 || cond.shape()[0] != n {
        return Err(Diagnostic::new(
            codes::INDEX,
            "compress with a condition computed from data needs a 1-d array of its length",
        )
        .label(b.span_of(0), "its count depends on the data")
        .note("x[m] with m of x's shape is a lazy selection; or use where(m, x, fill)"));
    }
    let mask = nonzero_mask(&cond, &span)?;
    let mask = build::rechunk_to(&mask, x.meta.chunks.clone());
    Ok(Value::Masked(Rc::new(crate::expr::mask::select(
        &x,
        b.span_of(1),
        &mask,
        b.span_of(0),
        span,
    )?)))
}

fn extract(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let span = b.span.clone();
    let cond = b.arr(it, 0)?;
    let x = b.arr(it, 1)?;
    let (cond, x) = if cond.shape() == x.shape() {
        (cond, x)
    } else if cond.meta.size() == x.meta.size() {
        (flat(&cond, &span)?, flat(&x, &span)?)
    } else {
        return Err(
            Diagnostic::new(codes::SHAPE, "condition and array must have the same size")
                .label(
                    b.span_of(0),
                    format!("shape {}", build::shape_str(cond.shape())),
                )
                .label(
                    b.span_of(1),
                    format!("shape {}", build::shape_str(x.shape())),
                ),
        );
    };
    let mask = nonzero_mask(&cond, &span)?;
    if x.ndim() == 0 {
        return Err(type_err(
            "an array of at least one dimension",
            &Value::Array(x),
            &b.span_of(1),
        ));
    }
    Ok(Value::Masked(Rc::new(crate::expr::mask::select(
        &x,
        b.span_of(1),
        &mask,
        b.span_of(0),
        span,
    )?)))
}

fn copy(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    match b.req(0) {
        (Value::Masked(m), _) => Ok(Value::Masked(m.clone())),
        (v, sp) => Ok(Value::Array(to_array(it, v, sp)?)),
    }
}
