//! Main fetch: which of scheme fetch, a basic fetch, a no-cors fetch or a
//! CORS fetch runs for the current URL.
//!
//! <https://fetch.spec.whatwg.org/#main-fetch>

use super::{is_http, Failure, Fetch, Flow, Tainting};
use crate::cache::PreflightCache;
use crate::header::safelist::cors_unsafe_request_header_names_by;
use crate::method::is_cors_safelisted_method;
use crate::origin::Origin;
use crate::reason::Reason;
use crate::scenario::{RedirectMode, RequestMode};
use crate::step::Step;
use crate::trace::record;
use crate::trace::Decision;

/// What main fetch decided for the current URL.
pub(super) enum Route {
    /// Scheme fetch answers (a `data:` URL).
    Scheme,
    /// HTTP fetch, with the CORS-unsafe request-header names when a
    /// preflight may be needed (`None`: no CORS-preflight decision).
    Http {
        /// `Some` for a CORS request: the names that need a preflight.
        unsafe_names: Option<Vec<String>>,
        /// The method is not safelisted or use-CORS-preflight is set.
        make_preflight: bool,
    },
}

impl Fetch {
    /// Main fetch, for the current URL of the request (the first, or the
    /// location of a redirect).
    ///
    /// <https://fetch.spec.whatwg.org/#main-fetch>
    pub(super) fn main_fetch(&mut self, cache: &mut PreflightCache) -> Flow {
        let current = self.current_url().clone();
        self.trace.at_url(&current);
        match self.route() {
            Err(failure) => Flow::Done(Err(failure)),
            Ok(Route::Scheme) => Flow::Done(Ok(self.scheme_fetch())),
            Ok(Route::Http {
                unsafe_names,
                make_preflight,
            }) => self.http_fetch(cache, unsafe_names.unwrap_or_default(), make_preflight),
        }
    }

    /// Step 12: the first matching statement decides.
    fn route(&mut self) -> Result<Route, Failure> {
        let current = self.current_url().clone();
        let url_origin = Origin::of_url(&current);
        let same_origin = url_origin.is_same_origin(&self.page);
        let page_and_url = |fetch: &Self| {
            let page = fetch.page_serialized.clone();
            let url_origin = url_origin.serialize();
            (page, url_origin)
        };
        // A data: URL is answered by the browser itself (scheme fetch).
        if current.scheme() == "data" {
            self.tainting = Tainting::Basic;
            return Ok(Route::Scheme);
        }
        // request's current URL's origin is same origin with request's
        // origin, and request's response tainting is "basic".
        if same_origin && self.tainting == Tainting::Basic {
            record!(self.trace, Info, Step::MainFetch, {
                let (page, url_origin) = page_and_url(self);
                Decision::SameOrigin { page, url_origin }
            });
            return Ok(Route::Http {
                unsafe_names: None,
                make_preflight: false,
            });
        }
        // request's mode is "same-origin": a network error.
        if self.req.mode == RequestMode::SameOrigin {
            record!(self.trace, Fail, Step::MainFetch, {
                let (page, url_origin) = page_and_url(self);
                Decision::SameOriginModeCrossOrigin { page, url_origin }
            });
            return Err(Reason::DisallowedByMode.into());
        }
        // request's mode is "no-cors".
        if self.req.mode == RequestMode::NoCors {
            return self.no_cors(&current, page_and_url(self));
        }
        // request's current URL's scheme is not an HTTP(S) scheme.
        if !is_http(&current) {
            record!(
                self.trace,
                Fail,
                Step::MainFetch,
                Decision::CorsScheme {
                    scheme: current.scheme().to_owned(),
                }
            );
            return Err(Reason::CorsDisabledScheme {
                scheme: current.scheme().to_owned(),
            }
            .into());
        }
        // Otherwise: a CORS fetch, preflighted when it needs one.
        self.tainting = Tainting::Cors;
        record!(self.trace, Info, Step::MainFetch, {
            let (page, url_origin) = page_and_url(self);
            Decision::Cors {
                page,
                url_origin,
                back: same_origin,
            }
        });
        Ok(self.cors_preflight_decision())
    }

    /// Mode "no-cors": redirect mode must be "follow", and only HTTP(S)
    /// URLs reach the network; the response will be opaque.
    fn no_cors(
        &mut self,
        current: &url::Url,
        (page, url_origin): (String, String),
    ) -> Result<Route, Failure> {
        if self.req.redirect != RedirectMode::Follow {
            let redirect = self.req.redirect;
            record!(
                self.trace,
                Fail,
                Step::MainFetch,
                Decision::NoCorsRedirectMode { redirect }
            );
            return Err(Reason::NoCorsRedirectMode.into());
        }
        if !is_http(current) {
            // Scheme fetch knows about:, blob:, data: and file: only.
            record!(
                self.trace,
                Fail,
                Step::MainFetch,
                Decision::NoCorsScheme {
                    scheme: current.scheme().to_owned(),
                }
            );
            return Err(Reason::CorsDisabledScheme {
                scheme: current.scheme().to_owned(),
            }
            .into());
        }
        self.tainting = Tainting::Opaque;
        record!(
            self.trace,
            Info,
            Step::MainFetch,
            Decision::NoCors { page, url_origin }
        );
        Ok(Route::Http {
            unsafe_names: None,
            make_preflight: false,
        })
    }

    /// Step 12's CORS branch: "request's use-CORS-preflight flag is set or
    /// request's unsafe-request flag is set and either request's method is
    /// not a CORS-safelisted method or CORS-unsafe request-header names with
    /// request's header list is not empty".
    fn cors_preflight_decision(&mut self) -> Route {
        let safelisted = is_cors_safelisted_method(&self.req.method);
        let result = if safelisted {
            crate::verdict::StepResult::Pass
        } else {
            crate::verdict::StepResult::Info
        };
        record!(
            self.trace,
            [result],
            Step::SafelistedMethod,
            Decision::SafelistedMethod {
                method: self.req.method.clone(),
                safelisted,
            }
        );
        let quirks = self.quirks;
        let unsafe_names = cors_unsafe_request_header_names_by(&self.req.headers, |n, v| {
            quirks.is_cors_safelisted_request_header(n, v)
        });
        if unsafe_names.is_empty() {
            record!(
                self.trace,
                Pass,
                Step::UnsafeHeaderNames,
                Decision::HeadersSafelisted {
                    headers: self
                        .req
                        .headers
                        .iter()
                        .map(|(n, v)| (n.to_owned(), super::lossy(v)))
                        .collect(),
                }
            );
        } else {
            record!(
                self.trace,
                Info,
                Step::UnsafeHeaderNames,
                Decision::UnsafeHeaders {
                    names: unsafe_names.clone(),
                }
            );
        }
        let make_preflight = self.req.use_cors_preflight || !safelisted || !unsafe_names.is_empty();
        Route::Http {
            unsafe_names: Some(unsafe_names),
            make_preflight,
        }
    }
}
