//! The syntax tree: what the file says, names not yet resolved.

use crate::source::Span;

/// A name as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ident {
    pub text: String,
    pub span: Span,
}

/// A quoted text, escapes resolved. The span covers the quotes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Str {
    pub text: String,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct File {
    pub machines: Vec<Machine>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Machine {
    pub doc: Option<String>,
    pub id: Ident,
    pub label: Option<Str>,
    pub members: Vec<Member>,
    pub span: Span,
}

/// One line (or block) inside a machine.
#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    pub doc: Option<String>,
    pub kind: MemberKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum MemberKind {
    State(StateDecl),
    Event(EventDecl),
    Role(Decl),
    Guard(Decl),
    Action(Decl),
    Note(Str),
    Scenario(ScenarioDecl),
    Transition(TransitionDecl),
}

/// `role buyer "买家"`, `guard paid "已付款"`, `action notify "通知买家"`.
#[derive(Clone, Debug, PartialEq)]
pub struct Decl {
    pub id: Ident,
    pub label: Option<Str>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct StateDecl {
    pub id: Ident,
    pub label: Option<Str>,
    pub initial: Option<Span>,
    pub final_: Option<Span>,
    pub codes: Vec<CodeLit>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum CodeValue {
    Int(i64),
    Str(String),
    /// A number too large to store; reported during lowering.
    Overflow,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CodeLit {
    pub value: CodeValue,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct EventDecl {
    pub id: Ident,
    pub label: Option<Str>,
    pub roles: Vec<Ident>,
    pub payload: Vec<FieldDecl>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FieldDecl {
    pub doc: Option<String>,
    pub name: Ident,
    /// The Rust type as written (spaces inside generics kept as written).
    pub ty: Str,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Sources {
    /// `any -> …`
    Any(Span),
    List(Vec<Ident>),
}

#[derive(Clone, Debug, PartialEq)]
pub enum TriggerDecl {
    On { event: Ident, roles: Vec<Ident> },
    After { delay: Delay, label: Option<Str> },
}

/// A delay as written: `30m`, `1d12h`.
#[derive(Clone, Debug, PartialEq)]
pub struct Delay {
    pub text: String,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TransitionDecl {
    pub sources: Sources,
    pub target: Ident,
    pub trigger: TriggerDecl,
    pub guard: Option<(Ident, Option<Str>)>,
    pub actions: Vec<Ident>,
    pub note: Option<Str>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ScenarioDecl {
    pub name: Str,
    pub from: Option<Ident>,
    pub steps: Vec<StepDecl>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct StepDecl {
    pub input: StepInputDecl,
    pub expect: Option<ExpectDecl>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum StepInputDecl {
    Event {
        event: Ident,
        actor: Option<Ident>,
        /// `[payment_verified, not stock_ok]`: (guard, outcome).
        guards: Vec<(Ident, bool)>,
    },
    /// `after 30m [not paid]`
    Wait {
        delay: Delay,
        guards: Vec<(Ident, bool)>,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub enum ExpectDecl {
    Rejected(Span),
    State(Ident),
}
