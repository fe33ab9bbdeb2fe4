//! Malformed input: every problem of a scenario, each with where it is.
//!
//! Blocked requests are never errors; an [`InputError`] is for input no
//! browser could run (an unparsable URL, a header no server could send,
//! invalid JSON). It lists every problem found at once, each with a typed
//! [`Path`] (`requests[2].headers[0]`) and a typed [`ProblemKind`], so a
//! command line can print them all and a form can mark each field.
//!
//! Whatever of the input a message repeats is escaped
//! ([`crate::escape::Escaped`]): a control character, a bidi override or a
//! line separator in a URL shows as `\x1b` or `\u{202e}`, never raw.

use std::fmt;

use crate::decimal::Decimal;
use crate::escape::Escaped;
use crate::origin::OriginError;

/// One step of a [`Path`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Segment {
    /// A field of an object (`requests`).
    Field(&'static str),
    /// An element of a list (`[2]`).
    Index(usize),
    /// An entry of a map, by its key (`server["https://api.example/x"]`).
    Key(String),
}

/// Where in a scenario something is: `requests[2].headers[0]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Path(Vec<Segment>);

impl Path {
    /// The document itself.
    #[must_use]
    pub fn root() -> Self {
        Self(Vec::new())
    }

    /// This path, then field `name`.
    #[must_use]
    pub fn field(&self, name: &'static str) -> Self {
        self.then(Segment::Field(name))
    }

    /// This path, then element `i`.
    #[must_use]
    pub fn index(&self, i: usize) -> Self {
        self.then(Segment::Index(i))
    }

    /// This path, then the map entry `key`.
    #[must_use]
    pub fn key(&self, key: &str) -> Self {
        self.then(Segment::Key(key.to_owned()))
    }

    fn then(&self, segment: Segment) -> Self {
        let mut segments = self.0.clone();
        segments.push(segment);
        Self(segments)
    }

    /// The steps, from the document down.
    #[must_use]
    pub fn segments(&self) -> &[Segment] {
        &self.0
    }

    /// Whether this is the document itself.
    #[must_use]
    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }

    /// A path read from serde's description of where a value was
    /// (`requests[0].method`, `server.https://api.example/x.actual`).
    pub(crate) fn from_serde(path: &serde_path_to_error::Path) -> Self {
        use serde_path_to_error::Segment as S;
        let mut out = Self::root();
        let mut in_server = false;
        for segment in path {
            out = match segment {
                S::Seq { index } => out.index(*index),
                S::Map { key } if in_server => {
                    in_server = false;
                    out.key(key)
                }
                S::Map { key } | S::Enum { variant: key } => match known_field(key) {
                    Some(name) => {
                        in_server = name == "server";
                        out.field(name)
                    }
                    None => out.key(key),
                },
                S::Unknown => out,
            };
        }
        out
    }
}

/// The field names of the format, as `'static` strings.
fn known_field(name: &str) -> Option<&'static str> {
    const FIELDS: &[&str] = &[
        "page",
        "requests",
        "server",
        "api",
        "url",
        "method",
        "headers",
        "credentials",
        "mode",
        "redirect",
        "body",
        "kind",
        "type",
        "upload_listener",
        "at",
        "unreachable",
        "preflight",
        "actual",
        "status",
    ];
    FIELDS.iter().copied().find(|f| *f == name)
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, segment) in self.0.iter().enumerate() {
            match segment {
                Segment::Field(name) if i == 0 => f.write_str(name)?,
                Segment::Field(name) => write!(f, ".{name}")?,
                Segment::Index(n) => write!(f, "[{n}]")?,
                Segment::Key(key) => write!(f, "[\"{}\"]", Escaped(key))?,
            }
        }
        Ok(())
    }
}

/// What is wrong.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ProblemKind {
    /// Not JSON, or not the shape of a scenario: `serde_json`'s message,
    /// with the line and column.
    Json {
        /// The line (1-based).
        line: usize,
        /// The column (1-based).
        column: usize,
        /// What the reader says.
        message: String,
    },
    /// Not a serialized origin.
    NotAnOrigin {
        /// The value.
        input: String,
        /// Why.
        error: OriginError,
    },
    /// An `address_spaces` key that is neither an origin nor a host or IP.
    NotAnAddressSpaceKey {
        /// The key.
        input: String,
    },
    /// A `permissions` key or `frame.top` that is an opaque origin
    /// (`null`): permissions belong to tuple origins.
    OpaquePermissionOrigin,
    /// Not an absolute URL.
    NotAUrl {
        /// The value.
        input: String,
        /// Why.
        error: url::ParseError,
    },
    /// More items than corsim accepts.
    TooMany {
        /// What is counted (`headers`).
        what: &'static str,
        /// How many there are.
        count: usize,
        /// The most accepted.
        limit: usize,
        /// Per what (`request`).
        per: &'static str,
    },
    /// A document larger than corsim accepts.
    TooLarge {
        /// Its size in bytes (at least).
        bytes: usize,
        /// The most accepted.
        limit: usize,
    },
    /// A header name that is not a token.
    NotAHeaderName {
        /// The name.
        name: String,
    },
    /// A header value with CR or LF, which would end the header line.
    HeaderValueEndsLine {
        /// The header's name.
        name: String,
    },
    /// A status outside 200-999.
    NotAFinalStatus {
        /// The status.
        status: u16,
    },
    /// Two server keys for one URL.
    DuplicateServerEntry {
        /// The URL, serialized.
        url: String,
    },
    /// An empty list of responses.
    EmptyResponses,
    /// `"http": "2"` on a server entry whose URL is not `https:`: browsers
    /// speak HTTP/2 only over TLS (contract additions §2).
    Http2WithoutTls {
        /// The URL's scheme (`http`).
        scheme: String,
    },
    /// A server policy the model cannot take (contract additions §4): the
    /// library refuses it at start-up, a version not modelled, an option
    /// of a kind not modelled.
    InvalidPolicy {
        /// What is wrong, in words (input escaped).
        message: String,
    },
    /// A request time that is negative or not a number.
    NotAClockTime {
        /// The value.
        at: f64,
    },
    /// A request time earlier than the previous request's.
    ClockGoesBack {
        /// The value.
        at: f64,
        /// The previous request's.
        previous: f64,
    },
    /// The browser sends a message to a URL the server map does not cover.
    MissingServerEntry {
        /// The URL, as the server map would key it.
        url: String,
        /// A preflight (rather than the request) goes there.
        preflight: bool,
    },
}

impl fmt::Display for ProblemKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Json {
                line,
                column,
                message,
            } => write!(f, "line {line}, column {column}: {}", Escaped(message)),
            Self::NotAnOrigin { input, error } => write!(
                f,
                "`{}` is not a serialized origin: {error}",
                Escaped(input)
            ),
            Self::NotAnAddressSpaceKey { input } => write!(
                f,
                "`{}` is not an origin (`https://printer.lan:8443`), a host (`printer.lan`) or an IP (`192.168.1.2`, `[fe80::1]`)",
                Escaped(input)
            ),
            Self::OpaquePermissionOrigin => {
                f.write_str("an opaque origin (`null`) has no permissions or frames of its own: name a tuple origin")
            }
            Self::NotAUrl { input, error } => {
                write!(f, "`{}` is not an absolute URL: {error}", Escaped(input))
            }
            Self::TooMany {
                what,
                count,
                limit,
                per,
            } => write!(
                f,
                "{count} {what}; corsim accepts at most {limit} per {per}"
            ),
            Self::TooLarge { bytes, limit } => write!(
                f,
                "{bytes} bytes or more; corsim reads at most {limit} bytes per scenario"
            ),
            Self::NotAHeaderName { name } => write!(
                f,
                "`{}` is not a valid header name (a token: no spaces, colons or quotes)",
                Escaped(name)
            ),
            Self::HeaderValueEndsLine { name } => write!(
                f,
                "the value of `{}` contains CR or LF, which would end the header line",
                Escaped(name)
            ),
            Self::NotAFinalStatus { status } => {
                write!(f, "status {status} is not a final HTTP status (200-999)")
            }
            Self::DuplicateServerEntry { url } => {
                write!(f, "a second entry for {}", Escaped(url))
            }
            Self::EmptyResponses => f.write_str("an empty list of responses"),
            Self::Http2WithoutTls { scheme } => write!(
                f,
                "\"2\" (HTTP/2) on an {}: URL: browsers speak HTTP/2 only over TLS, so use \"1.1\" or an https: URL",
                Escaped(scheme)
            ),
            Self::InvalidPolicy { message } => f.write_str(message),
            Self::NotAClockTime { at } => {
                write!(f, "`{}` is not a number of seconds >= 0", Decimal(*at))
            }
            Self::ClockGoesBack { at, previous } => write!(
                f,
                "{} is earlier than the previous request's {}: requests run in order",
                Decimal(*at),
                Decimal(*previous)
            ),
            Self::MissingServerEntry { url, preflight } => write!(
                f,
                "the browser sends {} {}, but the server map has no entry for that URL",
                if *preflight {
                    "a preflight to"
                } else {
                    "a request to"
                },
                Escaped(url)
            ),
        }
    }
}

/// One problem, and where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// Where: `requests[0].url`; the root for the document as a whole.
    pub path: Path,
    /// What.
    pub kind: ProblemKind,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_root() || matches!(self.kind, ProblemKind::Json { .. }) {
            write!(f, "{}", self.kind)
        } else {
            write!(f, "{}: {}", self.path, self.kind)
        }
    }
}

/// The scenario is malformed: every problem found, each with where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct InputError {
    problems: Vec<Problem>,
}

impl InputError {
    /// An error of these problems (it should have at least one).
    #[must_use]
    pub fn from_problems(problems: Vec<Problem>) -> Self {
        Self { problems }
    }

    pub(crate) fn new(problems: Vec<Problem>) -> Self {
        Self::from_problems(problems)
    }

    /// An error of one problem.
    pub(crate) fn one(path: Path, kind: ProblemKind) -> Self {
        Self::new(vec![Problem { path, kind }])
    }

    /// A document of `bytes` bytes, more than
    /// [`MAX_SCENARIO_BYTES`](crate::MAX_SCENARIO_BYTES).
    #[must_use]
    pub fn too_large(bytes: usize) -> Self {
        Self::one(
            Path::root(),
            ProblemKind::TooLarge {
                bytes,
                limit: crate::MAX_SCENARIO_BYTES,
            },
        )
    }

    /// A JSON syntax or shape error, with where serde saw it.
    pub(crate) fn json(e: &serde_path_to_error::Error<serde_json::Error>) -> Self {
        let path = Path::from_serde(e.path());
        let mut error = Self::json_at(path.clone(), e.inner());
        // The Local Network Access maps are keyed by the user's own strings:
        // the message says which entry (`address_spaces["http://printer.lan"]`).
        let at = field_path(&path.to_string());
        if ["address_spaces", "permissions", "frame"]
            .iter()
            .any(|field| at.starts_with(field))
            || at.ends_with(".target_address_space")
        {
            if let Some(Problem {
                kind: ProblemKind::Json { message, .. },
                ..
            }) = error.problems.first_mut()
            {
                *message = format!("{at}: {message}");
            }
        }
        error
    }

    /// A JSON syntax or shape error at `path`.
    #[must_use]
    pub fn json_at(path: Path, e: &serde_json::Error) -> Self {
        const AT_LINE: &[u8] = b" at line ";
        // serde_json appends " at line L column C"; keep the location apart.
        // (A byte search: a `&str` pattern would bring the two-way string
        // searcher into the WebAssembly builds.)
        let mut message = e.to_string();
        if let Some(at) = message
            .as_bytes()
            .windows(AT_LINE.len())
            .rposition(|w| w == AT_LINE)
        {
            message.truncate(at);
        }
        Self::one(
            path,
            ProblemKind::Json {
                line: e.line(),
                column: e.column().max(1),
                message,
            },
        )
    }

    /// Every problem, in document order.
    #[must_use]
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// Where the first problem is, if it is somewhere in particular
    /// (`line 3, column 12` for a JSON problem).
    #[must_use]
    pub fn location(&self) -> Option<String> {
        let first = self.problems.first()?;
        match &first.kind {
            ProblemKind::Json { line, column, .. } => Some(format!("line {line}, column {column}")),
            _ if first.path.is_root() => None,
            _ => Some(first.path.to_string()),
        }
    }

    /// The first problem's message, without its location.
    #[must_use]
    pub fn message(&self) -> String {
        match self.problems.first().map(|p| &p.kind) {
            Some(ProblemKind::Json { message, .. }) => Escaped(message).to_string(),
            Some(kind) => kind.to_string(),
            None => String::new(),
        }
    }
}

impl fmt::Display for InputError {
    /// Every problem, one per line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, problem) in self.problems.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{problem}")?;
        }
        Ok(())
    }
}

impl std::error::Error for InputError {}

/// A path as serde saw it (`["requests"][0]["target_address_space"]`), with
/// field names written as fields (`requests[0].target_address_space`).
fn field_path(serde: &str) -> String {
    let mut out = String::with_capacity(serde.len());
    let mut rest = serde;
    while let Some(start) = rest.find("[\"") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find("\"]") else {
            break;
        };
        let name = &after[..end];
        if !name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(name);
        } else {
            out.push_str(&rest[start..start + 2 + end + 2]);
        }
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    out
}
