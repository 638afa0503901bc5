//! Lowering: expr::Node DAG -> graph::TaskGraph, one grid of chunk-tasks per lazy array.

mod blockwise;
mod coarsen;
mod fancy;
mod generated;
mod group;
mod layout;
mod linalg;
mod reduction;
mod scan;
mod sorting;
mod source;

pub use blockwise::{top, Arg, TREE_FANIN};

use crate::expr::node::{Arr, Op};
use crate::expr::node::{MapExpr, MapLeaf};
use crate::graph::{Grid, Layer, Output, SaveTarget, Task, TaskGraph, TaskKind};
use crate::kernels::program::{Instr, Program};
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use std::sync::Arc;

/// What the caller wants from the graph.
#[derive(Debug, Clone)]
pub enum Request {
    /// The array's value.
    Value(Arr),
    /// Write the array to a `.npy` file.
    SaveNpy(Arr, PathBuf),
    /// Write the arrays as the variables of one netCDF-4 file.
    SaveNc(PathBuf, Vec<(crate::io::netcdf4::Nc4Var, Arr)>),
    /// Write the arrays into one Zarr store (each array chunked as its stored chunks).
    SaveZarr(PathBuf, Vec<(crate::io::zarr::ZarrVar, Arr)>),
}

/// Builds the task graph for `requests`; outputs come in the same order.
pub fn lower(requests: &[Request]) -> TaskGraph {
    lower_with(requests, &HashMap::new())
}

/// [`lower`], with the arrays whose ids `replaced` holds lowered as their replacement (a
/// staged rechunk as a load of its temporary store: `staging.rs`).
pub fn lower_with(requests: &[Request], replaced: &HashMap<usize, Arr>) -> TaskGraph {
    let roots: Vec<&Arr> = requests
        .iter()
        .flat_map(|r| match r {
            Request::Value(a) | Request::SaveNpy(a, _) => vec![a],
            Request::SaveNc(_, vars) => vars.iter().map(|(_, a)| a).collect(),
            Request::SaveZarr(_, vars) => vars.iter().map(|(_, a)| a).collect(),
        })
        .collect();
    let mut l = Lowerer {
        g: TaskGraph::default(),
        memo: HashMap::new(),
        tsqr: HashMap::new(),
        replaced: replaced.clone(),
        uses: count_uses(&roots),
        replaced_ids: replaced.keys().map(|&k| (k, ())).collect(),
    };
    // Growing a million-task graph step by step copies it several times over.
    let mut seen = std::collections::HashSet::new();
    let n: usize = roots.iter().map(|a| l.estimate_tasks(a, &mut seen)).sum();
    l.g.g.reserve_nodes(n);
    l.g.g.reserve_edges(n);
    for r in requests {
        match r {
            Request::Value(a) => {
                let grid = l.grid(a);
                l.g.outputs.push(Output {
                    grid,
                    meta: a.meta.clone(),
                });
            }
            Request::SaveNpy(a, path) => {
                let grid = l.grid(a);
                let done = l.save(a, grid, path.clone());
                l.g.outputs.push(Output {
                    grid: Grid {
                        numblocks: vec![],
                        tasks: vec![done],
                    },
                    meta: a.meta.clone(),
                });
            }
            Request::SaveNc(path, vars) => {
                let done = l.save_nc(path, vars);
                l.g.outputs.push(Output {
                    grid: Grid {
                        numblocks: vec![],
                        tasks: vec![done],
                    },
                    meta: vars[0].1.meta.clone(),
                });
            }
            Request::SaveZarr(path, vars) => {
                let done = l.save_zarr(path, vars);
                l.g.outputs.push(Output {
                    grid: Grid {
                        numblocks: vec![],
                        tasks: vec![done],
                    },
                    meta: vars[0].1.meta.clone(),
                });
            }
        }
    }
    l.g
}

/// Consumers of every array reachable from `roots` (a root counts as one more).
fn count_uses(roots: &[&Arr]) -> rustc_hash::FxHashMap<usize, usize> {
    let mut uses: rustc_hash::FxHashMap<usize, usize> = Default::default();
    let mut stack: Vec<&Arr> = Vec::new();
    for &r in roots {
        *uses.entry(r.id).or_default() += 1;
        stack.push(r);
    }
    let mut done = std::collections::HashSet::new();
    while let Some(a) = stack.pop() {
        if !done.insert(a.id) {
            continue;
        }
        for i in &a.inputs {
            *uses.entry(i.id).or_default() += 1;
            stack.push(i);
        }
    }
    uses
}

impl Lowerer {
    /// How a reduction `a` over a generator chain is lowered without its input's grid.
    fn generated_plan(&self, a: &Arr) -> Option<generated::GenPlan> {
        match &a.op {
            Op::Reduce { axes, .. } if !self.memo.contains_key(&a.inputs[0].id) => {
                generated::plan(a, axes, &self.uses, &self.replaced_ids)
            }
            _ => None,
        }
    }

    /// About how many tasks lowering `a` (and its inputs not in `seen`) adds: one per block,
    /// and a reduction's per-chunk steps and combines.
    fn estimate_tasks(&self, a: &Arr, seen: &mut std::collections::HashSet<usize>) -> usize {
        if !seen.insert(a.id) {
            return 0;
        }
        if let (Op::Reduce { axes, .. }, Some(p)) = (&a.op, self.generated_plan(a)) {
            return p.tasks(a, axes) * 4 / 3 + a.meta.nblocks_total();
        }
        own_tasks(a)
            + a.inputs
                .iter()
                .map(|i| self.estimate_tasks(i, seen))
                .sum::<usize>()
    }
}

/// About how many tasks lowering `a` itself adds.
fn own_tasks(a: &Arr) -> usize {
    match &a.op {
        Op::Reduce { .. } | Op::GroupReduce { .. } => a.inputs[0].meta.nblocks_total() * 4 / 3,
        Op::Coarsen { .. } | Op::Envelope { .. } => a.inputs[0].meta.nblocks_total() + 1,
        Op::Scan { .. } => a.meta.nblocks_total() * 3,
        Op::Count { .. } => a.inputs[0].meta.nblocks_total() * 4 / 3,
        Op::Gather(_) | Op::Scatter(_) | Op::TakeAlong { .. } => a.meta.nblocks_total() * 2,
        _ => a.meta.nblocks_total(),
    }
}

pub(crate) struct Lowerer {
    pub g: TaskGraph,
    memo: HashMap<usize, Grid>,
    /// TSQR trees by input array id, shared by its factors.
    tsqr: HashMap<usize, linalg::Tsqr>,
    /// Arrays lowered as another array (by id).
    replaced: HashMap<usize, Arr>,
    /// The same ids, as a set.
    replaced_ids: rustc_hash::FxHashMap<usize, ()>,
    /// Consumers of each array id in the requests being lowered.
    uses: rustc_hash::FxHashMap<usize, usize>,
}

/// A task fingerprint from the array's structural key, a role and the block index.
pub fn task_key(node_key: u64, role: u8, block: &[usize]) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    node_key.hash(&mut h);
    role.hash(&mut h);
    block.hash(&mut h);
    h.finish()
}

impl Lowerer {
    /// The grid of `a`, lowering it (and its inputs) on first use.
    pub fn grid(&mut self, a: &Arr) -> Grid {
        if let Some(g) = self.memo.get(&a.id) {
            return g.clone();
        }
        if let Some(r) = self.replaced.get(&a.id).cloned() {
            let g = self.grid(&r);
            self.memo.insert(a.id, g.clone());
            return g;
        }
        // A reduction of generated chunks no one else uses: the chunks are never tasks.
        if let (Op::Reduce { op, axes, keepdims }, Some(p)) = (&a.op, self.generated_plan(a)) {
            self.add_layer(a);
            let grid = generated::lower_generated(self, a, *op, axes, *keepdims, p);
            self.memo.insert(a.id, grid.clone());
            return grid;
        }
        let inputs: Vec<Grid> = a.inputs.iter().map(|i| self.grid(i)).collect();
        self.add_layer(a);
        let grid = self.lower_op(a, &inputs);
        self.memo.insert(a.id, grid.clone());
        grid
    }

    fn add_layer(&mut self, a: &Arr) {
        self.g.layers.insert(
            a.id,
            Layer {
                name: a.op_name(),
                span: a.span.clone(),
                key: a.key,
            },
        );
    }

    /// Lowers `a`'s own operation over its inputs' grids.
    fn lower_op(&mut self, a: &Arr, inputs: &[Grid]) -> Grid {
        match &a.op {
            Op::Full(_)
            | Op::Arange { .. }
            | Op::Eye { .. }
            | Op::Random { .. }
            | Op::Literal(_) => source::lower_source(self, a),
            Op::Load { source: s } => source::lower_load(self, a, s),
            Op::Map(m) => blockwise::lower_map(self, a, m, inputs),
            Op::Transpose { perm } => blockwise::lower_transpose(self, a, perm, &inputs[0]),
            Op::TensorDot { axes_a, axes_b } => {
                blockwise::lower_tensordot(self, a, axes_a, axes_b, inputs)
            }
            Op::Reduce { op, axes, keepdims } => {
                reduction::lower_reduce(self, a, *op, axes, *keepdims, &inputs[0])
            }
            Op::Slice { ranges } => layout::lower_slice(self, a, ranges, &inputs[0]),
            Op::Rechunk => {
                let full: Vec<(usize, usize, isize)> =
                    a.shape().iter().map(|&n| (0, n, 1)).collect();
                layout::lower_slice(self, a, &full, &inputs[0])
            }
            Op::ViewReshape => layout::lower_view_reshape(self, a, &inputs[0]),
            Op::Reshape => layout::lower_reshape(self, a, &inputs[0]),
            Op::Concat { axis } => layout::lower_concat(a, *axis, inputs),
            Op::Linalg(op) => linalg::lower_linalg(self, a, *op, inputs),
            Op::GroupReduce { op, axis, groups } => {
                group::lower_group_reduce(self, a, *op, *axis, groups, &inputs[0])
            }
            Op::Coarsen { factor } => coarsen::lower_coarsen(self, a, *factor, &inputs[0]),
            Op::Envelope { x_range, area } => {
                coarsen::lower_envelope(self, a, *x_range, *area, &inputs[0])
            }
            Op::Scan { op, axis } => scan::lower_scan(self, a, *op, *axis, &inputs[0]),
            Op::Quantile {
                q,
                axis,
                skip_nan,
                how,
            } => {
                let kind = TaskKind::Quantile {
                    q: *q,
                    axis: *axis,
                    skip_nan: *skip_nan,
                    how: *how,
                };
                scan::lower_along_axis(self, a, kind, *axis, &inputs[0])
            }
            Op::Sort { axis, arg } => sorting::lower_sort(self, a, *axis, *arg, &inputs[0]),
            Op::Fft(spec) => {
                sorting::lower_per_block(self, a, TaskKind::Fft(*spec), spec.axis, &inputs[0])
            }
            Op::Lookup(op) => sorting::lower_lookup(self, a, *op, inputs),
            Op::Count { op, weighted } => sorting::lower_count(self, a, *op, *weighted, inputs),
            Op::Gather(f) => fancy::lower_gather(self, a, f, inputs),
            Op::Scatter(f) => fancy::lower_scatter(self, a, f, inputs),
            Op::SetSlice { ranges } => fancy::lower_set_slice(self, a, ranges, inputs),
            Op::TakeAlong { axis } => fancy::lower_take_along(self, a, *axis, inputs),
        }
    }

    /// Adds a block-valued task of array `a`.
    pub fn task(
        &mut self,
        a: &Arr,
        kind: TaskKind,
        inputs: Vec<petgraph::stable_graph::NodeIndex>,
        block: Vec<usize>,
        shape: Vec<usize>,
        role: u8,
    ) -> petgraph::stable_graph::NodeIndex {
        let key = task_key(a.key, role, &block);
        self.g.add(Task {
            kind,
            inputs,
            layer: a.id,
            block,
            shape,
            dtype: a.dtype(),
            key,
        })
    }

    fn save(&mut self, a: &Arr, grid: Grid, path: PathBuf) -> petgraph::stable_graph::NodeIndex {
        let target = Arc::new(SaveTarget {
            path,
            shape: a.shape().to_vec(),
            dtype: a.dtype(),
            writer: Default::default(),
        });
        let offs = blockwise::all_offsets(&a.meta.chunks);
        let mut saves = Vec::new();
        for (f, &t) in grid.tasks.iter().enumerate() {
            let b = crate::expr::chunks::unravel(f, &grid.numblocks);
            let start = b.iter().enumerate().map(|(d, &i)| offs[d][i]).collect();
            let kind = TaskKind::Save {
                target: target.clone(),
                start,
            };
            saves.push(self.task(a, kind, vec![t], b, vec![], 10));
        }
        self.task(a, TaskKind::SaveDone(target), saves, vec![], vec![], 11)
    }

    /// Save tasks for every variable of one netCDF-4 file, then one task that closes it.
    fn save_nc(
        &mut self,
        path: &std::path::Path,
        vars: &[(crate::io::netcdf4::Nc4Var, Arr)],
    ) -> petgraph::stable_graph::NodeIndex {
        let target = Arc::new(crate::io::netcdf4::Nc4Target::new(
            path.to_path_buf(),
            vars.iter().map(|v| v.0.clone()).collect(),
        ));
        let mut saves = Vec::new();
        for (var, (_, a)) in vars.iter().enumerate() {
            let grid = self.grid(a);
            let offs = blockwise::all_offsets(&a.meta.chunks);
            for (f, &t) in grid.tasks.iter().enumerate() {
                let b = crate::expr::chunks::unravel(f, &grid.numblocks);
                let start = b.iter().enumerate().map(|(d, &i)| offs[d][i]).collect();
                let kind = TaskKind::SaveNc {
                    target: target.clone(),
                    var,
                    start,
                };
                saves.push(self.task(a, kind, vec![t], b, vec![], 12));
            }
        }
        self.task(
            &vars[0].1,
            TaskKind::SaveNcDone(target),
            saves,
            vec![],
            vec![],
            13,
        )
    }
}

impl Lowerer {
    /// Save tasks for every array of one Zarr store (one per block: the blocks are the
    /// stored chunks), then one task that writes the metadata.
    fn save_zarr(
        &mut self,
        path: &std::path::Path,
        vars: &[(crate::io::zarr::ZarrVar, Arr)],
    ) -> petgraph::stable_graph::NodeIndex {
        let target = Arc::new(crate::io::zarr::ZarrTarget::new(
            path.to_path_buf(),
            vars.iter().map(|v| v.0.clone()).collect(),
        ));
        let mut saves = Vec::new();
        for (var, (_, a)) in vars.iter().enumerate() {
            let grid = self.grid(a);
            let offs = blockwise::all_offsets(&a.meta.chunks);
            for (f, &t) in grid.tasks.iter().enumerate() {
                let b = crate::expr::chunks::unravel(f, &grid.numblocks);
                let start = b.iter().enumerate().map(|(d, &i)| offs[d][i]).collect();
                let kind = TaskKind::SaveZarr {
                    target: target.clone(),
                    var,
                    start,
                };
                saves.push(self.task(a, kind, vec![t], b, vec![], 14));
            }
        }
        self.task(
            &vars[0].1,
            TaskKind::SaveZarrDone(target),
            saves,
            vec![],
            vec![],
            15,
        )
    }
}

/// Compiles a node's `MapExpr` into a program (for the reference evaluator).
pub fn compile_map_pub(m: &MapExpr, prog: &mut Program) -> usize {
    compile_map(m, prog)
}

/// Compiles a node's `MapExpr` into a program whose `Input(i)` are the task's inputs.
pub(crate) fn compile_map(m: &MapExpr, prog: &mut Program) -> usize {
    compile_map_with(m, prog, None)
}

/// Compiles a node's `MapExpr` into `prog`, reading its input `i` from instruction
/// `inputs[i]`; returns the result's instruction (not necessarily the last).
pub(crate) fn compile_map_into(m: &MapExpr, prog: &mut Program, inputs: &[usize]) -> usize {
    compile_map_with(m, prog, Some(inputs))
}

fn compile_map_with(m: &MapExpr, prog: &mut Program, inputs: Option<&[usize]>) -> usize {
    let compile_map = |e: &MapExpr, prog: &mut Program| compile_map_with(e, prog, inputs);
    match m {
        MapExpr::Leaf(MapLeaf::Input(i), d) => match inputs {
            Some(ins) => ins[*i],
            None => prog.push(Instr::Input(*i), *d),
        },
        MapExpr::Leaf(MapLeaf::Const(s), d) => prog.push(Instr::Const(*s), *d),
        MapExpr::Cast(e, d) => {
            if let MapExpr::Leaf(MapLeaf::Const(s), _) = e.as_ref() {
                return prog.push(Instr::Const(*s), *d);
            }
            let i = compile_map(e, prog);
            prog.push(Instr::Cast(i), *d)
        }
        MapExpr::Unary(op, e, d) => {
            let i = compile_map(e, prog);
            prog.push(Instr::Unary(*op, i), *d)
        }
        MapExpr::Binary(op, a, b, d) => {
            let i = compile_map(a, prog);
            let j = compile_map(b, prog);
            prog.push(Instr::Binary(*op, i, j), *d)
        }
        MapExpr::Where(c, a, b, d) => {
            let i = compile_map(c, prog);
            let j = compile_map(a, prog);
            let k = compile_map(b, prog);
            prog.push(Instr::Where(i, j, k), *d)
        }
    }
}
