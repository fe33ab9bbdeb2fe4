//! A labelled `<select>` over the format's names of a core enum.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// Props of [`Choice`].
#[derive(Properties, PartialEq)]
pub(crate) struct Props {
    /// The select's id.
    pub(crate) id: AttrValue,
    /// The visible label.
    pub(crate) label: AttrValue,
    /// The selected option's value.
    pub(crate) value: AttrValue,
    /// `(value, label)` pairs.
    pub(crate) options: &'static [(&'static str, &'static str)],
    /// Disabled (the option does not apply).
    #[prop_or_default]
    pub(crate) disabled: bool,
    /// A note shown under the select.
    #[prop_or_default]
    pub(crate) hint: Option<AttrValue>,
    /// The newly selected value.
    pub(crate) onchange: Callback<String>,
}

/// A labelled `<select>`.
#[function_component(Choice)]
pub(crate) fn choice(props: &Props) -> Html {
    let onchange = {
        let cb = props.onchange.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            cb.emit(select.value());
        })
    };
    let hint_id = format!("{}-msg", props.id);
    html! {
        <div class="field">
            <label for={props.id.clone()}>{ props.label.clone() }</label>
            <select id={props.id.clone()} {onchange} disabled={props.disabled}
                aria-describedby={props.hint.as_ref().map(|_| hint_id.clone())}>
                { for props.options.iter().map(|(value, label)| html! {
                    <option value={*value} selected={props.value == *value}>{ *label }</option>
                }) }
            </select>
            if let Some(hint) = &props.hint {
                <p class="hint" id={hint_id}>{ hint.clone() }</p>
            }
        </div>
    }
}
