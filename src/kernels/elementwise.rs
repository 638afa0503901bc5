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
    I32(Src<'a, i32>),
    I64(Src<'a, i64>),
    F32(Src<'a, f32>),
    F64(Src<'a, f64>),
}

/// A typed output tile.
#[derive(Debug)]
pub enum TileMut<'a> {
    Bool(&'a mut [bool]),
    I32(&'a mut [i32]),
    I64(&'a mut [i64]),
    F32(&'a mut [f32]),
    F64(&'a mut [f64]),
}

impl AnySrc<'_> {
    /// The element type of the operand.
    pub fn dtype(&self) -> DType {
        match self {
            AnySrc::Bool(_) => DType::Bool,
            AnySrc::I32(_) => DType::I32,
            AnySrc::I64(_) => DType::I64,
            AnySrc::F32(_) => DType::F32,
            AnySrc::F64(_) => DType::F64,
        }
    }
}

impl TileMut<'_> {
    /// The element type of the tile.
    pub fn dtype(&self) -> DType {
        match self {
            TileMut::Bool(_) => DType::Bool,
            TileMut::I32(_) => DType::I32,
            TileMut::I64(_) => DType::I64,
            TileMut::F32(_) => DType::F32,
            TileMut::F64(_) => DType::F64,
        }
    }

    /// Number of elements in the tile.
    pub fn len(&self) -> usize {
        match self {
            TileMut::Bool(o) => o.len(),
            TileMut::I32(o) => o.len(),
            TileMut::I64(o) => o.len(),
            TileMut::F32(o) => o.len(),
            TileMut::F64(o) => o.len(),
        }
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
            with_src!(x, s => map1(s, o, |v| !v.is_finite_() && !v.is_nan_()))
        }
        (_, AnySrc::Bool(s), TileMut::Bool(o)) => bool::unary(op, s, o),
        (_, AnySrc::I32(s), TileMut::I32(o)) => i32::unary(op, s, o),
        (_, AnySrc::I64(s), TileMut::I64(o)) => i64::unary(op, s, o),
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
            (AnySrc::I32(a), AnySrc::I32(b)) => compare(op, a, b, o),
            (AnySrc::I64(a), AnySrc::I64(b)) => compare(op, a, b, o),
            (AnySrc::F32(a), AnySrc::F32(b)) => compare(op, a, b, o),
            (AnySrc::F64(a), AnySrc::F64(b)) => compare(op, a, b, o),
            (a, b) => panic!("internal: {op:?} of {} and {}", a.dtype(), b.dtype()),
        }
        return;
    }
    match (a, b, out) {
        (AnySrc::Bool(a), AnySrc::Bool(b), TileMut::Bool(o)) => bool::binary(op, a, b, o),
        (AnySrc::I32(a), AnySrc::I32(b), TileMut::I32(o)) => i32::binary(op, a, b, o),
        (AnySrc::I64(a), AnySrc::I64(b), TileMut::I64(o)) => i64::binary(op, a, b, o),
        (AnySrc::F32(a), AnySrc::F32(b), TileMut::F32(o)) => f32::binary(op, a, b, o),
        (AnySrc::F64(a), AnySrc::F64(b), TileMut::F64(o)) => f64::binary(op, a, b, o),
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
        (AnySrc::I32(a), AnySrc::I32(b), TileMut::I32(o)) => select(c, a, b, o),
        (AnySrc::I64(a), AnySrc::I64(b), TileMut::I64(o)) => select(c, a, b, o),
        (AnySrc::F32(a), AnySrc::F32(b), TileMut::F32(o)) => select(c, a, b, o),
        (AnySrc::F64(a), AnySrc::F64(b), TileMut::F64(o)) => select(c, a, b, o),
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
    match out {
        TileMut::Bool(o) => with_src!(x, s => map1(s, o, Conv::conv)),
        TileMut::I32(o) => with_src!(x, s => map1(s, o, Conv::conv)),
        TileMut::I64(o) => with_src!(x, s => map1(s, o, Conv::conv)),
        TileMut::F32(o) => with_src!(x, s => map1(s, o, Conv::conv)),
        TileMut::F64(o) => with_src!(x, s => map1(s, o, Conv::conv)),
    }
}

/// Runs `$body` with `$s` bound to the typed `Src` inside an `AnySrc`.
macro_rules! with_src {
    ($x:expr, $s:ident => $body:expr) => {
        match $x {
            AnySrc::Bool($s) => $body,
            AnySrc::I32($s) => $body,
            AnySrc::I64($s) => $body,
            AnySrc::F32($s) => $body,
            AnySrc::F64($s) => $body,
        }
    };
}
use with_src;

// The loops below are the whole point of the module: each is a plain zip over slices (or a
// slice and a register) that LLVM vectorises once `f` is inlined. The default x86-64 target
// only has SSE2 (two f64 lanes, no 64-bit multiply), so each loop is also compiled for AVX2
// and AVX-512 and the widest one the CPU supports runs.

/// The vector instruction sets the loops are compiled for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Isa {
    Base,
    #[cfg(target_arch = "x86_64")]
    Avx2,
    #[cfg(target_arch = "x86_64")]
    Avx512,
}

/// The widest instruction set of this CPU (std caches the detection).
#[inline(always)]
fn isa() -> Isa {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::is_x86_feature_detected as has;
        if has!("avx512f") && has!("avx512dq") && has!("avx512vl") {
            return Isa::Avx512;
        }
        if has!("avx2") {
            return Isa::Avx2;
        }
    }
    Isa::Base
}

#[inline(always)]
fn map1<T: Copy, U: Copy, F: Fn(T) -> U>(x: Src<T>, out: &mut [U], f: F) {
    #[cfg(target_arch = "x86_64")]
    match isa() {
        // SAFETY: the CPU has the features the callee is compiled for.
        Isa::Avx512 => return unsafe { map1_avx512(x, out, f) },
        Isa::Avx2 => return unsafe { map1_avx2(x, out, f) },
        Isa::Base => {}
    }
    map1_base(x, out, f)
}

#[inline(always)]
fn map2<T: Copy, U: Copy, F: Fn(T, T) -> U>(a: Src<T>, b: Src<T>, out: &mut [U], f: F) {
    #[cfg(target_arch = "x86_64")]
    match isa() {
        // SAFETY: the CPU has the features the callee is compiled for.
        Isa::Avx512 => return unsafe { map2_avx512(a, b, out, f) },
        Isa::Avx2 => return unsafe { map2_avx2(a, b, out, f) },
        Isa::Base => {}
    }
    map2_base(a, b, out, f)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn map1_avx2<T: Copy, U: Copy, F: Fn(T) -> U>(x: Src<T>, out: &mut [U], f: F) {
    map1_base(x, out, f)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512dq,avx512vl")]
unsafe fn map1_avx512<T: Copy, U: Copy, F: Fn(T) -> U>(x: Src<T>, out: &mut [U], f: F) {
    map1_base(x, out, f)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn map2_avx2<T: Copy, U: Copy, F: Fn(T, T) -> U>(a: Src<T>, b: Src<T>, out: &mut [U], f: F) {
    map2_base(a, b, out, f)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512dq,avx512vl")]
unsafe fn map2_avx512<T: Copy, U: Copy, F: Fn(T, T) -> U>(
    a: Src<T>,
    b: Src<T>,
    out: &mut [U],
    f: F,
) {
    map2_base(a, b, out, f)
}

#[inline(always)]
fn map1_base<T: Copy, U: Copy>(x: Src<T>, out: &mut [U], f: impl Fn(T) -> U) {
    match x {
        Src::Tile(x) => {
            let x = &x[..out.len()];
            for (o, &v) in out.iter_mut().zip(x) {
                *o = f(v);
            }
        }
        Src::Scalar(v) => out.fill(f(v)),
    }
}

#[inline(always)]
fn map2_base<T: Copy, U: Copy>(a: Src<T>, b: Src<T>, out: &mut [U], f: impl Fn(T, T) -> U) {
    let n = out.len();
    match (a, b) {
        (Src::Tile(a), Src::Tile(b)) => {
            let (a, b) = (&a[..n], &b[..n]);
            for (o, (&x, &y)) in out.iter_mut().zip(a.iter().zip(b)) {
                *o = f(x, y);
            }
        }
        (Src::Tile(a), Src::Scalar(y)) => {
            for (o, &x) in out.iter_mut().zip(&a[..n]) {
                *o = f(x, y);
            }
        }
        (Src::Scalar(x), Src::Tile(b)) => {
            for (o, &y) in out.iter_mut().zip(&b[..n]) {
                *o = f(x, y);
            }
        }
        (Src::Scalar(x), Src::Scalar(y)) => out.fill(f(x, y)),
    }
}

fn select<T: Copy>(c: Src<bool>, a: Src<T>, b: Src<T>, out: &mut [T]) {
    let n = out.len();
    let c = match c {
        Src::Scalar(true) => return map1(a, out, |v| v),
        Src::Scalar(false) => return map1(b, out, |v| v),
        Src::Tile(c) => &c[..n],
    };
    #[cfg(target_arch = "x86_64")]
    match isa() {
        // SAFETY: the CPU has the features the callee is compiled for.
        Isa::Avx512 => return unsafe { select_avx512(c, a, b, out) },
        Isa::Avx2 => return unsafe { select_avx2(c, a, b, out) },
        Isa::Base => {}
    }
    select_base(c, a, b, out)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn select_avx2<T: Copy>(c: &[bool], a: Src<T>, b: Src<T>, out: &mut [T]) {
    select_base(c, a, b, out)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512dq,avx512vl")]
unsafe fn select_avx512<T: Copy>(c: &[bool], a: Src<T>, b: Src<T>, out: &mut [T]) {
    select_base(c, a, b, out)
}

/// Zipped slices of one length, so the loop has no bounds checks and compiles to blends
/// (a data-dependent branch here mispredicts half the time on random masks).
#[inline(always)]
fn select_base<T: Copy>(c: &[bool], a: Src<T>, b: Src<T>, out: &mut [T]) {
    let n = out.len();
    match (a, b) {
        (Src::Tile(a), Src::Tile(b)) => {
            for (((o, &ci), &x), &y) in out.iter_mut().zip(c).zip(&a[..n]).zip(&b[..n]) {
                *o = if ci { x } else { y };
            }
        }
        (Src::Tile(a), Src::Scalar(y)) => {
            for ((o, &ci), &x) in out.iter_mut().zip(c).zip(&a[..n]) {
                *o = if ci { x } else { y };
            }
        }
        (Src::Scalar(x), Src::Tile(b)) => {
            for ((o, &ci), &y) in out.iter_mut().zip(c).zip(&b[..n]) {
                *o = if ci { x } else { y };
            }
        }
        (Src::Scalar(x), Src::Scalar(y)) => {
            for (o, &ci) in out.iter_mut().zip(c) {
                *o = if ci { x } else { y };
            }
        }
    }
}

fn compare<T: Kern>(op: BinaryOp, a: Src<T>, b: Src<T>, out: &mut [bool]) {
    use BinaryOp::*;
    // PartialOrd on floats is IEEE: every comparison with NaN is false except `!=`.
    match op {
        Eq => map2(a, b, out, |x, y| x == y),
        Ne => map2(a, b, out, |x, y| x != y),
        Lt => map2(a, b, out, |x, y| x < y),
        Le => map2(a, b, out, |x, y| x <= y),
        Gt => map2(a, b, out, |x, y| x > y),
        Ge => map2(a, b, out, |x, y| x >= y),
        _ => unreachable!("binary_tile routes only comparisons here"),
    }
}

/// The per-dtype kernels. Comparisons, IsNan and IsFinite produce bool and are handled
/// generically by the dispatchers above.
trait Kern: Copy + PartialOrd {
    fn unary(op: UnaryOp, x: Src<Self>, out: &mut [Self]);
    fn binary(op: BinaryOp, a: Src<Self>, b: Src<Self>, out: &mut [Self]);
    fn is_nan_(self) -> bool;
    fn is_finite_(self) -> bool;
}

/// Math functions for operands the compiler should have cast to float: computed in float64.
fn math_f64(op: UnaryOp, v: f64) -> f64 {
    let mut out = [0.0];
    f64::unary(op, Src::Scalar(v), &mut out);
    out[0]
}

/// numpy's `npy_divmod`: Python floor division and modulo for floats, with the quotient
/// snapped to an integer and zeros signed as numpy signs them.
#[inline(always)]
fn divmod_f64(a: f64, b: f64) -> (f64, f64) {
    let m = a % b;
    if b == 0.0 {
        return (a / b, m);
    }
    let mut div = (a - m) / b;
    let mut m = m;
    // NaN counts as nonzero here, as in C's `if (mod)`.
    if m != 0.0 {
        if (b < 0.0) != (m < 0.0) {
            m += b;
            div -= 1.0;
        }
    } else {
        m = 0.0f64.copysign(b);
    }
    let q = if div != 0.0 {
        let f = div.floor();
        if div - f > 0.5 {
            f + 1.0
        } else {
            f
        }
    } else {
        0.0f64.copysign(a / b)
    };
    (q, m)
}

macro_rules! float_kern {
    ($t:ty) => {
        impl Kern for $t {
            fn unary(op: UnaryOp, x: Src<$t>, out: &mut [$t]) {
                use UnaryOp::*;
                match op {
                    Neg => map1(x, out, |v| -v),
                    // numpy rejects `~` on floats; logical not is the harmless fallback
                    Invert => map1(x, out, |v| if v == 0.0 { 1.0 } else { 0.0 }),
                    Abs => map1(x, out, <$t>::abs),
                    Sqrt => map1(x, out, <$t>::sqrt),
                    Exp => map1(x, out, <$t>::exp),
                    Log => map1(x, out, <$t>::ln),
                    Log10 => map1(x, out, <$t>::log10),
                    Log1p => map1(x, out, <$t>::ln_1p),
                    Expm1 => map1(x, out, <$t>::exp_m1),
                    Sin => map1(x, out, <$t>::sin),
                    Cos => map1(x, out, <$t>::cos),
                    Tan => map1(x, out, <$t>::tan),
                    Arcsin => map1(x, out, <$t>::asin),
                    Arccos => map1(x, out, <$t>::acos),
                    Arctan => map1(x, out, <$t>::atan),
                    Tanh => map1(x, out, <$t>::tanh),
                    Log2 => map1(x, out, <$t>::log2),
                    Exp2 => map1(x, out, <$t>::exp2),
                    Cbrt => map1(x, out, <$t>::cbrt),
                    Sinh => map1(x, out, <$t>::sinh),
                    Cosh => map1(x, out, <$t>::cosh),
                    Arcsinh => map1(x, out, <$t>::asinh),
                    Arccosh => map1(x, out, <$t>::acosh),
                    Arctanh => map1(x, out, <$t>::atanh),
                    Trunc => map1(x, out, <$t>::trunc),
                    Floor => map1(x, out, <$t>::floor),
                    Ceil => map1(x, out, <$t>::ceil),
                    Round => map1(x, out, <$t>::round_ties_even),
                    // NaN stays NaN, both zeros give +0
                    Sign => map1(x, out, |v| {
                        if v > 0.0 {
                            1.0
                        } else if v < 0.0 {
                            -1.0
                        } else if v == 0.0 {
                            0.0
                        } else {
                            v
                        }
                    }),
                    IsNan | IsFinite | IsInf => unreachable!("bool-valued, handled by unary_tile"),
                }
            }

            fn binary(op: BinaryOp, a: Src<$t>, b: Src<$t>, out: &mut [$t]) {
                use BinaryOp::*;
                match op {
                    Add => map2(a, b, out, |x, y| x + y),
                    Sub => map2(a, b, out, |x, y| x - y),
                    Mul => map2(a, b, out, |x, y| x * y),
                    Div => map2(a, b, out, |x, y| x / y),
                    FloorDiv => map2(a, b, out, |x, y| {
                        if y == 0.0 {
                            x / y
                        } else {
                            divmod_f64(x as f64, y as f64).0 as $t
                        }
                    }),
                    Mod => map2(a, b, out, |x, y| {
                        if y == 0.0 {
                            x % y
                        } else {
                            divmod_f64(x as f64, y as f64).1 as $t
                        }
                    }),
                    Pow => {
                        // An integral constant exponent (the common `x**2`, `x**3`) needs no
                        // libm call; small ones are plain products.
                        if let Src::Scalar(e) = b {
                            match e {
                                0.0 => return map1(a, out, |_| 1.0),
                                1.0 => return map1(a, out, |v| v),
                                2.0 => return map1(a, out, |v| v * v),
                                3.0 => return map1(a, out, |v| v * v * v),
                                4.0 => return map1(a, out, |v| (v * v) * (v * v)),
                                -1.0 => return map1(a, out, |v| 1.0 / v),
                                -2.0 => return map1(a, out, |v| 1.0 / (v * v)),
                                _ if e.fract() == 0.0 && e.abs() <= 64.0 => {
                                    let n = e as i32;
                                    return map1(a, out, |v| v.powi(n));
                                }
                                _ => {}
                            }
                        }
                        map2(a, b, out, <$t>::powf)
                    }
                    // numpy rejects these on floats; logical is the harmless fallback
                    And => map2(a, b, out, |x, y| ((x != 0.0) & (y != 0.0)) as u8 as $t),
                    Or => map2(a, b, out, |x, y| ((x != 0.0) | (y != 0.0)) as u8 as $t),
                    Xor => map2(a, b, out, |x, y| ((x != 0.0) ^ (y != 0.0)) as u8 as $t),
                    Maximum => map2(a, b, out, |x, y| if x >= y || x.is_nan() { x } else { y }),
                    Minimum => map2(a, b, out, |x, y| if x <= y || x.is_nan() { x } else { y }),
                    Fmax => map2(a, b, out, <$t>::max),
                    Fmin => map2(a, b, out, <$t>::min),
                    Arctan2 => map2(a, b, out, <$t>::atan2),
                    Eq | Ne | Lt | Le | Gt | Ge => {
                        unreachable!("bool-valued, handled by binary_tile")
                    }
                }
            }

            #[inline(always)]
            fn is_nan_(self) -> bool {
                self.is_nan()
            }

            #[inline(always)]
            fn is_finite_(self) -> bool {
                self.is_finite()
            }
        }
    };
}
float_kern!(f32);
float_kern!(f64);

macro_rules! int_kern {
    ($t:ty) => {
        impl Kern for $t {
            fn unary(op: UnaryOp, x: Src<$t>, out: &mut [$t]) {
                use UnaryOp::*;
                match op {
                    Neg => map1(x, out, <$t>::wrapping_neg),
                    Invert => map1(x, out, |v| !v),
                    Abs => map1(x, out, <$t>::wrapping_abs),
                    Sign => map1(x, out, <$t>::signum),
                    Floor | Ceil | Round | Trunc => map1(x, out, |v| v),
                    IsNan | IsFinite | IsInf => unreachable!("bool-valued, handled by unary_tile"),
                    _ => map1(x, out, |v| math_f64(op, v as f64) as $t),
                }
            }

            fn binary(op: BinaryOp, a: Src<$t>, b: Src<$t>, out: &mut [$t]) {
                use BinaryOp::*;
                match op {
                    Add => map2(a, b, out, <$t>::wrapping_add),
                    Sub => map2(a, b, out, <$t>::wrapping_sub),
                    Mul => map2(a, b, out, <$t>::wrapping_mul),
                    // `/` on integers is true division, which the compiler computes in
                    // float; should it reach here, floor division is the closest integer.
                    FloorDiv | Div => map2(a, b, out, |x, y| {
                        // numpy: x // 0 is 0 (with a warning); MIN // -1 wraps to MIN
                        if y == 0 {
                            return 0;
                        }
                        let q = x.wrapping_div(y);
                        if x.wrapping_rem(y) != 0 && ((x < 0) != (y < 0)) {
                            q - 1
                        } else {
                            q
                        }
                    }),
                    Mod => map2(a, b, out, |x, y| {
                        if y == 0 {
                            return 0;
                        }
                        let r = x.wrapping_rem(y);
                        if r != 0 && ((r < 0) != (y < 0)) {
                            r + y
                        } else {
                            r
                        }
                    }),
                    Pow => map2(a, b, out, |x, e| {
                        if e < 0 {
                            // numpy raises here; this is the value truncated toward zero
                            return match x {
                                1 => 1,
                                -1 if e % 2 == 0 => 1,
                                -1 => -1,
                                _ => 0,
                            };
                        }
                        let (mut base, mut e, mut r): ($t, $t, $t) = (x, e, 1);
                        while e > 0 {
                            if e & 1 == 1 {
                                r = r.wrapping_mul(base);
                            }
                            base = base.wrapping_mul(base);
                            e >>= 1;
                        }
                        r
                    }),
                    And => map2(a, b, out, |x, y| x & y),
                    Or => map2(a, b, out, |x, y| x | y),
                    Xor => map2(a, b, out, |x, y| x ^ y),
                    Maximum | Fmax => map2(a, b, out, <$t>::max),
                    Minimum | Fmin => map2(a, b, out, <$t>::min),
                    Arctan2 => map2(a, b, out, |x, y| (x as f64).atan2(y as f64) as $t),
                    Eq | Ne | Lt | Le | Gt | Ge => {
                        unreachable!("bool-valued, handled by binary_tile")
                    }
                }
            }

            #[inline(always)]
            fn is_nan_(self) -> bool {
                false
            }

            #[inline(always)]
            fn is_finite_(self) -> bool {
                true
            }
        }
    };
}
int_kern!(i32);
int_kern!(i64);

impl Kern for bool {
    fn unary(op: UnaryOp, x: Src<bool>, out: &mut [bool]) {
        use UnaryOp::*;
        match op {
            Invert => map1(x, out, |v| !v),
            // as integers: -1, |1| and sign(1) are all nonzero
            Neg | Abs | Sign | Floor | Ceil | Round | Trunc => map1(x, out, |v| v),
            IsNan | IsFinite | IsInf => unreachable!("bool-valued, handled by unary_tile"),
            _ => map1(x, out, |v| math_f64(op, v as u8 as f64) != 0.0),
        }
    }

    fn binary(op: BinaryOp, a: Src<bool>, b: Src<bool>, out: &mut [bool]) {
        use BinaryOp::*;
        // numpy: + is or, * is and; the rest are what the integer result would be as bool.
        match op {
            Add | Or | Maximum | Fmax => map2(a, b, out, |x, y| x | y),
            Mul | And | Minimum | Fmin | FloorDiv | Div => map2(a, b, out, |x, y| x & y),
            Arctan2 => map2(a, b, out, |x, y| {
                (x as u8 as f64).atan2(y as u8 as f64) != 0.0
            }),
            Sub | Xor => map2(a, b, out, |x, y| x ^ y),
            Mod => map2(a, b, out, |_, _| false),
            Pow => map2(a, b, out, |x, y| x | !y),
            Eq | Ne | Lt | Le | Gt | Ge => unreachable!("bool-valued, handled by binary_tile"),
        }
    }

    #[inline(always)]
    fn is_nan_(self) -> bool {
        false
    }

    #[inline(always)]
    fn is_finite_(self) -> bool {
        true
    }
}

/// One element conversion of `Block::cast`.
pub(crate) trait Conv<U> {
    fn conv(self) -> U;
}

macro_rules! conv_as {
    ($($from:ty => $($to:ty),+;)+) => {$($(
        impl Conv<$to> for $from {
            #[inline(always)]
            fn conv(self) -> $to {
                self as $to
            }
        }
    )+)+};
}
conv_as! {
    i32 => i32, i64, f32, f64;
    i64 => i32, i64, f32, f64;
    f32 => i32, i64, f32, f64;
    f64 => i32, i64, f32, f64;
    bool => i32, i64;
}

macro_rules! conv_bool {
    ($($t:ty: $zero:expr),+) => {$(
        impl Conv<bool> for $t {
            #[inline(always)]
            fn conv(self) -> bool {
                self != $zero
            }
        }
        impl Conv<$t> for bool {
            #[inline(always)]
            fn conv(self) -> $t {
                if self { 1 as $t } else { $zero }
            }
        }
    )+};
}
conv_bool!(f32: 0.0, f64: 0.0);

impl Conv<bool> for i32 {
    #[inline(always)]
    fn conv(self) -> bool {
        self != 0
    }
}

impl Conv<bool> for i64 {
    #[inline(always)]
    fn conv(self) -> bool {
        self != 0
    }
}

impl Conv<bool> for bool {
    #[inline(always)]
    fn conv(self) -> bool {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Expected values below were computed with numpy 2.4.

    fn bin_i64(op: BinaryOp, a: &[i64], b: &[i64]) -> Vec<i64> {
        let mut out = vec![0; a.len()];
        binary_tile(
            op,
            AnySrc::I64(Src::Tile(a)),
            AnySrc::I64(Src::Tile(b)),
            TileMut::I64(&mut out),
        );
        out
    }

    fn bin_i32(op: BinaryOp, a: &[i32], b: &[i32]) -> Vec<i32> {
        let mut out = vec![0; a.len()];
        binary_tile(
            op,
            AnySrc::I32(Src::Tile(a)),
            AnySrc::I32(Src::Tile(b)),
            TileMut::I32(&mut out),
        );
        out
    }

    fn bin_f64(op: BinaryOp, a: Src<f64>, b: Src<f64>, n: usize) -> Vec<f64> {
        let mut out = vec![0.0; n];
        binary_tile(op, AnySrc::F64(a), AnySrc::F64(b), TileMut::F64(&mut out));
        out
    }

    fn un_f64(op: UnaryOp, x: &[f64]) -> Vec<f64> {
        let mut out = vec![0.0; x.len()];
        unary_tile(op, AnySrc::F64(Src::Tile(x)), TileMut::F64(&mut out));
        out
    }

    /// Equal as numpy prints them: NaN equals NaN, and the sign of zero counts.
    fn assert_same(got: &[f64], want: &[f64]) {
        assert_eq!(got.len(), want.len());
        for (i, (&g, &w)) in got.iter().zip(want).enumerate() {
            let same = (g.is_nan() && w.is_nan())
                || (g == w && g.is_sign_negative() == w.is_sign_negative());
            assert!(
                same,
                "element {i}: got {g:?}, want {w:?}\n got {got:?}\nwant {want:?}"
            );
        }
    }

    #[test]
    fn int_floordiv_mod_follow_python_and_never_panic() {
        let a = [7, -7, 7, -7, 0, 5, i64::MIN, 3];
        let b = [2, 2, -2, -2, 3, 0, -1, 0];
        assert_eq!(
            bin_i64(BinaryOp::FloorDiv, &a, &b),
            [3, -4, -4, 3, 0, 0, i64::MIN, 0]
        );
        assert_eq!(bin_i64(BinaryOp::Mod, &a, &b), [1, 1, -1, -1, 0, 0, 0, 0]);
        let a = [7, -7, 7, -7, 0, 5, i32::MIN, 3];
        let b = [2, 2, -2, -2, 3, 0, -1, 0];
        assert_eq!(
            bin_i32(BinaryOp::FloorDiv, &a, &b),
            [3, -4, -4, 3, 0, 0, i32::MIN, 0]
        );
        assert_eq!(bin_i32(BinaryOp::Mod, &a, &b), [1, 1, -1, -1, 0, 0, 0, 0]);
    }

    #[test]
    fn float_floordiv_mod_match_numpy() {
        let nan = f64::NAN;
        let inf = f64::INFINITY;
        let a = [
            7.5, -7.5, 7.5, -7.5, 0.0, -0.0, 5.0, -1.0, 1.0, inf, nan, 5.0, -5.0,
        ];
        let b = [
            2.0, 2.0, -2.0, -2.0, 3.0, 3.0, 0.0, inf, inf, 2.0, 1.0, -0.0, inf,
        ];
        let n = a.len();
        let fd = bin_f64(BinaryOp::FloorDiv, Src::Tile(&a), Src::Tile(&b), n);
        assert_same(
            &fd,
            &[
                3.0, -4.0, -4.0, 3.0, 0.0, -0.0, inf, -1.0, 0.0, nan, nan, -inf, -1.0,
            ],
        );
        let m = bin_f64(BinaryOp::Mod, Src::Tile(&a), Src::Tile(&b), n);
        assert_same(
            &m,
            &[
                1.5, 0.5, -0.5, -1.5, 0.0, 0.0, nan, inf, 1.0, nan, nan, nan, inf,
            ],
        );
    }

    #[test]
    fn round_is_half_to_even() {
        let x = [0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 0.49999999999999994, 3.7];
        assert_same(
            &un_f64(UnaryOp::Round, &x),
            &[0.0, 2.0, 2.0, -0.0, -2.0, -2.0, 0.0, 4.0],
        );
        let x = [-3.7f32, -0.5, 0.5, 2.5, 3.5];
        let mut out = [0.0f32; 5];
        unary_tile(
            UnaryOp::Round,
            AnySrc::F32(Src::Tile(&x)),
            TileMut::F32(&mut out),
        );
        assert_eq!(out, [-4.0, -0.0, 0.0, 2.0, 4.0]);
    }

    #[test]
    fn sign_keeps_nan() {
        let x = [-2.0, -0.0, 0.0, 3.0, f64::NAN, f64::NEG_INFINITY];
        assert_same(
            &un_f64(UnaryOp::Sign, &x),
            &[-1.0, 0.0, 0.0, 1.0, f64::NAN, -1.0],
        );
        let mut out = [0i64; 3];
        unary_tile(
            UnaryOp::Sign,
            AnySrc::I64(Src::Tile(&[-5, 0, 9])),
            TileMut::I64(&mut out),
        );
        assert_eq!(out, [-1, 0, 1]);
    }

    #[test]
    fn maximum_minimum_propagate_nan() {
        let a = [1.0, f64::NAN, 3.0, 2.0];
        let b = [f64::NAN, 2.0, 1.0, 5.0];
        assert_same(
            &bin_f64(BinaryOp::Maximum, Src::Tile(&a), Src::Tile(&b), 4),
            &[f64::NAN, f64::NAN, 3.0, 5.0],
        );
        assert_same(
            &bin_f64(BinaryOp::Minimum, Src::Tile(&a), Src::Tile(&b), 4),
            &[f64::NAN, f64::NAN, 1.0, 2.0],
        );
        assert_same(
            &bin_f64(BinaryOp::Maximum, Src::Tile(&a), Src::Scalar(f64::NAN), 4),
            &[f64::NAN; 4],
        );
    }

    #[test]
    fn integer_overflow_wraps() {
        let x = [1i64 << 62, 1 << 31, i64::MIN];
        assert_eq!(bin_i64(BinaryOp::Mul, &x, &[4, 4, 4]), [0, 8589934592, 0]);
        assert_eq!(bin_i64(BinaryOp::Add, &x, &x), [i64::MIN, 4294967296, 0]);
        let mut out = [0i64; 3];
        unary_tile(
            UnaryOp::Abs,
            AnySrc::I64(Src::Tile(&x)),
            TileMut::I64(&mut out),
        );
        assert_eq!(out, [4611686018427387904, 2147483648, i64::MIN]);
        unary_tile(
            UnaryOp::Neg,
            AnySrc::I64(Src::Tile(&x)),
            TileMut::I64(&mut out),
        );
        assert_eq!(out, [-4611686018427387904, -2147483648, i64::MIN]);
        let y = [i32::MAX, i32::MIN];
        assert_eq!(bin_i32(BinaryOp::Add, &y, &[1, 1]), [i32::MIN, -2147483647]);
        assert_eq!(bin_i32(BinaryOp::Mul, &y, &y), [1, 0]);
        assert_eq!(bin_i32(BinaryOp::Sub, &[i32::MIN], &[1]), [i32::MAX]);
    }

    #[test]
    fn int_pow_wraps_and_negative_exponents_do_not_panic() {
        assert_eq!(
            bin_i64(BinaryOp::Pow, &[3, -2, 10, 2], &[4, 3, 20, 63]),
            [81, -8, 7766279631452241920, i64::MIN]
        );
        assert_eq!(
            bin_i32(BinaryOp::Pow, &[3, 7], &[21, 15]),
            [1870418611, 1622647863]
        );
        assert_eq!(
            bin_i64(
                BinaryOp::Pow,
                &[2, 1, -1, -1, 0, 5],
                &[-1, -3, -3, -2, -1, 0]
            ),
            [0, 1, -1, 1, 0, 1]
        );
    }

    #[test]
    fn float_pow_constant_exponents_match_powf() {
        let x: Vec<f64> = (0..50).map(|i| (i as f64 - 25.0) * 0.37).collect();
        for e in [0.0, 1.0, 2.0, 3.0, 4.0, -1.0, -2.0, 5.0, -7.0, 2.5, 0.5] {
            let got = bin_f64(BinaryOp::Pow, Src::Tile(&x), Src::Scalar(e), x.len());
            let want = bin_f64(
                BinaryOp::Pow,
                Src::Tile(&x),
                Src::Tile(&vec![e; x.len()]),
                x.len(),
            );
            for (g, w) in got.iter().zip(&want) {
                assert!(
                    (g.is_nan() && w.is_nan()) || g == w || (g - w).abs() <= 4e-16 * w.abs(),
                    "x**{e}: {g} vs {w}"
                );
            }
        }
        let mut out = [0.0f32; 3];
        let x = [1.0f32, 2.0, 3.0];
        binary_tile(
            BinaryOp::Pow,
            AnySrc::F32(Src::Tile(&x)),
            AnySrc::F32(Src::Scalar(2.5)),
            TileMut::F32(&mut out),
        );
        assert_eq!(out, [1.0, 5.656_854, 15.588_457]);
    }

    #[test]
    fn scalar_operands_on_either_side() {
        let x = [1.0, 2.0, 4.0];
        assert_eq!(
            bin_f64(BinaryOp::Sub, Src::Scalar(1.0), Src::Tile(&x), 3),
            [0.0, -1.0, -3.0]
        );
        assert_eq!(
            bin_f64(BinaryOp::Div, Src::Tile(&x), Src::Scalar(2.0), 3),
            [0.5, 1.0, 2.0]
        );
        assert_eq!(
            bin_f64(BinaryOp::Add, Src::Scalar(1.0), Src::Scalar(2.0), 2),
            [3.0, 3.0]
        );
    }

    #[test]
    fn bitwise_on_ints_logical_on_bools() {
        assert_eq!(bin_i64(BinaryOp::And, &[12, -6], &[10, 3]), [8, 2]);
        assert_eq!(bin_i64(BinaryOp::Or, &[12, -6], &[10, 3]), [14, -5]);
        assert_eq!(bin_i64(BinaryOp::Xor, &[12, -6], &[10, 3]), [6, -7]);
        let mut out = [0i32; 3];
        unary_tile(
            UnaryOp::Invert,
            AnySrc::I32(Src::Tile(&[0, 5, -1])),
            TileMut::I32(&mut out),
        );
        assert_eq!(out, [-1, -6, 0]);
        let (a, b) = ([true, true, false, false], [true, false, true, false]);
        let mut o = [false; 4];
        let run = |op, o: &mut [bool]| {
            binary_tile(
                op,
                AnySrc::Bool(Src::Tile(&a)),
                AnySrc::Bool(Src::Tile(&b)),
                TileMut::Bool(o),
            )
        };
        run(BinaryOp::And, &mut o);
        assert_eq!(o, [true, false, false, false]);
        run(BinaryOp::Or, &mut o);
        assert_eq!(o, [true, true, true, false]);
        run(BinaryOp::Xor, &mut o);
        assert_eq!(o, [false, true, true, false]);
        run(BinaryOp::Add, &mut o);
        assert_eq!(o, [true, true, true, false]);
        run(BinaryOp::Gt, &mut o);
        assert_eq!(o, [false, true, false, false]);
        unary_tile(
            UnaryOp::Invert,
            AnySrc::Bool(Src::Tile(&a)),
            TileMut::Bool(&mut o),
        );
        assert_eq!(o, [false, false, true, true]);
    }

    #[test]
    fn comparisons_with_nan() {
        let a = [1.0, f64::NAN, 2.0];
        let b = [1.0, f64::NAN, 3.0];
        let mut o = [false; 3];
        let mut cmp = |op| {
            binary_tile(
                op,
                AnySrc::F64(Src::Tile(&a)),
                AnySrc::F64(Src::Tile(&b)),
                TileMut::Bool(&mut o),
            );
            o
        };
        assert_eq!(cmp(BinaryOp::Eq), [true, false, false]);
        assert_eq!(cmp(BinaryOp::Ne), [false, true, true]);
        assert_eq!(cmp(BinaryOp::Le), [true, false, true]);
        assert_eq!(cmp(BinaryOp::Gt), [false, false, false]);
        unary_tile(
            UnaryOp::IsNan,
            AnySrc::F64(Src::Tile(&a)),
            TileMut::Bool(&mut o),
        );
        assert_eq!(o, [false, true, false]);
        let c = [1.0, f64::INFINITY, f64::NAN];
        unary_tile(
            UnaryOp::IsFinite,
            AnySrc::F64(Src::Tile(&c)),
            TileMut::Bool(&mut o),
        );
        assert_eq!(o, [true, false, false]);
    }

    #[test]
    fn where_and_cast() {
        let mut out = [0i64; 3];
        where_tile(
            Src::Tile(&[true, false, true]),
            AnySrc::I64(Src::Tile(&[1, 2, 3])),
            AnySrc::I64(Src::Scalar(9)),
            TileMut::I64(&mut out),
        );
        assert_eq!(out, [1, 9, 3]);
        let mut out = [0i32; 6];
        let x = [1.7, -1.7, f64::NAN, f64::INFINITY, -1e300, 3e9];
        cast_tile(AnySrc::F64(Src::Tile(&x)), TileMut::I32(&mut out));
        // Block::cast's conversions: truncate, saturate, NaN to 0
        assert_eq!(out, [1, -1, 0, i32::MAX, i32::MIN, i32::MAX]);
        let mut b = [false; 3];
        cast_tile(
            AnySrc::F32(Src::Tile(&[0.0, -0.0, 0.1])),
            TileMut::Bool(&mut b),
        );
        assert_eq!(b, [false, false, true]);
        let mut f = [0.0f64; 2];
        cast_tile(
            AnySrc::Bool(Src::Tile(&[true, false])),
            TileMut::F64(&mut f),
        );
        assert_eq!(f, [1.0, 0.0]);
    }

    #[test]
    fn math_functions() {
        let x = [0.25, 1.0, 4.0];
        assert_eq!(un_f64(UnaryOp::Sqrt, &x), [0.5, 1.0, 2.0]);
        assert_eq!(
            un_f64(UnaryOp::Log, &[1.0, 0.0, -1.0])[..2],
            [0.0, f64::NEG_INFINITY]
        );
        assert!(un_f64(UnaryOp::Log, &[-1.0])[0].is_nan());
        assert_eq!(un_f64(UnaryOp::Floor, &[-1.5, 1.5]), [-2.0, 1.0]);
        assert_eq!(un_f64(UnaryOp::Ceil, &[-1.5, 1.5]), [-1.0, 2.0]);
        assert_eq!(un_f64(UnaryOp::Abs, &[-1.5, 1.5]), [1.5, 1.5]);
        assert_eq!(un_f64(UnaryOp::Neg, &[-1.5, 1.5]), [1.5, -1.5]);
    }
}
