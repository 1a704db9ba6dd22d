//! Runs the real Graphviz `dot` on the DOT output of every spec.
//!
//! Skipped with a message when `dot` is not installed, unless `ORDER_FSM_REQUIRE_TOOLS` is
//! set (CI sets it after `.ci/install-doc-tools`), in which case a missing `dot` fails.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use order_fsm_doc::{render, Format, Lang};

fn dot_available() -> bool {
    Command::new("dot")
        .arg("-V")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn spec_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    for dir in ["specs", "order-fsm-core/tests/fixtures/valid"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "fsm") {
                files.push(p);
            }
        }
    }
    files.sort();
    files
}

#[test]
fn dot_accepts_every_dot_output() {
    if !dot_available() {
        if std::env::var_os("ORDER_FSM_REQUIRE_TOOLS").is_some() {
            panic!("`dot` (Graphviz) is not installed but ORDER_FSM_REQUIRE_TOOLS is set; run .ci/install-doc-tools");
        }
        eprintln!("skipped: `dot` (Graphviz) is not installed; run .ci/install-doc-tools to enable this test");
        return;
    }
    let files = spec_files();
    assert!(!files.is_empty(), "no spec files found");
    let mut checked = 0;
    for path in files {
        let bytes = std::fs::read(&path).expect("readable spec");
        let compiled = order_fsm_core::compile_bytes(&path.display().to_string(), &bytes);
        let Some(spec) = compiled.spec.as_ref().filter(|_| !compiled.has_errors()) else {
            panic!("{} has errors:\n{}", path.display(), compiled.render());
        };
        for machine in &spec.machines {
            for lang in [Lang::Zh, Lang::En] {
                let text = render(spec, machine, Format::Dot, lang);
                let mut child = Command::new("dot")
                    .arg("-Tsvg")
                    .stdin(Stdio::piped())
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .expect("dot starts");
                child
                    .stdin
                    .take()
                    .expect("stdin is piped")
                    .write_all(text.as_bytes())
                    .expect("dot reads its input");
                let out = child.wait_with_output().expect("dot finishes");
                let stderr = String::from_utf8_lossy(&out.stderr);
                assert!(
                    out.status.success() && !stderr.to_lowercase().contains("error"),
                    "dot rejected the DOT of {} / {}:\n{stderr}\n{text}",
                    path.display(),
                    machine.id.text
                );
                let svg = String::from_utf8_lossy(&out.stdout);
                assert!(svg.contains("<svg"), "dot produced no SVG");
                // Chinese labels come through as text.
                for s in &machine.states {
                    if let Some(l) = &s.label {
                        assert!(
                            svg.contains(&l.text),
                            "label {} missing from dot's SVG",
                            l.text
                        );
                    }
                }
                checked += 1;
            }
        }
    }
    eprintln!("dot accepted {checked} DOT documents");
}
