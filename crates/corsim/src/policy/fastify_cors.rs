//! `@fastify/cors` 11.4.3 on fastify 5 (`await fastify.register(cors,
//! options)`).
//!
//! Followed from the library's `index.js` and `vary.js` and held to
//! `tests/servers/fixtures/fastify-cors/`. In short: the plugin adds its
//! headers in a hook (`onRequest` by default) and registers an `OPTIONS *`
//! route, so every `OPTIONS` request is routed, whatever its path. A
//! preflight is any `OPTIONS` request; with `strictPreflight` (the default)
//! one without `Origin` or `Access-Control-Request-Method` is answered
//! 400 `Invalid Preflight Request`, the others 204 with
//! `Content-Length: 0`. Methods and headers are never checked, only
//! advertised; requested headers are echoed byte for byte when
//! `allowedHeaders` is not set; a string `origin` is sent whatever the
//! request's `Origin` and without `Vary`; any other `origin` adds
//! `Vary: Origin` to every response. fastify spells every header name in
//! lower case.

use serde_json::{Map, Value};

use super::headers::OrderedHeaders;
use super::js::{self, truthy};
use super::pattern::Pattern;
use super::{response, Framework, PolicyError, ServerRequest};
use crate::scenario::ResponseSpec;

/// The version of `@fastify/cors` modelled.
pub(super) const VERSION: &str = "11.4.3";

/// The hooks the plugin accepts (`validHooks`).
const HOOKS: [&str; 5] = [
    "onRequest",
    "preParsing",
    "preValidation",
    "preHandler",
    "preSerialization",
];

/// fastify's `Content-Type` for its JSON error and not-found bodies.
const JSON_TYPE: &str = "application/json; charset=utf-8";

/// The `origin` option, after `normalizeCorsOptions`.
#[derive(Debug, Clone)]
enum Origin {
    /// `false`: the hook does nothing, and the `OPTIONS *` route answers
    /// with fastify's 404.
    Off,
    /// A string, or an array holding `*` (which becomes `*`): sent as it
    /// is, whatever the request's `Origin`, without `Vary`.
    Fixed(String),
    /// A falsy value other than `false` (`null`, `0`, `""`): every request
    /// fails with `Invalid CORS origin option` (500); `Vary: Origin`
    /// first unless it is a string.
    Invalid {
        /// Whether `Vary: Origin` is added before the failure.
        vary: bool,
    },
    /// `true`, a number, an array or a `RegExp`: the request's `Origin`
    /// when it matches, with `Vary: Origin` in every case.
    Match(Matcher),
}

/// What `isRequestOriginAllowed` compares the request's `Origin` with.
#[derive(Debug, Clone)]
enum Matcher {
    /// Any other value: its truthiness, whatever the `Origin`.
    Truthy(bool),
    /// Exactly this string.
    Exact(String),
    /// `RegExp.prototype.test`.
    Regex(Pattern),
    /// Any of these.
    List(Vec<Matcher>),
}

impl Matcher {
    /// `isRequestOriginAllowed(origin, allowed)`; an absent `Origin` is
    /// JavaScript's `undefined`, which a `RegExp` tests as the text
    /// `undefined`.
    fn allows(&self, origin: Option<&str>) -> bool {
        match self {
            Self::Truthy(t) => *t,
            Self::Exact(s) => origin == Some(s.as_str()),
            Self::Regex(p) => p.search(origin.unwrap_or("undefined")),
            Self::List(list) => list.iter().any(|m| m.allows(origin)),
        }
    }
}

/// The options, after `normalizeCorsOptions` (`{...defaultOptions,
/// ...opts}`).
#[derive(Debug, Clone)]
pub(super) struct Cors {
    origin: Origin,
    credentials: bool,
    exposed_headers: Option<String>,
    methods: String,
    /// `None` (`null`, the default) echoes the request's.
    allowed_headers: Option<String>,
    max_age: Option<String>,
    cache_control: Option<String>,
    /// `preflight === true`.
    preflight: bool,
    /// `strictPreflight === true`.
    strict_preflight: bool,
    preflight_continue: bool,
    options_success_status: u16,
}

fn option_error(name: &str, problem: impl Into<String>) -> PolicyError {
    PolicyError::option(Framework::FastifyCors, name, problem)
}

/// A list option as the plugin sends it: an array joined with `, `, any
/// other value as `String` prints it (objects are not modelled).
fn list(name: &str, value: &Value) -> Result<String, PolicyError> {
    match value {
        Value::Array(items) => {
            js::join(items, ", ").ok_or_else(|| option_error(name, "an array item is not a string"))
        }
        Value::Null | Value::Object(_) => Err(option_error(
            name,
            "must be a string or an array of strings",
        )),
        other => Ok(js::primitive(other).unwrap_or_default()),
    }
}

fn matcher(value: &Value) -> Result<Matcher, PolicyError> {
    if let Some(pattern) = Pattern::from_json(value) {
        return pattern
            .map(Matcher::Regex)
            .map_err(|problem| option_error("origin", problem));
    }
    Ok(match value {
        Value::String(s) => Matcher::Exact(s.clone()),
        Value::Array(items) => Matcher::List(items.iter().map(matcher).collect::<Result<_, _>>()?),
        Value::Object(_) => {
            return Err(option_error(
                "origin",
                "an object that is not {\"regex\": ...} (a function is not modelled)",
            ))
        }
        other => Matcher::Truthy(truthy(other)),
    })
}

fn origin(value: Option<&Value>) -> Result<Origin, PolicyError> {
    Ok(match value {
        None => Origin::Fixed("*".to_owned()),
        Some(Value::Bool(false)) => Origin::Off,
        Some(Value::String(s)) if s.is_empty() => Origin::Invalid { vary: false },
        Some(Value::String(s)) => Origin::Fixed(s.clone()),
        Some(Value::Array(items)) if items.iter().any(|i| i.as_str() == Some("*")) => {
            Origin::Fixed("*".to_owned())
        }
        Some(v) if !truthy(v) => Origin::Invalid { vary: true },
        Some(v) => Origin::Match(matcher(v)?),
    })
}

impl Cors {
    pub(super) fn new(options: &Map<String, Value>) -> Result<Self, PolicyError> {
        if options.get("delegator").is_some_and(truthy) {
            return Err(option_error("delegator", "a function is not modelled"));
        }
        match options.get("hook") {
            None => {}
            // The others differ from `onRequest` only when fastify fails a
            // request before them (a body it cannot parse), not modelled.
            Some(Value::String(hook)) if hook == "preSerialization" => {
                return Err(option_error(
                    "hook",
                    "preSerialization runs only for serialized payloads, which is not modelled",
                ));
            }
            Some(Value::String(hook)) if HOOKS.contains(&hook.as_str()) => {}
            Some(_) => {
                return Err(PolicyError::Startup {
                    framework: Framework::FastifyCors,
                    message: "@fastify/cors: Invalid hook option provided.".to_owned(),
                })
            }
        }
        let origin = origin(options.get("origin"))?;
        let methods = match options.get("methods") {
            None => "GET,HEAD,POST".to_owned(),
            Some(v) => list("methods", v)?,
        };
        let allowed_headers = match options.get("allowedHeaders") {
            None | Some(Value::Null) => None,
            Some(v) => Some(list("allowedHeaders", v)?),
        };
        let exposed_headers = match options.get("exposedHeaders") {
            None | Some(Value::Null) => None,
            Some(v) => Some(list("exposedHeaders", v)?),
        };
        // `String(maxAge)` unless `null`.
        let max_age = match options.get("maxAge") {
            None | Some(Value::Null) => None,
            Some(v) => Some(list("maxAge", v)?),
        };
        // An integer becomes `max-age=N`, a string is sent as it is (when
        // not empty), anything else is ignored.
        let cache_control = match options.get("cacheControl") {
            Some(Value::Number(n)) if n.as_f64().is_some_and(|x| x.fract() == 0.0) => {
                Some(format!("max-age={}", js::number(n)))
            }
            Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
            _ => None,
        };
        let options_success_status = match options.get("optionsSuccessStatus") {
            None => 204,
            Some(v) => v
                .as_u64()
                .and_then(|s| u16::try_from(s).ok())
                .filter(|s| (100..=599).contains(s))
                .ok_or_else(|| {
                    option_error(
                        "optionsSuccessStatus",
                        "must be an integer status from 100 to 599",
                    )
                })?,
        };
        Ok(Self {
            origin,
            credentials: options.get("credentials").is_some_and(truthy),
            exposed_headers,
            methods,
            allowed_headers,
            max_age,
            cache_control,
            preflight: options
                .get("preflight")
                .is_none_or(|v| *v == Value::Bool(true)),
            strict_preflight: options
                .get("strictPreflight")
                .is_none_or(|v| *v == Value::Bool(true)),
            preflight_continue: options.get("preflightContinue").is_some_and(truthy),
            options_success_status,
        })
    }

    pub(super) fn respond(&self, request: &ServerRequest, app: &ResponseSpec) -> ResponseSpec {
        let mut out = OrderedHeaders::default();
        let request_origin = js::header(request, "origin");
        match &self.origin {
            Origin::Off => return app.clone(),
            Origin::Invalid { vary } => {
                if *vary {
                    add_vary(&mut out, "Origin");
                }
                // `next(new Error('Invalid CORS origin option'))`: fastify's
                // default error handler.
                out.set("content-type", JSON_TYPE);
                return response(500, out.0);
            }
            Origin::Fixed(fixed) => out.set("access-control-allow-origin", fixed),
            Origin::Match(matcher) => {
                add_vary(&mut out, "Origin");
                if let Some(origin) = request_origin.as_deref().filter(|o| !o.is_empty()) {
                    if matcher.allows(Some(origin)) {
                        out.set("access-control-allow-origin", origin);
                    }
                }
            }
        }
        if self.credentials {
            out.set("access-control-allow-credentials", "true");
        }
        if let Some(exposed) = &self.exposed_headers {
            out.set("access-control-expose-headers", exposed);
        }
        let options = request.method == "OPTIONS";
        let mut preflight_enabled = false;
        if options && self.preflight {
            let acrm = js::header(request, "access-control-request-method");
            if self.strict_preflight
                && (request_origin.is_none_or(|o| o.is_empty())
                    || acrm.is_none_or(|m| m.is_empty()))
            {
                out.set("content-type", "text/plain");
                out.set("content-length", "25");
                return response(400, out.0);
            }
            preflight_enabled = true;
            out.set("access-control-allow-methods", &self.methods);
            if let Some(allowed) = &self.allowed_headers {
                out.set("access-control-allow-headers", allowed);
            } else {
                add_vary(&mut out, "Access-Control-Request-Headers");
                if let Some(requested) = js::header(request, "access-control-request-headers") {
                    out.set("access-control-allow-headers", &requested);
                }
            }
            if let Some(max_age) = &self.max_age {
                out.set("access-control-max-age", max_age);
            }
            if let Some(cache_control) = &self.cache_control {
                out.set("cache-control", cache_control);
            }
            if !self.preflight_continue {
                out.set("content-length", "0");
                return response(self.options_success_status, out.0);
            }
        }
        // The route. An OPTIONS request the app has no route for reaches
        // the plugin's `OPTIONS *` route: an empty 200 when the hook saw a
        // preflight, else `reply.callNotFound()` (the app's own 404).
        if options && app.status == 404 && preflight_enabled {
            return response(200, out.0);
        }
        merge(&mut out, app);
        response(app.status, out.0)
    }
}

/// `vary.js`'s `createAddFieldnameToVary(field)(reply)`: the field is
/// appended to the `vary` value as it is (`, field`) unless listed
/// (case-insensitively) or the value is `*`.
fn add_vary(out: &mut OrderedHeaders, field: &str) {
    let Some(current) = out.get("vary").filter(|v| !v.is_empty()).map(str::to_owned) else {
        out.set("vary", field);
        return;
    };
    if current == "*" {
        return;
    }
    let listed: Vec<String> = current
        .trim()
        .to_lowercase()
        .split(',')
        .map(|f| f.trim_matches([' ', '\t']).to_owned())
        .filter(|f| !f.is_empty())
        .collect();
    if listed.iter().any(|f| f == "*") {
        out.set("vary", "*");
    } else if !listed.contains(&field.to_lowercase()) {
        out.set("vary", &format!("{current}, {field}"));
    }
}

/// The route's (or fastify's) headers, set after the hook's: a name the
/// hook set is replaced in place (`reply.header`), others follow in order.
fn merge(out: &mut OrderedHeaders, app: &ResponseSpec) {
    let hook: Vec<String> = out.0.iter().map(|(n, _)| n.to_ascii_lowercase()).collect();
    let mut replaced: Vec<String> = Vec::new();
    for (name, value) in &app.headers {
        let lower = name.to_ascii_lowercase();
        if hook.contains(&lower) && !replaced.contains(&lower) {
            out.set(name, value);
            replaced.push(lower);
        } else {
            out.append(name, value);
        }
    }
}

/// fastify 5 without the plugin, for a route serving `GET`, `PUT`, `POST`
/// and `DELETE` (and `HEAD`, which fastify adds for `GET`): the route's
/// 200 (fastify adds no header of its own), else fastify's 404, `OPTIONS`
/// included (recorded: `app_response` of
/// `tests/servers/fixtures/fastify-cors/defaults.json#options-no-origin`).
pub(super) fn app_response(request: &ServerRequest) -> ResponseSpec {
    match request.method.as_str() {
        "GET" | "HEAD" | "PUT" | "POST" | "DELETE" => response(200, Vec::new()),
        _ => response(404, vec![("content-type".to_owned(), JSON_TYPE.to_owned())]),
    }
}
