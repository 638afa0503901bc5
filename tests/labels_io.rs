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
