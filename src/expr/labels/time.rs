//! CF time on coordinates: a coordinate with `units: "<unit> since <date>"` -> dates
//! (`io::cftime`), and the one place that asks a file source for its labels.

use super::{attr_str, Attrs, Coord};
use crate::io::cftime::{parse_iso, DateTime, IsoTime, TimeUnits};
use crate::io::source::Source;

/// A decoded time coordinate's encoding.
#[derive(Debug, Clone, Copy)]
pub struct TimeAxis {
    pub units: TimeUnits,
}

impl TimeAxis {
    /// The time encoding of `c`, when its `units` say `<unit> since <date>`.
    pub fn of(c: &Coord) -> Option<TimeAxis> {
        from_attrs(&c.attrs)
    }

    /// The date of a coordinate value (None for NaN or out of range).
    pub fn date(&self, v: f64) -> Option<DateTime> {
        self.units.decode(v).ok()
    }

    /// A date as shown: `2000-01-16`, with the time of day when it is not midnight.
    pub fn show(&self, v: f64) -> String {
        match self.date(v) {
            Some(d) if d.hour == 0 && d.minute == 0 && d.second == 0 && d.micro == 0 => {
                d.iso_date()
            }
            Some(d) => d.to_string(),
            None => crate::expr::value::py_float(v),
        }
    }

    /// The coordinate values `[start, end)` a date text covers (`"2001-03"`: all of
    /// March 2001; a time of day: that instant, `start == end`).
    pub fn span_of(&self, text: &str) -> Result<(f64, f64, bool), String> {
        let enc = |d: &DateTime| self.units.encode(d);
        Ok(match parse_iso(text, self.units.calendar)? {
            IsoTime::Range(a, b) => (enc(&a)?, enc(&b)?, false),
            IsoTime::Instant(a) => {
                let v = enc(&a)?;
                (v, v, true)
            }
        })
    }
}

/// The time encoding named by attributes (`units`, `calendar`).
pub fn from_attrs(attrs: &Attrs) -> Option<TimeAxis> {
    let u = attr_str(attrs, "units")?;
    if !u.to_ascii_lowercase().contains(" since ") {
        return None;
    }
    TimeUnits::parse(u, attr_str(attrs, "calendar"))
        .ok()
        .map(|units| TimeAxis { units })
}

/// What a file says about a loaded variable, as `labels` needs it.
pub struct SourceIo {
    pub name: Option<String>,
    pub attrs: Attrs,
    pub coord: Box<dyn Fn(usize) -> Option<Coord>>,
    /// The 0-d variables its `coordinates` attribute names (CMIP6's `height`).
    pub scalars: Box<dyn Fn() -> Vec<Coord>>,
}

/// Attributes that describe the stored numbers, not the values read.
/// `coordinates` becomes the scalar coordinates it names (as xarray moves it to `encoding`).
const CODING: &[&str] = &[
    "_FillValue",
    "missing_value",
    "scale_factor",
    "add_offset",
    "coordinates",
];

/// A text coordinate: positions as values, the strings as its labels.
fn text_coord(t: crate::io::source::TextCoord) -> Coord {
    Coord {
        name: t.name,
        values: std::sync::Arc::new((0..t.values.len()).map(|i| i as f64).collect()),
        attrs: std::sync::Arc::new(t.attrs),
        dtype: crate::dtype::DType::I64,
        text: Some(std::sync::Arc::new(t.values)),
    }
}

/// The name, attributes and coordinate reader of a file source of `ndim` axes.
pub fn source_io(src: &Source, ndim: usize) -> SourceIo {
    let dims = src.dims();
    let s = src.clone();
    let s2 = src.clone();
    let names: Vec<String> = attr_str(&src.attrs(), "coordinates")
        .map(|c| c.split_whitespace().map(str::to_string).collect())
        .unwrap_or_default();
    // Packing and masking are applied on reading (as xarray's decoding moves them to
    // `encoding`): they no longer describe the values.
    let attrs = src
        .attrs()
        .into_iter()
        .filter(|(k, _)| !CODING.contains(&k.as_str()))
        .collect();
    SourceIo {
        name: src.name(),
        attrs,
        scalars: Box::new(move || {
            names
                .iter()
                .filter_map(|n| {
                    let v = s2.variable(n)?;
                    if !v.shape().is_empty() {
                        return None;
                    }
                    let value = crate::io::source::read(v.as_ref(), &[]).ok()?.to_f64_vec();
                    Some(Coord {
                        name: n.clone(),
                        values: std::sync::Arc::new(value),
                        attrs: std::sync::Arc::new(v.attrs()),
                        dtype: v.dtype(),
                        text: None,
                    })
                })
                .collect()
        }),
        coord: Box::new(move |axis| {
            if axis >= ndim {
                return None;
            }
            let Some(c) = s.coord(axis) else {
                return s.text_coord(axis).map(text_coord);
            };
            if c.shape().len() != 1 || axis >= ndim {
                return None;
            }
            let whole = [crate::kernels::layout::Range1::full(c.shape()[0])];
            let values = crate::io::source::read(c.as_ref(), &whole)
                .ok()?
                .to_f64_vec();
            let name = dims
                .as_ref()
                .map(|d| d[axis].clone())
                .or_else(|| c.name())?;
            let name = name.rsplit('/').next().unwrap_or(&name).to_string();
            Some(Coord {
                name,
                values: std::sync::Arc::new(values),
                attrs: std::sync::Arc::new(c.attrs()),
                dtype: c.dtype(),
                text: None,
            })
        }),
    }
}
