//! The per-dtype kernels behind `unary_tile` and `binary_tile`.

use super::loops::{map1, map2};
use super::{BinaryOp, Src, UnaryOp};
use crate::kernels::complex::Cx;
use num_complex::Complex;

pub(super) fn compare<T: Kern>(op: BinaryOp, a: Src<T>, b: Src<T>, out: &mut [bool]) {
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
pub(super) trait Kern: Copy + PartialOrd {
    fn unary(op: UnaryOp, x: Src<Self>, out: &mut [Self]);
    fn binary(op: BinaryOp, a: Src<Self>, b: Src<Self>, out: &mut [Self]);
    fn is_nan_(self) -> bool;
    fn is_finite_(self) -> bool;
    /// numpy's `isinf` (of a complex: either part infinite).
    #[inline(always)]
    fn is_inf_(self) -> bool {
        !self.is_finite_() && !self.is_nan_()
    }
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
                    Real | Conj => map1(x, out, |v| v),
                    Imag => map1(x, out, |_| 0.0),
                    Angle => map1(x, out, |v| (0.0 as $t).atan2(v)),
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
                    Abs => map1(x, out, IntExt::abs_),
                    Sign => map1(x, out, IntExt::sign_),
                    Floor | Ceil | Round | Trunc | Real | Conj => map1(x, out, |v| v),
                    Imag => map1(x, out, |_| 0),
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
                        if x.wrapping_rem(y) != 0 && (x.neg_() != y.neg_()) {
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
                        if r != 0 && (r.neg_() != y.neg_()) {
                            r + y
                        } else {
                            r
                        }
                    }),
                    Pow => map2(a, b, out, |x, e| {
                        if e.neg_() {
                            // numpy raises here; this is the value truncated toward zero
                            return if x == 1 {
                                1
                            } else if x.wrapping_add(1) == 0 {
                                if e & 1 == 0 {
                                    1
                                } else {
                                    x
                                }
                            } else {
                                0
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
int_kern!(i8);
int_kern!(i16);
int_kern!(i32);
int_kern!(i64);
int_kern!(u8);
int_kern!(u16);
int_kern!(u32);
int_kern!(u64);

/// What the integer kernels need beyond `std` that signed and unsigned types spell apart.
pub(super) trait IntExt: Copy {
    /// Below zero (never for unsigned types).
    fn neg_(self) -> bool;
    /// numpy's `abs`: wraps at MIN.
    fn abs_(self) -> Self;
    fn sign_(self) -> Self;
}

macro_rules! int_ext {
    (signed $($t:ty),+) => {$(
        impl IntExt for $t {
            #[inline(always)]
            fn neg_(self) -> bool {
                self < 0
            }
            #[inline(always)]
            fn abs_(self) -> $t {
                self.wrapping_abs()
            }
            #[inline(always)]
            fn sign_(self) -> $t {
                self.signum()
            }
        }
    )+};
    (unsigned $($t:ty),+) => {$(
        impl IntExt for $t {
            #[inline(always)]
            fn neg_(self) -> bool {
                false
            }
            #[inline(always)]
            fn abs_(self) -> $t {
                self
            }
            #[inline(always)]
            fn sign_(self) -> $t {
                (self != 0) as $t
            }
        }
    )+};
}
int_ext!(signed i8, i16, i32, i64);
int_ext!(unsigned u8, u16, u32, u64);

impl Kern for bool {
    fn unary(op: UnaryOp, x: Src<bool>, out: &mut [bool]) {
        use UnaryOp::*;
        match op {
            Invert => map1(x, out, |v| !v),
            // as integers: -1, |1| and sign(1) are all nonzero
            Neg | Abs | Sign | Floor | Ceil | Round | Trunc | Real | Conj => map1(x, out, |v| v),
            Imag => map1(x, out, |_| false),
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

/// Complex kernels. Operations numpy does not define on complex (floor, `//`, `&`, ...) are
/// rejected by the compiler; should one reach here it acts on both parts.
macro_rules! complex_kern {
    ($f:ty) => {
        impl Kern for Cx<$f> {
            fn unary(op: UnaryOp, x: Src<Cx<$f>>, out: &mut [Cx<$f>]) {
                use UnaryOp::*;
                let c = |f: fn(Complex<$f>) -> Complex<$f>| move |v: Cx<$f>| Cx(f(v.0));
                let parts = |f: fn($f) -> $f| move |v: Cx<$f>| Cx::new(f(v.re()), f(v.im()));
                match op {
                    Neg => map1(x, out, |v| Cx(-v.0)),
                    Conj => map1(x, out, |v| Cx(v.0.conj())),
                    Sqrt => map1(x, out, c(Complex::sqrt)),
                    Exp => map1(x, out, c(Complex::exp)),
                    Log => map1(x, out, c(Complex::ln)),
                    Log10 => map1(x, out, c(Complex::log10)),
                    Log2 => map1(x, out, c(Complex::log2)),
                    Exp2 => map1(x, out, c(Complex::exp2)),
                    Log1p => map1(x, out, |v| Cx((v.0 + Complex::new(1.0, 0.0)).ln())),
                    Expm1 => map1(x, out, |v| Cx(v.0.exp() - Complex::new(1.0, 0.0))),
                    Sin => map1(x, out, c(Complex::sin)),
                    Cos => map1(x, out, c(Complex::cos)),
                    Tan => map1(x, out, c(Complex::tan)),
                    Arcsin => map1(x, out, c(Complex::asin)),
                    Arccos => map1(x, out, c(Complex::acos)),
                    Arctan => map1(x, out, c(Complex::atan)),
                    Sinh => map1(x, out, c(Complex::sinh)),
                    Cosh => map1(x, out, c(Complex::cosh)),
                    Tanh => map1(x, out, c(Complex::tanh)),
                    Arcsinh => map1(x, out, c(Complex::asinh)),
                    Arccosh => map1(x, out, c(Complex::acosh)),
                    Arctanh => map1(x, out, c(Complex::atanh)),
                    Cbrt => map1(x, out, c(Complex::cbrt)),
                    Sign => map1(x, out, Cx::sign),
                    Round => map1(x, out, parts(<$f>::round_ties_even)),
                    Floor => map1(x, out, parts(<$f>::floor)),
                    Ceil => map1(x, out, parts(<$f>::ceil)),
                    Trunc => map1(x, out, parts(<$f>::trunc)),
                    Invert => map1(x, out, |v| Cx::new(v.is_zero() as u8 as $f, 0.0)),
                    // real-valued: unary_tile writes these into a float tile
                    Abs => map1(x, out, |v| Cx::new(v.abs(), 0.0)),
                    Real => map1(x, out, |v| Cx::new(v.re(), 0.0)),
                    Imag => map1(x, out, |v| Cx::new(v.im(), 0.0)),
                    Angle => map1(x, out, |v| Cx::new(v.im().atan2(v.re()), 0.0)),
                    IsNan | IsFinite | IsInf => unreachable!("bool-valued, handled by unary_tile"),
                }
            }

            fn binary(op: BinaryOp, a: Src<Cx<$f>>, b: Src<Cx<$f>>, out: &mut [Cx<$f>]) {
                use BinaryOp::*;
                match op {
                    Add => map2(a, b, out, Cx::add),
                    Sub => map2(a, b, out, Cx::sub),
                    Mul => map2(a, b, out, Cx::mul),
                    Div => map2(a, b, out, Cx::div),
                    Pow => map2(a, b, out, Cx::pow),
                    Maximum => map2(a, b, out, Cx::maximum),
                    Minimum => map2(a, b, out, Cx::minimum),
                    Fmax => map2(a, b, out, Cx::fmax),
                    Fmin => map2(a, b, out, Cx::fmin),
                    FloorDiv | Mod | And | Or | Xor | Arctan2 => {
                        map2(a, b, out, |_, _| Cx::new(<$f>::NAN, <$f>::NAN))
                    }
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

            #[inline(always)]
            fn is_inf_(self) -> bool {
                self.re().is_infinite() || self.im().is_infinite()
            }
        }
    };
}
complex_kern!(f32);
complex_kern!(f64);
