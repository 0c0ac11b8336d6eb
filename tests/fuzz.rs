//! The fuzz targets compile (issue 24, point 12). `cargo fuzz` needs a
//! nightly toolchain to run them, but nothing needs one to check that
//! they still build against the library: a change to an API they use
//! fails here, on stable, in the ordinary test run (`scripts/test`).

use std::path::Path;
use std::process::Command;

#[test]
fn the_fuzz_targets_compile() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // A target folder of its own: the test run holds the main one.
    let target = root.join("target/fuzz-check");
    let o = Command::new(env!("CARGO"))
        .args(["check", "--bins", "--locked", "--quiet", "--manifest-path"])
        .arg(root.join("fuzz/Cargo.toml"))
        .env("CARGO_TARGET_DIR", &target)
        .output()
        .expect("cargo runs");
    assert!(
        o.status.success(),
        "the fuzz targets do not compile:\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
}
