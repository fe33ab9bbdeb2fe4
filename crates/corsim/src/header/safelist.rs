//! Which request headers a page may send cross-origin without a preflight,
//! which it may send in `no-cors` mode, and which response headers a page
//! may read.
//!
//! These are the Fetch Standard's lists. Browsers extend them (Chromium
//! safelists client-hint headers such as `DPR` and `Save-Data`); browser
//! profiles pass their own predicate to
//! [`cors_unsafe_request_header_names_by`].
//!
//! <https://fetch.spec.whatwg.org/#cors-safelisted-request-header>

use super::{
    convert_header_names_to_sorted_lowercase_set, is_forbidden_response_header_name,
    parse_single_range_header_value, HeaderList,
};
use crate::mime::parse_mime_type_essence;

/// Whether `byte` is a CORS-unsafe request-header byte: less than 0x20 and
/// not 0x09 HT, or one of `"():<>?@[\]{}` or 0x7F DEL.
///
/// <https://fetch.spec.whatwg.org/#cors-unsafe-request-header-byte>
#[must_use]
pub fn is_cors_unsafe_request_header_byte(byte: u8) -> bool {
    (byte < 0x20 && byte != 0x09)
        || matches!(
            byte,
            0x22 | 0x28
                | 0x29
                | 0x3A
                | 0x3C
                | 0x3E
                | 0x3F
                | 0x40
                | 0x5B
                | 0x5C
                | 0x5D
                | 0x7B
                | 0x7D
                | 0x7F
        )
}

/// Whether (`name`, `value`) is a CORS-safelisted request-header: a value
/// of at most 128 bytes, and one of
///
/// * `Accept` without CORS-unsafe request-header bytes;
/// * `Accept-Language` or `Content-Language` with only `0-9 A-Z a-z`,
///   space and `*,-.;=`;
/// * `Content-Type` without CORS-unsafe request-header bytes whose parsed
///   MIME type's essence is `application/x-www-form-urlencoded`,
///   `multipart/form-data` or `text/plain`;
/// * `Range` with a single range header value `bytes=start-[end]` (no
///   whitespace, no suffix range such as `bytes=-500`).
///
/// The name is compared byte-case-insensitively.
///
/// <https://fetch.spec.whatwg.org/#cors-safelisted-request-header>
#[must_use]
pub fn is_cors_safelisted_request_header(name: &str, value: &[u8]) -> bool {
    is_safelisted_lowercase(super::lowercase_name(name, &mut [0; 32]), value)
}

/// [`is_cors_safelisted_request_header`] of a name already byte-lowercased
/// (by [`super::lowercase_name`]).
pub(crate) fn is_safelisted_lowercase(lowercase: &str, value: &[u8]) -> bool {
    // Step 1: If value's length is greater than 128, then return false.
    // (Its length as the browser's bytes: one per code point.)
    if super::byte_string_len(value) > 128 {
        return false;
    }
    // Step 2: Byte-lowercase name and switch on the result:
    match lowercase {
        // `accept`: If value contains a CORS-unsafe request-header byte, then
        // return false.
        "accept" => {
            if value
                .iter()
                .copied()
                .any(is_cors_unsafe_request_header_byte)
            {
                return false;
            }
        }
        // `accept-language`, `content-language`: If value contains a byte
        // that is not 0-9, A-Z, a-z, 0x20 (SP), 0x2A (*), 0x2C (,), 0x2D (-),
        // 0x2E (.), 0x3B (;), or 0x3D (=), then return false.
        "accept-language" | "content-language" => {
            if !value.iter().all(|&b| {
                b.is_ascii_alphanumeric()
                    || matches!(b, b' ' | b'*' | b',' | b'-' | b'.' | b';' | b'=')
            }) {
                return false;
            }
        }
        // `content-type`:
        "content-type" => {
            // Step 1: If value contains a CORS-unsafe request-header byte,
            // then return false.
            if value
                .iter()
                .copied()
                .any(is_cors_unsafe_request_header_byte)
            {
                return false;
            }
            // Step 2: Let mimeType be the result of parsing the result of
            // isomorphic decoding value.
            // Step 3: If mimeType is failure, then return false.
            let Some((type_, subtype)) = parse_mime_type_essence(value) else {
                return false;
            };
            // Step 4: If mimeType's essence is not
            // "application/x-www-form-urlencoded", "multipart/form-data", or
            // "text/plain", then return false.
            let is = |t: &str, s: &str| {
                type_.eq_ignore_ascii_case(t.as_bytes())
                    && subtype.eq_ignore_ascii_case(s.as_bytes())
            };
            if !(is("application", "x-www-form-urlencoded")
                || is("multipart", "form-data")
                || is("text", "plain"))
            {
                return false;
            }
        }
        // `range`:
        "range" => {
            // Step 1: Let rangeValue be the result of parsing a single range
            // header value given value and false.
            // Step 2: If rangeValue is failure, then return false.
            let Some((range_start, _)) = parse_single_range_header_value(value, false) else {
                return false;
            };
            // Step 3: If rangeValue[0] is null, then return false.
            if range_start.is_none() {
                return false;
            }
        }
        // Otherwise: Return false.
        _ => return false,
    }
    // Step 3: Return true.
    true
}

/// The CORS-unsafe request-header names of `headers`, with the Fetch
/// Standard's [`is_cors_safelisted_request_header`]: byte-lowercased,
/// deduplicated, sorted. See [`cors_unsafe_request_header_names_by`].
///
/// <https://fetch.spec.whatwg.org/#cors-unsafe-request-header-names>
#[must_use]
pub fn cors_unsafe_request_header_names(headers: &HeaderList) -> Vec<String> {
    cors_unsafe_request_header_names_by(headers, is_cors_safelisted_request_header)
}

/// The CORS-unsafe request-header names of `headers`, with `is_safelisted`
/// deciding which headers are CORS-safelisted (so a browser profile can
/// add its own safelisted headers): the names of headers that are not
/// safelisted, plus the names of all safelisted headers when their values
/// total more than 1024 bytes; byte-lowercased, deduplicated, sorted.
///
/// Forbidden request-headers are not filtered out here; the caller removes
/// them first if it needs to.
///
/// <https://fetch.spec.whatwg.org/#cors-unsafe-request-header-names>
#[must_use]
pub fn cors_unsafe_request_header_names_by(
    headers: &HeaderList,
    is_safelisted: impl Fn(&str, &[u8]) -> bool,
) -> Vec<String> {
    cors_unsafe_request_header_names_limited(headers, is_safelisted, Some(1024))
}

/// [`cors_unsafe_request_header_names_by`] with another limit on the
/// safelisted values together (`None`: none, as in Firefox).
#[must_use]
pub fn cors_unsafe_request_header_names_limited(
    headers: &HeaderList,
    is_safelisted: impl Fn(&str, &[u8]) -> bool,
    total_limit: Option<usize>,
) -> Vec<String> {
    // Step 1: Let unsafeNames be a new list.
    let mut unsafe_names: Vec<&str> = Vec::new();
    // Step 2: Let potentiallyUnsafeNames be a new list. (Not kept: in the
    // rare case of step 5 the headers are walked again.)
    // Step 3: Let safelistValueSize be 0.
    let mut safelist_value_size: usize = 0;
    // Step 4: For each header of headers:
    for (name, value) in headers.iter() {
        if is_safelisted(name, value) {
            // Step 4.2: Otherwise, append header's name to
            // potentiallyUnsafeNames and increase safelistValueSize by
            // header's value's length.
            safelist_value_size += super::byte_string_len(value);
        } else {
            // Step 4.1: If header is not a CORS-safelisted request-header,
            // then append header's name to unsafeNames.
            unsafe_names.push(name);
        }
    }
    // Step 5: If safelistValueSize is greater than 1024, then for each name
    // of potentiallyUnsafeNames, append name to unsafeNames.
    if total_limit.is_some_and(|limit| safelist_value_size > limit) {
        unsafe_names.extend(
            headers
                .iter()
                .filter(|(name, value)| is_safelisted(name, value))
                .map(|(name, _)| name),
        );
    }
    // Step 6: Return the result of convert header names to a sorted-lowercase
    // set with unsafeNames.
    convert_header_names_to_sorted_lowercase_set(unsafe_names)
}

/// Whether `name` is a no-CORS-safelisted request-header name: `Accept`,
/// `Accept-Language`, `Content-Language` or `Content-Type`
/// (byte-case-insensitive).
///
/// <https://fetch.spec.whatwg.org/#no-cors-safelisted-request-header-name>
#[must_use]
pub fn is_no_cors_safelisted_request_header_name(name: &str) -> bool {
    [
        "Accept",
        "Accept-Language",
        "Content-Language",
        "Content-Type",
    ]
    .iter()
    .any(|n| name.eq_ignore_ascii_case(n))
}

/// Whether (`name`, `value`) is a no-CORS-safelisted request-header: a
/// no-CORS-safelisted request-header name whose header is also a
/// CORS-safelisted request-header.
///
/// <https://fetch.spec.whatwg.org/#no-cors-safelisted-request-header>
#[must_use]
pub fn is_no_cors_safelisted_request_header(name: &str, value: &[u8]) -> bool {
    // Step 1: If name is not a no-CORS-safelisted request-header name, then
    // return false.
    if !is_no_cors_safelisted_request_header_name(name) {
        return false;
    }
    // Step 2: Return whether (name, value) is a CORS-safelisted
    // request-header.
    is_cors_safelisted_request_header(name, value)
}

/// Whether `name` is a CORS-safelisted response-header name given the
/// exposed header names `exposed` (from `Access-Control-Expose-Headers`):
/// `Cache-Control`, `Content-Language`, `Content-Length`, `Content-Type`,
/// `Expires`, `Last-Modified`, `Pragma`, or any item of `exposed` that is
/// not a forbidden response-header name (so `Set-Cookie` never is). All
/// comparisons are byte-case-insensitive; `*` in `exposed` is only a name
/// here (the wildcard is the caller's business).
///
/// <https://fetch.spec.whatwg.org/#cors-safelisted-response-header-name>
#[must_use]
pub fn is_cors_safelisted_response_header_name<S: AsRef<str>>(name: &str, exposed: &[S]) -> bool {
    const SAFELISTED: [&str; 7] = [
        "Cache-Control",
        "Content-Language",
        "Content-Length",
        "Content-Type",
        "Expires",
        "Last-Modified",
        "Pragma",
    ];
    SAFELISTED.iter().any(|n| name.eq_ignore_ascii_case(n))
        || exposed.iter().any(|item| {
            let item = item.as_ref();
            !is_forbidden_response_header_name(item) && name.eq_ignore_ascii_case(item)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bytes below 0x80 that Chromium's `cors_unittest.cc` `kAllowed`
    /// lists for `Accept` and `Content-Type`.
    const ALLOWED: &[u8] =
        b"\t !#$%&'*+,-./0123456789;=ABCDEFGHIJKLMNOPQRSTUVWXYZ^_`abcdefghijklmnopqrstuvwxyz|~";
    const ALLOWED_LANGUAGE: &[u8] =
        b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz *,-.;=";

    #[test]
    fn unsafe_bytes() {
        for byte in 0_u8..=0xFF {
            let expected = byte < 0x80 && !ALLOWED.contains(&byte);
            assert_eq!(
                is_cors_unsafe_request_header_byte(byte),
                expected,
                "{byte:#04x}"
            );
        }
    }

    #[test]
    fn safelisted_header() {
        // Chromium SafelistedHeader.
        assert!(is_cors_safelisted_request_header("accept", b"foo"));
        assert!(!is_cors_safelisted_request_header("foo", b"bar"));
        assert!(!is_cors_safelisted_request_header("user-agent", b"foo"));
        // Client hints are Chromium extensions, not the standard's.
        assert!(!is_cors_safelisted_request_header("dpr", b"1"));
        assert!(!is_cors_safelisted_request_header(
            "Sec-CH-UA",
            b"\"User Agent!\""
        ));
        assert!(!is_cors_safelisted_request_header(
            "Lang",
            b"\"en\", \"de\""
        ));
    }

    #[test]
    fn safelisted_accept() {
        // Chromium SafelistedAccept.
        assert!(is_cors_safelisted_request_header("accept", b"text/html"));
        assert!(is_cors_safelisted_request_header("AccepT", b"text/html"));
        for byte in 0_u8..=0xFF {
            let expected = byte >= 0x80 || ALLOWED.contains(&byte);
            assert_eq!(
                is_cors_safelisted_request_header("accept", &[byte]),
                expected,
                "{byte:#04x}"
            );
            assert_eq!(
                is_cors_safelisted_request_header("AccepT", &[byte]),
                expected,
                "{byte:#04x}"
            );
        }
        assert!(is_cors_safelisted_request_header("accept", &[b'a'; 128]));
        assert!(!is_cors_safelisted_request_header("accept", &[b'a'; 129]));
        assert!(is_cors_safelisted_request_header("AccepT", &[b'a'; 128]));
        assert!(!is_cors_safelisted_request_header("AccepT", &[b'a'; 129]));
    }

    #[test]
    fn safelisted_accept_language_and_content_language() {
        // Chromium SafelistedAcceptLanguage and SafelistedContentLanguage.
        for name in [
            "accept-language",
            "aCcEPT-lAngUAge",
            "content-language",
            "cONTent-LANguaGe",
        ] {
            assert!(is_cors_safelisted_request_header(name, b"en,ja"), "{name}");
            for byte in 0_u8..=0xFF {
                assert_eq!(
                    is_cors_safelisted_request_header(name, &[byte]),
                    ALLOWED_LANGUAGE.contains(&byte),
                    "{name} {byte:#04x}"
                );
            }
            assert!(
                is_cors_safelisted_request_header(name, &[b'a'; 128]),
                "{name}"
            );
            assert!(
                !is_cors_safelisted_request_header(name, &[b'a'; 129]),
                "{name}"
            );
        }
        assert!(is_cors_safelisted_request_header(
            "Accept-Language",
            b"en-US,en;q=0.9,*;q=0.1"
        ));
        assert!(!is_cors_safelisted_request_header(
            "Accept-Language",
            b"en_US"
        ));
        assert!(is_cors_safelisted_request_header("Accept-Language", b""));
    }

    #[test]
    fn safelisted_content_type() {
        // Chromium SafelistedContentType.
        for byte in 0_u8..=0xFF {
            let mut value = b"text/plain; charset=".to_vec();
            value.push(byte);
            let expected = byte >= 0x80 || ALLOWED.contains(&byte);
            assert_eq!(
                is_cors_safelisted_request_header("content-type", &value),
                expected,
                "{byte:#04x}"
            );
            assert_eq!(
                is_cors_safelisted_request_header("cONtent-tYPe", &value),
                expected,
                "{byte:#04x}"
            );
        }
        for value in [
            &b"text/plain"[..],
            b"text/plain; charset=utf-8",
            b"  text/plain ; charset=UTF-8",
            b"text/plain; param=BOGUS",
            b"application/x-www-form-urlencoded",
            b"multipart/form-data",
            b"multipart/form-data; boundary=----x",
            b"Text/plain",
            b"tEXT/PLAIN",
        ] {
            assert!(
                is_cors_safelisted_request_header("content-type", value),
                "{value:?}"
            );
        }
        assert!(is_cors_safelisted_request_header(
            "CoNtEnt-TyPE",
            b"text/plain"
        ));
        // A quoted parameter value contains 0x22 ("), a CORS-unsafe byte.
        assert!(!is_cors_safelisted_request_header(
            "content-type",
            b"text/plain;charset=\"utf-8\""
        ));
        for value in [
            &b"text/html"[..],
            b"image/png",
            b"application/json",
            b"text/plain, application/json",
            b"application/json, text/plain",
            b"text/plain;",
            b"",
            b"text",
            b"text/plain(",
            b"text/plain; charset=\"a\\\"b\"",
            b"multipart/form-data; boundary=\"a:b\"",
            b"text/plain\x7F",
            b"text/pl\xE1in",
        ] {
            // `text/plain;` is safelisted, the others are not.
            let expected = value == b"text/plain;";
            assert_eq!(
                is_cors_safelisted_request_header("content-type", value),
                expected,
                "{value:?}"
            );
        }
        assert!(!is_cors_safelisted_request_header(
            "CoNtEnt-TyPE",
            b"text/html"
        ));
        let long = |n: usize| [&b"text/plain; charset="[..], &vec![b'a'; n]].concat();
        assert_eq!(long(108).len(), 128);
        assert!(is_cors_safelisted_request_header(
            "content-type",
            &long(108)
        ));
        assert!(is_cors_safelisted_request_header(
            "cONTent-tYPE",
            &long(108)
        ));
        assert!(!is_cors_safelisted_request_header(
            "content-type",
            &long(109)
        ));
        assert!(!is_cors_safelisted_request_header(
            "cONTent-tYPE",
            &long(109)
        ));
    }

    #[test]
    fn safelisted_range() {
        for value in ["bytes=100-200", "bytes=100-", "bytes=0-0", "bytes=0-"] {
            assert!(
                is_cors_safelisted_request_header("Range", value.as_bytes()),
                "{value}"
            );
            assert!(
                is_cors_safelisted_request_header("range", value.as_bytes()),
                "{value}"
            );
        }
        for value in [
            "bytes=-200",
            "bytes=200-100",
            "bytes = 100-200",
            "bytes=100-200,300-400",
            "bytes=100-200, 300-400",
            "bytes=100 -200",
            "bytes=100-200 ",
            "BYTES=100-200",
            "Bytes=100-200",
            "bytes=",
            "bytes=-",
            "items=0-1",
            "",
        ] {
            assert!(
                !is_cors_safelisted_request_header("Range", value.as_bytes()),
                "{value}"
            );
        }
        // A range is never no-CORS-safelisted (it is privileged no-CORS).
        assert!(!is_no_cors_safelisted_request_header("Range", b"bytes=0-1"));
    }

    #[test]
    fn unsafe_names() {
        let headers = |h: &[(&str, &str)]| {
            h.iter()
                .map(|&(n, v)| (n, v.as_bytes()))
                .collect::<HeaderList>()
        };
        // Chromium CorsUnsafeRequestHeaderNames (dpr is not standard).
        assert_eq!(
            cors_unsafe_request_header_names(&HeaderList::new()),
            Vec::<String>::new()
        );
        assert_eq!(
            cors_unsafe_request_header_names(&headers(&[
                ("content-type", "text/plain"),
                ("dpr", "12345"),
                ("aCCept", "en,ja"),
                ("accept-charset", "utf-8"),
                ("uSer-Agent", "foo"),
                ("hogE", "fuga"),
            ])),
            vec!["accept-charset", "dpr", "hoge", "user-agent"]
        );
        assert_eq!(
            cors_unsafe_request_header_names(&headers(&[
                ("content-type", "text/html"),
                ("aCCept", "en,ja"),
                ("hogE", "fuga"),
                ("HOGE", "fuga2"),
            ])),
            vec!["content-type", "hoge"]
        );
        // preflight_controller_unittest.cc: Access-Control-Request-Headers.
        let fruit = headers(&[
            ("Orange", "Orange"),
            ("Apple", "Red"),
            ("Kiwifruit", "Green"),
            ("Content-Type", "application/octet-stream"),
            ("Strawberry", "Red"),
        ]);
        assert_eq!(
            cors_unsafe_request_header_names(&fruit).join(","),
            "apple,content-type,kiwifruit,orange,strawberry"
        );
    }

    #[test]
    fn lengths_count_one_byte_per_code_point() {
        // U+00E9 is one byte of the browser's ByteString, two in UTF-8.
        let e = |n: usize| "\u{e9}".repeat(n);
        assert!(is_cors_safelisted_request_header(
            "accept",
            e(128).as_bytes()
        ));
        assert!(!is_cors_safelisted_request_header(
            "accept",
            e(129).as_bytes()
        ));
        let with = |n: usize| -> HeaderList {
            (0..n)
                .map(|_| ("accept".to_owned(), e(128)))
                .chain([("content-type".to_owned(), "text/plain".to_owned())])
                .collect()
        };
        // 7 * 128 + 10 = 906 bytes (1,802 in UTF-8): within 1024.
        assert!(cors_unsafe_request_header_names(&with(7)).is_empty());
        // 8 * 128 + 10 = 1034 bytes: over.
        assert_eq!(
            cors_unsafe_request_header_names(&with(8)),
            vec!["accept", "content-type"]
        );
    }

    #[test]
    fn unsafe_names_1024_rule() {
        let ones = |n: usize| "1".repeat(n);
        let build = |tail: &str| -> HeaderList {
            [
                ("content-type", format!("text/plain; charset={}", ones(108))),
                ("accept", ones(128)),
                ("accept-language", ones(128)),
                ("content-language", ones(128)),
                ("Accept", ones(128)),
                ("Accept-Language", ones(128)),
                ("Content-Language", ones(128)),
                ("range", format!("bytes=0-{}", ones(119))),
                ("hogE", "fuga".to_owned()),
                ("ACCEPT", tail.to_owned()),
            ]
            .into_iter()
            .map(|(n, v)| (n, v.into_bytes()))
            .collect()
        };
        // 7 * 128 + 127 (range) = 1023, plus the tail.
        // |safelistValueSize| is 1024.
        assert_eq!(cors_unsafe_request_header_names(&build("1")), vec!["hoge"]);
        // |safelistValueSize| is 1025: every safelisted name becomes unsafe.
        assert_eq!(
            cors_unsafe_request_header_names(&build("12")),
            vec![
                "accept",
                "accept-language",
                "content-language",
                "content-type",
                "hoge",
                "range"
            ]
        );
        // A too-long content-type is unsafe on its own and does not count.
        let mut too_long = build("12");
        too_long.set("content-type", format!("text/plain; charset={}", ones(128)));
        assert_eq!(
            cors_unsafe_request_header_names(&too_long),
            vec!["content-type", "hoge"]
        );
    }

    #[test]
    fn unsafe_names_by_custom_predicate() {
        // Chromium's list with its client hints, as a browser profile would
        // pass it (`dpr`: 1*DIGIT ["." 1*DIGIT]).
        let chromium = |name: &str, value: &[u8]| {
            is_cors_safelisted_request_header(name, value)
                || (name.eq_ignore_ascii_case("dpr")
                    && value.len() <= 128
                    && !value.is_empty()
                    && value.iter().all(u8::is_ascii_digit))
        };
        let headers: HeaderList = [
            ("content-type", "text/plain"),
            ("dpr", "12345"),
            ("aCCept", "en,ja"),
            ("accept-charset", "utf-8"),
            ("uSer-Agent", "foo"),
            ("hogE", "fuga"),
        ]
        .into_iter()
        .collect();
        assert_eq!(
            cors_unsafe_request_header_names_by(&headers, chromium),
            vec!["accept-charset", "hoge", "user-agent"]
        );
        assert_eq!(
            cors_unsafe_request_header_names_by(&headers, |_, _| false),
            vec![
                "accept",
                "accept-charset",
                "content-type",
                "dpr",
                "hoge",
                "user-agent"
            ]
        );
    }

    #[test]
    fn no_cors_safelisted() {
        // Chromium NoCorsSafelistedHeaderName.
        for name in [
            "accept",
            "AcCePT",
            "accept-language",
            "acCEPt-lAnguage",
            "content-language",
            "coNTENt-lAnguage",
            "content-type",
            "CONTENT-TYPE",
        ] {
            assert!(is_no_cors_safelisted_request_header_name(name), "{name}");
        }
        for name in ["range", "cookie", "foobar"] {
            assert!(!is_no_cors_safelisted_request_header_name(name), "{name}");
        }
        assert!(is_no_cors_safelisted_request_header(
            "Content-Type",
            b"text/plain"
        ));
        assert!(!is_no_cors_safelisted_request_header(
            "Content-Type",
            b"application/json"
        ));
        assert!(!is_no_cors_safelisted_request_header(
            "Accept",
            &[b'a'; 129]
        ));
        assert!(!is_no_cors_safelisted_request_header("X-Foo", b"bar"));
    }

    #[test]
    fn safelisted_response_header_names() {
        let none: &[String] = &[];
        for name in [
            "Cache-Control",
            "content-language",
            "CONTENT-LENGTH",
            "Content-Type",
            "Expires",
            "Last-Modified",
            "pragma",
        ] {
            assert!(
                is_cors_safelisted_response_header_name(name, none),
                "{name}"
            );
        }
        for name in [
            "Date",
            "ETag",
            "Set-Cookie",
            "X-Custom",
            "Content-Encoding",
            "*",
        ] {
            assert!(
                !is_cors_safelisted_response_header_name(name, none),
                "{name}"
            );
        }
        let exposed = [
            "x-custom".to_owned(),
            "Set-Cookie".to_owned(),
            "set-cookie2".to_owned(),
            "*".to_owned(),
        ];
        assert!(is_cors_safelisted_response_header_name(
            "X-Custom", &exposed
        ));
        assert!(is_cors_safelisted_response_header_name("*", &exposed));
        assert!(!is_cors_safelisted_response_header_name(
            "Set-Cookie",
            &exposed
        ));
        assert!(!is_cors_safelisted_response_header_name(
            "SET-COOKIE2",
            &exposed
        ));
        assert!(!is_cors_safelisted_response_header_name(
            "X-Other", &exposed
        ));
        assert!(is_cors_safelisted_response_header_name("ETag", &["etag"]));
    }
}
