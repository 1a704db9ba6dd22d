//! Variable-length records: the states and transition lines of a machine's metadata.
//!
//! The derive fills a [`Writer`] with every [`State`] and every [`Line`], in spec order, and
//! emits the [`PackedMachine`] it gives: two byte strings and the text they share. The
//! runtime reads them back with a [`Reader`], record by record ([`Reader::state`],
//! [`Reader::line`]); the lists of a record go to pools the caller keeps, so that a whole
//! machine's lists can be cut from a few allocations. The layout is described in the crate
//! documentation.

use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;
use core::ops::Range;

/// Tag of an integer status code.
pub const CODE_INT: u64 = 0;
/// Tag of a text status code (a reader takes any tag but [`CODE_INT`] for one).
pub const CODE_STR: u64 = 1;

/// State flag: the initial state.
pub const STATE_INITIAL: u64 = 1;
/// State flag: a final state.
pub const STATE_FINAL: u64 = 2;
/// State flag: a label other than the id follows the id.
pub const STATE_LABEL: u64 = 4;
/// State flag: a doc comment follows.
pub const STATE_DOC: u64 = 8;

/// Line flag: written `any -> …`.
pub const LINE_FROM_ANY: u64 = 1;
/// Line flag: the line has a target (else it keeps the state).
pub const LINE_TARGET: u64 = 2;
/// Line flag: a timeout (else an event).
pub const LINE_TIMEOUT: u64 = 4;
/// Line flag: the timeout has a label.
pub const LINE_TIMEOUT_LABEL: u64 = 8;
/// Line flag: the line has a guard.
pub const LINE_GUARD: u64 = 16;
/// Line flag: a guard description applies on the line.
pub const LINE_GUARD_DESCRIPTION: u64 = 32;
/// Line flag: the line has a note.
pub const LINE_NOTE: u64 = 64;
/// Line flag: the line has a doc comment.
pub const LINE_DOC: u64 = 128;
/// Line flag: some of the line's sources are states in which it can never be taken.
pub const LINE_DEAD_IN: u64 = 256;

/// A status code as the records hold it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Code<'a> {
    Int(i64),
    Str(&'a str),
}

/// What makes a line happen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Trigger<'a> {
    /// `on Event`: the event's position.
    Event(usize),
    /// `after 30m "…"`.
    Timeout {
        seconds: u64,
        /// The delay as written (`30m`).
        written: &'a str,
        label: Option<&'a str>,
    },
}

/// One state, as the [`Writer`] takes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct State<'a> {
    pub id: &'a str,
    /// The label, else the id (a label equal to the id is not written).
    pub label: &'a str,
    pub doc: Option<&'a str>,
    pub initial: bool,
    pub is_final: bool,
    /// The codes of the main system, in spec order.
    pub codes: &'a [Code<'a>],
    /// The codes in other systems, one entry per system the state has codes in.
    pub systems: &'a [SystemCodes<'a>],
}

/// A state's codes in one other system.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SystemCodes<'a> {
    /// The system's position.
    pub system: usize,
    pub shared: bool,
    pub codes: &'a [Code<'a>],
}

/// One transition line, as the [`Writer`] takes it. Numbers are positions in spec order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Line<'a> {
    pub sources: &'a [usize],
    pub from_any: bool,
    /// `None` for a line that keeps the state.
    pub target: Option<usize>,
    pub trigger: Trigger<'a>,
    /// The roles allowed on the line; empty for any role.
    pub roles: &'a [usize],
    pub guard: Option<usize>,
    pub guard_description: Option<&'a str>,
    pub actions: &'a [usize],
    pub note: Option<&'a str>,
    pub doc: Option<&'a str>,
    /// The line of the spec file.
    pub line: u32,
    /// The sources in which the line can never be taken (the checker's liveness), in the
    /// order of `sources`.
    pub dead_in: &'a [usize],
}

/// What a [`Writer`] made of a machine: the bytes of its states and of its lines, and the
/// text their strings point into.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PackedMachine {
    pub text: String,
    pub states: Vec<u8>,
    pub n_states: usize,
    pub lines: Vec<u8>,
    pub n_lines: usize,
}

/// Appends `v` as unsigned LEB128.
pub fn write_num(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let byte = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

fn write_ix(out: &mut Vec<u8>, v: usize) {
    write_num(out, v as u64);
}

/// Zigzag form of a signed number: 0, -1, 1, -2, … as 0, 1, 2, 3, …, so that small negative
/// numbers stay short in LEB128.
pub fn zigzag(i: i64) -> u64 {
    ((i << 1) ^ (i >> 63)) as u64
}

/// The signed number of a [`zigzag`] form.
pub fn unzigzag(v: u64) -> i64 {
    ((v >> 1) as i64) ^ -((v & 1) as i64)
}

/// The shared text: each distinct string once, where it was first written.
#[derive(Default)]
struct Strings {
    text: String,
    at: BTreeMap<String, (usize, usize)>,
}

impl Strings {
    fn write(&mut self, out: &mut Vec<u8>, s: &str) {
        let (start, len) = match self.at.get(s) {
            Some(&at) => at,
            None => {
                let at = (self.text.len(), s.len());
                self.text.push_str(s);
                self.at.insert(String::from(s), at);
                at
            }
        };
        write_ix(out, start);
        write_ix(out, len);
    }

    fn code(&mut self, out: &mut Vec<u8>, c: &Code<'_>) {
        match *c {
            Code::Int(i) => {
                write_num(out, CODE_INT);
                write_num(out, zigzag(i));
            }
            Code::Str(t) => {
                write_num(out, CODE_STR);
                self.write(out, t);
            }
        }
    }

    fn codes(&mut self, out: &mut Vec<u8>, codes: &[Code<'_>]) {
        write_ix(out, codes.len());
        for c in codes {
            self.code(out, c);
        }
    }
}

fn write_list(out: &mut Vec<u8>, items: &[usize]) {
    write_ix(out, items.len());
    for &i in items {
        write_ix(out, i);
    }
}

fn flags<const N: usize>(bits: [(bool, u64); N]) -> u64 {
    bits.iter()
        .filter(|(on, _)| *on)
        .fold(0, |flags, (_, flag)| flags | flag)
}

/// Packs a machine's states and lines. The text is shared by both, so the order of the
/// calls decides where each string lands in it; the derive writes every state, then every
/// line.
#[derive(Default)]
pub struct Writer {
    strings: Strings,
    states: Vec<u8>,
    n_states: usize,
    lines: Vec<u8>,
    n_lines: usize,
}

impl Writer {
    pub fn new() -> Self {
        Writer::default()
    }

    /// Appends a state.
    pub fn state(&mut self, s: &State<'_>) {
        let out = &mut self.states;
        let label = (s.label != s.id).then_some(s.label);
        write_num(
            out,
            flags([
                (s.initial, STATE_INITIAL),
                (s.is_final, STATE_FINAL),
                (label.is_some(), STATE_LABEL),
                (s.doc.is_some(), STATE_DOC),
            ]),
        );
        self.strings.write(out, s.id);
        for text in [label, s.doc].into_iter().flatten() {
            self.strings.write(out, text);
        }
        self.strings.codes(out, s.codes);
        write_ix(out, s.systems.len());
        for sc in s.systems {
            write_ix(out, sc.system);
            write_num(out, u64::from(sc.shared));
            self.strings.codes(out, sc.codes);
        }
        self.n_states += 1;
    }

    /// Appends a transition line.
    pub fn line(&mut self, l: &Line<'_>) {
        let out = &mut self.lines;
        let timeout_label = match l.trigger {
            Trigger::Timeout { label, .. } => label,
            Trigger::Event(_) => None,
        };
        write_num(
            out,
            flags([
                (l.from_any, LINE_FROM_ANY),
                (l.target.is_some(), LINE_TARGET),
                (matches!(l.trigger, Trigger::Timeout { .. }), LINE_TIMEOUT),
                (timeout_label.is_some(), LINE_TIMEOUT_LABEL),
                (l.guard.is_some(), LINE_GUARD),
                (l.guard_description.is_some(), LINE_GUARD_DESCRIPTION),
                (l.note.is_some(), LINE_NOTE),
                (l.doc.is_some(), LINE_DOC),
                (!l.dead_in.is_empty(), LINE_DEAD_IN),
            ]),
        );
        write_list(out, l.sources);
        if let Some(to) = l.target {
            write_ix(out, to);
        }
        match l.trigger {
            Trigger::Event(e) => write_ix(out, e),
            Trigger::Timeout {
                seconds, written, ..
            } => {
                write_num(out, seconds);
                self.strings.write(out, written);
                if let Some(label) = timeout_label {
                    self.strings.write(out, label);
                }
            }
        }
        write_list(out, l.roles);
        if let Some(g) = l.guard {
            write_ix(out, g);
        }
        if let Some(d) = l.guard_description {
            self.strings.write(out, d);
        }
        write_list(out, l.actions);
        for text in [l.note, l.doc].into_iter().flatten() {
            self.strings.write(out, text);
        }
        write_num(out, u64::from(l.line));
        if !l.dead_in.is_empty() {
            write_list(out, l.dead_in);
        }
        self.n_lines += 1;
    }

    /// The packed states and lines, and their text.
    pub fn finish(self) -> PackedMachine {
        PackedMachine {
            text: self.strings.text,
            states: self.states,
            n_states: self.n_states,
            lines: self.lines,
            n_lines: self.n_lines,
        }
    }
}

/// A state as the [`Reader`] gives it back; its lists are ranges in the pools passed to
/// [`Reader::state`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StateRecord<'a> {
    pub id: &'a str,
    /// The label, else the id.
    pub label: &'a str,
    pub doc: Option<&'a str>,
    pub initial: bool,
    pub is_final: bool,
    /// In the pool of codes.
    pub codes: Range<usize>,
    /// In the pool of systems.
    pub systems: Range<usize>,
}

/// A state's codes in one other system, as the [`Reader`] gives them back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SystemRecord {
    pub system: usize,
    pub shared: bool,
    /// In the pool of codes.
    pub codes: Range<usize>,
}

/// A line as the [`Reader`] gives it back; its lists are ranges in the pool passed to
/// [`Reader::line`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineRecord<'a> {
    pub sources: Range<usize>,
    pub from_any: bool,
    pub target: Option<usize>,
    pub trigger: Trigger<'a>,
    pub roles: Range<usize>,
    pub guard: Option<usize>,
    pub guard_description: Option<&'a str>,
    pub actions: Range<usize>,
    pub note: Option<&'a str>,
    pub doc: Option<&'a str>,
    /// `u32::MAX` for a number that does not fit.
    pub line: u32,
    /// In the pool.
    pub dead_in: Range<usize>,
}

/// Reads records from a byte string and the text its strings point into. Out of data it
/// reads zeros; a string out of the text reads as empty; a list never claims more items
/// than bytes are left. Nothing panics.
#[derive(Clone, Debug)]
pub struct Reader<'a> {
    data: &'a [u8],
    at: usize,
    text: &'a str,
}

impl<'a> Reader<'a> {
    pub fn new(data: &'a [u8], text: &'a str) -> Self {
        Reader { data, at: 0, text }
    }

    /// A LEB128 number; bits past the 64th are dropped.
    pub fn num(&mut self) -> u64 {
        let mut v = 0u64;
        let mut shift = 0u32;
        while let Some(&b) = self.data.get(self.at) {
            self.at += 1;
            if shift < 64 {
                v |= u64::from(b & 0x7f) << shift;
            }
            shift = shift.saturating_add(7);
            if b & 0x80 == 0 {
                break;
            }
        }
        v
    }

    /// A number as a position or count; `usize::MAX` if it does not fit.
    pub fn ix(&mut self) -> usize {
        usize::try_from(self.num()).unwrap_or(usize::MAX)
    }

    /// A string: its start and length in the text.
    pub fn str(&mut self) -> &'a str {
        let start = self.ix();
        let len = self.ix();
        self.text
            .get(start..start.saturating_add(len))
            .unwrap_or_default()
    }

    /// A status code: its tag, then the zigzag integer or the string.
    pub fn code(&mut self) -> Code<'a> {
        match self.num() {
            CODE_INT => Code::Int(unzigzag(self.num())),
            _ => Code::Str(self.str()),
        }
    }

    /// Whether every byte has been read.
    pub fn is_empty(&self) -> bool {
        self.at >= self.data.len()
    }

    /// A list's length, no more than the bytes left can hold (every item takes one).
    fn count(&mut self) -> usize {
        let left = self.data.len().saturating_sub(self.at);
        self.ix().min(left)
    }

    /// A list of codes, appended to `pool`; their range in it.
    pub fn codes(&mut self, pool: &mut Vec<Code<'a>>) -> Range<usize> {
        let n = self.count();
        let start = pool.len();
        for _ in 0..n {
            pool.push(self.code());
        }
        start..pool.len()
    }

    /// A list of numbers, appended to `pool`; their range in it.
    pub fn indices(&mut self, pool: &mut Vec<usize>) -> Range<usize> {
        let n = self.count();
        let start = pool.len();
        for _ in 0..n {
            pool.push(self.ix());
        }
        start..pool.len()
    }

    /// The next state; its codes (its own, then each system's) go to `codes`, its systems
    /// to `systems`.
    pub fn state(
        &mut self,
        codes: &mut Vec<Code<'a>>,
        systems: &mut Vec<SystemRecord>,
    ) -> StateRecord<'a> {
        let flags = self.num();
        let id = self.str();
        let label = if flags & STATE_LABEL != 0 {
            self.str()
        } else {
            id
        };
        let doc = (flags & STATE_DOC != 0).then(|| self.str());
        let own = self.codes(codes);
        let n = self.count();
        let first = systems.len();
        for _ in 0..n {
            let system = self.ix();
            let shared = self.num() != 0;
            let codes = self.codes(codes);
            systems.push(SystemRecord {
                system,
                shared,
                codes,
            });
        }
        StateRecord {
            id,
            label,
            doc,
            initial: flags & STATE_INITIAL != 0,
            is_final: flags & STATE_FINAL != 0,
            codes: own,
            systems: first..systems.len(),
        }
    }

    /// The next line; its sources, roles and actions go to `pool`.
    pub fn line(&mut self, pool: &mut Vec<usize>) -> LineRecord<'a> {
        let flags = self.num();
        let sources = self.indices(pool);
        let target = (flags & LINE_TARGET != 0).then(|| self.ix());
        let trigger = if flags & LINE_TIMEOUT != 0 {
            let seconds = self.num();
            let written = self.str();
            let label = (flags & LINE_TIMEOUT_LABEL != 0).then(|| self.str());
            Trigger::Timeout {
                seconds,
                written,
                label,
            }
        } else {
            Trigger::Event(self.ix())
        };
        let roles = self.indices(pool);
        let guard = (flags & LINE_GUARD != 0).then(|| self.ix());
        let guard_description = (flags & LINE_GUARD_DESCRIPTION != 0).then(|| self.str());
        let actions = self.indices(pool);
        let note = (flags & LINE_NOTE != 0).then(|| self.str());
        let doc = (flags & LINE_DOC != 0).then(|| self.str());
        let line = u32::try_from(self.num()).unwrap_or(u32::MAX);
        let dead_in = if flags & LINE_DEAD_IN != 0 {
            self.indices(pool)
        } else {
            pool.len()..pool.len()
        };
        LineRecord {
            sources,
            from_any: flags & LINE_FROM_ANY != 0,
            target,
            trigger,
            roles,
            guard,
            guard_description,
            actions,
            note,
            doc,
            line,
            dead_in,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_rng::Rng;
    use alloc::vec;

    #[test]
    fn numbers_round_trip_as_leb128() {
        let cases = [
            (0u64, vec![0x00]),
            (1, vec![0x01]),
            (127, vec![0x7f]),
            (128, vec![0x80, 0x01]),
            (300, vec![0xac, 0x02]),
            (16_383, vec![0xff, 0x7f]),
            (16_384, vec![0x80, 0x80, 0x01]),
        ];
        for (v, bytes) in cases {
            let mut out = Vec::new();
            write_num(&mut out, v);
            assert_eq!(out, bytes, "{v}");
            assert_eq!(Reader::new(&out, "").num(), v);
        }
        let mut out = Vec::new();
        write_num(&mut out, u64::MAX);
        assert_eq!(out.len(), 10);
        let mut r = Reader::new(&out, "");
        assert_eq!(r.num(), u64::MAX);
        assert!(r.is_empty());
        for shift in 0..64 {
            for v in [1u64 << shift, (1u64 << shift) - 1, (1u64 << shift) + 1] {
                let mut out = Vec::new();
                write_num(&mut out, v);
                assert_eq!(Reader::new(&out, "").num(), v);
            }
        }
    }

    #[test]
    fn signed_numbers_round_trip_as_zigzag() {
        assert_eq!(zigzag(0), 0);
        assert_eq!(zigzag(-1), 1);
        assert_eq!(zigzag(1), 2);
        assert_eq!(zigzag(-2), 3);
        for i in [0, 1, -1, 63, -64, 64, i64::MAX, i64::MIN, i64::MIN + 1] {
            assert_eq!(unzigzag(zigzag(i)), i, "{i}");
        }
    }

    #[test]
    fn codes_round_trip_and_strings_are_written_once() {
        let codes = [
            Code::Int(0),
            Code::Int(-5),
            Code::Int(i64::MIN),
            Code::Int(i64::MAX),
            Code::Str("WAIT_PAY"),
            Code::Str(""),
            Code::Str("待付款"),
            Code::Str("WAIT_PAY"),
        ];
        let mut strings = Strings::default();
        let mut out = Vec::new();
        strings.codes(&mut out, &codes);
        assert_eq!(strings.text, "WAIT_PAY待付款");
        let mut r = Reader::new(&out, &strings.text);
        let mut pool = Vec::new();
        let range = r.codes(&mut pool);
        assert_eq!(&pool[range], &codes[..]);
        assert!(r.is_empty());
    }

    fn sample_states() -> Vec<State<'static>> {
        const OWN: &[Code<'static>] = &[Code::Int(10), Code::Str("WAIT")];
        const LEGACY: &[Code<'static>] = &[Code::Int(-3), Code::Int(4)];
        const SYSTEMS: &[SystemCodes<'static>] = &[
            SystemCodes {
                system: 0,
                shared: true,
                codes: LEGACY,
            },
            SystemCodes {
                system: 2,
                shared: false,
                codes: &[],
            },
        ];
        vec![
            State {
                id: "Created",
                label: "待付款",
                doc: Some("An order\nwaiting."),
                initial: true,
                is_final: false,
                codes: OWN,
                systems: SYSTEMS,
            },
            State {
                id: "Paid",
                label: "Paid",
                doc: None,
                initial: false,
                is_final: false,
                codes: &[],
                systems: &[],
            },
            State {
                id: "Closed",
                label: "Created",
                doc: Some(""),
                initial: false,
                is_final: true,
                codes: LEGACY,
                systems: &SYSTEMS[1..],
            },
        ]
    }

    fn sample_lines() -> Vec<Line<'static>> {
        let plain = Line {
            sources: &[0],
            from_any: false,
            target: Some(1),
            trigger: Trigger::Event(0),
            roles: &[],
            guard: None,
            guard_description: None,
            actions: &[],
            note: None,
            doc: None,
            line: 7,
            dead_in: &[],
        };
        vec![
            plain,
            Line {
                sources: &[0, 1, 3],
                from_any: true,
                target: None,
                trigger: Trigger::Timeout {
                    seconds: 1_800,
                    written: "30m",
                    label: Some("付款提醒"),
                },
                roles: &[1, 0],
                guard: Some(2),
                guard_description: Some("paid in full"),
                actions: &[0, 4, 0],
                note: Some("Created"),
                doc: Some("A reminder."),
                line: u32::MAX,
                dead_in: &[3, 0],
            },
            Line {
                trigger: Trigger::Timeout {
                    seconds: u64::MAX,
                    written: "",
                    label: None,
                },
                target: Some(0),
                guard: Some(0),
                ..plain
            },
            Line {
                guard_description: Some("described without a guard"),
                sources: &[],
                line: 0,
                ..plain
            },
        ]
    }

    /// Decoded states with their lists resolved: (record, own codes, systems with codes).
    type Resolved<'a> = (
        StateRecord<'a>,
        Vec<Code<'a>>,
        Vec<(usize, bool, Vec<Code<'a>>)>,
    );

    fn read_states(p: &PackedMachine) -> Vec<Resolved<'_>> {
        let mut r = Reader::new(&p.states, &p.text);
        let (mut codes, mut systems) = (Vec::new(), Vec::new());
        let records: Vec<_> = (0..p.n_states)
            .map(|_| r.state(&mut codes, &mut systems))
            .collect();
        assert!(r.is_empty(), "every byte of the states is read");
        records
            .into_iter()
            .map(|s| {
                let own = codes[s.codes.clone()].to_vec();
                let sys = systems[s.systems.clone()]
                    .iter()
                    .map(|x| (x.system, x.shared, codes[x.codes.clone()].to_vec()))
                    .collect();
                (s, own, sys)
            })
            .collect()
    }

    #[test]
    fn states_round_trip() {
        let states = sample_states();
        let mut w = Writer::new();
        for s in &states {
            w.state(s);
        }
        let p = w.finish();
        assert_eq!(p.n_states, 3);
        assert_eq!(p.n_lines, 0);
        let back = read_states(&p);
        assert_eq!(back.len(), states.len());
        for (s, (rec, own, sys)) in states.iter().zip(back) {
            assert_eq!(rec.id, s.id);
            assert_eq!(rec.label, s.label);
            assert_eq!(rec.doc, s.doc);
            assert_eq!(rec.initial, s.initial);
            assert_eq!(rec.is_final, s.is_final);
            assert_eq!(own, s.codes);
            let want: Vec<_> = s
                .systems
                .iter()
                .map(|x| (x.system, x.shared, x.codes.to_vec()))
                .collect();
            assert_eq!(sys, want);
        }
        // A label equal to the id is left out; "Created" is written once for three uses.
        assert_eq!(p.text.matches("Created").count(), 1);
        assert_eq!(p.states[0], (STATE_INITIAL | STATE_LABEL | STATE_DOC) as u8);
    }

    #[test]
    fn lines_round_trip() {
        let lines = sample_lines();
        let mut w = Writer::new();
        for l in &lines {
            w.line(l);
        }
        let p = w.finish();
        assert_eq!(p.n_lines, lines.len());
        let mut r = Reader::new(&p.lines, &p.text);
        let mut pool = Vec::new();
        for l in &lines {
            let rec = r.line(&mut pool);
            assert_eq!(&pool[rec.sources.clone()], l.sources);
            assert_eq!(rec.from_any, l.from_any);
            assert_eq!(rec.target, l.target);
            assert_eq!(rec.trigger, l.trigger);
            assert_eq!(&pool[rec.roles.clone()], l.roles);
            assert_eq!(rec.guard, l.guard);
            assert_eq!(rec.guard_description, l.guard_description);
            assert_eq!(&pool[rec.actions.clone()], l.actions);
            assert_eq!(rec.note, l.note);
            assert_eq!(rec.doc, l.doc);
            assert_eq!(rec.line, l.line);
            assert_eq!(&pool[rec.dead_in.clone()], l.dead_in);
        }
        assert!(r.is_empty());
    }

    #[test]
    fn flags_are_distinct_bits() {
        let state = [STATE_INITIAL, STATE_FINAL, STATE_LABEL, STATE_DOC];
        let line = [
            LINE_FROM_ANY,
            LINE_TARGET,
            LINE_TIMEOUT,
            LINE_TIMEOUT_LABEL,
            LINE_GUARD,
            LINE_GUARD_DESCRIPTION,
            LINE_NOTE,
            LINE_DOC,
            LINE_DEAD_IN,
        ];
        for set in [&state[..], &line[..]] {
            for (i, a) in set.iter().enumerate() {
                assert_eq!(a.count_ones(), 1);
                for b in &set[i + 1..] {
                    assert_eq!(a & b, 0);
                }
            }
        }
        assert_ne!(CODE_INT, CODE_STR);
    }

    #[test]
    fn bad_bytes_never_panic_and_lists_stay_within_the_data() {
        let mut w = Writer::new();
        for s in &sample_states() {
            w.state(s);
        }
        for l in &sample_lines() {
            w.line(l);
        }
        let good = w.finish();
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let texts = ["", "abc", good.text.as_str()];
        for round in 0..4_000 {
            let text = texts[round % texts.len()];
            let data = match round % 4 {
                // Truncated and mutated real records.
                0 => good.states[..(rng.next() as usize) % (good.states.len() + 1)].to_vec(),
                1 => {
                    let mut d = good.lines.clone();
                    for _ in 0..3 {
                        let at = (rng.next() as usize) % d.len();
                        d[at] = rng.next() as u8;
                    }
                    d
                }
                // Continuation bytes only, and huge counts.
                2 => vec![0xff; (rng.next() % 40) as usize],
                _ => rng.bytes(64),
            };
            let mut r = Reader::new(&data, text);
            let (mut codes, mut systems, mut pool) = (Vec::new(), Vec::new(), Vec::new());
            for _ in 0..8 {
                let s = r.state(&mut codes, &mut systems);
                assert!(s.codes.end <= codes.len() && s.systems.end <= systems.len());
                let l = r.line(&mut pool);
                assert!(l.actions.end <= pool.len() && l.dead_in.end <= pool.len());
            }
            assert!(codes.len() + systems.len() + pool.len() <= 16 * (data.len() + 1));
        }
    }
}
