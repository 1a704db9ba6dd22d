//! Lines that keep the state, through the store: an event handled in place and a reminder
//! keep the entry (the status, its entry time and its pending timers, which move to the new
//! version); a reminder runs once per entry, also when its guard said no; `A -> A` is a new
//! entry whose timers start again.

use crate::common;

use common::*;
use order_fsm::{Context, StateMachine};
use order_fsm_store::{GuardFn, Id, Store};

#[derive(StateMachine)]
#[fsm(spec = "tests/specs/stays.fsm")]
pub struct Ticket;

/// The same machine, reminding after 90 minutes instead of one hour.
mod v2 {
    use super::StateMachine;
    #[derive(StateMachine)]
    #[fsm(spec = "tests/specs/stays_v2.fsm")]
    pub struct Ticket;
}

const MIN: i64 = 60_000;

fn guard(
    answer: bool,
) -> order_fsm::Generic<GuardFn<impl FnMut(TicketGuard, &Context<'_, Ticket>) -> bool>> {
    order_fsm::Generic(GuardFn(move |_: TicketGuard, _: &Context<'_, Ticket>| {
        answer
    }))
}

fn actions<D: TestDb>(s: &Store<Ticket, i64>, c: &mut D::Conn, o: i64) -> Vec<String> {
    s.outbox_rows(c, &Id::new(o))
        .expect("outbox")
        .into_iter()
        .map(|r| r.action)
        .collect()
}

fn stays<D: TestDb>(db: &D) {
    let clock = std::sync::Arc::new(order_fsm_store::ManualClock::new(T0));
    let s = Store::<Ticket, i64>::new(order_fsm_store::Options::new(db.dialect()))
        .expect("store")
        .with_clock(clock.clone());
    let mut c = db.connect();
    s.migrate(&mut c).expect("migrate");
    let id = Id::new(1);
    s.create(&id).run(&mut c, &mut guard(true)).expect("create");

    // An event handled in place: a new version, the same status and entry, the timers kept.
    clock.set(T0 + 10 * MIN);
    s.fire(&id, &TicketEvent::Note)
        .run(&mut c, &mut guard(true))
        .expect("note");
    let v = s.read(&id).view(&mut c).expect("load").expect("ticket");
    assert_eq!((v.state, v.version), (TicketState::Open, 1));
    assert_eq!(v.entered_at, T0);
    let t = s.read(&id).timers(&mut c).expect("timers");
    assert_eq!(t.len(), 2, "{t:?}");
    assert!(t.iter().all(|t| t.state_version == 1), "{t:?}");
    assert_eq!(
        t.iter().map(|t| t.due_at).collect::<Vec<_>>(),
        [T0 + 60 * MIN, T0 + 120 * MIN],
        "still due from the entry"
    );

    // The reminder's guard says no: it is decided for this entry and not asked again.
    clock.set(T0 + 61 * MIN);
    let r = s
        .fire_due_timers(&mut c, &mut guard(false), 10)
        .expect("scan");
    assert_eq!((r.reminders, r.fired, r.rejected), (0, 0, 1), "{r:?}");
    clock.set(T0 + 90 * MIN);
    let r = s
        .fire_due_timers(&mut c, &mut guard(true), 10)
        .expect("scan");
    assert_eq!((r.reminders, r.fired), (0, 0), "{r:?}");
    assert_eq!(actions::<D>(&s, &mut c, 1), ["save_note"]);

    // `Open -> Open` is a new entry: the timers start again, the reminder runs in it, once.
    s.fire(&id, &TicketEvent::Reopen)
        .run(&mut c, &mut guard(true))
        .expect("reopen");
    let v = s.read(&id).view(&mut c).expect("load").expect("ticket");
    assert_eq!((v.version, v.entered_at), (2, T0 + 90 * MIN));
    clock.set(T0 + 151 * MIN);
    let r = s
        .fire_due_timers(&mut c, &mut guard(true), 10)
        .expect("scan");
    assert_eq!((r.reminders, r.fired), (1, 0), "{r:?}");
    let v = s.read(&id).view(&mut c).expect("load").expect("ticket");
    assert_eq!(
        (v.state, v.version, v.entered_at),
        (TicketState::Open, 3, T0 + 90 * MIN)
    );
    let r = s
        .fire_due_timers(&mut c, &mut guard(true), 10)
        .expect("scan");
    assert_eq!((r.reminders, r.fired), (0, 0), "{r:?}");
    // A spec change that moves the reminder later does not run it again in this entry.
    let s2 = Store::<v2::Ticket, i64>::new(order_fsm_store::Options::new(db.dialect()))
        .expect("store v2")
        .with_clock(clock.clone());
    s2.migrate(&mut c).expect("migrate v2");
    clock.set(T0 + 181 * MIN);
    let r = s2
        .fire_due_timers(
            &mut c,
            &mut order_fsm::Generic(GuardFn(
                |_: v2::TicketGuard, _: &Context<'_, v2::Ticket>| true,
            )),
            10,
        )
        .expect("scan v2");
    assert_eq!((r.reminders, r.fired), (0, 0), "{r:?}");
    s.migrate(&mut c).expect("back to the first version");
    // The close falls due two hours after the re-entry, not after the reminder.
    clock.set(T0 + 209 * MIN);
    let r = s
        .fire_due_timers(&mut c, &mut guard(true), 10)
        .expect("scan");
    assert_eq!((r.reminders, r.fired), (0, 0), "{r:?}");
    clock.set(T0 + 210 * MIN);
    let r = s
        .fire_due_timers(&mut c, &mut guard(true), 10)
        .expect("scan");
    assert_eq!((r.reminders, r.fired), (0, 1), "{r:?}");
    assert_eq!(
        actions::<D>(&s, &mut c, 1),
        ["save_note", "restart_clock", "nudge", "close_ticket"]
    );
    let log = s.read(&id).history(&mut c).expect("log");
    let to: Vec<TicketState> = log.iter().filter_map(|e| e.to.state()).collect();
    assert_eq!(
        to,
        [
            TicketState::Open,
            TicketState::Open,
            TicketState::Open,
            TicketState::Open,
            TicketState::Closed
        ]
    );
    assert_eq!(log[1].line_id.as_deref(), Some("Open|on Note|=|-"));
    assert_eq!(log[3].line_id.as_deref(), Some("Open|after|=|unanswered"));
    assert!(s.read(&id).timers(&mut c).expect("timers").is_empty());
}

#[test]
fn sqlite_lines_that_keep_the_state() {
    stays(&SqliteDb::new("stays"));
}

#[test]
fn postgres_lines_that_keep_the_state() {
    if let Some(db) = PgDb::new("stays") {
        stays(&db);
    }
}
