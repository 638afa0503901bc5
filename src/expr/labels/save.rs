//! What `save` writes beside an array: the coordinate variable of each labelled axis.
//!
//! ```text
//! save("clim.nc", "tas", clim)     clim: (month 12, lat 73, lon 144), coords month/lat/lon
//!   -> tas  (month, lat, lon)      the data, its attributes
//!      month (month,) lat (lat,) lon (lon,)   added: values, units/calendar/long_name/...
//! ```
//! Added once per file or store, after every explicit save of the run is known: a variable
//! the script saves itself under a coordinate's name wins (`save("f.nc", "lat", ...)`), and
//! an axis whose saved dimension name is not its coordinate's name gets none. Text
//! coordinates (`region`, `season`: DJF ...) go to netCDF as strings (not to Zarr), and
//! scalar coordinates (`x.sel(plev=85000)`) as 0-d variables named in the data's
//! `coordinates` attribute, as xarray writes them.

use super::{coord_array, labels, scalar_array, Coord};
use crate::expr::node::Arr;
use crate::io::netcdf3::AttrValue;
use crate::io::netcdf4::{data_attrs, Nc4Var};
use crate::io::zarr::ZarrVar;

/// The coordinates of `a` saved with dimension names `dims` (each named as its axis);
/// text ones only when `text` (netCDF writes them as strings, Zarr does not).
fn coords_of(a: &Arr, dims: &[String], text: bool) -> Vec<Coord> {
    let l = labels(a);
    l.coords
        .into_iter()
        .zip(dims)
        .filter_map(|(c, d)| c.filter(|c| &c.name == d && (text || c.text.is_none())))
        .collect()
}

/// The span to give added coordinate arrays (that of the data they came with).
fn span_of(a: &Arr) -> crate::source::Span {
    a.span.clone()
}

/// A coordinate variable: 1-D named after its axis, or 0-d for a scalar coordinate; text
/// coordinates as strings.
fn nc_coord(c: &Coord, scalar: bool, a: &Arr) -> (Nc4Var, Arr) {
    let arr = if scalar {
        scalar_array(c, span_of(a))
    } else {
        coord_array(c, span_of(a))
    };
    let text = c.text.as_ref().map(|t| t.to_vec());
    let var = Nc4Var {
        name: c.name.clone(),
        shape: arr.shape().to_vec(),
        dtype: arr.dtype(),
        dims: Some(if scalar { vec![] } else { vec![c.name.clone()] }),
        attrs: data_attrs(&c.attrs),
        compress_chunks: None,
        text,
    };
    (var, arr)
}

/// Adds the coordinate variables of the saved arrays that the file lacks: one per labelled
/// axis, and a 0-d one per scalar coordinate, which the array's `coordinates` attribute
/// names (as xarray writes `x.sel(plev=85000)`).
pub fn add_nc_coords(vars: &mut Vec<(Nc4Var, Arr)>) {
    let mut added: Vec<(Nc4Var, Arr)> = Vec::new();
    for k in 0..vars.len() {
        let (v, a) = &vars[k];
        let dims = v.dim_names();
        let scalars: Vec<Coord> = labels(a)
            .scalars
            .into_iter()
            .filter(|c| !dims.contains(&c.name))
            .collect();
        let mut new: Vec<(Nc4Var, Arr)> = coords_of(a, &dims, true)
            .iter()
            .map(|c| nc_coord(c, false, a))
            .collect();
        new.extend(scalars.iter().map(|c| nc_coord(c, true, a)));
        let mut named = Vec::new();
        for (w, arr) in new {
            let taken = vars
                .iter()
                .chain(added.iter())
                .find(|(x, _)| x.name == w.name);
            if w.shape.is_empty() {
                // A scalar coordinate is named by the data even when the script saved it.
                if taken.is_none_or(|(x, _)| x.shape.is_empty()) {
                    named.push(w.name.clone());
                }
            }
            if taken.is_none() {
                added.push((w, arr));
            }
        }
        if !named.is_empty() {
            let attrs = &mut vars[k].0.attrs;
            let mut all: Vec<String> = match attrs.iter().find(|(n, _)| n == "coordinates") {
                Some((_, AttrValue::Text(t))) => t.split_whitespace().map(str::to_string).collect(),
                _ => vec![],
            };
            for n in named {
                if !all.contains(&n) {
                    all.push(n);
                }
            }
            attrs.retain(|(n, _)| n != "coordinates");
            attrs.push(("coordinates".into(), AttrValue::Text(all.join(" "))));
        }
    }
    vars.extend(added);
}

/// Adds the coordinate arrays of the saved arrays that the store lacks, in the group of the
/// array they label (`g/t2m` -> `g/lat`), each one stored chunk.
pub fn add_zarr_coords(vars: &mut Vec<(ZarrVar, Arr)>) {
    let mut added: Vec<(ZarrVar, Arr)> = Vec::new();
    for (v, a) in vars.iter() {
        let dims = match &v.dims {
            Some(d) => d.clone(),
            None => continue,
        };
        let group = v.name.rsplit_once('/').map(|(g, _)| format!("{g}/"));
        for c in coords_of(a, &dims, false) {
            let name = format!("{}{}", group.as_deref().unwrap_or(""), c.name);
            if vars.iter().chain(added.iter()).any(|(w, _)| w.name == name) {
                continue;
            }
            let arr = coord_array(&c, span_of(a));
            added.push((
                ZarrVar {
                    name,
                    shape: arr.shape().to_vec(),
                    dtype: arr.dtype(),
                    dims: Some(vec![c.name.clone()]),
                    attrs: data_attrs(&c.attrs),
                    chunks: vec![arr.shape()[0].max(1)],
                    compress: v.compress,
                    fast: v.fast,
                    subchunks: None,
                },
                arr,
            ));
        }
    }
    vars.extend(added);
}
