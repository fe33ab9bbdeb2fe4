//! The verdict document: what a browser did with each request of a scenario
//! (format v1, `docs/format.md`).

use serde::ser::{SerializeStruct, Serializer};
use serde::{Deserialize, Serialize};

use crate::explain;
use crate::header::HeaderList;
use crate::local_network::AddressSpace;
pub use crate::reason::ErrorCode;
use crate::reason::Reason;
use crate::scenario::{HeaderPair, HttpVersion};
use crate::step::Step;
use crate::trace::Decision;
use crate::Browser;

/// What one browser profile did with every request of a scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Verdict {
    /// The profile that produced this verdict.
    pub browser: Browser,
    /// One entry per scenario request, in the same order.
    pub requests: Vec<RequestVerdict>,
}

/// Whether the script got a response.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Outcome {
    /// The promise resolved (XHR: `load` fired).
    Ok,
    /// The promise rejected with a `TypeError` (XHR: `error` fired, or a
    /// constructor threw).
    Error,
    /// The browser asks the user for a Local Network Access permission and
    /// the user has not answered: the promise neither resolves nor rejects.
    Pending,
}

/// How far the request got.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Phase {
    /// `new Request()` / `fetch()` threw synchronously-ish, or `xhr.open()` /
    /// `setRequestHeader()` threw: nothing was sent.
    Construct,
    /// The fetch ended in a network error (CORS failures included).
    Fetch,
    /// A response reached the script.
    Response,
    /// Waiting for the user to answer a permission prompt.
    Permission,
}

/// The permission prompt a pending request waits on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Prompt {
    /// The permission asked for.
    pub permission: crate::local_network::Permission,
    /// The browser's own wording of the prompt.
    pub text: String,
}

/// Why a preflight was needed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum CacheStatus {
    /// No cache entry for this origin, URL and credentials.
    Miss,
    /// An entry existed but its max-age had passed.
    Stale,
    /// A live entry existed but did not cover this method or these headers.
    Insufficient,
}

/// A preflight as it left the browser, and the status the server answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PreflightRecord {
    /// The URL the preflight went to.
    pub url: String,
    /// `Origin`, `Access-Control-Request-Method` and, when non-empty,
    /// `Access-Control-Request-Headers`, with their exact values.
    pub headers: HeaderList,
    /// Why the preflight was needed.
    pub cache: CacheStatus,
    /// The status the server answered.
    pub status: Option<u16>,
    /// The headers the server answered with, in order, as the browser
    /// received them (empty when it was unreachable).
    pub response_headers: HeaderList,
    /// The HTTP version it went over: the server entry's for that URL
    /// (contract additions §2).
    pub http: HttpVersion,
    /// The address space of the server (Local Network Access).
    pub address_space: AddressSpace,
}

/// A non-preflight request that reached a server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct HopRecord {
    /// The URL requested.
    pub url: String,
    /// The method sent (after redirect rewriting).
    pub method: String,
    /// The `Origin` header sent, or `null` when none was.
    pub origin: Option<String>,
    /// Whether cookies and HTTP authentication would be attached.
    pub credentials: bool,
    /// Script-set headers actually sent, lowercased, in header-list order.
    pub header_names: Vec<String>,
    /// The status the server answered.
    pub status: Option<u16>,
    /// The headers the server answered with, in order, as the browser
    /// received them (empty when it rejected the response outright).
    pub response_headers: HeaderList,
    /// The HTTP version it went over: the server entry's for that URL
    /// (contract additions §2).
    pub http: HttpVersion,
    /// The address space of the server (Local Network Access).
    pub address_space: AddressSpace,
}

/// The type of response the script sees.
///
/// <https://fetch.spec.whatwg.org/#concept-response-type>
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum ResponseType {
    /// Same-origin: everything but `Set-Cookie` is readable.
    Basic,
    /// Cross-origin, CORS passed: safelisted and exposed headers are readable.
    Cors,
    /// `no-cors` cross-origin: status 0, no headers, no body.
    Opaque,
    /// `redirect: "manual"` hit a redirect: status 0, no headers, no body.
    Opaqueredirect,
}

/// What the script sees of the response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ResponseView {
    /// `response.type`.
    #[serde(rename = "type")]
    pub response_type: ResponseType,
    /// `response.status` (0 for opaque responses).
    pub status: u16,
    /// `response.redirected`.
    pub redirected: bool,
    /// `response.url` (empty for opaque responses).
    pub url: String,
    /// The names `response.headers` shows, lowercased and sorted.
    pub readable_headers: Vec<String>,
    /// Whether the body can be read.
    pub body_readable: bool,
}

/// Where a failure happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Stage {
    /// Constructing the request.
    Construct,
    /// The preflight.
    Preflight,
    /// The request itself.
    Actual,
    /// Following a redirect.
    Redirect,
}

/// Why the request failed: the structured reason, and where.
///
/// In the format it is `{"code", "parameter", "during"}`: the code and the
/// parameter come from the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestError {
    /// What failed, with the values each browser words its message from.
    pub reason: Reason,
    /// Where it failed.
    pub during: Stage,
}

impl RequestError {
    /// Chromium's `CorsError` name when one applies, otherwise a corsim code.
    #[must_use]
    pub fn code(&self) -> ErrorCode {
        self.reason.code()
    }

    /// Chromium's `failedParameter`, when there is one.
    #[must_use]
    pub fn parameter(&self) -> Option<&str> {
        self.reason.parameter()
    }
}

impl std::fmt::Display for RequestError {
    /// The code, and the parameter in brackets when there is one:
    /// `HeaderDisallowedByPreflightResponse (x-trace)`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.parameter().filter(|p| !p.is_empty()) {
            Some(parameter) => write!(f, "{} ({parameter})", self.code()),
            None => write!(f, "{}", self.code()),
        }
    }
}

impl Serialize for RequestError {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_struct("ErrorView", 3)?;
        map.serialize_field("code", &self.code())?;
        map.serialize_field("parameter", &self.parameter())?;
        map.serialize_field("during", &self.during)?;
        map.end()
    }
}

/// The result of one step of the algorithm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum StepResult {
    /// The check passed.
    Pass,
    /// The check failed: the request ends here.
    Fail,
    /// A decision or an action, not a check.
    Info,
}

/// One step of the explanation: a decision, typed.
///
/// In the format it is `{"step", "anchor", "result", "summary", "values",
/// "url"}`, the summary and values worded by [`crate::explain`].
#[derive(Debug, Clone, PartialEq)]
pub struct TraceStep {
    /// The step of the algorithm.
    pub step: Step,
    /// Pass, fail or info.
    pub result: StepResult,
    /// What was decided, with the values compared.
    pub decision: Decision,
    /// The URL of the hop (or preflight) the step belongs to.
    pub url: Option<String>,
}

impl TraceStep {
    /// A plain-language sentence for a learner.
    #[must_use]
    pub fn summary(&self) -> String {
        explain::summary(self.step, &self.decision)
    }

    /// The values the step looked at, as `[label, value]` pairs.
    #[must_use]
    pub fn values(&self) -> Vec<HeaderPair> {
        explain::values(&self.decision)
    }
}

impl Serialize for TraceStep {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let values = self.values();
        let mut map = s.serialize_struct("TraceStep", 6)?;
        map.serialize_field("step", self.step.id())?;
        map.serialize_field("anchor", &self.step.anchor())?;
        map.serialize_field("result", &self.result)?;
        map.serialize_field("summary", &self.summary())?;
        if values.is_empty() {
            map.skip_field("values")?;
        } else {
            map.serialize_field("values", &values)?;
        }
        match &self.url {
            Some(url) => map.serialize_field("url", url)?,
            None => map.skip_field("url")?,
        }
        map.end()
    }
}

/// How a request ended: it threw, it failed on the network, or the script
/// got a response.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum FetchResult {
    /// `new Request()` / `fetch()` threw, or `xhr.open()` /
    /// `setRequestHeader()` did: nothing was sent.
    Threw(RequestError),
    /// A network error (CORS failures included): the promise rejects with a
    /// `TypeError` (XHR: `error` fires).
    NetworkError(RequestError),
    /// A response reached the script.
    Response(ResponseView),
    /// The browser asks the user for a permission: the request waits.
    Pending(Prompt),
}

/// Which kind of message went over the wire, in the order sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Sent {
    /// The next preflight of [`RequestVerdict::preflights`].
    Preflight,
    /// The next hop of [`RequestVerdict::hops`].
    Hop,
}

/// One message that went over the wire, with its record.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub enum Exchange<'a> {
    /// A preflight.
    Preflight(&'a PreflightRecord),
    /// The request itself, or a redirect hop.
    Hop(&'a HopRecord),
}

/// What one browser did with one request.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestVerdict {
    /// How it ended.
    pub result: FetchResult,
    /// The request's headers after the Headers guard, as `request.headers`
    /// iterates them: lowercased names, sorted, values of a repeated name
    /// combined with `, `.
    pub request_headers: HeaderList,
    /// Every preflight sent for this request, in order.
    pub preflights: Vec<PreflightRecord>,
    /// True when a cached preflight result let a hop skip its preflight.
    pub cache_hit: bool,
    /// Every non-preflight request that reached a server, in order.
    pub hops: Vec<HopRecord>,
    /// The order in which preflights and hops went out.
    pub sent: Vec<Sent>,
    /// The exact console lines this browser prints.
    pub console: Vec<String>,
    /// The explanation, in algorithm order (empty when not asked for).
    pub trace: Vec<TraceStep>,
}

impl RequestVerdict {
    /// `ok` when the script got a response.
    #[must_use]
    pub fn outcome(&self) -> Outcome {
        match self.result {
            FetchResult::Response(_) => Outcome::Ok,
            FetchResult::Threw(_) | FetchResult::NetworkError(_) => Outcome::Error,
            FetchResult::Pending(_) => Outcome::Pending,
        }
    }

    /// Whether the script got a response.
    #[must_use]
    pub fn is_ok(&self) -> bool {
        self.outcome() == Outcome::Ok
    }

    /// How far it got.
    #[must_use]
    pub fn phase(&self) -> Phase {
        match self.result {
            FetchResult::Threw(_) => Phase::Construct,
            FetchResult::NetworkError(_) => Phase::Fetch,
            FetchResult::Response(_) => Phase::Response,
            FetchResult::Pending(_) => Phase::Permission,
        }
    }

    /// What the script sees, when it got a response.
    #[must_use]
    pub fn response(&self) -> Option<&ResponseView> {
        match &self.result {
            FetchResult::Response(response) => Some(response),
            _ => None,
        }
    }

    /// Why it failed, when it did.
    #[must_use]
    pub fn error(&self) -> Option<&RequestError> {
        match &self.result {
            FetchResult::Threw(error) | FetchResult::NetworkError(error) => Some(error),
            FetchResult::Response(_) | FetchResult::Pending(_) => None,
        }
    }

    /// The permission prompt it waits on, when it is pending.
    #[must_use]
    pub fn prompt(&self) -> Option<&Prompt> {
        match &self.result {
            FetchResult::Pending(prompt) => Some(prompt),
            _ => None,
        }
    }

    /// The preflights and hops in the order they went over the wire.
    pub fn exchanges(&self) -> impl Iterator<Item = Exchange<'_>> + '_ {
        let mut preflights = self.preflights.iter();
        let mut hops = self.hops.iter();
        self.sent.iter().filter_map(move |sent| match sent {
            Sent::Preflight => preflights.next().map(Exchange::Preflight),
            Sent::Hop => hops.next().map(Exchange::Hop),
        })
    }
}

impl Serialize for RequestVerdict {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_struct("RequestVerdict", 11)?;
        map.serialize_field("outcome", &self.outcome())?;
        map.serialize_field("phase", &self.phase())?;
        map.serialize_field("request_headers", &self.request_headers)?;
        map.serialize_field("preflights", &self.preflights)?;
        map.serialize_field("cache_hit", &self.cache_hit)?;
        map.serialize_field("hops", &self.hops)?;
        map.serialize_field("response", &self.response())?;
        map.serialize_field("error", &self.error())?;
        match self.prompt() {
            Some(prompt) => map.serialize_field("prompt", prompt)?,
            None => map.skip_field("prompt")?,
        }
        map.serialize_field("console", &self.console)?;
        map.serialize_field("trace", &self.trace)?;
        map.end()
    }
}

/// The JSON Schema of the documents these types serialize to: the same
/// fields, as the format names them.
#[cfg(feature = "schema")]
mod schema {
    #![allow(dead_code, unreachable_pub)]
    use super::{
        ErrorCode, HeaderPair, HopRecord, Outcome, Phase, PreflightRecord, Prompt, ResponseView,
        Stage, StepResult,
    };

    /// Why the request failed.
    #[derive(schemars::JsonSchema)]
    #[schemars(rename = "ErrorView")]
    pub struct RequestError {
        /// Chromium's `CorsError` name when one applies, otherwise a corsim code.
        pub code: ErrorCode,
        /// Chromium's `failedParameter`, when there is one.
        pub parameter: Option<String>,
        /// Where it failed.
        pub during: Stage,
    }

    /// One step of the explanation.
    #[derive(schemars::JsonSchema)]
    pub struct TraceStep {
        /// The step's identifier (`cors-check`, `preflight-allow-methods`, ...).
        pub step: String,
        /// The Fetch Standard anchor of the algorithm step.
        pub anchor: String,
        /// Pass, fail or info.
        pub result: StepResult,
        /// A plain-language sentence for a learner.
        pub summary: String,
        /// The values the step looked at, as `[label, value]` pairs.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub values: Vec<HeaderPair>,
        /// The URL of the hop (or preflight) the step belongs to.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub url: Option<String>,
    }

    /// What one browser did with one request.
    #[derive(schemars::JsonSchema)]
    pub struct RequestVerdict {
        /// `ok` or `error`.
        pub outcome: Outcome,
        /// How far it got.
        pub phase: Phase,
        /// The request's headers after the Headers guard, as `request.headers`
        /// iterates them: lowercased names, sorted, values of a repeated name
        /// combined with `, `.
        pub request_headers: Vec<HeaderPair>,
        /// Every preflight sent for this request, in order.
        pub preflights: Vec<PreflightRecord>,
        /// True when a cached preflight result let a hop skip its preflight.
        pub cache_hit: bool,
        /// Every non-preflight request that reached a server, in order.
        pub hops: Vec<HopRecord>,
        /// What the script sees, when the outcome is `ok`.
        pub response: Option<ResponseView>,
        /// Why it failed, when the outcome is `error`.
        pub error: Option<RequestError>,
        /// The permission prompt it waits on, when the outcome is `pending`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub prompt: Option<Prompt>,
        /// The exact console lines this browser prints.
        pub console: Vec<String>,
        /// The explanation, in algorithm order.
        pub trace: Vec<TraceStep>,
    }
}

/// Implements `JsonSchema` for a type through its document shape in
/// [`schema`].
#[cfg(feature = "schema")]
macro_rules! schema_as {
    ($($ty:ident),*) => {$(
        impl schemars::JsonSchema for $ty {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                <schema::$ty as schemars::JsonSchema>::schema_name()
            }
            fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
                <schema::$ty as schemars::JsonSchema>::json_schema(generator)
            }
        }
    )*};
}
#[cfg(feature = "schema")]
schema_as!(RequestError, TraceStep, RequestVerdict);
