//! One chunk-task: what it computes (its kind) from which input tasks.

use crate::dtype::DType;
use crate::io::npy::{NpyError, NpyWriter};
use crate::io::source::Source;
use crate::io::writer_slot::WriterSlot;
use crate::kernels::layout::{Piece, Range1};
use crate::kernels::program::Program;
use crate::kernels::reduce::ReduceOp;
use crate::kernels::Block;
use petgraph::stable_graph::NodeIndex;
use std::path::PathBuf;
use std::sync::Arc;

/// Where a `save` goes; the file is created when the first block arrives.
#[derive(Debug)]
pub struct SaveTarget {
    pub path: PathBuf,
    pub shape: Vec<usize>,
    pub dtype: DType,
    pub writer: WriterSlot<NpyWriter>,
}

impl SaveTarget {
    pub fn writer(&self) -> Result<Arc<NpyWriter>, NpyError> {
        self.writer
            .get_or_create(|| NpyWriter::create(&self.path, &self.shape, self.dtype))
    }

    /// Writes into the temporary file `tmp` another process created for this target (a
    /// cluster worker writing the client's file) from now on.
    pub fn adopt(&self, tmp: &std::path::Path) -> Result<(), NpyError> {
        let w = NpyWriter::open_existing(&self.path, tmp, &self.shape, self.dtype)?;
        self.writer.set(w);
        Ok(())
    }

    /// Renames the file written by this run into place (nothing if it was never created).
    pub fn commit(&self) -> Result<(), NpyError> {
        self.writer.current().map_or(Ok(()), |w| w.commit())
    }
}

impl std::fmt::Debug for NpyWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NpyWriter")
    }
}

/// What a task computes. Block-valued unless noted.
#[derive(Debug, Clone)]
pub enum TaskKind {
    /// A fused elementwise program over the inputs (creation routines have no inputs).
    Fused(Arc<Program>),
    /// A piece of an array literal.
    Literal {
        data: Arc<Block>,
        ranges: Vec<Range1>,
    },
    /// A region of a file (per-axis strided ranges, steps read as hyperslabs).
    Load {
        source: Source,
        region: Vec<Range1>,
    },
    /// A block built from pieces of the inputs (slicing, rechunking).
    Assemble(Arc<Vec<Piece>>),
    /// A block built from runs of the inputs' flat C order (general reshape):
    /// `(input, flat start, length)` in order.
    FlatAssemble(Arc<Vec<(usize, usize, usize)>>),
    Transpose(Vec<usize>),
    /// Same elements, this task's shape (length-1 axes added or removed).
    Reshape,
    TensorDot {
        axes_a: Vec<usize>,
        axes_b: Vec<usize>,
    },
    /// A contraction whose generated operands are computed in the task, streamed in panels
    /// (`kernels::contract_gen`); its inputs are the other operands.
    DotGen(Arc<crate::kernels::contract_gen::DotGen>),
    /// Sum of the inputs (partial products of a contraction).
    SumBlocks,
    /// A TSQR step or a whole-matrix factorisation (`kernels::linalg`).
    Linalg(crate::kernels::linalg::Kernel),
    /// Per-chunk step of a reduction over a chunk of shape `chunk` at `offset` (a Partial);
    /// `prog` when fused with its producer.
    ReduceChunk {
        op: ReduceOp,
        axes: Vec<usize>,
        chunk: Vec<usize>,
        offset: Vec<usize>,
        full_shape: Arc<Vec<usize>>,
        prog: Option<Arc<Program>>,
    },
    /// A node of a reduction's combine tree over generated chunks, computed in one task:
    /// chunk `index` at `level` 0, else the merge of its children (`kernels::program::generated`).
    ReduceGen {
        spec: Arc<crate::kernels::program::generated::GenReduce>,
        out_block: Vec<usize>,
        level: u32,
        index: usize,
    },
    /// Per-chunk step of a grouped reduction: the partial record of the positions `runs`
    /// along `axis` of the input block (one group's positions in this chunk).
    GroupChunk {
        op: ReduceOp,
        axis: usize,
        runs: Vec<Range1>,
    },
    /// The sums and counts of the `factor`-sided windows a 2-D chunk at `origin` touches
    /// (`kernels::coarsen`).
    CoarsenChunk {
        factor: usize,
        origin: (usize, usize),
    },
    /// Every chunk's window sums and counts (at the chunks' `origins`) -> the window means.
    CoarsenJoin {
        factor: usize,
        origins: Arc<Vec<(usize, usize)>>,
    },
    /// The line-chart records of a 1-D chunk starting at element `start`
    /// (`kernels::envelope`).
    EnvelopeChunk {
        start: usize,
        x_range: (f64, f64),
        area: (usize, usize),
    },
    /// Every chunk's records, in order -> one per pixel column.
    EnvelopeJoin {
        area: (usize, usize),
    },
    /// Merge of partials (a Partial).
    Combine(ReduceOp),
    /// Partial -> result block.
    Finalize {
        op: ReduceOp,
        axes: Vec<usize>,
        keepdims: bool,
        in_dtype: DType,
    },
    /// A block's own scan along `axis` (`kernels::scan`).
    ScanBlock {
        op: crate::kernels::scan::ScanOp,
        axis: usize,
    },
    /// The carry into a block: inputs `[previous carry,] previous block's scan`.
    ScanCarry {
        op: crate::kernels::scan::ScanOp,
        axis: usize,
    },
    /// A block's scan (+) its carry: inputs `scan, carry`.
    ScanApply(crate::kernels::scan::ScanOp),
    /// Quantiles along a whole axis of the input block (`kernels::quantile`).
    Quantile {
        q: f64,
        axis: usize,
        skip_nan: bool,
        how: crate::kernels::quantile::How,
    },
    /// Sorts every lane along `axis` (`kernels::sorting`), or finds its sorting positions.
    SortLanes {
        axis: usize,
        arg: bool,
    },
    /// Fourier transform of every lane along the spec's axis (`kernels::fft`).
    Fft(crate::kernels::fft::FftSpec),
    /// Looks up each element of input 0 in the whole tables that follow.
    Lookup(crate::kernels::sorting::LookupOp),
    /// One chunk's bin counts: inputs `x, [weights,] tables...`.
    CountChunk {
        op: crate::kernels::sorting::CountOp,
        weighted: bool,
    },
    /// A step of a gather chain: inputs `[acc,] x, idx...` (`kernels::fancy`).
    Gather(Arc<crate::kernels::fancy::GatherSpec>),
    /// The part of a gather one `x` block holds: inputs `x, idx...` (a data-dependent length
    /// along the hits' axis when the indices are computed: the shape is an estimate).
    GatherPart(Arc<crate::kernels::fancy::GatherSpec>),
    /// A gather's output block from its parts: inputs `idx..., parts...`.
    GatherJoin(Arc<crate::kernels::fancy::JoinSpec>),
    /// A block of `x` with the values of every index block that lands in it written, one
    /// copy: inputs `x, (idx..., v)...`.
    Scatter(Arc<crate::kernels::fancy::GatherSpec>),
    /// A block of `x` with parts of a region written: inputs `x, v...`.
    Place(Arc<crate::kernels::fancy::PlaceSpec>),
    /// A step of a take_along_axis chain: inputs `[acc,] x, idx`.
    TakeAlong {
        axis: usize,
        lo: usize,
        size: usize,
        first: bool,
    },
    /// The part of a take_along_axis output block the `x` block at `lo` holds (a 1-d block
    /// of data-dependent length: the shape is an estimate): inputs `x, idx`.
    TakeAlongPart {
        axis: usize,
        lo: usize,
        size: usize,
    },
    /// A take_along_axis output block from its parts: inputs `idx, parts...`; `offs` are
    /// the x blocks' offsets along `axis`, then its length.
    TakeAlongJoin {
        axis: usize,
        offs: Arc<Vec<usize>>,
    },
    /// Writes the input block at `start` (no value).
    Save {
        target: Arc<SaveTarget>,
        start: Vec<usize>,
    },
    /// After every `Save` of a target: renames the file into place (no value).
    SaveDone(Arc<SaveTarget>),
    /// Writes the input block into variable `var` of a netCDF-4 file at `start` (no value).
    SaveNc {
        target: Arc<crate::io::netcdf4::Nc4Target>,
        var: usize,
        start: Vec<usize>,
    },
    /// After every `SaveNc` of a file: closes it and renames it into place (no value).
    SaveNcDone(Arc<crate::io::netcdf4::Nc4Target>),
    /// Writes the input block (one stored chunk) into array `var` of a Zarr store (no value).
    SaveZarr {
        target: Arc<crate::io::zarr::ZarrTarget>,
        var: usize,
        start: Vec<usize>,
    },
    /// After every `SaveZarr` of a store: writes the metadata, renames it into place.
    SaveZarrDone(Arc<crate::io::zarr::ZarrTarget>),
    /// Writes the input block to a file of the spill directory (no value; `spill.rs`).
    SpillWrite(Arc<PathBuf>),
    /// Reads a spilled block back: inputs `[its SpillWrite, the task run before it]` (the
    /// second only holds the read back until its turn comes).
    SpillRead(Arc<PathBuf>),
}

impl TaskKind {
    /// A short name for graphs.
    pub fn name(&self) -> String {
        match self {
            TaskKind::Fused(p) => crate::graph::dot::program_label(p),
            TaskKind::Literal { .. } => "array".into(),
            TaskKind::Load { .. } => "load".into(),
            TaskKind::Assemble(_) => "getitem".into(),
            TaskKind::FlatAssemble(_) => "reshape".into(),
            TaskKind::Transpose(_) => "transpose".into(),
            TaskKind::Reshape => "reshape".into(),
            TaskKind::TensorDot { .. } => "tensordot".into(),
            TaskKind::DotGen(_) => "generate+tensordot".into(),
            TaskKind::SumBlocks => "sum-partials".into(),
            TaskKind::Linalg(k) => crate::kernels::linalg::name(k),
            TaskKind::ReduceChunk { op, prog, .. } => match prog {
                Some(p) => format!(
                    "{}+{}-chunk",
                    crate::graph::dot::program_label(p),
                    op_name(*op)
                ),
                None => format!("{}-chunk", op_name(*op)),
            },
            TaskKind::ReduceGen { spec, level, .. } => format!(
                "{}+{}-chunks{}",
                crate::graph::dot::program_label(&spec.prog),
                op_name(spec.op),
                spec.fanin.saturating_pow(*level)
            ),
            TaskKind::GroupChunk { op, .. } => format!("groupby-{}-chunk", op_name(*op)),
            TaskKind::CoarsenChunk { .. } => "block-means-chunk".into(),
            TaskKind::CoarsenJoin { .. } => "block-means".into(),
            TaskKind::EnvelopeChunk { .. } => "plot-envelope-chunk".into(),
            TaskKind::EnvelopeJoin { .. } => "plot-envelope".into(),
            TaskKind::Combine(op) => format!("{}-combine", op_name(*op)),
            TaskKind::Finalize { op, .. } => format!("{}-aggregate", op_name(*op)),
            TaskKind::ScanBlock { op, .. } => format!("{}-chunk", op.name()),
            TaskKind::ScanCarry { op, .. } => format!("{}-carry", op.name()),
            TaskKind::ScanApply(op) => format!("{}-apply", op.name()),
            TaskKind::Quantile { .. } => "quantile".into(),
            TaskKind::SortLanes { arg: false, .. } => "sort".into(),
            TaskKind::SortLanes { arg: true, .. } => "argsort".into(),
            TaskKind::Fft(spec) => spec.kind.name().into(),
            TaskKind::Lookup(op) => format!("{op:?}")
                .split(' ')
                .next()
                .unwrap_or("lookup")
                .to_lowercase(),
            TaskKind::CountChunk { op, .. } => format!(
                "{}-chunk",
                format!("{op:?}")
                    .split(' ')
                    .next()
                    .unwrap_or("count")
                    .to_lowercase()
            ),
            TaskKind::Gather(_) | TaskKind::GatherJoin(_) => "take".into(),
            TaskKind::GatherPart(_) => "take-part".into(),
            TaskKind::Scatter(_) => "setitem".into(),
            TaskKind::Place(_) => "setitem-slice".into(),
            TaskKind::TakeAlong { .. } | TaskKind::TakeAlongJoin { .. } => "take-along-axis".into(),
            TaskKind::TakeAlongPart { .. } => "take-along-part".into(),
            TaskKind::Save { .. } => "save".into(),
            TaskKind::SaveDone(_) => "save-done".into(),
            TaskKind::SaveNc { .. } => "save-nc".into(),
            TaskKind::SaveNcDone(_) => "save-nc-done".into(),
            TaskKind::SaveZarr { .. } => "save-zarr".into(),
            TaskKind::SaveZarrDone(_) => "save-zarr-done".into(),
            TaskKind::SpillWrite(_) => "spill".into(),
            TaskKind::SpillRead(_) => "unspill".into(),
        }
    }

    /// Cheap to recompute or re-read: worth duplicating rather than holding in memory.
    pub fn is_cheap_source(&self, n_inputs: usize) -> bool {
        match self {
            TaskKind::Fused(_) => n_inputs == 0,
            TaskKind::Literal { .. } | TaskKind::Load { .. } => true,
            _ => false,
        }
    }
}

fn op_name(op: ReduceOp) -> String {
    match op {
        ReduceOp::Var { .. } => "var".into(),
        ReduceOp::Std { .. } => "std".into(),
        _ => format!("{op:?}").to_lowercase(),
    }
}

/// One chunk-task of the graph.
#[derive(Debug, Clone)]
pub struct Task {
    pub kind: TaskKind,
    /// Input tasks, in the order the kernel takes them.
    pub inputs: Vec<NodeIndex>,
    /// The lazy array (expr node id) this task computes a block of.
    pub layer: usize,
    /// Block index within the layer (extra trailing numbers for tree levels).
    pub block: Vec<usize>,
    /// Shape of the block it produces (keepdims shape for partials).
    pub shape: Vec<usize>,
    pub dtype: DType,
    /// Structural fingerprint: equal for tasks that compute the same thing.
    pub key: u64,
}
