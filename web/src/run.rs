//! The simulation, run once per browser profile for every edit.

use std::borrow::Cow;
use std::rc::Rc;

use corsim::verdict::RequestVerdict;
use corsim::{Browser, InputError, Scenario, Verdict};

/// One profile's verdict on the scenario.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Run {
    /// The profile.
    pub(crate) browser: Browser,
    /// Its verdict, or why the scenario cannot run.
    pub(crate) verdict: Result<Verdict, InputError>,
}

impl Run {
    /// The verdict on request `i`, if the scenario ran.
    pub(crate) fn request(&self, i: usize) -> Option<&RequestVerdict> {
        self.verdict.as_ref().ok().and_then(|v| v.requests.get(i))
    }
}

/// Every profile's verdict, in [`Browser::ALL`] order.
#[derive(Debug, Clone)]
pub(crate) struct Runs(pub(crate) Rc<Vec<Run>>);

impl PartialEq for Runs {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// `scenario` without the header rows that have no name yet: a row just
/// added is ignored until it has one (its field says so), rather than
/// turning the verdict into "the Headers constructor throws".
fn without_unnamed_headers(scenario: &Scenario) -> Cow<'_, Scenario> {
    let unnamed = |r: &corsim::scenario::RequestSpec| r.headers.iter().any(|(n, _)| n.is_empty());
    if !scenario.requests.iter().any(unnamed) {
        return Cow::Borrowed(scenario);
    }
    let mut scenario = scenario.clone();
    for request in &mut scenario.requests {
        request.headers.retain(|(name, _)| !name.is_empty());
    }
    Cow::Owned(scenario)
}

impl Runs {
    /// Simulates `scenario` in every profile.
    pub(crate) fn of(scenario: &Scenario) -> Self {
        let scenario = without_unnamed_headers(scenario);
        Self(Rc::new(
            Browser::ALL
                .into_iter()
                .map(|browser| Run {
                    browser,
                    verdict: corsim::simulate(&scenario, browser),
                })
                .collect(),
        ))
    }

    /// Whether every profile ran (no input error).
    pub(crate) fn ran(&self) -> bool {
        self.0.iter().all(|r| r.verdict.is_ok())
    }

    /// The run of `browser`.
    pub(crate) fn get(&self, browser: Browser) -> Option<&Run> {
        self.0.iter().find(|r| r.browser == browser)
    }

    /// The first input error, preferring `browser`'s.
    pub(crate) fn error(&self, browser: Browser) -> Option<&InputError> {
        self.get(browser)
            .and_then(|r| r.verdict.as_ref().err())
            .or_else(|| self.0.iter().find_map(|r| r.verdict.as_ref().err()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_header_row_without_a_name_is_ignored_until_it_has_one() {
        let json = |headers: &str| {
            format!(
                r#"{{"page":"https://app.example","requests":[{{"url":"https://api.example/a","headers":{headers}}}],
                "server":{{"https://api.example/a":{{"actual":{{"status":200,"headers":[["Access-Control-Allow-Origin","*"]]}}}}}}}}"#
            )
        };
        let scenario = |h: &str| Scenario::from_json(&json(h)).expect("parses");
        let ran = Runs::of(&scenario(r#"[["Accept","text/plain"],["",""]]"#));
        let without = Runs::of(&scenario(r#"[["Accept","text/plain"]]"#));
        assert_eq!(ran.0[0].verdict, without.0[0].verdict);
        assert!(ran.0[0].request(0).expect("ran").is_ok());
        // A name that is not empty but invalid is the browser's to reject.
        let bad = Runs::of(&scenario(r#"[["Bad Name","x"]]"#));
        assert!(!bad.0[0].request(0).expect("ran").is_ok());
    }
}
