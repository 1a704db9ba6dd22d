//! The generated dynamic API against a hand-written `match` on the same machine
//! (`specs/order.fsm`), over the same 10-million-event pseudo-random stream of events and
//! actors, with the same hooks. Prints both times and their ratio (target ≤ 1.0).
//!
//! Run: `cargo bench -p order-fsm --bench dispatch`

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::Criterion;
use order_fsm::{Context, StateMachine};

#[derive(StateMachine)]
#[fsm(spec = "../specs/order.fsm", machine = "Order")]
pub struct Order;

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

fn best_of(n: usize, f: impl Fn() -> (u64, u64, u64)) -> (Duration, (u64, u64, u64)) {
    let mut best = Duration::MAX;
    let mut out = (0, 0, 0);
    for _ in 0..n {
        let t = Instant::now();
        out = black_box(f());
        best = best.min(t.elapsed());
    }
    (best, out)
}

fn main() {
    let s = stream();
    // For profilers: `ORDER_FSM_PROFILE=generated|hand` runs one side in a loop, nothing else.
    if let Ok(side) = std::env::var("ORDER_FSM_PROFILE") {
        for _ in 0..20 {
            black_box(if side == "hand" {
                run_hand(&s)
            } else {
                run_generated(&s)
            });
        }
        return;
    }
    // Same machine, same stream: same outcome.
    let g = run_generated(&s);
    let h = run_hand(&s);
    assert_eq!(g, h, "generated and hand-written machines disagree");

    let mut c = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5))
        .configure_from_args();
    let mut group = c.benchmark_group("dispatch_10M");
    group.bench_function("generated", |b| b.iter(|| run_generated(black_box(&s))));
    group.bench_function("hand_written_match", |b| b.iter(|| run_hand(black_box(&s))));
    group.finish();
    c.final_summary();

    let (tg, _) = best_of(7, || run_generated(black_box(&s)));
    let (th, _) = best_of(7, || run_hand(black_box(&s)));
    println!(
        "dispatch of {STREAM_LEN} events (best of 7): generated {:.1} ms, hand-written match {:.1} ms, ratio {:.3} (rejected {}, actions {})",
        tg.as_secs_f64() * 1e3,
        th.as_secs_f64() * 1e3,
        tg.as_secs_f64() / th.as_secs_f64(),
        g.0,
        g.1
    );
}
