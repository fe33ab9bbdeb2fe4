//! `curl -v` transcripts: the `> ` request lines, the `< ` response lines
//! (HTTP/1.1 and HTTP/2), the `* ` lines that say where curl connected and
//! whether over TLS; data markers (`{ [5 bytes data]`), bodies and TLS
//! noise are skipped.

use super::exchanges::{self, Exchange};
use super::{about_evidence, EvidenceKind, ImportError, Imported};

/// A request line: `> GET /path HTTP/1.1` (or `HTTP/2`).
fn request_line(line: &str) -> Option<(&str, &str)> {
    let rest = line.strip_prefix("> ")?;
    let mut words = rest.split(' ');
    let method = words.next()?;
    let target = words.next()?;
    let version = words.next()?;
    (!method.is_empty()
        && method.bytes().all(|b| b.is_ascii_alphabetic())
        && version.starts_with("HTTP/")
        && words.next().is_none())
    .then_some((method, target))
}

/// A status line: `< HTTP/1.1 200 OK`, `< HTTP/2 204`.
fn status_line(line: &str) -> Option<u16> {
    let rest = line.strip_prefix("< HTTP/")?;
    let status = rest.split(' ').nth(1)?;
    if status.len() != 3 {
        return None;
    }
    status.parse().ok()
}

fn too_many_headers(line: usize) -> ImportError {
    ImportError::new(
        Some(super::Location::Text {
            line: line + 1,
            column: 1,
        }),
        format!("more than {} headers in one message", crate::MAX_HEADERS),
    )
}

/// Whether the text is a `curl -v` transcript.
pub(super) fn looks_like_curl(text: &str) -> bool {
    text.lines()
        .any(|l| request_line(l.trim_end()).is_some() || status_line(l.trim_end()).is_some())
}

/// A header line after `> ` or `< `.
fn header_line(line: &str) -> Option<(String, String)> {
    let (name, value) = line.split_once(':')?;
    if name.is_empty() || name.contains(' ') {
        return None;
    }
    Some((name.to_owned(), value.trim().to_owned()))
}

/// What curl's `* ` lines said about the connection the next request
/// goes over.
#[derive(Default)]
struct Connection {
    tls: bool,
    port: Option<u16>,
    host: Option<String>,
    /// The URL curl said it asks next (after a redirect).
    next_url: Option<String>,
}

impl Connection {
    /// Reads one `* ` line.
    fn read(&mut self, info: &str) {
        if let Some(rest) = info.strip_prefix("Connected to ") {
            // `Connected to api.example (127.0.0.1) port 8443 (#0)`
            let mut words = rest.split(' ');
            self.host = words.next().map(str::to_owned);
            if let Some(p) = rest.split(" port ").nth(1) {
                self.port = p.split(' ').next().and_then(|p| p.parse().ok());
            }
            self.tls = false;
        }
        if info.starts_with("SSL connection using")
            || info.starts_with("ALPN")
            || info.starts_with("TLSv")
            || info.starts_with("Server certificate")
        {
            self.tls = true;
        }
        if let Some(rest) = info.strip_prefix("Issue another request to this URL: '") {
            self.next_url = rest.strip_suffix('\'').map(str::to_owned);
        }
    }

    /// The URL of a request to origin-form `target`, from its Host header
    /// (else the host connected to) and the connection; the URL curl said
    /// it asks next, when it is that one, used up.
    fn take_url(&mut self, request_headers: &[(String, String)], target: &str) -> String {
        let host = request_headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("host"))
            .map(|(_, v)| v.clone())
            .or_else(|| self.host.clone())
            .unwrap_or_else(|| "localhost".to_owned());
        let scheme = if self.tls || self.port == Some(443) {
            "https"
        } else {
            "http"
        };
        let url = format!("{scheme}://{host}{target}");
        match self.next_url.take() {
            Some(n) if super::exchanges::same_target(&n, &url) => n,
            _ => url,
        }
    }
}

/// A `curl -v` transcript: its requests and what answered them.
pub(super) fn import(text: &str) -> Result<Imported, ImportError> {
    let mut exchanges: Vec<Exchange> = Vec::new();
    // For each exchange, its origin-form target until the Host header
    // completes its URL.
    let mut targets: Vec<Option<String>> = Vec::new();
    let mut connection = Connection::default();
    let mut in_request = false;
    let mut in_response = false;
    for (number, raw) in text.lines().enumerate() {
        let line = raw.trim_end();
        if let Some(info) = line.strip_prefix("* ") {
            connection.read(info.trim_start());
            continue;
        }
        if let Some((method, target)) = request_line(line) {
            let absolute = target.starts_with("http://") || target.starts_with("https://");
            // Otherwise the Host header comes next; the URL is completed then.
            targets.push((!absolute).then(|| target.to_owned()));
            exchanges.push(Exchange {
                method: method.to_owned(),
                url: if absolute {
                    target.to_owned()
                } else {
                    String::new()
                },
                request_headers: Vec::new(),
                response: None,
                cookies: false,
            });
            in_request = true;
            in_response = false;
            continue;
        }
        if let Some(status) = status_line(line) {
            // curl prints every interim (1xx) response; keep the final one.
            if let Some(e) = exchanges.last_mut() {
                e.response = Some((status, Vec::new()));
            }
            in_request = false;
            in_response = true;
            continue;
        }
        if in_request {
            if let Some(h) = line.strip_prefix("> ").and_then(header_line) {
                if let Some(e) = exchanges.last_mut() {
                    if h.0.eq_ignore_ascii_case("cookie") {
                        e.cookies = true;
                    }
                    if e.request_headers.len() >= crate::MAX_HEADERS {
                        return Err(too_many_headers(number));
                    }
                    e.request_headers.push(h);
                }
                continue;
            }
            if line == ">" || line == "> " {
                in_request = false;
                // Complete an origin-form target from Host and the connection.
                if let (Some(e), Some(Some(target))) =
                    (exchanges.last_mut(), targets.last_mut().map(Option::take))
                {
                    e.url = connection.take_url(&e.request_headers, &target);
                }
            }
            continue;
        }
        if in_response {
            if let Some(h) = line.strip_prefix("< ").and_then(header_line) {
                if let Some((_, headers)) = exchanges.last_mut().and_then(|e| e.response.as_mut()) {
                    if headers.len() >= crate::MAX_HEADERS {
                        return Err(too_many_headers(number));
                    }
                    headers.push(h);
                }
                continue;
            }
            if line == "<" || line == "< " {
                in_response = false;
            }
        }
    }
    exchanges.retain(|e| !e.url.is_empty());
    if exchanges.is_empty() {
        return Err(super::unrecognized(
            "no complete request in the curl transcript",
        ));
    }
    if exchanges.len() > 4 * super::MAX_IMPORTED_REQUESTS {
        return Err(ImportError::new(
            None,
            format!(
                "more than {} requests in the transcript",
                4 * super::MAX_IMPORTED_REQUESTS
            ),
        ));
    }
    let assumed = vec![about_evidence(
        "curl does not say which browser: the scenario is for any (simulate it with --browser).",
    )];
    exchanges::scenario(&exchanges, EvidenceKind::Curl, None, None, assumed)
}
