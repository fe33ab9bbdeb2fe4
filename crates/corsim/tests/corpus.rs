//! The conformance corpus: every case in `tests/corpus/*.json`, run through
//! every profile, compared with its expected (partial) verdict.
//!
//! Known deviations live in `tests/expected-deviations.txt`, one per line:
//! `<profile> <case name>  # reason`. The run fails on an unexpected
//! failure, on a listed deviation that now passes, and on a stale entry.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use corsim::{simulate, Browser, Scenario};
use serde::Deserialize;
use serde_json::Value;

/// The profiles the corpus holds to its expectations.
const PROFILES: [Browser; 2] = [Browser::Spec, Browser::Chrome];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CorpusFile {
    #[allow(dead_code)]
    description: String,
    cases: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    source: String,
    scenario: Value,
    expect: Value,
    #[serde(default)]
    browsers: BTreeMap<String, Value>,
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Loads every corpus case, in file then case order.
fn load_cases() -> Vec<(String, Case)> {
    let dir = repo_root().join("tests/corpus");
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let mut cases = Vec::new();
    for file in files {
        let text = fs::read_to_string(&file).expect("readable corpus file");
        let parsed: CorpusFile =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let stem = file.file_name().unwrap().to_string_lossy().into_owned();
        for case in parsed.cases {
            cases.push((stem.clone(), case));
        }
    }
    cases
}

/// Does `actual` contain everything `expected` states? Returns the path of
/// the first difference.
fn partial_match(expected: &Value, actual: &Value, path: &str) -> Result<(), String> {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (key, ev) in e {
                let av = a.get(key).unwrap_or(&Value::Null);
                partial_match(ev, av, &format!("{path}.{key}"))?;
            }
            Ok(())
        }
        (Value::Array(e), Value::Array(a)) => {
            if e.len() != a.len() {
                return Err(format!(
                    "{path}: expected {} items, got {}: {}",
                    e.len(),
                    a.len(),
                    serde_json::to_string(actual).unwrap()
                ));
            }
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                partial_match(ev, av, &format!("{path}[{i}]"))?;
            }
            Ok(())
        }
        _ if expected == actual => Ok(()),
        _ => Err(format!(
            "{path}: expected {}, got {}",
            serde_json::to_string(expected).unwrap(),
            serde_json::to_string(actual).unwrap()
        )),
    }
}

fn load_deviations() -> BTreeMap<(String, String), String> {
    let path = repo_root().join("tests/expected-deviations.txt");
    let text = fs::read_to_string(&path).unwrap_or_default();
    let mut out = BTreeMap::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (entry, reason) = line.split_once('#').unwrap_or_else(|| {
            panic!(
                "expected-deviations.txt:{}: every entry needs `# reason`",
                n + 1
            )
        });
        let mut words = entry.split_whitespace();
        let (Some(profile), Some(case), None) = (words.next(), words.next(), words.next()) else {
            panic!(
                "expected-deviations.txt:{}: expected `<profile> <case>  # reason`",
                n + 1
            );
        };
        assert!(
            !reason.trim().is_empty(),
            "expected-deviations.txt:{}: the reason is empty",
            n + 1
        );
        out.insert(
            (profile.to_owned(), case.to_owned()),
            reason.trim().to_owned(),
        );
    }
    out
}

#[test]
fn corpus() {
    let cases = load_cases();
    let deviations = load_deviations();
    let mut names = BTreeSet::new();
    let mut problems = Vec::new();
    let mut passed = 0usize;
    let mut deviated = 0usize;
    for (file, case) in &cases {
        assert!(
            names.insert(case.name.clone()),
            "duplicate case name {}",
            case.name
        );
        assert!(
            [
                "wpt:",
                "spec:",
                "chromium:",
                "xhr-spec:",
                "recorded:",
                "firefox:",
                "webkit:"
            ]
            .iter()
            .any(|p| case.source.starts_with(p)),
            "{}: source `{}` must cite wpt:, spec:, chromium:, xhr-spec: or recorded:",
            case.name,
            case.source
        );
        let scenario: Scenario = serde_json::from_value(case.scenario.clone())
            .unwrap_or_else(|e| panic!("{file} {}: scenario: {e}", case.name));
        for browser in PROFILES {
            let expected = case.browsers.get(browser.name()).unwrap_or(&case.expect);
            let verdict = match simulate(&scenario, browser) {
                Ok(v) => serde_json::to_value(v).unwrap(),
                Err(e) => {
                    problems.push(format!("{browser} {}: input error: {e}", case.name));
                    continue;
                }
            };
            let result = partial_match(expected, &verdict, "");
            let listed = deviations.contains_key(&(browser.name().to_owned(), case.name.clone()));
            match (result, listed) {
                (Ok(()), false) => passed += 1,
                (Err(_), true) => deviated += 1,
                (Err(diff), false) => problems.push(format!(
                    "{browser} {} ({file}, {}): {diff}",
                    case.name, case.source
                )),
                (Ok(()), true) => problems.push(format!(
                    "{browser} {}: listed in expected-deviations.txt but now passes: remove the entry",
                    case.name
                )),
            }
        }
    }
    for (profile, case) in deviations.keys() {
        if !names.contains(case) {
            problems.push(format!(
                "stale entry in expected-deviations.txt: {profile} {case} (no such case)"
            ));
        }
        if !PROFILES.iter().any(|b| b.name() == profile) {
            problems.push(format!(
                "expected-deviations.txt: unknown profile `{profile}`"
            ));
        }
    }
    println!(
        "corpus: {} cases, {passed} profile runs passed, {deviated} listed deviations, {} problems",
        cases.len(),
        problems.len()
    );
    assert!(
        cases.len() >= 400,
        "the corpus must hold at least 400 cases, has {}",
        cases.len()
    );
    assert!(
        problems.is_empty(),
        "{} corpus problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// Every Chrome console message the corpus produces, snapshot-tested.
#[test]
fn chrome_console_messages() {
    let mut lines = BTreeMap::new();
    for (_, case) in load_cases() {
        let Ok(scenario) = serde_json::from_value::<Scenario>(case.scenario.clone()) else {
            continue;
        };
        let Ok(verdict) = simulate(&scenario, Browser::Chrome) else {
            continue;
        };
        for (i, request) in verdict.requests.iter().enumerate() {
            if !request.console.is_empty() {
                lines.insert(format!("{} #{i}", case.name), request.console.clone());
            }
        }
    }
    insta::assert_json_snapshot!("chrome-console", lines);
}
