//! Random streams of events and waits through the store (SQLite, and PostgreSQL with
//! `DATABASE_URL`) and through the reference interpreter: after every step the same state,
//! and the same rejections.
//!
//! `ORDER_FSM_STORE_SCALE` multiplies the number of cases.

use crate::common;

use std::sync::atomic::{AtomicI64, Ordering};

use common::*;
use order_fsm::{Enumerated, Rejection};
use order_fsm_core::interp::{Input, Interpreter, Rejection as IRej};
use order_fsm_core::model::Machine as Model;
use order_fsm_store::{Clock, Outcome, StoreError};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

#[derive(Clone, Debug)]
enum Step {
    /// Event index, role (0 = trusted caller), Pay amount.
    Event(usize, usize, u64),
    /// Seconds to wait, then a timer scan.
    Wait(u64),
}

fn steps() -> impl Strategy<Value = (bool, Vec<Step>)> {
    let step = prop_oneof![
        3 => (0..9usize, 0..5usize, 0..3u64).prop_map(|(e, r, a)| Step::Event(e, r, a)),
        1 => prop::sample::select(vec![
            59u64, 1499, 1500, 1501, 1799, 1800, 3600, 86_400, 172_800, 259_200, 518_400, 604_800, 864_000,
        ])
        .prop_map(Step::Wait),
    ];
    (any::<bool>(), prop::collection::vec(step, 1..16))
}

fn event(e: usize, amount: u64) -> OrderEvent {
    match e {
        0 => pay(amount),
        1 => OrderEvent::Cancel,
        2 => ship(),
        3 => OrderEvent::Sign,
        4 => OrderEvent::Confirm,
        5 => OrderEvent::RequestRefund { reason: "r".into() },
        6 => OrderEvent::ApproveRefund,
        7 => OrderEvent::RejectRefund { reason: "r".into() },
        _ => OrderEvent::ForceClose,
    }
}

fn role(r: usize) -> Option<OrderRole> {
    r.checked_sub(1).and_then(OrderRole::from_index)
}

/// A rejection in words both sides can produce: kind, state, event, role, guards.
fn said_store(r: &Rejection<Order>) -> String {
    match r {
        Rejection::FinalState { state } => format!("final {}", state.id()),
        Rejection::NoTransition { state, event } => format!("none {} {}", state.id(), event.id()),
        Rejection::RoleNotAllowed {
            state,
            event,
            role,
            allowed,
        } => format!(
            "role {} {} {} {:?}",
            state.id(),
            event.id(),
            role.id(),
            allowed.iter().map(|r| r.id()).collect::<Vec<_>>()
        ),
        Rejection::GuardFailed {
            state,
            event,
            failed,
        } => format!(
            "guard {} {} {:?}",
            state.id(),
            event.id(),
            failed.iter().map(|g| g.id()).collect::<Vec<_>>()
        ),
        Rejection::NoTimeoutDue { state, .. } => format!("no timeout {}", state.id()),
    }
}

fn said_interp(m: &Model, r: &IRej) -> String {
    let st = |s| m.state(s).id.text.to_string();
    let ev = |e| m.event(e).id.text.to_string();
    match r {
        IRej::FinalState { state } => format!("final {}", st(*state)),
        IRej::NoTransition { state, event } => format!("none {} {}", st(*state), ev(*event)),
        IRej::RoleNotAllowed {
            state,
            event,
            role,
            allowed,
        } => format!(
            "role {} {} {} {:?}",
            st(*state),
            ev(*event),
            m.role(*role).id.text,
            allowed
                .iter()
                .map(|r| m.role(*r).id.text.to_string())
                .collect::<Vec<_>>()
        ),
        IRej::GuardFailed {
            state,
            event,
            failed,
        } => format!(
            "guard {} {} {:?}",
            st(*state),
            ev(*event),
            failed
                .iter()
                .map(|g| m.guard(*g).id.text.to_string())
                .collect::<Vec<_>>()
        ),
        IRej::NoTimeoutDue { state, .. } => format!("no timeout {}", st(*state)),
    }
}

fn run<D: TestDb>(db: &D) {
    let (s, clock) = store(db);
    let m = model();
    let interp = Interpreter::new(&m);
    let conn = std::cell::RefCell::new(db.connect());
    let mr = &m;
    let next = AtomicI64::new(1);
    let cases = scaled(24) as u32;
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&steps(), |(risk, steps)| {
            let mut c = conn.borrow_mut();
            let c = &mut *c;
            let o = id(next.fetch_add(1, Ordering::Relaxed));
            s.create(&o).run(c, &mut yes()).expect("create");
            let mut state = m.state_ix("Created").expect("state");
            let mut entered = clock.now_ms();
            // The longest wait decided in this entry: reminders due by then are done.
            let mut decided_until: Option<u64> = None;
            let guards = |amount: u64| {
                move |g: order_fsm_core::model::GuardIx| match mr.guard(g).id.text.as_str() {
                    "payment_verified" => amount > 0,
                    _ => risk,
                }
            };
            let mut hooks = order_fsm::Generic(order_fsm_store::GuardFn(
                move |g: OrderGuard, ctx: &order_fsm::Context<'_, Order>| match g {
                    OrderGuard::PaymentVerified => matches!(
                        ctx.event,
                        Some(OrderEvent::Pay { amount_cents, .. }) if *amount_cents > 0
                    ),
                    OrderGuard::RiskConfirmed => risk,
                },
            ));
            for (i, step) in steps.iter().enumerate() {
                match *step {
                    Step::Event(e, r, amount) => {
                        let ev = event(e, amount);
                        let got = s.fire(&o, &ev).actor(role(r)).run(c, &mut hooks);
                        let input = Input::Event {
                            event: m
                                .event_ix(OrderEventKind::from_index(e).expect("e").id())
                                .expect("event"),
                            actor: role(r).and_then(|r| m.role_ix(r.id())),
                        };
                        let want = interp.step(state, input, guards(amount));
                        match (got, want) {
                            (Ok(Outcome::Applied(a)), Ok(t)) => {
                                prop_assert_eq!(
                                    a.to.id(),
                                    m.state(t.to).id.text.as_str(),
                                    "step {}",
                                    i
                                );
                                state = t.to;
                                if !t.stays(&m) {
                                    entered = clock.now_ms();
                                    decided_until = None;
                                }
                            }
                            (Ok(Outcome::Rejected { rejection, .. }), Err(r)) => {
                                prop_assert_eq!(
                                    said_store(&rejection),
                                    said_interp(&m, &r),
                                    "step {}",
                                    i
                                );
                            }
                            (got, want) => {
                                let got: Result<_, StoreError> = got.map(|o| format!("{o:?}"));
                                return Err(TestCaseError::fail(format!(
                                    "step {i}: store {got:?}, interpreter {want:?}"
                                )));
                            }
                        }
                    }
                    Step::Wait(secs) => {
                        clock.advance_secs(secs);
                        let before = s.read(&o).view(c).expect("load").expect("order").version;
                        s.fire_due_timers(c, &mut hooks, 1000).expect("timers");
                        let elapsed = ((clock.now_ms() - entered) / 1000) as u64;
                        let after = s.read(&o).view(c).expect("load").expect("order");
                        // Reminders run once per entry, each a step of its own (a new version,
                        // the same state), before the line that leaves.
                        let w = interp.wait(
                            state,
                            elapsed,
                            |ix| {
                                let due = m.transition(ix).timeout_seconds().unwrap_or(0);
                                decided_until.is_none_or(|d| due > d)
                            },
                            guards(0),
                        );
                        let reminders = w.reminders.len() as i64;
                        match w.outcome {
                            Ok(t) => {
                                state = t.to;
                                entered = clock.now_ms();
                                decided_until = None;
                                prop_assert_eq!(
                                    after.version,
                                    before + reminders + 1,
                                    "step {}",
                                    i
                                );
                            }
                            Err(_) => {
                                decided_until = Some(elapsed);
                                prop_assert_eq!(after.version, before + reminders, "step {}", i)
                            }
                        }
                    }
                }
                let v = s.read(&o).view(c).expect("load").expect("order");
                prop_assert_eq!(
                    v.state.id(),
                    m.state(state).id.text.as_str(),
                    "after step {}",
                    i
                );
            }
            // The log names each line taken, reminders at most once per entry, in time.
            let log = s.read(&o).history(c).expect("log");
            let v = s.read(&o).view(c).expect("load").expect("order");
            prop_assert_eq!(replay(mr, &log), Ok(v.state));
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{}: {e}", db.name()));
}

#[test]
fn sqlite_store_agrees_with_the_interpreter() {
    run(&SqliteDb::new("property"));
}

#[test]
fn postgres_store_agrees_with_the_interpreter() {
    if let Some(db) = PgDb::new("property") {
        run(&db);
    }
}

#[test]
fn the_clock_is_utc_milliseconds() {
    let now = order_fsm_store::SystemClock.now_ms();
    // Later than 2025-01-01 and earlier than 2100-01-01, in milliseconds.
    assert!(now > 1_735_689_600_000 && now < 4_102_444_800_000, "{now}");
}
