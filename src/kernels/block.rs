//! Block: one chunk of array data, an ndarray of one of arrlang's dtypes.

use crate::dtype::DType;
use crate::kernels::complex::{C128, C64};
use ndarray::{ArrayD, IxDyn};

/// One chunk of data. Every task of the graph consumes and produces these.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Bool(ArrayD<bool>),
    I8(ArrayD<i8>),
    I16(ArrayD<i16>),
    I32(ArrayD<i32>),
    I64(ArrayD<i64>),
    U8(ArrayD<u8>),
    U16(ArrayD<u16>),
    U32(ArrayD<u32>),
    U64(ArrayD<u64>),
    F32(ArrayD<f32>),
    F64(ArrayD<f64>),
    C64(ArrayD<C64>),
    C128(ArrayD<C128>),
}

/// Runs `$body` with `$a` bound to the typed ndarray inside `$b`.
#[macro_export]
macro_rules! with_block {
    ($b:expr, $a:ident => $body:expr) => {
        match $b {
            $crate::kernels::Block::Bool($a) => $body,
            $crate::kernels::Block::I8($a) => $body,
            $crate::kernels::Block::I16($a) => $body,
            $crate::kernels::Block::I32($a) => $body,
            $crate::kernels::Block::I64($a) => $body,
            $crate::kernels::Block::U8($a) => $body,
            $crate::kernels::Block::U16($a) => $body,
            $crate::kernels::Block::U32($a) => $body,
            $crate::kernels::Block::U64($a) => $body,
            $crate::kernels::Block::F32($a) => $body,
            $crate::kernels::Block::F64($a) => $body,
            $crate::kernels::Block::C64($a) => $body,
            $crate::kernels::Block::C128($a) => $body,
        }
    };
}

/// Runs `$body` and wraps its typed array result back into the same Block variant.
#[macro_export]
macro_rules! map_block {
    ($b:expr, $a:ident => $body:expr) => {
        match $b {
            $crate::kernels::Block::Bool($a) => $crate::kernels::Block::Bool($body),
            $crate::kernels::Block::I8($a) => $crate::kernels::Block::I8($body),
            $crate::kernels::Block::I16($a) => $crate::kernels::Block::I16($body),
            $crate::kernels::Block::I32($a) => $crate::kernels::Block::I32($body),
            $crate::kernels::Block::I64($a) => $crate::kernels::Block::I64($body),
            $crate::kernels::Block::U8($a) => $crate::kernels::Block::U8($body),
            $crate::kernels::Block::U16($a) => $crate::kernels::Block::U16($body),
            $crate::kernels::Block::U32($a) => $crate::kernels::Block::U32($body),
            $crate::kernels::Block::U64($a) => $crate::kernels::Block::U64($body),
            $crate::kernels::Block::F32($a) => $crate::kernels::Block::F32($body),
            $crate::kernels::Block::F64($a) => $crate::kernels::Block::F64($body),
            $crate::kernels::Block::C64($a) => $crate::kernels::Block::C64($body),
            $crate::kernels::Block::C128($a) => $crate::kernels::Block::C128($body),
        }
    };
}

/// The match of [`with_dtype!`] and [`with_real_dtype!`]: an arm for each real dtype, then
/// the caller's arms for the complex ones.
#[doc(hidden)]
#[macro_export]
macro_rules! __with_real_dtype_arms {
    ($d:expr, $T:ident => $body:expr, { $($complex:tt)* }) => {
        match $d {
            $crate::dtype::DType::Bool => {
                type $T = bool;
                $body
            }
            $crate::dtype::DType::I8 => {
                type $T = i8;
                $body
            }
            $crate::dtype::DType::I16 => {
                type $T = i16;
                $body
            }
            $crate::dtype::DType::I32 => {
                type $T = i32;
                $body
            }
            $crate::dtype::DType::I64 => {
                type $T = i64;
                $body
            }
            $crate::dtype::DType::U8 => {
                type $T = u8;
                $body
            }
            $crate::dtype::DType::U16 => {
                type $T = u16;
                $body
            }
            $crate::dtype::DType::U32 => {
                type $T = u32;
                $body
            }
            $crate::dtype::DType::U64 => {
                type $T = u64;
                $body
            }
            $crate::dtype::DType::F32 => {
                type $T = f32;
                $body
            }
            $crate::dtype::DType::F64 => {
                type $T = f64;
                $body
            }
            $($complex)*
        }
    };
}

/// Runs `$body` with the type alias `$T` set to the element type of dtype `$d`.
#[macro_export]
macro_rules! with_dtype {
    ($d:expr, $T:ident => $body:expr) => {
        $crate::__with_real_dtype_arms!($d, $T => $body, {
            $crate::dtype::DType::C64 => {
                type $T = $crate::kernels::complex::C64;
                $body
            }
            $crate::dtype::DType::C128 => {
                type $T = $crate::kernels::complex::C128;
                $body
            }
        })
    };
}

/// [`with_dtype!`] for code that only handles real dtypes (file formats without complex
/// numbers): a complex dtype is a bug in the caller.
#[macro_export]
macro_rules! with_real_dtype {
    ($d:expr, $T:ident => $body:expr) => {
        $crate::__with_real_dtype_arms!($d, $T => $body, {
            $crate::dtype::DType::C64 | $crate::dtype::DType::C128 => {
                unreachable!("internal: complex dtype where only real ones are handled")
            }
        })
    };
}

/// [`with_block!`] for code that only handles real dtypes: a complex block is a bug in the
/// caller.
#[macro_export]
macro_rules! with_real_block {
    ($b:expr, $a:ident => $body:expr) => {
        match $b {
            $crate::kernels::Block::Bool($a) => $body,
            $crate::kernels::Block::I8($a) => $body,
            $crate::kernels::Block::I16($a) => $body,
            $crate::kernels::Block::I32($a) => $body,
            $crate::kernels::Block::I64($a) => $body,
            $crate::kernels::Block::U8($a) => $body,
            $crate::kernels::Block::U16($a) => $body,
            $crate::kernels::Block::U32($a) => $body,
            $crate::kernels::Block::U64($a) => $body,
            $crate::kernels::Block::F32($a) => $body,
            $crate::kernels::Block::F64($a) => $body,
            $crate::kernels::Block::C64(_) | $crate::kernels::Block::C128(_) => {
                unreachable!("internal: complex block where only real ones are handled")
            }
        }
    };
}

/// A Python-like scalar: the value of a literal or of a 0-d result.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Scalar {
    Bool(bool),
    Int(i64),
    Float(f64),
    /// A Python complex (real, imaginary).
    Complex(f64, f64),
}

impl Scalar {
    /// As a float; a complex drops its imaginary part (numpy's cast to float).
    pub fn as_f64(self) -> f64 {
        match self {
            Scalar::Bool(b) => b as i64 as f64,
            Scalar::Int(i) => i as f64,
            Scalar::Float(f) | Scalar::Complex(f, _) => f,
        }
    }
    /// (real, imaginary) parts.
    pub fn as_complex(self) -> (f64, f64) {
        match self {
            Scalar::Complex(re, im) => (re, im),
            other => (other.as_f64(), 0.0),
        }
    }
    pub fn is_complex(self) -> bool {
        matches!(self, Scalar::Complex(..))
    }
    pub fn as_i64(self) -> i64 {
        match self {
            Scalar::Bool(b) => b as i64,
            Scalar::Int(i) => i,
            Scalar::Float(f) | Scalar::Complex(f, _) => f as i64,
        }
    }
    /// As `astype(int32)` converts: floats truncate and saturate, ints wrap.
    pub fn as_i32(self) -> i32 {
        match self {
            Scalar::Float(f) | Scalar::Complex(f, _) => f as i32,
            other => other.as_i64() as i32,
        }
    }
    pub fn as_bool(self) -> bool {
        match self {
            Scalar::Bool(b) => b,
            Scalar::Int(i) => i != 0,
            Scalar::Float(f) => f != 0.0,
            Scalar::Complex(re, im) => re != 0.0 || im != 0.0,
        }
    }
    /// The dtype numpy gives this scalar when it stands alone.
    pub fn dtype(self) -> DType {
        match self {
            Scalar::Bool(_) => DType::Bool,
            Scalar::Int(_) => DType::I64,
            Scalar::Float(_) => DType::F64,
            Scalar::Complex(..) => DType::C128,
        }
    }
}

/// An element type of a block: its dtype and its conversions to and from blocks and
/// scalars (`as` conversions: integers wrap, floats truncate toward zero and saturate).
pub trait Element: Copy + Default + PartialEq + PartialOrd + Send + Sync + 'static {
    const DTYPE: DType;
    fn from_scalar(s: Scalar) -> Self;
    fn to_scalar(self) -> Scalar;
    fn wrap(a: ArrayD<Self>) -> Block;
    fn unwrap(b: &Block) -> Option<&ArrayD<Self>>;
}

macro_rules! element {
    ($($var:ident $t:ty => $kind:ident),+) => {$(
        impl Element for $t {
            const DTYPE: DType = DType::$var;
            #[inline(always)]
            fn from_scalar(s: Scalar) -> $t {
                element!(@from $kind $t, s)
            }
            #[inline(always)]
            fn to_scalar(self) -> Scalar {
                element!(@to $kind self)
            }
            fn wrap(a: ArrayD<$t>) -> Block {
                Block::$var(a)
            }
            fn unwrap(b: &Block) -> Option<&ArrayD<$t>> {
                match b {
                    Block::$var(a) => Some(a),
                    _ => None,
                }
            }
        }
    )+};
    (@from bool $t:ty, $s:expr) => { $s.as_bool() };
    (@from int $t:ty, $s:expr) => {
        match $s {
            Scalar::Float(f) | Scalar::Complex(f, _) => f as $t,
            other => other.as_i64() as $t,
        }
    };
    (@from float $t:ty, $s:expr) => { $s.as_f64() as $t };
    (@from complex $t:ty, $s:expr) => {{
        let (re, im) = $s.as_complex();
        crate::kernels::complex::Cx::new(
            crate::kernels::complex::FromF64::of(re),
            crate::kernels::complex::FromF64::of(im),
        )
    }};
    (@to bool $x:expr) => { Scalar::Bool($x) };
    (@to int $x:expr) => { Scalar::Int($x as i64) };
    (@to float $x:expr) => { Scalar::Float($x as f64) };
    (@to complex $x:expr) => { Scalar::Complex($x.re() as f64, $x.im() as f64) };
}

element!(
    Bool bool => bool,
    I8 i8 => int,
    I16 i16 => int,
    I32 i32 => int,
    I64 i64 => int,
    U8 u8 => int,
    U16 u16 => int,
    U32 u32 => int,
    U64 u64 => int,
    F32 f32 => float,
    F64 f64 => float,
    C64 C64 => complex,
    C128 C128 => complex
);

impl Block {
    pub fn dtype(&self) -> DType {
        fn dt<T: Element>(_: &ArrayD<T>) -> DType {
            T::DTYPE
        }
        with_block!(self, a => dt(a))
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
        crate::with_dtype!(dtype, T => T::wrap(ArrayD::from_elem(sh, T::from_scalar(v))))
    }

    pub fn zeros(dtype: DType, shape: &[usize]) -> Block {
        Block::full(dtype, shape, Scalar::Int(0))
    }

    /// Element `i` of the block in row-major order, as a scalar (uint64 values above
    /// int64's range wrap: scalars hold Python ints of int64's range).
    pub fn get_flat(&self, i: usize) -> Scalar {
        with_block!(self, a => a.iter().nth(i).expect("index in range").to_scalar())
    }

    /// numpy's `astype`: C-style conversion (integers wrap, floats truncate toward zero and
    /// saturate, NaN to int is 0, nonzero is true).
    pub fn cast(&self, to: DType) -> Block {
        if self.dtype() == to {
            return self.clone();
        }
        use crate::kernels::elementwise::Conv;
        with_block!(self, a => crate::with_dtype!(to, U => U::wrap(a.mapv(Conv::<U>::conv))))
    }

    /// All values as f64 in row-major order (tests and printing of small results).
    pub fn to_f64_vec(&self) -> Vec<f64> {
        match self.cast(DType::F64) {
            Block::F64(a) => a.iter().copied().collect(),
            _ => unreachable!(),
        }
    }
}
