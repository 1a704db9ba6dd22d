//! The syntax tree: what the file says, names not yet resolved.

use std::borrow::Cow;

use crate::source::Span;

/// A name as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ident<'a> {
    pub text: &'a str,
    pub span: Span,
}

/// A quoted text, escapes resolved. The span covers the quotes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Str<'a> {
    pub text: Cow<'a, str>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct File<'a> {
    pub machines: Vec<Machine<'a>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Machine<'a> {
    pub doc: Option<String>,
    pub id: Ident<'a>,
    pub label: Option<Str<'a>>,
    pub members: Vec<Member<'a>>,
    pub span: Span,
}

/// One line (or block) inside a machine.
#[derive(Clone, Debug, PartialEq)]
pub struct Member<'a> {
    pub doc: Option<String>,
    pub kind: MemberKind<'a>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum MemberKind<'a> {
    State(StateDecl<'a>),
    Event(EventDecl<'a>),
    Role(Decl<'a>),
    Guard(Decl<'a>),
    Action(Decl<'a>),
    Note(Str<'a>),
    Scenario(ScenarioDecl<'a>),
    Transition(TransitionDecl<'a>),
    Rule(RuleDecl<'a>),
    /// `codes legacy "旧订单系统"`
    Codes(Decl<'a>),
}

/// `role buyer "买家"`, `guard paid "已付款"`, `action notify "通知买家"`.
#[derive(Clone, Debug, PartialEq)]
pub struct Decl<'a> {
    pub id: Ident<'a>,
    pub label: Option<Str<'a>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct StateDecl<'a> {
    pub id: Ident<'a>,
    pub label: Option<Str<'a>>,
    pub initial: Option<Span>,
    pub final_: Option<Span>,
    pub codes: Vec<CodeLit>,
    /// `shared` written after the main codes (not allowed; reported when lowering).
    pub shared: Option<Span>,
    /// The codes in other systems: `legacy 5 shared`, `taobao "TRADE_CLOSED"`.
    pub systems: Vec<SystemCodesDecl<'a>>,
}

/// `legacy 5 shared` on a state line.
#[derive(Clone, Debug, PartialEq)]
pub struct SystemCodesDecl<'a> {
    pub system: Ident<'a>,
    pub codes: Vec<CodeLit>,
    pub shared: Option<Span>,
    /// `customs none`: the state has no code in that system, on purpose (`codes` is empty).
    pub none: Option<Span>,
    /// From the system's name to the last code or `shared`.
    pub span: Span,
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
pub struct EventDecl<'a> {
    pub id: Ident<'a>,
    pub label: Option<Str<'a>>,
    pub roles: Vec<Ident<'a>>,
    pub payload: Vec<FieldDecl<'a>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FieldDecl<'a> {
    pub doc: Option<String>,
    pub name: Ident<'a>,
    /// The Rust type as written (spaces inside generics kept as written).
    pub ty: Str<'a>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Sources<'a> {
    /// `any -> …`
    Any(Span),
    List(Vec<Ident<'a>>),
}

#[derive(Clone, Debug, PartialEq)]
pub enum TriggerDecl<'a> {
    On {
        event: Ident<'a>,
        roles: Vec<Ident<'a>>,
    },
    After {
        delay: Delay<'a>,
        label: Option<Str<'a>>,
    },
}

/// A delay as written: `30m`, `1d12h`.
#[derive(Clone, Debug, PartialEq)]
pub struct Delay<'a> {
    pub text: &'a str,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TransitionDecl<'a> {
    pub sources: Sources<'a>,
    /// `None` for a line written without `-> Target`: it keeps the state.
    pub target: Option<Ident<'a>>,
    pub trigger: TriggerDecl<'a>,
    pub guard: Option<(Ident<'a>, Option<Str<'a>>)>,
    pub actions: Vec<Ident<'a>>,
    pub note: Option<Str<'a>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ScenarioDecl<'a> {
    pub name: Str<'a>,
    pub from: Option<Ident<'a>>,
    pub steps: Vec<StepDecl<'a>>,
    /// `{ => Created }`: a scenario with no steps says where the order starts (`{ =>
    /// rejected }` is read too, so that it can be reported as the mistake it is).
    pub start: Option<ExpectDecl<'a>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct StepDecl<'a> {
    pub input: StepInputDecl<'a>,
    pub expect: Option<ExpectDecl<'a>>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum StepInputDecl<'a> {
    Event {
        event: Ident<'a>,
        actor: Option<Ident<'a>>,
        /// `[payment_verified, not stock_ok]`: (guard, outcome).
        guards: Vec<(Ident<'a>, bool)>,
    },
    /// `after 30m [not paid]`
    Wait {
        delay: Delay<'a>,
        guards: Vec<(Ident<'a>, bool)>,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub enum ExpectDecl<'a> {
    /// `=> rejected`, or `=> rejected, still Paid`.
    Rejected {
        span: Span,
        still: Option<Ident<'a>>,
    },
    State(Ident<'a>),
}

/// `rule "发货后不能再取消" { from Shipped never reach Cancelled }`.
#[derive(Clone, Debug, PartialEq)]
pub struct RuleDecl<'a> {
    pub name: Str<'a>,
    pub kind: RuleKindDecl<'a>,
    /// The sentence inside the braces.
    pub body: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum RuleKindDecl<'a> {
    /// `from A never reach B, C`
    Never {
        from: Ident<'a>,
        targets: Vec<Ident<'a>>,
    },
    /// `from A always reach B, C`
    Always {
        from: Ident<'a>,
        targets: Vec<Ident<'a>>,
    },
    /// `reach B, C only via A1, A2`
    Via {
        targets: Vec<Ident<'a>>,
        via: Vec<Ident<'a>>,
    },
}
