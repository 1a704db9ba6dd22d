//! The resolved model: every name in a spec resolved to an index, every item carrying the
//! byte span it came from.
//!
//! A [`Spec`] is what one `.fsm` file says. It holds one or more [`Machine`]s. Inside a
//! machine, states, events, roles, guards and actions are stored in spec order and referred
//! to by index ([`StateIx`], [`EventIx`], …), so tools never look names up twice.
//!
//! The model serialises with serde; indices serialise as plain numbers into the machine's
//! own vectors.

use serde::{Deserialize, Serialize};

use crate::source::Span;

macro_rules! index_type {
    ($(#[$m:meta])* $name:ident) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub u32);

        impl $name {
            /// The position of the item in its machine's vector.
            pub fn index(self) -> usize {
                self.0 as usize
            }
        }
    };
}

index_type!(
    /// Index into [`Machine::states`].
    StateIx
);
index_type!(
    /// Index into [`Machine::events`].
    EventIx
);
index_type!(
    /// Index into [`Machine::roles`].
    RoleIx
);
index_type!(
    /// Index into [`Machine::guards`].
    GuardIx
);
index_type!(
    /// Index into [`Machine::actions`].
    ActionIx
);
index_type!(
    /// Index into [`Machine::transitions`].
    TransitionIx
);

/// Everything one spec file defines.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Spec {
    /// The file name as given to the loader (used in diagnostics).
    pub file: String,
    /// The machines, in file order.
    pub machines: Vec<Machine>,
}

impl Spec {
    /// The machine with this id.
    pub fn machine(&self, id: &str) -> Option<&Machine> {
        self.machines.iter().find(|m| m.id.text == id)
    }
}

/// An identifier as written in the spec, with where it was written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Name {
    pub text: String,
    pub span: Span,
}

/// A free text (label, description, note) with where it was written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text {
    pub text: String,
    pub span: Span,
}

/// One state machine: `machine Order "订单" { … }`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Machine {
    pub id: Name,
    pub label: Option<Text>,
    /// Doc comment lines joined with `\n`, leading `/// ` removed.
    pub doc: Option<String>,
    /// The whole `machine … { … }` item.
    pub span: Span,
    pub states: Vec<State>,
    pub events: Vec<Event>,
    pub roles: Vec<Role>,
    pub guards: Vec<Guard>,
    pub actions: Vec<Action>,
    /// In spec order. This order is the order alternatives are tried in.
    pub transitions: Vec<Transition>,
    pub notes: Vec<Note>,
    pub scenarios: Vec<Scenario>,
    /// Business rules (`rule "…" { … }`), in spec order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<Rule>,
    /// The single initial state. `None` only when the spec has an error about it.
    pub initial: Option<StateIx>,
    /// Other systems' status codes (`codes legacy "旧订单系统"`), in spec order. The main
    /// system (`code …` on a state) is not listed here.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub code_systems: Vec<CodeSystem>,
}

/// Another system an order lives in, with its own status codes: `codes legacy "旧订单系统"`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CodeSystem {
    pub id: Name,
    pub label: Option<Text>,
    pub doc: Option<String>,
    pub span: Span,
}

/// Whether a code system's codes are numbers or texts (each system is one or the other).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CodeKind {
    Int,
    Str,
}

/// One state's codes in one other system: `legacy 5 shared`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SystemCodes {
    /// Index into [`Machine::code_systems`].
    pub system: usize,
    /// In spec order; the first is the one written to the system, the rest are accepted when
    /// reading from it.
    pub codes: Vec<Code>,
    /// Where each code was written, parallel to `codes`.
    pub code_spans: Vec<Span>,
    /// Marked `shared`: other states may use the same code in this system.
    pub shared: bool,
    /// `customs none`: the state has no code in this system on purpose (`codes` is empty).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub none: bool,
    pub span: Span,
}

/// A state: `state Paid "待发货" code 20, "WAIT_SHIP"`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct State {
    pub id: Name,
    pub label: Option<Text>,
    pub doc: Option<String>,
    pub initial: bool,
    #[serde(rename = "final")]
    pub is_final: bool,
    /// External status codes, in spec order; the first is the canonical one.
    pub codes: Vec<Code>,
    /// Where each code was written, parallel to `codes`.
    pub code_spans: Vec<Span>,
    /// The codes in other systems ([`Machine::code_systems`]), at most one entry per system,
    /// in the order written.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub system_codes: Vec<SystemCodes>,
    pub span: Span,
}

impl State {
    /// This state's codes in the code system with this index (empty when it has none).
    pub fn codes_in(&self, system: usize) -> Option<&SystemCodes> {
        self.system_codes.iter().find(|c| c.system == system)
    }

    /// This state's codes in a system: the main one (`code …`) for `None`, else the code
    /// system with that index; the first is the one written, the others are read.
    pub fn codes_of(&self, system: Option<usize>) -> &[Code] {
        match system {
            None => &self.codes,
            Some(ix) => self.codes_in(ix).map_or(&[], |c| &c.codes),
        }
    }
}

/// An external status code used by a legacy system.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Code {
    Int(i64),
    Str(String),
}

impl Code {
    /// What two codes are compared by. A legacy system may send a code as a number or as
    /// text, so a number and the text that writes it in decimal are one code: `2` and `"2"`,
    /// `-5` and `"-5"`. Any other text is itself: `"02"`, `" 2"` and `"+2"` are not `2`.
    pub fn key(&self) -> std::borrow::Cow<'_, str> {
        match self {
            Code::Int(i) => std::borrow::Cow::Owned(i.to_string()),
            Code::Str(s) => std::borrow::Cow::Borrowed(s),
        }
    }
}

/// Whether two status codes are one code; see [`Code::key`]. Everything that compares
/// codes uses this.
pub fn codes_equal(a: &Code, b: &Code) -> bool {
    a.key() == b.key()
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Code::Int(i) => write!(f, "{i}"),
            Code::Str(s) => write!(f, "\"{s}\""),
        }
    }
}

/// An event: `event Ship "发货" by seller { waybill_no: String }`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub id: Name,
    pub label: Option<Text>,
    pub doc: Option<String>,
    /// Roles allowed to fire it. Empty means any role may.
    pub roles: Vec<RoleIx>,
    pub payload: Vec<Field>,
    pub span: Span,
}

/// A typed payload field of an event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Field {
    pub name: Name,
    /// A Rust type path as written, e.g. `String`, `Option<u64>`, `chrono::DateTime<Utc>`.
    pub ty: Text,
    pub doc: Option<String>,
}

/// A role that may fire events: `role buyer "买家"`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Role {
    pub id: Name,
    pub label: Option<Text>,
    pub doc: Option<String>,
    pub span: Span,
}

/// A guard: a yes/no condition the developer implements.
///
/// Declared with `guard name "description"` or introduced by its first use in
/// `if name "description"`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Guard {
    pub id: Name,
    /// The human description; from the declaration, else from the first use that gives one.
    pub description: Option<Text>,
    pub doc: Option<String>,
    /// Where it was declared, or first used.
    pub span: Span,
}

/// An action run when a transition is taken.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Action {
    pub id: Name,
    pub description: Option<Text>,
    pub doc: Option<String>,
    pub span: Span,
}

/// What makes a transition happen.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Trigger {
    /// `on Event`
    Event { event: EventIx, span: Span },
    /// `after 30m "超时未付款自动关闭"`
    Timeout {
        /// The delay in seconds.
        seconds: u64,
        /// The delay as written (`30m`, `1d12h`).
        written: String,
        /// The optional text that follows the delay (boxed: most lines have none, and a
        /// machine can have a hundred thousand lines).
        label: Option<Box<Text>>,
        span: Span,
    },
}

/// A guard as used on one transition.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GuardUse {
    pub guard: GuardIx,
    /// The description written on this transition, if any.
    pub description: Option<Box<Text>>,
    pub span: Span,
}

/// One transition line.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Transition {
    /// The source states. For `any -> …` these are all non-final states, in spec order.
    pub sources: Vec<StateIx>,
    /// Spans of the source names as written (empty for `any`).
    pub source_spans: Vec<Span>,
    /// True when written `any -> …` ("from any non-final state").
    pub from_any: bool,
    /// Where the line leads. `None` for a line written without `-> Target`: it keeps the
    /// state (a reminder, `Created after 25m then remind_buyer`, or an event handled in
    /// place, `Paid on Remark then save_remark`): no entry, no timer restarted.
    pub target: Option<StateIx>,
    /// Where the target was written; `None` when there is none.
    pub target_span: Option<Span>,
    pub trigger: Trigger,
    /// Roles this line narrows the event to (`… on Cancel by service`); empty means the
    /// event's own roles apply.
    pub roles: Vec<RoleIx>,
    pub guard: Option<GuardUse>,
    pub actions: Vec<ActionIx>,
    pub note: Option<Box<Text>>,
    pub doc: Option<String>,
    pub span: Span,
}

impl Transition {
    /// The state the line leads to when taken in `source`: its target, or `source` itself
    /// for a line that keeps the state.
    pub fn target_from(&self, source: StateIx) -> StateIx {
        self.target.unwrap_or(source)
    }

    /// Whether the line keeps the state (written without `-> Target`).
    pub fn stays(&self) -> bool {
        self.target.is_none()
    }

    /// A timeout that keeps the state: a reminder.
    pub fn is_reminder(&self) -> bool {
        self.stays() && self.timeout_seconds().is_some()
    }

    /// The event, if this is an event transition.
    pub fn event(&self) -> Option<EventIx> {
        match self.trigger {
            Trigger::Event { event, .. } => Some(event),
            Trigger::Timeout { .. } => None,
        }
    }

    /// The delay in seconds, if this is a timeout.
    pub fn timeout_seconds(&self) -> Option<u64> {
        match self.trigger {
            Trigger::Timeout { seconds, .. } => Some(seconds),
            Trigger::Event { .. } => None,
        }
    }
}

/// `note "…"` at machine level, for the PRD.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Note {
    pub text: Text,
    pub doc: Option<String>,
}

/// `scenario "正常购物" from Created { Pay, Ship by seller, Confirm => Completed }`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Scenario {
    pub name: Text,
    pub doc: Option<String>,
    /// Where the scenario starts; the initial state unless `from State` is given.
    pub from: Option<StateIx>,
    pub steps: Vec<Step>,
    /// `{ => Created }`: a scenario without steps says where the order starts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<Expect>,
    pub span: Span,
}

/// `rule "发货后不能再取消" { from Shipped never reach Cancelled }`: a sentence about every
/// path through the machine, proved by [`crate::rules`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Rule {
    pub name: Text,
    pub doc: Option<String>,
    pub kind: RuleKind,
    /// The sentence inside the braces.
    pub body: Span,
    /// The whole `rule … { … }` item.
    pub span: Span,
}

/// What a rule says.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RuleKind {
    /// `from A never reach B, C`: no path of one or more steps from `from` reaches a target.
    Never {
        from: StateIx,
        targets: Vec<StateIx>,
    },
    /// `reach B, C only via A1, A2`: every path from the initial state to a target passes
    /// one of `via` strictly before it (the initial state counts).
    Via {
        targets: Vec<StateIx>,
        via: Vec<StateIx>,
    },
    /// `from A always reach B, C`: every state reachable from `from` (paths stopping at the
    /// targets) can still reach a target, and no other final state is reachable that way.
    Always {
        from: StateIx,
        targets: Vec<StateIx>,
    },
}

impl RuleKind {
    /// The rule as written, with state ids: `from Shipped never reach Cancelled`.
    pub fn describe(&self, m: &Machine) -> String {
        let ids = |v: &[StateIx]| {
            v.iter()
                .map(|s| m.state(*s).id.text.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        match self {
            RuleKind::Never { from, targets } => {
                format!(
                    "from {} never reach {}",
                    m.state(*from).id.text,
                    ids(targets)
                )
            }
            RuleKind::Always { from, targets } => {
                format!(
                    "from {} always reach {}",
                    m.state(*from).id.text,
                    ids(targets)
                )
            }
            RuleKind::Via { targets, via } => {
                format!("reach {} only via {}", ids(targets), ids(via))
            }
        }
    }
}

/// One step of a scenario.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Step {
    pub input: StepInput,
    /// What must happen after this step, if written (`=> Paid`, `=> rejected`).
    pub expect: Option<Expect>,
    pub span: Span,
}

/// What a scenario step does.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum StepInput {
    /// Fire an event, optionally as a role, with guard outcomes set (others pass).
    Event {
        event: EventIx,
        actor: Option<RoleIx>,
        guards: Vec<(GuardIx, bool)>,
    },
    /// Let time pass, with guard outcomes set for the timeouts that come due.
    Wait {
        seconds: u64,
        written: String,
        guards: Vec<(GuardIx, bool)>,
    },
}

/// The expected outcome of a step.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Expect {
    /// `=> Paid`: the step is accepted and leads to `state`; after a wait that fires
    /// nothing, the order is still in `state`.
    State { state: StateIx, span: Span },
    /// `=> rejected`, or `=> rejected, still Paid`: the step is refused (the order is then
    /// in `still`, when given).
    Rejected {
        span: Span,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        still: Option<StateIx>,
    },
}

/// The kinds of named item of a machine, for code that treats them alike.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ItemKind {
    State,
    Event,
    Role,
    Guard,
    Action,
}

impl Machine {
    /// `(id, label)` of every item of a kind, in spec order: a guard's or an action's label
    /// is its description.
    pub fn names(&self, kind: ItemKind) -> Vec<(&str, Option<&str>)> {
        fn pair<'a>(id: &'a Name, label: &'a Option<Text>) -> (&'a str, Option<&'a str>) {
            (id.text.as_str(), label.as_ref().map(|l| l.text.as_str()))
        }
        match kind {
            ItemKind::State => self.states.iter().map(|s| pair(&s.id, &s.label)).collect(),
            ItemKind::Event => self.events.iter().map(|e| pair(&e.id, &e.label)).collect(),
            ItemKind::Role => self.roles.iter().map(|r| pair(&r.id, &r.label)).collect(),
            ItemKind::Guard => self
                .guards
                .iter()
                .map(|g| pair(&g.id, &g.description))
                .collect(),
            ItemKind::Action => self
                .actions
                .iter()
                .map(|a| pair(&a.id, &a.description))
                .collect(),
        }
    }

    /// The state with this id.
    pub fn state_ix(&self, id: &str) -> Option<StateIx> {
        self.states
            .iter()
            .position(|s| s.id.text == id)
            .map(|i| StateIx(i as u32))
    }
    /// The event with this id.
    pub fn event_ix(&self, id: &str) -> Option<EventIx> {
        self.events
            .iter()
            .position(|s| s.id.text == id)
            .map(|i| EventIx(i as u32))
    }
    /// The role with this id.
    pub fn role_ix(&self, id: &str) -> Option<RoleIx> {
        self.roles
            .iter()
            .position(|s| s.id.text == id)
            .map(|i| RoleIx(i as u32))
    }
    /// The index of the code system with this id.
    pub fn code_system_ix(&self, id: &str) -> Option<usize> {
        self.code_systems.iter().position(|s| s.id.text == id)
    }
    /// Whether the codes of this system are numbers or texts (by its first code; a system
    /// mixing both is an error). `None` when no state has a code in it.
    pub fn code_kind(&self, system: usize) -> Option<CodeKind> {
        self.states
            .iter()
            .filter_map(|s| s.codes_in(system))
            .flat_map(|c| c.codes.first())
            .next()
            .map(|c| match c {
                Code::Int(_) => CodeKind::Int,
                Code::Str(_) => CodeKind::Str,
            })
    }
    /// The states whose codes in `system` (see [`State::codes_of`]) include `code`, compared
    /// by [`codes_equal`], in spec order.
    pub fn states_with_code(&self, system: Option<usize>, code: &Code) -> Vec<StateIx> {
        self.states
            .iter()
            .enumerate()
            .filter(|(_, s)| s.codes_of(system).iter().any(|x| codes_equal(x, code)))
            .map(|(i, _)| StateIx(i as u32))
            .collect()
    }
    /// The human name of a code system: its label, else its id.
    pub fn code_system_label(&self, system: usize) -> &str {
        let s = &self.code_systems[system];
        s.label.as_ref().map_or(&s.id.text, |l| &l.text)
    }

    /// The guard with this id.
    pub fn guard_ix(&self, id: &str) -> Option<GuardIx> {
        self.guards
            .iter()
            .position(|s| s.id.text == id)
            .map(|i| GuardIx(i as u32))
    }

    pub fn state(&self, ix: StateIx) -> &State {
        &self.states[ix.index()]
    }
    pub fn event(&self, ix: EventIx) -> &Event {
        &self.events[ix.index()]
    }
    pub fn role(&self, ix: RoleIx) -> &Role {
        &self.roles[ix.index()]
    }
    pub fn guard(&self, ix: GuardIx) -> &Guard {
        &self.guards[ix.index()]
    }
    pub fn action(&self, ix: ActionIx) -> &Action {
        &self.actions[ix.index()]
    }
    pub fn transition(&self, ix: TransitionIx) -> &Transition {
        &self.transitions[ix.index()]
    }

    /// The roles allowed to take this transition: the line's own `by`, else the event's.
    /// Empty means any role.
    pub fn allowed_roles<'a>(&'a self, t: &'a Transition) -> &'a [RoleIx] {
        if !t.roles.is_empty() {
            &t.roles
        } else if let Some(e) = t.event() {
            &self.event(e).roles
        } else {
            &[]
        }
    }

    /// The human name of a state: its label, else its id.
    pub fn state_label(&self, ix: StateIx) -> &str {
        let s = self.state(ix);
        s.label.as_ref().map_or(&s.id.text, |l| &l.text)
    }
    /// The human name of an event: its label, else its id.
    pub fn event_label(&self, ix: EventIx) -> &str {
        let e = self.event(ix);
        e.label.as_ref().map_or(&e.id.text, |l| &l.text)
    }
    /// The human name of a role: its label, else its id.
    pub fn role_label(&self, ix: RoleIx) -> &str {
        let r = self.role(ix);
        r.label.as_ref().map_or(&r.id.text, |l| &l.text)
    }

    /// The description of a guard use: the one written on the line, else the guard's own.
    pub fn guard_description<'a>(&'a self, g: &'a GuardUse) -> Option<&'a str> {
        g.description
            .as_deref()
            .or(self.guard(g.guard).description.as_ref())
            .map(|t| t.text.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::{codes_equal, Code};

    #[test]
    fn a_number_and_its_text_are_one_code() {
        let int = |i| Code::Int(i);
        let text = |s: &str| Code::Str(s.to_string());
        assert!(codes_equal(&int(2), &text("2")));
        assert!(codes_equal(&text("-5"), &int(-5)));
        assert!(codes_equal(&int(7), &int(7)));
        assert!(codes_equal(&text("WAIT_PAY"), &text("WAIT_PAY")));
        assert!(!codes_equal(&int(2), &text("02")));
        assert!(!codes_equal(&int(2), &text(" 2")));
        assert!(!codes_equal(&int(2), &text("+2")));
        assert!(!codes_equal(&int(2), &int(3)));
        assert!(!codes_equal(&text("a"), &text("A")));
    }
}
