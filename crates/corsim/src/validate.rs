//! Checking a scenario before it runs: every problem at once, each with its
//! path.
//!
//! The limits keep every simulation linear in its input and bounded in
//! memory; each is documented in `docs/format.md`.

use std::borrow::Cow;

use url::Url;

use crate::collections::{Index, Keys};
use crate::error::{Path, Problem, ProblemKind};
use crate::header;
use crate::origin::Origin;
use crate::scenario::{HttpVersion, ResponseSpec, Responses, Scenario, ServerEntry};
use crate::url_parser;
use crate::{InputError, MAX_HEADERS, MAX_REQUESTS, MAX_RESPONSES, MAX_SERVER_ENTRIES};

/// A scenario that passed every check: its page origin, the parsed URL of
/// each request, and the server entries by normalized URL.
#[derive(Debug)]
pub(crate) struct Checked<'s> {
    pub(crate) page: Origin,
    /// `frame.top`, when the page is an iframe.
    pub(crate) top: Option<Origin>,
    pub(crate) urls: Vec<Url>,
    /// The server entries, found by normalized URL through `keys`.
    pub(crate) entries: Vec<&'s ServerEntry>,
    pub(crate) keys: Keys<'s>,
}

/// Checks `scenario`: every problem, or what the run needs.
pub(crate) fn check(scenario: &Scenario) -> Result<Checked<'_>, InputError> {
    let mut problems = Vec::new();
    let root = Path::root();
    let page = match Origin::parse(&scenario.page) {
        Ok(page) => Some(page),
        Err(error) => {
            problems.push(Problem {
                path: root.field("page"),
                kind: ProblemKind::NotAnOrigin {
                    input: scenario.page.clone(),
                    error,
                },
            });
            None
        }
    };
    let top = local_network(scenario, &mut problems);
    let urls = request_urls(scenario, &mut problems);
    let (entries, keys) = server_entries(scenario, &urls, &mut problems);
    match page {
        Some(page) if problems.is_empty() => Ok(Checked {
            page,
            top,
            urls,
            entries,
            keys,
        }),
        _ => Err(InputError::new(problems)),
    }
}

/// The Local Network Access fields (contract §11): `address_spaces` keys
/// are origins, hosts or IPs, `permissions` keys origins, `frame.top` an
/// origin. Returns `frame.top`.
fn local_network(scenario: &Scenario, problems: &mut Vec<Problem>) -> Option<Origin> {
    let root = Path::root();
    for key in scenario.address_spaces.keys() {
        if !crate::local_network::is_override_key(key) {
            problems.push(Problem {
                path: root.field("address_spaces").key(key),
                kind: ProblemKind::NotAnAddressSpaceKey { input: key.clone() },
            });
        }
    }
    for key in scenario.permissions.keys() {
        match Origin::parse(key) {
            Ok(origin) if !origin.is_opaque() => {}
            Ok(_) => problems.push(Problem {
                path: root.field("permissions").key(key),
                kind: ProblemKind::OpaquePermissionOrigin,
            }),
            Err(error) => problems.push(Problem {
                path: root.field("permissions").key(key),
                kind: ProblemKind::NotAnOrigin {
                    input: key.clone(),
                    error,
                },
            }),
        }
    }
    let frame = scenario.frame.as_ref()?;
    match Origin::parse(&frame.top) {
        Ok(top) if !top.is_opaque() => Some(top),
        Ok(_) => {
            problems.push(Problem {
                path: root.field("frame").field("top"),
                kind: ProblemKind::OpaquePermissionOrigin,
            });
            None
        }
        Err(error) => {
            problems.push(Problem {
                path: root.field("frame").field("top"),
                kind: ProblemKind::NotAnOrigin {
                    input: frame.top.clone(),
                    error,
                },
            });
            None
        }
    }
}

/// The request URLs, the clock, and the number of headers.
fn request_urls(scenario: &Scenario, problems: &mut Vec<Problem>) -> Vec<Url> {
    // Paths are built only for a problem.
    let requests = || Path::root().field("requests");
    if scenario.requests.len() > MAX_REQUESTS {
        problems.push(Problem {
            path: requests(),
            kind: ProblemKind::TooMany {
                what: "requests",
                count: scenario.requests.len(),
                limit: MAX_REQUESTS,
                per: "scenario",
            },
        });
        return Vec::new();
    }
    let mut last_at = 0.0_f64;
    let mut urls = Vec::with_capacity(scenario.requests.len());
    for (i, r) in scenario.requests.iter().enumerate() {
        let path = || requests().index(i);
        if r.headers.len() > MAX_HEADERS {
            problems.push(Problem {
                path: path().field("headers"),
                kind: ProblemKind::TooMany {
                    what: "headers",
                    count: r.headers.len(),
                    limit: MAX_HEADERS,
                    per: "request",
                },
            });
        }
        match url_parser(&r.url, None) {
            Ok(url) => urls.push(url),
            Err(error) => problems.push(Problem {
                path: path().field("url"),
                kind: ProblemKind::NotAUrl {
                    input: r.url.clone(),
                    error,
                },
            }),
        }
        if !r.at.is_finite() || r.at < 0.0 {
            problems.push(Problem {
                path: path().field("at"),
                kind: ProblemKind::NotAClockTime { at: r.at },
            });
        } else if r.at < last_at {
            problems.push(Problem {
                path: path().field("at"),
                kind: ProblemKind::ClockGoesBack {
                    at: r.at,
                    previous: last_at,
                },
            });
        } else {
            last_at = r.at;
        }
    }
    urls
}

/// The server key of a URL: serialized without userinfo or fragment.
pub(crate) fn server_key(url: &Url) -> Cow<'_, str> {
    if url.username().is_empty() && url.password().is_none() && url.fragment().is_none() {
        return Cow::Borrowed(url.as_str());
    }
    let mut url = url.clone();
    // Both calls only fail for URLs that cannot have credentials.
    let _ = url.set_username("");
    let _ = url.set_password(None);
    url.set_fragment(None);
    Cow::Owned(url.into())
}

/// The request URLs, to find a server key written as one of them (with
/// the `fast-paths` feature; without it, none is found): a few are
/// searched in place, more through an index.
struct RequestUrls<'u> {
    urls: &'u [Url],
    index: Option<Index>,
}

impl<'u> RequestUrls<'u> {
    /// Up to this many URLs are searched in place.
    const SCANNED: usize = 8;

    fn new(urls: &'u [Url]) -> Self {
        let index = (cfg!(feature = "fast-paths") && urls.len() > Self::SCANNED).then(|| {
            let mut index = Index::new();
            for (i, url) in urls.iter().enumerate() {
                index.insert_first(url.as_str().to_owned(), i);
            }
            index
        });
        Self { urls, index }
    }

    /// The first request whose URL serializes to `key`.
    fn position(&self, key: &str) -> Option<usize> {
        match &self.index {
            _ if !cfg!(feature = "fast-paths") => None,
            Some(index) => index.get(key),
            None => self.urls.iter().position(|url| url.as_str() == key),
        }
    }
}

/// The server map's keys, and every response it could send.
fn server_entries<'s>(
    scenario: &'s Scenario,
    request_urls: &[Url],
    problems: &mut Vec<Problem>,
) -> (Vec<&'s ServerEntry>, Keys<'s>) {
    // Paths are built only for a problem.
    let server = || Path::root().field("server");
    // A key written as a request's URL serializes to itself: it needs no
    // second parse (a URL's serialization parses back to the same URL).
    let known = RequestUrls::new(request_urls);
    let mut entries = Vec::new();
    let mut keys = Keys::default();
    if scenario.server.0.len() > MAX_SERVER_ENTRIES {
        problems.push(Problem {
            path: server(),
            kind: ProblemKind::TooMany {
                what: "entries",
                count: scenario.server.0.len(),
                limit: MAX_SERVER_ENTRIES,
                per: "server map",
            },
        });
        return (entries, keys);
    }
    for (key, entry) in &scenario.server.0 {
        let path = || server().key(key);
        // The key itself when it is written normalized (no copy).
        let normalized = |url: &Url| match server_key(url) {
            Cow::Borrowed(k) if k == key => Cow::Borrowed(key.as_str()),
            k => Cow::Owned(k.into_owned()),
        };
        let parsed = match known.position(key) {
            Some(i) => Ok(normalized(&request_urls[i])),
            None => url_parser(key, None).map(|url| normalized(&url)),
        };
        match parsed {
            Ok(normalized) if keys.get(&normalized).is_some() => problems.push(Problem {
                path: path(),
                kind: ProblemKind::DuplicateServerEntry {
                    url: normalized.into_owned(),
                },
            }),
            Ok(normalized) => {
                // HTTP/2 needs TLS (contract additions §2).
                if entry.http == Some(HttpVersion::Http2) && !normalized.starts_with("https:") {
                    let scheme = normalized.split(':').next().unwrap_or_default();
                    problems.push(Problem {
                        path: path().field("http"),
                        kind: ProblemKind::Http2WithoutTls {
                            scheme: scheme.to_owned(),
                        },
                    });
                }
                keys.push(normalized, ());
                entries.push(entry);
            }
            Err(error) => problems.push(Problem {
                path: path(),
                kind: ProblemKind::NotAUrl {
                    input: key.clone(),
                    error,
                },
            }),
        }
        #[cfg(feature = "policy")]
        if let Some(policy) = &entry.policy {
            if let Err(error) = crate::policy::Model::compile(policy) {
                problems.push(Problem {
                    path: path().field("policy"),
                    kind: ProblemKind::InvalidPolicy {
                        message: error.to_string(),
                    },
                });
            }
        }
        for (part, responses) in [("preflight", &entry.preflight), ("actual", &entry.actual)] {
            let path = || path().field(part);
            match responses {
                None => {}
                Some(Responses::One(r)) => check_response(r, &path, problems),
                Some(Responses::Sequence(list)) if list.is_empty() => problems.push(Problem {
                    path: path(),
                    kind: ProblemKind::EmptyResponses,
                }),
                Some(Responses::Sequence(list)) if list.len() > MAX_RESPONSES => {
                    problems.push(Problem {
                        path: path(),
                        kind: ProblemKind::TooMany {
                            what: "responses",
                            count: list.len(),
                            limit: MAX_RESPONSES,
                            per: "list",
                        },
                    });
                }
                Some(Responses::Sequence(list)) => {
                    for (n, response) in list.iter().enumerate() {
                        check_response(response, &|| path().index(n), problems);
                    }
                }
            }
        }
    }
    (entries, keys)
}

/// A response the server map could send.
fn check_response(response: &ResponseSpec, path: &dyn Fn() -> Path, problems: &mut Vec<Problem>) {
    if response.headers.len() > MAX_HEADERS {
        problems.push(Problem {
            path: path().field("headers"),
            kind: ProblemKind::TooMany {
                what: "headers",
                count: response.headers.len(),
                limit: MAX_HEADERS,
                per: "response",
            },
        });
        return;
    }
    if !is_final_status(response.status) {
        problems.push(Problem {
            path: path().field("status"),
            kind: ProblemKind::NotAFinalStatus {
                status: response.status,
            },
        });
    }
    for (i, (name, value)) in response.headers.iter().enumerate() {
        if !header::is_header_name(name) {
            problems.push(Problem {
                path: path().field("headers").index(i),
                kind: ProblemKind::NotAHeaderName { name: name.clone() },
            });
        } else if value.bytes().any(|b| matches!(b, b'\r' | b'\n')) {
            problems.push(Problem {
                path: path().field("headers").index(i),
                kind: ProblemKind::HeaderValueEndsLine { name: name.clone() },
            });
        }
    }
}

/// Whether `status` is a status a server entry may answer with: a final
/// status, 200 to 999 (1xx are interim; browsers take any three digits).
#[must_use]
pub fn is_final_status(status: u16) -> bool {
    (200..=999).contains(&status)
}
