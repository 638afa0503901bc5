//! The interpreter's operators: unary and binary operations on values (scalars fold at once, arrays build lazily).

use super::{Interp, Result};
use crate::diagnostic::{codes, Diagnostic};
use crate::expr::build::{self, Operand};
use crate::expr::functions;
use crate::expr::pyint::{scalar_binary, ScalarError};
use crate::expr::value::Value;
use crate::kernels::elementwise::{BinaryOp, UnaryOp};
use crate::source::Span;
use crate::syntax::ast::{BinOp, UnOp};

impl Interp {
    pub(super) fn unary(&mut self, op: UnOp, v: Value, vspan: Span, span: Span) -> Result<Value> {
        Ok(match (op, &v) {
            (UnOp::Pos, Value::Int(_) | Value::Float(_) | Value::Complex(..) | Value::Array(_)) => {
                v
            }
            (UnOp::Neg, Value::Complex(re, im)) => Value::Complex(-re, -im),
            (UnOp::Neg, Value::Int(i)) => match i.checked_neg() {
                Some(n) => Value::Int(n),
                None => {
                    return Err(Diagnostic::new(
                        codes::OVERFLOW,
                        format!("integer overflow: `-({i})` does not fit in int64"),
                    )
                    .label(span, "this result"))
                }
            },
            (UnOp::Neg, Value::Float(f)) => Value::Float(-f),
            (UnOp::Invert, Value::Bool(b)) => Value::Bool(!b),
            (UnOp::Invert, Value::Int(i)) => Value::Int(!i),
            (_, Value::Array(a)) => {
                let uop = if op == UnOp::Neg {
                    UnaryOp::Neg
                } else {
                    UnaryOp::Invert
                };
                Value::Array(build::unary(uop, (Operand::Array(a.clone()), vspan), span)?)
            }
            _ => {
                return Err(Diagnostic::new(
                    codes::TYPE,
                    format!("bad operand type for unary operator: `{}`", v.type_name()),
                )
                .label(vspan, format!("this is a {}", v.type_name())))
            }
        })
    }

    /// `a op b` for arrays and scalars.
    pub fn binary(
        &mut self,
        op: BinOp,
        a: (Value, Span),
        b: (Value, Span),
        span: Span,
    ) -> Result<Value> {
        if op == BinOp::MatMul {
            let x = functions::to_array(self, &a.0, &a.1)?;
            let y = functions::to_array(self, &b.0, &b.1)?;
            return Ok(Value::Array(crate::expr::linalg::matmul(
                &x,
                &y,
                (a.1, b.1),
                span,
            )?));
        }
        let bop = match op {
            BinOp::Add => BinaryOp::Add,
            BinOp::Sub => BinaryOp::Sub,
            BinOp::Mul => BinaryOp::Mul,
            BinOp::Div => BinaryOp::Div,
            BinOp::FloorDiv => BinaryOp::FloorDiv,
            BinOp::Mod => BinaryOp::Mod,
            BinOp::Pow => BinaryOp::Pow,
            BinOp::And => BinaryOp::And,
            BinOp::Or => BinaryOp::Or,
            BinOp::Xor => BinaryOp::Xor,
            BinOp::Eq => BinaryOp::Eq,
            BinOp::Ne => BinaryOp::Ne,
            BinOp::Lt => BinaryOp::Lt,
            BinOp::Le => BinaryOp::Le,
            BinOp::Gt => BinaryOp::Gt,
            BinOp::Ge => BinaryOp::Ge,
            BinOp::MatMul => unreachable!("handled above"),
        };
        if let Some(r) = crate::expr::labels::api::binary(self, bop, &a, &b, &span) {
            return r;
        }
        // Tuples: `+` concatenates (shapes), `==` compares.
        if let (Value::Tuple(x), Value::Tuple(y)) = (&a.0, &b.0) {
            match op {
                BinOp::Add => {
                    crate::expr::limits::check_tuple(x.len(), y.len())
                        .map_err(|d| d.label(span.clone(), "this concatenation"))?;
                    return Ok(Value::Tuple(x.iter().chain(y).cloned().collect()));
                }
                BinOp::Eq | BinOp::Ne => {
                    let eq = format!("{x:?}") == format!("{y:?}");
                    return Ok(Value::Bool(eq == (op == BinOp::Eq)));
                }
                _ => {}
            }
        }
        if let (Some(x), Some(y)) = (a.0.scalar(), b.0.scalar()) {
            return match scalar_binary(bop, x, y) {
                Ok(s) => Ok(Value::from_scalar(s)),
                Err(ScalarError::DivisionByZero) => {
                    Err(Diagnostic::new(codes::TYPE, "division by zero")
                        .label(b.1.clone(), "this is zero"))
                }
                Err(ScalarError::Complex) => Err(Diagnostic::new(
                    codes::TYPE,
                    format!("`{}` is not defined for complex numbers", op.symbol()),
                )
                .label(span, "a complex operand")),
                Err(ScalarError::Overflow) => Err(Diagnostic::new(
                    codes::OVERFLOW,
                    format!(
                        "integer overflow: `{} {} {}` does not fit in int64",
                        x.as_i64(),
                        op.symbol(),
                        y.as_i64()
                    ),
                )
                .label(span, "this result")
                .note(
                    "Python ints are exact; arrlang's are int64 (use floats for larger numbers)",
                )),
            };
        }
        let x = functions::to_operand(self, &a.0, &a.1)?;
        let y = functions::to_operand(self, &b.0, &b.1)?;
        Ok(Value::Array(build::binary(bop, (x, a.1), (y, b.1), span)?))
    }
}
