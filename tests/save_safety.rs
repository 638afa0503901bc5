//! Issue 15: nothing silently wrong or lost. Saving into an existing netCDF file keeps its
//! other variables (checked with netCDF4-python), or refuses before writing; a failed run
//! with `split=` leaves no part; HDF5 files whose metadata HDF5 itself refuses (built with
//! h5py, then patched) are errors, never wrong values through the raw-chunk path.

use crate::common::{python, run_session as run, TempDir};

fn skip() -> bool {
    crate::common::skip_without_python("import numpy, netCDF4, h5py", "numpy, netCDF4 and h5py")
}

#[test]
fn saving_into_an_existing_netcdf_file_keeps_its_other_variables() {
    if skip() {
        return;
    }
    let dir = TempDir::new("save-keep");
    let f = dir.path("k.nc");
    // netCDF-C writes the file: a coordinate with units, a compressed variable, a 2-D one.
    python(&format!(
        r#"
import netCDF4, numpy as np
d = netCDF4.Dataset({f:?}, "w")
d.createDimension("x", 3); d.createDimension("y", 2)
x = d.createVariable("x", "f8", ("x",)); x[:] = [10., 20., 30.]; x.units = "m"
a = d.createVariable("a", "f8", ("x", "y"), zlib=True); a[:] = np.arange(6.).reshape(3, 2)
a.long_name = "alpha"
b = d.createVariable("b", "i4", ("x",)); b[:] = [7, 8, 9]
d.close()
"#
    ));
    // A new variable, and `a` replaced by itself plus 100 (read from the file it replaces).
    let out = run(
        &format!(
            "save({f:?}, \"c\", arange(3.0) * 2, dims=(\"x\",))\nsave({f:?}, \"a\", load({f:?}, \"a\") + 100)\n"
        ),
        2,
    )
    .expect("saves");
    assert_eq!(out, "");
    let got = python(&format!(
        r#"
import netCDF4
d = netCDF4.Dataset({f:?})
print(sorted(d.variables))
print(d["x"][:].tolist(), d["x"].units)
print(d["a"][:].tolist(), d["a"].dimensions, d["a"].long_name)
print(d["b"][:].tolist(), d["b"].dtype)
print(d["c"][:].tolist(), d["c"].dimensions)
"#
    ));
    assert_eq!(
        got,
        "['a', 'b', 'c', 'x']\n\
         [10.0, 20.0, 30.0] m\n\
         [[100.0, 101.0], [102.0, 103.0], [104.0, 105.0]] ('x', 'y') alpha\n\
         [7, 8, 9] int32\n\
         [0.0, 2.0, 4.0] ('x',)\n"
    );
}

#[test]
fn a_save_that_would_lose_something_is_refused_before_writing() {
    if skip() {
        return;
    }
    let dir = TempDir::new("save-refuse");
    let g = dir.path("g.nc");
    let p = dir.path("p.nc");
    python(&format!(
        r#"
import netCDF4, numpy as np
d = netCDF4.Dataset({g:?}, "w"); d.Conventions = "CF-1.8"
d.createDimension("x", 3); d.createVariable("a", "f8", ("x",))[:] = [1., 2., 3.]
d.close()
d = netCDF4.Dataset({p:?}, "w")
d.createDimension("x", 3); v = d.createVariable("t", "i2", ("x",))
v.scale_factor = 0.5; v[:] = [1., 2., 3.]
d.close()
"#
    ));
    let before = (std::fs::read(&g).unwrap(), std::fs::read(&p).unwrap());
    let cases = [
        (&g, "global attributes (Conventions)"),
        (&p, "its variable `t` is stored as int16 and read as float"),
    ];
    for (path, why) in cases {
        let e = run(
            &format!("save({path:?}, \"new\", ones(3), dims=(\"x\",))"),
            2,
        )
        .expect_err("refused");
        assert!(e.contains("E0301") && e.contains(why), "{e}");
    }
    // A dimension of another length than the file's.
    let c = dir.path("c.nc");
    run(&format!("save({c:?}, \"a\", ones(3), dims=(\"x\",))"), 2).expect("saves");
    let e = run(&format!("save({c:?}, \"n\", ones(4), dims=(\"x\",))"), 2).expect_err("refused");
    assert!(e.contains("E0301") && e.contains("dimension `x`"), "{e}");
    assert_eq!(
        (std::fs::read(&g).unwrap(), std::fs::read(&p).unwrap()),
        before,
        "a refused save changed a file"
    );
    // Replacing the only variable is no loss: the file is rewritten.
    run(&format!("save({p:?}, \"t\", arange(3.0))"), 2).expect("replaces");
    let got = python(&format!(
        "import netCDF4; d = netCDF4.Dataset({p:?}); print(list(d.variables), d['t'][:].tolist())"
    ));
    assert_eq!(got, "['t'] [0.0, 1.0, 2.0]\n");
}

#[test]
fn a_failed_split_save_writes_no_part() {
    let dir = TempDir::new("save-split");
    let pat = dir.path("part-{}.nc");
    // The last part needs a singular solve: the run fails after the first parts are written.
    let e = run(
        &format!(
            "x = concatenate([arange(60.0, chunks=3), solve(zeros((2, 2)), ones(2))])\nsave({pat:?}, \"v\", x, split=3)\n"
        ),
        2,
    )
    .expect_err("the solve fails");
    assert!(e.contains("singular matrix"), "{e}");
    let left: Vec<_> = std::fs::read_dir(&dir.0).unwrap().flatten().collect();
    assert!(left.is_empty(), "{left:?}");
    // The same save without the failure writes every part.
    run(
        &format!("save({pat:?}, \"v\", arange(62.0, chunks=3), dims=(\"time\",), split=3)"),
        2,
    )
    .expect("saves");
    let n = std::fs::read_dir(&dir.0).unwrap().count();
    assert_eq!(n, 21);
    let total = run(
        &format!("load({:?}, \"v\").sum()", dir.path("part-*.nc")),
        2,
    )
    .unwrap();
    assert_eq!(total, "1891.0\n");
}

/// Files h5py writes, then patched the way the fuzzing of issue 15 found them: HDF5 refuses
/// their metadata, so arrlang must fail (or read HDF5's values), never read other values.
#[test]
fn hdf5_files_with_corrupt_metadata_are_errors_not_wrong_values() {
    if skip() {
        return;
    }
    let dir = TempDir::new("corrupt-h5");
    let d = dir.0.display().to_string();
    // Each case: (file, what h5py says when reading it, or the values it reads).
    let report = python(&format!(
        r#"
import h5py, numpy as np, struct, os
d = {d:?}
def write(name, **kw):
    p = os.path.join(d, name)
    with h5py.File(p, "w") as f:
        f.create_dataset("v", data=np.arange(7 * 13, dtype="f8").reshape(7, 13), **kw)
    return p
def patch(p, old, new):
    b = bytearray(open(p, "rb").read())
    k = b.find(old)
    assert k >= 0 and b.find(old, k + 1) < 0, (p, k)
    b[k:k + len(old)] = new
    open(p, "wb").write(bytes(b))
# 1, 2: a dataspace larger than its maximum (contiguous; compressed chunks).
for name, kw in [("space.h5", dict()), ("space_z.h5", dict(chunks=(7, 13), compression="gzip", shuffle=True))]:
    p = write(name, maxshape=(7, 13), **kw)
    patch(p, struct.pack("<QQQQ", 7, 13, 7, 13), struct.pack("<QQQQ", 7, 9220, 7, 13))
# 3: a chunk whose key gives an offset that is no chunk's.
p = write("offset.h5", chunks=(4, 13), compression="gzip")
with h5py.File(p, "r") as f:
    info = f["v"].id.get_chunk_info(1)
key = struct.pack("<IIQQQ", info.size, info.filter_mask, 4, 0, 0)
patch(p, key, struct.pack("<IIQQQ", info.size, info.filter_mask, 3, 0, 0))
for name in ["space.h5", "space_z.h5", "offset.h5"]:
    try:
        with h5py.File(os.path.join(d, name), "r") as f:
            v = f["v"][()]
        print(name, "reads", float(v.sum()))
    except Exception as e:
        print(name, "error")
"#
    ));
    for line in report.lines() {
        let mut w = line.split_whitespace();
        let (name, what) = (w.next().unwrap(), w.next().unwrap());
        let got = run(&format!("load({:?}, \"v\").sum()", dir.path(name)), 2);
        match what {
            "error" => assert!(
                got.is_err(),
                "{name}: h5py refuses it, arrlang read {got:?}"
            ),
            _ => {
                let want: f64 = w.next().unwrap().parse().unwrap();
                if let Ok(t) = &got {
                    let v: f64 = t.trim().parse().unwrap();
                    assert_eq!(v, want, "{name}");
                }
            }
        }
    }
    assert_eq!(report.lines().count(), 3, "{report}");
}
