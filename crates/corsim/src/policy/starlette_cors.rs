//! Starlette 1.10.0 `CORSMiddleware`
//! (`Starlette(middleware=[Middleware(CORSMiddleware, **options)])`),
//! served by uvicorn.
//!
//! Followed from `starlette/middleware/cors.py` and held to
//! `tests/servers/fixtures/starlette-cors/`. In short: a preflight is an
//! `OPTIONS` request with both `Origin` and `Access-Control-Request-Method`,
//! answered by the middleware itself: 200 `OK`, or 400 `Disallowed CORS
//! origin, method, headers, private-network` when any check fails, the 400
//! keeping `Access-Control-Allow-Methods`, `-Max-Age` and `-Allow-Headers`;
//! the defaults allow no origin and only `GET`, with max-age 600. Every
//! other request goes to the app, and its response gets `vary: Origin`
//! appended, even with `allow_origins=["*"]`; `["*"]` with credentials
//! echoes any Origin. Unknown option names raise `TypeError` when the app
//! first builds its middleware: uvicorn then answers 500 to every request.
//! A route's exception is answered by `ServerErrorMiddleware`, outside this
//! one: no CORS header on that 500. All names go out in lower case.

use serde_json::{Map, Number, Value};

use super::headers::OrderedHeaders;
use super::pattern::Pattern;
use super::python;
use super::{response, Framework, PolicyError, ServerRequest};
use crate::scenario::ResponseSpec;

/// The version of Starlette modelled.
pub(super) const VERSION: &str = "1.10.0";

/// `ALL_METHODS`: what `allow_methods` containing `*` becomes.
const ALL_METHODS: [&str; 8] = [
    "DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT", "QUERY",
];

/// `SAFELISTED_HEADERS`, always allowed.
const SAFELISTED_HEADERS: [&str; 4] = [
    "Accept",
    "Accept-Language",
    "Content-Language",
    "Content-Type",
];

/// The preflight `Vary`, sent on every preflight answer.
const PREFLIGHT_VARY: &str =
    "Origin, Access-Control-Request-Method, Access-Control-Request-Headers, Access-Control-Request-Private-Network";

/// The `Content-Type` of Starlette's `PlainTextResponse`.
const TEXT_PLAIN: &str = "text/plain; charset=utf-8";

/// The keyword arguments `CORSMiddleware.__init__` takes (any other is a
/// `TypeError` at the first request).
pub(super) const OPTIONS: &[&str] = &[
    "allow_origins",
    "allow_methods",
    "allow_headers",
    "allow_credentials",
    "allow_origin_regex",
    "allow_private_network",
    "expose_headers",
    "max_age",
];

/// A `Collection[str]` option as Python sees it.
#[derive(Debug, Clone)]
enum Collection {
    /// A list: `in` is membership.
    List(Vec<String>),
    /// A string: its items are its characters, and `in` finds substrings.
    Text(String),
}

impl Collection {
    /// Python's `needle in collection`.
    fn contains(&self, needle: &str) -> bool {
        match self {
            Self::List(items) => items.iter().any(|i| i == needle),
            Self::Text(text) => text.contains(needle),
        }
    }

    /// The items, as iterating the collection gives them.
    fn items(&self) -> Vec<String> {
        match self {
            Self::List(items) => items.clone(),
            Self::Text(text) => text.chars().map(String::from).collect(),
        }
    }
}

/// The middleware as `__init__` leaves it, or the error `__init__` raises.
#[derive(Debug, Clone)]
pub(super) enum Cors {
    /// Built: answers requests.
    Built(Box<Built>),
    /// `__init__` raised (a `TypeError` for an unknown option name, or a
    /// value Python cannot use): every request is answered 500 by uvicorn.
    Broken,
}

/// The attributes `CORSMiddleware.__init__` computes.
#[derive(Debug, Clone)]
pub(super) struct Built {
    allow_origins: Collection,
    allow_all_origins: bool,
    allow_origin_regex: Option<Pattern>,
    /// `allow_methods`, or [`ALL_METHODS`] when it contains `*`.
    allow_methods: Collection,
    allow_all_headers: bool,
    /// The safelisted and configured names, sorted, in lower case.
    allow_headers: Vec<String>,
    allow_credentials: bool,
    allow_private_network: bool,
    /// `not allow_all_origins or allow_credentials`: the preflight echoes
    /// the Origin rather than sending `*`.
    preflight_explicit_allow_origin: bool,
    simple_headers: Vec<(&'static str, String)>,
    preflight_headers: OrderedHeaders,
}

fn option_error(name: &str, problem: impl Into<String>) -> PolicyError {
    PolicyError::option(Framework::StarletteCors, name, problem)
}

/// Python's `str()` of a JSON number (`600`, `600.0`, `0.5`).
fn py_number(n: &Number) -> String {
    if n.is_f64() {
        let x = n.as_f64().unwrap_or_default();
        if x.fract() == 0.0 && x.abs() < 1e16 {
            format!("{x:.1}")
        } else {
            x.to_string()
        }
    } else {
        n.to_string()
    }
}

/// A `Collection[str]` option: `None` when Python's `in` would raise on it
/// (`None`, a number, a boolean).
fn collection(name: &str, value: &Value) -> Result<Option<Collection>, PolicyError> {
    Ok(Some(match value {
        Value::String(s) => Collection::Text(s.clone()),
        Value::Array(items) => Collection::List(
            items
                .iter()
                .map(|item| {
                    item.as_str()
                        .map(str::to_owned)
                        .ok_or_else(|| option_error(name, "an item that is not a string"))
                })
                .collect::<Result<_, _>>()?,
        ),
        Value::Object(_) => return Err(option_error(name, "must be a list of strings")),
        Value::Null | Value::Bool(_) | Value::Number(_) => return Ok(None),
    }))
}

impl Cors {
    pub(super) fn new(options: &Map<String, Value>) -> Result<Self, PolicyError> {
        if options.keys().any(|k| !OPTIONS.contains(&k.as_str())) {
            // TypeError: __init__() got an unexpected keyword argument.
            return Ok(Self::Broken);
        }
        let list = |name: &str, default: &[&str]| match options.get(name) {
            None => Ok(Some(Collection::List(
                default.iter().map(|s| (*s).to_owned()).collect(),
            ))),
            Some(v) => collection(name, v),
        };
        let (Some(allow_origins), Some(allow_methods), Some(allow_headers), Some(expose_headers)) = (
            list("allow_origins", &[])?,
            list("allow_methods", &["GET"])?,
            list("allow_headers", &[])?,
            list("expose_headers", &[])?,
        ) else {
            // TypeError: argument of type '...' is not iterable.
            return Ok(Self::Broken);
        };
        let allow_origin_regex = match options.get("allow_origin_regex") {
            None | Some(Value::Null) => None,
            Some(Value::String(source)) => Some(
                Pattern::python(source, "")
                    .map_err(|problem| option_error("allow_origin_regex", problem))?,
            ),
            Some(value) => match Pattern::python_json(value) {
                Some(pattern) => {
                    Some(pattern.map_err(|problem| option_error("allow_origin_regex", problem))?)
                }
                // re.compile raises TypeError.
                None => return Ok(Self::Broken),
            },
        };
        let max_age = match options.get("max_age") {
            None => "600".to_owned(),
            Some(Value::Number(n)) => py_number(n),
            Some(Value::String(s)) => s.clone(),
            Some(Value::Bool(b)) => if *b { "True" } else { "False" }.to_owned(),
            Some(Value::Null) => "None".to_owned(),
            Some(_) => return Err(option_error("max_age", "must be a number")),
        };
        let allow_credentials = options.get("allow_credentials").is_some_and(python::truthy);
        let allow_private_network = options
            .get("allow_private_network")
            .is_some_and(python::truthy);

        let allow_methods = if allow_methods.contains("*") {
            Collection::List(ALL_METHODS.iter().map(|m| (*m).to_owned()).collect())
        } else {
            allow_methods
        };
        let allow_all_origins = allow_origins.contains("*");
        let allow_all_headers = allow_headers.contains("*");
        let preflight_explicit_allow_origin = !allow_all_origins || allow_credentials;

        let mut simple_headers = Vec::new();
        if allow_all_origins {
            simple_headers.push(("access-control-allow-origin", "*".to_owned()));
        }
        if allow_credentials {
            simple_headers.push(("access-control-allow-credentials", "true".to_owned()));
        }
        let exposed = expose_headers.items();
        if !exposed.is_empty() {
            simple_headers.push(("access-control-expose-headers", exposed.join(", ")));
        }

        let mut preflight_headers = OrderedHeaders::default();
        preflight_headers.set("vary", PREFLIGHT_VARY);
        if !preflight_explicit_allow_origin {
            preflight_headers.set("access-control-allow-origin", "*");
        }
        preflight_headers.set(
            "access-control-allow-methods",
            &allow_methods.items().join(", "),
        );
        preflight_headers.set("access-control-max-age", &max_age);
        // sorted(SAFELISTED_HEADERS | set(allow_headers)): never empty.
        let mut names: Vec<String> = SAFELISTED_HEADERS
            .iter()
            .map(|s| (*s).to_owned())
            .chain(allow_headers.items())
            .collect();
        names.sort();
        names.dedup();
        if !allow_all_headers {
            preflight_headers.set("access-control-allow-headers", &names.join(", "));
        }
        if allow_credentials {
            preflight_headers.set("access-control-allow-credentials", "true");
        }

        Ok(Self::Built(Box::new(Built {
            allow_origins,
            allow_all_origins,
            allow_origin_regex,
            allow_methods,
            allow_all_headers,
            allow_headers: names.iter().map(|h| h.to_lowercase()).collect(),
            allow_credentials,
            allow_private_network,
            preflight_explicit_allow_origin,
            simple_headers,
            preflight_headers,
        })))
    }

    pub(super) fn respond(&self, request: &ServerRequest, app: &ResponseSpec) -> ResponseSpec {
        let Self::Built(cors) = self else {
            // uvicorn's own answer to the app raising.
            return response(
                500,
                vec![
                    ("content-type".to_owned(), TEXT_PLAIN.to_owned()),
                    ("connection".to_owned(), "close".to_owned()),
                    ("Transfer-Encoding".to_owned(), "chunked".to_owned()),
                ],
            );
        };
        match request.header("origin") {
            Some(origin)
                if request.method == "OPTIONS"
                    && request.header("access-control-request-method").is_some() =>
            {
                cors.preflight(request, origin)
            }
            origin => cors.simple(origin, app),
        }
    }
}

/// Python's `str.strip()`: `str.isspace` characters at both ends.
fn py_strip(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || ('\x1c'..='\x1f').contains(&c))
}

impl Built {
    /// `is_allowed_origin`.
    fn allows(&self, origin: &str) -> bool {
        self.allow_all_origins
            || self
                .allow_origin_regex
                .as_ref()
                .is_some_and(|p| p.python_fullmatch(origin))
            || self.allow_origins.contains(origin)
    }

    /// `preflight_response`: the middleware's own 200 or 400.
    fn preflight(&self, request: &ServerRequest, origin: &str) -> ResponseSpec {
        let method = request
            .header("access-control-request-method")
            .unwrap_or_default();
        let requested_headers = request.header("access-control-request-headers");
        let mut headers = self.preflight_headers.clone();
        let mut failures = Vec::new();
        if self.allows(origin) {
            if self.preflight_explicit_allow_origin {
                headers.set("access-control-allow-origin", origin);
            }
        } else {
            failures.push("origin");
        }
        if !self.allow_methods.contains(method) {
            failures.push("method");
        }
        if let Some(requested) = requested_headers {
            if self.allow_all_headers {
                headers.set("access-control-allow-headers", requested);
            } else if requested
                .split(',')
                .map(str::to_lowercase)
                .any(|h| !self.allow_headers.iter().any(|a| a == py_strip(&h)))
            {
                failures.push("headers");
            }
        }
        if request
            .header("access-control-request-private-network")
            .is_some()
        {
            if self.allow_private_network {
                headers.set("access-control-allow-private-network", "true");
            } else {
                failures.push("private-network");
            }
        }
        let (status, body) = if failures.is_empty() {
            (200, "OK".to_owned())
        } else {
            (400, format!("Disallowed CORS {}", failures.join(", ")))
        };
        headers.append("content-length", &body.len().to_string());
        headers.append("content-type", TEXT_PLAIN);
        response(status, headers.0)
    }

    /// `simple_response`: the app's answer, with the CORS headers.
    fn simple(&self, origin: Option<&str>, app: &ResponseSpec) -> ResponseSpec {
        if app.status == 500 {
            // An exception from the route, answered by ServerErrorMiddleware.
            return app.clone();
        }
        let mut headers = OrderedHeaders(app.headers.clone());
        if origin.is_some() {
            for (name, value) in &self.simple_headers {
                headers.set(name, value);
            }
        }
        match origin {
            Some(origin)
                if (self.allow_all_origins && self.allow_credentials)
                    || (!self.allow_all_origins && self.allows(origin)) =>
            {
                headers.set("access-control-allow-origin", origin);
            }
            _ => {}
        }
        // ", ".join([*headers.getlist("Vary"), "Origin"]), on every path.
        let mut vary: Vec<&str> = headers
            .0
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case("vary"))
            .map(|(_, v)| v.as_str())
            .collect();
        vary.push("Origin");
        let vary = vary.join(", ");
        headers.set("vary", &vary);
        response(app.status, headers.0)
    }
}

/// Starlette without the middleware, for a `Route` serving `GET`, `PUT`,
/// `POST` and `DELETE` (and so `HEAD`): the route's `PlainTextResponse`, or
/// the route's 405 with `allow` in set order (recorded: `app_response` of
/// `tests/servers/fixtures/starlette-cors/defaults.json#options-no-origin`).
pub(super) fn app_response(request: &ServerRequest) -> ResponseSpec {
    let content_type = ("content-type".to_owned(), TEXT_PLAIN.to_owned());
    match request.method.as_str() {
        "GET" | "HEAD" | "PUT" | "POST" | "DELETE" => response(200, vec![content_type]),
        _ => response(
            405,
            vec![
                (
                    "allow".to_owned(),
                    "GET, DELETE, PUT, HEAD, POST".to_owned(),
                ),
                content_type,
            ],
        ),
    }
}

/// Turns off, in `options`, a regex of `current` that would still admit
/// other origins than the list.
pub(super) fn disallow_others(current: &Map<String, Value>, options: &mut Map<String, Value>) {
    if current
        .get("allow_origin_regex")
        .is_some_and(|v| !v.is_null())
    {
        options.insert("allow_origin_regex".to_owned(), Value::Null);
    }
}

/// The middleware with `options`, as code.
pub(super) fn code(options: &Map<String, Value>) -> String {
    let arguments: Vec<String> = options
        .iter()
        .map(|(name, value)| format!("    {name}={},\n", super::python::literal(value)))
        .collect();
    format!(
        "from starlette.middleware.cors import CORSMiddleware\n\
         app.add_middleware(\n    CORSMiddleware,\n{})\n",
        arguments.concat()
    )
}
