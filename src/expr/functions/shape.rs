//! Shape: arrays -> the same elements in another shape, order or chunking (lazy, no copies planned here).

use super::args::{to_array, to_axes, to_chunks, to_int, to_ints, to_shape, type_err};
use super::{Bound, Function, Imp};
use crate::diagnostic::{codes, Diagnostic};
use crate::expr::build::{self, IndexItem};
use crate::expr::interp::{Interp, Result};
use crate::expr::node::Arr;
use crate::expr::value::Value;
use crate::source::Span;

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
    Function::new(
        "ravel",
        "ravel(x)",
        "the elements as a 1-D array (C order)",
        "ravel(arange(6).reshape((2, 3)))",
        Imp::Fn(ravel),
    )
    .method(),
    Function::new(
        "flatten",
        "flatten(x)",
        "the elements as a 1-D array (C order)",
        "flatten(arange(6).reshape((2, 3)))",
        Imp::Fn(ravel),
    )
    .method(),
    Function::new(
        "swapaxes",
        "swapaxes(x, axis1, axis2)",
        "exchange two axes",
        "swapaxes(ones((2, 3, 4)), 0, 2).shape",
        Imp::Fn(swapaxes),
    )
    .method(),
    Function::new(
        "moveaxis",
        "moveaxis(x, source, destination)",
        "move axes to new positions, the others keeping their order",
        "moveaxis(ones((2, 3, 4)), 0, -1).shape",
        Imp::Fn(moveaxis),
    ),
    Function::new(
        "hstack",
        "hstack(arrays)",
        "join along axis 1 (axis 0 for 1-D arrays)",
        "hstack([arange(2), arange(3)])",
        Imp::Fn(hstack),
    ),
    Function::new(
        "vstack",
        "vstack(arrays)",
        "join along axis 0, 1-D arrays as rows",
        "vstack([arange(3), arange(3, 6)])",
        Imp::Fn(vstack),
    ),
    Function::new(
        "column_stack",
        "column_stack(arrays)",
        "1-D arrays as the columns of a 2-D array",
        "column_stack([arange(3), arange(3, 6)])",
        Imp::Fn(column_stack),
    ),
    Function::new(
        "concat",
        "concat(arrays, axis=0)",
        "join arrays along an existing axis (numpy 2's name)",
        "concat([arange(2), arange(3)])",
        Imp::Fn(join),
    ),
    Function::new(
        "split",
        "split(x, indices_or_sections, axis=0)",
        "equal parts (an int) or parts cut at the given indices, as a list",
        "split(arange(6), 3)",
        Imp::Fn(split),
    ),
    Function::new(
        "array_split",
        "array_split(x, indices_or_sections, axis=0)",
        "like split, but n parts need not be equal (the first ones get one more)",
        "array_split(arange(7), 3)",
        Imp::Fn(split),
    ),
    Function::new(
        "tile",
        "tile(x, reps)",
        "the array repeated reps times along each axis",
        "tile(arange(3), (2, 2))",
        Imp::Fn(tile),
    ),
    Function::new(
        "repeat",
        "repeat(x, repeats, axis=None)",
        "each element repeated (flattened first without axis)",
        "repeat(array([[1, 2], [3, 4]]), 2, axis=1)",
        Imp::Fn(repeat),
    )
    .method(),
    Function::new(
        "flip",
        "flip(x, axis=None)",
        "reverse the order along axes (all by default)",
        "flip(arange(6).reshape((2, 3)), axis=1)",
        Imp::Fn(flip),
    ),
    Function::new(
        "fliplr",
        "fliplr(x)",
        "reverse the columns (axis 1)",
        "fliplr(arange(6).reshape((2, 3)))",
        Imp::Fn(flip),
    ),
    Function::new(
        "flipud",
        "flipud(x)",
        "reverse the rows (axis 0)",
        "flipud(arange(6).reshape((2, 3)))",
        Imp::Fn(flip),
    ),
    Function::new(
        "atleast_1d",
        "atleast_1d(x)",
        "a scalar as a 1-element array; arrays unchanged",
        "atleast_1d(5)",
        Imp::Fn(atleast),
    ),
    Function::new(
        "atleast_2d",
        "atleast_2d(x)",
        "at least two axes: a 1-D array becomes one row",
        "atleast_2d(arange(3))",
        Imp::Fn(atleast),
    ),
    Function::new(
        "atleast_3d",
        "atleast_3d(x)",
        "at least three axes: (n,) -> (1, n, 1), (m, n) -> (m, n, 1)",
        "atleast_3d(arange(3)).shape",
        Imp::Fn(atleast),
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

fn arrays(it: &mut Interp, b: &Bound) -> Result<Vec<Arr>> {
    let (lv, lsp) = b.req(0);
    match lv {
        Value::List(items) | Value::Tuple(items) => {
            items.iter().map(|v| to_array(it, v, lsp)).collect()
        }
        other => Err(type_err("a list of arrays", other, lsp)),
    }
}

fn concat(xs: Vec<Arr>, axis: i64, span: &Span) -> Result<Arr> {
    let xs: Vec<(Arr, Span)> = xs.into_iter().map(|a| (a, span.clone())).collect();
    build::concatenate(&xs, (axis, span.clone()), span.clone())
}

fn reshaped(x: &Arr, shape: &[usize], span: &Span) -> Result<Arr> {
    let s: Vec<i64> = shape.iter().map(|&d| d as i64).collect();
    build::reshape(x, &s, span.clone())
}

/// numpy's atleast_nd for one array.
fn at_least(x: &Arr, n: usize, span: &Span) -> Result<Arr> {
    let s = x.shape().to_vec();
    Ok(match (n, s.len()) {
        (_, k) if k >= n => x.clone(),
        (1, _) => reshaped(x, &[1], span)?,
        (2, 0) => reshaped(x, &[1, 1], span)?,
        (2, _) => reshaped(x, &[1, s[0]], span)?,
        (_, 0) => reshaped(x, &[1, 1, 1], span)?,
        (_, 1) => reshaped(x, &[1, s[0], 1], span)?,
        _ => reshaped(x, &[s[0], s[1], 1], span)?,
    })
}

fn atleast(it: &mut Interp, name: &'static str, b: Bound) -> Result<Value> {
    let n = match name {
        "atleast_1d" => 1,
        "atleast_2d" => 2,
        _ => 3,
    };
    let x = b.arr(it, 0)?;
    Ok(Value::Array(at_least(&x, n, &b.span)?))
}

fn ravel(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let x = b.arr(it, 0)?;
    Ok(Value::Array(build::reshape(&x, &[-1], b.span.clone())?))
}

fn axis(b: &Bound, i: usize, ndim: usize) -> Result<usize> {
    let (v, sp) = b.req(i);
    let a = to_int(v, sp)?;
    Ok(build::normalize_axes(&[(a, sp.clone())], ndim)?[0])
}

fn permuted(x: &Arr, perm: Vec<usize>, span: &Span) -> Result<Arr> {
    let p = perm.into_iter().map(|a| (a as i64, span.clone())).collect();
    build::transpose(x, Some(p), span.clone())
}

fn swapaxes(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let x = b.arr(it, 0)?;
    let (a1, a2) = (axis(&b, 1, x.ndim())?, axis(&b, 2, x.ndim())?);
    let mut perm: Vec<usize> = (0..x.ndim()).collect();
    perm.swap(a1, a2);
    Ok(Value::Array(permuted(&x, perm, &b.span)?))
}

fn moveaxis(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let x = b.arr(it, 0)?;
    let nd = x.ndim();
    let norm = |i: usize| -> Result<Vec<usize>> {
        let (v, sp) = b.req(i);
        // One by one: normalize_axes sorts, and the pairing needs the given order.
        to_ints(v, sp)?
            .into_iter()
            .map(|a| build::normalize_axes(&[(a, sp.clone())], nd).map(|v| v[0]))
            .collect()
    };
    let (src, dst) = (norm(1)?, norm(2)?);
    if src.len() != dst.len() {
        return Err(Diagnostic::new(
            codes::AXIS,
            "`source` and `destination` must have the same number of elements",
        )
        .label(b.span_of(2), "here"));
    }
    // numpy: the other axes keep their order, then each source goes to its destination.
    let mut order: Vec<usize> = (0..nd).filter(|a| !src.contains(a)).collect();
    let mut pairs: Vec<(usize, usize)> = dst.into_iter().zip(src).collect();
    pairs.sort();
    for (d, s) in pairs {
        order.insert(d, s);
    }
    Ok(Value::Array(permuted(&x, order, &b.span)?))
}

fn hstack(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let xs = arrays(it, &b)?
        .iter()
        .map(|x| at_least(x, 1, &b.span))
        .collect::<Result<Vec<_>>>()?;
    let ax = if xs.first().is_some_and(|x| x.ndim() == 1) {
        0
    } else {
        1
    };
    Ok(Value::Array(concat(xs, ax, &b.span)?))
}

fn vstack(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let xs = arrays(it, &b)?
        .iter()
        .map(|x| at_least(x, 2, &b.span))
        .collect::<Result<Vec<_>>>()?;
    Ok(Value::Array(concat(xs, 0, &b.span)?))
}

fn column_stack(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let xs = arrays(it, &b)?
        .iter()
        .map(|x| match x.ndim() {
            0 => reshaped(x, &[1, 1], &b.span),
            1 => reshaped(x, &[x.shape()[0], 1], &b.span),
            _ => Ok(x.clone()),
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Value::Array(concat(xs, 1, &b.span)?))
}

/// `x[lo:hi]` along `axis`.
fn slice_axis(x: &Arr, axis: usize, lo: usize, hi: usize, step: i64, span: &Span) -> Result<Arr> {
    let mut items: Vec<IndexItem> = (0..axis)
        .map(|_| IndexItem::Slice(None, None, None, span.clone()))
        .collect();
    items.push(if step < 0 {
        IndexItem::Slice(None, None, Some(step), span.clone())
    } else {
        IndexItem::Slice(Some(lo as i64), Some(hi as i64), None, span.clone())
    });
    build::getitem(x, items, span.clone())
}

fn split(it: &mut Interp, name: &'static str, b: Bound) -> Result<Value> {
    let x = b.arr(it, 0)?;
    let span = &b.span;
    let ax = match b.get(2) {
        Some((v, sp)) => build::normalize_axes(&[(to_int(v, sp)?, sp.clone())], x.ndim())?[0],
        None => build::normalize_axes(&[(0, span.clone())], x.ndim())?[0],
    };
    let n = x.shape()[ax];
    let (v, sp) = b.req(1);
    let bounds: Vec<usize> = match v {
        Value::Int(k) => {
            let k = *k;
            if k <= 0 {
                return Err(Diagnostic::new(
                    codes::ARGUMENT,
                    "number of sections must be larger than 0",
                )
                .label(sp.clone(), "here"));
            }
            let k = k as usize;
            if name == "split" && n % k != 0 {
                return Err(Diagnostic::new(
                    codes::SHAPE,
                    "array split does not result in an equal division",
                )
                .label(sp.clone(), format!("{n} is not a multiple of {k}"))
                .note("`array_split` allows parts of unequal length"));
            }
            let (q, r) = (n / k, n % k);
            (0..=k).map(|i| i * q + i.min(r)).collect()
        }
        _ => {
            let cuts = to_ints(v, sp)?;
            let mut out = vec![0];
            for c in cuts {
                let c = if c < 0 {
                    (n as i64 + c).max(0)
                } else {
                    c.min(n as i64)
                } as usize;
                out.push(c);
            }
            out.push(n);
            out
        }
    };
    let parts = bounds
        .windows(2)
        .map(|w| slice_axis(&x, ax, w[0], w[1].max(w[0]), 1, span).map(Value::Array))
        .collect::<Result<Vec<_>>>()?;
    Ok(Value::List(parts))
}

fn tile(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let x = b.arr(it, 0)?;
    let span = &b.span;
    let (v, sp) = b.req(1);
    let mut reps: Vec<i64> = to_ints(v, sp)?;
    if let Some(bad) = reps.iter().find(|&&r| r < 0) {
        return Err(
            Diagnostic::new(codes::ARGUMENT, format!("negative repetition `{bad}`"))
                .label(sp.clone(), "here"),
        );
    }
    let nd = x.ndim().max(reps.len());
    let mut shape = x.shape().to_vec();
    while shape.len() < nd {
        shape.insert(0, 1);
    }
    while reps.len() < nd {
        reps.insert(0, 1);
    }
    let mut cur = reshaped(&x, &shape, span)?;
    for (ax, &r) in reps.iter().enumerate() {
        if r == 1 {
            continue;
        }
        cur = if r == 0 {
            slice_axis(&cur, ax, 0, 0, 1, span)?
        } else {
            concat(vec![cur.clone(); r as usize], ax as i64, span)?
        };
    }
    Ok(Value::Array(cur))
}

fn repeat(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let mut x = b.arr(it, 0)?;
    let span = &b.span;
    let (v, sp) = b.req(1);
    let r = match v {
        Value::Int(r) if *r >= 0 => *r as usize,
        Value::Int(r) => {
            return Err(
                Diagnostic::new(codes::ARGUMENT, format!("negative repetition `{r}`"))
                    .label(sp.clone(), "here"),
            )
        }
        other => {
            return Err(type_err("one number of repetitions (an int)", other, sp)
                .note("repeating each element a different number of times is not supported yet"))
        }
    };
    let ax = match b.get(2) {
        Some((v, sp)) => build::normalize_axes(&[(to_int(v, sp)?, sp.clone())], x.ndim())?[0],
        None => {
            x = build::reshape(&x, &[-1], span.clone())?;
            0
        }
    };
    // (..., n, ...) -> (..., n, 1, ...) -> broadcast (..., n, r, ...) -> (..., n * r, ...)
    let mut s1 = x.shape().to_vec();
    s1.insert(ax + 1, 1);
    let y = reshaped(&x, &s1, span)?;
    let mut s2 = s1.clone();
    s2[ax + 1] = r;
    let y = build::broadcast_to(&y, &s2, span.clone())?;
    let mut s3 = x.shape().to_vec();
    s3[ax] *= r;
    Ok(Value::Array(reshaped(&y, &s3, span)?))
}

fn flip(it: &mut Interp, name: &'static str, b: Bound) -> Result<Value> {
    let x = b.arr(it, 0)?;
    let span = &b.span;
    let axes: Vec<usize> = match name {
        "fliplr" | "flipud" => {
            let need = if name == "fliplr" { 2 } else { 1 };
            if x.ndim() < need {
                return Err(Diagnostic::new(
                    codes::AXIS,
                    format!("`{name}` needs an array of at least {need} dimensions"),
                )
                .label(b.span_of(0), format!("this has {}", x.ndim())));
            }
            vec![if name == "fliplr" { 1 } else { 0 }]
        }
        _ => to_axes(&b, 1, x.ndim())?.unwrap_or_else(|| (0..x.ndim()).collect()),
    };
    let items = (0..x.ndim())
        .map(|a| {
            let step = axes.contains(&a).then_some(-1);
            IndexItem::Slice(None, None, step, span.clone())
        })
        .collect();
    Ok(Value::Array(build::getitem(&x, items, span.clone())?))
}
