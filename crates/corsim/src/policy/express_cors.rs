//! npm `cors` 2.8.6 on Express 5 (`app.use(cors(options))`).
//!
//! Followed from the library's `lib/index.js` and held to
//! `tests/servers/fixtures/express-cors/`. In short: any `OPTIONS` request
//! is answered by the middleware itself (204 by default, with
//! `Content-Length: 0`), whatever its `Origin` or
//! `Access-Control-Request-Method`; methods and headers are never checked,
//! only advertised; requested headers are echoed byte for byte when
//! `allowedHeaders` is not set; an `origin` string is sent whatever the
//! request's `Origin`; a falsy `origin` turns the middleware off.

use serde_json::{Map, Value};

use super::headers::OrderedHeaders;
use super::js;
use super::pattern::Pattern;
use super::{response, Framework, PolicyError, ServerRequest};
use crate::scenario::ResponseSpec;

/// The version of `cors` modelled.
pub(super) const VERSION: &str = "2.8.6";

/// The options `cors` reads; it ignores any other name.
pub(super) const OPTIONS: &[&str] = &[
    "origin",
    "methods",
    "allowedHeaders",
    "headers",
    "exposedHeaders",
    "credentials",
    "maxAge",
    "preflightContinue",
    "optionsSuccessStatus",
];

/// The middleware with `options`, as code.
pub(super) fn code(options: &Map<String, Value>) -> String {
    format!(
        "const cors = require('cors');\napp.use(cors({}));\n",
        super::js_literal(&Value::Object(options.clone()), 0)
    )
}

/// The header Express itself sets before any middleware runs.
const POWERED_BY: &str = "X-Powered-By";

/// The `origin` option.
#[derive(Debug, Clone)]
enum Origin {
    /// Falsy (`false`, `null`, `""`, `0`): the middleware does nothing.
    Off,
    /// `"*"` (the default).
    Any,
    /// Any other string: sent as it is, whatever the request's Origin.
    Fixed(String),
    /// `true`, an array or a `RegExp`: the request's Origin when it matches.
    Match(Matcher),
}

/// What `isOriginAllowed` compares the request's Origin with.
#[derive(Debug, Clone)]
enum Matcher {
    /// A truthy value that is neither a string, a `RegExp` nor an array:
    /// every Origin.
    Truthy,
    /// Exactly this string.
    Exact(String),
    /// `RegExp.prototype.test`.
    Regex(Pattern),
    /// Any of these.
    List(Vec<Matcher>),
}

impl Matcher {
    /// `isOriginAllowed(origin, allowed)`; an absent Origin is JavaScript's
    /// `undefined`, which a `RegExp` tests as the text `undefined`.
    fn allows(&self, origin: Option<&str>) -> bool {
        match self {
            Self::Truthy => true,
            Self::Exact(s) => origin == Some(s.as_str()),
            Self::Regex(p) => p.search(origin.unwrap_or("undefined")),
            Self::List(list) => list.iter().any(|m| m.allows(origin)),
        }
    }
}

/// The options, after `Object.assign({}, defaults, options)`.
#[derive(Debug, Clone)]
pub(super) struct Cors {
    origin: Origin,
    methods: String,
    /// `allowedHeaders || headers`: `None` echoes the request's.
    allowed_headers: Option<String>,
    exposed_headers: Option<String>,
    credentials: bool,
    max_age: Option<String>,
    preflight_continue: bool,
    options_success_status: u16,
}

fn option_error(name: &str, problem: impl Into<String>) -> PolicyError {
    PolicyError::option(Framework::ExpressCors, name, problem)
}

/// A list option (`methods`, `allowedHeaders`, `exposedHeaders`): a string
/// as it is, an array joined with `,` (JavaScript's `join`: `null` is
/// empty, numbers and booleans as text).
fn list(name: &str, value: &Value) -> Result<String, PolicyError> {
    match value {
        Value::String(s) => Ok(s.clone()),
        Value::Array(items) => items
            .iter()
            .map(|item| match item {
                Value::String(s) => Ok(s.clone()),
                Value::Null => Ok(String::new()),
                Value::Bool(b) => Ok(b.to_string()),
                Value::Number(n) => Ok(js::number(n)),
                _ => Err(option_error(name, "an array item is not a string")),
            })
            .collect::<Result<Vec<_>, _>>()
            .map(|items| items.join(",")),
        _ => Err(option_error(
            name,
            "must be a string or an array of strings",
        )),
    }
}

fn matcher(value: &Value) -> Result<Matcher, PolicyError> {
    if let Some(pattern) = super::pattern::Pattern::from_json(value) {
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
        other if js::truthy(other) => Matcher::Truthy,
        // A falsy item matches nothing.
        _ => Matcher::List(Vec::new()),
    })
}

impl Cors {
    pub(super) fn new(options: &Map<String, Value>) -> Result<Self, PolicyError> {
        let get = |name: &str| options.get(name).filter(|v| !v.is_null());
        let origin = match options.get("origin") {
            None => Origin::Any,
            Some(v) if !js::truthy(v) => Origin::Off,
            Some(Value::String(s)) if s == "*" => Origin::Any,
            Some(Value::String(s)) => Origin::Fixed(s.clone()),
            Some(v) => Origin::Match(matcher(v)?),
        };
        let methods = match options.get("methods") {
            None => "GET,HEAD,PUT,PATCH,POST,DELETE".to_owned(),
            Some(v) => list("methods", v)?,
        };
        let allowed_headers = match (get("allowedHeaders"), get("headers")) {
            (Some(v), _) if js::truthy(v) => Some(list("allowedHeaders", v)?),
            (_, Some(v)) if js::truthy(v) => Some(list("headers", v)?),
            _ => None,
        };
        let exposed_headers = match get("exposedHeaders") {
            Some(v) if js::truthy(v) => Some(list("exposedHeaders", v)?),
            _ => None,
        };
        // `(typeof maxAge === 'number' || maxAge) && maxAge.toString()`.
        let max_age = match options.get("maxAge") {
            Some(Value::Number(n)) => Some(js::number(n)),
            Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
            Some(Value::Bool(true)) => Some("true".to_owned()),
            Some(Value::Array(_) | Value::Object(_)) => {
                return Err(option_error("maxAge", "must be a number or a string"))
            }
            _ => None,
        };
        let options_success_status = match options.get("optionsSuccessStatus") {
            None => 204,
            Some(v) => v
                .as_u64()
                .and_then(|n| u16::try_from(n).ok())
                .filter(|n| (100..=999).contains(n))
                .ok_or_else(|| option_error("optionsSuccessStatus", "must be a status code"))?,
        };
        Ok(Self {
            origin,
            methods,
            allowed_headers,
            exposed_headers,
            credentials: options.get("credentials") == Some(&Value::Bool(true)),
            max_age,
            preflight_continue: options.get("preflightContinue").is_some_and(js::truthy),
            options_success_status,
        })
    }

    /// `configureOrigin`: `Access-Control-Allow-Origin` and `Vary: Origin`.
    fn origin(&self, request: &ServerRequest, out: &mut OrderedHeaders) {
        match &self.origin {
            Origin::Off => {}
            Origin::Any => out.set("Access-Control-Allow-Origin", "*"),
            Origin::Fixed(value) => {
                out.set("Access-Control-Allow-Origin", value);
                out.vary("Vary", "Origin");
            }
            Origin::Match(matcher) => {
                let origin = request.header("origin");
                if let Some(origin) = origin.filter(|o| matcher.allows(Some(o)) && !o.is_empty()) {
                    out.set("Access-Control-Allow-Origin", origin);
                }
                out.vary("Vary", "Origin");
            }
        }
    }

    fn credentials(&self, out: &mut OrderedHeaders) {
        if self.credentials {
            out.set("Access-Control-Allow-Credentials", "true");
        }
    }

    fn exposed(&self, out: &mut OrderedHeaders) {
        if let Some(exposed) = self.exposed_headers.as_deref().filter(|v| !v.is_empty()) {
            out.set("Access-Control-Expose-Headers", exposed);
        }
    }

    pub(super) fn respond(&self, request: &ServerRequest, app: &ResponseSpec) -> ResponseSpec {
        if matches!(self.origin, Origin::Off) {
            return app.clone();
        }
        // Express's own header comes first; the middleware's next; the
        // route's (or the framework's) after.
        let mut out = OrderedHeaders::default();
        let (before, after): (Vec<_>, Vec<_>) = app
            .headers
            .iter()
            .partition(|(n, _)| n.eq_ignore_ascii_case(POWERED_BY));
        for (name, value) in before {
            out.append(name, value);
        }
        self.origin(request, &mut out);
        self.credentials(&mut out);
        let preflight = request.method.eq_ignore_ascii_case("OPTIONS");
        if preflight {
            if !self.methods.is_empty() {
                out.set("Access-Control-Allow-Methods", &self.methods);
            }
            let requested;
            let allowed = if let Some(allowed) = &self.allowed_headers {
                allowed.as_str()
            } else {
                out.vary("Vary", "Access-Control-Request-Headers");
                requested = request
                    .header("access-control-request-headers")
                    .unwrap_or("");
                requested
            };
            if !allowed.is_empty() {
                out.set("Access-Control-Allow-Headers", allowed);
            }
            if let Some(max_age) = &self.max_age {
                out.set("Access-Control-Max-Age", max_age);
            }
        }
        self.exposed(&mut out);
        if preflight && !self.preflight_continue {
            out.set("Content-Length", "0");
            return response(self.options_success_status, out.0);
        }
        for (name, value) in after {
            if name.eq_ignore_ascii_case("vary") {
                out.vary(name, value);
            } else {
                out.set(name, value);
            }
        }
        response(app.status, out.0)
    }
}

/// Express 5 without the middleware, for a route serving `GET`, `PUT`,
/// `POST` and `DELETE`: the route's 200, or the router's automatic
/// `OPTIONS` answer (recorded: `app_response` of
/// `tests/servers/fixtures/express-cors/defaults.json#options-no-origin`),
/// or the final handler's 404.
pub(super) fn app_response(request: &ServerRequest) -> ResponseSpec {
    let powered = (POWERED_BY.to_owned(), "Express".to_owned());
    match request.method.as_str() {
        "GET" | "HEAD" | "PUT" | "POST" | "DELETE" => response(200, vec![powered]),
        "OPTIONS" => response(
            200,
            vec![
                powered,
                (
                    "Allow".to_owned(),
                    "DELETE, GET, HEAD, POST, PUT".to_owned(),
                ),
                ("Content-Type".to_owned(), "text/plain".to_owned()),
                ("X-Content-Type-Options".to_owned(), "nosniff".to_owned()),
            ],
        ),
        _ => response(
            404,
            vec![
                powered,
                (
                    "Content-Security-Policy".to_owned(),
                    "default-src 'none'".to_owned(),
                ),
                ("X-Content-Type-Options".to_owned(), "nosniff".to_owned()),
                (
                    "Content-Type".to_owned(),
                    "text/html; charset=utf-8".to_owned(),
                ),
            ],
        ),
    }
}
