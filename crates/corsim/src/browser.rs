//! Browser profiles: where each engine departs from the Fetch Standard, as data.
//!
//! Every field of [`Quirks`] names its source. The engine asks the profile;
//! it never tests which browser it is simulating.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A browser profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Browser {
    /// Chromium as shipped (Chrome, Edge, Opera): recorded from Chromium 156.
    #[default]
    Chrome,
    /// Firefox.
    Firefox,
    /// Safari (WebKit).
    Safari,
    /// The Fetch Standard to the letter.
    Spec,
}

impl Browser {
    /// Every profile, in the order the playground shows them.
    pub const ALL: [Browser; 4] = [
        Browser::Chrome,
        Browser::Firefox,
        Browser::Safari,
        Browser::Spec,
    ];

    /// The profile's name as the format spells it.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Chrome => "chrome",
            Self::Firefox => "firefox",
            Self::Safari => "safari",
            Self::Spec => "spec",
        }
    }

    /// The profile's deviations from the Fetch Standard.
    #[must_use]
    pub fn quirks(self) -> &'static Quirks {
        match self {
            Self::Chrome => &CHROME,
            Self::Firefox => &FIREFOX,
            Self::Safari => &SAFARI,
            Self::Spec => &SPEC,
        }
    }
}

impl fmt::Display for Browser {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The error for a browser name that is not a profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownBrowser(pub String);

impl fmt::Display for UnknownBrowser {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown browser `{}` (expected chrome, firefox, safari or spec)",
            self.0
        )
    }
}

impl std::error::Error for UnknownBrowser {}

impl FromStr for Browser {
    type Err = UnknownBrowser;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Browser::ALL
            .into_iter()
            .find(|b| b.name() == s)
            .ok_or_else(|| UnknownBrowser(s.to_owned()))
    }
}

/// How `Access-Control-Allow-Origin` values that do not match are classified.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum AllowOriginStyle {
    /// Chromium `cors.cc` `CheckAccess`: a mismatch containing a space or
    /// comma is "multiple values", `null` is a mismatch, a value that is not
    /// a valid URL is "invalid". The spec profile names its failures this way
    /// too: the Fetch Standard only says "failure".
    Chromium,
    /// Firefox `nsCORSListenerProxy.cpp`: more than one header line is
    /// "multiple"; anything else that differs is a mismatch.
    HeaderLines,
    /// WebKit `CrossOriginAccessControl.cpp`: a comma means "more than one
    /// origin"; anything else that differs is a mismatch.
    Comma,
}

/// How `Access-Control-Max-Age` values become a cache lifetime.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MaxAgeRules {
    /// Seconds when the header is absent.
    pub default: u64,
    /// The cap.
    pub cap: u64,
    /// Seconds when the value does not parse (`None`: not cached).
    pub invalid: Option<u64>,
    /// Seconds when the value is a negative integer (`None`: not cached).
    pub negative: Option<u64>,
}

/// How the preflight cache stores and matches results.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum CacheModel {
    /// One entry per method and per header name, keyed by origin and URL.
    PerItem(ItemRules),
    /// Chromium `preflight_cache.cc`: one `PreflightResult` per (origin, URL),
    /// replaced by each new preflight; a stale or insufficient entry is erased.
    PerUrl,
}

/// How a per-item preflight cache matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ItemRules {
    /// A credentialed entry also serves uncredentialed requests (the Fetch
    /// Standard); otherwise credentials are part of the key (Firefox
    /// `nsPreflightCache` `GetCacheKey` with `withCredentials`).
    pub credentialed_serves_all: bool,
    /// A cached `*` matches any method or header on lookup (the Fetch
    /// Standard); otherwise it is a literal token (Firefox `CheckRequest`).
    pub wildcard_on_lookup: bool,
    /// HEAD needs a cached method entry like any other method (Firefox
    /// `CheckRequest` exempts only GET and POST).
    pub head_needs_entry: bool,
}

/// Where a browser departs from the Fetch Standard.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(clippy::struct_field_names)]
pub struct Quirks {
    /// How a mismatching `Access-Control-Allow-Origin` is classified.
    pub allow_origin: AllowOriginStyle,
    /// Max-age parsing and cap.
    ///
    /// Chromium `preflight_result.cc` `ParseAccessControlMaxAge`: default 5,
    /// cap 7200, unparsable 5, negative 0.
    pub max_age: MaxAgeRules,
    /// How the preflight cache works.
    pub cache: CacheModel,
    /// Whether `*` in `Access-Control-Allow-Headers` also covers `Authorization`.
    pub wildcard_covers_authorization: bool,
    /// `User-Agent` is a forbidden request-header (Chromium `http_util.cc`
    /// `kForbiddenHeaderFields`, crbug.com/571722).
    pub forbid_user_agent: bool,
    /// Extra CORS-safelisted request-header names, with their value rules
    /// (Chromium `cors.cc` `IsCorsSafelistedHeader`: client hints).
    pub extra_safelisted_headers: bool,
    /// A redirect answering a preflight fails before any other check
    /// (Chromium `preflight_controller.cc` `HandleRedirect`).
    pub preflight_redirect_first: bool,
    /// The preflight's status is checked before its CORS check (WebKit
    /// `validatePreflightResponse`); otherwise a CORS failure wins.
    pub preflight_status_first: bool,
    /// The first disallowed header is looked for in the script's header
    /// order (Chromium `EnsureAllowedCrossOriginHeaders` walks the request's
    /// headers as set; recorded from Chromium 156) rather than in the sorted
    /// CORS-unsafe request-header names (the Fetch Standard).
    pub disallowed_header_in_request_order: bool,
    /// The highest response status accepted; above it the response is a
    /// network error (Chromium over HTTP/2: `ERR_HTTP2_PROTOCOL_ERROR` for 680,
    /// recorded from Chromium 156).
    pub max_status: u16,
    /// A 407 from a server that is not a proxy is a network error (Chromium:
    /// `net::ERR_UNEXPECTED_PROXY_AUTH`, recorded from Chromium 156).
    pub proxy_auth_is_network_error: bool,
    /// `fetch()` accepts a `ReadableStream` body (with `duplex: "half"`).
    /// Without support the stream is stringified to `[object
    /// ReadableStream]` and sent as text (recorded from Firefox ESR 153).
    pub stream_request_bodies: bool,
    /// A CORS-mode redirect to a non-HTTP(S) URL is a CORS error
    /// (`CorsDisabledScheme`, Chromium `cors_url_loader.cc`; recorded from
    /// Chromium 156) rather than a plain network error.
    pub cors_scheme_check_on_redirect: bool,
    /// An XHR upload listener sets the use-CORS-preflight flag only when
    /// there is a body to upload (Chromium `XMLHttpRequest::CreateRequest`;
    /// recorded from Chromium 156). The spec, Firefox and WebKit set it
    /// whenever a listener was registered before `send()`.
    pub upload_listener_needs_body: bool,
    /// Leading and trailing whitespace is trimmed off response header
    /// values. WebKitGTK (libsoup) keeps it, so `Access-Control-Allow-Origin:
    /// \t*` is not `*` (recorded from WebKitGTK 2.50; macOS networking may
    /// differ).
    pub trim_response_header_values: bool,
    /// Once a hop carried an `Origin` header, every later hop carries it too
    /// (WebKit keeps it on the GET after a 302 POST; recorded from WebKitGTK
    /// 2.50). The spec sends `Origin` on a same-origin GET never.
    pub origin_header_sticky: bool,
    /// A `data:` URL response has a `Content-Length` header (Firefox;
    /// recorded from Firefox ESR 153).
    pub data_url_content_length: bool,
    /// `Access-Control-Request-Headers` lists each header of the request
    /// once per occurrence (`x-a,x-a,x-b` for two `X-A` headers), without the
    /// spec's deduplication (Firefox; recorded from Firefox ESR 153).
    pub repeat_request_header_names: bool,
    /// A preflight after a tainting redirect still carries the page's
    /// origin, while the request itself says `Origin: null` (Firefox;
    /// recorded from Firefox ESR 153).
    pub preflight_origin_untainted: bool,
    /// The console wording.
    pub console: ConsoleStyle,
}

impl Quirks {
    /// Whether `(name, value)` is a CORS-safelisted request-header in this
    /// browser: the Fetch Standard's list, plus Chromium's client hints.
    ///
    /// <https://fetch.spec.whatwg.org/#cors-safelisted-request-header>
    #[must_use]
    pub fn is_cors_safelisted_request_header(&self, name: &str, value: &[u8]) -> bool {
        if self.extra_safelisted_headers {
            if let Some(ok) = is_chromium_client_hint_safelisted(name, value) {
                return ok;
            }
        }
        crate::header::safelist::is_cors_safelisted_request_header(name, value)
    }
}

/// Chromium's extra CORS-safelisted request-headers (client hints).
///
/// Chromium `cors.cc` `IsCorsSafelistedHeader`.
fn is_chromium_client_hint_safelisted(name: &str, value: &[u8]) -> Option<bool> {
    let digits = |v: &[u8]| !v.is_empty() && v.iter().all(u8::is_ascii_digit);
    let decimal = |v: &[u8]| match v.iter().position(|&b| b == b'.') {
        Some(dot) => digits(&v[..dot]) && digits(&v[dot + 1..]),
        None => digits(v),
    };
    let lower = name.to_ascii_lowercase();
    let ok = match lower.as_str() {
        "device-memory" | "dpr" | "downlink" => decimal(value),
        "width" | "viewport-width" | "rtt" => digits(value),
        "ect" => matches!(value, b"slow-2g" | b"2g" | b"3g" | b"4g"),
        "save-data" => value.eq_ignore_ascii_case(b"on"),
        "intervention" => true,
        _ => return None,
    };
    Some(ok && value.len() <= 128)
}

/// Which console wording a profile uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConsoleStyle {
    /// No console: the specification prints nothing.
    None,
    /// Blink `cors_error_string.cc`.
    Chromium,
    /// Firefox `security.properties`.
    Firefox,
    /// WebKit `CrossOriginAccessControl.cpp` and `ThreadableLoader.cpp`.
    WebKit,
}

/// The Fetch Standard to the letter.
pub static SPEC: Quirks = Quirks {
    allow_origin: AllowOriginStyle::Chromium,
    // "If max-age is failure or null, then set max-age to 5." The imposed
    // limit is implementation-defined; the profile imposes none.
    max_age: MaxAgeRules {
        default: 5,
        cap: u64::MAX,
        invalid: Some(5),
        negative: Some(5),
    },
    cache: CacheModel::PerItem(ItemRules {
        credentialed_serves_all: true,
        wildcard_on_lookup: true,
        head_needs_entry: false,
    }),
    wildcard_covers_authorization: false,
    forbid_user_agent: false,
    extra_safelisted_headers: false,
    preflight_redirect_first: false,
    preflight_status_first: false,
    disallowed_header_in_request_order: false,
    max_status: 999,
    proxy_auth_is_network_error: false,
    stream_request_bodies: true,
    cors_scheme_check_on_redirect: false,
    upload_listener_needs_body: false,
    trim_response_header_values: true,
    origin_header_sticky: false,
    data_url_content_length: false,
    repeat_request_header_names: false,
    preflight_origin_untainted: false,
    console: ConsoleStyle::None,
};

/// Chromium as shipped.
pub static CHROME: Quirks = Quirks {
    allow_origin: AllowOriginStyle::Chromium,
    max_age: MaxAgeRules {
        default: 5,
        cap: 7200,
        invalid: Some(5),
        negative: Some(0),
    },
    cache: CacheModel::PerUrl,
    // Recorded from Chromium 156: `CorsNonWildcardRequestHeadersSupport`
    // is off by default, so `*` covers Authorization (no console warning).
    wildcard_covers_authorization: true,
    forbid_user_agent: true,
    extra_safelisted_headers: true,
    preflight_redirect_first: true,
    preflight_status_first: false,
    disallowed_header_in_request_order: true,
    max_status: 599,
    proxy_auth_is_network_error: true,
    stream_request_bodies: true,
    cors_scheme_check_on_redirect: true,
    upload_listener_needs_body: true,
    trim_response_header_values: true,
    origin_header_sticky: false,
    data_url_content_length: false,
    repeat_request_header_names: false,
    preflight_origin_untainted: false,
    console: ConsoleStyle::Chromium,
};

/// Firefox ESR, as recorded (`tests/browsers/fixtures/firefox`).
pub static FIREFOX: Quirks = Quirks {
    allow_origin: AllowOriginStyle::HeaderLines,
    max_age: MaxAgeRules {
        default: 5,
        cap: 86400,
        invalid: None,
        negative: None,
    },
    // nsCORSListenerProxy.cpp nsPreflightCache: per credentials mode,
    // tokens merged with their own expiry, `*` stored literally.
    cache: CacheModel::PerItem(ItemRules {
        credentialed_serves_all: false,
        wildcard_on_lookup: false,
        head_needs_entry: true,
    }),
    // Recorded from Firefox ESR 153: allowed, with a console warning
    // (`CORSAllowHeaderFromPreflightDeprecation`) that WebDriver BiDi does not
    // report (it forwards errors only), so it is not in the verdict.
    wildcard_covers_authorization: true,
    forbid_user_agent: false,
    extra_safelisted_headers: false,
    preflight_redirect_first: true,
    preflight_status_first: false,
    disallowed_header_in_request_order: false,
    max_status: 999,
    proxy_auth_is_network_error: false,
    stream_request_bodies: false,
    cors_scheme_check_on_redirect: false,
    upload_listener_needs_body: false,
    trim_response_header_values: true,
    origin_header_sticky: false,
    data_url_content_length: true,
    repeat_request_header_names: true,
    preflight_origin_untainted: true,
    console: ConsoleStyle::Firefox,
};

/// Safari, as recorded in WebKitGTK (`tests/browsers/fixtures/webkit`).
pub static SAFARI: Quirks = Quirks {
    allow_origin: AllowOriginStyle::Comma,
    max_age: MaxAgeRules {
        default: 5,
        cap: 600,
        invalid: Some(5),
        negative: None,
    },
    cache: CacheModel::PerUrl,
    wildcard_covers_authorization: true,
    forbid_user_agent: false,
    extra_safelisted_headers: false,
    preflight_redirect_first: false,
    preflight_status_first: true,
    disallowed_header_in_request_order: false,
    max_status: 999,
    proxy_auth_is_network_error: false,
    stream_request_bodies: true,
    cors_scheme_check_on_redirect: false,
    upload_listener_needs_body: false,
    trim_response_header_values: false,
    origin_header_sticky: true,
    data_url_content_length: false,
    repeat_request_header_names: false,
    preflight_origin_untainted: false,
    console: ConsoleStyle::WebKit,
};
