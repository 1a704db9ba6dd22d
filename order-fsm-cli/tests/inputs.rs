//! Reading inputs end to end: links, pipes, devices, huge and unreadable files, other
//! encodings. Nothing may hang, nothing may be read without bound, every file is checked
//! once and every path that cannot be read is named and counted.

use crate::common;

use std::path::Path;
use std::process::Output;

use common::{set_mode, stderr, stdout, Scratch};

const ORDER: &str = include_str!("../../specs/order.fsm");

#[cfg(unix)]
fn symlink(target: &str, link: &Path) {
    std::os::unix::fs::symlink(target, link).expect("symlink");
}

#[cfg(unix)]
fn mkfifo(p: &Path) -> bool {
    std::process::Command::new("mkfifo")
        .arg(p)
        .status()
        .is_ok_and(|s| s.success())
}

#[cfg(unix)]
#[test]
fn link_loops_end_and_each_file_is_checked_once() {
    let s = Scratch::new("loops");
    s.write("d/order.fsm", ORDER);
    symlink(".", &s.path("d/l1"));
    symlink(".", &s.path("d/l2"));
    let o = s.run(&["check", "d"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert_eq!(stdout(&o).matches("ok ").count(), 1, "{}", stdout(&o));
    assert!(
        stdout(&o).contains("checked 1 file: 0 errors"),
        "{}",
        stdout(&o)
    );
    // test and doc walk the same way.
    let o = s.run(&["test", "d"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert_eq!(
        stdout(&o).matches("d/order.fsm Order").count(),
        1,
        "{}",
        stdout(&o)
    );
}

#[cfg(unix)]
#[test]
fn a_file_reached_by_several_paths_is_checked_once() {
    let s = Scratch::new("diamond");
    s.write("d/a/order.fsm", ORDER);
    symlink("a", &s.path("d/b"));
    symlink("a", &s.path("d/c"));
    symlink("order.fsm", &s.path("d/a/alias.fsm"));
    let o = s.run(&["check", "d", "d/a", "d/a/order.fsm", "d/c/order.fsm"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(
        stdout(&o).contains("checked 1 file: 0 errors"),
        "{}",
        stdout(&o)
    );
}

#[cfg(unix)]
#[test]
fn pipes_are_skipped_in_folders_and_refused_when_named() {
    let s = Scratch::new("fifo");
    s.write("d/order.fsm", ORDER);
    if !mkfifo(&s.path("d/x.fsm")) {
        eprintln!("skipped: `mkfifo` is not available");
        return;
    }
    let o = s.run(&["check", "d"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(
        stdout(&o).contains("checked 1 file: 0 errors"),
        "{}",
        stdout(&o)
    );
    assert!(
        stderr(&o).contains("warning: skipped `d/x.fsm`: it is a named pipe (FIFO)"),
        "{}",
        stderr(&o)
    );
    for cmd in [
        vec!["check", "d/x.fsm"],
        vec!["test", "d/x.fsm"],
        vec!["simulate", "d/x.fsm", "Pay"],
        vec!["expand", "d/x.fsm"],
        vec!["doc", "d/x.fsm"],
    ] {
        let o = s.run(&cmd);
        assert_eq!(o.status.code(), Some(2), "{cmd:?}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("`d/x.fsm` is a named pipe (FIFO), not a spec file"),
            "{cmd:?}: {}",
            stderr(&o)
        );
    }
}

#[cfg(unix)]
#[test]
fn devices_are_refused_without_reading_them() {
    if !Path::new("/dev/zero").exists() {
        eprintln!("skipped: no /dev/zero");
        return;
    }
    let s = Scratch::new("dev");
    for cmd in [
        vec!["check", "/dev/zero"],
        vec!["simulate", "/dev/zero", "Pay"],
        vec!["expand", "/dev/zero"],
        vec!["doc", "/dev/zero"],
    ] {
        let o = s.run(&cmd);
        assert_eq!(o.status.code(), Some(2), "{cmd:?}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("`/dev/zero` is a character device, not a spec file"),
            "{cmd:?}: {}",
            stderr(&o)
        );
    }
}

#[test]
fn a_huge_file_is_refused_from_its_size() {
    let s = Scratch::new("huge");
    let big = s.path("big.fsm");
    // Sparse: it takes no space on disk, and reading it would take 3 GiB of memory.
    let f = std::fs::File::create(&big).expect("create");
    f.set_len(3 << 30).expect("set_len");
    drop(f);
    let o = s.run(&["check", "big.fsm"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(
            "`big.fsm` is too large to be a spec (3 GiB); spec files are limited to 64 MiB"
        ),
        "{}",
        stderr(&o)
    );
    assert!(stdout(&o).contains("checked 0 files"), "{}", stdout(&o));
}

#[cfg(unix)]
#[test]
fn a_link_to_itself_is_named_and_the_rest_is_checked() {
    // A failure root gets too, so this runs everywhere.
    let s = Scratch::new("selflink");
    s.write("d/a.fsm", ORDER);
    s.write("d/c.fsm", ORDER.replace("machine Order", "machine Other"));
    symlink("b.fsm", &s.path("d/b.fsm"));
    let o = s.run(&["check", "d"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("cannot read `d/b.fsm`"),
        "{}",
        stderr(&o)
    );
    let out = stdout(&o);
    assert!(
        out.contains("ok d/a.fsm") && out.contains("ok d/c.fsm"),
        "{out}"
    );
    assert!(
        out.contains("checked 2 files: 0 errors, 0 warnings (1 path could not be read)"),
        "{out}"
    );
    let o = s.run(&["test", "d"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("cannot read `d/b.fsm`"),
        "{}",
        stderr(&o)
    );
    assert!(stdout(&o).contains("d/c.fsm Other"), "{}", stdout(&o));
}

/// Runs the command as a user that file permissions apply to: directly when this process is
/// not privileged, through `runuser -u nobody` when it is root. `None` when neither works.
#[cfg(unix)]
fn run_unprivileged(s: &Scratch, probe: &Path, args: &[&str]) -> Option<Output> {
    if std::fs::read_dir(probe).is_err() {
        return Some(s.run(args));
    }
    let bin = assert_cmd::cargo::cargo_bin("order-fsm");
    let o = std::process::Command::new("runuser")
        .args(["-u", "nobody", "--"])
        .arg(&bin)
        .args(args)
        .current_dir(s.dir())
        .env("NO_COLOR", "1")
        .output();
    let o = match o {
        Ok(o) => o,
        Err(e) => {
            assert!(
                std::env::var("ORDER_FSM_REQUIRE_TOOLS").as_deref() != Ok("1"),
                "cannot run runuser: {e}"
            );
            eprintln!("skipped: cannot run runuser: {e}");
            return None;
        }
    };
    // runuser itself failed (not installed, not allowed, binary out of nobody's reach).
    if o.status.code() == Some(126)
        || o.status.code() == Some(127)
        || stderr(&o).contains("runuser:")
    {
        // Under CI (`ORDER_FSM_REQUIRE_TOOLS=1`) the check must run, not skip.
        assert!(
            std::env::var("ORDER_FSM_REQUIRE_TOOLS").as_deref() != Ok("1"),
            "cannot run as an unprivileged user: {}",
            stderr(&o)
        );
        eprintln!(
            "skipped: cannot run as an unprivileged user: {}",
            stderr(&o)
        );
        return None;
    }
    Some(o)
}

#[cfg(unix)]
#[test]
fn unreadable_folders_and_files_are_named_and_the_rest_is_checked() {
    let s = Scratch::new("perm");
    s.write("d/a.fsm", ORDER);
    s.write("d/locked/inner.fsm", ORDER);
    s.write("d/sealed.fsm", ORDER);
    s.write(
        "d/z/ok.fsm",
        ORDER.replace("machine Order", "machine Later"),
    );
    set_mode(&s.path("d/locked"), 0o000);
    set_mode(&s.path("d/sealed.fsm"), 0o000);
    let Some(o) = run_unprivileged(&s, &s.path("d/locked"), &["check", "d"]) else {
        return;
    };
    let (out, err) = (stdout(&o), stderr(&o));
    assert_eq!(o.status.code(), Some(2), "{out}{err}");
    assert!(err.contains("cannot read folder `d/locked`"), "{err}");
    assert!(err.contains("cannot read `d/sealed.fsm`"), "{err}");
    assert!(
        out.contains("ok d/a.fsm") && out.contains("ok d/z/ok.fsm"),
        "{out}"
    );
    assert!(
        out.contains("checked 2 files: 0 errors, 0 warnings (2 paths could not be read)"),
        "{out}"
    );
}

#[test]
fn utf16_files_are_named_with_how_to_save_them_as_utf8() {
    let s = Scratch::new("utf16");
    let mut le = vec![0xFF, 0xFE];
    let mut be = vec![0xFE, 0xFF];
    for unit in ORDER.encode_utf16() {
        le.extend(unit.to_le_bytes());
        be.extend(unit.to_be_bytes());
    }
    s.write("le.fsm", le);
    s.write("be.fsm", be);
    for (file, endian) in [("le.fsm", "little-endian"), ("be.fsm", "big-endian")] {
        let o = s.run(&["check", file]);
        let out = stdout(&o);
        assert_eq!(o.status.code(), Some(1), "{out}");
        assert!(
            out.contains(&format!(
                "error[E0016]: file is saved as UTF-16 ({endian}) text, not UTF-8"
            )),
            "{out}"
        );
        assert!(!out.contains("binary"), "{out}");
        assert!(out.contains(&format!("--> {file}:1:1")), "{out}");
        // The snippet shows the first line as the author wrote it.
        let first = ORDER.lines().next().unwrap_or_default();
        assert!(out.contains(first), "{out}");
        assert!(out.contains("help: save it as UTF-8"), "{out}");
        assert!(out.contains("iconv -f UTF-16 -t UTF-8"), "{out}");
    }
}
