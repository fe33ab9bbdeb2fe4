//! Safari, as WebKit: recorded from WebKitGTK 2.50 (`MiniBrowser`, libsoup
//! networking; `tests/browsers/fixtures/webkit`), its quirks read from
//! `Source/WebCore/loader/CrossOriginAccessControl.cpp` and
//! `CrossOriginPreflightResultCache.cpp`.
//!
//! Safari on macOS and iOS shares `WebCore` but not the network stack: where
//! a quirk comes from libsoup (the whitespace kept around header values) or
//! from WebKitGTK's build, Safari may differ; those quirks say so.
//!
//! Everything WebKit does its own way is here: its quirks and its console
//! wording (`CrossOriginAccessControl.cpp`, `ThreadableLoader.cpp`).

use super::{
    AllowOriginStyle, CacheModel, ConsoleStyle, DisallowedHeaderOrder, MaxAgeRules, Quirks,
    RedirectPreflight, UrlRules, WireRules,
};
use crate::local_network::{LocalNetworkQuirks, TargetAddressSpaceRule};
use crate::message::MessageContext;
use crate::reason::{CorsFailure, Reason};
use crate::scenario::Api;
use crate::verdict::Stage;

/// What this profile is.
pub static PROFILE: super::Profile = super::Profile {
    display_name: "Safari",
    recorded_from: "WebKitGTK 2.50 MiniBrowser (Debian) under Xvfb, over HTTP/1.1 and HTTP/2 (tests/browsers/fixtures/webkit); Safari on macOS and iOS uses another network stack, so whitespace in response header values and network-level failures may differ there",
    fetch_network_error: Some("Load failed"),
    is_browser: true,
};

/// Safari, as recorded in WebKitGTK (`tests/browsers/fixtures/webkit`).
pub static SAFARI: Quirks = Quirks {
    // `CrossOriginAccessControl.cpp` `validateCrossOriginResourceSharing`:
    // a comma means "more than one origin" (recorded:
    // cors-check_chromium-multiple-comma, cors-check_origin-htm-disallow-*).
    allow_origin: AllowOriginStyle::Comma,
    // `CrossOriginPreflightResultCache.cpp`: `maxPreflightCacheTimeout` is
    // 600 s (source only: no recording reaches the cap); an unparsable value
    // falls back to the 5 s default (recorded: rec_cache_max-age-abc-then-1_0s,
    // rec_cache_max-age-1_5-then-1_0s), a negative one is not cached
    // (recorded: cache_max-age-minus-1-not-cached, cache_max-age-negative-765).
    max_age: MaxAgeRules {
        default: 5,
        cap: 600,
        invalid: Some(5),
        negative: None,
        empty_is_absent: false,
    },
    // `CrossOriginPreflightResultCache`: one item per (origin, URL), replaced
    // by each new preflight (source; the recordings also fit a per-item cache).
    // A cached `*` serves a second request with Authorization (recorded:
    // edge_cache-star-*, mix3_126).
    cache: CacheModel::PerUrl(UrlRules {
        star_covers_authorization: true,
    }),
    // Recorded: authorization-wildcard,
    // preflight-response_authorization-star-not-enough.
    wildcard_covers_authorization: true,
    forbid_user_agent: false,
    extra_safelisted_headers: false,
    // A bound must fit in 64 bits (recorded: edge_range-u64-max-* passes,
    // -u64-over-* is preflighted).
    range_limit: Some(u64::MAX),
    // Recorded: edge_range-capital-bytes-*, -upper-bytes-* are not
    // preflighted.
    content_type_as_list: false,
    safelist_ascii_only: false,
    safelist_total_limit: Some(1024),
    redirect_keeps_preflight: RedirectPreflight::EveryHop,
    cross_origin_delete_redirects_as_get: true,
    range_unit_any_case: true,
    // One value per name, as in Chromium (recorded: edge_repeat-accept-over-
    // 128-fetch, -content-type-same-fetch, -range-fetch).
    safelist_combined_values: true,
    // Recorded: edge_redirect-303-put-json sends a second preflight, for a
    // GET with content-type, at the new origin.
    redirect_keeps_body_headers: true,
    // Recorded: edge_redirect-30x-authorization send a second preflight
    // with authorization at the new origin.
    redirect_keeps_authorization: true,
    // The mode before mixed content (recorded: edge_mixed-mode-*).
    mode_before_mixed_content: true,
    preflight_redirect_first: false,
    // `validatePreflightResponse` checks the status before the CORS check
    // (recorded: preflight-response_redirected-preflight-302,
    // preflight-response_xhr-status-308).
    preflight_status_first: true,
    // Recorded: the wkorder cases of scenarios/mix.json (`X-B` before
    // `X-A`; `Content-Type` before `Authorization`, both before `X-Api-Key`).
    disallowed_header_order: DisallowedHeaderOrder::KnownNamesFirst(KNOWN_NAMES),
    // Over HTTP/1.1 libsoup's parser strips the whitespace around a value,
    // in cleartext and over TLS (recorded: http-version_h1-acao-*, -acac-*,
    // -acam-*, -acah-*, -expose-*, and http-version_h1s-*).
    http1: WireRules::TRIMMED,
    // Over HTTP/2 libsoup keeps the whitespace around a field value, so
    // `Access-Control-Allow-Origin: \t*` is not `*` (recorded:
    // cors-check_origin-htm-allow-02, -03, -05, -06, -07,
    // http-version_h2-*). Safari's own network stack may trim it.
    http2: WireRules {
        trim_values: false,
        ..WireRules::TRIMMED
    },
    proxy_auth_is_network_error: false,
    // Repeated `Location` or `Content-Disposition` lines, alike or not, are
    // combined like any field, and a redirect follows the combined value as
    // one URL (`/a` and `/b`: `/a,%20/b`; recorded over both versions:
    // repeated/location-differ-302, -same-302, -empty-302,
    // repeated/location-differ-200, repeated/content-disposition-differ).
    conflicting_fields: &[],
    location_lines_joined: true,
    // No recording tells; the Fetch Standard's behaviour.
    stream_request_bodies: true,
    cors_scheme_check_on_redirect: false,
    upload_listener_needs_body: false,
    // The GET after a 302 POST keeps `Origin` (recorded:
    // redirects_method-302-post).
    origin_header_sticky: true,
    data_url_content_length: false,
    repeat_request_header_names: false,
    preflight_origin_untainted: false,
    xhr_safelists_author_content_type: false,
    preflight_flag_allows_method: false,
    console: ConsoleStyle::WebKit,
    // Local Network Access: not gated. Not recorded (the WebKit recorder
    // maps every host to loopback and cannot say otherwise). WebKit trunk
    // is building it (WebKit/WebKit#72725, merged 2026-08: the check in
    // NetworkResourceLoader, no native prompt yet); Safari and WebKitGTK
    // 2.50 are taken not to ship it.
    local_network: LocalNetworkQuirks {
        gated: false,
        local_to_loopback: false,
        permissions_policy: false,
        target_address_space: TargetAddressSpaceRule::Ignored,
        target_address_space_exempts_mixed_content: false,
        secure_context_required: false,
    },
};

/// The header names WebKit's `HTTPHeaderMap` knows (`HTTPHeaderNames.in`)
/// that a script can set: it spells them its own way and keeps them ahead
/// of the others. Found in WebKitGTK 2.50 by a request with `X-Zz` then the
/// name, neither allowed (the message names the known one): 93 names were
/// tried once, 38 of them are kept as fixtures (edge_known-name-*, which
/// show `Purpose`, `Priority`, `X-DNS-Prefetch-Control`, `X-Powered-By`,
/// `Server` and `Icy-Name` are not known); the rest of this list is that
/// one-off recording, checked against `HTTPHeaderNames.in`. The names a
/// script cannot set are left out.
const KNOWN_NAMES: &[&str] = &[
    "Accept",
    "Accept-Language",
    "Accept-Ranges",
    "Access-Control-Allow-Credentials",
    "Access-Control-Allow-Headers",
    "Access-Control-Allow-Methods",
    "Access-Control-Allow-Origin",
    "Access-Control-Expose-Headers",
    "Access-Control-Max-Age",
    "Age",
    "Authorization",
    "Cache-Control",
    "Clear-Site-Data",
    "Content-Disposition",
    "Content-Encoding",
    "Content-Language",
    "Content-Location",
    "Content-Range",
    "Content-Security-Policy",
    "Content-Security-Policy-Report-Only",
    "Content-Type",
    "Cross-Origin-Embedder-Policy",
    "Cross-Origin-Embedder-Policy-Report-Only",
    "Cross-Origin-Opener-Policy",
    "Cross-Origin-Opener-Policy-Report-Only",
    "Cross-Origin-Resource-Policy",
    "Default-Style",
    "ETag",
    "Expires",
    "Icy-MetaInt",
    "Icy-Metadata",
    "If-Match",
    "If-Modified-Since",
    "If-None-Match",
    "If-Range",
    "If-Unmodified-Since",
    "Last-Event-ID",
    "Last-Modified",
    "Link",
    "Location",
    "Ping-From",
    "Ping-To",
    "Pragma",
    "Range",
    "Referrer-Policy",
    "Refresh",
    "Report-To",
    "Reporting-Endpoints",
    "Server-Timing",
    "Service-Worker",
    "Service-Worker-Allowed",
    "Service-Worker-Navigation-Preload",
    "Set-Cookie2",
    "SourceMap",
    "Timing-Allow-Origin",
    "Upgrade-Insecure-Requests",
    "User-Agent",
    "Vary",
    "X-Content-Type-Options",
    "X-Frame-Options",
    "X-SourceMap",
    "X-Temp-Tablet",
    "X-XSS-Protection",
];

/// How WebKit's `HTTPHeaderMap` spells a header name: its own casing for
/// the names it knows ([`KNOWN_NAMES`]), the script's otherwise (recorded:
/// `content-type` is printed `Content-Type`, `x-b` as written).
fn webkit_header_name(as_written: &str) -> String {
    KNOWN_NAMES
        .iter()
        .find(|k| k.eq_ignore_ascii_case(as_written))
        .map_or_else(|| as_written.to_owned(), |k| (*k).to_owned())
}

pub(crate) fn console(ctx: &MessageContext<'_>, reason: &Reason) -> Vec<String> {
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
        // A redirect to `data:` is refused with the same words; to `ftp:`
        // with none (recorded: redirects_location-data, -ftp).
        Reason::RedirectToNonHttpScheme { location } if location.starts_with("data:") => Some(format!(
            "Cross-origin redirection to {location} denied by Cross-Origin Resource Sharing policy: not allowed to follow a cross-origin CORS redirection with non CORS scheme"
        )),
        // The same-origin mode check prints one plain line (after a redirect,
        // the usual access-control line).
        Reason::DisallowedByMode if ctx.url == ctx.initial_url => {
            return vec![format!("{api} cannot load {}.", ctx.url)];
        }
        // An https page asking for another scheme in no-cors mode is mixed
        // content; an http: URL is too (WebKit's MixedContentChecker, the
        // same line; http: not recorded, the recorder maps every host to
        // loopback).
        Reason::MixedContent => Some(format!(
            "[blocked] The page at {}/ requested insecure content from {}. This content was blocked and must be served over HTTPS.",
            ctx.page_origin, ctx.url
        )),
        Reason::CorsDisabledScheme { .. } if ctx.no_cors && ctx.page_origin.starts_with("https:") => Some(format!(
            "[blocked] The page at {}/ requested insecure content from {}. This content was blocked and must be served over HTTPS.",
            ctx.page_origin, ctx.url
        )),
        // Network errors and exceptions thrown by the constructor print nothing.
        Reason::NetworkError | Reason::InvalidResponse => return Vec::new(),
        _ if reason.stage(false) == Stage::Construct => return Vec::new(),
        _ => None,
    };
    // The summary of a hop that mixed content refuses after a redirect
    // names the URL the script asked for (recorded:
    // edge_mixed-mode-redirect-no-cors); every other one the current URL.
    let summary_url = if matches!(reason, Reason::MixedContent) {
        ctx.initial_url
    } else {
        ctx.url
    };
    detail
        .into_iter()
        .chain([format!(
            "{api} cannot load {summary_url} due to access control checks."
        )])
        .collect()
}
