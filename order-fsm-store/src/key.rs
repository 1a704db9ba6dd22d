//! Order ids: a key type chosen by the user, and an optional tenant.

use std::fmt;

use order_fsm_sql::KeyType;

use crate::db::Value;

/// A type that can be an order id. Implemented for `i64` (BIGINT), `String` (TEXT) and,
/// with the `uuid` feature, `uuid::Uuid` (UUID on PostgreSQL, TEXT on SQLite); implement it
/// for a newtype of one of those to keep ids apart in your code.
pub trait OrderKey: Clone + fmt::Debug + Send + Sync + 'static {
    /// The SQL type of the id column.
    const KEY_TYPE: KeyType;
    /// As a parameter (UUIDs as text: the store casts them on PostgreSQL).
    fn to_value(&self) -> Value;
    /// Back from a column (UUIDs are read as text).
    fn from_value(v: &Value) -> Option<Self>;
}

impl OrderKey for i64 {
    const KEY_TYPE: KeyType = KeyType::BigInt;
    fn to_value(&self) -> Value {
        Value::Int(*self)
    }
    fn from_value(v: &Value) -> Option<Self> {
        v.as_i64()
    }
}

impl OrderKey for String {
    const KEY_TYPE: KeyType = KeyType::Text;
    fn to_value(&self) -> Value {
        Value::Text(self.clone())
    }
    fn from_value(v: &Value) -> Option<Self> {
        v.as_str().map(str::to_string)
    }
}

#[cfg(feature = "uuid")]
impl OrderKey for uuid::Uuid {
    const KEY_TYPE: KeyType = KeyType::Uuid;
    fn to_value(&self) -> Value {
        Value::Text(self.hyphenated().to_string())
    }
    fn from_value(v: &Value) -> Option<Self> {
        v.as_str().and_then(|s| uuid::Uuid::parse_str(s).ok())
    }
}

/// One order: its id, and its tenant when the store keeps tenants apart.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Id<K> {
    pub tenant: Option<String>,
    pub key: K,
}

impl<K> Id<K> {
    /// An order of a store without tenants.
    pub fn new(key: K) -> Self {
        Id { tenant: None, key }
    }
    /// An order of this tenant.
    pub fn of_tenant(tenant: impl Into<String>, key: K) -> Self {
        Id {
            tenant: Some(tenant.into()),
            key,
        }
    }
}

impl<K> From<K> for Id<K> {
    fn from(key: K) -> Self {
        Id::new(key)
    }
}

impl<K: fmt::Debug> fmt::Display for Id<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.tenant {
            Some(t) => write!(f, "{t}/{:?}", self.key),
            None => write!(f, "{:?}", self.key),
        }
    }
}
