//! The core's input error, when the scenario cannot run.

use yew::prelude::*;

use crate::check::Problem;

/// Props of [`ProblemBanner`].
#[derive(Properties, PartialEq)]
pub(crate) struct Props {
    /// The problem.
    pub(crate) problem: Problem,
    /// Add a server entry for a missing URL.
    pub(crate) onaddentry: Callback<String>,
}

/// The core's input error, with a fix when there is an obvious one.
#[function_component(ProblemBanner)]
pub(crate) fn problem_banner(props: &Props) -> Html {
    let add = props.problem.missing_url.clone().map(|url| {
        let cb = props.onaddentry.clone();
        let label = format!("Add a server entry for {url}");
        let onclick = Callback::from(move |_: MouseEvent| cb.emit(url.clone()));
        html! { <button type="button" class="fix" {onclick}>{ label }</button> }
    });
    html! {
        <div class="problem" role="alert" id="problem">
            <p><strong>{ "The scenario cannot run: " }</strong>{ props.problem.message.clone() }</p>
            { for add }
        </div>
    }
}
