//! Every modelled CORS library held to its recordings
//! (`tests/servers/fixtures/<framework>/*.json`, recorded from the real
//! library on its real framework by `tests/servers/record.py`).
//!
//! For each exchange the model is given the policy, the request and what
//! the app answered without the middleware, and must answer what the app
//! answered with it: the status, and every header in order, except those
//! the HTTP server adds whatever the app does (`Date`, `Connection`,
//! `Keep-Alive`, `Content-Length`, `Transfer-Encoding`, `Server`). Flask
//! and Starlette build `Allow` from a Python set, so its values are
//! compared as sets there. A fixture whose app refused to start must not
//! compile.
//!
//! Known differences are listed per library in
//! `tests/servers/deviations/<framework>.txt` (`config#request: reason`);
//! a listed exchange that matches fails (the list is stale), and at most
//! 1% of a library's exchanges may be listed.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use corsim::policy::{Framework, Model, Policy, ServerRequest};
use corsim::ResponseSpec;
use serde_json::Value;

const TRANSPORT: [&str; 6] = [
    "date",
    "connection",
    "keep-alive",
    "content-length",
    "transfer-encoding",
    "server",
];

/// The libraries whose framework lists `Allow` in a Python set's order
/// (fixed in the recordings by `PYTHONHASHSEED=0`, meaningless to a model):
/// their `Allow` values are compared as sets (`tests/servers/README.md`).
const ALLOW_AS_SET: [&str; 2] = ["flask-cors", "starlette-cors"];

fn servers() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/servers")
}

/// Status and the headers that count, one `Name: value` line each; with
/// `allow_as_set`, an `Allow` value's methods sorted.
fn observed(response: &ResponseSpec, allow_as_set: bool) -> Vec<String> {
    let mut lines = vec![format!("status {}", response.status)];
    lines.extend(
        response
            .headers
            .iter()
            .filter(|(n, _)| !TRANSPORT.contains(&n.to_ascii_lowercase().as_str()))
            .map(|(n, v)| {
                if allow_as_set && n.eq_ignore_ascii_case("allow") {
                    let mut methods: Vec<&str> = v.split(',').map(str::trim).collect();
                    methods.sort_unstable();
                    format!("{n}: {{{}}}", methods.join(", "))
                } else {
                    format!("{n}: {v}")
                }
            }),
    );
    lines
}

fn deviations(framework: Framework) -> BTreeMap<String, String> {
    let path = servers().join(format!("deviations/{framework}.txt"));
    let Ok(text) = fs::read_to_string(&path) else {
        return BTreeMap::new();
    };
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (key, reason) = l.split_once(": ").unwrap_or_else(|| {
                panic!("{}: `{l}` is not `config#request: reason`", path.display())
            });
            (key.to_owned(), reason.to_owned())
        })
        .collect()
}

/// Checks every fixture of `framework`; returns (exchanges, mismatches
/// not listed, listed but matching).
fn check(framework: Framework) -> (usize, Vec<String>, Vec<String>) {
    let dir = servers().join("fixtures").join(framework.name());
    let listed = deviations(framework);
    let allow_as_set = ALLOW_AS_SET.contains(&framework.name());
    let mut exchanges = 0;
    let mut wrong = Vec::new();
    let mut stale = Vec::new();
    let mut paths: Vec<_> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    for path in paths {
        let fixture: Value =
            serde_json::from_str(&fs::read_to_string(&path).expect("readable")).expect("JSON");
        let config = fixture["config"].as_str().expect("config");
        let policy: Policy =
            serde_json::from_value(fixture["policy"].clone()).expect("the fixture's policy reads");
        let model = Model::compile(&policy);
        if let Some(error) = fixture.get("startup_error") {
            exchanges += 1;
            let key = format!("{config}#startup");
            let ok = model.is_err();
            match (ok, listed.contains_key(&key)) {
                (true, true) => stale.push(key),
                (false, false) => wrong.push(format!(
                    "{key}: compiles, but the app refused to start: {error}"
                )),
                _ => {}
            }
            continue;
        }
        let model = match model {
            Ok(model) => model,
            Err(e) => {
                wrong.push(format!("{config}: does not compile: {e}"));
                continue;
            }
        };
        for exchange in fixture["exchanges"].as_array().expect("exchanges") {
            exchanges += 1;
            let id = exchange["id"].as_str().expect("id");
            let key = format!("{config}#{id}");
            let request: ServerRequest =
                serde_json::from_value(exchange["request"].clone()).expect("request");
            let app: ResponseSpec =
                serde_json::from_value(exchange["app_response"].clone()).expect("app_response");
            let expected: ResponseSpec =
                serde_json::from_value(exchange["response"].clone()).expect("response");
            let got = observed(&model.respond(&request, Some(&app)), allow_as_set);
            let want = observed(&expected, allow_as_set);
            match (got == want, listed.contains_key(&key)) {
                (true, true) => stale.push(key),
                (false, false) => wrong.push(format!(
                    "{key}\n      recorded: {want:?}\n      model:    {got:?}"
                )),
                _ => {}
            }
        }
    }
    (exchanges, wrong, stale)
}

#[test]
fn every_model_answers_as_its_library_did() {
    let mut failures = Vec::new();
    for framework in Framework::ALL {
        let (exchanges, wrong, stale) = check(framework);
        let listed = deviations(framework).len();
        eprintln!(
            "{framework}: {exchanges} exchanges, {} mismatched, {listed} listed as deviations",
            wrong.len()
        );
        assert!(exchanges > 0, "{framework}: no recordings");
        if listed * 100 > exchanges {
            failures.push(format!(
                "{framework}: {listed} deviations listed, over 1% of {exchanges}"
            ));
        }
        failures.extend(wrong.into_iter().map(|w| format!("{framework} {w}")));
        failures.extend(
            stale
                .into_iter()
                .map(|s| format!("{framework} {s}: listed as a deviation but matches (stale)")),
        );
    }
    assert!(failures.is_empty(), "\n  {}", failures.join("\n  "));
}
