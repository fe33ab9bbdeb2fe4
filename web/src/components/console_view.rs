//! The exact console lines each browser prints.

use corsim::Browser;
use yew::prelude::*;

use crate::run::Runs;

/// Props of [`ConsoleView`].
#[derive(Properties, PartialEq)]
pub(crate) struct Props {
    /// Every profile's verdict.
    pub(crate) runs: Runs,
    /// The request shown.
    pub(crate) index: usize,
    /// The profile shown first.
    pub(crate) browser: Browser,
}

/// The exact console lines each browser prints, the chosen one first.
#[function_component(ConsoleView)]
pub(crate) fn console_view(props: &Props) -> Html {
    // The chosen profile first, the others in their order (a stable
    // partition, without the code of a sort).
    let all = || props.runs.0.iter();
    let runs: Vec<_> = all()
        .filter(|r| r.browser == props.browser)
        .chain(all().filter(|r| r.browser != props.browser))
        .collect();
    let block = |run: &&crate::run::Run| {
        let lines = run.request(props.index).map(|v| v.console.clone());
        let body = match lines {
            None => html! { <p class="hint">{ "The scenario has an input error." }</p> },
            Some(lines) if lines.is_empty() && run.browser == Browser::Spec => {
                html! { <p class="hint">{ "The Fetch Standard defines no console messages." }</p> }
            }
            Some(lines) if lines.is_empty() => {
                html! { <p class="hint">{ "Nothing is printed." }</p> }
            }
            Some(lines) => html! {
                <ol class="console-lines">
                    { for lines.iter().map(|l| html! { <li><code>{ l.clone() }</code></li> }) }
                </ol>
            },
        };
        html! {
            <section class={classes!("console", (run.browser == props.browser).then_some("chosen"))}
                id={format!("console-{}", run.browser.name())}>
                <h4>{ run.browser.display_name() }</h4>
                { body }
            </section>
        }
    };
    html! { <div class="consoles">{ for runs.iter().map(block) }</div> }
}
