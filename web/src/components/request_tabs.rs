//! The list of requests, in time order: pick one, add one, remove one.

use yew::prelude::*;

use super::{focus_after_removing, FocusAfterRender};

/// One request as the list shows it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Tab {
    /// `PUT /users`.
    pub(crate) label: String,
    /// Seconds since the start.
    pub(crate) at: f64,
    /// Whether the chosen browser lets the script have the response
    /// (`None`: the scenario has an input error).
    pub(crate) ok: Option<bool>,
}

/// Props of [`RequestTabs`].
#[derive(Properties, PartialEq)]
pub(crate) struct Props {
    /// The requests.
    pub(crate) tabs: Vec<Tab>,
    /// The selected one.
    pub(crate) selected: usize,
    /// Pick request `i`.
    pub(crate) onselect: Callback<usize>,
    /// Add a request.
    pub(crate) onadd: Callback<()>,
    /// Remove request `i`.
    pub(crate) onremove: Callback<usize>,
}

/// The list of requests, in time order.
#[function_component(RequestTabs)]
pub(crate) fn request_tabs(props: &Props) -> Html {
    let many = props.tabs.len() > 1;
    let focus = use_memo((), |()| FocusAfterRender::default());
    {
        let focus = focus.clone();
        use_effect(move || focus.apply());
    }
    let len = props.tabs.len();
    let tab = |(i, tab): (usize, &Tab)| {
        let onclick = {
            let cb = props.onselect.clone();
            Callback::from(move |_: MouseEvent| cb.emit(i))
        };
        let onremove = {
            let cb = props.onremove.clone();
            let focus = focus.clone();
            Callback::from(move |_: MouseEvent| {
                // The remove buttons stay while two or more requests remain.
                let row = |j| (len > 2).then(|| format!("request-remove-{j}"));
                focus.request(focus_after_removing(
                    i,
                    len,
                    row,
                    "request-tab-0".to_owned(),
                ));
                cb.emit(i);
            })
        };
        let (icon, word) = match tab.ok {
            Some(true) => ("✓", "allowed"),
            Some(false) => ("✗", "blocked"),
            None => ("!", "input error"),
        };
        let selected = i == props.selected;
        html! {
            <li class={classes!("tab", selected.then_some("selected"))}>
                <button type="button" class="tab-pick" aria-pressed={selected.to_string()} id={format!("request-tab-{i}")} {onclick}>
                    <span class={classes!("badge", match tab.ok { Some(true) => "ok", Some(false) => "fail", None => "warn" })}
                        aria-label={word} title={word}>{ icon }</span>
                    <span class="tab-text">{ format!("#{} ", i + 1) }<code>{ tab.label.clone() }</code>
                        { format!(" at {}s", crate::state::format_at(tab.at)) }</span>
                </button>
                if many {
                    <button type="button" class="icon" id={format!("request-remove-{i}")} aria-label={format!("Remove request {}", i + 1)}
                        title="Remove request" onclick={onremove}>{ "✕" }</button>
                }
            </li>
        }
    };
    let onadd = {
        let cb = props.onadd.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    html! {
        <div class="tabs">
            <ol class="tab-list" aria-label="Requests, in time order">
                { for props.tabs.iter().enumerate().map(tab) }
            </ol>
            <button type="button" class="add" id="add-request" onclick={onadd}
                title="Repeat the last request a little later (the preflight cache carries over)">
                { "+ Add request later in time" }
            </button>
        </div>
    }
}
