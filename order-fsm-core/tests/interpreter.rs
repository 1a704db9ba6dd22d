//! The decision rules of the language, pinned directly on the interpreter.

use order_fsm_core::interp::{Input, Interpreter, Rejection};
use order_fsm_core::model::{GuardIx, Machine, StateIx};

fn machine(src: &str) -> Machine {
    let c = order_fsm_core::compile("t.fsm", src);
    assert!(!c.has_errors(), "{}", c.render());
    c.spec.expect("spec").machines.remove(0)
}

const REFUND: &str = r#"
machine Refund "退款" {
  role buyer   "买家"
  role service "客服"
  state Requested "待审核" initial
  state Approved  "已同意"
  state Manual    "人工审核"
  state Rejected  "已驳回" final
  state Done      "已退款" final
  state Closed    "已关闭" final
  event Review "审核" by service
  event Close  "关闭" by service, buyer
  event Pay    "打款"
  Requested -> Approved on Review if small "小额"
  Requested -> Manual   on Review if risky "高风险"
  Requested -> Rejected on Review
  Requested -> Closed   on Close by buyer
  any       -> Done     on Close by service
  Approved  -> Done     on Pay
  Approved  -> Done     after 1d if auto_pay "自动打款"
  Approved  -> Closed   after 2d
  Manual    -> Closed   after 30m
}
"#;

fn st(m: &Machine, id: &str) -> StateIx {
    m.state_ix(id).expect("state")
}

#[test]
fn guarded_alternatives_are_tried_in_order_and_the_unguarded_one_is_otherwise() {
    let m = machine(REFUND);
    let i = Interpreter::new(&m);
    let review = m.event_ix("Review").expect("event");
    let service = m.role_ix("service");
    let (small, risky) = (
        m.guard_ix("small").expect("g"),
        m.guard_ix("risky").expect("g"),
    );
    let run = |answers: &[(GuardIx, bool)]| {
        let mut asked = Vec::new();
        let r = i.step(
            st(&m, "Requested"),
            Input::Event {
                event: review,
                actor: service,
            },
            |g| {
                asked.push(g);
                answers
                    .iter()
                    .find(|(x, _)| *x == g)
                    .is_none_or(|(_, v)| *v)
            },
        );
        (r.map(|t| m.state(t.to).id.text.clone()), asked)
    };
    assert_eq!(run(&[]), (Ok("Approved".to_string()), vec![small]));
    assert_eq!(
        run(&[(small, false)]),
        (Ok("Manual".to_string()), vec![small, risky])
    );
    assert_eq!(
        run(&[(small, false), (risky, false)]),
        (Ok("Rejected".to_string()), vec![small, risky])
    );
}

#[test]
fn a_line_naming_the_state_wins_over_an_any_line() {
    let m = machine(REFUND);
    let i = Interpreter::new(&m);
    let close = m.event_ix("Close").expect("event");
    // In Requested the buyer's explicit line applies; the `any` line is for service.
    let t = i.step(
        st(&m, "Requested"),
        Input::Event {
            event: close,
            actor: m.role_ix("buyer"),
        },
        |_| true,
    );
    assert_eq!(t.map(|t| t.to), Ok(st(&m, "Closed")));
    let t = i.step(
        st(&m, "Requested"),
        Input::Event {
            event: close,
            actor: m.role_ix("service"),
        },
        |_| true,
    );
    assert_eq!(t.map(|t| t.to), Ok(st(&m, "Done")));
    // In Manual only the `any` line exists, and the buyer may not use it.
    let r = i.step(
        st(&m, "Manual"),
        Input::Event {
            event: close,
            actor: m.role_ix("buyer"),
        },
        |_| true,
    );
    match r {
        Err(Rejection::RoleNotAllowed { allowed, .. }) => {
            assert_eq!(allowed, vec![m.role_ix("service").expect("role")])
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn rejections_come_in_a_fixed_order() {
    let m = machine(REFUND);
    let i = Interpreter::new(&m);
    let pay = m.event_ix("Pay").expect("event");
    let review = m.event_ix("Review").expect("event");
    // Final first, whatever the event.
    assert!(matches!(
        i.step(
            st(&m, "Done"),
            Input::Event {
                event: review,
                actor: None
            },
            |_| true
        ),
        Err(Rejection::FinalState { .. })
    ));
    // Then: no line for the event here.
    assert!(matches!(
        i.step(
            st(&m, "Requested"),
            Input::Event {
                event: pay,
                actor: None
            },
            |_| true
        ),
        Err(Rejection::NoTransition { .. })
    ));
    // Then the role, before any guard is asked.
    let mut asked = 0;
    let r = i.step(
        st(&m, "Requested"),
        Input::Event {
            event: review,
            actor: m.role_ix("buyer"),
        },
        |_| {
            asked += 1;
            true
        },
    );
    assert!(matches!(r, Err(Rejection::RoleNotAllowed { .. })));
    assert_eq!(asked, 0);
    // A `None` actor is trusted.
    assert!(i
        .step(
            st(&m, "Requested"),
            Input::Event {
                event: review,
                actor: None
            },
            |_| true
        )
        .is_ok());
}

#[test]
fn guards_that_all_say_no_are_listed() {
    let src = REFUND.replace("  Requested -> Rejected on Review\n", "");
    let m = machine(&src);
    let i = Interpreter::new(&m);
    let review = m.event_ix("Review").expect("event");
    let r = i.step(
        st(&m, "Requested"),
        Input::Event {
            event: review,
            actor: None,
        },
        |_| false,
    );
    match &r {
        Err(Rejection::GuardFailed { failed, .. }) => {
            assert_eq!(
                *failed,
                vec![
                    m.guard_ix("small").expect("g"),
                    m.guard_ix("risky").expect("g")
                ]
            )
        }
        other => panic!("{other:?}"),
    }
    let text = r.err().map(|r| r.explain(&m)).unwrap_or_default();
    assert!(text.contains("`small` (\"小额\")"), "{text}");
}

#[test]
fn timeouts_fire_shortest_first_and_only_when_due() {
    let m = machine(REFUND);
    let i = Interpreter::new(&m);
    let approved = st(&m, "Approved");
    let wait = |secs: u64, auto: bool| {
        i.step(approved, Input::Wait { seconds: secs }, |_| auto)
            .map(|t| m.state(t.to).id.text.clone())
    };
    assert!(matches!(
        wait(3600, true),
        Err(Rejection::NoTimeoutDue { .. })
    ));
    assert_eq!(wait(86_400, true), Ok("Done".to_string()));
    // The guarded 1d timeout says no: nothing else is due yet.
    assert!(
        matches!(wait(86_400, false), Err(Rejection::NoTimeoutDue { ref failed, .. }) if failed.len() == 1)
    );
    // After 2d the unguarded one is due too.
    assert_eq!(wait(2 * 86_400, false), Ok("Closed".to_string()));
    // Final states never time out.
    assert!(matches!(
        i.step(st(&m, "Done"), Input::Wait { seconds: u64::MAX }, |_| true),
        Err(Rejection::FinalState { .. })
    ));
}

#[test]
fn permitted_events_are_the_buttons_to_show() {
    let m = machine(REFUND);
    let i = Interpreter::new(&m);
    let names = |s: &str, role: &str| -> Vec<String> {
        i.permitted_events(st(&m, s), m.role_ix(role))
            .into_iter()
            .map(|e| m.event(e).id.text.clone())
            .collect()
    };
    assert_eq!(names("Requested", "buyer"), vec!["Close"]);
    assert_eq!(names("Requested", "service"), vec!["Review", "Close"]);
    assert_eq!(names("Approved", "buyer"), vec!["Pay"]);
    assert!(names("Done", "service").is_empty());
    assert!(i.can_fire(
        st(&m, "Manual"),
        m.event_ix("Close").expect("e"),
        m.role_ix("service")
    ));
    assert!(!i.can_fire(
        st(&m, "Manual"),
        m.event_ix("Close").expect("e"),
        m.role_ix("buyer")
    ));
}

const REMIND: &str = r#"
machine Order "订单" {
  state Created   "待付款" initial
  state Paid      "待发货"
  state Cancelled "已关闭" final
  state Done      "已完成" final
  event Pay    "付款"
  event Remark "备注"
  event Nudge  "催单"
  event Ship   "发货"
  Created -> Paid on Pay
  Created -> Cancelled after 30m "超时关闭" then release_stock
  Created after 30m "关闭前通知" then notify_closing
  Created after 25m "付款提醒" if buyer_reachable then remind_buyer
  Created after 10m "首次提醒" then first_reminder
  Paid on Remark then save_remark
  Paid -> Paid on Nudge then nudge_seller
  Paid after 2h "发货提醒" then remind_seller
  Paid -> Done on Ship
}
"#;

fn names(m: &Machine, taken: &[order_fsm_core::interp::Taken]) -> Vec<String> {
    taken
        .iter()
        .map(|t| {
            let line = m.transition(t.transition);
            line.actions
                .iter()
                .map(|a| m.action(*a).id.text.clone())
                .collect::<Vec<_>>()
                .join(",")
        })
        .collect()
}

#[test]
fn reminders_run_in_order_of_delay_and_before_a_leaving_timeout_due_at_the_same_moment() {
    let m = machine(REMIND);
    let i = Interpreter::new(&m);
    let created = st(&m, "Created");
    let reachable = m.guard_ix("buyer_reachable").expect("guard");
    // 26 minutes: both earlier reminders run, nothing leaves.
    let w = i.wait(created, 26 * 60, |_| true, |_| true);
    assert_eq!(names(&m, &w.reminders), ["first_reminder", "remind_buyer"]);
    assert!(matches!(w.outcome, Err(Rejection::NoTimeoutDue { .. })));
    for r in &w.reminders {
        assert_eq!(r.to, created);
        assert!(r.stays(&m));
    }
    // 30 minutes: the reminder due at 30m runs before the close, though written after it.
    let w = i.wait(created, 30 * 60, |_| true, |_| true);
    assert_eq!(
        names(&m, &w.reminders),
        ["first_reminder", "remind_buyer", "notify_closing"]
    );
    let close = w.outcome.expect("closes");
    assert_eq!(close.to, st(&m, "Cancelled"));
    assert!(!close.stays(&m));
    // A guard that says no keeps the reminder from running; the others still run.
    let w = i.wait(created, 30 * 60, |_| true, |g| g != reachable);
    assert_eq!(
        names(&m, &w.reminders),
        ["first_reminder", "notify_closing"]
    );
    // Reminders already decided in this entry are not run again.
    let ten = m
        .transitions
        .iter()
        .position(|t| t.timeout_seconds() == Some(600))
        .expect("10m line");
    let w = i.wait(created, 26 * 60, |ix| ix.index() != ten, |_| true);
    assert_eq!(names(&m, &w.reminders), ["remind_buyer"]);
    // `step` is the outcome of a wait in a fresh entry.
    assert_eq!(
        i.step(created, Input::Wait { seconds: 30 * 60 }, |_| true)
            .map(|t| t.to),
        Ok(st(&m, "Cancelled"))
    );
}

#[test]
fn a_line_without_a_target_keeps_the_state_and_a_line_back_into_it_re_enters() {
    let m = machine(REMIND);
    let i = Interpreter::new(&m);
    let paid = st(&m, "Paid");
    let ev = |id: &str| Input::Event {
        event: m.event_ix(id).expect("event"),
        actor: None,
    };
    let remark = i.step(paid, ev("Remark"), |_| true).expect("taken");
    assert_eq!((remark.from, remark.to), (paid, paid));
    assert!(remark.stays(&m));
    let nudge = i.step(paid, ev("Nudge"), |_| true).expect("taken");
    assert_eq!(nudge.to, paid);
    assert!(!nudge.stays(&m), "`Paid -> Paid` is a re-entry");
}

#[test]
fn scenarios_run_each_reminder_once_per_entry() {
    use order_fsm_core::scenario::run_steps;
    let src = REMIND.replace(
        "  Paid -> Done on Ship\n",
        "  Paid -> Done on Ship\n  scenario \"s\" from Paid { after 2h => rejected, after 3h => rejected, Remark, after 4h => rejected, Nudge, after 2h => rejected }\n",
    );
    let m = machine(&src);
    let i = Interpreter::new(&m);
    let sc = &m.scenarios[0];
    let run = run_steps(&i, st(&m, "Paid"), &sc.steps);
    assert!(run.passed(), "{:?}", run.failure);
    let ran: Vec<Vec<String>> = run.trace.iter().map(|t| names(&m, &t.reminders)).collect();
    // The 2h reminder runs once; a line without a target keeps the entry, so it does not
    // run again; `Paid -> Paid` is a new entry, where it runs again.
    let none: Vec<String> = Vec::new();
    assert_eq!(
        ran,
        vec![
            vec!["remind_seller".to_string()],
            none.clone(),
            none.clone(),
            none.clone(),
            none.clone(),
            vec!["remind_seller".to_string()],
        ]
    );
}

#[test]
fn a_reminder_never_shadows_a_later_line_and_is_live_before_a_guarded_close() {
    use order_fsm_core::liveness::Liveness;
    let m = machine(REMIND);
    let live = Liveness::new(Interpreter::new(&m));
    let created = st(&m, "Created");
    for (ix, t) in m.transitions.iter().enumerate() {
        if t.sources.contains(&created) {
            assert!(
                live.is_live(created, order_fsm_core::model::TransitionIx(ix as u32)),
                "line {ix} should be live"
            );
        }
    }
}
