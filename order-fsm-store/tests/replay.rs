//! The replay that the store's tests trust must itself fail on a log a faulty store could
//! write: a reminder run twice in one entry, a row naming the wrong line, a reminder run
//! before its delay. A real log (reminder, payment, refund refused, the same reminder
//! never again) replays; each doctored copy of it does not.

use crate::common;

use common::*;
use order_fsm::Machine;
use order_fsm_store::LogEntry;

const MIN: u64 = 60;

/// Create, the 25-minute reminder, pay, ask for a refund, refusal (back in Paid, a new
/// entry), then the 7-day timeout of that entry.
fn real_log() -> Vec<LogEntry<Order>> {
    let db = SqliteDb::new("replay");
    let (s, clock) = store(&db);
    let mut c = db.connect();
    let o = id(1);
    s.create(&o).run(&mut c, &mut yes()).expect("create");
    clock.advance_secs(25 * MIN);
    let r = s.fire_due_timers(&mut c, &mut yes(), 10).expect("timers");
    assert_eq!(r.reminders, 1, "{r:?}");
    clock.advance_secs(MIN);
    for e in [
        pay(100),
        OrderEvent::RequestRefund { reason: "r".into() },
        OrderEvent::RejectRefund { reason: "r".into() },
    ] {
        let out = s.fire(&o, &e).run(&mut c, &mut yes()).expect("apply");
        assert!(out.is_applied(), "{e:?}: {out:?}");
    }
    clock.advance_secs(7 * 86_400);
    let r = s.fire_due_timers(&mut c, &mut yes(), 10).expect("timers");
    assert_eq!(r.fired, 1, "{r:?}");
    s.read(&o).history(&mut c).expect("log")
}

/// A line's identity, checked to be one of the spec's.
fn identity(key: &str) -> String {
    assert!(Order::INFO.line_by_identity(key).is_some(), "no line {key}");
    key.to_string()
}

fn renumber(mut log: Vec<LogEntry<Order>>) -> Vec<LogEntry<Order>> {
    for (i, e) in log.iter_mut().enumerate() {
        e.seq = i as i64 + 1;
    }
    log
}

#[test]
fn the_real_log_replays_and_doctored_ones_do_not() {
    let m = model();
    let log = real_log();
    assert_eq!(log.len(), 6, "{log:#?}");
    assert_eq!(replay(&m, &log), Ok(OrderState::Refunding));
    let reminder = log[1].clone();
    assert_eq!(
        (reminder.from.as_ref().map(state), state(&reminder.to)),
        (Some(OrderState::Created), OrderState::Created)
    );
    assert_eq!(reminder.timeout_seconds, Some(25 * 60));

    // The reminder run twice in the same entry.
    let mut twice = log.clone();
    twice.insert(2, reminder.clone());
    let err = replay(&m, &renumber(twice)).expect_err("a reminder run twice");
    assert!(err.contains("twice"), "{err}");

    // The 7-day timeout of the second Paid entry, written one second after that entry began.
    let mut early = log.clone();
    early[5].at = early[4].at + 1000;
    let err = replay(&m, &early).expect_err("a timeout before its delay");
    assert!(err.contains("before"), "{err}");

    // The reminder row naming the auto-close line, with the reminder's delay.
    let mut wrong = log.clone();
    wrong[1].line_id = Some(identity("Created|after|Cancelled|-"));
    assert!(
        replay(&m, &wrong).is_err(),
        "a reminder row naming the close line"
    );

    // A reminder row naming a line that is no reminder of the state at all.
    let mut foreign = log.clone();
    foreign[1].line_id = Some(identity("Paid|after|Refunding|-"));
    assert!(replay(&m, &foreign).is_err(), "a line of another state");

    // The payment row naming the cancel line (same from, another event's line).
    let mut other = log.clone();
    other[2].line_id = Some(identity("Created|on Cancel|Cancelled|-"));
    assert!(
        replay(&m, &other).is_err(),
        "the payment naming the cancel line"
    );

    // A row whose line identity is missing.
    let mut none = log.clone();
    none[3].line_id = None;
    assert!(replay(&m, &none).is_err(), "a row without a line");

    // And the honest log still replays after all that cloning.
    assert_eq!(replay(&m, &log), Ok(OrderState::Refunding));
}

/// The audit trail reads as what happened: a reminder as a reminder in its state (not a move
/// to itself), each delay as the spec writes it, with the timeout's own words.
#[test]
fn the_audit_trail_names_reminders_and_delays_as_written() {
    let lines: Vec<String> = real_log().iter().map(ToString::to_string).collect();
    assert_eq!(lines[0], "#1 created in 待付款 (Created)", "{lines:#?}");
    assert_eq!(
        lines[1], "#2 reminder in 待付款 (Created) after 25m: 付款提醒：5 分钟后自动关闭 (stays)",
        "{lines:#?}"
    );
    assert_eq!(
        lines[5], "#6 待发货 (Paid) -> 退款中 (Refunding) after 7d: 超时未发货，自动退款",
        "{lines:#?}"
    );
    assert!(lines.iter().all(|l| !l.contains("00s")), "{lines:#?}");
}
