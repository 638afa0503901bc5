//! The HDF5 reader against the C library's values: both read paths, contiguous reads,
//! netCDF-4 dimensions and CF decoding, a corrupt chunk.

use super::*;
use crate::io::npy;

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

fn expected(name: &str) -> Block {
    let p = data(name);
    let h = npy::read_header(&p).unwrap();
    npy::read_region(&p, &h, &vec![0; h.shape.len()], &h.shape.clone()).unwrap()
}

fn same(a: &Block, b: &Block) -> bool {
    a.shape() == b.shape()
        && a.dtype() == b.dtype()
        && a.to_f64_vec()
            .iter()
            .zip(b.to_f64_vec())
            .all(|(x, y)| x == &y || (x.is_nan() && y.is_nan()))
}

fn r(start: usize, len: usize, step: isize) -> Range1 {
    Range1 { start, len, step }
}

/// Both read paths agree with the C library's values, whole and strided.
#[test]
fn decoded_and_hyperslab_reads_match_the_c_library() {
    for (file, var, npy_name, decoded) in [
        ("nc4-day0.nc", "t2m", "nc4-day0.nc.t2m.npy", true),
        ("nc4-packed.nc", "t2m", "nc4-packed.nc.t2m.npy", true),
        ("plain.h5", "grid", "plain.h5.grid.npy", true),
        ("plain.h5", "group/inner", "plain.h5.group-inner.npy", true),
        ("plain.h5", "counts", "plain.h5.counts.npy", false),
    ] {
        let s = H5Source::open(&data(file), var).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(s.decodes_raw(), decoded, "{file} {var}");
        let want = expected(npy_name);
        assert_eq!(s.dtype(), want.dtype(), "{file} {var}");
        let whole: Vec<Range1> = s.shape().iter().map(|&n| Range1::full(n)).collect();
        assert!(
            same(&s.read_hyperslab(&whole).unwrap(), &want),
            "{file} {var}"
        );
        assert!(
            same(&s.read_forward(&whole).unwrap(), &want),
            "{file} {var}"
        );
        if decoded {
            assert!(same(&s.read_decoded(&whole).unwrap().unwrap(), &want));
        }
        // Strided regions, both paths, against slicing the reference.
        let regions: Vec<Vec<Range1>> = match s.shape().len() {
            1 => vec![vec![r(3, 10, 4)], vec![r(49, 1, 1)]],
            2 => vec![vec![r(1, 2, 2), r(0, 4, 1)], vec![r(3, 1, 1), r(1, 2, 2)]],
            _ => vec![
                vec![r(1, 3, 2), r(2, 3, 3), r(0, 6, 2)],
                vec![r(5, 1, 1), r(0, 10, 1), r(7, 4, 1)],
                vec![r(0, 2, 3), r(4, 3, 1), r(1, 3, 2)],
            ],
        };
        for reg in regions {
            let want = crate::kernels::layout::slice(&want, &reg);
            assert!(
                same(&s.read_hyperslab(&reg).unwrap(), &want),
                "{file} {reg:?}"
            );
            assert!(
                same(&s.read_forward(&reg).unwrap(), &want),
                "{file} {reg:?}"
            );
        }
    }
}

/// Positional reads of a contiguous dataset agree with HDF5's hyperslab reads, for
/// merged runs, strided axes and single elements.
#[test]
fn contiguous_reads_match_hyperslabs() {
    let dir = std::env::temp_dir().join(format!("arrlang-contig-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("c.h5");
    {
        let f = hdf5::File::create(&path).unwrap();
        let v: Vec<f32> = (0..5 * 6 * 7).map(|i| i as f32 * 0.5 - 3.0).collect();
        let a = ndarray::Array3::from_shape_vec((5, 6, 7), v).unwrap();
        f.new_dataset_builder().with_data(&a).create("x").unwrap();
        let b: Vec<i16> = (0..9).map(|i| i * 3 - 7).collect();
        f.new_dataset_builder().with_data(&b).create("y").unwrap();
    }
    let s = H5Source::open(&path, "x").unwrap_or_else(|e| panic!("{e:?}"));
    let regions = [
        vec![r(0, 5, 1), r(0, 6, 1), r(0, 7, 1)],
        vec![r(1, 3, 1), r(0, 6, 1), r(0, 7, 1)],
        vec![r(1, 2, 2), r(0, 6, 1), r(0, 7, 1)],
        vec![r(0, 5, 1), r(2, 3, 1), r(0, 7, 1)],
        vec![r(4, 1, 1), r(1, 2, 3), r(2, 3, 2)],
        vec![r(0, 3, 2), r(5, 1, 1), r(6, 1, 1)],
        vec![r(2, 2, 1), r(0, 6, 1), r(1, 3, 2)],
        vec![r(0, 0, 1), r(0, 6, 1), r(0, 7, 1)],
    ];
    for reg in regions {
        let got = s.read_contiguous(&reg).unwrap().expect("contiguous");
        assert!(same(&got, &s.read_hyperslab(&reg).unwrap()), "{reg:?}");
    }
    let s = H5Source::open(&path, "y").unwrap_or_else(|e| panic!("{e:?}"));
    for reg in [vec![r(0, 9, 1)], vec![r(1, 4, 2)], vec![r(8, 1, 1)]] {
        let got = s.read_contiguous(&reg).unwrap().expect("contiguous");
        assert!(same(&got, &s.read_hyperslab(&reg).unwrap()), "{reg:?}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn netcdf4_dims_and_cf() {
    let s = H5Source::open(&data("nc4-packed.nc"), "t2m").unwrap();
    assert_eq!(
        s.dims(),
        Some(vec!["time".into(), "latitude".into(), "longitude".into()])
    );
    assert_eq!((s.stored(), s.dtype()), ("int16", DType::F64));
    let lat = H5Source::open(&data("nc4-day0.nc"), "latitude").unwrap();
    assert_eq!(lat.dims(), Some(vec!["latitude".into()]));
    assert_eq!(
        H5Source::open(&data("plain.h5"), "grid").unwrap().dims(),
        None
    );
    let names: Vec<String> = list(&data("plain.h5"))
        .unwrap()
        .into_iter()
        .map(|v| v.name)
        .collect();
    assert_eq!(names, vec!["counts", "grid", "group/inner"]);
}

#[test]
fn corrupt_chunk_is_an_error_naming_the_file() {
    let dir = std::env::temp_dir().join(format!("arrlang-h5-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join("bad.nc");
    let mut bytes = std::fs::read(data("nc4-day1.nc")).unwrap();
    let s = H5Source::open(&data("nc4-day1.nc"), "t2m").unwrap();
    let idx = s.chunk_index().unwrap();
    let (addr, size, _) = idx.entries[0].unwrap();
    for b in &mut bytes[addr as usize + 2..(addr + size) as usize] {
        *b = 0x55;
    }
    std::fs::write(&p, &bytes).unwrap();
    let bad = H5Source::open(&p, "t2m").unwrap();
    let e = bad
        .read_forward(&[r(0, 1, 1), r(0, 19, 1), r(0, 36, 1)])
        .unwrap_err();
    assert!(e.contains("bad.nc") && e.contains("t2m"), "{e}");
    // Other chunks are intact.
    assert!(bad
        .read_forward(&[r(1, 1, 1), r(0, 19, 1), r(0, 36, 1)])
        .is_ok());
    std::fs::remove_dir_all(&dir).ok();
}
