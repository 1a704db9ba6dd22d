use order_fsm::StateMachine;

#[derive(StateMachine)]
#[fsm(spec = "../../../../order-fsm/tests/ui/spec_error.fsm")]
pub struct Order;

fn main() {
    // The stubs keep this from adding errors of its own.
    let _: Option<OrderState> = None;
}
