//! Canvas: an RGB pixel buffer with the few drawing operations pictures need (rectangles,
//! lines, text in the bitmap font).

use super::font;

pub type Rgb = [u8; 3];
pub const WHITE: Rgb = [255, 255, 255];
pub const BLACK: Rgb = [0, 0, 0];

/// An RGB image, row-major, row 0 at the top.
#[derive(Debug, Clone)]
pub struct Canvas {
    pub width: usize,
    pub height: usize,
    pub pixels: Vec<u8>,
}

impl Canvas {
    pub fn new(width: usize, height: usize, fill: Rgb) -> Canvas {
        Canvas {
            width,
            height,
            pixels: fill.repeat(width * height),
        }
    }

    /// Sets one pixel; points outside the canvas are ignored.
    pub fn set(&mut self, x: i64, y: i64, c: Rgb) {
        if x < 0 || y < 0 || x >= self.width as i64 || y >= self.height as i64 {
            return;
        }
        let i = (y as usize * self.width + x as usize) * 3;
        self.pixels[i..i + 3].copy_from_slice(&c);
    }

    pub fn get(&self, x: usize, y: usize) -> Rgb {
        let i = (y * self.width + x) * 3;
        [self.pixels[i], self.pixels[i + 1], self.pixels[i + 2]]
    }

    /// Fills the rectangle with corner (x, y), `w` wide and `h` high.
    pub fn fill_rect(&mut self, x: i64, y: i64, w: usize, h: usize, c: Rgb) {
        for yy in y..y + h as i64 {
            for xx in x..x + w as i64 {
                self.set(xx, yy, c);
            }
        }
    }

    /// A straight line between two points, both ends included (Bresenham).
    pub fn line(&mut self, (x0, y0): (i64, i64), (x1, y1): (i64, i64), c: Rgb) {
        let (dx, dy) = ((x1 - x0).abs(), -(y1 - y0).abs());
        let (sx, sy) = (if x0 < x1 { 1 } else { -1 }, if y0 < y1 { 1 } else { -1 });
        let (mut x, mut y, mut err) = (x0, y0, dx + dy);
        loop {
            self.set(x, y, c);
            if x == x1 && y == y1 {
                break;
            }
            let e2 = 2 * err;
            if e2 >= dy {
                err += dy;
                x += sx;
            }
            if e2 <= dx {
                err += dx;
                y += sy;
            }
        }
    }

    /// Draws `text` with its top-left corner at (x, y), each font pixel `scale` pixels wide.
    pub fn text(&mut self, x: i64, y: i64, text: &str, scale: usize, c: Rgb) {
        for (k, ch) in text.chars().enumerate() {
            let Some(rows) = font::glyph(ch) else {
                continue;
            };
            let gx = x + (k * font::WIDTH * scale) as i64;
            for (r, bits) in rows.iter().enumerate() {
                for col in 0..font::WIDTH {
                    if bits >> (font::WIDTH - 1 - col) & 1 == 1 {
                        let px = gx + (col * scale) as i64;
                        let py = y + (r * scale) as i64;
                        self.fill_rect(px, py, scale, scale, c);
                    }
                }
            }
        }
    }
}

/// Width in pixels of `text` at `scale`.
pub fn text_width(text: &str, scale: usize) -> usize {
    font::text_width(text) * scale
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_covers_both_ends_and_the_diagonal() {
        let mut c = Canvas::new(5, 5, WHITE);
        c.line((0, 0), (4, 4), BLACK);
        for i in 0..5 {
            assert_eq!(c.get(i, i), BLACK);
        }
        assert_eq!(c.get(1, 0), WHITE);
    }

    #[test]
    fn text_draws_inside_its_box() {
        let mut c = Canvas::new(20, 10, WHITE);
        c.text(1, 1, "1", 1, BLACK);
        let dark: Vec<(usize, usize)> = (0..10)
            .flat_map(|y| (0..20).map(move |x| (x, y)))
            .filter(|&(x, y)| c.get(x, y) == BLACK)
            .collect();
        assert!(!dark.is_empty());
        assert!(dark
            .iter()
            .all(|&(x, y)| (1..9).contains(&x) && (1..9).contains(&y)));
    }
}
