//! Random: shape and seed -> lazy counter-based random arrays (the same values for a seed whatever the chunking).

use super::args::{to_chunks, to_f64, to_shape};
use super::{Bound, Function, Imp};
use crate::dtype::DType;
use crate::expr::build::{self, Operand};
use crate::expr::interp::{Interp, Result};
use crate::expr::node::{Meta, Node, Op};
use crate::expr::value::Value;
use crate::kernels::elementwise::BinaryOp;
use crate::kernels::Scalar;

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
];

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
