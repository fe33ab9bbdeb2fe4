//! HTTP-network-or-cache fetch and HTTP-network fetch: the request leaves
//! with its `Origin` header and (or without) credentials, and the browser's
//! network stack takes the response, or rejects it before any CORS check.
//!
//! <https://fetch.spec.whatwg.org/#concept-http-network-or-cache-fetch>

use super::{lossy, Answer, Failure, Fetch, State, Tainting};
use crate::browser::RepeatedFields;
use crate::header::HeaderList;
use crate::origin::Origin;
use crate::reason::Reason;
use crate::scenario::{CredentialsMode, HttpVersion, RequestMode};
use crate::step::Step;
use crate::trace::record;
use crate::trace::{Decision, Malformed};
use crate::verdict::{HopRecord, Sent, Stage};

impl Fetch<'_> {
    /// HTTP-network-or-cache fetch Steps 8-11: the request as it leaves,
    /// recorded as a hop; the state machine then waits for its answer.
    ///
    /// <https://fetch.spec.whatwg.org/#concept-http-network-or-cache-fetch>
    pub(super) fn send_request(&mut self) {
        let origin = self.origin_header();
        let credentials = self.include_credentials();
        let url = self.current_url().as_str().to_owned();
        record!(
            self.trace,
            Info,
            Step::Request,
            Decision::RequestSent {
                method: self.req.method.clone(),
                url: url.clone(),
                origin: origin.clone(),
                credentials,
            }
        );
        let record = HopRecord {
            url,
            method: self.req.method.clone(),
            origin,
            credentials,
            header_names: self
                .req
                .headers
                .iter()
                .map(|(n, _)| n.to_ascii_lowercase())
                .collect(),
            status: None,
            response_headers: HeaderList::new(),
            // Until the answer says.
            http: HttpVersion::default_for_scheme(self.current_url().scheme()),
            address_space: self.client.address_space(self.current_url()),
        };
        crate::collections::push_first_of_few(&mut self.hops, record);
        self.sent.push(Sent::Hop);
        self.restarts = 0;
        self.state = State::AwaitingResponse;
    }

    /// A 408 answer to the message that went out, where this browser's
    /// network stack sends it again ([`WireRules::restarts_408`]): the same
    /// message is recorded as sent once more, and `true` says it goes out.
    /// The last allowed attempt's 408 is left to [`Fetch::network_answer`],
    /// which fails the fetch.
    ///
    /// [`WireRules::restarts_408`]: crate::browser::WireRules::restarts_408
    pub(super) fn restart(&mut self) -> bool {
        let Some(Answer::Response {
            status: 408,
            headers,
            http,
        }) = &self.answer
        else {
            return false;
        };
        let http = *http;
        let Some(limit) = self.quirks.wire(http).restarts_408 else {
            return false;
        };
        if self.restarts + 1 >= limit {
            return false;
        }
        let headers = headers.clone();
        self.answer = None;
        self.restarts += 1;
        record!(
            self.trace,
            Info,
            Step::NetworkError,
            Decision::Restarted {
                status: 408,
                attempt: self.restarts + 1,
                limit,
            }
        );
        // The last message gets its answer and goes out once more; a
        // preflight and a hop are records of two types with these fields.
        macro_rules! again {
            ($records:expr, $sent:expr) => {
                if let Some(last) = $records.last_mut() {
                    last.status = Some(408);
                    last.http = http;
                    last.response_headers = headers;
                    let again = last.clone();
                    $records.push(again);
                    self.sent.push($sent);
                }
            };
        }
        match self.sent.last() {
            Some(Sent::Preflight) => again!(self.preflights, Sent::Preflight),
            Some(Sent::Hop) => again!(self.hops, Sent::Hop),
            None => {}
        }
        true
    }

    /// Step 14 (includeCredentials): cookies and HTTP authentication go
    /// along for `include`, and for `same-origin` while the response
    /// tainting is basic.
    ///
    /// <https://fetch.spec.whatwg.org/#concept-http-network-or-cache-fetch>
    fn include_credentials(&self) -> bool {
        match self.req.credentials {
            CredentialsMode::Include => true,
            CredentialsMode::SameOrigin => self.tainting == Tainting::Basic,
            CredentialsMode::Omit => false,
        }
    }

    /// Append a request `Origin` header.
    ///
    /// <https://fetch.spec.whatwg.org/#append-a-request-origin-header>
    fn origin_header(&self) -> Option<String> {
        // Step 3: a CORS request always carries Origin.
        if self.tainting == Tainting::Cors {
            return Some(self.serialized_request_origin().to_owned());
        }
        if self.quirks.origin_header_sticky && self.origin_header_kept() {
            return Some(self.serialized_request_origin().to_owned());
        }
        // Step 4: otherwise only a method other than GET and HEAD does.
        if self.req.method == "GET" || self.req.method == "HEAD" {
            return None;
        }
        // Step 4.1: in mode other than cors, the default referrer policy
        // (strict-origin-when-cross-origin) hides an https origin from http.
        if self.req.mode != RequestMode::Cors
            && self.page.scheme() == Some("https")
            && self.current_url().scheme() != "https"
        {
            return Some("null".to_owned());
        }
        Some(self.serialized_request_origin().to_owned())
    }

    /// Whether the previous hop carried `Origin` and the redirect from it
    /// stays on its origin: WebKit then keeps the header on the next hop,
    /// a `GET` too, and drops it for good at a redirect to another origin
    /// (recorded: `edge_origin-after-redirect-*`, `mix3_050`).
    fn origin_header_kept(&self) -> bool {
        let Some(previous) = self
            .url_list
            .len()
            .checked_sub(2)
            .map(|i| &self.url_list[i])
        else {
            return false;
        };
        self.hops.last().is_some_and(|hop| hop.origin.is_some())
            && Origin::of_url(previous).is_same_origin_with_url(self.current_url())
    }

    /// HTTP-network fetch: the answer as this browser's network stack takes
    /// it. A server that cannot be reached, and a response the browser
    /// rejects outright, are network errors that are not CORS failures.
    ///
    /// <https://fetch.spec.whatwg.org/#concept-http-network-fetch>
    pub(super) fn network_response(
        &mut self,
        answer: Answer,
    ) -> Result<(u16, HeaderList), Failure> {
        match self.network_answer(answer) {
            Received::Unreachable => {
                record!(self.trace, Fail, Step::NetworkError, Decision::Unreachable);
                // It never reached a server: not a hop.
                self.hops.pop();
                self.sent.pop();
                Err(Reason::NetworkError.into())
            }
            Received::Malformed(why) => {
                record!(
                    self.trace,
                    Fail,
                    Step::NetworkError,
                    Decision::Malformed { why }
                );
                Err(Reason::InvalidResponse.into())
            }
            Received::Response(status, headers) => {
                if let Some(hop) = self.hops.last_mut() {
                    hop.status = Some(status);
                }
                Ok((status, headers))
            }
        }
    }

    /// The answer to a preflight, as this browser's network stack takes it.
    pub(super) fn network_preflight_response(
        &mut self,
        answer: Answer,
    ) -> Result<(u16, HeaderList), Failure> {
        match self.network_answer(answer) {
            Received::Unreachable => {
                record!(
                    self.trace,
                    Fail,
                    Step::NetworkError,
                    Decision::PreflightUnreachable
                );
                // It never reached a server: not recorded as sent.
                self.preflights.pop();
                self.sent.pop();
                Err(Reason::NetworkError.into())
            }
            Received::Malformed(why) => {
                record!(
                    self.trace,
                    Fail,
                    Step::NetworkError,
                    Decision::PreflightMalformed { why }
                );
                Err(Failure {
                    reason: Reason::InvalidResponse,
                    status: None,
                    during: Some(Stage::Preflight),
                    location: None,
                })
            }
            Received::Response(status, headers) => {
                if let Some(record) = self.preflights.last_mut() {
                    record.status = Some(status);
                }
                Ok((status, headers))
            }
        }
    }

    /// What the network stack makes of an answer: a NUL byte in a header
    /// value (Chromium `net::ERR_HTTP2_PROTOCOL_ERROR`) and a 407 from a
    /// server that is not a proxy are rejected; field values lose their
    /// surrounding whitespace where this browser's stack strips it for the
    /// HTTP version (see [`WireRules`](crate::browser::WireRules)). The hop
    /// or preflight records the version. Names keep the casing each header
    /// was sent with.
    fn network_answer(&mut self, answer: Answer) -> Received {
        let Answer::Response {
            status,
            mut headers,
            http,
        } = answer
        else {
            return Received::Unreachable;
        };
        match self.sent.last() {
            Some(Sent::Preflight) => {
                if let Some(record) = self.preflights.last_mut() {
                    record.http = http;
                }
            }
            Some(Sent::Hop) => {
                if let Some(hop) = self.hops.last_mut() {
                    hop.http = http;
                }
            }
            None => {}
        }
        if let Some((name, _)) = headers.value_with_nul() {
            return Received::Malformed(Malformed::NulByte {
                name: name.to_owned(),
            });
        }
        // A 407 asks for proxy credentials, and there is no proxy
        // (Chromium: net::ERR_UNEXPECTED_PROXY_AUTH).
        if status == 407 && self.quirks.proxy_auth_is_network_error {
            return Received::Malformed(Malformed::ProxyAuth);
        }
        let wire = *self.quirks.wire(http);
        // Every attempt was answered with a 408 (see `restart`).
        if let (408, Some(attempts)) = (status, wire.restarts_408) {
            return Received::Malformed(Malformed::Restarts { status, attempts });
        }
        self.field_values(http, wire.trim_values, &mut headers);
        let fields = self.quirks.conflicting_fields;
        if let Some(why) = self.conflicting_lines(&headers) {
            return Received::Malformed(why);
        }
        // Alike lines of such a field are one (differing ones were refused).
        if fields.iter().any(|f| headers.values_of(f).nth(1).is_some()) {
            headers = headers.first_lines_of(fields);
        }
        if wire.repeated != RepeatedFields::Kept && headers.may_repeat_a_name() {
            let except: &[&str] = match wire.repeated {
                RepeatedFields::MergedExceptAllowOrigin => &["access-control-allow-origin"],
                _ => &[],
            };
            headers = headers.merged_skipping_empty(except);
        }
        Received::Response(status, headers)
    }

    /// A field this browser refuses to see repeated with different values
    /// ([`Quirks::conflicting_fields`](crate::browser::Quirks)).
    fn conflicting_lines(&self, headers: &HeaderList) -> Option<Malformed> {
        self.quirks.conflicting_fields.iter().find_map(|field| {
            let mut lines = headers.values_of(field);
            let first = lines.next()?;
            if lines.all(|value| value == first) {
                return None;
            }
            let (name, _) = headers
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(field))?;
            Some(Malformed::ConflictingLines {
                name: name.to_owned(),
                values: headers.values_of(field).map(lossy).collect(),
            })
        })
    }

    /// RFC 9112 §5 (HTTP/1.1): a field value does not include the optional
    /// whitespace around it, so the parser strips it. RFC 9113 §8.2.1
    /// (HTTP/2): the value arrives as sent; a stack that keeps the
    /// whitespace compares the value with it. Traced only when a value has
    /// whitespace around it.
    ///
    /// <https://www.rfc-editor.org/rfc/rfc9112#section-5>
    /// <https://www.rfc-editor.org/rfc/rfc9113#section-8.2.1>
    fn field_values(&mut self, http: HttpVersion, trim: bool, headers: &mut HeaderList) {
        let padded = |v: &[u8]| {
            matches!(v.first(), Some(b' ' | b'\t')) || matches!(v.last(), Some(b' ' | b'\t'))
        };
        if headers.iter().any(|(_, v)| padded(v)) {
            let step = match http {
                HttpVersion::Http1_1 => Step::Http1FieldValues,
                HttpVersion::Http2 => Step::Http2FieldValues,
            };
            record!(
                self.trace,
                Info,
                step,
                Decision::FieldWhitespace {
                    http,
                    trimmed: trim,
                    headers: headers
                        .iter()
                        .filter(|(_, v)| padded(v))
                        .map(|(n, v)| (n.to_owned(), lossy(v)))
                        .collect(),
                }
            );
        }
        if trim {
            headers.normalize_values();
        }
    }
}

/// An answer as the network stack received it.
enum Received {
    Unreachable,
    Malformed(Malformed),
    Response(u16, HeaderList),
}
