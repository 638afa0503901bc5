//! imshow: a 2-D array of values -> a colour raster (row 0 at the top), with an optional
//! colorbar strip at the right labelled with the value range.

use super::canvas::{self, Canvas, BLACK, WHITE};
use super::colormap::Colormap;
use super::ticks::fmt_g;

/// Arrays with a side longer than this are shown as block means.
pub const MAX_SIDE: usize = 2000;
/// Small arrays are magnified by a whole factor until their longer side reaches about this.
pub const SMALL_SIDE: usize = 400;
/// Colorbar: gap after the image, bar width, tick length (pixels); minimum canvas height.
pub const BAR_GAP: usize = 12;
pub const BAR_WIDTH: usize = 16;
const TICK: usize = 4;
const MIN_HEIGHT: usize = 64;

/// What `imshow(...)` asked for.
#[derive(Debug, Clone)]
pub struct ImshowOpts {
    pub cmap: Colormap,
    pub vmin: Option<f64>,
    pub vmax: Option<f64>,
    pub colorbar: bool,
}

/// A drawn picture and how the data became pixels.
#[derive(Debug)]
pub struct Raster {
    pub canvas: Canvas,
    /// The grid after block averaging (rows, columns).
    pub shown: (usize, usize),
    /// Side of the averaged blocks (1: every element shown).
    pub block: usize,
    /// Pixels per shown element along each side.
    pub scale: usize,
    pub vmin: f64,
    pub vmax: f64,
}

/// The colour range: given limits, else the data's nanmin/nanmax; diverging maps centre
/// on zero (±max|x|) unless a limit is given.
pub fn limits(data: &[f64], o: &ImshowOpts) -> (f64, f64) {
    limits_of(finite_range(data), o)
}

/// The smallest and largest finite values (None: there are none).
pub fn finite_range(data: &[f64]) -> Option<(f64, f64)> {
    let finite = data.iter().copied().filter(|v| v.is_finite());
    let (lo, hi) = finite.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
        (a.min(v), b.max(v))
    });
    (lo <= hi).then_some((lo, hi))
}

/// [`limits`] from the data's finite range (computed apart, for a streamed picture).
pub fn limits_of(range: Option<(f64, f64)>, o: &ImshowOpts) -> (f64, f64) {
    let (lo, hi) = range.unwrap_or((0.0, 0.0));
    match (o.vmin, o.vmax) {
        (Some(a), Some(b)) => (a, b),
        (None, None) if o.cmap.diverging => {
            let m = lo.abs().max(hi.abs());
            (-m, m)
        }
        (a, b) => (a.unwrap_or(lo), b.unwrap_or(hi)),
    }
}

/// Block means (NaN ignored) of a row-major `h`×`w` grid over `f`×`f` blocks; edge
/// blocks average what they have.
pub fn block_means(data: &[f64], (h, w): (usize, usize), f: usize) -> (Vec<f64>, (usize, usize)) {
    let (bh, bw) = (h.div_ceil(f), w.div_ceil(f));
    let mut sum = vec![0.0; bh * bw];
    let mut count = vec![0u32; bh * bw];
    for r in 0..h {
        let row = &data[r * w..(r + 1) * w];
        let base = (r / f) * bw;
        for (c, &v) in row.iter().enumerate() {
            if !v.is_nan() {
                sum[base + c / f] += v;
                count[base + c / f] += 1;
            }
        }
    }
    let means = sum
        .iter()
        .zip(&count)
        .map(|(&s, &n)| if n == 0 { f64::NAN } else { s / f64::from(n) })
        .collect();
    (means, (bh, bw))
}

/// Side of the blocks an array of `shape` is averaged over (1: shown element by element).
pub fn factor(shape: (usize, usize)) -> usize {
    shape.0.max(shape.1).div_ceil(MAX_SIDE).max(1)
}

/// Draws `data` (row-major, `shape` = rows × columns).
pub fn render(data: &[f64], shape: (usize, usize), o: &ImshowOpts) -> Raster {
    let (vmin, vmax) = limits(data, o);
    let block = factor(shape);
    if block > 1 {
        let (means, shown) = block_means(data, shape, block);
        draw(&means, shown, block, (vmin, vmax), o)
    } else {
        draw(data, shape, 1, (vmin, vmax), o)
    }
}

/// Draws `vals` (row-major `(h, w)`: the data, or its means over `block`-sided blocks)
/// with the colour range `(vmin, vmax)`.
pub fn draw(
    vals: &[f64],
    (h, w): (usize, usize),
    block: usize,
    (vmin, vmax): (f64, f64),
    o: &ImshowOpts,
) -> Raster {
    let scale = (SMALL_SIDE / h.max(w).max(1)).max(1);
    let (img_w, img_h) = (w * scale, h * scale);
    let labels: Vec<String> = [vmax, (vmin + vmax) / 2.0, vmin]
        .iter()
        .map(|&v| fmt_g(v, 4))
        .collect();
    let (canvas_w, canvas_h) = if o.colorbar {
        let text_scale = if img_h >= 400 { 2 } else { 1 };
        let label_w = labels
            .iter()
            .map(|l| canvas::text_width(l, text_scale))
            .max()
            .unwrap_or(0);
        (
            img_w + BAR_GAP + BAR_WIDTH + TICK + 3 + label_w + 4,
            img_h.max(MIN_HEIGHT),
        )
    } else {
        (img_w, img_h)
    };
    let mut c = Canvas::new(canvas_w, canvas_h, WHITE);
    for r in 0..h {
        for col in 0..w {
            let rgb = o.cmap.color(vals[r * w + col], vmin, vmax);
            c.fill_rect((col * scale) as i64, (r * scale) as i64, scale, scale, rgb);
        }
    }
    if o.colorbar {
        draw_colorbar(&mut c, img_w + BAR_GAP, &o.cmap, &labels, img_h >= 400);
    }
    Raster {
        canvas: c,
        shown: (h, w),
        block,
        scale,
        vmin,
        vmax,
    }
}

/// The bar spans the canvas height: top = vmax, bottom = vmin; labels top, middle, bottom.
fn draw_colorbar(c: &mut Canvas, x: usize, cmap: &Colormap, labels: &[String], big: bool) {
    let h = c.height;
    for y in 0..h {
        let t = 1.0 - (y as f64 + 0.5) / h as f64;
        c.fill_rect(x as i64, y as i64, BAR_WIDTH, 1, cmap.at(t));
    }
    let s = if big { 2 } else { 1 };
    let th = super::font::HEIGHT * s;
    let lx = (x + BAR_WIDTH + TICK + 3) as i64;
    let rows = [0, (h / 2).saturating_sub(th / 2), h.saturating_sub(th)];
    let tick_rows = [0, h / 2, h.saturating_sub(1)];
    for ((label, &ty), &yy) in labels.iter().zip(&rows).zip(&tick_rows) {
        c.fill_rect((x + BAR_WIDTH) as i64, yy as i64, TICK, 1, BLACK);
        c.text(lx, ty as i64, label, s, BLACK);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(cmap: &str) -> ImshowOpts {
        ImshowOpts {
            cmap: Colormap::by_name(cmap).expect("known"),
            vmin: None,
            vmax: None,
            colorbar: false,
        }
    }

    #[test]
    fn limits_default_to_data_range_and_centre_diverging_maps() {
        let d = [1.0, f64::NAN, -3.0, 2.0];
        assert_eq!(limits(&d, &opts("viridis")), (-3.0, 2.0));
        assert_eq!(limits(&d, &opts("RdBu_r")), (-3.0, 3.0));
        let mut o = opts("coolwarm");
        o.vmax = Some(10.0);
        assert_eq!(limits(&d, &o), (-3.0, 10.0));
        assert_eq!(limits(&[f64::NAN], &opts("gray")), (0.0, 0.0));
    }

    #[test]
    fn block_means_ignore_nan_and_keep_edges() {
        // 3×3 over 2×2 blocks: [[0,1,2],[3,NaN,5],[6,7,8]].
        let d = [0.0, 1.0, 2.0, 3.0, f64::NAN, 5.0, 6.0, 7.0, 8.0];
        let (m, shape) = block_means(&d, (3, 3), 2);
        assert_eq!(shape, (2, 2));
        assert_eq!(m, vec![4.0 / 3.0, 3.5, 6.5, 8.0]);
    }

    #[test]
    fn large_arrays_are_averaged_to_at_most_max_side() {
        let (h, w) = (10, 4100);
        let d: Vec<f64> = (0..h * w).map(|i| (i % w) as f64).collect();
        let r = render(&d, (h, w), &opts("gray"));
        assert_eq!(r.block, 3);
        assert_eq!(r.shown, (4, 1367));
        assert_eq!((r.canvas.width, r.canvas.height), (1367, 4));
    }
}
