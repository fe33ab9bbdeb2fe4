//! `curl -v` transcripts.
use super::{unrecognized, ImportError, Imported};

pub(super) fn looks_like_curl(_text: &str) -> bool {
    false
}

pub(super) fn import(_text: &str) -> Result<Imported, ImportError> {
    Err(unrecognized("TODO"))
}
