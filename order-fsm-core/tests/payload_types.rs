//! Payload types: paths with generic arguments, tuples and arrays are read; references,
//! lifetimes, `impl Trait`, `dyn Trait` and fn pointers are refused with a message that
//! names the form and points at the type.

fn spec(fields: &str) -> String {
    format!(
        "machine M {{\n  state A initial\n  state B final\n  event E {{ {fields} }}\n  A -> B on E\n}}\n"
    )
}

#[test]
fn paths_tuples_and_arrays_are_payload_types() {
    let c = order_fsm_core::compile_bytes(
        "t.fsm",
        spec("a: (u8, [u8; 3]), b: ::std::collections::HashMap<String, (u8,)>, c: [Option<u32>; 2], d: ()").as_bytes(),
    );
    assert!(!c.has_errors(), "{}", c.render());
    let spec = c.spec.as_ref().expect("model");
    let types: Vec<&str> = spec.machines[0].events[0]
        .payload
        .iter()
        .map(|f| f.ty.text.as_str())
        .collect();
    assert_eq!(
        types,
        [
            "(u8, [u8; 3])",
            "::std::collections::HashMap<String, (u8,)>",
            "[Option<u32>; 2]",
            "()"
        ]
    );
}

#[test]
fn borrowed_and_unsized_forms_are_refused_by_name() {
    for (ty, form) in [
        ("&str", "a reference"),
        ("Vec<&'static str>", "a lifetime"),
        ("Box<dyn Fn()>", "`dyn Trait`"),
        ("impl Clone", "`impl Trait`"),
        ("fn(u8) -> u8", "a fn pointer"),
    ] {
        let text = spec(&format!("x: {ty}"));
        let c = order_fsm_core::compile_bytes("t.fsm", text.as_bytes());
        let out = c.render();
        assert!(
            out.contains(&format!("payload type `{ty}` has {form}")),
            "{ty}: {out}"
        );
        assert!(out.contains("t.fsm:4:16"), "{ty}: {out}");
    }
}
