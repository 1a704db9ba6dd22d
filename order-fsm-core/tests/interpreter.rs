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
