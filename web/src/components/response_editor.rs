//! One response the server sends: status and header rows.

use corsim::ResponseSpec;
use yew::prelude::*;

use super::header_rows::HeaderRows;
use super::text_field::TextField;
use crate::state::{parse_status, RowEdit};

/// Props of [`ResponseEditor`].
#[derive(Properties, PartialEq)]
pub(crate) struct Props {
    /// A prefix for ids.
    pub(crate) id: AttrValue,
    /// `Preflight response` or `Response to request 2`.
    pub(crate) title: AttrValue,
    /// The response.
    pub(crate) response: ResponseSpec,
    /// The status text when it does not parse.
    pub(crate) status_draft: Option<AttrValue>,
    /// New status text.
    pub(crate) onstatus: Callback<String>,
    /// An edit to the header rows.
    pub(crate) onheader: Callback<RowEdit>,
    /// Remove this response.
    pub(crate) onremove: Callback<()>,
}

/// One response: status and header rows.
#[function_component(ResponseEditor)]
pub(crate) fn response_editor(props: &Props) -> Html {
    let status_text = props
        .status_draft
        .clone()
        .unwrap_or_else(|| AttrValue::from(props.response.status.to_string()));
    let error = props.status_draft.as_ref().and_then(|d| {
        parse_status(d).err().map(|e| {
            AttrValue::from(format!(
                "{e}; the simulation uses {}",
                props.response.status
            ))
        })
    });
    let hint = match props.response.status {
        301 | 302 | 303 | 307 | 308 => Some(AttrValue::from("A redirect: add a Location header.")),
        _ => None,
    };
    let onremove = {
        let cb = props.onremove.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    html! {
        <div class="response">
            <div class="response-head">
                <h4>{ props.title.clone() }</h4>
                <button type="button" class="icon" aria-label={format!("Remove {}", props.title)}
                    title="Remove response" onclick={onremove}>{ "✕" }</button>
            </div>
            <TextField id={format!("{}-status", props.id)} label="Status" class="narrow" value={status_text}
                inputmode="numeric" {error} {hint} oninput={props.onstatus.clone()} />
            <HeaderRows id={props.id.clone()} legend="Response header" rows={props.response.headers.clone()}
                invalid_note=": no server can send it." onedit={props.onheader.clone()} />
        </div>
    }
}
