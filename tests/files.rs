//! File reading end to end: which reads the optimized graph makes for netCDF slices (each
//! stored chunk decoded once per group, narrowed reads shared by tiles), and run-time
//! decode failures reported as errors naming the file.

use arrlang::graph::TaskKind;
use arrlang::session::{Options, Session};

fn session() -> Session {
    Session::new(Options {
        threads: 2,
        ..Options::default()
    })
}

/// Shapes of the file reads of the optimized graph of `src`, sorted.
fn reads(src: &str) -> Vec<Vec<usize>> {
    let mut s = Session::new(Options {
        threads: 1,
        ..Options::default()
    });
    s.exec(src).expect("valid program");
    let g = s.graph();
    let mut out: Vec<Vec<usize>> =
        g.g.node_indices()
            .filter(|&n| matches!(g.g[n].kind, TaskKind::Load { .. }))
            .map(|n| g.g[n].shape.clone())
            .collect();
    out.sort();
    out
}

const GLOB: &str = "x = load(\"tests/data/nc4-day*.nc\", \"t2m\", chunks=(4, 5, 7))\n";

#[test]
fn user_chunks_that_cut_stored_chunks_read_whole_fields_once() {
    // Stored chunks are (1, 19, 36): 6 reads of 4 whole fields feed the 6 x 4 x 6 blocks.
    assert_eq!(reads(&format!("{GLOB}x.mean(0)")), vec![vec![4, 19, 36]; 6]);
}

#[test]
fn strided_and_integer_slices_read_only_their_fields() {
    // x[::4]: one field of each group, shared by all its tiles.
    assert_eq!(
        reads(&format!("{GLOB}x[::4].mean(0)")),
        vec![vec![1, 19, 36]; 6]
    );
    // x[17]: one field of one file.
    assert_eq!(reads(&format!("{GLOB}x[17]")), vec![vec![1, 19, 36]]);
    // Both in one program: x[2::4] and x[::4] read different fields.
    assert_eq!(
        reads(&format!("{GLOB}x[::4].mean(0) - x[2::4].mean(0)")),
        vec![vec![1, 19, 36]; 12]
    );
}

#[test]
fn a_stored_chunk_that_does_not_decode_is_an_error_naming_the_file() {
    let mut s = session();
    s.run("b = load(\"tests/data/bad/badchunk.nc\", \"t2m\")")
        .expect("opening works: the header is intact");
    // Field 0 is intact and reads; field 1's stored chunk is overwritten.
    assert_eq!(
        s.run("b[0].sum()").expect("intact chunk").trim(),
        "719400.0"
    );
    let err = s.run("b[1].sum()").expect_err("corrupt chunk");
    let msg = err.diagnostics[0].headline();
    assert!(
        msg.contains("tests/data/bad/badchunk.nc")
            && msg.contains("t2m")
            && msg.contains("corrupt"),
        "{msg}"
    );
    // The session survives and reads on.
    assert_eq!(
        s.run("b[0, 0, :3]").expect("still usable").trim(),
        "array([0., 1., 2.], dtype=float32)"
    );
}
