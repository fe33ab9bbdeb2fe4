//! The driver against hand-written services: what reaches the service, in
//! which order, and what a service error becomes.

use std::fmt::Write as _;
use std::sync::{Arc, Mutex};

use corsim_tower::{Browser, Error, Request};
use tower::service_fn;

/// Each request that reached a service, as one line.
type Seen = Arc<Mutex<Vec<String>>>;

/// A service over `String` bodies that records each request's method, URI
/// and headers in order, and answers with `headers`.
fn recording(
    headers: &'static [(&'static str, &'static str)],
) -> (
    impl tower::Service<
        http::Request<String>,
        Response = http::Response<String>,
        Error = std::convert::Infallible,
    >,
    Seen,
) {
    let seen = Seen::default();
    let log = seen.clone();
    let service = service_fn(move |request: http::Request<String>| {
        let mut line = format!("{} {}", request.method(), request.uri());
        for (name, value) in request.headers() {
            let _ = write!(line, " | {name}: {}", value.to_str().unwrap());
        }
        log.lock().unwrap().push(line);
        let mut response = http::Response::builder().status(204);
        for (name, value) in headers {
            response = response.header(*name, *value);
        }
        std::future::ready(Ok(response.body(String::new()).unwrap()))
    });
    (service, seen)
}

#[tokio::test]
async fn the_service_sees_the_browsers_messages_in_order() {
    let (mut service, seen) = recording(&[
        ("access-control-allow-origin", "https://app.example"),
        ("access-control-allow-methods", "PATCH"),
        ("access-control-allow-headers", "x-trace, content-type"),
    ]);
    let verdict = Browser::Firefox
        .page("https://app.example")
        .fetch_with_body(
            &mut service,
            Request::patch("https://api.example:8443/items/1?x=1")
                .header("X-Trace", "abc")
                .header("Content-Type", "application/json"),
        )
        .await
        .unwrap();
    verdict.assert_ok();
    assert_eq!(
        *seen.lock().unwrap(),
        [
            // `Origin` last, as browsers send it (tests/probe-proof).
            "OPTIONS https://api.example:8443/items/1?x=1 | host: api.example:8443 \
             | access-control-request-method: PATCH \
             | access-control-request-headers: content-type,x-trace | origin: https://app.example",
            "PATCH https://api.example:8443/items/1?x=1 | host: api.example:8443 \
             | x-trace: abc | content-type: application/json | origin: https://app.example",
        ]
    );
}

#[tokio::test]
async fn a_service_error_is_a_network_error() {
    let mut service = service_fn(|_: http::Request<String>| {
        std::future::ready(Err::<http::Response<String>, _>("connection reset"))
    });
    let verdict = Browser::Chrome
        .page("https://app.example")
        .fetch_with_body(&mut service, Request::get("https://api.example/users"))
        .await
        .unwrap();
    verdict.assert_blocked();
    assert_eq!(
        verdict.faults(),
        ["GET https://api.example/users: connection reset"]
    );
    // Chrome prints no CORS line for a failed connection.
    assert_eq!(verdict.console(), [] as [String; 0]);
    let report = verdict.report();
    assert!(report.starts_with("(no console line)\nChrome: GET https://api.example/users\n"));
    assert!(report
        .ends_with("  service error: GET https://api.example/users: connection reset\n=> error"));
}

#[tokio::test]
async fn a_page_that_is_not_an_origin_is_an_error() {
    let (mut service, seen) = recording(&[]);
    let error = Browser::Chrome
        .page("not an origin")
        .fetch_with_body(&mut service, Request::get("https://api.example/users"))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Input(_)));
    assert!(seen.lock().unwrap().is_empty());
}
