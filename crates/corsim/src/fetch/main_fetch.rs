//! Main fetch: which of scheme fetch, a basic fetch, a no-cors fetch or a
//! CORS fetch runs for the current URL.
//!
//! <https://fetch.spec.whatwg.org/#main-fetch>

use super::{is_http, Failure, Fetch, Flow, Tainting};
use crate::cache::PreflightCache;
use crate::header::safelist::cors_unsafe_request_header_names_limited;
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

impl Fetch<'_> {
    /// Main fetch, for the current URL of the request (the first, or the
    /// location of a redirect).
    ///
    /// <https://fetch.spec.whatwg.org/#main-fetch>
    pub(super) fn main_fetch(&mut self, cache: &mut PreflightCache) -> Flow {
        if self.trace.enabled() {
            let current = self.current_url().clone();
            self.trace.at_url(&current);
        }
        // Browsers fail a request for its mode before they look at mixed
        // content (step 12 before step 7), after a redirect too. (Step 12
        // answers a data: URL before it looks at the mode.)
        if self.quirks.mode_before_mixed_content && is_http(self.current_url()) {
            if let Some(failure) = self.mode_failure() {
                return Flow::Done(Err(failure));
            }
        }
        // Step 7: should request be blocked as mixed content?
        if let Some(flow) = self.mixed_content_check() {
            return flow;
        }
        match self.route() {
            Err(failure) => Flow::Done(Err(failure)),
            Ok(Route::Scheme) => Flow::Done(Ok(self.scheme_fetch())),
            Ok(Route::Http {
                unsafe_names,
                make_preflight,
            }) => self.http_fetch(cache, unsafe_names.unwrap_or_default(), make_preflight),
        }
    }

    /// Step 12's statements that fail for the request's mode alone, for a
    /// request that is not a same-origin basic one: mode `same-origin` to
    /// another origin, mode `no-cors` with a redirect mode other than
    /// `follow`. `None`: the mode lets main fetch go on.
    fn mode_failure(&mut self) -> Option<Failure> {
        match self.req.mode {
            RequestMode::SameOrigin | RequestMode::NoCors
                if self.tainting == Tainting::Basic
                    && self.page.is_same_origin_with_url(self.current_url()) =>
            {
                None
            }
            // request's mode is "same-origin": a network error.
            RequestMode::SameOrigin => {
                record!(self.trace, Fail, Step::MainFetch, {
                    let (page, url_origin) = self.origins();
                    Decision::SameOriginModeCrossOrigin { page, url_origin }
                });
                Some(Reason::DisallowedByMode.into())
            }
            // request's mode is "no-cors": if its redirect mode is not
            // "follow", a network error.
            RequestMode::NoCors if self.req.redirect != RedirectMode::Follow => {
                let redirect = self.req.redirect;
                record!(
                    self.trace,
                    Fail,
                    Step::MainFetch,
                    Decision::NoCorsRedirectMode { redirect }
                );
                Some(Reason::NoCorsRedirectMode.into())
            }
            _ => None,
        }
    }

    /// The page's and the current URL's origins, serialized, for the trace.
    fn origins(&self) -> (String, String) {
        let url_origin = Origin::of_url(self.current_url()).serialize();
        (self.page_serialized.clone().into_owned(), url_origin)
    }

    /// Step 12: the first matching statement decides.
    fn route(&mut self) -> Result<Route, Failure> {
        let current = self.current_url();
        let scheme = current.scheme();
        // A data: URL is answered by the browser itself (scheme fetch).
        if scheme == "data" {
            self.tainting = Tainting::Basic;
            return Ok(Route::Scheme);
        }
        let same_origin = self.page.is_same_origin_with_url(current);
        let http = is_http(current);
        // request's current URL's origin is same origin with request's
        // origin, and request's response tainting is "basic".
        if same_origin && self.tainting == Tainting::Basic {
            record!(self.trace, Info, Step::MainFetch, {
                let (page, url_origin) = self.origins();
                Decision::SameOrigin { page, url_origin }
            });
            return Ok(Route::Http {
                unsafe_names: None,
                make_preflight: false,
            });
        }
        if let Some(failure) = self.mode_failure() {
            return Err(failure);
        }
        // request's mode is "no-cors".
        if self.req.mode == RequestMode::NoCors {
            if !http {
                // Scheme fetch knows about:, blob:, data: and file: only.
                let scheme = self.current_url().scheme().to_owned();
                record!(
                    self.trace,
                    Fail,
                    Step::MainFetch,
                    Decision::NoCorsScheme {
                        scheme: scheme.clone()
                    }
                );
                return Err(Reason::CorsDisabledScheme { scheme }.into());
            }
            self.tainting = Tainting::Opaque;
            record!(self.trace, Info, Step::MainFetch, {
                let (page, url_origin) = self.origins();
                Decision::NoCors { page, url_origin }
            });
            return Ok(Route::Http {
                unsafe_names: None,
                make_preflight: false,
            });
        }
        // request's current URL's scheme is not an HTTP(S) scheme.
        if !http {
            let scheme = self.current_url().scheme().to_owned();
            record!(
                self.trace,
                Fail,
                Step::MainFetch,
                Decision::CorsScheme {
                    scheme: scheme.clone()
                }
            );
            return Err(Reason::CorsDisabledScheme { scheme }.into());
        }
        // Otherwise: a CORS fetch, preflighted when it needs one.
        self.tainting = Tainting::Cors;
        record!(self.trace, Info, Step::MainFetch, {
            let (page, url_origin) = self.origins();
            Decision::Cors {
                page,
                url_origin,
                back: same_origin,
            }
        });
        Ok(self.cors_preflight_decision())
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
        // The headers as the script set them, where they differ from the
        // request's (Firefox, an XHR whose charset send() rewrote).
        let author = self.req.author_content_type.as_ref().map(|value| {
            let mut headers = self.req.headers.clone();
            headers.set("Content-Type", value);
            headers
        });
        let headers = author.as_ref().unwrap_or(&self.req.headers);
        let combined;
        // Without a repeated name, the combined list is the list itself.
        let checked = if quirks.safelist_combined_values && headers.may_repeat_a_name() {
            combined = headers.combined();
            &combined
        } else {
            headers
        };
        let unsafe_names = cors_unsafe_request_header_names_limited(
            checked,
            |n, v| quirks.is_cors_safelisted_request_header(n, v),
            quirks.safelist_total_limit,
        );
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
