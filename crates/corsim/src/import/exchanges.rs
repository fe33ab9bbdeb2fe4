//! Recorded HTTP exchanges (from a HAR file or a `curl -v` transcript) to a
//! scenario: preflights (`OPTIONS` with `Access-Control-Request-Method`),
//! the requests themselves, and the redirects between them.

use super::{
    about_page, about_request, about_server, key, Assumption, EvidenceKind, ImportError, Imported,
};
use crate::scenario::{
    CredentialsMode, Extensions, RequestSpec, ResponseSpec, Responses, ServerEntry, ServerMap,
};
use crate::{Browser, Scenario};

/// A response's status and headers, as recorded.
pub(super) type Response = (u16, Vec<(String, String)>);

/// One request and what answered it, as recorded.
#[derive(Debug, Clone)]
pub(super) struct Exchange {
    pub method: String,
    pub url: String,
    pub request_headers: Vec<(String, String)>,
    /// `None` when no response was received (blocked, failed, not sent).
    pub response: Option<Response>,
    /// Cookies were sent (a `Cookie` header, or a HAR's `request.cookies`).
    pub cookies: bool,
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

impl Exchange {
    fn is_preflight(&self) -> bool {
        self.method.eq_ignore_ascii_case("OPTIONS")
            && header(&self.request_headers, "access-control-request-method").is_some()
    }

    fn origin(&self) -> Option<&str> {
        header(&self.request_headers, "origin")
    }
}

/// Request headers a browser (or curl) adds by itself: not the script's.
fn added_by_the_client(name: &str, value: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.starts_with(':')
        || lower.starts_with("sec-")
        || lower.starts_with("proxy-")
        || matches!(
            lower.as_str(),
            "host"
                | "user-agent"
                | "origin"
                | "referer"
                | "connection"
                | "content-length"
                | "cookie"
                | "accept-encoding"
                | "priority"
                | "pragma"
                | "cache-control"
                | "dnt"
                | "te"
                | "upgrade-insecure-requests"
                | "keep-alive"
                | "expect"
                | "access-control-request-method"
                | "access-control-request-headers"
        )
        || (lower == "accept" && value == "*/*")
        || (lower == "accept-language" && value.contains(";q="))
}

/// Response headers that are about the transport, not what the server said.
fn transport_header(name: &str) -> bool {
    name.starts_with(':')
}

fn response_spec(response: &(u16, Vec<(String, String)>)) -> ResponseSpec {
    ResponseSpec::new(
        response.0,
        response
            .1
            .iter()
            .filter(|(n, _)| !transport_header(n))
            .cloned(),
    )
}

/// The URL a `Location` value points to, from `base`.
fn resolve(base: &str, location: &str) -> Option<String> {
    let base = url::Url::parse(base).ok()?;
    base.join(location).ok().map(|u| u.to_string())
}

/// A request being put together from its exchanges.
struct Pending {
    request: RequestSpec,
    /// Where its last hop's redirect points, if it was a redirect.
    next: Option<String>,
    /// Only its preflight was seen so far.
    preflight_only: bool,
}

/// Server answers per URL: (key, URL as written, preflights, actuals), and
/// where each key is.
#[derive(Default)]
struct Slots {
    list: Vec<(String, String, Vec<ResponseSpec>, Vec<ResponseSpec>)>,
    index: std::collections::BTreeMap<String, usize>,
}

impl Slots {
    fn slot(&mut self, url: &str) -> usize {
        let k = key(url);
        if let Some(&i) = self.index.get(&k) {
            return i;
        }
        self.list
            .push((k.clone(), url.to_owned(), Vec::new(), Vec::new()));
        self.index.insert(k, self.list.len() - 1);
        self.list.len() - 1
    }
}

/// Builds the scenario.
pub(super) fn scenario(
    exchanges: &[Exchange],
    kind: EvidenceKind,
    browser: Option<Browser>,
    page_hint: Option<String>,
    mut assumed: Vec<Assumption>,
) -> Result<Imported, ImportError> {
    let page = page_of(exchanges, page_hint, &mut assumed);
    let mut server = Slots::default();
    let requests = requests_of(exchanges, &mut server);
    if requests.is_empty() {
        return Err(super::unrecognized("no request in it"));
    }
    if requests.len() > super::MAX_IMPORTED_REQUESTS {
        return Err(ImportError::new(
            None,
            format!(
                "{} requests; import at most {} at a time",
                requests.len(),
                super::MAX_IMPORTED_REQUESTS
            ),
        ));
    }
    answer_unanswered(&mut server, &mut assumed);
    let list = |mut v: Vec<ResponseSpec>| -> Option<Responses> {
        match v.len() {
            0 => None,
            1 => v.pop().map(Responses::One),
            _ => Some(Responses::Sequence(v)),
        }
    };
    let mut map = ServerMap::default();
    // The map's entries are the slots, in order: a slot's position is its
    // entry's.
    let Slots { list: slots, index } = server;
    for (_, url, preflights, actuals) in slots {
        map.insert(
            url,
            ServerEntry {
                preflight: list(preflights),
                actual: list(actuals),
                ..ServerEntry::default()
            },
        );
    }
    let mut scenario = Scenario {
        page,
        requests: Vec::new(),
        server: map,
        extensions: Extensions::default(),
        address_spaces: crate::local_network::AddressSpaces::default(),
        permissions: crate::local_network::Permissions::default(),
        frame: None,
    };
    for (i, p) in requests.into_iter().enumerate() {
        let mut request = p.request;
        #[allow(clippy::cast_precision_loss)] // at most MAX_IMPORTED_REQUESTS
        {
            request.at = i as f64 * 0.001;
        }
        scenario.requests.push(request);
    }
    // The exchanges happened: Local Network Access let them through.
    let urls: Vec<String> = scenario.server.0.iter().map(|(u, _)| u.clone()).collect();
    // A new scenario decides no permission: nothing contradicts.
    assumed.extend(super::local::let_through(&mut scenario, &urls).unwrap_or_default());
    if scenario
        .requests
        .iter()
        .any(|r| r.credentials == CredentialsMode::Include)
    {
        assumed.push(about_request(
            "Cookies were sent: assumed credentials: \"include\" (withCredentials for XHR).",
        ));
    }
    add_missing_preflights(
        &mut scenario,
        exchanges,
        &index,
        kind,
        browser,
        &mut assumed,
    );
    Ok(Imported {
        scenario,
        kind,
        browser,
        assumed,
        evidence: Vec::new(),
    })
}

/// The page: the first Origin that is not `null` (a redirect taints it),
/// else `page_hint`, else `null` when every Origin is (an opaque page, such
/// as a sandboxed iframe's); with no Origin and no hint, one assumed that
/// the URLs are not of, said in `assumed`.
fn page_of(
    exchanges: &[Exchange],
    page_hint: Option<String>,
    assumed: &mut Vec<Assumption>,
) -> String {
    let page = exchanges
        .iter()
        .filter_map(Exchange::origin)
        .find(|o| *o != "null")
        .map(str::to_owned)
        .or(page_hint)
        .or_else(|| {
            exchanges
                .iter()
                .any(|e| e.origin() == Some("null"))
                .then(|| "null".to_owned())
        });
    if let Some(page) = page {
        return page;
    }
    let avoid: Vec<String> = exchanges
        .iter()
        .filter_map(|e| url::Url::parse(&e.url).ok())
        .map(|u| u.origin().ascii_serialization())
        .collect();
    // An `http:` page for an `http:` URL: an `https:` page's request
    // would be mixed content, which the exchange shows it was not.
    let insecure = avoid.first().is_some_and(|a| a.starts_with("http:"));
    let page = if insecure {
        ["http://app.example", "http://page.example"]
    } else {
        ["https://app.example", "https://page.example"]
    }
    .into_iter()
    .find(|p| !avoid.iter().any(|a| a == p))
    .unwrap_or("https://page.invalid")
    .to_owned();
    assumed.push(about_page(format!(
        "No request carries an Origin header: assumed the page is {page}."
    )));
    page
}

/// The requests the exchanges show, in order (a preflight stands for the
/// request it asks for until that request is seen), with every answer
/// filed in `server` by URL.
fn requests_of(exchanges: &[Exchange], server: &mut Slots) -> Vec<Pending> {
    let mut requests: Vec<Pending> = Vec::new();
    for e in exchanges {
        let i = server.slot(&e.url);
        if e.is_preflight() {
            if let Some(response) = &e.response {
                server.list[i].2.push(response_spec(response));
            }
            // The preflight of a redirect's next hop, or of a request seen
            // already: nothing new. Otherwise the request is what it asks for.
            let known = requests.last().is_some_and(|p| {
                p.next.as_deref().map(key).as_deref() == Some(server.list[i].0.as_str())
                    || (p.preflight_only && key(&p.request.url) == server.list[i].0)
            });
            if !known {
                let mut request = RequestSpec::get(e.url.clone());
                header(&e.request_headers, "access-control-request-method")
                    .unwrap_or("GET")
                    .clone_into(&mut request.method);
                if let Some(names) = header(&e.request_headers, "access-control-request-headers") {
                    for name in names.split(',').map(str::trim).filter(|n| !n.is_empty()) {
                        request
                            .headers
                            .push((name.to_owned(), placeholder_value(name).to_owned()));
                    }
                }
                requests.push(Pending {
                    request,
                    next: None,
                    preflight_only: true,
                });
            }
            continue;
        }
        let here = server.list[i].0.as_str();
        let continues = requests
            .last()
            .and_then(|p| p.next.as_deref())
            .is_some_and(|next| key(next) == here);
        let completes = requests.last().is_some_and(|p| {
            p.preflight_only
                && key(&p.request.url) == here
                && p.request.method.eq_ignore_ascii_case(&e.method)
        });
        if completes {
            // The request its preflight asked for: now known as sent.
            if let Some(p) = requests.last_mut() {
                p.preflight_only = false;
                fill_request(&mut p.request, e);
            }
        } else if !continues {
            let mut request = RequestSpec::get(e.url.clone());
            e.method.clone_into(&mut request.method);
            fill_request(&mut request, e);
            requests.push(Pending {
                request,
                next: None,
                preflight_only: false,
            });
        }
        let Some(last) = requests.last_mut() else {
            continue;
        };
        last.next = None;
        if let Some(response) = &e.response {
            server.list[i].3.push(response_spec(response));
            if (300..400).contains(&response.0) {
                last.next = header(&response.1, "location").and_then(|l| resolve(&e.url, l));
            }
        }
    }
    requests
}

/// A URL whose request was not answered in the evidence answers 200: with
/// the Access-Control-Allow-Origin and -Credentials of its preflight, if
/// one was, said in `assumed`.
fn answer_unanswered(server: &mut Slots, assumed: &mut Vec<Assumption>) {
    for (_, url, preflights, actuals) in &mut server.list {
        if actuals.is_empty() {
            // Only the preflight was recorded: the request itself answers
            // as the preflight allowed it.
            let allow: Vec<(String, String)> = preflights
                .first()
                .map(|p| {
                    p.headers
                        .iter()
                        .filter(|(name, _)| {
                            name.eq_ignore_ascii_case("access-control-allow-origin")
                                || name.eq_ignore_ascii_case("access-control-allow-credentials")
                        })
                        .cloned()
                        .collect()
                })
                .unwrap_or_default();
            if preflights.is_empty() {
                assumed.push(about_server(format!(
                    "No response from {} was recorded: assumed 200 without CORS headers (which a browser blocks).",
                    crate::escape::Escaped(url)
                )));
            } else {
                assumed.push(about_server(format!(
                    "No response to the request itself at {} was recorded: assumed 200 with the preflight's Access-Control-Allow-Origin and -Credentials.",
                    crate::escape::Escaped(url)
                )));
            }
            actuals.push(ResponseSpec::new(200, allow));
        }
    }
}

/// Preflights the evidence does not show, for the requests of `scenario`
/// that need one: in a HAR (a browser's recording) that shows the request
/// answered, a 204 that allows it; otherwise the server's default answer
/// to OPTIONS. Each said in `assumed`.
fn add_missing_preflights(
    scenario: &mut Scenario,
    exchanges: &[Exchange],
    index: &std::collections::BTreeMap<String, usize>,
    kind: EvidenceKind,
    browser: Option<Browser>,
    assumed: &mut Vec<Assumption>,
) {
    // Without the trace: only the preflights are read.
    if let Ok(verdict) = crate::simulate_with(
        scenario,
        browser.unwrap_or(Browser::Chrome),
        crate::Options::without_trace(),
    ) {
        // Each URL keyed once (the slots' index finds the entry): not every
        // URL parsed again per preflight, which made a HAR of 1,000
        // requests quadratic.
        let mut answered = crate::collections::Index::new();
        for e in exchanges
            .iter()
            .filter(|e| !e.is_preflight() && e.response.is_some())
        {
            answered.insert_first(key(&e.url), 0);
        }
        for (i, v) in verdict.requests.iter().enumerate() {
            for preflight in &v.preflights {
                let target = key(&preflight.url);
                let Some(&at) = index
                    .get(&target)
                    .filter(|&&at| scenario.server.0[at].1.preflight.is_none())
                else {
                    continue;
                };
                let request = &scenario.requests[i];
                // A browser's recording (HAR) that shows the request itself
                // answered: its preflight passed.
                let sent = kind == EvidenceKind::Har && answered.get(&target).is_some();
                if sent {
                    let entry = &mut scenario.server.0[at].1;
                    let actual = entry.actual.as_ref().and_then(|r| r.nth(0));
                    let value = |name: &str| {
                        actual.and_then(|a| {
                            a.headers
                                .iter()
                                .find(|(n, _)| n.eq_ignore_ascii_case(name))
                                .map(|(_, v)| v.clone())
                        })
                    };
                    let mut headers = vec![(
                        "Access-Control-Allow-Origin".to_owned(),
                        value("access-control-allow-origin")
                            .unwrap_or_else(|| scenario.page.clone()),
                    )];
                    if let Some(c) = value("access-control-allow-credentials") {
                        headers.push(("Access-Control-Allow-Credentials".to_owned(), c));
                    }
                    headers.push((
                        "Access-Control-Allow-Methods".to_owned(),
                        request.method.clone(),
                    ));
                    let names: Vec<&str> =
                        request.headers.iter().map(|(n, _)| n.as_str()).collect();
                    if !names.is_empty() {
                        headers.push(("Access-Control-Allow-Headers".to_owned(), names.join(", ")));
                    }
                    entry.preflight = Some(Responses::One(ResponseSpec::new(204, headers)));
                    assumed.push(about_server(format!(
                        "Request {}: the HAR has no preflight, but the request went out, so its preflight passed: assumed a 204 that allows it.",
                        i + 1
                    )).of_request(i));
                } else {
                    assumed.push(about_server(format!(
                        "Request {}: no preflight was recorded, but a browser sends one: assumed the server answers OPTIONS with 200 and no CORS headers.",
                        i + 1
                    )).of_request(i));
                }
            }
        }
    }
}

/// Method, script headers and credentials of `request` from what was sent.
fn fill_request(request: &mut RequestSpec, e: &Exchange) {
    let mut headers: Vec<(String, String)> = e
        .request_headers
        .iter()
        .filter(|(n, v)| !added_by_the_client(n, v))
        .cloned()
        .collect();
    // Names the preflight asked for that the recording does not show.
    for (name, value) in &request.headers {
        if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(name)) {
            headers.push((name.clone(), value.clone()));
        }
    }
    request.headers = headers;
    if e.cookies {
        request.credentials = CredentialsMode::Include;
    }
}

/// A value for a header named in `Access-Control-Request-Headers` whose
/// value was not recorded: one that keeps it CORS-unsafe.
fn placeholder_value(name: &str) -> &'static str {
    match name.to_ascii_lowercase().as_str() {
        "content-type" => "application/json",
        "accept" | "accept-language" | "content-language" => "\"x\"",
        "range" => "bytes=0-1,2-3",
        _ => "1",
    }
}

/// Whether two URLs name the same resource.
pub(super) fn same_target(a: &str, b: &str) -> bool {
    key(a) == key(b)
}
