//! One machine of a checked spec → Rust items.
//!
//! What is generated, for a machine type `Order` (names follow the type's name):
//! `OrderState`, `OrderEvent`, `OrderEventKind`, `OrderRole`, `OrderGuard`, `OrderAction`,
//! the `OrderHooks` trait, the typestate module `order_states` with `OrderTypestate`, and
//! `impl order_fsm::Machine for Order` holding the static metadata and dispatch tables.
//! Private items live in one `const _: () = { … };` block; every path is absolute.

use std::collections::{BTreeSet, HashMap};

use order_fsm_core::interp::Interpreter;
use order_fsm_core::model::{
    Code, EventIx, Machine, RoleIx, Spec, StateIx, Transition, TransitionIx, Trigger,
};
use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use crate::names::{camel, dedup, ident, snake, snake_string};
use crate::{located, Options, Visibility};

/// The largest number of candidate lines, or distinct guards, for one state and event (and
/// of timeouts for one state): the dispatch keeps one bit per candidate.
pub const MAX_CANDIDATES: usize = order_fsm_core::check::MAX_CANDIDATES;

/// Machines with at most this many transition lines get a `fire` written out as one `match`
/// arm per (state, event) with direct hook calls, as fast as a hand-written `match`. Larger
/// machines share the table-driven dispatch of `order_fsm::__private`, which compiles much
/// faster and is about a quarter slower per event.
pub const SPECIALIZE_MAX_LINES: usize = 256;

/// Expand one machine. Problems the checks cannot see (a payload type that is not Rust, a
/// machine beyond the dispatch limits) come out as `compile_error!`.
pub fn expand_machine(spec: &Spec, machine: &Machine, options: &Options<'_>) -> TokenStream {
    match expand(spec, machine, options) {
        Ok(ts) => ts,
        Err(msgs) => {
            let text = msgs.join("\n\n");
            quote! { ::core::compile_error!(#text); }
        }
    }
}

struct Names {
    ty: Ident,
    state: Ident,
    event: Ident,
    kind: Ident,
    role: Ident,
    guard: Ident,
    action: Ident,
    hooks: Ident,
    typestate: Ident,
    module: Ident,
    /// The data parameter of typestate types (`D` unless a state is called `D`).
    data: Ident,
    vis: TokenStream,
}

struct Field {
    name: Ident,
    ty: syn::Type,
    doc: Option<String>,
}

struct Gen<'a> {
    m: &'a Machine,
    o: &'a Options<'a>,
    n: Names,
    interp: Interpreter<'a>,
    states: Vec<Ident>,
    events: Vec<Ident>,
    event_methods: Vec<Ident>,
    roles: Vec<Ident>,
    guards: Vec<Ident>,
    guard_methods: Vec<Ident>,
    actions: Vec<Ident>,
    action_methods: Vec<Ident>,
    payload: Vec<Vec<Field>>,
    /// Guards used on a timeout line (their hook gets no event).
    guard_on_timeout: Vec<bool>,
    action_on_timeout: Vec<bool>,
}

/// The generated items, or the messages explaining why they could not be generated (a
/// payload type that is not Rust, too many lines for one state and event).
pub fn expand(spec: &Spec, m: &Machine, o: &Options<'_>) -> Result<TokenStream, Vec<String>> {
    let _ = spec;
    let mut errors = Vec::new();
    if m.states.is_empty() {
        errors.push(format!("machine `{}` has no states", m.id.text));
    }
    let ty = ident(o.type_name.as_deref().unwrap_or(&m.id.text));
    let tys = ty.to_string();
    let tys = tys.trim_start_matches("r#");
    let state_ids: BTreeSet<&str> = m.states.iter().map(|s| s.id.text.as_str()).collect();
    let data = ["D", "Data", "D_"]
        .into_iter()
        .find(|d| !state_ids.contains(d))
        .unwrap_or("D__");
    let vis = match o.visibility {
        Visibility::Public => quote!(pub),
        Visibility::Crate => quote!(pub(crate)),
        Visibility::Private => quote!(),
    };
    let n = Names {
        state: format_ident!("{}State", tys),
        event: format_ident!("{}Event", tys),
        kind: format_ident!("{}EventKind", tys),
        role: format_ident!("{}Role", tys),
        guard: format_ident!("{}Guard", tys),
        action: format_ident!("{}Action", tys),
        hooks: format_ident!("{}Hooks", tys),
        typestate: format_ident!("{}Typestate", tys),
        module: ident(&format!("{}_states", snake_string(tys))),
        data: ident(data),
        vis,
        ty,
    };
    let mut payload = Vec::new();
    for e in &m.events {
        let mut fields = Vec::new();
        for f in &e.payload {
            match syn::parse_str::<syn::Type>(&f.ty.text) {
                Ok(ty) => fields.push(Field {
                    name: ident(&f.name.text),
                    ty,
                    doc: f.doc.clone(),
                }),
                Err(_) => errors.push(located(
                    o.source,
                    f.ty.span.start,
                    &format!(
                        "error: payload field `{}` of event `{}` has type `{}`, which is not a Rust type",
                        f.name.text, e.id.text, f.ty.text
                    ),
                )),
            }
        }
        payload.push(fields);
    }
    let mut guard_on_timeout = vec![false; m.guards.len()];
    let mut action_on_timeout = vec![false; m.actions.len()];
    for t in &m.transitions {
        if t.event().is_none() {
            if let Some(g) = &t.guard {
                if let Some(x) = guard_on_timeout.get_mut(g.guard.index()) {
                    *x = true;
                }
            }
            for a in &t.actions {
                if let Some(x) = action_on_timeout.get_mut(a.index()) {
                    *x = true;
                }
            }
        }
    }
    let g = Gen {
        m,
        o,
        interp: Interpreter::new(m),
        states: m.states.iter().map(|s| ident(&s.id.text)).collect(),
        events: m.events.iter().map(|e| ident(&e.id.text)).collect(),
        event_methods: m.events.iter().map(|e| snake(&e.id.text)).collect(),
        roles: dedup(m.roles.iter().map(|r| camel(&r.id.text)).collect()),
        guards: dedup(m.guards.iter().map(|x| camel(&x.id.text)).collect()),
        guard_methods: m.guards.iter().map(|x| ident(&x.id.text)).collect(),
        actions: dedup(m.actions.iter().map(|x| camel(&x.id.text)).collect()),
        action_methods: m.actions.iter().map(|x| ident(&x.id.text)).collect(),
        payload,
        guard_on_timeout,
        action_on_timeout,
        n,
    };
    g.check_limits(&mut errors);
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(g.all())
}

/// Turn every `#[doc = "…"]` whose text has several lines into one attribute per line, as
/// `///` comments give; pretty-printed output then shows `///` lines.
fn split_docs(ts: TokenStream) -> TokenStream {
    use proc_macro2::{Delimiter, Group, TokenTree};
    let mut out: Vec<TokenTree> = Vec::new();
    let mut iter = ts.into_iter().peekable();
    while let Some(tt) = iter.next() {
        match tt {
            TokenTree::Punct(p) if p.as_char() == '#' => {
                let multi = match iter.peek() {
                    Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Bracket => {
                        doc_text(&g.stream()).filter(|t| t.contains('\n'))
                    }
                    _ => None,
                };
                match multi {
                    Some(text) => {
                        iter.next();
                        for line in text.split('\n') {
                            let line = if line.is_empty() || line.starts_with(' ') {
                                line.to_string()
                            } else {
                                format!(" {line}")
                            };
                            out.extend(quote!(#[doc = #line]));
                        }
                    }
                    None => out.push(TokenTree::Punct(p)),
                }
            }
            TokenTree::Group(g) => {
                let mut ng = Group::new(g.delimiter(), split_docs(g.stream()));
                ng.set_span(g.span());
                out.push(TokenTree::Group(ng));
            }
            other => out.push(other),
        }
    }
    out.into_iter().collect()
}

/// The text of `doc = "…"`, if that is what the attribute says.
fn doc_text(ts: &TokenStream) -> Option<String> {
    let attr: syn::MetaNameValue = syn::parse2(ts.clone()).ok()?;
    if !attr.path.is_ident("doc") {
        return None;
    }
    match attr.value {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        }) => Some(s.value()),
        _ => None,
    }
}

fn lit_usize(v: usize) -> Literal {
    Literal::usize_unsuffixed(v)
}
fn lit_u32(v: usize) -> Literal {
    Literal::u32_unsuffixed(u32::try_from(v).unwrap_or(u32::MAX))
}
fn opt_str(s: Option<&str>) -> TokenStream {
    match s {
        Some(s) => quote!(::core::option::Option::Some(#s)),
        None => quote!(::core::option::Option::None),
    }
}

fn doc_attr(text: &str) -> TokenStream {
    quote!(#[doc = #text])
}

/// `#[doc = "…"]` lines for an optional spec doc.
fn doc_lines(doc: Option<&str>) -> TokenStream {
    match doc {
        Some(d) if !d.trim().is_empty() => {
            let lines = d.lines().map(|l| format!(" {l}"));
            quote!(#(#[doc = #lines])*)
        }
        _ => quote!(),
    }
}

impl Gen<'_> {
    fn check_limits(&self, errors: &mut Vec<String>) {
        let m = self.m;
        for s in 0..m.states.len() {
            let six = StateIx(s as u32);
            for e in 0..m.events.len() {
                let c = self.interp.candidates(six, EventIx(e as u32));
                let guards: BTreeSet<_> = c
                    .iter()
                    .filter_map(|&t| m.transition(t).guard.as_ref().map(|g| g.guard))
                    .collect();
                if c.len() > MAX_CANDIDATES || guards.len() > MAX_CANDIDATES {
                    errors.push(located(
                        self.o.source,
                        m.states[s].span.start,
                        &format!(
                            "error: state `{}` has {} lines for event `{}`; generated code handles at most {MAX_CANDIDATES}",
                            m.states[s].id.text,
                            c.len(),
                            m.events[e].id.text
                        ),
                    ));
                }
            }
            if self.interp.timeouts(six).len() > MAX_CANDIDATES {
                errors.push(located(
                    self.o.source,
                    m.states[s].span.start,
                    &format!(
                        "error: state `{}` has more than {MAX_CANDIDATES} timeouts",
                        m.states[s].id.text
                    ),
                ));
            }
        }
    }

    fn repr(&self, len: usize) -> TokenStream {
        if len == 0 {
            quote!()
        } else if len <= 256 {
            quote!(#[repr(u8)])
        } else if len <= 65_536 {
            quote!(#[repr(u16)])
        } else {
            quote!(#[repr(u32)])
        }
    }

    fn state_path(&self, s: StateIx) -> TokenStream {
        let st = &self.n.state;
        let v = &self.states[s.index()];
        quote!(#st::#v)
    }
    fn role_path(&self, r: RoleIx) -> TokenStream {
        let ro = &self.n.role;
        let v = &self.roles[r.index()];
        quote!(#ro::#v)
    }

    fn line_of(&self, offset: usize) -> u32 {
        self.o
            .source
            .map_or(0, |s| u32::try_from(s.line_col(offset).line).unwrap_or(0))
    }

    fn all(&self) -> TokenStream {
        let include = self.o.include.as_deref().map(crate::include_tokens);
        // Multi-line docs become one `#[doc]` per line (as `///` gives) only where they
        // occur: walking the whole output would double the expansion time.
        let state_enum = split_docs(self.state_enum());
        let event_enums = split_docs(self.event_enums());
        let role_enum = split_docs(self.role_enum());
        let hook_enums = split_docs(self.hook_enums());
        let hooks_trait = split_docs(self.hooks_trait());
        let typestate = if self.o.typestate {
            self.typestate()
        } else {
            // The module still exists, so that a path into it fails with an explanation.
            let module = &self.n.module;
            let vis = &self.n.vis;
            let lines = self.m.transitions.len();
            let doc = if lines > crate::TYPESTATE_DEFAULT_MAX_LINES {
                format!(
                    " The typestate API of this machine is not generated: it has {lines} transition lines, more than the {} up to which it is generated by default. Add `typestate = true` to `#[fsm(…)]` to generate it (it adds one method per line to the build).",
                    crate::TYPESTATE_DEFAULT_MAX_LINES
                )
            } else {
                " The typestate API of this machine is turned off (`typestate = false` in `#[fsm(…)]`).".to_string()
            };
            quote! {
                #[doc = #doc]
                #[allow(dead_code)]
                #vis mod #module {}
            }
        };
        let private = self.private_block();
        quote! {
            #include
            #state_enum
            #event_enums
            #role_enum
            #hook_enums
            #hooks_trait
            #typestate
            #private
        }
    }

    // ------------------------------------------------------------------ docs

    fn machine_title(&self) -> String {
        let m = self.m;
        match &m.label {
            Some(l) => format!("{} (`{}`)", l.text, m.id.text),
            None => format!("`{}`", m.id.text),
        }
    }

    fn table_doc(&self) -> String {
        crate::table::table_doc(self.m)
    }

    // ------------------------------------------------------------------ states

    fn state_enum(&self) -> TokenStream {
        let m = self.m;
        let Names { state, vis, ty, .. } = &self.n;
        let repr = self.repr(m.states.len());
        let file = &self.o.file;
        let mut head = format!(" The states of the {} machine", self.machine_title());
        if !file.is_empty() {
            head.push_str(&format!(", generated from `{file}`"));
        }
        head.push_str(&format!(
            ".\n\n A plain `Copy` value: decide events with [`{state}::fire`], list the buttons to show with [`{state}::permitted_events`], and see [`{ty}`] for the whole machine."
        ));
        let mdoc = doc_lines(m.doc.as_deref());
        let table = doc_attr(&self.table_doc());
        let variants = m
            .states
            .iter()
            .zip(&self.states)
            .enumerate()
            .map(|(i, (s, v))| {
                let mut first =
                    format!(" **{}**", s.label.as_ref().map_or(&s.id.text, |l| &l.text));
                let mut flags = Vec::new();
                if s.initial {
                    flags.push("initial".to_string());
                }
                if s.is_final {
                    flags.push("final".to_string());
                }
                if !s.codes.is_empty() {
                    let codes: Vec<String> = s.codes.iter().map(|c| c.to_string()).collect();
                    flags.push(format!("code {}", codes.join(", ")));
                }
                if !flags.is_empty() {
                    first.push_str(&format!(" ({})", flags.join("; ")));
                }
                let doc = doc_lines(s.doc.as_deref());
                let sep = if s.doc.is_some() {
                    quote!(#[doc = ""])
                } else {
                    quote!()
                };
                let disc = lit_usize(i);
                quote! {
                    #[doc = #first]
                    #sep
                    #doc
                    #v = #disc
                }
            });
        quote! {
            #[doc = #head]
            #[doc = ""]
            #mdoc
            #table
            #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
            #repr
            #[allow(non_camel_case_types, clippy::upper_case_acronyms)]
            #vis enum #state {
                #(#variants,)*
            }
        }
    }

    // ------------------------------------------------------------------ events

    fn event_enums(&self) -> TokenStream {
        let m = self.m;
        let Names {
            event,
            kind,
            state,
            vis,
            ..
        } = &self.n;
        let repr = self.repr(m.events.len());
        let head = format!(
            " The events of the {} machine, each with its payload.\n\n Fire one with [`{state}::fire`]; [`{kind}`] names an event without its payload.",
            self.machine_title()
        );
        let kind_head = format!(
            " The events of the {} machine without their payload: for [`{state}::can_fire`] and UI buttons.",
            self.machine_title()
        );
        let event_doc = |e: &order_fsm_core::model::Event| {
            let label = e.label.as_ref().map_or(&e.id.text, |l| &l.text);
            let mut first = format!(" **{label}**");
            if !e.roles.is_empty() {
                let who: Vec<&str> = e.roles.iter().map(|&r| m.role_label(r)).collect();
                first.push_str(&format!(" (by {})", who.join(", ")));
            }
            let doc = doc_lines(e.doc.as_deref());
            let sep = if e.doc.is_some() {
                quote!(#[doc = ""])
            } else {
                quote!()
            };
            quote!(#[doc = #first] #sep #doc)
        };
        let variants = m.events.iter().enumerate().map(|(i, e)| {
            let v = &self.events[i];
            let docs = event_doc(e);
            let fields = &self.payload[i];
            if fields.is_empty() {
                quote!(#docs #v)
            } else {
                let fs = fields.iter().map(|f| {
                    let Field { name, ty, doc } = f;
                    let doc = doc_lines(doc.as_deref());
                    quote!(#doc #name: #ty)
                });
                quote!(#docs #v { #(#fs,)* })
            }
        });
        let kind_variants = m.events.iter().enumerate().map(|(i, e)| {
            let v = &self.events[i];
            let docs = event_doc(e);
            let disc = lit_usize(i);
            quote!(#docs #v = #disc)
        });
        quote! {
            ::order_fsm::__private::serde_derive! {
                #[doc = #head]
                #[derive(Clone, Debug, PartialEq)]
                #[allow(non_camel_case_types, clippy::upper_case_acronyms)]
                #vis enum #event {
                    #(#variants,)*
                }
            }
            #[doc = #kind_head]
            #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
            #repr
            #[allow(non_camel_case_types, clippy::upper_case_acronyms)]
            #vis enum #kind {
                #(#kind_variants,)*
            }
        }
    }

    // ------------------------------------------------------------------ roles

    fn role_enum(&self) -> TokenStream {
        let m = self.m;
        let Names { role, vis, .. } = &self.n;
        let repr = self.repr(m.roles.len());
        let head = format!(
            " The roles of the {} machine: who fires an event. `None` as an actor is a trusted caller that passes every role check.",
            self.machine_title()
        );
        let variants = m
            .roles
            .iter()
            .zip(&self.roles)
            .enumerate()
            .map(|(i, (r, v))| {
                let first = format!(
                    " **{}** (`{}`)",
                    r.label.as_ref().map_or(&r.id.text, |l| &l.text),
                    r.id.text
                );
                let doc = doc_lines(r.doc.as_deref());
                let disc = lit_usize(i);
                quote! {
                    #[doc = #first]
                    #doc
                    #v = #disc
                }
            });
        quote! {
            #[doc = #head]
            #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
            #repr
            #[allow(non_camel_case_types, clippy::upper_case_acronyms)]
            #vis enum #role {
                #(#variants,)*
            }
        }
    }

    fn hook_enums(&self) -> TokenStream {
        let m = self.m;
        let Names {
            guard,
            action,
            hooks,
            vis,
            ..
        } = &self.n;
        let grepr = self.repr(m.guards.len());
        let arepr = self.repr(m.actions.len());
        let gv = m
            .guards
            .iter()
            .zip(&self.guards)
            .enumerate()
            .map(|(i, (x, v))| {
                let first = match &x.description {
                    Some(d) => format!(" `{}`: {}", x.id.text, d.text),
                    None => format!(" `{}`", x.id.text),
                };
                let doc = doc_lines(x.doc.as_deref());
                let disc = lit_usize(i);
                quote!(#[doc = #first] #doc #v = #disc)
            });
        let av = m
            .actions
            .iter()
            .zip(&self.actions)
            .enumerate()
            .map(|(i, (x, v))| {
                let first = match &x.description {
                    Some(d) => format!(" `{}`: {}", x.id.text, d.text),
                    None => format!(" `{}`", x.id.text),
                };
                let doc = doc_lines(x.doc.as_deref());
                let disc = lit_usize(i);
                quote!(#[doc = #first] #doc #v = #disc)
            });
        let ghead = format!(
            " The guards of the {} machine; each is a method of [`{hooks}`].",
            self.machine_title()
        );
        let ahead = format!(
            " The actions of the {} machine; each is a method of [`{hooks}`].",
            self.machine_title()
        );
        quote! {
            #[doc = #ghead]
            #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
            #grepr
            #vis enum #guard {
                #(#gv,)*
            }
            #[doc = #ahead]
            #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
            #arepr
            #vis enum #action {
                #(#av,)*
            }
        }
    }

    // ------------------------------------------------------------------ hooks

    /// Where a guard or action is used, for its docs.
    fn uses(&self, pred: impl Fn(&Transition) -> bool) -> String {
        let m = self.m;
        let mut out = String::new();
        for t in m.transitions.iter().filter(|t| pred(t)) {
            let from = if t.from_any {
                "any".to_string()
            } else {
                t.sources
                    .iter()
                    .map(|&s| m.state(s).id.text.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let trig = match &t.trigger {
                Trigger::Event { event, .. } => format!("on `{}`", m.event(*event).id.text),
                Trigger::Timeout { written, .. } => format!("after {written}"),
            };
            out.push_str(&format!(
                "\n - `{from} -> {}` {trig}",
                m.state(t.target).id.text
            ));
        }
        out
    }

    fn hooks_trait(&self) -> TokenStream {
        let m = self.m;
        let Names {
            hooks,
            ty,
            event,
            vis,
            ..
        } = &self.n;
        let ctx = quote!(::order_fsm::Context<'_, #ty>);
        let head = format!(
            " The guards and actions of the {} machine, for you to implement.\n\n Every method must be written: a guard or an action that is not implemented is a compile error naming it. Guards answer yes or no and must not have side effects (each is asked at most once per attempt); actions run in order after the transition is decided, and the first that fails stops the rest and leaves the state unchanged.\n\n Hooks that only ever run for events get the event (with its payload) as a parameter; `ctx` tells the source and target states, the actor and the spec line.",
            self.machine_title()
        );
        let guards = m.guards.iter().enumerate().map(|(i, x)| {
            let name = &self.guard_methods[i];
            let mut d = match &x.description {
                Some(d) => format!(" Guard: {}", d.text),
                None => format!(" Guard `{}`.", x.id.text),
            };
            d.push_str("\n\n Decides:");
            d.push_str(&self.uses(|t| t.guard.as_ref().is_some_and(|u| u.guard.index() == i)));
            let doc = doc_lines(x.doc.as_deref());
            if self.guard_on_timeout[i] {
                quote!(#[doc = #d] #doc fn #name(&self, ctx: &#ctx) -> bool;)
            } else {
                quote!(#[doc = #d] #doc fn #name(&self, event: &#event, ctx: &#ctx) -> bool;)
            }
        });
        let actions = m.actions.iter().enumerate().map(|(i, x)| {
            let name = &self.action_methods[i];
            let mut d = match &x.description {
                Some(d) => format!(" Action: {}", d.text),
                None => format!(" Action `{}`.", x.id.text),
            };
            d.push_str("\n\n Runs on:");
            d.push_str(&self.uses(|t| t.actions.iter().any(|a| a.index() == i)));
            let doc = doc_lines(x.doc.as_deref());
            if self.action_on_timeout[i] {
                quote!(#[doc = #d] #doc fn #name(&mut self, ctx: &#ctx) -> ::core::result::Result<(), Self::Error>;)
            } else {
                quote!(#[doc = #d] #doc fn #name(&mut self, event: &#event, ctx: &#ctx) -> ::core::result::Result<(), Self::Error>;)
            }
        });
        quote! {
            #[doc = #head]
            #vis trait #hooks {
                /// What a failing action returns (`core::convert::Infallible` if none fail).
                type Error;
                #(#guards)*
                #(#actions)*
            }
        }
    }

    /// `impl OrderHooks for order_fsm::Generic<T>` and, for machines without hooks,
    /// `impl OrderHooks for order_fsm::NoHooks`; plus the dispatch call router.
    fn hooks_impls(&self) -> TokenStream {
        let m = self.m;
        let Names {
            hooks,
            ty,
            event,
            guard,
            action,
            ..
        } = &self.n;
        let ctx = quote!(::order_fsm::Context<'_, #ty>);
        let gen_guards = m.guards.iter().enumerate().map(|(i, _)| {
            let name = &self.guard_methods[i];
            let v = &self.guards[i];
            if self.guard_on_timeout[i] {
                quote!(fn #name(&self, ctx: &#ctx) -> bool { self.0.guard(#guard::#v, ctx) })
            } else {
                quote!(fn #name(&self, _event: &#event, ctx: &#ctx) -> bool { self.0.guard(#guard::#v, ctx) })
            }
        });
        let gen_actions = m.actions.iter().enumerate().map(|(i, _)| {
            let name = &self.action_methods[i];
            let v = &self.actions[i];
            if self.action_on_timeout[i] {
                quote!(fn #name(&mut self, ctx: &#ctx) -> ::core::result::Result<(), Self::Error> { self.0.action(#action::#v, ctx) })
            } else {
                quote!(fn #name(&mut self, _event: &#event, ctx: &#ctx) -> ::core::result::Result<(), Self::Error> { self.0.action(#action::#v, ctx) })
            }
        });
        let no_hooks = if m.guards.is_empty() && m.actions.is_empty() {
            quote! {
                impl #hooks for ::order_fsm::NoHooks {
                    type Error = ::core::convert::Infallible;
                }
            }
        } else {
            quote!()
        };
        let route_guards = m.guards.iter().enumerate().map(|(i, _)| {
            let name = &self.guard_methods[i];
            let v = &self.guards[i];
            if self.guard_on_timeout[i] {
                quote!(#guard::#v => hooks.#name(ctx))
            } else {
                quote!(#guard::#v => match ctx.event {
                    ::core::option::Option::Some(e) => hooks.#name(e, ctx),
                    ::core::option::Option::None => false,
                })
            }
        });
        let route_actions = m.actions.iter().enumerate().map(|(i, _)| {
            let name = &self.action_methods[i];
            let v = &self.actions[i];
            if self.action_on_timeout[i] {
                quote!(#action::#v => hooks.#name(ctx))
            } else {
                quote!(#action::#v => match ctx.event {
                    ::core::option::Option::Some(e) => hooks.#name(e, ctx),
                    ::core::option::Option::None => ::core::result::Result::Ok(()),
                })
            }
        });
        let route_actions: Vec<_> = route_actions.collect();
        let action_arm = if route_actions.is_empty() {
            quote!(match a {})
        } else {
            quote!(match a { #(#route_actions,)* }.map(|()| true))
        };
        quote! {
            impl<T: ::order_fsm::GenericHooks<#ty>> #hooks for ::order_fsm::Generic<T> {
                type Error = T::Error;
                #(#gen_guards)*
                #(#gen_actions)*
            }
            #no_hooks
            #[inline]
            #[allow(unreachable_code, unreachable_patterns)]
            fn __call<H: #hooks + ?::core::marker::Sized>(
                hooks: &mut H,
                call: ::order_fsm::__private::Hook<#ty>,
                ctx: &#ctx,
            ) -> ::core::result::Result<bool, H::Error> {
                match call {
                    ::order_fsm::__private::Hook::Guard(g) => ::core::result::Result::Ok(match g {
                        #(#route_guards,)*
                    }),
                    ::order_fsm::__private::Hook::Action(a) => #action_arm,
                }
            }
        }
    }

    // ------------------------------------------------------------------ private block

    fn private_block(&self) -> TokenStream {
        let info = self.info_static();
        let tables = self.tables_static();
        let enum_impls = self.enum_impls();
        let state_api = self.state_api();
        let machine_impl = split_docs(self.machine_impl());
        let hooks_impls = self.hooks_impls();
        quote! {
            #[allow(clippy::all, clippy::pedantic, non_upper_case_globals, unused_qualifications)]
            const _: () = {
                #info
                #tables
                #enum_impls
                #state_api
                #hooks_impls
                #machine_impl
            };
        }
    }

    fn info_static(&self) -> TokenStream {
        let m = self.m;
        let id = &m.id.text;
        let label = m.label.as_ref().map_or(&m.id.text, |l| &l.text);
        let doc = opt_str(m.doc.as_deref());
        let file = &self.o.file;
        let states = m.states.iter().map(|s| {
            let id = &s.id.text;
            let label = s.label.as_ref().map_or(&s.id.text, |l| &l.text);
            let doc = opt_str(s.doc.as_deref());
            let initial = s.initial;
            let fin = s.is_final;
            let codes = s.codes.iter().map(|c| match c {
                Code::Int(i) => {
                    let l = Literal::i64_unsuffixed(*i);
                    quote!(::order_fsm::Code::Int(#l))
                }
                Code::Str(s) => quote!(::order_fsm::Code::Str(#s)),
            });
            quote!(::order_fsm::StateInfo { id: #id, label: #label, doc: #doc, initial: #initial, is_final: #fin, codes: &[#(#codes),*] })
        });
        let events = m.events.iter().map(|e| {
            let id = &e.id.text;
            let label = e.label.as_ref().map_or(&e.id.text, |l| &l.text);
            let doc = opt_str(e.doc.as_deref());
            let roles = e.roles.iter().map(|r| lit_usize(r.index()));
            let fields = e.payload.iter().map(|f| {
                let name = &f.name.text;
                let ty = &f.ty.text;
                let doc = opt_str(f.doc.as_deref());
                quote!(::order_fsm::FieldInfo { name: #name, ty: #ty, doc: #doc })
            });
            quote!(::order_fsm::EventInfo { id: #id, label: #label, doc: #doc, roles: &[#(#roles),*], fields: &[#(#fields),*] })
        });
        let roles = m.roles.iter().map(|r| {
            let id = &r.id.text;
            let label = r.label.as_ref().map_or(&r.id.text, |l| &l.text);
            let doc = opt_str(r.doc.as_deref());
            quote!(::order_fsm::RoleInfo { id: #id, label: #label, doc: #doc })
        });
        let guards = m.guards.iter().map(|x| {
            let id = &x.id.text;
            let d = opt_str(x.description.as_ref().map(|d| d.text.as_str()));
            let doc = opt_str(x.doc.as_deref());
            quote!(::order_fsm::GuardInfo { id: #id, description: #d, doc: #doc })
        });
        let actions = m.actions.iter().map(|x| {
            let id = &x.id.text;
            let d = opt_str(x.description.as_ref().map(|d| d.text.as_str()));
            let doc = opt_str(x.doc.as_deref());
            quote!(::order_fsm::ActionInfo { id: #id, description: #d, doc: #doc })
        });
        let transitions = m.transitions.iter().map(|t| {
            let sources = t.sources.iter().map(|s| lit_usize(s.index()));
            let from_any = t.from_any;
            let target = lit_usize(t.target.index());
            let trigger = match &t.trigger {
                Trigger::Event { event, .. } => {
                    let e = lit_usize(event.index());
                    quote!(::order_fsm::TriggerInfo::Event(#e))
                }
                Trigger::Timeout {
                    seconds,
                    written,
                    label,
                    ..
                } => {
                    let label = opt_str(label.as_ref().map(|l| l.text.as_str()));
                    let seconds = Literal::u64_unsuffixed(*seconds);
                    quote!(::order_fsm::TriggerInfo::Timeout { seconds: #seconds, written: #written, label: #label })
                }
            };
            let roles = m.allowed_roles(t).iter().map(|r| lit_usize(r.index()));
            let guard = match &t.guard {
                Some(g) => {
                    let i = lit_usize(g.guard.index());
                    quote!(::core::option::Option::Some(#i))
                }
                None => quote!(::core::option::Option::None),
            };
            let gd = opt_str(t.guard.as_ref().and_then(|g| m.guard_description(g)));
            let actions = t.actions.iter().map(|a| lit_usize(a.index()));
            let note = opt_str(t.note.as_ref().map(|n| n.text.as_str()));
            let doc = opt_str(t.doc.as_deref());
            let line = Literal::u32_unsuffixed(self.line_of(t.span.start));
            quote!(::order_fsm::TransitionInfo {
                sources: &[#(#sources),*], from_any: #from_any, target: #target, trigger: #trigger,
                roles: &[#(#roles),*], guard: #guard, guard_description: #gd, actions: &[#(#actions),*],
                note: #note, doc: #doc, line: #line,
            })
        });
        let notes = m.notes.iter().map(|n| &n.text.text);
        let initial = lit_usize(m.initial.map_or(0, |s| s.index()));
        quote! {
            static INFO: ::order_fsm::MachineInfo = ::order_fsm::MachineInfo {
                id: #id,
                label: #label,
                doc: #doc,
                file: #file,
                states: &[#(#states),*],
                events: &[#(#events),*],
                roles: &[#(#roles),*],
                guards: &[#(#guards),*],
                actions: &[#(#actions),*],
                transitions: &[#(#transitions),*],
                notes: &[#(#notes),*],
                initial: #initial,
            };
        }
    }

    fn role_mask(&self, roles: &[RoleIx]) -> Option<u32> {
        if roles.is_empty() {
            return Some(u32::MAX);
        }
        let mut mask = 0u32;
        for r in roles {
            mask |= 1u32.checked_shl(r.0)?;
        }
        Some(mask)
    }

    fn guard_path(&self, t: &Transition) -> TokenStream {
        match &t.guard {
            Some(g) => {
                let gt = &self.n.guard;
                let v = &self.guards[g.guard.index()];
                quote!(::core::option::Option::Some(#gt::#v))
            }
            None => quote!(::core::option::Option::None),
        }
    }

    fn tables_static(&self) -> TokenStream {
        let m = self.m;
        let ty = &self.n.ty;
        let first_state = self.state_path(StateIx(0));
        let state_ty = &self.n.state;
        let n_events = lit_usize(m.events.len());
        let mut fast = Vec::with_capacity(m.states.len() * m.events.len());
        // Cells with the same candidate lines share one `Slow` entry.
        let slow_ix = self.slow_index();
        let mut slow_list: Vec<(usize, &[TransitionIx])> = Vec::new();
        for (s, st) in m.states.iter().enumerate() {
            let six = StateIx(s as u32);
            for e in 0..m.events.len() {
                let eix = EventIx(e as u32);
                if st.is_final {
                    fast.push(quote!(FIN));
                    continue;
                }
                let cands = self.interp.candidates(six, eix);
                let Some(&first) = cands.first() else {
                    fast.push(quote!(NONE));
                    continue;
                };
                let ft = m.transition(first);
                let target = self.state_path(ft.target);
                let line = lit_u32(first.index());
                let mask = self.role_mask(m.allowed_roles(ft));
                let fast_ok = ft.guard.is_none() && ft.actions.is_empty() && mask.is_some();
                let op = if fast_ok {
                    quote!(FAST_OP)
                } else {
                    quote!(SLOW_OP)
                };
                let mask = Literal::u32_unsuffixed(mask.unwrap_or(0));
                let si = slow_ix.get(cands).copied().unwrap_or(0);
                if si == slow_list.len() {
                    slow_list.push((si, cands));
                }
                let si = lit_u32(si);
                fast.push(quote!(f(#op, #target, #mask, #line, #si)));
            }
        }
        let lines = m.transitions.iter().map(|t| {
            let target = self.state_path(t.target);
            let roles = m.allowed_roles(t).iter().map(|&r| self.role_path(r));
            let actions = t.actions.iter().map(|a| {
                let at = &self.n.action;
                let v = &self.actions[a.index()];
                quote!(#at::#v)
            });
            quote!(::order_fsm::__private::Line { target: #target, roles: &[#(#roles),*], actions: &[#(#actions),*] })
        });
        let timeouts = (0..m.states.len()).map(|s| {
            let list = self.interp.timeouts(StateIx(s as u32));
            if list.is_empty() {
                return quote!(NO_TIMEOUTS);
            }
            let (slots, guards) = self.slots(list);
            let items = list.iter().map(|&ix| {
                let t = m.transition(ix);
                let (seconds, written, label) = match &t.trigger {
                    Trigger::Timeout { seconds, written, label, .. } => {
                        (*seconds, written.as_str(), label.as_ref().map(|l| l.text.as_str()))
                    }
                    Trigger::Event { .. } => (u64::MAX, "", None),
                };
                let seconds = Literal::u64_unsuffixed(seconds);
                let label = opt_str(label);
                let target = self.state_path(t.target);
                let guard = self.guard_path(t);
                let actions = t.actions.iter().map(|a| {
                    let at = &self.n.action;
                    let v = &self.actions[a.index()];
                    quote!(#at::#v)
                });
                let line = lit_usize(ix.index());
                quote!(::order_fsm::Timeout { seconds: #seconds, written: #written, label: #label, target: #target, guard: #guard, actions: &[#(#actions),*], line: #line })
            });
            quote!(::order_fsm::__private::StateTimeouts { list: &[#(#items),*], guards: &[#(#guards),*], slots: &[#(#slots),*] })
        });
        let slow: Vec<TokenStream> = slow_list.iter().map(|(_, c)| self.slow_cell(c)).collect();
        let n_fast = lit_usize(fast.len());
        let n_slow = lit_usize(slow.len());
        let n_lines = lit_usize(m.transitions.len());
        let n_states = lit_usize(m.states.len());
        let lines: Vec<_> = lines.collect();
        let timeouts: Vec<_> = timeouts.collect();
        quote! {
            const FIN: ::order_fsm::__private::Fast<#ty> = ::order_fsm::__private::Fast { op: ::order_fsm::__private::OP_FINAL, target: #first_state, roles: 0, line: 0, slow: 0 };
            const NONE: ::order_fsm::__private::Fast<#ty> = ::order_fsm::__private::Fast { op: ::order_fsm::__private::OP_NONE, target: #first_state, roles: 0, line: 0, slow: 0 };
            const FAST_OP: u8 = ::order_fsm::__private::OP_FAST;
            const SLOW_OP: u8 = ::order_fsm::__private::OP_SLOW;
            const fn f(op: u8, target: #state_ty, roles: u32, line: u32, slow: u32) -> ::order_fsm::__private::Fast<#ty> {
                ::order_fsm::__private::Fast { op, target, roles, line, slow }
            }
            const NO_TIMEOUTS: ::order_fsm::__private::StateTimeouts<#ty> = ::order_fsm::__private::StateTimeouts { list: &[], guards: &[], slots: &[] };
            static FAST: [::order_fsm::__private::Fast<#ty>; #n_fast] = [#(#fast),*];
            static SLOW: [::order_fsm::__private::Slow<#ty>; #n_slow] = [#(#slow),*];
            static LINES: [::order_fsm::__private::Line<#ty>; #n_lines] = [#(#lines),*];
            static TIMEOUTS: [::order_fsm::__private::StateTimeouts<#ty>; #n_states] = [#(#timeouts),*];
            static TABLES: ::order_fsm::__private::Tables<#ty> = ::order_fsm::__private::Tables {
                n_events: #n_events,
                fast: &FAST,
                slow: &SLOW,
                lines: &LINES,
                timeouts: &TIMEOUTS,
            };
        }
    }

    /// Slots of each line's guard among the distinct guards of the list, and the guards.
    fn slots(&self, list: &[TransitionIx]) -> (Vec<Literal>, Vec<TokenStream>) {
        let m = self.m;
        let mut distinct = Vec::new();
        let mut slots = Vec::new();
        let mut guards = Vec::new();
        for &ix in list {
            let t = m.transition(ix);
            let slot = match &t.guard {
                Some(g) => match distinct.iter().position(|d| *d == g.guard) {
                    Some(p) => p,
                    None => {
                        distinct.push(g.guard);
                        distinct.len() - 1
                    }
                },
                None => 0,
            };
            slots.push(Literal::u8_unsuffixed(
                u8::try_from(slot).unwrap_or(u8::MAX),
            ));
            guards.push(self.guard_path(t));
        }
        (slots, guards)
    }

    fn slow_cell(&self, cands: &[TransitionIx]) -> TokenStream {
        let m = self.m;
        let lines = cands.iter().map(|c| lit_u32(c.index()));
        let (slots, guards) = self.slots(cands);
        let mut allowed: Vec<RoleIx> = Vec::new();
        for &c in cands {
            for &r in m.allowed_roles(m.transition(c)) {
                if !allowed.contains(&r) {
                    allowed.push(r);
                }
            }
        }
        let allowed = allowed.iter().map(|&r| self.role_path(r));
        quote!(::order_fsm::__private::Slow { cands: &[#(#lines),*], guards: &[#(#guards),*], slots: &[#(#slots),*], allowed: &[#(#allowed),*] })
    }

    /// `Enumerated`, `Display`, `FromStr` and the small methods of every generated enum.
    fn enum_impls(&self) -> TokenStream {
        let m = self.m;
        let Names {
            state,
            event,
            kind,
            role,
            guard,
            action,
            ..
        } = &self.n;
        let st = self.enumerated(
            state,
            &self.states,
            quote!(INFO.states[self as usize].id),
            quote!(INFO.states[self as usize].label),
            "state",
        );
        let ki = self.enumerated(
            kind,
            &self.events,
            quote!(INFO.events[self as usize].id),
            quote!(INFO.events[self as usize].label),
            "event",
        );
        let ro = self.enumerated(
            role,
            &self.roles,
            quote!(INFO.roles[self as usize].id),
            quote!(INFO.roles[self as usize].label),
            "role",
        );
        let gu = self.enumerated(
            guard,
            &self.guards,
            quote!(INFO.guards[self as usize].id),
            quote!(match INFO.guards[self as usize].description {
                ::core::option::Option::Some(d) => d,
                ::core::option::Option::None => INFO.guards[self as usize].id,
            }),
            "guard",
        );
        let ac = self.enumerated(
            action,
            &self.actions,
            quote!(INFO.actions[self as usize].id),
            quote!(match INFO.actions[self as usize].description {
                ::core::option::Option::Some(d) => d,
                ::core::option::Option::None => INFO.actions[self as usize].id,
            }),
            "action",
        );
        let kind_arms = self.events.iter().enumerate().map(|(i, v)| {
            if self.payload[i].is_empty() {
                quote!(#event::#v => #kind::#v)
            } else {
                quote!(#event::#v { .. } => #kind::#v)
            }
        });
        let roles_of = m.events.iter().map(|e| {
            let rs = e.roles.iter().map(|&r| self.role_path(r));
            quote!(&[#(#rs),*])
        });
        let n_events = lit_usize(m.events.len());
        let guard_desc = if m.guards.is_empty() {
            quote!(match self {})
        } else {
            quote!(INFO.guards[self as usize].description)
        };
        let action_desc = if m.actions.is_empty() {
            quote!(match self {})
        } else {
            quote!(INFO.actions[self as usize].description)
        };
        let event_self = if m.events.is_empty() {
            quote!(match *self {})
        } else {
            quote!(match *self { #(#kind_arms,)* })
        };
        let kind_roles = if m.events.is_empty() {
            quote!(match self {})
        } else {
            quote!({
                static ROLES: [&[#role]; #n_events] = [#(#roles_of),*];
                ROLES[self as usize]
            })
        };
        let kind_info = if m.events.is_empty() {
            quote!(match self {})
        } else {
            quote!(&INFO.events[self as usize])
        };
        quote! {
            #st #ki #ro #gu #ac

            impl ::order_fsm::EventData for #event {
                type Kind = #kind;
                #[inline]
                fn kind(&self) -> #kind {
                    #event_self
                }
            }

            impl #event {
                /// Which event this is, without its payload.
                #[inline]
                pub fn kind(&self) -> #kind {
                    ::order_fsm::EventData::kind(self)
                }
                /// The event's id as written in the spec.
                pub fn id(&self) -> &'static str {
                    self.kind().id()
                }
                /// The event's label, else its id.
                pub fn label(&self) -> &'static str {
                    self.kind().label()
                }
            }

            impl ::core::convert::From<&#event> for #kind {
                fn from(e: &#event) -> #kind {
                    e.kind()
                }
            }

            impl #kind {
                /// The roles allowed to fire this event (empty: any role).
                pub fn roles(self) -> &'static [#role] {
                    #kind_roles
                }
                /// Everything the spec says about this event.
                pub fn info(self) -> &'static ::order_fsm::EventInfo {
                    #kind_info
                }
            }

            impl #guard {
                /// The guard's human description, if the spec gives one.
                pub fn description(self) -> ::core::option::Option<&'static str> {
                    #guard_desc
                }
            }

            impl #action {
                /// The action's human description, if the spec gives one.
                pub fn description(self) -> ::core::option::Option<&'static str> {
                    #action_desc
                }
            }
        }
    }

    fn enumerated(
        &self,
        ty: &Ident,
        variants: &[Ident],
        id: TokenStream,
        label: TokenStream,
        what: &str,
    ) -> TokenStream {
        let n = lit_usize(variants.len());
        let all = variants.iter().map(|v| quote!(#ty::#v));
        let (index, id, label) = if variants.is_empty() {
            (
                quote!(match self {}),
                quote!(match self {}),
                quote!(match self {}),
            )
        } else {
            (quote!(self as usize), id, label)
        };
        // Sorted ids for a binary search.
        let mut sorted: Vec<(String, &Ident)> = Vec::new();
        for (i, v) in variants.iter().enumerate() {
            let id = match what {
                "state" => self.m.states.get(i).map(|x| x.id.text.clone()),
                "event" => self.m.events.get(i).map(|x| x.id.text.clone()),
                "role" => self.m.roles.get(i).map(|x| x.id.text.clone()),
                "guard" => self.m.guards.get(i).map(|x| x.id.text.clone()),
                _ => self.m.actions.get(i).map(|x| x.id.text.clone()),
            };
            sorted.push((id.unwrap_or_default(), v));
        }
        sorted.sort();
        let by_id = sorted.iter().map(|(id, v)| quote!((#id, #ty::#v)));
        quote! {
            impl ::order_fsm::Enumerated for #ty {
                const ALL: &'static [#ty] = &[#(#all),*];
                #[inline(always)]
                fn index(self) -> usize {
                    #index
                }
                #[inline]
                fn id(self) -> &'static str {
                    #id
                }
                #[inline]
                fn label(self) -> &'static str {
                    #label
                }
                fn from_id(id: &str) -> ::core::option::Option<Self> {
                    static BY_ID: [(&str, #ty); #n] = [#(#by_id),*];
                    match BY_ID.binary_search_by(|(k, _)| (*k).cmp(id)) {
                        ::core::result::Result::Ok(i) => BY_ID.get(i).map(|(_, v)| *v),
                        ::core::result::Result::Err(_) => ::core::option::Option::None,
                    }
                }
            }

            impl #ty {
                /// Every value, in spec order.
                pub const ALL: &'static [#ty] = <#ty as ::order_fsm::Enumerated>::ALL;
                /// The id as written in the spec.
                #[inline]
                pub fn id(self) -> &'static str {
                    ::order_fsm::Enumerated::id(self)
                }
                /// The label (or description), else the id.
                #[inline]
                pub fn label(self) -> &'static str {
                    ::order_fsm::Enumerated::label(self)
                }
                /// Position in spec order.
                #[inline]
                pub fn index(self) -> usize {
                    ::order_fsm::Enumerated::index(self)
                }
                /// The value with this id.
                pub fn from_id(id: &str) -> ::core::option::Option<Self> {
                    <Self as ::order_fsm::Enumerated>::from_id(id)
                }
            }

            /// Shows the label.
            impl ::core::fmt::Display for #ty {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    f.write_str(self.label())
                }
            }

            ::order_fsm::__private::serde_by_id!(#ty, #what);

            /// Parses the id.
            impl ::core::str::FromStr for #ty {
                type Err = ::order_fsm::ParseIdError;
                fn from_str(s: &str) -> ::core::result::Result<Self, Self::Err> {
                    Self::from_id(s).ok_or_else(|| ::order_fsm::ParseIdError::new(#what, s))
                }
            }
        }
    }

    // ------------------------------------------------------------------ the dynamic API

    /// The index of each cell's `Slow` entry: cells with the same candidate lines share one.
    fn slow_index(&self) -> HashMap<Vec<TransitionIx>, usize> {
        let m = self.m;
        let mut map: HashMap<Vec<TransitionIx>, usize> = HashMap::new();
        for (s, st) in m.states.iter().enumerate() {
            if st.is_final {
                continue;
            }
            for e in 0..m.events.len() {
                let cands = self.interp.candidates(StateIx(s as u32), EventIx(e as u32));
                if !cands.is_empty() && !map.contains_key(cands) {
                    let n = map.len();
                    map.insert(cands.to_vec(), n);
                }
            }
        }
        map
    }

    /// The body of `fire`: one `match` arm per (state, event) cell with lines, each deciding
    /// exactly as the interpreter does, with direct calls to the hooks.
    fn fire_body(&self) -> TokenStream {
        let m = self.m;
        let Names {
            state,
            event,
            guard,
            action,
            ..
        } = &self.n;
        let slow = self.slow_index();
        let finals: Vec<TokenStream> = m
            .states
            .iter()
            .enumerate()
            .filter(|(_, s)| s.is_final)
            .map(|(i, _)| self.state_path(StateIx(i as u32)))
            .collect();
        let final_arm = if finals.is_empty() {
            quote!()
        } else {
            quote!((#(#finals)|*, _) => ::core::result::Result::Err(::order_fsm::FireError::Rejected(::order_fsm::Rejection::FinalState { state: self })),)
        };
        let mut arms = Vec::new();
        for (s, st) in m.states.iter().enumerate() {
            if st.is_final {
                continue;
            }
            let six = StateIx(s as u32);
            for e in 0..m.events.len() {
                let eix = EventIx(e as u32);
                let cands = self.interp.candidates(six, eix);
                if cands.is_empty() {
                    continue;
                }
                let sp = self.state_path(six);
                let ev = &self.events[e];
                let pat = if self.payload[e].is_empty() {
                    quote!(#event::#ev)
                } else {
                    quote!(#event::#ev { .. })
                };
                let kind_v = &self.events[e];
                let kind_t = &self.n.kind;
                let kind = quote!(#kind_t::#kind_v);
                let cell = lit_usize(slow.get(cands).copied().unwrap_or(0));
                // Guards asked more than once in this cell get a cache.
                let mut count: HashMap<u32, usize> = HashMap::new();
                for &c in cands {
                    if let Some(g) = &m.transition(c).guard {
                        *count.entry(g.guard.0).or_default() += 1;
                    }
                }
                let mut caches = Vec::new();
                for (&g, &n) in &count {
                    if n > 1 {
                        let var = format_ident!("g{}", g);
                        caches.push(quote!(let mut #var: ::core::option::Option<bool> = ::core::option::Option::None;));
                    }
                }
                caches.sort_by_key(|t| t.to_string());
                let any_restricted = cands
                    .iter()
                    .any(|&c| !m.allowed_roles(m.transition(c)).is_empty());
                let all_restricted = cands
                    .iter()
                    .all(|&c| !m.allowed_roles(m.transition(c)).is_empty());
                let has_guard = !count.is_empty();
                let mut body = Vec::new();
                for (i, &c) in cands.iter().enumerate() {
                    let t = m.transition(c);
                    let roles = m.allowed_roles(t);
                    let target = self.state_path(t.target);
                    let line = lit_usize(c.index());
                    let bit = Literal::u64_unsuffixed(1u64.checked_shl(i as u32).unwrap_or(0));
                    let role_ok = if roles.is_empty() {
                        quote!(true)
                    } else {
                        let rs = roles.iter().map(|&r| self.role_path(r));
                        quote!(match actor {
                            ::core::option::Option::None => true,
                            ::core::option::Option::Some(r) => ::core::matches!(r, #(#rs)|*),
                        })
                    };
                    let mark_any = if all_restricted {
                        quote!(any = true;)
                    } else {
                        quote!()
                    };
                    let ty = &self.n.ty;
                    let transition = quote!(::order_fsm::Transition::<#ty> {
                        from: self,
                        to: #target,
                        cause: ::order_fsm::Cause::Event(#kind),
                        actor,
                        line: #line,
                    });
                    let actions = t.actions.iter().map(|a| {
                        let name = &self.action_methods[a.index()];
                        let av = &self.actions[a.index()];
                        let call = if self.action_on_timeout[a.index()] {
                            quote!(hooks.#name(&ctx))
                        } else {
                            quote!(hooks.#name(event, &ctx))
                        };
                        quote! {
                            if let ::core::result::Result::Err(error) = #call {
                                return ::core::result::Result::Err(::order_fsm::FireError::Action {
                                    action: #action::#av,
                                    transition: tr,
                                    error,
                                });
                            }
                        }
                    });
                    let actions: Vec<TokenStream> = actions.collect();
                    let take = if actions.is_empty() {
                        quote!(return ::core::result::Result::Ok(#transition);)
                    } else {
                        quote! {
                            let tr = #transition;
                            #(#actions)*
                            return ::core::result::Result::Ok(tr);
                        }
                    };
                    let needs_ctx = t.guard.is_some() || !t.actions.is_empty();
                    let decide = match &t.guard {
                        None => take,
                        Some(g) => {
                            let gi = g.guard.index();
                            let name = &self.guard_methods[gi];
                            let call = if self.guard_on_timeout[gi] {
                                quote!(hooks.#name(&ctx))
                            } else {
                                quote!(hooks.#name(event, &ctx))
                            };
                            let _ = guard;
                            if count.get(&g.guard.0).copied().unwrap_or(0) > 1 {
                                let var = format_ident!("g{}", g.guard.0);
                                quote! {
                                    let ok = match #var {
                                        ::core::option::Option::Some(v) => v,
                                        ::core::option::Option::None => {
                                            let v = #call;
                                            #var = ::core::option::Option::Some(v);
                                            if !v { failed |= #bit; }
                                            v
                                        }
                                    };
                                    if ok { #take }
                                }
                            } else {
                                quote! {
                                    if #call { #take }
                                    failed |= #bit;
                                }
                            }
                        }
                    };
                    let ty = &self.n.ty;
                    let ctx = if needs_ctx {
                        quote! {
                            let ctx = ::order_fsm::Context::<#ty> {
                                from: self,
                                to: #target,
                                event: ::core::option::Option::Some(event),
                                actor,
                                elapsed: ::core::option::Option::None,
                                line: #line,
                            };
                        }
                    } else {
                        quote!()
                    };
                    body.push(quote! {
                        if #role_ok {
                            #mark_any
                            #ctx
                            #decide
                        }
                    });
                }
                let any_decl = if all_restricted {
                    quote!(let mut any = false;)
                } else {
                    quote!()
                };
                let failed_decl = if has_guard {
                    quote!(let mut failed: u64 = 0;)
                } else {
                    quote!()
                };
                let failed_val = if has_guard { quote!(failed) } else { quote!(0) };
                let guard_failed = quote!(::core::result::Result::Err(::order_fsm::FireError::Rejected(::order_fsm::Rejection::GuardFailed {
                    state: self,
                    event: #kind,
                    failed: ::order_fsm::__private::guard_list(&SLOW[#cell].guards, #failed_val),
                })));
                let role_failed = quote!(::core::result::Result::Err(::order_fsm::FireError::Rejected(match actor {
                    ::core::option::Option::Some(role) => ::order_fsm::Rejection::RoleNotAllowed {
                        state: self,
                        event: #kind,
                        role,
                        allowed: SLOW[#cell].allowed,
                    },
                    ::core::option::Option::None => ::order_fsm::Rejection::NoTransition { state: self, event: #kind },
                })));
                let end = if all_restricted && has_guard {
                    quote!(if any { #guard_failed } else { #role_failed })
                } else if all_restricted {
                    role_failed
                } else {
                    guard_failed
                };
                let _ = any_restricted;
                arms.push(quote! {
                    (#sp, #pat) => {
                        #any_decl
                        #failed_decl
                        #(#caches)*
                        #(#body)*
                        #[allow(unreachable_code)]
                        { #end }
                    }
                });
            }
        }
        let _ = state;
        quote! {
            #[allow(unused_mut, unused_variables, unreachable_code, unreachable_patterns, clippy::needless_return)]
            match (self, event) {
                #final_arm
                #(#arms)*
                _ => ::core::result::Result::Err(::order_fsm::FireError::Rejected(::order_fsm::Rejection::NoTransition {
                    state: self,
                    event: ::order_fsm::EventData::kind(event),
                })),
            }
        }
    }

    fn state_api(&self) -> TokenStream {
        let fire_body = if self.m.transitions.len() <= SPECIALIZE_MAX_LINES {
            self.fire_body()
        } else {
            let ty = &self.n.ty;
            quote! {
                ::order_fsm::__private::fire::<#ty, H::Error, _>(self, event, actor, &mut |call, ctx| __call(hooks, call, ctx))
            }
        };
        let m = self.m;
        let Names {
            state,
            event,
            kind,
            role,
            hooks,
            ty,
            ..
        } = &self.n;
        let n = m.states.len();
        let mut int_codes: Vec<(i64, usize)> = Vec::new();
        let mut str_codes: Vec<(&str, usize)> = Vec::new();
        let mut first_int = Vec::with_capacity(n);
        let mut first_str = Vec::with_capacity(n);
        for (i, s) in m.states.iter().enumerate() {
            let mut fi = None;
            let mut fs = None;
            for c in &s.codes {
                match c {
                    Code::Int(v) => {
                        int_codes.push((*v, i));
                        fi.get_or_insert(*v);
                    }
                    Code::Str(v) => {
                        str_codes.push((v.as_str(), i));
                        fs.get_or_insert(v.as_str());
                    }
                }
            }
            first_int.push(match fi {
                Some(v) => {
                    let l = Literal::i64_unsuffixed(v);
                    quote!(::core::option::Option::Some(#l))
                }
                None => quote!(::core::option::Option::None),
            });
            first_str.push(opt_str(fs));
        }
        int_codes.sort();
        str_codes.sort();
        let n_int = lit_usize(int_codes.len());
        let n_str = lit_usize(str_codes.len());
        let int_entries = int_codes.iter().map(|(c, i)| {
            let c = Literal::i64_unsuffixed(*c);
            let s = self.state_path(StateIx(*i as u32));
            quote!((#c, #s))
        });
        let str_entries = str_codes.iter().map(|(c, i)| {
            let s = self.state_path(StateIx(*i as u32));
            quote!((#c, #s))
        });
        let n_lit = lit_usize(n);
        let finals: Vec<TokenStream> = m
            .states
            .iter()
            .enumerate()
            .filter(|(_, s)| s.is_final)
            .map(|(i, _)| self.state_path(StateIx(i as u32)))
            .collect();
        let final_match = if finals.is_empty() {
            quote!(false)
        } else {
            quote!(::core::matches!(self, #(#finals)|*))
        };
        let initial = self.state_path(m.initial.unwrap_or(StateIx(0)));
        quote! {
            impl #state {
                /// The initial state.
                pub const INITIAL: #state = #initial;

                /// Everything the spec says about this state.
                #[inline]
                pub fn info(self) -> &'static ::order_fsm::StateInfo {
                    &INFO.states[self as usize]
                }
                /// The doc comment of the state in the spec.
                pub fn doc(self) -> ::core::option::Option<&'static str> {
                    self.info().doc
                }
                /// Whether nothing can happen to an order in this state any more.
                #[inline]
                pub fn is_final(self) -> bool {
                    #final_match
                }
                /// Whether this is the initial state.
                pub fn is_initial(self) -> bool {
                    self.info().initial
                }
                /// Every external status code of this state, in spec order.
                pub fn codes(self) -> &'static [::order_fsm::Code] {
                    self.info().codes
                }
                /// The canonical integer status code: the first integer code in the spec.
                pub fn code(self) -> ::core::option::Option<i64> {
                    static CODE: [::core::option::Option<i64>; #n_lit] = [#(#first_int),*];
                    CODE[self as usize]
                }
                /// The canonical string status code: the first string code in the spec.
                pub fn code_str(self) -> ::core::option::Option<&'static str> {
                    static CODE: [::core::option::Option<&str>; #n_lit] = [#(#first_str),*];
                    CODE[self as usize]
                }
                /// The state with this integer status code (any of its codes).
                pub fn from_code(code: i64) -> ::core::option::Option<Self> {
                    static BY_CODE: [(i64, #state); #n_int] = [#(#int_entries),*];
                    match BY_CODE.binary_search_by(|(k, _)| k.cmp(&code)) {
                        ::core::result::Result::Ok(i) => BY_CODE.get(i).map(|(_, s)| *s),
                        ::core::result::Result::Err(_) => ::core::option::Option::None,
                    }
                }
                /// The state with this string status code (any of its codes).
                pub fn from_code_str(code: &str) -> ::core::option::Option<Self> {
                    static BY_CODE: [(&str, #state); #n_str] = [#(#str_entries),*];
                    match BY_CODE.binary_search_by(|(k, _)| (*k).cmp(code)) {
                        ::core::result::Result::Ok(i) => BY_CODE.get(i).map(|(_, s)| *s),
                        ::core::result::Result::Err(_) => ::core::option::Option::None,
                    }
                }

                /// Decide `event` fired by `actor` in this state and, if allowed, run the
                /// line's actions. Returns the transition record, or why not; the state
                /// value itself never changes (it is `Copy`): store `transition.to`.
                ///
                /// `actor` is a role, or `None` for a trusted caller that passes role checks.
                #[inline]
                pub fn fire<H: #hooks + ?::core::marker::Sized>(
                    self,
                    event: &#event,
                    actor: impl ::core::convert::Into<::core::option::Option<#role>>,
                    hooks: &mut H,
                ) -> ::core::result::Result<::order_fsm::Transition<#ty>, ::order_fsm::FireError<#ty, H::Error>> {
                    self.fire_as(event, actor.into(), hooks)
                }

                /// [`Self::fire`] with the actor as an `Option`.
                #[inline]
                pub fn fire_as<H: #hooks + ?::core::marker::Sized>(
                    self,
                    event: &#event,
                    actor: ::core::option::Option<#role>,
                    hooks: &mut H,
                ) -> ::core::result::Result<::order_fsm::Transition<#ty>, ::order_fsm::FireError<#ty, H::Error>> {
                    #fire_body
                }

                /// Whether `actor` may fire `event` in this state. Guards are not asked: a
                /// guarded line counts as possible.
                #[inline]
                pub fn can_fire(
                    self,
                    event: #kind,
                    actor: impl ::core::convert::Into<::core::option::Option<#role>>,
                ) -> bool {
                    ::order_fsm::__private::can_fire::<#ty>(self, event, actor.into())
                }

                /// The events `actor` may fire in this state (guards not asked), in spec
                /// order: the buttons to show.
                pub fn permitted_events(
                    self,
                    actor: impl ::core::convert::Into<::core::option::Option<#role>>,
                ) -> impl ::core::iter::Iterator<Item = #kind> {
                    ::order_fsm::__private::permitted_events::<#ty>(self, actor.into())
                }

                /// The timeouts of this state, shortest first: what a scheduler arms when an
                /// order enters it.
                #[inline]
                pub fn timeouts(self) -> &'static [::order_fsm::Timeout<#ty>] {
                    ::order_fsm::__private::timeouts::<#ty>(self)
                }

                /// Let `seconds` pass in this state: the first due timeout whose guard says
                /// yes fires and its actions run.
                pub fn elapse<H: #hooks + ?::core::marker::Sized>(
                    self,
                    seconds: u64,
                    hooks: &mut H,
                ) -> ::core::result::Result<::order_fsm::Transition<#ty>, ::order_fsm::FireError<#ty, H::Error>> {
                    ::order_fsm::__private::elapse::<#ty, H::Error, _>(self, seconds, &mut |call, ctx| __call(hooks, call, ctx))
                }

                /// A timer armed when the order entered `armed_in` fell due after `elapsed`
                /// seconds. Fires the due timeout only if the order (now in `self`) is still
                /// in that state; otherwise, or if none is due, returns `Ok(None)`. Safe to
                /// deliver twice.
                pub fn on_timeout<H: #hooks + ?::core::marker::Sized>(
                    self,
                    armed_in: #state,
                    elapsed: u64,
                    hooks: &mut H,
                ) -> ::core::result::Result<::core::option::Option<::order_fsm::Transition<#ty>>, ::order_fsm::FireError<#ty, H::Error>> {
                    ::order_fsm::__private::on_timeout::<#ty, H::Error, _>(self, armed_in, elapsed, &mut |call, ctx| __call(hooks, call, ctx))
                }
            }

            impl ::core::default::Default for #state {
                /// The initial state.
                fn default() -> Self {
                    Self::INITIAL
                }
            }
        }
    }

    fn machine_impl(&self) -> TokenStream {
        let Names {
            ty,
            state,
            event,
            kind,
            role,
            guard,
            action,
            ..
        } = &self.n;
        let initial = self.state_path(self.m.initial.unwrap_or(StateIx(0)));
        let typestate = if self.o.typestate {
            format!(
                ", module [`{}`] and [`{}`]",
                self.n.module, self.n.typestate
            )
        } else {
            String::new()
        };
        let mut doc = format!(
            " The {} state machine{}.\n\n Generated types: [`{state}`], [`{event}`], [`{kind}`], [`{role}`], [`{guard}`], [`{action}`], [`{}`]{typestate}.\n",
            self.machine_title(),
            if self.o.file.is_empty() { String::new() } else { format!(" from `{}`", self.o.file) },
            self.n.hooks,
        );
        if let Some(d) = &self.m.doc {
            doc.push('\n');
            doc.push_str(d);
            doc.push('\n');
        }
        doc.push_str(&self.table_doc());
        quote! {
            #[doc = #doc]
            impl ::order_fsm::Machine for #ty {
                type State = #state;
                type Event = #event;
                type EventKind = #kind;
                type Role = #role;
                type Guard = #guard;
                type Action = #action;
                const INFO: &'static ::order_fsm::MachineInfo = &INFO;
                const INITIAL: #state = #initial;
                #[inline(always)]
                fn __tables() -> &'static ::order_fsm::__private::Tables<#ty> {
                    &TABLES
                }
            }
        }
    }

    // ------------------------------------------------------------------ typestate

    /// Possible targets of `event` in `state` for a trusted caller, in the order tried, up to
    /// and including the first unguarded line; and whether hooks are needed.
    fn typestate_targets(&self, s: StateIx, e: EventIx) -> (Vec<StateIx>, bool) {
        let m = self.m;
        let mut targets = Vec::new();
        let mut needs_hooks = false;
        for &c in self.interp.candidates(s, e) {
            let t = m.transition(c);
            if t.guard.is_some() || !t.actions.is_empty() {
                needs_hooks = true;
            }
            if !targets.contains(&t.target) {
                targets.push(t.target);
            }
            if t.guard.is_none() {
                break;
            }
        }
        (targets, needs_hooks)
    }

    fn typestate(&self) -> TokenStream {
        let m = self.m;
        let Names {
            module,
            typestate,
            state,
            vis,
            data,
            ty,
            ..
        } = &self.n;
        let structs = m.states.iter().enumerate().map(|(i, s)| {
            let v = &self.states[i];
            let label = s.label.as_ref().map_or(&s.id.text, |l| &l.text);
            let mut d = format!(
                " Typestate: an order in state **{label}** (`{}`), with your data `{data}`.\n",
                s.id.text
            );
            let events: Vec<String> = (0..m.events.len())
                .filter(|&e| {
                    !s.is_final
                        && !self
                            .interp
                            .candidates(StateIx(i as u32), EventIx(e as u32))
                            .is_empty()
                })
                .map(|e| {
                    format!(
                        "[`{}`](Self::{})",
                        m.events[e].id.text,
                        self.event_methods[e].to_string().trim_start_matches("r#")
                    )
                })
                .collect();
            if s.is_final {
                d.push_str("\n A final state: nothing can happen to it any more.\n");
            } else if events.is_empty() {
                d.push_str("\n No event leaves this state.\n");
            } else {
                d.push_str(&format!(
                    "\n Events possible here: {}.\n",
                    events.join(", ")
                ));
            }
            let sdoc = doc_lines(s.doc.as_deref());
            quote! {
                #[doc = #d]
                #sdoc
                #[derive(Clone, Debug)]
                pub struct #v<#data = ()> {
                    data: #data,
                }
            }
        });
        let structs: Vec<TokenStream> = structs.map(split_docs).collect();
        let outcomes: Vec<TokenStream> = self.outcome_enums();
        let impls = self.typestate_impls();
        let variants = self.states.iter().map(|v| quote!(#v(#module::#v<#data>)));
        let mod_doc = format!(
            " The typestate API of the {} machine: one type per state, carrying your data; one method per event, only on the states where the event is possible, so an impossible transition does not compile.\n\n Methods are called as a trusted caller (role checks belong to the dynamic API, [`{state}::fire`]). A method whose event is decided by a guard, or runs actions, takes the hooks and returns a `Result` that gives the value back when refused; an event with several possible targets returns an enum of them (module `outcome`). Convert with `into_dynamic()` and the checked `from_dynamic(state, data)` of each type, or [`{typestate}::from_dynamic`] for whichever state a stored order is in. (Inherent methods rather than `TryFrom`/`From` impls: hundreds of trait impls would slow the build.)",
            self.machine_title()
        );
        let mod_doc = split_docs(quote!(#[doc = #mod_doc]));
        let ts_doc = format!(
            " Any state of the {} machine in typestate form.",
            self.machine_title()
        );
        let _ = ty;
        quote! {
            #mod_doc
            #[allow(non_camel_case_types, clippy::upper_case_acronyms)]
            #vis mod #module {
                #[allow(unused_imports)]
                use super::*;
                #(#structs)*
                #impls
                /// Enums of the possible targets of events that can lead to several states.
                pub mod outcome {
                    #[allow(unused_imports)]
                    use super::*;
                    #(#outcomes)*
                }
            }

            #[doc = #ts_doc]
            #[derive(Clone, Debug)]
            #[allow(non_camel_case_types, clippy::upper_case_acronyms)]
            #vis enum #typestate<#data = ()> {
                #(#variants,)*
            }
        }
    }

    fn outcome_name(&self, s: StateIx, e: EventIx) -> Ident {
        format_ident!(
            "{}{}",
            self.states[s.index()].to_string().trim_start_matches("r#"),
            self.events[e.index()].to_string().trim_start_matches("r#")
        )
    }

    fn outcome_enums(&self) -> Vec<TokenStream> {
        let m = self.m;
        let data = &self.n.data;
        let mut out = Vec::new();
        for s in 0..m.states.len() {
            if m.states[s].is_final {
                continue;
            }
            for e in 0..m.events.len() {
                let (targets, _) = self.typestate_targets(StateIx(s as u32), EventIx(e as u32));
                if targets.len() < 2 {
                    continue;
                }
                let name = self.outcome_name(StateIx(s as u32), EventIx(e as u32));
                let d = format!(
                    " Where `{}` leads from `{}`: the guards decide.",
                    m.events[e].id.text, m.states[s].id.text
                );
                let vs = targets.iter().map(|t| {
                    let v = &self.states[t.index()];
                    quote!(#v(super::#v<#data>))
                });
                out.push(quote! {
                    #[doc = #d]
                    #[derive(Clone, Debug)]
                    pub enum #name<#data = ()> {
                        #(#vs,)*
                    }
                });
            }
        }
        out
    }

    fn typestate_impls(&self) -> TokenStream {
        let m = self.m;
        let Names {
            module,
            typestate,
            state,
            event,
            hooks,
            ty,
            data,
            ..
        } = &self.n;
        // These impls live inside the typestate module (its fields are private), where
        // state names could shadow anything from the parent: every path goes through `super`.
        let module = &quote!(super::#module);
        let typestate = &quote!(super::#typestate);
        let state_ty = quote!(super::#state);
        let state = &state_ty;
        let event = &quote!(super::#event);
        let hooks = &quote!(super::#hooks);
        let ty = &quote!(super::#ty);
        let state_path = |s: StateIx| {
            let v = &self.states[s.index()];
            quote!(#state_ty::#v)
        };
        let initial = m.initial.unwrap_or(StateIx(0));
        let per_state = m.states.iter().enumerate().map(|(i, s)| {
            let six = StateIx(i as u32);
            let v = &self.states[i];
            let new = if six == initial {
                quote! {
                    /// A new order in the initial state.
                    pub fn new(data: #data) -> Self {
                        #module::#v { data }
                    }
                }
            } else {
                quote!()
            };
            let methods = (0..m.events.len()).filter_map(|e| {
                let eix = EventIx(e as u32);
                if s.is_final || self.interp.candidates(six, eix).is_empty() {
                    return None;
                }
                let (targets, needs_hooks) = self.typestate_targets(six, eix);
                let method = &self.event_methods[e];
                let ev = &self.events[e];
                let fields = &self.payload[e];
                let params = fields.iter().map(|f| {
                    let Field { name, ty, .. } = f;
                    quote!(#name: #ty)
                });
                let names = fields.iter().map(|f| &f.name);
                let make_event = if fields.is_empty() {
                    quote!(#event::#ev)
                } else {
                    quote!(#event::#ev { #(#names),* })
                };
                let ev_info = &m.events[e];
                let label = ev_info.label.as_ref().map_or(&ev_info.id.text, |l| &l.text);
                let tgt_names: Vec<String> = targets.iter().map(|t| format!("`{}`", m.state(*t).id.text)).collect();
                let doc = format!(" **{label}** (`{}`): to {}.", ev_info.id.text, tgt_names.join(" or "));
                let wrap = |t: StateIx| {
                    let tv = &self.states[t.index()];
                    quote!(#module::#tv { data: self.data })
                };
                let (ret, body) = if targets.len() > 1 {
                    let name = self.outcome_name(six, eix);
                    let ret = quote!(#module::outcome::#name<#data>);
                    let mut arms = Vec::new();
                    let last = targets.len() - 1;
                    for (k, &t) in targets.iter().enumerate() {
                        let tv = &self.states[t.index()];
                        let w = wrap(t);
                        if k == last {
                            arms.push(quote!(_ => #module::outcome::#name::#tv(#w)));
                        } else {
                            let sp = state_path(t);
                            arms.push(quote!(#sp => #module::outcome::#name::#tv(#w)));
                        }
                    }
                    (ret, quote!(match t.to { #(#arms,)* }))
                } else {
                    let t = targets.first().copied().unwrap_or(six);
                    let tv = &self.states[t.index()];
                    let w = wrap(t);
                    (quote!(#module::#tv<#data>), quote!({ let _ = t; #w }))
                };
                let sp = state_path(six);
                if needs_hooks {
                    let doc2 = " Asks the guards and runs the actions through `hooks`; when refused, gives this value back with the reason.";
                    Some(quote! {
                        #[doc = #doc]
                        #[doc = ""]
                        #[doc = #doc2]
                        pub fn #method<H: #hooks + ?::core::marker::Sized>(self, #(#params,)* hooks: &mut H)
                            -> ::core::result::Result<#ret, ::order_fsm::Refused<Self, #ty, H::Error>>
                        {
                            let event = #make_event;
                            match #sp.fire_as(&event, ::core::option::Option::None, hooks) {
                                ::core::result::Result::Ok(t) => ::core::result::Result::Ok(#body),
                                ::core::result::Result::Err(error) => ::core::result::Result::Err(::order_fsm::Refused { state: self, error }),
                            }
                        }
                    })
                } else {
                    let t = targets.first().copied().unwrap_or(six);
                    let w = wrap(t);
                    Some(quote! {
                        #[doc = #doc]
                        pub fn #method(self, #(#params),*) -> #ret {
                            let _event = #make_event;
                            #w
                        }
                    })
                }
            });
            let methods: Vec<_> = methods.collect();
            let sp = state_path(six);
            quote! {
                impl<#data> #module::#v<#data> {
                    #new
                    /// The dynamic state this type stands for.
                    pub fn state(&self) -> #state {
                        #sp
                    }
                    /// Your data.
                    pub fn data(&self) -> &#data {
                        &self.data
                    }
                    /// Your data, to change.
                    pub fn data_mut(&mut self) -> &mut #data {
                        &mut self.data
                    }
                    /// Your data, leaving the typestate.
                    pub fn into_data(self) -> #data {
                        self.data
                    }
                    /// The dynamic form: the state value and your data.
                    pub fn into_dynamic(self) -> (#state, #data) {
                        (#sp, self.data)
                    }
                    /// Checked conversion from the dynamic form: gives the data back when
                    /// the state is another one.
                    pub fn from_dynamic(state: #state, data: #data) -> ::core::result::Result<Self, ::order_fsm::WrongState<#ty, #data>> {
                        if state == #sp {
                            ::core::result::Result::Ok(#module::#v { data })
                        } else {
                            ::core::result::Result::Err(::order_fsm::WrongState { expected: #sp, found: state, data })
                        }
                    }
                    #(#methods)*
                }

            }
        });
        let from_arms = self.states.iter().enumerate().map(|(i, v)| {
            let sp = state_path(StateIx(i as u32));
            quote!(#sp => #typestate::#v(#module::#v { data }))
        });
        let state_arms = self.states.iter().enumerate().map(|(i, v)| {
            let sp = state_path(StateIx(i as u32));
            quote!(#typestate::#v(_) => #sp)
        });
        let into_arms = self
            .states
            .iter()
            .map(|v| quote!(#typestate::#v(x) => x.into_dynamic()));
        let data_arms = self
            .states
            .iter()
            .map(|v| quote!(#typestate::#v(x) => x.data()));
        let per_state: Vec<_> = per_state.collect();
        quote! {
            #(#per_state)*

            impl<#data> #typestate<#data> {
                /// The typestate form of a dynamic state: every state has its type.
                pub fn from_dynamic(state: #state, data: #data) -> Self {
                    match state {
                        #(#from_arms,)*
                    }
                }
                /// The dynamic state.
                pub fn state(&self) -> #state {
                    match self {
                        #(#state_arms,)*
                    }
                }
                /// Your data.
                pub fn data(&self) -> &#data {
                    match self {
                        #(#data_arms,)*
                    }
                }
                /// The dynamic form.
                pub fn into_dynamic(self) -> (#state, #data) {
                    match self {
                        #(#into_arms,)*
                    }
                }
            }
        }
    }
}
