//! Recording what servers answered, as a scenario's server map.
//!
//! A driver of [`crate::fetch::Fetch`] that talks to real servers (the
//! `corsim probe` command line, the `corsim/node` JavaScript API) sends
//! each message the engine yields and hands the answer back. It also
//! records each answer here, so that the run replays offline: the server
//! map this builds answers the n-th preflight and the n-th request to each
//! URL as the server did, and `corsim simulate` on it gives the same
//! verdicts.

use url::Url;

use super::{HttpVersion, ResponseSpec, Responses, ServerEntry, ServerMap};
use crate::browser::Browser;
use crate::fetch::MessageKind;

/// The answers received, per URL, in the order of the messages.
#[derive(Debug, Default)]
pub struct Recorder {
    /// URL key, in first-seen order, with what it answered.
    entries: Vec<(String, Recorded)>,
    warnings: Vec<String>,
}

#[derive(Debug, Default)]
struct Recorded {
    /// The n-th preflight's and the n-th request's answers.
    answers: [Vec<ResponseSpec>; 2],
    /// How many preflights and requests each browser sent to this URL.
    sent: Vec<(Browser, [usize; 2])>,
    unreachable: bool,
    http: Option<HttpVersion>,
}

impl Recorder {
    /// Records what a message of `browser` to `url` was answered: the
    /// response and the HTTP version it came over, or `None` when the
    /// server could not be reached.
    ///
    /// Browsers that send the same message should get the same answer
    /// (drivers share one exchange among them); when a later browser's
    /// answer to the same position differs, the first is kept and
    /// [`Recorder::warnings`] says so.
    pub fn record(
        &mut self,
        browser: Browser,
        kind: MessageKind,
        url: &Url,
        answer: Option<(ResponseSpec, HttpVersion)>,
    ) {
        let key = server_key(url);
        let preflight = kind == MessageKind::Preflight;
        let i = if let Some(i) = self.entries.iter().position(|(k, _)| *k == key) {
            i
        } else {
            self.entries.push((key.clone(), Recorded::default()));
            self.entries.len() - 1
        };
        let entry = &mut self.entries[i].1;
        let n = {
            let counts = if let Some(at) = entry.sent.iter().position(|(b, _)| *b == browser) {
                &mut entry.sent[at].1
            } else {
                entry.sent.push((browser, [0, 0]));
                &mut entry.sent.last_mut().expect("just pushed").1
            };
            let slot = &mut counts[usize::from(!preflight)];
            *slot += 1;
            *slot - 1
        };
        let Some((response, http)) = answer else {
            if entry.answers.iter().any(|a| !a.is_empty()) {
                self.warnings.push(unreachable_warning(&key));
            }
            entry.unreachable = true;
            return;
        };
        if entry.unreachable {
            self.warnings.push(unreachable_warning(&key));
        }
        entry.http.get_or_insert(http);
        let list = &mut entry.answers[usize::from(!preflight)];
        if n == list.len() {
            list.push(response);
        } else if n < list.len() && list[n] != response {
            let what = if preflight { "preflight" } else { "request" };
            self.warnings.push(format!(
                "{key}: {} got a different answer to its {what} number {} than an earlier \
                 browser; the scenario keeps the first answer, so `corsim simulate` \
                 replays the earlier browser's answer for {}",
                browser.name(),
                n + 1,
                browser.name()
            ));
        }
    }

    /// Where the recorded scenario cannot replay exactly (browsers that got
    /// different answers to the same message position of a URL, a URL that
    /// answered one message and was unreachable for another).
    #[must_use]
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// The server map: one entry per URL, in first-seen order, each with
    /// the answers received and the HTTP version spoken, so that
    /// `corsim simulate` replays them over it.
    #[must_use]
    pub fn server_map(&self) -> ServerMap {
        let mut map = ServerMap::default();
        for (key, recorded) in &self.entries {
            let mut entry = ServerEntry::default();
            if recorded.unreachable {
                entry.unreachable = true;
            } else {
                let [preflight, actual] = &recorded.answers;
                entry.preflight = responses(preflight);
                entry.actual = responses(actual);
            }
            entry.http = recorded.http;
            map.insert(key.clone(), entry);
        }
        map
    }
}

fn unreachable_warning(key: &str) -> String {
    format!(
        "{key}: answered one message and unreachable for another; \
         the scenario records it as unreachable"
    )
}

/// The server key of a URL: serialized without userinfo or fragment (as
/// the scenario's server map compares them).
fn server_key(url: &Url) -> String {
    let mut url = url.clone();
    let _ = url.set_username("");
    let _ = url.set_password(None);
    url.set_fragment(None);
    url.into()
}

/// A list of answers as the scenario writes it: one, or a sequence.
fn responses(list: &[ResponseSpec]) -> Option<Responses> {
    match list {
        [] => None,
        [one] => Some(Responses::One(one.clone())),
        many => Some(Responses::Sequence(many.to_vec())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_keys_drop_userinfo_and_fragment() {
        let url = Url::parse("https://u:p@api.example:443/x?q#f").unwrap();
        assert_eq!(server_key(&url), "https://api.example/x?q");
    }

    #[test]
    fn one_answer_is_one_response_and_more_are_a_sequence() {
        let a = ResponseSpec::new(204, Vec::<(String, String)>::new());
        let b = ResponseSpec::new(200, Vec::<(String, String)>::new());
        assert_eq!(responses(&[]), None);
        assert_eq!(
            responses(std::slice::from_ref(&a)),
            Some(Responses::One(a.clone()))
        );
        assert_eq!(
            responses(&[a.clone(), b.clone()]),
            Some(Responses::Sequence(vec![a, b]))
        );
    }

    #[test]
    fn each_browser_counts_its_own_messages_and_a_different_answer_warns() {
        let url = Url::parse("https://api.example/x").unwrap();
        let ok = ResponseSpec::new(200, [("a", "1")]);
        let other = ResponseSpec::new(500, Vec::<(String, String)>::new());
        let mut recorder = Recorder::default();
        let http = HttpVersion::Http1_1;
        recorder.record(
            Browser::Chrome,
            MessageKind::Request,
            &url,
            Some((ok.clone(), http)),
        );
        recorder.record(
            Browser::Firefox,
            MessageKind::Request,
            &url,
            Some((ok.clone(), http)),
        );
        assert!(recorder.warnings().is_empty());
        recorder.record(
            Browser::Safari,
            MessageKind::Request,
            &url,
            Some((other, http)),
        );
        assert_eq!(recorder.warnings().len(), 1);
        let map = recorder.server_map();
        assert_eq!(map.0.len(), 1);
        assert_eq!(map.0[0].1.actual, Some(Responses::One(ok)));
        assert_eq!(map.0[0].1.http, Some(http));
    }
}
