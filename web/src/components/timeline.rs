//! The requests over time, per browser: which sent a preflight, which hit
//! the preflight cache, which were blocked.

use corsim::verdict::RequestVerdict;
use corsim::{Browser, RequestSpec};
use yew::prelude::*;

use crate::run::Runs;
use crate::wire;

/// Props of [`Timeline`].
#[derive(Properties, PartialEq)]
pub(crate) struct Props {
    /// The requests.
    pub(crate) requests: Vec<RequestSpec>,
    /// Every profile's verdict.
    pub(crate) runs: Runs,
    /// The selected request.
    pub(crate) selected: usize,
    /// The profile shown in detail.
    pub(crate) browser: Browser,
    /// Pick request `i`.
    pub(crate) onselect: Callback<usize>,
}

fn cell(v: Option<&RequestVerdict>) -> Html {
    let Some(v) = v else {
        return html! { <td>{ "input error" }</td> };
    };
    let preflight = match (v.preflights.first(), v.cache_hit) {
        (Some(p), _) => format!("preflight ({})", wire::name(&p.cache)),
        (None, true) => "cache hit".to_owned(),
        (None, false) => "no preflight".to_owned(),
    };
    let ok = v.is_ok();
    html! {
        <td class={classes!(if ok { "ok" } else { "fail" }, v.cache_hit.then_some("hit"))}>
            <span aria-hidden="true">{ if ok { "✓ " } else { "✗ " } }</span>
            <span class="sr-only">{ if ok { "allowed, " } else { "blocked, " } }</span>
            { preflight }
        </td>
    }
}

/// The requests over time, per browser.
#[function_component(Timeline)]
pub(crate) fn timeline(props: &Props) -> Html {
    let rows = props.requests.iter().enumerate().map(|(i, r)| {
        let onclick = {
            let cb = props.onselect.clone();
            Callback::from(move |_: MouseEvent| cb.emit(i))
        };
        let selected = i == props.selected;
        html! {
            <tr class={classes!(selected.then_some("chosen-row"))}>
                <td>{ format!("{} s", crate::state::format_at(r.at)) }</td>
                <th scope="row">
                    <button type="button" class="linkish" aria-pressed={selected.to_string()} {onclick}>
                        { format!("#{} {} {}", i + 1, r.method, crate::diagram::lane_of(&r.url)) }
                    </button>
                </th>
                { for props.runs.0.iter().map(|run| cell(run.request(i))) }
            </tr>
        }
    });
    html! {
        <div class="scroll-x" tabindex="0" role="region" aria-label="Requests over time, scrolls sideways">
            <table id="timeline">
                <thead><tr>
                    <th scope="col">{ "at" }</th><th scope="col">{ "request" }</th>
                    { for props.runs.0.iter().map(|run| html! {
                        <th scope="col" class={classes!((run.browser == props.browser).then_some("chosen"))}>{ run.browser.display_name() }</th>
                    }) }
                </tr></thead>
                <tbody>{ for rows }</tbody>
            </table>
        </div>
    }
}
