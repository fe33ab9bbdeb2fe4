//! What the script sees, per browser: the promise's result or the
//! exception, the response's type, status, readable headers and body.

use corsim::{Api, Browser};
use yew::prelude::*;

use crate::run::Runs;
use crate::wire;

/// Props of [`JsView`].
#[derive(Properties, PartialEq)]
pub(crate) struct Props {
    /// Every profile's verdict.
    pub(crate) runs: Runs,
    /// The request shown.
    pub(crate) index: usize,
    /// Its API.
    pub(crate) api: Api,
    /// The profile shown in detail.
    pub(crate) browser: Browser,
}

/// What the script sees, per browser.
#[function_component(JsView)]
pub(crate) fn js_view(props: &Props) -> Html {
    let rows = props.runs.0.iter().map(|run| {
        let chosen = run.browser == props.browser;
        let Some(v) = run.request(props.index) else {
            return html! {
                <tr class={classes!(chosen.then_some("chosen"))}><th scope="row">{ run.browser.display_name() }</th>
                <td colspan="5">{ "input error" }</td></tr>
            };
        };
        let cells = match v.response() {
            Some(r) => html! {<>
                <td class="ok">{ if props.api == Api::Xhr { "load event" } else { "resolves" } }</td>
                <td><code>{ wire::name(&r.response_type) }</code>{ if r.redirected { " (redirected)" } else { "" } }</td>
                <td>{ r.status }</td>
                <td>if r.readable_headers.is_empty() { { "none" } } else { <code>{ r.readable_headers.join(", ") }</code> }</td>
                <td>{ if r.body_readable { "yes" } else { "no" } }</td>
            </>},
            None => html! {<>
                <td class="fail"><code>{ run.browser.script_error(props.api, v.phase()) }</code></td>
                <td>{ "—" }</td><td>{ "—" }</td><td>{ "—" }</td><td>{ "—" }</td>
            </>},
        };
        html! {
            <tr class={classes!(chosen.then_some("chosen"))}>
                <th scope="row">{ run.browser.display_name() }</th>
                { cells }
            </tr>
        }
    });
    html! {
        <div class="scroll-x" tabindex="0" role="region" aria-label="What JavaScript sees, scrolls sideways">
            <table id="js-table">
                <thead><tr>
                    <th scope="col">{ "Browser" }</th>
                    <th scope="col">{ if props.api == Api::Xhr { "XHR" } else { "Promise" } }</th>
                    <th scope="col">{ "type" }</th>
                    <th scope="col">{ "status" }</th>
                    <th scope="col">{ "readable headers" }</th>
                    <th scope="col">{ "body" }</th>
                </tr></thead>
                <tbody>{ for rows }</tbody>
            </table>
        </div>
    }
}
