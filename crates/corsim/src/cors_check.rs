//! The CORS check on a response (and on a preflight response).

use crate::browser::AllowOriginStyle;
use crate::header::HeaderList;
use crate::reason::CorsFailure;

/// Performs a CORS check: does this response let `request_origin` read it?
///
/// `request_origin` is the result of serializing the request origin: `null`
/// when the origin is opaque or the request was tainted by a redirect.
/// `include_credentials` is true when the request's credentials mode is
/// `include`. Repeated headers are combined with `, ` first, as every
/// engine does.
///
/// ```
/// use corsim::cors_check::cors_check;
/// use corsim::browser::AllowOriginStyle;
/// use corsim::header::HeaderList;
/// use corsim::reason::CorsFailure;
///
/// let mut headers = HeaderList::new();
/// headers.append("Access-Control-Allow-Origin", b"*");
/// assert_eq!(cors_check(&headers, "https://app.example", false, AllowOriginStyle::Chromium), Ok(()));
/// assert_eq!(
///     cors_check(&headers, "https://app.example", true, AllowOriginStyle::Chromium),
///     Err(CorsFailure::WildcardOriginNotAllowed)
/// );
/// ```
///
/// <https://fetch.spec.whatwg.org/#concept-cors-check>
pub fn cors_check(
    headers: &HeaderList,
    request_origin: &str,
    include_credentials: bool,
    style: AllowOriginStyle,
) -> Result<(), CorsFailure> {
    // Step 1: Let origin be the result of getting `Access-Control-Allow-Origin`.
    let Some(origin) = headers.get_combined("access-control-allow-origin") else {
        // Step 2: If origin is null, then return failure.
        return Err(CorsFailure::MissingAllowOriginHeader);
    };
    if *origin == *b"*" {
        // Step 3: If credentials mode is not "include" and origin is `*`, success.
        if !include_credentials {
            return Ok(());
        }
        return Err(CorsFailure::WildcardOriginNotAllowed);
    }
    // Step 4: If the byte-serialized request origin is not origin, failure.
    if *origin != *request_origin.as_bytes() {
        let lines = headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case("access-control-allow-origin"))
            .count();
        let value = String::from_utf8_lossy(&origin).into_owned();
        return Err(classify_mismatch(value, lines, style));
    }
    // Step 5: If credentials mode is not "include", then return success.
    if !include_credentials {
        return Ok(());
    }
    // Step 6-7: `Access-Control-Allow-Credentials` must be exactly `true`.
    let credentials = headers.get_combined("access-control-allow-credentials");
    if credentials.as_deref() == Some(b"true") {
        return Ok(());
    }
    // Step 8: Return failure.
    Err(CorsFailure::InvalidAllowCredentials {
        value: credentials.map_or_else(String::new, |v| String::from_utf8_lossy(&v).into_owned()),
    })
}

/// How a browser words an `Access-Control-Allow-Origin` that does not match.
fn classify_mismatch(value: String, lines: usize, style: AllowOriginStyle) -> CorsFailure {
    match style {
        AllowOriginStyle::HeaderLines if lines > 1 => {
            CorsFailure::MultipleAllowOriginValues { value }
        }
        AllowOriginStyle::Comma if value.contains(',') => {
            CorsFailure::MultipleAllowOriginValues { value }
        }
        AllowOriginStyle::HeaderLines | AllowOriginStyle::Comma => {
            CorsFailure::AllowOriginMismatch { value }
        }
        AllowOriginStyle::Chromium => {
            // Chromium cors.cc CheckAccess: any space or comma means several values.
            if value.contains([' ', ',']) {
                CorsFailure::MultipleAllowOriginValues { value }
            } else if value == "null" {
                CorsFailure::AllowOriginMismatch { value }
            } else if crate::url_parser(&value, None).is_err() {
                // GURL(value).is_valid(): "foo" and "" are invalid; a path or a
                // trailing slash still parses, so those are mismatches.
                CorsFailure::InvalidAllowOriginValue { value }
            } else {
                CorsFailure::AllowOriginMismatch { value }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(
        allow_origin: &[&str],
        allow_credentials: Option<&str>,
        origin: &str,
        creds: bool,
    ) -> Result<(), CorsFailure> {
        let mut h = HeaderList::new();
        for v in allow_origin {
            h.append("Access-Control-Allow-Origin", v.as_bytes());
        }
        if let Some(c) = allow_credentials {
            h.append("Access-Control-Allow-Credentials", c.as_bytes());
        }
        cors_check(&h, origin, creds, AllowOriginStyle::Chromium)
    }

    #[test]
    fn chromium_classification() {
        let o = "https://app.example";
        assert_eq!(
            check(&[], None, o, false),
            Err(CorsFailure::MissingAllowOriginHeader)
        );
        assert_eq!(check(&["*"], None, o, false), Ok(()));
        assert_eq!(
            check(&["*"], Some("true"), o, true),
            Err(CorsFailure::WildcardOriginNotAllowed)
        );
        assert_eq!(check(&[o], None, o, false), Ok(()));
        assert_eq!(
            check(&[o, o], None, o, false),
            Err(CorsFailure::MultipleAllowOriginValues {
                value: format!("{o}, {o}")
            })
        );
        assert_eq!(
            check(&["http://a http://b"], None, o, false),
            Err(CorsFailure::MultipleAllowOriginValues {
                value: "http://a http://b".into()
            })
        );
        assert_eq!(
            check(&["invalid.origin"], None, o, false),
            Err(CorsFailure::InvalidAllowOriginValue {
                value: "invalid.origin".into()
            })
        );
        assert_eq!(
            check(&["https://app.example/"], None, o, false),
            Err(CorsFailure::AllowOriginMismatch {
                value: "https://app.example/".into()
            })
        );
        assert_eq!(
            check(&["null"], None, o, false),
            Err(CorsFailure::AllowOriginMismatch {
                value: "null".into()
            })
        );
        assert_eq!(check(&["null"], None, "null", false), Ok(()));
        assert_eq!(
            check(&[o], Some("True"), o, true),
            Err(CorsFailure::InvalidAllowCredentials {
                value: "True".into()
            })
        );
        assert_eq!(
            check(&[o], None, o, true),
            Err(CorsFailure::InvalidAllowCredentials {
                value: String::new()
            })
        );
        assert_eq!(check(&[o], Some("true"), o, true), Ok(()));
    }
}
