//! Edits: an array and static positions -> a new array with elements removed, inserted or
//! appended along an axis (`delete insert append`), or rotated (`rot90`). Each is built from
//! slices, flips, transposes and concatenations: nothing is copied whole.

use super::args::{to_array, to_int, to_ints, type_err};
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
        "rot90",
        "rot90(m, k=1, axes=(0,1))",
        "rotated by 90 degrees k times, from the first axis towards the second",
        "rot90(array([[1, 2], [3, 4]]))",
        Imp::Fn(rot90),
    ),
    Function::new(
        "append",
        "append(arr, values, axis=None)",
        "values appended at the end (both flattened without axis)",
        "append(array([1, 2]), [[3, 4]])",
        Imp::Fn(append),
    ),
    Function::new(
        "insert",
        "insert(arr, obj, values, axis=None)",
        "values inserted before the given position(s) along an axis (of the flattened array without axis)",
        "insert(array([1, 2, 3]), 1, 9)",
        Imp::Fn(insert),
    ),
    Function::new(
        "delete",
        "delete(arr, obj, axis=None)",
        "the array without the given positions (an int, a list or a slice) along an axis",
        "delete(arange(6), [0, 2])",
        Imp::Fn(delete),
    ),
];

fn full_slices(nd: usize, span: &Span) -> Vec<IndexItem> {
    vec![IndexItem::Slice(None, None, None, span.clone()); nd]
}

fn flip(x: &Arr, axis: usize, span: &Span) -> Result<Arr> {
    let mut items = full_slices(x.ndim(), span);
    items[axis] = IndexItem::Slice(None, None, Some(-1), span.clone());
    build::getitem(x, items, span.clone())
}

/// `x[start:stop]` along `axis`.
fn cut(x: &Arr, axis: usize, start: usize, stop: usize, span: &Span) -> Result<Arr> {
    let mut items = full_slices(x.ndim(), span);
    items[axis] = IndexItem::Slice(Some(start as i64), Some(stop as i64), None, span.clone());
    build::getitem(x, items, span.clone())
}

fn concat(parts: Vec<Arr>, axis: usize, span: &Span) -> Result<Arr> {
    if parts.len() == 1 {
        return Ok(parts.into_iter().next().expect("one part"));
    }
    let parts: Vec<(Arr, Span)> = parts.into_iter().map(|p| (p, span.clone())).collect();
    build::concatenate(&parts, (axis as i64, span.clone()), span.clone())
}

fn ravel(x: &Arr, span: &Span) -> Result<Arr> {
    if x.ndim() == 1 {
        Ok(x.clone())
    } else {
        build::reshape(x, &[-1], span.clone())
    }
}

fn rot90(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let span = b.span.clone();
    let x = b.arr(it, 0)?;
    let k = b.int_or(1, 1)?.rem_euclid(4);
    let (a0, a1) = match b.get(2) {
        None => (0i64, 1i64),
        Some((v, sp)) => match to_ints(v, sp)?.as_slice() {
            [p, q] => (*p, *q),
            _ => {
                return Err(Diagnostic::new(codes::AXIS, "len(axes) must be 2.")
                    .label(sp.clone(), "two axes"))
            }
        },
    };
    let nd = x.ndim() as i64;
    if nd < 2 || a0 >= nd || a0 < -nd || a1 >= nd || a1 < -nd {
        return Err(Diagnostic::new(
            codes::AXIS,
            format!("Axes=({a0}, {a1}) out of range for array of ndim={nd}."),
        )
        .label(
            b.span_of(0),
            format!("shape {}", build::shape_str(x.shape())),
        ));
    }
    let (a0, a1) = (a0.rem_euclid(nd) as usize, a1.rem_euclid(nd) as usize);
    if a0 == a1 {
        return Err(Diagnostic::new(codes::AXIS, "Axes must be different.")
            .label(b.span_of(2), "the same axis twice"));
    }
    let mut perm: Vec<(i64, Span)> = (0..nd).map(|d| (d, span.clone())).collect();
    perm.swap(a0, a1);
    let r = match k {
        0 => x,
        2 => flip(&flip(&x, a0, &span)?, a1, &span)?,
        1 => build::transpose(&flip(&x, a1, &span)?, Some(perm), span.clone())?,
        _ => flip(&build::transpose(&x, Some(perm), span.clone())?, a1, &span)?,
    };
    Ok(Value::Array(r))
}

/// The array and axis an edit works on: the flattened array without `axis`.
fn target(it: &mut Interp, b: &Bound, axis_at: usize) -> Result<(Arr, usize)> {
    let x = b.arr(it, 0)?;
    match b.get(axis_at) {
        None => Ok((ravel(&x, &b.span)?, 0)),
        Some((v, sp)) => {
            let ax = to_int(v, sp)?;
            if x.ndim() == 0 {
                return Err(
                    Diagnostic::new(codes::AXIS, "axis out of bounds for a 0-d array")
                        .label(sp.clone(), "axis"),
                );
            }
            Ok((
                x.clone(),
                build::normalize_axes(&[(ax, sp.clone())], x.ndim())?[0],
            ))
        }
    }
}

fn append(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let span = b.span.clone();
    let (vv, vsp) = b.req(1);
    let values = to_array(it, vv, vsp)?;
    let (x, axis) = target(it, &b, 2)?;
    let values = if b.get(2).is_none() {
        ravel(&values, &span)?
    } else {
        values
    };
    Ok(Value::Array(concat(vec![x, values], axis, &span)?))
}

/// The positions `obj` names along an axis of length `n` (`end`: `n` itself is allowed,
/// as insert takes it), each normalised; a slice gives its range.
fn positions(v: &Value, sp: &Span, n: usize, axis: usize, end: bool) -> Result<Vec<usize>> {
    let raw: Vec<i64> = match v {
        Value::Slice(parts) => {
            let part = |p: &Value| -> Result<Option<i64>> {
                match p {
                    Value::None => Ok(None),
                    other => to_int(other, sp).map(Some),
                }
            };
            let (a, c, s) = (part(&parts[0])?, part(&parts[1])?, part(&parts[2])?);
            if s == Some(0) {
                return Err(Diagnostic::new(codes::INDEX, "slice step cannot be zero")
                    .label(sp.clone(), "step 0"));
            }
            let (start, len, step) = build::slice_indices(a, c, s, n);
            return Ok((0..len)
                .map(|i| (start as isize + i as isize * step) as usize)
                .collect());
        }
        Value::Int(_) | Value::List(_) | Value::Tuple(_) => to_ints(v, sp)?,
        other => return Err(type_err("an int, a list of ints or a slice", other, sp)),
    };
    let lim = n as i64 + end as i64;
    raw.into_iter()
        .map(|i| {
            if i < -(n as i64) || i >= lim {
                Err(Diagnostic::new(
                    codes::INDEX,
                    format!("index {i} is out of bounds for axis {axis} with size {n}"),
                )
                .label(sp.clone(), "out of bounds"))
            } else {
                Ok(if i < 0 { i + n as i64 } else { i } as usize)
            }
        })
        .collect()
}

fn delete(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let span = b.span.clone();
    let (x, axis) = target(it, &b, 2)?;
    let n = x.shape()[axis];
    let (ov, osp) = b.req(1);
    let gone = positions(ov, osp, n, axis, false)?;
    let mut keep = vec![true; n];
    for g in gone {
        keep[g] = false;
    }
    // Runs of kept positions, one slice each.
    let mut parts = Vec::new();
    let mut i = 0;
    while i < n {
        if !keep[i] {
            i += 1;
            continue;
        }
        let s = i;
        while i < n && keep[i] {
            i += 1;
        }
        parts.push(cut(&x, axis, s, i, &span)?);
    }
    if parts.is_empty() {
        parts.push(cut(&x, axis, 0, 0, &span)?);
    }
    Ok(Value::Array(concat(parts, axis, &span)?))
}

fn insert(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let span = b.span.clone();
    let (x, axis) = target(it, &b, 3)?;
    let n = x.shape()[axis];
    let (ov, osp) = b.req(1);
    let (vv, vsp) = b.req(2);
    let scalar_obj = matches!(ov, Value::Int(_));
    let at = positions(ov, osp, n, axis, true)?;
    // numpy: values as an array of arr's dtype with at least arr.ndim axes.
    let mut values = build::astype(&to_array(it, vv, vsp)?, x.dtype(), span.clone())?;
    while values.ndim() < x.ndim() {
        values = build::expand_dims(&values, (0, span.clone()), span.clone())?;
    }
    if scalar_obj && axis != 0 {
        // numpy's a[:, 0:1, :] = values: the values' first axis becomes `axis`.
        let nd = values.ndim();
        let mut perm: Vec<usize> = (1..nd).collect();
        perm.insert(axis.min(nd - 1), 0);
        let perm = perm.into_iter().map(|p| (p as i64, span.clone())).collect();
        values = build::transpose(&values, Some(perm), span.clone())?;
    }
    let numnew = if at.len() == 1 {
        values.shape().get(axis).copied().unwrap_or(1)
    } else {
        at.len()
    };
    let mut shape = x.shape().to_vec();
    shape[axis] = numnew;
    let values = build::broadcast_to(&values, &shape, span.clone())
        .map_err(|d| d.label(vsp.clone(), "these values"))?;
    // Each original position's pieces: arr before it, then the values going there, in the
    // order given (numpy sorts the positions stably).
    let mut order: Vec<(usize, usize)> = if at.len() == 1 {
        vec![(at[0], usize::MAX)]
    } else {
        at.iter().enumerate().map(|(k, &p)| (p, k)).collect()
    };
    order.sort_by_key(|&(p, _)| p);
    let mut parts = Vec::new();
    let mut prev = 0;
    for (p, k) in order {
        if p > prev {
            parts.push(cut(&x, axis, prev, p, &span)?);
        }
        prev = p;
        parts.push(if k == usize::MAX {
            values.clone()
        } else {
            cut(&values, axis, k, k + 1, &span)?
        });
    }
    if prev < n || parts.is_empty() {
        parts.push(cut(&x, axis, prev, n, &span)?);
    }
    Ok(Value::Array(concat(parts, axis, &span)?))
}
