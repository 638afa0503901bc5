//! Elementwise operators: typed unary and binary kernels over tiles of values.

use crate::dtype::DType;

/// Unary elementwise functions. Math functions (Sqrt..Tanh, Floor, Ceil, Round) take float
/// inputs only: the compiler casts integers to float64 first, as numpy does.
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
}

impl UnaryOp {
    /// Result dtype for an input of dtype `x` (after the compiler's casts).
    pub fn result_dtype(self, x: DType) -> DType {
        match self {
            UnaryOp::IsNan | UnaryOp::IsFinite => DType::Bool,
            _ => x,
        }
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
}
