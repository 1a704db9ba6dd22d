//! Every ```rust block of the README, built and run as the program it claims to be, in a
//! scratch crate (trybuild's project) that has `specs/order.fsm` where a user's crate would;
//! and the store's misuse that must not compile (`tests/ui/`), in the same project.
//!
//! It lives in this crate because this crate sees every public one: the blocks use the
//! derive (`order-fsm`) and the store. trybuild builds its project in the target directory;
//! to hold whatever target directory the suite is built in (`CARGO_TARGET_DIR`), it is
//! always the workspace's `target/`, as for the UI tests of `order-fsm`.

use std::path::{Path, PathBuf};

#[test]
fn readme_rust_blocks_build_and_run() {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the crate sits in the workspace");
    let target = workspace.join("target");
    // trybuild asks `cargo metadata` for the target directory, which reads this variable.
    // It is set only when it points elsewhere: this test shares its process with the crate's
    // other tests, and changing the environment while they run is best avoided.
    if std::env::var_os("CARGO_TARGET_DIR").is_some_and(|d| Path::new(&d) != target) {
        std::env::set_var("CARGO_TARGET_DIR", &target);
    }
    let cases = readme_blocks(workspace, &target);
    let t = trybuild::TestCases::new();
    for case in &cases {
        t.pass(case);
    }
    // Misuse that must not compile, in the same project (one build for all).
    t.compile_fail(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ui/*.rs"));
}

/// Write each ```rust block of the README to its own file and put the spec the blocks name
/// where a user's crate would have it.
fn readme_blocks(workspace: &Path, target: &Path) -> Vec<PathBuf> {
    let readme = std::fs::read_to_string(workspace.join("README.md")).expect("README.md");
    let blocks: Vec<(usize, String)> = order_fsm_testing::markdown_blocks(&readme)
        .unwrap_or_else(|e| panic!("README.md: {e}"))
        .into_iter()
        .filter(|b| b.info.starts_with("rust"))
        .map(|b| (b.line, b.text))
        .collect();
    assert!(
        blocks.len() >= 2,
        "the README shows the derive and the store as ```rust blocks"
    );
    let project_specs = target.join("tests/trybuild/order-fsm-store/specs");
    std::fs::create_dir_all(&project_specs).expect("trybuild project folder");
    std::fs::copy(
        workspace.join("specs/order.fsm"),
        project_specs.join("order.fsm"),
    )
    .expect("copy specs/order.fsm");
    // The specs the misuse cases derive from.
    let ui_specs = workspace.join("order-fsm-store/tests/ui/specs");
    for entry in std::fs::read_dir(&ui_specs).expect("tests/ui/specs") {
        let path = entry.expect("a spec").path();
        let name = path.file_name().expect("a file name");
        std::fs::copy(&path, project_specs.join(name)).expect("copy a spec of tests/ui");
    }
    let dir = target.join("tests/readme");
    std::fs::create_dir_all(&dir).expect("README cases folder");
    blocks
        .iter()
        .map(|(line, code)| {
            assert!(
                code.contains("fn main"),
                "README.md:{line}: a ```rust block must be a whole program with `fn main`"
            );
            let path = dir.join(format!("readme_line_{line}.rs"));
            std::fs::write(&path, code).expect("write README case");
            path
        })
        .collect()
}
