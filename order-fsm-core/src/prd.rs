//! Lines written the way a PRD writes them, read back into the spec language.
//!
//! A PM copies a transition from a PRD table: `待付尾款 → 待发货（买家付尾款）`, with labels
//! instead of ids, a full-width arrow and parentheses. The grammar can only say "expected
//! …, found …" about it. Labels are unique within their kind (`E0006`), so each one names
//! exactly one state, event or role: this module maps the labels of such a line to their ids
//! and, when every part maps, shows the whole line in the language's form
//! (`WaitBalance -> Paid on PayBalance by buyer`).
//!
//! It runs after a syntax error, on the model of the rest of the file (the tree the parser
//! recovered with the broken lines blanked, resolved once by [`crate::compile`]), and
//! replaces the generic message of a line it can read. Anything it cannot read keeps the
//! grammar's message.

use crate::diag::{codes, Diagnostic, Severity};
use crate::model::{ItemKind, Machine, Spec};
use crate::msg::{self, Text};
use crate::source::{LineIndex, Span};
use crate::suggest::did_you_mean;
use crate::t;

/// What a name in the line stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    State,
    Event,
    Role,
}

impl Kind {
    fn word(self) -> &'static str {
        match self {
            Kind::State => "state",
            Kind::Event => "event",
            Kind::Role => "role",
        }
    }

    /// The kind in words, in every language.
    fn text(self) -> Text {
        Text::from(match self {
            Kind::State => &msg::KIND_STATE,
            Kind::Event => &msg::KIND_EVENT,
            Kind::Role => &msg::KIND_ROLE,
        })
    }
}

/// How a piece of the line was read.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Read {
    /// Written as the id: nothing to say.
    Id,
    /// The label of this id (or the id in another case).
    Label,
    /// Neither, but close to this id's id or label.
    Near,
}

/// One name of the line, as written, and what it was read as.
#[derive(Clone, Debug)]
struct Piece {
    written: String,
    kind: Kind,
    /// The id it stands for, and how it was found; `None`: nothing matches.
    id: Option<(String, Read)>,
}

impl Piece {
    fn id_or_gap(&self) -> String {
        match &self.id {
            Some((id, _)) => id.clone(),
            None => "…".to_string(),
        }
    }
}

/// Every (id, label) of one kind in a machine.
fn names(m: &Machine, kind: Kind) -> Vec<(&str, Option<&str>)> {
    m.names(match kind {
        Kind::State => ItemKind::State,
        Kind::Event => ItemKind::Event,
        Kind::Role => ItemKind::Role,
    })
}

/// Quotes and spaces around a name: `"待发货"`, `「待发货」`.
fn bare(word: &str) -> &str {
    word.trim()
        .trim_matches(|c: char| matches!(c, '"' | '\'' | '“' | '”' | '「' | '」' | '`'))
        .trim()
}

/// The id `word` stands for among the names of `kind`: the id itself, a label, the id in
/// another case; without `near`, nothing else.
fn exact(m: &Machine, kind: Kind, word: &str) -> Option<(String, Read)> {
    let w = bare(word);
    if w.is_empty() {
        return None;
    }
    let all = names(m, kind);
    if let Some((id, _)) = all.iter().find(|(id, _)| *id == w) {
        return Some((id.to_string(), Read::Id));
    }
    if let Some((id, _)) = all.iter().find(|(_, l)| *l == Some(w)) {
        return Some((id.to_string(), Read::Label));
    }
    all.iter()
        .find(|(id, _)| id.eq_ignore_ascii_case(w))
        .map(|(id, _)| (id.to_string(), Read::Label))
}

/// Like [`exact`], then the nearest id or label, as a typo of it.
fn lookup(m: &Machine, kind: Kind, word: &str) -> Piece {
    let w = bare(word);
    // An ASCII name that is not (yet) defined stays as written: it may be declared on a line
    // that is broken too, and resolving names reports it otherwise.
    let is_ident = w.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && w.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    let unchecked = || is_ident.then(|| (w.to_string(), Read::Id));
    let id = exact(m, kind, w).or_else(unchecked).or_else(|| {
        let all = names(m, kind);
        let candidates = all
            .iter()
            .flat_map(|(id, l)| std::iter::once(*id).chain(*l));
        let near = did_you_mean(w, candidates)?;
        all.iter()
            .find(|(id, l)| *id == near || *l == Some(near))
            .map(|(id, _)| (id.to_string(), Read::Near))
    });
    Piece {
        written: w.to_string(),
        kind,
        id,
    }
}

/// The ASCII a Chinese input method's punctuation stands for (one character for one, so
/// positions stay the same).
fn normal(c: char) -> char {
    match c {
        '（' => '(',
        '）' => ')',
        '【' | '［' | '〔' => '[',
        '】' | '］' | '〕' => ']',
        '，' | '、' | '；' => ',',
        '：' => ':',
        '　' => ' ',
        '－' | '—' | '–' | '─' => '-',
        '＞' | '〉' | '》' => '>',
        '＝' => '=',
        '＂' | '“' | '”' => '"',
        c => c,
    }
}

/// Characters that are an arrow on their own.
fn is_arrow(c: char) -> bool {
    matches!(
        c,
        '→' | '⇒' | '⟶' | '⟹' | '➡' | '➜' | '➔' | '⇨' | '↦' | '►' | '▶'
    )
}

/// The first arrow of the (normalised) line, as a range of character positions: `->`,
/// `=>`, `-->`, `——>` (normalised to `-->`), `→`, `⇒` …
fn find_arrow(chars: &[char]) -> Option<(usize, usize)> {
    let mut i = 0;
    let mut in_quotes = false;
    while i < chars.len() {
        let c = chars[i];
        if c == '"' {
            in_quotes = !in_quotes;
        } else if !in_quotes && is_arrow(c) {
            let mut j = i + 1;
            while j < chars.len() && (is_arrow(chars[j]) || chars[j] == '>') {
                j += 1;
            }
            return Some((i, j));
        } else if !in_quotes && matches!(c, '-' | '=' | '~') {
            let mut j = i;
            while j < chars.len() && matches!(chars[j], '-' | '=' | '~') {
                j += 1;
            }
            if j < chars.len() && chars[j] == '>' {
                return Some((i, j + 1));
            }
            i = j;
            continue;
        }
        i += 1;
    }
    None
}

/// The words of the language that start the clauses after the trigger.
const CLAUSES: &[&str] = &["if", "then", "note"];

/// A delay as a PRD writes it (`30分钟`, `超时 24 小时`, `7天后`) or as the language does
/// (`30m`): the language's form, e.g. `30m`.
fn delay(text: &str) -> Option<String> {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if crate::duration::parse_duration(&t).is_some_and(|s| s > 0) {
        return Some(t);
    }
    let start = t.find(|c: char| c.is_ascii_digit())?;
    let digits: String = t[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let rest = &t[start + digits.len()..];
    let unit = [
        ("秒", 's'),
        ("分钟", 'm'),
        ("分", 'm'),
        ("个小时", 'h'),
        ("小时", 'h'),
        ("时", 'h'),
        ("天", 'd'),
        ("日", 'd'),
        ("个工作日", 'd'),
        ("s", 's'),
        ("m", 'm'),
        ("h", 'h'),
        ("d", 'd'),
    ]
    .iter()
    .find(|(w, _)| rest.starts_with(w))
    .map(|(_, u)| *u)?;
    let written = format!("{digits}{unit}");
    crate::duration::parse_duration(&written)
        .filter(|&s| s > 0)
        .map(|_| written)
}

/// What makes the line happen, read from the text in parentheses or after the target.
struct Trigger {
    /// `on PayBalance by buyer`, `after 30m`; `None` when nothing could be read.
    text: Option<String>,
    pieces: Vec<Piece>,
}

fn trigger(m: &Machine, text: &str) -> Trigger {
    // `付尾款（买家）` inside `【…】`: brackets only group words here.
    let t = text.replace(['(', ')', '[', ']'], " ");
    let mut words: Vec<&str> = t.split_whitespace().collect();
    if words.first() == Some(&"on") {
        words.remove(0);
    }
    if words.is_empty() {
        return Trigger {
            text: None,
            pieces: Vec::new(),
        };
    }
    if words[0] == "after" {
        // The delay, then the timeout's label in quotes, kept as written.
        let rest = words[1..].join(" ");
        let (written, label) = match rest.find('"') {
            Some(q) => (&rest[..q], rest[q..].trim()),
            None => (rest.as_str(), ""),
        };
        return Trigger {
            text: delay(written).map(|d| match label {
                "" => format!("after {d}"),
                l => format!("after {d} {l}"),
            }),
            pieces: Vec::new(),
        };
    }
    // `Event by role`.
    if let Some(by) = words.iter().position(|w| *w == "by") {
        let ev = lookup(m, Kind::Event, &words[..by].join(" "));
        let roles: Vec<Piece> = words[by + 1..]
            .join(" ")
            .split(',')
            .filter(|r| !bare(r).is_empty())
            .map(|r| lookup(m, Kind::Role, r))
            .collect();
        return on_event(ev, roles);
    }
    let joined = words.join(" ");
    // The whole text is an event.
    if let Some(id) = exact(m, Kind::Event, &joined) {
        let ev = Piece {
            written: bare(&joined).to_string(),
            kind: Kind::Event,
            id: Some(id),
        };
        return on_event(ev, Vec::new());
    }
    // A role and an event: `买家付尾款`, `付尾款（买家）`, `买家 付尾款`.
    let compact = bare(&joined).to_string();
    let mut roles = names(m, Kind::Role);
    // Longest names first, so that `平台客服` wins over `客服`.
    roles.sort_by_key(|(id, l)| {
        std::cmp::Reverse(id.chars().count().max(l.map_or(0, |l| l.chars().count())))
    });
    for (rid, rlabel) in &roles {
        for name in std::iter::once(*rid).chain(*rlabel) {
            let rest = compact
                .strip_prefix(name)
                .or_else(|| compact.strip_suffix(name));
            let Some(rest) = rest else { continue };
            let rest = rest.trim().trim_start_matches('的').trim_matches(',');
            if let Some(id) = exact(m, Kind::Event, rest) {
                let ev = Piece {
                    written: rest.trim().to_string(),
                    kind: Kind::Event,
                    id: Some(id),
                };
                let role = Piece {
                    written: name.to_string(),
                    kind: Kind::Role,
                    id: Some((
                        rid.to_string(),
                        if name == *rid { Read::Id } else { Read::Label },
                    )),
                };
                return on_event(ev, vec![role]);
            }
        }
    }
    // Words that are each an event or a role: `付尾款 买家`.
    if words.len() > 1 {
        let mut event = None;
        let mut roles = Vec::new();
        let mut all = true;
        for w in &words {
            match (exact(m, Kind::Event, w), exact(m, Kind::Role, w)) {
                (Some(id), _) if event.is_none() => {
                    event = Some(Piece {
                        written: bare(w).to_string(),
                        kind: Kind::Event,
                        id: Some(id),
                    })
                }
                (_, Some(id)) => roles.push(Piece {
                    written: bare(w).to_string(),
                    kind: Kind::Role,
                    id: Some(id),
                }),
                _ => all = false,
            }
        }
        if let (true, Some(ev)) = (all, event) {
            return on_event(ev, roles);
        }
    }
    // A timeout: `超时30分钟`, `30分钟未付款`; the PRD's words become its label.
    if let Some(d) = delay(&joined) {
        let words = bare(&joined);
        let label = if words == d {
            String::new()
        } else {
            format!(" \"{}\"", words.replace('\\', "\\\\").replace('"', "\\\""))
        };
        return Trigger {
            text: Some(format!("after {d}{label}")),
            pieces: Vec::new(),
        };
    }
    // An event that is a near miss of an id or a label.
    on_event(lookup(m, Kind::Event, &joined), Vec::new())
}

fn on_event(ev: Piece, roles: Vec<Piece>) -> Trigger {
    let mut text = format!("on {}", ev.id_or_gap());
    if !roles.is_empty() {
        let r: Vec<String> = roles.iter().map(Piece::id_or_gap).collect();
        text.push_str(&format!(" by {}", r.join(", ")));
    }
    let mut pieces = vec![ev];
    pieces.extend(roles);
    Trigger {
        text: Some(text),
        pieces,
    }
}

/// A transition line read back: its parts, and the line in the language's form.
struct Reading {
    pieces: Vec<Piece>,
    /// The line in the language's form; `…` where a part could not be read.
    line: String,
    /// Every part was read.
    complete: bool,
}

/// Read a line that has an arrow in it. `None` for a line without one.
fn read_line(m: &Machine, line: &str) -> Option<Reading> {
    let chars: Vec<char> = line.chars().map(normal).collect();
    let (a, b) = find_arrow(&chars)?;
    let left: String = chars[..a].iter().collect();
    let right: String = chars[b..].iter().collect();
    let mut pieces = Vec::new();
    // Sources.
    let mut sources = Vec::new();
    let left = left.trim();
    if left == "any" {
        sources.push("any".to_string());
    } else {
        for s in left.split([',', '/', '|']) {
            if bare(s).is_empty() {
                continue;
            }
            let p = lookup(m, Kind::State, s);
            sources.push(p.id_or_gap());
            pieces.push(p);
        }
    }
    // Target, then what makes it happen, then the clauses.
    let right = right.trim();
    let target_end = if let Some(quoted) = right.strip_prefix('"') {
        quoted.find('"').map_or(right.len(), |i| i + 2)
    } else {
        right
            .find(|c: char| c.is_whitespace() || matches!(c, '(' | '[' | ':'))
            .unwrap_or(right.len())
    };
    let target = lookup(m, Kind::State, &right[..target_end]);
    let rest = right[target_end..].trim();
    let (trigger_text, tail) = if let Some(inner) = rest.strip_prefix('(') {
        match inner.find(')') {
            Some(i) => (&inner[..i], inner[i + 1..].trim()),
            None => (inner, ""),
        }
    } else if let Some(inner) = rest.strip_prefix('[') {
        match inner.find(']') {
            Some(i) => (&inner[..i], inner[i + 1..].trim()),
            None => (inner, ""),
        }
    } else {
        let rest = rest.strip_prefix(':').unwrap_or(rest);
        let words: Vec<&str> = rest.split_whitespace().collect();
        match words.iter().position(|w| CLAUSES.contains(w)) {
            Some(i) => {
                // The byte where the clause's word starts (`words` borrow from `rest`).
                let at = (words[i].as_ptr() as usize)
                    .saturating_sub(rest.as_ptr() as usize)
                    .min(rest.len());
                match (rest.get(..at), rest.get(at..)) {
                    (Some(a), Some(b)) => (a, b.trim()),
                    _ => (rest, ""),
                }
            }
            None => (rest, ""),
        }
    };
    let trig = trigger(m, trigger_text);
    let mut out = format!("{} -> {}", sources.join(", "), target.id_or_gap());
    let complete_trigger = trig.text.is_some();
    match &trig.text {
        Some(t) => out.push_str(&format!(" {t}")),
        None => out.push_str(" on …"),
    }
    if !tail.is_empty() {
        out.push(' ');
        out.push_str(tail);
    }
    pieces.push(target);
    pieces.extend(trig.pieces);
    let complete = complete_trigger
        && !sources.is_empty()
        && pieces
            .iter()
            .all(|p| matches!(p.id, Some((_, Read::Id | Read::Label))));
    Some(Reading {
        pieces,
        line: out,
        complete,
    })
}

/// `待付尾款 is state `WaitBalance``, for the note.
fn describe(p: &Piece) -> Option<Text> {
    let kind = p.kind.text();
    if p.written.is_empty() {
        return Some(t!(msg::E0001_PRD_MISSING, kind = kind));
    }
    let written = &p.written;
    match &p.id {
        Some((_, Read::Id)) => None,
        Some((id, Read::Label)) => Some(t!(
            msg::E0001_PRD_IS,
            written = written,
            kind = kind,
            id = Text::code(id)
        )),
        Some((id, Read::Near)) => Some(t!(
            msg::E0001_PRD_NEAR,
            written = written,
            kind = kind,
            id = Text::code(id)
        )),
        None => Some(t!(
            msg::E0001_PRD_UNKNOWN,
            written = written,
            kind = kind,
            declare = Text::code(format!("{} Id \"{written}\"", p.kind.word()))
        )),
    }
}

/// The file the broken lines are in, to try a line in place of one of them.
struct File<'a> {
    text: &'a str,
    lines: &'a LineIndex,
    /// A position on each broken line.
    broken: &'a [usize],
}

impl File<'_> {
    /// Whether the file parses with `new` written on the line at `pos`.
    fn parses_with(&self, pos: usize, new: &str) -> bool {
        let line = self.lines.line_of(pos.min(self.text.len()));
        crate::syntax::fix_parses(self.text, self.broken, &[(line, new)])
    }
}

/// A diagnostic for a transition line written the PRD way, or `None` when the line has no
/// arrow or reads the same in the language's form (the grammar's message says more then).
fn transition_line(
    m: &Machine,
    file: &File<'_>,
    line: &str,
    start: usize,
    grammar: &Diagnostic,
) -> Option<Diagnostic> {
    // The grammar's hint already gives the line to write.
    if grammar.proposed_line().is_some() || grammar.proposed_join().is_some() {
        return None;
    }
    let trimmed = line.trim_start();
    let lead = line.len() - trimmed.len();
    let content = trimmed.trim_end();
    // Other items and blocks have arrows of their own (`=>` in scenarios).
    let first: String = content
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    let items = [
        "machine", "state", "event", "role", "guard", "action", "note", "scenario", "rule",
    ];
    if items.contains(&first.to_ascii_lowercase().as_str()) || content.contains(['{', '}']) {
        return None;
    }
    let r = read_line(m, content)?;
    // A line is proposed only when the file parses with it in place.
    let parses = r.complete && file.parses_with(start, &r.line);
    // Only a line that was written the PRD way: a label, full-width punctuation, another
    // arrow, a trigger in brackets. Otherwise the grammar's message says more.
    // Replace the grammar's message only when the labels explain the line, or the whole
    // line can be shown in the language's form; otherwise the grammar's message (which
    // knows, e.g., that one line takes one event) says more.
    let labels = r
        .pieces
        .iter()
        .any(|p| matches!(p.id, Some((_, Read::Label))));
    if !(labels || parses) {
        return None;
    }
    let punctuation = content
        .chars()
        .any(|c| (normal(c) != c && !matches!(c, '“' | '”')) || is_arrow(c))
        || find_arrow(&content.chars().map(normal).collect::<Vec<_>>())
            .is_some_and(|(a, b)| content.chars().skip(a).take(b - a).collect::<String>() != "->");
    if !labels {
        // Only the form is off (a missing `on`, a full-width comma, `=>`): the grammar's
        // message points at the spot; the whole line in the language's form is the help,
        // and the grammar's own help becomes the note.
        let mut d = grammar.clone();
        d.note = d.help.take().or(d.note.take());
        return Some(d.with_help(t!(msg::E0001_PRD_WRITE_LINE, line = Text::code(&r.line))));
    }
    let span = Span::new(start + lead, start + lead + content.len());
    let names: Vec<Text> = r.pieces.iter().filter_map(describe).collect();
    let mut notes = Vec::new();
    if !names.is_empty() {
        let mut parts = Vec::new();
        for (i, n) in names.into_iter().enumerate() {
            if i > 0 {
                parts.push(t!(msg::SEMI_SEP));
            }
            parts.push(n);
        }
        notes.push(t!(msg::E0001_PRD_IDS, names = Text::Seq(parts)));
    }
    if punctuation {
        notes.push(t!(msg::E0001_PRD_ASCII));
    }
    let mut d = Diagnostic::error(
        codes::SYNTAX,
        t!(msg::E0001_PRD_MESSAGE),
        span,
        t!(msg::E0001_PRD_LABEL),
    );
    if !notes.is_empty() {
        let mut parts = Vec::new();
        for (i, n) in notes.into_iter().enumerate() {
            if i > 0 {
                parts.push(t!(msg::SEMI_SEP));
            }
            parts.push(n);
        }
        d = d.with_note(Text::Seq(parts));
    }
    Some(if parses {
        d.with_help(t!(msg::E0001_PRD_WRITE, line = Text::code(&r.line)))
    } else if r.complete {
        d.with_help(t!(msg::E0001_PRD_FORM))
    } else {
        d.with_help(t!(msg::E0001_PRD_WRITE_IDS, template = Text::code(&r.line)))
    })
}

/// The word at `pos` (letters, digits and `_`), or a quoted text starting there.
fn word_at(text: &str, pos: usize) -> Option<(&str, Span)> {
    let rest = text.get(pos..)?;
    let len = if let Some(inner) = rest.strip_prefix('"') {
        inner.find(['"', '\n', '\r']).map_or(rest.len(), |i| i + 2)
    } else {
        rest.find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(rest.len())
    };
    let w = rest.get(..len)?;
    (!w.is_empty()).then(|| (w, Span::new(pos, pos + len)))
}

/// A label written where a name goes, outside a transition line (`by 买家`, a scenario step
/// `付款`, `from 待付款`): the help names the id it stands for.
fn label_as_name(m: &Machine, text: &str, d: &Diagnostic) -> Option<Diagnostic> {
    let (word, span) = word_at(text, d.primary.span.start)?;
    let w = bare(word);
    let mut hits = Vec::new();
    let mut first = None;
    for kind in [Kind::State, Kind::Event, Kind::Role] {
        if let Some((id, Read::Label)) = exact(m, kind, w) {
            if id != w {
                first.get_or_insert_with(|| id.to_string());
                hits.push(t!(
                    msg::E0001_KIND_ID,
                    kind = kind.text(),
                    id = Text::code(id)
                ));
            }
        }
    }
    // A guard's description stands for it as a label does (`Pay [实付金额等于应付金额]`).
    for g in &m.guards {
        if g.description.as_ref().is_some_and(|d| d.text == w) && g.id.text != w {
            first.get_or_insert_with(|| g.id.text.clone());
            hits.push(t!(
                msg::E0001_KIND_ID,
                kind = &msg::KIND_GUARD,
                id = Text::code(&g.id.text)
            ));
        }
    }
    let first = first?;
    Some(
        Diagnostic::error(
            codes::SYNTAX,
            t!(msg::E0001_IS_LABEL, word = Text::code(w)),
            span,
            t!(msg::E0001_LABEL_OF, items = Text::List(hits)),
        )
        .with_help(t!(msg::DID_YOU_MEAN, name = Text::code(first))),
    )
}

/// Read the syntax errors of `text` again with the names the rest of the file defines
/// (`rest`: the model of the file with its broken lines blanked, if it could be read), and
/// replace the messages of lines written the PRD way.
pub fn explain(text: &str, rest: Option<&Spec>, diags: &mut [Diagnostic]) {
    if !diags
        .iter()
        .any(|d| d.code == codes::SYNTAX && d.severity == Severity::Error)
    {
        return;
    }
    let Some(spec) = rest else {
        return;
    };
    let lines = LineIndex::new(text);
    let broken: Vec<usize> = diags
        .iter()
        .filter(|d| d.code == codes::SYNTAX)
        .map(|d| d.primary.span.start)
        .collect();
    let file = File {
        text,
        lines: &lines,
        broken: &broken,
    };
    for d in diags.iter_mut() {
        if d.code != codes::SYNTAX {
            continue;
        }
        let pos = d.primary.span.start.min(text.len());
        let Some(m) = spec
            .machines
            .iter()
            .find(|m| m.span.start <= pos && pos < m.span.end)
            .or_else(|| spec.machines.first().filter(|_| spec.machines.len() == 1))
        else {
            continue;
        };
        let range = lines.line_range(text, lines.line_of(pos));
        let Some(line) = text.get(range.clone()) else {
            continue;
        };
        let better =
            transition_line(m, &file, line, range.start, d).or_else(|| label_as_name(m, text, d));
        if let Some(b) = better {
            *d = b;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_as_a_prd_writes_them() {
        assert_eq!(delay("超时30分钟").as_deref(), Some("30m"));
        assert_eq!(delay("7天后自动确认").as_deref(), Some("7d"));
        assert_eq!(delay("24 小时").as_deref(), Some("24h"));
        assert_eq!(delay("30m").as_deref(), Some("30m"));
        assert_eq!(delay("尽快"), None);
        assert_eq!(delay("0分钟"), None);
    }

    #[test]
    fn arrows() {
        let f = |s: &str| find_arrow(&s.chars().map(normal).collect::<Vec<_>>());
        assert_eq!(f("A -> B"), Some((2, 4)));
        assert_eq!(f("A → B"), Some((2, 3)));
        assert_eq!(f("A => B"), Some((2, 4)));
        assert_eq!(f("A ——> B"), Some((2, 5)));
        assert_eq!(f("A －＞ B"), Some((2, 4)));
        assert_eq!(f("\"a->b\" B"), None);
        assert_eq!(f("A - B"), None);
    }
}
