//! Bad input never panics: arbitrary bytes and mutated valid specs go through parse, check,
//! rendering and the interpreter. Any input that once crashed is kept in
//! `tests/fixtures/invalid/` as a fixture.

use order_fsm_core::msg::Lang;
use std::path::Path;

use order_fsm_core::interp::{Input, Interpreter};
use order_fsm_core::model::{EventIx, RoleIx, StateIx};
use proptest::prelude::*;

fn cases(default: u32) -> u32 {
    std::env::var("ORDER_FSM_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Everything a user of the library might do with a compiled file.
fn exercise(bytes: &[u8]) {
    let c = order_fsm_core::compile_bytes("fuzz.fsm", bytes);
    let rendered = c.render();
    for d in &c.diagnostics {
        // Every diagnostic names a position inside the file and renders with its code.
        assert!(d.primary.span.start <= c.source.text.len() + 1, "{d:?}");
        assert!(rendered.contains(d.code));
        let _ = serde_json::to_string(&order_fsm_core::diag::to_json(&c.source, d, Lang::En))
            .expect("json");
    }
    if let Some(spec) = &c.spec {
        let _ = serde_json::to_string(spec).expect("model serialises");
        for m in &spec.machines {
            let interp = Interpreter::new(m);
            let n_states = m.states.len() as u32;
            let n_events = m.events.len() as u32;
            for s in 0..n_states {
                for e in 0..n_events {
                    for actor in [None, Some(RoleIx(0))] {
                        if actor.is_some() && m.roles.is_empty() {
                            continue;
                        }
                        let _ = interp.step(
                            StateIx(s),
                            Input::Event {
                                event: EventIx(e),
                                actor,
                            },
                            |_| true,
                        );
                        let _ = interp.permitted_events(StateIx(s), actor);
                    }
                }
                let _ = interp.step(StateIx(s), Input::Wait { seconds: u64::MAX }, |_| false);
            }
        }
    }
}

fn seeds() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for dir in [
        root.join("../specs"),
        root.join("tests/fixtures/valid"),
        root.join("tests/fixtures/invalid"),
    ] {
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .expect("dir")
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .collect();
        files.sort();
        for f in files {
            if let Ok(text) = std::fs::read_to_string(&f) {
                out.push(text);
            }
        }
    }
    out
}

const TOKENS: &[&str] = &[
    "machine",
    "state",
    "event",
    "role",
    "guard",
    "action",
    "note",
    "scenario",
    "initial",
    "final",
    "code",
    "by",
    "on",
    "after",
    "if",
    "then",
    "from",
    "any",
    "rejected",
    "not",
    "->",
    "=>",
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\"",
    "\\",
    "\n",
    "\r\n",
    "\r",
    "\t",
    " ",
    "///",
    "//",
    "30m",
    "0s",
    "99999999999999999999d",
    "待付款",
    "🎉",
    "Created",
    "Paid",
    "Pay",
    "buyer",
    "Option<Vec<",
    ">",
    "-9223372036854775809",
    "\u{FEFF}",
    "\u{200B}",
    "é",
    "Self",
    "type",
];

#[derive(Debug, Clone)]
enum Mutation {
    Insert(usize, usize),
    Delete(usize, usize),
    DuplicateLine(usize),
    SwapLines(usize, usize),
    Truncate(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 0..TOKENS.len()).prop_map(|(a, t)| Mutation::Insert(a, t)),
        (any::<usize>(), 0usize..40).prop_map(|(a, n)| Mutation::Delete(a, n)),
        any::<usize>().prop_map(Mutation::DuplicateLine),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        any::<usize>().prop_map(Mutation::Truncate),
    ]
}

fn boundary(s: &str, i: usize) -> usize {
    let mut i = if s.is_empty() { 0 } else { i % (s.len() + 1) };
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn apply(mut s: String, muts: &[Mutation]) -> String {
    for m in muts {
        match *m {
            Mutation::Insert(at, t) => {
                let at = boundary(&s, at);
                s.insert_str(at, TOKENS[t]);
            }
            Mutation::Delete(at, n) => {
                let a = boundary(&s, at);
                let b = boundary(&s, a + n);
                if b > a {
                    s.replace_range(a..b, "");
                }
            }
            Mutation::DuplicateLine(i) => {
                let mut lines: Vec<&str> = s.split('\n').collect();
                let i = i % lines.len();
                lines.insert(i, lines[i]);
                s = lines.join("\n");
            }
            Mutation::SwapLines(a, b) => {
                let mut lines: Vec<&str> = s.split('\n').collect();
                let n = lines.len();
                lines.swap(a % n, b % n);
                s = lines.join("\n");
            }
            Mutation::Truncate(at) => {
                let at = boundary(&s, at);
                s.truncate(at);
            }
        }
    }
    s
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(1500), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        exercise(&bytes);
    }

    #[test]
    fn arbitrary_token_soup_never_panics(toks in proptest::collection::vec(0..TOKENS.len(), 0..120)) {
        let s: String = toks.iter().map(|&t| TOKENS[t]).collect::<Vec<_>>().join(" ");
        exercise(s.as_bytes());
    }

    #[test]
    fn mutated_specs_never_panic(seed in any::<usize>(), muts in proptest::collection::vec(mutation(), 1..6)) {
        let seeds = seeds();
        let text = apply(seeds[seed % seeds.len()].clone(), &muts);
        exercise(text.as_bytes());
    }
}

#[test]
fn deeply_nested_types_are_refused_not_crashed() {
    let ty = format!("{}String{}", "Vec<".repeat(100_000), ">".repeat(100_000));
    let text = format!("machine M {{\n  event E {{ a: {ty} }}\n}}\n");
    let c = order_fsm_core::compile("deep.fsm", &text);
    assert!(c.has_errors());
    assert!(
        c.diagnostics[0].message.render(Lang::En).contains("nested"),
        "{}",
        c.diagnostics[0].message.render(Lang::En)
    );
}

#[test]
fn ten_megabyte_files_are_handled() {
    // A valid machine padded with notes to 10 MB parses and checks.
    let mut text = String::from("machine M \"大\" {\n  state A \"甲\" initial\n  state B \"乙\" final\n  event E \"事件\"\n  A -> B on E\n");
    while text.len() < 10 * 1024 * 1024 {
        text.push_str("  note \"预售订单的付款时限为 24 小时，尾款另行通知。\"\n");
    }
    text.push_str("}\n");
    let c = order_fsm_core::compile("big.fsm", &text);
    assert!(c.diagnostics.is_empty(), "{}", c.render());
    // 10 MB of noise gives one clear diagnostic.
    let noise = "x".repeat(10 * 1024 * 1024);
    let c = order_fsm_core::compile("noise.fsm", &noise);
    assert_eq!(c.diagnostics.len(), 1);
    assert_eq!(c.diagnostics[0].code, "E0001");
}

#[test]
fn a_megabyte_misspelled_name_is_reported_without_comparing_it() {
    // A state with a one-megabyte name, referred to with one letter wrong: comparing the
    // two names letter by letter would take a million times a million steps.
    let defined = format!("S{}", "x".repeat(1024 * 1024));
    let misspelled = format!("S{}y", "x".repeat(1024 * 1024 - 1));
    let text = format!(
        "machine M \"m\" {{\n  state A \"a\" initial\n  state {defined} \"b\" final\n  event E \"e\"\n  A -> {misspelled} on E\n  A -> {defined} on E\n}}\n"
    );
    let c = order_fsm_core::compile("long.fsm", &text);
    let d = c
        .diagnostics
        .iter()
        .find(|d| d.code == order_fsm_core::diag::codes::UNKNOWN_STATE)
        .expect("the unknown state is reported");
    assert!(
        !d.help
            .as_ref()
            .map(|t| t.render(Lang::En))
            .as_deref()
            .unwrap_or("")
            .starts_with("did you mean"),
        "no suggestion for a name that long"
    );
}
