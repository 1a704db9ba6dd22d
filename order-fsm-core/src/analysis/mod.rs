//! What the checks, the rule prover and the tools derive from one machine, built once per
//! machine: the [interpreter](crate::interp), the [liveness](crate::liveness) of every line,
//! the graph of live lines ([`LiveGraph`]), which states the initial state reaches (with a
//! shortest path to each) and which states can still reach a final state.
//!
//! [`Consequences`] adds to it the lines the checks find written but dead, to say which
//! findings a warning about the graph follows from.
//!
//! ```
//! use order_fsm_core::analysis::Analysis;
//! let out = order_fsm_core::compile("a.fsm", r#"
//! machine M "m" {
//!   state A "甲" initial
//!   state B "乙"
//!   state C "丙" final
//!   event Go "走"
//!   A -> B on Go
//!   B -> C after 1d
//! }
//! "#);
//! let m = &out.spec.unwrap().machines[0];
//! let an = Analysis::new(m);
//! let (a, c) = (m.state_ix("A").unwrap(), m.state_ix("C").unwrap());
//! assert!(an.is_reachable(c) && an.can_finish(a));
//! assert_eq!(an.graph().out(a).len(), 1);
//! ```

mod consequences;
mod graph;

use std::collections::VecDeque;
use std::sync::OnceLock;

pub use consequences::{Consequences, Killed};
pub use graph::LiveGraph;

use crate::interp::Interpreter;
use crate::liveness::Liveness;
use crate::model::{Machine, StateIx, TransitionIx};

/// Everything derived from one machine's meaning, each part built once. See the
/// [module](self) docs.
///
/// The interpreter and the liveness are built with it; the live-line graph and the searches
/// over it the first time one of them is asked for, so a reader that needs only the
/// liveness (a machine whose names did not all resolve, `diff`) does not pay for them.
#[derive(Clone, Debug)]
pub struct Analysis<'m> {
    live: Liveness<'m>,
    paths: OnceLock<Paths>,
}

/// The live-line graph and the two searches over it.
#[derive(Clone, Debug)]
struct Paths {
    graph: LiveGraph,
    /// Per state: the step that first reaches it on a breadth-first search of the live-line
    /// graph from the initial state (`None` for the initial state and unreachable states).
    from_initial: Vec<Option<(StateIx, TransitionIx)>>,
    reachable: Vec<bool>,
    /// Per state: whether some path of live lines leads from it to a final state.
    can_finish: Vec<bool>,
}

impl Paths {
    /// The graph and two breadth-first searches: linear in states plus live lines.
    fn new(live: &Liveness<'_>) -> Self {
        let m = live.interpreter().machine;
        let graph = LiveGraph::new(live);
        let n = m.states.len();
        let mut from_initial = vec![None; n];
        let mut reachable = vec![false; n];
        if let Some(init) = m.initial.filter(|i| i.index() < n) {
            reachable[init.index()] = true;
            let mut q = VecDeque::from([init]);
            while let Some(s) = q.pop_front() {
                for &(line, to) in graph.out(s) {
                    if !reachable[to.index()] {
                        reachable[to.index()] = true;
                        from_initial[to.index()] = Some((s, line));
                        q.push_back(to);
                    }
                }
            }
        }
        let mut can_finish: Vec<bool> = m.states.iter().map(|s| s.is_final).collect();
        let mut q: VecDeque<StateIx> = (0..n as u32)
            .map(StateIx)
            .filter(|s| can_finish[s.index()])
            .collect();
        while let Some(s) = q.pop_front() {
            for &p in graph.incoming(s) {
                if !can_finish[p.index()] {
                    can_finish[p.index()] = true;
                    q.push_back(p);
                }
            }
        }
        Paths {
            graph,
            from_initial,
            reachable,
            can_finish,
        }
    }
}

impl<'m> Analysis<'m> {
    /// The interpreter and the liveness: one pass over each (state, event) cell per role it
    /// names, linear in candidate lines for the usual specs.
    pub fn new(m: &'m Machine) -> Self {
        Analysis {
            live: Liveness::new(Interpreter::new(m)),
            paths: OnceLock::new(),
        }
    }

    fn paths(&self) -> &Paths {
        self.paths.get_or_init(|| Paths::new(&self.live))
    }

    /// The machine analysed.
    pub fn machine(&self) -> &'m Machine {
        self.live.interpreter().machine
    }

    /// The machine's interpreter.
    pub fn interp(&self) -> &Interpreter<'m> {
        self.live.interpreter()
    }

    /// Which lines can be taken where, and why the others cannot.
    pub fn live(&self) -> &Liveness<'m> {
        &self.live
    }

    /// The graph of live lines.
    pub fn graph(&self) -> &LiveGraph {
        &self.paths().graph
    }

    /// Whether some path of live lines leads from the initial state to `s` (the initial
    /// state included). Never, when the machine has no initial state.
    pub fn is_reachable(&self, s: StateIx) -> bool {
        self.paths()
            .reachable
            .get(s.index())
            .copied()
            .unwrap_or(false)
    }

    /// The step into `s` on a shortest path from the initial state, as a breadth-first
    /// search that tries each state's lines in line order finds it: the state before and
    /// the line. `None` for the initial state and for a state not reachable.
    pub fn step_from_initial(&self, s: StateIx) -> Option<(StateIx, TransitionIx)> {
        self.paths().from_initial.get(s.index()).copied().flatten()
    }

    /// Whether some path of live lines leads from `s` to a final state (a final state
    /// included).
    pub fn can_finish(&self, s: StateIx) -> bool {
        self.paths()
            .can_finish
            .get(s.index())
            .copied()
            .unwrap_or(false)
    }

    /// Whether some live line takes `s` to another state.
    pub fn has_way_out(&self, s: StateIx) -> bool {
        self.graph().out(s).iter().any(|&(_, to)| to != s)
    }
}
