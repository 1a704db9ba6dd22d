//! Prints how long each phase takes on a generated spec: `cargo run --release -p order-fsm-core --example phase_times -- 5000`.
use std::time::Instant;

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(5000);
    let text = order_fsm_core::testing::generate_spec(n, 5);
    let t = Instant::now();
    let file = order_fsm_core::syntax::parse_file(&text)
        .map_err(|_| "parse")
        .unwrap_or_else(|e| panic!("{e}"));
    let parse = t.elapsed();
    let t = Instant::now();
    let mut diags = Vec::new();
    let spec = order_fsm_core::lower::lower("x", &file, &mut diags);
    let lower = t.elapsed();
    let t = Instant::now();
    order_fsm_core::check::check(&spec, true, &mut diags);
    let check = t.elapsed();
    println!(
        "{n} states, {} bytes: parse {parse:?}, lower {lower:?}, check {check:?}, diagnostics {}",
        text.len(),
        diags.len()
    );
}
