//! The canonical layout of a spec (`order-fsm fmt`).
//!
//! The formatter works from the source text and the positions in the syntax tree; it never
//! rebuilds a line from the resolved model, so nothing it does not understand is lost:
//!
//! - every item is written with its clauses in the order of the language reference, one
//!   space between words, and two spaces of indentation inside a machine;
//! - consecutive lines of one kind (`state`, `event`, `role`, `guard`, `action`,
//!   transitions) form an alignment group, broken by a blank line or a comment line; the
//!   group is aligned in columns by display width (a Chinese character is two columns);
//! - comments and doc comments are kept byte for byte (a comment after an item stays on its
//!   line); runs of blank lines become one blank line, and blank lines at the start and end of
//!   a machine or of the file are dropped;
//! - the line ending of the file (the first one found) and a leading byte order mark are
//!   kept; the file ends with one line ending;
//! - a tab outside texts and comments becomes two spaces;
//! - blocks that span lines (a scenario, an event payload written over several lines) are
//!   kept as written apart from their indentation, tabs and trailing spaces.
//!
//! The result is parsed again and compared with the original syntax tree, positions aside;
//! if they differ the formatter refuses ([`FmtError::Unsafe`]) instead of changing meaning.

use std::fmt::Write as _;

use unicode_width::UnicodeWidthStr;

use order_fsm_core::ast::{File, Machine, Member, MemberKind, Sources, Str, TriggerDecl};
use order_fsm_core::diag::Diagnostic;
use order_fsm_core::source::Span;
use order_fsm_core::syntax;

/// Indentation of the items of a machine.
const INDENT: &str = "  ";
/// What a tab outside texts and comments becomes.
const TAB: &str = "  ";

/// Why a spec was not formatted.
#[derive(Debug)]
pub enum FmtError {
    /// The spec does not parse; it is left as it is.
    Syntax(Vec<Diagnostic>),
    /// The layout would have changed what the spec says (a bug in the formatter); the spec
    /// is left as it is.
    Unsafe(String),
}

/// Formats a spec. A file with syntax errors is refused with its diagnostics.
pub fn format(text: &str) -> Result<String, FmtError> {
    let file = syntax::parse_file(text).clean().map_err(|problems| {
        FmtError::Syntax(problems.iter().map(|p| p.to_diagnostic()).collect())
    })?;
    let out = Formatter::new(text).file(&file)?;
    let again = syntax::parse_file(&out).clean().map_err(|problems| {
        FmtError::Unsafe(format!(
            "the formatted text does not parse ({} error(s))",
            problems.len()
        ))
    })?;
    if without_positions(&format!("{file:?}")) != without_positions(&format!("{again:?}")) {
        return Err(FmtError::Unsafe(
            "the formatted text would mean something else".into(),
        ));
    }
    if comments(text) != comments(&out) {
        return Err(FmtError::Unsafe(
            "the formatted text would lose or change a comment".into(),
        ));
    }
    Ok(out)
}

/// The `Debug` text of a syntax tree or model with every `Span { start: …, end: … }` removed,
/// for comparing two versions of a spec positions aside.
pub fn without_positions(debug: &str) -> String {
    const OPEN: &str = "Span { start: ";
    let mut out = String::with_capacity(debug.len());
    let mut rest = debug;
    while let Some(i) = rest.find(OPEN) {
        out.push_str(&rest[..i]);
        out.push_str("Span");
        let after = &rest[i + OPEN.len()..];
        match after.find('}') {
            Some(j) => rest = &after[j + 1..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The comments and doc comments of a spec (from `//` to the end of their line, byte for
/// byte), in order. Texts in quotes are skipped, so `"http://…"` is not a comment.
pub fn comments(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for line in split_lines(text) {
        if let Some(at) = comment_start(line) {
            out.push(&line[at..]);
        }
    }
    out
}

/// Where a comment starts on one line, outside texts in quotes.
fn comment_start(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    let mut in_str = false;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if in_str => i += 1,
            b'"' => in_str = !in_str,
            b'/' if !in_str && bytes.get(i + 1) == Some(&b'/') => return Some(i),
            _ => {}
        }
        i += 1;
    }
    None
}

/// The lines of a text without their endings; `\r\n`, `\n` and a lone `\r` end a line. A
/// text ending with a line ending has no empty last line.
fn split_lines(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                out.push(&text[start..i]);
                start = i + 1;
            }
            b'\r' => {
                out.push(&text[start..i]);
                if bytes.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    if start < bytes.len() {
        out.push(&text[start..]);
    }
    out
}

/// Splits a gap between items into its pieces: the rest of the line before it, then full
/// lines, then the start of the line after it. Unlike [`split_lines`] the last piece is kept
/// even when empty.
fn split_gap(text: &str) -> Vec<&str> {
    let mut out = split_lines(text);
    if text.is_empty() || text.ends_with(['\n', '\r']) {
        out.push("");
    }
    out
}

fn first_line_end(text: &str) -> &'static str {
    match text.find(['\n', '\r']) {
        Some(i) if text[i..].starts_with("\r\n") => "\r\n",
        Some(i) if text[i..].starts_with('\r') => "\r",
        _ => "\n",
    }
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{FEFF}')
}

/// One line of output before alignment.
enum Line {
    Blank,
    /// A comment line, indented as the items around it.
    Comment(String),
    /// A line that is written as it is (already indented).
    Raw(String),
    /// An item: its alignment group, its cells, and a comment after it on its line.
    Item {
        group: Option<Group>,
        cells: Vec<String>,
        trailing: Option<String>,
    },
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Group {
    State,
    Event,
    Role,
    Guard,
    Action,
    Codes,
    Transition,
}

struct Formatter<'t> {
    text: &'t str,
    nl: &'static str,
}

impl<'t> Formatter<'t> {
    fn new(text: &'t str) -> Self {
        Formatter {
            text,
            nl: first_line_end(text),
        }
    }

    fn slice(&self, span: Span) -> &'t str {
        self.text.get(span.range()).unwrap_or("")
    }

    fn str_(&self, s: &Str<'_>) -> &'t str {
        self.slice(s.span)
    }

    /// The pieces of a gap between items: a comment after the previous item (if any), then
    /// the lines between. Fails on anything but spaces and comments.
    /// At the start of the file there is no previous item (`tail` false), and at its end no
    /// next one (`head` false): then those pieces are whole lines.
    fn gap(
        &self,
        from: usize,
        to: usize,
        tail: bool,
        head: bool,
    ) -> Result<(Option<String>, Vec<Line>), FmtError> {
        let gap = self.text.get(from..to).unwrap_or("");
        let pieces = split_gap(gap);
        let last = pieces.len() - 1;
        let mut trailing = None;
        let mut lines = Vec::new();
        for (i, piece) in pieces.iter().enumerate() {
            let comment = match comment_start(piece) {
                Some(at) => {
                    if !piece[..at].chars().all(is_space) {
                        return Err(self.unexpected(piece));
                    }
                    Some(piece[at..].to_string())
                }
                None => {
                    if !piece.chars().all(is_space) {
                        return Err(self.unexpected(piece));
                    }
                    None
                }
            };
            if i == 0 && tail {
                trailing = comment;
            } else if i < last || !head {
                lines.push(comment.map_or(Line::Blank, Line::Comment));
            } else if comment.is_some() {
                return Err(self.unexpected(piece));
            }
        }
        Ok((trailing, lines))
    }

    fn unexpected(&self, piece: &str) -> FmtError {
        FmtError::Unsafe(format!("unexpected text between items: {piece:?}"))
    }

    fn file(&self, file: &File<'_>) -> Result<String, FmtError> {
        let bom = self.text.starts_with('\u{FEFF}');
        let mut top: Vec<Line> = Vec::new();
        let mut pos = if bom { '\u{FEFF}'.len_utf8() } else { 0 };
        // The file starts on a fresh line, so the first gap has no "rest of a line".
        let mut fresh = true;
        for m in &file.machines {
            let before = self.text.get(pos..m.id.span.start).unwrap_or("");
            let kw = before
                .rfind("machine")
                .ok_or_else(|| FmtError::Unsafe("a machine without `machine`".into()))?;
            let (trailing, lines) = self.gap(pos, pos + kw, !fresh, true)?;
            self.attach(&mut top, trailing)?;
            top.extend(lines);
            self.machine(m, &mut top)?;
            pos = m.span.end;
            fresh = false;
        }
        let (trailing, lines) = self.gap(pos, self.text.len(), !fresh, false)?;
        self.attach(&mut top, trailing)?;
        top.extend(lines);

        let mut out = String::with_capacity(self.text.len() + 64);
        if bom {
            out.push('\u{FEFF}');
        }
        for line in render(&top) {
            out.push_str(&line);
            out.push_str(self.nl);
        }
        Ok(out)
    }

    /// Puts a comment found after an item on that item's line.
    fn attach(&self, lines: &mut [Line], trailing: Option<String>) -> Result<(), FmtError> {
        let Some(c) = trailing else { return Ok(()) };
        match lines.last_mut() {
            Some(Line::Item { trailing: t, .. }) if t.is_none() => {
                *t = Some(c);
                Ok(())
            }
            Some(Line::Raw(r)) => {
                r.push(' ');
                r.push_str(&c);
                Ok(())
            }
            _ => Err(FmtError::Unsafe("a comment after nothing".into())),
        }
    }

    fn machine(&self, m: &Machine<'_>, out: &mut Vec<Line>) -> Result<(), FmtError> {
        let mut head = format!("machine {}", m.id.text);
        let head_end = match &m.label {
            Some(l) => {
                let _ = write!(head, " {}", self.str_(l));
                l.span.end
            }
            None => m.id.span.end,
        };
        head.push_str(" {");
        let open = self
            .text
            .get(head_end..)
            .and_then(|t| t.find('{'))
            .map(|i| head_end + i + 1)
            .ok_or_else(|| FmtError::Unsafe("a machine without `{`".into()))?;
        let close = m.span.end.saturating_sub(1);
        out.push(Line::Raw(head));
        let mut body: Vec<Line> = Vec::new();
        let mut pos = open;
        let mut after_head = true;
        // The code systems in the order declared: a state's codes line up under them.
        let systems: Vec<&str> = m
            .members
            .iter()
            .filter_map(|mb| match &mb.kind {
                MemberKind::Codes(d) => Some(d.id.text),
                _ => None,
            })
            .collect();
        for member in &m.members {
            let (trailing, lines) = self.gap(pos, member.span.start, true, true)?;
            if after_head {
                if let (Some(c), Some(Line::Raw(h))) = (trailing, out.last_mut()) {
                    h.push(' ');
                    h.push_str(&c);
                }
            } else {
                self.attach(&mut body, trailing)?;
            }
            body.extend(lines);
            let mut line = self.member(member, &systems)?;
            // A single-line item's span can take in the comment after it: move it out.
            let text = self.slice(member.span);
            if let (Line::Item { trailing, .. }, false) = (&mut line, text.contains(['\n', '\r'])) {
                *trailing = comment_start(text).map(|at| text[at..].to_string());
            }
            body.push(line);
            pos = member.span.end;
            after_head = false;
        }
        let (trailing, lines) = self.gap(pos, close, true, true)?;
        if after_head {
            if let (Some(c), Some(Line::Raw(h))) = (trailing, out.last_mut()) {
                h.push(' ');
                h.push_str(&c);
            }
        } else {
            self.attach(&mut body, trailing)?;
        }
        body.extend(lines);
        // No blank lines just inside the braces.
        while matches!(body.first(), Some(Line::Blank)) {
            body.remove(0);
        }
        while matches!(body.last(), Some(Line::Blank)) {
            body.pop();
        }
        for line in body {
            out.push(match line {
                Line::Comment(c) => Line::Comment(format!("{INDENT}{c}")),
                other => other,
            });
        }
        out.push(Line::Raw("}".into()));
        Ok(())
    }

    fn member(&self, member: &Member<'_>, systems: &[&str]) -> Result<Line, FmtError> {
        let item = |group, cells: Vec<String>| Line::Item {
            group,
            cells,
            trailing: None,
        };
        let idents = |ids: &[order_fsm_core::ast::Ident<'_>]| {
            ids.iter().map(|i| i.text).collect::<Vec<_>>().join(", ")
        };
        let label = |l: &Option<Str<'_>>| l.as_ref().map_or(String::new(), |l| self.str_(l).into());
        Ok(match &member.kind {
            MemberKind::State(s) => {
                let mut flags = Vec::new();
                if s.initial.is_some() {
                    flags.push("initial");
                }
                if s.final_.is_some() {
                    flags.push("final");
                }
                let code_list = |codes: &[order_fsm_core::ast::CodeLit], shared: Option<Span>| {
                    let list: Vec<&str> = codes.iter().map(|c| self.slice(c.span)).collect();
                    let mut out = list.join(", ");
                    if shared.is_some() {
                        out.push_str(" shared");
                    }
                    out
                };
                let codes = if s.codes.is_empty() {
                    String::new()
                } else {
                    format!("code {}", code_list(&s.codes, s.shared))
                };
                let mut cells = vec![
                    "state".into(),
                    s.id.text.into(),
                    label(&s.label),
                    flags.join(" "),
                    codes,
                ];
                let written: Vec<String> = s
                    .systems
                    .iter()
                    .map(|c| match c.none {
                        Some(_) => format!("{} none", c.system.text),
                        None => format!("{} {}", c.system.text, code_list(&c.codes, c.shared)),
                    })
                    .collect();
                // Written in the declared order (some maybe missing): one column per
                // declared system, so that each system's codes line up. Otherwise as written.
                let at: Vec<Option<usize>> = s
                    .systems
                    .iter()
                    .map(|c| systems.iter().position(|d| *d == c.system.text))
                    .collect();
                let in_order = at.iter().all(Option::is_some) && at.windows(2).all(|w| w[0] < w[1]);
                if in_order {
                    let mut slots = vec![String::new(); systems.len()];
                    for (cell, ix) in written.into_iter().zip(at.into_iter().flatten()) {
                        slots[ix] = cell;
                    }
                    cells.extend(slots);
                } else {
                    cells.extend(written);
                }
                item(Some(Group::State), cells)
            }
            MemberKind::Event(e) => {
                let roles = if e.roles.is_empty() {
                    String::new()
                } else {
                    format!("by {}", idents(&e.roles))
                };
                let head_end = e
                    .roles
                    .last()
                    .map(|r| r.span.end)
                    .or(e.label.as_ref().map(|l| l.span.end))
                    .unwrap_or(e.id.span.end);
                let rest = self.text.get(head_end..member.span.end).unwrap_or("");
                let payload = if rest.contains(['\n', '\r']) {
                    // Written over several lines: kept as written from its `{`.
                    let at = rest
                        .find('{')
                        .ok_or_else(|| FmtError::Unsafe("a payload without `{`".into()))?;
                    self.block(&rest[at..], member.span.start)
                } else if e.payload.is_empty() {
                    String::new()
                } else {
                    let fields: Vec<String> = e
                        .payload
                        .iter()
                        .map(|f| format!("{}: {}", f.name.text, f.ty.text))
                        .collect();
                    format!("{{ {} }}", fields.join(", "))
                };
                item(
                    Some(Group::Event),
                    vec![
                        "event".into(),
                        e.id.text.into(),
                        label(&e.label),
                        roles,
                        payload,
                    ],
                )
            }
            MemberKind::Role(d) | MemberKind::Guard(d) | MemberKind::Action(d) => {
                let (kw, group) = match &member.kind {
                    MemberKind::Role(_) => ("role", Group::Role),
                    MemberKind::Guard(_) => ("guard", Group::Guard),
                    _ => ("action", Group::Action),
                };
                item(
                    Some(group),
                    vec![kw.into(), d.id.text.into(), label(&d.label)],
                )
            }
            MemberKind::Note(n) => item(None, vec!["note".into(), self.str_(n).into()]),
            MemberKind::Codes(d) => item(
                Some(Group::Codes),
                vec!["codes".into(), d.id.text.into(), label(&d.label)],
            ),
            // Scenarios and rules are sentences: kept as written, apart from indentation,
            // tabs and trailing spaces.
            MemberKind::Scenario(_) | MemberKind::Rule(_) => {
                let text = self.slice(member.span);
                item(None, vec![self.block(text, member.span.start)])
            }
            MemberKind::Transition(t) => {
                let sources = match &t.sources {
                    Sources::Any(_) => "any".to_string(),
                    Sources::List(ids) => idents(ids),
                };
                let (trigger, extra) = match &t.trigger {
                    TriggerDecl::On { event, roles } => (
                        format!("on {}", event.text),
                        if roles.is_empty() {
                            String::new()
                        } else {
                            format!("by {}", idents(roles))
                        },
                    ),
                    TriggerDecl::After { delay, label: l } => {
                        (format!("after {}", delay.text), label(l))
                    }
                };
                let guard = match &t.guard {
                    Some((g, l)) => match l {
                        Some(l) => format!("if {} {}", g.text, self.str_(l)),
                        None => format!("if {}", g.text),
                    },
                    None => String::new(),
                };
                let then = if t.actions.is_empty() {
                    String::new()
                } else {
                    format!("then {}", idents(&t.actions))
                };
                let note = t
                    .note
                    .as_ref()
                    .map_or(String::new(), |n| format!("note {}", self.str_(n)));
                item(
                    Some(Group::Transition),
                    vec![
                        sources,
                        t.target
                            .as_ref()
                            .map_or(String::new(), |to| format!("-> {}", to.text)),
                        if extra.is_empty() {
                            trigger
                        } else {
                            format!("{trigger} {extra}")
                        },
                        guard,
                        then,
                        note,
                    ],
                )
            }
        })
    }

    /// A block written over several lines, from its first character: its later lines are
    /// moved by as much as its first line is, but a last line that starts with the closing
    /// `}` is indented as the line the block starts on; tabs outside texts and comments
    /// become spaces, and spaces at line ends outside comments go. Lines are joined with the
    /// file's line ending.
    fn block(&self, text: &str, start: usize) -> String {
        // How far the block's first line was indented.
        let line_start = self.text[..start].rfind(['\n', '\r']).map_or(0, |i| i + 1);
        let lead = &self.text[line_start..start];
        let shift: isize = if lead.chars().all(is_space) {
            INDENT.len() as isize - expand_tabs(lead).width() as isize
        } else {
            0
        };
        let mut out = String::new();
        let lines = split_lines(text);
        let last = lines.len().saturating_sub(1);
        for (i, line) in lines.into_iter().enumerate() {
            let mut line = expand_tabs(line);
            if comment_start(&line).is_none() {
                line.truncate(line.trim_end_matches(is_space).len());
            }
            if i > 0 && i == last && line.trim_start_matches(' ').starts_with('}') {
                out.push_str(self.nl);
                out.push_str(INDENT);
                out.push_str(line.trim_start_matches(' '));
                continue;
            }
            if i > 0 {
                out.push_str(self.nl);
                if !line.is_empty() {
                    if shift >= 0 {
                        out.extend(std::iter::repeat_n(' ', shift as usize));
                    } else {
                        let lead = line.len() - line.trim_start_matches(' ').len();
                        line.drain(..lead.min(shift.unsigned_abs()));
                    }
                }
            }
            out.push_str(&line);
        }
        out
    }
}

/// A line with its tabs outside texts and comments replaced by spaces.
fn expand_tabs(line: &str) -> String {
    let end = comment_start(line).unwrap_or(line.len());
    let mut out = String::with_capacity(line.len());
    let mut in_str = false;
    let mut escaped = false;
    for c in line[..end].chars() {
        match c {
            '\t' if !in_str => out.push_str(TAB),
            _ => {
                if in_str && !escaped && c == '"' {
                    in_str = false;
                } else if !in_str && c == '"' {
                    in_str = true;
                }
                escaped = in_str && !escaped && c == '\\';
                out.push(c);
            }
        }
    }
    out.push_str(&line[end..]);
    out
}

/// Aligns the groups and turns the lines into text (without line endings).
fn render(lines: &[Line]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    let mut blank = true;
    while i < lines.len() {
        match &lines[i] {
            Line::Blank => {
                if !blank {
                    out.push(String::new());
                }
                blank = true;
                i += 1;
                continue;
            }
            Line::Comment(c) | Line::Raw(c) => out.push(c.clone()),
            Line::Item { group, .. } => {
                // The group: following items of the same kind, with no line between.
                // Doc comments belong to the item after them and do not break a group.
                let mut j = i + 1;
                let mut end = j;
                if group.is_some() {
                    loop {
                        match lines.get(j) {
                            Some(Line::Item { group: g, .. }) if g == group => {
                                j += 1;
                                end = j;
                            }
                            Some(Line::Comment(c)) if is_doc(c) => j += 1,
                            _ => break,
                        }
                    }
                }
                let j = end;
                align(&lines[i..j], &mut out);
                i = j;
                blank = false;
                continue;
            }
        }
        blank = false;
        i += 1;
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out
}

/// A doc comment line (`///`, not `////`), indentation aside.
fn is_doc(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with("///") && !t.starts_with("////")
}

fn align(items: &[Line], out: &mut Vec<String>) {
    let rows: Vec<(&Vec<String>, &Option<String>)> = items
        .iter()
        .filter_map(|l| match l {
            Line::Item {
                cells, trailing, ..
            } => Some((cells, trailing)),
            _ => None,
        })
        .collect();
    let columns = rows.iter().map(|(c, _)| c.len()).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .filter_map(|(cells, _)| cells.get(c))
                .map(|s| s.width())
                .max()
                .unwrap_or(0)
        })
        .collect();
    // A column empty in every row takes no room.
    let used: Vec<bool> = (0..columns)
        .map(|c| {
            rows.iter()
                .any(|(cells, _)| cells.get(c).is_some_and(|s| !s.is_empty()))
        })
        .collect();
    let mut rows = rows.into_iter();
    for l in items {
        if let Line::Comment(c) = l {
            out.push(c.clone());
            continue;
        }
        let Some((cells, trailing)) = rows.next() else {
            break;
        };
        let mut line = String::new();
        for (c, cell) in cells.iter().enumerate() {
            if !used[c] {
                continue;
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(cell);
            let pad = widths[c].saturating_sub(cell.width());
            line.extend(std::iter::repeat_n(' ', pad));
        }
        let mut line = format!("{INDENT}{}", line.trim_end());
        if let Some(t) = trailing {
            line.push(' ');
            line.push_str(t);
        }
        out.push(line);
    }
}
