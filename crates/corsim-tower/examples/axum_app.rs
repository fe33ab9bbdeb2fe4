//! An axum app behind tower-http's `CorsLayer`, and what a browser does
//! with it: `cargo run -p corsim-tower --example axum_app` prints the
//! verdicts, and `cargo test -p corsim-tower` runs the tests below (the
//! example is a test target).
//!
//! The layer allows `https://app.example`, with credentials, the methods
//! `GET` and `PUT` and the request header `content-type`, and lets browsers
//! cache a preflight for 600 seconds.

use std::time::Duration;

use axum::http::{header, HeaderValue, Method};
use axum::routing::get;
use axum::Router;
use corsim_tower::{Browser, Credentials, Request};
use tower_http::cors::CorsLayer;

/// The app: `GET /users`, `PUT /users` and `GET /me`, behind the CORS layer.
fn app() -> Router {
    let cors = CorsLayer::new()
        .allow_origin(HeaderValue::from_static("https://app.example"))
        .allow_credentials(true)
        .allow_methods([Method::GET, Method::PUT])
        .allow_headers([header::CONTENT_TYPE])
        .max_age(Duration::from_secs(600));
    Router::new()
        .route("/users", get(|| async { "[]" }).put(|| async { "saved" }))
        .route("/me", get(|| async { "{\"name\":\"ada\"}" }))
        .layer(cors)
}

fn main() -> Result<(), corsim_tower::Error> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a current-thread runtime builds");
    runtime.block_on(async {
        let mut app = app();
        let requests = [
            (
                "https://app.example",
                Request::put("https://api.example/users")
                    .header("content-type", "application/json"),
            ),
            (
                "https://app.example",
                Request::get("https://api.example/me").credentials(Credentials::Include),
            ),
            (
                "https://evil.example",
                Request::get("https://api.example/users"),
            ),
        ];
        for (origin, request) in requests {
            let verdict = Browser::Chrome
                .page(origin)
                .fetch(&mut app, request)
                .await?;
            println!("{verdict}\n");
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use std::panic::{catch_unwind, AssertUnwindSafe};
    use std::sync::{Arc, Mutex};

    use axum::body::Body;
    use tower::ServiceExt as _;

    use super::*;

    /// What reached the app: each request's method, path and CORS headers.
    type Seen = Arc<Mutex<Vec<(String, String, Option<String>, Option<String>)>>>;

    /// The app, behind a layer that records every request reaching it
    /// (preflights included: they are answered by the CORS layer inside).
    fn recorded() -> (
        impl tower::Service<
                axum::http::Request<Body>,
                Response = axum::response::Response,
                Error = std::convert::Infallible,
            > + Clone,
        Seen,
    ) {
        let seen = Seen::default();
        let log = seen.clone();
        let service = app().map_request(move |request: axum::http::Request<Body>| {
            let text = |name: &str| {
                request
                    .headers()
                    .get(name)
                    .map(|v| v.to_str().unwrap().to_owned())
            };
            log.lock().unwrap().push((
                request.method().to_string(),
                request.uri().path().to_owned(),
                text("origin"),
                text("access-control-request-headers"),
            ));
            request
        });
        (service, seen)
    }

    fn put_json() -> Request {
        Request::put("https://api.example/users").header("content-type", "application/json")
    }

    #[tokio::test]
    async fn an_allowed_put_is_preflighted_then_sent() {
        let (mut app, seen) = recorded();
        let verdict = Browser::Chrome
            .page("https://app.example")
            .fetch(&mut app, put_json())
            .await
            .unwrap();
        verdict.assert_ok();
        assert_eq!(verdict.console(), [] as [String; 0]);
        assert_eq!(verdict.preflights(), 1);
        assert_eq!(
            verdict.inner().response().map(|r| r.status),
            Some(200),
            "{}",
            verdict.explain()
        );
        let origin = Some("https://app.example".to_owned());
        assert_eq!(
            *seen.lock().unwrap(),
            [
                (
                    "OPTIONS".to_owned(),
                    "/users".to_owned(),
                    origin.clone(),
                    Some("content-type".to_owned())
                ),
                ("PUT".to_owned(), "/users".to_owned(), origin, None),
            ]
        );
    }

    #[tokio::test]
    async fn another_origin_is_blocked_with_chromes_console_line() {
        let (mut app, seen) = recorded();
        let verdict = Browser::Chrome
            .page("https://evil.example")
            .fetch(&mut app, Request::get("https://api.example/users"))
            .await
            .unwrap();
        verdict.assert_blocked();
        assert_eq!(verdict.console(), [CHROME_EVIL_LINE]);
        // A simple GET is not preflighted: the app saw it (and answered it).
        assert_eq!(seen.lock().unwrap().len(), 1);
    }

    /// `CorsLayer::allow_origin` with one origin sends it whatever the
    /// request's `Origin`: Chrome reports the mismatch.
    const CHROME_EVIL_LINE: &str = "Access to fetch at 'https://api.example/users' from origin \
        'https://evil.example' has been blocked by CORS policy: The 'Access-Control-Allow-Origin' \
        header has a value 'https://app.example' that is not equal to the supplied origin. Have \
        the server send the header with a valid value.";

    #[tokio::test]
    async fn a_credentialed_get_is_allowed_in_every_browser() {
        for browser in [
            Browser::Chrome,
            Browser::Firefox,
            Browser::Safari,
            Browser::Spec,
        ] {
            let (mut app, seen) = recorded();
            let verdict = browser
                .page("https://app.example")
                .fetch(
                    &mut app,
                    Request::get("https://api.example/me").credentials(Credentials::Include),
                )
                .await
                .unwrap();
            verdict.assert_ok();
            assert_eq!(verdict.preflights(), 0, "{browser:?}");
            assert!(verdict.inner().hops[0].credentials, "{browser:?}");
            assert_eq!(seen.lock().unwrap().len(), 1, "{browser:?}");
        }
    }

    #[tokio::test]
    async fn a_second_put_uses_the_cached_preflight_until_max_age() {
        let (mut app, seen) = recorded();
        let mut page = Browser::Chrome.page("https://app.example");
        let first = page.fetch(&mut app, put_json()).await.unwrap();
        page.advance(10.0);
        let second = page.fetch(&mut app, put_json()).await.unwrap();
        first.assert_ok();
        second.assert_ok();
        assert!(!first.cache_hit());
        assert!(second.cache_hit());
        assert_eq!(second.preflights(), 0);
        let methods = |seen: &Seen| -> Vec<String> {
            seen.lock().unwrap().iter().map(|s| s.0.clone()).collect()
        };
        assert_eq!(methods(&seen), ["OPTIONS", "PUT", "PUT"]);
        // Max-Age 600: at second 610 the grant has expired.
        page.advance(600.0);
        let third = page.fetch(&mut app, put_json()).await.unwrap();
        third.assert_ok();
        assert!(!third.cache_hit());
        assert_eq!(methods(&seen), ["OPTIONS", "PUT", "PUT", "OPTIONS", "PUT"]);
    }

    #[tokio::test]
    async fn a_failed_assertion_prints_the_console_line_then_the_explanation() {
        let (mut app, _) = recorded();
        let verdict = Browser::Chrome
            .page("https://evil.example")
            .fetch(&mut app, Request::get("https://api.example/users"))
            .await
            .unwrap();
        let panic = catch_unwind(AssertUnwindSafe(|| {
            verdict.assert_ok();
        }))
        .unwrap_err();
        let message = panic.downcast_ref::<String>().unwrap();
        let lines: Vec<&str> = message.lines().collect();
        assert_eq!(
            lines[..3],
            [
                "expected the script to get a response, but the browser blocked it:",
                CHROME_EVIL_LINE,
                "Chrome: GET https://api.example/users",
            ]
        );
        assert_eq!(lines.last(), Some(&"=> error"));
        assert!(message.ends_with(&verdict.explain()));
    }
}
