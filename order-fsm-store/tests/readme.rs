//! Every ```rust block of the README, built and run as the program it claims to be, in a
//! scratch crate (trybuild's project) that has `specs/order.fsm` where a user's crate would.
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
    std::env::set_var("CARGO_TARGET_DIR", &target);
    let cases = readme_blocks(workspace, &target);
    let t = trybuild::TestCases::new();
    for case in &cases {
        t.pass(case);
    }
}

/// Write each ```rust block of the README to its own file and put the spec the blocks name
/// where a user's crate would have it.
fn readme_blocks(workspace: &Path, target: &Path) -> Vec<PathBuf> {
    let readme = std::fs::read_to_string(workspace.join("README.md")).expect("README.md");
    let blocks = rust_blocks(&readme);
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

/// The ```rust blocks of a Markdown text, with the line each starts on.
fn rust_blocks(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (i, line) in text.lines().enumerate() {
        let fence = line.trim_start();
        match &mut current {
            None if fence.starts_with("```rust") => current = Some((i + 2, String::new())),
            Some(_) if fence.starts_with("```") => out.extend(current.take()),
            Some((_, code)) => {
                code.push_str(line);
                code.push('\n');
            }
            None => {}
        }
    }
    out
}

#[test]
fn rust_blocks_are_found_with_their_lines() {
    let md = "text\n```rust\nfn main() {}\n```\n```sh\nls\n```\n```rust\nlet x = 1;\n```\n";
    assert_eq!(
        rust_blocks(md),
        vec![
            (3, "fn main() {}\n".to_string()),
            (9, "let x = 1;\n".to_string())
        ]
    );
}
