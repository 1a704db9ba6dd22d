//! Parse + resolve + check time for generated machines of 1k, 5k and 20k states with five
//! transitions each. Targets: 5k states under 100 ms; 20k at most 4.5× the time of 5k.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use order_fsm_core::testing::generate_spec;

fn parse_check(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse_check");
    group.sample_size(10);
    for states in [1_000usize, 5_000, 20_000] {
        let text = generate_spec(states, 5);
        let sanity = order_fsm_core::compile("bench.fsm", &text);
        assert!(
            sanity.diagnostics.is_empty(),
            "generated spec must be clean"
        );
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(states), &text, |b, text| {
            b.iter(|| order_fsm_core::compile("bench.fsm", text));
        });
    }
    group.finish();
}

criterion_group!(benches, parse_check);
criterion_main!(benches);
