//! Factorizations: matrices -> lazy factors. `qr`/`svd` are parts of one TSQR node per
//! input, `svd_compressed` is built from products and QRs, `eig`/`eigh` unpack one
//! whole-matrix task.

use super::{dense, err, matrix, no_complex, real, square, LinalgOp, TsqrPart};
use crate::dtype::DType;
use crate::expr::build::{self, IndexItem};
use crate::expr::interp::Result;
use crate::expr::node::{Arr, Meta, Node, Op};
use crate::kernels::linalg::Dense;
use crate::source::Span;

/// Widest array `qr`/`svd` rechunk to full rows on their own (its R is n×n per tree node).
pub const MAX_AUTO_COLUMNS: usize = 4096;
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
            real(&part(&y, TsqrPart::S, span), span)?,
            part(&y, TsqrPart::V, span),
        ));
    }
    // x = (x^H)^H = (u' s v'^H)^H = v' s u'^H (^H: conjugate transpose; ^T when real)
    let h = |a: &Arr| -> Result<Arr> {
        let t = build::transpose(a, None, span.clone())?;
        if t.dtype().is_complex() {
            super::un(crate::kernels::elementwise::UnaryOp::Conj, &t, span)
        } else {
            Ok(t)
        }
    };
    let y = tsqr_input(&h(&x)?, "svd", span)?;
    let u = h(&part(&y, TsqrPart::V, span))?;
    let vh = h(&part(&y, TsqrPart::U, span))?;
    Ok((u, real(&part(&y, TsqrPart::S, span), span)?, vh))
}

/// numpy's `svd(x, full_matrices=True)`: `u` m×m and `vh` n×n. The long axis must be one
/// chunk (a square `x`, whose full SVD is the thin one, may be chunked anyhow): the extra
/// vectors complete a basis of the long axis, which one whole-matrix task computes.
pub fn svd_full(x: &Arr, span: &Span) -> Result<(Arr, Arr, Arr)> {
    let x = matrix(x, "svd", span)?;
    let (m, n) = (x.shape()[0], x.shape()[1]);
    if m == n {
        return svd(&x, span);
    }
    let (long, big) = if m > n { (0, m) } else { (1, n) };
    if x.meta.chunks[long].len() > 1 {
        let (axis, side) = if long == 0 {
            ("rows", "u")
        } else {
            ("columns", "vh")
        };
        return Err(err(
            format!(
                "`svd` with `full_matrices=True` needs the long axis in one chunk: its `{side}` is {big}×{big}"
            ),
            span,
            format!(
                "shape {}, {} chunks along its {axis}",
                build::shape_str(x.shape()),
                x.meta.chunks[long].len()
            ),
        )
        .note("pass `full_matrices=False` for the thin SVD (`u` m×k, `vh` k×n with k = min(m, n)), as dask's `svd` always is"));
    }
    let bytes = (big as u128 * big as u128).saturating_mul(x.dtype().size() as u128);
    crate::expr::limits::check_block(bytes, None).map_err(|d| {
        d.label(
            span.clone(),
            format!("a full `svd` factor of shape ({big}, {big})"),
        )
        .note("pass `full_matrices=False` for the thin SVD")
    })?;
    let k = m.min(n);
    let u = dense(Dense::SvdUFull, vec![x.clone()], vec![m, m], span)?;
    let s = dense(Dense::SvdSFull, vec![x.clone()], vec![k], span)?;
    let vh = dense(Dense::SvdVFull, vec![x], vec![n, n], span)?;
    Ok((u, real(&s, span)?, vh))
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
    no_complex(x, "svd_compressed", span)?;
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
    let per_iter = 4 * crate::expr::limits::product(x.meta.chunks.iter().map(|c| c.len() as u128))
        .unwrap_or(u128::MAX);
    crate::expr::limits::check_tasks((n_power_iter as u128).saturating_mul(per_iter))
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

/// `eig(a)` (general, complex results) or `eigh(a)` (`symmetric`: the lower triangle, real
/// ascending eigenvalues): the packed `[w; v]` of one whole-matrix task -> `(w, v)`.
pub fn eig(a: &Arr, symmetric: bool, name: &str, span: &Span) -> Result<(Arr, Arr)> {
    let a = square(a, name, span)?;
    let n = a.shape()[0];
    let op = if symmetric { Dense::Eigh } else { Dense::Eig };
    let p = dense(op, vec![a], vec![n + 1, n], span)?;
    let w = build::getitem(&p, vec![IndexItem::Int(0, span.clone())], span.clone())?;
    // eigh of a Hermitian matrix: real eigenvalues (carried with zero imaginary parts).
    let w = if symmetric { real(&w, span)? } else { w };
    let v = build::getitem(
        &p,
        vec![IndexItem::Slice(Some(1), None, None, span.clone())],
        span.clone(),
    )?;
    Ok((w, v))
}
