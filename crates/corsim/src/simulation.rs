//! [`simulate`]: the engine driven over a scenario's server map.
//!
//! The server map is one driver of [`Fetch`]: it answers each message the
//! browser sends with the entry for that URL (the n-th preflight or request
//! to a URL with the n-th response of its list). The preflight cache lives
//! here, from one request of the scenario to the next.

use std::collections::BTreeMap;

use url::Url;

use crate::browser::Browser;
use crate::cache::PreflightCache;
use crate::decimal::Decimal;
use crate::fetch::{Answer, Fetch, Message, MessageKind, Next};
use crate::header::{self, HeaderList};
use crate::origin::Origin;
use crate::scenario::{ResponseSpec, Responses, Scenario, ServerEntry};
use crate::verdict::{RequestVerdict, Verdict};
use crate::{url_parser, InputError, MAX_HEADERS};

/// How a simulation runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Options {
    /// Record the trace (the explanation). Without it, `trace` is empty
    /// and the simulation formats no trace sentence at all.
    pub trace: bool,
}

impl Default for Options {
    fn default() -> Self {
        Self { trace: true }
    }
}

impl Options {
    /// Without the trace.
    #[must_use]
    pub fn without_trace() -> Self {
        Self { trace: false }
    }
}

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
    simulate_with(scenario, browser, Options::default())
}

/// [`simulate`], with [`Options`].
pub fn simulate_with(
    scenario: &Scenario,
    browser: Browser,
    options: Options,
) -> Result<Verdict, InputError> {
    let requests = Simulation::new(scenario, browser, options)?.collect::<Result<_, _>>()?;
    Ok(Verdict { browser, requests })
}

/// A simulation in progress: the verdict of each request of the scenario,
/// one at a time, so a long scenario never has to be held whole.
#[derive(Debug)]
pub struct Simulation<'s> {
    scenario: &'s Scenario,
    browser: Browser,
    options: Options,
    page: Origin,
    urls: std::vec::IntoIter<Url>,
    server: Server<'s>,
    cache: PreflightCache,
    index: usize,
}

impl<'s> Simulation<'s> {
    /// Checks `scenario` and prepares to run it as `browser`.
    pub fn new(
        scenario: &'s Scenario,
        browser: Browser,
        options: Options,
    ) -> Result<Self, InputError> {
        let page = Origin::parse(&scenario.page).map_err(|e| {
            InputError::at(
                "page",
                format!("`{}` is not a serialized origin: {e}", scenario.page),
            )
        })?;
        let entries = server_entries(scenario)?;
        let urls = request_urls(scenario)?;
        Ok(Self {
            scenario,
            browser,
            options,
            page,
            urls: urls.into_iter(),
            server: Server::new(entries),
            cache: PreflightCache::for_browser(browser),
            index: 0,
        })
    }
}

impl Iterator for Simulation<'_> {
    type Item = Result<RequestVerdict, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        let url = self.urls.next()?;
        let i = self.index;
        self.index += 1;
        let spec = &self.scenario.requests[i];
        let mut fetch = Fetch::with_url(self.browser, &self.page, spec, url, self.options.trace);
        while let Next::Send(message) = fetch.next(&mut self.cache) {
            match self.server.answer(&message) {
                Ok(answer) => fetch.respond(answer),
                Err(e) => return Some(Err(InputError::new(format!("requests[{i}]: {e}")))),
            }
        }
        Some(Ok(fetch.into_verdict()))
    }
}

/// The server key of a URL: serialized without userinfo or fragment.
fn server_key(url: &Url) -> String {
    let mut url = url.clone();
    // Both calls only fail for URLs that cannot have credentials.
    let _ = url.set_username("");
    let _ = url.set_password(None);
    url.set_fragment(None);
    url.into()
}

/// The scenario's server, counting requests per URL so that response lists
/// answer the n-th request with the n-th entry.
#[derive(Debug)]
struct Server<'s> {
    entries: BTreeMap<String, &'s ServerEntry>,
    preflights_seen: BTreeMap<String, usize>,
    actuals_seen: BTreeMap<String, usize>,
}

impl<'s> Server<'s> {
    fn new(entries: BTreeMap<String, &'s ServerEntry>) -> Self {
        Self {
            entries,
            preflights_seen: BTreeMap::new(),
            actuals_seen: BTreeMap::new(),
        }
    }

    /// The answer to `message`, or why the scenario cannot say.
    fn answer(&mut self, message: &Message<'_>) -> Result<Answer, String> {
        let key = server_key(message.url);
        let preflight = message.kind == MessageKind::Preflight;
        let Some(entry) = self.entries.get(&key) else {
            return Err(format!(
                "the browser sends {} {key}, but the server map has no entry for that URL",
                if preflight {
                    "a preflight to"
                } else {
                    "a request to"
                }
            ));
        };
        if entry.unreachable {
            return Ok(Answer::Unreachable);
        }
        let (seen, responses) = if preflight {
            (&mut self.preflights_seen, &entry.preflight)
        } else {
            (&mut self.actuals_seen, &entry.actual)
        };
        let n = seen.entry(key).or_insert(0);
        let spec = responses.as_ref().and_then(|r| r.nth(*n));
        *n += 1;
        let (status, pairs) = spec.map_or((200, &[][..]), |r| (r.status, &r.headers[..]));
        Ok(Answer::Response {
            status,
            headers: pairs
                .iter()
                .map(|(n, v)| (n.as_str(), v.as_bytes()))
                .collect::<HeaderList>(),
        })
    }
}

/// Parses and checks the request URLs and the clock.
fn request_urls(scenario: &Scenario) -> Result<Vec<Url>, InputError> {
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
        let normalized = server_key(&url);
        if entries.insert(normalized.clone(), entry).is_some() {
            return Err(InputError::at(
                &location,
                format!("a second entry for {normalized}"),
            ));
        }
        for (part, responses) in [("preflight", &entry.preflight), ("actual", &entry.actual)] {
            let list: &[ResponseSpec] = match responses {
                None => &[],
                Some(Responses::One(r)) => std::slice::from_ref(r),
                Some(Responses::Sequence(list)) if list.is_empty() => {
                    return Err(InputError::at(
                        format!("{location}.{part}"),
                        "an empty list of responses",
                    ));
                }
                Some(Responses::Sequence(list)) => list,
            };
            for (n, response) in list.iter().enumerate() {
                let at = match responses {
                    Some(Responses::Sequence(_)) => format!("{location}.{part}[{n}]"),
                    _ => format!("{location}.{part}"),
                };
                check_response(response, &at)?;
            }
        }
    }
    Ok(entries)
}

/// A response the server map could send.
fn check_response(response: &ResponseSpec, at: &str) -> Result<(), InputError> {
    if response.headers.len() > MAX_HEADERS {
        return Err(InputError::at(
            at,
            format!(
                "{} headers; corsim accepts at most {MAX_HEADERS} per response",
                response.headers.len()
            ),
        ));
    }
    if !(200..=999).contains(&response.status) {
        return Err(InputError::at(
            at,
            format!(
                "status {} is not a final HTTP status (200-999)",
                response.status
            ),
        ));
    }
    for (name, value) in &response.headers {
        if !header::is_header_name(name) {
            return Err(InputError::at(
                at,
                format!(
                    "`{name}` is not a valid header name (a token: no spaces, colons or quotes)"
                ),
            ));
        }
        if value.bytes().any(|b| matches!(b, b'\r' | b'\n')) {
            return Err(InputError::at(
                at,
                format!("the value of `{name}` contains CR or LF, which would end the header line"),
            ));
        }
    }
    Ok(())
}
