//! Scenarios whose server is a policy (contract additions §4): the
//! middleware answers the preflight and adds its headers to the route's
//! answer, and the browsers decide on what it sent.

#![cfg(feature = "policy")]

use corsim::{simulate, Browser, Scenario};

/// A credentialed JSON PUT from `https://app.example` to an Express app
/// with `cors(options)` in front of a route answering 200 JSON.
fn put_to_express(options: &str) -> Scenario {
    Scenario::from_json(&format!(
        r#"{{"page": "https://app.example",
            "requests": [{{"url": "https://api.example/users", "method": "PUT",
                          "headers": [["Content-Type", "application/json"]],
                          "credentials": "include", "body": {{"kind": "string"}}}}],
            "server": {{"https://api.example/users": {{
                "policy": {{"framework": "express-cors", "options": {options}}},
                "actual": {{"status": 200, "headers": [["Content-Type", "application/json"]]}}}}}}}}"#
    ))
    .expect("a valid scenario")
}

fn pairs(list: &corsim::header::HeaderList) -> Vec<(String, String)> {
    list.iter()
        .map(|(n, v)| (n.to_owned(), String::from_utf8_lossy(v).into_owned()))
        .collect()
}

fn owned(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
        .collect()
}

#[test]
fn an_allow_list_with_credentials_lets_the_request_through() {
    let scenario = put_to_express(r#"{"origin": ["https://app.example"], "credentials": true}"#);
    for browser in Browser::ALL {
        let verdict = simulate(&scenario, browser).expect("valid");
        let request = &verdict.requests[0];
        assert!(request.is_ok(), "{browser}: {:?}", request.console);
        assert_eq!(request.preflights.len(), 1);
        assert_eq!(request.preflights[0].status, Some(204));
        assert_eq!(
            pairs(&request.preflights[0].response_headers),
            owned(&[
                ("X-Powered-By", "Express"),
                ("Access-Control-Allow-Origin", "https://app.example"),
                ("Vary", "Origin, Access-Control-Request-Headers"),
                ("Access-Control-Allow-Credentials", "true"),
                (
                    "Access-Control-Allow-Methods",
                    "GET,HEAD,PUT,PATCH,POST,DELETE"
                ),
                ("Access-Control-Allow-Headers", "content-type"),
                ("Content-Length", "0"),
            ])
        );
        assert_eq!(
            pairs(&request.hops[0].response_headers),
            owned(&[
                ("Access-Control-Allow-Origin", "https://app.example"),
                ("Vary", "Origin"),
                ("Access-Control-Allow-Credentials", "true"),
                ("Content-Type", "application/json"),
            ])
        );
    }
}

#[test]
fn the_default_origin_with_credentials_is_blocked_at_the_preflight() {
    // `cors({credentials: true})` sends `*` with credentials: no browser
    // accepts it for a credentialed request.
    let scenario = put_to_express(r#"{"credentials": true}"#);
    let verdict = simulate(&scenario, Browser::Chrome).expect("valid");
    let request = &verdict.requests[0];
    assert!(!request.is_ok());
    assert!(request.hops.is_empty(), "the PUT is never sent");
    assert_eq!(
        request.console,
        [
            "Access to fetch at 'https://api.example/users' from origin 'https://app.example' \
          has been blocked by CORS policy: Response to preflight request doesn't pass access \
          control check: The value of the 'Access-Control-Allow-Origin' header in the response \
          must not be the wildcard '*' when the request's credentials mode is 'include'."
        ]
    );
    for browser in Browser::ALL {
        let verdict = simulate(&scenario, browser).expect("valid");
        assert!(!verdict.requests[0].is_ok(), "{browser}");
    }
}

#[test]
fn a_literal_preflight_answer_comes_before_the_middleware() {
    // An auth layer in front answers OPTIONS with 401: the middleware never
    // sees the preflight.
    let scenario = Scenario::from_json(
        r#"{"page": "https://app.example",
            "requests": [{"url": "https://api.example/users", "method": "DELETE"}],
            "server": {"https://api.example/users": {
                "policy": {"framework": "express-cors"},
                "preflight": {"status": 401, "headers": [["WWW-Authenticate", "Bearer"]]}}}}"#,
    )
    .expect("valid");
    let verdict = simulate(&scenario, Browser::Chrome).expect("valid");
    let request = &verdict.requests[0];
    assert_eq!(request.preflights[0].status, Some(401));
    assert_eq!(
        request.console,
        [
            "Access to fetch at 'https://api.example/users' from origin 'https://app.example' \
          has been blocked by CORS policy: Response to preflight request doesn't pass access \
          control check: No 'Access-Control-Allow-Origin' header is present on the requested \
          resource."
        ]
    );
}

#[test]
fn a_policy_the_model_cannot_take_is_an_input_error_at_its_path() {
    let scenario = Scenario::from_json(
        r#"{"page": "https://app.example", "requests": [],
            "server": {"https://api.example/users": {
                "policy": {"framework": "express-cors", "version": "2.8.5"}}}}"#,
    )
    .expect("reads");
    let error = simulate(&scenario, Browser::Chrome).expect_err("invalid");
    assert_eq!(
        error.to_string(),
        "server[\"https://api.example/users\"].policy: express-cors 2.8.5 is not modelled \
         (corsim models 2.8.6)"
    );
    let error = Scenario::from_json(
        r#"{"page": "https://app.example", "requests": [],
            "server": {"https://api.example/users": {"policy": {"framework": "express"}}}}"#,
    )
    .expect_err("an unknown framework");
    assert!(
        error.to_string().contains("unknown variant `express`"),
        "{error}"
    );
}

/// "Allow all + credentials" in each library's own spelling: the audit
/// finds the reflection, and its fix, applied, leaves nothing exploitable
/// or broken for the page.
#[test]
fn every_library_reflection_is_found_and_its_fix_holds() {
    use corsim::origin::Origin;
    use corsim::policy::audit::{audit, Severity};
    use corsim::policy::{Framework, Policy};
    let reflecting = [
        (
            Framework::ExpressCors,
            r#"{"origin": true, "credentials": true}"#,
        ),
        (
            Framework::FastifyCors,
            r#"{"origin": true, "credentials": true, "methods": ["GET", "PUT"]}"#,
        ),
        (Framework::KoaCors, r#"{"credentials": true}"#),
        (Framework::FlaskCors, r#"{"supports_credentials": true}"#),
        (
            Framework::DjangoCorsHeaders,
            r#"{"CORS_ALLOW_ALL_ORIGINS": true, "CORS_ALLOW_CREDENTIALS": true}"#,
        ),
        (
            Framework::StarletteCors,
            r#"{"allow_origins": ["*"], "allow_credentials": true, "allow_methods": ["*"], "allow_headers": ["*"]}"#,
        ),
        (
            Framework::TowerHttpCors,
            r#"{"allow_origin": "mirror_request", "allow_credentials": true, "allow_methods": ["GET", "PUT"], "allow_headers": ["content-type"]}"#,
        ),
    ];
    let page = [Origin::parse("https://app.example").expect("origin")];
    for (framework, options) in reflecting {
        let policy: Policy = serde_json::from_str(&format!(
            r#"{{"framework": "{framework}", "options": {options}}}"#
        ))
        .expect("policy");
        let findings = audit(&policy, &page, "https://api.example/api").expect("compiles");
        let reflection = findings
            .iter()
            .find(|f| f.id == "reflects-any-origin-with-credentials")
            .unwrap_or_else(|| panic!("{framework}: {findings:#?}"));
        let fix = reflection.fix.as_ref().expect("a fix");
        let mut fixed = policy.clone();
        fixed.options.extend(fix.options.clone());
        let after = audit(&fixed, &page, "https://api.example/api").expect("the fix compiles");
        let bad: Vec<_> = after
            .iter()
            .filter(|f| matches!(f.severity, Severity::Exploitable | Severity::Broken))
            .map(|f| (f.id, f.summary.clone()))
            .collect();
        assert!(
            bad.is_empty(),
            "{framework} fixed with {:?}: {bad:#?}",
            fix.options
        );
    }
}
