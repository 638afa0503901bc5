//! CF decoding as xarray does by default: stored values (any numeric type) -> a Block.
//!
//! ```text
//! raw int16 --mask _FillValue/missing_value--> NaN --* scale_factor + add_offset--> float
//! ```
//! Masking compares the raw stored values, before scaling. Unpacked data takes the dtype of
//! `scale_factor`/`add_offset` (float64 when either is a double); masked integers without
//! scaling become float64; floats keep their dtype; plain integers keep theirs.

use crate::dtype::DType;
use crate::kernels::Block;
use ndarray::{ArrayD, IxDyn};

/// A stored element type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Raw {
    I8,
    U8,
    I16,
    U16,
    I32,
    U32,
    I64,
    U64,
    F32,
    F64,
}

impl Raw {
    pub fn size(self) -> usize {
        match self {
            Raw::I8 | Raw::U8 => 1,
            Raw::I16 | Raw::U16 => 2,
            Raw::I32 | Raw::U32 | Raw::F32 => 4,
            Raw::I64 | Raw::U64 | Raw::F64 => 8,
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Raw::I8 => "int8",
            Raw::U8 => "uint8",
            Raw::I16 => "int16",
            Raw::U16 => "uint16",
            Raw::I32 => "int32",
            Raw::U32 => "uint32",
            Raw::I64 => "int64",
            Raw::U64 => "uint64",
            Raw::F32 => "float32",
            Raw::F64 => "float64",
        }
    }
    pub fn is_float(self) -> bool {
        matches!(self, Raw::F32 | Raw::F64)
    }
    /// The dtype of undecoded values.
    pub fn plain_dtype(self) -> DType {
        match self {
            Raw::I8 => DType::I8,
            Raw::U8 => DType::U8,
            Raw::I16 => DType::I16,
            Raw::U16 => DType::U16,
            Raw::I32 => DType::I32,
            Raw::U32 => DType::U32,
            Raw::I64 => DType::I64,
            Raw::U64 => DType::U64,
            Raw::F32 => DType::F32,
            Raw::F64 => DType::F64,
        }
    }
}

/// A stored element: read from little-endian bytes.
pub trait RawElem: Copy + Default + Send + Sync + 'static {
    const SIZE: usize;
    fn from_le(b: &[u8]) -> Self;
    fn to_f64(self) -> f64;
    /// Undecoded values as a block of `Raw::plain_dtype`.
    fn plain(v: Vec<Self>, shape: &[usize]) -> Block;
}

macro_rules! raw_elem {
    ($t:ty, $n:expr, $variant:ident, $wide:ty) => {
        impl RawElem for $t {
            const SIZE: usize = $n;
            #[inline]
            fn from_le(b: &[u8]) -> Self {
                <$t>::from_le_bytes(b[..$n].try_into().expect("element bytes"))
            }
            #[inline]
            fn to_f64(self) -> f64 {
                self as f64
            }
            fn plain(v: Vec<Self>, shape: &[usize]) -> Block {
                let w: Vec<$wide> = v.into_iter().map(|x| x as $wide).collect();
                Block::$variant(ArrayD::from_shape_vec(IxDyn(shape), w).expect("region shape"))
            }
        }
    };
}

raw_elem!(i8, 1, I8, i8);
raw_elem!(u8, 1, U8, u8);
raw_elem!(i16, 2, I16, i16);
raw_elem!(u16, 2, U16, u16);
raw_elem!(i32, 4, I32, i32);
raw_elem!(u32, 4, U32, u32);
raw_elem!(i64, 8, I64, i64);
raw_elem!(u64, 8, U64, u64);
raw_elem!(f32, 4, F32, f32);
raw_elem!(f64, 8, F64, f64);

/// Runs `$body` with `$t` the Rust type of the stored element `$raw`.
#[macro_export]
macro_rules! with_raw {
    ($raw:expr, $t:ident => $body:expr) => {
        match $raw {
            $crate::io::cf::Raw::I8 => {
                type $t = i8;
                $body
            }
            $crate::io::cf::Raw::U8 => {
                type $t = u8;
                $body
            }
            $crate::io::cf::Raw::I16 => {
                type $t = i16;
                $body
            }
            $crate::io::cf::Raw::U16 => {
                type $t = u16;
                $body
            }
            $crate::io::cf::Raw::I32 => {
                type $t = i32;
                $body
            }
            $crate::io::cf::Raw::U32 => {
                type $t = u32;
                $body
            }
            $crate::io::cf::Raw::I64 => {
                type $t = i64;
                $body
            }
            $crate::io::cf::Raw::U64 => {
                type $t = u64;
                $body
            }
            $crate::io::cf::Raw::F32 => {
                type $t = f32;
                $body
            }
            $crate::io::cf::Raw::F64 => {
                type $t = f64;
                $body
            }
        }
    };
}

/// netCDF's default fill value of a stored float type (`NC_FILL_FLOAT`, `NC_FILL_DOUBLE`), as
/// an f64 compared with the stored values; None for the others (see `Cf::add_default_fill`).
pub fn default_fill(raw: Raw) -> Option<f64> {
    match raw {
        Raw::F32 => Some(9.969_21e36_f32 as f64),
        Raw::F64 => Some(9.969_209_968_386_869e36),
        _ => None,
    }
}

/// The CF attributes of a variable that change its values.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Cf {
    pub scale: Option<f64>,
    pub offset: Option<f64>,
    /// `_FillValue` and `missing_value` entries, as stored values.
    pub fills: Vec<f64>,
    /// Whether scale_factor or add_offset is a double (else float32 unpacking).
    pub double: bool,
}

impl Cf {
    /// Masks netCDF's default fill value of `raw` when the variable has no `_FillValue`, as
    /// netCDF4-python does. Only for floats: masking would turn every integer variable into
    /// float64 (xarray keeps them integers), and netCDF4-python never masks bytes.
    pub fn add_default_fill(&mut self, raw: Raw, has_fill_value: bool) {
        if let (false, Some(f)) = (has_fill_value, default_fill(raw)) {
            self.fills.push(f);
        }
    }

    /// The dtype arrlang gives a variable stored as `raw`.
    pub fn dtype(&self, raw: Raw) -> DType {
        if self.scale.is_some() || self.offset.is_some() {
            if self.double || raw == Raw::F64 {
                DType::F64
            } else {
                DType::F32
            }
        } else if !self.fills.is_empty() && !raw.is_float() {
            DType::F64
        } else {
            raw.plain_dtype()
        }
    }

    /// Decodes stored values `v` (C order, `shape`) into the block the user sees.
    pub fn apply<T: RawElem>(&self, raw: Raw, v: Vec<T>, shape: &[usize]) -> Block {
        let fills: Vec<f64> = self.fills.iter().copied().filter(|f| !f.is_nan()).collect();
        let masked = |x: T| {
            let f = x.to_f64();
            fills.contains(&f)
        };
        let scale = self.scale.unwrap_or(1.0);
        let offset = self.offset.unwrap_or(0.0);
        let unpack = self.scale.is_some() || self.offset.is_some();
        match self.dtype(raw) {
            // The common case (a float variable with only the default fill) in one
            // branch-free pass the compiler vectorises, in place for float32/float64 input.
            DType::F64 if !unpack && fills.len() == 1 => {
                let f = fills[0];
                Block::F64(arr(
                    shape,
                    v.into_iter()
                        .map(|x| {
                            let y = x.to_f64();
                            if y == f {
                                f64::NAN
                            } else {
                                y
                            }
                        })
                        .collect(),
                ))
            }
            DType::F32 if !unpack && fills.len() == 1 => {
                let f = fills[0];
                Block::F32(arr(
                    shape,
                    v.into_iter()
                        .map(|x| {
                            let y = x.to_f64();
                            if y == f {
                                f32::NAN
                            } else {
                                y as f32
                            }
                        })
                        .collect(),
                ))
            }
            DType::F64 if unpack || !fills.is_empty() => Block::F64(arr(
                shape,
                v.into_iter()
                    .map(|x| {
                        if masked(x) {
                            f64::NAN
                        } else {
                            x.to_f64() * scale + offset
                        }
                    })
                    .collect(),
            )),
            DType::F32 if unpack || !fills.is_empty() => {
                let (s, o) = (scale as f32, offset as f32);
                Block::F32(arr(
                    shape,
                    v.into_iter()
                        .map(|x| {
                            if masked(x) {
                                f32::NAN
                            } else if unpack {
                                x.to_f64() as f32 * s + o
                            } else {
                                x.to_f64() as f32
                            }
                        })
                        .collect(),
                ))
            }
            _ => T::plain(v, shape),
        }
    }
}

fn arr<T>(shape: &[usize], v: Vec<T>) -> ArrayD<T> {
    ArrayD::from_shape_vec(IxDyn(shape), v).expect("region shape")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_ints_unpack_after_masking() {
        let cf = Cf {
            scale: Some(0.5),
            offset: Some(100.0),
            fills: vec![-32767.0],
            double: true,
        };
        assert_eq!(cf.dtype(Raw::I16), DType::F64);
        let b = cf.apply(Raw::I16, vec![0i16, 2, -32767, -2], &[4]);
        let Block::F64(a) = b else { panic!() };
        let v: Vec<f64> = a.iter().copied().collect();
        assert_eq!(&v[..2], &[100.0, 101.0]);
        assert!(v[2].is_nan());
        assert_eq!(v[3], 99.0);
    }

    #[test]
    fn floats_and_plain_ints_keep_their_dtype() {
        let cf = Cf {
            fills: vec![-1.0],
            ..Cf::default()
        };
        let Block::F32(a) = cf.apply(Raw::F32, vec![1.5f32, -1.0], &[2]) else {
            panic!()
        };
        assert_eq!(a[[0]], 1.5);
        assert!(a[[1]].is_nan());
        assert_eq!(Cf::default().dtype(Raw::I16), DType::I16);
        assert_eq!(
            Cf::default().apply(Raw::U8, vec![200u8], &[1]),
            Block::U8(ArrayD::from_elem(IxDyn(&[1]), 200))
        );
        let single = Cf {
            scale: Some(2.0),
            double: false,
            ..Cf::default()
        };
        assert_eq!(single.dtype(Raw::I16), DType::F32);
    }
}
