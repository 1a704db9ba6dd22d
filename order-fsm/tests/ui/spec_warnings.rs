// The spec's warnings reach the developer as compiler warnings at the derive, one per code,
// with the spec's file, line and column; `-D warnings` (here `#![deny(warnings)]`) makes them
// errors. W0004 is allowed in the attribute, so it is not reported.
#![deny(warnings)]

use order_fsm::StateMachine;

#[derive(StateMachine)]
#[fsm(spec = "../../../../order-fsm/tests/ui/spec_warnings.fsm", allow = ["W0004"])]
pub struct Order;

fn main() {
    let _ = OrderState::Created;
}
