//! The typestate API: one type per state, one method per line.

use order_fsm_core::model::{EventIx, StateIx};
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::{doc_lines, split_docs, Gen, Names};

impl Gen<'_> {
    /// Possible targets of `event` in `state` for a trusted caller, in the order tried, up to
    /// and including the first unguarded line; and whether hooks are needed.
    pub(super) fn typestate_targets(&self, s: StateIx, e: EventIx) -> (Vec<StateIx>, bool) {
        let m = self.m;
        let mut targets = Vec::new();
        let mut needs_hooks = false;
        for &c in self.interp.candidates(s, e) {
            let t = m.transition(c);
            if t.guard.is_some() || !t.actions.is_empty() {
                needs_hooks = true;
            }
            let to = t.target_from(s);
            if !targets.contains(&to) {
                targets.push(to);
            }
            if t.guard.is_none() {
                break;
            }
        }
        (targets, needs_hooks)
    }

    pub(super) fn typestate(&self) -> TokenStream {
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
        let outcome = self.outcome_module();
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
        let aliases = self.payload_aliases();
        quote! {
            #aliases
            #mod_doc
            #[allow(non_camel_case_types, clippy::upper_case_acronyms, clippy::self_named_constructors)]
            #vis mod #module {
                #[allow(unused_imports)]
                use super::*;
                #(#structs)*
                #impls
                /// Enums of the possible targets of events that can lead to several states.
                pub mod #outcome {
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

    /// The name of a payload type inside the typestate module, where the state types would
    /// shadow a type of the same name (state `String`, payload `String`): such a type is
    /// named through a hidden alias in the machine's module, any other as written.
    fn payload_type_in_module(&self, e: usize, fi: usize) -> TokenStream {
        let Some(f) = self.payload.get(e).and_then(|p| p.get(fi)) else {
            return quote!(());
        };
        if self.payload_shadowed(&f.ty) {
            let alias = self.payload_alias(e, fi);
            quote!(super::#alias)
        } else {
            let ty = &f.ty;
            quote!(#ty)
        }
    }

    fn payload_alias(&self, e: usize, fi: usize) -> Ident {
        format_ident!(
            "__{}Payload{}_{}",
            self.n.ty.to_string().trim_start_matches("r#"),
            e,
            fi
        )
    }

    /// Whether a name in the type is one the typestate module defines itself.
    fn payload_shadowed(&self, ty: &syn::Type) -> bool {
        fn idents(ts: TokenStream, out: &mut Vec<String>) {
            for tt in ts {
                match tt {
                    proc_macro2::TokenTree::Ident(i) => out.push(i.to_string()),
                    proc_macro2::TokenTree::Group(g) => idents(g.stream(), out),
                    _ => {}
                }
            }
        }
        let mut names = Vec::new();
        idents(quote!(#ty), &mut names);
        let outcome = self.outcome_module().to_string();
        names
            .iter()
            .any(|n| *n == outcome || self.states.iter().any(|s| *s == n))
    }

    /// Hidden aliases, in the machine's module, for the payload types that the typestate
    /// module would shadow.
    pub(super) fn payload_aliases(&self) -> TokenStream {
        let vis = &self.n.vis;
        let mut out = TokenStream::new();
        for (e, fields) in self.payload.iter().enumerate() {
            for (fi, f) in fields.iter().enumerate() {
                if self.payload_shadowed(&f.ty) {
                    let alias = self.payload_alias(e, fi);
                    let ty = &f.ty;
                    out.extend(quote! {
                        #[doc(hidden)]
                        #[allow(non_camel_case_types)]
                        #vis type #alias = #ty;
                    });
                }
            }
        }
        out
    }

    /// The module of the outcome enums: `outcome`, or `__outcome` when a state has that name.
    pub(super) fn outcome_module(&self) -> Ident {
        if self.m.states.iter().any(|s| s.id.text == "outcome") {
            format_ident!("__outcome")
        } else {
            format_ident!("outcome")
        }
    }

    pub(super) fn outcome_name(&self, s: StateIx, e: EventIx) -> Ident {
        format_ident!(
            "{}{}",
            self.states[s.index()].to_string().trim_start_matches("r#"),
            self.events[e.index()].to_string().trim_start_matches("r#")
        )
    }

    pub(super) fn outcome_enums(&self) -> Vec<TokenStream> {
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

    pub(super) fn typestate_impls(&self) -> TokenStream {
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
        let outcome = &self.outcome_module();
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
                let params = fields.iter().enumerate().map(|(fi, f)| {
                    let name = &f.name;
                    let ty = self.payload_type_in_module(e, fi);
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
                    let ret = quote!(#module::#outcome::#name<#data>);
                    let mut arms = Vec::new();
                    let last = targets.len() - 1;
                    for (k, &t) in targets.iter().enumerate() {
                        let tv = &self.states[t.index()];
                        let w = wrap(t);
                        if k == last {
                            arms.push(quote!(_ => #module::#outcome::#name::#tv(#w)));
                        } else {
                            let sp = state_path(t);
                            arms.push(quote!(#sp => #module::#outcome::#name::#tv(#w)));
                        }
                    }
                    (ret, quote!(match __t.to { #(#arms,)* }))
                } else {
                    let t = targets.first().copied().unwrap_or(six);
                    let tv = &self.states[t.index()];
                    let w = wrap(t);
                    (quote!(#module::#tv<#data>), quote!({ let _ = __t; #w }))
                };
                let sp = state_path(six);
                if needs_hooks {
                    let doc2 = " Asks the guards and runs the actions through `__hooks`; when refused, gives this value back with the reason.";
                    Some(quote! {
                        #[doc = #doc]
                        #[doc = ""]
                        #[doc = #doc2]
                        pub fn #method<__H: #hooks + ?::core::marker::Sized>(self, #(#params,)* __hooks: &mut __H)
                            -> ::core::result::Result<#ret, ::order_fsm::Refused<Self, #ty, __H::Error>>
                        {
                            let __event = #make_event;
                            match #sp.fire_as(&__event, ::core::option::Option::None, __hooks) {
                                ::core::result::Result::Ok(__t) => ::core::result::Result::Ok(#body),
                                ::core::result::Result::Err(__error) => ::core::result::Result::Err(::order_fsm::Refused { state: self, error: __error }),
                            }
                        }
                    })
                } else {
                    let t = targets.first().copied().unwrap_or(six);
                    let w = wrap(t);
                    Some(quote! {
                        #[doc = #doc]
                        pub fn #method(self, #(#params),*) -> #ret {
                            let __event = #make_event;
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
