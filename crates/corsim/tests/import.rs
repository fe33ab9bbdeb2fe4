//! `corsim::import` against every console line the real browsers printed.
//!
//! For every request of every recording in `tests/browsers/fixtures/<engine>/`
//! that printed something, its console lines are pasted (as they are, and
//! with the noise people paste around them: timestamps, source locations,
//! network-log lines, the script's own `TypeError`), imported, and the
//! imported scenario is simulated with that engine's profile: it must print
//! exactly the recorded lines, and give the recorded `error.code` wherever
//! the lines tell which code it is. Chromium's lines are pasted a third
//! time with the network line the console shows beside them (written here
//! from the recorded request's method and URL): the import must take that
//! method, and still print the lines and give the code.
//!
//! Where the words of a browser do not tell two codes apart (Safari's
//! "Origin … is not allowed by Access-Control-Allow-Origin." is printed for
//! a missing header and for a wrong one, on a preflight or on the response),
//! the code is checked to be one of those the line allows; the counts are
//! printed.
#![cfg(feature = "import")]

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use corsim::import::{import_evidence, Assumption, EvidenceKind, Subject};
use corsim::{simulate, Browser};
use serde_json::Value;

const ENGINES: [(&str, Browser); 3] = [
    ("chromium", Browser::Chrome),
    ("firefox", Browser::Firefox),
    ("webkit", Browser::Safari),
];

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/browsers/fixtures")
}

/// `<engine> <fixture>` pairs where the profile knowingly differs from the
/// engine (`tests/browsers/deviations.txt`): the simulation cannot print
/// what the browser printed, so neither can an import.
fn deviations() -> Vec<(String, String)> {
    let text = fs::read_to_string(fixtures_dir().join("../deviations.txt")).unwrap();
    text.lines()
        .filter(|l| !l.trim_start().starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let mut words = l.split_whitespace();
            Some((words.next()?.to_owned(), words.next()?.to_owned()))
        })
        .collect()
}

/// The codes a console line cannot tell apart from `code`.
fn same_words(browser: Browser, code: &str) -> &'static [&'static str] {
    const ORIGIN: &[&str] = &[
        "MissingAllowOriginHeader",
        "AllowOriginMismatch",
        "InvalidAllowOriginValue",
        "PreflightMissingAllowOriginHeader",
        "PreflightAllowOriginMismatch",
        "PreflightInvalidAllowOriginValue",
    ];
    const MULTIPLE: &[&str] = &[
        "MultipleAllowOriginValues",
        "PreflightMultipleAllowOriginValues",
    ];
    const WILDCARD: &[&str] = &[
        "WildcardOriginNotAllowed",
        "PreflightWildcardOriginNotAllowed",
    ];
    const CREDENTIALS: &[&str] = &[
        "InvalidAllowCredentials",
        "PreflightInvalidAllowCredentials",
    ];
    const STATUS: &[&str] = &["PreflightInvalidStatus", "PreflightDisallowedRedirect"];
    // Firefox prints "CORS request did not succeed" alone for these (and,
    // with "Status code: (null)", when Local Network Access refused).
    const DID_NOT_SUCCEED: &[&str] = &[
        "NetworkError",
        "LocalNetworkAccessPermissionDenied",
        "RedirectToNonHttpScheme",
        "InvalidResponse",
        "RedirectContainsCredentials",
        "InvalidRedirectLocation",
    ];
    // A failed check followed by "did not succeed": on the preflight, or on
    // a redirect response.
    const MISMATCH_ANYWHERE: &[&str] = &[
        "AllowOriginMismatch",
        "InvalidAllowOriginValue",
        "PreflightAllowOriginMismatch",
        "PreflightInvalidAllowOriginValue",
    ];
    match browser {
        Browser::Chrome => &[],
        Browser::Firefox => [
            DID_NOT_SUCCEED,
            MISMATCH_ANYWHERE,
            MULTIPLE,
            WILDCARD,
            CREDENTIALS,
        ]
        .into_iter()
        .chain([&[
            "MissingAllowOriginHeader",
            "PreflightMissingAllowOriginHeader",
        ][..]])
        .find(|set| set.contains(&code))
        .unwrap_or(&[]),
        _ => [ORIGIN, MULTIPLE, WILDCARD, CREDENTIALS, STATUS]
            .into_iter()
            .find(|set| set.contains(&code))
            .unwrap_or(&[]),
    }
}

/// The lines as a person pastes them from the browser's console.
fn with_noise(browser: Browser, lines: &[String]) -> String {
    let mut out = String::new();
    match browser {
        Browser::Chrome => {
            for l in lines {
                let _ = writeln!(out, "app.js:12 {l}");
                out.push_str("GET https://api.example/data net::ERR_FAILED 200 (OK)\n");
            }
            out.push_str("Failed to load resource: net::ERR_FAILED\n");
            out.push_str("Uncaught (in promise) TypeError: Failed to fetch\n    at app.js:12:5\n");
        }
        Browser::Firefox => {
            for l in lines {
                let _ = writeln!(out, "12:34:56.789 {l} app.js:3:1");
            }
            out.push_str(
                "Uncaught (in promise) TypeError: NetworkError when attempting to fetch resource.\n",
            );
        }
        _ => {
            out.push_str("[Log] starting (app.js, line 1)\n");
            for l in lines {
                let _ = writeln!(out, "[Error] {l} (app.js, line 12)");
            }
            out.push_str("[Error] Unhandled Promise Rejection: TypeError: Load failed\n");
        }
    }
    out
}

/// The network line of Chrome's developer tools for the request whose console lines these
/// are (`app.js:12  PUT https://api.example/users net::ERR_FAILED`), and the
/// method it names: the request's, normalized as `fetch()` does. `None` for a
/// redirected request (the line names the last URL, and a redirect may have
/// changed the method) and for messages that name no URL.
fn network_line(request: &Value, lines: &[String]) -> Option<(String, String)> {
    let line = lines.last()?;
    if line.contains("(redirected from ") {
        return None;
    }
    let rest = line
        .strip_prefix("Access to fetch at '")
        .or_else(|| line.strip_prefix("Access to XMLHttpRequest at '"))?;
    let url = &rest[..rest.find('\'')?];
    let method = request["method"].as_str().unwrap_or("GET");
    let normalized = ["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"]
        .into_iter()
        .find(|m| m.eq_ignore_ascii_case(method))
        .unwrap_or(method);
    Some((
        format!("app.js:12  {normalized} {url} net::ERR_FAILED"),
        normalized.to_owned(),
    ))
}

#[derive(Default)]
struct Counts {
    /// Requests imported with Chrome's network line under their lines.
    methods: usize,
    requests: usize,
    lines: usize,
    reproduced: usize,
    codes_exact: usize,
    codes_ambiguous: usize,
    codes_unrecorded: usize,
}

#[test]
#[allow(clippy::too_many_lines)]
fn every_recorded_console_line_imports_to_a_scenario_that_prints_it() {
    let deviations = deviations();
    let mut failures = Vec::new();
    let mut totals: BTreeMap<&str, Counts> = BTreeMap::new();
    for (engine, browser) in ENGINES {
        let counts = totals.entry(engine).or_default();
        let mut paths: Vec<_> = fs::read_dir(fixtures_dir().join(engine))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        paths.sort();
        for path in paths {
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            if deviations.contains(&(engine.to_owned(), name.clone())) {
                continue;
            }
            let fixture: Value = serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
            let Some(requests) = fixture["verdict"]["requests"].as_array() else {
                continue;
            };
            for (i, recorded) in requests.iter().enumerate() {
                let lines: Vec<String> = recorded["console"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|l| l.as_str().unwrap().to_owned())
                    .collect();
                if lines.is_empty() {
                    continue;
                }
                counts.requests += 1;
                counts.lines += lines.len();
                let recorded_code = recorded["error"]["code"].as_str();
                let mut ok = true;
                let network = (browser == Browser::Chrome)
                    .then(|| network_line(&fixture["scenario"]["requests"][i], &lines))
                    .flatten();
                let mut variants = vec![
                    ("plain", lines.join("\n")),
                    ("noisy", with_noise(browser, &lines)),
                ];
                if let Some((line, _)) = &network {
                    variants.push(("network", format!("{}\n{line}", lines.join("\n"))));
                }
                for (variant, text) in variants {
                    let place = format!("{engine}/{name} request {i} ({variant})");
                    let imported = match import_evidence(&text) {
                        Ok(imported) => imported,
                        Err(e) => {
                            failures.push(format!("{place}: import failed: {e}\n  {lines:?}"));
                            ok = false;
                            continue;
                        }
                    };
                    assert_eq!(imported.kind, EvidenceKind::Console, "{place}");
                    assert_eq!(imported.browser, Some(browser), "{place}");
                    let verdict = match simulate(&imported.scenario, browser) {
                        Ok(v) => v,
                        Err(e) => {
                            failures
                                .push(format!("{place}: the imported scenario is invalid: {e}"));
                            ok = false;
                            continue;
                        }
                    };
                    let printed: Vec<String> = verdict
                        .requests
                        .iter()
                        .flat_map(|r| r.console.clone())
                        .collect();
                    if printed != lines {
                        failures.push(format!(
                            "{place}: console differs\n  recorded: {lines:?}\n  imported: {printed:?}\n  scenario: {}",
                            imported.to_json().replace('\n', "")
                        ));
                        ok = false;
                        continue;
                    }
                    let code = verdict
                        .requests
                        .last()
                        .and_then(|r| r.error())
                        .map(|e| e.code().as_str());
                    if variant == "network" {
                        let method = &imported.scenario.requests[0].method;
                        if let Some((_, want)) = network.as_ref().filter(|(_, m)| m != method) {
                            failures.push(format!(
                                "{place}: method {method}, the network line names {want}\n  {lines:?}"
                            ));
                            ok = false;
                        }
                        counts.methods += 1;
                    }
                    // The noise changes nothing but the lines read; the
                    // network line changes the method, so its code is
                    // checked too (and counted once, with the plain paste).
                    if variant == "noisy" {
                        continue;
                    }
                    let count = match recorded_code {
                        None => &mut counts.codes_unrecorded,
                        Some(want) if code == Some(want) => &mut counts.codes_exact,
                        Some(want)
                            if code.is_some_and(|c| same_words(browser, want).contains(&c)) =>
                        {
                            &mut counts.codes_ambiguous
                        }
                        Some(want) => {
                            failures.push(format!(
                                "{place}: error code {code:?}, recorded {want}\n  {lines:?}"
                            ));
                            ok = false;
                            continue;
                        }
                    };
                    if variant == "plain" {
                        *count += 1;
                    }
                }
                if ok {
                    counts.reproduced += 1;
                }
            }
        }
    }
    for (engine, c) in &totals {
        eprintln!(
            "{engine}: {} requests ({} console lines) imported, {} reproduced; error code: {} exact, {} that the words cannot tell apart, {} not recorded; {} imported again with the method of a network line",
            c.requests, c.lines, c.reproduced, c.codes_exact, c.codes_ambiguous, c.codes_unrecorded, c.methods
        );
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Every console line the profiles print for the conformance corpus and for
/// the recorded scenarios (many more shapes than the browsers were recorded
/// with) imports to a scenario that prints it again, with an error code the
/// words allow.
#[test]
#[allow(clippy::too_many_lines)]
fn every_simulated_console_line_imports_back() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut scenarios: Vec<(String, Value)> = Vec::new();
    let mut corpus: Vec<_> = fs::read_dir(root.join("tests/corpus"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    corpus.sort();
    for file in corpus {
        let doc: Value = serde_json::from_str(&fs::read_to_string(&file).unwrap()).unwrap();
        for case in doc["cases"].as_array().unwrap() {
            scenarios.push((
                format!("corpus {}", case["name"].as_str().unwrap_or("?")),
                case["scenario"].clone(),
            ));
        }
    }
    for (engine, _) in ENGINES {
        let mut paths: Vec<_> = fs::read_dir(fixtures_dir().join(engine))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        paths.sort();
        for path in paths {
            let fixture: Value = serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
            scenarios.push((format!("{}", path.display()), fixture["scenario"].clone()));
        }
    }
    let mut failures = Vec::new();
    let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut whole = 0;
    let mut singles: BTreeMap<&str, Vec<Vec<String>>> = BTreeMap::new();
    for (name, scenario) in &scenarios {
        let Ok(scenario) = corsim::Scenario::from_json(&scenario.to_string()) else {
            continue;
        };
        for (_, browser) in ENGINES {
            let Ok(verdict) = simulate(&scenario, browser) else {
                continue;
            };
            // All of the scenario's lines at once.
            let all: Vec<String> = verdict
                .requests
                .iter()
                .flat_map(|r| r.console.clone())
                .collect();
            if verdict
                .requests
                .iter()
                .filter(|r| !r.console.is_empty())
                .count()
                > 1
            {
                whole += 1;
                match import_evidence(&all.join("\n")) {
                    Ok(imported) => {
                        let again = simulate(&imported.scenario, browser).unwrap();
                        let printed: Vec<String> = again
                            .requests
                            .iter()
                            .flat_map(|r| r.console.clone())
                            .collect();
                        if printed != all {
                            failures.push(format!(
                                "{browser} {name} (all at once): console differs\n  wanted:   {all:?}\n  imported: {printed:?}"
                            ));
                        }
                    }
                    Err(e) => failures.push(format!("{browser} {name} (all at once): {e}")),
                }
            }
            for (i, request) in verdict.requests.iter().enumerate() {
                if request.console.is_empty() {
                    continue;
                }
                singles
                    .entry(browser.name())
                    .or_default()
                    .push(request.console.clone());
                let c = counts.entry(browser.name()).or_default();
                c.0 += 1;
                let place = format!("{browser} {name} request {i}");
                let imported = match import_evidence(&request.console.join("\n")) {
                    Ok(imported) => imported,
                    Err(e) => {
                        failures.push(format!("{place}: {e}"));
                        continue;
                    }
                };
                let again = simulate(&imported.scenario, browser).unwrap();
                let printed: Vec<String> = again
                    .requests
                    .iter()
                    .flat_map(|r| r.console.clone())
                    .collect();
                if printed != request.console {
                    failures.push(format!(
                        "{place}: console differs\n  wanted:   {:?}\n  imported: {printed:?}",
                        request.console
                    ));
                    continue;
                }
                let want = request.error().map(|e| e.code().as_str());
                let got = again
                    .requests
                    .last()
                    .and_then(|r| r.error())
                    .map(|e| e.code().as_str());
                match (want, got) {
                    (Some(w), Some(g)) if w == g || same_words(browser, w).contains(&g) => c.1 += 1,
                    (None, None) => c.1 += 1,
                    // Safari prints one line for several failures that are
                    // not CORS errors (a redirect mode, a scheme, a URL with
                    // credentials): the words do not tell which.
                    (Some(_), Some(_)) if browser == Browser::Safari => c.1 += 1,
                    _ => failures.push(format!(
                        "{place}: code {got:?}, wanted {want:?}\n  {:?}",
                        request.console
                    )),
                }
            }
        }
    }
    for (browser, (n, ok)) in &counts {
        eprintln!("{browser}: {n} simulated requests with console lines, {ok} imported back");
    }
    eprintln!("{whole} simulations with several requests that print, pasted at once");
    // Two requests' lines pasted together, each with the next one.
    let mut pairs = 0;
    for (browser, (_, b)) in singles.iter().zip(ENGINES) {
        for pair in browser.1.windows(2) {
            let all: Vec<String> = pair.concat();
            pairs += 1;
            match import_evidence(&all.join("\n")) {
                Ok(imported) => {
                    let again = simulate(&imported.scenario, b).unwrap();
                    let printed: Vec<String> = again
                        .requests
                        .iter()
                        .flat_map(|r| r.console.clone())
                        .collect();
                    if printed != all {
                        failures.push(format!(
                            "{} pair: console differs\n  wanted:   {all:?}\n  imported: {printed:?}", browser.0
                        ));
                    }
                }
                // One scenario has one page.
                Err(e) if e.message.starts_with("the messages come from two pages") => pairs -= 1,
                // One scenario decides each permission once.
                Err(e) if e.message.contains("permission both denied and granted") => pairs -= 1,
                Err(e) => failures.push(format!("{} pair {all:?}: {e}", browser.0)),
            }
        }
    }
    eprintln!("{pairs} pairs of requests pasted together");
    failures.sort();
    failures.dedup();
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

fn import_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/import")
}

/// The HAR files Playwright recorded in Chromium and Firefox
/// (`tests/import/record-har.mjs`): the imported scenario, simulated in the
/// browser that wrote the HAR, ends as the page's fetch did.
#[test]
fn recorded_har_files_import_to_what_the_page_saw() {
    let mut seen = 0;
    for (engine, browser) in [("chromium", Browser::Chrome), ("firefox", Browser::Firefox)] {
        for name in [
            "allowed",
            "missing-acao",
            "preflight-disallowed-header",
            "redirect",
        ] {
            let dir = import_dir().join("har").join(engine);
            let har = fs::read_to_string(dir.join(format!("{name}.har"))).unwrap();
            let result: Value = serde_json::from_str(
                &fs::read_to_string(dir.join(format!("{name}.result.json"))).unwrap(),
            )
            .unwrap();
            let imported = import_evidence(&har).unwrap_or_else(|e| panic!("{engine}/{name}: {e}"));
            assert_eq!(imported.kind, EvidenceKind::Har);
            assert_eq!(imported.browser, Some(browser), "{engine}/{name}");
            assert!(
                imported.scenario.page.starts_with("https://app.example:"),
                "{engine}/{name}"
            );
            let verdict = simulate(&imported.scenario, browser).unwrap();
            let request = &verdict.requests[0];
            assert_eq!(verdict.requests.len(), 1, "{engine}/{name}");
            assert_eq!(
                if request.is_ok() { "ok" } else { "error" },
                result["outcome"].as_str().unwrap(),
                "{engine}/{name}: {}",
                imported.to_json()
            );
            if let Some(status) = result["status"].as_u64() {
                assert_eq!(u64::from(request.response().unwrap().status), status);
            }
            let code = request.error().map(|e| e.code().as_str());
            let want = match name {
                "missing-acao" => Some("MissingAllowOriginHeader"),
                // The HAR has neither the preflight nor a response: assumed
                // an OPTIONS answer without CORS headers.
                "preflight-disallowed-header" => Some("PreflightMissingAllowOriginHeader"),
                _ => None,
            };
            assert_eq!(code, want, "{engine}/{name}");
            if name == "redirect" {
                assert_eq!(verdict.requests[0].hops.len(), 2);
                assert!(verdict.requests[0].hops[1].url.ends_with("/allowed"));
            }
            if name == "allowed" || name == "preflight-disallowed-header" {
                assert_eq!(imported.scenario.requests[0].method, "PUT");
                // Chromium's HAR spells names as they went over the wire
                // (lowercase over HTTP/2).
                let headers = &imported.scenario.requests[0].headers;
                assert_eq!(headers.len(), 1, "{engine}/{name}");
                assert_eq!(headers[0].0.to_ascii_lowercase(), "x-trace");
                assert_eq!(headers[0].1, "1");
            }
            seen += 1;
        }
    }
    assert_eq!(seen, 8);
}

/// A HAR as `DevTools` saves it, with the preflight as its own entry
/// (`_resourceType: "preflight"`, lowercase HTTP/2 header names): the
/// preflight's answer is what the server said to OPTIONS. (Written here from
/// the HAR 1.2 format; Playwright's recorder leaves preflights out.)
#[test]
fn har_preflight_entries_are_the_server_s_answer_to_options() {
    let har = r#"{"log": {"version": "1.2", "creator": {"name": "WebInspector", "version": "537.36"},
      "pages": [{"id": "page_1", "title": "https://app.example/"}],
      "entries": [
        {"_resourceType": "preflight", "request": {"method": "OPTIONS", "url": "https://api.example/users",
          "httpVersion": "http/2.0", "headers": [
            {"name": ":method", "value": "OPTIONS"}, {"name": "origin", "value": "https://app.example"},
            {"name": "access-control-request-method", "value": "PUT"},
            {"name": "access-control-request-headers", "value": "x-trace"}], "cookies": []},
         "response": {"status": 204, "httpVersion": "http/2.0", "headers": [
            {"name": ":status", "value": "204"},
            {"name": "access-control-allow-origin", "value": "https://app.example"},
            {"name": "access-control-allow-methods", "value": "PUT"}]}},
        {"_resourceType": "fetch", "request": {"method": "PUT", "url": "https://api.example/users",
          "httpVersion": "http/2.0", "headers": [{"name": "x-trace", "value": "7"},
            {"name": "referer", "value": "https://app.example/"}], "cookies": []},
         "response": {"status": 0, "headers": [], "_error": "net::ERR_FAILED"}}
      ]}}"#;
    let imported = import_evidence(har).unwrap();
    assert_eq!(imported.browser, Some(Browser::Chrome));
    assert_eq!(imported.scenario.page, "https://app.example");
    assert_eq!(imported.scenario.requests[0].method, "PUT");
    assert_eq!(
        imported.scenario.requests[0].headers,
        [("x-trace".to_owned(), "7".to_owned())]
    );
    let verdict = simulate(&imported.scenario, Browser::Chrome).unwrap();
    assert_eq!(
        verdict.requests[0].console,
        ["Access to fetch at 'https://api.example/users' from origin 'https://app.example' has been blocked by CORS policy: Request header field x-trace is not allowed by Access-Control-Allow-Headers in preflight response."]
    );
}

/// The `curl -v` transcripts recorded with the real curl
/// (`tests/import/record-curl.mjs`), HTTP/1.1 and HTTP/2.
#[test]
fn recorded_curl_transcripts_import_exactly() {
    let cases = [
        (
            "missing-acao-http1",
            "GET",
            "http://api.example:",
            // curl sent `Origin: https://app.example` to an `http:` URL: a
            // browser on that page blocks the request as mixed content.
            Some("MixedContent"),
        ),
        (
            "preflight-no-header-h2",
            "PUT",
            "https://api.example:",
            Some("HeaderDisallowedByPreflightResponse"),
        ),
        ("redirect-h2", "GET", "https://api.example:", None),
        // No OPTIONS in the transcript: the server's answer to a preflight
        // is assumed to have no CORS headers.
        (
            "allowed-put-http1",
            "PUT",
            "http://api.example:",
            Some("MixedContent"),
        ),
        (
            "no-origin-h2",
            "GET",
            "https://api.example:",
            Some("MissingAllowOriginHeader"),
        ),
    ];
    for (name, method, url, code) in cases {
        let text =
            fs::read_to_string(import_dir().join("curl").join(format!("{name}.txt"))).unwrap();
        let imported = import_evidence(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(imported.kind, EvidenceKind::Curl, "{name}");
        assert_eq!(imported.browser, None);
        assert_eq!(imported.scenario.page, "https://app.example", "{name}");
        let request = &imported.scenario.requests[0];
        assert_eq!(request.method, method, "{name}");
        assert!(request.url.starts_with(url), "{name}: {}", request.url);
        let verdict = simulate(&imported.scenario, Browser::Chrome).unwrap();
        assert_eq!(
            verdict.requests[0].error().map(|e| e.code().as_str()),
            code,
            "{name}: {}",
            imported.to_json()
        );
        if name == "no-origin-h2" {
            assert!(imported.assumed.contains(&Assumption::new(
                Subject::Page,
                "No request carries an Origin header: assumed the page is https://app.example."
            )));
        }
        if name == "preflight-no-header-h2" {
            assert_eq!(request.headers, [("x-trace".to_owned(), "1".to_owned())]);
            assert_eq!(
                verdict.requests[0].error().unwrap().parameter(),
                Some("x-trace")
            );
        }
        if name == "redirect-h2" {
            assert_eq!(verdict.requests[0].hops.len(), 2);
            assert_eq!(verdict.requests[0].response().unwrap().status, 200);
        }
    }
}

/// Hostile input: clear errors that say where, never a panic.
#[test]
fn hostile_input_gives_errors_that_say_where() {
    let long = format!("{}\n", "x".repeat(1 << 20));
    let e = import_evidence(&long).unwrap_err();
    assert!(e.is_unrecognized(), "{e}");

    let e = import_evidence("Access to fetch at 'https://a.example/' from\norigin \u{1b}[2J")
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "line 2, column 8: control or invisible character \\x1b in the input; paste the text as the browser or curl printed it"
    );

    let e = import_evidence("Method PUT\u{202e} is not allowed by Access-Control-Allow-Methods.")
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "line 1, column 11: control or invisible character \\u{202e} in the input; paste the text as the browser or curl printed it"
    );

    let deep = format!(
        "{{\"log\": {}{}}}",
        "[".repeat(200_000),
        "]".repeat(200_000)
    );
    let e = import_evidence(&deep).unwrap_err();
    assert!(e.to_string().starts_with("line 1, column "), "{e}");
    assert!(e.to_string().contains("recursion limit exceeded"), "{e}");

    let e = import_evidence("{\"log\": 5").unwrap_err();
    assert_eq!(
        e.to_string(),
        "line 1, column 9: not a HAR file (invalid JSON): EOF while parsing an object"
    );
    // A logged object before the message is console text, not a HAR.
    let imported = import_evidence("{status: 0}\nAccess to fetch at 'https://api.example/a' from origin 'https://app.example' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.").unwrap();
    assert_eq!(imported.kind, EvidenceKind::Console);

    let e =
        import_evidence(r#"{"log": {"entries": [{"request": {"method": "GET"}}]}}"#).unwrap_err();
    assert_eq!(
        e.to_string(),
        "HAR log.entries[0].request.url: expected a string"
    );

    let e = import_evidence("Access to fetch at 'https://api.example/' from origin 'https://app.example' has been blocked by CORS policy: The moon is not in the right phase.").unwrap_err();
    assert!(e.is_unrecognized());
    assert_eq!(
        e.to_string(),
        "line 1, column 1: nothing in the input is recognized: a CORS message in words corsim does not know: Access to fetch at 'https://api.example/' from origin 'https://app.example' has been blocked by CORS policy: The moon is not in the right phase."
    );

    let e = import_evidence("").unwrap_err();
    assert_eq!(
        e.to_string(),
        "nothing in the input is recognized: no line is a CORS message (expected a CORS console message from Chrome, Firefox or Safari, a HAR file, or a `curl -v` transcript)"
    );

    // A message with a 1 MB URL still imports, in linear time.
    let url = format!("https://api.example/{}", "a".repeat(1 << 20));
    let line = format!("Access to fetch at '{url}' from origin 'https://app.example' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.");
    let imported = import_evidence(&line).unwrap();
    assert_eq!(imported.scenario.requests[0].url, url);

    // Many messages: at most MAX_IMPORTED_REQUESTS requests.
    let many = "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.example/x. (Reason: CORS request not http).\n"
        .repeat(corsim::import::MAX_IMPORTED_REQUESTS + 1);
    let e = import_evidence(&many).unwrap_err();
    assert_eq!(
        e.to_string(),
        "1001 requests in the input; import at most 1000 at a time"
    );
}

/// Everything one recording printed, pasted at once (several requests,
/// sometimes to one URL): one imported request per message group, and the
/// whole scenario prints every line again, in order.
#[test]
fn whole_recordings_pasted_at_once() {
    let deviations = deviations();
    let mut checked = 0;
    let mut failures = Vec::new();
    for (engine, browser) in ENGINES {
        let mut paths: Vec<_> = fs::read_dir(fixtures_dir().join(engine))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        paths.sort();
        for path in paths {
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            if deviations.contains(&(engine.to_owned(), name.clone())) {
                continue;
            }
            let fixture: Value = serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
            let Some(requests) = fixture["verdict"]["requests"].as_array() else {
                continue;
            };
            let lines: Vec<String> = requests
                .iter()
                .flat_map(|r| r["console"].as_array().unwrap().iter())
                .map(|l| l.as_str().unwrap().to_owned())
                .collect();
            let with_console = requests
                .iter()
                .filter(|r| !r["console"].as_array().unwrap().is_empty())
                .count();
            if with_console < 2 {
                continue;
            }
            checked += 1;
            let imported = import_evidence(&lines.join("\n")).unwrap();
            let verdict = simulate(&imported.scenario, browser).unwrap();
            let printed: Vec<String> = verdict
                .requests
                .iter()
                .flat_map(|r| r.console.clone())
                .collect();
            if printed != lines {
                failures.push(format!("{engine}/{name}:\n  {lines:?}\n  {printed:?}"));
            }
        }
    }
    eprintln!("{checked} recordings with several requests that printed");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The recorded lines cut, spliced and repeated anywhere: an import or a
/// clear error, never a panic; and a deep nesting of Safari's redirection
/// wording does not recurse.
#[test]
fn mangled_messages_never_panic() {
    use proptest::prelude::*;
    let mut lines = Vec::new();
    for (engine, _) in ENGINES {
        for path in fs::read_dir(fixtures_dir().join(engine)).unwrap().take(200) {
            let fixture: Value =
                serde_json::from_str(&fs::read_to_string(path.unwrap().path()).unwrap()).unwrap();
            for r in fixture["verdict"]["requests"]
                .as_array()
                .into_iter()
                .flatten()
            {
                for l in r["console"].as_array().unwrap() {
                    lines.push(l.as_str().unwrap().to_owned());
                }
            }
        }
    }
    assert!(lines.len() > 50);
    let mut runner = proptest::test_runner::TestRunner::new(proptest::test_runner::Config {
        cases: 5000,
        ..Default::default()
    });
    runner
        .run(
            &(
                0..lines.len(),
                0..lines.len(),
                any::<usize>(),
                any::<usize>(),
                "[ -~‘’\\\\]{0,8}",
            ),
            |(a, b, cut_a, cut_b, glue)| {
                let (x, y) = (&lines[a], &lines[b]);
                let boundary = |s: &str, at: usize| {
                    let mut at = at % (s.len() + 1);
                    while !s.is_char_boundary(at) {
                        at -= 1;
                    }
                    at
                };
                let text = format!(
                    "{}{glue}{}\n{}",
                    &x[..boundary(x, cut_a)],
                    &y[boundary(y, cut_b)..],
                    &x[boundary(x, cut_b)..]
                );
                let _ = import_evidence(&text);
                Ok(())
            },
        )
        .unwrap();
    // Fragments of every kind of evidence, in any order.
    let fragments = proptest::collection::vec(
        prop_oneof![
            Just("> GET /x HTTP/1.1\n".to_owned()),
            Just("> Host: a.example\n> Origin: https://p.example\n> \n".to_owned()),
            Just("< HTTP/2 302 \n< location: //b\n< \n".to_owned()),
            Just("* Issue another request to this URL: 'http://a.example/y'\n".to_owned()),
            Just("Access to fetch at '".to_owned()),
            Just("' (redirected from '".to_owned()),
            Just("' from origin '".to_owned()),
            Just("' has been blocked by CORS policy: ".to_owned()),
            Just("Response to preflight request doesn't pass access control check: ".to_owned()),
            Just("Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ".to_owned()),
            Just(". (Reason: ".to_owned()),
            Just("Origin ".to_owned()),
            Just(" is not allowed by Access-Control-Allow-Origin. Status code: ".to_owned()),
            Just("Fetch API cannot load ".to_owned()),
            Just(" due to access control checks.".to_owned()),
            Just("Cross-origin redirection to ".to_owned()),
            Just("https://a.example/".to_owned()),
            "[ -~‘’\\\\]{0,6}",
            Just("\n".to_owned()),
        ],
        0..40,
    );
    proptest::test_runner::TestRunner::new(proptest::test_runner::Config {
        cases: 600,
        ..Default::default()
    })
    .run(&fragments, |parts| {
        let _ = import_evidence(&parts.concat());
        Ok(())
    })
    .unwrap();

    let mut many = String::from("> GET / HTTP/1.1\n> Host: a.example\n");
    for i in 0..1005 {
        let _ = writeln!(many, "> X-{i}: 1");
    }
    assert_eq!(
        import_evidence(&many).unwrap_err().to_string(),
        "line 1002, column 1: more than 1000 headers in one message"
    );
    let nested = "Cross-origin redirection to https://a.example/ denied by Cross-Origin Resource Sharing policy: "
        .repeat(100_000);
    assert!(import_evidence(&nested).unwrap_err().is_unrecognized());
}

/// Firefox's ‘quotes’ straightened by whatever the text went through are
/// read back as Firefox prints them.
#[test]
fn firefox_lines_with_straight_quotes() {
    let pasted = "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.example/x. (Reason: header 'x-trace' is not allowed according to header 'Access-Control-Allow-Headers' from CORS preflight response).";
    let imported = import_evidence(pasted).unwrap();
    let verdict = simulate(&imported.scenario, Browser::Firefox).unwrap();
    assert_eq!(
        verdict.requests[0].console[0],
        "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.example/x. (Reason: header \u{2018}x-trace\u{2019} is not allowed according to header \u{2018}Access-Control-Allow-Headers\u{2019} from CORS preflight response)."
    );
    assert_eq!(
        verdict.requests[0].error().unwrap().code().as_str(),
        "HeaderDisallowedByPreflightResponse"
    );
}

/// An `https:` page cannot reach the CORS check of an `http:` URL (mixed
/// content is refused first): such lines pasted together come from two
/// pages. With the mixed-content line itself, they are one page's.
#[test]
fn an_https_page_with_a_cors_line_for_an_http_url_is_two_pages() {
    let firefox = "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at http://api.example/a. (Reason: CORS header \u{2018}Access-Control-Allow-Origin\u{2019} missing). Status code: 200.\n\
        Security Error: Content at https://app.example/ may not load data from https://api.example/b.";
    let e = import_evidence(firefox).unwrap_err();
    assert_eq!(
        e.message,
        "the messages come from two pages (https://app.example and one that may load http://api.example/a: from an https: page it is mixed content, refused before any CORS check); import the messages of one page at a time"
    );
    let safari = "[blocked] The page at https://app.example/ requested insecure content from http://api.example/a. This content was blocked and must be served over HTTPS.\n\
        Fetch API cannot load http://api.example/a due to access control checks.";
    let imported = import_evidence(safari).unwrap();
    assert_eq!(imported.scenario.page, "https://app.example");
    // A loopback URL is potentially trustworthy: no mixed content.
    let loopback = "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at http://localhost:8000/a. (Reason: CORS header \u{2018}Access-Control-Allow-Origin\u{2019} missing). Status code: 200.\n\
        Security Error: Content at https://app.example/ may not load data from https://api.example/b.";
    assert_eq!(
        import_evidence(loopback).unwrap().scenario.page,
        "https://app.example"
    );
    // Firefox's mixed-content line names no page but shows an https: one.
    let unnamed = "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at http://api.example/a. (Reason: CORS header \u{2018}Access-Control-Allow-Origin\u{2019} missing). Status code: 200.\n\
        Blocked loading mixed active content \u{201c}http://api.example/b\u{201d}";
    assert_eq!(
        import_evidence(unnamed).unwrap_err().message,
        "the messages come from two pages (the https: page of the mixed-content refusal and one that may load http://api.example/a: from an https: page it is mixed content, refused before any CORS check); import the messages of one page at a time"
    );
}

/// Safari's network log repeats the reason ("Failed to load resource: …"),
/// before or after the request's own lines: one request either way.
#[test]
fn safari_network_log_copies_are_not_requests() {
    let reason = "Origin http://localhost:3000 is not allowed by Access-Control-Allow-Origin. Status code: 200";
    let summary = "Fetch API cannot load http://localhost:8000/api due to access control checks.";
    let network = format!("[Error] Failed to load resource: {reason} (api, line 0)");
    for pasted in [
        format!("[Error] {reason}\n[Error] {summary}\n{network}"),
        format!("{network}\n[Error] {reason}\n[Error] {summary}"),
    ] {
        let imported = import_evidence(&pasted).unwrap();
        assert_eq!(imported.scenario.requests.len(), 1, "{pasted}");
        assert_eq!(imported.scenario.page, "http://localhost:3000");
        let verdict = simulate(&imported.scenario, Browser::Safari).unwrap();
        assert_eq!(verdict.requests[0].console, [reason, summary]);
    }
}

/// Chrome's console, as people paste it, has a network line beside each
/// message (`PUT <url> net::ERR_FAILED`): it names the method, which the
/// message does not.
#[test]
fn chrome_network_lines_name_the_method() {
    const PREFLIGHT: &str = "Access to fetch at 'https://api.example/a' from origin 'https://app.example' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-Origin' header is present on the requested resource.";
    const RESPONSE: &str = "Access to XMLHttpRequest at 'https://api.example/b' from origin 'https://app.example' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.";
    let methods = |pasted: &str| -> Vec<String> {
        let imported = import_evidence(pasted).unwrap();
        let verdict = simulate(&imported.scenario, Browser::Chrome).unwrap();
        let printed: Vec<_> = verdict.requests.iter().map(|r| r.console.clone()).collect();
        assert_eq!(printed, imported.evidence, "{pasted}");
        imported
            .scenario
            .requests
            .iter()
            .map(|r| r.method.clone())
            .collect()
    };
    // After the message, as in pasted consoles, or before it; a source
    // location and the response's status around it.
    assert_eq!(
        methods(&format!(
            "{PREFLIGHT}\napp.js:3  PATCH https://api.example/a net::ERR_FAILED"
        )),
        ["PATCH"]
    );
    assert_eq!(
        methods(&format!(
            "DELETE https://api.example/b net::ERR_FAILED 200 (OK)\n{RESPONSE}"
        )),
        ["DELETE"]
    );
    // Each of two requests takes the line with its URL.
    assert_eq!(
        methods(&format!(
            "{PREFLIGHT}\nPOST https://api.example/a net::ERR_FAILED\n{RESPONSE}\nHEAD https://api.example/b net::ERR_FAILED 200 (OK)"
        )),
        ["POST", "HEAD"]
    );
    // Two requests to one URL: the first line is the first request's,
    // wherever the lines are (after both messages; a lone CR between).
    assert_eq!(
        methods(&format!(
            "{PREFLIGHT}\n{PREFLIGHT}\nPATCH https://api.example/a net::ERR_FAILED\nDELETE https://api.example/a net::ERR_FAILED"
        )),
        ["PATCH", "DELETE"]
    );
    assert_eq!(
        methods(&format!(
            "{PREFLIGHT}\rPATCH https://api.example/a net::ERR_FAILED\r{PREFLIGHT}\rDELETE https://api.example/a net::ERR_FAILED"
        )),
        ["PATCH", "DELETE"]
    );
    // One line for two messages: which one it is about is not known.
    assert_eq!(
        methods(&format!(
            "{PREFLIGHT}\n{PREFLIGHT}\nPATCH https://api.example/a net::ERR_FAILED"
        )),
        ["PUT", "PUT"]
    );
    // Words before a URL that are not a method a script sends.
    for noise in ["`PUT", "1.", "200", "CONNECT", "(POST)"] {
        assert_eq!(
            methods(&format!(
                "{RESPONSE}\n{noise} https://api.example/b net::ERR_FAILED"
            )),
            ["GET"],
            "{noise}"
        );
    }
    // A line about another URL and a redirected request's line name
    // nothing.
    assert_eq!(
        methods(&format!(
            "{PREFLIGHT}\nPOST https://api.example/other net::ERR_FAILED"
        )),
        ["PUT"]
    );
    let redirected = "Access to fetch at 'https://api.example/c' (redirected from 'https://api.example/old') from origin 'https://app.example' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.\n\
                      POST https://api.example/c net::ERR_FAILED";
    assert_eq!(methods(redirected), ["GET"]);
    // What the line made the import assume, word for word.
    let imported = import_evidence(&format!(
        "{PREFLIGHT}\nPOST https://api.example/a net::ERR_FAILED"
    ))
    .unwrap();
    assert_eq!(
        imported.scenario.requests[0].headers,
        [("Content-Type".to_owned(), "application/json".to_owned())]
    );
    let assumed: Vec<_> = imported
        .assumed
        .iter()
        .map(|a| (a.about, a.text.as_str()))
        .collect();
    assert_eq!(
        assumed,
        [
            (Subject::Server, "The message does not give the preflight's status: assumed 204."),
            (Subject::Request, "The network line names POST, which needs no preflight by itself: assumed a Content-Type: application/json header, which does."),
            (Subject::Request, "The messages do not say whether cookies were sent where nothing failed about credentials: assumed not (credentials \"same-origin\", XHR without withCredentials)."),
        ]
    );
}

/// A long message wrapped over several lines (by a mail client or a
/// terminal) is read as one.
#[test]
fn wrapped_messages_are_joined() {
    let pasted = "Access to fetch at 'https://api.example/users' from origin 'https://app.example' has been blocked by CORS\n\
                  policy: Response to preflight request doesn't pass access control check: No\n\
                  'Access-Control-Allow-Origin' header is present on the requested resource.\n\
                  GET https://api.example/users net::ERR_FAILED\n";
    let imported = import_evidence(pasted).unwrap();
    assert_eq!(
        imported.evidence,
        [["Access to fetch at 'https://api.example/users' from origin 'https://app.example' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-Origin' header is present on the requested resource."]]
    );
    let verdict = simulate(&imported.scenario, Browser::Chrome).unwrap();
    assert_eq!(verdict.requests[0].console, imported.evidence[0]);
    // A cut message before a whole one: the whole one is read.
    let cut = "Access to fetch at 'https://api.example/a' from origin\n\
               Access to fetch at 'https://api.example/b' from origin 'https://app.example' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.";
    let imported = import_evidence(cut).unwrap();
    assert_eq!(imported.scenario.requests.len(), 1);
    assert_eq!(imported.scenario.requests[0].url, "https://api.example/b");
}

/// Local Network Access: Chromium's refusals import to the settings that
/// produce them, and evidence that a request went out to a local or
/// loopback address imports with the permission that let it through.
#[test]
fn local_network_access_evidence() {
    let denied = "Access to fetch at 'http://192.168.0.1/' from origin 'https://app.example' has been blocked by CORS policy: Permission was denied for this request to access the `local` address space.";
    let imported = import_evidence(denied).unwrap();
    assert_eq!(
        serde_json::to_value(&imported.scenario.permissions).unwrap(),
        serde_json::json!({"https://app.example": {"local-network": "denied"}})
    );
    assert!(imported.scenario.address_spaces.is_empty());
    let verdict = simulate(&imported.scenario, Browser::Chrome).unwrap();
    assert_eq!(
        verdict.requests[0].error().map(|e| e.code().as_str()),
        Some("LocalNetworkAccessPermissionDenied")
    );
    // An https: page reaches an http: URL only through targetAddressSpace,
    // and Chrome then warns first.
    assert_eq!(
        imported.scenario.requests[0].target_address_space,
        Some(corsim::local_network::AddressSpace::Local)
    );
    assert_eq!(
        verdict.requests[0].console,
        [
            "Mixed Content: The page at 'https://app.example/' was loaded over HTTPS, but requested an insecure resource 'http://192.168.0.1/'. This content should also be served over HTTPS.",
            denied
        ]
    );

    // A host whose name does not say it is local: the message does.
    let denied = "Access to fetch at 'https://printer.example:8443/status' from origin 'https://app.example' has been blocked by CORS policy: Permission was denied for this request to access the `loopback` address space.";
    let imported = import_evidence(denied).unwrap();
    assert_eq!(
        serde_json::to_value(&imported.scenario.address_spaces).unwrap(),
        serde_json::json!({"https://printer.example:8443": "loopback"})
    );
    assert_eq!(
        simulate(&imported.scenario, Browser::Chrome)
            .unwrap()
            .requests[0]
            .console,
        [denied]
    );

    let mismatch = "Access to fetch at 'https://printer.example:8443/status' from origin 'https://app.example' has been blocked by CORS policy: Request had a target IP address space of `loopback` yet the resource is in address space `local`.";
    let imported = import_evidence(mismatch).unwrap();
    assert_eq!(
        imported.scenario.requests[0].target_address_space,
        Some(corsim::local_network::AddressSpace::Loopback)
    );
    let verdict = simulate(&imported.scenario, Browser::Chrome).unwrap();
    assert_eq!(
        verdict.requests[0].error().map(|e| e.code().as_str()),
        Some("InvalidLocalNetworkAccess")
    );

    // A CORS failure at a loopback API from a public page: the request went
    // out, so the page's loopback-network permission is granted.
    let cors = "Access to fetch at 'http://localhost:3000/api' from origin 'https://app.example' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.";
    let imported = import_evidence(cors).unwrap();
    assert_eq!(
        serde_json::to_value(&imported.scenario.permissions).unwrap(),
        serde_json::json!({"https://app.example": {"loopback-network": "granted"}})
    );
    assert!(imported.assumed.contains(
        &Assumption::new(
            Subject::Page,
            "The request reached the loopback address space, so Local Network Access let it through: assumed the page's loopback-network permission is granted."
        )
        .of_request(0)
    ));
    assert_eq!(
        simulate(&imported.scenario, Browser::Chrome)
            .unwrap()
            .requests[0]
            .console,
        [cors]
    );

    // From an insecure public page Chromium refuses whatever the
    // permission: the page is taken to be on the same network.
    let cors = "Access to fetch at 'http://192.168.1.20/api' from origin 'http://app.example' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.";
    let imported = import_evidence(cors).unwrap();
    assert_eq!(
        serde_json::to_value(&imported.scenario.address_spaces).unwrap(),
        serde_json::json!({"http://app.example": "local"})
    );
    assert_eq!(
        simulate(&imported.scenario, Browser::Chrome)
            .unwrap()
            .requests[0]
            .console,
        [cors]
    );

    // Firefox's mixed-content refusal names no page: an https one.
    let mixed = "Blocked loading mixed active content \u{201c}http://api.example/data\u{201d}";
    let imported = import_evidence(mixed).unwrap();
    assert_eq!(imported.scenario.page, "https://app.example");
    assert_eq!(
        simulate(&imported.scenario, Browser::Firefox)
            .unwrap()
            .requests[0]
            .console,
        [mixed]
    );
}

/// Each message's sentences name the request of that message, typed: what
/// each set (`about`) and of which request (`request`), so a program places
/// them without reading them. Sentences about every request name none.
#[test]
fn assumptions_say_what_they_set_and_of_which_request() {
    let two = "Access to fetch at 'https://api.example/a' from origin 'https://app.example' \
        has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present \
        on the requested resource.\n\
        Access to fetch at 'https://api.example/b' from origin 'https://app.example' has been \
        blocked by CORS policy: Response to preflight request doesn't pass access control \
        check: No 'Access-Control-Allow-Origin' header is present on the requested resource.";
    let imported = import_evidence(two).unwrap();
    let typed: Vec<_> = imported
        .assumed
        .iter()
        .map(|a| (a.about, a.request))
        .collect();
    assert_eq!(
        typed,
        [
            (Subject::Request, Some(0)),
            (Subject::Server, Some(0)),
            (Subject::Request, Some(1)),
            (Subject::Server, Some(1)),
            (Subject::Request, None),
        ]
    );
    // x-import lists the sentences alone, as before.
    let json: Value = serde_json::from_str(&imported.to_json()).unwrap();
    assert_eq!(
        json["x-import"]["assumed"][2],
        "Request 2: The message does not name the method: assumed PUT, which needs a preflight."
    );
}

/// What each sentence is about, for messages whose sentences name no field
/// a reader could search for: a quoted value Chrome leaves out and Safari's
/// Access-Control-Allow-Origin it cannot tell apart go to the server.
#[test]
fn sentences_are_about_the_part_they_set() {
    let typed = |text: &str| -> Vec<(Subject, Option<usize>, String)> {
        import_evidence(text)
            .unwrap()
            .assumed
            .into_iter()
            .map(|a| (a.about, a.request, a.text))
            .collect()
    };
    let cookies = "The messages do not say whether cookies were sent where nothing failed about credentials: assumed not (credentials \"same-origin\", XHR without withCredentials).";
    assert_eq!(
        typed("Access to fetch at 'https://api.example/data' from origin 'https://app.example' has been blocked by CORS policy: Cannot parse Access-Control-Allow-Methods response header field in preflight response."),
        [
            (Subject::Request, Some(0), "The message does not name the method: assumed PUT, which needs a preflight.".to_owned()),
            (Subject::Server, Some(0), "The message does not quote the Access-Control-Allow-Methods value: assumed \"Bad method name\".".to_owned()),
            (Subject::Server, Some(0), "The message does not give the preflight's status: assumed 204.".to_owned()),
            (Subject::Request, None, cookies.to_owned()),
        ]
    );
    assert_eq!(
        typed("Origin https://app.example is not allowed by Access-Control-Allow-Origin. Status code: 200\nFetch API cannot load https://api.example/data due to access control checks."),
        [
            (Subject::Request, Some(0), "The message does not name the method: assumed GET.".to_owned()),
            (Subject::Server, Some(0), "Safari's message does not tell a wrong Access-Control-Allow-Origin from a missing one: assumed one naming https://other.example.".to_owned()),
            (Subject::Request, None, cookies.to_owned()),
        ]
    );
}
