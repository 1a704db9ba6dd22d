//! One machine of a checked spec → Rust items.
//!
//! What is generated, for a machine type `Order` (names follow the type's name):
//! `OrderState`, `OrderEvent`, `OrderEventKind`, `OrderRole`, `OrderGuard`, `OrderAction`,
//! the `OrderHooks` trait, the typestate module `order_states` with `OrderTypestate`, and
//! `impl order_fsm::Machine for Order` holding the static metadata and dispatch tables.
//! Private items live in one `const _: () = { … };` block; every path is absolute.

use std::collections::BTreeSet;

use order_fsm_core::interp::Interpreter;
use order_fsm_core::model::{EventIx, Machine, RoleIx, Spec, StateIx};
use order_fsm_core::source::SourceFile;
use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use crate::names::{camel, dedup, ident, snake, snake_string};
use crate::{located, Options, Visibility};

mod api;
mod dispatch;
mod hooks;
mod metadata;
mod types;
mod typestate;

pub use metadata::pack_metadata;

/// The largest number of candidate lines, or distinct guards, for one state and event (and
/// of timeouts for one state): the dispatch keeps one bit per candidate.
pub const MAX_CANDIDATES: usize = order_fsm_core::checks::MAX_CANDIDATES;

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
    store_hooks: Ident,
    typestate: Ident,
    module: Ident,
    /// The data parameter of typestate types, `__D`.
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
    Ok(generator(spec, m, o)?.all())
}

/// An `impl` of the machine's hooks trait for a type `hooks`, every method with its exact
/// signature, its doc line and a `todo!()` body, ready to paste: of the store variant
/// (`OrderStoreHooks`, for orders keyed by `key`) when `store`, else of the in-memory one.
pub fn hooks_skeleton(
    spec: &Spec,
    m: &Machine,
    o: &Options<'_>,
    hooks: &str,
    store: bool,
    key: &str,
) -> Result<TokenStream, Vec<String>> {
    let key: syn::Type = syn::parse_str(key)
        .map_err(|_| vec![format!("`{key}` is not a Rust type for the order key")])?;
    Ok(split_docs(generator(spec, m, o)?.skeleton(
        &ident(hooks),
        store,
        &key,
    )))
}

fn generator<'a>(spec: &Spec, m: &'a Machine, o: &'a Options<'a>) -> Result<Gen<'a>, Vec<String>> {
    let _ = spec;
    let mut errors = Vec::new();
    if m.states.is_empty() {
        errors.push(format!("machine `{}` has no states", m.id.text));
    }
    let ty = ident(o.type_name.as_deref().unwrap_or(&m.id.text));
    let tys = ty.to_string();
    let tys = tys.trim_start_matches("r#");
    // Spec names start with a letter: a generic parameter starting with `__` is never one.
    let data = "__D";
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
        store_hooks: format_ident!("{}StoreHooks", tys),
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
                    ty: located_at(ty, o.type_span),
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
    Ok(g)
}

/// The type with every token reported at `at` (keeping the call site's name resolution), so
/// that rustc's "cannot find type" for a payload type points at the spec it comes from.
fn located_at(ty: syn::Type, at: Option<proc_macro2::Span>) -> syn::Type {
    fn respan(ts: TokenStream, at: proc_macro2::Span) -> TokenStream {
        use proc_macro2::{Group, TokenTree};
        ts.into_iter()
            .map(|mut tt| {
                if let TokenTree::Group(g) = &tt {
                    let mut ng = Group::new(g.delimiter(), respan(g.stream(), at));
                    ng.set_span(g.span().located_at(at));
                    tt = TokenTree::Group(ng);
                } else {
                    tt.set_span(tt.span().located_at(at));
                }
                tt
            })
            .collect()
    }
    let Some(at) = at else {
        return ty;
    };
    let tokens = respan(quote!(#ty), at);
    syn::parse2(tokens.clone()).unwrap_or(ty)
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

/// The 1-based line of a byte offset of the spec; 0 without the source.
fn line_of(source: Option<&SourceFile>, offset: usize) -> u32 {
    source.map_or(0, |s| u32::try_from(s.line_col(offset).line).unwrap_or(0))
}

fn lit_usize(v: usize) -> Literal {
    Literal::usize_unsuffixed(v)
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
    /// The dispatch keeps one bit per candidate. `check` reports E0022 for non-final states,
    /// but the derive still expands a spec whose only errors leave the model consistent
    /// (lines out of a final state among them, see `EXPAND_DESPITE`), and `expand` is a public
    /// function: this is the last guard before code that would overflow those bits.
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

    fn all(&self) -> TokenStream {
        let include = self.o.include.as_deref().map(crate::include_tokens);
        // Multi-line docs become one `#[doc]` per line (as `///` gives) only where they
        // occur: walking the whole output would double the expansion time.
        let state_enum = split_docs(self.state_enum());
        let event_enums = split_docs(self.event_enums());
        let role_enum = split_docs(self.role_enum());
        let hook_enums = split_docs(self.hook_enums());
        let hooks_trait = split_docs(self.hooks_trait());
        let store_hooks = split_docs(self.store_hooks());
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
            #store_hooks
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
}
