//! Every script under `examples/` runs without error.

use arrlang::session::{Options, Session};

#[test]
fn examples_run() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let tmp = std::env::temp_dir().join(format!("arrlang-examples-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).expect("tmp dir");
    for e in std::fs::read_dir(&dir).expect("examples dir") {
        let p = e.expect("entry").path();
        if p.extension().is_none_or(|x| x != "arr") {
            continue;
        }
        let src = std::fs::read_to_string(&p).expect("read");
        // Examples write files relative to the working directory: run them in a temp dir.
        let src = src.replace("\"out/", &format!("\"{}/", tmp.display()));
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
