//! Semantic checks on the resolved model. Each pass pushes into one list; nothing stops
//! early, so a spec author sees every problem at once.

use std::collections::{HashMap, HashSet};

use crate::analysis::{Analysis, Consequences, Killed};
use crate::diag::{codes, Cause, Diagnostic, Severity};
use crate::interp::Interpreter;
use crate::liveness::{Liveness, Reason};
use crate::model::*;
use crate::msg::{self, Msg, Text};
use crate::names::{camel_case, snake_case, system_methods, RESERVED_METHODS, STATE_METHODS};
use crate::scenario::run_scenario;
use crate::source::Span;
use crate::t;

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
        let an = Analysis::new(m);
        let mut killed = Vec::new();
        from_final(m, diags, &mut killed);
        dead_lines(m, an.live(), diags, &mut killed);
        too_many_lines(m, an.interp(), diags);
        idle_reminders(m, diags);
        status_codes(m, diags);
        system_codes(m, diags);
        rust_names(m, diags);
        if resolved_cleanly {
            let fx = Consequences::new(&an, &killed);
            graph(&an, &fx, diags);
            unused(m, diags);
            crate::rules::check_rules(&an, &fx, diags);
        }
        labels(m, diags);
        let errors_now = diags
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        // Scenarios on a machine with errors would fail for reasons already reported.
        if resolved_cleanly && errors_now == errors_before {
            scenarios(m, an.interp(), diags);
        }
    }
}

/// A reminder (a timeout without a target) that runs no action does nothing at all (W0013).
fn idle_reminders(m: &Machine, diags: &mut Vec<Diagnostic>) {
    for t in &m.transitions {
        let Trigger::Timeout { written, span, .. } = &t.trigger else {
            continue;
        };
        if t.target.is_some() || !t.actions.is_empty() {
            continue;
        }
        diags.push(
            Diagnostic::warning(
                codes::IDLE_REMINDER,
                t!(
                    msg::W0013_MESSAGE,
                    delay = Text::code(format!("after {written}"))
                ),
                *span,
                t!(msg::W0013_LABEL),
            )
            .with_help(t!(msg::W0013_HELP)),
        );
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
                        t!(msg::E0009_MESSAGE, state = Text::code(&st.id.text)),
                        *span,
                        t!(msg::IS_FINAL, state = Text::code(&st.id.text)),
                    )
                    .with_secondary(final_span, t!(msg::MARKED_FINAL_HERE))
                    .with_note(t!(
                        msg::E0009_NOTE,
                        event = Text::code(&m.event(*event).id.text)
                    ))
                    .with_help(from_final_help(m, *s, t, *event)),
                ),
                Trigger::Timeout { .. } => diags.push(
                    Diagnostic::warning(
                        codes::TIMEOUT_ON_FINAL,
                        t!(msg::W0006_MESSAGE, state = Text::code(&st.id.text)),
                        *span,
                        t!(msg::IS_FINAL, state = Text::code(&st.id.text)),
                    )
                    .with_secondary(final_span, t!(msg::MARKED_FINAL_HERE))
                    .with_help(t!(msg::W0006_HELP)),
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
fn from_final_help(m: &Machine, s: StateIx, t: &Transition, event: EventIx) -> Text {
    let st = &m.state(s).id.text;
    let ev = &m.event(event).id.text;
    let st_name = human(m.state_label(s), st);
    let ev_name = human(m.event_label(event), ev);
    let moves = match t.target {
        Some(target) if target != s => t!(
            msg::E0009_TAKES_TO,
            target = human(m.state_label(target), &m.state(target).id.text)
        ),
        _ => t!(msg::E0009_STAYS),
    };
    let drop_line = if t.sources.len() > 1 {
        t!(msg::E0009_DROP_SOURCE, state = Text::code(st))
    } else {
        t!(msg::E0009_DROP_LINE)
    };
    t!(
        msg::E0009_HELP,
        drop_line = drop_line,
        state = Text::code(st),
        state_name = st_name,
        event_name = ev_name,
        moves = moves
    )
}

/// `待付款 (`Created`)` for a labelled item, `` `Created` `` for one without a label.
pub(crate) fn human(label: &str, id: &str) -> Text {
    if label == id {
        Text::code(id)
    } else {
        Text::Lit(format!("{label} (`{id}`)"))
    }
}

/// Up to five state names, then "and 3 more".
pub(crate) fn list_states(m: &Machine, states: &[StateIx]) -> Text {
    let mut names: Vec<Text> = states
        .iter()
        .take(5)
        .map(|s| Text::code(&m.state(*s).id.text))
        .collect();
    if states.len() > 5 {
        names.push(t!(msg::AND_N_MORE, n = states.len() - 5));
    }
    Text::Join(names)
}

/// The roles named in a help: `` `r1` and `r2` ``.
fn role_list(m: &Machine, actors: &[Option<RoleIx>]) -> Text {
    Text::List(
        actors
            .iter()
            .flatten()
            .map(|r| Text::code(&m.role(*r).id.text))
            .collect(),
    )
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
        t!(msg::IN_ANY_STATE)
    } else {
        t!(msg::IN_STATES, states = list_states(m, dead_states))
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
            t!(msg::FOR_ROLES, roles = role_list(m, actors))
        } else {
            Text::default()
        }
    };
    let remove_sources = || t!(msg::REMOVE_SOURCES, states = list_states(m, dead_states));
    let remove = if everywhere {
        t!(msg::REMOVE_LINE)
    } else {
        remove_sources()
    };
    let dead_for_text = if named_roles {
        t!(msg::E0010_DEAD_FOR, roles = role_list(m, dead_for))
    } else {
        Text::default()
    };
    let (mut d, help) = match t.trigger {
        Trigger::Event { event, .. } => {
            let ev = Text::code(&m.event(event).id.text);
            let message = match same_guard {
                Some(g) if !t.from_any => t!(
                    msg::E0010_SAME_GUARD,
                    event = ev,
                    place = where_,
                    guard = Text::code(&m.guard(g).id.text)
                ),
                _ if t.from_any => t!(msg::E0010_ANY_NEVER, event = ev, place = where_),
                _ => t!(msg::E0010_NEVER, event = ev, place = where_),
            };
            let why = match same_guard {
                Some(g) => t!(
                    msg::E0010_WHY_SAME_GUARD,
                    guard = Text::code(&m.guard(g).id.text)
                ),
                None if all_unguarded && winners.len() == 1 => t!(msg::E0010_WHY_ONE_UNGUARDED),
                None if all_unguarded => t!(msg::E0010_WHY_ALL_UNGUARDED),
                None => t!(msg::E0010_WHY_MIXED),
            };
            // Lines that name the state are always tried before `any` lines.
            let can_move = winners
                .iter()
                .all(|w| m.transition(w.line).from_any == t.from_any);
            let fix = match (same_guard, can_move) {
                (Some(_), _) => t!(msg::E0010_FIX_OWN_GUARD, remove = remove),
                (None, true) if winners.len() == 1 => {
                    t!(msg::E0010_FIX_MOVE_ONE, remove = remove)
                }
                (None, true) => t!(msg::E0010_FIX_MOVE_MANY, remove = remove),
                (None, false) => t!(msg::E0010_FIX_ANY, remove = remove),
            };
            (
                Diagnostic::error(codes::NONDETERMINISM, message, t.span, t!(msg::NEVER_TAKEN)),
                t!(
                    msg::E0010_HELP,
                    dead_for = dead_for_text,
                    why = why,
                    fix = fix
                ),
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
            let reminder = t.is_reminder();
            let message = match (t.from_any, reminder) {
                (true, false) => t!(msg::E0011_ANY, delay = a),
                (false, false) => t!(msg::E0011_MESSAGE, delay = a, place = where_),
                (true, true) => t!(msg::E0011_REMINDER_ANY, delay = a),
                (false, true) => t!(msg::E0011_REMINDER, delay = a, place = where_),
            };
            let remove = if everywhere && reminder {
                t!(msg::REMOVE_REMINDER)
            } else if everywhere {
                t!(msg::REMOVE_TIMEOUT)
            } else {
                remove_sources()
            };
            let help = match first.reason {
                Reason::NoGuard if reminder && winners.len() == 1 => {
                    t!(msg::E0011_HELP_REMINDER, earlier = b, remove = remove)
                }
                Reason::NoGuard if winners.len() == 1 => {
                    t!(msg::E0011_HELP_UNGUARDED, earlier = b, remove = remove)
                }
                Reason::SameGuard { guard } if winners.len() == 1 => t!(
                    msg::E0011_HELP_SAME_GUARD,
                    earlier = b,
                    guard = Text::code(&m.guard(guard).id.text),
                    remove = remove
                ),
                _ => t!(msg::E0011_HELP_MANY, remove = remove),
            };
            (
                Diagnostic::error(
                    codes::TIMEOUT_CONFLICT,
                    message,
                    t.span,
                    if reminder {
                        t!(msg::NEVER_RUNS)
                    } else {
                        t!(msg::NEVER_FIRES)
                    },
                ),
                help,
            )
        }
    };
    const SHOWN: usize = 5;
    for w in winners.iter().take(SHOWN) {
        let label: &'static Msg = match (t.event().is_some(), w.reason) {
            (true, Reason::NoGuard) => &msg::ALWAYS_TAKEN_FIRST,
            (true, Reason::SameGuard { .. }) => &msg::SAME_GUARD_TRIED_FIRST,
            (false, Reason::NoGuard) => &msg::TIMEOUT_FIRES_FIRST,
            (false, Reason::SameGuard { .. }) => &msg::SAME_GUARD_FIRES_FIRST,
        };
        d = d.with_secondary(
            m.transition(w.line).span,
            Text::Seq(vec![label.into(), for_whom(&w.actors)]),
        );
    }
    if winners.len() > SHOWN {
        d = d.with_note(t!(msg::E0010_MORE_WINNERS, n = winners.len() - SHOWN));
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
        let state = Text::code(&m.state(states[0]).id.text);
        let all = list_states(m, &states);
        let d = match event {
            Some(e) => {
                let event = Text::code(&m.event(e).id.text);
                let message = if one {
                    t!(
                        msg::E0022_EVENT_ONE,
                        state = state,
                        n = n,
                        event = event,
                        max = MAX_CANDIDATES
                    )
                } else {
                    t!(
                        msg::E0022_EVENT_MANY,
                        states = all,
                        n = n,
                        event = event,
                        max = MAX_CANDIDATES
                    )
                };
                Diagnostic::error(
                    codes::TOO_MANY_LINES,
                    message,
                    t.span,
                    t!(msg::E0022_LINE_LABEL, k = MAX_CANDIDATES + 1),
                )
                .with_help(t!(msg::E0022_HELP_EVENT, max = MAX_CANDIDATES))
            }
            None => {
                let message = if one {
                    t!(
                        msg::E0022_TIMEOUT_ONE,
                        state = state,
                        n = n,
                        max = MAX_CANDIDATES
                    )
                } else {
                    t!(
                        msg::E0022_TIMEOUT_MANY,
                        states = all,
                        n = n,
                        max = MAX_CANDIDATES
                    )
                };
                Diagnostic::error(
                    codes::TOO_MANY_LINES,
                    message,
                    t.span,
                    t!(msg::E0022_TIMEOUT_LABEL, k = MAX_CANDIDATES + 1),
                )
                .with_help(t!(msg::E0022_HELP_TIMEOUT, max = MAX_CANDIDATES))
            }
        };
        let st = m.state(states[0]);
        diags.push(d.with_secondary(
            st.span,
            t!(msg::DECLARED_HERE, name = Text::code(&st.id.text)),
        ));
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
                    t!(
                        msg::E0012_NOTE,
                        first = first_code.to_string(),
                        second = c.to_string()
                    )
                });
                let d = if first.id.text == s.id.text {
                    Diagnostic::error(
                        codes::DUPLICATE_CODE,
                        t!(
                            msg::E0012_TWICE,
                            code = c.to_string(),
                            state = Text::code(&s.id.text)
                        ),
                        span,
                        t!(msg::E0012_CODE_REPEATED),
                    )
                    .with_secondary(*first_span, t!(msg::FIRST_LISTED_HERE))
                    .with_help(t!(msg::E0012_LIST_ONCE))
                } else {
                    Diagnostic::error(
                        codes::DUPLICATE_CODE,
                        t!(
                            msg::E0012_SHARED,
                            first = Text::code(&first.id.text),
                            second = Text::code(&s.id.text),
                            code = c.to_string()
                        ),
                        span,
                        t!(
                            msg::E0012_USES,
                            state = Text::code(&s.id.text),
                            code = c.to_string()
                        ),
                    )
                    .with_secondary(
                        *first_span,
                        t!(
                            msg::E0012_ALREADY_USES,
                            state = Text::code(&first.id.text),
                            code = first_code.to_string()
                        ),
                    )
                    .with_help(t!(msg::E0012_HELP))
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

/// The codes of other systems: one kind per system, a code shared only where every state
/// using it says `shared`, no holes, no unused system.
fn system_codes(m: &Machine, diags: &mut Vec<Diagnostic>) {
    for (ix, sys) in m.code_systems.iter().enumerate() {
        let system = Text::code(&sys.id.text);
        let mut first: Option<(&Code, Span)> = None;
        // Every use of a code, grouped by the code's key, in spec order.
        let mut keys: HashMap<std::borrow::Cow<'_, str>, usize> = HashMap::new();
        let mut uses: Vec<Vec<(&State, &SystemCodes, &Code, Span)>> = Vec::new();
        let mut used = false;
        for s in &m.states {
            let Some(sc) = s.codes_in(ix) else { continue };
            used = true;
            for (i, c) in sc.codes.iter().enumerate() {
                let span = sc.code_spans.get(i).copied().unwrap_or(sc.span);
                match first {
                    None => first = Some((c, span)),
                    Some((f, f_span)) => {
                        if std::mem::discriminant(f) != std::mem::discriminant(c) {
                            diags.push(
                                Diagnostic::error(
                                    codes::MIXED_CODES,
                                    t!(
                                        msg::E0026_MESSAGE,
                                        system = system.clone(),
                                        first = f.to_string(),
                                        second = c.to_string()
                                    ),
                                    span,
                                    t!(msg::E0026_LABEL, first = f.to_string()),
                                )
                                .with_secondary(
                                    f_span,
                                    t!(msg::E0026_FIRST, system = system.clone()),
                                )
                                .with_help(t!(
                                    msg::E0026_HELP,
                                    int = Text::code(format!("{} 5", sys.id.text)),
                                    str = Text::code(format!("{} \"CLOSED\"", sys.id.text))
                                )),
                            );
                        }
                    }
                }
                if let Some(j) = sc.codes[..i].iter().position(|x| codes_equal(x, c)) {
                    let first_span = sc.code_spans.get(j).copied().unwrap_or(sc.span);
                    diags.push(
                        Diagnostic::error(
                            codes::DUPLICATE_CODE,
                            t!(
                                msg::E0012_TWICE_IN,
                                system = system.clone(),
                                code = c.to_string(),
                                state = Text::code(&s.id.text)
                            ),
                            span,
                            t!(msg::E0012_CODE_REPEATED),
                        )
                        .with_secondary(first_span, t!(msg::FIRST_LISTED_HERE))
                        .with_help(t!(msg::E0012_LIST_ONCE)),
                    );
                    continue;
                }
                let k = *keys.entry(c.key()).or_insert_with(|| {
                    uses.push(Vec::new());
                    uses.len() - 1
                });
                uses[k].push((s, sc, c, span));
            }
        }
        for group in &uses {
            if group.len() < 2 || group.iter().all(|(_, sc, _, _)| sc.shared) {
                continue;
            }
            let Some(at) = group.iter().position(|(_, sc, _, _)| !sc.shared) else {
                continue;
            };
            let (state, _, code, span) = group[at];
            let other_at = if at == 0 { 1 } else { 0 };
            let (other, other_sc, other_code, other_span) = group[other_at];
            let mut d = Diagnostic::error(
                codes::DUPLICATE_CODE,
                t!(
                    msg::E0012_SHARED_IN,
                    first = Text::code(&other.id.text),
                    second = Text::code(&state.id.text),
                    system = system.clone(),
                    code = code.to_string()
                ),
                span,
                t!(
                    msg::E0012_NOT_MARKED,
                    state = Text::code(&state.id.text),
                    code = code.to_string()
                ),
            )
            .with_secondary(
                other_span,
                if other_sc.shared {
                    t!(
                        msg::E0012_ALREADY_USES,
                        state = Text::code(&other.id.text),
                        code = other_code.to_string()
                    )
                } else {
                    t!(
                        msg::E0012_NOT_MARKED,
                        state = Text::code(&other.id.text),
                        code = other_code.to_string()
                    )
                },
            );
            for (i, (s, sc, c, sp)) in group.iter().enumerate() {
                if i != at && i != other_at && !sc.shared {
                    d = d.with_secondary(
                        *sp,
                        t!(
                            msg::E0012_NOT_MARKED,
                            state = Text::code(&s.id.text),
                            code = c.to_string()
                        ),
                    );
                }
            }
            diags.push(d.with_help(t!(
                msg::E0012_MARK_SHARED,
                example = Text::code(format!("{} {} shared", sys.id.text, code))
            )));
        }
        if !used {
            diags.push(
                Diagnostic::warning(
                    codes::UNUSED_SYSTEM,
                    t!(msg::W0012_MESSAGE, system = system.clone()),
                    sys.id.span,
                    t!(msg::W0012_LABEL),
                )
                .with_help(t!(
                    msg::W0012_HELP,
                    example = Text::code(format!("{} 1", sys.id.text))
                )),
            );
            continue;
        }
        // A code to suggest for a hole: the next free number, or a text to fill in.
        let example = match first {
            Some((Code::Int(_), _)) => {
                let max = m
                    .states
                    .iter()
                    .filter_map(|s| s.codes_in(ix))
                    .flat_map(|c| &c.codes)
                    .filter_map(|c| match c {
                        Code::Int(i) => Some(*i),
                        Code::Str(_) => None,
                    })
                    .max()
                    .unwrap_or(0);
                format!("{} {}", sys.id.text, max.saturating_add(1))
            }
            _ => format!("{} \"…\"", sys.id.text),
        };
        for s in &m.states {
            if s.codes_in(ix).is_none() {
                diags.push(
                    Diagnostic::warning(
                        codes::CODE_HOLE,
                        t!(
                            msg::W0011_MESSAGE,
                            state = Text::code(&s.id.text),
                            system = system.clone()
                        ),
                        s.id.span,
                        t!(msg::W0011_LABEL, system = system.clone()),
                    )
                    .with_note(t!(msg::W0011_NOTE, system = system.clone()))
                    .with_help(t!(msg::W0011_HELP, example = Text::code(&example))),
                );
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
    kind: &'static Msg,
    id: &str,
    forms: &[String],
    span: Span,
    suggestion: String,
) {
    let Some(form) = forms.iter().find(|f| is_unusable_keyword(f)) else {
        return;
    };
    let message = if form == id {
        t!(
            msg::E0013_IS,
            kind = kind,
            id = Text::code(id),
            form = Text::code(form)
        )
    } else {
        t!(
            msg::E0013_BECOMES,
            kind = kind,
            id = Text::code(id),
            form = Text::code(form)
        )
    };
    diags.push(
        Diagnostic::error(
            codes::RUST_KEYWORD,
            message,
            span,
            t!(
                msg::E0013_LABEL,
                form = Text::code(form),
                raw = Text::code(format!("r#{form}"))
            ),
        )
        .with_help(t!(msg::E0013_HELP, suggestion = Text::code(suggestion))),
    );
}

fn rust_names(m: &Machine, diags: &mut Vec<Diagnostic>) {
    let id = &m.id.text;
    keyword(
        diags,
        &msg::KIND_MACHINE,
        id,
        &[id.clone(), snake_case(id)],
        m.id.span,
        format!("{}Order", camel_case(id)),
    );
    for s in &m.states {
        let id = &s.id.text;
        keyword(
            diags,
            &msg::KIND_STATE,
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
            &msg::KIND_EVENT,
            &e.id.text,
            &[e.id.text.clone(), method.clone()],
            e.id.span,
            format!("{}Order", camel_case(&e.id.text)),
        );
        if !is_unusable_keyword(&method) && RESERVED_METHODS.contains(&method.as_str()) {
            diags.push(
                Diagnostic::error(
                    codes::NAME_COLLISION,
                    t!(
                        msg::E0014_METHOD,
                        event = Text::code(&e.id.text),
                        method = Text::code(&method)
                    ),
                    e.id.span,
                    t!(
                        msg::E0014_BECOMES_METHOD,
                        method = Text::code(format!("{method}()"))
                    ),
                )
                .with_help(t!(
                    msg::E0014_RENAME_EVENT,
                    suggestion = Text::code(format!("{}Order", camel_case(&e.id.text)))
                )),
            );
        }
        if let Some((other, span)) = methods.get(&method) {
            diags.push(
                Diagnostic::error(
                    codes::NAME_COLLISION,
                    t!(
                        msg::E0014_EVENTS,
                        first = Text::code(other),
                        second = Text::code(&e.id.text),
                        method = Text::code(format!("{method}()"))
                    ),
                    e.id.span,
                    t!(msg::E0014_COLLIDES),
                )
                .with_secondary(*span, t!(msg::DEFINED_HERE, name = Text::code(other)))
                .with_help(t!(msg::E0014_RENAME_ONE_EVENT)),
            );
        } else {
            methods.insert(method, (&e.id.text, e.id.span));
        }
        for f in &e.payload {
            keyword(
                diags,
                &msg::KIND_FIELD,
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
            &msg::KIND_ROLE,
            &r.id.text,
            &[r.id.text.clone(), v.clone()],
            r.id.span,
            format!("{}_role", r.id.text),
        );
        if let Some((other, span)) = variants.get(&v) {
            diags.push(
                Diagnostic::error(
                    codes::NAME_COLLISION,
                    t!(
                        msg::E0014_ROLES,
                        first = Text::code(other),
                        second = Text::code(&r.id.text),
                        variant = Text::code(&v)
                    ),
                    r.id.span,
                    t!(msg::E0014_COLLIDES),
                )
                .with_secondary(*span, t!(msg::DEFINED_HERE, name = Text::code(other)))
                .with_help(t!(msg::E0014_RENAME_ONE_ROLE)),
            );
        } else {
            variants.insert(v, (&r.id.text, r.id.span));
        }
    }
    // Each code system gives the state type three methods.
    let mut system_owner: HashMap<String, (&str, Span)> = HashMap::new();
    for sys in &m.code_systems {
        for method in system_methods(&sys.id.text) {
            if STATE_METHODS.contains(&method.as_str()) {
                diags.push(
                    Diagnostic::error(
                        codes::NAME_COLLISION,
                        t!(
                            msg::E0014_SYSTEM_METHOD,
                            system = Text::code(&sys.id.text),
                            method = Text::code(format!("{method}()"))
                        ),
                        sys.id.span,
                        t!(
                            msg::E0014_BECOMES_METHOD,
                            method = Text::code(format!("{method}()"))
                        ),
                    )
                    .with_help(t!(
                        msg::E0014_RENAME_SYSTEM,
                        suggestion = Text::code(format!("{}_sys", sys.id.text))
                    )),
                );
                break;
            }
            if let Some((other, span)) = system_owner.get(&method) {
                diags.push(
                    Diagnostic::error(
                        codes::NAME_COLLISION,
                        t!(
                            msg::E0014_SYSTEMS,
                            first = Text::code(other),
                            second = Text::code(&sys.id.text),
                            method = Text::code(format!("{method}()"))
                        ),
                        sys.id.span,
                        t!(msg::E0014_COLLIDES),
                    )
                    .with_secondary(*span, t!(msg::DEFINED_HERE, name = Text::code(other)))
                    .with_help(t!(
                        msg::E0014_RENAME_SYSTEM,
                        suggestion = Text::code(format!("{}_sys", sys.id.text))
                    )),
                );
                break;
            }
        }
        for method in system_methods(&sys.id.text) {
            system_owner
                .entry(method)
                .or_insert((&sys.id.text, sys.id.span));
        }
    }
    // Guards and actions are methods of one hooks trait.
    let mut hooks: HashMap<&str, (&str, Span)> = HashMap::new();
    for g in &m.guards {
        keyword(
            diags,
            &msg::KIND_GUARD,
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
            &msg::KIND_ACTION,
            &a.id.text,
            &[a.id.text.clone(), camel_case(&a.id.text)],
            a.id.span,
            format!("do_{}", a.id.text),
        );
        if let Some((_, span)) = hooks.get(a.id.text.as_str()) {
            diags.push(
                Diagnostic::error(
                    codes::NAME_COLLISION,
                    t!(msg::E0014_HOOK, name = Text::code(&a.id.text)),
                    a.id.span,
                    t!(msg::E0014_USED_AS_ACTION),
                )
                .with_secondary(*span, t!(msg::E0014_USED_AS_GUARD))
                .with_help(t!(msg::E0014_HOOK_HELP)),
            );
        }
    }
}

/// Reachability and dead ends, over the lines that can be taken: a line that can never be
/// taken (already an error) leads nowhere.
fn graph(an: &Analysis<'_>, fx: &Consequences, diags: &mut Vec<Diagnostic>) {
    let m = an.machine();
    if m.initial.is_some() {
        for (i, s) in m.states.iter().enumerate() {
            if !an.is_reachable(StateIx(i as u32)) {
                diags.push(
                    Diagnostic::warning(
                        codes::UNREACHABLE,
                        t!(msg::W0001_MESSAGE, state = Text::code(&s.id.text)),
                        s.id.span,
                        t!(msg::W0001_LABEL),
                    )
                    .with_help(t!(msg::W0001_HELP, state = Text::code(&s.id.text)))
                    .with_causes(fx.unreachable(StateIx(i as u32))),
                );
            }
        }
    }
    let any_final = m.states.iter().any(|s| s.is_final);
    if !any_final && !m.states.is_empty() {
        diags.push(
            Diagnostic::warning(
                codes::NO_FINAL_REACHABLE,
                t!(msg::W0003_NO_FINAL, machine = Text::code(&m.id.text)),
                m.id.span,
                t!(msg::W0003_NEVER_FINISH),
            )
            .with_help(t!(msg::W0003_NO_FINAL_HELP)),
        );
        return;
    }
    for (i, s) in m.states.iter().enumerate() {
        let ix = StateIx(i as u32);
        if s.is_final {
            continue;
        }
        if !an.has_way_out(ix) {
            diags.push(
                Diagnostic::warning(
                    codes::DEAD_END,
                    t!(msg::W0002_MESSAGE, state = Text::code(&s.id.text)),
                    s.id.span,
                    t!(msg::W0002_LABEL),
                )
                .with_help(t!(msg::W0002_HELP, state = Text::code(&s.id.text)))
                .with_causes(fx.dead_end(ix)),
            );
        } else if !an.can_finish(ix) && (an.is_reachable(ix) || m.initial.is_none()) {
            diags.push(
                Diagnostic::warning(
                    codes::NO_FINAL_REACHABLE,
                    t!(msg::W0003_MESSAGE, state = Text::code(&s.id.text)),
                    s.id.span,
                    t!(msg::W0003_LABEL),
                )
                .with_help(t!(msg::W0003_HELP))
                .with_causes(fx.no_final(ix)),
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
                    t!(msg::W0004_MESSAGE, event = Text::code(&e.id.text)),
                    e.id.span,
                    t!(msg::W0004_LABEL),
                )
                .with_help(t!(msg::W0004_HELP, id = &e.id.text)),
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
                    t!(msg::W0009_GUARD, guard = Text::code(&g.id.text)),
                    g.id.span,
                    t!(msg::W0009_GUARD_LABEL),
                )
                .with_help(t!(msg::W0009_GUARD_HELP, id = &g.id.text)),
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
                    t!(msg::W0009_ACTION, action = Text::code(&a.id.text)),
                    a.id.span,
                    t!(msg::W0009_ACTION_LABEL),
                )
                .with_help(t!(msg::W0009_ACTION_HELP, id = &a.id.text)),
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
                    t!(msg::W0007_MESSAGE, role = Text::code(&r.id.text)),
                    r.id.span,
                    t!(msg::W0007_LABEL),
                )
                .with_help(t!(msg::W0007_HELP, id = &r.id.text)),
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
                    t!(msg::W0005_STATE, state = Text::code(&s.id.text)),
                    s.id.span,
                    t!(msg::W0005_LABEL),
                )
                .with_help(t!(msg::W0005_STATE_HELP, id = &s.id.text)),
            );
        }
    }
    for e in &m.events {
        if e.label.is_none() {
            diags.push(
                Diagnostic::warning(
                    codes::MISSING_LABEL,
                    t!(msg::W0005_EVENT, event = Text::code(&e.id.text)),
                    e.id.span,
                    t!(msg::W0005_LABEL),
                )
                .with_help(t!(msg::W0005_EVENT_HELP, id = &e.id.text)),
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
                t!(msg::E0015_MESSAGE, name = &s.name.text),
                f.span,
                f.message.clone(),
            );
            if let Some(Ok(t)) = run.trace.last().map(|t| &t.outcome) {
                d = d.with_secondary(m.transition(t.transition).span, t!(msg::E0015_TAKEN));
            }
            let path: Vec<Text> = run.trace.iter().map(|t| Text::from(&t.input)).collect();
            if !path.is_empty() {
                d = d.with_note(t!(msg::E0015_STEPS, steps = Text::Join(path)));
            }
            d = d.with_help(f.hint.clone().unwrap_or_else(|| t!(msg::E0015_HELP)));
            diags.push(d);
        }
    }
}
