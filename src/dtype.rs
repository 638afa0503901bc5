//! Element types and numpy's promotion rules (NEP 50).

use std::fmt;

/// The element types arrlang arrays can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DType {
    Bool,
    I8,
    I16,
    I32,
    I64,
    U8,
    U16,
    U32,
    U64,
    F32,
    F64,
    /// numpy's complex64: two float32
    C64,
    /// numpy's complex128: two float64
    C128,
}

/// Every dtype, in numpy's order of `np.typecodes` kinds (bool, signed, unsigned, float,
/// complex).
pub const ALL_DTYPES: [DType; 13] = [
    DType::Bool,
    DType::I8,
    DType::I16,
    DType::I32,
    DType::I64,
    DType::U8,
    DType::U16,
    DType::U32,
    DType::U64,
    DType::F32,
    DType::F64,
    DType::C64,
    DType::C128,
];

impl DType {
    pub fn name(self) -> &'static str {
        match self {
            DType::Bool => "bool",
            DType::I8 => "int8",
            DType::I16 => "int16",
            DType::I32 => "int32",
            DType::I64 => "int64",
            DType::U8 => "uint8",
            DType::U16 => "uint16",
            DType::U32 => "uint32",
            DType::U64 => "uint64",
            DType::F32 => "float32",
            DType::F64 => "float64",
            DType::C64 => "complex64",
            DType::C128 => "complex128",
        }
    }

    pub fn parse(s: &str) -> Option<DType> {
        Some(match s {
            "bool" | "?" => DType::Bool,
            "int8" | "i1" => DType::I8,
            "int16" | "i2" => DType::I16,
            "int32" | "i4" => DType::I32,
            "int64" | "int" | "i8" => DType::I64,
            "uint8" | "u1" => DType::U8,
            "uint16" | "u2" => DType::U16,
            "uint32" | "u4" => DType::U32,
            "uint64" | "uint" | "u8" => DType::U64,
            "float32" | "f4" => DType::F32,
            "float64" | "float" | "f8" => DType::F64,
            "complex64" | "c8" => DType::C64,
            "complex128" | "complex" | "c16" => DType::C128,
            _ => return None,
        })
    }

    /// Bytes per element.
    pub fn size(self) -> usize {
        match self {
            DType::Bool | DType::I8 | DType::U8 => 1,
            DType::I16 | DType::U16 => 2,
            DType::I32 | DType::U32 | DType::F32 => 4,
            DType::I64 | DType::U64 | DType::F64 | DType::C64 => 8,
            DType::C128 => 16,
        }
    }

    /// Real floating point (not complex).
    pub fn is_float(self) -> bool {
        matches!(self, DType::F32 | DType::F64)
    }

    pub fn is_complex(self) -> bool {
        matches!(self, DType::C64 | DType::C128)
    }

    /// Float or complex: the inexact kinds.
    pub fn is_inexact(self) -> bool {
        self.is_float() || self.is_complex()
    }

    /// The real dtype of a complex one's parts (`abs`, `.real`); other dtypes are their own.
    pub fn real_part(self) -> DType {
        match self {
            DType::C64 => DType::F32,
            DType::C128 => DType::F64,
            d => d,
        }
    }

    /// The complex dtype holding this one: complex64 for float32 and the small integers
    /// that float32 holds, complex128 for the rest (numpy's `result_type(x, complex64)`).
    pub fn to_complex(self) -> DType {
        match DType::promote(self, DType::F32) {
            DType::F32 => DType::C64,
            _ => DType::C128,
        }
    }

    /// Signed or unsigned integer (not bool).
    pub fn is_int(self) -> bool {
        self.is_signed() || self.is_unsigned()
    }

    pub fn is_signed(self) -> bool {
        matches!(self, DType::I8 | DType::I16 | DType::I32 | DType::I64)
    }

    pub fn is_unsigned(self) -> bool {
        matches!(self, DType::U8 | DType::U16 | DType::U32 | DType::U64)
    }

    /// 0 bool, 1 integer, 2 float, 3 complex: numpy's "kind" order used for weak scalars.
    pub fn kind(self) -> u8 {
        match self {
            DType::Bool => 0,
            d if d.is_int() => 1,
            d if d.is_complex() => 3,
            _ => 2,
        }
    }

    /// The signed integer of `bytes` bytes.
    fn signed_of(bytes: usize) -> DType {
        match bytes {
            1 => DType::I8,
            2 => DType::I16,
            4 => DType::I32,
            _ => DType::I64,
        }
    }

    /// numpy's `result_type` for two arrays.
    pub fn promote(a: DType, b: DType) -> DType {
        use DType::*;
        if a == b {
            return a;
        }
        match (a, b) {
            (Bool, x) | (x, Bool) => x,
            // complex: the complex of the wider real part
            (C128, _) | (_, C128) => C128,
            (C64, x) | (x, C64) => x.to_complex(),
            (F64, _) | (_, F64) => F64,
            // float32 holds integers of up to 16 bits exactly; wider ones need float64
            (F32, x) | (x, F32) => {
                if x.size() <= 2 {
                    F32
                } else {
                    F64
                }
            }
            (x, y) if x.is_signed() == y.is_signed() => {
                if x.size() >= y.size() {
                    x
                } else {
                    y
                }
            }
            (x, y) => {
                let (s, u) = if x.is_signed() { (x, y) } else { (y, x) };
                if s.size() > u.size() {
                    s
                } else if u.size() == 8 {
                    // no integer holds both int64 and uint64
                    F64
                } else {
                    DType::signed_of(u.size() * 2)
                }
            }
        }
    }

    /// Promotion of an array dtype with a Python scalar of dtype `scalar` (NEP 50: the
    /// scalar is "weak" and only matters when its kind is higher).
    pub fn promote_weak(array: DType, scalar: DType) -> DType {
        if scalar.kind() <= array.kind() {
            array
        } else if scalar.is_complex() && array.is_float() {
            // `float32 + 1j` is complex64: the weak complex takes the array's precision
            array.to_complex()
        } else {
            scalar
        }
    }

    /// The dtype of `a / b` (true division).
    pub fn true_div(self) -> DType {
        if self.is_inexact() {
            self
        } else {
            DType::F64
        }
    }

    /// The float dtype math functions (`sqrt`, `exp`, ...) compute in for this input:
    /// numpy's float16 for 8-bit integers is float32 here (arrlang has no float16),
    /// float32 for 16-bit integers, float64 for wider integers and bool... as numpy.
    pub fn math_float(self) -> DType {
        match self {
            DType::F32 | DType::F64 | DType::C64 | DType::C128 => self,
            DType::I8 | DType::U8 | DType::I16 | DType::U16 => DType::F32,
            _ => DType::F64,
        }
    }

    /// Whether the Python integer `v` can be stored in this dtype (numpy 2 raises
    /// OverflowError for a weak Python int that does not fit the array's integer dtype).
    pub fn holds_int(self, v: i64) -> bool {
        match self {
            DType::I8 => i8::try_from(v).is_ok(),
            DType::I16 => i16::try_from(v).is_ok(),
            DType::I32 => i32::try_from(v).is_ok(),
            DType::U8 => u8::try_from(v).is_ok(),
            DType::U16 => u16::try_from(v).is_ok(),
            DType::U32 => u32::try_from(v).is_ok(),
            DType::U64 => v >= 0,
            _ => true,
        }
    }

    /// The sum/prod result dtype of numpy: int64 for bool and signed ints, uint64 for
    /// unsigned ones, the dtype itself for floats.
    pub fn sum_dtype(self) -> DType {
        match self {
            d if d.is_inexact() => d,
            d if d.is_unsigned() => DType::U64,
            _ => DType::I64,
        }
    }
}

impl fmt::Display for DType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn promote_is_symmetric_and_matches_numpy_samples() {
        use DType::*;
        // numpy 2.4 np.result_type
        let cases = [
            (U64, I64, F64),
            (U32, I32, I64),
            (U8, I8, I16),
            (U16, I8, I32),
            (U8, I16, I16),
            (I16, F32, F32),
            (U16, F32, F32),
            (I32, F32, F64),
            (U8, Bool, U8),
            (U32, U8, U32),
            (I8, F64, F64),
            (C64, F32, C64),
            (C64, F64, C128),
            (C64, I16, C64),
            (C64, I32, C128),
            (C128, F32, C128),
            (Bool, C64, C64),
        ];
        for (a, b, want) in cases {
            assert_eq!(DType::promote(a, b), want, "{a} {b}");
            assert_eq!(DType::promote(b, a), want, "{b} {a}");
        }
        // NEP 50: a Python complex takes a float array's precision, an int array's float64
        assert_eq!(DType::promote_weak(F32, C128), C64);
        assert_eq!(DType::promote_weak(I8, C128), C128);
        assert_eq!(DType::promote_weak(C64, F64), C64);
    }
}
