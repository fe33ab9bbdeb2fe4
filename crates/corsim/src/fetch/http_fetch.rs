//! HTTP fetch: the CORS-preflight decision against the cache, the request,
//! the CORS check of its response, and what a redirect status leads to.
//!
//! <https://fetch.spec.whatwg.org/#concept-http-fetch>

use super::{lossy, Answer, Failure, Fetch, Flow, Received, State, Tainting};
use crate::cache::{CacheQuery, Lookup, PreflightCache};
use crate::cors_check::cors_check;
use crate::header::HeaderList;
use crate::reason::Reason;
use crate::scenario::RedirectMode;
use crate::step::Step;
use crate::trace::record;
use crate::trace::{CorsCheckValues, Decision};
use crate::url_parser;

impl Fetch<'_> {
    /// HTTP fetch Step 4.1: a CORS-preflight fetch unless the cache covers
    /// the request; then the request itself goes out.
    ///
    /// <https://fetch.spec.whatwg.org/#concept-http-fetch>
    pub(super) fn http_fetch(
        &mut self,
        cache: &mut PreflightCache,
        unsafe_names: Vec<String>,
        make_preflight: bool,
    ) -> Flow {
        // Local Network Access: the connection is checked before anything
        // goes out, the preflight included.
        if let Some(flow) = self.local_network_access_check(make_preflight) {
            return flow;
        }
        if make_preflight {
            self.preflighted_path = true;
            let query = CacheQuery {
                origin: self.cache_origin(),
                url: self.current_url().as_str(),
                credentials: self.credentials_include(),
                method: &self.req.method,
                use_cors_preflight: self.req.use_cors_preflight,
                unsafe_names: &unsafe_names,
            };
            let at = self.at;
            match cache.lookup(&query, at) {
                Lookup::Hit => {
                    self.cache_hit = true;
                    record!(
                        self.trace,
                        Pass,
                        Step::PreflightCache,
                        Decision::CacheHit { at }
                    );
                }
                Lookup::Preflight(status) => {
                    record!(
                        self.trace,
                        Info,
                        Step::PreflightCache,
                        Decision::CacheMiss { status, at }
                    );
                    self.send_preflight(&unsafe_names, status);
                    self.state = State::AwaitingPreflight { unsafe_names };
                    return Flow::Send;
                }
            }
        }
        self.send_request();
        Flow::Send
    }

    /// The preflight's answer came: on success the request goes out.
    pub(super) fn preflight_answered(
        &mut self,
        answer: Answer,
        unsafe_names: &[String],
        cache: &mut PreflightCache,
    ) -> Flow {
        match self.cors_preflight_fetch(answer, unsafe_names, cache) {
            Ok(()) => {
                self.send_request();
                Flow::Send
            }
            Err(failure) => self.network_error(cache, failure),
        }
    }

    /// The request's answer came: HTTP fetch Step 4.3, the CORS check, and
    /// Step 8, redirects.
    pub(super) fn response_answered(&mut self, answer: Answer, cache: &mut PreflightCache) -> Flow {
        let (status, headers) = match self.network_response(answer) {
            Ok(response) => response,
            Err(failure) => return self.network_error(cache, failure),
        };
        let flow = self.after_response(status, &headers, cache);
        // The hop keeps what the server sent; the response reads it there.
        if let Some(hop) = self.hops.last_mut() {
            hop.response_headers = headers;
        }
        flow
    }

    /// Steps 4.3 and 8 for a response of `status` with `headers`.
    fn after_response(
        &mut self,
        status: u16,
        headers: &HeaderList,
        cache: &mut PreflightCache,
    ) -> Flow {
        // Step 4.3: the CORS check, on every response of a CORS request
        // (redirects included; the status does not matter).
        if self.tainting == Tainting::Cors {
            if let Err(failure) = self.check_response(status, headers) {
                return self.network_error(cache, failure);
            }
        }
        // Step 8: a redirect status.
        if super::is_redirect_status(status) {
            match self.req.redirect {
                RedirectMode::Error => {
                    record!(
                        self.trace,
                        Fail,
                        Step::Redirect,
                        Decision::RedirectModeError { status }
                    );
                    let failure = Failure {
                        reason: Reason::RedirectModeError,
                        status: Some(status),
                        during: None,
                        location: None,
                    };
                    return self.network_error(cache, failure);
                }
                RedirectMode::Manual => {
                    record!(
                        self.trace,
                        Info,
                        Step::Redirect,
                        Decision::RedirectManual { status }
                    );
                    return Flow::Done(Ok(Received {
                        status,
                        headers: None,
                        opaque_redirect: true,
                    }));
                }
                RedirectMode::Follow => match self.http_redirect_fetch(status, headers) {
                    Ok(true) => return Flow::Again,
                    Ok(false) => {}
                    Err(failure) => return self.network_error(cache, failure),
                },
            }
        }
        Flow::Done(Ok(Received {
            status,
            headers: None,
            opaque_redirect: false,
        }))
    }

    /// The CORS check of a response to a CORS request.
    ///
    /// <https://fetch.spec.whatwg.org/#concept-cors-check>
    fn check_response(&mut self, status: u16, headers: &HeaderList) -> Result<(), Failure> {
        let origin = self.serialized_request_origin();
        let include = self.credentials_include();
        let result = cors_check(headers, origin, include, self.quirks.allow_origin);
        let step_result = if result.is_ok() {
            crate::verdict::StepResult::Pass
        } else {
            crate::verdict::StepResult::Fail
        };
        record!(self.trace, [step_result], Step::CorsCheck, {
            Decision::CorsCheck(CorsCheckValues {
                origin: origin.to_owned(),
                allow_origin: headers
                    .get("access-control-allow-origin")
                    .map(|v| lossy(&v)),
                credentials: self.req.credentials,
                allow_credentials: headers
                    .get("access-control-allow-credentials")
                    .map(|v| lossy(&v)),
                failure: result.clone().err(),
            })
        });
        result.map_err(|failure| {
            let current = self.current_url();
            Failure {
                reason: Reason::Cors {
                    preflight: false,
                    failure,
                },
                status: Some(status),
                during: None,
                // WebKit names the redirect target in its message.
                location: super::is_redirect_status(status)
                    .then(|| headers.get("location"))
                    .flatten()
                    .and_then(|l| url_parser(&lossy(&l), Some(current)).ok())
                    .map(String::from),
            }
        })
    }
}
