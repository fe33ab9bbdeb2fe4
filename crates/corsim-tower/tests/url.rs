//! `Page::fetch_url`: the browser against a real server on a socket, with
//! corsim-probe.

use std::net::SocketAddr;

use axum::http::{header, HeaderValue, Method};
use axum::routing::get;
use axum::Router;
use corsim_tower::{Browser, Request};
use tower_http::cors::CorsLayer;

/// Serves an app allowing `http://app.example` to GET and PUT with
/// `content-type`, on 127.0.0.1, from a thread of its own.
fn serve() -> SocketAddr {
    let std_listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    std_listener.set_nonblocking(true).unwrap();
    let address = std_listener.local_addr().unwrap();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            let cors = CorsLayer::new()
                .allow_origin(HeaderValue::from_static("http://app.example"))
                .allow_methods([Method::GET, Method::PUT])
                .allow_headers([header::CONTENT_TYPE]);
            let app = Router::new()
                .route("/users", get(|| async { "[]" }).put(|| async { "saved" }))
                .layer(cors);
            let listener = tokio::net::TcpListener::from_std(std_listener).unwrap();
            axum::serve(listener, app).await.unwrap();
        });
    });
    address
}

#[test]
fn a_real_server_is_asked_as_the_browser_would() {
    let address = serve();
    let page = Browser::Chrome.page("http://app.example");
    let url = format!("http://{address}/users");
    let verdict = page
        .fetch_url(Request::put(url.clone()).header("content-type", "application/json"))
        .unwrap();
    verdict.assert_ok();
    assert_eq!(verdict.preflights(), 1);
    assert_eq!(verdict.faults(), [] as [String; 0]);
    let blocked = Browser::Chrome
        .page("http://evil.example")
        .fetch_url(Request::get(url.clone()))
        .unwrap();
    blocked.assert_blocked();
    assert_eq!(
        blocked.console(),
        [format!(
            "Access to fetch at '{url}' from origin 'http://evil.example' has been blocked by \
             CORS policy: The 'Access-Control-Allow-Origin' header has a value \
             'http://app.example' that is not equal to the supplied origin. Have the server send \
             the header with a valid value."
        )]
    );
}

#[test]
fn a_refused_connection_is_a_fault() {
    let address = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let verdict = Browser::Firefox
        .page("http://app.example")
        .fetch_url(Request::get(format!("http://{address}/users")))
        .unwrap();
    verdict.assert_blocked();
    assert_eq!(verdict.faults().len(), 1);
    assert!(
        verdict.faults()[0].starts_with(&format!("GET http://{address}/users: ")),
        "{:?}",
        verdict.faults()
    );
}
