//! Fixture suites: valid specs snapshot their resolved model; `err_*` specs snapshot their
//! rendered diagnostics. An invalid fixture named `err_E0002_…` must report code E0002.

use std::collections::BTreeSet;
use std::path::Path;

use order_fsm_core::diag::codes;

fn compile_path(path: &Path) -> order_fsm_core::Compiled {
    let bytes = std::fs::read(path).expect("fixture readable");
    let name = format!(
        "fixtures/{}",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("?")
    );
    order_fsm_core::compile_bytes(&name, &bytes)
}

#[test]
fn valid_fixtures_resolve_without_diagnostics() {
    insta::glob!("fixtures/valid/*.fsm", |path| {
        let c = compile_path(path);
        // A fixture that shows a warning's case says so on a line `// warns: W0006`; no
        // other diagnostic is allowed.
        let text = std::fs::read_to_string(path).expect("fixture readable");
        let expected: BTreeSet<&str> = text
            .lines()
            .filter_map(|l| l.strip_prefix("// warns: "))
            .flat_map(|l| l.split(", "))
            .collect();
        let found: BTreeSet<&str> = c
            .diagnostics
            .iter()
            .filter(|d| d.severity == order_fsm_core::diag::Severity::Warning)
            .map(|d| d.code)
            .collect();
        assert!(!c.has_errors(), "{}", c.render());
        assert_eq!(found, expected, "{}", c.render());
        let spec = c.spec.expect("parsed");
        insta::assert_json_snapshot!(spec);
    });
}

#[test]
fn shipped_specs_are_clean() {
    insta::glob!(
        concat!(env!("CARGO_MANIFEST_DIR"), "/../specs"),
        "*.fsm",
        |path| {
            let c = compile_path(path);
            assert!(c.diagnostics.is_empty(), "{}", c.render());
            let spec = c.spec.expect("parsed");
            insta::assert_json_snapshot!(spec);
        }
    );
}

#[test]
fn invalid_fixtures_report_their_code() {
    insta::glob!("fixtures/invalid/err_*.fsm", |path| {
        let c = compile_path(path);
        assert!(
            !c.diagnostics.is_empty(),
            "no diagnostics for {}",
            path.display()
        );
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        if let Some(code) = stem.split('_').nth(1).filter(|c| c.len() == 5) {
            assert!(
                c.diagnostics.iter().any(|d| d.code == code),
                "{} should report {code}:\n{}",
                path.display(),
                c.render()
            );
        }
        insta::assert_snapshot!(c.render());
    });
}

#[test]
fn every_code_has_an_invalid_fixture() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/invalid");
    let covered: BTreeSet<String> = std::fs::read_dir(dir)
        .expect("fixtures")
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .filter_map(|n| n.split('_').nth(1).map(str::to_string))
        .collect();
    let missing: Vec<&str> = codes::ALL
        .iter()
        .copied()
        .filter(|c| !covered.contains(*c))
        .collect();
    assert!(
        missing.is_empty(),
        "codes without an err_ fixture: {missing:?}"
    );
}

#[test]
fn many_errors_are_reported_in_one_run() {
    let c = compile_path(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/invalid/err_many_errors_at_once.fsm"),
    );
    let found: Vec<&str> = c.diagnostics.iter().map(|d| d.code).collect();
    assert!(found.contains(&codes::UNKNOWN_STATE), "{found:?}");
    assert!(found.contains(&codes::UNKNOWN_EVENT), "{found:?}");
    assert!(found.contains(&codes::FROM_FINAL), "{found:?}");
}
