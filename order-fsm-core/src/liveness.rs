//! Which lines can ever be taken, per state and per role, and why the others cannot.
//!
//! Everything here follows from how the [interpreter](crate::interp) decides, and uses its
//! candidate order ([`Interpreter::events_of`], [`Interpreter::timeouts`]) and its role check
//! ([`Interpreter::allows`]):
//!
//! - For an event in a state, an actor's candidates are the lines that pass its role check,
//!   in the interpreter's order. A candidate is taken when every candidate before it was
//!   refused, and a candidate is refused only when it has a guard that says no. Each guard is
//!   asked at most once per decision, so a guard that said no for an earlier line says no
//!   again for a later one.
//! - So a candidate can never be taken by that actor exactly when an earlier candidate has
//!   no guard, or has the same guard: whatever the guards answer, that earlier line wins.
//!   The first such line is its [`Shadow`].
//! - Timeouts are the same with the clock as the only actor: whenever a timeout is due,
//!   every timeout before it in the interpreter's order (shorter or equal delays) is due too,
//!   so an earlier timeout without a guard, or with the same guard, always fires first.
//!   A reminder (a timeout without a target) takes no decision, so it never wins over a
//!   later line; it is dead itself when an earlier leaving timeout always wins (one due
//!   at the same moment comes first, so it runs).
//!
//! A line is **live** in a state when some actor can take it there. The actors are the
//! roles the machine declares; a machine that declares none has one actor, any caller. The
//! trusted caller (an event fired with no role) adds nothing: its candidates include every
//! role's, so a line no role can take is shadowed for it too.
//!
//! Final states accept nothing, so no line is live in them (the checks report lines out of
//! final states on their own).
//!
//! Building a [`Liveness`] costs one pass over each (state, event) cell per distinct role
//! the cell names, plus one: linear in the number of candidate lines for the usual specs.
//!
//! ```
//! use order_fsm_core::{interp::Interpreter, liveness::Liveness, model::TransitionIx};
//! let out = order_fsm_core::compile("go.fsm", r#"
//! machine M "m" {
//!   role r1 "一"
//!   role r2 "二"
//!   state A "甲" initial
//!   state B "乙" final
//!   state C "丙" final
//!   event Go "走" by r1, r2
//!   A -> B on Go by r1
//!   A -> C on Go
//! }
//! "#);
//! let m = &out.spec.unwrap().machines[0];
//! let live = Liveness::new(Interpreter::new(m));
//! let a = m.state_ix("A").unwrap();
//! // The second line is dead for r1 (the first line wins), live for r2.
//! assert!(live.is_live(a, TransitionIx(1)));
//! assert!(!live.is_live_for(a, TransitionIx(1), m.role_ix("r1")));
//! assert!(live.is_live_for(a, TransitionIx(1), m.role_ix("r2")));
//! ```

use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::interp::Interpreter;
use crate::model::{GuardIx, RoleIx, StateIx, TransitionIx};

/// Why a line can never be taken: the earlier line that always wins over it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Shadow {
    /// The line taken (or timeout fired) instead.
    pub by: TransitionIx,
    pub reason: Reason,
}

/// Why the shadowing line always wins.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reason {
    /// It has no guard, so it is taken whenever it is tried.
    NoGuard,
    /// It has the same guard: when the guard says yes it is taken first, and when it says
    /// no, it says no for the later line too.
    SameGuard { guard: GuardIx },
}

/// What a line is, in one state, for one actor.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Verdict {
    /// It can be taken, for some guard answers (and waiting times).
    Live,
    /// It is never a candidate: another state's line, a final state, or a role it does not
    /// allow.
    NotCandidate,
    /// It is a candidate, but an earlier line always wins.
    Shadowed(Shadow),
}

#[derive(Clone, Copy, Debug)]
struct Entry {
    line: TransitionIx,
    /// `None`: live for some actor. Otherwise the shadow for the first actor.
    shadow: Option<Shadow>,
}

/// The liveness of every line in every state of a machine. See the [module](self) docs.
/// It keeps the interpreter it was derived from.
#[derive(Clone, Debug)]
pub struct Liveness<'m> {
    interp: Interpreter<'m>,
    /// `entries[state_start[s]..state_start[s + 1]]`: the lines tried in state `s`, sorted
    /// by line.
    state_start: Vec<u32>,
    entries: Vec<Entry>,
    /// Per line: in how many states it is tried, and in how many it is live.
    tried: Vec<u32>,
    live: Vec<u32>,
}

impl<'m> Liveness<'m> {
    pub fn new(interp: Interpreter<'m>) -> Self {
        let m = interp.machine;
        let n_lines = m.transitions.len();
        let mut state_start = Vec::with_capacity(m.states.len() + 1);
        let mut entries = Vec::new();
        let mut tried = vec![0u32; n_lines];
        let mut live = vec![0u32; n_lines];
        let mut scan = Scan::new(&interp);
        let mut cell: Vec<Entry> = Vec::new();
        for s in 0..m.states.len() as u32 {
            let state = StateIx(s);
            state_start.push(entries.len() as u32);
            if m.state(state).is_final {
                continue;
            }
            cell.clear();
            for (_, cands) in interp.events_of(state) {
                scan.event_cell(cands, &mut cell);
            }
            scan.cell(interp.timeouts(state), &[None], &mut cell);
            // A line listed twice for one state is decided by its first place.
            cell.sort_by_key(|e| e.line);
            cell.dedup_by_key(|e| e.line);
            for e in &cell {
                if let Some(t) = tried.get_mut(e.line.index()) {
                    *t += 1;
                }
                if e.shadow.is_none() {
                    if let Some(l) = live.get_mut(e.line.index()) {
                        *l += 1;
                    }
                }
            }
            entries.extend_from_slice(&cell);
        }
        state_start.push(entries.len() as u32);
        Liveness {
            interp,
            state_start,
            entries,
            tried,
            live,
        }
    }

    /// The interpreter this was derived from.
    pub fn interpreter(&self) -> &Interpreter<'m> {
        &self.interp
    }

    fn entries_of(&self, state: StateIx) -> &[Entry] {
        match (
            self.state_start.get(state.index()),
            self.state_start.get(state.index() + 1),
        ) {
            (Some(&a), Some(&b)) => &self.entries[a as usize..b as usize],
            _ => &[],
        }
    }

    fn entry(&self, state: StateIx, line: TransitionIx) -> Option<&Entry> {
        let es = self.entries_of(state);
        es.binary_search_by_key(&line, |e| e.line)
            .ok()
            .map(|i| &es[i])
    }

    /// Whether some actor can take `line` in `state`.
    pub fn is_live(&self, state: StateIx, line: TransitionIx) -> bool {
        self.entry(state, line).is_some_and(|e| e.shadow.is_none())
    }

    /// Whether `line` is tried in `state` at all (the state is one of its sources and not
    /// final).
    pub fn is_tried(&self, state: StateIx, line: TransitionIx) -> bool {
        self.entry(state, line).is_some()
    }

    /// Whether `actor` (`None`: a trusted caller) can take `line` in `state`.
    pub fn is_live_for(&self, state: StateIx, line: TransitionIx, actor: Option<RoleIx>) -> bool {
        self.verdict(state, line, actor) == Verdict::Live
    }

    /// What `line` is in `state` for `actor` (`None`: a trusted caller). Timeouts ignore
    /// the actor.
    pub fn verdict(&self, state: StateIx, line: TransitionIx, actor: Option<RoleIx>) -> Verdict {
        let m = self.interp.machine;
        let Some(t) = m.transitions.get(line.index()) else {
            return Verdict::NotCandidate;
        };
        if self.entry(state, line).is_none() {
            return Verdict::NotCandidate;
        }
        let (cands, actor) = match t.event() {
            Some(e) => (self.interp.candidates(state, e), actor),
            None => (self.interp.timeouts(state), None),
        };
        if !self.interp.allows(line, actor) {
            return Verdict::NotCandidate;
        }
        let Some(pos) = cands.iter().position(|&c| c == line) else {
            return Verdict::NotCandidate;
        };
        match first_winner(&self.interp, &cands[..pos], line, actor) {
            Some(s) => Verdict::Shadowed(s),
            None => Verdict::Live,
        }
    }

    /// The actors considered for `line`: the roles that may take it, or `[None]` (any caller)
    /// when the machine declares no roles, or for a timeout.
    pub fn actors(&self, line: TransitionIx) -> Vec<Option<RoleIx>> {
        let m = self.interp.machine;
        let Some(t) = m.transitions.get(line.index()) else {
            return Vec::new();
        };
        if t.event().is_none() || m.roles.is_empty() {
            return vec![None];
        }
        let own = m.allowed_roles(t);
        if own.is_empty() {
            (0..m.roles.len() as u32).map(|r| Some(RoleIx(r))).collect()
        } else {
            own.iter().map(|&r| Some(r)).collect()
        }
    }

    /// For a line that no actor can take in `state`: each actor with the line that wins for
    /// it. Empty when the line is live there, or not tried there.
    pub fn shadows(&self, state: StateIx, line: TransitionIx) -> Vec<(Option<RoleIx>, Shadow)> {
        match self.entry(state, line) {
            Some(Entry {
                shadow: Some(_), ..
            }) => self
                .actors(line)
                .into_iter()
                .filter_map(|a| match self.verdict(state, line, a) {
                    Verdict::Shadowed(s) => Some((a, s)),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The lines some actor can take in `state`, in line order.
    pub fn live_lines(&self, state: StateIx) -> impl Iterator<Item = TransitionIx> + '_ {
        self.entries_of(state)
            .iter()
            .filter(|e| e.shadow.is_none())
            .map(|e| e.line)
    }

    /// The lines tried in `state` that no actor can ever take, each with the shadow for the
    /// first of its actors, in line order.
    pub fn dead_lines(&self, state: StateIx) -> impl Iterator<Item = (TransitionIx, Shadow)> + '_ {
        self.entries_of(state)
            .iter()
            .filter_map(|e| e.shadow.map(|s| (e.line, s)))
    }

    /// In how many states `line` is tried, and in how many of them it is live.
    pub fn counts(&self, line: TransitionIx) -> (usize, usize) {
        (
            self.tried.get(line.index()).map_or(0, |&n| n as usize),
            self.live.get(line.index()).map_or(0, |&n| n as usize),
        )
    }

    /// Whether `line` can be taken in at least one state.
    pub fn is_live_anywhere(&self, line: TransitionIx) -> bool {
        self.counts(line).1 > 0
    }

    /// The sources of `line` in which no actor can ever take it (a final state, or a state
    /// where an earlier line always wins), in the order the line lists its sources. The
    /// runtime metadata carries them (`TransitionInfo::dead_in`), so that the database
    /// allows exactly the steps some line can take.
    pub fn dead_sources(&self, line: TransitionIx) -> Vec<StateIx> {
        let m = self.interp.machine;
        m.transitions.get(line.index()).map_or_else(Vec::new, |t| {
            t.sources
                .iter()
                .copied()
                .filter(|&s| !self.is_live(s, line))
                .collect()
        })
    }
}

/// The first of `earlier` (an actor's candidates before `line`, in order) that always wins
/// over `line`.
fn first_winner(
    interp: &Interpreter<'_>,
    earlier: &[TransitionIx],
    line: TransitionIx,
    actor: Option<RoleIx>,
) -> Option<Shadow> {
    let m = interp.machine;
    let guard = m.transition(line).guard.as_ref().map(|g| g.guard);
    earlier
        .iter()
        .filter(|&&c| interp.allows(c, actor) && !m.transition(c).is_reminder())
        .find_map(|&c| match m.transition(c).guard.as_ref().map(|g| g.guard) {
            None => Some(Shadow {
                by: c,
                reason: Reason::NoGuard,
            }),
            Some(g) if Some(g) == guard => Some(Shadow {
                by: c,
                reason: Reason::SameGuard { guard: g },
            }),
            Some(_) => None,
        })
}

/// Scratch space for judging cells.
struct Scan<'a> {
    interp: &'a Interpreter<'a>,
    /// Per position in the cell: live for some actor so far, and the first actor's shadow.
    live: Vec<bool>,
    shadow: Vec<Option<Shadow>>,
    judged: Vec<bool>,
    first_with_guard: FxHashMap<GuardIx, usize>,
    actors: Vec<Option<RoleIx>>,
}

impl<'a> Scan<'a> {
    fn new(interp: &'a Interpreter<'a>) -> Self {
        Scan {
            interp,
            live: Vec::new(),
            shadow: Vec::new(),
            judged: Vec::new(),
            first_with_guard: FxHashMap::default(),
            actors: Vec::new(),
        }
    }

    /// The lines for one event in one state. Roles that no line of the cell names all see
    /// the same candidates, so one of them stands for all.
    fn event_cell(&mut self, cands: &[TransitionIx], out: &mut Vec<Entry>) {
        let m = self.interp.machine;
        let mut actors = std::mem::take(&mut self.actors);
        actors.clear();
        if m.roles.is_empty() {
            actors.push(None);
        } else {
            for &c in cands {
                for &r in m.allowed_roles(m.transition(c)) {
                    if !actors.contains(&Some(r)) {
                        actors.push(Some(r));
                    }
                }
            }
            let named = actors.len();
            if let Some(other) =
                (0..m.roles.len() as u32).find(|&r| !actors[..named].contains(&Some(RoleIx(r))))
            {
                actors.push(Some(RoleIx(other)));
            }
        }
        self.cell(cands, &actors, out);
        self.actors = actors;
    }

    /// Judge each line of a cell for each actor, in one pass per actor.
    fn cell(&mut self, cands: &[TransitionIx], actors: &[Option<RoleIx>], out: &mut Vec<Entry>) {
        let m = self.interp.machine;
        let k = cands.len();
        self.live.clear();
        self.live.resize(k, false);
        self.shadow.clear();
        self.shadow.resize(k, None);
        self.judged.clear();
        self.judged.resize(k, false);
        for &actor in actors {
            let mut unguarded: Option<usize> = None;
            self.first_with_guard.clear();
            for (j, &c) in cands.iter().enumerate() {
                if !self.interp.allows(c, actor) {
                    continue;
                }
                let guard = m.transition(c).guard.as_ref().map(|g| g.guard);
                let same = guard.and_then(|g| self.first_with_guard.get(&g).copied());
                let winner = match (unguarded, same) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                };
                match winner {
                    None => self.live[j] = true,
                    Some(w) if !self.judged[j] => {
                        let by = cands[w];
                        self.shadow[j] = Some(Shadow {
                            by,
                            reason: match m.transition(by).guard.as_ref() {
                                None => Reason::NoGuard,
                                Some(g) => Reason::SameGuard { guard: g.guard },
                            },
                        });
                    }
                    Some(_) => {}
                }
                self.judged[j] = true;
                if m.transition(c).is_reminder() {
                    continue;
                }
                match guard {
                    None => {
                        unguarded.get_or_insert(j);
                    }
                    Some(g) => {
                        self.first_with_guard.entry(g).or_insert(j);
                    }
                }
            }
        }
        for (j, &line) in cands.iter().enumerate() {
            out.push(Entry {
                line,
                shadow: if self.live[j] { None } else { self.shadow[j] },
            });
        }
    }
}
