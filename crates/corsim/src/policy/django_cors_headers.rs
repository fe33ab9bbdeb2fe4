//! django-cors-headers 4.9.0 on Django 5.2 (`corsheaders` installed,
//! `CorsMiddleware` first in `MIDDLEWARE`; the options are `CORS_*`
//! settings, the legacy `CORS_ORIGIN_*` names included).
//!
//! Followed from `corsheaders/middleware.py`, `conf.py` and `checks.py`,
//! and held to `tests/servers/fixtures/django-cors-headers/`. In short: the
//! system checks refuse malformed settings at start-up (origins without a
//! scheme or with a path, values of the wrong type); an `OPTIONS` request
//! with `Access-Control-Request-Method` is answered by the middleware with
//! a 200 whatever its Origin; every response on a path `CORS_URLS_REGEX`
//! `re.match`es gets `Vary: origin`, and the CORS headers (lower-case
//! names) only when the Origin is allowed; methods and headers are never
//! checked, the configured lists are sent on every `OPTIONS`; origins are
//! compared by scheme and `host[:port]` as `urlsplit` splits them, regexes
//! with `re.match` (anchored at the start only).

use serde_json::{Map, Value};

use super::headers::OrderedHeaders;
use super::pattern::Pattern;
use super::{response, Framework, PolicyError, ServerRequest};
use crate::scenario::ResponseSpec;

/// The version of django-cors-headers modelled.
pub(super) const VERSION: &str = "4.9.0";

/// `corsheaders.defaults.default_headers`.
const DEFAULT_HEADERS: [&str; 6] = [
    "accept",
    "authorization",
    "content-type",
    "user-agent",
    "x-csrftoken",
    "x-requested-with",
];

/// `corsheaders.defaults.default_methods`.
const DEFAULT_METHODS: [&str; 6] = ["DELETE", "GET", "OPTIONS", "PATCH", "POST", "PUT"];

/// Django's default `Content-Type`.
const TEXT_HTML: &str = "text/html; charset=utf-8";

/// What the route's `View` allows (`View.options`, the 405's `Allow`).
const VIEW_ALLOW: &str = "GET, POST, PUT, DELETE, HEAD, OPTIONS";

/// The settings as `corsheaders.conf` reads them, after the system checks.
#[derive(Debug, Clone)]
pub(super) struct Cors {
    urls_regex: Pattern,
    allow_all_origins: bool,
    allow_credentials: bool,
    allow_private_network: bool,
    allowed_origins: Vec<String>,
    origin_regexes: Vec<Pattern>,
    /// `", ".join(CORS_ALLOW_HEADERS)`.
    allow_headers: String,
    /// `", ".join(CORS_ALLOW_METHODS)`.
    allow_methods: String,
    /// `", ".join(CORS_EXPOSE_HEADERS)` when it is not empty.
    expose_headers: Option<String>,
    /// `str(CORS_PREFLIGHT_MAX_AGE)` when it is truthy.
    max_age: Option<String>,
}

fn option_error(name: &str, problem: impl Into<String>) -> PolicyError {
    PolicyError::option(Framework::DjangoCorsHeaders, name, problem)
}

/// Python's `str.isspace`.
fn py_space(c: char) -> bool {
    c.is_whitespace() || ('\x1c'..='\x1f').contains(&c)
}

/// Python's `repr` of a string.
fn py_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::from(quote);
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
            c if c.is_control() => {
                let n = u32::from(c);
                let escaped = if n < 0x100 {
                    format!("\\x{n:02x}")
                } else {
                    format!("\\u{n:04x}")
                };
                out.push_str(&escaped);
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// Python's `str.isupper`: some cased character, none in lower case.
fn py_isupper(s: &str) -> bool {
    s.chars().any(char::is_uppercase) && !s.chars().any(char::is_lowercase)
}

/// The parts of `urllib.parse.urlsplit` (Python 3.11) the library looks at.
struct Split<'a> {
    scheme: String,
    netloc: &'a str,
    path: &'a str,
    query: &'a str,
    fragment: &'a str,
}

/// `urllib.parse.urlsplit`, or `None` where it raises `ValueError`
/// (unbalanced or invalid brackets in the netloc). The C0 controls and
/// spaces it strips in front, and the tabs and newlines it removes, are
/// not removed here: a header value holds neither.
fn urlsplit(url: &str) -> Option<Split<'_>> {
    let mut scheme = String::new();
    let mut rest = url;
    if let Some(i) = url.find(':') {
        let candidate = &url[..i];
        if i > 0
            && candidate.as_bytes()[0].is_ascii_alphabetic()
            && candidate
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b))
        {
            scheme = candidate.to_ascii_lowercase();
            rest = &url[i + 1..];
        }
    }
    let mut netloc = "";
    if let Some(after) = rest.strip_prefix("//") {
        let end = after.find(['/', '?', '#']).unwrap_or(after.len());
        netloc = &after[..end];
        rest = &after[end..];
        if netloc.contains('[') != netloc.contains(']') {
            return None;
        }
        if netloc.contains('[') {
            let host = netloc
                .split_once('[')
                .map_or("", |(_, h)| h.split_once(']').map_or(h, |(h, _)| h));
            if !bracketed_host_ok(host) {
                return None;
            }
        }
    }
    let (rest, fragment) = rest.split_once('#').unwrap_or((rest, ""));
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    Some(Split {
        scheme,
        netloc,
        path,
        query,
        fragment,
    })
}

/// `urllib.parse._check_bracketed_host`: an `IPvFuture`, or an IPv6 address
/// (with a zone).
fn bracketed_host_ok(host: &str) -> bool {
    if let Some(future) = host.strip_prefix('v') {
        return future.split_once('.').is_some_and(|(hex, tail)| {
            !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()) && !tail.is_empty()
        });
    }
    let address = host.split_once('%').map_or(host, |(a, _)| a);
    address.parse::<std::net::Ipv6Addr>().is_ok()
}

/// A sequence of strings (`is_sequence(thing, str)`): a list of strings,
/// or a string, whose items are its characters; `None` otherwise.
fn strings(value: &Value) -> Option<Vec<String>> {
    match value {
        Value::String(s) => Some(s.chars().map(String::from).collect()),
        Value::Array(items) => items
            .iter()
            .map(|item| item.as_str().map(str::to_owned))
            .collect(),
        _ => None,
    }
}

/// A compiled pattern (`{"regex", "flags"}`) or a string, as `re.match`
/// takes them; `None` for anything else.
fn pattern(name: &str, value: &Value) -> Option<Result<Pattern, PolicyError>> {
    let compiled = match value {
        Value::String(source) => Pattern::python(source, ""),
        other => Pattern::python_json(other)?,
    };
    Some(compiled.map_err(|problem| option_error(name, problem)))
}

/// The system checks' errors, gathered.
#[derive(Default)]
struct Checks(Vec<String>);

impl Checks {
    /// `value`, recording error `id` when it is `None` (a setting of the
    /// wrong type).
    fn valid<T>(&mut self, value: Option<T>, id: &str, message: &str) -> Option<T> {
        if value.is_none() {
            self.error(id, message);
        }
        value
    }

    fn error(&mut self, id: &str, message: &str) {
        self.0.push(format!("?: ({id}) {message}"));
    }

    fn error_with_hint(&mut self, id: &str, message: &str, hint: &str) {
        self.0.push(format!("?: ({id}) {message}\n\tHINT: {hint}"));
    }

    /// What `runserver`'s check raises: the errors sorted, as Django
    /// formats them.
    fn into_result(mut self) -> Result<(), PolicyError> {
        if self.0.is_empty() {
            return Ok(());
        }
        self.0.sort();
        Err(PolicyError::Startup {
            framework: Framework::DjangoCorsHeaders,
            message: format!(
                "SystemCheckError: System check identified some issues:\n\nERRORS:\n{}\n",
                self.0.join("\n")
            ),
        })
    }
}

/// A setting that is a sequence of strings (`None` when it is not), or
/// `default` when it is not set.
fn strings_or(value: Option<&Value>, default: &[&str]) -> Option<Vec<String>> {
    match value {
        None => Some(default.iter().map(|&s| s.to_owned()).collect()),
        Some(v) => strings(v),
    }
}

/// A setting that is a bool (`None` when it is not), false when not set.
fn boolean(value: Option<&Value>) -> Option<bool> {
    match value {
        None => Some(false),
        Some(v) => v.as_bool(),
    }
}

/// `CORS_PREFLIGHT_MAX_AGE`: the `Access-Control-Max-Age` value it sends
/// (none for 0 or `False`), or an error when it is not an integer of at
/// least 0 (`isinstance(value, int) and value >= 0`; a bool is an int).
/// A `Result`, not an `Option` of an `Option`: the error is the setting's
/// type, the `None` inside is no header.
fn max_age(value: Option<&Value>) -> Result<Option<String>, ()> {
    match value {
        None => Ok(Some("86400".to_owned())),
        Some(Value::Bool(b)) => Ok(b.then(|| "True".to_owned())),
        Some(Value::Number(n)) if !n.is_f64() && n.as_i64().is_none_or(|i| i >= 0) => {
            Ok((n.as_u64() != Some(0)).then(|| n.to_string()))
        }
        Some(_) => Err(()),
    }
}

/// Every setting's name is upper case (Django's own check, at start-up)
/// and a `CORS_` one (the only ones modelled).
fn check_names(options: &Map<String, Value>) -> Result<(), PolicyError> {
    for name in options.keys() {
        if !py_isupper(name) {
            return Err(PolicyError::Startup {
                framework: Framework::DjangoCorsHeaders,
                message: format!("TypeError: Setting {} must be uppercase.", py_repr(name)),
            });
        }
        if !name.starts_with("CORS_") {
            return Err(option_error(
                name,
                "Django settings other than CORS_* are not modelled",
            ));
        }
    }
    Ok(())
}

/// The system checks on each allowed origin (`alias` is the setting's
/// name as the checks speak of it): E013 and E014, or the `ValueError`
/// `urlsplit` raises at start-up.
fn check_origins(origins: &[String], alias: &str, checks: &mut Checks) -> Result<(), PolicyError> {
    for origin in origins {
        if origin == "null" || origin == "file://" {
            continue;
        }
        let Some(parsed) = urlsplit(origin) else {
            return Err(PolicyError::Startup {
                framework: Framework::DjangoCorsHeaders,
                message: "ValueError: Invalid IPv6 URL".to_owned(),
            });
        };
        let repr = py_repr(origin);
        if parsed.scheme.is_empty() || parsed.netloc.is_empty() {
            checks.error_with_hint(
                "corsheaders.E013",
                &format!("Origin {repr} in {alias} is missing scheme or netloc"),
                "Add a scheme (e.g. https://) or netloc (e.g. example.com).",
            );
        } else {
            for (part, text) in [
                ("path", parsed.path),
                ("query", parsed.query),
                ("fragment", parsed.fragment),
            ] {
                if !text.is_empty() {
                    checks.error(
                        "corsheaders.E014",
                        &format!("Origin {repr} in {alias} should not have {part}"),
                    );
                }
            }
        }
    }
    Ok(())
}

/// `CORS_ALLOWED_ORIGIN_REGEXES` (named `alias`): its patterns, `None`
/// when it is not a sequence of strings (check E007), or a pattern's error.
/// A string is a sequence of its characters, each a pattern.
fn origin_regexes(alias: &str, value: Option<&Value>) -> Result<Option<Vec<Pattern>>, PolicyError> {
    Ok(match value {
        None => Some(Vec::new()),
        Some(Value::String(s)) => Some(
            s.chars()
                .map(|c| {
                    Pattern::python(&c.to_string(), "")
                        .map_err(|problem| option_error(alias, problem))
                })
                .collect::<Result<Vec<_>, _>>()?,
        ),
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| pattern(alias, item))
            .collect::<Option<Result<Vec<_>, _>>>()
            .transpose()?,
        Some(_) => None,
    })
}

impl Cors {
    pub(super) fn new(options: &Map<String, Value>) -> Result<Self, PolicyError> {
        check_names(options)?;
        let setting = |name: &str| options.get(name);
        // getattr(settings, NAME, getattr(settings, LEGACY, default)), and
        // the name the checks then speak of: NAME when it is set.
        let aliased = |name: &'static str, legacy: &'static str| match setting(name) {
            Some(v) => (name, Some(v)),
            None => (legacy, setting(legacy)),
        };
        let mut checks = Checks::default();

        let allow_headers = checks.valid(
            strings_or(setting("CORS_ALLOW_HEADERS"), &DEFAULT_HEADERS),
            "corsheaders.E001",
            "CORS_ALLOW_HEADERS should be a sequence of strings.",
        );
        let allow_methods = checks.valid(
            strings_or(setting("CORS_ALLOW_METHODS"), &DEFAULT_METHODS),
            "corsheaders.E002",
            "CORS_ALLOW_METHODS should be a sequence of strings.",
        );
        let allow_credentials = checks.valid(
            boolean(setting("CORS_ALLOW_CREDENTIALS")),
            "corsheaders.E003",
            "CORS_ALLOW_CREDENTIALS should be a bool.",
        );
        let allow_private_network = checks.valid(
            boolean(setting("CORS_ALLOW_PRIVATE_NETWORK")),
            "corsheaders.E015",
            "CORS_ALLOW_PRIVATE_NETWORK should be a bool.",
        );
        let max_age = checks.valid(
            max_age(setting("CORS_PREFLIGHT_MAX_AGE")).ok(),
            "corsheaders.E004",
            "CORS_PREFLIGHT_MAX_AGE should be an integer greater than or equal to zero.",
        );
        let (alias, value) = aliased("CORS_ALLOW_ALL_ORIGINS", "CORS_ORIGIN_ALLOW_ALL");
        let allow_all_origins = checks.valid(
            boolean(value),
            "corsheaders.E005",
            &format!("{alias} should be a bool."),
        );
        let (alias, value) = aliased("CORS_ALLOWED_ORIGINS", "CORS_ORIGIN_WHITELIST");
        let allowed_origins = value.map_or_else(|| Some(Vec::new()), strings);
        match &allowed_origins {
            None => checks.error(
                "corsheaders.E006",
                &format!("{alias} should be a sequence of strings."),
            ),
            Some(origins) => check_origins(origins, alias, &mut checks)?,
        }
        let (alias, value) = aliased("CORS_ALLOWED_ORIGIN_REGEXES", "CORS_ORIGIN_REGEX_WHITELIST");
        let origin_regexes = origin_regexes(alias, value)?;
        let origin_regexes = checks.valid(
            origin_regexes,
            "corsheaders.E007",
            &format!("{alias} should be a sequence of strings and/or compiled regexes."),
        );
        let expose_headers = match setting("CORS_EXPOSE_HEADERS") {
            None => Some(Vec::new()),
            Some(v) => strings(v),
        };
        let expose_headers = checks.valid(
            expose_headers,
            "corsheaders.E008",
            "CORS_EXPOSE_HEADERS should be a sequence.",
        );
        let urls_regex = match setting("CORS_URLS_REGEX") {
            None => {
                Some(Pattern::python("^.*$", "").map_err(|p| option_error("CORS_URLS_REGEX", p))?)
            }
            Some(v) => pattern("CORS_URLS_REGEX", v).transpose()?,
        };
        let urls_regex = checks.valid(
            urls_regex,
            "corsheaders.E009",
            "CORS_URLS_REGEX should be a string or regex.",
        );
        if setting("CORS_MODEL").is_some() {
            checks.error(
                "corsheaders.E012",
                "The CORS_MODEL setting has been removed - see django-cors-headers' HISTORY.",
            );
        }
        if setting("CORS_REPLACE_HTTPS_REFERER").is_some() {
            checks.error(
                "corsheaders.E013",
                "The CORS_REPLACE_HTTPS_REFERER setting has been removed - see django-cors-headers' CHANGELOG.",
            );
        }
        checks.into_result()?;

        // The checks passed, so every value is there.
        let expose_headers = expose_headers.unwrap_or_default();
        Ok(Self {
            urls_regex: urls_regex.expect("checked"),
            allow_all_origins: allow_all_origins.unwrap_or_default(),
            allow_credentials: allow_credentials.unwrap_or_default(),
            allow_private_network: allow_private_network.unwrap_or_default(),
            allowed_origins: allowed_origins.unwrap_or_default(),
            origin_regexes: origin_regexes.unwrap_or_default(),
            allow_headers: allow_headers.unwrap_or_default().join(", "),
            allow_methods: allow_methods.unwrap_or_default().join(", "),
            expose_headers: (!expose_headers.is_empty()).then(|| expose_headers.join(", ")),
            max_age: max_age.flatten(),
        })
    }

    /// `is_enabled`: `re.match(CORS_URLS_REGEX, request.path_info)`.
    fn enabled(&self, request: &ServerRequest) -> bool {
        self.urls_regex.python_match(&path_info(&request.url))
    }

    /// `origin_found_in_white_lists`.
    fn allows(&self, origin: &str, url: &Split<'_>) -> bool {
        (origin == "null" && self.allowed_origins.iter().any(|o| o == "null"))
            || self.allowed_origins.iter().any(|allowed| {
                urlsplit(allowed).is_some_and(|a| a.scheme == url.scheme && a.netloc == url.netloc)
            })
            || self.origin_regexes.iter().any(|p| p.python_match(origin))
    }

    pub(super) fn respond(&self, request: &ServerRequest, app: &ResponseSpec) -> ResponseSpec {
        if !self.enabled(request) {
            return app.clone();
        }
        let method = request.method.to_ascii_uppercase();
        let options = method == "OPTIONS";
        let (status, mut out) =
            if options && header(request, "access-control-request-method").is_some() {
                // check_preflight: HttpResponse(headers={"content-length": "0"}).
                let mut out = OrderedHeaders::default();
                out.append("content-length", "0");
                out.append("Content-Type", TEXT_HTML);
                (200, out)
            } else {
                (app.status, OrderedHeaders(app.headers.clone()))
            };
        self.add_response_headers(request, options, &mut out);
        response(status, out.0)
    }

    /// `add_response_headers`.
    fn add_response_headers(
        &self,
        request: &ServerRequest,
        options: bool,
        out: &mut OrderedHeaders,
    ) {
        patch_vary_origin(out);
        let Some(origin) = header(request, "origin").filter(|o| !o.is_empty()) else {
            return;
        };
        let Some(url) = urlsplit(&origin) else {
            return;
        };
        if !self.allow_all_origins && !self.allows(&origin, &url) {
            return;
        }
        if self.allow_all_origins && !self.allow_credentials {
            out.set("access-control-allow-origin", "*");
        } else {
            out.set("access-control-allow-origin", &origin);
        }
        if self.allow_credentials {
            out.set("access-control-allow-credentials", "true");
        }
        if let Some(exposed) = &self.expose_headers {
            out.set("access-control-expose-headers", exposed);
        }
        if options {
            out.set("access-control-allow-headers", &self.allow_headers);
            out.set("access-control-allow-methods", &self.allow_methods);
            if let Some(max_age) = &self.max_age {
                out.set("access-control-max-age", max_age);
            }
        }
        if self.allow_private_network
            && header(request, "access-control-request-private-network").as_deref() == Some("true")
        {
            out.set("access-control-allow-private-network", "true");
        }
    }
}

/// A request header as Django's `request.headers` has it: the values of
/// every line of that name joined with `,` (wsgiref), trimmed.
fn header(request: &ServerRequest, name: &str) -> Option<String> {
    let values: Vec<&str> = request
        .headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.trim_matches(py_space))
        .collect();
    (!values.is_empty()).then(|| values.join(","))
}

/// `patch_vary_headers(response, ("origin",))`.
fn patch_vary_origin(out: &mut OrderedHeaders) {
    let mut fields: Vec<String> = match out.get("Vary") {
        None => Vec::new(),
        // cc_delim_re.split: `\s*,\s*`.
        Some(value) => {
            let pieces: Vec<&str> = value.split(',').collect();
            let last = pieces.len() - 1;
            pieces
                .iter()
                .enumerate()
                .map(|(i, piece)| {
                    let piece = if i > 0 {
                        piece.trim_start_matches(py_space)
                    } else {
                        piece
                    };
                    let piece = if i < last {
                        piece.trim_end_matches(py_space)
                    } else {
                        piece
                    };
                    piece.to_owned()
                })
                .collect()
        }
    };
    if !fields.iter().any(|f| f.to_lowercase() == "origin") {
        fields.push("origin".to_owned());
    }
    let value = if fields.iter().any(|f| f == "*") {
        "*".to_owned()
    } else {
        fields.join(", ")
    };
    out.set("Vary", &value);
}

/// `request.path_info`: the URL's path, percent-decoded as UTF-8 (`/`
/// when empty).
fn path_info(url: &str) -> String {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = after_scheme.find('/').map_or("", |i| &after_scheme[i..]);
    let path = path.split(['?', '#']).next().unwrap_or("");
    if path.is_empty() {
        return "/".to_owned();
    }
    let bytes = path.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| char::from(b).to_digit(16);
        if let (b'%', Some(Some(high)), Some(Some(low))) = (
            bytes[i],
            bytes.get(i + 1).map(|&b| hex(b)),
            bytes.get(i + 2).map(|&b| hex(b)),
        ) {
            decoded.push(u8::try_from(high * 16 + low).unwrap_or_default());
            i += 3;
            continue;
        }
        decoded.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&decoded).into_owned()
}

/// Django without the middleware, for a class-based `View` serving `GET`,
/// `PUT`, `POST` and `DELETE` (and so `HEAD`): the view's response, its
/// `options()` answer (recorded: `app_response` of
/// `tests/servers/fixtures/django-cors-headers/defaults.json#options-no-origin`)
/// or its 405.
pub(super) fn app_response(request: &ServerRequest) -> ResponseSpec {
    let allow = ("Allow".to_owned(), VIEW_ALLOW.to_owned());
    let html = ("Content-Type".to_owned(), TEXT_HTML.to_owned());
    match request.method.to_ascii_uppercase().as_str() {
        "GET" | "HEAD" | "PUT" | "POST" | "DELETE" => response(
            200,
            vec![(
                "Content-Type".to_owned(),
                "text/plain; charset=utf-8".to_owned(),
            )],
        ),
        "OPTIONS" => response(200, vec![html, allow]),
        _ => response(405, vec![html, allow]),
    }
}

/// The settings django-cors-headers reads (Django ignores other names).
pub(super) const OPTIONS: &[&str] = &[
    "CORS_ALLOWED_ORIGINS",
    "CORS_ALLOWED_ORIGIN_REGEXES",
    "CORS_ALLOW_ALL_ORIGINS",
    "CORS_ORIGIN_WHITELIST",
    "CORS_ORIGIN_REGEX_WHITELIST",
    "CORS_ORIGIN_ALLOW_ALL",
    "CORS_URLS_REGEX",
    "CORS_ALLOW_METHODS",
    "CORS_ALLOW_HEADERS",
    "CORS_EXPOSE_HEADERS",
    "CORS_PREFLIGHT_MAX_AGE",
    "CORS_ALLOW_CREDENTIALS",
    "CORS_ALLOW_PRIVATE_NETWORK",
    "CORS_REPLACE_HTTPS_REFERER",
    "CORS_MODEL",
];

/// Turns off, in `options`, the "allow all" and regex settings of
/// `current` that would still admit other origins than the list.
pub(super) fn disallow_others(current: &Map<String, Value>, options: &mut Map<String, Value>) {
    for all in ["CORS_ALLOW_ALL_ORIGINS", "CORS_ORIGIN_ALLOW_ALL"] {
        if current.contains_key(all) {
            options.insert(all.to_owned(), Value::Bool(false));
        }
    }
    for list in [
        "CORS_ALLOWED_ORIGIN_REGEXES",
        "CORS_ORIGIN_REGEX_WHITELIST",
        "CORS_ORIGIN_WHITELIST",
    ] {
        if current.contains_key(list) {
            options.insert(list.to_owned(), Value::Array(Vec::new()));
        }
    }
}

/// The settings, as `settings.py` lines.
pub(super) fn code(options: &Map<String, Value>) -> String {
    let lines: Vec<String> = options
        .iter()
        .map(|(name, value)| format!("{name} = {}\n", super::python::literal(value)))
        .collect();
    format!(
        "# settings.py (corsheaders in INSTALLED_APPS, CorsMiddleware first)\n{}",
        lines.concat()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The start-up errors are Django's words, character for character.
    #[test]
    fn startup_errors_as_recorded() {
        for config in ["allowed-origins-string", "allowed-origins-trailing-slash"] {
            let path = format!(
                "{}/../../tests/servers/fixtures/django-cors-headers/{config}.json",
                env!("CARGO_MANIFEST_DIR")
            );
            let fixture: Value =
                serde_json::from_str(&std::fs::read_to_string(path).expect("fixture"))
                    .expect("JSON");
            let options = fixture["policy"]["options"].as_object().expect("options");
            let Err(PolicyError::Startup { message, .. }) = Cors::new(options) else {
                panic!("{config} compiles");
            };
            assert_eq!(message, fixture["startup_error"].as_str().expect("error"));
        }
    }

    #[test]
    fn urlsplit_as_python() {
        let s = urlsplit("HTTPS://app.example:8443/p?q#f").expect("splits");
        assert_eq!(
            (s.scheme.as_str(), s.netloc, s.path, s.query, s.fragment),
            ("https", "app.example:8443", "/p", "q", "f")
        );
        let s = urlsplit("app.example").expect("splits");
        assert_eq!(
            (s.scheme.as_str(), s.netloc, s.path),
            ("", "", "app.example")
        );
        assert!(urlsplit("https://[::1").is_none());
        assert!(urlsplit("https://[127.0.0.1]").is_none());
        assert!(urlsplit("https://[::1]:8443").is_some());
    }

    #[test]
    fn path_info_is_decoded() {
        assert_eq!(path_info("http://api.example/api/%74ext?x=1"), "/api/text");
        assert_eq!(path_info("http://api.example"), "/");
        assert_eq!(path_info("http://api.example/%zz"), "/%zz");
    }

    #[test]
    fn vary_is_patched_as_django_does() {
        let mut headers = OrderedHeaders(vec![("vary".to_owned(), "Accept ,Cookie".to_owned())]);
        patch_vary_origin(&mut headers);
        assert_eq!(
            headers.0,
            [("Vary".to_owned(), "Accept, Cookie, origin".to_owned())]
        );
        let mut headers = OrderedHeaders(vec![("Vary".to_owned(), "Origin".to_owned())]);
        patch_vary_origin(&mut headers);
        assert_eq!(headers.0, [("Vary".to_owned(), "Origin".to_owned())]);
    }
}
