use order_fsm::StateMachine;

// `Money` is not defined: rustc reports it once, at the spec the type comes from.
#[derive(StateMachine)]
#[fsm(spec = "../../../../order-fsm/tests/ui/unknown_payload_type.fsm")]
pub struct Order;

fn main() {}
