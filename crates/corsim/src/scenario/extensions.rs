//! Extension fields: keys that start with `x-` carry a tool's own data
//! (`"x-case-id": "acao-001"`). corsim ignores them and writes them back as
//! they were (with the `extension-values` feature, on by default); any
//! other unknown key is still an error, so a typo is caught (contract
//! additions §1).

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

/// The `x-` fields of an object, in the order written.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Extensions(pub Vec<(String, ExtensionValue)>);

/// The value of an extension field: any JSON value.
#[cfg(feature = "extension-values")]
pub type ExtensionValue = serde_json::Value;

/// The value of an extension field: without the `extension-values`
/// feature no value is kept, so there is none.
#[cfg(not(feature = "extension-values"))]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExtensionValue {}

#[cfg(not(feature = "extension-values"))]
impl Serialize for ExtensionValue {
    fn serialize<S: Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
        match *self {}
    }
}

impl Extensions {
    /// Whether there are none.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The value of extension `key` (with its `x-`), if present.
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&ExtensionValue> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }
}

impl Serialize for Extensions {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// An object key, borrowed from the input when it can be.
pub(crate) struct Key<'de>(pub(crate) std::borrow::Cow<'de, str>);

impl<'de> serde::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Owned(v)))
            }
        }
        d.deserialize_str(V)
    }
}

impl Extensions {
    /// Takes the value of `key`, a key no field of the object took: kept
    /// when it starts with `x-` (ignored without the `extension-values`
    /// feature), otherwise `serde`'s "unknown field" error listing `fields`.
    #[cfg_attr(not(feature = "extension-values"), allow(clippy::unused_self))]
    pub(crate) fn take<'de, A: MapAccess<'de>>(
        &mut self,
        key: &str,
        map: &mut A,
        fields: &'static [&'static str],
    ) -> Result<(), A::Error> {
        if !key.starts_with("x-") {
            return Err(de::Error::unknown_field(key, fields));
        }
        #[cfg(feature = "extension-values")]
        self.0.push((key.to_owned(), map.next_value()?));
        #[cfg(not(feature = "extension-values"))]
        map.next_value::<de::IgnoredAny>()?;
        Ok(())
    }
}

/// Implements `Deserialize` for an object of the format: each field by its
/// name (a second one is an error), `x-` fields into `extensions`, any
/// other key an error, then each missing field its default (`required`: an
/// error). Written out rather than derived because `serde`'s derive would
/// need `flatten` for the `x-` fields, which buffers every unknown key and
/// costs the WebAssembly builds kilobytes.
macro_rules! object {
    ($ty:ident { $($field:ident: $key:literal = $default:expr,)* }) => {
        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                const FIELDS: &[&str] = &[$($key),*];
                struct V;
                impl<'de> serde::de::Visitor<'de> for V {
                    type Value = $ty;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(concat!("struct ", stringify!($ty)))
                    }
                    fn visit_map<A: serde::de::MapAccess<'de>>(
                        self,
                        mut map: A,
                    ) -> Result<$ty, A::Error> {
                        $(let mut $field = None;)*
                        let mut extensions = Extensions::default();
                        while let Some(key) = map.next_key::<$crate::scenario::extensions::Key<'de>>()? {
                            match key.0.as_ref() {
                                $($key => {
                                    if $field.is_some() {
                                        return Err(serde::de::Error::duplicate_field($key));
                                    }
                                    $field = Some(map.next_value()?);
                                })*
                                other => extensions.take(other, &mut map, FIELDS)?,
                            }
                        }
                        Ok($ty {
                            $($field: match $field {
                                Some(value) => value,
                                None => $default,
                            },)*
                            extensions,
                        })
                    }
                }
                d.deserialize_struct(stringify!($ty), FIELDS, V)
            }
        }
    };
}
pub(crate) use object;

/// The error for a field that must be there.
macro_rules! required {
    ($key:literal) => {
        return Err(serde::de::Error::missing_field($key))
    };
}
pub(crate) use required;

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Extensions {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Extensions".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "object",
            "patternProperties": { "^x-": {} }
        })
    }
}
