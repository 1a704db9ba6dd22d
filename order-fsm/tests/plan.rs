//! `order_fsm::plan`: decisions without actions, timers per entry, rejections as data.

use order_fsm::plan::{self, Entry, RejectionRecord, TimerDecision, TimerFate};
use order_fsm::{Context, FireError, GenericHooks, Machine, Rejection, StateMachine};

#[derive(StateMachine)]
#[fsm(spec = "../specs/order.fsm", machine = "Order")]
pub struct Order;

/// Guards with fixed answers; actions recorded.
struct Rec {
    pay_ok: bool,
    risk: bool,
    ran: Vec<OrderAction>,
}

impl GenericHooks<Order> for Rec {
    type Error = String;
    fn guard(&self, g: OrderGuard, _: &Context<'_, Order>) -> bool {
        match g {
            OrderGuard::PaymentVerified => self.pay_ok,
            OrderGuard::RiskConfirmed => self.risk,
        }
    }
    fn action(&mut self, a: OrderAction, _: &Context<'_, Order>) -> Result<(), String> {
        self.ran.push(a);
        Ok(())
    }
}

fn events() -> Vec<OrderEvent> {
    vec![
        OrderEvent::Pay {
            amount_cents: 1,
            channel: "x".into(),
        },
        OrderEvent::Cancel,
        OrderEvent::Ship {
            carrier: "c".into(),
            waybill_no: "w".into(),
        },
        OrderEvent::Sign,
        OrderEvent::Confirm,
        OrderEvent::RequestRefund { reason: "r".into() },
        OrderEvent::ApproveRefund,
        OrderEvent::RejectRefund { reason: "r".into() },
        OrderEvent::ForceClose,
    ]
}

#[test]
fn decide_is_fire_without_actions_and_rejections_round_trip() {
    let roles: Vec<Option<OrderRole>> = std::iter::once(None)
        .chain(OrderRole::ALL.iter().copied().map(Some))
        .collect();
    let mut rejections = 0;
    for &state in OrderState::ALL {
        for e in events() {
            for &actor in &roles {
                for (pay_ok, risk) in [(true, true), (false, false), (true, false)] {
                    let mut h = Rec {
                        pay_ok,
                        risk,
                        ran: Vec::new(),
                    };
                    let fired = order_fsm::fire::<Order, _>(state, &e, actor, &mut h);
                    let decided = plan::decide::<Order>(state, &e, actor, |g, c| h.guard(g, c));
                    match (&fired, &decided) {
                        (Ok(a), Ok(b)) => {
                            assert_eq!(a, b);
                            assert_eq!(h.ran, plan::actions::<Order>(b));
                        }
                        (Err(FireError::Rejected(a)), Err(b)) => {
                            assert_eq!(a, b);
                            let rec = RejectionRecord::of(b);
                            assert_eq!(rec.rebuild::<Order>().as_ref(), Some(b), "{b}");
                            rejections += 1;
                        }
                        other => panic!("{state:?} {e:?} {actor:?}: {other:?}"),
                    }
                }
            }
        }
    }
    assert!(rejections > 100);
    for &state in OrderState::ALL {
        for secs in [0, 1799, 1800, 604_800, 864_000] {
            let mut h = Rec {
                pay_ok: true,
                risk: true,
                ran: Vec::new(),
            };
            let a = order_fsm::elapse::<Order, _>(state, secs, &mut h);
            let b = plan::decide_timeout::<Order>(state, secs, |_, _| true);
            match (a, b) {
                (Ok(a), Ok(b)) => assert_eq!(a, b),
                (Err(FireError::Rejected(a)), Err(b)) => {
                    assert_eq!(a, b);
                    assert_eq!(RejectionRecord::of(&b).rebuild::<Order>(), Some(b));
                }
                other => panic!("{other:?}"),
            }
        }
    }
}

#[test]
fn a_timer_fires_only_for_the_entry_that_armed_it() {
    let paid_7d = plan::timers_on_entry::<Order>(OrderState::Paid)[0];
    assert_eq!(paid_7d.seconds, 7 * 86_400);
    // Paid entered at version 1, then Refunding (2), then Paid again (3).
    let first = Entry::<Order> {
        state: OrderState::Paid,
        version: 1,
    };
    let again = Entry::<Order> {
        state: OrderState::Paid,
        version: 3,
    };
    let all = |_: usize| true;
    let d = plan::fire_timer::<Order>(
        again,
        first.version,
        paid_7d.line,
        7 * 86_400,
        all,
        |_, _| true,
    );
    assert!(matches!(d, TimerDecision::Stale));
    let d = plan::fire_timer::<Order>(
        again,
        again.version,
        paid_7d.line,
        7 * 86_400,
        all,
        |_, _| true,
    );
    match d {
        TimerDecision::Due(w) => {
            assert!(w.reminders.is_empty());
            assert_eq!(w.outcome.map(|t| t.to), Ok(OrderState::Refunding));
        }
        _ => panic!("the current entry's timer fires"),
    }
    // A line that is not a timeout of the state is not fired.
    let created_30m = plan::timers_on_entry::<Order>(OrderState::Created)[0];
    let d = plan::fire_timer::<Order>(
        again,
        again.version,
        created_30m.line,
        7 * 86_400,
        all,
        |_, _| true,
    );
    assert!(matches!(d, TimerDecision::Stale));
    // Final states arm nothing; every transition ends its entry.
    assert!(plan::timers_on_entry::<Order>(OrderState::Completed).is_empty());
    let mut h = Rec {
        pay_ok: true,
        risk: true,
        ran: Vec::new(),
    };
    let t =
        order_fsm::fire::<Order, _>(OrderState::Created, &events()[0], None, &mut h).expect("pay");
    let p = plan::timers_after::<Order>(&t);
    assert!(!p.keeps_entry);
    assert_eq!(p.arm.len(), 1);
    assert_eq!(p.arm[0].line, paid_7d.line);
}

#[test]
fn reconcile_after_a_spec_change() {
    let paid_7d = plan::timers_on_entry::<Order>(OrderState::Paid)[0];
    assert!(!paid_7d.is_reminder());
    for decided in [false, true] {
        assert_eq!(
            plan::reconcile::<Order>(OrderState::Paid, Some(paid_7d.line), 604_800, decided),
            TimerFate::Keep
        );
        assert_eq!(
            plan::reconcile::<Order>(OrderState::Paid, None, 604_800, decided),
            TimerFate::Drop
        );
        assert_eq!(
            plan::reconcile::<Order>(OrderState::Shipped, Some(paid_7d.line), 604_800, decided),
            TimerFate::Drop
        );
    }
    // Armed at 1d, now 7d: a pending timer waits for the new delay; a leaving line whose
    // guard said no at 1d is asked again at 7d, a later time.
    for decided in [false, true] {
        assert_eq!(
            plan::reconcile::<Order>(OrderState::Paid, Some(paid_7d.line), 86_400, decided),
            TimerFate::Rearm {
                seconds: 604_800,
                decided: false
            }
        );
    }
    // Armed at 10d, now 7d: refused at 10d or later, it was asked after 7d as well, so it
    // stays decided; a pending one is simply due earlier.
    assert_eq!(
        plan::reconcile::<Order>(OrderState::Paid, Some(paid_7d.line), 864_000, true),
        TimerFate::Rearm {
            seconds: 604_800,
            decided: true
        }
    );
    assert_eq!(
        plan::reconcile::<Order>(OrderState::Paid, Some(paid_7d.line), 864_000, false),
        TimerFate::Rearm {
            seconds: 604_800,
            decided: false
        }
    );
}

#[test]
fn reconcile_keeps_a_decided_reminder_decided_whatever_its_new_delay() {
    let remind = *plan::timers_on_entry::<Order>(OrderState::Created)
        .iter()
        .find(|t| t.is_reminder())
        .expect("a reminder");
    for armed in [remind.seconds / 2, remind.seconds * 2] {
        assert_eq!(
            plan::reconcile::<Order>(OrderState::Created, Some(remind.line), armed, true),
            TimerFate::Rearm {
                seconds: remind.seconds,
                decided: true
            },
            "armed at {armed}s"
        );
        assert_eq!(
            plan::reconcile::<Order>(OrderState::Created, Some(remind.line), armed, false),
            TimerFate::Rearm {
                seconds: remind.seconds,
                decided: false
            },
            "armed at {armed}s"
        );
    }
    assert_eq!(
        plan::reconcile::<Order>(OrderState::Created, Some(remind.line), remind.seconds, true),
        TimerFate::Keep
    );
}

#[test]
fn permitted_events_list_the_guards_asked() {
    let p = plan::permitted::<Order>(OrderState::Created, Some(OrderRole::Buyer));
    let p: Vec<(OrderEventKind, Vec<OrderGuard>)> =
        p.into_iter().map(|p| (p.event, p.guards)).collect();
    assert_eq!(
        p,
        [
            (OrderEventKind::Pay, vec![OrderGuard::PaymentVerified]),
            (OrderEventKind::Cancel, vec![]),
        ]
    );
    for &s in OrderState::ALL {
        for r in [None, Some(OrderRole::Service)] {
            let listed: Vec<OrderEventKind> = plan::permitted::<Order>(s, r)
                .iter()
                .map(|p| p.event)
                .collect();
            let can: Vec<OrderEventKind> = OrderEventKind::ALL
                .iter()
                .copied()
                .filter(|&e| order_fsm::can_fire::<Order>(s, e, r))
                .collect();
            assert_eq!(listed, can);
        }
    }
    let _ = <Order as Machine>::INITIAL;
    let _: Option<Rejection<Order>> = None;
}

#[test]
fn a_reminder_runs_once_per_entry_and_keeps_the_entry_and_its_timers() {
    let timers = plan::timers_on_entry::<Order>(OrderState::Created);
    let remind = *timers.iter().find(|t| t.is_reminder()).expect("a reminder");
    let close = *timers
        .iter()
        .find(|t| !t.is_reminder())
        .expect("the auto-close");
    assert!(remind.seconds < close.seconds);
    assert_eq!(remind.target, None);
    assert_eq!(close.target, Some(OrderState::Cancelled));
    let entry = Entry::<Order> {
        state: OrderState::Created,
        version: 0,
    };
    let yes = |_: OrderGuard, _: &Context<'_, Order>| true;
    // Its own timer: the reminder runs, the order stays.
    let d = plan::fire_timer::<Order>(
        entry,
        entry.version,
        remind.line,
        remind.seconds,
        |_| false,
        yes,
    );
    let TimerDecision::Due(w) = d else {
        panic!("due")
    };
    assert_eq!(w.reminders.len(), 1);
    assert_eq!(w.decided, [remind.line], "the reminder that ran is decided");
    let r = w.reminders[0];
    assert!(r.stays() && r.is_reminder());
    assert_eq!((r.from, r.to), (OrderState::Created, OrderState::Created));
    assert_eq!(plan::actions::<Order>(&r), &[OrderAction::RemindBuyer]);
    assert!(matches!(w.outcome, Err(Rejection::NoTimeoutDue { .. })));
    let p = plan::timers_after::<Order>(&r);
    assert!(
        p.keeps_entry,
        "a reminder keeps the entry and its other timers"
    );
    assert!(p.arm.is_empty(), "and arms none");
    // The auto-close, the reminder already decided: only the close.
    let d = plan::fire_timer::<Order>(
        entry,
        entry.version,
        close.line,
        close.seconds,
        |_| false,
        yes,
    );
    let TimerDecision::Due(w) = d else {
        panic!("due")
    };
    assert!(w.reminders.is_empty());
    assert!(
        w.decided.is_empty(),
        "a reminder not pending is not decided again"
    );
    assert_eq!(w.outcome.map(|t| t.to), Ok(OrderState::Cancelled));
    // After downtime, the reminder still pending: it runs first, then the close.
    let d = plan::fire_timer::<Order>(
        entry,
        entry.version,
        close.line,
        3600,
        |l| l == remind.line,
        yes,
    );
    let TimerDecision::Due(w) = d else {
        panic!("due")
    };
    assert_eq!(w.reminders.len(), 1);
    assert_eq!(w.outcome.map(|t| t.to), Ok(OrderState::Cancelled));
    // The generated `elapse` (a fresh entry) runs the reminder's action on the way.
    let mut h = Rec {
        pay_ok: true,
        risk: true,
        ran: Vec::new(),
    };
    let t = order_fsm::elapse::<Order, _>(OrderState::Created, 3600, &mut h);
    assert_eq!(t.map(|t| t.to), Ok(OrderState::Cancelled));
    assert_eq!(h.ran, [OrderAction::RemindBuyer, OrderAction::ReleaseStock]);
    // Line identities say that the reminder keeps the state.
    assert_eq!(
        Order::INFO.line_identity(remind.line).as_deref(),
        Some("Created|after|=|-")
    );
}
