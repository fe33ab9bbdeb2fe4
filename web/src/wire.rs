//! The format's spelling of the core's enums (`no-cors`, `opaqueredirect`).
//!
//! A plain table per enum keeps the page small (no `serde_json::Value`
//! round trip per select box); a unit test checks every entry against the
//! core's serde names, so the playground cannot drift from the format.

use corsim::verdict::{CacheStatus, ResponseType, Stage};
use corsim::{Api, BodyKind, CredentialsMode, RedirectMode, RequestMode, UploadListener};

/// An enum of the format with its spellings.
pub(crate) trait Wire: Copy + PartialEq + 'static {
    /// Every value with its name in the format.
    const NAMES: &'static [(Self, &'static str)];
}

/// The format's name of a value (`"no-cors"` for `RequestMode::NoCors`).
pub(crate) fn name<T: Wire>(value: &T) -> &'static str {
    T::NAMES
        .iter()
        .find(|(v, _)| v == value)
        .map_or("", |(_, n)| n)
}

/// The value the format spells `text`, if any.
pub(crate) fn parse<T: Wire>(text: &str) -> Option<T> {
    T::NAMES.iter().find(|(_, n)| *n == text).map(|(v, _)| *v)
}

impl Wire for Api {
    const NAMES: &'static [(Self, &'static str)] = &[(Api::Fetch, "fetch"), (Api::Xhr, "xhr")];
}

impl Wire for CredentialsMode {
    const NAMES: &'static [(Self, &'static str)] = &[
        (CredentialsMode::Omit, "omit"),
        (CredentialsMode::SameOrigin, "same-origin"),
        (CredentialsMode::Include, "include"),
    ];
}

impl Wire for RequestMode {
    const NAMES: &'static [(Self, &'static str)] = &[
        (RequestMode::Cors, "cors"),
        (RequestMode::NoCors, "no-cors"),
        (RequestMode::SameOrigin, "same-origin"),
    ];
}

impl Wire for RedirectMode {
    const NAMES: &'static [(Self, &'static str)] = &[
        (RedirectMode::Follow, "follow"),
        (RedirectMode::Error, "error"),
        (RedirectMode::Manual, "manual"),
    ];
}

impl Wire for BodyKind {
    const NAMES: &'static [(Self, &'static str)] = &[
        (BodyKind::String, "string"),
        (BodyKind::Blob, "blob"),
        (BodyKind::Formdata, "formdata"),
        (BodyKind::Urlsearchparams, "urlsearchparams"),
        (BodyKind::Arraybuffer, "arraybuffer"),
        (BodyKind::Stream, "stream"),
    ];
}

impl Wire for UploadListener {
    const NAMES: &'static [(Self, &'static str)] = &[
        (UploadListener::None, "none"),
        (UploadListener::BeforeSend, "before-send"),
        (UploadListener::AfterSend, "after-send"),
    ];
}

impl Wire for ResponseType {
    const NAMES: &'static [(Self, &'static str)] = &[
        (ResponseType::Basic, "basic"),
        (ResponseType::Cors, "cors"),
        (ResponseType::Opaque, "opaque"),
        (ResponseType::Opaqueredirect, "opaqueredirect"),
    ];
}

impl Wire for Stage {
    const NAMES: &'static [(Self, &'static str)] = &[
        (Stage::Construct, "construct"),
        (Stage::Preflight, "preflight"),
        (Stage::Actual, "actual"),
        (Stage::Redirect, "redirect"),
    ];
}

impl Wire for CacheStatus {
    const NAMES: &'static [(Self, &'static str)] = &[
        (CacheStatus::Miss, "miss"),
        (CacheStatus::Stale, "stale"),
        (CacheStatus::Insufficient, "insufficient"),
    ];
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches_serde<T: Wire + serde::Serialize + serde::de::DeserializeOwned + std::fmt::Debug>() {
        for (value, name) in T::NAMES {
            assert_eq!(
                serde_json::to_value(value).ok(),
                Some(serde_json::json!(name))
            );
            assert_eq!(parse::<T>(name), Some(*value));
        }
    }

    #[test]
    fn names_are_the_formats() {
        matches_serde::<Api>();
        matches_serde::<CredentialsMode>();
        matches_serde::<RequestMode>();
        matches_serde::<RedirectMode>();
        matches_serde::<BodyKind>();
        matches_serde::<UploadListener>();
        matches_serde::<ResponseType>();
        matches_serde::<Stage>();
        matches_serde::<CacheStatus>();
        assert_eq!(parse::<RequestMode>("bogus"), None);
    }
}
