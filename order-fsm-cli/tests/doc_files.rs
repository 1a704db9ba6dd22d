//! `order-fsm doc --out`: nothing overwritten by surprise, nothing written through a link,
//! nothing left stale without a word.

use crate::common;

use common::{stderr, stdout, Scratch};

const ORDER: &str = include_str!("../../specs/order.fsm");

#[test]
fn two_specs_sharing_an_output_file_stop_before_anything_is_written() {
    let s = Scratch::new("clash");
    s.write("a/order.fsm", ORDER);
    s.write("b/order.fsm", ORDER);
    let o = s.run(&[
        "doc",
        "a/order.fsm",
        "b/order.fsm",
        "--format",
        "all",
        "--out",
        "out",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("`a/order.fsm` and `b/order.fsm` would both write `out/order.Order.md`"),
        "{err}"
    );
    assert!(err.contains("machine `Order`"), "{err}");
    assert!(
        !s.path("out").exists(),
        "nothing written: {:?}",
        s.files("out")
    );
    // --check refuses the same way instead of failing forever.
    std::fs::create_dir_all(s.path("out")).expect("out");
    let o = s.run(&[
        "doc",
        "a/order.fsm",
        "b/order.fsm",
        "--format",
        "all",
        "--out",
        "out",
        "--check",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    // One of them alone is fine, and the summary counts the files that exist.
    let o = s.run(&["doc", "a/order.fsm", "--format", "all", "--out", "out"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("9 files in out (9 updated)"),
        "{}",
        stderr(&o)
    );
    assert_eq!(s.files("out").len(), 9, "{:?}", s.files("out"));
    // The same spec reached twice is documented once.
    let o = s.run(&["doc", "a/order.fsm", "a", "--format", "all", "--out", "out"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("9 files in out (0 updated)"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn files_of_a_renamed_machine_are_listed_never_deleted() {
    let s = Scratch::new("stale");
    s.write("order.fsm", ORDER);
    let o = s.run(&["doc", "order.fsm", "--format", "all", "--out", "out"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // Files that do not follow the naming scheme of this spec are none of its business.
    s.write("out/README.md", "kept");
    s.write("out/other.Order.md", "kept");
    s.write("out/order.notes.txt", "kept");
    s.write(
        "order.fsm",
        ORDER.replace("machine Order ", "machine Sale "),
    );
    let o = s.run(&[
        "doc",
        "order.fsm",
        "--format",
        "all",
        "--out",
        "out",
        "--check",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let out = stdout(&o);
    // The 状态码映射表 of the legacy system is a document of the machine too.
    for ext in [
        "md",
        "mmd",
        "dot",
        "puml",
        "svg",
        "html",
        "json",
        "csv",
        "codes.csv",
    ] {
        assert!(
            out.contains(&format!(
                "stale:   out/order.Order.{ext} (no machine `Order` in order.fsm)"
            )),
            "{ext}: {out}"
        );
    }
    assert_eq!(out.matches("stale:").count(), 9, "{out}");
    // Plain doc writes the new machine's files, warns about the old ones, deletes nothing.
    let o = s.run(&["doc", "order.fsm", "--format", "md", "--out", "out"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stderr(&o)
            .matches("is left from machine `Order`, which `order.fsm` no longer has")
            .count(),
        9,
        "{}",
        stderr(&o)
    );
    assert!(s.path("out/order.Order.md").is_file());
    assert!(s.path("out/order.Sale.md").is_file());
    assert_eq!(s.files("out").len(), 9 + 3 + 1, "{:?}", s.files("out"));
    // Once the old files are gone, --check passes for what was asked.
    for ext in [
        "md",
        "mmd",
        "dot",
        "puml",
        "svg",
        "html",
        "json",
        "csv",
        "codes.csv",
    ] {
        std::fs::remove_file(s.path(&format!("out/order.Order.{ext}"))).expect("remove");
    }
    let o = s.run(&[
        "doc",
        "order.fsm",
        "--format",
        "md",
        "--out",
        "out",
        "--check",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
}

#[cfg(unix)]
#[test]
fn a_link_named_like_a_document_is_replaced_not_followed() {
    let s = Scratch::new("link");
    s.write("order.fsm", ORDER);
    s.write("elsewhere/precious.md", "do not touch");
    std::fs::create_dir_all(s.path("out")).expect("out");
    std::os::unix::fs::symlink(
        s.path("elsewhere/precious.md"),
        s.path("out/order.Order.md"),
    )
    .expect("symlink");
    // --check sees the link as not up to date.
    let o = s.run(&["doc", "order.fsm", "--out", "out", "--check"]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("out/order.Order.md (it is a symbolic link)"),
        "{}",
        stdout(&o)
    );
    let o = s.run(&["doc", "order.fsm", "--out", "out"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(s.path("elsewhere/precious.md")).expect("read"),
        "do not touch"
    );
    let meta = std::fs::symlink_metadata(s.path("out/order.Order.md")).expect("meta");
    assert!(meta.file_type().is_file(), "the link became a file");
    let md = std::fs::read_to_string(s.path("out/order.Order.md")).expect("read");
    assert!(md.contains("状态流转表"), "{md}");
    // The document gets the permissions a plainly written file gets (not a temporary
    // file's private ones), and no temporary file is left behind.
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(s.files("out"), vec!["order.Order.md".to_string()]);
    s.write("plain.txt", "x");
    let plain = std::fs::metadata(s.path("plain.txt")).expect("meta");
    assert_eq!(
        meta.permissions().mode() & 0o777,
        plain.permissions().mode() & 0o777
    );
    let o = s.run(&["doc", "order.fsm", "--out", "out", "--check"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

#[test]
fn a_folder_is_documented_like_its_specs() {
    let s = Scratch::new("folder");
    s.write("specs/order.fsm", ORDER);
    let o = s.run(&["doc", "specs", "--format", "json", "--out", "out"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(s.files("out"), vec!["order.Order.json".to_string()]);
    assert!(s.path("out/order.Order.json").is_file());
}

#[test]
fn a_folder_in_the_way_stops_the_run_before_anything_is_written() {
    let s = Scratch::new("folder-in-the-way");
    s.write("order.fsm", ORDER);
    std::fs::create_dir_all(s.path("out/order.Order.svg")).expect("folder");
    let o = s.run(&["doc", "order.fsm", "--format", "all", "--out", "out"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("cannot write `out/order.Order.svg`: it is a folder"),
        "{}",
        stderr(&o)
    );
    assert_eq!(s.files("out"), vec!["order.Order.svg".to_string()]);
}

/// A machine id thousands of characters long is a warning, and its documents still get file
/// names a file system accepts: cut, with a hash that tells two such ids apart, and the same
/// names on every run (so `--check` and the stale-file scan recognise them).
#[test]
fn an_endless_id_gets_a_warning_and_file_names_within_255_bytes() {
    let s = Scratch::new("long-id");
    let long = |tail: &str| format!("{}{tail}", "Order".repeat(600));
    let spec = |id: &str| {
        format!(
            "machine {id} \"订单\" {{\n  state A \"待付款\" initial\n  state B \"已付款\" final\n  event Pay \"付款\"\n  A -> B on Pay\n}}\n"
        )
    };
    s.write(
        "order.fsm",
        format!("{}\n{}", spec(&long("One")), spec(&long("Two"))),
    );
    let o = s.run(&["check", "--lang", "en", "order.fsm"]);
    let err = format!("{}{}", stdout(&o), stderr(&o));
    assert_eq!(err.matches("warning[W0015]").count(), 2, "{err}");
    assert!(err.contains("is 3003 characters long"), "{err}");
    assert!(
        err.len() < 8_000,
        "the message does not print the whole name: {err}"
    );

    let o = s.run(&["doc", "order.fsm", "--format", "all", "--out", "out"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let files = s.files("out");
    assert!(!files.is_empty());
    for f in &files {
        let name = std::path::Path::new(f)
            .file_name()
            .and_then(|n| n.to_str())
            .expect("a file name");
        assert!(name.len() <= 255, "{} bytes: {name}", name.len());
        assert!(name.starts_with("order.OrderOrder"), "{name}");
    }
    let mds: Vec<_> = files.iter().filter(|f| f.ends_with(".md")).collect();
    assert_eq!(mds.len(), 2, "one file per machine: {mds:?}");
    // The same names again: nothing stale, nothing different.
    let o = s.run(&[
        "doc",
        "order.fsm",
        "--format",
        "all",
        "--out",
        "out",
        "--check",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
}
