//! The core's modules depend on each other one way: no module reaches back, through any
//! chain of `crate::…` paths, to a module that uses it.
//!
//! A top-level module is a file `src/x.rs` or a folder `src/x/` declared in `lib.rs`; a file
//! it pulls in with `include!` is part of it. Its dependencies are the other top-level
//! modules it names in code (`use crate::x…`, `crate::x::…`, `crate::{x, y::…}`, and
//! `$crate::x` in a macro); lines that are comments, doc links included, do not count.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The top-level modules `lib.rs` declares (`mod x;` or `pub mod x;`).
fn declared_modules(lib: &str) -> BTreeSet<String> {
    lib.lines()
        .map(str::trim)
        .filter(|l| !l.starts_with("//"))
        .filter_map(|l| {
            let l = l.strip_prefix("pub ").unwrap_or(l);
            let l = l.strip_prefix("pub(crate) ").unwrap_or(l);
            let name = l.strip_prefix("mod ")?.strip_suffix(';')?;
            Some(name.trim().to_string())
        })
        .collect()
}

/// Every `.rs` file of a folder and the folders below it.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// The text of a module's files with comment lines left out, following `include!("…")`.
fn module_code(src: &Path, module: &str) -> String {
    let mut files = Vec::new();
    let file = src.join(format!("{module}.rs"));
    if file.is_file() {
        files.push(file);
    }
    rust_files(&src.join(module), &mut files);
    let mut code = String::new();
    let mut seen = BTreeSet::new();
    while let Some(f) = files.pop() {
        if !seen.insert(f.clone()) {
            continue;
        }
        let text = std::fs::read_to_string(&f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        for line in text.lines() {
            if line.trim_start().starts_with("//") {
                continue;
            }
            if let Some(rest) = line.split("include!(\"").nth(1) {
                if let (Some(name), Some(dir)) = (rest.split('"').next(), f.parent()) {
                    files.push(dir.join(name));
                }
            }
            code.push_str(line);
            code.push('\n');
        }
    }
    code
}

/// The leading identifier of `s`.
fn ident(s: &str) -> &str {
    let end = s
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(s.len());
    &s[..end]
}

/// The first name of each item of a `{a, b::c, d::{e, f}}` group (`s` starts after `{`).
fn group_heads(s: &str) -> Vec<&str> {
    let mut heads = Vec::new();
    let mut depth = 0usize;
    let mut at_item = true;
    for (i, c) in s.char_indices() {
        if at_item && !c.is_whitespace() {
            heads.push(ident(&s[i..]));
            at_item = false;
        }
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => break,
            '}' => depth -= 1,
            ',' if depth == 0 => at_item = true,
            _ => {}
        }
    }
    heads
}

/// The names that follow `crate::` in `code`.
fn crate_paths(code: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut from = 0;
    while let Some(at) = code[from..].find("crate::") {
        let start = from + at;
        from = start + "crate::".len();
        let before = code[..start].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue; // `my_crate::`
        }
        let rest = code[from..].trim_start();
        match rest.strip_prefix('{') {
            Some(group) => out.extend(group_heads(group).into_iter().map(String::from)),
            None => {
                out.insert(ident(rest).to_string());
            }
        }
    }
    out
}

/// Per module, the other modules it uses.
fn module_graph(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let lib = std::fs::read_to_string(src.join("lib.rs")).expect("lib.rs");
    let modules = declared_modules(&lib);
    modules
        .iter()
        .map(|m| {
            let uses = crate_paths(&module_code(src, m))
                .into_iter()
                .filter(|u| u != m && modules.contains(u))
                .collect();
            (m.clone(), uses)
        })
        .collect()
}

/// One cycle through each group of modules that reach each other, as `a → b → a`.
fn cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<String> {
    let reach = |from: &str| {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from.to_string()];
        while let Some(m) = stack.pop() {
            for u in graph.get(&m).into_iter().flatten() {
                if seen.insert(u.clone()) {
                    stack.push(u.clone());
                }
            }
        }
        seen
    };
    let reaches: BTreeMap<&String, BTreeSet<String>> =
        graph.keys().map(|m| (m, reach(m))).collect();
    let mut reported: BTreeSet<String> = BTreeSet::new();
    let mut out = Vec::new();
    for (m, r) in &reaches {
        if !r.contains(*m) || reported.contains(*m) {
            continue;
        }
        // The group: the modules `m` reaches that reach `m` back.
        let group: BTreeSet<String> = r
            .iter()
            .filter(|o| reaches.get(o).is_some_and(|x| x.contains(*m)))
            .cloned()
            .collect();
        reported.extend(group.iter().cloned());
        // A shortest way from `m` back to itself inside the group.
        let mut parent: BTreeMap<String, String> = BTreeMap::new();
        let mut queue = std::collections::VecDeque::from([(*m).clone()]);
        let mut back = None;
        'search: while let Some(a) = queue.pop_front() {
            for b in graph.get(&a).into_iter().flatten() {
                if b == *m {
                    back = Some(a.clone());
                    break 'search;
                }
                if group.contains(b) && !parent.contains_key(b) {
                    parent.insert(b.clone(), a.clone());
                    queue.push_back(b.clone());
                }
            }
        }
        let mut chain = Vec::new();
        let mut at = back;
        while let Some(a) = at.filter(|a| a != *m) {
            at = parent.get(&a).cloned();
            chain.push(a);
        }
        chain.reverse();
        let mut path = vec![(*m).clone()];
        path.extend(chain);
        path.push((*m).clone());
        out.push(path.join(" → "));
    }
    out
}

#[test]
fn core_modules_have_no_import_cycle() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let graph = module_graph(&src);
    assert!(
        graph.values().any(|uses| !uses.is_empty()),
        "no module uses another: the scan found nothing"
    );
    let found = cycles(&graph);
    assert!(
        found.is_empty(),
        "modules of order-fsm-core that use each other:\n  {}",
        found.join("\n  ")
    );
}

#[test]
fn paths_are_read_from_uses_groups_and_macros() {
    let code = "use crate::{diag::{codes, Cause}, msg,\n  t};\nlet x = $crate::model::A;\n\
                pub(crate) fn f() { crate::rules::check(); }\nmy_crate::other::f();";
    let found: Vec<String> = crate_paths(code).into_iter().collect();
    assert_eq!(found, ["diag", "model", "msg", "rules", "t"]);
}

#[test]
fn a_cycle_is_reported_with_its_path() {
    let graph: BTreeMap<String, BTreeSet<String>> = [
        ("a", vec!["b"]),
        ("b", vec!["c"]),
        ("c", vec!["a", "d"]),
        ("d", vec![]),
    ]
    .into_iter()
    .map(|(m, u)| (m.to_string(), u.into_iter().map(String::from).collect()))
    .collect();
    assert_eq!(cycles(&graph), ["a → b → c → a"]);
}
