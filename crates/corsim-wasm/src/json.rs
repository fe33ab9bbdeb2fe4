//! The scenario reader: `serde_json`'s parser, with every value handed to the
//! scenario's visitors through `deserialize_any`.
//!
//! It reads exactly what `serde_json::from_str` reads and says what it says
//! (the tests compare the two), with three exceptions:
//! - an object or array where another type is expected (`"method": {}`) is
//!   reported where the visitor saw it, inside the brackets, not at the
//!   opening bracket;
//! - unit enums are read from strings only: serde's externally tagged form
//!   (`"mode": {"cors": null}`) is an error;
//! - an enum given a number, `true` or `null` gets `invalid type: null,
//!   expected enum RequestMode` where `serde_json` says `expected value`.
//!
//! Why not `serde_json::from_str`: `serde_json`'s typed entry points report
//! a value of the wrong type through its `invalid_type`, which prints serde's
//! `Unexpected` with an arm for floats that uses the standard library's `f64`
//! `Display` (Grisu and Dragon with their tables). No input reaches that arm,
//! because `serde_json` prints floats itself, but no optimizer can see that:
//! it cost the JavaScript API 9 KB of its 120 KB gzip budget. Here the
//! visitors report through [`Error`], whose `invalid_type` and
//! `invalid_value` print as `serde_json` does, floats with `zmij`.
//!
//! How: `serde_json` is only ever asked for any value (or an option), and
//! always with one visitor type, [`Erased`], so that its parser is compiled
//! once rather than once per visitor. [`Erased`] hands what it is given to a
//! [`Sink`], the object-safe face of one of the scenario's visitors, and
//! wraps sequences, maps and deserializers in object-safe faces too
//! ([`Elements`], [`Entries`], [`Source`]); on the scenario's side, serde
//! types ([`ElementsAccess`], [`EntriesAccess`], [`SourceDeserializer`]) turn
//! those back into serde's traits, with [`Error`] as their error.
//!
//! An error of `serde_json`'s own (a syntax error, or one already given its
//! position) cannot travel as [`Error`]: it is parked in the wrapper that
//! received it, [`Error::Parked`] travels in its place, and the wrapper hands
//! it back on the way out. A message of [`Error`] becomes `serde_json`'s
//! `Error::custom` inside the `serde_json` call that read the value, where
//! `serde_json` gives it its line and column as it does for its own.

use std::fmt;

use serde::de::value::StrDeserializer;
use serde::de::{
    self, Deserialize, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Unexpected, Visitor,
};

/// Reads a `T` from JSON text, as `serde_json::from_str` would.
pub(crate) fn from_str<'de, T: Deserialize<'de>>(text: &'de str) -> Result<T, serde_json::Error> {
    let mut json = serde_json::Deserializer::from_str(text);
    let mut source = SourceImpl {
        inner: Some(&mut json),
        slot: None,
    };
    let value = T::deserialize(SourceDeserializer(&mut source));
    let value = value.map_err(|e| e.into_inner(source.slot))?;
    json.end()?;
    Ok(value)
}

/// A problem found while reading, as the scenario's visitors see it.
#[derive(Debug)]
pub(crate) enum Error {
    /// A problem a visitor found, in `serde_json`'s words.
    Message(String),
    /// The inner deserializer's own error, parked in the wrapper that
    /// received it.
    Parked,
}

impl Error {
    /// The inner deserializer's error for this one, given what was parked.
    fn into_inner<E: de::Error>(self, slot: Option<E>) -> E {
        match (self, slot) {
            (Self::Parked, Some(parked)) => parked,
            (Self::Message(message), _) => E::custom(message),
            // Not reached: a wrapper parks before it returns `Parked`.
            (Self::Parked, None) => E::custom("the JSON reader lost an error"),
        }
    }

    /// For a value taken twice: not reached, as serde calls each visitor and
    /// seed once.
    fn spent() -> Self {
        Self::Message("the JSON reader read a value twice".to_owned())
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Message(message) => f.write_str(message),
            Self::Parked => f.write_str("an error of the JSON parser"),
        }
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    #[cold]
    fn custom<T: fmt::Display>(message: T) -> Self {
        Self::Message(message.to_string())
    }

    #[cold]
    #[inline(never)]
    fn invalid_type(unexpected: Unexpected<'_>, expected: &dyn de::Expected) -> Self {
        Self::Message(format!(
            "invalid type: {}, expected {expected}",
            Shown(unexpected)
        ))
    }

    #[cold]
    #[inline(never)]
    fn invalid_value(unexpected: Unexpected<'_>, expected: &dyn de::Expected) -> Self {
        Self::Message(format!(
            "invalid value: {}, expected {expected}",
            Shown(unexpected)
        ))
    }
}

/// An unexpected value as `serde_json` names it: serde's words, but `null`
/// for unit and floats printed by `zmij`.
struct Shown<'a>(Unexpected<'a>);

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Unexpected::Bool(b) => write!(f, "boolean `{b}`"),
            Unexpected::Unsigned(i) => write!(f, "integer `{i}`"),
            Unexpected::Signed(i) => write!(f, "integer `{i}`"),
            Unexpected::Float(x) => {
                write!(f, "floating point `{}`", zmij::Buffer::new().format(x))
            }
            Unexpected::Char(c) => write!(f, "character `{c}`"),
            Unexpected::Str(s) => write!(f, "string {s:?}"),
            Unexpected::Bytes(_) => f.write_str("byte array"),
            Unexpected::Unit => f.write_str("null"),
            Unexpected::Option => f.write_str("Option value"),
            Unexpected::NewtypeStruct => f.write_str("newtype struct"),
            Unexpected::Seq => f.write_str("sequence"),
            Unexpected::Map => f.write_str("map"),
            Unexpected::Enum => f.write_str("enum"),
            Unexpected::UnitVariant => f.write_str("unit variant"),
            Unexpected::NewtypeVariant => f.write_str("newtype variant"),
            Unexpected::TupleVariant => f.write_str("tuple variant"),
            Unexpected::StructVariant => f.write_str("struct variant"),
            Unexpected::Other(other) => f.write_str(other),
        }
    }
}

/// Parks an inner error in `slot`.
fn park<E>(slot: &mut Option<E>, error: E) -> Error {
    *slot = Some(error);
    Error::Parked
}

/// What `serde_json` found: one call of a visitor.
enum Found<'a, 'de> {
    Bool(bool),
    I64(i64),
    U64(u64),
    F64(f64),
    Str(&'a str),
    BorrowedStr(&'de str),
    /// JSON `null`, asked for any value.
    Unit,
    /// JSON `null`, asked for an option.
    None,
    /// Not `null`, asked for an option: the deserializer of the value.
    Some(&'a mut dyn Source<'de>),
    Seq(&'a mut dyn Elements<'de>),
    Map(&'a mut dyn Entries<'de>),
}

/// A visitor of the scenario, object-safe.
trait Sink<'de> {
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result;
    fn accept(&mut self, found: Found<'_, 'de>) -> Result<(), Error>;
}

/// A deserializer `serde_json` handed out, object-safe.
trait Source<'de> {
    fn any(&mut self, sink: &mut dyn Sink<'de>) -> Result<(), Error>;
    fn option(&mut self, sink: &mut dyn Sink<'de>) -> Result<(), Error>;
}

/// A seed of the scenario, object-safe.
trait Seed<'de> {
    fn plant(&mut self, source: &mut dyn Source<'de>) -> Result<(), Error>;
}

/// An array's elements, object-safe: `next` is false at the end.
trait Elements<'de> {
    fn next(&mut self, seed: &mut dyn Seed<'de>) -> Result<bool, Error>;
    fn size_hint(&self) -> Option<usize>;
}

/// An object's entries, object-safe: `key` is false at the end.
trait Entries<'de> {
    fn key(&mut self, seed: &mut dyn Seed<'de>) -> Result<bool, Error>;
    fn value(&mut self, seed: &mut dyn Seed<'de>) -> Result<(), Error>;
    fn size_hint(&self) -> Option<usize>;
}

// `serde_json`'s side: one visitor, one seed, and object-safe wrappers of
// what `serde_json` hands them.

/// The one visitor `serde_json` is given.
struct Erased<'a, 'de>(&'a mut dyn Sink<'de>);

/// A visitor's answer to a value that holds no other: a message of [`Error`]
/// becomes the inner deserializer's error.
fn accept<'de, E: de::Error>(sink: &mut dyn Sink<'de>, found: Found<'_, 'de>) -> Result<(), E> {
    sink.accept(found).map_err(|e| e.into_inner(None))
}

impl<'de> Visitor<'de> for Erased<'_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<(), E> {
        accept(self.0, Found::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<(), E> {
        accept(self.0, Found::I64(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<(), E> {
        accept(self.0, Found::U64(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
        accept(self.0, Found::F64(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        accept(self.0, Found::Str(v))
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<(), E> {
        accept(self.0, Found::BorrowedStr(v))
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        accept(self.0, Found::Unit)
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        accept(self.0, Found::None)
    }

    fn visit_some<D: Deserializer<'de>>(self, inner: D) -> Result<(), D::Error> {
        let mut source = SourceImpl {
            inner: Some(inner),
            slot: None,
        };
        let accepted = self.0.accept(Found::Some(&mut source));
        accepted.map_err(|e| e.into_inner(source.slot))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, inner: A) -> Result<(), A::Error> {
        let mut elements = AccessImpl { inner, slot: None };
        let accepted = self.0.accept(Found::Seq(&mut elements));
        accepted.map_err(|e| e.into_inner(elements.slot))
    }

    fn visit_map<A: MapAccess<'de>>(self, inner: A) -> Result<(), A::Error> {
        let mut entries = AccessImpl { inner, slot: None };
        let accepted = self.0.accept(Found::Map(&mut entries));
        accepted.map_err(|e| e.into_inner(entries.slot))
    }
}

/// The one seed `serde_json` is given.
struct ErasedSeed<'a, 'de>(&'a mut dyn Seed<'de>);

impl<'de> DeserializeSeed<'de> for ErasedSeed<'_, 'de> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, inner: D) -> Result<(), D::Error> {
        let mut source = SourceImpl {
            inner: Some(inner),
            slot: None,
        };
        let planted = self.0.plant(&mut source);
        planted.map_err(|e| e.into_inner(source.slot))
    }
}

/// A deserializer of `serde_json`'s, with the slot for its error.
struct SourceImpl<D, E> {
    inner: Option<D>,
    slot: Option<E>,
}

impl<'de, D: Deserializer<'de>> Source<'de> for SourceImpl<D, D::Error> {
    fn any(&mut self, sink: &mut dyn Sink<'de>) -> Result<(), Error> {
        let inner = self.inner.take().ok_or_else(Error::spent)?;
        let read = inner.deserialize_any(Erased(sink));
        read.map_err(|e| park(&mut self.slot, e))
    }

    fn option(&mut self, sink: &mut dyn Sink<'de>) -> Result<(), Error> {
        let inner = self.inner.take().ok_or_else(Error::spent)?;
        let read = inner.deserialize_option(Erased(sink));
        read.map_err(|e| park(&mut self.slot, e))
    }
}

/// A sequence or map of `serde_json`'s, with the slot for its error.
struct AccessImpl<A, E> {
    inner: A,
    slot: Option<E>,
}

impl<'de, A: SeqAccess<'de>> Elements<'de> for AccessImpl<A, A::Error> {
    fn next(&mut self, seed: &mut dyn Seed<'de>) -> Result<bool, Error> {
        let element = self.inner.next_element_seed(ErasedSeed(seed));
        element
            .map(|e| e.is_some())
            .map_err(|e| park(&mut self.slot, e))
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

impl<'de, A: MapAccess<'de>> Entries<'de> for AccessImpl<A, A::Error> {
    fn key(&mut self, seed: &mut dyn Seed<'de>) -> Result<bool, Error> {
        let key = self.inner.next_key_seed(ErasedSeed(seed));
        key.map(|k| k.is_some())
            .map_err(|e| park(&mut self.slot, e))
    }

    fn value(&mut self, seed: &mut dyn Seed<'de>) -> Result<(), Error> {
        let value = self.inner.next_value_seed(ErasedSeed(seed));
        value.map_err(|e| park(&mut self.slot, e))
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

// The scenario's side: its visitors and seeds behind the object-safe traits,
// and serde's traits over the object-safe wrappers.

/// The kinds of value a request to the deserializer admits, as
/// `serde_json`'s typed entry points admit them: anything else is refused
/// with `invalid_type` before the visitor sees it, so that no visitor is
/// compiled with the calls it would refuse.
type Admits = u16;
const BOOL: Admits = 1;
const INT: Admits = 1 << 1;
const FLOAT: Admits = 1 << 2;
const STR: Admits = 1 << 3;
/// A string that names a unit variant.
const VARIANT: Admits = 1 << 4;
const UNIT: Admits = 1 << 5;
const OPTION: Admits = 1 << 6;
const SEQ: Admits = 1 << 7;
const MAP: Admits = 1 << 8;
const ANY: Admits = BOOL | INT | FLOAT | STR | UNIT | SEQ | MAP;

impl Found<'_, '_> {
    /// The value as serde names it in an `invalid_type` message.
    fn unexpected(&self) -> Unexpected<'_> {
        match *self {
            Self::Bool(v) => Unexpected::Bool(v),
            Self::I64(v) => Unexpected::Signed(v),
            Self::U64(v) => Unexpected::Unsigned(v),
            Self::F64(v) => Unexpected::Float(v),
            Self::Str(v) | Self::BorrowedStr(v) => Unexpected::Str(v),
            Self::Unit => Unexpected::Unit,
            Self::None | Self::Some(_) => Unexpected::Option,
            Self::Seq(_) => Unexpected::Seq,
            Self::Map(_) => Unexpected::Map,
        }
    }
}

/// The `invalid_type` error for a value a request does not admit.
fn refuse(found: &Found<'_, '_>, expected: &dyn de::Expected) -> Error {
    de::Error::invalid_type(found.unexpected(), expected)
}

/// A visitor of the scenario, and what it made.
struct Typed<'de, V: Visitor<'de>, const ADMITS: Admits> {
    visitor: Option<V>,
    made: Option<V::Value>,
}

impl<'de, V: Visitor<'de>, const ADMITS: Admits> Typed<'de, V, ADMITS> {
    fn new(visitor: V) -> Self {
        Self {
            visitor: Some(visitor),
            made: None,
        }
    }

    fn made(self) -> Result<V::Value, Error> {
        self.made.ok_or_else(Error::spent)
    }
}

impl<'de, V: Visitor<'de>, const ADMITS: Admits> Sink<'de> for Typed<'de, V, ADMITS> {
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.visitor {
            Some(visitor) => visitor.expecting(f),
            None => f.write_str("a value"),
        }
    }

    fn accept(&mut self, found: Found<'_, 'de>) -> Result<(), Error> {
        let visitor = self.visitor.take().ok_or_else(Error::spent)?;
        self.made = Some(match found {
            Found::Bool(v) if ADMITS & BOOL != 0 => visitor.visit_bool(v),
            Found::I64(v) if ADMITS & INT != 0 => visitor.visit_i64(v),
            Found::U64(v) if ADMITS & INT != 0 => visitor.visit_u64(v),
            Found::F64(v) if ADMITS & FLOAT != 0 => visitor.visit_f64(v),
            Found::Str(v) | Found::BorrowedStr(v) if ADMITS & VARIANT != 0 => {
                visitor.visit_enum(StrDeserializer::new(v))
            }
            Found::Str(v) if ADMITS & STR != 0 => visitor.visit_str(v),
            Found::BorrowedStr(v) if ADMITS & STR != 0 => visitor.visit_borrowed_str(v),
            Found::Unit if ADMITS & UNIT != 0 => visitor.visit_unit(),
            Found::None if ADMITS & OPTION != 0 => visitor.visit_none(),
            Found::Some(source) if ADMITS & OPTION != 0 => {
                visitor.visit_some(SourceDeserializer(source))
            }
            Found::Seq(elements) if ADMITS & SEQ != 0 => {
                visitor.visit_seq(ElementsAccess(elements))
            }
            Found::Map(entries) if ADMITS & MAP != 0 => visitor.visit_map(EntriesAccess(entries)),
            refused => Err(refuse(&refused, &visitor)),
        }?);
        Ok(())
    }
}

/// A seed of the scenario, and what it made.
struct TypedSeed<'de, T: DeserializeSeed<'de>> {
    seed: Option<T>,
    made: Option<T::Value>,
}

impl<'de, T: DeserializeSeed<'de>> TypedSeed<'de, T> {
    fn new(seed: T) -> Self {
        Self {
            seed: Some(seed),
            made: None,
        }
    }

    fn made(self) -> Result<T::Value, Error> {
        self.made.ok_or_else(Error::spent)
    }

    /// What it made, if there was an element or key to make it from.
    fn made_if(self, present: bool) -> Result<Option<T::Value>, Error> {
        if present {
            self.made().map(Some)
        } else {
            Ok(None)
        }
    }
}

impl<'de, T: DeserializeSeed<'de>> Seed<'de> for TypedSeed<'de, T> {
    fn plant(&mut self, source: &mut dyn Source<'de>) -> Result<(), Error> {
        let seed = self.seed.take().ok_or_else(Error::spent)?;
        self.made = Some(seed.deserialize(SourceDeserializer(source))?);
        Ok(())
    }
}

/// The deserializer the scenario's types are given.
struct SourceDeserializer<'a, 'de>(&'a mut dyn Source<'de>);

impl<'de> SourceDeserializer<'_, 'de> {
    /// Asks for a value of the kinds `ADMITS`.
    fn read<V: Visitor<'de>, const ADMITS: Admits>(self, visitor: V) -> Result<V::Value, Error> {
        let mut typed = Typed::<V, ADMITS>::new(visitor);
        if ADMITS == OPTION {
            self.0.option(&mut typed)?;
        } else {
            self.0.any(&mut typed)?;
        }
        typed.made()
    }
}

/// `deserialize_*` methods that ask for a value of the given kinds.
macro_rules! ask {
    ($($method:ident($($arg:ident: $type:ty),*) => $admits:expr;)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, $($arg: $type,)* visitor: V) -> Result<V::Value, Error> {
                $(let _ = $arg;)*
                self.read::<V, { $admits }>(visitor)
            }
        )*
    };
}

impl<'de> Deserializer<'de> for SourceDeserializer<'_, 'de> {
    type Error = Error;

    ask! {
        deserialize_any() => ANY;
        deserialize_ignored_any() => ANY;
        deserialize_bool() => BOOL;
        deserialize_i8() => INT;
        deserialize_i16() => INT;
        deserialize_i32() => INT;
        deserialize_i64() => INT;
        deserialize_i128() => INT;
        deserialize_u8() => INT;
        deserialize_u16() => INT;
        deserialize_u32() => INT;
        deserialize_u64() => INT;
        deserialize_u128() => INT;
        deserialize_f32() => INT | FLOAT;
        deserialize_f64() => INT | FLOAT;
        deserialize_char() => STR;
        deserialize_str() => STR;
        deserialize_string() => STR;
        deserialize_identifier() => STR;
        deserialize_bytes() => STR | SEQ;
        deserialize_byte_buf() => STR | SEQ;
        deserialize_option() => OPTION;
        deserialize_unit() => UNIT;
        deserialize_unit_struct(name: &'static str) => UNIT;
        deserialize_newtype_struct(name: &'static str) => ANY;
        deserialize_seq() => SEQ;
        deserialize_tuple(len: usize) => SEQ;
        deserialize_tuple_struct(name: &'static str, len: usize) => SEQ;
        deserialize_map() => MAP;
        deserialize_struct(name: &'static str, fields: &'static [&'static str]) => MAP | SEQ;
        // A unit variant, from its name as a string.
        deserialize_enum(name: &'static str, variants: &'static [&'static str]) => VARIANT;
    }
}

/// An array's elements as the scenario's visitors see them.
struct ElementsAccess<'a, 'de>(&'a mut dyn Elements<'de>);

impl<'de> SeqAccess<'de> for ElementsAccess<'_, 'de> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        let mut typed = TypedSeed::new(seed);
        let present = self.0.next(&mut typed)?;
        typed.made_if(present)
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

/// An object's entries as the scenario's visitors see them.
struct EntriesAccess<'a, 'de>(&'a mut dyn Entries<'de>);

impl<'de> MapAccess<'de> for EntriesAccess<'_, 'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let mut typed = TypedSeed::new(seed);
        let present = self.0.key(&mut typed)?;
        typed.made_if(present)
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, Error> {
        let mut typed = TypedSeed::new(seed);
        self.0.value(&mut typed)?;
        typed.made()
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

// Natively only: proptest is not built for wasm32 (the wasm-bindgen tests
// compile this crate's tests for the browser).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::from_str;
    use corsim::Scenario;
    use proptest::prelude::*;

    /// What `serde_json::from_str` says, the reference.
    fn reference(text: &str) -> Result<Scenario, String> {
        serde_json::from_str(text).map_err(|e| e.to_string())
    }

    fn read(text: &str) -> Result<Scenario, String> {
        from_str(text).map_err(|e| e.to_string())
    }

    #[test]
    fn reads_every_corpus_scenario_as_serde_json_does() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/corpus");
        let mut read_any = 0;
        for file in std::fs::read_dir(dir).expect("the corpus") {
            let path = file.expect("a corpus entry").path();
            if path.extension().is_none_or(|x| x != "json") {
                continue;
            }
            let text = std::fs::read_to_string(path).unwrap();
            let corpus: serde_json::Value = serde_json::from_str(&text).unwrap();
            for case in corpus["cases"].as_array().expect("cases") {
                for text in [
                    case["scenario"].to_string(),
                    serde_json::to_string_pretty(&case["scenario"]).unwrap(),
                ] {
                    let expected = reference(&text);
                    assert!(expected.is_ok(), "{}: {expected:?}", case["name"]);
                    assert_eq!(read(&text), expected, "{}", case["name"]);
                    read_any += 1;
                }
            }
        }
        assert!(read_any > 1000, "{read_any}");
    }

    /// A scenario with a hole in every place a value goes.
    const TEMPLATE: &str = r#"{"page": @0,
  "requests": [{"api": @1, "url": @2, "method": @3, "headers": [[@4, "1"], @5],
    "credentials": @6, "mode": @7, "redirect": @8, "body": {"kind": @9, "type": @10},
    "upload_listener": @11, "at": @12}, @13],
  "server": {"https://api.example/x": {"unreachable": @14, "preflight": @15,
    "actual": [{"status": @16, "headers": @17}]}}}"#;

    /// A valid value for each hole.
    const VALID: [&str; 18] = [
        r#""https://app.example""#,
        r#""fetch""#,
        r#""https://api.example/x""#,
        r#""PUT""#,
        r#""X-A""#,
        r#"["X-B", "2"]"#,
        r#""include""#,
        r#""cors""#,
        r#""follow""#,
        r#""blob""#,
        r#""text/plain""#,
        r#""none""#,
        "1.5",
        r#"{"url": "https://api.example/x"}"#,
        "false",
        r#"{"status": 204}"#,
        "200",
        r#"[["A", "b"]]"#,
    ];

    /// Values of every JSON kind, some of them right for some holes.
    const ODD: [&str; 22] = [
        "null",
        "true",
        "0",
        "7",
        "-3",
        "1.5",
        "-0.25",
        "70000",
        "1e400",
        "18446744073709551616",
        r#""x""#,
        r#""cors""#,
        r#""é\n""#,
        r#""\ud800""#,
        "[]",
        r#"["a"]"#,
        r#"["a", "b", "c"]"#,
        "{}",
        r#"{"a": 1}"#,
        r#"{"cors": null}"#,
        " { } ",
        "[1,",
    ];

    fn fill(holes: &[&str; 18]) -> String {
        let mut text = TEMPLATE.to_owned();
        for (i, value) in holes.iter().enumerate().rev() {
            text = text.replace(&format!("@{i}"), value);
        }
        text
    }

    /// Drops " at line L column C" from a `serde_json` message.
    fn without_position(message: &str) -> &str {
        message.rsplit_once(" at line ").map_or(message, |(m, _)| m)
    }

    #[test]
    fn the_template_is_valid() {
        let text = fill(&VALID);
        assert!(reference(&text).is_ok(), "{text}");
        assert_eq!(read(&text), reference(&text));
    }

    /// Do the reader and `serde_json` agree on `text`, but for the two
    /// differences the module documents?
    fn agree(text: &str) -> Result<(), String> {
        let (expected, actual) = (reference(text), read(text));
        let agreed = match (&expected, &actual) {
            // An enum written as an object: serde's external tagging.
            (Ok(_) | Err(_), Err(a)) if a.starts_with("invalid type: map, expected enum") => true,
            // A map or array where another type is expected: the same words,
            // reported inside the brackets.
            (Err(e), Err(a))
                if e.starts_with("invalid type: map")
                    || e.starts_with("invalid type: sequence") =>
            {
                without_position(a) == without_position(e)
            }
            // An enum given neither a string nor an object: the reader
            // reads the value and says what is wrong with it.
            (Err(e), Err(a)) if e.starts_with("expected value") && a != e => {
                a.contains(", expected enum ") || a.starts_with("number out of range")
            }
            _ => actual == expected,
        };
        if agreed {
            Ok(())
        } else {
            Err(format!(
                "{text}\nserde_json: {expected:?}\nreader:     {actual:?}"
            ))
        }
    }

    #[test]
    fn says_what_serde_json_says() {
        for (hole, odd) in (0..VALID.len()).flat_map(|h| ODD.iter().map(move |o| (h, *o))) {
            let mut holes = VALID;
            holes[hole] = odd;
            if let Err(disagreement) = agree(&fill(&holes)) {
                panic!("{disagreement}");
            }
        }
    }

    #[test]
    fn exact_messages() {
        let cases = [
            (1, "7", "invalid type: integer `7`, expected enum Api at line 2 column 24"),
            (3, "1.5", "invalid type: floating point `1.5`, expected a string at line 2 column 77"),
            (16, "-3", "invalid value: integer `-3`, expected u16 at line 6 column 28"),
            (16, "70000", "invalid value: integer `70000`, expected u16 at line 6 column 31"),
            (7, r#""navigate""#, "unknown variant `navigate`, expected one of `cors`, `no-cors`, `same-origin` at line 3 column 48"),
            (12, "null", "invalid type: null, expected f64 at line 4 column 41"),
            (14, r#""é\n""#, "invalid type: string \"é\\n\", expected a boolean at line 5 column 60"),
            // serde_json: at the bracket, column 94 and 11.
            (4, "[]", "invalid type: sequence, expected a string at line 2 column 96"),
            (0, " { } ", "invalid type: map, expected a string at line 1 column 13"),
            // serde_json: accepted as `cors`.
            (7, r#"{"cors": null}"#, "invalid type: map, expected enum RequestMode at line 3 column 39"),
        ];
        for (hole, odd, message) in cases {
            let mut holes = VALID;
            holes[hole] = odd;
            assert_eq!(
                read(&fill(&holes)).unwrap_err(),
                message,
                "{odd} in hole {hole}"
            );
        }
    }

    proptest! {
        #[test]
        fn says_what_serde_json_says_with_any_two_holes_odd(
            holes in prop::collection::vec((0..VALID.len(), 0..ODD.len()), 2)
        ) {
            let mut filled = VALID;
            for (hole, odd) in holes {
                filled[hole] = ODD[odd];
            }
            prop_assert_eq!(agree(&fill(&filled)), Ok(()));
        }
    }
}
