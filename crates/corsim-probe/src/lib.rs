//! `corsim probe`: a real server, asked as each browser would ask it.
//!
//! corsim's engine ([`corsim::fetch::Fetch`]) is sans-I/O: it says what the
//! browser puts on the wire ([`Next::Send`]) and takes the server's answer
//! ([`Fetch::respond`]). This crate is the driver that answers from the
//! network: for each browser asked, it sends each message (a preflight or
//! the request, then each redirect hop the engine decides to follow) to the
//! real server, with the method, URL and headers the engine gives, in their
//! order, and hands the status and headers back. Browsers that send the
//! same bytes share one exchange. What came back is recorded as a v1
//! scenario, so the run replays offline with `corsim simulate`.
//!
//! # The HTTP client, and why
//!
//! hyper 1's connection-level client (`hyper::client::conn`), on a tokio
//! `current_thread` runtime, with rustls (through tokio-rustls, the `ring`
//! provider) and the Mozilla roots of webpki-roots. hyper is the most used
//! and most scrutinised HTTP implementation in Rust, and its connection
//! API does exactly one exchange on a socket we opened, with no pool, no
//! redirect following and no header rewriting: the engine decides
//! redirects. Over `https:` ALPN offers `h2` and `http/1.1` and the server
//! chooses; over `http:` it is HTTP/1.1 (browsers never speak cleartext
//! HTTP/2). rustls with `ring` builds without a C toolchain beyond what
//! `ring` needs and without the platform's certificate store, so a probe
//! gives the same answer on every machine.
//!
//! # What goes on the wire, and what does not
//!
//! - The request line (or HTTP/2 pseudo-headers) and `Host`, then the
//!   engine's headers in its order, one line per name with the combined
//!   value (`X-Trace: 1, 2`), as browsers send them. Over HTTP/1.1 hyper writes header
//!   names in Title-Case (`Access-Control-Request-Method`, `Content-Type`,
//!   `X-Trace`), as browsers do for the names they set; a script's own
//!   spelling of a name (`x-trace`) is not kept. Over HTTP/2 names are
//!   lowercase by the protocol.
//! - No cookies and no HTTP authentication, whatever the credentials mode:
//!   the probe has no cookie jar. The verdict still says whether the
//!   browser would attach them (`hops[].credentials`), and the server's
//!   CORS answer is judged as the browser would judge it.
//! - No body: `Content-Length: 0` on a `POST` or `PUT`, as browsers send
//!   (the Fetch Standard's HTTP-network-or-cache fetch), and no
//!   `Content-Length` on anything else; no `User-Agent`, `Accept` or
//!   `Accept-Encoding`: only what the engine models.
//!
//! # Limits
//!
//! [`Config::timeout`] (10 s by default) bounds each exchange: connecting,
//! the TLS handshake and the response head. The response head is limited to
//! [`MAX_HEADER_BYTES`] and [`MAX_HEADERS`] headers; the body is never
//! read (the connection is dropped once the head has arrived). A network
//! fault (DNS, refused, TLS, timeout, a malformed or oversized head) is a
//! [`Fault`] naming the URL; the engine sees it as a network error.

use std::collections::HashMap;
use std::convert::Infallible;
use std::fmt;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use corsim::cache::PreflightCache;
use corsim::fetch::{Answer, Fetch, Next};
use corsim::header::HeaderList;
use corsim::local_network::{Client, Permissions};
use corsim::origin::Origin;
use corsim::scenario::record::Recorder;
use corsim::scenario::ResponseSpec;
use corsim::{Browser, InputError, RequestSpec, Scenario, Verdict};
use hyper::body::{Frame, SizeHint};
use hyper_util::rt::{TokioExecutor, TokioIo};
use rustls::pki_types::ServerName;
use serde::Serialize;
use tokio::net::TcpStream;
use url::Url;

/// The most bytes of a response head read (status line and headers).
pub const MAX_HEADER_BYTES: usize = 64 * 1024;

/// The most response headers read.
pub const MAX_HEADERS: usize = 1000;

/// The default [`Config::timeout`].
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// How the probe talks to servers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Config {
    /// The bound on each exchange: connect, TLS and the response head.
    pub timeout: Duration,
    /// Accept any certificate (self-signed, expired, another name).
    pub insecure: bool,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            timeout: DEFAULT_TIMEOUT,
            insecure: false,
        }
    }
}

/// The HTTP version an exchange used (negotiated by ALPN over TLS; always
/// HTTP/1.1 in cleartext): the scenario's own type, so the recorded server
/// entries say `"http"` as the browser met it.
pub use corsim::HttpVersion;

/// A response head as received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Received {
    /// The status code.
    pub status: u16,
    /// The headers in order. Names are lowercase (hyper's header map);
    /// a value that is not UTF-8 is read as Latin-1.
    pub headers: Vec<(String, String)>,
    /// The protocol spoken.
    pub http: HttpVersion,
}

/// What kind of network fault an exchange met.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FaultKind {
    /// The host name did not resolve.
    Dns,
    /// The connection was refused (or could not be made).
    Connect,
    /// The TLS handshake failed (certificate, protocol).
    Tls,
    /// No response head within the timeout.
    Timeout,
    /// The response was not valid HTTP, was too large, or the connection
    /// closed before a response.
    Protocol,
    /// A URL the probe cannot request (not `http:` or `https:`, no host).
    Unsupported,
}

/// A network fault: the server could not be reached, or did not answer
/// with an HTTP response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fault {
    /// The URL requested.
    pub url: String,
    /// The method of the message.
    pub method: String,
    /// What kind of fault.
    pub kind: FaultKind,
    /// A sentence naming the URL: `https://a.example/x: connection refused
    /// (127.0.0.1:9)`.
    pub message: String,
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// What a probe found.
#[derive(Debug, Clone)]
pub struct Report {
    /// A v1 scenario: the request, and as server entries the responses
    /// received (`http` says which version each URL spoke).
    pub scenario: Scenario,
    /// One verdict per browser asked, in the order asked.
    pub verdicts: Vec<Verdict>,
    /// Every network fault met, in order, each once.
    pub faults: Vec<Fault>,
    /// Where the scenario cannot replay exactly (browsers that got
    /// different answers to the same message position of a URL).
    pub warnings: Vec<String>,
    /// How many exchanges went over the network.
    pub exchanges: usize,
}

/// One exchange's bytes: method, URL and headers, in order.
type ExchangeKey = (String, String, Vec<(String, Vec<u8>)>);

/// Probes `spec` from `page` as each of `browsers` would, against the real
/// servers, and records what they answered.
///
/// `Err` only for invalid input (a page that is not an origin, a URL that
/// does not parse); network faults are in [`Report::faults`].
pub fn probe(
    page: &str,
    spec: &RequestSpec,
    browsers: &[Browser],
    config: &Config,
) -> Result<Report, InputError> {
    let origin = Origin::parse(page).map_err(|error| {
        InputError::from_problems(vec![corsim::error::Problem {
            path: corsim::error::Path::root().field("page"),
            kind: corsim::error::ProblemKind::NotAnOrigin {
                input: page.to_owned(),
                error,
            },
        }])
    })?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a current-thread runtime builds");
    let tls = Arc::new(tls_config(config.insecure));
    let mut exchanges: HashMap<ExchangeKey, Result<Received, Fault>> = HashMap::new();
    let mut recorder = Recorder::default();
    let mut verdicts = Vec::with_capacity(browsers.len());
    let mut faults: Vec<Fault> = Vec::new();
    // The probed server stands in for the real one and is often on
    // loopback: it is taken to be in the page's own address space, so the
    // verdict is about CORS, not Local Network Access (the saved scenario
    // says so in `address_spaces`, and replays the same).
    let address_spaces = corsim::local_network::stand_in_address_spaces(&origin, &spec.url);
    let client = Client::new(&origin, None, None, &address_spaces, &Permissions::new());
    for &browser in browsers {
        let mut cache = PreflightCache::for_browser(browser);
        let mut fetch =
            Fetch::new(browser, &origin, spec, true)?.with_local_network(client.clone());
        while let Next::Send(message) = fetch.next(&mut cache) {
            let headers = one_line_per_name(message.headers());
            let key = (
                message.method.to_owned(),
                message.url.as_str().to_owned(),
                headers,
            );
            let result = if let Some(result) = exchanges.get(&key) {
                result.clone()
            } else {
                let result = runtime.block_on(exchange(
                    message.method,
                    message.url,
                    &key.2,
                    config.timeout,
                    &tls,
                ));
                if let Err(fault) = &result {
                    faults.push(fault.clone());
                }
                exchanges.insert(key, result.clone());
                result
            };
            recorder.record(
                browser,
                message.kind,
                message.url,
                result.as_ref().ok().map(|received| {
                    (
                        ResponseSpec::new(received.status, received.headers.clone()),
                        received.http,
                    )
                }),
            );
            let answer = match result {
                Ok(received) => Answer::Response {
                    status: received.status,
                    headers: received
                        .headers
                        .iter()
                        .map(|(n, v)| (n, v))
                        .collect::<HeaderList>(),
                    http: received.http,
                },
                Err(_) => Answer::Unreachable,
            };
            fetch.respond(answer);
        }
        verdicts.push(Verdict {
            browser,
            requests: vec![fetch.into_verdict()],
        });
    }
    let mut scenario = Scenario::new(page);
    scenario.address_spaces = address_spaces;
    scenario.requests.push(spec.clone());
    scenario.server = recorder.server_map();
    Ok(Report {
        scenario,
        verdicts,
        faults,
        warnings: recorder.warnings().to_vec(),
        exchanges: exchanges.len(),
    })
}

/// The header lines a browser writes for a header list: one per name, where
/// the name first appears and as it is first spelled, with the combined
/// value (the values of that name in order, separated by `, `: the header
/// list's "get"). Chromium and Firefox send a script's
/// `X-Trace: 1` and `X-Trace: 2` as `X-Trace: 1, 2`, over HTTP/1.1 and
/// HTTP/2 (`tests/probe-proof`, case `repeated-header-name`).
///
/// <https://fetch.spec.whatwg.org/#concept-header-list-get>
fn one_line_per_name<'a>(
    headers: impl Iterator<Item = (&'a str, &'a [u8])>,
) -> Vec<(String, Vec<u8>)> {
    headers
        .collect::<HeaderList>()
        .combined()
        .iter()
        .map(|(n, v)| (n.to_owned(), v.to_vec()))
        .collect()
}

/// The TLS client configuration: ALPN `h2` and `http/1.1`, the Mozilla
/// roots, or no verification at all with `insecure`.
fn tls_config(insecure: bool) -> rustls::ClientConfig {
    // rustls 0.23.48 deprecates the `ring` provider for lacking
    // post-quantum key exchange; `aws-lc-rs` would need CMake and a C
    // build, and a probe's answers do not depend on the key exchange.
    #[allow(deprecated)]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = rustls::ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .expect("ring supports the default protocol versions");
    let mut config = if insecure {
        builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(AnyCertificate(provider)))
            .with_no_client_auth()
    } else {
        let roots = rustls::RootCertStore {
            roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
        };
        builder.with_root_certificates(roots).with_no_client_auth()
    };
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    config
}

/// `--insecure`: any certificate is accepted; the handshake's signatures
/// are still checked, so the connection is a real TLS connection.
#[derive(Debug)]
struct AnyCertificate(Arc<rustls::crypto::CryptoProvider>);

impl rustls::client::danger::ServerCertVerifier for AnyCertificate {
    fn verify_server_cert(
        &self,
        _: &rustls::pki_types::CertificateDer<'_>,
        _: &[rustls::pki_types::CertificateDer<'_>],
        _: &ServerName<'_>,
        _: &[u8],
        _: rustls::pki_types::UnixTime,
    ) -> Result<rustls::client::danger::ServerCertVerified, rustls::Error> {
        Ok(rustls::client::danger::ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

/// One exchange, bounded by `timeout`.
async fn exchange(
    method: &str,
    url: &Url,
    headers: &[(String, Vec<u8>)],
    timeout: Duration,
    tls: &Arc<rustls::ClientConfig>,
) -> Result<Received, Fault> {
    let fault = |kind, what: String| Fault {
        url: url.as_str().to_owned(),
        method: method.to_owned(),
        kind,
        message: format!("{url}: {what}"),
    };
    match tokio::time::timeout(timeout, exchange_unbounded(method, url, headers, tls)).await {
        Ok(result) => result.map_err(|(kind, what)| fault(kind, what)),
        Err(_) => Err(fault(
            FaultKind::Timeout,
            format!(
                "no response within {} (--timeout)",
                seconds(timeout.as_secs_f64())
            ),
        )),
    }
}

/// `1 s`, `0.5 s`.
fn seconds(s: f64) -> String {
    format!("{s} s")
}

type Problem = (FaultKind, String);

async fn exchange_unbounded(
    method: &str,
    url: &Url,
    headers: &[(String, Vec<u8>)],
    tls: &Arc<rustls::ClientConfig>,
) -> Result<Received, Problem> {
    let secure = match url.scheme() {
        "http" => false,
        "https" => true,
        other => {
            return Err((
                FaultKind::Unsupported,
                format!("the probe speaks http: and https:, not {other}:"),
            ))
        }
    };
    let (Some(host), Some(port)) = (url.host(), url.port_or_known_default()) else {
        return Err((FaultKind::Unsupported, "no host".to_owned()));
    };
    let addrs: Vec<SocketAddr> = match host {
        url::Host::Ipv4(ip) => vec![SocketAddr::from((ip, port))],
        url::Host::Ipv6(ip) => vec![SocketAddr::from((ip, port))],
        url::Host::Domain(name) => tokio::net::lookup_host((name, port))
            .await
            .map_err(|e| (FaultKind::Dns, format!("cannot resolve {name}: {e}")))?
            .collect(),
    };
    let mut last = None;
    let mut tcp = None;
    for addr in &addrs {
        match TcpStream::connect(addr).await {
            Ok(stream) => {
                tcp = Some(stream);
                break;
            }
            Err(e) => last = Some((addr, e)),
        }
    }
    let Some(tcp) = tcp else {
        let what = match last {
            Some((addr, e)) if e.kind() == std::io::ErrorKind::ConnectionRefused => {
                format!("connection refused ({addr})")
            }
            Some((addr, e)) => format!("cannot connect to {addr}: {e}"),
            None => "the host name resolved to no address".to_owned(),
        };
        return Err((FaultKind::Connect, what));
    };
    let _ = tcp.set_nodelay(true);
    let host_header = match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_string(),
    };
    if secure {
        let name = match host {
            url::Host::Ipv4(ip) => ServerName::IpAddress(std::net::IpAddr::V4(ip).into()),
            url::Host::Ipv6(ip) => ServerName::IpAddress(std::net::IpAddr::V6(ip).into()),
            url::Host::Domain(name) => ServerName::try_from(name.to_owned())
                .map_err(|e| (FaultKind::Tls, format!("not a TLS server name: {e}")))?,
        };
        let stream = tokio_rustls::TlsConnector::from(tls.clone())
            .connect(name, tcp)
            .await
            .map_err(|e| (FaultKind::Tls, format!("TLS handshake failed: {e}")))?;
        let h2 = stream.get_ref().1.alpn_protocol() == Some(b"h2");
        if h2 {
            http2(method, url, headers, stream).await
        } else {
            http1(method, url, &host_header, headers, stream).await
        }
    } else {
        http1(method, url, &host_header, headers, tcp).await
    }
}

/// The body of every request the probe sends: none.
///
/// Unlike `http_body_util::Empty` it does not claim an exact length of 0,
/// so hyper adds no `content-length: 0` of its own over HTTP/2 (it does for
/// every method but `GET`, `HEAD`, `DELETE` and `CONNECT`, a preflight
/// included, which no browser sends); being at its end, the request still
/// ends with its headers (`END_STREAM` on the HTTP/2 `HEADERS` frame, no
/// body over HTTP/1.1). [`request`] says `Content-Length: 0` where a
/// browser does.
#[derive(Debug, Clone, Copy, Default)]
struct NoBody;

impl hyper::body::Body for NoBody {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        Poll::Ready(None)
    }

    fn is_end_stream(&self) -> bool {
        true
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::default()
    }
}

/// The request, its headers in the engine's order, then `Content-Length: 0`
/// for a `POST` or `PUT`: HTTP-network-or-cache fetch Steps 8-10 ("if
/// httpRequest's body is null and httpRequest's method is `POST` or `PUT`,
/// then set contentLengthHeaderValue to `0`"), which Chromium and Firefox
/// send over HTTP/1.1 and HTTP/2 alike (`tests/probe-proof`); the probe
/// never sends a body.
///
/// <https://fetch.spec.whatwg.org/#http-network-or-cache-fetch>
fn request(
    method: &str,
    uri: &str,
    host: Option<&str>,
    headers: &[(String, Vec<u8>)],
) -> Result<http::Request<NoBody>, Problem> {
    let invalid = |what: String| (FaultKind::Unsupported, what);
    let method = http::Method::from_bytes(method.as_bytes())
        .map_err(|e| invalid(format!("method {method}: {e}")))?;
    let empty_body_length =
        (method == http::Method::POST || method == http::Method::PUT).then_some("0");
    let mut builder = http::Request::builder().method(method).uri(uri);
    if let Some(host) = host {
        builder = builder.header(http::header::HOST, host);
    }
    for (name, value) in headers {
        let name = http::HeaderName::from_bytes(name.as_bytes())
            .map_err(|e| invalid(format!("header {name}: {e}")))?;
        let value = http::HeaderValue::from_bytes(value)
            .map_err(|e| invalid(format!("header {name}: {e}")))?;
        builder = builder.header(name, value);
    }
    if let Some(length) = empty_body_length {
        builder = builder.header(http::header::CONTENT_LENGTH, length);
    }
    builder
        .body(NoBody)
        .map_err(|e| invalid(format!("request: {e}")))
}

/// What a hyper error means for the probe.
fn hyper_problem(e: &hyper::Error) -> Problem {
    let text = e.to_string();
    let what = if text.contains("too large") {
        format!(
            "the response head is larger than {MAX_HEADER_BYTES} bytes or {MAX_HEADERS} headers"
        )
    } else if e.is_parse() || e.is_parse_status() {
        format!("not a valid HTTP response: {e}")
    } else if e.is_incomplete_message() || e.is_closed() {
        format!("the connection closed before a response: {e}")
    } else {
        format!("HTTP error: {e}")
    };
    (FaultKind::Protocol, what)
}

async fn http1<S>(
    method: &str,
    url: &Url,
    host: &str,
    headers: &[(String, Vec<u8>)],
    stream: S,
) -> Result<Received, Problem>
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    let (mut sender, connection) = hyper::client::conn::http1::Builder::new()
        .title_case_headers(true)
        .max_headers(MAX_HEADERS)
        .max_buf_size(MAX_HEADER_BYTES)
        .handshake::<_, NoBody>(TokioIo::new(stream))
        .await
        .map_err(|e| hyper_problem(&e))?;
    let task = tokio::spawn(connection);
    let target = &url[url::Position::BeforePath..url::Position::AfterQuery];
    let result = sender
        .send_request(request(method, target, Some(host), headers)?)
        .await;
    task.abort();
    let response = result.map_err(|e| hyper_problem(&e))?;
    Ok(received(&response, HttpVersion::Http1_1))
}

async fn http2<S>(
    method: &str,
    url: &Url,
    headers: &[(String, Vec<u8>)],
    stream: S,
) -> Result<Received, Problem>
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    let (mut sender, connection) = hyper::client::conn::http2::Builder::new(TokioExecutor::new())
        .max_header_list_size(MAX_HEADER_BYTES as u32)
        .handshake::<_, NoBody>(TokioIo::new(stream))
        .await
        .map_err(|e| hyper_problem(&e))?;
    let task = tokio::spawn(connection);
    let mut without_fragment = url.clone();
    without_fragment.set_fragment(None);
    let result = sender
        .send_request(request(method, without_fragment.as_str(), None, headers)?)
        .await;
    task.abort();
    let response = result.map_err(|e| hyper_problem(&e))?;
    if response.headers().len() > MAX_HEADERS {
        return Err((
            FaultKind::Protocol,
            format!("the response has more than {MAX_HEADERS} headers"),
        ));
    }
    Ok(received(&response, HttpVersion::Http2))
}

/// The status and headers of `response`; its body is dropped unread.
fn received<B>(response: &http::Response<B>, http: HttpVersion) -> Received {
    let headers = response
        .headers()
        .iter()
        .map(|(name, value)| {
            let value = match std::str::from_utf8(value.as_bytes()) {
                Ok(text) => text.to_owned(),
                Err(_) => value.as_bytes().iter().map(|&b| char::from(b)).collect(),
            };
            (name.as_str().to_owned(), value)
        })
        .collect();
    Received {
        status: response.status().as_u16(),
        headers,
        http,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_set_twice_goes_out_as_one_line_with_the_combined_value() {
        let headers = [
            ("X-Trace", b"1".as_slice()),
            ("Content-Type", b"text/plain".as_slice()),
            ("x-trace", b"2".as_slice()),
        ];
        assert_eq!(
            one_line_per_name(headers.into_iter()),
            [
                ("X-Trace".to_owned(), b"1, 2".to_vec()),
                ("Content-Type".to_owned(), b"text/plain".to_vec()),
            ]
        );
    }
}
