//! Which findings about lines a warning about the graph follows from.

use std::collections::VecDeque;

use super::Analysis;
use crate::diag::Cause;
use crate::model::{StateIx, TransitionIx};

/// A line written from a state that can never be taken there, with the finding that says so.
pub type Killed = (StateIx, TransitionIx, Cause);

/// What the findings about lines take out of a machine's graph, and so which warnings about
/// the graph follow from them.
///
/// A line out of a final state (E0009, or W0006 for a timeout) and a line that another one
/// always wins over (E0010, E0011) are written but can never be taken there: the checks
/// see the graph of lines that can be taken, so a state reached only through such a line
/// "can never be reached" and a state left only through one "has no way out". Those
/// warnings are true of the spec as written, but the author should fix the cause first, so
/// each one names the findings without which it would not hold: the dead lines on a shortest
/// path that the author meant (the graph with the dead lines restored).
///
/// The meant graph is the [live-line graph](super::LiveGraph) with the dead lines added
/// after each state's live lines, in the order the checks found them.
#[derive(Clone, Debug, Default)]
pub struct Consequences {
    /// The dead lines as steps (from, to, the finding that kills it), by `from`, each
    /// state's in the order found.
    dead_out: Vec<(usize, usize, Cause)>,
    /// Per state, the step before it on a shortest meant path from the initial state: the
    /// state before, and the finding that kills the line, if it is dead.
    from_initial: Vec<Option<(usize, Option<Cause>)>>,
    /// Per state, the next step on a shortest meant path to a final state.
    to_final: Vec<Option<(usize, Option<Cause>)>>,
}

impl Consequences {
    /// The meant graph of `an`'s machine with the `killed` lines restored. Without dead
    /// lines no warning follows from one, and nothing is searched.
    pub fn new(an: &Analysis<'_>, killed: &[Killed]) -> Self {
        let m = an.machine();
        let n = m.states.len();
        let dead: Vec<(usize, usize, Cause)> = killed
            .iter()
            .map(|&(s, line, cause)| (s.index(), m.transition(line).target_from(s).index(), cause))
            .filter(|&(a, b, _)| a < n && b < n)
            .collect();
        if dead.is_empty() {
            return Consequences::default();
        }
        let mut dead_out = dead.clone();
        dead_out.sort_by_key(|&(a, _, _)| a);
        let mut dead_in = dead;
        dead_in.sort_by_key(|&(_, b, _)| b);
        // Each state's steps in the meant graph: its live lines, then its dead lines.
        let graph = an.graph();
        let meant_out = |a: usize| {
            let live = graph.out(StateIx(a as u32)).iter();
            let dead = steps_of(&dead_out, a, |d| d.0);
            live.map(|&(_, b)| (b.index(), None))
                .chain(dead.map(|&(_, b, c)| (b, Some(c))))
        };
        let meant_in = |b: usize| {
            let live = graph.incoming(StateIx(b as u32)).iter();
            let dead = steps_of(&dead_in, b, |d| d.1);
            live.map(|a| (a.index(), None))
                .chain(dead.map(|&(a, _, c)| (a, Some(c))))
        };
        let mut from_initial = vec![None; n];
        if let Some(init) = m.initial.map(StateIx::index).filter(|&i| i < n) {
            let mut seen = vec![false; n];
            seen[init] = true;
            let mut q = VecDeque::from([init]);
            while let Some(a) = q.pop_front() {
                for (b, cause) in meant_out(a) {
                    if !seen[b] {
                        seen[b] = true;
                        from_initial[b] = Some((a, cause));
                        q.push_back(b);
                    }
                }
            }
        }
        let mut to_final = vec![None; n];
        let mut seen: Vec<bool> = m.states.iter().map(|s| s.is_final).collect();
        let mut q: VecDeque<usize> = (0..n).filter(|&i| seen[i]).collect();
        while let Some(b) = q.pop_front() {
            for (a, cause) in meant_in(b) {
                if !seen[a] {
                    seen[a] = true;
                    to_final[a] = Some((b, cause));
                    q.push_back(a);
                }
            }
        }
        Consequences {
            dead_out,
            from_initial,
            to_final,
        }
    }

    /// The causes on a chain of steps from `s` (each step: the next state and its cause).
    fn along(steps: &[Option<(usize, Option<Cause>)>], s: StateIx) -> Vec<Cause> {
        let mut causes = Vec::new();
        let mut at = s.index();
        // A chain never visits a state twice; the bound guards against a broken one.
        for _ in 0..steps.len() {
            let Some(Some((next, cause))) = steps.get(at) else {
                break;
            };
            causes.extend(*cause);
            at = *next;
        }
        causes
    }

    /// Why `s`, which no line that can be taken reaches, can never be reached: the dead
    /// lines on a shortest path the author wrote to it (none: no path was written).
    pub fn unreachable(&self, s: StateIx) -> Vec<Cause> {
        Self::along(&self.from_initial, s)
    }

    /// Why `s` has no way out: the dead lines written out of it.
    pub fn dead_end(&self, s: StateIx) -> Vec<Cause> {
        steps_of(&self.dead_out, s.index(), |d| d.0)
            .filter(|&&(_, b, _)| b != s.index())
            .map(|&(_, _, c)| c)
            .collect()
    }

    /// Why no final state can be reached from `s`: the dead lines on a shortest path the
    /// author wrote from it to a final state.
    pub fn no_final(&self, s: StateIx) -> Vec<Cause> {
        Self::along(&self.to_final, s)
    }
}

/// The steps of `sorted` (sorted by `key`) whose key is `k`.
fn steps_of<T>(sorted: &[T], k: usize, key: impl Fn(&T) -> usize) -> impl Iterator<Item = &T> {
    let a = sorted.partition_point(|x| key(x) < k);
    let b = sorted.partition_point(|x| key(x) <= k);
    sorted[a..b].iter()
}
