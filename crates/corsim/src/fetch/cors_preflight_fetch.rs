//! CORS-preflight fetch: the `OPTIONS` request a browser sends before a
//! CORS request that is not simple, and the checks its response must pass.
//!
//! <https://fetch.spec.whatwg.org/#cors-preflight-fetch-0>

use std::borrow::Cow;

use super::{is_redirect_status, lossy, Answer, Failure, Fetch};

use crate::cache::{CacheQuery, PreflightCache, PreflightGrant};
use crate::cors_check::cors_check;
use crate::header::{self, Extracted, HeaderList, MaxAge, NameSet};
use crate::method::is_cors_safelisted_method;
use crate::reason::Reason;
use crate::scenario::HttpVersion;
use crate::step::Step;
use crate::trace::record;
use crate::trace::{CorsCheckValues, Decision, HeaderMatch, MaxAgeUse, MethodMatch};
use crate::verdict::{CacheStatus, PreflightRecord, Sent, Stage, StepResult};

impl Fetch<'_> {
    /// CORS-preflight fetch Steps 1-4: `OPTIONS` with `Origin`,
    /// `Access-Control-Request-Method` and, when there are CORS-unsafe
    /// request-header names, `Access-Control-Request-Headers` joined by `,`.
    ///
    /// <https://fetch.spec.whatwg.org/#cors-preflight-fetch-0>
    pub(super) fn send_preflight(&mut self, unsafe_names: &[String], cache: CacheStatus) {
        let url = self.current_url().as_str().to_owned();
        let mut sent = HeaderList::with_capacity(3, 64, 64);
        // Three names, each once: pushed as they are.
        sent.push_text("Origin", self.preflight_origin());
        sent.push_text("Access-Control-Request-Method", &self.req.method);
        if !unsafe_names.is_empty() {
            let value = if self.quirks.repeat_request_header_names {
                self.unsafe_headers_each(unsafe_names).join(",")
            } else {
                unsafe_names.join(",")
            };
            sent.push_text("Access-Control-Request-Headers", &value);
        }
        record!(
            self.trace,
            Info,
            Step::PreflightRequest,
            Decision::PreflightSent {
                url: url.clone(),
                headers: sent.iter().map(|(n, v)| (n.to_owned(), lossy(v))).collect(),
            }
        );
        let address_space = self.client.address_space(self.current_url());
        let record = PreflightRecord {
            url,
            headers: sent,
            cache,
            status: None,
            response_headers: HeaderList::new(),
            // Until the answer says.
            http: HttpVersion::default_for_scheme(self.current_url().scheme()),
            address_space,
        };
        crate::collections::push_first_of_few(&mut self.preflights, record);
        self.sent.push(Sent::Preflight);
        self.restarts = 0;
    }

    /// The lowercased name of each header that is CORS-unsafe by itself,
    /// sorted, a name as often as such headers have it (Firefox): a name
    /// set once is listed when it is among `unsafe_names`; of a name set
    /// several times, only the values that are not safelisted by
    /// themselves count (recorded: `Accept: */*` then an `Accept` of 129
    /// bytes lists `accept` once, two unsafe `Content-Type`s twice:
    /// `edge_repeat-*`, found by `mix3`).
    fn unsafe_headers_each(&self, unsafe_names: &[String]) -> Vec<String> {
        let lowercase: Vec<String> = self
            .req
            .headers
            .iter()
            .map(|(n, _)| n.to_ascii_lowercase())
            .collect();
        let mut sorted: Vec<&str> = lowercase.iter().map(String::as_str).collect();
        crate::collections::sort(&mut sorted);
        let repeated = |name: &str| {
            let first = sorted.partition_point(|n| *n < name);
            sorted.get(first + 1) == Some(&name)
        };
        let mut names: Vec<String> = self
            .req
            .headers
            .iter()
            .zip(lowercase.iter())
            .filter(|((name, value), lower)| {
                unsafe_names.binary_search(lower).is_ok()
                    && !(repeated(lower)
                        && self.quirks.is_cors_safelisted_request_header(name, value))
            })
            .map(|(_, lower)| lower.clone())
            .collect();
        crate::collections::sort(&mut names);
        names
    }

    /// The `Origin` a preflight carries: the serialized request origin, or
    /// the page's even after a tainting redirect (Firefox).
    fn preflight_origin(&self) -> &str {
        if self.quirks.preflight_origin_untainted {
            &self.page_serialized
        } else {
            self.serialized_request_origin()
        }
    }

    /// CORS-preflight fetch Steps 6-7: the response must pass the CORS
    /// check, have an ok status, and allow the method and every CORS-unsafe
    /// header; then its result is cached.
    ///
    /// <https://fetch.spec.whatwg.org/#cors-preflight-fetch-0>
    pub(super) fn cors_preflight_fetch(
        &mut self,
        answer: Answer,
        unsafe_names: &[String],
        cache: &mut PreflightCache,
    ) -> Result<(), Failure> {
        let (status, headers) = self.network_preflight_response(answer)?;
        let result = self.check_preflight(status, &headers, unsafe_names, cache);
        if let Some(record) = self.preflights.last_mut() {
            record.response_headers = headers;
        }
        result
    }

    /// Step 7: the checks a preflight response must pass, then caching.
    fn check_preflight(
        &mut self,
        status: u16,
        headers: &HeaderList,
        unsafe_names: &[String],
        cache: &mut PreflightCache,
    ) -> Result<(), Failure> {
        let fail = |reason: Reason| Failure {
            reason,
            status: Some(status),
            during: Some(Stage::Preflight),
            location: None,
        };
        // A redirected preflight: Chromium and Firefox refuse it outright.
        if self.quirks.preflight_redirect_first
            && is_redirect_status(status)
            && headers.contains("location")
        {
            record!(self.trace, Fail, Step::PreflightRedirect, {
                Decision::PreflightRedirected { status }
            });
            return Err(fail(Reason::PreflightDisallowedRedirect { status }));
        }
        let ok_status = (200..=299).contains(&status);
        if self.quirks.preflight_status_first && !ok_status {
            record!(
                self.trace,
                Fail,
                Step::PreflightStatus,
                Decision::PreflightBadStatus { status }
            );
            return Err(fail(Reason::PreflightInvalidStatus { status }));
        }
        // Step 7: a CORS check (with the request's credentials mode) and an ok status.
        self.check_preflight_response(headers).map_err(&fail)?;
        if !ok_status {
            record!(
                self.trace,
                Fail,
                Step::PreflightStatus,
                Decision::PreflightBadStatus { status }
            );
            return Err(fail(
                if is_redirect_status(status) && headers.contains("location") {
                    Reason::PreflightDisallowedRedirect { status }
                } else {
                    Reason::PreflightInvalidStatus { status }
                },
            ));
        }
        record!(
            self.trace,
            Pass,
            Step::PreflightStatus,
            Decision::PreflightOkStatus { status }
        );
        let grant = self.allowed_by(headers, unsafe_names).map_err(&fail)?;
        self.cache_preflight_result(headers, unsafe_names, grant, cache);
        Ok(())
    }

    /// Step 7's CORS check of the preflight response.
    ///
    /// <https://fetch.spec.whatwg.org/#concept-cors-check>
    fn check_preflight_response(&mut self, headers: &HeaderList) -> Result<(), Reason> {
        // Firefox: the preflight keeps the page's origin, so one to the
        // page's own origin is a same-origin request (recorded: mix_101,
        // a 303 back to the page's origin whose preflight answer has no
        // Access-Control-Allow-Origin).
        if self.quirks.preflight_origin_untainted
            && self.page.is_same_origin_with_url(self.current_url())
        {
            record!(self.trace, Pass, Step::PreflightCorsCheck, {
                Decision::PreflightSameOrigin {
                    page: self.page_serialized.clone().into_owned(),
                }
            });
            return Ok(());
        }
        let origin = self.preflight_origin();
        let include = self.credentials_include();
        let result = cors_check(headers, origin, include, self.quirks.allow_origin);
        let step_result = if result.is_ok() {
            StepResult::Pass
        } else {
            StepResult::Fail
        };
        record!(
            self.trace,
            [step_result],
            Step::PreflightCorsCheck,
            Decision::PreflightCorsCheck(CorsCheckValues {
                origin: origin.to_owned(),
                allow_origin: headers
                    .get("access-control-allow-origin")
                    .map(|v| lossy(&v)),
                credentials: self.req.credentials,
                allow_credentials: None,
                failure: result.clone().err(),
            })
        );
        result.map_err(|failure| Reason::Cors {
            preflight: true,
            failure,
        })
    }

    /// Steps 7.1-7.7: parse the allow lists (a parse failure is a network
    /// error), then the method must be listed, safelisted or covered by
    /// `*`, and every CORS-unsafe header listed or covered by `*`.
    fn allowed_by<'h>(
        &mut self,
        headers: &'h HeaderList,
        unsafe_names: &[String],
    ) -> Result<PreflightGrant<Cow<'h, str>>, Reason> {
        let methods =
            match header::extract_with("access-control-allow-methods", headers, Cow::Borrowed) {
                Extracted::Invalid { value, token } => {
                    record!(
                        self.trace,
                        Fail,
                        Step::PreflightAllowMethods,
                        Decision::AllowMethodsInvalid {
                            value: value.clone(),
                            token: token.clone(),
                        }
                    );
                    return Err(Reason::InvalidAllowMethods { value, token });
                }
                Extracted::Absent => None,
                Extracted::Values(v) => Some(v),
            };
        let header_names =
            match header::extract_with("access-control-allow-headers", headers, Cow::Borrowed) {
                Extracted::Invalid { value, token } => {
                    record!(
                        self.trace,
                        Fail,
                        Step::PreflightAllowHeaders,
                        Decision::AllowHeadersInvalid {
                            value: value.clone(),
                            token: token.clone(),
                        }
                    );
                    return Err(Reason::InvalidAllowHeaders { value, token });
                }
                Extracted::Absent => Vec::new(),
                Extracted::Values(v) => v,
            };
        // Step 7.4: a preflight made only because of use-CORS-preflight
        // still caches its method. No browser does: without the header the
        // method must be safelisted ([`Quirks::preflight_flag_allows_method`]).
        let methods = match methods {
            None if self.req.use_cors_preflight && self.quirks.preflight_flag_allows_method => {
                vec![Cow::Owned(self.req.method.clone())]
            }
            None => Vec::new(),
            Some(m) => m,
        };
        self.check_allow_methods(&methods)?;
        self.check_allow_headers(&header_names, unsafe_names)?;
        Ok(PreflightGrant {
            methods,
            headers: header_names,
            max_age: 0,
        })
    }

    /// Step 7.5: the method must be listed, safelisted, or covered by `*`.
    fn check_allow_methods(&mut self, methods: &[Cow<'_, str>]) -> Result<(), Reason> {
        let include = self.credentials_include();
        let method = &self.req.method;
        let star = methods.iter().any(|m| m == "*");
        let how = if methods.iter().any(|m| m == method) {
            MethodMatch::Listed
        } else if is_cors_safelisted_method(method) {
            MethodMatch::Safelisted
        } else if !include && star {
            MethodMatch::Wildcard
        } else if include && star {
            MethodMatch::WildcardWithCredentials
        } else if methods.iter().any(|m| m.eq_ignore_ascii_case(method)) {
            MethodMatch::OtherCase
        } else {
            MethodMatch::NotListed
        };
        let allowed = matches!(
            how,
            MethodMatch::Listed | MethodMatch::Safelisted | MethodMatch::Wildcard
        );
        let result = if allowed {
            StepResult::Pass
        } else {
            StepResult::Fail
        };
        record!(
            self.trace,
            [result],
            Step::PreflightAllowMethods,
            Decision::AllowMethods {
                method: method.clone(),
                allowed: methods.iter().map(|m| m.clone().into_owned()).collect(),
                how,
            }
        );
        if allowed {
            Ok(())
        } else {
            Err(Reason::MethodDisallowed {
                method: method.clone(),
            })
        }
    }

    /// Steps 7.6-7.7: every CORS-unsafe header listed, or covered by `*`
    /// (never `Authorization`, never with credentials).
    fn check_allow_headers(
        &mut self,
        header_names: &[Cow<'_, str>],
        unsafe_names: &[String],
    ) -> Result<(), Reason> {
        let include = self.credentials_include();
        let star = header_names.iter().any(|h| h == "*");
        let wildcard = !include && star;
        let listed = NameSet::new(header_names);
        let quirks = self.quirks;
        let allowed = |name: &str| {
            listed.contains(name)
                || (wildcard
                    && (!header::is_cors_non_wildcard_request_header_name(name)
                        || quirks.wildcard_covers_authorization))
        };
        // The first one not allowed, in the order this browser walks them
        // (walked only when there is one).
        let first_disallowed = unsafe_names
            .iter()
            .find(|n| !allowed(n))
            .map(|first_sorted| {
                match quirks.disallowed_header_order.walk(
                    &self.req.headers,
                    self.req.api,
                    self.current_url(),
                ) {
                    None => first_sorted.clone(),
                    Some(walk) => {
                        let unsafe_set = NameSet::new(unsafe_names);
                        walk.into_iter()
                            .find(|n| unsafe_set.contains(n) && !allowed(n))
                            .map_or_else(|| first_sorted.clone(), str::to_ascii_lowercase)
                    }
                }
            });
        let Some(name) = first_disallowed else {
            if !unsafe_names.is_empty() {
                record!(
                    self.trace,
                    Pass,
                    Step::PreflightAllowHeaders,
                    Decision::AllowHeaders {
                        unsafe_names: unsafe_names.to_vec(),
                        allowed: header_names
                            .iter()
                            .map(|h| h.clone().into_owned())
                            .collect(),
                        how: HeaderMatch::AllAllowed,
                    }
                );
            }
            return Ok(());
        };
        record!(self.trace, Fail, Step::PreflightAllowHeaders, {
            let how = if wildcard {
                HeaderMatch::NeedsListing(name.clone())
            } else if include && star {
                HeaderMatch::WildcardWithCredentials(name.clone())
            } else {
                HeaderMatch::NotListed(name.clone())
            };
            Decision::AllowHeaders {
                unsafe_names: unsafe_names.to_vec(),
                allowed: header_names
                    .iter()
                    .map(|h| h.clone().into_owned())
                    .collect(),
                how,
            }
        });
        let as_written = self
            .req
            .headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(&name))
            .map_or_else(|| name.clone(), |(n, _)| n.to_owned());
        Err(Reason::HeaderDisallowed { name, as_written })
    }

    /// Steps 7.8-7.9: max-age, defaulted and capped; then the result is
    /// cached under this origin and URL.
    fn cache_preflight_result(
        &mut self,
        headers: &HeaderList,
        unsafe_names: &[String],
        mut grant: PreflightGrant<Cow<'_, str>>,
        cache: &mut PreflightCache,
    ) {
        let rules = self.quirks.max_age;
        let (max_age, how) = match header::parse_max_age(headers) {
            MaxAge::Absent => (Some(rules.default), MaxAgeUse::Default(rules.default)),
            MaxAge::Invalid(value) if rules.empty_is_absent && value.is_empty() => {
                (Some(rules.default), MaxAgeUse::Default(rules.default))
            }
            MaxAge::Seconds(sent) if sent > rules.cap => (
                Some(rules.cap),
                MaxAgeUse::Capped {
                    sent,
                    cap: rules.cap,
                },
            ),
            MaxAge::Seconds(s) => (Some(s), MaxAgeUse::Seconds(s)),
            MaxAge::Invalid(value) => {
                let negative = value
                    .strip_prefix('-')
                    .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()));
                let seconds = if negative {
                    rules.negative
                } else {
                    rules.invalid
                };
                (seconds, MaxAgeUse::Invalid { value, seconds })
            }
        };
        record!(
            self.trace,
            Info,
            Step::PreflightMaxAge,
            Decision::MaxAge {
                header: headers.get("access-control-max-age").map(|v| lossy(&v)),
                how,
            }
        );
        let Some(max_age) = max_age else {
            return;
        };
        grant.max_age = max_age;
        let query = CacheQuery {
            origin: self.cache_origin(),
            url: self.current_url().as_str(),
            credentials: self.credentials_include(),
            method: &self.req.method,
            use_cors_preflight: self.req.use_cors_preflight,
            unsafe_names,
        };
        cache.store(&query, &grant, self.at);
    }
}
