//! The spec's warnings on the command line: `--allow CODE` and `--deny CODE` on `check`,
//! `test` and `doc`, and `doc` saying each warning code once.

use crate::common;

use common::{stderr, stdout, Scratch};

/// Two states without a label and an event no line uses: W0005 twice, W0004 once.
const SPEC: &str = "machine Order \"订单\" {
  state Created initial
  state Paid final
  event Pay \"付款\"
  event Remind \"提醒\"
  Created -> Paid on Pay
  scenario \"付款\" { Pay => Paid }
}
";

fn scratch(name: &str) -> Scratch {
    let s = Scratch::new(name);
    s.write("order.fsm", SPEC);
    s
}

#[test]
fn allow_hides_a_warning_and_deny_makes_it_an_error() {
    let s = scratch("levels-check");
    let o = s.run(&["check", "order.fsm"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("0 errors, 3 warnings"),
        "{}",
        stdout(&o)
    );

    let o = s.run(&["check", "order.fsm", "--allow", "W0005"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(!stdout(&o).contains("W0005"), "{}", stdout(&o));
    assert!(stdout(&o).contains("0 errors, 1 warning"), "{}", stdout(&o));

    // An allowed warning cannot fail a run, even under --deny-warnings.
    let o = s.run(&[
        "check",
        "order.fsm",
        "--deny-warnings",
        "--allow",
        "w0005,W0004",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let o = s.run(&["check", "order.fsm", "--deny-warnings", "--allow", "W0005"]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));

    let o = s.run(&["check", "order.fsm", "--deny", "W0004"]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let out = stdout(&o);
    assert!(
        out.contains("error[W0004]: event `Remind` is never used"),
        "{out}"
    );
    assert!(out.contains("1 error, 2 warnings"), "{out}");

    // test: a denied warning stops the scenarios as an error does.
    let o = s.run(&["test", "order.fsm", "--deny", "W0004"]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("cannot run scenarios"),
        "{}",
        stdout(&o)
    );
    let o = s.run(&["test", "order.fsm", "--allow", "W0004"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));

    // doc: a denied warning stops the documents; an allowed one is not mentioned.
    let o = s.run(&["doc", "order.fsm", "--deny", "W0005"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stdout(&o).is_empty());
    let o = s.run(&["doc", "order.fsm", "--allow", "W0005,W0004"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
}

#[test]
fn codes_that_are_not_warnings_are_a_wrong_command_line() {
    let s = scratch("levels-usage");
    let mut shown = String::new();
    for lang in ["en", "zh"] {
        for args in [
            &["check", "order.fsm", "--allow", "E0002"][..],
            &["test", "order.fsm", "--deny", "W0O05"],
            &["doc", "order.fsm", "--allow", "W0004", "--deny", "w0004"],
        ] {
            let mut args = args.to_vec();
            args.extend(["--lang", lang]);
            let o = s.run(&args);
            assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
            assert!(stdout(&o).is_empty(), "{args:?}: nothing is run");
            shown.push_str(&format!("$ order-fsm {}\n{}\n", args.join(" "), stderr(&o)));
        }
    }
    insta::assert_snapshot!(shown);
}

#[test]
fn doc_says_each_warning_code_once_unless_verbose() {
    let s = scratch("levels-doc");
    let mut shown = String::new();
    for lang in ["en", "zh"] {
        let o = s.run(&["doc", "order.fsm", "--lang", lang]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        shown.push_str(&format!(
            "$ order-fsm doc order.fsm --lang {lang}\n{}\n",
            stderr(&o)
        ));
    }
    insta::assert_snapshot!(shown);
    let o = s.run(&["doc", "order.fsm", "--verbose"]);
    let err = stderr(&o);
    assert_eq!(err.matches("warning[W0005]: ").count(), 2, "{err}");
    assert!(err.contains("--> order.fsm:2:9"), "{err}");
}

#[test]
fn doc_takes_a_list_of_formats() {
    let s = scratch("levels-formats");
    let o = s.run(&[
        "doc",
        "order.fsm",
        "--format",
        "md,html",
        "--format",
        "csv,md",
        "--out",
        "out",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        s.files("out"),
        ["order.Order.csv", "order.Order.html", "order.Order.md"]
    );
    assert!(
        stderr(&o).contains("3 files in out (3 updated)"),
        "{}",
        stderr(&o)
    );
    // Several formats need a folder, as `all` does.
    let o = s.run(&["doc", "order.fsm", "--format", "md,html"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("error: `--format md,html` writes several files"),
        "{}",
        stderr(&o)
    );
    // One format named twice is one document, printed.
    let o = s.run(&["doc", "order.fsm", "--format", "md,md"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).starts_with('#'), "{}", stdout(&o));
}
