//! The code generated for every spec in `specs/` and every valid core fixture, parsed as a
//! `syn::File` and pretty-printed, compared with the stored snapshot.

use std::path::Path;

use order_fsm_codegen::{expand_machine, Options};

fn expand_file(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let bytes = std::fs::read(path).expect("readable spec");
    let compiled = order_fsm_core::compile_bytes(&name, &bytes);
    assert!(!compiled.has_errors(), "{}", compiled.render());
    let spec = compiled.spec.as_ref().expect("parsed");
    let mut out = String::new();
    for m in &spec.machines {
        let options = Options {
            file: name.clone(),
            source: Some(&compiled.source),
            ..Options::default()
        };
        let tokens = expand_machine(spec, m, &options);
        let file: syn::File = syn::parse2(tokens).expect("generated code parses as a Rust file");
        out.push_str(&format!("// ---- machine {}\n", m.id.text));
        out.push_str(&prettyplease::unparse(&file));
    }
    out
}

#[test]
fn specs() {
    insta::glob!("../../specs", "*.fsm", |path| {
        insta::assert_snapshot!(expand_file(path));
    });
}

#[test]
fn valid_fixtures() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../order-fsm-core/tests/fixtures/valid");
    assert!(dir.is_dir(), "fixtures folder {} is missing", dir.display());
    insta::glob!(
        "../../order-fsm-core/tests/fixtures/valid",
        "*.fsm",
        |path| {
            insta::assert_snapshot!(expand_file(path));
        }
    );
}
