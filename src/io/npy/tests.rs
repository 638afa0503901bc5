//! Tests of `.npy` reading and writing: round trips, header variants, errors, NumPy parity.

use super::header::{header_bytes, parse_header_dict};
use super::*;
use crate::kernels::Block;
use ndarray::{ArrayD, IxDyn};
use std::process::Command;

/// A fresh directory under the system temp dir, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let p = std::env::temp_dir().join(format!("arrlang-npy-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        TempDir(p)
    }
    fn join(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn f64_block(shape: &[usize], f: impl Fn(usize) -> f64) -> Block {
    let n = shape.iter().product();
    Block::F64(ArrayD::from_shape_vec(IxDyn(shape), (0..n).map(f).collect()).unwrap())
}

/// The sub-block `[start, start + shape)` of `b`, cut in memory.
fn cut(b: &Block, start: &[usize], shape: &[usize]) -> Block {
    use ndarray::Slice;
    crate::map_block!(b, a => {
        let mut v = a.view();
        for d in 0..start.len() {
            v.slice_axis_inplace(ndarray::Axis(d), Slice::from(start[d]..start[d] + shape[d]));
        }
        v.to_owned()
    })
}

/// Writes `whole` as a grid of blocks (from several threads), finishes, and checks the
/// whole file and a few regions read back.
fn roundtrip(dir: &TempDir, name: &str, whole: &Block, splits: &[Vec<usize>]) {
    let path = dir.join(name);
    let w = NpyWriter::create(&path, whole.shape(), whole.dtype()).unwrap();
    let mut regions = vec![(vec![], vec![])];
    for cuts in splits {
        let mut next = Vec::new();
        for (st, sh) in &regions {
            for k in 0..cuts.len() - 1 {
                let (mut st, mut sh): (Vec<usize>, Vec<usize>) = (st.clone(), sh.clone());
                st.push(cuts[k]);
                sh.push(cuts[k + 1] - cuts[k]);
                next.push((st, sh));
            }
        }
        regions = next;
    }
    std::thread::scope(|s| {
        for (st, sh) in &regions {
            let w = &w;
            s.spawn(move || w.write_region(st, &cut(whole, st, sh)).unwrap());
        }
    });
    assert!(!path.exists(), "nothing at the final path before finish");
    w.finish().unwrap();
    drop(w);
    let h = read_header(&path).unwrap();
    assert_eq!(
        (h.shape.as_slice(), h.dtype, h.data_offset % 64),
        (whole.shape(), whole.dtype(), 0)
    );
    let zeros = vec![0; whole.shape().len()];
    assert_eq!(
        read_region(&path, &h, &zeros, whole.shape()).unwrap(),
        *whole
    );
    for (st, sh) in &regions {
        assert_eq!(read_region(&path, &h, st, sh).unwrap(), cut(whole, st, sh));
    }
}

/// A block in Fortran order (a transpose) is written through the converted copy, a
/// C-order one straight from its memory; both land in C order.
#[test]
fn blocks_in_either_memory_order_write_the_same_file() {
    let dir = TempDir::new("order");
    let t =
        ArrayD::from_shape_vec(IxDyn(&[3, 4]), (0..12).map(|i| i as f32 - 5.5).collect()).unwrap();
    let mut f = ArrayD::<f32>::zeros(ndarray::ShapeBuilder::f(IxDyn(&[3, 4])));
    f.assign(&t);
    let f_order = Block::F32(f);
    let Block::F32(a) = &f_order else {
        unreachable!()
    };
    assert!(
        a.as_slice().is_none() && *a == t,
        "a Fortran-order copy of t"
    );
    for (name, b) in [("f.npy", &f_order), ("c.npy", &Block::F32(t.clone()))] {
        let path = dir.join(name);
        let w = NpyWriter::create(&path, &[3, 4], DType::F32).unwrap();
        w.write_region(&[0, 0], b).unwrap();
        w.finish().unwrap();
        let h = read_header(&path).unwrap();
        assert_eq!(
            read_region(&path, &h, &[0, 0], &[3, 4]).unwrap(),
            Block::F32(t.clone())
        );
    }
}

#[test]
fn write_grid_then_read_whole_and_regions() {
    let dir = TempDir::new("grid");
    let a = f64_block(&[5, 7], |i| i as f64 * 0.5 - 3.0);
    roundtrip(&dir, "a.npy", &a, &[vec![0, 3, 5], vec![0, 3, 6, 7]]);
    let h = read_header(&dir.join("a.npy")).unwrap();
    for (st, sh) in [
        ([1, 2], [3, 4]),
        ([0, 0], [5, 1]),
        ([2, 0], [2, 7]),
        ([4, 6], [1, 1]),
        ([3, 3], [0, 2]),
    ] {
        assert_eq!(
            read_region(&dir.join("a.npy"), &h, &st, &sh).unwrap(),
            cut(&a, &st, &sh)
        );
    }
    let i = Block::I32(
        ArrayD::from_shape_vec(IxDyn(&[3, 4, 5]), (0..60).map(|x| x * 7 - 100).collect()).unwrap(),
    );
    roundtrip(
        &dir,
        "i.npy",
        &i,
        &[vec![0, 1, 3], vec![0, 4], vec![0, 2, 5]],
    );
    let b = Block::Bool(
        ArrayD::from_shape_vec(IxDyn(&[6]), vec![true, false, false, true, true, false]).unwrap(),
    );
    roundtrip(&dir, "b.npy", &b, &[vec![0, 4, 6]]);
    let z = Block::F32(ArrayD::from_elem(IxDyn(&[]), 2.5f32));
    roundtrip(&dir, "z.npy", &z, &[]);
    let e = Block::I64(ArrayD::from_shape_vec(IxDyn(&[2, 0]), vec![]).unwrap());
    roundtrip(&dir, "e.npy", &e, &[vec![0, 2], vec![0, 0]]);
}

#[test]
fn header_dict_variants() {
    let ok = |s: &str| parse_header_dict(s).unwrap();
    assert_eq!(
        ok("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }"),
        (vec![3, 4], DType::F64, false)
    );
    assert_eq!(
        ok("{'descr':'<i4','fortran_order':False,'shape':(5,)}   \n"),
        (vec![5], DType::I32, false)
    );
    assert_eq!(
        ok("{ 'shape' : ( ) , 'fortran_order' : False , 'descr' : '|b1' , }"),
        (vec![], DType::Bool, false)
    );
    assert_eq!(
        ok("{\"descr\": \">f4\", \"fortran_order\": False, \"shape\": (2L, 3L)}"),
        (vec![2, 3], DType::F32, true)
    );
    assert_eq!(
        ok("{'descr': '>i8', 'fortran_order': False, 'shape': (1, 2, 3,), }"),
        (vec![1, 2, 3], DType::I64, true)
    );
    assert_eq!(
        ok("{'descr': '<b1', 'fortran_order': False, 'shape': (0,), }"),
        (vec![0], DType::Bool, false)
    );
    let err = |s: &str| parse_header_dict(s).unwrap_err();
    assert!(
        err("{'descr': '<f8', 'fortran_order': True, 'shape': (3,), }").contains("Fortran-ordered")
    );
    assert!(err("{'descr': '<U4', 'fortran_order': False, 'shape': (3,), }").contains("`<U4`"));
    assert!(err("{'descr': '<f8', 'shape': (3,), }").contains("fortran_order"));
    assert!(err("{'descr': '<f8', 'fortran_order': False, 'shape': (3, -1), }").contains("shape"));
    assert!(err("{'descr': '<f8', 'fortran_order': False, 'shape': (3,").contains("end"));
    assert!(
        err("{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (3,), }")
            .contains("structured")
    );
    // Our own headers parse back and are 64-byte aligned.
    for shape in [&[][..], &[5][..], &[2, 3, 4][..]] {
        let h = header_bytes(shape, DType::F32);
        assert_eq!(h.len() % 64, 0);
        assert_eq!(*h.last().unwrap(), b'\n');
        let text = std::str::from_utf8(&h[10..]).unwrap();
        assert_eq!(ok(text), (shape.to_vec(), DType::F32, false));
    }
}

#[test]
fn truncated_and_bad_files_are_errors() {
    let dir = TempDir::new("bad");
    let path = dir.join("t.npy");
    let mut bytes = header_bytes(&[4, 4], DType::F64);
    bytes.extend_from_slice(&[0u8; 100]);
    std::fs::write(&path, &bytes).unwrap();
    let e = read_header(&path).unwrap_err().to_string();
    assert!(
        e.contains("truncated: expected 128 bytes of data, found 100"),
        "{e}"
    );

    std::fs::write(&path, b"\x93NUMPX\x01\x00").unwrap();
    assert!(read_header(&path)
        .unwrap_err()
        .to_string()
        .contains("bad magic"));
    std::fs::write(&path, b"").unwrap();
    assert!(read_header(&path)
        .unwrap_err()
        .to_string()
        .contains("bad magic"));
    std::fs::write(&path, b"\x93NUMPY\x01\x00\xff\x00{'descr'").unwrap();
    assert!(read_header(&path)
        .unwrap_err()
        .to_string()
        .contains("truncated header"));
    std::fs::write(&path, b"\x93NUMPY\x07\x00\x00\x00").unwrap();
    assert!(read_header(&path)
        .unwrap_err()
        .to_string()
        .contains("version `7.0`"));
    let e = read_header(&dir.join("missing.npy")).unwrap_err();
    assert!(matches!(e, NpyError::Open { .. }), "{e}");

    let h = NpyHeader {
        shape: vec![4, 4],
        dtype: DType::F64,
        data_offset: 64,
        big_endian: false,
    };
    assert!(read_region(&path, &h, &[3, 0], &[2, 4])
        .unwrap_err()
        .to_string()
        .contains("outside"));
}

#[test]
fn dropped_writer_leaves_no_file() {
    let dir = TempDir::new("drop");
    let path = dir.join("x.npy");
    let w = NpyWriter::create(&path, &[3], DType::I64).unwrap();
    w.write_region(&[0], &Block::I64(ArrayD::from_elem(IxDyn(&[2]), 1)))
        .unwrap();
    drop(w);
    assert!(!path.exists());
    assert_eq!(
        std::fs::read_dir(&dir.0).unwrap().count(),
        0,
        "temporary file removed"
    );
}

#[test]
fn writer_errors_name_the_path() {
    let path = Path::new("/nonexistent-arrlang-dir/x.npy");
    let e = NpyWriter::create(path, &[3], DType::F64).err().unwrap();
    let msg = e.to_string();
    assert!(
        matches!(e, NpyError::Write { .. }) && msg.contains("/nonexistent-arrlang-dir/x.npy"),
        "{msg}"
    );
    assert!(msg.contains("No such file or directory"), "{msg}");

    let dir = TempDir::new("werr");
    let w = NpyWriter::create(&dir.join("w.npy"), &[2, 2], DType::F64).unwrap();
    let wrong = Block::I32(ArrayD::from_elem(IxDyn(&[2, 2]), 0));
    assert!(w
        .write_region(&[0, 0], &wrong)
        .unwrap_err()
        .to_string()
        .contains("dtype `int32`"));
    let big = f64_block(&[2, 3], |i| i as f64);
    assert!(w
        .write_region(&[0, 0], &big)
        .unwrap_err()
        .to_string()
        .contains("outside"));
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<NpyWriter>();
}

fn numpy_available() -> bool {
    let ok = Command::new("python3")
        .args(["-c", "import numpy"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!("skipping: python3 with numpy is not available");
    }
    ok
}

fn python(script: &str) -> String {
    let out = Command::new("python3")
        .args(["-c", script])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "python failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn reads_files_numpy_wrote() {
    if !numpy_available() {
        return;
    }
    let dir = TempDir::new("fromnp");
    let d = dir.0.display();
    python(&format!(
        "import numpy as np\n\
         from numpy.lib import format as f\n\
         a = np.arange(12.).reshape(3, 4) / 4\n\
         np.save('{d}/f8.npy', a)\n\
         np.save('{d}/bf8.npy', a.astype('>f8'))\n\
         np.save('{d}/f4.npy', a.astype('<f4'))\n\
         np.save('{d}/bf4.npy', a.astype('>f4'))\n\
         np.save('{d}/i4.npy', (np.arange(24) - 5).reshape(2, 3, 4).astype('<i4'))\n\
         np.save('{d}/bi4.npy', (np.arange(24) - 5).reshape(2, 3, 4).astype('>i4'))\n\
         np.save('{d}/bi8.npy', np.arange(5).astype('>i8') * -3)\n\
         np.save('{d}/b1.npy', np.arange(7) % 3 == 0)\n\
         np.save('{d}/zero_d.npy', np.array(2.5))\n\
         np.save('{d}/empty.npy', np.zeros((2, 0)))\n\
         np.save('{d}/fortran.npy', np.asfortranarray(a))\n\
         np.save('{d}/c16.npy', a.astype(complex))\n\
         f.write_array(open('{d}/v2.npy', 'wb'), a, version=(2, 0))\n\
         f.write_array(open('{d}/v3.npy', 'wb'), a, version=(3, 0))\n"
    ));
    let whole = f64_block(&[3, 4], |i| i as f64 / 4.0);
    for name in ["f8", "bf8", "v2", "v3"] {
        let p = dir.join(&format!("{name}.npy"));
        let h = read_header(&p).unwrap();
        assert_eq!(
            read_region(&p, &h, &[0, 0], &[3, 4]).unwrap(),
            whole,
            "{name}"
        );
        assert_eq!(
            read_region(&p, &h, &[1, 1], &[2, 2]).unwrap(),
            cut(&whole, &[1, 1], &[2, 2]),
            "{name}"
        );
    }
    for name in ["f4", "bf4"] {
        let p = dir.join(&format!("{name}.npy"));
        let h = read_header(&p).unwrap();
        assert_eq!(
            read_region(&p, &h, &[0, 1], &[3, 2]).unwrap(),
            cut(&whole.cast(DType::F32), &[0, 1], &[3, 2])
        );
    }
    let ints = Block::I32(
        ArrayD::from_shape_vec(IxDyn(&[2, 3, 4]), (0..24).map(|x| x - 5).collect()).unwrap(),
    );
    for name in ["i4", "bi4"] {
        let p = dir.join(&format!("{name}.npy"));
        let h = read_header(&p).unwrap();
        assert_eq!(read_region(&p, &h, &[0, 0, 0], &[2, 3, 4]).unwrap(), ints);
        assert_eq!(
            read_region(&p, &h, &[1, 1, 2], &[1, 2, 2]).unwrap(),
            cut(&ints, &[1, 1, 2], &[1, 2, 2])
        );
    }
    let p = dir.join("bi8.npy");
    let got = read_region(&p, &read_header(&p).unwrap(), &[1], &[3]).unwrap();
    assert_eq!(
        got,
        Block::I64(ArrayD::from_shape_vec(IxDyn(&[3]), vec![-3, -6, -9]).unwrap())
    );
    let p = dir.join("b1.npy");
    let got = read_region(&p, &read_header(&p).unwrap(), &[0], &[7]).unwrap();
    let want: Vec<bool> = (0..7).map(|i| i % 3 == 0).collect();
    assert_eq!(
        got,
        Block::Bool(ArrayD::from_shape_vec(IxDyn(&[7]), want).unwrap())
    );
    let p = dir.join("zero_d.npy");
    let got = read_region(&p, &read_header(&p).unwrap(), &[], &[]).unwrap();
    assert_eq!(got, Block::F64(ArrayD::from_elem(IxDyn(&[]), 2.5)));
    let p = dir.join("empty.npy");
    let h = read_header(&p).unwrap();
    assert_eq!(h.shape, vec![2, 0]);
    assert_eq!(
        read_region(&p, &h, &[0, 0], &[2, 0]).unwrap().shape(),
        &[2, 0]
    );
    let e = read_header(&dir.join("fortran.npy"))
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("Fortran-ordered arrays are not supported"),
        "{e}"
    );
    // complex128 reads as numpy wrote it: (re, im) pairs
    let p = dir.join("c16.npy");
    let h = read_header(&p).unwrap();
    assert_eq!(h.dtype, DType::C128);
    let got = read_region(&p, &h, &[0, 0], &h.shape.clone()).unwrap();
    assert_eq!(got.dtype(), DType::C128);
    assert_eq!(got.shape(), &[3, 4]);
}

#[test]
fn numpy_reads_files_we_wrote() {
    if !numpy_available() {
        return;
    }
    let dir = TempDir::new("tonp");
    let a = f64_block(&[5, 7], |i| i as f64 * 0.5 - 3.0);
    roundtrip(&dir, "a.npy", &a, &[vec![0, 3, 5], vec![0, 3, 6, 7]]);
    let i = Block::I32(ArrayD::from_shape_vec(IxDyn(&[4]), vec![1, -2, 3, i32::MIN]).unwrap());
    roundtrip(&dir, "i.npy", &i, &[vec![0, 2, 4]]);
    let b = Block::Bool(ArrayD::from_shape_vec(IxDyn(&[3]), vec![true, false, true]).unwrap());
    roundtrip(&dir, "b.npy", &b, &[vec![0, 1, 3]]);
    let z = Block::F32(ArrayD::from_elem(IxDyn(&[]), 0.1f32));
    roundtrip(&dir, "z.npy", &z, &[]);
    let d = dir.0.display();
    let out = python(&format!(
        "import numpy as np\n\
         a = np.load('{d}/a.npy'); i = np.load('{d}/i.npy'); b = np.load('{d}/b.npy'); z = np.load('{d}/z.npy')\n\
         assert (a == np.arange(35.).reshape(5, 7) * 0.5 - 3).all() and a.dtype == np.float64\n\
         print(a.shape, repr(i), repr(b), repr(z))\n"
    ));
    assert_eq!(
        out.trim(),
        "(5, 7) array([          1,          -2,           3, -2147483648], dtype=int32) \
         array([ True, False,  True]) array(0.1, dtype=float32)"
    );
}
