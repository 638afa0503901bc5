//! Python scalar arithmetic: two scalars and an operator -> the scalar Python gives (ints
//! exact within int64, a clear error outside it), Python's comparisons, `int(x)` and `seed=`.

use super::value::Value;
use crate::diagnostic::{codes, Diagnostic};
use crate::kernels::elementwise::BinaryOp;
use crate::kernels::Scalar;
use crate::source::Span;

type Result<T> = std::result::Result<T, Diagnostic>;

/// Why scalar arithmetic has no int64 result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScalarError {
    DivisionByZero,
    /// An operator Python does not define on complex numbers (`<`, `//`, `&`, ...).
    Complex,
    /// The exact (Python int) result is outside int64.
    Overflow,
}

/// Python arithmetic on scalars: integers are exact, so a result outside int64 is an
/// error rather than a wrapped value (arrays wrap, as numpy's do).
pub fn scalar_binary(
    op: BinaryOp,
    x: Scalar,
    y: Scalar,
) -> std::result::Result<Scalar, ScalarError> {
    use BinaryOp::*;
    use ScalarError::{DivisionByZero, Overflow};
    if x.is_complex() || y.is_complex() {
        return scalar_complex(op, x, y);
    }
    let both_int = !matches!(x, Scalar::Float(_)) && !matches!(y, Scalar::Float(_));
    let both_bool = matches!((x, y), (Scalar::Bool(_), Scalar::Bool(_)));
    Ok(match op {
        Eq => Scalar::Bool(cmp(x, y) == Some(std::cmp::Ordering::Equal)),
        Ne => Scalar::Bool(cmp(x, y) != Some(std::cmp::Ordering::Equal)),
        Lt => Scalar::Bool(cmp(x, y) == Some(std::cmp::Ordering::Less)),
        Le => Scalar::Bool(matches!(
            cmp(x, y),
            Some(std::cmp::Ordering::Less | std::cmp::Ordering::Equal)
        )),
        Gt => Scalar::Bool(cmp(x, y) == Some(std::cmp::Ordering::Greater)),
        Ge => Scalar::Bool(matches!(
            cmp(x, y),
            Some(std::cmp::Ordering::Greater | std::cmp::Ordering::Equal)
        )),
        And | Or | Xor if both_bool => {
            let (a, b) = (x.as_bool(), y.as_bool());
            Scalar::Bool(match op {
                And => a & b,
                Or => a | b,
                _ => a ^ b,
            })
        }
        And => Scalar::Int(x.as_i64() & y.as_i64()),
        Or => Scalar::Int(x.as_i64() | y.as_i64()),
        Xor => Scalar::Int(x.as_i64() ^ y.as_i64()),
        Div => {
            if y.as_f64() == 0.0 {
                return Err(DivisionByZero);
            }
            Scalar::Float(x.as_f64() / y.as_f64())
        }
        _ if both_int => {
            let (a, b) = (x.as_i64(), y.as_i64());
            Scalar::Int(match op {
                Add => a.checked_add(b).ok_or(Overflow)?,
                Sub => a.checked_sub(b).ok_or(Overflow)?,
                Mul => a.checked_mul(b).ok_or(Overflow)?,
                FloorDiv => {
                    if b == 0 {
                        return Err(DivisionByZero);
                    }
                    // MIN // -1 is 2**63: the one quotient outside int64.
                    let q = a.checked_div(b).ok_or(Overflow)?;
                    if a % b != 0 && ((a < 0) != (b < 0)) {
                        q - 1
                    } else {
                        q
                    }
                }
                Mod => {
                    if b == 0 {
                        return Err(DivisionByZero);
                    }
                    // wrapping_rem: MIN % -1 is 0, exactly.
                    let r = a.wrapping_rem(b);
                    if r != 0 && ((r < 0) != (b < 0)) {
                        r + b
                    } else {
                        r
                    }
                }
                Pow => {
                    if b < 0 {
                        if a == 0 {
                            return Err(DivisionByZero);
                        }
                        return Ok(Scalar::Float((a as f64).powf(b as f64)));
                    }
                    let e = u32::try_from(b).ok();
                    match (a, e) {
                        (0 | 1, _) => a,
                        (-1, _) => {
                            if b % 2 == 0 {
                                1
                            } else {
                                -1
                            }
                        }
                        (_, Some(e)) => a.checked_pow(e).ok_or(Overflow)?,
                        (_, None) => return Err(Overflow),
                    }
                }
                Maximum => a.max(b),
                Minimum => a.min(b),
                _ => unreachable!("handled above"),
            })
        }
        _ => {
            let (a, b) = (x.as_f64(), y.as_f64());
            Scalar::Float(match op {
                Add => a + b,
                Sub => a - b,
                Mul => a * b,
                FloorDiv => {
                    if b == 0.0 {
                        return Err(DivisionByZero);
                    }
                    (a / b).floor()
                }
                Mod => {
                    if b == 0.0 {
                        return Err(DivisionByZero);
                    }
                    let r = a % b;
                    if r != 0.0 && (r < 0.0) != (b < 0.0) {
                        r + b
                    } else {
                        r
                    }
                }
                Pow => a.powf(b),
                Maximum => a.max(b),
                Minimum => a.min(b),
                _ => unreachable!("handled above"),
            })
        }
    })
}

/// Python's arithmetic with a complex operand.
fn scalar_complex(op: BinaryOp, x: Scalar, y: Scalar) -> std::result::Result<Scalar, ScalarError> {
    use crate::kernels::complex::C128;
    let (a, b) = (x.as_complex(), y.as_complex());
    let (za, zb) = (C128::new(a.0, a.1), C128::new(b.0, b.1));
    let z = match op {
        BinaryOp::Eq => return Ok(Scalar::Bool(a == b)),
        BinaryOp::Ne => return Ok(Scalar::Bool(a != b)),
        BinaryOp::Add => za.add(zb),
        BinaryOp::Sub => za.sub(zb),
        BinaryOp::Mul => za.mul(zb),
        BinaryOp::Div if zb.is_zero() => return Err(ScalarError::DivisionByZero),
        BinaryOp::Div => za.div(zb),
        BinaryOp::Pow if za.is_zero() && (zb.im() != 0.0 || zb.re() < 0.0) => {
            return Err(ScalarError::DivisionByZero)
        }
        BinaryOp::Pow => za.pow(zb),
        _ => return Err(ScalarError::Complex),
    };
    Ok(Scalar::Complex(z.re(), z.im()))
}

/// Python's comparison of two numbers: ints exactly (not through f64, where 2**53 + 1
/// equals 2**53), int against float exactly too; None when a NaN is involved.
fn cmp(x: Scalar, y: Scalar) -> Option<std::cmp::Ordering> {
    match (x, y) {
        (Scalar::Float(a), Scalar::Float(b)) => a.partial_cmp(&b),
        (Scalar::Float(a), i) => cmp_int_float(i.as_i64(), a).map(|o| o.reverse()),
        (i, Scalar::Float(b)) => cmp_int_float(i.as_i64(), b),
        (a, b) => Some(a.as_i64().cmp(&b.as_i64())),
    }
}

/// 2**63 as a float: the first float past int64.
const TWO_63: f64 = 9_223_372_036_854_775_808.0;

fn cmp_int_float(i: i64, f: f64) -> Option<std::cmp::Ordering> {
    if f.is_nan() {
        return None;
    }
    // Floats at or beyond ±2**63 compare beyond every int64; inside, compare the integer
    // part exactly and break ties on the fraction.
    if f >= TWO_63 {
        return Some(std::cmp::Ordering::Less);
    }
    if f < -TWO_63 {
        return Some(std::cmp::Ordering::Greater);
    }
    let t = f.trunc();
    let o = i.cmp(&(t as i64));
    Some(if o != std::cmp::Ordering::Equal {
        o
    } else if f > t {
        std::cmp::Ordering::Less
    } else if f < t {
        std::cmp::Ordering::Greater
    } else {
        std::cmp::Ordering::Equal
    })
}

/// A `seed=` argument: any int from 0 to 2**63 - 1 (numpy refuses negative seeds).
pub fn to_seed(v: &Value, span: &Span) -> Result<u64> {
    let i = super::functions::args::to_int(v, span)?;
    u64::try_from(i).map_err(|_| {
        Diagnostic::new(
            codes::ARGUMENT,
            format!("seed must be non-negative, got `{i}`"),
        )
        .label(span.clone(), "this seed")
    })
}

/// Python's `int(x)`: floats truncate toward zero; NaN, infinities and values outside
/// int64 are errors (numpy's `astype` is the array conversion, and wraps or saturates).
pub fn int_of(s: Scalar) -> std::result::Result<i64, String> {
    match s {
        Scalar::Float(f) if f.is_nan() => Err("cannot convert float NaN to integer".into()),
        Scalar::Float(f) if f.is_infinite() => {
            Err("cannot convert float infinity to integer".into())
        }
        Scalar::Float(f) => {
            let t = f.trunc();
            if (-TWO_63..TWO_63).contains(&t) {
                Ok(t as i64)
            } else {
                Err(format!("`int({f:e})` does not fit in int64"))
            }
        }
        other => Ok(other.as_i64()),
    }
}
