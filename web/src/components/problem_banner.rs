//! The core's input problems, when the scenario cannot run.

use yew::prelude::*;

use crate::check::Problem;

/// Props of [`ProblemBanner`].
#[derive(Properties, PartialEq)]
pub(crate) struct Props {
    /// Every problem, in document order.
    pub(crate) problems: Vec<Problem>,
    /// Add a server entry for a missing URL.
    pub(crate) onaddentry: Callback<String>,
}

/// The core's input problems, each with a fix when there is an obvious one.
#[function_component(ProblemBanner)]
pub(crate) fn problem_banner(props: &Props) -> Html {
    let item = |problem: &Problem| {
        let add = problem.missing_url.clone().map(|url| {
            let cb = props.onaddentry.clone();
            let label = format!("Add a server entry for {url}");
            let onclick = Callback::from(move |_: MouseEvent| cb.emit(url.clone()));
            html! { <button type="button" class="fix" {onclick}>{ label }</button> }
        });
        html! { <li>{ problem.message.clone() }{ for add }</li> }
    };
    html! {
        <div class="problem" role="alert" id="problem">
            <p><strong>{ "The scenario cannot run:" }</strong></p>
            <ul>{ for props.problems.iter().map(item) }</ul>
        </div>
    }
}
