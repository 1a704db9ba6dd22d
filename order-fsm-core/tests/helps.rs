//! Helps are held to what they say. A help that proposes a line (its `{line}`, or the
//! `{joined}` line that takes in the line below it) is written into the fixture, and the
//! file checked again: the error it was about is gone from that line, so that no help ever
//! repeats its own mistake. The file may then check clean or stop at another error.

use std::path::{Path, PathBuf};

use order_fsm_core::diag::{codes, Diagnostic, Severity};
use order_fsm_core::msg::Text;
use order_fsm_core::source::LineIndex;
use order_fsm_core::Compiled;

/// The code in backquotes a help gives as its argument `key`, looked for through the whole
/// text: `{line}` is a line to write instead of the diagnostic's line, `{joined}` one to
/// write instead of the line above it (the diagnostic's line going).
fn arg(t: &Text, key: &str) -> Option<String> {
    match t {
        Text::Msg(_, args) => args.iter().find_map(|(k, v)| match v {
            Text::Lit(s) if *k == key => s
                .strip_prefix('`')
                .and_then(|s| s.strip_suffix('`'))
                .map(str::to_string),
            v => arg(v, key),
        }),
        Text::Seq(p) | Text::Join(p) | Text::List(p) | Text::OrList(p) => {
            p.iter().find_map(|t| arg(t, key))
        }
        Text::Lit(_) => None,
    }
}

fn help_arg(d: &Diagnostic, key: &str) -> Option<String> {
    d.help.as_ref().and_then(|h| arg(h, key))
}

fn invalid_fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/invalid");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("fixtures")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "fsm"))
        .collect();
    paths.sort();
    paths
}

/// `text` with each `(line, content)` written there (keeping the line's indentation).
fn rewrite(text: &str, edits: &[(usize, String)]) -> String {
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    for (l, content) in edits {
        let old = &lines[*l];
        let cr = if old.ends_with('\r') { "\r" } else { "" };
        let indent: String = old
            .chars()
            .take_while(|c| *c == ' ' || *c == '\t')
            .collect();
        lines[*l] = if content.is_empty() {
            cr.to_string()
        } else {
            format!("{indent}{content}{cr}")
        };
    }
    lines.join("\n")
}

fn line_of(c: &Compiled, d: &Diagnostic) -> usize {
    LineIndex::new(&c.source.text).line_of(d.primary.span.start)
}

/// The line above `line` that is not blank.
fn above(text: &str, line: usize) -> Option<usize> {
    let lines: Vec<&str> = text.split('\n').collect();
    (0..line).rev().find(|&l| !lines[l].trim().is_empty())
}

#[test]
fn every_proposed_line_fixes_the_line_it_is_for() {
    let mut applied = 0;
    for path in invalid_fixtures() {
        let bytes = std::fs::read(&path).expect("readable");
        let Ok(text) = std::str::from_utf8(&bytes) else {
            continue;
        };
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("?");
        let c = order_fsm_core::compile(name, text);
        for d in c
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
        {
            let line = line_of(&c, d);
            let (edits, lines) = match (help_arg(d, "line"), help_arg(d, "joined")) {
                (Some(new), _) => (vec![(line, new)], vec![line]),
                (None, Some(joined)) => {
                    let up = above(text, line).expect("a line above the rest of a line");
                    (vec![(up, joined), (line, String::new())], vec![up, line])
                }
                (None, None) => continue,
            };
            applied += 1;
            let fixed = rewrite(text, &edits);
            let again = order_fsm_core::compile(name, &fixed);
            let same: Vec<&Diagnostic> = again
                .diagnostics
                .iter()
                .filter(|e| e.code == d.code && lines.contains(&line_of(&again, e)))
                .collect();
            assert!(
                same.is_empty(),
                "{name}:{}: the help's line does not fix it:\n{}\nwritten:\n{fixed}\nchecked again:\n{}",
                line + 1,
                c.render(),
                again.render()
            );
        }
    }
    assert!(
        applied >= 20,
        "only {applied} proposed lines in the fixtures"
    );
}

#[test]
fn a_help_never_proposes_a_line_that_does_not_parse() {
    // Lines the grammar's help could only repeat: no line is proposed for them.
    let text = "machine M \"m\" {\n  state A \"甲\" initial\n  state B \"乙\" final\n  event Go \"走\"\n  A -> B on Go if x and and y\n}\n";
    let c = order_fsm_core::compile("m.fsm", text);
    let d = &c.diagnostics[0];
    assert_eq!(d.code, codes::SYNTAX);
    if let Some(line) = help_arg(d, "line") {
        let fixed = rewrite(text, &[(4, line)]);
        let again = order_fsm_core::compile("m.fsm", &fixed);
        assert!(
            !again
                .diagnostics
                .iter()
                .any(|e| e.code == codes::SYNTAX && line_of(&again, e) == 4),
            "{}",
            c.render()
        );
    }
}

#[test]
fn a_line_left_out_for_its_own_mistake_keeps_its_names_known() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/invalid/err_E0021_guard_stays_known.fsm");
    let text = std::fs::read_to_string(path).expect("fixture");
    let c = order_fsm_core::compile("f.fsm", &text);
    let found: Vec<&str> = c.diagnostics.iter().map(|d| d.code).collect();
    assert!(found.contains(&codes::ROLE_NOT_OF_EVENT), "{found:?}");
    assert!(found.contains(&codes::UNKNOWN_EVENT), "{found:?}");
    assert!(!found.contains(&codes::UNKNOWN_GUARD), "{}", c.render());
}

#[test]
fn an_unknown_name_offers_the_name_it_starts_like_first() {
    let spec = |line: &str| {
        format!(
            "machine M \"m\" {{\n  role seller \"卖家\"\n  state Created \"甲\" initial\n  state Ship_done \"乙\" final\n  event Ship \"发货\" by seller\n  codes legacy \"旧\"\n  Created -> Ship_done on Ship\n  {line}\n}}\n"
        )
    };
    for (line, code, near) in [
        (
            "Created -> Ship_done on Shipping",
            codes::UNKNOWN_EVENT,
            "`Ship`",
        ),
        (
            "Created -> Ship_done_twice on Ship",
            codes::UNKNOWN_STATE,
            "`Ship_done`",
        ),
        (
            "Created -> Ship_done on Ship by seller_team",
            codes::UNKNOWN_ROLE,
            "`seller`",
        ),
        (
            "state Other \"丙\" legacy_system 3",
            codes::UNKNOWN_SYSTEM,
            "`legacy`",
        ),
    ] {
        let c = order_fsm_core::compile("m.fsm", &spec(line));
        let d = c
            .diagnostics
            .iter()
            .find(|d| d.code == code)
            .unwrap_or_else(|| panic!("{line}: {}", c.render()));
        let help = d
            .help
            .as_ref()
            .expect("a help")
            .render(order_fsm_core::msg::Lang::En);
        assert!(
            help.starts_with(&format!("did you mean {near}?")),
            "{line}: {help}"
        );
        assert!(help.contains("declare it"), "{line}: {help}");
    }
}

#[test]
fn a_broken_rule_and_the_scenarios_that_fail_with_it_are_both_reported() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/invalid/err_E0024_rule_and_scenario.fsm");
    let text = std::fs::read_to_string(path).expect("fixture");
    let c = order_fsm_core::compile("f.fsm", &text);
    let found: Vec<&str> = c.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(
        found,
        [codes::RULE_BROKEN, codes::SCENARIO_FAILS],
        "{}",
        c.render()
    );
}
