//! The stepping driver behind `corsim/node` (the `node` feature; a second
//! module, `pkg/node/`, so that the browser module's size does not grow).
//!
//! [`Probe`] hands JavaScript each message a browser puts on the wire, in
//! order, and takes the server's answer back: the JavaScript side
//! (`crates/corsim-wasm/node/index.js`) does the I/O, with an in-process
//! Node request handler or a real server. The engine is the core's
//! [`corsim::fetch::Fetch`], as `corsim probe` drives it
//! (crates/corsim-probe): browsers that send the same bytes share one
//! exchange, and the answers are recorded as a v1 scenario
//! ([`corsim::scenario::record::Recorder`]) that `simulate` replays.
//!
//! A [`Fetch`] borrows the page's origin, so it cannot live in a
//! `#[wasm_bindgen]` value between two calls. Each call to `next` builds
//! the browser's fetch again and replays the answers it already had: the
//! engine is a pure function of its answers, so the replay reaches the
//! same state, and a fetch has at most a few dozen messages (20 redirects).

use corsim::cache::PreflightCache;
use corsim::fetch::{Answer, Fetch, MessageKind, Next};
use corsim::header::HeaderList;
use corsim::origin::Origin;
use corsim::scenario::record::Recorder;
use corsim::{Browser, HttpVersion, InputError, RequestSpec, ResponseSpec, Scenario, Verdict};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::{scenario_from_js, to_js};

/// The TypeScript types of the stepping driver.
#[wasm_bindgen(typescript_custom_section)]
const PROBE_TYPES: &str = r#"
/** A message a browser puts on the wire. */
export interface ProbeMessage {
  /** The browser sending it. */
  browser: Browser;
  kind: "preflight" | "request";
  method: string;
  /** The absolute URL requested. */
  url: string;
  /** The headers, in the order the browser sends them, names as it spells them. */
  headers: HeaderPair[];
  /** Whether cookies and HTTP authentication would go along. */
  credentials: boolean;
}

/** What `Probe.next()` asks for. */
export type ProbeStep =
  | { send: ProbeMessage }
  | { done: { scenario: Scenario; verdicts: Verdict[]; warnings: string[] } };
"#;

/// One exchange's bytes: method, URL and headers, in order.
type ExchangeKey = (String, String, Vec<(String, Vec<u8>)>);

/// One request probed as each browser would send it, a message at a time.
///
/// <https://fetch.spec.whatwg.org/#fetching>
#[wasm_bindgen]
pub struct Probe {
    page: Origin,
    /// The page as Local Network Access sees it (see `new`).
    client: corsim::local_network::Client,
    scenario: Scenario,
    browsers: Vec<Browser>,
    /// The index in `browsers` of the browser being probed.
    current: usize,
    /// The answers the current browser had, in order.
    answers: Vec<Answer>,
    /// The message waiting for an answer, and its exchange key.
    pending: Option<(MessageKind, url::Url, ExchangeKey)>,
    /// Every exchange made, so that browsers sending the same bytes share
    /// one answer.
    exchanges: Vec<(ExchangeKey, Answer)>,
    recorder: Recorder,
    verdicts: Vec<Verdict>,
}

#[wasm_bindgen]
impl Probe {
    /// A probe of the one request of `scenario` (its `server` is ignored),
    /// from its page, as each of `browsers` would send it, in that order.
    ///
    /// Throws on a malformed scenario, a page that is not an origin, a URL
    /// that does not parse, or an unknown browser name.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "Scenario")] scenario: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "Browser[]")] browsers: &JsValue,
    ) -> Result<Probe, js_sys::Error> {
        let mut scenario = scenario_from_js(scenario)?;
        if scenario.requests.len() != 1 {
            return Err(js_sys::Error::new(
                "requests: a probe sends exactly one request",
            ));
        }
        scenario.server = corsim::scenario::ServerMap::default();
        let browsers = js_sys::Array::from(browsers)
            .iter()
            .map(|name| {
                name.as_string()
                    .ok_or_else(|| js_sys::Error::new("browsers: expected profile names"))?
                    .parse::<Browser>()
                    .map_err(|e| js_sys::Error::new(&e.to_string()))
            })
            .collect::<Result<Vec<_>, _>>()?;
        // The command line's message for the same input.
        let page = Origin::parse(&scenario.page).map_err(|error| {
            let problem = corsim::error::Problem {
                path: corsim::error::Path::root().field("page"),
                kind: corsim::error::ProblemKind::NotAnOrigin {
                    input: scenario.page.clone(),
                    error,
                },
            };
            js_sys::Error::new(&InputError::from_problems(vec![problem]).to_string())
        })?;
        // The URL parses (the only input error a fetch can have).
        Fetch::new(Browser::Spec, &page, &scenario.requests[0], false)
            .map_err(|e| js_sys::Error::new(&e.to_string()))?;
        // As `corsim probe`: the probed host in the page's address space.
        scenario.address_spaces =
            corsim::local_network::stand_in_address_spaces(&page, &scenario.requests[0].url);
        scenario.permissions = corsim::local_network::Permissions::new();
        scenario.frame = None;
        let client = corsim::local_network::Client::new(
            &page,
            None,
            None,
            &scenario.address_spaces,
            &scenario.permissions,
        );
        Ok(Probe {
            page,
            client,
            scenario,
            browsers,
            current: 0,
            answers: Vec::new(),
            pending: None,
            exchanges: Vec::new(),
            recorder: Recorder::default(),
            verdicts: Vec::new(),
        })
    }

    /// The next message to send (`{send}`), or the verdicts and the
    /// recorded scenario once every browser is done (`{done}`). After
    /// `{send}`, answer it with `respond` or `unreachable` before calling
    /// this again (until then, it asks for the same message).
    #[wasm_bindgen(js_name = next, unchecked_return_type = "ProbeStep")]
    pub fn step(&mut self) -> Result<JsValue, js_sys::Error> {
        while let Some(&browser) = self.browsers.get(self.current) {
            let spec: &RequestSpec = &self.scenario.requests[0];
            let mut cache = PreflightCache::for_browser(browser);
            let mut fetch = Fetch::new(browser, &self.page, spec, true)
                .map_err(|e| js_sys::Error::new(&e.to_string()))?
                .with_local_network(self.client.clone());
            let mut replayed = 0;
            while let Next::Send(message) = fetch.next(&mut cache) {
                if let Some(answer) = self.answers.get(replayed) {
                    fetch.respond(answer.clone());
                    replayed += 1;
                    continue;
                }
                // One line per name, the values combined, as browsers send
                // them (tests/probe-proof, case repeated-header-name).
                let lines = message
                    .headers()
                    .collect::<corsim::header::HeaderList>()
                    .combined();
                let key: ExchangeKey = (
                    message.method.to_owned(),
                    message.url.as_str().to_owned(),
                    lines
                        .iter()
                        .map(|(n, v)| (n.to_owned(), v.to_vec()))
                        .collect(),
                );
                if let Some((_, answer)) = self.exchanges.iter().find(|(k, _)| *k == key) {
                    // Another browser sent the same bytes: the same answer.
                    let answer = answer.clone();
                    self.recorder
                        .record(browser, message.kind, message.url, recorded(&answer));
                    self.answers.push(answer.clone());
                    fetch.respond(answer);
                    replayed += 1;
                    continue;
                }
                let send = Sent {
                    browser: browser.name(),
                    kind: match message.kind {
                        MessageKind::Preflight => "preflight",
                        _ => "request",
                    },
                    method: message.method,
                    url: message.url.as_str(),
                    headers: lines
                        .iter()
                        .map(|(n, v)| (n, String::from_utf8_lossy(v)))
                        .collect(),
                    credentials: message.credentials,
                };
                let step = to_js(&Step::Send(send));
                self.pending = Some((message.kind, message.url.clone(), key));
                return step;
            }
            self.verdicts.push(Verdict {
                browser,
                requests: vec![fetch.into_verdict()],
            });
            self.current += 1;
            self.answers.clear();
        }
        let mut scenario = self.scenario.clone();
        scenario.server = self.recorder.server_map();
        to_js(&Step::Done(Done {
            scenario: &scenario,
            verdicts: &self.verdicts,
            warnings: self.recorder.warnings(),
        }))
    }

    /// Answers the message `next` asked for: the status, the headers as
    /// received (in order) and the HTTP version (`"1.1"` or `"2"`).
    pub fn respond(
        &mut self,
        status: u16,
        #[wasm_bindgen(unchecked_param_type = "HeaderPair[]")] headers: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "HttpVersion")] http: &str,
    ) -> Result<(), js_sys::Error> {
        let text = js_sys::JSON::stringify(headers)
            .ok()
            .and_then(|t| t.as_string())
            .ok_or_else(|| js_sys::Error::new("headers: expected [name, value] pairs"))?;
        let headers: Vec<(String, String)> = serde_json::from_str(&text)
            .map_err(|e| js_sys::Error::new(&format!("headers: {e}")))?;
        let http = match http {
            "1.1" => HttpVersion::Http1_1,
            "2" => HttpVersion::Http2,
            other => {
                return Err(js_sys::Error::new(&format!(
                    "http: expected \"1.1\" or \"2\", not {other:?}"
                )))
            }
        };
        self.answer(Answer::Response {
            status,
            headers: headers.iter().map(|(n, v)| (n, v)).collect::<HeaderList>(),
            http,
        })
    }

    /// Answers the message `next` asked for with a network fault: the
    /// server could not be reached (refused, a timeout, a handler that
    /// threw).
    pub fn unreachable(&mut self) -> Result<(), js_sys::Error> {
        self.answer(Answer::Unreachable)
    }
}

impl Probe {
    fn answer(&mut self, answer: Answer) -> Result<(), js_sys::Error> {
        let (kind, url, key) = self
            .pending
            .take()
            .ok_or_else(|| js_sys::Error::new("no message is waiting for an answer"))?;
        let browser = self.browsers[self.current];
        self.recorder.record(browser, kind, &url, recorded(&answer));
        self.exchanges.push((key, answer.clone()));
        self.answers.push(answer);
        Ok(())
    }
}

/// What the recorder keeps of an answer.
fn recorded(answer: &Answer) -> Option<(ResponseSpec, HttpVersion)> {
    match answer {
        Answer::Response {
            status,
            headers,
            http,
        } => Some((
            ResponseSpec::new(
                *status,
                headers
                    .iter()
                    .map(|(n, v)| (n.to_owned(), String::from_utf8_lossy(v).into_owned())),
            ),
            *http,
        )),
        _ => None,
    }
}

/// A step, as `next` returns it.
#[derive(Serialize)]
#[serde(rename_all = "lowercase")]
enum Step<'a> {
    Send(Sent<'a>),
    Done(Done<'a>),
}

/// A message to send.
#[derive(Serialize)]
struct Sent<'a> {
    browser: &'static str,
    kind: &'static str,
    method: &'a str,
    url: &'a str,
    headers: Vec<(&'a str, std::borrow::Cow<'a, str>)>,
    credentials: bool,
}

/// What the probe found.
#[derive(Serialize)]
struct Done<'a> {
    scenario: &'a Scenario,
    verdicts: &'a [Verdict],
    warnings: &'a [String],
}

/// The message of the `TypeError` a `fetch()` that fails on the network
/// rejects with in `browser` (`"Failed to fetch"` in Chrome); `null` for
/// the specification, which leaves it to the browser.
///
/// <https://fetch.spec.whatwg.org/#dom-global-fetch>
#[wasm_bindgen(js_name = fetchNetworkError, unchecked_return_type = "string | null")]
pub fn fetch_network_error(
    #[wasm_bindgen(unchecked_param_type = "Browser")] browser: &str,
) -> Result<JsValue, js_sys::Error> {
    let browser = browser
        .parse::<Browser>()
        .map_err(|e| js_sys::Error::new(&e.to_string()))?;
    Ok(browser
        .profile()
        .fetch_network_error
        .map_or(JsValue::NULL, JsValue::from_str))
}
