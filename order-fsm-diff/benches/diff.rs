//! `diff` of two versions of a generated machine of 1k and 5k states (five lines each),
//! beside the time to compile one version, measured in the same run as the baseline.
//!
//! - `diff/N_same`: the spec against itself (every state, event and role matched by id);
//! - `diff/N_renamed`: every state renamed (`S12` → `T12`), so every state is matched by its
//!   main code, the path where a scan per state would make the comparison quadratic.
//!
//! Target: each diff at most 3× `diff/N_compile` (one compile), and 5k at most 6× the time
//! of 1k (linear growth, with room for the sorting of findings).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use order_fsm_testing::generate_spec;

fn spec(text: &str) -> order_fsm_core::model::Spec {
    let c = order_fsm_core::compile("bench.fsm", text);
    assert!(!c.has_errors(), "generated spec must be valid");
    c.spec.expect("spec")
}

/// Every state id `S<n>` written `T<n>`.
fn renamed(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut prev = ' ';
    for c in text.chars() {
        let next_is_state = c == 'S' && !prev.is_alphanumeric() && prev != '_';
        out.push(if next_is_state { 'T' } else { c });
        prev = c;
    }
    out
}

fn diff(c: &mut Criterion) {
    let mut group = c.benchmark_group("diff");
    group.sample_size(10);
    for states in [1_000usize, 5_000] {
        let text = generate_spec(states, 5);
        let old = spec(&text);
        let new = spec(&renamed(&text));
        let findings = order_fsm_diff::diff(&old, &new);
        assert_eq!(
            findings
                .iter()
                .filter(|f| f.kind == "state-renamed")
                .count(),
            states,
            "every state is renamed by its code"
        );
        group.bench_with_input(
            BenchmarkId::from_parameter(format!("{states}_compile")),
            &text,
            |b, text| b.iter(|| order_fsm_core::compile("bench.fsm", text)),
        );
        group.bench_with_input(
            BenchmarkId::from_parameter(format!("{states}_same")),
            &old,
            |b, old| b.iter(|| order_fsm_diff::diff(old, old)),
        );
        group.bench_with_input(
            BenchmarkId::from_parameter(format!("{states}_renamed")),
            &(old, new),
            |b, (old, new)| b.iter(|| order_fsm_diff::diff(old, new)),
        );
    }
    group.finish();
}

criterion_group!(benches, diff);
criterion_main!(benches);
