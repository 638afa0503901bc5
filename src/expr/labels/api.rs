//! The label functions, methods and attributes the interpreter dispatches here:
//! `slice sel isel groupby resample`, `x.coords x.attrs x.name x.<coordinate> x.<attribute>`,
//! and reductions and arithmetic of a `groupby` value.

use super::{group, labels, sel};
use crate::diagnostic::{codes, Diagnostic};
use crate::expr::interp::{CallArgs, Interp, Result};
use crate::expr::value::Value;
use crate::io::attrs::AttrValue;
use crate::kernels::elementwise::BinaryOp;
use crate::source::Span;
use std::rc::Rc;

/// Attributes every labelled array has (coordinates and attributes come on top).
pub const ATTRIBUTES: &[&str] = &["coords", "attrs", "name"];

fn arg_err(msg: String, span: &Span, name: &str) -> Diagnostic {
    let sig = crate::expr::functions::help(name)
        .map(|h| h.0)
        .unwrap_or_default();
    Diagnostic::new(codes::ARGUMENT, msg)
        .label(span.clone(), "in this call")
        .note(format!("signature: {sig}"))
}

fn array_arg(it: &mut Interp, args: &CallArgs, name: &str) -> Result<crate::expr::node::Arr> {
    let Some((v, sp)) = args.pos.first() else {
        return Err(arg_err(
            format!("`{name}` needs an array"),
            &args.span,
            name,
        ));
    };
    crate::expr::functions::to_array(it, v, sp)
}

fn text<'a>(v: &'a Value, sp: &Span, what: &str) -> Result<&'a str> {
    match v {
        Value::Str(s) => Ok(s),
        other => Err(Diagnostic::new(
            codes::TYPE,
            format!("{what} is a str, not a {}", other.type_name()),
        )
        .label(sp.clone(), what.to_string())),
    }
}

/// Calls one of the labels family's builtins (`functions::labels`).
pub fn call(it: &mut Interp, name: &str, args: CallArgs) -> Result<Value> {
    let span = args.span.clone();
    match name {
        "slice" => {
            if !args.kw.is_empty() || args.pos.is_empty() || args.pos.len() > 3 {
                return Err(arg_err(
                    "`slice` takes one to three positional arguments".into(),
                    &span,
                    name,
                ));
            }
            let mut p: Vec<Value> = args.pos.into_iter().map(|a| a.0).collect();
            if p.len() == 1 {
                p.insert(0, Value::None);
            }
            p.resize(3, Value::None);
            Ok(Value::Slice(Rc::new([
                p[0].clone(),
                p[1].clone(),
                p[2].clone(),
            ])))
        }
        "sel" | "isel" => {
            let x = array_arg(it, &args, name)?;
            if args.pos.len() > 1 {
                return Err(arg_err(
                    format!("`{name}` takes the dimensions as keywords: x.{name}(time=...)"),
                    &args.pos[1].1,
                    name,
                ));
            }
            let mut nearest = false;
            let mut dims = Vec::new();
            for (k, v, sp) in &args.kw {
                if name == "sel" && k == "method" {
                    match v {
                        Value::None => {}
                        Value::Str(m) if m == "nearest" => nearest = true,
                        _ => {
                            return Err(Diagnostic::new(
                                codes::ARGUMENT,
                                "`method` is None or \"nearest\"",
                            )
                            .label(sp.clone(), "this method"))
                        }
                    }
                } else {
                    dims.push((k.clone(), v.clone(), sp.clone()));
                }
            }
            if dims.is_empty() {
                return Err(arg_err(
                    format!("`{name}` needs a dimension to select: x.{name}(time=...)"),
                    &span,
                    name,
                ));
            }
            Ok(Value::Array(sel::select(
                &x,
                &dims,
                nearest,
                name == "sel",
                span,
            )?))
        }
        "groupby" => {
            let x = array_arg(it, &args, name)?;
            let key = match (args.pos.get(1), args.kw.first()) {
                (Some((v, sp)), None) => text(v, sp, "the grouping")?.to_string(),
                (None, Some((k, v, sp))) if k == "group" => {
                    text(v, sp, "the grouping")?.to_string()
                }
                _ => {
                    return Err(arg_err(
                        "`groupby` takes one grouping: x.groupby(\"time.month\")".into(),
                        &span,
                        name,
                    ))
                }
            };
            let sp = args.pos.get(1).map(|p| p.1.clone()).unwrap_or(span);
            Ok(Value::Grouped(Rc::new(group::groupby(&x, &key, &sp)?)))
        }
        "resample" => {
            let x = array_arg(it, &args, name)?;
            let (mut closed, mut label) = (None, None);
            let mut dims = Vec::new();
            for (k, v, sp) in &args.kw {
                let side = |what: &str| -> Result<Option<group::Side>> {
                    match v {
                        Value::None => Ok(None),
                        Value::Str(s) if group::Side::parse(s).is_some() => {
                            Ok(group::Side::parse(s))
                        }
                        _ => Err(Diagnostic::new(
                            codes::ARGUMENT,
                            format!("`{what}` is \"left\" or \"right\""),
                        )
                        .label(sp.clone(), format!("this {what}"))),
                    }
                };
                match k.as_str() {
                    "closed" => closed = side("closed")?,
                    "label" => label = side("label")?,
                    _ => dims.push((k, v, sp)),
                }
            }
            let [(dim, v, sp)] = &dims[..] else {
                return Err(arg_err(
                    "`resample` takes one dimension and frequency: x.resample(time=\"1YS\")".into(),
                    &span,
                    name,
                ));
            };
            let freq = text(v, sp, "the frequency")?;
            Ok(Value::Grouped(Rc::new(group::resample(
                &x, dim, freq, closed, label, sp,
            )?)))
        }
        _ => Err(Diagnostic::new(
            codes::INTERNAL,
            format!("internal error: `{name}` is not a label function"),
        )),
    }
}

/// `g.mean()` etc. on a groupby value (`args.pos[0]` is the group).
pub fn call_method(name: &str, args: CallArgs) -> Result<Value> {
    let Some((Value::Grouped(g), _)) = args.pos.first() else {
        return Err(Diagnostic::new(
            codes::INTERNAL,
            "internal error: not a groupby method",
        ));
    };
    // `std`/`var` take `ddof=` (0 by default, as xarray and numpy); nothing else takes any.
    let mut ddof = 0.0;
    let spread = matches!(name, "std" | "var");
    for (k, v, sp) in &args.kw {
        if k == "ddof" && spread {
            ddof = crate::expr::functions::args::to_f64(v, sp)?;
            if ddof.is_nan() || ddof < 0.0 {
                return Err(Diagnostic::new(codes::ARGUMENT, "`ddof` must be 0 or more")
                    .label(sp.clone(), "here"));
            }
        } else {
            return Err(Diagnostic::new(
                codes::ARGUMENT,
                format!("a groupby's `{name}` has no argument `{k}`"),
            )
            .label(sp.clone(), "unknown keyword")
            .note(if spread {
                "it takes only ddof="
            } else {
                "it reduces each group along the grouped dimension"
            }));
        }
    }
    if args.pos.len() > 1 {
        return Err(Diagnostic::new(
            codes::ARGUMENT,
            format!("a groupby's `{name}` takes no positional arguments"),
        )
        .label(args.span.clone(), "in this call")
        .note("it reduces each group along the grouped dimension"));
    }
    Ok(Value::Array(group::reduce(g, name, ddof, args.span)))
}

/// `x.coords`, `x.attrs`, `x.name`, `x.lat` (a coordinate), `x.units` (an attribute), and
/// a groupby's methods; None when `name` is none of these.
pub fn attribute(v: &Value, name: &str, nspan: &Span) -> Option<Result<Value>> {
    if let Value::Grouped(_) = v {
        return Some(if group::METHODS.contains(&name) {
            Ok(Value::Method(Box::new(v.clone()), name.to_string()))
        } else {
            Err(Diagnostic::new(
                codes::ATTRIBUTE,
                format!("a groupby has no attribute `{name}`"),
            )
            .label(nspan.clone(), "unknown attribute")
            .note(format!("reductions: {}", group::METHODS.join(", "))))
        });
    }
    let Value::Array(a) = v else { return None };
    let l = labels(a);
    match name {
        "coords" => {
            return Some(Ok(Value::Tuple(
                l.coords
                    .iter()
                    .flatten()
                    .chain(&l.scalars)
                    .map(|c| Value::Str(c.name.clone()))
                    .collect(),
            )))
        }
        "attrs" => {
            return Some(Ok(Value::Tuple(
                l.attrs
                    .iter()
                    .map(|(k, v)| Value::Tuple(vec![Value::Str(k.clone()), attr_value(v)]))
                    .collect(),
            )))
        }
        "name" => return Some(Ok(l.name.clone().map(Value::Str).unwrap_or(Value::None))),
        _ => {}
    }
    if let Some((_, c)) = l.coord_named(name) {
        return Some(Ok(Value::Array(super::coord_array(c, nspan.clone()))));
    }
    if let Some(c) = l.scalar_named(name) {
        return Some(Ok(Value::Array(super::scalar_array(c, nspan.clone()))));
    }
    l.attrs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| Ok(attr_value(v)))
}

/// Names `attribute` knows for `a`, for "did you mean" and Tab completion.
pub fn attribute_names(a: &crate::expr::node::Arr) -> Vec<String> {
    let l = labels(a);
    let mut out: Vec<String> = ATTRIBUTES.iter().map(|s| s.to_string()).collect();
    out.extend(
        l.coords
            .iter()
            .flatten()
            .chain(&l.scalars)
            .map(|c| c.name.clone()),
    );
    out.extend(l.attrs.iter().map(|(k, _)| k.clone()));
    out
}

fn attr_value(v: &AttrValue) -> Value {
    match v {
        AttrValue::Text(s) => Value::Str(s.clone()),
        AttrValue::Numbers(x) if x.len() == 1 => Value::Float(x[0]),
        AttrValue::Ints(x) if x.len() == 1 => Value::Int(x[0]),
        AttrValue::Numbers(x) => Value::Tuple(x.iter().map(|&f| Value::Float(f)).collect()),
        AttrValue::Ints(x) => Value::Tuple(x.iter().map(|&i| Value::Int(i)).collect()),
    }
}

/// `grouped op array` / `array op grouped`; None when neither side is a groupby.
pub fn binary(
    it: &mut Interp,
    op: BinaryOp,
    a: &(Value, Span),
    b: &(Value, Span),
    span: &Span,
) -> Option<Result<Value>> {
    let (g, other, first) = match (&a.0, &b.0) {
        (Value::Grouped(g), _) => (g, b, true),
        (_, Value::Grouped(g)) => (g, a, false),
        _ => return None,
    };
    let gsp = if first { a.1.clone() } else { b.1.clone() };
    Some((|| {
        let o = crate::expr::functions::to_array(it, &other.0, &other.1)?;
        Ok(Value::Array(group::binary(
            op,
            g,
            &o,
            (gsp, other.1.clone()),
            first,
            span.clone(),
        )?))
    })())
}
