//! Compact JSON, byte for byte as `serde_json::to_writer` writes it: the
//! command line's output of one line per document (`--batch`, and the
//! other compact output).
//!
//! `serde_json` checks every byte of every string for a character to
//! escape, one at a time: a quarter of a batch run went to writing
//! verdicts, half of that to that loop. Here a string is checked eight
//! bytes at a time and written in one piece; a string that does need
//! escaping (rare: a control character, a quote, a backslash) and every
//! number go through `serde_json` itself. The tests compare the two on
//! every verdict of the corpus and on every kind of value serde has.
//!
//! What `serde_json` would write otherwise, which no type here does: a
//! struct field name that needs an escape (written as it is here; debug
//! builds assert that it does not), a map or a struct that says it has no
//! entries and then has some (`serde_json` closes it at once), and
//! `serde_json`'s own `RawValue` and arbitrary-precision numbers (features
//! this crate does not enable).

use std::io::Write;

use serde::ser::{self, Error as _, Serialize};
use serde_json::Error;

type Result<T = ()> = std::result::Result<T, Error>;

/// Writes `value` as compact JSON.
pub(crate) fn to_writer<W: Write, T: Serialize + ?Sized>(out: W, value: &T) -> Result {
    value.serialize(&mut Compact { out })
}

/// The serializer: the writer it writes to.
struct Compact<W> {
    out: W,
}

impl<W: Write> Compact<W> {
    fn raw(&mut self, bytes: &[u8]) -> Result {
        self.out.write_all(bytes).map_err(Error::io)
    }

    /// `{"variant":`, which an enum's variant with data opens with.
    fn variant_key(&mut self, variant: &str) -> Result {
        self.raw(b"{")?;
        self.string(variant)?;
        self.raw(b":")
    }

    fn string(&mut self, s: &str) -> Result {
        if needs_escape(s.as_bytes()) {
            return serde_json::to_writer(&mut self.out, s);
        }
        self.raw(b"\"")?;
        self.raw(s.as_bytes())?;
        self.raw(b"\"")
    }

    /// A number (or anything else) as `serde_json` writes it.
    fn like_serde_json<T: Serialize>(&mut self, value: &T) -> Result {
        serde_json::to_writer(&mut self.out, value)
    }
}

/// Whether JSON needs an escape in `bytes`: a byte below 0x20, `"` or `\`.
/// Eight bytes at a time (the last word overlapping the one before it; a
/// shorter string byte by byte): a word has a byte below `n` (`n` ≤
/// 0x80) when `(x - n·1s) & !x & 0x80s` is not zero, and a byte equal to `b`
/// when the word XOR `b·1s` has one below 1.
fn needs_escape(bytes: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    fn flagged(word: [u8; 8]) -> bool {
        let x = u64::from_le_bytes(word);
        let below = |x: u64, n: u64| x.wrapping_sub(n * ONES) & !x & HIGH != 0;
        below(x, 0x20)
            || below(x ^ (u64::from(b'"') * ONES), 1)
            || below(x ^ (u64::from(b'\\') * ONES), 1)
    }
    if bytes.len() < 8 {
        return bytes.iter().any(|&b| b < 0x20 || b == b'"' || b == b'\\');
    }
    let mut word = [0; 8];
    let mut words = bytes.chunks_exact(8);
    if words.any(|w| {
        word.copy_from_slice(w);
        flagged(word)
    }) {
        return true;
    }
    word.copy_from_slice(&bytes[bytes.len() - 8..]);
    flagged(word)
}

/// Serializer methods that hand their value to `$how`.
macro_rules! numbers {
    ($how:ident: $($method:ident($ty:ty))*) => {$(
        fn $method(self, v: $ty) -> Result {
            self.$how(&v)
        }
    )*};
}

impl<'a, W: Write> ser::Serializer for &'a mut Compact<W> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Seq<'a, W>;
    type SerializeTuple = Seq<'a, W>;
    type SerializeTupleStruct = Seq<'a, W>;
    type SerializeTupleVariant = Seq<'a, W>;
    type SerializeMap = Seq<'a, W>;
    type SerializeStruct = Seq<'a, W>;
    type SerializeStructVariant = Seq<'a, W>;

    fn serialize_bool(self, v: bool) -> Result {
        self.raw(if v { b"true" } else { b"false" })
    }
    numbers!(like_serde_json:
        serialize_i8(i8)
        serialize_i16(i16)
        serialize_i32(i32)
        serialize_i64(i64)
        serialize_i128(i128)
        serialize_u8(u8)
        serialize_u16(u16)
        serialize_u32(u32)
        serialize_u64(u64)
        serialize_u128(u128)
        serialize_f32(f32)
        serialize_f64(f64)
    );
    fn serialize_char(self, v: char) -> Result {
        self.string(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result {
        self.string(v)
    }
    fn serialize_bytes(self, v: &[u8]) -> Result {
        self.like_serde_json(&v)
    }
    fn serialize_none(self) -> Result {
        self.raw(b"null")
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result {
        self.raw(b"null")
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result {
        self.raw(b"null")
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result {
        self.string(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Result {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result {
        self.variant_key(variant)?;
        value.serialize(&mut *self)?;
        self.raw(b"}")
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Seq<'a, W>> {
        Seq::open(self, b"[", b"]")
    }
    fn serialize_tuple(self, _: usize) -> Result<Seq<'a, W>> {
        Seq::open(self, b"[", b"]")
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Seq<'a, W>> {
        Seq::open(self, b"[", b"]")
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Seq<'a, W>> {
        self.variant_key(variant)?;
        Seq::open(self, b"[", b"]}")
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Seq<'a, W>> {
        Seq::open(self, b"{", b"}")
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Seq<'a, W>> {
        Seq::open(self, b"{", b"}")
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Seq<'a, W>> {
        self.variant_key(variant)?;
        Seq::open(self, b"{", b"}}")
    }
}

/// An array or an object being written: a comma before every element but
/// the first, and its closing bytes at the end.
struct Seq<'a, W> {
    ser: &'a mut Compact<W>,
    first: bool,
    close: &'static [u8],
}

impl<'a, W: Write> Seq<'a, W> {
    fn open(ser: &'a mut Compact<W>, open: &[u8], close: &'static [u8]) -> Result<Self> {
        ser.raw(open)?;
        Ok(Self {
            ser,
            first: true,
            close,
        })
    }

    fn comma(&mut self) -> Result {
        if self.first {
            self.first = false;
            Ok(())
        } else {
            self.ser.raw(b",")
        }
    }

    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        self.comma()?;
        value.serialize(&mut *self.ser)
    }

    /// A field of a struct, its name written as it is: the name of a field
    /// of one of the program's types, which needs no escape (checked in
    /// debug builds, so the tests would find one that does). Checking each
    /// name again cost a tenth of writing a verdict.
    fn field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result {
        debug_assert!(!needs_escape(key.as_bytes()), "field name {key:?}");
        self.comma()?;
        self.ser.raw(b"\"")?;
        self.ser.raw(key.as_bytes())?;
        self.ser.raw(b"\":")?;
        value.serialize(&mut *self.ser)
    }

    fn close(self) -> Result {
        self.ser.raw(self.close)
    }
}

/// The kinds written as an array: each element after a comma.
macro_rules! arrays {
    ($($kind:ident::$method:ident),*) => {$(
        impl<W: Write> ser::$kind for Seq<'_, W> {
            type Ok = ();
            type Error = Error;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
                self.element(value)
            }
            fn end(self) -> Result {
                self.close()
            }
        }
    )*};
}

/// The kinds written as an object of named fields.
macro_rules! objects {
    ($($kind:ident),*) => {$(
        impl<W: Write> ser::$kind for Seq<'_, W> {
            type Ok = ();
            type Error = Error;
            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result {
                self.field(key, value)
            }
            fn end(self) -> Result {
                self.close()
            }
        }
    )*};
}

arrays!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);
objects!(SerializeStruct, SerializeStructVariant);

impl<W: Write> ser::SerializeMap for Seq<'_, W> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result {
        self.comma()?;
        key.serialize(Key(&mut *self.ser))?;
        self.ser.raw(b":")
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        value.serialize(&mut *self.ser)
    }
    fn end(self) -> Result {
        self.close()
    }
}

/// An object's key: a string, or what `serde_json` writes as one (a
/// number or a `bool`, quoted; a unit variant's name; what an `Option` or a
/// newtype holds); anything else is its error.
struct Key<'a, W>(&'a mut Compact<W>);

impl<W: Write> Key<'_, W> {
    fn quoted<T: Serialize>(self, value: &T) -> Result {
        self.0.raw(b"\"")?;
        self.0.like_serde_json(value)?;
        self.0.raw(b"\"")
    }
}

impl<W: Write> ser::Serializer for Key<'_, W> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = ser::Impossible<(), Error>;
    type SerializeTuple = ser::Impossible<(), Error>;
    type SerializeTupleStruct = ser::Impossible<(), Error>;
    type SerializeTupleVariant = ser::Impossible<(), Error>;
    type SerializeMap = ser::Impossible<(), Error>;
    type SerializeStruct = ser::Impossible<(), Error>;
    type SerializeStructVariant = ser::Impossible<(), Error>;

    fn serialize_str(self, v: &str) -> Result {
        self.0.string(v)
    }
    fn serialize_char(self, v: char) -> Result {
        self.0.string(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result {
        self.0.string(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Result {
        value.serialize(self)
    }
    numbers!(quoted:
        serialize_bool(bool)
        serialize_i8(i8)
        serialize_i16(i16)
        serialize_i32(i32)
        serialize_i64(i64)
        serialize_i128(i128)
        serialize_u8(u8)
        serialize_u16(u16)
        serialize_u32(u32)
        serialize_u64(u64)
        serialize_u128(u128)
    );
    fn serialize_f32(self, v: f32) -> Result {
        if v.is_finite() {
            self.quoted(&v)
        } else {
            Err(Error::custom(
                "float key must be finite (got NaN or +/-inf)",
            ))
        }
    }
    fn serialize_f64(self, v: f64) -> Result {
        if v.is_finite() {
            self.quoted(&v)
        } else {
            Err(Error::custom(
                "float key must be finite (got NaN or +/-inf)",
            ))
        }
    }
    fn serialize_bytes(self, _: &[u8]) -> Result {
        Err(not_a_key())
    }
    fn serialize_none(self) -> Result {
        Err(not_a_key())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result {
        Err(not_a_key())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result {
        Err(not_a_key())
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result {
        Err(not_a_key())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq> {
        Err(not_a_key())
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple> {
        Err(not_a_key())
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct> {
        Err(not_a_key())
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant> {
        Err(not_a_key())
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap> {
        Err(not_a_key())
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct> {
        Err(not_a_key())
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant> {
        Err(not_a_key())
    }
}

fn not_a_key() -> Error {
    Error::custom("key must be a string")
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::Path;

    use corsim::{simulate, Browser, Scenario};
    use serde::Serialize;

    fn same_as_serde_json<T: Serialize + ?Sized>(value: &T) {
        let mut ours = Vec::new();
        let theirs = serde_json::to_vec(value);
        match (super::to_writer(&mut ours, value), theirs) {
            (Ok(()), Ok(theirs)) => assert_eq!(
                String::from_utf8_lossy(&ours),
                String::from_utf8_lossy(&theirs)
            ),
            (Err(ours), Err(theirs)) => assert_eq!(ours.to_string(), theirs.to_string()),
            (ours, theirs) => panic!("compact: {ours:?}, serde_json: {theirs:?}"),
        }
    }

    /// Every verdict of the conformance corpus, in every profile, with the
    /// trace (its sentences, values and the cache's times in seconds).
    #[test]
    fn every_corpus_verdict_is_written_as_serde_json_writes_it() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpus");
        let mut verdicts = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "json") {
                continue;
            }
            let file: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            for case in file["cases"].as_array().unwrap() {
                let Ok(scenario) = Scenario::from_json(&case["scenario"].to_string()) else {
                    continue;
                };
                same_as_serde_json(&scenario);
                for browser in Browser::ALL {
                    if let Ok(verdict) = simulate(&scenario, browser) {
                        same_as_serde_json(&verdict);
                        verdicts += 1;
                    }
                }
            }
        }
        assert!(verdicts > 3000, "{verdicts} verdicts");
    }

    /// Strings with every character JSON escapes, at every place in a word
    /// of eight bytes, and the characters around them.
    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let specials = [
            "\"", "\\", "\u{0}", "\u{1f}", "\n", "\r", "\t", "\u{8}", "\u{c}",
        ];
        let plain = [
            " ", "!", "#", "[", "]", "~", "\u{7f}", "é", "\u{2028}", "😀", "A",
        ];
        for len in 0..20 {
            for at in 0..=len {
                for c in specials.iter().chain(&plain) {
                    let s: String = (0..len).map(|i| if i == at { *c } else { "a" }).collect();
                    same_as_serde_json(&s);
                }
            }
        }
        for b in 0..=0x7f_u8 {
            same_as_serde_json(&format!("abcdefgh{}ijklmnop", char::from(b)));
        }
    }

    #[derive(Serialize)]
    enum Kinds {
        Unit,
        Newtype(u8),
        Tuple(i32, String),
        Struct { a: Option<f64>, b: () },
    }

    #[derive(Serialize)]
    struct Unit;

    #[derive(Serialize)]
    struct Nested {
        empty: Vec<u8>,
        none: Option<String>,
        unit: Unit,
        kinds: Vec<Kinds>,
        tuple: (bool, char, i128, u128),
        #[serde(skip_serializing_if = "Option::is_none")]
        skipped: Option<u8>,
        floats: [f64; 5],
        bytes: serde_bytes_like::Bytes,
    }

    /// `serialize_bytes`, as `serde_json` writes it.
    mod serde_bytes_like {
        pub(super) struct Bytes(pub(super) Vec<u8>);
        impl serde::Serialize for Bytes {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_bytes(&self.0)
            }
        }
    }

    /// Every kind of value serde has, and object keys of each kind
    /// `serde_json` accepts (and one it refuses).
    #[test]
    fn every_kind_of_value_is_written_as_serde_json_writes_it() {
        same_as_serde_json(&Nested {
            empty: Vec::new(),
            none: None,
            unit: Unit,
            kinds: vec![
                Kinds::Unit,
                Kinds::Newtype(7),
                Kinds::Tuple(-3, "x\"y".to_owned()),
                Kinds::Struct {
                    a: Some(0.1),
                    b: (),
                },
                Kinds::Struct { a: None, b: () },
            ],
            tuple: (false, '\n', i128::MIN, u128::MAX),
            skipped: None,
            floats: [1.0, -0.0, 1e21, f64::NAN, f64::INFINITY],
            bytes: serde_bytes_like::Bytes(vec![0, 255]),
        });
        same_as_serde_json(&BTreeMap::from([("b\u{1}", 1), ("a", 2)]));
        same_as_serde_json(&BTreeMap::from([(3_i64, "x"), (-4, "y")]));
        same_as_serde_json(&BTreeMap::from([(true, 1)]));
        same_as_serde_json(&BTreeMap::from([('c', 1)]));
        same_as_serde_json(&BTreeMap::<u8, u8>::new());
        same_as_serde_json(&Pairs(vec![(Kinds::Unit, 1), (Kinds::Newtype(1), 2)]));
        same_as_serde_json(&Pairs(vec![(0.5, 1), (f64::NAN, 2)]));
        same_as_serde_json(&Pairs(vec![(Some(1), 1)]));
        same_as_serde_json(&Pairs(vec![(None::<u8>, 1)]));
        same_as_serde_json(&Pairs(vec![((), 1)]));
        same_as_serde_json(&BTreeMap::from([(vec![1], 1)]));
    }

    /// An object of any keys, in the order given.
    struct Pairs<K, V>(Vec<(K, V)>);

    impl<K: Serialize, V: Serialize> Serialize for Pairs<K, V> {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.collect_map(self.0.iter().map(|(k, v)| (k, v)))
        }
    }
}
