//! From what console lines say to a scenario that prints them again.
//!
//! Each request the lines are about gets a few candidate scenarios, most
//! likely first; each is simulated in the browser the lines came from, and
//! the first that prints exactly those lines is kept (or, when the paste
//! holds only part of a message group, the first that prints them among
//! its lines). The requests are then put together in one scenario, far
//! enough apart in time that no preflight-cache entry carries over.

use std::collections::BTreeMap;

use super::console::{ChromeBody, Fact, Failure, FirefoxReason, Recognized, WebKitDetail};
use super::local;
use super::{
    about_evidence, about_page, about_request, about_server, key, Assumption, EvidenceKind,
    ImportError, Imported,
};
use crate::local_network::{
    is_potentially_trustworthy, AddressSpace, AddressSpaces, PermissionDecisions, PermissionState,
};
use crate::origin::Origin;
use crate::scenario::{
    Api, CredentialsMode, HttpVersion, RedirectMode, RequestMode, RequestSpec, ResponseSpec,
    Responses, ServerEntry, ServerMap,
};
use crate::url_parser;
use crate::{simulate_with, Browser, Options, Scenario};

/// The lines about one request.
#[derive(Debug, Clone)]
pub(super) struct Group {
    pub lines: Vec<Recognized>,
    /// The method Chrome's network line names (`console::NetworkLine`).
    pub method: Option<String>,
}

impl Group {
    pub(super) fn new(first: Recognized) -> Self {
        Self {
            lines: vec![first],
            method: None,
        }
    }

    /// Whether the group's first line is about `url`.
    pub(super) fn url_is(&self, url: &str) -> bool {
        match &self.lines[0].fact {
            Fact::Firefox { url: u, .. } => u == url,
            _ => false,
        }
    }

    fn texts(&self) -> Vec<String> {
        self.lines.iter().map(|l| l.text.clone()).collect()
    }
}

/// One way to reproduce one request.
#[derive(Debug, Clone)]
struct Plan {
    request: RequestSpec,
    server: Vec<(String, ServerEntry)>,
    assumed: Vec<Assumption>,
    /// What the evidence says about Local Network Access; `None` when it
    /// shows the request went out (see `local::let_through`).
    local: Option<Local>,
}

impl Plan {
    /// This plan with the method Chrome's network line names. The
    /// simulation then says whether it still prints the message.
    fn with_method(&self, origin: &str, method: &str) -> Self {
        let mut plan = self.clone();
        plan.forget_assumed_method();
        let old = std::mem::replace(&mut plan.request.method, method.to_owned());
        if old != method {
            if plan.server.iter().any(|(_, e)| e.preflight.is_some()) {
                plan.preflighted_with(&old);
            } else if !crate::method::is_cors_safelisted_method(method) {
                plan.preflight_allowing(origin);
            }
        }
        plan
    }

    /// Drops the sentence that assumed a method: the evidence names one.
    fn forget_assumed_method(&mut self) {
        self.assumed
            .retain(|a| a.text != ASSUMED_GET && a.text != ASSUMED_PUT);
    }

    /// A plan with a preflight, its method now the request's in place of
    /// `old`: the preflight's answer allows it where it allowed `old`, and a
    /// method that needs no preflight gets a header that does
    /// (`Content-Type: application/json`, the usual one).
    fn preflighted_with(&mut self, old: &str) {
        let method = self.request.method.clone();
        let safelisted = crate::method::is_cors_safelisted_method(&method);
        let needs_header = safelisted && self.request.headers.is_empty();
        let answers = self
            .server
            .iter_mut()
            .filter_map(|(_, e)| match &mut e.preflight {
                Some(Responses::One(spec)) => Some(&mut spec.headers),
                // Plans answer with one response; a list is `assemble`'s.
                Some(Responses::Sequence(_)) | None => None,
            });
        for headers in answers {
            let listed = headers.iter().any(|(n, _)| n == ACAM);
            let mut allowed = false;
            for (_, value) in headers.iter_mut().filter(|(n, v)| n == ACAM && v == old) {
                value.clone_from(&method);
                allowed = true;
            }
            if !listed && !safelisted {
                headers.push(h(ACAM, &method));
            }
            if allowed && needs_header {
                headers.push(h(ACAH, "content-type"));
            }
        }
        if needs_header {
            self.request
                .headers
                .push(h("Content-Type", "application/json"));
            self.assumed.push(about_request(format!(
                "The network line names {method}, which needs no preflight by itself: assumed a Content-Type: application/json header, which does."
            )));
        }
    }

    /// A plan without a preflight whose method now needs one: the server
    /// answers it, allowing the method.
    fn preflight_allowing(&mut self, origin: &str) {
        let method = &self.request.method;
        let credentials = self.request.credentials == CredentialsMode::Include;
        let allowing = Shape::method(method).allowing(origin, credentials);
        let url = &self.request.url;
        if let Some((_, e)) = self.server.iter_mut().find(|(u, _)| u == url) {
            e.preflight = Some(response(204, allowing));
            self.assumed.push(about_server(format!(
                "{method} needs a preflight, and the message is about the response: assumed the server answered the preflight with a 204 that allows it."
            )));
        }
    }
}

/// Local Network Access settings a plan needs (contract §11).
#[derive(Debug, Clone, Default)]
struct Local {
    address_spaces: AddressSpaces,
    /// The page's decisions.
    permissions: PermissionDecisions,
}

const ACAO: &str = "Access-Control-Allow-Origin";
const ACAC: &str = "Access-Control-Allow-Credentials";
const ACAM: &str = "Access-Control-Allow-Methods";
const ACAH: &str = "Access-Control-Allow-Headers";
/// How far apart the imported requests are, in seconds: more than any
/// browser keeps a preflight result (Firefox: 86,400 s).
const SPACING: f64 = 100_000.0;

fn h(name: &str, value: &str) -> (String, String) {
    (name.to_owned(), value.to_owned())
}

fn response(status: u16, headers: Vec<(String, String)>) -> Responses {
    Responses::One(ResponseSpec::new(status, headers))
}

fn entry(preflight: Option<Responses>, actual: Option<Responses>) -> ServerEntry {
    ServerEntry {
        preflight,
        actual,
        ..ServerEntry::default()
    }
}

/// The origin of a URL, serialized (`None` when it does not parse).
fn origin_of(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url).ok()?;
    Some(parsed.origin().ascii_serialization())
}

fn is_http(url: &str) -> bool {
    url.starts_with("http://") || url.starts_with("https://")
}

/// The headers that let `origin` read a response (and with credentials).
fn allow(origin: &str, credentials: bool) -> Vec<(String, String)> {
    if credentials {
        vec![h(ACAO, origin), h(ACAC, "true")]
    } else if origin == "null" {
        vec![h(ACAO, "*")]
    } else {
        vec![h(ACAO, origin)]
    }
}

/// The headers that make the CORS check fail as `failure` says.
fn failing(failure: &Failure, origin: &str, browser: Browser) -> Vec<(String, String)> {
    match failure {
        Failure::Missing => Vec::new(),
        Failure::Wildcard => vec![h(ACAO, "*")],
        Failure::Multiple(Some(v)) | Failure::Invalid(v) | Failure::Mismatch(v) => {
            vec![h(ACAO, v)]
        }
        Failure::Multiple(None) if browser == Browser::Firefox => {
            vec![h(ACAO, origin), h(ACAO, origin)]
        }
        Failure::Multiple(None) => vec![h(ACAO, &format!("{origin}, {origin}"))],
        Failure::Credentials(value) => {
            let mut headers = vec![h(ACAO, origin)];
            if let Some(v) = value.as_deref().filter(|v| !v.is_empty()) {
                // Whitespace at an end of the value does not survive one
                // line (the network stack trims each line's value): a
                // combined value such as `true, ` is one line per part.
                let ws: &[char] = &[' ', '\t'];
                if v.trim_matches(ws) != v && v.contains(',') {
                    headers.extend(v.split(',').map(|part| h(ACAC, part.trim_matches(ws))));
                } else {
                    headers.push(h(ACAC, v));
                }
            }
            headers
        }
    }
}

fn needs_credentials(failure: &Failure) -> bool {
    matches!(failure, Failure::Wildcard | Failure::Credentials(_))
}

/// A value that makes `name` a CORS-unsafe request-header (so that it
/// needs a preflight), whatever the name.
fn unsafe_value(name: &str) -> &'static str {
    match name.to_ascii_lowercase().as_str() {
        "content-type" => "application/json",
        "accept" | "accept-language" | "content-language" => "\"x\"",
        "range" => "bytes=0-1,2-3",
        "device-memory" | "dpr" | "downlink" | "width" | "viewport-width" | "rtt" | "ect"
        | "save-data" => "x",
        _ => "1",
    }
}

/// A request that needs a preflight, with what each passing preflight
/// answer must allow.
struct Shape {
    method: String,
    header: Option<String>,
}

impl Shape {
    fn method(m: &str) -> Self {
        Self {
            method: m.to_owned(),
            header: None,
        }
    }
    fn header(name: &str) -> Self {
        Self {
            method: "GET".to_owned(),
            header: Some(name.to_owned()),
        }
    }
    fn assumed_put() -> Self {
        Self::method("PUT")
    }

    fn apply(&self, request: &mut RequestSpec) {
        request.method.clone_from(&self.method);
        if let Some(name) = &self.header {
            request
                .headers
                .push((name.clone(), unsafe_value(name).to_owned()));
        }
    }

    /// The headers of a preflight answer that allows this shape.
    fn allowing(&self, origin: &str, credentials: bool) -> Vec<(String, String)> {
        let mut headers = allow(origin, credentials);
        if !matches!(self.method.as_str(), "GET" | "HEAD" | "POST") {
            headers.push(h(ACAM, &self.method));
        }
        if let Some(name) = &self.header {
            headers.push(h(ACAH, name));
        }
        headers
    }
}

/// Assumption sentences.
const ASSUMED_PUT: &str =
    "The message does not name the method: assumed PUT, which needs a preflight.";
const ASSUMED_NO_COOKIES: &str = "The messages do not say whether cookies were sent where nothing failed about credentials: assumed not (credentials \"same-origin\", XHR without withCredentials).";
const ASSUMED_GET: &str = "The message does not name the method: assumed GET.";
const ASSUMED_PREFLIGHT_204: &str =
    "The message does not give the preflight's status: assumed 204.";
const ASSUMED_STATUS_200: &str = "The message does not give the response's status: assumed 200.";

/// Everything a request's candidates need to know.
struct Ctx<'a> {
    browser: Browser,
    page: &'a str,
    /// The request's origin where the check fails: the page's, or `null`
    /// after a redirect between origins.
    origin: &'a str,
}

impl Ctx<'_> {
    fn request(api: Api, url: &str, credentials: bool) -> RequestSpec {
        let mut request = RequestSpec::get(url);
        request.api = api;
        if credentials {
            request.credentials = CredentialsMode::Include;
        }
        request
    }

    /// A request whose response (or preflight, with `preflight_status`)
    /// fails the CORS check as `failure` says.
    fn cors_failure(
        &self,
        api: Api,
        url: &str,
        failure: &Failure,
        on_preflight: Option<u16>,
        status: Option<u16>,
    ) -> Plan {
        let credentials = needs_credentials(failure);
        let mut request = Self::request(api, url, credentials);
        let mut assumed = Vec::new();
        if credentials {
            assumed.push(about_request(credentials_sentence(api)));
        }
        let origin = self.origin;
        let fail = failing(failure, origin, self.browser);
        let server = if let Some(preflight_status) = on_preflight {
            let shape = Shape::assumed_put();
            shape.apply(&mut request);
            assumed.push(about_request(ASSUMED_PUT));
            vec![(
                url.to_owned(),
                entry(
                    Some(response(preflight_status, fail)),
                    Some(response(200, allow(origin, credentials))),
                ),
            )]
        } else {
            assumed.push(about_request(ASSUMED_GET));
            if status.is_none() {
                assumed.push(about_server(ASSUMED_STATUS_200));
            }
            vec![(
                url.to_owned(),
                entry(None, Some(response(status.unwrap_or(200), fail))),
            )]
        };
        Plan {
            request,
            server,
            assumed,
            local: None,
        }
    }

    /// A request with `shape` whose preflight answer has `preflight`.
    fn preflighted(
        &self,
        api: Api,
        url: &str,
        shape: &Shape,
        preflight: (u16, Vec<(String, String)>),
        assumed: Vec<Assumption>,
    ) -> Plan {
        let mut request = Self::request(api, url, false);
        shape.apply(&mut request);
        let mut assumed = assumed;
        if shape.method == "GET" {
            assumed.insert(0, about_request(ASSUMED_GET));
        }
        if preflight.0 == 204 {
            assumed.push(about_server(ASSUMED_PREFLIGHT_204));
        }
        Plan {
            server: vec![(
                url.to_owned(),
                entry(
                    Some(response(preflight.0, preflight.1)),
                    Some(response(200, allow(self.origin, false))),
                ),
            )],
            request,
            assumed,
            local: None,
        }
    }

    /// A request to `url`, in `space`, that Local Network Access stops
    /// before anything is sent: from a public page, to a server that would
    /// have allowed it.
    fn local_refused(&self, api: Api, url: &str, space: AddressSpace) -> Plan {
        let mut local = Local::default();
        let mut assumed = vec![about_request(ASSUMED_GET)];
        if let Ok(parsed) = url::Url::parse(url) {
            if local::space_by_name(&parsed) != space {
                let origin = parsed.origin().ascii_serialization();
                assumed.push(about_server(format!(
                    "The message puts {origin} in the {space} address space, which its name does not say: an address_spaces entry says so."
                )));
                local.address_spaces.insert(origin, space);
            }
        }
        if let Ok(page) = url::Url::parse(self.page) {
            if local::space_by_name(&page) != AddressSpace::Public {
                let origin = page.origin().ascii_serialization();
                assumed.push(about_page(format!(
                    "Local Network Access stopped the request, so the page was in a less private address space: assumed {origin} is public."
                )));
                local.address_spaces.insert(origin, AddressSpace::Public);
            }
        }
        let mut request = Self::request(api, url, false);
        // An `https:` page's request to an insecure URL is mixed content,
        // blocked before Local Network Access decides, unless fetch() named
        // a local network (Chrome then warns and goes on).
        let insecure_url = url::Url::parse(url).is_ok_and(|u| {
            u.scheme() == "http" && local::space_by_name(&u) != AddressSpace::Loopback
        });
        if insecure_url && self.page.starts_with("https:") && api == Api::Fetch {
            request.target_address_space = Some(space);
            assumed.push(about_request(format!(
                "An https: page reaches an http: URL only when fetch() names a local network: assumed targetAddressSpace: \"{space}\"."
            )));
        }
        Plan {
            request,
            server: vec![(
                url.to_owned(),
                entry(None, Some(response(200, allow(self.origin, false)))),
            )],
            assumed,
            local: Some(local),
        }
    }

    /// A request with the assumed PUT whose preflight fails it: answered
    /// with `status` and the headers that allow the page (and PUT, when
    /// `allows_put`), then `extra`; and what `said` was assumed of the
    /// answer.
    fn put_answered(
        &self,
        api: Api,
        url: &str,
        (status, allows_put): (u16, bool),
        extra: &[(&str, &str)],
        said: &str,
    ) -> Plan {
        let put = Shape::assumed_put();
        let mut headers = if allows_put {
            put.allowing(self.origin, false)
        } else {
            allow(self.origin, false)
        };
        headers.extend(extra.iter().map(|&(name, value)| h(name, value)));
        self.preflighted(
            api,
            url,
            &put,
            (status, headers),
            vec![about_request(ASSUMED_PUT), about_server(said)],
        )
    }

    /// A request to `url`, in `space`, that Local Network Access stops
    /// because the page's permission for `space` is denied.
    fn local_denied(&self, api: Api, url: &str, space: AddressSpace) -> Plan {
        let mut plan = self.local_refused(api, url, space);
        if let (Some(local), Some(permission)) = (&mut plan.local, space.permission()) {
            *local.permissions.decision_mut(permission) = Some(PermissionState::Denied);
        }
        plan
    }

    /// A request to `url` redirected (302) to a URL with credentials,
    /// which Chrome refuses without printing it.
    fn credentials_redirect(&self, api: Api, url: &str) -> Plan {
        let target = credentials_location(self.page);
        let mut headers = allow(self.origin, false);
        headers.push(h("Location", &target));
        Plan {
            request: Self::request(api, url, false),
            server: vec![(url.to_owned(), entry(None, Some(response(302, headers))))],
            assumed: vec![about_server(format!(
                "Chrome does not print the redirect's location: assumed a 302 to {target}."
            ))],
            local: None,
        }
    }

    /// A CORS request to `url`, answered by a 302 to `target` that allows
    /// every origin.
    fn redirected(api: Api, url: &str, target: &str) -> Plan {
        let mut plan = Self::with_mode(api, url, RequestMode::Cors);
        plan.server = vec![(
            url.to_owned(),
            entry(
                None,
                Some(response(302, vec![h(ACAO, "*"), h("Location", target)])),
            ),
        )];
        plan
    }

    /// A request in `mode` to `url`, answered 200.
    fn with_mode(api: Api, url: &str, mode: RequestMode) -> Plan {
        let mut request = Self::request(api, url, false);
        request.mode = mode;
        let server = if is_http(url) {
            vec![(url.to_owned(), entry(None, Some(response(200, Vec::new()))))]
        } else {
            Vec::new()
        };
        Plan {
            request,
            server,
            assumed: vec![about_request(ASSUMED_GET)],
            local: None,
        }
    }
}

fn credentials_sentence(api: Api) -> String {
    match api {
        Api::Xhr => "The message is about credentials: assumed withCredentials = true.".to_owned(),
        _ => "The message is about credentials: assumed credentials: \"include\".".to_owned(),
    }
}

/// Somewhere a redirect can point to on `url`'s origin.
fn elsewhere(url: &str) -> String {
    match origin_of(url) {
        Some(o) if o != "null" => format!("{o}/redirected"),
        _ => "https://elsewhere.example/redirected".to_owned(),
    }
}

/// A URL with credentials, on an origin other than the page's.
fn credentials_location(page: &str) -> String {
    if page == "https://redirected.example" {
        "https://user:password@redirected.test/".to_owned()
    } else {
        "https://user:password@redirected.example/".to_owned()
    }
}

/// The candidates for a Chromium line.
fn chrome(ctx: &Ctx<'_>, group: &Group) -> Vec<Plan> {
    // Chrome's mixed-content warning: fetch() named a local network in
    // `targetAddressSpace`, and the request went on.
    let warned = matches!(
        group.lines[0].fact,
        Fact::ChromeMixedContent { blocked: false, .. }
    );
    let fact = &group.lines[group.lines.len() - 1].fact;
    let mut plans = match fact {
        Fact::Chrome {
            api,
            url,
            initial,
            preflight,
            body,
            ..
        } => chrome_cors(ctx, *api, url, initial.as_deref(), *preflight, body),
        Fact::ChromeSameOrigin { url, .. } => {
            vec![Ctx::with_mode(Api::Fetch, url, RequestMode::SameOrigin)]
        }
        Fact::ChromeNoCorsRedirect { url } => {
            let mut plan = Ctx::with_mode(Api::Fetch, url, RequestMode::NoCors);
            plan.request.redirect = RedirectMode::Error;
            plan.assumed.push(about_request(
                "The message does not say which redirect mode: assumed \"error\".",
            ));
            plan.server = vec![(
                url.clone(),
                entry(
                    None,
                    Some(response(302, vec![h("Location", &elsewhere(url))])),
                ),
            )];
            vec![plan]
        }
        Fact::ChromeScheme { url } => vec![Ctx::with_mode(Api::Fetch, url, RequestMode::Cors)],
        Fact::ChromeMixedContent {
            url, blocked: true, ..
        } => {
            let mut plan = Ctx::with_mode(Api::Fetch, url, RequestMode::Cors);
            plan.local = Some(Local::default());
            vec![plan]
        }
        Fact::ChromeMixedContent {
            url,
            blocked: false,
            ..
        } => {
            // Alone: the request then succeeded.
            let mut plan = ctx.local_refused(Api::Fetch, url, AddressSpace::Local);
            if let Some(local) = &mut plan.local {
                local.permissions.local_network = Some(PermissionState::Granted);
            }
            plan.assumed.push(
                about_page("Nothing failed after the warning: assumed the page's local-network permission is granted and the server allows the request."),
            );
            vec![plan]
        }
        _ => Vec::new(),
    };
    if warned {
        for plan in &mut plans {
            plan.request.target_address_space = Some(AddressSpace::Local);
            plan.assumed.push(
                about_request("Chrome warns instead of blocking this insecure request when fetch() names a local network: assumed targetAddressSpace: \"local\"."),
            );
        }
    }
    plans
}

/// A request to `from` that redirects (302) to `url`, whose scheme
/// Chrome does not fetch.
fn scheme_after_redirect(api: Api, from: &str, url: &str) -> Plan {
    Plan {
        request: Ctx::request(api, from, false),
        server: vec![(
            from.to_owned(),
            entry(
                None,
                Some(response(302, vec![h(ACAO, "*"), h("Location", url)])),
            ),
        )],
        assumed: vec![about_server(
            "The message does not give the redirect's status: assumed 302.",
        )],
        local: None,
    }
}

/// `plan` with each Access-Control-Allow-Origin line whose `value` holds a
/// comma sent as one line per comma-separated part: what Chrome, which
/// combines the lines with ", ", shows alike.
fn one_line_per_value(plan: &Plan, value: &str) -> Plan {
    let mut split = plan.clone();
    for (_, e) in &mut split.server {
        for r in [&mut e.preflight, &mut e.actual].into_iter().flatten() {
            if let Responses::One(spec) = r {
                if spec.headers.iter().any(|(n, v)| n == ACAO && v == value) {
                    spec.headers.retain(|(n, _)| n != ACAO);
                    spec.headers
                        .extend(value.split(',').map(|part| h(ACAO, part.trim())));
                }
            }
        }
    }
    split.assumed.push(about_server(
        "Chrome combines header lines with \", \": assumed one Access-Control-Allow-Origin line per value.",
    ));
    split
}

fn chrome_cors(
    ctx: &Ctx<'_>,
    api: Api,
    url: &str,
    initial: Option<&str>,
    preflight: bool,
    body: &ChromeBody,
) -> Vec<Plan> {
    let tainted_ctx;
    let ctx = match initial {
        Some(from) if tainted(from, url, ctx.page) => {
            tainted_ctx = Ctx {
                browser: ctx.browser,
                page: ctx.page,
                origin: "null",
            };
            &tainted_ctx
        }
        _ => ctx,
    };
    let page = ctx.origin;
    let plan = match body {
        ChromeBody::Cors(failure) if preflight => {
            let mut plan = ctx.cors_failure(api, url, failure, Some(204), None);
            plan.assumed.push(about_server(ASSUMED_PREFLIGHT_204));
            plan
        }
        ChromeBody::Cors(failure) => ctx.cors_failure(api, url, failure, None, None),
        ChromeBody::InvalidStatus => ctx.put_answered(
            api,
            url,
            (405, true),
            &[],
            "The message does not give the preflight's status: assumed 405.",
        ),
        ChromeBody::PreflightRedirect => ctx.put_answered(
            api,
            url,
            (302, true),
            &[("Location", &elsewhere(url))],
            "The message does not say which redirect answered the preflight: assumed a 302.",
        ),
        ChromeBody::InvalidAllowMethods => ctx.put_answered(
            api,
            url,
            (204, false),
            &[(ACAM, "Bad method name")],
            "The message does not quote the Access-Control-Allow-Methods value: assumed \"Bad method name\".",
        ),
        ChromeBody::InvalidAllowHeaders => ctx.put_answered(
            api,
            url,
            (204, true),
            &[(ACAH, "bad value")],
            "The message does not quote the Access-Control-Allow-Headers value: assumed \"bad value\".",
        ),
        ChromeBody::Method(method) => ctx.preflighted(
            api,
            url,
            &Shape::method(method),
            (204, allow(page, false)),
            Vec::new(),
        ),
        ChromeBody::Header(name) => ctx.preflighted(
            api,
            url,
            &Shape::header(name),
            (204, allow(page, false)),
            vec![about_request(format!(
                "The message does not give the {name} header's value: assumed {:?}.",
                unsafe_value(name)
            ))],
        ),
        ChromeBody::LocalDenied(space) => ctx.local_denied(api, url, *space),
        ChromeBody::LocalInsecure(space) => ctx.local_refused(api, url, *space),
        ChromeBody::LocalTarget { target, resource } => {
            let mut plan = ctx.local_refused(api, url, *resource);
            plan.request.target_address_space = Some(*target);
            plan
        }
        ChromeBody::RedirectCredentials => ctx.credentials_redirect(api, url),
        ChromeBody::SchemeAfterRedirect => {
            return initial
                .map(|from| vec![scheme_after_redirect(api, from, url)])
                .unwrap_or_default();
        }
    };
    let mut plans = vec![plan];
    // Two header lines are combined with ", " before the check: `*, ` may
    // be `*` and an empty line.
    if let ChromeBody::Cors(Failure::Multiple(Some(value))) = body {
        if value.contains(',') {
            plans.push(one_line_per_value(&plans[0], value));
        }
    }
    if let Some(from) = initial {
        for plan in &mut plans {
            redirect_first(plan, from, url, ctx.page);
        }
    }
    plans
}

/// Whether a redirect from `from` to `to` taints the request's origin
/// (a hop between two origins, neither the page's).
fn tainted(from: &str, to: &str, page: &str) -> bool {
    origin_of(from) != origin_of(to) && origin_of(from).as_deref() != Some(page)
}

/// Makes `plan` start at `from`, which redirects (302) to its URL.
fn redirect_first(plan: &mut Plan, from: &str, to: &str, page: &str) {
    let credentials = plan.request.credentials == CredentialsMode::Include;
    let mut headers = allow(page, credentials);
    let needs_preflight = plan
        .server
        .iter()
        .any(|(u, e)| u == to && e.preflight.is_some());
    let mut preflight = None;
    if needs_preflight {
        let shape = Shape {
            method: plan.request.method.clone(),
            header: plan.request.headers.first().map(|(n, _)| n.clone()),
        };
        preflight = Some(response(204, shape.allowing(page, credentials)));
    }
    headers.push(h("Location", to));
    plan.server.push((
        from.to_owned(),
        entry(preflight, Some(response(302, headers))),
    ));
    from.clone_into(&mut plan.request.url);
    plan.assumed.push(about_server(
        "The message does not give the redirect's status: assumed 302.",
    ));
}

/// The candidates for a Firefox group.
fn firefox(ctx: &Ctx<'_>, group: &Group) -> Vec<Plan> {
    let api = Api::Fetch;
    let mut plans = match &group.lines[0].fact {
        Fact::FirefoxSecurity { url, .. } => {
            vec![Ctx::with_mode(api, url, RequestMode::SameOrigin)]
        }
        Fact::FirefoxMixedContent { url } => {
            let mut plan = Ctx::with_mode(api, url, RequestMode::Cors);
            plan.local = Some(Local::default());
            vec![plan]
        }
        Fact::Firefox { url, reason } => firefox_reason(ctx, group, url, reason),
        _ => Vec::new(),
    };
    // Over HTTP/2, an https: entry's default, Firefox merges repeated
    // Access-Control-Allow-Origin lines and sends a request answered with
    // 408 again: what it prints only over HTTP/1.1 ("Multiple CORS
    // header", "Status code: 408") comes from the same plan over HTTP/1.1,
    // tried after the others.
    let over_http1: Vec<Plan> = plans
        .iter()
        .filter(|p| p.server.iter().any(|(url, _)| url.starts_with("https:")))
        .map(|p| {
            let mut p = p.clone();
            for (url, e) in &mut p.server {
                if url.starts_with("https:") && e.http.is_none() {
                    e.http = Some(HttpVersion::Http1_1);
                }
            }
            p.assumed.push(about_server(
                "Firefox prints this over HTTP/1.1 only: assumed the server speaks HTTP/1.1.",
            ));
            p
        })
        .collect();
    plans.extend(over_http1);
    for plan in &mut plans {
        plan.assumed.insert(
            0,
            about_request("Firefox does not say whether fetch() or XMLHttpRequest made the request: assumed fetch()."),
        );
    }
    plans
}

/// The candidates for a Firefox line about `url` with `reason`, the first
/// of `group`.
fn firefox_reason(ctx: &Ctx<'_>, group: &Group, url: &str, reason: &FirefoxReason) -> Vec<Plan> {
    let page = ctx.origin;
    let api = Api::Fetch;
    let followed = group.lines.len() > 1;
    match reason {
        FirefoxReason::Cors { failure, status } => {
            firefox_cors(ctx, url, failure, *status, followed)
        }
        FirefoxReason::PreflightStatus(status) => {
            let shape = Shape::assumed_put();
            vec![ctx.preflighted(
                api,
                url,
                &shape,
                (status.unwrap_or(405), shape.allowing(page, false)),
                vec![about_request(ASSUMED_PUT)],
            )]
        }
        FirefoxReason::ExternalRedirect => {
            let status = group.lines.iter().find_map(|l| match l.fact {
                Fact::Firefox {
                    reason: FirefoxReason::PreflightStatus(s),
                    ..
                } => s,
                _ => None,
            });
            let shape = Shape::assumed_put();
            let mut headers = shape.allowing(page, false);
            headers.push(h("Location", &elsewhere(url)));
            vec![ctx.preflighted(
                api,
                url,
                &shape,
                (status.unwrap_or(302), headers),
                vec![about_request(ASSUMED_PUT)],
            )]
        }
        FirefoxReason::InvalidToken { methods, token } => {
            let shape = Shape::assumed_put();
            let mut headers = allow(page, false);
            if *methods {
                headers.push(h(ACAM, token));
            } else {
                headers.push(h(ACAM, "PUT"));
                headers.push(h(ACAH, token));
            }
            vec![ctx.preflighted(
                api,
                url,
                &shape,
                (204, headers),
                vec![about_request(ASSUMED_PUT)],
            )]
        }
        FirefoxReason::MethodNotFound => vec![ctx.preflighted(
            api,
            url,
            &Shape::assumed_put(),
            (204, allow(page, false)),
            vec![about_request(ASSUMED_PUT)],
        )],
        FirefoxReason::Header(name) => vec![ctx.preflighted(
            api,
            url,
            &Shape::header(name),
            (204, allow(page, false)),
            vec![about_request(format!(
                "The message does not give the {name} header's value: assumed {:?}.",
                unsafe_value(name)
            ))],
        )],
        // Followed by the request's own "did not succeed" for another
        // URL: a redirect from it to this one (recorded:
        // redirects_location-ftp).
        FirefoxReason::NotHttp if followed => {
            let from = group.lines.iter().skip(1).find_map(|l| match &l.fact {
                Fact::Firefox { url: from, .. } if from != url => Some(from.clone()),
                _ => None,
            });
            let mut plan = Ctx::with_mode(api, url, RequestMode::Cors);
            if let Some(from) = from {
                redirect_first(&mut plan, &from, url, ctx.page);
            }
            vec![plan]
        }
        FirefoxReason::NotHttp => vec![Ctx::with_mode(api, url, RequestMode::Cors)],
        FirefoxReason::DidNotSucceed => did_not_succeed(ctx, url),
    }
}

/// The candidates for Firefox's reasons about the CORS check's headers:
/// on the response, on the preflight, on a redirect; `followed` when other
/// lines follow.
fn firefox_cors(
    ctx: &Ctx<'_>,
    url: &str,
    failure: &Failure,
    status: Option<u16>,
    followed: bool,
) -> Vec<Plan> {
    let api = Api::Fetch;
    let actual = ctx.cors_failure(api, url, failure, None, status);
    let on_preflight = ctx.cors_failure(api, url, failure, Some(status.unwrap_or(204)), None);
    let mut on_redirect = ctx.cors_failure(api, url, failure, None, None);
    for (_, e) in &mut on_redirect.server {
        if let Some(Responses::One(spec)) = &mut e.actual {
            spec.status = status.filter(|s| (300..400).contains(s)).unwrap_or(302);
            spec.headers.push(h("Location", &elsewhere(url)));
        }
    }
    if followed && status.is_some_and(|s| (300..400).contains(&s)) {
        vec![on_redirect, on_preflight]
    } else if followed {
        vec![on_preflight, on_redirect]
    } else {
        vec![actual, on_preflight]
    }
}

/// The candidates for "CORS request did not succeed" alone: a server that
/// cannot be reached, or a redirect Firefox refuses without a reason of its
/// own.
fn did_not_succeed(ctx: &Ctx<'_>, url: &str) -> Vec<Plan> {
    let api = Api::Fetch;
    let mut plan = Ctx::with_mode(api, url, RequestMode::Cors);
    plan.server = vec![(
        url.to_owned(),
        ServerEntry {
            unreachable: true,
            ..ServerEntry::default()
        },
    )];
    plan.assumed.push(
        about_server("\"CORS request did not succeed\" alone means the request never got a response: assumed the server cannot be reached."),
    );
    // Or a redirect Firefox refuses without a reason of its own.
    let target = credentials_location(ctx.page);
    let mut redirect = Ctx::redirected(api, url, &target);
    redirect.assumed.push(about_server(format!(
        "\"CORS request did not succeed\" alone: assumed a redirect to {target}, a URL with credentials, which Firefox refuses."
    )));
    vec![plan, redirect]
}

/// The candidates for a WebKit group.
fn webkit(ctx: &Ctx<'_>, group: &Group, default_url: &str) -> Vec<Plan> {
    let page = ctx.origin;
    let mut detail = None;
    let mut summary = None;
    let mut same_origin = None;
    for line in &group.lines {
        match &line.fact {
            Fact::WebKit(d) if detail.is_none() => detail = Some(d),
            Fact::WebKitSummary { api, url } => summary = Some((*api, url.as_str())),
            Fact::WebKitSameOrigin { api, url } => same_origin = Some((*api, url.as_str())),
            _ => {}
        }
    }
    if let Some((api, url)) = same_origin {
        return vec![Ctx::with_mode(api, url, RequestMode::SameOrigin)];
    }
    let mut assumed_url = Vec::new();
    let (api, url) = match (summary, detail) {
        (Some(s), _) => s,
        (None, Some(WebKitDetail::MixedContent { url, .. })) => (Api::Fetch, url.as_str()),
        (None, _) => {
            assumed_url.push(about_request(format!(
                "Only Safari's reason line was given, without the \"cannot load\" line that names the URL: assumed {default_url}."
            )));
            (Api::Fetch, default_url)
        }
    };
    let mut plans = match detail {
        None => webkit_no_reason(ctx, api, url),
        Some(WebKitDetail::Origin { origin, status }) => {
            webkit_origin(ctx, api, url, origin, *status)
        }
        Some(WebKitDetail::Cors(failure)) => vec![
            ctx.cors_failure(api, url, failure, None, None),
            ctx.cors_failure(api, url, failure, Some(204), None),
        ],
        Some(WebKitDetail::PreflightStatus(status)) => {
            let shape = Shape::assumed_put();
            vec![ctx.preflighted(
                api,
                url,
                &shape,
                (*status, shape.allowing(page, false)),
                vec![about_request(ASSUMED_PUT)],
            )]
        }
        Some(WebKitDetail::Method(method)) => vec![ctx.preflighted(
            api,
            url,
            &Shape::method(method),
            (204, allow(page, false)),
            Vec::new(),
        )],
        Some(WebKitDetail::Header(name)) => vec![ctx.preflighted(
            api,
            url,
            &Shape::header(name),
            (204, allow(page, false)),
            vec![about_request(format!(
                "The message does not give the {name} header's value: assumed {:?}.",
                unsafe_value(name)
            ))],
        )],
        Some(WebKitDetail::InvalidAllowMethods(value)) => {
            let mut headers = allow(page, false);
            headers.push(h(ACAM, value));
            vec![ctx.preflighted(
                api,
                url,
                &Shape::assumed_put(),
                (204, headers),
                vec![about_request(ASSUMED_PUT)],
            )]
        }
        Some(WebKitDetail::InvalidAllowHeaders(value)) => {
            let mut headers = allow(page, false);
            headers.push(h(ACAM, "PUT"));
            headers.push(h(ACAH, value));
            vec![ctx.preflighted(
                api,
                url,
                &Shape::assumed_put(),
                (204, headers),
                vec![about_request(ASSUMED_PUT)],
            )]
        }
        Some(WebKitDetail::RedirectDenied { location, detail }) => {
            webkit_redirect_denied(ctx, api, url, location, detail.as_deref())
        }
        Some(WebKitDetail::MixedContent { url: insecure, .. }) => {
            let mut plan = Ctx::with_mode(api, insecure, RequestMode::NoCors);
            // The summary names the URL the script asked for: a redirect
            // led from it to the insecure one (recorded:
            // edge_mixed-mode-redirect-no-cors).
            if url != insecure.as_str() {
                redirect_first(&mut plan, url, insecure, ctx.page);
            }
            vec![plan]
        }
    };
    for plan in &mut plans {
        plan.assumed.splice(0..0, assumed_url.iter().cloned());
    }
    plans
}

/// The candidates for a Safari line that gives no reason: a redirect that
/// the redirect mode "error" refuses, or one to a URL with credentials
/// (XHR's first); a URL that is not HTTP(S) is refused for that alone.
fn webkit_no_reason(ctx: &Ctx<'_>, api: Api, url: &str) -> Vec<Plan> {
    if is_http(url) {
        let mut error = Ctx::redirected(api, url, &elsewhere(url));
        error.request.redirect = RedirectMode::Error;
        error.assumed.push(
            about_request("Safari's line gives no reason: assumed a redirect that the request's redirect mode \"error\" refuses."),
        );
        let target = credentials_location(ctx.page);
        let mut credentials = Ctx::redirected(api, url, &target);
        credentials.assumed.push(about_server(format!(
            "Safari's line gives no reason: assumed a redirect to {target}, a URL with credentials."
        )));
        if api == Api::Xhr {
            vec![credentials, error]
        } else {
            vec![error, credentials]
        }
    } else {
        vec![Ctx::with_mode(api, url, RequestMode::Cors)]
    }
}

/// The candidates for Safari's "Origin … is not allowed by
/// Access-Control-Allow-Origin", which words a missing and a wrong value
/// alike.
fn webkit_origin(ctx: &Ctx<'_>, api: Api, url: &str, origin: &str, status: u16) -> Vec<Plan> {
    let null_ctx = Ctx {
        browser: ctx.browser,
        page: ctx.page,
        origin: "null",
    };
    let ctx = if origin == "null" { &null_ctx } else { ctx };
    // Safari words a missing and a wrong value alike. Recorded
    // (tests/browsers/fixtures/webkit): on a response, mostly a
    // value naming another origin; on a 204, mostly a preflight
    // answered without one.
    let other = if origin == "null" && ctx.page != "null" {
        ctx.page.to_owned()
    } else if origin == "https://other.example" {
        "https://other.test".to_owned()
    } else {
        "https://other.example".to_owned()
    };
    let mismatch = Failure::Mismatch(other.clone());
    let wrong = format!(
        "Safari's message does not tell a wrong Access-Control-Allow-Origin from a missing one: assumed one naming {other}."
    );
    let none = "Safari's message does not tell a missing Access-Control-Allow-Origin from a wrong one: assumed none was sent.".to_owned();
    let mut actual = ctx.cors_failure(api, url, &mismatch, None, Some(status));
    let mut preflight = ctx.cors_failure(api, url, &Failure::Missing, Some(status), None);
    let mut actual_missing = ctx.cors_failure(api, url, &Failure::Missing, None, Some(status));
    actual.assumed.push(about_server(wrong));
    preflight.assumed.push(about_server(none.clone()));
    actual_missing.assumed.push(about_server(none));
    let mut plans = if status == 204 {
        vec![preflight, actual, actual_missing]
    } else {
        vec![actual, preflight, actual_missing]
    };
    if origin == "null" {
        for plan in &mut plans {
            after_tainting_redirect(plan, url, ctx.page);
        }
    }
    plans
}

/// The candidates for Safari's denied cross-origin redirect to
/// `location`, with the reason `detail` it gives, if any.
fn webkit_redirect_denied(
    ctx: &Ctx<'_>,
    api: Api,
    url: &str,
    location: &str,
    detail: Option<&WebKitDetail>,
) -> Vec<Plan> {
    let page = ctx.origin;
    let (status, mut headers, credentials) = match detail {
        None => (302, vec![h(ACAO, "*")], false),
        Some(WebKitDetail::Origin { status, .. }) => (*status, Vec::new(), false),
        Some(WebKitDetail::Cors(failure)) => (
            302,
            failing(failure, page, ctx.browser),
            needs_credentials(failure),
        ),
        Some(_) => return Vec::new(),
    };
    headers.push(h("Location", location));
    let mut plan = Plan {
        request: Ctx::request(api, url, credentials),
        server: vec![(url.to_owned(), entry(None, Some(response(status, headers))))],
        assumed: Vec::new(),
        local: None,
    };
    // The origin was already null (recorded: mix2_114, a 303 after
    // a 302).
    if matches!(detail, Some(WebKitDetail::Origin { origin, .. }) if origin == "null") {
        after_tainting_redirect(&mut plan, url, ctx.page);
    }
    vec![plan]
}

/// The page origins the lines name, and the values a chosen page must not
/// be (so that an assumed page still fails where the lines say it did).
fn pages_named(groups: &[Group]) -> (Vec<String>, Vec<String>, bool) {
    let mut named = Vec::new();
    let mut avoid = Vec::new();
    // Whether a URL the lines name is `http:`.
    let mut insecure = false;
    for line in groups.iter().flat_map(|g| &g.lines) {
        match &line.fact {
            Fact::Chrome {
                page, url, initial, ..
            } => {
                named.push(page.clone());
                insecure |= url.starts_with("http:");
                avoid.extend(origin_of(url));
                avoid.extend(initial.as_deref().and_then(origin_of));
            }
            Fact::ChromeMixedContent { page, url, .. } => {
                named.extend(origin_of(page));
                insecure |= url.starts_with("http:");
                avoid.extend(origin_of(url));
            }
            Fact::ChromeSameOrigin { page, url }
            | Fact::FirefoxSecurity { page, url }
            | Fact::WebKit(WebKitDetail::MixedContent { page, url }) => {
                named.push(page.clone());
                insecure |= url.starts_with("http:");
                avoid.extend(origin_of(url));
            }
            Fact::WebKit(WebKitDetail::Origin { origin, .. }) if origin != "null" => {
                named.push(origin.clone());
            }
            Fact::WebKit(WebKitDetail::RedirectDenied { detail, .. }) => {
                if let Some(WebKitDetail::Origin { origin, .. }) = detail.as_deref() {
                    if origin != "null" {
                        named.push(origin.clone());
                    }
                }
            }
            Fact::Firefox {
                url,
                reason:
                    FirefoxReason::Cors {
                        failure: Failure::Mismatch(v),
                        ..
                    },
            } => {
                avoid.push(v.clone());
                insecure |= url.starts_with("http:");
                avoid.extend(origin_of(url));
            }
            Fact::ChromeNoCorsRedirect { url }
            | Fact::ChromeScheme { url }
            | Fact::Firefox { url, .. }
            | Fact::FirefoxMixedContent { url }
            | Fact::WebKitSummary { url, .. }
            | Fact::WebKitSameOrigin { url, .. } => {
                insecure |= url.starts_with("http:");
                avoid.extend(origin_of(url));
            }
            Fact::WebKit(_) => {}
        }
    }
    (named, avoid, insecure)
}

/// Safari names the request's origin `null` on a page that is not
/// opaque: a redirect between origins came first, assumed into `plan`.
fn after_tainting_redirect(plan: &mut Plan, url: &str, page: &str) {
    if page == "null" {
        return;
    }
    let from = "https://redirector.example/to";
    redirect_first(plan, from, url, page);
    plan.assumed.push(about_server(format!(
        "Safari names the request's origin null, which a redirect between origins does: assumed one from {from}."
    )));
}

/// The error for messages of two pages, `first` and `other` (a page or
/// what is known of it).
fn two_pages(first: &str, other: &str) -> ImportError {
    ImportError::new(
        None,
        format!(
            "the messages come from two pages ({} and {other}); import the messages of one page at a time",
            crate::escape::Escaped(first),
        ),
    )
}

/// The two-pages error for an `https:` page (`page` names it) and a request
/// the messages show reaching its CORS check at a URL that is not
/// potentially trustworthy (`http:`, not loopback): that page could not
/// have made it (mixed content is refused first, with a line of its own,
/// which names the URL).
fn insecure_request_of_secure_page(groups: &[Group], page: &str) -> Option<ImportError> {
    let url = insecure_request_reaching_cors(groups)?;
    let other = format!(
        "one that may load {}: from an https: page it is mixed content, refused before any CORS check",
        crate::escape::Escaped(url)
    );
    Some(two_pages(page, &other))
}

/// A request to a URL that is not potentially trustworthy that the
/// messages show reaching its CORS check, without a mixed-content line
/// of its own.
fn insecure_request_reaching_cors(groups: &[Group]) -> Option<&str> {
    let lines = || groups.iter().flat_map(|g| &g.lines);
    let refused = |url: &str| {
        lines().any(|l| match &l.fact {
            Fact::FirefoxMixedContent { url: u } | Fact::ChromeMixedContent { url: u, .. } => {
                u == url
            }
            Fact::WebKit(WebKitDetail::MixedContent { url: u, .. }) => u == url,
            _ => false,
        })
    };
    let insecure = |url: &str| {
        url.starts_with("http:")
            && url_parser::url_parser(url, None)
                .is_ok_and(|u| !is_potentially_trustworthy(&Origin::of_url(&u)))
    };
    lines().find_map(|l| match &l.fact {
        Fact::Firefox { url, .. }
        | Fact::WebKitSummary { url, .. }
        | Fact::WebKitSameOrigin { url, .. }
            if insecure(url) && !refused(url) =>
        {
            Some(url.as_str())
        }
        _ => None,
    })
}

/// The plans with the method the evidence names, then the plans as they
/// were, saying so, for a message none of the first prints; and how many
/// the first are.
fn named_first(ctx: &Ctx<'_>, plans: Vec<Plan>, method: &str) -> (Vec<Plan>, usize) {
    let named: Vec<Plan> = plans
        .iter()
        .map(|p| p.with_method(ctx.origin, method))
        .collect();
    let count = named.len();
    let unnamed = plans.into_iter().filter(|p| p.request.method != method).map(|mut p| {
        p.forget_assumed_method();
        p.assumed.push(about_request(format!(
            "The network line names {method}, but no scenario corsim tried with {method} prints this message: assumed {}.",
            p.request.method
        )));
        p
    });
    (named.into_iter().chain(unnamed).collect(), count)
}

/// The page of console `groups`: the one their lines name, else an opaque
/// one when Safari names the origin null, else one assumed that can make
/// the requests, said in `assumed`. An error when the lines name two pages,
/// when Safari's same-origin refusal names the page, or when an `https:`
/// page (named, or shown by a mixed-content refusal) would have sent an
/// insecure request on to its CORS check.
fn console_page(
    groups: &[Group],
    browser: Browser,
    assumed: &mut Vec<Assumption>,
) -> Result<String, ImportError> {
    let (named, avoid, any_http) = pages_named(groups);
    let page = if let Some(first) = named.first() {
        if let Some(other) = named.iter().find(|p| *p != first) {
            return Err(two_pages(first, &crate::escape::Escaped(other).to_string()));
        }
        // Safari's same-origin refusal names no page; it cannot be this one.
        if let Some(url) = groups.iter().flat_map(|g| &g.lines).find_map(|l| match &l.fact {
            Fact::WebKitSameOrigin { url, .. } if origin_of(url).as_deref() == Some(first) => {
                Some(url)
            }
            _ => None,
        }) {
            let other = format!(
                "one that may not load {} in same-origin mode",
                crate::escape::Escaped(url)
            );
            return Err(two_pages(first, &other));
        }
        if first.starts_with("https:") {
            if let Some(err) = insecure_request_of_secure_page(groups, first) {
                return Err(err);
            }
        }
        first.clone()
    } else if groups.iter().flat_map(|g| &g.lines).any(|l| {
        matches!(&l.fact, Fact::WebKit(WebKitDetail::Origin { origin, .. }) if origin == "null")
    }) {
        assumed.push(
            about_page("Safari names the request's origin null: assumed a page with an opaque origin (a sandboxed iframe)."),
        );
        "null".to_owned()
    } else {
        // A page that can make the request: an `http:` one for an `http:`
        // URL (an `https:` page's would be mixed content), unless the
        // evidence is the mixed-content refusal itself.
        let mixed = groups.iter().flat_map(|g| &g.lines).any(|l| {
            matches!(
                l.fact,
                Fact::FirefoxMixedContent { .. } | Fact::ChromeMixedContent { .. }
            )
        });
        let insecure = !mixed && any_http;
        // A mixed-content refusal shows an https: page, which could not
        // have sent another insecure request on to its CORS check.
        if mixed {
            let page = "the https: page of the mixed-content refusal";
            if let Some(err) = insecure_request_of_secure_page(groups, page) {
                return Err(err);
            }
        }
        let page = if insecure {
            ["http://app.example", "http://page.example", "http://www.example"]
        } else {
            ["https://app.example", "https://page.example", "https://www.example"]
        }
        .into_iter()
        .find(|p| !avoid.iter().any(|a| a == p))
        .unwrap_or("https://page.invalid")
        .to_owned();
        assumed.push(about_page(format!(
            "{} does not print the page's origin here: assumed {page}.",
            browser.display_name()
        )));
        page
    };
    Ok(page)
}

/// Every candidate that prints the lines of `group` (the `i`-th; `many`
/// when there are others), best first, with the request's verdict; an
/// error when none does.
fn group_options(
    ctx: &Ctx<'_>,
    i: usize,
    group: &Group,
    many: bool,
    default_url: &str,
) -> Result<Vec<(Plan, crate::verdict::RequestVerdict)>, ImportError> {
    let candidates = match ctx.browser {
        Browser::Firefox => firefox(ctx, group),
        Browser::Safari => webkit(ctx, group, default_url),
        _ => chrome(ctx, group),
    };
    let (candidates, named) = match &group.method {
        Some(method) => named_first(ctx, candidates, method),
        None => (candidates, usize::MAX),
    };
    let evidence = group.texts();
    let mut exact = Vec::new();
    let mut partial = Vec::new();
    let mut reworded = None;
    for (k, mut plan) in candidates.into_iter().enumerate() {
        // The plans without the method the evidence names only when
        // none with it prints the lines (or some of them).
        if k >= named && !(exact.is_empty() && partial.is_empty()) {
            break;
        }
        let mut scenario = Scenario {
            page: ctx.page.to_owned(),
            requests: vec![plan.request.clone()],
            server: ServerMap(plan.server.clone()),
            extensions: crate::scenario::Extensions::default(),
            address_spaces: crate::local_network::AddressSpaces::default(),
            permissions: crate::local_network::Permissions::default(),
            frame: None,
        };
        // One plan's settings never contradict themselves.
        let through = apply_local(&mut scenario, &[&plan]).unwrap_or_default();
        plan.assumed.extend(through);
        let Ok(mut verdict) = simulate_with(&scenario, ctx.browser, Options::without_trace())
        else {
            continue;
        };
        let Some(request) = verdict.requests.pop() else {
            continue;
        };
        for a in &mut plan.assumed {
            a.request = Some(i);
            if many {
                a.text = format!("Request {}: {}", i + 1, a.text);
            }
        }
        #[allow(clippy::cast_precision_loss)] // at most MAX_IMPORTED_REQUESTS
        {
            plan.request.at = i as f64 * SPACING;
        }
        if request.console == evidence {
            exact.push((plan, request));
        } else if is_subsequence(&evidence, &request.console) {
            partial.push((plan, request));
        } else if reworded.is_none() && !request.console.is_empty() {
            reworded = Some((plan, request));
        }
    }
    exact.extend(partial);
    if exact.is_empty() {
        // Read, but worded otherwise by this version of the browser (an
        // older Firefox): the nearest scenario, said so.
        if let Some((mut plan, request)) = reworded {
            plan.assumed.push(
                about_evidence(format!(
                    "{} as corsim models it words this message otherwise: {}",
                    ctx.browser.display_name(),
                    request.console.join(" / ")
                ))
                .of_request(i),
            );
            exact.push((plan, request));
        }
    }
    if exact.is_empty() {
        return Err(ImportError::new(
            Some(super::Location::Text {
                line: group.lines[0].line,
                column: 1,
            }),
            format!(
                "corsim cannot build a scenario that prints this message in {}: {}",
                ctx.browser.display_name(),
                crate::escape::Escaped(&group.lines[0].text)
            ),
        ));
    }
    Ok(exact)
}

/// Builds the scenario for console groups.
pub(super) fn console_scenario(
    groups: &[Group],
    browser: Browser,
) -> Result<Imported, ImportError> {
    let mut assumed = Vec::new();
    let page = console_page(groups, browser, &mut assumed)?;
    let default_url = ["https://api.example/", "https://api.test/"]
        .into_iter()
        .find(|u| origin_of(u).as_deref() != Some(page.as_str()))
        .unwrap_or("https://api.example/");
    let ctx = Ctx {
        browser,
        page: &page,
        origin: &page,
    };
    let many = groups.len() > 1;
    // Every candidate that prints a group's lines, best first.
    let mut options: Vec<Vec<(Plan, crate::verdict::RequestVerdict)>> = Vec::new();
    let mut evidences = Vec::new();
    for (i, group) in groups.iter().enumerate() {
        options.push(group_options(&ctx, i, group, many, default_url)?);
        evidences.push(group.texts());
    }
    // Together, requests to one URL share its server entry: when one
    // request's choice spoils another's lines, try that one's next choice.
    let mut pick = vec![0usize; options.len()];
    let mut scenario;
    let mut tries = 0;
    loop {
        let chosen: Vec<_> = options
            .iter()
            .zip(&pick)
            .map(|(o, &k)| (&o[k].0, &o[k].1))
            .collect();
        scenario = assemble(&page, &chosen)?;
        tries += 1;
        if !many || tries > 8 {
            break;
        }
        let Ok(verdict) = simulate_with(&scenario, browser, Options::without_trace()) else {
            break;
        };
        let spoiled = verdict
            .requests
            .iter()
            .zip(&chosen)
            .position(|(v, (_, single))| v.console != single.console);
        match spoiled {
            Some(i) if pick[i] + 1 < options[i].len() => pick[i] += 1,
            _ => break,
        }
    }
    let chosen: Vec<_> = options
        .into_iter()
        .zip(&pick)
        .map(|(mut o, &k)| o.swap_remove(k))
        .collect();
    for (plan, _) in &chosen {
        for a in &plan.assumed {
            // One sentence once, whatever it is about.
            if !assumed.iter().any(|b| b.text == a.text) {
                assumed.push(a.clone());
            }
        }
    }
    if scenario
        .requests
        .iter()
        .any(|r| r.credentials != CredentialsMode::Include)
    {
        assumed.push(about_request(ASSUMED_NO_COOKIES));
    }
    Ok(Imported {
        scenario,
        kind: EvidenceKind::Console,
        browser: Some(browser),
        assumed,
        evidence: evidences,
    })
}

/// Puts the plans' Local Network Access settings in `scenario`, and lets
/// through the requests of plans without any (see `local::let_through`),
/// saying how.
fn apply_local(
    scenario: &mut Scenario,
    plans: &[&Plan],
) -> Result<Vec<Assumption>, crate::local_network::Permission> {
    let mut through = Vec::new();
    let page = url::Url::parse(&scenario.page)
        .ok()
        .map(|p| p.origin().ascii_serialization());
    for plan in plans {
        let Some(settings) = &plan.local else {
            through.push(plan.request.url.clone());
            through.extend(plan.server.iter().map(|(u, _)| u.clone()));
            continue;
        };
        for (k, v) in &settings.address_spaces {
            scenario.address_spaces.entry(k.clone()).or_insert(*v);
        }
        if let Some(page) = &page {
            let decisions = [
                (
                    crate::local_network::Permission::LocalNetwork,
                    settings.permissions.local_network,
                ),
                (
                    crate::local_network::Permission::LoopbackNetwork,
                    settings.permissions.loopback_network,
                ),
            ];
            for (permission, state) in decisions {
                if let Some(state) = state {
                    local::decide(scenario, page, permission, state)?;
                }
            }
        }
    }
    local::let_through(scenario, &through)
}

/// Whether `needle` appears in `hay` in order (not necessarily adjacent).
fn is_subsequence(needle: &[String], hay: &[String]) -> bool {
    let mut it = hay.iter();
    needle.iter().all(|n| it.any(|h| h == n))
}

/// One response when every answer in `list` is the same, else the list.
fn collapse(list: Vec<ResponseSpec>) -> Option<Responses> {
    match list.len() {
        0 => None,
        _ if list.iter().all(|r| *r == list[0]) => Some(Responses::One(list.into_iter().next()?)),
        _ => Some(Responses::Sequence(list)),
    }
}

/// Puts the chosen plans together: the requests in order, and for each URL
/// the answers in the order the requests reach it (a list when they
/// differ).
fn assemble(
    page: &str,
    chosen: &[(&Plan, &crate::verdict::RequestVerdict)],
) -> Result<Scenario, ImportError> {
    struct Lists {
        url: String,
        unreachable: bool,
        preflight: Vec<ResponseSpec>,
        actual: Vec<ResponseSpec>,
        fallback: Option<ResponseSpec>,
        first: bool,
        /// The HTTP version a plan gives the URL's server.
        http: Option<HttpVersion>,
    }
    let mut order: Vec<String> = Vec::new();
    let mut map: BTreeMap<String, Lists> = BTreeMap::new();
    let default_preflight = ResponseSpec::new::<String, String>(200, Vec::new());
    for (plan, verdict) in chosen {
        for (url, e) in &plan.server {
            let k = key(url);
            let lists = map.entry(k.clone()).or_insert_with(|| {
                order.push(k.clone());
                Lists {
                    url: url.clone(),
                    unreachable: false,
                    preflight: Vec::new(),
                    actual: Vec::new(),
                    fallback: None,
                    first: true,
                    http: None,
                }
            });
            lists.http = lists.http.or(e.http);
            // Unreachable only when every request to it found it so.
            lists.unreachable = e.unreachable && (lists.unreachable || lists.first);
            lists.first = false;
            let preflights = verdict
                .preflights
                .iter()
                .filter(|p| key(&p.url) == k)
                .count();
            let hops = verdict.hops.iter().filter(|p| key(&p.url) == k).count();
            let nth = |r: &Option<Responses>, n: usize| r.as_ref().and_then(|r| r.nth(n)).cloned();
            for n in 0..preflights {
                lists
                    .preflight
                    .push(nth(&e.preflight, n).unwrap_or_else(|| default_preflight.clone()));
            }
            if lists.fallback.is_none() {
                lists.fallback = nth(&e.actual, 0);
            }
            for n in 0..hops {
                if let Some(r) = nth(&e.actual, n) {
                    lists.actual.push(r);
                }
            }
        }
    }
    let mut server = ServerMap::default();
    for k in order {
        if let Some(mut lists) = map.remove(&k) {
            if lists.actual.is_empty() {
                lists.actual.extend(lists.fallback.take());
            }
            let e = if lists.unreachable {
                ServerEntry {
                    unreachable: true,
                    ..ServerEntry::default()
                }
            } else {
                ServerEntry {
                    http: lists.http,
                    ..entry(collapse(lists.preflight), collapse(lists.actual))
                }
            };
            server.insert(lists.url, e);
        }
    }
    let mut scenario = Scenario {
        page: page.to_owned(),
        requests: chosen.iter().map(|(p, _)| p.request.clone()).collect(),
        server,
        extensions: crate::scenario::Extensions::default(),
        address_spaces: crate::local_network::AddressSpaces::default(),
        permissions: crate::local_network::Permissions::default(),
        frame: None,
    };
    // The sentences were said when each plan was tried alone.
    let plans: Vec<&Plan> = chosen.iter().map(|(p, _)| *p).collect();
    apply_local(&mut scenario, &plans).map_err(|permission| {
        ImportError::new(
            None,
            format!(
                "the messages need the page's {} permission both denied and granted (it changed between them); import them one at a time",
                permission.as_str()
            ),
        )
    })?;
    Ok(scenario)
}
