//! E0012, E0026, W0011 and W0012: the codes of other code systems.

use std::collections::HashMap;

use crate::diag::{codes, Diagnostic};
use crate::model::*;
use crate::msg::{self, Text};
use crate::source::Span;
use crate::t;

/// The codes of other systems: one kind per system, a code shared only where every state
/// using it says `shared`, no holes, no unused system.
pub(super) fn check(m: &Machine, diags: &mut Vec<Diagnostic>) {
    for (ix, sys) in m.code_systems.iter().enumerate() {
        let system = Text::code(&sys.id.text);
        let mut first: Option<(&Code, Span)> = None;
        // Every use of a code, grouped by the code's key, in spec order.
        let mut keys: HashMap<std::borrow::Cow<'_, str>, usize> = HashMap::new();
        let mut uses: Vec<Vec<(&State, &SystemCodes, &Code, Span)>> = Vec::new();
        let mut used = false;
        for s in &m.states {
            let Some(sc) = s.codes_in(ix) else { continue };
            // `customs none` says the state has no code there: it uses nothing.
            used |= !sc.none;
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
                    .with_help(t!(
                        msg::W0011_HELP,
                        example = Text::code(&example),
                        none = Text::code(format!("{} none", sys.id.text))
                    )),
                );
            }
        }
    }
}
