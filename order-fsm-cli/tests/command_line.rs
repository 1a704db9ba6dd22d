//! The command line itself in the reader's language: `--help`, `help`, usage errors and
//! clap's own words, with `--lang` anywhere on the line, then `ORDER_FSM_LANG`, then the
//! locale.

use crate::common;

use common::{root, run, run_with_env, stderr, stdout};

/// English words clap writes by itself; none may be left in a Chinese `--help` or error.
const CLAP_ENGLISH: &[&str] = &[
    "Usage:",
    "Arguments:",
    "Options:",
    "Commands:",
    "Print help",
    "Print version",
    "possible values",
    "Possible values",
    "[default:",
    "[OPTIONS]",
    "<COMMAND>",
    "For more information",
    "tip:",
    "unexpected argument",
    "invalid value",
    "required arguments",
    "cannot be used with",
];

fn zh_env(args: &[&str]) -> std::process::Output {
    run_with_env(
        &root(),
        args,
        None,
        &[
            ("ORDER_FSM_LANG", Some("zh")),
            ("LC_ALL", None),
            ("LANG", None),
        ],
    )
}

fn no_clap_english(what: &str, text: &str) {
    for w in CLAP_ENGLISH {
        assert!(!text.contains(w), "{what}: {w:?} in\n{text}");
    }
}

const COMMANDS: &[&str] = &[
    "check", "simulate", "test", "doc", "expand", "sql", "fmt", "diff", "codes", "explain",
];

#[test]
fn every_help_is_in_chinese_under_lang_zh_or_the_environment() {
    let mut lines = vec![vec!["--help", "--lang", "zh"], vec!["-h", "--lang", "zh"]];
    for c in COMMANDS {
        lines.push(vec![c, "--help", "--lang", "zh"]);
        lines.push(vec!["--lang", "zh", c, "-h"]);
        lines.push(vec!["help", c, "--lang", "zh"]);
    }
    for args in &lines {
        let o = run(args);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
        let out = stdout(&o);
        assert!(out.contains("用法："), "{args:?}:\n{out}");
        assert!(out.contains("退出状态"), "{args:?}:\n{out}");
        no_clap_english(&format!("{args:?}"), &out);
    }
    for c in COMMANDS {
        let o = zh_env(&[c, "--help"]);
        assert_eq!(o.status.code(), Some(0));
        no_clap_english(c, &stdout(&o));
        // The flag wins over the environment.
        let o = zh_env(&[c, "--help", "--lang", "en"]);
        assert!(
            stdout(&o).contains("Usage: order-fsm"),
            "{c}: {}",
            stdout(&o)
        );
    }
}

#[test]
fn help_in_both_languages() {
    let mut out = String::new();
    for args in [
        &["simulate", "--help", "--lang", "en"][..],
        &["simulate", "--help", "--lang", "zh"],
        &["--lang", "zh", "check", "-h"],
        &["-h", "--lang", "zh"],
    ] {
        let o = run(args);
        out.push_str(&format!("$ order-fsm {}\n{}\n", args.join(" "), stdout(&o)));
    }
    insta::assert_snapshot!(out);
}

#[test]
fn usage_errors_in_both_languages() {
    let mut out = String::new();
    for lang in ["en", "zh"] {
        for args in [
            &["check", "--frmat", "json", "specs"][..],
            &["simulate"],
            &["doc", "specs", "--format", "pdf"],
            &["frobnicate"],
            &["expand", "specs/order.fsm", "--typestate", "maybe"],
            &["fmt", "--stdin", "--check"],
            &["sql", "specs/order.fsm"],
            &["help", "nope"],
            &[],
        ] {
            // The language from the environment, as a PM's shell would set it.
            let o = run_with_env(
                &root(),
                args,
                None,
                &[
                    ("ORDER_FSM_LANG", Some(lang)),
                    ("LC_ALL", None),
                    ("LANG", None),
                ],
            );
            assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
            assert!(stdout(&o).is_empty(), "{args:?}: {}", stdout(&o));
            if lang == "zh" {
                no_clap_english(&format!("{args:?}"), &stderr(&o));
            }
            out.push_str(&format!(
                "$ ORDER_FSM_LANG={lang} order-fsm {}\n{}\n",
                args.join(" "),
                stderr(&o)
            ));
        }
    }
    insta::assert_snapshot!(out);
}

#[test]
fn lang_is_honoured_anywhere_on_the_line() {
    let bad = "order-fsm-core/tests/fixtures/invalid/err_E0002_unknown_state.fsm";
    for args in [
        &["--lang", "zh", "check", bad][..],
        &["check", "--lang", "zh", bad],
        &["check", bad, "--lang=zh"],
    ] {
        let o = run(args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        assert!(
            stdout(&o).contains("未知的状态 `Shiped`"),
            "{args:?}: {}",
            stdout(&o)
        );
    }
    // The command's own --lang wins over the one before it.
    let o = run(&["--lang", "zh", "check", bad, "--lang", "en"]);
    assert!(
        stdout(&o).contains("unknown state `Shiped`"),
        "{}",
        stdout(&o)
    );
    // After `--` it is an argument, not an option.
    let o = run(&["--lang", "zh", "fmt", "--check", "--", "--lang"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("`--lang`"), "{}", stderr(&o));
}
