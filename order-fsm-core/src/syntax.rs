//! From text to syntax tree, with the pest grammar in `fsm.pest`.
//!
//! [`parse_file`] returns the tree it could read together with what is wrong ([`Parsed`]).
//! After an error the parser blanks the offending line (byte for byte, so every offset stays
//! where it was) and parses again, so a file with several broken lines gets all of them
//! reported at once; the tree is that of the text that finally parses, its names borrowed
//! from the original text. Every later stage reads that one tree: nothing parses the file
//! again.
//!
//! Problems are data ([`Problem`]: a span, what the grammar takes there, the word found, …);
//! they are put into the language's own words ("expected a state name or `any`", never a
//! grammar rule's name) in one place, [`Problem::to_diagnostic`].

mod problem;
mod words;

pub use problem::{Expected, Found, Hint, Problem, ProblemKind, TypeForm};

use crate::msg;
use crate::t;
use pest::iterators::{Pair, Pairs};
use pest::Parser;

use crate::ast::*;
use crate::diag::{codes, Diagnostic};
use crate::source::{LineIndex, Span};
use problem::{classify, error_pos};

// pest is built without its `std` feature: that feature probes the remaining stack on every
// rule call, which cost about a sixth of the parse time. The grammar recurses only inside
// payload types, and `too_deep` bounds that nesting before pest sees the text.
#[derive(pest_derive::Parser)]
#[grammar = "fsm.pest"]
struct FsmParser;

/// How many syntax errors one file reports before giving up.
const MAX_SYNTAX_ERRORS: usize = 30;

/// Files larger than this are refused (a spec is a few kilobytes; this is far beyond any).
pub const MAX_FILE_BYTES: usize = 64 * 1024 * 1024;

/// Check raw bytes before parsing: size, UTF-16 and UTF-32 text (by its byte order mark),
/// NUL bytes (binary files) and UTF-8.
/// On failure returns a lossy text (for rendering) and the diagnostic.
pub fn check_bytes(bytes: &[u8]) -> Result<&str, Box<(String, Diagnostic)>> {
    if bytes.len() > MAX_FILE_BYTES {
        let text = String::from_utf8_lossy(&bytes[..bytes.len().min(200)]).into_owned();
        let d = Diagnostic::error(
            codes::BAD_INPUT,
            t!(msg::E0016_TOO_LARGE, bytes = bytes.len()),
            Span::new(0, 0),
            t!(msg::E0016_STARTS_HERE),
        )
        .with_help(t!(msg::E0016_LIMIT, mib = MAX_FILE_BYTES / 1024 / 1024));
        return Err(Box::new((text, d)));
    }
    if let Some(failed) = check_utf16_or_32(bytes) {
        return Err(failed);
    }
    if let Some(raw_pos) = bytes.iter().position(|&b| b == 0) {
        let text = String::from_utf8_lossy(bytes).replace('\0', " ");
        // Invalid bytes before the NUL each become a three-byte replacement character in
        // the text shown, so the position is counted in that text.
        let pos = String::from_utf8_lossy(&bytes[..raw_pos]).len();
        let d = Diagnostic::error(
            codes::BAD_INPUT,
            t!(msg::E0016_NUL),
            Span::new(pos, pos + 1),
            t!(msg::E0016_NUL_HERE),
        )
        .with_help(t!(msg::E0016_NUL_HELP));
        return Err(Box::new((text, d)));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(e) => {
            let pos = e.valid_up_to();
            let text = String::from_utf8_lossy(bytes).into_owned();
            // Lossy decoding keeps the valid prefix byte for byte.
            let d = Diagnostic::error(
                codes::BAD_INPUT,
                t!(msg::E0016_NOT_UTF8),
                Span::new(pos, pos + 1),
                t!(msg::E0016_INVALID_BYTE),
            )
            .with_help(t!(msg::E0016_NOT_UTF8_HELP));
            Err(Box::new((text, d)))
        }
    }
}

/// A file that starts with a UTF-16 or UTF-32 byte order mark: what Windows Notepad calls
/// "Unicode". It is reported as such, with its text decoded so the snippet shows the first
/// line as the author wrote it, and the help says how to save it as UTF-8.
fn check_utf16_or_32(bytes: &[u8]) -> Option<Box<(String, Diagnostic)>> {
    // UTF-32 marks first: the little-endian one starts like the UTF-16 one.
    let (name, width, little) = match bytes {
        [0xFF, 0xFE, 0, 0, ..] => ("UTF-32 (little-endian)", 4, true),
        [0, 0, 0xFE, 0xFF, ..] => ("UTF-32 (big-endian)", 4, false),
        [0xFF, 0xFE, ..] => ("UTF-16 (little-endian)", 2, true),
        [0xFE, 0xFF, ..] => ("UTF-16 (big-endian)", 2, false),
        _ => return None,
    };
    // Only the start is needed for the snippet; decode a bounded prefix.
    let body = &bytes[width..bytes.len().min(width + 64 * 1024)];
    let text: String = if width == 2 {
        let units = body.chunks_exact(2).map(|c| {
            let pair = [c[0], c[1]];
            if little {
                u16::from_le_bytes(pair)
            } else {
                u16::from_be_bytes(pair)
            }
        });
        char::decode_utf16(units)
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect()
    } else {
        body.chunks_exact(4)
            .map(|c| {
                let quad = [c[0], c[1], c[2], c[3]];
                let n = if little {
                    u32::from_le_bytes(quad)
                } else {
                    u32::from_be_bytes(quad)
                };
                char::from_u32(n).unwrap_or(char::REPLACEMENT_CHARACTER)
            })
            .collect()
    };
    let text = text.replace('\0', " ");
    let d = Diagnostic::error(
        codes::BAD_INPUT,
        t!(msg::E0016_WIDE, encoding = name),
        Span::new(0, 0),
        t!(msg::E0016_WIDE_LABEL, encoding = name),
    )
    .with_help(t!(
        msg::E0016_WIDE_HELP,
        from = if width == 2 { "UTF-16" } else { "UTF-32" }
    ));
    Some(Box::new((text, d)))
}

/// How deeply `<…>` may nest in a payload type (the grammar is recursive only there).
const MAX_TYPE_NESTING: usize = 32;

/// What [`parse_file`] read: the tree it could build, and what is wrong.
#[derive(Clone, Debug, PartialEq)]
pub struct Parsed<'a> {
    /// The tree of the file. After syntax problems, the tree of the file with the line of
    /// every problem blanked, or `None` if that text does not parse either (a broken line
    /// that opens or closes a block is not blanked, and after the last problem reported the
    /// lines below are not read). Spans are offsets in the original text, and names are
    /// borrowed from it.
    pub file: Option<File<'a>>,
    /// Every problem found, in the order found (each on a later line than the one before).
    pub problems: Vec<Problem>,
}

impl<'a> Parsed<'a> {
    /// The tree of a file without syntax problems, or the problems.
    pub fn clean(self) -> Result<File<'a>, Vec<Problem>> {
        match self.file {
            Some(file) if self.problems.is_empty() => Ok(file),
            _ => Err(self.problems),
        }
    }

    /// The problems put into words, in the order found.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        self.problems.iter().map(Problem::to_diagnostic).collect()
    }
}

/// Parse a whole file: its tree, and every syntax problem found (at most
/// `MAX_SYNTAX_ERRORS`). A problem's hint proposes a line to write instead only when the
/// file parses with it there (see [`fix_parses`]): a help never repeats its own mistake.
pub fn parse_file(text: &str) -> Parsed<'_> {
    let mut parsed = parse_unchecked(text);
    if parsed.problems.iter().any(|p| fix_of(p).is_some()) {
        let lines = LineIndex::new(text);
        let broken: Vec<usize> = parsed.problems.iter().map(|p| p.span.start).collect();
        for p in &mut parsed.problems {
            let Some(fix) = fix_of(p) else { continue };
            let line = lines.line_of(p.span.start.min(text.len()));
            let edits: Vec<(usize, &str)> = match &fix {
                Fix::Line(new) => vec![(line, new.as_str())],
                Fix::Join(joined) => match problem::prev_line(text, &lines, line) {
                    Some((above, _)) => vec![(above, joined.as_str()), (line, "")],
                    None => Vec::new(),
                },
            };
            if edits.is_empty() || !fix_parses(text, &broken, &edits) {
                if let ProblemKind::Unexpected { hint, .. } = &mut p.kind {
                    *hint = hint.take().and_then(Hint::without_line);
                }
            }
        }
    }
    parsed
}

/// What a problem's hint proposes to write.
enum Fix {
    /// This line instead of the problem's line.
    Line(String),
    /// This line instead of the line above, the problem's line going.
    Join(String),
}

fn fix_of(p: &Problem) -> Option<Fix> {
    match &p.kind {
        ProblemKind::Unexpected {
            hint: Some(Hint::ContinuesAbove { joined }),
            ..
        } => Some(Fix::Join(joined.clone())),
        ProblemKind::Unexpected { hint: Some(h), .. } => h.line().map(|l| Fix::Line(l.to_string())),
        _ => None,
    }
}

/// Whether `text` parses once the lines of `edits` (0-based line, new content without its
/// indentation; empty to blank it) are written, with the lines of the other problems
/// (`broken`: a position on each) blanked as recovery blanks them. A help proposes a line
/// only when this holds.
pub fn fix_parses(text: &str, broken: &[usize], edits: &[(usize, &str)]) -> bool {
    let lines = LineIndex::new(text);
    let mut blanked: Vec<usize> = broken
        .iter()
        .map(|&p| lines.line_of(p.min(text.len())))
        .filter(|l| edits.iter().all(|(e, _)| e != l))
        .collect();
    blanked.sort_unstable();
    blanked.dedup();
    let mut out = String::with_capacity(text.len() + 64);
    let mut last = 0;
    let mut changes: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    for l in blanked {
        if l >= lines.line_count() {
            continue;
        }
        let r = lines.line_range(text, l);
        if !balanced(text[r.clone()].as_bytes()) {
            return false;
        }
        changes.push((r.clone(), " ".repeat(r.len())));
    }
    for (l, new) in edits {
        if *l >= lines.line_count() || new.contains(['\n', '\r']) {
            return false;
        }
        let r = lines.line_range(text, *l);
        let old = &text[r.clone()];
        let indent = &old[..old.len() - old.trim_start().len()];
        changes.push((r, format!("{indent}{new}")));
    }
    changes.sort_by_key(|(r, _)| r.start);
    for (r, new) in changes {
        if r.start < last {
            return false;
        }
        out.push_str(&text[last..r.start]);
        out.push_str(&new);
        last = r.end;
    }
    out.push_str(&text[last..]);
    too_deep(&out).is_none() && FsmParser::parse(Rule::file, &out).is_ok()
}

/// [`parse_file`] without checking the lines its hints propose.
fn parse_unchecked(text: &str) -> Parsed<'_> {
    if let Some(pos) = too_deep(text) {
        // Only this one is reported (pest must not see the deep nesting); the tree is that
        // of the rest of the file, if no other line nests too deeply.
        let problems = vec![Problem {
            span: Span::new(pos, pos + 1),
            kind: ProblemKind::TooDeep {
                max: MAX_TYPE_NESTING,
            },
        }];
        let lines = LineIndex::new(text);
        let file = blank_lines_of(text, &lines, &problems)
            .filter(|patched| too_deep(patched).is_none())
            .and_then(|patched| parse_whole(text, &patched).ok());
        return Parsed { file, problems };
    }
    if text.len() >= PARTS_FROM_BYTES {
        if let Some(file) = parse_in_parts(text, PART_BYTES) {
            return Parsed {
                file: Some(file),
                problems: Vec::new(),
            };
        }
    }
    match parse_whole(text, text) {
        Ok(file) => Parsed {
            file: Some(file),
            problems: Vec::new(),
        },
        Err(first) => recover(text, first),
    }
}

/// Parse `parsed`, the whole of `text` or a copy of it with lines blanked, and build its
/// tree from `text`.
fn parse_whole<'a>(text: &'a str, parsed: &str) -> Result<File<'a>, pest::error::Error<Rule>> {
    #[cfg(test)]
    tests::count_parse(parsed);
    let pairs = FsmParser::parse(Rule::file, parsed)?;
    Ok(build_file(&Src { text, offset: 0 }, pairs))
}

/// After the first error: blank the broken line, parse again, and so on until the text
/// parses, the same line breaks again, a broken line opens or closes a block (blanking it
/// would unbalance the braces), or `MAX_SYNTAX_ERRORS` are found. Each step parses once.
fn recover(text: &str, first: pest::error::Error<Rule>) -> Parsed<'_> {
    let lines = LineIndex::new(text);
    let mut problems = vec![classify(text, &lines, &first)];
    // The text as last parsed, and the tree if it parsed.
    let mut buf = text.as_bytes().to_vec();
    let mut tree = None;
    let mut prev_line = lines.line_of(error_pos(&first));
    while problems.len() < MAX_SYNTAX_ERRORS {
        let range = lines.line_range(text, prev_line);
        if range.is_empty() || !balanced(&buf[range.clone()]) {
            break;
        }
        blank(&mut buf, range);
        // Only whole UTF-8 characters were replaced by spaces, so this cannot fail.
        let Ok(patched) = std::str::from_utf8(&buf) else {
            return Parsed {
                file: None,
                problems,
            };
        };
        match parse_whole(text, patched) {
            Ok(file) => {
                tree = Some(file);
                break;
            }
            Err(e) => {
                let line = lines.line_of(error_pos(&e));
                if line <= prev_line {
                    break;
                }
                problems.push(classify(text, &lines, &e));
                prev_line = line;
            }
        }
    }
    // The tree is that of the text with the line each problem is shown on blanked. That is
    // the text last parsed, except after the last problem reported (its line not yet blanked)
    // and for a doc comment followed by nothing, which is shown on the comment but found at
    // the `}` below it: then the text with those lines blanked is parsed once, for the tree.
    let file = match blank_lines_of(text, &lines, &problems) {
        None => None,
        Some(wanted) if wanted.as_bytes() == buf.as_slice() => tree,
        Some(wanted) => parse_whole(text, &wanted).ok(),
    };
    Parsed { file, problems }
}

/// Whether a line opens as many blocks as it closes.
fn balanced(line: &[u8]) -> bool {
    let opens = line.iter().filter(|&&b| b == b'{').count();
    let closes = line.iter().filter(|&&b| b == b'}').count();
    opens == closes
}

/// Replace every byte of `range` with a space.
fn blank(buf: &mut [u8], range: std::ops::Range<usize>) {
    if let Some(bytes) = buf.get_mut(range) {
        bytes.fill(b' ');
    }
}

/// `text` with the line of every problem blanked, or `None` if one of them opens or closes a
/// block.
fn blank_lines_of(text: &str, lines: &LineIndex, problems: &[Problem]) -> Option<String> {
    let mut buf = text.as_bytes().to_vec();
    for p in problems {
        let range = lines.line_range(text, lines.line_of(p.span.start.min(text.len())));
        if !balanced(buf.get(range.clone())?) {
            return None;
        }
        blank(&mut buf, range);
    }
    String::from_utf8(buf).ok()
}

/// Files from this size on are read in parts first.
const PARTS_FROM_BYTES: usize = 256 * 1024;
/// About how many bytes of a machine body one part holds.
const PART_BYTES: usize = 64 * 1024;

/// Read a file in parts, so that pest's token list (tens of bytes per token) is held for one
/// part at a time instead of for the whole file: a 200,000-state spec's parse took 1.5 GB
/// at once. `None` when the file cannot be cut into parts or a part does not parse: the
/// caller then parses the whole file, which reports every error as usual.
///
/// The cuts fall only where the grammar skips blanks between two items of a machine body:
/// after a line end outside quotes, comments and nested braces, and never between a doc
/// comment and the item it belongs to. Each part is parsed with rules that, put together,
/// are the `file` rule, so the tree is the one a whole-file parse builds (a test compares
/// them with a cut at every possible place).
pub(crate) fn parse_in_parts(text: &str, part_bytes: usize) -> Option<File<'_>> {
    #[cfg(test)]
    tests::count_parse(text);
    let (machines, end) = cut_into_parts(text, part_bytes)?;
    let mut file = File {
        machines: Vec::with_capacity(machines.len()),
    };
    for m in machines {
        let head = parse_part(Rule::part_head, text, m.head.clone())?;
        let s = Src {
            text,
            offset: m.head.start,
        };
        let mut doc = None;
        let mut id = None;
        let mut label = None;
        let mut start = None;
        for c in head {
            match c.as_rule() {
                Rule::docs => {
                    start.get_or_insert(m.head.start + c.as_span().start());
                    doc = docs(&s, c);
                }
                Rule::kw_machine => {
                    start.get_or_insert(m.head.start + c.as_span().start());
                }
                Rule::ident => id = Some(ident(&s, c)),
                Rule::string => label = Some(string(&s, c)),
                _ => {}
            }
        }
        // Reserved at once: grown by doubling, the items of a large machine would at times
        // take twice their room.
        let mut members = Vec::with_capacity(m.items);
        let mut member_doc = None;
        let last = m.body.len() - 1;
        for (k, range) in m.body.into_iter().enumerate() {
            let rule = if k == last {
                Rule::part_last
            } else {
                Rule::part_body
            };
            let s = Src {
                text,
                offset: range.start,
            };
            for c in parse_part(rule, text, range)? {
                if c.as_rule() == Rule::body {
                    body_members(&s, c, &mut member_doc, &mut members);
                }
            }
        }
        file.machines.push(Machine {
            doc,
            id: id?,
            label,
            members,
            span: Span::new(start?, m.end),
        });
    }
    parse_part(Rule::part_end, text, end)?;
    Some(file)
}

/// The inner pairs of one part parsed with `rule`, or `None` if it does not parse.
fn parse_part(rule: Rule, text: &str, range: std::ops::Range<usize>) -> Option<Pairs<'_, Rule>> {
    let part = text.get(range)?;
    let mut pairs = FsmParser::parse(rule, part).ok()?;
    Some(pairs.next()?.into_inner())
}

/// One machine cut into parts: its head up to and with `{`, then its body in parts (the last
/// one ends with the `}`), and where it ends.
struct MachineParts {
    head: std::ops::Range<usize>,
    body: Vec<std::ops::Range<usize>>,
    end: usize,
    /// At most this many items: the body's lines with more than blanks and comments.
    items: usize,
}

/// Where to cut `text`: every machine's parts, then the rest of the file. `None` for a text
/// whose quotes or braces do not close.
fn cut_into_parts(
    text: &str,
    part_bytes: usize,
) -> Option<(Vec<MachineParts>, std::ops::Range<usize>)> {
    let b = text.as_bytes();
    let mut machines = Vec::new();
    let mut depth = 0usize;
    let (mut in_str, mut escaped, mut in_comment) = (false, false, false);
    // The current line has something other than blanks and comments; it is a doc comment.
    let (mut line_has_code, mut line_is_doc) = (false, false);
    // Since the last doc comment only blank and comment lines came: no cut here, the doc
    // belongs to the next item.
    let mut in_docs = false;
    let mut seg_start = 0;
    let mut head = 0..0;
    let mut body = Vec::new();
    let mut items = 0;
    let mut part_start = 0;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if in_comment {
            if c != b'\n' && c != b'\r' {
                i += 1;
                continue;
            }
            in_comment = false;
        }
        if in_str {
            match c {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_str = false,
                b'\n' | b'\r' => return None,
                _ => {}
            }
            i += 1;
            continue;
        }
        match c {
            b'"' => {
                in_str = true;
                line_has_code = true;
            }
            b'/' if b.get(i + 1) == Some(&b'/') => {
                let doc = b.get(i + 2) == Some(&b'/') && b.get(i + 3) != Some(&b'/');
                if doc && !line_has_code {
                    line_is_doc = true;
                }
                in_comment = true;
                i += 2;
                continue;
            }
            b'{' => {
                line_has_code = true;
                depth += 1;
                if depth == 1 {
                    head = seg_start..i + 1;
                    part_start = i + 1;
                    // The body starts after the brace: a `///` right after it is a doc
                    // comment of the first item, as the whole-file grammar reads it.
                    line_has_code = false;
                }
            }
            b'}' => {
                line_has_code = true;
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    body.push(part_start..i + 1);
                    machines.push(MachineParts {
                        head: std::mem::replace(&mut head, 0..0),
                        body: std::mem::take(&mut body),
                        end: i + 1,
                        items: std::mem::take(&mut items) + 1,
                    });
                    seg_start = i + 1;
                }
            }
            b'\n' => {
                if line_is_doc {
                    in_docs = true;
                } else if line_has_code {
                    in_docs = false;
                }
                if depth == 1 && line_has_code {
                    items += 1;
                }
                if depth == 1 && !in_docs && i + 1 - part_start >= part_bytes {
                    body.push(part_start..i + 1);
                    part_start = i + 1;
                }
                line_has_code = false;
                line_is_doc = false;
            }
            b' ' | b'\t' | b'\r' => {}
            _ => line_has_code = true,
        }
        i += 1;
    }
    if depth != 0 || in_str {
        return None;
    }
    Some((machines, seg_start..b.len()))
}

/// Parse scenario-style steps as typed on a command line: `Pay, Ship by seller, after 15d`.
pub fn parse_steps(text: &str) -> Result<Vec<StepDecl<'_>>, Vec<Diagnostic>> {
    match FsmParser::parse(Rule::cli_steps, text) {
        Ok(pairs) => {
            let s = Src { text, offset: 0 };
            let mut steps = Vec::new();
            for p in pairs.flatten() {
                if p.as_rule() == Rule::step {
                    steps.push(build_step(&s, p));
                }
            }
            Ok(steps)
        }
        Err(e) => Err(vec![
            classify(text, &LineIndex::new(text), &e).to_diagnostic()
        ]),
    }
}

/// The offset of the first `<` nested deeper than allowed, outside texts in quotes and
/// comments (`//` and `///` run to the end of the line and may say anything).
fn too_deep(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut in_str = false;
    let mut escaped = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'\n' | b'\r' => {
                depth = 0;
                in_str = false;
            }
            b'"' if !escaped => in_str = !in_str,
            b'/' if !in_str && bytes.get(i + 1) == Some(&b'/') => {
                // A comment: skip to the end of the line, which resets the depth above.
                i = bytes[i..]
                    .iter()
                    .position(|&c| c == b'\n' || c == b'\r')
                    .map_or(bytes.len(), |p| i + p);
                escaped = false;
                continue;
            }
            b'<' if !in_str => {
                depth += 1;
                if depth > MAX_TYPE_NESTING {
                    return Some(i);
                }
            }
            b'>' if !in_str => depth = depth.saturating_sub(1),
            _ => {}
        }
        escaped = b == b'\\' && !escaped;
        i += 1;
    }
    None
}

const KEYWORDS: &[&str] = &[
    "machine", "state", "event", "role", "guard", "action", "note", "scenario", "initial", "final",
    "code", "by", "on", "after", "if", "then", "from", "any", "rejected", "not",
];

/// Whether `word` is a word of the spec language (`state`, `final`, `code` …).
pub fn is_keyword(word: &str) -> bool {
    KEYWORDS.contains(&word)
}

// ------------------------------------------------------------------ tree building

/// The text the tree borrows from, and where in it the text pest read starts: pest counts
/// from the start of what it read (a part of the file, or a copy with broken lines blanked,
/// which keeps every byte where it was).
struct Src<'a> {
    text: &'a str,
    offset: usize,
}

impl<'a> Src<'a> {
    fn span(&self, p: &Pair<'_, Rule>) -> Span {
        let s = p.as_span();
        Span::new(self.offset + s.start(), self.offset + s.end())
    }

    /// What `p` matched, borrowed from the text (the same bytes as pest read: a blanked line
    /// holds nothing pest keeps).
    fn text(&self, p: &Pair<'_, Rule>) -> &'a str {
        let s = p.as_span();
        self.text
            .get(self.offset + s.start()..self.offset + s.end())
            .unwrap_or("")
    }
}

fn ident<'a>(s: &Src<'a>, p: Pair<'_, Rule>) -> Ident<'a> {
    Ident {
        text: s.text(&p),
        span: s.span(&p),
    }
}

fn string<'a>(s: &Src<'a>, p: Pair<'_, Rule>) -> Str<'a> {
    let span = s.span(&p);
    let raw = p.into_inner().next().map_or("", |i| s.text(&i));
    Str {
        text: if raw.contains('\\') {
            std::borrow::Cow::Owned(unescape(raw))
        } else {
            std::borrow::Cow::Borrowed(raw)
        },
        span,
    }
}

fn unescape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some(other) => out.push(other),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn docs(s: &Src<'_>, p: Pair<'_, Rule>) -> Option<String> {
    let lines: Vec<String> = p
        .into_inner()
        .filter(|d| d.as_rule() == Rule::doc)
        .map(|d| {
            let t = d.into_inner().next().map_or("", |t| s.text(&t));
            t.strip_prefix(' ').unwrap_or(t).trim_end().to_string()
        })
        .collect();
    if lines.is_empty() {
        None
    } else {
        Some(lines.join("\n"))
    }
}

fn build_file<'a>(s: &Src<'a>, pairs: Pairs<'_, Rule>) -> File<'a> {
    let mut machines = Vec::new();
    for p in pairs {
        if p.as_rule() == Rule::file {
            for m in p.into_inner() {
                if m.as_rule() == Rule::machine {
                    machines.push(build_machine(s, m));
                }
            }
        }
    }
    File { machines }
}

fn build_machine<'a>(s: &Src<'a>, p: Pair<'_, Rule>) -> Machine<'a> {
    let span = s.span(&p);
    let mut doc = None;
    let mut id = None;
    let mut label = None;
    let mut members = Vec::new();
    for c in p.into_inner() {
        match c.as_rule() {
            Rule::docs => doc = docs(s, c),
            Rule::ident => id = Some(ident(s, c)),
            Rule::string => label = Some(string(s, c)),
            Rule::body => body_members(s, c, &mut None, &mut members),
            _ => {}
        }
    }
    Machine {
        doc,
        id: id.unwrap_or(Ident { text: "", span }),
        label,
        members,
        span,
    }
}

/// The items of a machine body (or of a part of one), each with its doc comment.
fn body_members<'a>(
    s: &Src<'a>,
    body: Pair<'_, Rule>,
    doc: &mut Option<String>,
    members: &mut Vec<Member<'a>>,
) {
    for m in body.into_inner() {
        match m.as_rule() {
            Rule::docs => *doc = docs(s, m),
            Rule::line_end => {}
            _ => {
                if let Some(member) = build_member(s, m, doc.take()) {
                    members.push(member);
                }
            }
        }
    }
}

/// One item of a machine body, with the doc comment that came before it.
fn build_member<'a>(s: &Src<'a>, c: Pair<'_, Rule>, doc: Option<String>) -> Option<Member<'a>> {
    let span = s.span(&c);
    let kind = match c.as_rule() {
        Rule::state_decl => MemberKind::State(build_state(s, c)?),
        Rule::event_decl => MemberKind::Event(build_event(s, c)?),
        Rule::role_decl => MemberKind::Role(build_decl(s, c)?),
        Rule::guard_decl => MemberKind::Guard(build_decl(s, c)?),
        Rule::action_decl => MemberKind::Action(build_decl(s, c)?),
        Rule::note_decl => MemberKind::Note(
            c.into_inner()
                .find(|i| i.as_rule() == Rule::string)
                .map(|x| string(s, x))?,
        ),
        Rule::scenario_decl => MemberKind::Scenario(build_scenario(s, c)?),
        Rule::transition => MemberKind::Transition(build_transition(s, c)?),
        Rule::rule_decl => MemberKind::Rule(build_rule(s, c)?),
        Rule::codes_decl => MemberKind::Codes(build_codes_decl(s, c)?),
        _ => return None,
    };
    Some(Member { doc, kind, span })
}

fn build_decl<'a>(s: &Src<'a>, p: Pair<'_, Rule>) -> Option<Decl<'a>> {
    let mut id = None;
    let mut label = None;
    for c in p.into_inner() {
        match c.as_rule() {
            Rule::ident => id = Some(ident(s, c)),
            Rule::string => label = Some(string(s, c)),
            _ => {}
        }
    }
    Some(Decl { id: id?, label })
}

fn build_codes_decl<'a>(s: &Src<'a>, p: Pair<'_, Rule>) -> Option<Decl<'a>> {
    let mut id = None;
    let mut label = None;
    for c in p.into_inner() {
        match c.as_rule() {
            Rule::system_name => id = Some(ident(s, c)),
            Rule::string => label = Some(string(s, c)),
            _ => {}
        }
    }
    Some(Decl { id: id?, label })
}

/// The code values of a `code …` or `legacy …` clause, and where `shared` was written.
fn code_values<'a>(
    s: &Src<'a>,
    p: Pair<'_, Rule>,
    system: &mut Option<Ident<'a>>,
) -> (Vec<CodeLit>, Option<Span>) {
    let mut codes = Vec::new();
    let mut shared = None;
    for v in p.into_inner() {
        let span = s.span(&v);
        match v.as_rule() {
            Rule::system_name | Rule::system_word => *system = Some(ident(s, v)),
            Rule::int => codes.push(CodeLit {
                value: s
                    .text(&v)
                    .parse()
                    .map_or(CodeValue::Overflow, CodeValue::Int),
                span,
            }),
            Rule::string => codes.push(CodeLit {
                value: CodeValue::Str(string(s, v).text.into_owned()),
                span,
            }),
            Rule::flag_shared => shared = Some(span),
            _ => {}
        }
    }
    (codes, shared)
}

fn build_state<'a>(s: &Src<'a>, p: Pair<'_, Rule>) -> Option<StateDecl<'a>> {
    let mut id = None;
    let mut label = None;
    let mut initial = None;
    let mut final_ = None;
    let mut codes = Vec::new();
    let mut shared = None;
    let mut systems = Vec::new();
    for c in p.into_inner() {
        match c.as_rule() {
            Rule::ident => id = Some(ident(s, c)),
            Rule::string => label = Some(string(s, c)),
            Rule::flag_initial => initial = Some(s.span(&c)),
            Rule::flag_final => final_ = Some(s.span(&c)),
            Rule::codes => {
                let (more, at) = code_values(s, c, &mut None);
                codes.extend(more);
                shared = shared.or(at);
            }
            Rule::system_codes => {
                let span = s.span(&c);
                let none = c
                    .clone()
                    .into_inner()
                    .find(|v| v.as_rule() == Rule::code_none)
                    .map(|v| s.span(&v));
                let mut system = None;
                let (codes, shared) = code_values(s, c, &mut system);
                if let Some(system) = system {
                    systems.push(SystemCodesDecl {
                        system,
                        codes,
                        shared,
                        none,
                        span,
                    });
                }
            }
            _ => {}
        }
    }
    Some(StateDecl {
        id: id?,
        label,
        initial,
        final_,
        codes,
        shared,
        systems,
    })
}

fn idents_of<'a>(s: &Src<'a>, p: Pair<'_, Rule>) -> Vec<Ident<'a>> {
    p.into_inner()
        .filter(|i| i.as_rule() == Rule::ident)
        .map(|x| ident(s, x))
        .collect()
}

fn build_event<'a>(s: &Src<'a>, p: Pair<'_, Rule>) -> Option<EventDecl<'a>> {
    let mut id = None;
    let mut label = None;
    let mut roles = Vec::new();
    let mut payload = Vec::new();
    for c in p.into_inner() {
        match c.as_rule() {
            Rule::ident => id = Some(ident(s, c)),
            Rule::string => label = Some(string(s, c)),
            Rule::by_roles => roles = idents_of(s, c),
            Rule::payload => {
                for f in c.into_inner() {
                    if f.as_rule() != Rule::field {
                        continue;
                    }
                    let mut doc = None;
                    let mut name = None;
                    let mut ty = None;
                    for x in f.into_inner() {
                        match x.as_rule() {
                            Rule::docs => doc = docs(s, x),
                            Rule::field_name => name = Some(ident(s, x)),
                            Rule::rust_type => {
                                ty = Some(Str {
                                    text: s.text(&x).into(),
                                    span: s.span(&x),
                                })
                            }
                            _ => {}
                        }
                    }
                    if let (Some(name), Some(ty)) = (name, ty) {
                        payload.push(FieldDecl { doc, name, ty });
                    }
                }
            }
            _ => {}
        }
    }
    Some(EventDecl {
        id: id?,
        label,
        roles,
        payload,
    })
}

fn delay<'a>(s: &Src<'a>, p: Pair<'_, Rule>) -> Option<Delay<'a>> {
    p.into_inner()
        .find(|d| d.as_rule() == Rule::duration)
        .map(|d| Delay {
            text: s.text(&d),
            span: s.span(&d),
        })
}

fn build_transition<'a>(s: &Src<'a>, p: Pair<'_, Rule>) -> Option<TransitionDecl<'a>> {
    /// Which clause the words being read belong to; set by the keyword that opens it.
    #[derive(PartialEq)]
    enum Part {
        Sources,
        Target,
        Event,
        After,
        Guard,
        Actions,
        Note,
    }
    let mut part = Part::Sources;
    let mut any = None;
    let mut sources = Vec::new();
    let mut target = None;
    let mut event = None;
    let mut roles = Vec::new();
    let mut delay = None;
    let mut after_label = None;
    let mut guard: Option<(Ident<'_>, Option<Str<'_>>)> = None;
    let mut actions = Vec::new();
    let mut note = None;
    for c in p.into_inner() {
        match c.as_rule() {
            Rule::kw_any => any = Some(s.span(&c)),
            Rule::arrow => part = Part::Target,
            Rule::kw_on => part = Part::Event,
            Rule::kw_after => part = Part::After,
            Rule::kw_if => part = Part::Guard,
            Rule::kw_then => part = Part::Actions,
            Rule::kw_note => part = Part::Note,
            Rule::by_roles => roles = idents_of(s, c),
            Rule::duration => {
                delay = Some(Delay {
                    text: s.text(&c),
                    span: s.span(&c),
                })
            }
            Rule::ident => {
                let id = ident(s, c);
                match part {
                    Part::Sources => sources.push(id),
                    Part::Target => target = Some(id),
                    Part::Event => event = Some(id),
                    Part::Guard => guard = Some((id, None)),
                    Part::Actions => actions.push(id),
                    Part::After | Part::Note => {}
                }
            }
            Rule::string => {
                let text = string(s, c);
                match part {
                    Part::After => after_label = Some(text),
                    Part::Guard => {
                        if let Some(g) = guard.as_mut() {
                            g.1 = Some(text);
                        }
                    }
                    Part::Note => note = Some(text),
                    _ => {}
                }
            }
            _ => {}
        }
    }
    let trigger = match (event, delay) {
        (Some(event), _) => TriggerDecl::On { event, roles },
        (None, Some(delay)) => TriggerDecl::After {
            delay,
            label: after_label,
        },
        (None, None) => return None,
    };
    // Most lines have one source and few actions: keep no spare room for 200,000 of them.
    sources.shrink_to_fit();
    actions.shrink_to_fit();
    Some(TransitionDecl {
        sources: match any {
            Some(span) => Sources::Any(span),
            None => Sources::List(sources),
        },
        target,
        trigger,
        guard,
        actions,
        note,
    })
}

fn build_rule<'a>(s: &Src<'a>, p: Pair<'_, Rule>) -> Option<RuleDecl<'a>> {
    let mut name = None;
    let mut kind = None;
    let mut body = None;
    for c in p.into_inner() {
        let rule = c.as_rule();
        match rule {
            Rule::string => name = Some(string(s, c)),
            Rule::rule_never | Rule::rule_always | Rule::rule_via => {
                body = Some(s.span(&c));
                let mut from = None;
                let mut lists: Vec<Vec<Ident<'_>>> = Vec::new();
                for x in c.into_inner() {
                    match x.as_rule() {
                        Rule::ident => from = Some(ident(s, x)),
                        Rule::state_list => lists.push(
                            x.into_inner()
                                .filter(|i| i.as_rule() == Rule::ident)
                                .map(|x| ident(s, x))
                                .collect(),
                        ),
                        _ => {}
                    }
                }
                let mut lists = lists.into_iter();
                kind = Some(match rule {
                    Rule::rule_never => RuleKindDecl::Never {
                        from: from?,
                        targets: lists.next()?,
                    },
                    Rule::rule_always => RuleKindDecl::Always {
                        from: from?,
                        targets: lists.next()?,
                    },
                    _ => RuleKindDecl::Via {
                        targets: lists.next()?,
                        via: lists.next()?,
                    },
                });
            }
            _ => {}
        }
    }
    Some(RuleDecl {
        name: name?,
        kind: kind?,
        body: body?,
    })
}

fn build_scenario<'a>(s: &Src<'a>, p: Pair<'_, Rule>) -> Option<ScenarioDecl<'a>> {
    let mut name = None;
    let mut from = None;
    let mut steps = Vec::new();
    let mut start = None;
    for c in p.into_inner() {
        match c.as_rule() {
            Rule::string => name = Some(string(s, c)),
            Rule::ident => from = Some(ident(s, c)),
            Rule::start_outcome => {
                for x in c.into_inner() {
                    match x.as_rule() {
                        Rule::ident => start = Some(ExpectDecl::State(ident(s, x))),
                        Rule::kw_rejected => {
                            start = Some(ExpectDecl::Rejected {
                                span: s.span(&x),
                                still: None,
                            })
                        }
                        _ => {}
                    }
                }
            }
            Rule::steps => {
                for x in c.into_inner() {
                    if x.as_rule() == Rule::step {
                        steps.push(build_step(s, x));
                    }
                }
            }
            _ => {}
        }
    }
    Some(ScenarioDecl {
        name: name?,
        from,
        steps,
        start,
    })
}

fn guard_set<'a>(s: &Src<'a>, p: Pair<'_, Rule>) -> Vec<(Ident<'a>, bool)> {
    let mut guards = Vec::new();
    for g in p.into_inner() {
        if g.as_rule() != Rule::guard_value {
            continue;
        }
        let mut negated = false;
        let mut name = None;
        for y in g.into_inner() {
            match y.as_rule() {
                Rule::kw_not => negated = true,
                Rule::ident => name = Some(ident(s, y)),
                _ => {}
            }
        }
        if let Some(n) = name {
            guards.push((n, !negated));
        }
    }
    guards
}

fn build_step<'a>(s: &Src<'a>, p: Pair<'_, Rule>) -> StepDecl<'a> {
    let span = s.span(&p);
    let mut input = StepInputDecl::Wait {
        delay: Delay { text: "", span },
        guards: Vec::new(),
    };
    let mut expect = None;
    for c in p.into_inner() {
        match c.as_rule() {
            Rule::wait_step => {
                let guards = c
                    .clone()
                    .into_inner()
                    .find(|x| x.as_rule() == Rule::guard_set)
                    .map(|x| guard_set(s, x))
                    .unwrap_or_default();
                if let Some(d) = delay(s, c) {
                    input = StepInputDecl::Wait { delay: d, guards };
                }
            }
            Rule::event_step => {
                let mut event = None;
                let mut actor = None;
                let mut guards = Vec::new();
                for x in c.into_inner() {
                    match x.as_rule() {
                        Rule::ident if event.is_none() => event = Some(ident(s, x)),
                        Rule::ident => actor = Some(ident(s, x)),
                        Rule::guard_set => guards = guard_set(s, x),
                        _ => {}
                    }
                }
                if let Some(event) = event {
                    input = StepInputDecl::Event {
                        event,
                        actor,
                        guards,
                    };
                }
            }
            Rule::outcome => {
                // The span runs from `rejected` to the state after `still`: the pair itself
                // also holds the blanks pest skipped while looking for `, still`.
                let mut span = s.span(&c);
                let mut e = None;
                for x in c.into_inner() {
                    match x.as_rule() {
                        Rule::ident => e = Some(ExpectDecl::State(ident(s, x))),
                        Rule::kw_rejected => span = s.span(&x),
                        Rule::still => {
                            let still = x
                                .into_inner()
                                .find(|y| y.as_rule() == Rule::ident)
                                .map(|x| ident(s, x));
                            if let Some(id) = &still {
                                span = Span::new(span.start, id.span.end);
                            }
                            e = Some(ExpectDecl::Rejected { span, still });
                        }
                        _ => {}
                    }
                }
                expect = Some(e.unwrap_or(ExpectDecl::Rejected { span, still: None }));
            }
            _ => {}
        }
    }
    StepDecl {
        input,
        expect,
        span,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::msg::Lang;
    use std::cell::RefCell;

    thread_local! {
        /// Every text this thread's parser read (the whole file, a copy of it with lines
        /// blanked, or a file read in parts), as a length and a hash.
        static PARSED: RefCell<Vec<(usize, u64)>> = const { RefCell::new(Vec::new()) };
    }

    pub(super) fn count_parse(text: &str) {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        text.hash(&mut h);
        PARSED.with(|p| p.borrow_mut().push((text.len(), h.finish())));
    }

    /// Run `f`, and return what it returned with the texts parsed meanwhile.
    pub(crate) fn parses_in<T>(f: impl FnOnce() -> T) -> (T, Vec<(usize, u64)>) {
        PARSED.with(|p| p.borrow_mut().clear());
        let out = f();
        (out, PARSED.with(|p| p.take()))
    }

    /// The whole-file parse, without the parts path.
    fn whole(text: &str) -> Option<File<'_>> {
        FsmParser::parse(Rule::file, text)
            .ok()
            .map(|pairs| build_file(&Src { text, offset: 0 }, pairs))
    }

    /// Every spec of the workspace and every fixture, valid or not.
    fn every_spec() -> Vec<(String, String)> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut dirs = vec![root.join("../specs")];
        let mut out = Vec::new();
        for sub in ["tests/fixtures/valid", "tests/fixtures/invalid"] {
            dirs.push(root.join(sub));
        }
        for dir in dirs {
            let mut files: Vec<_> = std::fs::read_dir(&dir)
                .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "fsm"))
                .collect();
            files.sort();
            for f in files {
                if let Ok(text) = std::fs::read_to_string(&f) {
                    out.push((f.display().to_string(), text));
                }
            }
        }
        assert!(out.len() > 50, "found only {} specs", out.len());
        out
    }

    /// Read in parts, a file gives the tree the whole-file parse gives, spans included; and
    /// it is read in parts whenever the whole file parses (so large specs never fall back).
    fn parts_agree(name: &str, text: &str) {
        let full = whole(text);
        for part_bytes in [1, 5, 40, 1 << 20] {
            let parts = parse_in_parts(text, part_bytes);
            match (&full, &parts) {
                (Some(f), Some(p)) => assert_eq!(f, p, "{name}, parts of {part_bytes} bytes"),
                (None, None) => {}
                (Some(_), None) => panic!("{name}: parses whole, not in parts of {part_bytes}"),
                (None, Some(_)) => panic!("{name}: parses in parts of {part_bytes}, not whole"),
            }
        }
    }

    #[test]
    fn a_file_read_in_parts_is_the_file_read_whole() {
        let mut valid = 0;
        for (name, text) in every_spec() {
            valid += usize::from(whole(&text).is_some());
            parts_agree(&name, &text);
        }
        assert!(valid > 20, "only {valid} specs parse");
    }

    #[test]
    fn a_doc_comment_right_after_the_opening_brace_reads_the_same_in_parts() {
        let text = "machine M \"单\" {///\n  state A \"甲\" initial\n  state B \"乙\" final\n  event Go \"走\"\n  A -> B on Go\n}\n";
        assert!(whole(text).is_some());
        parts_agree("doc after the brace", text);
    }

    #[test]
    fn broken_files_read_in_parts_fail_as_the_whole_file_does() {
        // Every spec with characters that open or close something (quotes, braces,
        // comments, line ends) put in or taken out at pseudo-random places.
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let pieces = ["{", "}", "\"", "//", "///", "\n", "\\", "\r\n", " ", "\r"];
        for (name, text) in every_spec() {
            for _ in 0..40 {
                let mut t = text.clone();
                let mut pos = (next() as usize) % (t.len() + 1);
                while !t.is_char_boundary(pos) {
                    pos -= 1;
                }
                if next() % 3 == 0 {
                    let end = t[pos..].chars().next().map_or(pos, |c| pos + c.len_utf8());
                    t.replace_range(pos..end, "");
                } else {
                    t.insert_str(pos, pieces[(next() as usize) % pieces.len()]);
                }
                parts_agree(&format!("{name} changed at {pos}"), &t);
            }
        }
    }

    #[test]
    fn large_files_are_read_in_parts() {
        let mut text = String::from("/// 大订单\nmachine Big \"大\" {\n");
        for i in 0..12_000 {
            text.push_str(&format!(
                "  /// 状态 {i}\n  state S{i} \"状态{i}\"{} code {i}\n",
                if i == 0 { " initial" } else { "" }
            ));
        }
        text.push_str("  event E \"事件\" {\n    n: u64\n  }\n");
        for i in 0..11_999 {
            text.push_str(&format!("  S{i} -> S{} on E // {{ \"\n", i + 1));
        }
        text.push_str("}\n\nmachine Small { state A initial }\n");
        assert!(text.len() > PARTS_FROM_BYTES * 2);
        let (machines, _) = cut_into_parts(&text, PART_BYTES).expect("cuts");
        assert!(
            machines[0].body.len() > 4,
            "{} parts",
            machines[0].body.len()
        );
        let parsed = parse_file(&text).clean().expect("parses");
        assert_eq!(Some(&parsed), whole(&text).as_ref());
        assert_eq!(parsed.machines[0].members.len(), 12_000 + 1 + 11_999);
        assert_eq!(parsed.machines[1].span.end, text.trim_end().len());
    }

    fn err(text: &str) -> Vec<Diagnostic> {
        let d = parse_file(text).diagnostics();
        assert!(!d.is_empty(), "should not parse");
        d
    }

    #[test]
    fn angle_brackets_in_comments_are_not_types() {
        let many = "<".repeat(40);
        let text = format!(
            "// {many}\nmachine M \"m\" {{\n  /// {many}\n  state A \"a\" initial // {many}\n  event E \"e\" {{ a: Option<String> }}\n}}\n"
        );
        assert!(too_deep(&text).is_none());
        assert!(parse_file(&text).clean().is_ok());
        // A `//` inside quotes starts no comment: the deep type after it is still caught.
        let deep = format!("{}String{}", "Vec<".repeat(40), ">".repeat(40));
        let text = format!("machine M {{\n  event E \"a//b\" {{ a: {deep} }}\n}}\n");
        let errs = err(&text);
        assert!(
            errs[0].message.render(Lang::En).contains("nested"),
            "{}",
            errs[0].message.render(Lang::En)
        );
    }

    #[test]
    fn a_full_width_semicolon_in_a_list_asks_for_a_comma() {
        let text = "machine M {\n  state A initial\n  state B final\n  event E\n  A -> B on E then x；y\n}\n";
        let e = &err(text)[0];
        let all = format!("{:?} {:?}", e.note, e.help);
        assert!(all.contains("`,`") && all.contains("`；`"), "{all}");
        assert!(!all.contains("`;`"), "{all}");
    }

    #[test]
    fn parses_a_small_machine() {
        let f = parse_file(
            "/// doc one\n/// doc two\nmachine M \"m\" {\n  state A \"a\" initial code 1, \"X\"\n  event E by r { a: Option<Vec<String>>, note: u64 }\n  A, B -> C on E by r if g \"desc\" then x, y note \"n\"\n  any -> C after 1d12h \"t\"\n  scenario \"s\" from A { E by r [not g], after 30m => rejected }\n}\n",
        )
        .clean()
        .expect("parses");
        let m = &f.machines[0];
        assert_eq!(m.doc.as_deref(), Some("doc one\ndoc two"));
        assert_eq!(m.members.len(), 5);
        match &m.members[1].kind {
            MemberKind::Event(e) => {
                assert_eq!(e.payload[0].ty.text, "Option<Vec<String>>");
                assert_eq!(e.roles[0].text, "r");
            }
            other => panic!("{other:?}"),
        }
        match &m.members[2].kind {
            MemberKind::Transition(t) => {
                assert!(matches!(&t.sources, Sources::List(v) if v.len() == 2));
                assert_eq!(t.actions.len(), 2);
                assert_eq!(
                    t.guard
                        .as_ref()
                        .map(|g| g.1.as_ref().map(|s| s.text.as_ref())),
                    Some(Some("desc"))
                );
            }
            other => panic!("{other:?}"),
        }
        match &m.members[4].kind {
            MemberKind::Scenario(s) => {
                assert_eq!(s.steps.len(), 2);
                assert!(
                    matches!(&s.steps[0].input, StepInputDecl::Event { guards, .. } if !guards[0].1)
                );
                assert!(matches!(
                    s.steps[1].expect,
                    Some(ExpectDecl::Rejected { .. })
                ));
            }
            other => panic!("{other:?}"),
        }
    }

    /// Whether no text was parsed twice.
    fn all_different(parsed: &[(usize, u64)]) -> bool {
        let mut unique = parsed.to_vec();
        unique.sort_unstable();
        unique.dedup();
        unique.len() == parsed.len()
    }

    /// A spec with three broken lines: one written the PRD way, one with a label as a name,
    /// one without its event.
    const THREE_BROKEN: &str = "machine Order \"订单\" {\n  state Created \"待付款\" initial\n  state Paid \"已付款\" final\n  event Pay \"付款\"\n  待付款 → 已付款（付款）\n  scenario \"s\" { 付款 => Paid }\n  Created -> Paid on\n}\n";

    #[test]
    fn a_file_is_parsed_once_per_recovery_step() {
        let (c, parsed) = parses_in(|| crate::compile("order.fsm", THREE_BROKEN));
        let d = &c.diagnostics;
        assert_eq!(d.len(), 3, "{}", c.render());
        // The lines were explained with the names the rest of the file defines.
        assert_eq!(
            d[0].help.as_ref().map(|t| t.render(Lang::En)).as_deref(),
            Some("write it as `Created -> Paid on Pay`")
        );
        assert_eq!(
            d[1].help.as_ref().map(|t| t.render(Lang::En)).as_deref(),
            Some("did you mean `Pay`?")
        );
        // Once whole, then once with each broken line blanked in turn (the third time it
        // parses); explaining the lines and resolving read that last tree.
        assert_eq!(parsed.len(), 4, "{parsed:?}");
        assert!(all_different(&parsed), "{parsed:?}");
        // The model of the rest of the file, for every later stage.
        assert!(c.has_errors());
        let spec = c.spec.expect("the rest of the file");
        assert_eq!(spec.machines[0].states.len(), 2);
    }

    #[test]
    fn the_recovered_tree_borrows_the_original_text() {
        let parsed = parse_file(THREE_BROKEN);
        assert_eq!(parsed.problems.len(), 3);
        let file = parsed.file.expect("the rest of the file");
        let m = &file.machines[0];
        assert_eq!(m.members.len(), 3);
        assert_eq!(m.span, Span::new(0, THREE_BROKEN.trim_end().len()));
        let range = THREE_BROKEN.as_bytes().as_ptr_range();
        for member in &m.members {
            let (MemberKind::State(StateDecl { id, .. }) | MemberKind::Event(EventDecl { id, .. })) =
                &member.kind
            else {
                panic!("{member:?}");
            };
            assert_eq!(&THREE_BROKEN[id.span.range()], id.text);
            assert!(range.contains(&id.text.as_ptr()), "{id:?}");
        }
    }

    #[test]
    fn a_clean_file_is_parsed_once() {
        let text = "machine M {\n  state A initial\n  state B final\n  event E\n  A -> B on E\n}\n";
        let (c, parsed) = parses_in(|| crate::compile("m.fsm", text));
        assert!(!c.has_errors(), "{}", c.render());
        assert_eq!(parsed.len(), 1);
    }

    #[test]
    fn after_the_last_problem_reported_its_line_is_blanked_once_for_the_tree() {
        // As many broken lines as are reported: the last one is blanked only for the tree.
        let broken = "  state 待付款\n".repeat(MAX_SYNTAX_ERRORS);
        let text = format!("machine M {{\n  state A initial\n{broken}  event E\n}}\n");
        let (p, parsed) = parses_in(|| parse_file(&text));
        assert_eq!(p.problems.len(), MAX_SYNTAX_ERRORS);
        assert_eq!(p.file.map(|f| f.machines[0].members.len()), Some(2));
        assert_eq!(parsed.len(), MAX_SYNTAX_ERRORS + 1);
        assert!(all_different(&parsed), "{parsed:?}");
        // One more broken line: the rest of the file is not known, and no tree is made.
        let text = text.replace("  event E", "  state 已付款\n  event E");
        let (p, parsed) = parses_in(|| parse_file(&text));
        assert_eq!(p.problems.len(), MAX_SYNTAX_ERRORS);
        assert!(p.file.is_none());
        assert!(all_different(&parsed), "{parsed:?}");
    }

    #[test]
    fn a_dangling_doc_comment_is_blanked_for_the_tree() {
        // Found at the `}` (which cannot be blanked), shown on the doc comment: the tree is
        // that of the file without the comment.
        let text = "machine M {\n  state A initial\n  /// paid\n}\n";
        let (p, parsed) = parses_in(|| parse_file(text));
        assert_eq!(p.problems.len(), 1);
        assert_eq!(p.problems[0].kind, ProblemKind::DanglingDoc);
        assert_eq!(p.file.map(|f| f.machines[0].members.len()), Some(1));
        assert_eq!(parsed.len(), 2);
        assert!(all_different(&parsed), "{parsed:?}");
    }

    #[test]
    fn a_type_nested_too_deeply_leaves_the_rest_of_the_file() {
        let deep = format!("{}String{}", "Vec<".repeat(40), ">".repeat(40));
        let text = format!("machine M {{\n  state A initial\n  event E {{ a: {deep} }}\n}}\n");
        let (p, parsed) = parses_in(|| parse_file(&text));
        assert!(matches!(
            p.problems[..],
            [Problem {
                kind: ProblemKind::TooDeep { max: 32 },
                ..
            }]
        ));
        assert_eq!(p.file.map(|f| f.machines[0].members.len()), Some(1));
        assert_eq!(parsed.len(), 1);
    }

    #[test]
    fn reports_several_broken_lines_at_once() {
        let d = err("machine M {\n  state A initial\n  state B bogus\n  A -> B on\n  state C\n}\n");
        assert_eq!(d.len(), 2, "{d:#?}");
        assert!(
            d[0].message.render(Lang::En).contains("found `bogus`"),
            "{}",
            d[0].message.render(Lang::En)
        );
        assert!(
            d[1].message.render(Lang::En).contains("found end of line"),
            "{}",
            d[1].message.render(Lang::En)
        );
    }

    #[test]
    fn unterminated_text_is_named() {
        let d = err("machine M {\n  state A \"待付款 initial\n}\n");
        assert_eq!(
            d[0].message.render(Lang::En),
            "text is not closed: the line ends before the closing `\"`"
        );
        assert_eq!(d[0].primary.span.start, "machine M {\n  state A ".len());
    }

    #[test]
    fn chinese_identifier_gets_help() {
        let d = err("machine M {\n  state 待付款 initial\n}\n");
        assert!(d[0].message.render(Lang::En).contains("ASCII"));
        assert!(d[0]
            .help
            .as_ref()
            .map(|t| t.render(Lang::En))
            .as_deref()
            .unwrap_or("")
            .contains("label"));
    }

    #[test]
    fn reserved_word_as_name() {
        let d = err("machine M {\n  state final\n}\n");
        assert!(
            d[0].message
                .render(Lang::En)
                .contains("`final` is a word of the spec language"),
            "{}",
            d[0].message.render(Lang::En)
        );
    }

    #[test]
    fn rejects_nul_and_bad_utf8() {
        assert!(check_bytes(b"machine\0").is_err());
        assert!(check_bytes(&[b'm', 0xff, 0xfe]).is_err());
        assert!(check_bytes("machine 订单".as_bytes()).is_ok());
    }
}
