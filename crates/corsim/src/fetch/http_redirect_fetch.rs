//! HTTP-redirect fetch: following a redirect response to its location.
//!
//! <https://fetch.spec.whatwg.org/#http-redirect-fetch>

use url::Url;

use super::{is_http, lossy, Failure, Fetch, Tainting};
use crate::browser::RedirectPreflight;
use crate::header::{self, HeaderList};
use crate::origin::Origin;
use crate::reason::Reason;
use crate::scenario::{BodyKind, RequestMode};
use crate::step::Step;
use crate::trace::record;
use crate::trace::Decision;
use crate::url_parser;
use crate::verdict::Stage;

impl Fetch<'_> {
    /// HTTP-redirect fetch. `Ok(true)`: main fetch runs again on the new
    /// URL; `Ok(false)`: no `Location`, the redirect response itself is the
    /// response.
    ///
    /// <https://fetch.spec.whatwg.org/#http-redirect-fetch>
    pub(super) fn http_redirect_fetch(
        &mut self,
        status: u16,
        headers: &HeaderList,
    ) -> Result<bool, Failure> {
        let fail = |reason: Reason| Failure {
            reason,
            status: Some(status),
            during: Some(Stage::Redirect),
            location: None,
        };
        let Some(location_url) = self.location_url(status, headers).map_err(fail)? else {
            return Ok(false);
        };
        self.check_location(status, &location_url).map_err(fail)?;
        self.rewrite_for_redirect(status, &location_url);
        let tainted_before = self.redirect_tainted();
        self.push_url(location_url.clone());
        let count = self.redirect_count;
        record!(
            self.trace,
            Info,
            Step::Redirect,
            Decision::RedirectFollowed {
                status,
                location: location_url.as_str().to_owned(),
                count,
            }
        );
        if !tainted_before && self.redirect_tainted() {
            record!(
                self.trace,
                Info,
                Step::RedirectTaint,
                Decision::RedirectTainted
            );
        }
        Ok(true)
    }

    /// Step 3: the response's location URL, parsed against the current URL;
    /// `None` when there is no `Location` (the response is not a redirect).
    ///
    /// <https://fetch.spec.whatwg.org/#concept-response-location-url>
    fn location_url(&mut self, status: u16, headers: &HeaderList) -> Result<Option<Url>, Reason> {
        let locations: Vec<&[u8]> = headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case("location"))
            .map(|(_, v)| v)
            .collect();
        let location = match locations[..] {
            [] => {
                record!(self.trace, Info, Step::Redirect, {
                    Decision::RedirectWithoutLocation { status }
                });
                return Ok(None);
            }
            [value] => lossy(value),
            // WebKit follows the lines joined as one URL.
            _ if self.quirks.location_lines_joined => locations
                .iter()
                .map(|v| lossy(v))
                .collect::<Vec<_>>()
                .join(", "),
            _ => {
                let location = locations
                    .iter()
                    .map(|v| lossy(v))
                    .collect::<Vec<_>>()
                    .join(", ");
                record!(
                    self.trace,
                    Fail,
                    Step::Redirect,
                    Decision::RedirectManyLocations {
                        location: location.clone(),
                    }
                );
                return Err(Reason::InvalidRedirectLocation { location });
            }
        };
        let current = self.current_url();
        let Ok(mut location_url) = url_parser(&location, Some(current)) else {
            record!(
                self.trace,
                Fail,
                Step::Redirect,
                Decision::RedirectInvalidLocation {
                    location: location.clone(),
                }
            );
            return Err(Reason::InvalidRedirectLocation { location });
        };
        if location_url.fragment().is_none() {
            location_url.set_fragment(current.fragment());
        }
        Ok(Some(location_url))
    }

    /// Steps 6-11: what the location and the request must be for the
    /// redirect to be followed.
    fn check_location(&mut self, status: u16, location_url: &Url) -> Result<(), Reason> {
        let location = || location_url.as_str().to_owned();
        let scheme = location_url.scheme();
        // Step 6: only http(s) locations. Chromium's network stack refuses
        // "unsafe" redirect targets itself (net::ERR_UNSAFE_REDIRECT); other
        // schemes reach the CORS check.
        let unsafe_target = matches!(
            scheme,
            "data" | "file" | "blob" | "filesystem" | "javascript" | "about"
        );
        if !is_http(location_url)
            && !unsafe_target
            && self.quirks.cors_scheme_check_on_redirect
            && self.req.mode == RequestMode::Cors
        {
            record!(
                self.trace,
                Fail,
                Step::Redirect,
                Decision::RedirectCorsScheme {
                    scheme: scheme.to_owned(),
                    location: location(),
                }
            );
            self.push_url(location_url.clone());
            return Err(Reason::CorsDisabledScheme {
                scheme: scheme.to_owned(),
            });
        }
        if !is_http(location_url) {
            record!(
                self.trace,
                Fail,
                Step::Redirect,
                Decision::RedirectNonHttp {
                    scheme: scheme.to_owned(),
                    location: location(),
                }
            );
            return Err(Reason::RedirectToNonHttpScheme {
                location: location(),
            });
        }
        // Steps 7-8: at most 20 redirects.
        if self.redirect_count == 20 {
            record!(
                self.trace,
                Fail,
                Step::Redirect,
                Decision::TooManyRedirects {
                    location: location(),
                }
            );
            return Err(Reason::TooManyRedirects);
        }
        self.redirect_count += 1;
        // Steps 9-10: credentials in the location.
        let has_credentials =
            !location_url.username().is_empty() || location_url.password().is_some();
        if has_credentials
            && ((self.req.mode == RequestMode::Cors
                && !self.page.is_same_origin(&Origin::of_url(location_url)))
                || self.tainting == Tainting::Cors)
        {
            record!(
                self.trace,
                Fail,
                Step::Redirect,
                Decision::RedirectWithCredentials {
                    location: location(),
                }
            );
            return Err(Reason::RedirectContainsCredentials {
                location: location(),
            });
        }
        // Step 11: a stream body cannot be replayed, except after a 303.
        if status != 303 && self.req.body == Some(BodyKind::Stream) {
            record!(
                self.trace,
                Fail,
                Step::Redirect,
                Decision::StreamBodyRedirect
            );
            return Err(Reason::StreamBodyRedirect);
        }
        Ok(())
    }

    /// Steps 12-13: what the request becomes for the next hop.
    fn rewrite_for_redirect(&mut self, status: u16, location_url: &Url) {
        let cross_origin =
            !Origin::of_url(self.current_url()).is_same_origin(&Origin::of_url(location_url));
        // Step 12: 301/302 POST and 303 non-GET/HEAD become GET without a
        // body; in WebKitGTK, a DELETE to another origin too (recorded:
        // edge_redirect-{fetch,xhr}-delete-*).
        let method = &self.req.method;
        if ((status == 301 || status == 302) && method == "POST")
            || (status == 303 && method != "GET" && method != "HEAD")
            || (self.quirks.cross_origin_delete_redirects_as_get
                && cross_origin
                && method == "DELETE")
        {
            let removed: Vec<String> = if self.quirks.redirect_keeps_body_headers {
                Vec::new()
            } else {
                self.req
                    .headers
                    .iter()
                    .filter(|(n, _)| header::is_request_body_header_name(n))
                    .map(|(n, _)| n.to_ascii_lowercase())
                    .collect()
            };
            for name in &removed {
                self.req.headers.delete(name);
            }
            if !removed.is_empty() {
                self.req.author_content_type = None;
            }
            record!(
                self.trace,
                Info,
                Step::Redirect,
                Decision::RedirectToGet {
                    status,
                    method: self.req.method.clone(),
                    removed,
                }
            );
            "GET".clone_into(&mut self.req.method);
            self.req.body = None;
        }
        // Firefox and WebKit preflight every next hop again, to the same
        // origin too (recorded: edge_redirect-30x-authorization,
        // -303-put-json, and the edge_redirect-{fetch,xhr}-* cases).
        if self.quirks.redirect_keeps_preflight == RedirectPreflight::EveryHop
            && !self.preflights.is_empty()
            && !self.req.use_cors_preflight
        {
            self.req.use_cors_preflight = true;
            record!(self.trace, Info, Step::UseCorsPreflightFlag, {
                Decision::RedirectSetsPreflightFlag
            });
        }
        // Step 13: a cross-origin hop removes Authorization.
        if !self.quirks.redirect_keeps_authorization
            && cross_origin
            && self.req.headers.contains("authorization")
        {
            self.req.headers.delete("authorization");
            record!(
                self.trace,
                Info,
                Step::Redirect,
                Decision::AuthorizationRemoved
            );
        }
    }
}
