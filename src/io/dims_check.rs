//! The dimensions the variables saved into one netCDF file or Zarr store share, checked the
//! same way for both formats (xarray reads either back as one Dataset).

/// What the check needs of one saved variable.
pub struct SavedDims<'a> {
    pub name: &'a str,
    pub dims: Vec<String>,
    pub shape: &'a [usize],
}

/// How a format names things in its messages and which dimension names it accepts.
pub struct Format {
    /// "variable" (netCDF) or "array" (Zarr).
    pub noun: &'static str,
    /// What a dimension's own 1-D variable is called: "coordinate variable" or "coordinate".
    pub coordinate: &'static str,
    pub dim_name_ok: fn(&str) -> bool,
}

/// The dimensions (name, length) in order of first use, after checking that every variable
/// names one dimension per axis and none twice, that variables agree on each dimension's
/// length, and that a variable named after a dimension is that dimension's 1-D coordinate.
/// Errors are messages for the user.
pub fn shared_dims(vars: &[SavedDims], f: &Format) -> Result<Vec<(String, usize)>, String> {
    let mut dims: Vec<(String, usize)> = Vec::new();
    for v in vars {
        if v.dims.len() != v.shape.len() {
            return Err(format!(
                "`{}` has {} dimensions but {} dimension names",
                v.name,
                v.shape.len(),
                v.dims.len()
            ));
        }
        for (k, (n, &len)) in v.dims.iter().zip(v.shape).enumerate() {
            if !(f.dim_name_ok)(n) {
                return Err(format!("`{n}` is not a valid dimension name"));
            }
            if v.dims[..k].contains(n) {
                return Err(format!("`{}` uses dimension `{n}` twice", v.name));
            }
            match dims.iter().find(|d| &d.0 == n) {
                Some(&(_, l)) if l != len => {
                    return Err(format!(
                        "dimension `{n}` has length {l} in one {} and {len} in `{}`",
                        f.noun, v.name
                    ))
                }
                Some(_) => {}
                None => dims.push((n.clone(), len)),
            }
        }
    }
    // xarray makes a variable named after a dimension that dimension's coordinate.
    for v in vars {
        if dims.iter().any(|d| d.0 == v.name) && v.dims != [v.name] {
            return Err(format!(
                "{} `{}` has the name of a dimension but is not its 1-D {}",
                f.noun, v.name, f.coordinate
            ));
        }
    }
    Ok(dims)
}
