//! The private block and the static metadata (`MachineInfo`).

use order_fsm_core::model::{Code, Trigger};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{lit_usize, opt_str, split_docs, Gen};

impl Gen<'_> {
    pub(super) fn private_block(&self) -> TokenStream {
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

    pub(super) fn info_static(&self) -> TokenStream {
        let m = self.m;
        let id = &m.id.text;
        let label = m.label.as_ref().map_or(&m.id.text, |l| &l.text);
        let doc = opt_str(m.doc.as_deref());
        let file = &self.o.file;
        // Fields at their default are left to `..__S` / `..__T`: a large machine's metadata
        // is mostly defaults, and every written field is one more expression for rustc.
        let states = m.states.iter().map(|s| {
            let id = &s.id.text;
            let label = s.label.as_ref().map_or(&s.id.text, |l| &l.text);
            let mut fields = quote!(id: #id, label: #label,);
            if let Some(d) = s.doc.as_deref() {
                fields.extend(quote!(doc: ::core::option::Option::Some(#d),));
            }
            if s.initial {
                fields.extend(quote!(initial: true,));
            }
            if s.is_final {
                fields.extend(quote!(is_final: true,));
            }
            if !s.codes.is_empty() {
                let codes = s.codes.iter().map(code_tokens);
                fields.extend(quote!(codes: &[#(#codes),*],));
            }
            if !s.system_codes.is_empty() {
                let entries = s.system_codes.iter().map(|sc| {
                    let system = lit_usize(sc.system);
                    let codes = sc.codes.iter().map(code_tokens);
                    let shared = sc.shared;
                    quote!(::order_fsm::SystemCodesInfo { system: #system, codes: &[#(#codes),*], shared: #shared })
                });
                fields.extend(quote!(system_codes: &[#(#entries),*],));
            }
            quote!(::order_fsm::StateInfo { #fields ..__S })
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
            let target = match t.target {
                Some(to) => {
                    let to = lit_usize(to.index());
                    quote!(::core::option::Option::Some(#to))
                }
                None => quote!(::core::option::Option::None),
            };
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
            let line = Literal::u32_unsuffixed(self.line_of(t.span.start));
            let mut fields = quote!(sources: &[#(#sources),*], target: #target, trigger: #trigger, line: #line,);
            if from_any {
                fields.extend(quote!(from_any: true,));
            }
            let roles = m.allowed_roles(t);
            if !roles.is_empty() {
                let roles = roles.iter().map(|r| lit_usize(r.index()));
                fields.extend(quote!(roles: &[#(#roles),*],));
            }
            if let Some(g) = &t.guard {
                let i = lit_usize(g.guard.index());
                fields.extend(quote!(guard: ::core::option::Option::Some(#i),));
                if let Some(d) = m.guard_description(g) {
                    fields.extend(quote!(guard_description: ::core::option::Option::Some(#d),));
                }
            }
            if !t.actions.is_empty() {
                let actions = t.actions.iter().map(|a| lit_usize(a.index()));
                fields.extend(quote!(actions: &[#(#actions),*],));
            }
            if let Some(n) = &t.note {
                let n = &n.text;
                fields.extend(quote!(note: ::core::option::Option::Some(#n),));
            }
            if let Some(d) = t.doc.as_deref() {
                fields.extend(quote!(doc: ::core::option::Option::Some(#d),));
            }
            quote!(::order_fsm::TransitionInfo { #fields ..__T })
        });
        let notes = m.notes.iter().map(|n| &n.text.text);
        let code_systems = m.code_systems.iter().map(|c| {
            let id = &c.id.text;
            let label = c.label.as_ref().map_or(&c.id.text, |l| &l.text);
            let doc = opt_str(c.doc.as_deref());
            quote!(::order_fsm::CodeSystemInfo { id: #id, label: #label, doc: #doc })
        });
        let initial = lit_usize(m.initial.map_or(0, |s| s.index()));
        quote! {
            const __S: ::order_fsm::StateInfo = ::order_fsm::StateInfo {
                id: "", label: "", doc: ::core::option::Option::None, initial: false, is_final: false, codes: &[],
                system_codes: &[],
            };
            const __T: ::order_fsm::TransitionInfo = ::order_fsm::TransitionInfo {
                sources: &[], from_any: false, target: ::core::option::Option::None, trigger: ::order_fsm::TriggerInfo::Event(0),
                roles: &[], guard: ::core::option::Option::None, guard_description: ::core::option::Option::None,
                actions: &[], note: ::core::option::Option::None, doc: ::core::option::Option::None, line: 0,
            };
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
                code_systems: &[#(#code_systems),*],
            };
        }
    }
}

/// A status code as a `::order_fsm::Code` expression.
pub(super) fn code_tokens(c: &Code) -> TokenStream {
    match c {
        Code::Int(i) => {
            let l = Literal::i64_unsuffixed(*i);
            quote!(::order_fsm::Code::Int(#l))
        }
        Code::Str(s) => quote!(::order_fsm::Code::Str(#s)),
    }
}
