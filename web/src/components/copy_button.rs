//! A button that copies a text to the clipboard and says so.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsValue;
use yew::prelude::*;

/// Props of [`CopyButton`].
#[derive(Properties, PartialEq)]
pub(crate) struct Props {
    /// What to copy.
    pub(crate) text: AttrValue,
    /// The button's label.
    pub(crate) label: AttrValue,
    /// The button's id.
    #[prop_or_default]
    pub(crate) id: Option<AttrValue>,
}

/// Copies through `navigator.clipboard`; when the page may not (an
/// insecure origin, a denied permission) it says to copy by hand.
#[function_component(CopyButton)]
pub(crate) fn copy_button(props: &Props) -> Html {
    let status = use_state(|| None::<&'static str>);
    let onclick = {
        let text = props.text.clone();
        let status = status.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(window) = web_sys::window() else {
                return;
            };
            let clipboard = window.navigator().clipboard();
            // `navigator.clipboard` is undefined outside secure contexts.
            if JsValue::from(clipboard.clone()).is_undefined() {
                status.set(Some("Select the text and copy it"));
                return;
            }
            let promise = clipboard.write_text(&text);
            let failed = status.clone();
            let on_error =
                Closure::once(move |_: JsValue| failed.set(Some("Select the text and copy it")));
            let _ = promise.catch(&on_error);
            on_error.forget();
            status.set(Some("Copied"));
        })
    };
    html! {
        <span class="copy">
            <button type="button" id={props.id.clone()} {onclick}>{ props.label.clone() }</button>
            <span class="copy-status" role="status" aria-live="polite">{ status.unwrap_or("") }</span>
        </span>
    }
}
