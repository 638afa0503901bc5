//! Elementwise operators: typed unary and binary kernels over tiles of values.

use crate::dtype::DType;
use crate::kernels::block::Element;
use crate::kernels::complex::{C128, C64};

/// Unary elementwise functions. Math functions (Sqrt..Tanh, Floor, Ceil, Round) take float
/// inputs only: the compiler casts integers to float first, as numpy does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnaryOp {
    Neg,
    /// `~`: logical not on bool, bitwise not on integers
    Invert,
    Abs,
    Sqrt,
    Exp,
    Log,
    Log10,
    Log1p,
    Expm1,
    Sin,
    Cos,
    Tan,
    Arcsin,
    Arccos,
    Arctan,
    Tanh,
    Floor,
    Ceil,
    /// round half to even, as numpy
    Round,
    Sign,
    IsNan,
    IsFinite,
    IsInf,
    Log2,
    Exp2,
    Cbrt,
    Sinh,
    Cosh,
    Arcsinh,
    Arccosh,
    Arctanh,
    /// toward zero
    Trunc,
    /// The real part (of a complex: its float part; of a real: itself).
    Real,
    /// The imaginary part (of a real: zeros of its dtype).
    Imag,
    /// The complex conjugate (a real is its own).
    Conj,
    /// The argument in radians, `atan2(imag, real)` (float inputs only).
    Angle,
}

/// Binary elementwise operators. Both operands always have the same dtype (the compiler
/// inserts casts); `Div` is only applied to floats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BinaryOp {
    Add,
    Sub,
    Mul,
    Div,
    /// Python floor division (rounds toward -inf; float: floor(a / b) as numpy)
    FloorDiv,
    /// Python modulo (sign of the divisor)
    Mod,
    Pow,
    /// `&` logical on bool, bitwise on int
    And,
    Or,
    Xor,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    /// numpy maximum/minimum: NaN propagates
    Maximum,
    Minimum,
    /// numpy fmax/fmin: NaN is ignored unless both are NaN
    Fmax,
    Fmin,
    /// float only (the compiler casts integers to float64)
    Arctan2,
}

impl UnaryOp {
    /// Result dtype for an input of dtype `x` (after the compiler's casts).
    pub fn result_dtype(self, x: DType) -> DType {
        match self {
            UnaryOp::IsNan | UnaryOp::IsFinite | UnaryOp::IsInf => DType::Bool,
            UnaryOp::Abs | UnaryOp::Real | UnaryOp::Imag | UnaryOp::Angle => x.real_part(),
            _ => x,
        }
    }

    /// Whether numpy defines this function on complex numbers.
    pub fn takes_complex(self) -> bool {
        use UnaryOp::*;
        !matches!(self, Invert | Floor | Ceil | Trunc | Cbrt)
    }
}

impl BinaryOp {
    /// Result dtype for two operands of dtype `x`.
    pub fn result_dtype(self, x: DType) -> DType {
        use BinaryOp::*;
        match self {
            Eq | Ne | Lt | Le | Gt | Ge => DType::Bool,
            _ => x,
        }
    }

    /// Whether numpy defines this operator on complex numbers.
    pub fn takes_complex(self) -> bool {
        use BinaryOp::*;
        !matches!(self, FloorDiv | Mod | And | Or | Xor | Arctan2)
    }
}

/// One operand of a tile kernel: a tile of values, or one value that stands for every element
/// (a broadcast scalar, which needs no buffer).
#[derive(Debug, Clone, Copy)]
pub enum Src<'a, T> {
    Tile(&'a [T]),
    Scalar(T),
}

/// A typed operand of a tile kernel.
#[derive(Debug, Clone, Copy)]
pub enum AnySrc<'a> {
    Bool(Src<'a, bool>),
    I8(Src<'a, i8>),
    I16(Src<'a, i16>),
    I32(Src<'a, i32>),
    I64(Src<'a, i64>),
    U8(Src<'a, u8>),
    U16(Src<'a, u16>),
    U32(Src<'a, u32>),
    U64(Src<'a, u64>),
    F32(Src<'a, f32>),
    F64(Src<'a, f64>),
    C64(Src<'a, C64>),
    C128(Src<'a, C128>),
}

/// A typed output tile.
#[derive(Debug)]
pub enum TileMut<'a> {
    Bool(&'a mut [bool]),
    I8(&'a mut [i8]),
    I16(&'a mut [i16]),
    I32(&'a mut [i32]),
    I64(&'a mut [i64]),
    U8(&'a mut [u8]),
    U16(&'a mut [u16]),
    U32(&'a mut [u32]),
    U64(&'a mut [u64]),
    F32(&'a mut [f32]),
    F64(&'a mut [f64]),
    C64(&'a mut [C64]),
    C128(&'a mut [C128]),
}

impl AnySrc<'_> {
    /// The element type of the operand.
    pub fn dtype(&self) -> DType {
        with_src!(*self, s => src_dtype(s))
    }
}

impl TileMut<'_> {
    /// The element type of the tile.
    pub fn dtype(&self) -> DType {
        with_tile!(self, o => slice_dtype(o))
    }

    /// Number of elements in the tile.
    pub fn len(&self) -> usize {
        with_tile!(self, o => o.len())
    }

    /// True for a tile of no elements.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// `out = op(x)`. `out` has dtype `op.result_dtype(x.dtype())` and the tile's length.
///
/// Math functions on integer or bool operands (which the compiler never emits) are computed
/// in float64 and converted back instead of failing.
///
/// Panics if the output dtype is not the result dtype (a bug in the caller).
pub fn unary_tile(op: UnaryOp, x: AnySrc, out: TileMut) {
    match (op, x, out) {
        (UnaryOp::IsNan, x, TileMut::Bool(o)) => with_src!(x, s => map1(s, o, |v| v.is_nan_())),
        (UnaryOp::IsFinite, x, TileMut::Bool(o)) => {
            with_src!(x, s => map1(s, o, |v| v.is_finite_()))
        }
        (UnaryOp::IsInf, x, TileMut::Bool(o)) => {
            with_src!(x, s => map1(s, o, |v| v.is_inf_()))
        }
        (UnaryOp::Abs, AnySrc::C64(s), TileMut::F32(o)) => map1(s, o, |v| v.abs()),
        (UnaryOp::Abs, AnySrc::C128(s), TileMut::F64(o)) => map1(s, o, |v| v.abs()),
        (UnaryOp::Real, AnySrc::C64(s), TileMut::F32(o)) => map1(s, o, |v| v.re()),
        (UnaryOp::Real, AnySrc::C128(s), TileMut::F64(o)) => map1(s, o, |v| v.re()),
        (UnaryOp::Imag, AnySrc::C64(s), TileMut::F32(o)) => map1(s, o, |v| v.im()),
        (UnaryOp::Imag, AnySrc::C128(s), TileMut::F64(o)) => map1(s, o, |v| v.im()),
        (UnaryOp::Angle, AnySrc::C64(s), TileMut::F32(o)) => map1(s, o, |v| v.im().atan2(v.re())),
        (UnaryOp::Angle, AnySrc::C128(s), TileMut::F64(o)) => map1(s, o, |v| v.im().atan2(v.re())),
        (_, AnySrc::C64(s), TileMut::C64(o)) => C64::unary(op, s, o),
        (_, AnySrc::C128(s), TileMut::C128(o)) => C128::unary(op, s, o),
        (_, AnySrc::Bool(s), TileMut::Bool(o)) => bool::unary(op, s, o),
        (_, AnySrc::I8(s), TileMut::I8(o)) => i8::unary(op, s, o),
        (_, AnySrc::I16(s), TileMut::I16(o)) => i16::unary(op, s, o),
        (_, AnySrc::I32(s), TileMut::I32(o)) => i32::unary(op, s, o),
        (_, AnySrc::I64(s), TileMut::I64(o)) => i64::unary(op, s, o),
        (_, AnySrc::U8(s), TileMut::U8(o)) => u8::unary(op, s, o),
        (_, AnySrc::U16(s), TileMut::U16(o)) => u16::unary(op, s, o),
        (_, AnySrc::U32(s), TileMut::U32(o)) => u32::unary(op, s, o),
        (_, AnySrc::U64(s), TileMut::U64(o)) => u64::unary(op, s, o),
        (_, AnySrc::F32(s), TileMut::F32(o)) => f32::unary(op, s, o),
        (_, AnySrc::F64(s), TileMut::F64(o)) => f64::unary(op, s, o),
        (_, x, o) => panic!("internal: unary {op:?} of {} into {}", x.dtype(), o.dtype()),
    }
}

/// `out = op(a, b)` with numpy semantics. `a` and `b` have the same dtype and `out` has
/// dtype `op.result_dtype(a.dtype())`.
///
/// Panics if the dtypes disagree (a bug in the caller).
pub fn binary_tile(op: BinaryOp, a: AnySrc, b: AnySrc, out: TileMut) {
    use BinaryOp::*;
    if matches!(op, Eq | Ne | Lt | Le | Gt | Ge) {
        let TileMut::Bool(o) = out else {
            panic!("internal: comparison into {}", out.dtype())
        };
        match (a, b) {
            (AnySrc::Bool(a), AnySrc::Bool(b)) => compare(op, a, b, o),
            (AnySrc::I8(a), AnySrc::I8(b)) => compare(op, a, b, o),
            (AnySrc::I16(a), AnySrc::I16(b)) => compare(op, a, b, o),
            (AnySrc::I32(a), AnySrc::I32(b)) => compare(op, a, b, o),
            (AnySrc::I64(a), AnySrc::I64(b)) => compare(op, a, b, o),
            (AnySrc::U8(a), AnySrc::U8(b)) => compare(op, a, b, o),
            (AnySrc::U16(a), AnySrc::U16(b)) => compare(op, a, b, o),
            (AnySrc::U32(a), AnySrc::U32(b)) => compare(op, a, b, o),
            (AnySrc::U64(a), AnySrc::U64(b)) => compare(op, a, b, o),
            (AnySrc::F32(a), AnySrc::F32(b)) => compare(op, a, b, o),
            (AnySrc::F64(a), AnySrc::F64(b)) => compare(op, a, b, o),
            (AnySrc::C64(a), AnySrc::C64(b)) => compare(op, a, b, o),
            (AnySrc::C128(a), AnySrc::C128(b)) => compare(op, a, b, o),
            (a, b) => panic!("internal: {op:?} of {} and {}", a.dtype(), b.dtype()),
        }
        return;
    }
    match (a, b, out) {
        (AnySrc::Bool(a), AnySrc::Bool(b), TileMut::Bool(o)) => bool::binary(op, a, b, o),
        (AnySrc::I8(a), AnySrc::I8(b), TileMut::I8(o)) => i8::binary(op, a, b, o),
        (AnySrc::I16(a), AnySrc::I16(b), TileMut::I16(o)) => i16::binary(op, a, b, o),
        (AnySrc::I32(a), AnySrc::I32(b), TileMut::I32(o)) => i32::binary(op, a, b, o),
        (AnySrc::I64(a), AnySrc::I64(b), TileMut::I64(o)) => i64::binary(op, a, b, o),
        (AnySrc::U8(a), AnySrc::U8(b), TileMut::U8(o)) => u8::binary(op, a, b, o),
        (AnySrc::U16(a), AnySrc::U16(b), TileMut::U16(o)) => u16::binary(op, a, b, o),
        (AnySrc::U32(a), AnySrc::U32(b), TileMut::U32(o)) => u32::binary(op, a, b, o),
        (AnySrc::U64(a), AnySrc::U64(b), TileMut::U64(o)) => u64::binary(op, a, b, o),
        (AnySrc::F32(a), AnySrc::F32(b), TileMut::F32(o)) => f32::binary(op, a, b, o),
        (AnySrc::F64(a), AnySrc::F64(b), TileMut::F64(o)) => f64::binary(op, a, b, o),
        (AnySrc::C64(a), AnySrc::C64(b), TileMut::C64(o)) => C64::binary(op, a, b, o),
        (AnySrc::C128(a), AnySrc::C128(b), TileMut::C128(o)) => C128::binary(op, a, b, o),
        (a, b, o) => panic!(
            "internal: {op:?} of {} and {} into {}",
            a.dtype(),
            b.dtype(),
            o.dtype()
        ),
    }
}

/// `out = where(c, a, b)`; `a`, `b` and `out` share one dtype.
///
/// Panics if the dtypes disagree (a bug in the caller).
pub fn where_tile(c: Src<bool>, a: AnySrc, b: AnySrc, out: TileMut) {
    match (a, b, out) {
        (AnySrc::Bool(a), AnySrc::Bool(b), TileMut::Bool(o)) => select(c, a, b, o),
        (AnySrc::I8(a), AnySrc::I8(b), TileMut::I8(o)) => select(c, a, b, o),
        (AnySrc::I16(a), AnySrc::I16(b), TileMut::I16(o)) => select(c, a, b, o),
        (AnySrc::I32(a), AnySrc::I32(b), TileMut::I32(o)) => select(c, a, b, o),
        (AnySrc::I64(a), AnySrc::I64(b), TileMut::I64(o)) => select(c, a, b, o),
        (AnySrc::U8(a), AnySrc::U8(b), TileMut::U8(o)) => select(c, a, b, o),
        (AnySrc::U16(a), AnySrc::U16(b), TileMut::U16(o)) => select(c, a, b, o),
        (AnySrc::U32(a), AnySrc::U32(b), TileMut::U32(o)) => select(c, a, b, o),
        (AnySrc::U64(a), AnySrc::U64(b), TileMut::U64(o)) => select(c, a, b, o),
        (AnySrc::F32(a), AnySrc::F32(b), TileMut::F32(o)) => select(c, a, b, o),
        (AnySrc::F64(a), AnySrc::F64(b), TileMut::F64(o)) => select(c, a, b, o),
        (AnySrc::C64(a), AnySrc::C64(b), TileMut::C64(o)) => select(c, a, b, o),
        (AnySrc::C128(a), AnySrc::C128(b), TileMut::C128(o)) => select(c, a, b, o),
        (a, b, o) => panic!(
            "internal: where of {} and {} into {}",
            a.dtype(),
            b.dtype(),
            o.dtype()
        ),
    }
}

/// `out = x.astype(out dtype)` with the conversions of `Block::cast` (floats truncate toward
/// zero and saturate, NaN becomes 0, nonzero is true).
pub fn cast_tile(x: AnySrc, out: TileMut) {
    with_tile!(out, o => with_src!(x, s => map1(s, o, Conv::conv)))
}

/// Runs `$body` with `$s` bound to the typed `Src` inside an `AnySrc`.
macro_rules! with_src {
    ($x:expr, $s:ident => $body:expr) => {
        match $x {
            AnySrc::Bool($s) => $body,
            AnySrc::I8($s) => $body,
            AnySrc::I16($s) => $body,
            AnySrc::I32($s) => $body,
            AnySrc::I64($s) => $body,
            AnySrc::U8($s) => $body,
            AnySrc::U16($s) => $body,
            AnySrc::U32($s) => $body,
            AnySrc::U64($s) => $body,
            AnySrc::F32($s) => $body,
            AnySrc::F64($s) => $body,
            AnySrc::C64($s) => $body,
            AnySrc::C128($s) => $body,
        }
    };
}
use with_src;

/// Runs `$body` with `$o` bound to the typed slice inside a `TileMut`.
macro_rules! with_tile {
    ($x:expr, $o:ident => $body:expr) => {
        match $x {
            TileMut::Bool($o) => $body,
            TileMut::I8($o) => $body,
            TileMut::I16($o) => $body,
            TileMut::I32($o) => $body,
            TileMut::I64($o) => $body,
            TileMut::U8($o) => $body,
            TileMut::U16($o) => $body,
            TileMut::U32($o) => $body,
            TileMut::U64($o) => $body,
            TileMut::F32($o) => $body,
            TileMut::F64($o) => $body,
            TileMut::C64($o) => $body,
            TileMut::C128($o) => $body,
        }
    };
}
use with_tile;

fn src_dtype<T: Element>(_: Src<T>) -> DType {
    T::DTYPE
}

fn slice_dtype<T: Element>(_: &[T]) -> DType {
    T::DTYPE
}

mod conv;
mod kern;
mod loops;
#[cfg(test)]
mod tests;

pub(crate) use conv::Conv;
use kern::{compare, Kern};
use loops::{map1, select};
