//! `corsim probe` against servers started by the tests themselves, on
//! loopback only: a hyper server (HTTP/1.1 and HTTP/2, with or without TLS)
//! and raw TCP servers that misbehave.

use std::convert::Infallible;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener};
use std::process::{Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::{Request, Response};
use hyper_util::rt::{TokioExecutor, TokioIo};
use serde_json::Value;
use tokio_rustls::rustls;

const PAGE: &str = "https://app.example";

/// What the server saw: method, path, version and headers (names lowercase).
#[derive(Debug, Clone)]
struct Seen {
    method: String,
    path: String,
    version: hyper::Version,
    headers: Vec<(String, String)>,
}

impl Seen {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

struct Server {
    addr: SocketAddr,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Server {
    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

/// How the test server speaks.
#[derive(Clone, Copy)]
enum Tls {
    None,
    /// A self-signed certificate for 127.0.0.1; ALPN offers these.
    SelfSigned(&'static [&'static [u8]]),
}

fn respond(request: &Request<Incoming>) -> Response<Full<Bytes>> {
    let origin = request
        .headers()
        .get("origin")
        .map(|v| v.to_str().unwrap().to_owned());
    let mut response = Response::builder();
    let path = request.uri().path();
    let redirect = |to: &str| {
        Response::builder()
            .status(302)
            .header("Location", to)
            .header("Access-Control-Allow-Origin", "*")
            .body(Full::new(Bytes::new()))
            .unwrap()
    };
    match path {
        "/api" => {
            if let Some(origin) = &origin {
                response = response
                    .header("Access-Control-Allow-Origin", origin)
                    .header("Vary", "Origin");
            }
            if request.method() == hyper::Method::OPTIONS {
                response = response
                    .status(204)
                    .header("Access-Control-Allow-Methods", "PUT");
                if let Some(acrh) = request.headers().get("access-control-request-headers") {
                    response = response.header("Access-Control-Allow-Headers", acrh);
                }
                response.body(Full::new(Bytes::new())).unwrap()
            } else {
                response
                    .status(200)
                    .header("Content-Type", "application/json")
                    .body(Full::new(Bytes::from_static(b"{\"ok\":true}")))
                    .unwrap()
            }
        }
        "/plain" => response
            .status(200)
            .header("Content-Type", "text/plain")
            .body(Full::new(Bytes::from_static(b"hello")))
            .unwrap(),
        "/r3" => redirect("/r2"),
        "/r2" => redirect("/r1"),
        "/r1" => redirect("/api"),
        "/loop" => redirect("/loop"),
        _ => response.status(404).body(Full::new(Bytes::new())).unwrap(),
    }
}

#[allow(deprecated)]
fn provider() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// Starts the hyper test server on 127.0.0.1:0, in a thread of its own.
fn server(tls: Tls) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let addr = listener.local_addr().unwrap();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let acceptor = match tls {
        Tls::None => None,
        Tls::SelfSigned(alpn) => {
            let cert = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_owned()]).unwrap();
            let key = rustls::pki_types::PrivateKeyDer::Pkcs8(cert.key_pair.serialize_der().into());
            let mut config = rustls::ServerConfig::builder_with_provider(provider())
                .with_safe_default_protocol_versions()
                .unwrap()
                .with_no_client_auth()
                .with_single_cert(vec![cert.cert.der().clone()], key)
                .unwrap();
            config.alpn_protocols = alpn.iter().map(|p| p.to_vec()).collect();
            Some(tokio_rustls::TlsAcceptor::from(Arc::new(config)))
        }
    };
    let record = Arc::clone(&seen);
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            loop {
                let (tcp, _) = listener.accept().await.unwrap();
                let record = Arc::clone(&record);
                let acceptor = acceptor.clone();
                tokio::spawn(async move {
                    let service = hyper::service::service_fn(move |request: Request<Incoming>| {
                        let record = Arc::clone(&record);
                        async move {
                            record.lock().unwrap().push(Seen {
                                method: request.method().to_string(),
                                path: request.uri().path().to_owned(),
                                version: request.version(),
                                headers: request
                                    .headers()
                                    .iter()
                                    .map(|(n, v)| (n.to_string(), v.to_str().unwrap().to_owned()))
                                    .collect(),
                            });
                            if request.uri().path() == "/stall" {
                                tokio::time::sleep(Duration::from_secs(60)).await;
                            }
                            Ok::<_, Infallible>(respond(&request))
                        }
                    });
                    let builder =
                        hyper_util::server::conn::auto::Builder::new(TokioExecutor::new());
                    match acceptor {
                        None => {
                            let _ = builder.serve_connection(TokioIo::new(tcp), service).await;
                        }
                        Some(acceptor) => {
                            if let Ok(stream) = acceptor.accept(tcp).await {
                                let _ = builder
                                    .serve_connection(TokioIo::new(stream), service)
                                    .await;
                            }
                        }
                    }
                });
            }
        });
    });
    Server { addr, seen }
}

/// A raw TCP server that answers every connection with `answer` (after
/// reading the request head), then writes `forever` over and over.
fn raw_server(answer: &'static [u8], forever: Option<&'static [u8]>) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            std::thread::spawn(move || {
                let mut head = Vec::new();
                let mut byte = [0u8; 1];
                while !head.ends_with(b"\r\n\r\n") && stream.read(&mut byte).unwrap_or(0) == 1 {
                    head.push(byte[0]);
                }
                if stream.write_all(answer).is_err() {
                    return;
                }
                if let Some(chunk) = forever {
                    while stream.write_all(chunk).is_ok() {}
                }
            });
        }
    });
    addr
}

fn corsim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_corsim"))
        .args(args)
        .env_remove("CORSIM_PLAYGROUND")
        .stdin(Stdio::null())
        .output()
        .expect("the binary runs")
}

fn stdout(output: &Output) -> &str {
    std::str::from_utf8(&output.stdout).unwrap()
}

fn stderr(output: &Output) -> &str {
    std::str::from_utf8(&output.stderr).unwrap()
}

fn json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}\nstderr: {}", stdout(output), stderr(output)))
}

/// `corsim simulate` on the recorded scenario gives the same verdicts.
fn assert_replays(report: &Value) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_corsim"))
        .args(["simulate", "-", "--browser", "all", "--format", "json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let scenario = serde_json::to_vec(&report["scenario"]).unwrap();
    child.stdin.take().unwrap().write_all(&scenario).unwrap();
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let replayed: Value = serde_json::from_slice(&output.stdout).unwrap();
    let asked: Vec<&Value> = report["verdicts"].as_array().unwrap().iter().collect();
    for verdict in asked {
        let browser = &verdict["browser"];
        let again = replayed
            .as_array()
            .unwrap()
            .iter()
            .find(|v| &v["browser"] == browser)
            .unwrap();
        assert_eq!(again, verdict, "replay of {browser}");
    }
}

fn browsers(report: &Value) -> Vec<&str> {
    report["verdicts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["browser"].as_str().unwrap())
        .collect()
}

#[test]
fn a_cors_allowed_json_put_succeeds_in_every_browser() {
    let server = server(Tls::None);
    let url = format!("http://{}/api", server.addr);
    let output = corsim(&[
        "probe",
        &url,
        "--page",
        PAGE,
        "--method",
        "PUT",
        "-H",
        "Content-Type: application/json",
        "-H",
        "X-Trace: 1",
        "--format",
        "json",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stderr(&output), "");
    let report = json(&output);
    assert_eq!(browsers(&report), ["chrome", "firefox", "safari", "spec"]);
    for verdict in report["verdicts"].as_array().unwrap() {
        let request = &verdict["requests"][0];
        assert_eq!(request["outcome"], "ok", "{}", verdict["browser"]);
        assert_eq!(request["response"]["status"], 200);
        assert_eq!(request["preflights"][0]["status"], 204);
        assert_eq!(
            request["preflights"][0]["headers"],
            serde_json::json!([
                ["Origin", PAGE],
                ["Access-Control-Request-Method", "PUT"],
                ["Access-Control-Request-Headers", "content-type,x-trace"]
            ])
        );
    }
    // Every browser sent the same bytes: one preflight and one PUT in all.
    let seen = server.seen();
    let lines: Vec<String> = seen
        .iter()
        .map(|s| format!("{} {} {:?}", s.method, s.path, s.version))
        .collect();
    assert_eq!(lines, ["OPTIONS /api HTTP/1.1", "PUT /api HTTP/1.1"]);
    // On the wire `Origin` comes last, after the Access-Control-Request-*
    // headers, as Chromium and Firefox send it (tests/probe-proof); the
    // verdict above keeps the format's order.
    assert_eq!(
        seen[0].headers,
        [
            ("host".to_owned(), server.addr.to_string()),
            ("access-control-request-method".to_owned(), "PUT".to_owned()),
            (
                "access-control-request-headers".to_owned(),
                "content-type,x-trace".to_owned()
            ),
            ("origin".to_owned(), PAGE.to_owned()),
        ]
    );
    assert_eq!(
        seen[1].headers,
        [
            ("host".to_owned(), server.addr.to_string()),
            ("content-type".to_owned(), "application/json".to_owned()),
            ("x-trace".to_owned(), "1".to_owned()),
            ("origin".to_owned(), PAGE.to_owned()),
            // A PUT without a body says so, as browsers do (Fetch:
            // HTTP-network-or-cache fetch); the preflight does not.
            ("content-length".to_owned(), "0".to_owned()),
        ]
    );
    let entry = &report["scenario"]["server"][&url];
    assert_eq!(entry["http"], "1.1");
    assert_eq!(entry["preflight"]["status"], 204);
    assert_eq!(entry["actual"]["status"], 200);
    assert_eq!(report["faults"], serde_json::json!([]));
    assert_replays(&report);
}

#[test]
fn a_header_set_twice_goes_out_as_one_line_as_browsers_send_it() {
    let server = server(Tls::None);
    let url = format!("http://{}/api", server.addr);
    let output = corsim(&[
        "probe",
        &url,
        "--page",
        PAGE,
        "--method",
        "PUT",
        "-H",
        "X-Trace: 1",
        "-H",
        "X-Trace: 2",
        "--browser",
        "chrome",
        "--format",
        "json",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let seen = server.seen();
    assert_eq!(seen.len(), 2);
    // Chromium and Firefox send `X-Trace: 1, 2` (tests/probe-proof), not
    // two lines.
    assert_eq!(
        seen[1].headers,
        [
            ("host".to_owned(), server.addr.to_string()),
            ("x-trace".to_owned(), "1, 2".to_owned()),
            ("origin".to_owned(), PAGE.to_owned()),
            ("content-length".to_owned(), "0".to_owned()),
        ]
    );
    assert_replays(&json(&output));
}

#[test]
fn a_server_without_cors_headers_is_blocked_with_chromes_console_line() {
    let server = server(Tls::None);
    let url = format!("http://{}/plain", server.addr);
    let output = corsim(&[
        "probe",
        &url,
        "--page",
        PAGE,
        "--browser",
        "chrome",
        "--format",
        "json",
    ]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let report = json(&output);
    let request = &report["verdicts"][0]["requests"][0];
    assert_eq!(request["error"]["code"], "MissingAllowOriginHeader");
    assert_eq!(
        request["console"],
        serde_json::json!([format!(
            "Access to fetch at '{url}' from origin '{PAGE}' has been blocked by CORS policy: \
             No 'Access-Control-Allow-Origin' header is present on the requested resource."
        )])
    );
    assert_replays(&report);

    // The text format: the explanation, then the share link, last.
    let output = corsim(&[
        "probe",
        &url,
        "--page",
        PAGE,
        "--browser",
        "firefox",
        "--format",
        "text",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(
        text.starts_with(&format!("firefox: page {PAGE}\n")),
        "{text}"
    );
    let last = text.lines().last().unwrap();
    let link = last
        .strip_prefix("playground: http://127.0.0.1:8080/#s=")
        .unwrap();
    assert!(link.ends_with("&b=firefox"), "{last}");
}

#[test]
fn a_refused_port_exits_3_naming_the_url() {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}/x");
    let output = corsim(&["probe", &url, "--page", PAGE, "--format", "json"]);
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    let report = json(&output);
    let message = format!("{url}: connection refused (127.0.0.1:{port})");
    assert_eq!(report["faults"][0]["message"], message.as_str());
    assert_eq!(report["faults"][0]["kind"], "connect");
    // One attempt, shared by the four browsers.
    assert_eq!(report["faults"].as_array().unwrap().len(), 1);
    assert_eq!(
        report["scenario"]["server"][&url],
        serde_json::json!({"unreachable": true})
    );
    assert_eq!(report["verdicts"][0]["requests"][0]["phase"], "fetch");
    assert_replays(&report);

    let output = corsim(&[
        "probe",
        &url,
        "--page",
        PAGE,
        "--browser",
        "chrome",
        "--format",
        "text",
    ]);
    assert_eq!(output.status.code(), Some(3));
    assert_eq!(stderr(&output), format!("error: {message}\n"));
}

#[test]
fn a_stalling_server_times_out_within_the_timeout() {
    let server = server(Tls::None);
    let url = format!("http://{}/stall", server.addr);
    let start = Instant::now();
    let output = corsim(&[
        "probe",
        &url,
        "--page",
        PAGE,
        "--browser",
        "chrome",
        "--timeout",
        "0.5",
        "--format",
        "json",
    ]);
    let elapsed = start.elapsed();
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    assert!(elapsed < Duration::from_secs(3), "took {elapsed:?}");
    let report = json(&output);
    assert_eq!(
        report["faults"][0]["message"],
        format!("{url}: no response within 0.5 s (--timeout)").as_str()
    );
    assert_eq!(report["faults"][0]["kind"], "timeout");
}

#[test]
fn headers_forever_and_garbage_are_faults_not_hangs() {
    let forever = raw_server(
        b"HTTP/1.1 200 OK\r\n",
        Some(b"X-More: aaaaaaaaaaaaaaaa\r\n"),
    );
    let url = format!("http://{forever}/");
    let start = Instant::now();
    let output = corsim(&[
        "probe",
        &url,
        "--page",
        PAGE,
        "--browser",
        "chrome",
        "--format",
        "json",
    ]);
    assert!(start.elapsed() < Duration::from_secs(5));
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    assert_eq!(
        json(&output)["faults"][0]["message"],
        format!("{url}: the response head is larger than 65536 bytes or 1000 headers").as_str()
    );

    let garbage = raw_server(b"garbage\r\n\r\n", None);
    let url = format!("http://{garbage}/");
    let output = corsim(&[
        "probe",
        &url,
        "--page",
        PAGE,
        "--browser",
        "chrome",
        "--format",
        "json",
    ]);
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    let report = json(&output);
    let message = report["faults"][0]["message"].as_str().unwrap();
    assert!(
        message.starts_with(&format!("{url}: not a valid HTTP response: ")),
        "{message}"
    );
}

#[test]
fn redirects_are_followed_hop_by_hop_by_the_engine() {
    let server = server(Tls::None);
    let url = format!("http://{}/r3", server.addr);
    let output = corsim(&["probe", &url, "--page", PAGE, "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let report = json(&output);
    let request = &report["verdicts"][0]["requests"][0];
    let hops: Vec<&str> = request["hops"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["url"].as_str().unwrap())
        .collect();
    let base = format!("http://{}", server.addr);
    assert_eq!(
        hops,
        [
            format!("{base}/r3"),
            format!("{base}/r2"),
            format!("{base}/r1"),
            format!("{base}/api")
        ]
    );
    assert_eq!(request["response"]["redirected"], true);
    // The browsers sent the same bytes at every hop: four exchanges in all.
    let paths: Vec<String> = server.seen().into_iter().map(|s| s.path).collect();
    assert_eq!(paths, ["/r3", "/r2", "/r1", "/api"]);
    assert_replays(&report);

    // A loop ends at the engine's cap of 20 redirects: blocked, not a hang.
    let url = format!("http://{}/loop", server.addr);
    let output = corsim(&[
        "probe",
        &url,
        "--page",
        PAGE,
        "--browser",
        "chrome",
        "--format",
        "json",
    ]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let report = json(&output);
    let request = &report["verdicts"][0]["requests"][0];
    assert_eq!(request["hops"].as_array().unwrap().len(), 21);
    assert_eq!(request["phase"], "fetch");
    assert_replays(&report);
}

#[test]
fn a_self_signed_certificate_needs_insecure_and_http2_is_negotiated() {
    let server = server(Tls::SelfSigned(&[b"h2", b"http/1.1"]));
    let url = format!("https://{}/api", server.addr);
    let output = corsim(&[
        "probe",
        &url,
        "--page",
        PAGE,
        "--browser",
        "chrome",
        "--format",
        "json",
    ]);
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    assert_eq!(
        json(&output)["faults"][0]["message"],
        format!("{url}: TLS handshake failed: invalid peer certificate: UnknownIssuer").as_str()
    );
    assert!(server.seen().is_empty());

    let output = corsim(&[
        "probe",
        &url,
        "--page",
        PAGE,
        "--method",
        "PUT",
        "-H",
        "Content-Type: application/json",
        "--insecure",
        "--format",
        "json",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let report = json(&output);
    assert_eq!(report["scenario"]["server"][&url]["http"], "2");
    let seen = server.seen();
    let lines: Vec<String> = seen
        .iter()
        .map(|s| format!("{} {} {:?}", s.method, s.path, s.version))
        .collect();
    assert_eq!(lines, ["OPTIONS /api HTTP/2.0", "PUT /api HTTP/2.0"]);
    // Over HTTP/2 too, `Origin` goes last (as Chromium and Firefox send
    // it), and the preflight carries no `content-length` (hyper adds
    // `content-length: 0` to a body-less OPTIONS unless told otherwise;
    // browsers send none); the PUT says `content-length: 0`, as browsers do.
    assert_eq!(
        seen[0].headers,
        [
            ("access-control-request-method".to_owned(), "PUT".to_owned()),
            (
                "access-control-request-headers".to_owned(),
                "content-type".to_owned()
            ),
            ("origin".to_owned(), PAGE.to_owned()),
        ]
    );
    assert_eq!(seen[1].header("content-length"), Some("0"));
    assert_replays(&report);
}

#[test]
fn tls_without_h2_in_alpn_speaks_http_1_1() {
    let server = server(Tls::SelfSigned(&[b"http/1.1"]));
    let url = format!("https://{}/api", server.addr);
    let output = corsim(&[
        "probe",
        &url,
        "--page",
        PAGE,
        "--browser",
        "safari",
        "--insecure",
        "--format",
        "json",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(json(&output)["scenario"]["server"][&url]["http"], "1.1");
    assert_eq!(server.seen()[0].version, hyper::Version::HTTP_11);
}

#[test]
fn invalid_input_exits_2() {
    let output = corsim(&["probe", "http://127.0.0.1:9/", "--page", "not an origin"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).starts_with("error: probe: page: "),
        "{}",
        stderr(&output)
    );
    let output = corsim(&[
        "probe",
        "http://127.0.0.1:9/",
        "--page",
        PAGE,
        "-H",
        "nocolon",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "error: -H: expected 'Name: value', got 'nocolon'\n"
    );
    let output = corsim(&[
        "probe",
        "http://127.0.0.1:9/",
        "--page",
        PAGE,
        "--timeout",
        "0",
    ]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn browsers_that_send_different_bytes_get_their_own_exchange() {
    // `DPR` is a client hint Chrome safelists: Chrome sends the GET
    // without a preflight; the others preflight first, then send the same
    // GET as Chrome, which they share.
    let server = server(Tls::None);
    let url = format!("http://{}/api", server.addr);
    let output = corsim(&[
        "probe", &url, "--page", PAGE, "-H", "DPR: 2", "--format", "json",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let report = json(&output);
    let preflights: Vec<usize> = report["verdicts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["requests"][0]["preflights"].as_array().unwrap().len())
        .collect();
    assert_eq!(preflights, [0, 1, 1, 1]);
    let seen = server.seen();
    let lines: Vec<String> = seen
        .iter()
        .map(|s| format!("{} {}", s.method, s.path))
        .collect();
    assert_eq!(lines, ["GET /api", "OPTIONS /api"]);
    assert_eq!(seen[0].header("dpr"), Some("2"));
    assert_eq!(
        seen[1].header("access-control-request-headers"),
        Some("dpr")
    );
    assert_eq!(report["warnings"], serde_json::json!([]));
    assert_replays(&report);
}
