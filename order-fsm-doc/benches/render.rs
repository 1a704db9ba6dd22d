//! Rendering speed on generated specs.
//!
//! * every text format (Markdown, Mermaid, DOT, PlantUML, JSON, CSV) of a 5000-state spec:
//!   target under 200 ms for all of them together;
//! * the SVG (layout included) of a 60-state spec: target under 1 s;
//! * the SVG and the HTML page of 500- and 2000-state specs where every state has a timeout:
//!   each under 5 s and 10 MB at 2000 states, and no more than 5 times the 500-state figures
//!   (the sizes are printed once before the timings);
//! * the same for a chain whose every state has a timeout that jumps far along it
//!   (`order_fsm_testing::generate_long_edges_spec`), with and without an `any` line: drawn
//!   naively each timeout is an edge across hundreds of layers.

use std::fmt::Write as _;
use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use order_fsm_core::model::Spec;
use order_fsm_doc::{render, Format, Lang};

/// A chain of `n` states with labels, roles, guards, timeouts, back edges and an `any` line;
/// every 13th state has a timeout, or every state when `timeout_everywhere`.
fn generated_spec(n: usize, timeout_everywhere: bool) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "/// 生成的大型订单状态机\nmachine Big \"大订单\" {{");
    s.push_str("  role buyer \"买家\"\n  role seller \"卖家\"\n  role service \"客服\"\n");
    for i in 0..n {
        let flag = if i == 0 {
            " initial"
        } else if i == n - 1 {
            " final"
        } else {
            ""
        };
        let _ = writeln!(
            s,
            "  /// 第 {i} 步\n  state S{i} \"状态{i}\"{flag} code {i}"
        );
    }
    s.push_str("  state Closed \"已关闭\" final\n");
    s.push_str("  event Next \"下一步\" by buyer { amount: u64 }\n");
    s.push_str("  event Back \"退回\" by seller\n");
    s.push_str("  event Skip \"跳过\" by service\n");
    s.push_str("  event Close \"关闭\" by service\n");
    s.push_str("  guard allowed \"允许跳过\"\n");
    for i in 0..n - 1 {
        let _ = writeln!(s, "  S{i} -> S{} on Next then step_{}", i + 1, i % 7);
        if i % 5 == 4 {
            let _ = writeln!(s, "  S{i} -> S{} on Back note \"退回上一步\"", i - 1);
        }
        if i % 11 == 3 && i + 3 < n {
            let _ = writeln!(s, "  S{i} -> S{} on Skip if allowed", i + 3);
        }
        if timeout_everywhere || i % 13 == 6 {
            let _ = writeln!(s, "  S{i} -> Closed after 30m \"超时关闭\"");
        }
    }
    s.push_str("  any -> Closed on Close\n");
    s.push_str("  scenario \"走两步\" { Next, Next => S2 }\n}\n");
    s
}

fn compile(text: &str) -> Spec {
    let c = order_fsm_core::compile("big.fsm", text);
    assert!(!c.has_errors(), "{}", c.render());
    c.spec.expect("spec")
}

const TEXT_FORMATS: [Format; 6] = [
    Format::Md,
    Format::Mermaid,
    Format::Dot,
    Format::Plantuml,
    Format::Json,
    Format::Csv,
];

fn bench(c: &mut Criterion) {
    let big = compile(&generated_spec(5000, false));
    let m = &big.machines[0];
    let mut g = c.benchmark_group("5000 states");
    g.sample_size(10);
    g.bench_function("all text formats", |b| {
        b.iter(|| {
            for f in TEXT_FORMATS {
                black_box(render(&big, m, f, Lang::Zh));
            }
        })
    });
    for f in TEXT_FORMATS {
        g.bench_function(f.name(), |b| {
            b.iter(|| black_box(render(&big, m, f, Lang::Zh)))
        });
    }
    g.finish();

    let small = compile(&generated_spec(60, false));
    let m = &small.machines[0];
    let mut g = c.benchmark_group("60 states");
    g.sample_size(10);
    g.bench_function("svg", |b| {
        b.iter(|| black_box(render(&small, m, Format::Svg, Lang::Zh)))
    });
    g.bench_function("html", |b| {
        b.iter(|| black_box(render(&small, m, Format::Html, Lang::Zh)))
    });
    g.finish();

    for n in [500, 2000] {
        let spec = compile(&generated_spec(n, true));
        let m = &spec.machines[0];
        let mut g = c.benchmark_group(format!("{n} states, a timeout on each"));
        g.sample_size(10);
        for f in [Format::Svg, Format::Html] {
            let bytes = render(&spec, m, f, Lang::Zh).len();
            eprintln!("{n} states: {} is {bytes} bytes", f.name());
            g.bench_function(f.name(), |b| {
                b.iter(|| black_box(render(&spec, m, f, Lang::Zh)))
            });
        }
        g.finish();
    }
}

fn long_edges(c: &mut Criterion) {
    for any in [true, false] {
        for n in [500, 2000] {
            let spec = compile(&order_fsm_testing::generate_long_edges_spec(n, any));
            let m = &spec.machines[0];
            let shape = if any { "with `any`" } else { "without `any`" };
            let mut g = c.benchmark_group(format!("{n} states, long edges, {shape}"));
            g.sample_size(10);
            for f in [Format::Svg, Format::Html] {
                let bytes = render(&spec, m, f, Lang::Zh).len();
                eprintln!(
                    "{n} states, long edges, {shape}: {} is {bytes} bytes",
                    f.name()
                );
                g.bench_function(f.name(), |b| {
                    b.iter(|| black_box(render(&spec, m, f, Lang::Zh)))
                });
            }
            g.finish();
        }
    }
}

criterion_group!(benches, bench, long_edges);
criterion_main!(benches);
