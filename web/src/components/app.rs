//! The playground: the reducer, the share link in the URL, and the layout.

use gloo_events::EventListener;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::browser_picker::BrowserPicker;
use super::compare_table::CompareTable;
use super::console_view::ConsoleView;
use super::fix_panel::FixPanel;
use super::js_view::JsView;
use super::paste_box::PasteBox;
use super::preset_gallery::PresetGallery;
use super::problem_banner::ProblemBanner;
use super::request_editor::RequestEditor;
use super::request_tabs::{RequestTabs, Tab};
use super::sequence_diagram::SequenceDiagram;
use super::server_editor::ServerEditor;
use super::share_panel::SharePanel;
use super::text_field::TextField;
use super::timeline::Timeline;
use super::trace_view::TraceView;
use super::verdict_summary::VerdictSummary;
use super::FocusAfterRender;
use crate::check::{self, Target};
use crate::evidence::AssumedAt;
use crate::run::Runs;
use crate::state::{Action, Field, State};
use crate::{diagram, presets, share, snippet};
use corsim::Api;

/// The state the page opens with, and why its link could not be read.
struct Boot {
    state: State,
    error: Option<String>,
}

fn boot() -> Boot {
    let location = web_sys::window().map(|w| w.location());
    let hash = location
        .as_ref()
        .and_then(|l| l.hash().ok())
        .unwrap_or_default();
    let search = location
        .as_ref()
        .and_then(|l| l.search().ok())
        .unwrap_or_default();
    let decoded = share::decode(&hash);
    let embed_query = search
        .trim_start_matches('?')
        .split('&')
        .any(|p| p == "embed" || (p.starts_with("embed=") && p != "embed=0"));
    let mut state = decoded.restore.unwrap_or_default();
    state.embed = decoded.embed || embed_query;
    Boot {
        state,
        error: decoded.error,
    }
}

/// The page's URL without query or fragment.
fn base_url() -> String {
    web_sys::window()
        .map(|w| w.location())
        .and_then(|l| Some(format!("{}{}", l.origin().ok()?, l.pathname().ok()?)))
        .unwrap_or_default()
}

/// A new history entry for the page as it is, before an import or a fix
/// replaces the scenario: the back button then brings the old one back
/// (through `hashchange`), while edits keep replacing the current entry.
fn push_history() {
    if let Some(window) = web_sys::window() {
        if let (Ok(history), Ok(href)) = (window.history(), window.location().href()) {
            let _ = history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&href));
        }
    }
}

fn dispatch<E: 'static>(
    state: &UseReducerHandle<State>,
    f: impl Fn(E) -> Action + 'static,
) -> Callback<E> {
    let state = state.clone();
    Callback::from(move |e: E| state.dispatch(f(e)))
}

/// The playground.
#[function_component(App)]
pub(crate) fn app() -> Html {
    let boot = use_memo((), |()| boot());
    let state = use_reducer({
        let boot = boot.clone();
        move || boot.state.clone()
    });
    // Why the link that opened (or was typed into the address bar of) this
    // tab could not be read; a good link clears it.
    let link_error = use_state({
        let boot = boot.clone();
        move || {
            boot.error
                .as_ref()
                .map(|e| format!("{e} A default scenario is shown instead."))
        }
    });
    let runs = use_memo(state.scenario.clone(), Runs::of);
    let runs: Runs = (*runs).clone();
    // While an edit is incomplete (a URL with no server entry yet, a page
    // origin half typed), the last verdict stays on screen, dimmed, and the
    // problem shows at its own field.
    let last_ran = use_mut_ref(|| None::<Runs>);
    let current = runs.clone();
    let (runs, stale) = if current.ran() {
        *last_ran.borrow_mut() = Some(current.clone());
        (current.clone(), false)
    } else {
        match last_ran.borrow().clone() {
            Some(previous) => (previous, true),
            None => (current.clone(), false),
        }
    };
    let base = use_memo((), |()| base_url());
    // After an import, focus moves to the verdict it produced.
    let focus = use_memo((), |()| FocusAfterRender::default());
    {
        let focus = focus.clone();
        use_effect(move || focus.apply());
    }
    let onimport = {
        let state = state.clone();
        let focus = focus.clone();
        Callback::from(move |imported| {
            push_history();
            focus.request("verdict".to_owned());
            state.dispatch(Action::Import(imported));
        })
    };
    let onapplyfix = {
        let state = state.clone();
        Callback::from(move |scenario| {
            push_history();
            state.dispatch(Action::ApplyFix(Box::new(scenario)));
        })
    };

    // The whole state lives in the fragment; replaceState keeps history clean.
    // A scenario too large for a link leaves the address bar without one.
    let fragment = share::encode_link(&state).ok();
    use_effect_with(fragment.clone(), |fragment| {
        if let Some(window) = web_sys::window() {
            let location = window.location();
            let want = fragment
                .as_ref()
                .map_or_else(String::new, |f| format!("#{f}"));
            if location.hash().ok().as_deref() != Some(want.as_str()) {
                // No fragment: the path and query alone (an empty URL
                // would keep the fragment).
                let url = match fragment {
                    Some(_) => Some(want),
                    None => location
                        .pathname()
                        .ok()
                        .map(|path| path + &location.search().unwrap_or_default()),
                };
                if let (Ok(history), Some(url)) = (window.history(), url) {
                    let _ = history.replace_state_with_url(
                        &wasm_bindgen::JsValue::NULL,
                        "",
                        Some(&url),
                    );
                }
            }
        }
    });
    // A link pasted or followed in this tab (a step's permalink).
    {
        let dispatcher = state.dispatcher();
        let link_error = link_error.setter();
        use_effect_with((), move |()| {
            let listener = web_sys::window().map(|window| {
                let target = window.clone();
                EventListener::new(&target, "hashchange", move |_| {
                    let hash = window.location().hash().unwrap_or_default();
                    let decoded = share::decode(&hash);
                    // A broken link typed into the address bar says why
                    // (and the scenario on screen stays).
                    link_error.set(
                        decoded
                            .error
                            .map(|e| format!("{e} The scenario on screen is unchanged.")),
                    );
                    if let Some(restore) = decoded.restore {
                        dispatcher.dispatch(Action::Restore(Box::new(restore)));
                    }
                })
            });
            move || drop(listener)
        });
    }
    // Deep link to a step: scroll to it and focus it.
    use_effect_with(
        (state.step, state.selected, state.browser),
        |(step, _, _)| {
            if let Some(n) = step {
                let element = web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| d.get_element_by_id(&format!("step-{}", n + 1)));
                if let Some(element) = element {
                    let options = web_sys::ScrollIntoViewOptions::new();
                    options.set_block(web_sys::ScrollLogicalPosition::Center);
                    element.scroll_into_view_with_scroll_into_view_options(&options);
                    if let Some(el) = element.dyn_ref::<web_sys::HtmlElement>() {
                        let _ = el.focus();
                    }
                }
            }
        },
    );

    let selected = state.selected_index();
    let request = state.scenario.requests.get(selected).cloned();
    let run = runs.get(state.browser).cloned();
    let verdict = run.as_ref().and_then(|r| r.request(selected)).cloned();
    let problems = current
        .error(state.browser)
        .map(|e| check::locate(e, &state.scenario))
        .unwrap_or_default();
    let outcomes: Vec<Option<bool>> = runs
        .0
        .iter()
        .map(|r| r.request(selected).map(corsim::RequestVerdict::is_ok))
        .collect();

    let onbrowser = dispatch(&state, Action::Browser);
    let onselect = dispatch(&state, Action::Select);
    let onaddentry = dispatch(&state, Action::AddEntry);
    let link_base = {
        let mut s = (*state).clone();
        s.step = None;
        s.embed = false;
        share::encode_link(&s)
    };
    let (share_link, embed_link) = match &link_base {
        Ok(link_base) => (
            Ok(format!("{base}#{link_base}")),
            Ok(format!("{base}?embed=1#{link_base}")),
        ),
        Err(e) => (Err(e.clone()), Err(e.clone())),
    };
    let link_base = link_base.ok().map(AttrValue::from);

    let summary = match (&verdict, &request) {
        (Some(v), Some(r)) => {
            html! { <VerdictSummary browser={state.browser} api={r.api} verdict={v.clone()} /> }
        }
        _ => html! {},
    };
    let banner = (!problems.is_empty()).then(|| {
        html! { <ProblemBanner problems={problems.clone()} onaddentry={onaddentry.clone()} /> }
    });
    let link_banner = (*link_error).clone().map(|e| {
        html! {
            <div class="problem" role="alert" id="link-error"><p>{ e }</p></div>
        }
    });
    let trace = verdict.as_ref().map(|v| html! {
        <TraceView steps={v.trace.clone()} highlighted={state.step} link_base={link_base.clone()} />
    });
    let preset_note = state.preset.and_then(presets::find).map(|p| {
        html! {
            <aside class="note" id="preset-note">
                <h3>{ p.title }</h3>
                <p>{ p.explanation }</p>
            </aside>
        }
    });

    if state.embed {
        return html! {
            <div class="app embed">
                <header class="top">
                    <h1 class="brand-small"><strong>{ "corsim" }</strong>
                        if let Some(r) = &request { { " " }<code>{ format!("{} {}", r.method, r.url) }</code> }
                    </h1>
                    if let Ok(share_link) = &share_link {
                        <a href={share_link.clone()} target="_blank" rel="noopener" id="open-in-corsim">{ "Open in corsim ↗" }</a>
                    }
                </header>
                <main>
                    { for link_banner }
                    <h2 class="sr-only">{ format!("What {} does with this request", state.browser.display_name()) }</h2>
                    <BrowserPicker browser={state.browser} outcomes={outcomes} onpick={onbrowser} />
                    { for banner }
                    { summary }
                    <section class="panel">
                        <h3>{ "Step by step" }</h3>
                        { for trace }
                    </section>
                    <section class="panel">
                        <h3>{ "Console" }</h3>
                        <ConsoleView runs={runs.clone()} index={selected} browser={state.browser} />
                    </section>
                </main>
            </div>
        };
    }

    let tabs: Vec<Tab> = state
        .scenario
        .requests
        .iter()
        .enumerate()
        .map(|(i, r)| Tab {
            label: format!("{} {}", r.method, diagram::short(&r.url)),
            at: r.at,
            ok: run
                .as_ref()
                .and_then(|run| run.request(i))
                .map(corsim::RequestVerdict::is_ok),
        })
        .collect();
    let problem_for = |target: &Target| {
        problems
            .iter()
            .find(|p| p.target == *target)
            .map(|p| AttrValue::from(p.message.clone()))
    };
    let page_error = check::page_error(&state.scenario.page)
        .map(AttrValue::from)
        .or_else(|| problem_for(&Target::Page));
    let entry_problems: Vec<(usize, AttrValue)> = problems
        .iter()
        .filter_map(|p| match p.target {
            Target::Entry(k) => Some((k, AttrValue::from(p.message.clone()))),
            _ => None,
        })
        .collect();
    let suggestion = request
        .as_ref()
        .map(|r| r.url.clone())
        .filter(|u| !state.scenario.server.0.iter().any(|(k, _)| k == u))
        .unwrap_or_else(|| "https://api.example/new".to_owned());
    // What the import assumed, listed and shown at its field.
    let notes_at = |at: AssumedAt| -> Vec<AttrValue> {
        state
            .assumed
            .iter()
            .filter(|a| a.at == Some(at))
            .map(|a| AttrValue::from(a.text.clone()))
            .collect()
    };
    let assumed_here = |notes: Vec<AttrValue>, id: &str, inner: Html| -> Html {
        if notes.is_empty() {
            return inner;
        }
        html! {
            <div class="assumed-field" id={id.to_owned()}>
                { for notes.into_iter().map(|n| html! { <p class="assumed-note"><strong>{ "Assumed: " }</strong>{ n }</p> }) }
                { inner }
            </div>
        }
    };
    let entry_notes: Vec<(usize, AttrValue)> = (0..state.scenario.requests.len())
        .flat_map(|i| {
            let url = &state.scenario.requests[i].url;
            let k = state
                .scenario
                .server
                .0
                .iter()
                .position(|(key, _)| key == url);
            notes_at(AssumedAt::EntryOf(i))
                .into_iter()
                .filter_map(move |n| k.map(|k| (k, n)))
        })
        .collect();
    let assumed_list = (!state.assumed.is_empty()).then(|| {
        html! {
            <aside class="assumed" id="assumed" aria-labelledby="assumed-title">
                <h3 id="assumed-title">{ "Assumed by the import" }</h3>
                <ul>{ for state.assumed.iter().map(|a| html! { <li>{ a.text.clone() }</li> }) }</ul>
            </aside>
        }
    });
    let fix_panel = match (&verdict, stale) {
        (Some(v), false) if !v.is_ok() => html! {
            <FixPanel scenario={state.scenario.clone()} index={selected} open={state.fix_open}
                ontoggle={dispatch(&state, Action::ShowFix)} onapply={onapplyfix}
                framework={state.fix_framework.clone().map(AttrValue::from)}
                onframework={dispatch(&state, Action::FixFramework)} />
        },
        _ => html! {},
    };
    let editor = request.clone().map(|r| {
        let index = selected;
        let cb = state.clone();
        let onedit = Callback::from(move |e| cb.dispatch(Action::Request(index, e)));
        html! {
            <RequestEditor key={index} {index} request={r} at_draft={state.draft(Field::At(index)).map(|t| AttrValue::from(t.to_owned()))}
                url_problem={problem_for(&Target::RequestUrl(index))}
                at_problem={problem_for(&Target::RequestAt(index))} {onedit} />
        }
    });
    let diagram = match (&verdict, &request) {
        (Some(v), Some(r)) => html! {
            <SequenceDiagram page={state.scenario.page.clone()}
                page_space={state.scenario.page_address_space().map(|s| AttrValue::from(s.as_str()))}
                legs={diagram::legs(v, &r.method, &r.url, r.api, state.browser)} />
        },
        _ => html! {},
    };
    let (script, script_label) = request.as_ref().map_or((String::new(), "fetch()"), |r| {
        (
            snippet::script(r),
            if r.api == Api::Xhr {
                "XMLHttpRequest"
            } else {
                "fetch()"
            },
        )
    });
    let curl = request
        .as_ref()
        .map(|r| snippet::curl(r, &state.scenario.page, verdict.as_ref()))
        .unwrap_or_default();
    let js = request.as_ref().map(|r| {
        html! {
            <JsView runs={runs.clone()} index={selected} api={r.api} browser={state.browser} />
        }
    });

    // A skip link that moves focus without touching the URL's fragment
    // (which holds the scenario).
    let onskip = Callback::from(|e: MouseEvent| {
        e.prevent_default();
        let results = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("results"))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(results) = results {
            let _ = results.focus();
            results.scroll_into_view();
        }
    });

    html! {
        <div class="app">
            <a class="skip-link" href="#results" onclick={onskip}>{ "Skip to the results" }</a>
            <header class="top">
                <div class="brand">
                    <h1>{ "corsim" }</h1>
                    <p>{ "What the browser does with a cross-origin request, and why." }</p>
                </div>
                <BrowserPicker browser={state.browser} outcomes={outcomes} onpick={onbrowser.clone()} />
            </header>
            <PasteBox {onimport} />
            { for link_banner }
            <details class="gallery" open=true>
                <summary>{ "Teaching presets" }<span class="hint">{ format!(" {} scenarios, in a row that scrolls sideways →", presets::ALL.len()) }</span></summary>
                <PresetGallery current={state.preset} onpick={dispatch(&state, Action::Preset)} />
            </details>
            <main class="layout">
                <section class="editor" aria-labelledby="editor-title">
                    <h2 id="editor-title">{ "Scenario" }</h2>
                    { for assumed_list }
                    { assumed_here(notes_at(AssumedAt::Page), "assumed-page", html! {
                        <TextField id="page" label="Page origin" value={state.scenario.page.clone()} error={page_error}
                            hint="The origin of the page whose script makes the requests; null for a sandboxed iframe."
                            oninput={dispatch(&state, Action::Page)} />
                    }) }
                    <h3>{ "Requests" }</h3>
                    <RequestTabs tabs={tabs} selected={selected} onselect={onselect.clone()}
                        onadd={dispatch(&state, |()| Action::AddRequest)} onremove={dispatch(&state, Action::RemoveRequest)} />
                    { assumed_here(notes_at(AssumedAt::Request(selected)), "assumed-request", html! { { for editor } }) }
                    <h3>{ "Server" }</h3>
                    <p class="hint">{ "What the server answers, per URL. A redirect is a 3xx with a Location header." }</p>
                    <ServerEditor server={state.scenario.server.clone()} drafts={state.drafts.clone()} page={state.scenario.page.clone()}
                        problems={entry_problems} notes={entry_notes} suggestion={suggestion}
                        onedit={dispatch(&state, |(k, e)| Action::Entry(k, e))}
                        onadd={onaddentry.clone()} onremove={dispatch(&state, Action::RemoveEntry)} />
                </section>
                <section class={classes!("results", stale.then_some("stale"))} id="results" tabindex="-1" aria-labelledby="results-title">
                    <h2 id="results-title">{ format!("What {} does with request #{}", state.browser.display_name(), selected + 1) }</h2>
                    if stale {
                        <p class="stale-note" id="stale-note">{ "The scenario is incomplete (see the marked field): this is the last verdict, before that edit." }</p>
                    }
                    { for preset_note }
                    { for banner }
                    { summary }
                    { fix_panel }
                    if verdict.is_some() {
                        <section class="panel">
                            <h3>{ "What travels" }</h3>
                            { diagram }
                        </section>
                        <section class="panel">
                            <h3>{ "Browsers side by side" }</h3>
                            <CompareTable runs={runs.clone()} index={selected} browser={state.browser} onpick={onbrowser} />
                        </section>
                        <section class="panel">
                            <h3>{ "What JavaScript sees" }</h3>
                            { for js }
                        </section>
                        <section class="panel">
                            <h3>{ "Console" }</h3>
                            <ConsoleView runs={runs.clone()} index={selected} browser={state.browser} />
                        </section>
                        <section class="panel">
                            <h3>{ "Step by step" }</h3>
                            { for trace }
                        </section>
                    }
                    <section class="panel">
                        <h3>{ "Requests over time (preflight cache)" }</h3>
                        <Timeline requests={state.scenario.requests.clone()} runs={runs.clone()} selected={selected}
                            browser={state.browser} onselect={onselect} />
                    </section>
                    <section class="panel">
                        <h3>{ "Share" }</h3>
                        <SharePanel link={share_link} embed={embed_link} script={script}
                            script_label={script_label} curl={curl} />
                    </section>
                </section>
            </main>
            <footer class="foot">
                <p>{ "corsim simulates the Fetch Standard's CORS protocol and each browser's documented deviations. Nothing is sent over the network." }</p>
            </footer>
        </div>
    }
}
