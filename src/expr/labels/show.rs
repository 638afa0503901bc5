//! Printing a labelled array: labels -> the lines around numpy's repr, in the spirit of
//! xarray's repr and never more than a screen (a few values per coordinate, the first
//! attributes).
//!
//! ```text
//! <arrlang.DataArray 't2m' (time: 8, latitude: 19, longitude: 36)>
//! array(...)                                  (numpy's repr, as for any array)
//! Coordinates:
//!   * time       (time) 2014-01-01 ... 2014-01-02T18:00:00
//!   * latitude   (latitude) float32 90.0 80.0 70.0 ... -70.0 -80.0 -90.0
//!     plev       float64 85000.0                (a scalar coordinate: `sel(plev=85000)`)
//! Attributes:
//!     units:      K
//! ```

use super::{Coord, Labels};
use crate::dtype::DType;

/// Attributes shown at most; the rest are counted.
const MAX_ATTRS: usize = 8;
/// Characters of one attribute value shown at most.
const MAX_ATTR_CHARS: usize = 60;
/// Characters of coordinate values shown per line, about.
const MAX_LINE: usize = 56;

/// The first line: name, dims with sizes.
pub fn header(l: &Labels, shape: &[usize]) -> String {
    let name = l
        .name
        .as_ref()
        .map(|n| format!(" '{n}'"))
        .unwrap_or_default();
    let dims: Vec<String> = match &l.dims {
        Some(d) => d
            .iter()
            .zip(shape)
            .map(|(n, s)| format!("{n}: {s}"))
            .collect(),
        None => shape.iter().map(|s| s.to_string()).collect(),
    };
    format!("<arrlang.DataArray{name} ({})>", dims.join(", "))
}

/// The lines after the values: coordinates, dimensions without one, attributes.
pub fn footer(l: &Labels) -> String {
    let mut out = Vec::new();
    let names: Vec<String> = l.dims.clone().unwrap_or_default();
    let w = names
        .iter()
        .chain(l.scalars.iter().map(|c| &c.name))
        .map(|n| n.len())
        .max()
        .unwrap_or(0);
    if l.coords.iter().any(|c| c.is_some()) || !l.scalars.is_empty() {
        out.push("Coordinates:".to_string());
        for c in l.coords.iter().flatten() {
            let line = format!("  * {:w$}  ({}) {}", c.name, c.name, values_line(c));
            out.push(line.trim_end().to_string());
        }
        // Scalar coordinates as xarray lists them: no `*`, no dimension.
        for c in &l.scalars {
            out.push(
                format!("    {:w$}  {}", c.name, values_line(c))
                    .trim_end()
                    .to_string(),
            );
        }
    }
    let bare: Vec<&String> = names
        .iter()
        .zip(&l.coords)
        .filter(|(_, c)| c.is_none())
        .map(|(n, _)| n)
        .collect();
    if !bare.is_empty() {
        out.push(format!(
            "Dimensions without coordinates: {}",
            bare.iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if !l.attrs.is_empty() {
        out.push("Attributes:".to_string());
        let aw = l
            .attrs
            .iter()
            .take(MAX_ATTRS)
            .map(|(k, _)| k.len())
            .max()
            .unwrap_or(0)
            + 1;
        for (k, v) in l.attrs.iter().take(MAX_ATTRS) {
            let mut s = v.to_string();
            if s.chars().count() > MAX_ATTR_CHARS {
                s = s.chars().take(MAX_ATTR_CHARS - 3).collect::<String>() + "...";
            }
            out.push(format!("    {:aw$} {s}", format!("{k}:")));
        }
        if l.attrs.len() > MAX_ATTRS {
            out.push(format!("    ... ({} more)", l.attrs.len() - MAX_ATTRS));
        }
    }
    out.join("\n")
}

/// A coordinate's values: dates for a time axis, else dtype and numbers; the first and
/// last three when there are more than six.
pub fn values_line(c: &Coord) -> String {
    let t = c.time();
    let one = |i: usize| match (&c.text, &t) {
        (Some(text), _) => text[i].clone(),
        (None, Some(t)) => t.show(c.values[i]),
        (None, None) => number(c.values[i], c.dtype),
    };
    let n = c.values.len();
    // As many values from both ends as fit in about a line, at least one of each.
    let mut head: Vec<String> = Vec::new();
    let mut tail: Vec<String> = Vec::new();
    let (mut i, mut j, mut width) = (0, n, 0);
    while i < j {
        let s = if head.len() <= tail.len() {
            i += 1;
            one(i - 1)
        } else {
            j -= 1;
            one(j)
        };
        width += s.len() + 1;
        if head.len() <= tail.len() {
            head.push(s);
        } else {
            tail.push(s);
        }
        if width > MAX_LINE && i < j && head.len() > 1 {
            break;
        }
    }
    let mut shown = head;
    if i < j {
        shown.push("...".into());
    }
    shown.extend(tail.into_iter().rev());
    if t.is_some() || c.text.is_some() {
        shown.join(" ")
    } else {
        format!("{} {}", c.dtype, shown.join(" "))
    }
}

/// A number as its dtype prints it (f32 with f32's shortest digits).
pub fn number(v: f64, dt: DType) -> String {
    match dt {
        DType::F32 => {
            let f = v as f32;
            if f.is_finite() && f == f.trunc() && f.abs() < 1e16 {
                format!("{f:.1}")
            } else {
                format!("{f}")
            }
        }
        DType::F64 => crate::expr::value::py_float(v),
        DType::Bool => (if v != 0.0 { "True" } else { "False" }).into(),
        _ => format!("{}", v as i64),
    }
}
