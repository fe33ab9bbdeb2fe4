//! HAR files.
use super::{unrecognized, ImportError, Imported};

pub(super) fn import(_text: &str) -> Result<Imported, ImportError> {
    Err(unrecognized("TODO"))
}
