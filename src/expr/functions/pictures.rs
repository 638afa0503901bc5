//! Pictures: arrays -> PNG outputs (`imshow`, `plot`), checked before anything runs.

use super::args::{to_array, to_bool, to_f64, to_str};
use super::{Bound, Function, Imp};
use crate::diagnostic::{codes, Diagnostic};
use crate::expr::build;
use crate::expr::interp::{Interp, Output, Result};
use crate::expr::node::Arr;
use crate::expr::value::Value;
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
    it.outputs.push(Output::Picture(a, spec, span));
    Ok(Value::None)
}

/// Checks `imshow`/`plot` arguments: the array's dimensions, the colormap, the limits, the path.
fn picture_spec(it: &Interp, name: &str, b: &Bound, a: &Arr) -> Result<crate::render::Spec> {
    use crate::render::{colormap::Colormap, imshow::ImshowOpts, Kind, Spec};
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
    })
}
