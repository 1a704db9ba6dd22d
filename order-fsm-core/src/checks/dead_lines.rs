//! E0010 and E0011: lines that can never be taken and timeouts that can never fire,
//! because an earlier line always wins.

use super::list_states;
use crate::analysis::Killed;
use crate::diag::{codes, Cause, Diagnostic};
use crate::liveness::{Liveness, Reason};
use crate::model::*;
use crate::msg::{self, Msg, Text};
use crate::t;

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
pub(super) fn check(
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
