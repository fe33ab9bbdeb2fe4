//! A labelled text input with its inline error message.

use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Props of [`TextField`].
#[derive(Properties, PartialEq)]
pub(crate) struct Props {
    /// The input's id (the label points at it).
    pub(crate) id: AttrValue,
    /// The visible label.
    pub(crate) label: AttrValue,
    /// The text as typed.
    pub(crate) value: AttrValue,
    /// What is wrong with it, shown under the field.
    #[prop_or_default]
    pub(crate) error: Option<AttrValue>,
    /// A hint shown under the field when there is no error.
    #[prop_or_default]
    pub(crate) hint: Option<AttrValue>,
    /// Placeholder text.
    #[prop_or_default]
    pub(crate) placeholder: AttrValue,
    /// `inputmode` (`decimal` for numbers).
    #[prop_or_default]
    pub(crate) inputmode: Option<AttrValue>,
    /// Extra classes on the wrapper.
    #[prop_or_default]
    pub(crate) class: Classes,
    /// Every keystroke, with the whole text.
    pub(crate) oninput: Callback<String>,
}

/// A labelled text input with its inline error message.
#[function_component(TextField)]
pub(crate) fn text_field(props: &Props) -> Html {
    let oninput = {
        let cb = props.oninput.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            cb.emit(input.value());
        })
    };
    let message_id = format!("{}-msg", props.id);
    let described = (props.error.is_some() || props.hint.is_some()).then(|| message_id.clone());
    html! {
        <div class={classes!("field", props.class.clone(), props.error.as_ref().map(|_| "invalid"))}>
            <label for={props.id.clone()}>{ props.label.clone() }</label>
            <input
                id={props.id.clone()}
                type="text"
                spellcheck="false"
                autocomplete="off"
                autocapitalize="off"
                value={props.value.clone()}
                placeholder={props.placeholder.clone()}
                inputmode={props.inputmode.clone()}
                aria-invalid={props.error.as_ref().map(|_| "true")}
                aria-describedby={described}
                {oninput}
            />
            if let Some(error) = &props.error {
                <p class="error" id={message_id} role="alert">{ error.clone() }</p>
            } else if let Some(hint) = &props.hint {
                <p class="hint" id={message_id}>{ hint.clone() }</p>
            }
        </div>
    }
}
