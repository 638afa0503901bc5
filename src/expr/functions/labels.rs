//! Labels family: selection by coordinate value and grouping along time (`expr::labels`).
//! These take keyword arguments named after dimensions, so they bind their own arguments
//! (`Imp::Raw`).

use super::{Function, Imp};
use crate::expr::labels::api;

pub const FUNCTIONS: &[Function] = &[
    Function::new(
        "slice",
        "slice(start, stop=None, step=None)",
        "a slice value: positions for isel, coordinate values for sel",
        "x.sel(lat=slice(30, 60))",
        Imp::Raw(api::call),
    ),
    Function::new(
        "sel",
        "sel(x, **dims, method=None)",
        "select by coordinate value: a number (method=\"nearest\": the closest), a date text (its year/month/day), slice(a, b) (inclusive, either order)",
        "x.sel(plev=85000, lat=slice(30, 60), time=\"2001-03\")",
        Imp::Raw(api::call),
    )
    .method(),
    Function::new(
        "isel",
        "isel(x, **dims)",
        "select by position along named dimensions",
        "x.isel(time=0, lat=slice(0, 10))",
        Imp::Raw(api::call),
    )
    .method(),
    Function::new(
        "groupby",
        "groupby(x, group)",
        "group along time by a date part (time.month, time.season, time.year, time.dayofyear, time.day, time.hour); reduce with .mean() .sum() .std() .var() .min() .max(), or subtract a climatology",
        "x.groupby(\"time.month\").mean()",
        Imp::Raw(api::call),
    )
    .method(),
    Function::new(
        "resample",
        "resample(x, closed=None, label=None, **dim)",
        "group along time into calendar periods as xarray: years (time=\"YS\", \"YE\"), seasons (\"QS-DEC\"), months (\"MS\", \"ME\"), days (\"D\"), hours (\"6h\"); closed=/label= \"left\" or \"right\"; then .mean() etc.",
        "x.resample(time=\"1YS\").mean()",
        Imp::Raw(api::call),
    )
    .method(),
];
