//! Semantic checks on the resolved model. Each pass pushes into one list; nothing stops
//! early, so a spec author sees every problem at once.
//!
//! One file per pass, run in this order on each machine: lines out of final states
//! (`from_final`), lines that can never be taken (`dead_lines`), too many lines for the
//! generated code (`too_many_lines`), reminders that do nothing (`idle_reminders`), status
//! codes (`status_codes`) and other code systems (`system_codes`), names that cannot become
//! Rust names (`rust_names`); then, when every name resolved, the graph (`graph`), unused
//! items (`unused`) and business rules (`rules`, over the [prover](crate::rules)); labels
//! (`labels`) and names too long (`long_names`); and last, on a machine without errors, scenarios (`scenarios`).
//!
//! What they read about a machine's meaning (its interpreter, liveness and graph of live
//! lines) is built once per machine by [`Analysis`].

mod dead_lines;
mod from_final;
mod graph;
mod idle_reminders;
mod labels;
mod long_names;
mod rules;
mod rust_names;
mod scenarios;
mod status_codes;
mod system_codes;
mod too_many_lines;
mod unused;

use crate::analysis::{Analysis, Consequences};
use crate::diag::{codes, Diagnostic, Severity};
use crate::model::*;
use crate::msg::{self, Text};
use crate::t;

pub use long_names::MAX_NAME_CHARS;
pub use rust_names::is_unusable_keyword;
pub use too_many_lines::MAX_CANDIDATES;

/// Run every check on every machine. When resolving names already failed
/// (`resolved_cleanly` false), lines were left out of the model, so the checks that look at
/// the whole graph would only repeat that mistake; they are skipped.
pub fn check(spec: &Spec, resolved_cleanly: bool, diags: &mut Vec<Diagnostic>) {
    for m in &spec.machines {
        // A broken rule is a finding about paths, not a mistake in the lines: the scenarios
        // still run on the machine as written, and each one that fails is reported with it
        // (often for the same reason, which the scenario shows on a real order).
        let errors = |diags: &[Diagnostic]| {
            diags
                .iter()
                .filter(|d| d.severity == Severity::Error && !codes::is_rule_finding(d.code))
                .count()
        };
        let errors_before = errors(diags);
        let an = Analysis::new(m);
        let mut killed = Vec::new();
        from_final::check(m, diags, &mut killed);
        dead_lines::check(m, an.live(), diags, &mut killed);
        too_many_lines::check(m, an.interp(), diags);
        idle_reminders::check(m, diags);
        status_codes::check(m, diags);
        system_codes::check(m, diags);
        rust_names::check(m, diags);
        if resolved_cleanly {
            let fx = Consequences::new(&an, &killed);
            graph::check(&an, &fx, diags);
            unused::check(m, diags);
            rules::check(&an, &fx, diags);
        }
        labels::check(m, diags);
        long_names::check(m, diags);
        let errors_now = errors(diags);
        // Scenarios on a machine with errors in its lines would fail for reasons already
        // reported.
        if resolved_cleanly && errors_now == errors_before {
            scenarios::check(m, an.interp(), diags);
        }
    }
}

/// Up to five state names, then "and 3 more".
fn list_states(m: &Machine, states: &[StateIx]) -> Text {
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
