//! Business rules: sentences about every path through a machine, proved or refuted.
//!
//! A rule is judged over the graph of **live lines** ([`Liveness`]): events, timeouts and
//! `any` lines that some actor can take in a state. Every role may act, and each step's
//! guards may answer either way, independently of earlier steps. So a path in this graph is
//! exactly a run the [interpreter](crate::interp) can make for some choice of actors, guard
//! answers and waiting times.
//!
//! - `from A never reach B, C`: no path from `A` of one or more steps reaches `B` or `C`.
//! - `reach B, C only via A1, A2`: every path from the initial state to `B` or `C` has one of
//!   `A1`, `A2` strictly before it (the initial state counts).
//! - `from A always reach B, C`: every state reachable from `A` (`A` included, paths stopping
//!   at `B` and `C`) can still reach `B` or `C`. A final state other than the targets, a
//!   state with no way out and a trap that never leads to the targets all break it; a loop
//!   that can still be left towards them does not.
//!
//! Each rule costs one or two breadth-first searches over the graph (linear in states plus
//! live lines), whatever the number of paths. A broken rule comes with the shortest path
//! that breaks it (among paths of equal length, the one whose lines come first in the
//! spec), written as steps the interpreter replays: `by role` only when a trusted caller
//! would take another line, `[not g]` for each guard that must say no, `after 30m` for a
//! timeout.
//!
//! ```
//! use order_fsm_core::{analysis::Analysis, rules::{Outcome, Prover}};
//! let out = order_fsm_core::compile("r.fsm", r#"
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
//! let prover = Prover::new(&an);
//! let kind = order_fsm_core::model::RuleKind::Never {
//!     from: m.state_ix("A").unwrap(),
//!     targets: vec![m.state_ix("C").unwrap()],
//! };
//! let Outcome::Broken(cx) = prover.prove(&kind) else { panic!() };
//! assert_eq!(cx.steps(m), ["Go", "after 1d"]);
//! ```

use std::collections::VecDeque;

use crate::analysis::{Analysis, LiveGraph};
use crate::liveness::Liveness;
use crate::model::{GuardIx, Machine, RuleKind, StateIx, StepInput, TransitionIx};
use crate::msg::{self, Text};
use crate::scenario::{describe_step, scenario_text};
use crate::t;

/// One step of a counterexample: a live line taken in a state, and the input that takes it.
#[derive(Clone, Debug, PartialEq)]
pub struct Hop {
    pub from: StateIx,
    pub line: TransitionIx,
    pub to: StateIx,
    pub input: StepInput,
}

/// What a counterexample shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Why {
    /// `never`: the path reaches this forbidden state.
    Reached(StateIx),
    /// `only via`: the path reaches this state without passing any of the required ones.
    ReachedWithout(StateIx),
    /// `always`: the path ends in a final state that is not one of the targets.
    OtherFinal(StateIx),
    /// `always`: the path ends in a state from which no target can be reached.
    Stuck(StateIx),
}

/// A path that breaks a rule.
#[derive(Clone, Debug, PartialEq)]
pub struct Counterexample {
    /// Where the path starts: the initial state, or the rule's `from` state when the
    /// initial state cannot reach it.
    pub start: StateIx,
    /// Whether `start` is not the initial state (a scenario needs `from start`).
    pub needs_from: bool,
    pub hops: Vec<Hop>,
    pub why: Why,
}

impl Counterexample {
    /// The state the path ends in.
    pub fn end(&self) -> StateIx {
        self.hops.last().map_or(self.start, |h| h.to)
    }

    /// The steps as a scenario writes them.
    pub fn steps(&self, m: &Machine) -> Vec<String> {
        self.hops
            .iter()
            .map(|h| describe_step(m, &h.input))
            .collect()
    }

    /// The counterexample as a scenario to paste into the spec
    /// ([`scenario_text`]): `{ => Start }` for a path of no steps.
    pub fn scenario(&self, m: &Machine, name: &str) -> String {
        let from = self
            .needs_from
            .then(|| m.state(self.start).id.text.as_str());
        scenario_text(name, from, &self.steps(m), &m.state(self.end()).id.text)
    }

    /// The path with labels: `待付款 —取消订单→ 交易关闭`.
    pub fn path(&self, m: &Machine) -> String {
        let mut s = m.state_label(self.start).to_string();
        for h in &self.hops {
            let t = m.transition(h.line);
            let mut via = match (&t.trigger, &h.input) {
                (crate::model::Trigger::Event { event, .. }, _) => {
                    m.event_label(*event).to_string()
                }
                (crate::model::Trigger::Timeout { written, label, .. }, _) => match label {
                    Some(l) => format!("{} (after {written})", l.text),
                    None => format!("after {written}"),
                },
            };
            if let StepInput::Event { actor: Some(r), .. } = &h.input {
                via.push_str(&format!(" by {}", m.role_label(*r)));
            }
            s.push_str(&format!(" —{via}→ {}", m.state_label(h.to)));
        }
        s
    }
}

/// What proving a rule found.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    Holds,
    /// It holds, but only because this state can never be reached from the initial state.
    Vacuous(StateIx),
    Broken(Counterexample),
    /// The rule contradicts itself; the text says how.
    Malformed(Text),
}

/// Why a rule that holds needs no line of the machine to hold: it is true of any machine
/// with these states, so it says nothing about the transitions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Trivial {
    /// `from A never reach …` with `A` final: an order there never moves again.
    Final(StateIx),
    /// `from A never reach …` where no live line leads out of `A`.
    NoWayOut(StateIx),
    /// `from A always reach …, A`: the order is already where the rule wants it.
    AlreadyThere(StateIx),
}

impl Trivial {
    /// Why the rule holds whatever the lines say, with each state named by `state`.
    pub fn reason(&self, state: impl Fn(StateIx) -> Text) -> Text {
        match *self {
            Trivial::Final(s) => t!(msg::RULE_TRIVIAL_FINAL, state = state(s)),
            Trivial::NoWayOut(s) => t!(msg::RULE_TRIVIAL_NO_WAY_OUT, state = state(s)),
            Trivial::AlreadyThere(s) => t!(msg::RULE_TRIVIAL_THERE, state = state(s)),
        }
    }
}

/// Proves rules about one machine, over the live-line graph and the search from the initial
/// state that its [`Analysis`] makes once for every reader.
#[derive(Clone, Copy, Debug)]
pub struct Prover<'a> {
    an: &'a Analysis<'a>,
    graph: &'a LiveGraph,
}

const NONE: u32 = u32::MAX;

impl<'a> Prover<'a> {
    pub fn new(an: &'a Analysis<'a>) -> Self {
        Prover {
            an,
            graph: an.graph(),
        }
    }

    fn machine(&self) -> &'a Machine {
        self.an.machine()
    }

    /// Whether some path from the initial state reaches `s`.
    pub fn is_reachable(&self, s: StateIx) -> bool {
        self.an.is_reachable(s)
    }

    /// Prove one rule.
    pub fn prove(&self, rule: &RuleKind) -> Outcome {
        let m = self.machine();
        let n = m.states.len();
        let valid = |v: &[StateIx]| v.iter().all(|s| s.index() < n);
        match rule {
            RuleKind::Never { from, targets } => {
                if !valid(targets) || from.index() >= n {
                    return Outcome::Holds;
                }
                if targets.contains(from) {
                    return Outcome::Malformed(t!(
                        msg::E0025_NEVER,
                        state = Text::code(&m.state(*from).id.text)
                    ));
                }
                let mut goal = vec![false; n];
                for t in targets {
                    goal[t.index()] = true;
                }
                match self.search(*from, |_| true, |s| goal[s.index()], false) {
                    Some((hops, end)) => {
                        Outcome::Broken(self.with_prefix(*from, hops, Why::Reached(end)))
                    }
                    None if !self.is_reachable(*from) => Outcome::Vacuous(*from),
                    None => match targets.iter().find(|t| self.is_reachable(**t)) {
                        Some(_) => Outcome::Holds,
                        None => targets
                            .first()
                            .map_or(Outcome::Holds, |t| Outcome::Vacuous(*t)),
                    },
                }
            }
            RuleKind::Via { targets, via } => {
                if !valid(targets) || !valid(via) {
                    return Outcome::Holds;
                }
                if let Some(t) = targets.iter().find(|t| via.contains(t)) {
                    return Outcome::Malformed(t!(
                        msg::E0025_VIA,
                        state = Text::code(&m.state(*t).id.text)
                    ));
                }
                let Some(init) = m.initial.filter(|i| i.index() < n) else {
                    return Outcome::Holds;
                };
                if targets.contains(&init) {
                    return Outcome::Malformed(t!(
                        msg::E0025_INITIAL,
                        state = Text::code(&m.state(init).id.text)
                    ));
                }
                let mut goal = vec![false; n];
                for t in targets {
                    goal[t.index()] = true;
                }
                let mut stop = vec![false; n];
                for v in via {
                    stop[v.index()] = true;
                }
                match self.search(init, |s| !stop[s.index()], |s| goal[s.index()], false) {
                    Some((hops, end)) => Outcome::Broken(Counterexample {
                        start: init,
                        needs_from: false,
                        hops,
                        why: Why::ReachedWithout(end),
                    }),
                    None => match targets.iter().find(|t| self.is_reachable(**t)) {
                        Some(_) => Outcome::Holds,
                        None => targets
                            .first()
                            .map_or(Outcome::Holds, |t| Outcome::Vacuous(*t)),
                    },
                }
            }
            RuleKind::Always { from, targets } => {
                if !valid(targets) || from.index() >= n {
                    return Outcome::Holds;
                }
                let mut goal = vec![false; n];
                for t in targets {
                    goal[t.index()] = true;
                }
                // The states that can still reach a target: one search backwards.
                let mut can = goal.clone();
                let mut q: VecDeque<StateIx> = targets.iter().copied().collect();
                while let Some(s) = q.pop_front() {
                    for &p in self.graph.incoming(s) {
                        if !can[p.index()] {
                            can[p.index()] = true;
                            q.push_back(p);
                        }
                    }
                }
                let bad = |s: StateIx| !goal[s.index()] && !can[s.index()];
                match self.search(*from, |s| !goal[s.index()], bad, true) {
                    Some((hops, end)) => {
                        let why = if m.state(end).is_final {
                            Why::OtherFinal(end)
                        } else {
                            Why::Stuck(end)
                        };
                        Outcome::Broken(self.with_prefix(*from, hops, why))
                    }
                    None if !self.is_reachable(*from) => Outcome::Vacuous(*from),
                    None => Outcome::Holds,
                }
            }
        }
    }

    /// Whether `rule`, when it holds, holds whatever the lines say (and why).
    pub fn trivially(&self, rule: &RuleKind) -> Option<Trivial> {
        let m = self.machine();
        match rule {
            RuleKind::Never { from, .. } if from.index() < m.states.len() => {
                if m.state(*from).is_final {
                    Some(Trivial::Final(*from))
                } else if self.graph.out(*from).iter().all(|(_, to)| to == from) {
                    Some(Trivial::NoWayOut(*from))
                } else {
                    None
                }
            }
            RuleKind::Always { from, targets } if targets.contains(from) => {
                Some(Trivial::AlreadyThere(*from))
            }
            _ => None,
        }
    }

    /// Breadth-first search from `root`, expanding only states where `expand` holds, for
    /// the first state where `goal` holds: reached by one or more steps, or also the root
    /// itself when `root_counts`. Returns the hops and the goal state.
    fn search(
        &self,
        root: StateIx,
        expand: impl Fn(StateIx) -> bool,
        goal: impl Fn(StateIx) -> bool,
        root_counts: bool,
    ) -> Option<(Vec<Hop>, StateIx)> {
        let n = self.machine().states.len();
        if root_counts && goal(root) {
            return Some((Vec::new(), root));
        }
        let mut parent: Vec<(u32, TransitionIx)> = vec![(NONE, TransitionIx(0)); n];
        let mut seen = vec![false; n];
        seen[root.index()] = true;
        let mut q = VecDeque::from([root]);
        while let Some(s) = q.pop_front() {
            if !expand(s) {
                continue;
            }
            for &(line, to) in self.graph.out(s) {
                if goal(to) {
                    let mut edges = vec![(s, line, to)];
                    let mut at = s;
                    while at != root {
                        let (p, l) = parent[at.index()];
                        let p = StateIx(p);
                        edges.push((p, l, at));
                        at = p;
                    }
                    edges.reverse();
                    return Some((self.hops(&edges), to));
                }
                if !seen[to.index()] {
                    seen[to.index()] = true;
                    parent[to.index()] = (s.0, line);
                    q.push_back(to);
                }
            }
        }
        None
    }

    fn hops(&self, edges: &[(StateIx, TransitionIx, StateIx)]) -> Vec<Hop> {
        edges
            .iter()
            .map(|&(from, line, to)| Hop {
                from,
                line,
                to,
                input: step_for(self.an.live(), from, line),
            })
            .collect()
    }

    /// A path from `from` made into a path from the initial state, by the shortest way there,
    /// when there is one.
    fn with_prefix(&self, from: StateIx, hops: Vec<Hop>, why: Why) -> Counterexample {
        let m = self.machine();
        match m.initial {
            Some(init) if self.is_reachable(from) => {
                let mut edges = Vec::new();
                let mut at = from;
                while let Some((p, l)) = self.an.step_from_initial(at) {
                    edges.push((p, l, at));
                    at = p;
                }
                edges.reverse();
                let mut all = self.hops(&edges);
                all.extend(hops);
                Counterexample {
                    start: init,
                    needs_from: false,
                    hops: all,
                    why,
                }
            }
            _ => Counterexample {
                start: from,
                needs_from: Some(from) != m.initial,
                hops,
                why,
            },
        }
    }
}

/// The input that takes live `line` in `state`: the event as a trusted caller when that
/// takes the line, else as the first role that can; every guard of a line tried before it
/// set to no. A timeout waits exactly its delay, with the guards of the timeouts due before
/// it set to no.
pub fn step_for(live: &Liveness<'_>, state: StateIx, line: TransitionIx) -> StepInput {
    let interp = live.interpreter();
    let m = interp.machine;
    let t = m.transition(line);
    let mut guards: Vec<(GuardIx, bool)> = Vec::new();
    let mut refuse = |earlier: &[TransitionIx], actor| {
        for &c in earlier {
            if c == line {
                break;
            }
            if !interp.allows(c, actor) {
                continue;
            }
            if let Some(g) = &m.transition(c).guard {
                if !guards.iter().any(|(x, _)| *x == g.guard) {
                    guards.push((g.guard, false));
                }
            }
        }
    };
    match &t.trigger {
        crate::model::Trigger::Event { event, .. } => {
            let actor = if live.is_live_for(state, line, None) {
                None
            } else {
                live.actors(line)
                    .into_iter()
                    .find(|a| live.is_live_for(state, line, *a))
                    .flatten()
            };
            refuse(interp.candidates(state, *event), actor);
            StepInput::Event {
                event: *event,
                actor,
                guards,
            }
        }
        crate::model::Trigger::Timeout {
            seconds, written, ..
        } => {
            refuse(interp.timeouts(state), None);
            StepInput::Wait {
                seconds: *seconds,
                written: written.clone(),
                guards,
            }
        }
    }
}
