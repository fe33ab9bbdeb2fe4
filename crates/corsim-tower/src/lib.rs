//! # corsim-tower
//!
//! A browser's CORS behaviour, in `cargo test`, against any
//! [`tower::Service`]: an axum `Router`, a tower-http `CorsLayer` stack, a
//! `service_fn`. In process, with no socket.
//!
//! corsim's engine ([`corsim::fetch::Fetch`]) is sans-I/O: it says what the
//! browser puts on the wire and takes the server's answer. This crate is the
//! driver that answers from your service: each message the browser would
//! send (a preflight, the request, each redirect hop it follows) becomes an
//! [`http::Request`] with the engine's method, URL and headers in their
//! order, goes through [`tower::ServiceExt::ready`] and
//! [`tower::Service::call`], and the response's status and headers go back
//! to the engine. What the script would see, the exact console line the
//! browser prints and why, step by step, come back as a [`Verdict`].
//!
//! ```
//! use corsim_tower::{Browser, Credentials, Request};
//! use tower::service_fn;
//!
//! # async fn run() -> Result<(), corsim_tower::Error> {
//! // A service that allows GET from https://app.example, with cookies.
//! let mut app = service_fn(|_request: http::Request<corsim_tower::Body>| async {
//!     Ok::<_, std::convert::Infallible>(
//!         http::Response::builder()
//!             .header("access-control-allow-origin", "https://app.example")
//!             .header("access-control-allow-credentials", "true")
//!             .body(String::new())
//!             .unwrap(),
//!     )
//! });
//!
//! let verdict = Browser::Chrome
//!     .page("https://app.example")
//!     .fetch(&mut app, Request::get("https://api.example/me").credentials(Credentials::Include))
//!     .await?;
//! verdict.assert_ok();
//!
//! // A PUT with a JSON body is preflighted, and the preflight is not allowed.
//! let verdict = Browser::Chrome
//!     .page("https://app.example")
//!     .fetch(&mut app, Request::put("https://api.example/me")
//!         .header("content-type", "application/json"))
//!     .await?;
//! assert!(!verdict.is_ok());
//! assert_eq!(
//!     verdict.console(),
//!     ["Access to fetch at 'https://api.example/me' from origin 'https://app.example' has been \
//!       blocked by CORS policy: Method PUT is not allowed by Access-Control-Allow-Methods in \
//!       preflight response."]
//! );
//! # Ok(())
//! # }
//! # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(run()).unwrap();
//! ```
//!
//! [`Page::fetch_url`] asks a real server instead, over the network, with
//! `corsim-probe` (blocking; one exchange per message, no cookies).
//!
//! A [`Page`] keeps the browser's preflight cache across its fetches, on a
//! clock you move with [`Page::advance`]: a second request within the
//! preflight's `Access-Control-Max-Age` goes out without a preflight.
//!
//! # What reaches the service
//!
//! Each message is an `http::Request` whose URI is the absolute URL the
//! browser requests (`https://api.example/users`; routers match on its
//! path), with a `Host` header first, then the engine's headers in order
//! (for a preflight `Access-Control-Request-Method`,
//! `Access-Control-Request-Headers`, then `Origin`; for the request, the
//! script's headers as they survived the Headers guard, then `Origin`:
//! `Origin` last, as browsers send it). The body is empty
//! (`B::default()`): CORS does not look at it. No cookies are attached;
//! [`corsim::verdict::HopRecord::credentials`] says whether the browser
//! would have. The response body is never read. A service error is what a
//! browser sees when a connection fails: a network error that is not a CORS
//! failure.
//!
//! The HTTP version of each answer is the one a deployment at that URL
//! speaks, as a scenario without `"http"` assumes: HTTP/2 for `https:`,
//! HTTP/1.1 for `http:` (the response's own `version()` says nothing about
//! the wire). It matters in Safari, which keeps the whitespace around a
//! header value over HTTP/2.
#![forbid(unsafe_code)]

use std::fmt::{self, Write as _};

use corsim::cache::PreflightCache;
use corsim::fetch::{Answer, Fetch, Next};
use corsim::header::HeaderList;
use corsim::origin::Origin;
use corsim::verdict::StepResult;
use corsim::{BodyKind, BodySpec, HttpVersion, InputError, RequestSpec, RequestVerdict};
use tower::{Service, ServiceExt};

/// The request body the messages carry with [`Page::fetch`]: axum's, empty.
pub use axum_core::body::Body;
pub use corsim::{
    Api, CredentialsMode as Credentials, RedirectMode as Redirect, RequestMode as Mode,
};
/// How [`Page::fetch_url`] talks to servers: timeout, certificate checks.
pub use corsim_probe::Config as ProbeConfig;

/// The browser whose behaviour is simulated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Browser {
    /// Chromium as shipped (Chrome, Edge, Opera).
    #[default]
    Chrome,
    /// Firefox.
    Firefox,
    /// Safari, as WebKit.
    Safari,
    /// The Fetch Standard to the letter.
    Spec,
}

impl From<Browser> for corsim::Browser {
    fn from(browser: Browser) -> Self {
        match browser {
            Browser::Chrome => Self::Chrome,
            Browser::Firefox => Self::Firefox,
            Browser::Safari => Self::Safari,
            Browser::Spec => Self::Spec,
        }
    }
}

impl Browser {
    /// A page of this browser whose script runs at `origin`
    /// (`https://app.example`), with an empty preflight cache at second 0.
    ///
    /// An origin that does not parse is reported by the first fetch.
    #[must_use]
    pub fn page(self, origin: impl Into<String>) -> Page {
        Page {
            browser: self,
            origin: origin.into(),
            cache: PreflightCache::for_browser(self.into()),
            now: 0.0,
        }
    }
}

/// A request a page's script makes: `fetch(url, init)` (or an XHR, with
/// [`Request::xhr`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    spec: RequestSpec,
}

impl Request {
    /// A request with `method` (as the script wrote it) to the absolute `url`.
    #[must_use]
    pub fn new(method: impl Into<String>, url: impl Into<String>) -> Self {
        let mut spec = RequestSpec::get(url);
        spec.method = method.into();
        Self { spec }
    }

    /// A `GET` of `url`.
    #[must_use]
    pub fn get(url: impl Into<String>) -> Self {
        Self::new("GET", url)
    }

    /// A `HEAD` of `url`.
    #[must_use]
    pub fn head(url: impl Into<String>) -> Self {
        Self::new("HEAD", url)
    }

    /// A `POST` to `url`.
    #[must_use]
    pub fn post(url: impl Into<String>) -> Self {
        Self::new("POST", url)
    }

    /// A `PUT` to `url`.
    #[must_use]
    pub fn put(url: impl Into<String>) -> Self {
        Self::new("PUT", url)
    }

    /// A `PATCH` to `url`.
    #[must_use]
    pub fn patch(url: impl Into<String>) -> Self {
        Self::new("PATCH", url)
    }

    /// A `DELETE` of `url`.
    #[must_use]
    pub fn delete(url: impl Into<String>) -> Self {
        Self::new("DELETE", url)
    }

    /// Appends a header the script sets (repeats allowed, order kept).
    #[must_use]
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.spec.headers.push((name.into(), value.into()));
        self
    }

    /// The credentials mode (`same-origin` unless set).
    #[must_use]
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.spec.credentials = credentials;
        self
    }

    /// The request mode (`cors` unless set).
    #[must_use]
    pub fn mode(mut self, mode: Mode) -> Self {
        self.spec.mode = mode;
        self
    }

    /// The redirect mode (`follow` unless set).
    #[must_use]
    pub fn redirect(mut self, redirect: Redirect) -> Self {
        self.spec.redirect = redirect;
        self
    }

    /// The kind of body the script passes; it decides the `Content-Type`
    /// the browser adds when the script sets none.
    #[must_use]
    pub fn body(mut self, kind: BodyKind) -> Self {
        self.spec.body = Some(BodySpec {
            kind,
            blob_type: None,
            extensions: corsim::scenario::Extensions::default(),
        });
        self
    }

    /// Made with `XMLHttpRequest` rather than `fetch()`
    /// ([`Credentials::Include`] is `withCredentials = true`).
    #[must_use]
    pub fn xhr(mut self) -> Self {
        self.spec.api = Api::Xhr;
        self
    }

    /// The request as corsim's scenario format describes it.
    #[must_use]
    pub fn spec(&self) -> &RequestSpec {
        &self.spec
    }
}

impl From<RequestSpec> for Request {
    fn from(spec: RequestSpec) -> Self {
        Self { spec }
    }
}

/// A page in one browser: its origin, and the preflight cache its fetches
/// share, on a clock in seconds.
#[derive(Debug)]
pub struct Page {
    browser: Browser,
    origin: String,
    cache: PreflightCache,
    now: f64,
}

impl Page {
    /// The browser.
    #[must_use]
    pub fn browser(&self) -> Browser {
        self.browser
    }

    /// The page's origin, as given.
    #[must_use]
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// Seconds since the page loaded, on the preflight cache's clock.
    #[must_use]
    pub fn now(&self) -> f64 {
        self.now
    }

    /// Moves the clock `seconds` forward: cached preflights expire as their
    /// `Access-Control-Max-Age` (capped by the browser) runs out.
    pub fn advance(&mut self, seconds: f64) -> &mut Self {
        self.now += seconds;
        self
    }

    /// Runs `request` from this page against `service`, sending every
    /// message the browser would send through it.
    ///
    /// `Err` only for input corsim cannot read (a page that is not an
    /// origin, a URL that does not parse) or a message `http` cannot
    /// represent; whatever the service answers, including an error, is a
    /// [`Verdict`].
    ///
    /// The messages carry an empty [`Body`] (axum's body type, which an axum
    /// `Router` and any layer over it accept); for a service over another
    /// body type use [`Page::fetch_with_body`].
    pub async fn fetch<S, RB>(
        &mut self,
        service: &mut S,
        request: impl Into<Request>,
    ) -> Result<Verdict, Error>
    where
        S: Service<http::Request<Body>, Response = http::Response<RB>>,
        S::Error: fmt::Display,
    {
        self.fetch_with_body(service, request).await
    }

    /// As [`Page::fetch`], for a service over any request body type `B`
    /// with an empty value (`B::default()`): `String`, `Vec<u8>`,
    /// `http_body_util::Empty<Bytes>`, `Full<Bytes>`.
    pub async fn fetch_with_body<S, B, RB>(
        &mut self,
        service: &mut S,
        request: impl Into<Request>,
    ) -> Result<Verdict, Error>
    where
        S: Service<http::Request<B>, Response = http::Response<RB>>,
        S::Error: fmt::Display,
        B: Default,
    {
        let mut spec = request.into().spec;
        spec.at = self.now;
        let origin = Origin::parse(&self.origin).map_err(|error| {
            Error::Input(InputError::from_problems(vec![corsim::error::Problem {
                path: corsim::error::Path::root().field("page"),
                kind: corsim::error::ProblemKind::NotAnOrigin {
                    input: self.origin.clone(),
                    error,
                },
            }]))
        })?;
        let mut fetch = Fetch::new(self.browser.into(), &origin, &spec, true)?;
        let mut faults = Vec::new();
        while let Next::Send(message) = fetch.next(&mut self.cache) {
            let mut builder = http::Request::builder()
                .method(message.method)
                .uri(message.url.as_str());
            if let Some(host) = message.url.host_str() {
                let host = match message.url.port() {
                    Some(port) => format!("{host}:{port}"),
                    None => host.to_owned(),
                };
                builder = builder.header(http::header::HOST, host);
            }
            for (name, value) in message.headers() {
                builder = builder.header(name, value);
            }
            let outgoing = builder.body(B::default())?;
            let label = format!("{} {}", message.method, message.url);
            let answer = match service.ready().await {
                Ok(ready) => match ready.call(outgoing).await {
                    Ok(response) => Answer::Response {
                        status: response.status().as_u16(),
                        headers: response
                            .headers()
                            .iter()
                            .map(|(n, v)| (n.as_str(), v.as_bytes()))
                            .collect::<HeaderList>(),
                        // In process there is no wire: the version a
                        // deployment at that URL speaks, as a scenario
                        // without `"http"` assumes (HTTP/2 for https:,
                        // HTTP/1.1 for http:). A response's own
                        // `version()` is HTTP/1.1 by default whatever the
                        // server would negotiate, so it is not used.
                        http: HttpVersion::default_for_scheme(message.url.scheme()),
                    },
                    Err(error) => {
                        faults.push(format!("{label}: {error}"));
                        Answer::Unreachable
                    }
                },
                Err(error) => {
                    faults.push(format!("{label}: {error}"));
                    Answer::Unreachable
                }
            };
            fetch.respond(answer);
        }
        Ok(Verdict {
            browser: self.browser,
            request: spec,
            inner: fetch.into_verdict(),
            faults,
        })
    }
}

impl Page {
    /// Runs `request` from this page against the real server at its URL,
    /// over the network, with [`corsim_probe`] (HTTP/1.1 or HTTP/2, rustls;
    /// the default [`ProbeConfig`]: 10 s per exchange, certificates
    /// checked).
    ///
    /// This blocks: it runs its own single-threaded tokio runtime, so call
    /// it from a plain `#[test]` (or through `spawn_blocking`), not from
    /// inside an async runtime. Each call starts from an empty preflight
    /// cache (the probe's); a network fault is a network error to the
    /// browser, listed in [`Verdict::faults`].
    pub fn fetch_url(&self, request: impl Into<Request>) -> Result<Verdict, Error> {
        self.fetch_url_with(request, &ProbeConfig::default())
    }

    /// As [`Page::fetch_url`], with the probe's timeout and certificate
    /// checking as `config` says.
    pub fn fetch_url_with(
        &self,
        request: impl Into<Request>,
        config: &ProbeConfig,
    ) -> Result<Verdict, Error> {
        let mut spec = request.into().spec;
        spec.at = self.now;
        let report = corsim_probe::probe(&self.origin, &spec, &[self.browser.into()], config)?;
        let inner = report
            .verdicts
            .into_iter()
            .next()
            .and_then(|verdict| verdict.requests.into_iter().next())
            .expect("one browser, one request: one verdict");
        let faults = report
            .faults
            .iter()
            .map(|fault| format!("{} {}", fault.method, fault.message))
            .collect();
        Ok(Verdict {
            browser: self.browser,
            request: spec,
            inner,
            faults,
        })
    }
}

/// What the browser did with one request, and what the script saw.
#[derive(Debug, Clone)]
pub struct Verdict {
    browser: Browser,
    request: RequestSpec,
    inner: RequestVerdict,
    faults: Vec<String>,
}

impl Verdict {
    /// Whether the script got a response (it may be opaque).
    #[must_use]
    pub fn is_ok(&self) -> bool {
        self.inner.is_ok()
    }

    /// The exact lines the browser prints to the console (none when the
    /// request succeeded).
    #[must_use]
    pub fn console(&self) -> &[String] {
        &self.inner.console
    }

    /// Whether a cached preflight let the request skip its preflight.
    #[must_use]
    pub fn cache_hit(&self) -> bool {
        self.inner.cache_hit
    }

    /// How many preflights went out.
    #[must_use]
    pub fn preflights(&self) -> usize {
        self.inner.preflights.len()
    }

    /// The service's errors, one per message it failed (`OPTIONS https://…:
    /// the error`): each was a network error to the browser.
    #[must_use]
    pub fn faults(&self) -> &[String] {
        &self.faults
    }

    /// corsim's full verdict: preflights, hops, the response the script
    /// sees, the trace.
    #[must_use]
    pub fn inner(&self) -> &RequestVerdict {
        &self.inner
    }

    /// The explanation as text: the request, then each step of the
    /// algorithm (`✓` passed, `✗` failed, `·` decided) with the values it
    /// compared, then the outcome.
    #[must_use]
    pub fn explain(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{:?}: {} {}",
            self.browser, self.request.method, self.request.url
        );
        for step in &self.inner.trace {
            let marker = match step.result {
                StepResult::Pass => "✓",
                StepResult::Fail => "✗",
                _ => "·",
            };
            let _ = writeln!(out, "  {marker} [{}] {}", step.step.id(), step.summary());
            for (label, value) in step.values() {
                let value = if value.is_empty() { "(empty)" } else { &value };
                let _ = writeln!(out, "      {label}: {value}");
            }
            if step.result == StepResult::Fail {
                let _ = writeln!(out, "      spec: {}", step.step.anchor());
            }
        }
        for fault in &self.faults {
            let _ = writeln!(out, "  service error: {fault}");
        }
        let _ = match self.inner.response() {
            Some(response) => write!(out, "=> ok: {}", response.status),
            None => write!(out, "=> error"),
        };
        out
    }

    /// The console lines, then the explanation: the message of a failed
    /// assertion.
    #[must_use]
    pub fn report(&self) -> String {
        let mut out = String::new();
        for line in self.console() {
            out.push_str(line);
            out.push('\n');
        }
        if !self.faults.is_empty() && self.console().is_empty() {
            out.push_str("(no console line)\n");
        }
        out.push_str(&self.explain());
        out
    }

    /// Panics unless the script got a response; the message is the
    /// browser's console line(s) and the explanation.
    #[track_caller]
    pub fn assert_ok(&self) {
        assert!(
            self.is_ok(),
            "expected the script to get a response, but the browser blocked it:\n{}",
            self.report()
        );
    }

    /// Panics if the script got a response; the message is the
    /// explanation.
    #[track_caller]
    pub fn assert_blocked(&self) {
        assert!(
            !self.is_ok(),
            "expected the browser to block the request, but the script got a response:\n{}",
            self.report()
        );
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.report())
    }
}

/// Why a fetch could not be simulated.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// corsim could not read the input: the page is not an origin, or the
    /// URL does not parse.
    Input(InputError),
    /// A message could not be represented as an [`http::Request`].
    Http(http::Error),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Input(error) => write!(f, "{error}"),
            Self::Http(error) => write!(f, "building the request: {error}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Input(error) => Some(error),
            Self::Http(error) => Some(error),
        }
    }
}

impl From<InputError> for Error {
    fn from(error: InputError) -> Self {
        Self::Input(error)
    }
}

impl From<http::Error> for Error {
    fn from(error: http::Error) -> Self {
        Self::Http(error)
    }
}
