//! Keeps the console transcripts of `docs/spec-language.md` and of its Chinese twin
//! `docs/spec-language.zh.md` honest: every ```` ```console ```` block is run with the real
//! `order-fsm` binary, in the page's language of messages, and its output compared with the
//! page.
//!
//! How the page sets a transcript up, with HTML comments that a reader of the rendered page
//! does not see:
//! - `<!-- file: NAME -->` on the line before an ```` ```fsm ```` block saves that block as
//!   `NAME` in the folder the commands run in;
//! - `<!-- edit: NAME | OLD | NEW -->` lines before a console block replace the text `OLD` by
//!   `NEW` in `NAME` for that block only (the prose around it says what was changed).
//!
//! The commands run in a fresh folder that holds those files and a copy of `specs/`. In a
//! transcript, a line `$ order-fsm …` is a command (arguments split as a shell would, with
//! double quotes); the lines up to the next command are what it prints (standard output, then
//! standard error). A line that is only `…` stands for any number of lines; a line holding `…`
//! elsewhere matches a printed line that starts with the text before it and ends with the
//! text after it. Nothing else is normalised except trailing spaces.

use order_fsm_testing::{markdown_blocks, MarkdownBlock as Block};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The fenced blocks of the page (one reader for every test that checks the docs).
fn blocks(markdown: &str) -> Vec<Block> {
    markdown_blocks(markdown).unwrap_or_else(|e| panic!("{e}"))
}

/// Arguments split as a POSIX shell splits words with double quotes (no escapes needed here).
fn split_args(line: &str) -> Vec<String> {
    let mut args = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut quoted = false;
    for ch in line.chars() {
        match ch {
            '"' => {
                quoted = !quoted;
                in_word = true;
            }
            c if c.is_whitespace() && !quoted => {
                if in_word {
                    args.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            c => {
                cur.push(c);
                in_word = true;
            }
        }
    }
    assert!(!quoted, "unclosed quote in `{line}`");
    if in_word {
        args.push(cur);
    }
    args
}

/// Whether `actual` (printed lines) matches `expected` (the page's lines, with `…` cuts).
fn matches(expected: &[&str], actual: &[&str]) -> bool {
    match expected.split_first() {
        None => actual.is_empty(),
        Some((e, rest)) if e.trim() == "…" => {
            (0..=actual.len()).any(|skip| matches(rest, &actual[skip..]))
        }
        Some((e, rest)) => match actual.split_first() {
            None => false,
            Some((a, arest)) => line_matches(e, a) && matches(rest, arest),
        },
    }
}

fn line_matches(expected: &str, actual: &str) -> bool {
    match expected.split_once('…') {
        None => expected == actual,
        Some((before, after)) => {
            actual.len() >= before.len() + after.len()
                && actual.starts_with(before)
                && actual.ends_with(after)
        }
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("folder");
    for e in std::fs::read_dir(from).expect("readable folder").flatten() {
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).expect("copy");
        }
    }
}

struct Transcript {
    line: usize,
    edits: Vec<(String, String, String)>,
    /// (arguments after `order-fsm`, expected lines)
    commands: Vec<(Vec<String>, Vec<String>)>,
}

fn transcripts(page: &str) -> (BTreeMap<String, String>, Vec<Transcript>) {
    let mut files = BTreeMap::new();
    let mut out = Vec::new();
    for b in blocks(page) {
        if b.info.starts_with("fsm") {
            for c in &b.comments {
                if let Some(name) = c.strip_prefix("file:") {
                    files.insert(name.trim().to_string(), b.text.clone());
                }
            }
            continue;
        }
        if b.info != "console" {
            continue;
        }
        let mut edits = Vec::new();
        for c in &b.comments {
            if let Some(e) = c.strip_prefix("edit:") {
                let parts: Vec<&str> = e.split(" | ").map(str::trim).collect();
                assert_eq!(
                    parts.len(),
                    3,
                    "line {}: write `<!-- edit: FILE | OLD | NEW -->`",
                    b.line
                );
                edits.push((parts[0].into(), parts[1].into(), parts[2].into()));
            }
        }
        let mut commands: Vec<(Vec<String>, Vec<String>)> = Vec::new();
        for l in b.text.lines() {
            if let Some(cmd) = l.strip_prefix("$ ") {
                let args = split_args(cmd);
                assert_eq!(
                    args.first().map(String::as_str),
                    Some("order-fsm"),
                    "line {}: a transcript runs `order-fsm`",
                    b.line
                );
                commands.push((args[1..].to_vec(), Vec::new()));
            } else {
                let Some(last) = commands.last_mut() else {
                    panic!("line {}: a console block starts with `$ order-fsm`", b.line)
                };
                last.1.push(l.trim_end().to_string());
            }
        }
        out.push(Transcript {
            line: b.line,
            edits,
            commands,
        });
    }
    (files, out)
}

/// Where the page's transcripts differ from what the commands print, with messages in `lang`
/// (`en` or `zh`) as the page's reader would set it.
fn transcript_failures(page: &str, lang: &str) -> Vec<String> {
    let page_path = root().join(page);
    let text = std::fs::read_to_string(&page_path).expect("the reference is readable");
    let (files, transcripts) = transcripts(&text);
    assert!(
        transcripts.len() >= 8,
        "{page}: the page's console blocks were not found ({} seen)",
        transcripts.len()
    );
    let mut failures = Vec::new();
    for t in &transcripts {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("reference-transcript-{lang}-{}", t.line));
        let _ = std::fs::remove_dir_all(&dir);
        copy_dir(&root().join("specs"), &dir.join("specs"));
        for (name, text) in &files {
            let mut text = text.clone();
            for (file, old, new) in &t.edits {
                if file == name {
                    assert!(
                        text.contains(old.as_str()),
                        "{page}:{}: `{old}` is not in {name}",
                        t.line
                    );
                    text = text.replacen(old.as_str(), new, 1);
                }
            }
            std::fs::write(dir.join(name), text).expect("write the example");
        }
        for (file, _, _) in &t.edits {
            assert!(
                files.contains_key(file),
                "{page}:{}: no block is saved as {file}",
                t.line
            );
        }
        for (args, expected) in &t.commands {
            let o = assert_cmd::Command::cargo_bin("order-fsm")
                .expect("binary built")
                .current_dir(&dir)
                .env("NO_COLOR", "1")
                // The page's language, whatever the machine's locale.
                .env("ORDER_FSM_LANG", lang)
                .args(args)
                .output()
                .expect("runs");
            let printed = format!(
                "{}{}",
                String::from_utf8_lossy(&o.stdout),
                String::from_utf8_lossy(&o.stderr)
            );
            let actual: Vec<&str> = printed.lines().map(str::trim_end).collect();
            let expected: Vec<&str> = expected.iter().map(String::as_str).collect();
            if !matches(&expected, &actual) {
                failures.push(format!(
                    "{page}:{}: `order-fsm {}`\n--- the page shows:\n{}\n--- it prints:\n{}",
                    t.line,
                    args.join(" "),
                    expected.join("\n"),
                    actual.join("\n")
                ));
            }
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
    failures
}

#[test]
fn every_console_transcript_is_what_the_command_prints() {
    let failures = transcript_failures("docs/spec-language.md", "en");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_console_transcript_of_the_chinese_page_is_what_the_command_prints() {
    let failures = transcript_failures("docs/spec-language.zh.md", "zh");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn the_matcher_can_fail() {
    assert!(matches(&["a", "…", "d"], &["a", "b", "c", "d"]));
    assert!(!matches(&["a", "…", "d"], &["a", "b", "c"]));
    assert!(matches(&["x = \"ab …\","], &["x = \"ab cd\","]));
    assert!(!matches(&["x = \"ab …\","], &["x = \"ac cd\","]));
    assert!(!matches(&["can fire in A"], &["possible in A"]));
    assert_eq!(
        split_args(r#"simulate order.fsm Pay "Ship by seller" x"#),
        ["simulate", "order.fsm", "Pay", "Ship by seller", "x"]
    );
}
