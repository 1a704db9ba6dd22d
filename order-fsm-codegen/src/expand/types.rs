//! The state, event, role enums, and the impls every generated enum shares.

use order_fsm_pack::table::id_order;
use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

use super::{doc_attr, doc_lines, lit_usize, Field, Gen, Names};

impl Gen<'_> {
    pub(super) fn state_enum(&self) -> TokenStream {
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

    pub(super) fn event_enums(&self) -> TokenStream {
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

    pub(super) fn role_enum(&self) -> TokenStream {
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

    /// `Enumerated`, `Display`, `FromStr` and the small methods of every generated enum.
    pub(super) fn enum_impls(&self) -> TokenStream {
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

    pub(super) fn enumerated(
        &self,
        ty: &Ident,
        variants: &[Ident],
        id: TokenStream,
        label: TokenStream,
        what: &str,
    ) -> TokenStream {
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
        // The variants in the order of their ids, for a binary search: a single literal
        // instead of a table of (id, variant) pairs.
        let ids = (0..variants.len()).map(|i| {
            let id = match what {
                "state" => self.m.states.get(i).map(|x| &x.id.text),
                "event" => self.m.events.get(i).map(|x| &x.id.text),
                "role" => self.m.roles.get(i).map(|x| &x.id.text),
                "guard" => self.m.guards.get(i).map(|x| &x.id.text),
                _ => self.m.actions.get(i).map(|x| &x.id.text),
            };
            id.map_or("", |id| id.as_str())
        });
        let by_id = Literal::byte_string(&id_order(ids));
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
                    ::order_fsm::__private::by_id(id, #by_id)
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
                fn from_str(s: &str) -> ::core::result::Result<Self, ::order_fsm::ParseIdError> {
                    Self::from_id(s).ok_or_else(|| ::order_fsm::ParseIdError::new(#what, s))
                }
            }
        }
    }
}
