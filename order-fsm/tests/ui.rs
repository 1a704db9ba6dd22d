//! Compile-fail cases, few and focused.
//!
//! trybuild builds each case in its own project under `<target>/tests/trybuild/order-fsm/`
//! and sets `CARGO_MANIFEST_DIR` to that directory (trybuild #202), so the spec paths in the
//! cases are written relative to it: four levels up is the workspace root. That holds when
//! `<target>` is the workspace's `target/`, so the cases are always built there, whatever
//! target directory (`CARGO_TARGET_DIR`) the suite itself is built in.

use std::path::Path;

#[test]
fn ui() {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the crate sits in the workspace");
    let target = workspace.join("target");
    // trybuild asks `cargo metadata` for the target directory, which reads this variable.
    std::env::set_var("CARGO_TARGET_DIR", &target);

    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}
