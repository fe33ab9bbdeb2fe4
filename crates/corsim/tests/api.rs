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

/// `fix` returns the whole scenario with each fix: n blocked requests give
/// n copies. Past 64 MiB of them it says so, before looking for any fix.
#[test]
fn fix_refuses_more_fixed_scenarios_than_it_returns() {
    let blocked = 300;
    let mut scenario = Scenario::new("https://app.example");
    for i in 0..blocked {
        let url = format!("https://api.example/r/{i}");
        // No Access-Control-Allow-Origin: blocked in every browser. The
        // header makes each request about 850 bytes.
        let mut request = RequestSpec::get(&url);
        request.headers.push(("X-Pad".to_owned(), "a".repeat(800)));
        scenario.requests.push(request);
        scenario.server.insert(
            url,
            corsim::ServerEntry {
                preflight: Some(corsim::scenario::Responses::One(ResponseSpec::new(
                    204,
                    Vec::<(String, String)>::new(),
                ))),
                ..corsim::ServerEntry::default()
            },
        );
    }
    let bytes = serde_json::to_string(&scenario).unwrap().len();
    assert!(blocked * bytes > corsim::fix::MAX_FIXED_BYTES);
    let error = corsim::fix::fix(&scenario, &Browser::ALL).unwrap_err();
    assert_eq!(
        error.to_string(),
        format!(
            "requests[0]: 300 blocked requests; corsim accepts at most {} per corsim fix of a \
             scenario this size (each fix holds the whole scenario, and all of them at most \
             64 MiB)",
            67_108_864 / bytes
        )
    );
}
