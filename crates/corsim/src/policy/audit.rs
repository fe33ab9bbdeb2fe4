//! `corsim policy audit`: what a policy lets through and what it breaks
//! (contract additions §6).
//!
//! The audit runs the policy's model as the server of real simulations:
//! pages the policy means to trust and origins it should not (the `null`
//! origin, look-alikes of each page, the `http:` version of an `https:`
//! page, another port, an unrelated site) make the requests that matter (a
//! simple `GET` and a preflighted JSON `PUT`, each with and without
//! cookies) in Chrome, Firefox and Safari. A finding is what a browser
//! actually did, with the exchange that shows it.

use serde::Serialize;
use serde_json::{Map, Value};

use super::{Model, Policy, PolicyError, ServerRequest};
use crate::origin::Origin;
use crate::scenario::{
    BodyKind, BodySpec, CredentialsMode, Extensions, RequestSpec, ResponseSpec, Scenario,
    ServerEntry, ServerMap,
};
use crate::{simulate_with, Browser, Options, RequestVerdict};

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// A page the policy did not mean to trust can read responses (with
    /// cookies: the user's data).
    Exploitable,
    /// A page the policy means to allow is blocked in at least one browser.
    Broken,
    /// Neither, but worth changing.
    Warning,
}

/// One exchange that shows a finding.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    /// What the browser sent (the preflight, or the request itself).
    pub request: ServerRequest,
    /// What the server answered.
    pub response: ResponseSpec,
    /// The browsers in which it happened (let it through, or blocked it).
    pub browsers: Vec<Browser>,
}

/// A change to the policy's options that removes a finding.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fix {
    /// The options to set, in the library's spelling (merged over the
    /// policy's own).
    pub options: Map<String, Value>,
    /// What it changes, in words.
    pub explanation: String,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// What kind (`reflects-any-origin-with-credentials`, ...).
    pub id: &'static str,
    /// How bad.
    pub severity: Severity,
    /// What was found, in words.
    pub summary: String,
    /// The exchange that shows it, when one does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Evidence>,
    /// How to remove it, when corsim knows.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<Fix>,
}

/// The requests the audit makes from each origin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// `fetch(url)`: a simple GET without cookies.
    Get,
    /// `fetch(url, {credentials: "include"})`.
    GetWithCookies,
    /// A JSON `PUT`: preflighted.
    PutJson,
    /// A JSON `PUT` with cookies: preflighted.
    PutJsonWithCookies,
}

impl Shape {
    const ALL: [Self; 4] = [
        Self::Get,
        Self::GetWithCookies,
        Self::PutJson,
        Self::PutJsonWithCookies,
    ];

    fn credentials(self) -> bool {
        matches!(self, Self::GetWithCookies | Self::PutJsonWithCookies)
    }

    fn describe(self) -> &'static str {
        match self {
            Self::Get => "a GET",
            Self::GetWithCookies => "a GET with cookies",
            Self::PutJson => "a JSON PUT",
            Self::PutJsonWithCookies => "a JSON PUT with cookies",
        }
    }

    fn request(self, url: &str) -> RequestSpec {
        let mut request = RequestSpec::get(url);
        if self.credentials() {
            request.credentials = CredentialsMode::Include;
        }
        if matches!(self, Self::PutJson | Self::PutJsonWithCookies) {
            "PUT".clone_into(&mut request.method);
            request.headers = vec![("Content-Type".to_owned(), "application/json".to_owned())];
            request.body = Some(BodySpec {
                kind: BodyKind::String,
                blob_type: None,
                extensions: Extensions::default(),
            });
        }
        request
    }
}

/// The browsers whose verdicts the audit reports.
const BROWSERS: [Browser; 3] = [Browser::Chrome, Browser::Firefox, Browser::Safari];

/// What one origin's request of one shape did in each browser.
struct Outcome {
    origin: String,
    shape: Shape,
    /// The browsers that let the script read the response.
    readable: Vec<Browser>,
    /// The browsers that blocked it.
    blocked: Vec<Browser>,
    /// The first exchange (as Chrome made it): what decided.
    evidence: Option<(ServerRequest, ResponseSpec)>,
}

/// The origins the policy's options name (its intended pages, when none
/// are given).
pub(crate) fn named_origins(options: &Map<String, Value>) -> Vec<String> {
    fn walk(value: &Value, out: &mut Vec<String>) {
        match value {
            Value::String(s) if s != "*" && s != "null" => {
                if let Ok(origin) = Origin::parse(s) {
                    let serialized = origin.serialize();
                    if !out.contains(&serialized) {
                        out.push(serialized);
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|v| walk(v, out)),
            Value::Object(map) if !map.contains_key("regex") => {
                map.values().for_each(|v| walk(v, out));
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    for value in options.values() {
        walk(value, &mut out);
    }
    out
}

/// The origins a page should not share with: (origin, what it is).
fn untrusted(pages: &[String]) -> Vec<(String, &'static str)> {
    let mut probes = vec![
        ("https://evil.example".to_owned(), "unrelated"),
        ("null".to_owned(), "null"),
    ];
    for page in pages {
        let Ok(origin) = Origin::parse(page) else {
            continue;
        };
        let (Some(scheme), Some(host)) = (origin.scheme(), origin.host()) else {
            continue;
        };
        probes.push((format!("https://{host}.evil.example"), "look-alike"));
        probes.push((format!("https://evil{host}"), "look-alike"));
        if scheme == "https" {
            probes.push((format!("http://{host}"), "insecure"));
        }
        probes.push((format!("{scheme}://{host}:8443"), "port"));
    }
    probes.retain(|(o, _)| !pages.contains(o));
    let mut seen = Vec::new();
    probes.retain(|(o, _)| {
        let new = !seen.contains(o);
        seen.push(o.clone());
        new
    });
    probes
}

/// The first exchange of a verdict: the preflight, or the request.
fn first_exchange(
    verdict: &RequestVerdict,
    spec: &RequestSpec,
) -> Option<(ServerRequest, ResponseSpec)> {
    let pairs = |list: &crate::header::HeaderList| -> Vec<(String, String)> {
        list.iter()
            .map(|(n, v)| (n.to_owned(), String::from_utf8_lossy(v).into_owned()))
            .collect()
    };
    if let Some(preflight) = verdict.preflights.first() {
        return Some((
            ServerRequest {
                method: "OPTIONS".to_owned(),
                url: preflight.url.clone(),
                headers: pairs(&preflight.headers),
            },
            ResponseSpec::new(
                preflight.status.unwrap_or(0),
                pairs(&preflight.response_headers),
            ),
        ));
    }
    let hop = verdict.hops.first()?;
    let mut headers = Vec::new();
    if let Some(origin) = &hop.origin {
        headers.push(("Origin".to_owned(), origin.clone()));
    }
    headers.extend(spec.headers.iter().cloned());
    Some((
        ServerRequest {
            method: hop.method.clone(),
            url: hop.url.clone(),
            headers,
        },
        ResponseSpec::new(hop.status.unwrap_or(0), pairs(&hop.response_headers)),
    ))
}

/// One request of `shape` from a page at `origin` to `url`, served by
/// `policy`.
fn scenario(policy: &Policy, url: &str, origin: &str, shape: Shape) -> Scenario {
    let mut server = ServerMap::default();
    server.insert(
        url,
        ServerEntry {
            policy: Some(policy.clone()),
            ..ServerEntry::default()
        },
    );
    Scenario {
        server,
        requests: vec![shape.request(url)],
        ..Scenario::new(origin)
    }
}

/// The smallest change of options that lets the page's request through
/// in every browser (`corsim fix`, which verifies it by simulating).
fn unblock(policy: &Policy, url: &str, outcome: &Outcome) -> Option<Fix> {
    let scenario = scenario(policy, url, &outcome.origin, outcome.shape);
    let fixes = crate::fix::fix(&scenario, &BROWSERS).ok()?;
    let fix = fixes.first()?;
    if !fix.still_blocked.is_empty() {
        return None;
    }
    let options = fix.change.as_ref()?.options.clone()?;
    Some(Fix {
        options,
        explanation: format!(
            "the smallest change that lets {} from {} through in Chrome, Firefox and Safari \
             (verified by simulating)",
            outcome.shape.describe(),
            outcome.origin
        ),
    })
}

fn run(policy: &Policy, url: &str, origin: &str, shape: Shape) -> Outcome {
    let scenario = scenario(policy, url, origin, shape);
    let spec = scenario.requests[0].clone();
    let mut outcome = Outcome {
        origin: origin.to_owned(),
        shape,
        readable: Vec::new(),
        blocked: Vec::new(),
        evidence: None,
    };
    for browser in BROWSERS {
        // Valid by construction: a compiled policy, origins and a URL
        // that parse.
        let Ok(verdict) = simulate_with(&scenario, browser, Options::without_trace()) else {
            continue;
        };
        let Some(request) = verdict.requests.first() else {
            continue;
        };
        if request.is_ok() {
            outcome.readable.push(browser);
        } else {
            outcome.blocked.push(browser);
        }
        if outcome.evidence.is_none() {
            outcome.evidence = first_exchange(request, &spec);
        }
    }
    outcome
}

fn evidence(outcome: &Outcome, browsers: &[Browser]) -> Option<Evidence> {
    outcome
        .evidence
        .clone()
        .map(|(request, response)| Evidence {
            request,
            response,
            browsers: browsers.to_vec(),
        })
}

/// The options that trust exactly `pages`, with or without cookies.
fn allow_only(policy: &Policy, pages: &[String], credentials: bool) -> Option<Fix> {
    if pages.is_empty() {
        return None;
    }
    let options = policy
        .framework
        .allow_list_options(&policy.options, pages, credentials);
    Some(Fix {
        options,
        explanation: format!(
            "list the origins the API serves ({}) instead: other origins then get no \
             Access-Control-Allow-Origin",
            pages.join(", ")
        ),
    })
}

/// Runs the audit of `policy` for `pages` (none: the origins its options
/// name) against `url`: every finding at once, the worst first.
///
/// # Errors
///
/// The policy does not compile.
pub fn audit(policy: &Policy, pages: &[Origin], url: &str) -> Result<Vec<Finding>, PolicyError> {
    let model = Model::compile(policy)?;
    let pages: Vec<String> = if pages.is_empty() {
        named_origins(&policy.options)
    } else {
        pages.iter().map(Origin::serialize).collect()
    };
    let mut findings = Vec::new();
    typos(policy, &mut findings);

    // The pages: what the policy means to allow.
    let page_runs: Vec<Outcome> = pages
        .iter()
        .flat_map(|page| Shape::ALL.map(|shape| run(policy, url, page, shape)))
        .collect();
    // Cookies are meant to go along when some page's response allows them.
    let credentials_meant = page_runs.iter().any(|o| {
        o.evidence.as_ref().is_some_and(|(_, response)| {
            response.headers.iter().any(|(n, v)| {
                n.eq_ignore_ascii_case("access-control-allow-credentials") && v == "true"
            })
        })
    });
    for outcome in &page_runs {
        if outcome.blocked.is_empty() || (outcome.shape.credentials() && !credentials_meant) {
            continue;
        }
        let mut finding = page_blocked(&model, outcome);
        finding.fix = unblock(policy, url, outcome);
        findings.push(finding);
    }

    // The origins it should not trust. Without cookies, a response any
    // site can read (`*`) is public: `null` reading it too says nothing.
    let public = !run(policy, url, "https://evil.example", Shape::Get)
        .readable
        .is_empty();
    let mut reflects_any = false;
    for (origin, kind) in untrusted(&pages) {
        for shape in [Shape::GetWithCookies, Shape::Get] {
            let outcome = run(policy, url, &origin, shape);
            if outcome.readable.is_empty() {
                continue;
            }
            let with_cookies = shape.credentials();
            let finding = match (kind, with_cookies) {
                ("unrelated", true) => {
                    reflects_any = true;
                    Some((
                        "reflects-any-origin-with-credentials",
                        Severity::Exploitable,
                    ))
                }
                ("null", true) => Some(("null-origin-trusted", Severity::Exploitable)),
                ("null", false) if !public => Some(("null-origin-trusted", Severity::Warning)),
                ("look-alike", true) if !reflects_any => {
                    Some(("look-alike-origin-trusted", Severity::Exploitable))
                }
                ("insecure", true) if !reflects_any => {
                    Some(("insecure-origin-trusted", Severity::Exploitable))
                }
                ("port", true) if !reflects_any => Some(("other-port-trusted", Severity::Warning)),
                _ => None,
            };
            let Some((id, severity)) = finding else {
                continue;
            };
            findings.push(Finding {
                id,
                severity,
                summary: format!(
                    "a page at {origin} can read the response to {} ({})",
                    shape.describe(),
                    untrusted_words(kind)
                ),
                evidence: evidence(&outcome, &outcome.readable),
                fix: allow_only(policy, &pages, credentials_meant),
            });
            // With cookies found: the same without them says nothing more.
            break;
        }
    }
    vary(policy, url, &pages, &model, &mut findings);
    findings.sort_by_key(|f| f.severity);
    Ok(findings)
}

fn untrusted_words(kind: &str) -> &'static str {
    match kind {
        "unrelated" => "an origin the policy names nowhere: any site",
        "null" => "the opaque origin of sandboxed iframes, data: URLs and some redirects, which any site can take",
        "look-alike" => "an origin that only resembles a trusted one",
        "insecure" => "the http: version of a trusted page, which anyone on the network can answer for",
        _ => "another port of a trusted host",
    }
}

fn page_blocked(model: &Model, outcome: &Outcome) -> Finding {
    // The middleware left the framework's own answer to OPTIONS as it was.
    let unhandled = outcome
        .evidence
        .as_ref()
        .is_some_and(|(request, response)| {
            request.method == "OPTIONS" && *response == model.app_response(request)
        });
    let allow_origin = outcome.evidence.as_ref().and_then(|(_, response)| {
        response
            .headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("access-control-allow-origin"))
            .map(|(_, v)| v.clone())
    });
    let (id, summary) = match allow_origin.as_deref() {
        None if unhandled => (
            "preflight-not-handled",
            format!(
                "{} from {} is blocked: its preflight is answered by the framework's own \
                 OPTIONS handler, not by the CORS middleware",
                outcome.shape.describe(),
                outcome.origin
            ),
        ),
        Some("*") if outcome.shape.credentials() => (
            "wildcard-with-credentials",
            format!(
                "{} from {} is blocked: Access-Control-Allow-Origin is * and browsers refuse * \
                 for a request with cookies",
                outcome.shape.describe(),
                outcome.origin
            ),
        ),
        Some(value) if value != outcome.origin && value != "*" => (
            "origin-never-matches",
            format!(
                "{} from {} is blocked: the server sends Access-Control-Allow-Origin: {value}, \
                 which is not this page's origin",
                outcome.shape.describe(),
                outcome.origin
            ),
        ),
        _ => (
            "page-blocked",
            format!(
                "{} from {} is blocked",
                outcome.shape.describe(),
                outcome.origin
            ),
        ),
    };
    Finding {
        id,
        severity: Severity::Broken,
        summary,
        evidence: evidence(outcome, &outcome.blocked),
        fix: None,
    }
}

/// `missing-vary-origin`: the answer depends on Origin but says not so.
fn vary(policy: &Policy, url: &str, pages: &[String], model: &Model, findings: &mut Vec<Finding>) {
    let mut origins: Vec<String> = pages.to_vec();
    origins.push("https://evil.example".to_owned());
    let answers: Vec<(String, ServerRequest, ResponseSpec)> = origins
        .iter()
        .map(|origin| {
            let request = ServerRequest {
                method: "GET".to_owned(),
                url: url.to_owned(),
                headers: vec![("Origin".to_owned(), origin.clone())],
            };
            let route = ResponseSpec::new(200, Vec::<(String, String)>::new());
            let response = model.respond(&request, Some(&route));
            (origin.clone(), request, response)
        })
        .collect();
    let allow_origin = |r: &ResponseSpec| {
        r.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("access-control-allow-origin"))
            .map(|(_, v)| v.clone())
    };
    let varies = answers
        .iter()
        .any(|(_, _, r)| allow_origin(r) != allow_origin(&answers[0].2));
    if !varies {
        return;
    }
    let says_so = |r: &ResponseSpec| {
        r.headers.iter().any(|(n, v)| {
            n.eq_ignore_ascii_case("vary")
                && v.split(',').any(|f| {
                    let f = f.trim();
                    f == "*" || f.eq_ignore_ascii_case("origin")
                })
        })
    };
    if let Some((origin, request, response)) = answers.iter().find(|(_, _, r)| !says_so(r)) {
        findings.push(Finding {
            id: "missing-vary-origin",
            severity: Severity::Warning,
            summary: format!(
                "Access-Control-Allow-Origin depends on the request's Origin, but the response \
                 to {origin} has no Vary: Origin: a shared cache can serve one origin's answer \
                 to another"
            ),
            evidence: Some(Evidence {
                request: request.clone(),
                response: response.clone(),
                browsers: Vec::new(),
            }),
            fix: policy.framework.vary_fix(),
        });
    }
}

/// `ignored-option`: option names the library does not read (it ignores
/// them silently).
fn typos(policy: &Policy, findings: &mut Vec<Finding>) {
    if !policy.framework.ignores_unknown_options() {
        return;
    }
    let known = policy.framework.option_names();
    for name in policy.options.keys() {
        if known.contains(&name.as_str()) {
            continue;
        }
        let closest = known
            .iter()
            .copied()
            .min_by_key(|k| edit_distance(&k.to_ascii_lowercase(), &name.to_ascii_lowercase()))
            .filter(|k| edit_distance(&k.to_ascii_lowercase(), &name.to_ascii_lowercase()) <= 3);
        let fix = closest.map(|k| {
            let mut options = Map::new();
            options.insert((*k).to_owned(), policy.options[name].clone());
            Fix {
                options,
                explanation: format!("rename `{name}` to `{k}` (and remove `{name}`)"),
            }
        });
        findings.push(Finding {
            id: "ignored-option",
            severity: Severity::Warning,
            summary: format!(
                "{} does not read an option `{name}` and ignores it without a word{}",
                policy.framework,
                closest.map_or_else(String::new, |k| format!("; did you mean `{k}`?"))
            ),
            evidence: None,
            fix,
        });
    }
}

/// Levenshtein distance, for option names (short).
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = (previous + usize::from(ca != *cb))
                .min(row[j] + 1)
                .min(current + 1);
            previous = current;
        }
    }
    row[b.len()]
}
