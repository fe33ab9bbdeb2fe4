//! Playground share links, in the format of the playground's own
//! (`web/src/share.rs`): `BASE#s=<scenario>[&b=<browser>]`, where the
//! scenario is its v1 JSON (compact) in unpadded base64url and `b` is left
//! out for Chrome, the playground's default.

use corsim::{Browser, Scenario};

/// Where the playground is served: `CORSIM_PLAYGROUND` when set (a
/// deployed copy), otherwise where `scripts/serve` serves it.
pub(crate) const PLAYGROUND: &str = "http://127.0.0.1:8080/";

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Unpadded base64url, as the playground writes it.
pub(crate) fn base64url_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
        }
    }
    out
}

/// Decodes base64url, padded or not, as the playground reads it.
#[cfg(test)]
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

/// The share link of `scenario` shown as `browser`, on the playground at
/// `base`.
pub(crate) fn link(base: &str, scenario: &Scenario, browser: Browser) -> String {
    let json = serde_json::to_string(scenario).unwrap_or_default();
    let mut out = format!("{base}#s={}", base64url_encode(json.as_bytes()));
    if browser != Browser::Chrome {
        out.push_str("&b=");
        out.push_str(browser.name());
    }
    out
}

/// The playground's base URL: `CORSIM_PLAYGROUND`, or [`PLAYGROUND`].
pub(crate) fn playground() -> String {
    std::env::var("CORSIM_PLAYGROUND")
        .ok()
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| PLAYGROUND.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64url_matches_rfc_4648_without_padding() {
        // RFC 4648 §10, in the URL alphabet, unpadded.
        for (plain, coded) in [
            ("", ""),
            ("f", "Zg"),
            ("fo", "Zm8"),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg"),
            ("fooba", "Zm9vYmE"),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64url_encode(plain.as_bytes()), coded);
            assert_eq!(base64url_decode(coded).unwrap(), plain.as_bytes());
        }
        assert_eq!(base64url_encode(&[0xfb, 0xff]), "-_8");
        let all: Vec<u8> = (0..=255).collect();
        assert_eq!(base64url_decode(&base64url_encode(&all)).unwrap(), all);
    }

    #[test]
    fn a_link_decodes_to_the_scenario() {
        let scenario = Scenario::from_json(
            r#"{"page": "https://app.example",
                "requests": [{"url": "https://api.example/x", "method": "PUT",
                              "headers": [["Content-Type", "application/json"]]}],
                "server": {"https://api.example/x": {
                    "preflight": {"status": 204, "headers": [["access-control-allow-origin", "*"]]}}}}"#,
        )
        .unwrap();
        let link = link("https://corsim.dev/", &scenario, Browser::Firefox);
        let fragment = link.strip_prefix("https://corsim.dev/#s=").unwrap();
        let (s, b) = fragment.split_once("&b=").unwrap();
        assert_eq!(b, "firefox");
        let json = String::from_utf8(base64url_decode(s).unwrap()).unwrap();
        assert_eq!(Scenario::from_json(&json).unwrap(), scenario);
        assert!(!self::link("https://corsim.dev/", &scenario, Browser::Chrome).contains("&b="));
    }
}
