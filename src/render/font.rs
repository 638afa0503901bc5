//! The text font: the public-domain 8×8 bitmap font (Daniel Hepper's, via the `font8x8`
//! crate), every printable ASCII character and Latin-1 (`°`, `µ`, ...), for titles, units,
//! dates and tick labels. Characters outside it are skipped.

use font8x8::legacy::{BASIC_LEGACY, LATIN_LEGACY};

/// Glyph width and height in font pixels (each glyph keeps a blank right column and,
/// except descenders, a blank bottom row, so characters advance by `WIDTH`).
pub const WIDTH: usize = 8;
pub const HEIGHT: usize = 8;

/// The rows of a glyph, top first; bit `WIDTH - 1` is the leftmost column. None: not in
/// the font.
pub fn glyph(c: char) -> Option<[u8; HEIGHT]> {
    let rows = match c as u32 {
        0x20..=0x7E => BASIC_LEGACY[c as usize],
        0xA0..=0xFF => LATIN_LEGACY[c as usize - 0xA0],
        _ => return None,
    };
    // font8x8 stores the leftmost column in bit 0.
    Some(rows.map(u8::reverse_bits))
}

/// Width in font pixels of `text` drawn at scale 1 (without the last glyph's blank column).
pub fn text_width(text: &str) -> usize {
    let n = text.chars().count();
    if n == 0 {
        0
    } else {
        n * WIDTH - 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_printable_ascii_character_has_a_glyph() {
        for c in (0x21u8..0x7F).map(char::from) {
            let g = glyph(c).unwrap_or_else(|| panic!("{c:?}"));
            assert!(g.iter().any(|&row| row != 0), "{c:?} is blank");
            // A blank right column separates letters and digits (a few symbols, `*`, use it).
            assert!(
                !c.is_ascii_alphanumeric() || g.iter().all(|row| row & 1 == 0),
                "{c:?}"
            );
        }
        assert_eq!(glyph(' '), Some([0; HEIGHT]));
        assert!(glyph('°').is_some_and(|g| g.iter().any(|&r| r != 0)));
        assert!(glyph('€').is_none());
        assert_eq!(text_width("12"), 15);
    }

    #[test]
    fn letters_are_distinct_and_upright() {
        let all: Vec<[u8; HEIGHT]> = ('A'..='Z').chain('a'..='z').filter_map(glyph).collect();
        for (i, a) in all.iter().enumerate() {
            assert!(all[i + 1..].iter().all(|b| b != a));
        }
        // 'T': a full top bar, a single stem below it.
        let t = glyph('T').unwrap();
        assert!(t[0].count_ones() >= 5);
        assert!(t[3].count_ones() <= 2);
        // 'L': the stem on the left, the bar at the bottom.
        let l = glyph('L').unwrap();
        assert!(l[0] >> (WIDTH - 2) != 0 && l[6].count_ones() >= 5);
    }
}
