//! Axes around an imshow raster: tick marks and labels from the array's coordinates, in
//! margins added left of and below the picture, and a band above it holding the title
//! (left, over the image) and the units (over the colorbar) (the raster itself is unchanged).
//!
//! ```text
//!        Near-Surface Air Temperature: clim.sel(month=1)      K      <- title band
//!   60 -+---------------------------------------------+   +--+ 310
//!       |                  raster                     |   |  |
//!  -60 -+---------------------------------------------+   +--+ 230
//!       0        100        200        300
//! ```

use super::canvas::{self, Canvas, BLACK, WHITE};
use super::imshow::Raster;
use super::Frame;

const TICK: usize = 4;
const GAP: usize = 2;
const TOP: usize = 6;

/// The raster's canvas inside margins carrying `f`'s ticks, `title` and units (over the
/// colorbar when the raster has one, else after the title).
pub fn draw(r: &Raster, f: &Frame, title: Option<&str>, colorbar: bool) -> Canvas {
    let th = super::font::HEIGHT;
    let label_w = f
        .yticks
        .iter()
        .map(|(_, l)| canvas::text_width(l, 1))
        .max()
        .unwrap_or(0);
    let left = label_w + TICK + 2 * GAP;
    let bottom = TICK + GAP + th + GAP;
    let (img_w, img_h) = (r.shown.1 * r.scale, r.shown.0 * r.scale);
    // The band above: the units over the bar; the title over the image, on a row of its
    // own when it would run into the units.
    let bar_x = left + img_w + super::imshow::BAR_GAP;
    let (title, units) = match (&f.units, colorbar) {
        (Some(u), true) => (title.map(str::to_string), Some(u.as_str())),
        (Some(u), false) => (title.map(|t| format!("{t} [{u}]")), None),
        (None, _) => (title.map(str::to_string), None),
    };
    let title_w = title.as_deref().map_or(0, |t| canvas::text_width(t, 1));
    let row = th + 2 * GAP;
    let rows = match (&title, units) {
        (None, None) => 0,
        (Some(_), Some(_)) if left + title_w + 2 * GAP > bar_x => 2,
        _ => 1,
    };
    let top = TOP + rows * row;
    let src = &r.canvas;
    let width = (src.width + left + 6).max(left + title_w + 6);
    let mut c = Canvas::new(width, src.height + top + bottom, WHITE);
    for y in 0..src.height {
        for x in 0..src.width {
            c.set((x + left) as i64, (y + top) as i64, src.get(x, y));
        }
    }
    if let Some(t) = &title {
        c.text(left as i64, (GAP + 1) as i64, t, 1, BLACK);
    }
    if let Some(u) = units {
        let y = GAP + 1 + (rows - 1) * row;
        c.text(bar_x as i64, y as i64, u, 1, BLACK);
    }
    // Element positions -> pixels (block means shrink, magnification grows).
    let px = |pos: f64| (pos / r.block as f64 * r.scale as f64).round() as i64;
    for (pos, label) in &f.yticks {
        let y = top as i64 + px(*pos).min(img_h as i64 - 1);
        c.fill_rect((left - TICK) as i64, y, TICK, 1, BLACK);
        let w = canvas::text_width(label, 1) as i64;
        c.text(
            (left - TICK - GAP) as i64 - w,
            y - (th as i64) / 2,
            label,
            1,
            BLACK,
        );
    }
    for (pos, label) in &f.xticks {
        let x = left as i64 + px(*pos).min(img_w as i64 - 1);
        let y0 = (top + img_h) as i64;
        c.fill_rect(x, y0, 1, TICK, BLACK);
        let w = canvas::text_width(label, 1) as i64;
        c.text(x - w / 2, y0 + (TICK + GAP) as i64, label, 1, BLACK);
    }
    c
}
