//! # corsim-wasm
//!
//! The JavaScript API of [`corsim`], a browser-faithful CORS simulator, as a
//! WebAssembly module (`scripts/build-js` builds the `corsim` npm package).
//!
//! It is thin: it turns plain JavaScript objects of format v1 into the core's
//! [`Scenario`], calls [`corsim::simulate`], and hands the [`Verdict`] back as
//! plain JavaScript objects. Nothing is decided here.
//!
//! ```js
//! import init, { simulate } from "corsim";
//! await init();
//! const verdict = simulate({
//!   page: "https://app.example",
//!   requests: [{ url: "https://api.example/users", method: "PUT",
//!                headers: [["Content-Type", "application/json"]] }],
//!   server: { "https://api.example/users": {
//!     preflight: { status: 204, headers: [["Access-Control-Allow-Origin", "https://app.example"]] } } },
//! }, "firefox");
//! verdict.requests[0].preflights[0].headers;
//! // [["Origin", "https://app.example"], ["Access-Control-Request-Method", "PUT"],
//! //  ["Access-Control-Request-Headers", "content-type"]]
//! ```
//!
//! Every function throws an `Error` on malformed input, with the message the
//! command line prints for the same problem; a blocked request is a verdict,
//! never an exception.

mod json;
#[cfg(feature = "node")]
pub mod node;
#[cfg(feature = "server")]
pub mod server;

use corsim::step::Step;
use corsim::{Browser, InputError, Scenario, Verdict};
use js_sys::{JsString, JSON};
use serde::ser::{Serialize, SerializeMap, Serializer};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The allocator: talc is about 3 KB gzip smaller than the standard
/// library's dlmalloc in this module (`scripts/build-js` prints the size).
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// The TypeScript types of format v1 (`schema/*.schema.json`), which the
/// generated `.d.ts` uses for every export.
#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = r#"
/** A browser profile. `spec` follows the Fetch Standard to the letter. */
export type Browser = "chrome" | "firefox" | "safari" | "spec";

/** A header as a `[name, value]` pair. */
export type HeaderPair = [string, string];

/** A scenario: one page making a sequence of requests against one server map. */
export interface Scenario {
  /** Extension fields (`x-…`): a tool's own data, ignored. */
  [extension: `x-${string}`]: unknown;
  /** The page's origin, serialized (`https://app.example`), or `"null"` for an opaque origin. */
  page: string;
  /** The requests the page's script makes, in order; the preflight cache carries over. */
  requests: RequestSpec[];
  /** What the server answers, keyed by absolute URL. */
  server?: Record<string, ServerEntry>;
  /** Local Network Access: address spaces keyed by origin, host or IP (default: from the host's name). */
  address_spaces?: Record<string, AddressSpace>;
  /** Local Network Access: each origin's permission decisions (absent: `"prompt"`). */
  permissions?: Record<string, { "local-network"?: PermissionState; "loopback-network"?: PermissionState }>;
  /** The page is an iframe inside `top`, with this `allow` attribute. */
  frame?: { top: string; allow?: string };
}

/** Local Network Access: which network a host is on. */
export type AddressSpace = "public" | "local" | "loopback";

/** A Local Network Access permission's state: `"prompt"` = asked, not answered (the request waits). */
export type PermissionState = "granted" | "denied" | "prompt";

/** One request the page's script makes. */
export interface RequestSpec {
  /** Extension fields (`x-…`): a tool's own data, ignored. */
  [extension: `x-${string}`]: unknown;
  /** Default `"fetch"`. */
  api?: "fetch" | "xhr";
  /** The absolute URL the script passed (userinfo allowed). */
  url: string;
  /** The method as the script wrote it (`"patch"`, `"Get"`, `"FOO"`); default `"GET"`. */
  method?: string;
  /** Headers as the script appended them, in order; repeats allowed. */
  headers?: HeaderPair[];
  /** Default `"same-origin"`; for XHR, `"include"` means `withCredentials = true`. */
  credentials?: "omit" | "same-origin" | "include";
  /** Default `"cors"` (fetch only). */
  mode?: "cors" | "no-cors" | "same-origin";
  /** Default `"follow"` (fetch only). */
  redirect?: "follow" | "error" | "manual";
  /** The body, if any. */
  body?: BodySpec | null;
  /** XHR only: when an upload listener was registered; default `"none"`. */
  upload_listener?: "none" | "before-send" | "after-send";
  /** Seconds since the scenario started, on the preflight-cache clock; default 0. */
  at?: number;
  /** fetch()'s `targetAddressSpace` option (Local Network Access). */
  target_address_space?: AddressSpace;
}

/** The body a script passed. */
export interface BodySpec {
  /** Extension fields (`x-…`): a tool's own data, ignored. */
  [extension: `x-${string}`]: unknown;
  kind: "string" | "blob" | "formdata" | "urlsearchparams" | "arraybuffer" | "stream";
  /** For a `Blob`, its `type`. */
  type?: string | null;
}

/** What the server does for one URL. */
export interface ServerEntry {
  /** Extension fields (`x-…`): a tool's own data, ignored. */
  [extension: `x-${string}`]: unknown;
  /** Connecting fails: a network error that is not a CORS failure. */
  unreachable?: boolean;
  /** The answer to a preflight; omitted: 200 with no CORS headers. A list answers the n-th preflight with its n-th entry, the last one repeating. */
  preflight?: ResponseSpec | ResponseSpec[] | null;
  /** The answer to the request itself; omitted: 200 with no headers. A list works as for `preflight`. */
  actual?: ResponseSpec | ResponseSpec[] | null;
  /** The HTTP version the server speaks; omitted: `"2"` for https: URLs, `"1.1"` otherwise. `"2"` on an http: URL is an input error. */
  http?: HttpVersion;
}

/** An HTTP version, as the format spells it. */
export type HttpVersion = "1.1" | "2";

/** One response the server sends. */
export interface ResponseSpec {
  /** Extension fields (`x-…`): a tool's own data, ignored. */
  [extension: `x-${string}`]: unknown;
  /** Default 200. */
  status?: number;
  /** The response headers, in order; repeats allowed. */
  headers?: HeaderPair[];
}

/** What one browser profile did with every request of a scenario. */
export interface Verdict {
  browser: Browser;
  /** One entry per scenario request, in the same order. */
  requests: RequestVerdict[];
}

/** The verdicts of every profile, by name. */
export type Verdicts = { [B in Browser]: Verdict };

/** What one browser did with one request. */
export interface RequestVerdict {
  /** `"ok"`: the promise resolved (XHR: `load`); `"error"`: `TypeError` (XHR: `error`). */
  outcome: "ok" | "error" | "pending";
  /** How far it got; `"permission"`: waiting on a Local Network Access prompt. */
  phase: "construct" | "fetch" | "response" | "permission";
  /** The request's headers after the Headers guard, as `request.headers` iterates them. */
  request_headers: HeaderPair[];
  /** Every preflight sent for this request, in order. */
  preflights: PreflightRecord[];
  /** True when a cached preflight result let a hop skip its preflight. */
  cache_hit: boolean;
  /** Every non-preflight request that reached a server, in order. */
  hops: HopRecord[];
  /** What the script sees; `null` unless `outcome` is `"ok"`. */
  response: ResponseView | null;
  /** Why it failed; `null` unless `outcome` is `"error"`. */
  error: ErrorView | null;
  /** The permission prompt it waits on; only when `outcome` is `"pending"`. */
  prompt?: { permission: "local-network" | "loopback-network"; text: string };
  /** The exact console lines this browser prints. */
  console: string[];
  /** The explanation, in algorithm order. */
  trace: TraceStep[];
}

/** A preflight as it left the browser, and the status the server answered. */
export interface PreflightRecord {
  url: string;
  /** `Origin`, `Access-Control-Request-Method` and, when non-empty, `Access-Control-Request-Headers`. */
  headers: HeaderPair[];
  /** Why the preflight was needed. */
  cache: "miss" | "stale" | "insufficient";
  /** `null` when the server was unreachable. */
  status: number | null;
  /** The headers the server answered with, in order, as the browser received them. */
  response_headers: HeaderPair[];
  /** The HTTP version it went over: the server entry's for that URL. */
  http: HttpVersion;
  /** The server's address space (Local Network Access). */
  address_space: AddressSpace;
}

/** A non-preflight request that reached a server. */
export interface HopRecord {
  url: string;
  /** The method sent (after redirect rewriting). */
  method: string;
  /** The `Origin` header sent, or `null` when none was. */
  origin: string | null;
  /** Whether cookies and HTTP authentication would be attached. */
  credentials: boolean;
  /** Script-set headers actually sent, lowercased, in header-list order. */
  header_names: string[];
  /** The status the server answered, or `null` when it was unreachable. */
  status: number | null;
  /** The headers the server answered with, in order, as the browser received them. */
  response_headers: HeaderPair[];
  /** The HTTP version it went over: the server entry's for that URL. */
  http: HttpVersion;
  /** The server's address space (Local Network Access). */
  address_space: AddressSpace;
}

/** What the script sees of the response. */
export interface ResponseView {
  type: "basic" | "cors" | "opaque" | "opaqueredirect";
  /** 0 for opaque responses. */
  status: number;
  redirected: boolean;
  /** Empty for opaque responses. */
  url: string;
  /** The names `response.headers` shows, lowercased and sorted. */
  readable_headers: string[];
  body_readable: boolean;
}

/** Why the request failed. */
export interface ErrorView {
  /** Chromium's `CorsError` name when one applies, otherwise a corsim code. */
  code: string;
  /** Chromium's `failedParameter`, when there is one. */
  parameter: string | null;
  during: "construct" | "preflight" | "actual" | "redirect";
}

/** One step of the explanation. */
export interface TraceStep {
  /** The step's identifier (`"cors-check"`); see `steps()`. */
  step: string;
  /** The Fetch Standard anchor of the algorithm step. */
  anchor: string;
  result: "pass" | "fail" | "info";
  /** A plain-language sentence for a learner. */
  summary: string;
  /** The values the step looked at, as `[label, value]` pairs. */
  values?: HeaderPair[];
  /** The URL of the hop (or preflight) the step belongs to. */
  url?: string;
}

/** A step a trace can name, and the specification anchor it implements. */
export interface StepInfo {
  id: string;
  anchor: string;
}
"#;

/// Runs every request of `scenario` as `browser` (default `"chrome"`) would,
/// in order, with one preflight cache across them.
///
/// Throws on a malformed scenario or an unknown browser name.
///
/// <https://fetch.spec.whatwg.org/#fetching>
#[wasm_bindgen(unchecked_return_type = "Verdict")]
pub fn simulate(
    #[wasm_bindgen(unchecked_param_type = "Scenario")] scenario: &JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Browser")] browser: Option<JsString>,
) -> Result<JsValue, js_sys::Error> {
    let browser = match browser {
        None => Browser::default(),
        Some(name) => browser_from_js(&name)?,
    };
    let scenario = scenario_from_js(scenario)?;
    let verdict = corsim::simulate(&scenario, browser).map_err(|e| input_error(&e))?;
    to_js(&verdict)
}

/// Runs `scenario` in every profile: `{chrome, firefox, safari, spec}`.
///
/// <https://fetch.spec.whatwg.org/#fetching>
#[wasm_bindgen(js_name = simulateAll, unchecked_return_type = "Verdicts")]
pub fn simulate_all(
    #[wasm_bindgen(unchecked_param_type = "Scenario")] scenario: &JsValue,
) -> Result<JsValue, js_sys::Error> {
    let scenario = scenario_from_js(scenario)?;
    let verdicts = Browser::ALL
        .into_iter()
        .map(|browser| corsim::simulate(&scenario, browser))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| input_error(&e))?;
    to_js(&ByBrowser(&verdicts))
}

/// Parses a scenario from JSON text, as the command line reads it, and
/// returns it with the defaults filled in.
///
/// Throws with the command line's message, `line L, column C: problem`.
#[wasm_bindgen(js_name = parseScenario, unchecked_return_type = "Scenario")]
pub fn parse_scenario(
    #[wasm_bindgen(js_name = jsonText, unchecked_param_type = "string")] json_text: &JsValue,
) -> Result<JsValue, js_sys::Error> {
    let text = json_text
        .as_string()
        .ok_or_else(|| js_sys::Error::new("expected JSON text (a string)"))?;
    let scenario = read_scenario(&text).map_err(|e| {
        #[cfg(not(feature = "server"))]
        {
            let scenario = JSON::parse(&text).unwrap_or(JsValue::NULL);
            if let Some(message) = policy_elsewhere(&e.to_string(), &scenario) {
                return js_sys::Error::new(&message);
            }
        }
        input_error(&e)
    })?;
    to_js(&scenario)
}

/// The names of the browser profiles, in the order the playground shows them.
#[wasm_bindgen(unchecked_return_type = "Browser[]")]
pub fn browsers() -> Result<JsValue, js_sys::Error> {
    let names: Vec<&str> = Browser::ALL.iter().map(|b| b.name()).collect();
    to_js(&names)
}

/// Every step a trace can name, in algorithm order, with its specification
/// anchor: what the playground links to when it explains a step.
#[wasm_bindgen(unchecked_return_type = "StepInfo[]")]
pub fn steps() -> Result<JsValue, js_sys::Error> {
    let steps: Vec<StepInfo> = Step::ALL
        .iter()
        .map(|&step| StepInfo {
            id: step.id(),
            anchor: step.anchor(),
        })
        .collect();
    to_js(&steps)
}

/// The version of corsim.
#[wasm_bindgen]
#[must_use]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

/// A step as `steps()` lists it.
#[derive(serde::Serialize)]
struct StepInfo {
    /// The identifier traces use.
    id: &'static str,
    /// The specification anchor.
    anchor: &'static str,
}

/// Verdicts serialized as an object keyed by profile name.
struct ByBrowser<'a>(&'a [Verdict]);

impl Serialize for ByBrowser<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for verdict in self.0 {
            map.serialize_entry(verdict.browser.name(), verdict)?;
        }
        map.end()
    }
}

/// Reads a scenario object exactly as the command line reads the same JSON.
///
/// The value goes through `JSON.stringify` and the scenario reader rather
/// than `serde_wasm_bindgen`, which skips unknown properties: a misspelled
/// field (`methdo`) must be an error here too. `undefined` properties are
/// absent, as in JSON. The thrown message is the reader's, without the
/// line and column of a text the caller never wrote.
fn scenario_from_js(value: &JsValue) -> Result<Scenario, js_sys::Error> {
    use_js_url_parser();
    let text = json_text(value, "scenario")?;
    read_scenario(&text).map_err(|e| {
        let message = e.message();
        #[cfg(not(feature = "server"))]
        if let Some(message) = policy_elsewhere(&message, value) {
            return js_sys::Error::new(&message);
        }
        js_sys::Error::new(&message)
    })
}

/// A JavaScript value as JSON text (`JSON.stringify`); `what` names it in
/// the message when it is not an object.
fn json_text(value: &JsValue, what: &str) -> Result<String, js_sys::Error> {
    JSON::stringify(value)
        .map_err(|e| {
            // A cycle, a BigInt, or a `toJSON` that threw.
            e.dyn_into::<js_sys::Error>().unwrap_or_else(|_| {
                js_sys::Error::new(&format!("{what}: not serializable as JSON"))
            })
        })?
        .as_string()
        .ok_or_else(|| js_sys::Error::new(&format!("expected a {what} object")))
}

/// A browser profile's name, as `simulate` takes it.
fn browser_from_js(name: &JsValue) -> Result<Browser, js_sys::Error> {
    name.as_string()
        .ok_or_else(|| js_sys::Error::new("browser: expected a profile name (a string)"))?
        .parse::<Browser>()
        .map_err(|e| js_sys::Error::new(&e.to_string()))
}

/// This module has no server policies (they would more than double its
/// size): when the reader's `message` is the unknown field `policy` of a
/// server entry, the message that says so, naming the entry's path and the
/// module that has them. `scenario` gives the scenario as a JavaScript
/// value (`null` when unknown), to find the entry (the first with a
/// `policy`, the one the reader stopped at).
#[cfg(not(feature = "server"))]
fn policy_elsewhere(message: &str, scenario: &JsValue) -> Option<String> {
    const UNKNOWN: &str = "unknown field `policy`, expected one of `unreachable`";
    // A byte search: a `&str` pattern would bring in the two-way string
    // searcher, about 1 KB gzip.
    let at = message
        .as_bytes()
        .windows(UNKNOWN.len())
        .position(|w| w == UNKNOWN.as_bytes())?;
    let server = js_sys::Reflect::get(scenario, &JsValue::from_str("server")).ok()?;
    let server = server.dyn_into::<js_sys::Object>().ok()?;
    let url = js_sys::Object::keys(&server).iter().find_map(|key| {
        let entry = js_sys::Reflect::get(&server, &key).ok()?;
        if !entry.is_object() {
            return None;
        }
        js_sys::Reflect::has(&entry, &JsValue::from_str("policy"))
            .ok()
            .filter(|&has| has)
            .and(key.as_string())
    })?;
    let path = corsim::error::Path::root()
        .field("server")
        .key(&url)
        .field("policy");
    Some(format!(
        "{}{path}: server policies are in the module `corsim/server` \
         (import {{ simulate }} from \"corsim/server\"); this one reads literal responses only",
        &message[..at]
    ))
}

/// Reads a scenario from JSON text with the small reader of [`json`], with
/// the command line's messages.
fn read_scenario(text: &str) -> Result<Scenario, InputError> {
    if text.len() > corsim::MAX_SCENARIO_BYTES {
        return Err(InputError::too_large(text.len()));
    }
    json::from_str(text).map_err(|e| InputError::json_at(corsim::error::Path::root(), &e))
}

/// Unicode hostnames: this build has no UTS #46 tables (web/Cargo.toml), so
/// the JavaScript host's own URL parser maps them to ASCII.
fn use_js_url_parser() {
    corsim::set_url_reparser(js_url_parser);
}

/// The JavaScript host's WHATWG URL parser: `new URL(input, base).href`.
fn js_url_parser(input: &str, base: Option<&str>) -> Option<String> {
    match base {
        Some(base) => web_sys::Url::new_with_base(input, base),
        None => web_sys::Url::new(input),
    }
    .ok()
    .map(|url| url.href())
}

/// The command line's message for malformed input.
fn input_error(e: &InputError) -> js_sys::Error {
    js_sys::Error::new(&e.to_string())
}

/// Hands a value to JavaScript as plain objects, arrays, strings, numbers,
/// booleans and `null`: written as JSON text here and read by the host's
/// `JSON.parse`, which is smaller in this module than building the objects
/// one by one through `wasm-bindgen` (`README.md`, "Size").
fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, js_sys::Error> {
    let text = serde_json::to_string(value).map_err(|e| js_sys::Error::new(&e.to_string()))?;
    JSON::parse(&text).map_err(|_| js_sys::Error::new("the verdict is not JSON"))
}
