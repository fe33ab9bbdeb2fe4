//! Fetching one request, as a state machine the caller drives.
//!
//! The engine never performs I/O. [`Fetch::next`] runs the algorithm until
//! the browser would put a message on the wire ([`Next::Send`]: a preflight
//! or the request, with its method, URL and exact headers) or until the
//! script has its answer ([`Next::Done`]). The caller delivers the server's
//! answer with [`Fetch::respond`] and calls [`Fetch::next`] again. The
//! preflight cache is the caller's value, passed to every step, on the
//! scenario's clock.
//!
//! ```
//! use corsim::fetch::{Answer, Fetch, Next};
//! use corsim::cache::PreflightCache;
//! use corsim::header::HeaderList;
//! use corsim::{Browser, HttpVersion, RequestSpec};
//!
//! let page = "https://app.example".parse().unwrap();
//! let request = RequestSpec::get("https://api.example/users").with_method(&http::Method::PUT);
//! let mut cache = PreflightCache::for_browser(Browser::Chrome);
//! let mut fetch = Fetch::new(Browser::Chrome, &page, &request, true).unwrap();
//! let mut sent = Vec::new();
//! while let Next::Send(message) = fetch.next(&mut cache) {
//!     sent.push(format!("{} {}", message.method, message.url));
//!     let headers: HeaderList = [("Access-Control-Allow-Origin", "https://app.example"),
//!                                ("Access-Control-Allow-Methods", "PUT")].into_iter().collect();
//!     fetch.respond(Answer::Response { status: 200, headers, http: HttpVersion::Http2 });
//! }
//! assert_eq!(sent, ["OPTIONS https://api.example/users", "PUT https://api.example/users"]);
//! assert!(fetch.into_verdict().is_ok());
//! ```
//!
//! The algorithms are the Fetch Standard's, one file each in
//! `src/fetch/`, named as the standard names them: `main_fetch.rs`,
//! `scheme_fetch.rs`, `http_fetch.rs`, `http_network_or_cache_fetch.rs`,
//! `cors_preflight_fetch.rs`, `http_redirect_fetch.rs` and
//! `filtered_response.rs`; the CORS check is [`crate::cors_check`].
//!
//! <https://fetch.spec.whatwg.org/#fetching>

mod cors_preflight_fetch;
mod filtered_response;
mod http_fetch;
mod http_network_or_cache_fetch;
mod http_redirect_fetch;
mod main_fetch;
mod scheme_fetch;

use std::borrow::Cow;

use url::Url;

use crate::browser::{Browser, CacheModel, Quirks};
use crate::cache::PreflightCache;
use crate::header::HeaderList;
use crate::local_network::{AddressSpace, Client, Gate, Permission};
use crate::message::{console_lines, MessageContext};
use crate::origin::Origin;
use crate::reason::Reason;
use crate::request::{self, Request};
use crate::scenario::{Api, CredentialsMode, HttpVersion, RedirectMode, RequestMode, RequestSpec};
use crate::step::Step;
use crate::trace::{record, Decision, Trace};
use crate::verdict::{
    FetchResult, HopRecord, PreflightRecord, Prompt, RequestError, RequestVerdict, Sent, Stage,
};
use crate::InputError;

/// How a request's response will be filtered.
///
/// <https://fetch.spec.whatwg.org/#concept-request-response-tainting>
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tainting {
    Basic,
    Cors,
    Opaque,
}

/// What the server answered a message, as the network delivered it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Answer {
    /// Connecting failed (refused, a DNS or TLS failure, a timeout): a
    /// network error that is not a CORS failure.
    Unreachable,
    /// A response: its status and its headers exactly as received.
    Response {
        /// The status code.
        status: u16,
        /// The headers, in order, names and values as sent.
        headers: HeaderList,
        /// The HTTP version it came over: what the browser's network stack
        /// does to it depends on that (the whitespace around values).
        http: HttpVersion,
    },
}

/// Which kind of message the browser sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum MessageKind {
    /// A CORS preflight: `OPTIONS` with `Origin` and the
    /// `Access-Control-Request-*` headers, without credentials.
    Preflight,
    /// The request itself (or a redirect hop).
    Request,
}

/// A message the browser puts on the wire.
#[derive(Debug, Clone, Copy)]
pub struct Message<'a> {
    /// A preflight or the request.
    pub kind: MessageKind,
    /// The method sent.
    pub method: &'a str,
    /// The URL requested.
    pub url: &'a Url,
    /// Whether cookies and HTTP authentication go along.
    pub credentials: bool,
    headers: MessageHeaders<'a>,
}

#[derive(Debug, Clone, Copy)]
enum MessageHeaders<'a> {
    Preflight(&'a HeaderList),
    Request {
        script: &'a HeaderList,
        origin: Option<&'a str>,
    },
}

impl<'a> Message<'a> {
    /// The headers this message carries, in the order they go on the
    /// wire: for a preflight `Access-Control-Request-Method`, (when there
    /// are unsafe names) `Access-Control-Request-Headers`, then `Origin`;
    /// for the request, the script's headers as they survived the Headers
    /// guard, then `Origin` when one is sent.
    ///
    /// `Origin` comes last in both, as in the Fetch Standard (the
    /// preflight's own headers are appended in CORS-preflight fetch Steps
    /// 2-4, `Origin` later, in HTTP-network-or-cache fetch) and as Chromium
    /// and Firefox send it (`tests/probe-proof`). A verdict's
    /// `preflights[].headers` keep the format's order, `Origin` first.
    ///
    /// <https://fetch.spec.whatwg.org/#append-a-request-origin-header>
    pub fn headers(&self) -> impl Iterator<Item = (&'a str, &'a [u8])> + 'a {
        let (list, origin, preflight) = match self.headers {
            MessageHeaders::Preflight(list) => (list, None, true),
            MessageHeaders::Request { script, origin } => (script, origin, false),
        };
        let is_origin = move |name: &str| preflight && name.eq_ignore_ascii_case("origin");
        list.iter()
            .filter(move |(n, _)| !is_origin(n))
            .chain(list.iter().filter(move |(n, _)| is_origin(n)))
            .chain(origin.map(|o| ("Origin", o.as_bytes())))
    }
}

/// No headers.
static EMPTY: HeaderList = HeaderList::new();

/// What [`Fetch::next`] asks of its caller.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub enum Next<'a> {
    /// Send this message and deliver the answer with [`Fetch::respond`].
    Send(Message<'a>),
    /// The script has its answer: take it with [`Fetch::into_verdict`].
    Done,
}

/// A fetch that failed: why, where, and the response status if any.
#[derive(Debug, Clone)]
struct Failure {
    reason: Reason,
    status: Option<u16>,
    /// Where it failed, when the reason alone does not tell.
    during: Option<Stage>,
    /// Where a redirect response that failed a check pointed.
    location: Option<String>,
}

impl From<Reason> for Failure {
    fn from(reason: Reason) -> Self {
        Self {
            reason,
            status: None,
            during: None,
            location: None,
        }
    }
}

/// A response the script receives.
#[derive(Debug, Clone)]
struct Received {
    status: u16,
    /// The response's headers; `None`: the last hop's (an HTTP response).
    headers: Option<HeaderList>,
    opaque_redirect: bool,
}

/// Where the state machine is.
#[derive(Debug)]
enum State {
    /// Main fetch runs next, on the current URL.
    MainFetch,
    /// A preflight went out; its answer is processed next.
    AwaitingPreflight {
        /// The CORS-unsafe request-header names it asked for.
        unsafe_names: Vec<String>,
    },
    /// The request went out; its answer is processed next.
    AwaitingResponse,
    /// The request constructor threw.
    Threw(Reason),
    /// The fetch ended.
    Done(Result<Received, Failure>),
    /// The browser asks the user for a permission; the fetch waits.
    Pending(Permission),
}

/// What one run of an algorithm leads to.
enum Flow {
    /// A message is ready to go out.
    Send,
    /// Main fetch starts again on the new current URL (a redirect).
    Again,
    /// The fetch ended.
    Done(Result<Received, Failure>),
    /// The fetch waits on a permission prompt.
    Pending(Permission),
}

/// One request of a page, fetched as a browser would, step by step.
///
/// It borrows the page's origin for as long as it runs.
#[derive(Debug)]
pub struct Fetch<'p> {
    quirks: &'static Quirks,
    page: &'p Origin,
    page_serialized: Cow<'p, str>,
    /// The page's side of Local Network Access.
    client: Cow<'p, Client>,
    /// `fetch()`'s `targetAddressSpace`.
    target_address_space: Option<AddressSpace>,
    /// Console lines printed on the way whatever the outcome (Chromium's
    /// mixed-content warning).
    warnings: Vec<String>,
    req: Request,
    /// The scenario clock, for the preflight cache.
    at: f64,
    url_list: Vec<Url>,
    /// The request's redirect-taint is not "same-origin".
    tainted: bool,
    tainting: Tainting,
    redirect_count: u32,
    request_headers: HeaderList,
    preflights: Vec<PreflightRecord>,
    hops: Vec<HopRecord>,
    sent: Vec<Sent>,
    cache_hit: bool,
    /// A preflight was needed on the way (for clearing the cache on failure).
    preflighted_path: bool,
    trace: Trace,
    state: State,
    answer: Option<Answer>,
    /// How many times the message waiting for its answer went out again
    /// after a 408 ([`WireRules::restarts_408`](crate::browser::WireRules)).
    restarts: u8,
}

impl<'p> Fetch<'p> {
    /// The request `spec` makes from `page`, as `browser` constructs it;
    /// `trace` asks for the explanation.
    ///
    /// `Err` only for a URL that does not parse (a `TypeError` before any
    /// browser behaviour applies is still a verdict).
    pub fn new(
        browser: Browser,
        page: &'p Origin,
        spec: &RequestSpec,
        trace: bool,
    ) -> Result<Self, InputError> {
        let url = crate::url_parser(&spec.url, None).map_err(|error| {
            let kind = crate::error::ProblemKind::NotAUrl {
                input: spec.url.clone(),
                error,
            };
            InputError::one(crate::error::Path::root().field("url"), kind)
        })?;
        let client = Client::new(
            page,
            None,
            None,
            &crate::local_network::AddressSpaces::new(),
            &crate::local_network::Permissions::new(),
        );
        Ok(Self::with_url(
            browser,
            page,
            Cow::Owned(page.serialize()),
            Cow::Owned(client),
            spec,
            url,
            trace,
        ))
    }

    /// As [`Fetch::new`], with the URL already parsed.
    pub(crate) fn with_url(
        browser: Browser,
        page: &'p Origin,
        page_serialized: Cow<'p, str>,
        client: Cow<'p, Client>,
        spec: &RequestSpec,
        url: Url,
        trace: bool,
    ) -> Self {
        let quirks = browser.quirks();
        let mut trace = Trace::new(trace);
        trace.at_url(&url);
        let constructed = match spec.api {
            Api::Fetch => request::construct_fetch(spec, &url, quirks, &mut trace),
            Api::Xhr => request::construct_xhr(spec, &url, quirks, &mut trace),
        };
        let (req, state) = match constructed {
            Ok(req) => (req, State::MainFetch),
            // What `fetch()` would have run on; never used.
            Err(reason) => (Request::unsent(), State::Threw(reason)),
        };
        let request_headers = if matches!(state, State::Threw(_)) {
            HeaderList::new()
        } else {
            req.headers.sort_and_combine()
        };
        Self {
            quirks,
            page_serialized,
            page,
            client,
            warnings: Vec::new(),
            // fetch()'s option; XHR has none.
            target_address_space: match spec.api {
                Api::Fetch => spec.target_address_space,
                Api::Xhr => None,
            },
            url_list: vec![url],
            tainted: false,
            req,
            // `-0` is 0 on the clock.
            at: spec.at + 0.0,
            tainting: Tainting::Basic,
            redirect_count: 0,
            request_headers,
            preflights: Vec::new(),
            hops: Vec::new(),
            sent: Vec::new(),
            cache_hit: false,
            preflighted_path: false,
            trace,
            state,
            answer: None,
            restarts: 0,
        }
    }

    /// The same fetch with `client` as the page's side of Local Network
    /// Access (its address space, the scenario's overrides and the
    /// permission decisions); [`Fetch::new`] takes the page's address space
    /// from its host and no decisions (every permission `prompt`).
    #[must_use]
    pub fn with_local_network(mut self, client: Client) -> Self {
        self.client = Cow::Owned(client);
        self
    }

    /// Runs the algorithm until a message must go out or the fetch ends.
    ///
    /// After [`Next::Send`], deliver the answer with [`Fetch::respond`]
    /// before calling this again (until then, it asks for the same message).
    pub fn next(&mut self, cache: &mut PreflightCache) -> Next<'_> {
        loop {
            let awaiting = matches!(
                self.state,
                State::AwaitingPreflight { .. } | State::AwaitingResponse
            );
            if awaiting && (self.answer.is_none() || self.restart()) {
                return Next::Send(self.message());
            }
            let flow = match &self.state {
                State::Threw(_) | State::Done(_) | State::Pending(_) => return Next::Done,
                State::MainFetch => self.main_fetch(cache),
                State::AwaitingPreflight { .. } => {
                    let State::AwaitingPreflight { unsafe_names } =
                        std::mem::replace(&mut self.state, State::AwaitingResponse)
                    else {
                        unreachable!("matched above")
                    };
                    let answer = self.answer.take().expect("checked above");
                    self.preflight_answered(answer, &unsafe_names, cache)
                }
                State::AwaitingResponse => {
                    let answer = self.answer.take().expect("checked above");
                    self.response_answered(answer, cache)
                }
            };
            match flow {
                Flow::Send => return Next::Send(self.message()),
                Flow::Again => self.state = State::MainFetch,
                Flow::Done(result) => self.state = State::Done(result),
                Flow::Pending(permission) => self.state = State::Pending(permission),
            }
        }
    }

    /// Delivers the server's answer to the message [`Fetch::next`] asked
    /// for.
    pub fn respond(&mut self, answer: Answer) {
        self.answer = Some(answer);
    }

    /// The message waiting to go out.
    fn message(&self) -> Message<'_> {
        let url = self.current_url();
        if let State::AwaitingPreflight { .. } = self.state {
            return Message {
                kind: MessageKind::Preflight,
                method: "OPTIONS",
                url,
                credentials: false,
                headers: MessageHeaders::Preflight(
                    self.preflights.last().map_or(&EMPTY, |p| &p.headers),
                ),
            };
        }
        let hop = self.hops.last();
        Message {
            kind: MessageKind::Request,
            method: &self.req.method,
            url,
            credentials: hop.is_some_and(|h| h.credentials),
            headers: MessageHeaders::Request {
                script: &self.req.headers,
                origin: hop.and_then(|h| h.origin.as_deref()),
            },
        }
    }

    fn current_url(&self) -> &Url {
        self.url_list.last().expect("the URL list is never empty")
    }

    /// Serializing a request origin: `null` once a redirect tainted it.
    ///
    /// <https://fetch.spec.whatwg.org/#serializing-a-request-origin>
    fn serialized_request_origin(&self) -> &str {
        if self.redirect_tainted() {
            "null"
        } else {
            &self.page_serialized
        }
    }

    /// Is the request's redirect-taint anything but "same-origin"?
    ///
    /// <https://fetch.spec.whatwg.org/#concept-request-tainted-origin>
    fn redirect_tainted(&self) -> bool {
        self.tainted
    }

    /// Appends `url` to the URL list (a redirect), updating the taint: a hop
    /// between two origins, neither the page's, taints it for good.
    ///
    /// <https://fetch.spec.whatwg.org/#concept-request-tainted-origin>
    fn push_url(&mut self, url: Url) {
        let last = self.current_url();
        self.tainted |= !same_origin(&url, last) && !self.page.is_same_origin_with_url(last);
        self.url_list.push(url);
    }

    /// The cache key's origin: the serialized request origin (spec), or the
    /// page's origin even when tainted (Chromium keys on the initiator).
    fn cache_origin(&self) -> &str {
        match self.quirks.cache {
            CacheModel::PerItem(_) => self.serialized_request_origin(),
            CacheModel::PerUrl(_) => &self.page_serialized,
        }
    }

    /// A network error after the request left main fetch: the cache entries
    /// for this origin and URL are cleared when a preflight was involved.
    ///
    /// <https://fetch.spec.whatwg.org/#concept-cache-clear>
    fn network_error(&mut self, cache: &mut PreflightCache, failure: Failure) -> Flow {
        if self.preflighted_path {
            cache.clear(self.cache_origin(), self.current_url().as_str());
        }
        Flow::Done(Err(failure))
    }

    /// The verdict: what the script got, what went over the wire, the
    /// console lines and the trace.
    ///
    /// Call it once [`Fetch::next`] returned [`Next::Done`]; before that, the
    /// fetch is reported as a network error where it stopped.
    #[must_use]
    pub fn into_verdict(mut self) -> RequestVerdict {
        let state = std::mem::replace(&mut self.state, State::MainFetch);
        let (result, mut console) = match state {
            State::Threw(reason) => {
                let during = reason.stage(false);
                (
                    FetchResult::Threw(RequestError { reason, during }),
                    Vec::new(),
                )
            }
            State::Done(Ok(received)) => (
                FetchResult::Response(self.filtered_response(&received)),
                Vec::new(),
            ),
            State::Done(Err(failure)) => self.failed(failure),
            State::Pending(permission) => {
                let top = self.client.top_serialized();
                let text = crate::local_network::prompt_text(self.quirks.console, top, permission);
                (
                    FetchResult::Pending(Prompt { permission, text }),
                    Vec::new(),
                )
            }
            _ => self.failed(Reason::NetworkError.into()),
        };
        if !self.warnings.is_empty() {
            let mut lines = std::mem::take(&mut self.warnings);
            lines.append(&mut console);
            console = lines;
        }
        RequestVerdict {
            result,
            request_headers: self.request_headers,
            preflights: self.preflights,
            cache_hit: self.cache_hit,
            hops: self.hops,
            sent: self.sent,
            console,
            trace: self.trace.into_steps(),
        }
    }

    /// The error and the console lines of a failed fetch.
    fn failed(&self, failure: Failure) -> (FetchResult, Vec<String>) {
        let url = self.current_url().as_str();
        let ctx = MessageContext {
            api: self.req.api,
            url,
            initial_url: self.url_list[0].as_str(),
            page_origin: &self.page_serialized,
            request_origin: self.serialized_request_origin(),
            method: &self.req.method,
            status: failure.status,
            no_cors: self.req.mode == RequestMode::NoCors,
            redirect_location: failure.location.as_deref(),
            follows_redirects: self.req.redirect == RedirectMode::Follow,
            preflight_rejected: failure.reason == Reason::InvalidResponse
                && failure.during == Some(Stage::Preflight),
        };
        let console = console_lines(self.quirks.console, &ctx, &failure.reason);
        let during = failure.during.unwrap_or_else(|| {
            let stage = failure
                .reason
                .stage(failure.status.is_some_and(is_redirect_status));
            // Main fetch refusing a redirected URL fails the redirect.
            if stage == Stage::Actual && self.url_list.len() > 1 && failure.status.is_none() {
                Stage::Redirect
            } else {
                stage
            }
        });
        let error = RequestError {
            reason: failure.reason,
            during,
        };
        (FetchResult::NetworkError(error), console)
    }

    /// The Local Network Access check of the connection to the current
    /// URL: `None` when the request may go on, else how the fetch ends
    /// (a network error, or waiting on a prompt).
    ///
    /// <https://wicg.github.io/local-network-access/#local-network-access-check>
    fn local_network_access_check(&mut self, preflight: bool) -> Option<Flow> {
        let quirks = self.quirks.local_network;
        if !quirks.gated {
            return None;
        }
        let page = self.client.space();
        let resource = self.client.address_space(self.current_url());
        let gate = self
            .client
            .check(quirks, resource, self.target_address_space);
        // A public server asked for by a public page is the common case:
        // nothing to explain.
        if gate == Gate::NotLocal && resource == AddressSpace::Public {
            return None;
        }
        let result = match gate {
            _ if gate.allows() => crate::verdict::StepResult::Pass,
            Gate::Prompt(_) => crate::verdict::StepResult::Info,
            _ => crate::verdict::StepResult::Fail,
        };
        record!(
            self.trace,
            [result],
            Step::LocalNetworkAccess,
            Decision::LocalNetworkAccess {
                page,
                resource,
                gate
            }
        );
        if let Gate::Prompt(permission) = gate {
            return Some(Flow::Pending(permission));
        }
        gate.reason(resource, preflight)
            .map(|reason| Flow::Done(Err(reason.into())))
    }

    /// Main fetch: should the request be blocked as mixed content? An
    /// `https:` page's request to an `http:` URL whose host is not
    /// potentially trustworthy is, unless `targetAddressSpace` names a local
    /// network and the browser takes that as the exemption (Chromium then
    /// prints a warning and the Local Network Access check decides).
    ///
    /// <https://w3c.github.io/webappsec-mixed-content/#should-block-fetch>
    fn mixed_content_check(&mut self) -> Option<Flow> {
        let url = self.current_url();
        if self.page.scheme() != Some("https")
            || url.scheme() != "http"
            || url
                .host()
                .is_some_and(|h| crate::local_network::is_loopback_host(&h))
        {
            return None;
        }
        let quirks = self.quirks.local_network;
        let exempt = quirks.target_address_space_exempts_mixed_content
            && match quirks.target_address_space {
                crate::local_network::TargetAddressSpaceRule::LocalOnlyAndTrusted => {
                    self.target_address_space == Some(AddressSpace::Local)
                }
                _ => matches!(
                    self.target_address_space,
                    Some(AddressSpace::Local | AddressSpace::Loopback)
                ),
            };
        let url_text = url.as_str().to_owned();
        record!(
            self.trace,
            [if exempt {
                crate::verdict::StepResult::Info
            } else {
                crate::verdict::StepResult::Fail
            }],
            Step::MixedContent,
            Decision::MixedContent {
                url: url_text.clone(),
                exempt
            }
        );
        if exempt {
            if let Some(line) = crate::browser::chromium::mixed_content_warning(
                self.quirks.console,
                &self.page_serialized,
                &url_text,
            ) {
                self.warnings.push(line);
            }
            return None;
        }
        Some(Flow::Done(Err(Reason::MixedContent.into())))
    }

    /// Whether this fetch's credentials mode is `include`.
    fn credentials_include(&self) -> bool {
        self.req.credentials == CredentialsMode::Include
    }
}

/// Whether two URLs have the same origin, without building either origin.
///
/// <https://html.spec.whatwg.org/multipage/browsers.html#same-origin>
fn same_origin(a: &Url, b: &Url) -> bool {
    if is_http(a) && is_http(b) {
        a.scheme() == b.scheme()
            && a.host() == b.host()
            && a.port_or_known_default() == b.port_or_known_default()
    } else {
        Origin::of_url(a).is_same_origin(&Origin::of_url(b))
    }
}

fn is_http(url: &Url) -> bool {
    matches!(url.scheme(), "http" | "https")
}

fn is_redirect_status(status: u16) -> bool {
    matches!(status, 301 | 302 | 303 | 307 | 308)
}

fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}
