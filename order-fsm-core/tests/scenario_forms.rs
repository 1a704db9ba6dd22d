//! The scenario forms `{ => State }`, `after 26m => State` and `=> rejected, still State`.

use order_fsm_core::model::Expect;

fn compile(text: &str) -> order_fsm_core::Compiled {
    order_fsm_core::compile("forms.fsm", text)
}

const BASE: &str = r#"machine Order "订单" {
  state Created   "待付款"   initial
  state Paid      "待发货"
  state Cancelled "交易关闭" final
  event Pay    "付款"
  event Cancel "取消订单"
  Created -> Paid      on Pay
  Created -> Cancelled on Cancel
  Paid    -> Cancelled on Cancel
  Created -> Cancelled after 30m
SCENARIOS
}
"#;

fn with(scenarios: &str) -> order_fsm_core::Compiled {
    compile(&BASE.replace("SCENARIOS", scenarios))
}

fn codes(c: &order_fsm_core::Compiled) -> Vec<&str> {
    c.diagnostics.iter().map(|d| d.code).collect()
}

#[test]
fn each_form_passes_where_the_order_is_and_fails_elsewhere() {
    let cases = [
        (r#"scenario "s" { => Created }"#, true),
        (r#"scenario "s" { => Paid }"#, false),
        (r#"scenario "s" from Paid { => Paid }"#, true),
        (r#"scenario "s" { after 29m => Created }"#, true),
        (r#"scenario "s" { after 29m => Cancelled }"#, false),
        (r#"scenario "s" { after 30m => Cancelled }"#, true),
        (r#"scenario "s" { after 30m => Created }"#, false),
        (r#"scenario "s" { Pay, Pay => rejected, still Paid }"#, true),
        (
            r#"scenario "s" { Pay, Pay => rejected, still Created }"#,
            false,
        ),
        (
            r#"scenario "s" { Pay, Cancel => rejected, still Paid }"#,
            false,
        ),
        (
            r#"scenario "s" { after 5m => rejected, still Created }"#,
            true,
        ),
        // An event step's `=> State` still means "accepted": a refused `Pay` in Paid fails.
        (r#"scenario "s" { Pay, Pay => Paid }"#, false),
    ];
    for (scenario, passes) in cases {
        let c = with(&format!("  {scenario}"));
        let found = codes(&c);
        if passes {
            assert!(found.is_empty(), "{scenario}:\n{}", c.render());
        } else {
            assert_eq!(found, vec!["E0015"], "{scenario}:\n{}", c.render());
        }
    }
}

#[test]
fn still_is_a_word_only_after_rejected() {
    // An event may be called `still`; after `rejected,` it is the next step.
    let c = compile(
        r#"machine M "m" {
  state A "a" initial
  state B "b"
  state C "c" final
  event still "静止"
  event Go "走"
  A -> B on still
  B -> C on Go
  scenario "s" { Go => rejected, still => B }
}
"#,
    );
    // `Go` is refused in A; then `still` moves the order to B.
    assert!(codes(&c).is_empty(), "{}", c.render());
    let spec = c.spec.expect("spec");
    let sc = &spec.machines[0].scenarios[0];
    assert_eq!(sc.steps.len(), 2);
    assert!(matches!(
        sc.steps[0].expect,
        Some(Expect::Rejected { still: None, .. })
    ));
}

#[test]
fn the_step_ends_at_rejected_when_no_state_follows() {
    let text = BASE.replace("SCENARIOS", "  scenario \"s\" { Pay, Pay => rejected }");
    let c = compile(&text);
    let spec = c.spec.expect("spec");
    let step = &spec.machines[0].scenarios[0].steps[1];
    assert_eq!(&text[step.span.start..step.span.end], "Pay => rejected");
    let Some(Expect::Rejected { span, still: None }) = &step.expect else {
        panic!("{:?}", step.expect);
    };
    assert_eq!(&text[span.start..span.end], "rejected");
}

#[test]
fn a_scenario_without_steps_cannot_be_rejected() {
    let c = with(r#"  scenario "s" { => rejected }"#);
    assert_eq!(codes(&c), vec!["E0020"], "{}", c.render());
    assert!(c.render().contains("{ => Created }"), "{}", c.render());
}
