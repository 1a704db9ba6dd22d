//! How long each phase takes on a generated spec (best of five runs):
//! `cargo run --release -p order-fsm-core --example phase_times -- 5000`.
use std::time::{Duration, Instant};

fn best<T>(mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut best = Duration::MAX;
    let mut out = None;
    for _ in 0..5 {
        let t = Instant::now();
        let v = f();
        best = best.min(t.elapsed());
        out = Some(v);
    }
    (best, out.expect("ran"))
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(5000);
    let text = order_fsm_testing::generate_spec(n, 5);
    let (parse, file) = best(|| order_fsm_core::syntax::parse_file(&text).clean());
    let Ok(file) = file else {
        eprintln!("generated spec did not parse");
        return;
    };
    let (lower, spec) = best(|| order_fsm_core::lower::lower("x", &file, &mut Vec::new()));
    let (check, diags) = best(|| {
        let mut d = Vec::new();
        order_fsm_core::checks::check(&spec, true, &mut d);
        d
    });
    let (total, _) = best(|| order_fsm_core::compile("x", &text));
    println!(
        "{n} states, {} bytes: parse {parse:?}, lower {lower:?}, check {check:?}, compile {total:?}, diagnostics {}",
        text.len(),
        diags.len()
    );
}
