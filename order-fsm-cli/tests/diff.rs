//! `order-fsm diff` on reviewed pairs of specs: each folder under `tests/fixtures/diff` has
//! `old.fsm`, `new.fsm`, maybe an `args` file (extra options) and the files they name. One
//! snapshot per pair holds the exit status and the report in every format.

use crate::common;

use std::path::{Path, PathBuf};

fn run_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let o = common::run_in(dir, args, None);
    (
        o.status.code().unwrap_or(-1),
        common::stdout(&o),
        common::stderr(&o),
    )
}

fn cases() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/diff");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root)
        .expect("fixtures")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

#[test]
fn every_pair_has_a_reviewed_report_in_every_format() {
    let dirs = cases();
    assert!(dirs.len() >= 10, "{}", dirs.len());
    for dir in dirs {
        let name = dir
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("?")
            .to_string();
        let extra = std::fs::read_to_string(dir.join("args")).unwrap_or_default();
        let extra: Vec<&str> = extra.split_whitespace().collect();
        let mut out = String::new();
        for (format, lang) in [("text", "zh"), ("text", "en"), ("md", "zh"), ("json", "en")] {
            let mut args = vec![
                "diff", "old.fsm", "new.fsm", "--format", format, "--lang", lang,
            ];
            args.extend(&extra);
            let (code, stdout, stderr) = run_in(&dir, &args);
            out.push_str(&format!(
                "===== --format {format} --lang {lang}: exit {code}\n{stdout}"
            ));
            if !stderr.is_empty() {
                out.push_str(&format!("----- stderr\n{stderr}"));
            }
        }
        insta::assert_snapshot!(name.clone(), out);

        // The review page, with its style sheet and script (the same for every page, checked
        // below) left out of the snapshot.
        let mut args = vec!["diff", "old.fsm", "new.fsm", "--format", "html"];
        args.extend(&extra);
        let (code, html, stderr) = run_in(&dir, &args);
        assert!(
            html.contains("<style>") && html.contains("<script>") && html.ends_with("</html>\n"),
            "{name}: {html}"
        );
        insta::assert_snapshot!(
            format!("{name}_html"),
            format!("exit {code}\n{stderr}{}", without_style_and_script(&html))
        );
    }
}

/// The page with the contents of `<style>` and `<script>` replaced by `…`.
fn without_style_and_script(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    loop {
        let next = ["<style>", "<script>"]
            .iter()
            .filter_map(|t| rest.find(t).map(|i| (i, *t)))
            .min();
        let Some((i, open)) = next else {
            out.push_str(rest);
            return out;
        };
        let close = if open == "<style>" {
            "</style>"
        } else {
            "</script>"
        };
        out.push_str(&rest[..i + open.len()]);
        out.push('…');
        match rest[i..].find(close) {
            Some(j) => rest = &rest[i + j..],
            None => return out,
        }
    }
}

#[test]
fn a_label_only_change_passes_fail_on_breaking_and_dangerous() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/diff/label_only");
    for level in ["breaking", "dangerous"] {
        let (code, _, _) = run_in(&dir, &["diff", "old.fsm", "new.fsm", "--fail-on", level]);
        assert_eq!(code, 0, "{level}");
    }
}

#[test]
fn a_removed_state_fails_fail_on_breaking_unless_accepted() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/diff/removed_state");
    let (code, _, _) = run_in(
        &dir,
        &["diff", "old.fsm", "new.fsm", "--fail-on", "breaking"],
    );
    assert_eq!(code, 1);
    let (code, _, _) = run_in(
        &dir,
        &[
            "diff",
            "old.fsm",
            "new.fsm",
            "--fail-on",
            "breaking",
            "--accept",
            "state-removed:Order:Delivered",
            "decision-removed:Order:Sign->Delivered",
        ],
    );
    assert_eq!(code, 0);
    // Without --fail-on, findings are reported and the run succeeds.
    let (code, out, _) = run_in(&dir, &["diff", "old.fsm", "new.fsm"]);
    assert_eq!(code, 0);
    assert!(out.contains("state-removed:Order:Delivered"), "{out}");
}

#[test]
fn an_invalid_version_or_a_missing_one_is_status_two() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("bad.fsm"),
        "machine M {\n  state A initial\n  A -> B on E\n}\n",
    )
    .expect("write");
    std::fs::write(
        dir.path().join("ok.fsm"),
        "machine M {\n  state A initial final\n}\n",
    )
    .expect("write");
    let (code, _, err) = run_in(dir.path(), &["diff", "bad.fsm", "ok.fsm"]);
    assert_eq!(code, 2);
    assert!(err.contains("bad.fsm:3:"), "{err}");
    let (code, _, err) = run_in(dir.path(), &["diff", "nope.fsm", "ok.fsm"]);
    assert_eq!(code, 2, "{err}");
}

/// `git ARGS…` in `dir`, with a fixed author; panics when git fails.
fn git_in(dir: &std::path::Path, args: &[&str]) {
    let out = std::process::Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com")
        .output()
        .expect("run git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// An empty git repository in a scratch folder, or `None` (said) when git is not installed;
/// with `ORDER_FSM_REQUIRE_TOOLS=1` a missing git fails the test instead.
fn git_repo() -> Option<tempfile::TempDir> {
    let dir = tempfile::tempdir().expect("tempdir");
    let init = std::process::Command::new("git")
        .current_dir(dir.path())
        .args(["init", "-q"])
        .output();
    if init.is_err() {
        assert!(
            std::env::var("ORDER_FSM_REQUIRE_TOOLS").as_deref() != Ok("1"),
            "ORDER_FSM_REQUIRE_TOOLS=1 but git is not installed"
        );
        eprintln!("git is not installed; skipped");
        return None;
    }
    Some(dir)
}

#[test]
fn a_git_revision_is_read_with_git_show() {
    let Some(dir) = git_repo() else {
        return;
    };
    let git = |args: &[&str]| git_in(dir.path(), args);
    let v1 = "machine M {\n  state A initial\n  state B final\n  event Go\n  A -> B on Go\n}\n";
    std::fs::write(dir.path().join("m.fsm"), v1).expect("write");
    git(&["add", "m.fsm"]);
    git(&["commit", "-qm", "one"]);
    std::fs::write(dir.path().join("m.fsm"), v1.replace("  A -> B on Go\n", "")).expect("write");
    let (code, out, err) = run_in(dir.path(), &["diff", "HEAD:m.fsm", "m.fsm", "--lang", "en"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("decision-removed:M:Go->B"), "{out}");
    // A revision git does not know: its message, status 2.
    let (code, _, err) = run_in(dir.path(), &["diff", "nosuchrev:m.fsm", "m.fsm"]);
    assert_eq!(code, 2);
    assert!(err.contains("nosuchrev"), "{err}");
}

#[test]
fn a_git_version_over_the_size_limit_is_refused_as_a_file_would_be() {
    let Some(dir) = git_repo() else {
        return;
    };
    let git = |args: &[&str]| git_in(dir.path(), args);
    let limit = order_fsm_core::input::MAX_FILE_BYTES;
    let small = "machine M {\n  state A initial final\n}\n";
    let big = format!("{small}//{}\n", "a".repeat(limit));
    std::fs::write(dir.path().join("m.fsm"), &big).expect("write");
    git(&["add", "m.fsm"]);
    git(&["commit", "-qm", "big"]);
    std::fs::write(dir.path().join("m.fsm"), small).expect("write");
    let (code, _, err) = run_in(dir.path(), &["diff", "HEAD:m.fsm", "m.fsm"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("`HEAD:m.fsm` is too large to be a spec (more than 64 MiB); spec files are limited to 64 MiB"),
        "{err}"
    );
}
