//! The playground's state: one reducer holding the scenario as the core's
//! own values ([`Scenario`], [`Browser`]), plus the raw text of the few
//! numeric fields whose text does not parse yet, so nothing typed is lost.

use std::rc::Rc;

use corsim::scenario::{Extensions, HeaderPair};
use corsim::{
    Api, BodyKind, BodySpec, Browser, CredentialsMode, HttpVersion, RedirectMode, RequestMode,
    RequestSpec, ResponseSpec, Responses, Scenario, ServerEntry, UploadListener,
};
use serde::{Deserialize, Serialize};
use yew::Reducible;

use crate::evidence::Assumption;
use crate::policy::{self, PolicyEdit};
use crate::presets;

/// Which list of responses of a server entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Part {
    /// The answers to preflights (`OPTIONS`).
    Preflight,
    /// The answers to the requests themselves.
    Actual,
}

impl Part {
    /// The format's name for this part.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Preflight => "preflight",
            Self::Actual => "actual",
        }
    }
}

/// A numeric field whose text is kept while it does not parse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Field {
    /// `requests[i].at`.
    At(usize),
    /// `server[entry].part[n].status`.
    Status(usize, Part, usize),
    /// `server[entry].policy.options`, as JSON text.
    Options(usize),
}

/// Everything the playground shows is derived from this.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct State {
    /// The scenario being edited, as the core types it.
    pub(crate) scenario: Scenario,
    /// The browser profile whose verdict is shown in detail.
    pub(crate) browser: Browser,
    /// The request whose verdict is shown in detail.
    pub(crate) selected: usize,
    /// Raw text of numeric fields that do not parse (the scenario keeps the
    /// last valid value meanwhile).
    pub(crate) drafts: Vec<(Field, String)>,
    /// The highlighted trace step (0-based), from a deep link.
    pub(crate) step: Option<usize>,
    /// The preset the scenario came from, for its explanation.
    pub(crate) preset: Option<&'static str>,
    /// The compact layout for an iframe.
    pub(crate) embed: bool,
    /// What the last import assumed (not in links: it describes the
    /// evidence, which stays out of URLs).
    pub(crate) assumed: Vec<Assumption>,
    /// The "Show the fix" panel is open under a blocked verdict.
    pub(crate) fix_open: bool,
    /// The framework of the fix's snippet, as picked (`None`: the first
    /// listed). A preference of the reader's, kept across scenarios and
    /// out of links.
    pub(crate) fix_framework: Option<String>,
}

impl Default for State {
    fn default() -> Self {
        let first = &presets::ALL[0];
        Self {
            scenario: first.scenario(),
            browser: Browser::Chrome,
            selected: 0,
            drafts: Vec::new(),
            step: None,
            preset: Some(first.id),
            embed: false,
            assumed: Vec::new(),
            fix_open: false,
            fix_framework: None,
        }
    }
}

impl State {
    /// The raw text kept for `field`, if it does not parse.
    pub(crate) fn draft(&self, field: Field) -> Option<&str> {
        self.drafts
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, text)| text.as_str())
    }

    fn set_draft(&mut self, field: Field, text: Option<String>) {
        self.drafts.retain(|(f, _)| *f != field);
        if let Some(text) = text {
            self.drafts.push((field, text));
        }
    }

    /// The selected request, clamped to the list.
    pub(crate) fn selected_index(&self) -> usize {
        self.selected
            .min(self.scenario.requests.len().saturating_sub(1))
    }
}

/// An edit to a list of `[name, value]` rows.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum RowEdit {
    /// Append an empty row.
    Add,
    /// Remove row `i`.
    Remove(usize),
    /// Set the name of row `i`.
    Name(usize, String),
    /// Set the value of row `i`.
    Value(usize, String),
}

impl RowEdit {
    fn apply(self, rows: &mut Vec<HeaderPair>) {
        match self {
            Self::Add => rows.push((String::new(), String::new())),
            Self::Remove(i) if i < rows.len() => {
                rows.remove(i);
            }
            Self::Name(i, name) => {
                if let Some(row) = rows.get_mut(i) {
                    row.0 = name;
                }
            }
            Self::Value(i, value) => {
                if let Some(row) = rows.get_mut(i) {
                    row.1 = value;
                }
            }
            Self::Remove(_) => {}
        }
    }
}

/// An edit to one request.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum RequestEdit {
    /// `fetch` or `xhr`.
    Api(Api),
    /// The URL text.
    Url(String),
    /// The method text.
    Method(String),
    /// The credentials mode.
    Credentials(CredentialsMode),
    /// The request mode.
    Mode(RequestMode),
    /// The redirect mode.
    Redirect(RedirectMode),
    /// The body kind, or no body.
    Body(Option<BodyKind>),
    /// The blob's `type`.
    BlobType(String),
    /// When an XHR upload listener was added.
    Upload(UploadListener),
    /// The `at` text, in seconds.
    At(String),
    /// The header rows.
    Header(RowEdit),
}

/// An edit to one server entry.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum EntryEdit {
    /// The URL key text.
    Url(String),
    /// Connecting fails.
    Unreachable(bool),
    /// The HTTP version the server speaks (`None`: the default for the
    /// URL's scheme).
    Http(Option<HttpVersion>),
    /// Append a response to a part (the n-th request gets the n-th).
    AddResponse(Part),
    /// Remove response `n` of a part.
    RemoveResponse(Part, usize),
    /// The status text of response `n` of a part.
    Status(Part, usize, String),
    /// The header rows of response `n` of a part.
    Header(Part, usize, RowEdit),
    /// Make this URL redirect to a new entry that answers as this one did.
    AddRedirectHop,
    /// An edit to the entry's policy (the framework mode).
    Policy(PolicyEdit),
    /// The policy's options as JSON text (kept as a draft while it does
    /// not parse).
    OptionsText(String),
}

/// Everything the user can do.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Action {
    /// Replace the state from a share link; the layout (`embed`) stays.
    Restore(Box<State>),
    /// Load a preset by id.
    Preset(&'static str),
    /// Set the page origin text.
    Page(String),
    /// Pick the browser shown in detail.
    Browser(Browser),
    /// Pick the request shown in detail.
    Select(usize),
    /// Append a request (a copy of the last one, a little later).
    AddRequest,
    /// Remove request `i`.
    RemoveRequest(usize),
    /// Edit request `i`.
    Request(usize, RequestEdit),
    /// Add a server entry for this URL.
    AddEntry(String),
    /// Remove server entry `k`.
    RemoveEntry(usize),
    /// Edit server entry `k`.
    Entry(usize, EntryEdit),
    /// Replace the scenario with one imported from pasted evidence.
    Import(Box<corsim::import::Imported>),
    /// Open or close the "Show the fix" panel.
    ShowFix(bool),
    /// Pick the framework of the fix's snippet.
    FixFramework(String),
    /// Replace the scenario with the one a fix proposes.
    ApplyFix(Box<Scenario>),
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        next.apply(action);
        Rc::new(next)
    }
}

/// A part's responses as a list (none: the server's default answer).
pub(crate) fn responses_list(responses: Option<&Responses>) -> Vec<ResponseSpec> {
    match responses {
        None => Vec::new(),
        Some(Responses::One(r)) => vec![r.clone()],
        Some(Responses::Sequence(list)) => list.clone(),
        Some(other) => other.nth(0).cloned().into_iter().collect(),
    }
}

fn from_list(mut list: Vec<ResponseSpec>) -> Option<Responses> {
    match list.len() {
        0 => None,
        1 => list.pop().map(Responses::One),
        _ => Some(Responses::Sequence(list)),
    }
}

fn part_mut(entry: &mut ServerEntry, part: Part) -> &mut Option<Responses> {
    match part {
        Part::Preflight => &mut entry.preflight,
        Part::Actual => &mut entry.actual,
    }
}

fn edit_part(entry: &mut ServerEntry, part: Part, f: impl FnOnce(&mut Vec<ResponseSpec>)) {
    let slot = part_mut(entry, part);
    let mut list = responses_list(slot.as_ref());
    f(&mut list);
    *slot = from_list(list);
}

/// Parses a status as the editor accepts it (a final status, 200–999).
pub(crate) fn parse_status(text: &str) -> Result<u16, String> {
    match text.trim().parse::<u16>() {
        Ok(n) if corsim::validate::is_final_status(n) => Ok(n),
        Ok(n) => Err(format!(
            "{n} is not a final status: use 200–999 (a 1xx is never a final answer)"
        )),
        Err(_) => Err(format!("`{text}` is not a status code (a number 200–999)")),
    }
}

/// Parses an `at` value in seconds, written as in the scenario's JSON
/// (`2`, `0.5`, `1e1`). (`serde_json`'s number reader is in the page anyway;
/// `str::parse::<f64>` would add a second one.)
pub(crate) fn parse_at(text: &str) -> Result<f64, String> {
    match serde_json::from_str::<f64>(text.trim()) {
        Ok(n) if n.is_finite() && n >= 0.0 => Ok(n),
        _ => Err(format!("`{text}` is not a number of seconds ≥ 0")),
    }
}

/// An `at` value as JavaScript writes it: `2`, `0.5`, and `1e+308`
/// rather than `Display`'s 309 digits.
pub(crate) fn format_at(at: f64) -> String {
    if at.fract() == 0.0 && at.abs() < 1e21 {
        // Exact: a whole f64 below 1e21 fits in an i128 (JavaScript, too,
        // writes whole numbers below 1e21 in full).
        let whole = at as i128;
        whole.to_string()
    } else {
        serde_json::to_string(&at).unwrap_or_else(|_| "NaN".to_owned())
    }
}

/// A URL near `base` that no entry uses yet, for a redirect target.
fn redirect_target(base: &str, taken: &[String]) -> String {
    let trimmed = base.trim_end_matches('/');
    let mut candidate = format!("{trimmed}-moved");
    let mut n = 2;
    while taken.contains(&candidate) {
        candidate = format!("{trimmed}-moved{n}");
        n += 1;
    }
    candidate
}

impl State {
    pub(crate) fn apply(&mut self, action: Action) {
        match action {
            Action::Restore(restored) => {
                let embed = self.embed;
                let framework = self.fix_framework.take();
                *self = *restored;
                self.embed = embed;
                self.fix_framework = framework;
            }
            Action::Preset(id) => {
                if let Some(preset) = presets::find(id) {
                    self.scenario = preset.scenario();
                    self.preset = Some(preset.id);
                    self.selected = preset.select;
                    self.assumed.clear();
                    self.fix_open = false;
                    self.drafts.clear();
                    self.step = None;
                }
            }
            Action::Page(page) => self.scenario.page = page,
            Action::Browser(browser) => {
                self.browser = browser;
                self.step = None;
            }
            Action::Select(i) => {
                self.selected = i;
                self.step = None;
            }
            Action::AddRequest => {
                let mut request = self
                    .scenario
                    .requests
                    .last()
                    .cloned()
                    .unwrap_or_else(|| RequestSpec::get("https://api.example/data"));
                request.at += 5.0;
                self.scenario.requests.push(request);
                self.selected = self.scenario.requests.len() - 1;
                self.step = None;
            }
            Action::RemoveRequest(i) => {
                if i < self.scenario.requests.len() && self.scenario.requests.len() > 1 {
                    self.scenario.requests.remove(i);
                    self.drafts.retain(|(f, _)| !matches!(f, Field::At(_)));
                    self.selected = self.selected_index();
                    self.step = None;
                }
            }
            Action::Request(i, edit) => {
                self.step = None;
                if let Some(field) = self.edit_request(i, edit) {
                    self.set_draft(field.0, field.1);
                }
            }
            Action::AddEntry(url) => {
                self.scenario.server.insert(
                    url,
                    ServerEntry {
                        unreachable: false,
                        preflight: None,
                        actual: Some(Responses::One(ResponseSpec::new(
                            200,
                            Vec::<(String, String)>::new(),
                        ))),
                        http: None,
                        policy: None,
                        extensions: Extensions::default(),
                    },
                );
            }
            Action::RemoveEntry(k) => {
                if k < self.scenario.server.0.len() {
                    self.scenario.server.0.remove(k);
                    self.drafts
                        .retain(|(f, _)| !matches!(f, Field::Status(..) | Field::Options(_)));
                }
            }
            Action::Entry(k, edit) => {
                self.step = None;
                self.edit_entry(k, edit);
            }
            Action::Import(imported) => self.import(*imported),
            Action::ShowFix(open) => self.fix_open = open,
            Action::FixFramework(name) => self.fix_framework = Some(name),
            Action::ApplyFix(scenario) => self.apply_fix(*scenario),
        }
    }

    /// Applies a request edit; returns a draft to keep or clear.
    fn edit_request(&mut self, i: usize, edit: RequestEdit) -> Option<(Field, Option<String>)> {
        let request = self.scenario.requests.get_mut(i)?;
        match edit {
            RequestEdit::Api(api) => request.api = api,
            RequestEdit::Url(url) => request.url = url,
            RequestEdit::Method(method) => request.method = method,
            RequestEdit::Credentials(c) => request.credentials = c,
            RequestEdit::Mode(m) => request.mode = m,
            RequestEdit::Redirect(r) => request.redirect = r,
            RequestEdit::Body(kind) => {
                request.body = kind.map(|kind| BodySpec {
                    kind,
                    blob_type: request.body.as_ref().and_then(|b| b.blob_type.clone()),
                    extensions: Extensions::default(),
                });
            }
            RequestEdit::BlobType(t) => {
                if let Some(body) = request.body.as_mut() {
                    body.blob_type = if t.is_empty() { None } else { Some(t) };
                }
            }
            RequestEdit::Upload(u) => request.upload_listener = u,
            RequestEdit::Header(edit) => edit.apply(&mut request.headers),
            RequestEdit::At(text) => {
                return Some(match parse_at(&text) {
                    Ok(at) => {
                        request.at = at;
                        (Field::At(i), None)
                    }
                    Err(_) => (Field::At(i), Some(text)),
                });
            }
        }
        None
    }

    fn edit_entry(&mut self, k: usize, edit: EntryEdit) {
        let taken: Vec<String> = self
            .scenario
            .server
            .0
            .iter()
            .map(|(u, _)| u.clone())
            .collect();
        let Some((url, entry)) = self.scenario.server.0.get_mut(k) else {
            return;
        };
        match edit {
            EntryEdit::Policy(edit) => {
                policy::apply(entry, edit, &self.scenario.page);
                self.set_draft(Field::Options(k), None);
            }
            EntryEdit::OptionsText(text) => match policy::parse_options(&text) {
                Ok(options) => {
                    policy::apply(entry, PolicyEdit::Options(options), &self.scenario.page);
                    self.set_draft(Field::Options(k), None);
                }
                Err(_) => self.set_draft(Field::Options(k), Some(text)),
            },
            EntryEdit::Url(text) => *url = text,
            EntryEdit::Unreachable(on) => entry.unreachable = on,
            EntryEdit::Http(http) => entry.http = http,
            EntryEdit::AddResponse(part) => edit_part(entry, part, |list| {
                let next = list.last().cloned().unwrap_or_else(|| {
                    ResponseSpec::new(
                        if part == Part::Preflight { 204 } else { 200 },
                        Vec::<(String, String)>::new(),
                    )
                });
                list.push(next);
            }),
            EntryEdit::RemoveResponse(part, n) => {
                edit_part(entry, part, |list| {
                    if n < list.len() {
                        list.remove(n);
                    }
                });
                self.drafts.retain(|(f, _)| !matches!(f, Field::Status(..)));
            }
            EntryEdit::Header(part, n, edit) => edit_part(entry, part, |list| {
                if let Some(r) = list.get_mut(n) {
                    edit.apply(&mut r.headers);
                }
            }),
            EntryEdit::Status(part, n, text) => {
                let field = Field::Status(k, part, n);
                match parse_status(&text) {
                    Ok(status) => {
                        edit_part(entry, part, |list| {
                            if let Some(r) = list.get_mut(n) {
                                r.status = status;
                            }
                        });
                        self.set_draft(field, None);
                    }
                    Err(_) => self.set_draft(field, Some(text)),
                }
            }
            EntryEdit::AddRedirectHop => {
                let target = redirect_target(url, &taken);
                let moved = ServerEntry {
                    unreachable: false,
                    preflight: entry.preflight.clone(),
                    actual: entry.actual.clone(),
                    http: entry.http,
                    // The middleware runs on the route the request ends
                    // at, and still on the one that now redirects.
                    policy: entry.policy.clone(),
                    extensions: entry.extensions.clone(),
                };
                // A redirect response needs the CORS headers too.
                let mut headers: Vec<HeaderPair> = vec![("Location".to_owned(), target.clone())];
                let cors: Vec<HeaderPair> = responses_list(entry.actual.as_ref())
                    .first()
                    .map(|r| {
                        r.headers
                            .iter()
                            .filter(|(n, _)| {
                                n.to_ascii_lowercase().starts_with("access-control-allow-")
                            })
                            .cloned()
                            .collect()
                    })
                    .unwrap_or_default();
                headers.extend(cors);
                entry.actual = Some(Responses::One(ResponseSpec::new(302, headers)));
                self.scenario.server.0.insert(k + 1, (target, moved));
                // The entries after `k` moved down one.
                self.drafts
                    .retain(|(f, _)| !matches!(f, Field::Status(..) | Field::Options(_)));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_is_written_as_json_writes_it() {
        assert_eq!(format_at(0.0), "0");
        assert_eq!(format_at(7300.0), "7300");
        assert_eq!(format_at(0.5), "0.5");
        assert_eq!(format_at(1e308), "1e+308");
        assert_eq!(format_at(1e20), "100000000000000000000");
        assert_eq!(format_at(1e21), "1e+21");
        assert_eq!(parse_at(&format_at(1e308)), Ok(1e308));
    }

    #[test]
    fn a_restore_replaces_everything_but_the_layout_and_the_snippet_framework() {
        let mut state = State {
            embed: true,
            fix_framework: Some("flask".into()),
            ..State::default()
        };
        let restored = State {
            browser: Browser::Safari,
            selected: 1,
            step: Some(2),
            preset: None,
            drafts: vec![(Field::At(0), "x".into())],
            embed: false,
            ..State::default()
        };
        state.apply(Action::Restore(Box::new(restored.clone())));
        assert_eq!(
            state,
            State {
                embed: true,
                fix_framework: Some("flask".into()),
                ..restored
            }
        );
        state.apply(Action::Preset(presets::ALL[1].id));
        assert_eq!(state.fix_framework.as_deref(), Some("flask"));
    }

    #[test]
    fn a_bad_status_is_kept_as_text_and_the_last_good_one_stays() {
        let mut state = State::default();
        state.apply(Action::AddEntry("https://x.example/".into()));
        let k = state.scenario.server.0.len() - 1;
        state.apply(Action::Entry(
            k,
            EntryEdit::Status(Part::Actual, 0, "20".into()),
        ));
        assert_eq!(state.draft(Field::Status(k, Part::Actual, 0)), Some("20"));
        state.apply(Action::Entry(
            k,
            EntryEdit::Status(Part::Actual, 0, "204".into()),
        ));
        assert_eq!(state.draft(Field::Status(k, Part::Actual, 0)), None);
        let list = responses_list(state.scenario.server.0[k].1.actual.as_ref());
        assert_eq!(list[0].status, 204);
    }

    #[test]
    fn a_redirect_hop_moves_the_answer_to_a_new_entry() {
        let mut state = State::default();
        state.scenario.server.0.clear();
        state.apply(Action::AddEntry("https://api.example/a".into()));
        state.apply(Action::Entry(0, EntryEdit::AddRedirectHop));
        assert_eq!(state.scenario.server.0.len(), 2);
        assert_eq!(state.scenario.server.0[1].0, "https://api.example/a-moved");
        let first = responses_list(state.scenario.server.0[0].1.actual.as_ref());
        assert_eq!(first[0].status, 302);
        assert_eq!(
            first[0].headers[0],
            (
                "Location".to_owned(),
                "https://api.example/a-moved".to_owned()
            )
        );
    }

    #[test]
    fn options_json_that_does_not_parse_is_kept_and_the_last_good_options_stay() {
        let mut state = State::default();
        state.scenario.server.0.clear();
        state.apply(Action::AddEntry("https://api.example/a".into()));
        state.apply(Action::Entry(
            0,
            EntryEdit::Policy(PolicyEdit::Mode(Some(
                corsim::policy::Framework::ExpressCors,
            ))),
        ));
        state.apply(Action::Entry(
            0,
            EntryEdit::OptionsText("{\"origin\": tr".into()),
        ));
        assert_eq!(state.draft(Field::Options(0)), Some("{\"origin\": tr"));
        let options = |s: &State| {
            s.scenario.server.0[0]
                .1
                .policy
                .as_ref()
                .map(|p| serde_json::Value::Object(p.options.clone()))
        };
        assert_eq!(
            options(&state),
            Some(serde_json::json!({"origin": ["https://app.example"]}))
        );
        state.apply(Action::Entry(
            0,
            EntryEdit::OptionsText("{\"origin\": true}".into()),
        ));
        assert_eq!(state.draft(Field::Options(0)), None);
        assert_eq!(options(&state), Some(serde_json::json!({"origin": true})));
    }
}
