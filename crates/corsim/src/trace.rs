//! The trace: every decision the algorithm took, as data.
//!
//! A [`Decision`] holds the values a step compared; the words a learner
//! reads come from [`crate::explain`], in one place. Decisions are only
//! built when a trace is asked for: the engine records them through the
//! `record!` macro, which evaluates a decision only when the trace is
//! enabled, so a run without a trace formats and allocates nothing for it.

use crate::reason::CorsFailure;
use crate::scenario::{CredentialsMode, HttpVersion, RedirectMode, RequestMode};
use crate::step::Step;
use crate::verdict::{CacheStatus, StepResult, TraceStep};

/// One decision of the algorithm, with the values it looked at.
///
/// Each variant is named for what was decided; [`crate::explain`] words it
/// and lists its values for people.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
#[allow(missing_docs)] // The fields are the values named in each variant's doc.
pub enum Decision {
    // -- Mixed content.
    /// An `https:` page's request to an insecure `http:` URL: blocked, or
    /// let through by `targetAddressSpace`.
    MixedContent { url: String, exempt: bool },
    // -- Local Network Access.
    /// The Local Network Access check of a connection.
    LocalNetworkAccess {
        /// The page's address space.
        page: crate::local_network::AddressSpace,
        /// The server's address space.
        resource: crate::local_network::AddressSpace,
        /// What the check decided.
        gate: crate::local_network::Gate,
    },
    // -- Constructing the request (`new Request()`, `fetch()`, `XMLHttpRequest`).
    /// The URL has a username or password: `fetch()` throws.
    UrlHasCredentials { url: String },
    /// The URL parses and has no credentials.
    UrlOk { url: String },
    /// The method is not a token: a `TypeError` (fetch) or `SyntaxError` (XHR).
    InvalidMethod { method: String },
    /// `CONNECT`, `TRACE` or `TRACK`.
    ForbiddenMethod { method: String },
    /// The method, valid, possibly normalized (`fetch()`).
    MethodOk { written: String, method: String },
    /// `no-cors` with a method other than GET, HEAD or POST.
    NoCorsMethod { method: String },
    /// A header name that is not a token.
    InvalidHeaderName { name: String },
    /// A header value with NUL, CR or LF.
    InvalidHeaderValue { name: String },
    /// A header name or value with a code point above U+00FF.
    HeaderNotByteString { name: String },
    /// A forbidden request-header, dropped (`fetch()`).
    ForbiddenHeaderDropped { name: String, value: String },
    /// A header the `request-no-cors` guard drops.
    NoCorsHeaderDropped { name: String, value: String },
    /// A body with GET or HEAD: `fetch()` throws.
    BodyWithGetOrHead { method: String },
    /// This browser turns a stream body into a string.
    StreamStringified,
    /// The script set `Content-Type` itself; the body's type is not added.
    ContentTypeKept { body_type: String },
    /// The body's `Content-Type` is added.
    ContentTypeAdded { content_type: String },
    /// A stream body outside `cors` and `same-origin` modes.
    StreamNeedsCorsMode { mode: RequestMode },
    /// A stream body sets the use-CORS-preflight flag.
    StreamSetsPreflightFlag,
    /// `xhr.open()` with a valid method, possibly normalized.
    XhrOpen {
        written: String,
        method: String,
        url: String,
    },
    /// A forbidden request-header, ignored by `setRequestHeader()`.
    XhrForbiddenHeaderIgnored { name: String },
    /// `xhr.send()` ignores the body of a GET or HEAD request.
    XhrBodyIgnored { method: String },
    /// `xhr.send()` rewrites the charset of a string body to UTF-8.
    XhrCharsetRewritten { content_type: String },
    /// `xhr.send()` adds the body's `Content-Type`.
    XhrContentTypeAdded { content_type: String },
    /// An upload listener, but no body: this browser leaves the flag unset.
    UploadListenerWithoutBody,
    /// An upload listener registered before `send()` sets the flag.
    UploadListenerBeforeSend,
    /// An upload listener registered after `send()` does not.
    UploadListenerAfterSend,
    /// A redirect of a request that was preflighted sets the flag, so
    /// every next hop is preflighted, even one that needs none
    /// ([`RedirectPreflight::EveryHop`](crate::browser::RedirectPreflight::EveryHop)).
    RedirectSetsPreflightFlag,

    // -- Main fetch.
    /// A `data:` URL, answered by the browser itself.
    DataUrl { mime: String },
    /// Same-origin: a basic fetch.
    SameOrigin { page: String, url_origin: String },
    /// Mode `same-origin` and a cross-origin URL.
    SameOriginModeCrossOrigin { page: String, url_origin: String },
    /// Mode `no-cors` needs redirect mode `follow`.
    NoCorsRedirectMode { redirect: RedirectMode },
    /// Mode `no-cors` and a scheme the browser cannot fetch.
    NoCorsScheme { scheme: String },
    /// Mode `no-cors`: opaque.
    NoCors { page: String, url_origin: String },
    /// A CORS request to a scheme other than http(s).
    CorsScheme { scheme: String },
    /// The CORS protocol applies (`back`: back on the page's origin after a
    /// cross-origin redirect).
    Cors {
        page: String,
        url_origin: String,
        back: bool,
    },
    /// Whether the method is CORS-safelisted.
    SafelistedMethod { method: String, safelisted: bool },
    /// Every request header is CORS-safelisted.
    HeadersSafelisted { headers: Vec<(String, String)> },
    /// These headers are CORS-unsafe.
    UnsafeHeaders { names: Vec<String> },

    // -- HTTP fetch: the preflight cache.
    /// A cached preflight result covers the request.
    CacheHit { at: f64 },
    /// A preflight is needed, and why.
    CacheMiss { status: CacheStatus, at: f64 },

    // -- CORS-preflight fetch.
    /// The preflight as sent.
    PreflightSent {
        url: String,
        headers: Vec<(String, String)>,
    },
    /// The server could not be reached for the preflight.
    PreflightUnreachable,
    /// The browser rejects the preflight response outright.
    PreflightMalformed { why: Malformed },
    /// The preflight was answered with a redirect.
    PreflightRedirected { status: u16 },
    /// The preflight response's status is not ok.
    PreflightBadStatus { status: u16 },
    /// The preflight response's status is ok.
    PreflightOkStatus { status: u16 },
    /// The CORS check on the preflight response.
    PreflightCorsCheck(CorsCheckValues),
    /// A preflight to the page's own origin that carries the page's
    /// origin: a same-origin request, its response not CORS-checked.
    PreflightSameOrigin { page: String },
    /// `Access-Control-Allow-Methods` does not parse.
    AllowMethodsInvalid { value: String, token: String },
    /// `Access-Control-Allow-Headers` does not parse.
    AllowHeadersInvalid { value: String, token: String },
    /// The method against `Access-Control-Allow-Methods`.
    AllowMethods {
        method: String,
        allowed: Vec<String>,
        how: MethodMatch,
    },
    /// The CORS-unsafe headers against `Access-Control-Allow-Headers`.
    AllowHeaders {
        unsafe_names: Vec<String>,
        allowed: Vec<String>,
        how: HeaderMatch,
    },
    /// How long the result is cached.
    MaxAge {
        header: Option<String>,
        how: MaxAgeUse,
    },

    // -- HTTP-network fetch and the CORS check.
    /// The request leaves, with its `Origin` header and credentials.
    RequestSent {
        method: String,
        url: String,
        origin: Option<String>,
        credentials: bool,
    },
    /// The server could not be reached.
    Unreachable,
    /// Response header values with whitespace around them, and whether the
    /// network stack stripped it for this HTTP version.
    FieldWhitespace {
        http: HttpVersion,
        trimmed: bool,
        headers: Vec<(String, String)>,
    },
    /// The browser rejects the whole response.
    Malformed { why: Malformed },
    /// The network stack sends the same message again after this answer.
    Restarted {
        /// The answer's status.
        status: u16,
        /// Which attempt goes out now (2 for the first restart).
        attempt: u8,
        /// The most attempts there are.
        limit: u8,
    },
    /// The CORS check on the response.
    CorsCheck(CorsCheckValues),

    // -- HTTP-redirect fetch.
    /// Redirect mode `error` met a redirect.
    RedirectModeError { status: u16 },
    /// Redirect mode `manual`: an opaque-redirect response.
    RedirectManual { status: u16 },
    /// A redirect status without `Location` is the response.
    RedirectWithoutLocation { status: u16 },
    /// More than one `Location` header.
    RedirectManyLocations { location: String },
    /// A `Location` that is not a URL.
    RedirectInvalidLocation { location: String },
    /// A CORS-mode redirect to a non-HTTP(S) URL, refused as a CORS error.
    RedirectCorsScheme { scheme: String, location: String },
    /// A redirect to a non-HTTP(S) URL.
    RedirectNonHttp { scheme: String, location: String },
    /// The 21st redirect.
    TooManyRedirects { location: String },
    /// A location with credentials in a CORS request.
    RedirectWithCredentials { location: String },
    /// A stream body cannot be replayed.
    StreamBodyRedirect,
    /// The redirect turns the method into GET and drops the body.
    RedirectToGet {
        status: u16,
        method: String,
        removed: Vec<String>,
    },
    /// A cross-origin redirect removes `Authorization`.
    AuthorizationRemoved,
    /// The redirect is followed.
    RedirectFollowed {
        status: u16,
        location: String,
        count: u32,
    },
    /// The redirect tainted the request's origin.
    RedirectTainted,

    // -- The response the script gets.
    /// An opaque-redirect response.
    OpaqueRedirectResponse,
    /// An opaque response.
    OpaqueResponse,
    /// A basic response.
    BasicResponse { status: u16, readable: Vec<String> },
    /// Which headers of a CORS response the script can read.
    ExposedHeaders {
        header: Option<String>,
        credentials: bool,
        readable: Vec<String>,
    },
    /// A CORS response.
    CorsResponse { status: u16 },
}

/// Why a browser rejects a response before any CORS check.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Malformed {
    /// A header value holds a NUL byte.
    NulByte {
        /// The header's name.
        name: String,
    },
    /// A 407 from a server that is not a proxy.
    ProxyAuth,
    /// A field this browser must not see repeated with different values.
    ConflictingLines {
        /// The field's name, as the first line spells it.
        name: String,
        /// Every line's value, in order.
        values: Vec<String>,
    },
    /// Every attempt was answered with `status`, which this browser's
    /// network stack answers by sending the request again.
    Restarts {
        /// The status (408).
        status: u16,
        /// How many times the request went out.
        attempts: u8,
    },
}

/// What a CORS check compared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorsCheckValues {
    /// The serialized request origin.
    pub origin: String,
    /// `Access-Control-Allow-Origin`, combined.
    pub allow_origin: Option<String>,
    /// The request's credentials mode.
    pub credentials: CredentialsMode,
    /// `Access-Control-Allow-Credentials`, combined.
    pub allow_credentials: Option<String>,
    /// Why it failed, if it did.
    pub failure: Option<CorsFailure>,
}

/// How the request method met `Access-Control-Allow-Methods`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum MethodMatch {
    /// Listed.
    Listed,
    /// CORS-safelisted: no listing needed.
    Safelisted,
    /// Covered by `*` (no credentials).
    Wildcard,
    /// Not listed; `*` is no wildcard with credentials.
    WildcardWithCredentials,
    /// Not listed; only another casing is.
    OtherCase,
    /// Not listed.
    NotListed,
}

/// How the CORS-unsafe request headers met `Access-Control-Allow-Headers`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum HeaderMatch {
    /// Every one is allowed.
    AllAllowed,
    /// This one must be listed: `*` never covers `Authorization`.
    NeedsListing(String),
    /// This one is not listed; `*` is no wildcard with credentials.
    WildcardWithCredentials(String),
    /// This one is not listed.
    NotListed(String),
}

/// How `Access-Control-Max-Age` became a cache lifetime.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum MaxAgeUse {
    /// Absent: the browser's default.
    Default(u64),
    /// Above the browser's cap: capped.
    Capped {
        /// The value sent.
        sent: u64,
        /// The cap.
        cap: u64,
    },
    /// As sent.
    Seconds(u64),
    /// Not a valid number: this many seconds, or not cached.
    Invalid {
        /// The value sent (combined).
        value: String,
        /// The seconds used instead; `None`: not cached.
        seconds: Option<u64>,
    },
}

/// Records a decision in a [`Trace`], building it only when the trace is
/// enabled: `record!(self.trace, Info, Step::MainFetch, Decision::...)`, or
/// with a result computed at run time, `record!(self.trace, [result], ...)`.
macro_rules! record {
    ($trace:expr, [$result:expr], $step:expr, $decision:expr) => {
        if $trace.enabled() {
            let decision = $decision;
            $trace.push($step, $result, decision);
        }
    };
    ($trace:expr, $result:ident, $step:expr, $decision:expr) => {
        record!(
            $trace,
            [$crate::verdict::StepResult::$result],
            $step,
            $decision
        )
    };
}
pub(crate) use record;

/// Builds a trace, one decision at a time, or nothing at all.
#[derive(Debug)]
pub(crate) struct Trace {
    steps: Option<Vec<TraceStep>>,
    url: Option<String>,
}

impl Trace {
    /// A trace that records (`enabled`) or ignores every decision.
    pub(crate) fn new(enabled: bool) -> Self {
        Self {
            steps: enabled.then(Vec::new),
            url: None,
        }
    }

    /// Whether decisions are recorded.
    pub(crate) fn enabled(&self) -> bool {
        self.steps.is_some()
    }

    /// Later steps belong to this URL (a hop or a preflight).
    pub(crate) fn at_url(&mut self, url: &url::Url) {
        if self.steps.is_some() {
            self.url = Some(url.as_str().to_owned());
        }
    }

    /// Records a decision (see `record!` for building it only when the
    /// trace is enabled).
    pub(crate) fn push(&mut self, step: Step, result: StepResult, decision: Decision) {
        if let Some(steps) = &mut self.steps {
            steps.push(TraceStep {
                step,
                result,
                decision,
                url: self.url.clone(),
            });
        }
    }

    /// The recorded steps (none when disabled).
    pub(crate) fn into_steps(self) -> Vec<TraceStep> {
        self.steps.unwrap_or_default()
    }
}
