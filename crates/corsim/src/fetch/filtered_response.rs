//! The filtered response: what the script can see of the response, by the
//! request's response tainting.
//!
//! <https://fetch.spec.whatwg.org/#concept-filtered-response>

use super::{lossy, Fetch, Received, Tainting};
use crate::header::safelist::is_cors_safelisted_response_header_name;
use crate::header::{self, Extracted};
use crate::step::Step;
use crate::trace::record;
use crate::trace::Decision;
use crate::verdict::{ResponseType, ResponseView};

impl Fetch {
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
                url: response_url.to_string(),
                readable_headers: Vec::new(),
                body_readable: false,
            };
        }
        let redirected = self.url_list.len() > 1;
        match self.tainting {
            Tainting::Opaque => {
                record!(self.trace, Info, Step::Response, Decision::OpaqueResponse);
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
                let readable: Vec<String> = all_names(received)
                    .into_iter()
                    .filter(|n| !header::is_forbidden_response_header_name(n))
                    .collect();
                let status = received.status;
                record!(
                    self.trace,
                    Info,
                    Step::Response,
                    Decision::BasicResponse {
                        status,
                        readable: readable.clone(),
                    }
                );
                ResponseView {
                    response_type: ResponseType::Basic,
                    status,
                    redirected,
                    url: response_url.to_string(),
                    readable_headers: readable,
                    body_readable: true,
                }
            }
            Tainting::Cors => {
                let readable = self.cors_exposed(received);
                let status = received.status;
                record!(
                    self.trace,
                    Pass,
                    Step::Response,
                    Decision::CorsResponse { status }
                );
                ResponseView {
                    response_type: ResponseType::Cors,
                    status,
                    redirected,
                    url: response_url.to_string(),
                    readable_headers: readable,
                    body_readable: true,
                }
            }
        }
    }

    /// Main fetch Step 14.1: the CORS-exposed header-name list, and with it
    /// the names a CORS filtered response shows.
    ///
    /// <https://fetch.spec.whatwg.org/#concept-response-cors-exposed-header-name-list>
    fn cors_exposed(&mut self, received: &Received) -> Vec<String> {
        let include = self.credentials_include();
        let exposed = match header::extract_header_list_values(
            "access-control-expose-headers",
            &received.headers,
        ) {
            Extracted::Values(v) => v,
            Extracted::Absent | Extracted::Invalid { .. } => Vec::new(),
        };
        let exposed = if !include && exposed.iter().any(|h| h == "*") {
            all_names(received)
        } else {
            exposed
        };
        let readable: Vec<String> = all_names(received)
            .into_iter()
            .filter(|n| is_cors_safelisted_response_header_name(n, &exposed))
            .collect();
        record!(
            self.trace,
            Info,
            Step::ExposedHeaders,
            Decision::ExposedHeaders {
                header: received
                    .headers
                    .get("access-control-expose-headers")
                    .map(|v| lossy(&v)),
                credentials: include,
                readable: readable.clone(),
            }
        );
        readable
    }
}

/// Every header name of the response, lowercased, sorted, once each.
fn all_names(received: &Received) -> Vec<String> {
    let mut names: Vec<String> = received
        .headers
        .iter()
        .map(|(n, _)| n.to_ascii_lowercase())
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}
