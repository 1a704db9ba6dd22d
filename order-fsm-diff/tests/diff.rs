//! `diff` is checked against its definition: a spec compared with itself or with its
//! formatted text has no findings; swapping OLD and NEW turns additions into removals; and for
//! random single edits of a small machine every difference the interpreter shows (trying
//! every guard answer, every state, event and role) is reported, under a condition that
//! holds for those answers, and nothing else is; the same for timeouts at every delay.

use std::collections::BTreeSet;

use order_fsm_core::compile;
use order_fsm_core::interp::{Input, Interpreter};
use order_fsm_core::liveness::Liveness;
use order_fsm_core::model::{Machine, Spec, StateIx};
use order_fsm_core::msg::Lang;
use order_fsm_diff::{diff, Finding};
use order_fsm_fmt as fmt;
use order_fsm_testing::{fixtures, workspace_path};
use proptest::prelude::*;

fn spec(text: &str) -> Option<Spec> {
    let c = compile("x.fsm", text);
    if c.has_errors() {
        None
    } else {
        c.spec
    }
}

fn clean_specs() -> Vec<String> {
    let mut out = Vec::new();
    for dir in [workspace_path("specs"), fixtures("valid")] {
        for e in std::fs::read_dir(dir).expect("folder").flatten() {
            if let Ok(t) = std::fs::read_to_string(e.path()) {
                out.push(t);
            }
        }
    }
    out
}

#[test]
fn a_spec_and_its_formatted_text_have_no_findings() {
    for text in clean_specs() {
        let Some(a) = spec(&text) else { continue };
        assert_eq!(diff(&a, &a), Vec::<Finding>::new());
        let formatted = fmt::format(&text).expect("formats");
        let b = spec(&formatted).expect("still valid");
        assert_eq!(diff(&a, &b), Vec::<Finding>::new(), "{formatted}");
    }
}

const BASE: &str = r#"machine M "单" {
  role buyer "买家"
  role service "客服"
  state A "甲" initial code 1
  state B "乙" code 2
  state C "丙" final code 3
  state D "丁" final code 4
  event Go "走" by buyer, service
  event Stop "停"
  A -> B on Go if g1
  A -> C on Go if g2
  A -> D on Go
  A -> D on Stop by service
  B -> C on Go if g2 then notify
  B -> D on Stop
  A -> C after 30m if g1
  A -> D after 1h
  B -> C after 2h
}
"#;

/// One edit of one transition line (index into the lines that are transitions).
#[derive(Clone, Debug)]
enum Edit {
    Swap(usize, usize),
    Delete(usize),
    Target(usize, usize),
    Guard(usize, usize),
    Role(usize, usize),
    Delay(usize, usize),
    /// A new timeout line (source, target, delay, guard) inserted before a line.
    AddTimeout(usize, usize, usize, usize, usize),
    /// The role `service` no longer exists.
    RemoveRole,
    /// A new role `ops`, that this line is narrowed to.
    AddRole(usize),
}

const DELAYS: [&str; 5] = ["10m", "30m", "1h", "2h", "3h"];
const GUARDS: [&str; 3] = ["", " if g1", " if g2"];

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (0usize..9, 0usize..9).prop_map(|(a, b)| Edit::Swap(a, b)),
        (0usize..9).prop_map(Edit::Delete),
        (0usize..9, 0usize..4).prop_map(|(a, b)| Edit::Target(a, b)),
        (0usize..9, 0usize..3).prop_map(|(a, b)| Edit::Guard(a, b)),
        (0usize..9, 0usize..3).prop_map(|(a, b)| Edit::Role(a, b)),
        (0usize..9, 0usize..5).prop_map(|(a, b)| Edit::Delay(a, b)),
        (0usize..2, 0usize..4, 0usize..5, 0usize..3, 0usize..10)
            .prop_map(|(s, t, d, g, at)| Edit::AddTimeout(s, t, d, g, at)),
        Just(Edit::RemoveRole),
        (0usize..9).prop_map(Edit::AddRole),
    ]
}

fn apply(e: &Edit) -> String {
    let mut lines: Vec<String> = BASE.lines().map(str::to_string).collect();
    let tr: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].contains(" -> "))
        .collect();
    let at = |i: usize| tr[i % tr.len()];
    match *e {
        Edit::Swap(a, b) => lines.swap(at(a), at(b)),
        Edit::Delete(a) => {
            lines.remove(at(a));
        }
        Edit::Target(a, t) => {
            let l = &lines[at(a)];
            let (head, rest) = l.split_once(" -> ").unwrap_or((l, ""));
            let rest = rest.get(1..).unwrap_or("");
            lines[at(a)] = format!("{head} -> {}{rest}", ["A", "B", "C", "D"][t]);
        }
        Edit::Guard(a, g) => {
            let l = lines[at(a)]
                .replace(" if g1", "")
                .replace(" if g2", "")
                .replace(" then notify", "");
            let suffix = GUARDS[g];
            lines[at(a)] = format!("{l}{suffix}");
        }
        Edit::Role(a, r) => {
            let l = lines[at(a)]
                .replace(" by service", "")
                .replace(" by buyer", "");
            if l.contains(" on ") {
                let (head, ev) = l.split_once(" on ").unwrap_or((&l, ""));
                let (name, rest) = ev.split_once(' ').unwrap_or((ev, ""));
                let by = ["", " by buyer", " by service"][r];
                let rest = if rest.is_empty() {
                    String::new()
                } else {
                    format!(" {rest}")
                };
                lines[at(a)] = format!("{head} on {name}{by}{rest}");
            }
        }
        Edit::Delay(a, d) => {
            let l = &lines[at(a)];
            if let Some((head, rest)) = l.split_once(" after ") {
                let (_, rest) = rest.split_once(' ').unwrap_or((rest, ""));
                let delay = DELAYS[d];
                let rest = if rest.is_empty() {
                    String::new()
                } else {
                    format!(" {rest}")
                };
                lines[at(a)] = format!("{head} after {delay}{rest}");
            }
        }
        Edit::AddTimeout(from, to, d, g, before) => {
            let line = format!(
                "  {} -> {} after {}{}",
                ["A", "B"][from],
                ["A", "B", "C", "D"][to],
                DELAYS[d],
                GUARDS[g]
            );
            let i = tr.get(before).copied().unwrap_or(tr[tr.len() - 1] + 1);
            lines.insert(i, line);
        }
        Edit::RemoveRole => {
            lines.retain(|l| l.trim() != "role service \"客服\"");
            for l in &mut lines {
                *l = l
                    .replace("by buyer, service", "by buyer")
                    .replace(" by service", "");
            }
        }
        Edit::AddRole(a) => {
            let l = lines[at(a)]
                .replace(" by service", "")
                .replace(" by buyer", "");
            if let Some((head, ev)) = l.split_once(" on ") {
                let (name, rest) = ev.split_once(' ').unwrap_or((ev, ""));
                let rest = if rest.is_empty() {
                    String::new()
                } else {
                    format!(" {rest}")
                };
                lines[at(a)] = format!("{head} on {name} by ops{rest}");
                let ev_line = lines
                    .iter()
                    .position(|l| l.trim_start().starts_with(&format!("event {name} ")))
                    .unwrap_or(0);
                // The event must allow the role for the line to narrow to it.
                if lines[ev_line].contains(" by ") {
                    lines[ev_line].push_str(", ops");
                }
            }
            let roles = lines
                .iter()
                .position(|l| l.trim_start().starts_with("role service"))
                .unwrap_or(1);
            lines.insert(roles + 1, "  role ops \"运营\"".to_string());
        }
    }
    let mut s = lines.join("\n");
    s.push('\n');
    s
}

/// Answers guards by id: `answers[i]` for `guards[i]`.
fn asker<'a>(
    m: &'a Machine,
    guards: &'a [&'a str],
    answers: &'a [bool],
) -> impl FnMut(order_fsm_core::model::GuardIx) -> bool + 'a {
    move |g| {
        let id = &m.guard(g).id.text;
        guards
            .iter()
            .position(|x| x == id)
            .is_some_and(|i| answers[i])
    }
}

/// How a caller acting as `role` reaches a machine: as that role when declared, as a trusted
/// caller when the machine declares no roles, and not at all (`None`) when the machine has
/// roles but not this one (every event is refused).
fn actor(m: &Machine, role: &str) -> Option<Option<order_fsm_core::model::RoleIx>> {
    if m.roles.is_empty() {
        Some(None)
    } else {
        m.role_ix(role).map(Some)
    }
}

/// A step's outcome: the target's id and the actions, `None` when refused.
fn outcome(
    m: &Machine,
    i: &Interpreter<'_>,
    st: StateIx,
    input: Option<Input>,
    answers: &[bool],
) -> Option<(String, Vec<String>)> {
    let input = input?;
    i.step(st, input, asker(m, &["g1", "g2"], answers))
        .ok()
        .map(|t| {
            let tr = m.transition(t.transition);
            (
                m.state(t.to).id.text.clone(),
                tr.actions
                    .iter()
                    .map(|&a| m.action(a).id.text.clone())
                    .collect::<Vec<_>>(),
            )
        })
}

/// Every (state, event or `after N`, role, guard answers) where the interpreter decides
/// differently: events for every role of either version, waits of every delay either version
/// uses (between two such delays nothing changes).
fn brute_force(old: &Machine, new: &Machine) -> BTreeSet<(String, String, String, Vec<bool>)> {
    let roles: BTreeSet<&str> = old
        .roles
        .iter()
        .chain(&new.roles)
        .map(|r| r.id.text.as_str())
        .collect();
    let roles: Vec<&str> = if roles.is_empty() {
        vec![""]
    } else {
        roles.into_iter().collect()
    };
    let delays: BTreeSet<u64> = old
        .transitions
        .iter()
        .chain(&new.transitions)
        .filter_map(|t| t.timeout_seconds())
        .collect();
    let (ol, nl) = (
        Liveness::new(Interpreter::new(old)),
        Liveness::new(Interpreter::new(new)),
    );
    let (oi, ni) = (ol.interpreter(), nl.interpreter());
    let mut out = BTreeSet::new();
    for (si, s) in old.states.iter().enumerate() {
        let os = StateIx(si as u32);
        let Some(ns) = new.state_ix(&s.id.text) else {
            continue;
        };
        for (ei, e) in old.events.iter().enumerate() {
            let Some(ne) = new.event_ix(&e.id.text) else {
                continue;
            };
            for role in &roles {
                for bits in 0..4u8 {
                    let answers = vec![bits & 1 == 1, bits & 2 == 2];
                    let input = |m: &Machine, event| {
                        actor(m, role).map(|actor| Input::Event { event, actor })
                    };
                    let a = outcome(
                        old,
                        oi,
                        os,
                        input(old, order_fsm_core::model::EventIx(ei as u32)),
                        &answers,
                    );
                    let b = outcome(new, ni, ns, input(new, ne), &answers);
                    if a != b {
                        out.insert((
                            s.id.text.clone(),
                            e.id.text.clone(),
                            role.to_string(),
                            answers,
                        ));
                    }
                }
            }
        }
        // Waits: sampled at the delays of the timeouts that can fire here (live ones) in
        // either version; at every other delay the outcomes must be those of the sample
        // before it, or the sampling would hide a difference.
        let live = |m: &Machine, l: &Liveness<'_>, st: StateIx| -> BTreeSet<u64> {
            l.interpreter()
                .timeouts(st)
                .iter()
                .filter(|&&t| l.is_live(st, t))
                .filter_map(|&t| m.transition(t).timeout_seconds())
                .collect()
        };
        let mut points = live(old, &ol, os);
        points.extend(live(new, &nl, ns));
        for bits in 0..4u8 {
            let answers = vec![bits & 1 == 1, bits & 2 == 2];
            let at = |p: u64| {
                let wait = Some(Input::Wait { seconds: p });
                (
                    outcome(old, oi, os, wait, &answers),
                    outcome(new, ni, ns, wait, &answers),
                )
            };
            for &p in &points {
                let (a, b) = at(p);
                if a != b {
                    out.insert((
                        s.id.text.clone(),
                        format!("after {p}"),
                        String::new(),
                        answers.clone(),
                    ));
                }
            }
            for &q in delays.difference(&points) {
                let sampled = points
                    .range(..q)
                    .next_back()
                    .map_or((None, None), |&p| at(p));
                if at(q) != sampled {
                    out.insert((
                        s.id.text.clone(),
                        format!("missed at {q}"),
                        String::new(),
                        answers.clone(),
                    ));
                }
            }
        }
    }
    out
}

/// The same set read from the decision findings.
fn reported(findings: &[Finding], old: &Machine) -> BTreeSet<(String, String, String, Vec<bool>)> {
    let mut out = BTreeSet::new();
    for f in findings {
        let timeout = f.kind.starts_with("timeout-");
        if !f.kind.starts_with("decision-") && f.kind != "actions-changed" && !timeout {
            continue;
        }
        let event = f.subject.split("->").next().unwrap_or("").to_string();
        for c in &f.cases {
            let event = match (timeout, c.after_seconds) {
                (true, Some(p)) => format!("after {p}"),
                _ => event.clone(),
            };
            let state = old
                .states
                .iter()
                .find(|s| c.state.ends_with(&format!("({})", s.id.text)) || c.state == s.id.text)
                .map(|s| s.id.text.clone())
                .unwrap_or_default();
            for bits in 0..4u8 {
                let answers = vec![bits & 1 == 1, bits & 2 == 2];
                let holds = c.when.iter().all(|(g, v)| match g.as_str() {
                    "g1" => answers[0] == *v,
                    "g2" => answers[1] == *v,
                    _ => true,
                });
                if holds {
                    out.insert((
                        state.clone(),
                        event.clone(),
                        c.role.clone().unwrap_or_default(),
                        answers,
                    ));
                }
            }
        }
    }
    out
}

fn swapped(kind: &str) -> Option<String> {
    if let Some(k) = kind.strip_suffix("-added") {
        Some(format!("{k}-removed"))
    } else {
        kind.strip_suffix("-removed").map(|k| format!("{k}-added"))
    }
}

/// Random single edits (lines moved, removed, retargeted, guarded, narrowed to a role;
/// timeouts added, removed, shortened, lengthened, guarded; a role added or removed): the
/// decision and timeout findings cover exactly the (state, event or wait, role, guard answers)
/// where the interpreter decides differently. Edits that make the spec invalid are counted,
/// and enough edits must have been compared for the test to mean something.
#[test]
fn findings_agree_with_the_interpreter() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let old = spec(BASE).expect("base is valid");
    let (compared, invalid, differing) = (
        AtomicUsize::new(0),
        AtomicUsize::new(0),
        AtomicUsize::new(0),
    );
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig {
        cases: 400,
        failure_persistence: None,
        ..ProptestConfig::default()
    });
    let result = runner.run(&edit(), |e| {
        let text = apply(&e);
        let Some(new) = spec(&text) else {
            invalid.fetch_add(1, Ordering::Relaxed);
            return Ok(());
        };
        compared.fetch_add(1, Ordering::Relaxed);
        let findings = diff(&old, &new);
        let want = brute_force(&old.machines[0], &new.machines[0]);
        if !want.is_empty() {
            differing.fetch_add(1, Ordering::Relaxed);
        }
        let got = reported(&findings, &old.machines[0]);
        prop_assert_eq!(&got, &want, "{:?}\n{}\n{:#?}", e, text, findings);
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    let (compared, invalid, differing) = (
        compared.into_inner(),
        invalid.into_inner(),
        differing.into_inner(),
    );
    eprintln!("{compared} edits compared ({differing} changing behaviour), {invalid} invalid");
    assert!(
        compared >= 300,
        "only {compared} of 400 edits were valid specs ({invalid} invalid)"
    );
    assert!(differing >= 150, "only {differing} edits changed behaviour");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn swapping_turns_additions_into_removals(e in edit()) {
        let a = spec(BASE).expect("base is valid");
        let Some(b) = spec(&apply(&e)) else { return Ok(()) };
        let ab = diff(&a, &b);
        let ba: BTreeSet<(String, String)> =
            diff(&b, &a).into_iter().map(|f| (f.kind.to_string(), f.subject)).collect();
        for f in &ab {
            if let Some(k) = swapped(f.kind) {
                prop_assert!(ba.contains(&(k.clone(), f.subject.clone())), "{} {} missing in {:?}", k, f.subject, ba);
            }
        }
    }
}

#[test]
fn a_spec_compared_with_itself_has_no_findings() {
    let a = spec(BASE).expect("valid");
    assert!(diff(&a, &a).is_empty());
}

mod scenarios {
    use super::spec;
    use order_fsm_core::msg::Lang;
    use order_fsm_diff::{broken_scenarios, diff, BrokenScenario};

    const OLD: &str = r#"machine M {
  role buyer
  role service
  state A initial
  state B
  state C final
  state D final
  event Go by buyer, service
  event Stop
  A -> B on Go if g1
  A -> C on Go
  B -> D on Stop
  B -> C after 1h
  scenario "g1 yes" { Go => B, Stop => D }
  scenario "g1 no" { Go [not g1] => C }
  scenario "service" { Go by service => B }
  scenario "waits" { Go, after 1h => C }
}
"#;

    fn broken(old: &str, new: &str) -> Vec<BrokenScenario> {
        let (o, n) = (
            spec(old).expect("old is valid"),
            spec(new).expect("new is valid"),
        );
        let findings = diff(&o, &n);
        let b = broken_scenarios(&o, &n, &findings);
        // Every finding named is one of the findings.
        for s in &b {
            for id in &s.findings {
                assert!(
                    findings.iter().any(|f| f.id == *id),
                    "{id} in {findings:#?}"
                );
            }
        }
        b
    }

    fn names(b: &[BrokenScenario]) -> Vec<(&str, usize, Vec<&str>)> {
        b.iter()
            .map(|s| {
                (
                    s.name.as_str(),
                    s.step,
                    s.findings.iter().map(String::as_str).collect(),
                )
            })
            .collect()
    }

    #[test]
    fn nothing_changed_breaks_nothing() {
        assert_eq!(broken(OLD, OLD), vec![]);
    }

    /// NEW without OLD's scenarios (which may name what NEW no longer has).
    fn without_scenarios(text: &str) -> String {
        text.lines()
            .filter(|l| !l.trim_start().starts_with("scenario"))
            .map(|l| format!("{l}\n"))
            .collect()
    }

    #[test]
    fn a_decision_that_changed_for_some_guard_answers_breaks_the_scenarios_that_give_them() {
        // With g1, Go now leads to C; with g1 no and g2 (yes unless set), to B.
        let new = OLD.replace(
            "A -> B on Go if g1",
            "A -> C on Go if g1\n  A -> B on Go if g2",
        );
        let (nb, wc) = ("decision-narrowed:M:Go->B", "decision-widened:M:Go->C");
        let (nc, wb) = ("decision-narrowed:M:Go->C", "decision-widened:M:Go->B");
        assert_eq!(
            names(&broken(OLD, &without_scenarios(&new))),
            vec![
                ("g1 yes", 1, vec![nb, wc]),
                ("g1 no", 1, vec![nc, wb]),
                ("service", 1, vec![nb, wc]),
                // "waits" (`Go, after 1h => C`) still passes: Go now leads straight to C, and
                // an hour later the order is in C, which is all the wait says.
            ]
        );
    }

    #[test]
    fn a_role_narrowed_breaks_only_that_roles_scenario() {
        let new = OLD.replace("A -> B on Go if g1", "A -> B on Go by buyer if g1");
        assert_eq!(
            names(&broken(OLD, &without_scenarios(&new))),
            // service's Go now falls through to the unguarded line.
            vec![(
                "service",
                1,
                vec!["decision-removed:M:Go->B", "decision-widened:M:Go->C"]
            )]
        );
    }

    #[test]
    fn a_longer_timeout_breaks_the_scenario_that_waits() {
        let new = OLD.replace("after 1h", "after 2h");
        let b = broken(OLD, &without_scenarios(&new));
        assert_eq!(
            names(&b),
            vec![("waits", 2, vec!["timeout-lengthened:M:B.after->C"])]
        );
        assert!(
            b[0].text.render(Lang::Zh).contains("没有到期的超时"),
            "{b:?}"
        );
    }

    #[test]
    fn a_scenario_naming_a_removed_event_role_or_state_is_broken_by_the_removal() {
        let new = OLD
            .replace("  event Stop\n", "")
            .replace("  B -> D on Stop\n", "  B -> C on Go\n")
            .replace("  role service\n", "")
            .replace("by buyer, service", "by buyer");
        assert_eq!(
            names(&broken(OLD, &without_scenarios(&new))),
            vec![
                ("g1 yes", 2, vec!["event-removed:M:Stop"]),
                ("service", 1, vec!["role-removed:M:service"]),
            ]
        );
        let gone = OLD
            .replace("  state D final\n", "")
            .replace("B -> D on Stop", "B -> C on Stop");
        let b = broken(OLD, &without_scenarios(&gone));
        assert_eq!(names(&b), vec![("g1 yes", 2, vec!["state-removed:M:D"])]);
        assert!(
            b[0].text.render(Lang::En).contains("no longer has"),
            "{b:?}"
        );
    }
}

/// Another system's codes changing is a finding (dangerous: stored orders keep the main code,
/// the translations change), in both languages; the same mapping written another way is not.
#[test]
fn a_changed_mapping_of_another_system_is_reported() {
    let old = r#"machine M "单" {
  codes legacy "旧系统"
  codes wms "仓库"
  state A "甲" initial code 1 legacy 0        wms 7
  state B "乙" final   code 2 legacy 5 shared wms 8
  state C "丙" final   code 3 legacy 5 shared wms 9
  event Go "走"
  event Stop "停"
  A -> B on Go
  A -> C on Stop
}
"#;
    let a = spec(old).expect("valid");
    // The same mapping laid out another way: no finding.
    let same = spec(&old.replace("legacy 0        wms 7", "legacy 0 wms 7")).expect("valid");
    assert_eq!(diff(&a, &same), Vec::<Finding>::new());
    let new = old
        .replace("legacy 5 shared wms 9", "legacy 6        wms 9")
        .replace("  codes wms \"仓库\"\n", "")
        .replace(" wms 7", "")
        .replace(" wms 8", "")
        .replace(" wms 9", "")
        .replace(
            "  codes legacy \"旧系统\"",
            "  codes legacy \"旧系统\"\n  codes tmall \"天猫\"",
        );
    let b = spec(&new).expect("valid");
    let found = diff(&a, &b);
    let ids: Vec<&str> = found.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(
        ids.iter().copied().collect::<BTreeSet<_>>(),
        BTreeSet::from([
            "code-system-removed:M:wms",
            "code-system-added:M:tmall",
            "system-code-changed:M:C.legacy",
        ]),
        "{found:#?}"
    );
    let changed = found
        .iter()
        .find(|f| f.kind == "system-code-changed")
        .expect("changed");
    assert_eq!(changed.level, order_fsm_diff::Level::Dangerous);
    assert!(
        changed
            .text
            .render(Lang::En)
            .contains("from 5 (shared) to 6"),
        "{}",
        changed.text.render(Lang::En)
    );
    assert!(
        changed
            .text
            .render(Lang::Zh)
            .contains("由 5（共用） 改为 6"),
        "{}",
        changed.text.render(Lang::Zh)
    );
    // Swapping OLD and NEW swaps the additions and removals.
    let back: BTreeSet<String> = diff(&b, &a).into_iter().map(|f| f.id).collect();
    assert!(back.contains("code-system-added:M:wms"), "{back:?}");
    assert!(back.contains("code-system-removed:M:tmall"), "{back:?}");
    assert!(back.contains("system-code-changed:M:C.legacy"), "{back:?}");
}

/// `customs none` says on purpose what a missing code says: writing it where a code was
/// missing is no finding; a code where it said `none` is a changed mapping, worded so.
#[test]
fn none_in_a_code_system_is_a_missing_code_on_purpose() {
    let base = r#"machine M "单" {
  codes customs "海关"
  state A "甲" initial code 1 customs "X"
  state B "乙" final   code 2
  event Go "走"
  A -> B on Go
}
"#;
    let a = spec(base).expect("valid");
    let said = spec(&base.replace("code 2\n", "code 2 customs none\n")).expect("valid");
    assert_eq!(diff(&a, &said), Vec::<Finding>::new());
    let coded = spec(&base.replace("code 2\n", "code 2 customs \"Y\"\n")).expect("valid");
    let found = diff(&said, &coded);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].id, "system-code-changed:M:B.customs");
    let zh = found[0].text.render(Lang::Zh);
    assert!(zh.contains("由 不适用（`none`） 改为 \"Y\""), "{zh}");
    let en = found[0].text.render(Lang::En);
    assert!(en.contains("not applicable (`none`)"), "{en}");
}

#[test]
fn reminders_and_lines_that_keep_the_state_are_compared_as_such() {
    let base = r#"machine M "单" {
  state Created "待付款" initial
  state Paid    "待发货"
  state Closed  "已关闭" final
  event Pay    "付款"
  event Remark "备注"
  event Close  "关闭"
  Created -> Paid on Pay
  Created -> Closed after 30m "超时关闭"
  Paid -> Closed on Close
  Paid on Remark then save_remark
@
}
"#;
    let old = spec(&base.replace("@\n", "")).expect("old");
    // A reminder added: reported as such, not as a timeout that leads somewhere.
    let new = spec(&base.replace(
        "@\n",
        "  Created after 25m \"付款提醒\" then remind_buyer\n",
    ))
    .expect("new");
    let f = diff(&old, &new);
    assert_eq!(
        f.iter().map(|f| f.kind).collect::<Vec<_>>(),
        ["reminder-added", "action-added"],
        "{f:#?}"
    );
    assert!(
        f[0].text
            .render(Lang::En)
            .contains("after 25m then remind_buyer"),
        "{}",
        f[0].text.render(Lang::En)
    );
    assert!(
        f[0].text.render(Lang::Zh).contains("新增提醒"),
        "{}",
        f[0].text.render(Lang::Zh)
    );
    // And the other way round.
    let back = diff(&new, &old);
    assert_eq!(
        back.iter().map(|f| f.kind).collect::<Vec<_>>(),
        ["reminder-removed", "action-removed"]
    );
    // The same reminder at another time is one reminder moved.
    let sooner = spec(&base.replace(
        "@\n",
        "  Created after 20m \"付款提醒\" then remind_buyer\n",
    ))
    .expect("sooner");
    let f = diff(&new, &sooner);
    assert_eq!(
        f.iter().map(|f| f.kind).collect::<Vec<_>>(),
        ["reminder-moved"],
        "{f:#?}"
    );
    assert_eq!(f[0].level, order_fsm_diff::Level::Dangerous);
    assert!(
        f[0].text
            .render(Lang::En)
            .contains("the reminder `then remind_buyer` now comes after 20m instead of 25m"),
        "{}",
        f[0].text.render(Lang::En)
    );
    assert!(
        f[0].text.render(Lang::Zh).contains("由 25m 后改为 20m 后"),
        "{}",
        f[0].text.render(Lang::Zh)
    );
    // Another action at another time is not the same reminder.
    let other = spec(&base.replace(
        "@\n",
        "  Created after 20m \"付款提醒\" then remind_seller\n",
    ))
    .expect("other");
    let kinds: Vec<_> = diff(&new, &other).iter().map(|f| f.kind).collect();
    assert!(
        kinds.contains(&"reminder-removed") && kinds.contains(&"reminder-added"),
        "{kinds:?}"
    );
    // An event handled in place turned into a re-entry: the decision's outcome changes.
    let reenter = spec(&base.replace(
        "  Paid on Remark then save_remark\n@\n",
        "  Paid -> Paid on Remark then save_remark\n",
    ))
    .expect("re-entry");
    let f = diff(&old, &reenter);
    assert!(!f.is_empty());
    assert!(
        f.iter()
            .any(|f| f.text.render(Lang::En).contains("kept (no re-entry)")),
        "{f:#?}"
    );
}

/// Every word of a finding, of the places where it shows, of the summary and of a broken
/// scenario comes from the message catalogue: each is a catalogue text (names and ids are
/// its arguments), every placeholder is filled in both languages, and Chinese reads as
/// Chinese. Pairs: every clean spec against every other and itself changed by one edit.
#[test]
fn every_finding_is_put_into_words_from_the_catalogue() {
    use order_fsm_core::msg::{self, Msg, Text};
    use order_fsm_diff::{broken_scenarios, summary, Level};

    let placeholders: BTreeSet<String> = msg::ALL
        .iter()
        .flat_map(|m| Msg::placeholders(m.en))
        .map(|p| format!("{{{p}}}"))
        .collect();
    let has_cjk = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    let check = |what: &str, t: &Text| {
        assert!(t.is_catalogued(), "{what}: {:?}", t.render(Lang::En));
        for lang in [Lang::En, Lang::Zh] {
            let s = t.render(lang);
            for p in &placeholders {
                assert!(!s.contains(p.as_str()), "{what}: unfilled {p} in {s:?}");
            }
        }
        let zh = t.render(Lang::Zh);
        assert!(has_cjk(&zh), "{what}: {zh:?}");
    };

    let mut texts: Vec<String> = clean_specs();
    for e in [
        Edit::Delete(0),
        Edit::Swap(0, 2),
        Edit::Target(4, 0),
        Edit::Guard(0, 2),
        Edit::Role(3, 1),
        Edit::Delay(5, 0),
        Edit::AddTimeout(1, 0, 2, 1, 0),
        Edit::RemoveRole,
        Edit::AddRole(1),
    ] {
        texts.push(BASE.to_string());
        texts.push(apply(&e));
    }
    let specs: Vec<Spec> = texts.iter().filter_map(|t| spec(t)).collect();
    let mut kinds = BTreeSet::new();
    let mut broken = 0;
    for a in &specs {
        for b in &specs {
            let mut found = diff(a, b);
            for f in &mut found {
                kinds.insert(f.kind);
                check(&f.id, &f.text);
                f.orders = Some(3);
                check(&f.id, &f.text_with_orders());
                for c in &f.cases {
                    check(&f.id, &c.describe());
                }
            }
            check("summary", &summary(&found));
            for s in broken_scenarios(a, b, &found) {
                broken += 1;
                check(&s.name, &s.text);
            }
        }
    }
    for l in [Level::Safe, Level::Dangerous, Level::Breaking] {
        check(l.name(), &l.text());
    }
    // The pairs show most kinds of finding and some broken scenarios.
    assert!(kinds.len() >= 25, "{kinds:?}");
    assert!(broken > 0);
}
