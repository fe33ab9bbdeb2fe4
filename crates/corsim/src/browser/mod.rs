//! Browser profiles: where each engine departs from the Fetch Standard, as
//! data, one file per browser.
//!
//! Each file ([`spec`], [`chromium`], [`firefox`], [`webkit`]) holds
//! everything that browser does its own way: its [`Quirks`] (each with its
//! source: a source file, a bug, or the recording that shows it), its own
//! tables, its console wording, the message of its `TypeError`, its name.
//! The engine asks the profile; it never tests which browser it simulates.

pub mod chromium;
pub mod firefox;
pub mod spec;
pub mod webkit;

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use url::Url;

pub use chromium::CHROME;
pub use firefox::FIREFOX;
pub use spec::SPEC;
pub use webkit::SAFARI;

use crate::header::HeaderList;
use crate::local_network::is_potentially_trustworthy;
use crate::origin::Origin;
use crate::scenario::{Api, HttpVersion};
use crate::verdict::Phase;

/// A browser profile; each one's file ([`chromium`], [`firefox`],
/// [`webkit`], [`spec`]) says where it comes from and how it differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Browser {
    /// Chromium as shipped (Chrome, Edge, Opera): recorded from Chromium 156.
    #[default]
    Chrome,
    /// Firefox: recorded from Firefox ESR 153.
    Firefox,
    /// Safari, as WebKit: recorded from WebKitGTK 2.50, whose network stack
    /// (libsoup) is not Safari's; behaviours that come from the network
    /// stack may differ on macOS and iOS.
    Safari,
    /// The Fetch Standard to the letter.
    Spec,
}

/// What a profile is, besides its quirks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Profile {
    /// How people call it (`Chrome`).
    pub display_name: &'static str,
    /// What it was recorded from, and what may differ elsewhere.
    pub recorded_from: &'static str,
    /// The message of the `TypeError` a `fetch()` that fails on the network
    /// rejects with (`Failed to fetch`); `None` for the specification, which
    /// leaves it to the browser.
    pub fetch_network_error: Option<&'static str>,
    /// Whether it is a real browser (the specification prints no console).
    pub is_browser: bool,
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

    /// What the profile is: its name for people, where it comes from.
    #[must_use]
    pub fn profile(self) -> &'static Profile {
        match self {
            Self::Chrome => &chromium::PROFILE,
            Self::Firefox => &firefox::PROFILE,
            Self::Safari => &webkit::PROFILE,
            Self::Spec => &spec::PROFILE,
        }
    }

    /// How people call it (`Chrome`, `Firefox`, `Safari`, `Spec`).
    #[must_use]
    pub fn display_name(self) -> &'static str {
        self.profile().display_name
    }

    /// What the script gets instead of a response, in this browser's words:
    /// the exception, or the event, and its message.
    #[must_use]
    pub fn script_error(self, api: Api, phase: Phase) -> String {
        match (api, phase) {
            (_, Phase::Permission) => {
                "nothing yet: the browser is asking the user (Local Network Access)".to_owned()
            }
            (Api::Xhr, Phase::Construct) => "xhr.open() / send() throws".to_owned(),
            (Api::Xhr, _) => "error event (xhr.status is 0)".to_owned(),
            (_, Phase::Construct) => {
                "TypeError (fetch() rejects before sending anything)".to_owned()
            }
            _ => match self.profile().fetch_network_error {
                Some(message) => format!("TypeError: {message}"),
                None => "TypeError (a network error)".to_owned(),
            },
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
    /// An empty value counts as an absent header (`default`), not as an
    /// invalid one.
    pub empty_is_absent: bool,
}

/// How the preflight cache stores and matches results.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum CacheModel {
    /// One entry per method and per header name, keyed by origin and URL.
    PerItem(ItemRules),
    /// Chromium `preflight_cache.cc`: one `PreflightResult` per (origin, URL),
    /// replaced by each new preflight; a stale or insufficient entry is erased.
    PerUrl(UrlRules),
}

/// How a per-URL preflight cache matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UrlRules {
    /// A cached `*` in `Access-Control-Allow-Headers` serves a request with
    /// `Authorization` (WebKit: a second request with it is not preflighted
    /// again; recorded: edge_cache-star-*); otherwise it is preflighted
    /// again (Chromium; the Fetch Standard).
    pub star_covers_authorization: bool,
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

/// What a browser's network stack does to a response before Fetch sees
/// it, for one HTTP version.
///
/// <https://www.rfc-editor.org/rfc/rfc9112#section-5>
/// <https://www.rfc-editor.org/rfc/rfc9113#section-8.2.1>
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WireRules {
    /// Leading and trailing whitespace (spaces, tabs) is trimmed off
    /// response header values. An HTTP/1.1 parser does (RFC 9112 §5: the
    /// field value excludes the optional whitespace around it); over
    /// HTTP/2 the value arrives as sent, and a stack may keep it.
    ///
    /// Every status from 200 to 999 is a response over either version in
    /// every engine recorded (http-version_h1-status-*, -h2-status-*), so
    /// there is no rule for statuses.
    pub trim_values: bool,
    /// A header the network stack adds to every response it received this
    /// way, which scripts can read like the server's own (Firefox over
    /// HTTP/2: `X-Firefox-Spdy: h2`).
    pub added_header: Option<(&'static str, &'static str)>,
    /// How repeated fields reach the CORS checks and scripts.
    pub repeated: RepeatedFields,
    /// A 408 answer is sent again, until this many attempts in all; then
    /// the fetch is a network error (Firefox over HTTP/2). `None`: a 408 is
    /// a response like any other.
    pub restarts_408: Option<u8>,
}

impl WireRules {
    /// What an HTTP/1.1 parser does, and most stacks over HTTP/2 too: the
    /// whitespace around values trimmed, nothing added, repeated fields
    /// kept as received, a 408 taken as it is.
    pub const TRIMMED: Self = Self {
        trim_values: true,
        added_header: None,
        repeated: RepeatedFields::Kept,
        restarts_408: None,
    };
}

/// How a network stack hands on a field the response repeats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RepeatedFields {
    /// One line per field as received; a reader combines the values with
    /// `, ` (the Fetch Standard's "get": Chromium, WebKit).
    ///
    /// <https://fetch.spec.whatwg.org/#concept-header-list-get>
    Kept,
    /// Merged into one line per name before anything reads it, an empty
    /// value skipped (`Access-Control-Allow-Credentials: ` then `true` is
    /// `true`), except `Access-Control-Allow-Origin`, whose lines the CORS
    /// check counts: Firefox over HTTP/1.1 (`nsHttpHeaderArray::MergeHeader`;
    /// `nsCORSListenerProxy` visits the original lines).
    MergedExceptAllowOrigin,
    /// Merged the same way, `Access-Control-Allow-Origin` too: Firefox over
    /// HTTP/2, whose HTTP/2 layer hands Necko one line per name.
    Merged,
}

/// Which hops after a redirect are preflighted again because the request
/// was, although what it became needs none (a `PUT` that a 303 made a
/// `GET`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RedirectPreflight {
    /// Only the hops that need one (the Fetch Standard).
    AsNeeded,
    /// Every hop, to the same origin too (Firefox, WebKit; recorded: the
    /// edge_redirect-{fetch,xhr}-* cases).
    EveryHop,
}

/// Which header a preflight's `Access-Control-Allow-Headers` check names
/// when several are not allowed: the first in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum DisallowedHeaderOrder {
    /// The sorted CORS-unsafe request-header names (the Fetch Standard).
    ///
    /// <https://fetch.spec.whatwg.org/#cors-unsafe-request-header-names>
    SortedNames,
    /// The order of Chromium's header map, a hash table (`header_map_walk`
    /// in `browser/chromium.rs`).
    HeaderMapOrder,
    /// The request's headers whose names the network layer knows first,
    /// then the others, each group as the script set them (WebKit's
    /// `HTTPHeaderMap` keeps the names of `HTTPHeaderNames.in` apart, ahead
    /// of the rest); matched without regard to case.
    KnownNamesFirst(&'static [&'static str]),
}

impl DisallowedHeaderOrder {
    /// The names of `headers`, a request to `url`, in the order this
    /// browser walks them; `None` for [`SortedNames`](Self::SortedNames),
    /// which walks the sorted CORS-unsafe names instead.
    pub(crate) fn walk<'h>(
        self,
        headers: &'h HeaderList,
        api: Api,
        url: &Url,
    ) -> Option<Vec<&'h str>> {
        let names = || headers.iter().map(|(n, _)| n);
        match self {
            Self::SortedNames => None,
            Self::HeaderMapOrder => {
                let trustworthy = is_potentially_trustworthy(&Origin::of_url(url));
                Some(chromium::header_map_walk(headers, api, trustworthy))
            }
            Self::KnownNamesFirst(known) => {
                let is_known = |n: &str| known.iter().any(|k| k.eq_ignore_ascii_case(n));
                Some(
                    names()
                        .filter(|n| is_known(n))
                        .chain(names().filter(|n| !is_known(n)))
                        .collect(),
                )
            }
        }
    }
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
    /// The largest number either bound of a safelisted `Range` may be;
    /// `None`: no limit (the Fetch Standard).
    pub range_limit: Option<u64>,
    /// The `bytes` unit of a safelisted `Range` matches in any case (the
    /// Fetch Standard: byte-exactly).
    pub range_unit_any_case: bool,
    /// A `Content-Type` value with a comma, or with an empty parameter value
    /// before `;`, is not safelisted (Firefox: recorded for `charset=,` and
    /// `charset=;` only; the rule is the narrowest that covers both).
    pub content_type_as_list: bool,
    /// `Accept` and `Content-Type` values with a byte above 0x7F are not
    /// safelisted (the Fetch Standard allows them).
    pub safelist_ascii_only: bool,
    /// The 1024-byte limit on the safelisted values of a request together
    /// (CORS-unsafe request-header names step 5); `None`: no limit.
    pub safelist_total_limit: Option<usize>,
    /// Which hops of a preflighted request a redirect takes elsewhere are
    /// preflighted again even if the request became simple.
    pub redirect_keeps_preflight: RedirectPreflight,
    /// A `DELETE` that a redirect takes to another origin becomes a `GET`
    /// without a body (WebKitGTK; recorded after a 302, a 303 and a 307:
    /// edge_redirect-{fetch,xhr}-delete-*; other statuses assumed alike).
    pub cross_origin_delete_redirects_as_get: bool,
    /// The safelist sees one value per name, the values of a repeated
    /// header combined with `, `, rather than each header on its own (the
    /// Fetch Standard's CORS-unsafe request-header names). Only `fetch()`
    /// can tell: `setRequestHeader()` combines repeats itself.
    pub safelist_combined_values: bool,
    /// A redirect that turns the request into a GET keeps `Content-Type`
    /// and the other request-body headers (HTTP-redirect fetch step 12
    /// removes them).
    pub redirect_keeps_body_headers: bool,
    /// A redirect to another origin keeps `Authorization` (HTTP-redirect
    /// fetch step 13 removes it).
    pub redirect_keeps_authorization: bool,
    /// The request's mode is checked before mixed content: an `https:`
    /// page's `same-origin` fetch of another origin, or its `no-cors` one
    /// with a redirect mode other than `follow`, fails for its mode even
    /// when the URL is `http:` (main fetch checks mixed content first, step
    /// 7, the mode at step 12). Chromium's `FetchManager::Loader::Start`
    /// (`fetch_manager.cc`) checks the mode and leaves mixed content to
    /// `ResourceFetcher`, which runs later ("We do mixed content checking
    /// in `ResourceFetcher`"); recorded
    /// from all three engines, for the first URL and for a same-origin
    /// fetch redirected to an `http:` URL of another origin
    /// (`edge_mixed-mode-*`).
    pub mode_before_mixed_content: bool,
    /// A redirect answering a preflight fails before any other check
    /// (Chromium `preflight_controller.cc` `HandleRedirect`).
    pub preflight_redirect_first: bool,
    /// The preflight's status is checked before its CORS check (WebKit
    /// `validatePreflightResponse`); otherwise a CORS failure wins.
    pub preflight_status_first: bool,
    /// Which disallowed header the `Access-Control-Allow-Headers` check
    /// names first.
    pub disallowed_header_order: DisallowedHeaderOrder,
    /// How the network stack takes a response over HTTP/1.1.
    pub http1: WireRules,
    /// How the network stack takes a response over HTTP/2.
    pub http2: WireRules,
    /// A 407 from a server that is not a proxy is a network error (Chromium:
    /// `net::ERR_UNEXPECTED_PROXY_AUTH`, recorded from Chromium 156).
    pub proxy_auth_is_network_error: bool,
    /// Fields whose repeated lines must agree: a response that repeats one
    /// with different values is rejected as a network error (Chromium
    /// `net::ERR_RESPONSE_HEADERS_MULTIPLE_LOCATION`, Firefox
    /// `nsHttpHeaderArray::IsSuspectDuplicateHeader`), and a `Location`
    /// repeated with one value is that value. Lowercase. Empty: every
    /// repeat is combined like any other field.
    pub conflicting_fields: &'static [&'static str],
    /// Several `Location` lines are joined with `, ` into one URL to follow
    /// (WebKit: `/a` and `/b` lead to `/a,%20/b`), not a failure (the Fetch
    /// Standard: more than one value is a failure).
    pub location_lines_joined: bool,
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
    /// A hop after one that carried an `Origin` header carries it too while
    /// the redirect stays on the same origin; a redirect to another origin
    /// drops it for good (WebKit keeps it on the GET after a 302 POST;
    /// recorded from WebKitGTK 2.50: edge_origin-after-redirect-*). The
    /// spec sends `Origin` on a same-origin GET never.
    pub origin_header_sticky: bool,
    /// A `data:` URL response has a `Content-Length` header (Firefox;
    /// recorded from Firefox ESR 153).
    pub data_url_content_length: bool,
    /// `Access-Control-Request-Headers` lists each CORS-unsafe header of the
    /// request once per occurrence (`x-a,x-a,x-b` for two `X-A` headers),
    /// without the spec's deduplication; of a repeated name, only the values
    /// that are not safelisted by themselves count (Firefox; recorded from
    /// Firefox ESR 153: `edge_repeat-*`).
    pub repeat_request_header_names: bool,
    /// A preflight after a tainting redirect still carries the page's
    /// origin, while the request itself says `Origin: null`, and one to
    /// the page's own origin is a same-origin request, its answer not
    /// CORS-checked (Firefox; recorded from Firefox ESR 153).
    pub preflight_origin_untainted: bool,
    /// An XHR's CORS-unsafe request-header names are those of the headers
    /// the script set, before `send()` rewrites the charset of a
    /// `Content-Type` to UTF-8 (Firefox; recorded:
    /// `edge_content-type-latin1-param-xhr`, `edge_content-type-*-xhr` and
    /// `mix_077`).
    pub xhr_safelists_author_content_type: bool,
    /// A preflight answer without `Access-Control-Allow-Methods` allows the
    /// request's method when the use-CORS-preflight flag is set (the Fetch
    /// Standard, CORS-preflight fetch step 7.4). No browser does: the
    /// method must be listed or safelisted (recorded in all three: an XHR
    /// `PUT` or `DELETE` with an upload listener, and a hop a redirect
    /// preflights again; the `use-cors-preflight-*` cases of
    /// scenarios/edge.json).
    pub preflight_flag_allows_method: bool,
    /// The console wording.
    pub console: ConsoleStyle,
    /// Local Network Access: whether and how requests into a more private
    /// address space are gated.
    pub local_network: crate::local_network::LocalNetworkQuirks,
}

impl Quirks {
    /// How the network stack takes a response over `http`.
    #[must_use]
    pub fn wire(&self, http: HttpVersion) -> &WireRules {
        match http {
            HttpVersion::Http1_1 => &self.http1,
            HttpVersion::Http2 => &self.http2,
        }
    }

    /// Whether `(name, value)` is a CORS-safelisted request-header in this
    /// browser: the Fetch Standard's list, plus Chromium's client hints.
    ///
    /// <https://fetch.spec.whatwg.org/#cors-safelisted-request-header>
    #[must_use]
    pub fn is_cors_safelisted_request_header(&self, name: &str, value: &[u8]) -> bool {
        // The name lowercased once, for every comparison below.
        let mut buffer = [0; 32];
        let lowercase = crate::header::lowercase_name(name, &mut buffer);
        if self.extra_safelisted_headers {
            if let Some(ok) = chromium::is_client_hint_safelisted(lowercase, value) {
                return ok;
            }
        }
        let content_type = lowercase == "content-type";
        if self.safelist_ascii_only
            && (content_type || lowercase == "accept")
            && value.iter().any(|&b| b > 0x7F)
        {
            return false;
        }
        if self.content_type_as_list
            && content_type
            && (value.contains(&b',') || value.windows(2).any(|w| w == b"=;"))
        {
            return false;
        }
        if lowercase == "range" {
            let mut owned;
            let mut value = value;
            if self.range_unit_any_case
                && value.len() >= 5
                && value[..5].eq_ignore_ascii_case(b"bytes")
            {
                owned = value.to_vec();
                owned[..5].copy_from_slice(b"bytes");
                value = &owned;
            }
            if let Some(limit) = self.range_limit {
                if !range_bounds_within(value, limit) {
                    return false;
                }
            }
            return crate::header::safelist::is_safelisted_lowercase(lowercase, value);
        }
        crate::header::safelist::is_safelisted_lowercase(lowercase, value)
    }
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

/// Whether every run of digits after the `=` of a `Range` value is a
/// number at most `limit`, compared exactly (no saturation).
fn range_bounds_within(value: &[u8], limit: u64) -> bool {
    let Some(eq) = value.iter().position(|&b| b == b'=') else {
        return true;
    };
    let limit = limit.to_string();
    value[eq + 1..]
        .split(|b| !b.is_ascii_digit())
        .map(|digits| {
            let first = digits
                .iter()
                .position(|&b| b != b'0')
                .unwrap_or(digits.len());
            &digits[first..]
        })
        .all(|digits| {
            digits.len() < limit.len()
                || (digits.len() == limit.len() && digits <= limit.as_bytes())
        })
}
