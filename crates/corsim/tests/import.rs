//! `corsim::import` against every console line the real browsers printed.
//!
//! For every request of every recording in `tests/browsers/fixtures/<engine>/`
//! that printed something, its console lines are pasted (as they are, and
//! with the noise people paste around them: timestamps, source locations,
//! network-log lines, the script's own `TypeError`), imported, and the
//! imported scenario is simulated with that engine's profile: it must print
//! exactly the recorded lines, and give the recorded `error.code` wherever
//! the lines tell which code it is.
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

use corsim::import::{import_evidence, EvidenceKind};
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
    // Firefox prints "CORS request did not succeed" alone for these.
    const DID_NOT_SUCCEED: &[&str] = &[
        "NetworkError",
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

#[derive(Default)]
struct Counts {
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
                for (variant, text) in [
                    ("plain", lines.join("\n")),
                    ("noisy", with_noise(browser, &lines)),
                ] {
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
                    if variant == "noisy" {
                        continue;
                    }
                    match recorded_code {
                        None => counts.codes_unrecorded += 1,
                        Some(want) if code == Some(want) => counts.codes_exact += 1,
                        Some(want)
                            if code.is_some_and(|c| same_words(browser, want).contains(&c)) =>
                        {
                            counts.codes_ambiguous += 1;
                        }
                        Some(want) => {
                            failures.push(format!(
                                "{place}: error code {code:?}, recorded {want}\n  {lines:?}"
                            ));
                            ok = false;
                        }
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
            "{engine}: {} requests ({} console lines) imported, {} reproduced; error code: {} exact, {} that the words cannot tell apart, {} not recorded",
            c.requests, c.lines, c.reproduced, c.codes_exact, c.codes_ambiguous, c.codes_unrecorded
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
    for (name, scenario) in &scenarios {
        let Ok(scenario) = corsim::Scenario::from_json(&scenario.to_string()) else {
            continue;
        };
        for (_, browser) in ENGINES {
            let Ok(verdict) = simulate(&scenario, browser) else {
                continue;
            };
            for (i, request) in verdict.requests.iter().enumerate() {
                if request.console.is_empty() {
                    continue;
                }
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
    failures.sort();
    failures.dedup();
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
