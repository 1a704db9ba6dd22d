//! W0004, W0007 and W0009: events, roles, guards and actions no line uses.

use std::collections::HashSet;

use crate::diag::{codes, Diagnostic};
use crate::model::*;
use crate::msg::{self, Text};
use crate::t;

pub(super) fn check(m: &Machine, diags: &mut Vec<Diagnostic>) {
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
