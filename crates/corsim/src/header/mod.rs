//! Headers: header names and values, header lists and their algorithms, the
//! forbidden and special header names, and the parsers for the CORS
//! response headers' values.
//!
//! Header names are `&str` (a valid header name is ASCII); header values
//! are byte slices, as in the Fetch Standard. Where the standard decodes
//! bytes to a string it uses isomorphic decoding (byte `0xNN` becomes
//! `U+00NN`), and so does this module.
//!
//! <https://fetch.spec.whatwg.org/#terminology-headers>

pub mod safelist;

use crate::method::is_forbidden_method;
use std::borrow::Cow;

/// Which bytes are `tchar`s (RFC 9110): ``!#$%&'*+-.^_`|~``, ASCII
/// digits and ASCII letters.
const TCHAR: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric()
            || matches!(
                c,
                b'!' | b'#'
                    | b'$'
                    | b'%'
                    | b'&'
                    | b'\''
                    | b'*'
                    | b'+'
                    | b'-'
                    | b'.'
                    | b'^'
                    | b'_'
                    | b'`'
                    | b'|'
                    | b'~'
            );
        b += 1;
    }
    table
};

/// Whether `byte` is a `tchar` (RFC 9110): one of ``!#$%&'*+-.^_`|~``,
/// an ASCII digit or an ASCII alpha.
pub(crate) fn is_tchar(byte: u8) -> bool {
    TCHAR[usize::from(byte)]
}

/// Whether `s` matches the `token` production (RFC 9110): one or more
/// `tchar`s.
pub(crate) fn is_token(s: &str) -> bool {
    // Without an early exit: branch-free, 590 fewer instructions per
    // simulation of `benches/data/put-credentialed.json` (callgrind).
    !s.is_empty() && s.bytes().fold(true, |all, b| all & is_tchar(b))
}

/// An HTTP whitespace code point: U+000A LF, U+000D CR, U+0009 TAB or
/// U+0020 SPACE.
pub(crate) fn is_http_whitespace(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\t' | ' ')
}

/// An HTTP whitespace byte: 0x0A, 0x0D, 0x09 or 0x20.
fn is_http_whitespace_byte(byte: u8) -> bool {
    matches!(byte, b'\n' | b'\r' | b'\t' | b' ')
}

/// An HTTP tab or space byte: 0x09 or 0x20.
fn is_http_tab_or_space_byte(byte: u8) -> bool {
    matches!(byte, b'\t' | b' ')
}

/// Whether `s` converts to a `WebIDL` `ByteString`: no code point above
/// U+00FF. (Header names and values passed to `Headers`, `fetch()` and
/// `setRequestHeader()` are `ByteString`s; the conversion throws a
/// `TypeError` otherwise, before the method's own steps.)
///
/// <https://webidl.spec.whatwg.org/#es-ByteString>
#[must_use]
pub fn is_byte_string(s: &str) -> bool {
    // In UTF-8, U+0080 to U+00FF start with 0xC2 or 0xC3, and every code
    // point above starts with 0xC4 or more (continuation bytes are below):
    // one comparison per byte, no decoding.
    !s.bytes().any(|b| b >= 0xC4)
}

/// The length in bytes of a request header value as the browser holds it.
/// corsim holds a value from a scenario as the UTF-8 of its code points,
/// each at most U+00FF once it is a `ByteString` ([`is_byte_string`]); the
/// browser holds one byte per code point (its isomorphic encoding), so
/// U+00E9 counts 1, not 2. (Recorded: `edge_accept-latin1-128-fetch`, 128
/// U+00E9 in `Accept`, is not preflighted by Chromium and WebKit.) Bytes
/// that are not UTF-8 count one each.
///
/// <https://infra.spec.whatwg.org/#isomorphic-encode>
#[must_use]
pub fn byte_string_len(value: &[u8]) -> usize {
    if value.is_ascii() {
        return value.len();
    }
    std::str::from_utf8(value).map_or(value.len(), |s| s.chars().count())
}

/// Isomorphic decodes `bytes`: each byte `0xNN` becomes `U+00NN`.
pub(crate) fn isomorphic_decode(bytes: &[u8]) -> String {
    bytes.iter().copied().map(char::from).collect()
}

/// The Fetch Standard's "collect an HTTP quoted string" on a string held as
/// code points. `input[*position]` must be U+0022 (").
///
/// <https://fetch.spec.whatwg.org/#collect-an-http-quoted-string>
pub(crate) fn collect_http_quoted_string(
    input: &[char],
    position: &mut usize,
    extract_value: bool,
) -> String {
    // Step 1: Let positionStart be position.
    let position_start = *position;
    // Step 2: Let value be the empty string.
    let mut value = String::new();
    // Step 3: Assert: the code point at position within input is U+0022 (").
    debug_assert_eq!(input.get(*position), Some(&'"'));
    // Step 4: Advance position by 1.
    *position += 1;
    // Step 5: While true:
    loop {
        // Step 5.1: Append the result of collecting a sequence of code points
        // that are not U+0022 (") or U+005C (\) from input, given position,
        // to value.
        while *position < input.len() && !matches!(input[*position], '"' | '\\') {
            value.push(input[*position]);
            *position += 1;
        }
        // Step 5.2: If position is past the end of input, then break.
        if *position >= input.len() {
            break;
        }
        // Step 5.3: Let quoteOrBackslash be the code point at position within
        // input.
        let quote_or_backslash = input[*position];
        // Step 5.4: Advance position by 1.
        *position += 1;
        // Step 5.5: If quoteOrBackslash is U+005C (\), then:
        if quote_or_backslash == '\\' {
            // Step 5.5.1: If position is past the end of input, then append
            // U+005C (\) to value and break.
            if *position >= input.len() {
                value.push('\\');
                break;
            }
            // Step 5.5.2: Append the code point at position within input to
            // value.
            value.push(input[*position]);
            // Step 5.5.3: Advance position by 1.
            *position += 1;
        } else {
            // Step 5.6: Otherwise: Assert: quoteOrBackslash is U+0022 ("). Break.
            break;
        }
    }
    // Step 6: If extract-value is true, then return value.
    if extract_value {
        return value;
    }
    // Step 7: Return the code points from positionStart to position,
    // inclusive, within input.
    input[position_start..*position].iter().collect()
}

/// Whether `name` is a header name: it matches the `field-name` production
/// of RFC 9110, which is `token` (one or more `tchar`s).
///
/// <https://fetch.spec.whatwg.org/#header-name>
#[must_use]
pub fn is_header_name(name: &str) -> bool {
    is_token(name)
}

/// Whether `value` is a header value: no leading or trailing HTTP tab or
/// space bytes, and no 0x00 (NUL), 0x0A (LF) or 0x0D (CR). The empty value
/// is a header value.
///
/// <https://fetch.spec.whatwg.org/#header-value>
#[must_use]
pub fn is_header_value(value: &[u8]) -> bool {
    let edges_ok = match (value.first(), value.last()) {
        (Some(&first), Some(&last)) => {
            !is_http_tab_or_space_byte(first) && !is_http_tab_or_space_byte(last)
        }
        _ => true,
    };
    edges_ok && !value.iter().any(|&b| matches!(b, 0x00 | b'\n' | b'\r'))
}

/// Normalizes a potential header value: removes leading and trailing HTTP
/// whitespace bytes (0x09, 0x0A, 0x0D, 0x20).
///
/// <https://fetch.spec.whatwg.org/#concept-header-value-normalize>
#[must_use]
pub fn normalize_header_value(potential_value: &[u8]) -> &[u8] {
    let start = potential_value
        .iter()
        .position(|&b| !is_http_whitespace_byte(b))
        .unwrap_or(potential_value.len());
    let end = potential_value
        .iter()
        .rposition(|&b| !is_http_whitespace_byte(b))
        .map_or(start, |i| i + 1);
    &potential_value[start..end]
}

/// [`normalize_header_value`] of a value that is text.
pub(crate) fn normalize_header_text(value: &str) -> &str {
    value.trim_matches(is_http_whitespace)
}

/// Whether (`name`, `value`) is a forbidden request-header: one of the
/// listed names (`Accept-Charset`, …, `Via`), a name starting with `proxy-`
/// or `sec-`, or `X-HTTP-Method`, `X-HTTP-Method-Override` or
/// `X-Method-Override` whose value lists a forbidden method. All name
/// comparisons are byte-case-insensitive.
///
/// This is the standard's list. Chromium also forbids `User-Agent` (the
/// standard no longer does); browser profiles own that difference.
///
/// <https://fetch.spec.whatwg.org/#forbidden-request-header>
#[must_use]
pub fn is_forbidden_request_header(name: &str, value: &[u8]) -> bool {
    // Step 1: If name is a byte-case-insensitive match for one of the listed
    // names, then return true.
    // Step 3: If name is a byte-case-insensitive match for `X-HTTP-Method`,
    // `X-HTTP-Method-Override`, or `X-Method-Override`, then:
    match lowercase_name(name, &mut [0; 32]) {
        "accept-charset"
        | "accept-encoding"
        | "access-control-request-headers"
        | "access-control-request-method"
        | "connection"
        | "content-length"
        | "cookie"
        | "cookie2"
        | "date"
        | "dnt"
        | "expect"
        | "host"
        | "keep-alive"
        | "origin"
        | "referer"
        | "set-cookie"
        | "te"
        | "trailer"
        | "transfer-encoding"
        | "upgrade"
        | "via" => {
            return true;
        }
        // Step 3.1: Let parsedValues be the result of getting, decoding,
        // and splitting value.
        // Step 3.2: For each method of parsedValues: if the isomorphic
        // encoding of method is a forbidden method, then return true.
        "x-http-method" | "x-http-method-override" | "x-method-override"
            if get_decode_split_value(value)
                .iter()
                .any(|method| is_forbidden_method(method)) =>
        {
            return true;
        }
        _ => {}
    }
    // Step 2: If name when byte-lowercased starts with `proxy-` or `sec-`,
    // then return true.
    let starts_with = |prefix: &str| {
        name.get(..prefix.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(prefix))
    };
    // Step 4: Return false.
    starts_with("proxy-") || starts_with("sec-")
}

/// Whether `name` is a forbidden response-header name: `Set-Cookie` or
/// `Set-Cookie2` (byte-case-insensitive).
///
/// <https://fetch.spec.whatwg.org/#forbidden-response-header-name>
#[must_use]
pub fn is_forbidden_response_header_name(name: &str) -> bool {
    name.eq_ignore_ascii_case("Set-Cookie") || name.eq_ignore_ascii_case("Set-Cookie2")
}

/// Whether `name` is a request-body-header name: `Content-Encoding`,
/// `Content-Language`, `Content-Location` or `Content-Type`
/// (byte-case-insensitive).
///
/// <https://fetch.spec.whatwg.org/#request-body-header-name>
#[must_use]
pub fn is_request_body_header_name(name: &str) -> bool {
    [
        "Content-Encoding",
        "Content-Language",
        "Content-Location",
        "Content-Type",
    ]
    .iter()
    .any(|n| name.eq_ignore_ascii_case(n))
}

/// Whether `name` is a CORS non-wildcard request-header name:
/// `Authorization` (byte-case-insensitive). A `*` in
/// `Access-Control-Allow-Headers` never covers it.
///
/// <https://fetch.spec.whatwg.org/#cors-non-wildcard-request-header-name>
#[must_use]
pub fn is_cors_non_wildcard_request_header_name(name: &str) -> bool {
    name.eq_ignore_ascii_case("Authorization")
}

/// Whether `name` is a privileged no-CORS request-header name: `Range`
/// (byte-case-insensitive).
///
/// <https://fetch.spec.whatwg.org/#privileged-no-cors-request-header-name>
#[must_use]
pub fn is_privileged_no_cors_request_header_name(name: &str) -> bool {
    name.eq_ignore_ascii_case("Range")
}

/// The header value variant of "get, decode, and split": isomorphic decodes
/// `value` and splits it on commas outside HTTP quoted strings, trimming
/// HTTP tabs and spaces from each item. Empty items are kept.
///
/// `a, "b,c" ,` gives `["a", "\"b,c\"", ""]`.
///
/// <https://fetch.spec.whatwg.org/#header-value-get-decode-and-split>
#[must_use]
pub fn get_decode_split_value(value: &[u8]) -> Vec<String> {
    // Step 1: Let input be the result of isomorphic decoding value.
    let input: Vec<char> = value.iter().copied().map(char::from).collect();
    // Step 2: Let position be a position variable for input, initially
    // pointing at the start of input.
    let mut position = 0;
    // Step 3: Let values be a list of strings, initially « ».
    let mut values = Vec::new();
    // Step 4: Let temporaryValue be the empty string.
    let mut temporary_value = String::new();
    // Step 5: While true:
    loop {
        // Step 5.1: Append the result of collecting a sequence of code points
        // that are not U+0022 (") or U+002C (,) from input, given position,
        // to temporaryValue.
        while position < input.len() && !matches!(input[position], '"' | ',') {
            temporary_value.push(input[position]);
            position += 1;
        }
        // Step 5.2: If position is not past the end of input and the code
        // point at position within input is U+0022 ("):
        if position < input.len() && input[position] == '"' {
            // Step 5.2.1: Append the result of collecting an HTTP quoted
            // string from input, given position, to temporaryValue.
            temporary_value.push_str(&collect_http_quoted_string(&input, &mut position, false));
            // Step 5.2.2: If position is not past the end of input, then
            // continue.
            if position < input.len() {
                continue;
            }
        }
        // Step 5.3: Remove all HTTP tab or space from the start and end of
        // temporaryValue.
        let trimmed = temporary_value.trim_matches(['\t', ' ']).to_owned();
        // Step 5.4: Append temporaryValue to values.
        values.push(trimmed);
        // Step 5.5: Set temporaryValue to the empty string.
        temporary_value.clear();
        // Step 5.6: If position is past the end of input, then return values.
        if position >= input.len() {
            return values;
        }
        // Step 5.7: Assert: the code point at position within input is
        // U+002C (,).
        debug_assert_eq!(input[position], ',');
        // Step 5.8: Advance position by 1.
        position += 1;
    }
}

/// Converts header names to a sorted-lowercase set: byte-lowercases each
/// name, removes duplicates and sorts in ascending byte order.
///
/// <https://fetch.spec.whatwg.org/#convert-header-names-to-a-sorted-lowercase-set>
#[must_use]
pub fn convert_header_names_to_sorted_lowercase_set<I, S>(header_names: I) -> Vec<String>
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    // Step 1: Let headerNamesSet be a new ordered set.
    // Step 2: For each name of headerNames, append the result of
    // byte-lowercasing name to headerNamesSet.
    let mut set: Vec<String> = header_names
        .into_iter()
        .map(|name| name.as_ref().to_ascii_lowercase())
        .collect();
    // Step 3: Return the result of sorting headerNamesSet in ascending order
    // with byte less than. (`str` ordering is byte ordering.)
    crate::collections::sort(&mut set);
    set.dedup();
    set
}

/// `name` byte-lowercased in `buf`, to match against the names the
/// standard lists (none is longer than 32 bytes); a longer name gives `""`.
pub(crate) fn lowercase_name<'b>(name: &str, buf: &'b mut [u8; 32]) -> &'b str {
    let Some(buf) = buf.get_mut(..name.len()) else {
        return "";
    };
    buf.copy_from_slice(name.as_bytes());
    buf.make_ascii_lowercase();
    std::str::from_utf8(buf).unwrap_or_default()
}

/// Header names, looked up byte-case-insensitively: a scan for a few, a
/// binary search for many, so that checking n names against m stays
/// O((n + m) log m).
#[derive(Debug)]
pub(crate) struct NameSet<'a, S> {
    /// The names as given (scanned when they are few).
    few: &'a [S],
    /// The names sorted, when there are more than 8 (empty otherwise).
    many: Vec<&'a str>,
}

impl<'a, S: AsRef<str>> NameSet<'a, S> {
    /// The set of `names`.
    pub(crate) fn new(names: &'a [S]) -> Self {
        let mut many = Vec::new();
        if names.len() > 8 {
            many = names.iter().map(AsRef::as_ref).collect();
            crate::collections::sort_by(&mut many, |a, b| cmp_ignore_ascii_case(a, b));
        }
        Self { few: names, many }
    }

    /// Whether `name` is in the set, whatever its case.
    pub(crate) fn contains(&self, name: &str) -> bool {
        if self.many.is_empty() {
            self.few
                .iter()
                .any(|n| n.as_ref().eq_ignore_ascii_case(name))
        } else {
            self.many
                .binary_search_by(|probe| cmp_ignore_ascii_case(probe, name))
                .is_ok()
        }
    }
}

/// Orders two names as their byte-lowercased forms order.
fn cmp_ignore_ascii_case(a: &str, b: &str) -> std::cmp::Ordering {
    a.bytes()
        .map(|c| c.to_ascii_lowercase())
        .cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
}

/// A header list: an ordered list of (name, value) headers, names compared
/// byte-case-insensitively, duplicates allowed.
///
/// Nothing here validates names or values; do that at the boundary with
/// [`is_header_name`] and [`is_header_value`].
///
/// The names and values live in one buffer, so a list of any length costs
/// two allocations (the buffer and where each header is in it), not two per
/// header.
///
/// <https://fetch.spec.whatwg.org/#concept-header-list>
#[derive(Clone, Default)]
pub struct HeaderList {
    /// Every name and every UTF-8 value, back to back (removed ones leave
    /// gaps).
    text: String,
    /// The values that are not UTF-8, and values that grew after another
    /// header was added (rare: this buffer is usually never allocated).
    bytes: Vec<u8>,
    /// Each header: where its name and its value are.
    spans: Vec<Span>,
    /// For a long list: the first header of each lowercased name, so that
    /// appending stays O(log n) (`None` until the list is long, and after a
    /// removal until it is needed again).
    index: Option<crate::collections::Index>,
}

/// From this many headers on, a list keeps an index of its names (with the
/// `fast-paths` feature; without it a list is at most `MAX_HEADERS` long,
/// so a scan stays bounded).
const INDEXED_FROM: usize = if cfg!(feature = "fast-paths") {
    16
} else {
    usize::MAX
};

/// Where one header's name and value are in a [`HeaderList`]'s buffers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    /// In `text`.
    name: (usize, usize),
    value: Value,
}

/// Where a value is: its range in `text`, or in `bytes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Value {
    start: usize,
    end: usize,
    in_bytes: bool,
}

impl PartialEq for HeaderList {
    fn eq(&self, other: &Self) -> bool {
        self.iter().eq(other.iter())
    }
}

impl Eq for HeaderList {}

impl std::fmt::Debug for HeaderList {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.iter().map(|(n, v)| (n, String::from_utf8_lossy(v))))
            .finish()
    }
}

impl From<&http::HeaderMap> for HeaderList {
    /// A header list holding every header of an [`http::HeaderMap`].
    fn from(map: &http::HeaderMap) -> Self {
        map.iter()
            .map(|(n, v)| (n.as_str(), v.as_bytes()))
            .collect()
    }
}

impl serde::Serialize for HeaderList {
    /// As `[[name, value], ...]`, values as text (bytes that are not UTF-8
    /// become U+FFFD).
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = s.serialize_seq(Some(self.len()))?;
        for span in &self.spans {
            let value = match span.value {
                // Known to be text: not checked again.
                Value {
                    start,
                    end,
                    in_bytes: false,
                } => std::borrow::Cow::Borrowed(&self.text[start..end]),
                Value { in_bytes: true, .. } => String::from_utf8_lossy(self.value_at(span)),
            };
            seq.serialize_element(&(self.name_at(span), value))?;
        }
        seq.end()
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for HeaderList {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        <Vec<crate::scenario::HeaderPair> as schemars::JsonSchema>::schema_name()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        <Vec<crate::scenario::HeaderPair> as schemars::JsonSchema>::json_schema(generator)
    }
    fn inline_schema() -> bool {
        true
    }
}

impl HeaderList {
    /// A new, empty header list.
    ///
    /// <https://fetch.spec.whatwg.org/#concept-header-list>
    #[must_use]
    pub const fn new() -> Self {
        Self {
            text: String::new(),
            bytes: Vec::new(),
            spans: Vec::new(),
            index: None,
        }
    }

    /// An empty list with room for `headers` headers whose names total
    /// `names` bytes and values `bytes` bytes.
    #[must_use]
    pub fn with_capacity(headers: usize, names: usize, bytes: usize) -> Self {
        Self {
            text: String::with_capacity(names + bytes),
            bytes: Vec::new(),
            spans: Vec::with_capacity(headers),
            index: None,
        }
    }

    fn name_at(&self, span: &Span) -> &str {
        &self.text[span.name.0..span.name.1]
    }

    fn value_at(&self, span: &Span) -> &[u8] {
        let Value {
            start,
            end,
            in_bytes,
        } = span.value;
        if in_bytes {
            &self.bytes[start..end]
        } else {
            &self.text.as_bytes()[start..end]
        }
    }

    /// Whether the header at `span` is named `name`, byte-case-insensitively
    /// (the lengths first, and no `str` slicing: most names differ in
    /// length).
    fn is_named(&self, span: &Span, name: &str) -> bool {
        let (start, end) = span.name;
        end - start == name.len()
            && self.text.as_bytes()[start..end].eq_ignore_ascii_case(name.as_bytes())
    }

    /// The headers named `name` (byte-case-insensitive), in order.
    fn spans_named<'l, 'n>(
        &'l self,
        name: &'n str,
    ) -> impl Iterator<Item = &'l Span> + use<'l, 'n> {
        self.spans
            .iter()
            .filter(move |span| self.is_named(span, name))
    }

    /// The values of the headers named `name` (byte-case-insensitive), in
    /// order.
    pub(crate) fn values_of<'l, 'n>(
        &'l self,
        name: &'n str,
    ) -> impl Iterator<Item = &'l [u8]> + use<'l, 'n> {
        self.spans_named(name).map(|span| self.value_at(span))
    }

    /// The values of the headers named `name` (byte-case-insensitive), in
    /// order, each as text when it is known to be (no UTF-8 check made
    /// again): `None` then means it may still be.
    pub(crate) fn text_values_of<'l, 'n>(
        &'l self,
        name: &'n str,
    ) -> impl Iterator<Item = (&'l [u8], Option<&'l str>)> + use<'l, 'n> {
        self.spans_named(name).map(|span| {
            let text = match span.value {
                Value {
                    start,
                    end,
                    in_bytes: false,
                } => Some(&self.text[start..end]),
                Value { in_bytes: true, .. } => None,
            };
            (self.value_at(span), text)
        })
    }

    /// Copies a name or a value into the text; where it is.
    fn store_str(&mut self, s: &str) -> (usize, usize) {
        let start = self.text.len();
        self.text.push_str(s);
        (start, self.text.len())
    }

    /// Copies a value known to be text into the text; where it is.
    fn store_text(&mut self, value: &str) -> Value {
        let (start, end) = self.store_str(value);
        Value {
            start,
            end,
            in_bytes: false,
        }
    }

    /// Copies a value into the text (or, if it is not UTF-8, the bytes);
    /// where it is.
    fn store(&mut self, value: &[u8]) -> Value {
        if let Ok(text) = std::str::from_utf8(value) {
            return self.store_text(text);
        }
        let start = self.bytes.len();
        self.bytes.extend_from_slice(value);
        Value {
            start,
            end: self.bytes.len(),
            in_bytes: true,
        }
    }

    /// `value` followed by `, ` and `more`, where `value` is the value of a
    /// header of this list: in place when `value` is last in its buffer
    /// (and both are UTF-8, for the text), otherwise copied to the end of
    /// the bytes first. Built one piece at a time, a value moves at most
    /// once.
    fn extend_value(&mut self, value: Value, more: &[u8]) -> Value {
        let Value {
            start,
            end,
            in_bytes,
        } = value;
        if !in_bytes && end == self.text.len() {
            if let Ok(more) = std::str::from_utf8(more) {
                self.text.push_str(", ");
                self.text.push_str(more);
                return Value {
                    end: self.text.len(),
                    ..value
                };
            }
        }
        let start = if in_bytes && end == self.bytes.len() {
            start
        } else {
            let new_start = self.bytes.len();
            if in_bytes {
                self.bytes.extend_from_within(start..end);
            } else {
                self.bytes
                    .extend_from_slice(&self.text.as_bytes()[start..end]);
            }
            new_start
        };
        self.bytes.extend_from_slice(b", ");
        self.bytes.extend_from_slice(more);
        Value {
            start,
            end: self.bytes.len(),
            in_bytes: true,
        }
    }

    /// The index of the first header named `name`.
    fn position(&mut self, name: &str) -> Option<usize> {
        if self.spans.len() < INDEXED_FROM {
            return self.spans.iter().position(|span| self.is_named(span, name));
        }
        if self.index.is_none() {
            let mut index = crate::collections::Index::new();
            for (i, (n, _)) in self.iter().enumerate() {
                index.insert_first(n.to_ascii_lowercase(), i);
            }
            self.index = Some(index);
        }
        let lower = name.to_ascii_lowercase();
        self.index.as_ref().and_then(|index| index.get(&lower))
    }

    /// Records a new last header in the index, if there is one.
    fn indexed(&mut self, span: Span) {
        let i = self.spans.len();
        self.spans.push(span);
        if let Some(index) = &mut self.index {
            let name = self.text[span.name.0..span.name.1].to_ascii_lowercase();
            index.insert_first(name, i);
        }
    }

    /// Pushes (`name`, `value`) exactly as given, `value` being text (no
    /// check that it is UTF-8 to make).
    pub(crate) fn push_text(&mut self, name: &str, value: &str) {
        let name = self.store_str(name);
        let value = self.store_text(value);
        self.indexed(Span { name, value });
    }

    /// Pushes (`name`, `value`) exactly as given.
    fn push(&mut self, name: &str, value: &[u8]) {
        let name = self.store_str(name);
        let value = self.store(value);
        self.indexed(Span { name, value });
    }

    /// Whether the list contains a header whose name is a
    /// byte-case-insensitive match for `name`.
    ///
    /// <https://fetch.spec.whatwg.org/#header-list-contains>
    #[must_use]
    pub fn contains(&self, name: &str) -> bool {
        match &self.index {
            Some(index) => index.get(&name.to_ascii_lowercase()).is_some(),
            None => self.spans.iter().any(|span| self.is_named(span, name)),
        }
    }

    /// Gets `name`: `None` if absent, otherwise the values of all headers
    /// with that name (byte-case-insensitive), in order, separated by
    /// 0x2C 0x20 (`, `).
    ///
    /// <https://fetch.spec.whatwg.org/#concept-header-list-get>
    #[must_use]
    pub fn get(&self, name: &str) -> Option<Vec<u8>> {
        self.get_combined(name).map(Cow::into_owned)
    }

    /// Whether two headers may have the same name: `true` when two do,
    /// `false` when none do. A list of more than 16 headers is taken to
    /// (`true`) rather than compared pair by pair: the callers then do
    /// their O(n log n) work, which gives the same result either way.
    pub(crate) fn may_repeat_a_name(&self) -> bool {
        if self.len() > 16 {
            return true;
        }
        self.spans.iter().enumerate().any(|(i, a)| {
            let a = self.name_at(a);
            self.spans[i + 1..].iter().any(|b| self.is_named(b, a))
        })
    }

    /// Whether a value holds a 0x00 (NUL) byte: one search of the
    /// buffers, then of each value only when they have one.
    pub(crate) fn value_with_nul(&self) -> Option<(&str, &[u8])> {
        if !self.text.as_bytes().contains(&0) && !self.bytes.contains(&0) {
            return None;
        }
        self.iter().find(|(_, v)| v.contains(&0))
    }

    /// The list with the headers of one name combined into one, as
    /// [`HeaderList::get`] combines them, at the first one's place.
    #[must_use]
    pub fn combined(&self) -> HeaderList {
        let mut out = HeaderList::new();
        for (name, _) in self.iter() {
            if !out.contains(name) {
                if let Some(value) = self.get_combined(name) {
                    out.push(name, &value);
                }
            }
        }
        out
    }

    /// The list as Firefox's header array holds a response's headers: the
    /// headers of one name merged into one at the first one's place, with
    /// `, ` between values and an empty value skipped (an empty first value
    /// gives way to the next one), except the headers named `except`, which
    /// stay as they are. Names in `except` are lowercase. O(n log n) in the
    /// list's size.
    ///
    /// ```
    /// use corsim::header::HeaderList;
    ///
    /// let mut headers = HeaderList::new();
    /// headers.append("Access-Control-Allow-Credentials", b"");
    /// headers.append("X-A", b"1");
    /// headers.append("Access-Control-Allow-Credentials", b"true");
    /// headers.append("X-A", b"2");
    /// let merged = headers.merged_skipping_empty(&[]);
    /// let pairs: Vec<_> = merged.iter().collect();
    /// assert_eq!(pairs, [("Access-Control-Allow-Credentials", &b"true"[..]), ("X-A", &b"1, 2"[..])]);
    /// ```
    #[must_use]
    pub fn merged_skipping_empty(&self, except: &[&str]) -> HeaderList {
        // Each name's values, in the order of the names' first lines.
        let mut groups: Vec<(&str, Vec<&[u8]>)> = Vec::with_capacity(self.len());
        let mut first = crate::collections::Index::new();
        for (name, value) in self.iter() {
            let lower = name.to_ascii_lowercase();
            if except.contains(&lower.as_str()) {
                groups.push((name, vec![value]));
                continue;
            }
            let slot = first.insert_first(lower, groups.len());
            if slot == groups.len() {
                groups.push((name, vec![value]));
            } else {
                groups[slot].1.push(value);
            }
        }
        let mut out = HeaderList::with_capacity(groups.len(), self.text.len(), self.bytes.len());
        let mut value = Vec::new();
        for (name, values) in groups {
            value.clear();
            for v in values.into_iter().filter(|v| !v.is_empty()) {
                if !value.is_empty() {
                    value.extend_from_slice(b", ");
                }
                value.extend_from_slice(v);
            }
            out.push(name, &value);
        }
        out
    }

    /// The list without the second and later headers named in `names`
    /// (lowercase); the rest as they are, in order.
    #[must_use]
    pub fn first_lines_of(&self, names: &[&str]) -> HeaderList {
        let mut seen = Vec::new();
        let mut out = HeaderList::with_capacity(self.len(), self.text.len(), self.bytes.len());
        for (name, value) in self.iter() {
            if let Some(n) = names.iter().find(|n| name.eq_ignore_ascii_case(n)) {
                if seen.contains(n) {
                    continue;
                }
                seen.push(n);
            }
            out.push(name, value);
        }
        out
    }

    /// [`HeaderList::get`], borrowing the value when there is one header
    /// with that name (the common case) rather than copying it.
    ///
    /// <https://fetch.spec.whatwg.org/#concept-header-list-get>
    #[must_use]
    pub fn get_combined(&self, name: &str) -> Option<Cow<'_, [u8]>> {
        let mut matching = self.values_of(name);
        // Step 1: If list does not contain name, then return null.
        let first = matching.next()?;
        let Some(second) = matching.next() else {
            return Some(Cow::Borrowed(first));
        };
        // Step 2: Return the values of all headers in list whose name is a
        // byte-case-insensitive match for name, separated from each other by
        // 0x2C 0x20, in order.
        let mut value = Vec::with_capacity(first.len() + second.len() + 2);
        value.extend_from_slice(first);
        for next in std::iter::once(second).chain(matching) {
            value.extend_from_slice(b", ");
            value.extend_from_slice(next);
        }
        Some(Cow::Owned(value))
    }

    /// Gets, decodes, and splits `name`: `None` if absent, otherwise the
    /// combined value split on commas outside quoted strings (see
    /// [`get_decode_split_value`]).
    ///
    /// <https://fetch.spec.whatwg.org/#concept-header-list-get-decode-split>
    #[must_use]
    pub fn get_decode_split(&self, name: &str) -> Option<Vec<String>> {
        // Step 1: Let value be the result of getting name from list.
        // Step 2: If value is null, then return null.
        let value = self.get_combined(name)?;
        // Step 3: Return the result of getting, decoding, and splitting value.
        Some(get_decode_split_value(&value))
    }

    /// Appends (`name`, `value`); if the list already contains `name`, the
    /// first such header's name casing is reused.
    ///
    /// <https://fetch.spec.whatwg.org/#concept-header-list-append>
    pub fn append(&mut self, name: impl AsRef<str>, value: impl AsRef<[u8]>) {
        let value = value.as_ref();
        self.append_with(name.as_ref(), |list| list.store(value));
    }

    /// [`HeaderList::append`] of a value that is text (no check that it is
    /// UTF-8 to make).
    pub(crate) fn append_text(&mut self, name: &str, value: &str) {
        self.append_with(name, |list| list.store_text(value));
    }

    /// Appends `name` with the value `store` puts in the list.
    ///
    /// <https://fetch.spec.whatwg.org/#concept-header-list-append>
    fn append_with(&mut self, name: &str, store: impl FnOnce(&mut Self) -> Value) {
        // Step 1: If list contains name, then set name to the first such
        // header's name.
        let name = match self.position(name) {
            Some(first) => self.spans[first].name,
            None => self.store_str(name),
        };
        // Step 2: Append (name, value) to list.
        let value = store(self);
        self.indexed(Span { name, value });
    }

    /// Deletes every header whose name is a byte-case-insensitive match for
    /// `name`.
    ///
    /// <https://fetch.spec.whatwg.org/#concept-header-list-delete>
    pub fn delete(&mut self, name: &str) {
        self.index = None;
        let names = &self.text;
        self.spans
            .retain(|span| !names[span.name.0..span.name.1].eq_ignore_ascii_case(name));
    }

    /// Sets (`name`, `value`): replaces the value of the first header named
    /// `name` and removes the others, or appends if there is none.
    ///
    /// <https://fetch.spec.whatwg.org/#concept-header-list-set>
    pub fn set(&mut self, name: impl AsRef<str>, value: impl AsRef<[u8]>) {
        let name = name.as_ref();
        // Step 1: If list contains name, then set the value of the first such
        // header to value and remove the others.
        if let Some(first) = self.position(name) {
            let value = self.store(value.as_ref());
            self.spans[first].value = value;
            self.index = None;
            let names = &self.text;
            let mut index = 0;
            self.spans.retain(|span| {
                let keep =
                    index <= first || !names[span.name.0..span.name.1].eq_ignore_ascii_case(name);
                index += 1;
                keep
            });
        } else {
            // Step 2: Otherwise, append (name, value) to list.
            self.push(name, value.as_ref());
        }
    }

    /// Combines (`name`, `value`): appends `, ` and `value` to the value of
    /// the first header named `name`, or appends if there is none
    /// (`XMLHttpRequest`'s `setRequestHeader()`).
    ///
    /// <https://fetch.spec.whatwg.org/#concept-header-list-combine>
    pub fn combine(&mut self, name: impl AsRef<str>, value: impl AsRef<[u8]>) {
        let name = name.as_ref();
        // Step 1: If list contains name, then set the value of the first such
        // header to its value, followed by 0x2C 0x20, followed by value.
        if let Some(first) = self.position(name) {
            // The value grows in place when it is last in its buffer.
            self.spans[first].value = self.extend_value(self.spans[first].value, value.as_ref());
        } else {
            // Step 2: Otherwise, append (name, value) to list.
            self.push(name, value.as_ref());
        }
    }

    /// The list that combining each of `pairs`, in order, into an empty
    /// list gives (what [`HeaderList::combine`] does for each
    /// `setRequestHeader()` call), built in time and memory linear in the
    /// pairs' size. Combining them one at a time copies a value that is not
    /// last in the buffer to its end, so a script alternating two names
    /// would copy their growing values again and again: quadratic.
    ///
    /// ```
    /// use corsim::header::HeaderList;
    ///
    /// let pairs = [("X-A", &b"1"[..]), ("x-b", b"2"), ("x-a", b""), ("X-B", b"3")];
    /// let list = HeaderList::from_combined(&pairs);
    /// let pairs: Vec<_> = list.iter().collect();
    /// assert_eq!(pairs, [("X-A", &b"1, "[..]), ("x-b", &b"2, 3"[..])]);
    /// ```
    ///
    /// <https://fetch.spec.whatwg.org/#concept-header-list-combine>
    #[must_use]
    pub fn from_combined(pairs: &[(&str, &[u8])]) -> HeaderList {
        // The names in order of first appearance (a list of empty values,
        // for its name lookup), the first and last pair of each, and for
        // each pair the next pair of the same name.
        let mut names = HeaderList::new();
        let mut first = Vec::new();
        let mut last: Vec<usize> = Vec::new();
        let mut next = vec![usize::MAX; pairs.len()];
        for (i, &(name, _)) in pairs.iter().enumerate() {
            if let Some(group) = names.position(name) {
                next[last[group]] = i;
                last[group] = i;
            } else {
                names.push(name, b"");
                first.push(i);
                last.push(i);
            }
        }
        let bytes = pairs.iter().map(|(_, value)| value.len() + 2).sum();
        let mut out = HeaderList::with_capacity(first.len(), names.text.len(), bytes);
        for &head in &first {
            let mut value = out.store(pairs[head].1);
            let mut i = next[head];
            while i != usize::MAX {
                value = out.extend_value(value, pairs[i].1);
                i = next[i];
            }
            let name = out.store_str(pairs[head].0);
            out.indexed(Span { name, value });
        }
        out
    }

    /// Normalizes every value in place: leading and trailing HTTP
    /// whitespace removed, as an HTTP/1.1 parser does.
    ///
    /// <https://fetch.spec.whatwg.org/#concept-header-value-normalize>
    pub fn normalize_values(&mut self) {
        for span in &mut self.spans {
            let Value {
                start,
                end,
                in_bytes,
            } = span.value;
            let buffer = if in_bytes {
                &self.bytes[..]
            } else {
                self.text.as_bytes()
            };
            let value = &buffer[start..end];
            let normalized = normalize_header_value(value);
            // `normalized` is a subslice of `value` (whitespace is ASCII, so
            // a value in the text still starts and ends on a character).
            let offset = normalized.as_ptr() as usize - value.as_ptr() as usize;
            span.value = Value {
                start: start + offset,
                end: start + offset + normalized.len(),
                in_bytes,
            };
        }
    }

    /// The headers, in order, as (name, value).
    ///
    /// <https://fetch.spec.whatwg.org/#concept-header-list>
    #[must_use]
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&str, &[u8])> + '_ {
        self.spans
            .iter()
            .map(|span| (self.name_at(span), self.value_at(span)))
    }

    /// The number of headers (duplicates counted).
    ///
    /// <https://fetch.spec.whatwg.org/#concept-header-list>
    #[must_use]
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// Whether the list has no headers.
    ///
    /// <https://fetch.spec.whatwg.org/#concept-header-list>
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// Sorts and combines: one header per lowercased name, in byte order,
    /// each with its combined value, except `set-cookie`, whose headers are
    /// kept separate.
    ///
    /// <https://fetch.spec.whatwg.org/#concept-header-list-sort-and-combine>
    #[must_use]
    pub fn sort_and_combine(&self) -> HeaderList {
        // Step 1: Let headers be a header list.
        // Step 2: Let names be the result of convert header names to a
        // sorted-lowercase set with all the names of the headers in list.
        // (Positions sorted by lowercased name, then position, so each
        // name's values are found without another search: linear after the
        // sort, and no name is copied to be compared.)
        let lowercased = |i: usize| {
            self.name_at(&self.spans[i])
                .bytes()
                .map(|b| b.to_ascii_lowercase())
        };
        let mut order: Vec<usize> = (0..self.spans.len()).collect();
        crate::collections::sort_by(&mut order, |&a, &b| {
            lowercased(a).cmp(lowercased(b)).then(a.cmp(&b))
        });
        let mut headers = Self::with_capacity(
            order.len(),
            self.text.len(),
            self.bytes.len() + 2 * order.len(),
        );
        // Step 3: For each name of names:
        let mut previous: Option<&str> = None;
        for i in order {
            let span = &self.spans[i];
            let (name, value) = (self.name_at(span), self.value_at(span));
            let same = previous.is_some_and(|p| p.eq_ignore_ascii_case(name));
            previous = Some(name);
            match headers.spans.last().map(|last| last.value) {
                // Step 3.2: the values of one name, combined with `, ` (the
                // last value is at the end of its buffer).
                Some(last) if same && !name.eq_ignore_ascii_case("set-cookie") => {
                    let combined = headers.extend_value(last, value);
                    if let Some(span) = headers.spans.last_mut() {
                        span.value = combined;
                    }
                }
                // Step 3.1: `set-cookie` headers stay separate; others start
                // a new entry.
                _ => {
                    let name = headers.store_str(name);
                    headers.text[name.0..name.1].make_ascii_lowercase();
                    let value = match span.value {
                        // Text here is text there: no check again.
                        Value {
                            start,
                            end,
                            in_bytes: false,
                        } => headers.store_text(&self.text[start..end]),
                        Value { in_bytes: true, .. } => headers.store(value),
                    };
                    headers.indexed(Span { name, value });
                }
            }
        }
        // Step 4: Return headers.
        headers
    }
}

impl<'a> IntoIterator for &'a HeaderList {
    type Item = (&'a str, &'a [u8]);
    type IntoIter = Box<dyn ExactSizeIterator<Item = (&'a str, &'a [u8])> + 'a>;

    /// The headers, in order, as (name, value).
    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.iter())
    }
}

impl<N: AsRef<str>, V: AsRef<[u8]>> FromIterator<(N, V)> for HeaderList {
    /// Builds a list with the headers exactly as given (as on the network):
    /// names keep their own casing.
    fn from_iter<T: IntoIterator<Item = (N, V)>>(iter: T) -> Self {
        let mut list = Self::new();
        list.extend(iter);
        list
    }
}

impl<N: AsRef<str>, V: AsRef<[u8]>> Extend<(N, V)> for HeaderList {
    /// Pushes the headers exactly as given (no name-casing reuse).
    fn extend<T: IntoIterator<Item = (N, V)>>(&mut self, iter: T) {
        let iter = iter.into_iter();
        self.spans.reserve(iter.size_hint().0);
        for (name, value) in iter {
            self.push(name.as_ref(), value.as_ref());
        }
    }
}

impl From<Vec<(String, Vec<u8>)>> for HeaderList {
    fn from(headers: Vec<(String, Vec<u8>)>) -> Self {
        headers.into_iter().collect()
    }
}

impl From<HeaderList> for Vec<(String, Vec<u8>)> {
    fn from(list: HeaderList) -> Self {
        list.iter()
            .map(|(n, v)| (n.to_owned(), v.to_vec()))
            .collect()
    }
}

/// The result of extracting header list values for a `#method` or
/// `#field-name` header (`Access-Control-Allow-Methods`,
/// `Access-Control-Allow-Headers`, `Access-Control-Expose-Headers`,
/// `Access-Control-Request-Headers`).
///
/// <https://fetch.spec.whatwg.org/#extract-header-list-values>
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Extracted<T = String> {
    /// The list does not contain the header (the spec's null).
    Absent,
    /// The values, in order, across all headers with that name. May be
    /// empty (`Access-Control-Allow-Methods: ` and `,,` are valid empty
    /// lists). Values keep their case; `*` is a value like any other.
    Values(Vec<T>),
    /// Parsing failed (the spec's failure).
    Invalid {
        /// The combined value of all headers with that name (as
        /// [`HeaderList::get`] returns it), isomorphic decoded.
        value: String,
        /// The first list element, trimmed, that is not a token (for
        /// example `PUT DELETE` or `X-Ü`).
        token: String,
    },
}

/// Extracts header list values for `name` whose ABNF is a `#` list of
/// tokens (`#method`, `#field-name`): each header's value is split on
/// commas, optional whitespace (SP, HTAB) is trimmed from each element,
/// empty elements are ignored (the RFC 9110 `#rule`), and every remaining
/// element must be a token.
///
/// <https://fetch.spec.whatwg.org/#extract-header-list-values>
#[must_use]
pub fn extract_header_list_values(name: &str, list: &HeaderList) -> Extracted {
    extract_with(name, list, str::to_owned)
}

/// [`extract_header_list_values`], the values borrowed from `list`.
pub(crate) fn extract_header_list_tokens<'l>(
    name: &str,
    list: &'l HeaderList,
) -> Extracted<&'l str> {
    extract_with(name, list, |token| token)
}

/// [`extract_header_list_values`], each value made a `T` by `to_value`.
pub(crate) fn extract_with<'l, T>(
    name: &str,
    list: &'l HeaderList,
    to_value: impl Fn(&'l str) -> T,
) -> Extracted<T> {
    // Step 1: If list does not contain name, then return null.
    // Step 2: If the ABNF for name allows a single header and list contains
    // more than one, then return failure. (A `#` list allows several.)
    // Step 3: Let values be an empty list.
    let mut values = None;
    // Step 4: For each header header list contains whose name is name:
    for (value, text) in list.text_values_of(name) {
        let values = values.get_or_insert_with(Vec::new);
        // The value as text, checked once rather than token by token.
        let text = text.or_else(|| std::str::from_utf8(value).ok());
        // Step 4.1: Let extract be the result of extracting header values
        // from header.
        // Step 4.2: If extract is failure, then return failure.
        // Step 4.3: Append each value in extract, in order, to values.
        for element in value.split(|&b| b == b',') {
            let element = trim_ows(element);
            if element.is_empty() {
                continue;
            }
            if !element.iter().copied().all(is_tchar) {
                return Extracted::Invalid {
                    value: isomorphic_decode(&list.get(name).unwrap_or_default()),
                    token: isomorphic_decode(element),
                };
            }
            // A token is ASCII; `element` is a subslice of `value`.
            let start = element.as_ptr() as usize - value.as_ptr() as usize;
            let token = match text {
                Some(text) => &text[start..start + element.len()],
                None => std::str::from_utf8(element).unwrap_or_default(),
            };
            values.push(to_value(token));
        }
    }
    // Step 5: Return values.
    values.map_or(Extracted::Absent, Extracted::Values)
}

/// Removes leading and trailing OWS (SP and HTAB).
fn trim_ows(bytes: &[u8]) -> &[u8] {
    let start = bytes
        .iter()
        .position(|&b| !is_http_tab_or_space_byte(b))
        .unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|&b| !is_http_tab_or_space_byte(b))
        .map_or(start, |i| i + 1);
    &bytes[start..end]
}

/// The result of parsing `Access-Control-Max-Age`.
///
/// <https://fetch.spec.whatwg.org/#http-access-control-max-age>
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum MaxAge {
    /// No `Access-Control-Max-Age` header (the spec's null).
    Absent,
    /// A valid `delta-seconds`, saturating at `u64::MAX`.
    Seconds(u64),
    /// Parsing failed (the spec's failure): not `1*DIGIT`, or more than one
    /// header. Holds the combined value (as [`HeaderList::get`] returns it),
    /// isomorphic decoded, so a browser profile can treat it its own way
    /// (Chromium falls back to 5 seconds).
    Invalid(String),
}

/// Parses `Access-Control-Max-Age` from a response's header list:
/// `delta-seconds` is `1*DIGIT`; the ABNF allows a single header, so more
/// than one header is a failure. Leading and trailing OWS is not part of a
/// field value and is ignored.
///
/// <https://fetch.spec.whatwg.org/#http-access-control-max-age>
#[must_use]
pub fn parse_max_age(list: &HeaderList) -> MaxAge {
    const NAME: &str = "Access-Control-Max-Age";
    // Step 1: If list does not contain name, then return null.
    let Some(combined) = list.get_combined(NAME) else {
        return MaxAge::Absent;
    };
    // Step 2: If the ABNF for name allows a single header and list contains
    // more than one, then return failure.
    if list
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case(NAME))
        .count()
        > 1
    {
        return MaxAge::Invalid(isomorphic_decode(&combined));
    }
    // Step 4: Extract header values: delta-seconds = 1*DIGIT.
    let digits = trim_ows(&combined);
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return MaxAge::Invalid(isomorphic_decode(&combined));
    }
    let seconds = digits.iter().fold(0_u64, |acc, &d| {
        acc.saturating_mul(10).saturating_add(u64::from(d - b'0'))
    });
    MaxAge::Seconds(seconds)
}

/// Parses a single range header value (`bytes=start-end`, either side
/// optional but not both, no lists) into (start, end). `None` is failure.
///
/// With `allow_whitespace` false (as the CORS safelist uses it) no
/// whitespace is allowed anywhere; with true, HTTP tabs and spaces are
/// allowed around `=` and `-`. The unit `bytes` is matched byte-exactly
/// (`BYTES=0-1` fails). Numbers saturate at `u64::MAX`; the start > end
/// check compares the exact digits.
///
/// <https://fetch.spec.whatwg.org/#simple-range-header-value>
#[must_use]
pub fn parse_single_range_header_value(
    value: &[u8],
    allow_whitespace: bool,
) -> Option<(Option<u64>, Option<u64>)> {
    // Step 1: Let data be the isomorphic decoding of value. (Bytes are
    // isomorphic to their code points; work on the bytes.)
    let data = value;
    // Step 2: If data does not start with "bytes", then return failure.
    if !data.starts_with(b"bytes") {
        return None;
    }
    // Step 3: Let position be a position variable for data, initially
    // pointing at the 5th code point of data (just past "bytes").
    let mut position = 5;
    let skip_whitespace = |position: &mut usize| {
        while *position < data.len() && is_http_tab_or_space_byte(data[*position]) {
            *position += 1;
        }
    };
    let collect_digits = |position: &mut usize| {
        let start = *position;
        while *position < data.len() && data[*position].is_ascii_digit() {
            *position += 1;
        }
        &data[start..*position]
    };
    // Step 4: If allowWhitespace is true, collect a sequence of code points
    // that are HTTP tab or space, from data given position.
    if allow_whitespace {
        skip_whitespace(&mut position);
    }
    // Step 5: If the code point at position within data is not U+003D (=),
    // then return failure.
    if data.get(position) != Some(&b'=') {
        return None;
    }
    // Step 6: Advance position by 1.
    position += 1;
    // Step 7: If allowWhitespace is true, collect HTTP tab or space.
    if allow_whitespace {
        skip_whitespace(&mut position);
    }
    // Step 8: Let rangeStart be the result of collecting a sequence of code
    // points that are ASCII digits, from data given position.
    let range_start = collect_digits(&mut position);
    // Step 9: Let rangeStartValue be rangeStart, interpreted as decimal
    // number, if rangeStart is not the empty string; otherwise null.
    let range_start_value = decimal(range_start);
    // Step 10: If allowWhitespace is true, collect HTTP tab or space.
    if allow_whitespace {
        skip_whitespace(&mut position);
    }
    // Step 11: If the code point at position within data is not U+002D (-),
    // then return failure.
    if data.get(position) != Some(&b'-') {
        return None;
    }
    // Step 12: Advance position by 1.
    position += 1;
    // Step 13: If allowWhitespace is true, collect HTTP tab or space.
    if allow_whitespace {
        skip_whitespace(&mut position);
    }
    // Step 14: Let rangeEnd be the result of collecting a sequence of code
    // points that are ASCII digits, from data given position.
    let range_end = collect_digits(&mut position);
    // Step 15: Let rangeEndValue be rangeEnd, interpreted as decimal number,
    // if rangeEnd is not the empty string; otherwise null.
    let range_end_value = decimal(range_end);
    // Step 16: If position is not past the end of data, then return failure.
    if position < data.len() {
        return None;
    }
    // Step 17: If rangeEndValue and rangeStartValue are null, then return
    // failure.
    if range_start_value.is_none() && range_end_value.is_none() {
        return None;
    }
    // Step 18: If rangeStartValue and rangeEndValue are numbers, and
    // rangeStartValue is greater than rangeEndValue, then return failure.
    if !range_start.is_empty()
        && !range_end.is_empty()
        && compare_decimal(range_start, range_end) == std::cmp::Ordering::Greater
    {
        return None;
    }
    // Step 19: Return (rangeStartValue, rangeEndValue).
    Some((range_start_value, range_end_value))
}

/// ASCII digits as a decimal number, saturating; `None` if empty.
fn decimal(digits: &[u8]) -> Option<u64> {
    (!digits.is_empty()).then(|| {
        digits.iter().fold(0_u64, |acc, &d| {
            acc.saturating_mul(10).saturating_add(u64::from(d - b'0'))
        })
    })
}

/// Compares two non-empty ASCII digit strings as unbounded numbers.
fn compare_decimal(a: &[u8], b: &[u8]) -> std::cmp::Ordering {
    let strip = |d: &[u8]| -> Vec<u8> {
        let first = d.iter().position(|&c| c != b'0').unwrap_or(d.len());
        d[first..].to_vec()
    };
    let (a, b) = (strip(a), strip(b));
    a.len().cmp(&b.len()).then_with(|| a.cmp(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(headers: &[(&str, &str)]) -> HeaderList {
        headers.iter().map(|&(n, v)| (n, v.as_bytes())).collect()
    }

    proptest::proptest! {
        /// A string is a byte string when no code point is above U+00FF.
        #[test]
        fn byte_strings_are_their_code_points(s in "[a\u{7f}\u{80}\u{e9}\u{ff}\u{100}\u{17f}\u{20ac}\u{1f600}]{0,6}") {
            proptest::prop_assert_eq!(is_byte_string(&s), s.chars().all(|c| u32::from(c) <= 0xFF));
        }

        /// Combining every pair at once gives what combining them one at a
        /// time gives, names of any case, long lists (indexed) included.
        #[test]
        fn combining_at_once_is_combining_one_at_a_time(
            pairs in proptest::collection::vec(("[a-eA-E]{1,2}", "[a-z ]{0,3}"), 0..60),
        ) {
            let pairs: Vec<(&str, &[u8])> =
                pairs.iter().map(|(n, v)| (n.as_str(), v.as_bytes())).collect();
            let mut one_at_a_time = HeaderList::new();
            for &(name, value) in &pairs {
                one_at_a_time.combine(name, value);
            }
            let at_once = HeaderList::from_combined(&pairs);
            proptest::prop_assert_eq!(
                at_once.iter().collect::<Vec<_>>(),
                one_at_a_time.iter().collect::<Vec<_>>()
            );
        }

        /// The list's operations do what the standard says, whichever of
        /// its two buffers a value lands in: values are drawn from bytes
        /// that are often not UTF-8 (a lone 0xC3, 0xFF) and often are.
        #[test]
        fn operations_match_a_plain_list(
            ops in proptest::collection::vec(
                (0..4_u8, "[a-cA-C]|set-cookie", proptest::collection::vec(
                    proptest::sample::select(vec![b'a', b' ', b'\t', 0xC3, 0xA9, 0xFF]), 0..4)),
                0..40),
        ) {
            let mut list = HeaderList::new();
            let mut model: Vec<(String, Vec<u8>)> = Vec::new();
            let first = |model: &[(String, Vec<u8>)], name: &str| {
                model.iter().position(|(n, _)| n.eq_ignore_ascii_case(name))
            };
            for (op, name, value) in &ops {
                match op {
                    0 => {
                        list.append(name, value);
                        let name = first(&model, name).map_or(name.clone(), |i| model[i].0.clone());
                        model.push((name, value.clone()));
                    }
                    1 => {
                        list.combine(name, value);
                        match first(&model, name) {
                            Some(i) => {
                                model[i].1.extend_from_slice(b", ");
                                model[i].1.extend_from_slice(value);
                            }
                            None => model.push((name.clone(), value.clone())),
                        }
                    }
                    2 => {
                        list.set(name, value);
                        match first(&model, name) {
                            Some(i) => {
                                model[i].1.clone_from(value);
                                let mut at = 0;
                                model.retain(|(n, _)| {
                                    at += 1;
                                    at - 1 <= i || !n.eq_ignore_ascii_case(name)
                                });
                            }
                            None => model.push((name.clone(), value.clone())),
                        }
                    }
                    _ => {
                        list.delete(name);
                        model.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
                    }
                }
                let got: Vec<(String, Vec<u8>)> =
                    list.iter().map(|(n, v)| (n.to_owned(), v.to_vec())).collect();
                proptest::prop_assert_eq!(&got, &model);
            }
            let mut sorted: Vec<(String, Vec<u8>)> = Vec::new();
            let mut order: Vec<usize> = (0..model.len()).collect();
            order.sort_by_key(|&i| (model[i].0.to_ascii_lowercase(), i));
            for i in order {
                let (name, value) = (model[i].0.to_ascii_lowercase(), &model[i].1);
                match sorted.last_mut() {
                    Some((last, combined)) if *last == name && name != "set-cookie" => {
                        combined.extend_from_slice(b", ");
                        combined.extend_from_slice(value);
                    }
                    _ => sorted.push((name, value.clone())),
                }
            }
            let got: Vec<(String, Vec<u8>)> =
                list.sort_and_combine().iter().map(|(n, v)| (n.to_owned(), v.to_vec())).collect();
            proptest::prop_assert_eq!(got, sorted);
            list.normalize_values();
            let normalized: Vec<(String, Vec<u8>)> = model
                .iter()
                .map(|(n, v)| (n.clone(), normalize_header_value(v).to_vec()))
                .collect();
            let got: Vec<(String, Vec<u8>)> =
                list.iter().map(|(n, v)| (n.to_owned(), v.to_vec())).collect();
            proptest::prop_assert_eq!(got, normalized);
        }
    }

    #[test]
    fn a_repeated_name_is_found_whatever_its_case_and_a_long_list_may_repeat() {
        assert!(!list(&[]).may_repeat_a_name());
        assert!(!list(&[("Accept", "a"), ("X-A", "1")]).may_repeat_a_name());
        assert!(list(&[("Accept", "a"), ("X-A", "1"), ("x-a", "2")]).may_repeat_a_name());
        let names: Vec<String> = (0..17).map(|i| format!("x-{i}")).collect();
        let long: Vec<(&str, &str)> = names.iter().map(|n| (n.as_str(), "")).collect();
        assert!(list(&long).may_repeat_a_name());
        // Without a repeat, the combined list is the list.
        let plain = list(&[("Accept", "a"), ("X-A", "1")]);
        assert_eq!(plain.combined(), plain);
    }

    #[test]
    fn header_names_are_tokens() {
        for name in [
            "Content-Type",
            "x",
            "X-Custom_Header.1",
            "!#$%&'*+-.^_`|~",
            "0",
        ] {
            assert!(is_header_name(name), "{name}");
        }
        for name in [
            "", " x", "x ", "a:b", "a b", "a\tb", "é", "a\"b", "(a)", "a/b", "a@b", "{}", "a\u{7f}",
        ] {
            assert!(!is_header_name(name), "{name:?}");
        }
        // Every ASCII byte: tchar or not.
        let tchars =
            b"!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        for byte in 0_u8..=0x7F {
            let s = char::from(byte).to_string();
            assert_eq!(is_header_name(&s), tchars.contains(&byte), "{byte:#04x}");
        }
    }

    #[test]
    fn header_values() {
        for value in [&b""[..], b"x", b"a b", b"a\tb", b"\xFF", b"\"", b"a,b"] {
            assert!(is_header_value(value), "{value:?}");
        }
        for value in [
            &b" x"[..],
            b"x ",
            b"\tx",
            b"x\t",
            b" ",
            b"\t",
            b"a\0b",
            b"a\nb",
            b"a\rb",
            b"\r\n",
        ] {
            assert!(!is_header_value(value), "{value:?}");
        }
    }

    #[test]
    fn normalize() {
        assert_eq!(normalize_header_value(b" \t\r\n x y \n\r\t "), b"x y");
        assert_eq!(normalize_header_value(b"x"), b"x");
        assert_eq!(normalize_header_value(b""), b"");
        assert_eq!(normalize_header_value(b" \t\r\n"), b"");
        // Form feed and NBSP are not HTTP whitespace.
        assert_eq!(normalize_header_value(b"\x0cx\xa0"), b"\x0cx\xa0");
    }

    #[test]
    fn forbidden_request_headers() {
        for name in [
            "Accept-Charset",
            "accept-encoding",
            "ACCESS-CONTROL-REQUEST-HEADERS",
            "Access-Control-Request-Method",
            "Connection",
            "Content-Length",
            "Cookie",
            "Cookie2",
            "Date",
            "DNT",
            "Expect",
            "Host",
            "Keep-Alive",
            "Origin",
            "Referer",
            "Set-Cookie",
            "TE",
            "Trailer",
            "Transfer-Encoding",
            "Upgrade",
            "Via",
            "Proxy-",
            "proxy-authorization",
            "PROXY-Foo",
            "Sec-",
            "sec-fetch-mode",
            "SEC-CH-UA",
        ] {
            assert!(is_forbidden_request_header(name, b"x"), "{name}");
        }
        for name in [
            "Accept",
            "User-Agent",
            "Content-Type",
            "Authorization",
            "X-Proxy-Foo",
            "Proxy",
            "Sec",
            "Secret",
            "Cookie3",
            "Keep-Alive2",
            "X-HTTP-Method",
        ] {
            assert!(!is_forbidden_request_header(name, b"x"), "{name}");
        }
    }

    #[test]
    fn forbidden_method_override_headers() {
        for name in [
            "X-HTTP-Method",
            "x-http-method-override",
            "X-Method-Override",
        ] {
            for value in [
                &b"TRACE"[..],
                b"connect",
                b"Track",
                b"GET, TRACE",
                b" trace ",
                b"GET,,CONNECT",
                b"\"x,y\", track",
            ] {
                assert!(
                    is_forbidden_request_header(name, value),
                    "{name}: {value:?}"
                );
            }
            for value in [
                &b"GET"[..],
                b"PUT, DELETE",
                b"",
                b"\"TRACE\"",
                b"TRACE2",
                b"TRACE x",
                b"\"a,TRACE\"",
            ] {
                assert!(
                    !is_forbidden_request_header(name, value),
                    "{name}: {value:?}"
                );
            }
        }
        assert!(!is_forbidden_request_header("X-Method", b"TRACE"));
    }

    #[test]
    fn special_names() {
        assert!(is_forbidden_response_header_name("set-cookie"));
        assert!(is_forbidden_response_header_name("Set-Cookie2"));
        assert!(!is_forbidden_response_header_name("Set-Cookie3"));
        assert!(!is_forbidden_response_header_name("Cookie"));
        for name in [
            "content-encoding",
            "Content-Language",
            "CONTENT-LOCATION",
            "Content-Type",
        ] {
            assert!(is_request_body_header_name(name), "{name}");
        }
        assert!(!is_request_body_header_name("Content-Length"));
        assert!(is_cors_non_wildcard_request_header_name("authorization"));
        assert!(is_cors_non_wildcard_request_header_name("AUTHORIZATION"));
        assert!(!is_cors_non_wildcard_request_header_name(
            "Proxy-Authorization"
        ));
        // Chromium cors_unittest.cc PrivilegedNoCorsHeaderName.
        assert!(is_privileged_no_cors_request_header_name("range"));
        assert!(is_privileged_no_cors_request_header_name("RanGe"));
        assert!(!is_privileged_no_cors_request_header_name("content-type"));
        assert!(!is_privileged_no_cors_request_header_name("foobar"));
        assert!(!is_privileged_no_cors_request_header_name("cookie"));
    }

    #[test]
    fn get_decode_split_spec_examples() {
        // The table under the Fetch Standard's "get, decode, and split".
        let a = |headers: &[(&str, &str)]| list(headers).get_decode_split("A");
        let strings = |v: &[&str]| Some(v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>());
        assert_eq!(a(&[("A", "nosniff,")]), strings(&["nosniff", ""]));
        assert_eq!(
            a(&[("A", "nosniff"), ("B", "sniff"), ("A", "")]),
            strings(&["nosniff", ""])
        );
        assert_eq!(a(&[("A", ""), ("B", "sniff")]), strings(&[""]));
        assert_eq!(a(&[("B", "sniff")]), None);
        assert_eq!(
            a(&[("A", "text/html;\", x/x")]),
            strings(&["text/html;\", x/x"])
        );
        assert_eq!(
            a(&[("A", "text/html;\""), ("A", "x/x")]),
            strings(&["text/html;\", x/x"])
        );
        assert_eq!(
            a(&[("A", "x/x;test=\"hi\",y/y")]),
            strings(&["x/x;test=\"hi\"", "y/y"])
        );
        assert_eq!(
            a(&[("A", "x/x;test=\"hi\""), ("C", "**bingo**"), ("A", "y/y")]),
            strings(&["x/x;test=\"hi\"", "y/y"])
        );
        assert_eq!(a(&[("A", "x / x,,,1")]), strings(&["x / x", "", "", "1"]));
        assert_eq!(
            a(&[("A", "x / x"), ("A", ","), ("A", "1")]),
            strings(&["x / x", "", "", "1"])
        );
        assert_eq!(a(&[("A", "\"1,2\", 3")]), strings(&["\"1,2\"", "3"]));
        assert_eq!(
            a(&[("A", "\"1,2\""), ("D", "4"), ("A", "3")]),
            strings(&["\"1,2\"", "3"])
        );
        // Case-insensitive name; bytes are isomorphic decoded.
        assert_eq!(list(&[("a", "x")]).get_decode_split("A"), strings(&["x"]));
        assert_eq!(
            get_decode_split_value(b"\xE9, \"a\\\"b\""),
            vec!["\u{E9}".to_owned(), "\"a\\\"b\"".to_owned()]
        );
    }

    #[test]
    fn header_list_operations() {
        let mut headers = HeaderList::new();
        assert!(headers.is_empty());
        headers.append("X-Foo", "1");
        headers.append("x-foo", "2");
        headers.append("Accept", "*/*");
        assert_eq!(headers.len(), 3);
        // Append reuses the first header's name casing.
        assert_eq!(
            headers.iter().collect::<Vec<_>>(),
            vec![("X-Foo", &b"1"[..]), ("X-Foo", b"2"), ("Accept", b"*/*")]
        );
        assert!(headers.contains("X-FOO"));
        assert!(!headers.contains("X-Bar"));
        assert_eq!(headers.get("x-foo"), Some(b"1, 2".to_vec()));
        assert_eq!(headers.get("x-bar"), None);

        headers.combine("X-FOO", "3");
        assert_eq!(headers.get("x-foo"), Some(b"1, 3, 2".to_vec()));
        headers.combine("X-New", "a");
        assert_eq!(headers.get("x-new"), Some(b"a".to_vec()));

        headers.set("x-foo", "only");
        assert_eq!(
            headers.iter().collect::<Vec<_>>(),
            vec![("X-Foo", &b"only"[..]), ("Accept", b"*/*"), ("X-New", b"a")]
        );
        headers.set("X-Set", "s");
        assert_eq!(headers.get("x-set"), Some(b"s".to_vec()));

        headers.delete("ACCEPT");
        assert!(!headers.contains("accept"));
        assert_eq!(headers.len(), 3);
        let raw: Vec<(String, Vec<u8>)> = headers.clone().into();
        assert_eq!(HeaderList::from(raw), headers);
    }

    #[test]
    fn sort_and_combine() {
        let headers = list(&[
            ("X-B", "2"),
            ("Set-Cookie", "a=1"),
            ("x-a", "1"),
            ("x-b", "3"),
            ("set-cookie", "b=2"),
            ("A", ""),
        ]);
        assert_eq!(
            headers.sort_and_combine(),
            list(&[
                ("a", ""),
                ("set-cookie", "a=1"),
                ("set-cookie", "b=2"),
                ("x-a", "1"),
                ("x-b", "2, 3"),
            ])
        );
        assert_eq!(
            convert_header_names_to_sorted_lowercase_set(["b", "A", "a", "B-", "b"]),
            vec!["a", "b", "b-"]
        );
    }

    #[test]
    fn extract_list_values() {
        let acam = "Access-Control-Allow-Methods";
        let values = |v: &[&str]| Extracted::Values(v.iter().map(|s| (*s).to_owned()).collect());
        assert_eq!(
            extract_header_list_values(acam, &list(&[])),
            Extracted::Absent
        );
        assert_eq!(
            extract_header_list_values(acam, &list(&[("access-control-allow-methods", "PUT")])),
            values(&["PUT"])
        );
        assert_eq!(
            extract_header_list_values(
                acam,
                &list(&[(acam, " PUT ,\tdelete,, ,PATCH "), ("X", "y"), (acam, "*")])
            ),
            values(&["PUT", "delete", "PATCH", "*"])
        );
        assert_eq!(
            extract_header_list_values(acam, &list(&[(acam, "")])),
            values(&[])
        );
        assert_eq!(
            extract_header_list_values(acam, &list(&[(acam, " , ,")])),
            values(&[])
        );
        assert_eq!(
            extract_header_list_values(acam, &list(&[(acam, "GET"), (acam, "PUT DELETE")])),
            Extracted::Invalid {
                value: "GET, PUT DELETE".into(),
                token: "PUT DELETE".into()
            }
        );
        assert_eq!(
            extract_header_list_values(
                "Access-Control-Allow-Headers",
                &list(&[("Access-Control-Allow-Headers", "x-a, x-\u{e9}, (x)")])
            ),
            Extracted::Invalid {
                value: "x-a, x-\u{c3}\u{a9}, (x)".into(),
                token: "x-\u{c3}\u{a9}".into()
            }
        );
        assert_eq!(
            extract_header_list_values(
                "Access-Control-Expose-Headers",
                &list(&[("Access-Control-Expose-Headers", "\"X-A\"")])
            ),
            Extracted::Invalid {
                value: "\"X-A\"".into(),
                token: "\"X-A\"".into()
            }
        );
        assert_eq!(
            extract_header_list_values(
                "Access-Control-Allow-Headers",
                &list(&[("Access-Control-Allow-Headers", "X-A;q=1")])
            ),
            Extracted::Invalid {
                value: "X-A;q=1".into(),
                token: "X-A;q=1".into()
            }
        );
    }

    #[test]
    fn max_age() {
        let max_age = |headers: &[(&str, &str)]| parse_max_age(&list(headers));
        assert_eq!(max_age(&[]), MaxAge::Absent);
        assert_eq!(
            max_age(&[("Access-Control-Max-Age", "600")]),
            MaxAge::Seconds(600)
        );
        assert_eq!(
            max_age(&[("access-control-max-age", "0")]),
            MaxAge::Seconds(0)
        );
        assert_eq!(
            max_age(&[("Access-Control-Max-Age", "007")]),
            MaxAge::Seconds(7)
        );
        assert_eq!(
            max_age(&[("Access-Control-Max-Age", " 5\t")]),
            MaxAge::Seconds(5)
        );
        assert_eq!(
            max_age(&[("Access-Control-Max-Age", "99999999999999999999999")]),
            MaxAge::Seconds(u64::MAX)
        );
        for bad in ["", "-1", "+5", "1.5", "5s", "1e3", "5 5", "five", "0x10"] {
            assert_eq!(
                max_age(&[("Access-Control-Max-Age", bad)]),
                MaxAge::Invalid(bad.into()),
                "{bad:?}"
            );
        }
        assert_eq!(
            max_age(&[
                ("Access-Control-Max-Age", "5"),
                ("Access-Control-Max-Age", "10")
            ]),
            MaxAge::Invalid("5, 10".into())
        );
        assert_eq!(
            max_age(&[("Access-Control-Max-Age", "5, 10")]),
            MaxAge::Invalid("5, 10".into())
        );
    }

    #[test]
    fn single_range() {
        let parse = |v: &str| parse_single_range_header_value(v.as_bytes(), false);
        let parse_ws = |v: &str| parse_single_range_header_value(v.as_bytes(), true);
        assert_eq!(parse("bytes=100-200"), Some((Some(100), Some(200))));
        assert_eq!(parse("bytes=100-"), Some((Some(100), None)));
        assert_eq!(parse("bytes=-200"), Some((None, Some(200))));
        assert_eq!(parse("bytes=0-0"), Some((Some(0), Some(0))));
        assert_eq!(parse("bytes=200-100"), None);
        assert_eq!(parse("bytes=-"), None);
        assert_eq!(parse("bytes = 100-200"), None);
        assert_eq!(parse("bytes=100 -200"), None);
        assert_eq!(parse("bytes=100-200,300-400"), None);
        assert_eq!(parse("bytes=100-200 "), None);
        assert_eq!(parse("BYTES=100-200"), None);
        assert_eq!(parse("items=100-200"), None);
        assert_eq!(parse("bytes"), None);
        assert_eq!(parse("bytes="), None);
        assert_eq!(parse(""), None);
        assert_eq!(parse_ws("bytes = 100 - 200"), Some((Some(100), Some(200))));
        assert_eq!(parse_ws("bytes\t=\t-5"), Some((None, Some(5))));
        assert_eq!(parse_ws(" bytes=1-2"), None);
        assert_eq!(parse_ws("bytes=1-2 "), None);
        // Exact comparison beyond u64.
        assert_eq!(
            parse("bytes=99999999999999999999999-99999999999999999999998"),
            None
        );
        assert_eq!(
            parse("bytes=00099999999999999999998-99999999999999999999999"),
            Some((Some(u64::MAX), Some(u64::MAX)))
        );
    }
}
