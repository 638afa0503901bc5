//! The symbolic array: a lazy node whose shape, dtype and chunks are known before any data.

use crate::dtype::DType;
use crate::io::source::Source;
use crate::kernels::elementwise::{BinaryOp, UnaryOp};
use crate::kernels::reduce::ReduceOp;
use crate::kernels::{Block, Scalar};
use crate::source::Span;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::rc::Rc;
use std::sync::Arc;

/// Block sizes along each axis (`chunks[axis][i]` is the length of the i-th block).
pub type Chunks = Vec<Vec<usize>>;

/// A shared handle to a lazy array.
pub type Arr = Rc<Node>;

/// What a lazy array is known to be without computing it.
#[derive(Debug, Clone, PartialEq)]
pub struct Meta {
    pub shape: Vec<usize>,
    pub dtype: DType,
    pub chunks: Chunks,
}

impl Meta {
    pub fn ndim(&self) -> usize {
        self.shape.len()
    }
    pub fn size(&self) -> usize {
        self.shape.iter().product()
    }
    pub fn nbytes(&self) -> usize {
        self.size() * self.dtype.size()
    }
    pub fn numblocks(&self) -> Vec<usize> {
        self.chunks.iter().map(|c| c.len()).collect()
    }
    /// The largest block along each axis (the "chunk shape" users see).
    pub fn chunk_shape(&self) -> Vec<usize> {
        self.chunks
            .iter()
            .map(|c| c.iter().copied().max().unwrap_or(0))
            .collect()
    }
    pub fn nblocks_total(&self) -> usize {
        self.numblocks().iter().product()
    }
}

/// One elementwise step over the node's inputs (numpy broadcasting), with casts and
/// constants folded in: the leaves of `Map` programs.
#[derive(Debug, Clone, PartialEq)]
pub enum MapLeaf {
    Input(usize),
    Const(Scalar),
}

/// A tiny elementwise expression over a node's inputs: lowered into a fused `Program`.
#[derive(Debug, Clone, PartialEq)]
pub enum MapExpr {
    Leaf(MapLeaf, DType),
    Cast(Box<MapExpr>, DType),
    Unary(UnaryOp, Box<MapExpr>, DType),
    Binary(BinaryOp, Box<MapExpr>, Box<MapExpr>, DType),
    Where(Box<MapExpr>, Box<MapExpr>, Box<MapExpr>, DType),
}

impl MapExpr {
    pub fn dtype(&self) -> DType {
        match self {
            MapExpr::Leaf(_, d)
            | MapExpr::Cast(_, d)
            | MapExpr::Unary(_, _, d)
            | MapExpr::Binary(_, _, _, d)
            | MapExpr::Where(_, _, _, d) => *d,
        }
    }

    /// Wraps in a cast unless already of dtype `to`.
    pub fn cast(self, to: DType) -> MapExpr {
        if self.dtype() == to {
            self
        } else {
            MapExpr::Cast(Box::new(self), to)
        }
    }
}

/// How a node computes its value from its inputs.
#[derive(Debug, Clone)]
pub enum Op {
    /// Every element the same value.
    Full(Scalar),
    Arange {
        start: f64,
        step: f64,
    },
    Eye {
        k: i64,
    },
    Random {
        seed: u64,
        normal: bool,
    },
    /// A small array written in the source, cut into blocks at lowering.
    Literal(Arc<Block>),
    /// A file read (any format, or a glob of files): see `io::source`.
    Load {
        source: Source,
    },
    /// Elementwise over the inputs, broadcast to the node's shape.
    Map(MapExpr),
    Reduce {
        op: ReduceOp,
        axes: Vec<usize>,
        keepdims: bool,
    },
    /// Basic slicing per axis: `(start, len, step)`; same ndim as the input.
    Slice {
        ranges: Vec<(usize, usize, isize)>,
    },
    /// Insert or remove length-1 axes only (`None`, integer indices, squeeze, expand_dims).
    ViewReshape,
    /// A general C-order reshape (input chunked along axis 0 only).
    Reshape,
    Transpose {
        perm: Vec<usize>,
    },
    /// Same data, the node's own chunks.
    Rechunk,
    Concat {
        axis: usize,
    },
    TensorDot {
        axes_a: Vec<usize>,
        axes_b: Vec<usize>,
    },
    /// A running sum or product along one axis (`cumsum` ...): per-chunk scans plus carries.
    Scan {
        op: crate::kernels::scan::ScanOp,
        axis: usize,
    },
    /// The `q`-th quantile along `axis` (removed), which is one chunk in the input, or the
    /// median (`how`: numpy's three ways, `kernels::quantile::How`).
    Quantile {
        q: f64,
        axis: usize,
        skip_nan: bool,
        how: crate::kernels::quantile::How,
    },
    /// Every lane along `axis` (one chunk in the input) sorted, or (`arg`) the positions
    /// that sort it.
    Sort {
        axis: usize,
        arg: bool,
    },
    /// A discrete Fourier transform of every lane along `spec.axis` (one chunk in the input
    /// and in the result, whose length along it is the transform's output length).
    Fft(crate::kernels::fft::FftSpec),
    /// Each element of input 0 looked up in inputs 1.. (whole, one block each); chunked as
    /// input 0 (`searchsorted digitize isin interp`).
    Lookup(crate::kernels::sorting::LookupOp),
    /// Bin counts of input 0 (weighted by input 1, chunked alike, when `weighted`; later
    /// inputs are whole tables): per-chunk counts summed in a tree, one 1-D block.
    Count {
        op: crate::kernels::sorting::CountOp,
        weighted: bool,
    },
    /// QR/SVD factors (TSQR) and whole-matrix solves: see `expr::linalg`.
    Linalg(crate::expr::linalg::LinalgOp),
    /// A reduction of `axis` per group of positions (`groups[g]`: sorted input positions of
    /// group `g`): the axis becomes one of length `groups.len()`, one block per group.
    GroupReduce {
        op: ReduceOp,
        axis: usize,
        groups: Arc<Vec<Vec<usize>>>,
    },
    /// Means (NaN skipped) of the `factor`×`factor` windows of a 2-D array, one float64
    /// block: what `imshow` draws of an array too large to show element by element.
    Coarsen {
        factor: usize,
    },
    /// A 1-D series -> per pixel column of a line chart's area (`x_range` in elements over
    /// the columns `area`), the points that draw it (`kernels::envelope`), one block.
    Envelope {
        x_range: (f64, f64),
        area: (usize, usize),
    },
    /// Integer-array indexing (`expr::fancy`): input 0 indexed along `axes` by inputs 1..,
    /// int64 arrays of one shape B and chunking; B's axes go at `pos` among the others.
    Gather(Arc<Fancy>),
    /// `x[idx] = v` (`expr::fancy`): input 0 with inputs 1..=m as in `Gather`, and the last
    /// input (the gathered shape, chunked as the gather would be) written at the indices.
    Scatter(Arc<Fancy>),
    /// `x[ranges] = v`: input 0 with input 1 (the region's shape) written into the region.
    SetSlice {
        ranges: Vec<(usize, usize, isize)>,
    },
    /// `take_along_axis(x, idx, axis)`: input 1 (int64, x's shape but along `axis`, chunked
    /// as x elsewhere) picks along `axis` of input 0.
    TakeAlong {
        axis: usize,
    },
}

/// An advanced index: which axes, where the index shape lands, and, when the index values
/// are known before computing, which blocks along each axis each index block touches.
#[derive(Debug, Clone, PartialEq)]
pub struct Fancy {
    pub axes: Vec<usize>,
    pub pos: usize,
    /// Per index array: per block of B (flat), the blocks along its axis it touches;
    /// None: computed values (every block may be touched).
    pub touched: Vec<Option<Vec<Vec<usize>>>>,
}

static NEXT_ID: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(1);

/// The id the next node will get: nodes made later have larger ids.
pub fn next_node_id() -> usize {
    NEXT_ID.load(std::sync::atomic::Ordering::Relaxed)
}

/// Hashes every value of a literal: its `Debug` text (hashed with the rest of the op) elides
/// the middle of arrays over 500 elements, and two literals that differ there are two arrays.
fn hash_values(b: &Block, h: &mut impl Hasher) {
    match b {
        Block::Bool(a) => a.iter().for_each(|x| x.hash(h)),
        Block::I8(a) => a.iter().for_each(|x| x.hash(h)),
        Block::I16(a) => a.iter().for_each(|x| x.hash(h)),
        Block::I32(a) => a.iter().for_each(|x| x.hash(h)),
        Block::I64(a) => a.iter().for_each(|x| x.hash(h)),
        Block::U8(a) => a.iter().for_each(|x| x.hash(h)),
        Block::U16(a) => a.iter().for_each(|x| x.hash(h)),
        Block::U32(a) => a.iter().for_each(|x| x.hash(h)),
        Block::U64(a) => a.iter().for_each(|x| x.hash(h)),
        Block::F32(a) => a.iter().for_each(|x| x.to_bits().hash(h)),
        Block::F64(a) => a.iter().for_each(|x| x.to_bits().hash(h)),
        Block::C64(a) => a
            .iter()
            .for_each(|x| (x.re().to_bits(), x.im().to_bits()).hash(h)),
        Block::C128(a) => a
            .iter()
            .for_each(|x| (x.re().to_bits(), x.im().to_bits()).hash(h)),
    }
}

/// A lazy array: an operation over input arrays, with its metadata and source span.
#[derive(Debug)]
pub struct Node {
    pub id: usize,
    pub op: Op,
    pub inputs: Vec<Arr>,
    pub meta: Meta,
    pub span: Span,
    /// Structural hash: equal for nodes that compute the same thing (shared across statements).
    pub key: u64,
    /// Labels set by the operation that made the node (coordinate arrays, group results);
    /// None: derived by walking the expression (`expr::labels`).
    pub labels: Option<Rc<crate::expr::labels::Labels>>,
}

impl Node {
    pub fn new(op: Op, inputs: Vec<Arr>, meta: Meta, span: Span) -> Arr {
        let mut h = DefaultHasher::new();
        format!("{op:?}").hash(&mut h);
        if let Op::Literal(b) = &op {
            hash_values(b, &mut h);
        }
        for i in &inputs {
            i.key.hash(&mut h);
        }
        meta.shape.hash(&mut h);
        meta.dtype.hash(&mut h);
        meta.chunks.hash(&mut h);
        let id = NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Rc::new(Node {
            id,
            op,
            inputs,
            meta,
            span,
            key: h.finish(),
            labels: None,
        })
    }

    /// A node with explicit labels (see [`Node::labels`]).
    pub fn new_labelled(
        op: Op,
        inputs: Vec<Arr>,
        meta: Meta,
        span: Span,
        labels: crate::expr::labels::Labels,
    ) -> Arr {
        let n = Node::new(op, inputs, meta, span);
        let mut n = Rc::try_unwrap(n).expect("a fresh node has one owner");
        n.labels = Some(Rc::new(labels));
        Rc::new(n)
    }

    pub fn shape(&self) -> &[usize] {
        &self.meta.shape
    }
    pub fn dtype(&self) -> DType {
        self.meta.dtype
    }
    pub fn ndim(&self) -> usize {
        self.meta.shape.len()
    }

    /// A short operation name for graphs and `:info`.
    pub fn op_name(&self) -> String {
        match &self.op {
            Op::Full(_) => "full".into(),
            Op::Arange { .. } => "arange".into(),
            Op::Eye { .. } => "eye".into(),
            Op::Random { normal: false, .. } => "random".into(),
            Op::Random { normal: true, .. } => "normal".into(),
            Op::Literal(_) => "array".into(),
            Op::Load { .. } => "load".into(),
            Op::Map(m) => map_name(m),
            Op::Reduce { op, .. } => op.name().into(),
            Op::Slice { .. } => "getitem".into(),
            Op::ViewReshape | Op::Reshape => "reshape".into(),
            Op::Transpose { .. } => "transpose".into(),
            Op::Rechunk => "rechunk".into(),
            Op::Concat { .. } => "concatenate".into(),
            Op::TensorDot { .. } => "tensordot".into(),
            Op::Linalg(op) => format!("{op:?}").to_lowercase(),
            Op::GroupReduce { op, .. } => format!("groupby-{}", op.name()),
            Op::Scan { op, .. } => op.name().into(),
            Op::Quantile { .. } => "quantile".into(),
            Op::Sort { arg: false, .. } => "sort".into(),
            Op::Sort { arg: true, .. } => "argsort".into(),
            Op::Lookup(op) => lookup_name(op).into(),
            Op::Fft(spec) => spec.kind.name().into(),
            Op::Count { op, .. } => count_name(op).into(),
            Op::Gather(_) => "take".into(),
            Op::Scatter(_) | Op::SetSlice { .. } => "setitem".into(),
            Op::TakeAlong { .. } => "take_along_axis".into(),
            Op::Coarsen { .. } => "block-means".into(),
            Op::Envelope { .. } => "plot-envelope".into(),
        }
    }
}

fn map_name(m: &MapExpr) -> String {
    match m {
        MapExpr::Leaf(..) => "copy".into(),
        MapExpr::Cast(_, d) => format!("astype({d})"),
        MapExpr::Unary(op, ..) => format!("{op:?}").to_lowercase(),
        MapExpr::Binary(op, ..) => format!("{op:?}").to_lowercase(),
        MapExpr::Where(..) => "where".into(),
    }
}

fn lookup_name(op: &crate::kernels::sorting::LookupOp) -> &'static str {
    use crate::kernels::sorting::LookupOp;
    match op {
        LookupOp::SearchSorted { .. } => "searchsorted",
        LookupOp::Digitize { .. } => "digitize",
        LookupOp::IsIn { .. } => "isin",
        LookupOp::Interp { .. } => "interp",
        LookupOp::CheckProbabilities => "choice-check-p",
    }
}

fn count_name(op: &crate::kernels::sorting::CountOp) -> &'static str {
    use crate::kernels::sorting::CountOp;
    match op {
        CountOp::Histogram { .. } => "histogram",
        CountOp::BinCount { .. } => "bincount",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn literal(values: Vec<f64>) -> Arr {
        let n = values.len();
        let block = Block::F64(ndarray::ArrayD::from_shape_vec(vec![n], values).unwrap());
        let meta = Meta {
            shape: vec![n],
            dtype: DType::F64,
            chunks: vec![vec![n]],
        };
        Node::new(Op::Literal(Arc::new(block)), vec![], meta, 0..0)
    }

    // ndarray's Debug elides the middle of arrays over 500 elements: the key must not.
    #[test]
    fn large_literals_differing_in_the_middle_have_different_keys() {
        let a: Vec<f64> = (0..1000).map(f64::from).collect();
        let mut b = a.clone();
        b[500] = -1.0;
        assert_ne!(literal(a.clone()).key, literal(b).key);
        assert_eq!(literal(a.clone()).key, literal(a).key);
    }
}
