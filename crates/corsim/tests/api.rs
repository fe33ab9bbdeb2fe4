//! The Rust API as a user with `http` types meets it.

use corsim::header::safelist::cors_unsafe_request_header_names;
use corsim::header::HeaderList;
use corsim::verdict::{CacheStatus, ErrorCode};
use corsim::{simulate, Browser, CredentialsMode, Outcome, RequestSpec, ResponseSpec, Scenario};
use http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode};

fn allow(origin: &str, extra: &[(&str, &str)]) -> HeaderMap {
    let mut map = HeaderMap::new();
    map.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_str(origin).unwrap(),
    );
    for (n, v) in extra {
        map.append(
            HeaderName::from_bytes(n.as_bytes()).unwrap(),
            HeaderValue::from_str(v).unwrap(),
        );
    }
    map
}

#[test]
fn a_scenario_built_from_http_types() {
    let mut headers = HeaderMap::new();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    headers.insert("x-trace", HeaderValue::from_static("abc"));
    headers.insert(header::AUTHORIZATION, HeaderValue::from_static("Bearer t"));

    let scenario = Scenario::new("https://app.example")
        .request(
            RequestSpec::get("https://api.example/orders")
                .with_method(&Method::DELETE)
                .with_headers(&headers)
                .with_credentials(CredentialsMode::Include),
        )
        .serve(
            "https://api.example/orders",
            Some(ResponseSpec::from_http(
                StatusCode::NO_CONTENT,
                &allow(
                    "https://app.example",
                    &[
                        ("access-control-allow-credentials", "true"),
                        ("access-control-allow-methods", "DELETE"),
                        ("access-control-allow-headers", "content-type, x-trace"),
                    ],
                ),
            )),
            ResponseSpec::from_http(StatusCode::OK, &allow("https://app.example", &[])),
        );

    let verdict = simulate(&scenario, Browser::Chrome).unwrap();
    let request = &verdict.requests[0];
    assert_eq!(request.outcome(), Outcome::Error);
    assert_eq!(
        request.preflights[0].headers,
        [
            ("Origin", "https://app.example"),
            ("Access-Control-Request-Method", "DELETE"),
            (
                "Access-Control-Request-Headers",
                "authorization,content-type,x-trace"
            ),
        ]
        .into_iter()
        .collect::<HeaderList>()
    );
    assert_eq!(request.preflights[0].cache, CacheStatus::Miss);
    let error = request.error().unwrap();
    assert_eq!(error.code(), ErrorCode::HeaderDisallowedByPreflightResponse);
    assert_eq!(error.parameter(), Some("authorization"));
    assert_eq!(
        request.console,
        ["Access to fetch at 'https://api.example/orders' from origin 'https://app.example' has been blocked by CORS policy: Request header field authorization is not allowed by Access-Control-Allow-Headers in preflight response."]
    );
}

#[test]
fn building_blocks_take_http_header_maps() {
    let mut map = HeaderMap::new();
    map.insert("Orange", HeaderValue::from_static("Orange"));
    map.insert("Apple", HeaderValue::from_static("Red"));
    map.insert("Kiwifruit", HeaderValue::from_static("Green"));
    map.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/octet-stream"),
    );
    map.insert("Strawberry", HeaderValue::from_static("Red"));
    let list = HeaderList::from(&map);
    assert_eq!(
        cors_unsafe_request_header_names(&list).join(","),
        "apple,content-type,kiwifruit,orange,strawberry"
    );
}
