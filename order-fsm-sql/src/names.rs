//! Table and object names: snake case, PostgreSQL's 63-byte limit, quoting.

use crate::{Dialect, NameProblem, NameUse, SqlError};

/// PostgreSQL keeps at most this many bytes of an identifier (NAMEDATALEN - 1) and silently
/// cuts longer ones, which could make two of our names collide. We never hand it one.
pub const MAX_NAME_BYTES: usize = 63;

/// `Order` → `order`, `AfterSale` → `after_sale`, `HTTPCallback` → `http_callback`.
pub fn snake_case(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    let mut out = String::with_capacity(id.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        if c.is_uppercase() {
            let prev = i.checked_sub(1).map(|p| chars[p]);
            let next = chars.get(i + 1).copied();
            let boundary = match prev {
                None | Some('_') => false,
                Some(p) if p.is_lowercase() || p.is_ascii_digit() => true,
                Some(p) if p.is_uppercase() => next.is_some_and(|n| n.is_lowercase()),
                Some(_) => false,
            };
            if boundary {
                out.push('_');
            }
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// `name` itself when it fits in [`MAX_NAME_BYTES`]; otherwise its first bytes (cut at a
/// character boundary), `_` and 8 hex digits of a hash of the whole name, so that two long
/// names that share a beginning still differ.
pub fn fit(name: &str) -> String {
    if name.len() <= MAX_NAME_BYTES {
        return name.to_owned();
    }
    let digest = format!("{:08x}", fnv32(name.as_bytes()));
    let mut keep = MAX_NAME_BYTES - 1 - digest.len();
    while !name.is_char_boundary(keep) {
        keep -= 1;
    }
    format!("{}_{}", &name[..keep], digest)
}

/// A PostgreSQL advisory lock key for a text: 64-bit FNV-1a as a signed number. Stable, so
/// every service migrating the same schema takes the same lock.
pub fn lock_key(name: &str) -> i64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in name.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    i64::from_ne_bytes(h.to_ne_bytes())
}

fn fnv32(bytes: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in bytes {
        h ^= u32::from(*b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// Rejects names no database accepts: empty, or with a NUL character.
pub fn check(what: NameUse, name: &str) -> Result<(), SqlError> {
    if name.is_empty() {
        return Err(SqlError::BadName {
            what,
            name: name.to_owned(),
            reason: NameProblem::Empty,
        });
    }
    if name.contains('\0') {
        return Err(SqlError::BadName {
            what,
            name: name.to_owned(),
            reason: NameProblem::Nul,
        });
    }
    // The store's statements mark their parameters `@name`; a name is put into them first.
    if name.contains('@') {
        return Err(SqlError::BadName {
            what,
            name: name.to_owned(),
            reason: NameProblem::At,
        });
    }
    if name.len() > MAX_NAME_BYTES {
        return Err(SqlError::BadName {
            what,
            name: name.to_owned(),
            reason: NameProblem::TooLong,
        });
    }
    Ok(())
}

/// Rejects a table prefix that would spoil every table name. Empty is no prefix, and a long
/// one is fine: a table name past the limit is shortened.
pub fn check_prefix(prefix: &str) -> Result<(), SqlError> {
    let reason = if prefix.contains('\0') {
        NameProblem::Nul
    } else if prefix.contains('@') {
        NameProblem::At
    } else {
        return Ok(());
    };
    Err(SqlError::BadName {
        what: NameUse::Prefix,
        name: prefix.to_owned(),
        reason,
    })
}

/// `"name"`, with inner quotes doubled. Every identifier we write goes through here.
pub fn quote(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 2);
    out.push('"');
    for c in name.chars() {
        if c == '"' {
            out.push('"');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// A table (or function) name, qualified by the schema on PostgreSQL.
pub fn qualified(dialect: Dialect, schema: Option<&str>, name: &str) -> String {
    match (dialect, schema) {
        (Dialect::Postgres, Some(s)) => format!("{}.{}", quote(s), quote(name)),
        _ => quote(name),
    }
}

/// `'text'`, with inner quotes doubled: a SQL string literal.
pub fn literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_case_splits_words() {
        assert_eq!(snake_case("Order"), "order");
        assert_eq!(snake_case("AfterSale"), "after_sale");
        assert_eq!(snake_case("HTTPCallback"), "http_callback");
        assert_eq!(snake_case("Order2Pay"), "order2_pay");
        assert_eq!(snake_case("already_snake"), "already_snake");
    }

    #[test]
    fn long_names_are_cut_to_63_bytes_and_stay_distinct() {
        let a = format!("{}_orders", "x".repeat(70));
        let b = format!("{}_timers", "x".repeat(70));
        let (fa, fb) = (fit(&a), fit(&b));
        assert!(fa.len() <= MAX_NAME_BYTES && fb.len() <= MAX_NAME_BYTES);
        assert_ne!(fa, fb);
        assert_eq!(fit("order_orders"), "order_orders");
        // Multi-byte text is cut at a character boundary.
        let c = format!("{}_orders", "订单".repeat(20));
        let fc = fit(&c);
        assert!(fc.len() <= MAX_NAME_BYTES);
        assert!(fc.starts_with("订单"));
    }

    #[test]
    fn quoting_doubles_quotes() {
        assert_eq!(quote("order"), "\"order\"");
        assert_eq!(quote("a\"b"), "\"a\"\"b\"");
        assert_eq!(literal("it's"), "'it''s'");
    }
}
