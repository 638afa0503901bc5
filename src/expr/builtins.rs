//! Built-in functions, methods and attributes: argument checking and dispatch to `build`.

use super::build::{self, Operand};
use super::interp::{CallArgs, Interp, Output, Result};
use super::node::{Arr, Chunks, Meta, Node, Op};
use super::value::Value;
use crate::diagnostic::{codes, Diagnostic};
use crate::dtype::DType;
use crate::kernels::elementwise::{BinaryOp, UnaryOp};
use crate::kernels::reduce::ReduceOp;
use crate::kernels::{Block, Scalar};
use crate::source::Span;
use ndarray::{ArrayD, IxDyn};
use std::collections::HashMap;
use std::path::PathBuf;
use std::rc::Rc;
use std::sync::Arc;

/// Signatures of every builtin: name, parameters (`=` marks a default), one-line help.
pub const BUILTINS: &[(&str, &str, &str)] = &[
    (
        "ones",
        "ones(shape, dtype=float64, chunks=auto)",
        "an array of ones",
    ),
    (
        "zeros",
        "zeros(shape, dtype=float64, chunks=auto)",
        "an array of zeros",
    ),
    (
        "full",
        "full(shape, fill_value, dtype=None, chunks=auto)",
        "an array filled with one value",
    ),
    (
        "arange",
        "arange(start, stop=None, step=1, dtype=None, chunks=auto)",
        "evenly spaced values in [start, stop)",
    ),
    (
        "linspace",
        "linspace(start, stop, num=50, endpoint=True, chunks=auto)",
        "num evenly spaced values from start to stop",
    ),
    (
        "eye",
        "eye(N, M=None, k=0, dtype=float64, chunks=auto)",
        "ones on a diagonal, zeros elsewhere",
    ),
    (
        "array",
        "array(values, dtype=None, chunks=auto)",
        "an array from nested lists",
    ),
    (
        "random",
        "random(shape, chunks=auto, seed=None)",
        "uniform random numbers in [0, 1), the same for a seed whatever the chunking",
    ),
    (
        "normal",
        "normal(shape, loc=0.0, scale=1.0, chunks=auto, seed=None)",
        "normally distributed random numbers",
    ),
    (
        "load",
        "load(path, variable=None, chunks=auto)",
        "read a .npy, netCDF or HDF5 file (or a glob of them, joined along axis 0) lazily",
    ),
    (
        "vars",
        "vars(path)",
        "list a file's variables with their shapes, dtypes and dimensions",
    ),
    (
        "save",
        "save(path, name, x=None, dims=None, attrs=None, compress=False, split=None)",
        "write an array chunk by chunk: save(\"a.npy\", x), or one variable of a netCDF-4 file: save(\"a.nc\", \"t2m\", x, dims=(\"time\", \"lat\"), attrs=((\"units\", \"K\"),)); split=k writes files of k steps along axis 0, numbered where the path has {}",
    ),
    ("print", "print(*values)", "print values (numpy's str)"),
    (
        "imshow",
        "imshow(x, cmap='viridis', vmin=None, vmax=None, path=None, colorbar=True)",
        "write a 2-D array as a PNG image through a colormap",
    ),
    (
        "plot",
        "plot(y, path=None)",
        "write a 1-D array as a PNG line chart",
    ),
    ("where", "where(cond, a, b)", "a where cond is true, else b"),
    (
        "maximum",
        "maximum(a, b)",
        "elementwise maximum (NaN propagates)",
    ),
    (
        "minimum",
        "minimum(a, b)",
        "elementwise minimum (NaN propagates)",
    ),
    (
        "clip",
        "clip(x, a_min, a_max)",
        "limit values to [a_min, a_max]",
    ),
    ("astype", "astype(x, dtype)", "convert to another dtype"),
    (
        "sum",
        "sum(x, axis=None, keepdims=False)",
        "sum of elements",
    ),
    (
        "prod",
        "prod(x, axis=None, keepdims=False)",
        "product of elements",
    ),
    (
        "mean",
        "mean(x, axis=None, keepdims=False)",
        "arithmetic mean",
    ),
    (
        "std",
        "std(x, axis=None, keepdims=False, ddof=0)",
        "standard deviation",
    ),
    (
        "var",
        "var(x, axis=None, keepdims=False, ddof=0)",
        "variance",
    ),
    (
        "min",
        "min(x, axis=None, keepdims=False)",
        "minimum (NaN propagates)",
    ),
    (
        "max",
        "max(x, axis=None, keepdims=False)",
        "maximum (NaN propagates)",
    ),
    (
        "any",
        "any(x, axis=None, keepdims=False)",
        "whether any element is true",
    ),
    (
        "all",
        "all(x, axis=None, keepdims=False)",
        "whether all elements are true",
    ),
    (
        "argmin",
        "argmin(x, axis=None, keepdims=False)",
        "index of the minimum",
    ),
    (
        "argmax",
        "argmax(x, axis=None, keepdims=False)",
        "index of the maximum",
    ),
    (
        "nansum",
        "nansum(x, axis=None, keepdims=False)",
        "sum ignoring NaN",
    ),
    (
        "nanmean",
        "nanmean(x, axis=None, keepdims=False)",
        "mean ignoring NaN",
    ),
    (
        "nanmin",
        "nanmin(x, axis=None, keepdims=False)",
        "minimum ignoring NaN",
    ),
    (
        "nanmax",
        "nanmax(x, axis=None, keepdims=False)",
        "maximum ignoring NaN",
    ),
    (
        "transpose",
        "transpose(x, axes=None)",
        "permute axes (reverse by default)",
    ),
    (
        "reshape",
        "reshape(x, shape)",
        "same data, another shape (C order)",
    ),
    ("squeeze", "squeeze(x, axis=None)", "remove length-1 axes"),
    (
        "expand_dims",
        "expand_dims(x, axis)",
        "insert a length-1 axis",
    ),
    (
        "concatenate",
        "concatenate(arrays, axis=0)",
        "join arrays along an existing axis",
    ),
    (
        "stack",
        "stack(arrays, axis=0)",
        "join arrays along a new axis",
    ),
    ("rechunk", "rechunk(x, chunks)", "same data, other chunks"),
    (
        "broadcast_to",
        "broadcast_to(x, shape)",
        "stretch an array to a shape",
    ),
    ("dot", "dot(a, b)", "dot product (numpy's dot)"),
    ("matmul", "matmul(a, b)", "matrix product (a @ b)"),
    (
        "tensordot",
        "tensordot(a, b, axes=2)",
        "sum products over the given axes",
    ),
    ("shape", "shape(x)", "the shape of an array"),
    ("len", "len(x)", "length of the first axis or of a tuple"),
    ("int", "int(x)", "a Python int"),
    ("float", "float(x)", "a Python float"),
    ("tuple", "tuple(x)", "a tuple of the items"),
];

const UNARY: &[(&str, UnaryOp)] = &[
    ("abs", UnaryOp::Abs),
    ("sqrt", UnaryOp::Sqrt),
    ("exp", UnaryOp::Exp),
    ("log", UnaryOp::Log),
    ("log10", UnaryOp::Log10),
    ("log1p", UnaryOp::Log1p),
    ("expm1", UnaryOp::Expm1),
    ("sin", UnaryOp::Sin),
    ("cos", UnaryOp::Cos),
    ("tan", UnaryOp::Tan),
    ("arcsin", UnaryOp::Arcsin),
    ("arccos", UnaryOp::Arccos),
    ("arctan", UnaryOp::Arctan),
    ("tanh", UnaryOp::Tanh),
    ("floor", UnaryOp::Floor),
    ("ceil", UnaryOp::Ceil),
    ("round", UnaryOp::Round),
    ("sign", UnaryOp::Sign),
    ("isnan", UnaryOp::IsNan),
    ("isfinite", UnaryOp::IsFinite),
    ("negative", UnaryOp::Neg),
    ("invert", UnaryOp::Invert),
];

/// Methods an array has (`x.name(...)` is `name(x, ...)`).
pub const METHODS: &[&str] = &[
    "sum",
    "prod",
    "mean",
    "std",
    "var",
    "min",
    "max",
    "any",
    "all",
    "argmin",
    "argmax",
    "astype",
    "reshape",
    "transpose",
    "squeeze",
    "rechunk",
    "dot",
    "clip",
    "round",
    "nansum",
    "nanmean",
    "nanmin",
    "nanmax",
];

/// The stdlib source, loaded at start-up.
pub const STDLIB: &[(&str, &str)] = &[("stdlib/core.arr", include_str!("../../stdlib/core.arr"))];

thread_local! {
    static STDLIB_ORIGIN: Rc<str> = Rc::from(STDLIB[0].1);
}

/// The shared origin of stdlib function bodies.
pub fn stdlib_origin() -> Rc<str> {
    STDLIB_ORIGIN.with(|o| o.clone())
}

/// Binds builtin names, dtype names and constants.
pub fn install(g: &mut HashMap<String, Value>) {
    for (n, _, _) in BUILTINS.iter().chain(super::linalg::BUILTINS) {
        g.insert(n.to_string(), Value::Builtin(n));
    }
    for (n, _) in UNARY {
        g.insert(n.to_string(), Value::Builtin(n));
    }
    for d in [DType::Bool, DType::I32, DType::I64, DType::F32, DType::F64] {
        g.insert(d.name().to_string(), Value::DType(d));
    }
    g.insert("bool_".into(), Value::DType(DType::Bool));
    g.insert("nan".into(), Value::Float(f64::NAN));
    g.insert("inf".into(), Value::Float(f64::INFINITY));
    g.insert("pi".into(), Value::Float(std::f64::consts::PI));
    g.insert("e".into(), Value::Float(std::f64::consts::E));
    g.insert("newaxis".into(), Value::None);
}

/// Bound arguments of a builtin call, by parameter position.
struct Bound {
    vals: Vec<Option<(Value, Span)>>,
    span: Span,
}

impl Bound {
    fn get(&self, i: usize) -> Option<&(Value, Span)> {
        self.vals[i]
            .as_ref()
            .filter(|(v, _)| !matches!(v, Value::None))
    }
    fn req(&self, i: usize) -> &(Value, Span) {
        self.vals[i]
            .as_ref()
            .expect("required parameters are checked by bind")
    }
    fn span_of(&self, i: usize) -> Span {
        self.vals[i]
            .as_ref()
            .map(|v| v.1.clone())
            .unwrap_or(self.span.clone())
    }
}

fn signature(name: &str) -> &'static str {
    BUILTINS
        .iter()
        .chain(super::linalg::BUILTINS)
        .find(|b| b.0 == name)
        .map(|b| b.1)
        .unwrap_or("f(x)")
}

/// Matches call arguments to a signature like `sum(x, axis=None, keepdims=False)`.
fn bind(sig: &str, args: CallArgs) -> Result<Bound> {
    let name = &sig[..sig.find('(').unwrap_or(0)];
    let inner = &sig[sig.find('(').map(|i| i + 1).unwrap_or(0)..sig.len().saturating_sub(1)];
    let params: Vec<(&str, bool)> = inner
        .split(", ")
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((n, _)) => (n, true),
            None => (p, false),
        })
        .collect();
    let err = |msg: String, span: Span| {
        Diagnostic::new(codes::ARGUMENT, msg)
            .label(span, "in this call")
            .note(format!("signature: {sig}"))
    };
    if params
        .first()
        .map(|p| p.0.starts_with('*'))
        .unwrap_or(false)
    {
        return Ok(Bound {
            vals: args.pos.into_iter().map(Some).collect(),
            span: args.span,
        });
    }
    if args.pos.len() > params.len() {
        return Err(err(
            format!(
                "`{name}` takes at most {} arguments but {} were given",
                params.len(),
                args.pos.len()
            ),
            args.span,
        ));
    }
    let mut vals: Vec<Option<(Value, Span)>> = vec![None; params.len()];
    for (i, v) in args.pos.into_iter().enumerate() {
        vals[i] = Some(v);
    }
    for (k, v, sp) in args.kw {
        match params.iter().position(|p| p.0 == k) {
            Some(i) if vals[i].is_none() => vals[i] = Some((v, sp)),
            Some(_) => {
                return Err(err(
                    format!("`{name}` got multiple values for argument `{k}`"),
                    sp,
                ))
            }
            None => {
                let names: Vec<String> = params.iter().map(|p| p.0.to_string()).collect();
                let mut d = Diagnostic::new(
                    codes::ARGUMENT,
                    format!("`{name}` got an unexpected keyword argument `{k}`"),
                )
                .label(sp, "unknown keyword");
                d = match super::interp::suggest(&k, names.iter()) {
                    Some(s) => d.note(format!("did you mean `{s}`? signature: {sig}")),
                    None => d.note(format!("signature: {sig}")),
                };
                return Err(d);
            }
        }
    }
    for (i, (p, has_default)) in params.iter().enumerate() {
        if vals[i].is_none() && !has_default {
            return Err(err(
                format!("`{name}` is missing the argument `{p}`"),
                args.span,
            ));
        }
    }
    Ok(Bound {
        vals,
        span: args.span,
    })
}

fn type_err(expected: &str, v: &Value, span: &Span) -> Diagnostic {
    if let Value::Masked(m) = v {
        return super::mask::needs_shape(m, "this", span.clone());
    }
    Diagnostic::new(
        codes::TYPE,
        format!("expected {expected}, found {}", v.type_name()),
    )
    .label(span.clone(), format!("this is a {}", v.type_name()))
}

pub fn to_int(v: &Value, span: &Span) -> Result<i64> {
    match v {
        Value::Int(i) => Ok(*i),
        Value::Bool(b) => Ok(*b as i64),
        _ => Err(type_err("an integer", v, span)),
    }
}

fn to_f64(v: &Value, span: &Span) -> Result<f64> {
    match v.scalar() {
        Some(s) => Ok(s.as_f64()),
        None => Err(type_err("a number", v, span)),
    }
}

fn to_bool(v: &Value, span: &Span) -> Result<bool> {
    match v {
        Value::Bool(b) => Ok(*b),
        Value::Int(i) => Ok(*i != 0),
        _ => Err(type_err("True or False", v, span)),
    }
}

fn to_str<'a>(v: &'a Value, span: &Span) -> Result<&'a str> {
    match v {
        Value::Str(s) => Ok(s),
        _ => Err(type_err("a string", v, span)),
    }
}

/// An int or a tuple/list of ints.
fn to_ints(v: &Value, span: &Span) -> Result<Vec<i64>> {
    match v {
        Value::Tuple(items) | Value::List(items) => items.iter().map(|i| to_int(i, span)).collect(),
        _ => Ok(vec![to_int(v, span)?]),
    }
}

fn to_shape(v: &Value, span: &Span) -> Result<Vec<usize>> {
    let ints = to_ints(v, span)?;
    if let Some(bad) = ints.iter().find(|&&d| d < 0) {
        return Err(Diagnostic::new(
            codes::SHAPE,
            format!("negative dimension `{bad}` in a shape"),
        )
        .label(span.clone(), "dimensions must be ≥ 0"));
    }
    let shape: Vec<usize> = ints.into_iter().map(|d| d as usize).collect();
    let total = shape.iter().try_fold(1usize, |a, &d| a.checked_mul(d));
    if total.is_none_or(|t| t > 1 << 50) {
        return Err(Diagnostic::new(codes::SHAPE, "array is too big")
            .label(span.clone(), "more than 2^50 elements"));
    }
    Ok(shape)
}

fn to_dtype(v: &Value, span: &Span) -> Result<DType> {
    match v {
        Value::DType(d) => Ok(*d),
        Value::Str(s) => DType::parse(s).ok_or_else(|| {
            Diagnostic::new(codes::DTYPE, format!("unknown dtype `{s}`"))
                .label(span.clone(), "use bool, int32, int64, float32 or float64")
        }),
        Value::Builtin("float") => Ok(DType::F64),
        Value::Builtin("int") => Ok(DType::I64),
        _ => Err(type_err("a dtype", v, span)),
    }
}

/// `axis=`: None, an int or a tuple of ints, normalised.
fn to_axes(b: &Bound, i: usize, ndim: usize) -> Result<Option<Vec<usize>>> {
    match b.get(i) {
        None => Ok(None),
        Some((v, sp)) => {
            let ints = to_ints(v, sp)?;
            let spanned: Vec<(i64, Span)> = ints.into_iter().map(|a| (a, sp.clone())).collect();
            build::normalize_axes(&spanned, ndim).map(Some)
        }
    }
}

/// `chunks=`: "auto", an int for every axis, a tuple of ints (-1: whole axis) or of tuples.
fn to_chunks(
    it: &Interp,
    v: Option<&(Value, Span)>,
    shape: &[usize],
    dtype: DType,
) -> Result<Chunks> {
    let Some((v, span)) = v else {
        return Ok(it.default_chunks(shape, dtype.size()));
    };
    let bad = |msg: String| {
        Diagnostic::new(codes::SHAPE, msg).label(
            span.clone(),
            format!("for an array of shape {}", build::shape_str(shape)),
        )
    };
    match v {
        Value::Str(s) if s == "auto" => Ok(super::chunks::auto(shape, dtype.size())),
        Value::Int(c) => {
            if *c <= 0 && *c != -1 {
                return Err(bad(format!("chunk size must be positive, got `{c}`")));
            }
            Ok(shape
                .iter()
                .map(|&s| super::chunks::regular(s, if *c == -1 { s } else { *c as usize }))
                .collect())
        }
        Value::Tuple(items) | Value::List(items) => {
            if items.len() != shape.len() {
                return Err(bad(format!(
                    "chunks has {} entries but the array has {} dimensions",
                    items.len(),
                    shape.len()
                )));
            }
            let mut out = Vec::new();
            for (it, &s) in items.iter().zip(shape) {
                match it {
                    Value::Int(c) if *c == -1 => out.push(super::chunks::regular(s, s)),
                    Value::None => out.push(super::chunks::regular(s, s)),
                    Value::Int(c) if *c > 0 => out.push(super::chunks::regular(s, *c as usize)),
                    Value::Tuple(cs) | Value::List(cs) => {
                        let cs: Vec<usize> = cs
                            .iter()
                            .map(|c| to_int(c, span).map(|c| c.max(0) as usize))
                            .collect::<Result<_>>()?;
                        if cs.iter().sum::<usize>() != s {
                            return Err(bad(format!(
                                "explicit chunks {cs:?} do not add up to the axis length {s}"
                            )));
                        }
                        out.push(cs);
                    }
                    other => return Err(bad(format!("bad chunk size `{}`", display_short(other)))),
                }
            }
            Ok(out)
        }
        other => Err(type_err(
            "chunk sizes (an int, a tuple, or \"auto\")",
            other,
            span,
        )),
    }
}

fn display_short(v: &Value) -> String {
    match v {
        Value::Int(i) => i.to_string(),
        Value::Float(f) => f.to_string(),
        other => other.type_name().to_string(),
    }
}

/// A value as an array (scalars become 0-d arrays, lists literal arrays).
pub fn to_array(it: &mut Interp, v: &Value, span: &Span) -> Result<Arr> {
    match v {
        Value::Array(a) => Ok(a.clone()),
        Value::List(_) | Value::Tuple(_) => literal(it, v, None, None, span),
        _ => match v.scalar() {
            Some(s) => Ok(Node::new(
                Op::Full(s),
                vec![],
                Meta {
                    shape: vec![],
                    dtype: s.dtype(),
                    chunks: vec![],
                },
                span.clone(),
            )),
            None => Err(type_err("an array", v, span)),
        },
    }
}

/// A value as an elementwise operand (scalars stay weak).
pub fn to_operand(it: &mut Interp, v: &Value, span: &Span) -> Result<Operand> {
    match v.scalar() {
        Some(s) => Ok(Operand::Scalar(s)),
        None => Ok(Operand::Array(to_array(it, v, span)?)),
    }
}

/// `array([[1, 2], [3, 4]])`.
fn literal(
    it: &Interp,
    v: &Value,
    dtype: Option<DType>,
    chunks: Option<&(Value, Span)>,
    span: &Span,
) -> Result<Arr> {
    fn walk(
        v: &Value,
        depth: usize,
        shape: &mut Vec<usize>,
        flat: &mut Vec<Scalar>,
        span: &Span,
    ) -> Result<()> {
        match v {
            Value::List(items) | Value::Tuple(items) => {
                if shape.len() == depth {
                    shape.push(items.len());
                } else if shape[depth] != items.len() {
                    return Err(Diagnostic::new(
                        codes::SHAPE,
                        "the nested lists have different lengths",
                    )
                    .label(span.clone(), "ragged"));
                }
                for i in items {
                    walk(i, depth + 1, shape, flat, span)?;
                }
                Ok(())
            }
            _ => match v.scalar() {
                Some(s) if shape.len() == depth => {
                    flat.push(s);
                    Ok(())
                }
                Some(_) => Err(Diagnostic::new(
                    codes::SHAPE,
                    "the nested lists have different depths",
                )
                .label(span.clone(), "ragged")),
                None => Err(type_err("numbers", v, span)),
            },
        }
    }
    let mut shape = Vec::new();
    let mut flat = Vec::new();
    walk(v, 0, &mut shape, &mut flat, span)?;
    let inferred = flat
        .iter()
        .fold(DType::Bool, |d, s| DType::promote(d, s.dtype()));
    let dt = dtype.unwrap_or(if flat.is_empty() {
        DType::F64
    } else {
        inferred
    });
    let sh = IxDyn(&shape);
    let block = Block::F64(
        ArrayD::from_shape_vec(sh.clone(), flat.iter().map(|s| s.as_f64()).collect())
            .expect("shape matches"),
    );
    let block = match dt {
        DType::I64 | DType::I32 => Block::I64(
            ArrayD::from_shape_vec(sh, flat.iter().map(|s| s.as_i64()).collect()).expect("shape"),
        )
        .cast(dt),
        _ => block.cast(dt),
    };
    let chunks = to_chunks(it, chunks, &shape, dt)?;
    Ok(Node::new(
        Op::Literal(Arc::new(block)),
        vec![],
        Meta {
            shape,
            dtype: dt,
            chunks,
        },
        span.clone(),
    ))
}

fn reduce_op(name: &str, ddof: f64) -> Option<ReduceOp> {
    Some(match name {
        "sum" => ReduceOp::Sum,
        "prod" => ReduceOp::Prod,
        "mean" => ReduceOp::Mean,
        "std" => ReduceOp::Std { ddof },
        "var" => ReduceOp::Var { ddof },
        "min" => ReduceOp::Min,
        "max" => ReduceOp::Max,
        "any" => ReduceOp::Any,
        "all" => ReduceOp::All,
        "argmin" => ReduceOp::ArgMin,
        "argmax" => ReduceOp::ArgMax,
        "nansum" => ReduceOp::NanSum,
        "nanmean" => ReduceOp::NanMean,
        "nanmin" => ReduceOp::NanMin,
        "nanmax" => ReduceOp::NanMax,
        _ => return None,
    })
}

/// A reduction of `x[mask]`: over the whole selection only (it is 1-D).
fn masked_reduction(m: &super::mask::Masked, name: &str, b: &Bound, span: Span) -> Result<Value> {
    if let Some((v, sp)) = b.get(1) {
        let whole = match v {
            Value::None => true,
            Value::Int(0) | Value::Int(-1) => true,
            Value::Tuple(t) => matches!(t.as_slice(), [Value::Int(0)] | [Value::Int(-1)]),
            _ => false,
        };
        if !whole {
            return Err(
                Diagnostic::new(codes::AXIS, "a boolean-mask selection is 1-D")
                    .label(sp.clone(), "only axis 0 or None")
                    .label(m.span.clone(), "the selection"),
            );
        }
    }
    let ddof = if matches!(name, "std" | "var") {
        b.get(3)
            .map(|(v, sp)| to_f64(v, sp))
            .transpose()?
            .unwrap_or(0.0)
    } else {
        0.0
    };
    let r = super::mask::reduce(m, name, ddof, span.clone())?;
    let keepdims = match b.get(2) {
        Some((v, sp)) => to_bool(v, sp)?,
        None => false,
    };
    Ok(Value::Array(if keepdims {
        build::expand_dims(&r, (0, span.clone()), span)?
    } else {
        r
    }))
}

/// `x.name` for arrays (and `.shape` etc.).
pub fn attribute(
    _it: &mut Interp,
    v: Value,
    name: &str,
    vspan: Span,
    nspan: Span,
) -> Result<Value> {
    if let Value::Array(a) = &v {
        let ints = |xs: &[usize]| Value::Tuple(xs.iter().map(|&d| Value::Int(d as i64)).collect());
        return Ok(match name {
            "shape" => ints(a.shape()),
            "dtype" => Value::DType(a.dtype()),
            "ndim" => Value::Int(a.ndim() as i64),
            "size" => Value::Int(a.meta.size() as i64),
            "nbytes" => Value::Int(a.meta.nbytes() as i64),
            "chunks" => Value::Tuple(a.meta.chunks.iter().map(|c| ints(c)).collect()),
            "numblocks" => ints(&a.meta.numblocks()),
            "dims" => match super::dims::dims(a) {
                Some(d) => Value::Tuple(d.into_iter().map(Value::Str).collect()),
                None => Value::None,
            },
            "T" => Value::Array(build::transpose(a, None, vspan.start..nspan.end)?),
            m if METHODS.contains(&m) => Value::Method(Box::new(v), m.to_string()),
            _ => {
                let mut names: Vec<String> = METHODS.iter().map(|s| s.to_string()).collect();
                names.extend(
                    [
                        "shape",
                        "dtype",
                        "ndim",
                        "size",
                        "nbytes",
                        "chunks",
                        "numblocks",
                        "dims",
                        "T",
                    ]
                    .iter()
                    .map(|s| s.to_string()),
                );
                let mut d = Diagnostic::new(
                    codes::ATTRIBUTE,
                    format!("an array has no attribute `{name}`"),
                )
                .label(nspan, "unknown attribute");
                if let Some(s) = super::interp::suggest(name, names.iter()) {
                    d = d.note(format!("did you mean `{s}`?"));
                }
                return Err(d);
            }
        });
    }
    if let Value::Masked(m) = &v {
        return match name {
            "dtype" => Ok(Value::DType(m.x.dtype())),
            "ndim" => Ok(Value::Int(1)),
            r if super::mask::REDUCTIONS.contains(&r) => {
                Ok(Value::Method(Box::new(v.clone()), r.to_string()))
            }
            _ => Err(super::mask::needs_shape(m, &format!("`.{name}`"), nspan)),
        };
    }
    if let (Value::DType(d), "name") = (&v, name) {
        return Ok(Value::Str(d.name().into()));
    }
    Err(Diagnostic::new(
        codes::ATTRIBUTE,
        format!("a `{}` has no attribute `{name}`", v.type_name()),
    )
    .label(nspan, "unknown attribute")
    .label(vspan, format!("this is a {}", v.type_name())))
}

/// `x.name(args)`: the builtin `name(x, args)`.
pub fn call_method(it: &mut Interp, name: &str, mut args: CallArgs) -> Result<Value> {
    // numpy's methods take the shape as separate ints: x.reshape(3, 4), x.transpose(1, 0).
    if matches!(name, "reshape" | "transpose") && args.pos.len() > 2 {
        let recv = args.pos.remove(0);
        let sp = args.pos[0].1.start..args.pos.last().expect("non-empty").1.end;
        let items = Value::Tuple(args.pos.drain(..).map(|p| p.0).collect());
        args.pos = vec![recv, (items, sp)];
    }
    let f: &'static str = BUILTINS
        .iter()
        .map(|b| b.0)
        .chain(UNARY.iter().map(|u| u.0))
        .find(|&b| b == name)
        .expect("methods are builtins");
    call(it, f, args)
}

/// Calls the builtin `name`.
pub fn call(it: &mut Interp, name: &'static str, args: CallArgs) -> Result<Value> {
    let span = args.span.clone();
    if let Some((_, op)) = UNARY.iter().find(|u| u.0 == name) {
        let b = bind(&format!("{name}(x)"), args)?;
        let (v, sp) = b.req(0);
        if let Some(s) = v.scalar() {
            let a = to_array(it, &Value::from_scalar(s), sp)?;
            return Ok(Value::Array(build::unary(
                *op,
                (Operand::Array(a), sp.clone()),
                span,
            )?));
        }
        let x = to_operand(it, v, sp)?;
        return Ok(Value::Array(build::unary(*op, (x, sp.clone()), span)?));
    }
    let b = bind(signature(name), args)?;
    let arr = |it: &mut Interp, i: usize| -> Result<Arr> {
        let (v, sp) = b.req(i);
        to_array(it, v, sp)
    };
    Ok(match name {
        "ones" | "zeros" | "full" => {
            let (sv, ssp) = b.req(0);
            let shape = to_shape(sv, ssp)?;
            let (fill, dt) = match name {
                "ones" => (Scalar::Int(1), DType::F64),
                "zeros" => (Scalar::Int(0), DType::F64),
                _ => {
                    let (fv, fsp) = b.req(1);
                    let s = fv.scalar().ok_or_else(|| type_err("a number", fv, fsp))?;
                    (s, s.dtype())
                }
            };
            let di = if name == "full" { 2 } else { 1 };
            let dt = match b.get(di) {
                Some((v, sp)) => to_dtype(v, sp)?,
                None => dt,
            };
            let chunks = to_chunks(it, b.get(di + 1), &shape, dt)?;
            Value::Array(Node::new(
                Op::Full(fill),
                vec![],
                Meta {
                    shape,
                    dtype: dt,
                    chunks,
                },
                span,
            ))
        }
        "arange" => {
            let nums: Vec<Option<Scalar>> = (0..3)
                .map(|i| b.get(i).and_then(|v| v.0.scalar()))
                .collect();
            for i in 0..3 {
                if let Some((v, sp)) = b.get(i) {
                    if v.scalar().is_none() {
                        return Err(type_err("a number", v, sp));
                    }
                }
            }
            let (start, stop) = match nums[1] {
                Some(stop) => (nums[0].expect("required"), stop),
                None => (Scalar::Int(0), nums[0].expect("required")),
            };
            let step = nums[2].unwrap_or(Scalar::Int(1));
            if step.as_f64() == 0.0 {
                return Err(
                    Diagnostic::new(codes::ARGUMENT, "arange step cannot be zero")
                        .label(b.span_of(2), "step 0"),
                );
            }
            let all_int = [start, stop, step]
                .iter()
                .all(|s| !matches!(s, Scalar::Float(_)));
            let dt = match b.get(3) {
                Some((v, sp)) => to_dtype(v, sp)?,
                None if all_int => DType::I64,
                None => DType::F64,
            };
            let n = ((stop.as_f64() - start.as_f64()) / step.as_f64())
                .ceil()
                .max(0.0) as usize;
            let shape = vec![n];
            let chunks = to_chunks(it, b.get(4), &shape, dt)?;
            Value::Array(Node::new(
                Op::Arange {
                    start: start.as_f64(),
                    step: step.as_f64(),
                },
                vec![],
                Meta {
                    shape,
                    dtype: dt,
                    chunks,
                },
                span,
            ))
        }
        "linspace" => {
            let start = to_f64(&b.req(0).0, &b.req(0).1)?;
            let stop = to_f64(&b.req(1).0, &b.req(1).1)?;
            let num = match b.get(2) {
                Some((v, sp)) => to_int(v, sp)?.max(0) as usize,
                None => 50,
            };
            let endpoint = match b.get(3) {
                Some((v, sp)) => to_bool(v, sp)?,
                None => true,
            };
            let div = if endpoint { num.saturating_sub(1) } else { num };
            let step = if div > 0 {
                (stop - start) / div as f64
            } else {
                0.0
            };
            let shape = vec![num];
            let chunks = to_chunks(it, b.get(4), &shape, DType::F64)?;
            Value::Array(Node::new(
                Op::Arange { start, step },
                vec![],
                Meta {
                    shape,
                    dtype: DType::F64,
                    chunks,
                },
                span,
            ))
        }
        "eye" => {
            let n = to_int(&b.req(0).0, &b.req(0).1)?.max(0) as usize;
            let m = match b.get(1) {
                Some((v, sp)) => to_int(v, sp)?.max(0) as usize,
                None => n,
            };
            let k = match b.get(2) {
                Some((v, sp)) => to_int(v, sp)?,
                None => 0,
            };
            let dt = match b.get(3) {
                Some((v, sp)) => to_dtype(v, sp)?,
                None => DType::F64,
            };
            let shape = vec![n, m];
            let chunks = to_chunks(it, b.get(4), &shape, dt)?;
            Value::Array(Node::new(
                Op::Eye { k },
                vec![],
                Meta {
                    shape,
                    dtype: dt,
                    chunks,
                },
                span,
            ))
        }
        "array" => {
            let (v, sp) = b.req(0);
            let dt = match b.get(1) {
                Some((v, sp)) => Some(to_dtype(v, sp)?),
                None => None,
            };
            match v {
                Value::Array(a) => {
                    let a = match dt {
                        Some(d) => build::astype(a, d, span.clone())?,
                        None => a.clone(),
                    };
                    match b.get(2) {
                        Some(c) => {
                            let ch = to_chunks(it, Some(c), a.shape(), a.dtype())?;
                            Value::Array(build::rechunk(&a, ch, span))
                        }
                        None => Value::Array(a),
                    }
                }
                _ if v.scalar().is_some() => {
                    let s = v.scalar().expect("checked");
                    let d = dt.unwrap_or(s.dtype());
                    Value::Array(Node::new(
                        Op::Full(s),
                        vec![],
                        Meta {
                            shape: vec![],
                            dtype: d,
                            chunks: vec![],
                        },
                        span,
                    ))
                }
                _ => Value::Array(literal(it, v, dt, b.get(2), sp)?),
            }
        }
        "random" | "normal" => {
            let (sv, ssp) = b.req(0);
            let shape = to_shape(sv, ssp)?;
            let (ci, si) = if name == "random" { (1, 2) } else { (3, 4) };
            let seed = match b.get(si) {
                Some((v, sp)) => to_int(v, sp)? as u64,
                None => it.fresh_seed(),
            };
            let chunks = to_chunks(it, b.get(ci), &shape, DType::F64)?;
            let node = Node::new(
                Op::Random {
                    seed,
                    normal: name == "normal",
                },
                vec![],
                Meta {
                    shape,
                    dtype: DType::F64,
                    chunks,
                },
                span.clone(),
            );
            if name == "normal" {
                let loc = b
                    .get(1)
                    .map(|(v, sp)| to_f64(v, sp))
                    .transpose()?
                    .unwrap_or(0.0);
                let scale = b
                    .get(2)
                    .map(|(v, sp)| to_f64(v, sp))
                    .transpose()?
                    .unwrap_or(1.0);
                if loc != 0.0 || scale != 1.0 {
                    let scaled = build::binary(
                        BinaryOp::Mul,
                        (Operand::Array(node), span.clone()),
                        (Operand::Scalar(Scalar::Float(scale)), span.clone()),
                        span.clone(),
                    )?;
                    let shifted = build::binary(
                        BinaryOp::Add,
                        (Operand::Array(scaled), span.clone()),
                        (Operand::Scalar(Scalar::Float(loc)), span.clone()),
                        span.clone(),
                    )?;
                    return Ok(Value::Array(shifted));
                }
            }
            Value::Array(node)
        }
        "load" => {
            let (pv, psp) = b.req(0);
            let path = PathBuf::from(to_str(pv, psp)?);
            // A file this entry saves but has not written yet: use the array being saved.
            let wanted = b.get(1).and_then(|(v, _)| match v {
                Value::Str(s) => Some(s.trim_matches('/').to_string()),
                _ => None,
            });
            let pending = it.outputs.iter().rev().find_map(|o| match o {
                Output::SaveNpy(p, a, _) if *p == path => Some(a.clone()),
                Output::SaveZarr(p, v, a, _)
                    if *p == super::zarr_save::store_path(&path.to_string_lossy())
                        && wanted.as_deref() == Some(v.name.as_str()) =>
                {
                    Some(a.clone())
                }
                _ => None,
            });
            if let Some(a) = pending {
                let chunks = to_chunks(it, b.get(2), a.shape(), a.dtype())?;
                return Ok(Value::Array(build::rechunk(&a, chunks, span)));
            }
            let var = match b.get(1) {
                Some((v, sp)) => Some(to_str(v, sp)?.to_string()),
                None => None,
            };
            let pattern = to_str(pv, psp)?;
            let src = super::files::open(pattern, var.as_deref(), &span)?;
            let chunks = match (b.get(2), super::files::default_chunks(&src)) {
                (None, Some(c)) if it.opts.default_chunk.is_none() => c,
                (c, _) => to_chunks(it, c, src.shape(), src.dtype())?,
            };
            Value::Array(super::files::node(src, chunks, span))
        }
        "vars" => {
            let (pv, psp) = b.req(0);
            let table = super::files::vars(to_str(pv, psp)?, &span)?;
            it.outputs
                .push(Output::Print(vec![Value::Str(table)], span));
            Value::None
        }
        "save" => {
            let (pv, psp) = b.req(0);
            let path = to_str(pv, psp)?;
            if super::zarr_save::is_zarr_name(path) {
                if let Some((_, ksp)) = b.get(6) {
                    return Err(Diagnostic::new(
                        codes::ARGUMENT,
                        "`split=` is for netCDF files: a Zarr store is already split into chunks",
                    )
                    .label(ksp.clone(), "not for .zarr"));
                }
                let compress = !matches!(b.get(5), Some((Value::Bool(false), _)));
                let out = save_nc(it, &b, super::zarr_save::store_path(path), None, span)?;
                let out = super::zarr_save::to_zarr(it, out, compress, psp)?;
                it.outputs.push(out);
                return Ok(Value::None);
            }
            if is_netcdf4_name(path) {
                if let Some((kv, ksp)) = b.get(6) {
                    return save_split(it, &b, path, (kv, ksp), span);
                }
                let path = PathBuf::from(path);
                let out = save_nc(it, &b, path, None, span)?;
                it.outputs.push(out);
                return Ok(Value::None);
            }
            if !path.ends_with(".npy") {
                return Err(Diagnostic::new(
                    codes::IO,
                    format!(
                        "cannot save `{path}`: only `.npy`, `.nc`, `.h5` and `.zarr` are supported"
                    ),
                )
                .label(psp.clone(), "use a .npy, .nc, .h5 or .zarr name"));
            }
            if let Some((_, sp)) = (2..7).find_map(|i| b.get(i)) {
                return Err(Diagnostic::new(
                    codes::ARGUMENT,
                    "a `.npy` file holds one array: save(path, x)",
                )
                .label(sp.clone(), "only for .nc and .h5 files"));
            }
            let a = arr(it, 1)?;
            it.outputs
                .push(Output::SaveNpy(PathBuf::from(path), a, span));
            Value::None
        }
        "imshow" | "plot" => {
            let (xv, xsp) = b.req(0);
            let a = to_array(it, xv, xsp)?;
            let spec = picture_spec(it, name, &b, &a)?;
            it.outputs.push(Output::Picture(a, spec, span));
            Value::None
        }
        "print" => {
            it.outputs.push(Output::Print(
                b.vals.iter().flatten().map(|v| v.0.clone()).collect(),
                span,
            ));
            Value::None
        }
        "where" => {
            let ops: Vec<(Operand, Span)> = (0..3)
                .map(|i| to_operand(it, &b.req(i).0, &b.req(i).1).map(|o| (o, b.req(i).1.clone())))
                .collect::<Result<_>>()?;
            let mut ops = ops.into_iter();
            let (c, x, y) = (
                ops.next().expect("3"),
                ops.next().expect("3"),
                ops.next().expect("3"),
            );
            Value::Array(build::where_(c, x, y, span)?)
        }
        "maximum" | "minimum" => {
            let op = if name == "maximum" {
                BinaryOp::Maximum
            } else {
                BinaryOp::Minimum
            };
            let x = to_operand(it, &b.req(0).0, &b.req(0).1)?;
            let y = to_operand(it, &b.req(1).0, &b.req(1).1)?;
            Value::Array(build::binary(
                op,
                (x, b.req(0).1.clone()),
                (y, b.req(1).1.clone()),
                span,
            )?)
        }
        "clip" => {
            let x = to_operand(it, &b.req(0).0, &b.req(0).1)?;
            let mut cur = match x {
                Operand::Array(a) => a,
                Operand::Scalar(s) => to_array(it, &Value::from_scalar(s), &b.req(0).1)?,
            };
            if let Some((v, sp)) = b.get(1) {
                let lo = to_operand(it, v, sp)?;
                cur = build::binary(
                    BinaryOp::Maximum,
                    (Operand::Array(cur), b.req(0).1.clone()),
                    (lo, sp.clone()),
                    span.clone(),
                )?;
            }
            if let Some((v, sp)) = b.get(2) {
                let hi = to_operand(it, v, sp)?;
                cur = build::binary(
                    BinaryOp::Minimum,
                    (Operand::Array(cur), b.req(0).1.clone()),
                    (hi, sp.clone()),
                    span.clone(),
                )?;
            }
            Value::Array(cur)
        }
        "astype" => {
            let x = arr(it, 0)?;
            let dt = to_dtype(&b.req(1).0, &b.req(1).1)?;
            Value::Array(build::astype(&x, dt, span)?)
        }
        "sum" | "prod" | "mean" | "std" | "var" | "min" | "max" | "any" | "all" | "argmin"
        | "argmax" | "nansum" | "nanmean" | "nanmin" | "nanmax" => {
            if let Value::Masked(m) = &b.req(0).0 {
                return masked_reduction(m, name, &b, span);
            }
            let x = arr(it, 0)?;
            let keepdims = match b.get(2) {
                Some((v, sp)) => to_bool(v, sp)?,
                None => false,
            };
            let ddof = if matches!(name, "std" | "var") {
                b.get(3)
                    .map(|(v, sp)| to_f64(v, sp))
                    .transpose()?
                    .unwrap_or(0.0)
            } else {
                0.0
            };
            let axes = match b.get(1) {
                Some((v, sp)) if super::dims::has_names(v) => {
                    Some(super::dims::named_axes(&x, v, sp)?)
                }
                _ => to_axes(&b, 1, x.ndim())?,
            };
            let op = reduce_op(name, ddof).expect("listed reductions");
            if name.starts_with("nan") && !x.dtype().is_float() {
                // NaN cannot occur in integers: the plain reduction is the same.
                let plain = reduce_op(&name[3..], ddof).expect("plain variant");
                return Ok(Value::Array(build::reduce(
                    &x, plain, axes, keepdims, span,
                )?));
            }
            Value::Array(build::reduce(&x, op, axes, keepdims, span)?)
        }
        "transpose" => {
            let x = arr(it, 0)?;
            let perm = match b.get(1) {
                Some((v, sp)) => Some(
                    to_ints(v, sp)?
                        .into_iter()
                        .map(|a| (a, sp.clone()))
                        .collect(),
                ),
                None => None,
            };
            Value::Array(build::transpose(&x, perm, span)?)
        }
        "reshape" => {
            let x = arr(it, 0)?;
            let shape = to_ints(&b.req(1).0, &b.req(1).1)?;
            Value::Array(build::reshape(&x, &shape, span)?)
        }
        "squeeze" => {
            let x = arr(it, 0)?;
            let axes = to_axes(&b, 1, x.ndim())?;
            Value::Array(build::squeeze(&x, axes, span)?)
        }
        "expand_dims" => {
            let x = arr(it, 0)?;
            let ax = to_int(&b.req(1).0, &b.req(1).1)?;
            Value::Array(build::expand_dims(&x, (ax, b.req(1).1.clone()), span)?)
        }
        "concatenate" | "stack" => {
            let (lv, lsp) = b.req(0);
            let items = match lv {
                Value::List(items) | Value::Tuple(items) => items.clone(),
                other => return Err(type_err("a list of arrays", other, lsp)),
            };
            let ax = match b.get(1) {
                Some((v, sp)) => (to_int(v, sp)?, sp.clone()),
                None => (0, lsp.clone()),
            };
            let mut xs = Vec::new();
            for v in &items {
                let a = to_array(it, v, lsp)?;
                xs.push(if name == "stack" {
                    (
                        build::expand_dims(&a, ax.clone(), lsp.clone())?,
                        lsp.clone(),
                    )
                } else {
                    (a, lsp.clone())
                });
            }
            Value::Array(build::concatenate(&xs, ax, span)?)
        }
        "rechunk" => {
            let x = arr(it, 0)?;
            let chunks = to_chunks(it, Some(b.req(1)), x.shape(), x.dtype())?;
            Value::Array(build::rechunk(&x, chunks, span))
        }
        "broadcast_to" => {
            let x = arr(it, 0)?;
            let shape = to_shape(&b.req(1).0, &b.req(1).1)?;
            Value::Array(build::broadcast_to(&x, &shape, span)?)
        }
        n if super::linalg::BUILTINS.iter().any(|l| l.0 == n) => {
            return super::linalg::call(it, n, &b.vals, span);
        }
        "matmul" => {
            let x = arr(it, 0)?;
            let y = arr(it, 1)?;
            Value::Array(super::linalg::matmul(
                &x,
                &y,
                (b.req(0).1.clone(), b.req(1).1.clone()),
                span,
            )?)
        }
        "dot" => {
            let x = arr(it, 0)?;
            let y = arr(it, 1)?;
            Value::Array(build::dot(
                &x,
                &y,
                (b.req(0).1.clone(), b.req(1).1.clone()),
                span,
            )?)
        }
        "tensordot" => {
            let x = arr(it, 0)?;
            let y = arr(it, 1)?;
            let (axes_a, axes_b) = match b.get(2) {
                None | Some((Value::Int(_), _)) => {
                    let n = match b.get(2) {
                        Some((Value::Int(n), _)) => *n as usize,
                        _ => 2,
                    };
                    if n > x.ndim() || n > y.ndim() {
                        return Err(Diagnostic::new(
                            codes::AXIS,
                            format!("cannot contract {n} axes"),
                        )
                        .label(b.span_of(2), "too many axes"));
                    }
                    (
                        (x.ndim() - n..x.ndim()).collect::<Vec<_>>(),
                        (0..n).collect::<Vec<_>>(),
                    )
                }
                Some((Value::Tuple(p) | Value::List(p), sp)) if p.len() == 2 => {
                    let sa: Vec<(i64, Span)> = to_ints(&p[0], sp)?
                        .into_iter()
                        .map(|a| (a, sp.clone()))
                        .collect();
                    let sb: Vec<(i64, Span)> = to_ints(&p[1], sp)?
                        .into_iter()
                        .map(|a| (a, sp.clone()))
                        .collect();
                    if sa.len() != sb.len() {
                        return Err(Diagnostic::new(
                            codes::AXIS,
                            "tensordot needs as many axes for each operand",
                        )
                        .label(sp.clone(), "here"));
                    }
                    let norm = |ax: &[(i64, Span)], nd: usize| -> Result<Vec<usize>> {
                        ax.iter()
                            .map(|a| {
                                build::normalize_axes(std::slice::from_ref(a), nd).map(|v| v[0])
                            })
                            .collect()
                    };
                    (norm(&sa, x.ndim())?, norm(&sb, y.ndim())?)
                }
                Some((v, sp)) => return Err(type_err("an int or a pair of axis lists", v, sp)),
            };
            Value::Array(build::tensordot(
                &x,
                &y,
                axes_a,
                axes_b,
                (b.req(0).1.clone(), b.req(1).1.clone()),
                span,
            )?)
        }
        "shape" => {
            let x = arr(it, 0)?;
            Value::Tuple(x.shape().iter().map(|&d| Value::Int(d as i64)).collect())
        }
        "len" => match &b.req(0).0 {
            Value::Tuple(t) | Value::List(t) => Value::Int(t.len() as i64),
            Value::Str(s) => Value::Int(s.chars().count() as i64),
            Value::Array(a) if a.ndim() > 0 => Value::Int(a.shape()[0] as i64),
            other => return Err(type_err("a sized value", other, &b.req(0).1)),
        },
        "int" => match b.req(0).0.scalar() {
            Some(s) => Value::Int(s.as_i64()),
            None => {
                return Err(type_err(
                    "a number (arrays are lazy: reduce them first)",
                    &b.req(0).0,
                    &b.req(0).1,
                ))
            }
        },
        "float" => match b.req(0).0.scalar() {
            Some(s) => Value::Float(s.as_f64()),
            None => {
                return Err(type_err(
                    "a number (arrays are lazy: reduce them first)",
                    &b.req(0).0,
                    &b.req(0).1,
                ))
            }
        },
        "tuple" => match &b.req(0).0 {
            Value::Tuple(t) | Value::List(t) => Value::Tuple(t.clone()),
            other => return Err(type_err("a tuple or list", other, &b.req(0).1)),
        },
        other => {
            return Err(Diagnostic::new(
                codes::INTERNAL,
                format!("builtin `{other}` has no implementation"),
            )
            .label(span, "here"))
        }
    })
}

/// Help for a builtin: (signature, description).
pub fn help(name: &str) -> Option<(String, String)> {
    if let Some(b) = BUILTINS
        .iter()
        .chain(super::linalg::BUILTINS)
        .find(|b| b.0 == name)
    {
        return Some((b.1.to_string(), b.2.to_string()));
    }
    UNARY
        .iter()
        .find(|u| u.0 == name)
        .map(|u| (format!("{}(x)", u.0), format!("elementwise {}", u.0)))
}

/// Names `save` writes as netCDF-4 (HDF5) files.
fn is_netcdf4_name(path: &str) -> bool {
    [".nc", ".nc4", ".h5", ".hdf5"]
        .iter()
        .any(|e| path.ends_with(e))
}

/// `save("f.nc", "name", x, dims=..., attrs=..., compress=...)`: checks the arguments, the
/// path and the agreement with earlier saves into the same file, before anything runs.
/// `save("data/day-{}.nc", "t2m", x, split=4)`: one file per 4 steps of axis 0, numbered
/// from 1 with zeros to a common width, the inverse of `load` of a glob.
fn save_split(
    it: &mut Interp,
    b: &Bound,
    path: &str,
    k: (&Value, &Span),
    span: Span,
) -> Result<Value> {
    let every = to_int(k.0, k.1)?;
    if every < 1 {
        return Err(
            Diagnostic::new(codes::ARGUMENT, "`split=` takes a positive number of steps")
                .label(k.1.clone(), "here"),
        );
    }
    if !path.contains("{}") {
        return Err(Diagnostic::new(
            codes::ARGUMENT,
            "a split save needs `{}` in the path, where each file's number goes",
        )
        .label(b.span_of(0), "e.g. \"data/day-{}.nc\""));
    }
    let Some((xv, xsp)) = b.get(2) else {
        return Err(
            Diagnostic::new(codes::ARGUMENT, "missing the array to save")
                .label(span, "save(path, name, x, split=k)"),
        );
    };
    let x = to_array(it, xv, xsp)?;
    if x.ndim() == 0 {
        return Err(Diagnostic::new(codes::SHAPE, "a 0-d array cannot be split")
            .label(xsp.clone(), "this has no axis 0"));
    }
    let n = x.shape()[0];
    let every = every as usize;
    let files = n.div_ceil(every);
    let width = files.to_string().len().max(3);
    for f in 0..files {
        let (lo, hi) = (f * every, ((f + 1) * every).min(n));
        let part = build::getitem(
            &x,
            vec![build::IndexItem::Slice(
                Some(lo as i64),
                Some(hi as i64),
                None,
                span.clone(),
            )],
            span.clone(),
        )?;
        let p = PathBuf::from(path.replace("{}", &format!("{:0width$}", f + 1)));
        let out = save_nc(it, b, p, Some(part), span.clone())?;
        it.outputs.push(out);
    }
    Ok(Value::None)
}

fn save_nc(
    it: &mut Interp,
    b: &Bound,
    path: PathBuf,
    part: Option<Arr>,
    span: Span,
) -> Result<Output> {
    use crate::io::netcdf3::AttrValue;
    use crate::io::netcdf4::{check_vars, check_writable, Nc4Var};
    let (nv, nsp) = b.req(1);
    let name = match nv {
        Value::Str(s) => s.clone(),
        _ => {
            return Err(type_err("a variable name", nv, nsp)
                .note("a netCDF file names its variables: save(\"f.nc\", \"t2m\", x)"))
        }
    };
    let a = match part {
        Some(a) => a,
        None => {
            let Some((xv, xsp)) = b.get(2) else {
                return Err(
                    Diagnostic::new(codes::ARGUMENT, "missing the array to save")
                        .label(span, "save(path, name, x)"),
                );
            };
            to_array(it, xv, xsp)?
        }
    };
    let dims = match b.get(3) {
        // The array's own dimension names (from the files it was read from), if known.
        None => super::dims::dims(&a),
        Some((v, sp)) => {
            let names: Vec<String> = match v {
                Value::Tuple(items) | Value::List(items) => items
                    .iter()
                    .map(|i| to_str(i, sp).map(str::to_string))
                    .collect::<Result<_>>()?,
                Value::Str(s) => vec![s.clone()],
                _ => return Err(type_err("a tuple of dimension names", v, sp)),
            };
            if names.len() != a.shape().len() {
                return Err(Diagnostic::new(
                    codes::ARGUMENT,
                    format!(
                        "{} dimension names for an array of {} dimensions",
                        names.len(),
                        a.shape().len()
                    ),
                )
                .label(sp.clone(), "one name per axis"));
            }
            Some(names)
        }
    };
    let mut attrs = Vec::new();
    if let Some((v, sp)) = b.get(4) {
        let bad = || {
            Diagnostic::new(codes::TYPE, "`attrs=` takes (name, value) pairs")
                .label(sp.clone(), "here")
                .note("e.g. attrs=((\"units\", \"K\"), (\"scale\", 0.5))")
        };
        let items = match v {
            Value::Tuple(items) | Value::List(items) => items.clone(),
            _ => return Err(bad()),
        };
        // A single pair may be written without the outer tuple.
        let pairs = match items.as_slice() {
            [Value::Str(_), x] if !matches!(x, Value::Tuple(_) | Value::List(_)) => vec![v.clone()],
            _ => items,
        };
        for p in pairs {
            let (Value::Tuple(kv) | Value::List(kv)) = &p else {
                return Err(bad());
            };
            let [Value::Str(k), val] = kv.as_slice() else {
                return Err(bad());
            };
            let value = match val {
                Value::Str(s) => AttrValue::Text(s.clone()),
                Value::Int(i) => AttrValue::Ints(vec![*i]),
                Value::Bool(x) => AttrValue::Ints(vec![*x as i64]),
                Value::Float(f) => AttrValue::Floats(vec![*f]),
                Value::Tuple(xs) | Value::List(xs) => {
                    if xs.iter().all(|x| matches!(x, Value::Int(_))) {
                        AttrValue::Ints(xs.iter().map(|x| to_int(x, sp)).collect::<Result<_>>()?)
                    } else {
                        AttrValue::Floats(xs.iter().map(|x| to_f64(x, sp)).collect::<Result<_>>()?)
                    }
                }
                _ => return Err(bad()),
            };
            attrs.push((k.clone(), value));
        }
    }
    let compress = match b.get(5) {
        Some((v, sp)) => to_bool(v, sp)?,
        None => false,
    };
    let var = Nc4Var {
        name,
        shape: a.shape().to_vec(),
        dtype: a.dtype(),
        dims,
        attrs,
        compress_chunks: compress.then(|| {
            a.meta
                .chunks
                .iter()
                .map(|c| c.first().copied().unwrap_or(1))
                .collect()
        }),
    };
    let mut same_file: Vec<Nc4Var> = it
        .outputs
        .iter()
        .filter_map(|o| match o {
            Output::SaveNc(p, v, _, _) if *p == path => Some(v.clone()),
            _ => None,
        })
        .collect();
    let (_, psp) = b.req(0);
    same_file.push(var.clone());
    // A Zarr store (a directory of arrays, in groups) is checked by the zarr save itself.
    let zarr = super::zarr_save::is_zarr_name(&path.to_string_lossy());
    (if zarr {
        Ok(Vec::new())
    } else {
        check_vars(&same_file)
    })
    .map_err(|m| {
        Diagnostic::new(
            codes::IO,
            format!("cannot save into `{}`: {m}", path.display()),
        )
        .label(span.clone(), "this save")
    })?;
    (if zarr { Ok(()) } else { check_writable(&path) }).map_err(|m| {
        Diagnostic::new(codes::IO, format!("cannot write `{}`: {m}", path.display()))
            .label(psp.clone(), "this path")
    })?;
    Ok(Output::SaveNc(path, var, a, span))
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
    })
}
