//! The generated dynamic API against a hand-written `match` on the same machine, over the
//! same 10-million-event pseudo-random stream, for two machines:
//!
//! * `order`: `specs/order.fsm` (8 states, roles, guards, actions, payloads; the derive
//!   writes its `fire` out as a `match`), with a stream of events and actors and the same
//!   hooks on both sides;
//! * `bare200`: the bare 200-state, 8-event, 1000-line machine of `build_time.sh`
//!   (`dispatch/bare200.fsm`, ids only; the derive's table-driven dispatch), fired with no
//!   actor and no hooks, against the enums and one 1000-arm `match` of
//!   `dispatch/bare200_hand.rs`.
//!
//! Criterion measures each side; then both sides of each stream run 5 times, taking turns,
//! and the medians and their ratio are printed (target ≤ 1.02).
//!
//! Run: `cargo bench -p order-fsm --bench dispatch`

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::Criterion;
use order_fsm::{Context, StateMachine};

#[derive(StateMachine)]
#[fsm(spec = "../specs/order.fsm", machine = "Order")]
pub struct Order;

#[derive(StateMachine)]
#[fsm(spec = "benches/dispatch/bare200.fsm", warnings = "allow")]
pub struct Bare;

#[allow(dead_code)]
#[path = "dispatch/bare200_hand.rs"]
mod bare_hand;

const STREAM_LEN: usize = 10_000_000;

/// Hooks that do a little work each: count calls, decide guards from the payload.
#[derive(Default)]
struct Counters {
    actions: u64,
    guards: u64,
}

impl Counters {
    #[inline]
    fn paid_enough(&self, e: &OrderEvent) -> bool {
        matches!(e, OrderEvent::Pay { amount_cents, .. } if amount_cents % 3 != 0)
    }
}

impl OrderHooks for Counters {
    type Error = ();
    fn payment_verified(&self, event: &OrderEvent, _: &Context<'_, Order>) -> bool {
        self.paid_enough(event)
    }
    fn risk_confirmed(&self, _: &OrderEvent, _: &Context<'_, Order>) -> bool {
        self.guards % 2 == 0
    }
    fn deduct_stock(&mut self, _: &OrderEvent, _: &Context<'_, Order>) -> Result<(), ()> {
        self.actions += 1;
        Ok(())
    }
    fn notify_seller(&mut self, _: &OrderEvent, _: &Context<'_, Order>) -> Result<(), ()> {
        self.actions += 1;
        Ok(())
    }
    fn release_stock(&mut self, _: &Context<'_, Order>) -> Result<(), ()> {
        self.actions += 1;
        Ok(())
    }
    fn remind_buyer(&mut self, _: &Context<'_, Order>) -> Result<(), ()> {
        self.actions += 1;
        Ok(())
    }
    fn notify_buyer(&mut self, _: &OrderEvent, _: &Context<'_, Order>) -> Result<(), ()> {
        self.actions += 1;
        Ok(())
    }
    fn compensate_buyer(&mut self, _: &Context<'_, Order>) -> Result<(), ()> {
        self.actions += 1;
        Ok(())
    }
    fn refund_payment(&mut self, _: &Context<'_, Order>) -> Result<(), ()> {
        self.actions += 1;
        Ok(())
    }
    fn restock(&mut self, _: &Context<'_, Order>) -> Result<(), ()> {
        self.actions += 1;
        Ok(())
    }
    fn settle_to_seller(&mut self, _: &Context<'_, Order>) -> Result<(), ()> {
        self.actions += 1;
        Ok(())
    }
    fn close_and_refund(&mut self, _: &OrderEvent, _: &Context<'_, Order>) -> Result<(), ()> {
        self.actions += 1;
        Ok(())
    }
}

// ------------------------------------------------------------------ the hand-written twin

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum HState {
    Created,
    Paid,
    Shipped,
    Delivered,
    Refunding,
    Completed,
    Cancelled,
    Refunded,
}

/// The reasons are kept, as a real service would keep them.
#[allow(dead_code)]
#[derive(Debug)]
enum HReject {
    Final,
    NoTransition,
    RoleNotAllowed(&'static [OrderRole]),
    GuardFailed,
    Action,
}

#[inline]
fn hand_fire(
    s: HState,
    e: &OrderEvent,
    actor: Option<OrderRole>,
    h: &mut Counters,
) -> Result<HState, HReject> {
    use HState::*;
    use OrderRole::*;
    fn role(actor: Option<OrderRole>, allowed: &'static [OrderRole]) -> Result<(), HReject> {
        match actor {
            Some(a) if !allowed.contains(&a) => Err(HReject::RoleNotAllowed(allowed)),
            _ => Ok(()),
        }
    }
    let act = |h: &mut Counters| {
        h.actions += 1;
        Ok::<(), ()>(())
    };
    let done = |r: Result<(), ()>| r.map_err(|_| HReject::Action);
    match (s, e) {
        (Completed | Cancelled | Refunded, _) => Err(HReject::Final),
        (Created, OrderEvent::Pay { .. }) => {
            role(actor, &[Buyer])?;
            if !h.paid_enough(e) {
                return Err(HReject::GuardFailed);
            }
            done(act(h))?;
            done(act(h))?;
            Ok(Paid)
        }
        (Created, OrderEvent::Cancel) => {
            role(actor, &[Buyer, Service])?;
            done(act(h))?;
            Ok(Cancelled)
        }
        (Paid, OrderEvent::Ship { .. }) => {
            role(actor, &[Seller])?;
            done(act(h))?;
            Ok(Shipped)
        }
        (Paid, OrderEvent::RequestRefund { .. }) => {
            role(actor, &[Buyer])?;
            done(act(h))?;
            Ok(Refunding)
        }
        (Paid, OrderEvent::Cancel) => {
            role(actor, &[Service])?;
            done(act(h))?;
            Ok(Refunding)
        }
        (Refunding, OrderEvent::ApproveRefund) => {
            role(actor, &[Seller, Service])?;
            done(act(h))?;
            done(act(h))?;
            Ok(Refunded)
        }
        (Refunding, OrderEvent::RejectRefund { .. }) => {
            role(actor, &[Seller, Service])?;
            done(act(h))?;
            Ok(Paid)
        }
        (Shipped, OrderEvent::Sign) => {
            role(actor, &[System])?;
            Ok(Delivered)
        }
        (Shipped | Delivered, OrderEvent::Confirm) => {
            role(actor, &[Buyer])?;
            done(act(h))?;
            Ok(Completed)
        }
        (_, OrderEvent::ForceClose) => {
            role(actor, &[Service])?;
            if h.guards % 2 != 0 {
                return Err(HReject::GuardFailed);
            }
            done(act(h))?;
            Ok(Cancelled)
        }
        _ => Err(HReject::NoTransition),
    }
}

// ------------------------------------------------------------------ the stream

/// A small pool of events (with payloads) and a long stream of (event, actor) indices, from
/// a fixed-seed xorshift generator.
struct Stream {
    pool: Vec<OrderEvent>,
    steps: Vec<(u8, u8)>,
}

fn stream() -> Stream {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let mut pool = Vec::new();
    for i in 0..8u64 {
        pool.push(OrderEvent::Pay {
            amount_cents: 100 + i,
            channel: String::new(),
        });
        pool.push(OrderEvent::Cancel);
        pool.push(OrderEvent::Ship {
            carrier: String::new(),
            waybill_no: String::new(),
        });
        pool.push(OrderEvent::Sign);
        pool.push(OrderEvent::Confirm);
        pool.push(OrderEvent::RequestRefund {
            reason: String::new(),
        });
        pool.push(OrderEvent::ApproveRefund);
        pool.push(OrderEvent::RejectRefund {
            reason: String::new(),
        });
        pool.push(OrderEvent::ForceClose);
    }
    let n = pool.len() as u64;
    let steps = (0..STREAM_LEN)
        .map(|_| {
            let r = next();
            ((r % n) as u8, ((r >> 32) % 5) as u8)
        })
        .collect();
    Stream { pool, steps }
}

const ROLES: [Option<OrderRole>; 5] = [
    None,
    Some(OrderRole::Buyer),
    Some(OrderRole::Seller),
    Some(OrderRole::Service),
    Some(OrderRole::System),
];

fn run_generated(s: &Stream) -> (u64, u64, u64) {
    let mut h = Counters::default();
    let mut state = OrderState::INITIAL;
    let mut rejected = 0u64;
    for &(e, a) in &s.steps {
        h.guards += 1;
        match state.fire(&s.pool[e as usize], ROLES[a as usize], &mut h) {
            Ok(t) => state = t.to,
            Err(_) => rejected += 1,
        }
        if state.is_final() {
            state = OrderState::INITIAL;
        }
    }
    (rejected, h.actions, state as u64)
}

fn run_hand(s: &Stream) -> (u64, u64, u64) {
    let mut h = Counters::default();
    let mut state = HState::Created;
    let mut rejected = 0u64;
    for &(e, a) in &s.steps {
        h.guards += 1;
        match hand_fire(state, &s.pool[e as usize], ROLES[a as usize], &mut h) {
            Ok(t) => state = t,
            Err(_) => rejected += 1,
        }
        if matches!(
            state,
            HState::Completed | HState::Cancelled | HState::Refunded
        ) {
            state = HState::Created;
        }
    }
    (rejected, h.actions, state as u64)
}

// ------------------------------------------------------------------ the 200-state machine

fn bare_stream() -> Vec<u8> {
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    (0..STREAM_LEN)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % 8) as u8
        })
        .collect()
}

const BARE_EVENTS: [BareEvent; 8] = [
    BareEvent::E0,
    BareEvent::E1,
    BareEvent::E2,
    BareEvent::E3,
    BareEvent::E4,
    BareEvent::E5,
    BareEvent::E6,
    BareEvent::E7,
];

const HAND_EVENTS: [bare_hand::Event; 8] = [
    bare_hand::Event::E0,
    bare_hand::Event::E1,
    bare_hand::Event::E2,
    bare_hand::Event::E3,
    bare_hand::Event::E4,
    bare_hand::Event::E5,
    bare_hand::Event::E6,
    bare_hand::Event::E7,
];

/// Rejected events, and the index of the state reached; back to the start at the end.
fn run_bare_generated(steps: &[u8]) -> (u64, u64) {
    let mut state = BareState::INITIAL;
    let mut rejected = 0u64;
    for &e in steps {
        match state.fire(&BARE_EVENTS[e as usize], None, &mut order_fsm::NoHooks) {
            Ok(t) => state = t.to,
            Err(_) => rejected += 1,
        }
        if state == BareState::S199 {
            state = BareState::INITIAL;
        }
    }
    (rejected, state as u64)
}

fn run_bare_hand(steps: &[u8]) -> (u64, u64) {
    let mut state = bare_hand::State::S0;
    let mut rejected = 0u64;
    for &e in steps {
        match bare_hand::fire(state, &HAND_EVENTS[e as usize]) {
            Some(t) => state = t,
            None => rejected += 1,
        }
        if state == bare_hand::State::S199 {
            state = bare_hand::State::S0;
        }
    }
    (rejected, state as u64)
}

/// Medians of `n` runs of each side, the sides taking turns.
fn medians<T>(n: usize, a: impl Fn() -> T, b: impl Fn() -> T) -> (Duration, Duration) {
    let (mut ta, mut tb) = (Vec::new(), Vec::new());
    for _ in 0..n {
        let t = Instant::now();
        black_box(a());
        ta.push(t.elapsed());
        let t = Instant::now();
        black_box(b());
        tb.push(t.elapsed());
    }
    ta.sort();
    tb.sort();
    (ta[n / 2], tb[n / 2])
}

fn report(name: &str, (tg, th): (Duration, Duration)) {
    println!(
        "{name}: dispatch of {STREAM_LEN} events (median of 5): generated {:.1} ms, hand-written match {:.1} ms, ratio {:.3}",
        tg.as_secs_f64() * 1e3,
        th.as_secs_f64() * 1e3,
        tg.as_secs_f64() / th.as_secs_f64(),
    );
}

fn main() {
    let s = stream();
    let bare = bare_stream();
    // For profilers: `ORDER_FSM_PROFILE=generated|hand|bare_generated|bare_hand` runs one
    // side in a loop, nothing else.
    if let Ok(side) = std::env::var("ORDER_FSM_PROFILE") {
        for _ in 0..20 {
            match side.as_str() {
                "hand" => drop(black_box(run_hand(&s))),
                "bare_generated" => drop(black_box(run_bare_generated(&bare))),
                "bare_hand" => drop(black_box(run_bare_hand(&bare))),
                _ => drop(black_box(run_generated(&s))),
            }
        }
        return;
    }
    // Same machine, same stream: same outcome.
    let g = run_generated(&s);
    let h = run_hand(&s);
    assert_eq!(g, h, "generated and hand-written machines disagree");
    let bg = run_bare_generated(&bare);
    assert_eq!(
        bg,
        run_bare_hand(&bare),
        "generated and hand-written 200-state machines disagree"
    );
    // Some events are taken and some refused, or the comparison says little.
    assert!(bg.0 > 0 && bg.0 < STREAM_LEN as u64 / 2, "{bg:?}");

    let mut c = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5))
        .configure_from_args();
    let mut group = c.benchmark_group("dispatch_10M");
    group.bench_function("generated", |b| b.iter(|| run_generated(black_box(&s))));
    group.bench_function("hand_written_match", |b| b.iter(|| run_hand(black_box(&s))));
    group.bench_function("bare200_generated", |b| {
        b.iter(|| run_bare_generated(black_box(&bare)))
    });
    group.bench_function("bare200_hand_written_match", |b| {
        b.iter(|| run_bare_hand(black_box(&bare)))
    });
    group.finish();
    c.final_summary();

    report(
        "order",
        medians(
            5,
            || run_generated(black_box(&s)),
            || run_hand(black_box(&s)),
        ),
    );
    println!("  (rejected {}, actions {})", g.0, g.1);
    report(
        "bare200",
        medians(
            5,
            || run_bare_generated(black_box(&bare)),
            || run_bare_hand(black_box(&bare)),
        ),
    );
    println!("  (rejected {})", bg.0);
}
