//! Call arguments -> typed values: binding to a signature, and the conversions every
//! family uses (ints, shapes, dtypes, axes, chunks, arrays).

use crate::diagnostic::{codes, Diagnostic};
use crate::dtype::DType;
use crate::expr::build::{self, Operand};
use crate::expr::interp::{CallArgs, Interp, Result};
use crate::expr::node::{Arr, Chunks, Meta, Node, Op};
use crate::expr::value::Value;
use crate::kernels::{Block, Scalar};
use crate::source::Span;
use ndarray::{ArrayD, IxDyn};
use std::sync::Arc;

/// Bound arguments of a builtin call, by parameter position.
pub struct Bound {
    pub vals: Vec<Option<(Value, Span)>>,
    pub span: Span,
    /// For `f(*xs, key=default)` signatures: the keyword arguments given.
    pub named: Vec<(String, (Value, Span))>,
}

impl Bound {
    /// Argument `i`, unless omitted or `None`.
    pub fn get(&self, i: usize) -> Option<&(Value, Span)> {
        self.vals
            .get(i)
            .and_then(|v| v.as_ref())
            .filter(|(v, _)| !matches!(v, Value::None))
    }
    pub fn req(&self, i: usize) -> &(Value, Span) {
        self.vals[i]
            .as_ref()
            .expect("required parameters are checked by bind")
    }
    pub fn span_of(&self, i: usize) -> Span {
        self.vals[i]
            .as_ref()
            .map(|v| v.1.clone())
            .unwrap_or(self.span.clone())
    }
    /// The keyword argument `key` of a `f(*xs, key=...)` call, if given.
    pub fn named(&self, key: &str) -> Option<&(Value, Span)> {
        self.named.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }
    /// Argument `i` (required) as an array.
    pub fn arr(&self, it: &mut Interp, i: usize) -> Result<Arr> {
        let (v, sp) = self.req(i);
        to_array(it, v, sp)
    }
    /// Argument `i` (required) as an elementwise operand with its span.
    pub fn operand(&self, it: &mut Interp, i: usize) -> Result<(Operand, Span)> {
        let (v, sp) = self.req(i);
        Ok((to_operand(it, v, sp)?, sp.clone()))
    }
    /// Argument `i` as an int, or `default` when omitted.
    pub fn int_or(&self, i: usize, default: i64) -> Result<i64> {
        self.get(i).map_or(Ok(default), |(v, sp)| to_int(v, sp))
    }
    /// Argument `i` as a number, or `default` when omitted.
    pub fn f64_or(&self, i: usize, default: f64) -> Result<f64> {
        self.get(i).map_or(Ok(default), |(v, sp)| to_f64(v, sp))
    }
    /// Argument `i` as True/False, or `default` when omitted.
    pub fn bool_or(&self, i: usize, default: bool) -> Result<bool> {
        self.get(i).map_or(Ok(default), |(v, sp)| to_bool(v, sp))
    }
    /// Argument `i` as a dtype, if given.
    pub fn dtype(&self, i: usize) -> Result<Option<DType>> {
        self.get(i).map(|(v, sp)| to_dtype(v, sp)).transpose()
    }
}

/// Matches call arguments to a signature like `sum(x, axis=None, keepdims=False)`.
pub fn bind(sig: &str, args: CallArgs) -> Result<Bound> {
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
        // `f(*xs, key=default)`: every positional, then only the listed keywords.
        let mut named = Vec::new();
        for (k, v, sp) in args.kw {
            if !params[1..].iter().any(|p| p.0 == k) {
                let names: Vec<String> = params[1..].iter().map(|p| p.0.to_string()).collect();
                let mut d = err(
                    format!("`{name}` got an unexpected keyword argument `{k}`"),
                    sp.clone(),
                );
                if let Some(s) = crate::suggest::suggest(&k, names.iter()) {
                    d = d.note(format!("did you mean `{s}`?"));
                }
                return Err(d);
            }
            named.push((k, (v, sp)));
        }
        return Ok(Bound {
            vals: args.pos.into_iter().map(Some).collect(),
            span: args.span,
            named,
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
                d = match crate::suggest::suggest(&k, names.iter()) {
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
        named: Vec::new(),
    })
}

pub fn type_err(expected: &str, v: &Value, span: &Span) -> Diagnostic {
    if let Value::Masked(m) = v {
        return crate::expr::mask::needs_shape(m, "this", span.clone());
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

pub fn to_f64(v: &Value, span: &Span) -> Result<f64> {
    match v.scalar() {
        Some(s) => Ok(s.as_f64()),
        None => Err(type_err("a number", v, span)),
    }
}

pub fn to_bool(v: &Value, span: &Span) -> Result<bool> {
    match v {
        Value::Bool(b) => Ok(*b),
        Value::Int(i) => Ok(*i != 0),
        _ => Err(type_err("True or False", v, span)),
    }
}

pub fn to_str<'a>(v: &'a Value, span: &Span) -> Result<&'a str> {
    match v {
        Value::Str(s) => Ok(s),
        _ => Err(type_err("a string", v, span)),
    }
}

/// An int or a tuple/list of ints.
pub fn to_ints(v: &Value, span: &Span) -> Result<Vec<i64>> {
    match v {
        Value::Tuple(items) | Value::List(items) => items.iter().map(|i| to_int(i, span)).collect(),
        _ => Ok(vec![to_int(v, span)?]),
    }
}

pub fn to_shape(v: &Value, span: &Span) -> Result<Vec<usize>> {
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

pub fn to_dtype(v: &Value, span: &Span) -> Result<DType> {
    match v {
        Value::DType(d) => Ok(*d),
        Value::Str(s) => DType::parse(s).ok_or_else(|| {
            Diagnostic::new(codes::DTYPE, format!("unknown dtype `{s}`"))
                .label(span.clone(), "use bool, int8, int16, int32, int64, uint8, uint16, uint32, uint64, float32, float64, complex64 or complex128")
        }),
        Value::Builtin("float") => Ok(DType::F64),
        Value::Builtin("int") => Ok(DType::I64),
        Value::Builtin("complex") => Ok(DType::C128),
        _ => Err(type_err("a dtype", v, span)),
    }
}

/// `axis=`: None, an int or a tuple of ints, normalised.
pub fn to_axes(b: &Bound, i: usize, ndim: usize) -> Result<Option<Vec<usize>>> {
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
/// Every table is checked against the size limits before it is built (`expr::limits`).
pub fn to_chunks(
    it: &Interp,
    v: Option<&(Value, Span)>,
    shape: &[usize],
    dtype: DType,
) -> Result<Chunks> {
    let chunks = to_chunks_unchecked(it, v, shape, dtype)?;
    crate::expr::limits::check_chunks_fit(&chunks, dtype).map_err(|d| match v {
        Some((_, sp)) => d.label(sp.clone(), "these chunks"),
        None => d,
    })?;
    Ok(chunks)
}

fn to_chunks_unchecked(
    it: &Interp,
    v: Option<&(Value, Span)>,
    shape: &[usize],
    dtype: DType,
) -> Result<Chunks> {
    let Some((v, span)) = v else {
        return it.default_chunks(shape, dtype.size());
    };
    crate::expr::limits::check_shape(shape)?;
    let bad = |msg: String| {
        Diagnostic::new(codes::SHAPE, msg).label(
            span.clone(),
            format!("for an array of shape {}", build::shape_str(shape)),
        )
    };
    match v {
        Value::Str(s) if s == "auto" => Ok(crate::expr::chunks::auto(shape, dtype.size())),
        Value::Int(c) => {
            if *c <= 0 && *c != -1 {
                return Err(bad(format!("chunk size must be positive, got `{c}`")));
            }
            let sizes: Vec<usize> = shape
                .iter()
                .map(|&s| if *c == -1 { s } else { *c as usize })
                .collect();
            crate::expr::limits::check_grid(shape, &sizes, dtype.size())?;
            Ok(shape
                .iter()
                .map(|&s| crate::expr::chunks::regular(s, if *c == -1 { s } else { *c as usize }))
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
            let sizes: Vec<usize> = items
                .iter()
                .zip(shape)
                .map(|(c, &s)| match c {
                    Value::Int(c) if *c > 0 => *c as usize,
                    Value::Tuple(cs) | Value::List(cs) => s / cs.len().max(1),
                    _ => s,
                })
                .collect();
            crate::expr::limits::check_grid(shape, &sizes, dtype.size())?;
            let mut out = Vec::new();
            for (it, &s) in items.iter().zip(shape) {
                match it {
                    Value::Int(c) if *c == -1 => out.push(crate::expr::chunks::regular(s, s)),
                    Value::None => out.push(crate::expr::chunks::regular(s, s)),
                    Value::Int(c) if *c > 0 => {
                        out.push(crate::expr::chunks::regular(s, *c as usize))
                    }
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

pub fn display_short(v: &Value) -> String {
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
pub fn literal(
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
        d if d.is_complex() => {
            let z = flat.iter().map(|s| {
                let (re, im) = s.as_complex();
                crate::kernels::complex::C128::new(re, im)
            });
            Block::C128(ArrayD::from_shape_vec(sh, z.collect()).expect("shape")).cast(dt)
        }
        d if d.is_int() => Block::I64(
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
