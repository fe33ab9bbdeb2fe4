//! `@koa/cors` 5.0.0 on Koa 3 with `@koa/router` (`app.use(cors(options))`
//! before `router.routes()` and `router.allowedMethods()`).
//!
//! Followed from the library's `index.js` and held to
//! `tests/servers/fixtures/koa-cors/`. In short: `Vary: Origin` goes on
//! every response; a preflight is an `OPTIONS` request with
//! `Access-Control-Request-Method` (any other `OPTIONS` goes to the router,
//! whose answer keeps `Vary`), answered 204 by the middleware whatever its
//! path; methods and headers are never checked, only advertised; requested
//! headers are echoed byte for byte when `allowHeaders` is not set.
//! `origin` is a value sent as it is (a string, or `String` of anything
//! else: an array sends one line per item, a `RegExp` its source text) or
//! a function of the request (the contract's `{"fn": "allow-list"}` and
//! `{"fn": "origin-or-star"}`) whose falsy answer hands the request to the
//! app untouched but for `Vary`. With `credentials`, an origin of `*`
//! becomes the request's `Origin`, the empty string without one. When the
//! app throws, Koa clears every header; the middleware puts its own back
//! (`keepHeadersOnError`, the default), `vary` last.

use serde_json::{Map, Value};

use super::headers::OrderedHeaders;
use super::js::{self, truthy};
use super::pattern::Pattern;
use super::{response, Framework, PolicyError, ServerRequest};
use crate::scenario::{HeaderPair, ResponseSpec};

/// The version of `@koa/cors` modelled.
pub(super) const VERSION: &str = "5.0.0";

/// Koa's `Content-Type` for a text body.
const TEXT_TYPE: &str = "text/plain; charset=utf-8";

/// The methods `@koa/router` lists in `Allow` for the modelled route.
const ALLOW: &str = "HEAD, GET, PUT, POST, DELETE";

/// The methods `@koa/router` implements (its default `methods`): others
/// are answered 501.
const IMPLEMENTED: [&str; 7] = ["HEAD", "OPTIONS", "GET", "PUT", "PATCH", "POST", "DELETE"];

/// The `origin` option.
#[derive(Debug, Clone)]
enum Origin {
    /// Not a function: `options.origin || '*'`, as `ctx.set` sends it.
    Value(Allowed),
    /// `{"fn": "allow-list", "list": [...]}`: the request's `Origin` when
    /// the list holds it (`list.includes`), else `false`.
    AllowList(Vec<String>),
    /// `{"fn": "origin-or-star"}`: the request's `Origin`, or `*` without
    /// one.
    RequestOrStar,
}

/// What `Access-Control-Allow-Origin` is set to.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Allowed {
    /// One line.
    Text(String),
    /// An array: one line per item (none for an empty array).
    Lines(Vec<String>),
}

/// The options, after `{...defaults, ...options}` and the start-up joins.
#[derive(Debug, Clone)]
pub(super) struct Cors {
    origin: Origin,
    credentials: bool,
    allow_methods: Option<String>,
    expose_headers: Option<String>,
    /// `None` echoes the request's.
    allow_headers: Option<String>,
    max_age: Option<String>,
    keep_headers_on_error: bool,
    secure_context: bool,
    private_network_access: bool,
}

fn option_error(name: &str, problem: impl Into<String>) -> PolicyError {
    PolicyError::option(Framework::KoaCors, name, problem)
}

/// `String(regexp)`: `/source/flags`, the source escaped as V8's
/// `RegExp.prototype.source` escapes it (a `/` outside a character class,
/// line terminators) and the flags in their canonical order.
fn regexp_text(value: &Value) -> Option<Result<String, String>> {
    let pattern = Pattern::from_json(value)?;
    if let Err(problem) = pattern {
        return Some(Err(problem));
    }
    let object = value.as_object()?;
    let source = object.get("regex")?.as_str()?;
    let flags = object.get("flags").and_then(Value::as_str).unwrap_or("");
    let mut escaped = String::with_capacity(source.len() + 2);
    let mut in_class = false;
    let mut chars = source.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('\n') => escaped.push_str("\\n"),
                Some('\r') => escaped.push_str("\\r"),
                Some('\u{2028}') => escaped.push_str("\\u2028"),
                Some('\u{2029}') => escaped.push_str("\\u2029"),
                Some(next) => {
                    escaped.push('\\');
                    escaped.push(next);
                }
                None => escaped.push('\\'),
            },
            '/' if !in_class => escaped.push_str("\\/"),
            '[' => {
                in_class = true;
                escaped.push(c);
            }
            ']' => {
                in_class = false;
                escaped.push(c);
            }
            '\n' => escaped.push_str("\\n"),
            '\r' => escaped.push_str("\\r"),
            '\u{2028}' => escaped.push_str("\\u2028"),
            '\u{2029}' => escaped.push_str("\\u2029"),
            other => escaped.push(other),
        }
    }
    if escaped.is_empty() {
        escaped.push_str("(?:)");
    }
    let canonical: String = "dgimsuvy".chars().filter(|f| flags.contains(*f)).collect();
    Some(Ok(format!("/{escaped}/{canonical}")))
}

/// `String(value)` for an option value: primitives as JavaScript prints
/// them, a `RegExp` as `/source/flags`, an array joined with `,`; other
/// objects are not modelled.
fn text(name: &str, value: &Value) -> Result<String, PolicyError> {
    if let Some(regexp) = regexp_text(value) {
        return regexp.map_err(|problem| option_error(name, problem));
    }
    match value {
        Value::Array(items) => items
            .iter()
            .map(|item| match item {
                Value::Null => Ok(String::new()),
                other => text(name, other),
            })
            .collect::<Result<Vec<_>, _>>()
            .map(|items| items.join(",")),
        Value::Object(_) => Err(option_error(
            name,
            "an object that is not {\"regex\": ...} is not modelled",
        )),
        other => Ok(js::primitive(other).unwrap_or_default()),
    }
}

/// A header option (`allowMethods`, `exposeHeaders`, `allowHeaders`,
/// `maxAge`): an array joined with `,`, sent when the result is truthy.
fn header_option(name: &str, value: Option<&Value>) -> Result<Option<String>, PolicyError> {
    match value {
        Some(v @ Value::Array(_)) => Ok(Some(text(name, v)?).filter(|s| !s.is_empty())),
        Some(v) if truthy(v) => text(name, v).map(Some),
        _ => Ok(None),
    }
}

fn origin(value: Option<&Value>) -> Result<Origin, PolicyError> {
    let Some(value) = value.filter(|v| truthy(v)) else {
        return Ok(Origin::Value(Allowed::Text("*".to_owned())));
    };
    if let Some(function) = value.get("fn") {
        return match function.as_str() {
            Some("allow-list") => match value.get("list") {
                // `list.includes(origin)` compares strings strictly: other
                // items never match.
                Some(Value::Array(items)) => Ok(Origin::AllowList(
                    items
                        .iter()
                        .filter_map(|i| i.as_str().map(str::to_owned))
                        .collect(),
                )),
                _ => Err(option_error("origin", "`list` must be an array")),
            },
            Some("origin-or-star") => Ok(Origin::RequestOrStar),
            _ => Err(option_error(
                "origin",
                "only the functions `allow-list` and `origin-or-star` are modelled",
            )),
        };
    }
    Ok(Origin::Value(match value {
        // `ctx.set(field, array)`: `String` of each item, one line each.
        Value::Array(items) => Allowed::Lines(
            items
                .iter()
                .map(|item| text("origin", item))
                .collect::<Result<_, _>>()?,
        ),
        other => Allowed::Text(text("origin", other)?),
    }))
}

impl Cors {
    pub(super) fn new(options: &Map<String, Value>) -> Result<Self, PolicyError> {
        let credentials = match options.get("credentials") {
            Some(Value::Object(o)) if o.contains_key("fn") => {
                return Err(option_error("credentials", "a function is not modelled"))
            }
            v => v.is_some_and(truthy),
        };
        Ok(Self {
            origin: origin(options.get("origin"))?,
            credentials,
            allow_methods: match options.get("allowMethods") {
                None => Some("GET,HEAD,PUT,POST,DELETE,PATCH".to_owned()),
                v => header_option("allowMethods", v)?,
            },
            expose_headers: header_option("exposeHeaders", options.get("exposeHeaders"))?,
            allow_headers: header_option("allowHeaders", options.get("allowHeaders"))?,
            max_age: header_option("maxAge", options.get("maxAge"))?,
            keep_headers_on_error: options.get("keepHeadersOnError").is_none_or(truthy),
            secure_context: options.get("secureContext").is_some_and(truthy),
            private_network_access: options.get("privateNetworkAccess").is_some_and(truthy),
        })
    }

    pub(super) fn respond(&self, request: &ServerRequest, app: &ResponseSpec) -> ResponseSpec {
        // `ctx.get(name)`: the empty string without the header.
        let get = |name: &str| js::header(request, name).unwrap_or_default();
        let request_origin = get("origin");
        let mut out = OrderedHeaders::default();
        out.vary("Vary", "Origin");
        let mut allowed = match &self.origin {
            Origin::Value(allowed) => allowed.clone(),
            // An `Origin: ` header listed as "" answers the empty string,
            // which is falsy too.
            Origin::AllowList(list)
                if !request_origin.is_empty() && list.contains(&request_origin) =>
            {
                Allowed::Text(request_origin.clone())
            }
            Origin::RequestOrStar if !request_origin.is_empty() => {
                Allowed::Text(request_origin.clone())
            }
            Origin::RequestOrStar => Allowed::Text("*".to_owned()),
            // `return await next()`: what the app sends, `Vary` kept unless
            // it throws.
            Origin::AllowList(_) => return passed(out, app),
        };
        if self.credentials && allowed == Allowed::Text("*".to_owned()) {
            allowed = Allowed::Text(request_origin);
        }
        if request.method != "OPTIONS" {
            // The headers also kept in `headersSet` for an error.
            let mut set = OrderedHeaders::default();
            set_allowed(&mut set, &allowed);
            if self.credentials {
                set.set("Access-Control-Allow-Credentials", "true");
            }
            if let Some(exposed) = &self.expose_headers {
                set.set("Access-Control-Expose-Headers", exposed);
            }
            if self.secure_context {
                set.set("Cross-Origin-Opener-Policy", "same-origin");
                set.set("Cross-Origin-Embedder-Policy", "require-corp");
            }
            if thrown(app) {
                if !self.keep_headers_on_error {
                    return app.clone();
                }
                // Koa's `onerror` clears every header and sets
                // `err.headers`: the middleware's, then `vary`.
                let mut headers = set;
                headers.append("vary", "Origin");
                merge(&mut headers, app);
                return response(app.status, headers.0);
            }
            out.0.extend(set.0);
            merge(&mut out, app);
            return response(app.status, out.0);
        }
        if get("access-control-request-method").is_empty() {
            // Not a preflight: the router's answer.
            return passed(out, app);
        }
        set_allowed(&mut out, &allowed);
        if self.credentials {
            out.set("Access-Control-Allow-Credentials", "true");
        }
        if let Some(max_age) = &self.max_age {
            out.set("Access-Control-Max-Age", max_age);
        }
        if self.private_network_access && !get("access-control-request-private-network").is_empty()
        {
            out.set("Access-Control-Allow-Private-Network", "true");
        }
        if let Some(methods) = &self.allow_methods {
            out.set("Access-Control-Allow-Methods", methods);
        }
        if self.secure_context {
            out.set("Cross-Origin-Opener-Policy", "same-origin");
            out.set("Cross-Origin-Embedder-Policy", "require-corp");
        }
        let requested;
        let allow_headers = if let Some(allowed) = &self.allow_headers {
            allowed.as_str()
        } else {
            requested = get("access-control-request-headers");
            requested.as_str()
        };
        if !allow_headers.is_empty() {
            out.set("Access-Control-Allow-Headers", allow_headers);
        }
        response(204, out.0)
    }
}

/// Whether the app's answer is an exception's: Koa answers those from
/// `ctx.onerror`, which clears the headers set before. A 5xx is taken for
/// one.
fn thrown(app: &ResponseSpec) -> bool {
    app.status >= 500
}

/// The request handed to the app by `return await next()`, outside the
/// middleware's `try`: `Vary` kept, unless the app throws.
fn passed(mut out: OrderedHeaders, app: &ResponseSpec) -> ResponseSpec {
    if thrown(app) {
        return app.clone();
    }
    merge(&mut out, app);
    response(app.status, out.0)
}

/// `ctx.set('Access-Control-Allow-Origin', value)`: one line, or one per
/// item of an array.
fn set_allowed(out: &mut OrderedHeaders, allowed: &Allowed) {
    const NAME: &str = "Access-Control-Allow-Origin";
    match allowed {
        Allowed::Text(text) => out.set(NAME, text),
        Allowed::Lines(lines) => {
            out.remove(NAME);
            for line in lines {
                out.append(NAME, line);
            }
        }
    }
}

/// The app's headers, set after the middleware's: `Vary` through `vary`
/// (`ctx.vary`), others in place of a name the middleware set, or after.
fn merge(out: &mut OrderedHeaders, app: &ResponseSpec) {
    let mine: Vec<String> = out.0.iter().map(|(n, _)| n.to_ascii_lowercase()).collect();
    let mut replaced: Vec<String> = Vec::new();
    for (name, value) in &app.headers {
        let lower = name.to_ascii_lowercase();
        if lower == "vary" {
            out.vary(name, value);
        } else if mine.contains(&lower) && !replaced.contains(&lower) {
            out.set(name, value);
            replaced.push(lower);
        } else {
            out.append(name, value);
        }
    }
}

/// Koa 3 with `@koa/router` without the middleware, for a route serving
/// `GET`, `PUT`, `POST` and `DELETE` (and `HEAD`): the route's 200 (Koa
/// adds no header of its own), or the router's `allowedMethods()` answer
/// (measured on the recorded app): 200 with `Allow` to `OPTIONS`
/// (recorded: `app_response` of
/// `tests/servers/fixtures/koa-cors/defaults.json#options-no-origin`), 405
/// to the other methods it implements, 501 to the rest.
pub(super) fn app_response(request: &ServerRequest) -> ResponseSpec {
    let text = (String::from("Content-Type"), TEXT_TYPE.to_owned());
    let allow = (String::from("Allow"), ALLOW.to_owned());
    let method = request.method.as_str();
    let (status, headers): (u16, Vec<HeaderPair>) = match method {
        "GET" | "HEAD" | "PUT" | "POST" | "DELETE" => (200, Vec::new()),
        "OPTIONS" => (200, vec![text, allow]),
        _ if IMPLEMENTED.contains(&method.to_ascii_uppercase().as_str()) => {
            (405, vec![allow, text])
        }
        _ => (501, vec![allow, text]),
    };
    response(status, headers)
}
