//! The name rules `check` reports (E0013, E0014): how a spec id is spelled as a Rust method
//! or type name, and the names the generated types already use. Code generation makes the
//! identifiers themselves (`order-fsm-codegen`'s `names`), with these same spellings.

/// Methods the generated typestate types and hooks carry themselves; an event or hook
/// method with one of these names would clash.
pub const RESERVED_METHODS: &[&str] = &[
    "new",
    "state",
    "data",
    "data_mut",
    "into_data",
    "into_dynamic",
    "from_dynamic",
    "label",
    "code",
    "clone",
    "fmt",
    "eq",
    "hash",
    "into",
    "from",
];

/// Methods the generated state type has (its own and those of the traits it implements); a
/// code system's methods (`to_legacy`, `from_legacy`, `legacy_codes`) must not take one.
pub const STATE_METHODS: &[&str] = &[
    "info",
    "doc",
    "is_final",
    "is_initial",
    "codes",
    "code",
    "code_str",
    "from_code",
    "from_code_str",
    "fire",
    "fire_as",
    "can_fire",
    "permitted_events",
    "timeouts",
    "elapse",
    "on_timeout",
    "id",
    "label",
    "index",
    "from_id",
    "from_str",
    "to_string",
    "to_owned",
    "clone",
    "clone_into",
    "fmt",
    "eq",
    "ne",
    "hash",
    "cmp",
    "partial_cmp",
    "serialize",
    "deserialize",
    "into",
    "from",
    "try_from",
    "try_into",
    "type_id",
    "borrow",
    "borrow_mut",
];

/// The methods of the state type for the code system `system`: state → code, code → state,
/// every code of a state.
pub fn system_methods(system: &str) -> [String; 3] {
    let s = snake_case(system);
    [format!("to_{s}"), format!("from_{s}"), format!("{s}_codes")]
}

/// `ConfirmReceipt` → `confirm_receipt`, `PayNow` → `pay_now`, `ship2` → `ship2`,
/// `HTTPCallback` → `http_callback`.
pub fn snake_case(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    let mut out = String::with_capacity(id.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() {
            let prev = if i > 0 {
                chars.get(i - 1).copied()
            } else {
                None
            };
            let next = chars.get(i + 1).copied();
            let boundary = match prev {
                Some(p) if p.is_ascii_lowercase() || p.is_ascii_digit() => true,
                Some(p) if p.is_ascii_uppercase() => next.is_some_and(|n| n.is_ascii_lowercase()),
                _ => false,
            };
            if boundary && !out.ends_with('_') {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// `buyer` → `Buyer`, `customer_service` → `CustomerService`.
pub fn camel_case(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    let mut upper = true;
    for c in id.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_case() {
        assert_eq!(snake_case("ConfirmReceipt"), "confirm_receipt");
        assert_eq!(snake_case("Pay"), "pay");
        assert_eq!(snake_case("HTTPCallback"), "http_callback");
        assert_eq!(snake_case("already_snake"), "already_snake");
        assert_eq!(snake_case("Ship2Buyer"), "ship2_buyer");
        assert_eq!(camel_case("customer_service"), "CustomerService");
        assert_eq!(camel_case("buyer"), "Buyer");
    }
}
