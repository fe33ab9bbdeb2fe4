//! Pasted evidence (a console message, a HAR file, a `curl -v` transcript)
//! in the playground: the core's [`corsim::import`] builds the scenario;
//! this places what it assumed next to the fields it set, and opens the fix
//! of the first blocked request.

use corsim::import::{Imported, Subject};
use corsim::{Browser, Scenario};

use crate::state::State;

/// The field an assumption of the import is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AssumedAt {
    /// The page origin.
    Page,
    /// Request `i` (its method, credentials, redirect mode).
    Request(usize),
    /// The server entry for request `i`'s URL (its statuses, headers).
    EntryOf(usize),
}

/// One sentence the import assumed, and where it belongs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Assumption {
    /// The core's sentence.
    pub(crate) text: String,
    /// The field it is about, when it is about one.
    pub(crate) at: Option<AssumedAt>,
}

/// Where an assumption of the core belongs: the part of the scenario it
/// set ([`Subject`]), of request `request` (the one it names, or else the
/// one shown).
pub(crate) fn place(about: Subject, request: usize) -> Option<AssumedAt> {
    match about {
        Subject::Page => Some(AssumedAt::Page),
        Subject::Request => Some(AssumedAt::Request(request)),
        Subject::Server => Some(AssumedAt::EntryOf(request)),
        // The evidence itself, and kinds a later core adds: in the list only.
        _ => None,
    }
}

/// The first request `browser` blocks, if any.
pub(crate) fn first_blocked(scenario: &Scenario, browser: Browser) -> Option<usize> {
    let verdict = corsim::simulate(scenario, browser).ok()?;
    verdict.requests.iter().position(|r| !r.is_ok())
}

impl State {
    /// Opens imported evidence: its scenario, in the browser it came from
    /// (the one shown stays for `curl`, which names none), the first
    /// blocked request selected with its fix open, and what was assumed.
    pub(crate) fn import(&mut self, imported: Imported) {
        if let Some(browser) = imported.browser {
            self.browser = browser;
        }
        let blocked = first_blocked(&imported.scenario, self.browser);
        self.selected = blocked.unwrap_or(0);
        self.fix_open = blocked.is_some();
        self.assumed = imported
            .assumed
            .into_iter()
            .map(|a| Assumption {
                at: place(a.about, a.request.unwrap_or(self.selected)),
                text: a.text,
            })
            .collect();
        self.scenario = imported.scenario;
        self.preset = None;
        self.drafts.clear();
        self.step = None;
    }

    /// Replaces the scenario with the one a fix proposes; the request
    /// shown stays, now allowed, so its fix panel closes.
    pub(crate) fn apply_fix(&mut self, scenario: Scenario) {
        self.scenario = scenario;
        self.preset = None;
        self.drafts.clear();
        self.step = None;
        self.fix_open = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::Action;
    use corsim::import::import_evidence;

    const CHROME: &str = "Access to fetch at 'https://api.shop.example/cart' from origin \
        'https://shop.example' has been blocked by CORS policy: Response to preflight request \
        doesn't pass access control check: No 'Access-Control-Allow-Origin' header is present \
        on the requested resource.";

    #[test]
    fn an_import_opens_its_scenario_in_its_browser_with_the_fix_open() {
        let mut state = State {
            step: Some(2),
            ..State::default()
        };
        let firefox = "Cross-Origin Request Blocked: The Same Origin Policy disallows reading \
            the remote resource at https://api.example/data. (Reason: CORS header \
            ‘Access-Control-Allow-Origin’ missing). Status code: 200.";
        let imported = import_evidence(firefox).unwrap();
        let scenario = imported.scenario.clone();
        state.apply(Action::Import(Box::new(imported)));
        assert_eq!(state.browser, Browser::Firefox);
        assert_eq!(state.scenario, scenario);
        assert_eq!(state.selected, 0);
        assert!(state.fix_open);
        assert_eq!(state.preset, None);
        assert_eq!(state.step, None);
        assert!(!state.assumed.is_empty());
    }

    #[test]
    fn the_chrome_preflight_message_places_its_assumptions() {
        let mut state = State::default();
        state.apply(Action::Import(Box::new(import_evidence(CHROME).unwrap())));
        assert_eq!(state.browser, Browser::Chrome);
        let placed: Vec<(&str, Option<AssumedAt>)> = state
            .assumed
            .iter()
            .map(|a| (a.text.as_str(), a.at))
            .collect();
        assert_eq!(
            placed,
            [
                (
                    "The message does not name the method: assumed PUT, which needs a preflight.",
                    Some(AssumedAt::Request(0))
                ),
                (
                    "The message does not give the preflight's status: assumed 204.",
                    Some(AssumedAt::EntryOf(0))
                ),
                (
                    "The messages do not say whether cookies were sent where nothing failed about credentials: assumed not (credentials \"same-origin\", XHR without withCredentials).",
                    Some(AssumedAt::Request(0))
                ),
            ]
        );
    }

    #[test]
    fn a_preset_or_an_applied_fix_closes_the_panel() {
        let mut state = State::default();
        let imported = import_evidence(CHROME).unwrap();
        state.apply(Action::Import(Box::new(imported)));
        assert!(state.fix_open);
        let proposals = corsim::fix::fix(&state.scenario, &Browser::ALL).unwrap();
        let fixed = proposals[0].scenario.clone().unwrap();
        state.apply(Action::ApplyFix(Box::new(fixed.clone())));
        assert_eq!(state.scenario, fixed);
        assert!(!state.fix_open);
        assert_eq!(first_blocked(&state.scenario, Browser::Chrome), None);
        // The assumptions still describe where the scenario came from.
        assert_eq!(state.assumed.len(), 3);
        state.apply(Action::ShowFix(true));
        state.apply(Action::Preset(crate::presets::ALL[0].id));
        assert!(!state.fix_open);
        assert!(state.assumed.is_empty());
    }

    /// Chrome's network line names the method; what the import then
    /// assumes goes to the request (the header that needs the preflight)
    /// or to its server entry (the preflight that passed).
    #[test]
    fn what_a_network_line_makes_the_import_assume_is_placed() {
        let preflight = "Access to fetch at 'https://api.example/login' from origin 'https://app.example' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-Origin' header is present on the requested resource.\n\
                         login.js:8  POST https://api.example/login net::ERR_FAILED";
        let imported = import_evidence(preflight).unwrap();
        assert_eq!(imported.scenario.requests[0].method, "POST");
        assert_eq!(
            place(imported.assumed[1].about, 0),
            Some(AssumedAt::Request(0)),
            "{}",
            imported.assumed[1]
        );
        let response = "Access to fetch at 'https://api.example/users/7' from origin 'https://app.example' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.\n\
                        users.js:3  DELETE https://api.example/users/7 net::ERR_FAILED 200 (OK)";
        let imported = import_evidence(response).unwrap();
        assert_eq!(imported.scenario.requests[0].method, "DELETE");
        let placed: Vec<_> = imported.assumed.iter().map(|a| place(a.about, 0)).collect();
        let texts: Vec<_> = imported.assumed.iter().map(|a| a.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "The message does not give the response's status: assumed 200.",
                "DELETE needs a preflight, and the message is about the response: assumed the server answered the preflight with a 204 that allows it.",
                "The messages do not say whether cookies were sent where nothing failed about credentials: assumed not (credentials \"same-origin\", XHR without withCredentials).",
            ]
        );
        assert_eq!(
            placed,
            [
                Some(AssumedAt::EntryOf(0)),
                Some(AssumedAt::EntryOf(0)),
                Some(AssumedAt::Request(0))
            ]
        );
    }

    /// Each kind of sentence goes where the core says it belongs, whatever
    /// its wording: a page, a request, a server entry, or only the list.
    #[test]
    fn each_subject_is_placed_there() {
        assert_eq!(place(Subject::Page, 1), Some(AssumedAt::Page));
        assert_eq!(place(Subject::Request, 1), Some(AssumedAt::Request(1)));
        assert_eq!(place(Subject::Server, 1), Some(AssumedAt::EntryOf(1)));
        assert_eq!(place(Subject::Evidence, 1), None);
    }

    /// With several messages, each sentence goes to the request of its
    /// message, whichever request is shown.
    #[test]
    fn the_sentences_of_the_second_message_go_to_the_second_request() {
        let two = "Access to fetch at 'https://api.example/a' from origin 'https://app.example' \
            has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present \
            on the requested resource.\n\
            Access to fetch at 'https://api.example/b' from origin 'https://app.example' has been \
            blocked by CORS policy: Response to preflight request doesn't pass access control \
            check: No 'Access-Control-Allow-Origin' header is present on the requested resource.";
        let mut state = State::default();
        state.apply(Action::Import(Box::new(import_evidence(two).unwrap())));
        assert_eq!(state.selected, 0);
        let placed: Vec<_> = state
            .assumed
            .iter()
            .map(|a| (a.text.as_str(), a.at))
            .collect();
        assert_eq!(
            placed,
            [
                (
                    "Request 1: The message does not name the method: assumed GET.",
                    Some(AssumedAt::Request(0))
                ),
                (
                    "Request 1: The message does not give the response's status: assumed 200.",
                    Some(AssumedAt::EntryOf(0))
                ),
                (
                    "Request 2: The message does not name the method: assumed PUT, which needs a preflight.",
                    Some(AssumedAt::Request(1))
                ),
                (
                    "Request 2: The message does not give the preflight's status: assumed 204.",
                    Some(AssumedAt::EntryOf(1))
                ),
                (
                    "The messages do not say whether cookies were sent where nothing failed about credentials: assumed not (credentials \"same-origin\", XHR without withCredentials).",
                    Some(AssumedAt::Request(0))
                ),
            ]
        );
    }

    /// Sentences that name no field: Firefox's unnamed API goes to the
    /// request, a HAR without its browser to the list only.
    #[test]
    fn sentences_without_keywords_are_placed_by_their_subject() {
        let firefox = "Cross-Origin Request Blocked: The Same Origin Policy disallows reading \
            the remote resource at https://api.example/data. (Reason: CORS header \
            ‘Access-Control-Allow-Origin’ missing). Status code: 200.";
        let imported = import_evidence(firefox).unwrap();
        let placed: Vec<_> = imported
            .assumed
            .iter()
            .map(|a| (a.text.as_str(), place(a.about, a.request.unwrap_or(0))))
            .collect();
        assert_eq!(
            placed,
            [
                (
                    "Firefox does not print the page's origin here: assumed https://app.example.",
                    Some(AssumedAt::Page)
                ),
                (
                    "Firefox does not say whether fetch() or XMLHttpRequest made the request: assumed fetch().",
                    Some(AssumedAt::Request(0))
                ),
                (
                    "The message does not name the method: assumed GET.",
                    Some(AssumedAt::Request(0))
                ),
                (
                    "The messages do not say whether cookies were sent where nothing failed about credentials: assumed not (credentials \"same-origin\", XHR without withCredentials).",
                    Some(AssumedAt::Request(0))
                ),
            ]
        );
        let har = r#"{"log": {"version": "1.2", "entries": [{
            "request": {"method": "GET", "url": "https://api.example/data",
                        "headers": [{"name": "Origin", "value": "https://app.example"}]},
            "response": {"status": 200, "headers": []}}]}}"#;
        let imported = import_evidence(har).unwrap();
        let placed: Vec<_> = imported
            .assumed
            .iter()
            .map(|a| (a.text.as_str(), place(a.about, 0)))
            .collect();
        assert_eq!(
            placed,
            [("The HAR does not say which browser wrote it.", None)]
        );
    }
}
