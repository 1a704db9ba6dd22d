//! Business rules against the interpreter itself.
//!
//! - Every broken rule's printed scenario, pasted into the spec without the rule, passes.
//! - On random small machines, the prover agrees with a brute-force search over every input
//!   the interpreter accepts (every actor, every guard answer, every waiting time): a rule
//!   reported as holding has no counterexample, and every counterexample replays through
//!   the interpreter and breaks the rule.

use order_fsm_core::msg::Lang;
use std::collections::{BTreeSet, VecDeque};
use std::path::Path;

use order_fsm_core::analysis::Analysis;
use order_fsm_core::diag::codes;
use order_fsm_core::interp::{Input, Interpreter};
use order_fsm_core::model::{Expect, GuardIx, Machine, RoleIx, RuleKind, StateIx, Step};
use order_fsm_core::rules::{Counterexample, Outcome, Prover, Why};
use order_fsm_core::scenario::{run_scenario, run_steps};
use proptest::prelude::*;

/// The scenario a broken-rule diagnostic prints.
fn printed_scenario(help: &str) -> Option<&str> {
    help.lines()
        .find_map(|l| l.strip_prefix("as a scenario: "))
        .map(str::trim)
}

/// Paste `scenario` into `text` in place of the rule named `rule`, and check that `test`
/// would pass it.
fn paste_and_run(text: &str, rule: &str, scenario: &str) {
    let c = order_fsm_core::compile("spec.fsm", text);
    let spec = c.spec.expect("parsed");
    let (m, r) = spec
        .machines
        .iter()
        .find_map(|m| m.rules.iter().find(|r| r.name.text == rule).map(|r| (m, r)))
        .expect("rule in model");
    let end = m.span.end - 1; // the machine's closing brace
    assert_eq!(&text[end..end + 1], "}");
    let pasted = format!(
        "{}{}{}  {scenario}\n{}",
        &text[..r.span.start],
        "// the rule was here\n",
        &text[r.span.end..end],
        &text[end..]
    );
    let c2 = order_fsm_core::compile("pasted.fsm", &pasted);
    // Scenarios of the spec that fail with the rule (for the same reason) fail without it.
    let at = pasted.rfind(scenario).unwrap_or(0);
    assert!(
        !c2.diagnostics
            .iter()
            .any(
                |d| (d.code == codes::SCENARIO_FAILS && d.primary.span.start >= at)
                    || d.code == codes::SYNTAX
                    || d.code == codes::RULE_BROKEN
            ),
        "{pasted}\n{}",
        c2.render()
    );
    let spec2 = c2.spec.expect("parsed");
    let m2 = spec2.machine(&m.id.text).expect("machine");
    let sc = m2.scenarios.last().expect("the pasted scenario");
    assert!(sc.name.text.ends_with("（反例）"));
    let interp = Interpreter::new(m2);
    let run = run_scenario(&interp, sc).expect("runs");
    assert!(run.passed(), "{pasted}\n{:?}", run.failure);
}

#[test]
fn every_printed_counterexample_passes_as_a_scenario() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/invalid");
    let mut checked = 0;
    for e in std::fs::read_dir(dir).expect("fixtures").flatten() {
        let name = e.file_name().to_string_lossy().to_string();
        if !name.starts_with("err_E0024") {
            continue;
        }
        let text = std::fs::read_to_string(e.path()).expect("utf-8");
        let c = order_fsm_core::compile(&name, &text);
        let spec = c.spec.as_ref().expect("parsed");
        for d in c
            .diagnostics
            .iter()
            .filter(|d| d.code == codes::RULE_BROKEN)
        {
            let rule = spec.machines[0]
                .rules
                .iter()
                .find(|r| r.body == d.primary.span)
                .expect("located at a rule");
            let help = d.help.as_ref().map(|t| t.render(Lang::En)).expect("help");
            let sc = printed_scenario(&help).expect("a scenario");
            paste_and_run(&text, &rule.name.text, sc);
            checked += 1;
        }
    }
    assert!(checked >= 4, "only {checked} counterexamples checked");
}

#[test]
fn a_counterexample_from_an_unreachable_state_starts_there() {
    let text = r#"machine M "m" {
  state A "甲" initial
  state B "乙" final
  state X "旧" 
  state Y "丙" final
  event Go "走"
  A -> B on Go
  X -> Y after 1d
  rule "旧流程不会到丙" { from X never reach Y }
}
"#;
    let c = order_fsm_core::compile("m.fsm", text);
    let d = c
        .diagnostics
        .iter()
        .find(|d| d.code == codes::RULE_BROKEN)
        .expect("broken");
    let help = d
        .help
        .as_ref()
        .map(|t| t.render(Lang::En))
        .unwrap_or_default();
    let sc = printed_scenario(&help).expect("scenario");
    assert_eq!(
        sc,
        "scenario \"旧流程不会到丙（反例）\" from X { after 1d => Y }"
    );
    paste_and_run(text, "旧流程不会到丙", sc);
}

#[test]
fn a_rule_name_with_quotes_is_escaped_in_the_scenario() {
    let text = r#"machine M "m" {
  state A "甲" initial
  state B "乙" final
  event Go "走"
  A -> B on Go
  rule "不能\"走\"" { from A never reach B }
}
"#;
    let c = order_fsm_core::compile("m.fsm", text);
    let d = c
        .diagnostics
        .iter()
        .find(|d| d.code == codes::RULE_BROKEN)
        .expect("broken");
    let help = d
        .help
        .as_ref()
        .map(|t| t.render(Lang::En))
        .unwrap_or_default();
    let sc = printed_scenario(&help).expect("scenario");
    paste_and_run(text, "不能\"走\"", sc);
}

// ---------------------------------------------------------------- brute force

/// Every state the interpreter can move `s` to in one input: every event as every actor
/// (and a trusted caller), every waiting time, under every guard answer.
fn successors(interp: &Interpreter<'_>, s: StateIx) -> BTreeSet<StateIx> {
    let m = interp.machine;
    let mut inputs: Vec<Input> = Vec::new();
    let actors: Vec<Option<RoleIx>> = std::iter::once(None)
        .chain((0..m.roles.len() as u32).map(|r| Some(RoleIx(r))))
        .collect();
    for e in 0..m.events.len() as u32 {
        for &actor in &actors {
            inputs.push(Input::Event {
                event: order_fsm_core::model::EventIx(e),
                actor,
            });
        }
    }
    for t in &m.transitions {
        if let Some(seconds) = t.timeout_seconds() {
            inputs.push(Input::Wait { seconds });
        }
    }
    let mut out = BTreeSet::new();
    for input in inputs {
        for bits in 0..(1u32 << m.guards.len()) {
            // A line that keeps the state is no step of a path.
            if let Ok(t) = interp.step(s, input, |g: GuardIx| bits & (1 << g.0) != 0) {
                if !t.stays(m) {
                    out.insert(t.to);
                }
            }
        }
    }
    out
}

struct Brute {
    succ: Vec<BTreeSet<StateIx>>,
}

impl Brute {
    fn new(interp: &Interpreter<'_>) -> Self {
        let n = interp.machine.states.len();
        Brute {
            succ: (0..n as u32)
                .map(|s| successors(interp, StateIx(s)))
                .collect(),
        }
    }

    /// States reached from `roots` (included) expanding only where `expand` holds.
    fn closure(&self, roots: &[StateIx], expand: impl Fn(StateIx) -> bool) -> Vec<bool> {
        let mut seen = vec![false; self.succ.len()];
        let mut q: VecDeque<StateIx> = VecDeque::new();
        for &r in roots {
            if !seen[r.index()] {
                seen[r.index()] = true;
                q.push_back(r);
            }
        }
        while let Some(s) = q.pop_front() {
            if !expand(s) {
                continue;
            }
            for &t in &self.succ[s.index()] {
                if !seen[t.index()] {
                    seen[t.index()] = true;
                    q.push_back(t);
                }
            }
        }
        seen
    }

    fn can_reach(&self, targets: &[StateIx]) -> Vec<bool> {
        let n = self.succ.len();
        (0..n as u32)
            .map(|s| {
                let c = self.closure(&[StateIx(s)], |_| true);
                targets.iter().any(|t| c[t.index()])
            })
            .collect()
    }

    /// Whether the rule holds, and the states reached from the initial state.
    fn holds(&self, m: &Machine, rule: &RuleKind) -> bool {
        match rule {
            RuleKind::Never { from, targets } => {
                let first: Vec<StateIx> = self.succ[from.index()].iter().copied().collect();
                let c = self.closure(&first, |_| true);
                !targets.iter().any(|t| c[t.index()])
            }
            RuleKind::Via { targets, via } => {
                let init = m.initial.expect("initial");
                let c = self.closure(&[init], |s| !via.contains(&s));
                // Reached without a `via` state strictly before: reached from a non-via state.
                let bad = |t: &StateIx| {
                    (0..self.succ.len()).any(|s| {
                        c[s] && !via.contains(&StateIx(s as u32)) && self.succ[s].contains(t)
                    })
                };
                !targets.iter().any(bad)
            }
            RuleKind::Always { from, targets } => {
                let r = self.closure(&[*from], |s| !targets.contains(&s));
                let can = self.can_reach(targets);
                (0..self.succ.len())
                    .all(|s| !r[s] || targets.contains(&StateIx(s as u32)) || can[s])
            }
        }
    }
}

fn replay(interp: &Interpreter<'_>, cx: &Counterexample) {
    let steps: Vec<Step> = cx
        .hops
        .iter()
        .map(|h| Step {
            input: h.input.clone(),
            expect: Some(Expect::State {
                state: h.to,
                span: Default::default(),
            }),
            span: Default::default(),
        })
        .collect();
    let run = run_steps(interp, cx.start, &steps);
    assert!(run.passed(), "{:?}\n{:?}", cx, run.failure);
}

/// The states a counterexample passes, start and end included.
fn states_of(cx: &Counterexample) -> Vec<StateIx> {
    std::iter::once(cx.start)
        .chain(cx.hops.iter().map(|h| h.to))
        .collect()
}

/// Each rule drawn: its form, its `from` (or `via`) states and its targets.
type RuleDraws = Vec<(u8, Vec<u8>, Vec<u8>)>;

fn machine_text() -> impl Strategy<Value = (String, RuleDraws)> {
    let line = (
        prop::option::of(prop::collection::vec(0u8..4, 1..3)), // sources; None: `any`
        0u8..6,                                                // target
        prop_oneof![
            (0u8..3, prop::option::of(0u8..2)).prop_map(|(e, r)| (Some(e), r, 0)),
            (1u64..4).prop_map(|d| (None, None, d)),
        ],
        prop::option::of(0u8..2), // guard
    );
    let rule = (
        0u8..3,
        prop::collection::vec(0u8..6, 1..3),
        prop::collection::vec(0u8..6, 1..3),
    );
    (
        0u8..3,
        prop::collection::vec(line, 1..10),
        prop::collection::vec(rule, 1..6),
    )
        .prop_map(|(n_roles, lines, rules)| {
            let mut s = String::from("machine M \"m\" {\n");
            for r in 0..n_roles {
                s.push_str(&format!("  role r{r} \"角色{r}\"\n"));
            }
            s.push_str("  state S0 \"零\" initial\n  state S1 \"一\"\n  state S2 \"二\"\n  state S3 \"三\"\n  state S4 \"四\" final\n  state S5 \"五\" final\n");
            for e in 0..3 {
                s.push_str(&format!("  event E{e} \"事件{e}\"\n"));
            }
            for (sources, target, (event, role, delay), guard) in lines {
                let src = match sources {
                    None => "any".to_string(),
                    Some(v) => {
                        let v: BTreeSet<String> = v.iter().map(|x| format!("S{x}")).collect();
                        v.into_iter().collect::<Vec<_>>().join(", ")
                    }
                };
                let trigger = match event {
                    Some(e) => match role {
                        Some(r) if r < n_roles => format!("on E{e} by r{r}"),
                        _ => format!("on E{e}"),
                    },
                    None => format!("after {delay}h"),
                };
                let g = guard.map(|g| format!(" if g{g}")).unwrap_or_default();
                s.push_str(&format!("  {src} -> S{target} {trigger}{g}\n"));
            }
            s.push_str("}\n");
            (s, rules)
        })
}

fn to_rule(kind: u8, a: &[u8], b: &[u8]) -> RuleKind {
    let v = |x: &[u8]| {
        let set: BTreeSet<u8> = x.iter().copied().collect();
        set.into_iter()
            .map(|i| StateIx(i as u32))
            .collect::<Vec<_>>()
    };
    match kind {
        0 => RuleKind::Never {
            from: StateIx(a[0] as u32),
            targets: v(b),
        },
        1 => RuleKind::Via {
            targets: v(a),
            via: v(b),
        },
        _ => RuleKind::Always {
            from: StateIx(a[0] as u32),
            targets: v(b),
        },
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn rules_agree_with_brute_force((text, rules) in machine_text()) {
        let c = order_fsm_core::compile("gen.fsm", &text);
        let spec = c.spec.expect("parsed");
        // Lines the lowering refused would make the graphs differ for a known reason.
        prop_assume!(!c.diagnostics.iter().any(|d| matches!(
            d.code,
            codes::SYNTAX | codes::UNKNOWN_STATE | codes::UNKNOWN_EVENT | codes::UNKNOWN_ROLE
        )));
        let m = &spec.machines[0];
        let an = Analysis::new(m);
        let interp = an.interp();
        let prover = Prover::new(&an);
        let brute = Brute::new(interp);
        let reach = brute.closure(&[StateIx(0)], |_| true);
        for (kind, a, b) in &rules {
            let rule = to_rule(*kind, a, b);
            let outcome = prover.prove(&rule);
            match &outcome {
                Outcome::Malformed(_) => continue,
                Outcome::Holds => prop_assert!(brute.holds(m, &rule), "{rule:?} holds?\n{text}"),
                Outcome::Vacuous(s) => {
                    prop_assert!(brute.holds(m, &rule), "{rule:?} vacuous?\n{text}");
                    prop_assert!(!reach[s.index()], "{rule:?}: {s:?} is reachable\n{text}");
                }
                Outcome::Broken(cx) => {
                    prop_assert!(!brute.holds(m, &rule), "{rule:?} broken by {cx:?}?\n{text}");
                    replay(interp, cx);
                    let path = states_of(cx);
                    let end = cx.end();
                    match (&rule, cx.why) {
                        (RuleKind::Never { from, targets }, Why::Reached(t)) => {
                            prop_assert_eq!(t, end);
                            prop_assert!(targets.contains(&t));
                            let at = path.iter().position(|s| s == from);
                            prop_assert!(at.is_some_and(|i| i < path.len() - 1));
                        }
                        (RuleKind::Via { targets, via }, Why::ReachedWithout(t)) => {
                            prop_assert_eq!(t, end);
                            prop_assert!(targets.contains(&t));
                            prop_assert!(!path[..path.len() - 1].iter().any(|s| via.contains(s)));
                            prop_assert_eq!(Some(cx.start), m.initial);
                        }
                        (RuleKind::Always { from, targets }, Why::OtherFinal(s) | Why::Stuck(s)) => {
                            prop_assert_eq!(s, end);
                            let can = brute.can_reach(targets);
                            prop_assert!(!can[s.index()] && !targets.contains(&s));
                            let at = path.iter().position(|x| x == from);
                            prop_assert!(at.is_some());
                            let after = &path[at.unwrap_or(0)..path.len() - 1];
                            prop_assert!(!after.iter().any(|x| targets.contains(x)));
                        }
                        other => prop_assert!(false, "{other:?}"),
                    }
                    // The printed scenario passes when pasted into the spec.
                    {
                        let sc = cx.scenario(m, "反例");
                        let body = text.strip_suffix("}\n").unwrap_or(&text);
                        let pasted = format!("{body}  {sc}\n}}\n");
                        let c2 = order_fsm_core::compile("p.fsm", &pasted);
                        prop_assert!(
                            !c2.diagnostics.iter().any(|d| d.code == codes::SCENARIO_FAILS || d.code == codes::SYNTAX),
                            "{pasted}\n{}", c2.render()
                        );
                        let spec2 = c2.spec.expect("parsed");
                        let sc2 = spec2.machines[0].scenarios.last().expect("scenario");
                        let run = run_scenario(&Interpreter::new(&spec2.machines[0]), sc2).expect("run");
                        prop_assert!(run.passed(), "{pasted}\n{:?}", run.failure);
                    }
                }
            }
        }
    }
}
