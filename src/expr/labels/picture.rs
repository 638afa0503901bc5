//! Pictures of labelled arrays: a 2-D array with coordinates -> north up (rows flipped when
//! latitude ascends, as real files store it) and tick marks from its coordinates.
//!
//! ```text
//! lat = [-80 ... 80] (ascending)   ->  a[::-1, :]  drawn with lat 80 on the top row
//! lon = [0 ... 330]                    ticks 0 100 200 300 under the image, lat ticks left
//! ```

use super::{labels, Coord};
use crate::expr::build::{self, IndexItem};
use crate::expr::node::Arr;
use crate::render::Frame;
use crate::source::Span;

type Result<T> = std::result::Result<T, crate::diagnostic::Diagnostic>;

/// Whether `c` is a latitude (CF: units `degrees_north` or standard_name `latitude`).
pub fn is_latitude(c: &Coord) -> bool {
    let units = super::attr_str(&c.attrs, "units").unwrap_or("");
    let std = super::attr_str(&c.attrs, "standard_name").unwrap_or("");
    matches!(
        units,
        "degrees_north" | "degree_north" | "degree_N" | "degrees_N" | "degreeN" | "degreesN"
    ) || std == "latitude"
        || matches!(c.name.as_str(), "lat" | "latitude")
}

/// The array to draw (north up) and its frame (None without coordinates: drawn as is).
pub fn orient(a: &Arr, span: Span) -> Result<(Arr, Option<Frame>)> {
    let l = labels(a);
    if a.ndim() != 2 || l.coords.iter().all(|c| c.is_none()) {
        return Ok((a.clone(), None));
    }
    let mut rows = l.coords[0].clone();
    let a = match &rows {
        Some(c)
            if is_latitude(c)
                && c.values.len() > 1
                && c.values[0] < c.values[c.values.len() - 1] =>
        {
            rows = Some(c.take(c.values.len() - 1, c.values.len(), -1));
            build::getitem(
                a,
                vec![IndexItem::Slice(None, None, Some(-1), span.clone())],
                span,
            )?
        }
        _ => a.clone(),
    };
    Ok((
        a,
        Some(Frame {
            yticks: rows.as_ref().map(ticks).unwrap_or_default(),
            xticks: l.coords[1].as_ref().map(ticks).unwrap_or_default(),
        }),
    ))
}

/// Round values along a monotonic coordinate, at their (fractional) element positions:
/// element `i` spans `[i, i + 1)`, its value sits at `i + 0.5`.
pub fn ticks(c: &Coord) -> Vec<(f64, String)> {
    let v = &c.values;
    let n = v.len();
    if n < 2 || v.iter().any(|x| !x.is_finite()) {
        return Vec::new();
    }
    let up = v[n - 1] > v[0];
    if !v.windows(2).all(|w| (w[1] > w[0]) == up && w[1] != w[0]) {
        return Vec::new();
    }
    let (lo, hi) = if up {
        (v[0], v[n - 1])
    } else {
        (v[n - 1], v[0])
    };
    crate::render::ticks::nice_ticks(lo, hi, 5)
        .into_iter()
        .filter_map(|(t, label)| {
            let k = (0..n - 1).find(|&k| (v[k] - t) * (v[k + 1] - t) <= 0.0)?;
            let f = (t - v[k]) / (v[k + 1] - v[k]);
            Some((k as f64 + f + 0.5, label))
        })
        .collect()
}
