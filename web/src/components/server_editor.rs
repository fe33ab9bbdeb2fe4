//! The server map: one entry per URL.

use corsim::ServerMap;
use yew::prelude::*;

use super::server_entry::ServerEntryEditor;
use crate::state::{EntryEdit, Field};

/// Props of [`ServerEditor`].
#[derive(Properties, PartialEq)]
pub(crate) struct Props {
    /// The server map.
    pub(crate) server: ServerMap,
    /// Numeric texts that do not parse.
    pub(crate) drafts: Vec<(Field, String)>,
    /// The core's error, when it is about entry `k`.
    #[prop_or_default]
    pub(crate) problems: Vec<(usize, AttrValue)>,
    /// The scenario's page origin.
    #[prop_or_default]
    pub(crate) page: AttrValue,
    /// What an import assumed about entry `k`.
    #[prop_or_default]
    pub(crate) notes: Vec<(usize, AttrValue)>,
    /// A URL to suggest for a new entry.
    pub(crate) suggestion: AttrValue,
    /// An edit to entry `k`.
    pub(crate) onedit: Callback<(usize, EntryEdit)>,
    /// Add an entry for this URL.
    pub(crate) onadd: Callback<String>,
    /// Remove entry `k`.
    pub(crate) onremove: Callback<usize>,
}

/// The server map: one entry per URL.
#[function_component(ServerEditor)]
pub(crate) fn server_editor(props: &Props) -> Html {
    let entries = props.server.0.iter().enumerate().map(|(k, (url, entry))| {
        let cb = props.onedit.clone();
        let onedit = Callback::from(move |e| cb.emit((k, e)));
        let cb = props.onremove.clone();
        let onremove = Callback::from(move |()| cb.emit(k));
        let drafts = props
            .drafts
            .iter()
            .filter_map(|(f, t)| match f {
                Field::Status(e, part, n) if *e == k => Some((*part, *n, t.clone())),
                _ => None,
            })
            .collect::<Vec<_>>();
        let problem = props
            .problems
            .iter()
            .find(|(i, _)| *i == k)
            .map(|(_, m)| m.clone());
        let options_draft = props.drafts.iter().find_map(|(f, t)| match f {
            Field::Options(e) if *e == k => Some(AttrValue::from(t.clone())),
            _ => None,
        });
        let editor = html! {
            <ServerEntryEditor index={k} url={url.clone()} entry={entry.clone()} {drafts} {problem}
                page={props.page.clone()} {options_draft}
                {onedit} {onremove} />
        };
        let notes: Vec<&AttrValue> = props
            .notes
            .iter()
            .filter(|(i, _)| *i == k)
            .map(|(_, n)| n)
            .collect();
        if notes.is_empty() {
            editor
        } else {
            html! {
                <div class="assumed-field" id={format!("assumed-srv{k}")}>
                    { for notes.into_iter().map(|n| html! { <p class="assumed-note"><strong>{ "Assumed: " }</strong>{ n.clone() }</p> }) }
                    { editor }
                </div>
            }
        }
    });
    let onadd = {
        let cb = props.onadd.clone();
        let url = props.suggestion.to_string();
        Callback::from(move |_: MouseEvent| cb.emit(url.clone()))
    };
    html! {
        <div class="server">
            { for entries }
            <button type="button" class="add" id="add-entry" onclick={onadd}>{ "+ Add server URL" }</button>
        </div>
    }
}
