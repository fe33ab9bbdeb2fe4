//! `corsim/server`: server policies, evidence import, fix and audit.
//!
//! A third module (the `server` feature; `scripts/build-js` builds it into
//! `pkg/server/`), because the policy models more than double the size of
//! the browser module. It exports everything the browser module does, with
//! `simulate`, `simulateAll` and `parseScenario` reading server entries
//! that have a `policy` (contract additions §4), and:
//!
//! - `importEvidence(text)`: what `corsim import` prints, and more
//!   ([`corsim::import::import_evidence`]);
//! - `fix(scenario, browsers?)`: what `corsim fix --format json` prints
//!   ([`corsim::fix::fix`]);
//! - `audit(policy, {pages, url}?)`: what `corsim policy audit --format
//!   json` prints ([`corsim::policy::audit::audit`]);
//! - `policyRespond(input)`: one line of `corsim policy respond --batch`
//!   ([`corsim::policy::Exchange`]).
//!
//! ```js
//! import init, { audit } from "corsim/server";
//! await init();
//! audit({ framework: "express-cors", options: { origin: true, credentials: true } })
//!   .findings[0].id;
//! // "reflects-any-origin-with-credentials"
//! ```
//!
//! Each throws an `Error` with the command line's message on malformed
//! input (without the command line's `FILE: ` in front).

use corsim::origin::Origin;
use corsim::policy::{Exchange, Policy};
use corsim::Browser;
use js_sys::Array;
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::{browser_from_js, input_error, json_text, scenario_from_js, to_js, use_js_url_parser};

/// The TypeScript types of the exports of `corsim/server`.
#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = r#"
/** A server entry may describe the server by its CORS middleware (contract additions §4). */
export interface ServerEntry {
  /** The middleware and its options; `actual` is then what the route returns before it. */
  policy?: Policy;
}

/** A CORS library and its options, in the library's own spelling. */
export interface Policy {
  /** Extension fields (`x-…`): a tool's own data, ignored. */
  [extension: `x-${string}`]: unknown;
  framework: "express-cors" | "fastify-cors" | "koa-cors" | "flask-cors"
    | "django-cors-headers" | "starlette-cors" | "tower-http-cors";
  /** Default: the version corsim models. */
  version?: string;
  /** The library's options (a regular expression is `{regex, flags?}`). */
  options?: Record<string, unknown>;
  /** Flask-CORS: `"extension"` (the default) or `"decorator"`. */
  mount?: string;
}

/** What `importEvidence` read. */
export interface Imported {
  /** The v1 scenario `corsim import` prints, with its `x-import`. */
  scenario: Scenario & { "x-import": { kind: EvidenceKind; browser?: Browser; assumed: string[] } };
  kind: EvidenceKind;
  /** The browser the evidence came from; `null` when it does not tell (curl). */
  browser: Browser | null;
  /** What could not be known and was assumed, one sentence each. */
  assumed: string[];
  /** Console evidence: the recognized console lines of each request; otherwise empty. */
  evidence: string[][];
}

/** What kind of evidence was read. */
export type EvidenceKind = "console" | "har" | "curl";

/** What `fix` returns: `corsim fix --format json`. */
export interface Fixes {
  fixes: RequestFix[];
}

/** The fix of one blocked request. */
export interface RequestFix {
  /** Which request of the scenario (0-based). */
  request: number;
  /** The change to the server; `null`: none the server can make. */
  change: Change | null;
  /** Why there is no change, or why it is not enough. */
  reason?: string;
  /** The browsers that still block the request with the change. */
  still_blocked: Browser[];
  /** The scenario with the change made. */
  scenario?: Scenario;
  /** The change as code, by framework (`express`, `flask`, `django`, `fastapi`, `axum`, `nginx`, `php`). */
  snippets?: Record<string, string>;
}

/** A change to one server entry. */
export interface Change {
  /** The server entry's key, as written. */
  url: string;
  preflight?: ResponseChange;
  actual?: ResponseChange;
  /** For a policy: the options to set, in the library's spelling. */
  options?: Record<string, unknown>;
}

/** A change to one response: a new status, headers to set. */
export interface ResponseChange {
  status?: number;
  headers: HeaderPair[];
}

/** What `audit` returns: `corsim policy audit --format json`. */
export interface Audit {
  findings: Finding[];
}

/** One finding of an audit. */
export interface Finding {
  /** What kind (`"reflects-any-origin-with-credentials"`, …). */
  id: string;
  severity: "exploitable" | "broken" | "warning";
  summary: string;
  /** The exchange that shows it. */
  evidence?: { request: ServerRequest; response: PolicyResponse; browsers: Browser[] };
  /** The options that remove it, merged over the policy's own. */
  fix?: { options: Record<string, unknown>; explanation: string };
}

/** Where an audit looks: the pages the policy serves (default: those its options name) and the API URL (default `https://api.example/api`). */
export interface AuditOptions {
  pages?: string[];
  url?: string;
}

/** A request as it reaches the server. */
export interface ServerRequest {
  method: string;
  url: string;
  headers?: HeaderPair[];
}

/** One line of `corsim policy respond --batch`. */
export interface PolicyExchange {
  policy: Policy;
  request: ServerRequest;
  /** What the app answers without the middleware. */
  app_response?: ResponseSpec;
}

/** What the configured server sends: the status and every header the middleware leaves. */
export interface PolicyResponse {
  status: number;
  headers: HeaderPair[];
}
"#;

/// Reads `evidence` (a browser console message, a HAR file or a `curl -v`
/// transcript, as text) and returns the scenario that reproduces it, as
/// `corsim import` prints it, with what was read.
///
/// Throws when nothing in the text is recognized.
///
/// <https://fetch.spec.whatwg.org/#concept-network-error>
#[wasm_bindgen(js_name = importEvidence, unchecked_return_type = "Imported")]
pub fn import_evidence(
    #[wasm_bindgen(unchecked_param_type = "string")] text: &JsValue,
) -> Result<JsValue, js_sys::Error> {
    /// `Imported` with the scenario as `corsim import` prints it.
    #[derive(Serialize)]
    struct Shown<'a> {
        scenario: serde_json::Value,
        kind: corsim::import::EvidenceKind,
        browser: Option<Browser>,
        assumed: &'a [corsim::import::Assumption],
        evidence: &'a [Vec<String>],
    }
    use_js_url_parser();
    let text = text
        .as_string()
        .ok_or_else(|| js_sys::Error::new("expected the evidence as text (a string)"))?;
    let imported =
        corsim::import::import_evidence(&text).map_err(|e| js_sys::Error::new(&e.to_string()))?;
    let scenario = serde_json::from_str(&imported.to_json())
        .map_err(|e| js_sys::Error::new(&e.to_string()))?;
    to_js(&Shown {
        scenario,
        kind: imported.kind,
        browser: imported.browser,
        assumed: &imported.assumed,
        evidence: &imported.evidence,
    })
}

/// For every request of `scenario` that a browser of `browsers` (a name,
/// a list of names, or `"all"`, the default) blocks, the smallest change to
/// the server that makes it succeed: what `corsim fix --format json` prints.
///
/// <https://fetch.spec.whatwg.org/#http-cors-protocol>
#[wasm_bindgen(unchecked_return_type = "Fixes")]
pub fn fix(
    #[wasm_bindgen(unchecked_param_type = "Scenario")] scenario: &JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Browser | \"all\" | Browser[]")]
    browsers: &JsValue,
) -> Result<JsValue, js_sys::Error> {
    /// The contract's document: `{"fixes": [...]}`.
    #[derive(Serialize)]
    struct Report<'a> {
        fixes: &'a [corsim::fix::RequestFix],
    }
    let browsers = if browsers.is_undefined() || browsers.as_string().as_deref() == Some("all") {
        Browser::ALL.to_vec()
    } else if Array::is_array(browsers) {
        Array::from(browsers)
            .iter()
            .map(|name| browser_from_js(&name))
            .collect::<Result<_, _>>()?
    } else {
        vec![browser_from_js(browsers)?]
    };
    let scenario = scenario_from_js(scenario)?;
    let fixes = corsim::fix::fix(&scenario, &browsers).map_err(|e| input_error(&e))?;
    to_js(&Report { fixes: &fixes })
}

/// Every exploitable, broken and dubious behaviour of `policy` at once,
/// each with the exchange that shows it and a fix: what `corsim policy
/// audit --format json` prints.
///
/// <https://fetch.spec.whatwg.org/#http-access-control-allow-origin>
#[wasm_bindgen(unchecked_return_type = "Audit")]
pub fn audit(
    #[wasm_bindgen(unchecked_param_type = "Policy")] policy: &JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "AuditOptions")] options: &JsValue,
) -> Result<JsValue, js_sys::Error> {
    /// The second argument.
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct AuditOptions {
        #[serde(default)]
        pages: Vec<String>,
        #[serde(default = "default_url")]
        url: String,
    }
    fn default_url() -> String {
        "https://api.example/api".to_owned()
    }
    /// The contract's document: `{"findings": [...]}`.
    #[derive(Serialize)]
    struct Report<'a> {
        findings: &'a [corsim::policy::audit::Finding],
    }
    use_js_url_parser();
    let policy: Policy = from_js(policy, "policy")?;
    let options: AuditOptions = if options.is_undefined() || options.is_null() {
        AuditOptions {
            pages: Vec::new(),
            url: default_url(),
        }
    } else {
        from_js(options, "options")?
    };
    let pages = options
        .pages
        .iter()
        .map(|page| {
            Origin::parse(page).map_err(|e| {
                js_sys::Error::new(&format!(
                    "pages: `{}` is not an origin: {e}",
                    corsim::escape::Escaped(page)
                ))
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    corsim::url_parser(&options.url, None).map_err(|e| {
        js_sys::Error::new(&format!(
            "url: `{}` is not an absolute URL: {e}",
            corsim::escape::Escaped(&options.url)
        ))
    })?;
    let findings = corsim::policy::audit::audit(&policy, &pages, &options.url)
        .map_err(|e| js_sys::Error::new(&e.to_string()))?;
    to_js(&Report {
        findings: &findings,
    })
}

/// What a server with `input.policy` sends for `input.request`: the status
/// and every header the middleware leaves, as `corsim policy respond
/// --batch` prints for the same line.
///
/// <https://fetch.spec.whatwg.org/#http-responses>
#[wasm_bindgen(js_name = policyRespond, unchecked_return_type = "PolicyResponse")]
pub fn policy_respond(
    #[wasm_bindgen(unchecked_param_type = "PolicyExchange")] input: &JsValue,
) -> Result<JsValue, js_sys::Error> {
    use_js_url_parser();
    let exchange: Exchange = from_js(input, "exchange")?;
    let response = exchange.respond().map_err(|e| js_sys::Error::new(&e))?;
    to_js(&response)
}

/// Reads a value as the command line reads the same JSON (`serde_json`),
/// with its message.
fn from_js<T: DeserializeOwned>(value: &JsValue, what: &str) -> Result<T, js_sys::Error> {
    let text = json_text(value, what)?;
    serde_json::from_str(&text)
        .map_err(|e| js_sys::Error::new(&corsim::escape::Escaped(&e.to_string()).to_string()))
}
