//! Complex elements: `Cx<f32>` (complex64) and `Cx<f64>` (complex128), with numpy's
//! arithmetic (Smith's division, exact small integer powers) and numpy's lexicographic order.

use num_complex::Complex;
use num_traits::Float;
use std::cmp::Ordering;

/// A complex number as numpy stores it (real part, then imaginary part).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
#[repr(transparent)]
pub struct Cx<T>(pub Complex<T>);

/// numpy's complex64.
pub type C64 = Cx<f32>;
/// numpy's complex128.
pub type C128 = Cx<f64>;

/// numpy orders complex numbers by real part, then imaginary part (sorting, `max`, `<`);
/// a NaN in a compared part makes them unordered.
impl<T: Float> PartialOrd for Cx<T> {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        match self.0.re.partial_cmp(&o.0.re)? {
            Ordering::Equal => self.0.im.partial_cmp(&o.0.im),
            ord => Some(ord),
        }
    }
}

impl<T: Float> Cx<T> {
    #[inline(always)]
    pub fn new(re: T, im: T) -> Self {
        Cx(Complex::new(re, im))
    }
    #[inline(always)]
    pub fn re(self) -> T {
        self.0.re
    }
    #[inline(always)]
    pub fn im(self) -> T {
        self.0.im
    }
    #[inline(always)]
    pub fn is_nan(self) -> bool {
        self.0.re.is_nan() || self.0.im.is_nan()
    }
    #[inline(always)]
    pub fn is_finite(self) -> bool {
        self.0.re.is_finite() && self.0.im.is_finite()
    }
    #[inline(always)]
    pub fn is_zero(self) -> bool {
        self.0.re == T::zero() && self.0.im == T::zero()
    }
    /// `abs`: the modulus, without overflow (hypot).
    #[inline(always)]
    pub fn abs(self) -> T {
        self.0.re.hypot(self.0.im)
    }
    // Inherent, not `std::ops`: kernels pass these as `fn` pointers (`Cx::add as fn(..)`).
    #[allow(clippy::should_implement_trait)]
    #[inline(always)]
    pub fn add(self, o: Self) -> Self {
        Cx(self.0 + o.0)
    }
    // Inherent, not `std::ops`: kernels pass these as `fn` pointers (`Cx::sub as fn(..)`).
    #[allow(clippy::should_implement_trait)]
    #[inline(always)]
    pub fn sub(self, o: Self) -> Self {
        Cx(self.0 - o.0)
    }
    // Inherent, not `std::ops`: kernels pass these as `fn` pointers (`Cx::mul as fn(..)`).
    #[allow(clippy::should_implement_trait)]
    #[inline(always)]
    pub fn mul(self, o: Self) -> Self {
        let (a, b, c, d) = (self.0.re, self.0.im, o.0.re, o.0.im);
        Cx::new(a * c - b * d, a * d + b * c)
    }

    /// numpy's complex division (Smith's algorithm, as in its ufunc loops).
    // Inherent, not `std::ops`: kernels pass these as `fn` pointers (`Cx::div as fn(..)`).
    #[allow(clippy::should_implement_trait)]
    #[inline(always)]
    pub fn div(self, o: Self) -> Self {
        let (ar, ai, br, bi) = (self.0.re, self.0.im, o.0.re, o.0.im);
        let (abs_r, abs_i) = (br.abs(), bi.abs());
        if abs_r >= abs_i {
            if abs_r == T::zero() && abs_i == T::zero() {
                return Cx::new(ar / abs_r, ai / abs_r);
            }
            let rat = bi / br;
            let scl = T::one() / (br + bi * rat);
            Cx::new((ar + ai * rat) * scl, (ai - ar * rat) * scl)
        } else {
            let rat = br / bi;
            let scl = T::one() / (bi + br * rat);
            Cx::new((ar * rat + ai) * scl, (ai * rat - ar) * scl)
        }
    }

    /// `z ** e` as numpy: exact repeated products for small integer exponents, `1` for a
    /// zero exponent, `0` for zero to a positive real power, else `exp(e * log(z))`.
    pub fn pow(self, e: Self) -> Self {
        let one = Cx::new(T::one(), T::zero());
        if e.is_zero() {
            return one;
        }
        if self.is_zero() {
            return if e.0.re > T::zero() && e.0.im == T::zero() {
                Cx::new(T::zero(), T::zero())
            } else {
                let nan = T::nan();
                Cx::new(nan, nan)
            };
        }
        let n = e.0.re;
        if e.0.im == T::zero() && n.fract() == T::zero() && n.abs() < T::from(100).unwrap() {
            let mut k = n.abs().to_i64().unwrap_or(0);
            let (mut base, mut r) = (self, one);
            while k > 0 {
                if k & 1 == 1 {
                    r = r.mul(base);
                }
                base = base.mul(base);
                k >>= 1;
            }
            return if n < T::zero() { one.div(r) } else { r };
        }
        Cx(self.0.powc(e.0))
    }

    /// numpy 2's `sign`: `z / |z|`, 0 for 0 (NaN stays NaN).
    pub fn sign(self) -> Self {
        if self.is_zero() {
            return self;
        }
        if self.is_nan() {
            let nan = T::nan();
            return Cx::new(nan, nan);
        }
        let a = self.abs();
        Cx::new(self.0.re / a, self.0.im / a)
    }

    /// numpy's `maximum` on complex: lexicographic, a NaN propagates.
    pub fn maximum(self, o: Self) -> Self {
        if self.is_nan() || !(o.is_nan() || self < o) {
            self
        } else {
            o
        }
    }

    pub fn minimum(self, o: Self) -> Self {
        if self.is_nan() || !(o.is_nan() || self > o) {
            self
        } else {
            o
        }
    }

    /// numpy's `fmax`: a NaN loses unless both are NaN.
    pub fn fmax(self, o: Self) -> Self {
        if o.is_nan() || (!self.is_nan() && self >= o) {
            self
        } else {
            o
        }
    }

    pub fn fmin(self, o: Self) -> Self {
        if o.is_nan() || (!self.is_nan() && self <= o) {
            self
        } else {
            o
        }
    }
}

/// `T::from_f64` for the two float types.
pub trait FromF64: Float {
    fn of(v: f64) -> Self;
}
impl FromF64 for f32 {
    #[inline(always)]
    fn of(v: f64) -> f32 {
        v as f32
    }
}
impl FromF64 for f64 {
    #[inline(always)]
    fn of(v: f64) -> f64 {
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_is_lexicographic() {
        let a = C128::new(1.0, 2.0);
        assert!(C128::new(1.0, 1.0) < a);
        assert!(C128::new(0.0, 9.0) < a);
        assert!(C128::new(f64::NAN, 0.0).partial_cmp(&a).is_none());
    }

    #[test]
    fn division_and_powers_match_numpy() {
        // numpy: (1+2j)/(3-4j), (1+2j)**2, (1+2j)**-1, 0j**2
        let q = C128::new(1.0, 2.0).div(C128::new(3.0, -4.0));
        assert_eq!((q.re(), q.im()), (-0.2, 0.4));
        let p = C128::new(1.0, 2.0).pow(C128::new(2.0, 0.0));
        assert_eq!((p.re(), p.im()), (-3.0, 4.0));
        let r = C128::new(1.0, 2.0).pow(C128::new(-1.0, 0.0));
        assert_eq!((r.re(), r.im()), (0.2, -0.4));
        assert!(C128::new(0.0, 0.0).pow(C128::new(2.0, 0.0)).is_zero());
    }
}
