//! The golden file: the v1 verdict of every corpus case and every recorded
//! fixture, in all four profiles, exactly as the engine printed it before
//! the engine was redesigned (`tests/golden/verdicts.jsonl.gz`).
//!
//! Refactoring keeps it byte-identical. A deliberate behaviour change
//! re-blesses it (`CORSIM_BLESS=1 cargo test -p corsim --test golden`) in
//! the commit that makes the change, so the change is visible there.
//!
//! Fields the format gained after the file was written (listed in
//! [`ADDED_FIELDS`]) are removed from today's verdicts before comparing.

use std::collections::BTreeSet;
use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use corsim::{simulate, Browser, Scenario};
use serde_json::Value;

/// Keys the verdict gained after the golden file was written (contract
/// additions §3; `http`, §2; `address_space`, §11), removed wherever they
/// appear before comparing.
const ADDED_FIELDS: &[&str] = &["response_headers", "http", "address_space"];

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn golden_path() -> PathBuf {
    repo_root().join("tests/golden/verdicts.jsonl.gz")
}

fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
}

/// Every distinct scenario of the corpus and the fixtures, named by where it
/// was first found, in a stable order.
fn scenarios() -> Vec<(String, Value)> {
    let root = repo_root();
    let mut found = Vec::new();
    for file in json_files(&root.join("tests/corpus")) {
        let doc: Value = serde_json::from_str(&fs::read_to_string(&file).unwrap()).unwrap();
        for case in doc["cases"].as_array().expect("cases") {
            let name = case["name"].as_str().expect("name");
            found.push((format!("corpus {name}"), case["scenario"].clone()));
        }
    }
    for engine in ["chromium", "firefox", "webkit"] {
        for file in json_files(&root.join("tests/browsers/fixtures").join(engine)) {
            let doc: Value = serde_json::from_str(&fs::read_to_string(&file).unwrap()).unwrap();
            if doc["scenario"].is_null() {
                continue;
            }
            let name = file.file_stem().unwrap().to_string_lossy();
            found.push((format!("{engine} {name}"), doc["scenario"].clone()));
        }
    }
    let mut seen = BTreeSet::new();
    found
        .into_iter()
        .filter(|(_, s)| seen.insert(serde_json::to_string(s).unwrap()))
        .collect()
}

/// Removes [`ADDED_FIELDS`] everywhere in `value`.
fn strip_added(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for key in ADDED_FIELDS {
                map.remove(*key);
            }
            map.values_mut().for_each(strip_added);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_added),
        _ => {}
    }
}

/// Today's golden lines: one per scenario and profile.
fn current_lines() -> Vec<String> {
    let mut lines = Vec::new();
    for (id, scenario) in scenarios() {
        let parsed: Scenario = serde_json::from_value(scenario)
            .unwrap_or_else(|e| panic!("{id}: the scenario does not read: {e}"));
        for browser in Browser::ALL {
            let mut line = serde_json::json!({ "id": id, "browser": browser.name() });
            match simulate(&parsed, browser) {
                Ok(verdict) => {
                    let mut verdict = serde_json::to_value(verdict).unwrap();
                    strip_added(&mut verdict);
                    line["verdict"] = verdict;
                }
                Err(e) => line["error"] = Value::String(e.to_string()),
            }
            lines.push(serde_json::to_string(&line).unwrap());
        }
    }
    lines
}

fn read_golden() -> Option<String> {
    let bytes = fs::read(golden_path()).ok()?;
    let mut text = String::new();
    flate2::read::GzDecoder::new(&bytes[..])
        .read_to_string(&mut text)
        .expect("the golden file is gzip-compressed UTF-8");
    Some(text)
}

/// The first place two JSON values differ, as a path.
fn first_difference(golden: &Value, now: &Value, path: &str) -> Option<String> {
    match (golden, now) {
        (Value::Object(g), Value::Object(n)) => {
            let keys: BTreeSet<&String> = g.keys().chain(n.keys()).collect();
            keys.into_iter().find_map(|k| {
                first_difference(
                    g.get(k).unwrap_or(&Value::Null),
                    n.get(k).unwrap_or(&Value::Null),
                    &format!("{path}.{k}"),
                )
            })
        }
        (Value::Array(g), Value::Array(n)) if g.len() == n.len() => g
            .iter()
            .zip(n)
            .enumerate()
            .find_map(|(i, (g, n))| first_difference(g, n, &format!("{path}[{i}]"))),
        _ if golden == now => None,
        _ => Some(format!("{path}: golden {golden} / now {now}")),
    }
}

#[test]
fn verdicts_equal_the_golden_file() {
    let now = current_lines();
    let bless = std::env::var_os("CORSIM_BLESS").is_some_and(|v| !v.is_empty());
    let golden = read_golden();
    if bless {
        let text = now.join("\n") + "\n";
        if golden.as_deref() != Some(text.as_str()) {
            fs::create_dir_all(golden_path().parent().unwrap()).unwrap();
            let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
            gz.write_all(text.as_bytes()).unwrap();
            fs::write(golden_path(), gz.finish().unwrap()).unwrap();
        }
        return;
    }
    let golden = golden.expect("tests/golden/verdicts.jsonl.gz is missing: bless it");
    let golden: Vec<&str> = golden.lines().collect();
    let mut problems = Vec::new();
    if golden.len() != now.len() {
        problems.push(format!(
            "{} golden lines, {} now: the corpus or the fixtures changed; re-bless",
            golden.len(),
            now.len()
        ));
    }
    for (g, n) in golden.iter().zip(&now) {
        if *g == n.as_str() {
            continue;
        }
        let g: Value = serde_json::from_str(g).unwrap();
        let n: Value = serde_json::from_str(n).unwrap();
        let at = format!("{} {}", g["id"].as_str().unwrap_or("?"), g["browser"]);
        problems.push(match first_difference(&g, &n, "") {
            Some(diff) => format!("{at}: {diff}"),
            None => format!("{at}: same JSON, different bytes (key order?)"),
        });
    }
    println!("golden: {} verdicts compared", now.len());
    assert!(
        problems.is_empty(),
        "{} verdicts differ from the golden file (first 20):\n{}",
        problems.len(),
        problems[..problems.len().min(20)].join("\n")
    );
}
