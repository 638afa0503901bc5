//! Element conversions of `astype` (`Block::cast`, `cast_tile`): numpy's C casts. Integers
//! wrap, nonzero is true, booleans are 0 and 1. Floats truncate toward zero; out of range C
//! leaves undefined, and this follows numpy on x86-64: narrow integers and uint32 through
//! int64 (so -3.7 is 253 as uint8), uint64 through int64 for negatives; int32 and int64
//! saturate (numpy gives MIN there) and NaN is 0.

/// One element conversion of `Block::cast`.
pub(crate) trait Conv<U> {
    fn conv(self) -> U;
}

macro_rules! conv_num {
    ($($from:ty),+) => {$(
        conv_num!(@one $from; i8, i16, i32, i64, u8, u16, u32, u64, f32, f64);
        impl Conv<$from> for bool {
            #[inline(always)]
            fn conv(self) -> $from {
                self as u8 as $from
            }
        }
    )+};
    (@one $from:ty; $($to:ty),+) => {$(
        impl Conv<$to> for $from {
            #[inline(always)]
            fn conv(self) -> $to {
                self as $to
            }
        }
    )+};
}
conv_num!(i8, i16, i32, i64, u8, u16, u32, u64);

macro_rules! conv_float {
    ($($from:ty),+) => {$(
        conv_num!(@one $from; i32, i64, f32, f64);
        conv_float!(@wide $from; i8, i16, u8, u16, u32);
        impl Conv<u64> for $from {
            #[inline(always)]
            fn conv(self) -> u64 {
                if self < 0.0 {
                    self as i64 as u64
                } else {
                    self as u64
                }
            }
        }
        impl Conv<$from> for bool {
            #[inline(always)]
            fn conv(self) -> $from {
                self as u8 as $from
            }
        }
    )+};
    (@wide $from:ty; $($to:ty),+) => {$(
        impl Conv<$to> for $from {
            #[inline(always)]
            fn conv(self) -> $to {
                self as i64 as $to
            }
        }
    )+};
}
conv_float!(f32, f64);

macro_rules! conv_to_bool {
    ($($t:ty: $zero:expr),+) => {$(
        impl Conv<bool> for $t {
            #[inline(always)]
            fn conv(self) -> bool {
                self != $zero
            }
        }
    )+};
}
conv_to_bool!(i8: 0, i16: 0, i32: 0, i64: 0, u8: 0, u16: 0, u32: 0, u64: 0, f32: 0.0, f64: 0.0);

impl Conv<bool> for bool {
    #[inline(always)]
    fn conv(self) -> bool {
        self
    }
}

use crate::kernels::complex::Cx;

// Into complex: the value as the real part (bool as 0 or 1).
macro_rules! conv_into_complex {
    ($($from:ty),+) => {$(
        impl Conv<Cx<f32>> for $from {
            #[inline(always)]
            fn conv(self) -> Cx<f32> {
                Cx::new(Conv::<f32>::conv(self), 0.0)
            }
        }
        impl Conv<Cx<f64>> for $from {
            #[inline(always)]
            fn conv(self) -> Cx<f64> {
                Cx::new(Conv::<f64>::conv(self), 0.0)
            }
        }
    )+};
}
conv_into_complex!(bool, i8, i16, i32, i64, u8, u16, u32, u64, f32, f64);

// Out of complex: the real part converted as a float is (numpy's ComplexWarning cast drops
// the imaginary part); to bool: nonzero.
macro_rules! conv_from_complex {
    ($($c:ty),+) => {$(
        conv_from_complex!(@one $c; i8, i16, i32, i64, u8, u16, u32, u64, f32, f64);
        impl Conv<bool> for Cx<$c> {
            #[inline(always)]
            fn conv(self) -> bool {
                !self.is_zero()
            }
        }
        impl Conv<Cx<f32>> for Cx<$c> {
            #[inline(always)]
            fn conv(self) -> Cx<f32> {
                Cx::new(self.re() as f32, self.im() as f32)
            }
        }
        impl Conv<Cx<f64>> for Cx<$c> {
            #[inline(always)]
            fn conv(self) -> Cx<f64> {
                Cx::new(self.re() as f64, self.im() as f64)
            }
        }
    )+};
    (@one $c:ty; $($to:ty),+) => {$(
        impl Conv<$to> for Cx<$c> {
            #[inline(always)]
            fn conv(self) -> $to {
                Conv::<$to>::conv(self.re())
            }
        }
    )+};
}
conv_from_complex!(f32, f64);
