//! Static metadata: everything the spec says about a machine, as `&'static` data.
//!
//! Every generated machine exposes one [`MachineInfo`] through
//! [`Machine::INFO`](crate::Machine::INFO). Items refer to each other by index into the
//! machine's slices, in spec order, exactly as the generated enums number their variants:
//! `OrderState::Paid.index()` is the position of `Paid` in [`MachineInfo::states`].

/// One state machine as the spec describes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MachineInfo {
    pub id: &'static str,
    /// The label, else the id.
    pub label: &'static str,
    pub doc: Option<&'static str>,
    /// The spec file as named in the `#[fsm(spec = "…")]` attribute.
    pub file: &'static str,
    pub states: &'static [StateInfo],
    pub events: &'static [EventInfo],
    pub roles: &'static [RoleInfo],
    pub guards: &'static [GuardInfo],
    pub actions: &'static [ActionInfo],
    /// Every transition line, in spec order.
    pub transitions: &'static [TransitionInfo],
    pub notes: &'static [&'static str],
    /// Index of the initial state.
    pub initial: usize,
}

impl MachineInfo {
    /// The state with this id.
    pub fn state(&self, id: &str) -> Option<&'static StateInfo> {
        self.states.iter().find(|s| s.id == id)
    }
    /// The event with this id.
    pub fn event(&self, id: &str) -> Option<&'static EventInfo> {
        self.events.iter().find(|e| e.id == id)
    }
    /// The role with this id.
    pub fn role(&self, id: &str) -> Option<&'static RoleInfo> {
        self.roles.iter().find(|r| r.id == id)
    }
    /// The guard with this id.
    pub fn guard(&self, id: &str) -> Option<&'static GuardInfo> {
        self.guards.iter().find(|g| g.id == id)
    }
    /// The transition lines that leave state `state` (by index), in spec order.
    pub fn transitions_from(&self, state: usize) -> impl Iterator<Item = &'static TransitionInfo> {
        self.transitions
            .iter()
            .filter(move |t| t.sources.contains(&state))
    }
}

/// A state: id, label, doc, flags and external status codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StateInfo {
    pub id: &'static str,
    /// The label, else the id.
    pub label: &'static str,
    pub doc: Option<&'static str>,
    pub initial: bool,
    pub is_final: bool,
    /// External status codes in spec order; the first of each kind is the canonical one.
    pub codes: &'static [Code],
}

/// An external status code used by a legacy system.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Code {
    Int(i64),
    Str(&'static str),
}

impl core::fmt::Display for Code {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Code::Int(i) => write!(f, "{i}"),
            Code::Str(s) => write!(f, "\"{s}\""),
        }
    }
}

/// An event: id, label, doc, the roles allowed to fire it and its payload fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EventInfo {
    pub id: &'static str,
    /// The label, else the id.
    pub label: &'static str,
    pub doc: Option<&'static str>,
    /// Indices into [`MachineInfo::roles`]; empty means any role.
    pub roles: &'static [usize],
    pub fields: &'static [FieldInfo],
}

/// A payload field of an event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldInfo {
    pub name: &'static str,
    /// The Rust type as written in the spec.
    pub ty: &'static str,
    pub doc: Option<&'static str>,
}

/// A role that may fire events.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RoleInfo {
    pub id: &'static str,
    /// The label, else the id.
    pub label: &'static str,
    pub doc: Option<&'static str>,
}

/// A guard: a yes/no condition implemented in the hooks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GuardInfo {
    pub id: &'static str,
    pub description: Option<&'static str>,
    pub doc: Option<&'static str>,
}

/// An action run when a transition is taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ActionInfo {
    pub id: &'static str,
    pub description: Option<&'static str>,
    pub doc: Option<&'static str>,
}

/// What makes a transition happen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TriggerInfo {
    /// `on Event`: index into [`MachineInfo::events`].
    Event(usize),
    /// `after 30m "…"`.
    Timeout {
        seconds: u64,
        /// The delay as written (`30m`).
        written: &'static str,
        label: Option<&'static str>,
    },
}

/// One transition line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TransitionInfo {
    /// Source states (indices). For `any -> …` every non-final state.
    pub sources: &'static [usize],
    /// Written `any -> …`.
    pub from_any: bool,
    pub target: usize,
    pub trigger: TriggerInfo,
    /// The roles allowed to take this line (the line's own `by`, else the event's);
    /// empty means any role.
    pub roles: &'static [usize],
    /// Index into [`MachineInfo::guards`].
    pub guard: Option<usize>,
    /// The guard description that applies on this line.
    pub guard_description: Option<&'static str>,
    /// Indices into [`MachineInfo::actions`], in the order they run.
    pub actions: &'static [usize],
    pub note: Option<&'static str>,
    pub doc: Option<&'static str>,
    /// 1-based line of the spec file.
    pub line: u32,
}

impl TransitionInfo {
    /// The event index, if this is an event transition.
    pub fn event(&self) -> Option<usize> {
        match self.trigger {
            TriggerInfo::Event(e) => Some(e),
            TriggerInfo::Timeout { .. } => None,
        }
    }
    /// The delay in seconds, if this is a timeout.
    pub fn timeout_seconds(&self) -> Option<u64> {
        match self.trigger {
            TriggerInfo::Timeout { seconds, .. } => Some(seconds),
            TriggerInfo::Event(_) => None,
        }
    }
}
