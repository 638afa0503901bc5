//! Variable attributes, as the files hold them -> `(name, AttrValue)` in file order.
//!
//! ```text
//! netCDF-3 header attrs  ─┐
//! HDF5 attributes        ─┴─> Vec<(String, AttrValue)>   (netCDF-internal ones left out)
//! ```
//! The attributes listed are those netCDF4-python's `ncattrs()` shows: HDF5's dimension-scale
//! bookkeeping (`CLASS`, `NAME`, `DIMENSION_LIST`, `REFERENCE_LIST`) and netCDF-C's hidden
//! `_Netcdf4*`/`_nc3_strict` are not attributes of the variable.

use super::netcdf3;
use std::fmt;

/// One attribute's value.
#[derive(Debug, Clone, PartialEq)]
pub enum AttrValue {
    /// Characters or a string (trailing NULs removed).
    Text(String),
    /// Floating-point numbers (float or double in the file).
    Numbers(Vec<f64>),
    /// Integers of any width and signedness.
    Ints(Vec<i64>),
}

impl AttrValue {
    /// The text, for a `Text` value.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            AttrValue::Text(s) => Some(s),
            _ => None,
        }
    }

    /// Numeric values as f64 (`None` for text).
    pub fn as_f64s(&self) -> Option<Vec<f64>> {
        match self {
            AttrValue::Text(_) => None,
            AttrValue::Numbers(v) => Some(v.clone()),
            AttrValue::Ints(v) => Some(v.iter().map(|&x| x as f64).collect()),
        }
    }
}

/// Like netCDF4-python prints them: text as is, one number bare, several as `[a, b]`.
impl fmt::Display for AttrValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fn list<T: fmt::Display>(f: &mut fmt::Formatter<'_>, v: &[T]) -> fmt::Result {
            if v.len() == 1 {
                return write!(f, "{}", v[0]);
            }
            f.write_str("[")?;
            for (i, x) in v.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                write!(f, "{x}")?;
            }
            f.write_str("]")
        }
        match self {
            AttrValue::Text(s) => f.write_str(s),
            AttrValue::Numbers(v) => list(f, v),
            AttrValue::Ints(v) => list(f, v),
        }
    }
}

impl From<&netcdf3::AttrValue> for AttrValue {
    fn from(v: &netcdf3::AttrValue) -> AttrValue {
        match v {
            netcdf3::AttrValue::Text(s) => AttrValue::Text(s.clone()),
            netcdf3::AttrValue::Ints(x) => AttrValue::Ints(x.clone()),
            netcdf3::AttrValue::Float32(x) => {
                AttrValue::Numbers(x.iter().map(|&y| y as f64).collect())
            }
            netcdf3::AttrValue::Floats(x) => AttrValue::Numbers(x.clone()),
        }
    }
}

impl From<&AttrValue> for netcdf3::AttrValue {
    fn from(v: &AttrValue) -> netcdf3::AttrValue {
        match v {
            AttrValue::Text(s) => netcdf3::AttrValue::Text(s.clone()),
            AttrValue::Ints(x) => netcdf3::AttrValue::Ints(x.clone()),
            AttrValue::Numbers(x) => netcdf3::AttrValue::Floats(x.clone()),
        }
    }
}

/// Whether an attribute is netCDF/HDF5 bookkeeping rather than the variable's own.
pub fn is_internal(name: &str) -> bool {
    matches!(
        name,
        "CLASS" | "NAME" | "DIMENSION_LIST" | "REFERENCE_LIST" | "_nc3_strict"
    ) || name.starts_with("_Netcdf4")
}

/// The value of attribute `name` in `attrs`.
pub fn get<'a>(attrs: &'a [(String, AttrValue)], name: &str) -> Option<&'a AttrValue> {
    attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v)
}

/// The text of attribute `name`, when it is text.
pub fn text<'a>(attrs: &'a [(String, AttrValue)], name: &str) -> Option<&'a str> {
    get(attrs, name).and_then(|v| v.as_text())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_and_lookup() {
        let a = vec![
            ("units".to_string(), AttrValue::Text("K".into())),
            (
                "valid_range".to_string(),
                AttrValue::Numbers(vec![0.5, 2.0]),
            ),
            ("flag".to_string(), AttrValue::Ints(vec![3])),
        ];
        assert_eq!(text(&a, "units"), Some("K"));
        assert_eq!(get(&a, "valid_range").unwrap().to_string(), "[0.5, 2]");
        assert_eq!(get(&a, "flag").unwrap().as_f64s(), Some(vec![3.0]));
        assert!(get(&a, "missing").is_none());
        assert!(is_internal("_Netcdf4Dimid") && is_internal("DIMENSION_LIST"));
        assert!(!is_internal("_FillValue"));
    }
}
