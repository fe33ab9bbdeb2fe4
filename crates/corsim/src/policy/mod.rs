//! Server policies: the CORS middleware people run, modelled.
//!
//! A [`Policy`] names a library and its options in the library's own
//! spelling (contract additions §4). [`Model::compile`] checks the options
//! as the library does when the app starts; [`Model::respond`] computes,
//! for one request, exactly what the app sends with the middleware in
//! place: the status and every header the middleware adds, changes or
//! leaves, names spelled as the library spells them, given what the same
//! app answers without it.
//!
//! Each model is held to recordings of the real library on its real
//! framework (`tests/servers/`, `crates/corsim/tests/policies.rs`), one
//! file per library.
//!
//! A model says what the middleware puts on the response, which is the
//! same whatever HTTP version carries it (only the names' casing differs
//! on the wire: HTTP/2 lowercases them, which no script can see). In a
//! scenario, the answer then travels over the server entry's `http` like a
//! literal one (contract additions §2): the browser's network stack treats
//! a value the library pads with whitespace (an option value written with
//! spaces, sent as is) as it treats any other, and Safari keeps that
//! whitespace over HTTP/2. The libraries are recorded over HTTP/1.1
//! (`tests/servers/`), the version their development servers speak.

pub mod audit;
mod django_cors_headers;
mod express_cors;
mod fastify_cors;
mod flask_cors;
mod headers;
mod js;
mod koa_cors;
mod pattern;
mod python;
mod starlette_cors;
mod tower_http_cors;

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::scenario::extensions::{object, required, Extensions};
use crate::scenario::{HeaderPair, ResponseSpec};

pub use headers::OrderedHeaders;

/// The options `@fastify/cors` reads; it ignores any other name.
const FASTIFY_OPTIONS: &[&str] = &[
    "origin",
    "methods",
    "allowedHeaders",
    "exposedHeaders",
    "credentials",
    "maxAge",
    "preflightContinue",
    "optionsSuccessStatus",
    "cacheControl",
    "preflight",
    "strictPreflight",
    "hook",
    "delegator",
    "vary",
];

/// The options `@koa/cors` reads; it ignores any other name.
const KOA_OPTIONS: &[&str] = &[
    "origin",
    "credentials",
    "allowMethods",
    "allowHeaders",
    "exposeHeaders",
    "maxAge",
    "privateNetworkAccess",
    "secureContext",
    "keepHeadersOnError",
];

/// The options Flask-CORS reads; it ignores any other name (and logs it
/// to a handler that prints nothing by default).
const FLASK_OPTIONS: &[&str] = &[
    "origins",
    "methods",
    "allow_headers",
    "expose_headers",
    "supports_credentials",
    "max_age",
    "send_wildcard",
    "always_send",
    "vary_header",
    "automatic_options",
    "resources",
    "allow_private_network",
    "intercept_exceptions",
];

/// `CORS(app, ...)` with `options`, as code.
fn flask_code(options: &Map<String, Value>) -> String {
    let arguments: Vec<String> = options
        .iter()
        .map(|(name, value)| format!(", {name}={}", python::literal(value)))
        .collect();
    format!(
        "from flask_cors import CORS\nCORS(app{})\n",
        arguments.concat()
    )
}

/// A server described by its CORS middleware and that middleware's options.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Policy {
    /// The library.
    pub framework: Framework,
    /// The library version the policy is written for; `None`: the one
    /// corsim models ([`Framework::version`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// The library's options, in its own spelling, as JSON.
    #[serde(default)]
    pub options: Map<String, Value>,
    /// How the middleware is mounted, where the library offers several
    /// (Flask-CORS: `extension` or `decorator`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mount: Option<String>,
    /// Extension fields (`x-…`): ignored, kept as written.
    #[serde(flatten)]
    pub extensions: Extensions,
}

object!(Policy {
    framework: "framework" = required!("framework"),
    version: "version" = None,
    options: "options" = Map::new(),
    mount: "mount" = None,
});

/// The CORS libraries corsim models, by their contract names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Framework {
    /// npm `cors` on Express 5.
    ExpressCors,
    /// `@fastify/cors` on fastify 5.
    FastifyCors,
    /// `@koa/cors` on Koa 3 with `@koa/router`.
    KoaCors,
    /// django-cors-headers on Django 5.2.
    DjangoCorsHeaders,
    /// Starlette's `CORSMiddleware`.
    StarletteCors,
    /// tower-http's `CorsLayer` on axum 0.8.
    TowerHttpCors,
    /// Flask-CORS on Flask 3 (`mount`: `extension`, the default, or
    /// `decorator`).
    FlaskCors,
}

impl Framework {
    /// Every modelled library.
    pub const ALL: [Self; 7] = [
        Self::ExpressCors,
        Self::FastifyCors,
        Self::KoaCors,
        Self::FlaskCors,
        Self::DjangoCorsHeaders,
        Self::StarletteCors,
        Self::TowerHttpCors,
    ];

    /// The contract's name (`express-cors`).
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::ExpressCors => "express-cors",
            Self::FastifyCors => "fastify-cors",
            Self::KoaCors => "koa-cors",
            Self::DjangoCorsHeaders => "django-cors-headers",
            Self::StarletteCors => "starlette-cors",
            Self::TowerHttpCors => "tower-http-cors",
            Self::FlaskCors => "flask-cors",
        }
    }

    /// The version of the library the model follows.
    #[must_use]
    pub fn version(self) -> &'static str {
        match self {
            Self::ExpressCors => express_cors::VERSION,
            Self::TowerHttpCors => tower_http_cors::VERSION,
            Self::FlaskCors => flask_cors::VERSION,
            Self::FastifyCors => fastify_cors::VERSION,
            Self::KoaCors => koa_cors::VERSION,
            Self::DjangoCorsHeaders => django_cors_headers::VERSION,
            Self::StarletteCors => starlette_cors::VERSION,
        }
    }

    /// The option names the library reads (it ignores others silently).
    #[must_use]
    pub fn option_names(self) -> &'static [&'static str] {
        match self {
            Self::ExpressCors => express_cors::OPTIONS,
            Self::TowerHttpCors => tower_http_cors::OPTIONS,
            Self::DjangoCorsHeaders => django_cors_headers::OPTIONS,
            Self::StarletteCors => starlette_cors::OPTIONS,
            Self::FlaskCors => FLASK_OPTIONS,
            Self::FastifyCors => FASTIFY_OPTIONS,
            Self::KoaCors => KOA_OPTIONS,
        }
    }

    /// Whether the library accepts option names it does not read, without
    /// a word (Starlette fails at the first request, tower-http's builder
    /// does not compile).
    #[must_use]
    pub fn ignores_unknown_options(self) -> bool {
        matches!(
            self,
            Self::ExpressCors
                | Self::FastifyCors
                | Self::KoaCors
                | Self::FlaskCors
                | Self::DjangoCorsHeaders
        )
    }

    /// The options, in the library's spelling, that trust exactly `pages`
    /// (and allow cookies when `credentials`).
    #[must_use]
    pub fn allow_list_options(
        self,
        current: &Map<String, Value>,
        pages: &[String],
        credentials: bool,
    ) -> Map<String, Value> {
        let list = Value::Array(pages.iter().cloned().map(Value::String).collect());
        let (origin, allow_credentials) = match self {
            Self::ExpressCors | Self::FastifyCors | Self::KoaCors => ("origin", "credentials"),
            Self::FlaskCors => ("origins", "supports_credentials"),
            Self::DjangoCorsHeaders => ("CORS_ALLOWED_ORIGINS", "CORS_ALLOW_CREDENTIALS"),
            Self::StarletteCors => ("allow_origins", "allow_credentials"),
            Self::TowerHttpCors => ("allow_origin", "allow_credentials"),
        };
        // Koa's `origin` is a string or a function: a function of the list.
        let list = if self == Self::KoaCors {
            serde_json::json!({"fn": "allow-list", "list": list})
        } else {
            list
        };
        let mut options = Map::new();
        options.insert(origin.to_owned(), list);
        if credentials {
            options.insert(allow_credentials.to_owned(), Value::Bool(true));
        }
        // What else in `current` would still let other origins in.
        match self {
            Self::DjangoCorsHeaders => django_cors_headers::disallow_others(current, &mut options),
            Self::StarletteCors => starlette_cors::disallow_others(current, &mut options),
            _ => {}
        }
        options
    }

    /// The option that lists the methods a preflight may ask for, where
    /// the library has one.
    #[must_use]
    pub fn methods_option(self) -> Option<&'static str> {
        match self {
            Self::ExpressCors | Self::FastifyCors | Self::FlaskCors => Some("methods"),
            Self::KoaCors => Some("allowMethods"),
            Self::TowerHttpCors | Self::StarletteCors => Some("allow_methods"),
            Self::DjangoCorsHeaders => Some("CORS_ALLOW_METHODS"),
        }
    }

    /// The option that lists the request headers a preflight may ask for,
    /// where the library has one.
    #[must_use]
    pub fn headers_option(self) -> Option<&'static str> {
        match self {
            Self::ExpressCors | Self::FastifyCors => Some("allowedHeaders"),
            Self::KoaCors => Some("allowHeaders"),
            Self::FlaskCors | Self::TowerHttpCors | Self::StarletteCors => Some("allow_headers"),
            Self::DjangoCorsHeaders => Some("CORS_ALLOW_HEADERS"),
        }
    }

    /// The code that mounts the middleware with `options`: the snippet's
    /// name (the framework) and its text.
    #[must_use]
    pub fn code(self, options: &Map<String, Value>) -> (&'static str, String) {
        match self {
            Self::ExpressCors => ("express", express_cors::code(options)),
            Self::FastifyCors => (
                "fastify",
                format!(
                    "await fastify.register(require('@fastify/cors'), {});\n",
                    js_literal(&Value::Object(options.clone()), 0)
                ),
            ),
            Self::KoaCors => (
                "koa",
                format!(
                    "const cors = require('@koa/cors');\napp.use(cors({}));\n",
                    js_literal(&Value::Object(options.clone()), 0)
                ),
            ),
            Self::TowerHttpCors => ("axum", tower_http_cors::code(options)),
            Self::DjangoCorsHeaders => ("django", django_cors_headers::code(options)),
            Self::FlaskCors => ("flask", flask_code(options)),
            Self::StarletteCors => ("fastapi", starlette_cors::code(options)),
        }
    }

    /// The options that make the library send `Vary: Origin` whenever its
    /// answer depends on the Origin, where an option does that.
    #[must_use]
    pub fn vary_fix(self) -> Option<audit::Fix> {
        match self {
            // These always do.
            Self::ExpressCors
            | Self::FastifyCors
            | Self::KoaCors
            | Self::FlaskCors
            | Self::DjangoCorsHeaders
            | Self::StarletteCors => None,
            // The layer computes `Vary` unless `vary` replaces it.
            Self::TowerHttpCors => {
                let mut options = Map::new();
                options.insert(
                    "vary".to_owned(),
                    Value::Array(vec![Value::String("origin".to_owned())]),
                );
                Some(audit::Fix {
                    options,
                    explanation: "name origin in `vary` (the layer sends what `vary` lists)"
                        .to_owned(),
                })
            }
        }
    }
}

impl fmt::Display for Framework {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A request as it reaches the server: method, URL and headers in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ServerRequest {
    /// The method, as sent.
    pub method: String,
    /// The absolute URL.
    pub url: String,
    /// The headers, in order, as sent.
    #[serde(default)]
    pub headers: Vec<HeaderPair>,
}

impl ServerRequest {
    /// The value of the first header named `name` (ASCII case-insensitive).
    #[must_use]
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Checks that the request could be on the wire: an absolute URL, a
    /// method, at most [`crate::MAX_HEADERS`] headers, each a header name
    /// and value. The problem, in words (what `corsim policy respond` and
    /// the JavaScript API's `policyRespond` report).
    ///
    /// <https://fetch.spec.whatwg.org/#concept-request>
    ///
    /// # Errors
    ///
    /// The first problem found.
    pub fn check(&self) -> Result<(), String> {
        use crate::escape::Escaped;
        crate::url_parser(&self.url, None)
            .map_err(|e| format!("`{}` is not an absolute URL: {e}", Escaped(&self.url)))?;
        if !crate::method::is_method(&self.method) {
            return Err(format!("`{}` is not a method", Escaped(&self.method)));
        }
        if self.headers.len() > crate::MAX_HEADERS {
            return Err(format!(
                "{} headers; a request may have at most {}",
                self.headers.len(),
                crate::MAX_HEADERS
            ));
        }
        for (name, value) in &self.headers {
            if !crate::header::is_header_name(name) {
                return Err(format!("`{}` is not a header name", Escaped(name)));
            }
            if !crate::header::is_header_value(value.as_bytes()) {
                return Err(format!(
                    "the value of {} is not a header value (a CR, LF or NUL, or whitespace around it)",
                    Escaped(name)
                ));
            }
        }
        Ok(())
    }
}

/// One exchange of `corsim policy respond --batch` (contract additions
/// §5): a policy, a request, and what the app answers without the
/// middleware.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exchange {
    /// The middleware and its options.
    pub policy: Policy,
    /// The request as it reaches the server.
    pub request: ServerRequest,
    /// What the same app answers to the request without the middleware;
    /// `None`: [`Model::app_response`].
    #[serde(default)]
    pub app_response: Option<ResponseSpec>,
}

impl Exchange {
    /// What the configured server sends: the request checked
    /// ([`ServerRequest::check`]), the policy compiled, then [`Model::respond`].
    ///
    /// <https://fetch.spec.whatwg.org/#http-responses>
    ///
    /// # Errors
    ///
    /// The request's problem, or the policy's ([`PolicyError`]), in words.
    pub fn respond(&self) -> Result<ResponseSpec, String> {
        self.request.check()?;
        let model = Model::compile(&self.policy).map_err(|e| e.to_string())?;
        Ok(model.respond(&self.request, self.app_response.as_ref()))
    }
}

/// Why a policy cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PolicyError {
    /// The policy asks for a version corsim does not model.
    Version {
        /// The library.
        framework: Framework,
        /// The version asked for.
        asked: String,
    },
    /// The library refuses these options when the app starts; its words.
    Startup {
        /// The library.
        framework: Framework,
        /// What the library says.
        message: String,
    },
    /// An option's value is of a kind the model does not take (the library
    /// would fail or behave in a way corsim does not model).
    Option {
        /// The library.
        framework: Framework,
        /// The option.
        name: String,
        /// What is wrong with its value.
        problem: String,
    },
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Version { framework, asked } => write!(
                f,
                "{framework} {} is not modelled (corsim models {})",
                crate::escape::Escaped(asked),
                framework.version()
            ),
            Self::Startup { framework, message } => write!(
                f,
                "{framework} refuses these options at start-up: {}",
                crate::escape::Escaped(message)
            ),
            Self::Option {
                framework,
                name,
                problem,
            } => write!(
                f,
                "{framework} option `{}`: {}",
                crate::escape::Escaped(name),
                crate::escape::Escaped(problem)
            ),
        }
    }
}

impl std::error::Error for PolicyError {}

impl PolicyError {
    /// [`PolicyError::Option`] for `framework`'s option `name`.
    pub(crate) fn option(framework: Framework, name: &str, problem: impl Into<String>) -> Self {
        Self::Option {
            framework,
            name: name.to_owned(),
            problem: problem.into(),
        }
    }
}

/// A policy whose options were checked, ready to answer requests.
#[derive(Debug, Clone)]
pub struct Model(Compiled);

#[derive(Debug, Clone)]
enum Compiled {
    Express(express_cors::Cors),
    Fastify(fastify_cors::Cors),
    Koa(koa_cors::Cors),
    Django(django_cors_headers::Cors),
    Starlette(starlette_cors::Cors),
    TowerHttp(tower_http_cors::Cors),
    Flask(flask_cors::Cors),
}

impl Model {
    /// Checks `policy`'s options as the library does when the app starts.
    ///
    /// # Errors
    ///
    /// The version is not the modelled one, the library refuses the
    /// options, or an option's value is of a kind the model does not take.
    pub fn compile(policy: &Policy) -> Result<Self, PolicyError> {
        let framework = policy.framework;
        if let Some(asked) = &policy.version {
            if asked != framework.version() {
                return Err(PolicyError::Version {
                    framework,
                    asked: asked.clone(),
                });
            }
        }
        Ok(Self(match framework {
            Framework::ExpressCors => Compiled::Express(express_cors::Cors::new(&policy.options)?),
            Framework::TowerHttpCors => {
                Compiled::TowerHttp(tower_http_cors::Cors::new(&policy.options)?)
            }
            Framework::DjangoCorsHeaders => {
                Compiled::Django(django_cors_headers::Cors::new(&policy.options)?)
            }
            Framework::StarletteCors => {
                Compiled::Starlette(starlette_cors::Cors::new(&policy.options)?)
            }
            Framework::FastifyCors => Compiled::Fastify(fastify_cors::Cors::new(&policy.options)?),
            Framework::KoaCors => Compiled::Koa(koa_cors::Cors::new(&policy.options)?),
            Framework::FlaskCors => Compiled::Flask(flask_cors::Cors::new(
                &policy.options,
                policy.mount.as_deref(),
            )?),
        }))
    }

    /// What the app answers `request` with the middleware in place, given
    /// what it answers without it (`app`; `None`: [`Model::app_response`]).
    #[must_use]
    pub fn respond(&self, request: &ServerRequest, app: Option<&ResponseSpec>) -> ResponseSpec {
        let default;
        let app = if let Some(app) = app {
            app
        } else {
            default = self.app_response(request);
            &default
        };
        match &self.0 {
            Compiled::Express(cors) => cors.respond(request, app),
            Compiled::Django(cors) => cors.respond(request, app),
            Compiled::Starlette(cors) => cors.respond(request, app),
            Compiled::TowerHttp(cors) => cors.respond(request, app),
            Compiled::Fastify(cors) => cors.respond(request, app),
            Compiled::Koa(cors) => cors.respond(request, app),
            Compiled::Flask(cors) => cors.respond(request, app),
        }
    }

    /// What the app answers without the middleware, when nothing else is
    /// known: a route that serves `GET`, `PUT`, `POST` and `DELETE` with
    /// 200 and no headers of its own, and the framework's own answer to
    /// other methods (its automatic `OPTIONS`).
    #[must_use]
    pub fn app_response(&self, request: &ServerRequest) -> ResponseSpec {
        match &self.0 {
            Compiled::Express(_) => express_cors::app_response(request),
            Compiled::Django(_) => django_cors_headers::app_response(request),
            Compiled::Starlette(_) => starlette_cors::app_response(request),
            Compiled::TowerHttp(_) => tower_http_cors::app_response(request),
            Compiled::Fastify(_) => fastify_cors::app_response(request),
            Compiled::Koa(_) => koa_cors::app_response(request),
            Compiled::Flask(_) => flask_cors::app_response(request),
        }
    }
}

/// What a configured server sends for one request: [`Model::compile`] and
/// [`Model::respond`] together.
///
/// # Errors
///
/// As [`Model::compile`].
pub fn respond(
    policy: &Policy,
    request: &ServerRequest,
    app: Option<&ResponseSpec>,
) -> Result<ResponseSpec, PolicyError> {
    Ok(Model::compile(policy)?.respond(request, app))
}

/// A response with `status` and `headers`.
fn response(status: u16, headers: Vec<HeaderPair>) -> ResponseSpec {
    ResponseSpec {
        status,
        headers,
        extensions: Extensions::default(),
    }
}

/// A JSON value as a JavaScript literal: `{"regex", "flags"}` as a
/// `RegExp` literal, the rest as JSON (which JavaScript reads as it is),
/// objects and arrays over several lines.
fn js_literal(value: &Value, depth: usize) -> String {
    let indent = "  ".repeat(depth + 1);
    let close = "  ".repeat(depth);
    match value {
        Value::Object(map) => {
            if let Some(Value::String(source)) = map.get("regex") {
                let flags = map.get("flags").and_then(Value::as_str).unwrap_or("");
                return format!("/{}/{flags}", source.replace('/', "\\/"));
            }
            match map.get("fn").and_then(Value::as_str) {
                Some("allow-list") => {
                    let list = js_literal(map.get("list").unwrap_or(&Value::Null), depth + 1);
                    return format!(
                        "(ctx) => {list}.includes(ctx.get('Origin')) ? ctx.get('Origin') : false"
                    );
                }
                Some("origin-or-star") => return "(ctx) => ctx.get('Origin') || '*'".to_owned(),
                _ => {}
            }
            if map.is_empty() {
                return "{}".to_owned();
            }
            let fields: Vec<String> = map
                .iter()
                .map(|(k, v)| {
                    let key = if k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                        k.clone()
                    } else {
                        Value::String(k.clone()).to_string()
                    };
                    format!("{indent}{key}: {}", js_literal(v, depth + 1))
                })
                .collect();
            format!("{{\n{},\n{close}}}", fields.join(",\n"))
        }
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(|v| js_literal(v, depth + 1)).collect();
            format!("[{}]", items.join(", "))
        }
        other => other.to_string(),
    }
}
