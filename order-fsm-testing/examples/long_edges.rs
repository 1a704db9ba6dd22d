//! Prints the long-edge machine of `generate_long_edges_spec` as a spec, for the browser
//! checks: `cargo run -q -p order-fsm-testing --example long_edges -- 2000 > big.fsm`.

fn main() {
    let states = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(2000);
    print!(
        "{}",
        order_fsm_testing::generate_long_edges_spec(states, true)
    );
}
