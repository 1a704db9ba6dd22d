//! Differential property test: for every machine of every spec in `specs/` (and the core's
//! valid fixtures), random sequences of events, actors, guard answers and waits give the
//! same states, the same lines taken, the same guards asked and the same rejections through
//! the generated code as through `order_fsm_core::interp::Interpreter`. Waits also compare
//! the reminders that run, entry by entry (a reminder runs once per entry; a line without a
//! target keeps the entry), through `order_fsm::plan::decide_wait`, and the actions the
//! generated `elapse` runs.

use order_fsm::{
    Context, Enumerated, FireError, Generic, GenericHooks, Machine, Rejection, Transition,
};
use order_fsm_core::interp::{Input, Interpreter, Rejection as IRej};
use order_fsm_core::model::{EventIx, GuardIx, RoleIx};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

/// Hooks whose guards answer from a table and record what they were asked.
struct Rec {
    answers: Vec<bool>,
}

impl<M: Machine> GenericHooks<M> for Rec {
    type Error = std::convert::Infallible;
    fn guard(&self, guard: M::Guard, _ctx: &Context<'_, M>) -> bool {
        self.answers.get(guard.index()).copied().unwrap_or(true)
    }
    fn action(&mut self, _action: M::Action, _ctx: &Context<'_, M>) -> Result<(), Self::Error> {
        Ok(())
    }
}

/// Records guard calls: `GenericHooks::guard` takes `&self`, so wrap the counter.
struct Recording<'a> {
    inner: Rec,
    log: &'a std::cell::RefCell<Vec<usize>>,
}

thread_local! {
    /// The actions run by the generated code, in order.
    static ACTIONS: std::cell::RefCell<Vec<usize>> = const { std::cell::RefCell::new(Vec::new()) };
}

impl<M: Machine> GenericHooks<M> for Recording<'_> {
    type Error = std::convert::Infallible;
    fn guard(&self, guard: M::Guard, ctx: &Context<'_, M>) -> bool {
        self.log.borrow_mut().push(guard.index());
        <Rec as GenericHooks<M>>::guard(&self.inner, guard, ctx)
    }
    fn action(&mut self, action: M::Action, ctx: &Context<'_, M>) -> Result<(), Self::Error> {
        ACTIONS.with(|a| a.borrow_mut().push(action.index()));
        <Rec as GenericHooks<M>>::action(&mut self.inner, action, ctx)
    }
}

type Fire<M, H> = fn(
    <M as Machine>::State,
    &<M as Machine>::Event,
    Option<<M as Machine>::Role>,
    &mut H,
) -> Result<Transition<M>, FireError<M, std::convert::Infallible>>;
type Elapse<M, H> = fn(
    <M as Machine>::State,
    u64,
    &mut H,
) -> Result<Transition<M>, FireError<M, std::convert::Infallible>>;

#[derive(Clone, Debug)]
enum Step {
    Event {
        event: usize,
        actor: Option<usize>,
        answers: Vec<bool>,
    },
    Wait {
        pick: usize,
        answers: Vec<bool>,
    },
}

fn step_strategy(n_events: usize, n_roles: usize, n_guards: usize) -> impl Strategy<Value = Step> {
    let answers = prop::collection::vec(any::<bool>(), n_guards..=n_guards);
    let actor = if n_roles == 0 {
        Just(None).boxed()
    } else {
        prop::option::weighted(0.8, 0..n_roles).boxed()
    };
    let ev = (0..n_events.max(1), actor, answers.clone()).prop_map(|(event, actor, answers)| {
        Step::Event {
            event,
            actor,
            answers,
        }
    });
    let wait = (any::<usize>(), answers).prop_map(|(pick, answers)| Step::Wait { pick, answers });
    prop_oneof![4 => ev, 1 => wait]
}

fn same_rejection<M: Machine>(gen: &Rejection<M>, int: &IRej) -> bool {
    let ix = |v: &[M::Guard]| v.iter().map(|g| g.index() as u32).collect::<Vec<_>>();
    let gx = |v: &[GuardIx]| v.iter().map(|g| g.0).collect::<Vec<_>>();
    match (gen, int) {
        (Rejection::FinalState { state }, IRej::FinalState { state: s }) => {
            state.index() == s.index()
        }
        (Rejection::NoTransition { state, event }, IRej::NoTransition { state: s, event: e }) => {
            state.index() == s.index() && event.index() == e.index()
        }
        (
            Rejection::RoleNotAllowed {
                state,
                event,
                role,
                allowed,
            },
            IRej::RoleNotAllowed {
                state: s,
                event: e,
                role: r,
                allowed: a,
            },
        ) => {
            state.index() == s.index()
                && event.index() == e.index()
                && role.index() == r.index()
                && allowed
                    .iter()
                    .map(|r| r.index())
                    .eq(a.iter().map(|r| r.index()))
        }
        (
            Rejection::GuardFailed {
                state,
                event,
                failed,
            },
            IRej::GuardFailed {
                state: s,
                event: e,
                failed: f,
            },
        ) => {
            state.index() == s.index()
                && event.index() == e.index()
                && ix(&failed.to_vec()) == gx(f)
        }
        (
            Rejection::NoTimeoutDue {
                state,
                seconds,
                failed,
            },
            IRej::NoTimeoutDue {
                state: s,
                seconds: x,
                failed: f,
            },
        ) => state.index() == s.index() && seconds == x && ix(&failed.to_vec()) == gx(f),
        _ => false,
    }
}

fn differential<M: Machine>(
    spec: &str,
    machine: &str,
    make_event: fn(usize) -> Option<M::Event>,
    fire: Fire<M, Generic<Recording<'static>>>,
    elapse: Elapse<M, Generic<Recording<'static>>>,
) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(spec);
    let text = std::fs::read_to_string(&path).expect("spec readable");
    let compiled = order_fsm_core::compile(spec, &text);
    let spec_model = compiled.spec.expect("spec parses");
    let m = spec_model.machine(machine).expect("machine exists");
    let interp = Interpreter::new(m);
    // Delays worth trying: around every timeout of the machine.
    let mut waits = vec![0u64];
    for t in &m.transitions {
        if let Some(s) = t.timeout_seconds() {
            waits.extend([s.saturating_sub(1), s, s + 1, s * 2]);
        }
    }
    let log: &'static std::cell::RefCell<Vec<usize>> = Box::leak(Box::default());
    let strategy = prop::collection::vec(
        step_strategy(m.events.len(), m.roles.len(), m.guards.len()),
        0..40,
    );
    let mut runner = TestRunner::new(Config {
        cases: 256,
        ..Config::default()
    });
    let initial = m.initial.expect("initial state");
    let result = runner.run(&strategy, |steps| {
        let mut gen_state = M::INITIAL;
        let mut int_state = initial;
        // The longest wait decided in the current entry: reminders due by then are done.
        let mut decided_until: Option<u64> = None;
        prop_assert_eq!(gen_state.index(), int_state.index());
        for step in &steps {
            let (input, answers) = match step {
                Step::Event {
                    event,
                    actor,
                    answers,
                } => (
                    Input::Event {
                        event: EventIx(*event as u32),
                        actor: actor.map(|r| RoleIx(r as u32)),
                    },
                    answers.clone(),
                ),
                Step::Wait { pick, answers } => (
                    Input::Wait {
                        seconds: waits[pick % waits.len()],
                    },
                    answers.clone(),
                ),
            };
            if m.events.is_empty() && matches!(input, Input::Event { .. }) {
                continue;
            }
            let mut int_asked = Vec::new();
            let int_res = interp.step(int_state, input, |g| {
                int_asked.push(g.index());
                answers.get(g.index()).copied().unwrap_or(true)
            });
            // Reminders, entry by entry: the interpreter's `wait` and the runtime's
            // `decide_wait`, with the same reminders pending.
            if let Input::Wait { seconds } = input {
                let pending_ix = |ix: order_fsm_core::model::TransitionIx| {
                    let due = m.transition(ix).timeout_seconds().unwrap_or(0);
                    decided_until.is_none_or(|d| due > d)
                };
                let iw = interp.wait(int_state, seconds, pending_ix, |g| {
                    answers.get(g.index()).copied().unwrap_or(true)
                });
                let gw = order_fsm::plan::decide_wait::<M>(
                    gen_state,
                    seconds,
                    |line| {
                        let due = m.transitions[line].timeout_seconds().unwrap_or(0);
                        decided_until.is_none_or(|d| due > d)
                    },
                    |g, _| answers.get(g.index()).copied().unwrap_or(true),
                );
                let il: Vec<usize> = iw.reminders.iter().map(|t| t.transition.index()).collect();
                let gl: Vec<usize> = gw.reminders.iter().map(|t| t.line).collect();
                prop_assert_eq!(&il, &gl, "reminders differ at {:?}", step);
                let id: Vec<usize> = iw.decided.iter().map(|t| t.index()).collect();
                prop_assert_eq!(&id, &gw.decided, "decided reminders differ at {:?}", step);
                for l in &gl {
                    prop_assert!(gw.decided.contains(l), "a reminder that ran is decided");
                }
                for r in &gw.reminders {
                    prop_assert!(r.stays() && r.to == gen_state);
                }
                prop_assert_eq!(
                    iw.outcome.as_ref().ok().map(|t| t.transition.index()),
                    gw.outcome.as_ref().ok().map(|t| t.line)
                );
                if iw.outcome.is_err() {
                    decided_until = Some(decided_until.map_or(seconds, |d| d.max(seconds)));
                }
            }
            // The actions the interpreter says run, for a fresh entry (what `elapse` is).
            let int_actions: Vec<usize> = match input {
                Input::Wait { seconds } => {
                    let w = interp.wait(
                        int_state,
                        seconds,
                        |_| true,
                        |g| answers.get(g.index()).copied().unwrap_or(true),
                    );
                    w.reminders
                        .iter()
                        .chain(w.outcome.as_ref().ok())
                        .flat_map(|t| m.transition(t.transition).actions.iter().map(|a| a.index()))
                        .collect()
                }
                Input::Event { .. } => int_res
                    .as_ref()
                    .ok()
                    .map(|t| {
                        m.transition(t.transition)
                            .actions
                            .iter()
                            .map(|a| a.index())
                            .collect()
                    })
                    .unwrap_or_default(),
            };
            ACTIONS.with(|a| a.borrow_mut().clear());
            log.borrow_mut().clear();
            let mut hooks = Generic(Recording {
                inner: Rec {
                    answers: answers.clone(),
                },
                log,
            });
            let gen_res = match input {
                Input::Event { event, actor } => {
                    let ev = make_event(event.index()).expect("event exists");
                    let actor = actor.and_then(|r| M::Role::from_index(r.index()));
                    fire(gen_state, &ev, actor, &mut hooks)
                }
                Input::Wait { seconds } => elapse(gen_state, seconds, &mut hooks),
            };
            let gen_asked = log.borrow().clone();
            let gen_actions = ACTIONS.with(|a| a.borrow().clone());
            prop_assert_eq!(&gen_actions, &int_actions, "actions differ at {:?}", step);
            // The table-driven generic path (`order_fsm::fire` / `elapse`) agrees too.
            log.borrow_mut().clear();
            let mut plain = Recording {
                inner: Rec {
                    answers: answers.clone(),
                },
                log,
            };
            let rt_res = match input {
                Input::Event { event, actor } => {
                    let ev = make_event(event.index()).expect("event exists");
                    let actor = actor.and_then(|r| M::Role::from_index(r.index()));
                    order_fsm::fire::<M, _>(gen_state, &ev, actor, &mut plain)
                }
                Input::Wait { seconds } => {
                    order_fsm::elapse::<M, _>(gen_state, seconds, &mut plain)
                }
            };
            prop_assert_eq!(&rt_res, &gen_res);
            prop_assert_eq!(&*log.borrow(), &gen_asked);
            prop_assert_eq!(&gen_asked, &int_asked, "guards asked differ at {:?}", step);
            match (&gen_res, &int_res) {
                (Ok(t), Ok(taken)) => {
                    prop_assert_eq!(t.from.index(), taken.from.index());
                    prop_assert_eq!(t.to.index(), taken.to.index());
                    prop_assert_eq!(t.line, taken.transition.index());
                    prop_assert_eq!(t.stays(), taken.stays(m));
                    // A line with a target ends the entry, also back into the same state.
                    if !taken.stays(m) {
                        decided_until = None;
                    }
                    gen_state = t.to;
                    int_state = taken.to;
                }
                (Err(FireError::Rejected(r)), Err(ir)) => {
                    prop_assert!(
                        same_rejection(r, ir),
                        "rejections differ: {:?} vs {:?}",
                        r,
                        ir
                    );
                }
                _ => prop_assert!(
                    false,
                    "outcomes differ at {:?}: {:?} vs {:?}",
                    step,
                    gen_res,
                    int_res
                ),
            }
            prop_assert_eq!(gen_state.index(), int_state.index());
        }
        Ok(())
    });
    if let Err(e) = result {
        panic!("{spec} / {machine}: {e}");
    }
}

include!(concat!(env!("OUT_DIR"), "/differential_machines.rs"));
