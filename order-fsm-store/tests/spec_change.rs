//! Timers after a spec change: lines that are gone are dropped, a changed delay is re-armed
//! from the entry time, and a stored rejection is still read back.

mod common;

use common::*;
use order_fsm::StateMachine;
use order_fsm_store::{Clock, Id, Store};

/// The next version of `specs/order.fsm`: the unpaid close after 1h instead of 30m, and no
/// automatic refund 7 days after payment.
mod v2 {
    use super::StateMachine;
    #[derive(StateMachine)]
    #[fsm(spec = "tests/specs/order_v2.fsm", machine = "Order")]
    pub struct Order;
}

fn spec_change<D: TestDb>(db: &D) {
    let (s1, clock) = store(db);
    let mut c = db.connect();
    let mut h = yes();
    s1.create(&mut c, &id(1)).expect("create");
    s1.create(&mut c, &id(2)).expect("create");
    clock.advance_secs(600);
    s1.apply(&mut c, &id(2), &pay(1), None, None, &mut h)
        .expect("pay");
    clock.advance_secs(600);

    let s2 = Store::<v2::Order, i64>::new(order_fsm_store::Options::new(db.dialect()))
        .expect("store v2")
        .with_clock(clock.clone());
    assert_eq!(s2.layout().timers, s1.layout().timers);
    assert_ne!(s2.spec_hash(), s1.spec_hash());
    let r = s2.migrate(&mut c).expect("migrate v2");
    // Order 1's 30m line and order 2's 7d line are gone; order 1's 1h line is armed from
    // the moment it entered Created.
    assert_eq!((r.dropped, r.rearmed, r.armed), (2, 0, 1), "{r:?}");
    let t = s2.timers(&mut c, &Id::new(1)).expect("timers");
    assert_eq!(t.len(), 1);
    assert_eq!((t[0].state_version, t[0].due_at), (0, T0 + 3_600_000));
    assert!(t[0].line_id.contains("after 3600s"), "{t:?}");
    assert!(s2.timers(&mut c, &Id::new(2)).expect("timers").is_empty());
    // Running it again changes nothing.
    let r = s2.reconcile_timers(&mut c).expect("again");
    assert_eq!((r.dropped, r.rearmed, r.armed), (0, 0, 0));

    let mut h2 =
        order_fsm_store::GuardFn(|_: v2::OrderGuard, _: &order_fsm::Context<'_, v2::Order>| true);
    clock.set(T0 + 40 * 60_000);
    assert_eq!(
        s2.fire_due_timers(&mut c, &mut h2, 10).expect("scan").fired,
        0
    );
    clock.set(T0 + 3_600_000);
    assert_eq!(
        s2.fire_due_timers(&mut c, &mut h2, 10).expect("scan").fired,
        1
    );
    assert_eq!(
        s2.load(&mut c, &Id::new(1))
            .expect("load")
            .expect("o")
            .state,
        v2::OrderState::Cancelled
    );
    clock.set(clock.now_ms() + 30 * 86_400_000);
    assert_eq!(
        s2.fire_due_timers(&mut c, &mut h2, 10).expect("scan").fired,
        0
    );
    let o2 = s2.load(&mut c, &Id::new(2)).expect("load").expect("o");
    assert_eq!(o2.state, v2::OrderState::Paid);
    // The audit trail written under the first spec still reads.
    let log = s2.history(&mut c, &Id::new(2)).expect("log");
    assert_eq!(log.len(), 2);
    assert_eq!(log[1].spec_hash, s1.spec_hash());
    assert_eq!(log[1].event, Some(v2::OrderEventKind::Pay));
}

#[test]
fn sqlite_spec_change() {
    spec_change(&SqliteDb::new("spec_change"));
}

#[test]
fn postgres_spec_change() {
    if let Some(db) = PgDb::new("spec_change") {
        spec_change(&db);
    }
}
