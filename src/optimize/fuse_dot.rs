//! A generator fused into the contraction it feeds: the contraction generates the operand
//! itself, panel by panel (`kernels::contract_gen`), instead of reading a whole generated block.
//!
//! ```text
//! random x(i) ──> tensordot(i) <── random y(i)   =>   [x, y generated]+tensordot(i)
//! ```

use crate::dtype::DType;
use crate::graph::{Task, TaskKind};
use crate::kernels::contract_gen::{streamable, DotGen, Operand};
use crate::kernels::program::Program;
use petgraph::stable_graph::NodeIndex;
use std::sync::Arc;

/// The contraction `c` with its operand `p` (a generator task, `prog` placed at its block,
/// read by `c` only) generated in the task; None when `c` is not a matrix contraction of
/// floats or `p` cannot be generated in parts.
pub fn with_generated(p: NodeIndex, pt: &Task, prog: &Arc<Program>, ct: &Task) -> Option<DotGen> {
    if !pt.inputs.is_empty()
        || pt.shape.len() != 2
        || !matches!(prog.out_dtype(), DType::F64 | DType::F32)
        || ct.inputs.iter().filter(|&&i| i == p).count() != 1
        || !streamable(prog, &pt.shape)
    {
        return None;
    }
    let mut spec = match &ct.kind {
        TaskKind::TensorDot { axes_a, axes_b } if ct.inputs.len() == 2 => DotGen {
            axes_a: axes_a.clone(),
            axes_b: axes_b.clone(),
            a: Operand::Input,
            b: Operand::Input,
        },
        TaskKind::DotGen(spec) => (**spec).clone(),
        _ => return None,
    };
    if spec.axes_a.len() != 1 {
        return None;
    }
    let slot = ct.inputs.iter().position(|&i| i == p)?;
    let generated = Operand::Generated {
        prog: prog.clone(),
        shape: pt.shape.clone(),
    };
    // The task's inputs are its Input operands, in order (a, then b).
    let inputs = [&spec.a, &spec.b].map(|o| matches!(o, Operand::Input));
    match (inputs, slot) {
        ([true, _], 0) => spec.a = generated,
        ([true, true], 1) | ([false, true], 0) => spec.b = generated,
        _ => return None,
    }
    Some(spec)
}
