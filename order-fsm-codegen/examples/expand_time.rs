//! Time reading, checking and expanding a spec: `expand_time <spec.fsm> [--typestate] [--check-only]`.
//!
//! The expansion uses the derive's defaults, as `#[derive(StateMachine)]` with only `spec`
//! would (the typestate API only for machines of up to 256 lines); `--typestate` asks for it
//! at any size, as `typestate = true` does.

use std::time::Instant;

use order_fsm_codegen::{expand_machine, Options};

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: expand_time <spec.fsm>");
        std::process::exit(2);
    };
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("cannot read {path}: {e}");
            std::process::exit(2);
        }
    };
    let t0 = Instant::now();
    let compiled = order_fsm_core::compile_bytes(&path, &bytes);
    drop(bytes);
    let t1 = Instant::now();
    if compiled.has_errors() {
        eprint!("{}", compiled.render());
        std::process::exit(1);
    }
    // As the derive does: its diagnostics (turned into warnings first) are dropped before
    // the expansion.
    let mut compiled = compiled;
    compiled.diagnostics = Vec::new();
    let Some(spec) = compiled.spec.as_ref() else {
        std::process::exit(1);
    };
    let print = std::env::args().any(|a| a == "--print");
    if std::env::args().any(|a| a == "--check-only") {
        println!("read and check {:.0} ms", (t1 - t0).as_secs_f64() * 1e3);
        return;
    }
    let typestate = std::env::args().any(|a| a == "--typestate");
    let mut tokens = 0usize;
    let mut states = 0usize;
    let mut transitions = 0usize;
    let mut expand = std::time::Duration::ZERO;
    for m in &spec.machines {
        states += m.states.len();
        transitions += m.transitions.len();
        // As the derive does without a `typestate = …` attribute, unless asked.
        let options = Options {
            source: Some(&compiled.source),
            typestate: typestate || Options::typestate_default(m),
            ..Options::default()
        };
        // What the compiler receives is a token stream; count its length as text.
        let t = Instant::now();
        let ts = expand_machine(spec, m, &options);
        expand += t.elapsed();
        if print {
            println!("{ts}");
        }
        // Counted as written, without holding the text: the derive never builds it, so it
        // must not add to the peak memory measured around this run.
        let mut count = Count(0);
        let _ = std::fmt::Write::write_fmt(&mut count, format_args!("{ts}"));
        tokens += count.0;
    }
    let t2 = Instant::now();
    if print {
        return;
    }
    println!(
        "{states} states / {transitions} transitions: read and check {:.0} ms, expand {:.0} ms ({} KB of tokens as text; printing them took {:.0} ms more)",
        (t1 - t0).as_secs_f64() * 1e3,
        expand.as_secs_f64() * 1e3,
        tokens / 1024,
        ((t2 - t1) - expand).as_secs_f64() * 1e3,
    );
}

/// Counts the bytes written to it.
struct Count(usize);

impl std::fmt::Write for Count {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0 += s.len();
        Ok(())
    }
}
