use order_fsm::StateMachine;

// The file defines Payment and Shipment; the attribute does not say which.
#[derive(StateMachine)]
#[fsm(spec = "../../../../order-fsm-core/tests/fixtures/valid/two_machines.fsm")]
pub struct Payment;

fn main() {
    let state = PaymentState::Unpaid;
    let _ = state.fire(&PaymentEvent::Succeed, None, &mut order_fsm::NoHooks);
    println!("{}", state.label());
}
