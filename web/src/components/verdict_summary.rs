//! The outcome of the selected request in the chosen browser, in one line.

use corsim::verdict::{RequestVerdict, Stage};
use corsim::{Api, Browser};
use yew::prelude::*;

use crate::wire;

/// Props of [`VerdictSummary`].
#[derive(Properties, PartialEq)]
pub(crate) struct Props {
    /// The profile.
    pub(crate) browser: Browser,
    /// The request's API.
    pub(crate) api: Api,
    /// The verdict on the request.
    pub(crate) verdict: RequestVerdict,
}

/// The outcome in one line: allowed or blocked, and why.
#[function_component(VerdictSummary)]
pub(crate) fn verdict_summary(props: &Props) -> Html {
    let v = &props.verdict;
    let ok = v.is_ok();
    let headline = if ok { "Allowed" } else { "Blocked" };
    let detail = match (v.response(), v.error()) {
        (Some(r), _) => format!(
            "{}: the script gets a {} response, status {}{}.",
            props.browser.display_name(),
            wire::name(&r.response_type),
            r.status,
            if r.body_readable {
                ", body readable"
            } else {
                ", body not readable"
            }
        ),
        (_, Some(e)) => format!(
            "{}: {} {} — the script gets {}",
            props.browser.display_name(),
            e,
            match e.during {
                Stage::Construct => "while constructing the request",
                Stage::Preflight => "in the preflight",
                Stage::Redirect => "at a redirect",
                _ => "on the response",
            },
            props.browser.script_error(props.api, v.phase())
        ),
        _ => String::new(),
    };
    let failed = v
        .trace
        .iter()
        .rev()
        .find(|s| s.result == corsim::verdict::StepResult::Fail);
    html! {
        <div class={classes!("summary", if ok { "ok" } else { "fail" })} id="verdict" tabindex="-1" role="status" aria-live="polite">
            <p class="headline"><span class="big" aria-hidden="true">{ if ok { "✓" } else { "✗" } }</span>
                <strong id="verdict-outcome">{ headline }</strong>
                if let Some(e) = v.error() { <code id="verdict-code">{ e.code().as_str() }</code> }
            </p>
            <p id="verdict-detail">{ detail }</p>
            if let Some(step) = failed {
                <p class="why">{ step.summary() }</p>
            }
        </div>
    }
}
