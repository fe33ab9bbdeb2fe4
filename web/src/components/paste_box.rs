//! "Paste an error, HAR or curl -v": evidence in, a scenario out.

use corsim::import::{import_evidence, Imported};
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

/// Props of [`PasteBox`].
#[derive(Properties, PartialEq)]
pub(crate) struct Props {
    /// The evidence was imported.
    pub(crate) onimport: Callback<Box<Imported>>,
}

/// A one-line field that grows while it is used; submitting (the button,
/// or Ctrl/Cmd+Enter) imports its text. The text stays in this component:
/// a HAR can be megabytes, and it never goes into the state or a link.
#[function_component(PasteBox)]
pub(crate) fn paste_box(props: &Props) -> Html {
    let text = use_state(String::new);
    let error = use_state(|| None::<String>);
    let focused = use_state(|| false);
    // Imported: the box folds back to one line (the text stays in it).
    let done = use_state(|| false);
    let area = use_node_ref();
    let submit = {
        let text = text.clone();
        let error = error.clone();
        let done = done.clone();
        let area = area.clone();
        let onimport = props.onimport.clone();
        Callback::from(move |()| match import_evidence(&text) {
            Ok(imported) => {
                error.set(None);
                done.set(true);
                // Folded to one line, it shows the text's first line.
                if let Some(area) = area.cast::<HtmlTextAreaElement>() {
                    area.set_scroll_top(0);
                }
                onimport.emit(Box::new(imported));
            }
            // The core escapes what it quotes of the input.
            Err(e) => error.set(Some(e.to_string())),
        })
    };
    let oninput = {
        let text = text.clone();
        let done = done.clone();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            text.set(area.value());
            done.set(false);
        })
    };
    let onkeydown = {
        let submit = submit.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" && (e.ctrl_key() || e.meta_key()) {
                e.prevent_default();
                submit.emit(());
            }
        })
    };
    let onsubmit = {
        let submit = submit.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            submit.emit(());
        })
    };
    let onfocus = {
        let focused = focused.clone();
        Callback::from(move |_: FocusEvent| focused.set(true))
    };
    let onblur = {
        let focused = focused.clone();
        Callback::from(move |_: FocusEvent| focused.set(false))
    };
    // It stays open while it holds text, so that leaving the field does not
    // move the button away under the pointer.
    let expanded = *focused || (!text.is_empty() && !*done);
    html! {
        <form class="paste" id="paste" {onsubmit} aria-labelledby="paste-label">
            <label id="paste-label" for="paste-text">{ "Paste an error, HAR or curl -v" }</label>
            <div class="paste-row">
                <textarea id="paste-text" ref={area} class={classes!((!expanded).then_some("folded"))} rows={if expanded { "6" } else { "1" }} spellcheck="false"
                    autocomplete="off" value={(*text).clone()}
                    placeholder="Access to fetch at … has been blocked by CORS policy: …"
                    aria-describedby={if error.is_some() { "paste-error paste-hint" } else { "paste-hint" }}
                    aria-invalid={if error.is_some() { "true" } else { "false" }}
                    {oninput} {onkeydown} {onfocus} {onblur} />
                <button type="submit" id="paste-submit">{ "Explain and fix" }</button>
            </div>
            <p class="hint" id="paste-hint" hidden={!expanded}>{ "A console message from Chrome, Firefox or Safari, a HAR file, or a curl -v transcript. Ctrl+Enter (⌘+Enter) imports it; it stays on this page." }</p>
            if let Some(e) = &*error {
                <p class="error" id="paste-error" role="alert">{ e.clone() }</p>
            }
        </form>
    }
}
