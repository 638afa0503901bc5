//! A line chart's envelope, streamed (`plot` of a long series): each chunk of a 1-D array ->
//! per pixel column it touches, the first, lowest, highest and last finite points and
//! whether gaps (NaN, infinities) lead or trail them; the chunks' records -> one record per column.
//!
//! Drawn in index order, those points light the same pixels as every point would: within a
//! column the line covers the rows from the lowest to the highest point, and between columns
//! it joins one column's last point to the next one's first (the M4 reduction). Only NaN gaps
//! inside a column are not kept (that column is drawn as one stroke).

use super::Block;
use crate::dtype::DType;
use ndarray::{ArrayD, IxDyn};

/// A record's fields (one row of `WIDTH` float64 values).
pub const COLUMN: usize = 0;
pub const FLAGS: usize = 1;
pub const FIRST: usize = 2;
pub const LOW: usize = 4;
pub const HIGH: usize = 6;
pub const LAST: usize = 8;
pub const WIDTH: usize = 10;

/// Flags: the column has a finite point; NaN comes before its first finite point (or it
/// has only NaN); NaN comes after its last.
pub const FINITE: u32 = 1;
pub const NAN_BEFORE: u32 = 2;
pub const NAN_AFTER: u32 = 4;

/// The pixel column of element `x` of a series drawn over `x_range` in the plot area's
/// columns `(left, right)` (the same arithmetic as `render::plot::to_pixel`).
pub fn pixel_x(x: f64, x_range: (f64, f64), (l, r): (usize, usize)) -> i64 {
    let px = l as f64 + (x - x_range.0) / (x_range.1 - x_range.0) * (r - l) as f64;
    px.round() as i64
}

/// The columns elements `start..start + len` fall in: (first column, count).
pub fn columns(
    start: usize,
    len: usize,
    x_range: (f64, f64),
    area: (usize, usize),
) -> (i64, usize) {
    if len == 0 {
        return (0, 0);
    }
    let a = pixel_x(start as f64, x_range, area);
    let b = pixel_x((start + len - 1) as f64, x_range, area);
    (a, (b - a + 1).max(1) as usize)
}

fn empty_row(column: i64) -> [f64; WIDTH] {
    let mut r = [0.0; WIDTH];
    r[COLUMN] = column as f64;
    r
}

/// Adds point `(i, v)` (in index order) to a column's record.
fn push(r: &mut [f64], i: f64, v: f64) {
    let flags = r[FLAGS] as u32;
    // The chart breaks its line at infinities too.
    if !v.is_finite() {
        let f = if flags & FINITE == 0 {
            NAN_BEFORE
        } else {
            NAN_AFTER
        };
        r[FLAGS] = (flags | f) as f64;
        return;
    }
    if flags & FINITE == 0 {
        r[FIRST] = i;
        r[FIRST + 1] = v;
        r[LOW] = i;
        r[LOW + 1] = v;
        r[HIGH] = i;
        r[HIGH + 1] = v;
    } else {
        if v < r[LOW + 1] {
            r[LOW] = i;
            r[LOW + 1] = v;
        }
        if v > r[HIGH + 1] {
            r[HIGH] = i;
            r[HIGH + 1] = v;
        }
    }
    r[LAST] = i;
    r[LAST + 1] = v;
    // A NaN before a later finite point is inside the column, not after it.
    r[FLAGS] = ((flags | FINITE) & !NAN_AFTER) as f64;
}

/// Merges `b` (later elements of the same column) into `a`.
fn merge(a: &mut [f64], b: &[f64]) {
    let (fa, fb) = (a[FLAGS] as u32, b[FLAGS] as u32);
    if fb & FINITE == 0 {
        if fb & NAN_BEFORE != 0 {
            a[FLAGS] = (fa
                | if fa & FINITE == 0 {
                    NAN_BEFORE
                } else {
                    NAN_AFTER
                }) as f64;
        }
        return;
    }
    if fa & FINITE == 0 {
        let lead = fa & NAN_BEFORE;
        a.copy_from_slice(b);
        a[FLAGS] = (fb | lead) as f64;
        return;
    }
    if b[LOW + 1] < a[LOW + 1] {
        a[LOW] = b[LOW];
        a[LOW + 1] = b[LOW + 1];
    }
    if b[HIGH + 1] > a[HIGH + 1] {
        a[HIGH] = b[HIGH];
        a[HIGH + 1] = b[HIGH + 1];
    }
    a[LAST] = b[LAST];
    a[LAST + 1] = b[LAST + 1];
    a[FLAGS] = ((fa & NAN_BEFORE) | FINITE | (fb & NAN_AFTER)) as f64;
}

/// One chunk of the series, starting at element `start` -> a `(columns, WIDTH)` record block.
pub fn envelope_chunk(x: &Block, start: usize, x_range: (f64, f64), area: (usize, usize)) -> Block {
    let v = match x {
        Block::F64(a) => a.iter().copied().collect::<Vec<f64>>(),
        other => match other.cast(DType::F64) {
            Block::F64(a) => a.into_raw_vec_and_offset().0,
            _ => unreachable!("cast to float64"),
        },
    };
    let (c0, nc) = columns(start, v.len(), x_range, area);
    let mut rows: Vec<[f64; WIDTH]> = (0..nc as i64).map(|k| empty_row(c0 + k)).collect();
    for (k, &y) in v.iter().enumerate() {
        let i = (start + k) as f64;
        let c = (pixel_x(i, x_range, area) - c0) as usize;
        push(&mut rows[c.min(nc - 1)], i, y);
    }
    let flat: Vec<f64> = rows.concat();
    Block::F64(ArrayD::from_shape_vec(IxDyn(&[nc, WIDTH]), flat).expect("nc×WIDTH"))
}

/// Every chunk's records, in element order -> one record per column of the area
/// (`(right - left + 1, WIDTH)`; columns no element falls in have no flags).
pub fn envelope_join(parts: &[&Block], area: (usize, usize)) -> Block {
    let n = area.1 - area.0 + 1;
    let mut rows: Vec<[f64; WIDTH]> = (0..n).map(|k| empty_row((area.0 + k) as i64)).collect();
    let mut seen = vec![false; n];
    for p in parts {
        let Block::F64(p) = p else {
            unreachable!("envelope records are float64")
        };
        let data = p.as_slice().expect("a fresh record is contiguous");
        for rec in data.chunks(WIDTH) {
            let Some(k) = (rec[COLUMN] as i64)
                .checked_sub(area.0 as i64)
                .filter(|&k| (k as usize) < n)
            else {
                continue;
            };
            let k = k as usize;
            if seen[k] {
                merge(&mut rows[k], rec);
            } else {
                rows[k].copy_from_slice(rec);
                seen[k] = true;
            }
        }
    }
    let flat: Vec<f64> = rows.concat();
    Block::F64(ArrayD::from_shape_vec(IxDyn(&[n, WIDTH]), flat).expect("n×WIDTH"))
}

/// The points to draw from a joined record block, in index order; a NaN point where the
/// line breaks.
pub fn points(records: &Block) -> Vec<(f64, f64)> {
    let Block::F64(r) = records else {
        return Vec::new();
    };
    let Some(data) = r.as_slice() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for rec in data.chunks(WIDTH) {
        let flags = rec[FLAGS] as u32;
        if flags & NAN_BEFORE != 0 {
            out.push((f64::NAN, f64::NAN));
        }
        if flags & FINITE != 0 {
            let mut pts = [
                (rec[FIRST], rec[FIRST + 1]),
                (rec[LOW], rec[LOW + 1]),
                (rec[HIGH], rec[HIGH + 1]),
                (rec[LAST], rec[LAST + 1]),
            ];
            pts.sort_by(|a, b| a.0.total_cmp(&b.0));
            for (k, p) in pts.iter().enumerate() {
                if k == 0 || p.0 != pts[k - 1].0 {
                    out.push(*p);
                }
            }
        }
        if flags & NAN_AFTER != 0 {
            out.push((f64::NAN, f64::NAN));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunked_records_keep_the_extremes_and_the_gaps() {
        let y = [
            3.0,
            f64::NAN,
            1.0,
            7.0,
            2.0,
            f64::NAN,
            f64::NAN,
            5.0,
            4.0,
            6.0,
        ];
        let xr = (0.0, 9.0);
        // Two columns: elements 0..=4 round to column 0, 5..=9 to column 1.
        let area = (0, 1);
        let block =
            |s: &[f64]| Block::F64(ArrayD::from_shape_vec(IxDyn(&[s.len()]), s.to_vec()).unwrap());
        let whole = envelope_join(&[&envelope_chunk(&block(&y), 0, xr, area)], area);
        for cut in 1..y.len() {
            let a = envelope_chunk(&block(&y[..cut]), 0, xr, area);
            let b = envelope_chunk(&block(&y[cut..]), cut, xr, area);
            let joined = envelope_join(&[&a, &b], area);
            assert_eq!(points(&joined).len(), points(&whole).len(), "cut {cut}");
            for (p, q) in points(&joined).iter().zip(points(&whole)) {
                assert!(p.0 == q.0 || (p.0.is_nan() && q.0.is_nan()), "cut {cut}");
            }
        }
        // Column 0: first (0, 3), low (2, 1), high (3, 7), last (4, 2); then a gap before
        // column 1's first point (7, 5), its low (8, 4) and high and last (9, 6).
        let xs: Vec<f64> = points(&whole).iter().map(|p| p.0).collect();
        assert_eq!(xs.len(), 8);
        assert_eq!(&xs[..4], &[0.0, 2.0, 3.0, 4.0]);
        assert!(xs[4].is_nan());
        assert_eq!(&xs[5..], &[7.0, 8.0, 9.0]);
    }
}
