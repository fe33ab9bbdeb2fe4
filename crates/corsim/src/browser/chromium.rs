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
    RedirectPreflight, UrlRules, WireRules,
};
use crate::header::HeaderList;
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
    // recordings also fit a per-item cache). A cached `*` does not serve a
    // second request with Authorization: it is preflighted again (recorded:
    // edge_cache-star-*).
    cache: CacheModel::PerUrl(UrlRules {
        star_covers_authorization: false,
    }),
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
    // The mode before mixed content: fetch_manager.cc checks the mode and
    // leaves mixed content to ResourceFetcher (recorded: edge_mixed-mode-*).
    mode_before_mixed_content: true,
    // preflight_controller.cc HandleRedirect (source; no recording tells
    // the order apart).
    preflight_redirect_first: true,
    preflight_status_first: false,
    // Chromium walks the request's headers in the order of Blink's header
    // map, a hash table: neither the order set nor sorted, the same for
    // `fetch()` and XHR (recorded: edge_disallowed-order-*, where `X-B` then
    // `X-A` names `x-a`; edge_known-name-*), and to a potentially
    // trustworthy URL with more names in the map (edge_https-*, mix2_091).
    // See `header_map_walk`.
    disallowed_header_order: DisallowedHeaderOrder::HeaderMapOrder,
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
pub(crate) fn is_client_hint_safelisted(lowercase: &str, value: &[u8]) -> Option<bool> {
    let digits = |v: &[u8]| !v.is_empty() && v.iter().all(u8::is_ascii_digit);
    let decimal = |v: &[u8]| match v.iter().position(|&b| b == b'.') {
        Some(dot) => digits(&v[..dot]) && digits(&v[dot + 1..]),
        None => digits(v),
    };
    let ok = match lowercase {
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

/// The User-Agent client hints Chromium sends with a request to a
/// potentially trustworthy URL (seen in the recorder's `--debug` log of
/// `https:` requests, not of `http:` ones). Their order here is a guess
/// that no recording tells apart from the others.
const UA_CLIENT_HINTS: [&str; 3] = ["sec-ch-ua", "sec-ch-ua-mobile", "sec-ch-ua-platform"];

/// The names of a request's headers in the order Chromium walks them when
/// it looks for one a preflight did not allow (`EnsureAllowedCrossOriginHeaders`
/// walks the headers as Blink handed them over, from its header map): the
/// headers sorted by name for `fetch()` and as set for XHR, then `Accept`
/// where the request has none, then, for a request to a potentially
/// trustworthy URL (`ua_client_hints`), the User-Agent client hints, placed
/// in [`header_map_order`]'s table in that order. The sorting, the `Accept`
/// and the hints are what fits the recordings (edge_disallowed-order-*,
/// edge_known-name-*, and for the hints `mix2_091` and the `https:` twins of
/// the first two, `edge_https-disallowed-order-*` and
/// `edge_https-known-name-*`), not read from source. What the recordings
/// show of the hints is that an `https:` request's table holds more names
/// than an `http:` one's (any one more name fits them, as they are few);
/// that they are these three, in this order, is the likely reason, not a
/// recorded one.
pub(crate) fn header_map_walk(headers: &HeaderList, api: Api, ua_client_hints: bool) -> Vec<&str> {
    let mut names: Vec<&str> = headers.iter().map(|(n, _)| n).collect();
    if api == Api::Fetch {
        crate::collections::sort_by(&mut names, |a, b| {
            a.bytes()
                .map(|c| c.to_ascii_lowercase())
                .cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
        });
    }
    if !headers.contains("accept") {
        names.push("Accept");
    }
    if ua_client_hints {
        names.extend(UA_CLIENT_HINTS);
    }
    header_map_order(names)
}

/// The order a WTF hash table holds `names` in (insertion order given; a
/// repeated name counts once): at least 8 buckets, doubled once half full,
/// open addressing with double hashing, keyed by the lowercased name
/// hashed with rapidhash over its UTF-16 code units (the low 24 bits).
/// rapidhash and the 24-bit mask are read from Blink's `string_hasher.h`;
/// the table's probing and sizing are WTF's `hash_table.h` as remembered,
/// and the UTF-16 units are what fits: held to the recordings, it agrees
/// with every fixture that names one of several disallowed headers.
pub(crate) fn header_map_order<'a>(names: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let mut keys: Vec<&str> = Vec::new();
    let mut table: Vec<Option<usize>> = vec![None; 8];
    for name in names {
        if keys.iter().any(|k| k.eq_ignore_ascii_case(name)) {
            continue;
        }
        keys.push(name);
        insert(&mut table, keys.len() - 1, &keys);
        if keys.len() * 2 >= table.len() {
            let doubled = vec![None; table.len() * 2];
            let old = std::mem::replace(&mut table, doubled);
            for key in old.into_iter().flatten() {
                insert(&mut table, key, &keys);
            }
        }
    }
    table.into_iter().flatten().map(|k| keys[k]).collect()
}

/// Puts key `k` in the first free bucket of its probe sequence.
fn insert(table: &mut [Option<usize>], k: usize, keys: &[&str]) {
    let mask = table.len() - 1;
    let hash = case_folding_hash(keys[k]);
    let mut i = hash as usize & mask;
    let step = 1 | double_hash(hash) as usize;
    while table[i].is_some() {
        i = (i + step) & mask;
    }
    table[i] = Some(k);
}

/// WTF's `CaseFoldingHash` of an ASCII name: rapidhash of the lowercased
/// UTF-16 code units, masked to 24 bits (never 0).
fn case_folding_hash(name: &str) -> u32 {
    let units: Vec<u8> = name
        .bytes()
        .flat_map(|b| [b.to_ascii_lowercase(), 0])
        .collect();
    let hash = (rapidhash(&units) & 0x00ff_ffff) as u32;
    if hash == 0 {
        0x0080_0000
    } else {
        hash
    }
}

/// WTF's `DoubleHash`: the probe step.
fn double_hash(key: u32) -> u32 {
    let mut key = (!key).wrapping_add(key >> 23);
    key ^= key << 12;
    key ^= key >> 7;
    key ^= key << 2;
    key ^= key >> 20;
    key
}

/// rapidhash (Nicolas De Carli, BSD-2-Clause) with its default seed and
/// secrets, as Chromium's `third_party/rapidhash` computes it.
fn rapidhash(p: &[u8]) -> u64 {
    const SECRET: [u64; 3] = [
        0x2d35_8dcc_aa6c_78a5,
        0x8bb8_4b93_962e_acc9,
        0x4b33_a62e_d433_d4a3,
    ];
    let mul = |a: u64, b: u64| {
        let r = u128::from(a) * u128::from(b);
        (r as u64, (r >> 64) as u64)
    };
    let mix = |a: u64, b: u64| {
        let (lo, hi) = mul(a, b);
        lo ^ hi
    };
    let read64 = |i: usize| u64::from_le_bytes(p[i..i + 8].try_into().unwrap_or_default());
    let read32 = |i: usize| {
        u64::from(u32::from_le_bytes(
            p[i..i + 4].try_into().unwrap_or_default(),
        ))
    };
    let len = p.len();
    let mut seed = 0xbdd8_9aa9_8270_4029_u64;
    seed ^= mix(seed ^ SECRET[0], SECRET[1]) ^ len as u64;
    let (mut a, mut b);
    if len <= 16 {
        if len >= 4 {
            let last = len - 4;
            a = (read32(0) << 32) | read32(last);
            // 4 when len >= 8, else 0.
            let delta = (len & 0b1_1000) >> (len >> 3);
            b = (read32(delta) << 32) | read32(last - delta);
        } else if len > 0 {
            a = (u64::from(p[0]) << 56) | (u64::from(p[len >> 1]) << 32) | u64::from(p[len - 1]);
            b = 0;
        } else {
            a = 0;
            b = 0;
        }
    } else {
        let (mut i, mut off) = (len, 0);
        if i > 48 {
            let (mut lane1, mut lane2) = (seed, seed);
            while i >= 48 {
                seed = mix(read64(off) ^ SECRET[0], read64(off + 8) ^ seed);
                lane1 = mix(read64(off + 16) ^ SECRET[1], read64(off + 24) ^ lane1);
                lane2 = mix(read64(off + 32) ^ SECRET[2], read64(off + 40) ^ lane2);
                off += 48;
                i -= 48;
            }
            seed ^= lane1 ^ lane2;
        }
        if i > 16 {
            seed = mix(read64(off) ^ SECRET[2], read64(off + 8) ^ seed ^ SECRET[1]);
            if i > 32 {
                seed = mix(read64(off + 16) ^ SECRET[2], read64(off + 24) ^ seed);
            }
        }
        a = read64(off + i - 16);
        b = read64(off + i - 8);
    }
    a ^= SECRET[1];
    b ^= seed;
    (a, b) = mul(a, b);
    mix(a ^ SECRET[0] ^ len as u64, b ^ SECRET[1])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Orders the recordings show (edge_disallowed-order-*, `fetch()` POSTs
    /// with a string body): of the headers a preflight did not allow, the
    /// one Chromium names, whatever order they were set in. The map holds
    /// them sorted, with the body's `Content-Type`, then `Accept`.
    #[test]
    fn the_header_map_order_is_the_recorded_one() {
        let named = |map: &[&'static str], disallowed: &[&str]| {
            header_map_order(map.iter().copied().chain(["Accept"]))
                .into_iter()
                .find(|n| disallowed.iter().any(|d| d.eq_ignore_ascii_case(n)))
        };
        let (a, b) = (["X-A", "X-B"], ["Authorization", "X-Api-Key"]);
        assert_eq!(named(&["Content-Type", "X-A", "X-B"], &a), Some("X-A"));
        assert_eq!(
            named(
                &["Authorization", "Content-Type"],
                &["authorization", "content-type"]
            ),
            Some("Content-Type")
        );
        assert_eq!(
            named(&["Authorization", "Content-Type", "X-Api-Key"], &b),
            Some("Authorization")
        );
        assert_eq!(
            named(
                &["Content-Type", "X-Api-Key", "X-Requested-With"],
                &["x-api-key", "x-requested-with"]
            ),
            Some("X-Requested-With")
        );
        // A repeated name counts once, as first written.
        assert_eq!(header_map_order(["x-b", "X-B"]), ["x-b"]);
        // The table doubles once half full and keeps every name.
        let many: Vec<String> = (0..40).map(|i| format!("x-h{i}")).collect();
        assert_eq!(header_map_order(many.iter().map(String::as_str)).len(), 40);
    }
}
