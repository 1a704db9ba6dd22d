//! Diagnostics: one type, two renderers (rustc-style text, with or without colour, and JSON
//! for editors and CI tools).

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use serde::Serialize;

use crate::msg::{self, Lang, Text};
use crate::source::{floor_char_boundary, SourceFile, Span};
use crate::t;

/// How bad a diagnostic is. Errors stop code generation; warnings do not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A span with a short message under it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub message: Text,
}

/// The finding another one follows from: its code and where it is (its primary span). A
/// warning that only holds because of an error says so, so that the author fixes the cause
/// first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Cause {
    pub code: &'static str,
    pub severity: Severity,
    pub span: Span,
}

impl Cause {
    /// The cause that `d` is.
    pub fn of(d: &Diagnostic) -> Cause {
        Cause {
            code: d.code,
            severity: d.severity,
            span: d.primary.span,
        }
    }
}

/// One finding about a spec. Its words are [`Text`]s, put into a language only when shown
/// ([`render`], [`to_json`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Stable code, e.g. `E0002`; see [`crate::diag::codes`] and the language reference.
    pub code: &'static str,
    pub severity: Severity,
    /// Short, lowercase, names the item: "unknown state `Shiped`".
    pub message: Text,
    pub primary: Label,
    /// Related places ("first defined here").
    pub secondary: Vec<Label>,
    /// What to write instead, in plain words.
    pub help: Option<Text>,
    /// Extra explanation.
    pub note: Option<Text>,
    /// The findings this one follows from (fix those first), in source order.
    pub caused_by: Vec<Cause>,
}

impl Diagnostic {
    pub fn error(
        code: &'static str,
        message: impl Into<Text>,
        span: Span,
        label: impl Into<Text>,
    ) -> Self {
        Diagnostic {
            code,
            severity: Severity::Error,
            message: message.into(),
            primary: Label {
                span,
                message: label.into(),
            },
            secondary: Vec::new(),
            help: None,
            note: None,
            caused_by: Vec::new(),
        }
    }

    pub fn warning(
        code: &'static str,
        message: impl Into<Text>,
        span: Span,
        label: impl Into<Text>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message, span, label)
        }
    }

    pub fn with_secondary(mut self, span: Span, message: impl Into<Text>) -> Self {
        self.secondary.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    pub fn with_help(mut self, help: impl Into<Text>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_help_opt(mut self, help: Option<impl Into<Text>>) -> Self {
        self.help = help.map(Into::into);
        self
    }

    pub fn with_note(mut self, note: impl Into<Text>) -> Self {
        self.note = Some(note.into());
        self
    }

    /// Every text of the diagnostic (message, labels, note, help), for checks over all of
    /// them.
    pub fn texts(&self) -> impl Iterator<Item = &Text> {
        [&self.message, &self.primary.message]
            .into_iter()
            .chain(self.secondary.iter().map(|l| &l.message))
            .chain(self.help.iter())
            .chain(self.note.iter())
    }

    /// The line the help proposes to write instead of the line this diagnostic points at:
    /// the `{line}` of its help. Every help that proposes a whole line names it so (a line
    /// with gaps to fill, or a line to write elsewhere, is named otherwise).
    pub fn proposed_line(&self) -> Option<String> {
        self.help.as_ref().and_then(|h| code_arg(h, "line"))
    }

    /// The line the help proposes to write instead of the line above this one, this line
    /// going (the `{joined}` of its help): the rest of a transition broken over two lines.
    pub fn proposed_join(&self) -> Option<String> {
        self.help.as_ref().and_then(|h| code_arg(h, "joined"))
    }

    /// Record the findings this one follows from (kept in source order, each once).
    pub fn with_causes(mut self, causes: impl IntoIterator<Item = Cause>) -> Self {
        for c in causes {
            if !self.caused_by.contains(&c) {
                self.caused_by.push(c);
            }
        }
        self.caused_by.sort_by_key(|c| (c.span.start, c.code));
        self
    }
}

/// The code in backquotes given as argument `key` of a text or of a text inside it.
fn code_arg(t: &Text, key: &str) -> Option<String> {
    match t {
        Text::Msg(_, args) => args.iter().find_map(|(k, v)| match v {
            Text::Lit(s) if *k == key => s
                .strip_prefix('`')
                .and_then(|s| s.strip_suffix('`'))
                .map(str::to_string),
            v => code_arg(v, key),
        }),
        Text::Seq(parts) | Text::Join(parts) | Text::List(parts) | Text::OrList(parts) => {
            parts.iter().find_map(|p| code_arg(p, key))
        }
        Text::Lit(_) => None,
    }
}

/// Every diagnostic code, with its severity and a one-line summary.
pub mod codes {
    use super::Severity::{self, *};

    pub const SYNTAX: &str = "E0001";
    pub const UNKNOWN_STATE: &str = "E0002";
    pub const UNKNOWN_EVENT: &str = "E0003";
    pub const UNKNOWN_ROLE: &str = "E0004";
    pub const DUPLICATE_ID: &str = "E0005";
    pub const DUPLICATE_LABEL: &str = "E0006";
    pub const NO_INITIAL: &str = "E0007";
    pub const SEVERAL_INITIAL: &str = "E0008";
    pub const FROM_FINAL: &str = "E0009";
    pub const NONDETERMINISM: &str = "E0010";
    pub const TIMEOUT_CONFLICT: &str = "E0011";
    pub const DUPLICATE_CODE: &str = "E0012";
    pub const RUST_KEYWORD: &str = "E0013";
    pub const NAME_COLLISION: &str = "E0014";
    pub const SCENARIO_FAILS: &str = "E0015";
    pub const BAD_INPUT: &str = "E0016";
    pub const UNKNOWN_GUARD: &str = "E0017";
    pub const BAD_DURATION: &str = "E0018";
    pub const NO_MACHINE: &str = "E0019";
    pub const SCENARIO_NO_OUTCOME: &str = "E0020";
    pub const ROLE_NOT_OF_EVENT: &str = "E0021";
    pub const TOO_MANY_LINES: &str = "E0022";
    pub const GUARD_ANSWERED_TWICE: &str = "E0023";
    pub const RULE_BROKEN: &str = "E0024";
    pub const RULE_MALFORMED: &str = "E0025";
    pub const MIXED_CODES: &str = "E0026";
    pub const UNKNOWN_SYSTEM: &str = "E0027";
    pub const RESERVED_SYSTEM: &str = "E0028";
    pub const SHARED_MAIN_CODE: &str = "E0029";

    pub const UNREACHABLE: &str = "W0001";
    pub const DEAD_END: &str = "W0002";
    pub const NO_FINAL_REACHABLE: &str = "W0003";
    pub const UNUSED_EVENT: &str = "W0004";
    pub const MISSING_LABEL: &str = "W0005";
    pub const TIMEOUT_ON_FINAL: &str = "W0006";
    pub const UNUSED_ROLE: &str = "W0007";
    pub const GUARD_DESCRIBED_TWICE: &str = "W0008";
    pub const UNUSED_HOOK: &str = "W0009";
    pub const RULE_VACUOUS: &str = "W0010";
    pub const CODE_HOLE: &str = "W0011";
    pub const UNUSED_SYSTEM: &str = "W0012";
    pub const IDLE_REMINDER: &str = "W0013";
    pub const MISSING_ACTION_LABEL: &str = "W0014";
    pub const LONG_NAME: &str = "W0015";

    /// Whether `code` is about a business rule (broken, or contradicting itself) rather than
    /// about the lines of the machine: the machine still means what its lines say.
    pub fn is_rule_finding(code: &str) -> bool {
        code == RULE_BROKEN || code == RULE_MALFORMED
    }

    /// Every code, in order. Each one's title and explanation are its entry in
    /// `order-fsm-core/diagnostics/` ([`crate::explain`]).
    pub const ALL: &[&str] = &[
        SYNTAX,
        UNKNOWN_STATE,
        UNKNOWN_EVENT,
        UNKNOWN_ROLE,
        DUPLICATE_ID,
        DUPLICATE_LABEL,
        NO_INITIAL,
        SEVERAL_INITIAL,
        FROM_FINAL,
        NONDETERMINISM,
        TIMEOUT_CONFLICT,
        DUPLICATE_CODE,
        RUST_KEYWORD,
        NAME_COLLISION,
        SCENARIO_FAILS,
        BAD_INPUT,
        UNKNOWN_GUARD,
        BAD_DURATION,
        NO_MACHINE,
        SCENARIO_NO_OUTCOME,
        ROLE_NOT_OF_EVENT,
        TOO_MANY_LINES,
        GUARD_ANSWERED_TWICE,
        RULE_BROKEN,
        RULE_MALFORMED,
        MIXED_CODES,
        UNKNOWN_SYSTEM,
        RESERVED_SYSTEM,
        SHARED_MAIN_CODE,
        UNREACHABLE,
        DEAD_END,
        NO_FINAL_REACHABLE,
        UNUSED_EVENT,
        MISSING_LABEL,
        TIMEOUT_ON_FINAL,
        UNUSED_ROLE,
        GUARD_DESCRIBED_TWICE,
        UNUSED_HOOK,
        RULE_VACUOUS,
        CODE_HOLE,
        UNUSED_SYSTEM,
        IDLE_REMINDER,
        MISSING_ACTION_LABEL,
        LONG_NAME,
    ];

    /// The severity a code always has: `E…` codes are errors, `W…` codes warnings.
    pub fn severity(code: &str) -> Severity {
        if code.starts_with('W') {
            Warning
        } else {
            Error
        }
    }

    /// Every warning code, in order.
    pub fn warnings() -> impl Iterator<Item = &'static str> {
        ALL.iter().copied().filter(|c| severity(c) == Warning)
    }
}

/// Render diagnostics rustc-style in `lang`: the `error[E0002]` prefix stays as it is, the
/// words after it are in that language. `color` adds ANSI colours (use it on terminals only).
pub fn render(source: &SourceFile, diags: &[Diagnostic], color: bool, lang: Lang) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for d in diags {
        out.push_str(&render_one(&renderer, source, d, lang));
        out.push_str("\n\n");
    }
    out.push_str(&summary(diags, lang));
    out
}

/// One diagnostic rendered in `lang` (no trailing newline).
pub fn render_one(renderer: &Renderer, source: &SourceFile, d: &Diagnostic, lang: Lang) -> String {
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let message = d.message.render(lang);
    let mut labels = vec![(true, d.primary.span, d.primary.message.render(lang))];
    labels.extend(
        d.secondary
            .iter()
            .map(|l| (false, l.span, l.message.render(lang))),
    );
    let snippets: Vec<Snippet<'_, annotate_snippets::Annotation<'_>>> = labels
        .iter()
        .map(|(primary, span, label)| {
            let (text, line_no, range) = line_excerpt(source, *span);
            let kind = if *primary {
                AnnotationKind::Primary
            } else {
                AnnotationKind::Context
            };
            Snippet::source(text)
                .line_start(line_no)
                .path(source.name.as_str())
                .annotation(kind.span(range).label(label.as_str()))
        })
        .collect();
    let mut report: Vec<Group<'_>> = vec![level
        .primary_title(message.as_str())
        .id(d.code)
        .elements(snippets)];
    // The cause first: it is what to fix.
    let because = because(source, &d.caused_by).map(|b| b.render(lang));
    let note = d.note.as_ref().map(|n| n.render(lang));
    let help = d.help.as_ref().map(|h| h.render(lang));
    for (level, text) in [
        (Level::NOTE, &because),
        (Level::NOTE, &note),
        (Level::HELP, &help),
    ] {
        if let Some(text) = text {
            report.push(Group::with_title(level.secondary_title(text.as_str())));
        }
    }
    renderer.render(&report)
}

/// "because of error[E0009] at 12:3 and error[E0010] at 14:3", or `None` without causes.
fn because(source: &SourceFile, causes: &[Cause]) -> Option<Text> {
    let parts: Vec<Text> = causes
        .iter()
        .map(|c| {
            let p = source.line_col(c.span.start);
            let kind = match c.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            t!(
                msg::BECAUSE_AT,
                finding = format!("{kind}[{}]", c.code),
                line = p.line,
                col = p.col
            )
        })
        .collect();
    (!parts.is_empty()).then(|| t!(msg::BECAUSE, causes = Text::List(parts)))
}

/// The line holding `span.start`, without its line ending, its 1-based number, and the span
/// relative to it (cut at the end of the line).
fn line_excerpt(source: &SourceFile, span: Span) -> (String, usize, std::ops::Range<usize>) {
    let text = &source.text;
    let start = floor_char_boundary(text, span.start.min(text.len()));
    let line = source.lines.line_of(start);
    let lr = source.lines.line_range(text, line);
    // A span that starts inside the line ending (between `\r` and `\n`) is shown at the end
    // of its line.
    let start = start.clamp(lr.start, lr.end);
    let end = floor_char_boundary(text, span.end.max(start).min(lr.end)).max(start);
    (
        text[lr.clone()].to_string(),
        line + 1,
        start - lr.start..end - lr.start,
    )
}

/// The closing line in `lang`: "2 errors and 1 warning found", "发现 2 个错误和 1 个警告".
pub fn summary(diags: &[Diagnostic], lang: Lang) -> String {
    let e = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let w = diags.len() - e;
    let errors = |n: usize| match n {
        1 => t!(msg::ONE_ERROR),
        n => t!(msg::N_ERRORS, n = n),
    };
    let warnings = |n: usize| match n {
        1 => t!(msg::ONE_WARNING),
        n => t!(msg::N_WARNINGS, n = n),
    };
    let found = match (e, w) {
        (0, 0) => return String::new(),
        (0, w) => warnings(w),
        (e, 0) => errors(e),
        (e, w) => Text::List(vec![errors(e), warnings(w)]),
    };
    format!("{}\n", t!(msg::FOUND, findings = found).render(lang))
}

/// A diagnostic as JSON for tools, its words in one language: positions as 1-based line and
/// character column, plus byte offsets.
#[derive(Debug, Serialize)]
pub struct JsonDiagnostic<'a> {
    pub file: &'a str,
    pub code: &'a str,
    pub severity: Severity,
    pub message: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub start_byte: usize,
    pub end_byte: usize,
    pub label: String,
    pub related: Vec<JsonLabel>,
    pub help: Option<String>,
    pub note: Option<String>,
    /// The findings this one follows from: fix those first.
    pub caused_by: Vec<JsonCause<'a>>,
    /// The same diagnostic rendered as text, as `check` prints it.
    pub rendered: String,
}

/// A secondary label in JSON.
#[derive(Debug, Serialize)]
pub struct JsonLabel {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// A finding another one follows from, in JSON: its code and the 1-based line and character
/// column of its primary span, as the `line` and `column` of that finding say.
#[derive(Debug, Serialize)]
pub struct JsonCause<'a> {
    pub code: &'a str,
    pub severity: Severity,
    pub line: usize,
    pub column: usize,
}

/// Convert to the JSON form, its words in `lang`.
pub fn to_json<'a>(source: &'a SourceFile, d: &'a Diagnostic, lang: Lang) -> JsonDiagnostic<'a> {
    let s = source.line_col(d.primary.span.start);
    let e = source.line_col(d.primary.span.end);
    JsonDiagnostic {
        file: &source.name,
        code: d.code,
        severity: d.severity,
        message: d.message.render(lang),
        line: s.line,
        column: s.col,
        end_line: e.line,
        end_column: e.col,
        start_byte: d.primary.span.start,
        end_byte: d.primary.span.end,
        label: d.primary.message.render(lang),
        related: d
            .secondary
            .iter()
            .map(|l| {
                let p = source.line_col(l.span.start);
                JsonLabel {
                    line: p.line,
                    column: p.col,
                    message: l.message.render(lang),
                }
            })
            .collect(),
        help: d.help.as_ref().map(|h| h.render(lang)),
        note: d.note.as_ref().map(|n| n.render(lang)),
        caused_by: d
            .caused_by
            .iter()
            .map(|c| {
                let p = source.line_col(c.span.start);
                JsonCause {
                    code: c.code,
                    severity: c.severity,
                    line: p.line,
                    column: p.col,
                }
            })
            .collect(),
        rendered: render_one(&Renderer::plain(), source, d, lang),
    }
}
