//! Products: operands -> N-d `matmul` (broadcast multiply and sum) and `einsum`
//! (diagonals, then pairwise tensordots or broadcast products).

use super::{bin, err, red};
use crate::diagnostic::{codes, Diagnostic};
use crate::expr::build::{self, Operand};
use crate::expr::interp::Result;
use crate::expr::node::{Arr, Meta, Node, Op};
use crate::kernels::elementwise::BinaryOp;
use crate::kernels::reduce::ReduceOp;
use crate::source::Span;

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
