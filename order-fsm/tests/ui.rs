//! Compile-fail cases, few and focused, and a seeded batch of random spec names that must
//! build.
//!
//! trybuild builds each case in its own project under `<target>/tests/trybuild/order-fsm/`
//! and sets `CARGO_MANIFEST_DIR` to that directory (trybuild #202), so the spec paths in the
//! cases are written relative to it: four levels up is the workspace root. That holds when
//! `<target>` is the workspace's `target/`, so the cases are always built there, whatever
//! target directory (`CARGO_TARGET_DIR`) the suite itself is built in.

use std::path::{Path, PathBuf};

#[test]
fn ui() {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the crate sits in the workspace");
    let target = workspace.join("target");
    // trybuild asks `cargo metadata` for the target directory, which reads this variable.
    // It is set only when it points elsewhere: this test shares its process with the crate's
    // other tests, and changing the environment while they run is best avoided.
    if std::env::var_os("CARGO_TARGET_DIR").is_some_and(|d| Path::new(&d) != target) {
        std::env::set_var("CARGO_TARGET_DIR", &target);
    }

    let names_case = random_names_case(&target);
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
    // Built in the same trybuild project as the other cases: one build for all.
    t.pass(&names_case);
}

/// Names a spec may use that mean something in Rust: keywords (all but the four that cannot
/// be raw identifiers), standard-library names, names of generated methods and items.
const NAME_POOL: &[&str] = &[
    "as",
    "async",
    "await",
    "break",
    "const",
    "continue",
    "dyn",
    "else",
    "enum",
    "extern",
    "false",
    "fn",
    "for",
    "gen",
    "if",
    "impl",
    "in",
    "let",
    "loop",
    "match",
    "mod",
    "move",
    "mut",
    "pub",
    "ref",
    "return",
    "static",
    "struct",
    "trait",
    "true",
    "type",
    "unsafe",
    "use",
    "where",
    "while",
    "abstract",
    "become",
    "box",
    "do",
    "final",
    "macro",
    "override",
    "priv",
    "typeof",
    "unsized",
    "virtual",
    "yield",
    "try",
    "union",
    "Ok",
    "Err",
    "Some",
    "None",
    "Option",
    "Result",
    "Box",
    "Vec",
    "String",
    "Default",
    "Clone",
    "Copy",
    "Send",
    "Sync",
    "Sized",
    "Drop",
    "Fn",
    "FnMut",
    "Iterator",
    "Into",
    "From",
    "Debug",
    "Display",
    "Hash",
    "Eq",
    "PartialEq",
    "Ord",
    "outcome",
    "D",
    "H",
    "E",
    "T",
    "hooks",
    "event",
    "ctx",
    "actor",
    "fire",
    "label",
    "id",
    "doc",
    "format",
    "vec",
    "println",
    "matches",
    "assert",
    "panic",
    "write",
    "concat",
    "include_bytes",
    "compile_error",
    "Machine",
    "Context",
    "NoHooks",
    "Transition",
    "Refused",
    "WrongState",
    "core",
    "std",
    "alloc",
    "order_fsm",
    "Order",
    "OrderState",
    "OrderEvent",
    "OrderEventKind",
    "OrderRole",
    "OrderHooks",
    "OrderGuard",
    "OrderAction",
    "OrderTypestate",
    "order_states",
    "is_final",
    "permitted_events",
];

/// The words of the spec language, which are not names there.
const SPEC_WORDS: &[&str] = &[
    "machine", "state", "event", "role", "guard", "action", "note", "scenario", "initial", "final",
    "code", "by", "on", "after", "if", "then", "from", "any", "rejected", "not",
];

/// A payload field name from a pool name: not one of the four keywords that cannot be
/// raw, and not the fields every random event has.
fn field_name(name: String) -> String {
    if matches!(name.as_str(), "self" | "super" | "crate" | "hooks") || name.starts_with('n') {
        format!("f_{name}")
    } else {
        name
    }
}

/// A seeded random spec of names from [`NAME_POOL`] (states, events with payload fields,
/// roles, guards and actions) and a program that derives it and walks it from the initial
/// state to the final one. `ORDER_FSM_RANDOM_NAMES` sets how many states (default 60) and
/// `ORDER_FSM_RANDOM_SEED` the seed.
fn random_names_case(target: &Path) -> PathBuf {
    let count: usize = std::env::var("ORDER_FSM_RANDOM_NAMES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(60)
        .max(2);
    let mut seed: u64 = std::env::var("ORDER_FSM_RANDOM_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x0005_eed0_f0dd);
    let mut next = move |n: usize| {
        // xorshift64*: a reproducible stream from the seed, no dependency needed.
        seed ^= seed >> 12;
        seed ^= seed << 25;
        seed ^= seed >> 27;
        (seed.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % n.max(1)
    };
    let mut pick = |used: &mut std::collections::HashSet<String>, i: usize| loop {
        let base = NAME_POOL[next(NAME_POOL.len())];
        if SPEC_WORDS.contains(&base) {
            continue;
        }
        // A later draw of a used name gets a number, as a PM would write `Paid2`.
        let name = if used.contains(base) {
            format!("{base}{i}")
        } else {
            base.to_string()
        };
        let lower = name.to_lowercase();
        if matches!(lower.as_str(), "self" | "super" | "crate") || !used.insert(lower) {
            continue;
        }
        return name;
    };
    let mut used = std::collections::HashSet::new();
    let states: Vec<String> = (0..count).map(|i| pick(&mut used, i)).collect();
    let mut used_ev = std::collections::HashSet::new();
    // Event methods must not be the typestate's own methods (E0014).
    let events: Vec<String> = (0..count.min(12))
        .map(|i| loop {
            let e = pick(&mut used_ev, i);
            let m = order_fsm_core::names::snake_case(&e);
            if !order_fsm_core::names::RESERVED_METHODS.contains(&m.as_str()) {
                break e;
            }
        })
        .collect();
    let mut spec =
        String::from("machine Order \"订单\" {\n  role type \"类型\"\n  role ok \"好\"\n");
    for (i, s) in states.iter().enumerate() {
        let flag = if i == 0 {
            " initial"
        } else if i + 1 == count {
            " final"
        } else {
            ""
        };
        spec.push_str(&format!("  state {s} \"状态{i}\"{flag}\n"));
    }
    for (i, e) in events.iter().enumerate() {
        let by = if i % 2 == 0 { "type" } else { "ok" };
        let f1 = NAME_POOL[(i * 7) % NAME_POOL.len()]
            .to_lowercase()
            .replace('_', "");
        let f1 = field_name(f1);
        spec.push_str(&format!(
            "  event {e} \"事件{i}\" by {by} {{ {f1}: ::std::string::String, hooks: u32, n{i}: (u8, [u8; 2]) }}\n"
        ));
    }
    spec.push_str("  action into \"转入\"\n  action drop \"丢弃\"\n  action fmt \"格式化\"\n");
    spec.push_str(
        "  guard clone \"克隆\"\n  guard r#default_ok \"默认\"\n"
            .replace("r#", "")
            .as_str(),
    );
    for i in 0..count - 1 {
        let e = &events[i % events.len()];
        let hook = if i % 3 == 0 {
            " if clone then into, drop"
        } else {
            ""
        };
        spec.push_str(&format!(
            "  {} -> {} on {e}{hook}\n",
            states[i],
            states[i + 1]
        ));
    }
    spec.push_str(&format!(
        "  {} -> {} after 1d if default_ok then fmt\n",
        states[0],
        states[count - 1]
    ));
    spec.push_str("}\n");
    let dir = target.join("tests/random_names");
    std::fs::create_dir_all(&dir).expect("random names folder");
    let spec_path = dir.join("random_names.fsm");
    std::fs::write(&spec_path, &spec).expect("write the random spec");
    let checked = order_fsm_core::compile_bytes("random_names.fsm", spec.as_bytes());
    assert!(
        !checked.has_errors(),
        "the random spec must be valid:\n{}\n{spec}",
        checked.render()
    );
    let mut walk = String::new();
    for i in 0..count - 1 {
        let e = &events[i % events.len()];
        let f1 = NAME_POOL[((i % events.len()) * 7) % NAME_POOL.len()]
            .to_lowercase()
            .replace('_', "");
        let f1 = field_name(f1);
        let k = i % events.len();
        let field = if order_fsm_codegen::names::is_rust_keyword(&f1) {
            format!("r#{f1}")
        } else {
            f1
        };
        let variant = if order_fsm_codegen::names::is_rust_keyword(e) {
            format!("r#{e}")
        } else {
            e.clone()
        };
        walk.push_str(&format!(
            "    let ev = OrderEvent::{variant} {{ {field}: ::std::string::String::new(), hooks: 1, n{k}: (0, [0; 2]) }};\n    \
             state = state.fire(&ev, ::core::option::Option::None, &mut H).expect(\"line {i}\").to;\n"
        ));
    }
    let program = format!(
        "// Generated by tests/ui.rs from a seeded random spec.\n#![deny(warnings)]\nuse order_fsm::{{Context, StateMachine}};\n\n\
         #[derive(StateMachine)]\n#[fsm(spec = \"../../../../target/tests/random_names/random_names.fsm\", typestate = true)]\npub struct Order;\n\n\
         struct H;\nimpl OrderHooks for H {{\n    type Error = ::core::convert::Infallible;\n\
             fn clone(&self, _: &OrderEvent, _: &Context<'_, Order>) -> bool {{ true }}\n\
             fn default_ok(&self, _: &Context<'_, Order>) -> bool {{ false }}\n\
             fn into(&mut self, _: &OrderEvent, _: &Context<'_, Order>) -> ::core::result::Result<(), Self::Error> {{ ::core::result::Result::Ok(()) }}\n\
             fn drop(&mut self, _: &OrderEvent, _: &Context<'_, Order>) -> ::core::result::Result<(), Self::Error> {{ ::core::result::Result::Ok(()) }}\n\
             fn fmt(&mut self, _: &Context<'_, Order>) -> ::core::result::Result<(), Self::Error> {{ ::core::result::Result::Ok(()) }}\n}}\n\n\
         fn main() {{\n    let mut state = <Order as order_fsm::Machine>::INITIAL;\n{walk}    assert!(state.is_final());\n}}\n"
    );
    let path = dir.join("random_names.rs");
    std::fs::write(&path, program).expect("write the random names case");
    path
}
