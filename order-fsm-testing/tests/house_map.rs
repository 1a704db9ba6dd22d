//! ARCHITECTURE.md and CONTRIBUTING.md name the files a newcomer should open: every one of
//! them must exist, so that the map is never older than the house.

use std::path::Path;

use order_fsm_testing::workspace_root;

/// What a page names in backticks or in a Markdown link that is a path: a path from the
/// workspace root (`order-fsm-core/src/lower.rs`, `docs/store.md`, `.ci/run`), or a file name
/// of a known kind (`lower.rs`). A `<placeholder>` part ends the path where it starts.
fn named_paths(page: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = page;
    // `code spans`
    while let Some(a) = rest.find('`') {
        let after = &rest[a + 1..];
        let Some(b) = after.find('`') else { break };
        out.push(after[..b].to_string());
        rest = &after[b + 1..];
    }
    // [text](target)
    let mut rest = page;
    while let Some(a) = rest.find("](") {
        let after = &rest[a + 2..];
        let Some(b) = after.find(')') else { break };
        out.push(after[..b].to_string());
        rest = &after[b + 1..];
    }
    out.into_iter()
        .filter_map(|t| {
            let t = t.trim();
            // Not paths: code, anchors, and a bare extension (`.fsm`).
            if t.contains(char::is_whitespace)
                || t.contains("::")
                || t.starts_with('#')
                || (t.starts_with('.') && !t.contains('/'))
            {
                return None;
            }
            // Up to the first part that is a placeholder.
            let parts: Vec<&str> = t
                .trim_end_matches('/')
                .split('/')
                .take_while(|p| !p.contains('<'))
                .collect();
            let path = parts.join("/");
            let rooted = [
                "order-fsm",
                "docs/",
                "specs/",
                ".ci/",
                "tests-browser/",
                "examples/",
            ]
            .iter()
            .any(|p| path.starts_with(p))
                && (path.contains('/') || t.ends_with('/'));
            let file = ["rs", "md", "pest", "fsm", "sql", "toml", "sh", "mjs"]
                .iter()
                .any(|e| path.ends_with(&format!(".{e}")));
            (rooted || file).then_some(path)
        })
        .collect()
}

/// The named paths that do not exist. A path from the root must exist as written; any other
/// (`lower.rs`, `tests/main.rs`, `valid/*.fsm`) must be the end of some file's path in the
/// workspace, where `*` stands for any part of one name.
fn missing(root: &Path, page: &str) -> Vec<String> {
    let mut files = Vec::new();
    collect_files(root, root, &mut files);
    named_paths(page)
        .into_iter()
        .filter(|p| {
            if root.join(p).exists() {
                return false;
            }
            let rooted = p.contains('/') && root.join(p.split('/').next().unwrap_or("")).is_dir();
            rooted || !files.iter().any(|f| ends_with(f, p))
        })
        .collect()
}

/// Whether the path `file` ends with the parts of `pattern`, `*` matching within a part.
fn ends_with(file: &str, pattern: &str) -> bool {
    let f: Vec<&str> = file.split('/').collect();
    let p: Vec<&str> = pattern.split('/').collect();
    p.len() <= f.len()
        && f[f.len() - p.len()..]
            .iter()
            .zip(&p)
            .all(|(a, b)| matches(a, b))
}

/// `*` in `pattern` matches any run of characters of `name`.
fn matches(name: &str, pattern: &str) -> bool {
    match pattern.split_once('*') {
        None => name == pattern,
        Some((head, tail)) => {
            name.starts_with(head)
                && (0..=name.len() - head.len()).any(|i| {
                    name.is_char_boundary(head.len() + i) && matches(&name[head.len() + i..], tail)
                })
        }
    }
}

/// Every file below `dir`, as a path from `root` with `/` between its parts.
fn collect_files(root: &Path, dir: &Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name == "target" || name == ".git" || name == "node_modules" {
            continue;
        }
        let path = e.path();
        if path.is_dir() {
            collect_files(root, &path, out);
        } else if let Ok(rel) = path.strip_prefix(root) {
            let parts: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            out.push(parts.join("/"));
        }
    }
}

#[test]
fn every_path_the_architecture_and_contributing_pages_name_exists() {
    let root = workspace_root();
    for page in ["ARCHITECTURE.md", "CONTRIBUTING.md"] {
        let text =
            std::fs::read_to_string(root.join(page)).unwrap_or_else(|e| panic!("{page}: {e}"));
        let named = named_paths(&text);
        assert!(named.len() > 20, "{page} names only {} paths", named.len());
        let gone = missing(&root, &text);
        assert!(
            gone.is_empty(),
            "{page} names paths that do not exist: {gone:?}"
        );
    }
}

#[test]
fn a_path_that_does_not_exist_is_found() {
    let root = workspace_root();
    let page = "See `order-fsm-core/src/nowhere.rs`, [this](docs/gone.md), `missing_file.rs`, \
                `order-fsm-core/src/checks/mod.rs`, `err_<CODE>.fsm` and `order-fsm-core/tests/fixtures/invalid/err_<CODE>_<what>.fsm`.";
    assert_eq!(
        missing(&root, page),
        [
            "order-fsm-core/src/nowhere.rs",
            "missing_file.rs",
            "docs/gone.md"
        ]
    );
}
