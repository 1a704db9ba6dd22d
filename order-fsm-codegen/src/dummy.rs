//! Stub items emitted after a `compile_error!`, so that code using the machine's types still
//! resolves their names and one mistake in the spec does not cascade.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use crate::names::snake_string;

/// Empty versions of the generated types for the machine type `ident`.
pub fn stubs(ident: &Ident, vis: &syn::Visibility) -> TokenStream {
    let state = format_ident!("{}State", ident);
    let event = format_ident!("{}Event", ident);
    let kind = format_ident!("{}EventKind", ident);
    let role = format_ident!("{}Role", ident);
    let guard = format_ident!("{}Guard", ident);
    let action = format_ident!("{}Action", ident);
    let hooks = format_ident!("{}Hooks", ident);
    let typestate = format_ident!("{}Typestate", ident);
    let module = format_ident!("{}_states", snake_string(&ident.to_string()));
    quote! {
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[allow(dead_code)]
        #vis enum #state {}
        #[derive(Clone, Debug, PartialEq)]
        #[allow(dead_code)]
        #vis enum #event {}
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[allow(dead_code)]
        #vis enum #kind {}
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[allow(dead_code)]
        #vis enum #role {}
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[allow(dead_code)]
        #vis enum #guard {}
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[allow(dead_code)]
        #vis enum #action {}
        #[allow(dead_code)]
        #vis trait #hooks {}
        #[allow(dead_code)]
        #vis enum #typestate<D = ()> { #[doc(hidden)] __Never(::core::convert::Infallible, D) }
        #[allow(dead_code)]
        #vis mod #module {}
    }
}
