//! One snapshot per spec, machine and format, over `specs/*.fsm`, the core's valid fixtures
//! and this crate's fixtures. Snapshots are named like the files `order-fsm doc` writes
//! (`order.Order.md`), prefixed by where the spec lives. Review changes with
//! `cargo insta review`.

use std::path::Path;

use order_fsm_doc::{file_name, render, Format, Lang};

fn snapshot_spec(prefix: &str, path: &Path) {
    let bytes = std::fs::read(path).expect("spec file is readable");
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let stem = path
        .file_stem()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let compiled = order_fsm_core::compile_bytes(&name, &bytes);
    assert!(
        !compiled.has_errors(),
        "{} has errors:\n{}",
        path.display(),
        compiled.render()
    );
    let spec = compiled
        .spec
        .as_ref()
        .expect("a spec without errors has a model");
    let mut settings = insta::Settings::clone_current();
    settings.remove_snapshot_suffix();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_input_file(path);
    settings.bind(|| {
        for machine in &spec.machines {
            for format in Format::ALL {
                let text = render(spec, machine, format, Lang::Zh);
                insta::assert_snapshot!(
                    format!("{prefix}{}", file_name(&stem, machine, format)),
                    text
                );
            }
            // English headings for the two documents people read as text.
            for format in [Format::Md, Format::Csv] {
                let text = render(spec, machine, format, Lang::En);
                let name = file_name(&stem, machine, format);
                insta::assert_snapshot!(format!("{prefix}en.{name}"), text);
            }
            // The 状态码映射表 for spreadsheets, when the spec lists other systems' codes.
            for lang in [Lang::Zh, Lang::En] {
                let codes = order_fsm_doc::csv::render_codes(machine, lang);
                assert_eq!(codes.is_some(), !machine.code_systems.is_empty(), "{stem}");
                if let Some(text) = codes {
                    let en = if lang == Lang::En { "en." } else { "" };
                    let name = format!("{prefix}{en}{stem}.{}.codes.csv", machine.id.text);
                    insta::assert_snapshot!(name, text);
                }
            }
        }
    });
}

#[test]
fn specs() {
    insta::glob!("../../specs", "*.fsm", |path| snapshot_spec("", path));
}

#[test]
fn doc_fixtures() {
    insta::glob!("fixtures", "*.fsm", |path| snapshot_spec("doc-", path));
}

#[test]
fn core_valid_fixtures() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../order-fsm-core/tests/fixtures/valid");
    if dir.is_dir() {
        insta::glob!(
            "../../order-fsm-core/tests/fixtures/valid",
            "*.fsm",
            |path| { snapshot_spec("core-", path) }
        );
    }
}
