//! Index grids: shapes -> arrays of positions (`indices`, `fromfunction` over them) and the
//! positions of a triangle (`triu_indices tril_indices`, made now: they are static).

use super::args::{to_int, to_shape};
use super::{Bound, Function, Imp};
use crate::diagnostic::{codes, Diagnostic};
use crate::dtype::DType;
use crate::expr::build;
use crate::expr::interp::{CallArgs, Interp, Result};
use crate::expr::node::{Arr, Meta, Node, Op};
use crate::expr::value::Value;
use crate::kernels::Block;
use crate::source::Span;
use ndarray::{ArrayD, IxDyn};
use std::sync::Arc;

/// This family's builtins.
pub const FUNCTIONS: &[Function] = &[
    Function::new(
        "indices",
        "indices(dimensions, dtype=int64)",
        "the index grid of a shape: out[i] holds each element's position along axis i",
        "indices((2, 3))",
        Imp::Fn(indices),
    ),
    Function::new(
        "fromfunction",
        "fromfunction(function, shape, dtype=float64)",
        "function called once with the index grids of shape (one array per axis)",
        "fn f(i, j) = 10 * i + j; fromfunction(f, (2, 3))",
        Imp::Fn(fromfunction),
    ),
    Function::new(
        "triu_indices",
        "triu_indices(n, k=0, m=None)",
        "(rows, cols) of the upper triangle of an n x m array, from the k-th diagonal",
        "triu_indices(3)",
        Imp::Fn(triangle),
    ),
    Function::new(
        "tril_indices",
        "tril_indices(n, k=0, m=None)",
        "(rows, cols) of the lower triangle of an n x m array, up to the k-th diagonal",
        "tril_indices(3, k=-1)",
        Imp::Fn(triangle),
    ),
];

/// Triangles with more positions than this are refused (they are made at compile time).
const MAX_TRIANGLE: usize = 100_000_000;

/// The grid of positions along `axis` of `shape`, as `dtype`.
fn grid(it: &Interp, shape: &[usize], axis: usize, dtype: DType, span: &Span) -> Result<Arr> {
    let n = shape[axis];
    let chunks = it.default_chunks(shape, dtype.size())?;
    let line = Node::new(
        Op::Arange {
            start: 0.0,
            step: 1.0,
        },
        vec![],
        Meta {
            shape: vec![n],
            dtype,
            chunks: vec![chunks[axis].clone()],
        },
        span.clone(),
    );
    let mut lshape: Vec<i64> = vec![1; shape.len()];
    lshape[axis] = n as i64;
    let line = build::reshape(&line, &lshape, span.clone())?;
    let g = build::broadcast_to(&line, shape, span.clone())?;
    Ok(build::rechunk_to(&g, chunks))
}

fn grids(it: &Interp, shape: &[usize], dtype: DType, span: &Span) -> Result<Vec<Arr>> {
    (0..shape.len())
        .map(|d| grid(it, shape, d, dtype, span))
        .collect()
}

fn indices(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let span = b.span.clone();
    let (sv, ssp) = b.req(0);
    let shape = to_shape(sv, ssp)?;
    let dtype = b.dtype(1)?.unwrap_or(DType::I64);
    let gs = grids(it, &shape, dtype, &span)?;
    if gs.is_empty() {
        return Ok(Value::Array(Node::new(
            Op::Full(crate::kernels::Scalar::Int(0)),
            vec![],
            Meta {
                shape: vec![0],
                dtype,
                chunks: vec![vec![0]],
            },
            span,
        )));
    }
    let parts: Vec<(Arr, Span)> = gs
        .iter()
        .map(|g| {
            Ok((
                build::expand_dims(g, (0, span.clone()), span.clone())?,
                span.clone(),
            ))
        })
        .collect::<Result<_>>()?;
    Ok(Value::Array(build::concatenate(
        &parts,
        (0, span.clone()),
        span,
    )?))
}

fn fromfunction(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let span = b.span.clone();
    let (f, fsp) = b.req(0).clone();
    let (sv, ssp) = b.req(1);
    let shape = to_shape(sv, ssp)?;
    let dtype = b.dtype(2)?.unwrap_or(DType::F64);
    let pos = grids(it, &shape, dtype, &span)?
        .into_iter()
        .map(|g| (Value::Array(g), span.clone()))
        .collect();
    let args = CallArgs {
        pos,
        kw: vec![],
        span: span.clone(),
    };
    it.call(f, args, fsp)
}

fn triangle(it: &mut Interp, name: &'static str, b: Bound) -> Result<Value> {
    let span = b.span.clone();
    let (nv, nsp) = b.req(0);
    let n = to_int(nv, nsp)?.max(0);
    let k = b.int_or(1, 0)?;
    let m = match b.get(2) {
        Some((v, sp)) => to_int(v, sp)?.max(0),
        None => n,
    };
    let upper = name == "triu_indices";
    let inside = |i: i64, j: i64| if upper { j - i >= k } else { j - i <= k };
    // Count row by row (the grid itself is checked first: it is walked).
    let too_big = (n as u128) * (m as u128) > 4 * MAX_TRIANGLE as u128
        || (0..n)
            .map(|i| (0..m).filter(|&j| inside(i, j)).count() as u128)
            .sum::<u128>()
            > MAX_TRIANGLE as u128;
    if too_big {
        return Err(Diagnostic::new(
            codes::LIMIT,
            format!("`{name}` of a {n} x {m} array: at most {MAX_TRIANGLE} positions"),
        )
        .label(span, "too many positions"));
    }
    let (mut rows, mut cols) = (Vec::new(), Vec::new());
    for i in 0..n {
        for j in 0..m {
            if inside(i, j) {
                rows.push(i);
                cols.push(j);
            }
        }
    }
    let len = rows.len();
    let chunks = it.default_chunks(&[len], 8)?;
    let lit = |v: Vec<i64>| {
        let block = Block::I64(ArrayD::from_shape_vec(IxDyn(&[len]), v).expect("length"));
        Node::new(
            Op::Literal(Arc::new(block)),
            vec![],
            Meta {
                shape: vec![len],
                dtype: DType::I64,
                chunks: chunks.clone(),
            },
            span.clone(),
        )
    };
    Ok(Value::Tuple(vec![
        Value::Array(lit(rows)),
        Value::Array(lit(cols)),
    ]))
}
