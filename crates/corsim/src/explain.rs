//! The explanation: every [`Decision`] of a trace in a learner's words, and
//! the values it looked at as `[label, value]` pairs.
//!
//! All of the trace's English is here. The engine records decisions as data
//! ([`crate::trace`]); console wording is each browser's own
//! ([`crate::browser`]).

use crate::decimal::Decimal;
use crate::local_network::{AddressSpace, Gate};
use crate::reason::CorsFailure;
use crate::scenario::{CredentialsMode, HttpVersion, RedirectMode, RequestMode};
use crate::step::Step;
use crate::trace::{CorsCheckValues, Decision, HeaderMatch, Malformed, MaxAgeUse, MethodMatch};
use crate::verdict::CacheStatus;

/// The sentence a learner reads for `decision`, taken at `step`.
#[must_use]
pub fn summary(step: Step, decision: &Decision) -> String {
    use Decision as D;
    let xhr = matches!(
        step,
        Step::XhrOpen | Step::XhrSetRequestHeader | Step::XhrSend
    );
    match decision {
        D::LocalNetworkAccess { page, resource, gate } => local_network_summary(*page, *resource, *gate),
        D::MixedContent { exempt: false, .. } => "An https page asked for an insecure http URL: blocked as mixed content before anything is sent (serve it over https, or, for a device on the local network in Chrome, pass targetAddressSpace).".to_owned(),
        D::MixedContent { exempt: true, .. } => "An https page asked for an insecure http URL, but targetAddressSpace names a local network: only a mixed-content warning; Local Network Access decides.".to_owned(),
        D::UrlHasCredentials { .. } => "The URL contains a username or password: the Request constructor throws a TypeError.".to_owned(),
        D::UrlOk { .. } => "The URL parses and has no username or password.".to_owned(),
        D::InvalidMethod { method } if xhr => format!("\"{method}\" is not a valid method: xhr.open() throws a SyntaxError."),
        D::InvalidMethod { method } => format!("\"{method}\" is not a valid HTTP method (not a token): a TypeError is thrown."),
        D::ForbiddenMethod { method } if xhr => format!("{method} is a forbidden method: xhr.open() throws a SecurityError."),
        D::ForbiddenMethod { method } => format!("{method} is a forbidden method: a TypeError is thrown."),
        D::MethodOk { written, method } if written == method => format!("The method {method} is valid."),
        D::MethodOk { written, method } => format!("\"{written}\" is normalized to {method} (only DELETE, GET, HEAD, OPTIONS, POST and PUT are upper-cased)."),
        D::NoCorsMethod { method } => format!("Mode \"no-cors\" allows only GET, HEAD and POST; {method} throws a TypeError."),
        D::InvalidHeaderName { name } if xhr => format!("\"{name}\" is not a valid header name: setRequestHeader() throws a SyntaxError."),
        D::InvalidHeaderName { name } => format!("\"{name}\" is not a valid header name (not a token): a TypeError is thrown."),
        D::InvalidHeaderValue { name } if xhr => format!("The value of {name} contains NUL, CR or LF: setRequestHeader() throws a SyntaxError."),
        D::InvalidHeaderValue { name } => format!("The value of {name} contains NUL, CR or LF: a TypeError is thrown."),
        D::HeaderNotByteString { name } if xhr => format!("The header {name} has a character above U+00FF, which a header (a ByteString) cannot hold: setRequestHeader() throws a TypeError."),
        D::HeaderNotByteString { name } => format!("The header {name} has a character above U+00FF, which a header (a ByteString) cannot hold: a TypeError is thrown before anything is sent."),
        D::ForbiddenHeaderDropped { name, .. } => format!("{name} is a forbidden request-header: the browser drops it silently."),
        D::NoCorsHeaderDropped { name, .. } => format!("{name} is not a no-CORS-safelisted request-header: mode \"no-cors\" drops it silently."),
        D::BodyWithGetOrHead { method } => format!("A {method} request cannot have a body: the Request constructor throws a TypeError."),
        D::StreamStringified => "This browser has no stream request bodies: the ReadableStream is turned into the string \"[object ReadableStream]\".".to_owned(),
        D::ContentTypeKept { .. } => "The script set Content-Type itself, so the body's own type is not added.".to_owned(),
        D::ContentTypeAdded { .. } => "The body brings its own Content-Type, added to the request headers.".to_owned(),
        D::StreamNeedsCorsMode { .. } => "A stream body needs mode \"cors\" or \"same-origin\": the Request constructor throws a TypeError.".to_owned(),
        D::StreamSetsPreflightFlag => "A stream body sets the use-CORS-preflight flag: a cross-origin request will be preflighted.".to_owned(),
        D::XhrOpen { written, method, .. } if written == method => format!("xhr.open(\"{method}\", url)."),
        D::XhrOpen { written, method, .. } => format!("xhr.open() normalizes \"{written}\" to {method}."),
        D::XhrForbiddenHeaderIgnored { name } => format!("{name} is a forbidden request-header: setRequestHeader() silently ignores it."),
        D::XhrBodyIgnored { method } => format!("xhr.send() ignores the body of a {method} request."),
        D::XhrCharsetRewritten { .. } => "For a string body, xhr.send() rewrites the charset parameter to UTF-8.".to_owned(),
        D::XhrContentTypeAdded { .. } => "The body brings its own Content-Type.".to_owned(),
        D::UploadListenerWithoutBody => "An upload listener was registered, but there is no body to upload: this browser leaves the use-CORS-preflight flag unset.".to_owned(),
        D::UploadListenerBeforeSend => "An upload listener was registered before send(): the use-CORS-preflight flag is set, so a cross-origin request is preflighted.".to_owned(),
        D::UploadListenerAfterSend => "The upload listener was registered after send(): too late to set the use-CORS-preflight flag.".to_owned(),
        D::RedirectSetsPreflightFlag => "The request was preflighted, and this browser preflights every hop after its redirects: the use-CORS-preflight flag is set, so the next hop is preflighted even if its method and headers need none.".to_owned(),
        _ => fetch_summary(decision),
    }
}

/// The sentences of main fetch and what follows it.
fn fetch_summary(decision: &Decision) -> String {
    use Decision as D;
    match decision {
        D::DataUrl { .. } => "A data: URL is answered by the browser itself: a basic response, no CORS and no server.".to_owned(),
        D::SameOrigin { .. } => "The URL is same-origin with the page: a basic fetch, the CORS protocol does not apply.".to_owned(),
        D::SameOriginModeCrossOrigin { .. } => "Mode \"same-origin\" and a cross-origin URL: a network error.".to_owned(),
        D::NoCorsRedirectMode { .. } => "Mode \"no-cors\" requires redirect mode \"follow\": a network error.".to_owned(),
        D::NoCorsScheme { scheme } => format!("The browser cannot fetch {scheme}: URLs: a network error."),
        D::NoCors { .. } => "Mode \"no-cors\": the request is sent without the CORS protocol and the response will be opaque.".to_owned(),
        D::CorsScheme { scheme } => format!("CORS requests are only possible to http and https URLs, not {scheme}:."),
        D::Cors { back: true, .. } => "Back on the page's origin after a cross-origin redirect: the request stays a CORS request.".to_owned(),
        D::Cors { back: false, .. } => "The URL is cross-origin: the CORS protocol applies.".to_owned(),
        D::SafelistedMethod { method, safelisted: true } => format!("{method} is a CORS-safelisted method (GET, HEAD, POST)."),
        D::SafelistedMethod { method, safelisted: false } => format!("{method} is not a CORS-safelisted method: it needs a preflight."),
        D::HeadersSafelisted { .. } => "Every request header is CORS-safelisted.".to_owned(),
        D::UnsafeHeaders { names } => format!("These headers are not CORS-safelisted and need a preflight: {}.", names.join(", ")),
        D::CacheHit { .. } => "A cached preflight result still covers this method and these headers: no preflight is sent.".to_owned(),
        D::CacheMiss { status: CacheStatus::Miss, .. } => "No cached preflight result for this origin and URL: a preflight is sent.".to_owned(),
        D::CacheMiss { status: CacheStatus::Stale, .. } => "The cached preflight result has expired: a new preflight is sent.".to_owned(),
        D::CacheMiss { status: CacheStatus::Insufficient, .. } => "The cached preflight result does not cover this method or these headers: a new preflight is sent.".to_owned(),
        D::RequestSent { method, url, origin, credentials } => format!(
            "{method} {url} is sent{}{}.",
            origin.as_ref().map_or_else(|| " without an Origin header".to_owned(), |o| format!(" with Origin: {o}")),
            if *credentials { ", with cookies" } else { ", without cookies" }
        ),
        D::FieldWhitespace { http, trimmed, headers } => field_whitespace(*http, *trimmed, headers),
        D::Unreachable => "The server could not be reached: a network error (not a CORS failure).".to_owned(),
        D::Malformed { why } => format!("The browser rejects the whole response because {}: a network error, not a CORS failure.", malformed(why)),
        D::Restarted { status, attempt, limit } => format!("A {status}: the browser sends the same request again (attempt {attempt} of at most {limit})."),
        D::CorsCheck(check) => cors_check_summary(check, false),
        D::RedirectModeError { status } => format!("A {status} redirect with redirect mode \"error\": a network error."),
        D::RedirectManual { status } => format!("A {status} redirect with redirect mode \"manual\": the script gets an opaque-redirect response."),
        _ => preflight_summary(decision),
    }
}

/// The sentences of the CORS-preflight fetch.
fn preflight_summary(decision: &Decision) -> String {
    use Decision as D;
    match decision {
        D::PreflightSent { url, .. } => format!("The browser sends a preflight: OPTIONS {url}, without cookies."),
        D::PreflightUnreachable => "The server could not be reached for the preflight: a network error.".to_owned(),
        D::PreflightMalformed { why } => format!("The browser rejects the preflight response because {}: a network error.", malformed(why)),
        D::PreflightRedirected { status } => format!("The preflight was answered with a {status} redirect: preflights are never redirected."),
        D::PreflightBadStatus { status } => format!("The preflight response has status {status}; it must be an ok status (200-299)."),
        D::PreflightOkStatus { status } => format!("The preflight response status {status} is an ok status."),
        D::PreflightCorsCheck(check) => cors_check_summary(check, true),
        D::PreflightSameOrigin { .. } => "The preflight goes to the page's own origin with the page's Origin: a same-origin request, whose response needs no Access-Control-Allow-Origin.".to_owned(),
        D::AllowMethodsInvalid { token, .. } => format!("Access-Control-Allow-Methods does not parse: \"{token}\" is not a method token."),
        D::AllowHeadersInvalid { token, .. } => format!("Access-Control-Allow-Headers does not parse: \"{token}\" is not a header-name token."),
        D::AllowMethods { method, how, .. } => match how {
            MethodMatch::Listed => format!("{method} is listed in Access-Control-Allow-Methods."),
            MethodMatch::Safelisted => format!("{method} is CORS-safelisted: it needs no listing."),
            MethodMatch::Wildcard => format!("Access-Control-Allow-Methods is * and the request has no credentials: {method} is allowed."),
            MethodMatch::WildcardWithCredentials => format!("{method} is not listed, and * does not count as a wildcard for a request with credentials."),
            MethodMatch::OtherCase => format!("{method} is not listed: method names are case-sensitive, and the list only has another casing."),
            MethodMatch::NotListed => format!("{method} is not listed in Access-Control-Allow-Methods."),
        },
        D::AllowHeaders { how, .. } => match how {
            HeaderMatch::AllAllowed => "Every CORS-unsafe request header is allowed.".to_owned(),
            HeaderMatch::NeedsListing(name) => format!("{name} must be listed explicitly: * in Access-Control-Allow-Headers never covers Authorization."),
            HeaderMatch::WildcardWithCredentials(name) => format!("{name} is not listed, and * is not a wildcard for a request with credentials."),
            HeaderMatch::NotListed(name) => format!("{name} is not listed in Access-Control-Allow-Headers."),
        },
        D::MaxAge { how, .. } => match how {
            MaxAgeUse::Default(seconds) => format!("No Access-Control-Max-Age: the result is cached for the default {seconds} seconds."),
            MaxAgeUse::Capped { sent, cap } => format!("Access-Control-Max-Age {sent} is capped to {cap} seconds."),
            MaxAgeUse::Seconds(seconds) => format!("The result is cached for {seconds} seconds."),
            MaxAgeUse::Invalid { value, seconds: Some(seconds) } => format!("Access-Control-Max-Age \"{value}\" is not a valid number of seconds: {seconds} seconds are used."),
            MaxAgeUse::Invalid { value, seconds: None } => format!("Access-Control-Max-Age \"{value}\" is not a valid number of seconds: the result is not cached."),
        },
        _ => redirect_summary(decision),
    }
}

/// The sentences of HTTP-redirect fetch and of the response.
fn redirect_summary(decision: &Decision) -> String {
    use Decision as D;
    match decision {
        D::RedirectWithoutLocation { status } => format!("A {status} response without a Location header is not a redirect: it is the response."),
        D::RedirectManyLocations { .. } => "The response has more than one Location header: a network error.".to_owned(),
        D::RedirectInvalidLocation { location } => format!("The Location header \"{location}\" is not a valid URL: a network error."),
        D::RedirectCorsScheme { scheme, .. } => format!("A CORS request redirected to a {scheme}: URL: CORS requests are only possible to http and https URLs."),
        D::RedirectNonHttp { scheme, .. } => format!("A redirect to a {scheme}: URL is a network error."),
        D::TooManyRedirects { .. } => "This would be the 21st redirect: a network error.".to_owned(),
        D::RedirectWithCredentials { .. } => "The redirect location contains a username or password, which a CORS request may not follow.".to_owned(),
        D::StreamBodyRedirect => "A stream body cannot be sent again for a redirect other than 303.".to_owned(),
        D::RedirectToGet { status, method, removed } => format!(
            "A {status} redirect turns {method} into GET and drops the body{}.",
            if removed.is_empty() { String::new() } else { format!(" and its headers ({})", removed.join(", ")) }
        ),
        D::AuthorizationRemoved => "The redirect goes to another origin: the Authorization header is removed.".to_owned(),
        D::RedirectFollowed { status, location, count } => format!("A {status} redirect to {location}: the request is fetched again from there (redirect {count} of at most 20)."),
        D::RedirectTainted => "The redirect left an origin that is neither the page's nor the new URL's: from now on the request's origin serializes as null.".to_owned(),
        D::OpaqueRedirectResponse => "The script gets an opaque-redirect response: status 0, no headers, no body.".to_owned(),
        D::OpaqueResponse => "The script gets an opaque response: status 0, no headers, no body. It resolved, but nothing can be read.".to_owned(),
        D::BasicResponse { status, .. } => format!("A basic response with status {status}: every header but Set-Cookie is readable."),
        D::ExposedHeaders { header, credentials, .. } => match header {
            None => "No Access-Control-Expose-Headers: only the CORS-safelisted response headers are readable.".to_owned(),
            Some(v) if *credentials && v.split(',').any(|t| t.trim() == "*") => "Access-Control-Expose-Headers: * is not a wildcard for a request with credentials.".to_owned(),
            Some(_) => "Access-Control-Expose-Headers adds to the CORS-safelisted response headers.".to_owned(),
        },
        D::CorsResponse { status } => format!("The script gets a cors response with status {status}."),
        // Every other decision is worded above.
        _ => String::new(),
    }
}

/// The sentence for response header values with whitespace around them.
fn field_whitespace(http: HttpVersion, trimmed: bool, headers: &[(String, String)]) -> String {
    let values = headers
        .iter()
        .map(|(n, v)| format!("{n}: \"{v}\""))
        .collect::<Vec<_>>()
        .join(", ");
    match (http, trimmed) {
        (HttpVersion::Http1_1, true) => format!(
            "Over HTTP/1.1 the whitespace around a header value is not part of it: the parser strips it from {values}."
        ),
        (HttpVersion::Http1_1, false) => format!(
            "Over HTTP/1.1 the whitespace around a header value is not part of it, but this browser keeps it and compares the value as sent: {values}."
        ),
        (HttpVersion::Http2, true) => format!(
            "Over HTTP/2 a header value arrives as sent; this browser strips the whitespace around {values}."
        ),
        (HttpVersion::Http2, false) => format!(
            "Over HTTP/2 a header value arrives as sent, and this browser keeps the whitespace around it and compares the value as sent: {values}."
        ),
    }
}

/// Why a browser rejects a response outright, as a clause.
fn malformed(why: &Malformed) -> String {
    match why {
        Malformed::NulByte { name } => format!("its {name} header contains a NUL byte"),
        Malformed::ProxyAuth => {
            "it is a 407 (proxy authentication) from a server that is not a proxy".to_owned()
        }
        Malformed::ConflictingLines { name, values } => format!(
            "it repeats {name} with different values ({})",
            values
                .iter()
                .map(|v| format!("\"{v}\""))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Malformed::Restarts { status, attempts } => {
            format!("it answered all {attempts} attempts with {status}")
        }
    }
}

/// The sentence for a CORS check, passed or failed.
fn cors_check_summary(check: &CorsCheckValues, preflight: bool) -> String {
    let origin = &check.origin;
    if let Some(failure) = &check.failure {
        return cors_failure_summary(failure, origin, preflight);
    }
    if preflight {
        "The preflight response passes the CORS check.".to_owned()
    } else if check.allow_origin.as_deref() == Some("*") {
        "Access-Control-Allow-Origin is * and the request has no credentials: the response may be shared.".to_owned()
    } else if check.credentials == CredentialsMode::Include {
        format!("Access-Control-Allow-Origin matches {origin} and Access-Control-Allow-Credentials is true.")
    } else {
        format!("Access-Control-Allow-Origin matches {origin}.")
    }
}

/// A learner's sentence for a failed CORS check.
fn cors_failure_summary(failure: &CorsFailure, origin: &str, preflight: bool) -> String {
    use CorsFailure as F;
    let what = if preflight {
        "The preflight response"
    } else {
        "The response"
    };
    match failure {
        F::MissingAllowOriginHeader => format!("{what} has no Access-Control-Allow-Origin header, so the browser may not share it with {origin}."),
        F::WildcardOriginNotAllowed => format!("{what} says Access-Control-Allow-Origin: *, but the request includes credentials: the wildcard is not allowed then; the server must echo {origin}."),
        F::MultipleAllowOriginValues { value } => format!("{what}'s Access-Control-Allow-Origin holds several values (\"{value}\"); exactly one origin is allowed."),
        F::InvalidAllowOriginValue { value } => format!("{what}'s Access-Control-Allow-Origin \"{value}\" is not a valid origin."),
        F::AllowOriginMismatch { value } => format!("{what}'s Access-Control-Allow-Origin \"{value}\" is not byte-for-byte equal to the request origin {origin}."),
        F::InvalidAllowCredentials { value } if value.is_empty() => format!("The request includes credentials, but {} has no Access-Control-Allow-Credentials: true.", what.to_ascii_lowercase()),
        F::InvalidAllowCredentials { value } => format!("The request includes credentials, but Access-Control-Allow-Credentials is \"{value}\", not exactly true."),
    }
}

/// A `[label, value]` pair.
fn kv(label: &str, value: impl Into<String>) -> (String, String) {
    (label.to_owned(), value.into())
}

/// A header value, or `(absent)`.
fn or_absent(value: Option<&String>) -> String {
    value.map_or_else(|| "(absent)".to_owned(), Clone::clone)
}

/// The sentence for a Local Network Access decision.
fn local_network_summary(page: AddressSpace, resource: AddressSpace, gate: Gate) -> String {
    match gate {
        Gate::NotLocal => format!("The server is in the {resource} address space, not more private than the page's ({page}): no Local Network Access permission is needed."),
        Gate::LocalToLoopback => "From the local address space to loopback: this browser asks no permission.".to_owned(),
        Gate::TargetMatched => format!("targetAddressSpace is \"{resource}\", the server's address space: the request may go without asking."),
        Gate::TargetMismatch { target } => format!("targetAddressSpace is \"{target}\" but the server is in the {resource} address space: a network error, nothing is sent."),
        Gate::InsecureContext => format!("A page that is not a secure context (https) may not reach the more private {resource} address space: a network error, nothing is sent, and no server header can fix it."),
        Gate::NotAllowedByPolicy(p) => format!("The iframe's allow attribute does not delegate \"{}\": a network error, nothing is sent.", p.as_str()),
        Gate::Granted(p) => format!("A {page} page reaching the {resource} address space needs the \"{}\" permission, and it is granted.", p.as_str()),
        Gate::Denied(p) => format!("A {page} page reaching the {resource} address space needs the \"{}\" permission, and it is denied: a network error before any CORS check, nothing is sent, and no server header can fix it.", p.as_str()),
        Gate::Prompt(p) => format!("A {page} page reaching the {resource} address space needs the \"{}\" permission: the browser asks the user, and the request waits until they answer.", p.as_str()),
    }
}

/// The values `decision` looked at, as `[label, value]` pairs.
#[must_use]
pub fn values(decision: &Decision) -> Vec<(String, String)> {
    use Decision as D;
    match decision {
        D::LocalNetworkAccess { page, resource, .. } => vec![
            kv("page address space", page.as_str()),
            kv("server address space", resource.as_str()),
        ],
        D::UrlHasCredentials { url } | D::UrlOk { url } | D::MixedContent { url, .. } => {
            vec![kv("URL", url)]
        }
        D::InvalidMethod { method }
        | D::ForbiddenMethod { method }
        | D::MethodOk { method, .. }
        | D::NoCorsMethod { method }
        | D::BodyWithGetOrHead { method }
        | D::SafelistedMethod { method, .. } => vec![kv("method", method)],
        D::InvalidHeaderName { name }
        | D::InvalidHeaderValue { name }
        | D::HeaderNotByteString { name }
        | D::XhrForbiddenHeaderIgnored { name } => vec![kv("name", name)],
        D::ForbiddenHeaderDropped { name, value } | D::NoCorsHeaderDropped { name, value } => {
            vec![kv("name", name), kv("value", value)]
        }
        D::ContentTypeKept { body_type } => vec![kv("body type", body_type)],
        D::ContentTypeAdded { content_type }
        | D::XhrCharsetRewritten { content_type }
        | D::XhrContentTypeAdded { content_type } => vec![kv("Content-Type", content_type)],
        D::StreamNeedsCorsMode { mode } => vec![kv("mode", mode_name(*mode))],
        D::XhrOpen { method, url, .. } => vec![kv("method", method), kv("URL", url)],
        D::DataUrl { mime } => vec![kv("Content-Type", mime)],
        D::SameOrigin { page, url_origin }
        | D::SameOriginModeCrossOrigin { page, url_origin }
        | D::NoCors { page, url_origin }
        | D::Cors {
            page, url_origin, ..
        } => vec![kv("page origin", page), kv("URL origin", url_origin)],
        D::NoCorsRedirectMode { redirect } => vec![kv("redirect", redirect_name(*redirect))],
        D::NoCorsScheme { scheme } | D::CorsScheme { scheme } => vec![kv("scheme", scheme)],
        D::HeadersSafelisted { headers } | D::PreflightSent { headers, .. } => headers.clone(),
        D::UnsafeHeaders { names } => vec![kv("CORS-unsafe names", names.join(","))],
        D::CacheHit { at } | D::CacheMiss { at, .. } => {
            vec![kv("at", format!("{}s", Decimal(*at)))]
        }
        D::PreflightRedirected { status }
        | D::PreflightBadStatus { status }
        | D::PreflightOkStatus { status } => vec![kv("status", status.to_string())],
        D::PreflightCorsCheck(check) => cors_check_values(check, false),
        D::PreflightSameOrigin { page } => vec![kv("Origin", page)],
        D::CorsCheck(check) => cors_check_values(check, true),
        D::AllowMethodsInvalid { value, .. } => vec![kv("Access-Control-Allow-Methods", value)],
        D::AllowHeadersInvalid { value, .. } => vec![kv("Access-Control-Allow-Headers", value)],
        D::AllowMethods {
            method, allowed, ..
        } => vec![
            kv("method", method),
            kv("Access-Control-Allow-Methods", allowed.join(", ")),
        ],
        D::AllowHeaders {
            unsafe_names,
            allowed,
            ..
        } => vec![
            kv("CORS-unsafe names", unsafe_names.join(",")),
            kv("Access-Control-Allow-Headers", allowed.join(", ")),
        ],
        D::MaxAge { header, .. } => vec![kv("Access-Control-Max-Age", or_absent(header.as_ref()))],
        D::RequestSent {
            origin,
            credentials,
            ..
        } => vec![
            kv(
                "Origin",
                origin.clone().unwrap_or_else(|| "(none)".to_owned()),
            ),
            kv("credentials", credentials.to_string()),
        ],
        D::RedirectManyLocations { location }
        | D::RedirectInvalidLocation { location }
        | D::RedirectCorsScheme { location, .. }
        | D::RedirectNonHttp { location, .. }
        | D::TooManyRedirects { location }
        | D::RedirectWithCredentials { location }
        | D::RedirectFollowed { location, .. } => vec![kv("Location", location)],
        D::RedirectTainted => vec![kv("Origin", "null")],
        D::BasicResponse { readable, .. } => vec![kv("readable", readable.join(", "))],
        D::ExposedHeaders {
            header, readable, ..
        } => vec![
            kv("Access-Control-Expose-Headers", or_absent(header.as_ref())),
            kv("readable", readable.join(", ")),
        ],
        _ => Vec::new(),
    }
}

/// The values of a CORS check: the response's credentials header is shown
/// for a credentialed request's response (`with_credentials_header`), not
/// for a preflight's.
fn cors_check_values(
    check: &CorsCheckValues,
    with_credentials_header: bool,
) -> Vec<(String, String)> {
    let mut values = vec![
        kv("request origin", &check.origin),
        kv(
            "Access-Control-Allow-Origin",
            or_absent(check.allow_origin.as_ref()),
        ),
        kv("credentials mode", credentials_name(check.credentials)),
    ];
    if with_credentials_header && check.credentials == CredentialsMode::Include {
        values.push(kv(
            "Access-Control-Allow-Credentials",
            or_absent(check.allow_credentials.as_ref()),
        ));
    }
    values
}

/// A credentials mode as the format spells it.
pub(crate) fn credentials_name(mode: CredentialsMode) -> &'static str {
    match mode {
        CredentialsMode::Omit => "omit",
        CredentialsMode::SameOrigin => "same-origin",
        CredentialsMode::Include => "include",
    }
}

/// A redirect mode as the format spells it.
pub(crate) fn redirect_name(mode: RedirectMode) -> &'static str {
    match mode {
        RedirectMode::Follow => "follow",
        RedirectMode::Error => "error",
        RedirectMode::Manual => "manual",
    }
}

/// A request mode as the format spells it.
pub(crate) fn mode_name(mode: RequestMode) -> &'static str {
    match mode {
        RequestMode::Cors => "cors",
        RequestMode::NoCors => "no-cors",
        RequestMode::SameOrigin => "same-origin",
    }
}
