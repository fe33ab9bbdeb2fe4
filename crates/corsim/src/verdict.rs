//! The verdict document: what a browser did with each request of a scenario
//! (format v1, `docs/format.md`).

use serde::{Deserialize, Serialize};

use crate::scenario::HeaderPair;
use crate::Browser;

/// What one browser profile did with every request of a scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PreflightRecord {
    /// The URL the preflight went to.
    pub url: String,
    /// `Origin`, `Access-Control-Request-Method` and, when non-empty,
    /// `Access-Control-Request-Headers`, with their exact values.
    pub headers: Vec<HeaderPair>,
    /// Why the preflight was needed.
    pub cache: CacheStatus,
    /// The status the server answered.
    pub status: Option<u16>,
}

/// A non-preflight request that reached a server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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

/// Why the request failed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ErrorView {
    /// Chromium's `CorsError` name when one applies, otherwise a corsim code.
    pub code: String,
    /// Chromium's `failedParameter`, when there is one.
    pub parameter: Option<String>,
    /// Where it failed.
    pub during: Stage,
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

/// One step of the explanation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TraceStep {
    /// The step's identifier (`cors-check`, `preflight-methods`, ...).
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
    pub error: Option<ErrorView>,
    /// The exact console lines this browser prints.
    pub console: Vec<String>,
    /// The explanation, in algorithm order.
    pub trace: Vec<TraceStep>,
}
