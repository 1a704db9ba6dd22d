//! Values a database would store changed, or not at all, refused before anything is written
//! and the same on every backend: a NaN or an infinity in a payload (JSON has no such number:
//! it would be stored as `null`), a NUL character (PostgreSQL's `text` and `jsonb` cannot hold
//! one; SQLite can, so a spec run on both would behave differently), and an idempotency key
//! longer than [`MAX_KEY_BYTES`](crate::MAX_KEY_BYTES).

use order_fsm::msg::{self, t, Text};

use crate::MAX_KEY_BYTES;

/// What is wrong with an idempotency key, if anything.
pub(crate) fn key_problem(key: &str) -> Option<Text> {
    if key.len() > MAX_KEY_BYTES {
        return Some(t!(
            msg::STORE_INVALID_KEY_LENGTH,
            bytes = key.len().to_string(),
            max = MAX_KEY_BYTES.to_string()
        ));
    }
    text_problem(key, t!(msg::STORE_WHAT_KEY))
}

/// A NUL character in `text`, named `what`.
pub(crate) fn text_problem(text: &str, what: Text) -> Option<Text> {
    text.contains('\0')
        .then(|| t!(msg::STORE_INVALID_NUL, what = what))
}

/// The first value of a payload that JSON or the database would change.
#[cfg(feature = "serde")]
pub(crate) fn payload_problem<T: serde::Serialize + ?Sized>(value: &T) -> Option<Text> {
    let mut walk = Walk {
        path: String::new(),
    };
    match value.serialize(&mut walk) {
        Err(Stop::Found(text)) => Some(text),
        Ok(()) | Err(Stop::Other) => None,
    }
}

/// Why the walk stopped: a value found, or the value's own serializer failed (then the
/// payload is stored as the serializer leaves it, as before).
#[cfg(feature = "serde")]
#[derive(Debug)]
enum Stop {
    Found(Text),
    Other,
}

#[cfg(feature = "serde")]
impl std::fmt::Display for Stop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("stop")
    }
}

#[cfg(feature = "serde")]
impl std::error::Error for Stop {}

#[cfg(feature = "serde")]
impl serde::ser::Error for Stop {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Stop::Other
    }
}

/// A serializer that writes nothing: it walks the value, keeping the path, and stops at the
/// first number JSON cannot hold or string with a NUL.
#[cfg(feature = "serde")]
struct Walk {
    path: String,
}

#[cfg(feature = "serde")]
impl Walk {
    fn here(&self) -> String {
        if self.path.is_empty() {
            ".".to_owned()
        } else {
            self.path.trim_start_matches('.').to_owned()
        }
    }
    fn float(&self, v: f64) -> Result<(), Stop> {
        if v.is_finite() {
            return Ok(());
        }
        Err(Stop::Found(t!(
            msg::STORE_INVALID_NUMBER,
            value = v.to_string(),
            path = self.here()
        )))
    }
    fn str(&self, v: &str) -> Result<(), Stop> {
        match text_problem(v, t!(msg::STORE_WHAT_PAYLOAD, path = self.here())) {
            Some(text) => Err(Stop::Found(text)),
            None => Ok(()),
        }
    }
    /// Walk `value` one step further down the path.
    fn inside<T: serde::Serialize + ?Sized>(&mut self, step: &str, value: &T) -> Result<(), Stop> {
        let len = self.path.len();
        self.path.push_str(step);
        let r = value.serialize(&mut *self);
        self.path.truncate(len);
        r
    }
}

#[cfg(feature = "serde")]
macro_rules! fine {
    ($($name:ident: $ty:ty),*) => {$(
        fn $name(self, _: $ty) -> Result<(), Stop> {
            Ok(())
        }
    )*};
}

#[cfg(feature = "serde")]
impl<'a> serde::Serializer for &'a mut Walk {
    type Ok = ();
    type Error = Stop;
    type SerializeSeq = Items<'a>;
    type SerializeTuple = Items<'a>;
    type SerializeTupleStruct = Items<'a>;
    type SerializeTupleVariant = Items<'a>;
    type SerializeMap = Items<'a>;
    type SerializeStruct = Items<'a>;
    type SerializeStructVariant = Items<'a>;

    fine!(serialize_bool: bool, serialize_i8: i8, serialize_i16: i16, serialize_i32: i32,
        serialize_i64: i64, serialize_i128: i128, serialize_u8: u8, serialize_u16: u16,
        serialize_u32: u32, serialize_u64: u64, serialize_u128: u128, serialize_bytes: &[u8]);

    fn serialize_f32(self, v: f32) -> Result<(), Stop> {
        self.float(v as f64)
    }
    fn serialize_f64(self, v: f64) -> Result<(), Stop> {
        self.float(v)
    }
    fn serialize_char(self, v: char) -> Result<(), Stop> {
        self.str(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result<(), Stop> {
        self.str(v)
    }
    fn serialize_none(self) -> Result<(), Stop> {
        Ok(())
    }
    fn serialize_some<T: serde::Serialize + ?Sized>(self, v: &T) -> Result<(), Stop> {
        v.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Stop> {
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Stop> {
        Ok(())
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, _: &'static str) -> Result<(), Stop> {
        Ok(())
    }
    fn serialize_newtype_struct<T: serde::Serialize + ?Sized>(
        self,
        _: &'static str,
        v: &T,
    ) -> Result<(), Stop> {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: serde::Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        v: &T,
    ) -> Result<(), Stop> {
        self.inside(&format!(".{variant}"), v)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Items<'a>, Stop> {
        Ok(Items::new(self, None))
    }
    fn serialize_tuple(self, _: usize) -> Result<Items<'a>, Stop> {
        Ok(Items::new(self, None))
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Items<'a>, Stop> {
        Ok(Items::new(self, None))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Items<'a>, Stop> {
        Ok(Items::new(self, Some(variant)))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Items<'a>, Stop> {
        Ok(Items::new(self, None))
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Items<'a>, Stop> {
        Ok(Items::new(self, None))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Items<'a>, Stop> {
        Ok(Items::new(self, Some(variant)))
    }
}

/// The elements of a sequence, tuple, map or struct, each walked at its place in the path.
#[cfg(feature = "serde")]
struct Items<'a> {
    walk: &'a mut Walk,
    /// The path's length before this value's variant was added to it.
    outer: usize,
    next: usize,
}

#[cfg(feature = "serde")]
impl<'a> Items<'a> {
    fn new(walk: &'a mut Walk, variant: Option<&str>) -> Self {
        let outer = walk.path.len();
        if let Some(v) = variant {
            walk.path.push('.');
            walk.path.push_str(v);
        }
        Items {
            walk,
            outer,
            next: 0,
        }
    }
    fn item<T: serde::Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Stop> {
        let step = format!("[{}]", self.next);
        self.next += 1;
        self.walk.inside(&step, v)
    }
    fn end(self) -> Result<(), Stop> {
        self.walk.path.truncate(self.outer);
        Ok(())
    }
}

#[cfg(feature = "serde")]
macro_rules! items {
    ($($tr:ident :: $method:ident),*) => {$(
        impl serde::ser::$tr for Items<'_> {
            type Ok = ();
            type Error = Stop;
            fn $method<T: serde::Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Stop> {
                self.item(v)
            }
            fn end(self) -> Result<(), Stop> {
                Items::end(self)
            }
        }
    )*};
}

#[cfg(feature = "serde")]
items!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

#[cfg(feature = "serde")]
impl serde::ser::SerializeMap for Items<'_> {
    type Ok = ();
    type Error = Stop;
    fn serialize_key<T: serde::Serialize + ?Sized>(&mut self, k: &T) -> Result<(), Stop> {
        // A key with a NUL is as unstorable as a value with one.
        let step = format!("[{}]", self.next);
        self.walk.inside(&step, k)
    }
    fn serialize_value<T: serde::Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Stop> {
        self.item(v)
    }
    fn end(self) -> Result<(), Stop> {
        Items::end(self)
    }
}

#[cfg(feature = "serde")]
macro_rules! fields {
    ($($tr:ident),*) => {$(
        impl serde::ser::$tr for Items<'_> {
            type Ok = ();
            type Error = Stop;
            fn serialize_field<T: serde::Serialize + ?Sized>(
                &mut self,
                name: &'static str,
                v: &T,
            ) -> Result<(), Stop> {
                self.walk.inside(&format!(".{name}"), v)
            }
            fn end(self) -> Result<(), Stop> {
                Items::end(self)
            }
        }
    )*};
}

#[cfg(feature = "serde")]
fields!(SerializeStruct, SerializeStructVariant);

#[cfg(all(test, feature = "serde"))]
mod tests {
    use super::*;
    use order_fsm::msg::Lang;

    #[derive(serde::Serialize)]
    enum Event {
        Pay { cents: u64, rate: f64 },
        Note(String),
        Tags(Vec<(String, f32)>),
    }

    fn said<T: serde::Serialize>(v: &T) -> Option<String> {
        payload_problem(v).map(|t| t.render(Lang::En))
    }

    #[test]
    fn finite_numbers_and_plain_text_pass() {
        assert_eq!(
            said(&Event::Pay {
                cents: 1,
                rate: 0.5
            }),
            None
        );
        assert_eq!(said(&Event::Note("中文".into())), None);
    }

    #[test]
    fn a_nan_or_an_infinity_is_named_with_its_path() {
        let s = said(&Event::Pay {
            cents: 1,
            rate: f64::NAN,
        })
        .expect("a NaN is refused");
        assert!(s.contains("NaN") && s.contains("`Pay.rate`"), "{s}");
        let s = said(&Event::Tags(vec![
            ("a".into(), 1.0),
            ("b".into(), f32::INFINITY),
        ]))
        .expect("an infinity is refused");
        assert!(s.contains("inf") && s.contains("`Tags[1][1]`"), "{s}");
    }

    #[test]
    fn a_nul_character_is_refused_in_values_and_keys() {
        let s = said(&Event::Note("a\0b".into())).expect("NUL refused");
        assert!(s.contains("NUL") && s.contains("`Note`"), "{s}");
        let mut m = std::collections::BTreeMap::new();
        m.insert("k\0".to_string(), 1);
        assert!(said(&m).is_some());
        assert!(key_problem("k\0").is_some());
        assert!(key_problem(&"x".repeat(MAX_KEY_BYTES)).is_none());
        assert!(key_problem(&"x".repeat(MAX_KEY_BYTES + 1)).is_some());
    }
}
