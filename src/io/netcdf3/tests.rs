//! netCDF-3 reader tests against values the netCDF C library reported (`tests/data/*.npy`,
//! written by `tests/data/make_fixtures.py`).

use super::*;
use crate::io::npy;
use crate::kernels::layout;
use std::path::PathBuf;

fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

/// A `.npy` fixture as f64 values and its shape.
fn npy_f64(name: &str) -> (Vec<f64>, Vec<usize>) {
    let p = data(name);
    let h = npy::read_header(&p).unwrap();
    let start = vec![0; h.shape.len()];
    let b = npy::read_region(&p, &h, &start, &h.shape).unwrap();
    (b.to_f64_vec(), h.shape)
}

/// A `.npy` fixture of int64 values.
fn npy_i64(name: &str) -> Vec<i64> {
    let p = data(name);
    let h = npy::read_header(&p).unwrap();
    let start = vec![0; h.shape.len()];
    match npy::read_region(&p, &h, &start, &h.shape).unwrap() {
        Block::I64(a) => a.iter().copied().collect(),
        b => panic!("{name}: expected int64, got {}", b.dtype()),
    }
}

const NC3: [(&str, u8); 3] = [
    ("nc3-classic.nc", 1),
    ("nc3-64bit.nc", 2),
    ("nc3-cdf5.nc", 5),
];

/// The raw stored values of each fixture variable, re-derived from the CF-decoded values the
/// C library reported (see make_fixtures.py: height = raw * 0.5 + 100; precip -9999 -> NaN).
fn raw_expected(file: &str, var: &str) -> Vec<f64> {
    let (v, _) = npy_f64(&format!("{file}.{var}.npy"));
    match var {
        "height" => v.iter().map(|h| (h - 100.0) / 0.5).collect(),
        "precip" => v
            .iter()
            .map(|&p| if p.is_nan() { -9999.0 } else { p })
            .collect(),
        _ => v,
    }
}

#[test]
fn reads_whole_variables_of_cdf1_cdf2_cdf5() {
    for (file, version) in NC3 {
        let f = Nc3File::open(data(file)).unwrap();
        assert_eq!(f.version(), version, "{file}");
        for (var, dtype, shape) in [
            ("t2m", DType::F32, vec![8, 19, 36]),
            ("precip", DType::F64, vec![8, 36]),
            ("mask", DType::I8, vec![19, 36]),
            ("height", DType::I16, vec![19]),
            ("time", DType::I32, vec![8]),
            ("latitude", DType::F32, vec![19]),
        ] {
            let v = f.var(var).unwrap();
            assert_eq!(v.dtype, dtype, "{file} {var}");
            assert_eq!(v.shape, shape, "{file} {var}");
            let b = f.read_all(var).unwrap();
            assert_eq!(b.dtype(), dtype);
            assert_eq!(b.shape(), &shape[..]);
            if var == "time" || var == "latitude" {
                continue;
            }
            assert_eq!(b.to_f64_vec(), raw_expected(file, var), "{file} {var}");
        }
        // The coordinate values, as the fixture script wrote them.
        let t = f.read_all("time").unwrap().to_f64_vec();
        assert_eq!(t, (0..8).map(|i| (i * 6) as f64).collect::<Vec<_>>());
        let lat = f.read_all("latitude").unwrap().to_f64_vec();
        assert_eq!((lat[0], lat[9], lat[18]), (90.0, 0.0, -90.0));
    }
}

#[test]
fn header_dims_and_attributes() {
    for (file, _) in NC3 {
        let f = Nc3File::open(data(file)).unwrap();
        let t2m = f.var("t2m").unwrap();
        assert_eq!(t2m.dims, ["time", "latitude", "longitude"]);
        assert!(t2m.is_record);
        assert!(!f.var("mask").unwrap().is_record);
        assert_eq!(
            t2m.attrs,
            vec![("units".to_string(), AttrValue::Text("K".into()))]
        );
        let p = f.var("precip").unwrap();
        assert_eq!(p.nc_type, NcType::Double);
        assert_eq!(
            p.attrs,
            vec![("_FillValue".to_string(), AttrValue::Floats(vec![-9999.0]))]
        );
        let h = f.var("height").unwrap();
        assert_eq!(h.nc_type, NcType::Short);
        let get = |n: &str| h.attrs.iter().find(|(k, _)| k == n).map(|(_, v)| v.clone());
        assert_eq!(get("scale_factor"), Some(AttrValue::Floats(vec![0.5])));
        assert_eq!(get("add_offset"), Some(AttrValue::Floats(vec![100.0])));
        assert_eq!(f.var("mask").unwrap().nc_type, NcType::Byte);
        assert_eq!(
            f.global_attrs(),
            &[(
                "title".to_string(),
                AttrValue::Text("arrlang netCDF-3 fixture".into())
            )]
        );
        assert_eq!(
            f.dimensions(),
            &[
                ("time".to_string(), 8, true),
                ("latitude".to_string(), 19, false),
                ("longitude".to_string(), 36, false)
            ]
        );
    }
}

#[test]
fn cdf5_extended_types_and_padded_records() {
    let f = Nc3File::open(data("nc3-cdf5-types.nc")).unwrap();
    assert_eq!(f.version(), 5);
    for (var, t, dtype) in [
        ("u1", NcType::UByte, DType::U8),
        ("u2", NcType::UShort, DType::U16),
        ("u4", NcType::UInt, DType::U32),
        ("u8", NcType::UInt64, DType::U64),
        ("i8", NcType::Int64, DType::I64),
        ("b", NcType::Byte, DType::I8),
        ("s", NcType::Short, DType::I16),
    ] {
        let v = f.var(var).unwrap();
        assert_eq!((v.nc_type, v.dtype), (t, dtype), "{var}");
        let got: Vec<i64> = match f.read_all(var).unwrap().cast(DType::I64) {
            Block::I64(a) => a.iter().copied().collect(),
            _ => unreachable!(),
        };
        assert_eq!(
            got,
            npy_i64(&format!("nc3-cdf5-types.nc.{var}.raw.npy")),
            "{var}"
        );
    }
    let attr = |v: &str, n: &str| {
        f.var(v)
            .unwrap()
            .attrs
            .iter()
            .find(|(k, _)| k == n)
            .map(|(_, a)| a.clone())
    };
    assert_eq!(attr("u2", "valid_max"), Some(AttrValue::Ints(vec![65535])));
    assert_eq!(attr("i8", "big"), Some(AttrValue::Ints(vec![-(1 << 40)])));
    assert_eq!(
        attr("u1", "note"),
        Some(AttrValue::Text("ubyte values".into()))
    );
}

#[test]
fn single_record_variable_is_not_padded() {
    let f = Nc3File::open(data("nc3-onerec.nc")).unwrap();
    let s = f.var("s").unwrap();
    assert!(s.is_record);
    assert_eq!(s.shape, [7, 3]);
    for var in ["s", "fixed"] {
        let got: Vec<i64> = match f.read_all(var).unwrap().cast(DType::I64) {
            Block::I64(a) => a.iter().copied().collect(),
            _ => unreachable!(),
        };
        assert_eq!(
            got,
            npy_i64(&format!("nc3-onerec.nc.{var}.raw.npy")),
            "{var}"
        );
    }
    let part = f
        .read("s", &[Range1::contiguous(2, 3), Range1::full(3)])
        .unwrap();
    let all = f.read_all("s").unwrap();
    assert_eq!(
        part,
        layout::slice(&all, &[Range1::contiguous(2, 3), Range1::full(3)])
    );
}

/// A small deterministic generator.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n.max(1)
    }

    /// A random valid range over an axis of length `n`, sometimes with a negative step.
    fn range(&mut self, n: usize) -> Range1 {
        let step = [1isize, 1, 2, 3, 5, 40, -1, -2, -7][self.below(9)];
        let s = step.unsigned_abs();
        let a = self.below(n);
        let maxlen = if step > 0 {
            (n - a - 1) / s + 1
        } else {
            a / s + 1
        };
        let len = match self.below(6) {
            0 => 0,
            1 => 1,
            _ => 1 + self.below(maxlen),
        }
        .min(maxlen);
        if self.below(5) == 0 {
            return Range1::full(n);
        }
        Range1 {
            start: a,
            len,
            step,
        }
    }
}

#[test]
fn hyperslabs_match_slicing_the_whole_variable() {
    let mut r = Lcg(3);
    for (file, _) in NC3
        .iter()
        .copied()
        .chain([("nc3-cdf5-types.nc", 5), ("nc3-onerec.nc", 1)])
    {
        let f = Nc3File::open(data(file)).unwrap();
        for v in f.variables() {
            let all = f.read_all(v.name.as_str()).unwrap();
            for _ in 0..60 {
                let ranges: Vec<Range1> = v.shape.iter().map(|&n| r.range(n)).collect();
                let got = f.read(v.name.as_str(), &ranges).unwrap();
                let want = layout::slice(&all, &ranges);
                assert_eq!(got, want, "{file} {} {ranges:?}", v.name);
            }
        }
    }
}

#[test]
fn single_elements_steps_and_reversed_axes() {
    let f = Nc3File::open(data("nc3-classic.nc")).unwrap();
    let want = raw_expected("nc3-classic.nc", "t2m");
    let at = |t: usize, y: usize, x: usize| want[(t * 19 + y) * 36 + x];
    let one = f
        .read(
            "t2m",
            &[
                Range1::contiguous(5, 1),
                Range1::contiguous(7, 1),
                Range1::contiguous(30, 1),
            ],
        )
        .unwrap();
    assert_eq!(one.to_f64_vec(), [at(5, 7, 30)]);
    // x[::4, -1, ::-10]
    let got = f
        .read(
            "t2m",
            &[
                Range1 {
                    start: 0,
                    len: 2,
                    step: 4,
                },
                Range1::contiguous(18, 1),
                Range1 {
                    start: 35,
                    len: 4,
                    step: -10,
                },
            ],
        )
        .unwrap();
    assert_eq!(got.shape(), [2, 1, 4]);
    let mut exp = vec![];
    for t in [0, 4] {
        for x in [35, 25, 15, 5] {
            exp.push(at(t, 18, x));
        }
    }
    assert_eq!(got.to_f64_vec(), exp);
}

#[test]
fn errors_name_what_is_wrong() {
    let f = Nc3File::open(data("nc3-classic.nc")).unwrap();
    let e = f.read_all("nope").unwrap_err();
    assert!(e.to_string().contains("no variable `nope`"), "{e}");
    assert!(e.to_string().contains("t2m"), "{e}");
    let e = f.read("t2m", &[Range1::full(8)]).unwrap_err();
    assert!(matches!(e, Nc3Error::BadSelection { .. }), "{e}");
    let e = f
        .read("mask", &[Range1::contiguous(10, 10), Range1::full(36)])
        .unwrap_err();
    assert!(e.to_string().contains("outside"), "{e}");
    let e = Nc3File::open(data("nc4-day0.nc")).unwrap_err();
    assert_eq!(e, Nc3Error::BadMagic);
    let e = Nc3File::open_with_path(data("missing.nc")).unwrap_err();
    assert!(e.to_string().contains("missing.nc"), "{e}");
}

/// A temporary directory removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let p = std::env::temp_dir().join(format!("arrlang-nc3-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        TempDir(p)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Opens `bytes` as a file and reads every variable; returns the first error, if any.
fn open_and_read_all(dir: &TempDir, bytes: &[u8]) -> Result<(), Nc3Error> {
    let p = dir.0.join("f.nc");
    std::fs::write(&p, bytes).unwrap();
    let f = Nc3File::open(&p)?;
    for i in 0..f.variables().len() {
        f.read_all(i)?;
    }
    Ok(())
}

#[test]
fn truncated_files_are_errors_not_panics() {
    let dir = TempDir::new("trunc");
    for (file, _) in NC3.iter().copied().chain([("nc3-onerec.nc", 1)]) {
        let bytes = std::fs::read(data(file)).unwrap();
        assert!(open_and_read_all(&dir, &bytes).is_ok());
        // Cuts through the header, then through the data.
        let n = bytes.len();
        let cuts = (0..600.min(n))
            .step_by(5)
            .chain((600..n).step_by(n / 25 + 1));
        for n in cuts {
            let e = open_and_read_all(&dir, &bytes[..n]);
            let Err(e) = e else {
                panic!(
                    "{file} cut to {n} of {} bytes read without error",
                    bytes.len()
                )
            };
            assert!(
                matches!(
                    e,
                    Nc3Error::Truncated(_) | Nc3Error::BadMagic | Nc3Error::Corrupt(_)
                ),
                "{file} cut to {n}: {e}"
            );
        }
    }
}

#[test]
fn corrupt_headers_are_errors_not_panics() {
    let dir = TempDir::new("corrupt");
    let bytes = std::fs::read(data("nc3-64bit.nc")).unwrap();
    let mut r = Lcg(11);
    // Overwrite header bytes with random and extreme values: any outcome but a panic.
    for _ in 0..400 {
        let mut b = bytes.clone();
        let at = r.below(400);
        b[at] = [0xFF, 0x00, 0x7F, 0x80, r.below(256) as u8][r.below(5)];
        let _ = open_and_read_all(&dir, &b);
    }
    let mut b = bytes.clone();
    b[3] = 9;
    let e = open_and_read_all(&dir, &b).unwrap_err();
    assert!(e.to_string().contains("version"), "{e}");
}

#[test]
fn reader_is_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<Nc3File>();
}
