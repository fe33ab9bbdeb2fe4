//! "Copy as `fetch()`" and "copy as curl" for one request.

use std::fmt::Write as _;

use corsim::verdict::RequestVerdict;
use corsim::{
    Api, BodyKind, CredentialsMode, RedirectMode, RequestMode, RequestSpec, UploadListener,
};

/// A JavaScript string literal (JSON string syntax is valid JavaScript).
fn js(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_owned())
}

/// A POSIX shell single-quoted word.
fn sh(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

fn body_js(request: &RequestSpec) -> Option<String> {
    let body = request.body.as_ref()?;
    Some(match body.kind {
        BodyKind::Blob => match &body.blob_type {
            Some(t) => format!("new Blob([\"…\"], {{ type: {} }})", js(t)),
            None => "new Blob([\"…\"])".to_owned(),
        },
        BodyKind::Formdata => "new FormData()".to_owned(),
        BodyKind::Urlsearchparams => "new URLSearchParams(\"a=1\")".to_owned(),
        BodyKind::Arraybuffer => "new ArrayBuffer(8)".to_owned(),
        BodyKind::Stream => "new ReadableStream()".to_owned(),
        _ => "\"…\"".to_owned(),
    })
}

/// The script that makes `request`: a `fetch()` call, or an
/// `XMLHttpRequest` for the `xhr` API.
pub(crate) fn script(request: &RequestSpec) -> String {
    if request.api == Api::Xhr {
        return xhr(request);
    }
    let mut options = Vec::new();
    if request.method != "GET" {
        options.push(format!("method: {}", js(&request.method)));
    }
    if !request.headers.is_empty() {
        let rows: Vec<String> = request
            .headers
            .iter()
            .map(|(n, v)| format!("[{}, {}]", js(n), js(v)))
            .collect();
        options.push(format!("headers: [{}]", rows.join(", ")));
    }
    match request.credentials {
        CredentialsMode::Include => options.push("credentials: \"include\"".to_owned()),
        CredentialsMode::Omit => options.push("credentials: \"omit\"".to_owned()),
        _ => {}
    }
    match request.mode {
        RequestMode::NoCors => options.push("mode: \"no-cors\"".to_owned()),
        RequestMode::SameOrigin => options.push("mode: \"same-origin\"".to_owned()),
        _ => {}
    }
    match request.redirect {
        RedirectMode::Error => options.push("redirect: \"error\"".to_owned()),
        RedirectMode::Manual => options.push("redirect: \"manual\"".to_owned()),
        _ => {}
    }
    if let Some(body) = body_js(request) {
        options.push(format!("body: {body}"));
        if request
            .body
            .as_ref()
            .is_some_and(|b| b.kind == BodyKind::Stream)
        {
            options.push("duplex: \"half\"".to_owned());
        }
    }
    if options.is_empty() {
        format!("const response = await fetch({});", js(&request.url))
    } else {
        format!(
            "const response = await fetch({}, {{\n  {},\n}});",
            js(&request.url),
            options.join(",\n  ")
        )
    }
}

fn xhr(request: &RequestSpec) -> String {
    let mut out = String::from("const xhr = new XMLHttpRequest();\n");
    let _ = writeln!(
        out,
        "xhr.open({}, {});",
        js(&request.method),
        js(&request.url)
    );
    if request.credentials == CredentialsMode::Include {
        out.push_str("xhr.withCredentials = true;\n");
    }
    for (n, v) in &request.headers {
        let _ = writeln!(out, "xhr.setRequestHeader({}, {});", js(n), js(v));
    }
    if request.upload_listener == UploadListener::BeforeSend {
        out.push_str("xhr.upload.onprogress = () => {}; // before send(): forces a preflight\n");
    }
    out.push_str("xhr.onload = () => console.log(xhr.status, xhr.getAllResponseHeaders());\n");
    out.push_str("xhr.onerror = () => console.log(\"error\");\n");
    let _ = writeln!(out, "xhr.send({});", body_js(request).unwrap_or_default());
    if request.upload_listener == UploadListener::AfterSend {
        out.push_str("xhr.upload.onprogress = () => {}; // after send(): too late to matter\n");
    }
    out
}

/// What the browser sends, as curl commands: the preflight (when one went
/// out) and the request with the `Origin` header the browser adds.
pub(crate) fn curl(request: &RequestSpec, page: &str, verdict: Option<&RequestVerdict>) -> String {
    let mut out = String::new();
    if let Some(preflight) = verdict.and_then(|v| v.preflights.first()) {
        out.push_str("# 1. The preflight the browser sends first:\n");
        let _ = write!(out, "curl -i -X OPTIONS {}", sh(&preflight.url));
        for (n, v) in &preflight.headers {
            let v = String::from_utf8_lossy(v);
            let _ = write!(out, " \\\n  -H {}", sh(&format!("{n}: {v}")));
        }
        out.push_str("\n\n# 2. The request itself:\n");
    }
    let url = verdict
        .and_then(|v| v.hops.first())
        .map_or(request.url.as_str(), |h| h.url.as_str());
    let method = request.method.to_ascii_uppercase();
    let _ = write!(
        out,
        "curl -i{} {}",
        match method.as_str() {
            "GET" => String::new(),
            "HEAD" => " -I".to_owned(),
            _ => format!(" -X {}", sh(&request.method)),
        },
        sh(url)
    );
    let origin = match verdict.and_then(|v| v.hops.first()) {
        Some(hop) => hop.origin.clone(),
        None => Some(page.to_owned()),
    };
    if let Some(origin) = origin {
        let _ = write!(out, " \\\n  -H {}", sh(&format!("Origin: {origin}")));
    }
    let headers: Vec<(String, String)> = match verdict {
        Some(v) => v
            .request_headers
            .iter()
            .map(|(n, v)| (n.to_owned(), String::from_utf8_lossy(v).into_owned()))
            .collect(),
        None => request.headers.clone(),
    };
    for (n, v) in &headers {
        let _ = write!(out, " \\\n  -H {}", sh(&format!("{n}: {v}")));
    }
    if request.credentials == CredentialsMode::Include {
        out.push_str(" \\\n  -b 'session=…'");
    }
    if request.body.is_some() {
        out.push_str(" \\\n  --data-binary '…'");
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fetch_lists_only_what_differs_from_the_defaults() {
        let mut r = RequestSpec::get("https://api.example/x");
        assert_eq!(
            script(&r),
            "const response = await fetch(\"https://api.example/x\");"
        );
        r.method = "PUT".into();
        r.headers.push(("X-Trace".into(), "it's".into()));
        r.credentials = CredentialsMode::Include;
        assert_eq!(
            script(&r),
            "const response = await fetch(\"https://api.example/x\", {\n  method: \"PUT\",\n  headers: [[\"X-Trace\", \"it's\"]],\n  credentials: \"include\",\n});"
        );
    }

    #[test]
    fn curl_quotes_for_the_shell() {
        let mut r = RequestSpec::get("https://api.example/x");
        r.headers.push(("X-Name".into(), "it's".into()));
        let text = curl(&r, "https://app.example", None);
        assert!(text.contains(r"-H 'X-Name: it'\''s'"), "{text}");
        assert!(text.contains("-H 'Origin: https://app.example'"), "{text}");
    }
}
