//! What a hook gets from the store with each call: the transaction and the order, and
//! statements of its own with named parameters and typed rows, the same text on SQLite and
//! PostgreSQL.

use crate::db::{DbError, DbErrorKind, Exec, Row, Value};
use crate::{Dialect, Id, OrderKey, StoreError};

/// What the store passes to each hook with the call: the transaction (or connection) it
/// works in, so a guard reads the order's rows and an in-transaction action writes yours,
/// inside the same transaction; and the order.
///
/// ```text
/// let due: Option<(i64,)> = x.query_one(
///     "SELECT amount_due FROM shop_orders WHERE order_id = :order", &[])?;
/// x.execute("UPDATE shop_stock SET reserved = reserved - :n WHERE sku = :sku",
///     &[("n", 1.into()), ("sku", "tea".into())])?;
/// ```
pub struct Call<'a, C: ?Sized, K> {
    pub(crate) tx: &'a mut C,
    pub(crate) order: &'a Id<K>,
}

impl<C: ?Sized, K> Call<'_, C, K> {
    /// The transaction the call runs in, for statements with the driver's own placeholders.
    pub fn tx(&mut self) -> &mut C {
        self.tx
    }
    /// The order.
    pub fn order(&self) -> &Id<K> {
        self.order
    }
    /// The transaction and the order at once.
    pub fn parts(&mut self) -> (&mut C, &Id<K>) {
        (self.tx, self.order)
    }
}

impl<C: Exec + ?Sized, K: OrderKey> Call<'_, C, K> {
    /// The rows of `sql`, run in the call's transaction, each read as `R` (a tuple of
    /// [`FromValue`] types). Parameters are named: `:order` is the order's key, `:tenant` its
    /// tenant, and `params` gives the others (`&[("sku", "tea".into())]`); the store writes
    /// them as each database numbers them.
    pub fn query<R: FromRow>(
        &mut self,
        sql: &str,
        params: &[(&str, Value)],
    ) -> Result<Vec<R>, StoreError> {
        let (text, values) = self.bind(sql, params)?;
        self.tx
            .query(&text, &values)?
            .iter()
            .map(|r| R::from_row(r))
            .collect()
    }

    /// The first row of `sql`, if any: [`Call::query`].
    pub fn query_one<R: FromRow>(
        &mut self,
        sql: &str,
        params: &[(&str, Value)],
    ) -> Result<Option<R>, StoreError> {
        Ok(self.query(sql, params)?.into_iter().next())
    }

    /// Run `sql` in the call's transaction, with named parameters as [`Call::query`]; the
    /// number of rows changed.
    pub fn execute(&mut self, sql: &str, params: &[(&str, Value)]) -> Result<u64, StoreError> {
        let (text, values) = self.bind(sql, params)?;
        Ok(self.tx.execute(&text, &values)?)
    }

    fn bind(
        &self,
        sql: &str,
        params: &[(&str, Value)],
    ) -> Result<(String, Vec<Value>), StoreError> {
        let dialect = self.tx.dialect();
        let mut names: Vec<&str> = Vec::new();
        let text = rewrite(sql, dialect, |name| {
            let known = name == "order"
                || name == "tenant"
                || params.iter().any(|(n, _)| n.trim_start_matches(':') == name);
            if !known {
                return None;
            }
            let at = match names.iter().position(|n| *n == name) {
                Some(i) => i,
                None => {
                    names.push(name);
                    names.len() - 1
                }
            };
            Some(at + 1)
        })
        .map_err(|name| {
            StoreError::Db(DbError::new(
                DbErrorKind::Other,
                format!("the statement names the parameter `:{name}`, which is neither `:order`, `:tenant` nor one given"),
            ))
        })?;
        let values = names
            .iter()
            .map(|&n| match n {
                "order" => self.order.key.to_value(),
                "tenant" => self.order.tenant.clone().map_or(Value::Null, Value::Text),
                _ => params
                    .iter()
                    .find(|(p, _)| p.trim_start_matches(':') == n)
                    .map_or(Value::Null, |(_, v)| v.clone()),
            })
            .collect();
        Ok((text, values))
    }
}

/// `sql` with each `:name` outside quotes replaced by the dialect's numbered placeholder
/// (`$1` on PostgreSQL, `?1` on SQLite) from `number`; `::` (a PostgreSQL cast) is left
/// alone. The name `number` does not know is the error.
fn rewrite<'s>(
    sql: &'s str,
    dialect: Dialect,
    mut number: impl FnMut(&'s str) -> Option<usize>,
) -> Result<String, &'s str> {
    let mut out = String::with_capacity(sql.len());
    let bytes = sql.as_bytes();
    let mut i = 0;
    let mut quote: Option<u8> = None;
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'\'' || b == b'"' => quote = Some(b),
            None if b == b':' => {
                let prev_colon = i > 0 && bytes[i - 1] == b':';
                let next = bytes.get(i + 1).copied();
                let starts = next.is_some_and(|c| c.is_ascii_alphabetic() || c == b'_');
                if !prev_colon && starts {
                    let end = bytes[i + 1..]
                        .iter()
                        .position(|c| !(c.is_ascii_alphanumeric() || *c == b'_'))
                        .map_or(bytes.len(), |p| i + 1 + p);
                    let name = &sql[i + 1..end];
                    let n = number(name).ok_or(name)?;
                    out.push(match dialect {
                        Dialect::Postgres => '$',
                        Dialect::Sqlite => '?',
                    });
                    out.push_str(&n.to_string());
                    i = end;
                    continue;
                }
            }
            None => {}
        }
        // Copy the whole character (names and quotes are ASCII; text may not be).
        let ch_len = sql[i..].chars().next().map_or(1, char::len_utf8);
        out.push_str(&sql[i..i + ch_len]);
        i += ch_len;
    }
    Ok(out)
}

/// A column value read into a Rust type.
pub trait FromValue: Sized {
    /// The value, or `None` if the column holds something else.
    fn from_value(v: &Value) -> Option<Self>;
    /// What the type is, for the error.
    const WHAT: &'static str;
}

impl FromValue for i64 {
    fn from_value(v: &Value) -> Option<Self> {
        match v {
            Value::Int(i) => Some(*i),
            _ => None,
        }
    }
    const WHAT: &'static str = "an integer";
}

impl FromValue for i32 {
    fn from_value(v: &Value) -> Option<Self> {
        <i64 as FromValue>::from_value(v).and_then(|i| i32::try_from(i).ok())
    }
    const WHAT: &'static str = "a 32-bit integer";
}

impl FromValue for u64 {
    fn from_value(v: &Value) -> Option<Self> {
        <i64 as FromValue>::from_value(v).and_then(|i| u64::try_from(i).ok())
    }
    const WHAT: &'static str = "an integer that is not negative";
}

impl FromValue for String {
    fn from_value(v: &Value) -> Option<Self> {
        v.as_str().map(str::to_owned)
    }
    const WHAT: &'static str = "text";
}

impl FromValue for bool {
    fn from_value(v: &Value) -> Option<Self> {
        v.as_bool()
    }
    const WHAT: &'static str = "a boolean";
}

impl<T: FromValue> FromValue for Option<T> {
    fn from_value(v: &Value) -> Option<Self> {
        match v {
            Value::Null => Some(None),
            v => T::from_value(v).map(Some),
        }
    }
    const WHAT: &'static str = T::WHAT;
}

/// A result row read into a tuple of [`FromValue`] types, column by column.
pub trait FromRow: Sized {
    fn from_row(row: &Row) -> Result<Self, StoreError>;
}

fn column<T: FromValue>(row: &Row, i: usize) -> Result<T, StoreError> {
    let v = row.get(i).ok_or_else(|| {
        StoreError::Db(DbError::new(
            DbErrorKind::Other,
            format!(
                "column {} was asked for, but the row has only {}",
                i + 1,
                row.len()
            ),
        ))
    })?;
    T::from_value(v).ok_or_else(|| {
        StoreError::Db(DbError::new(
            DbErrorKind::Other,
            format!("column {} holds {v:?}, not {}", i + 1, T::WHAT),
        ))
    })
}

macro_rules! tuples {
    ($(($($t:ident $i:tt),+))*) => {$(
        impl<$($t: FromValue),+> FromRow for ($($t,)+) {
            fn from_row(row: &Row) -> Result<Self, StoreError> {
                Ok(($(column::<$t>(row, $i)?,)+))
            }
        }
    )*};
}

tuples! {
    (A 0)
    (A 0, B 1)
    (A 0, B 1, C 2)
    (A 0, B 1, C 2, D 3)
    (A 0, B 1, C 2, D 3, E 4)
    (A 0, B 1, C 2, D 3, E 4, F 5)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbered(sql: &str, d: Dialect) -> Result<String, String> {
        let mut names: Vec<String> = Vec::new();
        rewrite(sql, d, |n| {
            if n == "nope" {
                return None;
            }
            Some(match names.iter().position(|x| x == n) {
                Some(i) => i + 1,
                None => {
                    names.push(n.to_owned());
                    names.len()
                }
            })
        })
        .map_err(str::to_owned)
    }

    #[test]
    fn names_become_the_dialects_numbers() {
        let sql = "SELECT a::text FROM t WHERE id = :order AND s = ':not' AND \"c:x\" = :sku OR id = :order";
        assert_eq!(
            numbered(sql, Dialect::Postgres).as_deref(),
            Ok("SELECT a::text FROM t WHERE id = $1 AND s = ':not' AND \"c:x\" = $2 OR id = $1")
        );
        assert_eq!(
            numbered("x = :order -- 中文 :sku", Dialect::Sqlite).as_deref(),
            Ok("x = ?1 -- 中文 ?2")
        );
        assert_eq!(
            numbered("x = :nope", Dialect::Sqlite),
            Err("nope".to_owned())
        );
    }

    #[test]
    fn rows_read_into_tuples_or_say_which_column_does_not_fit() {
        let row = vec![Value::Int(5), Value::Text("tea".into()), Value::Null];
        let (n, s, o): (i64, String, Option<i64>) = FromRow::from_row(&row).expect("fits");
        assert_eq!((n, s.as_str(), o), (5, "tea", None));
        let e = <(String,)>::from_row(&row).expect_err("an integer is not text");
        assert!(e.to_string().contains("column 1"), "{e}");
        let e = <(i64, i64)>::from_row(&vec![Value::Int(1)]).expect_err("too few columns");
        assert!(e.to_string().contains("has only 1"), "{e}");
    }
}
