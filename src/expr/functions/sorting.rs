//! Sorting and search: arrays -> sorted lanes (`sort argsort`), lookups in small whole tables
//! (`searchsorted digitize isin interp`), bin counts (`histogram bincount`) and `unique`.
//!
//! A sort reads its axis as one chunk (the other axes shrink to keep blocks their size, as
//! order statistics do); a lookup reads each block of its input once and the whole table with
//! it; counts are per chunk, summed in a tree; `unique` is a boolean-mask selection of the
//! sorted values (its length depends on the data).

use super::args::{to_bool, to_f64, to_int, to_str, type_err};
use super::{Bound, Function, Imp};
use crate::diagnostic::{codes, Diagnostic};
use crate::dtype::DType;
use crate::expr::build::{self, IndexItem, Operand};
use crate::expr::fancy;
use crate::expr::interp::{Interp, Result};
use crate::expr::mask::Masked;
use crate::expr::node::{Arr, Meta, Node, Op};
use crate::expr::value::Value;
use crate::kernels::elementwise::{BinaryOp, UnaryOp};
use crate::kernels::scan::ScanOp;
use crate::kernels::sorting::{CountOp, LookupOp};
use crate::kernels::{Block, Scalar};
use crate::source::Span;
use std::rc::Rc;

/// This family's builtins.
pub const FUNCTIONS: &[Function] = &[
    Function::new(
        "sort",
        "sort(x, axis=-1, kind=None)",
        "sorted copy along an axis (of the flattened array with axis=None); NaN last",
        "sort(array([[3, 1, 2], [9, 7, 8]]))",
        Imp::Fn(sort),
    ),
    Function::new(
        "argsort",
        "argsort(x, axis=-1, kind=None)",
        "the positions that sort each lane (stable: ties keep their order)",
        "argsort(array([3., 1., nan, 2.]))",
        Imp::Fn(sort),
    )
    .method(),
    Function::new(
        "searchsorted",
        "searchsorted(a, v, side='left')",
        "where each value of v goes in the sorted 1-D array a (side='right': after equals)",
        "searchsorted(array([1, 2, 2, 5]), array([2, 3, 9]))",
        Imp::Fn(lookup),
    )
    .method(),
    Function::new(
        "digitize",
        "digitize(x, bins, right=False)",
        "the bin of each value (bins monotonic; 0 below the first edge, len(bins) above)",
        "digitize(array([0.5, 1., 2.5, 7.]), array([1., 2., 5.]))",
        Imp::Fn(lookup),
    ),
    Function::new(
        "isin",
        "isin(element, test_elements, invert=False)",
        "whether each element is one of test_elements (NaN never is)",
        "isin(arange(6), [1, 4, 7])",
        Imp::Fn(lookup),
    ),
    Function::new(
        "interp",
        "interp(x, xp, fp, left=None, right=None)",
        "piecewise-linear interpolation of the points (xp, fp), xp increasing",
        "interp(array([0.5, 2.5, 9.]), array([0., 1., 3.]), array([0., 10., 0.]))",
        Imp::Fn(lookup),
    ),
    Function::new(
        "histogram",
        "histogram(a, bins=10, range=None, weights=None, density=False)",
        "(counts, edges) of the flattened array: `bins` equal bins over range (default: min to max) or the given edges",
        "histogram(array([1., 2., 2., 3., 9.]), 4)",
        Imp::Fn(histogram),
    ),
    Function::new(
        "bincount",
        "bincount(x, weights=None, minlength=0)",
        "occurrences of each value 0, 1, ... of a non-negative 1-D integer array",
        "bincount(array([0, 1, 1, 3]))",
        Imp::Fn(bincount),
    ),
    Function::new(
        "unique",
        "unique(x, return_index=False, return_inverse=False, return_counts=False)",
        "the sorted distinct values of the flattened array (one NaN); its length depends on the data; with return_*: a tuple as numpy's (first indices, x's positions in it, counts)",
        "unique(array([3, 1, 3, 2, 1]))",
        Imp::Fn(unique),
    ),
];

fn arg_err(msg: impl Into<String>, span: &Span, label: &str) -> Diagnostic {
    Diagnostic::new(codes::ARGUMENT, msg).label(span.clone(), label.to_string())
}

/// `x` whole, in one block (a lookup table).
fn whole(x: &Arr) -> Arr {
    let ch = x.shape().iter().map(|&n| vec![n]).collect();
    build::rechunk_to(x, ch)
}

/// A 1-D array in one chunk.
fn flat_whole(x: &Arr, span: &Span) -> Result<Arr> {
    let f = if x.ndim() == 1 {
        x.clone()
    } else {
        build::reshape(x, &[-1], span.clone())?
    };
    Ok(whole(&f))
}

/// Sorted along `axis` (or the positions that sort it).
pub fn sort_along(x: &Arr, axis: usize, arg: bool, span: &Span) -> Arr {
    let input = super::order::one_chunk_along(x, axis);
    let meta = Meta {
        dtype: if arg { DType::I64 } else { x.dtype() },
        ..input.meta.clone()
    };
    Node::new(Op::Sort { axis, arg }, vec![input], meta, span.clone())
}

fn sort(it: &mut Interp, name: &'static str, b: Bound) -> Result<Value> {
    let span = b.span.clone();
    let mut x = b.arr(it, 0)?;
    if let Some((v, sp)) = b.get(2) {
        let k = to_str(v, sp)?;
        if !matches!(k, "quicksort" | "mergesort" | "heapsort" | "stable") {
            return Err(arg_err(
                format!("sort kind must be one of 'quick', 'heap', or 'stable' (got {k:?})"),
                sp,
                "unknown kind",
            ));
        }
    }
    let axis = match &b.vals[1] {
        // axis=None: the flattened array.
        Some((Value::None, _)) => {
            x = build::reshape(&x, &[-1], span.clone())?;
            0
        }
        Some((v, sp)) => {
            let ax = to_int(v, sp)?;
            if x.ndim() == 0 {
                return Err(Diagnostic::new(
                    codes::AXIS,
                    format!("axis {ax} is out of bounds for array of dimension 0"),
                )
                .label(sp.clone(), "this axis"));
            }
            build::normalize_axes(&[(ax, sp.clone())], x.ndim())?[0]
        }
        None => {
            if x.ndim() == 0 {
                return Err(Diagnostic::new(
                    codes::AXIS,
                    "axis -1 is out of bounds for array of dimension 0",
                )
                .label(b.span_of(0), "a 0-d array"));
            }
            x.ndim() - 1
        }
    };
    Ok(Value::Array(sort_along(&x, axis, name == "argsort", &span)))
}

/// A node of `x`'s chunks looking each element up in the whole `tables`.
fn lookup_node(op: LookupOp, x: &Arr, tables: Vec<Arr>, dtype: DType, span: &Span) -> Arr {
    let mut inputs = vec![x.clone()];
    inputs.extend(tables.iter().map(whole));
    let meta = Meta {
        dtype,
        ..x.meta.clone()
    };
    Node::new(Op::Lookup(op), inputs, meta, span.clone())
}

fn one_d(a: &Arr, span: &Span, what: &str) -> Result<()> {
    if a.ndim() != 1 {
        return Err(
            Diagnostic::new(codes::SHAPE, format!("{what} must be 1-dimensional")).label(
                span.clone(),
                format!("this array has shape {}", build::shape_str(a.shape())),
            ),
        );
    }
    Ok(())
}

fn lookup(it: &mut Interp, name: &'static str, b: Bound) -> Result<Value> {
    let span = b.span.clone();
    let r = match name {
        "searchsorted" => {
            let a = b.arr(it, 0)?;
            one_d(&a, &b.span_of(0), "the sorted array")?;
            let v = b.arr(it, 1)?;
            let right = match b.get(2) {
                Some((s, sp)) => match to_str(s, sp)? {
                    "left" => false,
                    "right" => true,
                    o => {
                        return Err(arg_err(
                            format!("side must be 'left' or 'right' (got {o:?})"),
                            sp,
                            "unknown side",
                        ))
                    }
                },
                None => false,
            };
            lookup_node(
                LookupOp::SearchSorted { right },
                &v,
                vec![a],
                DType::I64,
                &span,
            )
        }
        "digitize" => {
            let x = b.arr(it, 0)?;
            let bins = b.arr(it, 1)?;
            one_d(&bins, &b.span_of(1), "bins")?;
            let right = b.bool_or(2, false)?;
            lookup_node(
                LookupOp::Digitize { right },
                &x,
                vec![bins],
                DType::I64,
                &span,
            )
        }
        "isin" => {
            let x = b.arr(it, 0)?;
            let t = b.arr(it, 1)?;
            let invert = b.bool_or(2, false)?;
            let flat = flat_whole(&t, &span)?;
            let sorted = sort_along(&flat, 0, false, &span);
            lookup_node(
                LookupOp::IsIn { invert },
                &x,
                vec![sorted],
                DType::Bool,
                &span,
            )
        }
        _ => {
            let x = b.arr(it, 0)?;
            let xp = b.arr(it, 1)?;
            let fp = b.arr(it, 2)?;
            one_d(&xp, &b.span_of(1), "xp")?;
            one_d(&fp, &b.span_of(2), "fp")?;
            if xp.shape() != fp.shape() {
                return Err(
                    Diagnostic::new(codes::SHAPE, "fp and xp are not of the same length")
                        .label(b.span_of(1), format!("length {}", xp.shape()[0]))
                        .label(b.span_of(2), format!("length {}", fp.shape()[0])),
                );
            }
            if xp.shape()[0] == 0 {
                return Err(arg_err(
                    "array of sample points is empty",
                    &b.span_of(1),
                    "no points",
                ));
            }
            let side = |i: usize| b.get(i).map(|(v, sp)| to_f64(v, sp)).transpose();
            let op = LookupOp::Interp {
                left: side(3)?,
                right: side(4)?,
            };
            lookup_node(op, &x, vec![xp, fp], DType::F64, &span)
        }
    };
    Ok(Value::Array(r))
}

/// A 1-D count node over flattened `x` (and `weights`, rechunked alike).
fn count_node(
    op: CountOp,
    x: &Arr,
    weights: Option<Arr>,
    tables: Vec<Arr>,
    len: usize,
    span: &Span,
) -> Arr {
    let mut inputs = vec![x.clone()];
    let weighted = weights.is_some();
    if let Some(w) = weights {
        inputs.push(build::rechunk_to(&w, x.meta.chunks.clone()));
    }
    inputs.extend(tables.iter().map(whole));
    let meta = Meta {
        shape: vec![len],
        dtype: if weighted { DType::F64 } else { DType::I64 },
        chunks: vec![vec![len]],
    };
    Node::new(Op::Count { op, weighted }, inputs, meta, span.clone())
}

/// Weights of `x`'s shape, flattened like it.
fn weights_of(it: &mut Interp, b: &Bound, i: usize, x: &Arr, span: &Span) -> Result<Option<Arr>> {
    let Some((v, sp)) = b.get(i) else {
        return Ok(None);
    };
    let w = super::args::to_array(it, v, sp)?;
    if w.shape() != x.shape() {
        return Err(
            Diagnostic::new(codes::SHAPE, "weights should have the same shape as a")
                .label(
                    sp.clone(),
                    format!("weights of shape {}", build::shape_str(w.shape())),
                )
                .label(
                    b.span_of(0),
                    format!("an array of shape {}", build::shape_str(x.shape())),
                ),
        );
    }
    Ok(Some(if w.ndim() == 1 {
        w
    } else {
        build::reshape(&w, &[-1], span.clone())?
    }))
}

fn scalar_arr(s: Scalar, dtype: DType, span: &Span) -> Arr {
    Node::new(
        Op::Full(s),
        vec![],
        Meta {
            shape: vec![],
            dtype,
            chunks: vec![],
        },
        span.clone(),
    )
}

fn histogram(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let span = b.span.clone();
    let x0 = b.arr(it, 0)?;
    let weights = weights_of(it, &b, 3, &x0, &span)?;
    let x = if x0.ndim() == 1 {
        x0.clone()
    } else {
        build::reshape(&x0, &[-1], span.clone())?
    };
    let density = b.bool_or(4, false)?;
    let sp = |s: &Span| s.clone();
    let arr = |a: &Arr| (Operand::Array(a.clone()), span.clone());
    let num = |v: f64| (Operand::Scalar(Scalar::Float(v)), span.clone());
    let edge_dt = if x.dtype() == DType::F32 {
        DType::F32
    } else {
        DType::F64
    };
    let (op, edges) = match b.get(1) {
        Some((Value::Array(_) | Value::List(_) | Value::Tuple(_), esp)) => {
            let e = b.arr(it, 1)?;
            one_d(&e, esp, "bins")?;
            if e.shape()[0] < 2 {
                return Err(arg_err(
                    "`bins` must have at least two edges",
                    esp,
                    "too few edges",
                ));
            }
            let op = CountOp::Histogram {
                uniform: false,
                auto: false,
            };
            (op, e)
        }
        other => {
            let nbins = match other {
                Some((v, vsp)) => {
                    let n = to_int(v, vsp)?;
                    if n < 1 {
                        return Err(arg_err(
                            "`bins` must be positive, when an integer",
                            vsp,
                            "not positive",
                        ));
                    }
                    n as usize
                }
                None => 10,
            };
            // The outer edges: `range`, or the data's min and max (computed with it).
            let (lo, hi, auto) = match b.get(2) {
                Some((v, rsp)) => {
                    let pair = match v {
                        Value::Tuple(t) | Value::List(t) if t.len() == 2 => {
                            (to_f64(&t[0], rsp)?, to_f64(&t[1], rsp)?)
                        }
                        other => return Err(type_err("a (min, max) pair", other, rsp)),
                    };
                    if pair.0 > pair.1 {
                        return Err(arg_err(
                            "max must be larger than min in range parameter.",
                            rsp,
                            "min above max",
                        ));
                    }
                    if !(pair.0.is_finite() && pair.1.is_finite()) {
                        return Err(arg_err(
                            format!("supplied range of [{}, {}] is not finite", pair.0, pair.1),
                            rsp,
                            "not finite",
                        ));
                    }
                    let (mut l, mut h) = pair;
                    if l == h {
                        l -= 0.5;
                        h += 0.5;
                    }
                    (
                        scalar_arr(Scalar::Float(l), DType::F64, &span),
                        scalar_arr(Scalar::Float(h), DType::F64, &span),
                        false,
                    )
                }
                None => {
                    if x.meta.size() == 0 {
                        (
                            scalar_arr(Scalar::Float(0.0), DType::F64, &span),
                            scalar_arr(Scalar::Float(1.0), DType::F64, &span),
                            false,
                        )
                    } else {
                        let red = |op| build::reduce(&x, op, None, false, span.clone());
                        use crate::kernels::reduce::ReduceOp;
                        let mn = build::astype(&red(ReduceOp::Min)?, DType::F64, sp(&span))?;
                        let mx = build::astype(&red(ReduceOp::Max)?, DType::F64, sp(&span))?;
                        // numpy widens an empty range by a half either side.
                        let same = build::binary(BinaryOp::Eq, arr(&mn), arr(&mx), sp(&span))?;
                        let lo = build::binary(BinaryOp::Sub, arr(&mn), num(0.5), sp(&span))?;
                        let hi = build::binary(BinaryOp::Add, arr(&mx), num(0.5), sp(&span))?;
                        let lo = build::where_(arr(&same), arr(&lo), arr(&mn), sp(&span))?;
                        let hi = build::where_(arr(&same), arr(&hi), arr(&mx), sp(&span))?;
                        (lo, hi, true)
                    }
                }
            };
            // numpy's linspace: k * step + lo, the last edge exactly hi.
            let k = Node::new(
                Op::Arange {
                    start: 0.0,
                    step: 1.0,
                },
                vec![],
                Meta {
                    shape: vec![nbins + 1],
                    dtype: DType::F64,
                    chunks: vec![vec![nbins + 1]],
                },
                span.clone(),
            );
            let width = build::binary(BinaryOp::Sub, arr(&hi), arr(&lo), sp(&span))?;
            let step = build::binary(BinaryOp::Div, arr(&width), num(nbins as f64), sp(&span))?;
            let e = build::binary(BinaryOp::Mul, arr(&k), arr(&step), sp(&span))?;
            let e = build::binary(BinaryOp::Add, arr(&e), arr(&lo), sp(&span))?;
            let last = build::binary(BinaryOp::Eq, arr(&k), num(nbins as f64), sp(&span))?;
            let e = build::where_(arr(&last), arr(&hi), arr(&e), sp(&span))?;
            let e = build::astype(&e, edge_dt, sp(&span))?;
            let op = CountOp::Histogram {
                uniform: true,
                auto,
            };
            (op, e)
        }
    };
    let nb = edges.shape()[0] - 1;
    // numpy counts in the weights' dtype.
    let f32_weights = weights.as_ref().is_some_and(|w| w.dtype() == DType::F32);
    let counts = count_node(op, &x, weights, vec![edges.clone()], nb, &span);
    let counts = if f32_weights {
        build::astype(&counts, DType::F32, sp(&span))?
    } else {
        counts
    };
    let counts = if density {
        // counts / (total * bin widths), as numpy's density=True.
        let c = build::astype(&counts, DType::F64, sp(&span))?;
        let total = build::reduce(
            &c,
            crate::kernels::reduce::ReduceOp::Sum,
            None,
            false,
            sp(&span),
        )?;
        let hi = build::getitem(
            &edges,
            vec![IndexItem::Slice(Some(1), None, None, sp(&span))],
            sp(&span),
        )?;
        let lo = build::getitem(
            &edges,
            vec![IndexItem::Slice(None, Some(-1), None, sp(&span))],
            sp(&span),
        )?;
        let w = build::binary(BinaryOp::Sub, arr(&hi), arr(&lo), sp(&span))?;
        let w = build::astype(&w, DType::F64, sp(&span))?;
        let d = build::binary(BinaryOp::Mul, arr(&w), arr(&total), sp(&span))?;
        build::binary(BinaryOp::Div, arr(&c), arr(&d), sp(&span))?
    } else {
        counts
    };
    Ok(Value::Tuple(vec![
        Value::Array(counts),
        Value::Array(edges),
    ]))
}

/// The largest value of an array written in the source, if `x` is one.
fn literal_max(x: &Arr) -> Option<i64> {
    match &x.op {
        Op::Literal(b) => match b.cast(DType::I64) {
            Block::I64(a) => Some(a.iter().copied().max().unwrap_or(-1)),
            _ => None,
        },
        Op::Rechunk => literal_max(&x.inputs[0]),
        Op::Arange { start, step } if x.dtype() != DType::F64 && x.dtype() != DType::F32 => {
            let n = x.shape()[0] as f64;
            Some(start.max(start + step * (n - 1.0)) as i64)
        }
        _ => None,
    }
}

fn bincount(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let span = b.span.clone();
    let x = b.arr(it, 0)?;
    one_d(&x, &b.span_of(0), "bincount's input")?;
    if x.dtype().is_float() {
        return Err(Diagnostic::new(
            codes::DTYPE,
            format!(
                "Cannot cast array data from dtype('{}') to dtype('int64') according to the rule 'safe'",
                x.dtype()
            ),
        )
        .label(b.span_of(0), "a float array"));
    }
    let weights = weights_of(it, &b, 1, &x, &span)?;
    let minlength = b.int_or(2, 0)?;
    if minlength < 0 {
        return Err(arg_err(
            "'minlength' must not be negative",
            &b.span_of(2),
            "negative",
        ));
    }
    let len =
        match literal_max(&x) {
            Some(m) => (m + 1).max(minlength) as usize,
            None if minlength > 0 => minlength as usize,
            None => return Err(Diagnostic::new(
                codes::ARGUMENT,
                "bincount of a computed array needs minlength=",
            )
            .label(
                b.span_of(0),
                "its largest value is known only from the data",
            )
            .note(
                "give minlength=n with n above every value: a value >= n is an error when computed",
            )),
        };
    let op = CountOp::BinCount { len };
    Ok(Value::Array(count_node(
        op,
        &x,
        weights,
        vec![],
        len,
        &span,
    )))
}

fn unique(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let span = b.span.clone();
    let x = b.arr(it, 0)?;
    let flat = flat_whole(&x, &span)?;
    let s = sort_along(&flat, 0, false, &span);
    let n = s.shape()[0];
    let sp = || span.clone();
    let arr = |a: &Arr| (Operand::Array(a.clone()), span.clone());
    // Kept: the first of each run of equal sorted values (NaNs are one run, as numpy's
    // equal_nan=True).
    let mask = if n == 0 {
        build::binary(BinaryOp::Ne, arr(&s), arr(&s), sp())?
    } else {
        let tail = build::getitem(&s, vec![IndexItem::Slice(Some(1), None, None, sp())], sp())?;
        let head = build::getitem(&s, vec![IndexItem::Slice(None, Some(-1), None, sp())], sp())?;
        let mut new = build::binary(BinaryOp::Ne, arr(&tail), arr(&head), sp())?;
        if s.dtype().is_float() {
            let nan_t = build::unary(UnaryOp::IsNan, arr(&tail), sp())?;
            let nan_h = build::unary(UnaryOp::IsNan, arr(&head), sp())?;
            let both = build::binary(BinaryOp::And, arr(&nan_t), arr(&nan_h), sp())?;
            let differ = build::unary(UnaryOp::Invert, arr(&both), sp())?;
            new = build::binary(BinaryOp::And, arr(&new), arr(&differ), sp())?;
        }
        let first = scalar_arr(Scalar::Bool(true), DType::Bool, &span);
        let first = build::reshape(&first, &[1], sp())?;
        let m = build::concatenate(&[(first, sp()), (new, sp())], (0, sp()), sp())?;
        whole(&m)
    };
    let values = Value::Masked(Rc::new(Masked::flat(s, mask.clone(), span.clone())));
    let flag = |i: usize| b.get(i).map_or(Ok(false), |(v, sp)| to_bool(v, sp));
    let (want_index, want_inverse, want_counts) = (flag(1)?, flag(2)?, flag(3)?);
    if !(want_index || want_inverse || want_counts) {
        return Ok(values);
    }
    // Each sorted position's unique: the running count of run starts, less one.
    let starts = build::astype(&mask, DType::I64, sp())?;
    let meta = starts.meta.clone();
    let run = Node::new(
        Op::Scan {
            op: ScanOp::CumSum,
            axis: 0,
        },
        vec![starts],
        meta,
        sp(),
    );
    let one = (Operand::Scalar(Scalar::Int(1)), span.clone());
    let run = build::binary(BinaryOp::Sub, arr(&run), one, sp())?;
    let mut out = vec![values];
    if want_index || want_inverse {
        // A stable argsort: the first of each run is the value's first occurrence.
        let perm = sort_along(&flat, 0, true, &span);
        if want_index {
            let m = Masked::flat(perm.clone(), mask.clone(), span.clone());
            out.push(Value::Masked(Rc::new(m)));
        }
        if want_inverse {
            // inverse[perm[j]] = run[j], in x's shape (numpy 2).
            let zeros = build::astype(
                &scalar_arr(Scalar::Int(0), DType::I64, &span),
                DType::I64,
                sp(),
            )?;
            let zeros = whole(&build::broadcast_to(&zeros, &[n], sp())?);
            let inv = fancy::setitem(
                &zeros,
                vec![fancy::Item::Array(perm, span.clone())],
                (Operand::Array(run.clone()), span.clone()),
                sp(),
            )?;
            let shape: Vec<i64> = x.shape().iter().map(|&d| d as i64).collect();
            out.push(Value::Array(build::reshape(&inv, &shape, sp())?));
        }
    }
    if want_counts {
        // Per unique (run) its length: the first k entries of a bincount of length n are
        // non-zero, the rest 0.
        let counts = count_node(CountOp::BinCount { len: n }, &run, None, vec![], n, &span);
        let zero = (Operand::Scalar(Scalar::Int(0)), span.clone());
        let some = build::binary(BinaryOp::Gt, arr(&counts), zero, sp())?;
        out.push(Value::Masked(Rc::new(Masked::flat(
            counts,
            some,
            span.clone(),
        ))));
    }
    Ok(Value::Tuple(out))
}
