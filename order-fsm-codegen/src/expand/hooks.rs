//! The guard and action enums, the hooks trait and its impls.

use order_fsm_core::model::{Transition, Trigger};
use proc_macro2::TokenStream;
use quote::quote;

use super::{doc_lines, lit_usize, Gen, Names};

impl Gen<'_> {
    pub(super) fn hook_enums(&self) -> TokenStream {
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

    /// Where a guard or action is used, for its docs.
    pub(super) fn uses(&self, pred: impl Fn(&Transition) -> bool) -> String {
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
            match t.target {
                Some(to) => {
                    out.push_str(&format!("\n - `{from} -> {}` {trig}", m.state(to).id.text))
                }
                None => out.push_str(&format!("\n - `{from}` {trig}, keeping the state")),
            }
        }
        out
    }

    pub(super) fn hooks_trait(&self) -> TokenStream {
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
    pub(super) fn hooks_impls(&self) -> TokenStream {
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
}
