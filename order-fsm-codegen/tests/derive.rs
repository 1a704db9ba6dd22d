//! `derive_state_machine` called directly: the attribute, file lookup and error paths.
//! `CARGO_MANIFEST_DIR` is this crate's directory while the tests run.

use order_fsm_codegen::derive_state_machine;
use quote::quote;

fn expand(input: proc_macro2::TokenStream) -> String {
    derive_state_machine(input).to_string()
}

#[test]
fn a_valid_spec_expands_and_tracks_the_file() {
    let out = derive_state_machine(quote! {
        #[fsm(spec = "../specs/order.fsm", machine = "Order")]
        pub struct Order;
    });
    let file: syn::File = syn::parse2(out.clone()).expect("parses");
    assert!(file.items.len() > 5);
    let text = out.to_string();
    assert!(text.contains("include_bytes"));
    assert!(text.contains("specs/order.fsm"));
    assert!(!text.contains("compile_error"));
}

#[test]
fn a_missing_file_names_the_path_looked_for() {
    let out = expand(quote! {
        #[fsm(spec = "specs/nope.fsm")]
        struct Order;
    });
    assert!(out.contains("compile_error"));
    assert!(out.contains("cannot read spec file `specs/nope.fsm`"));
    let looked = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("specs/nope.fsm");
    assert!(out.contains(&looked.display().to_string()), "{out}");
    // The error sits in a hidden module that every generated name is imported from, so
    // that uses of those names add no errors of their own (the UI cases show the count).
    let module = out
        .find("mod __order_fsm_unavailable_Order")
        .expect("hidden module");
    assert!(out[module..].contains("compile_error"), "{out}");
    assert!(out.contains("OrderState"), "{out}");
    assert!(out.contains("OrderHooks"), "{out}");
}

/// The derive reads through the same bounded read as the command: a folder or a device is
/// refused before it is opened, so a build never waits on a pipe or reads without end.
#[test]
fn a_spec_path_that_is_not_a_file_is_refused_without_reading_it() {
    let out = expand(quote! {
        #[fsm(spec = "../specs")]
        struct Order;
    });
    assert!(out.contains("compile_error"));
    assert!(
        out.contains("cannot read spec file `../specs`: it is a folder, not a file"),
        "{out}"
    );
    if std::path::Path::new("/dev/zero").exists() {
        let out = expand(quote! {
            #[fsm(spec = "/dev/zero")]
            struct Order;
        });
        assert!(
            out.contains(
                "cannot read spec file `/dev/zero`: it is a character device, not a regular file"
            ),
            "{out}"
        );
    }
}

#[test]
fn spec_errors_carry_file_line_and_column() {
    let out = expand(quote! {
        #[fsm(spec = "../order-fsm/tests/ui/spec_error.fsm")]
        pub struct Order;
    });
    assert!(out.contains("compile_error"));
    assert!(
        out.contains("--> ../order-fsm/tests/ui/spec_error.fsm:5:14"),
        "{out}"
    );
    assert!(out.contains("unknown state `Payd`"));
    // Editing the broken spec must still trigger a rebuild.
    assert!(out.contains("include_bytes"));
}

#[test]
fn several_machines_need_a_name() {
    let out = expand(quote! {
        #[fsm(spec = "../order-fsm-core/tests/fixtures/valid/two_machines.fsm")]
        pub struct Flow;
    });
    assert!(out.contains("several machines"), "{out}");
    let out = expand(quote! {
        #[fsm(spec = "../specs/order.fsm", machine = "Ordre")]
        pub struct Order;
    });
    assert!(out.contains("has no machine `Ordre`"), "{out}");
}

#[test]
fn attribute_mistakes_are_reported() {
    let out = expand(quote! {
        #[fsm(spec = "../specs/order.fsm", colour = "red")]
        pub struct Order;
    });
    assert!(out.contains("unknown key"), "{out}");
    let out = expand(quote! {
        pub struct Order;
    });
    assert!(out.contains("missing `#[fsm(spec"), "{out}");
    let out = expand(quote! {
        #[fsm(spec = "../specs/order.fsm")]
        pub enum Order { A }
    });
    assert!(out.contains("only be derived for a struct"), "{out}");
    let out = expand(quote! {
        #[fsm(spec = "../specs/order.fsm")]
        pub struct Order<T>(T);
    });
    assert!(out.contains("generic parameters"), "{out}");
}

#[test]
fn typestate_can_be_left_out() {
    let out = expand(quote! {
        #[fsm(spec = "../specs/order.fsm", typestate = false)]
        pub struct Order;
    });
    // Only an empty module is left, whose docs say how to turn the API on.
    assert!(!out.contains("struct Created"), "{out}");
    assert!(!out.contains("OrderTypestate"), "{out}");
    assert!(
        out.contains("mod order_states { }") || out.contains("mod order_states {}"),
        "{out}"
    );
    assert!(out.contains("typestate = false"), "{out}");
    assert!(out.contains("OrderHooks"));
}

#[test]
fn large_machines_get_the_typestate_api_only_when_asked() {
    let dir = std::env::temp_dir().join(format!("order-fsm-large-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let spec = dir.join("large.fsm");
    std::fs::write(&spec, order_fsm_testing::generate_spec(60, 5)).expect("write spec");
    let path = spec.to_string_lossy().into_owned();
    let default = expand(quote! {
        #[fsm(spec = #path)]
        pub struct Big;
    });
    assert!(
        !default.contains("BigTypestate"),
        "over 256 lines: no typestate by default"
    );
    assert!(
        default.contains("typestate = true"),
        "the empty module says how to ask for it"
    );
    let asked = expand(quote! {
        #[fsm(spec = #path, typestate = true)]
        pub struct Big;
    });
    assert!(asked.contains("BigTypestate"));
    let small = expand(quote! {
        #[fsm(spec = "../specs/order.fsm")]
        pub struct Order;
    });
    assert!(
        small.contains("OrderTypestate"),
        "small machines get it by default"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_failing_scenario_stops_compilation() {
    let out = expand(quote! {
        #[fsm(spec = "tests/specs/failing_scenario.fsm")]
        pub struct Order;
    });
    assert!(out.contains("compile_error"), "{out}");
    assert!(out.contains("E0015"), "{out}");
    assert!(out.contains("tests/specs/failing_scenario.fsm:6:"), "{out}");
    // Every name resolved, so the real types come with the error: code that uses the
    // states and hooks gets no follow-on errors.
    assert!(out.contains("enum OrderState"), "{out}");
    assert!(out.contains("trait OrderHooks"), "{out}");
}

#[test]
fn a_broken_rule_stops_compilation() {
    let out = expand(quote! {
        #[fsm(spec = "tests/specs/broken_rule.fsm")]
        pub struct Order;
    });
    assert!(out.contains("compile_error"), "{out}");
    assert!(out.contains("E0024"), "{out}");
    assert!(out.contains("tests/specs/broken_rule.fsm:12:"), "{out}");
    // The counterexample comes with it, as a scenario to paste.
    assert!(out.contains("after 30m => Refunded"), "{out}");
    assert!(out.contains("enum OrderState"), "{out}");
}

#[test]
fn a_typo_in_a_name_keeps_the_generated_types() {
    // `Payd` is unknown: its line is left out and everything else is generated next to the
    // error, so code using `OrderState::Created` adds no errors of its own.
    let out = expand(quote! {
        #[fsm(spec = "../order-fsm/tests/ui/spec_error.fsm")]
        pub struct Order;
    });
    assert!(out.contains("compile_error"), "{out}");
    assert!(out.contains("E0002"), "{out}");
    assert!(out.contains("enum OrderState"), "{out}");
    assert!(out.contains("Created = 0"), "{out}");
}

#[test]
fn a_syntax_error_gives_stubs_only() {
    let dir = std::env::temp_dir().join(format!("order-fsm-syntax-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let spec = dir.join("broken.fsm");
    std::fs::write(
        &spec,
        "machine Order {\n  state Created initial\n  Created -> on\n}\n",
    )
    .expect("write");
    let path = spec.to_string_lossy().into_owned();
    let out = expand(quote! {
        #[fsm(spec = #path)]
        pub struct Order;
    });
    assert!(out.contains("E0001"), "{out}");
    assert!(!out.contains("fn fire"), "no model, no expansion: {out}");
    assert!(
        out.contains("use __order_fsm_unavailable_Order ::"),
        "the generated names are imported from the failed module: {out}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// The derive never panics on a broken spec, and whatever it emits parses as Rust: every
/// invalid fixture, and every shipped spec with each of its lines deleted in turn (which
/// leaves names unresolved, states without lines, events without roles …).
#[test]
fn broken_specs_never_panic_and_always_give_parsable_rust() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let dir = std::env::temp_dir().join(format!("order-fsm-broken-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let mut inputs: Vec<(String, Vec<u8>)> = Vec::new();
    let invalid = root.join("order-fsm-core/tests/fixtures/invalid");
    for e in std::fs::read_dir(&invalid).expect("fixtures").flatten() {
        inputs.push((
            e.file_name().to_string_lossy().into_owned(),
            std::fs::read(e.path()).expect("read"),
        ));
    }
    for spec in ["order.fsm", "payment.fsm", "after_sale.fsm"] {
        let text = std::fs::read_to_string(root.join("specs").join(spec)).expect("spec");
        let lines: Vec<&str> = text.lines().collect();
        for skip in 0..lines.len() {
            let cut: Vec<&str> = lines
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != skip)
                .map(|(_, l)| *l)
                .collect();
            inputs.push((
                format!("{spec} without line {}", skip + 1),
                cut.join("\n").into_bytes(),
            ));
        }
    }
    let file = dir.join("case.fsm");
    let path = file.to_string_lossy().into_owned();
    let mut expanded_despite_errors = 0;
    for (name, bytes) in &inputs {
        std::fs::write(&file, bytes).expect("write case");
        for machine in [None, Some("Order")] {
            let attr = match machine {
                None => quote! { #[fsm(spec = #path)] },
                Some(m) => quote! { #[fsm(spec = #path, machine = #m)] },
            };
            let out = derive_state_machine(quote! { #attr pub struct Order; });
            let text = out.to_string();
            if text.contains("compile_error") && text.contains("fn fire") {
                expanded_despite_errors += 1;
            }
            assert!(
                syn::parse2::<syn::File>(out).is_ok(),
                "{name}: output does not parse"
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    // Deleting a `state` or `event` line leaves names unresolved: those cases must still get
    // the real types next to the error.
    assert!(
        expanded_despite_errors > 20,
        "only {expanded_despite_errors} full expansions"
    );
}

/// A code with more warnings than the derive shows: the first ten in full, then how many
/// more and the command that lists them all; `allow` silences the code.
#[test]
fn warnings_beyond_the_cap_are_counted_not_shown() {
    let out = expand(quote! {
        #[fsm(spec = "tests/specs/many_warnings.fsm")]
        pub struct Order;
    });
    assert!(!out.contains("compile_error"), "{out}");
    assert_eq!(
        out.matches("warning[W0001]").count(),
        order_fsm_codegen::WARNINGS_SHOWN,
        "{out}"
    );
    assert!(out.contains("has 13 warnings W0001"), "{out}");
    assert!(out.contains("state `Lost10` can never be reached"), "{out}");
    assert!(
        !out.contains("state `Lost11` can never be reached"),
        "{out}"
    );
    assert!(
        out.contains("and 3 more — run `order-fsm check tests/specs/many_warnings.fsm`"),
        "{out}"
    );

    let allowed = expand(quote! {
        #[fsm(spec = "tests/specs/many_warnings.fsm", allow = ["W0001"])]
        pub struct Order;
    });
    assert!(!allowed.contains("W0001"), "{allowed}");
    assert!(!allowed.contains("deprecated"), "{allowed}");
}

#[test]
fn the_spec_speaks_the_language_the_attribute_asks_for() {
    let out = expand(quote! {
        #[fsm(spec = "../order-fsm/tests/ui/spec_error.fsm", lang = "zh")]
        pub struct Order;
    });
    assert!(out.contains("规格有错误"), "{out}");
    assert!(out.contains("error[E0002]: 未知的状态 `Payd`"), "{out}");
    assert!(
        out.contains("--> ../order-fsm/tests/ui/spec_error.fsm:5:14"),
        "{out}"
    );
    let out = expand(quote! {
        #[fsm(spec = "../order-fsm/tests/ui/spec_error.fsm", lang = "en")]
        pub struct Order;
    });
    assert!(out.contains("unknown state `Payd`"), "{out}");
    // Warnings too, with the words around them.
    let out = expand(quote! {
        #[fsm(spec = "tests/specs/many_warnings.fsm", lang = "zh")]
        pub struct Order;
    });
    assert!(out.contains("关掉这一种警告"), "{out}");
    let out = expand(quote! {
        #[fsm(spec = "../specs/order.fsm", lang = "fr")]
        pub struct Order;
    });
    assert!(out.contains("`lang = \\\"fr\\\"`"), "{out}");
}
