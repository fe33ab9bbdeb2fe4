//! Flask-CORS 6.0.5 on Flask 3.1.3 (`CORS(app, **options)`, or
//! `@cross_origin(**options)` on every view with `"mount": "decorator"`).
//!
//! Followed from the library's `flask_cors/core.py`, `extension.py` and
//! `decorator.py`, and held to `tests/servers/fixtures/flask-cors/`. In
//! short: the middleware never answers a request itself; it appends its
//! headers to whatever the app answers (Flask's automatic `OPTIONS` 200
//! included), and nothing at all for an Origin it does not allow. Strings
//! with any of `*\]?$^[()` are regular expressions, `re.match`ed (anchored
//! at the start only) case-insensitively; other strings are compared
//! case-insensitively. Without an Origin, `always_send` sends `*`, or the
//! first listed literal origin in sorted order. A preflight's extra headers
//! need an `Access-Control-Request-Method` that is a *substring* of the
//! joined methods; requested headers are filtered, sorted and re-joined.
//! The extension also decorates Flask's 404, 405 and 500 answers; the
//! decorator only what its view returns.
//!
//! Request headers are read as Werkzeug's development server reads them:
//! repeated lines joined with `,`, names with `_` dropped, bytes taken as
//! Latin-1 characters (so a non-ASCII Origin never equals a configured
//! non-ASCII origin); configured values are sent as written.

use std::borrow::Cow;
use std::fmt::Write as _;

use serde_json::{Map, Value};

use super::headers::OrderedHeaders;
use super::pattern::Pattern;
use super::python;
use super::{response, Framework, PolicyError, ServerRequest};
use crate::scenario::{HeaderPair, ResponseSpec};

/// The version of Flask-CORS modelled.
pub(super) const VERSION: &str = "6.0.5";

const ALLOW_ORIGIN: &str = "Access-Control-Allow-Origin";

/// `ALL_METHODS`, the default `methods`, as `flexible_str` joins it.
const ALL_METHODS: &str = "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT";

/// The methods the modelled route serves, in the order of Flask's `Allow`
/// (a set's order, recorded with `PYTHONHASHSEED=0`).
const ROUTE_ALLOW: &str = "GET, DELETE, PUT, HEAD, POST, OPTIONS";

/// Why options cannot be used.
enum Failure {
    /// The library raises this (`"{type}: {message}"`).
    Raises(String),
    /// A value the model does not take.
    Option(PolicyError),
}

impl From<PolicyError> for Failure {
    fn from(error: PolicyError) -> Self {
        Self::Option(error)
    }
}

fn option_error(name: &str, problem: impl Into<String>) -> PolicyError {
    PolicyError::option(Framework::FlaskCors, name, problem)
}

/// `str(value)` for a JSON scalar (`None`, `True`, an integer), or `None`
/// for what the model does not print as Python does.
fn py_str(value: &Value) -> Option<String> {
    match value {
        Value::Null => Some("None".to_owned()),
        Value::Bool(true) => Some("True".to_owned()),
        Value::Bool(false) => Some("False".to_owned()),
        Value::Number(n) if n.is_i64() || n.is_u64() => Some(n.to_string()),
        Value::String(s) => Some(s.clone()),
        _ => None,
    }
}

/// Python's `repr` of a string, as the library's messages quote patterns.
fn py_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if u32::from(c) < 0x20 || (0x7f..0xa1).contains(&u32::from(c)) || c == '\u{ad}' => {
                let _ = write!(out, "\\x{:02x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// `probably_regex` of a string.
fn probably_regex(s: &str) -> bool {
    s.contains(['*', '\\', ']', '?', '$', '^', '[', '(', ')'])
}

/// Python's `str.casefold`, close enough for header values: lower case,
/// with the folds that differ from it for Latin-1 and common letters.
fn casefold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            'ß' | 'ẞ' => out.push_str("ss"),
            'µ' => out.push('μ'),
            'ς' => out.push('σ'),
            'ſ' => out.push('s'),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// A request header's value as Python sees it: each byte a Latin-1
/// character (Werkzeug decodes the bytes received so).
fn latin1(s: &str) -> Cow<'_, str> {
    if s.is_ascii() {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.bytes().map(char::from).collect())
    }
}

/// The bytes a Latin-1 string stands for, as Werkzeug sends them back.
fn from_latin1(s: &str) -> String {
    if s.is_ascii() {
        return s.to_owned();
    }
    let bytes: Vec<u8> = s
        .chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?'))
        .collect();
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Python's `str.isspace` for a Latin-1 character.
fn py_space(c: char) -> bool {
    matches!(c, '\t'..='\r' | '\x1c'..='\x1f' | ' ' | '\u{85}' | '\u{a0}')
}

/// `request.headers.get(name)`: Werkzeug's development server skips names
/// with `_` and joins repeated lines with `,`.
fn header(request: &ServerRequest, name: &str) -> Option<String> {
    let mut values = request
        .headers
        .iter()
        .filter(|(n, _)| !n.contains('_') && n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str());
    let first = values.next()?;
    let mut joined = first.to_owned();
    for value in values {
        joined.push(',');
        joined.push_str(value);
    }
    Some(joined)
}

/// Python's `urllib.parse.unquote`: `%XX` decoded, the bytes read as UTF-8
/// with replacement, malformed escapes kept.
fn unquote(s: &str) -> String {
    if !s.contains('%') {
        return s.to_owned();
    }
    let hex = |b: u8| char::from(b).to_digit(16);
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push(u8::try_from(h * 16 + l).unwrap_or(0));
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `request.path` of an absolute URL: what follows the authority, before
/// any query or fragment, percent-decoded as Werkzeug's server does.
fn request_path(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let rest = &rest[..rest.find(['?', '#']).unwrap_or(rest.len())];
    rest.find('/')
        .map_or_else(|| "/".to_owned(), |i| unquote(&rest[i..]))
}

/// An entry of `origins` or `allow_headers` (or a resource's path) after
/// `_resolve_pattern`.
#[derive(Debug, Clone)]
enum Entry {
    /// A string without regular-expression characters, or another scalar
    /// (`str()` of it; `is_str` false), compared as text.
    Literal { text: String, is_str: bool },
    /// A compiled regular expression, `re.match`ed.
    Regex(Pattern),
}

impl Entry {
    /// `try_match_pattern(value, self, caseSensitive)`.
    fn matches(&self, value: &str, case_sensitive: bool) -> bool {
        match self {
            Self::Regex(pattern) => pattern.python_match(value),
            Self::Literal { text, .. } if case_sensitive => value == text,
            Self::Literal { text, .. } => casefold(value) == casefold(text),
        }
    }
}

/// `_resolve_pattern(re_fix(item))`: a string with regular-expression
/// characters compiled (the library raises `ValueError` when it does not
/// compile), a `{"regex"}` as it is, a scalar as its `str()`.
fn entry(name: &str, item: &Value, ignore_case: bool) -> Result<Entry, Failure> {
    if let Some(pattern) = Pattern::from_json(item) {
        return Ok(Entry::Regex(
            pattern.map_err(|problem| option_error(name, problem))?,
        ));
    }
    match item {
        Value::String(s) => {
            let s = if s == "*" { ".*" } else { s.as_str() };
            if !probably_regex(s) {
                return Ok(Entry::Literal {
                    text: s.to_owned(),
                    is_str: true,
                });
            }
            Pattern::new(s, ignore_case).map(Entry::Regex).map_err(|e| {
                if e.contains("not supported") {
                    Failure::Option(option_error(name, e))
                } else {
                    Failure::Raises(format!(
                        "ValueError: Invalid regular expression in Flask-CORS configuration: {}",
                        py_repr(s)
                    ))
                }
            })
        }
        other => py_str(other)
            .map(|text| Entry::Literal {
                text,
                is_str: false,
            })
            .ok_or_else(|| {
                Failure::Option(option_error(
                    name,
                    "an item that is not a string, a regular expression, null, a boolean or an integer",
                ))
            }),
    }
}

/// `sanitize_regex_param`: the items of an `origins` or `allow_headers`
/// value (`ensure_iterable`: a string or scalar alone, a dict's keys).
fn items(value: &Value) -> Vec<Value> {
    match value {
        Value::Array(items) => items.clone(),
        Value::Object(o) if Pattern::from_json(value).is_none() => {
            o.keys().map(|k| Value::String(k.clone())).collect()
        }
        other => vec![other.clone()],
    }
}

/// `flexible_str`: a list's items sorted and joined with `, `, a scalar as
/// `str()` prints it.
fn flexible_str(name: &str, value: &Value) -> Result<Option<String>, PolicyError> {
    let list = |mut items: Vec<String>| {
        items.sort();
        Some(items.join(", "))
    };
    match value {
        Value::Null => Ok(None),
        Value::Array(items) => items
            .iter()
            .map(|i| i.as_str().map(str::to_owned))
            .collect::<Option<Vec<_>>>()
            .map(list)
            .ok_or_else(|| option_error(name, "a list item is not a string")),
        Value::Object(o) if Pattern::from_json(value).is_none() => {
            Ok(list(o.keys().cloned().collect()))
        }
        other => py_str(other)
            .map(Some)
            .ok_or_else(|| option_error(name, "must be a string, a list of strings or null")),
    }
}

/// `max_age` as the header value Werkzeug sends, `None` when falsy.
fn max_age(value: &Value) -> Result<Option<String>, PolicyError> {
    if !python::truthy(value) {
        return Ok(None);
    }
    match value {
        Value::Number(n) if n.is_f64() => {
            let x = n.as_f64().unwrap_or_default();
            // Python's repr of a float in plain notation.
            if x.fract() == 0.0 && x.abs() < 1e16 {
                Ok(Some(format!("{x:.1}")))
            } else if (1e-4..1e16).contains(&x.abs()) {
                Ok(Some(x.to_string()))
            } else {
                Err(option_error(
                    "max_age",
                    "a number Python prints in exponent notation",
                ))
            }
        }
        other => py_str(other)
            .map(Some)
            .ok_or_else(|| option_error("max_age", "must be a number, a string or null")),
    }
}

/// `_ComputedCorsOptions`: one resource's options, resolved.
#[derive(Debug, Clone)]
struct Options {
    origins: Vec<Entry>,
    allow_headers: Vec<Entry>,
    allow_all_origins: bool,
    methods: Option<String>,
    expose_headers: Option<String>,
    max_age: Option<String>,
    supports_credentials: bool,
    send_wildcard: bool,
    vary_header: bool,
    always_send: bool,
    allow_private_network: bool,
}

/// The options as merged: the last layer that has a name wins.
struct Layers<'a>(Vec<&'a Map<String, Value>>);

impl Layers<'_> {
    fn get(&self, name: &str) -> Option<&Value> {
        self.0.iter().rev().find_map(|m| m.get(name))
    }

    /// A boolean option: Python's `bool()` of it, or its default.
    fn flag(&self, name: &str, default: bool) -> bool {
        self.get(name).map_or(default, python::truthy)
    }
}

impl Options {
    /// `serialize_options` of the merged options.
    fn serialize(layers: &Layers<'_>) -> Result<Self, Failure> {
        let star = Value::String("*".to_owned());
        let origins = items(layers.get("origins").unwrap_or(&star));
        let allow_all_origins = origins
            .iter()
            .any(|o| matches!(o.as_str(), Some("*" | ".*")));
        let supports_credentials = layers.flag("supports_credentials", false);
        let send_wildcard = layers.flag("send_wildcard", false);
        if allow_all_origins && supports_credentials && send_wildcard {
            return Err(Failure::Raises(
                "ValueError: Cannot use supports_credentials in conjunction with\
                 an origin string of '*'. See: http://www.w3.org/TR/cors/#resource-requests"
                    .to_owned(),
            ));
        }
        let origins = origins
            .iter()
            .map(|o| entry("origins", o, true))
            .collect::<Result<_, _>>()?;
        let allow_headers = items(layers.get("allow_headers").unwrap_or(&star))
            .iter()
            .map(|h| entry("allow_headers", h, true))
            .collect::<Result<_, _>>()?;
        let methods = match layers.get("methods") {
            None => Some(ALL_METHODS.to_owned()),
            Some(v) => flexible_str("methods", v)?.map(|m| m.to_uppercase()),
        };
        let expose_headers = match layers.get("expose_headers") {
            None => None,
            Some(v) => flexible_str("expose_headers", v)?,
        };
        let max_age = match layers.get("max_age") {
            None => None,
            Some(v) => max_age(v)?,
        };
        Ok(Self {
            origins,
            allow_headers,
            allow_all_origins,
            methods,
            expose_headers,
            max_age,
            supports_credentials,
            send_wildcard,
            vary_header: layers.flag("vary_header", true),
            always_send: layers.flag("always_send", true),
            allow_private_network: layers.flag("allow_private_network", false),
        })
    }

    /// `get_cors_origins`: the origins to send, first one first.
    fn origins_to_set(&self, origin: Option<&str>) -> Vec<String> {
        match origin.filter(|o| !o.is_empty()) {
            Some(_) if self.allow_all_origins && self.send_wildcard => vec!["*".to_owned()],
            Some(origin) => {
                let seen = latin1(origin);
                if self.origins.iter().any(|o| o.matches(&seen, false)) {
                    vec![origin.to_owned()]
                } else {
                    Vec::new()
                }
            }
            None if !self.always_send => Vec::new(),
            None if self.allow_all_origins => {
                if self.supports_credentials {
                    Vec::new()
                } else {
                    vec!["*".to_owned()]
                }
            }
            None => {
                let mut literal: Vec<String> = self
                    .origins
                    .iter()
                    .filter_map(|o| match o {
                        Entry::Literal { text, is_str: true } => Some(text.clone()),
                        _ => None,
                    })
                    .collect();
                literal.sort();
                literal
            }
        }
    }

    /// `get_allow_headers`: the requested names the options allow, stripped,
    /// sorted and joined with `, `.
    fn allow_headers(&self, requested: Option<&str>) -> Option<String> {
        let requested = latin1(requested.filter(|r| !r.is_empty())?);
        let mut names: Vec<&str> = requested
            .split(',')
            .map(|h| h.trim_matches(py_space))
            .filter(|h| self.allow_headers.iter().any(|a| a.matches(h, false)))
            .collect();
        names.sort_unstable();
        Some(from_latin1(&names.join(", ")))
    }

    /// `get_cors_headers`: the lines `set_cors_headers` appends, in order.
    fn headers(&self, request: &ServerRequest) -> Vec<HeaderPair> {
        let origins_to_set = self.origins_to_set(header(request, "Origin").as_deref());
        let Some(first) = origins_to_set.first() else {
            return Vec::new();
        };
        let mut lines: Vec<(&str, Option<String>)> = vec![(ALLOW_ORIGIN, Some(first.clone()))];
        lines.push(("Access-Control-Expose-Headers", self.expose_headers.clone()));
        if self.supports_credentials {
            lines.push(("Access-Control-Allow-Credentials", Some("true".to_owned())));
        }
        if header(request, "Access-Control-Request-Private-Network").as_deref() == Some("true") {
            let allow = if self.allow_private_network {
                "true"
            } else {
                "false"
            };
            lines.push((
                "Access-Control-Allow-Private-Network",
                Some(allow.to_owned()),
            ));
        }
        if request.method.eq_ignore_ascii_case("OPTIONS") {
            let method = header(request, "Access-Control-Request-Method")
                .map(|m| latin1(&m).to_uppercase())
                .unwrap_or_default();
            if let Some(methods) = self
                .methods
                .as_ref()
                .filter(|m| !method.is_empty() && m.contains(&method))
            {
                let requested = header(request, "Access-Control-Request-Headers");
                lines.push((
                    "Access-Control-Allow-Headers",
                    self.allow_headers(requested.as_deref()),
                ));
                lines.push(("Access-Control-Max-Age", self.max_age.clone()));
                lines.push(("Access-Control-Allow-Methods", Some(methods.clone())));
            }
        }
        if self.vary_header
            && first != "*"
            && (self.origins.len() > 1
                || origins_to_set.len() > 1
                || self.origins.iter().any(|o| matches!(o, Entry::Regex(_))))
        {
            lines.push(("Vary", Some("Origin".to_owned())));
        }
        lines
            .into_iter()
            .filter_map(|(name, value)| {
                value
                    .filter(|v| !v.is_empty())
                    .map(|v| (name.to_owned(), v))
            })
            .collect()
    }
}

/// `parse_resources`: the path patterns, in the order they are tried, each
/// with its own options. A dict's keys are sorted literal paths first, then
/// by more `/`, then longer; Python keeps the written order among keys
/// alike in all three, where this takes them in key order (a JSON object's
/// order is not kept).
fn resources(
    value: &Value,
    options: &Map<String, Value>,
) -> Result<Vec<(Entry, Options)>, Failure> {
    // `init_app` serializes the options as given before it reads
    // `resources`; the first failure is the one raised.
    Options::serialize(&Layers(vec![options]))?;
    let resource = |key: &Value, extra: Option<&Map<String, Value>>| -> Result<_, Failure> {
        let path = entry("resources", key, false)?;
        let mut layers = vec![options];
        layers.extend(extra);
        Ok((path, Options::serialize(&Layers(layers))?))
    };
    match value {
        Value::Object(map) if Pattern::from_json(value).is_none() => {
            let mut keyed: Vec<(String, &Value)> = map
                .iter()
                .map(|(k, v)| (if k == "*" { ".*".to_owned() } else { k.clone() }, v))
                .collect();
            keyed.sort_by_key(|(k, _)| {
                let regex = probably_regex(k);
                let slashes = k.matches('/').count();
                (
                    regex,
                    regex,
                    std::cmp::Reverse(slashes),
                    std::cmp::Reverse(k.chars().count()),
                )
            });
            keyed
                .into_iter()
                .map(|(key, extra)| {
                    let Value::Object(extra) = extra else {
                        return Err(Failure::Option(option_error(
                            "resources",
                            "a resource's options must be an object",
                        )));
                    };
                    resource(&Value::String(key), Some(extra))
                })
                .collect()
        }
        Value::Array(list) => list
            .iter()
            .map(|item| match item {
                Value::String(_) => resource(item, None),
                _ if Pattern::from_json(item).is_some() => resource(item, None),
                _ => Err(Failure::Option(option_error(
                    "resources",
                    "a list item is not a string or a regular expression",
                ))),
            })
            .collect(),
        Value::String(_) => Ok(vec![resource(value, None)?]),
        _ if Pattern::from_json(value).is_some() => Ok(vec![resource(value, None)?]),
        _ => Err(Failure::Raises(
            "ValueError: Unexpected value for resources argument.".to_owned(),
        )),
    }
}

/// How the library is mounted, with what it computed when the app started.
#[derive(Debug, Clone)]
enum Mount {
    /// `CORS(app, **options)`: an `after_request` hook over the resources,
    /// and Flask's exception handlers wrapped (`intercept_exceptions`).
    Extension {
        resources: Vec<(Entry, Options)>,
        intercept_exceptions: bool,
    },
    /// `@cross_origin(**options)` on every view: the options are computed
    /// on each request, so options the library refuses answer every
    /// request its view handles with a 500 (`None`).
    Decorator {
        options: Option<Options>,
        automatic_options: bool,
    },
}

/// Flask-CORS, mounted, its options checked.
#[derive(Debug, Clone)]
pub(super) struct Cors {
    mount: Mount,
}

impl Cors {
    pub(super) fn new(
        options: &Map<String, Value>,
        mount: Option<&str>,
    ) -> Result<Self, PolicyError> {
        let startup = |message: String| PolicyError::Startup {
            framework: Framework::FlaskCors,
            message,
        };
        let mount = match mount.unwrap_or("extension") {
            "extension" => {
                if options.contains_key("app") {
                    return Err(startup(
                        "TypeError: CORS.__init__() got multiple values for argument 'app'"
                            .to_owned(),
                    ));
                }
                let default = Value::String("/*".to_owned());
                let resources = resources(options.get("resources").unwrap_or(&default), options)
                    .map_err(|failure| match failure {
                        Failure::Raises(message) => startup(message),
                        Failure::Option(error) => error,
                    })?;
                Mount::Extension {
                    resources,
                    intercept_exceptions: Layers(vec![options]).flag("intercept_exceptions", true),
                }
            }
            "decorator" => Mount::Decorator {
                options: match Options::serialize(&Layers(vec![options])) {
                    Ok(options) => Some(options),
                    Err(Failure::Raises(_)) => None,
                    Err(Failure::Option(error)) => return Err(error),
                },
                automatic_options: Layers(vec![options]).flag("automatic_options", true),
            },
            other => {
                return Err(option_error(
                    "mount",
                    format!("`{other}` is neither `extension` nor `decorator`"),
                ))
            }
        };
        Ok(Self { mount })
    }

    pub(super) fn respond(&self, request: &ServerRequest, app: &ResponseSpec) -> ResponseSpec {
        let mut out = OrderedHeaders(app.headers.clone());
        match &self.mount {
            Mount::Extension {
                resources,
                intercept_exceptions,
            } => {
                // Flask's 404, 405 and 500 are exceptions: the wrapped handler
                // runs the hook too, after (or before) `after_request` does.
                let passes = if *intercept_exceptions && app.status >= 400 {
                    2
                } else {
                    1
                };
                let path = request_path(&request.url);
                for _ in 0..passes {
                    // `cors_after_request`: not over an Allow-Origin already
                    // there.
                    if out.get(ALLOW_ORIGIN).is_some_and(|v| !v.is_empty()) {
                        break;
                    }
                    let Some((_, options)) = resources.iter().find(|(p, _)| p.matches(&path, true))
                    else {
                        break;
                    };
                    append(&mut out, options.headers(request));
                }
            }
            Mount::Decorator {
                options,
                automatic_options,
            } => {
                // The view runs for its route's methods (an error it raises
                // propagates past the decorator), and for OPTIONS when the
                // decorator took it over; routing's 404 and 405 and Flask's
                // own OPTIONS never reach it.
                let preflight = request.method.eq_ignore_ascii_case("OPTIONS");
                if app.status >= 400 || (preflight && !automatic_options) {
                    return app.clone();
                }
                let Some(options) = options else {
                    return server_error();
                };
                append(&mut out, options.headers(request));
            }
        }
        response(app.status, out.0)
    }
}

/// `resp.headers.add` for each line, before the `Connection` line the
/// server adds last.
fn append(out: &mut OrderedHeaders, lines: Vec<HeaderPair>) {
    let at = match out.0.last() {
        Some((name, _)) if name.eq_ignore_ascii_case("connection") => out.0.len() - 1,
        _ => out.0.len(),
    };
    out.0.splice(at..at, lines);
}

/// Flask's 500 page (`tests/servers/fixtures/flask-cors/defaults.json#get-error`).
fn server_error() -> ResponseSpec {
    response(
        500,
        vec![
            (
                "Content-Type".to_owned(),
                "text/html; charset=utf-8".to_owned(),
            ),
            ("Content-Length".to_owned(), "265".to_owned()),
        ],
    )
}

/// Flask 3 without the middleware, for a route serving `GET`, `PUT`, `POST`
/// and `DELETE` (Werkzeug upper-cases the method): the view's 200 (`HEAD`
/// too), Flask's automatic `OPTIONS` answer (recorded: `app_response` of
/// `tests/servers/fixtures/flask-cors/defaults.json#options-no-origin`), or
/// routing's 405 with the same `Allow` for any other method.
pub(super) fn app_response(request: &ServerRequest) -> ResponseSpec {
    let html = (
        "Content-Type".to_owned(),
        "text/html; charset=utf-8".to_owned(),
    );
    let allow = ("Allow".to_owned(), ROUTE_ALLOW.to_owned());
    let length = |n: &str| ("Content-Length".to_owned(), n.to_owned());
    match request.method.to_ascii_uppercase().as_str() {
        "GET" | "HEAD" | "PUT" | "POST" | "DELETE" => response(
            200,
            vec![
                (
                    "Content-Type".to_owned(),
                    "text/plain; charset=utf-8".to_owned(),
                ),
                length("3"),
            ],
        ),
        "OPTIONS" => response(200, vec![html, allow, length("0")]),
        _ => response(405, vec![html, allow, length("153")]),
    }
}

#[cfg(test)]
mod tests {
    //! Behaviours outside the recordings, each checked against Flask-CORS
    //! 6.0.5 itself (Flask's test client, `PYTHONHASHSEED=0`).

    use serde_json::json;

    use super::super::{Model, Policy, PolicyError, ServerRequest};
    use crate::scenario::ResponseSpec;

    fn model(options: &serde_json::Value, mount: &str) -> Result<Model, PolicyError> {
        let policy: Policy = serde_json::from_value(json!({
            "framework": "flask-cors", "options": options, "mount": mount,
        }))
        .expect("policy");
        Model::compile(&policy)
    }

    fn request(method: &str, path: &str, headers: &[(&str, &str)]) -> ServerRequest {
        ServerRequest {
            method: method.to_owned(),
            url: format!("http://api.example{path}"),
            headers: headers
                .iter()
                .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
                .collect(),
        }
    }

    fn lines(response: &ResponseSpec) -> Vec<String> {
        response
            .headers
            .iter()
            .map(|(n, v)| format!("{n}: {v}"))
            .collect()
    }

    const APP: (&str, &str) = ("Origin", "https://app.example");
    const METHODS: &str =
        "Access-Control-Allow-Methods: DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT";

    #[test]
    fn the_requested_method_is_looked_for_as_a_substring() {
        let cors = model(&json!({}), "extension").expect("compiles");
        let asked = request(
            "OPTIONS",
            "/api/text",
            &[APP, ("Access-Control-Request-Method", "et")],
        );
        assert!(lines(&cors.respond(&asked, None)).contains(&METHODS.to_owned()));
    }

    #[test]
    fn requested_headers_are_filtered_stripped_and_sorted() {
        let cors = model(
            &json!({"allow_headers": ["Content-Type", "x-.*"]}),
            "extension",
        )
        .expect("compiles");
        let asked = request(
            "OPTIONS",
            "/api/text",
            &[
                APP,
                ("Access-Control-Request-Method", "PUT"),
                (
                    "Access-Control-Request-Headers",
                    "b, a,,A ,\tx-trace, Content-Type",
                ),
            ],
        );
        assert!(lines(&cors.respond(&asked, None))
            .contains(&"Access-Control-Allow-Headers: Content-Type, x-trace".to_owned()));
    }

    #[test]
    fn errors_get_the_hook_twice_when_it_sends_no_allow_origin() {
        // The first literal origin in sorted order is "", which is not sent.
        let cors =
            model(&json!({"origins": ["", "https://a.example"]}), "extension").expect("compiles");
        let asked = request(
            "OPTIONS",
            "/nope",
            &[("Access-Control-Request-Method", "GET")],
        );
        let app = super::super::response(404, Vec::new());
        assert_eq!(
            lines(&cors.respond(&asked, Some(&app))),
            [METHODS, "Vary: Origin", METHODS, "Vary: Origin"]
        );
    }

    #[test]
    fn a_resource_dict_prefers_literal_paths_then_more_specific_patterns() {
        let options = json!({"resources": {
            "/api/*": {"origins": ["https://app.example", "https://admin.example"]},
            "*": {"origins": "https://x.example"},
            "/api/text": {"max_age": 5},
        }});
        let cors = model(&options, "extension").expect("compiles");
        let preflight = request(
            "OPTIONS",
            "/api/text",
            &[APP, ("Access-Control-Request-Method", "PUT")],
        );
        assert!(lines(&cors.respond(&preflight, None))
            .contains(&"Access-Control-Max-Age: 5".to_owned()));
        let elsewhere = request("GET", "/nope", &[("Origin", "https://x.example")]);
        let app = super::super::response(404, Vec::new());
        assert_eq!(
            lines(&cors.respond(&elsewhere, Some(&app))),
            ["Access-Control-Allow-Origin: https://x.example"]
        );
    }

    #[test]
    fn what_the_library_raises_stops_the_extension_and_breaks_the_decorator() {
        for (options, message) in [
            (
                json!({"origins": "*.example.com"}),
                "ValueError: Invalid regular expression in Flask-CORS configuration: '*.example.com'",
            ),
            (
                json!({"resources": null}),
                "ValueError: Unexpected value for resources argument.",
            ),
        ] {
            match model(&options, "extension") {
                Err(PolicyError::Startup { message: said, .. }) => assert_eq!(said, message),
                other => panic!("{other:?}"),
            }
        }
        let cors = model(&json!({"origins": "*.example.com"}), "decorator").expect("compiles");
        assert_eq!(
            cors.respond(&request("GET", "/api/text", &[APP]), None)
                .status,
            500
        );
        let not_found = super::super::response(404, Vec::new());
        assert_eq!(
            cors.respond(&request("GET", "/nope", &[APP]), Some(&not_found))
                .status,
            404
        );
    }

    #[test]
    fn flask_answers_other_methods_405() {
        let cors = model(&json!({}), "decorator").expect("compiles");
        let patch = request("PATCH", "/api/text", &[APP]);
        let response = cors.respond(&patch, None);
        assert_eq!(response.status, 405);
        assert!(!lines(&response)
            .iter()
            .any(|l| l.starts_with("Access-Control-")));
    }
}
