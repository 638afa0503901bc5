//! Printing floats and complex numbers as numpy does: shortest round-trip digits, positional
//! or scientific notation with a common precision (`FloatingFormat`), Python's float repr.

use super::super::complex::Cx;

/// The float types numpy's `FloatingFormat` handles; comparisons happen in the native type,
/// as numpy compares its float32 values with (weak) Python floats in float32.
pub(super) trait Float: Copy + PartialOrd + std::fmt::LowerExp + std::str::FromStr {
    /// numpy's `10.**min(8, finfo(dtype).precision)`: above it, exponent notation.
    const EXP_CUTOFF_MAX: f64;
    /// Scalars at or above this print as `1e+16` (numpy's scalar `str`).
    const SCALAR_POSITIONAL_MAX: f64;
    fn to_f64(self) -> f64;
    fn from_f64(x: f64) -> Self;
    fn div(self, other: Self) -> Self;
}

impl Float for f64 {
    const EXP_CUTOFF_MAX: f64 = 1e8;
    const SCALAR_POSITIONAL_MAX: f64 = 1e16;
    fn to_f64(self) -> f64 {
        self
    }
    fn from_f64(x: f64) -> Self {
        x
    }
    fn div(self, other: Self) -> Self {
        self / other
    }
}

impl Float for f32 {
    const EXP_CUTOFF_MAX: f64 = 1e6;
    const SCALAR_POSITIONAL_MAX: f64 = 1e6;
    fn to_f64(self) -> f64 {
        self as f64
    }
    fn from_f64(x: f64) -> Self {
        x as f32
    }
    fn div(self, other: Self) -> Self {
        self / other
    }
}

/// Shortest round-trip decimal digits of `|x|` (in x's own type) and the decimal exponent
/// of the first digit: `0.0125` -> (`"125"`, -2).
pub(super) fn shortest_digits<F: Float>(x: F) -> (String, i32) {
    let (d, e) = parse_sci(format!("{:e}", x).trim_start_matches('-'));
    // When two shortest candidates are equally near (float32 36.8515625: `36.851562` and
    // `36.851563`), Dragon4 takes the even one; Rust's shortest formatting does not promise
    // that. The exact value rounded half-to-even to as many digits is the nearest candidate.
    if d.len() > 1 {
        let exact = format!("{:.*e}", d.len() - 1, x.to_f64().abs());
        if exact
            .parse::<F>()
            .is_ok_and(|y| y == x || y == F::from_f64(-x.to_f64()))
        {
            let (ed, ee) = parse_sci(&exact);
            if ed != d {
                return (ed, ee);
            }
        }
    }
    (d, e)
}

/// Splits Rust's `{:e}` output `1.25e-2` into (`"125"`, -2).
pub(super) fn parse_sci(s: &str) -> (String, i32) {
    let (m, e) = s.split_once('e').expect("`{:e}` output has an exponent");
    (
        m.replace('.', ""),
        e.parse().expect("`{:e}` exponent is an integer"),
    )
}

/// numpy's scalar `str` (for float64 the same as Python's `repr(float)`): shortest
/// round-trip digits, positional for magnitudes in [1e-4, 1e16) (float32: [1e-4, 1e6)), else
/// `1e-05` style.
pub(super) fn py_float_repr<F: Float>(x: F) -> String {
    let v = x.to_f64();
    if v.is_nan() {
        return "nan".into();
    }
    if v.is_infinite() {
        return if v < 0.0 { "-inf" } else { "inf" }.into();
    }
    let sign = if v.is_sign_negative() { "-" } else { "" };
    let (d, e) = shortest_digits(x);
    if v == 0.0 || (1e-4..F::SCALAR_POSITIONAL_MAX).contains(&v.abs()) {
        let (int, frac) = positional_parts(&d, e);
        let frac = if frac.is_empty() {
            "0".to_string()
        } else {
            frac
        };
        format!("{sign}{int}.{frac}")
    } else {
        let mant = if d.len() > 1 {
            format!("{}.{}", &d[..1], &d[1..])
        } else {
            d
        };
        format!(
            "{sign}{mant}e{}{:02}",
            if e < 0 { '-' } else { '+' },
            e.abs()
        )
    }
}

/// Positional integer and fraction digits of the value `0.d * 10^(e+1)`.
pub(super) fn positional_parts(d: &str, e: i32) -> (String, String) {
    if e >= 0 {
        let e = e as usize;
        if d.len() > e + 1 {
            (d[..e + 1].to_string(), d[e + 1..].to_string())
        } else {
            (format!("{d}{}", "0".repeat(e + 1 - d.len())), String::new())
        }
    } else {
        (
            "0".to_string(),
            format!("{}{d}", "0".repeat((-e - 1) as usize)),
        )
    }
}

/// numpy's `dragon4_positional(x, precision, unique=True, fractional=True, trim='.')`
/// split at the point: the shortest round-trip digits, unless they need more than
/// `precision` fractional digits, in which case the exact value correctly rounded (ties to
/// even, like Dragon4) with trailing zeros trimmed. Returns (sign + integer part, fraction).
pub(super) fn positional<F: Float>(x: F, precision: usize) -> (String, String) {
    let sign = if x.to_f64().is_sign_negative() {
        "-"
    } else {
        ""
    };
    let (d, e) = shortest_digits(x);
    let (int, frac) = positional_parts(&d, e);
    if frac.len() <= precision {
        return (format!("{sign}{int}"), frac);
    }
    // f32 -> f64 is exact, so rounding the f64 rounds the f32's exact value.
    let s = format!("{:.*}", precision, x.to_f64().abs());
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    (
        format!("{sign}{int}"),
        frac.trim_end_matches('0').to_string(),
    )
}

/// numpy's `dragon4_scientific(x, precision, unique=True, trim='.')`: (sign + first digit,
/// the other digits, decimal exponent).
pub(super) fn scientific<F: Float>(x: F, precision: usize) -> (String, String, i32) {
    let sign = if x.to_f64().is_sign_negative() {
        "-"
    } else {
        ""
    };
    let (mut d, mut e) = shortest_digits(x);
    if d.len() - 1 > precision {
        (d, e) = parse_sci(&format!("{:.*e}", precision, x.to_f64().abs()));
        let trimmed = d.trim_end_matches('0');
        d = if trimmed.is_empty() {
            "0".into()
        } else {
            trimmed.to_string()
        };
    }
    (format!("{sign}{}", &d[..1]), d[1..].to_string(), e)
}

/// numpy's `FloatingFormat` (floatmode `maxprec`, sign `-`, no `suppress`).
pub(super) fn format_floats<F: Float>(v: &[F], precision: usize) -> Vec<String> {
    format_floats_signed(v, precision, false)
}

/// numpy's `ComplexFloatingFormat`: the real parts as floats, the imaginary parts as floats
/// with sign `+`, each column aligned on its own, and `j` before the imaginary part's
/// trailing padding (`[0. -1.j  , 1.5+2.25j]`).
pub(super) fn format_complex<F: Float>(v: &[Cx<F>], precision: usize) -> Vec<String>
where
    Cx<F>: Copy,
{
    let re: Vec<F> = v.iter().map(|z| z.0.re).collect();
    let im: Vec<F> = v.iter().map(|z| z.0.im).collect();
    let r = format_floats_signed(&re, precision, false);
    let i = format_floats_signed(&im, precision, true);
    r.into_iter()
        .zip(i)
        .map(|(r, i)| {
            let sp = i.trim_end().len();
            format!("{r}{}j{}", &i[..sp], &i[sp..])
        })
        .collect()
}

/// Python's `repr(complex)` of a Python complex value: `(1+2j)`, `2.5j`.
pub fn py_complex(re: f64, im: f64) -> String {
    py_complex_repr(re, im)
}

/// Python's `repr(complex)` (numpy's complex scalar `str`): `1j`, `(1+2j)`, `(1.5-0j)`,
/// `(nan+infj)`; parts print as `repr(float)` without a trailing `.0`.
pub(super) fn py_complex_repr<F: Float>(re: F, im: F) -> String {
    let part = |x: F| {
        let s = py_float_repr(x);
        match s.strip_suffix(".0") {
            Some(t) => t.to_string(),
            None => s,
        }
    };
    let imag = part(im);
    let (r, i) = (re.to_f64(), im.to_f64());
    if r == 0.0 && r.is_sign_positive() {
        return format!("{imag}j");
    }
    let sign = if i.is_sign_negative() || (i.is_nan() && imag.starts_with('-')) {
        ""
    } else {
        "+"
    };
    format!("({}{sign}{imag}j)", part(re))
}

/// [`format_floats`] with numpy's sign mode `+` when `plus` (non-negative values, NaN and
/// inf get a `+`).
pub(super) fn format_floats_signed<F: Float>(v: &[F], precision: usize, plus: bool) -> Vec<String> {
    let signed = |s: String| {
        if plus && !s.starts_with('-') {
            format!("+{s}")
        } else {
            s
        }
    };
    let finite: Vec<F> = v
        .iter()
        .copied()
        .filter(|x| x.to_f64().is_finite())
        .collect();
    // Negation is exact, so the absolute value goes through f64 without rounding.
    let nonzero = finite
        .iter()
        .filter(|x| x.to_f64() != 0.0)
        .map(|x| F::from_f64(x.to_f64().abs()));
    let (mut max, mut min): (Option<F>, Option<F>) = (None, None);
    for a in nonzero {
        max = Some(match max {
            Some(m) if m >= a => m,
            _ => a,
        });
        min = Some(match min {
            Some(m) if m <= a => m,
            _ => a,
        });
    }
    let exp_format = match (max, min) {
        (Some(max), Some(min)) => {
            max.to_f64() >= F::EXP_CUTOFF_MAX
                || min < F::from_f64(0.0001)
                || max.div(min).to_f64() > 1000.0
        }
        _ => false,
    };
    let (mut pad_left, pad_right): (isize, isize);
    let mut sci_precision = 0usize;
    let mut exp_size = 0usize;
    let mut pos_parts = Vec::new();
    if finite.is_empty() {
        (pad_left, pad_right) = (0, 0);
    } else if exp_format {
        // This first pass only sizes the columns; each value is printed again below.
        let sci_parts = finite
            .iter()
            .map(|&x| {
                let (i, f, e) = scientific(x, precision);
                (signed(i), f, e)
            })
            .collect::<Vec<_>>();
        exp_size = sci_parts
            .iter()
            .map(|(_, _, e)| exp_digits(*e))
            .max()
            .unwrap_or(2);
        sci_precision = sci_parts.iter().map(|(_, f, _)| f.len()).max().unwrap_or(0);
        pad_left = sci_parts.iter().map(|(i, _, _)| i.len()).max().unwrap_or(0) as isize;
        pad_right = (exp_size + 2 + sci_precision) as isize;
    } else {
        pos_parts = finite
            .iter()
            .map(|&x| {
                let (i, f) = positional(x, precision);
                (signed(i), f)
            })
            .collect::<Vec<_>>();
        pad_left = pos_parts.iter().map(|(i, _)| i.len()).max().unwrap_or(0) as isize;
        pad_right = pos_parts.iter().map(|(_, f)| f.len()).max().unwrap_or(0) as isize;
    }
    if finite.len() != v.len() {
        let neginf = (plus || v.iter().any(|x| x.to_f64() == f64::NEG_INFINITY)) as isize;
        let offset = pad_right + 1;
        pad_left = pad_left.max(3 - offset).max(3 + neginf - offset);
    }
    let (pl, pr) = (pad_left.max(0) as usize, pad_right.max(0) as usize);
    let width = pl + pr + 1;
    let mut pos_iter = pos_parts.into_iter();
    v.iter()
        .map(|x| {
            let f = x.to_f64();
            if f.is_nan() {
                format!("{:>width$}", if plus { "+nan" } else { "nan" })
            } else if f.is_infinite() {
                let s = match (f < 0.0, plus) {
                    (true, _) => "-inf",
                    (false, true) => "+inf",
                    (false, false) => "inf",
                };
                format!("{s:>width$}")
            } else if exp_format {
                // numpy's `min_digits` prints digits past the shortest round-trip ones: the
                // exact value rounded to the common precision (float32 `9.9238994e+10`).
                let (d, e) = parse_sci(&format!("{:.*e}", sci_precision, f.abs()));
                let sign = match (f.is_sign_negative(), plus) {
                    (true, _) => "-",
                    (false, true) => "+",
                    (false, false) => "",
                };
                let int = format!("{sign}{}", &d[..1]);
                let esign = if e < 0 { '-' } else { '+' };
                format!("{int:>pl$}.{}e{esign}{:0>exp_size$}", &d[1..], e.abs())
            } else {
                let (int, frac) = pos_iter.next().expect("one part per finite value");
                format!("{int:>pl$}.{frac:<pr$}")
            }
        })
        .collect()
}

/// Digits of a printed exponent: at least two, as in `1e-05`.
pub(super) fn exp_digits(e: i32) -> usize {
    e.unsigned_abs().to_string().len().max(2)
}
