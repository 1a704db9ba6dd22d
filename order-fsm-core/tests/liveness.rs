//! The liveness analysis against the interpreter itself.
//!
//! - On random small machines, a line is live for an actor exactly when some guard answers
//!   (and some waiting time) make the interpreter take it.
//! - Every fix the dead-line diagnostics (E0010, E0011) suggest, applied to the model,
//!   changes no decision it should not: deleting a dead line changes no decision of anyone;
//!   moving it above the lines that win changes nothing for the roles that may not take it,
//!   and makes it live for the roles it was dead for.

use order_fsm_core::msg::Lang;
use std::collections::BTreeMap;

use order_fsm_core::diag::codes;
use order_fsm_core::interp::{Input, Interpreter, Rejection};
use order_fsm_core::liveness::{Liveness, Verdict};
use order_fsm_core::model::{EventIx, GuardIx, Machine, RoleIx, StateIx, TransitionIx};
use proptest::prelude::*;

/// Every guard answer as a bit set over the machine's guards.
fn assignments(m: &Machine) -> impl Iterator<Item = u32> {
    0..(1u32 << m.guards.len().min(8))
}

fn answer(bits: u32) -> impl FnMut(GuardIx) -> bool {
    move |g: GuardIx| bits & (1 << g.0) != 0
}

/// The waiting times worth trying in a state: each timeout's delay.
fn waits(interp: &Interpreter<'_>, s: StateIx) -> Vec<u64> {
    let m = interp.machine;
    let mut w: Vec<u64> = interp
        .timeouts(s)
        .iter()
        .filter_map(|&t| m.transition(t).timeout_seconds())
        .collect();
    w.push(u64::MAX);
    w.dedup();
    w
}

fn actors(m: &Machine) -> Vec<Option<RoleIx>> {
    std::iter::once(None)
        .chain((0..m.roles.len() as u32).map(|r| Some(RoleIx(r))))
        .collect()
}

/// Whether the interpreter ever takes `line` in `s` for `actor`.
fn taken_by_interpreter(
    interp: &Interpreter<'_>,
    s: StateIx,
    line: TransitionIx,
    actor: Option<RoleIx>,
) -> bool {
    let m = interp.machine;
    let t = m.transition(line);
    let inputs: Vec<Input> = match t.event() {
        Some(event) => vec![Input::Event { event, actor }],
        None => waits(interp, s)
            .into_iter()
            .map(|seconds| Input::Wait { seconds })
            .collect(),
    };
    inputs.iter().any(|&input| {
        assignments(m).any(|bits| match input {
            // A reminder is taken when a wait runs it (a fresh entry: every one pending).
            Input::Wait { seconds } => {
                let w = interp.wait(s, seconds, |_| true, answer(bits));
                w.reminders.iter().any(|t| t.transition == line)
                    || w.outcome.is_ok_and(|taken| taken.transition == line)
            }
            Input::Event { .. } => interp
                .step(s, input, answer(bits))
                .is_ok_and(|taken| taken.transition == line),
        })
    })
}

/// The actor sets the liveness rule quantifies over: declared roles, or any caller when
/// there are none.
fn rule_actors(m: &Machine) -> Vec<Option<RoleIx>> {
    if m.roles.is_empty() {
        vec![None]
    } else {
        (0..m.roles.len() as u32).map(|r| Some(RoleIx(r))).collect()
    }
}

fn check_against_interpreter(m: &Machine) {
    let live = Liveness::new(Interpreter::new(m));
    let interp = live.interpreter();
    for s in 0..m.states.len() as u32 {
        let s = StateIx(s);
        for l in 0..m.transitions.len() as u32 {
            let line = TransitionIx(l);
            let is_timeout = m.transition(line).event().is_none();
            let mut any_role = false;
            for actor in actors(m) {
                let expected = taken_by_interpreter(interp, s, line, actor);
                assert_eq!(
                    live.is_live_for(s, line, actor),
                    expected,
                    "line {l} in state {} for {actor:?}: {:?}",
                    m.state(s).id.text,
                    live.verdict(s, line, actor)
                );
                if expected && (rule_actors(m).contains(&actor) || is_timeout) {
                    any_role = true;
                }
                if let Verdict::Shadowed(sh) = live.verdict(s, line, actor) {
                    assert!(sh.by.0 != l, "a line does not shadow itself");
                }
            }
            assert_eq!(
                live.is_live(s, line),
                any_role,
                "line {l} in state {}",
                m.state(s).id.text
            );
            // The trusted caller adds nothing.
            if taken_by_interpreter(interp, s, line, None) {
                assert!(any_role, "line {l}: taken only by the trusted caller");
            }
        }
    }
}

/// One decision per (actor, state, input, guard answers), with the line taken (by its place
/// in the file) or the rejection. `sorted_roles` compares the roles a rejection lists as a
/// set.
fn decisions(
    m: &Machine,
    probes: &[u64],
    sorted_roles: bool,
) -> BTreeMap<(Option<RoleIx>, u32, String, u32), String> {
    let interp = Interpreter::new(m);
    let mut out = BTreeMap::new();
    for s in 0..m.states.len() as u32 {
        let mut inputs: Vec<(Option<RoleIx>, Input)> = Vec::new();
        for actor in actors(m) {
            for e in 0..m.events.len() as u32 {
                inputs.push((
                    actor,
                    Input::Event {
                        event: EventIx(e),
                        actor,
                    },
                ));
            }
        }
        for &seconds in probes {
            inputs.push((None, Input::Wait { seconds }));
        }
        for (actor, input) in inputs {
            for bits in assignments(m) {
                let outcome = match interp.step(StateIx(s), input, answer(bits)) {
                    Ok(t) => format!(
                        "to {} by line at {}",
                        t.to.0,
                        m.transition(t.transition).span.start
                    ),
                    Err(Rejection::RoleNotAllowed {
                        state,
                        event,
                        role,
                        mut allowed,
                    }) if sorted_roles => {
                        allowed.sort();
                        format!(
                            "{:?}",
                            Rejection::RoleNotAllowed {
                                state,
                                event,
                                role,
                                allowed
                            }
                        )
                    }
                    Err(r) => format!("{r:?}"),
                };
                out.insert((actor, s, format!("{input:?}"), bits), outcome);
            }
        }
    }
    out
}

/// Apply each fix the dead-line diagnostics of `src` suggest, and check the decisions.
/// Returns how many diagnostics were checked.
fn fixes_change_nothing_else(src: &str) -> usize {
    let c = order_fsm_core::compile("t.fsm", src);
    let Some(spec) = &c.spec else { return 0 };
    let mut checked = 0;
    for m in &spec.machines {
        let live = Liveness::new(Interpreter::new(m));
        // Every delay of the machine, tried in every state, before and after each fix.
        let mut probes: Vec<u64> = m
            .transitions
            .iter()
            .filter_map(|t| t.timeout_seconds())
            .chain([u64::MAX])
            .collect();
        probes.sort_unstable();
        probes.dedup();
        let before = decisions(m, &probes, false);
        let before_sorted = decisions(m, &probes, true);
        for d in c.diagnostics.iter().filter(|d| {
            (d.code == codes::NONDETERMINISM || d.code == codes::TIMEOUT_CONFLICT)
                && m.span.start <= d.primary.span.start
                && d.primary.span.end <= m.span.end
        }) {
            let Some(l) = m.transitions.iter().position(|t| t.span == d.primary.span) else {
                panic!("{} points at no line", d.message.render(Lang::En));
            };
            let line = TransitionIx(l as u32);
            let help = d
                .help
                .as_ref()
                .map(|t| t.render(Lang::En))
                .unwrap_or_default();
            let dead_states: Vec<StateIx> = m.transitions[l]
                .sources
                .iter()
                .copied()
                .filter(|&s| live.is_tried(s, line) && !live.is_live(s, line))
                .collect();
            assert!(!dead_states.is_empty(), "{}", d.message.render(Lang::En));
            // The help names every role the line is dead for.
            let mut dead_for: Vec<RoleIx> = Vec::new();
            for &s in &dead_states {
                for (actor, _) in live.shadows(s, line) {
                    if let Some(r) = actor {
                        assert!(
                            help.contains(&format!("`{}`", m.role(r).id.text)),
                            "help does not name `{}`: {help}",
                            m.role(r).id.text
                        );
                        if !dead_for.contains(&r) {
                            dead_for.push(r);
                        }
                    }
                }
            }

            // Fix 1: delete the line, or the states where it is dead from its sources.
            let mut fixed = m.clone();
            if help.contains("delete this line")
                || help.contains("delete this timeout")
                || help.contains("delete this reminder")
            {
                fixed.transitions.remove(l);
            } else {
                assert!(help.contains("from its sources"), "{help}");
                fixed.transitions[l]
                    .sources
                    .retain(|s| !dead_states.contains(s));
            }
            let after = decisions(&fixed, &probes, false);
            for (key, outcome) in &before {
                assert_eq!(
                    after.get(key),
                    Some(outcome),
                    "removing the dead line changed a decision: {}: {key:?}",
                    d.message.render(Lang::En)
                );
            }

            // Fix 2: move it above the lines that win, when the help offers it.
            if help.contains("move it above") {
                let mut winners: Vec<usize> = Vec::new();
                for &s in &dead_states {
                    for (_, sh) in live.shadows(s, line) {
                        winners.push(sh.by.index());
                    }
                }
                let first = winners.into_iter().min().expect("a dead line has a winner");
                let mut moved = m.clone();
                let t = moved.transitions.remove(l);
                moved.transitions.insert(first, t);
                let moved_line = TransitionIx(first as u32);
                let after = decisions(&moved, &probes, true);
                for (key, outcome) in &before_sorted {
                    let (actor, ..) = key;
                    let may_take = actor.is_some_and(|r| {
                        let roles = moved.allowed_roles(&moved.transitions[first]);
                        roles.is_empty() || roles.contains(&r)
                    });
                    if actor.is_some() && !may_take {
                        assert_eq!(
                            after.get(key),
                            Some(outcome),
                            "moving the line changed a decision for another role: {key:?}"
                        );
                    }
                }
                let moved_live = Liveness::new(Interpreter::new(&moved));
                for &s in &dead_states {
                    for &r in &dead_for {
                        assert!(
                            moved_live.is_live_for(s, moved_line, Some(r)),
                            "after the move the line is still dead for `{}`",
                            m.role(r).id.text
                        );
                    }
                    assert!(moved_live.is_live(s, moved_line));
                }
            }
            checked += 1;
        }
    }
    checked
}

#[test]
fn suggested_fixes_on_the_fixtures() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/invalid");
    let mut checked = 0;
    for e in std::fs::read_dir(dir).expect("fixtures").flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with("err_E0010") || name.starts_with("err_E0011") {
            let src = std::fs::read_to_string(e.path()).expect("readable");
            checked += fixes_change_nothing_else(&src);
        }
    }
    assert!(checked >= 6, "only {checked} diagnostics checked");
}

#[test]
fn the_fixtures_agree_with_the_interpreter() {
    for dir in ["tests/fixtures/invalid", "tests/fixtures/valid", "../specs"] {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
        for e in std::fs::read_dir(dir).expect("fixtures").flatten() {
            let Ok(src) = std::fs::read_to_string(e.path()) else {
                continue;
            };
            let c = order_fsm_core::compile("t.fsm", &src);
            for m in c.spec.iter().flat_map(|s| &s.machines) {
                if m.guards.len() <= 8 {
                    check_against_interpreter(m);
                }
            }
        }
    }
}

/// A random small machine, as spec text.
fn machine_text() -> impl Strategy<Value = String> {
    let line = (
        prop::option::of(prop::collection::vec(0u8..4, 1..3)), // sources; None: `any`
        0u8..4,                                                // target
        prop_oneof![
            (0u8..2, prop::option::of(0u8..2)).prop_map(|(e, r)| (Some(e), r, 0)),
            (1u64..3).prop_map(|d| (None, None, d)),
        ],
        prop::option::of(0u8..3), // guard
    );
    (
        0u8..3, // roles
        prop::collection::vec(prop::option::of(0u8..2), 2), // event roles (None: any role)
        prop::collection::vec(line, 1..7),
    )
        .prop_map(|(n_roles, event_roles, lines)| {
            let mut s = String::from("machine M \"m\" {\n");
            for r in 0..n_roles {
                s.push_str(&format!("  role r{r} \"角色{r}\"\n"));
            }
            s.push_str("  state S0 \"零\" initial\n  state S1 \"一\"\n  state S2 \"二\"\n  state S3 \"三\" final\n");
            for (e, r) in event_roles.iter().enumerate() {
                match r {
                    Some(r) if (*r) < n_roles => {
                        // Two roles when there are, so lines can narrow to one of them.
                        let by = if n_roles > 1 { "r0, r1".to_string() } else { format!("r{r}") };
                        s.push_str(&format!("  event E{e} \"事件{e}\" by {by}\n"));
                    }
                    _ => s.push_str(&format!("  event E{e} \"事件{e}\"\n")),
                }
            }
            for (sources, target, (event, role, delay), guard) in lines {
                let src = match sources {
                    None => "any".to_string(),
                    Some(v) => {
                        let mut v: Vec<String> = v.iter().map(|x| format!("S{}", x % 3)).collect();
                        v.dedup();
                        v.join(", ")
                    }
                };
                let trigger = match event {
                    Some(e) => {
                        let narrowed = match (role, &event_roles[e as usize]) {
                            (Some(r), Some(_)) if r < n_roles && n_roles > 1 => format!(" by r{r}"),
                            (Some(r), None) if r < n_roles => format!(" by r{r}"),
                            _ => String::new(),
                        };
                        format!("on E{e}{narrowed}")
                    }
                    None => format!("after {}h", delay),
                };
                let g = guard.map(|g| format!(" if g{g}")).unwrap_or_default();
                s.push_str(&format!("  {src} -> S{target} {trigger}{g}\n"));
            }
            s.push_str("}\n");
            s
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("ORDER_FSM_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(300)
    ))]

    #[test]
    fn random_machines_agree_with_the_interpreter(text in machine_text()) {
        let c = order_fsm_core::compile("t.fsm", &text);
        for m in c.spec.iter().flat_map(|s| &s.machines) {
            check_against_interpreter(m);
        }
        fixes_change_nothing_else(&text);
    }
}

/// The random machines do exercise what the tests above are about: dead lines, dead for
/// some roles, and moves.
#[test]
fn random_machines_cover_dead_lines_and_roles() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let (mut dead, mut with_roles, mut moves, mut live_for_some_roles_only) = (0, 0, 0, 0);
    for _ in 0..300 {
        let text = machine_text()
            .new_tree(&mut runner)
            .expect("a machine")
            .current();
        let c = order_fsm_core::compile("t.fsm", &text);
        for d in c
            .diagnostics
            .iter()
            .filter(|d| d.code == codes::NONDETERMINISM)
        {
            dead += 1;
            let help = d
                .help
                .as_ref()
                .map(|t| t.render(Lang::En))
                .unwrap_or_default();
            with_roles += usize::from(help.contains("dead for `"));
            moves += usize::from(help.contains("move it above"));
        }
        for m in c.spec.iter().flat_map(|s| &s.machines) {
            let live = Liveness::new(Interpreter::new(m));
            for s in 0..m.states.len() as u32 {
                for l in 0..m.transitions.len() as u32 {
                    let (s, l) = (StateIx(s), TransitionIx(l));
                    let roles = (0..m.roles.len() as u32).map(|r| Some(RoleIx(r)));
                    let verdicts: Vec<Verdict> = roles.map(|r| live.verdict(s, l, r)).collect();
                    if verdicts.contains(&Verdict::Live)
                        && verdicts.iter().any(|v| matches!(v, Verdict::Shadowed(_)))
                    {
                        live_for_some_roles_only += 1;
                    }
                }
            }
        }
    }
    let counts = format!(
        "dead {dead}, naming roles {with_roles}, moves {moves}, live for some roles only {live_for_some_roles_only}"
    );
    assert!(dead >= 20, "{counts}");
    assert!(with_roles >= 5, "{counts}");
    assert!(moves >= 5, "{counts}");
    assert!(live_for_some_roles_only >= 5, "{counts}");
}
