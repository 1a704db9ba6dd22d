//! The packed metadata, both ways: for every spec in `specs/` and every valid core fixture,
//! each machine's states and transition lines are packed by the derive's encoder
//! ([`pack_metadata`], the bytes behind the generated `__STATES` and `__LINES`), read back
//! by the runtime's decoder (an `order_fsm::Table` over the packed bytes, as generated code
//! builds it), and compared with what the model says.

use std::path::{Path, PathBuf};

use order_fsm::__private::Packed;
use order_fsm::{Code, StateInfo, Table, TransitionInfo, TriggerInfo, Unpack};
use order_fsm_codegen::expand::pack_metadata;
use order_fsm_codegen::Options;
use order_fsm_core::interp::Interpreter;
use order_fsm_core::liveness::Liveness;
use order_fsm_core::model::{self, Machine, Trigger};
use order_fsm_core::source::SourceFile;

/// Every `.fsm` under `dir` (and its folders) whose name does not start with `err_`.
fn spec_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("a folder entry").path();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if path.is_dir() {
            spec_files(&path, out);
        } else if name.ends_with(".fsm") && !name.starts_with("err_") {
            out.push(path);
        }
    }
}

/// The runtime's decoding of packed bytes, through the same `Table` the generated
/// `MachineInfo` holds.
fn decode<T: Unpack>(data: Vec<u8>, text: &'static str, len: usize) -> &'static [T] {
    let packed: &'static Packed<T> = Box::leak(Box::new(Packed::new(data.leak(), text, len)));
    Table::packed(packed).as_slice()
}

fn code(c: &model::Code) -> Code {
    match c {
        model::Code::Int(i) => Code::Int(*i),
        model::Code::Str(t) => Code::Str(t.clone().leak()),
    }
}

fn codes(cs: &[model::Code]) -> Vec<Code> {
    cs.iter().map(code).collect()
}

fn positions<T: Copy>(items: &[T], index: impl Fn(T) -> usize) -> Vec<usize> {
    items.iter().map(|&i| index(i)).collect()
}

/// What the shipped specs exercise, so that a flag no spec sets does not go unnoticed.
#[derive(Default, Debug)]
struct Seen {
    initial: bool,
    is_final: bool,
    label: bool,
    label_is_id: bool,
    state_doc: bool,
    codes: bool,
    negative_code: bool,
    text_code: bool,
    system_codes: bool,
    shared: bool,
    from_any: bool,
    several_sources: bool,
    stays: bool,
    timeout: bool,
    timeout_label: bool,
    roles: bool,
    guard: bool,
    guard_description: bool,
    actions: bool,
    note: bool,
    line_doc: bool,
    dead_in: bool,
}

fn check_states(m: &Machine, states: &[StateInfo], at: &str, seen: &mut Seen) {
    assert_eq!(states.len(), m.states.len(), "{at}: number of states");
    for (i, (s, got)) in m.states.iter().zip(states).enumerate() {
        let at = format!("{at}, state {}", s.id.text);
        assert_eq!(got.id, s.id.text, "{at}: id");
        let label = s.label.as_ref().map_or(&s.id.text, |l| &l.text);
        assert_eq!(got.label, label, "{at}: label");
        assert_eq!(got.doc, s.doc.as_deref(), "{at}: doc");
        assert_eq!(got.initial, s.initial, "{at}: initial");
        assert_eq!(
            got.initial,
            m.initial.map(|x| x.index()) == Some(i),
            "{at}: initial"
        );
        assert_eq!(got.is_final, s.is_final, "{at}: final");
        assert_eq!(got.codes, codes(&s.codes), "{at}: codes");
        assert_eq!(
            got.system_codes.len(),
            s.system_codes.len(),
            "{at}: systems"
        );
        for (sc, g) in s.system_codes.iter().zip(got.system_codes) {
            assert_eq!(g.system, sc.system, "{at}: system");
            assert_eq!(g.shared, sc.shared, "{at}: shared in system {}", sc.system);
            assert_eq!(
                g.codes,
                codes(&sc.codes),
                "{at}: codes in system {}",
                sc.system
            );
            assert_eq!(got.codes_in(sc.system), g.codes, "{at}: codes_in");
        }
        seen.initial |= s.initial;
        seen.is_final |= s.is_final;
        seen.label |= s.label.as_ref().is_some_and(|l| l.text != s.id.text);
        seen.label_is_id |= s.label.as_ref().is_some_and(|l| l.text == s.id.text);
        seen.state_doc |= s.doc.is_some();
        seen.codes |= !s.codes.is_empty();
        let all_codes = s
            .codes
            .iter()
            .chain(s.system_codes.iter().flat_map(|c| &c.codes));
        for c in all_codes {
            seen.negative_code |= matches!(c, model::Code::Int(i) if *i < 0);
            seen.text_code |= matches!(c, model::Code::Str(_));
        }
        seen.system_codes |= !s.system_codes.is_empty();
        seen.shared |= s.system_codes.iter().any(|c| c.shared);
    }
}

fn check_lines(
    m: &Machine,
    source: &SourceFile,
    lines: &[TransitionInfo],
    at: &str,
    seen: &mut Seen,
) {
    assert_eq!(lines.len(), m.transitions.len(), "{at}: number of lines");
    let live = Liveness::new(Interpreter::new(m));
    for (i, (t, got)) in m.transitions.iter().zip(lines).enumerate() {
        let spec_line = source.line_col(t.span.start).line;
        let at = format!("{at}, transition {i} (spec line {spec_line})");
        assert_eq!(
            got.sources,
            positions(&t.sources, |s| s.index()),
            "{at}: sources"
        );
        assert_eq!(got.from_any, t.from_any, "{at}: any");
        assert_eq!(got.target, t.target.map(|s| s.index()), "{at}: target");
        assert_eq!(got.stays(), t.stays(), "{at}: stays");
        match &t.trigger {
            Trigger::Event { event, .. } => {
                assert_eq!(
                    got.trigger,
                    TriggerInfo::Event(event.index()),
                    "{at}: event"
                );
            }
            Trigger::Timeout {
                seconds,
                written,
                label,
                ..
            } => {
                let TriggerInfo::Timeout {
                    seconds: s,
                    written: w,
                    label: l,
                } = got.trigger
                else {
                    panic!("{at}: a timeout read back as {:?}", got.trigger);
                };
                assert_eq!(s, *seconds, "{at}: seconds");
                assert_eq!(w, written, "{at}: delay as written");
                assert_eq!(l, label.as_ref().map(|l| l.text.as_str()), "{at}: label");
                seen.timeout = true;
                seen.timeout_label |= label.is_some();
            }
        }
        assert_eq!(got.event(), t.event().map(|e| e.index()), "{at}: event");
        assert_eq!(got.timeout_seconds(), t.timeout_seconds(), "{at}: seconds");
        assert_eq!(got.is_reminder(), t.is_reminder(), "{at}: reminder");
        let roles = m.allowed_roles(t);
        assert_eq!(got.roles, positions(roles, |r| r.index()), "{at}: roles");
        assert_eq!(
            got.guard,
            t.guard.as_ref().map(|g| g.guard.index()),
            "{at}: guard"
        );
        let description = t.guard.as_ref().and_then(|g| m.guard_description(g));
        assert_eq!(
            got.guard_description, description,
            "{at}: guard description"
        );
        assert_eq!(
            got.actions,
            positions(&t.actions, |a| a.index()),
            "{at}: actions"
        );
        let note = t.note.as_ref().map(|n| n.text.as_str());
        assert_eq!(got.note, note, "{at}: note");
        assert_eq!(got.doc, t.doc.as_deref(), "{at}: doc");
        assert_eq!(got.line as usize, spec_line, "{at}: spec line");
        // The sources where the line is dead, as the liveness says, and nowhere else.
        for &s in got.sources {
            assert_eq!(
                got.is_live_in(s),
                live.is_live(model::StateIx(s as u32), model::TransitionIx(i as u32)),
                "{at}: live in state {s}"
            );
        }
        seen.dead_in |= !got.dead_in.is_empty();
        seen.from_any |= t.from_any;
        seen.several_sources |= t.sources.len() > 1;
        seen.stays |= t.stays();
        seen.roles |= !roles.is_empty();
        seen.guard |= t.guard.is_some();
        seen.guard_description |= description.is_some();
        seen.actions |= !t.actions.is_empty();
        seen.note |= t.note.is_some();
        seen.line_doc |= t.doc.is_some();
    }
}

/// What no shipped spec or fixture writes, so that the round trip still sees it: a label
/// equal to the id, negative codes, a doc comment on a line.
const EDGES: &str = r#"machine Edges "Edges" {
  codes legacy "旧系统"
  state Open "Open" initial code -1, "OPEN" legacy -20
  state Done "完成" final code -9000000000 legacy 7
  event Finish "完成"
  /// A line with a doc comment.
  Open -> Done on Finish
}
"#;

/// Packs every machine of a spec, decodes it with the runtime and compares it with the
/// model; the number of machines, or `None` for a spec with errors.
fn round_trip(name: &str, bytes: &[u8], seen: &mut Seen) -> Option<usize> {
    let compiled = order_fsm_core::compile_bytes(name, bytes);
    if compiled.has_errors() {
        return None;
    }
    let spec = compiled
        .spec
        .as_ref()
        .expect("a spec without errors has a model");
    for m in &spec.machines {
        let options = Options {
            file: name.to_string(),
            source: Some(&compiled.source),
            ..Options::default()
        };
        let packed = pack_metadata(m, &options);
        let at = format!("{name}, machine {}", m.id.text);
        assert_eq!(packed.n_states, m.states.len(), "{at}");
        assert_eq!(packed.n_lines, m.transitions.len(), "{at}");
        let text: &'static str = packed.text.leak();
        let states = decode::<StateInfo>(packed.states, text, packed.n_states);
        let lines = decode::<TransitionInfo>(packed.lines, text, packed.n_lines);
        check_states(m, states, &at, seen);
        check_lines(m, &compiled.source, lines, &at, seen);
    }
    Some(spec.machines.len())
}

#[test]
fn every_spec_reads_back_as_its_model() {
    let root = order_fsm_testing::workspace_root();
    let mut shipped = Vec::new();
    spec_files(&root.join("specs"), &mut shipped);
    let mut fixtures = Vec::new();
    spec_files(&root.join("order-fsm-core/tests/fixtures"), &mut fixtures);
    shipped.sort();
    fixtures.sort();
    assert!(!shipped.is_empty() && !fixtures.is_empty());
    let mut seen = Seen::default();
    let mut machines = 0;
    for path in shipped.iter().chain(&fixtures) {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let bytes = std::fs::read(path).expect("readable spec");
        match round_trip(&name, &bytes, &mut seen) {
            Some(n) => machines += n,
            // A shipped spec must compile; a fixture with errors is not one to pack.
            None => assert!(!shipped.contains(path), "{name} has errors"),
        }
    }
    assert!(machines > shipped.len(), "{machines} machines");
    let edges = round_trip("edges.fsm", EDGES.as_bytes(), &mut seen);
    assert_eq!(edges, Some(1), "the spec of edge cases compiles");
    let Seen {
        initial,
        is_final,
        label,
        label_is_id,
        state_doc,
        codes,
        negative_code,
        text_code,
        system_codes,
        shared,
        from_any,
        several_sources,
        stays,
        timeout,
        timeout_label,
        roles,
        guard,
        guard_description,
        actions,
        note,
        line_doc,
        dead_in,
    } = seen;
    let all = [
        ("initial", initial),
        ("final", is_final),
        ("label", label),
        ("label equal to the id", label_is_id),
        ("state doc", state_doc),
        ("codes", codes),
        ("negative code", negative_code),
        ("text code", text_code),
        ("codes of another system", system_codes),
        ("shared code", shared),
        ("any ->", from_any),
        ("several sources", several_sources),
        ("line without a target", stays),
        ("timeout", timeout),
        ("timeout label", timeout_label),
        ("roles", roles),
        ("guard", guard),
        ("guard description", guard_description),
        ("actions", actions),
        ("note", note),
        ("line doc", line_doc),
        ("line dead in some of its sources", dead_in),
    ];
    let missing: Vec<&str> = all.iter().filter(|(_, s)| !s).map(|(n, _)| *n).collect();
    assert!(
        missing.is_empty(),
        "no spec or fixture has: {}",
        missing.join(", ")
    );
}
