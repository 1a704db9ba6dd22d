//! Syntax problems put into words: the one place where a [`Problem`] becomes a diagnostic
//! with texts from the catalogue.

use super::problem::{Expected, Found, Hint, Problem, ProblemKind, TypeForm};
use crate::diag::{codes, Diagnostic};
use crate::msg::{self, Lang, Text};
use crate::t;

impl Problem {
    /// The diagnostic (E0001) that says what is wrong and what to write instead.
    pub fn to_diagnostic(&self) -> Diagnostic {
        let span = self.span;
        let error = |message: Text, label: Text, help: Text| {
            Diagnostic::error(codes::SYNTAX, message, span, label).with_help(help)
        };
        match &self.kind {
            ProblemKind::TooDeep { max } => error(
                t!(msg::E0001_TOO_DEEP, max = *max),
                t!(msg::E0001_TOO_DEEP_LABEL),
                t!(msg::E0001_TOO_DEEP_HELP),
            ),
            ProblemKind::UnsupportedType { ty, form } => {
                let form = type_form(*form);
                error(
                    t!(
                        msg::E0001_BAD_TYPE,
                        ty = Text::code(ty),
                        form = form.clone()
                    ),
                    t!(msg::E0001_BAD_TYPE_LABEL, form = form),
                    t!(msg::E0001_BAD_TYPE_HELP),
                )
            }
            ProblemKind::UnknownEscape => error(
                t!(msg::E0001_ESCAPE),
                t!(msg::E0001_ESCAPE_LABEL),
                t!(msg::E0001_ESCAPE_HELP),
            ),
            ProblemKind::UnclosedText => error(
                t!(msg::E0001_UNCLOSED),
                t!(msg::E0001_UNCLOSED_LABEL),
                t!(msg::E0001_UNCLOSED_HELP),
            ),
            ProblemKind::NonAsciiName => error(
                t!(msg::E0001_ASCII_NAME),
                t!(msg::E0001_ASCII_NAME_LABEL),
                t!(msg::E0001_ASCII_NAME_HELP),
            ),
            ProblemKind::ReservedWord { word } => {
                let mut chars = word.chars();
                let capitalised: String = chars
                    .next()
                    .map(|c| c.to_uppercase().chain(chars).collect())
                    .unwrap_or_default();
                error(
                    t!(msg::E0001_RESERVED, word = Text::code(word)),
                    t!(msg::E0001_RESERVED_LABEL),
                    t!(msg::E0001_RESERVED_HELP, name = Text::code(capitalised)),
                )
            }
            ProblemKind::StartsWithDigit => error(
                t!(msg::E0001_DIGIT),
                t!(msg::E0001_DIGIT_LABEL),
                t!(msg::E0001_DIGIT_HELP),
            ),
            ProblemKind::DocAfterText => error(
                t!(msg::E0001_DOC_LINE),
                t!(msg::E0001_DOC_LINE_LABEL),
                t!(msg::E0001_DOC_LINE_HELP),
            ),
            ProblemKind::DanglingDoc => error(
                t!(msg::E0001_DOC_DANGLING),
                t!(msg::E0001_DOC_DANGLING_LABEL),
                t!(msg::E0001_DOC_DANGLING_HELP),
            ),
            ProblemKind::UnclosedMachine => error(
                t!(msg::E0001_EOF),
                t!(msg::E0001_EOF_LABEL),
                t!(msg::E0001_EOF_HELP),
            ),
            ProblemKind::Unexpected {
                expected,
                found,
                hint,
            } => {
                let found = found_text(found);
                let mut message = if expected.is_empty() {
                    t!(msg::E0001_UNEXPECTED, found = found.clone())
                } else {
                    t!(
                        msg::E0001_EXPECTED_FOUND,
                        expected = or_list(expected),
                        found = found.clone()
                    )
                };
                // A list of everything a place takes can be long: then only what was found.
                if message.render(Lang::En).len() > 400 {
                    message = t!(msg::E0001_UNEXPECTED, found = found);
                }
                let label = if expected.is_empty() {
                    t!(msg::E0001_NOT_EXPECTED)
                } else {
                    t!(
                        msg::E0001_EXPECTED,
                        expected = or_list(&expected[..expected.len().min(3)])
                    )
                };
                let d = Diagnostic::error(codes::SYNTAX, message, span, label);
                match hint {
                    Some(h) => d.with_help(hint_text(h)),
                    None => d,
                }
            }
        }
    }
}

fn type_form(form: TypeForm) -> Text {
    match form {
        TypeForm::Lifetime => t!(msg::E0001_LIFETIME),
        TypeForm::Reference => t!(msg::E0001_REFERENCE),
        TypeForm::ImplTrait => Text::from("`impl Trait`"),
        TypeForm::DynTrait => Text::from("`dyn Trait`"),
        TypeForm::FnPointer => t!(msg::E0001_FN_POINTER),
    }
}

fn or_list(words: &[Expected]) -> Text {
    Text::OrList(words.iter().map(|w| expected_text(*w)).collect())
}

fn expected_text(w: Expected) -> Text {
    let m: &'static msg::Msg = match w {
        Expected::Name => &msg::WORD_NAME,
        Expected::Text => &msg::WORD_TEXT,
        Expected::Number => &msg::WORD_NUMBER,
        Expected::Delay => &msg::WORD_DELAY,
        Expected::Type => &msg::WORD_TYPE,
        Expected::EndOfFile => &msg::WORD_EOF,
        Expected::EndOfLine => &msg::WORD_EOL,
        Expected::Item => &msg::WORD_LINE,
        Expected::SystemName => &msg::WORD_SYSTEM,
        Expected::Step => &msg::WORD_STEP,
        Expected::Outcome => &msg::WORD_OUTCOME,
        Expected::GuardName => &msg::WORD_GUARD,
        Expected::Field => &msg::WORD_FIELD,
        Expected::Code(code) => return Text::code(code),
    };
    m.into()
}

fn found_text(found: &Found) -> Text {
    match found {
        Found::EndOfFile => (&msg::WORD_EOF).into(),
        Found::EndOfLine => (&msg::WORD_EOL).into(),
        Found::Space => (&msg::WORD_SPACE).into(),
        Found::Code(written) => Text::code(written),
    }
}

fn hint_text(hint: &Hint) -> Text {
    match hint {
        Hint::FullWidth { ascii, wide } => t!(
            msg::E0001_FULL_WIDTH,
            ascii = Text::code(ascii),
            wide = Text::code(wide)
        ),
        Hint::CurlyQuotes => t!(msg::E0001_CURLY),
        Hint::Lowercase { lower, written } => t!(
            msg::E0001_LOWERCASE,
            lower = Text::code(lower),
            written = Text::code(written)
        ),
        Hint::QuoteScenario { name } => t!(
            msg::E0001_QUOTE_SCENARIO,
            example = Text::code(format!("scenario \"{name}\" {{ … }}"))
        ),
        Hint::QuoteLabel { label } => t!(
            msg::E0001_QUOTE_LABEL,
            example = Text::code(format!("\"{label}\""))
        ),
        Hint::OneEvent => t!(msg::E0001_ONE_EVENT),
        Hint::DelayUnits => t!(msg::E0001_DELAY_HELP),
        Hint::InsideMachine => t!(msg::E0001_MACHINE_HELP),
        Hint::Trigger => t!(msg::E0001_TRIGGER_HELP),
        Hint::Block => t!(msg::E0001_BLOCK_HELP),
        Hint::CombinedGuard { either: true, .. } => t!(msg::E0001_GUARD_OR),
        Hint::CombinedGuard {
            either: false,
            line: Some(line),
        } => t!(msg::E0001_GUARD_AND_LINE, line = Text::code(line)),
        Hint::CombinedGuard { .. } => t!(msg::E0001_GUARD_AND),
        Hint::ClauseOrder { clause, line } => t!(
            msg::E0001_CLAUSE_ORDER,
            clause = Text::code(clause),
            line = Text::code(line)
        ),
        Hint::ListWord { word, line } => t!(
            msg::E0001_LIST_WORD,
            word = Text::code(word),
            line = Text::code(line)
        ),
        Hint::StillComma { line } => t!(msg::E0001_STILL, line = Text::code(line)),
        Hint::JoinNext { line } => t!(msg::E0001_JOIN_NEXT, line = Text::code(line)),
        Hint::ContinuesAbove { joined } => {
            t!(msg::E0001_CONTINUES_ABOVE, joined = Text::code(joined))
        }
        Hint::NegatedGuard { line } => t!(msg::E0001_GUARD_NOT_LINE, line = Text::code(line)),
        Hint::NegatedGuardWords => t!(msg::E0001_GUARD_NOT),
        Hint::NoneAlone { system } => t!(
            msg::E0001_NONE_ALONE,
            system = Text::code(system),
            none = Text::code(format!("{system} none"))
        ),
        Hint::QuotedStep { step, line } => t!(
            msg::E0001_QUOTED_STEP,
            step = Text::code(step),
            line = Text::code(line)
        ),
    }
}
