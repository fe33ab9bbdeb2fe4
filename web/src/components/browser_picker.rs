//! Pick the browser profile shown in detail.

use corsim::Browser;
use yew::prelude::*;

/// Props of [`BrowserPicker`].
#[derive(Properties, PartialEq)]
pub(crate) struct Props {
    /// The chosen profile.
    pub(crate) browser: Browser,
    /// Whether each profile lets the selected request through (`None`:
    /// input error), in [`Browser::ALL`] order.
    pub(crate) outcomes: Vec<Option<bool>>,
    /// The newly chosen profile.
    pub(crate) onpick: Callback<Browser>,
}

/// Pick the browser profile shown in detail.
#[function_component(BrowserPicker)]
pub(crate) fn browser_picker(props: &Props) -> Html {
    let button = |(i, browser): (usize, Browser)| {
        let onclick = {
            let cb = props.onpick.clone();
            Callback::from(move |_: MouseEvent| cb.emit(browser))
        };
        let pressed = browser == props.browser;
        let (icon, word) = match props.outcomes.get(i).copied().flatten() {
            Some(true) => ("✓", "allowed"),
            Some(false) => ("✗", "blocked"),
            None => ("!", "input error"),
        };
        html! {
            <button type="button" id={format!("browser-{}", browser.name())}
                class={classes!("browser", pressed.then_some("selected"))}
                aria-pressed={pressed.to_string()} {onclick}>
                { browser.display_name() }
                <span class={classes!("badge", match icon { "✓" => "ok", "✗" => "fail", _ => "warn" })}
                    aria-label={word} title={word}>{ icon }</span>
            </button>
        }
    };
    html! {
        <div class="browser-picker" role="group" aria-label="Browser">
            { for Browser::ALL.into_iter().enumerate().map(button) }
        </div>
    }
}
