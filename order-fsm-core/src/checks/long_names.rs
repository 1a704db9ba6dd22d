//! W0015: names too long to read, or to carry into file names and generated code.

use crate::diag::{codes, Diagnostic};
use crate::model::*;
use crate::msg::{self, Text};
use crate::t;

/// The longest name, in characters, that draws no warning. Generated file names hold a
/// machine's id and stay far below the 255 bytes a file name may have.
pub const MAX_NAME_CHARS: usize = 64;

/// How much of a long name the message shows.
const SHOWN: usize = 24;

pub(super) fn check(m: &Machine, diags: &mut Vec<Diagnostic>) {
    let names = std::iter::once(&m.id)
        .chain(m.states.iter().map(|s| &s.id))
        .chain(
            m.events
                .iter()
                .flat_map(|e| std::iter::once(&e.id).chain(e.payload.iter().map(|f| &f.name))),
        )
        .chain(m.roles.iter().map(|r| &r.id))
        .chain(m.guards.iter().map(|g| &g.id))
        .chain(m.actions.iter().map(|a| &a.id))
        .chain(m.code_systems.iter().map(|c| &c.id));
    for name in names {
        let n = name.text.chars().count();
        if n <= MAX_NAME_CHARS {
            continue;
        }
        let start: String = name.text.chars().take(SHOWN).collect();
        diags.push(
            Diagnostic::warning(
                codes::LONG_NAME,
                t!(
                    msg::W0015_MESSAGE,
                    name = Text::code(format!("{start}…")),
                    n = n
                ),
                name.span,
                t!(msg::W0015_LABEL, max = MAX_NAME_CHARS),
            )
            .with_help(t!(msg::W0015_HELP, max = MAX_NAME_CHARS)),
        );
    }
}
