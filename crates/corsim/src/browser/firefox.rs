//! Firefox ESR: recorded from Firefox ESR 153
//! (`tests/browsers/fixtures/firefox`), its quirks read from
//! `netwerk/protocol/http/nsCORSListenerProxy.cpp`.
//!
//! Everything Firefox does its own way is here: its quirks and its console
//! wording (`dom/locales/en-US/chrome/security/security.properties`).

use super::{
    AllowOriginStyle, CacheModel, ConsoleStyle, DisallowedHeaderOrder, ItemRules, MaxAgeRules,
    Quirks, RedirectPreflight, RepeatedFields, WireRules,
};
use crate::local_network::{LocalNetworkQuirks, TargetAddressSpaceRule};
use crate::message::MessageContext;
use crate::reason::{CorsFailure, Reason};
use crate::verdict::Stage;

/// What this profile is.
pub static PROFILE: super::Profile = super::Profile {
    display_name: "Firefox",
    recorded_from:
        "Firefox ESR 153 (Debian), headless, over HTTP/1.1 and HTTP/2 (tests/browsers/fixtures/firefox)",
    fetch_network_error: Some("NetworkError when attempting to fetch resource."),
    is_browser: true,
};

/// Firefox ESR, as recorded (`tests/browsers/fixtures/firefox`).
pub static FIREFOX: Quirks = Quirks {
    // More than one header line is "multiple"; anything else that differs is
    // a mismatch (recorded: cors-check_chromium-multiple-comma,
    // cors-check_multiple-acao-lines-*).
    allow_origin: AllowOriginStyle::HeaderLines,
    // nsCORSListenerProxy.cpp: the cap is 86400 s and a negative value is not
    // cached (source only: no recording reaches either); an unparsable value
    // is not cached (recorded: rec_cache_max-age-abc-then-1_0s).
    max_age: MaxAgeRules {
        default: 5,
        cap: 86400,
        invalid: None,
        negative: None,
        // Recorded: edge_max-age-empty-second-request is served from the cache.
        empty_is_absent: true,
    },
    // nsCORSListenerProxy.cpp nsPreflightCache: per credentials mode
    // (recorded: cache_credentialed-entry-serves-uncredentialed), tokens
    // merged with their own expiry, `*` stored literally (recorded:
    // rec_cache_m-PUT-h-star-then-other-header); HEAD needs its own entry
    // (`CheckRequest` exempts GET and POST only; source only).
    cache: CacheModel::PerItem(ItemRules {
        credentialed_serves_all: false,
        wildcard_on_lookup: false,
        head_needs_entry: true,
    }),
    // Recorded (authorization-wildcard): allowed, with a console warning
    // (`CORSAllowHeaderFromPreflightDeprecation`) that WebDriver BiDi does not
    // report (it forwards errors only), so it is not in the verdict.
    wildcard_covers_authorization: true,
    forbid_user_agent: false,
    extra_safelisted_headers: false,
    // Recorded: edge_range-u64-over-* is preflighted, -u64-max-* not.
    range_limit: Some(u64::MAX),
    range_unit_any_case: false,
    // Recorded: safelist_content-type-charset-byte-0x2c (`charset=,`) and
    // -0x3b (`charset=;`) are preflighted; the other 126 bytes as the
    // Fetch Standard says.
    content_type_as_list: true,
    // Recorded: edge_accept-latin1-*, edge_content-type-latin1-param-* are
    // preflighted.
    safelist_ascii_only: true,
    // Recorded: edge_repeat-accept-language-over-1024-fetch (nine values,
    // 1,080 bytes) is not preflighted.
    safelist_total_limit: None,
    redirect_keeps_preflight: RedirectPreflight::EveryHop,
    cross_origin_delete_redirects_as_get: false,
    redirect_keeps_body_headers: false,
    redirect_keeps_authorization: false,
    safelist_combined_values: false,
    // The mode before mixed content (recorded: edge_mixed-mode-*).
    mode_before_mixed_content: true,
    // nsCORSListenerProxy.cpp refuses a redirected preflight before any
    // other check (source; no recording tells the order apart).
    preflight_redirect_first: true,
    preflight_status_first: false,
    disallowed_header_order: DisallowedHeaderOrder::SortedNames,
    // Either version: the whitespace around a value is gone (recorded:
    // http-version_h1-*, http-version_h1s-*, http-version_h2-*).
    //
    // Necko's header array merges a repeated field into one line and skips
    // an empty value (`Access-Control-Allow-Credentials: ` then `true`
    // passes; recorded over both versions: repeated/acac-empty-then-true),
    // while the CORS check counts the original `Access-Control-Allow-Origin`
    // lines over HTTP/1.1 (cors-check_multiple-acao-lines-*).
    http1: WireRules {
        repeated: RepeatedFields::MergedExceptAllowOrigin,
        ..WireRules::TRIMMED
    },
    // Over HTTP/2 Necko adds `X-Firefox-Spdy: h2` to the response, and
    // scripts read it: a basic response lists it, a CORS one when exposed
    // by name or by `*` (recorded: http-version_h2-same-origin-headers,
    // -expose-star, -expose-spdy; not over HTTP/1.1: h1-*, h1s-*).
    //
    // Its HTTP/2 layer hands on one line per name, so repeated
    // `Access-Control-Allow-Origin` lines are one merged value: a mismatch
    // naming it, not "Multiple CORS header" (recorded over HTTP/2:
    // cors-check_multiple-acao-lines-*, cors-check_origin-htm-double-*,
    // where `""` then `*` passes).
    //
    // A 408 is sent again, ten attempts in all, then the fetch fails
    // (recorded: preflight-response_xhr-status-408, repeated/status-408,
    // -status-408-xhr, -preflight-408; a 408 then a 200 is the 200:
    // repeated/status-408-then-200). The source restarts a 408 on a reused
    // connection (`nsHttpConnection::OnHeadersAvailable`); that the HTTP/2
    // requests reuse the page's connection is our reading, not recorded.
    // Over HTTP/1.1 the recorded 408s, on new connections, were taken as
    // they are.
    http2: WireRules {
        added_header: Some(("X-Firefox-Spdy", "h2")),
        repeated: RepeatedFields::Merged,
        restarts_408: Some(10),
        ..WireRules::TRIMMED
    },
    proxy_auth_is_network_error: false,
    // `nsHttpHeaderArray::IsSuspectDuplicateHeader` (Content-Length,
    // Content-Disposition, Location): differing lines fail the channel with
    // NS_ERROR_CORRUPTED_CONTENT (recorded over both versions:
    // repeated/location-differ-200, -differ-302, -empty-302,
    // repeated/content-disposition-differ; alike lines are one value:
    // repeated/location-same-302).
    conflicting_fields: &["location", "content-disposition"],
    location_lines_joined: false,
    // Firefox has no streaming request bodies: `[object ReadableStream]` is
    // sent as text (Firefox ESR 153 was seen doing so; no fixture tells).
    stream_request_bodies: false,
    // A redirect to a scheme that is neither HTTP(S) nor one Necko refuses
    // outright fails the CORS scheme check, as Chromium's does (recorded:
    // redirects_location-ftp, code CorsDisabledScheme).
    cors_scheme_check_on_redirect: true,
    upload_listener_needs_body: false,
    origin_header_sticky: false,
    // Recorded: rec_scheme_data-cors, rec_scheme_data-no-cors.
    data_url_content_length: true,
    // Recorded: preflight-request_duplicate-header-names-deduplicated.
    repeat_request_header_names: true,
    // Recorded: redirects_preflight-after-redirect-30x-cors-to-*-success.
    preflight_origin_untainted: true,
    xhr_safelists_author_content_type: true,
    preflight_flag_allows_method: false,
    console: ConsoleStyle::Firefox,
    // Local Network Access, recorded from Firefox 153 ESR
    // (tests/browsers/scenarios/lna.json; address spaces through
    // network.lna.address_space.*.override, decisions through
    // network.localnetwork / network.loopback-network .prompt.testing[.allow]):
    // public → local/loopback gated, an unanswered prompt leaves the request
    // waiting (lna-public-to-local-prompt); local → loopback let through
    // (lna-local-page-to-loopback); an http: page is asked like any other
    // (lna-insecure-page-to-local); targetAddressSpace ignored
    // (lna-target-address-space-mismatch). Permissions Policy for iframes:
    // not recorded (the testing prefs apply to every origin); modelled as
    // the specification.
    local_network: LocalNetworkQuirks {
        gated: true,
        local_to_loopback: false,
        permissions_policy: true,
        target_address_space: TargetAddressSpaceRule::Ignored,
        // Recorded: lna-target-address-space-local.
        target_address_space_exempts_mixed_content: false,
        secure_context_required: false,
    },
};

const FIREFOX_BLOCKED: &str =
    "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at";

pub(crate) fn console(ctx: &MessageContext<'_>, reason: &Reason) -> Vec<String> {
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
        // Recorded: lna-mixed-content-without-target-address-space.
        Reason::MixedContent => {
            return vec![format!("Blocked loading mixed active content \u{201c}{url}\u{201d}")];
        }
        // A Local Network Access denial of a no-cors request prints nothing
        // (recorded: lna-no-cors-denied).
        Reason::LocalNetworkAccessPermissionDenied { .. } if ctx.no_cors => return Vec::new(),
        // Network errors, and a redirect whose location holds credentials
        // (recorded from Firefox ESR 153).
        Reason::NetworkError
        | Reason::InvalidResponse
        | Reason::RedirectToNonHttpScheme { .. }
        | Reason::RedirectContainsCredentials { .. }
        | Reason::InvalidRedirectLocation { .. }
        | Reason::LocalNetworkAccessPermissionDenied { .. } => {
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
    // A Local Network Access denial fails the preflight's channel and then
    // the request's, with the same line (recorded: lna-preflight-denied).
    if let Reason::LocalNetworkAccessPermissionDenied {
        preflight: true, ..
    } = reason
    {
        lines.push(lines[0].clone());
    }
    // A preflight response the network stack rejects fails the preflight's
    // channel and then the request's, with the same line (recorded:
    // preflight-response_xhr-status-408 over HTTP/2, ten 408s).
    if ctx.preflight_rejected {
        lines.push(lines[0].clone());
    }
    // A redirect to a scheme CORS refuses: then the redirected request's
    // own line (recorded: redirects_location-ftp).
    if matches!(reason, Reason::CorsDisabledScheme { .. }) && ctx.url != ctx.initial_url {
        lines.push(format!(
            "{FIREFOX_BLOCKED} {}. (Reason: CORS request did not succeed). Status code: (null).",
            ctx.initial_url
        ));
    }
    // So is a CORS failure on a redirect response the request would have
    // followed (in "manual" mode, only the first line: recorded mix2_006).
    let on_redirect = matches!(
        reason,
        Reason::Cors {
            preflight: false,
            ..
        }
    ) && ctx.redirect_location.is_some()
        && ctx.follows_redirects;
    if reason.stage(false) == Stage::Preflight || on_redirect {
        lines.push(format!(
            "{FIREFOX_BLOCKED} {url}. (Reason: CORS request did not succeed). Status code: (null)."
        ));
    }
    lines
}
