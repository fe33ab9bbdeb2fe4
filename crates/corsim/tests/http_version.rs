//! The HTTP version of a server entry (contract additions §2): the default
//! by scheme, the input error for HTTP/2 in cleartext, the version on each
//! preflight and hop, and what each profile's network stack does per
//! version (recorded: tests/browsers/fixtures/*/http-version_*).

use corsim::{simulate, Browser, HttpVersion, Outcome, Scenario};
use serde_json::{json, Value};

fn verdict(scenario: &Value, browser: Browser) -> Value {
    let scenario: Scenario = serde_json::from_value(scenario.clone()).expect("scenario");
    serde_json::to_value(simulate(&scenario, browser).expect("valid")).unwrap()
}

/// A GET answered with `headers`, over `http` (`None`: not said).
fn get(url: &str, http: Option<&str>, status: u16, headers: &Value) -> Value {
    let page = if url.starts_with("https:") {
        "https://app.example"
    } else {
        "http://app.example"
    };
    let mut entry = json!({"actual": {"status": status, "headers": headers}});
    if let Some(http) = http {
        entry["http"] = json!(http);
    }
    json!({"page": page, "requests": [{"url": url}], "server": {url: entry}})
}

#[test]
fn the_version_defaults_by_scheme_and_is_recorded_per_preflight_and_hop() {
    let scenario = json!({
        "page": "http://app.example",
        "requests": [{"url": "https://api.example/a", "method": "PUT"}],
        "server": {
            "https://api.example/a": {
                "preflight": {"status": 204, "headers": [
                    ["Access-Control-Allow-Origin", "http://app.example"],
                    ["Access-Control-Allow-Methods", "PUT"]]},
                "actual": {"status": 307, "headers": [
                    ["Location", "http://api.example/b"],
                    ["Access-Control-Allow-Origin", "http://app.example"]]}
            },
            "http://api.example/b": {
                "preflight": {"status": 204, "headers": [
                    ["Access-Control-Allow-Origin", "*"],
                    ["Access-Control-Allow-Methods", "PUT"]]},
                "actual": {"status": 200, "headers": [
                    ["Access-Control-Allow-Origin", "*"]]}
            }
        }
    });
    let v = verdict(&scenario, Browser::Spec);
    let request = &v["requests"][0];
    let versions = |key: &str| -> Vec<(String, String)> {
        request[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| (h["url"].to_string(), h["http"].to_string()))
            .collect()
    };
    let expected = [
        ("\"https://api.example/a\"".to_owned(), "\"2\"".to_owned()),
        ("\"http://api.example/b\"".to_owned(), "\"1.1\"".to_owned()),
    ];
    assert_eq!(request["outcome"], "ok");
    assert_eq!(versions("preflights"), expected);
    assert_eq!(versions("hops"), expected);
    assert_eq!(HttpVersion::default_for_scheme("https"), HttpVersion::Http2);
    assert_eq!(
        HttpVersion::default_for_scheme("http"),
        HttpVersion::Http1_1
    );
}

#[test]
fn an_entry_says_its_version_and_it_round_trips() {
    let scenario = get(
        "https://api.example/x",
        Some("1.1"),
        200,
        &json!([["Access-Control-Allow-Origin", "*"]]),
    );
    let parsed = Scenario::from_json(&scenario.to_string()).unwrap();
    assert_eq!(parsed.server.0[0].1.http, Some(HttpVersion::Http1_1));
    assert_eq!(
        serde_json::to_value(&parsed.server).unwrap(),
        json!({"https://api.example/x": {"actual": {"status": 200,
            "headers": [["Access-Control-Allow-Origin", "*"]]}, "http": "1.1"}})
    );
    let v = verdict(&scenario, Browser::Chrome);
    assert_eq!(v["requests"][0]["hops"][0]["http"], "1.1");
}

#[test]
fn http2_in_cleartext_is_an_input_error_naming_the_field() {
    let scenario = get("http://api.example/x", Some("2"), 200, &json!([]));
    let parsed = Scenario::from_json(&scenario.to_string()).unwrap();
    let error = simulate(&parsed, Browser::Chrome).unwrap_err();
    assert_eq!(
        error.to_string(),
        "server[\"http://api.example/x\"].http: \"2\" (HTTP/2) on an http: URL: browsers speak \
         HTTP/2 only over TLS, so use \"1.1\" or an https: URL"
    );
}

#[test]
fn a_version_that_is_not_one_is_an_input_error() {
    let scenario = get("https://api.example/x", Some("3"), 200, &json!([]));
    let error = Scenario::from_json(&scenario.to_string()).unwrap_err();
    let [problem] = error.problems() else {
        panic!("one problem: {error}");
    };
    assert_eq!(
        problem.path.to_string(),
        "server[\"https://api.example/x\"][\"http\"]"
    );
    assert_eq!(
        error.to_string(),
        "line 1, column 157: unknown variant `3`, expected `1.1` or `2`"
    );
}

/// `Access-Control-Allow-Origin: "  *  "`: every engine strips the
/// whitespace over HTTP/1.1; over HTTP/2 WebKit (libsoup) keeps it and the
/// check fails (recorded: http-version_h1-acao-star-spaces,
/// http-version_h2-acao-star-spaces, in all three engines).
#[test]
fn whitespace_around_allow_origin_per_profile_and_version() {
    let acao = json!([["Access-Control-Allow-Origin", "  *  "]]);
    let mut seen = Vec::new();
    for browser in Browser::ALL {
        for http in ["1.1", "2"] {
            let scenario = get("https://api.example/x", Some(http), 200, &acao);
            let parsed: Scenario = serde_json::from_value(scenario).unwrap();
            let outcome = simulate(&parsed, browser).unwrap().requests[0].outcome();
            seen.push((browser.name(), http, outcome));
        }
    }
    assert_eq!(
        seen,
        [
            ("chrome", "1.1", Outcome::Ok),
            ("chrome", "2", Outcome::Ok),
            ("firefox", "1.1", Outcome::Ok),
            ("firefox", "2", Outcome::Ok),
            ("safari", "1.1", Outcome::Ok),
            ("safari", "2", Outcome::Error),
            ("spec", "1.1", Outcome::Ok),
            ("spec", "2", Outcome::Ok),
        ]
    );
}

/// `Access-Control-Allow-Credentials: "true "` over HTTP/2 in Safari:
/// the value is not `true` (recorded: http-version_h2-acac-true-trailing-space).
#[test]
fn safari_compares_allow_credentials_as_sent_over_http2() {
    let scenario = json!({
        "page": "https://app.example",
        "requests": [{"url": "https://api.example/x", "credentials": "include"}],
        "server": {"https://api.example/x": {"http": "2", "actual": {"status": 200, "headers": [
            ["Access-Control-Allow-Origin", "https://app.example"],
            ["Access-Control-Allow-Credentials", "true "]]}}}
    });
    let v = verdict(&scenario, Browser::Safari);
    assert_eq!(
        v["requests"][0]["console"],
        json!([
            "Credentials flag is true, but Access-Control-Allow-Credentials is not \"true\".",
            "Fetch API cannot load https://api.example/x due to access control checks."
        ])
    );
    assert_eq!(
        v["requests"][0]["hops"][0]["response_headers"],
        json!([
            ["Access-Control-Allow-Origin", "https://app.example"],
            ["Access-Control-Allow-Credentials", "true "]
        ])
    );
    let mut over_h1 = scenario.clone();
    over_h1["server"]["https://api.example/x"]["http"] = json!("1.1");
    let v = verdict(&over_h1, Browser::Safari);
    assert_eq!(v["requests"][0]["outcome"], "ok");
    assert_eq!(
        v["requests"][0]["hops"][0]["response_headers"][1],
        json!(["Access-Control-Allow-Credentials", "true"])
    );
    let step = v["requests"][0]["trace"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["step"] == "http1-field-values")
        .expect("traced");
    assert_eq!(
        step["anchor"],
        "https://www.rfc-editor.org/rfc/rfc9112#section-5"
    );
    assert_eq!(
        step["summary"],
        "Over HTTP/1.1 the whitespace around a header value is not part of it: the parser \
         strips it from Access-Control-Allow-Credentials: \"true \"."
    );
}

/// Any status from 200 to 999 is a response over either version, in every
/// engine (recorded: http-version_h1-status-680, http-version_h2-status-680,
/// http-version_h1s-status-680), and a preflight answered with one fails
/// its ok-status check.
#[test]
fn status_680_per_version() {
    let acao = json!([["Access-Control-Allow-Origin", "*"]]);
    for browser in Browser::ALL {
        for url in ["http://api.example/x", "https://api.example/x"] {
            for http in [None, Some("1.1")] {
                let v = verdict(&get(url, http, 680, &acao), browser);
                assert_eq!(v["requests"][0]["outcome"], "ok", "{browser} {url}");
                assert_eq!(v["requests"][0]["response"]["status"], 680);
            }
        }
    }
    let scenario = json!({
        "page": "https://app.example",
        "requests": [{"url": "https://api.example/pf", "method": "PUT"}],
        "server": {"https://api.example/pf": {"preflight": {"status": 680, "headers": [
            ["Access-Control-Allow-Origin", "https://app.example"],
            ["Access-Control-Allow-Methods", "PUT"]]}}}
    });
    let v = verdict(&scenario, Browser::Chrome);
    assert_eq!(v["requests"][0]["error"]["code"], "PreflightInvalidStatus");
    assert_eq!(v["requests"][0]["preflights"][0]["http"], "2");
    assert_eq!(
        v["requests"][0]["console"],
        json!([
            "Access to fetch at 'https://api.example/pf' from origin 'https://app.example' \
                has been blocked by CORS policy: Response to preflight request doesn't pass \
                access control check: It does not have HTTP ok status."
        ])
    );
}

/// `corsim fix` compares the value as sent: `"  *  "`, which Safari over
/// HTTP/2 refuses, becomes `*`, and `"true "` becomes `true`.
#[test]
fn the_fix_removes_the_whitespace_safari_keeps_over_http2() {
    let scenario = json!({
        "page": "https://app.example",
        "requests": [
            {"url": "https://api.example/star"},
            {"url": "https://api.example/me", "credentials": "include"}
        ],
        "server": {
            "https://api.example/star": {"actual": {"status": 200, "headers": [
                ["Access-Control-Allow-Origin", "  *  "]]}},
            "https://api.example/me": {"actual": {"status": 200, "headers": [
                ["Access-Control-Allow-Origin", " https://app.example"],
                ["Access-Control-Allow-Credentials", "true "]]}}
        }
    });
    let parsed: Scenario = serde_json::from_value(scenario).unwrap();
    let fixes = corsim::fix::fix(&parsed, &Browser::ALL).unwrap();
    let changes: Vec<Value> = fixes
        .iter()
        .map(|f| {
            assert!(f.still_blocked.is_empty(), "{f:?}");
            serde_json::to_value(&f.change).unwrap()
        })
        .collect();
    assert_eq!(
        changes,
        [
            json!({"url": "https://api.example/star", "actual": {"headers": [
                ["Access-Control-Allow-Origin", "*"]]}}),
            json!({"url": "https://api.example/me", "actual": {"headers": [
                ["Access-Control-Allow-Origin", "https://app.example"],
                ["Access-Control-Allow-Credentials", "true"]]}}),
        ]
    );
}

/// Firefox adds `X-Firefox-Spdy: h2` to what it received over HTTP/2, and
/// scripts read it; it is not what the server sent (recorded:
/// http-version_h2-same-origin-headers, -expose-star, -expose-spdy, and their
/// h1 and h1s twins without it).
#[test]
fn firefox_shows_x_firefox_spdy_over_http2() {
    let same_origin = |http: &str| {
        json!({
            "page": "https://api.example",
            "requests": [{"url": "https://api.example/same"}],
            "server": {"https://api.example/same": {"http": http, "actual": {"status": 200,
                "headers": [["Content-Type", "text/plain"], ["X-B", "1"]]}}}
        })
    };
    let v = verdict(&same_origin("2"), Browser::Firefox);
    let request = &v["requests"][0];
    assert_eq!(
        request["response"]["readable_headers"],
        json!(["content-type", "x-b", "x-firefox-spdy"])
    );
    assert_eq!(
        request["hops"][0]["response_headers"],
        json!([["Content-Type", "text/plain"], ["X-B", "1"]])
    );
    let v = verdict(&same_origin("1.1"), Browser::Firefox);
    assert_eq!(
        v["requests"][0]["response"]["readable_headers"],
        json!(["content-type", "x-b"])
    );
    let v = verdict(&same_origin("2"), Browser::Chrome);
    assert_eq!(
        v["requests"][0]["response"]["readable_headers"],
        json!(["content-type", "x-b"])
    );
    let exposed = |list: &str| {
        json!({
            "page": "https://app.example",
            "requests": [{"url": "https://api.example/ws"}],
            "server": {"https://api.example/ws": {"actual": {"status": 200, "headers": [
                ["Access-Control-Allow-Origin", "https://app.example"],
                ["Access-Control-Expose-Headers", list], ["X-B", "1"]]}}}
        })
    };
    let readable = |list: &str| {
        verdict(&exposed(list), Browser::Firefox)["requests"][0]["response"]["readable_headers"]
            .clone()
    };
    assert_eq!(readable("X-B"), json!(["x-b"]));
    assert_eq!(
        readable("X-Firefox-Spdy, X-B"),
        json!(["x-b", "x-firefox-spdy"])
    );
    assert_eq!(
        readable("*"),
        json!([
            "access-control-allow-origin",
            "access-control-expose-headers",
            "x-b",
            "x-firefox-spdy"
        ])
    );
}
