//! A checked spec's machine turned into the runtime metadata the derive emits, so that the
//! `order-fsm sql` command and a service built with `#[derive(StateMachine)]` feed the same
//! generator with the same description (feature `model`).

use order_fsm::{
    ActionInfo, Code, CodeSystemInfo, EventInfo, FieldInfo, GuardInfo, MachineInfo, RoleInfo,
    StateInfo, SystemCodesInfo, Table, TransitionInfo, TriggerInfo,
};
use order_fsm_core::interp::Interpreter;
use order_fsm_core::liveness::Liveness;
use order_fsm_core::model::{self, Machine, TransitionIx, Trigger};
use order_fsm_core::source::SourceFile;

/// The [`MachineInfo`] of a checked machine, exactly as `#[derive(StateMachine)]` builds
/// it for the same spec (the file name as given, line numbers from `source`, or 0 without
/// it).
///
/// The metadata is `'static` data, so this leaks one copy of the machine's texts: meant
/// for a command that converts one machine and exits, not for a loop.
pub fn machine_info(
    machine: &Machine,
    file: &str,
    source: Option<&SourceFile>,
) -> &'static MachineInfo {
    let leak = |s: &str| -> &'static str { Box::leak(s.to_owned().into_boxed_str()) };
    let leak_opt = |s: Option<&str>| s.map(leak);
    let label_or =
        |label: Option<&model::Text>, id: &model::Name| leak(label.map_or(&id.text, |l| &l.text));
    fn slice<T>(v: Vec<T>) -> &'static [T] {
        Box::leak(v.into_boxed_slice())
    }

    let code = |c: &model::Code| match c {
        model::Code::Int(i) => Code::Int(*i),
        model::Code::Str(t) => Code::Str(leak(t)),
    };
    let states = machine
        .states
        .iter()
        .map(|s| StateInfo {
            id: leak(&s.id.text),
            label: label_or(s.label.as_ref(), &s.id),
            doc: leak_opt(s.doc.as_deref()),
            initial: s.initial,
            is_final: s.is_final,
            codes: slice(s.codes.iter().map(code).collect()),
            system_codes: slice(
                s.system_codes
                    .iter()
                    .map(|c| SystemCodesInfo {
                        system: c.system,
                        codes: slice(c.codes.iter().map(code).collect()),
                        shared: c.shared,
                    })
                    .collect(),
            ),
        })
        .collect();
    let events = machine
        .events
        .iter()
        .map(|e| EventInfo {
            id: leak(&e.id.text),
            label: label_or(e.label.as_ref(), &e.id),
            doc: leak_opt(e.doc.as_deref()),
            roles: slice(e.roles.iter().map(|r| r.index()).collect()),
            fields: slice(
                e.payload
                    .iter()
                    .map(|f| FieldInfo {
                        name: leak(&f.name.text),
                        ty: leak(&f.ty.text),
                        doc: leak_opt(f.doc.as_deref()),
                    })
                    .collect(),
            ),
        })
        .collect();
    let roles = machine
        .roles
        .iter()
        .map(|r| RoleInfo {
            id: leak(&r.id.text),
            label: label_or(r.label.as_ref(), &r.id),
            doc: leak_opt(r.doc.as_deref()),
        })
        .collect();
    let guards = machine
        .guards
        .iter()
        .map(|g| GuardInfo {
            id: leak(&g.id.text),
            description: leak_opt(g.description.as_ref().map(|d| d.text.as_str())),
            doc: leak_opt(g.doc.as_deref()),
        })
        .collect();
    let actions = machine
        .actions
        .iter()
        .map(|a| ActionInfo {
            id: leak(&a.id.text),
            description: leak_opt(a.description.as_ref().map(|d| d.text.as_str())),
            doc: leak_opt(a.doc.as_deref()),
        })
        .collect();
    let live = Liveness::new(Interpreter::new(machine));
    let transitions = machine
        .transitions
        .iter()
        .enumerate()
        .map(|(i, t)| TransitionInfo {
            sources: slice(t.sources.iter().map(|s| s.index()).collect()),
            from_any: t.from_any,
            target: t.target.map(|to| to.index()),
            trigger: match &t.trigger {
                Trigger::Event { event, .. } => TriggerInfo::Event(event.index()),
                Trigger::Timeout {
                    seconds,
                    written,
                    label,
                    ..
                } => TriggerInfo::Timeout {
                    seconds: *seconds,
                    written: leak(written),
                    label: leak_opt(label.as_ref().map(|l| l.text.as_str())),
                },
            },
            roles: slice(machine.allowed_roles(t).iter().map(|r| r.index()).collect()),
            guard: t.guard.as_ref().map(|g| g.guard.index()),
            guard_description: leak_opt(
                t.guard.as_ref().and_then(|g| machine.guard_description(g)),
            ),
            actions: slice(t.actions.iter().map(|a| a.index()).collect()),
            note: leak_opt(t.note.as_ref().map(|n| n.text.as_str())),
            doc: leak_opt(t.doc.as_deref()),
            line: source.map_or(0, |s| {
                u32::try_from(s.line_col(t.span.start).line).unwrap_or(0)
            }),
            dead_in: slice(
                live.dead_sources(TransitionIx(i as u32))
                    .iter()
                    .map(|s| s.index())
                    .collect(),
            ),
        })
        .collect();
    let notes = machine.notes.iter().map(|n| leak(&n.text.text)).collect();
    Box::leak(Box::new(MachineInfo {
        id: leak(&machine.id.text),
        label: label_or(machine.label.as_ref(), &machine.id),
        doc: leak_opt(machine.doc.as_deref()),
        file: leak(file),
        states: Table::new(slice(states)),
        events: slice(events),
        roles: slice(roles),
        guards: slice(guards),
        actions: slice(actions),
        transitions: Table::new(slice(transitions)),
        notes: slice(notes),
        initial: machine.initial.map_or(0, |s| s.index()),
        code_systems: slice(
            machine
                .code_systems
                .iter()
                .map(|c| CodeSystemInfo {
                    id: leak(&c.id.text),
                    label: label_or(c.label.as_ref(), &c.id),
                    doc: leak_opt(c.doc.as_deref()),
                })
                .collect(),
        ),
    }))
}
