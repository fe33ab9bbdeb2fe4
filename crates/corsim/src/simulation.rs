//! [`simulate`]: the engine driven over a scenario's server map.
//!
//! The server map is one driver of [`Fetch`]: it answers each message the
//! browser sends with the entry for that URL (the n-th preflight or request
//! to a URL with the n-th response of its list). The preflight cache lives
//! here, from one request of the scenario to the next.

use std::borrow::Cow;

use url::Url;

use crate::browser::Browser;
use crate::cache::PreflightCache;
use crate::collections::Keys;
use crate::error::{Path, ProblemKind};
use crate::fetch::{Answer, Fetch, Message, MessageKind, Next};
use crate::header::HeaderList;
use crate::local_network::Client;
use crate::origin::Origin;
use crate::scenario::{HttpVersion, Scenario, ServerEntry};
use crate::validate;
use crate::verdict::{RequestVerdict, Verdict};
use crate::InputError;

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
/// the error lists every problem, each with where it is.
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
    let mut requests = Vec::with_capacity(scenario.requests.len());
    let mut problems = Vec::new();
    for result in Simulation::new(scenario, browser, options)? {
        match result {
            Ok(verdict) => requests.push(verdict),
            Err(e) => problems.extend(e.problems().iter().cloned()),
        }
    }
    if problems.is_empty() {
        Ok(Verdict { browser, requests })
    } else {
        Err(InputError::new(problems))
    }
}

/// A simulation in progress: the verdict of each request of the scenario,
/// one at a time, so a long scenario never has to be held whole.
///
/// A request that sends something to a URL the server map does not cover
/// gives an `Err` naming it; the next request still runs.
#[derive(Debug)]
pub struct Simulation<'s> {
    scenario: &'s Scenario,
    browser: Browser,
    options: Options,
    page: Origin,
    /// The page's origin serialized, when the page is a frame of another
    /// top-level origin (otherwise the client's top-level origin is it).
    page_serialized: Option<String>,
    /// The page's side of Local Network Access.
    client: Client,
    urls: std::vec::IntoIter<Url>,
    server: Server<'s>,
    cache: PreflightCache,
    index: usize,
}

impl<'s> Simulation<'s> {
    /// Checks `scenario` (every problem at once) and prepares to run it as
    /// `browser`.
    pub fn new(
        scenario: &'s Scenario,
        browser: Browser,
        options: Options,
    ) -> Result<Self, InputError> {
        let checked = validate::check(scenario)?;
        let client = Client::new(
            &checked.page,
            scenario.frame.as_ref(),
            checked.top.as_ref(),
            &scenario.address_spaces,
            &scenario.permissions,
        );
        Ok(Self {
            scenario,
            browser,
            options,
            client,
            page_serialized: checked.top.is_some().then(|| checked.page.serialize()),
            page: checked.page,
            urls: checked.urls.into_iter(),
            server: Server::new(checked.entries, checked.keys),
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
        let mut fetch = Fetch::with_url(
            self.browser,
            &self.page,
            Cow::Borrowed(
                self.page_serialized
                    .as_deref()
                    .unwrap_or_else(|| self.client.top_origin()),
            ),
            Cow::Borrowed(&self.client),
            spec,
            url,
            self.options.trace,
        );
        while let Next::Send(message) = fetch.next(&mut self.cache) {
            let Some(answer) = self.server.answer(&message) else {
                let kind = ProblemKind::MissingServerEntry {
                    url: validate::server_key(message.url).into_owned(),
                    preflight: message.kind == MessageKind::Preflight,
                };
                let path = Path::root().field("requests").index(i);
                return Some(Err(InputError::one(path, kind)));
            };
            fetch.respond(answer);
        }
        Some(Ok(fetch.into_verdict()))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.urls.size_hint()
    }
}

/// The scenario's server, counting requests per URL so that response lists
/// answer the n-th request with the n-th entry.
#[derive(Debug)]
struct Server<'s> {
    /// Each entry, with how many preflights and requests it has answered.
    entries: Vec<(&'s ServerEntry, [usize; 2])>,
    /// Each entry's policy, compiled (checked already); empty when no
    /// entry has one.
    #[cfg(feature = "policy")]
    models: Vec<Option<crate::policy::Model>>,
    /// The entries by normalized URL.
    keys: Keys<'s>,
}

impl<'s> Server<'s> {
    fn new(entries: Vec<&'s ServerEntry>, keys: Keys<'s>) -> Self {
        Self {
            // None without a policy, so a scenario without one allocates
            // nothing for them.
            #[cfg(feature = "policy")]
            models: if entries.iter().any(|e| e.policy.is_some()) {
                entries
                    .iter()
                    .map(|e| {
                        e.policy
                            .as_ref()
                            .and_then(|p| crate::policy::Model::compile(p).ok())
                    })
                    .collect()
            } else {
                Vec::new()
            },
            entries: entries.into_iter().map(|e| (e, [0, 0])).collect(),
            keys,
        }
    }

    /// The answer to `message`; `None` when the map has no entry for it.
    fn answer(&mut self, message: &Message<'_>) -> Option<Answer> {
        let key = validate::server_key(message.url);
        let slot = self.keys.get(&key)?;
        let (entry, seen) = &mut self.entries[slot];
        if entry.unreachable {
            return Some(Answer::Unreachable);
        }
        let preflight = message.kind == MessageKind::Preflight;
        let (n, responses) = if preflight {
            (&mut seen[0], &entry.preflight)
        } else {
            (&mut seen[1], &entry.actual)
        };
        let spec = responses.as_ref().and_then(|r| r.nth(*n));
        *n += 1;
        #[cfg(feature = "policy")]
        if let Some(model) = self.models.get(slot).and_then(Option::as_ref) {
            // A literal preflight answer comes before the middleware.
            if !(preflight && spec.is_some()) {
                return Some(policy_answer(model, message, spec, preflight, entry.http));
            }
        }
        let http = entry
            .http
            .unwrap_or_else(|| HttpVersion::default_for_scheme(message.url.scheme()));
        let (status, pairs) = spec.map_or((200, &[][..]), |r| (r.status, &r.headers[..]));
        let names = pairs.iter().map(|(n, _)| n.len()).sum();
        let values = pairs.iter().map(|(_, v)| v.len()).sum();
        let mut headers = HeaderList::with_capacity(pairs.len(), names, values);
        for (name, value) in pairs {
            headers.push_text(name, value);
        }
        Some(Answer::Response {
            status,
            headers,
            http,
        })
    }
}

/// What a server with a CORS middleware answers `message`: for a
/// preflight, the framework's own answer to `OPTIONS` with the middleware
/// in front; for the request, the route's answer (`actual`, by default 200
/// with no headers) with the middleware's headers.
#[cfg(feature = "policy")]
fn policy_answer(
    model: &crate::policy::Model,
    message: &Message<'_>,
    actual: Option<&crate::scenario::ResponseSpec>,
    preflight: bool,
    http: Option<HttpVersion>,
) -> Answer {
    let request = crate::policy::ServerRequest {
        method: message.method.to_owned(),
        url: message.url.as_str().to_owned(),
        headers: message
            .headers()
            .map(|(n, v)| (n.to_owned(), String::from_utf8_lossy(v).into_owned()))
            .collect(),
    };
    let route = crate::scenario::ResponseSpec::new(200, Vec::<(String, String)>::new());
    let app = if preflight {
        None
    } else {
        Some(actual.unwrap_or(&route))
    };
    let response = model.respond(&request, app);
    let headers = response.headers.iter().map(|(n, v)| (n, v)).collect();
    // The model sends what the library puts on the response; the server
    // speaks the entry's version like any other.
    Answer::Response {
        status: response.status,
        headers,
        http: http.unwrap_or_else(|| HttpVersion::default_for_scheme(message.url.scheme())),
    }
}
