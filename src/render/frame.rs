//! Axes around an imshow raster: tick marks and labels from the array's coordinates, in
//! margins added left of and below the picture (the raster itself is unchanged).

use super::canvas::{self, Canvas, BLACK, WHITE};
use super::imshow::Raster;
use super::Frame;

const TICK: usize = 4;
const GAP: usize = 2;
const TOP: usize = 6;

/// The raster's canvas inside margins carrying `f`'s ticks.
pub fn draw(r: &Raster, f: &Frame) -> Canvas {
    let th = super::font::HEIGHT;
    let label_w = f
        .yticks
        .iter()
        .map(|(_, l)| canvas::text_width(l, 1))
        .max()
        .unwrap_or(0);
    let left = label_w + TICK + 2 * GAP;
    let bottom = TICK + GAP + th + GAP;
    let src = &r.canvas;
    let mut c = Canvas::new(src.width + left + 6, src.height + TOP + bottom, WHITE);
    for y in 0..src.height {
        for x in 0..src.width {
            c.set((x + left) as i64, (y + TOP) as i64, src.get(x, y));
        }
    }
    // Element positions -> pixels (block means shrink, magnification grows).
    let px = |pos: f64| (pos / r.block as f64 * r.scale as f64).round() as i64;
    let (img_w, img_h) = (r.shown.1 * r.scale, r.shown.0 * r.scale);
    for (pos, label) in &f.yticks {
        let y = TOP as i64 + px(*pos).min(img_h as i64 - 1);
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
        let y0 = (TOP + img_h) as i64;
        c.fill_rect(x, y0, 1, TICK, BLACK);
        let w = canvas::text_width(label, 1) as i64;
        c.text(x - w / 2, y0 + (TICK + GAP) as i64, label, 1, BLACK);
    }
    c
}
