//! HAR files (HTTP Archive 1.2), as `DevTools` ("Save all as HAR"), Firefox
//! and Playwright's `recordHar` write them: each entry's request as sent and
//! response as received. Chromium writes lowercase header names over HTTP/2
//! and `_`-prefixed fields of its own (`_resourceType`, `_error`); both are
//! accepted.

use serde_json::Value;

use super::exchanges::{self, Exchange};
use super::{about_evidence, EvidenceKind, ImportError, Imported, Location};
use crate::Browser;

/// The string at `value[key]`, or an error naming the path.
fn string<'a>(value: &'a Value, key: &str, path: &str) -> Result<&'a str, ImportError> {
    value
        .get(key)
        .and_then(Value::as_str)
        .ok_or_else(|| ImportError::at_har(&format!("{path}.{key}"), "expected a string"))
}

/// `[{name, value}]` headers.
fn headers(value: &Value, path: &str) -> Result<Vec<(String, String)>, ImportError> {
    let Some(list) = value.get("headers") else {
        return Ok(Vec::new());
    };
    let list = list
        .as_array()
        .ok_or_else(|| ImportError::at_har(&format!("{path}.headers"), "expected a list"))?;
    if list.len() > crate::MAX_HEADERS {
        return Err(ImportError::at_har(
            &format!("{path}.headers"),
            format!("more than {} headers", crate::MAX_HEADERS),
        ));
    }
    list.iter()
        .enumerate()
        .map(|(i, h)| {
            let at = format!("{path}.headers[{i}]");
            Ok((
                string(h, "name", &at)?.to_owned(),
                string(h, "value", &at)?.to_owned(),
            ))
        })
        .collect()
}

/// Which browser wrote the HAR.
fn browser_of(log: &Value) -> Option<Browser> {
    let names = [log.pointer("/browser/name"), log.pointer("/creator/name")];
    for name in names.into_iter().flatten().filter_map(Value::as_str) {
        let name = name.to_ascii_lowercase();
        if name.contains("firefox") {
            return Some(Browser::Firefox);
        }
        if name.contains("webkit") || name.contains("safari") {
            return Some(Browser::Safari);
        }
        if name.contains("chrom") || name.contains("webinspector") || name.contains("edge") {
            return Some(Browser::Chrome);
        }
    }
    None
}

/// How the error for a document that is not JSON begins.
pub(super) const NOT_JSON: &str = "not a HAR file (invalid JSON)";

/// The JSON document `text`, or where it is not JSON.
fn parse(text: &str) -> Result<Value, ImportError> {
    // serde_json refuses nesting deeper than 128 levels, with the line and
    // column where it stopped.
    serde_json::from_str(text).map_err(|e| {
        // serde_json's message ends with where; the location says it.
        let message = e.to_string();
        let message = message
            .rfind(" at line ")
            .map_or(message.as_str(), |at| &message[..at]);
        ImportError::new(
            Some(Location::Text {
                line: e.line(),
                column: e.column().max(1),
            }),
            format!("{NOT_JSON}: {message}"),
        )
    })
}

/// The status and headers of entry `path`'s response, when one was
/// received.
fn response_of(entry: &Value, path: &str) -> Result<Option<exchanges::Response>, ImportError> {
    let Some(r) = entry.get("response") else {
        return Ok(None);
    };
    let at = format!("{path}.response");
    let status = r
        .get("status")
        .and_then(Value::as_i64)
        .ok_or_else(|| ImportError::at_har(&format!("{at}.status"), "expected a number"))?;
    match u16::try_from(status) {
        Ok(s) if (100..=999).contains(&s) => Ok(Some((s, headers(r, &at)?))),
        // 0 (or -1): nothing was received.
        _ => Ok(None),
    }
}

/// A HAR file: its exchanges with an Origin header (the CORS ones).
pub(super) fn import(text: &str) -> Result<Imported, ImportError> {
    let doc = parse(text)?;
    let Some(log) = doc.get("log") else {
        return Err(super::unrecognized("a JSON document without a HAR `log`"));
    };
    let entries = log
        .get("entries")
        .and_then(Value::as_array)
        .ok_or_else(|| ImportError::at_har("log.entries", "expected a list of entries"))?;
    let browser = browser_of(log);
    let mut exchanges = Vec::new();
    let mut page_hint: Option<String> = None;
    let mut failures = Vec::new();
    for (i, entry) in entries.iter().enumerate() {
        let path = format!("log.entries[{i}]");
        let request = entry
            .get("request")
            .ok_or_else(|| ImportError::at_har(&path, "an entry without a request"))?;
        let at = format!("{path}.request");
        let method = string(request, "method", &at)?;
        let url = string(request, "url", &at)?;
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            continue;
        }
        let request_headers = headers(request, &at)?;
        let cookies = request
            .get("cookies")
            .and_then(Value::as_array)
            .is_some_and(|c| !c.is_empty())
            || request_headers
                .iter()
                .any(|(n, _)| n.eq_ignore_ascii_case("cookie"));
        let response = response_of(entry, &path)?;
        let has_origin = request_headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("origin"));
        let kind = entry.get("_resourceType").and_then(Value::as_str);
        let referer_origin = request_headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("referer"))
            .and_then(|(_, v)| url::Url::parse(v).ok())
            .map(|u| u.origin().ascii_serialization());
        let url_origin = url::Url::parse(url)
            .ok()
            .map(|u| u.origin().ascii_serialization());
        // A request the browser blocked may be recorded with only its
        // provisional headers (Chromium: no Origin): a script's request to
        // another origin than its page's is one too.
        let cross_origin_script = matches!(kind, Some("fetch" | "xhr" | "preflight"))
            && referer_origin.is_some()
            && referer_origin != url_origin;
        if page_hint.is_none() {
            page_hint.clone_from(&referer_origin);
        }
        // Only what the CORS protocol governs: requests with an Origin
        // header from scripts (and their preflights), not navigations.
        if !(has_origin || cross_origin_script)
            || matches!(kind, Some("document" | "stylesheet" | "image" | "font"))
        {
            continue;
        }
        let failure = entry
            .pointer("/response/_failureText")
            .or_else(|| entry.get("_error"))
            .and_then(Value::as_str);
        if response.is_none() {
            if let Some(failure) = failure {
                failures.push(about_evidence(format!(
                    "The HAR records no response to {method} {} (the browser reports {}).",
                    crate::escape::Escaped(url),
                    crate::escape::Escaped(failure)
                )));
            }
        }
        exchanges.push(Exchange {
            method: method.to_owned(),
            url: url.to_owned(),
            request_headers,
            response,
            cookies,
        });
    }
    if exchanges.is_empty() {
        return Err(super::unrecognized(
            "the HAR has no request with an Origin header (no cross-origin fetch or XHR)",
        ));
    }
    let page_hint = page_hint.filter(|o| o != "null").or_else(|| {
        log.pointer("/pages/0/title")
            .and_then(Value::as_str)
            .and_then(|t| url::Url::parse(t).ok())
            .map(|u| u.origin().ascii_serialization())
            .filter(|o| o != "null")
    });
    let mut assumed = failures;
    if browser.is_none() {
        assumed.push(about_evidence(
            "The HAR does not say which browser wrote it.",
        ));
    }
    exchanges::scenario(&exchanges, EvidenceKind::Har, browser, page_hint, assumed)
}
