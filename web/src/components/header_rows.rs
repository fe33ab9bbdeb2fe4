//! Editable `[name, value]` header rows.

use corsim::scenario::HeaderPair;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::{focus_after_removing, FocusAfterRender};
use crate::check::header_name_error;
use crate::state::RowEdit;

/// Props of [`HeaderRows`].
#[derive(Properties, PartialEq)]
pub(crate) struct Props {
    /// A prefix for the inputs' ids.
    pub(crate) id: AttrValue,
    /// The group's legend.
    pub(crate) legend: AttrValue,
    /// The rows, in order.
    pub(crate) rows: Vec<HeaderPair>,
    /// Appended to an invalid name's message (what the browser does with it).
    #[prop_or_default]
    pub(crate) invalid_note: AttrValue,
    /// An edit to the rows.
    pub(crate) onedit: Callback<RowEdit>,
}

/// Editable header rows: name, value, remove; and an add button.
#[function_component(HeaderRows)]
pub(crate) fn header_rows(props: &Props) -> Html {
    let focus = use_memo((), |()| FocusAfterRender::default());
    {
        let focus = focus.clone();
        use_effect(move || focus.apply());
    }
    let len = props.rows.len();
    let row = |(i, (name, value)): (usize, &HeaderPair)| {
        let onname = {
            let cb = props.onedit.clone();
            Callback::from(move |e: InputEvent| {
                let input: HtmlInputElement = e.target_unchecked_into();
                cb.emit(RowEdit::Name(i, input.value()));
            })
        };
        let onvalue = {
            let cb = props.onedit.clone();
            Callback::from(move |e: InputEvent| {
                let input: HtmlInputElement = e.target_unchecked_into();
                cb.emit(RowEdit::Value(i, input.value()));
            })
        };
        let onremove = {
            let cb = props.onedit.clone();
            let focus = focus.clone();
            let prefix = props.id.clone();
            Callback::from(move |_: MouseEvent| {
                focus.request(focus_after_removing(
                    i,
                    len,
                    |j| Some(format!("{prefix}-h{j}-remove")),
                    format!("{prefix}-add"),
                ));
                cb.emit(RowEdit::Remove(i));
            })
        };
        let remove_id = format!("{}-h{i}-remove", props.id);
        let name_id = format!("{}-h{i}-name", props.id);
        let value_id = format!("{}-h{i}-value", props.id);
        let error = header_name_error(name);
        let error_id = format!("{name_id}-msg");
        html! {
            <li class={classes!("header-row", error.as_ref().map(|_| "invalid"))}>
                <label class="sr-only" for={name_id.clone()}>{ format!("{} {} name", props.legend, i + 1) }</label>
                <input id={name_id} class="h-name" type="text" value={name.clone()} placeholder="Name"
                    spellcheck="false" autocomplete="off" autocapitalize="off"
                    aria-invalid={error.as_ref().map(|_| "true")}
                    aria-describedby={error.as_ref().map(|_| error_id.clone())}
                    oninput={onname} />
                <label class="sr-only" for={value_id.clone()}>{ format!("{} {} value", props.legend, i + 1) }</label>
                <input id={value_id} class="h-value" type="text" value={value.clone()} placeholder="Value"
                    spellcheck="false" autocomplete="off" autocapitalize="off" oninput={onvalue} />
                <button type="button" class="icon" id={remove_id} aria-label={format!("Remove {} {}", props.legend, i + 1)}
                    title="Remove" onclick={onremove}>{ "✕" }</button>
                if let Some(error) = error {
                    <p class="error" id={error_id}>{ format!("{error}{}", props.invalid_note) }</p>
                }
            </li>
        }
    };
    let onadd = {
        let cb = props.onedit.clone();
        Callback::from(move |_: MouseEvent| cb.emit(RowEdit::Add))
    };
    html! {
        <fieldset class="headers">
            <legend>{ props.legend.clone() }</legend>
            if props.rows.is_empty() {
                <p class="hint">{ "None." }</p>
            }
            <ul>{ for props.rows.iter().enumerate().map(row) }</ul>
            <button type="button" class="add" id={format!("{}-add", props.id)} onclick={onadd}>{ "+ Add header" }</button>
        </fieldset>
    }
}
