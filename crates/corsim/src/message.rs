//! Console messages: each browser words a [`Reason`] in its own way.
//!
//! One table per engine, from its source:
//! Blink `cors_error_string.cc` and `fetch_manager.cc`, Firefox
//! `security.properties`, WebKit `CrossOriginAccessControl.cpp` and
//! `ThreadableLoader.cpp`.

use std::fmt::Write as _;

use crate::browser::ConsoleStyle;
use crate::reason::{CorsFailure, Reason};
use crate::scenario::Api;
use crate::verdict::Stage;

/// What a console message needs to know besides the reason.
#[derive(Debug, Clone)]
pub struct MessageContext<'a> {
    /// `fetch()` or XHR.
    pub api: Api,
    /// The URL the failing request (or preflight) went to.
    pub url: &'a str,
    /// The URL the script asked for (differs after redirects).
    pub initial_url: &'a str,
    /// The page's origin, serialized.
    pub page_origin: &'a str,
    /// The request's origin, serialized: `null` once a redirect tainted it.
    pub request_origin: &'a str,
    /// The method of the failing request.
    pub method: &'a str,
    /// The status of the response that failed a check, if there was one.
    pub status: Option<u16>,
    /// The request's mode is `no-cors`.
    pub no_cors: bool,
    /// Where the failing redirect response pointed, when a check failed on a
    /// redirect response.
    pub redirect_location: Option<&'a str>,
}

/// The console lines `style` prints for `reason`.
#[must_use]
pub fn console_lines(
    style: ConsoleStyle,
    ctx: &MessageContext<'_>,
    reason: &Reason,
) -> Vec<String> {
    match style {
        ConsoleStyle::None => Vec::new(),
        ConsoleStyle::Chromium => chromium(ctx, reason),
        ConsoleStyle::Firefox => firefox(ctx, reason),
        ConsoleStyle::WebKit => webkit(ctx, reason),
    }
}

const CHROMIUM_WITH_CREDENTIALS_XHR: &str = " The credentials mode of requests initiated by the XMLHttpRequest is controlled by the withCredentials attribute.";
const CHROMIUM_VALID_VALUE_HINT: &str = " Have the server send the header with a valid value.";

/// Blink `GetErrorStringForConsoleMessage` body for a CORS failure.
fn chromium_cors_body(api: Api, failure: &CorsFailure) -> String {
    let xhr = api == Api::Xhr;
    let fetch_hint = if xhr { "" } else { CHROMIUM_VALID_VALUE_HINT };
    let xhr_hint = if xhr {
        CHROMIUM_WITH_CREDENTIALS_XHR
    } else {
        ""
    };
    match failure {
        CorsFailure::WildcardOriginNotAllowed => format!(
            "The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'.{xhr_hint}"
        ),
        CorsFailure::MissingAllowOriginHeader => {
            "No 'Access-Control-Allow-Origin' header is present on the requested resource.".to_owned()
        }
        CorsFailure::MultipleAllowOriginValues { value } => format!(
            "The 'Access-Control-Allow-Origin' header contains multiple values '{}', but only one is allowed.{fetch_hint}",
            encode_hint(value)
        ),
        CorsFailure::InvalidAllowOriginValue { value } => format!(
            "The 'Access-Control-Allow-Origin' header contains the invalid value '{}'.{fetch_hint}",
            encode_hint(value)
        ),
        CorsFailure::AllowOriginMismatch { value } => format!(
            "The 'Access-Control-Allow-Origin' header has a value '{}' that is not equal to the supplied origin.{fetch_hint}",
            encode_hint(value)
        ),
        CorsFailure::InvalidAllowCredentials { value } => format!(
            "The value of the 'Access-Control-Allow-Credentials' header in the response is '{}' which must be 'true' when the request's credentials mode is 'include'.{xhr_hint}",
            encode_hint(value)
        ),
    }
}

/// Blink `EncodeHint`: printable ASCII verbatim, anything else as `\uXXXX`.
fn encode_hint(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        if (' '..='~').contains(&c) {
            out.push(c);
        } else {
            let mut buf = [0u16; 2];
            for unit in c.encode_utf16(&mut buf) {
                let _ = write!(out, "\\u{unit:04X}");
            }
        }
    }
    out
}

fn chromium(ctx: &MessageContext<'_>, reason: &Reason) -> Vec<String> {
    let kind = match ctx.api {
        Api::Fetch => "fetch",
        Api::Xhr => "XMLHttpRequest",
    };
    let (preflight_prefix, body) = match reason {
        Reason::Cors { preflight, failure } => (*preflight, chromium_cors_body(ctx.api, failure)),
        Reason::PreflightInvalidStatus { .. } => (true, "It does not have HTTP ok status.".to_owned()),
        Reason::PreflightDisallowedRedirect { .. } => {
            (true, "Redirect is not allowed for a preflight request.".to_owned())
        }
        Reason::InvalidAllowMethods { .. } => (
            false,
            "Cannot parse Access-Control-Allow-Methods response header field in preflight response."
                .to_owned(),
        ),
        Reason::InvalidAllowHeaders { .. } => (
            false,
            "Cannot parse Access-Control-Allow-Headers response header field in preflight response."
                .to_owned(),
        ),
        Reason::MethodDisallowed { method } => (
            false,
            format!(
                "Method {} is not allowed by Access-Control-Allow-Methods in preflight response.",
                encode_hint(method)
            ),
        ),
        Reason::HeaderDisallowed { name, .. } => (
            false,
            format!(
                "Request header field {} is not allowed by Access-Control-Allow-Headers in preflight response.",
                encode_hint(name)
            ),
        ),
        Reason::RedirectContainsCredentials { .. } => (
            false,
            "Redirect location '' contains a username and password, which is disallowed for cross-origin requests.".to_owned(),
        ),
        // Refused after a redirect, the fetch is aborted silently.
        Reason::DisallowedByMode if ctx.url != ctx.initial_url => return Vec::new(),
        Reason::DisallowedByMode => {
            return vec![format!(
                "Fetch API cannot load {}. Request mode is \"same-origin\" but the URL's origin is not same as the request origin {}.",
                ctx.url, ctx.page_origin
            )];
        }
        Reason::NoCorsRedirectMode => {
            return vec![format!(
                "Fetch API cannot load {}. Request mode is \"no-cors\" but the redirect mode is not \"follow\".",
                ctx.url
            )];
        }
        // After a redirect it is a CORS error (Chromium cors_url_loader.cc).
        Reason::CorsDisabledScheme { .. } if ctx.url != ctx.initial_url => (
            false,
            "Cross origin requests are only supported for protocol schemes: chrome, chrome-experimental-site-token-provider, chrome-extension, chrome-untrusted, data, http, https, isolated-app.".to_owned(),
        ),
        Reason::CorsDisabledScheme { scheme } => {
            return vec![format!(
                "Fetch API cannot load {}. URL scheme \"{scheme}\" is not supported.",
                ctx.url
            )];
        }
        // Network errors print only a network-log line ("Failed to load
        // resource: net::ERR_…"), which is not part of the console output
        // corsim reports (see `docs/format.md`).
        // Construction errors are exceptions the script catches: nothing is printed.
        _ => return Vec::new(),
    };
    let redirected = if ctx.url == ctx.initial_url {
        String::new()
    } else {
        format!("(redirected from '{}') ", ctx.initial_url)
    };
    let prefix = if preflight_prefix {
        "Response to preflight request doesn't pass access control check: "
    } else {
        ""
    };
    vec![format!(
        "Access to {kind} at '{}' {redirected}from origin '{}' has been blocked by CORS policy: {prefix}{body}",
        ctx.url, ctx.page_origin
    )]
}

const FIREFOX_BLOCKED: &str =
    "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at";

fn firefox(ctx: &MessageContext<'_>, reason: &Reason) -> Vec<String> {
    let url = ctx.url;
    let status = ctx
        .status
        .map_or_else(|| "(null)".to_owned(), |s| s.to_string());
    let reason_text = match reason {
        Reason::Cors { failure, .. } => match failure {
            CorsFailure::MissingAllowOriginHeader => format!(
                "{url}. (Reason: CORS header \u{2018}Access-Control-Allow-Origin\u{2019} missing). Status code: {status}."
            ),
            // The one message that quotes the URL.
            CorsFailure::WildcardOriginNotAllowed => format!(
                "\u{2018}{url}\u{2019}. (Reason: Credential is not supported if the CORS header \u{2018}Access-Control-Allow-Origin\u{2019} is \u{2018}*\u{2019})."
            ),
            CorsFailure::MultipleAllowOriginValues { .. } => format!(
                "{url}. (Reason: Multiple CORS header \u{2018}Access-Control-Allow-Origin\u{2019} not allowed)."
            ),
            CorsFailure::InvalidAllowOriginValue { value } | CorsFailure::AllowOriginMismatch { value } => format!(
                "{url}. (Reason: CORS header \u{2018}Access-Control-Allow-Origin\u{2019} does not match \u{2018}{value}\u{2019})."
            ),
            CorsFailure::InvalidAllowCredentials { .. } => format!(
                "{url}. (Reason: expected \u{2018}true\u{2019} in CORS header \u{2018}Access-Control-Allow-Credentials\u{2019})."
            ),
        },
        Reason::PreflightInvalidStatus { .. } => {
            format!("{url}. (Reason: CORS preflight response did not succeed). Status code: {status}.")
        }
        Reason::PreflightDisallowedRedirect { .. } => {
            format!("{url}. (Reason: CORS request external redirect not allowed).")
        }
        Reason::InvalidAllowMethods { token, .. } => format!(
            "{url}. (Reason: invalid token \u{2018}{token}\u{2019} in CORS header \u{2018}Access-Control-Allow-Methods\u{2019})."
        ),
        Reason::InvalidAllowHeaders { token, .. } => format!(
            "{url}. (Reason: invalid token \u{2018}{token}\u{2019} in CORS header \u{2018}Access-Control-Allow-Headers\u{2019})."
        ),
        Reason::MethodDisallowed { .. } => format!(
            "{url}. (Reason: Did not find method in CORS header \u{2018}Access-Control-Allow-Methods\u{2019})."
        ),
        Reason::HeaderDisallowed { name, .. } => format!(
            "{url}. (Reason: header \u{2018}{name}\u{2019} is not allowed according to header \u{2018}Access-Control-Allow-Headers\u{2019} from CORS preflight response)."
        ),
        // No console line for WebSocket URLs or in no-cors mode (recorded from
        // Firefox ESR 153).
        Reason::CorsDisabledScheme { scheme } if ctx.no_cors || scheme == "ws" || scheme == "wss" => {
            return Vec::new();
        }
        Reason::CorsDisabledScheme { .. } => format!("{url}. (Reason: CORS request not http)."),
        // Firefox's same-origin mode check (recorded from Firefox ESR 153);
        // the page is at the root of its origin.
        Reason::DisallowedByMode => {
            return vec![format!(
                "Security Error: Content at {}/ may not load data from {url}.",
                ctx.page_origin
            )];
        }
        // Network errors, and a redirect whose location holds credentials
        // (recorded from Firefox ESR 153).
        Reason::NetworkError
        | Reason::InvalidResponse
        | Reason::RedirectContainsCredentials { .. }
        | Reason::InvalidRedirectLocation { .. } => {
            format!("{url}. (Reason: CORS request did not succeed). Status code: (null).")
        }
        _ => return Vec::new(),
    };
    let mut lines = vec![format!("{FIREFOX_BLOCKED} {reason_text}")];
    // A failed preflight is followed by the request's own failure line
    // (recorded from Firefox ESR 153).
    if let Reason::PreflightDisallowedRedirect { status } = reason {
        lines.push(format!(
            "{FIREFOX_BLOCKED} {url}. (Reason: CORS preflight response did not succeed). Status code: {status}."
        ));
    }
    // So is a CORS failure on a redirect response.
    let on_redirect = matches!(
        reason,
        Reason::Cors {
            preflight: false,
            ..
        }
    ) && ctx.redirect_location.is_some();
    if reason.stage(false) == Stage::Preflight || on_redirect {
        lines.push(format!(
            "{FIREFOX_BLOCKED} {url}. (Reason: CORS request did not succeed). Status code: (null)."
        ));
    }
    lines
}

/// How WebKit's `HTTPHeaderMap` spells a header name: the standard casing
/// for the names it knows (`HTTPHeaderNames.in`), the script's otherwise.
fn webkit_header_name(as_written: &str) -> String {
    const KNOWN: &[&str] = &[
        "Accept",
        "Accept-Language",
        "Authorization",
        "Cache-Control",
        "Content-Disposition",
        "Content-Encoding",
        "Content-Language",
        "Content-Location",
        "Content-Range",
        "Content-Type",
        "ETag",
        "If-Match",
        "If-Modified-Since",
        "If-None-Match",
        "If-Range",
        "If-Unmodified-Since",
        "Last-Event-ID",
        "Last-Modified",
        "Link",
        "Location",
        "Pragma",
        "Purpose",
        "Range",
        "Refresh",
        "Timing-Allow-Origin",
        "X-Content-Type-Options",
        "X-DNS-Prefetch-Control",
        "X-Frame-Options",
        "X-SourceMap",
        "X-XSS-Protection",
    ];
    KNOWN
        .iter()
        .find(|k| k.eq_ignore_ascii_case(as_written))
        .map_or_else(|| as_written.to_owned(), |k| (*k).to_owned())
}

fn webkit(ctx: &MessageContext<'_>, reason: &Reason) -> Vec<String> {
    let api = match ctx.api {
        Api::Fetch => "Fetch API",
        Api::Xhr => "XMLHttpRequest",
    };
    let detail = match reason {
        Reason::Cors { failure, preflight } => {
            let text = match failure {
                CorsFailure::WildcardOriginNotAllowed => {
                    "Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true.".to_owned()
                }
                CorsFailure::MultipleAllowOriginValues { .. } => {
                    "Access-Control-Allow-Origin cannot contain more than one origin.".to_owned()
                }
                CorsFailure::MissingAllowOriginHeader
                | CorsFailure::InvalidAllowOriginValue { .. }
                | CorsFailure::AllowOriginMismatch { .. } => format!(
                    "Origin {} is not allowed by Access-Control-Allow-Origin. Status code: {}",
                    ctx.request_origin,
                    ctx.status.unwrap_or(0)
                ),
                CorsFailure::InvalidAllowCredentials { .. } => {
                    "Credentials flag is true, but Access-Control-Allow-Credentials is not \"true\".".to_owned()
                }
            };
            // A redirect response that fails the check names its target.
            match ctx.redirect_location {
                Some(location) if !preflight => Some(format!(
                    "Cross-origin redirection to {location} denied by Cross-Origin Resource Sharing policy: {text}"
                )),
                _ => Some(text),
            }
        }
        Reason::PreflightInvalidStatus { status } | Reason::PreflightDisallowedRedirect { status } => {
            Some(format!("Preflight response is not successful. Status code: {status}"))
        }
        Reason::InvalidAllowMethods { value, .. } => {
            Some(format!("Header Access-Control-Allow-Methods has an invalid value: {value}"))
        }
        Reason::InvalidAllowHeaders { value, .. } => {
            Some(format!("Header Access-Control-Allow-Headers has an invalid value: {value}"))
        }
        Reason::MethodDisallowed { method } => {
            Some(format!("Method {method} is not allowed by Access-Control-Allow-Methods."))
        }
        Reason::HeaderDisallowed { as_written, .. } => Some(format!(
            "Request header field {} is not allowed by Access-Control-Allow-Headers.",
            webkit_header_name(as_written)
        )),
        Reason::InvalidRedirectLocation { location } => Some(format!(
            "Cross-origin redirection to {location} denied by Cross-Origin Resource Sharing policy: not allowed to follow a cross-origin CORS redirection with non CORS scheme"
        )),
        // The same-origin mode check prints one plain line (after a redirect,
        // the usual access-control line).
        Reason::DisallowedByMode if ctx.url == ctx.initial_url => {
            return vec![format!("{api} cannot load {}.", ctx.url)];
        }
        // An https page asking for another scheme in no-cors mode is mixed content.
        Reason::CorsDisabledScheme { .. } if ctx.no_cors && ctx.page_origin.starts_with("https:") => Some(format!(
            "[blocked] The page at {}/ requested insecure content from {}. This content was blocked and must be served over HTTPS.",
            ctx.page_origin, ctx.url
        )),
        // Network errors and exceptions thrown by the constructor print nothing.
        Reason::NetworkError | Reason::InvalidResponse => return Vec::new(),
        _ if reason.stage(false) == Stage::Construct => return Vec::new(),
        _ => None,
    };
    detail
        .into_iter()
        .chain([format!(
            "{api} cannot load {} due to access control checks.",
            ctx.url
        )])
        .collect()
}
