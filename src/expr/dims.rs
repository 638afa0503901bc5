//! Dimension names: a lazy array -> the names of its axes, derived by walking the
//! expression (nothing stored in `Meta`). `load` knows them from the file; slicing,
//! rechunking, same-shape elementwise ops and `keepdims` reductions keep them; reductions
//! drop the reduced axes; transposes permute them; dropping length-1 axes drops theirs;
//! anything else forgets them.

use super::node::{Arr, Op};
use super::value::Value;
use crate::diagnostic::{codes, Diagnostic};
use crate::source::Span;

/// The axis names of `a`, when known.
pub fn dims(a: &Arr) -> Option<Vec<String>> {
    if let Some(l) = &a.labels {
        return l.dims.clone().filter(|d| d.len() == a.ndim());
    }
    let d = match &a.op {
        Op::Load { source } => source.dims()?,
        Op::Slice { .. } | Op::Rechunk | Op::Concat { .. } => dims(&a.inputs[0])?,
        Op::Map(_) => a
            .inputs
            .iter()
            .filter(|i| i.shape() == a.shape())
            .find_map(dims)?,
        Op::Reduce { axes, keepdims, .. } => {
            let d = dims(&a.inputs[0])?;
            if *keepdims {
                d
            } else {
                d.into_iter()
                    .enumerate()
                    .filter(|(k, _)| !axes.contains(k))
                    .map(|(_, n)| n)
                    .collect()
            }
        }
        Op::Transpose { perm } => {
            let d = dims(&a.inputs[0])?;
            perm.iter().map(|&p| d[p].clone()).collect()
        }
        Op::ViewReshape => {
            // Only removals of length-1 axes keep names: match the shapes greedily.
            let x = &a.inputs[0];
            let d = dims(x)?;
            let mut out = Vec::new();
            let mut k = 0;
            for (i, &n) in x.shape().iter().enumerate() {
                if k < a.ndim() && a.shape()[k] == n {
                    out.push(d[i].clone());
                    k += 1;
                } else if n != 1 {
                    return None;
                }
            }
            if k != a.ndim() {
                return None;
            }
            out
        }
        _ => return None,
    };
    (d.len() == a.ndim()).then_some(d)
}

/// Whether an `axis=` argument names dimensions.
pub fn has_names(v: &Value) -> bool {
    match v {
        Value::Str(_) => true,
        Value::Tuple(items) | Value::List(items) => {
            items.iter().any(|i| matches!(i, Value::Str(_)))
        }
        _ => false,
    }
}

/// `axis="time"` (or a tuple mixing names and ints) -> axis numbers of `x`.
pub fn named_axes(x: &Arr, v: &Value, span: &Span) -> Result<Vec<usize>, Diagnostic> {
    let items = match v {
        Value::Tuple(items) | Value::List(items) => items.clone(),
        other => vec![other.clone()],
    };
    let names = dims(x);
    let mut out = Vec::new();
    for it in items {
        let axis = match &it {
            Value::Str(s) => {
                let Some(names) = &names else {
                    return Err(Diagnostic::new(
                        codes::AXIS,
                        format!("no dimension named `{s}`: this array's dimensions have no names"),
                    )
                    .label(span.clone(), "a dimension name")
                    .note("names come from netCDF files; use an axis number"));
                };
                match names.iter().position(|n| n == s) {
                    Some(k) => k,
                    None => {
                        let mut d =
                            Diagnostic::new(codes::AXIS, format!("no dimension named `{s}`"))
                                .label(span.clone(), format!("dimensions: {}", names.join(", ")));
                        if let Some(g) = crate::suggest::suggest(s, names.iter()) {
                            d = d.note(format!("did you mean `{g}`?"));
                        }
                        return Err(d);
                    }
                }
            }
            Value::Int(i) => {
                let n = x.ndim() as i64;
                if *i < -n || *i >= n {
                    return Err(Diagnostic::new(
                        codes::AXIS,
                        format!("axis {i} is out of bounds for an array of {n} dimensions"),
                    )
                    .label(span.clone(), "this axis"));
                }
                i.rem_euclid(n) as usize
            }
            other => {
                return Err(Diagnostic::new(
                    codes::TYPE,
                    format!(
                        "an axis is an int or a dimension name, not a {}",
                        other.type_name()
                    ),
                )
                .label(span.clone(), "this axis"))
            }
        };
        if out.contains(&axis) {
            return Err(
                Diagnostic::new(codes::AXIS, "repeated axis").label(span.clone(), "each axis once")
            );
        }
        out.push(axis);
    }
    out.sort_unstable();
    Ok(out)
}
