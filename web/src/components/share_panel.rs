//! Share: the link that restores everything, the request as code, and as
//! curl.

use yew::prelude::*;

use super::copy_button::CopyButton;

/// Props of [`SharePanel`].
#[derive(Properties, PartialEq)]
pub(crate) struct Props {
    /// The share link, or why the scenario is too large for one.
    pub(crate) link: Result<String, String>,
    /// The embed link (the same error).
    pub(crate) embed: Result<String, String>,
    /// The request as a script.
    pub(crate) script: AttrValue,
    /// `fetch()` or `XMLHttpRequest`.
    pub(crate) script_label: AttrValue,
    /// The request as curl commands.
    pub(crate) curl: AttrValue,
}

/// Share links and snippets.
#[function_component(SharePanel)]
pub(crate) fn share_panel(props: &Props) -> Html {
    let links = match (&props.link, &props.embed) {
        (Ok(link), Ok(embed)) => {
            let link = AttrValue::from(link.clone());
            let iframe = AttrValue::from(format!(
                "<iframe src=\"{embed}\" width=\"640\" height=\"480\" title=\"corsim\"></iframe>"
            ));
            html! {<>
                <div class="field">
                    <label for="share-link">{ "Link to this scenario (everything is in the URL)" }</label>
                    <div class="inline">
                        <input id="share-link" type="text" readonly=true value={link.clone()} />
                        <CopyButton id="copy-link" text={link} label="Copy link" />
                    </div>
                </div>
                <div class="field">
                    <label for="embed-code">{ "Embed in a page" }</label>
                    <div class="inline">
                        <input id="embed-code" type="text" readonly=true value={iframe.clone()} />
                        <CopyButton text={iframe} label="Copy embed code" />
                    </div>
                </div>
            </>}
        }
        (Err(e), _) | (_, Err(e)) => html! {
            <p class="problem" id="share-link-too-large">{ e.clone() }</p>
        },
    };
    html! {
        <div class="share">
            { links }
            <div class="snippet">
                <div class="snippet-head">
                    <h4>{ format!("As {}", props.script_label) }</h4>
                    <CopyButton id="copy-fetch" text={props.script.clone()} label={format!("Copy as {}", props.script_label)} />
                </div>
                <pre id="fetch-snippet" tabindex="0" aria-label="The request as a script"><code>{ props.script.clone() }</code></pre>
            </div>
            <div class="snippet">
                <div class="snippet-head">
                    <h4>{ "As curl" }</h4>
                    <CopyButton id="copy-curl" text={props.curl.clone()} label="Copy as curl" />
                </div>
                <pre id="curl-snippet" tabindex="0" aria-label="The request as curl commands"><code>{ props.curl.clone() }</code></pre>
                <p class="hint">{ "curl and Postman are not browsers: they do not enforce CORS. The server answers them \
                    as it answers the browser; only a browser withholds the response from a page's script." }</p>
            </div>
        </div>
    }
}
