//! What the server answers for one URL.

use corsim::{HttpVersion, ServerEntry};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::audit_panel::AuditPanel;
use super::choice::Choice;
use super::policy_editor::{default_framework, PolicyEditor};
use super::response_editor::ResponseEditor;
use super::text_field::TextField;
use crate::check::url_error;
use crate::policy::PolicyEdit;
use crate::state::{responses_list, EntryEdit, Part};

/// Props of [`ServerEntryEditor`].
#[derive(Properties, PartialEq)]
pub(crate) struct Props {
    /// The entry's index.
    pub(crate) index: usize,
    /// The URL key as typed.
    pub(crate) url: AttrValue,
    /// The entry.
    pub(crate) entry: ServerEntry,
    /// Status texts that do not parse: `(part, n, text)`.
    pub(crate) drafts: Vec<(Part, usize, String)>,
    /// The core's error about this entry.
    #[prop_or_default]
    pub(crate) problem: Option<AttrValue>,
    /// The scenario's page origin (for a new policy and the audit).
    #[prop_or_default]
    pub(crate) page: AttrValue,
    /// The policy's options as JSON text, while it does not parse.
    #[prop_or_default]
    pub(crate) options_draft: Option<AttrValue>,
    /// An edit.
    pub(crate) onedit: Callback<EntryEdit>,
    /// Remove the entry.
    pub(crate) onremove: Callback<()>,
}

/// The HTTP versions a server entry can say, as the format spells them
/// (`""`: not said, the default for the URL's scheme).
const HTTP_VERSIONS: &[(&str, &str)] = &[
    ("", "Default (HTTP/2 for https, HTTP/1.1 for http)"),
    ("1.1", "HTTP/1.1"),
    ("2", "HTTP/2"),
];

/// What the server answers for one URL: preflight and actual responses,
/// redirect hops, unreachable.
#[function_component(ServerEntryEditor)]
pub(crate) fn server_entry_editor(props: &Props) -> Html {
    let k = props.index;
    let onurl = {
        let cb = props.onedit.clone();
        Callback::from(move |t: String| cb.emit(EntryEdit::Url(t)))
    };
    let onunreachable = {
        let cb = props.onedit.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            cb.emit(EntryEdit::Unreachable(input.checked()));
        })
    };
    let onhttp = {
        let cb = props.onedit.clone();
        Callback::from(move |v: String| {
            cb.emit(EntryEdit::Http(match v.as_str() {
                "1.1" => Some(HttpVersion::Http1_1),
                "2" => Some(HttpVersion::Http2),
                _ => None,
            }));
        })
    };
    let http = props.entry.http.map_or("", HttpVersion::as_str);
    let onremove = {
        let cb = props.onremove.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    let onhop = {
        let cb = props.onedit.clone();
        Callback::from(move |_: MouseEvent| cb.emit(EntryEdit::AddRedirectHop))
    };
    let part = |part: Part| {
        let list = responses_list(match part {
            Part::Preflight => props.entry.preflight.as_ref(),
            Part::Actual => props.entry.actual.as_ref(),
        });
        let count = list.len();
        let responses = list.into_iter().enumerate().map(|(n, response)| {
            let title = match (part, count) {
                (Part::Preflight, 1) => "Preflight response (OPTIONS)".to_owned(),
                (Part::Actual, 1) if props.entry.policy.is_some() => {
                    "The route's own response (before the middleware)".to_owned()
                }
                (Part::Actual, 1) => "Response".to_owned(),
                (Part::Preflight, _) => format!("Preflight response {} (OPTIONS)", n + 1),
                (Part::Actual, _) => format!("Response {}", n + 1),
            };
            let cb = props.onedit.clone();
            let onstatus = Callback::from(move |t: String| cb.emit(EntryEdit::Status(part, n, t)));
            let cb = props.onedit.clone();
            let onheader = Callback::from(move |e| cb.emit(EntryEdit::Header(part, n, e)));
            let cb = props.onedit.clone();
            let onremove = Callback::from(move |()| cb.emit(EntryEdit::RemoveResponse(part, n)));
            let status_draft = props
                .drafts
                .iter()
                .find(|(p, i, _)| *p == part && *i == n)
                .map(|(_, _, t)| AttrValue::from(t.clone()));
            html! {
                <ResponseEditor id={format!("srv{k}-{}{n}", part.name())} {title} {response}
                    {status_draft} {onstatus} {onheader} {onremove} />
            }
        });
        let onadd = {
            let cb = props.onedit.clone();
            Callback::from(move |_: MouseEvent| cb.emit(EntryEdit::AddResponse(part)))
        };
        let framework = props.entry.policy.is_some();
        let (empty, add) = match (part, count) {
            (Part::Preflight, 0) if framework => (
                "No literal preflight response: the middleware answers OPTIONS. Add one only for a layer that answers before it (a proxy, an auth check).",
                "+ Add a preflight answer that wins over the middleware",
            ),
            (Part::Actual, 0) if framework => (
                "The route's own answer: 200 with no headers, before the middleware adds its own.",
                "+ Add the route's own response",
            ),
            (Part::Preflight, 0) => (
                "No preflight response set: OPTIONS gets 200 with no CORS headers.",
                "+ Add preflight response",
            ),
            (Part::Actual, 0) => ("No response set: 200 with no headers.", "+ Add response"),
            (Part::Preflight, _) => ("", "+ Different answer for the next preflight"),
            (Part::Actual, _) => ("", "+ Different answer for the next request"),
        };
        html! {
            <div class={classes!("part", part.name())}>
                if count == 0 { <p class="hint">{ empty }</p> }
                { for responses }
                <button type="button" class="add" id={format!("srv{k}-add-{}", part.name())} onclick={onadd}>{ add }</button>
            </div>
        }
    };
    let onmode = {
        let cb = props.onedit.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let mode = (input.value() == "framework").then(default_framework);
            cb.emit(EntryEdit::Policy(PolicyEdit::Mode(mode)));
        })
    };
    let is_policy = props.entry.policy.is_some();
    let mode = html! {
        <fieldset class="mode" id={format!("srv{k}-mode")}>
            <legend>{ "Describe this server by" }</legend>
            <div class="inline">
                <span class="radio">
                    <input type="radio" name={format!("srv{k}-mode")} id={format!("srv{k}-mode-literal")} value="literal"
                        checked={!is_policy} onchange={onmode.clone()} />
                    <label for={format!("srv{k}-mode-literal")}>{ "Literal responses" }</label>
                </span>
                <span class="radio">
                    <input type="radio" name={format!("srv{k}-mode")} id={format!("srv{k}-mode-framework")} value="framework"
                        checked={is_policy} onchange={onmode} />
                    <label for={format!("srv{k}-mode-framework")}>{ "Framework (CORS middleware)" }</label>
                </span>
            </div>
        </fieldset>
    };
    let policy_view = props.entry.policy.clone().map(|policy| {
        let cb = props.onedit.clone();
        let onedit = Callback::from(move |e| cb.emit(EntryEdit::Policy(e)));
        let cb = props.onedit.clone();
        let ontext = Callback::from(move |t| cb.emit(EntryEdit::OptionsText(t)));
        let cb = props.onedit.clone();
        let onapply = Callback::from(move |o| cb.emit(EntryEdit::Policy(PolicyEdit::Merge(o))));
        html! {
            <>
                <PolicyEditor index={k} policy={policy.clone()} draft={props.options_draft.clone()} {onedit} {ontext} />
                <AuditPanel index={k} {policy} page={props.page.clone()} url={props.url.clone()} {onapply} />
            </>
        }
    });
    let url_err = url_error(&props.url)
        .map(AttrValue::from)
        .or_else(|| props.problem.clone());
    html! {
        <article class="entry" id={format!("entry-{k}")}>
            <div class="entry-head">
                <TextField id={format!("srv{k}-url")} label="URL" value={props.url.clone()} error={url_err}
                    oninput={onurl} />
                <Choice id={format!("srv{k}-http")} label="HTTP version" value={http}
                    options={HTTP_VERSIONS} onchange={onhttp} />
                <button type="button" class="icon" aria-label={format!("Remove server entry {}", props.url)}
                    title="Remove entry" onclick={onremove}>{ "✕" }</button>
            </div>
            <div class="check">
                <input type="checkbox" id={format!("srv{k}-unreachable")} checked={props.entry.unreachable}
                    onchange={onunreachable} />
                <label for={format!("srv{k}-unreachable")}>{ "Unreachable (connecting fails: a network error, not a CORS error)" }</label>
            </div>
            if !props.entry.unreachable {
                { mode }
                { for policy_view }
                { part(Part::Preflight) }
                { part(Part::Actual) }
                <button type="button" class="add" id={format!("srv{k}-hop")} onclick={onhop}
                    title="Answer this URL with a 302 whose Location is a new entry that answers as this one did">
                    { "+ Add redirect hop" }
                </button>
            }
        </article>
    }
}
