//! Compile-fail cases, few and focused, and every ```rust block of the README built and run
//! as the program it claims to be.
//!
//! trybuild builds each case in its own project under `<target>/tests/trybuild/order-fsm/`
//! and sets `CARGO_MANIFEST_DIR` to that directory (trybuild #202), so the spec paths in the
//! cases are written relative to it: four levels up is the workspace root. That holds when
//! `<target>` is the workspace's `target/`, so the cases are always built there, whatever
//! target directory (`CARGO_TARGET_DIR`) the suite itself is built in. The README's blocks
//! name `specs/order.fsm` as a user's crate would; the spec is copied to that place in the
//! project folder.

use std::path::{Path, PathBuf};

#[test]
fn ui() {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the crate sits in the workspace");
    let target = workspace.join("target");
    // trybuild asks `cargo metadata` for the target directory, which reads this variable.
    std::env::set_var("CARGO_TARGET_DIR", &target);

    let readme_cases = readme_blocks(workspace, &target);
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
    for case in &readme_cases {
        t.pass(case);
    }
}

/// Write each ```rust block of the README to its own file and put the spec it names where a
/// user's crate would have it.
fn readme_blocks(workspace: &Path, target: &Path) -> Vec<PathBuf> {
    let readme = std::fs::read_to_string(workspace.join("README.md")).expect("README.md");
    let blocks = rust_blocks(&readme);
    assert!(
        !blocks.is_empty(),
        "the README shows no ```rust block to build"
    );
    let project_specs = target.join("tests/trybuild/order-fsm/specs");
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
