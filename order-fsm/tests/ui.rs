//! Compile-fail cases, few and focused.
//!
//! trybuild builds each case in its own project under `target/tests/trybuild/order-fsm/`
//! and sets `CARGO_MANIFEST_DIR` to that directory (trybuild #202), so the spec paths in the
//! cases are written relative to it: four levels up is the workspace root. This assumes the
//! default target directory.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}
