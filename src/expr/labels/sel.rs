//! Selection by label: `x.sel(dim=value)` / `x.isel(dim=index)` -> positions -> an
//! ordinary `getitem` (a `Slice` node, so only the needed pieces are read).
//!
//! ```text
//! x.sel(lat=slice(30, 60))  lat = [90 80 ... -90]  -> positions 3..=6 -> x[:, 3:7]
//! x.sel(time="2001-03")     March 2001 in the time axis's units -> x[14:15]
//! x.sel(plev=85000)         exact match -> x[:, 2] (the axis goes, as numpy's x[:, 2])
//! ```
//!
//! A number selects the one position equal to it (`method="nearest"`: the closest); a
//! date text on a CF time axis selects the whole year/month/day it names (the axis stays);
//! `slice(a, b)` selects the positions whose values lie between `a` and `b` inclusive,
//! whichever order the bounds are given in and the coordinate is stored in (a date bound
//! covers all of its year/month/day). Selected positions must be contiguous; a slice
//! that holds no value gives a zero-length axis, as xarray. A text coordinate (`region`)
//! selects by its labels.

use super::{labels, Coord};
use crate::diagnostic::{codes, Diagnostic};
use crate::expr::build::{self, IndexItem};
use crate::expr::node::Arr;
use crate::expr::value::{py_float, Value};
use crate::source::Span;

type Result<T> = std::result::Result<T, Diagnostic>;

/// `x.sel(...)` (`by_label`) or `x.isel(...)`: `kw` are `(dim, value, span)`.
pub fn select(
    x: &Arr,
    kw: &[(String, Value, Span)],
    nearest: bool,
    by_label: bool,
    span: Span,
) -> Result<Arr> {
    let l = labels(x);
    let dims = l.dims.clone().unwrap_or_default();
    let mut items: Vec<Option<IndexItem>> = vec![None; x.ndim()];
    for (dim, v, sp) in kw {
        let Some(axis) = dims.iter().position(|d| d == dim) else {
            let mut d = Diagnostic::new(codes::AXIS, format!("no dimension named `{dim}`"));
            d = if dims.is_empty() {
                d.label(sp.clone(), "this array's dimensions have no names")
            } else {
                d.label(sp.clone(), format!("dimensions: {}", dims.join(", ")))
            };
            if let Some(g) = crate::suggest::suggest(dim, dims.iter()) {
                d = d.note(format!("did you mean `{g}`?"));
            }
            return Err(d);
        };
        let item = if by_label {
            let Some(c) = &l.coords[axis] else {
                return Err(Diagnostic::new(
                    codes::INDEX,
                    format!("dimension `{dim}` has no coordinate to select by"),
                )
                .label(sp.clone(), "selected by value here")
                .note(format!("select by position: .isel({dim}=...)")));
            };
            by_value(c, v, nearest, sp)?
        } else {
            by_position(v, sp)?
        };
        items[axis] = Some(item);
    }
    let items = items
        .into_iter()
        .map(|i| i.unwrap_or(IndexItem::Slice(None, None, None, span.clone())))
        .collect();
    build::getitem(x, items, span)
}

fn by_position(v: &Value, sp: &Span) -> Result<IndexItem> {
    let int = |v: &Value| -> Result<Option<i64>> {
        match v {
            Value::None => Ok(None),
            Value::Int(i) => Ok(Some(*i)),
            other => Err(Diagnostic::new(
                codes::TYPE,
                format!("a position is an int, not a {}", other.type_name()),
            )
            .label(sp.clone(), "this position")),
        }
    };
    Ok(match v {
        Value::Slice(s) => IndexItem::Slice(int(&s[0])?, int(&s[1])?, int(&s[2])?, sp.clone()),
        Value::Int(i) => IndexItem::Int(*i, sp.clone()),
        other => {
            return Err(Diagnostic::new(
                codes::TYPE,
                format!(
                    "a position is an int or a slice, not a {}",
                    other.type_name()
                ),
            )
            .label(sp.clone(), "this position"))
        }
    })
}

fn show(c: &Coord, v: f64) -> String {
    match c.time() {
        Some(t) => t.show(v),
        None => super::show::number(v, c.dtype),
    }
}

/// Where a bound or value falls: `(low, high, high inclusive)` in coordinate units.
fn bound(c: &Coord, v: &Value, sp: &Span) -> Result<(f64, f64, bool)> {
    match v {
        Value::Int(i) => Ok((*i as f64, *i as f64, true)),
        Value::Float(f) => Ok((*f, *f, true)),
        Value::Str(s) => {
            let Some(t) = c.time() else {
                return Err(Diagnostic::new(
                    codes::TYPE,
                    format!("`{}` is not a time coordinate: select it by number", c.name),
                )
                .label(sp.clone(), "a date text"));
            };
            let (a, b, instant) = t.span_of(s).map_err(|e| {
                Diagnostic::new(codes::INDEX, format!("cannot select `{s}`: {e}"))
                    .label(sp.clone(), "this date")
            })?;
            Ok((a, b, instant))
        }
        other => Err(Diagnostic::new(
            codes::TYPE,
            format!(
                "a label is a number, a date text or a slice, not a {}",
                other.type_name()
            ),
        )
        .label(sp.clone(), "this label")),
    }
}

/// Same value, compared at the coordinate's stored precision (f32 coordinates).
fn same(c: &Coord, a: f64, b: f64) -> bool {
    if c.dtype == crate::dtype::DType::F32 {
        a as f32 == b as f32
    } else {
        a == b
    }
}

/// The position of the label `s` in a text coordinate.
fn text_position(c: &Coord, text: &[String], s: &str, sp: &Span) -> Result<usize> {
    text.iter().position(|t| t == s).ok_or_else(|| {
        let shown: Vec<String> = text.iter().take(8).map(|t| format!("\"{t}\"")).collect();
        let more = if text.len() > 8 { ", ..." } else { "" };
        let mut d = Diagnostic::new(codes::INDEX, format!("no `{}` equal to \"{s}\"", c.name))
            .label(sp.clone(), "selected here")
            .note(format!("`{}` holds {}{more}", c.name, shown.join(", ")));
        if let Some(g) = crate::suggest::suggest(s, text.iter()) {
            d = d.note(format!("did you mean \"{g}\"?"));
        }
        d
    })
}

/// The step of a label slice: positions, so a positive int (or none).
fn label_step(v: &Value, sp: &Span) -> Result<Option<i64>> {
    match v {
        Value::None => Ok(None),
        Value::Int(k) if *k > 0 => Ok(Some(*k)),
        _ => Err(Diagnostic::new(
            codes::INDEX,
            "the step of a label slice is a positive int (positions)",
        )
        .label(sp.clone(), "this slice")),
    }
}

/// Selection on a text coordinate (`region`): a label selects its position; a slice of
/// labels selects from the first to the last, inclusive (pandas' `slice_locs`).
fn by_text(c: &Coord, text: &[String], v: &Value, sp: &Span) -> Result<IndexItem> {
    let label = |v: &Value| -> Result<Option<usize>> {
        match v {
            Value::None => Ok(None),
            Value::Str(s) => text_position(c, text, s, sp).map(Some),
            other => Err(Diagnostic::new(
                codes::TYPE,
                format!(
                    "`{}` holds text labels: select it by a str, not a {}",
                    c.name,
                    other.type_name()
                ),
            )
            .label(sp.clone(), "this label")),
        }
    };
    match v {
        Value::Slice(s) => {
            let a = label(&s[0])?.unwrap_or(0);
            let b = label(&s[1])?.map_or(text.len(), |b| b + 1);
            let step = label_step(&s[2], sp)?;
            Ok(IndexItem::Slice(
                Some(a as i64),
                Some(b.max(a) as i64),
                step,
                sp.clone(),
            ))
        }
        other => Ok(IndexItem::Int(
            label(other)?.unwrap_or(0) as i64,
            sp.clone(),
        )),
    }
}

fn by_value(c: &Coord, v: &Value, nearest: bool, sp: &Span) -> Result<IndexItem> {
    if let Some(text) = &c.text {
        if matches!(v, Value::None) {
            return Err(
                Diagnostic::new(codes::TYPE, "a label is a str or a slice, not None")
                    .label(sp.clone(), "this label"),
            );
        }
        return by_text(c, text, v, sp);
    }
    let vals = &c.values;
    let first_last = || {
        if vals.is_empty() {
            "the coordinate is empty".to_string()
        } else {
            format!(
                "`{}` runs from {} to {}",
                c.name,
                show(c, vals[0]),
                show(c, vals[vals.len() - 1])
            )
        }
    };
    if let Value::Slice(s) = v {
        let lo = match &s[0] {
            Value::None => f64::NEG_INFINITY,
            b => bound(c, b, sp)?.0,
        };
        let (hi, hi_incl) = match &s[1] {
            Value::None => (f64::INFINITY, true),
            b => {
                let (_, h, incl) = bound(c, b, sp)?;
                (h, incl)
            }
        };
        let step = label_step(&s[2], sp)?;
        // Either order of the bounds: a date span's end is exclusive, a number's inclusive.
        let (lo, hi, hi_incl) = if lo > hi && hi_incl {
            (hi, lo, true)
        } else {
            (lo, hi, hi_incl)
        };
        let inside = |x: f64| {
            (x >= lo || same(c, x, lo))
                && if hi_incl {
                    x <= hi || same(c, x, hi)
                } else {
                    x < hi
                }
        };
        let hits: Vec<usize> = (0..vals.len()).filter(|&i| inside(vals[i])).collect();
        if hits.is_empty() {
            // As xarray: a slice past the coordinate's values selects none of them.
            return Ok(IndexItem::Slice(Some(0), Some(0), step, sp.clone()));
        }
        let (a, b) = run(c, &hits, sp, &first_last)?;
        return Ok(IndexItem::Slice(
            Some(a as i64),
            Some(b as i64 + 1),
            step,
            sp.clone(),
        ));
    }
    let (a, b, exact) = bound(c, v, sp)?;
    if !exact {
        // A year, month or day of a time axis: every position in it; the axis stays.
        let hits: Vec<usize> = (0..vals.len())
            .filter(|&i| vals[i] >= a && vals[i] < b)
            .collect();
        let (i, j) = run(c, &hits, sp, &first_last)?;
        return Ok(IndexItem::Slice(
            Some(i as i64),
            Some(j as i64 + 1),
            None,
            sp.clone(),
        ));
    }
    let closest = (0..vals.len())
        .filter(|&i| !vals[i].is_nan())
        .min_by(|&i, &j| (vals[i] - a).abs().total_cmp(&(vals[j] - a).abs()));
    let Some(k) = closest else {
        return Err(
            Diagnostic::new(codes::INDEX, format!("`{}` has no values", c.name))
                .label(sp.clone(), "selected here"),
        );
    };
    if nearest || same(c, vals[k], a) {
        return Ok(IndexItem::Int(k as i64, sp.clone()));
    }
    let what = match v {
        Value::Str(s) => s.clone(),
        Value::Float(f) => py_float(*f),
        _ => format!("{}", a as i64),
    };
    Err(
        Diagnostic::new(codes::INDEX, format!("no `{}` equal to {what}", c.name))
            .label(sp.clone(), "selected here")
            .note(format!(
                "the nearest is {} (position {k}); use method=\"nearest\"",
                show(c, vals[k])
            )),
    )
}

/// The first and last of `hits`, which must be one contiguous run.
fn run(
    c: &Coord,
    hits: &[usize],
    sp: &Span,
    first_last: &dyn Fn() -> String,
) -> Result<(usize, usize)> {
    let (Some(&a), Some(&b)) = (hits.first(), hits.last()) else {
        return Err(Diagnostic::new(
            codes::INDEX,
            format!("the selection holds no `{}` value", c.name),
        )
        .label(sp.clone(), "selected here")
        .note(first_last()));
    };
    if b - a + 1 != hits.len() {
        return Err(Diagnostic::new(
            codes::INDEX,
            format!(
                "the `{}` values selected are not contiguous (the coordinate is not sorted)",
                c.name
            ),
        )
        .label(sp.clone(), "selected here"));
    }
    Ok((a, b))
}
