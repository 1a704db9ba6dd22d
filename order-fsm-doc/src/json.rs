//! The friendly JSON export (schema in the crate documentation).

use std::collections::BTreeMap;

use order_fsm_core::model::{Expect, Machine, RuleKind, Spec, StepInput, Trigger};
use serde::Serialize;

use crate::common::*;

/// The value of the `format` field; bumped when a field changes meaning.
pub const FORMAT_VERSION: &str = "order-fsm-doc/1";

#[derive(Serialize)]
pub struct Export<'a> {
    pub format: &'static str,
    pub file: &'a str,
    pub machine: MachineInfo<'a>,
    pub initial: Option<&'a str>,
    /// The other systems whose codes the spec lists (`codes legacy "旧订单系统"`); empty when
    /// there are none (and then left out).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub code_systems: Vec<CodeSystemOut<'a>>,
    pub states: Vec<StateOut<'a>>,
    pub events: Vec<EventOut<'a>>,
    pub roles: Vec<RoleOut<'a>>,
    pub guards: Vec<DescribedOut<'a>>,
    pub actions: Vec<DescribedOut<'a>>,
    pub transitions: Vec<TransitionOut<'a>>,
    pub notes: Vec<&'a str>,
    pub scenarios: Vec<ScenarioOut<'a>>,
    /// Business rules; a document is only made from a spec whose rules all hold.
    pub rules: Vec<RuleOut<'a>>,
}

#[derive(Serialize)]
pub struct RuleOut<'a> {
    pub name: &'a str,
    pub doc: Option<&'a str>,
    /// `never`, `only_via` or `always`.
    pub kind: &'static str,
    /// The state the rule starts from (`never`, `always`), else `null`.
    pub from: Option<&'a str>,
    pub targets: Vec<&'a str>,
    /// The states one of which must come first (`only_via`), else empty.
    pub via: Vec<&'a str>,
    /// The rule as a sentence, in Chinese like the documents.
    pub text: String,
    pub holds: bool,
}

#[derive(Serialize)]
pub struct MachineInfo<'a> {
    pub id: &'a str,
    pub label: &'a str,
    pub doc: Option<&'a str>,
}

#[derive(Serialize)]
pub struct StateOut<'a> {
    pub id: &'a str,
    pub label: &'a str,
    pub doc: Option<&'a str>,
    pub initial: bool,
    #[serde(rename = "final")]
    pub is_final: bool,
    pub codes: &'a [order_fsm_core::model::Code],
    /// The codes in each other system, by the system's id; a system the state has no code
    /// in is left out (unless the spec says `customs none`: then `"none": true`), and so is
    /// the whole map when the spec lists no other system.
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub system_codes: std::collections::BTreeMap<&'a str, SystemCodesOut<'a>>,
}

#[derive(Serialize)]
pub struct CodeSystemOut<'a> {
    pub id: &'a str,
    pub label: &'a str,
    pub doc: Option<&'a str>,
}

#[derive(Serialize)]
pub struct SystemCodesOut<'a> {
    /// The first is written to that system; the others are accepted from it.
    pub codes: &'a [order_fsm_core::model::Code],
    /// Other states may have the same code in that system.
    pub shared: bool,
    /// `customs none`: the state has no code in that system on purpose (`codes` is empty).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub none: bool,
}

#[derive(Serialize)]
pub struct EventOut<'a> {
    pub id: &'a str,
    pub label: &'a str,
    pub doc: Option<&'a str>,
    pub roles: Vec<&'a str>,
    pub payload: Vec<FieldOut<'a>>,
}

#[derive(Serialize)]
pub struct FieldOut<'a> {
    pub name: &'a str,
    #[serde(rename = "type")]
    pub ty: &'a str,
    pub doc: Option<&'a str>,
}

#[derive(Serialize)]
pub struct RoleOut<'a> {
    pub id: &'a str,
    pub label: &'a str,
    pub doc: Option<&'a str>,
}

#[derive(Serialize)]
pub struct DescribedOut<'a> {
    pub id: &'a str,
    pub description: Option<&'a str>,
    pub doc: Option<&'a str>,
}

#[derive(Serialize)]
pub struct TransitionOut<'a> {
    pub line: usize,
    pub from: Vec<&'a str>,
    pub from_any: bool,
    /// `null` for a line that keeps the state (a reminder, or an event handled in place).
    pub to: Option<&'a str>,
    pub event: Option<&'a str>,
    pub timeout: Option<TimeoutOut<'a>>,
    pub roles: Vec<&'a str>,
    pub guard: Option<GuardOut<'a>>,
    pub actions: Vec<&'a str>,
    pub note: Option<&'a str>,
    pub doc: Option<&'a str>,
}

#[derive(Serialize)]
pub struct TimeoutOut<'a> {
    pub seconds: u64,
    pub written: &'a str,
    pub label: Option<&'a str>,
}

#[derive(Serialize)]
pub struct GuardOut<'a> {
    pub id: &'a str,
    pub description: Option<&'a str>,
}

#[derive(Serialize)]
pub struct ScenarioOut<'a> {
    pub name: &'a str,
    pub doc: Option<&'a str>,
    pub from: Option<&'a str>,
    pub steps: Vec<StepOut<'a>>,
    /// `{ => Created }`: the state a scenario without steps expects to start in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<&'a str>,
}

#[derive(Serialize)]
pub struct StepOut<'a> {
    pub event: Option<&'a str>,
    pub actor: Option<&'a str>,
    pub guards: BTreeMap<&'a str, bool>,
    pub wait: Option<WaitOut<'a>>,
    pub expect: Option<ExpectOut<'a>>,
}

#[derive(Serialize)]
pub struct WaitOut<'a> {
    pub seconds: u64,
    pub written: &'a str,
}

#[derive(Serialize)]
#[serde(untagged)]
pub enum ExpectOut<'a> {
    State {
        state: &'a str,
    },
    /// `=> rejected, still Paid`.
    RejectedStill {
        rejected: bool,
        still: &'a str,
    },
    Rejected(&'static str),
}

/// Builds the export of one machine.
pub fn export<'a>(spec: &'a Spec, m: &'a Machine) -> Export<'a> {
    let label_or = |l: &'a Option<order_fsm_core::model::Text>, id: &'a str| -> &'a str {
        l.as_ref().map_or(id, |t| t.text.as_str())
    };
    Export {
        format: FORMAT_VERSION,
        file: &spec.file,
        machine: MachineInfo {
            id: &m.id.text,
            label: label_or(&m.label, &m.id.text),
            doc: m.doc.as_deref(),
        },
        initial: m.initial.map(|s| state_id(m, s)),
        code_systems: m
            .code_systems
            .iter()
            .map(|c| CodeSystemOut {
                id: &c.id.text,
                label: label_or(&c.label, &c.id.text),
                doc: c.doc.as_deref(),
            })
            .collect(),
        states: m
            .states
            .iter()
            .map(|s| StateOut {
                id: &s.id.text,
                label: label_or(&s.label, &s.id.text),
                doc: s.doc.as_deref(),
                initial: s.initial,
                is_final: s.is_final,
                codes: &s.codes,
                system_codes: s
                    .system_codes
                    .iter()
                    .filter_map(|c| {
                        let sys = m.code_systems.get(c.system)?;
                        Some((
                            sys.id.text.as_str(),
                            SystemCodesOut {
                                codes: &c.codes,
                                shared: c.shared,
                                none: c.none,
                            },
                        ))
                    })
                    .collect(),
            })
            .collect(),
        events: m
            .events
            .iter()
            .map(|e| EventOut {
                id: &e.id.text,
                label: label_or(&e.label, &e.id.text),
                doc: e.doc.as_deref(),
                roles: e.roles.iter().map(|&r| role_id(m, r)).collect(),
                payload: e
                    .payload
                    .iter()
                    .map(|f| FieldOut {
                        name: &f.name.text,
                        ty: &f.ty.text,
                        doc: f.doc.as_deref(),
                    })
                    .collect(),
            })
            .collect(),
        roles: m
            .roles
            .iter()
            .map(|r| RoleOut {
                id: &r.id.text,
                label: label_or(&r.label, &r.id.text),
                doc: r.doc.as_deref(),
            })
            .collect(),
        guards: m
            .guards
            .iter()
            .map(|g| DescribedOut {
                id: &g.id.text,
                description: g.description.as_ref().map(|d| d.text.as_str()),
                doc: g.doc.as_deref(),
            })
            .collect(),
        actions: m
            .actions
            .iter()
            .map(|a| DescribedOut {
                id: &a.id.text,
                description: a.description.as_ref().map(|d| d.text.as_str()),
                doc: a.doc.as_deref(),
            })
            .collect(),
        transitions: m
            .transitions
            .iter()
            .enumerate()
            .map(|(i, t)| TransitionOut {
                line: i,
                from: t.sources.iter().map(|&s| state_id(m, s)).collect(),
                from_any: t.from_any,
                to: t.target.map(|to| state_id(m, to)),
                event: t.event().map(|e| event_id(m, e)),
                timeout: match &t.trigger {
                    Trigger::Timeout {
                        seconds,
                        written,
                        label,
                        ..
                    } => Some(TimeoutOut {
                        seconds: *seconds,
                        written,
                        label: label.as_ref().map(|l| l.text.as_str()),
                    }),
                    Trigger::Event { .. } => None,
                },
                roles: m.allowed_roles(t).iter().map(|&r| role_id(m, r)).collect(),
                guard: t.guard.as_ref().map(|g| GuardOut {
                    id: guard_id(m, g),
                    description: m.guard_description(g),
                }),
                actions: t.actions.iter().map(|&a| action_id(m, a)).collect(),
                note: t.note.as_ref().map(|n| n.text.as_str()),
                doc: t.doc.as_deref(),
            })
            .collect(),
        notes: m.notes.iter().map(|n| n.text.text.as_str()).collect(),
        rules: m
            .rules
            .iter()
            .map(|r| {
                let ids = |v: &[order_fsm_core::model::StateIx]| {
                    v.iter().map(|&s| state_id(m, s)).collect::<Vec<_>>()
                };
                let (kind, from, targets, via) = match &r.kind {
                    RuleKind::Never { from, targets } => {
                        ("never", Some(state_id(m, *from)), ids(targets), Vec::new())
                    }
                    RuleKind::Via { targets, via } => ("only_via", None, ids(targets), ids(via)),
                    RuleKind::Always { from, targets } => {
                        ("always", Some(state_id(m, *from)), ids(targets), Vec::new())
                    }
                };
                RuleOut {
                    name: &r.name.text,
                    doc: r.doc.as_deref(),
                    kind,
                    from,
                    targets,
                    via,
                    text: rule_sentence(m, &r.kind, crate::Lang::Zh),
                    holds: true,
                }
            })
            .collect(),
        scenarios: m
            .scenarios
            .iter()
            .map(|sc| ScenarioOut {
                name: &sc.name.text,
                doc: sc.doc.as_deref(),
                from: sc.from.or(m.initial).map(|s| state_id(m, s)),
                start: match &sc.start {
                    Some(Expect::State { state, .. }) => Some(state_id(m, *state)),
                    _ => None,
                },
                steps: sc
                    .steps
                    .iter()
                    .map(|st| {
                        let expect = st.expect.as_ref().map(|e| match e {
                            Expect::State { state, .. } => ExpectOut::State {
                                state: state_id(m, *state),
                            },
                            Expect::Rejected { still: None, .. } => ExpectOut::Rejected("rejected"),
                            Expect::Rejected {
                                still: Some(state), ..
                            } => ExpectOut::RejectedStill {
                                rejected: true,
                                still: state_id(m, *state),
                            },
                        });
                        match &st.input {
                            StepInput::Event {
                                event,
                                actor,
                                guards,
                            } => StepOut {
                                event: Some(event_id(m, *event)),
                                actor: actor.map(|a| role_id(m, a)),
                                guards: guards
                                    .iter()
                                    .map(|(g, ok)| {
                                        (
                                            m.guards
                                                .get(g.index())
                                                .map_or("?", |x| x.id.text.as_str()),
                                            *ok,
                                        )
                                    })
                                    .collect(),
                                wait: None,
                                expect,
                            },
                            StepInput::Wait {
                                seconds,
                                written,
                                guards,
                            } => StepOut {
                                event: None,
                                actor: None,
                                guards: guards
                                    .iter()
                                    .map(|(g, ok)| {
                                        (
                                            m.guards
                                                .get(g.index())
                                                .map_or("?", |x| x.id.text.as_str()),
                                            *ok,
                                        )
                                    })
                                    .collect(),
                                wait: Some(WaitOut {
                                    seconds: *seconds,
                                    written,
                                }),
                                expect,
                            },
                        }
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// The export as pretty JSON, ending in a newline.
pub fn render(spec: &Spec, m: &Machine) -> String {
    let mut s = serde_json::to_string_pretty(&export(spec, m)).unwrap_or_default();
    s.push('\n');
    s
}
