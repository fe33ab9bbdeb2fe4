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

mod express_cors;
mod flask_cors;
mod headers;
mod pattern;

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::scenario::extensions::{object, required, Extensions};
use crate::scenario::{HeaderPair, ResponseSpec};

pub use headers::OrderedHeaders;

/// A server described by its CORS middleware and that middleware's options.
#[derive(Debug, Clone, PartialEq, Serialize)]
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
    /// Flask-CORS on Flask 3 (`mount`: `extension`, the default, or
    /// `decorator`).
    FlaskCors,
}

impl Framework {
    /// Every modelled library.
    pub const ALL: [Self; 2] = [Self::ExpressCors, Self::FlaskCors];

    /// The contract's name (`express-cors`).
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::ExpressCors => "express-cors",
            Self::FlaskCors => "flask-cors",
        }
    }

    /// The version of the library the model follows.
    #[must_use]
    pub fn version(self) -> &'static str {
        match self {
            Self::ExpressCors => express_cors::VERSION,
            Self::FlaskCors => flask_cors::VERSION,
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

/// A policy whose options were checked, ready to answer requests.
#[derive(Debug, Clone)]
pub struct Model(Compiled);

#[derive(Debug, Clone)]
enum Compiled {
    Express(express_cors::Cors),
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
