//! Linear algebra lowering: TSQR trees and whole-matrix tasks -> graph tasks.
//!
//! TSQR of `x` (row blocks X0..X7, one column block of width n), fan-in 4:
//!
//! ```text
//! X0  X1  X2  X3   X4  X5  X6  X7        QrStack: per-block [Q_i; R_i]
//!  \   \  /   /     \   \  /   /
//!   QrStack(R0..R3)  QrStack(R4..R7)      QR of the stacked R's: [Q'; R']
//!          \             /
//!           QrStack (root) ── R ──(svd)── SvdOfR: [U_r; s; Vt]
//!          /             \
//!   M = Q'[child rows] @ M_parent          QrApply, top-down
//!  /   |   |   \
//! Q0  Q1  Q2  Q3 ...  Q_i = Q_i(leaf) @ M_i
//! ```
//! The Q, R, U, S and V of one input share one tree (memoised per input array).

use super::{task_key, Lowerer};
use crate::expr::linalg::{LinalgOp, TsqrPart};
use crate::expr::node::Arr;
use crate::graph::{Grid, Task, TaskKind};
use crate::kernels::linalg::Kernel;
use petgraph::stable_graph::NodeIndex;

/// Partial R's stacked per tree node.
pub const TSQR_FANIN: usize = super::TREE_FANIN;

/// The tasks of one input's TSQR, built once and shared by its parts.
#[derive(Debug, Default)]
pub(crate) struct Tsqr {
    /// `levels[0]` are the leaves (one per row block); the last level holds the root.
    levels: Vec<Vec<NodeIndex>>,
    svd: Option<NodeIndex>,
    q: Option<Grid>,
    u: Option<Grid>,
}

/// A task factor handed down the tree: rows `m_start..m_start+n` of a task's block.
type Factor = Option<(NodeIndex, usize)>;

struct Ctx<'a> {
    a: &'a Arr,
    x: &'a Arr,
    n: usize,
}

impl Ctx<'_> {
    /// Whether a leaf of `m` rows is a Householder leaf (real, at least as tall as wide):
    /// its Q is applied to the factor coming down the tree, never formed on its own.
    fn householder(&self, m: usize) -> bool {
        !self.x.dtype().is_complex() && m >= self.n && self.n > 0
    }

    fn add(
        &self,
        l: &mut Lowerer,
        kernel: Kernel,
        inputs: Vec<NodeIndex>,
        block: Vec<usize>,
        shape: Vec<usize>,
        role: u8,
    ) -> NodeIndex {
        // Keyed by the input array, not the part: Q, R and S of one x are one tree.
        let key = task_key(self.x.key ^ 0x7451_5252, role, &block);
        l.g.add(Task {
            kind: TaskKind::Linalg(kernel),
            inputs,
            layer: self.a.id,
            block,
            shape,
            dtype: self.a.dtype(),
            key,
        })
    }
}

/// The grid of a linear algebra node `a` whose inputs have the grids `inputs`.
pub(crate) fn lower_linalg(l: &mut Lowerer, a: &Arr, op: LinalgOp, inputs: &[Grid]) -> Grid {
    match op {
        LinalgOp::Dense(d) => {
            let ins = inputs
                .iter()
                .map(|g| {
                    debug_assert_eq!(g.tasks.len(), 1, "dense linalg inputs are one block");
                    g.tasks[0]
                })
                .collect();
            let t = l.task(
                a,
                TaskKind::Linalg(Kernel::Dense(d)),
                ins,
                vec![0; a.ndim()],
                a.shape().to_vec(),
                0,
            );
            Grid {
                numblocks: vec![1; a.ndim()],
                tasks: vec![t],
            }
        }
        LinalgOp::Tsqr(part) => lower_tsqr_part(l, a, part, &inputs[0]),
    }
}

fn lower_tsqr_part(l: &mut Lowerer, a: &Arr, part: TsqrPart, input: &Grid) -> Grid {
    let x = &a.inputs[0];
    let n = x.shape()[1];
    let cx = Ctx { a, x, n };
    let mut t = l.tsqr.remove(&x.id).unwrap_or_default();
    if t.levels.is_empty() {
        build_tree(l, &cx, input, &mut t);
    }
    let root = t.levels.last().expect("tree has a root")[0];
    let single = |task| Grid {
        numblocks: vec![1; a.ndim()],
        tasks: vec![task],
    };
    let root_rows = l.g.g[root].shape[0];
    let grid = match part {
        TsqrPart::R => single(cx.add(
            l,
            Kernel::Rows {
                start: root_rows - n,
                len: n,
                flatten: false,
            },
            vec![root],
            vec![0, 0],
            vec![n, n],
            20,
        )),
        TsqrPart::Q => {
            if t.q.is_none() {
                t.q = Some(q_blocks(l, &cx, &t, None, 30));
            }
            t.q.clone().expect("just built")
        }
        TsqrPart::U | TsqrPart::S | TsqrPart::V => {
            let svd = *t.svd.get_or_insert_with(|| {
                cx.add(
                    l,
                    Kernel::SvdOfR { n },
                    vec![root],
                    vec![0],
                    vec![2 * n + 1, n],
                    21,
                )
            });
            match part {
                TsqrPart::U => {
                    if t.u.is_none() {
                        t.u = Some(q_blocks(l, &cx, &t, Some((svd, 0)), 40));
                    }
                    t.u.clone().expect("just built")
                }
                TsqrPart::S => single(cx.add(
                    l,
                    Kernel::Rows {
                        start: n,
                        len: 1,
                        flatten: true,
                    },
                    vec![svd],
                    vec![0],
                    vec![n],
                    22,
                )),
                _ => single(cx.add(
                    l,
                    Kernel::Rows {
                        start: n + 1,
                        len: n,
                        flatten: false,
                    },
                    vec![svd],
                    vec![0, 0],
                    vec![n, n],
                    23,
                )),
            }
        }
    };
    l.tsqr.insert(x.id, t);
    grid
}

/// Leaves: one QR per row block; then QR of the stacked R's, `TSQR_FANIN` at a time.
fn build_tree(l: &mut Lowerer, cx: &Ctx, input: &Grid, t: &mut Tsqr) {
    let n = cx.n;
    let rows = &cx.x.meta.chunks[0];
    let leaves: Vec<NodeIndex> = input
        .tasks
        .iter()
        .zip(rows)
        .enumerate()
        .map(|(i, (&task, &m))| {
            let householder = cx.householder(m);
            // A Householder leaf keeps its reflectors (V; T; d) above R, not Q.
            let rows = if householder { m + 2 * n + 1 } else { m + n };
            cx.add(
                l,
                Kernel::QrStack {
                    packed: false,
                    n,
                    householder,
                },
                vec![task],
                vec![i, 0],
                vec![rows, n],
                10,
            )
        })
        .collect();
    t.levels.push(leaves);
    let mut level = 0;
    while t.levels[level].len() > 1 {
        level += 1;
        let next: Vec<NodeIndex> = t.levels[level - 1]
            .chunks(TSQR_FANIN)
            .enumerate()
            .map(|(j, group)| {
                let g = group.len();
                cx.add(
                    l,
                    Kernel::QrStack {
                        packed: true,
                        n,
                        householder: false,
                    },
                    group.to_vec(),
                    vec![j, level],
                    vec![g * n + n, n],
                    11,
                )
            })
            .collect();
        t.levels.push(next);
    }
}

/// The blocks of Q (or of U = Q U_r when `root_factor` is the SVD of R), top-down: each
/// node's factor is its rows of the parent's Q' times the parent's factor.
fn q_blocks(l: &mut Lowerer, cx: &Ctx, t: &Tsqr, root_factor: Factor, role: u8) -> Grid {
    let n = cx.n;
    let top = t.levels.len() - 1;
    let mut factors: Vec<Factor> = vec![root_factor];
    for level in (0..top).rev() {
        let parents = &t.levels[level + 1];
        factors = (0..t.levels[level].len())
            .map(|j| {
                let (p, pos) = (j / TSQR_FANIN, j % TSQR_FANIN);
                let m = apply(
                    l,
                    cx,
                    parents[p],
                    pos * n,
                    n,
                    factors[p],
                    (j, level),
                    role,
                    false,
                );
                Some((m, 0))
            })
            .collect();
    }
    let rows = &cx.x.meta.chunks[0];
    let tasks = t.levels[0]
        .iter()
        .enumerate()
        .map(|(i, &leaf)| {
            let hh = cx.householder(rows[i]);
            apply(l, cx, leaf, 0, rows[i], factors[i], (i, 0), role + 1, hh)
        })
        .collect();
    Grid {
        numblocks: vec![rows.len(), 1],
        tasks,
    }
}

#[allow(clippy::too_many_arguments)]
fn apply(
    l: &mut Lowerer,
    cx: &Ctx,
    packed: NodeIndex,
    start: usize,
    len: usize,
    factor: Factor,
    at: (usize, usize),
    role: u8,
    leaf: bool,
) -> NodeIndex {
    let mut ins = vec![packed];
    if let Some((f, _)) = factor {
        ins.push(f);
    }
    cx.add(
        l,
        Kernel::QrApply {
            start,
            len,
            m_start: factor.map(|f| f.1),
            n: cx.n,
            leaf,
        },
        ins,
        vec![at.0, at.1],
        vec![len, cx.n],
        role,
    )
}
