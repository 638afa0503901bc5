//! Random: shape and seed -> lazy counter-based random arrays (the same values for a seed whatever the chunking).

use super::args::{to_array, to_chunks, to_f64, to_int, to_shape};
use super::{Bound, Function, Imp};
use crate::diagnostic::{codes, Diagnostic};
use crate::dtype::DType;
use crate::expr::build::{self, IndexItem, Operand};
use crate::expr::interp::{Interp, Result};
use crate::expr::node::{Arr, Chunks, Meta, Node, Op};
use crate::expr::value::Value;
use crate::kernels::elementwise::{BinaryOp, UnaryOp};
use crate::kernels::reduce::ReduceOp;
use crate::kernels::sorting::LookupOp;
use crate::kernels::Scalar;
use crate::source::Span;

/// This family's builtins.
pub const FUNCTIONS: &[Function] = &[
    Function::new(
        "random",
        "random(shape, chunks=auto, seed=None)",
        "uniform random numbers in [0, 1), the same for a seed whatever the chunking",
        "random((2, 2), seed=0)",
        Imp::Fn(random),
    ),
    Function::new(
        "normal",
        "normal(shape, loc=0.0, scale=1.0, chunks=auto, seed=None)",
        "normally distributed random numbers",
        "normal((3,), loc=10, scale=2, seed=1)",
        Imp::Fn(random),
    ),
    Function::new(
        "integers",
        "integers(low, high=None, size=None, dtype=int64, endpoint=False, chunks=auto, seed=None)",
        "uniform random integers in [low, high) ([0, low) with one bound; endpoint=True: [low, high]), as numpy's Generator.integers",
        "integers(1, 7, size=10, seed=0)",
        Imp::Fn(integers),
    ),
    Function::new(
        "randint",
        "randint(low, high=None, size=None, dtype=int64, chunks=auto, seed=None)",
        "uniform random integers in [low, high) (numpy's module-level randint)",
        "randint(10, size=(2, 3), seed=0)",
        Imp::Fn(integers),
    ),
    Function::new(
        "uniform",
        "uniform(low=0.0, high=1.0, size=None, chunks=auto, seed=None)",
        "uniform random floats in [low, high)",
        "uniform(-1, 1, size=3, seed=0)",
        Imp::Fn(uniform),
    ),
    Function::new(
        "choice",
        "choice(a, size=None, replace=True, p=None, chunks=auto, seed=None)",
        "random samples of a 1-D array (or of arange(a)), with probabilities p; replace=False draws distinct positions (the population is read whole: keep it under 10^8)",
        "choice(array([10, 20, 30]), size=6, p=[0.5, 0.5, 0.0], seed=0)",
        Imp::Fn(choice),
    ),
    Function::new(
        "permutation",
        "permutation(x, axis=0, seed=None)",
        "arange(x) in random order, or an array shuffled along an axis (made and read in one block: at most 10^8 elements)",
        "permutation(6, seed=0)",
        Imp::Fn(permutation),
    ),
    Function::new(
        "shuffle",
        "shuffle(x, axis=0, seed=None)",
        "x shuffled along an axis: a new array (numpy's shuffle works in place; arrlang's arrays never change)",
        "shuffle(arange(5), seed=1)",
        Imp::Fn(permutation),
    ),
];

/// Arrays `permutation` and `choice(replace=False)` make in one block: at most this long.
const MAX_PERMUTATION: usize = 100_000_000;

/// Tags that give each family its own stream of a seed (`integers(seed=0)` is not
/// `floor(random(seed=0) * n)`).
const INTEGERS_TAG: u64 = 0x1F83_D9AB_FB41_BD6B;
const CHOICE_TAG: u64 = 0x5BE0_CD19_137E_2179;
const PERMUTATION_TAG: u64 = 0x9B05_688C_2B3E_6C1F;
const UNIFORM_TAG: u64 = 0x3C6E_F372_FE94_F82B;

fn random(it: &mut Interp, name: &'static str, b: Bound) -> Result<Value> {
    let span = b.span.clone();
    let (sv, ssp) = b.req(0);
    let shape = to_shape(sv, ssp)?;
    let (ci, si) = if name == "random" { (1, 2) } else { (3, 4) };
    let seed = match b.get(si) {
        Some((v, sp)) => crate::expr::pyint::to_seed(v, sp)?,
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
    Ok(Value::Array(node))
}

fn seed_of(it: &mut Interp, b: &Bound, i: usize, tag: u64) -> Result<u64> {
    let seed = match b.get(i) {
        Some((v, sp)) => crate::expr::pyint::to_seed(v, sp)?,
        None => it.fresh_seed(),
    };
    Ok(seed ^ tag)
}

/// `size=`: None (one value, a 0-d array), an int or a shape.
fn size_of(b: &Bound, i: usize) -> Result<Vec<usize>> {
    match b.get(i) {
        None => Ok(vec![]),
        Some((v, sp)) => to_shape(v, sp),
    }
}

/// Uniform [0, 1) float64 of `shape`.
fn unit(shape: Vec<usize>, chunks: Chunks, seed: u64, span: &Span) -> Arr {
    Node::new(
        Op::Random {
            seed,
            normal: false,
        },
        vec![],
        Meta {
            shape,
            dtype: DType::F64,
            chunks,
        },
        span.clone(),
    )
}

fn arith(op: BinaryOp, a: Operand, b: Operand, span: &Span) -> Result<Arr> {
    build::binary(op, (a, span.clone()), (b, span.clone()), span.clone())
}

fn arr(a: &Arr) -> Operand {
    Operand::Array(a.clone())
}

fn int(i: i64) -> Operand {
    Operand::Scalar(Scalar::Int(i))
}

fn float(f: f64) -> Operand {
    Operand::Scalar(Scalar::Float(f))
}

fn arg_err(msg: impl Into<String>, span: &Span, label: &str) -> Diagnostic {
    Diagnostic::new(codes::ARGUMENT, msg).label(span.clone(), label.to_string())
}

/// `low + floor(u * n)` as int64, for `u` uniform on [0, 1): each of the `n` values with
/// probability within `n / 2**53` of `1 / n`.
fn draw_below(u: &Arr, low: i64, n: u64, span: &Span) -> Result<Arr> {
    let k = arith(BinaryOp::Mul, arr(u), float(n as f64), span)?;
    let k = build::unary(UnaryOp::Floor, (arr(&k), span.clone()), span.clone())?;
    let k = build::astype(&k, DType::I64, span.clone())?;
    // u * n rounds up to n for n near 2**53: keep the draw below it.
    let k = arith(BinaryOp::Minimum, arr(&k), int((n - 1) as i64), span)?;
    if low == 0 {
        Ok(k)
    } else {
        arith(BinaryOp::Add, arr(&k), int(low), span)
    }
}

fn integers(it: &mut Interp, name: &'static str, b: Bound) -> Result<Value> {
    let span = b.span.clone();
    let (si, di, ci, seedi) = (
        2,
        3,
        if name == "randint" { 4 } else { 5 },
        if name == "randint" { 5 } else { 6 },
    );
    let (lv, lsp) = b.req(0);
    let low = to_int(lv, lsp)?;
    let (low, high) = match b.get(1) {
        Some((v, sp)) => (low, to_int(v, sp)?),
        None => (0, low),
    };
    let endpoint = name == "integers" && b.bool_or(4, false)?;
    let high = high as i128 + endpoint as i128;
    let n = high - low as i128;
    if n <= 0 {
        return Err(arg_err(
            if endpoint {
                "low > high"
            } else {
                "high <= low"
            },
            &span,
            "an empty range",
        ));
    }
    if n > 1i128 << 53 {
        return Err(arg_err(
            format!("a range of {n} integers: arrlang draws from at most 2**53"),
            &span,
            "too wide",
        ));
    }
    let dtype = b.dtype(di)?.unwrap_or(DType::I64);
    if !dtype.is_int() {
        return Err(Diagnostic::new(
            codes::DTYPE,
            format!("unsupported dtype `{dtype}` for integers"),
        )
        .label(b.span_of(di), "an integer dtype"));
    }
    let (lo, hi) = dtype_range(dtype);
    if (low as i128) < lo || high - 1 > hi {
        return Err(arg_err(
            format!("the range [{low}, {}] does not fit `{dtype}`", high - 1),
            &span,
            "out of bounds",
        ));
    }
    let shape = size_of(&b, si)?;
    let chunks = to_chunks(it, b.get(ci), &shape, DType::I64)?;
    let seed = seed_of(it, &b, seedi, INTEGERS_TAG)?;
    let u = unit(shape, chunks, seed, &span);
    let k = draw_below(&u, low, n as u64, &span)?;
    Ok(Value::Array(build::astype(&k, dtype, span)?))
}

/// The smallest and largest value of an integer dtype.
fn dtype_range(d: DType) -> (i128, i128) {
    if d == DType::Bool {
        return (0, 1);
    }
    let bits = 8 * d.size() as u32;
    if d.is_signed() {
        (-(1i128 << (bits - 1)), (1i128 << (bits - 1)) - 1)
    } else {
        (0, (1i128 << bits) - 1)
    }
}

fn uniform(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let span = b.span.clone();
    let low = b.f64_or(0, 0.0)?;
    let high = b.f64_or(1, 1.0)?;
    let shape = size_of(&b, 2)?;
    let chunks = to_chunks(it, b.get(3), &shape, DType::F64)?;
    let seed = seed_of(it, &b, 4, UNIFORM_TAG)?;
    let u = unit(shape, chunks, seed, &span);
    let scaled = arith(BinaryOp::Mul, arr(&u), float(high - low), &span)?;
    Ok(Value::Array(arith(
        BinaryOp::Add,
        arr(&scaled),
        float(low),
        &span,
    )?))
}

/// `x` (1-D) whole, in one block.
fn whole(x: &Arr) -> Arr {
    build::rechunk_to(x, x.shape().iter().map(|&n| vec![n]).collect())
}

/// `table[idx]` for a small 1-D `table` and int64 positions `idx` (each block of `idx` reads
/// the whole table once): an exact lookup through the knots of a piecewise-linear table
/// (64-bit integers in two 32-bit halves, so no value is rounded).
pub fn take_small(table: &Arr, idx: &Arr, span: &Span) -> Result<Arr> {
    let n = table.shape()[0];
    let dt = table.dtype();
    if matches!(dt, DType::I64 | DType::U64) {
        let half = |a: Arr| -> Result<Arr> {
            let f = build::astype(&a, DType::F64, span.clone())?;
            build::astype(&take_small(&f, idx, span)?, dt, span.clone())
        };
        let hi = half(arith(BinaryOp::FloorDiv, arr(table), int(1 << 32), span)?)?;
        let lo = half(arith(BinaryOp::And, arr(table), int(0xFFFF_FFFF), span)?)?;
        let r = arith(BinaryOp::Mul, arr(&hi), int(1 << 32), span)?;
        let r = arith(BinaryOp::Add, arr(&r), arr(&lo), span)?;
        return build::astype(&r, dt, span.clone());
    }
    let xp = Node::new(
        Op::Arange {
            start: 0.0,
            step: 1.0,
        },
        vec![],
        Meta {
            shape: vec![n],
            dtype: DType::F64,
            chunks: vec![vec![n]],
        },
        span.clone(),
    );
    let meta = Meta {
        dtype: DType::F64,
        ..idx.meta.clone()
    };
    let op = LookupOp::Interp {
        left: None,
        right: None,
    };
    let got = Node::new(
        Op::Lookup(op),
        vec![idx.clone(), xp, whole(table)],
        meta,
        span.clone(),
    );
    build::astype(&got, dt, span.clone())
}

/// The first `k` of a random order of `0..n` (`keys` uniform, one per position).
fn first_of_order(keys: &Arr, k: usize, span: &Span) -> Result<Arr> {
    let order = super::sorting::sort_along(keys, 0, true, span);
    if k == keys.shape()[0] {
        return Ok(order);
    }
    let items = vec![IndexItem::Slice(None, Some(k as i64), None, span.clone())];
    build::getitem(&order, items, span.clone())
}

fn choice(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let span = b.span.clone();
    let (av, asp) = b.req(0);
    let pop: Option<Arr> = match av {
        Value::Int(_) => None,
        v => {
            let a = to_array(it, v, asp)?;
            if a.ndim() != 1 {
                return Err(
                    Diagnostic::new(codes::SHAPE, "a must be 1-dimensional").label(
                        asp.clone(),
                        format!("shape {}", build::shape_str(a.shape())),
                    ),
                );
            }
            Some(a)
        }
    };
    let n = match (&pop, av) {
        (Some(a), _) => a.shape()[0],
        (None, v) => {
            let n = to_int(v, asp)?;
            if n < 0 {
                return Err(arg_err("a must be a non-negative integer", asp, "negative"));
            }
            n as usize
        }
    };
    let shape = size_of(&b, 1)?;
    let size: usize = shape.iter().product();
    let replace = b.bool_or(2, true)?;
    if n == 0 && size > 0 {
        return Err(arg_err(
            "a cannot be empty unless no samples are taken",
            asp,
            "empty population",
        ));
    }
    let p = match b.get(3) {
        None => None,
        Some((v, sp)) => {
            let raw = to_array(it, v, sp)?;
            check_probabilities(&raw, sp)?;
            let p = build::astype(&raw, DType::F64, sp.clone())?;
            let p = if matches!(raw.op, Op::Literal(_)) || p.ndim() != 1 {
                p
            } else {
                // Computed: checked as numpy does when the values are known.
                let w = whole(&p);
                Node::new(
                    Op::Lookup(LookupOp::CheckProbabilities),
                    vec![w.clone(), w.clone()],
                    w.meta.clone(),
                    sp.clone(),
                )
            };
            if p.ndim() != 1 || p.shape()[0] != n {
                return Err(Diagnostic::new(codes::SHAPE, "a and p must have same size")
                    .label(
                        sp.clone(),
                        format!("p has shape {}", build::shape_str(p.shape())),
                    )
                    .label(asp.clone(), format!("{n} choices")));
            }
            Some(p)
        }
    };
    let chunks = to_chunks(it, b.get(4), &shape, DType::I64)?;
    let seed = seed_of(it, &b, 5, CHOICE_TAG)?;
    let idx = if replace {
        let u = unit(shape.clone(), chunks, seed, &span);
        match &p {
            None => draw_below(&u, 0, n as u64, &span)?,
            Some(p) => {
                // Inverse CDF: the first position whose cumulative probability exceeds u.
                let total = build::reduce(p, ReduceOp::Sum, None, false, span.clone())?;
                let cdf = build::binary(
                    BinaryOp::Div,
                    (arr(&whole(&build_cumsum(p, &span)?)), span.clone()),
                    (arr(&total), span.clone()),
                    span.clone(),
                )?;
                let meta = Meta {
                    dtype: DType::I64,
                    ..u.meta.clone()
                };
                let found = Node::new(
                    Op::Lookup(LookupOp::SearchSorted { right: true }),
                    vec![u.clone(), whole(&cdf)],
                    meta,
                    span.clone(),
                );
                arith(BinaryOp::Minimum, arr(&found), int(n as i64 - 1), &span)?
            }
        }
    } else {
        if size > n {
            return Err(arg_err(
                "Cannot take a larger sample than population when replace=False",
                &span,
                format!("{size} samples of {n}").as_str(),
            ));
        }
        if n > MAX_PERMUTATION {
            return Err(too_big(n, &span));
        }
        let u = unit(vec![n], vec![vec![n]], seed, &span);
        // Without weights: a random order's first `size`. With weights (Efraimidis and
        // Spirakis): the `size` largest u ** (1 / p), i.e. smallest -log(u) / p, which draws
        // as successive weighted picks without replacement do.
        let keys = match &p {
            None => u,
            Some(p) => {
                let e = build::unary(UnaryOp::Log, (arr(&u), span.clone()), span.clone())?;
                let e = arith(BinaryOp::Mul, arr(&e), float(-1.0), &span)?;
                arith(BinaryOp::Div, arr(&e), arr(p), &span)?
            }
        };
        let first = first_of_order(&keys, size, &span)?;
        let shp: Vec<i64> = shape.iter().map(|&d| d as i64).collect();
        let r = build::reshape(&first, &shp, span.clone())?;
        build::rechunk_to(&r, chunks)
    };
    Ok(Value::Array(match &pop {
        None => idx,
        Some(a) => take_small(a, &idx, &span)?,
    }))
}

fn too_big(n: usize, span: &Span) -> Diagnostic {
    Diagnostic::new(
        codes::LIMIT,
        format!(
            "a random order of {n} elements: at most {MAX_PERMUTATION} (it is made in one block)"
        ),
    )
    .label(span.clone(), "here")
}

fn build_cumsum(p: &Arr, span: &Span) -> Result<Arr> {
    let meta = Meta {
        dtype: DType::F64,
        chunks: vec![vec![p.shape()[0]]],
        ..p.meta.clone()
    };
    Ok(Node::new(
        Op::Scan {
            op: crate::kernels::scan::ScanOp::CumSum,
            axis: 0,
        },
        vec![whole(p)],
        meta,
        span.clone(),
    ))
}

/// numpy's checks of `p` where its values are known now (a literal): non-negative, summing
/// to 1. Computed `p` are checked while computing (`LookupOp::CheckProbabilities`).
fn check_probabilities(p: &Arr, sp: &Span) -> Result<()> {
    let Op::Literal(block) = &p.op else {
        return Ok(());
    };
    let crate::kernels::Block::F64(v) = block.cast(DType::F64) else {
        return Ok(());
    };
    if v.iter().any(|&x| x < 0.0 || x.is_nan()) {
        return Err(arg_err("probabilities are not non-negative", sp, "p"));
    }
    let total: f64 = v.iter().sum();
    if (total - 1.0).abs() > 1e-8 * (v.len() as f64).sqrt().max(1.0) {
        return Err(arg_err(
            "probabilities do not sum to 1",
            sp,
            &format!("they sum to {total}"),
        ));
    }
    Ok(())
}

fn permutation(it: &mut Interp, _: &'static str, b: Bound) -> Result<Value> {
    let span = b.span.clone();
    let (xv, xsp) = b.req(0);
    let x = match xv {
        Value::Int(n) => {
            if *n < 0 {
                return Err(arg_err(
                    "x must be a non-negative integer or an array",
                    xsp,
                    "negative",
                ));
            }
            None
        }
        v => Some(to_array(it, v, xsp)?),
    };
    let n = match &x {
        Some(a) if a.ndim() == 0 => {
            return Err(Diagnostic::new(
                codes::AXIS,
                "x must be an integer or at least 1-dimensional",
            )
            .label(xsp.clone(), "a 0-d array"))
        }
        Some(a) => a.meta.size(),
        None => to_int(xv, xsp)? as usize,
    };
    if n > MAX_PERMUTATION {
        return Err(too_big(n, &span));
    }
    let seed = seed_of(it, &b, 2, PERMUTATION_TAG)?;
    let Some(x) = x else {
        let u = unit(vec![n], vec![vec![n]], seed, &span);
        return Ok(Value::Array(first_of_order(&u, n, &span)?));
    };
    let axis = match b.get(1) {
        Some((v, sp)) => build::normalize_axes(&[(to_int(v, sp)?, sp.clone())], x.ndim())?[0],
        None => 0,
    };
    let len = x.shape()[axis];
    let u = unit(vec![len], vec![vec![len]], seed, &span);
    let order = first_of_order(&u, len, &span)?;
    // Along axis 0 of the array with `axis` moved first: row `order[i]` of the flattened
    // rows, read from the whole array by flat position.
    let nd = x.ndim();
    let perm: Vec<(i64, Span)> = std::iter::once(axis)
        .chain((0..nd).filter(|&d| d != axis))
        .map(|d| (d as i64, span.clone()))
        .collect();
    let moved = build::transpose(&x, Some(perm.clone()), span.clone())?;
    let inner = n.checked_div(len).unwrap_or(0);
    let rows = build::reshape(&order, &[len as i64, 1], span.clone())?;
    let start = arith(BinaryOp::Mul, arr(&rows), int(inner as i64), &span)?;
    let cols = Node::new(
        Op::Arange {
            start: 0.0,
            step: 1.0,
        },
        vec![],
        Meta {
            shape: vec![inner],
            dtype: DType::I64,
            chunks: vec![vec![inner]],
        },
        span.clone(),
    );
    let flat_idx = arith(BinaryOp::Add, arr(&start), arr(&cols), &span)?;
    let flat = build::reshape(&whole(&moved), &[-1], span.clone())?;
    let picked = take_small(&whole(&flat), &flat_idx, &span)?;
    let shp: Vec<i64> = moved.shape().iter().map(|&d| d as i64).collect();
    let picked = build::reshape(&whole(&picked), &shp, span.clone())?;
    // Back to the original axis order.
    let mut inv = vec![0i64; nd];
    for (k, (d, _)) in perm.iter().enumerate() {
        inv[*d as usize] = k as i64;
    }
    let back: Vec<(i64, Span)> = inv.into_iter().map(|d| (d, span.clone())).collect();
    Ok(Value::Array(build::transpose(&picked, Some(back), span)?))
}
