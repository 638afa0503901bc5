//! Snapshots of rendered diagnostics (colour off) for every `tests/diagnostics/*.arr`: one
//! wrong program per kind of error.

use crate::common::golden_files;
use arrlang::session::{Options, Session};

#[test]
fn diagnostics_render_as_snapshotted() {
    for path in golden_files("tests/diagnostics") {
        let src = std::fs::read_to_string(&path).expect("read");
        let mut s = Session::new(Options {
            threads: 1,
            ..Options::default()
        });
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .to_string();
        let rendered = match s.run(&src) {
            Ok(out) => panic!("{name} should fail but printed:\n{out}"),
            Err(f) => f.render(&name, &src, false),
        };
        insta::assert_snapshot!(name.trim_end_matches(".arr").to_string(), rendered);
    }
}
