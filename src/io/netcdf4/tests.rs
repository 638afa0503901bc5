//! The netCDF-4 writer: structure, scales and attributes checked with HDF5; unfinished
//! writers; blocks that do not fit; variables that disagree on dimensions.

use super::layout::DIM_WITHOUT_VARIABLE;
use super::*;
use ndarray::{ArrayD, IxDyn};
use std::path::PathBuf;

/// A fresh directory under the system temp dir, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let p = std::env::temp_dir().join(format!("arrlang-nc4w-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        TempDir(p)
    }
    fn entries(&self) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(&self.0)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn var(name: &str, shape: &[usize], dims: &[&str]) -> Nc4Var {
    Nc4Var {
        name: name.into(),
        shape: shape.to_vec(),
        dtype: DType::F64,
        dims: Some(dims.iter().map(|d| d.to_string()).collect()),
        attrs: vec![],
        compress_chunks: None,
        text: None,
    }
}

fn f64_block(shape: &[usize], f: impl Fn(usize) -> f64) -> Block {
    let n = shape.iter().product();
    Block::F64(ArrayD::from_shape_vec(IxDyn(shape), (0..n).map(f).collect()).unwrap())
}

fn text(a: &hdf5::Attribute) -> String {
    let ty = a.dtype().unwrap();
    let n = ty.size();
    let raw: Vec<u8> = a
        .read_raw::<hdf5::types::FixedAscii<64>>()
        .map_or_else(|_| vec![], |v| v[0].as_bytes().to_vec());
    String::from_utf8_lossy(&raw[..raw.len().min(n)]).into_owned()
}

#[test]
fn writes_blocks_dimension_scales_and_attributes() {
    let dir = TempDir::new("layout");
    let path = dir.0.join("f.nc");
    let mut a = var("a", &[4, 3], &["time", "lat"]);
    a.attrs = vec![
        ("units".into(), AttrValue::Text("K".into())),
        ("scale".into(), AttrValue::Floats(vec![0.5])),
    ];
    a.compress_chunks = Some(vec![2, 2]);
    let lat = var("lat", &[3], &["lat"]);
    let w = Nc4Writer::create(&path, &[a, lat]).unwrap();
    let whole = f64_block(&[4, 3], |i| i as f64 * 1.5);
    // Four uneven blocks, written out of order.
    for (start, shape) in [
        ([2, 2], [2, 1]),
        ([0, 0], [2, 2]),
        ([2, 0], [2, 2]),
        ([0, 2], [2, 1]),
    ] {
        let ranges: Vec<_> = (0..2)
            .map(|d| crate::kernels::layout::Range1::contiguous(start[d], shape[d]))
            .collect();
        let b = crate::kernels::layout::slice(&whole, &ranges);
        w.write_region(0, &start, &b).unwrap();
    }
    w.write_region(1, &[0], &f64_block(&[3], |i| 10.0 * i as f64))
        .unwrap();
    assert!(!path.exists(), "the final name appears only when finished");
    w.finish().unwrap();
    drop(w);
    assert_eq!(dir.entries(), ["f.nc"]);

    let f = hdf5::File::open(&path).unwrap();
    let ds = f.dataset("a").unwrap();
    let got: Vec<f64> = ds.read_raw().unwrap();
    assert_eq!(got, whole.to_f64_vec());
    assert_eq!(ds.chunk(), Some(vec![2, 2]));
    assert_eq!(text(&ds.attr("units").unwrap()), "K");
    assert_eq!(ds.attr("scale").unwrap().read_raw::<f64>().unwrap(), [0.5]);
    assert_eq!(
        ds.attr("_Netcdf4Coordinates")
            .unwrap()
            .read_raw::<i32>()
            .unwrap(),
        [0, 1]
    );
    assert!(ds.attr("DIMENSION_LIST").is_ok());
    // `time` has no variable: an empty scale with netCDF-C's NAME; `lat` is its variable.
    let t = f.dataset("time").unwrap();
    assert_eq!(text(&t.attr("CLASS").unwrap()), "DIMENSION_SCALE");
    assert_eq!(
        text(&t.attr("NAME").unwrap()),
        format!("{DIM_WITHOUT_VARIABLE}         4")
    );
    assert_eq!(
        t.attr("_Netcdf4Dimid")
            .unwrap()
            .read_scalar::<i32>()
            .unwrap(),
        0
    );
    let l = f.dataset("lat").unwrap();
    assert_eq!(text(&l.attr("NAME").unwrap()), "lat");
    assert_eq!(
        l.attr("_Netcdf4Dimid")
            .unwrap()
            .read_scalar::<i32>()
            .unwrap(),
        1
    );
    assert_eq!(l.read_raw::<f64>().unwrap(), [0.0, 10.0, 20.0]);
    assert!(l.attr("REFERENCE_LIST").is_ok());
}

#[test]
fn unfinished_writer_leaves_nothing() {
    let dir = TempDir::new("drop");
    let path = dir.0.join("f.h5");
    let w = Nc4Writer::create(&path, &[var("a", &[3], &["x"])]).unwrap();
    w.write_region(0, &[0], &f64_block(&[2], |i| i as f64))
        .unwrap();
    assert_eq!(dir.entries().len(), 1, "the temporary file");
    drop(w);
    assert!(dir.entries().is_empty());
}

#[test]
fn blocks_that_do_not_fit_are_errors() {
    let dir = TempDir::new("fit");
    let w = Nc4Writer::create(&dir.0.join("f.nc"), &[var("a", &[3], &["x"])]).unwrap();
    let e = w
        .write_region(0, &[2], &f64_block(&[2], |i| i as f64))
        .unwrap_err();
    assert!(e.to_string().contains("does not fit"), "{e}");
    let e = w
        .write_region(0, &[0], &Block::I32(ArrayD::zeros(IxDyn(&[3]))))
        .unwrap_err();
    assert!(e.to_string().contains("int32"), "{e}");
}

#[test]
fn variables_must_agree_on_dimensions() {
    let ok = check_vars(&[var("a", &[2, 3], &["t", "x"]), var("x", &[3], &["x"])]).unwrap();
    assert_eq!(ok, [("t".to_string(), 2), ("x".to_string(), 3)]);
    let e = check_vars(&[var("a", &[2], &["t"]), var("b", &[3], &["t"])]).unwrap_err();
    assert!(e.contains("`t` has length 2"), "{e}");
    let e = check_vars(&[var("a", &[2, 2], &["t", "t"])]).unwrap_err();
    assert!(e.contains("twice"), "{e}");
    let mut d = var("a", &[2, 2], &[]);
    d.dims = None;
    assert_eq!(d.dim_names(), ["dim_0", "dim_1"]);
    assert!(check_vars(&[d.clone(), d])
        .unwrap_err()
        .contains("saved twice"));
}
