//! The graph of live lines: per state, the live lines that lead somewhere, with their targets.

use crate::liveness::Liveness;
use crate::model::{StateIx, TransitionIx};

/// The live-line graph of one machine, forward and reverse.
///
/// Per state, its live lines with a target, in line order (a line live there for some actor;
/// see [`Liveness`]). A line written without a target keeps the state: it goes nowhere, so
/// it is no step of a path. A line back to its own state (`A -> A`) is a step. The reverse
/// edges of a state list the states with a line into it, by state, each as often as it has
/// such lines.
#[derive(Clone, Debug)]
pub struct LiveGraph {
    /// `edges[start[s]..start[s + 1]]`: the steps out of state `s`.
    start: Vec<u32>,
    edges: Vec<(TransitionIx, StateIx)>,
    /// `redges[rstart[s]..rstart[s + 1]]`: the states with a step into `s`.
    rstart: Vec<u32>,
    redges: Vec<StateIx>,
}

impl LiveGraph {
    pub fn new(live: &Liveness<'_>) -> Self {
        let m = live.interpreter().machine;
        let n = m.states.len();
        let mut start = Vec::with_capacity(n + 1);
        let mut edges = Vec::new();
        let mut indeg = vec![0u32; n];
        for s in 0..n as u32 {
            start.push(edges.len() as u32);
            for line in live.live_lines(StateIx(s)) {
                let Some(to) = m.transition(line).target.filter(|t| t.index() < n) else {
                    continue;
                };
                edges.push((line, to));
                indeg[to.index()] += 1;
            }
        }
        start.push(edges.len() as u32);
        // Reverse edges, by counting sort.
        let mut rstart = Vec::with_capacity(n + 1);
        let mut acc = 0u32;
        for d in &indeg {
            rstart.push(acc);
            acc += d;
        }
        rstart.push(acc);
        let mut fill = rstart.clone();
        let mut redges = vec![StateIx(0); acc as usize];
        for s in 0..n {
            for &(_, to) in &edges[start[s] as usize..start[s + 1] as usize] {
                let slot = &mut fill[to.index()];
                redges[*slot as usize] = StateIx(s as u32);
                *slot += 1;
            }
        }
        LiveGraph {
            start,
            edges,
            rstart,
            redges,
        }
    }

    /// The steps out of `s`: each live line with a target, and the target, in line order.
    pub fn out(&self, s: StateIx) -> &[(TransitionIx, StateIx)] {
        range(&self.start, &self.edges, s)
    }

    /// The states with a step into `s`, by state.
    pub fn incoming(&self, s: StateIx) -> &[StateIx] {
        range(&self.rstart, &self.redges, s)
    }
}

/// `items[starts[s]..starts[s + 1]]`, empty for a state out of range.
fn range<'a, T>(starts: &[u32], items: &'a [T], s: StateIx) -> &'a [T] {
    match (starts.get(s.index()), starts.get(s.index() + 1)) {
        (Some(&a), Some(&b)) => items.get(a as usize..b as usize).unwrap_or(&[]),
        _ => &[],
    }
}
