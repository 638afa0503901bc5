//! plot: a 1-D array -> a line chart (index on x, value on y) with framed axes, a few
//! labelled ticks, and gaps where values are NaN. A labelled array's frame gives the x
//! ticks (dates of a time coordinate, or coordinate values), the title (centred above the
//! area) and the units (above the y tick labels).

use super::canvas::{self, Canvas, BLACK, WHITE};
use super::ticks::nice_ticks;
use super::Frame;

/// Half the text height: tick labels centre on their tick.
const HALF_TEXT: usize = super::font::HEIGHT / 2;

/// Picture size in pixels.
pub const WIDTH: usize = 800;
pub const HEIGHT: usize = 400;
/// The plot area: left, top, right and bottom edges (pixels, inclusive).
pub const AREA: (usize, usize, usize, usize) = (70, 15, 779, 364);
/// The data line's colour (matplotlib's first cycle colour, C0).
pub const LINE: [u8; 3] = [31, 119, 180];
const GRID: [u8; 3] = [228, 228, 228];
/// Fraction of the data span added on each side, as matplotlib's default margins.
pub const MARGIN: f64 = 0.05;

/// A drawn chart and its data ranges.
#[derive(Debug)]
pub struct Chart {
    pub canvas: Canvas,
    /// Data range of the plot area (x: index, y: value), margins included.
    pub x_range: (f64, f64),
    pub y_range: (f64, f64),
    /// Finite minimum and maximum of the data (None: no finite value).
    pub data_range: Option<(f64, f64)>,
}

/// The area's data ranges for `n` points with finite range `y` (margins added).
pub fn ranges(n: usize, y: Option<(f64, f64)>) -> ((f64, f64), (f64, f64)) {
    let pad = |lo: f64, hi: f64| {
        if hi > lo {
            let m = (hi - lo) * MARGIN;
            (lo - m, hi + m)
        } else {
            let m = if lo == 0.0 { 1.0 } else { lo.abs() * 0.1 };
            (lo - m, hi + m)
        }
    };
    let x = pad(0.0, n.saturating_sub(1) as f64);
    let y = match y {
        Some((lo, hi)) => pad(lo, hi),
        None => (0.0, 1.0),
    };
    (x, y)
}

/// Pixel of a data point, given the area's ranges.
pub fn to_pixel(x: f64, y: f64, xr: (f64, f64), yr: (f64, f64)) -> (i64, i64) {
    let (l, t, r, b) = AREA;
    // The column as a streamed envelope computes it (the same rounding).
    let px = crate::kernels::envelope::pixel_x(x, xr, (l, r));
    let py = t as f64 + (yr.1 - y) / (yr.1 - yr.0) * (b - t) as f64;
    (px, py.round() as i64)
}

/// The x range (elements) and the plot area's columns a series of `n` points is drawn over.
pub fn columns(n: usize) -> ((f64, f64), (usize, usize)) {
    (ranges(n, None).0, (AREA.0, AREA.2))
}

/// Draws `y` against its index, with `frame`'s ticks and units and `title`.
pub fn render(y: &[f64], frame: Option<&Frame>, title: Option<&str>) -> Chart {
    let pts: Vec<(f64, f64)> = y.iter().enumerate().map(|(i, &v)| (i as f64, v)).collect();
    render_points(y.len(), &pts, frame, title)
}

/// Draws the points `(index, value)` of a series of `n` (all of them, or a streamed
/// envelope's), in index order; a non-finite value breaks the line.
pub fn render_points(
    n: usize,
    pts: &[(f64, f64)],
    frame: Option<&Frame>,
    title: Option<&str>,
) -> Chart {
    let finite = pts.iter().map(|p| p.1).filter(|v| v.is_finite());
    let (lo, hi) = finite.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
        (a.min(v), b.max(v))
    });
    let data_range = (lo <= hi).then_some((lo, hi));
    let (xr, yr) = ranges(n, data_range);
    let (l, t, r, b) = AREA;
    let mut c = Canvas::new(WIDTH, HEIGHT, WHITE);
    // Grid and ticks first, so the line draws over them.
    let xticks = match frame {
        Some(f) if !f.xticks.is_empty() => f.xticks.clone(),
        _ => nice_ticks(xr.0, xr.1, 8),
    };
    for (v, label) in xticks {
        let (px, _) = to_pixel(v, 0.0, xr, yr);
        c.line((px, t as i64), (px, b as i64), GRID);
        c.fill_rect(px, b as i64 + 1, 1, 4, BLACK);
        let tw = canvas::text_width(&label, 1) as i64;
        c.text(px - tw / 2, b as i64 + 8, &label, 1, BLACK);
    }
    for (v, label) in nice_ticks(yr.0, yr.1, 6) {
        let (_, py) = to_pixel(0.0, v, xr, yr);
        c.line((l as i64, py), (r as i64, py), GRID);
        c.fill_rect(l as i64 - 4, py, 4, 1, BLACK);
        let tw = canvas::text_width(&label, 1) as i64;
        c.text(l as i64 - 8 - tw, py - (HALF_TEXT as i64), &label, 1, BLACK);
    }
    if let Some(u) = frame.and_then(|f| f.units.as_deref()) {
        c.text(4, 4, u, 1, BLACK);
    }
    if let Some(t) = title {
        let tw = canvas::text_width(t, 1) as i64;
        let x = ((l + r) as i64 - tw) / 2;
        c.text(x.max(l as i64), 4, t, 1, BLACK);
    }
    let mut prev: Option<(i64, i64)> = None;
    for &(i, v) in pts {
        if !v.is_finite() {
            prev = None;
            continue;
        }
        let p = to_pixel(i, v, xr, yr);
        match prev {
            Some(q) => c.line(q, p, LINE),
            // A point on its own still shows; a following point joins it.
            None => c.set(p.0, p.1, LINE),
        }
        prev = Some(p);
    }
    let corners = [(l, t), (r, t), (r, b), (l, b), (l, t)];
    for w in corners.windows(2) {
        let (a, z) = (w[0], w[1]);
        c.line((a.0 as i64, a.1 as i64), (z.0 as i64, z.1 as i64), BLACK);
    }
    Chart {
        canvas: c,
        x_range: xr,
        y_range: yr,
        data_range,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_pad_the_data_and_handle_constants() {
        assert_eq!(ranges(11, Some((0.0, 10.0))), ((-0.5, 10.5), (-0.5, 10.5)));
        assert_eq!(ranges(1, Some((2.0, 2.0))).1, (1.8, 2.2));
        assert_eq!(ranges(3, None).1, (0.0, 1.0));
    }

    #[test]
    fn pixel_mapping_puts_the_range_at_the_area_edges() {
        let (l, t, r, b) = AREA;
        assert_eq!(
            to_pixel(0.0, 0.0, (0.0, 1.0), (0.0, 1.0)),
            (l as i64, b as i64)
        );
        assert_eq!(
            to_pixel(1.0, 1.0, (0.0, 1.0), (0.0, 1.0)),
            (r as i64, t as i64)
        );
    }
}
