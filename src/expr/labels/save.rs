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
//! coordinates (`season`: DJF ...) are not written (the writers store numbers only).

use super::{coord_array, labels, Coord};
use crate::expr::node::Arr;
use crate::io::netcdf4::{data_attrs, Nc4Var};
use crate::io::zarr::ZarrVar;

/// The coordinates of `a` saved with dimension names `dims` (each named as its axis).
fn coords_of(a: &Arr, dims: &[String]) -> Vec<Coord> {
    let l = labels(a);
    l.coords
        .into_iter()
        .zip(dims)
        .filter_map(|(c, d)| c.filter(|c| &c.name == d && c.text.is_none()))
        .collect()
}

/// The span to give added coordinate arrays (that of the data they came with).
fn span_of(a: &Arr) -> crate::source::Span {
    a.span.clone()
}

/// Adds the coordinate variables of the saved arrays that the file lacks.
pub fn add_nc_coords(vars: &mut Vec<(Nc4Var, Arr)>) {
    let mut added = Vec::new();
    for (v, a) in vars.iter() {
        for c in coords_of(a, &v.dim_names()) {
            let taken = vars.iter().any(|(w, _)| w.name == c.name)
                || added.iter().any(|(w, _): &(Nc4Var, Arr)| w.name == c.name);
            if taken {
                continue;
            }
            let arr = coord_array(&c, span_of(a));
            added.push((
                Nc4Var {
                    name: c.name.clone(),
                    shape: arr.shape().to_vec(),
                    dtype: arr.dtype(),
                    dims: Some(vec![c.name.clone()]),
                    attrs: data_attrs(&c.attrs),
                    compress_chunks: None,
                },
                arr,
            ));
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
        for c in coords_of(a, &dims) {
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
                    subchunks: None,
                },
                arr,
            ));
        }
    }
    vars.extend(added);
}
