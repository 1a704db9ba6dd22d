use order_fsm::StateMachine;

#[derive(StateMachine)]
#[fsm(spec = "../../../../order-fsm/tests/ui/spec_error.fsm")]
pub struct Order;

fn main() {
    // The unknown state's line is left out and the rest is generated, so code using the
    // machine adds no errors of its own: the spec's mistake is the only one reported.
    let _ = OrderState::Created.fire(&OrderEvent::Pay, None, &mut order_fsm::NoHooks);
}
