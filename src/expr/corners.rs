//! Corners: a lazy array -> the small lazy array of only the elements numpy would print.
//!
//! ```text
//! x (40000, 40000)  --x[:3], x[-3:] along each abbreviated axis, concatenated-->  (6, 6)
//! ```
//!
//! Computing the corners needs only the chunks that hold them (and what those depend on),
//! so printing a 100 GB array reads a few chunks.

use super::build::{self, IndexItem};
use super::node::Arr;
use crate::kernels::format::{self, PrintOptions};

/// The visible part of `a` (see [`format::visible_ranges`]), or None if nothing is cut.
pub fn corners(a: &Arr, o: &PrintOptions) -> Option<Arr> {
    let ranges = format::visible_ranges(a.shape(), o);
    if ranges.iter().all(|r| r.len() == 1) {
        return None;
    }
    let span = a.span.clone();
    let mut x = a.clone();
    for (d, rs) in ranges.iter().enumerate() {
        if rs.len() == 1 {
            continue;
        }
        let parts: Option<Vec<(Arr, _)>> = rs
            .iter()
            .map(|r| {
                let mut items = vec![IndexItem::Slice(None, None, None, span.clone()); d];
                items.push(IndexItem::Slice(
                    Some(r.start as i64),
                    Some(r.end as i64),
                    None,
                    span.clone(),
                ));
                build::getitem(&x, items, span.clone())
                    .ok()
                    .map(|p| (p, span.clone()))
            })
            .collect();
        x = build::concatenate(&parts?, (d as i64, span.clone()), span.clone()).ok()?;
    }
    Some(x)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::eager;
    use crate::kernels::format;
    use crate::session::{Options, Session};

    /// The corners of an array print exactly as the whole array does.
    #[test]
    fn corners_print_like_the_whole_array() {
        let mut s = Session::new(Options::default());
        for src in [
            "x = arange(2000 * 3).reshape((2000, 3)) * 1.5",
            "x = arange(24000, chunks=1000).reshape((20, 30, 40))",
            "x = random((50, 60), chunks=(7, 9), seed=3) > 0.5",
            "x = arange(1001, chunks=100)",
        ] {
            s.exec(src).unwrap();
            let x = match s.interp.globals.get("x") {
                Some(crate::expr::value::Value::Array(a)) => a.clone(),
                _ => panic!("x is an array"),
            };
            let o = PrintOptions::default();
            let c = corners(&x, &o).expect("abbreviated");
            let whole = eager::evaluate(&x).unwrap();
            let vis = eager::evaluate(&c).unwrap();
            assert_eq!(
                format::repr_visible(&vis, x.shape(), &o),
                format::repr(&whole),
                "{src}"
            );
            assert_eq!(
                format::str_visible(&vis, x.shape(), &o),
                format::str(&whole),
                "{src}"
            );
        }
    }
}
