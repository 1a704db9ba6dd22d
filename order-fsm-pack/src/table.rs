//! Fixed-width little-endian tables: the dispatch's cells, lines and slow cells, lists of
//! positions, and the status-code tables. Most are read in place, entry by entry; the
//! layout of each is described in the crate documentation.

use alloc::string::String;
use alloc::vec::Vec;
use core::cmp::Ordering;
use core::ops::Range;

/// Cell op: the state is final.
pub const OP_FINAL: u8 = 0;
/// Cell op: no line handles the event in this state.
pub const OP_NONE: u8 = 1;
/// Cell op: the first candidate has no guard and no action, and its roles fit in a mask:
/// taken at once when the role fits.
pub const OP_FAST: u8 = 2;
/// Cell op: anything else, decided by the general path.
pub const OP_SLOW: u8 = 3;

/// Bytes per [`Cell`]: the op (1), then four `u32`s.
pub const CELL_BYTES: usize = 17;
/// Bytes per [`LineEntry`]: three `u32`s.
pub const LINE_BYTES: usize = 12;
/// The target of a line that keeps the state.
pub const NO_TARGET: u32 = u32::MAX;
/// The timeout index of a state without timeouts.
pub const NO_TIMEOUTS: u32 = u32::MAX;
/// The roles mask of a line open to every role, however many the machine has.
pub const ALL_ROLES: u32 = u32::MAX;
/// Bytes per entry of an integer-code table: a presence byte and an `i64`.
pub const INT_BYTES: usize = 9;
/// Bytes per entry of a text table's spans: start and length, two `u32`s.
pub const SPAN_BYTES: usize = 8;
/// The start of a text table entry without text.
pub const NO_TEXT: u32 = u32::MAX;

/// Appends `v` as a little-endian `u32`; `u32::MAX` when it does not fit.
pub fn push_u32(out: &mut Vec<u8>, v: usize) {
    out.extend_from_slice(&u32::try_from(v).unwrap_or(u32::MAX).to_le_bytes());
}

/// The little-endian `u32` at byte `at`; 0 past the end.
#[inline(always)]
pub fn u32_at(b: &[u8], at: usize) -> u32 {
    match at.checked_add(4).and_then(|end| b.get(at..end)) {
        Some(&[a, b, c, d]) => u32::from_le_bytes([a, b, c, d]),
        _ => 0,
    }
}

/// The little-endian `i64` at byte `at`.
#[inline]
pub fn i64_at(b: &[u8], at: usize) -> Option<i64> {
    match b.get(at..at.checked_add(8)?) {
        Some(&[a, b, c, d, e, f, g, h]) => Some(i64::from_le_bytes([a, b, c, d, e, f, g, h])),
        _ => None,
    }
}

/// A list of positions, a little-endian `u32` each.
#[inline]
pub fn positions(b: &[u8]) -> impl Iterator<Item = usize> + '_ {
    b.chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]) as usize)
}

/// Binary search over `n` sorted entries: `cmp(i)` compares entry `i` with the one wanted
/// (`None` for an entry that cannot be read, which ends the search).
#[inline]
pub fn search(n: usize, cmp: impl Fn(usize) -> Option<Ordering>) -> Option<usize> {
    let (mut lo, mut hi) = (0, n);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        match cmp(mid)? {
            Ordering::Less => lo = mid + 1,
            Ordering::Greater => hi = mid,
            Ordering::Equal => return Some(mid),
        }
    }
    None
}

/// One cell of the state × event table, at `state * n_events + event`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cell {
    /// `OP_*`.
    pub op: u8,
    /// The first candidate's target (the state itself for a line that keeps it).
    pub target: u32,
    /// The first candidate's roles, one bit per role position; [`ALL_ROLES`] for any.
    pub roles: u32,
    /// The first candidate's line.
    pub line: u32,
    /// The position of the cell's slow part.
    pub slow: u32,
}

impl Cell {
    /// Appends the cell.
    pub fn push(&self, out: &mut Vec<u8>) {
        out.push(self.op);
        for v in [self.target, self.roles, self.line, self.slow] {
            out.extend_from_slice(&v.to_le_bytes());
        }
    }

    /// Cell `ix` of `cells`.
    #[inline(always)]
    pub fn at(cells: &[u8], ix: usize) -> Option<Cell> {
        let at = ix.checked_mul(CELL_BYTES)?;
        let c: &[u8; CELL_BYTES] = cells
            .get(at..at.checked_add(CELL_BYTES)?)?
            .try_into()
            .ok()?;
        let [op, t0, t1, t2, t3, r0, r1, r2, r3, l0, l1, l2, l3, s0, s1, s2, s3] = *c;
        Some(Cell {
            op,
            target: u32::from_le_bytes([t0, t1, t2, t3]),
            roles: u32::from_le_bytes([r0, r1, r2, r3]),
            line: u32::from_le_bytes([l0, l1, l2, l3]),
            slow: u32::from_le_bytes([s0, s1, s2, s3]),
        })
    }
}

/// Writes the lines table and the two lists of positions its entries end in: the roles and
/// the actions of every line, one line after the other.
#[derive(Clone, Debug, Default)]
pub struct LineWriter {
    pub lines: Vec<u8>,
    pub roles: Vec<u8>,
    pub actions: Vec<u8>,
    n_roles: usize,
    n_actions: usize,
}

impl LineWriter {
    /// Appends a line: its target (`None`: it keeps the state), roles and actions.
    pub fn push(
        &mut self,
        target: Option<usize>,
        roles: impl IntoIterator<Item = usize>,
        actions: impl IntoIterator<Item = usize>,
    ) {
        for r in roles {
            push_u32(&mut self.roles, r);
            self.n_roles += 1;
        }
        for a in actions {
            push_u32(&mut self.actions, a);
            self.n_actions += 1;
        }
        let target = target.unwrap_or(NO_TARGET as usize);
        for v in [target, self.n_roles, self.n_actions] {
            push_u32(&mut self.lines, v);
        }
    }
}

/// One entry of the lines table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineEntry {
    /// `None` for a line that keeps the state.
    pub target: Option<usize>,
    /// The line's roles in the list of roles.
    pub roles: Range<usize>,
    /// The line's actions in the list of actions.
    pub actions: Range<usize>,
}

/// Entry `ix` of the lines table. Its ranges may be out of order or out of the lists for
/// bad bytes: the caller reads them with `get`.
#[inline]
pub fn line_at(lines: &[u8], ix: usize) -> Option<LineEntry> {
    let at = ix.checked_mul(LINE_BYTES)?;
    let b = lines.get(at..at.checked_add(LINE_BYTES)?)?;
    // Each list starts where the previous line's ends.
    let start = |field: usize| match ix.checked_sub(1) {
        None => 0,
        Some(prev) => u32_at(lines, prev * LINE_BYTES + field) as usize,
    };
    let target = match u32_at(b, 0) {
        NO_TARGET => None,
        t => Some(t as usize),
    };
    Some(LineEntry {
        target,
        roles: start(4)..u32_at(b, 4) as usize,
        actions: start(8)..u32_at(b, 8) as usize,
    })
}

/// The timeout index: per state the position of its timeouts, or [`NO_TIMEOUTS`]; no bytes
/// at all when no state has timeouts.
pub fn timeout_index(slots: impl IntoIterator<Item = Option<usize>>) -> Vec<u8> {
    let mut out = Vec::new();
    let mut any = false;
    for slot in slots {
        any |= slot.is_some();
        push_u32(&mut out, slot.unwrap_or(NO_TIMEOUTS as usize));
    }
    if !any {
        out.clear();
    }
    out
}

/// The position of state `state`'s timeouts in a [`timeout_index`], if it has any.
#[inline]
pub fn timeout_slot(index: &[u8], state: usize) -> Option<usize> {
    let at = state.checked_mul(4)?;
    match u32_at(index, at) {
        NO_TIMEOUTS => None,
        _ if index.len() < at.checked_add(4)? => None,
        i => Some(i as usize),
    }
}

/// A candidate line of a slow cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub line: usize,
    pub guard: Option<usize>,
    /// The slot of its guard among the distinct guards of the cell.
    pub slot: u8,
}

/// Bytes per candidate of a slow cell: line, guard plus one, slot.
const CANDIDATE_BYTES: usize = 9;

/// Appends a slow cell: its candidates, in the order tried, and the roles that may fire the
/// event there.
pub fn push_slow(out: &mut Vec<u8>, cands: &[Candidate], allowed: &[usize]) {
    push_u32(out, cands.len());
    push_u32(out, allowed.len());
    for c in cands {
        push_u32(out, c.line);
        push_u32(out, c.guard.map_or(0, |g| g.saturating_add(1)));
        out.push(c.slot);
    }
    for &r in allowed {
        push_u32(out, r);
    }
}

/// The slow cells of a byte string, in order.
pub fn slow_cells(b: &[u8]) -> SlowCells<'_> {
    SlowCells { b, at: 0 }
}

/// Iterator of [`slow_cells`]. A count larger than the bytes left is cut to what they hold.
#[derive(Clone, Debug)]
pub struct SlowCells<'a> {
    b: &'a [u8],
    at: usize,
}

/// One slow cell, still in bytes.
#[derive(Clone, Copy, Debug)]
pub struct SlowCell<'a> {
    cands: &'a [u8],
    allowed: &'a [u8],
}

impl<'a> SlowCell<'a> {
    /// The candidates, in the order tried.
    pub fn candidates(&self) -> impl Iterator<Item = Candidate> + 'a {
        self.cands.chunks_exact(CANDIDATE_BYTES).map(|c| Candidate {
            line: u32_at(c, 0) as usize,
            guard: (u32_at(c, 4) as usize).checked_sub(1),
            slot: c[8],
        })
    }
    /// The positions of the roles that may fire the event there.
    pub fn allowed(&self) -> impl Iterator<Item = usize> + 'a {
        positions(self.allowed)
    }
}

impl<'a> Iterator for SlowCells<'a> {
    type Item = SlowCell<'a>;
    fn next(&mut self) -> Option<SlowCell<'a>> {
        let (head, rest) = self.b.get(self.at..)?.split_at_checked(8)?;
        let (n, r) = (u32_at(head, 0) as usize, u32_at(head, 4) as usize);
        let (cands, rest) =
            rest.split_at_checked(n.min(rest.len() / CANDIDATE_BYTES) * CANDIDATE_BYTES)?;
        let (allowed, _) = rest.split_at_checked(r.min(rest.len() / 4) * 4)?;
        self.at += head.len() + cands.len() + allowed.len();
        Some(SlowCell { cands, allowed })
    }
}

/// Appends an entry of an integer-code table.
pub fn push_int(out: &mut Vec<u8>, v: Option<i64>) {
    out.push(u8::from(v.is_some()));
    out.extend_from_slice(&v.unwrap_or(0).to_le_bytes());
}

/// Entry `ix` of an integer-code table.
#[inline]
pub fn int_at(b: &[u8], ix: usize) -> Option<i64> {
    let at = ix.checked_mul(INT_BYTES)?;
    match b.get(at)? {
        1 => i64_at(b, at.checked_add(1)?),
        _ => None,
    }
}

/// Writes a text table: one text, and per entry its start and length in it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TextTable {
    pub text: String,
    pub spans: Vec<u8>,
}

impl TextTable {
    /// Appends an entry: a text, or none.
    pub fn push(&mut self, entry: Option<&str>) {
        let (start, len) = match entry {
            Some(t) => {
                let start = self.text.len();
                self.text.push_str(t);
                (start, t.len())
            }
            None => (NO_TEXT as usize, 0),
        };
        push_u32(&mut self.spans, start);
        push_u32(&mut self.spans, len);
    }
}

/// Entry `ix` of a text table.
#[inline]
pub fn str_at<'t>(text: &'t str, spans: &[u8], ix: usize) -> Option<&'t str> {
    let at = ix.checked_mul(SPAN_BYTES)?;
    let start = u32_at(spans, at);
    if start == NO_TEXT || spans.len() < at.checked_add(SPAN_BYTES)? {
        return None;
    }
    let start = start as usize;
    text.get(start..start.saturating_add(u32_at(spans, at + 4) as usize))
}

/// The tables to find a state by an integer code: the codes, sorted, as `i64`s, and the
/// state of each as a list of positions. `codes` are (code, state) pairs in any order;
/// repeated pairs are written once.
pub fn int_keys(mut codes: Vec<(i64, usize)>) -> (Vec<u8>, Vec<u8>) {
    codes.sort();
    codes.dedup();
    let (mut keys, mut states) = (Vec::new(), Vec::new());
    for (c, s) in codes {
        keys.extend_from_slice(&c.to_le_bytes());
        push_u32(&mut states, s);
    }
    (keys, states)
}

/// The position of the state with integer code `code` in [`int_keys`] tables.
pub fn by_int(keys: &[u8], states: &[u8], code: i64) -> Option<usize> {
    let at = search(keys.len() / 8, |i| Some(i64_at(keys, i * 8)?.cmp(&code)))?;
    Some(u32_at(states, at * 4) as usize)
}

/// The tables to find a state by a text code: the codes, sorted, as a text table, and the
/// state of each as a list of positions. `codes` are (code, state) pairs in any order;
/// repeated pairs are written once.
pub fn str_keys(mut codes: Vec<(String, usize)>) -> (TextTable, Vec<u8>) {
    codes.sort();
    codes.dedup();
    let (mut keys, mut states) = (TextTable::default(), Vec::new());
    for (c, s) in &codes {
        keys.push(Some(c));
        push_u32(&mut states, *s);
    }
    (keys, states)
}

/// The position of the state with text code `code` in [`str_keys`] tables.
pub fn by_str(text: &str, spans: &[u8], states: &[u8], code: &str) -> Option<usize> {
    let at = search(spans.len() / SPAN_BYTES, |i| {
        Some(str_at(text, spans, i)?.cmp(code))
    })?;
    Some(u32_at(states, at * 4) as usize)
}

/// The positions of values in the order of their ids (`ids` in spec order), for
/// [`by_id`].
pub fn id_order<'a>(ids: impl IntoIterator<Item = &'a str>) -> Vec<u8> {
    let mut sorted: Vec<(&str, usize)> = ids.into_iter().zip(0..).collect();
    sorted.sort();
    let mut out = Vec::with_capacity(sorted.len() * 4);
    for (_, i) in sorted {
        push_u32(&mut out, i);
    }
    out
}

/// The position of the value with id `id` in an [`id_order`]; `id_of` gives the id of the
/// value at a position.
#[inline]
pub fn by_id<'t>(
    order: &[u8],
    id: &str,
    id_of: impl Fn(usize) -> Option<&'t str>,
) -> Option<usize> {
    let value = |i: usize| u32_at(order, i * 4) as usize;
    let at = search(order.len() / 4, |i| Some(id_of(value(i))?.cmp(id)))?;
    Some(value(at))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_rng::Rng;
    use alloc::vec;

    #[test]
    fn u32s_round_trip_and_saturate() {
        let mut out = Vec::new();
        for v in [0, 1, 0x1234_5678, u32::MAX as usize - 1] {
            push_u32(&mut out, v);
        }
        assert_eq!(&out[4..8], &[1, 0, 0, 0]);
        assert_eq!(
            positions(&out).collect::<Vec<_>>(),
            [0, 1, 0x1234_5678, u32::MAX as usize - 1]
        );
        assert_eq!(u32_at(&out, 8), 0x1234_5678);
        assert_eq!(u32_at(&out, out.len() - 3), 0);
        assert_eq!(u32_at(&out, usize::MAX), 0);
        #[cfg(target_pointer_width = "64")]
        {
            let mut big = Vec::new();
            push_u32(&mut big, 1 << 40);
            assert_eq!(u32_at(&big, 0), u32::MAX);
        }
    }

    #[test]
    fn cells_round_trip() {
        let cells = [
            Cell {
                op: OP_FAST,
                target: 3,
                roles: ALL_ROLES,
                line: 7,
                slow: 0,
            },
            Cell {
                op: OP_SLOW,
                target: u32::MAX - 1,
                roles: 0b101,
                line: 0,
                slow: 42,
            },
            Cell {
                op: OP_FINAL,
                target: 0,
                roles: 0,
                line: 0,
                slow: 0,
            },
        ];
        let mut out = Vec::new();
        for c in &cells {
            c.push(&mut out);
        }
        assert_eq!(out.len(), cells.len() * CELL_BYTES);
        for (i, c) in cells.iter().enumerate() {
            assert_eq!(Cell::at(&out, i), Some(*c));
        }
        assert_eq!(Cell::at(&out, cells.len()), None);
        assert_eq!(Cell::at(&out[..out.len() - 1], cells.len() - 1), None);
        assert_eq!(Cell::at(&out, usize::MAX), None);
        let ops = [OP_FINAL, OP_NONE, OP_FAST, OP_SLOW];
        for (i, a) in ops.iter().enumerate() {
            assert!(ops[i + 1..].iter().all(|b| a != b));
        }
    }

    #[test]
    fn lines_round_trip() {
        let lines: [(Option<usize>, &[usize], &[usize]); 4] = [
            (Some(1), &[0, 2], &[]),
            (None, &[], &[3]),
            (Some(0), &[1], &[0, 0, 1]),
            (Some(5), &[], &[]),
        ];
        let mut w = LineWriter::default();
        for (target, roles, actions) in lines {
            w.push(target, roles.iter().copied(), actions.iter().copied());
        }
        assert_eq!(w.lines.len(), lines.len() * LINE_BYTES);
        let roles: Vec<usize> = positions(&w.roles).collect();
        let actions: Vec<usize> = positions(&w.actions).collect();
        for (i, (target, r, a)) in lines.iter().enumerate() {
            let e = line_at(&w.lines, i).expect("a line");
            assert_eq!(e.target, *target);
            assert_eq!(&roles[e.roles], *r);
            assert_eq!(&actions[e.actions], *a);
        }
        assert_eq!(line_at(&w.lines, lines.len()), None);
        assert_eq!(line_at(&w.lines, usize::MAX), None);
    }

    #[test]
    fn timeout_index_round_trips_and_is_empty_without_timeouts() {
        assert!(timeout_index([None, None]).is_empty());
        let index = timeout_index([None, Some(0), None, Some(1)]);
        let back: Vec<_> = (0..5).map(|s| timeout_slot(&index, s)).collect();
        assert_eq!(back, [None, Some(0), None, Some(1), None]);
        assert_eq!(timeout_slot(&[], 0), None);
        assert_eq!(timeout_slot(&index, usize::MAX), None);
    }

    #[test]
    fn slow_cells_round_trip() {
        let cells: [(&[Candidate], &[usize]); 3] = [
            (
                &[
                    Candidate {
                        line: 4,
                        guard: Some(0),
                        slot: 0,
                    },
                    Candidate {
                        line: 9,
                        guard: None,
                        slot: 0,
                    },
                    Candidate {
                        line: 2,
                        guard: Some(3),
                        slot: 1,
                    },
                ],
                &[1, 0],
            ),
            (&[], &[]),
            (
                &[Candidate {
                    line: 0,
                    guard: Some(1),
                    slot: 255,
                }],
                &[],
            ),
        ];
        let mut out = Vec::new();
        for (c, a) in cells {
            push_slow(&mut out, c, a);
        }
        let back: Vec<_> = slow_cells(&out)
            .map(|s| {
                (
                    s.candidates().collect::<Vec<_>>(),
                    s.allowed().collect::<Vec<_>>(),
                )
            })
            .collect();
        assert_eq!(back.len(), cells.len());
        for ((c, a), (bc, ba)) in cells.iter().zip(&back) {
            assert_eq!(bc, c);
            assert_eq!(ba, a);
        }
    }

    #[test]
    fn code_tables_round_trip() {
        let firsts = [Some(0), None, Some(-7), Some(i64::MAX), Some(i64::MIN)];
        let mut ints = Vec::new();
        for f in firsts {
            push_int(&mut ints, f);
        }
        assert_eq!(ints.len(), firsts.len() * INT_BYTES);
        for (i, f) in firsts.iter().enumerate() {
            assert_eq!(int_at(&ints, i), *f);
        }
        assert_eq!(int_at(&ints, firsts.len()), None);
        assert_eq!(int_at(&ints, usize::MAX), None);

        let texts = [Some("WAIT_PAY"), None, Some(""), Some("已关闭")];
        let mut t = TextTable::default();
        for x in texts {
            t.push(x);
        }
        assert_eq!(t.spans.len(), texts.len() * SPAN_BYTES);
        for (i, x) in texts.iter().enumerate() {
            assert_eq!(str_at(&t.text, &t.spans, i), *x);
        }
        assert_eq!(str_at(&t.text, &t.spans, texts.len()), None);
        assert_eq!(str_at(&t.text, &t.spans, usize::MAX), None);
    }

    #[test]
    fn sorted_keys_find_every_code_and_nothing_else() {
        let codes = vec![(30, 2), (-1, 0), (10, 1), (10, 1), (i64::MAX, 3)];
        let (keys, states) = int_keys(codes.clone());
        assert_eq!(keys.len(), 4 * 8);
        for &(c, s) in &codes {
            assert_eq!(by_int(&keys, &states, c), Some(s), "{c}");
        }
        for miss in [i64::MIN, 0, 11, 29, 31] {
            assert_eq!(by_int(&keys, &states, miss), None, "{miss}");
        }
        let codes: Vec<(String, usize)> = ["WAIT", "PAID", "", "已关闭", "A"]
            .iter()
            .enumerate()
            .map(|(i, c)| (String::from(*c), i))
            .collect();
        let (keys, states) = str_keys(codes.clone());
        for (c, s) in &codes {
            assert_eq!(by_str(&keys.text, &keys.spans, &states, c), Some(*s), "{c}");
        }
        for miss in ["W", "WAITING", "\0", "~"] {
            assert_eq!(
                by_str(&keys.text, &keys.spans, &states, miss),
                None,
                "{miss}"
            );
        }
    }

    #[test]
    fn id_order_finds_every_id() {
        let ids = ["Paid", "Created", "Shipped", "Closed", "paid"];
        let order = id_order(ids);
        assert_eq!(positions(&order).collect::<Vec<_>>(), [3, 1, 0, 2, 4]);
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(by_id(&order, id, |p| ids.get(p).copied()), Some(i), "{id}");
        }
        for miss in ["", "P", "Paidd", "zzz"] {
            assert_eq!(by_id(&order, miss, |p| ids.get(p).copied()), None, "{miss}");
        }
    }

    #[test]
    fn bad_bytes_never_panic() {
        let mut rng = Rng(0xdead_beef_cafe_f00d);
        for round in 0..4_000 {
            let b = if round % 5 == 0 {
                vec![0xff; (rng.next() % 64) as usize]
            } else {
                rng.bytes(80)
            };
            let ix = match round % 3 {
                0 => (rng.next() % 16) as usize,
                1 => rng.next() as usize,
                _ => usize::MAX - (rng.next() % 16) as usize,
            };
            let text = "abc已";
            let _ = Cell::at(&b, ix);
            if let Some(e) = line_at(&b, ix) {
                let _ = (e.roles.len(), e.actions.len());
            }
            let _ = timeout_slot(&b, ix);
            let _ = int_at(&b, ix);
            let _ = str_at(text, &b, ix);
            let _ = by_int(&b, &b, rng.next() as i64);
            let _ = by_str(text, &b, &b, "b");
            let _ = by_id(&b, "x", |p| ["a", "x"].get(p).copied());
            let _ = u32_at(&b, ix);
            let _ = i64_at(&b, ix);
            let mut items = 0;
            for cell in slow_cells(&b) {
                items += cell.candidates().count() + cell.allowed().count() + 1;
            }
            assert!(items <= b.len());
        }
    }
}
