//! Element types and numpy's promotion rules.

use std::fmt;

/// The element types arrlang arrays can hold, ordered by promotion "kind".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DType {
    Bool,
    I32,
    I64,
    F32,
    F64,
}

impl DType {
    pub fn name(self) -> &'static str {
        match self {
            DType::Bool => "bool",
            DType::I32 => "int32",
            DType::I64 => "int64",
            DType::F32 => "float32",
            DType::F64 => "float64",
        }
    }

    pub fn parse(s: &str) -> Option<DType> {
        Some(match s {
            "bool" => DType::Bool,
            "int32" | "i4" => DType::I32,
            "int64" | "int" | "i8" => DType::I64,
            "float32" | "f4" => DType::F32,
            "float64" | "float" | "f8" => DType::F64,
            _ => return None,
        })
    }

    /// Bytes per element.
    pub fn size(self) -> usize {
        match self {
            DType::Bool => 1,
            DType::I32 | DType::F32 => 4,
            DType::I64 | DType::F64 => 8,
        }
    }

    pub fn is_float(self) -> bool {
        matches!(self, DType::F32 | DType::F64)
    }

    pub fn is_int(self) -> bool {
        matches!(self, DType::I32 | DType::I64)
    }

    /// 0 bool, 1 integer, 2 float: numpy's "kind" order used for weak scalars.
    pub fn kind(self) -> u8 {
        match self {
            DType::Bool => 0,
            DType::I32 | DType::I64 => 1,
            DType::F32 | DType::F64 => 2,
        }
    }

    /// numpy's `result_type` for two arrays.
    pub fn promote(a: DType, b: DType) -> DType {
        use DType::*;
        match (a.max(b), a.min(b)) {
            (x, y) if x == y => x,
            // int32/int64 with float32 needs float64 to hold every integer
            (F32, I32) | (F32, I64) => F64,
            (x, _) => x,
        }
    }

    /// Promotion of an array dtype with a Python scalar of dtype `scalar` (NEP 50: the
    /// scalar is "weak" and only matters when its kind is higher).
    pub fn promote_weak(array: DType, scalar: DType) -> DType {
        if scalar.kind() <= array.kind() {
            array
        } else {
            scalar
        }
    }

    /// The dtype of `a / b` (true division).
    pub fn true_div(self) -> DType {
        if self.is_float() {
            self
        } else {
            DType::F64
        }
    }
}

impl fmt::Display for DType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
