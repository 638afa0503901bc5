//! `norm`: an array and numpy's `ord`/`axis` -> reductions (singular values for 2, -2, nuc).

use super::{bin, err, float, red, svd, un};
use crate::expr::build::{self, Operand};
use crate::expr::interp::Result;
use crate::expr::node::Arr;
use crate::expr::value::Value;
use crate::kernels::elementwise::{BinaryOp, UnaryOp};
use crate::kernels::reduce::ReduceOp;
use crate::kernels::Scalar;
use crate::source::Span;

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
    let xs = float(x, span)?;
    // numpy: complex entries count by magnitude; only the singular values read `xs` itself.
    let x = if xs.dtype().is_complex() {
        un(UnaryOp::Abs, &xs, span)?
    } else {
        xs.clone()
    };
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
        (1, Ord::P(0.0)) => {
            let nz = bin(BinaryOp::Ne, &x, Operand::Scalar(Scalar::Float(0.0)), span)?;
            let nz = build::astype(&nz, x.dtype(), span.clone())?;
            red(&nz, ReduceOp::Sum, Some(axes), span)
        }
        (1, Ord::P(1.0)) => red(&abs, ReduceOp::Sum, Some(axes), span),
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
                xs.clone()
            } else {
                build::transpose(&xs, None, span.clone())?
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
