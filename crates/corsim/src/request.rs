//! Constructing the request as `new Request()` / `fetch()` and
//! `XMLHttpRequest` do: method and header validation, the Headers guard,
//! the body's `Content-Type`, and the use-CORS-preflight flag.

use url::Url;

use crate::browser::Quirks;
use crate::header::{self, HeaderList};
use crate::method::{is_cors_safelisted_method, is_forbidden_method, is_method, normalize_method};
use crate::mime::parse_mime_type;
use crate::reason::Reason;
use crate::scenario::{
    Api, BodyKind, CredentialsMode, RedirectMode, RequestMode, RequestSpec, UploadListener,
};
use crate::step::{kv, Step, Trace};

/// A request after construction: what `fetch` will run on.
///
/// <https://fetch.spec.whatwg.org/#concept-request>
#[derive(Debug, Clone)]
pub(crate) struct Request {
    pub(crate) api: Api,
    pub(crate) url: Url,
    pub(crate) method: String,
    pub(crate) headers: HeaderList,
    pub(crate) credentials: CredentialsMode,
    pub(crate) mode: RequestMode,
    pub(crate) redirect: RedirectMode,
    pub(crate) body: Option<BodyKind>,
    pub(crate) use_cors_preflight: bool,
}

/// The boundary corsim writes for `FormData` bodies (browsers pick a random one).
pub(crate) const FORM_DATA_CONTENT_TYPE: &str =
    "multipart/form-data; boundary=----corsimFormBoundary";

/// The `Content-Type` a body brings, if any.
///
/// <https://fetch.spec.whatwg.org/#concept-bodyinit-extract>
fn extracted_content_type(kind: BodyKind, blob_type: Option<&str>) -> Option<String> {
    match kind {
        BodyKind::String => Some("text/plain;charset=UTF-8".to_owned()),
        BodyKind::Blob => blob_type.filter(|t| !t.is_empty()).map(str::to_owned),
        BodyKind::Formdata => Some(FORM_DATA_CONTENT_TYPE.to_owned()),
        BodyKind::Urlsearchparams => {
            Some("application/x-www-form-urlencoded;charset=UTF-8".to_owned())
        }
        BodyKind::Arraybuffer | BodyKind::Stream => None,
    }
}

fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Is `(name, value)` a forbidden request-header for this browser?
pub(crate) fn is_forbidden(quirks: &Quirks, name: &str, value: &[u8]) -> bool {
    header::is_forbidden_request_header(name, value)
        || (quirks.forbid_user_agent && name.eq_ignore_ascii_case("user-agent"))
}

/// Builds the request a script's `fetch()` (or `new Request()`) call makes.
///
/// <https://fetch.spec.whatwg.org/#dom-request>
pub(crate) fn construct_fetch(
    spec: &RequestSpec,
    url: Url,
    quirks: &Quirks,
    trace: &mut Trace,
) -> Result<Request, Reason> {
    // Step 5.3: If parsedURL includes credentials, then throw a TypeError.
    if !url.username().is_empty() || url.password().is_some() {
        trace.fail(
            Step::RequestUrl,
            "The URL contains a username or password: the Request constructor throws a TypeError.",
            vec![kv("URL", url.as_str())],
        );
        return Err(Reason::UrlHasCredentials {
            url: url.to_string(),
        });
    }
    trace.info(
        Step::RequestUrl,
        "The URL parses and has no username or password.",
        vec![kv("URL", url.as_str())],
    );

    // Step 25: method must be a method, not forbidden; then normalize it.
    let method = checked_method(&spec.method, trace)?;

    let mode = spec.mode;
    // Step 32-33: no-cors allows only CORS-safelisted methods; its Headers
    // guard is "request-no-cors".
    let no_cors = mode == RequestMode::NoCors;
    if no_cors && !is_cors_safelisted_method(&method) {
        trace.fail(
            Step::NoCorsGuard,
            format!(
                "Mode \"no-cors\" allows only GET, HEAD and POST; {method} throws a TypeError."
            ),
            vec![kv("method", &method)],
        );
        return Err(Reason::NoCorsMethodNotSafelisted { method });
    }

    // Step 34: fill the headers through the guard.
    let mut headers = HeaderList::new();
    for (name, value) in &spec.headers {
        append_through_guard(&mut headers, name, value.as_bytes(), no_cors, quirks, trace)?;
    }

    // Step 36: a body with GET or HEAD throws.
    if spec.body.is_some() && (method == "GET" || method == "HEAD") {
        trace.fail(
            Step::RequestBody,
            format!("A {method} request cannot have a body: the Request constructor throws a TypeError."),
            vec![kv("method", &method)],
        );
        return Err(Reason::BodyWithGetOrHead);
    }
    let mut use_cors_preflight = false;
    let stringified;
    let body_spec = match &spec.body {
        Some(b) if b.kind == BodyKind::Stream && !quirks.stream_request_bodies => {
            trace.info(
                Step::RequestBody,
                "This browser has no stream request bodies: the ReadableStream is turned into the string \"[object ReadableStream]\".",
                Vec::new(),
            );
            stringified = crate::scenario::BodySpec {
                kind: BodyKind::String,
                blob_type: None,
            };
            Some(&stringified)
        }
        other => other.as_ref(),
    };
    let body = body_spec.map(|b| b.kind);
    if let Some(body_spec) = body_spec {
        // Step 37: the body's Content-Type, unless the script set one.
        if let Some(content_type) =
            extracted_content_type(body_spec.kind, body_spec.blob_type.as_deref())
        {
            if headers.contains("content-type") {
                trace.info(
                    Step::RequestBody,
                    "The script set Content-Type itself, so the body's own type is not added.",
                    vec![kv("body type", &content_type)],
                );
            } else {
                trace.info(
                    Step::RequestBody,
                    "The body brings its own Content-Type, added to the request headers.",
                    vec![kv("Content-Type", &content_type)],
                );
                append_through_guard(
                    &mut headers,
                    "Content-Type",
                    content_type.as_bytes(),
                    no_cors,
                    quirks,
                    trace,
                )?;
            }
        }
        // Step 40: a ReadableStream body: only cors and same-origin modes,
        // and the use-CORS-preflight flag is set.
        if body_spec.kind == BodyKind::Stream {
            if !matches!(mode, RequestMode::Cors | RequestMode::SameOrigin) {
                trace.fail(
                    Step::RequestBody,
                    "A stream body needs mode \"cors\" or \"same-origin\": the Request constructor throws a TypeError.",
                    vec![kv("mode", mode_name(mode))],
                );
                return Err(Reason::StreamBodyNotCorsMode);
            }
            use_cors_preflight = true;
            trace.info(
                Step::UseCorsPreflightFlag,
                "A stream body sets the use-CORS-preflight flag: a cross-origin request will be preflighted.",
                Vec::new(),
            );
        }
    }

    Ok(Request {
        api: Api::Fetch,
        url,
        method,
        headers,
        credentials: spec.credentials,
        mode,
        redirect: spec.redirect,
        body,
        use_cors_preflight,
    })
}

/// Builds the request `xhr.open()`, `setRequestHeader()` and `send()` make.
///
/// <https://xhr.spec.whatwg.org/#the-send()-method>
pub(crate) fn construct_xhr(
    spec: &RequestSpec,
    url: Url,
    quirks: &Quirks,
    trace: &mut Trace,
) -> Result<Request, Reason> {
    // open() Step 2-4: the method must be a method and not forbidden.
    if !is_method(&spec.method) {
        trace.fail(
            Step::XhrOpen,
            format!(
                "\"{}\" is not a valid method: xhr.open() throws a SyntaxError.",
                spec.method
            ),
            vec![kv("method", &spec.method)],
        );
        return Err(Reason::InvalidMethod {
            method: spec.method.clone(),
        });
    }
    if is_forbidden_method(&spec.method) {
        trace.fail(
            Step::XhrOpen,
            format!(
                "{} is a forbidden method: xhr.open() throws a SecurityError.",
                spec.method
            ),
            vec![kv("method", &spec.method)],
        );
        return Err(Reason::ForbiddenMethod {
            method: spec.method.clone(),
        });
    }
    let method = normalize_method(&spec.method);
    trace.info(
        Step::XhrOpen,
        if method == spec.method {
            format!("xhr.open(\"{method}\", url).")
        } else {
            format!("xhr.open() normalizes \"{}\" to {method}.", spec.method)
        },
        vec![kv("method", &method), kv("URL", url.as_str())],
    );

    // setRequestHeader(): validate, drop forbidden names, combine repeats.
    let mut headers = HeaderList::new();
    for (name, value) in &spec.headers {
        let value = header::normalize_header_value(value.as_bytes());
        if !header::is_header_name(name) {
            trace.fail(
                Step::XhrSetRequestHeader,
                format!("\"{name}\" is not a valid header name: setRequestHeader() throws a SyntaxError."),
                vec![kv("name", name)],
            );
            return Err(Reason::InvalidHeaderName { name: name.clone() });
        }
        if !header::is_header_value(value) {
            trace.fail(
                Step::XhrSetRequestHeader,
                format!("The value of {name} contains NUL, CR or LF: setRequestHeader() throws a SyntaxError."),
                vec![kv("name", name)],
            );
            return Err(Reason::InvalidHeaderValue { name: name.clone() });
        }
        if is_forbidden(quirks, name, value) {
            trace.info(
                Step::ForbiddenHeader,
                format!(
                    "{name} is a forbidden request-header: setRequestHeader() silently ignores it."
                ),
                vec![kv("name", name)],
            );
            continue;
        }
        headers.combine(name, value);
    }

    // send() Step 4: GET and HEAD never have a body.
    let body_spec = spec
        .body
        .as_ref()
        .filter(|_| method != "GET" && method != "HEAD");
    if spec.body.is_some() && body_spec.is_none() {
        trace.info(
            Step::XhrSend,
            format!("xhr.send() ignores the body of a {method} request."),
            Vec::new(),
        );
    }
    let body = body_spec.map(|b| match b.kind {
        // XHR has no stream bodies: send(stream) stringifies it.
        BodyKind::Stream => BodyKind::String,
        kind => kind,
    });
    if let (Some(kind), Some(body_spec)) = (body, body_spec) {
        let original = headers.get("content-type");
        match original {
            Some(original) if kind == BodyKind::String => {
                // send() Step 4.4.1: a string body rewrites an author charset to UTF-8.
                if let Some(rewritten) = rewrite_charset_to_utf8(&original) {
                    trace.info(
                        Step::XhrSend,
                        "For a string body, xhr.send() rewrites the charset parameter to UTF-8.",
                        vec![kv("Content-Type", lossy(&rewritten))],
                    );
                    headers.set("Content-Type", &rewritten);
                }
            }
            Some(_) => {}
            None => {
                if let Some(content_type) =
                    extracted_content_type(kind, body_spec.blob_type.as_deref())
                {
                    trace.info(
                        Step::XhrSend,
                        "The body brings its own Content-Type.",
                        vec![kv("Content-Type", &content_type)],
                    );
                    headers.set("Content-Type", content_type.as_bytes());
                }
            }
        }
    }

    // send() Step 9 and 11: an upload listener registered before send()
    // sets the upload listener flag, and with it use-CORS-preflight.
    let use_cors_preflight = spec.upload_listener == UploadListener::BeforeSend
        && (body.is_some() || !quirks.upload_listener_needs_body);
    match spec.upload_listener {
        UploadListener::BeforeSend if !use_cors_preflight => trace.info(
            Step::UseCorsPreflightFlag,
            "An upload listener was registered, but there is no body to upload: this browser leaves the use-CORS-preflight flag unset.",
            Vec::new(),
        ),
        UploadListener::BeforeSend => trace.info(
            Step::UseCorsPreflightFlag,
            "An upload listener was registered before send(): the use-CORS-preflight flag is set, so a cross-origin request is preflighted.",
            Vec::new(),
        ),
        UploadListener::AfterSend => trace.info(
            Step::UseCorsPreflightFlag,
            "The upload listener was registered after send(): too late to set the use-CORS-preflight flag.",
            Vec::new(),
        ),
        UploadListener::None => {}
    }

    Ok(Request {
        api: Api::Xhr,
        url,
        method,
        headers,
        credentials: if spec.credentials == CredentialsMode::Include {
            CredentialsMode::Include
        } else {
            CredentialsMode::SameOrigin
        },
        mode: RequestMode::Cors,
        redirect: RedirectMode::Follow,
        body,
        use_cors_preflight,
    })
}

/// Validates and normalizes a `fetch()` method.
///
/// <https://fetch.spec.whatwg.org/#dom-request>
fn checked_method(method: &str, trace: &mut Trace) -> Result<String, Reason> {
    if !is_method(method) {
        trace.fail(
            Step::RequestMethod,
            format!(
                "\"{method}\" is not a valid HTTP method (not a token): a TypeError is thrown."
            ),
            vec![kv("method", method)],
        );
        return Err(Reason::InvalidMethod {
            method: method.to_owned(),
        });
    }
    if is_forbidden_method(method) {
        trace.fail(
            Step::RequestMethod,
            format!("{method} is a forbidden method: a TypeError is thrown."),
            vec![kv("method", method)],
        );
        return Err(Reason::ForbiddenMethod {
            method: method.to_owned(),
        });
    }
    let normalized = normalize_method(method);
    let summary = if normalized == method {
        format!("The method {method} is valid.")
    } else {
        format!("\"{method}\" is normalized to {normalized} (only DELETE, GET, HEAD, OPTIONS, POST and PUT are upper-cased).")
    };
    trace.info(
        Step::RequestMethod,
        summary,
        vec![kv("method", &normalized)],
    );
    Ok(normalized)
}

/// Appends a header through the `request` or `request-no-cors` guard.
///
/// <https://fetch.spec.whatwg.org/#concept-headers-append>
fn append_through_guard(
    headers: &mut HeaderList,
    name: &str,
    value: &[u8],
    no_cors: bool,
    quirks: &Quirks,
    trace: &mut Trace,
) -> Result<(), Reason> {
    // Step 1: Normalize value.
    let value = header::normalize_header_value(value);
    // Step 2 (validate): name must be a header name, value a header value.
    if !header::is_header_name(name) {
        trace.fail(
            Step::RequestHeaders,
            format!("\"{name}\" is not a valid header name (not a token): a TypeError is thrown."),
            vec![kv("name", name)],
        );
        return Err(Reason::InvalidHeaderName {
            name: name.to_owned(),
        });
    }
    if !header::is_header_value(value) {
        trace.fail(
            Step::RequestHeaders,
            format!("The value of {name} contains NUL, CR or LF: a TypeError is thrown."),
            vec![kv("name", name)],
        );
        return Err(Reason::InvalidHeaderValue {
            name: name.to_owned(),
        });
    }
    if is_forbidden(quirks, name, value) {
        trace.info(
            Step::ForbiddenHeader,
            format!("{name} is a forbidden request-header: the browser drops it silently."),
            vec![kv("name", name), kv("value", lossy(value))],
        );
        return Ok(());
    }
    // Step 3: the request-no-cors guard keeps only no-CORS-safelisted headers,
    // judged on the value combined with any earlier one.
    if no_cors {
        let combined = match headers.get(name) {
            Some(mut earlier) => {
                earlier.extend_from_slice(b", ");
                earlier.extend_from_slice(value);
                earlier
            }
            None => value.to_vec(),
        };
        if !header::safelist::is_no_cors_safelisted_request_header(name, &combined) {
            trace.info(
                Step::NoCorsGuard,
                format!("{name} is not a no-CORS-safelisted request-header: mode \"no-cors\" drops it silently."),
                vec![kv("name", name), kv("value", lossy(value))],
            );
            return Ok(());
        }
    }
    // Step 4: Append.
    headers.append(name, value);
    Ok(())
}

/// The XHR `send()` charset rewrite: `Some(new value)` when the author's
/// `Content-Type` parses and has a charset other than UTF-8.
fn rewrite_charset_to_utf8(value: &[u8]) -> Option<Vec<u8>> {
    let mut mime = parse_mime_type(value)?;
    let charset = mime.parameter("charset")?;
    if charset.eq_ignore_ascii_case("utf-8") {
        return None;
    }
    mime.set_parameter("charset", "UTF-8");
    Some(mime.serialize().into_bytes())
}

pub(crate) fn mode_name(mode: RequestMode) -> &'static str {
    match mode {
        RequestMode::Cors => "cors",
        RequestMode::NoCors => "no-cors",
        RequestMode::SameOrigin => "same-origin",
    }
}
