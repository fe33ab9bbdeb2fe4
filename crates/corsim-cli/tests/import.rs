//! `corsim import`: exact output, exit status and error messages, for
//! console text (a file and standard input), a HAR file and a `curl -v`
//! transcript recorded here (`tests/import/`).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("data")
}

fn corsim(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_corsim"))
        .args(args)
        .current_dir(data_dir())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let mut pipe = child.stdin.take().expect("piped stdin");
    if let Some(input) = stdin {
        pipe.write_all(input).expect("stdin accepts the input");
    }
    drop(pipe);
    child.wait_with_output().expect("the binary ends")
}

fn text(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).expect("UTF-8")
}

fn json_of(output: &Output) -> Value {
    assert_eq!(
        output.status.code(),
        Some(0),
        "stderr: {}",
        text(&output.stderr)
    );
    assert_eq!(text(&output.stderr), "");
    serde_json::from_slice(&output.stdout).expect("one JSON document")
}

/// Simulates `scenario` with `browser` through the CLI.
fn simulate(scenario: &Value, browser: &str) -> Value {
    let output = corsim(
        &["simulate", "-", "--browser", browser, "--format", "json"],
        Some(scenario.to_string().as_bytes()),
    );
    json_of(&output)
}

const CHROME_LINE: &str = "Access to fetch at 'https://api.example/users' from origin 'https://app.example' has been blocked by CORS policy: Request header field x-trace is not allowed by Access-Control-Allow-Headers in preflight response.";

/// The console message does not name the method; the network line under it
/// (`api.js:12  PUT https://api.example/users net::ERR_FAILED`) does.
#[test]
fn json_scenario_reproduces_the_console_line() {
    let scenario = json_of(&corsim(&["import", "import-chrome.txt"], None));
    assert_eq!(
        scenario["x-import"],
        serde_json::json!({
            "kind": "console",
            "browser": "chrome",
            "assumed": [
                "The message does not give the x-trace header's value: assumed \"1\".",
                "The message does not give the preflight's status: assumed 204.",
                "The messages do not say whether cookies were sent where nothing failed about credentials: assumed not (credentials \"same-origin\", XHR without withCredentials)."
            ]
        })
    );
    assert_eq!(scenario["page"], "https://app.example");
    assert_eq!(scenario["requests"][0]["method"], "PUT");
    assert_eq!(
        scenario["requests"][0]["headers"],
        serde_json::json!([["x-trace", "1"]])
    );
    assert_eq!(
        scenario["server"]["https://api.example/users"]["preflight"],
        serde_json::json!({"status": 204, "headers": [
            ["Access-Control-Allow-Origin", "https://app.example"],
            ["Access-Control-Allow-Methods", "PUT"]
        ]})
    );
    let verdict = simulate(&scenario, "chrome");
    assert_eq!(
        verdict["requests"][0]["console"],
        serde_json::json!([CHROME_LINE])
    );
    assert_eq!(
        verdict["requests"][0]["error"]["code"],
        "HeaderDisallowedByPreflightResponse"
    );
    assert_eq!(verdict["requests"][0]["error"]["parameter"], "x-trace");
}

#[test]
fn text_format_summarizes_then_prints_the_scenario() {
    let output = corsim(&["import", "import-chrome.txt", "--format", "text"], None);
    assert_eq!(output.status.code(), Some(0));
    let out = text(&output.stdout);
    let (summary, scenario) = out.split_once("Scenario:\n").expect("a scenario part");
    assert_eq!(
        summary,
        format!(
            "Imported: console (Chrome), 1 request\n\
             Page: https://app.example\n\
             Request 1: fetch PUT https://api.example/users\n  \
             console: {CHROME_LINE}\n\
             Assumed:\n  \
             - The message does not give the x-trace header's value: assumed \"1\".\n  \
             - The message does not give the preflight's status: assumed 204.\n  \
             - The messages do not say whether cookies were sent where nothing failed about credentials: assumed not (credentials \"same-origin\", XHR without withCredentials).\n"
        )
    );
    let scenario: Value = serde_json::from_str(scenario).expect("the scenario as JSON");
    assert_eq!(scenario["x-import"]["kind"], "console");
}

#[test]
fn standard_input_with_firefox_lines() {
    let pasted = "12:01:02.345 Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.example/data. (Reason: CORS header \u{2018}Access-Control-Allow-Origin\u{2019} missing). Status code: 503. [Learn More]\n\
                  Uncaught (in promise) TypeError: NetworkError when attempting to fetch resource.\n";
    let scenario = json_of(&corsim(&["import", "-"], Some(pasted.as_bytes())));
    assert_eq!(scenario["x-import"]["browser"], "firefox");
    assert_eq!(
        scenario["x-import"]["assumed"],
        serde_json::json!([
            "Firefox does not print the page's origin here: assumed https://app.example.",
            "Firefox does not say whether fetch() or XMLHttpRequest made the request: assumed fetch().",
            "The message does not name the method: assumed GET.",
            "The messages do not say whether cookies were sent where nothing failed about credentials: assumed not (credentials \"same-origin\", XHR without withCredentials)."
        ])
    );
    assert_eq!(
        scenario["server"]["https://api.example/data"]["actual"],
        serde_json::json!({"status": 503, "headers": []})
    );
    let verdict = simulate(&scenario, "firefox");
    assert_eq!(
        verdict["requests"][0]["console"],
        serde_json::json!(["Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.example/data. (Reason: CORS header \u{2018}Access-Control-Allow-Origin\u{2019} missing). Status code: 503."])
    );
    assert_eq!(
        verdict["requests"][0]["error"]["code"],
        "MissingAllowOriginHeader"
    );
}

#[test]
fn nothing_recognized_exits_2_with_a_message() {
    let output = corsim(
        &["import", "-"],
        Some(b"GET https://api.example/ net::ERR_FAILED\nhello\n"),
    );
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(text(&output.stdout), "");
    assert_eq!(
        text(&output.stderr),
        "error: <stdin>: nothing in the input is recognized: no line is a CORS message (expected a CORS console message from Chrome, Firefox or Safari, a HAR file, or a `curl -v` transcript)\n"
    );
    let output = corsim(&["import", "-"], Some(b"Access to fetch at 'x\x1b[2J"));
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        text(&output.stderr),
        "error: <stdin>: line 1, column 22: control or invisible character \\x1b in the input; paste the text as the browser or curl printed it\n"
    );
    let output = corsim(&["import", "no-such-file.txt"], None);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn a_har_recorded_in_firefox() {
    let scenario = json_of(&corsim(
        &[
            "import",
            "../../../../tests/import/har/firefox/missing-acao.har",
        ],
        None,
    ));
    assert_eq!(scenario["x-import"]["kind"], "har");
    assert_eq!(scenario["x-import"]["browser"], "firefox");
    assert_eq!(scenario["x-import"]["assumed"], serde_json::json!([]));
    let page = scenario["page"].as_str().unwrap();
    assert!(page.starts_with("https://app.example:"), "{page}");
    let url = scenario["requests"][0]["url"].as_str().unwrap();
    let verdict = simulate(&scenario, "firefox");
    assert_eq!(
        verdict["requests"][0]["console"],
        serde_json::json!([format!("Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at {url}. (Reason: CORS header \u{2018}Access-Control-Allow-Origin\u{2019} missing). Status code: 200.")])
    );
}

#[test]
fn a_curl_transcript() {
    let output = corsim(
        &[
            "import",
            "../../../../tests/import/curl/preflight-no-header-h2.txt",
            "--format",
            "text",
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let out = text(&output.stdout);
    assert!(out.starts_with("Imported: curl (no browser named), 1 request\nPage: https://app.example\nRequest 1: fetch PUT https://api.example:"), "{out}");
    let scenario = json_of(&corsim(
        &[
            "import",
            "../../../../tests/import/curl/preflight-no-header-h2.txt",
        ],
        None,
    ));
    let verdict = simulate(&scenario, "chrome");
    assert_eq!(
        verdict["requests"][0]["error"]["code"],
        "HeaderDisallowedByPreflightResponse"
    );
    assert_eq!(
        verdict["requests"][0]["preflights"][0]["headers"][2],
        serde_json::json!(["Access-Control-Request-Headers", "x-trace"])
    );
}
