//! End-to-end tests of the `corsim` binary: exact output, exit status and
//! error messages. Scenario files live in `tests/data/`.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("data")
}

/// The binary, run from `tests/data/` so that messages name short paths.
fn corsim(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_corsim"));
    command
        .args(args)
        .current_dir(data_dir())
        .env_remove("NO_COLOR");
    command
}

fn run(args: &[&str]) -> Output {
    corsim(args).output().expect("the binary runs")
}

fn run_with_stdin(args: &[&str], input: &[u8]) -> Output {
    let (output, written) = run_with_pipe(args, input);
    written.expect("stdin accepts the input");
    output
}

/// Runs the binary with `input` written to its standard input through a
/// pipe: its output, and how the writing ended (the binary may stop
/// reading).
fn run_with_pipe(args: &[&str], input: &[u8]) -> (Output, std::io::Result<()>) {
    let mut child = corsim(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let mut stdin = child.stdin.take().expect("piped stdin");
    let input = input.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let output = child.wait_with_output().expect("the binary ends");
    (output, writer.join().expect("the writer thread"))
}

fn stdout(output: &Output) -> &str {
    std::str::from_utf8(&output.stdout).expect("UTF-8 stdout")
}

fn stderr(output: &Output) -> &str {
    std::str::from_utf8(&output.stderr).expect("UTF-8 stderr")
}

/// Asserts a successful run and parses its stdout as one JSON document.
fn json_of(output: &Output) -> Value {
    assert_eq!(output.status.code(), Some(0), "stderr: {}", stderr(output));
    assert_eq!(stderr(output), "");
    serde_json::from_str(stdout(output)).expect("stdout is one JSON document")
}

/// Waits for `child` at most `limit`, killing it and failing if it hangs.
/// Its piped stdout and stderr are drained meanwhile, so a large output
/// cannot block it.
fn wait_at_most(mut child: Child, limit: Duration) -> Output {
    fn drain(pipe: Option<impl Read + Send + 'static>) -> std::thread::JoinHandle<Vec<u8>> {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                pipe.read_to_end(&mut bytes).expect("read the pipe");
            }
            bytes
        })
    }
    let stdout = drain(child.stdout.take());
    let stderr = drain(child.stderr.take());
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("try_wait") {
            break status;
        }
        if start.elapsed() > limit {
            child.kill().expect("kill");
            panic!("corsim did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output {
        status,
        stdout: stdout.join().expect("stdout reader"),
        stderr: stderr.join().expect("stderr reader"),
    }
}

const PUT_CONSOLE: &str = "Access to fetch at 'https://api.example/users' from origin \
    'https://app.example' has been blocked by CORS policy: Request header field x-trace is \
    not allowed by Access-Control-Allow-Headers in preflight response.";

#[test]
fn json_run_reports_the_preflight_exactly() {
    let output = run(&["simulate", "put-json.json", "--format", "json"]);
    assert!(
        stdout(&output).starts_with("{\n  \"browser\": \"chrome\",\n  \"requests\": [\n"),
        "2-space pretty JSON"
    );
    let verdict = json_of(&output);
    let request = &verdict["requests"][0];
    assert_eq!(request["outcome"], "error");
    assert_eq!(request["phase"], "fetch");
    assert_eq!(
        request["preflights"],
        json!([{
            "url": "https://api.example/users",
            "headers": [
                ["Origin", "https://app.example"],
                ["Access-Control-Request-Method", "PUT"],
                ["Access-Control-Request-Headers", "content-type,x-trace"]
            ],
            "cache": "miss",
            "status": 204,
            "response_headers": [
                ["Access-Control-Allow-Origin", "https://app.example"],
                ["Access-Control-Allow-Credentials", "true"],
                ["Access-Control-Allow-Methods", "PUT"],
                ["Access-Control-Allow-Headers", "Content-Type"]
            ],
            "http": "2",
            "address_space": "public"
        }])
    );
    assert_eq!(request["hops"], json!([]));
    assert_eq!(request["response"], Value::Null);
    assert_eq!(
        request["error"],
        json!({"code": "HeaderDisallowedByPreflightResponse", "parameter": "x-trace", "during": "preflight"})
    );
    assert_eq!(request["console"], json!([PUT_CONSOLE]));
}

/// Each hop records the status and the headers the server answered with,
/// as the browser received them (contract additions §3): a redirect and the
/// response it leads to, with whitespace around values trimmed.
#[test]
fn hops_record_what_the_server_answered() {
    let scenario = json!({
        "page": "https://app.example",
        "requests": [{"url": "https://api.example/old"}],
        "server": {
            "https://api.example/old": {"actual": {"status": 302, "headers": [
                ["Location", "/new"], ["Access-Control-Allow-Origin", "  *  "]]}},
            "https://api.example/new": {"actual": {"status": 200, "headers": [
                ["access-control-allow-origin", "*"], ["X-A", "1"], ["X-A", "2"]]}}
        }
    });
    let verdict = json_of(&run_with_stdin(
        &["simulate", "-"],
        scenario.to_string().as_bytes(),
    ));
    let hops = &verdict["requests"][0]["hops"];
    assert_eq!(hops[0]["status"], 302);
    assert_eq!(
        hops[0]["response_headers"],
        json!([["Location", "/new"], ["Access-Control-Allow-Origin", "*"]])
    );
    assert_eq!(hops[1]["status"], 200);
    assert_eq!(
        hops[1]["response_headers"],
        json!([
            ["access-control-allow-origin", "*"],
            ["X-A", "1"],
            ["X-A", "2"]
        ])
    );
}

/// The HTTP version of a server entry (contract additions §2): `"2"` on an
/// `http:` URL is an input error naming the field.
#[test]
fn http2_on_an_http_url_is_an_input_error() {
    let scenario = json!({
        "page": "http://app.example",
        "requests": [{"url": "http://api.example/x"}],
        "server": {"http://api.example/x": {"http": "2", "actual": {"status": 200}}}
    });
    let output = run_with_stdin(&["simulate", "-"], scenario.to_string().as_bytes());
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "error: <stdin>: server[\"http://api.example/x\"].http: \"2\" (HTTP/2) on an http: URL: \
         browsers speak HTTP/2 only over TLS, so use \"1.1\" or an https: URL\n"
    );
    assert_eq!(stdout(&output), "");
}

/// Whitespace around `Access-Control-Allow-Origin`: Safari (WebKit on
/// libsoup) strips it over HTTP/1.1 and compares the value as sent over
/// HTTP/2; each hop says the version it went over (recorded:
/// http-version_h1-acao-star-spaces, http-version_h2-acao-star-spaces).
#[test]
fn the_http_version_decides_whitespace_in_safari() {
    let run_over = |http: &str| {
        let scenario = json!({
            "page": "https://app.example",
            "requests": [{"url": "https://api.example/x"}],
            "server": {"https://api.example/x": {"http": http, "actual": {"status": 200,
                "headers": [["Access-Control-Allow-Origin", "  *  "]]}}}
        });
        json_of(&run_with_stdin(
            &["simulate", "-", "--browser", "safari"],
            scenario.to_string().as_bytes(),
        ))
    };
    let h1 = run_over("1.1");
    let request = &h1["requests"][0];
    assert_eq!(request["outcome"], "ok");
    assert_eq!(request["hops"][0]["http"], "1.1");
    assert_eq!(
        request["hops"][0]["response_headers"],
        json!([["Access-Control-Allow-Origin", "*"]])
    );
    let h2 = run_over("2");
    let request = &h2["requests"][0];
    assert_eq!(request["outcome"], "error");
    assert_eq!(request["hops"][0]["http"], "2");
    assert_eq!(
        request["console"],
        json!([
            "Origin https://app.example is not allowed by Access-Control-Allow-Origin. Status code: 200",
            "Fetch API cannot load https://api.example/x due to access control checks."
        ])
    );
    let step = request["trace"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["step"] == "http2-field-values")
        .expect("the trace explains the value");
    assert_eq!(
        step["anchor"],
        "https://www.rfc-editor.org/rfc/rfc9113#section-8.2.1"
    );
    assert_eq!(
        step["summary"],
        "Over HTTP/2 a header value arrives as sent, and this browser keeps the whitespace \
         around it and compares the value as sent: Access-Control-Allow-Origin: \"  *  \"."
    );
}

#[test]
fn json_is_the_default_when_stdout_is_not_a_terminal() {
    let explicit = run(&["simulate", "put-json.json", "--format", "json"]);
    let default = run(&["simulate", "put-json.json"]);
    assert_eq!(default.status.code(), Some(0));
    assert_eq!(stdout(&default), stdout(&explicit));
}

#[test]
fn browser_flag_selects_the_profile() {
    let verdict = json_of(&run(&[
        "simulate",
        "missing-acao.json",
        "--browser",
        "firefox",
    ]));
    assert_eq!(verdict["browser"], "firefox");
    assert_eq!(
        verdict["requests"][0]["console"],
        json!([
            "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at \
             https://api.example/data. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 200."
        ])
    );
    let spec = json_of(&run(&[
        "simulate",
        "missing-acao.json",
        "--browser",
        "spec",
    ]));
    assert_eq!(spec["requests"][0]["console"], json!([]));
    assert_eq!(
        spec["requests"][0]["error"]["code"],
        "MissingAllowOriginHeader"
    );
}

#[test]
fn browser_all_prints_an_array_of_four_verdicts() {
    let verdicts = json_of(&run(&["simulate", "missing-acao.json", "--browser", "all"]));
    let browsers: Vec<&str> = verdicts
        .as_array()
        .expect("an array")
        .iter()
        .map(|v| v["browser"].as_str().expect("a browser name"))
        .collect();
    assert_eq!(browsers, ["chrome", "firefox", "safari", "spec"]);
}

#[test]
fn text_output_explains_each_request() {
    for name in ["put-allowed", "missing-acao", "redirect-cached"] {
        let output = run(&["simulate", &format!("{name}.json"), "--format", "text"]);
        assert_eq!(output.status.code(), Some(0), "{name}: {}", stderr(&output));
        let text = stdout(&output);
        assert!(
            !text.contains('\x1b'),
            "no ANSI colour when stdout is not a terminal"
        );
        insta::assert_snapshot!(format!("text-{name}"), text);
    }
}

#[test]
fn text_output_for_every_browser() {
    let output = run(&[
        "simulate",
        "missing-acao.json",
        "--format",
        "text",
        "--browser",
        "all",
    ]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    let headings: Vec<&str> = text.lines().filter(|l| l.contains(": page ")).collect();
    assert_eq!(
        headings,
        [
            "chrome: page https://app.example",
            "firefox: page https://app.example",
            "safari: page https://app.example",
            "spec: page https://app.example"
        ]
    );
    assert_eq!(
        text.matches("  => error (fetch): MissingAllowOriginHeader during actual\n")
            .count(),
        4
    );
}

#[test]
fn stdin_reads_the_scenario() {
    let input = std::fs::read(data_dir().join("put-json.json")).expect("data file");
    let piped = run_with_stdin(&["simulate", "-", "--format", "json"], &input);
    let from_file = run(&["simulate", "put-json.json", "--format", "json"]);
    assert_eq!(json_of(&piped), json_of(&from_file));
    assert_eq!(stdout(&piped), stdout(&from_file));
}

#[test]
fn batch_prints_one_compact_verdict_per_line() {
    let output = run(&["simulate", "--batch", "batch.jsonl", "--browser", "firefox"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stderr(&output), "");
    let lines: Vec<&str> = stdout(&output).lines().collect();
    assert_eq!(lines.len(), 2, "blank lines are skipped");
    let first: Value = serde_json::from_str(lines[0]).expect("JSON");
    let second: Value = serde_json::from_str(lines[1]).expect("JSON");
    assert_eq!(first["browser"], "firefox");
    assert_eq!(
        first["requests"][0]["error"]["code"],
        "MissingAllowOriginHeader"
    );
    assert_eq!(
        second["requests"][0]["error"]["code"],
        "HeaderDisallowedByPreflightResponse"
    );
    assert_eq!(
        second["requests"][0]["preflights"][0]["headers"][2],
        json!(["Access-Control-Request-Headers", "content-type,x-trace"])
    );
}

#[test]
fn batch_from_stdin() {
    let input = std::fs::read(data_dir().join("batch.jsonl")).expect("data file");
    let piped = run_with_stdin(&["simulate", "--batch", "-"], &input);
    let from_file = run(&["simulate", "--batch", "batch.jsonl"]);
    assert_eq!(piped.status.code(), Some(0));
    assert_eq!(stdout(&piped), stdout(&from_file));
}

#[test]
fn batch_stops_at_an_invalid_line_and_names_it() {
    let output = run(&["simulate", "--batch", "batch-bad.jsonl"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "error: batch-bad.jsonl:3: line 1, column 96: unknown variant `navigate`, expected one of `cors`, `no-cors`, `same-origin`\n"
    );
    assert_eq!(
        stdout(&output).lines().count(),
        1,
        "the verdicts before the invalid line"
    );
}

/// Every invalid input exits 2 with `error: <file>: <where>: <what>` and
/// prints nothing on stdout.
#[test]
fn invalid_input_exits_2_with_the_problem_on_stderr() {
    let cases = [
        ("no-such-file.json", "error: no-such-file.json: No such file or directory (os error 2)"),
        ("bad-json.json", "error: bad-json.json: line 4, column 43: trailing comma"),
        (
            "bad-credentials.json",
            "error: bad-credentials.json: line 3, column 76: unknown variant `always`, expected one of `omit`, `same-origin`, `include`",
        ),
        (
            "bad-url.json",
            "error: bad-url.json: requests[0].url: `api.example/users` is not an absolute URL: relative URL without a base",
        ),
        (
            "bad-page.json",
            "error: bad-page.json: page: `app.example` is not a serialized origin: an origin is `scheme://host[:port]` or `null`",
        ),
        (
            "bad-header-name.json",
            "error: bad-header-name.json: server[\"https://api.example/users\"].actual.headers[0]: `X Bad` is not a valid header name (a token: no spaces, colons or quotes)",
        ),
        (
            "bad-header-value.json",
            "error: bad-header-value.json: server[\"https://api.example/users\"].actual.headers[0]: the value of `Access-Control-Allow-Origin` contains CR or LF, which would end the header line",
        ),
        (
            "missing-server.json",
            "error: missing-server.json: requests[0]: the browser sends a request to https://api.example/users, but the server map has no entry for that URL",
        ),
    ];
    for (file, message) in cases {
        for format in ["json", "text"] {
            let output = run(&["simulate", file, "--format", format]);
            assert_eq!(output.status.code(), Some(2), "{file}");
            assert_eq!(stderr(&output), format!("{message}\n"), "{file}");
            assert_eq!(stdout(&output), "", "{file}");
        }
    }
}

/// Every problem of a scenario at once, each with its path.
#[test]
fn every_problem_is_reported_at_once() {
    let scenario = json!({
        "page": "app.example",
        "requests": [
            {"url": "api.example/a"},
            {"url": "https://api.example/b", "at": 5},
            {"url": "https://api.example/c", "at": 1}
        ],
        "server": {
            "https://api.example/b": {"actual": {"status": 100, "headers": [["X Y", "1"]]}},
            "https://api.example:443/b": {"preflight": []}
        }
    });
    let output = run_with_stdin(&["simulate", "-"], scenario.to_string().as_bytes());
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "error: <stdin>: page: `app.example` is not a serialized origin: an origin is `scheme://host[:port]` or `null`\n\
         error: <stdin>: requests[0].url: `api.example/a` is not an absolute URL: relative URL without a base\n\
         error: <stdin>: requests[2].at: 1 is earlier than the previous request's 5: requests run in order\n\
         error: <stdin>: server[\"https://api.example/b\"].actual.status: status 100 is not a final HTTP status (200-999)\n\
         error: <stdin>: server[\"https://api.example/b\"].actual.headers[0]: `X Y` is not a valid header name (a token: no spaces, colons or quotes)\n\
         error: <stdin>: server[\"https://api.example:443/b\"]: a second entry for https://api.example/b\n\
         error: <stdin>: server[\"https://api.example:443/b\"].preflight: an empty list of responses\n"
    );
    assert_eq!(stdout(&output), "");

    // Two requests to URLs the server map lacks: both named.
    let scenario = json!({
        "page": "https://app.example",
        "requests": [{"url": "https://api.example/a"}, {"url": "https://api.example/b", "method": "PUT"}]
    });
    let output = run_with_stdin(&["simulate", "-"], scenario.to_string().as_bytes());
    assert_eq!(
        stderr(&output),
        "error: <stdin>: requests[0]: the browser sends a request to https://api.example/a, but the server map has no entry for that URL\n\
         error: <stdin>: requests[1]: the browser sends a preflight to https://api.example/b, but the server map has no entry for that URL\n"
    );
}

/// `x-` keys anywhere are a tool's own data: accepted and ignored. Any other
/// unknown key is an error naming where it is, and so is an array where
/// the scenario object belongs.
#[test]
fn extension_fields_are_ignored_and_typos_are_not() {
    let scenario = json!({
        "page": "https://app.example", "x-case": {"id": 1},
        "requests": [{"url": "https://api.example/a", "x-note": "first", "body": null}],
        "server": {"https://api.example/a": {"x-why": "fixture",
            "actual": {"status": 200, "x-seen": true, "headers": [["Access-Control-Allow-Origin", "*"]]}}}
    });
    let verdict = json_of(&run_with_stdin(
        &["simulate", "-"],
        scenario.to_string().as_bytes(),
    ));
    assert_eq!(verdict["requests"][0]["outcome"], "ok");

    let output = run_with_stdin(
        &["simulate", "-"],
        br#"{"page": "https://app.example", "requests": [{"url": "https://api.example/a", "metod": "PUT"}]}"#,
    );
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "error: <stdin>: line 1, column 85: unknown field `metod`, expected one of `api`, `url`, `method`, `headers`, `credentials`, `mode`, `redirect`, `body`, `upload_listener`, `at`, `target_address_space`\n"
    );
    let output = run_with_stdin(&["simulate", "-"], br#"["https://app.example", []]"#);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "error: <stdin>: line 1, column 1: invalid type: sequence, expected struct Scenario\n"
    );
}

/// Control characters, bidi overrides and line separators in the input are
/// shown escaped in the text output and in every error: they never reach
/// the terminal raw.
#[test]
fn input_never_reaches_the_terminal_raw() {
    let scenario = json!({
        "page": "https://app.example",
        // A request header is a ByteString (no U+202E there: that would
        // throw before anything is sent); the server's may be anything.
        "requests": [{"url": "https://api.example/a", "headers": [["X-Evil", "\u{1b}]0;pwned\u{7}"]]}],
        "server": {"https://api.example/a": {"preflight": {"status": 204, "headers": [
            ["Access-Control-Allow-Origin", "https://app.example\u{1b}[2J\u{202e}"]]}}}
    });
    let output = run_with_stdin(
        &["simulate", "-", "--format", "text"],
        scenario.to_string().as_bytes(),
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{202e}') && !text.contains('\u{7}'),
        "{text}"
    );
    assert!(text.contains("x-evil"), "{text}");
    assert!(text.contains("https://app.example\\x1b[2J"), "{text}");

    // A newline in a URL cannot forge a line of output, in stdout or stderr.
    let scenario = json!({
        "page": "https://app.example\nRequest 2: fetch GET https://ok.example => ok",
        "requests": [{"url": "https://api.example/a"}]
    });
    let output = run_with_stdin(
        &["simulate", "-", "--format", "text"],
        scenario.to_string().as_bytes(),
    );
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "error: <stdin>: page: `https://app.example\\nRequest 2: fetch GET https://ok.example => ok` is not a serialized origin: not a valid origin: invalid international domain name\n"
    );

    // An invisible character in an enum value is shown.
    let output = run_with_stdin(
        &["simulate", "-"],
        "{\"page\": \"https://app.example\", \"requests\": [{\"url\": \"https://a.example/\", \"mode\": \"cors\u{200b}\"}]}".as_bytes(),
    );
    assert_eq!(
        stderr(&output),
        "error: <stdin>: line 1, column 92: unknown variant `cors\\u{200b}`, expected one of `cors`, `no-cors`, `same-origin`\n"
    );
}

/// Firefox and WebKit preflight the hop after a redirect of a preflighted
/// request, a `GET` to the same origin too, and the trace says why;
/// Chromium sends it as it is (recorded: edge_redirect-fetch-put-string-303-same).
#[test]
fn a_redirect_of_a_preflighted_request_says_why_the_next_hop_is_preflighted() {
    let allow = json!({"status": 204, "headers": [
        ["Access-Control-Allow-Origin", "*"], ["Access-Control-Allow-Methods", "PUT, GET"]]});
    let scenario = json!({
        "page": "http://app.example",
        "requests": [{"url": "http://api.example/a", "method": "PUT", "body": {"kind": "string"}}],
        "server": {
            "http://api.example/a": {"preflight": allow, "actual": {"status": 303, "headers": [
                ["Access-Control-Allow-Origin", "*"], ["Location", "http://api.example/b"]]}},
            "http://api.example/b": {"preflight": allow, "actual": {"status": 200, "headers": [
                ["Access-Control-Allow-Origin", "*"]]}}
        }
    });
    for (browser, preflights, why) in [("firefox", 2, 1), ("safari", 2, 1), ("chrome", 1, 0)] {
        let output = run_with_stdin(
            &["simulate", "-", "--browser", browser],
            scenario.to_string().as_bytes(),
        );
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let verdict: Value = serde_json::from_str(stdout(&output)).expect("JSON");
        let request = &verdict["requests"][0];
        assert_eq!(request["outcome"], "ok", "{browser}");
        let methods: Vec<&Value> = request["preflights"]
            .as_array()
            .expect("preflights")
            .iter()
            .map(|p| &p["headers"][1][1])
            .collect();
        assert_eq!(
            methods,
            [&json!("PUT"), &json!("GET")][..preflights],
            "{browser}"
        );
        let flagged: Vec<&Value> = request["trace"]
            .as_array()
            .expect("trace")
            .iter()
            .filter(|t| t["step"] == "use-cors-preflight-flag")
            .collect();
        assert_eq!(flagged.len(), why, "{browser}");
        if why == 1 {
            assert_eq!(
                flagged[0]["summary"],
                "The request was preflighted, and this browser preflights every hop after its redirects: the use-CORS-preflight flag is set, so the next hop is preflighted even if its method and headers need none."
            );
            assert_eq!(flagged[0]["url"], "http://api.example/a");
        }
    }
}

/// `--no-trace` leaves the trace out and changes nothing else.
#[test]
fn no_trace_leaves_only_the_trace_out() {
    let mut with = json_of(&run(&["simulate", "put-json.json", "--browser", "all"]));
    let without = json_of(&run(&[
        "simulate",
        "put-json.json",
        "--browser",
        "all",
        "--no-trace",
    ]));
    for verdict in with.as_array_mut().expect("an array") {
        for request in verdict["requests"].as_array_mut().expect("requests") {
            assert!(!request["trace"].as_array().expect("a trace").is_empty());
            request["trace"] = json!([]);
        }
    }
    assert_eq!(with, without);
}

/// A scenario of many requests is written request by request; its verdict
/// is the same as when it is held whole.
#[test]
fn a_long_scenario_streams_the_same_verdict() {
    let request =
        json!({"url": "https://api.example/a", "method": "PUT", "credentials": "include"});
    let server = json!({"https://api.example/a": {
        "preflight": {"status": 204, "headers": [["Access-Control-Allow-Origin", "https://app.example"],
            ["Access-Control-Allow-Credentials", "true"], ["Access-Control-Allow-Methods", "PUT"]]},
        "actual": {"status": 200, "headers": [["Access-Control-Allow-Origin", "https://app.example"],
            ["Access-Control-Allow-Credentials", "true"]]}}});
    let scenario = |n: usize| json!({"page": "https://app.example", "requests": vec![request.clone(); n], "server": server});
    let short = json_of(&run_with_stdin(
        &["simulate", "-"],
        scenario(3).to_string().as_bytes(),
    ));
    let long = json_of(&run_with_stdin(
        &["simulate", "-"],
        scenario(500).to_string().as_bytes(),
    ));
    assert_eq!(long["requests"].as_array().expect("requests").len(), 500);
    assert_eq!(long["requests"][0], short["requests"][0]);
    assert_eq!(long["requests"][499], short["requests"][2]);
    let text = run_with_stdin(
        &["simulate", "-", "--format", "text"],
        scenario(500).to_string().as_bytes(),
    );
    assert_eq!(stdout(&text).matches("=> ok").count(), 500);

    // The missing entry of the last request is found before anything is written.
    let mut broken = scenario(500);
    broken["requests"][499]["url"] = json!("https://api.example/missing");
    let output = run_with_stdin(&["simulate", "-"], broken.to_string().as_bytes());
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stdout(&output), "");
    assert_eq!(
        stderr(&output),
        "error: <stdin>: requests[499]: the browser sends a preflight to https://api.example/missing, but the server map has no entry for that URL\n"
    );
}

/// A batch line or a scenario longer than a scenario may be is an input
/// error (exit 2), read no further than the limit.
#[test]
fn an_overlong_batch_line_is_an_input_error() {
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("overlong.jsonl");
    let mut line = vec![b' '; corsim::MAX_SCENARIO_BYTES + 10];
    line.push(b'\n');
    std::fs::write(&path, &line).expect("temp file");
    let output = run(&["simulate", "--batch", path.to_str().expect("UTF-8 path")]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        format!(
            "error: {}:1: a line of more than 67108864 bytes; corsim reads at most 67108864 bytes per scenario\n",
            path.display()
        )
    );
    let output = run(&["simulate", path.to_str().expect("UTF-8 path")]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        format!(
            "error: {}: more than 67108864 bytes; corsim reads at most 67108864 bytes per scenario\n",
            path.display()
        )
    );
    // The same bytes on standard input: redirected from the file (refused
    // unread, as the file is), and through a pipe (refused at the limit).
    let overlong = "error: <stdin>: more than 67108864 bytes; corsim reads at most 67108864 bytes per scenario\n";
    for command in ["simulate", "import"] {
        let file = std::fs::File::open(&path).expect("temp file");
        let output = corsim(&[command, "-"])
            .stdin(file)
            .output()
            .expect("the binary runs");
        assert_eq!(output.status.code(), Some(2));
        assert_eq!(stderr(&output), overlong);
        let (output, written) = run_with_pipe(&[command, "-"], &line);
        // The binary stops reading past the limit: the rest is refused.
        if let Err(e) = written {
            assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "{e}");
        }
        assert_eq!(output.status.code(), Some(2));
        assert_eq!(stderr(&output), overlong);
    }
    std::fs::remove_file(&path).expect("removed");
}

#[test]
fn invalid_stdin_is_named_stdin() {
    let output = run_with_stdin(&["simulate", "-"], b"{\n  \"page\": 1\n}\n");
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "error: <stdin>: line 2, column 11: invalid type: integer `1`, expected a string\n"
    );

    let output = run_with_stdin(&["simulate", "-"], b"\xff\xfe");
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).starts_with("error: <stdin>: not UTF-8 text: "),
        "{}",
        stderr(&output)
    );
}

#[test]
fn invalid_arguments_exit_2() {
    let output = run(&["simulate", "put-json.json", "--browser", "edge"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).starts_with(
            "error: invalid value 'edge' for '--browser <BROWSER>': expected one of chrome, firefox, safari, spec, all\n"
        ),
        "{}",
        stderr(&output)
    );
    assert_eq!(run(&["simulate"]).status.code(), Some(2));
    assert_eq!(
        run(&["simulate", "a.json", "--batch", "b.jsonl"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(run(&["schema", "policy"]).status.code(), Some(2));
}

/// A 1 MB header value, in the request and in the response, completes
/// quickly: the core is linear in the size of the input.
#[test]
fn a_one_megabyte_header_value_does_not_hang() {
    let big = "a".repeat(1 << 20);
    let scenario = json!({
        "page": "https://app.example",
        "requests": [{
            "url": "https://api.example/users", "method": "PUT",
            "headers": [["Content-Type", "application/json"], ["X-Big", big]]
        }],
        "server": {"https://api.example/users": {
            "preflight": {"status": 204, "headers": [
                ["Access-Control-Allow-Origin", "https://app.example"],
                ["Access-Control-Allow-Methods", "PUT"],
                ["Access-Control-Allow-Headers", format!("content-type, x-big, {big}")]]},
            "actual": {"status": 200, "headers": [
                ["Access-Control-Allow-Origin", "https://app.example"],
                ["X-Huge", big]]}
        }}
    });
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("one-megabyte-header.json");
    std::fs::write(&path, scenario.to_string()).expect("temp file");
    for format in ["json", "text"] {
        let child = corsim(&[
            "simulate",
            path.to_str().expect("UTF-8 path"),
            "--format",
            format,
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
        let output = wait_at_most(child, Duration::from_secs(20));
        assert!(
            matches!(output.status.code(), Some(0 | 2)),
            "{:?}: {}",
            output.status,
            stderr(&output)
        );
        assert!(!stderr(&output).contains("panicked"), "{}", stderr(&output));
        if format == "json" {
            let verdict: Value = serde_json::from_slice(&output.stdout).expect("JSON");
            assert_eq!(verdict["requests"][0]["outcome"], "ok");
        }
    }
}

/// Many distinct request header names: the most corsim accepts runs fast,
/// one more is a clear input error, never a hang.
#[test]
fn many_request_headers_do_not_hang() {
    for (count, code) in [(corsim::MAX_HEADERS, 0), (20_000, 2)] {
        let headers: Vec<Value> = (0..count)
            .map(|i| json!([format!("X-H{i}"), "v"]))
            .collect();
        let scenario = json!({
            "page": "https://app.example",
            "requests": [{"url": "https://api.example/users", "headers": headers}],
            "server": {"https://api.example/users": {}}
        });
        let path =
            Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("many-headers-{count}.json"));
        std::fs::write(&path, scenario.to_string()).expect("temp file");
        let child = corsim(&["simulate", path.to_str().expect("UTF-8 path")])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the binary runs");
        let output = wait_at_most(child, Duration::from_secs(20));
        assert_eq!(output.status.code(), Some(code), "{}", stderr(&output));
        if code == 2 {
            assert_eq!(
                stderr(&output),
                format!(
                    "error: {}: requests[0].headers: 20000 headers; corsim accepts at most 1000 per request\n",
                    path.display()
                )
            );
        }
    }
}

/// A reader that goes away (`corsim ... | head -1`) ends the program
/// quietly: exit 0, nothing on stderr, no panic.
#[test]
fn a_closed_pipe_ends_quietly() {
    let line = std::fs::read_to_string(data_dir().join("put-json.json"))
        .expect("data file")
        .replace('\n', " ");
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("broken-pipe.jsonl");
    std::fs::write(&path, format!("{line}\n").repeat(2000)).expect("temp file");
    for format in ["json", "text"] {
        let mut child = corsim(&[
            "simulate",
            "--batch",
            path.to_str().expect("UTF-8 path"),
            "--format",
            format,
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
        // Read a little, then hang up.
        let mut stdout = child.stdout.take().expect("piped stdout");
        let mut first = [0_u8; 16];
        stdout.read_exact(&mut first).expect("some output");
        drop(stdout);
        let output = wait_at_most(child, Duration::from_secs(60));
        assert_eq!(
            output.status.code(),
            Some(0),
            "{format}: {}",
            stderr(&output)
        );
        assert_eq!(stderr(&output), "", "{format}");
    }
}

/// The committed JSON Schemas are what the types generate.
#[test]
fn committed_schemas_are_up_to_date() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    for document in ["scenario", "verdict"] {
        let output = run(&["schema", document]);
        assert_eq!(output.status.code(), Some(0));
        let file = format!("schema/{document}.schema.json");
        let committed = std::fs::read_to_string(root.join(&file)).unwrap_or_default();
        assert!(
            committed == stdout(&output),
            "{file} is out of date with the Rust types; regenerate it with\n    \
             cargo run -p corsim-cli -- schema {document} > {file}"
        );
        let schema: Value = serde_json::from_str(&committed).expect("JSON");
        assert_eq!(
            schema["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
    }
}

/// Every `$ corsim …` command in the README runs, and where the README shows
/// its output, prints exactly that.
#[test]
fn readme_commands_print_what_the_readme_shows() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README.md");
    let mut checked = 0;
    for block in readme.split("```console\n").skip(1) {
        let block = block.split("```").next().expect("a closed block");
        let mut lines = block.lines();
        let command = lines.next().expect("a command line");
        let args: Vec<&str> = command
            .strip_prefix("$ corsim ")
            .expect("console blocks start with `$ corsim`")
            .split_whitespace()
            .collect();
        let expected: String = lines.flat_map(|l| [l, "\n"]).collect();
        let output = corsim(&args)
            .current_dir(&root)
            .output()
            .expect("the binary runs");
        assert_eq!(
            output.status.code(),
            Some(0),
            "{command}: {}",
            stderr(&output)
        );
        if !expected.is_empty() {
            assert_eq!(
                String::from_utf8_lossy(&output.stdout),
                expected,
                "{command}"
            );
        }
        checked += 1;
    }
    assert!(checked >= 2, "the README shows at least two commands");
}

#[test]
fn policy_respond_answers_a_preflight_as_express_cors_does() {
    let policy = r#"{"framework": "express-cors", "options": {"origin": ["https://app.example"], "credentials": true, "maxAge": 600}}"#;
    let output = run_with_stdin(
        &[
            "policy",
            "respond",
            "-",
            "--method",
            "OPTIONS",
            "--url",
            "https://api.example/users",
            "-H",
            "Origin: https://app.example",
            "-H",
            "Access-Control-Request-Method: PUT",
            "-H",
            "Access-Control-Request-Headers: content-type,x-trace",
        ],
        policy.as_bytes(),
    );
    assert_eq!(
        json_of(&output),
        json!({"status": 204, "headers": [
            ["X-Powered-By", "Express"],
            ["Access-Control-Allow-Origin", "https://app.example"],
            ["Vary", "Origin, Access-Control-Request-Headers"],
            ["Access-Control-Allow-Credentials", "true"],
            ["Access-Control-Allow-Methods", "GET,HEAD,PUT,PATCH,POST,DELETE"],
            ["Access-Control-Allow-Headers", "content-type,x-trace"],
            ["Access-Control-Max-Age", "600"],
            ["Content-Length", "0"]
        ]})
    );
}

#[test]
fn policy_respond_batch_answers_each_line_and_names_the_bad_ones() {
    let lines = [
        r#"{"policy": {"framework": "express-cors", "options": {"origin": "https://app.example"}}, "request": {"method": "GET", "url": "https://api.example/x", "headers": [["Origin", "https://evil.example"]]}, "app_response": {"status": 200, "headers": [["Content-Type", "text/plain"]]}}"#,
        r#"{"policy": {"framework": "express-cors", "version": "2.8.5"}, "request": {"method": "GET", "url": "https://api.example/x"}}"#,
        "",
        r#"{"policy": {"framework": "express-cors"}, "request": {"method": "GET", "url": "/relative"}}"#,
    ];
    let output = run_with_stdin(
        &["policy", "respond", "--batch", "-"],
        lines.join("\n").as_bytes(),
    );
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stdout(&output),
        concat!(
            r#"{"status":200,"headers":[["Access-Control-Allow-Origin","https://app.example"],["Vary","Origin"],["Content-Type","text/plain"]]}"#,
            "\n",
            r#"{"error":"express-cors 2.8.5 is not modelled (corsim models 2.8.6)"}"#,
            "\n",
            r#"{"error":"`/relative` is not an absolute URL: relative URL without a base"}"#,
            "\n"
        )
    );
    assert_eq!(
        stderr(&output),
        "error: <stdin>:2: express-cors 2.8.5 is not modelled (corsim models 2.8.6)\n\
         error: <stdin>:4: `/relative` is not an absolute URL: relative URL without a base\n"
    );
}

#[test]
fn policy_respond_refuses_a_header_without_a_colon() {
    let output = run_with_stdin(
        &[
            "policy",
            "respond",
            "-",
            "--url",
            "https://api.example/",
            "-H",
            "Origin",
        ],
        br#"{"framework": "express-cors"}"#,
    );
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stdout(&output), "");
    assert_eq!(
        stderr(&output),
        "error: -H: `Origin` is not `Name: value`\n"
    );
}

/// Runs `corsim policy audit` on `policy` (JSON, from stdin) with `args`.
fn audit(policy: &str, args: &[&str]) -> (Option<i32>, Value) {
    let mut all = vec!["policy", "audit", "-", "--format", "json"];
    all.extend_from_slice(args);
    let output = run_with_stdin(&all, policy.as_bytes());
    assert_eq!(stderr(&output), "");
    (
        output.status.code(),
        serde_json::from_str(stdout(&output)).expect("JSON"),
    )
}

fn ids(report: &Value) -> Vec<(&str, &str)> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["id"].as_str().expect("id"),
                f["severity"].as_str().expect("severity"),
            )
        })
        .collect()
}

#[test]
fn policy_audit_finds_reflection_with_credentials_null_and_a_typo() {
    let (code, report) = audit(
        r#"{"framework": "express-cors", "options": {"origin": true, "credentials": true, "credential": true}}"#,
        &["--page", "https://app.example"],
    );
    assert_eq!(code, Some(1));
    assert_eq!(
        ids(&report),
        [
            ("reflects-any-origin-with-credentials", "exploitable"),
            ("null-origin-trusted", "exploitable"),
            ("ignored-option", "warning"),
        ]
    );
    assert_eq!(
        report["findings"][0],
        json!({
            "id": "reflects-any-origin-with-credentials",
            "severity": "exploitable",
            "summary": "a page at https://evil.example can read the response to a GET with cookies (an origin the policy names nowhere: any site)",
            "evidence": {
                "request": {"method": "GET", "url": "https://api.example/api",
                            "headers": [["Origin", "https://evil.example"]]},
                "response": {"status": 200, "headers": [
                    ["Access-Control-Allow-Origin", "https://evil.example"],
                    ["Vary", "Origin"],
                    ["Access-Control-Allow-Credentials", "true"]]},
                "browsers": ["chrome", "firefox", "safari"]
            },
            "fix": {
                "options": {"origin": ["https://app.example"], "credentials": true},
                "explanation": "list the origins the API serves (https://app.example) instead: other origins then get no Access-Control-Allow-Origin"
            }
        })
    );
    assert_eq!(
        report["findings"][2]["fix"],
        json!({"options": {"credentials": true},
               "explanation": "rename `credential` to `credentials` (and remove `credential`)"})
    );
}

#[test]
fn policy_audit_finds_look_alikes_let_in_by_an_unanchored_regex() {
    let (code, report) = audit(
        r#"{"framework": "express-cors", "options": {"origin": {"regex": "https://app\\.example"}, "credentials": true}}"#,
        &["--page", "https://app.example"],
    );
    assert_eq!(code, Some(1));
    assert_eq!(
        ids(&report),
        [
            ("look-alike-origin-trusted", "exploitable"),
            ("other-port-trusted", "warning"),
        ]
    );
    assert_eq!(
        report["findings"][0]["evidence"]["request"]["headers"],
        json!([["Origin", "https://app.example.evil.example"]])
    );
    assert_eq!(
        report["findings"][1]["evidence"]["request"]["headers"],
        json!([["Origin", "https://app.example:8443"]])
    );
    // Anchored at the end only: a prefix gets in.
    let (code, report) = audit(
        r#"{"framework": "express-cors", "options": {"origin": {"regex": "app\\.example$"}, "credentials": true}}"#,
        &["--page", "https://app.example"],
    );
    assert_eq!(code, Some(1));
    assert_eq!(
        ids(&report),
        [
            ("look-alike-origin-trusted", "exploitable"),
            ("insecure-origin-trusted", "exploitable"),
        ]
    );
    assert_eq!(
        report["findings"][0]["evidence"]["request"]["headers"],
        json!([["Origin", "https://evilapp.example"]])
    );
}

#[test]
fn policy_audit_finds_broken_pages_and_passes_a_correct_allow_list() {
    let (code, report) = audit(
        r#"{"framework": "express-cors", "options": {"credentials": true}}"#,
        &["--page", "https://app.example"],
    );
    assert_eq!(code, Some(1));
    assert_eq!(
        ids(&report),
        [
            ("wildcard-with-credentials", "broken"),
            ("wildcard-with-credentials", "broken"),
        ]
    );
    // `origin: false` turns the middleware off: Express's own OPTIONS
    // answers the preflight.
    let (code, report) = audit(
        r#"{"framework": "express-cors", "options": {"origin": false}}"#,
        &["--page", "https://app.example"],
    );
    assert_eq!(code, Some(1));
    assert_eq!(
        ids(&report),
        [
            ("page-blocked", "broken"),
            ("preflight-not-handled", "broken")
        ]
    );
    assert_eq!(
        report["findings"][1]["evidence"]["response"],
        json!({"status": 200, "headers": [
            ["X-Powered-By", "Express"],
            ["Allow", "DELETE, GET, HEAD, POST, PUT"],
            ["Content-Type", "text/plain"],
            ["X-Content-Type-Options", "nosniff"]]})
    );
    let (code, report) = audit(
        r#"{"framework": "express-cors", "options": {"origin": ["https://app.example", "https://admin.example"], "credentials": true}}"#,
        &[],
    );
    assert_eq!(code, Some(0));
    assert_eq!(report, json!({"findings": []}));
}

#[test]
fn fix_adds_the_missing_allow_origin_and_verifies_it() {
    let output = run(&[
        "fix",
        "../../../../examples/missing-allow-origin.json",
        "--format",
        "json",
    ]);
    let report = json_of(&output);
    let fix = &report["fixes"][0];
    assert_eq!(fix["request"], 0);
    assert_eq!(
        fix["change"],
        json!({"url": "https://api.example/data",
               "actual": {"headers": [["Access-Control-Allow-Origin", "https://app.example"]]}})
    );
    assert_eq!(fix["still_blocked"], json!([]));
    assert_eq!(
        fix["scenario"]["server"]["https://api.example/data"]["actual"],
        json!({"status": 200, "headers": [
            ["Content-Type", "application/json"],
            ["Access-Control-Allow-Origin", "https://app.example"]]})
    );
    assert_eq!(
        fix["snippets"]["express"],
        "app.use((req, res, next) => {\n  res.set('Access-Control-Allow-Origin', 'https://app.example');\n  res.set('Vary', 'Origin');\n  next();\n});\n"
    );
    assert_eq!(
        fix["snippets"]["nginx"],
        "location / {\n    add_header Access-Control-Allow-Origin \"https://app.example\" always;\n    add_header Vary \"Origin\" always;\n    # proxy_pass ...;\n}\n"
    );
}

#[test]
fn fix_completes_a_preflight_header_by_header_without_wildcards() {
    // A credentialed JSON PUT whose preflight answer allows nothing yet.
    let scenario = r#"{"page": "https://app.example",
        "requests": [{"url": "https://api.example/u", "method": "PUT", "credentials": "include",
                      "headers": [["Content-Type", "application/json"], ["X-Trace", "1"]],
                      "body": {"kind": "string"}}],
        "server": {"https://api.example/u": {
            "preflight": {"status": 404, "headers": [["Access-Control-Allow-Origin", "*"]]},
            "actual": {"status": 200}}}}"#;
    let output = run_with_stdin(&["fix", "-", "--format", "json"], scenario.as_bytes());
    let report = json_of(&output);
    assert_eq!(
        report["fixes"][0]["change"],
        json!({"url": "https://api.example/u",
               "preflight": {"status": 204, "headers": [
                   ["Access-Control-Allow-Origin", "https://app.example"],
                   ["Access-Control-Allow-Credentials", "true"],
                   ["Access-Control-Allow-Methods", "PUT"],
                   ["Access-Control-Allow-Headers", "content-type, x-trace"]]},
               "actual": {"headers": [
                   ["Access-Control-Allow-Origin", "https://app.example"],
                   ["Access-Control-Allow-Credentials", "true"]]}})
    );
    assert_eq!(report["fixes"][0]["still_blocked"], json!([]));
}

#[test]
fn fix_says_when_no_server_change_helps() {
    let scenario = r#"{"page": "https://app.example",
        "requests": [{"url": "https://api.example/u", "method": "CONNECT"}],
        "server": {"https://api.example/u": {}}}"#;
    let output = run_with_stdin(
        &["fix", "-", "--format", "json", "--browser", "chrome"],
        scenario.as_bytes(),
    );
    let report = json_of(&output);
    assert_eq!(
        report["fixes"][0],
        json!({"request": 0, "change": null,
               "reason": "the script's own call throws (ForbiddenMethod) before anything is sent: no server change helps",
               "still_blocked": ["chrome"]})
    );
    let fine = run(&[
        "fix",
        "../../../../examples/json-put.json",
        "--format",
        "text",
        "--browser",
        "chrome",
    ]);
    assert_eq!(fine.status.code(), Some(0));
}

#[test]
fn fix_changes_a_policy_in_the_library_spelling() {
    let scenario = r#"{"page": "https://app.example",
        "requests": [{"url": "https://api.example/users", "method": "PUT", "credentials": "include",
                      "headers": [["Content-Type", "application/json"]], "body": {"kind": "string"}}],
        "server": {"https://api.example/users": {"policy": {"framework": "express-cors",
            "options": {"origin": ["https://admin.example"], "methods": "GET,POST", "allowedHeaders": ["x-trace"]}}}}}"#;
    let output = run_with_stdin(&["fix", "-", "--format", "json"], scenario.as_bytes());
    let report = json_of(&output);
    let fix = &report["fixes"][0];
    assert_eq!(
        fix["change"],
        json!({"url": "https://api.example/users", "options": {
            "allowedHeaders": ["x-trace", "content-type"],
            "credentials": true,
            "methods": ["GET", "POST", "PUT"],
            "origin": ["https://admin.example", "https://app.example"]}})
    );
    assert_eq!(fix["still_blocked"], json!([]));
    assert_eq!(
        fix["snippets"],
        json!({"express": "const cors = require('cors');\napp.use(cors({\n  allowedHeaders: [\"x-trace\", \"content-type\"],\n  credentials: true,\n  methods: [\"GET\", \"POST\", \"PUT\"],\n  origin: [\"https://admin.example\", \"https://app.example\"],\n}));\n"})
    );
}
