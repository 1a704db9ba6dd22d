//! `order-fsm fmt` end to end: files replaced in place, `--check`, `--stdin`, files with
//! syntax errors left alone, links written through.

use crate::common;

use common::run_in;

const MESSY: &str = "machine M {\r\n\tstate A \"待付款\" initial // 起点\r\n  state Longer \"b\" final\r\n  event E\r\n  A->Longer on E\r\n}\r\n";
const TIDY: &str = "machine M {\r\n  state A      \"待付款\" initial // 起点\r\n  state Longer \"b\"      final\r\n  event E\r\n  A -> Longer on E\r\n}\r\n";

#[test]
fn check_lists_files_that_differ_and_changes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("a.fsm"), MESSY).expect("write");
    std::fs::write(dir.path().join("b.fsm"), TIDY).expect("write");
    let o = run_in(dir.path(), &["fmt", "--check", "."], None);
    assert_eq!(o.status.code(), Some(1));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("differs: ./a.fsm") || out.contains("differs: a.fsm"),
        "{out}"
    );
    assert!(!out.contains("b.fsm"), "{out}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.fsm")).expect("read"),
        MESSY
    );
}

#[test]
fn files_are_rewritten_in_place_then_check_passes() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("a.fsm"), MESSY).expect("write");
    let o = run_in(dir.path(), &["fmt", "a.fsm"], None);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.fsm")).expect("read"),
        TIDY
    );
    let o = run_in(dir.path(), &["fmt", "--check", "a.fsm"], None);
    assert_eq!(o.status.code(), Some(0));
    // No temporary file is left behind.
    assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 1);
}

#[test]
fn stdin_is_written_to_stdout() {
    let dir = tempfile::tempdir().expect("tempdir");
    let o = run_in(dir.path(), &["fmt", "--stdin"], Some(MESSY));
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&o.stdout), TIDY);
}

#[test]
fn stdin_over_the_size_limit_cannot_be_read_status_two_as_for_a_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let limit = order_fsm_core::input::MAX_FILE_BYTES;
    // One byte over the limit: all of it is read (nothing is left to break the pipe).
    let big = format!("machine M {{}}\n//{}", "a".repeat(limit - 14));
    assert_eq!(big.len(), limit + 1);
    let o = run_in(dir.path(), &["fmt", "--stdin"], Some(&big));
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("`<stdin>` is too large to be a spec (more than 64 MiB); spec files are limited to 64 MiB"),
        "{err}"
    );
    assert!(o.stdout.is_empty());
}

#[test]
fn a_file_with_syntax_errors_is_left_alone_with_its_diagnostics() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bad = "machine M {\n  state A  initial\n  A -> on E\n}\n";
    std::fs::write(dir.path().join("bad.fsm"), bad).expect("write");
    std::fs::write(dir.path().join("good.fsm"), MESSY).expect("write");
    let o = run_in(dir.path(), &["fmt", "bad.fsm", "good.fsm"], None);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("bad.fsm:3:"), "{err}");
    assert!(err.contains("left as it is"), "{err}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("bad.fsm")).expect("read"),
        bad
    );
    // The other file is still formatted.
    assert_eq!(
        std::fs::read_to_string(dir.path().join("good.fsm")).expect("read"),
        TIDY
    );
}

#[cfg(unix)]
#[test]
fn a_link_is_written_through_and_stays_a_link() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join("real")).expect("mkdir");
    std::fs::write(dir.path().join("real/a.fsm"), MESSY).expect("write");
    std::os::unix::fs::symlink("real/a.fsm", dir.path().join("link.fsm")).expect("link");
    let o = run_in(dir.path(), &["fmt", "link.fsm"], None);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let meta = std::fs::symlink_metadata(dir.path().join("link.fsm")).expect("meta");
    assert!(meta.file_type().is_symlink());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("real/a.fsm")).expect("read"),
        TIDY
    );
}

#[test]
fn a_missing_path_is_a_usage_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let o = run_in(dir.path(), &["fmt", "nope.fsm"], None);
    assert_eq!(o.status.code(), Some(2));
}
