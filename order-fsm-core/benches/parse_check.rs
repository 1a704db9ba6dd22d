//! Parse + resolve + check time for generated machines of 1k, 5k and 20k states with five
//! transitions each. Targets: 5k states under 100 ms; 20k at most 4.5× the time of 5k.
//!
//! `parse_check/5000_misspelled` is the 5k machine with 4,000 of its lines naming a state
//! that does not exist (each close to many that do, so each gets a "did you mean"): at most
//! 10× the time of `parse_check/5000`.
//!
//! `parse_check/5000_rules` is a 5k machine with 10 business rules of each form (each one
//! a search over the whole machine or stopped by its gate), beside `parse_check/5000_no_rules`,
//! the same spec without them: at most 1.3× its time.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use order_fsm_testing::{generate_misspelled_spec, generate_spec};

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
    let text = generate_misspelled_spec(5_000, 5, 4_000);
    let sanity = order_fsm_core::compile("bench.fsm", &text);
    assert_eq!(
        sanity
            .diagnostics
            .iter()
            .filter(|d| d.code == order_fsm_core::diag::codes::UNKNOWN_STATE)
            .count(),
        4_000,
        "each misspelled name is reported"
    );
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_with_input(
        BenchmarkId::from_parameter("5000_misspelled"),
        &text,
        |b, text| b.iter(|| order_fsm_core::compile("bench.fsm", text)),
    );
    for (name, rules) in [("5000_no_rules", false), ("5000_rules", true)] {
        let text = order_fsm_testing::generate_rules_spec(5_000, 5, 10, rules);
        let sanity = order_fsm_core::compile("bench.fsm", &text);
        assert!(
            sanity.diagnostics.is_empty(),
            "generated spec must be clean: {}",
            sanity.render()
        );
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(name), &text, |b, text| {
            b.iter(|| order_fsm_core::compile("bench.fsm", text));
        });
    }
    group.finish();
}

criterion_group!(benches, parse_check);
criterion_main!(benches);
