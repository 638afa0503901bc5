//! Planning: Program + input blocks -> Plan (typed nodes, folded scalars, scratch slots).
//!
//! ```text
//! Program ──normalize──> Program with explicit casts (every op sees the dtypes it expects)
//!         ──plan──────> nodes: Scalar | Direct(input slice) | Leaf | op,  + one scratch
//!                       slot per live intermediate, reused once its last reader is done
//! ```

use super::super::elementwise::{
    binary_tile, cast_tile, unary_tile, where_tile, AnySrc, BinaryOp, Src, UnaryOp,
};
use super::super::random::Stream;
use super::super::{Block, Element, Scalar};
use super::leaves::{row_major_strides, view_input, Affine, InputView, Leaf, Source, Vals};
use super::{Instr, Program};
use crate::dtype::DType;

/// What a node is during tile evaluation.
pub(super) enum Kind<'a> {
    /// The same value everywhere: needs no buffer.
    Scalar(AnySrc<'static>),
    /// A row-major input of the output's shape: its tile is a subslice.
    Direct(Vals<'a>),
    Leaf(Leaf<'a>),
    Unary(UnaryOp, usize),
    Binary(BinaryOp, usize, usize),
    Where(usize, usize, usize),
    Cast(usize),
}

pub(super) struct Node<'a> {
    pub(super) kind: Kind<'a>,
    pub(super) dtype: DType,
    /// The scratch buffer this node writes, if it is evaluated per tile.
    pub(super) slot: Option<usize>,
    /// False for nodes the result does not depend on.
    pub(super) live: bool,
}

pub(super) struct Plan<'a> {
    pub(super) nodes: Vec<Node<'a>>,
    /// The node holding the result.
    pub(super) result: usize,
    /// The dtype of each scratch slot.
    pub(super) slots: Vec<DType>,
}

impl<'a> Plan<'a> {
    /// Plans `prog` over `out_shape`. With `result_slot`, the result gets a scratch slot
    /// unless it is a Direct input (tile callbacks); without, the caller supplies its memory.
    pub(super) fn new(
        prog: &Program,
        inputs: &[&'a Block],
        out_shape: &[usize],
        result_slot: bool,
    ) -> Plan<'a> {
        let (norm, result) = normalize(prog, inputs);
        let mut nodes: Vec<Node<'a>> = Vec::with_capacity(norm.instrs.len());
        for (instr, &dtype) in norm.instrs.iter().zip(&norm.dtypes) {
            let kind = build_kind(instr, dtype, inputs, out_shape, &nodes);
            nodes.push(Node {
                kind,
                dtype,
                slot: None,
                live: false,
            });
        }
        let mut plan = Plan {
            nodes,
            result,
            slots: Vec::new(),
        };
        plan.mark_live();
        plan.assign_slots(result_slot);
        plan
    }

    fn mark_live(&mut self) {
        self.nodes[self.result].live = true;
        for i in (0..=self.result).rev() {
            if self.nodes[i].live {
                for j in operands(&self.nodes[i].kind) {
                    self.nodes[j].live = true;
                }
            }
        }
    }

    /// Gives each live per-tile node a scratch slot, reusing slots whose value is dead.
    fn assign_slots(&mut self, result_slot: bool) {
        let n = self.nodes.len();
        let mut last_use = vec![0usize; n];
        for i in 0..n {
            if self.nodes[i].live {
                for j in operands(&self.nodes[i].kind) {
                    last_use[j] = i;
                }
            }
        }
        let mut free: Vec<usize> = Vec::new();
        for i in 0..=self.result {
            let node = &self.nodes[i];
            let needs = node.live
                && match node.kind {
                    Kind::Direct(_) => false,
                    Kind::Scalar(_) => i == self.result && result_slot,
                    _ => i != self.result || result_slot,
                };
            if needs {
                let dtype = node.dtype;
                let slot = match free.iter().position(|&s| self.slots[s] == dtype) {
                    Some(k) => free.swap_remove(k),
                    None => {
                        self.slots.push(dtype);
                        self.slots.len() - 1
                    }
                };
                self.nodes[i].slot = Some(slot);
            }
            // Operands die after this node has read them; the slot just taken is distinct.
            let mut ops = operands(&self.nodes[i].kind);
            ops.sort_unstable();
            ops.dedup();
            for j in ops {
                if last_use[j] == i {
                    if let Some(s) = self.nodes[j].slot {
                        free.push(s);
                    }
                }
            }
        }
    }
}

fn operands(kind: &Kind) -> Vec<usize> {
    match *kind {
        Kind::Unary(_, a) | Kind::Cast(a) => vec![a],
        Kind::Binary(_, a, b) => vec![a, b],
        Kind::Where(c, a, b) => vec![c, a, b],
        _ => Vec::new(),
    }
}

/// Rewrites `prog` so that every operation sees the operand dtypes it is defined on and
/// produces its natural dtype, with explicit `Cast`s where `prog.dtypes` asks for another
/// (the compiler normally inserts them itself; this keeps a slip from ever reaching a kernel).
/// Returns the new program and the index of its result.
fn normalize(prog: &Program, inputs: &[&Block]) -> (Program, usize) {
    assert!(!prog.instrs.is_empty(), "internal: empty program");
    assert_eq!(
        prog.instrs.len(),
        prog.dtypes.len(),
        "internal: one dtype per instruction"
    );
    fn cast(p: &mut Program, j: usize, to: DType) -> usize {
        if p.dtypes[j] == to {
            j
        } else {
            p.push(Instr::Cast(j), to)
        }
    }
    let mut p = Program::default();
    let mut map: Vec<usize> = Vec::with_capacity(prog.instrs.len());
    for (instr, &dt) in prog.instrs.iter().zip(&prog.dtypes) {
        let id = match instr {
            &Instr::Input(i) => {
                let j = p.push(Instr::Input(i), inputs[i].dtype());
                cast(&mut p, j, dt)
            }
            Instr::Random { .. } if !dt.is_inexact() => {
                let j = p.push(instr.clone(), DType::F64);
                cast(&mut p, j, dt)
            }
            Instr::Const(_) | Instr::Random { .. } | Instr::Arange { .. } | Instr::Eye { .. } => {
                p.push(instr.clone(), dt)
            }
            &Instr::Unary(op, a) => {
                let a = map[a];
                let j = p.push(Instr::Unary(op, a), op.result_dtype(p.dtypes[a]));
                cast(&mut p, j, dt)
            }
            &Instr::Binary(op, a, b) => {
                let (a, b) = (map[a], map[b]);
                let mut common = DType::promote(p.dtypes[a], p.dtypes[b]);
                if op == BinaryOp::Div {
                    common = common.true_div();
                }
                let a = cast(&mut p, a, common);
                let b = cast(&mut p, b, common);
                let j = p.push(Instr::Binary(op, a, b), op.result_dtype(common));
                cast(&mut p, j, dt)
            }
            &Instr::Where(c, a, b) => {
                let c = cast(&mut p, map[c], DType::Bool);
                let a = cast(&mut p, map[a], dt);
                let b = cast(&mut p, map[b], dt);
                p.push(Instr::Where(c, a, b), dt)
            }
            &Instr::Cast(a) => cast(&mut p, map[a], dt),
        };
        map.push(id);
    }
    let result = *map.last().expect("non-empty");
    (p, result)
}

/// `s` converted to `dtype` as `Block::full` converts it.
fn scalar_src(s: Scalar, dtype: DType) -> AnySrc<'static> {
    match dtype {
        DType::Bool => AnySrc::Bool(Src::Scalar(s.as_bool())),
        DType::I8 => AnySrc::I8(Src::Scalar(Element::from_scalar(s))),
        DType::I16 => AnySrc::I16(Src::Scalar(Element::from_scalar(s))),
        DType::I32 => AnySrc::I32(Src::Scalar(Element::from_scalar(s))),
        DType::I64 => AnySrc::I64(Src::Scalar(Element::from_scalar(s))),
        DType::U8 => AnySrc::U8(Src::Scalar(Element::from_scalar(s))),
        DType::U16 => AnySrc::U16(Src::Scalar(Element::from_scalar(s))),
        DType::U32 => AnySrc::U32(Src::Scalar(Element::from_scalar(s))),
        DType::U64 => AnySrc::U64(Src::Scalar(Element::from_scalar(s))),
        DType::F32 => AnySrc::F32(Src::Scalar(s.as_f64() as f32)),
        DType::F64 => AnySrc::F64(Src::Scalar(s.as_f64())),
        DType::C64 => AnySrc::C64(Src::Scalar(Element::from_scalar(s))),
        DType::C128 => AnySrc::C128(Src::Scalar(Element::from_scalar(s))),
    }
}

fn build_kind<'a>(
    instr: &Instr,
    dtype: DType,
    inputs: &[&'a Block],
    out_shape: &[usize],
    nodes: &[Node<'a>],
) -> Kind<'a> {
    let scalar = |j: usize| match nodes[j].kind {
        Kind::Scalar(s) => Some(s),
        _ => None,
    };
    // An operation on scalars only is computed once, here.
    let fold = |f: &dyn Fn(&mut Vals<'static>)| {
        let mut one = Vals::zeros(dtype, 1);
        f(&mut one);
        Kind::Scalar(one.scalar(0))
    };
    match *instr {
        Instr::Const(s) => Kind::Scalar(scalar_src(s, dtype)),
        Instr::Input(i) => match view_input(inputs[i]) {
            InputView::Standard(vals) if inputs[i].shape() == out_shape => Kind::Direct(vals),
            InputView::Standard(vals) => {
                let shape = inputs[i].shape();
                leaf_kind(
                    Source::Input(vals),
                    out_shape,
                    shape,
                    &row_major_strides(shape),
                    0,
                    dtype,
                )
            }
            InputView::Strided(vals, strides, base) => leaf_kind(
                Source::Input(vals),
                out_shape,
                inputs[i].shape(),
                &strides,
                base,
                dtype,
            ),
        },
        Instr::Random {
            seed,
            normal,
            ref full_shape,
            ref offset,
            ref shape,
        } => {
            let strides = row_major_strides(full_shape);
            let base = offset
                .iter()
                .zip(&strides)
                .map(|(&o, &s)| o as i64 * s)
                .sum();
            let source = Source::Random {
                stream: Stream::new(seed),
                normal,
            };
            leaf_kind(source, out_shape, shape, &strides, base, dtype)
        }
        Instr::Arange {
            start,
            step,
            offset,
            len,
        } => {
            let integral = |v: f64| v.fract() == 0.0 && v.abs() < 9.0e18;
            let int = (!dtype.is_inexact() && integral(start) && integral(step))
                .then_some((start as i64, step as i64));
            leaf_kind(
                Source::Arange { start, step, int },
                out_shape,
                &[len],
                &[1],
                offset as i64,
                dtype,
            )
        }
        Instr::Eye { k, offset, shape } => {
            let base = offset[1] as i64 - offset[0] as i64;
            leaf_kind(Source::Eye { k }, out_shape, &shape, &[-1, 1], base, dtype)
        }
        Instr::Unary(op, a) => match scalar(a) {
            Some(x) => fold(&|o| unary_tile(op, x, o.tile_mut(0, 1))),
            None => Kind::Unary(op, a),
        },
        Instr::Binary(op, a, b) => match (scalar(a), scalar(b)) {
            (Some(x), Some(y)) => fold(&|o| binary_tile(op, x, y, o.tile_mut(0, 1))),
            _ => Kind::Binary(op, a, b),
        },
        Instr::Where(c, a, b) => match (scalar(c), scalar(a), scalar(b)) {
            (Some(AnySrc::Bool(c)), Some(x), Some(y)) => {
                fold(&|o| where_tile(c, x, y, o.tile_mut(0, 1)))
            }
            // A constant condition selects one operand.
            (Some(AnySrc::Bool(Src::Scalar(c))), _, _) => Kind::Cast(if c { a } else { b }),
            _ => Kind::Where(c, a, b),
        },
        Instr::Cast(a) => match scalar(a) {
            Some(x) => fold(&|o| cast_tile(x, o.tile_mut(0, 1))),
            None => Kind::Cast(a),
        },
    }
}

/// A leaf over `out_shape`, or a scalar when it has one value everywhere.
fn leaf_kind<'a>(
    source: Source<'a>,
    out_shape: &[usize],
    leaf_shape: &[usize],
    strides: &[i64],
    base: i64,
    dtype: DType,
) -> Kind<'a> {
    let leaf = Leaf {
        source,
        map: Affine::new(out_shape, leaf_shape, strides, base),
    };
    if leaf.map.is_constant() && out_shape.iter().product::<usize>() > 0 {
        let mut one = Vals::zeros(dtype, 1);
        leaf.fill(0, one.tile_mut(0, 1));
        return Kind::Scalar(one.scalar(0));
    }
    Kind::Leaf(leaf)
}

impl Kind<'_> {
    /// For tests: a short name of the node's kind.
    #[cfg(test)]
    pub(super) fn name(&self) -> &'static str {
        match self {
            Kind::Scalar(_) => "scalar",
            Kind::Direct(_) => "direct",
            Kind::Leaf(_) => "leaf",
            Kind::Unary(..) => "unary",
            Kind::Binary(..) => "binary",
            Kind::Where(..) => "where",
            Kind::Cast(_) => "cast",
        }
    }
}
