//! Share links: the whole state in the URL fragment.
//!
//! `#s=<scenario>&b=<browser>&r=<request>&step=<n>&p=<preset>&d=<drafts>&embed`,
//! where the scenario is its v1 JSON in unpadded base64url and `step` is
//! 1-based. Only `s` is required; the rest default.

use std::fmt::Write as _;

use corsim::{Browser, Scenario};

use crate::presets;
use crate::state::{Field, State};

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Unpadded base64url.
pub(crate) fn base64url_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let chars = chunk.len() + 1;
        for i in 0..chars {
            out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
        }
    }
    out
}

/// Decodes base64url, padded or not (standard `+/` accepted too).
pub(crate) fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut acc = 0u32;
    let mut bits = 0u32;
    for c in text.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' | b'+' => 62,
            b'_' | b'/' => 63,
            b'=' => break,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// The most a link's fragment may carry, in bytes. Links are pasted into
/// chats, issues and docs, and every step of the explanation repeats the
/// fragment in its own link: a scenario with a megabyte header value must
/// not become a megabyte link. 32 KB holds every preset many times over.
pub(crate) const MAX_FRAGMENT: usize = 32 * 1024;

/// `bytes` for a message: `1.4 MB`, `33 KB`.
fn size(bytes: usize) -> String {
    if bytes >= 1024 * 1024 {
        format!(
            "{}.{} MB",
            bytes / (1024 * 1024),
            bytes % (1024 * 1024) * 10 / (1024 * 1024)
        )
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

/// The fragment (without `#`) that restores `state`, or why it is too
/// large for a link.
pub(crate) fn encode_link(state: &State) -> Result<String, String> {
    let fragment = encode(state);
    if fragment.len() > MAX_FRAGMENT {
        return Err(format!(
            "This scenario needs a {} link; a link carries at most {}. Shorten its longest \
             header values or remove requests to share it as a link.",
            size(fragment.len()),
            size(MAX_FRAGMENT)
        ));
    }
    Ok(fragment)
}

/// The fragment (without `#`) that restores `state`.
pub(crate) fn encode(state: &State) -> String {
    let json = serde_json::to_string(&state.scenario).unwrap_or_default();
    let mut out = format!("s={}", base64url_encode(json.as_bytes()));
    if state.browser != Browser::Chrome {
        out.push_str("&b=");
        out.push_str(state.browser.name());
    }
    if state.selected != 0 {
        let _ = write!(out, "&r={}", state.selected + 1);
    }
    if let Some(step) = state.step {
        let _ = write!(out, "&step={}", step + 1);
    }
    if let Some(id) = state.preset {
        out.push_str("&p=");
        out.push_str(id);
    }
    if !state.drafts.is_empty() {
        let drafts = serde_json::to_string(&state.drafts).unwrap_or_default();
        out.push_str("&d=");
        out.push_str(&base64url_encode(drafts.as_bytes()));
    }
    if state.embed {
        out.push_str("&embed");
    }
    out
}

/// The scenario of a link's `s=` value.
fn scenario_from_link(text: &str) -> Result<Scenario, String> {
    let bytes = base64url_decode(text)
        .ok_or_else(|| "The scenario in the link is not base64url.".to_owned())?;
    let json = std::str::from_utf8(&bytes)
        .map_err(|_| "The scenario in the link is not UTF-8 text.".to_owned())?;
    Scenario::from_json(json).map_err(|e| format!("The scenario in the link is not valid: {e}."))
}

/// What a fragment asks for.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Decoded {
    /// The state to restore, when the fragment has a scenario (`s=`) or a
    /// preset (`p=` alone loads the preset). Its `embed` is false: the
    /// layout is the field below.
    pub(crate) restore: Option<State>,
    /// The fragment asks for the embed layout.
    pub(crate) embed: bool,
    /// Why the scenario in the link could not be read.
    pub(crate) error: Option<String>,
}

/// Reads a fragment (with or without the leading `#`).
pub(crate) fn decode(fragment: &str) -> Decoded {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    if fragment.len() > MAX_FRAGMENT {
        // Not read at all: a hostile link costs nothing but this message.
        return Decoded {
            restore: None,
            embed: false,
            error: Some(format!(
                "The link carries {}; a link may carry at most {}.",
                size(fragment.len()),
                size(MAX_FRAGMENT)
            )),
        };
    }
    let mut scenario_text = None;
    let mut browser = Browser::Chrome;
    let mut selected = 0;
    let mut step = None;
    let mut preset = None;
    let mut drafts = Vec::new();
    let mut embed = false;
    for part in fragment.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = part.split_once('=').unwrap_or((part, ""));
        match key {
            "s" => scenario_text = Some(value),
            "b" => browser = value.parse().unwrap_or(Browser::Chrome),
            "r" => selected = value.parse::<usize>().unwrap_or(1).saturating_sub(1),
            "step" => step = value.parse::<usize>().ok().and_then(|n| n.checked_sub(1)),
            "p" => preset = presets::find(value).map(|p| p.id),
            "d" => {
                drafts = base64url_decode(value)
                    .and_then(|bytes| String::from_utf8(bytes).ok())
                    // `from_str`, as `Scenario::from_json`: one copy of the
                    // JSON reader in the page, not two.
                    .and_then(|text| serde_json::from_str::<Vec<(Field, String)>>(&text).ok())
                    .unwrap_or_default();
            }
            "embed" => embed = value != "0",
            _ => {}
        }
    }
    let mut error = None;
    let scenario: Option<Scenario> = match scenario_text {
        Some(text) => match scenario_from_link(text) {
            Ok(s) => Some(s),
            Err(e) => {
                error = Some(e);
                None
            }
        },
        None => preset
            .and_then(presets::find)
            .map(presets::Preset::scenario),
    };
    Decoded {
        restore: scenario.map(|scenario| State {
            scenario,
            browser,
            selected,
            drafts,
            step,
            preset,
            embed: false,
            assumed: Vec::new(),
            fix_open: false,
            fix_framework: None,
        }),
        embed,
        error,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::{Action, Part};

    #[test]
    fn base64url_round_trips_every_length() {
        for len in 0..40u8 {
            let bytes: Vec<u8> = (0..len)
                .map(|i| i.wrapping_mul(37).wrapping_add(200))
                .collect();
            let text = base64url_encode(&bytes);
            assert!(!text.contains('='));
            assert_eq!(base64url_decode(&text).as_deref(), Some(&bytes[..]));
        }
        assert_eq!(
            base64url_encode(b"any carnal pleas"),
            "YW55IGNhcm5hbCBwbGVhcw"
        );
    }

    #[test]
    fn every_preset_round_trips_with_its_settings() {
        for preset in presets::ALL {
            let mut state = State::default();
            state.apply(Action::Preset(preset.id));
            state.browser = Browser::Firefox;
            state.step = Some(3);
            state.drafts = vec![(Field::Status(0, Part::Actual, 0), "2x".to_owned())];
            let decoded = decode(&format!("#{}", encode(&state)));
            let restore = decoded.restore.expect("restores");
            assert_eq!(restore.scenario, state.scenario);
            assert_eq!(restore.browser, Browser::Firefox);
            assert_eq!(restore.selected, state.selected);
            assert_eq!(restore.step, Some(3));
            assert_eq!(restore.preset, Some(preset.id));
            assert_eq!(restore.drafts, state.drafts);
        }
    }

    /// The HTTP version chosen for a server entry travels in the link.
    #[test]
    fn the_http_version_of_an_entry_round_trips() {
        let mut state = State::default();
        state.apply(Action::Preset(presets::ALL[0].id));
        state.apply(Action::Entry(
            0,
            crate::state::EntryEdit::Http(Some(corsim::HttpVersion::Http1_1)),
        ));
        assert_eq!(
            state.scenario.server.0[0].1.http,
            Some(corsim::HttpVersion::Http1_1)
        );
        let link = encode(&state);
        let restore = decode(&format!("#{link}")).restore.expect("restores");
        assert_eq!(
            restore.scenario.server.0[0].1.http,
            Some(corsim::HttpVersion::Http1_1)
        );
        state.apply(Action::Entry(0, crate::state::EntryEdit::Http(None)));
        assert_eq!(state.scenario.server.0[0].1.http, None);
    }

    #[test]
    fn a_scenario_too_large_for_a_link_says_so_and_a_link_that_large_is_not_read() {
        let mut state = State::default();
        state.scenario.requests[0]
            .headers
            .push(("X-Big".to_owned(), "a".repeat(1_400_000)));
        assert_eq!(
            encode_link(&state),
            Err(
                "This scenario needs a 1.7 MB link; a link carries at most 32 KB. Shorten its \
                 longest header values or remove requests to share it as a link."
                    .to_owned()
            )
        );
        let decoded = decode(&format!("#{}", encode(&state)));
        assert!(decoded.restore.is_none());
        assert_eq!(
            decoded.error.as_deref(),
            Some("The link carries 1.7 MB; a link may carry at most 32 KB.")
        );
        assert!(encode_link(&State::default()).is_ok());
    }

    #[test]
    fn a_broken_link_says_why_and_restores_nothing() {
        let decoded = decode("#s=%%%");
        assert!(decoded.restore.is_none());
        assert!(decoded.error.is_some());
        assert!(decode("#embed").embed);
    }
}
