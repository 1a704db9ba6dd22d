//! What stands in for the generated items when a spec cannot be expanded at all (the file is
//! missing, it does not parse, the machine is not named …), so that one mistake gives one
//! error.
//!
//! Empty stand-in types would resolve their names but not their variants or hook methods,
//! and every use in the user's crate would add an error of its own. Instead the
//! `compile_error!` goes inside a hidden module, and every name the derive would generate is
//! imported from that module. The module holds none of them, but rustc does not report
//! imports from a module whose expansion failed, and uses of a name whose import failed are
//! not reported either: the spec's error is the only one.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use crate::names::snake_string;

/// The `compile_error!` (`error`) wrapped as described above, for the machine type `ident`.
pub fn stubs(ident: &Ident, vis: &syn::Visibility, error: TokenStream) -> TokenStream {
    let name = ident.to_string();
    let name = name.trim_start_matches("r#");
    let generated = [
        format_ident!("{}State", name),
        format_ident!("{}Event", name),
        format_ident!("{}EventKind", name),
        format_ident!("{}Role", name),
        format_ident!("{}Guard", name),
        format_ident!("{}Action", name),
        format_ident!("{}Hooks", name),
        format_ident!("{}StoreHooks", name),
        format_ident!("{}Typestate", name),
        format_ident!("{}_states", snake_string(name)),
    ];
    let module = format_ident!("__order_fsm_unavailable_{}", name);
    // A bare path (not `self::…`) so that it also resolves for a type declared in a block.
    quote! {
        #[doc(hidden)]
        #[allow(non_snake_case)]
        mod #module {
            #error
        }
        #[allow(unused_imports)]
        #vis use #module::{#(#generated),*};
    }
}
