//! Build script: grammar/arrlang.lalrpop -> $OUT_DIR parser (lalrpop).

fn main() {
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    println!("cargo:rerun-if-changed=grammar/arrlang.lalrpop");
    lalrpop::Configuration::new()
        .set_out_dir(out_dir)
        .process_file("grammar/arrlang.lalrpop")
        .expect("lalrpop grammar grammar/arrlang.lalrpop");
}
