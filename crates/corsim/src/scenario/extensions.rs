//! Extension fields: keys that start with `x-` carry a tool's own data
//! (`"x-case-id": "acao-001"`). corsim ignores them and writes them back as
//! they were; any other unknown key is still an error, so a typo is caught
//! (contract additions §1).

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

/// The `x-` fields of an object, in the order written.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Extensions(pub Vec<(String, serde_json::Value)>);

impl Extensions {
    /// Whether there are none.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The value of extension `key` (with its `x-`), if present.
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&serde_json::Value> {
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

/// Reads the keys an object's own fields did not take: each must start with
/// `x-`, or it is `serde`'s "unknown field" error listing `fields`.
pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
    d: D,
    fields: &'static [&'static str],
) -> Result<Extensions, D::Error> {
    struct V(&'static [&'static str]);
    impl<'de> Visitor<'de> for V {
        type Value = Extensions;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("`x-` extension fields")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Extensions, A::Error> {
            let mut out = Vec::new();
            while let Some(key) = map.next_key::<String>()? {
                if !key.starts_with("x-") {
                    return Err(de::Error::unknown_field(&key, self.0));
                }
                out.push((key, map.next_value()?));
            }
            Ok(Extensions(out))
        }
    }
    d.deserialize_map(V(fields))
}

/// Declares, per object of the format, the function `serde` calls for its
/// extension fields, with the object's own field names for the error.
macro_rules! extension_readers {
    ($($name:ident: [$($field:literal),*];)*) => {$(
        pub(crate) fn $name<'de, D: Deserializer<'de>>(d: D) -> Result<Extensions, D::Error> {
            deserialize(d, &[$($field),*])
        }
    )*};
}

extension_readers! {
    scenario: ["page", "requests", "server"];
    request: ["api", "url", "method", "headers", "credentials", "mode", "redirect", "body",
              "upload_listener", "at"];
    body: ["kind", "type"];
    response: ["status", "headers"];
    server_entry: ["unreachable", "preflight", "actual"];
}

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
