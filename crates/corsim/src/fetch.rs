//! Fetching: main fetch, HTTP fetch, the CORS-preflight fetch and
//! HTTP-redirect fetch, run against the scenario's server.

use std::collections::BTreeMap;

use url::Url;

use crate::browser::{Browser, Quirks};
use crate::cache::{CacheQuery, Lookup, PreflightCache, PreflightGrant};
use crate::cors_check::cors_check;
use crate::decimal::Decimal;
use crate::header::safelist::{
    cors_unsafe_request_header_names_by, is_cors_safelisted_request_header,
    is_cors_safelisted_response_header_name,
};
use crate::header::{self, Extracted, HeaderList, MaxAge};
use crate::message::{console_lines, MessageContext};
use crate::method::is_cors_safelisted_method;
use crate::origin::Origin;
use crate::reason::Reason;
use crate::request::{self, Request};
use crate::scenario::{Api, CredentialsMode, RedirectMode, RequestMode, RequestSpec, ServerEntry};
use crate::step::{kv, Step, Trace};
use crate::verdict::{
    CacheStatus, ErrorView, HopRecord, Outcome, Phase, PreflightRecord, RequestVerdict,
    ResponseType, ResponseView, Stage,
};
use crate::{url_parser, InputError};

/// The server key of a URL: serialized without userinfo or fragment.
pub(crate) fn server_key(url: &Url) -> String {
    let mut url = url.clone();
    // Both calls only fail for URLs that cannot have credentials.
    let _ = url.set_username("");
    let _ = url.set_password(None);
    url.set_fragment(None);
    url.into()
}

/// What the server answers.
enum Answer {
    /// Connecting failed.
    Unreachable,
    /// A response browsers reject outright, before any CORS check: a NUL
    /// byte in a header value (Chromium `net::ERR_HTTP2_PROTOCOL_ERROR`), a
    /// 407 from a server that is not a proxy.
    Malformed { why: String },
    /// A response.
    Response { status: u16, headers: HeaderList },
}

/// The scenario's server, counting requests per URL so that response lists
/// answer the n-th request with the n-th entry.
pub(crate) struct Server<'s> {
    entries: BTreeMap<String, &'s ServerEntry>,
    max_status: u16,
    proxy_auth_is_network_error: bool,
    trim_values: bool,
    preflights_seen: BTreeMap<String, usize>,
    actuals_seen: BTreeMap<String, usize>,
}

impl<'s> Server<'s> {
    pub(crate) fn new(entries: BTreeMap<String, &'s ServerEntry>, quirks: &Quirks) -> Self {
        Self {
            entries,
            max_status: quirks.max_status,
            proxy_auth_is_network_error: quirks.proxy_auth_is_network_error,
            trim_values: quirks.trim_response_header_values,
            preflights_seen: BTreeMap::new(),
            actuals_seen: BTreeMap::new(),
        }
    }

    fn answer(&mut self, url: &Url, preflight: bool, location: &str) -> Result<Answer, InputError> {
        let key = server_key(url);
        let Some(entry) = self.entries.get(&key) else {
            return Err(InputError::new(
                format!("{location}: the browser sends {} {key}, but the server map has no entry for that URL", if preflight { "a preflight to" } else { "a request to" }),
            ));
        };
        if entry.unreachable {
            return Ok(Answer::Unreachable);
        }
        let seen = if preflight {
            &mut self.preflights_seen
        } else {
            &mut self.actuals_seen
        };
        let n = seen.entry(key).or_insert(0);
        let responses = if preflight {
            &entry.preflight
        } else {
            &entry.actual
        };
        let spec = responses.as_ref().and_then(|r| r.nth(*n));
        *n += 1;
        let (status, pairs) = spec.map_or((200, &[][..]), |r| (r.status, &r.headers[..]));
        if let Some((name, _)) = pairs.iter().find(|(_, v)| v.contains('\0')) {
            return Ok(Answer::Malformed {
                why: format!("its {name} header contains a NUL byte"),
            });
        }
        // HTTP-network-or-cache fetch: a 407 asks for proxy credentials, and
        // there is no proxy (Chromium: net::ERR_UNEXPECTED_PROXY_AUTH).
        if status == 407 && self.proxy_auth_is_network_error {
            return Ok(Answer::Malformed {
                why: "it is a 407 (proxy authentication) from a server that is not a proxy"
                    .to_owned(),
            });
        }
        if status > self.max_status {
            return Ok(Answer::Malformed {
                why: format!("{status} is not a status this browser accepts over HTTP/2"),
            });
        }
        let mut headers = HeaderList::new();
        for (name, value) in pairs {
            // A parser strips leading and trailing whitespace off field values
            // (not libsoup: see Quirks::trim_response_header_values).
            if self.trim_values {
                headers.append(name, header::normalize_header_value(value.as_bytes()));
            } else {
                headers.append(name, value.as_bytes());
            }
        }
        Ok(Answer::Response { status, headers })
    }
}

/// How a request's response will be filtered.
///
/// <https://fetch.spec.whatwg.org/#concept-request-response-tainting>
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tainting {
    Basic,
    Cors,
    Opaque,
}

/// A fetch that failed: why, where, and the response status if any.
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
struct Received {
    status: u16,
    headers: HeaderList,
    opaque_redirect: bool,
}

/// Everything that carries from one request of the scenario to the next.
pub(crate) struct Simulator<'s> {
    quirks: &'static Quirks,
    page: Origin,
    server: Server<'s>,
    cache: PreflightCache,
}

/// One request being fetched.
struct Fetch<'a> {
    req: Request,
    at: f64,
    location: &'a str,
    url_list: Vec<Url>,
    tainting: Tainting,
    redirect_count: u32,
    preflights: Vec<PreflightRecord>,
    hops: Vec<HopRecord>,
    cache_hit: bool,
    preflighted_path: bool,
    trace: Trace,
}

impl Fetch<'_> {
    fn current_url(&self) -> &Url {
        self.url_list.last().expect("the URL list is never empty")
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

/// Chromium's extra CORS-safelisted request-headers (client hints).
///
/// Chromium `cors.cc` `IsCorsSafelistedHeader`.
fn is_chromium_client_hint_safelisted(name: &str, value: &[u8]) -> Option<bool> {
    let digits = |v: &[u8]| !v.is_empty() && v.iter().all(u8::is_ascii_digit);
    let decimal = |v: &[u8]| match v.iter().position(|&b| b == b'.') {
        Some(dot) => digits(&v[..dot]) && digits(&v[dot + 1..]),
        None => digits(v),
    };
    let lower = name.to_ascii_lowercase();
    let ok = match lower.as_str() {
        "device-memory" | "dpr" | "downlink" => decimal(value),
        "width" | "viewport-width" | "rtt" => digits(value),
        "ect" => matches!(value, b"slow-2g" | b"2g" | b"3g" | b"4g"),
        "save-data" => value.eq_ignore_ascii_case(b"on"),
        "intervention" => true,
        _ => return None,
    };
    Some(ok && value.len() <= 128)
}

impl<'s> Simulator<'s> {
    pub(crate) fn new(browser: Browser, page: Origin, server: Server<'s>) -> Self {
        let quirks = browser.quirks();
        Self {
            quirks,
            page,
            server,
            cache: PreflightCache::new(quirks.cache),
        }
    }

    fn is_safelisted(&self, name: &str, value: &[u8]) -> bool {
        if self.quirks.extra_safelisted_headers {
            if let Some(ok) = is_chromium_client_hint_safelisted(name, value) {
                return ok;
            }
        }
        is_cors_safelisted_request_header(name, value)
    }

    /// Simulates one request of the scenario.
    pub(crate) fn run(
        &mut self,
        spec: &RequestSpec,
        url: &Url,
        location: &str,
    ) -> Result<RequestVerdict, InputError> {
        let mut trace = Trace::default();
        trace.at_url(url.as_str());
        let constructed = match spec.api {
            Api::Fetch => request::construct_fetch(spec, url.clone(), self.quirks, &mut trace),
            Api::Xhr => request::construct_xhr(spec, url.clone(), self.quirks, &mut trace),
        };
        let req = match constructed {
            Ok(req) => req,
            Err(reason) => {
                return Ok(RequestVerdict {
                    outcome: Outcome::Error,
                    phase: Phase::Construct,
                    request_headers: Vec::new(),
                    preflights: Vec::new(),
                    cache_hit: false,
                    hops: Vec::new(),
                    response: None,
                    error: Some(ErrorView {
                        code: reason.code(),
                        parameter: reason.parameter(),
                        during: reason.stage(false),
                    }),
                    console: Vec::new(),
                    trace: trace.into_steps(),
                });
            }
        };
        let request_headers = req
            .headers
            .sort_and_combine()
            .into_iter()
            .map(|(n, v)| (n, lossy(&v)))
            .collect();
        let mut f = Fetch {
            url_list: vec![req.url.clone()],
            req,
            at: spec.at,
            location,
            tainting: Tainting::Basic,
            redirect_count: 0,
            preflights: Vec::new(),
            hops: Vec::new(),
            cache_hit: false,
            preflighted_path: false,
            trace,
        };
        let result = self.main_fetch(&mut f)?;
        Ok(self.finish(f, request_headers, result))
    }

    /// Serializing a request origin: `null` once a redirect tainted it.
    ///
    /// <https://fetch.spec.whatwg.org/#serializing-a-request-origin>
    fn serialized_request_origin(&self, f: &Fetch<'_>) -> String {
        if self.redirect_tainted(f) {
            "null".to_owned()
        } else {
            self.page.serialize()
        }
    }

    /// Is the request's redirect-taint anything but "same-origin"?
    ///
    /// <https://fetch.spec.whatwg.org/#concept-request-tainted-origin>
    fn redirect_tainted(&self, f: &Fetch<'_>) -> bool {
        f.url_list.windows(2).any(|pair| {
            let last = Origin::of_url(&pair[0]);
            !Origin::of_url(&pair[1]).is_same_origin(&last) && !self.page.is_same_origin(&last)
        })
    }

    fn include_credentials(f: &Fetch<'_>) -> bool {
        match f.req.credentials {
            CredentialsMode::Include => true,
            CredentialsMode::SameOrigin => f.tainting == Tainting::Basic,
            CredentialsMode::Omit => false,
        }
    }

    /// Main fetch, with HTTP fetch and HTTP-redirect fetch unrolled into a
    /// loop over redirect hops.
    ///
    /// <https://fetch.spec.whatwg.org/#main-fetch>
    fn main_fetch(&mut self, f: &mut Fetch<'_>) -> Result<Result<Received, Failure>, InputError> {
        loop {
            let current = f.current_url().clone();
            f.trace.at_url(current.as_str());
            let same_origin = Origin::of_url(&current).is_same_origin(&self.page);
            let page = self.page.serialize();
            let mut unsafe_names = Vec::new();
            // Step 12: the first matching statement decides. A data: URL is
            // answered by the browser itself (scheme fetch), without a server.
            if current.scheme() == "data" {
                f.tainting = Tainting::Basic;
                let mime = current
                    .path()
                    .split(',')
                    .next()
                    .unwrap_or_default()
                    .split(';')
                    .next()
                    .unwrap_or_default();
                let mime = if mime.is_empty() {
                    "text/plain;charset=US-ASCII"
                } else {
                    mime
                };
                f.trace.info(
                    Step::MainFetch,
                    "A data: URL is answered by the browser itself: a basic response, no CORS and no server.",
                    vec![kv("Content-Type", mime)],
                );
                let mut headers = HeaderList::new();
                headers.append("Content-Type", mime.as_bytes());
                if self.quirks.data_url_content_length {
                    let body = current.path().split_once(',').map_or("", |(_, b)| b);
                    headers.append("Content-Length", body.len().to_string().as_bytes());
                }
                return Ok(Ok(Received {
                    status: 200,
                    headers,
                    opaque_redirect: false,
                }));
            }
            let make_preflight = if same_origin && f.tainting == Tainting::Basic {
                f.trace.info(
                    Step::MainFetch,
                    "The URL is same-origin with the page: a basic fetch, the CORS protocol does not apply.",
                    vec![kv("page origin", &page), kv("URL origin", Origin::of_url(&current).serialize())],
                );
                false
            } else if f.req.mode == RequestMode::SameOrigin {
                f.trace.fail(
                    Step::MainFetch,
                    "Mode \"same-origin\" and a cross-origin URL: a network error.",
                    vec![
                        kv("page origin", &page),
                        kv("URL origin", Origin::of_url(&current).serialize()),
                    ],
                );
                return Ok(Err(Reason::DisallowedByMode.into()));
            } else if f.req.mode == RequestMode::NoCors {
                if f.req.redirect != RedirectMode::Follow {
                    f.trace.fail(
                        Step::MainFetch,
                        "Mode \"no-cors\" requires redirect mode \"follow\": a network error.",
                        vec![kv("redirect", redirect_name(f.req.redirect))],
                    );
                    return Ok(Err(Reason::NoCorsRedirectMode.into()));
                }
                if !is_http(&current) {
                    // Scheme fetch knows about:, blob:, data: and file: only.
                    f.trace.fail(
                        Step::MainFetch,
                        format!(
                            "The browser cannot fetch {}: URLs: a network error.",
                            current.scheme()
                        ),
                        vec![kv("scheme", current.scheme())],
                    );
                    return Ok(Err(Reason::CorsDisabledScheme {
                        scheme: current.scheme().to_owned(),
                    }
                    .into()));
                }
                f.tainting = Tainting::Opaque;
                f.trace.info(
                    Step::MainFetch,
                    "Mode \"no-cors\": the request is sent without the CORS protocol and the response will be opaque.",
                    vec![kv("page origin", &page), kv("URL origin", Origin::of_url(&current).serialize())],
                );
                false
            } else if !is_http(&current) {
                f.trace.fail(
                    Step::MainFetch,
                    format!(
                        "CORS requests are only possible to http and https URLs, not {}:.",
                        current.scheme()
                    ),
                    vec![kv("scheme", current.scheme())],
                );
                return Ok(Err(Reason::CorsDisabledScheme {
                    scheme: current.scheme().to_owned(),
                }
                .into()));
            } else {
                f.tainting = Tainting::Cors;
                f.trace.info(
                    Step::MainFetch,
                    if same_origin {
                        "Back on the page's origin after a cross-origin redirect: the request stays a CORS request."
                    } else {
                        "The URL is cross-origin: the CORS protocol applies."
                    },
                    vec![kv("page origin", &page), kv("URL origin", Origin::of_url(&current).serialize())],
                );
                let safelisted = is_cors_safelisted_method(&f.req.method);
                f.trace.push(
                    Step::SafelistedMethod,
                    if safelisted {
                        crate::verdict::StepResult::Pass
                    } else {
                        crate::verdict::StepResult::Info
                    },
                    if safelisted {
                        format!(
                            "{} is a CORS-safelisted method (GET, HEAD, POST).",
                            f.req.method
                        )
                    } else {
                        format!(
                            "{} is not a CORS-safelisted method: it needs a preflight.",
                            f.req.method
                        )
                    },
                    vec![kv("method", &f.req.method)],
                );
                unsafe_names = cors_unsafe_request_header_names_by(&f.req.headers, |n, v| {
                    self.is_safelisted(n, v)
                });
                if unsafe_names.is_empty() {
                    f.trace.pass(
                        Step::UnsafeHeaderNames,
                        "Every request header is CORS-safelisted.",
                        f.req.headers.iter().map(|(n, v)| kv(n, lossy(v))).collect(),
                    );
                } else {
                    f.trace.info(
                        Step::UnsafeHeaderNames,
                        format!(
                            "These headers are not CORS-safelisted and need a preflight: {}.",
                            unsafe_names.join(", ")
                        ),
                        vec![kv("CORS-unsafe names", unsafe_names.join(","))],
                    );
                }
                f.req.use_cors_preflight || !safelisted || !unsafe_names.is_empty()
            };

            // HTTP fetch Step 4.1: preflight unless the cache covers the request.
            if make_preflight {
                f.preflighted_path = true;
                let origin_key = self.cache_origin(f);
                let url_key = current.to_string();
                let query = CacheQuery {
                    origin: &origin_key,
                    url: &url_key,
                    credentials: f.req.credentials == CredentialsMode::Include,
                    method: &f.req.method,
                    use_cors_preflight: f.req.use_cors_preflight,
                    unsafe_names: &unsafe_names,
                };
                match self.cache.lookup(&query, f.at) {
                    Lookup::Hit => {
                        f.cache_hit = true;
                        f.trace.pass(
                            Step::PreflightCache,
                            "A cached preflight result still covers this method and these headers: no preflight is sent.",
                            vec![kv("at", format!("{}s", Decimal(f.at)))],
                        );
                    }
                    Lookup::Preflight(status) => {
                        f.trace.info(
                            Step::PreflightCache,
                            match status {
                                CacheStatus::Miss => "No cached preflight result for this origin and URL: a preflight is sent.",
                                CacheStatus::Stale => "The cached preflight result has expired: a new preflight is sent.",
                                CacheStatus::Insufficient => "The cached preflight result does not cover this method or these headers: a new preflight is sent.",
                            },
                            vec![kv("at", format!("{}s", Decimal(f.at)))],
                        );
                        if let Err(failure) = self.preflight(f, &unsafe_names, status)? {
                            self.clear_cache(f);
                            return Ok(Err(failure));
                        }
                    }
                }
            }

            // HTTP-network fetch: the request leaves with its Origin header.
            let origin_header = self.origin_header(f);
            let credentials = Self::include_credentials(f);
            f.hops.push(HopRecord {
                url: current.to_string(),
                method: f.req.method.clone(),
                origin: origin_header.clone(),
                credentials,
                header_names: f
                    .req
                    .headers
                    .iter()
                    .map(|(n, _)| n.to_ascii_lowercase())
                    .collect(),
                status: None,
            });
            f.trace.info(
                Step::Request,
                format!(
                    "{} {} is sent{}{}.",
                    f.req.method,
                    current,
                    origin_header.as_ref().map_or_else(
                        || " without an Origin header".to_owned(),
                        |o| format!(" with Origin: {o}")
                    ),
                    if credentials {
                        ", with cookies"
                    } else {
                        ", without cookies"
                    }
                ),
                vec![
                    kv(
                        "Origin",
                        origin_header.clone().unwrap_or_else(|| "(none)".to_owned()),
                    ),
                    kv("credentials", credentials.to_string()),
                ],
            );
            let (status, headers) = match self.server.answer(&current, false, f.location)? {
                Answer::Unreachable => {
                    f.trace.fail(
                        Step::NetworkError,
                        "The server could not be reached: a network error (not a CORS failure).",
                        Vec::new(),
                    );
                    // It never reached a server: not a hop.
                    f.hops.pop();
                    self.clear_cache(f);
                    return Ok(Err(Reason::NetworkError.into()));
                }
                Answer::Malformed { why } => {
                    f.trace.fail(
                        Step::NetworkError,
                        format!("The browser rejects the whole response because {why}: a network error, not a CORS failure."),
                        Vec::new(),
                    );
                    self.clear_cache(f);
                    return Ok(Err(Reason::InvalidResponse.into()));
                }
                Answer::Response { status, headers } => (status, headers),
            };
            if let Some(hop) = f.hops.last_mut() {
                hop.status = Some(status);
            }

            // HTTP fetch Step 4.3: the CORS check, on every response of a CORS
            // request (redirects included; the status does not matter).
            if f.tainting == Tainting::Cors {
                let origin = self.serialized_request_origin(f);
                let include = f.req.credentials == CredentialsMode::Include;
                let acao = headers
                    .get("access-control-allow-origin")
                    .map(|v| lossy(&v));
                let mut values = vec![
                    kv("request origin", &origin),
                    kv(
                        "Access-Control-Allow-Origin",
                        acao.clone().unwrap_or_else(|| "(absent)".to_owned()),
                    ),
                    kv("credentials mode", credentials_name(f.req.credentials)),
                ];
                if include {
                    values.push(kv(
                        "Access-Control-Allow-Credentials",
                        headers
                            .get("access-control-allow-credentials")
                            .map_or_else(|| "(absent)".to_owned(), |v| lossy(&v)),
                    ));
                }
                if let Err(failure) =
                    cors_check(&headers, &origin, include, self.quirks.allow_origin)
                {
                    f.trace.fail(
                        Step::CorsCheck,
                        cors_failure_summary(&failure, &origin, false),
                        values,
                    );
                    self.clear_cache(f);
                    return Ok(Err(Failure {
                        reason: Reason::Cors {
                            preflight: false,
                            failure,
                        },
                        status: Some(status),
                        during: None,
                        // WebKit names the redirect target in its message.
                        location: is_redirect_status(status)
                            .then(|| headers.get("location"))
                            .flatten()
                            .and_then(|l| url_parser(&lossy(&l), Some(&current)).ok())
                            .map(String::from),
                    }));
                }
                f.trace.pass(
                    Step::CorsCheck,
                    if acao.as_deref() == Some("*") {
                        "Access-Control-Allow-Origin is * and the request has no credentials: the response may be shared.".to_owned()
                    } else if include {
                        format!("Access-Control-Allow-Origin matches {origin} and Access-Control-Allow-Credentials is true.")
                    } else {
                        format!("Access-Control-Allow-Origin matches {origin}.")
                    },
                    values,
                );
            }

            // HTTP fetch Step 8: redirects.
            if is_redirect_status(status) {
                match f.req.redirect {
                    RedirectMode::Error => {
                        f.trace.fail(Step::Redirect, format!("A {status} redirect with redirect mode \"error\": a network error."), Vec::new());
                        self.clear_cache(f);
                        return Ok(Err(Failure {
                            reason: Reason::RedirectModeError,
                            status: Some(status),
                            during: None,
                            location: None,
                        }));
                    }
                    RedirectMode::Manual => {
                        f.trace.info(
                            Step::Redirect,
                            format!("A {status} redirect with redirect mode \"manual\": the script gets an opaque-redirect response."),
                            Vec::new(),
                        );
                        return Ok(Ok(Received {
                            status,
                            headers,
                            opaque_redirect: true,
                        }));
                    }
                    RedirectMode::Follow => match self.redirect(f, status, &headers) {
                        Ok(true) => continue,
                        Ok(false) => {}
                        Err(failure) => {
                            self.clear_cache(f);
                            return Ok(Err(failure));
                        }
                    },
                }
            }
            return Ok(Ok(Received {
                status,
                headers,
                opaque_redirect: false,
            }));
        }
    }

    /// The cache key's origin: the serialized request origin (spec), or the
    /// page's origin even when tainted (Chromium keys on the initiator).
    fn cache_origin(&self, f: &Fetch<'_>) -> String {
        match self.quirks.cache {
            crate::browser::CacheModel::PerItem(_) => self.serialized_request_origin(f),
            crate::browser::CacheModel::PerUrl => self.page.serialize(),
        }
    }

    fn clear_cache(&mut self, f: &Fetch<'_>) {
        if f.preflighted_path {
            let origin = self.cache_origin(f);
            self.cache.clear(&origin, f.current_url().as_str());
        }
    }

    /// Append a request `Origin` header.
    ///
    /// <https://fetch.spec.whatwg.org/#append-a-request-origin-header>
    fn origin_header(&self, f: &Fetch<'_>) -> Option<String> {
        let serialized = self.serialized_request_origin(f);
        // Step 3: a CORS request always carries Origin.
        if f.tainting == Tainting::Cors {
            return Some(serialized);
        }
        if self.quirks.origin_header_sticky && f.hops.iter().any(|h| h.origin.is_some()) {
            return Some(serialized);
        }
        // Step 4: otherwise only a method other than GET and HEAD does.
        if f.req.method == "GET" || f.req.method == "HEAD" {
            return None;
        }
        // Step 4.1: in mode other than cors, the default referrer policy
        // (strict-origin-when-cross-origin) hides an https origin from http.
        if f.req.mode != RequestMode::Cors
            && self.page.scheme() == Some("https")
            && f.current_url().scheme() != "https"
        {
            return Some("null".to_owned());
        }
        Some(serialized)
    }

    /// CORS-preflight fetch.
    ///
    /// <https://fetch.spec.whatwg.org/#cors-preflight-fetch-0>
    fn preflight(
        &mut self,
        f: &mut Fetch<'_>,
        unsafe_names: &[String],
        cache: CacheStatus,
    ) -> Result<Result<(), Failure>, InputError> {
        let url = f.current_url().clone();
        let origin = if self.quirks.preflight_origin_untainted {
            self.page.serialize()
        } else {
            self.serialized_request_origin(f)
        };
        // Steps 1-4: OPTIONS with Access-Control-Request-Method and, when
        // there are unsafe names, Access-Control-Request-Headers joined by ",".
        let mut sent = vec![
            ("Origin".to_owned(), origin.clone()),
            (
                "Access-Control-Request-Method".to_owned(),
                f.req.method.clone(),
            ),
        ];
        if !unsafe_names.is_empty() {
            let value = if self.quirks.repeat_request_header_names {
                let mut names: Vec<String> = f
                    .req
                    .headers
                    .iter()
                    .map(|(n, _)| n.to_ascii_lowercase())
                    .filter(|n| unsafe_names.contains(n))
                    .collect();
                crate::header::sort_small(&mut names);
                names.join(",")
            } else {
                unsafe_names.join(",")
            };
            sent.push(("Access-Control-Request-Headers".to_owned(), value));
        }
        f.trace.info(
            Step::PreflightRequest,
            format!("The browser sends a preflight: OPTIONS {url}, without cookies."),
            sent.clone(),
        );
        f.preflights.push(PreflightRecord {
            url: url.to_string(),
            headers: sent,
            cache,
            status: None,
        });

        let (status, headers) = match self.server.answer(&url, true, f.location)? {
            Answer::Unreachable => {
                f.trace.fail(
                    Step::NetworkError,
                    "The server could not be reached for the preflight: a network error.",
                    Vec::new(),
                );
                // It never reached a server: not recorded as sent.
                f.preflights.pop();
                return Ok(Err(Reason::NetworkError.into()));
            }
            Answer::Malformed { why } => {
                f.trace.fail(
                    Step::NetworkError,
                    format!("The browser rejects the preflight response because {why}: a network error."),
                    Vec::new(),
                );
                return Ok(Err(Failure {
                    reason: Reason::InvalidResponse,
                    status: None,
                    during: Some(Stage::Preflight),
                    location: None,
                }));
            }
            Answer::Response { status, headers } => (status, headers),
        };
        if let Some(record) = f.preflights.last_mut() {
            record.status = Some(status);
        }
        let include = f.req.credentials == CredentialsMode::Include;
        let fail = |reason: Reason| {
            Ok(Err(Failure {
                reason,
                status: Some(status),
                during: Some(Stage::Preflight),
                location: None,
            }))
        };

        // A redirected preflight: Chromium and Firefox refuse it outright.
        if self.quirks.preflight_redirect_first
            && is_redirect_status(status)
            && headers.contains("location")
        {
            f.trace.fail(
                Step::PreflightRedirect,
                format!("The preflight was answered with a {status} redirect: preflights are never redirected."),
                vec![kv("status", status.to_string())],
            );
            return fail(Reason::PreflightDisallowedRedirect { status });
        }
        let ok_status = (200..=299).contains(&status);
        let status_step = |f: &mut Fetch<'_>| {
            f.trace.fail(
                Step::PreflightStatus,
                format!("The preflight response has status {status}; it must be an ok status (200-299)."),
                vec![kv("status", status.to_string())],
            );
        };
        if self.quirks.preflight_status_first && !ok_status {
            status_step(f);
            return fail(Reason::PreflightInvalidStatus { status });
        }
        // Step 7: a CORS check (with the request's credentials mode) and an ok status.
        let acao = headers
            .get("access-control-allow-origin")
            .map(|v| lossy(&v));
        let values = vec![
            kv("request origin", &origin),
            kv(
                "Access-Control-Allow-Origin",
                acao.clone().unwrap_or_else(|| "(absent)".to_owned()),
            ),
            kv("credentials mode", credentials_name(f.req.credentials)),
        ];
        if let Err(failure) = cors_check(&headers, &origin, include, self.quirks.allow_origin) {
            f.trace.fail(
                Step::PreflightCorsCheck,
                cors_failure_summary(&failure, &origin, true),
                values,
            );
            return fail(Reason::Cors {
                preflight: true,
                failure,
            });
        }
        f.trace.pass(
            Step::PreflightCorsCheck,
            "The preflight response passes the CORS check.",
            values,
        );
        if !ok_status {
            status_step(f);
            return fail(
                if is_redirect_status(status) && headers.contains("location") {
                    Reason::PreflightDisallowedRedirect { status }
                } else {
                    Reason::PreflightInvalidStatus { status }
                },
            );
        }
        f.trace.pass(
            Step::PreflightStatus,
            format!("The preflight response status {status} is an ok status."),
            vec![kv("status", status.to_string())],
        );

        // Step 7.1-7.3: parse the allow lists; a parse failure is a network error.
        let methods = match header::extract_header_list_values(
            "access-control-allow-methods",
            &headers,
        ) {
            Extracted::Invalid { value, token } => {
                f.trace.fail(
                    Step::PreflightAllowMethods,
                    format!("Access-Control-Allow-Methods does not parse: \"{token}\" is not a method token."),
                    vec![kv("Access-Control-Allow-Methods", &value)],
                );
                return fail(Reason::InvalidAllowMethods { value, token });
            }
            Extracted::Absent => None,
            Extracted::Values(v) => Some(v),
        };
        let header_names = match header::extract_header_list_values(
            "access-control-allow-headers",
            &headers,
        ) {
            Extracted::Invalid { value, token } => {
                f.trace.fail(
                    Step::PreflightAllowHeaders,
                    format!("Access-Control-Allow-Headers does not parse: \"{token}\" is not a header-name token."),
                    vec![kv("Access-Control-Allow-Headers", &value)],
                );
                return fail(Reason::InvalidAllowHeaders { value, token });
            }
            Extracted::Absent => Vec::new(),
            Extracted::Values(v) => v,
        };
        // Step 7.4: a preflight made only because of use-CORS-preflight still caches its method.
        let methods = match methods {
            None if f.req.use_cors_preflight => vec![f.req.method.clone()],
            None => Vec::new(),
            Some(m) => m,
        };

        // Step 7.5: the method must be listed, safelisted, or covered by `*`.
        let method = &f.req.method;
        let method_values = vec![
            kv("method", method),
            kv("Access-Control-Allow-Methods", methods.join(", ")),
        ];
        if methods.contains(method) {
            f.trace.pass(
                Step::PreflightAllowMethods,
                format!("{method} is listed in Access-Control-Allow-Methods."),
                method_values,
            );
        } else if is_cors_safelisted_method(method) {
            f.trace.pass(
                Step::PreflightAllowMethods,
                format!("{method} is CORS-safelisted: it needs no listing."),
                method_values,
            );
        } else if !include && methods.iter().any(|m| m == "*") {
            f.trace.pass(Step::PreflightAllowMethods, format!("Access-Control-Allow-Methods is * and the request has no credentials: {method} is allowed."), method_values);
        } else {
            let why = if include && methods.iter().any(|m| m == "*") {
                format!("{method} is not listed, and * does not count as a wildcard for a request with credentials.")
            } else if methods.iter().any(|m| m.eq_ignore_ascii_case(method)) {
                format!("{method} is not listed: method names are case-sensitive, and the list only has another casing.")
            } else {
                format!("{method} is not listed in Access-Control-Allow-Methods.")
            };
            f.trace
                .fail(Step::PreflightAllowMethods, why, method_values);
            return fail(Reason::MethodDisallowed {
                method: method.clone(),
            });
        }

        // Step 7.6-7.7: every unsafe header listed, or covered by `*`
        // (never Authorization, never with credentials).
        let wildcard = !include && header_names.iter().any(|h| h == "*");
        let listed = |name: &str| header_names.iter().any(|h| h.eq_ignore_ascii_case(name));
        let header_values = vec![
            kv("CORS-unsafe names", unsafe_names.join(",")),
            kv("Access-Control-Allow-Headers", header_names.join(", ")),
        ];
        let mut order: Vec<String> = unsafe_names.to_vec();
        if self.quirks.disallowed_header_in_request_order {
            order.clear();
            for (name, _) in f.req.headers.iter() {
                let lower = name.to_ascii_lowercase();
                if unsafe_names.contains(&lower) && !order.contains(&lower) {
                    order.push(lower);
                }
            }
        }
        for name in &order {
            if listed(name) {
                continue;
            }
            let non_wildcard = header::is_cors_non_wildcard_request_header_name(name);
            if wildcard && (!non_wildcard || self.quirks.wildcard_covers_authorization) {
                continue;
            }
            let why = if wildcard {
                format!("{name} must be listed explicitly: * in Access-Control-Allow-Headers never covers Authorization.")
            } else if include && header_names.iter().any(|h| h == "*") {
                format!(
                    "{name} is not listed, and * is not a wildcard for a request with credentials."
                )
            } else {
                format!("{name} is not listed in Access-Control-Allow-Headers.")
            };
            f.trace
                .fail(Step::PreflightAllowHeaders, why, header_values);
            let as_written = f
                .req
                .headers
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(name))
                .map_or_else(|| name.clone(), |(n, _)| n.to_owned());
            return fail(Reason::HeaderDisallowed {
                name: name.clone(),
                as_written,
            });
        }
        if !unsafe_names.is_empty() {
            f.trace.pass(
                Step::PreflightAllowHeaders,
                "Every CORS-unsafe request header is allowed.",
                header_values,
            );
        }

        // Step 7.8-7.9: max-age, defaulted and capped.
        let rules = self.quirks.max_age;
        let (max_age, how) = match header::parse_max_age(&headers) {
            MaxAge::Absent => (
                Some(rules.default),
                format!(
                    "No Access-Control-Max-Age: the result is cached for the default {} seconds.",
                    rules.default
                ),
            ),
            MaxAge::Seconds(s) if s > rules.cap => (
                Some(rules.cap),
                format!(
                    "Access-Control-Max-Age {s} is capped to {} seconds.",
                    rules.cap
                ),
            ),
            MaxAge::Seconds(s) => (Some(s), format!("The result is cached for {s} seconds.")),
            MaxAge::Invalid(v) => {
                let negative = v
                    .strip_prefix('-')
                    .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()));
                let secs = if negative {
                    rules.negative
                } else {
                    rules.invalid
                };
                (secs, match secs {
                    Some(s) => format!("Access-Control-Max-Age \"{v}\" is not a valid number of seconds: {s} seconds are used."),
                    None => format!("Access-Control-Max-Age \"{v}\" is not a valid number of seconds: the result is not cached."),
                })
            }
        };
        f.trace.info(
            Step::PreflightMaxAge,
            how,
            vec![kv(
                "Access-Control-Max-Age",
                headers
                    .get("access-control-max-age")
                    .map_or_else(|| "(absent)".to_owned(), |v| lossy(&v)),
            )],
        );
        if let Some(max_age) = max_age {
            let origin_key = self.cache_origin(f);
            let url_key = url.to_string();
            let query = CacheQuery {
                origin: &origin_key,
                url: &url_key,
                credentials: include,
                method,
                use_cors_preflight: f.req.use_cors_preflight,
                unsafe_names,
            };
            self.cache.store(
                &query,
                &PreflightGrant {
                    methods,
                    headers: header_names,
                    max_age,
                },
                f.at,
            );
        }
        Ok(Ok(()))
    }

    /// HTTP-redirect fetch. `Ok(true)`: follow the new URL; `Ok(false)`: no
    /// `Location`, the redirect response itself is the response.
    ///
    /// <https://fetch.spec.whatwg.org/#http-redirect-fetch>
    fn redirect(
        &mut self,
        f: &mut Fetch<'_>,
        status: u16,
        headers: &HeaderList,
    ) -> Result<bool, Failure> {
        let current = f.current_url().clone();
        let fail = |reason: Reason| Failure {
            reason,
            status: Some(status),
            during: Some(Stage::Redirect),
            location: None,
        };
        // Step 3: the location URL, parsed against the response URL.
        let locations: Vec<&[u8]> = headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case("location"))
            .map(|(_, v)| v)
            .collect();
        let location = match locations[..] {
            [] => {
                f.trace.info(Step::Redirect, format!("A {status} response without a Location header is not a redirect: it is the response."), Vec::new());
                return Ok(false);
            }
            [value] => lossy(value),
            _ => {
                let location = locations
                    .iter()
                    .map(|v| lossy(v))
                    .collect::<Vec<_>>()
                    .join(", ");
                f.trace.fail(
                    Step::Redirect,
                    "The response has more than one Location header: a network error.",
                    vec![kv("Location", &location)],
                );
                return Err(fail(Reason::InvalidRedirectLocation { location }));
            }
        };
        let Ok(mut location_url) = url_parser(&location, Some(&current)) else {
            f.trace.fail(
                Step::Redirect,
                format!("The Location header \"{location}\" is not a valid URL: a network error."),
                vec![kv("Location", &location)],
            );
            return Err(fail(Reason::InvalidRedirectLocation { location }));
        };
        if location_url.fragment().is_none() {
            location_url.set_fragment(current.fragment());
        }
        // Step 6: only http(s) locations.
        // Chromium's network stack refuses "unsafe" redirect targets itself
        // (net::ERR_UNSAFE_REDIRECT); other schemes reach the CORS check.
        let unsafe_target = matches!(
            location_url.scheme(),
            "data" | "file" | "blob" | "filesystem" | "javascript" | "about"
        );
        if !is_http(&location_url)
            && !unsafe_target
            && self.quirks.cors_scheme_check_on_redirect
            && f.req.mode == RequestMode::Cors
        {
            f.trace.fail(
                Step::Redirect,
                format!(
                    "A CORS request redirected to a {}: URL: CORS requests are only possible to http and https URLs.",
                    location_url.scheme()
                ),
                vec![kv("Location", location_url.as_str())],
            );
            f.url_list.push(location_url.clone());
            return Err(fail(Reason::CorsDisabledScheme {
                scheme: location_url.scheme().to_owned(),
            }));
        }
        if !is_http(&location_url) {
            f.trace.fail(
                Step::Redirect,
                format!(
                    "A redirect to a {}: URL is a network error.",
                    location_url.scheme()
                ),
                vec![kv("Location", location_url.as_str())],
            );
            return Err(fail(Reason::RedirectToNonHttpScheme {
                location: location_url.to_string(),
            }));
        }
        // Step 7-8: at most 20 redirects.
        if f.redirect_count == 20 {
            f.trace.fail(
                Step::Redirect,
                "This would be the 21st redirect: a network error.",
                vec![kv("Location", location_url.as_str())],
            );
            return Err(fail(Reason::TooManyRedirects));
        }
        f.redirect_count += 1;
        // Step 9-10: credentials in the location.
        let has_credentials =
            !location_url.username().is_empty() || location_url.password().is_some();
        if has_credentials
            && ((f.req.mode == RequestMode::Cors
                && !self.page.is_same_origin(&Origin::of_url(&location_url)))
                || f.tainting == Tainting::Cors)
        {
            f.trace.fail(
                Step::Redirect,
                "The redirect location contains a username or password, which a CORS request may not follow.",
                vec![kv("Location", location_url.as_str())],
            );
            return Err(fail(Reason::RedirectContainsCredentials {
                location: location_url.to_string(),
            }));
        }
        // Step 11: a stream body cannot be replayed, except after a 303.
        if status != 303 && f.req.body == Some(crate::scenario::BodyKind::Stream) {
            f.trace.fail(
                Step::Redirect,
                "A stream body cannot be sent again for a redirect other than 303.",
                Vec::new(),
            );
            return Err(fail(Reason::StreamBodyRedirect));
        }
        // Step 12: 301/302 POST and 303 non-GET/HEAD become GET without a body.
        if ((status == 301 || status == 302) && f.req.method == "POST")
            || (status == 303 && f.req.method != "GET" && f.req.method != "HEAD")
        {
            let removed: Vec<String> = f
                .req
                .headers
                .iter()
                .filter(|(n, _)| header::is_request_body_header_name(n))
                .map(|(n, _)| n.to_ascii_lowercase())
                .collect();
            for name in &removed {
                f.req.headers.delete(name);
            }
            f.trace.info(
                Step::Redirect,
                format!(
                    "A {status} redirect turns {} into GET and drops the body{}.",
                    f.req.method,
                    if removed.is_empty() {
                        String::new()
                    } else {
                        format!(" and its headers ({})", removed.join(", "))
                    }
                ),
                Vec::new(),
            );
            "GET".clone_into(&mut f.req.method);
            f.req.body = None;
        }
        // Step 13: a cross-origin hop removes Authorization.
        if !Origin::of_url(&current).is_same_origin(&Origin::of_url(&location_url))
            && f.req.headers.contains("authorization")
        {
            f.req.headers.delete("authorization");
            f.trace.info(
                Step::Redirect,
                "The redirect goes to another origin: the Authorization header is removed.",
                Vec::new(),
            );
        }
        let tainted_before = self.redirect_tainted(f);
        f.url_list.push(location_url.clone());
        f.trace.info(
            Step::Redirect,
            format!("A {status} redirect to {location_url}: the request is fetched again from there (redirect {} of at most 20).", f.redirect_count),
            vec![kv("Location", location_url.as_str())],
        );
        if !tainted_before && self.redirect_tainted(f) {
            f.trace.info(
                Step::RedirectTaint,
                "The redirect left an origin that is neither the page's nor the new URL's: from now on the request's origin serializes as null.",
                vec![kv("Origin", "null")],
            );
        }
        Ok(true)
    }

    /// Builds the verdict for a finished fetch.
    fn finish(
        &self,
        mut f: Fetch<'_>,
        request_headers: Vec<(String, String)>,
        result: Result<Received, Failure>,
    ) -> RequestVerdict {
        let url = f.current_url().clone();
        match result {
            Ok(received) => {
                let response = Self::filtered_response(&mut f, &received);
                RequestVerdict {
                    outcome: Outcome::Ok,
                    phase: Phase::Response,
                    request_headers,
                    preflights: f.preflights,
                    cache_hit: f.cache_hit,
                    hops: f.hops,
                    response: Some(response),
                    error: None,
                    console: Vec::new(),
                    trace: f.trace.into_steps(),
                }
            }
            Err(failure) => {
                let initial = f.url_list[0].to_string();
                let ctx = MessageContext {
                    api: f.req.api,
                    url: url.as_str(),
                    initial_url: &initial,
                    page_origin: &self.page.serialize(),
                    request_origin: &self.serialized_request_origin(&f),
                    method: &f.req.method,
                    status: failure.status,
                    no_cors: f.req.mode == RequestMode::NoCors,
                    redirect_location: failure.location.as_deref(),
                };
                let console = console_lines(self.quirks.console, &ctx, &failure.reason);
                let during = failure.during.unwrap_or_else(|| {
                    let stage = failure
                        .reason
                        .stage(failure.status.is_some_and(is_redirect_status));
                    // Main fetch refusing a redirected URL fails the redirect.
                    if stage == Stage::Actual && f.url_list.len() > 1 && failure.status.is_none() {
                        Stage::Redirect
                    } else {
                        stage
                    }
                });
                RequestVerdict {
                    outcome: Outcome::Error,
                    phase: Phase::Fetch,
                    request_headers,
                    preflights: f.preflights,
                    cache_hit: f.cache_hit,
                    hops: f.hops,
                    response: None,
                    error: Some(ErrorView {
                        code: failure.reason.code(),
                        parameter: failure.reason.parameter(),
                        during,
                    }),
                    console,
                    trace: f.trace.into_steps(),
                }
            }
        }
    }

    /// The filtered response and the headers the script can read.
    ///
    /// <https://fetch.spec.whatwg.org/#concept-filtered-response>
    fn filtered_response(f: &mut Fetch<'_>, received: &Received) -> ResponseView {
        let url = f.current_url().clone();
        let mut response_url = url.clone();
        response_url.set_fragment(None);
        let all_names = || {
            let mut names: Vec<String> = received
                .headers
                .iter()
                .map(|(n, _)| n.to_ascii_lowercase())
                .collect();
            crate::header::sort_small(&mut names);
            names.dedup();
            names
        };
        if received.opaque_redirect {
            f.trace.info(
                Step::Response,
                "The script gets an opaque-redirect response: status 0, no headers, no body.",
                Vec::new(),
            );
            return ResponseView {
                response_type: ResponseType::Opaqueredirect,
                status: 0,
                redirected: false,
                url: response_url.to_string(),
                readable_headers: Vec::new(),
                body_readable: false,
            };
        }
        let redirected = f.url_list.len() > 1;
        match f.tainting {
            Tainting::Opaque => {
                f.trace.info(Step::Response, "The script gets an opaque response: status 0, no headers, no body. It resolved, but nothing can be read.", Vec::new());
                ResponseView {
                    response_type: ResponseType::Opaque,
                    status: 0,
                    redirected: false,
                    url: String::new(),
                    readable_headers: Vec::new(),
                    body_readable: false,
                }
            }
            Tainting::Basic => {
                let readable: Vec<String> = all_names()
                    .into_iter()
                    .filter(|n| !header::is_forbidden_response_header_name(n))
                    .collect();
                f.trace.info(
                    Step::Response,
                    format!(
                        "A basic response with status {}: every header but Set-Cookie is readable.",
                        received.status
                    ),
                    vec![kv("readable", readable.join(", "))],
                );
                ResponseView {
                    response_type: ResponseType::Basic,
                    status: received.status,
                    redirected,
                    url: response_url.to_string(),
                    readable_headers: readable,
                    body_readable: true,
                }
            }
            Tainting::Cors => {
                let include = f.req.credentials == CredentialsMode::Include;
                // Main fetch Step 14.1: the CORS-exposed header-name list.
                let exposed = match header::extract_header_list_values(
                    "access-control-expose-headers",
                    &received.headers,
                ) {
                    Extracted::Values(v) => v,
                    Extracted::Absent | Extracted::Invalid { .. } => Vec::new(),
                };
                let exposed = if !include && exposed.iter().any(|h| h == "*") {
                    all_names()
                } else {
                    exposed
                };
                let readable: Vec<String> = all_names()
                    .into_iter()
                    .filter(|n| is_cors_safelisted_response_header_name(n, &exposed))
                    .collect();
                let raw = received
                    .headers
                    .get("access-control-expose-headers")
                    .map(|v| lossy(&v));
                f.trace.info(
                    Step::ExposedHeaders,
                    match raw.as_deref() {
                        None => "No Access-Control-Expose-Headers: only the CORS-safelisted response headers are readable.".to_owned(),
                        Some(v) if v.split(',').any(|t| t.trim() == "*") && include => "Access-Control-Expose-Headers: * is not a wildcard for a request with credentials.".to_owned(),
                        Some(_) => "Access-Control-Expose-Headers adds to the CORS-safelisted response headers.".to_owned(),
                    },
                    vec![kv("Access-Control-Expose-Headers", raw.clone().unwrap_or_else(|| "(absent)".to_owned())), kv("readable", readable.join(", "))],
                );
                f.trace.pass(
                    Step::Response,
                    format!(
                        "The script gets a cors response with status {}.",
                        received.status
                    ),
                    Vec::new(),
                );
                ResponseView {
                    response_type: ResponseType::Cors,
                    status: received.status,
                    redirected,
                    url: response_url.to_string(),
                    readable_headers: readable,
                    body_readable: true,
                }
            }
        }
    }
}

fn credentials_name(mode: CredentialsMode) -> &'static str {
    match mode {
        CredentialsMode::Omit => "omit",
        CredentialsMode::SameOrigin => "same-origin",
        CredentialsMode::Include => "include",
    }
}

fn redirect_name(mode: RedirectMode) -> &'static str {
    match mode {
        RedirectMode::Follow => "follow",
        RedirectMode::Error => "error",
        RedirectMode::Manual => "manual",
    }
}

/// A learner's sentence for a failed CORS check.
fn cors_failure_summary(
    failure: &crate::reason::CorsFailure,
    origin: &str,
    preflight: bool,
) -> String {
    use crate::reason::CorsFailure as F;
    let what = if preflight {
        "The preflight response"
    } else {
        "The response"
    };
    match failure {
        F::MissingAllowOriginHeader => format!("{what} has no Access-Control-Allow-Origin header, so the browser may not share it with {origin}."),
        F::WildcardOriginNotAllowed => format!("{what} says Access-Control-Allow-Origin: *, but the request includes credentials: the wildcard is not allowed then; the server must echo {origin}."),
        F::MultipleAllowOriginValues { value } => format!("{what}'s Access-Control-Allow-Origin holds several values (\"{value}\"); exactly one origin is allowed."),
        F::InvalidAllowOriginValue { value } => format!("{what}'s Access-Control-Allow-Origin \"{value}\" is not a valid origin."),
        F::AllowOriginMismatch { value } => format!("{what}'s Access-Control-Allow-Origin \"{value}\" is not byte-for-byte equal to the request origin {origin}."),
        F::InvalidAllowCredentials { value } if value.is_empty() => format!("The request includes credentials, but {} has no Access-Control-Allow-Credentials: true.", what.to_ascii_lowercase()),
        F::InvalidAllowCredentials { value } => format!("The request includes credentials, but Access-Control-Allow-Credentials is \"{value}\", not exactly true."),
    }
}
