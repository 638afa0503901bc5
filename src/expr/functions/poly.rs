//! Polynomials: coefficients and points -> values (`polyval`), least-squares fits
//! (`polyfit`, through `lstsq`), Vandermonde matrices (`vander`), and 1-D convolutions
//! (`convolve correlate`: the shorter array's taps times shifted slices of the longer, so each
//! output block reads only its neighbours' edge elements).

use super::args::{to_f64, to_int, to_str};
use super::linalg_more::{arr, bin, solve_lstsq};
use super::{Bound, Function, Imp};
use crate::diagnostic::{codes, Diagnostic};
use crate::dtype::DType;
use crate::expr::build::{self, IndexItem};
use crate::expr::interp::{Interp, Result};
use crate::expr::node::{Arr, Meta, Node, Op};
use crate::expr::value::Value;
use crate::kernels::elementwise::{BinaryOp, UnaryOp};
use crate::kernels::reduce::ReduceOp;
use crate::kernels::scan::ScanOp;
use crate::kernels::Scalar;
use crate::source::Span;

/// This family's builtins.
pub const FUNCTIONS: &[Function] = &[
    Function::new(
        "polyval",
        "polyval(p, x)",
        "the polynomial with coefficients p (highest power first) at x, by Horner's rule",
        "polyval([3, 0, 1], array([0, 1, 2]))",
        Imp::Fn(polyval),
    ),
    Function::new(
        "polyfit",
        "polyfit(x, y, deg, rcond=None, full=False, w=None)",
        "least-squares polynomial fit, highest power first (full=True: also residuals, rank, singular values, rcond)",
        "polyfit(array([0., 1., 2., 3.]), array([1., 3., 5., 7.]), 1)",
        Imp::Fn(polyfit),
    ),
    Function::new(
        "vander",
        "vander(x, N=None, increasing=False)",
        "Vandermonde matrix: columns are powers of x (decreasing unless increasing=True)",
        "vander(array([1, 2, 3]), 3)",
        Imp::Fn(vander),
    ),
    Function::new(
        "convolve",
        "convolve(a, v, mode='full')",
        "discrete linear convolution of two 1-D arrays (mode 'full', 'same' or 'valid'); the shorter one at most 1000 long",
        "convolve(array([1, 2, 3]), array([0, 1, 0.5]))",
        Imp::Fn(convolve),
    ),
    Function::new(
        "correlate",
        "correlate(a, v, mode='valid')",
        "cross-correlation of two 1-D arrays (mode 'valid', 'same' or 'full')",
        "correlate(array([1, 2, 3]), array([0, 1, 0.5]), 'full')",
        Imp::Fn(convolve),
    ),
];

/// The shorter array of `convolve`/`correlate` at most this long: one shifted slice each.
const MAX_TAPS: usize = 1000;

/// A constant array (the value as the dtype's kind of scalar).
fn constant(
    v: i64,
    dtype: DType,
    shape: Vec<usize>,
    chunks: crate::expr::node::Chunks,
    span: &Span,
) -> Arr {
    let s = match dtype {
        DType::Bool => Scalar::Bool(v != 0),
        d if d.is_float() => Scalar::Float(v as f64),
        _ => Scalar::Int(v),
    };
    Node::new(
        Op::Full(s),
        vec![],
        Meta {
            shape,
            dtype,
            chunks,
        },
        span.clone(),
    )
}

fn one_d(x: &Arr, what: &str, span: &Span) -> Result<()> {
    if x.ndim() != 1 {
        return Err(
            Diagnostic::new(codes::SHAPE, format!("{what} must be 1-dimensional")).label(
                span.clone(),
                format!("shape {}", build::shape_str(x.shape())),
            ),
        );
    }
    Ok(())
}

/// `x[i]` of a 1-D array: a 0-d array.
fn at(x: &Arr, i: usize, span: &Span) -> Result<Arr> {
    build::getitem(
        x,
        vec![IndexItem::Int(i as i64, span.clone())],
        span.clone(),
    )
}

fn slice(x: &Arr, start: usize, stop: usize, step: Option<i64>, span: &Span) -> Result<Arr> {
    let item = IndexItem::Slice(Some(start as i64), Some(stop as i64), step, span.clone());
    build::getitem(x, vec![item], span.clone())
}

fn reversed(x: &Arr, span: &Span) -> Result<Arr> {
    let item = IndexItem::Slice(None, None, Some(-1), span.clone());
    build::getitem(x, vec![item], span.clone())
}

fn polyval(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let span = b.span.clone();
    let p = b.arr(it, 0)?;
    one_d(&p, "p", &b.span_of(0))?;
    let x = b.arr(it, 1)?;
    // numpy: y = zeros_like(x); for pv in p: y = y * x + pv.
    let mut y = constant(
        0,
        x.dtype(),
        x.shape().to_vec(),
        x.meta.chunks.clone(),
        &span,
    );
    for i in 0..p.shape()[0] {
        let t = bin(BinaryOp::Mul, arr(&y), arr(&x), &span)?;
        y = bin(BinaryOp::Add, arr(&t), arr(&at(&p, i, &span)?), &span)?;
    }
    Ok(Value::Array(y))
}

/// numpy's `vander`: `[1, x, x*x, ...]` by running products, reversed unless `increasing`.
fn vander_of(x: &Arr, n: usize, increasing: bool, span: &Span) -> Result<Arr> {
    let dt = DType::promote(x.dtype(), DType::I64);
    let x = build::astype(x, dt, span.clone())?;
    let rows = x.shape()[0];
    let col = build::expand_dims(&x, (1, span.clone()), span.clone())?;
    let ones = constant(
        1,
        dt,
        vec![rows, 1],
        vec![col.meta.chunks[0].clone(), vec![1]],
        span,
    );
    if n == 0 {
        return slice_cols(&ones, 0, span);
    }
    let mut parts = vec![(ones, span.clone())];
    if n > 1 {
        let rep = build::broadcast_to(&col, &[rows, n - 1], span.clone())?;
        parts.push((rep, span.clone()));
    }
    let tmp = build::concatenate(&parts, (1, span.clone()), span.clone())?;
    let meta = Meta {
        dtype: ScanOp::out_dtype(dt),
        ..tmp.meta.clone()
    };
    let pw = Node::new(
        Op::Scan {
            op: ScanOp::CumProd,
            axis: 1,
        },
        vec![tmp],
        meta,
        span.clone(),
    );
    let pw = build::astype(&pw, dt, span.clone())?;
    if increasing {
        return Ok(pw);
    }
    let items = vec![
        IndexItem::Slice(None, None, None, span.clone()),
        IndexItem::Slice(None, None, Some(-1), span.clone()),
    ];
    build::getitem(&pw, items, span.clone())
}

fn slice_cols(x: &Arr, n: usize, span: &Span) -> Result<Arr> {
    let items = vec![
        IndexItem::Slice(None, None, None, span.clone()),
        IndexItem::Slice(None, Some(n as i64), None, span.clone()),
    ];
    build::getitem(x, items, span.clone())
}

fn vander(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let span = b.span.clone();
    let x = b.arr(it, 0)?;
    if x.ndim() != 1 {
        return Err(Diagnostic::new(
            codes::SHAPE,
            "x must be a one-dimensional array or sequence.",
        )
        .label(
            b.span_of(0),
            format!("shape {}", build::shape_str(x.shape())),
        ));
    }
    let n = match b.get(1) {
        Some((v, sp)) => {
            let n = to_int(v, sp)?;
            if n < 0 {
                return Err(
                    Diagnostic::new(codes::SHAPE, "negative dimensions are not allowed")
                        .label(sp.clone(), "N"),
                );
            }
            n as usize
        }
        None => x.shape()[0],
    };
    let inc = b.bool_or(2, false)?;
    Ok(Value::Array(vander_of(&x, n, inc, &span)?))
}

fn polyfit(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let span = b.span.clone();
    let x = b.arr(it, 0)?;
    let y = b.arr(it, 1)?;
    let (dv, dsp) = b.req(2);
    let deg = to_int(dv, dsp)?;
    let fail =
        |msg: &str, sp: Span| Err(Diagnostic::new(codes::SHAPE, msg.to_string()).label(sp, "here"));
    if deg < 0 {
        return fail("expected deg >= 0", dsp.clone());
    }
    if x.ndim() != 1 {
        return fail("expected 1D vector for x", b.span_of(0));
    }
    if x.shape()[0] == 0 {
        return fail("expected non-empty vector for x", b.span_of(0));
    }
    if y.ndim() < 1 || y.ndim() > 2 {
        return fail("expected 1D or 2D array for y", b.span_of(1));
    }
    if x.shape()[0] != y.shape()[0] {
        return fail("expected x and y to have same length", b.span_of(1));
    }
    let f64_of = |a: &Arr| {
        let dt = DType::promote(a.dtype(), DType::F64);
        build::astype(a, dt, span.clone())
    };
    let (x, mut rhs) = (f64_of(&x)?, f64_of(&y)?);
    let order = deg as usize + 1;
    let rcond = match b.get(3) {
        Some((v, sp)) => to_f64(v, sp)?,
        None => x.shape()[0] as f64 * f64::EPSILON,
    };
    let full = b.bool_or(4, false)?;
    let mut lhs = vander_of(&x, order, false, &span)?;
    if let Some((wv, wsp)) = b.get(5) {
        let w = f64_of(&super::args::to_array(it, wv, wsp)?)?;
        if w.ndim() != 1 || w.shape()[0] != x.shape()[0] {
            return fail("expected a 1-d weight vector as long as x", wsp.clone());
        }
        let wc = build::expand_dims(&w, (1, span.clone()), span.clone())?;
        lhs = bin(BinaryOp::Mul, arr(&lhs), arr(&wc), &span)?;
        rhs = if rhs.ndim() == 2 {
            bin(BinaryOp::Mul, arr(&rhs), arr(&wc), &span)?
        } else {
            bin(BinaryOp::Mul, arr(&rhs), arr(&w), &span)?
        };
    }
    // Columns scaled to unit norm, as numpy does, for the conditioning of the solve.
    let sq = bin(BinaryOp::Mul, arr(&lhs), arr(&lhs), &span)?;
    let sq = build::reduce(&sq, ReduceOp::Sum, Some(vec![0]), false, span.clone())?;
    let scale = build::unary(UnaryOp::Sqrt, (arr(&sq), span.clone()), span.clone())?;
    let lhs = bin(BinaryOp::Div, arr(&lhs), arr(&scale), &span)?;
    let (c, resids, rank, s) = solve_lstsq(&lhs, &rhs, Some(rcond), &b.span_of(1), &span)?;
    let c = if c.ndim() == 2 {
        let sc = build::expand_dims(&scale, (1, span.clone()), span.clone())?;
        bin(BinaryOp::Div, arr(&c), arr(&sc), &span)?
    } else {
        bin(BinaryOp::Div, arr(&c), arr(&scale), &span)?
    };
    if full {
        return Ok(Value::Tuple(vec![
            Value::Array(c),
            resids,
            Value::Array(rank),
            Value::Array(s),
            Value::Float(rcond),
        ]));
    }
    Ok(Value::Array(c))
}

fn mode_of(b: &Bound, default: &str) -> Result<String> {
    match b.get(2) {
        None => Ok(default.into()),
        Some((v, sp)) => match to_str(v, sp)? {
            m @ ("full" | "same" | "valid") => Ok(m.into()),
            other => Err(Diagnostic::new(
                codes::ARGUMENT,
                format!("mode must be one of 'valid', 'same', or 'full' (got {other:?})"),
            )
            .label(sp.clone(), "unknown mode")),
        },
    }
}

/// Sum of the operands, added as a balanced tree (no deep chains for many taps).
fn sum_all(mut xs: Vec<Arr>, span: &Span) -> Result<Arr> {
    while xs.len() > 1 {
        let mut next = Vec::with_capacity(xs.len().div_ceil(2));
        let mut it = xs.into_iter();
        while let Some(a) = it.next() {
            match it.next() {
                Some(b) => next.push(bin(BinaryOp::Add, arr(&a), arr(&b), span)?),
                None => next.push(a),
            }
        }
        xs = next;
    }
    Ok(xs.pop().expect("at least one term"))
}

/// `convolve(a, v, mode)` for `len(a) >= len(v)`: out[k] = sum_j v[j] * a[k - j].
fn convolve_long(a: &Arr, v: &Arr, mode: &str, span: &Span) -> Result<Arr> {
    let (n, m) = (a.shape()[0], v.shape()[0]);
    let dt = DType::promote(a.dtype(), v.dtype());
    let a = build::astype(a, dt, span.clone())?;
    // a padded with m - 1 zeros on both sides; full[k] = sum_i v[m-1-i] * ap[k + i].
    let ap = if m > 1 {
        let zeros = |len: usize| constant(0, dt, vec![len], vec![vec![len]], span);
        let parts = vec![
            (zeros(m - 1), span.clone()),
            (a.clone(), span.clone()),
            (zeros(m - 1), span.clone()),
        ];
        build::concatenate(&parts, (0, span.clone()), span.clone())?
    } else {
        a.clone()
    };
    let full_len = n + m - 1;
    let (lo, len) = match mode {
        "full" => (0, full_len),
        "same" => ((m - 1) / 2, n),
        _ => (m - 1, n + 1 - m),
    };
    let terms = (0..m)
        .map(|i| {
            let shifted = slice(&ap, lo + i, lo + i + len, None, span)?;
            let tap = at(v, m - 1 - i, span)?;
            bin(BinaryOp::Mul, arr(&shifted), arr(&tap), span)
        })
        .collect::<Result<Vec<_>>>()?;
    let r = sum_all(terms, span)?;
    // Output blocks as the input's, not as the padding's.
    let c = crate::expr::chunks::regular(len, a.meta.chunk_shape()[0].max(1));
    Ok(build::rechunk_to(&r, vec![c]))
}

fn convolve(it: &mut Interp, name: &'static str, b: Bound) -> Result<Value> {
    let span = b.span.clone();
    let a = b.arr(it, 0)?;
    let v = b.arr(it, 1)?;
    one_d(&a, "object", &b.span_of(0))?;
    one_d(&v, "object", &b.span_of(1))?;
    let conv = name == "convolve";
    let mode = mode_of(&b, if conv { "full" } else { "valid" })?;
    if a.shape()[0] == 0 || v.shape()[0] == 0 {
        return Err(Diagnostic::new(
            codes::SHAPE,
            if a.shape()[0] == 0 {
                "a cannot be empty"
            } else {
                "v cannot be empty"
            },
        )
        .label(span, "an empty array"));
    }
    // The longer array is the signal, the shorter the taps (numpy swaps them too; a swapped
    // correlation comes out reversed).
    let swap = v.shape()[0] > a.shape()[0];
    let (long, short) = if swap { (v, a) } else { (a, v) };
    if short.shape()[0] > MAX_TAPS {
        return Err(Diagnostic::new(
            codes::LIMIT,
            format!(
                "`{name}` of two long arrays: the shorter has {} elements, at most {MAX_TAPS}",
                short.shape()[0]
            ),
        )
        .label(span, "each output element would read that many neighbours"));
    }
    let taps = if conv {
        short
    } else {
        reversed(&short, &span)?
    };
    let r = convolve_long(&long, &taps, &mode, &span)?;
    Ok(Value::Array(if swap && !conv {
        reversed(&r, &span)?
    } else {
        r
    }))
}
