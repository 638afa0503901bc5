//! Pictures: arrays -> PNG outputs (`imshow`, `plot`), checked before anything runs.

use super::args::{to_array, to_bool, to_f64, to_str};
use super::{Bound, Function, Imp};
use crate::diagnostic::{codes, Diagnostic};
use crate::dtype::DType;
use crate::expr::build::{self, Operand};
use crate::expr::interp::{Interp, Output, Result};
use crate::expr::node::{Arr, Meta, Node, Op};
use crate::expr::value::Value;
use crate::kernels::elementwise::UnaryOp;
use crate::kernels::reduce::ReduceOp;
use crate::kernels::Scalar;
use crate::render::imshow::ImshowOpts;
use crate::render::{Coarse, Kind, Spec};
use crate::source::Span;
use std::path::PathBuf;

/// This family's builtins.
pub const FUNCTIONS: &[Function] = &[
    Function::new(
        "imshow",
        "imshow(x, cmap='viridis', vmin=None, vmax=None, path=None, colorbar=True)",
        "write a 2-D array as a PNG image through a colormap",
        "imshow(x.mean(0), cmap=\"RdBu_r\", path=\"out/mean.png\")",
        Imp::Fn(picture),
    ),
    Function::new(
        "plot",
        "plot(y, path=None)",
        "write a 1-D array as a PNG line chart",
        "plot(y[::100], path=\"out/series.png\")",
        Imp::Fn(picture),
    ),
];

fn picture(it: &mut Interp, name: &'static str, b: Bound) -> Result<Value> {
    let span = b.span.clone();
    let (xv, xsp) = b.req(0);
    let a = to_array(it, xv, xsp)?;
    let mut spec = picture_spec(it, name, &b, &a)?;
    // Coordinates: north up, with ticks (arrays without them are drawn as they are).
    let a = if name == "imshow" {
        let (a, frame) = crate::expr::labels::picture::orient(&a, xsp.clone())?;
        spec.frame = frame;
        a
    } else {
        spec.frame = crate::expr::labels::picture::plot_frame(&a);
        a
    };
    let (a, range) = match spec.kind.clone() {
        Kind::Imshow(o) => stream_means(a, &mut spec, &o, &span)?,
        Kind::Plot => (stream_envelope(a, &mut spec, &span)?, Vec::new()),
    };
    it.outputs.push(Output::Picture(a, spec, span, range));
    Ok(Value::None)
}

/// A `plot` of a series longer than [`PLOT_STREAMED`]: the lazy envelope per pixel column
/// to compute instead (each chunk reduced to the points that draw it); shorter series are
/// drawn from every point, as they are.
fn stream_envelope(a: Arr, spec: &mut Spec, span: &Span) -> Result<Arr> {
    let n = a.shape()[0];
    if n <= PLOT_STREAMED {
        return Ok(a);
    }
    crate::expr::limits::check_streamed_picture(&[n], spec.verb())
        .map_err(|d| d.label(span.clone(), "this picture"))?;
    let (x_range, area) = crate::render::plot::columns(n);
    let meta = Meta {
        shape: vec![area.1 - area.0 + 1, crate::kernels::envelope::WIDTH],
        dtype: DType::F64,
        chunks: vec![
            vec![area.1 - area.0 + 1],
            vec![crate::kernels::envelope::WIDTH],
        ],
    };
    spec.envelope_of = Some(n);
    Ok(Node::new(
        Op::Envelope { x_range, area },
        vec![a],
        meta,
        span.clone(),
    ))
}

/// Series up to this long are gathered whole to draw a `plot` (8 MB of float64); longer
/// ones are streamed as their envelope (the same pixels unless a pixel column holds a gap).
pub const PLOT_STREAMED: usize = 1 << 20;

/// An `imshow` of an array with a side over `MAX_SIDE`: the lazy block means to compute
/// instead of the array (each chunk reduced to its share of pixels, nothing gathered whole)
/// and, unless both limits are given, the data's finite minimum and maximum (the colour
/// range). Smaller arrays are drawn from their values, as they are.
fn stream_means(a: Arr, spec: &mut Spec, o: &ImshowOpts, span: &Span) -> Result<(Arr, Vec<Arr>)> {
    let (h, w) = (a.shape()[0], a.shape()[1]);
    let f = crate::render::imshow::factor((h, w));
    if f <= 1 || h == 0 || w == 0 {
        return Ok((a, Vec::new()));
    }
    crate::expr::limits::check_streamed_picture(&[h, w], spec.verb())
        .map_err(|d| d.label(span.clone(), "this picture"))?;
    let (bh, bw) = (h.div_ceil(f), w.div_ceil(f));
    let meta = Meta {
        shape: vec![bh, bw],
        dtype: DType::F64,
        chunks: vec![vec![bh], vec![bw]],
    };
    let means = Node::new(
        Op::Coarsen { factor: f },
        vec![a.clone()],
        meta,
        span.clone(),
    );
    spec.coarse = Some(Coarse {
        full: (h, w),
        block: f,
    });
    if o.vmin.is_some() && o.vmax.is_some() {
        return Ok((means, Vec::new()));
    }
    let s = || span.clone();
    let x = || (Operand::Array(a.clone()), span.clone());
    let finite = build::unary(UnaryOp::IsFinite, x(), s())?;
    let mut range = Vec::new();
    for (fill, op) in [
        (f64::INFINITY, ReduceOp::Min),
        (f64::NEG_INFINITY, ReduceOp::Max),
    ] {
        let only = build::where_(
            (Operand::Array(finite.clone()), s()),
            x(),
            (Operand::Scalar(Scalar::Float(fill)), s()),
            s(),
        )?;
        range.push(build::reduce(&only, op, None, false, s())?);
    }
    Ok((means, range))
}

/// Checks `imshow`/`plot` arguments: the array's dimensions, the colormap, the limits, the path.
fn picture_spec(it: &Interp, name: &str, b: &Bound, a: &Arr) -> Result<crate::render::Spec> {
    use crate::render::colormap::Colormap;
    let want = if name == "imshow" { 2 } else { 1 };
    if a.shape().len() != want {
        let shape = build::shape_str(a.shape());
        let hint = if name == "imshow" {
            "imshow draws one 2-D field: index or reduce the other axes, e.g. `x[0]` or `x.mean(0)`"
        } else {
            "plot draws one 1-D series: index or reduce the other axes, e.g. `x[:, 0]` or `x.mean(1)`"
        };
        return Err(Diagnostic::new(
            codes::SHAPE,
            format!("`{name}` needs a {want}-D array, got shape `{shape}`"),
        )
        .label(b.span_of(0), format!("this has shape {shape}"))
        .note(hint));
    }
    let path_i = if name == "imshow" { 4 } else { 1 };
    let path = match b.get(path_i) {
        Some((v, sp)) => {
            let p = to_str(v, sp)?;
            if !p.to_ascii_lowercase().ends_with(".png") {
                return Err(Diagnostic::new(
                    codes::IO,
                    format!("cannot write `{p}`: pictures are written as PNG files"),
                )
                .label(sp.clone(), "use a name ending in .png"));
            }
            Some(PathBuf::from(p))
        }
        None => None,
    };
    let kind = if name == "plot" {
        Kind::Plot
    } else {
        let cmap = match b.get(1) {
            Some((v, sp)) => {
                let n = to_str(v, sp)?;
                Colormap::by_name(n).map_err(|best| {
                    let known = crate::render::colormap::known().join(", ");
                    let note = match best {
                        Some(s) => format!("did you mean `{s}`? known colormaps: {known}"),
                        None => format!("known colormaps: {known}"),
                    };
                    Diagnostic::new(codes::ARGUMENT, format!("unknown colormap `{n}`"))
                        .label(sp.clone(), "not a known colormap")
                        .note(note)
                })?
            }
            None => Colormap::by_name("viridis").expect("viridis is built in"),
        };
        let limit = |i: usize| b.get(i).map(|(v, sp)| to_f64(v, sp)).transpose();
        let (vmin, vmax) = (limit(2)?, limit(3)?);
        if let (Some(lo), Some(hi)) = (vmin, vmax) {
            // NaN limits are refused too.
            if lo.partial_cmp(&hi).is_none_or(|o| o.is_gt()) {
                return Err(Diagnostic::new(
                    codes::ARGUMENT,
                    format!("`vmin` ({lo}) must not exceed `vmax` ({hi})"),
                )
                .label(b.span_of(2), "vmin")
                .label(b.span_of(3), "vmax"));
            }
        }
        let colorbar = match b.get(5) {
            Some((v, sp)) => to_bool(v, sp)?,
            None => true,
        };
        Kind::Imshow(ImshowOpts {
            cmap,
            vmin,
            vmax,
            colorbar,
        })
    };
    Ok(Spec {
        kind,
        path,
        // Inside a user function the argument's span points into the function's source.
        name_span: (!it.in_function()).then(|| b.span_of(0)),
        frame: None,
        expr: None,
        coarse: None,
        envelope_of: None,
    })
}
