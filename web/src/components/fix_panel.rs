//! "Show the fix": the smallest server change that lets a blocked request
//! through, as the core's `fix` finds and verifies it.

use corsim::fix::{RequestFix, ResponseChange};
use corsim::{Browser, Scenario};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::copy_button::CopyButton;

/// Props of [`FixPanel`].
#[derive(Properties, PartialEq)]
pub(crate) struct Props {
    /// The scenario.
    pub(crate) scenario: Scenario,
    /// The blocked request (0-based).
    pub(crate) index: usize,
    /// The panel is open.
    pub(crate) open: bool,
    /// Open or close it.
    pub(crate) ontoggle: Callback<bool>,
    /// Replace the scenario with the fixed one.
    pub(crate) onapply: Callback<Scenario>,
    /// The snippet's framework the reader picked (`None`: the first). It
    /// lives in the page's state, not the panel's: the panel is left out
    /// while an edit is incomplete, and the choice outlives that.
    pub(crate) framework: Option<AttrValue>,
    /// Pick a snippet's framework.
    pub(crate) onframework: Callback<String>,
}

/// The frameworks in the order the picker lists them.
const FRAMEWORKS: [&str; 7] = [
    "express", "flask", "django", "fastapi", "axum", "nginx", "php",
];

/// The fix of request `index`, verified in every profile: `Ok(None)` when
/// no profile blocks it.
pub(crate) fn fix_of(scenario: &Scenario, index: usize) -> Result<Option<RequestFix>, String> {
    corsim::fix::fix(scenario, &Browser::ALL)
        .map(|fixes| fixes.into_iter().find(|f| f.request == index))
        .map_err(|e| e.to_string())
}

/// The snippet keys in picker order: the known frameworks first, then any
/// other (a policy's library).
pub(crate) fn framework_order<'a>(keys: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut keys: Vec<&str> = keys.collect();
    keys.sort_by_key(|k| {
        FRAMEWORKS
            .iter()
            .position(|f| f == k)
            .unwrap_or(FRAMEWORKS.len())
    });
    keys
}

fn response_change(title: &str, change: &ResponseChange) -> Html {
    html! {
        <div class="fix-part">
            <p class="fix-part-title">{ title }</p>
            <pre class="fix-headers"><code>
                { change.status.map(|s| format!("status {s}\n")).unwrap_or_default() }
                { change.headers.iter().map(|(n, v)| format!("{n}: {v}")).collect::<Vec<_>>().join("\n") }
            </code></pre>
        </div>
    }
}

fn names(browsers: &[Browser]) -> String {
    browsers
        .iter()
        .map(|b| b.display_name())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A disclosure under a blocked verdict; the fix is computed only while it
/// is open (it simulates again, several times).
#[function_component(FixPanel)]
pub(crate) fn fix_panel(props: &Props) -> Html {
    let fix = use_memo(
        (props.open, props.scenario.clone(), props.index),
        |(open, scenario, index)| open.then(|| fix_of(scenario, *index)),
    );
    let ontoggle = {
        let cb = props.ontoggle.clone();
        let open = props.open;
        Callback::from(move |_: MouseEvent| cb.emit(!open))
    };
    let onframework = props.onframework.reform(|e: Event| {
        let select: HtmlSelectElement = e.target_unchecked_into();
        select.value()
    });
    let body = match &*fix {
        None => html! {},
        Some(Err(e)) => html! { <p class="error" id="fix-error">{ e.clone() }</p> },
        Some(Ok(None)) => {
            html! { <p id="fix-verified">{ "Every browser lets this request through: nothing to fix." }</p> }
        }
        Some(Ok(Some(fix))) => {
            let verified = if fix.change.is_none() {
                html! {}
            } else if fix.still_blocked.is_empty() {
                html! { <p class="fix-verified" id="fix-verified">{ format!("Verified: with this change the request succeeds in {}.", names(&Browser::ALL)) }</p> }
            } else {
                html! { <p class="fix-still" id="fix-verified">{ format!("With this change the request is still blocked in {}.", names(&fix.still_blocked)) }</p> }
            };
            let reason = fix
                .reason
                .as_ref()
                .map(|r| html! { <p class="fix-reason" id="fix-reason">{ r.clone() }</p> });
            let change = fix.change.as_ref().map(|c| {
                let options = c.options.as_ref().map(|options| {
                    let text = options
                        .iter()
                        .map(|(k, v)| format!("{k}: {v}"))
                        .collect::<Vec<_>>()
                        .join("\n");
                    html! {
                        <div class="fix-part">
                            <p class="fix-part-title">{ "Set these options of the policy" }</p>
                            <pre class="fix-headers"><code>{ text }</code></pre>
                        </div>
                    }
                });
                html! {
                    <div class="fix-change" id="fix-change">
                        <p>{ "Change what the server answers for " }<code>{ c.url.clone() }</code>{ ":" }</p>
                        { for options }
                        if c.options.is_none() {
                            if let Some(p) = &c.preflight { { response_change("The preflight's answer (OPTIONS)", p) } }
                            if let Some(a) = &c.actual { { response_change("The answer to the request", a) } }
                        }
                    </div>
                }
            });
            let keys = framework_order(fix.snippets.keys().copied());
            let chosen = keys
                .iter()
                .find(|k| Some(**k) == props.framework.as_deref())
                .or_else(|| keys.first())
                .copied();
            let snippet = chosen.and_then(|k| fix.snippets.get(k)).map(|code| {
                let options = keys.iter().map(|k| {
                    html! { <option value={*k} selected={Some(*k) == chosen}>{ *k }</option> }
                });
                html! {
                    <div class="fix-snippet">
                        <div class="fix-snippet-bar">
                            <label for="fix-framework">{ "Framework" }</label>
                            <select id="fix-framework" onchange={onframework.clone()}>{ for options }</select>
                            <CopyButton text={AttrValue::from(code.clone())} label="Copy the code" id={AttrValue::from("fix-copy")} />
                        </div>
                        <pre id="fix-snippet" tabindex="0" role="region" aria-label="The fix as code"><code>{ code.clone() }</code></pre>
                    </div>
                }
            });
            let apply = fix.scenario.clone().map(|scenario| {
                let cb = props.onapply.clone();
                let onclick = Callback::from(move |_: MouseEvent| cb.emit(scenario.clone()));
                html! { <button type="button" id="fix-apply" class="fix" {onclick}>{ "Apply the fix" }</button> }
            });
            html! { <>{ for change }{ verified }{ for reason }{ for snippet }{ for apply }</> }
        }
    };
    html! {
        <section class="fix-panel" id="fix" aria-labelledby="fix-toggle">
            <button type="button" id="fix-toggle" class="disclosure" aria-expanded={if props.open { "true" } else { "false" }}
                aria-controls="fix-body" onclick={ontoggle}>
                { if props.open { "▾ Show the fix" } else { "▸ Show the fix" } }
            </button>
            <div id="fix-body" class="fix-body" hidden={!props.open}>{ body }</div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_picker_lists_the_known_frameworks_first() {
        let keys = [
            "axum", "django", "express", "fastapi", "flask", "nginx", "php",
        ];
        assert_eq!(
            framework_order(keys.into_iter()),
            ["express", "flask", "django", "fastapi", "axum", "nginx", "php"]
        );
        assert_eq!(
            framework_order(["starlette", "php"].into_iter()),
            ["php", "starlette"]
        );
    }

    #[test]
    fn a_simple_get_without_allow_origin_gets_the_page_origin() {
        let scenario = Scenario::from_json(
            r#"{"page":"https://app.example","requests":[{"url":"https://api.example/data"}],
            "server":{"https://api.example/data":{"actual":{"status":200,"headers":[["Content-Type","application/json"]]}}}}"#,
        )
        .unwrap();
        let fix = fix_of(&scenario, 0).unwrap().unwrap();
        let change = fix.change.unwrap();
        assert_eq!(change.url, "https://api.example/data");
        assert_eq!(change.preflight, None);
        assert_eq!(
            change.actual.unwrap().headers,
            [(
                "Access-Control-Allow-Origin".to_owned(),
                "https://app.example".to_owned()
            )]
        );
        assert!(fix.still_blocked.is_empty());
        assert_eq!(
            fix.snippets["express"],
            "app.use((req, res, next) => {\n  res.set('Access-Control-Allow-Origin', 'https://app.example');\n  res.set('Vary', 'Origin');\n  next();\n});\n"
        );
        // The request is now allowed: nothing more to fix.
        assert_eq!(fix_of(&fix.scenario.unwrap(), 0), Ok(None));
    }
}
