//! Timers and outbox rows across a spec change and a rolling deploy: lines that are gone are
//! dropped, a changed delay is re-armed from the entry time, refused and pushed-back timers
//! keep their state, old workers and relays leave rows of the new spec alone, and a stored
//! rejection and audit trail still read.

use crate::common;

use common::*;
use order_fsm::{Context, StateMachine};
use order_fsm::{Generic, GenericStoreHooks};
use order_fsm_store::{Exec, HookError, Id, OutboxMessage, Placement, Publisher, Store, Value};

/// The next version of `specs/order.fsm`: the unpaid close after 1h instead of 30m, no
/// automatic refund 7 days after payment, a shipped order counts as delivered after 3 days
/// without news (with a new action, `mark_signed`) instead of completing after 10, and a
/// guarded close 3 days after payment.
mod v2 {
    use super::StateMachine;
    #[derive(StateMachine)]
    #[fsm(spec = "tests/specs/order_v2.fsm", machine = "Order")]
    pub struct Order;
}

const MIN: i64 = 60_000;
const DAY: i64 = 86_400_000;

/// Hooks of the first version whose `release_stock` runs in the transaction and fails.
struct ReleaseFails;

impl<X: ?Sized> GenericStoreHooks<Order, X> for ReleaseFails {
    fn guard(
        &mut self,
        _: &mut X,
        _: OrderGuard,
        _: &Context<'_, Order>,
    ) -> Result<bool, HookError> {
        Ok(true)
    }
    fn action(
        &mut self,
        _: &mut X,
        action: OrderAction,
        _: &Context<'_, Order>,
    ) -> Result<Placement, HookError> {
        match action {
            OrderAction::ReleaseStock => Err("the warehouse is down".into()),
            _ => Ok(Placement::Outbox),
        }
    }
}

/// Records what it delivers.
#[derive(Default)]
struct Got(Vec<(i64, String)>);

impl<M: order_fsm::Machine> Publisher<M, i64> for Got {
    fn publish(&mut self, m: &OutboxMessage<M, i64>) -> Result<(), HookError> {
        self.0
            .push((m.order.key, order_fsm::Enumerated::id(m.action).to_string()));
        Ok(())
    }
}

fn spec_change<D: TestDb>(db: &D) {
    let (s1, clock) = store(db);
    let mut c = db.connect();
    let mut h = yes();
    // Orders 2, 3 and 4 are placed at T0; order 2 is paid a minute later, order 3 paid and
    // shipped two minutes later; order 4 waits for payment.
    for o in 2..=4 {
        s1.create(&id(o)).run(&mut c, &mut yes()).expect("create");
    }
    clock.set(T0 + MIN);
    s1.fire(&id(2), &pay(1)).run(&mut c, &mut h).expect("pay");
    s1.fire(&id(3), &pay(1)).run(&mut c, &mut h).expect("pay");
    clock.set(T0 + 2 * MIN);
    s1.fire(&id(3), &ship()).run(&mut c, &mut h).expect("ship");
    // At 30 minutes order 4's close fails (its in-transaction action): pushed back a minute.
    clock.set(T0 + 30 * MIN);
    let r = s1
        .fire_due_timers(&mut c, &mut Generic(ReleaseFails), 10)
        .expect("scan");
    // Its payment reminder's timer (25m) and its close's both decide the wait up to now,
    // which runs the failing action: both pushed back, the reminder rolled back with it.
    assert_eq!((r.failed, r.reminders), (2, 0), "{r:?}");
    let pushed = s1.read(&id(4)).timers(&mut c).expect("timers");
    assert_eq!((pushed[0].due_at, pushed[0].attempts), (T0 + 31 * MIN, 1));
    // Reconciling under the same spec leaves the pushed-back timer as it is.
    let r = s1.reconcile_timers(&mut c).expect("reconcile");
    assert_eq!((r.dropped, r.rearmed, r.armed), (0, 0, 0), "{r:?}");
    assert_eq!(s1.read(&id(4)).timers(&mut c).expect("timers"), pushed);
    // Order 1 is placed at 30 minutes.
    s1.create(&id(1)).run(&mut c, &mut yes()).expect("create");

    let s2 = Store::<v2::Order, i64>::new(order_fsm_store::Options::new(db.dialect()))
        .expect("store v2")
        .with_clock(clock.clone());
    assert_eq!(s2.layout().timers, s1.layout().timers);
    assert_ne!(s2.spec_hash(), s1.spec_hash());
    let r = s2.migrate(&mut c).expect("migrate v2");
    // Orders 1 and 4: the close now comes after 1h (same line, new delay), re-armed from
    // their entry; order 4 keeps its failure count. Orders 2 and 3 lose their old lines
    // (7d refund, 10d completion) and get the new ones (3d guarded close, 3d delivery).
    assert_eq!((r.dropped, r.rearmed, r.armed), (2, 2, 2), "{r:?}");
    // Both versions remind the buyer after 25 minutes: that timer is kept as it is.
    let close = |t: Vec<order_fsm_store::TimerRow>| {
        t.into_iter()
            .find(|t| t.line_id == "Created|after|Cancelled|-")
            .expect("the close's timer")
    };
    let t1 = s2.read(&Id::new(1)).timers(&mut c).expect("timers");
    assert_eq!(t1.len(), 2);
    assert_eq!(
        (t1[0].line_id.as_str(), t1[0].due_at),
        ("Created|after|=|-", T0 + 55 * MIN)
    );
    let t1 = close(t1);
    assert_eq!(
        (t1.state_version, t1.due_at, t1.delay_seconds),
        (0, T0 + 90 * MIN, 3600)
    );
    let t4 = close(s2.read(&Id::new(4)).timers(&mut c).expect("timers"));
    assert_eq!((t4.due_at, t4.attempts), (T0 + 60 * MIN, 1));
    let t2 = s2.read(&Id::new(2)).timers(&mut c).expect("timers");
    assert_eq!(t2.len(), 1);
    assert_eq!(
        (t2[0].line_id.as_str(), t2[0].due_at),
        ("Paid|after|Cancelled|risk_confirmed", T0 + 3 * DAY + MIN)
    );
    let t3 = s2.read(&Id::new(3)).timers(&mut c).expect("timers");
    assert_eq!(
        (t3[0].line_id.as_str(), t3[0].due_at),
        ("Shipped|after|Delivered|-", T0 + 3 * DAY + 2 * MIN)
    );
    // Running it again changes nothing.
    let r = s2.reconcile_timers(&mut c).expect("again");
    assert_eq!((r.dropped, r.rearmed, r.armed), (0, 0, 0));

    // At 40 minutes nothing is due under the new delays.
    let mut no_risk = order_fsm::Generic(order_fsm_store::GuardFn(
        |_: v2::OrderGuard, _: &Context<'_, v2::Order>| false,
    ));
    clock.set(T0 + 40 * MIN);
    let r = s2.fire_due_timers(&mut c, &mut no_risk, 10).expect("scan");
    assert_eq!(r.fired + r.failed, 0, "{r:?}");

    // Three days on, an instance of the first version still runs (a rolling deploy): its
    // worker fires the lines both versions have (orders 1 and 4 close) and leaves the new
    // lines' timers alone.
    clock.set(T0 + 3 * DAY + 3 * MIN);
    let r = s1.fire_due_timers(&mut c, &mut h, 10).expect("old worker");
    assert_eq!((r.fired, r.stale, r.rejected), (2, 0, 0), "{r:?}");
    assert_eq!(
        s2.read(&Id::new(2)).timers(&mut c).expect("timers").len(),
        1
    );
    assert_eq!(
        s2.read(&Id::new(3)).timers(&mut c).expect("timers").len(),
        1
    );
    // The new worker: order 3 is delivered; order 2's guard says no, and its timer is kept,
    // marked refused.
    let r = s2
        .fire_due_timers(&mut c, &mut no_risk, 10)
        .expect("new worker");
    assert_eq!((r.fired, r.rejected), (1, 1), "{r:?}");
    assert_eq!(
        s2.read(&Id::new(3))
            .view(&mut c)
            .expect("load")
            .expect("o")
            .state,
        v2::OrderState::Delivered
    );
    let t2 = s2.read(&Id::new(2)).timers(&mut c).expect("timers");
    assert_eq!(t2[0].refused_at, Some(T0 + 3 * DAY + 3 * MIN), "{t2:?}");
    // A migration (every instance runs one as it starts) does not arm it again, and no
    // scan asks the guards again.
    let r = s2.migrate(&mut c).expect("migrate again");
    assert_eq!((r.dropped, r.rearmed, r.armed), (0, 0, 0), "{r:?}");
    clock.set(T0 + 4 * DAY);
    let r = s2.fire_due_timers(&mut c, &mut no_risk, 10).expect("scan");
    assert_eq!((r.fired, r.rejected), (0, 0), "{r:?}");
    assert_eq!(
        s2.read(&Id::new(2))
            .view(&mut c)
            .expect("load")
            .expect("o")
            .state,
        v2::OrderState::Paid
    );

    // The old relay delivers the actions it knows and leaves `mark_signed` (new) waiting, for
    // as long as its grace for actions it does not know lasts (two days here; the row was
    // written by the scan a day ago).
    let mut old = Got::default();
    let s1 = s1.with_outbox(order_fsm_store::OutboxConfig {
        unknown_action_grace_ms: 2 * DAY,
        ..order_fsm_store::OutboxConfig::default()
    });
    s1.relay_all(&mut c, &mut old, 20).expect("old relay");
    assert!(
        !old.0.iter().any(|(_, a)| a == "mark_signed"),
        "{:?}",
        old.0
    );
    assert!(s1.dead_letters(&mut c, 10).expect("dead").is_empty());
    assert_eq!(s1.outbox_backlog(&mut c).expect("backlog").0, 1);
    let mut new = Got::default();
    s2.relay_all(&mut c, &mut new, 20).expect("new relay");
    assert_eq!(new.0, [(3, "mark_signed".to_string())]);
    assert_eq!(s2.outbox_backlog(&mut c).expect("backlog").0, 0);

    // The audit trail written under the first spec still reads.
    let log = s2.read(&Id::new(2)).history(&mut c).expect("log");
    assert_eq!(log.len(), 2);
    assert_eq!(log[1].spec_hash, s1.spec_hash());
    assert_eq!(log[1].event, Some(v2::OrderEventKind::Pay));
    let log = s2.read(&Id::new(3)).history(&mut c).expect("log");
    assert_eq!(
        log.last().expect("row").line_id.as_deref(),
        Some("Shipped|after|Delivered|-")
    );
}

/// Rolling back to a spec without an action: its pending outbox rows become dead letters
/// at the migration (never at a relay), and can be retried once a version that has it runs.
fn migrating_a_spec_without_an_action_dead_letters_its_rows<D: TestDb>(db: &D) {
    let (s1, _) = store(db);
    let mut c = db.connect();
    let s2 = Store::<v2::Order, i64>::new(order_fsm_store::Options::new(db.dialect()))
        .expect("store v2");
    // A row the new spec wrote for order 9's first log row (a relay delivers only rows
    // whose order and log row exist).
    s1.create(&id(9)).run(&mut c, &mut yes()).expect("create");
    let q = format!(
        "INSERT INTO {} (\"order_id\", \"seq\", \"action\", \"next_attempt_at\") VALUES (9, 1, 'mark_signed', {})",
        s1.layout().outbox,
        s1.now_ms()
    );
    c.execute(&q, &[]).expect("row of the new spec");
    let mut got = Got::default();
    s1.relay_all(&mut c, &mut got, 5).expect("old relay");
    assert!(got.0.is_empty());
    assert!(s1.dead_letters(&mut c, 10).expect("dead").is_empty());
    s1.migrate(&mut c).expect("migrate v1");
    let dead = s1.dead_letters(&mut c, 10).expect("dead");
    assert_eq!(dead.len(), 1);
    assert!(
        dead[0]
            .last_error
            .as_deref()
            .is_some_and(|e| e.contains("mark_signed")),
        "{dead:?}"
    );
    assert!(s2
        .retry_dead_letter(&mut c, dead[0].outbox_id)
        .expect("retry"));
    let mut got = Got::default();
    s2.relay_all(&mut c, &mut got, 5).expect("new relay");
    assert_eq!(got.0, [(9, "mark_signed".to_string())]);
    let _ = Value::Null;
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

#[test]
fn sqlite_migrating_a_spec_without_an_action_dead_letters_its_rows() {
    migrating_a_spec_without_an_action_dead_letters_its_rows(&SqliteDb::new("rollback"));
}

#[test]
fn postgres_migrating_a_spec_without_an_action_dead_letters_its_rows() {
    if let Some(db) = PgDb::new("rollback") {
        migrating_a_spec_without_an_action_dead_letters_its_rows(&db);
    }
}
