//! Times name resolution alone on a generated spec, for profiling:
//! `cargo run --release -p order-fsm-core --example lower_only -- 20000`.
use std::time::Instant;

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(20000);
    let text = order_fsm_testing::generate_spec(n, 5);
    let Ok(file) = order_fsm_core::syntax::parse_file(&text).clean() else {
        return;
    };
    for _ in 0..10 {
        let t = Instant::now();
        let spec = order_fsm_core::lower::lower("x", &file, &mut Vec::new());
        let took = t.elapsed();
        drop(spec);
        println!("lower {took:?}");
    }
}
