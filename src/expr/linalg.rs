//! Linear algebra builtins: arguments -> lazy arrays. `qr`/`svd` are parts of one TSQR
//! node per input; `svd_compressed`, `lstsq`, `norm`, `einsum` and N-d `matmul` are built
//! from existing lazy operations; `solve`, `inv`, `cholesky` are single whole-matrix tasks.

use super::build::{self, IndexItem, Operand};
use super::interp::Result;
use super::node::{Arr, Meta, Node, Op};
use super::value::Value;
use crate::diagnostic::{codes, Diagnostic};
use crate::dtype::DType;
use crate::kernels::elementwise::{BinaryOp, UnaryOp};
use crate::kernels::linalg::Dense;
use crate::kernels::reduce::ReduceOp;
use crate::kernels::Scalar;
use crate::source::Span;

/// A linear algebra node's operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LinalgOp {
    /// One factor of the TSQR of input 0 (tall-skinny, one column block, every row block at
    /// least as tall as the array is wide).
    Tsqr(TsqrPart),
    /// A whole-matrix operation on single-block inputs.
    Dense(Dense),
}

/// Which factor: `q`, `r` of `qr`; `u`, `s`, `vh` of `svd`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TsqrPart {
    Q,
    R,
    U,
    S,
    V,
}

/// Widest array `qr`/`svd` rechunk to full rows on their own (its R is n×n per tree node).
pub const MAX_AUTO_COLUMNS: usize = 4096;

/// `E0207`: a linear algebra precondition on shapes or chunks.
pub const LINALG: &str = codes::LINALG;

fn err(msg: impl Into<String>, span: &Span, label: impl Into<String>) -> Diagnostic {
    Diagnostic::new(LINALG, msg).label(span.clone(), label)
}

/// float32 stays, everything else computes in float64 (as numpy.linalg does).
fn float(x: &Arr, span: &Span) -> Result<Arr> {
    match x.dtype() {
        DType::F32 | DType::F64 => Ok(x.clone()),
        _ => build::astype(x, DType::F64, span.clone()),
    }
}

fn matrix(x: &Arr, name: &str, span: &Span) -> Result<Arr> {
    no_complex(x, name, span)?;
    if x.ndim() != 2 {
        return Err(err(
            format!("`{name}` takes a 2-d array, got {}-d", x.ndim()),
            span,
            format!("shape {}", build::shape_str(x.shape())),
        ));
    }
    if x.meta.size() == 0 {
        return Err(err(
            format!("`{name}` of an empty array"),
            span,
            format!("shape {}", build::shape_str(x.shape())),
        ));
    }
    float(x, span)
}

fn square(x: &Arr, name: &str, span: &Span) -> Result<Arr> {
    let x = matrix(x, name, span)?;
    if x.shape()[0] != x.shape()[1] {
        return Err(err(
            format!("`{name}` needs a square matrix"),
            span,
            format!("shape {}", build::shape_str(x.shape())),
        ));
    }
    Ok(x)
}

/// The array as one block.
fn whole(x: &Arr) -> Arr {
    build::rechunk_to(x, x.shape().iter().map(|&d| vec![d]).collect())
}

/// Consecutive chunks merged until each holds at least `min` (the last absorbs a short tail).
fn merge_to_min(chunks: &[usize], min: usize) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::new();
    let mut acc = 0;
    for &c in chunks {
        acc += c;
        if acc >= min {
            out.push(acc);
            acc = 0;
        }
    }
    match out.last_mut() {
        Some(last) => *last += acc,
        None => out.push(acc),
    }
    out
}

/// A tall-skinny float matrix chunked for TSQR: full rows, row blocks at least `n` tall.
fn tsqr_input(x: &Arr, name: &str, span: &Span) -> Result<Arr> {
    let n = x.shape()[1];
    debug_assert!(x.shape()[0] >= n, "callers transpose short-fat arrays");
    let mut chunks = x.meta.chunks.clone();
    if chunks[1].len() > 1 {
        if n > MAX_AUTO_COLUMNS {
            let rows = (chunks[0][0]).max(n);
            return Err(err(
                format!(
                    "`{name}` needs an array chunked along rows only, but this one has {} column chunks",
                    chunks[1].len()
                ),
                span,
                format!("chunks {}", chunks_str(&x.meta.chunks)),
            )
            .note(format!(
                "rechunk it to full rows, e.g. `rechunk(x, ({rows}, -1))`, or use `svd_compressed` for a wide array"
            )));
        }
        chunks[1] = vec![n];
    }
    chunks[0] = merge_to_min(&chunks[0], n);
    Ok(build::rechunk_to(x, chunks))
}

fn chunks_str(c: &[Vec<usize>]) -> String {
    let first: Vec<String> = c.iter().map(|a| a[0].to_string()).collect();
    format!("({})", first.join(", "))
}

fn part(x: &Arr, p: TsqrPart, span: &Span) -> Arr {
    let (m, n) = (x.shape()[0], x.shape()[1]);
    let (shape, chunks) = match p {
        TsqrPart::Q | TsqrPart::U => (vec![m, n], vec![x.meta.chunks[0].clone(), vec![n]]),
        TsqrPart::R | TsqrPart::V => (vec![n, n], vec![vec![n], vec![n]]),
        TsqrPart::S => (vec![n], vec![vec![n]]),
    };
    Node::new(
        Op::Linalg(LinalgOp::Tsqr(p)),
        vec![x.clone()],
        Meta {
            shape,
            dtype: x.dtype(),
            chunks,
        },
        span.clone(),
    )
}

/// `q, r = qr(x)` for tall-and-skinny `x`: r has a non-negative diagonal.
pub fn qr(x: &Arr, span: &Span) -> Result<(Arr, Arr)> {
    let x = matrix(x, "qr", span)?;
    if x.shape()[0] < x.shape()[1] {
        return Err(err(
            "`qr` needs a tall-and-skinny array (at least as many rows as columns)",
            span,
            format!("shape {}", build::shape_str(x.shape())),
        )
        .note("the chunked QR (TSQR) factors tall arrays; for a short-and-fat `x` use `qr(x.T)`"));
    }
    let y = tsqr_input(&x, "qr", span)?;
    Ok((part(&y, TsqrPart::Q, span), part(&y, TsqrPart::R, span)))
}

/// `u, s, vh = svd(x)`: thin, singular values descending.
pub fn svd(x: &Arr, span: &Span) -> Result<(Arr, Arr, Arr)> {
    let x = matrix(x, "svd", span)?;
    if x.shape()[0] >= x.shape()[1] {
        let y = tsqr_input(&x, "svd", span)?;
        return Ok((
            part(&y, TsqrPart::U, span),
            part(&y, TsqrPart::S, span),
            part(&y, TsqrPart::V, span),
        ));
    }
    // x = (x.T).T = (u' s v'^T)^T = v' s u'^T
    let xt = build::transpose(&x, None, span.clone())?;
    let y = tsqr_input(&xt, "svd", span)?;
    let u = build::transpose(&part(&y, TsqrPart::V, span), None, span.clone())?;
    let vh = build::transpose(&part(&y, TsqrPart::U, span), None, span.clone())?;
    Ok((u, part(&y, TsqrPart::S, span), vh))
}

fn td(a: &Arr, b: &Arr, ia: usize, ib: usize, span: &Span) -> Result<Arr> {
    build::tensordot(
        a,
        b,
        vec![ia],
        vec![ib],
        (span.clone(), span.clone()),
        span.clone(),
    )
}

fn head(x: &Arr, axis: usize, k: usize, span: &Span) -> Result<Arr> {
    let mut items = vec![IndexItem::Slice(None, None, None, span.clone()); x.ndim()];
    items[axis] = IndexItem::Slice(None, Some(k as i64), None, span.clone());
    build::getitem(x, items, span.clone())
}

/// Randomized SVD (Halko, Martinsson and Tropp 2011): `u, s, vh` of rank `k`.
pub fn svd_compressed(
    x: &Arr,
    k: i64,
    n_power_iter: i64,
    seed: u64,
    span: &Span,
) -> Result<(Arr, Arr, Arr)> {
    let x = matrix(x, "svd_compressed", span)?;
    let (m, n) = (x.shape()[0], x.shape()[1]);
    if k < 1 || k as usize > m.min(n) {
        return Err(err(
            format!(
                "`svd_compressed` rank `k={k}` must be between 1 and {} for shape {}",
                m.min(n),
                build::shape_str(x.shape())
            ),
            span,
            "here",
        ));
    }
    if n_power_iter < 0 {
        return Err(err("`n_power_iter` must be non-negative", span, "here"));
    }
    // Each power iteration adds a few tasks per block of `x`: refuse a graph over the
    // task limit before building it node by node.
    let per_iter = 4 * super::limits::product(x.meta.chunks.iter().map(|c| c.len() as u128))
        .unwrap_or(u128::MAX);
    super::limits::check_tasks((n_power_iter as u128).saturating_mul(per_iter))
        .map_err(|d| d.label(span.clone(), format!("n_power_iter={n_power_iter}")))?;
    let k = k as usize;
    // dask's compression level: k plus 10 oversamples, at least 20, at most min(m, n).
    let l = (k + 10).max(20).min(m.min(n));
    let omega = Node::new(
        Op::Random { seed, normal: true },
        vec![],
        Meta {
            shape: vec![n, l],
            dtype: DType::F64,
            chunks: vec![x.meta.chunks[1].clone(), vec![l]],
        },
        span.clone(),
    );
    let omega = build::astype(&omega, x.dtype(), span.clone())?;
    let q_of = |y: &Arr| -> Result<Arr> { Ok(qr(y, span)?.0) };
    let mut q = q_of(&td(&x, &omega, 1, 0, span)?)?;
    for _ in 0..n_power_iter {
        // Re-orthonormalise between the two products: the powers of x x^T lose precision.
        let z = q_of(&td(&x, &q, 0, 0, span)?)?;
        q = q_of(&td(&x, &z, 1, 0, span)?)?;
    }
    let b = td(&q, &x, 0, 0, span)?;
    let (ub, s, vh) = svd(&b, span)?;
    let u = td(&q, &ub, 1, 0, span)?;
    Ok((
        head(&u, 1, k, span)?,
        head(&s, 0, k, span)?,
        head(&vh, 0, k, span)?,
    ))
}

fn dense(op: Dense, ins: Vec<Arr>, shape: Vec<usize>, span: &Span) -> Result<Arr> {
    // Each input becomes one block: one that cannot fit in memory is an error now.
    for x in &ins {
        let bytes = super::limits::product(x.shape().iter().map(|&d| d as u128))
            .unwrap_or(u128::MAX)
            .saturating_mul(x.dtype().size() as u128);
        super::limits::check_block(bytes, None).map_err(|d| {
            d.label(
                span.clone(),
                format!(
                    "a whole-matrix operation on shape {}",
                    build::shape_str(x.shape())
                ),
            )
        })?;
    }
    let dtype = op.out_dtype(ins[0].dtype());
    let chunks = shape.iter().map(|&d| vec![d]).collect();
    Ok(Node::new(
        Op::Linalg(LinalgOp::Dense(op)),
        ins.iter().map(whole).collect(),
        Meta {
            shape,
            dtype,
            chunks,
        },
        span.clone(),
    ))
}

/// Promotes two float operands to one dtype.
fn same_float(a: Arr, b: Arr, span: &Span) -> Result<(Arr, Arr)> {
    let dt = DType::promote(a.dtype(), b.dtype());
    Ok((
        build::astype(&a, dt, span.clone())?,
        build::astype(&b, dt, span.clone())?,
    ))
}

/// Linear algebra here factorises real matrices only.
fn no_complex(x: &Arr, name: &str, span: &Span) -> Result<()> {
    if x.dtype().is_complex() {
        return Err(err(
            format!("`{name}` of a complex matrix is not supported"),
            span,
            format!("dtype {}", x.dtype()),
        ));
    }
    Ok(())
}

/// `eig(a)` (general, complex results) or `eigh(a)` (`symmetric`: the lower triangle, real
/// ascending eigenvalues): the packed `[w; v]` of one whole-matrix task -> `(w, v)`.
pub fn eig(a: &Arr, symmetric: bool, name: &str, span: &Span) -> Result<(Arr, Arr)> {
    let a = square(a, name, span)?;
    let n = a.shape()[0];
    let op = if symmetric { Dense::Eigh } else { Dense::Eig };
    let p = dense(op, vec![a], vec![n + 1, n], span)?;
    let w = build::getitem(&p, vec![IndexItem::Int(0, span.clone())], span.clone())?;
    let v = build::getitem(
        &p,
        vec![IndexItem::Slice(Some(1), None, None, span.clone())],
        span.clone(),
    )?;
    Ok((w, v))
}

fn rhs(b: &Arr, n: usize, name: &str, span: &Span) -> Result<Arr> {
    no_complex(b, name, span)?;
    if b.ndim() == 0 || b.ndim() > 2 || b.shape()[0] != n {
        return Err(err(
            format!(
                "`{name}`: right-hand side of shape {} does not match a matrix with {n} rows",
                build::shape_str(b.shape())
            ),
            span,
            "here",
        ));
    }
    float(b, span)
}

/// `solve(a, b)`.
pub fn solve(a: &Arr, b: &Arr, span: &Span) -> Result<Arr> {
    let a = square(a, "solve", span)?;
    let b = rhs(b, a.shape()[0], "solve", span)?;
    let (a, b) = same_float(a, b, span)?;
    let shape = b.shape().to_vec();
    dense(Dense::Solve, vec![a, b], shape, span)
}

/// `det(a)`: one whole-matrix task (LU), a 0-d result.
pub fn det(a: &Arr, span: &Span) -> Result<Arr> {
    let a = square(a, "det", span)?;
    dense(Dense::Det, vec![a], vec![], span)
}

/// `lstsq(a, b)`: x = R⁻¹ Qᵀ b with the TSQR of `a`.
pub fn lstsq(a: &Arr, b: &Arr, span: &Span) -> Result<Arr> {
    let a = matrix(a, "lstsq", span)?;
    let b = rhs(b, a.shape()[0], "lstsq", span)?;
    let (a, b) = same_float(a, b, span)?;
    let (q, r) = qr(&a, span)?;
    let qtb = td(&q, &b, 0, 0, span)?;
    let shape = qtb.shape().to_vec();
    dense(Dense::SolveUpper, vec![r, qtb], shape, span)
}

/// `inv(a)` and `cholesky(a)`.
pub fn unary_dense(op: Dense, name: &str, a: &Arr, span: &Span) -> Result<Arr> {
    let a = square(a, name, span)?;
    let shape = a.shape().to_vec();
    dense(op, vec![a], shape, span)
}

fn red(x: &Arr, op: ReduceOp, axes: Option<Vec<usize>>, span: &Span) -> Result<Arr> {
    build::reduce(x, op, axes, false, span.clone())
}

fn un(op: UnaryOp, x: &Arr, span: &Span) -> Result<Arr> {
    build::unary(op, (Operand::Array(x.clone()), span.clone()), span.clone())
}

fn bin(op: BinaryOp, x: &Arr, y: Operand, span: &Span) -> Result<Arr> {
    build::binary(
        op,
        (Operand::Array(x.clone()), span.clone()),
        (y, span.clone()),
        span.clone(),
    )
}

/// numpy's `ord` values.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Ord {
    Default,
    Fro,
    Nuc,
    P(f64),
}

/// `norm(x, ord=None, axis=None)` with numpy's meaning of `ord`.
pub fn norm(x: &Arr, ord: &Value, axis: Option<Vec<usize>>, span: &Span) -> Result<Arr> {
    let x = float(x, span)?;
    let ord = match ord {
        Value::None => Ord::Default,
        Value::Str(s) if s == "fro" => Ord::Fro,
        Value::Str(s) if s == "nuc" => Ord::Nuc,
        Value::Int(i) => Ord::P(*i as f64),
        Value::Float(f) => Ord::P(*f),
        other => {
            return Err(err(
                format!("invalid norm order `{}`", other.type_name()),
                span,
                "ord",
            )
            .note("ord is None, 'fro', 'nuc', inf, -inf or a number"))
        }
    };
    let axes = match axis {
        Some(a) => a,
        None if ord == Ord::Default => {
            // The 2-norm of all values, whatever the number of dimensions.
            return un(
                UnaryOp::Sqrt,
                &red(
                    &bin(BinaryOp::Mul, &x, Operand::Array(x.clone()), span)?,
                    ReduceOp::Sum,
                    None,
                    span,
                )?,
                span,
            );
        }
        None if x.ndim() <= 2 => (0..x.ndim()).collect(),
        None => {
            return Err(err(
                "improper number of dimensions to norm",
                span,
                format!("{}-d array", x.ndim()),
            )
            .note("give `axis=` with one or two axes"))
        }
    };
    let abs = un(UnaryOp::Abs, &x, span)?;
    match (axes.len(), ord) {
        (1, Ord::Default) | (1, Ord::P(2.0)) => un(
            UnaryOp::Sqrt,
            &red(&bin(BinaryOp::Mul, &x, Operand::Array(x.clone()), span)?, ReduceOp::Sum, Some(axes), span)?,
            span,
        ),
        (1, Ord::P(p)) if p == f64::INFINITY => red(&abs, ReduceOp::Max, Some(axes), span),
        (1, Ord::P(p)) if p == f64::NEG_INFINITY => red(&abs, ReduceOp::Min, Some(axes), span),
        (1, Ord::P(p)) if p == 0.0 => {
            let nz = bin(BinaryOp::Ne, &x, Operand::Scalar(Scalar::Float(0.0)), span)?;
            let nz = build::astype(&nz, x.dtype(), span.clone())?;
            red(&nz, ReduceOp::Sum, Some(axes), span)
        }
        (1, Ord::P(p)) if p == 1.0 => red(&abs, ReduceOp::Sum, Some(axes), span),
        (1, Ord::P(p)) => {
            let pw = bin(BinaryOp::Pow, &abs, Operand::Scalar(Scalar::Float(p)), span)?;
            let s = red(&pw, ReduceOp::Sum, Some(axes), span)?;
            bin(BinaryOp::Pow, &s, Operand::Scalar(Scalar::Float(1.0 / p)), span)
        }
        (2, Ord::Default | Ord::Fro) => un(
            UnaryOp::Sqrt,
            &red(&bin(BinaryOp::Mul, &x, Operand::Array(x.clone()), span)?, ReduceOp::Sum, Some(axes), span)?,
            span,
        ),
        (2, Ord::P(p)) if p.abs() == 1.0 || p.is_infinite() => {
            // 1: largest column sum; inf: largest row sum (min for the negative orders).
            let (row, col) = (axes[0], axes[1]);
            let (sum_ax, mut other) = if p.abs() == 1.0 { (row, col) } else { (col, row) };
            if other > sum_ax {
                other -= 1;
            }
            let s = red(&abs, ReduceOp::Sum, Some(vec![sum_ax]), span)?;
            let op = if p > 0.0 { ReduceOp::Max } else { ReduceOp::Min };
            red(&s, op, Some(vec![other]), span)
        }
        (2, Ord::Nuc | Ord::P(2.0) | Ord::P(-2.0)) => {
            if x.ndim() != 2 || axes[0] == axes[1] {
                return Err(err(
                    "norms from singular values take a 2-d array",
                    span,
                    format!("{}-d array", x.ndim()),
                ));
            }
            let m = if axes[0] < axes[1] {
                x.clone()
            } else {
                build::transpose(&x, None, span.clone())?
            };
            let (_, s, _) = svd(&m, span)?;
            let op = match ord {
                Ord::Nuc => ReduceOp::Sum,
                Ord::P(p) if p > 0.0 => ReduceOp::Max,
                _ => ReduceOp::Min,
            };
            red(&s, op, None, span)
        }
        _ => Err(err("invalid norm order for this number of axes", span, "here")
            .note("vectors: None, inf, -inf, 0, 1, p; matrices: None, 'fro', 'nuc', inf, -inf, 1, -1, 2, -2")),
    }
}

/// `a @ b` with numpy's matmul semantics: stacks of matrices broadcast over leading axes.
pub fn matmul(a: &Arr, b: &Arr, spans: (Span, Span), span: Span) -> Result<Arr> {
    if a.ndim() == 0 || b.ndim() == 0 {
        return Err(Diagnostic::new(
            codes::CONTRACTION,
            "matmul: input operand does not have enough dimensions",
        )
        .label(span, "a 0-d operand")
        .note("use `*` to multiply by a scalar"));
    }
    if a.ndim() <= 2 && b.ndim() <= 2 {
        return build::dot(a, b, spans, span);
    }
    let a1 = if a.ndim() == 1 {
        build::expand_dims(a, (0, span.clone()), span.clone())?
    } else {
        a.clone()
    };
    let b1 = if b.ndim() == 1 {
        build::expand_dims(b, (1, span.clone()), span.clone())?
    } else {
        b.clone()
    };
    let k = a1.shape()[a1.ndim() - 1];
    if b1.shape()[b1.ndim() - 2] != k {
        return Err(Diagnostic::new(
            codes::CONTRACTION,
            format!(
                "matmul: shapes {} and {} not aligned: {} != {}",
                build::shape_str(a.shape()),
                build::shape_str(b.shape()),
                k,
                b1.shape()[b1.ndim() - 2]
            ),
        )
        .label(spans.0, format!("shape {}", build::shape_str(a.shape())))
        .label(spans.1, format!("shape {}", build::shape_str(b.shape()))));
    }
    // (..., n, k, 1) * (..., 1, k, m) summed over k: one fused multiply-and-sum per chunk.
    let ax = build::expand_dims(&a1, (-1, span.clone()), span.clone())?;
    let bx = build::expand_dims(&b1, (-3, span.clone()), span.clone())?;
    let prod = build::binary(
        BinaryOp::Mul,
        (Operand::Array(ax), spans.0.clone()),
        (Operand::Array(bx), spans.1.clone()),
        span.clone(),
    )?;
    let mut out = red(&prod, ReduceOp::Sum, Some(vec![prod.ndim() - 2]), &span)?;
    if b.ndim() == 1 {
        out = build::squeeze(&out, Some(vec![out.ndim() - 1]), span.clone())?;
    }
    if a.ndim() == 1 {
        out = build::squeeze(&out, Some(vec![out.ndim() - 2]), span.clone())?;
    }
    Ok(out)
}

/// `einsum(spec, *operands)`.
pub fn einsum(spec: &str, ops: Vec<(Arr, Span)>, span: &Span) -> Result<Arr> {
    let bad = |msg: String| err(msg, span, "here");
    let spec: String = spec.chars().filter(|c| !c.is_whitespace()).collect();
    let (lhs, out) = match spec.split_once("->") {
        Some((l, o)) => (l.to_string(), Some(o.to_string())),
        None => (spec.clone(), None),
    };
    let ins: Vec<Vec<char>> = lhs.split(',').map(|s| s.chars().collect()).collect();
    if ins.len() != ops.len() {
        return Err(bad(format!(
            "einsum: {} operands in the subscripts but {} given",
            ins.len(),
            ops.len()
        )));
    }
    if ops.is_empty() {
        return Err(bad("einsum needs at least one operand".into()));
    }
    let mut size: Vec<(char, usize)> = Vec::new();
    for (letters, (a, _)) in ins.iter().zip(&ops) {
        if letters.iter().any(|c| !c.is_ascii_alphabetic()) {
            return Err(bad(format!(
                "einsum: subscripts are letters, got `{}`",
                letters.iter().collect::<String>()
            ))
            .note("ellipses (`...`) are not supported"));
        }
        if letters.len() != a.ndim() {
            return Err(bad(format!(
                "einsum: `{}` has {} subscripts for a {}-d operand",
                letters.iter().collect::<String>(),
                letters.len(),
                a.ndim()
            )));
        }
        for (&c, &d) in letters.iter().zip(a.shape()) {
            match size.iter().find(|s| s.0 == c) {
                Some(&(_, d0)) if d0 != d => {
                    return Err(Diagnostic::new(
                        codes::CONTRACTION,
                        format!("einsum: subscript `{c}` has sizes {d0} and {d}"),
                    )
                    .label(span.clone(), "here"))
                }
                Some(_) => {}
                None => size.push((c, d)),
            }
        }
    }
    let out: Vec<char> = match out {
        Some(o) => o.chars().collect(),
        None => {
            let mut once: Vec<char> = size
                .iter()
                .map(|s| s.0)
                .filter(|&c| ins.iter().flatten().filter(|&&d| d == c).count() == 1)
                .collect();
            once.sort_unstable();
            once
        }
    };
    for (i, &c) in out.iter().enumerate() {
        if !size.iter().any(|s| s.0 == c) || out[..i].contains(&c) {
            return Err(bad(format!(
                "einsum: output subscript `{c}` is repeated or not in the inputs"
            )));
        }
    }
    // Diagonals first ('ii' -> 'i'), then contract left to right keeping what later
    // operands and the output still need.
    let mut cur: Vec<(Arr, Vec<char>)> = Vec::new();
    for (letters, (a, _)) in ins.iter().zip(&ops) {
        cur.push(diagonal(a, letters, span)?);
    }
    let mut acc = cur.remove(0);
    while !cur.is_empty() {
        let next = cur.remove(0);
        let needed: Vec<char> = out
            .iter()
            .chain(cur.iter().flat_map(|c| c.1.iter()))
            .copied()
            .collect();
        let keep: Vec<char> = {
            let mut k: Vec<char> = Vec::new();
            for &c in acc.1.iter().chain(&next.1) {
                if needed.contains(&c) && !k.contains(&c) {
                    k.push(c);
                }
            }
            k
        };
        acc = (contract2(&acc, &next, &keep, span)?, keep);
    }
    single(&acc.0, &acc.1, &out, span)
}

fn diagonal(a: &Arr, letters: &[char], span: &Span) -> Result<(Arr, Vec<char>)> {
    let distinct = {
        let mut s = letters.to_vec();
        s.sort_unstable();
        s.dedup();
        s.len()
    };
    if distinct == letters.len() {
        return Ok((a.clone(), letters.to_vec()));
    }
    if letters.len() != 2 {
        return Err(err(
            "einsum: a repeated subscript (diagonal) is supported for 2-d operands only",
            span,
            "here",
        ));
    }
    // x * eye summed over the second axis: the diagonal, chunked like x.
    let eye = Node::new(
        Op::Eye { k: 0 },
        vec![],
        Meta {
            shape: a.shape().to_vec(),
            dtype: a.dtype(),
            chunks: a.meta.chunks.clone(),
        },
        span.clone(),
    );
    let masked = bin(BinaryOp::Mul, a, Operand::Array(eye), span)?;
    Ok((
        red(&masked, ReduceOp::Sum, Some(vec![1]), span)?,
        vec![letters[0]],
    ))
}

/// Sums the letters not in `out`, then orders the axes as `out`.
fn single(a: &Arr, letters: &[char], out: &[char], span: &Span) -> Result<Arr> {
    let gone: Vec<usize> = (0..letters.len())
        .filter(|&k| !out.contains(&letters[k]))
        .collect();
    let (a, rest) = if gone.is_empty() {
        (a.clone(), letters.to_vec())
    } else {
        let r = red(a, ReduceOp::Sum, Some(gone.clone()), span)?;
        let rest: Vec<char> = (0..letters.len())
            .filter(|k| !gone.contains(k))
            .map(|k| letters[k])
            .collect();
        (r, rest)
    };
    let perm: Vec<(i64, Span)> = out
        .iter()
        .map(|c| {
            (
                rest.iter().position(|r| r == c).expect("kept") as i64,
                span.clone(),
            )
        })
        .collect();
    if perm.is_empty() {
        return Ok(a);
    }
    build::transpose(&a, Some(perm), span.clone())
}

/// Two operands -> the letters `keep` (in that order).
fn contract2(
    a: &(Arr, Vec<char>),
    b: &(Arr, Vec<char>),
    keep: &[char],
    span: &Span,
) -> Result<Arr> {
    // Letters only one side has and nobody needs are summed away first.
    let only = |x: &(Arr, Vec<char>), other: &[char]| -> Result<(Arr, Vec<char>)> {
        let kept: Vec<char> =
            x.1.iter()
                .copied()
                .filter(|c| keep.contains(c) || other.contains(c))
                .collect();
        Ok((single(&x.0, &x.1, &kept, span)?, kept))
    };
    let (a, la) = only(a, &b.1)?;
    let (b, lb) = only(b, &la)?;
    let shared: Vec<char> = la.iter().copied().filter(|c| lb.contains(c)).collect();
    let batch: Vec<char> = shared
        .iter()
        .copied()
        .filter(|c| keep.contains(c))
        .collect();
    let con: Vec<char> = shared
        .iter()
        .copied()
        .filter(|c| !keep.contains(c))
        .collect();
    if batch.is_empty() {
        let ia = con
            .iter()
            .map(|c| la.iter().position(|x| x == c).expect("shared"))
            .collect();
        let ib = con
            .iter()
            .map(|c| lb.iter().position(|x| x == c).expect("shared"))
            .collect();
        let r = build::tensordot(&a, &b, ia, ib, (span.clone(), span.clone()), span.clone())?;
        let letters: Vec<char> = la
            .iter()
            .filter(|c| !con.contains(c))
            .chain(lb.iter().filter(|c| !con.contains(c)))
            .copied()
            .collect();
        return single(&r, &letters, keep, span);
    }
    // Batch letters: broadcast product over batch, free a, free b, contracted; sum the last.
    let free_a: Vec<char> = la.iter().copied().filter(|c| !shared.contains(c)).collect();
    let free_b: Vec<char> = lb.iter().copied().filter(|c| !shared.contains(c)).collect();
    let order: Vec<char> = batch
        .iter()
        .chain(&free_a)
        .chain(&free_b)
        .chain(&con)
        .copied()
        .collect();
    let align = |x: &Arr, lx: &[char]| -> Result<Arr> {
        let mine: Vec<char> = order.iter().copied().filter(|c| lx.contains(c)).collect();
        let mut y = single(x, lx, &mine, span)?;
        for (pos, c) in order.iter().enumerate() {
            if !lx.contains(c) {
                y = build::expand_dims(&y, (pos as i64, span.clone()), span.clone())?;
            }
        }
        Ok(y)
    };
    let prod = build::binary(
        BinaryOp::Mul,
        (Operand::Array(align(&a, &la)?), span.clone()),
        (Operand::Array(align(&b, &lb)?), span.clone()),
        span.clone(),
    )?;
    let n_keep = order.len() - con.len();
    let summed = if con.is_empty() {
        prod
    } else {
        red(
            &prod,
            ReduceOp::Sum,
            Some((n_keep..order.len()).collect()),
            span,
        )?
    };
    single(&summed, &order[..n_keep], keep, span)
}
