//! Semantic checks on the resolved model. Each pass pushes into one list; nothing stops
//! early, so a spec author sees every problem at once.

use std::collections::{HashMap, HashSet, VecDeque};

use crate::diag::{codes, Cause, Diagnostic, Severity};
use crate::interp::Interpreter;
use crate::liveness::{Liveness, Reason};
use crate::model::*;
use crate::names::{camel_case, snake_case, RESERVED_METHODS};
use crate::scenario::run_scenario;
use crate::source::Span;

/// The most lines one state may have for one event, and the most timeouts one state may
/// have: the generated code keeps one bit per candidate line.
pub const MAX_CANDIDATES: usize = 64;

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
        let live = Liveness::new(&interp);
        let mut killed = Vec::new();
        from_final(m, diags, &mut killed);
        dead_lines(m, &live, diags, &mut killed);
        too_many_lines(m, &interp, diags);
        status_codes(m, diags);
        rust_names(m, diags);
        if resolved_cleanly {
            let fx = Consequences::new(m, &live, &killed);
            graph(m, &live, &fx, diags);
            unused(m, diags);
            crate::rules::check_rules(m, &live, &fx, diags);
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

/// A line written from a state that can never be taken there, with the finding that says so.
type Killed = (StateIx, TransitionIx, Cause);

/// What the findings about lines take out of a machine's graph, and so which warnings about
/// the graph follow from them.
///
/// A line out of a final state (E0009, or W0006 for a timeout) and a line that another one
/// always wins over (E0010, E0011) are written but can never be taken there: the checks
/// below see the graph of lines that can be taken, so a state reached only through such a
/// line "can never be reached" and a state left only through one "has no way out". Those
/// warnings are true of the spec as written, but the author should fix the cause first, so
/// each one names the findings without which it would not hold: the dead lines on a shortest
/// path that the author meant (the graph with the dead lines restored).
pub struct Consequences {
    /// Per state, the lines leaving it in the meant graph: (target, the finding that kills
    /// it, if any).
    out: Vec<Vec<(usize, Option<Cause>)>>,
    /// Per state, the step before it on a shortest meant path from the initial state.
    from_initial: Vec<Option<(usize, Option<Cause>)>>,
    /// Per state, the next step on a shortest meant path to a final state.
    to_final: Vec<Option<(usize, Option<Cause>)>>,
}

impl Consequences {
    pub fn new(m: &Machine, live: &Liveness<'_>, killed: &[Killed]) -> Self {
        let n = m.states.len();
        let mut out: Vec<Vec<(usize, Option<Cause>)>> = vec![Vec::new(); n];
        let mut inc: Vec<Vec<(usize, Option<Cause>)>> = vec![Vec::new(); n];
        let mut add = |a: usize, b: usize, cause: Option<Cause>| {
            if a < n && b < n {
                out[a].push((b, cause));
                inc[b].push((a, cause));
            }
        };
        for s in 0..n as u32 {
            for line in live.live_lines(StateIx(s)) {
                add(s as usize, m.transition(line).target.index(), None);
            }
        }
        for &(s, line, cause) in killed {
            add(s.index(), m.transition(line).target.index(), Some(cause));
        }
        let mut from_initial = vec![None; n];
        if let Some(init) = m.initial.map(StateIx::index).filter(|&i| i < n) {
            let mut seen = vec![false; n];
            seen[init] = true;
            let mut q = VecDeque::from([init]);
            while let Some(a) = q.pop_front() {
                for &(b, cause) in &out[a] {
                    if !seen[b] {
                        seen[b] = true;
                        from_initial[b] = Some((a, cause));
                        q.push_back(b);
                    }
                }
            }
        }
        let mut to_final = vec![None; n];
        let mut seen: Vec<bool> = m.states.iter().map(|s| s.is_final).collect();
        let mut q: VecDeque<usize> = (0..n).filter(|&i| seen[i]).collect();
        while let Some(b) = q.pop_front() {
            for &(a, cause) in &inc[b] {
                if !seen[a] {
                    seen[a] = true;
                    to_final[a] = Some((b, cause));
                    q.push_back(a);
                }
            }
        }
        Consequences {
            out,
            from_initial,
            to_final,
        }
    }

    /// The causes on a chain of steps from `s` (each step: the next state and its cause).
    fn along(steps: &[Option<(usize, Option<Cause>)>], s: StateIx) -> Vec<Cause> {
        let mut causes = Vec::new();
        let mut at = s.index();
        // A chain never visits a state twice; the bound guards against a broken one.
        for _ in 0..steps.len() {
            let Some(Some((next, cause))) = steps.get(at) else {
                break;
            };
            causes.extend(*cause);
            at = *next;
        }
        causes
    }

    /// Why `s`, which no line that can be taken reaches, can never be reached: the dead
    /// lines on a shortest path the author wrote to it (none: no path was written).
    pub fn unreachable(&self, s: StateIx) -> Vec<Cause> {
        Self::along(&self.from_initial, s)
    }

    /// Why `s` has no way out: the dead lines written out of it.
    pub fn dead_end(&self, s: StateIx) -> Vec<Cause> {
        self.out
            .get(s.index())
            .into_iter()
            .flatten()
            .filter(|(b, _)| *b != s.index())
            .filter_map(|(_, c)| *c)
            .collect()
    }

    /// Why no final state can be reached from `s`: the dead lines on a shortest path the
    /// author wrote from it to a final state.
    pub fn no_final(&self, s: StateIx) -> Vec<Cause> {
        Self::along(&self.to_final, s)
    }
}

fn from_final(m: &Machine, diags: &mut Vec<Diagnostic>, killed: &mut Vec<Killed>) {
    for (i, t) in m.transitions.iter().enumerate() {
        let line = TransitionIx(i as u32);
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
                    .with_help(from_final_help(m, *s, t, *event)),
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
            if let Some(d) = diags.last() {
                killed.push((*s, line, Cause::of(d)));
            }
        }
    }
}

/// The two ways out of E0009, and what each means for orders: the line is the mistake, or
/// the state is not really final. Removing `final` alone makes the check pass, so the help
/// never offers it without saying what it changes.
fn from_final_help(m: &Machine, s: StateIx, t: &Transition, event: EventIx) -> String {
    let st = &m.state(s).id.text;
    let ev = &m.event(event).id.text;
    let st_name = human(m.state_label(s), st);
    let ev_name = human(m.event_label(event), ev);
    let moves = if t.target == s {
        "is accepted there and leaves it as it is".to_string()
    } else {
        format!(
            "takes it to {}",
            human(m.state_label(t.target), &m.state(t.target).id.text)
        )
    };
    let drop_line = if t.sources.len() > 1 {
        format!("remove `{st}` from this line's sources")
    } else {
        "delete this line, or start it from the state where it should happen".to_string()
    };
    format!(
        "decide which of the two is wrong:\n\
         - the line is the mistake: {drop_line}; an order that is {st_name} then stays so for good, and {ev_name} is refused there\n\
         - `{st}` is not really final: remove `final` from it; an order that is {st_name} is then still open: {ev_name} {moves}, and its life ends only in another final state"
    )
}

/// `待付款 (`Created`)` for a labelled item, `` `Created` `` for one without a label.
fn human(label: &str, id: &str) -> String {
    if label == id {
        format!("`{id}`")
    } else {
        format!("{label} (`{id}`)")
    }
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

/// `a`, `a and b`, `a, b and c`.
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The roles named in a help: `` `r1` and `r2` ``.
fn role_list(m: &Machine, actors: &[Option<RoleIx>]) -> String {
    let names: Vec<String> = actors
        .iter()
        .flatten()
        .map(|r| format!("`{}`", m.role(*r).id.text))
        .collect();
    and_list(&names)
}

/// One line that wins over a dead line, and for whom.
struct Winner {
    line: TransitionIx,
    reason: Reason,
    actors: Vec<Option<RoleIx>>,
}

/// Lines that can never be taken (E0010) and timeouts that can never fire (E0011), from
/// [`Liveness`]. A line is reported for the states where it is dead; an `any` line only when
/// it is dead in every state it covers.
fn dead_lines(
    m: &Machine,
    live: &Liveness<'_>,
    diags: &mut Vec<Diagnostic>,
    killed: &mut Vec<Killed>,
) {
    for (i, t) in m.transitions.iter().enumerate() {
        let line = TransitionIx(i as u32);
        let (tried, n_live) = live.counts(line);
        if tried == 0 || n_live == tried || (t.from_any && n_live > 0) {
            continue;
        }
        let dead_states: Vec<StateIx> = t
            .sources
            .iter()
            .copied()
            .filter(|&s| live.is_tried(s, line) && !live.is_live(s, line))
            .collect();
        let mut winners: Vec<Winner> = Vec::new();
        let mut dead_for: Vec<Option<RoleIx>> = Vec::new();
        for &s in &dead_states {
            for (actor, sh) in live.shadows(s, line) {
                if !dead_for.contains(&actor) {
                    dead_for.push(actor);
                }
                match winners.iter_mut().find(|w| w.line == sh.by) {
                    Some(w) if !w.actors.contains(&actor) => w.actors.push(actor),
                    Some(_) => {}
                    None => winners.push(Winner {
                        line: sh.by,
                        reason: sh.reason,
                        actors: vec![actor],
                    }),
                }
            }
        }
        dead_for.sort();
        let Some(first) = winners.first() else {
            continue;
        };
        let d = dead_line(m, t, &dead_states, tried, first, &winners, &dead_for);
        let cause = Cause::of(&d);
        killed.extend(dead_states.iter().map(|&s| (s, line, cause)));
        diags.push(d);
    }
}

fn dead_line(
    m: &Machine,
    t: &Transition,
    dead_states: &[StateIx],
    tried: usize,
    first: &Winner,
    winners: &[Winner],
    dead_for: &[Option<RoleIx>],
) -> Diagnostic {
    let everywhere = dead_states.len() == tried;
    let where_ = if t.from_any {
        "in any state".to_string()
    } else {
        format!("in {}", list_states(m, dead_states))
    };
    let same_guard = match winners {
        [w] => match w.reason {
            Reason::SameGuard { guard } => Some(guard),
            Reason::NoGuard => None,
        },
        _ => None,
    };
    let all_unguarded = winners.iter().all(|w| w.reason == Reason::NoGuard);
    let named_roles = dead_for.iter().any(Option::is_some);
    let for_whom = |actors: &[Option<RoleIx>]| {
        if named_roles && winners.len() > 1 {
            format!(" for {}", role_list(m, actors))
        } else {
            String::new()
        }
    };
    let remove = if everywhere {
        "delete this line".to_string()
    } else {
        format!("remove {} from its sources", list_states(m, dead_states))
    };
    let dead_for_text = if named_roles {
        format!("this line is dead for {}: ", role_list(m, dead_for))
    } else {
        String::new()
    };
    let (mut d, help) = match t.trigger {
        Trigger::Event { event, .. } => {
            let ev = &m.event(event).id.text;
            let what = if t.from_any { "`any` line" } else { "line" };
            let msg = match same_guard {
                Some(g) if !t.from_any => format!(
                    "two lines for `{ev}` {where_} have the same guard `{}`",
                    m.guard(g).id.text
                ),
                _ if t.from_any => format!("this {what} for `{ev}` can never be taken {where_}"),
                _ => format!("this {what} for `{ev}` {where_} can never be taken"),
            };
            let why = match same_guard {
                Some(g) => format!(
                    "a line tried before it has the same guard `{0}`: when `{0}` says yes that line is taken, and when it says no it says no for this line too",
                    m.guard(g).id.text
                ),
                None if all_unguarded && winners.len() == 1 => {
                    "the marked line is tried before it and has no guard, so it is always taken"
                        .to_string()
                }
                None if all_unguarded => "the marked lines are tried before it and have no guard, so one of them is always taken".to_string(),
                None => "each marked line is tried before it and always wins, having no guard or the same guard"
                    .to_string(),
            };
            // Lines that name the state are always tried before `any` lines.
            let can_move = winners
                .iter()
                .all(|w| m.transition(w.line).from_any == t.from_any);
            let fix = match (same_guard, can_move) {
                (Some(_), _) => format!("{remove}, or give it a guard of its own"),
                (None, true) => format!(
                    "{remove}, or move it above the {} marked if it should win there",
                    if winners.len() == 1 { "line" } else { "lines" }
                ),
                (None, false) => format!(
                    "{remove} (lines that name a state are always tried before `any` lines, so moving it does not help)"
                ),
            };
            (
                Diagnostic::error(codes::NONDETERMINISM, msg, t.span, "never taken"),
                format!("{dead_for_text}{why}; {fix}"),
            )
        }
        Trigger::Timeout { .. } => {
            let delay = |x: &Transition| {
                x.timeout_seconds()
                    .map(crate::duration::format_seconds)
                    .unwrap_or_default()
            };
            let a = delay(t);
            let b = delay(m.transition(first.line));
            let msg = if t.from_any {
                format!("this `any` timeout after {a} can never fire in any state")
            } else {
                format!("timeout after {a} {where_} can never fire")
            };
            let remove = remove.replace("this line", "this timeout");
            let help = match first.reason {
                Reason::NoGuard if winners.len() == 1 => format!(
                    "the unguarded timeout after {b} always fires first; {remove}, or give the earlier one a guard"
                ),
                Reason::SameGuard { guard } if winners.len() == 1 => format!(
                    "the timeout after {b} has the same guard `{0}` and is tried first: when `{0}` says yes it fires, and when it says no it says no for this one too; {remove}, or give this one a guard of its own",
                    m.guard(guard).id.text
                ),
                _ => format!(
                    "in each state a shorter (or earlier) timeout without a guard, or with the same guard, fires first; {remove}"
                ),
            };
            (
                Diagnostic::error(codes::TIMEOUT_CONFLICT, msg, t.span, "never fires"),
                help,
            )
        }
    };
    const SHOWN: usize = 5;
    for w in winners.iter().take(SHOWN) {
        let label = match (t.event().is_some(), w.reason) {
            (true, Reason::NoGuard) => "always taken first",
            (true, Reason::SameGuard { .. }) => "same guard, tried first",
            (false, Reason::NoGuard) => "this timeout fires first",
            (false, Reason::SameGuard { .. }) => "same guard, fires first",
        };
        d = d.with_secondary(
            m.transition(w.line).span,
            format!("{label}{}", for_whom(&w.actors)),
        );
    }
    if winners.len() > SHOWN {
        d = d.with_note(format!(
            "and {} more lines win over it in other states",
            winners.len() - SHOWN
        ));
    }
    d.with_help(help)
}

/// More candidates for one (state, event), or timeouts for one state, than the generated
/// code handles. Reported once per first line beyond the limit, with the states it affects.
fn too_many_lines(m: &Machine, interp: &Interpreter<'_>, diags: &mut Vec<Diagnostic>) {
    /// The first line beyond the limit, its event (`None`: timeouts), the states it is
    /// beyond the limit in, and the largest count.
    type Over = ((TransitionIx, Option<EventIx>), Vec<StateIx>, usize);
    let mut found: Vec<Over> = Vec::new();
    let mut add = |line: TransitionIx, event: Option<EventIx>, s: StateIx, n: usize| match found
        .iter_mut()
        .find(|f| f.0 == (line, event))
    {
        Some(f) => {
            f.1.push(s);
            f.2 = f.2.max(n);
        }
        None => found.push(((line, event), vec![s], n)),
    };
    for s in 0..m.states.len() as u32 {
        let s = StateIx(s);
        if m.state(s).is_final {
            continue;
        }
        for (e, cands) in interp.events_of(s) {
            if let Some(&line) = cands.get(MAX_CANDIDATES) {
                add(line, Some(e), s, cands.len());
            }
        }
        let t = interp.timeouts(s);
        if let Some(&line) = t.get(MAX_CANDIDATES) {
            add(line, None, s, t.len());
        }
    }
    for ((line, event), states, n) in found {
        let t = m.transition(line);
        let one = states.len() == 1;
        let whose = if one {
            format!("state `{}` has", m.state(states[0]).id.text)
        } else {
            format!("states {} have", list_states(m, &states))
        };
        let d = match event {
            Some(e) => Diagnostic::error(
                codes::TOO_MANY_LINES,
                format!(
                    "{whose} {} lines for event `{}`; at most {MAX_CANDIDATES} are allowed",
                    if one { n.to_string() } else { format!("up to {n}") },
                    m.event(e).id.text
                ),
                t.span,
                format!("line {} for this state and event", MAX_CANDIDATES + 1),
            )
            .with_help(format!(
                "the generated code tells at most {MAX_CANDIDATES} lines apart for one state and event; split the event into several events (e.g. one per channel), or make one guard decide what several lines decide now"
            )),
            None => Diagnostic::error(
                codes::TOO_MANY_LINES,
                format!(
                    "{whose} {} timeouts; at most {MAX_CANDIDATES} are allowed",
                    if one { n.to_string() } else { format!("up to {n}") },
                ),
                t.span,
                format!("timeout {} of this state", MAX_CANDIDATES + 1),
            )
            .with_help(format!(
                "the generated code tells at most {MAX_CANDIDATES} timeouts apart for one state; keep fewer timeouts, e.g. one per deadline with a guard that decides what happens"
            )),
        };
        let st = m.state(states[0]);
        diags.push(d.with_secondary(st.span, format!("`{}` declared here", st.id.text)));
    }
}

fn status_codes(m: &Machine, diags: &mut Vec<Diagnostic>) {
    // Codes are compared by their key (see `codes_equal`): `2` and `"2"` are one code.
    let mut seen: HashMap<std::borrow::Cow<'_, str>, (&State, &Code, Span)> = HashMap::new();
    for s in &m.states {
        for (i, c) in s.codes.iter().enumerate() {
            let span = s.code_spans.get(i).copied().unwrap_or(s.span);
            if let Some((first, first_code, first_span)) = seen.get(&c.key()) {
                debug_assert!(codes_equal(first_code, c));
                let note = (*first_code != c).then(|| {
                    format!(
                        "{first_code} and {c} are one code: a system that sends the code as text cannot tell them apart"
                    )
                });
                let d = if first.id.text == s.id.text {
                    Diagnostic::error(
                        codes::DUPLICATE_CODE,
                        format!("status code {c} is listed twice for state `{}`", s.id.text),
                        span,
                        "code repeated",
                    )
                    .with_secondary(*first_span, "first listed here")
                    .with_help("list each code once")
                } else {
                    Diagnostic::error(codes::DUPLICATE_CODE, format!("states `{}` and `{}` share status code {c}", first.id.text, s.id.text), span, format!("`{}` uses {c}", s.id.text))
                        .with_secondary(*first_span, format!("`{}` already uses {first_code}", first.id.text))
                        .with_help("a status code must map back to exactly one state; give each state its own code")
                };
                diags.push(match note {
                    Some(n) => d.with_note(n),
                    None => d,
                });
            } else {
                seen.insert(c.key(), (s, c, span));
            }
        }
    }
}

/// The four keywords that cannot be raw identifiers (`r#self` is not Rust); every other
/// keyword becomes a raw identifier in generated code (`r#return`, `r#type`).
pub fn is_unusable_keyword(name: &str) -> bool {
    matches!(name, "self" | "Self" | "super" | "crate")
}

/// Report a name one of whose Rust forms is `self`, `Self`, `super` or `crate`.
fn keyword(
    diags: &mut Vec<Diagnostic>,
    kind: &str,
    id: &str,
    forms: &[String],
    span: Span,
    suggestion: String,
) {
    let Some(form) = forms.iter().find(|f| is_unusable_keyword(f)) else {
        return;
    };
    let message = if form == id {
        format!("{kind} name `{id}` is the Rust keyword `{form}`")
    } else {
        format!("{kind} `{id}` becomes `{form}` in generated code, a Rust keyword")
    };
    diags.push(
        Diagnostic::error(
            codes::RUST_KEYWORD,
            message,
            span,
            format!("`{form}` cannot be a name in Rust, not even as `r#{form}`"),
        )
        .with_help(format!("rename it, e.g. `{suggestion}`")),
    );
}

fn rust_names(m: &Machine, diags: &mut Vec<Diagnostic>) {
    let id = &m.id.text;
    keyword(
        diags,
        "machine",
        id,
        &[id.clone(), snake_case(id)],
        m.id.span,
        format!("{}Order", camel_case(id)),
    );
    for s in &m.states {
        let id = &s.id.text;
        keyword(
            diags,
            "state",
            id,
            std::slice::from_ref(id),
            s.id.span,
            format!("{}State", camel_case(id)),
        );
    }
    let mut methods: HashMap<String, (&str, Span)> = HashMap::new();
    for e in &m.events {
        let method = snake_case(&e.id.text);
        keyword(
            diags,
            "event",
            &e.id.text,
            &[e.id.text.clone(), method.clone()],
            e.id.span,
            format!("{}Order", camel_case(&e.id.text)),
        );
        if !is_unusable_keyword(&method) && RESERVED_METHODS.contains(&method.as_str()) {
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
            keyword(
                diags,
                "field",
                &f.name.text,
                std::slice::from_ref(&f.name.text),
                f.name.span,
                format!("{}_value", f.name.text),
            );
        }
    }
    let mut variants: HashMap<String, (&str, Span)> = HashMap::new();
    for r in &m.roles {
        let v = camel_case(&r.id.text);
        keyword(
            diags,
            "role",
            &r.id.text,
            &[r.id.text.clone(), v.clone()],
            r.id.span,
            format!("{}_role", r.id.text),
        );
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
        keyword(
            diags,
            "guard",
            &g.id.text,
            &[g.id.text.clone(), camel_case(&g.id.text)],
            g.id.span,
            format!("is_{}", g.id.text),
        );
        hooks.insert(&g.id.text, ("guard", g.id.span));
    }
    for a in &m.actions {
        keyword(
            diags,
            "action",
            &a.id.text,
            &[a.id.text.clone(), camel_case(&a.id.text)],
            a.id.span,
            format!("do_{}", a.id.text),
        );
        if let Some((_, span)) = hooks.get(a.id.text.as_str()) {
            diags.push(
                Diagnostic::error(codes::NAME_COLLISION, format!("`{}` is both a guard and an action", a.id.text), a.id.span, "used as an action here")
                    .with_secondary(*span, "used as a guard here")
                    .with_help("guards and actions become methods of one hooks trait; give them different names, e.g. `check_…` for the guard"),
            );
        }
    }
}

/// Reachability and dead ends, over the lines that can be taken: a line that can never be
/// taken (already an error) leads nowhere.
fn graph(m: &Machine, live: &Liveness<'_>, fx: &Consequences, diags: &mut Vec<Diagnostic>) {
    let n = m.states.len();
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut inc: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut leaves = vec![false; n];
    for s in 0..n as u32 {
        for line in live.live_lines(StateIx(s)) {
            let (a, b) = (s as usize, m.transition(line).target.index());
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
                    ))
                    .with_causes(fx.unreachable(StateIx(i as u32))),
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
                ))
                .with_causes(fx.dead_end(StateIx(i as u32))),
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
                )
                .with_causes(fx.no_final(StateIx(i as u32))),
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
