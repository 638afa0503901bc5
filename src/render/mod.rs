//! Pictures: a computed array -> a PNG file. `imshow` draws a 2-D array through a colormap,
//! `plot` draws a 1-D array as a line chart; both print where the file went.

pub mod canvas;
mod cmap_data;
pub mod colormap;
pub mod encode;
pub mod font;
pub mod frame;
pub mod imshow;
pub mod naming;
pub mod plot;
pub mod ticks;

use crate::kernels::Block;
use crate::source::Span;
use std::path::PathBuf;

/// Which picture to draw.
#[derive(Debug, Clone)]
pub enum Kind {
    Imshow(imshow::ImshowOpts),
    Plot,
}

/// A picture request: what to draw and where.
#[derive(Debug, Clone)]
pub struct Spec {
    pub kind: Kind,
    /// Where to write; None until the session names the file after the source text.
    pub path: Option<PathBuf>,
    /// Source text to name the file after (None: use the whole statement).
    pub name_span: Option<Span>,
    /// Axis ticks, title and units from the array's labels (None: the bare picture).
    pub frame: Option<Frame>,
    /// The source text of what is drawn (set with the file name), for the title.
    pub expr: Option<String>,
    /// Set when an `imshow`'s array is too large to show element by element: what is
    /// computed is then its block means (streamed, never the whole array).
    pub coarse: Option<Coarse>,
    /// Set when a `plot`'s series is long (this many points): what is computed is then its
    /// envelope per pixel column (`kernels::envelope`, streamed).
    pub envelope_of: Option<usize>,
}

/// A block-averaged `imshow`: the array's shape and the side of the averaged blocks.
#[derive(Debug, Clone, Copy)]
pub struct Coarse {
    pub full: (usize, usize),
    pub block: usize,
}

/// Decorations from an array's labels: tick marks `(position, label)` with positions in
/// elements along the axis (imshow: element `i` covers `[i, i + 1)`; plot: the index of a
/// point), what the values are (`long_name` or the variable's name) and their `units`.
#[derive(Debug, Clone, Default)]
pub struct Frame {
    pub xticks: Vec<(f64, String)>,
    pub yticks: Vec<(f64, String)>,
    pub name: Option<String>,
    pub units: Option<String>,
}

impl Spec {
    /// The picture's title: the variable's `long_name` (or name) and the expression drawn;
    /// None for a bare picture (an array without labels).
    pub fn title(&self) -> Option<String> {
        let f = self.frame.as_ref()?;
        match (&f.name, &self.expr) {
            (Some(n), Some(e)) if n != e.trim() => Some(format!("{n}: {}", e.trim())),
            (Some(n), _) => Some(n.clone()),
            (None, Some(e)) => Some(e.trim().to_string()),
            (None, None) => None,
        }
    }
}

impl Spec {
    /// The builtin's name, used as the file-name prefix.
    pub fn verb(&self) -> &'static str {
        match self.kind {
            Kind::Imshow(_) => "imshow",
            Kind::Plot => "plot",
        }
    }
}

/// Draws `block` and writes the PNG; returns the line to print (`wrote out/x.png (...)`).
/// For a block-averaged `imshow` (`spec.coarse`), `block` holds the means and `range` is
/// the whole array's finite minimum and maximum.
pub fn write(spec: &Spec, block: &Block, range: Option<(f64, f64)>) -> Result<String, String> {
    let path = spec
        .path
        .as_ref()
        .ok_or_else(|| "internal: picture has no file name".to_string())?;
    // A contiguous float64 block is drawn in place; other dtypes are converted once.
    let data: std::borrow::Cow<[f64]> = match block {
        Block::F64(a) if a.as_slice().is_some() => a.as_slice().expect("contiguous").into(),
        _ => block.to_f64_vec().into(),
    };
    let shape = block.shape();
    let (canvas, what) = match &spec.kind {
        Kind::Imshow(o) => {
            let (r, full) = match spec.coarse {
                Some(c) => {
                    let lim = imshow::limits_of(range, o);
                    let shown = (shape[0], shape[1]);
                    (imshow::draw(&data, shown, c.block, lim, o), c.full)
                }
                None => (
                    imshow::render(&data, (shape[0], shape[1]), o),
                    (shape[0], shape[1]),
                ),
            };
            let size = if r.block > 1 {
                format!(
                    "{}×{} shown as {}×{} means of {}×{} blocks",
                    full.0, full.1, r.shown.0, r.shown.1, r.block, r.block
                )
            } else {
                format!("{}×{}", full.0, full.1)
            };
            let what = format!(
                "{size}, {}, vmin={}, vmax={}",
                o.cmap.name,
                ticks::fmt_g(r.vmin, 4),
                ticks::fmt_g(r.vmax, 4)
            );
            let canvas = match &spec.frame {
                Some(f) => frame::draw(&r, f, spec.title().as_deref(), o.colorbar),
                None => r.canvas,
            };
            (canvas, what)
        }
        Kind::Plot => {
            let (c, n) = match spec.envelope_of {
                Some(n) => {
                    let pts = crate::kernels::envelope::points(block);
                    let c =
                        plot::render_points(n, &pts, spec.frame.as_ref(), spec.title().as_deref());
                    (c, n)
                }
                None => (
                    plot::render(&data, spec.frame.as_ref(), spec.title().as_deref()),
                    data.len(),
                ),
            };
            let range = match c.data_range {
                Some((lo, hi)) => {
                    format!(
                        ", y from {} to {}",
                        ticks::fmt_g(lo, 4),
                        ticks::fmt_g(hi, 4)
                    )
                }
                None => ", no finite values".into(),
            };
            (c.canvas, format!("{n} points{range}"))
        }
    };
    encode::write_png(&canvas, path)?;
    Ok(format!("wrote {} ({what})", path.display()))
}
