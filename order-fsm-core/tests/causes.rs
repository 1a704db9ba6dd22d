//! Findings come errors first, then warnings, each in source order; a warning that follows
//! from another finding names it (`caused_by`), and only then.
//!
//! On random machines the link is checked against the graph of the lines as written (each
//! source to its target, whether or not the line can ever be taken there): a warning about
//! the graph names a cause exactly when the written lines would have made it otherwise.

use order_fsm_core::msg::Lang;
use std::collections::{BTreeSet, VecDeque};
use std::path::Path;

use order_fsm_core::diag::{codes, to_json, Diagnostic, Severity};
use order_fsm_core::Compiled;
use proptest::prelude::*;

/// Errors before warnings, each by position; every cause is a finding of the same run.
fn check_order_and_links(c: &Compiled) {
    let keys: Vec<_> = c
        .diagnostics
        .iter()
        .map(|d| (d.severity, d.primary.span.start))
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted, "{}", c.render());
    for d in &c.diagnostics {
        for cause in &d.caused_by {
            assert!(
                c.diagnostics.iter().any(|x| x.code == cause.code
                    && x.severity == cause.severity
                    && x.primary.span == cause.span
                    && !std::ptr::eq(x, d)),
                "{} names a cause that is not reported:\n{}",
                d.code,
                c.render()
            );
        }
        // JSON carries the same link, by line and column.
        let j = serde_json::to_value(to_json(&c.source, d, Lang::En)).expect("json");
        let causes = j["caused_by"].as_array().expect("caused_by is a list");
        assert_eq!(causes.len(), d.caused_by.len());
        for (jc, cause) in causes.iter().zip(&d.caused_by) {
            let p = c.source.line_col(cause.span.start);
            assert_eq!(jc["code"], cause.code);
            assert_eq!(jc["line"], p.line);
            assert_eq!(jc["column"], p.col);
        }
    }
}

#[test]
fn every_fixture_is_ordered_and_its_causes_exist() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut caused = 0;
    for dir in ["tests/fixtures/invalid", "tests/fixtures/valid", "../specs"] {
        for e in std::fs::read_dir(root.join(dir)).expect("fixtures") {
            let path = e.expect("entry").path();
            let bytes = std::fs::read(&path).expect("readable");
            let c = order_fsm_core::compile_bytes("f.fsm", &bytes);
            check_order_and_links(&c);
            caused += c
                .diagnostics
                .iter()
                .filter(|d| !d.caused_by.is_empty())
                .count();
        }
    }
    assert!(caused >= 4, "the fixtures show caused warnings");
}

#[test]
fn the_unreachable_refund_names_the_line_out_of_the_final_state() {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/invalid/err_W0001_because_of_final.fsm"),
    )
    .expect("fixture");
    let c = order_fsm_core::compile("f.fsm", &text);
    let e = &c.diagnostics[0];
    assert_eq!(e.code, codes::FROM_FINAL);
    let w: Vec<&Diagnostic> = c.diagnostics[1..].iter().collect();
    assert_eq!(
        w.iter().map(|d| d.code).collect::<Vec<_>>(),
        [codes::UNREACHABLE, codes::UNREACHABLE, codes::RULE_VACUOUS]
    );
    for d in w {
        assert_eq!(d.caused_by.len(), 1);
        assert_eq!(d.caused_by[0].span, e.primary.span);
        assert!(
            c.render().contains("note: because of error[E0009] at 13:3"),
            "{}",
            c.render()
        );
    }
}

/// One line of a random machine: sources, target, and its trigger (event or timeout).
#[derive(Clone, Debug)]
struct Line {
    sources: Vec<usize>,
    target: usize,
    event: Option<u8>,
    hours: u8,
}

const STATES: usize = 5;
/// S3 and S4 are final.
fn is_final(s: usize) -> bool {
    s >= 3
}

fn machine() -> impl Strategy<Value = Vec<Line>> {
    let line = (
        prop::collection::btree_set(0..STATES, 1..3),
        0..STATES,
        prop::option::of(0u8..2),
        1u8..3,
    )
        .prop_map(|(sources, target, event, hours)| Line {
            sources: sources.into_iter().collect(),
            target,
            event,
            hours,
        });
    prop::collection::vec(line, 1..8)
}

fn text_of(lines: &[Line]) -> String {
    let mut s = String::from("machine M \"m\" {\n  state S0 \"零\" initial\n  state S1 \"一\"\n  state S2 \"二\"\n  state S3 \"三\" final\n  state S4 \"四\" final\n  event E0 \"甲\"\n  event E1 \"乙\"\n");
    for l in lines {
        let src: Vec<String> = l.sources.iter().map(|x| format!("S{x}")).collect();
        let trigger = match l.event {
            Some(e) => format!("on E{e}"),
            None => format!("after {}h", l.hours),
        };
        s.push_str(&format!(
            "  {} -> S{} {trigger}\n",
            src.join(", "),
            l.target
        ));
    }
    s.push_str("}\n");
    s
}

/// The state a graph warning is about, from its message: the first name in backquotes.
fn state_of(d: &Diagnostic) -> usize {
    let message = d.message.render(Lang::En);
    let name = message.split('`').nth(1).expect("a name in the message");
    name.trim_start_matches('S').parse().expect("a state S<n>")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("ORDER_FSM_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(300)
    ))]

    #[test]
    fn a_graph_warning_names_a_cause_exactly_when_the_written_lines_would_change_it(lines in machine()) {
        let c = order_fsm_core::compile("t.fsm", &text_of(&lines));
        check_order_and_links(&c);
        // The graph of lines as written.
        let mut out = vec![BTreeSet::new(); STATES];
        for l in &lines {
            for &s in &l.sources {
                out[s].insert(l.target);
            }
        }
        let reach_from = |from: usize| {
            let mut seen = [false; STATES];
            seen[from] = true;
            let mut q = VecDeque::from([from]);
            while let Some(a) = q.pop_front() {
                for &b in &out[a] {
                    if !seen[b] {
                        seen[b] = true;
                        q.push_back(b);
                    }
                }
            }
            seen
        };
        for d in &c.diagnostics {
            let written = match d.code {
                codes::UNREACHABLE => reach_from(0)[state_of(d)],
                codes::DEAD_END => out[state_of(d)].iter().any(|&t| t != state_of(d)),
                codes::NO_FINAL_REACHABLE => {
                    let r = reach_from(state_of(d));
                    (0..STATES).any(|t| is_final(t) && r[t])
                }
                _ => {
                    prop_assert!(d.caused_by.is_empty(), "{}", c.render());
                    continue;
                }
            };
            prop_assert_eq!(written, !d.caused_by.is_empty(), "{}", c.render());
            for cause in &d.caused_by {
                prop_assert!(
                    cause.severity == Severity::Error || cause.code == codes::TIMEOUT_ON_FINAL,
                    "{}", c.render()
                );
            }
        }
    }
}

/// The random machines do show warnings with and without a cause.
#[test]
fn random_machines_cover_caused_and_plain_warnings() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let (mut caused, mut plain) = (0, 0);
    for _ in 0..300 {
        let lines = machine()
            .new_tree(&mut runner)
            .expect("a machine")
            .current();
        let c = order_fsm_core::compile("t.fsm", &text_of(&lines));
        for d in c
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
        {
            if d.caused_by.is_empty() {
                plain += 1;
            } else {
                caused += 1;
            }
        }
    }
    assert!(caused > 30 && plain > 30, "caused {caused}, plain {plain}");
}
