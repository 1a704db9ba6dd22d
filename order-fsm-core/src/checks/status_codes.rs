//! E0012: a status code listed twice, or used by two states.

use std::collections::HashMap;

use crate::diag::{codes, Diagnostic};
use crate::model::*;
use crate::msg::{self, Text};
use crate::source::Span;
use crate::t;

pub(super) fn check(m: &Machine, diags: &mut Vec<Diagnostic>) {
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
