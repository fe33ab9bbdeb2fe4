//! The filtered response: what the script can see of the response, by the
//! request's response tainting.
//!
//! <https://fetch.spec.whatwg.org/#concept-filtered-response>

use super::{lossy, Fetch, Received, Tainting};
use crate::header::safelist::is_cors_safelisted_response_header_name;
use crate::header::{self, Extracted};
use crate::header::{HeaderList, NameSet};
use crate::step::Step;
use crate::trace::record;
use crate::trace::Decision;
use crate::verdict::{ResponseType, ResponseView};

impl Fetch<'_> {
    /// The headers of the response the script gets.
    fn received_headers<'a>(&'a self, received: &'a Received) -> &'a HeaderList {
        static NONE: HeaderList = HeaderList::new();
        received
            .headers
            .as_ref()
            .or_else(|| self.hops.last().map(|h| &h.response_headers))
            .unwrap_or(&NONE)
    }

    /// The header this browser's network stack adds for the HTTP version
    /// of the last hop ([`WireRules::added_header`](crate::browser::WireRules):
    /// Firefox's `X-Firefox-Spdy` over HTTP/2): not part of what the server
    /// sent (`response_headers`), but the script reads it like the
    /// server's own.
    fn added_header(&self) -> Option<&'static str> {
        let hop = self.hops.last()?;
        self.quirks
            .wire(hop.http)
            .added_header
            .map(|(name, _)| name)
    }

    /// The filtered response and the headers the script can read.
    ///
    /// <https://fetch.spec.whatwg.org/#concept-filtered-response>
    pub(super) fn filtered_response(&mut self, received: &Received) -> ResponseView {
        let mut response_url = self.current_url().clone();
        response_url.set_fragment(None);
        if received.opaque_redirect {
            record!(
                self.trace,
                Info,
                Step::Response,
                Decision::OpaqueRedirectResponse
            );
            return ResponseView {
                response_type: ResponseType::Opaqueredirect,
                status: 0,
                redirected: false,
                url: response_url.into(),
                readable_headers: Vec::new(),
                body_readable: false,
            };
        }
        let redirected = self.url_list.len() > 1;
        let status = received.status;
        let (response_type, readable) = match self.tainting {
            Tainting::Opaque => {
                record!(self.trace, Info, Step::Response, Decision::OpaqueResponse);
                return ResponseView {
                    response_type: ResponseType::Opaque,
                    status: 0,
                    redirected: false,
                    url: String::new(),
                    readable_headers: Vec::new(),
                    body_readable: false,
                };
            }
            Tainting::Basic => {
                let readable =
                    readable_names(self.received_headers(received), self.added_header(), &|n| {
                        !header::is_forbidden_response_header_name(n)
                    });
                record!(
                    self.trace,
                    Info,
                    Step::Response,
                    Decision::BasicResponse {
                        status,
                        readable: readable.clone(),
                    }
                );
                (ResponseType::Basic, readable)
            }
            Tainting::Cors => {
                let readable = self.cors_exposed(received);
                record!(
                    self.trace,
                    Pass,
                    Step::Response,
                    Decision::CorsResponse { status }
                );
                (ResponseType::Cors, readable)
            }
        };
        ResponseView {
            response_type,
            status,
            redirected,
            url: response_url.into(),
            readable_headers: readable,
            body_readable: true,
        }
    }

    /// Main fetch Step 14.1: the CORS-exposed header-name list, and with it
    /// the names a CORS filtered response shows.
    ///
    /// <https://fetch.spec.whatwg.org/#concept-response-cors-exposed-header-name-list>
    fn cors_exposed(&mut self, received: &Received) -> Vec<String> {
        let include = self.credentials_include();
        let headers = self.received_headers(received);
        let added = self.added_header();
        let exposed =
            match header::extract_header_list_tokens("access-control-expose-headers", headers) {
                Extracted::Values(v) => v,
                Extracted::Absent | Extracted::Invalid { .. } => Vec::new(),
            };
        // `*` exposes every name, except for a request with credentials.
        let names = if include || !exposed.contains(&"*") {
            let exposed = NameSet::new(&exposed);
            readable_names(headers, added, &|n| {
                is_cors_safelisted_response_header_name::<&str>(n, &[])
                    || (exposed.contains(n) && !header::is_forbidden_response_header_name(n))
            })
        } else {
            readable_names(headers, added, &|n| {
                !header::is_forbidden_response_header_name(n)
            })
        };
        record!(self.trace, Info, Step::ExposedHeaders, {
            let header = headers
                .get("access-control-expose-headers")
                .map(|v| lossy(&v));
            Decision::ExposedHeaders {
                header,
                credentials: include,
                readable: names.clone(),
            }
        });
        names
    }
}

/// The header names of the response (and the one the browser adds) that
/// `readable` keeps, lowercased, sorted, once each.
fn readable_names(
    headers: &HeaderList,
    added: Option<&str>,
    readable: &dyn Fn(&str) -> bool,
) -> Vec<String> {
    let mut names: Vec<String> = headers
        .iter()
        .map(|(n, _)| n)
        .chain(added)
        .filter(|n| readable(n))
        .map(str::to_ascii_lowercase)
        .collect();
    crate::collections::sort(&mut names);
    names.dedup();
    names
}
