//! Methods: what a request method is, which are CORS-safelisted, which are
//! forbidden, and how they are normalized.
//!
//! The functions take `&str`; pass an [`http::Method`] with
//! [`http::Method::as_str`].
//!
//! <https://fetch.spec.whatwg.org/#methods>

use crate::header::is_token;

/// Whether `method` is a method: a byte sequence matching the `token`
/// production of RFC 9110 (non-empty, only `tchar`s).
///
/// <https://fetch.spec.whatwg.org/#concept-method>
#[must_use]
pub fn is_method(method: &str) -> bool {
    is_token(method)
}

/// Whether `method` is a CORS-safelisted method: exactly `GET`, `HEAD` or
/// `POST`.
///
/// The comparison is byte-exact, as in the Fetch Standard: `get` is not
/// safelisted until it has been [normalized](normalize_method), which
/// `fetch()` and `XMLHttpRequest` do before the CORS algorithm sees the
/// method. (Chromium's `IsCorsSafelistedMethod` uppercases first; for a
/// normalized method the two agree.)
///
/// <https://fetch.spec.whatwg.org/#cors-safelisted-method>
#[must_use]
pub fn is_cors_safelisted_method(method: &str) -> bool {
    matches!(method, "GET" | "HEAD" | "POST")
}

/// Whether `method` is a forbidden method: a byte-case-insensitive match
/// for `CONNECT`, `TRACE` or `TRACK`.
///
/// <https://fetch.spec.whatwg.org/#forbidden-method>
#[must_use]
pub fn is_forbidden_method(method: &str) -> bool {
    ["CONNECT", "TRACE", "TRACK"]
        .iter()
        .any(|forbidden| method.eq_ignore_ascii_case(forbidden))
}

/// Normalizes `method`: a byte-case-insensitive match for `DELETE`, `GET`,
/// `HEAD`, `OPTIONS`, `POST` or `PUT` is byte-uppercased; any other method
/// (including `patch`) is returned unchanged.
///
/// <https://fetch.spec.whatwg.org/#concept-method-normalize>
#[must_use]
pub fn normalize_method(method: &str) -> String {
    const NORMALIZED: [&str; 6] = ["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"];
    match NORMALIZED
        .iter()
        .find(|name| method.eq_ignore_ascii_case(name))
    {
        Some(name) => (*name).to_owned(),
        None => method.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn methods_are_tokens() {
        for method in [
            "GET",
            "get",
            "CHICKEN",
            "Egg",
            "M-SEARCH",
            "!#$%&'*+-.^_`|~09azAZ",
        ] {
            assert!(is_method(method), "{method}");
        }
        for method in [
            "", "GET ", " GET", "GE T", "GET\r\n", "G(ET)", "GÉT", "a,b", "a/b", "\"GET\"",
        ] {
            assert!(!is_method(method), "{method:?}");
        }
    }

    #[test]
    fn safelisted_methods_are_byte_exact() {
        assert!(is_cors_safelisted_method("GET"));
        assert!(is_cors_safelisted_method("HEAD"));
        assert!(is_cors_safelisted_method("POST"));
        for method in [
            "get", "Get", "post", "OPTIONS", "PUT", "DELETE", "PATCH", "",
        ] {
            assert!(!is_cors_safelisted_method(method), "{method}");
        }
        // Chromium's SafelistedMethod test: case-insensitive after normalization.
        for method in ["get", "Get", "GET", "HEAD", "POST"] {
            assert!(
                is_cors_safelisted_method(&normalize_method(method)),
                "{method}"
            );
        }
        assert!(!is_cors_safelisted_method(&normalize_method("OPTIONS")));
        assert!(is_cors_safelisted_method(http::Method::GET.as_str()));
        assert!(!is_cors_safelisted_method(http::Method::PUT.as_str()));
    }

    #[test]
    fn forbidden_methods() {
        // Chromium cors_unittest.cc IsForbiddenMethod.
        for method in [
            "connect", "CONNECT", "Connect", "CoNnEcT", "trace", "track", "TRACK",
        ] {
            assert!(is_forbidden_method(method), "{method}");
        }
        for method in ["C0NNECT", "trac", "tracz", "GET", "", "CONNECT "] {
            assert!(!is_forbidden_method(method), "{method:?}");
        }
        assert!(is_forbidden_method(http::Method::TRACE.as_str()));
    }

    #[test]
    fn normalize() {
        let cases = [
            ("delete", "DELETE"),
            ("Get", "GET"),
            ("head", "HEAD"),
            ("options", "OPTIONS"),
            ("pOsT", "POST"),
            ("put", "PUT"),
            ("GET", "GET"),
            ("patch", "patch"),
            ("Patch", "Patch"),
            ("PATCH", "PATCH"),
            ("chicken", "chicken"),
            ("connect", "connect"),
            ("gett", "gett"),
        ];
        for (input, output) in cases {
            assert_eq!(normalize_method(input), output, "{input}");
        }
    }
}
