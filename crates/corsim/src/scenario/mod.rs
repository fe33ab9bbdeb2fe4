//! The scenario document: a page, the requests its script makes, and what the
//! server answers (format v1, `docs/format.md`).
//!
//! These types are the wire format. They are deliberately plain (strings,
//! numbers, pairs) so that a scenario typed by a person, pasted from a share
//! link or stored in the corpus round-trips exactly; [`crate::simulate`]
//! parses and validates them into the engine's own types and reports every
//! malformed value as an [`InputError`](crate::InputError) that names where
//! it is.

pub(crate) mod extensions;
pub mod record;

use std::collections::BTreeMap;
use std::fmt;

use extensions::{object, required};
pub use extensions::{ExtensionValue, Extensions};
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};

use crate::local_network::{AddressSpace, AddressSpaces, Frame, Permissions};

/// A header as a `[name, value]` pair, in the order it was appended.
pub type HeaderPair = (String, String);

/// A scenario: one page making a sequence of requests against one server map.
///
/// <https://fetch.spec.whatwg.org/#fetching>
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct Scenario {
    /// The page's origin, serialized (`https://app.example`), or `null` for
    /// an opaque origin such as a sandboxed iframe's.
    pub page: String,
    /// The requests the page's script makes, in order. The preflight cache
    /// carries over from one to the next.
    pub requests: Vec<RequestSpec>,
    /// What the server answers, keyed by URL.
    #[serde(default)]
    pub server: ServerMap,
    /// Local Network Access: address spaces the browser knows hosts to be
    /// in, keyed by origin, host or IP (contract §11); a host not named here
    /// is in the address space its name says
    /// ([`AddressSpace::of_host`](crate::local_network::AddressSpace::of_host)).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub address_spaces: AddressSpaces,
    /// Local Network Access: each origin's decisions on the `local-network`
    /// and `loopback-network` permissions (absent: `prompt`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub permissions: Permissions,
    /// The page is an iframe inside `frame.top`, with this `allow`
    /// attribute.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frame: Option<Frame>,
    /// Extension fields (`x-…`): ignored, kept as written.
    #[serde(flatten)]
    pub extensions: Extensions,
}

impl Scenario {
    /// Parses a scenario from JSON text.
    ///
    /// The error names the line and column of the problem, and where it is
    /// in the scenario (`requests[0].mode`). A text larger than
    /// [`MAX_SCENARIO_BYTES`](crate::MAX_SCENARIO_BYTES) is refused unread.
    pub fn from_json(text: &str) -> Result<Self, crate::InputError> {
        if text.len() > crate::MAX_SCENARIO_BYTES {
            return Err(crate::InputError::too_large(text.len()));
        }
        let mut json = serde_json::Deserializer::from_str(text);
        match Self::deserialize(&mut json).and_then(|s| json.end().map(|()| s)) {
            Ok(scenario) => Ok(scenario),
            // Read again, tracking where each value is, to say where the
            // problem is (reading twice costs only for invalid input).
            Err(plain) => {
                let mut json = serde_json::Deserializer::from_str(text);
                match serde_path_to_error::deserialize::<_, Self>(&mut json) {
                    Err(e) => Err(crate::InputError::json(&e)),
                    Ok(_) => Err(crate::InputError::json_at(
                        crate::error::Path::root(),
                        &plain,
                    )),
                }
            }
        }
    }
}

/// Which script API makes the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Api {
    /// `fetch()` (and `new Request()`).
    #[default]
    Fetch,
    /// `XMLHttpRequest`.
    Xhr,
}

/// A request's credentials mode.
///
/// <https://fetch.spec.whatwg.org/#concept-request-credentials-mode>
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum CredentialsMode {
    /// Never send cookies or HTTP authentication.
    Omit,
    /// Send them only to the page's own origin.
    #[default]
    SameOrigin,
    /// Always send them (`withCredentials = true` for XHR).
    Include,
}

/// A request's mode.
///
/// <https://fetch.spec.whatwg.org/#concept-request-mode>
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum RequestMode {
    /// The CORS protocol applies to cross-origin requests.
    #[default]
    Cors,
    /// Cross-origin responses are opaque; no CORS protocol.
    NoCors,
    /// Cross-origin requests fail.
    SameOrigin,
}

/// A request's redirect mode.
///
/// <https://fetch.spec.whatwg.org/#concept-request-redirect-mode>
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum RedirectMode {
    /// Follow redirects.
    #[default]
    Follow,
    /// A redirect is a network error.
    Error,
    /// A redirect resolves as an `opaqueredirect` response.
    Manual,
}

/// What kind of object the script passed as the body.
///
/// <https://fetch.spec.whatwg.org/#concept-bodyinit-extract>
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum BodyKind {
    /// A string (`Content-Type: text/plain;charset=UTF-8` unless set).
    String,
    /// A `Blob` (its `type` becomes the `Content-Type` unless set).
    Blob,
    /// A `FormData` (`multipart/form-data; boundary=…`).
    Formdata,
    /// A `URLSearchParams` (`application/x-www-form-urlencoded;charset=UTF-8`).
    Urlsearchparams,
    /// An `ArrayBuffer` (no `Content-Type`).
    Arraybuffer,
    /// A `ReadableStream` (sets the use-CORS-preflight flag).
    Stream,
}

/// The body a script passed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct BodySpec {
    /// The body's kind.
    pub kind: BodyKind,
    /// For a `Blob`, its `type`; ignored for other kinds.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub blob_type: Option<String>,
    /// Extension fields (`x-…`): ignored, kept as written.
    #[serde(flatten)]
    pub extensions: Extensions,
}

/// When an XHR upload progress listener was registered.
///
/// <https://xhr.spec.whatwg.org/#the-send()-method>
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum UploadListener {
    /// No listener on `xhr.upload`.
    #[default]
    None,
    /// A listener was added before `send()`: the use-CORS-preflight flag is set.
    BeforeSend,
    /// A listener was added after `send()`: too late to matter.
    AfterSend,
}

fn default_method() -> String {
    "GET".to_owned()
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
fn is_zero(at: &f64) -> bool {
    *at == 0.0
}

/// One request the page's script makes.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct RequestSpec {
    /// `fetch` or `xhr`.
    #[serde(default)]
    pub api: Api,
    /// The absolute URL the script passed (userinfo allowed: the browser decides).
    pub url: String,
    /// The method as the script wrote it (`patch`, `Get`, `FOO`).
    #[serde(default = "default_method")]
    pub method: String,
    /// Headers as the script appended them, in order; repeats allowed.
    #[serde(default)]
    pub headers: Vec<HeaderPair>,
    /// The credentials mode. For XHR, `include` means `withCredentials = true`.
    #[serde(default)]
    pub credentials: CredentialsMode,
    /// The request mode (fetch only; XHR is always `cors`).
    #[serde(default)]
    pub mode: RequestMode,
    /// The redirect mode (fetch only; XHR always follows).
    #[serde(default)]
    pub redirect: RedirectMode,
    /// The body, if any.
    #[serde(default)]
    pub body: Option<BodySpec>,
    /// XHR only: when an upload listener was registered.
    #[serde(default)]
    pub upload_listener: UploadListener,
    /// Seconds since the scenario started, on the preflight-cache clock.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub at: f64,
    /// `fetch()`'s `targetAddressSpace` option (Local Network Access):
    /// the address space the script expects the server to be in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_address_space: Option<AddressSpace>,
    /// Extension fields (`x-…`): ignored, kept as written.
    #[serde(flatten)]
    pub extensions: Extensions,
}

/// An `http` header value as text (bytes that are not UTF-8 become U+FFFD).
fn header_value_text(value: &http::HeaderValue) -> String {
    String::from_utf8_lossy(value.as_bytes()).into_owned()
}

impl RequestSpec {
    /// Sets the method from an [`http::Method`].
    ///
    /// ```
    /// let request = corsim::RequestSpec::get("https://api.example/x").with_method(&http::Method::PUT);
    /// assert_eq!(request.method, "PUT");
    /// ```
    #[must_use]
    pub fn with_method(mut self, method: &http::Method) -> Self {
        method.as_str().clone_into(&mut self.method);
        self
    }

    /// Appends a header the script sets.
    #[must_use]
    pub fn with_header(mut self, name: &http::HeaderName, value: &http::HeaderValue) -> Self {
        self.headers
            .push((name.as_str().to_owned(), header_value_text(value)));
        self
    }

    /// Appends every header of an [`http::HeaderMap`], in its iteration order.
    #[must_use]
    pub fn with_headers(mut self, headers: &http::HeaderMap) -> Self {
        self.headers.extend(
            headers
                .iter()
                .map(|(n, v)| (n.as_str().to_owned(), header_value_text(v))),
        );
        self
    }

    /// Sets the credentials mode.
    #[must_use]
    pub fn with_credentials(mut self, credentials: CredentialsMode) -> Self {
        self.credentials = credentials;
        self
    }

    /// A `GET` fetch of `url` with every option at its default.
    #[must_use]
    pub fn get(url: impl Into<String>) -> Self {
        Self {
            api: Api::Fetch,
            url: url.into(),
            method: default_method(),
            headers: Vec::new(),
            credentials: CredentialsMode::SameOrigin,
            mode: RequestMode::Cors,
            redirect: RedirectMode::Follow,
            body: None,
            upload_listener: UploadListener::None,
            at: 0.0,
            target_address_space: None,
            extensions: Extensions::default(),
        }
    }
}

fn default_status() -> u16 {
    200
}

/// One response the server sends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct ResponseSpec {
    /// The status code (200–999).
    #[serde(default = "default_status")]
    pub status: u16,
    /// The response headers, in order; repeats allowed.
    #[serde(default)]
    pub headers: Vec<HeaderPair>,
    /// Extension fields (`x-…`): ignored, kept as written.
    #[serde(flatten)]
    pub extensions: Extensions,
}

impl ResponseSpec {
    /// A response from the `http` crate's status and header map.
    ///
    /// ```
    /// use http::{header, HeaderMap, HeaderValue, StatusCode};
    ///
    /// let mut headers = HeaderMap::new();
    /// headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    /// let response = corsim::ResponseSpec::from_http(StatusCode::NO_CONTENT, &headers);
    /// assert_eq!(response.headers, [("access-control-allow-origin".to_owned(), "*".to_owned())]);
    /// ```
    #[must_use]
    pub fn from_http(status: http::StatusCode, headers: &http::HeaderMap) -> Self {
        Self {
            status: status.as_u16(),
            headers: headers
                .iter()
                .map(|(n, v)| (n.as_str().to_owned(), header_value_text(v)))
                .collect(),
            extensions: Extensions::default(),
        }
    }

    /// A response with this status and these headers.
    #[must_use]
    pub fn new<N: Into<String>, V: Into<String>>(
        status: u16,
        headers: impl IntoIterator<Item = (N, V)>,
    ) -> Self {
        Self {
            status,
            headers: headers
                .into_iter()
                .map(|(n, v)| (n.into(), v.into()))
                .collect(),
            extensions: Extensions::default(),
        }
    }
}

/// One response, or a list whose n-th entry answers the n-th request and
/// whose last entry repeats.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Responses {
    /// The same response every time.
    One(ResponseSpec),
    /// A different response per request; the last one repeats.
    Sequence(Vec<ResponseSpec>),
}

impl Responses {
    /// The response to the `n`-th (0-based) request, if the list is not empty.
    #[must_use]
    pub fn nth(&self, n: usize) -> Option<&ResponseSpec> {
        match self {
            Self::One(r) => Some(r),
            Self::Sequence(list) => list.get(n).or_else(|| list.last()),
        }
    }
}

impl Serialize for Responses {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::One(r) => r.serialize(s),
            Self::Sequence(list) => list.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for Responses {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Responses;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a response object {\"status\", \"headers\"} or a list of them")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Responses, A::Error> {
                ResponseSpec::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(Responses::One)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Responses, A::Error> {
                Vec::<ResponseSpec>::deserialize(de::value::SeqAccessDeserializer::new(seq))
                    .map(Responses::Sequence)
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Responses {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Responses".into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let one = generator.subschema_for::<ResponseSpec>();
        schemars::json_schema!({
            "description": "One response, or a list whose n-th entry answers the n-th request (the last one repeats).",
            "oneOf": [one, {"type": "array", "items": one, "minItems": 1}]
        })
    }
}

/// The HTTP version a server speaks (contract additions §2).
///
/// It matters to what the browser receives: an HTTP/1.1 parser strips the
/// whitespace around a field value, while over HTTP/2 a value arrives as
/// sent (and Safari, as recorded in WebKit, compares it so). Every status
/// from 200 to 999 is a response over either version in the engines
/// recorded. Browsers never speak HTTP/2 in cleartext, so an `http:` server
/// speaks HTTP/1.1.
///
/// <https://www.rfc-editor.org/rfc/rfc9112#section-5>
/// <https://www.rfc-editor.org/rfc/rfc9113#section-8.2.1>
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub enum HttpVersion {
    /// HTTP/1.1 (`"1.1"`): every `http:` server, and an `https:` one that
    /// did not negotiate `h2`.
    #[serde(rename = "1.1")]
    Http1_1,
    /// HTTP/2 (`"2"`, ALPN `h2`): only over TLS.
    #[serde(rename = "2")]
    Http2,
}

impl HttpVersion {
    /// The version a server speaks when its entry does not say: HTTP/2 for
    /// an `https:` URL (every browser negotiates `h2` when the server offers
    /// it), HTTP/1.1 otherwise.
    #[must_use]
    pub fn default_for_scheme(scheme: &str) -> Self {
        if scheme.eq_ignore_ascii_case("https") {
            Self::Http2
        } else {
            Self::Http1_1
        }
    }

    /// The version as the format spells it (`1.1`, `2`).
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Http1_1 => "1.1",
            Self::Http2 => "2",
        }
    }
}

impl fmt::Display for HttpVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP/{}", self.as_str())
    }
}

/// What the server does for one URL.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct ServerEntry {
    /// Connecting fails: a network error that is not a CORS failure.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub unreachable: bool,
    /// The answer to a preflight (`OPTIONS`). Omitted: 200 with no CORS headers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preflight: Option<Responses>,
    /// The answer to the request itself. Omitted: 200 with no headers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual: Option<Responses>,
    /// The HTTP version the server speaks. Omitted: HTTP/2 for an `https:`
    /// URL, HTTP/1.1 for an `http:` one ([`HttpVersion::default_for_scheme`]);
    /// HTTP/2 on an `http:` URL is an input error.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http: Option<HttpVersion>,
    /// The server's CORS middleware and its options (contract additions
    /// §4): it answers preflights (unless `preflight` is given, which then
    /// comes first, as an auth layer or proxy would) and adds its headers
    /// to `actual`, which is then what the route returns before the
    /// middleware.
    #[cfg(feature = "policy")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<crate::policy::Policy>,
    /// Extension fields (`x-…`): ignored, kept as written.
    #[serde(flatten)]
    pub extensions: Extensions,
}

/// The server map: URL to [`ServerEntry`], in the order written.
///
/// Kept as a list so that two keys naming one URL (`https://a.example:443/x`
/// and `https://a.example/x`, or the same key twice) are reported instead of
/// one silently replacing the other.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ServerMap(pub Vec<(String, ServerEntry)>);

impl Serialize for ServerMap {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for ServerMap {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = ServerMap;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object mapping URLs to server entries")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ServerMap, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, ServerEntry>()? {
                    out.push((k, v));
                }
                Ok(ServerMap(out))
            }
        }
        d.deserialize_map(V)
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for ServerMap {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ServerMap".into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let entry = generator.subschema_for::<ServerEntry>();
        schemars::json_schema!({
            "description": "What the server answers, keyed by absolute URL (compared serialized, without userinfo or fragment).",
            "type": "object",
            "additionalProperties": entry
        })
    }
}

impl Scenario {
    /// A scenario for a page at `page` (a serialized origin or `null`), with
    /// no requests and an empty server.
    #[must_use]
    pub fn new(page: impl Into<String>) -> Self {
        Self {
            page: page.into(),
            requests: Vec::new(),
            server: ServerMap::default(),
            address_spaces: AddressSpaces::new(),
            permissions: Permissions::new(),
            frame: None,
            extensions: Extensions::default(),
        }
    }

    /// The page's address space (Local Network Access): its override in
    /// `address_spaces`, else what its host's name says; `None` when the
    /// page is not an origin.
    #[must_use]
    pub fn page_address_space(&self) -> Option<AddressSpace> {
        let page = crate::origin::Origin::parse(&self.page).ok()?;
        let client = crate::local_network::Client::new(
            &page,
            None,
            None,
            &self.address_spaces,
            &Permissions::new(),
        );
        Some(client.space())
    }

    /// Adds a request the page makes.
    #[must_use]
    pub fn request(mut self, request: RequestSpec) -> Self {
        self.requests.push(request);
        self
    }

    /// Says how the server answers `url`: `preflight` to `OPTIONS`, `actual`
    /// to the request itself.
    #[must_use]
    pub fn serve(
        mut self,
        url: impl Into<String>,
        preflight: Option<ResponseSpec>,
        actual: ResponseSpec,
    ) -> Self {
        self.server.insert(
            url,
            ServerEntry {
                unreachable: false,
                preflight: preflight.map(Responses::One),
                actual: Some(Responses::One(actual)),
                http: None,
                #[cfg(feature = "policy")]
                policy: None,
                extensions: Extensions::default(),
            },
        );
        self
    }
}

impl ServerMap {
    /// Adds an entry for `url`.
    pub fn insert(&mut self, url: impl Into<String>, entry: ServerEntry) {
        self.0.push((url.into(), entry));
    }
}

object!(Scenario {
    page: "page" = required!("page"),
    requests: "requests" = required!("requests"),
    server: "server" = ServerMap::default(),
    address_spaces: "address_spaces" = AddressSpaces::new(),
    permissions: "permissions" = Permissions::new(),
    frame: "frame" = None,
});

object!(BodySpec {
    kind: "kind" = required!("kind"),
    blob_type: "type" = None,
});

object!(RequestSpec {
    api: "api" = Api::default(),
    url: "url" = required!("url"),
    method: "method" = default_method(),
    headers: "headers" = Vec::new(),
    credentials: "credentials" = CredentialsMode::default(),
    mode: "mode" = RequestMode::default(),
    redirect: "redirect" = RedirectMode::default(),
    body: "body" = None,
    upload_listener: "upload_listener" = UploadListener::default(),
    at: "at" = 0.0,
    target_address_space: "target_address_space" = None,
});

object!(ResponseSpec {
    status: "status" = default_status(),
    headers: "headers" = Vec::new(),
});

#[cfg(feature = "policy")]
object!(ServerEntry {
    unreachable: "unreachable" = false,
    preflight: "preflight" = None,
    actual: "actual" = None,
    http: "http" = None,
    policy: "policy" = None,
});

#[cfg(not(feature = "policy"))]
object!(ServerEntry {
    unreachable: "unreachable" = false,
    preflight: "preflight" = None,
    actual: "actual" = None,
    http: "http" = None,
});
