//! Coordinates of a glob: each file's record coordinate -> one coordinate source, values in
//! the first file's time units.
//!
//! ```text
//! a.nc time = [14554, 14584.5]  "days since 1850-01-01"
//! b.nc time = [15.5, 45]        "days since 2000-01-01"
//!   -> JoinedCoord [14554, 14584.5, 69771.5, 69801]  "days since 1850-01-01"
//! ```
//! Values are read once, on the first read (a coordinate is small), then sliced.

use super::attrs::{self, AttrValue};
use super::cftime::TimeUnits;
use super::source::{ArraySource, Source};
use crate::dtype::DType;
use crate::kernels::layout::{self, Range1};
use crate::kernels::Block;
use ndarray::{ArrayD, IxDyn};
use std::sync::OnceLock;

/// The time encoding of a coordinate's attributes (`units` with `since`, `calendar`).
pub fn time_units(attrs: &[(String, AttrValue)]) -> Option<TimeUnits> {
    let units = attrs::text(attrs, "units")?;
    if !units.to_ascii_lowercase().contains(" since ") {
        return None;
    }
    TimeUnits::parse(units, attrs::text(attrs, "calendar")).ok()
}

/// The record coordinates of several files, one after the other.
pub struct JoinedCoord {
    parts: Vec<Source>,
    shape: Vec<usize>,
    dtype: DType,
    /// Each part's encoding, when it differs from the first's (its values are converted).
    convert: Vec<Option<(TimeUnits, TimeUnits)>>,
    values: OnceLock<Result<Block, String>>,
}

impl std::fmt::Debug for JoinedCoord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("joined").field(&self.parts).finish()
    }
}

impl JoinedCoord {
    /// Joins 1-D coordinate sources. Err when their time encodings cannot be reconciled
    /// (different calendars) or their dtypes differ without a time encoding.
    pub fn new(parts: Vec<Source>) -> Result<JoinedCoord, String> {
        let first = time_units(&parts[0].attrs());
        let mut convert = Vec::with_capacity(parts.len());
        for p in &parts {
            let u = time_units(&p.attrs());
            convert.push(match (&first, u) {
                (Some(f), Some(u)) if u != *f => {
                    if u.calendar != f.calendar {
                        return Err(format!(
                            "calendar `{}` of `{}` differs from calendar `{}` of `{}`",
                            u.calendar,
                            p.name().unwrap_or_default(),
                            f.calendar,
                            parts[0].name().unwrap_or_default()
                        ));
                    }
                    Some((u, *f))
                }
                _ => None,
            });
        }
        let same_dtype = parts.iter().all(|p| p.dtype() == parts[0].dtype());
        let dtype = if same_dtype && convert.iter().all(|c| c.is_none()) {
            parts[0].dtype()
        } else {
            DType::F64
        };
        let n = parts.iter().map(|p| p.shape()[0]).sum();
        Ok(JoinedCoord {
            parts,
            shape: vec![n],
            dtype,
            convert,
            values: OnceLock::new(),
        })
    }

    fn all(&self) -> Result<&Block, String> {
        self.values
            .get_or_init(|| {
                let mut v: Vec<f64> = Vec::with_capacity(self.shape[0]);
                for (p, conv) in self.parts.iter().zip(&self.convert) {
                    let b = super::source::read(p.as_ref(), &[Range1::full(p.shape()[0])])?;
                    let xs = b.to_f64_vec();
                    match conv {
                        Some((from, to)) => {
                            for x in xs {
                                v.push(to.convert_from(from, x)?);
                            }
                        }
                        None => v.extend(xs),
                    }
                }
                let b = Block::F64(
                    ArrayD::from_shape_vec(IxDyn(&self.shape), v).map_err(|e| e.to_string())?,
                );
                Ok(if self.dtype == DType::F64 {
                    b
                } else {
                    b.cast(self.dtype)
                })
            })
            .as_ref()
            .map_err(|e| e.clone())
    }
}

impl ArraySource for JoinedCoord {
    fn shape(&self) -> &[usize] {
        &self.shape
    }
    fn dtype(&self) -> DType {
        self.dtype
    }
    fn dims(&self) -> Option<Vec<String>> {
        self.parts[0].dims()
    }
    fn name(&self) -> Option<String> {
        self.parts[0].name()
    }
    fn attrs(&self) -> Vec<(String, AttrValue)> {
        self.parts[0].attrs()
    }
    fn read_forward(&self, region: &[Range1]) -> Result<Block, String> {
        Ok(layout::slice(self.all()?, region))
    }
}
