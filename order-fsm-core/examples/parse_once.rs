//! Parses a generated spec once, for instruction counting:
//! `valgrind --tool=callgrind target/release/examples/parse_once 1000`.
fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1000);
    let text = order_fsm_testing::generate_spec(n, 5);
    let c = order_fsm_core::compile("x", &text);
    println!("{} diagnostics", c.diagnostics.len());
}
