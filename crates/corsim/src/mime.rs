//! MIME types, parsed and serialized exactly as the MIME Sniffing Standard
//! says, for the CORS-safelisted `Content-Type` check.
//!
//! <https://mimesniff.spec.whatwg.org/#understanding-mime-types>

use std::fmt;

use crate::header::{collect_http_quoted_string, is_http_whitespace};

/// A MIME type record: a type, a subtype and an ordered map of parameters.
///
/// The type, subtype and parameter names are ASCII-lowercased by
/// [`parse_mime_type`]; parameter values keep their case and may contain
/// U+0080 to U+00FF (isomorphic-decoded bytes).
///
/// <https://mimesniff.spec.whatwg.org/#mime-type>
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MimeType {
    type_: String,
    subtype: String,
    parameters: Vec<(String, String)>,
}

impl MimeType {
    /// The type, e.g. `text` in `text/plain;charset=utf-8`.
    ///
    /// <https://mimesniff.spec.whatwg.org/#type>
    #[must_use]
    pub fn type_(&self) -> &str {
        &self.type_
    }

    /// The subtype, e.g. `plain` in `text/plain;charset=utf-8`.
    ///
    /// <https://mimesniff.spec.whatwg.org/#subtype>
    #[must_use]
    pub fn subtype(&self) -> &str {
        &self.subtype
    }

    /// The parameters (name, value), in the order they first appeared.
    ///
    /// <https://mimesniff.spec.whatwg.org/#parameters>
    #[must_use]
    pub fn parameters(&self) -> &[(String, String)] {
        &self.parameters
    }

    /// The value of the parameter `name` (an ASCII-lowercase name), if any.
    ///
    /// <https://mimesniff.spec.whatwg.org/#parameters>
    #[must_use]
    pub fn parameter(&self, name: &str) -> Option<&str> {
        self.parameters
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Sets the parameter `name` (ASCII-lowercased) to `value`: replaces
    /// the value in place if the parameter exists, otherwise appends it.
    /// The value is not checked; a value with code points outside the HTTP
    /// quoted-string token code points does not survive a serialize/parse
    /// round trip.
    ///
    /// <https://infra.spec.whatwg.org/#map-set>
    pub fn set_parameter(&mut self, name: &str, value: &str) {
        let name = name.to_ascii_lowercase();
        match self.parameters.iter_mut().find(|(n, _)| *n == name) {
            Some((_, existing)) => value.clone_into(existing),
            None => self.parameters.push((name, value.to_owned())),
        }
    }

    /// The essence: type, `/`, subtype (e.g. `text/plain`).
    ///
    /// <https://mimesniff.spec.whatwg.org/#mime-type-essence>
    #[must_use]
    pub fn essence(&self) -> String {
        format!("{}/{}", self.type_, self.subtype)
    }

    /// Serializes the MIME type: the essence, then `;name=value` for each
    /// parameter, with values that are empty or not solely HTTP token code
    /// points written as a quoted string (`"` and `\` escaped with `\`).
    ///
    /// <https://mimesniff.spec.whatwg.org/#serialize-a-mime-type>
    #[must_use]
    pub fn serialize(&self) -> String {
        // Step 1: Let serialization be the concatenation of mimeType's type,
        // U+002F (/), and mimeType's subtype.
        let mut serialization = self.essence();
        // Step 2: For each name → value of mimeType's parameters:
        for (name, value) in &self.parameters {
            // Step 2.1: Append U+003B (;) to serialization.
            serialization.push(';');
            // Step 2.2: Append name to serialization.
            serialization.push_str(name);
            // Step 2.3: Append U+003D (=) to serialization.
            serialization.push('=');
            // Step 2.4: If value does not solely contain HTTP token code
            // points or value is the empty string, then:
            if value.is_empty() || !value.chars().all(is_http_token_code_point) {
                // Step 2.4.1: Precede each occurrence of U+0022 (") or
                // U+005C (\) in value with U+005C (\).
                // Step 2.4.2: Prepend U+0022 (") to value.
                // Step 2.4.3: Append U+0022 (") to value.
                serialization.push('"');
                for c in value.chars() {
                    if matches!(c, '"' | '\\') {
                        serialization.push('\\');
                    }
                    serialization.push(c);
                }
                serialization.push('"');
            } else {
                // Step 2.5: Append value to serialization.
                serialization.push_str(value);
            }
        }
        // Step 3: Return serialization.
        serialization
    }

    /// Serializes the MIME type to bytes: the [serialization](Self::serialize),
    /// isomorphic encoded (every code point of a parsed MIME type is at most
    /// U+00FF, so this is lossless).
    ///
    /// <https://mimesniff.spec.whatwg.org/#serialize-a-mime-type-to-bytes>
    #[must_use]
    pub fn serialize_to_bytes(&self) -> Vec<u8> {
        self.serialize()
            .chars()
            .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?'))
            .collect()
    }
}

impl fmt::Display for MimeType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.serialize())
    }
}

/// Parses a MIME type from bytes (for example a `Content-Type` header
/// value): the bytes are isomorphic decoded, then parsed as by
/// [`parse_mime_type_str`]. `None` is the spec's failure.
///
/// <https://mimesniff.spec.whatwg.org/#parse-a-mime-type-from-bytes>
#[must_use]
pub fn parse_mime_type(input: &[u8]) -> Option<MimeType> {
    // Step 1: Let string be input, isomorphic decoded.
    let string: Vec<char> = input.iter().copied().map(char::from).collect();
    // Step 2: Return the result of parse a MIME type with string.
    parse(&string)
}

/// The type and subtype of a MIME type, as [`parse_mime_type`] would read
/// them (not yet lowercased), without reading its parameters: parsing
/// fails only in the type or the subtype, so this is `None` exactly when
/// [`parse_mime_type`] is.
///
/// <https://mimesniff.spec.whatwg.org/#parse-a-mime-type>
#[must_use]
pub fn parse_mime_type_essence(input: &[u8]) -> Option<(&[u8], &[u8])> {
    let http_whitespace = |b: &u8| matches!(b, b'\t' | b'\n' | b'\r' | b' ');
    // Step 1: Remove any leading and trailing HTTP whitespace from input.
    let start = input.iter().position(|b| !http_whitespace(b))?;
    let end = input.iter().rposition(|b| !http_whitespace(b))? + 1;
    let input = &input[start..end];
    // Steps 3-6: the type, up to U+002F (/), a non-empty token.
    let slash = input.iter().position(|&b| b == b'/')?;
    let type_ = &input[..slash];
    if type_.is_empty() || !type_.iter().copied().all(crate::header::is_tchar) {
        return None;
    }
    // Steps 7-9: the subtype, up to U+003B (;), trailing whitespace removed,
    // a non-empty token.
    let rest = &input[slash + 1..];
    let subtype = &rest[..rest.iter().position(|&b| b == b';').unwrap_or(rest.len())];
    let subtype_end = subtype
        .iter()
        .rposition(|b| !http_whitespace(b))
        .map_or(0, |i| i + 1);
    let subtype = &subtype[..subtype_end];
    if subtype.is_empty() || !subtype.iter().copied().all(crate::header::is_tchar) {
        return None;
    }
    Some((type_, subtype))
}

/// Parses a MIME type from a string. `None` is the spec's failure.
///
/// <https://mimesniff.spec.whatwg.org/#parse-a-mime-type>
#[must_use]
pub fn parse_mime_type_str(input: &str) -> Option<MimeType> {
    let input: Vec<char> = input.chars().collect();
    parse(&input)
}

/// An HTTP token code point: one of ``!#$%&'*+-.^_`|~``, an ASCII digit or
/// an ASCII alpha.
///
/// <https://mimesniff.spec.whatwg.org/#http-token-code-point>
fn is_http_token_code_point(c: char) -> bool {
    u8::try_from(c).is_ok_and(crate::header::is_tchar)
}

/// An HTTP quoted-string token code point: U+0009 TAB, U+0020 SPACE to
/// U+007E (~), or U+0080 to U+00FF.
///
/// <https://mimesniff.spec.whatwg.org/#http-quoted-string-token-code-point>
fn is_http_quoted_string_token_code_point(c: char) -> bool {
    matches!(c, '\t' | ' '..='~' | '\u{80}'..='\u{FF}')
}

/// Collects a sequence of code points matching `predicate` from `input`
/// at `position`, advancing `position`.
///
/// <https://infra.spec.whatwg.org/#collect-a-sequence-of-code-points>
fn collect<'a>(
    input: &'a [char],
    position: &mut usize,
    predicate: impl Fn(char) -> bool,
) -> &'a [char] {
    let start = *position;
    while *position < input.len() && predicate(input[*position]) {
        *position += 1;
    }
    &input[start..*position]
}

/// Removes trailing HTTP whitespace.
fn trim_end_http_whitespace(s: &[char]) -> &[char] {
    let end = s
        .iter()
        .rposition(|&c| !is_http_whitespace(c))
        .map_or(0, |i| i + 1);
    &s[..end]
}

fn ascii_lowercase(s: &[char]) -> String {
    s.iter().map(char::to_ascii_lowercase).collect()
}

/// The parse a MIME type algorithm, on a string held as code points.
///
/// <https://mimesniff.spec.whatwg.org/#parse-a-mime-type>
fn parse(input: &[char]) -> Option<MimeType> {
    // Step 1: Remove any leading and trailing HTTP whitespace from input.
    let start = input
        .iter()
        .position(|&c| !is_http_whitespace(c))
        .unwrap_or(input.len());
    let input = trim_end_http_whitespace(&input[start..]);

    // Step 2: Let position be a position variable for input, initially
    // pointing at the start of input.
    let mut position = 0;

    // Step 3: Let type be the result of collecting a sequence of code points
    // that are not U+002F (/) from input, given position.
    let type_ = collect(input, &mut position, |c| c != '/');

    // Step 4: If type is the empty string or does not solely contain HTTP
    // token code points, then return failure.
    if type_.is_empty() || !type_.iter().copied().all(is_http_token_code_point) {
        return None;
    }

    // Step 5: If position is past the end of input, then return failure.
    if position >= input.len() {
        return None;
    }

    // Step 6: Advance position by 1. (This skips past U+002F (/).)
    position += 1;

    // Step 7: Let subtype be the result of collecting a sequence of code
    // points that are not U+003B (;) from input, given position.
    let subtype = collect(input, &mut position, |c| c != ';');

    // Step 8: Remove any trailing HTTP whitespace from subtype.
    let subtype = trim_end_http_whitespace(subtype);

    // Step 9: If subtype is the empty string or does not solely contain HTTP
    // token code points, then return failure.
    if subtype.is_empty() || !subtype.iter().copied().all(is_http_token_code_point) {
        return None;
    }

    // Step 10: Let mimeType be a new MIME type record whose type is type, in
    // ASCII lowercase, and subtype is subtype, in ASCII lowercase.
    let mut mime_type = MimeType {
        type_: ascii_lowercase(type_),
        subtype: ascii_lowercase(subtype),
        parameters: Vec::new(),
    };

    // Step 11: While position is not past the end of input:
    while position < input.len() {
        // Step 11.1: Advance position by 1. (This skips past U+003B (;).)
        position += 1;

        // Step 11.2: Collect a sequence of code points that are HTTP
        // whitespace from input given position.
        collect(input, &mut position, is_http_whitespace);

        // Step 11.3: Let parameterName be the result of collecting a sequence
        // of code points that are not U+003B (;) or U+003D (=) from input,
        // given position.
        let parameter_name = collect(input, &mut position, |c| c != ';' && c != '=');

        // Step 11.4: Set parameterName to parameterName, in ASCII lowercase.
        let parameter_name = ascii_lowercase(parameter_name);

        // Step 11.5: If position is not past the end of input, then:
        if position < input.len() {
            // Step 11.5.1: If the code point at position within input is
            // U+003B (;), then continue.
            if input[position] == ';' {
                continue;
            }
            // Step 11.5.2: Advance position by 1. (This skips past U+003D (=).)
            position += 1;
        }

        // Step 11.6: If position is past the end of input, then break.
        if position >= input.len() {
            break;
        }

        // Step 11.7: Let parameterValue be null.
        let parameter_value: String;

        // Step 11.8: If the code point at position within input is U+0022 ("),
        // then:
        if input[position] == '"' {
            // Step 11.8.1: Set parameterValue to the result of collecting an
            // HTTP quoted string from input, given position and true.
            parameter_value = collect_http_quoted_string(input, &mut position, true);
            // Step 11.8.2: Collect a sequence of code points that are not
            // U+003B (;) from input, given position.
            collect(input, &mut position, |c| c != ';');
        } else {
            // Step 11.9: Otherwise:
            // Step 11.9.1: Set parameterValue to the result of collecting a
            // sequence of code points that are not U+003B (;) from input,
            // given position.
            let value = collect(input, &mut position, |c| c != ';');
            // Step 11.9.2: Remove any trailing HTTP whitespace from
            // parameterValue.
            let value = trim_end_http_whitespace(value);
            // Step 11.9.3: If parameterValue is the empty string, then continue.
            if value.is_empty() {
                continue;
            }
            parameter_value = value.iter().collect();
        }

        // Step 11.10: If all of the following are true
        //   parameterName is not the empty string;
        //   parameterName solely contains HTTP token code points;
        //   parameterValue solely contains HTTP quoted-string token code points;
        //   mimeType's parameters[parameterName] does not exist,
        // then set mimeType's parameters[parameterName] to parameterValue.
        if !parameter_name.is_empty()
            && parameter_name.chars().all(is_http_token_code_point)
            && parameter_value
                .chars()
                .all(is_http_quoted_string_token_code_point)
            && mime_type.parameter(&parameter_name).is_none()
        {
            mime_type.parameters.push((parameter_name, parameter_value));
        }
    }

    // Step 12: Return mimeType.
    Some(mime_type)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// web-platform-tests `mimesniff/mime-types/resources/mime-types.json`
    /// (commit 0ca94c9710812fa289f92e76ab51b37c64f111f1): input, expected
    /// serialization (`None` = failure).
    const WPT_MIME_TYPES: &[(&str, Option<&str>)] = &[
        // Basics
        ("text/html;charset=gbk", Some("text/html;charset=gbk")),
        ("TEXT/HTML;CHARSET=GBK", Some("text/html;charset=GBK")),
        // Legacy comment syntax
        ("text/html;charset=gbk(", Some("text/html;charset=\"gbk(\"")),
        ("text/html;x=(;charset=gbk", Some("text/html;x=\"(\";charset=gbk")),
        // Duplicate parameter
        ("text/html;charset=gbk;charset=windows-1255", Some("text/html;charset=gbk")),
        // Spaces
        ("text/html;charset =gbk", Some("text/html")),
        ("text/html ;charset=gbk", Some("text/html;charset=gbk")),
        ("text/html; charset=gbk", Some("text/html;charset=gbk")),
        ("text/html;charset= gbk", Some("text/html;charset=\" gbk\"")),
        // Single quotes are a token, not a delimiter
        ("text/html;charset='gbk'", Some("text/html;charset='gbk'")),
        ("text/html;charset='gbk", Some("text/html;charset='gbk")),
        ("text/html;charset=gbk'", Some("text/html;charset=gbk'")),
        // Invalid parameters
        ("text/html;test;charset=gbk", Some("text/html;charset=gbk")),
        ("text/html;test=;charset=gbk", Some("text/html;charset=gbk")),
        ("text/html;';charset=gbk", Some("text/html;charset=gbk")),
        ("text/html;\";charset=gbk", Some("text/html;charset=gbk")),
        ("text/html ; ; charset=gbk", Some("text/html;charset=gbk")),
        ("text/html;;;;charset=gbk", Some("text/html;charset=gbk")),
        // Double quotes
        ("text/html;charset=\"gbk\"", Some("text/html;charset=gbk")),
        ("text/html;charset=\"gbk", Some("text/html;charset=gbk")),
        ("text/html;charset=gbk\"", Some("text/html;charset=\"gbk\\\"\"")),
        ("text/html;charset=\" gbk\"", Some("text/html;charset=\" gbk\"")),
        ("text/html;charset=\"\\ gbk\"", Some("text/html;charset=\" gbk\"")),
        ("text/html;charset=\"\\g\\b\\k\"", Some("text/html;charset=gbk")),
        ("text/html;charset=\"gbk\"x", Some("text/html;charset=gbk")),
        // Unexpected code points
        ("text/html;charset={gbk}", Some("text/html;charset=\"{gbk}\"")),
        // Parameter name longer than 127
        (
            "text/html;0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789=x;charset=gbk",
            Some("text/html;0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789=x;charset=gbk"),
        ),
        // type/subtype longer than 127
        (
            "0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789/0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789",
            Some("0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789/0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789"),
        ),
        // Valid
        (
            "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvxyz/!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvxyz;!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvxyz=!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvxyz",
            // (The stored copy's expected output drops the `w` of the
            // lowercased `W`; this is the ASCII lowercase of the input.)
            Some("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvxyz/!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvxyz;!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvxyz=!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvxyz"),
        ),
        // End-of-file handling
        ("x/x;test", Some("x/x")),
        ("x/x;test=\"\\", Some("x/x;test=\"\\\\\"")),
        // Latin1
        ("text/html;test=\u{FF};charset=gbk", Some("text/html;test=\"\u{FF}\";charset=gbk")),
        // >Latin1
        ("x/x;test=\u{FFFD};x=x", Some("x/x;x=x")),
        // Failure
        ("", None),
        ("\t", None),
        ("bogus", None),
        ("bogus/", None),
        ("bogus/ ", None),
        ("bogus/bogus/;", None),
        ("</>", None),
        ("(/)", None),
        ("text/html(;doesnot=matter", None),
        ("{/}", None),
        ("\u{100}/\u{100}", None),
    ];

    #[test]
    fn wpt_mime_types() {
        for &(input, expected) in WPT_MIME_TYPES {
            let parsed = parse_mime_type_str(input);
            assert_eq!(
                parsed.as_ref().map(MimeType::serialize).as_deref(),
                expected,
                "{input:?}"
            );
            // Inputs that are all at most U+00FF also go through the bytes
            // entry point (isomorphic encoded) with the same result.
            if let Ok(bytes) = input
                .chars()
                .map(u8::try_from)
                .collect::<Result<Vec<u8>, _>>()
            {
                assert_eq!(parse_mime_type(&bytes), parsed, "{input:?} as bytes");
            }
        }
    }

    #[test]
    fn wpt_all_latin1_quoted_string_code_points() {
        // The "Valid" case with every quoted-string token code point.
        let mut value = String::from(" !\\\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\\\]^_`abcdefghijklmnopqrstuvwxyz{|}~");
        value.extend('\u{80}'..='\u{FF}');
        let input = format!("x/x;x=\"{value}\"");
        let parsed = parse_mime_type_str(&input).unwrap();
        assert_eq!(parsed.serialize(), input);
        let bytes: Vec<u8> = input.chars().map(|c| u8::try_from(c).unwrap()).collect();
        assert_eq!(parse_mime_type(&bytes).unwrap().serialize_to_bytes(), bytes);
    }

    #[test]
    fn accessors_and_essence() {
        let mime = parse_mime_type(b"  Text/Plain ; Charset=UTF-8 ;format=\"flowed\"\t").unwrap();
        assert_eq!(mime.type_(), "text");
        assert_eq!(mime.subtype(), "plain");
        assert_eq!(mime.essence(), "text/plain");
        assert_eq!(
            mime.parameters(),
            &[
                ("charset".to_owned(), "UTF-8".to_owned()),
                ("format".to_owned(), "flowed".to_owned())
            ]
        );
        assert_eq!(mime.parameter("charset"), Some("UTF-8"));
        assert_eq!(mime.parameter("boundary"), None);
        assert_eq!(mime.to_string(), "text/plain;charset=UTF-8;format=flowed");
        let mut mime = mime;
        mime.set_parameter("Charset", "utf-8");
        mime.set_parameter("boundary", "a b");
        assert_eq!(
            mime.serialize(),
            "text/plain;charset=utf-8;format=flowed;boundary=\"a b\""
        );
    }

    #[test]
    fn bytes_are_isomorphic_decoded() {
        let mime = parse_mime_type(b"text/plain;charset=\xFF").unwrap();
        assert_eq!(mime.parameter("charset"), Some("\u{FF}"));
        assert_eq!(mime.serialize_to_bytes(), b"text/plain;charset=\"\xFF\"");
        // A byte 0x80..=0xFF in the essence is not a token code point.
        assert_eq!(parse_mime_type(b"text/pl\xE9in"), None);
        // Empty quoted value is kept and serialized as "".
        assert_eq!(
            parse_mime_type(b"a/b;x=\"\"").unwrap().serialize(),
            "a/b;x=\"\""
        );
    }

    #[test]
    fn cors_relevant_essences() {
        let essence = |s: &[u8]| parse_mime_type(s).map(|m| m.essence());
        assert_eq!(
            essence(b"application/x-www-form-urlencoded").as_deref(),
            Some("application/x-www-form-urlencoded")
        );
        assert_eq!(
            essence(b"multipart/form-data; boundary=x").as_deref(),
            Some("multipart/form-data")
        );
        assert_eq!(essence(b"TEXT/PLAIN").as_deref(), Some("text/plain"));
        // A comma-separated list is not a MIME type: `text/plain, application/json`
        // has the subtype `plain, application/json`, which is not a token.
        assert_eq!(essence(b"text/plain, application/json"), None);
        assert_eq!(essence(b"text/plain,"), None);
        assert_eq!(essence(b"text /plain"), None);
        assert_eq!(essence(b"text/ plain"), None);
    }
}

#[cfg(test)]
mod essence_tests {
    use super::{parse_mime_type, parse_mime_type_essence};
    use proptest::prelude::*;

    fn both(input: &[u8]) -> (Option<String>, Option<String>) {
        let full = parse_mime_type(input).map(|m| m.essence());
        let quick = parse_mime_type_essence(input).map(|(t, s)| {
            format!(
                "{}/{}",
                String::from_utf8_lossy(t),
                String::from_utf8_lossy(s)
            )
            .to_ascii_lowercase()
        });
        (full, quick)
    }

    #[test]
    fn the_essence_alone_agrees_with_the_full_parse() {
        for input in [
            &b"text/plain"[..],
            b" Text/Plain ;charset=utf-8",
            b"text/plain ",
            b"text /plain",
            b"text/ plain",
            b"/plain",
            b"text/",
            b"text",
            b"",
            b"\t\r\n",
            b"multipart/form-data; boundary=x",
            b"text/pl\xe9in",
            b"a/b;;;",
        ] {
            let (full, quick) = both(input);
            assert_eq!(full, quick, "{}", String::from_utf8_lossy(input));
        }
    }

    proptest! {
        #[test]
        fn agrees_on_any_bytes(input in proptest::collection::vec(
            prop_oneof![Just(b'/'), Just(b';'), Just(b' '), Just(b'\t'), Just(b'"'), Just(b'a'),
                        Just(b'B'), Just(b'='), Just(0x80u8), Just(b'\n'), any::<u8>()], 0..24)) {
            let (full, quick) = both(&input);
            prop_assert_eq!(full, quick);
        }
    }
}
