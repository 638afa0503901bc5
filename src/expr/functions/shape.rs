//! Shape: arrays -> the same elements in another shape, order or chunking (lazy, no copies planned here).

use super::args::{to_array, to_axes, to_chunks, to_int, to_ints, to_shape, type_err};
use super::{Bound, Function, Imp};
use crate::expr::build;
use crate::expr::interp::{Interp, Result};
use crate::expr::value::Value;

/// This family's builtins.
pub const FUNCTIONS: &[Function] = &[
    Function::new(
        "transpose",
        "transpose(x, axes=None)",
        "permute axes (reverse by default)",
        "transpose(arange(6).reshape((2, 3)))",
        Imp::Fn(transpose),
    )
    .method(),
    Function::new(
        "reshape",
        "reshape(x, shape)",
        "same data, another shape (C order)",
        "reshape(arange(6), (3, 2))",
        Imp::Fn(reshape),
    )
    .method(),
    Function::new(
        "squeeze",
        "squeeze(x, axis=None)",
        "remove length-1 axes",
        "squeeze(ones((1, 3, 1))).shape",
        Imp::Fn(squeeze),
    )
    .method(),
    Function::new(
        "expand_dims",
        "expand_dims(x, axis)",
        "insert a length-1 axis",
        "expand_dims(arange(3), 0)",
        Imp::Fn(expand_dims),
    ),
    Function::new(
        "concatenate",
        "concatenate(arrays, axis=0)",
        "join arrays along an existing axis",
        "concatenate([arange(2), arange(3)])",
        Imp::Fn(join),
    ),
    Function::new(
        "stack",
        "stack(arrays, axis=0)",
        "join arrays along a new axis",
        "stack([arange(2), arange(2)], axis=1)",
        Imp::Fn(join),
    ),
    Function::new(
        "rechunk",
        "rechunk(x, chunks)",
        "same data, other chunks",
        "rechunk(ones((100, 100), chunks=10), (50, 100)).chunks",
        Imp::Fn(rechunk),
    )
    .method(),
    Function::new(
        "broadcast_to",
        "broadcast_to(x, shape)",
        "stretch an array to a shape",
        "broadcast_to(arange(3), (2, 3))",
        Imp::Fn(broadcast_to),
    ),
];

fn transpose(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let span = b.span.clone();
    let x = b.arr(it, 0)?;
    let perm = match b.get(1) {
        Some((v, sp)) => Some(
            to_ints(v, sp)?
                .into_iter()
                .map(|a| (a, sp.clone()))
                .collect(),
        ),
        None => None,
    };
    Ok(Value::Array(build::transpose(&x, perm, span)?))
}

fn reshape(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let span = b.span.clone();
    let x = b.arr(it, 0)?;
    let shape = to_ints(&b.req(1).0, &b.req(1).1)?;
    Ok(Value::Array(build::reshape(&x, &shape, span)?))
}

fn squeeze(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let span = b.span.clone();
    let x = b.arr(it, 0)?;
    let axes = to_axes(&b, 1, x.ndim())?;
    Ok(Value::Array(build::squeeze(&x, axes, span)?))
}

fn expand_dims(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let span = b.span.clone();
    let x = b.arr(it, 0)?;
    let ax = to_int(&b.req(1).0, &b.req(1).1)?;
    Ok(Value::Array(build::expand_dims(
        &x,
        (ax, b.req(1).1.clone()),
        span,
    )?))
}

fn join(it: &mut Interp, name: &'static str, b: Bound) -> Result<Value> {
    let span = b.span.clone();
    let (lv, lsp) = b.req(0);
    let items = match lv {
        Value::List(items) | Value::Tuple(items) => items.clone(),
        other => return Err(type_err("a list of arrays", other, lsp)),
    };
    let ax = match b.get(1) {
        Some((v, sp)) => (to_int(v, sp)?, sp.clone()),
        None => (0, lsp.clone()),
    };
    let mut xs = Vec::new();
    for v in &items {
        let a = to_array(it, v, lsp)?;
        xs.push(if name == "stack" {
            (
                build::expand_dims(&a, ax.clone(), lsp.clone())?,
                lsp.clone(),
            )
        } else {
            (a, lsp.clone())
        });
    }
    Ok(Value::Array(build::concatenate(&xs, ax, span)?))
}

fn rechunk(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let span = b.span.clone();
    let x = b.arr(it, 0)?;
    let chunks = to_chunks(it, Some(b.req(1)), x.shape(), x.dtype())?;
    Ok(Value::Array(build::rechunk(&x, chunks, span)))
}

fn broadcast_to(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let span = b.span.clone();
    let x = b.arr(it, 0)?;
    let shape = to_shape(&b.req(1).0, &b.req(1).1)?;
    Ok(Value::Array(build::broadcast_to(&x, &shape, span)?))
}
