//! Block: one chunk of array data, an ndarray of one of arrlang's dtypes.

use crate::dtype::DType;
use ndarray::{ArrayD, IxDyn};

/// One chunk of data. Every task of the graph consumes and produces these.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Bool(ArrayD<bool>),
    I32(ArrayD<i32>),
    I64(ArrayD<i64>),
    F32(ArrayD<f32>),
    F64(ArrayD<f64>),
}

/// Runs `$body` with `$a` bound to the typed ndarray inside `$b`.
#[macro_export]
macro_rules! with_block {
    ($b:expr, $a:ident => $body:expr) => {
        match $b {
            $crate::kernels::Block::Bool($a) => $body,
            $crate::kernels::Block::I32($a) => $body,
            $crate::kernels::Block::I64($a) => $body,
            $crate::kernels::Block::F32($a) => $body,
            $crate::kernels::Block::F64($a) => $body,
        }
    };
}

/// Runs `$body` and wraps its typed array result back into the same Block variant.
#[macro_export]
macro_rules! map_block {
    ($b:expr, $a:ident => $body:expr) => {
        match $b {
            $crate::kernels::Block::Bool($a) => $crate::kernels::Block::Bool($body),
            $crate::kernels::Block::I32($a) => $crate::kernels::Block::I32($body),
            $crate::kernels::Block::I64($a) => $crate::kernels::Block::I64($body),
            $crate::kernels::Block::F32($a) => $crate::kernels::Block::F32($body),
            $crate::kernels::Block::F64($a) => $crate::kernels::Block::F64($body),
        }
    };
}

/// A Python-like scalar: the value of a literal or of a 0-d result.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Scalar {
    Bool(bool),
    Int(i64),
    Float(f64),
}

impl Scalar {
    pub fn as_f64(self) -> f64 {
        match self {
            Scalar::Bool(b) => b as i64 as f64,
            Scalar::Int(i) => i as f64,
            Scalar::Float(f) => f,
        }
    }
    pub fn as_i64(self) -> i64 {
        match self {
            Scalar::Bool(b) => b as i64,
            Scalar::Int(i) => i,
            Scalar::Float(f) => f as i64,
        }
    }
    /// As `astype(int32)` converts: floats truncate and saturate, ints wrap.
    pub fn as_i32(self) -> i32 {
        match self {
            Scalar::Float(f) => f as i32,
            other => other.as_i64() as i32,
        }
    }
    pub fn as_bool(self) -> bool {
        match self {
            Scalar::Bool(b) => b,
            Scalar::Int(i) => i != 0,
            Scalar::Float(f) => f != 0.0,
        }
    }
    /// The dtype numpy gives this scalar when it stands alone.
    pub fn dtype(self) -> DType {
        match self {
            Scalar::Bool(_) => DType::Bool,
            Scalar::Int(_) => DType::I64,
            Scalar::Float(_) => DType::F64,
        }
    }
}

impl Block {
    pub fn dtype(&self) -> DType {
        match self {
            Block::Bool(_) => DType::Bool,
            Block::I32(_) => DType::I32,
            Block::I64(_) => DType::I64,
            Block::F32(_) => DType::F32,
            Block::F64(_) => DType::F64,
        }
    }

    pub fn shape(&self) -> &[usize] {
        with_block!(self, a => a.shape())
    }

    pub fn len(&self) -> usize {
        with_block!(self, a => a.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn nbytes(&self) -> usize {
        self.len() * self.dtype().size()
    }

    /// A block of `shape` filled with `v` converted to `dtype`.
    pub fn full(dtype: DType, shape: &[usize], v: Scalar) -> Block {
        let sh = IxDyn(shape);
        match dtype {
            DType::Bool => Block::Bool(ArrayD::from_elem(sh, v.as_bool())),
            DType::I32 => Block::I32(ArrayD::from_elem(sh, v.as_i32())),
            DType::I64 => Block::I64(ArrayD::from_elem(sh, v.as_i64())),
            DType::F32 => Block::F32(ArrayD::from_elem(sh, v.as_f64() as f32)),
            DType::F64 => Block::F64(ArrayD::from_elem(sh, v.as_f64())),
        }
    }

    pub fn zeros(dtype: DType, shape: &[usize]) -> Block {
        Block::full(dtype, shape, Scalar::Int(0))
    }

    /// Element `i` of the block in row-major order, as a scalar.
    pub fn get_flat(&self, i: usize) -> Scalar {
        match self {
            Block::Bool(a) => Scalar::Bool(*a.iter().nth(i).expect("index in range")),
            Block::I32(a) => Scalar::Int(*a.iter().nth(i).expect("index in range") as i64),
            Block::I64(a) => Scalar::Int(*a.iter().nth(i).expect("index in range")),
            Block::F32(a) => Scalar::Float(*a.iter().nth(i).expect("index in range") as f64),
            Block::F64(a) => Scalar::Float(*a.iter().nth(i).expect("index in range")),
        }
    }

    /// numpy's `astype`: C-style conversion (floats truncate toward zero, NaN to int is 0).
    pub fn cast(&self, to: DType) -> Block {
        if self.dtype() == to {
            return self.clone();
        }
        fn conv<T: Copy, U>(a: &ArrayD<T>, f: impl Fn(T) -> U) -> ArrayD<U> {
            a.mapv(f)
        }
        match (self, to) {
            (Block::Bool(a), DType::I32) => Block::I32(conv(a, |x| x as i32)),
            (Block::Bool(a), DType::I64) => Block::I64(conv(a, |x| x as i64)),
            (Block::Bool(a), DType::F32) => Block::F32(conv(a, |x| x as u8 as f32)),
            (Block::Bool(a), DType::F64) => Block::F64(conv(a, |x| x as u8 as f64)),
            (Block::I32(a), DType::Bool) => Block::Bool(conv(a, |x| x != 0)),
            (Block::I32(a), DType::I64) => Block::I64(conv(a, |x| x as i64)),
            (Block::I32(a), DType::F32) => Block::F32(conv(a, |x| x as f32)),
            (Block::I32(a), DType::F64) => Block::F64(conv(a, |x| x as f64)),
            (Block::I64(a), DType::Bool) => Block::Bool(conv(a, |x| x != 0)),
            (Block::I64(a), DType::I32) => Block::I32(conv(a, |x| x as i32)),
            (Block::I64(a), DType::F32) => Block::F32(conv(a, |x| x as f32)),
            (Block::I64(a), DType::F64) => Block::F64(conv(a, |x| x as f64)),
            (Block::F32(a), DType::Bool) => Block::Bool(conv(a, |x| x != 0.0)),
            (Block::F32(a), DType::I32) => Block::I32(conv(a, |x| x as i32)),
            (Block::F32(a), DType::I64) => Block::I64(conv(a, |x| x as i64)),
            (Block::F32(a), DType::F64) => Block::F64(conv(a, |x| x as f64)),
            (Block::F64(a), DType::Bool) => Block::Bool(conv(a, |x| x != 0.0)),
            (Block::F64(a), DType::I32) => Block::I32(conv(a, |x| x as i32)),
            (Block::F64(a), DType::I64) => Block::I64(conv(a, |x| x as i64)),
            (Block::F64(a), DType::F32) => Block::F32(conv(a, |x| x as f32)),
            _ => unreachable!("same-dtype cast handled above"),
        }
    }

    /// All values as f64 in row-major order (tests and printing of small results).
    pub fn to_f64_vec(&self) -> Vec<f64> {
        match self.cast(DType::F64) {
            Block::F64(a) => a.iter().copied().collect(),
            _ => unreachable!(),
        }
    }
}
