//! Times the checks alone on a generated spec, for profiling:
//! `cargo run --release -p order-fsm-core --example check_only -- 20000`.
use std::time::Instant;

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(20000);
    let text = order_fsm_testing::generate_spec(n, 5);
    let Some(spec) = order_fsm_core::compile("x", &text).spec else {
        return;
    };
    for _ in 0..10 {
        let t = Instant::now();
        let mut d = Vec::new();
        order_fsm_core::checks::check(&spec, true, &mut d);
        println!("check {:?}", t.elapsed());
    }
}
