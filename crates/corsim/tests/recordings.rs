//! Every browser profile against what its real engine did.
//!
//! `tests/browsers/fixtures/<engine>/*.json` are recordings made by
//! `tests/browsers/record.mjs` in real Chromium, Firefox and WebKit. For each
//! one, the matching profile must reproduce every observable of the format:
//! outcome, phase, the preflights with their exact headers, each hop's URL,
//! method and `Origin`, the response type, status and readable headers, the
//! error code, the console lines, where the recording says the HTTP version
//! of each preflight and hop, and (in Local Network Access recordings) each
//! hop's and preflight's address space.
//!
//! Each fixture was recorded over one HTTPS transport (`https_transport`:
//! `h2` or `http/1.1`; `http:` URLs are always HTTP/1.1). A server entry
//! that does not say `"http"` is simulated over the version its fixture
//! used; one that says it must agree with the transport. The scenarios with
//! an `https:` URL are recorded over the other transport too, under
//! `fixtures/other-http/<engine>/` ([`OTHER_HTTP`]), and held to the same
//! profile. The scenarios whose page and URLs are all `https:` are also
//! recorded as plain `http:`, under `fixtures/plain-http/<engine>/`
//! ([`PLAIN_HTTP`]).
//!
//! Known deviations live in `tests/browsers/deviations.txt`, one per line:
//! `<engine> <fixture>  # reason`. The run fails on an unexpected
//! difference, on a listed deviation that now matches, on a stale entry, and
//! on any listed deviation where the browser failed and corsim says "ok".

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use corsim::{simulate, Browser, Scenario};
use serde_json::Value;

const ENGINES: [(&str, Browser); 3] = [
    ("chromium", Browser::Chrome),
    ("firefox", Browser::Firefox),
    ("webkit", Browser::Safari),
];

/// The second root of recordings, under the fixtures root: the same
/// scenarios recorded over the engine's other HTTPS transport
/// (`other-http/<engine>/<name>.json`; Chromium's and WebKit's fixtures are
/// HTTP/2 by default, Firefox's HTTP/1.1), only those with an `https:` URL.
const OTHER_HTTP: &str = "other-http";

/// The third root: the scenarios whose page and URLs are all `https:`,
/// made plain `http:` (`tests/browsers/scenarios/plain_http.py`): a page
/// that is not a secure context, HTTP/1.1 without TLS
/// (`plain-http/<engine>/<name>.json`).
const PLAIN_HTTP: &str = "plain-http";

fn browsers_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/browsers")
}

/// The fixtures root: `tests/browsers/fixtures`, or `CORSIM_RECORDINGS` to
/// hold the profiles to recordings kept elsewhere (same layout:
/// `<dir>/<engine>/<name>.json`).
fn fixtures_dir() -> PathBuf {
    std::env::var_os("CORSIM_RECORDINGS")
        .map_or_else(|| browsers_dir().join("fixtures"), PathBuf::from)
}

/// The observables of one request, as comparable JSON.
fn observables(request: &Value) -> Value {
    let pick = |v: &Value, keys: &[&str]| -> Value {
        match v {
            Value::Object(map) => Value::Object(
                keys.iter()
                    .map(|k| ((*k).to_owned(), map.get(*k).cloned().unwrap_or(Value::Null)))
                    .collect(),
            ),
            _ => Value::Null,
        }
    };
    let list = |v: &Value, keys: &[&str]| -> Value {
        Value::Array(
            v.as_array()
                .map(|items| items.iter().map(|i| pick(i, keys)).collect())
                .unwrap_or_default(),
        )
    };
    serde_json::json!({
        "outcome": request["outcome"],
        "phase": request["phase"],
        "preflights": list(&request["preflights"], &["url", "headers", "http"]),
        "hops": list(&request["hops"], &["url", "method", "origin", "http"]),
        "response": pick(&request["response"], &["type", "status", "readable_headers"]),
        "error_code": request["error"].get("code").cloned().unwrap_or(Value::Null),
        "console": request["console"],
    })
}

/// Recordings made before the recorder wrote `http` have none: the
/// simulated value is then not compared.
fn drop_unrecorded_http(recorded: &Value, simulated: &mut Value) {
    for key in ["preflights", "hops"] {
        let (Some(r), Some(s)) = (recorded[key].as_array(), simulated[key].as_array_mut()) else {
            continue;
        };
        for (r, s) in r.iter().zip(s) {
            if r["http"].is_null() {
                s["http"] = Value::Null;
            }
        }
    }
}

/// The fixture's scenario with the HTTP version of each `https:` server
/// entry that does not say, from the transport it was recorded over; an
/// entry that says must agree with it.
fn scenario_over_transport(fixture: &Value) -> Result<Value, String> {
    let mut scenario = fixture["scenario"].clone();
    let https = match fixture["https_transport"].as_str() {
        Some("h2") => "2",
        Some("http/1.1") => "1.1",
        other => {
            return Err(format!(
                "https_transport is {other:?}, not \"h2\" or \"http/1.1\""
            ))
        }
    };
    if let Some(server) = scenario["server"].as_object_mut() {
        for (url, entry) in server {
            let Some(entry) = entry.as_object_mut() else {
                continue;
            };
            let secure = url
                .get(..6)
                .is_some_and(|s| s.eq_ignore_ascii_case("https:"));
            match entry.get("http").and_then(Value::as_str) {
                Some(said) if secure && said != https => {
                    return Err(format!(
                        "server[\"{url}\"].http is \"{said}\" but the fixture was recorded over {https}"
                    ));
                }
                None if secure => {
                    entry.insert("http".to_owned(), Value::from(https));
                }
                _ => {}
            }
        }
    }
    Ok(scenario)
}

/// What differs between the recorded and the simulated request.
fn differences(recorded: &Value, simulated: &Value) -> Vec<String> {
    let (r, mut s) = (observables(recorded), observables(simulated));
    drop_unrecorded_http(&r, &mut s);
    let mut out = Vec::new();
    for key in [
        "outcome",
        "phase",
        "preflights",
        "hops",
        "response",
        "error_code",
        "console",
    ] {
        // An engine reports a code only for CORS errors (Chromium's CorsError,
        // or Firefox's console reason); corsim's own codes for the rest
        // (`ForbiddenMethod`, `NetworkError`) have nothing to compare with.
        if key == "error_code" && r[key].is_null() {
            continue;
        }
        if r[key] != s[key] {
            out.push(format!("{key}: browser {} / corsim {}", r[key], s[key]));
        }
    }
    // Local Network Access recordings give each hop and preflight the
    // address space Chromium was told (older recordings have none).
    for list in ["hops", "preflights"] {
        let recorded_items = recorded[list].as_array().map_or(&[][..], Vec::as_slice);
        for (i, item) in recorded_items.iter().enumerate() {
            let Some(space) = item.get("address_space") else {
                continue;
            };
            let simulated_space = &simulated[list][i]["address_space"];
            if space != simulated_space {
                out.push(format!(
                    "{list}[{i}].address_space: browser {space} / corsim {simulated_space}"
                ));
            }
        }
    }
    out
}

fn load_deviations() -> BTreeMap<(String, String), String> {
    let text = fs::read_to_string(browsers_dir().join("deviations.txt")).unwrap_or_default();
    let mut out = BTreeMap::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (entry, reason) = line
            .split_once('#')
            .unwrap_or_else(|| panic!("deviations.txt:{}: every entry needs `# reason`", n + 1));
        let words: Vec<&str> = entry.split_whitespace().collect();
        assert!(
            words.len() == 2 && !reason.trim().is_empty(),
            "deviations.txt:{}: expected `<engine> <fixture>  # reason`",
            n + 1
        );
        out.insert(
            (words[0].to_owned(), words[1].to_owned()),
            reason.trim().to_owned(),
        );
    }
    out
}

#[test]
fn profiles_match_their_engines() {
    let deviations = load_deviations();
    let mut seen = BTreeSet::new();
    let mut problems = Vec::new();
    let mut summary = Vec::new();
    let roots = ENGINES.iter().flat_map(|&(engine, browser)| {
        [
            ("", engine, browser),
            (OTHER_HTTP, engine, browser),
            (PLAIN_HTTP, engine, browser),
        ]
    });
    for (root, engine, browser) in roots {
        let dir = fixtures_dir().join(root).join(engine);
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        let mut files: Vec<PathBuf> = entries
            .map(|e| e.expect("directory entry").path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort();
        let (mut matched, mut deviated, mut skipped) = (0, 0, 0);
        for file in files {
            let stem = file.file_stem().unwrap().to_string_lossy();
            let name = format!("{root}{}{stem}", if root.is_empty() { "" } else { "/" });
            let fixture: Value = serde_json::from_str(&fs::read_to_string(&file).unwrap())
                .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            if fixture.get("skipped").is_some() || fixture["verdict"].is_null() {
                skipped += 1;
                continue;
            }
            let key = (engine.to_owned(), name.clone());
            seen.insert(key.clone());
            let scenario = match scenario_over_transport(&fixture) {
                Ok(scenario) => scenario,
                Err(e) => {
                    problems.push(format!("{engine} {name}: {e}"));
                    continue;
                }
            };
            let scenario: Scenario = serde_json::from_value(scenario)
                .unwrap_or_else(|e| panic!("{}: scenario: {e}", file.display()));
            let verdict = match simulate(&scenario, browser) {
                Ok(v) => serde_json::to_value(v).unwrap(),
                Err(e) => {
                    problems.push(format!("{engine} {name}: input error: {e}"));
                    continue;
                }
            };
            let recorded = fixture["verdict"]["requests"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            let simulated = verdict["requests"].as_array().cloned().unwrap_or_default();
            let mut diffs = Vec::new();
            let mut false_ok = false;
            for (i, (r, s)) in recorded.iter().zip(&simulated).enumerate() {
                for d in differences(r, s) {
                    diffs.push(format!("request {i}: {d}"));
                }
                false_ok |= r["outcome"] == "error" && s["outcome"] == "ok";
            }
            match (diffs.is_empty(), deviations.get(&key)) {
                (true, None) => matched += 1,
                (false, Some(_)) if false_ok => problems.push(format!(
                    "{engine} {name}: the browser fails where corsim says ok; that can never be a listed deviation"
                )),
                (false, Some(_)) => deviated += 1,
                (false, None) => problems.push(format!("{engine} {name}:\n    {}", diffs.join("\n    "))),
                (true, Some(_)) => problems.push(format!(
                    "{engine} {name}: listed in deviations.txt but now matches: remove the entry"
                )),
            }
        }
        let label = if root.is_empty() {
            engine.to_owned()
        } else {
            format!("{engine} ({root})")
        };
        summary.push(format!(
            "{label}: {matched} match, {deviated} listed deviations, {skipped} not recordable"
        ));
    }
    let external = std::env::var_os("CORSIM_RECORDINGS").is_some();
    for key in deviations.keys() {
        if !external && !seen.contains(key) {
            problems.push(format!(
                "stale entry in deviations.txt: {} {}",
                key.0, key.1
            ));
        }
    }
    println!("{}", summary.join("\n"));
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
