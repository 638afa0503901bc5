//! Pictures of labelled arrays: a 2-D array with coordinates -> north up (rows flipped when
//! latitude ascends, as real files store it) and tick marks from its coordinates; a 1-D
//! array along time -> date ticks; both titled with the variable's `long_name` (or name)
//! and labelled with its `units`.
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
    let (name, units) = what(&l);
    Ok((
        a,
        Some(Frame {
            yticks: rows.as_ref().map(ticks).unwrap_or_default(),
            xticks: l.coords[1].as_ref().map(ticks).unwrap_or_default(),
            name,
            units,
        }),
    ))
}

/// What the values are (`long_name`, else the variable's name) and their `units`.
fn what(l: &super::Labels) -> (Option<String>, Option<String>) {
    let name = super::attr_str(&l.attrs, "long_name")
        .map(str::to_string)
        .or_else(|| l.name.clone());
    let units = super::attr_str(&l.attrs, "units").map(str::to_string);
    (name, units)
}

/// The frame of a 1-D line chart: x ticks at point indices, from the dates of a time
/// coordinate or the values of another one; None for an unlabelled array.
pub fn plot_frame(a: &Arr) -> Option<Frame> {
    let l = labels(a);
    if a.ndim() != 1 || !l.is_labelled() {
        return None;
    }
    let xticks = match &l.coords[0] {
        Some(c) => match c.time() {
            Some(t) => date_ticks(&c.values, &t),
            // imshow's positions are element centres; a chart's are the points.
            None => ticks(c).into_iter().map(|(p, s)| (p - 0.5, s)).collect(),
        },
        None => Vec::new(),
    };
    let (name, units) = what(&l);
    Some(Frame {
        xticks,
        yticks: Vec::new(),
        name,
        units,
    })
}

/// Round dates along an ascending time coordinate, at their fractional point indices:
/// years (every 1, 2, 5, 10, ... of them), else months (1, 3, 6), else days, else hours.
pub fn date_ticks(v: &[f64], t: &super::time::TimeAxis) -> Vec<(f64, String)> {
    use crate::io::cftime::DateTime;
    let n = v.len();
    if n < 2 || v.iter().any(|x| !x.is_finite()) || !v.windows(2).all(|w| w[1] > w[0]) {
        return Vec::new();
    }
    let (Some(d0), Some(d1)) = (t.date(v[0]), t.date(v[n - 1])) else {
        return Vec::new();
    };
    let cal = t.units.calendar;
    let months = (d1.year - d0.year) * 12 + d1.month as i64 - d0.month as i64;
    // Candidate dates from the first period start at or before d0 to d1.
    let mut dates: Vec<(DateTime, String)> = Vec::new();
    if months >= 36 {
        let years = d1.year - d0.year;
        let step = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000]
            .into_iter()
            .find(|s| years / s <= 8)
            .unwrap_or(years.max(1));
        let mut y = d0.year.div_euclid(step) * step;
        while y <= d1.year {
            dates.push((DateTime::date(y, 1, 1), format!("{y}")));
            y += step;
        }
    } else if months >= 3 {
        let step: i64 = [1, 3, 6, 12]
            .into_iter()
            .find(|s| months / s <= 8)
            .unwrap_or(12);
        let mut k = d0.year * 12 + (d0.month as i64 - 1) / step * step;
        while k < d1.year * 12 + d1.month as i64 {
            let (y, m) = (k.div_euclid(12), k.rem_euclid(12) as u32 + 1);
            dates.push((DateTime::date(y, m, 1), format!("{y}-{m:02}")));
            k += step;
        }
    } else {
        let us = (v[n - 1] - v[0]) * t.units.unit.micros() as f64;
        let days = us / 86_400e6;
        let (first, last) = (d0.to_instant(cal).0, d1.to_instant(cal).0);
        if days >= 3.0 {
            let step = [1, 2, 7, 14]
                .into_iter()
                .find(|s| days / *s as f64 <= 8.0)
                .unwrap_or(14);
            let mut d = first;
            while d <= last {
                let x = DateTime::from_instant(cal, d, 0);
                dates.push((x, format!("{}-{:02}-{:02}", x.year, x.month, x.day)));
                d += step;
            }
        } else {
            let hours = (us / 3_600e6).max(1.0);
            let step = [1, 2, 3, 6, 12]
                .into_iter()
                .find(|s| hours / *s as f64 <= 8.0)
                .unwrap_or(12);
            let mut h = first * 24;
            while h <= (last + 1) * 24 {
                let x =
                    DateTime::from_instant(cal, h.div_euclid(24), h.rem_euclid(24) * 3_600_000_000);
                dates.push((x, format!("{:02}-{:02} {:02}h", x.month, x.day, x.hour)));
                h += step;
            }
        }
    }
    dates
        .into_iter()
        .filter_map(|(d, label)| {
            let x = t.units.encode(&d).ok()?;
            if x < v[0] || x > v[n - 1] {
                return None;
            }
            let k = v.partition_point(|&w| w <= x).clamp(1, n - 1) - 1;
            Some((k as f64 + (x - v[k]) / (v[k + 1] - v[k]), label))
        })
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::cftime::TimeUnits;

    fn axis(units: &str, cal: &str) -> crate::expr::labels::time::TimeAxis {
        crate::expr::labels::time::TimeAxis {
            units: TimeUnits::parse(units, Some(cal)).unwrap(),
        }
    }

    #[test]
    fn monthly_values_get_quarter_ticks_between_points() {
        // Mid-months of noleap 2001 (days since 2001-01-01): April 1 is day 90.
        let v = [
            14.0, 44.0, 73.0, 104.0, 134.0, 165.0, 195.0, 226.0, 257.0, 287.0, 318.0, 348.0,
        ];
        let t = date_ticks(&v, &axis("days since 2001-01-01", "noleap"));
        let labels: Vec<&str> = t.iter().map(|(_, s)| s.as_str()).collect();
        assert_eq!(labels, ["2001-04", "2001-07", "2001-10"]);
        assert!((t[0].0 - (2.0 + 17.0 / 31.0)).abs() < 1e-12, "{t:?}");
        // July 1 = day 181: between 165 (index 5) and 195.
        assert!((t[1].0 - (5.0 + 16.0 / 30.0)).abs() < 1e-12, "{t:?}");
    }

    #[test]
    fn long_and_short_spans_pick_years_days_and_hours() {
        // 40 years of yearly values in hours since 1980-01-01 (360-day calendar).
        let v: Vec<f64> = (0..40).map(|y| (y * 360 * 24) as f64 + 12.0).collect();
        let t = date_ticks(&v, &axis("hours since 1980-01-01", "360_day"));
        let labels: Vec<&str> = t.iter().map(|(_, s)| s.as_str()).collect();
        assert_eq!(
            labels,
            ["1985", "1990", "1995", "2000", "2005", "2010", "2015"]
        );
        // 1985-01-01 is 5 * 360 days in: between index 4 (+12 h) and 5.
        assert!((t[0].0 - (4.0 + (360.0 * 24.0 - 12.0) / (360.0 * 24.0))).abs() < 1e-12);
        // Ten 6-hourly steps from 2000-01-01 00h: days 0..2.25 -> 6-hour ticks.
        let v: Vec<f64> = (0..10).map(|k| k as f64 * 0.25).collect();
        let t = date_ticks(&v, &axis("days since 2000-01-01", "standard"));
        assert_eq!(t.first().map(|x| x.1.as_str()), Some("01-01 00h"));
        assert!(t.iter().all(|(p, _)| (p * 2.0).fract() == 0.0), "{t:?}");
        // Daily values over three weeks: weekly ticks.
        let v: Vec<f64> = (0..21).map(|d| d as f64).collect();
        let t = date_ticks(&v, &axis("days since 2000-02-01", "standard"));
        let labels: Vec<&str> = t.iter().map(|(_, s)| s.as_str()).collect();
        assert_eq!(labels, ["2000-02-01", "2000-02-08", "2000-02-15"]);
    }
}
