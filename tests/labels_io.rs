//! The file side of labelled arrays, against what netCDF4-python, xarray and cftime report
//! (tests/data/labels, written by make_label_fixtures.py): dimension names, attributes,
//! coordinate variables, CF time decoding, globs joined on decoded time.

use arrlang::io::attrs::AttrValue;
use arrlang::io::cftime::{DateTime, TimeUnits};
use arrlang::io::source::{self, ArraySource, Concat, Source};
use arrlang::io::{coord, npy};
use arrlang::kernels::layout::Range1;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/labels")
        .join(name)
}

fn expected() -> Value {
    let text = std::fs::read_to_string(data("expected.json")).expect("expected.json");
    serde_json::from_str(&text).expect("valid JSON")
}

fn open(file: &str, var: &str) -> Source {
    match source::open(&data(file), Some(var)) {
        Ok(s) => s,
        Err(e) => panic!("{file} {var}: {e:?}"),
    }
}

/// All values of a source, as f64.
fn values(s: &dyn ArraySource) -> Vec<f64> {
    let whole: Vec<Range1> = s.shape().iter().map(|&n| Range1::full(n)).collect();
    source::read(s, &whole).expect("readable").to_f64_vec()
}

fn npy_values(name: &str) -> Vec<f64> {
    let p = data(name);
    let h = npy::read_header(&p).expect("npy header");
    npy::read_region(&p, &h, &vec![0; h.shape.len()], &h.shape.clone())
        .expect("npy values")
        .to_f64_vec()
}

fn same_values(a: &[f64], b: &[f64]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(x, y)| x == y || (x.is_nan() && y.is_nan()))
}

/// An expected attribute (JSON: a string, {"ints": [...]} or {"numbers": [...]}).
fn attr_of(v: &Value) -> AttrValue {
    if let Some(s) = v.as_str() {
        return AttrValue::Text(s.to_string());
    }
    if let Some(xs) = v.get("ints") {
        return AttrValue::Ints(
            xs.as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_i64().unwrap())
                .collect(),
        );
    }
    let xs = v
        .get("numbers")
        .and_then(|x| x.as_array())
        .expect("numbers");
    AttrValue::Numbers(xs.iter().map(|x| x.as_f64().unwrap()).collect())
}

/// Attribute values as arrlang reads them: f32 attributes widen to f64 exactly, as
/// netCDF4-python's numpy scalars do in the JSON.
fn same_attr(got: &AttrValue, want: &AttrValue) -> bool {
    match (got, want) {
        (AttrValue::Numbers(a), AttrValue::Numbers(b)) => same_values(a, b),
        _ => got == want,
    }
}

/// Every numeric variable netCDF4-python lists: same dims, shape, attributes (in order) and
/// values (masked -> NaN).
#[test]
fn dims_attrs_and_values_match_netcdf4_python() {
    let exp = expected();
    let skip_values = [
        // Default fill values are masked by netCDF4-python (checked by its own test).
        "deffill.nc",
        "deffill3.nc",
    ];
    for file in [
        "cmor.nc",
        "nemo.nc",
        "h5named.h5",
        "epochs/a.nc",
        "noleap.nc",
    ]
    .iter()
    .chain(&skip_values)
    {
        let vars = exp[*file]["variables"].as_object().expect("variables");
        for (name, info) in vars {
            let dtype = info["dtype"].as_str().unwrap_or("");
            if dtype.contains("str") || dtype.starts_with("|S") {
                assert!(
                    source::open(&data(file), Some(name)).is_err(),
                    "{file} {name}: text is not loadable"
                );
                continue;
            }
            let s = open(file, name);
            let dims: Vec<String> = info["dims"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d.as_str().unwrap().to_string())
                .collect();
            assert_eq!(s.dims(), Some(dims), "{file} {name}: dims");
            let shape: Vec<usize> = info["shape"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d.as_u64().unwrap() as usize)
                .collect();
            assert_eq!(s.shape(), &shape[..], "{file} {name}: shape");
            let want: Vec<(String, AttrValue)> = info["attrs"]
                .as_array()
                .unwrap()
                .iter()
                .map(|kv| (kv[0].as_str().unwrap().to_string(), attr_of(&kv[1])))
                .collect();
            let got = s.attrs();
            assert_eq!(
                got.iter().map(|a| &a.0).collect::<Vec<_>>(),
                want.iter().map(|a| &a.0).collect::<Vec<_>>(),
                "{file} {name}: attribute names"
            );
            for ((k, g), (_, w)) in got.iter().zip(&want) {
                assert!(same_attr(g, w), "{file} {name}.{k}: {g:?} != {w:?}");
            }
            assert_eq!(s.name().as_deref(), Some(name.as_str()));
            if !skip_values.contains(file) {
                let want = npy_values(&format!("{file}.{name}.npy"));
                assert!(
                    same_values(&values(s.as_ref()), &want),
                    "{file} {name}: values"
                );
            }
        }
    }
}

/// A float variable without `_FillValue` holding netCDF's default fill value: masked as
/// netCDF4-python masks it, in netCDF-4 and netCDF-3 files. Integers stay integers (as
/// xarray keeps them): their default fill is not masked.
#[test]
fn default_fill_values_are_masked_in_float_variables() {
    for file in ["deffill.nc", "deffill3.nc"] {
        for var in ["tas", "prd"] {
            let s = open(file, var);
            let want = npy_values(&format!("{file}.{var}.npy"));
            assert_eq!(want.iter().filter(|x| x.is_nan()).count(), 1);
            assert!(
                same_values(&values(s.as_ref()), &want),
                "{file} {var}: {:?} vs {want:?}",
                values(s.as_ref())
            );
        }
        let count = open(file, "count");
        assert_eq!(count.dtype(), arrlang::dtype::DType::I32);
        let got = values(count.as_ref());
        let want = npy_values(&format!("{file}.count.npy"));
        assert!(want[5].is_nan() && got[5] == -2147483647.0);
        assert!(same_values(&got[..5], &want[..5]));
    }
}

#[test]
fn coordinates_are_the_variables_named_after_dimensions() {
    let ta = open("cmor.nc", "ta");
    let lat = ta.coord(2).expect("lat coordinate");
    assert_eq!(lat.dims(), Some(vec!["lat".to_string()]));
    assert_eq!(values(lat.as_ref()), npy_values("cmor.nc.lat.npy"));
    assert_eq!(
        arrlang::io::attrs::text(&lat.attrs(), "units"),
        Some("degrees_north")
    );
    let time = ta.coord(0).expect("time coordinate");
    assert_eq!(values(time.as_ref()), vec![15.5, 45.0]);
    // lat_bnds(lat, bnds): `bnds` is a dimension without a variable.
    let b = open("cmor.nc", "lat_bnds");
    assert!(b.coord(0).is_some());
    assert!(b.coord(1).is_none());
    // NEMO: y and x are dimension-only; time_counter and deptht are coordinates.
    let v = open("nemo.nc", "votemper");
    assert!(v.coord(2).is_none() && v.coord(3).is_none());
    assert_eq!(values(v.coord(1).unwrap().as_ref()), vec![5.0, 15.0]);
    assert_eq!(
        values(v.coord(0).unwrap().as_ref()),
        npy_values("nemo.nc.time_counter.npy")
    );
    // Scales with real names written by h5py.
    let g = open("h5named.h5", "grid");
    assert_eq!(values(g.coord(0).unwrap().as_ref()), vec![10.0, 20.0, 30.0]);
    // netCDF-3: the same interface.
    let t = open("deffill3.nc", "tas");
    assert!(t.coord(0).is_none());
    assert_eq!(
        t.attrs(),
        vec![("units".to_string(), AttrValue::Text("K".into()))]
    );
}

/// Two files whose time units use different epochs: the joined record coordinate is in the
/// first file's units, and decodes to the dates xarray gives.
#[test]
fn glob_time_coordinate_joins_on_decoded_time() {
    let exp = expected();
    let parts = vec![open("epochs/a.nc", "tas"), open("epochs/b.nc", "tas")];
    let joined = Concat::new(parts);
    let t = joined.coord(0).expect("joined time");
    let want: Vec<f64> = exp["epochs/*.nc"]["time_days_since_1850"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect();
    assert_eq!(values(t.as_ref()), want);
    let units = coord::time_units(&t.attrs()).expect("time units");
    assert_eq!(units.units_string(), "days since 1850-01-01 00:00:00");
    let iso: Vec<String> = values(t.as_ref())
        .iter()
        .map(|&v| units.decode(v).unwrap().to_string())
        .collect();
    let want_iso: Vec<String> = exp["epochs/*.nc"]["time_iso"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap().to_string())
        .collect();
    assert_eq!(iso, want_iso);
    // A slice of it reads the right piece.
    let r = source::read(
        t.as_ref(),
        &[Range1 {
            start: 3,
            len: 2,
            step: -2,
        }],
    )
    .unwrap();
    assert_eq!(r.to_f64_vec(), vec![want[3], want[1]]);
    // Other axes: the first file's coordinate.
    assert_eq!(values(joined.coord(1).unwrap().as_ref()), vec![10.0, 20.0]);
}

#[test]
fn noleap_times_decode_as_xarray() {
    let exp = expected();
    let t = open("noleap.nc", "time");
    let units = coord::time_units(&t.attrs()).unwrap();
    let got: Vec<DateTime> = values(t.as_ref())
        .iter()
        .map(|&v| units.decode(v).unwrap())
        .collect();
    let iso: Vec<String> = got.iter().map(|d| d.to_string()).collect();
    let want: Vec<&str> = exp["noleap.nc"]["time_iso"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap())
        .collect();
    assert_eq!(iso, want);
    let doy: Vec<u64> = got
        .iter()
        .map(|d| d.dayofyear(units.calendar) as u64)
        .collect();
    let want_doy: Vec<u64> = exp["noleap.nc"]["dayofyear"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_u64().unwrap())
        .collect();
    assert_eq!(doy, want_doy);
}

/// Every case cftime decoded (6 calendars, 7 units, 10 values): the same date-time, day of
/// year and ISO text, and encoding gives the value back.
#[test]
fn cftime_cases_decode_and_encode_as_cftime() {
    let text = std::fs::read_to_string(data("cftime_cases.tsv")).unwrap();
    let mut n = 0;
    for line in text.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        let (cal, units, value) = (f[0], f[1], f[2].parse::<f64>().unwrap());
        let d: Vec<i64> = f[3].split(' ').map(|x| x.parse().unwrap()).collect();
        let want = DateTime {
            year: d[0],
            month: d[1] as u32,
            day: d[2] as u32,
            hour: d[3] as u32,
            minute: d[4] as u32,
            second: d[5] as u32,
            micro: d[6] as u32,
        };
        let u = TimeUnits::parse(units, Some(cal)).unwrap_or_else(|e| panic!("{line}: {e}"));
        let got = u.decode(value).unwrap();
        assert_eq!(got, want, "{line}");
        assert_eq!(got.dayofyear(u.calendar).to_string(), f[4], "{line}");
        assert_eq!(got.to_string(), f[5], "{line}");
        let enc = u.encode(&got).unwrap();
        let want_enc: f64 = f[6].parse().unwrap();
        assert!(
            (enc - want_enc).abs() <= 1e-12 * want_enc.abs().max(1.0),
            "{line}: encoded {enc}"
        );
        n += 1;
    }
    assert!(n > 300, "{n} cases");
}

/// `save`'s file side: a glob's data with its coordinates (the joined time re-expressed in
/// the first file's epoch), its attributes, and a noleap time coordinate encoded from dates;
/// xarray reopens the file with the same dims, coordinates, decoded dates and attributes.
#[test]
fn saved_coordinates_attributes_and_times_reopen_in_xarray() {
    use arrlang::io::netcdf4::{coord_var, data_attrs, time_coord_var, Nc4Var, Nc4Writer};
    let ok = std::process::Command::new("python3")
        .args(["-c", "import xarray, netCDF4, cftime"])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !ok {
        eprintln!("skipped: python3 with xarray, netCDF4 and cftime is not available");
        return;
    }
    let dir = std::env::temp_dir().join(format!("arrlang-labels-io-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("saved.nc");
    let tas = Concat::new(vec![open("epochs/a.nc", "tas"), open("epochs/b.nc", "tas")]);
    let dims = tas.dims().unwrap();
    let mut vars = vec![Nc4Var {
        name: "tas".into(),
        shape: tas.shape().to_vec(),
        dtype: tas.dtype(),
        dims: Some(dims.clone()),
        attrs: data_attrs(&tas.attrs()),
        compress_chunks: None,
        text: None,
    }];
    let mut blocks = vec![values_block(&tas)];
    for (ax, d) in dims.iter().enumerate() {
        let (v, b) = coord_var(d, tas.coord(ax).unwrap().as_ref()).unwrap();
        vars.push(v);
        blocks.push(b);
    }
    // A second time axis, from dates in the noleap calendar.
    let nl = open("noleap.nc", "time");
    let nl_units = coord::time_units(&nl.attrs()).unwrap();
    let dates: Vec<DateTime> = values(nl.as_ref())
        .iter()
        .map(|&v| nl_units.decode(v).unwrap())
        .collect();
    let units = TimeUnits::parse("hours since 2001-01-01", Some("noleap")).unwrap();
    let (v, b) = time_coord_var("t2", &units, &dates).unwrap();
    vars.push(v);
    blocks.push(b);
    let w = Nc4Writer::create(&out, &vars).unwrap();
    for (i, b) in blocks.iter().enumerate() {
        w.write_region(i, &vec![0; b.shape().len()], b).unwrap();
    }
    w.finish().unwrap();
    let exp = expected();
    let want_iso = exp["epochs/*.nc"]["time_iso"].to_string();
    let want_nl = exp["noleap.nc"]["time_iso"].to_string();
    let script = format!(
        r#"
import json, numpy as np, xarray as xr
ds = xr.open_dataset({out:?}, decode_times=xr.coders.CFDatetimeCoder(use_cftime=True))
t = ds.tas
assert t.dims == ("time", "lat", "lon"), t.dims
assert [d.isoformat() for d in t.time.values] == json.loads({want_iso:?}), t.time.values
assert list(t.lat.values) == [10.0, 20.0] and t.lat.attrs["units"] == "degrees_north"
assert list(t.lon.values) == [0.0, 1.0, 2.0]
assert t.attrs["units"] == "K", t.attrs
assert ds.time.encoding["units"].startswith("days since 1850-01-01"), ds.time.encoding
np.testing.assert_array_equal(t.values, np.load({ref:?}))
assert [d.isoformat() for d in ds.t2.values] == json.loads({want_nl:?}), ds.t2.values
assert ds.t2.encoding["calendar"] == "noleap"
"#,
        out = out.display().to_string(),
        ref = data("epochs/joined.tas.npy").display().to_string(),
    );
    let r = std::process::Command::new("python3")
        .args(["-c", &script])
        .output()
        .unwrap();
    std::fs::remove_dir_all(&dir).ok();
    assert!(
        r.status.success(),
        "xarray check failed:\n{}",
        String::from_utf8_lossy(&r.stderr)
    );
}

fn values_block(s: &dyn ArraySource) -> arrlang::kernels::Block {
    let whole: Vec<Range1> = s.shape().iter().map(|&n| Range1::full(n)).collect();
    source::read(s, &whole).unwrap()
}
