use order_fsm::StateMachine;

#[derive(StateMachine)]
#[fsm(spec = "specs/no_such_file.fsm")]
pub struct Order;

fn main() {}
