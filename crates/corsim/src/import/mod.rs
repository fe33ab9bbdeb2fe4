//! From evidence to a scenario: `corsim import`.
//!
//! People come with what their browser or their terminal showed them: a
//! console message (Chrome's, Firefox's or Safari's wording, often with noise
//! around it), a HAR file saved from the network panel, or a `curl -v`
//! transcript. [`import_evidence`] detects which, and builds a v1
//! [`Scenario`] that reproduces it: simulated in the browser the evidence
//! came from, it prints the same console lines. What the evidence does not
//! say (a console line never names the method of a failed preflight) is
//! chosen so the simulation still reproduces it, and listed, as a sentence,
//! in [`Imported::assumed`].
//!
//! The import is pure (no I/O), linear in the input, and refuses hostile
//! input (control characters, a document larger than
//! [`MAX_SCENARIO_BYTES`](crate::MAX_SCENARIO_BYTES), JSON nested too deep)
//! with an [`ImportError`] that says where the problem is.
//!
//! ```
//! use corsim::import::{import_evidence, EvidenceKind};
//! use corsim::{simulate, Browser};
//!
//! let pasted = "Access to fetch at 'https://api.example/users' from origin \
//!   'https://app.example' has been blocked by CORS policy: Request header field \
//!   x-trace is not allowed by Access-Control-Allow-Headers in preflight response.\n\
//!   GET https://api.example/users net::ERR_FAILED";
//! let imported = import_evidence(pasted)?;
//! assert_eq!(imported.kind, EvidenceKind::Console);
//! assert_eq!(imported.browser, Some(Browser::Chrome));
//! assert_eq!(imported.scenario.requests[0].headers[0].0, "x-trace");
//! let verdict = simulate(&imported.scenario, Browser::Chrome).unwrap();
//! assert_eq!(verdict.requests[0].console, imported.evidence[0]);
//! # Ok::<(), corsim::import::ImportError>(())
//! ```
//!
//! <https://fetch.spec.whatwg.org/#http-cors-protocol>

mod build;
mod console;
mod curl;
mod exchanges;
mod har;
mod local;

use std::fmt;

use serde::Serialize;

use crate::escape::Escaped;
use crate::validate::server_key;
use crate::{Browser, Scenario};

/// The most requests one import produces.
pub const MAX_IMPORTED_REQUESTS: usize = 1000;

/// What kind of evidence was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum EvidenceKind {
    /// Browser console text.
    Console,
    /// A HAR file (HTTP Archive).
    Har,
    /// A `curl -v` transcript.
    Curl,
}

impl EvidenceKind {
    /// The kind as the `x-import` field spells it.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Console => "console",
            Self::Har => "har",
            Self::Curl => "curl",
        }
    }
}

impl fmt::Display for EvidenceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A scenario built from evidence.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Imported {
    /// The scenario that reproduces the evidence.
    pub scenario: Scenario,
    /// What was read.
    pub kind: EvidenceKind,
    /// The browser the evidence came from, when it tells (console wording,
    /// a HAR's creator); `None` for `curl`.
    pub browser: Option<Browser>,
    /// What could not be known and was assumed, one sentence each, with
    /// what it is about.
    pub assumed: Vec<Assumption>,
    /// For console evidence: the recognized console lines of each request
    /// of the scenario, as the browser printed them (without the noise
    /// around them). Empty for other kinds.
    pub evidence: Vec<Vec<String>>,
}

/// One thing the evidence did not say and the import assumed (or a note on
/// the evidence itself): a sentence for people, and what it is about, for a
/// program that shows the sentence next to that part of the scenario (the
/// playground does) without reading it. Serialized as its sentence alone,
/// as `x-import.assumed` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Assumption {
    /// What it is about: the part of the scenario it set, or the evidence.
    pub about: Subject,
    /// The request (its index in the scenario's `requests`) it is about,
    /// when it is about one: that of the console message it comes from, or
    /// a HAR's or transcript's exchange it names. `None` when it is about
    /// every request, or no request in particular.
    pub request: Option<usize>,
    /// The sentence: what was not known, and what was assumed.
    pub text: String,
}

/// What an [`Assumption`] is about: the part of the imported scenario it
/// set, or the evidence itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Subject {
    /// The page: its origin, the address space it is served from, or its
    /// Local Network Access permission.
    Page,
    /// The request: its URL, API, method, headers, credentials mode,
    /// redirect mode or target address space.
    Request,
    /// The server the request reached: a status, a response header, a
    /// redirect, the HTTP version, its address space, or whether it can be
    /// reached at all.
    Server,
    /// No part of the scenario: the evidence itself (which browser wrote a
    /// HAR or a transcript; a message this browser words otherwise).
    Evidence,
}

impl Assumption {
    /// An assumption about `about` (of no request in particular), in the
    /// words of `text`.
    #[must_use]
    pub fn new(about: Subject, text: impl Into<String>) -> Self {
        Self {
            about,
            request: None,
            text: text.into(),
        }
    }
}

impl Assumption {
    /// This assumption, about request `index` of the scenario.
    #[must_use]
    pub fn of_request(self, index: usize) -> Self {
        Self {
            request: Some(index),
            ..self
        }
    }
}

impl fmt::Display for Assumption {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Serialize for Assumption {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text)
    }
}

/// An assumption about the page.
pub(crate) fn about_page(text: impl Into<String>) -> Assumption {
    Assumption::new(Subject::Page, text)
}

/// An assumption about the request.
pub(crate) fn about_request(text: impl Into<String>) -> Assumption {
    Assumption::new(Subject::Request, text)
}

/// An assumption about the server.
pub(crate) fn about_server(text: impl Into<String>) -> Assumption {
    Assumption::new(Subject::Server, text)
}

/// An assumption about the evidence itself.
pub(crate) fn about_evidence(text: impl Into<String>) -> Assumption {
    Assumption::new(Subject::Evidence, text)
}

/// The `x-import` field of an imported scenario.
#[derive(Serialize)]
struct XImport<'a> {
    kind: EvidenceKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    browser: Option<Browser>,
    assumed: &'a [Assumption],
}

#[derive(Serialize)]
struct WithImport<'a> {
    #[serde(flatten)]
    scenario: &'a Scenario,
    #[serde(rename = "x-import")]
    import: XImport<'a>,
}

impl Imported {
    /// The scenario as a v1 JSON document with its `x-import` field
    /// (`{"kind", "browser", "assumed"}`), pretty-printed.
    #[must_use]
    pub fn to_json(&self) -> String {
        let doc = WithImport {
            scenario: &self.scenario,
            import: XImport {
                kind: self.kind,
                browser: self.browser,
                assumed: &self.assumed,
            },
        };
        // Plain strings, numbers and lists: serializing cannot fail.
        serde_json::to_string_pretty(&doc).unwrap_or_default()
    }
}

/// Where in the evidence a problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Location {
    /// A line and a column of the text, both from 1 (the column counts
    /// characters).
    Text {
        /// The line.
        line: usize,
        /// The column.
        column: usize,
    },
    /// A path in a HAR document (`log.entries[3].response.status`).
    Har(String),
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Text { line, column } => write!(f, "line {line}, column {column}"),
            Self::Har(path) => write!(f, "HAR {path}"),
        }
    }
}

/// Why evidence could not be imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    /// Where the problem is, when it is somewhere in particular.
    pub location: Option<Location>,
    /// What is wrong; input quoted in it is escaped (no raw control
    /// characters).
    pub message: String,
}

impl ImportError {
    pub(crate) fn new(location: Option<Location>, message: impl Into<String>) -> Self {
        Self {
            location,
            message: message.into(),
        }
    }

    pub(crate) fn at_har(path: &str, message: impl Into<String>) -> Self {
        Self::new(Some(Location::Har(path.to_owned())), message)
    }

    /// True when nothing in the input was recognized as evidence.
    #[must_use]
    pub fn is_unrecognized(&self) -> bool {
        self.message.starts_with(UNRECOGNIZED)
    }
}

pub(crate) const UNRECOGNIZED: &str = "nothing in the input is recognized";

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.location {
            Some(at) => write!(f, "{at}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for ImportError {}

/// Reads evidence (console text, a HAR file or a `curl -v` transcript),
/// detects which it is, and builds the scenario that reproduces it.
///
/// # Errors
///
/// [`ImportError`] when the input is too large, holds control characters,
/// is a malformed HAR, or when nothing in it is recognized
/// ([`ImportError::is_unrecognized`]).
pub fn import_evidence(text: &str) -> Result<Imported, ImportError> {
    if text.len() > crate::MAX_SCENARIO_BYTES {
        return Err(ImportError::new(
            None,
            format!(
                "the input is {} bytes; corsim reads at most {} bytes",
                text.len(),
                crate::MAX_SCENARIO_BYTES
            ),
        ));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let trimmed = text.trim_start();
    if trimmed.starts_with('{') {
        match har::import(text) {
            // Not JSON at all: console text that starts with a brace (a
            // logged object) may still hold CORS messages.
            Err(e) if e.message.starts_with(har::NOT_JSON) => {
                if let Ok(imported) = check_controls(text).and_then(|()| console::import(text)) {
                    return Ok(imported);
                }
                return Err(e);
            }
            other => return other,
        }
    }
    check_controls(text)?;
    if curl::looks_like_curl(text) {
        return curl::import(text);
    }
    console::import(text)
}

/// Refuses control characters other than tab, CR and LF, and the bidi and
/// invisible ones ([`crate::escape::needs_escape`]): no browser or curl
/// prints them, and echoed they reorder or hide text. Names the first one's
/// line and column.
fn check_controls(text: &str) -> Result<(), ImportError> {
    for (n, line) in text.split('\n').enumerate() {
        if let Some((column, c)) = line
            .chars()
            .enumerate()
            .find(|&(_, c)| c != '\t' && c != '\r' && crate::escape::needs_escape(c))
        {
            return Err(ImportError::new(
                Some(Location::Text {
                    line: n + 1,
                    column: column + 1,
                }),
                format!(
                    "control or invisible character {} in the input; paste the text as the browser or curl printed it",
                    Escaped(&c.to_string())
                ),
            ));
        }
    }
    Ok(())
}

fn unrecognized(what: &str) -> ImportError {
    ImportError::new(
        None,
        format!(
            "{UNRECOGNIZED}: {what} (expected a CORS console message from Chrome, Firefox or Safari, a HAR file, or a `curl -v` transcript)"
        ),
    )
}

/// A URL as server keys compare ([`server_key`]: serialized, without
/// userinfo and fragment); the text itself when it does not parse.
fn key(url: &str) -> String {
    url::Url::parse(url).map_or_else(|_| url.to_owned(), |u| server_key(&u).into_owned())
}
