//! # corsim
//!
//! A browser-faithful CORS simulator: given a page origin, the requests its
//! script makes and what the server answers, corsim says what a browser
//! does — whether a preflight goes out and with which headers, whether the
//! request is sent, what JavaScript sees, which console message each browser
//! prints, and why, step by step, each step tied to its Fetch Standard
//! anchor.
//!
//! ```
//! use corsim::{simulate, Browser, Scenario};
//!
//! let scenario = Scenario::from_json(r#"{
//!   "page": "https://app.example",
//!   "requests": [{ "url": "https://api.example/users", "method": "PUT",
//!                  "headers": [["Content-Type", "application/json"]] }],
//!   "server": { "https://api.example/users": {
//!     "preflight": { "status": 204, "headers": [
//!       ["Access-Control-Allow-Origin", "https://app.example"],
//!       ["Access-Control-Allow-Methods", "PUT"] ] },
//!     "actual": { "status": 200, "headers": [["Access-Control-Allow-Origin", "https://app.example"]] }
//!   } }
//! }"#)?;
//!
//! let verdict = simulate(&scenario, Browser::Chrome)?;
//! let request = &verdict.requests[0];
//! // The preflight went out, asking for PUT and content-type...
//! assert_eq!(
//!     request.preflights[0].headers[2],
//!     ("Access-Control-Request-Headers".to_owned(), "content-type".to_owned())
//! );
//! // ...and the server did not allow content-type.
//! assert_eq!(
//!     request.console[0],
//!     "Access to fetch at 'https://api.example/users' from origin 'https://app.example' has been \
//!      blocked by CORS policy: Request header field content-type is not allowed by \
//!      Access-Control-Allow-Headers in preflight response."
//! );
//! # Ok::<(), corsim::InputError>(())
//! ```
//!
//! The building blocks are public and named as the Fetch Standard names
//! them: [`origin::Origin`], [`method::is_cors_safelisted_method`],
//! [`header::safelist::is_cors_safelisted_request_header`],
//! [`header::safelist::cors_unsafe_request_header_names`],
//! [`cors_check::cors_check`], [`cache::PreflightCache`].
#![forbid(unsafe_code)]

pub mod browser;
pub mod cache;
pub mod cors_check;
mod decimal;
mod error;
mod fetch;
pub mod header;
mod json;
pub mod message;
pub mod method;
pub mod mime;
pub mod origin;
pub mod reason;
mod request;
pub mod scenario;
pub mod step;
mod url_parser;
pub mod verdict;

use std::collections::BTreeMap;

/// The README's Rust examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
pub struct ReadmeDoctests;

pub use browser::Browser;
pub use error::InputError;
pub use scenario::{
    Api, BodyKind, BodySpec, CredentialsMode, RedirectMode, RequestMode, RequestSpec, ResponseSpec,
    Responses, Scenario, ServerEntry, ServerMap, UploadListener,
};
pub use url_parser::{set_url_reparser, url_parser, Reparser};
pub use verdict::{Outcome, Phase, RequestVerdict, ResponseType, Verdict};

use crate::decimal::Decimal;
use crate::origin::Origin;

/// The most headers one request or response may have. Browsers and servers
/// refuse far fewer bytes of headers long before this; the limit keeps every
/// simulation fast.
pub const MAX_HEADERS: usize = 1000;

/// Runs every request of `scenario` as `browser` would, in order, with one
/// preflight cache across them.
///
/// A blocked request is a result, not an error: `Err` means the scenario
/// itself is malformed (an unparsable URL or origin, a header the server
/// could not send, a request to a URL the server map does not cover), and
/// the error names where.
///
/// <https://fetch.spec.whatwg.org/#fetching>
pub fn simulate(scenario: &Scenario, browser: Browser) -> Result<Verdict, InputError> {
    let page = Origin::parse(&scenario.page).map_err(|e| {
        InputError::at(
            "page",
            format!("`{}` is not a serialized origin: {e}", scenario.page),
        )
    })?;
    let entries = server_entries(scenario)?;
    let urls = request_urls(scenario)?;
    let mut simulator =
        fetch::Simulator::new(browser, page, fetch::Server::new(entries, browser.quirks()));
    let mut requests = Vec::with_capacity(scenario.requests.len());
    for (i, (spec, url)) in scenario.requests.iter().zip(urls).enumerate() {
        let location = format!("requests[{i}]");
        requests.push(simulator.run(spec, &url, &location)?);
    }
    Ok(Verdict { browser, requests })
}

/// Parses and checks the request URLs and the clock.
fn request_urls(scenario: &Scenario) -> Result<Vec<url::Url>, InputError> {
    let mut last_at = 0.0_f64;
    let mut urls = Vec::with_capacity(scenario.requests.len());
    for (i, r) in scenario.requests.iter().enumerate() {
        if r.headers.len() > MAX_HEADERS {
            return Err(InputError::at(
                format!("requests[{i}].headers"),
                format!(
                    "{} headers; corsim accepts at most {MAX_HEADERS} per request",
                    r.headers.len()
                ),
            ));
        }
        let url = url_parser(&r.url, None).map_err(|e| {
            InputError::at(
                format!("requests[{i}].url"),
                format!("`{}` is not an absolute URL: {e}", r.url),
            )
        })?;
        if !r.at.is_finite() || r.at < 0.0 {
            return Err(InputError::at(
                format!("requests[{i}].at"),
                format!("`{}` is not a number of seconds >= 0", Decimal(r.at)),
            ));
        }
        if r.at < last_at {
            return Err(InputError::at(
                format!("requests[{i}].at"),
                format!(
                    "{} is earlier than the previous request's {}: requests run in order",
                    Decimal(r.at),
                    Decimal(last_at)
                ),
            ));
        }
        last_at = r.at;
        urls.push(url);
    }
    Ok(urls)
}

/// Parses the server map's keys and checks every response it would send.
fn server_entries(scenario: &Scenario) -> Result<BTreeMap<String, &ServerEntry>, InputError> {
    let mut entries = BTreeMap::new();
    for (key, entry) in &scenario.server.0 {
        let location = format!("server[\"{key}\"]");
        let url = url_parser(key, None).map_err(|e| {
            InputError::at(&location, format!("`{key}` is not an absolute URL: {e}"))
        })?;
        let normalized = fetch::server_key(&url);
        if entries.insert(normalized.clone(), entry).is_some() {
            return Err(InputError::at(
                &location,
                format!("a second entry for {normalized}"),
            ));
        }
        for (part, responses) in [("preflight", &entry.preflight), ("actual", &entry.actual)] {
            let list: Vec<&ResponseSpec> = match responses {
                None => Vec::new(),
                Some(Responses::One(r)) => vec![r],
                Some(Responses::Sequence(list)) => {
                    if list.is_empty() {
                        return Err(InputError::at(
                            format!("{location}.{part}"),
                            "an empty list of responses",
                        ));
                    }
                    list.iter().collect()
                }
            };
            for (n, response) in list.iter().enumerate() {
                let at = match responses {
                    Some(Responses::Sequence(_)) => format!("{location}.{part}[{n}]"),
                    _ => format!("{location}.{part}"),
                };
                if response.headers.len() > MAX_HEADERS {
                    return Err(InputError::at(
                        &at,
                        format!(
                            "{} headers; corsim accepts at most {MAX_HEADERS} per response",
                            response.headers.len()
                        ),
                    ));
                }
                if !(200..=999).contains(&response.status) {
                    return Err(InputError::at(
                        &at,
                        format!(
                            "status {} is not a final HTTP status (200-999)",
                            response.status
                        ),
                    ));
                }
                for (name, value) in &response.headers {
                    if !header::is_header_name(name) {
                        return Err(InputError::at(&at, format!("`{name}` is not a valid header name (a token: no spaces, colons or quotes)")));
                    }
                    if value.bytes().any(|b| matches!(b, b'\r' | b'\n')) {
                        return Err(InputError::at(&at, format!("the value of `{name}` contains CR or LF, which would end the header line")));
                    }
                }
            }
        }
    }
    Ok(entries)
}
