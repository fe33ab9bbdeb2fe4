//! A server entry described by its CORS middleware: the library, a form
//! for its common options in its own spelling, and the raw JSON of all
//! its options, in sync.

use corsim::policy::{Framework, Policy};
use serde_json::Value;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::choice::Choice;
use super::text_field::TextField;
use crate::policy::{self, CommonOption, Kind, PolicyEdit};

/// Props of [`PolicyEditor`].
#[derive(Properties, PartialEq)]
pub(crate) struct Props {
    /// The entry's index, for ids.
    pub(crate) index: usize,
    /// The policy.
    pub(crate) policy: Policy,
    /// The JSON text, while it does not parse.
    #[prop_or_default]
    pub(crate) draft: Option<AttrValue>,
    /// An edit to the policy.
    pub(crate) onedit: Callback<PolicyEdit>,
    /// The JSON editor's text.
    pub(crate) ontext: Callback<String>,
}

/// One common option as a form field.
fn option_field(
    k: usize,
    policy: &Policy,
    option: CommonOption,
    onedit: &Callback<PolicyEdit>,
) -> Html {
    let framework = policy.framework;
    let id = format!("srv{k}-opt-{}", option.name);
    let value = policy.options.get(option.name);
    let label = format!("{} ({})", option.label, option.name);
    let name = option.name.to_owned();
    let cb = onedit.clone();
    match option.kind {
        Kind::Bool => {
            let onchange = Callback::from(move |e: Event| {
                let input: HtmlInputElement = e.target_unchecked_into();
                // Off: the option left out (every library's default is off).
                let v = input.checked().then_some(Value::Bool(true));
                cb.emit(PolicyEdit::Set(name.clone(), v));
            });
            let checked = value.and_then(Value::as_bool).unwrap_or(false);
            html! {
                <div class="check">
                    <input type="checkbox" {id} {checked} {onchange} />
                    <label for={format!("srv{k}-opt-{}", option.name)}>{ label }</label>
                </div>
            }
        }
        Kind::Seconds => {
            let text = match value {
                None => String::new(),
                Some(v) => v.to_string(),
            };
            let oninput = Callback::from(move |t: String| {
                let t = t.trim();
                if t.is_empty() {
                    cb.emit(PolicyEdit::Set(name.clone(), None));
                } else if let Ok(n) = t.parse::<u64>() {
                    cb.emit(PolicyEdit::Set(name.clone(), Some(Value::from(n))));
                }
            });
            html! {
                <TextField {id} {label} value={text} inputmode={Some(AttrValue::from("numeric"))}
                    hint="Empty: the library's default." {oninput} />
            }
        }
        Kind::Origins | Kind::List => match policy::list_text(framework, value) {
            Some(text) => {
                let oninput = Callback::from(move |t: String| {
                    cb.emit(PolicyEdit::Set(
                        name.clone(),
                        policy::list_value(framework, option, &t),
                    ));
                });
                let hint = if option.kind == Kind::Origins {
                    "Comma-separated. Empty: the library's default."
                } else {
                    "Comma-separated names. Empty: the library's default."
                };
                html! { <TextField {id} {label} value={text} {hint} {oninput} /> }
            }
            None => html! {
                <div class="field">
                    <span class="label">{ label }</span>
                    <p class="hint" {id}>
                        <code>{ value.map(Value::to_string).unwrap_or_default() }</code>
                        { " (not a list: edit it in the JSON below)" }
                    </p>
                </div>
            },
        },
    }
}

/// The framework mode of a server entry.
#[function_component(PolicyEditor)]
pub(crate) fn policy_editor(props: &Props) -> Html {
    let k = props.index;
    let policy = &props.policy;
    let onframework = {
        let cb = props.onedit.clone();
        Callback::from(move |name: String| {
            if let Some(f) = policy::framework(&name) {
                cb.emit(PolicyEdit::Mode(Some(f)));
            }
        })
    };
    let fields = policy::common_options(policy.framework)
        .into_iter()
        .map(|option| option_field(k, policy, option, &props.onedit));
    let text = props.draft.as_ref().map_or_else(
        || policy::options_text(&policy.options),
        ToString::to_string,
    );
    let json_error = props
        .draft
        .as_ref()
        .and_then(|d| policy::parse_options(d).err())
        .or_else(|| policy::policy_error(policy));
    let ontext = {
        let cb = props.ontext.clone();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            cb.emit(area.value());
        })
    };
    let json_id = format!("srv{k}-options");
    let msg_id = format!("{json_id}-msg");
    let version = policy
        .version
        .clone()
        .unwrap_or_else(|| policy.framework.version().to_owned());
    html! {
        <div class="policy" id={format!("srv{k}-policy")}>
            <Choice id={format!("srv{k}-framework")} label="Library" value={policy.framework.name()}
                options={&policy::FRAMEWORKS[..]} onchange={onframework}
                hint={Some(AttrValue::from(format!("{} {version}, as corsim models it", policy::label(policy.framework))))} />
            <fieldset class="options-form">
                <legend>{ format!("Common options, as {} spells them", policy::label(policy.framework)) }</legend>
                { for fields }
            </fieldset>
            <div class={classes!("field", json_error.as_ref().map(|_| "invalid"))}>
                <label for={json_id.clone()}>{ "All options (JSON)" }</label>
                <textarea id={json_id} class="options-json" rows="6" spellcheck="false"
                    value={text} oninput={ontext}
                    aria-invalid={json_error.as_ref().map(|_| "true")}
                    aria-describedby={msg_id.clone()} />
                if let Some(error) = json_error {
                    <p class="error" id={msg_id} role="alert">{ error }</p>
                } else {
                    <p class="hint" id={msg_id}>{ "The library's own option names and values; the form above edits the same object." }</p>
                }
            </div>
        </div>
    }
}

/// The library an entry switched to the framework mode starts with.
pub(crate) fn default_framework() -> Framework {
    Framework::ExpressCors
}
