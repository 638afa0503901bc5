//! Grouping along time: `x.groupby("time.month")` / `x.resample(time="1YS")` -> a
//! `Grouped` value; its reductions -> one `GroupReduce` node (streamed in one pass: each
//! chunk reduces its positions of each group into partial records, combined per group;
//! `lower::group`); `grouped - clim` -> `x - clim` taken along the axis by group.
//!
//! ```text
//! time  2000-01 2000-02 ... 2001-01 ...     x.groupby("time.month").mean()
//! code     0       1    ...    0    ...  -> (month: 12, lat, lon), month = 1..12
//! ```
//! Group order is sorted by key, as xarray: months 1..12, seasons DJF JJA MAM SON, years.

use super::{labels, Coord, Labels};
use crate::diagnostic::{codes, Diagnostic};
use crate::dtype::DType;
use crate::expr::build::{self, IndexItem, Operand};
use crate::expr::node::{Arr, Meta, Node, Op};
use crate::io::cftime::DateTime;
use crate::kernels::elementwise::BinaryOp;
use crate::kernels::reduce::ReduceOp;
use crate::source::Span;
use std::sync::Arc;

type Result<T> = std::result::Result<T, Diagnostic>;

/// Reductions a group has.
pub const METHODS: &[&str] = &[
    "mean", "sum", "std", "var", "min", "max", "prod", "nanmean", "nansum", "nanmin", "nanmax",
];

/// An array split into groups along one axis, before it is reduced.
#[derive(Debug)]
pub struct Grouped {
    pub x: Arr,
    pub axis: usize,
    /// Positions of each group along `axis` (sorted).
    pub groups: Vec<Vec<usize>>,
    /// The group of each position.
    pub code: Vec<usize>,
    /// The result's coordinate along the group axis (`month` 1..12, or `time` starts).
    pub coord: Coord,
}

/// Season names in xarray's (sorted) group order.
const SEASONS: [&str; 4] = ["DJF", "JJA", "MAM", "SON"];

fn time_coord(x: &Arr, dim: &str, sp: &Span) -> Result<(usize, Coord, super::time::TimeAxis)> {
    let l = labels(x);
    let Some((axis, c)) = l.coord_named(dim) else {
        let dims = l.dims.clone().unwrap_or_default();
        return Err(
            Diagnostic::new(codes::AXIS, format!("no coordinate `{dim}` to group by")).label(
                sp.clone(),
                if dims.is_empty() {
                    "this array has no named dimensions".to_string()
                } else {
                    format!("dimensions: {}", dims.join(", "))
                },
            ),
        );
    };
    let Some(t) = c.time() else {
        return Err(Diagnostic::new(
            codes::TYPE,
            format!(
                "`{dim}` is not a CF time coordinate (its units are not `<unit> since <date>`)"
            ),
        )
        .label(sp.clone(), "grouped by a date part here"));
    };
    Ok((axis, c.clone(), t))
}

fn dates(c: &Coord, t: &super::time::TimeAxis, sp: &Span) -> Result<Vec<DateTime>> {
    c.values
        .iter()
        .map(|&v| {
            t.date(v).ok_or_else(|| {
                Diagnostic::new(codes::RUNTIME, format!("time value {v} is not a date"))
                    .label(sp.clone(), "grouped here")
            })
        })
        .collect()
}

/// Splits positions by `keys` (sorted distinct keys become groups 0, 1, ...).
fn split(keys: &[i64]) -> (Vec<i64>, Vec<Vec<usize>>, Vec<usize>) {
    let mut uniq: Vec<i64> = keys.to_vec();
    uniq.sort_unstable();
    uniq.dedup();
    let mut groups = vec![Vec::new(); uniq.len()];
    let mut code = Vec::with_capacity(keys.len());
    for (i, k) in keys.iter().enumerate() {
        let g = uniq.binary_search(k).expect("a key of the list");
        groups[g].push(i);
        code.push(g);
    }
    (uniq, groups, code)
}

/// `x.groupby("time.month")` (also `season year dayofyear hour day`).
pub fn groupby(x: &Arr, key: &str, sp: &Span) -> Result<Grouped> {
    let Some((dim, part)) = key.split_once('.') else {
        return Err(Diagnostic::new(
            codes::ARGUMENT,
            format!("group by a date part, like \"{key}.month\", not `{key}`"),
        )
        .label(sp.clone(), "the grouping"));
    };
    let (axis, c, t) = time_coord(x, dim, sp)?;
    let ds = dates(&c, &t, sp)?;
    let cal = t.units.calendar;
    let keys: Vec<i64> = match part {
        "month" => ds.iter().map(|d| d.month as i64).collect(),
        "year" => ds.iter().map(|d| d.year).collect(),
        "day" => ds.iter().map(|d| d.day as i64).collect(),
        "hour" => ds.iter().map(|d| d.hour as i64).collect(),
        "dayofyear" => ds.iter().map(|d| d.dayofyear(cal) as i64).collect(),
        "season" => ds
            .iter()
            .map(|d| {
                SEASONS
                    .iter()
                    .position(|s| *s == d.season())
                    .expect("a season") as i64
            })
            .collect(),
        other => {
            return Err(Diagnostic::new(
                codes::ARGUMENT,
                format!("cannot group by `{dim}.{other}`"),
            )
            .label(sp.clone(), "the grouping")
            .note("date parts: month, season, year, dayofyear, day, hour"))
        }
    };
    let (uniq, groups, code) = split(&keys);
    let coord = Coord {
        name: part.to_string(),
        values: Arc::new(uniq.iter().map(|&k| k as f64).collect()),
        attrs: Arc::new(Vec::new()),
        dtype: DType::I64,
        text: (part == "season").then(|| {
            Arc::new(
                uniq.iter()
                    .map(|&k| SEASONS[k as usize].to_string())
                    .collect(),
            )
        }),
    };
    Ok(Grouped {
        x: x.clone(),
        axis,
        groups,
        code,
        coord,
    })
}

/// A resampling frequency, as pandas/xarray spell them: `YS`/`AS` (years; `YS-JUL` from
/// July), `QS` (= `QS-JAN`), `QS-DEC` (quarters starting December: DJF MAM JJA SON), `MS`,
/// the period-end forms `YE`/`Y`/`A`, `QE`/`Q` (`QE-NOV`), `ME`/`M`, and `D`, `h`/`H`, `min`/`T`,
/// `s`/`S`, each with an optional multiple (`6h`, `3MS`, `2YS`).
#[derive(Debug, Clone, Copy)]
enum Freq {
    /// Periods of `step` months (`base` months per unanchored unit: 12, 3 or 1), edges on
    /// month `anchor` (0-11) of the `base` cycle: period starts (`end` false) or the last
    /// day of the month before them (`end`: `ME` edges are month ends).
    Months {
        step: i64,
        base: i64,
        anchor: i64,
        end: bool,
    },
    /// Periods of `step` microseconds from midnight of the first day (pandas' `start_day`).
    Micros(i64),
}

const MONTHS: [&str; 12] = [
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
];

fn parse_freq(freq: &str) -> Option<Freq> {
    let digits = freq.chars().take_while(|c| c.is_ascii_digit()).count();
    let n: i64 = if digits == 0 {
        1
    } else {
        freq[..digits].parse().ok().filter(|&n| n > 0)?
    };
    let (base, month) = match freq[digits..].split_once('-') {
        Some((b, m)) => (b, Some(MONTHS.iter().position(|x| *x == m)? as i64)),
        None => (&freq[digits..], None),
    };
    // (months per unit, start-anchored, default anchor month)
    let (months, start, default) = match base {
        "YS" | "AS" => (12, true, 0),
        "YE" | "Y" | "A" => (12, false, 11),
        "QS" => (3, true, 0),
        "QE" | "Q" => (3, false, 11),
        "MS" if month.is_none() => (1, true, 0),
        "ME" | "M" if month.is_none() => (1, false, 11),
        _ if month.is_some() => return None,
        "D" => return Some(Freq::Micros(n * 86_400_000_000)),
        "h" | "H" => return Some(Freq::Micros(n * 3_600_000_000)),
        "min" | "T" => return Some(Freq::Micros(n * 60_000_000)),
        "s" | "S" => return Some(Freq::Micros(n * 1_000_000)),
        _ => return None,
    };
    let m = month.unwrap_or(default);
    // An end-anchored period ending in month m has its edge at the start of month m + 1.
    let anchor = if start { m } else { m + 1 }.rem_euclid(months);
    Some(Freq::Months {
        step: months * n,
        base: months,
        anchor,
        end: !start,
    })
}

/// Which side of a period is closed and which labels it (`closed=`, `label=`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Side {
    Left,
    Right,
}

impl Side {
    /// `"left"`/`"right"`; None for anything else.
    pub fn parse(s: &str) -> Option<Side> {
        match s {
            "left" => Some(Side::Left),
            "right" => Some(Side::Right),
            _ => None,
        }
    }
}

/// `x.resample(time="1YS")` (see [`Freq`] for the frequencies), with pandas' and xarray's
/// bins: `closed` and `label` default to the left for period starts (`YS MS QS-DEC D h`) and
/// to the right for period ends (`YE ME QE`, labelled by the period's last day, whose whole
/// day the period holds). Periods are those holding data, labelled in the time axis's units.
pub fn resample(
    x: &Arr,
    dim: &str,
    freq: &str,
    closed: Option<Side>,
    label: Option<Side>,
    sp: &Span,
) -> Result<Grouped> {
    let (axis, c, t) = time_coord(x, dim, sp)?;
    let Some(f) = parse_freq(freq) else {
        return Err(
            Diagnostic::new(codes::ARGUMENT, format!("cannot resample to `{freq}`"))
                .label(sp.clone(), "the frequency")
                .note("frequencies: \"YS\" \"YE\" (years), \"QS-DEC\" \"QE-NOV\" (seasons), \"MS\" \"ME\" (months), \"D\" (days), \"6h\" (hours), \"min\", \"s\", with a multiple: \"3MS\""),
        );
    };
    let ds = dates(&c, &t, sp)?;
    let cal = t.units.calendar;
    let Some(first) = ds.first() else {
        return Err(
            Diagnostic::new(codes::ARGUMENT, "cannot resample an empty time axis")
                .label(sp.clone(), "resampled here"),
        );
    };
    let end = matches!(f, Freq::Months { end: true, .. });
    let default = if end { Side::Right } else { Side::Left };
    let closed = closed.unwrap_or(default);
    let label = label.unwrap_or(default);
    let month = |d: &DateTime| d.year * 12 + d.month as i64 - 1;
    let start_of = |m: i64| DateTime::date(m.div_euclid(12), m.rem_euclid(12) as u32 + 1, 1);
    let day_of = |d: &DateTime| d.to_instant(cal).0;
    let midnight = |d: &DateTime| d.hour == 0 && d.minute == 0 && d.second == 0 && d.micro == 0;
    // Each position's period key, and the label of period k from its edges.
    let (keys, edge): (Vec<i64>, Box<dyn Fn(i64) -> DateTime>) = match f {
        Freq::Months {
            step,
            base,
            anchor,
            end,
        } => {
            // `eff(d)`: the last month m whose edge d lies past (at, when closed left).
            let is_first = |d: &DateTime| d.day == 1 && midnight(d);
            let last_day = |d: &DateTime| day_of(d) + 1 == day_of(&start_of(month(d) + 1));
            let eff = |d: &DateTime| -> i64 {
                match (end, closed) {
                    (false, Side::Left) => month(d),
                    (false, Side::Right) => month(d) - is_first(d) as i64,
                    // Edges on month ends: (E, E'] holding whole last days is [S, S').
                    (true, Side::Right) => month(d),
                    (true, Side::Left) => month(d) + last_day(d) as i64,
                }
            };
            // The first edge as pandas finds it: the first date at midnight rolled back to
            // an anchor (closed left), or less the whole offset (closed right: `3ME` from
            // 2000-01-15 starts at 1999-10-31); multiples of `step` from there. Edges of unit
            // periods stay on the anchor whatever the data.
            let day0 = DateTime::date(first.year, first.month, first.day);
            let m0 = {
                let (e, back) = match (end, closed) {
                    (false, Side::Right) => (month(&day0) - is_first(&day0) as i64, step - base),
                    (true, Side::Right) => (month(&day0), step - base),
                    _ => (eff(&day0), 0),
                };
                e - (e - anchor).rem_euclid(base) - back
            };
            let a = m0.rem_euclid(step);
            let keys = ds.iter().map(|d| (eff(d) - a).div_euclid(step)).collect();
            (
                keys,
                Box::new(move |k| {
                    let s = start_of(k * step + a);
                    if end {
                        DateTime::from_instant(cal, s.to_instant(cal).0 - 1, 0)
                    } else {
                        s
                    }
                }),
            )
        }
        Freq::Micros(step) => {
            let day0 = first.to_instant(cal).0;
            let us = |d: &DateTime| {
                let (day, u) = d.to_instant(cal);
                (day - day0) as i128 * 86_400_000_000 + u as i128
            };
            let shift = (closed == Side::Right) as i128;
            (
                ds.iter()
                    .map(|d| (us(d) - shift).div_euclid(step as i128) as i64)
                    .collect(),
                Box::new(move |k| DateTime::from_instant(cal, day0, k * step)),
            )
        }
    };
    let (uniq, groups, code) = split(&keys);
    let values = uniq
        .iter()
        .map(|&k| {
            let d = edge(if label == Side::Right { k + 1 } else { k });
            t.units.encode(&d).map_err(|e| {
                Diagnostic::new(codes::RUNTIME, format!("cannot label a period: {e}"))
                    .label(sp.clone(), "resampled here")
            })
        })
        .collect::<Result<Vec<f64>>>()?;
    let coord = Coord {
        values: Arc::new(values),
        dtype: DType::F64,
        text: None,
        ..c
    };
    Ok(Grouped {
        x: x.clone(),
        axis,
        groups,
        code,
        coord,
    })
}

fn reduce_op(name: &str, ddof: f64) -> ReduceOp {
    match name {
        "sum" => ReduceOp::Sum,
        "std" => ReduceOp::Std { ddof },
        "var" => ReduceOp::Var { ddof },
        "min" => ReduceOp::Min,
        "max" => ReduceOp::Max,
        "prod" => ReduceOp::Prod,
        "nanmean" => ReduceOp::NanMean,
        "nansum" => ReduceOp::NanSum,
        "nanmin" => ReduceOp::NanMin,
        "nanmax" => ReduceOp::NanMax,
        _ => ReduceOp::Mean,
    }
}

/// `grouped.mean()` etc.: one group-reduce node, one block per group along the axis
/// (`ddof` for `std`/`var`).
pub fn reduce(g: &Grouped, name: &str, ddof: f64, span: Span) -> Arr {
    let op = reduce_op(name, ddof);
    let x = &g.x;
    let n = g.groups.len();
    let mut shape = x.shape().to_vec();
    shape[g.axis] = n;
    let mut chunks = x.meta.chunks.clone();
    chunks[g.axis] = vec![1; n];
    let meta = Meta {
        shape,
        dtype: op.result_dtype(x.dtype()),
        chunks,
    };
    let mut l: Labels = labels(x);
    l.coords[g.axis] = Some(g.coord.clone());
    if let Some(d) = &mut l.dims {
        d[g.axis] = g.coord.name.clone();
    }
    if !super::keeps_units(op) {
        l.attrs = Arc::default();
    }
    Node::new_labelled(
        Op::GroupReduce {
            op,
            axis: g.axis,
            groups: Arc::new(g.groups.clone()),
        },
        vec![x.clone()],
        meta,
        span,
        l,
    )
}

/// `grouped - clim` (any elementwise op; `grouped_first`: the group is the left operand):
/// `clim` has the group coordinate as a dimension; each position of `x` meets the
/// entry of its group.
pub fn binary(
    op: BinaryOp,
    g: &Grouped,
    other: &Arr,
    spans: (Span, Span),
    grouped_first: bool,
    span: Span,
) -> Result<Arr> {
    let (gsp, osp) = spans;
    let lo = labels(other);
    let key = &g.coord.name;
    let Some((k, oc)) = lo.coord_named(key) else {
        return Err(Diagnostic::new(
            codes::BROADCAST,
            format!("the other operand has no `{key}` dimension to match the groups"),
        )
        .label(osp, "this array")
        .label(gsp, format!("grouped by `{key}`")));
    };
    let lead = g.x.ndim() as isize - other.ndim() as isize;
    if lead < 0 || k as isize + lead != g.axis as isize {
        return Err(Diagnostic::new(
            codes::BROADCAST,
            format!("`{key}` is axis {k} of the other operand but the groups are along axis {} of the grouped array", g.axis),
        )
        .label(osp, "this array")
        .label(gsp, "the groups"));
    }
    // Each group's position in `other`.
    let pos: Vec<usize> = g
        .coord
        .values
        .iter()
        .map(|v| {
            oc.values.iter().position(|w| w == v).ok_or_else(|| {
                Diagnostic::new(
                    codes::BROADCAST,
                    format!(
                        "the other operand has no `{key}` = {}",
                        super::show::number(*v, DType::I64)
                    ),
                )
                .label(osp.clone(), "this array")
            })
        })
        .collect::<Result<_>>()?;
    let idx: Vec<usize> = g.code.iter().map(|&c| pos[c]).collect();
    // One block along the group axis, then one slice per run of consecutive entries.
    let mut whole = other.meta.chunks.clone();
    whole[k] = vec![other.shape()[k]];
    let o = build::rechunk(other, whole, span.clone());
    let mut pieces = Vec::new();
    let mut i = 0;
    while i < idx.len() {
        let mut j = i + 1;
        while j < idx.len() && idx[j] == idx[j - 1] + 1 {
            j += 1;
        }
        let mut items = vec![IndexItem::Slice(None, None, None, span.clone()); other.ndim()];
        items[k] = IndexItem::Slice(
            Some(idx[i] as i64),
            Some(idx[j - 1] as i64 + 1),
            None,
            span.clone(),
        );
        pieces.push((build::getitem(&o, items, span.clone())?, span.clone()));
        i = j;
    }
    let taken = if pieces.len() == 1 {
        pieces.pop().expect("one piece").0
    } else {
        build::concatenate(&pieces, (k as i64, span.clone()), span.clone())?
    };
    // Aligned with x's blocks along the axis, and labelled with x's coordinate there.
    let mut chunks = taken.meta.chunks.clone();
    chunks[k] = g.x.meta.chunks[g.axis].clone();
    let mut tl = labels(&taken);
    let xl = labels(&g.x);
    tl.coords[k] = xl.coords[g.axis].clone();
    tl.dims = match (&lo.dims, &xl.dims) {
        (Some(d), Some(xd)) => {
            let mut d = d.clone();
            d[k] = xd[g.axis].clone();
            Some(d)
        }
        _ => None,
    };
    tl.name = lo.name.clone();
    tl.attrs = lo.attrs.clone();
    let meta = Meta {
        chunks,
        ..taken.meta.clone()
    };
    let taken = Node::new_labelled(Op::Rechunk, vec![taken], meta, span.clone(), tl);
    let (a, b) = if grouped_first {
        (
            (Operand::Array(g.x.clone()), gsp),
            (Operand::Array(taken), osp),
        )
    } else {
        (
            (Operand::Array(taken), osp),
            (Operand::Array(g.x.clone()), gsp),
        )
    };
    build::binary(op, a, b, span)
}
