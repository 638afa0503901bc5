//! Object stores: `save`/`load`/`vars` on `s3://` against moto's S3 server, which the test
//! starts on 127.0.0.1 (stores arrlang writes are listed with boto3 and read by zarr-python
//! and xarray; stores zarr-python and xarray write are uploaded and read by arrlang), a
//! failed save that leaves no metadata behind, and reads over HTTP from python's
//! http.server serving a store directory. arrlang runs as a child process with the AWS
//! variables set for it alone. Skipped (with the reason) when moto's server cannot start
//! (`run-tests.sh` installs `moto[server]`).

use crate::common::{python, TempDir};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// A server child process, killed when dropped.
struct Server {
    child: Child,
    port: u16,
    log: std::path::PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// Starts `python3 args...` (with `{port}` in them replaced) and waits until it accepts
/// connections; None (with the reason printed) if it does not within 60 s.
fn start(args: &[&str], log: std::path::PathBuf) -> Option<Server> {
    let port = free_port();
    let args: Vec<String> = args
        .iter()
        .map(|a| a.replace("{port}", &port.to_string()))
        .collect();
    let file = std::fs::File::create(&log).ok()?;
    let child = Command::new("python3")
        .args(&args)
        .stdout(Stdio::null())
        .stderr(file)
        .spawn();
    let Ok(child) = child else {
        eprintln!("skipped: cannot run python3 {args:?}");
        return None;
    };
    let mut s = Server { child, port, log };
    let t = Instant::now();
    while t.elapsed() < Duration::from_secs(60) {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Some(s);
        }
        if let Ok(Some(status)) = s.child.try_wait() {
            eprintln!(
                "skipped: python3 {args:?} exited ({status}): {}",
                std::fs::read_to_string(&s.log).unwrap_or_default()
            );
            return None;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    eprintln!("skipped: python3 {args:?} did not start listening in 60 s");
    None
}

/// moto's S3 server with bucket `arr` created.
fn moto(dir: &TempDir) -> Option<Server> {
    let ok = Command::new("python3")
        .args([
            "-c",
            "import moto.server, flask, boto3, numpy, zarr, xarray",
        ])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !ok {
        eprintln!("skipped: python3 lacks moto[server] (or boto3, numpy, zarr, xarray)");
        return None;
    }
    let s = start(
        &["-m", "moto.server", "-H", "127.0.0.1", "-p", "{port}"],
        dir.0.join("moto.log"),
    )?;
    boto(&s, "s3.create_bucket(Bucket='arr')");
    Some(s)
}

/// Runs python with a boto3 client `s3` of the server.
fn boto(s: &Server, body: &str) -> String {
    python(&format!(
        "import boto3, os, io, json\n\
         s3 = boto3.client('s3', endpoint_url='http://127.0.0.1:{}', aws_access_key_id='testing', \
         aws_secret_access_key='testing', region_name='us-east-1')\n{body}\n",
        s.port
    ))
}

fn aws_env(s: &Server) -> Vec<(&'static str, String)> {
    vec![
        ("AWS_ENDPOINT_URL", format!("http://127.0.0.1:{}", s.port)),
        ("AWS_ACCESS_KEY_ID", "testing".into()),
        ("AWS_SECRET_ACCESS_KEY", "testing".into()),
        ("AWS_REGION", "us-east-1".into()),
    ]
}

/// Runs arrlang on `src` with the environment `env`.
fn arrlang(src: &str, env: &[(&str, String)]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_arrlang"));
    c.args(["--no-progress", "--threads", "2", "-e", src]);
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().expect("arrlang runs")
}

fn ok(o: &Output) -> String {
    assert!(
        o.status.success(),
        "arrlang failed:\n{}\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Python that downloads every object under `prefix/` of bucket `arr` into `dest`.
fn download(prefix: &str, dest: &str) -> String {
    format!(
        "keys = [o['Key'] for p in s3.get_paginator('list_objects_v2').paginate(Bucket='arr', Prefix='{prefix}/') for o in p.get('Contents', [])]\n\
         for k in keys:\n\
         \x20   f = os.path.join('{dest}', k[len('{prefix}/'):])\n\
         \x20   os.makedirs(os.path.dirname(f), exist_ok=True)\n\
         \x20   s3.download_file('arr', k, f)\n"
    )
}

/// Python that uploads the directory `src` under `prefix/` of bucket `arr`.
fn upload(src: &str, prefix: &str) -> String {
    format!(
        "for root, _, files in os.walk('{src}'):\n\
         \x20   for f in files:\n\
         \x20       p = os.path.join(root, f)\n\
         \x20       s3.upload_file(p, 'arr', '{prefix}/' + os.path.relpath(p, '{src}'))\n"
    )
}

#[test]
fn s3_saved_store_is_read_by_zarr_python_xarray_and_arrlang() {
    let dir = TempDir::new("s3-save");
    let Some(s) = moto(&dir) else { return };
    let env = aws_env(&s);
    let src = r#"
x = arange(6 * 7 * 9, dtype=float32, chunks=100).reshape((6, 7, 9)).rechunk(((4, 2), (3, 4), (5, 4)))
t2m = sin(x / 10.0) * 20 + 273.15
save("s3://arr/runs/out.zarr", "t2m", t2m, dims=("time", "lat", "lon"), attrs=(("units", "K"), ("_FillValue", -9999.0)))
save("s3://arr/runs/out.zarr", "lat", linspace(-90, 90, 7, chunks=3), dims=("lat",))
"#;
    ok(&arrlang(src, &env));
    let local = dir.path("copy.zarr");
    boto(
        &s,
        &format!(
            "{}\n\
             root = json.load(open('{local}/zarr.json'))\n\
             assert set(root['consolidated_metadata']['metadata']) == {{'t2m', 'lat'}}, root\n\
             import numpy as np, zarr, xarray as xr\n\
             x = np.arange(6 * 7 * 9, dtype='f4').reshape((6, 7, 9))\n\
             t2m = (np.sin(x / np.float32(10.0)) * 20 + np.float32(273.15)).astype('f4')\n\
             a = zarr.open_group('{local}', mode='r')['t2m']\n\
             assert a.chunks == (4, 4, 5), a.chunks\n\
             np.testing.assert_allclose(a[:], t2m, rtol=1e-6)\n\
             d = xr.open_zarr('{local}', chunks=None)\n\
             assert d['t2m'].dims == ('time', 'lat', 'lon') and d['t2m'].attrs['units'] == 'K'\n\
             assert d['t2m'].encoding['_FillValue'] == -9999.0, d['t2m'].encoding\n\
             np.testing.assert_allclose(d['t2m'].values, t2m, rtol=1e-6)\n\
             np.testing.assert_array_equal(d['lat'].values, np.linspace(-90, 90, 7))\n",
            download("runs/out.zarr", &local)
        ),
    );
    // arrlang reads its own store back from the bucket, coordinates included.
    let out = ok(&arrlang(
        r#"y = load("s3://arr/runs/out.zarr", "t2m", chunks=(4, 4, 5))
x = arange(6 * 7 * 9, dtype=float32).reshape((6, 7, 9))
print((abs(y - (sin(x / 10.0) * 20 + 273.15)) < 1e-4).all())
print(y.dims)
print(y.lat[-1])
vars("s3://arr/runs/out.zarr")"#,
        &env,
    ));
    assert!(
        out.starts_with("True\n('time', 'lat', 'lon')\n90.0\n"),
        "{out}"
    );
    assert!(out.contains("t2m") && out.contains("2 variables"), "{out}");
    // Saving again replaces the store: the old array is gone.
    ok(&arrlang(
        r#"save("s3://arr/runs/out.zarr", "y", ones((2, 3)))"#,
        &env,
    ));
    let out = ok(&arrlang(r#"vars("s3://arr/runs/out.zarr")"#, &env));
    assert!(out.contains("1 variable") && !out.contains("t2m"), "{out}");
}

#[test]
fn s3_reads_stores_zarr_python_and_xarray_wrote() {
    let dir = TempDir::new("s3-read");
    let Some(s) = moto(&dir) else { return };
    let env = aws_env(&s);
    let (v2, v3, xr) = (
        dir.path("v2.zarr"),
        dir.path("v3.zarr"),
        dir.path("xr.zarr"),
    );
    let want = dir.path("want.npy");
    boto(
        &s,
        &format!(
            "import numpy as np, zarr, xarray as xr\n\
             from zarr.codecs import BloscCodec\n\
             a = (np.arange(5 * 8, dtype='f8').reshape((5, 8)) / 7) ** 2\n\
             a[1, 2] = -1.0\n\
             np.save('{want}', np.where(a == -1.0, np.nan, a))\n\
             g = zarr.open_group('{v2}', mode='w', zarr_format=2)\n\
             z = g.create_array('b', shape=a.shape, chunks=(2, 3), dtype='f8', fill_value=-1.0)\n\
             z[:] = a\n\
             zarr.consolidate_metadata('{v2}')\n\
             g = zarr.open_group('{v3}', mode='w', zarr_format=3)\n\
             z = g.create_array('g/b', shape=a.shape, chunks=(2, 3), dtype='f8', compressors=BloscCodec(cname='zstd'))\n\
             z[:] = np.where(a == -1.0, np.nan, a)\n\
             zarr.consolidate_metadata('{v3}')\n\
             ds = xr.Dataset({{'b': (('y', 'x'), np.where(a == -1.0, -9999.0, a), {{'_FillValue': -9999.0}})}}, coords={{'x': np.arange(8) * 0.5}})\n\
             ds.to_zarr('{xr}', mode='w', zarr_format=3, consolidated=True)\n\
             {}{}{}",
            upload(&v2, "in/v2.zarr"),
            upload(&v3, "in/v3.zarr"),
            upload(&xr, "in/xr.zarr"),
        ),
    );
    for (store, var) in [("v2", "b"), ("v3", "g/b"), ("xr", "b")] {
        let out = ok(&arrlang(
            &format!(
                r#"x = load("s3://arr/in/{store}.zarr", "{var}", chunks=(3, 5))
r = load("{want}")
print(((abs(x - r) <= 1e-12 * abs(r)) | (isnan(x) & isnan(r))).all())
print(isnan(x).sum())
vars("s3://arr/in/{store}.zarr")"#
            ),
            &env,
        ));
        assert!(out.starts_with("True\n1\n"), "{store}: {out}");
        assert!(out.contains(var), "{store}: {out}");
    }
    let out = ok(&arrlang(
        r#"print(load("s3://arr/in/xr.zarr", "b").x[-1])"#,
        &env,
    ));
    assert_eq!(out, "3.5\n");
    // A missing array names those the store has.
    let o = arrlang(r#"load("s3://arr/in/v3.zarr", "nope")"#, &env);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success() && err.contains("g/b"), "{err}");
}

#[test]
fn failed_s3_save_leaves_no_metadata() {
    let dir = TempDir::new("s3-fail");
    let Some(s) = moto(&dir) else { return };
    let env = aws_env(&s);
    ok(&arrlang(
        r#"save("s3://arr/f/out.zarr", "old", arange(10.0))"#,
        &env,
    ));
    // A local store with one corrupt chunk: the plan is made, and decoding that chunk
    // fails mid-run, after other chunks went to the bucket.
    let input = dir.path("in.zarr");
    ok(&arrlang(
        &format!(r#"save("{input}", "a", arange(100000.0, chunks=10000))"#),
        &[],
    ));
    std::fs::write(dir.0.join("in.zarr/a/c/7"), b"garbage").unwrap();
    let o = arrlang(
        &format!(r#"save("s3://arr/f/out.zarr", "a", load("{input}", "a", chunks=10000) * 2)"#),
        &env,
    );
    assert!(
        !o.status.success(),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    let keys = boto(
        &s,
        "print(sorted(o['Key'] for o in s3.list_objects_v2(Bucket='arr', Prefix='f/').get('Contents', [])))",
    );
    assert!(!keys.contains("zarr.json"), "metadata left: {keys}");
    assert!(!keys.contains("out.zarr/a/c/"), "chunks left: {keys}");
    let o = arrlang(r#"load("s3://arr/f/out.zarr", "a")"#, &env);
    assert!(!o.status.success());
    // Not a Zarr store under the path: refused before anything is written.
    boto(
        &s,
        "s3.put_object(Bucket='arr', Key='mine/notes.txt', Body=b'mine')",
    );
    let o = arrlang(r#"save("s3://arr/mine", "x", ones(3))"#, &env);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        !o.status.success() && err.contains("not a Zarr store"),
        "{err}"
    );
}

#[test]
fn http_store_is_read_with_its_consolidated_metadata() {
    let dir = TempDir::new("http-read");
    let ok_py = Command::new("python3")
        .args(["-c", "import http.server"])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !ok_py {
        eprintln!("skipped: no python3");
        return;
    }
    let z = dir.path("www/era.zarr");
    std::fs::create_dir_all(dir.0.join("www")).unwrap();
    ok(&arrlang(
        &format!(
            r#"save("{z}", "t2m", arange(4 * 6.0, chunks=5).reshape((4, 6)), dims=("time", "lon"))
save("{z}", "lon", arange(6.0) * 60, dims=("lon",))"#
        ),
        &[],
    ));
    let www = dir.path("www");
    let Some(s) = start(
        &[
            "-m",
            "http.server",
            "--bind",
            "127.0.0.1",
            "--directory",
            &www,
            "{port}",
        ],
        dir.0.join("http.log"),
    ) else {
        return;
    };
    let url = format!("http://127.0.0.1:{}/era.zarr", s.port);
    let out = ok(&arrlang(
        &format!(
            r#"x = load("{url}", "t2m", chunks=(2, 3))
print(x.sum())
print(x.lon[-1])
vars("{url}")"#
        ),
        &[],
    ));
    assert!(out.starts_with("276.0\n300.0\n"), "{out}");
    assert!(out.contains("t2m") && out.contains("lon"), "{out}");
    // Metadata came from the root's consolidated metadata: no array's own zarr.json read.
    let log = std::fs::read_to_string(&s.log).unwrap();
    assert!(log.contains("GET /era.zarr/zarr.json"), "{log}");
    assert!(!log.contains("GET /era.zarr/t2m/zarr.json"), "{log}");
    // HTTP stores are read-only.
    let o = arrlang(&format!(r#"save("{url}", "y", ones(3))"#), &[]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success() && err.contains("read-only"), "{err}");
}

/// Runs arrlang on `src` with no AWS variable at all: only `storage_options=` can say
/// where the store is and who asks.
fn arrlang_without_aws(src: &str) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_arrlang"));
    c.args(["--no-progress", "--threads", "2", "-e", src]);
    for (k, _) in std::env::vars() {
        if k.starts_with("AWS_") {
            c.env_remove(k);
        }
    }
    c.output().expect("arrlang runs")
}

/// `storage_options=` as fsspec (and xarray) spell them: the endpoint, credentials and
/// region of a save and a load, `client_kwargs`, and the errors of a misspelt option or
/// options for a local path. (`anon` is not tried here: moto refuses unsigned requests to
/// a private bucket.)
#[test]
fn storage_options_reach_the_store() {
    let dir = TempDir::new("s3-options");
    let Some(s) = moto(&dir) else { return };
    let url = format!("http://127.0.0.1:{}", s.port);
    ok(&arrlang_without_aws(&format!(
        r#"o = (("endpoint_url", "{url}"), ("key", "testing"), ("secret", "testing"), ("region_name", "us-east-1"))
save("s3://arr/opt/out.zarr", "t", arange(12.0, chunks=5).reshape((3, 4)) * 1.5, storage_options=o)"#
    )));
    let local = dir.path("copy.zarr");
    boto(
        &s,
        &format!(
            "{}\n\
             import numpy as np, zarr\n\
             a = zarr.open_group('{local}', mode='r')['t']\n\
             np.testing.assert_array_equal(a[:], np.arange(12.0).reshape((3, 4)) * 1.5)\n",
            download("opt/out.zarr", &local)
        ),
    );
    let out = ok(&arrlang_without_aws(&format!(
        r#"x = load("s3://arr/opt/out.zarr", "t", storage_options=(("endpoint_url", "{url}"), ("key", "testing"), ("secret", "testing")))
print(x.sum(), x[2, 3])
y = load("s3://arr/opt/out.zarr", "t", storage_options=(("endpoint_url", "{url}"), ("key", "testing"), ("secret", "testing"), ("client_kwargs", (("region_name", "us-east-1"),))))
print((y == x).all())"#
    )));
    assert_eq!(out, "99.0 16.5\nTrue\n");
    let o = arrlang_without_aws(&format!(
        r#"load("s3://arr/opt/out.zarr", "t", storage_options=(("endpoint", "{url}"),))"#
    ));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        !o.status.success()
            && err.contains("unknown storage option `endpoint`")
            && err.contains("endpoint_url"),
        "{err}"
    );
    let o = arrlang_without_aws(&format!(
        r#"save("{}", "t", ones(3), storage_options=(("anon", True),))"#,
        dir.path("local.zarr")
    ));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success() && err.contains("stores on S3"), "{err}");
}

/// A read the server refuses is an access error naming the store's URL and the status,
/// not a store without the variable: moto answers unsigned requests (`anon`) to its
/// private bucket with 403.
#[test]
fn refused_s3_read_is_an_access_error() {
    let dir = TempDir::new("s3-denied");
    let Some(s) = moto(&dir) else { return };
    ok(&arrlang(
        r#"save("s3://arr/private.zarr", "t", ones(3))"#,
        &aws_env(&s),
    ));
    let url = format!("http://127.0.0.1:{}", s.port);
    let o = arrlang_without_aws(&format!(
        r#"load("s3://arr/private.zarr", "t", storage_options=(("endpoint_url", "{url}"), ("anon", True)))"#
    ));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        !o.status.success()
            && err.contains("`s3://arr/private.zarr`: access denied (HTTP 403 Forbidden)")
            && err.contains("credentials")
            && !err.contains("has no variable"),
        "{err}"
    );
    // The same store with the credentials reads.
    let out = ok(&arrlang(
        r#"print(load("s3://arr/private.zarr", "t").sum())"#,
        &aws_env(&s),
    ));
    assert_eq!(out, "3.0\n");
}
