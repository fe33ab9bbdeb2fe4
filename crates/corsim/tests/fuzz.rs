//! A fuzzer over whole scenarios, in `cargo test`: a proptest generator of
//! scenarios (valid and hostile: any method, header and status, control
//! characters, bidi overrides and huge values, redirects and lists of
//! responses, every mode) and of mutated corpus documents, run through the
//! reader and every profile, with and without the trace.
//!
//! Properties: nothing panics; reading is an input error or a scenario;
//! simulating is an input error (whose every message is escaped) or one
//! verdict per request; the verdict without the trace is the verdict with
//! it, trace removed; the verdict serializes; an input error never shows a
//! raw control character.
//!
//! `cargo test -p corsim --test fuzz` runs 256 cases per property; CI runs
//! more for a bounded time (`CORSIM_FUZZ_CASES`, `.ci/run`).

use corsim::escape::needs_escape;
use corsim::{simulate_with, Browser, Options, Scenario};
use proptest::prelude::*;
use serde_json::{json, Value};

fn cases() -> u32 {
    std::env::var("CORSIM_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256)
}

/// Text a hostile scenario might hold: ordinary words, tokens, control
/// characters, bidi overrides, non-ASCII, and now and then a long run.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-zA-Z0-9 ,;=*/._-]{0,12}",
        1 => "[\\x00-\\x1f\\x7f\u{85}\u{202e}\u{200b}\u{2028}é日]{0,4}",
        1 => Just("https://app.example".to_owned()),
        1 => Just("*".to_owned()),
        1 => Just("null".to_owned()),
        1 => (0usize..3000).prop_map(|n| "a".repeat(n)),
    ]
}

fn header_name() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("Access-Control-Allow-Origin".to_owned()),
        Just("Access-Control-Allow-Credentials".to_owned()),
        Just("Access-Control-Allow-Methods".to_owned()),
        Just("Access-Control-Allow-Headers".to_owned()),
        Just("Access-Control-Expose-Headers".to_owned()),
        Just("Access-Control-Max-Age".to_owned()),
        Just("Location".to_owned()),
        Just("Content-Type".to_owned()),
        Just("Range".to_owned()),
        Just("Authorization".to_owned()),
        Just("X-Custom".to_owned()),
        Just("Set-Cookie".to_owned()),
        "[a-zA-Z-]{1,10}",
        text(),
    ]
}

fn header_value() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("https://app.example".to_owned()),
        Just("*".to_owned()),
        Just("true".to_owned()),
        Just("PUT, DELETE".to_owned()),
        Just("x-custom, content-type".to_owned()),
        Just("600".to_owned()),
        Just("/b".to_owned()),
        Just("https://api.example/b".to_owned()),
        Just("data:,x".to_owned()),
        Just("bytes=0-1".to_owned()),
        Just("application/json".to_owned()),
        text(),
    ]
}

fn headers() -> impl Strategy<Value = Vec<(String, String)>> {
    proptest::collection::vec((header_name(), header_value()), 0..6)
}

fn url() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => Just("https://api.example/a".to_owned()),
        2 => Just("https://api.example/b".to_owned()),
        1 => Just("https://app.example/same".to_owned()),
        1 => Just("http://api.example/a".to_owned()),
        1 => Just("https://u:p@api.example/a".to_owned()),
        1 => Just("data:text/plain,hi".to_owned()),
        1 => Just("ftp://api.example/a".to_owned()),
        1 => text(),
    ]
}

fn response() -> impl Strategy<Value = Value> {
    (
        prop_oneof![
            Just(200u32),
            Just(204),
            Just(301),
            Just(302),
            Just(303),
            Just(307),
            Just(308),
            Just(404),
            Just(407),
            Just(500),
            Just(680),
            0u32..1100
        ],
        headers(),
    )
        .prop_map(|(status, headers)| json!({"status": status, "headers": headers}))
}

fn responses() -> impl Strategy<Value = Value> {
    prop_oneof![
        3 => response(),
        1 => proptest::collection::vec(response(), 0..3).prop_map(Value::from),
    ]
}

fn request() -> impl Strategy<Value = Value> {
    (
        (
            prop_oneof![Just("fetch"), Just("xhr")],
            url(),
            prop_oneof![
                Just("GET".to_owned()),
                Just("PUT".to_owned()),
                Just("post".to_owned()),
                Just("OPTIONS".to_owned()),
                Just("TRACE".to_owned()),
                text()
            ],
            headers(),
        ),
        (
            prop_oneof![Just("omit"), Just("same-origin"), Just("include")],
            prop_oneof![Just("cors"), Just("no-cors"), Just("same-origin")],
            prop_oneof![Just("follow"), Just("error"), Just("manual")],
            proptest::option::of(prop_oneof![
                Just("string"),
                Just("blob"),
                Just("formdata"),
                Just("stream")
            ]),
            prop_oneof![Just("none"), Just("before-send"), Just("after-send")],
            prop_oneof![Just(0.0), 0.0f64..20.0, Just(-0.0), Just(-1.0)],
        ),
    )
        .prop_map(
            |((api, url, method, headers), (credentials, mode, redirect, body, listener, at))| {
                json!({
                    "api": api, "url": url, "method": method, "headers": headers,
                    "credentials": credentials, "mode": mode, "redirect": redirect,
                    "body": body.map(|kind| json!({"kind": kind, "type": "text/plain"})),
                    "upload_listener": listener, "at": at,
                })
            },
        )
}

fn scenario() -> impl Strategy<Value = Value> {
    (
        prop_oneof![
            6 => Just("https://app.example".to_owned()),
            1 => Just("null".to_owned()),
            1 => Just("http://app.example".to_owned()),
            1 => text()
        ],
        proptest::collection::vec(request(), 0..4),
        // Mostly entries for the URLs requests go to (so most scenarios
        // run), sometimes for any URL.
        proptest::collection::vec(
            (
                prop_oneof![
                    3 => Just("https://api.example/a".to_owned()),
                    3 => Just("https://api.example/b".to_owned()),
                    2 => Just("https://app.example/same".to_owned()),
                    1 => Just("http://api.example/a".to_owned()),
                    1 => url(),
                ],
                prop::bool::weighted(0.1),
                proptest::option::of(responses()),
                proptest::option::of(responses()),
            ),
            0..6,
        ),
    )
        .prop_map(|(page, mut requests, entries)| {
            // Requests run in order: keep the clock going forward mostly.
            let mut at = 0.0;
            for r in &mut requests {
                at += r["at"].as_f64().unwrap_or(0.0).abs();
                if at.is_finite() && r["at"].as_f64().is_some_and(|a| a >= 0.0) {
                    r["at"] = json!(at);
                }
            }
            let mut server = serde_json::Map::new();
            for (url, unreachable, preflight, actual) in entries {
                let mut entry = serde_json::Map::new();
                if unreachable {
                    entry.insert("unreachable".into(), json!(true));
                }
                if let Some(p) = preflight {
                    entry.insert("preflight".into(), p);
                }
                if let Some(a) = actual {
                    entry.insert("actual".into(), a);
                }
                server.insert(url, Value::Object(entry));
            }
            json!({"page": page, "requests": requests, "server": server})
        })
}

/// Runs one document through the reader and every profile, checking the
/// properties.
fn check(text: &str) -> Result<(), TestCaseError> {
    let scenario = match Scenario::from_json(text) {
        Ok(scenario) => scenario,
        Err(e) => {
            let shown = e.to_string();
            prop_assert!(
                !shown.contains(|c| needs_escape(c) && c != '\n'),
                "{shown:?}"
            );
            return Ok(());
        }
    };
    for browser in Browser::ALL {
        let with = simulate_with(&scenario, browser, Options::default());
        let without = simulate_with(&scenario, browser, Options::without_trace());
        match (with, without) {
            (Ok(with), Ok(without)) => {
                prop_assert_eq!(with.requests.len(), scenario.requests.len());
                let mut with = serde_json::to_value(&with).expect("serializes");
                let without = serde_json::to_value(&without).expect("serializes");
                for request in with["requests"].as_array_mut().expect("requests") {
                    request["trace"] = json!([]);
                }
                prop_assert_eq!(with, without);
            }
            (Err(a), Err(b)) => {
                prop_assert_eq!(a.to_string(), b.to_string());
                let shown = a.to_string();
                prop_assert!(
                    !shown.contains(|c| needs_escape(c) && c != '\n'),
                    "{shown:?}"
                );
            }
            (a, b) => prop_assert!(false, "trace changed the outcome: {a:?} / {b:?}"),
        }
    }
    Ok(())
}

/// The corpus scenarios, as JSON text, to mutate (read once).
fn corpus_texts() -> &'static [String] {
    static TEXTS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    TEXTS.get_or_init(read_corpus_texts)
}

fn read_corpus_texts() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpus");
    let mut texts = Vec::new();
    for entry in std::fs::read_dir(dir).expect("the corpus") {
        let path = entry.expect("an entry").path();
        if path.extension().is_some_and(|x| x == "json") {
            let doc: Value =
                serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            for case in doc["cases"].as_array().expect("cases").iter().step_by(7) {
                texts.push(case["scenario"].to_string());
            }
        }
    }
    texts.sort();
    texts
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    /// Generated scenarios, valid and hostile.
    #[test]
    fn generated_scenarios(doc in scenario()) {
        check(&doc.to_string())?;
    }

    /// Corpus documents with bytes changed, inserted or removed.
    #[test]
    fn mutated_corpus_documents(
        pick in any::<prop::sample::Index>(),
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 1..6),
    ) {
        let texts = corpus_texts();
        let mut bytes = texts[pick.index(texts.len())].clone().into_bytes();
        for (at, byte, kind) in edits {
            let i = at.index(bytes.len().max(1));
            match kind {
                0 if i < bytes.len() => bytes[i] = byte,
                1 => bytes.insert(i.min(bytes.len()), byte),
                _ if i < bytes.len() => { bytes.remove(i); }
                _ => {}
            }
        }
        if let Ok(text) = String::from_utf8(bytes) {
            check(&text)?;
        }
    }
}

/// The generator reaches the engine: most generated scenarios read, and a
/// good share run to verdicts in every profile (a generator that only made
/// input errors would test the reader alone).
#[test]
fn the_generator_reaches_the_engine() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::from_seed(RngAlgorithm::ChaCha, &[7; 32]),
    );
    let (mut read, mut ran) = (0, 0);
    for _ in 0..400 {
        let doc = scenario()
            .new_tree(&mut runner)
            .expect("a scenario")
            .current();
        if let Ok(parsed) = Scenario::from_json(&doc.to_string()) {
            read += 1;
            if Browser::ALL
                .iter()
                .all(|&b| simulate_with(&parsed, b, Options::without_trace()).is_ok())
            {
                ran += 1;
            }
        }
    }
    assert!(read >= 300, "only {read} of 400 generated scenarios read");
    assert!(
        ran >= 100,
        "only {ran} of 400 generated scenarios ran to verdicts"
    );
}
