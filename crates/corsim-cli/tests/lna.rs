//! `corsim simulate` on Local Network Access scenarios (contract additions
//! §11): exact verdict fields, console lines, prompts and input errors. The
//! Chrome values are those recorded from Chromium 156
//! (`tests/browsers/fixtures/chromium/lna-*.json`).

use std::io::Write;
use std::process::{Command, Output, Stdio};

use serde_json::{json, Value};

fn simulate(args: &[&str], scenario: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_corsim"))
        .arg("simulate")
        .arg("-")
        .args(args)
        .env_remove("NO_COLOR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let mut stdin = child.stdin.take().expect("piped stdin");
    let input = scenario.as_bytes().to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let output = child.wait_with_output().expect("the binary ends");
    writer
        .join()
        .expect("writer")
        .expect("stdin takes the input");
    output
}

fn verdict(browser: &str, scenario: &Value) -> Value {
    let output = simulate(
        &["--browser", browser, "--format", "json"],
        &scenario.to_string(),
    );
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("JSON verdict")
}

fn stderr_of(scenario: &str) -> (Option<i32>, String) {
    let output = simulate(&["--format", "json"], scenario);
    (
        output.status.code(),
        String::from_utf8(output.stderr).expect("UTF-8"),
    )
}

/// A public page, a printer on the local network, one decision.
fn printer(decision: Option<&str>, requests: &Value) -> Value {
    let mut scenario = json!({
        "page": "https://app.example",
        "address_spaces": {"https://printer.example:8443": "local"},
        "requests": requests,
        "server": {
            "https://printer.example:8443/status": {"actual": {"status": 200, "headers": [["Access-Control-Allow-Origin", "*"]]}},
            "https://printer.example:8443/config": {
                "preflight": {"status": 204, "headers": [
                    ["Access-Control-Allow-Origin", "https://app.example"],
                    ["Access-Control-Allow-Methods", "PUT"],
                    ["Access-Control-Allow-Headers", "x-token"]]},
                "actual": {"status": 200, "headers": [["Access-Control-Allow-Origin", "https://app.example"]]}},
            "https://api.example/x": {"actual": {"status": 200, "headers": [["Access-Control-Allow-Origin", "*"]]}}
        }
    });
    if let Some(decision) = decision {
        scenario["permissions"] = json!({"https://app.example": {"local-network": decision}});
    }
    scenario
}

#[test]
fn a_denied_request_never_reaches_the_network_not_even_its_preflight() {
    let put = json!([{"url": "https://printer.example:8443/config", "method": "PUT", "headers": [["X-Token", "1"]]}]);
    let v = verdict("chrome", &printer(Some("denied"), &put));
    let r = &v["requests"][0];
    assert_eq!(r["outcome"], "error");
    assert_eq!(r["phase"], "fetch");
    assert_eq!(r["preflights"], json!([]));
    assert_eq!(r["hops"], json!([]));
    assert_eq!(
        r["error"],
        json!({"code": "LocalNetworkAccessPermissionDenied", "parameter": null, "during": "actual"})
    );
    assert_eq!(
        r["console"],
        json!(["Access to fetch at 'https://printer.example:8443/config' from origin 'https://app.example' has been blocked by CORS policy: Permission was denied for this request to access the `local` address space."])
    );
    let step = r["trace"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["step"] == "local-network-access")
        .expect("a local-network-access step");
    assert_eq!(
        step["anchor"],
        "https://wicg.github.io/local-network-access/#local-network-access-check"
    );
    assert_eq!(step["result"], "fail");
    assert_eq!(
        step["values"],
        json!([
            ["page address space", "public"],
            ["server address space", "local"]
        ])
    );
}

#[test]
fn a_granted_request_is_a_cors_request_with_address_spaces_on_every_exchange() {
    let put = json!([{"url": "https://printer.example:8443/config", "method": "PUT", "headers": [["X-Token", "1"]]}]);
    let v = verdict("chrome", &printer(Some("granted"), &put));
    let r = &v["requests"][0];
    assert_eq!(r["outcome"], "ok");
    // No Access-Control-Request-Private-Network: recorded lna-preflight-granted.
    assert_eq!(
        r["preflights"][0]["headers"],
        json!([
            ["Origin", "https://app.example"],
            ["Access-Control-Request-Method", "PUT"],
            ["Access-Control-Request-Headers", "x-token"]
        ])
    );
    assert_eq!(r["preflights"][0]["address_space"], "local");
    assert_eq!(r["hops"][0]["address_space"], "local");
    assert_eq!(r["console"], json!([]));
}

#[test]
fn an_unanswered_prompt_leaves_the_request_pending_and_later_requests_run() {
    let requests =
        json!([{"url": "https://printer.example:8443/status"}, {"url": "https://api.example/x"}]);
    let v = verdict("chrome", &printer(None, &requests));
    let pending = &v["requests"][0];
    assert_eq!(pending["outcome"], "pending");
    assert_eq!(pending["phase"], "permission");
    assert_eq!(
        pending["prompt"],
        json!({"permission": "local-network", "text": "app.example wants to\nAccess other devices on your local network"})
    );
    assert_eq!(pending["hops"], json!([]));
    assert_eq!(pending["response"], Value::Null);
    assert_eq!(pending["error"], Value::Null);
    assert_eq!(pending["console"], json!([]));
    // Firefox 153 also asks (recorded: lna-public-to-local-prompt), in its own words.
    let firefox = verdict("firefox", &printer(None, &requests));
    assert_eq!(
        firefox["requests"][0]["prompt"],
        json!({"permission": "local-network", "text": "app.example wants to access apps and services on devices connected to your local network."})
    );
    let later = &v["requests"][1];
    assert_eq!(later["outcome"], "ok");
    assert_eq!(later["hops"][0]["address_space"], "public");
    assert!(later.get("prompt").is_none());

    let granted = simulate(
        &["--browser", "chrome", "--format", "text"],
        &printer(Some("granted"), &requests).to_string(),
    );
    let granted = String::from_utf8(granted.stdout).unwrap();
    assert!(
        granted.contains("    GET https://printer.example:8443/status  (local address space)\n"),
        "{granted}"
    );
    assert!(
        granted.contains("    GET https://api.example/x\n"),
        "{granted}"
    );

    let text = simulate(
        &["--browser", "chrome", "--format", "text"],
        &printer(None, &requests).to_string(),
    );
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.contains("  => pending (permission): local-network prompt: app.example wants to / Access other devices on your local network\n"),
        "{text}"
    );
}

#[test]
fn each_profile_gates_as_recorded_or_specified() {
    // Loopback from a local page: Chromium 156 lets it through
    // (lna-local-page-to-loopback); the specification asks.
    let scenario = json!({
        "page": "https://intranet.example",
        "address_spaces": {"intranet.example": "local"},
        "requests": [{"url": "http://localhost:8080/api"}],
        "server": {"http://localhost:8080/api": {"actual": {"status": 200, "headers": [["Access-Control-Allow-Origin", "*"]]}}}
    });
    assert_eq!(verdict("chrome", &scenario)["requests"][0]["outcome"], "ok");
    let spec = verdict("spec", &scenario);
    assert_eq!(spec["requests"][0]["outcome"], "pending");
    assert_eq!(
        spec["requests"][0]["prompt"]["text"],
        "intranet.example wants to\nAccess other apps and services on this device"
    );
    // WebKit does not gate.
    let safari = verdict("safari", &scenario);
    assert_eq!(safari["requests"][0]["outcome"], "ok");
    assert_eq!(
        safari["requests"][0]["hops"][0]["address_space"],
        "loopback"
    );
}

#[test]
fn insecure_pages_and_wrong_target_address_spaces_fail_with_chromiums_lines() {
    let insecure = json!({
        "page": "http://app.example",
        "permissions": {"http://app.example": {"local-network": "granted"}},
        "requests": [{"url": "http://192.168.1.20/status"}],
        "server": {"http://192.168.1.20/status": {"actual": {"status": 200}}}
    });
    let r = &verdict("chrome", &insecure)["requests"][0];
    assert_eq!(r["error"]["code"], "InsecureLocalNetwork");
    assert_eq!(
        r["console"],
        json!(["Access to fetch at 'http://192.168.1.20/status' from origin 'http://app.example' has been blocked by CORS policy: The request client is not a secure context and the resource is in more-private address space `local`."])
    );
    let mismatch = printer(
        Some("granted"),
        &json!([{"url": "https://printer.example:8443/status", "target_address_space": "loopback"}]),
    );
    let r = &verdict("chrome", &mismatch)["requests"][0];
    assert_eq!(r["error"]["code"], "InvalidLocalNetworkAccess");
    assert_eq!(
        r["console"],
        json!(["Access to fetch at 'https://printer.example:8443/status' from origin 'https://app.example' has been blocked by CORS policy: Request had a target IP address space of `loopback` yet the resource is in address space `local`."])
    );
}

#[test]
fn invalid_local_network_fields_are_named() {
    let (code, err) = stderr_of(
        r#"{"page": "https://app.example", "address_spaces": {"http://printer.lan": "privat"}, "requests": []}"#,
    );
    assert_eq!(code, Some(2));
    assert_eq!(
        err,
        "error: <stdin>: line 1, column 81: address_spaces[\"http://printer.lan\"]: unknown variant `privat`, expected one of `public`, `local`, `loopback`\n"
    );
    let (code, err) = stderr_of(
        r#"{"page": "https://app.example", "address_spaces": {"printer lan": "local"}, "permissions": {"nope": {}}, "frame": {"top": "null"}, "requests": []}"#,
    );
    assert_eq!(code, Some(2));
    assert_eq!(
        err,
        "error: <stdin>: address_spaces[\"printer lan\"]: `printer lan` is not an origin (`https://printer.lan:8443`), a host (`printer.lan`) or an IP (`192.168.1.2`, `[fe80::1]`)\n\
         error: <stdin>: permissions[\"nope\"]: `nope` is not a serialized origin: an origin is `scheme://host[:port]` or `null`\n\
         error: <stdin>: frame.top: an opaque origin (`null`) has no permissions or frames of its own: name a tuple origin\n"
    );
    let (code, err) = stderr_of(
        r#"{"page": "https://app.example", "requests": [{"url": "https://a.example", "target_address_space": "lan"}]}"#,
    );
    assert_eq!(code, Some(2));
    assert_eq!(
        err,
        "error: <stdin>: line 1, column 103: requests[0].target_address_space: unknown variant `lan`, expected one of `public`, `local`, `loopback`\n"
    );
}

#[test]
fn an_https_page_reaching_an_http_device_is_mixed_content_unless_target_address_space_says_local() {
    let scenario = |target: Option<&str>| {
        let mut request = json!({"url": "http://192.168.1.20/status"});
        if let Some(target) = target {
            request["target_address_space"] = json!(target);
        }
        json!({
            "page": "https://app.example",
            "permissions": {"https://app.example": {"local-network": "granted"}},
            "requests": [request],
            "server": {"http://192.168.1.20/status": {"actual": {"status": 200, "headers": [["Access-Control-Allow-Origin", "*"]]}}}
        })
    };
    let blocked = &verdict("chrome", &scenario(None))["requests"][0];
    assert_eq!(blocked["error"]["code"], "MixedContent");
    assert_eq!(blocked["hops"], json!([]));
    assert_eq!(
        blocked["console"],
        json!(["Mixed Content: The page at 'https://app.example/' was loaded over HTTPS, but requested an insecure resource 'http://192.168.1.20/status'. This request has been blocked; the content must be served over HTTPS."])
    );
    let allowed = &verdict("chrome", &scenario(Some("local")))["requests"][0];
    assert_eq!(allowed["outcome"], "ok");
    assert_eq!(allowed["hops"][0]["address_space"], "local");
    assert_eq!(
        allowed["console"],
        json!(["Mixed Content: The page at 'https://app.example/' was loaded over HTTPS, but requested an insecure resource 'http://192.168.1.20/status'. This content should also be served over HTTPS."])
    );
    let firefox = &verdict("firefox", &scenario(Some("local")))["requests"][0];
    assert_eq!(
        firefox["console"],
        json!(["Blocked loading mixed active content \u{201c}http://192.168.1.20/status\u{201d}"])
    );
}
