//! The simulation, run once per browser profile for every edit.

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

impl Runs {
    /// Simulates `scenario` in every profile.
    pub(crate) fn of(scenario: &Scenario) -> Self {
        Self(Rc::new(
            Browser::ALL
                .into_iter()
                .map(|browser| Run {
                    browser,
                    verdict: corsim::simulate(scenario, browser),
                })
                .collect(),
        ))
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
