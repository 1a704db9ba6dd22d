//! What is wrong with a line that does not parse, as data: the grammar's error read against
//! the text around it ("a name was expected and a Chinese word stands there", "the text's
//! closing quote is missing"). Nothing here is put into words: [`super::words`] does that.

use pest::error::{ErrorVariant, InputLocation};

use super::{Rule, KEYWORDS};
use crate::source::{floor_char_boundary, LineIndex, Span};

/// One syntax problem: what is wrong, and where it is shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub span: Span,
    pub kind: ProblemKind,
}

/// What is wrong, with the facts the message needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProblemKind {
    /// `<` nested more than `max` levels deep in a payload type.
    TooDeep { max: usize },
    /// A payload type (`ty`, as written) of a form an event cannot carry.
    UnsupportedType { ty: String, form: TypeForm },
    /// A `\` in a text that starts no known escape.
    UnknownEscape,
    /// A text whose line ends before its closing quote.
    UnclosedText,
    /// A name written with letters that are not ASCII (`state 待付款`).
    NonAsciiName,
    /// A word of the language where a name goes (`state final`).
    ReservedWord { word: String },
    /// A name that starts with a digit.
    StartsWithDigit,
    /// A `///` after other text on its line.
    DocAfterText,
    /// A `///` with no item after it; shown on the doc comment, found at the `}` below it.
    DanglingDoc,
    /// The file ends inside a machine.
    UnclosedMachine,
    /// Anything else: what the grammar takes there, what stands there instead, and what the
    /// line suggests the author meant.
    Unexpected {
        expected: Vec<Expected>,
        found: Found,
        hint: Option<Hint>,
    },
}

/// The form of a payload type an event cannot carry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TypeForm {
    Lifetime,
    Reference,
    ImplTrait,
    DynTrait,
    FnPointer,
}

/// What the grammar takes at a place, in the language's terms (never a grammar rule's name).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expected {
    Name,
    Text,
    Number,
    Delay,
    Type,
    EndOfFile,
    EndOfLine,
    /// Any item of a machine: a `state`, `event` … line or a transition.
    Item,
    SystemName,
    /// A scenario step: an event name or `after`.
    Step,
    /// What a step leads to: a state name or `rejected`.
    Outcome,
    GuardName,
    Field,
    /// A word or symbol of the language, as written (`on`, `->`, `{`).
    Code(&'static str),
}

/// What stands where the grammar stopped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Found {
    EndOfFile,
    EndOfLine,
    Space,
    /// A word, a symbol or the start of a text, as written (a long text is cut, with `…`).
    Code(String),
}

/// What the line suggests the author meant, for the help.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Hint {
    /// Full-width punctuation from a Chinese input method, where `ascii` goes.
    FullWidth {
        ascii: char,
        wide: char,
    },
    CurlyQuotes,
    /// A word of the language written with capitals.
    Lowercase {
        lower: String,
        written: String,
    },
    /// A scenario's name without quotes.
    QuoteScenario {
        name: String,
    },
    /// A label without quotes.
    QuoteLabel {
        label: String,
    },
    /// Two events on one transition line.
    OneEvent,
    DelayUnits,
    /// Something outside a machine.
    InsideMachine,
    /// A transition line without `on` or `after`.
    Trigger,
    /// A `{` on a line that opens no block.
    Block,
    /// Two guards joined by `and` (`&&`) or `or` (`||`) on a transition line: a line has one
    /// guard. For `and`, `line` is the line with one guard named for both.
    CombinedGuard {
        either: bool,
        line: Option<String>,
    },
    /// A clause written after one that comes later on a line (`note "…" then notify`):
    /// `line` is the line with its clauses in the language's order.
    ClauseOrder {
        clause: String,
        line: String,
    },
    /// `or` or `and` between two names of a list: `line` has a `,` there.
    ListWord {
        word: String,
        line: String,
    },
    /// `rejected still Paid` without its comma.
    StillComma {
        line: String,
    },
    /// A transition line that ends before its trigger, which stands on the next line:
    /// `line` is the two joined.
    JoinNext {
        line: String,
    },
    /// A line that starts with a part of the transition on the line above (`on Pay`,
    /// `then notify`): `joined` is the line above with this one at its end, to write there
    /// instead, this line going.
    ContinuesAbove {
        joined: String,
    },
    /// `if not paid` on a transition line: `line` has one guard that asks the opposite.
    NegatedGuard {
        line: String,
    },
    /// The same, when the line with the opposite guard would not parse either.
    NegatedGuardWords,
    /// A scenario step written in quotes, as `simulate` takes it on a command line: `line` is
    /// the line without them.
    QuotedStep {
        step: String,
        line: String,
    },
    /// `customs none` with codes or `shared` beside it: `none` stands alone.
    NoneAlone {
        system: String,
    },
}

impl Hint {
    /// The line this hint proposes instead of the line of the problem, if any.
    pub fn line(&self) -> Option<&str> {
        match self {
            Hint::CombinedGuard { line, .. } => line.as_deref(),
            Hint::ClauseOrder { line, .. }
            | Hint::ListWord { line, .. }
            | Hint::StillComma { line }
            | Hint::JoinNext { line }
            | Hint::NegatedGuard { line }
            | Hint::QuotedStep { line, .. } => Some(line),
            _ => None,
        }
    }

    /// The hint without the line it proposes, when that line turned out not to parse
    /// either: the words stay, the line goes.
    pub fn without_line(self) -> Option<Hint> {
        match self {
            Hint::CombinedGuard { either, .. } => Some(Hint::CombinedGuard { either, line: None }),
            Hint::ClauseOrder { .. }
            | Hint::ListWord { .. }
            | Hint::StillComma { .. }
            | Hint::JoinNext { .. }
            | Hint::ContinuesAbove { .. }
            | Hint::QuotedStep { .. } => None,
            Hint::NegatedGuard { .. } => Some(Hint::NegatedGuardWords),
            h => Some(h),
        }
    }
}

/// Where pest stopped.
pub(super) fn error_pos(e: &pest::error::Error<Rule>) -> usize {
    match e.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    }
}

/// The problem a pest error stands for in `text` (`lines` is its line index). The error may
/// come from a copy of `text` with other lines blanked: only its position is read from it.
pub(super) fn classify(text: &str, lines: &LineIndex, e: &pest::error::Error<Rule>) -> Problem {
    let pos = floor_char_boundary(text, error_pos(e).min(text.len()));
    let mut expected: Vec<Expected> = Vec::new();
    if let ErrorVariant::ParsingError { positives, .. } = &e.variant {
        for r in positives {
            if let Some(w) = expected_of(*r) {
                if !expected.contains(&w) {
                    expected.push(w);
                }
            }
        }
    }
    let wants_name = expected.contains(&Expected::Name);
    let line = lines.line_of(pos);
    let line_range = lines.line_range(text, line);
    let line_text = &text[line_range.clone()];
    let rel = pos - line_range.start;
    let next = text[pos..].chars().next();
    let span_len = next
        .map(|c| {
            if c == '\n' || c == '\r' {
                0
            } else if c.is_alphanumeric() || c == '_' {
                text[pos..]
                    .char_indices()
                    .find(|(_, c)| !(c.is_alphanumeric() || *c == '_'))
                    .map_or(text.len() - pos, |(i, _)| i)
            } else {
                c.len_utf8()
            }
        })
        .unwrap_or(0);
    let span = Span::new(pos, pos + span_len);
    let problem = |span: Span, kind: ProblemKind| Problem { span, kind };

    if let Some((span, ty, form)) = unsupported_type(line_text, line_range.start, rel) {
        return problem(span, ProblemKind::UnsupportedType { ty, form });
    }

    // An unterminated string: an odd number of quotes before the error on this line, or a
    // quote at the error with no closing one.
    let quotes_before = count_unescaped_quotes(&line_text[..rel]);
    if quotes_before % 2 == 1
        || (next == Some('"') && count_unescaped_quotes(&line_text[rel..]) == 1)
    {
        let open = if quotes_before % 2 == 1 {
            line_range.start + last_open_quote(&line_text[..rel])
        } else {
            pos
        };
        let rest = &text[open..line_range.end];
        let bad_escape = rest
            .find('\\')
            .filter(|&i| !matches!(rest[i + 1..].chars().next(), Some('"' | '\\' | 'n' | 't')));
        if let Some(i) = bad_escape {
            let at = open + i;
            let end = at + 1 + rest[i + 1..].chars().next().map_or(0, char::len_utf8);
            return problem(Span::new(at, end), ProblemKind::UnknownEscape);
        }
        if count_unescaped_quotes(rest) % 2 == 1 {
            return problem(Span::new(open, open + 1), ProblemKind::UnclosedText);
        }
    }

    // `if not paid`: a guard on a line is one name, without `not`.
    if let Some(line) = negated_guard(line_text, rel) {
        let found = found_at(text, pos);
        let hint = Some(Hint::NegatedGuard { line });
        return problem(
            span,
            ProblemKind::Unexpected {
                expected,
                found,
                hint,
            },
        );
    }

    if wants_name {
        if let Some(c) = next {
            if !c.is_ascii() && c.is_alphanumeric() {
                return problem(span, ProblemKind::NonAsciiName);
            }
            let word = &text[pos..pos + span_len];
            if KEYWORDS.contains(&word) {
                let word = word.to_string();
                return problem(span, ProblemKind::ReservedWord { word });
            }
            if c.is_ascii_digit() {
                return problem(span, ProblemKind::StartsWithDigit);
            }
        }
    }

    if text[pos..].starts_with("///") {
        return problem(Span::new(pos, pos + 3), ProblemKind::DocAfterText);
    }
    if next == Some('}') {
        if let Some(doc_at) = dangling_doc(text, lines, line) {
            return problem(Span::new(doc_at, doc_at + 3), ProblemKind::DanglingDoc);
        }
    }
    if expected.contains(&Expected::Item) {
        expected.retain(|w| {
            !matches!(
                w,
                Expected::Code(
                    "state" | "event" | "role" | "guard" | "action" | "note" | "scenario"
                )
            )
        });
    }
    let found = found_at(text, pos);
    if next.is_none() && expected.contains(&Expected::Code("}")) {
        return problem(span, ProblemKind::UnclosedMachine);
    }
    let hint = line_hint(text, lines, line, rel, &expected, &found)
        .or_else(|| hint(&expected, line_text, next, &found));
    problem(
        span,
        ProblemKind::Unexpected {
            expected,
            found,
            hint,
        },
    )
}

/// A payload type of a form the language does not take (a reference, a lifetime, `impl
/// Trait`, `dyn Trait`, a fn pointer), when the error at `rel` of this line is inside one:
/// the type is read from the `:` after the field name up to the next `,` or `}` outside
/// brackets. Returns where it is, the type as written, and its form.
fn unsupported_type(line: &str, line_start: usize, rel: usize) -> Option<(Span, String, TypeForm)> {
    let brace = line[..rel].rfind('{')?;
    let colon = brace + line[brace..rel].rfind(':')?;
    let start = colon + 1 + (line[colon + 1..].len() - line[colon + 1..].trim_start().len());
    let mut depth = 0i32;
    let mut end = line.len();
    for (i, c) in line[start..].char_indices() {
        match c {
            '<' | '(' | '[' => depth += 1,
            '>' | ')' | ']' => depth -= 1,
            ',' | '}' if depth <= 0 => {
                end = start + i;
                break;
            }
            _ => {}
        }
    }
    let ty = line[start..end].trim_end();
    if ty.is_empty() || rel > start + ty.len() {
        return None;
    }
    let words: Vec<&str> = ty
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .collect();
    let form = if ty.contains('\'') {
        TypeForm::Lifetime
    } else if ty.contains('&') {
        TypeForm::Reference
    } else if words.contains(&"impl") {
        TypeForm::ImplTrait
    } else if words.contains(&"dyn") {
        TypeForm::DynTrait
    } else if words.contains(&"fn") {
        TypeForm::FnPointer
    } else {
        return None;
    };
    let span = Span::new(line_start + start, line_start + start + ty.len());
    Some((span, ty.to_string(), form))
}

/// What a grammar rule stands for in the language; `None` for rules not worth mentioning.
fn expected_of(rule: Rule) -> Option<Expected> {
    use Expected::*;
    Some(match rule {
        Rule::ident => Name,
        Rule::string => Text,
        Rule::int => Number,
        Rule::duration => Delay,
        Rule::rust_type | Rule::type_path => Type,
        Rule::EOI => EndOfFile,
        Rule::line_end => EndOfLine,
        Rule::kw_machine => Code("machine"),
        Rule::kw_state => Code("state"),
        Rule::kw_event => Code("event"),
        Rule::kw_role => Code("role"),
        Rule::kw_guard => Code("guard"),
        Rule::kw_action => Code("action"),
        Rule::kw_note => Code("note"),
        Rule::kw_scenario => Code("scenario"),
        Rule::kw_initial => Code("initial"),
        Rule::kw_final => Code("final"),
        Rule::kw_code => Code("code"),
        Rule::kw_by => Code("by"),
        Rule::kw_on => Code("on"),
        Rule::kw_after => Code("after"),
        Rule::kw_if => Code("if"),
        Rule::kw_then => Code("then"),
        Rule::kw_from => Code("from"),
        Rule::kw_any => Code("any"),
        Rule::kw_rejected => Code("rejected"),
        Rule::kw_still => Code("still"),
        Rule::kw_not => Code("not"),
        Rule::arrow => Code("->"),
        Rule::fat_arrow => Code("=>"),
        Rule::lbrace => Code("{"),
        Rule::rbrace => Code("}"),
        Rule::lbracket => Code("["),
        Rule::rbracket => Code("]"),
        Rule::comma => Code(","),
        Rule::colon => Code(":"),
        // The items of a machine come together as one: "a state, event … line or a
        // transition".
        Rule::state_decl
        | Rule::event_decl
        | Rule::role_decl
        | Rule::guard_decl
        | Rule::action_decl
        | Rule::note_decl
        | Rule::scenario_decl
        | Rule::rule_decl
        | Rule::codes_decl
        | Rule::transition => Item,
        Rule::machine => Code("machine"),
        Rule::by_roles => Code("by"),
        Rule::payload => Code("{"),
        Rule::codes => Code("code"),
        Rule::kw_codes => Code("codes"),
        Rule::flag_shared | Rule::kw_shared => Code("shared"),
        Rule::code_none | Rule::kw_none => Code("none"),
        Rule::system_codes | Rule::system_name | Rule::system_word => SystemName,
        Rule::wait_step => Code("after"),
        Rule::flag_initial => Code("initial"),
        Rule::flag_final => Code("final"),
        Rule::guard_set => Code("["),
        Rule::step | Rule::steps | Rule::event_step => Step,
        Rule::outcome => Outcome,
        Rule::start_outcome => Code("=>"),
        Rule::still => Code(", still State"),
        Rule::guard_value => GuardName,
        Rule::field | Rule::field_name => Field,
        _ => return None,
    })
}

/// What stands at `pos`: a word, a symbol, or the end of the line or file.
fn found_at(text: &str, pos: usize) -> Found {
    let rest = &text[pos..];
    match rest.chars().next() {
        None => Found::EndOfFile,
        Some('\n' | '\r') => Found::EndOfLine,
        Some(c) if c.is_alphanumeric() || c == '_' => Found::Code(
            rest.chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .take(40)
                .collect(),
        ),
        Some('"') => {
            let line: String = rest
                .chars()
                .take_while(|c| *c != '\n' && *c != '\r')
                .collect();
            let shown: String = line.chars().take(30).collect();
            if line.chars().count() > 30 {
                Found::Code(format!("{shown}…"))
            } else {
                Found::Code(shown)
            }
        }
        Some(c) if c == '-' || c == '=' => Found::Code(rest.chars().take(2).collect()),
        Some(c) if c.is_whitespace() => Found::Space,
        Some(c) => Found::Code(c.to_string()),
    }
}

/// The start of a `///` line just above `line` (skipping blank lines), if there is one.
fn dangling_doc(text: &str, lines: &LineIndex, line: usize) -> Option<usize> {
    let mut l = line;
    while l > 0 {
        l -= 1;
        let r = lines.line_range(text, l);
        let t = text[r.clone()].trim_start();
        if t.is_empty() {
            continue;
        }
        return t
            .starts_with("///")
            .then(|| r.start + (text[r].len() - t.len()));
    }
    None
}

fn count_unescaped_quotes(s: &str) -> usize {
    let mut n = 0;
    let mut escaped = false;
    for c in s.chars() {
        match c {
            '\\' if !escaped => escaped = true,
            '"' if !escaped => n += 1,
            _ => escaped = false,
        }
        if c != '\\' {
            escaped = false;
        }
    }
    n
}

fn last_open_quote(s: &str) -> usize {
    let mut last = 0;
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        if c == '"' && !escaped {
            last = i;
        }
        escaped = c == '\\' && !escaped;
    }
    last
}

/// The ASCII character a Chinese input method's full-width punctuation stands for.
fn ascii_for(c: char) -> Option<char> {
    Some(match c {
        '，' | '、' => ',',
        '：' => ':',
        '；' => ';',
        '（' => '(',
        '）' => ')',
        '【' | '［' => '[',
        '】' | '］' => ']',
        '｛' => '{',
        '｝' => '}',
        '＞' => '>',
        '－' => '-',
        '＝' => '=',
        '“' | '”' | '＂' => '"',
        _ => return None,
    })
}

/// What the line suggests the author meant, from what the grammar takes there (`expected`),
/// the line, and the character at the error (`next`).
fn hint(expected: &[Expected], line: &str, next: Option<char>, found: &Found) -> Option<Hint> {
    let trimmed = line.trim_start();
    if let Some(c) = next {
        if let Some(mut a) = ascii_for(c) {
            // A `；` between two names means a list, as a PRD writes it: the line wants `,`
            // there (a `;` would be refused in turn).
            if c == '；' && expected.contains(&Expected::Code(",")) {
                a = ',';
            }
            return Some(if a == '"' {
                Hint::CurlyQuotes
            } else {
                Hint::FullWidth { ascii: a, wide: c }
            });
        }
    }
    let first_word: String = trimmed
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    let lower = first_word.to_ascii_lowercase();
    if first_word != lower && KEYWORDS.contains(&lower.as_str()) {
        return Some(Hint::Lowercase {
            lower,
            written: first_word,
        });
    }
    if expected.contains(&Expected::Text) && next.is_some_and(|c| !c.is_ascii()) {
        // The word as the English message names it, without its code quotes (a space other
        // than ASCII is named "a space").
        let word = match found {
            Found::Code(w) => w.trim_matches('`').to_string(),
            Found::Space => "a space".to_string(),
            Found::EndOfLine => "end of line".to_string(),
            Found::EndOfFile => "end of file".to_string(),
        };
        if trimmed.starts_with("scenario") {
            return Some(Hint::QuoteScenario { name: word });
        }
        return Some(Hint::QuoteLabel { label: word });
    }
    if next == Some(',')
        && trimmed.contains("->")
        && trimmed.contains(" on ")
        && expected.contains(&Expected::Code("then"))
    {
        return Some(Hint::OneEvent);
    }
    if expected.contains(&Expected::Delay) {
        return Some(Hint::DelayUnits);
    }
    if expected.contains(&Expected::Code("machine")) && !trimmed.starts_with("machine") {
        return Some(Hint::InsideMachine);
    }
    if trimmed.contains("->") && expected.contains(&Expected::Code("on")) {
        return Some(Hint::Trigger);
    }
    if next == Some('{') && expected.contains(&Expected::EndOfLine) {
        return Some(Hint::Block);
    }
    None
}

/// The clauses after a transition's trigger, in the order the language takes them.
const CLAUSES: [&str; 3] = ["if", "then", "note"];

/// The words of `s` (split at spaces and tabs, a quoted text one word), each with its byte
/// offset in `s`.
fn words_of(s: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    let mut quoted = false;
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        match (start, c) {
            (None, ' ' | '\t') => {}
            (None, _) => {
                start = Some(i);
                quoted = c == '"';
            }
            (Some(b), ' ' | '\t') if !quoted => {
                out.push((b, &s[b..i]));
                start = None;
            }
            (Some(b), '"') if quoted && !escaped && i > b => quoted = false,
            _ => {}
        }
        escaped = c == '\\' && !escaped;
    }
    if let Some(b) = start {
        out.push((b, &s[b..]));
    }
    out
}

/// Words that join two guards so that both must hold, as a PRD or a program writes them.
const AND_WORDS: [&str; 7] = ["and", "AND", "&", "且", "并且", "和", "与"];
/// Words that join two guards so that either may hold.
const OR_WORDS: [&str; 5] = ["or", "OR", "|", "或", "或者"];

/// `if not paid` or `if !paid` on a transition line, with the error at `rel`: the line with
/// one guard asking the opposite (`if not_paid`).
fn negated_guard(line: &str, rel: usize) -> Option<String> {
    let content = line.trim();
    let lead = line.len() - line.trim_start().len();
    let at = rel.checked_sub(lead)?;
    let (before, after) = (content.get(..at)?, content.get(at..)?);
    if words_of(before).last().map(|(_, w)| *w) != Some("if") || !is_transition(content) {
        return None;
    }
    let rest = after
        .strip_prefix("not ")
        .or_else(|| after.strip_prefix('!'))?
        .trim_start();
    let name_len = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    if name_len == 0 {
        return None;
    }
    Some(format!(
        "{before}not_{}{}",
        &rest[..name_len],
        &rest[name_len..]
    ))
}

/// Whether a line is a transition: sources, then `->`, `on` or `after` before any clause.
fn is_transition(content: &str) -> bool {
    let words = words_of(content);
    let first = words.first().map(|(_, w)| *w).unwrap_or("");
    if (super::KEYWORDS.contains(&first) && first != "any") || NOT_A_LINE.contains(&first) {
        return false;
    }
    words
        .iter()
        .take_while(|(_, w)| !CLAUSES.contains(w))
        .any(|(_, w)| *w == "->" || w.starts_with("->") || *w == "on" || *w == "after")
}

/// The line with its clauses (`if …`, `then …`, `note …`) in the language's order, when each
/// appears once and one is out of order.
fn reorder_clauses(content: &str) -> Option<String> {
    let words = words_of(content);
    let starts: Vec<(usize, usize)> = words
        .iter()
        .filter_map(|(at, w)| CLAUSES.iter().position(|c| c == w).map(|k| (k, *at)))
        .collect();
    let mut kinds: Vec<usize> = starts.iter().map(|(k, _)| *k).collect();
    if starts.is_empty() || kinds.windows(2).all(|w| w[0] < w[1]) {
        return None;
    }
    kinds.sort_unstable();
    if kinds.windows(2).any(|w| w[0] == w[1]) {
        return None;
    }
    let head = content[..starts[0].1].trim_end();
    let mut parts: Vec<(usize, &str)> = starts
        .iter()
        .enumerate()
        .map(|(i, (k, at))| {
            let end = starts.get(i + 1).map_or(content.len(), |(_, e)| *e);
            (*k, content[*at..end].trim())
        })
        .collect();
    parts.sort_by_key(|(k, _)| *k);
    let mut out = head.to_string();
    for (_, p) in parts {
        out.push(' ');
        out.push_str(p);
    }
    Some(out)
}

/// The next line after `line` that is not blank, as (its number, its text).
fn next_line<'a>(text: &'a str, lines: &LineIndex, line: usize) -> Option<(usize, &'a str)> {
    (line + 1..lines.line_count().min(line + 1_000)).find_map(|l| {
        let t = &text[lines.line_range(text, l)];
        (!t.trim().is_empty()).then_some((l, t))
    })
}

/// The line before `line` that is not blank, as (its number, its text).
pub(super) fn prev_line<'a>(
    text: &'a str,
    lines: &LineIndex,
    line: usize,
) -> Option<(usize, &'a str)> {
    (line.saturating_sub(1_000)..line.min(lines.line_count()))
        .rev()
        .find_map(|l| {
            let t = &text[lines.line_range(text, l)];
            (!t.trim().is_empty()).then_some((l, t))
        })
}

/// Words that start an item other than a transition, without being words everywhere.
const NOT_A_LINE: [&str; 3] = ["rule", "codes", "}"];

/// Words a transition line continues with after its sources and target.
fn continues_a_line(word: &str) -> bool {
    matches!(word, "on" | "after" | "if" | "then" | "note" | "by")
        || word.starts_with("->")
        || word.starts_with(',')
}

/// Hints that read the whole line (and the lines around it), each with the line to write
/// instead when there is one.
fn line_hint(
    text: &str,
    lines: &LineIndex,
    line: usize,
    rel: usize,
    expected: &[Expected],
    found: &Found,
) -> Option<Hint> {
    let range = lines.line_range(text, line);
    let line_text = &text[range];
    let content = line_text.trim();
    let lead = line_text.len() - line_text.trim_start().len();
    let at = rel.checked_sub(lead)?.min(content.len());
    let (before, after) = (content.get(..at)?, content.get(at..)?);
    let word = match found {
        Found::Code(w) => w.as_str(),
        _ => "",
    };
    let prev_word = words_of(before).last().map(|(_, w)| *w).unwrap_or("");
    let wants = |e: Expected| expected.contains(&e);

    // `customs none shared`, `customs none, 5`, `customs 5, none`: `none` stands alone.
    if content.starts_with("state ") {
        let words = words_of(before);
        let n = words.len();
        let after_none = prev_word == "none" && (word == "shared" || word.starts_with(','));
        let none_in_list = word == "none" && before.trim_end().ends_with(',');
        if after_none && n >= 2 {
            return Some(Hint::NoneAlone {
                system: words[n - 2].1.to_string(),
            });
        }
        if none_in_list {
            // The system is the last word before the codes of the list.
            let system = words.iter().rev().map(|(_, w)| *w).find(|w| {
                !(w.starts_with('"')
                    || w.starts_with('-')
                    || w.starts_with(|c: char| c.is_ascii_digit())
                    || *w == ",")
            });
            if let Some(system) = system {
                return Some(Hint::NoneAlone {
                    system: system.to_string(),
                });
            }
        }
    }

    // `if a and b`, `if a && b`, `if a or b`; `on Pay or Ship`.
    let either = OR_WORDS.contains(&word);
    if (either || AND_WORDS.contains(&word)) && is_transition(content) {
        let words = words_of(before);
        let n = words.len();
        if n >= 2 && words[n - 2].1 == "on" {
            return Some(Hint::OneEvent);
        }
        if n >= 2 && words[n - 2].1 == "if" {
            let line = (!either).then(|| {
                // The names joined, up to the next clause: `a and b` → `a_and_b`.
                let rest = after.strip_prefix(word).unwrap_or(after);
                let rest = rest.trim_start_matches(['&', '|']).trim_start();
                let rest_words = words_of(rest);
                let mut names = vec![words[n - 1].1.to_string()];
                let mut end = rest.len();
                let mut expect_name = true;
                for (o, w) in &rest_words {
                    if CLAUSES.contains(w) || w.starts_with('"') {
                        end = *o;
                        break;
                    }
                    let joins = AND_WORDS.contains(w) || *w == "&&";
                    if expect_name && !joins {
                        names.push(w.to_string());
                    }
                    expect_name = joins || !expect_name;
                }
                let joined = names.join("_and_");
                let tail = rest[end..].trim();
                let head = before[..words[n - 1].0].trim_end();
                let mut out = format!("{head} {joined}");
                if !tail.is_empty() {
                    out.push(' ');
                    out.push_str(tail);
                }
                out
            });
            return Some(Hint::CombinedGuard { either, line });
        }
    }

    // `note "…" then notify`: a clause after one that comes later.
    if CLAUSES.contains(&word) && is_transition(content) {
        if let Some(line) = reorder_clauses(content) {
            return Some(Hint::ClauseOrder {
                clause: word.to_string(),
                line,
            });
        }
    }

    // `rejected still Paid`.
    if word == "still" && prev_word == "rejected" {
        let line = format!("{}, {}", before.trim_end(), after.trim_start());
        return Some(Hint::StillComma { line });
    }

    // `only via A or B`, `by buyer or seller`, `then a and b`.
    if wants(Expected::Code(",")) && ["or", "and", "或", "和", "及"].contains(&word) {
        let rest = after[word.len()..].trim_start();
        if !rest.is_empty() {
            let line = format!("{}, {rest}", before.trim_end());
            return Some(Hint::ListWord {
                word: word.to_string(),
                line,
            });
        }
    }

    // A scenario step in quotes: `{ "Ship by seller" => Shipped }`.
    if wants(Expected::Step) && after.starts_with('"') {
        let inner = &after[1..];
        if let Some(close) = inner.find('"') {
            let step = &inner[..close];
            if !step.trim().is_empty() && !step.contains('\\') {
                let line = format!("{before}{}{}", step.trim(), &inner[close + 1..]);
                return Some(Hint::QuotedStep {
                    step: step.trim().to_string(),
                    line,
                });
            }
        }
    }

    // A transition broken over two lines: this one ends too early …
    if matches!(found, Found::EndOfLine | Found::EndOfFile) && is_transition_start(content) {
        if let Some((_, next)) = next_line(text, lines, line) {
            let first = words_of(next.trim()).first().map(|(_, w)| *w).unwrap_or("");
            if continues_a_line(first) {
                let line = format!("{} {}", content, next.trim());
                return Some(Hint::JoinNext { line });
            }
        }
    }
    // … or this one starts with the rest of the line above.
    let first = content.split([' ', '\t']).next().unwrap_or("");
    if wants(Expected::Item) && at == 0 && continues_a_line(first) {
        if let Some((_, above)) = prev_line(text, lines, line) {
            let above = above.trim();
            let item = words_of(above).first().map(|(_, w)| *w).unwrap_or("");
            if !above.starts_with("//")
                && !above.ends_with(['{', '}'])
                && !super::KEYWORDS.contains(&item)
                && !NOT_A_LINE.contains(&item)
            {
                let joined = format!("{above} {content}");
                return Some(Hint::ContinuesAbove { joined });
            }
        }
    }
    None
}

/// Whether a line starts like a transition: sources, maybe `-> Target`, and nothing after
/// that could be its trigger.
fn is_transition_start(content: &str) -> bool {
    let words = words_of(content);
    let first = words.first().map(|(_, w)| *w).unwrap_or("");
    !first.is_empty()
        && (!super::KEYWORDS.contains(&first) || first == "any")
        && !NOT_A_LINE.contains(&first)
        && !words.iter().any(|(_, w)| matches!(*w, "on" | "after"))
}
