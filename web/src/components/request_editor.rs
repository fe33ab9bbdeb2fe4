//! Every field of one request.

use corsim::{Api, BodyKind, RequestSpec};
use yew::prelude::*;

use super::choice::Choice;
use super::header_rows::HeaderRows;
use super::text_field::TextField;
use crate::check::url_error;
use crate::state::RequestEdit;
use crate::wire;

const APIS: &[(&str, &str)] = &[("fetch", "fetch()"), ("xhr", "XMLHttpRequest")];
const CREDENTIALS: &[(&str, &str)] = &[
    ("omit", "omit"),
    ("same-origin", "same-origin (default)"),
    ("include", "include"),
];
const XHR_CREDENTIALS: &[(&str, &str)] = &[
    ("same-origin", "withCredentials = false"),
    ("include", "withCredentials = true"),
];
const MODES: &[(&str, &str)] = &[
    ("cors", "cors (default)"),
    ("no-cors", "no-cors"),
    ("same-origin", "same-origin"),
];
const REDIRECTS: &[(&str, &str)] = &[
    ("follow", "follow (default)"),
    ("error", "error"),
    ("manual", "manual"),
];
const BODIES: &[(&str, &str)] = &[
    ("", "no body"),
    ("string", "string"),
    ("blob", "Blob"),
    ("formdata", "FormData"),
    ("urlsearchparams", "URLSearchParams"),
    ("arraybuffer", "ArrayBuffer"),
    ("stream", "ReadableStream"),
];
const UPLOADS: &[(&str, &str)] = &[
    ("none", "none"),
    ("before-send", "added before send()"),
    ("after-send", "added after send()"),
];

/// Props of [`RequestEditor`].
#[derive(Properties, PartialEq)]
pub(crate) struct Props {
    /// The request's index.
    pub(crate) index: usize,
    /// The request.
    pub(crate) request: RequestSpec,
    /// The `at` text when it does not parse.
    pub(crate) at_draft: Option<AttrValue>,
    /// The core's error about the URL, if any.
    #[prop_or_default]
    pub(crate) url_problem: Option<AttrValue>,
    /// The core's error about `at`, if any.
    #[prop_or_default]
    pub(crate) at_problem: Option<AttrValue>,
    /// An edit.
    pub(crate) onedit: Callback<RequestEdit>,
}

fn pick<T: wire::Wire>(
    cb: &Callback<RequestEdit>,
    f: impl Fn(T) -> RequestEdit + 'static,
) -> Callback<String> {
    let cb = cb.clone();
    Callback::from(move |text: String| {
        if let Some(value) = wire::parse::<T>(&text) {
            cb.emit(f(value));
        }
    })
}

fn text(cb: &Callback<RequestEdit>, f: fn(String) -> RequestEdit) -> Callback<String> {
    let cb = cb.clone();
    Callback::from(move |t: String| cb.emit(f(t)))
}

/// Every field of one request.
#[function_component(RequestEditor)]
pub(crate) fn request_editor(props: &Props) -> Html {
    let r = &props.request;
    let id = |name: &str| format!("req{}-{name}", props.index);
    let is_xhr = r.api == Api::Xhr;
    let onbody = {
        let cb = props.onedit.clone();
        Callback::from(move |t: String| cb.emit(RequestEdit::Body(wire::parse::<BodyKind>(&t))))
    };
    let onheader = {
        let cb = props.onedit.clone();
        Callback::from(move |e| cb.emit(RequestEdit::Header(e)))
    };
    let at_text = props
        .at_draft
        .clone()
        .unwrap_or_else(|| AttrValue::from(crate::state::format_at(r.at)));
    let at_error = props
        .at_draft
        .as_ref()
        .and_then(|d| crate::state::parse_at(d).err().map(AttrValue::from))
        .map(|e| {
            AttrValue::from(format!(
                "{e}; the simulation uses {} s",
                crate::state::format_at(r.at)
            ))
        })
        .or_else(|| props.at_problem.clone());
    let url_err = url_error(&r.url)
        .map(AttrValue::from)
        .or_else(|| props.url_problem.clone());
    let body_kind = r
        .body
        .as_ref()
        .map(|b| wire::name(&b.kind))
        .unwrap_or_default();
    html! {
        <div class="request-editor">
            <div class="row">
                <Choice id={id("api")} label="API" value={wire::name(&r.api)} options={APIS}
                    onchange={pick(&props.onedit, RequestEdit::Api)} />
                <TextField id={id("method")} label="Method" class="narrow" value={r.method.clone()}
                    oninput={text(&props.onedit, RequestEdit::Method)} placeholder="GET" />
                <TextField id={id("at")} label="At (seconds)" class="narrow" value={at_text}
                    inputmode="decimal" error={at_error}
                    oninput={text(&props.onedit, RequestEdit::At)} />
            </div>
            <TextField id={id("url")} label="URL" value={r.url.clone()} error={url_err}
                placeholder="https://api.example/data" oninput={text(&props.onedit, RequestEdit::Url)} />
            <HeaderRows id={id("headers")} legend="Request header" rows={r.headers.clone()}
                invalid_note=": the browser throws a TypeError before sending." onedit={onheader} />
            <div class="row">
                if is_xhr {
                    <Choice id={id("credentials")} label="Credentials" value={wire::name(&r.credentials)}
                        options={XHR_CREDENTIALS} onchange={pick(&props.onedit, RequestEdit::Credentials)} />
                    <Choice id={id("upload")} label="Upload listener" value={wire::name(&r.upload_listener)}
                        options={UPLOADS} onchange={pick(&props.onedit, RequestEdit::Upload)} />
                } else {
                    <Choice id={id("credentials")} label="Credentials" value={wire::name(&r.credentials)}
                        options={CREDENTIALS} onchange={pick(&props.onedit, RequestEdit::Credentials)} />
                    <Choice id={id("mode")} label="Mode" value={wire::name(&r.mode)} options={MODES}
                        onchange={pick(&props.onedit, RequestEdit::Mode)} />
                    <Choice id={id("redirect")} label="Redirect" value={wire::name(&r.redirect)} options={REDIRECTS}
                        onchange={pick(&props.onedit, RequestEdit::Redirect)} />
                }
            </div>
            <div class="row">
                <Choice id={id("body")} label="Body" value={body_kind} options={BODIES} onchange={onbody} />
                if r.body.as_ref().is_some_and(|b| b.kind == BodyKind::Blob) {
                    <TextField id={id("blob-type")} label="Blob type"
                        value={r.body.as_ref().and_then(|b| b.blob_type.clone()).unwrap_or_default()}
                        placeholder="(empty)" hint="Becomes the Content-Type unless a header sets one."
                        oninput={text(&props.onedit, RequestEdit::BlobType)} />
                }
            </div>
        </div>
    }
}
