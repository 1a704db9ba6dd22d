//! Semantic checks on the resolved model. Each pass pushes into one list; nothing stops
//! early, so a spec author sees every problem at once.

use std::collections::{HashMap, HashSet, VecDeque};

use crate::diag::{codes, Diagnostic, Severity};
use crate::interp::Interpreter;
use crate::model::*;
use crate::names::{camel_case, is_rust_keyword, snake_case, RESERVED_METHODS};
use crate::scenario::run_scenario;
use crate::source::Span;

/// Run every check on every machine. When resolving names already failed
/// (`resolved_cleanly` false), lines were left out of the model, so the checks that look at
/// the whole graph would only repeat that mistake; they are skipped.
pub fn check(spec: &Spec, resolved_cleanly: bool, diags: &mut Vec<Diagnostic>) {
    for m in &spec.machines {
        let errors_before = diags
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        let interp = Interpreter::new(m);
        from_final(m, diags);
        nondeterminism(m, &interp, diags);
        timeouts(m, &interp, diags);
        status_codes(m, diags);
        rust_names(m, diags);
        if resolved_cleanly {
            graph(m, diags);
            unused(m, diags);
        }
        labels(m, diags);
        let errors_now = diags
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        // Scenarios on a machine with errors would fail for reasons already reported.
        if resolved_cleanly && errors_now == errors_before {
            scenarios(m, &interp, diags);
        }
    }
}

fn from_final(m: &Machine, diags: &mut Vec<Diagnostic>) {
    for t in &m.transitions {
        if t.from_any {
            continue;
        }
        for (s, span) in t.sources.iter().zip(&t.source_spans) {
            let st = m.state(*s);
            if !st.is_final {
                continue;
            }
            let final_span = st.span;
            match &t.trigger {
                Trigger::Event { event, .. } => diags.push(
                    Diagnostic::error(
                        codes::FROM_FINAL,
                        format!("transition out of final state `{}`", st.id.text),
                        *span,
                        format!("`{}` is final", st.id.text),
                    )
                    .with_secondary(final_span, "marked `final` here")
                    .with_note(format!("a final state accepts no events, so `{}` can never happen here", m.event(*event).id.text))
                    .with_help(format!("remove `final` from `{}` if orders can still change there, or delete this line", st.id.text)),
                ),
                Trigger::Timeout { .. } => diags.push(
                    Diagnostic::warning(
                        codes::TIMEOUT_ON_FINAL,
                        format!("timeout on final state `{}` never fires", st.id.text),
                        *span,
                        format!("`{}` is final", st.id.text),
                    )
                    .with_secondary(final_span, "marked `final` here")
                    .with_help("final states never change; remove the timeout, or remove `final` if the order still moves on"),
                ),
            }
        }
    }
}

fn guard_name(m: &Machine, t: &Transition) -> Option<String> {
    t.guard.as_ref().map(|g| m.guard(g.guard).id.text.clone())
}

fn list_states(m: &Machine, states: &[StateIx]) -> String {
    let mut names: Vec<String> = states
        .iter()
        .take(5)
        .map(|s| format!("`{}`", m.state(*s).id.text))
        .collect();
    if states.len() > 5 {
        names.push(format!("and {} more", states.len() - 5));
    }
    names.join(", ")
}

/// Pairs of lines in conflict (the shadowed one, the one tried first), with the states where
/// the conflict happens, in the order found.
#[derive(Default)]
struct Conflicts {
    states: HashMap<(TransitionIx, TransitionIx), Vec<StateIx>>,
    order: Vec<(TransitionIx, TransitionIx)>,
}

impl Conflicts {
    fn add(&mut self, later: TransitionIx, earlier: TransitionIx, state: StateIx) {
        let v = self.states.entry((later, earlier)).or_default();
        if v.is_empty() {
            self.order.push((later, earlier));
        }
        v.push(state);
    }

    /// (shadowed line, line tried first, states) in the order found.
    fn iter(&self) -> impl Iterator<Item = (TransitionIx, TransitionIx, &[StateIx])> {
        self.order
            .iter()
            .map(|k| (k.0, k.1, self.states.get(k).map_or(&[][..], Vec::as_slice)))
    }
}

fn nondeterminism(m: &Machine, interp: &Interpreter<'_>, diags: &mut Vec<Diagnostic>) {
    let mut found = Conflicts::default();
    for s in 0..m.states.len() as u32 {
        let s = StateIx(s);
        if m.state(s).is_final {
            continue;
        }
        for (_, cands) in interp.events_of(s) {
            if cands.len() < 2 {
                continue;
            }
            // Explicit lines and `any` lines are two groups: explicit ones come first and
            // win, by design. Within a group, conflicts are errors.
            for group_any in [false, true] {
                let group: Vec<TransitionIx> = cands
                    .iter()
                    .copied()
                    .filter(|&c| m.transition(c).from_any == group_any)
                    .collect();
                for (i, &later) in group.iter().enumerate() {
                    let lt = m.transition(later);
                    for &earlier in &group[..i] {
                        let et = m.transition(earlier);
                        let conflict = match (&et.guard, &lt.guard) {
                            (None, _) => true,
                            (Some(a), Some(b)) => a.guard == b.guard,
                            (Some(_), None) => false,
                        };
                        // Different roles tell lines apart too.
                        let ra = m.allowed_roles(et);
                        let rb = m.allowed_roles(lt);
                        let roles_overlap =
                            ra.is_empty() || rb.is_empty() || ra.iter().any(|r| rb.contains(r));
                        if conflict && roles_overlap {
                            found.add(later, earlier, s);
                            break;
                        }
                    }
                }
            }
        }
    }
    for (later, earlier, states) in found.iter() {
        let lt = m.transition(later);
        let et = m.transition(earlier);
        let ev = lt
            .event()
            .map(|e| m.event(e).id.text.clone())
            .unwrap_or_default();
        let (msg, help) = match (&et.guard, &lt.guard) {
            (None, _) => (
                format!("this line for `{ev}` in {} can never be taken", list_states(m, states)),
                "an earlier line for the same state and event has no guard, so it is always taken first; give the earlier line a guard (`if name \"…\"`), or move the unguarded line last so it acts as \"otherwise\"".to_string(),
            ),
            _ => (
                format!("two lines for `{ev}` in {} have the same guard `{}`", list_states(m, states), guard_name(m, lt).unwrap_or_default()),
                "the same guard cannot tell two lines apart; use different guards, or merge the lines".to_string(),
            ),
        };
        diags.push(
            Diagnostic::error(codes::NONDETERMINISM, msg, lt.span, "never taken")
                .with_secondary(et.span, "this line is tried first")
                .with_help(help),
        );
    }
}

fn timeouts(m: &Machine, interp: &Interpreter<'_>, diags: &mut Vec<Diagnostic>) {
    let mut found = Conflicts::default();
    for s in 0..m.states.len() as u32 {
        let s = StateIx(s);
        if m.state(s).is_final {
            continue;
        }
        let list = interp.timeouts(s);
        for (i, &later) in list.iter().enumerate() {
            let lt = m.transition(later);
            if lt.from_any {
                // An `any` timeout shadowed in one state still applies to the others.
                continue;
            }
            for &earlier in &list[..i] {
                let et = m.transition(earlier);
                let same_delay = et.timeout_seconds() == lt.timeout_seconds();
                let conflict = match (&et.guard, &lt.guard) {
                    (None, _) => true,
                    (Some(a), Some(b)) => a.guard == b.guard && same_delay,
                    (Some(_), None) => false,
                };
                if conflict {
                    found.add(later, earlier, s);
                    break;
                }
            }
        }
    }
    for (later, earlier, states) in found.iter() {
        let lt = m.transition(later);
        let et = m.transition(earlier);
        let (a, b) = (
            lt.timeout_seconds()
                .map(crate::duration::format_seconds)
                .unwrap_or_default(),
            et.timeout_seconds()
                .map(crate::duration::format_seconds)
                .unwrap_or_default(),
        );
        let msg = format!(
            "timeout after {a} in {} can never fire",
            list_states(m, states)
        );
        let help = if et.guard.is_none() {
            format!("the unguarded timeout after {b} always fires first; keep one timeout per state, or give the earlier one a guard")
        } else {
            "both timeouts have the same delay and guard; merge them or use different guards"
                .to_string()
        };
        diags.push(
            Diagnostic::error(codes::TIMEOUT_CONFLICT, msg, lt.span, "never fires")
                .with_secondary(et.span, "this timeout fires first")
                .with_help(help),
        );
    }
}

fn status_codes(m: &Machine, diags: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<&Code, (&State, Span)> = HashMap::new();
    for s in &m.states {
        for (i, c) in s.codes.iter().enumerate() {
            let span = s.code_spans.get(i).copied().unwrap_or(s.span);
            if let Some((first, first_span)) = seen.get(c) {
                if first.id.text == s.id.text {
                    diags.push(
                        Diagnostic::error(
                            codes::DUPLICATE_CODE,
                            format!("status code {c} is listed twice for state `{}`", s.id.text),
                            span,
                            "code repeated",
                        )
                        .with_secondary(*first_span, "first listed here")
                        .with_help("list each code once"),
                    );
                } else {
                    diags.push(
                        Diagnostic::error(codes::DUPLICATE_CODE, format!("states `{}` and `{}` share status code {c}", first.id.text, s.id.text), span, format!("`{}` uses {c}", s.id.text))
                            .with_secondary(*first_span, format!("`{}` already uses {c}", first.id.text))
                            .with_help("a status code must map back to exactly one state; give each state its own code"),
                    );
                }
            } else {
                seen.insert(c, (s, span));
            }
        }
    }
}

fn keyword(diags: &mut Vec<Diagnostic>, kind: &str, id: &str, span: Span, suggestion: String) {
    diags.push(
        Diagnostic::error(
            codes::RUST_KEYWORD,
            format!("{kind} name `{id}` is a Rust keyword"),
            span,
            "becomes a Rust name in generated code",
        )
        .with_help(format!("rename it, e.g. `{suggestion}`")),
    );
}

fn rust_names(m: &Machine, diags: &mut Vec<Diagnostic>) {
    if is_rust_keyword(&m.id.text) {
        keyword(
            diags,
            "machine",
            &m.id.text,
            m.id.span,
            format!("{}Order", camel_case(&m.id.text)),
        );
    }
    for s in &m.states {
        if is_rust_keyword(&s.id.text) {
            keyword(
                diags,
                "state",
                &s.id.text,
                s.id.span,
                camel_case(&s.id.text),
            );
        }
    }
    let mut methods: HashMap<String, (&str, Span)> = HashMap::new();
    for e in &m.events {
        let method = snake_case(&e.id.text);
        if is_rust_keyword(&e.id.text) {
            keyword(
                diags,
                "event",
                &e.id.text,
                e.id.span,
                format!("{}Order", camel_case(&e.id.text)),
            );
        } else if is_rust_keyword(&method) {
            diags.push(
                Diagnostic::error(codes::RUST_KEYWORD, format!("event `{}` becomes the method `{method}()`, and `{method}` is a Rust keyword", e.id.text), e.id.span, "becomes a Rust keyword in generated code")
                    .with_help(format!("rename the event, e.g. `{}Order`", camel_case(&e.id.text))),
            );
        } else if RESERVED_METHODS.contains(&method.as_str()) {
            diags.push(
                Diagnostic::error(
                    codes::NAME_COLLISION,
                    format!(
                        "event `{}` collides with the generated method `{method}`",
                        e.id.text
                    ),
                    e.id.span,
                    format!("becomes the method `{method}()`"),
                )
                .with_help(format!(
                    "rename the event, e.g. `{}Order`",
                    camel_case(&e.id.text)
                )),
            );
        }
        if let Some((other, span)) = methods.get(&method) {
            diags.push(
                Diagnostic::error(
                    codes::NAME_COLLISION,
                    format!(
                        "events `{other}` and `{}` both become the method `{method}()`",
                        e.id.text
                    ),
                    e.id.span,
                    "collides",
                )
                .with_secondary(*span, format!("`{other}` defined here"))
                .with_help("rename one of the two events"),
            );
        } else {
            methods.insert(method, (&e.id.text, e.id.span));
        }
        for f in &e.payload {
            if is_rust_keyword(&f.name.text) {
                keyword(
                    diags,
                    "field",
                    &f.name.text,
                    f.name.span,
                    format!("{}_value", f.name.text),
                );
            }
        }
    }
    let mut variants: HashMap<String, (&str, Span)> = HashMap::new();
    for r in &m.roles {
        let v = camel_case(&r.id.text);
        if is_rust_keyword(&r.id.text) {
            keyword(
                diags,
                "role",
                &r.id.text,
                r.id.span,
                format!("{}_role", r.id.text),
            );
        }
        if let Some((other, span)) = variants.get(&v) {
            diags.push(
                Diagnostic::error(
                    codes::NAME_COLLISION,
                    format!(
                        "roles `{other}` and `{}` both become `{v}` in generated code",
                        r.id.text
                    ),
                    r.id.span,
                    "collides",
                )
                .with_secondary(*span, format!("`{other}` defined here"))
                .with_help("rename one of the two roles"),
            );
        } else {
            variants.insert(v, (&r.id.text, r.id.span));
        }
    }
    // Guards and actions are methods of one hooks trait.
    let mut hooks: HashMap<&str, (&str, Span)> = HashMap::new();
    for g in &m.guards {
        if is_rust_keyword(&g.id.text) {
            keyword(
                diags,
                "guard",
                &g.id.text,
                g.id.span,
                format!("is_{}", g.id.text),
            );
        }
        hooks.insert(&g.id.text, ("guard", g.id.span));
    }
    for a in &m.actions {
        if is_rust_keyword(&a.id.text) {
            keyword(
                diags,
                "action",
                &a.id.text,
                a.id.span,
                format!("do_{}", a.id.text),
            );
        }
        if let Some((_, span)) = hooks.get(a.id.text.as_str()) {
            diags.push(
                Diagnostic::error(codes::NAME_COLLISION, format!("`{}` is both a guard and an action", a.id.text), a.id.span, "used as an action here")
                    .with_secondary(*span, "used as a guard here")
                    .with_help("guards and actions become methods of one hooks trait; give them different names, e.g. `check_…` for the guard"),
            );
        }
    }
}

fn graph(m: &Machine, diags: &mut Vec<Diagnostic>) {
    let n = m.states.len();
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut inc: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut leaves = vec![false; n];
    for t in &m.transitions {
        for s in &t.sources {
            if m.state(*s).is_final {
                continue;
            }
            let (a, b) = (s.index(), t.target.index());
            out[a].push(b);
            inc[b].push(a);
            if a != b {
                leaves[a] = true;
            }
        }
    }
    // Reachable from the initial state.
    let mut reach = vec![false; n];
    if let Some(init) = m.initial {
        let mut q = VecDeque::from([init.index()]);
        reach[init.index()] = true;
        while let Some(s) = q.pop_front() {
            for &t in &out[s] {
                if !reach[t] {
                    reach[t] = true;
                    q.push_back(t);
                }
            }
        }
        for (i, s) in m.states.iter().enumerate() {
            if !reach[i] {
                diags.push(
                    Diagnostic::warning(
                        codes::UNREACHABLE,
                        format!("state `{}` can never be reached", s.id.text),
                        s.id.span,
                        "no path from the initial state leads here",
                    )
                    .with_help(format!(
                        "add a transition into `{}`, or remove the state",
                        s.id.text
                    )),
                );
            }
        }
    }
    // Can reach a final state.
    let mut can_finish = vec![false; n];
    let mut q: VecDeque<usize> = VecDeque::new();
    for (i, s) in m.states.iter().enumerate() {
        if s.is_final {
            can_finish[i] = true;
            q.push_back(i);
        }
    }
    let any_final = !q.is_empty();
    while let Some(s) = q.pop_front() {
        for &p in &inc[s] {
            if !can_finish[p] {
                can_finish[p] = true;
                q.push_back(p);
            }
        }
    }
    if !any_final && n > 0 {
        diags.push(
            Diagnostic::warning(codes::NO_FINAL_REACHABLE, format!("machine `{}` has no final state", m.id.text), m.id.span, "orders never finish")
                .with_help("mark the states where an order's life ends with `final`, e.g. `state Completed \"交易成功\" final`"),
        );
        return;
    }
    for (i, s) in m.states.iter().enumerate() {
        if s.is_final {
            continue;
        }
        if !leaves[i] {
            diags.push(
                Diagnostic::warning(
                    codes::DEAD_END,
                    format!("state `{}` is not final but has no way out", s.id.text),
                    s.id.span,
                    "orders get stuck here",
                )
                .with_help(format!(
                    "add a transition out of `{}`, or mark it `final`",
                    s.id.text
                )),
            );
        } else if !can_finish[i] && (reach[i] || m.initial.is_none()) {
            diags.push(
                Diagnostic::warning(
                    codes::NO_FINAL_REACHABLE,
                    format!("no final state can be reached from `{}`", s.id.text),
                    s.id.span,
                    "orders here never finish",
                )
                .with_help(
                    "add a path from this state (or the states it leads to) to a final state",
                ),
            );
        }
    }
}

fn unused(m: &Machine, diags: &mut Vec<Diagnostic>) {
    let used: HashSet<EventIx> = m.transitions.iter().filter_map(Transition::event).collect();
    for (i, e) in m.events.iter().enumerate() {
        if !used.contains(&EventIx(i as u32)) {
            diags.push(
                Diagnostic::warning(
                    codes::UNUSED_EVENT,
                    format!("event `{}` is never used", e.id.text),
                    e.id.span,
                    "no transition uses it",
                )
                .with_help(format!(
                    "add a transition with `on {}`, or remove the event",
                    e.id.text
                )),
            );
        }
    }
    let guards: HashSet<GuardIx> = m
        .transitions
        .iter()
        .filter_map(|t| t.guard.as_ref().map(|g| g.guard))
        .collect();
    for (i, g) in m.guards.iter().enumerate() {
        if !guards.contains(&GuardIx(i as u32)) {
            diags.push(
                Diagnostic::warning(
                    codes::UNUSED_HOOK,
                    format!("guard `{}` is never used", g.id.text),
                    g.id.span,
                    "no transition checks it",
                )
                .with_help(format!(
                    "use it on a transition with `if {}`, or remove the declaration",
                    g.id.text
                )),
            );
        }
    }
    let actions: HashSet<ActionIx> = m
        .transitions
        .iter()
        .flat_map(|t| t.actions.iter().copied())
        .collect();
    for (i, a) in m.actions.iter().enumerate() {
        if !actions.contains(&ActionIx(i as u32)) {
            diags.push(
                Diagnostic::warning(
                    codes::UNUSED_HOOK,
                    format!("action `{}` is never used", a.id.text),
                    a.id.span,
                    "no transition runs it",
                )
                .with_help(format!(
                    "run it on a transition with `then {}`, or remove the declaration",
                    a.id.text
                )),
            );
        }
    }
    let mut roles: HashSet<RoleIx> = m
        .events
        .iter()
        .flat_map(|e| e.roles.iter().copied())
        .collect();
    roles.extend(m.transitions.iter().flat_map(|t| t.roles.iter().copied()));
    for (i, r) in m.roles.iter().enumerate() {
        if !roles.contains(&RoleIx(i as u32)) {
            diags.push(
                Diagnostic::warning(
                    codes::UNUSED_ROLE,
                    format!("role `{}` is never used", r.id.text),
                    r.id.span,
                    "no event names it",
                )
                .with_help(format!(
                    "add `by {}` to the events this role may fire, or remove the role",
                    r.id.text
                )),
            );
        }
    }
}

fn labels(m: &Machine, diags: &mut Vec<Diagnostic>) {
    for s in &m.states {
        if s.label.is_none() {
            diags.push(
                Diagnostic::warning(
                    codes::MISSING_LABEL,
                    format!("state `{}` has no label", s.id.text),
                    s.id.span,
                    "documents will show the id",
                )
                .with_help(format!(
                    "add a label after the id, e.g. `state {} \"待发货\"`",
                    s.id.text
                )),
            );
        }
    }
    for e in &m.events {
        if e.label.is_none() {
            diags.push(
                Diagnostic::warning(
                    codes::MISSING_LABEL,
                    format!("event `{}` has no label", e.id.text),
                    e.id.span,
                    "documents will show the id",
                )
                .with_help(format!(
                    "add a label after the id, e.g. `event {} \"发货\"`",
                    e.id.text
                )),
            );
        }
    }
}

fn scenarios(m: &Machine, interp: &Interpreter<'_>, diags: &mut Vec<Diagnostic>) {
    for s in &m.scenarios {
        let Some(run) = run_scenario(interp, s) else {
            continue;
        };
        if let Some(f) = &run.failure {
            let mut d = Diagnostic::error(
                codes::SCENARIO_FAILS,
                format!("scenario \"{}\" fails", s.name.text),
                f.span,
                f.message.clone(),
            );
            if let Some(Ok(t)) = run.trace.last().map(|t| &t.outcome) {
                d = d.with_secondary(m.transition(t.transition).span, "this line was taken");
            }
            let path: Vec<String> = run.trace.iter().map(|t| t.input.clone()).collect();
            d = d.with_note(format!("steps run: {}", path.join(", "))).with_help(
                f.hint.clone().unwrap_or_else(|| {
                    "either the transitions or the scenario is wrong; fix the one that does not match the PRD".to_string()
                }),
            );
            diags.push(d);
        }
    }
}
