//! Every script under `examples/` runs without error. The climate pair runs at a small size:
//! `make_climate.arr` writes 2 days of files into a temporary folder, `climate.arr` reads them.

use arrlang::session::{Options, Session};

#[test]
fn examples_run() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let tmp = std::env::temp_dir().join(format!("arrlang-examples-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).expect("tmp dir");
    let mut scripts: Vec<_> = std::fs::read_dir(&dir)
        .expect("examples dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "arr"))
        .collect();
    // Writers before readers: make_climate.arr makes the files climate.arr loads.
    scripts.sort_by_key(|p| {
        let name = p
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        (!name.starts_with("make_"), name)
    });
    for p in scripts {
        let src = std::fs::read_to_string(&p).expect("read");
        // Examples write files relative to the working directory: run them in a temp dir,
        // and the climate pair on 2 days (8 fields) instead of a season.
        let src = src
            .replace("\"out/", &format!("\"{}/", tmp.display()))
            .replace("\"data/", &format!("\"{}/", tmp.display()))
            .replace("days = 90", "days = 2")
            .replace("x[300]", "x[5]");
        let mut s = Session::new(Options::default());
        if let Err(f) = s.run(&src) {
            panic!(
                "{} failed:\n{}",
                p.display(),
                f.render(&p.display().to_string(), &src, false)
            );
        }
    }
    let _ = std::fs::remove_dir_all(&tmp);
}

/// README's lists name every builtin of the registry (in code spans), so a new function is
/// documented where users look for it as well as in `:help` (whose examples a unit test runs).
#[test]
fn readme_lists_every_builtin() {
    let readme =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
            .expect("README.md");
    let mut words = std::collections::HashSet::new();
    for (k, span) in readme.split('`').enumerate() {
        if k % 2 == 1 {
            words.extend(
                span.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .filter(|w| !w.is_empty()),
            );
        }
    }
    let missing: Vec<&str> = arrlang::expr::functions::all()
        .map(|(_, f)| f.name)
        .filter(|n| !words.contains(n))
        .collect();
    assert!(missing.is_empty(), "README does not list {missing:?}");
}
