//! The step-by-step explanation: each step with its result, summary,
//! compared values, spec anchor and a deep link.

use corsim::verdict::{StepResult, TraceStep};
use yew::prelude::*;

/// Props of [`TraceView`].
#[derive(Properties, PartialEq)]
pub(crate) struct Props {
    /// The steps, in algorithm order.
    pub(crate) steps: Vec<TraceStep>,
    /// The highlighted step (0-based).
    pub(crate) highlighted: Option<usize>,
    /// The share-link fragment without `step=` (each step's link adds it);
    /// none when the scenario is too large for a link.
    pub(crate) link_base: Option<AttrValue>,
}

/// The step-by-step explanation.
#[function_component(TraceView)]
pub(crate) fn trace_view(props: &Props) -> Html {
    let mut last_url: Option<&str> = None;
    let items = props.steps.iter().enumerate().map(|(i, step)| {
        let url_changed = step.url.as_deref() != last_url;
        last_url = step.url.as_deref();
        let (icon, word, class) = match step.result {
            StepResult::Pass => ("✓", "pass", "pass"),
            StepResult::Fail => ("✗", "fail", "fail"),
            _ => ("ℹ", "info", "info"),
        };
        let highlighted = props.highlighted == Some(i);
        let values = step.values();
        html! {
            <>
            if url_changed {
                if let Some(url) = &step.url {
                    <li class="url-change" aria-hidden="true"><code>{ url.clone() }</code></li>
                }
            }
            <li id={format!("step-{}", i + 1)} class={classes!("step", class, highlighted.then_some("highlight"))}
                tabindex={highlighted.then_some("-1")} aria-current={highlighted.then_some("step")}>
                <span class={classes!("badge", class)} role="img" aria-label={word} title={word}>{ icon }</span>
                <div class="step-body">
                    <p class="step-summary">{ step.summary() }</p>
                    if !values.is_empty() {
                        <dl class="values">
                            { for values.iter().map(|(k, v)| html! {<>
                                <dt>{ k.clone() }</dt><dd><code>{ if v.is_empty() { "(empty)".to_owned() } else { v.clone() } }</code></dd>
                            </>}) }
                        </dl>
                    }
                    <p class="step-links">
                        <code class="step-id">{ step.step.id() }</code>
                        <a href={step.step.anchor()} target="_blank" rel="noopener">{ "spec ↗" }</a>
                        if let Some(link_base) = &props.link_base {
                            <a href={format!("#{link_base}&step={}", i + 1)} class="permalink"
                                aria-label={format!("Link to step {}", i + 1)}>{ format!("#{}", i + 1) }</a>
                        }
                    </p>
                </div>
            </li>
            </>
        }
    });
    html! { <ol class="trace" id="trace">{ for items }</ol> }
}
