//! Malformed input.

use std::fmt;

/// The scenario is malformed: what is wrong, and where.
///
/// Blocked requests are never errors; this is for input no browser could
/// run (an unparsable URL, a header no server could send, invalid JSON).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    location: Option<String>,
    message: String,
}

impl InputError {
    /// An error with no particular location.
    pub(crate) fn new(message: impl Into<String>) -> Self {
        Self {
            location: None,
            message: message.into(),
        }
    }

    /// An error at `location` (`requests[0].url`, `server["…"].actual`).
    pub(crate) fn at(location: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            location: Some(location.into()),
            message: message.into(),
        }
    }

    /// A JSON syntax or shape error, located by line and column.
    pub(crate) fn json(e: &serde_json::Error) -> Self {
        // serde_json appends " at line L column C"; keep the location separate.
        let text = e.to_string();
        let message = text
            .rsplit_once(" at line ")
            .map_or(text.as_str(), |(m, _)| m)
            .to_owned();
        Self::at(format!("line {}, column {}", e.line(), e.column()), message)
    }

    /// Where the problem is, if known.
    #[must_use]
    pub fn location(&self) -> Option<&str> {
        self.location.as_deref()
    }

    /// What the problem is.
    #[must_use]
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.location {
            Some(location) => write!(f, "{location}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for InputError {}
