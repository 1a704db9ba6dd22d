//! Generates, for the differential tests, one `#[derive(StateMachine)]` per machine of every
//! spec in the workspace's `specs/` and the core's valid fixtures. Outside the workspace
//! (a published crate) there are no such folders and the generated file is empty.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default());
    let dirs = [
        "../specs",
        "../order-fsm-core/tests/fixtures/valid",
        "tests/specs",
    ];
    let mut out = String::new();
    for d in dirs {
        let dir = manifest.join(d);
        println!("cargo:rerun-if-changed={}", dir.display());
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut files: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "fsm"))
            .collect();
        files.sort();
        for f in files {
            println!("cargo:rerun-if-changed={}", f.display());
            machines_of(&f, &format!("{d}/{}", file_name(&f)), &mut out);
        }
    }
    let _ = std::fs::write(out_dir.join("differential_machines.rs"), out);
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Payload types the tests can make with `Default::default()`.
fn simple_type(ty: &str) -> bool {
    const OK: &[&str] = &[
        "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64", "i128", "isize",
        "bool", "char", "f32", "f64", "String",
    ];
    let t = ty.replace(' ', "");
    if OK.contains(&t.as_str()) {
        return true;
    }
    for wrapper in ["Option<", "Vec<"] {
        if let Some(inner) = t.strip_prefix(wrapper).and_then(|r| r.strip_suffix('>')) {
            return simple_type(inner);
        }
    }
    false
}

/// An expression giving a value of a payload type, for the types the tests know.
fn value_of(ty: &str) -> Option<String> {
    if simple_type(ty) {
        return Some("::core::default::Default::default()".to_string());
    }
    match ty.replace(' ', "").as_str() {
        "std::time::SystemTime" | "::std::time::SystemTime" => {
            Some("::std::time::SystemTime::UNIX_EPOCH".to_string())
        }
        _ => None,
    }
}

fn machines_of(path: &Path, rel: &str, out: &mut String) {
    let Ok(bytes) = std::fs::read(path) else {
        return;
    };
    let compiled = order_fsm_core::compile_bytes(rel, &bytes);
    if compiled.has_errors() {
        return;
    }
    let Some(spec) = compiled.spec.as_ref() else {
        return;
    };
    let stem: String = file_name(path)
        .trim_end_matches(".fsm")
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    for m in &spec.machines {
        let simple = m
            .events
            .iter()
            .all(|e| e.payload.iter().all(|f| value_of(&f.ty.text).is_some()));
        if !simple {
            continue;
        }
        let id = &m.id.text;
        let module = format!("m_{stem}_{}", id.to_ascii_lowercase());
        let mut arms = String::new();
        for (i, e) in m.events.iter().enumerate() {
            let fields: Vec<String> = e
                .payload
                .iter()
                .map(|f| {
                    format!(
                        "{}: {}",
                        f.name.text,
                        value_of(&f.ty.text).unwrap_or_default()
                    )
                })
                .collect();
            if fields.is_empty() {
                let _ = writeln!(arms, "            {i} => Some({id}Event::{}),", e.id.text);
            } else {
                let _ = writeln!(
                    arms,
                    "            {i} => Some({id}Event::{} {{ {} }}),",
                    e.id.text,
                    fields.join(", ")
                );
            }
        }
        let _ = write!(
            out,
            r#"
#[allow(dead_code, deprecated, unused_imports, clippy::all)]
pub mod {module} {{
    use order_fsm::StateMachine;

    #[derive(StateMachine)]
    #[fsm(spec = "{rel}", machine = "{id}")]
    pub struct {id};

    pub const SPEC: &str = "{rel}";
    pub const MACHINE: &str = "{id}";

    pub fn make_event(k: usize) -> Option<{id}Event> {{
        match k {{
{arms}            _ => None,
        }}
    }}

    pub fn fire<H: {id}Hooks>(s: {id}State, e: &{id}Event, a: Option<{id}Role>, h: &mut H)
        -> Result<order_fsm::Transition<{id}>, order_fsm::FireError<{id}, H::Error>> {{
        s.fire(e, a, h)
    }}

    pub fn elapse<H: {id}Hooks>(s: {id}State, secs: u64, h: &mut H)
        -> Result<order_fsm::Transition<{id}>, order_fsm::FireError<{id}, H::Error>> {{
        s.elapse(secs, h)
    }}

    #[test]
    fn agrees_with_the_interpreter() {{
        super::differential::<{id}>(SPEC, MACHINE, make_event, fire, elapse);
    }}
}}
"#
        );
    }
}
