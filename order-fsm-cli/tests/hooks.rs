//! `order-fsm hooks`: what it prints, pasted beside the derive in a scratch crate (trybuild's
//! project, with `specs/order.fsm` where a user's crate would have it), builds; and what it
//! prints names every guard and action of the spec.

use std::path::Path;
use std::process::Command;

fn hooks(args: &[&str]) -> String {
    let out = Command::new(assert_cmd::cargo::cargo_bin("order-fsm"))
        .arg("hooks")
        .args(args)
        .output()
        .expect("run order-fsm hooks");
    assert!(
        out.status.success(),
        "order-fsm hooks {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

#[test]
fn every_guard_and_action_has_its_method() {
    let spec = "../specs/order.fsm";
    let memory = hooks(&[spec]);
    let store = hooks(&[spec, "--store", "--key", "String", "--name", "Shop"]);
    let text = std::fs::read_to_string(spec).expect("read the spec");
    let compiled = order_fsm_core::compile("order.fsm", &text);
    let machine = &compiled.spec.as_ref().expect("the spec checks").machines[0];
    for name in machine
        .guards
        .iter()
        .map(|g| &g.id.text)
        .chain(machine.actions.iter().map(|a| &a.id.text))
    {
        for text in [&memory, &store] {
            assert!(
                text.contains(&format!("fn {name}(")),
                "no method {name}:\n{text}"
            );
        }
    }
    assert!(memory.contains("impl OrderHooks for AppHooks"), "{memory}");
    assert!(
        store.contains("OrderStoreHooks<order_fsm_store::Call<'_, C, String>> for Shop"),
        "{store}"
    );
    // Each method says what it is for, in the spec's words.
    assert!(store.contains("/// Guard: 实付金额等于应付金额"), "{store}");
    assert!(
        store.contains("/// - `Created -> Paid` on `Pay`"),
        "{store}"
    );
}

#[test]
fn a_name_that_is_not_a_type_is_refused() {
    let out = Command::new(assert_cmd::cargo::cargo_bin("order-fsm"))
        .args(["hooks", "../specs/order.fsm", "--name", "my hooks"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("`my hooks`"));
}

#[test]
fn pasted_skeletons_build() {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let workspace = crate_dir.parent().expect("the workspace");
    let target = workspace.join("target");
    // trybuild asks `cargo metadata` for the target directory, which reads this variable;
    // it is set only when it points elsewhere (see order-fsm-store/tests/readme.rs).
    if std::env::var_os("CARGO_TARGET_DIR").is_some_and(|d| Path::new(&d) != target) {
        std::env::set_var("CARGO_TARGET_DIR", &target);
    }
    let project_specs = target.join("tests/trybuild/order-fsm-cli/specs");
    std::fs::create_dir_all(&project_specs).expect("trybuild project folder");
    std::fs::copy(
        workspace.join("specs/order.fsm"),
        project_specs.join("order.fsm"),
    )
    .expect("copy specs/order.fsm");
    let program = format!(
        "#![allow(unused)]\n\
         use order_fsm::StateMachine;\n\n\
         #[derive(StateMachine)]\n\
         #[fsm(spec = \"specs/order.fsm\")]\n\
         pub struct Order;\n\n\
         {}\n{}\n\
         fn main() {{\n    let _ = (AppHooks, Shop);\n}}\n",
        hooks(&["../specs/order.fsm"]),
        hooks(&["../specs/order.fsm", "--store", "--name", "Shop"]),
    );
    let dir = target.join("tests/hooks");
    std::fs::create_dir_all(&dir).expect("cases folder");
    let case = dir.join("pasted_hooks.rs");
    std::fs::write(&case, program).expect("write the case");
    trybuild::TestCases::new().pass(&case);
}
