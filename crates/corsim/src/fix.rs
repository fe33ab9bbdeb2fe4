//! `corsim fix`: for each blocked request, the smallest change to the
//! server that makes it succeed in every browser asked (contract
//! additions §7).
//!
//! The change is found by simulating: the first failure of the request
//! names the response that must change (the preflight's or the request's
//! own), and only the headers that do not yet allow the request are set
//! (the page's own origin, never `*` with credentials and never a
//! reflection; a method or header name added to the list already sent).
//! Then the scenario is simulated again, until every browser lets the
//! request through or nothing more can be changed. A failure the server
//! cannot fix (the script's own call throws, a redirect) is said so.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::error::{Path, ProblemKind};
use crate::scenario::{HeaderPair, ResponseSpec, Responses, Scenario, ServerEntry};
use crate::verdict::Stage;
use crate::{simulate_with, Browser, InputError, Options, RequestVerdict};

/// How many rounds of change-and-simulate a request gets: a preflight, the
/// request, and room for one header each round uncovers.
const ROUNDS: usize = 6;

/// A change to one response of a server entry.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ResponseChange {
    /// The new status, when the old one fails the check.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// The headers to set, with their new values (each replaces every
    /// header of its name).
    pub headers: Vec<HeaderPair>,
}

impl ResponseChange {
    fn is_empty(&self) -> bool {
        self.status.is_none() && self.headers.is_empty()
    }

    fn set(&mut self, name: &str, value: &str) {
        if let Some(h) = self
            .headers
            .iter_mut()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
        {
            value.clone_into(&mut h.1);
        } else {
            self.headers.push((name.to_owned(), value.to_owned()));
        }
    }
}

/// The change to the server for one request.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Change {
    /// The server entry changed (its key, as written).
    pub url: String,
    /// The change to its preflight answer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preflight: Option<ResponseChange>,
    /// The change to its answer to the request.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actual: Option<ResponseChange>,
    /// For a server entry that is a policy: the options to set, in the
    /// library's spelling (each replaces the option of its name).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub options: Option<serde_json::Map<String, serde_json::Value>>,
}

/// The fix of one blocked request.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RequestFix {
    /// Which request of the scenario (0-based).
    pub request: usize,
    /// The change (`None`: none the server can make).
    pub change: Option<Change>,
    /// Why there is no change, or why it is not enough.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The browsers that still block the request with the change.
    pub still_blocked: Vec<Browser>,
    /// The scenario with the change made.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scenario: Option<Scenario>,
    /// The change as code, by framework (`express`, `flask`, `django`,
    /// `fastapi`, `axum`, `nginx`, `php`).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub snippets: BTreeMap<&'static str, String>,
}

/// The most bytes of fixed scenarios one [`fix`] returns, as JSON: each
/// fix holds the whole scenario with its change, so a scenario of `n`
/// blocked requests gives `n` copies of it. 64 MiB, the most corsim reads
/// in one scenario ([`crate::MAX_SCENARIO_BYTES`]).
pub const MAX_FIXED_BYTES: usize = crate::MAX_SCENARIO_BYTES;

/// Finds the fix of every request that some browser of `browsers` blocks.
///
/// The time and the result grow with the number of blocked requests times
/// the size of the scenario; past [`MAX_FIXED_BYTES`] of fixed scenarios
/// this is an input error, before any fix is looked for.
///
/// # Errors
///
/// The scenario is not valid, or its fixes would hold more than
/// [`MAX_FIXED_BYTES`] of scenarios.
pub fn fix(scenario: &Scenario, browsers: &[Browser]) -> Result<Vec<RequestFix>, InputError> {
    let blocked = blocked(scenario, browsers)?;
    if let Some(&first) = blocked.keys().next() {
        let bytes = json_len(scenario);
        if blocked.len().saturating_mul(bytes) > MAX_FIXED_BYTES {
            return Err(InputError::one(
                Path::root().field("requests").index(first),
                ProblemKind::TooMany {
                    what: "blocked requests",
                    count: blocked.len(),
                    limit: MAX_FIXED_BYTES / bytes.max(1),
                    per: "corsim fix of a scenario this size (each fix holds the whole \
                          scenario, and all of them at most 64 MiB)",
                },
            ));
        }
    }
    blocked
        .into_iter()
        .map(|(i, verdicts)| fix_request(scenario, browsers, i, verdicts))
        .collect()
}

/// One request's verdict in each browser asked, in their order: the
/// verdict where the browser blocks it, `None` where it lets it through.
type Verdicts = Vec<Option<RequestVerdict>>;

/// The requests that some browser blocks, with their [`Verdicts`]. Only
/// these are kept: each browser's verdicts of the others are dropped once
/// read.
fn blocked(
    scenario: &Scenario,
    browsers: &[Browser],
) -> Result<BTreeMap<usize, Verdicts>, InputError> {
    let mut blocked = BTreeMap::new();
    for (b, &browser) in browsers.iter().enumerate() {
        let verdict = simulate_with(scenario, browser, Options::without_trace())?;
        for (i, request) in verdict.requests.into_iter().enumerate() {
            if !request.is_ok() {
                blocked
                    .entry(i)
                    .or_insert_with(|| vec![None; browsers.len()])[b] = Some(request);
            }
        }
    }
    Ok(blocked)
}

/// Request `i`'s [`Verdicts`]: the requests before it are simulated too
/// (they fill the preflight cache), the ones after it are not (a request's
/// verdict depends only on those before it); they are set aside meanwhile.
fn verdicts_of(
    scenario: &mut Scenario,
    browsers: &[Browser],
    i: usize,
) -> Result<Verdicts, InputError> {
    let after = scenario.requests.split_off(i + 1);
    let verdicts = browsers
        .iter()
        .map(|&browser| {
            let mut verdict = simulate_with(scenario, browser, Options::without_trace())?;
            Ok(verdict.requests.pop().filter(|request| !request.is_ok()))
        })
        .collect();
    scenario.requests.extend(after);
    verdicts
}

/// The length of `scenario` written as compact JSON, counted without
/// keeping the text.
fn json_len(scenario: &Scenario) -> usize {
    struct Count(usize);
    impl std::io::Write for Count {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0 += buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut count = Count(0);
    // Writing to a counter cannot fail, nor can a scenario's serializer.
    let _ = serde_json::to_writer(&mut count, scenario);
    count.0
}

/// The fix of request `i`, whose verdicts in the original scenario are
/// `verdicts`.
fn fix_request(
    original: &Scenario,
    browsers: &[Browser],
    i: usize,
    mut verdicts: Verdicts,
) -> Result<RequestFix, InputError> {
    let mut scenario = original.clone();
    // Whether the response must allow credentials: the request's mode.
    let credentials = original.requests[i].credentials == crate::CredentialsMode::Include;
    let mut change: Option<Change> = None;
    let mut reason = None;
    // Whether the scenario changed since `verdicts`.
    let mut changed = false;
    for _ in 0..ROUNDS {
        if changed {
            verdicts = verdicts_of(&mut scenario, browsers, i)?;
            changed = false;
        }
        let Some(blocked) = verdicts.iter().flatten().next() else {
            break;
        };
        let Some(error) = blocked.error() else {
            break;
        };
        let stage = error.during;
        let edit = next_edit(&mut scenario, blocked, stage, credentials).and_then(|edit| {
            edit.ok_or_else(|| {
                format!(
                    "corsim finds no change for {} during the {}",
                    error.code(),
                    stage_words(stage)
                )
            })
        });
        changed = true;
        if let Err(why) = edit.and_then(|edit| record(&mut change, edit)) {
            reason = Some(why);
            break;
        }
    }
    if changed {
        verdicts = verdicts_of(&mut scenario, browsers, i)?;
    }
    let still_blocked: Vec<Browser> = browsers
        .iter()
        .zip(&verdicts)
        .filter(|(_, v)| v.is_some())
        .map(|(b, _)| *b)
        .collect();
    let snippets = change
        .as_ref()
        .map(|c| snippets(c, &scenario))
        .unwrap_or_default();
    Ok(RequestFix {
        request: i,
        scenario: change.as_ref().map(|_| scenario),
        change,
        reason,
        still_blocked,
        snippets,
    })
}

/// One change found by simulating.
enum Edit {
    /// Headers (and a status) of one answer of a server entry.
    Headers(String, Part, ResponseChange),
    /// Options of a policy entry.
    #[cfg_attr(not(feature = "policy"), allow(dead_code))]
    Options(String, serde_json::Map<String, serde_json::Value>),
}

/// The change that removes the request's first failure (made to
/// `scenario`), `Ok(None)` when corsim knows none, `Err` when no server
/// change can help.
fn next_edit(
    scenario: &mut Scenario,
    blocked: &RequestVerdict,
    stage: Stage,
    credentials: bool,
) -> Result<Option<Edit>, String> {
    let code = blocked.error().map(crate::verdict::RequestError::code);
    let code = code.map_or_else(String::new, |c| c.to_string());
    match stage {
        Stage::Construct => Err(format!(
            "the script's own call throws ({code}) before anything is sent: no server change helps"
        )),
        Stage::Redirect => Err(format!(
            "the request fails while following a redirect ({code}): change the redirect \
             (or point the script at the final URL)"
        )),
        #[cfg(feature = "policy")]
        _ if is_policy(scenario, blocked, stage) => {
            policy_change(scenario, blocked, stage, credentials)
        }
        Stage::Preflight => Ok(preflight_change(scenario, blocked, credentials)
            .map(|(url, part, change)| Edit::Headers(url, part, change))),
        Stage::Actual => Ok(actual_change(scenario, blocked, credentials)
            .map(|(url, part, change)| Edit::Headers(url, part, change))),
    }
}

/// Adds `edit` to the change shown; `Err` when it is to another entry.
fn record(change: &mut Option<Change>, edit: Edit) -> Result<(), String> {
    let url = match &edit {
        Edit::Headers(url, ..) | Edit::Options(url, _) => url.clone(),
    };
    let change = change.get_or_insert_with(|| Change {
        url: url.clone(),
        ..Change::default()
    });
    if change.url != url {
        return Err(format!(
            "the request needs changes to two server entries ({} and {url}); only the first \
             is shown",
            change.url
        ));
    }
    match edit {
        Edit::Options(_, options) => change
            .options
            .get_or_insert_with(serde_json::Map::new)
            .extend(options),
        Edit::Headers(_, part, response_change) => {
            let slot = match part {
                Part::Preflight => &mut change.preflight,
                Part::Actual => &mut change.actual,
            };
            let slot = slot.get_or_insert_with(ResponseChange::default);
            if let Some(status) = response_change.status {
                slot.status = Some(status);
            }
            for (n, v) in &response_change.headers {
                slot.set(n, v);
            }
        }
    }
    Ok(())
}

fn stage_words(stage: Stage) -> &'static str {
    match stage {
        Stage::Construct => "construction",
        Stage::Preflight => "preflight",
        Stage::Actual => "request",
        Stage::Redirect => "redirect",
    }
}

#[derive(Debug, Clone, Copy)]
enum Part {
    Preflight,
    Actual,
}

type Step = Option<(String, Part, ResponseChange)>;

/// The server entry (key as written) for `url`.
fn entry_for<'s>(scenario: &'s mut Scenario, url: &str) -> Option<(String, &'s mut ServerEntry)> {
    let wanted = crate::url_parser(url, None)
        .ok()
        .map(|u| crate::validate::server_key(&u).into_owned())?;
    scenario.server.0.iter_mut().find_map(|(key, entry)| {
        let normalized = crate::url_parser(key, None)
            .ok()
            .map(|u| crate::validate::server_key(&u).into_owned());
        (normalized.as_deref() == Some(wanted.as_str())).then(|| (key.clone(), entry))
    })
}

fn sent(headers: &crate::header::HeaderList, name: &str) -> Option<String> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| String::from_utf8_lossy(v).into_owned())
}

fn preflight_change(scenario: &mut Scenario, blocked: &RequestVerdict, credentials: bool) -> Step {
    let preflight = blocked.preflights.last()?;
    let origin = sent(&preflight.headers, "origin").unwrap_or_default();
    let method = sent(&preflight.headers, "access-control-request-method");
    let names = sent(&preflight.headers, "access-control-request-headers");
    let (key, entry) = entry_for(scenario, &preflight.url)?;
    let responses = entry
        .preflight
        .get_or_insert_with(|| Responses::One(ResponseSpec::new(200, Vec::<HeaderPair>::new())));
    let change = change_all(responses, |response| {
        let mut change = ResponseChange::default();
        if !(200..=299).contains(&response.status) {
            change.status = Some(204);
        }
        allow_origin(response, &origin, credentials, &mut change);
        if let Some(method) = &method {
            add_to_list(
                response,
                "Access-Control-Allow-Methods",
                &[method.as_str()],
                credentials,
                &mut change,
            );
        }
        if let Some(names) = &names {
            let names: Vec<&str> = names
                .split(',')
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .collect();
            add_to_list(
                response,
                "Access-Control-Allow-Headers",
                &names,
                credentials,
                &mut change,
            );
        }
        change
    });
    (!change.is_empty()).then_some((key, Part::Preflight, change))
}

fn actual_change(scenario: &mut Scenario, blocked: &RequestVerdict, credentials: bool) -> Step {
    let hop = blocked.hops.last()?;
    let origin = hop.origin.clone()?;
    let (key, entry) = entry_for(scenario, &hop.url)?;
    let responses = entry
        .actual
        .get_or_insert_with(|| Responses::One(ResponseSpec::new(200, Vec::<HeaderPair>::new())));
    let change = change_all(responses, |response| {
        let mut change = ResponseChange::default();
        allow_origin(response, &origin, credentials, &mut change);
        change
    });
    (!change.is_empty()).then_some((key, Part::Actual, change))
}

/// The URL of the exchange that failed at `stage`.
#[cfg(feature = "policy")]
fn failed_url(blocked: &RequestVerdict, stage: Stage) -> Option<String> {
    match stage {
        Stage::Preflight => blocked.preflights.last().map(|p| p.url.clone()),
        _ => blocked.hops.last().map(|h| h.url.clone()),
    }
}

/// Whether the server entry that failed is a policy.
#[cfg(feature = "policy")]
fn is_policy(scenario: &mut Scenario, blocked: &RequestVerdict, stage: Stage) -> bool {
    failed_url(blocked, stage)
        .and_then(|url| entry_for(scenario, &url).map(|(_, e)| e.policy.is_some()))
        .unwrap_or(false)
}

/// The options to change in a policy entry, and the entry's key: the
/// page's origin added to the allowed ones (with credentials when the
/// request has them), or the method or header names the preflight asked
/// for added to the library's lists.
#[cfg(feature = "policy")]
fn policy_change(
    scenario: &mut Scenario,
    blocked: &RequestVerdict,
    stage: Stage,
    credentials: bool,
) -> Result<Option<Edit>, String> {
    use crate::reason::ErrorCode;
    let code = blocked.error().map(crate::verdict::RequestError::code);
    let preflight = blocked.preflights.last();
    let origin = match stage {
        Stage::Preflight => preflight.and_then(|p| sent(&p.headers, "origin")),
        _ => blocked.hops.last().and_then(|h| h.origin.clone()),
    };
    let Some(url) = failed_url(blocked, stage) else {
        return Ok(None);
    };
    let Some((key, entry)) = entry_for(scenario, &url) else {
        return Ok(None);
    };
    let Some(policy) = entry.policy.as_mut() else {
        return Ok(None);
    };
    let framework = policy.framework;
    let mut options = serde_json::Map::new();
    match code {
        Some(ErrorCode::MethodDisallowedByPreflightResponse) => {
            let method = preflight.and_then(|p| sent(&p.headers, "access-control-request-method"));
            let (Some(name), Some(method)) = (framework.methods_option(), method) else {
                return Ok(None);
            };
            let advertised = advertised(preflight, "access-control-allow-methods");
            let current = policy.options.get(name).or(advertised.as_ref());
            options.insert(name.to_owned(), extended(current, &[method.as_str()]));
        }
        Some(ErrorCode::HeaderDisallowedByPreflightResponse) => {
            let names = preflight
                .and_then(|p| sent(&p.headers, "access-control-request-headers"))
                .unwrap_or_default();
            let names: Vec<&str> = names
                .split(',')
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .collect();
            let Some(name) = framework.headers_option() else {
                return Ok(None);
            };
            let advertised = advertised(preflight, "access-control-allow-headers");
            let current = policy.options.get(name).or(advertised.as_ref());
            options.insert(name.to_owned(), extended(current, &names));
        }
        _ => {
            let Some(origin) = origin.filter(|o| o != "null") else {
                return Err("the request's Origin is null: no policy should trust it".to_owned());
            };
            let mut pages = crate::policy::audit::named_origins(&policy.options);
            if !pages.contains(&origin) {
                pages.push(origin);
            }
            options = framework.allow_list_options(&policy.options, &pages, credentials);
        }
    }
    options.retain(|k, v| policy.options.get(k) != Some(v));
    if options.is_empty() {
        return Ok(None);
    }
    let mut changed = policy.clone();
    changed.options.extend(options.clone());
    crate::policy::Model::compile(&changed).map_err(|e| e.to_string())?;
    *policy = changed;
    Ok(Some(Edit::Options(key, options)))
}

/// What the failed preflight's answer listed in header `name`, as a list
/// option's value (the library's default when the option is not set).
#[cfg(feature = "policy")]
fn advertised(
    preflight: Option<&crate::verdict::PreflightRecord>,
    name: &str,
) -> Option<serde_json::Value> {
    let value = sent(&preflight?.response_headers, name)?;
    Some(serde_json::Value::String(value))
}

/// A list option with `items` added (a string list is split on commas).
#[cfg(feature = "policy")]
fn extended(current: Option<&serde_json::Value>, items: &[&str]) -> serde_json::Value {
    use serde_json::Value;
    let mut list: Vec<String> = match current {
        Some(Value::Array(values)) => values
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect(),
        Some(Value::String(s)) => s
            .split(',')
            .map(|i| i.trim().to_owned())
            .filter(|i| !i.is_empty())
            .collect(),
        _ => Vec::new(),
    };
    for item in items {
        if !list.iter().any(|i| i.eq_ignore_ascii_case(item)) {
            list.push((*item).to_owned());
        }
    }
    Value::Array(list.into_iter().map(Value::String).collect())
}

/// Applies `compute` to each response of the list (the change of the
/// first kept as the one shown); returns the change.
fn change_all(
    responses: &mut Responses,
    compute: impl Fn(&ResponseSpec) -> ResponseChange,
) -> ResponseChange {
    let list: Vec<&mut ResponseSpec> = match responses {
        Responses::One(r) => vec![r],
        Responses::Sequence(list) => list.iter_mut().collect(),
    };
    let mut shown = ResponseChange::default();
    for (n, response) in list.into_iter().enumerate() {
        let change = compute(response);
        apply(response, &change);
        if n == 0 {
            shown = change;
        }
    }
    shown
}

fn apply(response: &mut ResponseSpec, change: &ResponseChange) {
    if let Some(status) = change.status {
        response.status = status;
    }
    for (name, value) in &change.headers {
        let at = response
            .headers
            .iter()
            .position(|(n, _)| n.eq_ignore_ascii_case(name));
        response
            .headers
            .retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        let at = at
            .unwrap_or(response.headers.len())
            .min(response.headers.len());
        response.headers.insert(at, (name.clone(), value.clone()));
    }
}

fn values<'r>(response: &'r ResponseSpec, name: &str) -> Vec<&'r str> {
    response
        .headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
        .collect()
}

/// `Access-Control-Allow-Origin` (and `-Credentials`) that let `origin` in.
fn allow_origin(
    response: &ResponseSpec,
    origin: &str,
    credentials: bool,
    change: &mut ResponseChange,
) {
    let current = values(response, "Access-Control-Allow-Origin");
    // Compared as sent: Safari keeps the whitespace around a value over
    // HTTP/2, so `"  *  "` is fixed to `*` (and a padded origin to the
    // origin) for every browser to agree.
    let (ok, star) = match current.as_slice() {
        [value] => (
            *value == origin || (*value == "*" && !credentials),
            value.trim_matches([' ', '\t']) == "*" && !credentials,
        ),
        _ => (false, false),
    };
    if !ok {
        change.set(
            "Access-Control-Allow-Origin",
            if star { "*" } else { origin },
        );
    }
    if credentials {
        let current = values(response, "Access-Control-Allow-Credentials");
        if current.as_slice() != ["true"] {
            change.set("Access-Control-Allow-Credentials", "true");
        }
    }
}

/// Adds the `wanted` items missing from the list header `name` (method
/// names compared exactly, header names case-insensitively; `*` counts
/// without credentials).
fn add_to_list(
    response: &ResponseSpec,
    name: &str,
    wanted: &[&str],
    credentials: bool,
    change: &mut ResponseChange,
) {
    let methods = name.eq_ignore_ascii_case("Access-Control-Allow-Methods");
    let current: Vec<String> = values(response, name)
        .iter()
        .flat_map(|v| v.split(','))
        .map(|item| item.trim().to_owned())
        .filter(|item| !item.is_empty())
        .collect();
    if !credentials && current.iter().any(|item| item == "*") {
        return;
    }
    // With credentials `*` is only a name (a method or header called `*`):
    // it allows nothing, so the fixed list leaves it out.
    let current: Vec<String> = if credentials {
        current.into_iter().filter(|item| item != "*").collect()
    } else {
        current
    };
    let has = |item: &str| {
        current.iter().any(|c| {
            if methods {
                c == item || crate::method::is_cors_safelisted_method(item)
            } else {
                c.eq_ignore_ascii_case(item)
            }
        })
    };
    let missing: Vec<&str> = wanted.iter().copied().filter(|w| !has(w)).collect();
    if missing.is_empty() {
        return;
    }
    let mut all: Vec<&str> = current.iter().map(String::as_str).collect();
    all.extend(missing);
    change.set(name, &all.join(", "));
}

/// The CORS headers (`Access-Control-*`, and `Vary` on a response that
/// names an origin) of the first response of `responses`, after the change.
fn cors_headers(responses: Option<&Responses>) -> ResponseChange {
    let Some(response) = responses.and_then(|r| r.nth(0)) else {
        return ResponseChange::default();
    };
    let mut headers: Vec<HeaderPair> = response
        .headers
        .iter()
        .filter(|(n, _)| n.len() > 15 && n[..15].eq_ignore_ascii_case("access-control-"))
        .cloned()
        .collect();
    let names_origin = headers
        .iter()
        .any(|(n, v)| n.eq_ignore_ascii_case("access-control-allow-origin") && v.trim() != "*");
    if names_origin && !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("vary")) {
        headers.push(("Vary".to_owned(), "Origin".to_owned()));
    }
    ResponseChange {
        status: Some(response.status),
        headers,
    }
}

/// The change as code for each framework: every CORS header of the changed
/// answers, as the fixed scenario sends them (the preflight branch only
/// when the preflight changes, answered with its status), set by hand.
fn snippets(change: &Change, fixed: &Scenario) -> BTreeMap<&'static str, String> {
    let entry = fixed
        .server
        .0
        .iter()
        .find(|(key, _)| *key == change.url)
        .map(|(_, entry)| entry);
    #[cfg(feature = "policy")]
    if let Some(policy) = entry.and_then(|e| e.policy.as_ref()) {
        // The whole middleware, mounted with its changed options.
        let (framework, code) = policy.framework.code(&policy.options);
        return BTreeMap::from([(framework, code)]);
    }
    let preflight_headers = change
        .preflight
        .as_ref()
        .map(|_| cors_headers(entry.and_then(|e| e.preflight.as_ref())));
    let actual_headers = change
        .actual
        .as_ref()
        .map(|_| cors_headers(entry.and_then(|e| e.actual.as_ref())))
        .unwrap_or_default();
    render(preflight_headers.as_ref(), &actual_headers.headers)
}

/// How one framework's code sets headers: around the `OPTIONS` branch
/// (`{status}` is the preflight's status), one line per header, around the
/// rest.
struct Template {
    framework: &'static str,
    head: &'static str,
    options_open: &'static str,
    options_indent: &'static str,
    options_close: &'static str,
    middle: &'static str,
    indent: &'static str,
    tail: &'static str,
    line: fn(&str, &str) -> String,
}

const TEMPLATES: [Template; 7] = [
    Template {
        framework: "express",
        head: "app.use((req, res, next) => {\n",
        options_open: "  if (req.method === 'OPTIONS') {\n",
        options_indent: "    ",
        options_close: "    return res.sendStatus({status});\n  }\n",
        middle: "",
        indent: "  ",
        tail: "  next();\n});\n",
        line: |n, v| format!("res.set({}, {});", quote(n), quote(v)),
    },
    Template {
        framework: "flask",
        head: "@app.after_request\ndef cors_headers(response):\n",
        options_open: "    if request.method == 'OPTIONS':\n        response.status_code = {status}\n",
        options_indent: "        ",
        options_close: "        return response\n",
        middle: "",
        indent: "    ",
        tail: "    return response\n",
        line: |n, v| format!("response.headers[{}] = {}", quote(n), quote(v)),
    },
    Template {
        framework: "django",
        head: "def cors_middleware(get_response):\n    def middleware(request):\n",
        options_open: "        if request.method == 'OPTIONS':\n            response = HttpResponse(status={status})\n",
        options_indent: "            ",
        options_close: "            return response\n",
        middle: "        response = get_response(request)\n",
        indent: "        ",
        tail: "        return response\n    return middleware\n",
        line: |n, v| format!("response[{}] = {}", quote(n), quote(v)),
    },
    Template {
        framework: "fastapi",
        head: "@app.middleware('http')\nasync def cors_headers(request, call_next):\n",
        options_open: "    if request.method == 'OPTIONS':\n        response = Response(status_code={status})\n",
        options_indent: "        ",
        options_close: "        return response\n",
        middle: "    response = await call_next(request)\n",
        indent: "    ",
        tail: "    return response\n",
        line: |n, v| format!("response.headers[{}] = {}", quote(n), quote(v)),
    },
    Template {
        framework: "axum",
        head: "// .layer(axum::middleware::from_fn(cors_headers))\nasync fn cors_headers(request: Request, next: Next) -> Response {\n",
        options_open: "    if request.method() == Method::OPTIONS {\n        let mut response = StatusCode::from_u16({status}).unwrap().into_response();\n",
        options_indent: "        ",
        options_close: "        return response;\n    }\n",
        middle: "    let mut response = next.run(request).await;\n",
        indent: "    ",
        tail: "    response\n}\n",
        line: |n, v| {
            format!(
                "response.headers_mut().insert({}, HeaderValue::from_static({}));",
                quote_double(&n.to_ascii_lowercase()),
                quote_double(v)
            )
        },
    },
    Template {
        framework: "nginx",
        head: "location / {\n",
        options_open: "    if ($request_method = OPTIONS) {\n",
        options_indent: "        ",
        options_close: "        return {status};\n    }\n",
        middle: "",
        indent: "    ",
        tail: "    # proxy_pass ...;\n}\n",
        line: |n, v| format!("add_header {n} {} always;", quote_double(v)),
    },
    Template {
        framework: "php",
        head: "<?php\n",
        options_open: "if ($_SERVER['REQUEST_METHOD'] === 'OPTIONS') {\n",
        options_indent: "    ",
        options_close: "    http_response_code({status});\n    exit;\n}\n",
        middle: "",
        indent: "",
        tail: "",
        line: |n, v| format!("header({});", quote(&format!("{n}: {v}"))),
    },
];

/// Each framework's code for these headers.
fn render(
    preflight: Option<&ResponseChange>,
    actual: &[HeaderPair],
) -> BTreeMap<&'static str, String> {
    let status = preflight.and_then(|p| p.status).unwrap_or(204).to_string();
    let lines = |t: &Template, headers: &[HeaderPair], indent: &str, out: &mut String| {
        for (n, v) in headers {
            out.push_str(indent);
            out.push_str(&(t.line)(n, v));
            out.push('\n');
        }
    };
    TEMPLATES
        .iter()
        .map(|t| {
            let mut code = t.head.to_owned();
            if let Some(preflight) = preflight {
                code.push_str(&t.options_open.replace("{status}", &status));
                lines(t, &preflight.headers, t.options_indent, &mut code);
                code.push_str(&t.options_close.replace("{status}", &status));
            }
            code.push_str(t.middle);
            lines(t, actual, t.indent, &mut code);
            code.push_str(t.tail);
            (t.framework, code)
        })
        .collect()
}

/// A single-quoted string literal (JavaScript, Python, PHP).
fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
}

/// A double-quoted string literal (Rust, nginx).
fn quote_double(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}
