//! The guard and action enums, the hooks trait and its impls.

use order_fsm_core::model::{Transition, Trigger};
use proc_macro2::{Ident, TokenStream};
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

    /// The doc of guard `i`'s hook method: its description and the lines it decides; and the
    /// spec's doc comment of the guard.
    fn guard_doc(&self, i: usize) -> (String, TokenStream) {
        let x = &self.m.guards[i];
        let mut d = match &x.description {
            Some(d) => format!(" Guard: {}", d.text),
            None => format!(" Guard `{}`.", x.id.text),
        };
        d.push_str("\n\n Decides:");
        d.push_str(&self.uses(|t| t.guard.as_ref().is_some_and(|u| u.guard.index() == i)));
        (d, doc_lines(x.doc.as_deref()))
    }

    /// The doc of action `i`'s hook method, as [`Gen::guard_doc`].
    fn action_doc(&self, i: usize) -> (String, TokenStream) {
        let x = &self.m.actions[i];
        let mut d = match &x.description {
            Some(d) => format!(" Action: {}", d.text),
            None => format!(" Action `{}`.", x.id.text),
        };
        d.push_str("\n\n Runs on:");
        d.push_str(&self.uses(|t| t.actions.iter().any(|a| a.index() == i)));
        (d, doc_lines(x.doc.as_deref()))
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
            " The guards and actions of the {} machine, for you to implement.\n\n Every method must be written: a guard or an action that is not implemented is a compile error naming it. Guards answer yes or no and must not have side effects (each is asked at most once per attempt); actions run in order after the transition is decided, and the first that fails stops the rest and leaves the state unchanged.\n\n Hooks that only ever run for events get the event (with its payload) as a parameter; `ctx` tells the source and target states, the actor and the spec line.\n\n `order-fsm hooks SPEC` prints an `impl` of this trait with every method's signature, ready to fill in.",
            self.machine_title()
        );
        let guards = m.guards.iter().enumerate().map(|(i, _)| {
            let name = &self.guard_methods[i];
            let (d, doc) = self.guard_doc(i);
            if self.guard_on_timeout[i] {
                quote!(#[doc = #d] #doc fn #name(&self, ctx: &#ctx) -> bool;)
            } else {
                quote!(#[doc = #d] #doc fn #name(&self, event: &#event, ctx: &#ctx) -> bool;)
            }
        });
        let actions = m.actions.iter().enumerate().map(|(i, _)| {
            let name = &self.action_methods[i];
            let (d, doc) = self.action_doc(i);
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

    /// The store variant of the hooks trait (`OrderStoreHooks<X>`): the same methods, each
    /// given the store's `x` and free to fail, actions answering where they ran; and the
    /// dispatch from a guard or action to its method (`order_fsm::StoreDispatch`).
    pub(super) fn store_hooks(&self) -> TokenStream {
        let m = self.m;
        let Names {
            hooks,
            store_hooks,
            ty,
            event,
            guard,
            action,
            vis,
            ..
        } = &self.n;
        let ctx = quote!(::order_fsm::Context<'_, #ty>);
        let err = quote!(::order_fsm::HookError);
        let placement = quote!(::order_fsm::Placement);
        let head = format!(
            " The guards and actions of the {} machine as a store runs them: the methods of [`{hooks}`], each given `x`, what the store passes with the call (with `order-fsm-store`, its `Call`: the transaction and the order), and each free to fail.\n\n Every method must be written, none has a default: a guard or an action the spec gains is a compile error naming it until it is written. A guard answers yes or no inside the transaction; an error rolls the call back. An action either does its work inside the transaction and answers `Placement::InTransaction` (a failure rolls the transition back), or does nothing and answers `Placement::Outbox`: the store then delivers it after the commit, at least once, through its outbox.\n\n `order-fsm hooks SPEC --store` prints an `impl` of this trait with every method's signature, ready to fill in.",
            self.machine_title()
        );
        let guards = m.guards.iter().enumerate().map(|(i, _)| {
            let name = &self.guard_methods[i];
            let (d, doc) = self.guard_doc(i);
            if self.guard_on_timeout[i] {
                quote!(#[doc = #d] #doc fn #name(&mut self, x: &mut X, ctx: &#ctx) -> ::core::result::Result<bool, #err>;)
            } else {
                quote!(#[doc = #d] #doc fn #name(&mut self, x: &mut X, event: &#event, ctx: &#ctx) -> ::core::result::Result<bool, #err>;)
            }
        });
        let actions = m.actions.iter().enumerate().map(|(i, _)| {
            let name = &self.action_methods[i];
            let (d, doc) = self.action_doc(i);
            if self.action_on_timeout[i] {
                quote!(#[doc = #d] #doc fn #name(&mut self, x: &mut X, ctx: &#ctx) -> ::core::result::Result<#placement, #err>;)
            } else {
                quote!(#[doc = #d] #doc fn #name(&mut self, x: &mut X, event: &#event, ctx: &#ctx) -> ::core::result::Result<#placement, #err>;)
            }
        });
        let route_guards: Vec<_> = m
            .guards
            .iter()
            .enumerate()
            .map(|(i, _)| {
                let name = &self.guard_methods[i];
                let v = &self.guards[i];
                if self.guard_on_timeout[i] {
                    quote!(#guard::#v => hooks.#name(x, ctx))
                } else {
                    quote!(#guard::#v => match ctx.event {
                        ::core::option::Option::Some(e) => hooks.#name(x, e, ctx),
                        ::core::option::Option::None => ::core::result::Result::Ok(false),
                    })
                }
            })
            .collect();
        let route_actions: Vec<_> = m
            .actions
            .iter()
            .enumerate()
            .map(|(i, _)| {
                let name = &self.action_methods[i];
                let v = &self.actions[i];
                if self.action_on_timeout[i] {
                    quote!(#action::#v => hooks.#name(x, ctx))
                } else {
                    quote!(#action::#v => match ctx.event {
                        ::core::option::Option::Some(e) => hooks.#name(x, e, ctx),
                        ::core::option::Option::None => ::core::result::Result::Ok(#placement::InTransaction),
                    })
                }
            })
            .collect();
        let gen_guards = m.guards.iter().enumerate().map(|(i, _)| {
            let name = &self.guard_methods[i];
            let v = &self.guards[i];
            if self.guard_on_timeout[i] {
                quote!(fn #name(&mut self, x: &mut X, ctx: &#ctx) -> ::core::result::Result<bool, #err> { self.0.guard(x, #guard::#v, ctx) })
            } else {
                quote!(fn #name(&mut self, x: &mut X, _event: &#event, ctx: &#ctx) -> ::core::result::Result<bool, #err> { self.0.guard(x, #guard::#v, ctx) })
            }
        });
        let gen_actions = m.actions.iter().enumerate().map(|(i, _)| {
            let name = &self.action_methods[i];
            let v = &self.actions[i];
            if self.action_on_timeout[i] {
                quote!(fn #name(&mut self, x: &mut X, ctx: &#ctx) -> ::core::result::Result<#placement, #err> { self.0.action(x, #action::#v, ctx) })
            } else {
                quote!(fn #name(&mut self, x: &mut X, _event: &#event, ctx: &#ctx) -> ::core::result::Result<#placement, #err> { self.0.action(x, #action::#v, ctx) })
            }
        });
        let no_hooks = if m.guards.is_empty() && m.actions.is_empty() {
            quote! {
                impl<X: ?::core::marker::Sized> #store_hooks<X> for ::order_fsm::NoHooks {}
            }
        } else {
            quote!()
        };
        quote! {
            #no_hooks
            impl<X: ?::core::marker::Sized, T: ::order_fsm::GenericStoreHooks<#ty, X>> #store_hooks<X>
                for ::order_fsm::Generic<T>
            {
                #(#gen_guards)*
                #(#gen_actions)*
            }
            #[doc = #head]
            #vis trait #store_hooks<X: ?::core::marker::Sized> {
                #(#guards)*
                #(#actions)*
            }
            #[allow(unreachable_code, unreachable_patterns, unused_variables)]
            impl<X: ?::core::marker::Sized, H: #store_hooks<X> + ?::core::marker::Sized>
                ::order_fsm::StoreDispatch<X, H> for #ty
            {
                fn guard(
                    hooks: &mut H,
                    x: &mut X,
                    guard: #guard,
                    ctx: &#ctx,
                ) -> ::core::result::Result<bool, #err> {
                    match guard { #(#route_guards,)* }
                }
                fn action(
                    hooks: &mut H,
                    x: &mut X,
                    action: #action,
                    ctx: &#ctx,
                ) -> ::core::result::Result<#placement, #err> {
                    match action { #(#route_actions,)* }
                }
            }
        }
    }

    /// `impl OrderStoreHooks<…> for Hooks { … }` (or `impl OrderHooks for Hooks`), every
    /// method with its signature, its description and where it is used, and `todo!()`.
    pub(super) fn skeleton(&self, name: &Ident, store: bool, key: &syn::Type) -> TokenStream {
        let m = self.m;
        let Names {
            hooks,
            store_hooks,
            ty,
            event,
            ..
        } = &self.n;
        let ctx = quote!(order_fsm::Context<'_, #ty>);
        let call = quote!(order_fsm_store::Call<'_, C, #key>);
        let guards = m.guards.iter().enumerate().map(|(i, x)| {
            let method = &self.guard_methods[i];
            let (d, doc) = self.guard_doc(i);
            let todo = format!("answer `{}`", x.id.text);
            let on_event = !self.guard_on_timeout[i];
            match (store, on_event) {
                (true, true) => quote!(#[doc = #d] #doc fn #method(&mut self, x: &mut #call, event: &#event, ctx: &#ctx) -> Result<bool, order_fsm::HookError> { todo!(#todo) }),
                (true, false) => quote!(#[doc = #d] #doc fn #method(&mut self, x: &mut #call, ctx: &#ctx) -> Result<bool, order_fsm::HookError> { todo!(#todo) }),
                (false, true) => quote!(#[doc = #d] #doc fn #method(&self, event: &#event, ctx: &#ctx) -> bool { todo!(#todo) }),
                (false, false) => quote!(#[doc = #d] #doc fn #method(&self, ctx: &#ctx) -> bool { todo!(#todo) }),
            }
        });
        let actions = m.actions.iter().enumerate().map(|(i, x)| {
            let method = &self.action_methods[i];
            let (d, doc) = self.action_doc(i);
            let todo = if store {
                format!("run `{}` here and answer Placement::InTransaction, or answer Placement::Outbox", x.id.text)
            } else {
                format!("run `{}`", x.id.text)
            };
            let on_event = !self.action_on_timeout[i];
            match (store, on_event) {
                (true, true) => quote!(#[doc = #d] #doc fn #method(&mut self, x: &mut #call, event: &#event, ctx: &#ctx) -> Result<order_fsm::Placement, order_fsm::HookError> { todo!(#todo) }),
                (true, false) => quote!(#[doc = #d] #doc fn #method(&mut self, x: &mut #call, ctx: &#ctx) -> Result<order_fsm::Placement, order_fsm::HookError> { todo!(#todo) }),
                (false, true) => quote!(#[doc = #d] #doc fn #method(&mut self, event: &#event, ctx: &#ctx) -> Result<(), Self::Error> { todo!(#todo) }),
                (false, false) => quote!(#[doc = #d] #doc fn #method(&mut self, ctx: &#ctx) -> Result<(), Self::Error> { todo!(#todo) }),
            }
        });
        if store {
            quote! {
                impl<C: order_fsm_store::Exec + ?Sized> #store_hooks<#call> for #name {
                    #(#guards)*
                    #(#actions)*
                }
            }
        } else {
            quote! {
                impl #hooks for #name {
                    type Error = Box<dyn std::error::Error + Send + Sync>;
                    #(#guards)*
                    #(#actions)*
                }
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
