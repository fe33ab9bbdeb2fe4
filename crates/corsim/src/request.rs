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
use crate::step::Step;
use crate::trace::{record, Decision, Trace};

/// A request after construction: what `fetch` will run on.
///
/// <https://fetch.spec.whatwg.org/#concept-request>
#[derive(Debug, Clone)]
pub(crate) struct Request {
    pub(crate) api: Api,
    pub(crate) method: String,
    pub(crate) headers: HeaderList,
    pub(crate) credentials: CredentialsMode,
    pub(crate) mode: RequestMode,
    pub(crate) redirect: RedirectMode,
    pub(crate) body: Option<BodyKind>,
    pub(crate) use_cors_preflight: bool,
    /// The `Content-Type` the script set, where `send()` rewrote its
    /// charset and this browser decides on a preflight with the value as
    /// set ([`Quirks::xhr_safelists_author_content_type`]).
    pub(crate) author_content_type: Option<Vec<u8>>,
}

impl Request {
    /// The request a constructor that threw would have made: never fetched.
    pub(crate) fn unsent() -> Self {
        Self {
            api: Api::Fetch,
            method: String::new(),
            headers: HeaderList::new(),
            credentials: CredentialsMode::Omit,
            mode: RequestMode::Cors,
            redirect: RedirectMode::Follow,
            body: None,
            use_cors_preflight: false,
            author_content_type: None,
        }
    }
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

/// Every header of `spec` is a pair of `ByteString`s.
fn byte_strings(spec: &RequestSpec, step: Step, trace: &mut Trace) -> Result<(), Reason> {
    spec.headers
        .iter()
        .try_for_each(|(name, value)| not_byte_string(name, value, step, trace))
}

/// A `TypeError` when `name` or `value` has a code point above U+00FF.
///
/// <https://webidl.spec.whatwg.org/#es-ByteString>
fn not_byte_string(name: &str, value: &str, step: Step, trace: &mut Trace) -> Result<(), Reason> {
    if header::is_byte_string(name) && header::is_byte_string(value) {
        return Ok(());
    }
    record!(
        trace,
        Fail,
        step,
        Decision::HeaderNotByteString {
            name: name.to_owned(),
        }
    );
    Err(Reason::HeaderNotByteString {
        name: name.to_owned(),
    })
}

/// Builds the request a script's `fetch()` (or `new Request()`) call makes.
///
/// <https://fetch.spec.whatwg.org/#dom-request>
pub(crate) fn construct_fetch(
    spec: &RequestSpec,
    url: &Url,
    quirks: &Quirks,
    trace: &mut Trace,
) -> Result<Request, Reason> {
    // Before the constructor's steps, WebIDL converts `init.headers`:
    // every name and value must be a ByteString.
    byte_strings(spec, Step::RequestHeaders, trace)?;
    // Step 5.3: If parsedURL includes credentials, then throw a TypeError.
    if !url.username().is_empty() || url.password().is_some() {
        record!(
            trace,
            Fail,
            Step::RequestUrl,
            Decision::UrlHasCredentials {
                url: url.to_string(),
            }
        );
        return Err(Reason::UrlHasCredentials {
            url: url.to_string(),
        });
    }
    record!(
        trace,
        Info,
        Step::RequestUrl,
        Decision::UrlOk {
            url: url.to_string(),
        }
    );

    // Step 25: method must be a method, not forbidden; then normalize it.
    let method = checked_method(&spec.method, trace)?;

    let mode = spec.mode;
    // Step 32-33: no-cors allows only CORS-safelisted methods; its Headers
    // guard is "request-no-cors".
    let no_cors = mode == RequestMode::NoCors;
    if no_cors && !is_cors_safelisted_method(&method) {
        record!(
            trace,
            Fail,
            Step::NoCorsGuard,
            Decision::NoCorsMethod {
                method: method.clone(),
            }
        );
        return Err(Reason::NoCorsMethodNotSafelisted { method });
    }

    // Step 34: fill the headers through the guard (room for them, and for
    // the Content-Type a body brings).
    let body = if spec.body.is_some() { 32 } else { 0 };
    let mut headers = HeaderList::with_capacity(
        spec.headers.len() + usize::from(spec.body.is_some()),
        spec.headers.iter().map(|(n, _)| n.len()).sum::<usize>() + body / 2,
        spec.headers.iter().map(|(_, v)| v.len()).sum::<usize>() + body,
    );
    for (name, value) in &spec.headers {
        append_through_guard(&mut headers, name, value, no_cors, quirks, trace)?;
    }

    let (body, use_cors_preflight) =
        fetch_body(spec, &method, &mut headers, no_cors, quirks, trace)?;

    Ok(Request {
        api: Api::Fetch,
        method,
        headers,
        credentials: spec.credentials,
        mode,
        redirect: spec.redirect,
        body,
        use_cors_preflight,
        author_content_type: None,
    })
}

/// The body of a `fetch()` call, steps 36 to 40: a body with GET or HEAD
/// throws, a stream becomes a string where the browser cannot send streams,
/// the body's Content-Type is added unless the script set one, and a stream
/// sets the use-CORS-preflight flag. Returns the body's kind and that flag.
///
/// <https://fetch.spec.whatwg.org/#dom-request>
fn fetch_body(
    spec: &RequestSpec,
    method: &str,
    headers: &mut HeaderList,
    no_cors: bool,
    quirks: &Quirks,
    trace: &mut Trace,
) -> Result<(Option<BodyKind>, bool), Reason> {
    // Step 36: a body with GET or HEAD throws.
    if spec.body.is_some() && (method == "GET" || method == "HEAD") {
        record!(
            trace,
            Fail,
            Step::RequestBody,
            Decision::BodyWithGetOrHead {
                method: method.to_owned(),
            }
        );
        return Err(Reason::BodyWithGetOrHead);
    }
    let mut use_cors_preflight = false;
    let stringified;
    let body_spec = match &spec.body {
        Some(b) if b.kind == BodyKind::Stream && !quirks.stream_request_bodies => {
            record!(trace, Info, Step::RequestBody, Decision::StreamStringified);
            stringified = crate::scenario::BodySpec {
                kind: BodyKind::String,
                blob_type: None,
                extensions: crate::scenario::Extensions::default(),
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
                record!(
                    trace,
                    Info,
                    Step::RequestBody,
                    Decision::ContentTypeKept {
                        body_type: content_type.clone(),
                    }
                );
            } else {
                record!(
                    trace,
                    Info,
                    Step::RequestBody,
                    Decision::ContentTypeAdded {
                        content_type: content_type.clone(),
                    }
                );
                append_through_guard(
                    headers,
                    "Content-Type",
                    &content_type,
                    no_cors,
                    quirks,
                    trace,
                )?;
            }
        }
        // Step 40: a ReadableStream body: only cors and same-origin modes,
        // and the use-CORS-preflight flag is set.
        if body_spec.kind == BodyKind::Stream {
            if !matches!(spec.mode, RequestMode::Cors | RequestMode::SameOrigin) {
                record!(
                    trace,
                    Fail,
                    Step::RequestBody,
                    Decision::StreamNeedsCorsMode { mode: spec.mode }
                );
                return Err(Reason::StreamBodyNotCorsMode);
            }
            use_cors_preflight = true;
            record!(trace, Info, Step::UseCorsPreflightFlag, {
                Decision::StreamSetsPreflightFlag
            });
        }
    }
    Ok((body, use_cors_preflight))
}

/// Builds the request `xhr.open()`, `setRequestHeader()` and `send()` make.
///
/// <https://xhr.spec.whatwg.org/#the-send()-method>
pub(crate) fn construct_xhr(
    spec: &RequestSpec,
    url: &Url,
    quirks: &Quirks,
    trace: &mut Trace,
) -> Result<Request, Reason> {
    let method = xhr_open(&spec.method, url, trace)?;
    // Each setRequestHeader() call's header, combined into the author
    // request headers once they are all known (in time linear in them).
    let mut set = Vec::with_capacity(spec.headers.len());
    for (name, value) in &spec.headers {
        // setRequestHeader()'s arguments are ByteStrings, converted before
        // its steps run.
        not_byte_string(name, value, Step::XhrSetRequestHeader, trace)?;
        if let Some(value) = xhr_set_request_header(name, value.as_bytes(), quirks, trace)? {
            set.push((name.as_str(), value));
        }
    }
    let mut headers = HeaderList::from_combined(&set);
    let author_content_type = headers.get("content-type");
    let body = xhr_send_body(spec, &method, &mut headers, trace);
    // Firefox decides on a preflight with the value the script set.
    let author_content_type = author_content_type.filter(|v| {
        quirks.xhr_safelists_author_content_type && headers.get("content-type").as_ref() != Some(v)
    });

    // send() Step 9 and 11: an upload listener registered before send()
    // sets the upload listener flag, and with it use-CORS-preflight.
    let use_cors_preflight = spec.upload_listener == UploadListener::BeforeSend
        && (body.is_some() || !quirks.upload_listener_needs_body);
    match spec.upload_listener {
        UploadListener::BeforeSend if !use_cors_preflight => {
            record!(trace, Info, Step::UseCorsPreflightFlag, {
                Decision::UploadListenerWithoutBody
            });
        }
        UploadListener::BeforeSend => {
            record!(trace, Info, Step::UseCorsPreflightFlag, {
                Decision::UploadListenerBeforeSend
            });
        }
        UploadListener::AfterSend => {
            record!(trace, Info, Step::UseCorsPreflightFlag, {
                Decision::UploadListenerAfterSend
            });
        }
        UploadListener::None => {}
    }

    Ok(Request {
        api: Api::Xhr,
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
        author_content_type,
    })
}

/// `xhr.open()` Steps 2-4: the method must be a method and not forbidden;
/// then it is normalized.
///
/// <https://xhr.spec.whatwg.org/#the-open()-method>
fn xhr_open(written: &str, url: &Url, trace: &mut Trace) -> Result<String, Reason> {
    if !is_method(written) {
        record!(
            trace,
            Fail,
            Step::XhrOpen,
            Decision::InvalidMethod {
                method: written.to_owned(),
            }
        );
        return Err(Reason::InvalidMethod {
            method: written.to_owned(),
        });
    }
    if is_forbidden_method(written) {
        record!(
            trace,
            Fail,
            Step::XhrOpen,
            Decision::ForbiddenMethod {
                method: written.to_owned(),
            }
        );
        return Err(Reason::ForbiddenMethod {
            method: written.to_owned(),
        });
    }
    let method = normalize_method(written);
    record!(
        trace,
        Info,
        Step::XhrOpen,
        Decision::XhrOpen {
            written: written.to_owned(),
            method: method.clone(),
            url: url.to_string(),
        }
    );
    Ok(method)
}

/// `xhr.setRequestHeader()`: validate, drop forbidden names; the value to
/// combine into the author request headers (step 6, which the caller does
/// for every call at once), `None` for a forbidden name.
///
/// <https://xhr.spec.whatwg.org/#the-setrequestheader()-method>
fn xhr_set_request_header<'v>(
    name: &str,
    value: &'v [u8],
    quirks: &Quirks,
    trace: &mut Trace,
) -> Result<Option<&'v [u8]>, Reason> {
    // Step 3: Normalize value.
    let value = header::normalize_header_value(value);
    // Step 4: name must be a header name, value a header value.
    if !header::is_header_name(name) {
        record!(
            trace,
            Fail,
            Step::XhrSetRequestHeader,
            Decision::InvalidHeaderName {
                name: name.to_owned(),
            }
        );
        return Err(Reason::InvalidHeaderName {
            name: name.to_owned(),
        });
    }
    if !header::is_header_value(value) {
        record!(
            trace,
            Fail,
            Step::XhrSetRequestHeader,
            Decision::InvalidHeaderValue {
                name: name.to_owned(),
            }
        );
        return Err(Reason::InvalidHeaderValue {
            name: name.to_owned(),
        });
    }
    // Step 5: a forbidden request-header is ignored.
    if is_forbidden(quirks, name, value) {
        record!(trace, Info, Step::ForbiddenHeader, {
            Decision::XhrForbiddenHeaderIgnored {
                name: name.to_owned(),
            }
        });
        return Ok(None);
    }
    // Step 6: Combine (name, value) into this's author request headers.
    Ok(Some(value))
}

/// `xhr.send()` Step 4: the body, and the `Content-Type` it brings or
/// rewrites. GET and HEAD never have a body.
///
/// <https://xhr.spec.whatwg.org/#the-send()-method>
fn xhr_send_body(
    spec: &RequestSpec,
    method: &str,
    headers: &mut HeaderList,
    trace: &mut Trace,
) -> Option<BodyKind> {
    let body_spec = spec
        .body
        .as_ref()
        .filter(|_| method != "GET" && method != "HEAD");
    if spec.body.is_some() && body_spec.is_none() {
        record!(
            trace,
            Info,
            Step::XhrSend,
            Decision::XhrBodyIgnored {
                method: method.to_owned(),
            }
        );
    }
    let body_spec = body_spec?;
    // XHR has no stream bodies: send(stream) stringifies it.
    let kind = match body_spec.kind {
        BodyKind::Stream => BodyKind::String,
        kind => kind,
    };
    match headers.get("content-type") {
        Some(original) if kind == BodyKind::String => {
            // send() Step 4.4.1: a string body rewrites an author charset to UTF-8.
            if let Some(rewritten) = rewrite_charset_to_utf8(&original) {
                record!(
                    trace,
                    Info,
                    Step::XhrSend,
                    Decision::XhrCharsetRewritten {
                        content_type: lossy(&rewritten),
                    }
                );
                headers.set("Content-Type", &rewritten);
            }
        }
        Some(_) => {}
        None => {
            if let Some(content_type) = extracted_content_type(kind, body_spec.blob_type.as_deref())
            {
                record!(
                    trace,
                    Info,
                    Step::XhrSend,
                    Decision::XhrContentTypeAdded {
                        content_type: content_type.clone(),
                    }
                );
                headers.set("Content-Type", content_type.as_bytes());
            }
        }
    }
    Some(kind)
}

/// Validates and normalizes a `fetch()` method.
///
/// <https://fetch.spec.whatwg.org/#dom-request>
fn checked_method(method: &str, trace: &mut Trace) -> Result<String, Reason> {
    if !is_method(method) {
        record!(
            trace,
            Fail,
            Step::RequestMethod,
            Decision::InvalidMethod {
                method: method.to_owned(),
            }
        );
        return Err(Reason::InvalidMethod {
            method: method.to_owned(),
        });
    }
    if is_forbidden_method(method) {
        record!(
            trace,
            Fail,
            Step::RequestMethod,
            Decision::ForbiddenMethod {
                method: method.to_owned(),
            }
        );
        return Err(Reason::ForbiddenMethod {
            method: method.to_owned(),
        });
    }
    let normalized = normalize_method(method);
    record!(
        trace,
        Info,
        Step::RequestMethod,
        Decision::MethodOk {
            written: method.to_owned(),
            method: normalized.clone(),
        }
    );
    Ok(normalized)
}

/// Appends a header through the `request` or `request-no-cors` guard.
///
/// <https://fetch.spec.whatwg.org/#concept-headers-append>
fn append_through_guard(
    headers: &mut HeaderList,
    name: &str,
    value: &str,
    no_cors: bool,
    quirks: &Quirks,
    trace: &mut Trace,
) -> Result<(), Reason> {
    // Step 1: Normalize value.
    let text = header::normalize_header_text(value);
    let value = text.as_bytes();
    // Step 2 (validate): name must be a header name, value a header value.
    if !header::is_header_name(name) {
        record!(
            trace,
            Fail,
            Step::RequestHeaders,
            Decision::InvalidHeaderName {
                name: name.to_owned(),
            }
        );
        return Err(Reason::InvalidHeaderName {
            name: name.to_owned(),
        });
    }
    if !header::is_header_value(value) {
        record!(
            trace,
            Fail,
            Step::RequestHeaders,
            Decision::InvalidHeaderValue {
                name: name.to_owned(),
            }
        );
        return Err(Reason::InvalidHeaderValue {
            name: name.to_owned(),
        });
    }
    if is_forbidden(quirks, name, value) {
        record!(
            trace,
            Info,
            Step::ForbiddenHeader,
            Decision::ForbiddenHeaderDropped {
                name: name.to_owned(),
                value: lossy(value),
            }
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
            record!(
                trace,
                Info,
                Step::NoCorsGuard,
                Decision::NoCorsHeaderDropped {
                    name: name.to_owned(),
                    value: lossy(value),
                }
            );
            return Ok(());
        }
    }
    // Step 4: Append.
    headers.append_text(name, text);
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
