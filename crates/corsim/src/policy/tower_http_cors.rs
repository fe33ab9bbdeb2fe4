//! tower-http 0.7.1's `CorsLayer` on axum 0.8.9
//! (`Router::layer(CorsLayer::new()...)`).
//!
//! Followed from tower-http's `src/cors/` and axum's method router, and
//! held to `tests/servers/fixtures/tower-http-cors/`. In short: every
//! `OPTIONS` request is answered by the layer itself with 200 and its own
//! headers only, whatever its `Origin` or `Access-Control-Request-Method`,
//! and axum then adds the method router's `allow` line to it; methods and
//! headers are never checked, only advertised; a disallowed origin only
//! goes without `access-control-allow-origin`; the other requests reach
//! the app and get the layer's headers after the app's (`vary` appended,
//! the others replacing the app's). `vary` names what the configuration
//! varies with (0.6 always named all three request headers). Credentials
//! with any `*` panic when the layer is applied. Every header name is
//! lower-case, as the `http` crate keeps names.

use http::{HeaderName, HeaderValue, Method};
use serde_json::{Map, Value};

use super::pattern::Pattern;
use super::{response, Framework, PolicyError, ServerRequest};
use crate::scenario::{HeaderPair, ResponseSpec};

/// The version of tower-http modelled.
pub(super) const VERSION: &str = "0.7.1";

const ALLOW_ORIGIN: &str = "access-control-allow-origin";
const ALLOW_CREDENTIALS: &str = "access-control-allow-credentials";
const ALLOW_PRIVATE_NETWORK: &str = "access-control-allow-private-network";
const ALLOW_METHODS: &str = "access-control-allow-methods";
const ALLOW_HEADERS: &str = "access-control-allow-headers";
const EXPOSE_HEADERS: &str = "access-control-expose-headers";
const MAX_AGE: &str = "access-control-max-age";
const VARY: &str = "vary";
const ALLOW: &str = "allow";

/// What axum's method router answers with `allow` for the route's methods.
const ROUTE_METHODS: &str = "GET,HEAD,PUT,POST,DELETE";

/// `allow_origin`.
#[derive(Debug, Clone)]
enum Origin {
    /// `Any` (`"*"`) or an exact value: sent whatever the request's Origin.
    Const(String),
    /// `AllowOrigin::list` (the default is the empty list): the request's
    /// Origin when it is one of these, byte for byte.
    List(Vec<String>),
    /// `AllowOrigin::mirror_request()`: any Origin.
    Mirror,
    /// `AllowOrigin::predicate` over `Regex::is_match` (a search).
    Regex(Pattern),
}

impl Origin {
    /// `varies_with_origin`: everything but a constant.
    fn varies(&self) -> bool {
        !matches!(self, Self::Const(_))
    }

    /// The `access-control-allow-origin` value for a request whose first
    /// `Origin` is `origin`.
    fn header<'a>(&'a self, origin: Option<&'a str>) -> Option<&'a str> {
        match self {
            Self::Const(value) => Some(value),
            Self::List(list) => origin.filter(|o| list.iter().any(|l| l == o)),
            Self::Mirror => origin,
            Self::Regex(pattern) => origin.filter(|o| pattern.search(o)),
        }
    }
}

/// `allow_methods` and `allow_headers`.
#[derive(Debug, Clone)]
enum Advertised {
    /// `Any` (`*`) or a list joined with `,`; `None`: the empty list (the
    /// default), no header.
    Const(Option<String>),
    /// `mirror_request()`: the request's first
    /// `Access-Control-Request-Method` (`-Headers`), byte for byte.
    Mirror,
}

impl Advertised {
    fn is_wildcard(&self) -> bool {
        matches!(self, Self::Const(Some(v)) if v == "*")
    }

    fn varies(&self) -> bool {
        matches!(self, Self::Mirror)
    }

    fn header<'a>(&'a self, request: &'a ServerRequest, requested: &str) -> Option<&'a str> {
        match self {
            Self::Const(value) => value.as_deref(),
            Self::Mirror => request_header(request, requested),
        }
    }
}

/// The builder methods the app maps options to (a misspelt one does not
/// compile).
pub(super) const OPTIONS: &[&str] = &[
    "allow_origin",
    "allow_methods",
    "allow_headers",
    "expose_headers",
    "allow_credentials",
    "allow_private_network",
    "max_age",
    "vary",
];

/// A Rust string literal.
fn rust_string(s: &str) -> String {
    format!("{s:?}")
}

/// `Any`, `mirror_request()` or a list, as the builder takes them.
fn rust_list(value: &Value, kind: &str, item: &dyn Fn(&str) -> String) -> String {
    match value {
        Value::String(s) if s == "*" => "Any".to_owned(),
        Value::String(s) if s == "mirror_request" => format!("{kind}::mirror_request()"),
        Value::String(s) => format!("[{}]", item(s)),
        Value::Array(items) => {
            let items: Vec<String> = items.iter().filter_map(Value::as_str).map(item).collect();
            format!("[{}]", items.join(", "))
        }
        other => other.to_string(),
    }
}

/// The layer built from `options`, as code.
pub(super) fn code(options: &Map<String, Value>) -> String {
    let header = |s: &str| {
        format!(
            "HeaderName::from_static({})",
            rust_string(&s.to_ascii_lowercase())
        )
    };
    let method = |s: &str| match s {
        "GET" | "HEAD" | "POST" | "PUT" | "DELETE" | "OPTIONS" | "PATCH" | "CONNECT" | "TRACE" => {
            format!("Method::{s}")
        }
        _ => format!("Method::from_bytes(b{}).unwrap()", rust_string(s)),
    };
    let origin = |s: &str| format!("HeaderValue::from_static({})", rust_string(s));
    let mut calls = Vec::new();
    for (name, value) in options {
        let argument = match name.as_str() {
            "allow_origin" => match value {
                Value::Object(regex) if regex.contains_key("regex") => format!(
                    "AllowOrigin::predicate(|origin, _| {{\n            \
                     Regex::new({}).unwrap().is_match(origin.as_bytes())\n        }})",
                    rust_string(regex.get("regex").and_then(Value::as_str).unwrap_or(""))
                ),
                Value::String(s) if s != "*" && s != "mirror_request" => origin(s),
                other => rust_list(other, "AllowOrigin", &origin),
            },
            "allow_methods" => rust_list(value, "AllowMethods", &method),
            "allow_headers" => rust_list(value, "AllowHeaders", &header),
            "expose_headers" => rust_list(value, "ExposeHeaders", &header),
            "vary" => rust_list(value, "Vary", &header),
            "max_age" => format!("Duration::from_secs({value})"),
            _ => value.to_string(),
        };
        calls.push(format!("    .{name}({argument})"));
    }
    format!(
        "use tower_http::cors::{{AllowHeaders, AllowMethods, AllowOrigin, Any, CorsLayer, ExposeHeaders}};\n\
         let cors = CorsLayer::new()\n{};\nlet app = app.layer(cors);\n",
        calls.join("\n")
    )
}

/// The layer as `Router::layer` applies it, after `update_vary_header`.
#[derive(Debug, Clone)]
pub(super) struct Cors {
    origin: Origin,
    methods: Advertised,
    headers: Advertised,
    /// `expose_headers`, joined with `,`.
    expose: Option<String>,
    credentials: bool,
    private_network: bool,
    /// Seconds.
    max_age: Option<u64>,
    /// The `vary` value: the custom list, or the request headers the
    /// configuration varies with, joined with `, `; `None`: no header.
    vary: Option<String>,
}

fn option_error(name: &str, problem: impl Into<String>) -> PolicyError {
    PolicyError::option(Framework::TowerHttpCors, name, problem)
}

/// A string, or a list of strings (one builder argument per item).
fn strings<'a>(name: &str, value: &'a Value) -> Result<Vec<&'a str>, PolicyError> {
    match value {
        Value::String(s) => Ok(vec![s.as_str()]),
        Value::Array(items) => items
            .iter()
            .map(|v| {
                v.as_str()
                    .ok_or_else(|| option_error(name, "a list item is not a string"))
            })
            .collect(),
        _ => Err(option_error(name, "must be a string or a list of strings")),
    }
}

/// `HeaderName::from_bytes` of each item (lower-cased), joined with `sep`;
/// `None` for the empty list.
fn header_names(name: &str, value: &Value, sep: &str) -> Result<Option<String>, PolicyError> {
    let names = strings(name, value)?
        .into_iter()
        .map(|s| {
            HeaderName::from_bytes(s.as_bytes())
                .map(|h| h.as_str().to_owned())
                .map_err(|_| option_error(name, format!("`{s}` is not a header name")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok((!names.is_empty()).then(|| names.join(sep)))
}

/// `HeaderValue::from_str`.
fn header_value(name: &str, s: &str) -> Result<String, PolicyError> {
    HeaderValue::from_str(s)
        .map(|_| s.to_owned())
        .map_err(|_| option_error(name, format!("`{s}` is not a header value")))
}

fn flag(name: &str, value: &Value) -> Result<bool, PolicyError> {
    value
        .as_bool()
        .ok_or_else(|| option_error(name, "must be true or false"))
}

fn allow_origin(value: &Value) -> Result<Origin, PolicyError> {
    const NAME: &str = "allow_origin";
    if let Some(pattern) = Pattern::from_json(value) {
        return pattern
            .map(Origin::Regex)
            .map_err(|problem| option_error(NAME, problem));
    }
    match value {
        Value::String(s) if s == "*" => Ok(Origin::Const("*".to_owned())),
        Value::String(s) if s == "mirror_request" => Ok(Origin::Mirror),
        Value::String(s) => Ok(Origin::Const(header_value(NAME, s)?)),
        Value::Array(_) => {
            let list = strings(NAME, value)?
                .into_iter()
                .map(|s| header_value(NAME, s))
                .collect::<Result<Vec<_>, _>>()?;
            if list.iter().any(|s| s == "*") {
                // `AllowOrigin::list` panics as the builder is called.
                return Err(PolicyError::Startup {
                    framework: Framework::TowerHttpCors,
                    message: "Wildcard origin (`*`) cannot be passed to `AllowOrigin::list`. \
                              Use `AllowOrigin::any()` instead"
                        .to_owned(),
                });
            }
            Ok(Origin::List(list))
        }
        _ => Err(option_error(
            NAME,
            "must be \"*\", \"mirror_request\", an origin, a list of origins or {\"regex\": ...}",
        )),
    }
}

fn advertised(name: &str, value: &Value, methods: bool) -> Result<Advertised, PolicyError> {
    Ok(match value {
        Value::String(s) if s == "*" => Advertised::Const(Some("*".to_owned())),
        Value::String(s) if s == "mirror_request" => Advertised::Mirror,
        _ if methods => {
            let list = strings(name, value)?
                .into_iter()
                .map(|s| {
                    Method::from_bytes(s.as_bytes())
                        .map(|m| m.as_str().to_owned())
                        .map_err(|_| option_error(name, format!("`{s}` is not a method")))
                })
                .collect::<Result<Vec<_>, _>>()?;
            Advertised::Const((!list.is_empty()).then(|| list.join(",")))
        }
        _ => Advertised::Const(header_names(name, value, ",")?),
    })
}

/// `ensure_usable_cors_rules`, as `Router::layer` runs it.
fn ensure_usable(cors: &Cors) -> Result<(), PolicyError> {
    if !cors.credentials {
        return Ok(());
    }
    let wildcard = if cors.headers.is_wildcard() {
        Some("Access-Control-Allow-Headers")
    } else if cors.methods.is_wildcard() {
        Some("Access-Control-Allow-Methods")
    } else if matches!(&cors.origin, Origin::Const(v) if v == "*") {
        Some("Access-Control-Allow-Origin")
    } else if cors.expose.as_deref() == Some("*") {
        Some("Access-Control-Expose-Headers")
    } else {
        None
    };
    match wildcard {
        None => Ok(()),
        Some(header) => Err(PolicyError::Startup {
            framework: Framework::TowerHttpCors,
            message: format!(
                "Invalid CORS configuration: Cannot combine \
                 `Access-Control-Allow-Credentials: true` with `{header}: *`"
            ),
        }),
    }
}

impl Cors {
    pub(super) fn new(options: &Map<String, Value>) -> Result<Self, PolicyError> {
        let mut cors = Self {
            origin: Origin::List(Vec::new()),
            methods: Advertised::Const(None),
            headers: Advertised::Const(None),
            expose: None,
            credentials: false,
            private_network: false,
            max_age: None,
            vary: None,
        };
        let mut custom_vary = None;
        for (name, value) in options {
            match name.as_str() {
                "allow_origin" => cors.origin = allow_origin(value)?,
                "allow_methods" => cors.methods = advertised(name, value, true)?,
                "allow_headers" => cors.headers = advertised(name, value, false)?,
                "expose_headers" => {
                    cors.expose = match value {
                        Value::String(s) if s == "*" => Some("*".to_owned()),
                        _ => header_names(name, value, ",")?,
                    };
                }
                "allow_credentials" => cors.credentials = flag(name, value)?,
                "allow_private_network" => cors.private_network = flag(name, value)?,
                "max_age" => {
                    cors.max_age = Some(
                        value
                            .as_u64()
                            .ok_or_else(|| option_error(name, "must be a number of seconds"))?,
                    );
                }
                "vary" => custom_vary = Some(header_names(name, value, ", ")?),
                _ => {
                    return Err(option_error(
                        name,
                        "not a CorsLayer builder method (in Rust, a compile error)",
                    ))
                }
            }
        }
        ensure_usable(&cors)?;
        cors.vary = custom_vary.unwrap_or_else(|| {
            let varying = [
                (cors.origin.varies(), "origin"),
                (cors.methods.varies(), "access-control-request-method"),
                (cors.headers.varies(), "access-control-request-headers"),
            ];
            let names: Vec<&str> = varying
                .iter()
                .filter(|(varies, _)| *varies)
                .map(|(_, name)| *name)
                .collect();
            (!names.is_empty()).then(|| names.join(", "))
        });
        Ok(cors)
    }

    pub(super) fn respond(&self, request: &ServerRequest, app: &ResponseSpec) -> ResponseSpec {
        let origin = request_header(request, "origin");
        // The headers for both kinds of request, in the layer's own map.
        let mut layer = HeaderMap::default();
        if self.credentials {
            layer.append(ALLOW_CREDENTIALS, "true");
        }
        if self.private_network
            && request_header(request, "access-control-request-private-network") == Some("true")
        {
            layer.append(ALLOW_PRIVATE_NETWORK, "true");
        }
        if let Some(vary) = &self.vary {
            layer.append(VARY, vary);
        }
        let allow_origin = self.origin.header(origin);
        // axum's method router answers the methods the route lacks with its
        // fallback, 405, and adds `allow` to whatever comes back through the
        // layer (when it has none).
        let allow = (app.status == 405)
            .then(|| {
                HeaderMap::from_lines(&app.headers)
                    .first(ALLOW)
                    .map(str::to_owned)
            })
            .flatten();
        if request.method == "OPTIONS" {
            if let Some(methods) = self
                .methods
                .header(request, "access-control-request-method")
            {
                layer.append(ALLOW_METHODS, methods);
            }
            if let Some(headers) = self
                .headers
                .header(request, "access-control-request-headers")
            {
                layer.append(ALLOW_HEADERS, headers);
            }
            if let Some(max_age) = self.max_age {
                layer.append(MAX_AGE, &max_age.to_string());
            }
            if let Some(value) = allow_origin {
                layer.append(ALLOW_ORIGIN, value);
            }
            // A fresh 200 with an empty body: the app's headers are gone;
            // axum adds `allow` and `content-length`, hyper `date`.
            if let Some(allow) = &allow {
                layer.insert(ALLOW, allow);
            }
            layer.insert("content-length", "0");
            let mut out = layer.into_lines();
            out.extend(app_lines(app, "date"));
            return response(200, out);
        }
        if let Some(expose) = &self.expose {
            layer.append(EXPOSE_HEADERS, expose);
        }
        if let Some(value) = allow_origin {
            layer.append(ALLOW_ORIGIN, value);
        }
        // What the route (or fallback) answered, before axum's `allow` and
        // `content-length` and hyper's `date`, which come after the layer.
        let late = |name: &str| {
            name.eq_ignore_ascii_case("content-length")
                || name.eq_ignore_ascii_case("date")
                || (allow.is_some() && name.eq_ignore_ascii_case(ALLOW))
        };
        let inner: Vec<HeaderPair> = app
            .headers
            .iter()
            .filter(|(n, _)| !late(n))
            .cloned()
            .collect();
        let mut out = HeaderMap::from_lines(&inner);
        // `vary` is appended to the app's; the rest replace the app's.
        if let Some(vary) = layer.swap_remove(VARY) {
            out.append(VARY, &vary);
        }
        for (name, values) in layer.0 {
            for value in values {
                out.insert(&name, &value);
            }
        }
        if let Some(allow) = &allow {
            out.insert(ALLOW, allow);
        }
        let mut out = out.into_lines();
        out.extend(app_lines(app, "content-length"));
        out.extend(app_lines(app, "date"));
        response(app.status, out)
    }
}

/// The app's lines named `name`, lower-cased as the `http` crate keeps them.
fn app_lines<'a>(app: &'a ResponseSpec, name: &'a str) -> impl Iterator<Item = HeaderPair> + 'a {
    app.headers
        .iter()
        .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(n, v)| (n.to_ascii_lowercase(), v.clone()))
}

/// The first value of the request header `name`, without the whitespace
/// around it (as hyper's parser hands it on).
fn request_header<'a>(request: &'a ServerRequest, name: &str) -> Option<&'a str> {
    request
        .header(name)
        .map(|v| v.trim_matches(|c| c == ' ' || c == '\t'))
}

/// A response's headers as the `http` crate's `HeaderMap` keeps them: one
/// entry per (lower-case) name in the order the names came, each with its
/// values, written out entry by entry.
#[derive(Debug, Default)]
struct HeaderMap(Vec<(String, Vec<String>)>);

impl HeaderMap {
    fn from_lines(lines: &[HeaderPair]) -> Self {
        let mut map = Self::default();
        for (name, value) in lines {
            map.append(name, value);
        }
        map
    }

    fn entry(&mut self, name: &str) -> Option<&mut Vec<String>> {
        self.0
            .iter_mut()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, values)| values)
    }

    fn first(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .and_then(|(_, values)| values.first())
            .map(String::as_str)
    }

    /// `HeaderMap::append`: another value of the entry, or a new entry.
    fn append(&mut self, name: &str, value: &str) {
        if let Some(values) = self.entry(name) {
            values.push(value.to_owned());
        } else {
            self.0
                .push((name.to_ascii_lowercase(), vec![value.to_owned()]));
        }
    }

    /// `HeaderMap::insert` (and `extend`): the entry's values replaced in
    /// place, or a new entry.
    fn insert(&mut self, name: &str, value: &str) {
        if let Some(values) = self.entry(name) {
            *values = vec![value.to_owned()];
        } else {
            self.0
                .push((name.to_ascii_lowercase(), vec![value.to_owned()]));
        }
    }

    /// `HeaderMap::remove`: the first value; the last entry takes the
    /// removed one's place (`swap_remove`).
    fn swap_remove(&mut self, name: &str) -> Option<String> {
        let index = self
            .0
            .iter()
            .position(|(n, _)| n.eq_ignore_ascii_case(name))?;
        self.0.swap_remove(index).1.into_iter().next()
    }

    fn into_lines(self) -> Vec<HeaderPair> {
        self.0
            .into_iter()
            .flat_map(|(name, values)| values.into_iter().map(move |v| (name.clone(), v)))
            .collect()
    }
}

/// axum 0.8 without the layer, for a route serving `GET` (and so `HEAD`),
/// `PUT`, `POST` and `DELETE`: the route's 200, or the method router's 405
/// with `allow` for any other method (recorded: `app_response` of
/// `tests/servers/fixtures/tower-http-cors/defaults.json#pf-put`).
pub(super) fn app_response(request: &ServerRequest) -> ResponseSpec {
    match request.method.as_str() {
        "GET" | "HEAD" | "PUT" | "POST" | "DELETE" => response(200, Vec::new()),
        _ => response(405, vec![(ALLOW.to_owned(), ROUTE_METHODS.to_owned())]),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn cors(options: &Value) -> Result<Cors, PolicyError> {
        Cors::new(options.as_object().expect("an object"))
    }

    fn get(origin: &str) -> ServerRequest {
        ServerRequest {
            method: "GET".to_owned(),
            url: "http://api.example/x".to_owned(),
            headers: vec![("Origin".to_owned(), origin.to_owned())],
        }
    }

    fn lines(response: &ResponseSpec) -> Vec<(&str, &str)> {
        response
            .headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect()
    }

    #[test]
    fn a_wildcard_in_an_origin_list_panics_in_the_builder() {
        let Err(PolicyError::Startup { message, .. }) =
            cors(&json!({"allow_origin": ["https://app.example", "*"]}))
        else {
            panic!("compiles");
        };
        assert!(message.starts_with("Wildcard origin (`*`) cannot be passed"));
    }

    #[test]
    fn credentials_with_a_wildcard_method_or_exposed_header_panic() {
        for (options, header) in [
            (
                json!({"allow_credentials": true, "allow_methods": ["*"]}),
                "Access-Control-Allow-Methods",
            ),
            (
                json!({"allow_credentials": true, "expose_headers": "*"}),
                "Access-Control-Expose-Headers",
            ),
        ] {
            let Err(PolicyError::Startup { message, .. }) = cors(&options) else {
                panic!("{options} compiles");
            };
            assert!(message.ends_with(&format!("`{header}: *`")), "{message}");
        }
    }

    #[test]
    fn options_are_spelled_as_the_http_crate_keeps_them() {
        let cors = cors(&json!({
            "allow_origin": "mirror_request",
            "allow_methods": ["get", "PATCH"],
            "allow_headers": ["X-Trace"],
            "vary": []
        }))
        .expect("compiles");
        let mut preflight = get("https://app.example");
        preflight.method = "OPTIONS".to_owned();
        let out = cors.respond(&preflight, &app_response(&preflight));
        assert_eq!(
            lines(&out),
            [
                ("access-control-allow-methods", "get,PATCH"),
                ("access-control-allow-headers", "x-trace"),
                ("access-control-allow-origin", "https://app.example"),
                ("allow", ROUTE_METHODS),
                ("content-length", "0"),
            ]
        );
        assert!(cors_error(
            "allow_methods",
            &json!({"allow_methods": ["G T"]})
        ));
        assert!(cors_error("allow_hedaers", &json!({"allow_hedaers": "*"})));
    }

    fn cors_error(name: &str, options: &Value) -> bool {
        matches!(cors(options), Err(PolicyError::Option { name: n, .. }) if n == name)
    }

    #[test]
    fn the_app_keeps_its_vary_and_its_allow_comes_last() {
        let cors = cors(&json!({
            "allow_origin": ["https://app.example"],
            "allow_credentials": true,
            "expose_headers": ["x-total-count"]
        }))
        .expect("compiles");
        let app = response(
            405,
            vec![
                ("Allow".to_owned(), "GET".to_owned()),
                ("Vary".to_owned(), "Accept".to_owned()),
                ("Content-Length".to_owned(), "0".to_owned()),
            ],
        );
        let mut request = get("https://app.example");
        request.method = "PATCH".to_owned();
        // The layer's map was [credentials, vary, expose, origin]; removing
        // `vary` moved `origin` into its place.
        assert_eq!(
            lines(&cors.respond(&request, &app)),
            [
                ("vary", "Accept"),
                ("vary", "origin"),
                ("access-control-allow-credentials", "true"),
                ("access-control-allow-origin", "https://app.example"),
                ("access-control-expose-headers", "x-total-count"),
                ("allow", "GET"),
                ("content-length", "0"),
            ]
        );
    }
}
