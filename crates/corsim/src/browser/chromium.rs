//! Chromium as shipped (Chrome, Edge, Opera): recorded from Chromium 156
//! (`tests/browsers/fixtures/chromium`), its quirks read from Blink and
//! `services/network/public/cpp/cors`.
//!
//! Everything Chromium does its own way is here: its quirks, its extra
//! CORS-safelisted request-headers (client hints), and its console wording
//! (Blink `cors_error_string.cc` and `fetch_manager.cc`).

use std::fmt::Write as _;

use super::{
    AllowOriginStyle, CacheModel, ConsoleStyle, DisallowedHeaderOrder, MaxAgeRules, Quirks,
    RedirectPreflight, WireRules,
};
use crate::local_network::{LocalNetworkQuirks, TargetAddressSpaceRule};
use crate::message::MessageContext;
use crate::reason::{CorsFailure, Reason};
use crate::scenario::Api;

/// What this profile is.
pub static PROFILE: super::Profile = super::Profile {
    display_name: "Chrome",
    recorded_from:
        "Chromium 156 (Debian), headless, over HTTP/1.1 and HTTP/2 (tests/browsers/fixtures/chromium)",
    fetch_network_error: Some("Failed to fetch"),
    is_browser: true,
};

/// Chromium as shipped.
pub static CHROME: Quirks = Quirks {
    // cors.cc CheckAccess (recorded: cors-check_chromium-invalid-origin-value,
    // cors-check_chromium-multiple-space).
    allow_origin: AllowOriginStyle::Chromium,
    // preflight_result.cc ParseAccessControlMaxAge: cap 7200 and negative 0
    // (source only: no recording reaches either); unparsable 5 (recorded:
    // rec_cache_max-age-abc-then-1_0s).
    max_age: MaxAgeRules {
        default: 5,
        cap: 7200,
        invalid: Some(5),
        negative: Some(0),
        empty_is_absent: false,
    },
    // preflight_cache.cc: one PreflightResult per (origin, URL) (source; the
    // recordings also fit a per-item cache).
    cache: CacheModel::PerUrl,
    // `CorsNonWildcardRequestHeadersSupport` is off by default, so `*`
    // covers Authorization, without a console warning (recorded:
    // authorization-wildcard, preflight-response_authorization-star-*).
    wildcard_covers_authorization: true,
    // Recorded: rec_forbidden_user-agent.
    forbid_user_agent: true,
    // Recorded: safelist_some-headers-safelisted, safelist_total-*-bytes.
    extra_safelisted_headers: true,
    // Recorded: a bound of 2^63-1 or more is preflighted (edge_range-i64-
    // max-*, -i64-max-start-*, -i64-over-*, -u64-*); 2^63-2 passed in a
    // one-off recording not kept as a fixture.
    range_limit: Some(i64::MAX as u64 - 1),
    content_type_as_list: false,
    safelist_ascii_only: false,
    safelist_total_limit: Some(1024),
    redirect_keeps_preflight: RedirectPreflight::AsNeeded,
    cross_origin_delete_redirects_as_get: false,
    range_unit_any_case: false,
    // Recorded: edge_repeat-accept-over-128-fetch, -content-type-same-fetch
    // and -range-fetch are preflighted: each value alone is safelisted, the
    // combined one is not.
    redirect_keeps_body_headers: false,
    redirect_keeps_authorization: false,
    safelist_combined_values: true,
    // preflight_controller.cc HandleRedirect (source; no recording tells
    // the order apart).
    preflight_redirect_first: true,
    preflight_status_first: false,
    // Chromium walks the request's headers in the order of Blink's header
    // map, a hash table: neither the order set nor sorted, and the same for
    // `fetch()` and XHR (recorded: edge_disallowed-order-*, where `X-B` then
    // `X-A` names `x-a` and `Content-Type` and `Authorization` name
    // `content-type` in either order; edge_known-name-*). Not modelled: the
    // order set is what preflight-request_cors-preflight-13 and every
    // earlier fixture show; the cases where it is not are listed in
    // tests/browsers/deviations.txt.
    disallowed_header_order: DisallowedHeaderOrder::RequestOrder,
    // The whitespace around a value is gone over either version (recorded:
    // http-version_h1-acao-*, -acac-*, -acam-*, -acah-*, -expose-*, and
    // http-version_h2-*), and any status 200-999 is a response, over HTTP/2
    // too (recorded: http-version_h1-status-*, http-version_h2-status-*,
    // preflight-response_xhr-status-680, -790; an earlier recording of
    // those two showed `ERR_HTTP2_PROTOCOL_ERROR` because the recorder's
    // HTTP/2 server reset the stream instead of sending the status).
    http1: WireRules::TRIMMED,
    http2: WireRules::TRIMMED,
    // Recorded: preflight-response_xhr-status-407.
    proxy_auth_is_network_error: true,
    // `net::ERR_RESPONSE_HEADERS_MULTIPLE_LOCATION` and
    // `_CONTENT_DISPOSITION` (the recorded net errors; over both versions: repeated/location-differ-200, -differ-302, -empty-302,
    // repeated/content-disposition-differ), and one value for a repeated
    // alike `Location` (repeated/location-same-302).
    conflicting_fields: &["location", "content-disposition"],
    location_lines_joined: false,
    stream_request_bodies: true,
    // Recorded: redirects_location-ftp.
    cors_scheme_check_on_redirect: true,
    // Recorded: rec_xhr_before-send-get-nobody, rec_xhr_before-send-post-nobody.
    upload_listener_needs_body: true,
    origin_header_sticky: false,
    data_url_content_length: false,
    repeat_request_header_names: false,
    preflight_origin_untainted: false,
    xhr_safelists_author_content_type: false,
    preflight_flag_allows_method: false,
    console: ConsoleStyle::Chromium,
    // Local Network Access, recorded from Chromium 156
    // (tests/browsers/scenarios/lna.json): public → local/loopback gated;
    // local → loopback let through (lna-local-page-to-loopback); the
    // top-level origin's decision applies to an iframe with or without an
    // `allow` attribute (lna-iframe-no-allow-top-granted,
    // lna-iframe-frame-granted-top-denied); targetAddressSpace checked
    // (lna-target-address-space-*).
    local_network: LocalNetworkQuirks {
        gated: true,
        local_to_loopback: false,
        permissions_policy: false,
        target_address_space: TargetAddressSpaceRule::Checked,
        // Recorded: lna-target-address-space-local.
        target_address_space_exempts_mixed_content: true,
        // Recorded: lna-insecure-page-to-local.
        secure_context_required: true,
    },
};

/// Chromium's extra CORS-safelisted request-headers (client hints).
///
/// Chromium `cors.cc` `IsCorsSafelistedHeader`.
pub(crate) fn is_client_hint_safelisted(name: &str, value: &[u8]) -> Option<bool> {
    let digits = |v: &[u8]| !v.is_empty() && v.iter().all(u8::is_ascii_digit);
    let decimal = |v: &[u8]| match v.iter().position(|&b| b == b'.') {
        Some(dot) => digits(&v[..dot]) && digits(&v[dot + 1..]),
        None => digits(v),
    };
    let ok = match crate::header::lowercase_name(name, &mut [0; 32]) {
        "device-memory" | "dpr" | "downlink" => decimal(value),
        "width" | "viewport-width" | "rtt" => digits(value),
        "ect" => matches!(value, b"slow-2g" | b"2g" | b"3g" | b"4g"),
        "save-data" => value.eq_ignore_ascii_case(b"on"),
        "intervention" => true,
        _ => return None,
    };
    Some(ok && value.len() <= 128)
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

/// Chromium's mixed-content warning when `targetAddressSpace` lets an
/// insecure request through (recorded: lna-target-address-space-local in
/// lna.json); `None` for other console styles.
pub(crate) fn mixed_content_warning(
    style: super::ConsoleStyle,
    page_origin: &str,
    url: &str,
) -> Option<String> {
    (style == ConsoleStyle::Chromium).then(|| {
        format!(
            "Mixed Content: The page at '{page_origin}/' was loaded over HTTPS, but requested an insecure resource '{url}'. This content should also be served over HTTPS."
        )
    })
}

pub(crate) fn console(ctx: &MessageContext<'_>, reason: &Reason) -> Vec<String> {
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
        // Mixed content (recorded:
        // lna-mixed-content-without-target-address-space).
        Reason::MixedContent => {
            return vec![format!(
                "Mixed Content: The page at '{}/' was loaded over HTTPS, but requested an insecure resource '{}'. This request has been blocked; the content must be served over HTTPS.",
                ctx.page_origin, ctx.url
            )];
        }
        // Local Network Access (Blink cors_error_string.cc; recorded:
        // lna-public-to-local-denied, lna-insecure-page-to-local,
        // lna-target-address-space-mismatch).
        Reason::LocalNetworkAccessPermissionDenied { resource, .. } => (
            false,
            format!("Permission was denied for this request to access the `{resource}` address space."),
        ),
        Reason::InsecureLocalNetwork { resource } => (
            false,
            format!("The request client is not a secure context and the resource is in more-private address space `{resource}`."),
        ),
        Reason::InvalidLocalNetworkAccess { target, resource } => (
            false,
            format!("Request had a target IP address space of `{target}` yet the resource is in address space `{resource}`."),
        ),
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
