//! Rust identifiers for spec ids: the mapping of every spec name to a Rust name. The
//! spellings (`snake_case`, `CamelCase`) are core's name rules, the same ones `check` uses to
//! report clashes (E0013, E0014).

use order_fsm_core::names::{camel_case, snake_case};
use proc_macro2::{Ident, Span};

/// Every Rust keyword (strict, reserved and weak-but-problematic), 2024 edition.
pub const RUST_KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "union",
];

pub fn is_rust_keyword(name: &str) -> bool {
    RUST_KEYWORDS.contains(&name)
}

/// An identifier for `text`, never panicking: characters that cannot be in an identifier
/// become `_`, keywords become raw identifiers (`r#type`), and the few keywords that cannot
/// be raw get a trailing `_`.
pub fn ident(text: &str) -> Ident {
    let mut s: String = text
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if s.is_empty() || s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, '_');
    }
    if s == "_" {
        s.push('_');
    }
    if matches!(s.as_str(), "self" | "Self" | "super" | "crate") {
        s.push('_');
        return Ident::new(&s, Span::call_site());
    }
    if is_rust_keyword(&s) {
        return Ident::new_raw(&s, Span::call_site());
    }
    Ident::new(&s, Span::call_site())
}

/// `ConfirmReceipt` → `confirm_receipt`.
pub fn snake(text: &str) -> Ident {
    ident(&snake_case(text))
}

/// `buyer` → `Buyer`.
pub fn camel(text: &str) -> Ident {
    ident(&camel_case(text))
}

/// `Order` → `order`, `OrderFSM` → `order_fsm`.
pub fn snake_string(text: &str) -> String {
    snake_case(text)
}

/// Make every name in `names` unique by appending a number to later duplicates.
pub fn dedup(names: Vec<Ident>) -> Vec<Ident> {
    let mut seen = std::collections::HashSet::new();
    names
        .into_iter()
        .map(|n| {
            let base = n.to_string();
            if seen.insert(base.clone()) {
                return n;
            }
            let base = base.trim_start_matches("r#").to_string();
            let mut i = 2;
            loop {
                let cand = format!("{base}{i}");
                if seen.insert(cand.clone()) {
                    return ident(&cand);
                }
                i += 1;
            }
        })
        .collect()
}
