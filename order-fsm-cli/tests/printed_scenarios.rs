//! What the command prints for people to paste or for scripts to read stays what it says:
//! every counterexample scenario parses back and passes, `codes` writes one line per code,
//! `diff` tells a moved reminder from one removed and one added, `fmt` indents a closing
//! `}`, and a negative code needs no `--`.

use crate::common::{stdout, Scratch};

use order_fsm_core::diag::codes;
use order_fsm_core::msg::Lang;

/// The scenarios the diagnostics of `text` print for broken rules (`as a scenario: …`).
fn printed_scenarios(text: &str) -> Vec<String> {
    let c = order_fsm_core::compile("r.fsm", text);
    c.diagnostics
        .iter()
        .filter(|d| d.code == codes::RULE_BROKEN)
        .filter_map(|d| d.help.as_ref().map(|h| h.render(Lang::En)))
        .filter_map(|h| {
            h.lines()
                .find_map(|l| l.strip_prefix("as a scenario: "))
                .map(str::to_owned)
        })
        .collect()
}

/// Random rules, with names holding tabs, line breaks, quotes and backslashes, broken on
/// paths of several steps and of none: every counterexample printed, pasted into its spec
/// in place of the rules, parses with the rule's name and passes `order-fsm test`.
#[test]
fn every_printed_counterexample_pastes_back_and_passes() {
    let s = Scratch::new("pasted-counterexamples");
    let (mut specs, mut scenarios, mut zero_steps, mut odd_names) = (0, 0, 0, 0);
    let mut passed_lines = Vec::new();
    for seed in 0..1500u64 {
        let text = order_fsm_testing::random_small_spec(seed, true);
        let c = order_fsm_core::compile("r.fsm", &text);
        // Only rules may be wrong, so that the pasted spec is clean.
        if c.diagnostics.iter().any(|d| {
            d.severity == order_fsm_core::diag::Severity::Error && d.code != codes::RULE_BROKEN
        }) {
            continue;
        }
        let printed = printed_scenarios(&text);
        if printed.is_empty() {
            continue;
        }
        let names: Vec<String> = c.spec.as_ref().expect("parsed").machines[0]
            .rules
            .iter()
            .map(|r| r.name.text.clone())
            .collect();
        let body: String = text
            .lines()
            .filter(|l| !l.trim_start().starts_with("rule "))
            .map(|l| format!("{l}\n"))
            .collect();
        let body = body.strip_suffix("}\n").expect("machine closes");
        let mut pasted = body.to_string();
        for p in &printed {
            assert!(!p.contains(['\n', '\t', '\r']), "one line: {p:?}");
            pasted.push_str(&format!("  {p}\n"));
        }
        pasted.push_str("}\n");
        // Each scenario reads back with the name of its rule.
        let back = order_fsm_core::compile("p.fsm", &pasted);
        assert!(!back.has_errors(), "{pasted}\n{}", back.render());
        let got: Vec<String> = back.spec.as_ref().expect("parsed").machines[0]
            .scenarios
            .iter()
            .map(|sc| sc.name.text.clone())
            .collect();
        for g in &got {
            let rule = g.strip_suffix("（反例）").expect("named after a rule");
            assert!(names.iter().any(|n| n == rule), "{g:?} not in {names:?}");
            odd_names += usize::from(rule.contains(['\t', '\n', '"', '\\']));
            // `test` reports it on one line, its name escaped as in the spec.
            passed_lines.push(format!(
                "  ok     {}\n",
                order_fsm_core::scenario::escape_name(g)
            ));
        }
        assert_eq!(got.len(), printed.len());
        zero_steps += printed.iter().filter(|p| p.contains("{ => ")).count();
        scenarios += printed.len();
        specs += 1;
        s.write(&format!("pasted/{seed}.fsm"), &pasted);
    }
    assert!(
        specs >= 50 && zero_steps >= 10 && odd_names >= 50,
        "{specs} specs, {zero_steps} of no steps, {odd_names} odd names"
    );
    let o = s.run(&["test", "--lang", "en", "pasted"]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(
        out.contains(&format!("scenarios: {scenarios} passed, 0 failed")),
        "{out}"
    );
    for line in &passed_lines {
        assert!(out.contains(line.as_str()), "{line:?} not in\n{out}");
    }
    eprintln!(
        "pasted counterexamples: {specs} specs, {scenarios} scenarios, {zero_steps} without steps"
    );
}

const LABELS: &str = "machine M \"m\" {
  state A \"待\\n付款\" initial code -1
  state B \"已\\t付款\" final code 2
  event E \"e\"
  A -> B on E
}
";

#[test]
fn codes_writes_one_line_per_code_and_takes_a_negative_code() {
    let s = Scratch::new("codes-one-line");
    s.write("m.fsm", LABELS);
    let o = s.run(&[
        "codes", "m.fsm", "--from", "main", "--to", "main", "-1", "2",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", crate::common::stderr(&o));
    assert_eq!(stdout(&o), "-1 -> -1 (A 待\\n付款)\n2 -> 2 (B 已\\t付款)\n");
}

#[test]
fn a_reminder_without_actions_moved_is_one_finding() {
    let s = Scratch::new("reminder-moved");
    let spec = |delay: &str| {
        format!(
            "machine M \"m\" {{
  state A \"a\" initial
  state B \"b\" final
  event E \"e\"
  A -> B on E
  A after {delay} \"催付提醒\"
}}
"
        )
    };
    s.write("old.fsm", spec("1h"));
    s.write("new.fsm", spec("2h"));
    let o = s.run(&["diff", "old.fsm", "new.fsm", "--format", "json"]);
    let out = stdout(&o);
    assert!(out.contains("reminder-moved"), "{out}");
    assert!(
        !out.contains("reminder-added") && !out.contains("reminder-removed"),
        "{out}"
    );
}

#[test]
fn fmt_indents_the_closing_brace_of_a_scenario() {
    let s = Scratch::new("fmt-closing-brace");
    s.write(
        "m.fsm",
        "machine M \"m\" {
  state A \"a\" initial
  state B \"b\" final
  event E \"e\"
  A -> B on E
    scenario \"s\" {
    E => B
}
}
",
    );
    let o = s.run(&["fmt", "m.fsm"]);
    assert_eq!(o.status.code(), Some(0), "{}", crate::common::stderr(&o));
    let got = std::fs::read_to_string(s.path("m.fsm")).expect("written");
    assert!(
        got.ends_with("  scenario \"s\" {\n  E => B\n  }\n}\n"),
        "{got}"
    );
}
